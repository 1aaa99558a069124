/* Incidents (安全事件) and superiors' notices (通报) on their deadlines: listed with the report,
 * summary and rectification deadlines the engine checks, added and changed through the
 * importer by the unit's office. */
#include <string.h>

#include "api/api.h"
#include "api/records.h"
#include "core/events.h"
#include "core/interchange.h"

static json_t *incident_row(const struct unit_view *v, zidx xi, zdate as_of)
{
	struct incident_deadlines d;
	json_t *row = incident_row_json(&v->facts, xi);
	if (!row)
		return NULL;
	incident_deadlines(view_policy_at(v, as_of), &v->facts, xi, as_of, &d);
	incident_deadlines_json(row, &v->facts, xi, &d);
	return row;
}

static json_t *notice_row(const struct unit_view *v, zidx ni, zdate as_of)
{
	char d[ZDATE_BUFSZ];
	struct notice_status st;
	notice_status(&v->facts, v->cal, ni, notice_workdays(view_policy_at(v, as_of), v->facts.notices.v[ni].received_on), as_of, &st);
	json_t *row = notice_json(&v->facts, ni);
	if (!row)
		return NULL;
	json_object_set_new(row, "status", json_string(st.rectified_by ? "rectified" : "open"));
	json_object_set_new(row, "deadline", json_string(date_format(st.due, d)));
	json_object_set_new(row, "working_days_left", st.rectified ? json_null() : json_integer(st.workdays_left));
	json_object_set_new(row, "overdue", json_boolean(st.overdue));
	json_object_set_new(row, "calendar_complete", json_boolean(st.calendar_complete));
	/* the vulnerabilities of the register that it reported (issue 19) */
	json_t *vulns = json_array();
	FACTS_EACH(&v->facts, vulnerability, v->org, vi)
		if (v->facts.vulnerabilities.v[vi].notice == ni)
			json_array_append_new(vulns, json_string(v->facts.vulnerabilities.v[vi].id));
	json_object_set_new(row, "vulnerabilities", vulns);
	return row;
}

/* ---- listing -------------------------------------------------------------------------------- */

/* A list's filters: ?status=open|resolved and ?system= of incidents, ?open= of notices. */
struct event_filter {
	const char *status, *system;
	int open;
};

/* Whether incident xi passes the list's filters and the account's scope on as_of. */
static bool incident_listed(const struct http_req *rq, const struct unit_view *v, zidx xi, zdate as_of,
			    const struct event_filter *q)
{
	const struct facts *f = &v->facts;
	const struct incident *x = &f->incidents.v[xi];
	bool resolved = ztime_set(x->resolved);
	return !(q->status && *q->status && resolved != (strcmp(q->status, "resolved") == 0)) &&
	       !(q->system && *q->system && (x->system < 0 || strcmp(f->systems.v[x->system].id, q->system) != 0)) &&
	       scope_incident(rq, v, xi, as_of);
}

/* Whether notice ni passes the list's filters and the account's scope on as_of. */
static bool notice_listed(const struct http_req *rq, const struct unit_view *v, zidx ni, zdate as_of,
			  const struct event_filter *q)
{
	const struct notice *n = &v->facts.notices.v[ni];
	bool rectified = n->rectified_on != ZDATE_NONE && n->rectified_on <= as_of;
	return !(q->open == 1 && rectified) && scope_notice(rq, v, ni, as_of);
}

/* GET …/incidents and GET …/notices: the unit's records of the kind that pass, paged. */
static int list_events(struct http_req *rq, struct http_resp *rs, const struct unit_view *v, bool incident)
{
	struct page pg;
	zdate as_of;
	struct event_filter q = {.open = -1};
	const struct facts *f = &v->facts;
	if (api_page(rq, rs, &pg) || api_as_of(rq, rs, &as_of) || (!incident && api_bool_query(rq, rs, "open", &q.open)))
		return 0;
	if (incident) {
		q.status = http_query(rq, "status"), q.system = http_query(rq, "system");
		if (q.status && *q.status && strcmp(q.status, "open") != 0 && strcmp(q.status, "resolved") != 0) {
			http_error(rs, 400, "bad_parameter", "status", "status must be open or resolved, not '%s'", q.status);
			return 0;
		}
	}
	const zidx *first = incident ? f->ix.org_incident : f->ix.org_notice;
	const zidx *by_org = incident ? f->ix.incident_by_org : f->ix.notice_by_org;
	json_t *items = json_array();
	size_t total = 0;
	for (zidx k = first[v->org]; k < first[v->org + 1]; k++) {
		zidx i = by_org[k];
		if ((incident ? incident_listed : notice_listed)(rq, v, i, as_of, &q) && page_has(&pg, total++))
			json_array_append_new(items, incident ? incident_row(v, i, as_of) : notice_row(v, i, as_of));
	}
	api_paged(rs, items, total, &pg);
	return 0;
}

UNIT_HANDLER(list_incidents)
{
	return list_events(rq, rs, v, true);
}

UNIT_HANDLER(list_notices)
{
	return list_events(rq, rs, v, false);
}

/* ---- one record ----------------------------------------------------------------------------- */

/* The incident or notice {id} of the route's unit, checked against the account's scope; fills
 * rs (404, 403) and returns ZIDX_NONE when it may not be used. */
static zidx find(struct http_req *rq, struct http_resp *rs, const struct unit_view *v, bool incident, zdate on)
{
	const struct facts *f = &v->facts;
	const char *id = http_param(rq, "id");
	zidx i = hmap_get(incident ? &f->incident_ids : &f->notice_ids, id);
	if (i < 0 || (incident ? f->incidents.v[i].org : f->notices.v[i].org) != v->org) {
		http_error(rs, 404, "not_found", NULL, "no %s '%s' in unit %s", incident ? "incident" : "notice", id,
			   f->orgs.v[v->org].id);
		return ZIDX_NONE;
	}
	if (!(incident ? scope_incident(rq, v, i, on) : scope_notice(rq, v, i, on))) {
		http_error(rs, 403, "out_of_scope", NULL, "无权查看 / %s '%s' is outside your scope",
			   incident ? "incident" : "notice", id);
		return ZIDX_NONE;
	}
	return i;
}

/* The route's records: incidents (…/{org}/incidents…) or notices. */
static bool incident_route(const struct http_req *rq)
{
	return strncmp(api_unit_resource(rq), "incidents", 9) == 0;
}

UNIT_HANDLER(get_one)
{
	bool incident = incident_route(rq);
	zdate as_of;
	if (!api_as_of(rq, rs, &as_of)) {
		zidx i = find(rq, rs, v, incident, as_of);
		if (i >= 0)
			http_json(rs, 200, incident ? incident_row(v, i, as_of) : notice_row(v, i, as_of));
	}
	return 0;
}

/* ---- writes --------------------------------------------------------------------------------- */

/* Writes rec (stolen) through the importer, then answers with the record as now stored. */
static void write_and_reply(struct http_req *rq, struct http_resp *rs, bool incident, const char *id, json_t *rec,
			    int status, const char *action, json_t *detail)
{
	struct zerr e = {0};
	struct unit_view *now;
	const char *org = http_param(rq, "org");
	char object[450];
	snprintf(object, sizeof object, "%s/%s", org, id);
	http_audit(rs, action, object, detail);
	if (api_import_one(rq, rs, incident ? "incidents" : "notices", rec))
		return;
	/* The store moved on: render from the view of the new generation (the request's own view,
	 * of the generation before, is released by its handler). */
	if (view_acquire(rq->w, org, &now, &e)) {
		http_zerr(rs, &e);
		return;
	}
	zidx i = hmap_get(incident ? &now->facts.incident_ids : &now->facts.notice_ids, id);
	zdate today = date_today();
	if (i < 0)
		http_error(rs, 500, "internal", NULL, "the %s was written but is not found", incident ? "incident" : "notice");
	else
		http_json(rs, status, incident ? incident_row(now, i, today) : notice_row(now, i, today));
	view_release(now);
}

UNIT_HANDLER(create)
{
	bool incident = incident_route(rq);
	const char *org = v->facts.orgs.v[v->org].id, *what = incident ? "incident" : "notice";
	json_t *body = rq->json;
	if (!json_is_object(body)) {
		http_error(rs, 422, "invalid", NULL, "the body must be a JSON object: a zeren/v1 %s", what);
		return 0;
	}
	if (!api_body_agrees(rs, body, "org", org))
		return 0;
	if (!api_id_acceptable(rs, body))
		return 0;
	/* No id given: the server makes one (the request body now carries it). */
	if (api_new_id(body, incident ? "inc-" : "tb-", incident ? &v->facts.incident_ids : &v->facts.notice_ids)) {
		http_error(rs, 500, "internal", NULL, "out of memory");
		return 0;
	}
	const char *id = json_string_value(json_object_get(body, "id"));
	if (!id) {
		http_error(rs, 422, "invalid", "id", "id: required, a string");
		return 0;
	}
	if (hmap_get(incident ? &v->facts.incident_ids : &v->facts.notice_ids, id) >= 0) {
		http_error(rs, 409, "conflict", "id", "%s '%s' exists already: change it with PUT", what, id);
		return 0;
	}
	json_t *rec = json_deep_copy(body);
	if (rec) {
		json_object_set_new(rec, "org", json_string(org));
		write_and_reply(rq, rs, incident, id, rec, 201, incident ? "incident.create" : "notice.create",
				json_deep_copy(body));
	}
	return 0;
}

/* Changes the fields the body gives (resolving an incident, rectifying a notice …); the rest
 * stay as stored. */
UNIT_HANDLER(update)
{
	bool incident = incident_route(rq);
	const char *org = v->facts.orgs.v[v->org].id, *id = http_param(rq, "id");
	json_t *body = rq->json, *rec = NULL;
	zidx i = find(rq, rs, v, incident, date_today());
	if (i < 0)
		return 0;
	if (!json_is_object(body)) {
		http_error(rs, 422, "invalid", NULL, "the body must be a JSON object of the fields to change");
		return 0;
	}
	if (!api_body_agrees(rs, body, "org", org) || !api_body_agrees(rs, body, "id", id))
		return 0;
	/* A notice sent down stays the sender's: the unit answers it, it does not re-address it. */
	json_t *issuer = incident ? NULL : json_object_get(body, "issuer_org");
	const char *had = incident ? NULL : v->facts.notices.v[i].issuer_org;
	if (issuer && !(had ? json_is_string(issuer) && strcmp(json_string_value(issuer), had) == 0 : json_is_null(issuer))) {
		http_error(rs, 422, "invalid", "issuer_org", "$.issuer_org: must be %s%s%s or left out", had ? "'" : "",
			   had ? had : "null", had ? "'" : "");
		return 0;
	}
	rec = incident ? incident_json(&v->facts, i) : notice_json(&v->facts, i);
	if (!rec || json_object_update(rec, body) != 0) {
		json_decref(rec);
		return 0;
	}
	write_and_reply(rq, rs, incident, id, rec, 200, incident ? "incident.update" : "notice.update",
			json_deep_copy(body));
	return 0;
}

const struct route api_event_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/incidents", list_incidents, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/incidents", create, PERM_OFFICE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/incidents/{id}", get_one, PERM_READ, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/incidents/{id}", update, PERM_OFFICE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/notices", list_notices, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/notices", create, PERM_OFFICE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/notices/{id}", get_one, PERM_READ, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/notices/{id}", update, PERM_OFFICE, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
