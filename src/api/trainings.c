/* API v1: the register of training (培训, issue 19) — sessions with their attendees, and each
 * person's 学时 in the year under the unit's training_hours rule. */
#include <stddef.h>
#include <string.h>

#include "api/records.h"
#include "core/render.h"
#include "rules/engine.h"

static const char *const level_names[TRL_COUNT] = {"单位组织", "部门组织", "外部培训"};

static json_t *training_item(const struct facts *f, zidx ti)
{
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

static int list_trainings(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	struct page pg;
	zidx person;
	const char *q = http_query(rq, "q"), *level_q = http_query(rq, "level"), *year_q = http_query(rq, "year");
	int level = -1, year = 0;
	if (api_page(rq, rs, &pg))
		return 0;
	if (level_q && (level = training_level_from_id(level_q)) < 0)
		return http_error(rs, 400, "bad_parameter", "level", "level must be unit, department or external");
	if (year_q && (strlen(year_q) != 4 || (year = digits_value(year_q, 4)) < 1900))
		return http_error(rs, 400, "bad_parameter", "year", "year must be four digits");
	if (api_unit(rq, rs, &v))
		return 0;
	const struct facts *f = &v->facts;
	if (api_id_query(rq, rs, "person", &f->person_ids, &person)) {
		view_release(v);
		return 0;
	}
	json_t *items = json_array();
	size_t total = 0;
	FACTS_EACH(f, training, v->org, ti) {
		const struct training_session *t = &f->trainings.v[ti];
		int y, m, d;
		date_to_ymd(t->held_on, &y, &m, &d);
		if ((!api_match(t->title, q) && !api_match(t->id, q) && !api_match(t->organiser, q)) ||
		    (level >= 0 && t->level != level) || (year && y != year) || (person >= 0 && !attended_by(f, ti, person)))
			continue;
		if (page_has(&pg, total++))
			json_array_append_new(items, training_item(f, ti));
	}
	int rc = api_paged(rs, items, total, &pg);
	view_release(v);
	return rc;
}

/* The unit's training_hours rule in force on d (the first, as the engine checks each), or NULL. */
static const struct rule *hours_rule(const struct policy *p, zdate d)
{
	for (int i = 0; p && i < p->nrules; i++) {
		const struct rule *r = rule_at(&p->rules[i], d);
		if (r && r->kind == RK_TRAINING_HOURS)
			return r;
	}
	return NULL;
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
	const struct rule *r = hours_rule(view_policy_at(v, as_of), as_of);
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

static const struct record_kind training_kind = {
	"trainings", "training", offsetof(struct facts, training_ids), training_json, NULL, NULL, RECORD_NO_SPAN, "px-",
};

static int post_training(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &training_kind, true);
}

static int put_training(struct http_req *rq, struct http_resp *rs)
{
	return api_write_record(rq, rs, &training_kind, false);
}

/* The unit's training is the whole unit's business: read by every business role, recorded by the
 * office. */
const struct route api_training_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/trainings", list_trainings, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/trainings/hours", list_training_hours, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/trainings", post_training, PERM_OFFICE, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/trainings/{id}", put_training, PERM_OFFICE, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
