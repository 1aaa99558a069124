/* API v1: units, departments, people, the post catalogue and bodies. Reads come from the unit
 * view; writes go through the zeren/v1 importer, so the API refuses exactly what `zeren
 * import` refuses. Records are zeren/v1 records (core/render.h) with display fields added. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api/records.h"
#include "core/render.h"

/* ---- units ----------------------------------------------------------------------------------- */

static json_t *unit_json(const struct unit_view *v)
{
	const struct facts *f = &v->facts;
	zidx u = v->org;
	json_t *o = org_json(f, u);
	if (!o)
		return NULL;
	json_object_del(o, "departments");
	json_object_set_new(o, "department_count", json_integer(f->ix.org_dept[u + 1] - f->ix.org_dept[u]));
	json_object_set_new(o, "people_count", json_integer(f->ix.org_person[u + 1] - f->ix.org_person[u]));
	json_object_set_new(o, "system_count", json_integer(f->ix.org_system[u + 1] - f->ix.org_system[u]));
	json_object_set_new(o, "policy_title", json_str_or_null(v->policy ? v->policy->title_zh : NULL));
	return o;
}

struct unit_rows {
	json_t *items;
	const struct page *pg;
	size_t total;
	const char *q;
};

static int unit_row(void *ctx, const char *id, const char *name, const char *kind, const char *policy)
{
	struct unit_rows *u = ctx;
	if (!api_match(name, u->q) && !api_match(id, u->q))
		return 0;
	if (page_has(u->pg, u->total++))
		json_array_append_new(u->items, json_pack("{s:s, s:s, s:s?, s:s}", "id", id, "name", name, "kind", kind,
							  "policy", policy));
	return 0;
}

/* Business accounts see their own unit, a supervisor also every unit below it; 安全管理员, who sets each unit's policy, lists them all
 * (ids, names and policies only: the units' records stay out of a platform role's reach). */
static int list_units(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	struct zerr e = {0};
	struct page pg;
	if (api_page(rq, rs, &pg))
		return 0;
	if (has_role(rq, ROLE_SECADMIN)) {
		struct unit_rows u = {json_array(), &pg, 0, http_query(rq, "q")};
		if (store_org_each(rq->w->store, unit_row, &u, &e)) {
			json_decref(u.items);
			return http_zerr(rs, &e);
		}
		return api_paged(rs, u.items, u.total, &pg);
	}
	if (view_acquire(rq->w, rq->who->org, &v, &e))
		return http_zerr(rs, &e);
	json_t *items = json_array();
	if (!has_role(rq, ROLE_SUPERVISOR)) {
		if (page_has(&pg, 0))
			json_array_append_new(items, unit_json(v));
		int rc = api_paged(rs, items, 1, &pg);
		view_release(v);
		return rc;
	}
	/* A supervisor: its own unit, then every unit below it (its view holds every unit's row);
	 * only the page's units are read. */
	const struct facts *f = &v->facts;
	const char *q = http_query(rq, "q");
	size_t total = 0;
	for (size_t k = 0; k <= f->orgs.n; k++) {
		zidx i = k == 0 ? v->org : (zidx)(k - 1);
		const struct org *o = &f->orgs.v[i];
		if ((k > 0 && !org_is_below(f, i, v->org)) || (!api_match(o->name, q) && !api_match(o->id, q)))
			continue;
		struct unit_view *u;
		if (page_has(&pg, total++)) {
			if (view_acquire(rq->w, o->id, &u, &e)) {
				json_decref(items);
				view_release(v);
				return http_zerr(rs, &e);
			}
			json_array_append_new(items, unit_json(u));
			view_release(u);
		}
	}
	view_release(v);
	return api_paged(rs, items, total, &pg);
}

UNIT_HANDLER(get_unit)
{
	return http_json(rs, 200, unit_json(v));
}

/* The unit's record as stored with changed fields over it, written through the importer (the
 * departments are left out: an import never removes one). The office's changes are restricted
 * to its unit, which keeps the policy; the security administrator's are not. */
static int write_unit(struct http_req *rq, struct http_resp *rs, struct unit_view *v, json_t *changes,
		      const char *action, bool restricted)
{
	const char *org = v->facts.orgs.v[v->org].id;
	struct import_opts opts = {.only_org = restricted ? org : NULL, .one_record = true};
	struct zerr e = {0};
	json_t *rec = org_json(&v->facts, v->org), *doc = NULL;
	int rc = ZE_NOMEM;
	if (!rec || json_object_update(rec, changes))
		goto out;
	json_object_del(rec, "departments");
	if (!(doc = json_pack("{s:[O]}", "organizations", rec)))
		goto out;
	http_audit(rs, action, org, json_incref(changes));
	if (api_import(rq, rs, NULL, 0, doc, &opts, NULL, &e))
		rc = http_zerr(rs, &e);
	else
		rc = http_json(rs, 200, json_incref(rec));
out:
	json_decref(doc);
	json_decref(rec);
	json_decref(changes);
	return rc;
}

UNIT_HANDLER(put_unit)
{
	static const char *const keys[] = {"id", "name", "kind", NULL};
	int rc = 0;
	json_t *body = rq->json;
	const char *key;
	if (!json_is_object(body))
		return http_error(rs, 422, "invalid", NULL, "the body must be a JSON object");
	if ((key = api_unknown_key(body, keys)))
		return http_error(rs, 422, "invalid", key,
				  strcmp(key, "policy") == 0 ? "$.%s: the policy is set by the security administrator"
							     : "$.%s: not a field a unit's office may change", key);
	json_t *changes = api_record_body(rq, rs, NULL, NULL, v->facts.orgs.v[v->org].id);
	if (changes)
		rc = write_unit(rq, rs, v, changes, "unit.update", true);
	return rc;
}

/* 安全管理员 chooses the policy; that role has no unit of its own, so any unit may be named. */
static int put_policy(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	struct zerr e = {0};
	json_t *p = json_object_get(rq->json, "policy");
	if (!json_is_string(p))
		return http_error(rs, 422, "invalid", "policy", "$.policy: missing (a policy id)");
	if (!policies_get(rq->w->srv->policies, json_string_value(p)))
		return http_error(rs, 422, "invalid", "policy", "$.policy: unknown policy '%s'", json_string_value(p));
	if (view_acquire(rq->w, http_param(rq, "org"), &v, &e))
		return http_zerr(rs, &e);
	int rc = write_unit(rq, rs, v, json_pack("{s:O}", "policy", p), "unit.policy", false);
	view_release(v);
	return rc;
}

/* ---- departments ----------------------------------------------------------------------------- */

/* Adds {person, name} of each holder of post scoped to a department on day d to nodes[dept][field]. */
static void add_dept_holders(const struct facts *f, zidx u, json_t **nodes, int post, const char *field, zdate d)
{
	FACTS_EACH(f, appt, u, ai) {
		const struct appt *a = &f->appts.v[ai];
		if (a->post == post && a->dept >= 0 && nodes[a->dept] && appt_on(a, d))
			json_array_append_new(json_object_get(nodes[a->dept], field), api_person_ref(f, a->person));
	}
}

UNIT_HANDLER(list_departments)
{
	zdate today = date_today();
	const struct facts *f = &v->facts;
	json_t **nodes = calloc(f->depts.n ? f->depts.n : 1, sizeof *nodes), *roots = json_array();
	int rc = ZE_NOMEM;
	if (!nodes || !roots)
		goto out;
	FACTS_EACH(f, dept, v->org, di) {
		nodes[di] = dept_json(f, di);
		json_object_set_new(nodes[di], "people_count", json_integer(0));
		json_object_set_new(nodes[di], "head", json_array());
		json_object_set_new(nodes[di], "liaison", json_array());
		json_object_set_new(nodes[di], "children", json_array());
	}
	FACTS_EACH(f, person, v->org, pi) {
		zidx d = f->people.v[pi].dept;
		if (d >= 0 && nodes[d]) {
			json_t *n = json_object_get(nodes[d], "people_count");
			json_integer_set(n, json_integer_value(n) + 1);
		}
	}
	add_dept_holders(f, v->org, nodes, POST_DEPARTMENT_HEAD, "head", today);
	add_dept_holders(f, v->org, nodes, POST_SECURITY_LIAISON, "liaison", today);
	FACTS_EACH(f, dept, v->org, di) {
		zidx p = f->depts.v[di].parent;
		json_array_append(p >= 0 && nodes[p] ? json_object_get(nodes[p], "children") : roots, nodes[di]);
	}
	rc = http_json(rs, 200, json_pack("{s:O}", "items", roots));
out:
	if (nodes)
		for (size_t i = 0; i < f->depts.n; i++)
			json_decref(nodes[i]);
	free(nodes);
	json_decref(roots);
	return rc;
}

/* A department is written as its unit's record carrying just that department. The body is
 * checked here first so that messages name the body's own fields. */
static int write_department(struct http_req *rq, struct http_resp *rs, bool create)
{
	static const char *const keys[] = {"id", "name", "parent", "established", "dissolved", "history", "changed_on", NULL};
	/* renamed and moved on a day: history; otherwise a correction */
	static const char *const dated[] = {"name", "parent", NULL};
	struct unit_view *v;
	const char *id = http_param(rq, "id"), *key;
	json_t *rec = NULL;
	int rc = 0;
	if (api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	zidx existing = id ? hmap_get(&f->dept_ids, id) : ZIDX_NONE;
	if (id && (existing < 0 || f->depts.v[existing].org != v->org)) {
		rc = http_error(rs, 404, "not_found", NULL, "no department '%s' in this unit", id);
		goto out;
	}
	if (!(rec = api_record_body(rq, rs, existing >= 0 ? dept_json(f, existing) : NULL, NULL, id)))
		goto out;
	if ((key = api_unknown_key(rec, keys))) {
		rc = http_error(rs, 422, "invalid", key, "$.%s: unknown field", key);
		goto out;
	}
	if (create && !api_id_acceptable(rs, rec))
		goto out;
	if (create && api_new_id(rec, "d-", &f->dept_ids)) {
		rc = ZE_NOMEM;
		goto out;
	}
	const char *did = json_string_value(json_object_get(rec, "id"));
	const char *name = json_string_value(json_object_get(rec, "name"));
	if (!did || !*did) {
		rc = http_error(rs, 422, "invalid", "id", "$.id: missing");
		goto out;
	}
	if (!name || !*name) {
		rc = http_error(rs, 422, "invalid", "name", "$.name: missing");
		goto out;
	}
	if (create && hmap_get(&f->dept_ids, did) >= 0) {
		rc = http_error(rs, 409, "conflict", "id", "$.id: a department '%s' exists already", did);
		goto out;
	}
	json_t *parent = json_object_get(rec, "parent");
	if (parent && !json_is_null(parent)) {
		zidx p = json_is_string(parent) ? hmap_get(&f->dept_ids, json_string_value(parent)) : ZIDX_NONE;
		if (p < 0 || f->depts.v[p].org != v->org) {
			rc = http_error(rs, 422, "invalid", "parent", "$.parent: no department '%s' in this unit",
					json_is_string(parent) ? json_string_value(parent) : "?");
			goto out;
		}
		if (existing >= 0 && api_dept_under(f, p, existing)) {
			rc = http_error(rs, 422, "invalid", "parent", "$.parent: '%s' is this department or below it",
					json_string_value(parent));
			goto out;
		}
	}
	/* valid time: established today unless said; a change on a day or a correction; dissolving it
	 * ends the appointments scoped to it */
	if (create && !json_object_get(rq->json, "established")) {
		char today[ZDATE_BUFSZ];
		json_object_set_new(rec, "established", json_string(date_format(date_today(), today)));
	}
	json_t *old = existing >= 0 ? dept_json(f, existing) : NULL, *detail = json_object(), *appts = NULL;
	int bad = api_dated_write(rs, rec, old, dated, detail);
	const char *end_s = json_string_value(json_object_get(rec, "dissolved"));
	zdate end;
	if (!bad && end_s && date_parse(end_s, &end) &&
	    !json_equal(json_object_get(rec, "dissolved"), old ? json_object_get(old, "dissolved") : NULL) &&
	    !(appts = api_appts_ending(rs, f, v->org, SPAN_DEPT, existing, end)))
		bad = 1;
	json_decref(old);
	if (bad) { /* rs says why (bad > 0), or out of memory */
		json_decref(detail);
		rc = bad > 0 ? 0 : bad;
		goto out;
	}
	json_t *org = org_json(f, v->org);
	if (!org || json_object_set_new(org, "departments", json_pack("[O]", rec))) {
		json_decref(org);
		json_decref(detail);
		json_decref(appts);
		rc = ZE_NOMEM;
		goto out;
	}
	char object[512];
	snprintf(object, sizeof object, "%s/%s", f->orgs.v[v->org].id, did);
	json_t *logged = json_deep_copy(rec);
	json_object_update(logged, detail);
	json_decref(detail);
	if (json_array_size(appts))
		json_object_set(logged, "ended_appointments", appts);
	http_audit(rs, create ? "department.create" : "department.update", object, logged);
	if (!(rc = api_import_with_appts(rq, rs, "organizations", org, appts))) {
		json_t *reply = json_deep_copy(rec);
		if (json_array_size(appts))
			json_object_set(reply, "ended_appointments", appts);
		rc = http_json(rs, create ? 201 : 200, reply);
	}
	json_decref(appts);
out:
	json_decref(rec);
	view_release(v);
	return rc;
}

static int post_department(struct http_req *rq, struct http_resp *rs)
{
	return write_department(rq, rs, true);
}

static int put_department(struct http_req *rq, struct http_resp *rs)
{
	return write_department(rq, rs, false);
}

/* ---- people ---------------------------------------------------------------------------------- */

static json_t *person_item(const struct facts *f, zidx pi)
{
	json_t *o = person_json(f, pi);
	json_object_set_new(o, "department_name", json_str_or_null(NAME_OF(f, depts, f->people.v[pi].dept)));
	return o;
}

static int list_people(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	struct page pg;
	zidx dept;
	const char *q = http_query(rq, "q"), *post_q = http_query(rq, "post");
	int post;
	zdate today = date_today();
	if (api_page(rq, rs, &pg) || api_post_query(rq, rs, &post))
		return 0;
	if (api_unit(rq, rs, &v))
		return 0;
	/* The same page for the same scope is sent again from the view until the store changes. */
	char key[1024], params[900], d[ZDATE_BUFSZ];
	const char *dq = http_query(rq, "department");
	int np = snprintf(params, sizeof params, "people?q=%s&post=%s&department=%s&page=%zu&per_page=%zu&today=%s",
			  q ? q : "", post_q ? post_q : "", dq ? dq : "", pg.page, pg.per_page, date_format(today, d));
	size_t amps = 0; /* a value with '&' of its own could read as another query's: not kept */
	for (const char *c = params; np > 0 && (c = strchr(c, '&')); c++)
		amps++;
	bool keep = np > 0 && (size_t)np < sizeof params && amps == 5 && view_memo_key(rq, key, sizeof key, params);
	if (keep && view_memo_reply(rs, v, key)) {
		view_release(v);
		return 0;
	}
	const struct facts *f = &v->facts;
	int rc = ZE_NOMEM;
	/* Rows on the page by person, to add each one's current posts in one pass. */
	json_t **row = calloc(f->people.n ? f->people.n : 1, sizeof *row), *items = json_array();
	bool *holds = post >= 0 ? calloc(f->people.n ? f->people.n : 1, sizeof *holds) : NULL;
	if (!row || !items || (post >= 0 && !holds))
		goto out;
	if (api_dept_query(rq, rs, v, &dept)) {
		rc = 0;
		goto out;
	}
	if (holds) {
		FACTS_EACH(f, appt, v->org, ai) {
			const struct appt *a = &f->appts.v[ai];
			if (a->post == post && appt_on(a, today))
				holds[a->person] = true;
		}
	}
	size_t total = 0;
	FACTS_EACH(f, person, v->org, pi) {
		const struct person *p = &f->people.v[pi];
		if (!scope_person(rq, f, pi) || (dept >= 0 && !api_dept_under(f, p->dept, dept)) ||
		    (holds && !holds[pi]) || (!api_match(p->name, q) && !api_match(p->id, q)))
			continue;
		if (page_has(&pg, total++)) {
			row[pi] = person_item(f, pi);
			json_object_set_new(row[pi], "posts", json_array());
			json_array_append_new(items, row[pi]);
		}
	}
	FACTS_EACH(f, appt, v->org, ai) {
		const struct appt *a = &f->appts.v[ai];
		if (row[a->person] && a->post >= 0 && appt_on(a, today))
			json_array_append_new(json_object_get(row[a->person], "posts"), json_string(post_id(a->post)));
	}
	rc = view_memo_json(rs, v, keep ? key : NULL,
			    json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
				      (json_int_t)pg.page, "per_page", (json_int_t)pg.per_page));
	items = NULL;
out:
	json_decref(items);
	free(row);
	free(holds);
	view_release(v);
	return rc;
}

/* The unit's person named by {id}, after checking the account may see them; fills rs. */
static zidx path_person(struct http_req *rq, struct http_resp *rs, const struct unit_view *v)
{
	const char *id = http_param(rq, "id");
	zidx pi = hmap_get(&v->facts.person_ids, id);
	if (pi < 0 || v->facts.people.v[pi].org != v->org)
		return http_error(rs, 404, "not_found", NULL, "no person '%s' in this unit", id), ZIDX_NONE;
	if (!scope_person(rq, &v->facts, pi))
		return http_error(rs, 403, "out_of_scope", NULL, "人员 %s 不在您的数据权限内 / person %s is outside your scope",
				  id, id), ZIDX_NONE;
	return pi;
}

UNIT_HANDLER(get_person)
{
	zdate today = date_today();
	const struct facts *f = &v->facts;
	char key[1024];
	if (view_memo_list(rq, rs, v, key, sizeof key))
		return 0;
	zidx pi = path_person(rq, rs, v);
	if (pi < 0)
		return 0;
	bool *expiring = api_expiring_agreements(rq, rs, v, today);
	if (!expiring)
		return 0;
	json_t *o = person_item(f, pi), *appts = json_array(), *agreements = json_array();
	FACTS_EACH(f, appt, v->org, ai)
		if (f->appts.v[ai].person == pi && appt_on(&f->appts.v[ai], today))
			json_array_append_new(appts, api_appt_item(f, ai));
	FACTS_EACH(f, agreement, v->org, gi)
		if (f->agreements.v[gi].person == pi)
			json_array_append_new(agreements, api_agreement_item(f, gi, expiring, today));
	free(expiring);
	json_object_set_new(o, "appointments", appts);
	json_object_set_new(o, "agreements", agreements);
	return view_memo_json(rs, v, key[0] ? key : NULL, o);
}

static const struct record_kind person_kind = {
	"people", "person", offsetof(struct facts, person_ids), person_json, "department",
	"只能维护本部门的人员 / you may only change people of your own department",
	/* 入职 joined is what the office says (no default: a person alone changes no check); 离职 left
	 * ends the person's appointments */
	SPAN_PERSON, NULL, "left", NULL, "p-",
};

static int post_person(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &person_kind, true);
}

static int put_person(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &person_kind, false);
}

/* ---- the post catalogue ---------------------------------------------------------------------- */

/* {"format", "posts": [{id, name_zh, name_en, duties: [{text, source}]}]}, as built in. */
static int list_posts(struct http_req *rq, struct http_resp *rs)
{
	(void)rq;
	return api_embedded_json(rs, "posts.json", 500, "internal", "the post catalogue is not built in");
}

/* ---- bodies ---------------------------------------------------------------------------------- */

static int list_bodies(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	zdate as_of;
	if (api_as_of(rq, rs, &as_of) || api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	json_t *items = json_array();
	FACTS_EACH(f, body, v->org, bi) {
		json_t *o = body_json(f, bi), *seats = json_pack("{s:[], s:[], s:[]}", "leader", "deputy", "member");
		json_object_set_new(o, "kind_name", json_string(body_kind_name_zh(f->bodies.v[bi].kind)));
		FACTS_EACH(f, appt, v->org, ai) {
			const struct appt *a = &f->appts.v[ai];
			if (a->body == bi && appt_on(a, as_of))
				json_array_append_new(json_object_get(seats, seat_id(a->seat)), api_person_ref(f, a->person));
		}
		json_object_set_new(o, "seats", seats);
		json_array_append_new(items, o);
	}
	char date[ZDATE_BUFSZ];
	int rc = http_json(rs, 200, json_pack("{s:s, s:o}", "as_of", date_format(as_of, date), "items", items));
	view_release(v);
	return rc;
}

static const struct record_kind body_kind = {
	"bodies", "body", offsetof(struct facts, body_ids), body_json, NULL, NULL, SPAN_BODY, "established", "dissolved", NULL, "body-",
};

static int post_body(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &body_kind, true);
}

static int put_body(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &body_kind, false);
}

const struct route api_org_routes[] = {
	{HTTP_GET, "/api/v1/units", list_units, PERM_POLICY, 0, false},
	{HTTP_GET, "/api/v1/units/{org}", get_unit, PERM_READ, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}", put_unit, PERM_OFFICE, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/policy", put_policy, PERM_SECURITY, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/departments", list_departments, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/departments", post_department, PERM_OFFICE, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/departments/{id}", put_department, PERM_OFFICE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/people", list_people, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/people", post_person, PERM_WRITE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/people/{id}", get_person, PERM_READ, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/people/{id}", put_person, PERM_WRITE, 0, false},
	{HTTP_GET, "/api/v1/posts", list_posts, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/bodies", list_bodies, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/bodies", post_body, PERM_OFFICE, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/bodies/{id}", put_body, PERM_OFFICE, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
