/* API v1: the supervising office's side (上级主管部门, issue 15). A supervisor account belongs to
 * a unit, the root of its subtree in the supervision tree (org.parent); it reads every unit
 * below (api_unit lets its GETs through) and writes only what a supervisor writes: the notices
 * (通报) it sends down. The roll-up counts each unit's findings from the unit's own view
 * (view_findings): there is no second definition of a finding, and a notice sent down is the
 * unit's notice, so every notice rule judges it as any other. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/events.h"
#include "core/render.h"

/* How much an open finding weighs in the ranking, by severity (error, warning, info): an error
 * outweighs a handful of warnings, and a unit with only notes ranks below any with a fault. */
static const int severity_weight[SEV_COUNT] = {[SEV_ERROR] = 10, [SEV_WARNING] = 3, [SEV_INFO] = 1};

#define SUPERVISION_UNITS_MAX 5000 /* units one supervisor's roll-up walks */
#define TREND_MONTHS 12
#define SEND_UNITS_MAX 500 /* units one notice is sent to */

/* The units below the account's own, in tree order (each after its parent), as indices into the
 * facts of its own unit's view (which hold every unit's row). */
struct subtree {
	struct unit_view *root;
	zidx *v;
	size_t n;
};

static void subtree_release(struct subtree *t)
{
	free(t->v);
	view_release(t->root);
	memset(t, 0, sizeof *t);
}

static int subtree_add(struct subtree *t, zidx parent)
{
	const struct facts *f = &t->root->facts;
	for (size_t i = 0; i < f->orgs.n; i++) {
		if (f->orgs.v[i].parent != parent || (zidx)i == parent)
			continue;
		if (t->n >= SUPERVISION_UNITS_MAX)
			return ZE_LIMIT;
		t->v[t->n++] = (zidx)i;
		int rc = subtree_add(t, (zidx)i);
		if (rc)
			return rc;
	}
	return 0;
}

/* Fills rs and returns nonzero on failure. */
static int subtree_of(struct http_req *rq, struct http_resp *rs, struct subtree *t)
{
	struct zerr e = {0};
	memset(t, 0, sizeof *t);
	if (!rq->who->org[0])
		return http_error(rs, 403, "out_of_scope", NULL, "账号未关联单位 / the account belongs to no unit"), 1;
	if (view_acquire(rq->w, rq->who->org, &t->root, &e))
		return http_zerr(rs, &e), 1;
	const struct facts *f = &t->root->facts;
	t->v = malloc((f->orgs.n ? f->orgs.n : 1) * sizeof *t->v);
	if (!t->v) {
		subtree_release(t);
		return http_error(rs, 500, "internal", NULL, "out of memory"), 1;
	}
	/* The walk only follows parents downwards from the root; ORG_DEPTH_MAX bounds a cycle's
	 * damage as org_is_below does, by refusing what is not strictly below. */
	int rc = subtree_add(t, t->root->org);
	if (rc == ZE_LIMIT) {
		subtree_release(t);
		return http_error(rs, 413, "limit", NULL, "more than %d units below", SUPERVISION_UNITS_MAX), 1;
	}
	size_t keep = 0;
	for (size_t i = 0; i < t->n; i++)
		if (org_is_below(f, t->v[i], t->root->org))
			t->v[keep++] = t->v[i];
	t->n = keep;
	return 0;
}

static zidx subtree_find(const struct subtree *t, const char *id)
{
	zidx o = id ? hmap_get(&t->root->facts.org_ids, id) : ZIDX_NONE;
	for (size_t i = 0; o >= 0 && i < t->n; i++)
		if (t->v[i] == o)
			return o;
	return ZIDX_NONE;
}

/* ---- roll-up ----------------------------------------------------------------------------------- */

/* One unit's tally as of a date, all from its findings. */
struct tally {
	size_t sev[SEV_COUNT];
	long score;
	size_t notices_overdue, reports_late, agreements_missing;
	bool no_first, no_direct;
};

static void tally_findings(const struct findings *fs, struct tally *t, json_t *by_rule)
{
	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *fd = &fs->v[i];
		t->sev[fd->rule->severity]++;
		t->score += severity_weight[fd->rule->severity];
		switch (fd->reason) {
		case R_NOTICE_OVERDUE: t->notices_overdue++; break;
		case R_NOT_REPORTED:
		case R_REPORTED_LATE: t->reports_late++; break;
		case R_NO_AGREEMENT:
		case R_AGREEMENT_EXPIRED:
		case R_AGREEMENT_UNSIGNED: t->agreements_missing++; break;
		case R_TOO_FEW:
			if (fd->subject_kind == SUBJ_ORG && fd->count == 0 && fd->post == POST_FIRST_RESPONSIBLE)
				t->no_first = true;
			if (fd->subject_kind == SUBJ_ORG && fd->count == 0 && fd->post == POST_DIRECT_RESPONSIBLE)
				t->no_direct = true;
			break;
		default: break;
		}
		if (by_rule) {
			json_t *n = json_object_get(by_rule, fd->rule->id);
			json_object_set_new(by_rule, fd->rule->id, json_integer(n ? json_integer_value(n) + 1 : 1));
		}
	}
}

static int unit_tally(struct http_req *rq, struct http_resp *rs, const char *org, zdate as_of, struct tally *t,
		      json_t *by_rule)
{
	struct unit_view *v;
	const struct findings *fs;
	struct zerr e = {0};
	if (view_acquire(rq->w, org, &v, &e))
		return http_zerr(rs, &e), 1;
	int rc = view_findings(rq->w, v, as_of, &fs, &e);
	if (!rc)
		tally_findings(fs, t, by_rule);
	view_release(v);
	return rc ? (http_zerr(rs, &e), 1) : 0;
}

static json_t *tally_json(const struct tally *t)
{
	json_t *missing = json_array();
	if (t->no_first)
		json_array_append_new(missing, json_string(post_id(POST_FIRST_RESPONSIBLE)));
	if (t->no_direct)
		json_array_append_new(missing, json_string(post_id(POST_DIRECT_RESPONSIBLE)));
	return json_pack("{s:I, s:{s:I, s:I, s:I}, s:I, s:I, s:I, s:o}", "score", (json_int_t)t->score, "counts", "error",
			 (json_int_t)t->sev[SEV_ERROR], "warning", (json_int_t)t->sev[SEV_WARNING], "info",
			 (json_int_t)t->sev[SEV_INFO], "notices_overdue", (json_int_t)t->notices_overdue,
			 "incident_reports_late", (json_int_t)t->reports_late, "agreements_missing",
			 (json_int_t)t->agreements_missing, "responsible_missing", missing);
}

struct ranked {
	zidx org;
	struct tally t;
	json_t *by_rule;
};

static int by_score(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->t.score != y->t.score)
		return x->t.score > y->t.score ? -1 : 1;
	if (x->t.sev[SEV_ERROR] != y->t.sev[SEV_ERROR])
		return x->t.sev[SEV_ERROR] > y->t.sev[SEV_ERROR] ? -1 : 1;
	return x->org < y->org ? -1 : x->org > y->org;
}

static int depth_below(const struct facts *f, zidx org, zidx root)
{
	int d = 1;
	for (zidx u = f->orgs.v[org].parent; u >= 0 && u != root && d < ORG_DEPTH_MAX; u = f->orgs.v[u].parent)
		d++;
	return d;
}

/* GET /supervision/units: every unit below, ranked by its open findings weighted by severity,
 * with its counts by rule, overdue notices, late incident reports, missing 第一责任人 /
 * 直接责任人 and agreements; each row also sums its own subtree (a region's total). */
static int list_units(struct http_req *rq, struct http_resp *rs)
{
	struct subtree t;
	zdate as_of;
	char date[ZDATE_BUFSZ];
	if (api_as_of(rq, rs, &as_of) || subtree_of(rq, rs, &t))
		return 0;
	const struct facts *f = &t.root->facts;
	struct ranked *r = calloc(t.n ? t.n : 1, sizeof *r);
	json_t *totals = json_object(), *items = json_array();
	int rc = 0;
	if (!r || !totals || !items) {
		rc = http_error(rs, 500, "internal", NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < t.n; i++) {
		r[i].org = t.v[i];
		r[i].by_rule = json_object();
		if (unit_tally(rq, rs, f->orgs.v[t.v[i]].id, as_of, &r[i].t, r[i].by_rule))
			goto out;
	}
	for (size_t i = 0; i < t.n; i++) {
		const char *rule;
		json_t *n;
		json_object_foreach(r[i].by_rule, rule, n) {
			json_t *had = json_object_get(totals, rule);
			json_object_set_new(totals, rule, json_integer(json_integer_value(n) + (had ? json_integer_value(had) : 0)));
		}
	}
	qsort(r, t.n, sizeof *r, by_score);
	for (size_t i = 0; i < t.n; i++) {
		const struct org *o = &f->orgs.v[r[i].org];
		struct tally sub = {0};
		size_t units = 0;
		/* A region's total: the unit and every unit below it. */
		for (size_t k = 0; k < t.n; k++) {
			if (r[k].org != r[i].org && !org_is_below(f, r[k].org, r[i].org))
				continue;
			units++;
			sub.score += r[k].t.score;
			for (int s = 0; s < SEV_COUNT; s++)
				sub.sev[s] += r[k].t.sev[s];
			sub.notices_overdue += r[k].t.notices_overdue;
			sub.reports_late += r[k].t.reports_late;
			sub.agreements_missing += r[k].t.agreements_missing;
		}
		json_t *row = tally_json(&r[i].t);
		json_object_set_new(row, "rank", json_integer((json_int_t)i + 1));
		json_object_set_new(row, "org", json_string(o->id));
		json_object_set_new(row, "name", json_string(o->name));
		json_object_set_new(row, "kind", json_str_or_null(o->kind));
		json_object_set_new(row, "parent", json_str_or_null(o->parent >= 0 ? f->orgs.v[o->parent].id : NULL));
		json_object_set_new(row, "depth", json_integer(depth_below(f, r[i].org, t.root->org)));
		json_object_set_new(row, "by_rule", r[i].by_rule);
		r[i].by_rule = NULL;
		json_object_set_new(row, "subtree", json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "units", (json_int_t)units,
							      "score", (json_int_t)sub.score, "error",
							      (json_int_t)sub.sev[SEV_ERROR], "warning",
							      (json_int_t)sub.sev[SEV_WARNING], "info",
							      (json_int_t)sub.sev[SEV_INFO], "notices_overdue",
							      (json_int_t)sub.notices_overdue, "incident_reports_late",
							      (json_int_t)sub.reports_late));
		json_array_append_new(items, row);
	}
	rc = http_json(rs, 200,
		       json_pack("{s:s, s:s, s:s, s:{s:i, s:i, s:i}, s:o, s:o, s:I}", "as_of", date_format(as_of, date),
				 "root", f->orgs.v[t.root->org].id, "root_name", f->orgs.v[t.root->org].name, "weights",
				 "error", severity_weight[SEV_ERROR], "warning", severity_weight[SEV_WARNING], "info",
				 severity_weight[SEV_INFO], "by_rule", totals, "items", items, "total", (json_int_t)t.n));
	totals = items = NULL;
out:
	for (size_t i = 0; r && i < t.n; i++)
		json_decref(r[i].by_rule);
	free(r);
	json_decref(totals);
	json_decref(items);
	subtree_release(&t);
	return rc;
}

/* GET /supervision/trend: the subtree's open findings at the end of each of the 12 months up to
 * as_of (the last one as of as_of itself), in total and per unit. */
static int get_trend(struct http_req *rq, struct http_resp *rs)
{
	struct subtree t;
	zdate as_of, days[TREND_MONTHS];
	char date[ZDATE_BUFSZ];
	if (api_as_of(rq, rs, &as_of) || subtree_of(rq, rs, &t))
		return 0;
	const struct facts *f = &t.root->facts;
	int y, m, d;
	date_to_ymd(as_of, &y, &m, &d);
	for (int k = 0; k < TREND_MONTHS; k++) {
		zdate first = date_add_months(date_from_ymd(y, m, 1), k - (TREND_MONTHS - 1));
		int fy, fm, fd;
		date_to_ymd(first, &fy, &fm, &fd);
		days[k] = k == TREND_MONTHS - 1 ? as_of : date_from_ymd(fy, fm, date_days_in_month(fy, fm));
	}
	json_t *months = json_array(), *units = json_array();
	long score[TREND_MONTHS] = {0};
	size_t sev[TREND_MONTHS][SEV_COUNT];
	memset(sev, 0, sizeof sev);
	int rc = 0;
	for (size_t i = 0; i < t.n && !rc; i++) {
		json_t *scores = json_array();
		json_array_append_new(units, json_pack("{s:s, s:s, s:o}", "org", f->orgs.v[t.v[i]].id, "name",
						       f->orgs.v[t.v[i]].name, "scores", scores));
		for (int k = 0; k < TREND_MONTHS; k++) {
			struct tally u;
			if (unit_tally(rq, rs, f->orgs.v[t.v[i]].id, days[k], &u, NULL)) {
				rc = 1;
				break;
			}
			json_array_append_new(scores, json_integer(u.score));
			score[k] += u.score;
			for (int s = 0; s < SEV_COUNT; s++)
				sev[k][s] += u.sev[s];
		}
	}
	if (rc)
		goto out;
	for (int k = 0; k < TREND_MONTHS; k++) {
		char month[8];
		date_format(days[k], date);
		snprintf(month, sizeof month, "%.7s", date);
		json_array_append_new(months, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I}", "month", month, "as_of", date,
							"score", (json_int_t)score[k], "error",
							(json_int_t)sev[k][SEV_ERROR], "warning",
							(json_int_t)sev[k][SEV_WARNING], "info", (json_int_t)sev[k][SEV_INFO]));
	}
	rc = http_json(rs, 200, json_pack("{s:s, s:o, s:o}", "as_of", date_format(as_of, date), "months", months, "units", units));
	months = units = NULL;
out:
	json_decref(months);
	json_decref(units);
	subtree_release(&t);
	return rc;
}

/* ---- notices sent down -------------------------------------------------------------------------- */

/* One unit's copy of a notice the account's unit sent down, as the supervisor's list shows it:
 * the unit's own status (deadline, rectification, feedback) and the findings it raises there. */
static json_t *sent_row(struct unit_view *v, zidx ni, const struct findings *fs, zdate as_of)
{
	const struct facts *f = &v->facts;
	struct notice_status st;
	char d[ZDATE_BUFSZ];
	notice_status(f, v->cal, ni, notice_workdays(v->policy, f->notices.v[ni].received_on), as_of, &st);
	json_t *row = notice_json(f, ni), *rules = json_array();
	if (!row || !rules) {
		json_decref(row);
		json_decref(rules);
		return NULL;
	}
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].notice == ni)
			json_array_append_new(rules, json_pack("{s:s, s:s}", "rule", fs->v[i].rule->id, "severity",
							       severity_id(fs->v[i].rule->severity)));
	json_object_set_new(row, "org_name", json_string(f->orgs.v[v->org].name));
	json_object_set_new(row, "status", json_string(st.rectified_by ? "rectified" : "open"));
	json_object_set_new(row, "deadline", json_string(date_format(st.due, d)));
	json_object_set_new(row, "working_days_left", st.rectified ? json_null() : json_integer(st.workdays_left));
	json_object_set_new(row, "overdue", json_boolean(st.overdue));
	json_object_set_new(row, "findings", rules);
	return row;
}

/* GET /supervision/notices: the notices the account's unit sent down, one row per unit, with
 * the ones that raise findings (overdue, late, no feedback) on top of the list's counts. */
static int list_sent(struct http_req *rq, struct http_resp *rs)
{
	struct subtree t;
	struct page pg;
	zdate as_of;
	char date[ZDATE_BUFSZ];
	struct zerr e = {0};
	int open;
	if (api_page(rq, rs, &pg) || api_as_of(rq, rs, &as_of) || api_bool_query(rq, rs, "open", &open) ||
	    subtree_of(rq, rs, &t))
		return 0;
	const struct facts *rf = &t.root->facts;
	const char *me = rf->orgs.v[t.root->org].id, *doc = http_query(rq, "document_no");
	json_t *items = json_array();
	size_t total = 0, overdue = 0, rectified = 0, feedback = 0, flagged = 0;
	bool failed = false; /* the error is in rs already */
	for (size_t i = 0; i < t.n && !failed; i++) {
		struct unit_view *v;
		const struct findings *fs;
		if (view_acquire(rq->w, rf->orgs.v[t.v[i]].id, &v, &e)) {
			http_zerr(rs, &e);
			failed = true;
			break;
		}
		if (view_findings(rq->w, v, as_of, &fs, &e)) {
			view_release(v);
			http_zerr(rs, &e);
			failed = true;
			break;
		}
		const struct facts *f = &v->facts;
		FACTS_EACH(f, notice, v->org, ni) {
			const struct notice *n = &f->notices.v[ni];
			if (!n->issuer_org || strcmp(n->issuer_org, me) != 0 || n->received_on > as_of)
				continue;
			if (doc && *doc && (!n->document_no || strcmp(n->document_no, doc) != 0))
				continue;
			bool done = n->rectified_on != ZDATE_NONE && n->rectified_on <= as_of;
			if (open == 1 && done)
				continue;
			json_t *row = sent_row(v, ni, fs, as_of);
			if (!row)
				continue;
			overdue += json_is_true(json_object_get(row, "overdue"));
			rectified += done;
			feedback += n->feedback_on != ZDATE_NONE && n->feedback_on <= as_of;
			flagged += json_array_size(json_object_get(row, "findings")) > 0;
			if (page_has(&pg, total))
				json_array_append_new(items, row);
			else
				json_decref(row);
			total++;
		}
		view_release(v);
	}
	if (failed) {
		json_decref(items);
		subtree_release(&t);
		return 0;
	}
	json_t *root = json_pack("{s:s, s:{s:I, s:I, s:I, s:I}, s:o, s:I, s:I, s:I}", "as_of", date_format(as_of, date),
				 "counts", "overdue", (json_int_t)overdue, "rectified", (json_int_t)rectified,
				 "feedback", (json_int_t)feedback, "with_findings", (json_int_t)flagged, "items", items,
				 "total", (json_int_t)total, "page", (json_int_t)pg.page, "per_page",
				 (json_int_t)pg.per_page);
	subtree_release(&t);
	return http_json(rs, 200, root);
}

/* POST /supervision/notices: one 通报 sent down to one or many units below, written into each
 * as the unit's own notice (id "<id>-<unit>", issuer_org the sender) in one change. Its
 * deadline: rectify_by when given, else working_days after receipt in the unit's calendar,
 * else nothing — the unit's policy's notice rule then sets it, as for any notice. */
static int send_notice(struct http_req *rq, struct http_resp *rs)
{
	static const char *const keys[] = {"id", "document_no", "title", "units", "systems", "received_on",
					   "working_days", "rectify_by", NULL};
	struct subtree t;
	json_t *body = rq->json, *units, *systems, *x, *notices = NULL, *doc = NULL;
	const char *key;
	size_t i;
	zdate received = date_today(), by = ZDATE_NONE;
	int rc = 0;
	if (!json_is_object(body))
		return http_error(rs, 422, "invalid", NULL, "the body must be a JSON object");
	json_object_foreach(body, key, x) {
		bool known = false;
		for (const char *const *k = keys; *k && !known; k++)
			known = strcmp(*k, key) == 0;
		if (!known)
			return http_error(rs, 422, "invalid", key, "%s: unknown field", key);
	}
	const char *id = json_string_value(json_object_get(body, "id"));
	const char *title = json_string_value(json_object_get(body, "title"));
	json_t *wd = json_object_get(body, "working_days"), *doc_no = json_object_get(body, "document_no");
	units = json_object_get(body, "units");
	systems = json_object_get(body, "systems");
	if (!id || !*id)
		return http_error(rs, 422, "invalid", "id", "id: required, a string");
	if (!title || !*title)
		return http_error(rs, 422, "invalid", "title", "title: required, a string");
	if (doc_no && !json_is_null(doc_no) && !json_is_string(doc_no))
		return http_error(rs, 422, "invalid", "document_no", "document_no: a string");
	if (!json_is_array(units) || json_array_size(units) == 0 || json_array_size(units) > SEND_UNITS_MAX)
		return http_error(rs, 422, "invalid", "units", "units: 1 to %d unit ids", SEND_UNITS_MAX);
	if (systems && !json_is_null(systems) && !json_is_array(systems))
		return http_error(rs, 422, "invalid", "systems", "systems: an array of system ids");
	if (wd && !json_is_null(wd) && (!json_is_integer(wd) || json_integer_value(wd) < 1 || json_integer_value(wd) > 60))
		return http_error(rs, 422, "invalid", "working_days", "working_days: an integer from 1 to 60");
	x = json_object_get(body, "received_on");
	if (x && !json_is_null(x) && (!json_is_string(x) || !date_parse(json_string_value(x), &received)))
		return http_error(rs, 422, "invalid", "received_on", "received_on: a date YYYY-MM-DD");
	x = json_object_get(body, "rectify_by");
	if (x && !json_is_null(x) && (!json_is_string(x) || !date_parse(json_string_value(x), &by)))
		return http_error(rs, 422, "invalid", "rectify_by", "rectify_by: a date YYYY-MM-DD");
	if (by != ZDATE_NONE && wd && !json_is_null(wd))
		return http_error(rs, 422, "invalid", "working_days", "give working_days or rectify_by, not both");
	if (subtree_of(rq, rs, &t))
		return 0;
	const struct facts *rf = &t.root->facts;
	const char *me = rf->orgs.v[t.root->org].id;
	json_t *used = json_object(); /* systems placed in a unit's copy */
	notices = json_array();
	if (!used || !notices) {
		rc = http_error(rs, 500, "internal", NULL, "out of memory");
		goto out;
	}
	json_array_foreach(units, i, x) {
		char field[32], nid[IMPORT_MAX_ID + 8], d[ZDATE_BUFSZ];
		const char *org = json_string_value(x);
		struct unit_view *v;
		struct zerr e = {0};
		snprintf(field, sizeof field, "units[%zu]", i);
		if (!org || subtree_find(&t, org) < 0) {
			rc = http_error(rs, 422, "invalid", field, "%s: '%s' is not a unit below %s", field,
					org ? org : "?", me);
			goto out;
		}
		if ((size_t)snprintf(nid, sizeof nid, "%s-%s", id, org) > IMPORT_MAX_ID) {
			rc = http_error(rs, 422, "invalid", "id", "id: too long for '%s-%s'", id, org);
			goto out;
		}
		if (view_acquire(rq->w, org, &v, &e)) {
			rc = http_zerr(rs, &e);
			goto out;
		}
		const struct facts *f = &v->facts;
		json_t *mine = json_array(), *sy;
		size_t j;
		json_array_foreach(systems, j, sy) {
			zidx si = json_is_string(sy) ? hmap_get(&f->system_ids, json_string_value(sy)) : ZIDX_NONE;
			if (si >= 0 && f->systems.v[si].org == v->org) {
				json_array_append(mine, sy);
				json_object_set_new(used, json_string_value(sy), json_true());
			}
		}
		zdate due = by;
		if (wd && !json_is_null(wd))
			due = cal_add_workdays(v->cal, received, (int)json_integer_value(wd), NULL);
		json_t *n = json_pack("{s:s, s:s, s:s, s:s, s:O, s:s, s:o, s:s}", "id", nid, "org", org, "issuer",
				      rf->orgs.v[t.root->org].name, "issuer_org", me, "document_no",
				      doc_no ? doc_no : json_null(), "title", title, "systems", mine, "received_on",
				      date_format(received, d));
		if (n && due != ZDATE_NONE)
			json_object_set_new(n, "rectify_by", json_string(date_format(due, d)));
		bool taken = hmap_get(&f->notice_ids, nid) >= 0;
		view_release(v);
		if (taken) {
			json_decref(n);
			rc = http_error(rs, 409, "conflict", "id", "notice '%s' exists already", nid);
			goto out;
		}
		json_array_append_new(notices, n);
	}
	json_array_foreach(systems, i, x) {
		if (!json_is_string(x) || !json_object_get(used, json_string_value(x))) {
			char field[32];
			snprintf(field, sizeof field, "systems[%zu]", i);
			rc = http_error(rs, 422, "invalid", field, "%s: '%s' is no system of the units it is sent to",
					field, json_is_string(x) ? json_string_value(x) : "?");
			goto out;
		}
	}
	/* One change for all the units: every copy is written, or none. */
	char object[IMPORT_MAX_ID + 210];
	snprintf(object, sizeof object, "%s/%s", me, id);
	http_audit(rs, "supervision.notice.send", object, json_deep_copy(body));
	doc = json_pack("{s:O}", "notices", notices);
	struct import_opts opts = {0};
	struct zerr e = {0};
	if (!doc || api_import(rq, rs, NULL, 0, doc, &opts, NULL, &e)) {
		rc = e.code ? http_zerr(rs, &e) : http_error(rs, 500, "internal", NULL, "out of memory");
		goto out;
	}
	rc = http_json(rs, 201, json_pack("{s:s, s:O}", "id", id, "notices", notices));
out:
	json_decref(used);
	json_decref(notices);
	json_decref(doc);
	subtree_release(&t);
	return rc;
}

const struct route api_supervision_routes[] = {
	{HTTP_GET, "/api/v1/supervision/units", list_units, PERM_SUPERVISE, 0, false},
	{HTTP_GET, "/api/v1/supervision/trend", get_trend, PERM_SUPERVISE, 0, false},
	{HTTP_GET, "/api/v1/supervision/notices", list_sent, PERM_SUPERVISE, 0, false},
	{HTTP_POST, "/api/v1/supervision/notices", send_notice, PERM_SUPERVISE, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
