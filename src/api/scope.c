/* Data scope (RuoYi's 数据权限): what each business role may see and change of its unit —
 * office and leader all of it, a liaison their department and below (and the systems they
 * administer), staff themselves; a supervisor reads all of every unit below its own in the
 * supervision tree, and writes none of them (its own writes are api/supervision.c's). One
 * definition for every resource. */
#include <string.h>

#include "api/api.h"
#include "core/events.h"

bool has_role(const struct http_req *rq, int role)
{
	return rq->who && (rq->who->roles & ROLE_BIT(role));
}

/* A supervisor reaches a unit only through api_unit's subtree check, and then sees all of it. */
bool scope_whole_unit(const struct http_req *rq)
{
	return has_role(rq, ROLE_OFFICE) || has_role(rq, ROLE_LEADER) || has_role(rq, ROLE_SUPERVISOR);
}

const char *scope_name(unsigned roles)
{
	if (roles & ROLE_BIT(ROLE_SUPERVISOR))
		return "subtree"; /* its unit and the units below it */
	if (roles & (ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_LEADER)))
		return "unit"; /* as scope_whole_unit */
	if (roles & ROLE_BIT(ROLE_LIAISON))
		return "department";
	if (roles & ROLE_BIT(ROLE_STAFF))
		return "self";
	return "none";
}

zidx scope_me(const struct http_req *rq, const struct facts *f)
{
	return rq->who && rq->who->person[0] ? hmap_get(&f->person_ids, rq->who->person) : ZIDX_NONE;
}

bool scope_unit(const struct http_req *rq, const char *org_id)
{
	const unsigned business = ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_LIAISON) |
				  ROLE_BIT(ROLE_STAFF) | ROLE_BIT(ROLE_SUPERVISOR);
	return rq->who && (rq->who->roles & business) && strcmp(rq->who->org, org_id) == 0;
}

/* Is dept the liaison's department or below it? */
static bool in_liaison_tree(const struct http_req *rq, const struct facts *f, zidx dept)
{
	if (!has_role(rq, ROLE_LIAISON) || !rq->who->department[0])
		return false;
	for (int depth = 0; dept >= 0 && depth < 64; depth++, dept = f->depts.v[dept].parent)
		if (strcmp(f->depts.v[dept].id, rq->who->department) == 0)
			return true;
	return false;
}

/* May the account see unit org's records: its own unit, or for a supervisor's reads one below. */
static bool unit_readable(const struct http_req *rq, const struct facts *f, zidx org)
{
	if (scope_unit(rq, f->orgs.v[org].id))
		return true;
	return rq->method == HTTP_GET && has_role(rq, ROLE_SUPERVISOR) &&
	       org_is_below(f, org, hmap_get(&f->org_ids, rq->who->org));
}

static bool dept_in_unit(const struct http_req *rq, const struct facts *f, zidx dept)
{
	return dept >= 0 && unit_readable(rq, f, f->depts.v[dept].org);
}

bool scope_dept(const struct http_req *rq, const struct facts *f, zidx dept)
{
	if (!dept_in_unit(rq, f, dept))
		return false;
	return scope_whole_unit(rq) || in_liaison_tree(rq, f, dept);
}

bool scope_person(const struct http_req *rq, const struct facts *f, zidx person)
{
	if (person < 0 || !unit_readable(rq, f, f->people.v[person].org))
		return false;
	if (scope_whole_unit(rq))
		return true;
	if (in_liaison_tree(rq, f, f->people.v[person].dept))
		return true;
	return strcmp(rq->who->person, f->people.v[person].id) == 0;
}

bool scope_write_dept(const struct http_req *rq, const struct facts *f, zidx dept)
{
	if (!dept_in_unit(rq, f, dept))
		return false;
	return has_role(rq, ROLE_OFFICE) || in_liaison_tree(rq, f, dept);
}

bool scope_system(const struct http_req *rq, const struct unit_view *v, zidx si, zdate on)
{
	const struct facts *f = &v->facts;
	if (si < 0)
		return false;
	if (scope_whole_unit(rq) && unit_readable(rq, f, f->systems.v[si].org))
		return true;
	if (f->systems.v[si].owner_dept >= 0 && scope_dept(rq, f, f->systems.v[si].owner_dept))
		return true;
	struct system_state then; /* the owner department on that day, when it was another */
	system_state_on(f, si, on, &then);
	if (then.owner_dept >= 0 && then.owner_dept != f->systems.v[si].owner_dept && scope_dept(rq, f, then.owner_dept))
		return true;
	zidx me = scope_me(rq, f);
	if (me < 0)
		return false;
	FACTS_EACH(f, appt, v->org, ai) {
		const struct appt *a = &f->appts.v[ai];
		if (a->person == me && a->system == si && appt_on(a, on))
			return true;
	}
	return false;
}

bool scope_notice(const struct http_req *rq, const struct unit_view *v, zidx ni, zdate on)
{
	const struct facts *f = &v->facts;
	if (scope_whole_unit(rq))
		return true;
	for (zidx k = f->ix.notice_system[ni]; k < f->ix.notice_system[ni + 1]; k++)
		if (scope_system(rq, v, f->notice_systems.v[f->ix.system_by_notice[k]].system, on))
			return true;
	zidx me = scope_me(rq, f);
	return me >= 0 && notice_person_rectifies(f, v->org, me, ni, on);
}

bool scope_incident(const struct http_req *rq, const struct unit_view *v, zidx xi, zdate on)
{
	return scope_whole_unit(rq) || scope_system(rq, v, v->facts.incidents.v[xi].system, on);
}

bool scope_rectification(const struct http_req *rq, const struct facts *f, zidx xi)
{
	const struct rectification *x = &f->rectifications.v[xi];
	return scope_whole_unit(rq) || (x->dept >= 0 && scope_dept(rq, f, x->dept)) ||
	       (x->person >= 0 && scope_person(rq, f, x->person));
}

bool scope_finding(const struct http_req *rq, const struct unit_view *v, const struct finding *fd, zdate on)
{
	const struct facts *f = &v->facts;
	if (scope_whole_unit(rq))
		return true;
	switch (fd->subject_kind) {
	case SUBJ_PERSON: return scope_person(rq, f, fd->subject);
	case SUBJ_DEPARTMENT: return scope_dept(rq, f, fd->subject);
	case SUBJ_SYSTEM: return scope_system(rq, v, fd->subject, on);
	default: break;
	}
	return (fd->person >= 0 && scope_person(rq, f, fd->person)) || (fd->dept >= 0 && scope_dept(rq, f, fd->dept));
}

bool scope_supervises(const struct unit_view *v, const struct http_req *rq)
{
	if (!has_role(rq, ROLE_SUPERVISOR) || !rq->who->org[0])
		return false;
	return org_is_below(&v->facts, v->org, hmap_get(&v->facts.org_ids, rq->who->org));
}

bool scope_unit_readable(struct http_req *rq, const char *org_id)
{
	struct unit_view *v;
	struct zerr e = {0};
	if (scope_unit(rq, org_id))
		return true;
	if (!org_id || rq->method != HTTP_GET || !has_role(rq, ROLE_SUPERVISOR) || !rq->who->org[0])
		return false;
	/* The supervisor's own view holds every unit's row, for the tree. */
	if (view_acquire(rq->w, rq->who->org, &v, &e))
		return false;
	bool below = org_is_below(&v->facts, hmap_get(&v->facts.org_ids, org_id), v->org);
	view_release(v);
	return below;
}

static int out_of_scope(struct http_resp *rs, const char *org)
{
	return http_error(rs, 403, "out_of_scope", NULL, "无权访问单位 %s / unit %s is outside your scope", org, org), 1;
}

int api_unit(struct http_req *rq, struct http_resp *rs, struct unit_view **out)
{
	const char *org = http_param(rq, "org");
	struct zerr e = {0};
	*out = NULL;
	if (!org)
		return http_error(rs, 404, "not_found", NULL, "no unit in the path"), 1;
	/* Another unit's data is refused before anything is loaded, whether it exists or not —
	 * but for a supervisor reading a unit below its own, which only the unit's view (holding
	 * every unit's row, for the tree) can tell; a unit it does not supervise is refused alike
	 * whether it exists or not. A supervisor writes nothing of a unit's own. */
	bool own = scope_unit(rq, org);
	if (!own && (rq->method != HTTP_GET || !has_role(rq, ROLE_SUPERVISOR)))
		return out_of_scope(rs, org);
	const char *rec = http_query(rq, "recorded_on");
	zdate recorded_on;
	if (rec && rq->method != HTTP_GET)
		return http_error(rs, 400, "bad_parameter", "recorded_on", "recorded_on is for reading: a change is made "
				  "to the records as they stand"), 1;
	if (rec && !date_parse(rec, &recorded_on))
		return http_error(rs, 400, "bad_parameter", "recorded_on", "recorded_on must be a date YYYY-MM-DD, not '%s'",
				  rec), 1;
	if (rec ? view_acquire_recorded(rq->w, org, recorded_on, out, &e) : view_acquire(rq->w, org, out, &e)) {
		if (!own && e.code == ZE_NOTFOUND)
			return out_of_scope(rs, org);
		return http_zerr(rs, &e), 1;
	}
	if (!own && !scope_supervises(*out, rq)) {
		view_release(*out);
		*out = NULL;
		return out_of_scope(rs, org);
	}
	return 0;
}

int api_with_unit(struct http_req *rq, struct http_resp *rs, unit_handler fn)
{
	struct unit_view *v;
	if (api_unit(rq, rs, &v))
		return 0;
	int rc = fn(rq, rs, v);
	view_release(v);
	return rc;
}
