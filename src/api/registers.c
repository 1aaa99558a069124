/* API v1: the registers (台账) of information systems and agreements. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api/records.h"
#include "core/render.h"

/* ---- systems --------------------------------------------------------------------------------- */

/* When the system's next 等级测评 is due under the unit's policy, or ZDATE_NONE when its level
 * asks for none (or it was never assessed: then it is due now, and the findings say so). */
static zdate next_assessment(const struct unit_view *v, const struct zsystem *y)
{
	for (int r = 0; v->policy && r < v->policy->nrules; r++) {
		const struct rule *ru = &v->policy->rules[r];
		if (ru->kind != RK_SYSTEM_MLPS || y->mlps_level <= 0 || y->mlps_level > 5)
			continue;
		int months = ru->assessment_months[y->mlps_level];
		if (months > 0 && y->last_assessed_on != ZDATE_NONE)
			return date_add_months(y->last_assessed_on, months);
	}
	return ZDATE_NONE;
}

static json_t *system_item(const struct unit_view *v, zidx si, zdate today)
{
	const struct facts *f = &v->facts;
	const struct zsystem *y = &f->systems.v[si];
	json_t *o = system_json(f, si), *responsible = json_array(), *admins = json_array();
	json_object_set_new(o, "owner_department_name",
			    json_str_or_null(y->owner_dept >= 0 ? f->depts.v[y->owner_dept].name : NULL));
	FACTS_EACH(f, appt, v->org, ai) {
		const struct appt *a = &f->appts.v[ai];
		if (a->system != si || !appt_on(a, today))
			continue;
		if (a->post == POST_SYSTEM_RESPONSIBLE)
			json_array_append_new(responsible, api_person_ref(f, a->person));
		else if (a->post == POST_SYSTEM_ADMIN)
			json_array_append_new(admins, api_person_ref(f, a->person));
	}
	json_object_set_new(o, "responsible", responsible);
	json_object_set_new(o, "admins", admins);
	json_object_set_new(o, "next_assessment_due", json_date_or_null(next_assessment(v, y)));
	return o;
}

static int list_systems(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	struct page pg;
	zidx dept;
	const char *q = http_query(rq, "q"), *level_q = http_query(rq, "mlps_level");
	int level = -1;
	zdate today = date_today();
	if (api_page(rq, rs, &pg))
		return 0;
	if (level_q && (strlen(level_q) != 1 || level_q[0] < '0' || level_q[0] > '5'))
		return http_error(rs, 400, "bad_parameter", "mlps_level", "mlps_level must be 1 to 5 (0: not graded)");
	if (level_q)
		level = level_q[0] - '0';
	if (api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	int rc = 0;
	if (api_dept_query(rq, rs, v, &dept))
		goto out;
	json_t *items = json_array();
	size_t total = 0;
	FACTS_EACH(f, system, v->org, si) {
		const struct zsystem *y = &f->systems.v[si];
		if ((dept >= 0 && !api_dept_under(f, y->owner_dept, dept)) || (level >= 0 && y->mlps_level != level) ||
		    (!api_match(y->name, q) && !api_match(y->id, q)) || !scope_system(rq, v, si, today))
			continue;
		if (page_has(&pg, total++))
			json_array_append_new(items, system_item(v, si, today));
	}
	rc = api_paged(rs, items, total, &pg);
out:
	view_release(v);
	return rc;
}

/* The unit's system named by {id}: 404 when there is none, 403 when out of the account's
 * scope (fills rs and returns ZIDX_NONE). */
static zidx path_system(struct http_req *rq, struct http_resp *rs, const struct unit_view *v)
{
	const char *id = http_param(rq, "id");
	zidx si = hmap_get(&v->facts.system_ids, id);
	if (si < 0 || v->facts.systems.v[si].org != v->org)
		return http_error(rs, 404, "not_found", NULL, "no system '%s' in this unit", id), ZIDX_NONE;
	if (!scope_system(rq, v, si, date_today()))
		return http_error(rs, 403, "out_of_scope", NULL, "系统 %s 不在您的数据权限内 / system %s is outside your scope",
				  id, id), ZIDX_NONE;
	return si;
}

static int get_system(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	if (api_unit(rq, rs, &v))
		return 0;
	zidx si = path_system(rq, rs, v);
	int rc = si >= 0 ? http_json(rs, 200, system_item(v, si, date_today())) : 0;
	view_release(v);
	return rc;
}

/* The register entries of a system that change on a day (a new interval) rather than being
 * corrected. */
static const char *const system_dated[] = {"owner_department", "mlps_level", "filing_no", "filed_on", NULL};

static const struct record_kind system_kind = {
	"systems", "system", offsetof(struct facts, system_ids), system_json, "owner_department",
	"只能维护本部门的信息系统 / you may only change systems your department owns",
	SPAN_SYSTEM, "in_service", "retired", system_dated, "sys-",
};

static int post_system(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &system_kind, true);
}

static int put_system(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &system_kind, false);
}

/* ---- agreements ------------------------------------------------------------------------------ */

/* The agreement's state on day d: in force (expiring when 合规检查 warns of it that day), expired,
 * unsigned, or not yet begun. */
static const char *agreement_status(const struct agreement *a, bool expiring, zdate d)
{
	if (a->signed_on == ZDATE_NONE || a->signed_on > d)
		return "unsigned";
	if (a->to <= d)
		return "expired";
	if (a->from > d)
		return "not_started";
	return expiring ? "expiring" : "in_force";
}

bool *api_expiring_agreements(struct http_req *rq, struct http_resp *rs, struct unit_view *v, zdate as_of)
{
	const struct findings *fs;
	struct zerr e = {0};
	if (view_findings(rq->w, v, as_of, &fs, &e))
		return http_zerr(rs, &e), NULL;
	bool *expiring = calloc(v->facts.agreements.n + 1, sizeof *expiring);
	if (!expiring)
		return http_error(rs, 500, "internal", NULL, "out of memory"), NULL;
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].rule->kind == RK_AGREEMENT_EXPIRING && fs->v[i].agreement >= 0)
			expiring[fs->v[i].agreement] = true;
	return expiring;
}

json_t *api_agreement_item(const struct facts *f, zidx gi, const bool *expiring, zdate as_of)
{
	const struct agreement *a = &f->agreements.v[gi];
	json_t *o = agreement_json(f, gi);
	json_object_set_new(o, "kind_name", json_string(agreement_kind_name_zh(a->kind)));
	json_object_set_new(o, "person_name", json_str_or_null(a->person >= 0 ? f->people.v[a->person].name : NULL));
	json_object_set_new(o, "status", json_string(agreement_status(a, expiring[gi], as_of)));
	return o;
}

/* Agreements of a person follow the person's scope; the unit's own (no person) are for office
 * and leader. */
static bool scope_agreement(const struct http_req *rq, const struct facts *f, zidx gi)
{
	zidx p = f->agreements.v[gi].person;
	return p >= 0 ? scope_person(rq, f, p) : has_role(rq, ROLE_OFFICE) || has_role(rq, ROLE_LEADER);
}

static int list_agreements(struct http_req *rq, struct http_resp *rs)
{
	static const char *const statuses[] = {"in_force", "expiring", "expired", "unsigned", "not_started", NULL};
	struct unit_view *v;
	struct page pg;
	zdate as_of;
	const char *person = http_query(rq, "person"), *kind_q = http_query(rq, "kind"), *status = http_query(rq, "status");
	int kind = -1;
	if (api_page(rq, rs, &pg) || api_as_of(rq, rs, &as_of))
		return 0;
	if (kind_q && (kind = agreement_kind_from_id(kind_q)) < 0)
		return http_error(rs, 400, "bad_parameter", "kind", "unknown agreement kind '%s'", kind_q);
	bool known = !status;
	for (const char *const *s = statuses; *s && !known; s++)
		known = strcmp(*s, status) == 0;
	if (!known)
		return http_error(rs, 400, "bad_parameter", "status",
				  "status must be in_force, expiring, expired, unsigned or not_started");
	if (api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	bool *expiring = api_expiring_agreements(rq, rs, v, as_of);
	if (!expiring) {
		view_release(v);
		return 0;
	}
	json_t *items = json_array();
	size_t total = 0;
	FACTS_EACH(f, agreement, v->org, gi) {
		const struct agreement *a = &f->agreements.v[gi];
		if ((person && (a->person < 0 || strcmp(f->people.v[a->person].id, person) != 0)) ||
		    (kind >= 0 && a->kind != kind) ||
		    (status && strcmp(agreement_status(a, expiring[gi], as_of), status) != 0) || !scope_agreement(rq, f, gi))
			continue;
		if (page_has(&pg, total++))
			json_array_append_new(items, api_agreement_item(f, gi, expiring, as_of));
	}
	int rc = api_paged(rs, items, total, &pg);
	free(expiring);
	view_release(v);
	return rc;
}

static const struct record_kind agreement_kind = {
	"agreements", "agreement", offsetof(struct facts, agreement_ids), agreement_json, NULL, NULL, RECORD_NO_SPAN, "agr-",
};

static int post_agreement(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &agreement_kind, true);
}

static int put_agreement(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &agreement_kind, false);
}

const struct route api_register_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/systems", list_systems, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/systems", post_system, PERM_WRITE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/systems/{id}", get_system, PERM_READ, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/systems/{id}", put_system, PERM_WRITE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/agreements", list_agreements, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/agreements", post_agreement, PERM_OFFICE, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/agreements/{id}", put_agreement, PERM_OFFICE, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
