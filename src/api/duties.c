/* Recurring duties: their occurrences with status, the policy's definitions, recording one
 * done (through the importer) and the evidence files behind the records. */
#include <string.h>

#include "api/records.h"
#include "core/duties.h"
#include "core/evidence.h"

#define MAX_EVIDENCE 64 /* files named in one record request */

/* Office and leader see every duty of the unit; a liaison those of their departments; anyone
 * the duties they answer for themselves. */
static bool duty_visible(const struct http_req *rq, const struct unit_view *v, const struct obligation_def *o,
			 zidx dept, zdate on)
{
	if (has_role(rq, ROLE_OFFICE) || has_role(rq, ROLE_LEADER))
		return true;
	if (dept >= 0 && scope_dept(rq, &v->facts, dept))
		return true;
	zidx p = scope_me(rq, &v->facts);
	return p >= 0 && duty_person_owes(&v->facts, v->org, p, o, dept, on);
}

static bool record_visible(const struct http_req *rq, const struct unit_view *v, zidx ri)
{
	const struct obligation_record *r = &v->facts.records.v[ri];
	const struct obligation_def *o = v->policy ? policy_obligation(v->policy, r->obligation) : NULL;
	if (has_role(rq, ROLE_OFFICE) || has_role(rq, ROLE_LEADER))
		return true;
	if (r->by >= 0 && r->by == scope_me(rq, &v->facts))
		return true;
	return o && duty_visible(rq, v, o, r->dept, date_today());
}

UNIT_HANDLER(list_obligations)
{
	struct page pg;
	zdate as_of;
	struct duty_list duties = {0};
	struct zerr e = {0};
	const struct facts *f = &v->facts;
	const struct policy *policy;
	const char *status = http_query(rq, "status"), *obligation = http_query(rq, "obligation");
	zidx di;
	int want = status && *status ? duty_status_from_id(status) : -1;
	json_t *items = NULL;
	size_t total = 0;
	char key[1024];
	if (view_memo_list(rq, rs, v, key, sizeof key) || api_page(rq, rs, &pg) || api_as_of(rq, rs, &as_of) ||
	    api_dept_query(rq, rs, v, &di))
		goto out;
	policy = view_policy_at(v, as_of); /* the duties of that day, of the version then in force */
	if (obligation && *obligation && (!policy || !policy_obligation(policy, obligation))) {
		http_error(rs, 400, "bad_parameter", "obligation", "the unit's policy has no obligation '%s'", obligation);
		goto out;
	}
	if (status && *status && want < 0) {
		http_error(rs, 400, "bad_parameter", "status", "status must be done, overdue or open, not '%s'", status);
		goto out;
	}
	if (duties_list(f, v->cal, policy, v->org, as_of, as_of - DUTY_WINDOW_BACK, as_of + DUTY_WINDOW_AHEAD, &duties,
			&e)) {
		http_zerr(rs, &e);
		goto out;
	}
	items = json_array();
	for (size_t i = 0; i < duties.n; i++) {
		const struct duty *d = &duties.v[i];
		if ((di >= 0 && !api_dept_under(f, d->dept, di)) || (want >= 0 && d->status != want) ||
		    (obligation && *obligation && strcmp(obligation, d->o->id) != 0) ||
		    !duty_visible(rq, v, d->o, d->dept, as_of))
			continue;
		if (page_has(&pg, total))
			json_array_append_new(items, duty_json(f, v->org, d, DUTY_JSON_API));
		total++;
	}
	api_paged_memo(rs, v, key, items, total, &pg);
out:
	duties_release(&duties);
	return 0;
}

UNIT_HANDLER(list_defs)
{
	struct page pg;
	if (!api_page(rq, rs, &pg)) {
		json_t *items = json_array();
		int n = v->policy ? v->policy->nobligations : 0;
		for (int i = 0; i < n; i++)
			if (page_has(&pg, (size_t)i))
				json_array_append_new(items, obligation_def_json(&v->policy->obligations[i]));
		api_paged(rs, items, (size_t)n, &pg);
	}
	return 0;
}

/* The name to keep for a file named by its hash alone: the name a record of the unit already
 * gives it, else the name it was uploaded under. */
static void evidence_name(const struct facts *f, zidx u, const char *sha, const char *uploaded, char *out, size_t len)
{
	FACTS_EACH(f, record, u, ri) {
		for (zidx k = f->ix.record_evidence[ri]; k < f->ix.record_evidence[ri + 1]; k++) {
			const struct evidence *ev = &f->evidence.v[f->ix.evidence_by_record[k]];
			if (strcmp(ev->sha256, sha) == 0) {
				snprintf(out, len, "%s", ev->name);
				return;
			}
		}
	}
	if (uploaded[0])
		snprintf(out, len, "%s", uploaded);
	else
		snprintf(out, len, "evidence-%.12s", sha);
}

/* The record's evidence: what it has already (the CLI adds files the same way) and the files
 * the request names, each [{sha256, name, size}] and kept in the data directory. Fills rs and
 * returns NULL when one is bad. */
static json_t *merge_evidence(struct http_req *rq, struct http_resp *rs, const struct unit_view *v, zidx ri,
			      json_t *given)
{
	const char *dir = rq->w->srv->data_dir;
	json_t *list = record_evidence_json(&v->facts, ri), *item;
	size_t i;
	if (!list)
		return NULL;
	if (!api_body_list(rs, json_is_null(given) ? NULL : given, "evidence", MAX_EVIDENCE, "invalid",
			   "evidence must be a list of SHA-256 hashes of uploaded files", "evidence files at once"))
		goto fail;
	json_array_foreach(given, i, item) {
		char field[32], uploaded[EVIDENCE_NAME_MAX + 1], name[EVIDENCE_NAME_MAX + 1];
		const char *sha = json_is_object(item) ? json_string_value(json_object_get(item, "sha256"))
						       : json_string_value(item);
		const char *asked = json_is_object(item) ? json_string_value(json_object_get(item, "name")) : NULL;
		int64_t size;
		struct zerr e = {0};
		snprintf(field, sizeof field, "evidence[%zu]", i);
		if (!evidence_sha256_valid(sha)) {
			http_error(rs, 422, "invalid", field, "%s must be the SHA-256 (64 lowercase hex digits) of an uploaded file",
				   field);
			goto fail;
		}
		if (evidence_info(dir, sha, &size, uploaded, &e)) {
			if (e.code == ZE_NOTFOUND)
				http_error(rs, 422, "invalid", field, "%s: no uploaded file has SHA-256 %s", field, sha);
			else
				http_zerr(rs, &e);
			goto fail;
		}
		bool have = false;
		for (size_t k = 0; k < json_array_size(list) && !have; k++)
			have = strcmp(json_string_value(json_object_get(json_array_get(list, k), "sha256")), sha) == 0;
		if (have)
			continue;
		if (asked && *asked)
			evidence_sanitize_name(asked, name);
		else
			evidence_name(&v->facts, v->org, sha, uploaded, name, sizeof name);
		json_array_append_new(list, json_pack("{s:s, s:s, s:I}", "sha256", sha, "name", name, "size", (json_int_t)size));
	}
	return list;
fail:
	json_decref(list);
	return NULL;
}

UNIT_HANDLER(record_duty)
{
	json_t *rec = NULL, *evidence, *reply = NULL;
	const struct facts *f = &v->facts;
	const char *org = f->orgs.v[v->org].id, *oid = http_param(rq, "obligation");
	const struct obligation_def *o = v->policy ? policy_obligation(v->policy, oid) : NULL;
	json_t *body = rq->json;
	if (!o) {
		http_error(rs, 404, "not_found", NULL, "unit %s's policy has no obligation '%s'", org, oid);
		goto out;
	}
	if (!json_is_object(body)) {
		http_error(rs, 422, "invalid", NULL, "the body must be a JSON object {period, department, done_on, by, notes, evidence}");
		goto out;
	}
	if (!api_body_agrees(rs, body, "org", org) || !api_body_agrees(rs, body, "obligation", oid))
		goto out;
	json_t *dj = json_object_get(body, "department");
	const char *dept = json_string_value(dj);
	zidx di = dept ? hmap_get(&f->dept_ids, dept) : ZIDX_NONE;
	if (dj && !json_is_null(dj) && (!dept || di < 0 || f->depts.v[di].org != v->org)) {
		http_error(rs, 422, "invalid", "department", "no department '%s' in unit %s", dept ? dept : "?", org);
		goto out;
	}
	/* A liaison records their own departments' duties, nothing of the unit's own. */
	if (!has_role(rq, ROLE_OFFICE) && (di < 0 || !scope_write_dept(rq, f, di))) {
		http_error(rs, 403, "out_of_scope", di < 0 ? NULL : "department",
			   "无权记录该部门的定期工作 / you may record only your own department's duties");
		goto out;
	}
	const char *period = json_string_value(json_object_get(body, "period"));
	zidx ri = period ? facts_find_record(f, v->org, oid, period, di) : ZIDX_NONE;
	if (!(evidence = merge_evidence(rq, rs, v, ri, json_object_get(body, "evidence"))))
		goto out;
	rec = json_deep_copy(body);
	if (!rec) {
		json_decref(evidence);
		goto out;
	}
	json_object_set_new(rec, "org", json_string(org));
	json_object_set_new(rec, "obligation", json_string(oid));
	json_object_set_new(rec, "evidence", evidence);
	if (!(reply = json_deep_copy(rec))) {
		json_decref(rec);
		goto out;
	}
	char object[700];
	snprintf(object, sizeof object, "%s/%s/%s%s%s", org, oid, period ? period : "", dept ? "/" : "", dept ? dept : "");
	http_audit(rs, "obligation.record", object, json_incref(reply));
	if (api_import_one(rq, rs, "obligation_records", rec))
		goto out; /* api_import_one stole rec and filled rs */
	http_json(rs, 201, reply);
	reply = NULL;
out:
	json_decref(reply);
	return 0;
}

UNIT_HANDLER(upload_evidence)
{
	struct zerr e = {0};
	char sha[65], name[EVIDENCE_NAME_MAX + 1];
	const char *given = http_query(rq, "name");
	if (!given || !*given) {
		http_error(rs, 400, "bad_parameter", "name", "name the file: ?name=FILENAME");
		return 0;
	}
	if (evidence_store_buffer(rq->w->srv->data_dir, rq->body, rq->body_len, given, sha, &e)) {
		http_zerr(rs, &e);
		return 0;
	}
	evidence_sanitize_name(given, name);
	char object[300];
	snprintf(object, sizeof object, "%s/%s", v->facts.orgs.v[v->org].id, sha);
	http_audit(rs, "evidence.upload", object, json_pack("{s:s, s:I}", "name", name, "size", (json_int_t)rq->body_len));
	http_json(rs, 201, json_pack("{s:s, s:s, s:I}", "sha256", sha, "name", name, "size", (json_int_t)rq->body_len));
	return 0;
}

/* The name of file sha among v[by[from .. to)], or NULL. */
static const char *file_named(const struct evidence *v, const zidx *by, zidx from, zidx to, const char *sha)
{
	for (zidx k = from; k < to; k++)
		if (strcmp(v[by[k]].sha256, sha) == 0)
			return v[by[k]].name;
	return NULL;
}

UNIT_HANDLER(download_evidence)
{
	struct zerr e = {0};
	char path[4096];
	const struct facts *f = &v->facts;
	const char *sha = http_param(rq, "sha256"), *name = NULL;
	/* Only through a record the account may see: the hash alone opens nothing. */
	FACTS_EACH(f, record, v->org, ri) {
		for (zidx k = f->ix.record_evidence[ri]; k < f->ix.record_evidence[ri + 1] && !name; k++) {
			const struct evidence *ev = &f->evidence.v[f->ix.evidence_by_record[k]];
			if (strcmp(ev->sha256, sha) == 0 && record_visible(rq, v, ri))
				name = ev->name;
		}
		if (name)
			break;
	}
	/* … a rectification's evidence, a notice's or an incident's reports (issue 22) */
	const struct facts_index *ix = &f->ix;
	zdate today = date_today();
	FACTS_EACH(f, rectification, v->org, xi) {
		if (!name && scope_rectification(rq, f, xi))
			name = file_named(f->rect_evidence.v, ix->evidence_by_rect, ix->rect_evidence[xi], ix->rect_evidence[xi + 1], sha);
	}
	FACTS_EACH(f, notice, v->org, ni) {
		if (!name && scope_notice(rq, v, ni, today))
			name = file_named(f->notice_reports.v, ix->report_by_notice, ix->notice_report[ni], ix->notice_report[ni + 1], sha);
	}
	FACTS_EACH(f, incident, v->org, xi) {
		if (!name && scope_incident(rq, v, xi, today))
			name = file_named(f->incident_reports.v, ix->report_by_incident, ix->incident_report[xi],
					  ix->incident_report[xi + 1], sha);
	}
	if (!name)
		http_error(rs, 404, "not_found", NULL, "no record of unit %s that you may see holds evidence %s",
			   f->orgs.v[v->org].id, sha);
	else if (evidence_path(rq->w->srv->data_dir, sha, path, sizeof path, &e))
		http_zerr(rs, &e);
	else
		http_send_file(rs, path, "application/octet-stream", name);
	return 0;
}

const struct route api_duty_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/obligations", list_obligations, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/obligations/defs", list_defs, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/obligations/{obligation}/records", record_duty, PERM_WRITE, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/evidence", upload_evidence, PERM_WRITE, HTTP_MAX_UPLOAD, true},
	{HTTP_GET, "/api/v1/units/{org}/evidence/{sha256}", download_evidence, PERM_READ, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
