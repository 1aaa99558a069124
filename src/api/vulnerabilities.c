/* API v1: the register of vulnerabilities (漏洞台账, issue 19) — per system, where each stands
 * under the unit's policy, and the notices that reported them. */
#include <stddef.h>
#include <string.h>

#include "api/register.h"
#include "core/render.h"

/* The unit's vulnerability rule in force on d, or NULL: its days by severity set the deadline. */
static const struct rule *vuln_rule(const struct unit_view *v, zdate d)
{
	return api_unit_rule(v, RK_VULNERABILITY_FIX, d);
}

static zdate deadline(const struct rule *r, const struct vulnerability *x)
{
	return r ? vulnerability_deadline(r, x) : x->due_on;
}

/* verified, fixed (not verified), overdue or open, on d. */
static const char *vuln_status(const struct rule *r, const struct vulnerability *x, zdate d)
{
	if (x->fixed_on != ZDATE_NONE && x->fixed_on <= d)
		return x->verified_on != ZDATE_NONE && x->verified_on <= d ? "verified" : "fixed";
	zdate due = deadline(r, x);
	return due != ZDATE_NONE && d > due ? "overdue" : "open";
}

static json_t *vuln_item(const struct register_list *l, zidx vi)
{
	const struct facts *f = l->f;
	const struct vulnerability *x = &f->vulnerabilities.v[vi];
	json_t *o = vulnerability_json(f, vi);
	json_object_set_new(o, "system_name", json_string(f->systems.v[x->system].name));
	json_object_set_new(o, "severity_name", json_string(vuln_severity_name_zh(x->severity)));
	json_object_set_new(o, "notice_title", json_str_or_null(x->notice >= 0 ? f->notices.v[x->notice].title : NULL));
	/* the last day to fix it: its own, else the policy's for its severity */
	json_object_set_new(o, "deadline", json_date_or_null(deadline(l->rule, x)));
	json_object_set_new(o, "status", json_string(vuln_status(l->rule, x, l->as_of)));
	return o;
}

/* ?system=, ?notice=, ?severity=, ?q=, ?status=, within the account's systems. */
static bool vuln_keep(const struct register_list *l, zidx vi)
{
	const struct vulnerability *x = &l->f->vulnerabilities.v[vi];
	return (l->ref[0] < 0 || x->system == l->ref[0]) && (l->ref[1] < 0 || x->notice == l->ref[1]) &&
	       (l->code < 0 || x->severity == l->code) && (api_match(x->title, l->q) || api_match(x->id, l->q)) &&
	       (!l->status || strcmp(vuln_status(l->rule, x, l->as_of), l->status) == 0) &&
	       scope_system(l->rq, l->v, x->system, l->as_of);
}

const struct api_register api_vulnerability_register = {
	.path = "vulnerabilities", REGISTER_INDEX(vulnerability), .keep = vuln_keep, .item = vuln_item,
	.kind = &(const struct record_kind)RECORD_PLAIN("vulnerabilities", "vulnerability", vulnerability_ids, vulnerability_json, "vul-"),
	.as_of = true, .statuses = (const char *const[]){"open", "overdue", "fixed", "verified", NULL},
	.code_name = "severity", .from_id = vuln_severity_from_id,
	.code_msg = "severity must be low, medium, high or critical",
	.ref_name = {"system", "notice"}, .ref_ids = {offsetof(struct facts, system_ids), offsetof(struct facts, notice_ids)},
	.rule_of = vuln_rule,
};

const struct route api_vulnerability_routes[] = {
	REGISTER_ROUTES("vulnerabilities", PERM_READ, PERM_OFFICE),
	{0, NULL, NULL, 0, 0, false},
};
