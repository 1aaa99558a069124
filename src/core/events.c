#include "core/events.h"

#include "core/interchange.h"
#include "rules/engine.h"

static const struct rule *rule_of_kind(const struct policy *p, int kind)
{
	for (int i = 0; p && i < p->nrules; i++)
		if (p->rules[i].kind == kind)
			return &p->rules[i];
	return NULL;
}

int notice_workdays(const struct policy *p, zdate received_on)
{
	const struct rule *r = rule_of_kind(p, RK_NOTICE_DEADLINE);
	const struct rule *v = r ? rule_at(r, received_on) : NULL;
	return v && v->workdays > 0 ? v->workdays : 3;
}

void notice_status(const struct facts *f, const struct cal *cal, zidx ni, int workdays, zdate as_of,
		   struct notice_status *out)
{
	const struct notice *n = &f->notices.v[ni];
	out->calendar_complete = true;
	/* the notice's own 整改期限 overrides the policy's working days (as notice_deadline()) */
	struct rule r = {.workdays = workdays};
	out->due = notice_deadline(&r, cal, n, &out->calendar_complete);
	out->rectified = n->rectified_on != ZDATE_NONE;
	out->rectified_by = out->rectified && n->rectified_on <= as_of;
	out->workdays_left = out->rectified ? 0 : cal_workdays_between(cal, as_of, out->due, &out->calendar_complete);
	/* As the engine's notice_deadline rule: late from the day after the deadline. */
	out->overdue = !out->rectified_by && as_of > out->due;
}

json_t *notice_row_json(const struct facts *f, zidx ni, const struct notice_status *st)
{
	char d[ZDATE_BUFSZ];
	json_t *r = notice_json(f, ni);
	if (!r)
		return NULL;
	json_object_set_new(r, "due_on", json_string(date_format(st->due, d)));
	json_object_set_new(r, "workdays_left", st->rectified ? json_null() : json_integer(st->workdays_left));
	json_object_set_new(r, "calendar_complete", json_boolean(st->calendar_complete));
	return r;
}

bool notice_person_rectifies(const struct facts *f, zidx u, zidx p, zidx ni, zdate on)
{
	FACTS_EACH(f, appt, u, ai) {
		const struct appt *a = &f->appts.v[ai];
		if (a->person != p || !appt_on(a, on))
			continue;
		if (a->post == POST_SECURITY_ADMIN || a->post == POST_SECURITY_DIRECTOR)
			return true;
		for (zidx k = f->ix.notice_system[ni]; k < f->ix.notice_system[ni + 1]; k++)
			if ((a->post == POST_SYSTEM_ADMIN || a->post == POST_SYSTEM_RESPONSIBLE) &&
			    a->system == f->notice_systems.v[f->ix.system_by_notice[k]].system)
				return true;
	}
	return false;
}

void incident_deadlines(const struct policy *p, const struct facts *f, zidx xi, zdate as_of,
			struct incident_deadlines *out)
{
	const struct incident *x = &f->incidents.v[xi];
	const struct rule *report = rule_of_kind(p, RK_INCIDENT_REPORT), *summary = rule_of_kind(p, RK_INCIDENT_SUMMARY);
	int grade = incident_grade(f, x, NULL);
	*out = (struct incident_deadlines){0};
	/* The same limits as the engine's incident_report rules (incident_report_limit): where
	 * several apply (the unit's own and the national one), the earliest due. */
	for (int i = 0; report && p && i < p->nrules; i++) {
		struct report_limit lim;
		if (p->rules[i].kind != RK_INCIDENT_REPORT)
			continue;
		incident_report_limit(&p->rules[i], f, xi, &lim);
		if (lim.rule && (!out->report_rule || lim.due.t < out->report_due.t)) {
			out->report_rule = true;
			out->report_hours = lim.hours;
			out->report_due = lim.due;
			out->report_late = ztime_set(x->reported) && x->reported.t > out->report_due.t;
			bool reported_by = ztime_set(x->reported) && org_date(f, x->org, x->reported) <= as_of;
			out->report_overdue = !reported_by && as_of >= org_date(f, x->org, out->report_due);
		}
	}
	if (summary)
		summary = rule_at(summary, org_date(f, x->org, x->occurred));
	if (summary && ztime_set(x->resolved) && grade >= summary->min_grade) {
		out->summary_rule = true;
		out->summary_due = org_date(f, x->org, x->resolved) + summary->days;
		bool submitted = x->summary_on != ZDATE_NONE && x->summary_on <= as_of;
		out->summary_overdue = !submitted && as_of > out->summary_due;
	}
}

json_t *incident_row_json(const struct facts *f, zidx xi)
{
	const char *why;
	int grade = incident_grade(f, &f->incidents.v[xi], &why);
	json_t *r = incident_json(f, xi);
	if (!r)
		return NULL;
	json_object_set_new(r, "grade_effective", grade ? json_string(grade_id(grade)) : json_null());
	json_object_set_new(r, "grade_reason", why ? json_string(why) : json_null());
	return r;
}

void incident_deadlines_json(json_t *row, const struct facts *f, zidx xi, const struct incident_deadlines *d)
{
	char t[ZTIME_BUFSZ], day[ZDATE_BUFSZ];
	const struct incident *x = &f->incidents.v[xi];
	json_object_set_new(row, "status", json_string(ztime_set(x->resolved) ? "resolved" : "open"));
	json_object_set_new(row, "report_hours", d->report_rule ? json_integer(d->report_hours) : json_null());
	json_object_set_new(row, "report_due_at",
			    d->report_rule ? json_string(ztime_format(d->report_due, t)) : json_null());
	json_object_set_new(row, "report_late", json_boolean(d->report_late));
	json_object_set_new(row, "report_overdue", json_boolean(d->report_overdue));
	json_object_set_new(row, "summary_due_on",
			    d->summary_rule ? json_string(date_format(d->summary_due, day)) : json_null());
	json_object_set_new(row, "summary_overdue", json_boolean(d->summary_overdue));
}

json_t *notice_sent_copy(const struct facts *f, const struct cal *cal, zidx u, const struct notice_sent *n, json_t *used)
{
	char nid[IMPORT_MAX_ID * 2 + 2], d[ZDATE_BUFSZ];
	json_t *mine = json_array(), *sy;
	size_t j;
	snprintf(nid, sizeof nid, "%s-%s", n->id, f->orgs.v[u].id);
	json_array_foreach(n->systems, j, sy) {
		zidx si = json_is_string(sy) ? hmap_get(&f->system_ids, json_string_value(sy)) : ZIDX_NONE;
		if (si >= 0 && f->systems.v[si].org == u) {
			json_array_append(mine, sy);
			if (used)
				json_object_set_new(used, json_string_value(sy), json_true());
		}
	}
	zdate due = n->by;
	if (due == ZDATE_NONE && n->workdays > 0)
		due = cal_add_workdays(cal, n->received, n->workdays, NULL);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:s}", "id", nid, "org", f->orgs.v[u].id, "issuer",
			      n->issuer, "issuer_org", n->issuer_org, "document_no", json_str_or_null(n->doc_no), "title",
			      n->title, "systems", mine, "received_on", date_format(n->received, d));
	if (o && due != ZDATE_NONE)
		json_object_set_new(o, "rectify_by", json_string(date_format(due, d)));
	return o;
}
