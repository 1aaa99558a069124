/* API v1: findings (the engine's verdicts as of a date) and an incident's accountability
 * chain. Findings are the most read resource: they are computed once per unit view and date
 * (view_findings), and the unfiltered pages the office and leaders see are kept rendered with
 * the view. */
#include <stdlib.h>
#include <string.h>

#include "api/records.h"
#include "core/render.h"

/* The department and the person a finding is about, each -1 when none: its subject's, else
 * the ones it names. */
static void finding_about(const struct facts *f, const struct finding *fd, zidx *dept, zidx *person)
{
	*person = fd->subject_kind == SUBJ_PERSON ? fd->subject : fd->person;
	*dept = fd->subject_kind == SUBJ_DEPARTMENT ? fd->subject : fd->dept;
	if (fd->subject_kind == SUBJ_SYSTEM) { /* its owner department on the day of the check */
		struct system_state st;
		system_state_on(f, fd->subject, fd->as_of, &st);
		*dept = st.owner_dept;
	}
	if (*dept < 0 && *person >= 0)
		*dept = f->people.v[*person].dept;
}

static bool finding_in_dept(const struct facts *f, const struct finding *fd, zidx root)
{
	zidx dept, person;
	finding_about(f, fd, &dept, &person);
	return api_dept_under(f, dept, root) || (person >= 0 && api_dept_under(f, f->people.v[person].dept, root));
}

static int list_findings(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	struct page pg;
	struct zerr e = {0};
	zdate as_of;
	zidx dept;
	const struct findings *fs;
	const char *sev_q = http_query(rq, "severity"), *rule = http_query(rq, "rule"),
		   *kind_q = http_query(rq, "subject_kind");
	int sev = -1, kind = -1;
	if (api_page(rq, rs, &pg) || api_as_of(rq, rs, &as_of))
		return 0;
	for (int i = 0; sev_q && i < SEV_COUNT && sev < 0; i++)
		if (strcmp(severity_id(i), sev_q) == 0)
			sev = i;
	for (int i = 0; kind_q && i < SUBJ_COUNT && kind < 0; i++)
		if (strcmp(subject_kind_id(i), kind_q) == 0)
			kind = i;
	if (sev_q && sev < 0)
		return http_error(rs, 400, "bad_parameter", "severity", "severity must be error, warning or info");
	if (kind_q && kind < 0)
		return http_error(rs, 400, "bad_parameter", "subject_kind",
				  "subject_kind must be org, person, department, system or body");
	if (api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	int rc = 0;
	char date[ZDATE_BUFSZ], key[128] = "";
	struct strbuf sb = STRBUF_INIT;
	if (api_dept_query(rq, rs, v, &dept))
		goto out;
	const struct policy *policy = view_policy_at(v, as_of); /* the rules of that day's version */
	if (rule && (!policy || !policy_rule(policy, rule))) {
		rc = http_error(rs, 400, "bad_parameter", "rule", "the unit's policy has no rule '%s'", rule);
		goto out;
	}
	date_format(as_of, date);
	/* The reply is the same for everyone who sees the whole unit and filters nothing. */
	if (scope_whole_unit(rq) && !sev_q && !rule && !kind_q && dept < 0) {
		snprintf(key, sizeof key, "findings?as_of=%s&page=%zu&per_page=%zu", date, pg.page, pg.per_page);
		if (view_memo_reply(rs, v, key))
			goto out;
	}
	if (view_findings(rq->w, v, as_of, &fs, &e)) {
		rc = http_zerr(rs, &e);
		goto out;
	}
	json_t *items = json_array();
	size_t total = 0, count[SEV_COUNT] = {0};
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *fd = &fs->v[i];
		if ((sev >= 0 && fd->rule->severity != sev) || (rule && strcmp(fd->rule->id, rule) != 0) ||
		    (kind >= 0 && fd->subject_kind != kind) || (dept >= 0 && !finding_in_dept(f, fd, dept)) ||
		    !scope_finding(rq, v, fd, as_of))
			continue;
		count[fd->rule->severity]++;
		if (page_has(&pg, total++))
			json_array_append_new(items, finding_json(f, fd, &sb));
	}
	json_t *root = json_pack("{s:s, s:o, s:{s:I, s:I, s:I}, s:o, s:I, s:I, s:I}", "as_of", date, "recorded_on",
				 json_date_or_null(v->recorded_on), "counts", "error",
				 (json_int_t)count[SEV_ERROR], "warning", (json_int_t)count[SEV_WARNING], "info",
				 (json_int_t)count[SEV_INFO], "items", items, "total", (json_int_t)total, "page",
				 (json_int_t)pg.page, "per_page", (json_int_t)pg.per_page);
	char *text = root ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(root);
	if (!text) {
		rc = ZE_NOMEM;
		goto out;
	}
	/* A memo that cannot be kept only costs the next request a render. */
	if (key[0])
		(void)view_memo_put(v, key, text, strlen(text));
	rc = http_text(rs, 200, "application/json; charset=utf-8", text, strlen(text));
	free(text);
out:
	sb_release(&sb);
	view_release(v);
	return rc;
}

/* ---- accountability -------------------------------------------------------------------------- */

/* As `zeren accountability --format json`. Office and leaders see every incident; a liaison
 * those of systems their department owns. */
UNIT_HANDLER(get_accountability)
{
	struct zerr e = {0};
	const char *id = http_param(rq, "id");
	char *recorded = NULL;
	int rc = 0;
	const struct facts *f = &v->facts;
	zidx xi = hmap_get(&f->incident_ids, id);
	if (xi < 0 || f->incidents.v[xi].org != v->org) {
		rc = http_error(rs, 404, "not_found", NULL, "no incident '%s' in this unit", id);
		goto out;
	}
	zidx sys = f->incidents.v[xi].system, owner = sys >= 0 ? f->systems.v[sys].owner_dept : ZIDX_NONE;
	if (!scope_whole_unit(rq) && !(owner >= 0 && scope_dept(rq, f, owner))) {
		rc = http_error(rs, 403, "out_of_scope", NULL, "安全事件 %s 不在您的数据权限内 / incident %s is outside your scope",
				id, id);
		goto out;
	}
	if (store_incident_snapshot(rq->w->store, id, &recorded, &e)) {
		rc = http_zerr(rs, &e);
		goto out;
	}
	/* An event is judged by the unit's policy in force on the day it happened. */
	const struct incident *x = &f->incidents.v[xi];
	json_t *j = accountability_json(f, xi, recorded, view_policy_at(v, org_date(f, x->org, x->occurred)));
	if (j && v->recorded_on != ZDATE_NONE) /* the chain as of the day it occurred, as recorded then */
		json_object_set_new(j, "recorded_on", json_date_or_null(v->recorded_on));
	rc = http_json(rs, 200, j);
out:
	free(recorded);
	return rc;
}

const struct route api_finding_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/findings", list_findings, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/incidents/{id}/accountability", get_accountability, PERM_READ, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
