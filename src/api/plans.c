/* API v1: the register of emergency plans (应急预案, issue 19) — version, approval, review due
 * under the unit's policy, and the drills that exercised each. */
#include <stddef.h>
#include <string.h>

#include "api/register.h"
#include "core/render.h"

/* The unit's emergency_plan rule in force on d, or NULL: its months between reviews. */
static const struct rule *plan_rule(const struct unit_view *v, zdate d)
{
	return api_unit_rule(v, RK_EMERGENCY_PLAN, d);
}

/* draft (not approved yet), withdrawn, review_due or in_force, on d; months between reviews
 * under the unit's emergency_plan rule (0: none). */
static const char *plan_status(const struct facts *f, zidx pi, int months, zdate d, zdate *due)
{
	const struct emergency_plan *p = &f->plans.v[pi];
	*due = ZDATE_NONE;
	if (p->withdrawn_on != ZDATE_NONE && p->withdrawn_on <= d)
		return "withdrawn";
	if (p->approved_on == ZDATE_NONE || p->approved_on > d)
		return "draft";
	zdate last = facts_plan_last_review(f, pi, d);
	if (months > 0)
		*due = date_add_months(last, months);
	return *due != ZDATE_NONE && d >= *due ? "review_due" : "in_force";
}

static json_t *plan_item(const struct register_list *l, zidx pi)
{
	zdate due;
	json_t *o = plan_json(l->f, pi);
	const char *status = plan_status(l->f, pi, l->rule ? l->rule->months : 0, l->as_of, &due);
	json_object_set_new(o, "status", json_string(status));
	/* the day the next review falls due under the policy (null when withdrawn or not approved) */
	json_object_set_new(o, "review_due", json_date_or_null(due));
	return o;
}

static bool plan_keep(const struct register_list *l, zidx pi)
{
	const struct emergency_plan *p = &l->f->plans.v[pi];
	zdate due;
	return (api_match(p->title, l->q) || api_match(p->id, l->q)) &&
	       (!l->status || strcmp(plan_status(l->f, pi, l->rule ? l->rule->months : 0, l->as_of, &due), l->status) == 0);
}

const struct api_register api_plan_register = {
	.path = "emergency-plans", REGISTER_INDEX(plan), .keep = plan_keep, .item = plan_item,
	.kind = &(const struct record_kind)RECORD_PLAIN("emergency_plans", "emergency_plan", plan_ids, plan_json, "plan-"),
	.as_of = true, .statuses = (const char *const[]){"in_force", "review_due", "withdrawn", "draft", NULL},
	.rule_of = plan_rule,
};

/* The unit's plans are the whole unit's business: read by every business role, like its bodies. */
const struct route api_plan_routes[] = {
	REGISTER_ROUTES("emergency-plans", PERM_READ, PERM_OFFICE),
	{0, NULL, NULL, 0, 0, false},
};
