/* zeren/v1 export: one record per line, fields in the order of DESIGN.md §3, so that files
 * diff well and import∘export is the identity. */
#include <jansson.h>
#include <string.h>

#include "core/interchange.h"

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jdate(zdate d)
{
	char buf[ZDATE_BUFSZ];
	return d == ZDATE_NONE || d == ZDATE_MAX ? json_null() : json_string(date_format(d, buf));
}

static json_t *jtri(int t)
{
	return t == TRI_NULL ? json_null() : json_boolean(t == TRI_TRUE);
}

#define ID_OF(f, vec, i) ((i) >= 0 ? (f)->vec.v[i].id : NULL)

struct writer {
	FILE *out;
	bool first;
	bool failed;
};

static void open_array(struct writer *w, const char *name, bool first_key)
{
	fprintf(w->out, "%s\n\"%s\": [", first_key ? "" : ",", name);
	w->first = true;
}

static void put(struct writer *w, json_t *rec)
{
	if (!rec) {
		w->failed = true;
		return;
	}
	fputs(w->first ? "\n  " : ",\n  ", w->out);
	w->first = false;
	if (json_dumpf(rec, w->out, JSON_PRESERVE_ORDER) != 0)
		w->failed = true;
	json_decref(rec);
}

static void close_array(struct writer *w)
{
	fputs(w->first ? "]" : "\n]", w->out);
}

static json_t *org_json(const struct facts *f, zidx u)
{
	const struct org *o = &f->orgs.v[u];
	json_t *depts = json_array();
	FACTS_EACH(f, dept, u, di) {
		const struct dept *d = &f->depts.v[di];
		json_array_append_new(depts, json_pack("{s:s, s:s, s:o}", "id", d->id, "name", d->name, "parent",
						       jstr(ID_OF(f, depts, d->parent))));
	}
	return json_pack("{s:s, s:s, s:o, s:o, s:s, s:o}", "id", o->id, "name", o->name, "kind", jstr(o->kind),
			 "parent", jstr(ID_OF(f, orgs, o->parent)), "policy", o->policy ? o->policy : "default",
			 "departments", depts);
}

static json_t *body_json(const struct facts *f, zidx bi)
{
	const struct body *b = &f->bodies.v[bi];
	json_t *leads = json_array();
	for (zidx k = f->ix.body_lead[bi]; k < f->ix.body_lead[bi + 1]; k++)
		json_array_append_new(leads, json_string(f->bodies.v[f->leads.v[f->ix.lead_by_body[k]].led].id));
	return json_pack("{s:s, s:s, s:s, s:s, s:o}", "id", b->id, "org", f->orgs.v[b->org].id, "kind",
			 body_kind_id(b->kind), "name", b->name, "leads", leads);
}

static json_t *appt_json(const struct facts *f, zidx ai)
{
	const struct appt *a = &f->appts.v[ai];
	if (a->body >= 0)
		return json_pack("{s:s, s:s, s:s, s:o, s:o}", "person", f->people.v[a->person].id, "body",
				 f->bodies.v[a->body].id, "seat", seat_id(a->seat), "from", jdate(a->from), "to",
				 jdate(a->to));
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "person", f->people.v[a->person].id, "post",
			 post_id(a->post), "org", f->orgs.v[a->org].id, "department", jstr(ID_OF(f, depts, a->dept)),
			 "system", jstr(ID_OF(f, systems, a->system)), "from", jdate(a->from), "to", jdate(a->to),
			 "full_time", jtri(a->full_time));
}

static json_t *system_json(const struct facts *f, zidx si)
{
	const struct zsystem *y = &f->systems.v[si];
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", y->id, "org",
			 f->orgs.v[y->org].id, "name", y->name, "owner_department", jstr(ID_OF(f, depts, y->owner_dept)),
			 "mlps_level", y->mlps_level ? json_integer(y->mlps_level) : json_null(), "filing_no",
			 jstr(y->filing_no), "filed_on", jdate(y->filed_on), "last_assessed_on",
			 jdate(y->last_assessed_on), "critical_infrastructure", jtri(y->critical_infrastructure),
			 "public_website", jtri(y->public_website));
}

static json_t *agreement_json(const struct facts *f, zidx gi)
{
	const struct agreement *a = &f->agreements.v[gi];
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id", a->id, "kind", agreement_kind_id(a->kind),
			 "org", f->orgs.v[a->org].id, "person", jstr(ID_OF(f, people, a->person)), "from",
			 jdate(a->from), "to", jdate(a->to), "signed_on", jdate(a->signed_on));
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
			      f->orgs.v[x->org].id, "system", jstr(ID_OF(f, systems, x->system)), "title", x->title,
			      "category", jstr(x->category), "grade", x->grade ? json_string(grade_id(x->grade)) : json_null(),
			      "occurred_at", jtime(x->occurred), "detected_at", jtime(x->detected), "reported_at",
			      jtime(x->reported), "resolved_at", jtime(x->resolved));
	if (o) {
		json_object_set_new(o, "outage_hours", x->outage_hours >= 0 ? json_real(x->outage_hours) : json_null());
		json_object_set_new(o, "personal_info_records", x->personal_info_records >= 0 ?
				    json_integer(x->personal_info_records) : json_null());
		json_object_set_new(o, "summary_on", jdate(x->summary_on));
	}
	return o;
}

json_t *notice_json(const struct facts *f, zidx ni)
{
	const struct notice *n = &f->notices.v[ni];
	json_t *systems = json_array();
	for (zidx k = f->ix.notice_system[ni]; k < f->ix.notice_system[ni + 1]; k++)
		json_array_append_new(systems, json_string(f->systems.v[f->notice_systems.v[f->ix.system_by_notice[k]].system].id));
	return json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o}", "id", n->id, "org", f->orgs.v[n->org].id,
			 "issuer", n->issuer, "document_no", jstr(n->document_no), "title", n->title, "systems", systems,
			 "received_on", jdate(n->received_on), "rectified_on", jdate(n->rectified_on), "feedback_on",
			 jdate(n->feedback_on));
}

static json_t *record_json(const struct facts *f, zidx ri)
{
	const struct obligation_record *r = &f->records.v[ri];
	json_t *ev = json_array();
	for (zidx k = f->ix.record_evidence[ri]; k < f->ix.record_evidence[ri + 1]; k++) {
		const struct evidence *e = &f->evidence.v[f->ix.evidence_by_record[k]];
		json_array_append_new(ev, json_pack("{s:s, s:s, s:I}", "sha256", e->sha256, "name", e->name,
						    "size", (json_int_t)e->size));
	}
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "org", f->orgs.v[r->org].id, "obligation",
			 r->obligation, "period", r->period, "department", jstr(ID_OF(f, depts, r->dept)), "done_on",
			 jdate(r->done_on), "by", jstr(ID_OF(f, people, r->by)), "notes", jstr(r->notes), "evidence", ev);
}

static json_t *person_json(const struct facts *f, zidx pi)
{
	const struct person *p = &f->people.v[pi];
	return json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", p->id, "name", p->name, "org", f->orgs.v[p->org].id,
			 "department", jstr(ID_OF(f, depts, p->dept)), "background_check", jdate(p->background_check));
}

/* Writes one array: every record in stored order, or those of one unit (starts/byorg from
 * the facts index). */
static void put_array(struct writer *w, const char *name, const struct facts *f, zidx only, size_t n,
		      const zidx *starts, const zidx *byorg, json_t *(*make)(const struct facts *, zidx))
{
	open_array(w, name, false);
	if (only < 0)
		for (size_t i = 0; i < n; i++)
			put(w, make(f, (zidx)i));
	else
		for (zidx k = starts[only]; k < starts[only + 1]; k++)
			put(w, make(f, byorg[k]));
	close_array(w);
}

int export_document(const struct facts *f, const char *org_id, FILE *out, struct zerr *e)
{
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "export: facts are not indexed");
	zidx only = ZIDX_NONE;
	if (org_id && (only = hmap_get(&f->org_ids, org_id)) < 0)
		return zerr_set(e, ZE_NOTFOUND, "no unit with id '%s'", org_id);
	const struct facts_index *ix = &f->ix;
	struct writer w = {out, true, false};
	fputs("{\"format\": \"zeren/v1\",", out);
	open_array(&w, "organizations", true);
	for (size_t u = only >= 0 ? (size_t)only : 0; u < (only >= 0 ? (size_t)only + 1 : f->orgs.n); u++)
		put(&w, org_json(f, (zidx)u));
	close_array(&w);
	put_array(&w, "people", f, only, f->people.n, ix->org_person, ix->person_by_org, person_json);
	put_array(&w, "bodies", f, only, f->bodies.n, ix->org_body, ix->body_by_org, body_json);
	put_array(&w, "appointments", f, only, f->appts.n, ix->org_appt, ix->appt_by_org, appt_json);
	put_array(&w, "systems", f, only, f->systems.n, ix->org_system, ix->system_by_org, system_json);
	put_array(&w, "agreements", f, only, f->agreements.n, ix->org_agreement, ix->agreement_by_org, agreement_json);
	put_array(&w, "incidents", f, only, f->incidents.n, ix->org_incident, ix->incident_by_org, incident_json);
	put_array(&w, "notices", f, only, f->notices.n, ix->org_notice, ix->notice_by_org, notice_json);
	put_array(&w, "obligation_records", f, only, f->records.n, ix->org_record, ix->record_by_org, record_json);
	fputs("\n}\n", out);
	if (w.failed || ferror(out))
		return zerr_set(e, ZE_IO, "export: write failed");
	return 0;
}
