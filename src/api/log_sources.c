/* API v1: the register of log and record retention (日志留存, issue 19) — each source with the
 * days its kind must be kept under the unit's policy and whether its configured retention does. */
#include <stddef.h>
#include <string.h>

#include "api/records.h"
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

static json_t *log_source_item(const struct unit_view *v, const struct rule *r, zidx li)
{
	const struct facts *f = &v->facts;
	const struct log_source *l = &f->log_sources.v[li];
	json_t *o = log_source_json(f, li);
	json_object_set_new(o, "system_name", json_str_or_null(l->system >= 0 ? f->systems.v[l->system].name : NULL));
	json_object_set_new(o, "kind_name", json_string(log_kind_name_zh(l->kind)));
	/* the days the policy asks of its kind (null: none) */
	json_object_set_new(o, "required_days", r && r->log_days[l->kind] ? json_integer(r->log_days[l->kind]) : json_null());
	json_object_set_new(o, "status", json_string(retention_status(r, l)));
	return o;
}

static int list_log_sources(struct http_req *rq, struct http_resp *rs)
{
	static const char *const statuses[] = {"ok", "short", "unknown", "not_required", NULL};
	struct unit_view *v;
	struct page pg;
	zdate as_of;
	zidx system;
	const char *q = http_query(rq, "q"), *status = http_query(rq, "status"), *kind_q = http_query(rq, "kind");
	int kind = -1;
	if (api_page(rq, rs, &pg) || api_as_of(rq, rs, &as_of))
		return 0;
	if (kind_q && (kind = log_kind_from_id(kind_q)) < 0)
		return http_error(rs, 400, "bad_parameter", "kind", "kind must be one of the kinds of log (network_log, server_log, …)");
	bool known = !status;
	for (const char *const *s = statuses; *s && !known; s++)
		known = strcmp(*s, status) == 0;
	if (!known)
		return http_error(rs, 400, "bad_parameter", "status", "status must be ok, short, unknown or not_required");
	if (api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	if (api_id_query(rq, rs, "system", &f->system_ids, &system)) {
		view_release(v);
		return 0;
	}
	const struct rule *r = api_unit_rule(v, RK_LOG_RETENTION, as_of);
	json_t *items = json_array();
	size_t total = 0;
	FACTS_EACH(f, log_source, v->org, li) {
		const struct log_source *l = &f->log_sources.v[li];
		if ((!api_match(l->name, q) && !api_match(l->id, q) &&
		     !(l->system >= 0 && api_match(f->systems.v[l->system].name, q))) ||
		    (kind >= 0 && l->kind != kind) || (system >= 0 && l->system != system) ||
		    (status && strcmp(retention_status(r, l), status) != 0))
			continue;
		if (page_has(&pg, total++))
			json_array_append_new(items, log_source_item(v, r, li));
	}
	int rc = api_paged(rs, items, total, &pg);
	view_release(v);
	return rc;
}

static const struct record_kind log_source_kind = {
	"log_sources", "log_source", offsetof(struct facts, log_source_ids), log_source_json, NULL, NULL, RECORD_NO_SPAN,
	"ls-",
};

static int post_log_source(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &log_source_kind, true);
}

static int put_log_source(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &log_source_kind, false);
}

/* The unit's logs are the whole unit's business: read by every business role, written by the office. */
const struct route api_log_source_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/log-sources", list_log_sources, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/log-sources", post_log_source, PERM_OFFICE, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/log-sources/{id}", put_log_source, PERM_OFFICE, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
