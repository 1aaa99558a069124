/* API v1: the register of training (培训, issue 19) — sessions with their attendees, and each
 * person's 学时 in the year under the unit's training_hours rule. */
#include <stddef.h>
#include <string.h>

#include "api/register.h"
#include "core/render.h"
#include "rules/engine.h"

static const char *const level_names[TRL_COUNT] = {"单位组织", "部门组织", "外部培训"};

static json_t *training_item(const struct register_list *l, zidx ti)
{
	const struct facts *f = l->f;
	const struct training_session *t = &f->trainings.v[ti];
	json_t *o = training_json(f, ti), *a;
	size_t k;
	json_object_set_new(o, "department_name", json_str_or_null(t->dept >= 0 ? f->depts.v[t->dept].name : NULL));
	json_object_set_new(o, "level_name", json_string(level_names[t->level]));
	/* the attendees in the order of the register, each with the name shown */
	zidx first = f->ix.training_attendee[ti];
	json_array_foreach(json_object_get(o, "attendees"), k, a) {
		zidx p = f->training_attendees.v[f->ix.attendee_by_training[first + (zidx)k]].person;
		json_object_set_new(a, "name", json_string(f->people.v[p].name));
	}
	return o;
}

static bool attended_by(const struct facts *f, zidx ti, zidx p)
{
	for (zidx k = f->ix.training_attendee[ti]; k < f->ix.training_attendee[ti + 1]; k++)
		if (f->training_attendees.v[f->ix.attendee_by_training[k]].person == p)
			return true;
	return false;
}

/* ?year=YYYY into l->param. */
static int training_year(struct register_list *l, struct http_resp *rs)
{
	const char *year_q = http_query(l->rq, "year");
	if (year_q && (strlen(year_q) != 4 || (l->param = digits_value(year_q, 4)) < 1900))
		return http_error(rs, 400, "bad_parameter", "year", "year must be four digits"), 1;
	return 0;
}

/* ?q= (title, id or organiser), ?level=, ?year=, ?person= (an attendee). */
static bool training_keep(const struct register_list *l, zidx ti)
{
	const struct training_session *t = &l->f->trainings.v[ti];
	int y, m, d;
	date_to_ymd(t->held_on, &y, &m, &d);
	return (api_match(t->title, l->q) || api_match(t->id, l->q) || api_match(t->organiser, l->q)) &&
	       (l->code < 0 || t->level == l->code) && (!l->param || y == l->param) &&
	       (l->ref[0] < 0 || attended_by(l->f, ti, l->ref[0]));
}

/* The rule's posts person p holds on d, as an array of post ids (empty when none). */
static json_t *posts_required(const struct facts *f, zidx org, zidx p, const struct rule *r, zdate d)
{
	json_t *a = json_array();
	postset seen = 0;
	FACTS_EACH(f, appt, org, ai) {
		const struct appt *x = &f->appts.v[ai];
		if (x->person != p || x->post < 0 || !appt_on(x, d) || !POSTSET_HAS(r->posts, x->post) ||
		    POSTSET_HAS(seen, x->post))
			continue;
		seen |= (postset)1 << x->post;
		json_array_append_new(a, json_string(post_id(x->post)));
	}
	return a;
}

/* GET …/trainings/hours: each person of the unit on D with the 学时 of the year ending on D and,
 * for those the unit's training_hours rule in force on D names (the holders of its posts, or
 * everyone), the hours it requires. ?required=true keeps only those; ?status=short|enough. */
static int list_training_hours(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	struct page pg;
	zdate as_of;
	zidx dept;
	int only_required;
	const char *q = http_query(rq, "q"), *status_q = http_query(rq, "status");
	if (api_page(rq, rs, &pg) || api_as_of(rq, rs, &as_of) || api_bool_query(rq, rs, "required", &only_required))
		return 0;
	if (status_q && strcmp(status_q, "short") != 0 && strcmp(status_q, "enough") != 0)
		return http_error(rs, 400, "bad_parameter", "status", "status must be short or enough");
	if (api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	if (api_dept_query(rq, rs, v, &dept)) {
		view_release(v);
		return 0;
	}
	const struct rule *r = api_unit_rule(v, RK_TRAINING_HOURS, as_of); /* the first, as the engine checks each */
	json_t *items = json_array();
	size_t total = 0;
	FACTS_EACH(f, person, v->org, p) {
		const struct person *pe = &f->people.v[p];
		if (!span_on(facts_span(f, SPAN_PERSON, p), as_of) || !scope_person(rq, f, p) ||
		    (dept >= 0 && !api_dept_under(f, pe->dept, dept)) || (!api_match(pe->name, q) && !api_match(pe->id, q)))
			continue;
		json_t *posts = r ? posts_required(f, v->org, p, r, as_of) : json_array();
		bool required = r && (r->everyone || json_array_size(posts) > 0);
		int hours = engine_training_hours(f, v->org, p, as_of);
		const char *status = !required ? NULL : hours >= r->hours ? "enough" : "short";
		if ((only_required == 1 && !required) || (status_q && (!status || strcmp(status, status_q) != 0))) {
			json_decref(posts);
			continue;
		}
		if (!page_has(&pg, total++)) {
			json_decref(posts);
			continue;
		}
		json_t *o = api_person_ref(f, p);
		json_object_set_new(o, "department", json_str_or_null(pe->dept >= 0 ? f->depts.v[pe->dept].id : NULL));
		json_object_set_new(o, "department_name", json_str_or_null(pe->dept >= 0 ? f->depts.v[pe->dept].name : NULL));
		json_object_set_new(o, "posts", posts);
		json_object_set_new(o, "hours", json_integer(hours));
		json_object_set_new(o, "required", required ? json_integer(r->hours) : json_null());
		json_object_set_new(o, "status", json_str_or_null(status));
		json_array_append_new(items, o);
	}
	int rc = api_paged(rs, items, total, &pg);
	view_release(v);
	return rc;
}

const struct api_register api_training_register = {
	.path = "trainings", REGISTER_INDEX(training), .keep = training_keep, .item = training_item,
	.kind = &(const struct record_kind)RECORD_PLAIN("trainings", "training", training_ids, training_json, "px-"),
	.code_name = "level", .from_id = training_level_from_id, .code_msg = "level must be unit, department or external",
	.ref_name = {"person"}, .ref_ids = {offsetof(struct facts, person_ids)},
	.parse = training_year,
};

/* The unit's training is the whole unit's business: read by every business role, recorded by the
 * office. */
const struct route api_training_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/trainings", api_register_list, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/trainings/hours", list_training_hours, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/trainings", api_register_post, PERM_OFFICE, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/trainings/{id}", api_register_put, PERM_OFFICE, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
