/* zeren/v1 export: one record per line, fields in the order of DESIGN.md §3, so that files
 * diff well and import∘export is the identity. */
#include <jansson.h>
#include <string.h>

#include "core/dictionary.h"
#include "core/interchange.h"
#include "core/render.h"

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

/* A notice in one unit's file: without the supervisor that sent it down (not in the file). */
static json_t *notice_json_unit(const struct facts *f, zidx ni)
{
	json_t *o = notice_json(f, ni);
	if (o)
		json_object_del(o, "issuer_org");
	return o;
}

struct dict_out {
	struct writer *w;
	bool opened;
};

static int put_dict_row(void *ctx, const struct dict_row *r)
{
	struct dict_out *d = ctx;
	if (!d->opened) {
		open_array(d->w, "dictionary", false);
		d->opened = true;
	}
	put(d->w, dict_row_json(r));
	return 0;
}

/* The units' own dictionaries, when any has one (an installation without keeps the document it
 * always wrote). */
static int put_dictionary(struct writer *w, struct store *s, const struct facts *f, zidx only, struct zerr *e)
{
	struct dict_out d = {w, false};
	int rc = 0;
	for (size_t u = only >= 0 ? (size_t)only : 0; !rc && u < (only >= 0 ? (size_t)only + 1 : f->orgs.n); u++)
		rc = store_dict_each(s, f->orgs.v[u].id, NULL, put_dict_row, &d, e);
	if (d.opened)
		close_array(w);
	return rc;
}

static int export_with(struct store *s, const struct facts *f, const char *org_id, FILE *out, struct zerr *e);

int export_document(const struct facts *f, const char *org_id, FILE *out, struct zerr *e)
{
	return export_with(NULL, f, org_id, out, e);
}

int export_document_store(struct store *s, const struct facts *f, const char *org_id, FILE *out, struct zerr *e)
{
	return export_with(s, f, org_id, out, e);
}

static int export_with(struct store *s, const struct facts *f, const char *org_id, FILE *out, struct zerr *e)
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
	for (size_t u = only >= 0 ? (size_t)only : 0; u < (only >= 0 ? (size_t)only + 1 : f->orgs.n); u++) {
		json_t *o = org_json(f, (zidx)u);
		/* One unit's file names no unit outside it, so that it imports anywhere: not its parent
		 * (importing it where the unit is kept leaves the stored one). */
		if (o && only >= 0)
			json_object_del(o, "parent");
		put(&w, o);
	}
	close_array(&w);
	put_array(&w, "people", f, only, f->people.n, ix->org_person, ix->person_by_org, person_json);
	put_array(&w, "bodies", f, only, f->bodies.n, ix->org_body, ix->body_by_org, body_json);
	put_array(&w, "appointments", f, only, f->appts.n, ix->org_appt, ix->appt_by_org, appt_json);
	put_array(&w, "systems", f, only, f->systems.n, ix->org_system, ix->system_by_org, system_json);
	put_array(&w, "agreements", f, only, f->agreements.n, ix->org_agreement, ix->agreement_by_org, agreement_json);
	put_array(&w, "incidents", f, only, f->incidents.n, ix->org_incident, ix->incident_by_org, incident_json);
	put_array(&w, "notices", f, only, f->notices.n, ix->org_notice, ix->notice_by_org,
		  only >= 0 ? notice_json_unit : notice_json);
	put_array(&w, "obligation_records", f, only, f->records.n, ix->org_record, ix->record_by_org, record_json);
	put_array(&w, "handovers", f, only, f->handovers.n, ix->org_handover, ix->handover_by_org, handover_json);
	put_array(&w, "vulnerabilities", f, only, f->vulnerabilities.n, ix->org_vulnerability, ix->vulnerability_by_org,
		  vulnerability_json);
	put_array(&w, "emergency_plans", f, only, f->plans.n, ix->org_plan, ix->plan_by_org, plan_json);
	put_array(&w, "log_sources", f, only, f->log_sources.n, ix->org_log_source, ix->log_source_by_org, log_source_json);
	put_array(&w, "trainings", f, only, f->trainings.n, ix->org_training, ix->training_by_org, training_json);
	put_array(&w, "projects", f, only, f->projects.n, ix->org_project, ix->project_by_org, project_json);
	put_array(&w, "rectifications", f, only, f->rectifications.n, ix->org_rectification, ix->rectification_by_org,
		  rectification_json);
	put_array(&w, "inspections", f, only, f->inspections.n, ix->org_inspection, ix->inspection_by_org, inspection_json);
	if (s && put_dictionary(&w, s, f, only, e))
		return e->code;
	fputs("\n}\n", out);
	if (w.failed || ferror(out))
		return zerr_set(e, ZE_IO, "export: write failed");
	return 0;
}
