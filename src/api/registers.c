/* API v1: the registers (台账) of information systems and agreements. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api/register.h"
#include "core/render.h"

/* ---- systems --------------------------------------------------------------------------------- */

/* When the system's next 等级测评 is due under the unit's policy in force on d, or ZDATE_NONE
 * when its level asks for none (or it was never assessed: then it is due now, and the findings
 * say so). */
static zdate next_assessment(const struct unit_view *v, const struct zsystem *y, zdate d)
{
	const struct policy *p = view_policy_at(v, d);
	for (int r = 0; p && r < p->nrules; r++) {
		const struct rule *ru = rule_at(&p->rules[r], d);
		if (!ru || ru->kind != RK_SYSTEM_MLPS || y->mlps_level <= 0 || y->mlps_level > 5)
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
	json_object_set_new(o, "next_assessment_due", json_date_or_null(next_assessment(v, y, today)));
	return o;
}

/* ?mlps_level=: a digit 0 to 5, else -1. */
static int mlps_level_from_id(const char *id)
{
	return strlen(id) == 1 && id[0] >= '0' && id[0] <= '5' ? id[0] - '0' : -1;
}

/* ?department= (the owner, or below it), ?mlps_level=, ?q=, within the account's systems. */
static bool system_keep(const struct register_list *l, zidx si)
{
	const struct zsystem *y = &l->f->systems.v[si];
	return (l->dept < 0 || api_dept_under(l->f, y->owner_dept, l->dept)) && (l->code < 0 || y->mlps_level == l->code) &&
	       (api_match(y->name, l->q) || api_match(y->id, l->q)) && scope_system(l->rq, l->v, si, l->as_of);
}

static json_t *system_row(const struct register_list *l, zidx si)
{
	return system_item(l->v, si, l->as_of);
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

UNIT_HANDLER(get_system)
{
	zidx si = path_system(rq, rs, v);
	int rc = si >= 0 ? http_json(rs, 200, system_item(v, si, date_today())) : 0;
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

const struct api_register api_system_register = {
	.path = "systems", .kind = &system_kind, REGISTER_INDEX(system), .keep = system_keep, .item = system_row,
	.code_name = "mlps_level", .from_id = mlps_level_from_id, .code_msg = "mlps_level must be 1 to 5 (0: not graded)",
	.dept = true,
};

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

/* ?person= into l->arg. */
static int agreement_person(struct register_list *l, struct http_resp *rs)
{
	l->arg = http_query(l->rq, "person");
	return 0;
}

/* Which agreements 合规检查 warns of, as of the list's day. */
static int agreement_prepare(struct register_list *l, struct http_resp *rs)
{
	return (l->ctx = api_expiring_agreements(l->rq, rs, l->v, l->as_of)) ? 0 : 1;
}

static void agreement_release(struct register_list *l)
{
	free(l->ctx);
}

/* ?person= (the id), ?kind=, ?status=, within the account's scope. */
static bool agreement_keep(const struct register_list *l, zidx gi)
{
	const struct facts *f = l->f;
	const struct agreement *a = &f->agreements.v[gi];
	const bool *expiring = l->ctx;
	return (!l->arg || (a->person >= 0 && strcmp(f->people.v[a->person].id, l->arg) == 0)) &&
	       (l->code < 0 || a->kind == l->code) &&
	       (!l->status || strcmp(agreement_status(a, expiring[gi], l->as_of), l->status) == 0) &&
	       scope_agreement(l->rq, f, gi);
}

static json_t *agreement_row(const struct register_list *l, zidx gi)
{
	return api_agreement_item(l->f, gi, l->ctx, l->as_of);
}

const struct api_register api_agreement_register = {
	.path = "agreements", REGISTER_INDEX(agreement), .keep = agreement_keep, .item = agreement_row,
	.kind = &(const struct record_kind)RECORD_PLAIN("agreements", "agreement", agreement_ids, agreement_json, "agr-"),
	.as_of = true, .statuses = (const char *const[]){"in_force", "expiring", "expired", "unsigned", "not_started", NULL},
	.code_name = "kind", .from_id = agreement_kind_from_id, .code_msg = "unknown agreement kind '%s'",
	.parse = agreement_person, .prepare = agreement_prepare, .release = agreement_release,
};

const struct route api_register_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/systems", api_register_list, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/systems", api_register_post, PERM_WRITE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/systems/{id}", get_system, PERM_READ, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/systems/{id}", api_register_put, PERM_WRITE, 0, false},
	REGISTER_ROUTES("agreements", PERM_READ, PERM_OFFICE),
	{0, NULL, NULL, 0, 0, false},
};
