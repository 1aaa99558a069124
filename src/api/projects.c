/* API v1: the register of IT projects (信息化项目, issue 19) — budget and security budget, the
 * 三同步, and their status and security share on a day. */
#include <stddef.h>
#include <string.h>

#include "api/register.h"
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

static json_t *project_item(const struct register_list *l, zidx pi)
{
	const struct project *p = &l->f->projects.v[pi];
	json_t *o = project_json(l->f, pi);
	const char *status = project_status(p, l->as_of);
	json_object_set_new(o, "status", status ? json_string(status) : json_null());
	/* the security budget's share of the total in percent, where both are recorded */
	json_object_set_new(o, "security_share", p->budget > 0 && p->security_budget >= 0
							 ? json_real((double)p->security_budget * 100 / (double)p->budget)
							 : json_null());
	return o;
}

static bool project_keep(const struct register_list *l, zidx pi)
{
	const struct project *p = &l->f->projects.v[pi];
	const char *st = project_status(p, l->as_of);
	return (api_match(p->name, l->q) || api_match(p->id, l->q)) && (!l->status || (st && strcmp(st, l->status) == 0));
}

const struct api_register api_project_register = {
	.path = "projects", REGISTER_INDEX(project), .keep = project_keep, .item = project_item,
	.kind = &(const struct record_kind)RECORD_PLAIN("projects", "project", project_ids, project_json, "xm-"),
	.as_of = true, .statuses = (const char *const[]){"planned", "building", "in_use", "cancelled", NULL},
};

/* The unit's projects are read by every business role, like its plans; the office writes them. */
const struct route api_project_routes[] = {
	REGISTER_ROUTES("projects", PERM_READ, PERM_OFFICE),
	{0, NULL, NULL, 0, 0, false},
};
