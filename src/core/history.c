/* The history of facts (history.h): rebuilding what the store held at the end of a day. */
#include "core/history.h"

#include <stdio.h>
#include <string.h>

#include "core/interchange.h"

char *history_at(time_t t, char buf[HISTORY_AT_BUFSZ])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, HISTORY_AT_BUFSZ, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

char *history_day_end(zdate day, int offset, char buf[HISTORY_AT_BUFSZ])
{
	return history_at((time_t)((int64_t)(day + 1) * 86400 - (int64_t)offset * 60), buf);
}

static const char *const kinds[] = {"org",	     "department",	  "person",	    "body",   "appointment",
				    "system",	     "agreement",	  "incident",	    "notice", "obligation_record",
				    "handover",	     "vulnerability",	  "emergency_plan", "log_source", "training", "project",
				    "rectification",
				    "inspection"};
/* Where each kind goes in a zeren/v1 document (departments: inside their organization). */
static const char *const arrays[] = {"organizations", NULL,		 "people",	   "bodies", "appointments",
				     "systems",	      "agreements",	 "incidents",	   "notices", "obligation_records",
				     "handovers",     "vulnerabilities", "emergency_plans", "log_sources", "trainings", "projects",
				     "rectifications",
				     "inspections"};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static int kind_index(const char *kind)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (!strcmp(kinds[i], kind))
			return (int)i;
	return -1;
}

bool history_kind_known(const char *kind)
{
	return kind && kind_index(kind) >= 0;
}

/* The document being rebuilt: one array per kind, and the departments by unit. */
struct rebuild {
	json_t *doc, *array[NKINDS], *depts; /* depts: {org id: [department records]} */
	struct zerr *e;
};

static int add_version(void *ctx, const struct history_row *r)
{
	struct rebuild *b = ctx;
	int k = kind_index(r->kind);
	if (k < 0)
		return zerr_set(b->e, ZE_IO, "history: version %lld has an unknown kind '%s'", (long long)r->seq, r->kind);
	if (!r->record)
		return 0; /* withdrawn by then */
	json_error_t jerr;
	json_t *rec = json_loads(r->record, 0, &jerr);
	if (!json_is_object(rec)) {
		json_decref(rec);
		return zerr_set(b->e, ZE_IO, "history: version %lld (%s %s) is not a record: %s", (long long)r->seq, r->kind,
				r->key, jerr.text);
	}
	json_t *into = b->array[k];
	if (!arrays[k]) {
		if (!(into = json_object_get(b->depts, r->org))) {
			into = json_array();
			if (json_object_set_new(b->depts, r->org, into)) {
				json_decref(rec);
				return zerr_set(b->e, ZE_NOMEM, "out of memory");
			}
		}
	}
	return json_array_append_new(into, rec) ? zerr_set(b->e, ZE_NOMEM, "out of memory") : 0;
}

static int rebuild(struct store *s, const char *org_id, zdate recorded_on, int offset, struct facts *f,
		   struct zerr *e)
{
	struct rebuild b = {.doc = json_pack("{s:s}", "format", "zeren/v1"), .depts = json_object(), .e = e};
	char before[HISTORY_AT_BUFSZ], day[ZDATE_BUFSZ];
	int rc = 0;
	if (!b.doc || !b.depts) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	for (size_t k = 0; k < NKINDS; k++)
		if (arrays[k] && json_object_set_new(b.doc, arrays[k], b.array[k] = json_array())) {
			rc = zerr_set(e, ZE_NOMEM, "out of memory");
			goto out;
		}
	if ((rc = store_history_as_of(s, org_id, history_day_end(recorded_on, offset, before), add_version, &b, e)))
		goto out;
	/* each unit's departments go inside its record */
	size_t i;
	json_t *o;
	json_array_foreach(b.array[0], i, o) {
		json_t *d = json_object_get(b.depts, json_string_value(json_object_get(o, "id")));
		if (json_object_set_new(o, "departments", d ? json_incref(d) : json_array())) {
			rc = zerr_set(e, ZE_NOMEM, "out of memory");
			goto out;
		}
	}
	if (org_id) {
		bool found = false;
		json_array_foreach(b.array[0], i, o)
			found = found || !strcmp(json_string_value(json_object_get(o, "id")), org_id);
		if (!found) {
			rc = zerr_set(e, ZE_NOTFOUND, "no unit with id '%s' was recorded by the end of %s", org_id,
				      date_format(recorded_on, day));
			goto out;
		}
	}
	char source[64];
	snprintf(source, sizeof source, "the records of %s", date_format(recorded_on, day));
	rc = import_to_facts(b.doc, source, f, e);
out:
	json_decref(b.doc);
	json_decref(b.depts);
	return rc;
}

struct listing {
	json_t *items;
	struct zerr *e;
};

static int list_version(void *ctx, const struct history_row *r)
{
	struct listing *l = ctx;
	json_t *rec = r->record ? json_loads(r->record, 0, NULL) : json_null();
	json_t *j = json_pack("{s:I, s:s, s:o, s:o, s:s, s:s, s:o}", "seq", (json_int_t)r->seq, "recorded_at", r->at,
			      "change", r->change > 0 ? json_integer(r->change) : json_null(), "account",
			      r->account ? json_string(r->account) : json_null(), "kind", r->kind, "key", r->key, "record",
			      rec ? rec : json_null());
	return !j || json_array_append_new(l->items, j) ? zerr_set(l->e, ZE_NOMEM, "out of memory") : 0;
}

int history_json(struct store *s, const char *org_id, const char *kind, const char *key, json_t **out,
		 struct zerr *e)
{
	struct listing l = {json_array(), e};
	if (!l.items)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	int rc = store_history_each(s, org_id, kind, key, list_version, &l, e);
	if (rc)
		json_decref(l.items);
	else
		*out = l.items;
	return rc;
}

int history_facts(struct store *s, const char *org_id, zdate recorded_on, struct facts *f, struct zerr *e)
{
	/* The day ends in the unit's time zone, which the records themselves say: rebuilt at the
	 * default zone first, and again when the unit's is another. */
	int rc = rebuild(s, org_id, recorded_on, TZ_DEFAULT_OFFSET, f, e);
	zidx u = rc || !org_id ? ZIDX_NONE : hmap_get(&f->org_ids, org_id);
	if (u >= 0 && org_utc_offset(f, u) != TZ_DEFAULT_OFFSET) {
		int offset = org_utc_offset(f, u);
		facts_release(f);
		rc = rebuild(s, org_id, recorded_on, offset, f, e);
	}
	return rc;
}
