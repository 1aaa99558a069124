/* API v1: the register of training (培训, issue 19) — sessions with their attendees, and each
 * person's 学时 in the year under the unit's training_hours rule. */
#include <stddef.h>
#include <string.h>

#include "api/records.h"
#include "core/render.h"

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
	{HTTP_POST, "/api/v1/units/{org}/trainings", post_training, PERM_OFFICE, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/trainings/{id}", put_training, PERM_OFFICE, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
