/* API v1: the register of log and record retention (日志留存, issue 19) — each source with the
 * days its kind must be kept under the unit's policy and whether its configured retention does. */
#include <stddef.h>
#include <string.h>

#include "api/register.h"
#include "core/render.h"

/* ok, short (kept fewer days than required), unknown (no retention recorded) or not_required
 * (the policy sets no days for its kind). */
static const char *retention_status(const struct rule *r, const struct log_source *l)
{
	int need = r ? r->log_days[l->kind] : 0;
	if (need == 0)
		return "not_required";
	if (l->retention_days < 0)
		return "unknown";
	return l->retention_days < need ? "short" : "ok";
}

static json_t *log_source_item(const struct register_list *l, zidx li)
{
	const struct facts *f = l->f;
	const struct log_source *x = &f->log_sources.v[li];
	const struct rule *r = l->rule;
	json_t *o = log_source_json(f, li);
	json_object_set_new(o, "system_name", json_str_or_null(x->system >= 0 ? f->systems.v[x->system].name : NULL));
	json_object_set_new(o, "kind_name", json_string(log_kind_name_zh(x->kind)));
	/* the days the policy asks of its kind (null: none) */
	json_object_set_new(o, "required_days", r && r->log_days[x->kind] ? json_integer(r->log_days[x->kind]) : json_null());
	json_object_set_new(o, "status", json_string(retention_status(r, x)));
	return o;
}

/* ?q= (its name, id or system's name), ?kind=, ?system=, ?status=. */
static bool log_source_keep(const struct register_list *l, zidx li)
{
	const struct facts *f = l->f;
	const struct log_source *x = &f->log_sources.v[li];
	return (api_match(x->name, l->q) || api_match(x->id, l->q) ||
		(x->system >= 0 && api_match(f->systems.v[x->system].name, l->q))) &&
	       (l->code < 0 || (int)x->kind == l->code) && (l->ref[0] < 0 || x->system == l->ref[0]) &&
	       (!l->status || strcmp(retention_status(l->rule, x), l->status) == 0);
}

/* The unit's log_retention rule in force on d, or NULL: the days each kind of log is kept. */
static const struct rule *log_rule(const struct unit_view *v, zdate d)
{
	return api_unit_rule(v, RK_LOG_RETENTION, d);
}

const struct api_register api_log_source_register = {
	.path = "log-sources", REGISTER_INDEX(log_source), .keep = log_source_keep, .item = log_source_item,
	.kind = &(const struct record_kind)RECORD_PLAIN("log_sources", "log_source", log_source_ids, log_source_json, "ls-"),
	.as_of = true, .statuses = (const char *const[]){"ok", "short", "unknown", "not_required", NULL},
	.code_name = "kind", .from_id = log_kind_from_id,
	.code_msg = "kind must be one of the kinds of log (network_log, server_log, …)",
	.ref_name = {"system"}, .ref_ids = {offsetof(struct facts, system_ids)},
	.rule_of = log_rule,
};

/* The unit's logs are the whole unit's business: read by every business role, written by the office. */
const struct route api_log_source_routes[] = {
	REGISTER_ROUTES("log-sources", PERM_READ, PERM_OFFICE),
	{0, NULL, NULL, 0, 0, false},
};
