#include "core/duties.h"

#include <stdlib.h>
#include <string.h>

#include "cal/recur.h"
#include "core/render.h"
#include "rules/engine.h"
#include "util/vec.h"
#include "util/strlist.h"

static const char *const status_ids[DUTY_STATUS_COUNT] = {"done", "overdue", "open"};

const char *duty_status_id(int status)
{
	return status >= 0 && status < DUTY_STATUS_COUNT ? status_ids[status] : "?";
}

int duty_status_from_id(const char *id)
{
	return strlist_index(status_ids, DUTY_STATUS_COUNT, id);
}

void duties_release(struct duty_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static int push(struct duty_list *l, const struct duty *d, struct zerr *e)
{
	if (l->n == DUTIES_MAX)
		return zerr_set(e, ZE_LIMIT, "more than %d duty occurrences", DUTIES_MAX);
	if (vec_room((void **)&l->v, &l->cap, l->n, sizeof *l->v, 256))
		return zerr_set(e, ZE_NOMEM, "out of memory");
	l->v[l->n++] = *d;
	return 0;
}

static void settle(const struct facts *f, const struct cal *cal, zidx u, zdate as_of, struct duty *d)
{
	d->done_on = obligation_done_on(f, u, d->o, &d->oc, d->dept, &d->record);
	bool done = d->done_on <= as_of;
	d->status = done ? DUTY_DONE : d->oc.due < as_of ? DUTY_OVERDUE : DUTY_OPEN;
	d->calendar_complete = d->oc.due_complete;
	d->workdays_left = done ? 0 : cal_workdays_between(cal, as_of, d->oc.due, &d->calendar_complete);
}

bool duty_was_overdue(const struct facts *f, const struct duty *d, zdate as_of)
{
	/* settle()'s test asked of the first day the occurrence can be overdue: the day after it fell due */
	zdate first = d->oc.due + 1;
	return first <= as_of && d->done_on > first;
}

void duty_cache_release(struct duty_cache *c)
{
	for (int i = 0; c->occ && i < c->nobligations; i++)
		free(c->occ[i]);
	free(c->occ);
	free(c->n);
	memset(c, 0, sizeof *c);
}

/* The occurrences of every obligation of p around [from, to], expanded once per window. */
static int expand(struct duty_cache *c, const struct cal *cal, const struct policy *p, zdate from, zdate to,
		  struct zerr *e)
{
	if (c->p == p && c->cal == cal && c->from == from && c->to == to)
		return 0;
	duty_cache_release(c);
	int n = p ? p->nobligations : 0;
	if (!(c->occ = calloc((size_t)n + 1, sizeof *c->occ)) || !(c->n = calloc((size_t)n + 1, sizeof *c->n)))
		return zerr_set(e, ZE_NOMEM, "out of memory");
	c->nobligations = n;
	for (int i = 0; i < n; i++) {
		if (!(c->occ[i] = malloc(DUTY_EXPAND_MAX * sizeof *c->occ[i]))) {
			duty_cache_release(c);
			return zerr_set(e, ZE_NOMEM, "out of memory");
		}
		/* Periods reach back before their due day: expand well before the window. */
		int got = recur_expand_cached(&p->obligations[i].rule, cal, date_from_ymd(2000, 1, 1), from - 400, to,
					      c->occ[i], DUTY_EXPAND_MAX, e);
		if (got < 0) {
			duty_cache_release(c);
			return got;
		}
		c->n[i] = got;
	}
	c->p = p;
	c->cal = cal;
	c->from = from;
	c->to = to;
	return 0;
}

int duties_list_cached(struct duty_cache *c, const struct facts *f, const struct cal *cal, const struct policy *p,
		       zidx u, zdate as_of, zdate from, zdate to, struct duty_list *out, struct zerr *e)
{
	int rc = expand(c, cal, p, from, to, e);
	for (int i = 0; !rc && p && i < p->nobligations; i++) {
		const struct obligation_def *o = &p->obligations[i];
		const struct recur_occurrence *occ = c->occ[i];
		for (int k = 0; k < c->n[i]; k++) {
			if (occ[k].due < from || occ[k].due > to || occ[k].start < o->from)
				continue;
			struct duty d = {.o = o, .oc = occ[k], .dept = ZIDX_NONE};
			if (o->owner_kind != OWNER_EACH_DEPARTMENT) {
				settle(f, cal, u, as_of, &d);
				if ((rc = push(out, &d, e)))
					return rc;
				continue;
			}
			FACTS_EACH(f, dept, u, di) {
				/* as the engine counts: a department owes what fell due while it existed */
				struct span life = facts_span(f, SPAN_DEPT, di);
				if (!span_on(life, as_of) || occ[k].due < life.from)
					continue;
				d.dept = di;
				settle(f, cal, u, as_of, &d);
				if ((rc = push(out, &d, e)))
					return rc;
			}
		}
	}
	return rc;
}

int duties_list(const struct facts *f, const struct cal *cal, const struct policy *p, zidx u, zdate as_of,
		zdate from, zdate to, struct duty_list *out, struct zerr *e)
{
	struct duty_cache c = {0};
	int rc = duties_list_cached(&c, f, cal, p, u, as_of, from, to, out, e);
	duty_cache_release(&c);
	return rc;
}

json_t *record_evidence_json(const struct facts *f, zidx ri)
{
	json_t *a = json_array();
	for (zidx k = ri >= 0 ? f->ix.record_evidence[ri] : 0; a && ri >= 0 && k < f->ix.record_evidence[ri + 1]; k++) {
		const struct evidence *ev = &f->evidence.v[f->ix.evidence_by_record[k]];
		json_array_append_new(a, json_pack("{s:s, s:s, s:I}", "sha256", ev->sha256, "name", ev->name, "size",
						   (json_int_t)ev->size));
	}
	return a;
}

json_t *duty_json(const struct facts *f, zidx u, const struct duty *d, unsigned flags)
{
	char d1[ZDATE_BUFSZ], d2[ZDATE_BUFSZ];
	bool api = flags & DUTY_JSON_API, done = d->status == DUTY_DONE;
	/* A record made after the day looked at is not shown: that day it was not done. */
	zidx rec = done ? d->record : ZIDX_NONE;
	const struct obligation_record *r = rec >= 0 ? &f->records.v[rec] : NULL;
	json_t *j = json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:s}", "org", f->orgs.v[u].id, "obligation", d->o->id,
			      "title", d->o->title_zh, "department",
			      d->dept >= 0 ? json_string(f->depts.v[d->dept].id) : json_null(), "period", d->oc.period,
			      "due_on", date_format(d->oc.due, d1), "status", duty_status_id(d->status));
	if (!j)
		return NULL;
	json_object_set_new(j, api ? "working_days_left" : "workdays_left",
			    done ? json_null() : json_integer(d->workdays_left));
	json_object_set_new(j, "done_on", done ? json_string(date_format(d->done_on, d2)) : json_null());
	if (api)
		json_object_set_new(j, "evidence", record_evidence_json(f, rec));
	else
		json_object_set_new(j, "evidence",
				    json_integer(r ? f->ix.record_evidence[rec + 1] - f->ix.record_evidence[rec] : 0));
	json_object_set_new(j, "evidence_required", json_str_or_null(d->o->evidence));
	json_object_set_new(j, "calendar_complete", json_boolean(d->calendar_complete));
	if (api) {
		json_object_set_new(j, "title_en", json_str_or_null(d->o->title_en));
		json_object_set_new(j, "department_name", d->dept >= 0 ? json_string(f->depts.v[d->dept].name) : json_null());
		json_object_set_new(j, "by", r && r->by >= 0 ? json_string(f->people.v[r->by].id) : json_null());
		json_object_set_new(j, "notes", json_str_or_null(r ? r->notes : NULL));
	}
	return j;
}

bool duty_person_owes(const struct facts *f, zidx u, zidx p, const struct obligation_def *o, zidx di, zdate on)
{
	FACTS_EACH(f, appt, u, ai) {
		const struct appt *a = &f->appts.v[ai];
		if (a->person != p || !appt_on(a, on))
			continue;
		if (o->owner_kind == OWNER_POST && a->post == o->owner_post)
			return true;
		if (o->owner_kind == OWNER_BODY && a->body >= 0 && f->bodies.v[a->body].kind == o->owner_body)
			return true;
		if (o->owner_kind == OWNER_EACH_DEPARTMENT && a->dept == di &&
		    (a->post == POST_DEPARTMENT_HEAD || a->post == POST_SECURITY_LIAISON))
			return true;
		if (o->owner_kind == OWNER_ORG && (a->post == POST_SECURITY_ADMIN || a->post == POST_SECURITY_DIRECTOR))
			return true;
	}
	return false;
}

json_t *obligation_def_json(const struct obligation_def *o)
{
	static const char *const periods[] = {"year", "half", "quarter", "month", "week"};
	static const char *const owner_kinds[] = {"org", "post", "body", "each_department"};
	const char *owner = o->owner_kind == OWNER_POST   ? post_id(o->owner_post)
			    : o->owner_kind == OWNER_BODY ? body_kind_id(o->owner_body)
							  : owner_kinds[o->owner_kind];
	json_t *due = json_object();
	if (o->rule.due.workdays > 0)
		json_object_set_new(due, "workdays", json_integer(o->rule.due.workdays));
	else if (o->rule.due.day_of_next > 0)
		json_object_set_new(due, "day_of_next", json_integer(o->rule.due.day_of_next));
	else
		json_object_set_new(due, "days", json_integer(o->rule.due.days));
	return json_pack("{s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "id", o->id, "title", o->title_zh,
			 "title_en", json_str_or_null(o->title_en), "owner_kind", owner_kinds[o->owner_kind], "owner", owner,
			 "frequency", periods[o->rule.period], "rrule", o->rule.rrule, "due", due, "evidence",
			 json_str_or_null(o->evidence), "citations", citations_json(o->citations, o->ncitations, true));
}
