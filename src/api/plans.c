/* API v1: the register of emergency plans (应急预案, issue 19) — version, approval, review due
 * under the unit's policy, and the drills that exercised each. */
#include <stddef.h>
#include <string.h>

#include "api/records.h"
#include "core/render.h"

/* The months between reviews of the unit's emergency_plan rule in force on d; 0 when none. */
static int review_months(const struct unit_view *v, zdate d)
{
	const struct rule *r = api_unit_rule(v, RK_EMERGENCY_PLAN, d);
	return r ? r->months : 0;
}

/* draft (not approved yet), withdrawn, review_due or in_force, on d. */
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

static json_t *plan_item(const struct unit_view *v, zidx pi, int months, zdate as_of)
{
	const struct facts *f = &v->facts;
	zdate due;
	json_t *o = plan_json(f, pi);
	const char *status = plan_status(f, pi, months, as_of, &due);
	json_object_set_new(o, "status", json_string(status));
	/* the day the next review falls due under the policy (null when withdrawn or not approved) */
	json_object_set_new(o, "review_due", json_date_or_null(due));
	return o;
}

static int list_plans(struct http_req *rq, struct http_resp *rs)
{
	static const char *const statuses[] = {"in_force", "review_due", "withdrawn", "draft", NULL};
	struct unit_view *v;
	struct page pg;
	zdate as_of;
	const char *q = http_query(rq, "q"), *status = http_query(rq, "status");
	if (api_page(rq, rs, &pg) || api_as_of(rq, rs, &as_of))
		return 0;
	bool known = !status;
	for (const char *const *s = statuses; *s && !known; s++)
		known = strcmp(*s, status) == 0;
	if (!known)
		return http_error(rs, 400, "bad_parameter", "status", "status must be in_force, review_due, withdrawn or draft");
	if (api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	int months = review_months(v, as_of);
	json_t *items = json_array();
	size_t total = 0;
	FACTS_EACH(f, plan, v->org, pi) {
		const struct emergency_plan *p = &f->plans.v[pi];
		zdate due;
		if ((!api_match(p->title, q) && !api_match(p->id, q)) ||
		    (status && strcmp(plan_status(f, pi, months, as_of, &due), status) != 0))
			continue;
		if (page_has(&pg, total++))
			json_array_append_new(items, plan_item(v, pi, months, as_of));
	}
	int rc = api_paged(rs, items, total, &pg);
	view_release(v);
	return rc;
}

static const struct record_kind plan_kind = {
	"emergency_plans", "emergency_plan", offsetof(struct facts, plan_ids), plan_json, NULL, NULL, RECORD_NO_SPAN, "plan-",
};

static int post_plan(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &plan_kind, true);
}

static int put_plan(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &plan_kind, false);
}

/* The unit's plans are the whole unit's business: read by every business role, like its bodies. */
const struct route api_plan_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/emergency-plans", list_plans, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/emergency-plans", post_plan, PERM_OFFICE, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/emergency-plans/{id}", put_plan, PERM_OFFICE, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
