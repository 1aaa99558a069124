/* API v1: the register of IT projects (信息化项目, issue 19) — budget and security budget, the
 * 三同步, and their status and security share on a day. */
#include <stddef.h>
#include <string.h>

#include "api/records.h"
#include "core/render.h"

/* planned (approved, not started), building, in_use or cancelled, on d; NULL before approval. */
static const char *project_status(const struct project *p, zdate d)
{
	if (p->approved_on > d)
		return NULL;
	if (p->cancelled_on != ZDATE_NONE && p->cancelled_on <= d)
		return "cancelled";
	if (p->in_use_on != ZDATE_NONE && p->in_use_on <= d)
		return "in_use";
	if (p->started_on != ZDATE_NONE && p->started_on <= d)
		return "building";
	return "planned";
}

static json_t *project_item(const struct facts *f, zidx pi, zdate as_of)
{
	const struct project *p = &f->projects.v[pi];
	json_t *o = project_json(f, pi);
	const char *status = project_status(p, as_of);
	json_object_set_new(o, "status", status ? json_string(status) : json_null());
	/* the security budget's share of the total in percent, where both are recorded */
	json_object_set_new(o, "security_share", p->budget > 0 && p->security_budget >= 0
							 ? json_real((double)p->security_budget * 100 / (double)p->budget)
							 : json_null());
	return o;
}

static int list_projects(struct http_req *rq, struct http_resp *rs)
{
	static const char *const statuses[] = {"planned", "building", "in_use", "cancelled", NULL};
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
		return http_error(rs, 400, "bad_parameter", "status", "status must be planned, building, in_use or cancelled");
	if (api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	json_t *items = json_array();
	size_t total = 0;
	FACTS_EACH(f, project, v->org, pi) {
		const struct project *p = &f->projects.v[pi];
		const char *st = project_status(p, as_of);
		if ((!api_match(p->name, q) && !api_match(p->id, q)) || (status && (!st || strcmp(st, status) != 0)))
			continue;
		if (page_has(&pg, total++))
			json_array_append_new(items, project_item(f, pi, as_of));
	}
	int rc = api_paged(rs, items, total, &pg);
	view_release(v);
	return rc;
}

static const struct record_kind project_kind = {
	"projects", "project", offsetof(struct facts, project_ids), project_json, NULL, NULL, RECORD_NO_SPAN, "xm-",
};

static int post_project(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &project_kind, true);
}

static int put_project(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &project_kind, false);
}

/* The unit's projects are read by every business role, like its plans; the office writes them. */
const struct route api_project_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/projects", list_projects, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/projects", post_project, PERM_OFFICE, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/projects/{id}", put_project, PERM_OFFICE, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
