#include "core/unitpolicy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/accounts.h"
#include "core/documents.h"
#include "core/embedded.h"
#include "core/render.h"
#include "util/clock.h"

/* ---- reading ---------------------------------------------------------------------------------- */

struct loading {
	struct policy_set *ps;
	struct zerr *e;
};

static int add_approved(void *ctx, const struct policy_version_row *r)
{
	struct loading *l = ctx;
	zdate from;
	if (!r->in_force_from || !date_parse(r->in_force_from, &from))
		return zerr_set(l->e, ZE_IO, "policy version %lld of unit '%s' has no date of force", (long long)r->version,
				r->org);
	return policies_add_unit(l->ps, r->org, r->version, from, r->document, strlen(r->document), l->e);
}

int unit_policies_add(struct store *s, struct policy_set *ps, const char *org, struct zerr *e)
{
	return store_policy_version_each(s, org, 0, "approved", add_approved, &(struct loading){ps, e}, e);
}

int unit_policies_load(struct store *s, const struct policy_set *shipped, const char *org, struct policy_set **out,
		       struct zerr *e)
{
	struct policy_set *ps = NULL;
	int rc = policies_over(shipped, &ps, e);
	if (!rc)
		rc = unit_policies_add(s, ps, org, e);
	if (rc) {
		policies_free(ps);
		return rc;
	}
	*out = ps;
	return 0;
}

static json_t *time_json(int64_t t)
{
	char buf[32];
	struct tm tm;
	time_t tt = (time_t)t;
	if (!t)
		return json_null();
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

struct listing {
	json_t *items;
	bool with_document;
	struct zerr *e;
};

static int list_row(void *ctx, const struct policy_version_row *r)
{
	struct listing *l = ctx;
	json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b}", "org", r->org, "version",
			      (json_int_t)r->version, "status", r->status, "reason", r->reason, "drafted_by",
			      r->drafted_by, "drafted_at", time_json(r->drafted_at), "in_force_from",
			      json_str_or_null(r->in_force_from), "decided_by", json_str_or_null(r->decided_by),
			      "decided_at", time_json(r->decided_at), "decision_note", json_str_or_null(r->decision_note),
			      "in_force", 0);
	if (o && l->with_document) {
		json_t *doc = json_loads(r->document, JSON_REJECT_DUPLICATES, NULL);
		json_object_set_new(o, "document", doc ? doc : json_null());
	}
	if (!o || json_array_append_new(l->items, o))
		return zerr_set(l->e, ZE_NOMEM, "out of memory");
	return 0;
}

/* Marks the version each unit follows on today (the approved one starting last, on or before). */
static void mark_in_force(json_t *items, zdate today)
{
	size_t i;
	json_t *it, *best = NULL;
	const char *best_org = NULL, *best_from = NULL;
	char day[ZDATE_BUFSZ];
	date_format(today, day);
	/* Sorted by unit then number: the last approved one starting on or before today wins. */
	json_array_foreach(items, i, it) {
		const char *org = json_string_value(json_object_get(it, "org"));
		if (best_org && strcmp(best_org, org)) {
			json_object_set_new(best, "in_force", json_true());
			best = NULL;
			best_from = NULL;
		}
		best_org = org;
		const char *from = json_string_value(json_object_get(it, "in_force_from"));
		if (strcmp(json_string_value(json_object_get(it, "status")), "approved") || !from || strcmp(from, day) > 0)
			continue;
		if (!best_from || strcmp(from, best_from) >= 0) {
			best = it;
			best_from = from;
		}
	}
	if (best)
		json_object_set_new(best, "in_force", json_true());
}

int unit_policy_list(struct store *s, const char *org, zdate today, json_t **out, struct zerr *e)
{
	struct listing l = {json_array(), false, e};
	if (!l.items)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	int rc = store_policy_version_each(s, org, 0, NULL, list_row, &l, e);
	if (rc) {
		json_decref(l.items);
		return rc;
	}
	mark_in_force(l.items, today);
	*out = l.items;
	return 0;
}

int unit_policy_get(struct store *s, const char *org, int64_t version, zdate today, json_t **out, struct zerr *e)
{
	json_t *all = NULL;
	int rc = unit_policy_list(s, org, today, &all, e);
	if (rc)
		return rc;
	json_t *found = NULL;
	size_t i;
	json_t *it;
	json_array_foreach(all, i, it)
		if (json_integer_value(json_object_get(it, "version")) == version)
			found = it;
	if (!found) {
		json_decref(all);
		return zerr_set(e, ZE_NOTFOUND, "单位 %s 没有策略版本 %lld / unit '%s' has no policy version %lld", org,
				(long long)version, org, (long long)version);
	}
	struct listing l = {json_array(), true, e};
	rc = l.items ? store_policy_version_each(s, org, version, NULL, list_row, &l, e)
		     : zerr_set(e, ZE_NOMEM, "out of memory");
	if (!rc) {
		json_t *one = json_array_get(l.items, 0);
		json_object_set(one, "in_force", json_object_get(found, "in_force"));
		*out = json_incref(one);
	}
	json_decref(l.items);
	json_decref(all);
	return rc;
}

struct one_row {
	struct policy_version_row row; /* strings owned (strdup) */
	bool found;
};

static int keep_row(void *ctx, const struct policy_version_row *r)
{
	struct one_row *o = ctx;
	o->found = true;
	o->row = *r;
	o->row.org = strdup(r->org);
	o->row.document = strdup(r->document);
	o->row.status = strdup(r->status);
	o->row.drafted_by = strdup(r->drafted_by);
	o->row.in_force_from = r->in_force_from ? strdup(r->in_force_from) : NULL;
	o->row.reason = o->row.decided_by = o->row.decision_note = NULL; /* not needed */
	return o->row.org && o->row.document && o->row.status && o->row.drafted_by ? 0 : ZE_NOMEM;
}

static void one_row_release(struct one_row *o)
{
	free((char *)o->row.org);
	free((char *)o->row.document);
	free((char *)o->row.status);
	free((char *)o->row.drafted_by);
	free((char *)o->row.in_force_from);
	memset(o, 0, sizeof *o);
}

static int load_row(struct store *s, const char *org, int64_t version, struct one_row *o, struct zerr *e)
{
	memset(o, 0, sizeof *o);
	int rc = store_policy_version_each(s, org, version, NULL, keep_row, o, e);
	if (rc == ZE_NOMEM)
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	if (!rc && !o->found)
		rc = zerr_set(e, ZE_NOTFOUND, "单位 %s 没有策略版本 %lld / unit '%s' has no policy version %lld", org,
			      (long long)version, org, (long long)version);
	if (rc)
		one_row_release(o);
	return rc;
}

/* The shipped file of the profile with that id (the files name themselves by "id"). */
static const struct embedded_file *profile_file(const char *id)
{
	char name[200];
	snprintf(name, sizeof name, "policy/%s.json", id);
	return embedded_find(name);
}

struct org_find {
	const char *id;
	char *policy; /* malloc'ed; NULL: default */
	bool found;
};

static int find_org(void *ctx, const char *id, const char *name, const char *kind, const char *policy)
{
	(void)name;
	(void)kind;
	struct org_find *f = ctx;
	if (strcmp(id, f->id))
		return 0;
	f->found = true;
	f->policy = policy ? strdup(policy) : NULL;
	return 1; /* stop */
}

static int unit_profile(struct store *s, const char *org, char **profile, struct zerr *e)
{
	struct org_find f = {org, NULL, false};
	int rc = store_org_each(s, find_org, &f, e);
	if (rc < 0)
		return rc;
	if (!f.found)
		return zerr_set(e, ZE_NOTFOUND, "没有单位 %s / no unit with id '%s'", org, org);
	*profile = f.policy;
	return 0;
}

int unit_policy_document(struct store *s, const struct policy_set *shipped, const char *org, zdate d,
			 char **text, int64_t *version, struct zerr *e)
{
	int64_t found = 0;
	char *profile = NULL;
	int rc = unit_profile(s, org, &profile, e);
	if (rc)
		return rc;
	json_t *all = NULL;
	if ((rc = unit_policy_list(s, org, d, &all, e))) {
		free(profile);
		return rc;
	}
	size_t i;
	json_t *it;
	json_array_foreach(all, i, it)
		if (json_is_true(json_object_get(it, "in_force")))
			found = json_integer_value(json_object_get(it, "version"));
	json_decref(all);
	if (found) {
		struct one_row o;
		if ((rc = load_row(s, org, found, &o, e))) {
			free(profile);
			return rc;
		}
		*text = (char *)o.row.document;
		o.row.document = NULL;
		one_row_release(&o);
	} else {
		const struct policy *p = policies_get(shipped, profile ? profile : "default");
		const struct embedded_file *ef = p ? profile_file(p->id) : NULL;
		if (!ef || !(*text = strdup(ef->data))) {
			free(profile);
			return zerr_set(e, ef ? ZE_NOMEM : ZE_NOTFOUND, "unit '%s' follows policy '%s', which is not shipped",
					org, profile ? profile : "default");
		}
	}
	free(profile);
	*version = found;
	return 0;
}

/* ---- changing --------------------------------------------------------------------------------- */

static int check_reason(const char *reason, bool required, struct zerr *e)
{
	if (required && (!reason || !*reason))
		return zerr_set(e, ZE_INVALID, "reason: 请说明理由 / a reason is required");
	if (reason && strlen(reason) > UNIT_POLICY_REASON_MAX)
		return zerr_set(e, ZE_LIMIT, "reason: longer than %d bytes", UNIT_POLICY_REASON_MAX);
	return 0;
}

int unit_policy_check(const struct policy_set *shipped, const char *org, const char *text, size_t len,
		      struct zerr *e)
{
	if (len > UNIT_POLICY_MAX_BYTES)
		return zerr_set(e, ZE_LIMIT, "document: larger than %u bytes", UNIT_POLICY_MAX_BYTES);
	if (memchr(text, '\0', len))
		return zerr_set(e, ZE_INVALID, "document: contains a NUL byte");
	struct policy *parsed = NULL, *resolved = NULL;
	char source[300];
	snprintf(source, sizeof source, "policy of unit '%s'", org);
	int rc = policies_parse_unit(shipped, text, len, source, &parsed, &resolved, e);
	if (rc)
		return rc;
	/* its own letter templates name only fields the letters have */
	if (parsed->templates)
		rc = documents_templates_check(parsed->templates, e);
	if (resolved != parsed)
		policy_free(resolved);
	policy_free(parsed);
	return rc;
}

static char *object_name(const char *org, int64_t version, char buf[300])
{
	snprintf(buf, 300, "%s/policy/%lld", org, (long long)version);
	return buf;
}


static int begin_checked(struct store *s, struct change *c, struct zerr *e)
{
	if (!c->unit || !*c->unit)
		return zerr_set(e, ZE_INVALID, "org: which unit's policy is missing");
	char *profile = NULL;
	int rc = unit_profile(s, c->unit, &profile, e);
	free(profile);
	return rc ? rc : store_begin(s, e);
}

int unit_policy_draft(struct store *s, const struct policy_set *shipped, struct change *c, const char *text,
		      size_t len, int64_t *version, struct zerr *e)
{
	char obj[300];
	c->action = "policy.draft";
	c->object = c->unit ? c->unit : "-";
	int rc = check_reason(c->reason, true, e);
	if (!rc)
		rc = unit_policy_check(shipped, c->unit ? c->unit : "?", text, len, e);
	if (rc) {
		change_refused(s, c, e);
		return rc;
	}
	if ((rc = begin_checked(s, c, e))) {
		change_refused(s, c, e);
		return rc;
	}
	/* The text as given, so that an export gives back what was imported. */
	char *copy = strndup(text, len);
	struct policy_version_row r = {.org = c->unit, .document = copy, .reason = c->reason,
				       .drafted_by = c->actor, .drafted_at = (int64_t)clock_now()};
	rc = copy ? store_policy_version_insert(s, &r, version, e) : zerr_set(e, ZE_NOMEM, "out of memory");
	free(copy);
	if (!rc)
		c->object = object_name(c->unit, *version, obj);
	return change_finish(s, c, rc, rc ? NULL : json_pack("{s:I}", "version", (json_int_t)*version), e);
}

int unit_policy_edit(struct store *s, const struct policy_set *shipped, struct change *c, int64_t version,
		     const char *text, size_t len, struct zerr *e)
{
	char obj[300];
	c->action = "policy.edit";
	c->object = object_name(c->unit ? c->unit : "-", version, obj);
	int rc = check_reason(c->reason, true, e);
	if (!rc)
		rc = unit_policy_check(shipped, c->unit ? c->unit : "?", text, len, e);
	if (!rc)
		rc = begin_checked(s, c, e);
	if (rc) {
		change_refused(s, c, e);
		return rc;
	}
	char *copy = strndup(text, len);
	struct policy_version_row r = {.org = c->unit, .version = version, .document = copy, .reason = c->reason,
				       .drafted_by = c->actor, .drafted_at = (int64_t)clock_now()};
	struct one_row o;
	if (!copy)
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	else if (!(rc = load_row(s, c->unit, version, &o, e)))
		one_row_release(&o);
	if (!rc)
		rc = store_policy_version_update(s, &r, e);
	free(copy);
	return change_finish(s, c, rc, json_pack("{s:I}", "version", (json_int_t)version), e);
}

struct latest_from {
	char from[ZDATE_BUFSZ];
	int64_t version;
};

static int latest_approved(void *ctx, const struct policy_version_row *r)
{
	struct latest_from *l = ctx;
	if (r->in_force_from && strcmp(r->in_force_from, l->from) > 0) {
		snprintf(l->from, sizeof l->from, "%s", r->in_force_from);
		l->version = r->version;
	}
	return 0;
}

/* ---- who approves ----------------------------------------------------------------------------- */

#define SETTING_APPROVERS "policy.approvers"
static const char *const approvers_ids[APPROVERS_COUNT] = {"leader", "leading_group"};

const char *policy_approvers_id(int a)
{
	return a >= 0 && a < APPROVERS_COUNT ? approvers_ids[a] : "?";
}

int unit_policy_approvers(struct store *s, const char *org, int *out, struct zerr *e)
{
	char *v = NULL;
	int rc = store_unit_setting_get(s, org, SETTING_APPROVERS, &v, e);
	*out = APPROVERS_LEADER;
	for (int i = 0; !rc && v && i < APPROVERS_COUNT; i++)
		if (!strcmp(v, approvers_ids[i]))
			*out = i;
	free(v);
	return rc;
}

int unit_policy_set_approvers(struct store *s, struct change *c, int approvers, struct zerr *e)
{
	c->action = "policy.approvers";
	c->object = c->unit ? c->unit : "-";
	int before = APPROVERS_LEADER;
	int rc = approvers < 0 || approvers >= APPROVERS_COUNT
			 ? zerr_set(e, ZE_INVALID, "approvers: 须为 leader 或 leading_group / must be leader or leading_group")
			 : check_reason(c->reason, true, e);
	if (!rc)
		rc = begin_checked(s, c, e);
	if (rc) {
		change_refused(s, c, e);
		return rc;
	}
	rc = unit_policy_approvers(s, c->unit, &before, e);
	if (!rc)
		rc = store_unit_setting_put(s, c->unit, SETTING_APPROVERS, approvers_ids[approvers], e);
	return change_finish(s, c, rc,
			     json_pack("{s:s, s:s}", "from", approvers_ids[before], "to", approvers_ids[approvers]), e);
}

/* Whether person holds the 组长 or 副组长 seat of a 领导小组 of unit org on day d. */
static int leading_group_seat(struct store *s, const char *org, const char *person, zdate d, bool *seated,
			      struct zerr *e)
{
	struct facts f;
	facts_init(&f);
	*seated = false;
	int rc = store_load(s, &f, org, e);
	if (!rc && facts_index(&f))
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	zidx u = rc ? ZIDX_NONE : hmap_get(&f.org_ids, org), p = rc ? ZIDX_NONE : hmap_get(&f.person_ids, person);
	if (u >= 0 && p >= 0)
		FACTS_EACH(&f, appt, u, ai) {
			const struct appt *a = &f.appts.v[ai];
			*seated = *seated || (a->person == p && a->body >= 0 && f.bodies.v[a->body].kind == BODY_LEADING_GROUP &&
					      (a->seat == SEAT_LEADER || a->seat == SEAT_DEPUTY) && appt_on(a, d));
		}
	facts_release(&f);
	return rc;
}

/* Whether `who` is among unit org's approvers on day d. */
static int check_approver(struct store *s, const char *org, const struct approver *who, zdate d, struct zerr *e)
{
	int set;
	bool seated = false;
	int rc = unit_policy_approvers(s, org, &set, e);
	if (rc)
		return rc;
	if (!(who->roles & ROLE_BIT(ROLE_LEADER)))
		return zerr_set(e, ZE_DENIED, "只有单位领导可以批准制度版本 / only a leader of the unit approves its policy versions");
	if (set == APPROVERS_LEADING_GROUP && who->person && *who->person &&
	    (rc = leading_group_seat(s, org, who->person, d, &seated, e)))
		return rc;
	if (set == APPROVERS_LEADING_GROUP && !seated)
		return zerr_set(e, ZE_DENIED,
				"本单位的制度版本须由网络安全领导小组组长或副组长批准 / unit '%s' has its policy versions "
				"approved by the leader or a deputy leader of its leading group, which this account's person is not",
				org);
	return 0;
}

int unit_policy_approve(struct store *s, const struct policy_set *shipped, struct change *c, int64_t version,
			zdate from, struct zerr *e)
{
	return unit_policy_approve_by(s, shipped, c, version, from, NULL, e);
}

int unit_policy_approve_by(struct store *s, const struct policy_set *shipped, struct change *c, int64_t version,
			   zdate from, const struct approver *who, struct zerr *e)
{
	char obj[300], day[ZDATE_BUFSZ];
	c->action = "policy.approve";
	c->object = object_name(c->unit ? c->unit : "-", version, obj);
	date_format(from, day);
	struct one_row o = {0};
	struct latest_from latest = {"", 0};
	int rc = check_reason(c->reason, false, e);
	if (!rc && who)
		rc = check_approver(s, c->unit ? c->unit : "", who, date_today(), e);
	if (!rc)
		rc = begin_checked(s, c, e);
	if (!rc)
		rc = load_row(s, c->unit, version, &o, e);
	if (!rc && strcmp(o.row.status, "draft"))
		rc = zerr_set(e, ZE_CONFLICT, "单位 %s 的策略版本 %lld 已%s，不能再改 / policy version %lld of unit '%s' is %s already",
			      c->unit, (long long)version, strcmp(o.row.status, "approved") ? "驳回" : "批准",
			      (long long)version, c->unit, o.row.status);
	/* Four eyes: whoever wrote the draft last cannot be the one who puts it in force. */
	if (!rc && !strcmp(o.row.drafted_by, c->actor))
		rc = zerr_set(e, ZE_DENIED,
			      "四眼原则：起草人 %s 不能批准自己起草的版本，须由另一有权账号批准 / four eyes: %s drafted "
			      "version %lld and cannot approve it; another account with authority must",
			      c->actor, c->actor, (long long)version);
	/* Versions follow one another in time: a newer one cannot take force before one approved. */
	if (!rc)
		rc = store_policy_version_each(s, c->unit, 0, "approved", latest_approved, &latest, e);
	if (!rc && latest.version && strcmp(day, latest.from) < 0)
		rc = zerr_set(e, ZE_CONFLICT,
			      "in_force_from: %s 早于已批准的版本 %lld 的施行日期 %s / %s is before %s, when approved "
			      "version %lld takes force",
			      day, (long long)latest.version, latest.from, day, latest.from, (long long)latest.version);
	/* What was checked when drafted is checked again: the shipped base may have moved since. */
	if (!rc)
		rc = unit_policy_check(shipped, c->unit, o.row.document, strlen(o.row.document), e);
	if (!rc) {
		struct policy_version_row r = {.org = c->unit, .version = version, .status = "approved",
					       .in_force_from = day, .decided_by = c->actor,
					       .decided_at = (int64_t)clock_now(), .decision_note = c->reason};
		rc = store_policy_version_decide(s, &r, e);
	}
	json_t *detail = json_pack("{s:I, s:s, s:s}", "version", (json_int_t)version, "in_force_from", day,
				   "drafted_by", o.found ? o.row.drafted_by : "");
	one_row_release(&o);
	return change_finish(s, c, rc, detail, e);
}

int unit_policy_reject(struct store *s, struct change *c, int64_t version, struct zerr *e)
{
	char obj[300];
	c->action = "policy.reject";
	c->object = object_name(c->unit ? c->unit : "-", version, obj);
	int rc = check_reason(c->reason, true, e);
	if (!rc)
		rc = begin_checked(s, c, e);
	if (rc) {
		change_refused(s, c, e);
		return rc;
	}
	struct policy_version_row r = {.org = c->unit, .version = version, .status = "rejected", .decided_by = c->actor,
				       .decided_at = (int64_t)clock_now(), .decision_note = c->reason};
	struct one_row o;
	if (!(rc = load_row(s, c->unit, version, &o, e)))
		one_row_release(&o);
	if (!rc)
		rc = store_policy_version_decide(s, &r, e);
	return change_finish(s, c, rc, json_pack("{s:I}", "version", (json_int_t)version), e);
}

/* ---- comparing -------------------------------------------------------------------------------- */

#define DIFF_DEPTH_MAX 4 /* a profile extends a base; a unit's version extends a profile */

/* The rules (or duties) a document has once its `extends` chain is applied: id → object, in the
 * engine's order (the base's, replaced in place, then the new ones). */
static int effective(json_t *doc, const char *section, json_t *into, int depth, struct zerr *e)
{
	const char *ext = json_string_value(json_object_get(doc, "extends"));
	if (ext && depth < DIFF_DEPTH_MAX) {
		const struct embedded_file *ef = profile_file(ext);
		json_t *base = ef ? json_loadb(ef->data, ef->len, 0, NULL) : NULL;
		if (!base)
			return zerr_set(e, ZE_INVALID, "extends: '%s' is not a shipped policy", ext);
		/* A profile that extends itself (default names default) ends here. */
		const char *bext = json_string_value(json_object_get(base, "extends"));
		if (bext && !strcmp(bext, ext))
			json_object_del(base, "extends");
		int rc = effective(base, section, into, depth + 1, e);
		json_decref(base);
		if (rc)
			return rc;
	}
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(doc, section), i, it) {
		const char *id = json_string_value(json_object_get(it, "id"));
		if (id)
			json_object_set(into, id, it);
	}
	/* What the document drops of its base ("removes"), unless it also gives its own. */
	json_array_foreach(json_object_get(json_object_get(doc, "removes"), section), i, it) {
		const char *id = json_string_value(it);
		bool own = false;
		size_t j;
		json_t *r;
		json_array_foreach(json_object_get(doc, section), j, r)
			own = own || (id && !strcmp(id, json_string_value(json_object_get(r, "id")) ? json_string_value(json_object_get(r, "id")) : ""));
		if (id && !own)
			json_object_del(into, id);
	}
	return 0;
}

/* The accountability section a document follows once its extends chain is applied: its own
 * when it has one (a section replaces its base's whole), else its base's; *from is the id of
 * the document that gives it. A borrowed reference into doc or a new one in *owned. */
static json_t *effective_accountability(json_t *doc, int depth, json_t **owned, const char **from)
{
	json_t *own = json_object_get(doc, "accountability");
	const char *ext = json_string_value(json_object_get(doc, "extends"));
	*from = json_string_value(json_object_get(doc, "id"));
	if (own || !ext || depth >= DIFF_DEPTH_MAX || (*from && !strcmp(ext, *from)))
		return own;
	const struct embedded_file *ef = profile_file(ext);
	json_t *base = ef ? json_loadb(ef->data, ef->len, 0, NULL) : NULL;
	if (!base)
		return NULL;
	json_t *got = effective_accountability(base, depth + 1, owned, from);
	if (got && !*owned) {
		*owned = json_incref(got);
		*from = ext; /* the id is base's, about to be released */
	}
	json_decref(base);
	return *owned;
}

json_t *unit_policy_accountability(const char *text)
{
	json_t *doc = json_loads(text, 0, NULL), *owned = NULL;
	const char *from = NULL;
	json_t *acc = doc ? effective_accountability(doc, 0, &owned, &from) : NULL;
	json_t *out = json_pack("{s:O}", "clauses", acc ? acc : json_null());
	if (out && acc && from)
		json_object_set_new(out, "from", json_string(from));
	json_decref(owned);
	json_decref(doc);
	return out;
}

static json_t *diff_section(json_t *from, json_t *to)
{
	json_t *added = json_array(), *removed = json_array(), *changed = json_array();
	const char *id;
	json_t *v;
	json_object_foreach(to, id, v) {
		json_t *old = json_object_get(from, id);
		if (!old)
			json_array_append(added, v);
		else if (!json_equal(old, v))
			json_array_append_new(changed, json_pack("{s:s, s:O, s:O}", "id", id, "from", old, "to", v));
	}
	json_object_foreach(from, id, v)
		if (!json_object_get(to, id))
			json_array_append(removed, v);
	return json_pack("{s:o, s:o, s:o}", "added", added, "removed", removed, "changed", changed);
}

int unit_policy_diff(const char *from_text, const char *to_text, json_t **out, struct zerr *e)
{
	json_t *from = json_loads(from_text, 0, NULL), *to = json_loads(to_text, 0, NULL);
	json_t *fr = json_object(), *tr = json_object(), *fo = json_object(), *to_o = json_object();
	int rc = 0;
	if (!from || !to)
		rc = zerr_set(e, ZE_INVALID, "a policy to compare is not JSON");
	if (!rc)
		rc = effective(from, "rules", fr, 0, e);
	if (!rc)
		rc = effective(to, "rules", tr, 0, e);
	if (!rc)
		rc = effective(from, "obligations", fo, 0, e);
	if (!rc)
		rc = effective(to, "obligations", to_o, 0, e);
	if (!rc && !(*out = json_pack("{s:o, s:o}", "rules", diff_section(fr, tr), "obligations",
				      diff_section(fo, to_o))))
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	json_decref(from);
	json_decref(to);
	json_decref(fr);
	json_decref(tr);
	json_decref(fo);
	json_decref(to_o);
	return rc;
}
