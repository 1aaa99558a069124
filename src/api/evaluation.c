/* The yearly evaluation (考核) over HTTP: the indicators of the unit's policy, its rounds, and
 * each step of a round (core/rounds.h). The office runs rounds and scores; a department (its
 * liaison) sees only its own sheet and objects to it; the leader publishes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/evaluation_report.h"
#include "core/evidence.h"
#include "core/render.h"
#include "core/rounds.h"
#include "doc/xlsx.h"

static struct change request_change(struct http_req *rq, const char *org)
{
	return (struct change){.actor = rq->who->username, .source = rq->source, .unit = org};
}

static int64_t round_id(struct http_req *rq, struct http_resp *rs)
{
	const char *s = http_param(rq, "id");
	char *end = NULL;
	long long id = s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || id <= 0) {
		http_error(rs, 404, "not_found", NULL, "no evaluation round '%s'", s ? s : "");
		return 0;
	}
	return id;
}

static bool is_office(const struct http_req *rq)
{
	return rq->who->roles & ROLE_BIT(ROLE_OFFICE);
}

/* The sheet with only the items assigned to the account, or NULL when none is. */
static json_t *assigned_part(struct http_req *rq, json_t *round, json_t *sh)
{
	json_t *items = json_array(), *it;
	size_t k;
	const char *kind = json_string_value(json_object_get(sh, "kind")), *id = json_string_value(json_object_get(sh, "id"));
	json_array_foreach(json_object_get(sh, "items"), k, it)
		if (round_assigned(round, rq->who->username, kind, id, json_string_value(json_object_get(it, "indicator"))))
			json_array_append(items, it);
	if (!json_array_size(items)) {
		json_decref(items);
		return NULL;
	}
	/* the items, not the sheet's totals, grade or rank */
	return json_pack("{s:O, s:O, s:O, s:o, s:b}", "kind", json_object_get(sh, "kind"), "id", json_object_get(sh, "id"),
			 "name", json_object_get(sh, "name"), "items", items, "assigned", 1);
}

/* The sheets the account may see: all for office and leader; a department's own (and those of
 * the departments under it) for its liaison; none for staff; and to a scorer, the items
 * assigned to it. Only the office sees every scorer's assignment. */
static void narrow(struct http_req *rq, const struct unit_view *v, json_t *round)
{
	json_t *sheets = json_object_get(json_object_get(round, "result"), "sheets"), *keep, *sh, *part;
	json_t *objections, *o, *mine = json_array();
	size_t i;
	if (!is_office(rq)) {
		json_array_foreach(json_object_get(round, "assignments"), i, o)
			if (!strcmp(json_string_value(json_object_get(o, "scorer")), rq->who->username))
				json_array_append(mine, o);
		json_object_set(round, "assignments", mine);
	}
	json_decref(mine);
	if (scope_whole_unit(rq))
		return;
	keep = json_array();
	objections = json_array();
	json_array_foreach(sheets, i, sh) {
		const char *id = json_string_value(json_object_get(sh, "id"));
		zidx di = id ? hmap_get(&v->facts.dept_ids, id) : ZIDX_NONE;
		if (!strcmp(json_string_value(json_object_get(sh, "kind")), "department") && di >= 0 &&
		    scope_dept(rq, &v->facts, di))
			json_array_append(keep, sh);
		else if ((part = assigned_part(rq, round, sh)))
			json_array_append_new(keep, part);
	}
	json_array_foreach(json_object_get(round, "objections"), i, o) {
		const char *id = json_string_value(json_object_get(o, "department"));
		zidx di = id ? hmap_get(&v->facts.dept_ids, id) : ZIDX_NONE;
		if (di >= 0 && scope_dept(rq, &v->facts, di))
			json_array_append(objections, o);
	}
	json_object_set_new(json_object_get(round, "result"), "sheets", keep);
	json_object_set_new(round, "objections", objections);
}

/* The round of the route, of the route's unit, narrowed to what the account may see. */
static json_t *get_round(struct http_req *rq, struct http_resp *rs, struct unit_view *v)
{
	struct zerr e = {0};
	json_t *round = NULL;
	int64_t id = round_id(rq, rs);
	if (!id)
		return NULL;
	if (round_get(rq->w->store, id, NULL, 0, &round, &e)) {
		http_zerr(rs, &e);
		return NULL;
	}
	if (strcmp(json_string_value(json_object_get(round, "org")), v->facts.orgs.v[v->org].id)) {
		json_decref(round);
		http_error(rs, 404, "not_found", NULL, "unit %s has no evaluation round %lld", v->facts.orgs.v[v->org].id,
			   (long long)id);
		return NULL;
	}
	narrow(rq, v, round);
	return round;
}

static json_t *measure_json(const struct measure *m)
{
	json_t *ids = json_array();
	for (int k = 0; k < m->nids; k++)
		json_array_append_new(ids, json_string(m->ids[k]));
	json_t *j = json_pack("{s:s, s:o, s:f}", "of", measure_of_id(m->of), "ids", ids, "points", m->points);
	if (m->of == MO_FINDINGS) {
		json_object_set_new(j, "severity", json_string(severity_id(m->severity)));
		json_object_set_new(j, "per", json_string(m->per_day ? "day" : "item"));
	}
	if (m->of == MO_INCIDENTS)
		json_object_set_new(j, "min_grade", json_string(grade_id(m->min_grade)));
	if (m->max > 0)
		json_object_set_new(j, "max", json_real(m->max));
	return j;
}

UNIT_HANDLER(indicators)
{
	const struct evaluation_def *ev = v->policy ? v->policy->evaluation : NULL;
	if (!ev)
		return http_error(rs, 404, "not_found", NULL, "the unit's policy has no evaluation indicators");
	json_t *items = json_array(), *grades = json_array();
	for (int i = 0; i < ev->n; i++) {
		const struct indicator *x = &ev->v[i];
		json_t *j = json_pack("{s:s, s:s, s:s?, s:s?, s:s, s:f}", "id", x->id, "title", x->title_zh, "title_en",
				      x->title_en, "parent", x->parent >= 0 ? ev->v[x->parent].id : NULL, "scoring",
				      indicator_scoring_id(x->scoring), "marks", x->marks);
		if (x->applies >= 0)
			json_object_set_new(j, "applies_to", json_string(indicator_applies_id(x->applies)));
		if (x->guide_zh)
			json_object_set_new(j, "guide", json_string(x->guide_zh));
		json_t *d = json_array(), *a = json_array();
		for (int k = 0; k < x->ndeduct; k++)
			json_array_append_new(d, measure_json(&x->deduct[k]));
		for (int k = 0; k < x->naward; k++)
			json_array_append_new(a, measure_json(&x->award[k]));
		json_object_set_new(j, "deduct", d);
		json_object_set_new(j, "award", a);
		if (x->scoring == IS_VETO)
			json_object_set_new(j, "veto", measure_json(&x->veto));
		json_object_set_new(j, "citations", citations_json(x->citations, x->ncitations, true));
		json_array_append_new(items, j);
	}
	for (int i = 0; i < ev->ngrades; i++)
		json_array_append_new(grades, json_pack("{s:s, s:s, s:s?, s:f}", "id", ev->grades[i].id, "name",
							ev->grades[i].name_zh, "name_en", ev->grades[i].name_en, "min",
							ev->grades[i].min));
	json_t *reply = json_pack("{s:s, s:o, s:o, s:i}", "policy", v->policy->id, "indicators", items, "grades", grades,
				  "objection_workdays", ev->objection_workdays);
	return http_json(rs, 200, reply);
}

UNIT_HANDLER(list_rounds)
{
	struct zerr e = {0};
	json_t *list = NULL;
	if (round_list(rq->w->store, v->facts.orgs.v[v->org].id, &list, &e))
		return http_zerr(rs, &e);
	json_t *r;
	size_t i;
	json_array_foreach(list, i, r) {
		/* narrow() works on a round's shape: lend it one */
		json_t *shape = json_pack("{s:{s:O}, s:[]}", "result", "sheets", json_object_get(r, "sheets"), "objections");
		narrow(rq, v, shape);
		json_object_set(r, "sheets", json_object_get(json_object_get(shape, "result"), "sheets"));
		json_decref(shape);
	}
	return http_json(rs, 200, json_pack("{s:o}", "items", list));
}

UNIT_HANDLER(show_round)
{
	json_t *round = get_round(rq, rs, v);
	return round ? http_json(rs, 200, round) : 0;
}

/* A step's reply: its refusal (rc nonzero, e), or the round as it is now, as the account may
 * see it. */
static int reply_round(struct http_req *rq, struct http_resp *rs, struct unit_view *v, int64_t id, int status, int rc,
		       struct zerr *e)
{
	json_t *round = NULL;
	if (rc || round_get(rq->w->store, id, NULL, 0, &round, e))
		return http_zerr(rs, e);
	narrow(rq, v, round);
	return http_json(rs, status, round);
}

static const char *body_str(struct http_req *rq, const char *key)
{
	return json_string_value(json_object_get(rq->json, key));
}

UNIT_HANDLER(open_round)
{
	struct zerr e = {0};
	const char *org = v->facts.orgs.v[v->org].id, *as_of_s = body_str(rq, "as_of");
	json_t *jy = json_object_get(rq->json, "year");
	zdate as_of = ZDATE_NONE;
	int64_t id = 0;
	if (!json_is_integer(jy)) {
		http_error(rs, 422, "invalid", "year", "year is required: the year to evaluate, e.g. 2025");
	} else if (as_of_s && !date_parse(as_of_s, &as_of)) {
		http_error(rs, 422, "invalid", "as_of", "as_of must be a date YYYY-MM-DD");
	} else {
		struct change c = request_change(rq, org);
		rs->audited = true; /* done or refused, recorded by the change itself */
		int rc = round_open(rq->w->store, rq->w->srv->policies, &c, org, (int)json_integer_value(jy), as_of,
				    body_str(rq, "reason"), &id, &e);
		reply_round(rq, rs, v, id, 201, rc, &e);
	}
	return 0;
}

/* {kind, subject, indicator, score, comment, evidence: [sha256…]}: a manual item, or an
 * adjustment the office makes when it answers an objection. */
UNIT_HANDLER(score_item)
{
	struct zerr e = {0};
	const char *org = v->facts.orgs.v[v->org].id, *kind = body_str(rq, "kind"), *subject = body_str(rq, "subject"),
		   *indicator = body_str(rq, "indicator");
	json_t *js = json_object_get(rq->json, "score"), *ev = json_object_get(rq->json, "evidence"), *files = NULL;
	int64_t id = round_id(rq, rs);
	if (!id)
		goto out;
	if (!kind || !subject || !indicator || !json_is_number(js)) {
		http_error(rs, 422, "invalid", !kind ? "kind" : !subject ? "subject" : !indicator ? "indicator" : "score",
			   "kind, subject, indicator and a numeric score are required");
		goto out;
	}
	if (ev && !json_is_array(ev)) {
		http_error(rs, 422, "invalid", "evidence", "evidence is a list of uploaded files' SHA-256");
		goto out;
	}
	files = json_array();
	json_t *it;
	size_t i;
	json_array_foreach(ev, i, it) {
		char name[EVIDENCE_NAME_MAX + 1];
		int64_t size;
		const char *sha = json_string_value(it);
		if (i >= 32 || !sha || !evidence_sha256_valid(sha) ||
		    evidence_info(rq->w->srv->data_dir, sha, &size, name, &e)) {
			http_error(rs, 422, "invalid", "evidence", "evidence[%zu]: no uploaded file has that SHA-256", i);
			goto out;
		}
		json_array_append_new(files, json_pack("{s:s, s:s, s:I}", "sha256", sha, "name", name, "size", (json_int_t)size));
	}
	struct change c = request_change(rq, org);
	rs->audited = true;
	/* the office scores any item; anyone else what the round assigns to them */
	int rc = round_score(rq->w->store, rq->w->srv->policies, &c, id, kind, subject, indicator, json_number_value(js),
			     body_str(rq, "comment"), json_array_size(files) ? files : NULL, !is_office(rq), &e);
	reply_round(rq, rs, v, id, 200, rc, &e);
out:
	json_decref(files);
	return 0;
}

/* {scorer, indicators: [id…], departments?: [id…]}: the office assigns manual items to a scorer. */
UNIT_HANDLER(assign)
{
	struct zerr e = {0};
	const char *org = v->facts.orgs.v[v->org].id, *scorer = body_str(rq, "scorer");
	json_t *inds = json_object_get(rq->json, "indicators"), *depts = json_object_get(rq->json, "departments");
	int64_t id = round_id(rq, rs);
	if (!id)
		return 0;
	if (!scorer || !json_is_array(inds) || (depts && !json_is_null(depts) && !json_is_array(depts))) {
		http_error(rs, 422, "invalid", !scorer ? "scorer" : !json_is_array(inds) ? "indicators" : "departments",
			   "scorer (a username) and indicators (a list of manual indicators) are required; departments is a list");
		return 0;
	}
	struct change c = request_change(rq, org);
	rs->audited = true;
	int rc = round_assign(rq->w->store, rq->w->srv->policies, &c, id, scorer, inds, json_is_array(depts) ? depts : NULL, &e);
	reply_round(rq, rs, v, id, 200, rc, &e);
	return 0;
}

enum step { STEP_RELEASE, STEP_OBJECT, STEP_RESOLVE, STEP_PUBLISH };

static int step(struct http_req *rq, struct http_resp *rs, enum step which)
{
	struct unit_view *v;
	struct zerr e = {0};
	zdate today;
	if (api_unit(rq, rs, &v))
		return 0;
	const char *org = v->facts.orgs.v[v->org].id;
	int64_t id = round_id(rq, rs);
	int rc = 0;
	if (!id || api_as_of(rq, rs, &today))
		goto out;
	struct change c = request_change(rq, org);
	if (which == STEP_OBJECT) {
		const char *dept = body_str(rq, "department");
		zidx di = dept ? hmap_get(&v->facts.dept_ids, dept) : ZIDX_NONE;
		/* a department objects to its own sheet (the office may record it for them) */
		if (di < 0 || v->facts.depts.v[di].org != v->org) {
			http_error(rs, 422, "invalid", "department", "no department '%s' in unit %s", dept ? dept : "", org);
			goto out;
		}
		if (!scope_write_dept(rq, &v->facts, di)) {
			http_error(rs, 403, "out_of_scope", "department",
				   "无权对其他部门的考核结果提出异议 / you may object only to your own department's sheet");
			goto out;
		}
		rs->audited = true;
		rc = round_object(rq->w->store, &c, id, dept, body_str(rq, "reason"), today, &e);
	} else if (which == STEP_RESOLVE) {
		rs->audited = true;
		rc = round_resolve(rq->w->store, &c, id, http_param(rq, "department"), body_str(rq, "answer"), &e);
	} else if (which == STEP_RELEASE) {
		rs->audited = true;
		rc = round_release(rq->w->store, rq->w->srv->policies, &c, id, today, &e);
	} else {
		rs->audited = true;
		rc = round_publish(rq->w->store, rq->w->srv->policies, &c, rq->w->srv->data_dir, id, today, &e);
	}
	reply_round(rq, rs, v, id, 200, rc, &e);
out:
	view_release(v);
	return 0;
}

/* The round {id} of the route's unit, what the account may see of it; NULL with rs filled. */
static json_t *visible_round(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	if (api_unit(rq, rs, &v))
		return NULL;
	json_t *round = get_round(rq, rs, v);
	view_release(v);
	return round;
}

static int write_xlsx(void *round, const char *path, struct zerr *e)
{
	return eval_xlsx(round, path, e);
}

/* What the account may see of the round: as a printable report (HTML for A4), as PDF (cairo +
 * pango, doc/pdf.h) or the whole sheet as an Excel workbook — the last two downloaded as
 * evaluation-ORG-YEAR-vVERSION.ext. */
enum round_file { ROUND_HTML, ROUND_PDF, ROUND_XLSX };

static int send_round(struct http_req *rq, struct http_resp *rs, enum round_file as)
{
	struct zerr e = {0};
	struct strbuf b = STRBUF_INIT;
	char name[256];
	json_t *round = visible_round(rq, rs);
	if (!round)
		return 0;
	int rc = as == ROUND_HTML ? eval_report_html(round, &b, &e)
		 : as == ROUND_PDF ? eval_report_pdf(round, NULL, &b, NULL, &e)
				   : api_workbook_bytes(write_xlsx, round, &b, &e);
	if (rc) {
		http_zerr(rs, &e);
	} else if (as == ROUND_HTML) {
		http_text(rs, 200, "text/html; charset=utf-8", b.buf, b.len);
	} else {
		snprintf(name, sizeof name, "evaluation-%s-%lld-v%lld.%s", json_string_value(json_object_get(round, "org")),
			 (long long)json_integer_value(json_object_get(round, "year")),
			 (long long)json_integer_value(json_object_get(round, "version")), as == ROUND_PDF ? "pdf" : "xlsx");
		api_download(rs, as == ROUND_PDF ? "application/pdf" : XLSX_TYPE, b.buf, b.len, name);
	}
	sb_release(&b);
	json_decref(round);
	return 0;
}

static int report(struct http_req *rq, struct http_resp *rs) { return send_round(rq, rs, ROUND_HTML); }
static int report_pdf(struct http_req *rq, struct http_resp *rs) { return send_round(rq, rs, ROUND_PDF); }
static int export_xlsx(struct http_req *rq, struct http_resp *rs) { return send_round(rq, rs, ROUND_XLSX); }
static int release(struct http_req *rq, struct http_resp *rs) { return step(rq, rs, STEP_RELEASE); }
static int object(struct http_req *rq, struct http_resp *rs) { return step(rq, rs, STEP_OBJECT); }
static int resolve(struct http_req *rq, struct http_resp *rs) { return step(rq, rs, STEP_RESOLVE); }
static int publish(struct http_req *rq, struct http_resp *rs) { return step(rq, rs, STEP_PUBLISH); }

const struct route api_evaluation_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/evaluation/indicators", indicators, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/evaluations", list_rounds, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/evaluations", open_round, PERM_OFFICE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/evaluations/{id}", show_round, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/evaluations/{id}/report", report, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/evaluations/{id}/export.xlsx", export_xlsx, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/evaluations/{id}/scores", score_item, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/evaluations/{id}/release", release, PERM_OFFICE, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/evaluations/{id}/objections", object, PERM_WRITE, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/evaluations/{id}/objections/{department}/resolve", resolve, PERM_OFFICE, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/evaluations/{id}/publish", publish, PERM_LEADER, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/evaluations/{id}/assignments", assign, PERM_OFFICE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/evaluations/{id}/report.pdf", report_pdf, PERM_READ, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
