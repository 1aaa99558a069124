/* Evaluation rounds (see rounds.h): each step loads the round, changes its JSON, writes it and
 * its audit record in one transaction. */
#include "core/rounds.h"

#include "core/unitpolicy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/accounts.h"
#include "core/calendar.h"
#include "core/duties.h"
#include "core/evaluation.h"
#include "core/evidence.h"
#include "core/unitpolicy.h"
#include "util/clock.h"

#define ROUND_DOC_MAX ((size_t)64 << 20) /* bytes of one round's JSON */

struct loaded {
	struct round_row row;
	json_t *doc;
	char org[201], state[16];
	struct zerr *e;
	const struct evaluation_def *ev; /* the round's indicators, when apply was given the policies */
};

static int load_cb(void *ctx, const struct round_row *r)
{
	struct loaded *l = ctx;
	json_error_t jerr;
	l->row = *r;
	snprintf(l->org, sizeof l->org, "%s", r->org);
	snprintf(l->state, sizeof l->state, "%s", r->state);
	l->row.org = l->org;
	l->row.state = l->state;
	l->row.doc = l->row.updated_at = NULL;
	json_decref(l->doc);
	if (!(l->doc = json_loads(r->doc, 0, &jerr)))
		return zerr_set(l->e, ZE_IO, "evaluation round %lld is damaged: %s", (long long)r->id, jerr.text);
	return 0;
}

static int load(struct store *s, int64_t id, const char *org, int year, struct loaded *l, struct zerr *e)
{
	memset(l, 0, sizeof *l);
	l->e = e;
	int rc = store_round_each(s, id ? NULL : org, id ? 0 : year, id, load_cb, l, e);
	if (!rc && !l->doc)
		rc = id ? zerr_set(e, ZE_NOTFOUND, "no evaluation round %lld", (long long)id)
			: zerr_set(e, ZE_NOTFOUND, "unit '%s' has no evaluation round for %d", org, year);
	return rc;
}

static void now_text(char buf[32])
{
	time_t t = clock_now();
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int save(struct store *s, struct loaded *l, const char *state, struct zerr *e)
{
	char at[32];
	now_text(at);
	snprintf(l->state, sizeof l->state, "%s", state);
	json_object_set_new(l->doc, "state", json_string(state));
	json_object_set_new(l->doc, "updated_at", json_string(at));
	char *text = json_dumps(l->doc, JSON_COMPACT);
	if (!text)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	int rc = strlen(text) > ROUND_DOC_MAX ? zerr_set(e, ZE_LIMIT, "the round is larger than 64 MiB") : 0;
	l->row.state = l->state;
	l->row.doc = text;
	l->row.updated_at = at;
	if (!rc)
		rc = store_round_put(s, &l->row, e);
	l->row.doc = l->row.updated_at = NULL;
	free(text);
	return rc;
}

static void history(struct loaded *l, const struct change *c, const char *what)
{
	char at[32];
	json_t *h = json_object_get(l->doc, "history");
	now_text(at);
	json_array_append_new(h, json_pack("{s:s, s:s, s:s}", "at", at, "by", c->actor ? c->actor : "", "action", what));
}

static const struct evaluation_def *round_def(const struct policy_set *ps, json_t *doc, struct zerr *e);

/* One step: state must be one of `from`; with ps, the round's indicators must be in its policy
 * (l->ev); step changes l->doc; the round is saved in state `to` with its audit record. */
typedef int (*step_fn)(void *ctx, struct loaded *l, struct zerr *e);

static int apply(struct store *s, struct change *c, int64_t id, const char *action, const char *const *from,
		 const char *to, const struct policy_set *ps, step_fn step, void *ctx, json_t *detail, struct zerr *e)
{
	struct loaded l = {0};
	char object[256];
	snprintf(object, sizeof object, "evaluation/%lld", (long long)id);
	c->action = action;
	c->object = object;
	int rc = store_begin(s, e);
	if (!rc && !(rc = load(s, id, NULL, 0, &l, e))) {
		snprintf(object, sizeof object, "%s/%d/v%d", l.org, l.row.year, l.row.version);
		bool ok = false;
		for (int i = 0; from[i]; i++)
			ok = ok || !strcmp(from[i], l.state);
		if (!ok)
			rc = zerr_set(e, ZE_CONFLICT, "evaluation round %s is %s: %s is not possible now", object, l.state,
				      action);
		else if (c->unit && strcmp(c->unit, l.org))
			rc = zerr_set(e, ZE_DENIED, "evaluation round %lld is not of unit %s", (long long)id, c->unit);
	}
	if (!rc && ps && !(l.ev = round_def(ps, l.doc, e)))
		rc = e->code;
	if (!rc && !(rc = step(ctx, &l, e))) {
		char state[sizeof l.state];
		snprintf(state, sizeof state, "%s", to ? to : l.state); /* NULL: the state stays */
		history(&l, c, action);
		rc = save(s, &l, state, e);
	}
	rc = change_finish(s, c, rc, json_incref(detail), e);
	json_decref(l.doc);
	return rc;
}

/* The policy a round was scored under: the unit's own version it names ("policy_version"), or
 * the shipped profile "policy" (rounds opened before versions were recorded name only that). ps
 * must hold the units' versions (with_versions). */
static const struct policy *round_policy(const struct policy_set *ps, json_t *doc)
{
	json_t *result = json_object_get(doc, "result");
	const char *pid = json_string_value(json_object_get(result, "policy"));
	const char *org = json_string_value(json_object_get(doc, "org"));
	json_int_t version = json_integer_value(json_object_get(result, "policy_version"));
	if (version > 0)
		return org ? policies_unit_version(ps, org, version) : NULL;
	return pid ? policies_get(ps, pid) : NULL;
}

/* ps with every unit's approved versions added (*own, the caller frees it); a failure is
 * recorded as c's refusal. */
static int with_versions(struct store *s, const struct policy_set *ps, struct change *c, struct policy_set **own,
			 struct zerr *e)
{
	int rc = unit_policies_load(s, ps, NULL, own, e);
	if (rc)
		change_refused(s, c, e);
	return rc;
}

static const struct evaluation_def *round_def(const struct policy_set *ps, json_t *doc, struct zerr *e)
{
	const char *pid = json_string_value(json_object_get(json_object_get(doc, "result"), "policy"));
	const struct policy *p = round_policy(ps, doc);
	if (!p || !p->evaluation) {
		zerr_set(e, ZE_INVALID, "the round's policy '%s' has no evaluation indicators now", pid ? pid : "?");
		return NULL;
	}
	return p->evaluation;
}

/* --- open --- */

struct versions {
	int max;
	bool published, unfinished;
};

static int versions_cb(void *ctx, const struct round_row *r)
{
	struct versions *v = ctx;
	if (r->version > v->max)
		v->max = r->version;
	if (!strcmp(r->state, "published"))
		v->published = true;
	else
		v->unfinished = true;
	return 0;
}

static int score_now(struct store *s, const struct policy_set *ps, const char *org, int year, zdate as_of,
		     json_t **result, struct zerr *e)
{
	struct facts f;
	struct cal *cal = NULL;
	struct engine *en = NULL;
	facts_init(&f);
	int rc = store_load(s, &f, org, e);
	zidx u = rc ? ZIDX_NONE : hmap_get(&f.org_ids, org);
	/* the units it supervises are scored on their own records: load them all */
	for (size_t i = 0; !rc && i < f.orgs.n; i++)
		if (f.orgs.v[i].parent == u) {
			facts_release(&f);
			facts_init(&f);
			rc = store_load(s, &f, NULL, e);
			u = rc ? ZIDX_NONE : hmap_get(&f.org_ids, org);
			break;
		}
	/* Each unit is scored under the policy it follows on the day of the record: its own approved
	 * version then, else its shipped profile. */
	struct policy_set *own = NULL;
	if (!rc && !(rc = unit_policies_load(s, ps, NULL, &own, e)) && !(rc = calendar_open(s, &cal, e)) &&
	    !(rc = facts_index(&f) ? zerr_set(e, ZE_NOMEM, "out of memory") : 0)) {
		const char *pid = f.orgs.v[u].policy ? f.orgs.v[u].policy : "default";
		int64_t version = 0;
		const struct policy *p = policies_for_unit(own, org, pid, as_of, &version);
		if (!p)
			rc = zerr_set(e, ZE_INVALID, "unit '%s' follows policy '%s', which does not exist", org, pid);
		else if (!(en = engine_new()))
			rc = zerr_set(e, ZE_NOMEM, "out of memory");
		else
			rc = eval_score(en, NULL, &f, p, own, cal, u, year, as_of, result, e);
		if (!rc && version > 0)
			json_object_set_new(*result, "policy_version", json_integer(version));
	}
	policies_free(own);
	engine_free(en);
	cal_free(cal);
	facts_release(&f);
	return rc;
}

int round_open(struct store *s, const struct policy_set *ps, struct change *c, const char *org, int year,
	       zdate as_of, const char *reason, int64_t *id, struct zerr *e)
{
	char object[256], d[ZDATE_BUFSZ], at[32];
	json_t *result = NULL, *doc = NULL, *detail = NULL;
	struct versions v = {0};
	snprintf(object, sizeof object, "%s/%d", org, year);
	c->action = "evaluation.open";
	c->object = object;
	if (as_of == ZDATE_NONE)
		as_of = date_from_ymd(year, 12, 31);
	int rc = 0;
	if (year < 2000 || year > 2400)
		rc = zerr_set(e, ZE_INVALID, "year %d is outside 2000..2400", year);
	else if (reason && strlen(reason) > ROUND_TEXT_MAX)
		rc = zerr_set(e, ZE_LIMIT, "the reason is longer than %d bytes", ROUND_TEXT_MAX);
	if (!rc)
		rc = score_now(s, ps, org, year, as_of, &result, e);
	if (!rc)
		rc = store_begin(s, e);
	if (!rc && !(rc = store_round_each(s, org, year, 0, versions_cb, &v, e))) {
		if (v.unfinished)
			rc = zerr_set(e, ZE_CONFLICT, "the %d evaluation of %s is open already: continue it", year, org);
		else if (v.published && (!reason || !*reason))
			rc = zerr_set(e, ZE_INVALID, "%d of %s is published: a re-evaluation needs a reason", year, org);
	}
	if (!rc) {
		now_text(at);
		snprintf(object, sizeof object, "%s/%d/v%d", org, year, v.max + 1);
		doc = json_pack("{s:s, s:i, s:i, s:s, s:s, s:o, s:s, s:s, s:o, s:[], s:o, s:[{s:s, s:s, s:s}], s:O}", "org",
				org, "year", year, "version", v.max + 1, "state", "scoring", "as_of",
				date_format(as_of, d), "reason", reason && *reason ? json_string(reason) : json_null(),
				"opened_by", c->actor ? c->actor : "", "opened_at", at, "objection_deadline",
				json_null(), "objections", "published", json_null(), "history", "at", at, "by",
				c->actor ? c->actor : "", "action", "evaluation.open", "result", result);
		char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
		struct round_row row = {0, org, year, v.max + 1, "scoring", text, at};
		rc = text ? store_round_put(s, &row, e) : zerr_set(e, ZE_NOMEM, "out of memory");
		free(text);
		*id = row.id;
		detail = json_pack("{s:i, s:i, s:s, s:o, s:o}", "year", year, "version", v.max + 1, "as_of", d, "reason",
				   reason && *reason ? json_string(reason) : json_null(), "sheets",
				   json_pack("{s:I}", "count", (json_int_t)json_array_size(json_object_get(result, "sheets"))));
	}
	rc = change_finish(s, c, rc, detail, e);
	json_decref(result);
	json_decref(doc);
	return rc;
}

/* --- reading --- */

int round_get(struct store *s, int64_t id, const char *org, int year, json_t **out, struct zerr *e)
{
	struct loaded l;
	*out = NULL;
	int rc = load(s, id, org, year, &l, e);
	if (rc) {
		json_decref(l.doc);
		return rc;
	}
	json_object_set_new(l.doc, "id", json_integer(l.row.id));
	json_object_set_new(l.doc, "state", json_string(l.state));
	*out = l.doc;
	return 0;
}

struct lister {
	json_t *a;
	struct zerr *e;
};

static int list_cb(void *ctx, const struct round_row *r)
{
	struct lister *ls = ctx;
	json_error_t jerr;
	json_t *doc = json_loads(r->doc, 0, &jerr), *sheets, *sh;
	if (!doc)
		return zerr_set(ls->e, ZE_IO, "evaluation round %lld is damaged: %s", (long long)r->id, jerr.text);
	/* the list carries each sheet's total, not its items */
	sheets = json_array();
	size_t i;
	json_array_foreach(json_object_get(json_object_get(doc, "result"), "sheets"), i, sh) {
		json_t *brief = json_deep_copy(sh);
		json_object_del(brief, "items");
		json_array_append_new(sheets, brief);
	}
	json_array_append_new(ls->a, json_pack("{s:I, s:s, s:i, s:i, s:s, s:O, s:O, s:O, s:o}", "id", (json_int_t)r->id,
					       "org", r->org, "year", r->year, "version", r->version, "state", r->state,
					       "as_of", json_object_get(doc, "as_of"), "reason",
					       json_object_get(doc, "reason"), "published", json_object_get(doc, "published"),
					       "sheets", sheets));
	json_decref(doc);
	return 0;
}

int round_list(struct store *s, const char *org, json_t **out, struct zerr *e)
{
	struct lister ls = {json_array(), e};
	int rc = store_round_each(s, org, 0, 0, list_cb, &ls, e);
	if (rc) {
		json_decref(ls.a);
		ls.a = NULL;
	}
	*out = ls.a;
	return rc;
}

/* --- score --- */

struct score_args {
	const char *kind, *subject, *indicator, *comment, *by;
	double score;
	json_t *evidence;
	bool assigned_only;
};

static bool has_string(json_t *a, const char *s)
{
	json_t *x;
	size_t i;
	json_array_foreach(a, i, x)
		if (json_is_string(x) && !strcmp(json_string_value(x), s))
			return true;
	return false;
}

bool round_assigned(json_t *round, const char *scorer, const char *kind, const char *subject, const char *indicator)
{
	json_t *a;
	size_t i;
	json_array_foreach(json_object_get(round, "assignments"), i, a) {
		json_t *depts = json_object_get(a, "departments");
		if (strcmp(json_string_value(json_object_get(a, "scorer")), scorer) ||
		    !has_string(json_object_get(a, "indicators"), indicator))
			continue;
		if (json_array_size(depts) == 0 || (!strcmp(kind, "department") && has_string(depts, subject)))
			return true;
	}
	return false;
}

static int score_step(void *ctx, struct loaded *l, struct zerr *e)
{
	struct score_args *a = ctx;
	const struct evaluation_def *ev = l->ev;
	json_t *result = json_object_get(l->doc, "result");
	if (a->assigned_only && !round_assigned(l->doc, a->by, a->kind, a->subject, a->indicator))
		return zerr_set(e, ZE_DENIED, "%s is not assigned to score indicator '%s' of the %s sheet of '%s'", a->by,
				a->indicator, a->kind, a->subject);
	int rc = eval_set_item(result, ev, a->kind, a->subject, a->indicator, a->score, a->comment, a->by, e);
	if (rc || !a->evidence)
		return rc;
	/* the evidence files (already kept in the evidence store) go with the entry */
	json_t *sh, *it;
	size_t i, k;
	json_array_foreach(json_object_get(result, "sheets"), i, sh)
		if (!strcmp(json_string_value(json_object_get(sh, "kind")), a->kind) &&
		    !strcmp(json_string_value(json_object_get(sh, "id")), a->subject))
			json_array_foreach(json_object_get(sh, "items"), k, it)
				if (!strcmp(json_string_value(json_object_get(it, "indicator")), a->indicator))
					json_object_set(json_object_get(it, "entered"), "evidence", a->evidence);
	return 0;
}

int round_score(struct store *s, const struct policy_set *ps, struct change *c, int64_t id, const char *kind,
		const char *subject, const char *indicator, double score, const char *comment, json_t *evidence,
		bool assigned_only, struct zerr *e)
{
	static const char *const from[] = {"scoring", "review", NULL};
	struct policy_set *own = NULL;
	if (comment && strlen(comment) > ROUND_TEXT_MAX) {
		zerr_set(e, ZE_LIMIT, "the comment is longer than %d bytes", ROUND_TEXT_MAX);
		change_refused(s, c, e);
		return e->code;
	}
	if (with_versions(s, ps, c, &own, e))
		return e->code;
	struct score_args a = {kind, subject, indicator, comment, c->actor ? c->actor : "", score, evidence, assigned_only};
	json_t *detail = json_pack("{s:s, s:s, s:s, s:f, s:s}", "kind", kind, "subject", subject, "indicator", indicator,
				   "score", score, "comment", comment ? comment : "");
	int rc = apply(s, c, id, "evaluation.score", from, NULL, own, score_step, &a, detail, e);
	json_decref(detail);
	policies_free(own);
	return rc;
}

/* --- assign --- */

struct assign_args {
	struct store *s;
	const char *scorer;
	json_t *indicators, *departments;
};

static int assign_step(void *ctx, struct loaded *l, struct zerr *e)
{
	struct assign_args *a = ctx;
	const struct evaluation_def *ev = l->ev;
	struct account acc = {0};
	json_t *x, *sh;
	size_t i, k;
	int rc = account_get(a->s, a->scorer, &acc, e);
	if (rc == ZE_NOTFOUND)
		zerr_set(e, ZE_INVALID, "scorer: no account '%s'", a->scorer);
	else if (!rc && (acc.disabled || !acc.org || strcmp(acc.org, l->org) ||
			 !(acc.roles & (ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_LIAISON) | ROLE_BIT(ROLE_STAFF)))))
		zerr_set(e, ZE_INVALID, "scorer: account '%s' is not an active business account of unit %s", a->scorer,
			 l->org);
	account_release(&acc);
	if (e->code)
		return e->code;
	json_array_foreach(a->indicators, i, x) {
		const struct indicator *ind = json_is_string(x) ? evaluation_indicator(ev, json_string_value(x)) : NULL;
		if (!ind || ind->scoring != IS_MANUAL)
			return zerr_set(e, ZE_INVALID, "indicators[%zu]: '%s' is not a manual indicator of the round", i,
					json_is_string(x) ? json_string_value(x) : "?");
	}
	json_array_foreach(a->departments, i, x) {
		bool found = false;
		json_array_foreach(json_object_get(json_object_get(l->doc, "result"), "sheets"), k, sh)
			found = found || (json_is_string(x) &&
					  !strcmp(json_string_value(json_object_get(sh, "kind")), "department") &&
					  !strcmp(json_string_value(json_object_get(sh, "id")), json_string_value(x)));
		if (!found)
			return zerr_set(e, ZE_INVALID, "departments[%zu]: the round has no sheet of department '%s'", i,
					json_is_string(x) ? json_string_value(x) : "?");
	}
	/* the scorer's assignment is replaced; no indicators withdraws it */
	json_t *list = json_object_get(l->doc, "assignments"), *kept = json_array();
	json_array_foreach(list, i, x)
		if (strcmp(json_string_value(json_object_get(x, "scorer")), a->scorer))
			json_array_append(kept, x);
	if (json_array_size(a->indicators))
		json_array_append_new(kept, json_pack("{s:s, s:O, s:O}", "scorer", a->scorer, "indicators", a->indicators,
						      "departments", a->departments));
	json_object_set_new(l->doc, "assignments", kept);
	return 0;
}

int round_assign(struct store *s, const struct policy_set *ps, struct change *c, int64_t id, const char *scorer,
		 json_t *indicators, json_t *departments, struct zerr *e)
{
	static const char *const from[] = {"scoring", NULL};
	json_t *none = json_array();
	struct assign_args a = {s, scorer, indicators, departments ? departments : none};
	if (!scorer || !*scorer || !json_is_array(indicators) || (departments && !json_is_array(departments)) ||
	    json_array_size(indicators) > 1000 || json_array_size(a.departments) > 10000) {
		zerr_set(e, ZE_INVALID, "a scorer's username and lists of indicators (and departments) are required");
		change_refused(s, c, e);
		json_decref(none);
		return e->code;
	}
	struct policy_set *own = NULL;
	if (with_versions(s, ps, c, &own, e)) {
		json_decref(none);
		return e->code;
	}
	json_t *detail = json_pack("{s:s, s:O, s:O}", "scorer", scorer, "indicators", indicators, "departments",
				   a.departments);
	int rc = apply(s, c, id, "evaluation.assign", from, NULL, own, assign_step, &a, detail, e);
	json_decref(detail);
	json_decref(none);
	policies_free(own);
	return rc;
}

/* --- release, object, resolve --- */

struct release_args {
	struct store *s;
	zdate today;
};

static int release_step(void *ctx, struct loaded *l, struct zerr *e)
{
	struct release_args *a = ctx;
	const struct evaluation_def *ev = l->ev;
	json_t *sh;
	size_t i;
	json_array_foreach(json_object_get(json_object_get(l->doc, "result"), "sheets"), i, sh)
		if (!json_is_true(json_object_get(sh, "complete")))
			return zerr_set(e, ZE_CONFLICT, "the %s sheet of %s still has manual items to score",
					json_string_value(json_object_get(sh, "kind")),
					json_string_value(json_object_get(sh, "id")));
	struct cal *cal = NULL;
	int rc = calendar_open(a->s, &cal, e);
	if (rc)
		return rc;
	char d[ZDATE_BUFSZ];
	bool complete = true;
	zdate deadline = cal_add_workdays(cal, a->today, ev->objection_workdays, &complete);
	cal_free(cal);
	json_object_set_new(l->doc, "released_on", json_string(date_format(a->today, d)));
	json_object_set_new(l->doc, "objection_deadline", json_string(date_format(deadline, d)));
	return 0;
}

int round_release(struct store *s, const struct policy_set *ps, struct change *c, int64_t id, zdate today,
		  struct zerr *e)
{
	static const char *const from[] = {"scoring", NULL};
	struct policy_set *own = NULL;
	if (with_versions(s, ps, c, &own, e))
		return e->code;
	struct release_args a = {s, today};
	int rc = apply(s, c, id, "evaluation.release", from, "review", own, release_step, &a, NULL, e);
	policies_free(own);
	return rc;
}

struct object_args {
	const char *dept, *text, *by;
	zdate today;
	bool resolve;
};

static json_t *objection_of(json_t *doc, const char *dept)
{
	json_t *o;
	size_t i;
	json_array_foreach(json_object_get(doc, "objections"), i, o)
		if (!strcmp(json_string_value(json_object_get(o, "department")), dept))
			return o;
	return NULL;
}

static int object_step(void *ctx, struct loaded *l, struct zerr *e)
{
	struct object_args *a = ctx;
	json_t *o = objection_of(l->doc, a->dept);
	char d[ZDATE_BUFSZ];
	if (!a->text || !*a->text)
		return zerr_set(e, ZE_INVALID, a->resolve ? "an answer is required" : "an objection needs a reason");
	if (strlen(a->text) > ROUND_TEXT_MAX)
		return zerr_set(e, ZE_LIMIT, "the text is longer than %d bytes", ROUND_TEXT_MAX);
	if (a->resolve) {
		if (!o)
			return zerr_set(e, ZE_NOTFOUND, "department '%s' has not objected", a->dept);
		if (!json_is_null(json_object_get(o, "answer")))
			return zerr_set(e, ZE_CONFLICT, "the objection of '%s' is answered already", a->dept);
		json_object_set_new(o, "answer", json_string(a->text));
		json_object_set_new(o, "answered_by", json_string(a->by ? a->by : ""));
		json_object_set_new(o, "status", json_string("resolved"));
		return 0;
	}
	bool has_sheet = false;
	json_t *sh;
	size_t i;
	json_array_foreach(json_object_get(json_object_get(l->doc, "result"), "sheets"), i, sh)
		has_sheet = has_sheet || (!strcmp(json_string_value(json_object_get(sh, "kind")), "department") &&
					  !strcmp(json_string_value(json_object_get(sh, "id")), a->dept));
	if (!has_sheet)
		return zerr_set(e, ZE_NOTFOUND, "the round has no sheet of department '%s'", a->dept);
	zdate deadline = ZDATE_NONE;
	const char *dl = json_string_value(json_object_get(l->doc, "objection_deadline"));
	if (dl && date_parse(dl, &deadline) && a->today > deadline)
		return zerr_set(e, ZE_CONFLICT, "objections closed on %s", dl);
	if (o)
		return zerr_set(e, ZE_CONFLICT, "department '%s' has objected already", a->dept);
	json_array_append_new(json_object_get(l->doc, "objections"),
			      json_pack("{s:s, s:s, s:s, s:s, s:n, s:n, s:s}", "department", a->dept, "reason", a->text,
					"by", a->by ? a->by : "", "on", date_format(a->today, d), "answer",
					"answered_by", "status", "open"));
	return 0;
}

/* A department's objection (answer false: text is its reason) or the answer to it, under review. */
static int objection(struct store *s, struct change *c, int64_t id, const char *dept, const char *text, zdate today,
		     bool answer, struct zerr *e)
{
	static const char *const from[] = {"review", NULL};
	struct object_args a = {dept, text, c->actor, today, answer};
	json_t *detail = json_pack("{s:s, s:s}", "department", dept, answer ? "answer" : "reason", text ? text : "");
	int rc = apply(s, c, id, answer ? "evaluation.resolve" : "evaluation.object", from, "review", NULL, object_step,
		       &a, detail, e);
	json_decref(detail);
	return rc;
}

int round_object(struct store *s, struct change *c, int64_t id, const char *dept, const char *reason, zdate today,
		 struct zerr *e)
{
	return objection(s, c, id, dept, reason, today, false, e);
}

int round_resolve(struct store *s, struct change *c, int64_t id, const char *dept, const char *answer,
		  struct zerr *e)
{
	return objection(s, c, id, dept, answer, ZDATE_NONE, true, e);
}

/* --- publish --- */

struct publish_args {
	const struct policy_set *ps;
	const char *data_dir;
	zdate today;
	struct store *s;
	const char *actor;
};

static int publish_step(void *ctx, struct loaded *l, struct zerr *e)
{
	struct publish_args *a = ctx;
	json_t *o;
	size_t i;
	char at[32];
	json_array_foreach(json_object_get(l->doc, "objections"), i, o)
		if (json_is_null(json_object_get(o, "answer")))
			return zerr_set(e, ZE_CONFLICT, "the objection of '%s' is not answered yet",
					json_string_value(json_object_get(o, "department")));
	now_text(at);
	json_object_set_new(l->doc, "published", json_pack("{s:s, s:s}", "by", a->actor ? a->actor : "", "at", at));
	return 0;
}

/* The round frozen inside the change that records its duty (import_opts.before_commit): one
 * transaction, one audit record. */
struct freeze {
	struct publish_args *a;
	struct change *c;
	int64_t id;
};

static int freeze_cb(void *ctx, struct store *s, const struct import_stats *st, struct zerr *e)
{
	struct freeze *fz = ctx;
	static const char *const from[] = {"review", NULL};
	struct loaded l;
	(void)st;
	int rc = load(s, fz->id, NULL, 0, &l, e);
	bool ok = !rc && !strcmp(l.state, from[0]);
	if (!rc && !ok)
		rc = zerr_set(e, ZE_CONFLICT, "evaluation round %s/%d/v%d is %s: evaluation.publish is not possible now",
			      l.org, l.row.year, l.row.version, l.state);
	if (!rc && !(rc = publish_step(fz->a, &l, e))) {
		history(&l, fz->c, "evaluation.publish");
		rc = save(s, &l, "published", e);
	}
	json_decref(l.doc);
	return rc;
}

static int publish(struct store *s, const struct policy_set *ps, struct change *c, const char *data_dir, int64_t id,
		   zdate today, struct zerr *e)
{
	static const char *const from[] = {"review", NULL};
	struct publish_args a = {ps, data_dir, today, s, c->actor};
	json_t *round = NULL, *rec = NULL, *doc = NULL;
	char object[256], period[16], d[ZDATE_BUFSZ], sha[65], name[96];
	snprintf(object, sizeof object, "evaluation/%lld", (long long)id);
	c->action = "evaluation.publish";
	c->object = object;
	int rc = round_get(s, id, NULL, 0, &round, e);
	if (rc) {
		change_refused(s, c, e);
		return rc;
	}
	const char *org = json_string_value(json_object_get(round, "org"));
	int year = (int)json_integer_value(json_object_get(round, "year"));
	int version = (int)json_integer_value(json_object_get(round, "version"));
	const struct policy *p = round_policy(ps, round);
	snprintf(object, sizeof object, "%s/%d/v%d", org, year, version);
	if (!p || !policy_obligation(p, "evaluation.annual") || (c->unit && strcmp(c->unit, org))) {
		/* no such duty to record (or another unit's round, which apply refuses) */
		json_decref(round);
		return apply(s, c, id, "evaluation.publish", from, "published", NULL, publish_step, &a, NULL, e);
	}
	/* The result sheet kept as the duty's evidence: the sheet does not change on publication. */
	snprintf(period, sizeof period, "%d", year);
	snprintf(name, sizeof name, "考核结果-%s-%d-v%d.json", org, year, version);
	char *text = json_dumps(json_object_get(round, "result"), JSON_INDENT(1));
	size_t len = text ? strlen(text) : 0;
	rc = text ? evidence_store_buffer(data_dir, text, len, name, sha, e) : zerr_set(e, ZE_NOMEM, "out of memory");
	free(text);
	/* A duty recorded already (by hand, before) keeps its day and its evidence; the sheet is added. */
	json_t *evidence = NULL;
	zdate done_on = today;
	if (!rc) {
		struct facts f;
		facts_init(&f);
		if (!(rc = store_load(s, &f, org, e)) && !(rc = facts_index(&f) ? zerr_set(e, ZE_NOMEM, "out of memory") : 0)) {
			zidx u = hmap_get(&f.org_ids, org);
			zidx ri = u >= 0 ? facts_find_record(&f, u, "evaluation.annual", period, ZIDX_NONE) : ZIDX_NONE;
			if (ri >= 0) {
				evidence = record_evidence_json(&f, ri);
				done_on = f.records.v[ri].done_on;
			}
		}
		facts_release(&f);
	}
	if (!rc) {
		if (!evidence)
			evidence = json_array();
		json_array_append_new(evidence, json_pack("{s:s, s:s, s:I}", "sha256", sha, "name", name, "size", (json_int_t)len));
		rec = json_pack("{s:s, s:s, s:s, s:n, s:s, s:s, s:O}", "org", org, "obligation", "evaluation.annual", "period",
				period, "department", "done_on", date_format(done_on, d), "notes",
				"考核结果已发布（评价指标打分表）", "evidence", evidence);
		doc = rec ? json_pack("{s:[O]}", "obligation_records", rec) : NULL;
		if (!doc)
			rc = zerr_set(e, ZE_NOMEM, "out of memory");
	}
	if (rc) {
		change_refused(s, c, e);
	} else {
		struct freeze fz = {&a, c, id};
		struct import_opts opts = {.before_commit = freeze_cb, .commit_ctx = &fz};
		c->detail = rec;
		rc = change_records(s, c, doc, "evaluation publish", &opts, NULL, e);
		c->detail = NULL;
	}
	json_decref(round);
	json_decref(evidence);
	json_decref(rec);
	json_decref(doc);
	return rc;
}

int round_publish(struct store *s, const struct policy_set *ps, struct change *c, const char *data_dir, int64_t id,
		  zdate today, struct zerr *e)
{
	struct policy_set *own = NULL;
	if (with_versions(s, ps, c, &own, e))
		return e->code;
	int rc = publish(s, own, c, data_dir, id, today, e);
	policies_free(own);
	return rc;
}
