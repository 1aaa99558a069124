/* API v1: the register of rectifications (整改台账, issue 22) — findings followed up: assigned by
 * the office to a department and a person, rectified with notes and evidence, verified and
 * closed by the office, reopened when the finding holds again after closing. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api/register.h"
#include "core/render.h"
#include "util/strlist.h"

/* The unit's rectification_overdue rule in force on d, or NULL: its working days set the deadline
 * of an item without its own due_on. */
static const struct rule *rect_rule(const struct unit_view *v, zdate d)
{
	return api_unit_rule(v, RK_RECTIFICATION_OVERDUE, d);
}

/* The keys ("rule\x1fsubject") of the findings that hold on the day: a closed item whose key is
 * among them has recurred. Sorted, for bsearch. */
struct held {
	char **keys;
	size_t n;
};

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int held_build(struct held *h, const struct facts *f, const struct findings *fs)
{
	h->n = 0;
	if (!(h->keys = calloc(fs->n ? fs->n : 1, sizeof *h->keys)))
		return ZE_NOMEM;
	for (size_t i = 0; i < fs->n; i++) {
		char key[FINDING_KEY_MAX];
		finding_subject_key(f, &fs->v[i], key, sizeof key);
		size_t nr = strlen(fs->v[i].rule->id), nk = strlen(key);
		char *k = malloc(nr + nk + 2);
		if (!k)
			return ZE_NOMEM;
		memcpy(k, fs->v[i].rule->id, nr);
		k[nr] = '\x1f';
		memcpy(k + nr + 1, key, nk + 1);
		h->keys[h->n++] = k;
	}
	qsort(h->keys, h->n, sizeof *h->keys, cmp_key);
	return 0;
}

static void held_release(struct held *h)
{
	strlist_free(h->keys, h->n);
	h->keys = NULL;
}

static bool held_has(const struct held *h, const struct rectification *x)
{
	size_t nr = strlen(x->rule), nk = strlen(x->subject);
	char *k = malloc(nr + nk + 2);
	if (!k)
		return false;
	memcpy(k, x->rule, nr);
	k[nr] = '\x1f';
	memcpy(k + nr + 1, x->subject, nk + 1);
	bool found = bsearch(&k, h->keys, h->n, sizeof *h->keys, cmp_key) != NULL;
	free(k);
	return found;
}

static zdate rect_deadline(const struct rule *r, const struct unit_view *v, const struct rectification *x)
{
	return r ? rectification_deadline(r, v->cal, x) : x->due_on;
}

/* On d: closed (verified by the office), reopened (closed, and the finding holds again),
 * rectified (awaiting verification), overdue, or assigned. */
static const char *rect_status(const struct rule *r, const struct unit_view *v, const struct rectification *x,
			       bool holds, zdate d)
{
	if (x->closed_on != ZDATE_NONE && x->closed_on <= d)
		return holds && d > x->closed_on ? "reopened" : "closed";
	if (x->rectified_on != ZDATE_NONE && x->rectified_on <= d)
		return "rectified";
	zdate due = rect_deadline(r, v, x);
	return due != ZDATE_NONE && d > due ? "overdue" : "assigned";
}

const char *rectification_status(const struct unit_view *v, zidx xi, zdate d)
{
	return rect_status(rect_rule(v, d), v, &v->facts.rectifications.v[xi], false, d);
}

zdate rectification_due(const struct unit_view *v, zidx xi, zdate d)
{
	return rect_deadline(rect_rule(v, d), v, &v->facts.rectifications.v[xi]);
}

/* Where an item comes from when it follows up no finding: the inspection (检查) that found it. */
static json_t *rect_source(const struct facts *f, const struct rectification *x)
{
	long n;
	zidx ii = strcmp(x->rule, RECT_RULE_INSPECTION) ? ZIDX_NONE : facts_inspection_of(f, x->subject, &n);
	if (ii < 0)
		return json_null();
	const struct inspection *in = &f->inspections.v[ii];
	return json_pack("{s:s, s:o, s:s, s:s}", "inspection", in->id, "on", json_date_or_null(in->on), "inspector",
			 f->orgs.v[in->inspector_org].name, "scope", in->scope);
}

static json_t *rect_item(const struct unit_view *v, const struct rule *r, zidx xi, bool holds, zdate as_of)
{
	const struct facts *f = &v->facts;
	const struct rectification *x = &f->rectifications.v[xi];
	const struct policy *p = view_policy_at(v, as_of);
	const struct rule *rule = p ? policy_rule(p, x->rule) : NULL;
	json_t *o = rectification_json(f, xi);
	json_object_set_new(o, "rule_title", json_str_or_null(rule ? rule->title_zh : NULL));
	json_object_set_new(o, "rule_title_en", json_str_or_null(rule ? rule->title_en : NULL));
	json_object_set_new(o, "department_name", json_str_or_null(NAME_OF(f, depts, x->dept)));
	json_object_set_new(o, "person_name", json_str_or_null(NAME_OF(f, people, x->person)));
	/* the last day to rectify it: its own, else the policy's working days from assignment */
	json_object_set_new(o, "deadline", json_date_or_null(rect_deadline(r, v, x)));
	json_object_set_new(o, "holds", json_boolean(holds)); /* the finding still holds on as_of */
	json_object_set_new(o, "status", json_string(rect_status(r, v, x, holds, as_of)));
	json_object_set_new(o, "source", rect_source(f, x));
	return o;
}

/* ?mine=true|false into l->param (1: true), ?rule= into l->arg. */
static int rect_mine(struct register_list *l, struct http_resp *rs)
{
	const char *mine = http_query(l->rq, "mine");
	if (mine && strcmp(mine, "true") != 0 && strcmp(mine, "false") != 0)
		return http_error(rs, 400, "bad_parameter", "mine", "mine must be true or false"), 1;
	l->param = mine && !strcmp(mine, "true");
	l->arg = http_query(l->rq, "rule");
	return 0;
}

/* What a list needs: the findings that hold on as_of, and for ?mine=true the account's person. */
struct rect_list {
	struct held held;
	zidx me;
};

static int rect_prepare(struct register_list *l, struct http_resp *rs)
{
	struct zerr e = {0};
	const struct findings *fs;
	struct rect_list *c = calloc(1, sizeof *c);
	if (!(l->ctx = c))
		return ZE_NOMEM;
	if (view_findings(l->rq->w, l->v, l->as_of, &fs, &e))
		return http_zerr(rs, &e), 1;
	int rc = held_build(&c->held, l->f, fs);
	if (rc)
		return rc;
	/* mine: what the account itself acts on — assigned to it, or to its department for a liaison */
	c->me = l->param ? scope_me(l->rq, l->f) : ZIDX_NONE;
	if (l->param && c->me < 0)
		return http_error(rs, 400, "bad_parameter", "mine", "this account is linked to no person of the unit"), 1;
	return 0;
}

static void rect_release(struct register_list *l)
{
	struct rect_list *c = l->ctx;
	if (c)
		held_release(&c->held);
	free(c);
}

/* ?department=, ?person=, ?rule=, ?q=, ?status=, ?mine=, within the account's scope; an item
 * assigned after as_of is not yet there. */
static bool rect_keep(const struct register_list *l, zidx xi)
{
	const struct facts *f = l->f;
	const struct rectification *x = &f->rectifications.v[xi];
	const struct rect_list *c = l->ctx;
	zidx me = c->me;
	if (x->assigned_on > l->as_of || !scope_rectification(l->rq, f, xi) ||
	    (l->dept >= 0 && !api_dept_under(f, x->dept, l->dept)) || (l->ref[0] >= 0 && x->person != l->ref[0]) ||
	    (l->arg && strcmp(l->arg, x->rule) != 0) || (!api_match(x->title, l->q) && !api_match(x->id, l->q)) ||
	    (l->status && strcmp(rect_status(l->rule, l->v, x, held_has(&c->held, x), l->as_of), l->status) != 0))
		return false;
	return me < 0 || x->person == me ||
	       (has_role(l->rq, ROLE_LIAISON) && x->dept >= 0 && api_dept_under(f, x->dept, f->people.v[me].dept));
}

static json_t *rect_row(const struct register_list *l, zidx xi)
{
	const struct rect_list *c = l->ctx;
	return rect_item(l->v, l->rule, xi, held_has(&c->held, &l->f->rectifications.v[xi]), l->as_of);
}

static const struct record_kind rect_kind = {
	"rectifications", "rectification", offsetof(struct facts, rectification_ids), rectification_json, "department",
	"只能处理本部门的整改事项 / you may only act on your department's rectifications", RECORD_NO_SPAN, "zg-",
};

const struct api_register api_rectification_register = {
	.path = "rectifications", .kind = &rect_kind, REGISTER_INDEX(rectification), .keep = rect_keep, .item = rect_row,
	.as_of = true, .statuses = (const char *const[]){"assigned", "overdue", "rectified", "closed", "reopened", NULL},
	.dept = true, .ref_name = {"person"}, .ref_ids = {offsetof(struct facts, person_ids)},
	.rule_of = rect_rule, .parse = rect_mine, .prepare = rect_prepare, .release = rect_release,
};

/* The same kind written by the person an item is assigned to: the department check is theirs
 * (put_rectification), not a liaison's. */
static const struct record_kind rect_own_kind = {
	"rectifications", "rectification", offsetof(struct facts, rectification_ids), rectification_json, NULL,
	NULL, RECORD_NO_SPAN, "zg-",
};

/* The first field of the body that differs from the stored item and is among names (listed)
 * or is not (!listed); NULL when there is none. */
static const char *changed_field(json_t *body, json_t *old, const char *const *names, bool listed)
{
	const char *key;
	json_t *given;
	json_object_foreach(body, key, given)
		if (api_listed(names, key) == listed && !json_equal(given, json_object_get(old, key)))
			return key;
	return NULL;
}

/* The office assigns, sets deadlines and closes. A liaison rectifying an item of their
 * department may not change those fields; the person it is assigned to (a staff member's
 * account linked to them) may record its rectification — notes, date, evidence — and nothing
 * else, and no one else's. */
static int put_rectification(struct http_req *rq, struct http_resp *rs)
{
	static const char *const office_fields[] = {"rule", "subject", "assigned_on", "due_on", "closed_on", NULL};
	static const char *const own_fields[] = {"id", "org", "rectified_on", "rectification", "evidence", NULL};
	if (has_role(rq, ROLE_OFFICE) || !json_is_object(rq->json))
		return api_write_record(rq, rs, &rect_kind, false);
	struct unit_view *v;
	if (api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	zidx xi = hmap_get(&f->rectification_ids, http_param(rq, "id"));
	if (xi < 0 || f->rectifications.v[xi].org != v->org) { /* the writer says 404 */
		view_release(v);
		return api_write_record(rq, rs, &rect_kind, false);
	}
	const struct rectification *x = &f->rectifications.v[xi];
	bool liaison = x->dept >= 0 && scope_write_dept(rq, f, x->dept);
	bool own = !liaison && x->person >= 0 && x->person == scope_me(rq, f);
	json_t *old = rectification_json(f, xi);
	const char *field = liaison ? changed_field(rq->json, old, office_fields, true)
			  : own	    ? changed_field(rq->json, old, own_fields, false)
				    : NULL;
	bool refused = field || (!liaison && !own && !has_role(rq, ROLE_LIAISON));
	int rc = 0;
	if (field)
		rc = http_error(rs, 403, "forbidden", field,
				own ? "只能填写本人整改事项的整改情况 / the person assigned records the rectification only"
				    : "只有网信办可以交办、改期限和验证销号 / only the office assigns, sets deadlines and closes "
				      "rectifications");
	else if (refused)
		rc = http_error(rs, 403, "out_of_scope", "person",
				"只能整改交办给本人的事项 / you may only rectify the items assigned to you");
	json_decref(old);
	view_release(v);
	if (refused)
		return rc;
	return api_write_record(rq, rs, own ? &rect_own_kind : &rect_kind, false);
}

/* Read by every business role within its scope; assigned by the office, rectified by the
 * office, the department's liaison or the person assigned. */
const struct route api_rectification_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/rectifications", api_register_list, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/rectifications", api_register_post, PERM_OFFICE, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/rectifications/{id}", put_rectification, PERM_RECTIFY, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
