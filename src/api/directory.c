/* The directory the platform administrators pick from (issue 22 item 6): 系统管理员 links an
 * account to a person and 安全管理员 gives a liaison a department, by name, not by a typed id.
 * Only what picking needs is shown — ids, names, the department and unit a person belongs to —
 * and only for a search of at least one character, at most 20 at a time: the units' records
 * (appointments, systems, findings …) stay out of a platform role's reach (三员). */
#include <string.h>

#include "api/api.h"

#define DIRECTORY_MAX 20

struct dir_walk {
	struct worker *w;
	const char *q, *only_org; /* only_org: NULL for every unit */
	bool people;              /* people, or departments */
	json_t *items;
	struct zerr *e;
};

static int dir_unit(void *ctx, const char *id, const char *name, const char *kind, const char *policy)
{
	(void)kind;
	(void)policy;
	struct dir_walk *d = ctx;
	struct unit_view *v;
	if (json_array_size(d->items) >= DIRECTORY_MAX || (d->only_org && strcmp(d->only_org, id) != 0))
		return 0;
	if (view_acquire(d->w, id, &v, d->e))
		return d->e->code;
	const struct facts *f = &v->facts;
	const struct facts_index *ix = &f->ix;
	zidx u = v->org;
	if (d->people) {
		for (zidx k = ix->org_person[u]; k < ix->org_person[u + 1] && json_array_size(d->items) < DIRECTORY_MAX; k++) {
			const struct person *p = &f->people.v[ix->person_by_org[k]];
			if (!api_match(p->name, d->q) && !api_match(p->id, d->q))
				continue;
			json_array_append_new(d->items,
					      json_pack("{s:s, s:s, s:s?, s:s?, s:s, s:s}", "id", p->id, "name", p->name,
							"department", p->dept >= 0 ? f->depts.v[p->dept].id : NULL,
							"department_name", p->dept >= 0 ? f->depts.v[p->dept].name : NULL,
							"org", id, "org_name", name));
		}
	} else {
		for (zidx k = ix->org_dept[u]; k < ix->org_dept[u + 1] && json_array_size(d->items) < DIRECTORY_MAX; k++) {
			const struct dept *dp = &f->depts.v[ix->dept_by_org[k]];
			if (!api_match(dp->name, d->q) && !api_match(dp->id, d->q))
				continue;
			json_array_append_new(d->items, json_pack("{s:s, s:s, s:s, s:s}", "id", dp->id, "name", dp->name,
								  "org", id, "org_name", name));
		}
	}
	view_release(v);
	return 0;
}

static int directory(struct http_req *rq, struct http_resp *rs, bool people)
{
	struct zerr e = {0};
	const char *q = http_query(rq, "q"), *org = http_query(rq, "org");
	if (!q || !*q)
		return http_error(rs, 400, "bad_parameter", "q", "q: a part of the name or id to search for");
	struct dir_walk d = {rq->w, q, org && *org ? org : NULL, people, json_array(), &e};
	if (!d.items)
		return http_error(rs, 500, "internal", NULL, "out of memory");
	if (store_org_each(rq->w->store, dir_unit, &d, &e)) {
		json_decref(d.items);
		return http_zerr(rs, &e);
	}
	return http_json(rs, 200, json_pack("{s:o}", "items", d.items));
}

static int directory_people(struct http_req *rq, struct http_resp *rs)
{
	return directory(rq, rs, true);
}

static int directory_departments(struct http_req *rq, struct http_resp *rs)
{
	return directory(rq, rs, false);
}

const struct route api_directory_routes[] = {
	{HTTP_GET, "/api/v1/directory/people", directory_people, PERM_ADMINS, 0, false},
	{HTTP_GET, "/api/v1/directory/departments", directory_departments, PERM_ADMINS, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
