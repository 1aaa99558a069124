/* The JSON renderers (render.h). */
#include <string.h>

#include "core/accountability.h"
#include "core/duties.h"
#include "core/render.h"

json_t *json_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *json_date_or_null(zdate d)
{
	char buf[ZDATE_BUFSZ];
	return d == ZDATE_NONE || d == ZDATE_MAX ? json_null() : json_string(date_format(d, buf));
}

json_t *json_tri(int t)
{
	return t == TRI_NULL ? json_null() : json_boolean(t == TRI_TRUE);
}

#define ID_OF(f, vec, i) ((i) >= 0 ? (f)->vec.v[i].id : NULL)

/* A record's valid time (issue 21), written only when recorded, so that documents without
 * dates export unchanged. */
static void add_span(json_t *o, struct span sp, const char *from_key, const char *to_key)
{
	if (o && sp.from != ZDATE_MIN)
		json_object_set_new(o, from_key, json_date_or_null(sp.from));
	if (o && sp.to != ZDATE_MAX)
		json_object_set_new(o, to_key, json_date_or_null(sp.to));
}

json_t *dept_json(const struct facts *f, zidx di)
{
	const struct dept *d = &f->depts.v[di];
	json_t *o = json_pack("{s:s, s:s, s:o}", "id", d->id, "name", d->name, "parent",
			      json_str_or_null(ID_OF(f, depts, d->parent)));
	add_span(o, facts_span(f, SPAN_DEPT, di), "established", "dissolved");
	if (o && f->dept_versions.n && f->ix.dept_version[di] < f->ix.dept_version[di + 1]) {
		json_t *h = json_array();
		for (zidx k = f->ix.dept_version[di]; k < f->ix.dept_version[di + 1]; k++) {
			const struct dept_version *v = &f->dept_versions.v[f->ix.version_by_dept[k]];
			json_array_append_new(h, json_pack("{s:o, s:s, s:o}", "until", json_date_or_null(v->until), "name",
							   v->name, "parent", json_str_or_null(ID_OF(f, depts, v->parent))));
		}
		json_object_set_new(o, "history", h);
	}
	return o;
}

json_t *org_json(const struct facts *f, zidx u)
{
	const struct org *o = &f->orgs.v[u];
	json_t *depts = json_array();
	FACTS_EACH(f, dept, u, di)
		json_array_append_new(depts, dept_json(f, di));
	json_t *r = json_pack("{s:s, s:s, s:o, s:o, s:s}", "id", o->id, "name", o->name, "kind", json_str_or_null(o->kind),
			      "parent", json_str_or_null(ID_OF(f, orgs, o->parent)), "policy", o->policy ? o->policy : "default");
	if (!r) {
		json_decref(depts);
		return NULL;
	}
	/* Optional since issue 11: written only when set, so older documents export unchanged. */
	if (o->time_zone)
		json_object_set_new(r, "time_zone", json_string(o->time_zone));
	if (o->operator_type != OPERATOR_UNSET)
		json_object_set_new(r, "operator_type", json_string(operator_type_id(o->operator_type)));
	json_object_set_new(r, "departments", depts);
	return r;
}

json_t *body_json(const struct facts *f, zidx bi)
{
	const struct body *b = &f->bodies.v[bi];
	json_t *leads = json_array();
	for (zidx k = f->ix.body_lead[bi]; k < f->ix.body_lead[bi + 1]; k++)
		json_array_append_new(leads, json_string(f->bodies.v[f->leads.v[f->ix.lead_by_body[k]].led].id));
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o}", "id", b->id, "org", f->orgs.v[b->org].id, "kind",
			      body_kind_id(b->kind), "name", b->name, "leads", leads);
	add_span(o, facts_span(f, SPAN_BODY, bi), "established", "dissolved");
	return o;
}

json_t *appt_json(const struct facts *f, zidx ai)
{
	const struct appt *a = &f->appts.v[ai];
	if (a->body >= 0)
		return json_pack("{s:s, s:s, s:s, s:o, s:o}", "person", f->people.v[a->person].id, "body",
				 f->bodies.v[a->body].id, "seat", seat_id(a->seat), "from", json_date_or_null(a->from), "to",
				 json_date_or_null(a->to));
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "person", f->people.v[a->person].id, "post",
			 post_id(a->post), "org", f->orgs.v[a->org].id, "department", json_str_or_null(ID_OF(f, depts, a->dept)),
			 "system", json_str_or_null(ID_OF(f, systems, a->system)), "from", json_date_or_null(a->from), "to", json_date_or_null(a->to),
			 "full_time", json_tri(a->full_time));
}

static json_t *system_state_json(const struct facts *f, const struct system_state *st)
{
	return json_pack("{s:o, s:o, s:o, s:o}", "owner_department", json_str_or_null(ID_OF(f, depts, st->owner_dept)),
			 "mlps_level", st->mlps_level ? json_integer(st->mlps_level) : json_null(), "filing_no",
			 json_str_or_null(st->filing_no), "filed_on", json_date_or_null(st->filed_on));
}

json_t *system_json(const struct facts *f, zidx si)
{
	const struct zsystem *y = &f->systems.v[si];
	json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", y->id, "org",
			 f->orgs.v[y->org].id, "name", y->name, "owner_department", json_str_or_null(ID_OF(f, depts, y->owner_dept)),
			 "mlps_level", y->mlps_level ? json_integer(y->mlps_level) : json_null(), "filing_no",
			 json_str_or_null(y->filing_no), "filed_on", json_date_or_null(y->filed_on), "last_assessed_on",
			 json_date_or_null(y->last_assessed_on), "critical_infrastructure", json_tri(y->critical_infrastructure),
			 "public_website", json_tri(y->public_website));
	add_span(o, facts_span(f, SPAN_SYSTEM, si), "in_service", "retired");
	if (o && y->project) /* only where recorded: a system's record without one stays as it was */
		json_object_set_new(o, "project", json_string(y->project));
	if (o && f->system_versions.n && f->ix.system_version[si] < f->ix.system_version[si + 1]) {
		json_t *h = json_array();
		for (zidx k = f->ix.system_version[si]; k < f->ix.system_version[si + 1]; k++) {
			const struct system_version *v = &f->system_versions.v[f->ix.version_by_system[k]];
			json_t *e = json_pack("{s:o}", "until", json_date_or_null(v->until)), *st = system_state_json(f, &v->st);
			json_object_update(e, st);
			json_decref(st);
			json_array_append_new(h, e);
		}
		json_object_set_new(o, "history", h);
	}
	if (o && f->assessments.n && f->ix.system_assessment[si] < f->ix.system_assessment[si + 1]) {
		/* every assessment, the latest (last_assessed_on) among them */
		json_t *a = json_array();
		for (zidx k = f->ix.system_assessment[si]; k < f->ix.system_assessment[si + 1]; k++)
			json_array_append_new(a, json_date_or_null(f->assessments.v[f->ix.assessment_by_system[k]].on));
		if (y->last_assessed_on != ZDATE_NONE)
			json_array_append_new(a, json_date_or_null(y->last_assessed_on));
		json_object_set_new(o, "assessments", a);
	}
	return o;
}

json_t *agreement_json(const struct facts *f, zidx gi)
{
	const struct agreement *a = &f->agreements.v[gi];
	json_t *j = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id", a->id, "kind", agreement_kind_id(a->kind),
			      "org", f->orgs.v[a->org].id, "person", json_str_or_null(ID_OF(f, people, a->person)), "from",
			      json_date_or_null(a->from), "to", json_date_or_null(a->to), "signed_on",
			      json_date_or_null(a->signed_on));
	/* what it names, only when it names it: records without stay as they were written */
	if (j && a->post >= 0)
		json_object_set_new(j, "post", json_string(post_id(a->post)));
	if (j && a->dept >= 0)
		json_object_set_new(j, "department", json_string(f->depts.v[a->dept].id));
	return j;
}

json_t *handover_json(const struct facts *f, zidx hi)
{
	const struct handover *h = &f->handovers.v[hi];
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", h->id, "org",
			 f->orgs.v[h->org].id, "person", f->people.v[h->person].id, "post", post_id(h->post), "left_on",
			 json_date_or_null(h->left_on), "successor", json_str_or_null(ID_OF(f, people, h->successor)),
			 "accounts_closed_on", json_date_or_null(h->accounts_closed_on), "materials_returned_on",
			 json_date_or_null(h->materials_returned_on), "passwords_changed_on",
			 json_date_or_null(h->passwords_changed_on), "completed_on", json_date_or_null(h->completed_on),
			 "notes", json_str_or_null(h->notes));
}

json_t *vulnerability_json(const struct facts *f, zidx vi)
{
	const struct vulnerability *v = &f->vulnerabilities.v[vi];
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "id", v->id, "org",
			 f->orgs.v[v->org].id, "system", f->systems.v[v->system].id, "title", v->title, "source",
			 vuln_source_id(v->source), "severity", vuln_severity_id(v->severity), "found_on",
			 json_date_or_null(v->found_on), "due_on", json_date_or_null(v->due_on), "fixed_on",
			 json_date_or_null(v->fixed_on), "verified_on", json_date_or_null(v->verified_on), "notice",
			 json_str_or_null(ID_OF(f, notices, v->notice)), "notes", json_str_or_null(v->notes));
}

json_t *plan_json(const struct facts *f, zidx pi)
{
	const struct emergency_plan *p = &f->plans.v[pi];
	json_t *drills = json_array();
	for (zidx k = f->ix.plan_drill[pi]; k < f->ix.plan_drill[pi + 1]; k++)
		json_array_append_new(drills, json_date_or_null(f->plan_drills.v[f->ix.drill_by_plan[k]].held_on));
	json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "id", p->id, "org", f->orgs.v[p->org].id, "title",
			      p->title, "version", json_str_or_null(p->version), "approved_on", json_date_or_null(p->approved_on),
			      "reviewed_on", json_date_or_null(p->reviewed_on), "withdrawn_on", json_date_or_null(p->withdrawn_on),
			      "drills", drills, "notes", json_str_or_null(p->notes));
	/* every review, only where recorded: a plan's record without them stays as it was */
	if (o && f->ix.plan_review[pi] < f->ix.plan_review[pi + 1]) {
		json_t *reviews = json_array();
		for (zidx k = f->ix.plan_review[pi]; k < f->ix.plan_review[pi + 1]; k++) {
			const struct plan_review *rv = &f->plan_reviews.v[f->ix.review_by_plan[k]];
			json_array_append_new(reviews, json_pack("{s:o, s:o, s:o}", "on", json_date_or_null(rv->on), "by",
								 json_str_or_null(ID_OF(f, people, rv->by)), "outcome",
								 json_str_or_null(rv->outcome)));
		}
		json_object_set_new(o, "reviews", reviews);
	}
	return o;
}

static json_t *json_yuan(int64_t yuan)
{
	return yuan >= 0 ? json_integer((json_int_t)yuan) : json_null();
}

json_t *project_json(const struct facts *f, zidx pi)
{
	const struct project *p = &f->projects.v[pi];
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:b, s:b, s:o}", "id", p->id, "org",
			 f->orgs.v[p->org].id, "name", p->name, "department", json_str_or_null(ID_OF(f, depts, p->dept)),
			 "budget", json_yuan(p->budget), "security_budget", json_yuan(p->security_budget), "approved_on",
			 json_date_or_null(p->approved_on), "started_on", json_date_or_null(p->started_on), "in_use_on",
			 json_date_or_null(p->in_use_on), "cancelled_on", json_date_or_null(p->cancelled_on),
			 "security_planned", p->security_planned, "security_built", p->security_built,
			 "security_implemented", p->security_implemented, "notes", json_str_or_null(p->notes));
}

json_t *log_source_json(const struct facts *f, zidx li)
{
	const struct log_source *l = &f->log_sources.v[li];
	return json_pack("{s:s, s:s, s:o, s:s, s:s, s:o, s:o, s:o}", "id", l->id, "org", f->orgs.v[l->org].id, "system",
			 json_str_or_null(ID_OF(f, systems, l->system)), "name", l->name, "kind", log_kind_id(l->kind),
			 "retention_days", l->retention_days >= 0 ? json_integer(l->retention_days) : json_null(), "checked_on",
			 json_date_or_null(l->checked_on), "notes", json_str_or_null(l->notes));
}

json_t *training_json(const struct facts *f, zidx ti)
{
	const struct training_session *t = &f->trainings.v[ti];
	json_t *attendees = json_array();
	for (zidx k = f->ix.training_attendee[ti]; k < f->ix.training_attendee[ti + 1]; k++) {
		const struct training_attendee *a = &f->training_attendees.v[f->ix.attendee_by_training[k]];
		json_array_append_new(attendees,
				      json_pack("{s:s, s:o, s:o}", "person", f->people.v[a->person].id, "hours",
						a->hours >= 0 ? json_integer(a->hours) : json_null(), "certificate",
						json_str_or_null(a->certificate)));
	}
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:o, s:I, s:o, s:o}", "id", t->id, "org", f->orgs.v[t->org].id,
			 "title", t->title, "held_on", json_date_or_null(t->held_on), "organiser",
			 json_str_or_null(t->organiser), "kind", training_kind_id(t->kind), "level", training_level_id(t->level),
			 "department", json_str_or_null(ID_OF(f, depts, t->dept)), "hours", (json_int_t)t->hours, "attendees",
			 attendees, "notes", json_str_or_null(t->notes));
}

/* [{sha256, name, size}] of the evidence ev[by[from .. to)]. */
static json_t *evidence_list_json(const struct evidence *ev, const zidx *by, zidx from, zidx to)
{
	json_t *list = json_array();
	for (zidx k = from; k < to; k++) {
		const struct evidence *e = &ev[by[k]];
		json_array_append_new(list, json_pack("{s:s, s:s, s:I}", "sha256", e->sha256, "name", e->name,
						      "size", (json_int_t)e->size));
	}
	return list;
}

/* o's "reports": the files by[from..to) of ev, when there are any. */
static void set_reports(json_t *o, const struct evidence *ev, const zidx *by, zidx from, zidx to)
{
	if (o && from < to)
		json_object_set_new(o, "reports", evidence_list_json(ev, by, from, to));
}

json_t *rectification_json(const struct facts *f, zidx ri)
{
	const struct rectification *r = &f->rectifications.v[ri];
	json_t *ev = evidence_list_json(f->rect_evidence.v, f->ix.evidence_by_rect, f->ix.rect_evidence[ri],
					f->ix.rect_evidence[ri + 1]);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", r->id, "org",
			 f->orgs.v[r->org].id, "rule", r->rule, "subject", r->subject, "title", r->title, "department",
			 json_str_or_null(ID_OF(f, depts, r->dept)), "person", json_str_or_null(ID_OF(f, people, r->person)),
			 "assigned_on", json_date_or_null(r->assigned_on), "due_on", json_date_or_null(r->due_on),
			 "rectified_on", json_date_or_null(r->rectified_on), "rectification",
			 json_str_or_null(r->rectification), "evidence", ev, "closed_on", json_date_or_null(r->closed_on),
			 "notes", json_str_or_null(r->notes));
}

json_t *inspection_json(const struct facts *f, zidx ii)
{
	const struct inspection *in = &f->inspections.v[ii];
	json_t *items = json_array();
	for (zidx k = f->ix.inspection_item[ii]; k < f->ix.inspection_item[ii + 1]; k++) {
		const struct inspection_item *it = &f->inspection_items.v[f->ix.item_by_inspection[k]];
		json_array_append_new(items, json_pack("{s:s, s:o, s:s, s:o}", "title", it->title, "basis",
						       json_str_or_null(it->basis), "department", f->depts.v[it->dept].id,
						       "due_on", json_date_or_null(it->due_on)));
	}
	return json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:o}", "id", in->id, "org", f->orgs.v[in->org].id,
			 "inspector_org", f->orgs.v[in->inspector_org].id, "on", json_date_or_null(in->on), "scope",
			 in->scope, "inspectors", json_str_or_null(in->inspectors), "items", items);
}

static json_t *jtime(struct ztime z)
{
	char buf[ZTIME_BUFSZ];
	return ztime_set(z) ? json_string(ztime_format(z, buf)) : json_null();
}

json_t *incident_json(const struct facts *f, zidx xi)
{
	const struct incident *x = &f->incidents.v[xi];
	json_t *o = json_pack("{s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "id", x->id, "org",
			      f->orgs.v[x->org].id, "system", json_str_or_null(ID_OF(f, systems, x->system)), "title", x->title,
			      "category", json_str_or_null(x->category), "grade", x->grade ? json_string(grade_id(x->grade)) : json_null(),
			      "occurred_at", jtime(x->occurred), "detected_at", jtime(x->detected), "reported_at",
			      jtime(x->reported), "resolved_at", jtime(x->resolved));
	if (o) {
		json_object_set_new(o, "outage_hours", x->outage_hours >= 0 ? json_real(x->outage_hours) : json_null());
		json_object_set_new(o, "personal_info_records", x->personal_info_records >= 0 ?
				    json_integer(x->personal_info_records) : json_null());
		json_object_set_new(o, "summary_on", json_date_or_null(x->summary_on));
		/* Optional since issue 11: written only when set, so older documents export unchanged. */
		if (x->classification)
			json_object_set_new(o, "classification", json_string(x->classification));
		if (x->attacked != TRI_NULL)
			json_object_set_new(o, "attacked", json_tri(x->attacked));
		if (x->handled_in_time != TRI_NULL)
			json_object_set_new(o, "handled_in_time", json_tri(x->handled_in_time));
		if (x->function_outage_hours >= 0)
			json_object_set_new(o, "function_outage_hours", json_real(x->function_outage_hours));
		if (x->economic_loss_yuan >= 0)
			json_object_set_new(o, "economic_loss_yuan", json_real(x->economic_loss_yuan));
		if (x->people_affected >= 0)
			json_object_set_new(o, "people_affected", json_integer(x->people_affected));
		json_t *fu = x->follow_ups ? json_loads(x->follow_ups, 0, NULL) : NULL;
		if (fu)
			json_object_set_new(o, "follow_up_reports", fu);
	}
	/* Since issue 22, when it has any: the 处置报告 kept as files. */
	set_reports(o, f->incident_reports.v, f->ix.report_by_incident, f->ix.incident_report[xi],
		    f->ix.incident_report[xi + 1]);
	return o;
}

json_t *notice_json(const struct facts *f, zidx ni)
{
	const struct notice *n = &f->notices.v[ni];
	json_t *systems = json_array();
	for (zidx k = f->ix.notice_system[ni]; k < f->ix.notice_system[ni + 1]; k++)
		json_array_append_new(systems, json_string(f->systems.v[f->notice_systems.v[f->ix.system_by_notice[k]].system].id));
	json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o}", "id", n->id, "org", f->orgs.v[n->org].id,
			      "issuer", n->issuer, "document_no", json_str_or_null(n->document_no), "title", n->title, "systems",
			      systems, "received_on", json_date_or_null(n->received_on), "rectified_on",
			      json_date_or_null(n->rectified_on), "feedback_on", json_date_or_null(n->feedback_on));
	/* Optional since issue 11, written only when set. */
	if (o && n->rectify_by != ZDATE_NONE)
		json_object_set_new(o, "rectify_by", json_date_or_null(n->rectify_by));
	if (o && ztime_set(n->received_at))
		json_object_set_new(o, "received_at", jtime(n->received_at));
	/* Since issue 15, likewise: the supervising unit that sent it down, the feedback's text. */
	if (o && n->issuer_org)
		json_object_set_new(o, "issuer_org", json_string(n->issuer_org));
	if (o && n->feedback)
		json_object_set_new(o, "feedback", json_string(n->feedback));
	/* Since issue 22, when it has any: the 整改报告 kept as files. */
	set_reports(o, f->notice_reports.v, f->ix.report_by_notice, f->ix.notice_report[ni], f->ix.notice_report[ni + 1]);
	return o;
}

json_t *record_json(const struct facts *f, zidx ri)
{
	const struct obligation_record *r = &f->records.v[ri];
	json_t *ev = evidence_list_json(f->evidence.v, f->ix.evidence_by_record, f->ix.record_evidence[ri],
					f->ix.record_evidence[ri + 1]);
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "org", f->orgs.v[r->org].id, "obligation",
			 r->obligation, "period", r->period, "department", json_str_or_null(ID_OF(f, depts, r->dept)), "done_on",
			 json_date_or_null(r->done_on), "by", json_str_or_null(ID_OF(f, people, r->by)), "notes", json_str_or_null(r->notes), "evidence", ev);
}

json_t *person_json(const struct facts *f, zidx pi)
{
	const struct person *p = &f->people.v[pi];
	json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", p->id, "name", p->name, "org", f->orgs.v[p->org].id,
			      "department", json_str_or_null(ID_OF(f, depts, p->dept)), "background_check",
			      json_date_or_null(p->background_check));
	add_span(o, facts_span(f, SPAN_PERSON, pi), "joined", "left");
	return o;
}


/* A finding's dates: ZDATE_MIN ("as far back as the records go") is null too. */
static json_t *jdate_or_null(zdate d)
{
	char buf[ZDATE_BUFSZ];
	return d == ZDATE_MIN || d == ZDATE_NONE ? json_null() : json_string(date_format(d, buf));
}

json_t *citations_json(const struct citation *cites, int n, bool with_text)
{
	return citations_json_on(cites, n, with_text, ZDATE_NONE);
}

json_t *citations_json_on(const struct citation *cites, int n, bool with_text, zdate on)
{
	json_t *a = json_array();
	for (int i = 0; a && i < n; i++) {
		const struct citation *c = &cites[i];
		if (on != ZDATE_NONE && !citation_in_force(c, on))
			continue;
		json_t *o = json_pack("{s:s, s:s}", "document", c->document, "clause", c->clause);
		if (o && on == ZDATE_NONE && (c->from != ZDATE_MIN || c->to != ZDATE_MAX))
			json_object_set_new(o, "in_force", json_pack("{s:o, s:o}", "from", jdate_or_null(c->from), "to",
								     c->to == ZDATE_MAX ? json_null() : jdate_or_null(c->to)));
		if (o && with_text && c->text)
			json_object_set_new(o, "text", json_string(c->text));
		if (o && with_text && c->note)
			json_object_set_new(o, "note", json_string(c->note));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *postset_json(postset s)
{
	json_t *a = json_array();
	for (int p = 0; p < POST_COUNT; p++)
		if (POSTSET_HAS(s, p))
			json_array_append_new(a, json_string(post_id(p)));
	return a;
}

json_t *policy_json(const struct policy *p, bool obligations)
{
	json_t *rules = json_array();
	for (int r = 0; r < p->nrules; r++) {
		const struct rule *ru = &p->rules[r];
		json_t *jr = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "id", ru->id, "kind", rule_kind_id(ru->kind),
				       "severity", severity_id(ru->severity), "title", ru->title_zh, "posts",
				       postset_json(ru->posts | (ru->post >= 0 ? 1u << ru->post : 0)), "citations",
				       citations_json(ru->citations, ru->ncitations, false));
		if (jr && (ru->from != ZDATE_MIN || ru->to != ZDATE_MAX))
			json_object_set_new(jr, "in_force", json_pack("{s:o, s:o}", "from", jdate_or_null(ru->from), "to",
								     ru->to == ZDATE_MAX ? json_null() : jdate_or_null(ru->to)));
		json_array_append_new(rules, jr);
	}
	json_t *j = json_pack("{s:s, s:o, s:s, s:o}", "id", p->id, "extends", json_str_or_null(p->extends), "title",
			      p->title_zh ? p->title_zh : "", "rules", rules);
	if (j && obligations) {
		json_t *defs = json_array();
		for (int i = 0; i < p->nobligations; i++)
			json_array_append_new(defs, obligation_def_json(&p->obligations[i]));
		json_object_set_new(j, "obligations", defs);
	}
	return j;
}

json_t *finding_json(const struct facts *f, const struct finding *fd, struct strbuf *sb)
{
	json_t *subject = json_pack("{s:s, s:s, s:s}", "kind", subject_kind_id(fd->subject_kind), "id",
				    finding_subject_id(f, fd), "name", finding_subject_name(f, fd));
	if (fd->post >= 0)
		json_object_set_new(subject, "post", json_string(post_id(fd->post)));
	/* The title of the version that judged: an event keeps the one of the day it happened. */
	const struct rule *ar = fd->applied ? fd->applied : fd->rule;
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o}", "rule", fd->rule->id, "title", ar->title_zh,
			      "severity", severity_id(fd->rule->severity), "org", f->orgs.v[fd->org].id, "subject",
			      subject);
	if (ar->title_en)
		json_object_set_new(o, "title_en", json_string(ar->title_en));
	sb_reset(sb);
	finding_message(f, fd, "zh", sb);
	json_object_set_new(o, "message", json_string(sb->buf));
	sb_reset(sb);
	finding_message(f, fd, "en", sb);
	json_object_set_new(o, "message_en", json_string(sb->buf));
	json_object_set_new(o, "since", jdate_or_null(fd->since));
	/* what else it names, where it names it */
	const struct {
		const char *key, *id;
	} named[] = {
		{"other_post", fd->other_post >= 0 ? post_id(fd->other_post) : NULL},
		{"seat", fd->seat >= 0 ? seat_id(fd->seat) : NULL},
		{"person", ID_OF(f, people, fd->person)},
		{"department", ID_OF(f, depts, fd->dept)},
		{"agreement", ID_OF(f, agreements, fd->agreement)},
		{"incident", ID_OF(f, incidents, fd->incident)},
		{"other_incident", ID_OF(f, incidents, fd->other_incident)},
		{"notice", ID_OF(f, notices, fd->notice)},
		{"plan", ID_OF(f, plans, fd->plan)},
		{"log_source", ID_OF(f, log_sources, fd->log_source)},
		{"project", ID_OF(f, projects, fd->project)},
		{"rectification", ID_OF(f, rectifications, fd->rectification)},
	};
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].id)
			json_object_set_new(o, named[i].key, json_string(named[i].id));
	char key[FINDING_KEY_MAX];
	finding_subject_key(f, fd, key, sizeof key);
	json_object_set_new(o, "key", json_string(key)); /* with rule: what a rectification follows up */
	if (fd->vulnerability >= 0)
		json_object_set_new(o, "vulnerability", json_string(f->vulnerabilities.v[fd->vulnerability].id));
	if (fd->handover >= 0)
		json_object_set_new(o, "handover", json_string(f->handovers.v[fd->handover].id));
	if (fd->obligation) {
		json_object_set_new(o, "obligation", json_string(fd->obligation->id));
		json_object_set_new(o, "period", json_string(fd->period));
	}
	if (fd->date != ZDATE_NONE)
		json_object_set_new(o, "date", jdate_or_null(fd->date));
	json_object_set_new(o, "citations", citations_json_on(fd->applied->citations, fd->applied->ncitations, true, fd->as_of));
	return o;
}


/* Whether two chains name the same people in the same posts (their appointments' end dates
 * may have changed since without changing who was responsible). */
static bool same_people(json_t *a, json_t *b)
{
	if (json_array_size(a) != json_array_size(b))
		return false;
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *x = json_array_get(a, i), *y = json_array_get(b, i);
		if (!json_equal(json_object_get(x, "post"), json_object_get(y, "post")) ||
		    !json_equal(json_object_get(x, "person"), json_object_get(y, "person")))
			return false;
	}
	return true;
}

json_t *accountability_json(const struct facts *f, zidx xi, const char *recorded_text, const struct policy *p)
{
	struct responsible chain[CHAIN_MAX];
	size_t n = accountability_chain(f, xi, chain, CHAIN_MAX);
	json_t *now = accountability_chain_json(f, chain, n);
	json_error_t jerr;
	json_t *recorded = recorded_text ? json_loads(recorded_text, 0, &jerr) : NULL;
	const struct incident *x = &f->incidents.v[xi];
	char t[ZTIME_BUFSZ];
	bool differs = recorded && !same_people(recorded, now);
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:b}", "incident", x->id, "title", x->title, "occurred_at",
			 ztime_format(x->occurred, t), "clauses", accountability_clauses_json(f, xi, p), "chain", now,
			 "recorded_chain", recorded ? recorded : json_null(), "differs", differs);
}
