/* zeren/v1 import. The document is walked at the top level by hand (only to find where each
 * array's records start), and each record is parsed with jansson on its own, so a province-
 * sized file never becomes one JSON tree in memory. Records are merged into the unit's facts
 * as loaded from the store, the merged whole is validated, and only then is anything written,
 * in one transaction. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/accountability.h"
#include "core/classes.h"
#include "core/dictionary.h"
#include "core/history.h"
#include "core/import.h"
#include "core/policies.h"
#include "core/unitpolicy.h"
#include "store/backend.h" /* appt_natural_key, record_natural_key */
#include "util/clock.h"

enum kind { K_ORG, K_DEPT, K_PERSON, K_BODY, K_APPT, K_SYSTEM, K_AGREEMENT, K_INCIDENT, K_NOTICE, K_RECORD, K_HANDOVER, K_VULNERABILITY, K_PLAN, K_LOG_SOURCE, K_TRAINING, K_PROJECT, K_RECT, K_INSPECTION, K_COUNT };
static const char *const array_names[K_COUNT] = {
	"organizations", "departments", "people", "bodies", "appointments", "systems", "agreements",
	"incidents", "notices", "obligation_records", "handovers", "vulnerabilities",
	"emergency_plans", "log_sources", "trainings", "projects", "rectifications", "inspections",
};

/* Where a record came from: its index in its array (-1: it was already in the store), the
 * index of the organization holding it (departments only) and its byte offset. */
struct origin {
	int32_t elem, org_elem;
	size_t off;
};

struct pending_ref {
	zidx from;         /* record that refers */
	const char *id;    /* id it names */
};

struct importer {
	struct facts *f;
	struct store *store;
	const char *text, *source;
	size_t len;
	struct zerr *e;
	struct origin *origin[K_COUNT];
	size_t norigin[K_COUNT], corigin[K_COUNT];
	/* references resolved after all records of their kind are read */
	VEC(struct pending_ref) org_parents;
	VEC(struct pending_ref) dept_parents;
	VEC(struct pending_ref) leads;
	VEC(struct pending_ref) version_parents; /* from: a dept_versions index */
	size_t stored[K_COUNT]; /* how many records of each kind the store held (loaded first) */
	bool orgs_partial;      /* only the unit's org rows were loaded (store_load_unit) */
	/* valid time: the earliest date the file names, and its records without dates */
	zdate earliest;
	size_t undated;
	/* appointments by natural key: open addressing over appointment indices */
	zidx *appt_slots;
	size_t appt_cap;
	const struct policy_set *policies;
	struct policy_set *units; /* over policies: the units' own approved versions, read for the first duty record */
	json_t *dictionary;   /* section "dictionary" parsed (core/dictionary.h), or NULL */
	const char *only_org; /* import_opts.only_org: the unit every record must belong to, or NULL */
	bool one_record;      /* import_opts.one_record: paths start at the record ("$.name") */
	struct hmap record_keys; /* obligation records by "org\x1fobligation\x1fperiod\x1fdepartment" */
	bool record_keys_built;
	/* the current record, for messages */
	int kind;
	size_t elem, org_elem, off, end; /* end: where the current record's text ends */
};

/* ---- messages ---------------------------------------------------------------------------- */

static size_t line_of(const struct importer *im, size_t off)
{
	size_t line = 1;
	if (!im->text)
		return 0; /* records handed over parsed have no lines */
	for (size_t i = 0; i < off && i < im->len; i++)
		line += im->text[i] == '\n';
	return line;
}

/* Writes the JSON path of record (kind, elem) into buf. */
static void record_path(const struct importer *im, int kind, size_t elem, size_t org_elem, char *buf, size_t n)
{
	if (im->one_record)
		snprintf(buf, n, kind == K_DEPT ? "$.departments[%zu]" : "$", elem);
	else if (kind == K_DEPT)
		snprintf(buf, n, "$.organizations[%zu].departments[%zu]", org_elem, elem);
	else
		snprintf(buf, n, "$.%s[%zu]", array_names[kind], elem);
}

/* Where `"field":` stands in the current record's text, so a message points at the field's
 * own line; the record's start when it cannot be found (a missing field). */
static size_t field_offset(const struct importer *im, const char *field)
{
	if (!field || !im->text || im->end <= im->off)
		return im->off;
	size_t n = strlen(field);
	for (size_t i = im->off; i + n + 2 <= im->end; i++) {
		if (im->text[i] != '"' || memcmp(im->text + i + 1, field, n) || im->text[i + n + 1] != '"')
			continue;
		size_t j = i + n + 2;
		while (j < im->end && (im->text[j] == ' ' || im->text[j] == '\t' || im->text[j] == '\n' || im->text[j] == '\r'))
			j++;
		if (j < im->end && im->text[j] == ':')
			return i;
	}
	return im->off;
}

/* An error about the current record's `field` (NULL: the record itself). */
static int vfail(struct importer *im, const char *field, const char *reason, const char *fmt, va_list ap)
{
	char path[128], msg[300];
	vsnprintf(msg, sizeof msg, fmt, ap);
	record_path(im, im->kind, im->elem, im->org_elem, path, sizeof path);
	int rc = !im->text ? zerr_set(im->e, ZE_INVALID, "%s: %s%s%s: %s", im->source, path, field ? "." : "",
				      field ? field : "", msg)
			   : zerr_set(im->e, ZE_INVALID, "%s:%zu: %s%s%s: %s", im->source,
				      line_of(im, field_offset(im, field)), path, field ? "." : "", field ? field : "", msg);
	if (im->e)
		im->e->reason = reason;
	return rc;
}

__attribute__((format(printf, 3, 4))) static int fail(struct importer *im, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vfail(im, field, NULL, fmt, ap);
	va_end(ap);
	return rc;
}

/* fail() with a reason a client can put in its own words (zerr.reason). */
__attribute__((format(printf, 4, 5))) static int failr(struct importer *im, const char *field, const char *reason,
							 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vfail(im, field, reason, fmt, ap);
	va_end(ap);
	return rc;
}

/* Makes record idx of kind the current one (for errors found after reading). */
static void at_record(struct importer *im, int kind, zidx idx)
{
	const struct origin *o = &im->origin[kind][idx];
	im->kind = kind;
	im->elem = (size_t)o->elem;
	im->org_elem = (size_t)o->org_elem;
	im->off = o->off;
	im->end = o->off; /* the text is not kept per record: point at its start */
}

static bool from_file(const struct importer *im, int kind, zidx idx)
{
	return im->origin[kind][idx].elem >= 0;
}

/* Error about a record that may be from the store (then it is named by id instead of path). */
__attribute__((format(printf, 5, 6))) static int fail_record(struct importer *im, int kind, zidx idx,
							       const char *field, const char *fmt, ...)
{
	char msg[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (from_file(im, kind, idx)) {
		at_record(im, kind, idx);
		return fail(im, field, "%s", msg);
	}
	return zerr_set(im->e, ZE_CONFLICT, "%s: the import would make a stored %s record inconsistent: %s",
			im->source, array_names[kind], msg);
}

static int nomem(struct importer *im)
{
	return zerr_set(im->e, ZE_NOMEM, "%s: out of memory", im->source);
}

/* ---- origins ----------------------------------------------------------------------------- */

static int set_origin(struct importer *im, int kind, zidx idx, int32_t elem)
{
	while (im->corigin[kind] <= (size_t)idx) {
		size_t nc = im->corigin[kind] ? im->corigin[kind] * 2 : 1024;
		struct origin *p = realloc(im->origin[kind], nc * sizeof *p);
		if (!p)
			return nomem(im);
		im->origin[kind] = p;
		im->corigin[kind] = nc;
	}
	for (size_t i = im->norigin[kind]; i < (size_t)idx; i++)
		im->origin[kind][i] = (struct origin){-1, -1, 0};
	if (im->norigin[kind] <= (size_t)idx)
		im->norigin[kind] = (size_t)idx + 1;
	im->origin[kind][idx] = elem < 0 ? (struct origin){-1, -1, 0}
					 : (struct origin){elem, (int32_t)im->org_elem, im->off};
	return 0;
}

/* Gives every record without an origin yet (those loaded from the store) elem -1. */
static int pad_origins(struct importer *im)
{
	const struct facts *f = im->f;
	size_t n[K_COUNT] = {f->orgs.n, f->depts.n, f->people.n, f->bodies.n, f->appts.n,
			     f->systems.n, f->agreements.n, f->incidents.n, f->notices.n, f->records.n,
			     f->handovers.n, f->vulnerabilities.n, f->plans.n, f->log_sources.n, f->trainings.n,
			     f->projects.n, f->rectifications.n, f->inspections.n};
	for (int k = 0; k < K_COUNT; k++) {
		if (n[k] <= im->norigin[k])
			continue;
		int rc = set_origin(im, k, (zidx)n[k] - 1, -1);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- fields ------------------------------------------------------------------------------ */

/* Refuses keys a record of this kind does not have: a typo must not pass silently. */
static int check_keys(struct importer *im, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool ok = false;
		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strcmp(*a, key) == 0;
		if (!ok)
			return failr(im, key, "unknown_field", "unknown field");
	}
	return 0;
}

static int get_string(struct importer *im, json_t *obj, const char *key, bool required, size_t max,
		      const char **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return required ? failr(im, key, "missing", "missing") : 0;
	if (!json_is_string(v))
		return failr(im, key, "not_a_string", "must be a string");
	size_t n = json_string_length(v);
	if (n == 0 && required)
		return failr(im, key, "empty", "must not be empty");
	if (n > max)
		return failr(im, key, "too_long", "longer than %zu bytes", max);
	if (memchr(json_string_value(v), '\0', n))
		return fail(im, key, "contains a NUL character");
	if (!(*out = facts_str(im->f, json_string_value(v))))
		return nomem(im);
	return 0;
}

static int get_id(struct importer *im, json_t *obj, const char *key, bool required, const char **out)
{
	return get_string(im, obj, key, required, IMPORT_MAX_ID, out);
}

static int get_date(struct importer *im, json_t *obj, const char *key, bool required, zdate absent, zdate *out)
{
	json_t *v = json_object_get(obj, key);
	*out = absent;
	if (!v || json_is_null(v))
		return required ? failr(im, key, "missing", "missing") : 0;
	if (!json_is_string(v) || !date_parse(json_string_value(v), out))
		return failr(im, key, "bad_date", "must be a date YYYY-MM-DD, not %s",
			    json_is_string(v) ? json_string_value(v) : "a non-string");
	if (im->earliest == ZDATE_NONE || *out < im->earliest)
		im->earliest = *out;
	return 0;
}

/* A fact's valid time from two optional dates (DESIGN.md §1): [from, to). */
static int get_span(struct importer *im, json_t *obj, const char *from_key, const char *to_key, struct span *out)
{
	int rc = get_date(im, obj, from_key, false, ZDATE_MIN, &out->from);
	if (!rc)
		rc = get_date(im, obj, to_key, false, ZDATE_MAX, &out->to);
	if (!rc && out->to <= out->from)
		rc = fail(im, to_key, "must be after %s", from_key);
	return rc;
}

static bool undated(struct span s)
{
	return s.from == ZDATE_MIN && s.to == ZDATE_MAX;
}

/* Sets record i's span (a record read anew loses the dates it had). */
static int set_span(struct importer *im, int kind, zidx i, struct span s)
{
	if (undated(s) && (size_t)i >= im->f->spans[kind].n)
		return 0;
	return facts_set_span(im->f, kind, i, s) ? nomem(im) : 0;
}

/* The `history` of a record: an array of earlier states, each with the day it ended ("until",
 * exclusive), in time order, within the record's span. Calls read(im, entry, until, ctx) for
 * each; the messages name "history[k]...". */
static int read_history(struct importer *im, json_t *o, struct span life, const char *const *keys,
			int (*read)(struct importer *, json_t *, zdate, const char *, void *), void *ctx)
{
	json_t *h = json_object_get(o, "history"), *entry;
	size_t j;
	zdate prev = life.from;
	int rc;
	if (!h || json_is_null(h))
		return 0;
	if (!json_is_array(h))
		return fail(im, "history", "must be an array of earlier states, each with its \"until\"");
	json_array_foreach(h, j, entry) {
		char field[48];
		snprintf(field, sizeof field, "history[%zu]", j);
		if (!json_is_object(entry))
			return fail(im, field, "must be an object");
		const char *key;
		json_t *v;
		json_object_foreach(entry, key, v) {
			bool ok = !strcmp(key, "until");
			for (const char *const *a = keys; *a && !ok; a++)
				ok = !strcmp(*a, key);
			if (!ok)
				return fail(im, field, "unknown field '%s'", key);
		}
		const char *u = json_string_value(json_object_get(entry, "until"));
		zdate until;
		if (!u || !date_parse(u, &until))
			return fail(im, field, "until must be a date YYYY-MM-DD (the first day the next state held)");
		if (prev != ZDATE_MIN && until <= prev)
			return fail(im, field, "until must be after %s", j ? "the previous state's until" : "the start of the record");
		if (until >= life.to)
			return fail(im, field, "until must be before the end of the record");
		if (im->earliest == ZDATE_NONE || until < im->earliest)
			im->earliest = until;
		prev = until;
		if ((rc = read(im, entry, until, field, ctx)))
			return rc;
	}
	return 0;
}

static int get_tri(struct importer *im, json_t *obj, const char *key, int8_t *out)
{
	json_t *v = json_object_get(obj, key);
	*out = TRI_NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return fail(im, key, "must be true, false or null");
	*out = json_is_true(v) ? TRI_TRUE : TRI_FALSE;
	return 0;
}

/* Resolves an id field against a kind's id map. */
static int get_ref(struct importer *im, json_t *obj, const char *key, bool required, const struct hmap *ids,
		   const char *what, zidx *out)
{
	const char *id;
	int rc = get_id(im, obj, key, required, &id);
	*out = ZIDX_NONE;
	if (rc || !id)
		return rc;
	if ((*out = hmap_get(ids, id)) < 0 && ids == &im->f->org_ids && im->orgs_partial) {
		/* Only the unit's own org rows were loaded: another unit's is read when named (and the
		 * record is then refused as outside the unit, or accepted where it may name one). */
		struct zerr why = {0};
		if ((rc = store_load_org(im->store, im->f, id, &why)) && rc != ZE_NOTFOUND)
			return zerr_set(im->e, rc, "%s", why.msg);
		if (!rc && (rc = pad_origins(im)))
			return rc;
		*out = hmap_get(ids, id);
	}
	if (*out < 0)
		return failr(im, key, "unknown_ref", "unknown %s '%s'", what, id);
	return 0;
}

static int get_enum(struct importer *im, json_t *obj, const char *key, int (*from_id)(const char *),
		    const char *what, int *out)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_string(v))
		return fail(im, key, v ? "must be a string" : "missing");
	if ((*out = from_id(json_string_value(v))) < 0)
		return failr(im, key, "unknown_value", "unknown %s '%s'", what, json_string_value(v));
	return 0;
}

/* A new record's id must not be taken by another record of the same file. */
static int check_new_id(struct importer *im, int kind, const struct hmap *ids, const char *id, zidx *existing)
{
	*existing = hmap_get(ids, id);
	if (*existing >= 0 && from_file(im, kind, *existing)) {
		char other[128];
		const struct origin *o = &im->origin[kind][*existing];
		record_path(im, kind, (size_t)o->elem, (size_t)o->org_elem, other, sizeof other);
		return failr(im, "id", "duplicate_id", "duplicate id '%s' (also at %s)", id, other);
	}
	return 0;
}

/* Under only_org, a record of another unit is refused, and so is an id another unit's record
 * already has (updating it would move that record into this unit). */
static int check_unit(struct importer *im, const char *field, zidx org)
{
	if (im->only_org && strcmp(im->f->orgs.v[org].id, im->only_org) != 0)
		return fail(im, field, "outside unit %s", im->only_org);
	return 0;
}

static int check_unit_of_existing(struct importer *im, int kind, const char *id, zidx existing, zidx existing_org)
{
	static const enum store_kind store_kinds[K_COUNT] = {
		[K_DEPT] = SK_DEPT, [K_PERSON] = SK_PERSON, [K_BODY] = SK_BODY, [K_SYSTEM] = SK_SYSTEM,
		[K_AGREEMENT] = SK_AGREEMENT, [K_INCIDENT] = SK_INCIDENT, [K_NOTICE] = SK_NOTICE,
		[K_HANDOVER] = SK_HANDOVER, [K_VULNERABILITY] = SK_VULNERABILITY, [K_PLAN] = SK_PLAN,
		[K_LOG_SOURCE] = SK_LOG_SOURCE, [K_TRAINING] = SK_TRAINING,
		[K_PROJECT] = SK_PROJECT, [K_RECT] = SK_RECTIFICATION, [K_INSPECTION] = SK_INSPECTION};
	char org[201];
	int rc;
	if (!im->only_org)
		return 0;
	if (existing >= 0) {
		if (strcmp(im->f->orgs.v[existing_org].id, im->only_org) != 0)
			return failr(im, "id", "id_taken", "the id is taken by a record outside unit %s", im->only_org);
		return 0;
	}
	/* Only the unit's records are loaded: ask the store whether another unit has the id. */
	if ((rc = store_id_unit(im->store, store_kinds[kind], id, org, im->e)))
		return rc;
	if (org[0] && strcmp(org, im->only_org) != 0)
		return failr(im, "id", "id_taken", "the id is taken by a record outside unit %s", im->only_org);
	return 0;
}

#define TRY(x)                 \
	do {                   \
		if ((rc = (x))) \
			return rc; \
	} while (0)

/* A record of kind what (its id and unit) that a field of a record of unit org names: of the same unit. */
static int check_own(struct importer *im, const char *field, const char *what, const char *id, zidx its_org, zidx org)
{
	return its_org == org ? 0 : fail(im, field, "%s '%s' belongs to another organization", what, id);
}

/* A person, a department of the record's own unit org, or none. */
static int check_own_person(struct importer *im, const char *field, zidx person, zidx org)
{
	const struct person *p = person < 0 ? NULL : &im->f->people.v[person];
	return p ? check_own(im, field, "person", p->id, p->org, org) : 0;
}

static int check_own_dept(struct importer *im, const char *field, zidx dept, zidx org)
{
	const struct dept *d = dept < 0 ? NULL : &im->f->depts.v[dept];
	return d ? check_own(im, field, "department", d->id, d->org, org) : 0;
}

/* What every record begins with: only known keys, its id and its unit. */
static int read_head(struct importer *im, json_t *o, const char *const *keys, const char **id, zidx *org)
{
	int rc;
	TRY(check_keys(im, o, keys));
	TRY(get_id(im, o, "id", true, id));
	return get_ref(im, o, "org", true, &im->f->org_ids, "organization", org);
}

/* Checks record rec of kind k (its unit one the import may write; a stored record of its id of the
 * same unit), then puts it at index i: over the stored one, or added. Returns from the reader on
 * failure. */
#define PUT_RECORD(k, vec, ids, add, rec, i)                                                                  \
	do {                                                                                                   \
		TRY(check_unit(im, "org", (rec).org));                                                         \
		TRY(check_new_id(im, (k), &im->f->ids, (rec).id, &(i)));                                       \
		TRY(check_unit_of_existing(im, (k), (rec).id, (i), (i) >= 0 ? im->f->vec.v[i].org : ZIDX_NONE)); \
		if ((i) >= 0)                                                                                  \
			im->f->vec.v[i] = (rec);                                                               \
		else if (((i) = add(im->f, &(rec))) < 0)                                                       \
			return nomem(im);                                                                      \
	} while (0)

static int push_pending(struct importer *im, void *vec, zidx from, const char *id)
{
	VEC(struct pending_ref) *v = vec;
	if (v->n == v->cap) {
		size_t nc = v->cap ? v->cap * 2 : 256;
		struct pending_ref *p = realloc(v->v, nc * sizeof *p);
		if (!p)
			return nomem(im);
		v->v = p;
		v->cap = nc;
	}
	v->v[v->n++] = (struct pending_ref){from, id};
	return 0;
}

/* ---- records ----------------------------------------------------------------------------- */

/* An earlier name and parent of department *(zidx *)ctx. */
static int read_dept_version(struct importer *im, json_t *entry, zdate until, const char *field, void *ctx)
{
	struct dept_version v = {*(zidx *)ctx, until, NULL, ZIDX_NONE};
	json_t *name = json_object_get(entry, "name"), *parent = json_object_get(entry, "parent");
	int rc;
	if (!json_is_string(name) || !json_string_length(name) || json_string_length(name) > IMPORT_MAX_TEXT)
		return fail(im, field, "name must be the department's name then");
	if (parent && !json_is_null(parent) && (!json_is_string(parent) || !json_string_length(parent)))
		return fail(im, field, "parent must be a department id or null");
	if (!(v.name = facts_str(im->f, json_string_value(name))))
		return nomem(im);
	zidx vi = facts_add_dept_version(im->f, &v);
	if (vi < 0)
		return nomem(im);
	if (json_is_string(parent)) {
		const char *pid = facts_str(im->f, json_string_value(parent));
		if (!pid)
			return nomem(im);
		TRY(push_pending(im, &im->version_parents, vi, pid));
	}
	return 0;
}

static int read_dept(struct importer *im, json_t *o, zidx org)
{
	static const char *const keys[] = {"id", "name", "parent", "established", "dissolved", "history", NULL};
	static const char *const version_keys[] = {"name", "parent", NULL};
	int rc;
	const char *id, *name, *parent;
	struct span life;
	zidx i;
	if (!json_is_object(o))
		return fail(im, NULL, "must be an object");
	TRY(check_keys(im, o, keys));
	TRY(get_id(im, o, "id", true, &id));
	TRY(get_string(im, o, "name", true, IMPORT_MAX_TEXT, &name));
	TRY(get_id(im, o, "parent", false, &parent));
	TRY(get_span(im, o, "established", "dissolved", &life));
	TRY(check_new_id(im, K_DEPT, &im->f->dept_ids, id, &i));
	TRY(check_unit_of_existing(im, K_DEPT, id, i, i >= 0 ? im->f->depts.v[i].org : ZIDX_NONE));
	struct dept d = {id, name, org, ZIDX_NONE};
	if (i >= 0) {
		im->f->depts.v[i] = d;
		facts_drop_dept_versions(im->f, i);
	} else if ((i = facts_add_dept(im->f, &d)) < 0) {
		return nomem(im);
	}
	if (parent)
		TRY(push_pending(im, &im->dept_parents, i, parent));
	TRY(set_span(im, SPAN_DEPT, i, life));
	size_t before = im->f->dept_versions.n;
	TRY(read_history(im, o, life, version_keys, read_dept_version, &i));
	im->undated += undated(life) && im->f->dept_versions.n == before;
	return set_origin(im, K_DEPT, i, (int32_t)im->elem);
}

static int read_org(struct importer *im, json_t *o)
{
	static const char *const keys[] = {"id",	   "name",	   "kind",	    "parent",
					   "policy",	   "time_zone",	   "operator_type", "departments",
					   NULL};
	int rc;
	const char *id, *name, *kind, *parent, *policy, *zone;
	int offset = TZ_DEFAULT_OFFSET, optype = OPERATOR_UNSET;
	zidx i;
	TRY(check_keys(im, o, keys));
	TRY(get_id(im, o, "id", true, &id));
	TRY(get_string(im, o, "name", true, IMPORT_MAX_TEXT, &name));
	TRY(get_id(im, o, "kind", false, &kind));
	TRY(get_id(im, o, "parent", false, &parent));
	TRY(get_id(im, o, "policy", false, &policy));
	TRY(get_id(im, o, "time_zone", false, &zone));
	if (zone && !tz_offset(zone, &offset))
		return fail(im, "time_zone", "unknown time zone '%s' (known: %s)", zone, tz_names());
	json_t *ot = json_object_get(o, "operator_type");
	if (ot && !json_is_null(ot)) {
		TRY(get_enum(im, o, "operator_type", operator_type_from_id, "operator type", &optype));
		if (optype == OPERATOR_UNSET)
			return fail(im, "operator_type", "write null when it is not recorded");
	}
	TRY(check_new_id(im, K_ORG, &im->f->org_ids, id, &i));
	if (im->only_org && strcmp(id, im->only_org) != 0)
		return fail(im, "id", "outside unit %s", im->only_org);
	if (policy && !policies_get(im->policies, policy))
		return fail(im, "policy", "unknown policy '%s'", policy);
	/* Which policy applies is the 安全管理员's to set (三员), not the unit's office's: a
	 * restricted import keeps the stored one. */
	if (im->only_org && i >= 0) {
		if (policy && strcmp(policy, im->f->orgs.v[i].policy) != 0)
			return fail(im, "policy", "the policy is set by the security administrator, not by an import");
		policy = im->f->orgs.v[i].policy;
	}
	/* So is its place in the supervision tree: a unit that could rewrite its parent could leave
	 * its supervisor's sight or put itself under another's. */
	if (im->only_org && json_object_get(o, "parent")) {
		zidx stored = i >= 0 ? im->f->orgs.v[i].parent : ZIDX_NONE;
		const char *was = stored >= 0 ? im->f->orgs.v[stored].id : NULL;
		if (parent ? !was || strcmp(parent, was) != 0 : was != NULL)
			return fail(im, "parent", "the unit's place in the supervision tree is set by its supervisor, not by an import");
	}
	struct org rec = {id, name, kind, policy ? policy : "default", ZIDX_NONE, zone, (int16_t)offset, (int8_t)optype};
	/* A unit's own export leaves out its place in the supervision tree (its parent is not in
	 * the file): absent, the stored parent stays; null, the unit has none. */
	if (i >= 0 && !json_object_get(o, "parent"))
		rec.parent = im->f->orgs.v[i].parent;
	if (i >= 0)
		im->f->orgs.v[i] = rec;
	else if ((i = facts_add_org(im->f, &rec)) < 0)
		return nomem(im);
	if (parent)
		TRY(push_pending(im, &im->org_parents, i, parent));
	TRY(set_origin(im, K_ORG, i, (int32_t)im->elem));
	json_t *depts = json_object_get(o, "departments");
	if (!depts || json_is_null(depts))
		return 0;
	if (!json_is_array(depts))
		return fail(im, "departments", "must be an array");
	size_t org_elem = im->elem, j;
	json_t *d;
	im->kind = K_DEPT;
	im->org_elem = org_elem;
	size_t org_end = im->end;
	im->end = im->off; /* a department's fields are not searched for: its org has the same names */
	json_array_foreach(depts, j, d) {
		im->elem = j;
		TRY(read_dept(im, d, i));
	}
	im->kind = K_ORG;
	im->elem = org_elem;
	im->end = org_end;
	return 0;
}

static int read_person(struct importer *im, json_t *o)
{
	static const char *const keys[] = {"id", "name", "org", "department", "background_check", "joined", "left", NULL};
	int rc;
	struct person p;
	struct span life;
	zidx i;
	TRY(check_keys(im, o, keys));
	TRY(get_id(im, o, "id", true, &p.id));
	TRY(get_string(im, o, "name", true, IMPORT_MAX_TEXT, &p.name));
	TRY(get_ref(im, o, "org", true, &im->f->org_ids, "organization", &p.org));
	TRY(get_ref(im, o, "department", false, &im->f->dept_ids, "department", &p.dept));
	TRY(get_date(im, o, "background_check", false, ZDATE_NONE, &p.background_check));
	TRY(get_span(im, o, "joined", "left", &life));
	TRY(check_unit(im, "org", p.org));
	TRY(check_own_dept(im, "department", p.dept, p.org));
	TRY(check_new_id(im, K_PERSON, &im->f->person_ids, p.id, &i));
	TRY(check_unit_of_existing(im, K_PERSON, p.id, i, i >= 0 ? im->f->people.v[i].org : ZIDX_NONE));
	if (i >= 0)
		im->f->people.v[i] = p;
	else if ((i = facts_add_person(im->f, &p)) < 0)
		return nomem(im);
	TRY(set_span(im, SPAN_PERSON, i, life));
	im->undated += undated(life);
	return set_origin(im, K_PERSON, i, (int32_t)im->elem);
}

static int read_body(struct importer *im, json_t *o)
{
	static const char *const keys[] = {"id", "org", "kind", "name", "leads", "established", "dissolved", NULL};
	int rc, kind;
	struct body b;
	struct span life;
	zidx i;
	TRY(read_head(im, o, keys, &b.id, &b.org));
	TRY(get_enum(im, o, "kind", body_kind_from_id, "body kind", &kind));
	TRY(get_string(im, o, "name", true, IMPORT_MAX_TEXT, &b.name));
	TRY(get_span(im, o, "established", "dissolved", &life));
	b.kind = (int8_t)kind;
	PUT_RECORD(K_BODY, bodies, body_ids, facts_add_body, b, i);
	TRY(set_span(im, SPAN_BODY, i, life));
	im->undated += undated(life);
	TRY(set_origin(im, K_BODY, i, (int32_t)im->elem));
	json_t *leads = json_object_get(o, "leads"), *l;
	size_t j;
	if (!leads || json_is_null(leads))
		return 0;
	if (!json_is_array(leads))
		return fail(im, "leads", "must be an array of body ids");
	json_array_foreach(leads, j, l) {
		if (!json_is_string(l) || json_string_length(l) == 0 || json_string_length(l) > IMPORT_MAX_ID)
			return fail(im, "leads", "element %zu must be a body id", j);
		const char *id = facts_str(im->f, json_string_value(l));
		if (!id)
			return nomem(im);
		TRY(push_pending(im, &im->leads, i, id));
	}
	return 0;
}

/* A level 1-5 or null (0) under key of obj; in_entry: the message names the history entry. */
static int get_level(struct importer *im, json_t *obj, const char *key, const char *in_entry, int8_t *out)
{
	json_t *level = json_object_get(obj, key);
	*out = 0;
	if (!level || json_is_null(level))
		return 0;
	if (!json_is_integer(level) || json_integer_value(level) < 1 || json_integer_value(level) > 5)
		return in_entry ? fail(im, in_entry, "%s must be a level 1 to 5, or null", key)
				: fail(im, key, "must be a level 1 to 5, or null");
	*out = (int8_t)json_integer_value(level);
	return 0;
}

struct system_ctx {
	zidx system, org;
};

/* An earlier register entry of a system: owner department, MLPS level, filing. */
static int read_system_version(struct importer *im, json_t *entry, zdate until, const char *field, void *ctx)
{
	const struct system_ctx *c = ctx;
	struct system_version v = {c->system, until, {ZIDX_NONE, 0, NULL, ZDATE_NONE}};
	int rc;
	json_t *owner = json_object_get(entry, "owner_department"), *no = json_object_get(entry, "filing_no"),
	       *filed = json_object_get(entry, "filed_on");
	if (owner && !json_is_null(owner)) {
		if (!json_is_string(owner) || (v.st.owner_dept = hmap_get(&im->f->dept_ids, json_string_value(owner))) < 0)
			return fail(im, field, "owner_department: unknown department '%s'",
				    json_is_string(owner) ? json_string_value(owner) : "?");
		if (im->f->depts.v[v.st.owner_dept].org != c->org)
			return fail(im, field, "owner_department: department '%s' belongs to another organization",
				    json_string_value(owner));
	}
	TRY(get_level(im, entry, "mlps_level", field, &v.st.mlps_level));
	if (no && !json_is_null(no)) {
		if (!json_is_string(no) || json_string_length(no) > IMPORT_MAX_TEXT)
			return fail(im, field, "filing_no must be a string or null");
		if (!(v.st.filing_no = facts_str(im->f, json_string_value(no))))
			return nomem(im);
	}
	if (filed && !json_is_null(filed) && (!json_is_string(filed) || !date_parse(json_string_value(filed), &v.st.filed_on)))
		return fail(im, field, "filed_on must be a date YYYY-MM-DD or null");
	return facts_add_system_version(im->f, &v) < 0 ? nomem(im) : 0;
}

static int cmp_date(const void *a, const void *b)
{
	zdate x = *(const zdate *)a, y = *(const zdate *)b;
	return (x > y) - (x < y);
}

/* assessments: every 等级测评 (dates); the latest is last_assessed_on, the others are kept
 * beside it. */
static int read_assessments(struct importer *im, json_t *o, zidx si, zdate *last)
{
	json_t *list = json_object_get(o, "assessments"), *d;
	size_t j, n = 0;
	if (!list || json_is_null(list))
		return 0;
	if (!json_is_array(list))
		return fail(im, "assessments", "must be an array of dates");
	zdate *v = malloc((json_array_size(list) + 1) * sizeof *v);
	if (!v)
		return nomem(im);
	json_array_foreach(list, j, d) {
		if (!json_is_string(d) || !date_parse(json_string_value(d), &v[n])) {
			free(v);
			return fail(im, "assessments", "element %zu must be a date YYYY-MM-DD", j);
		}
		if (im->earliest == ZDATE_NONE || v[n] < im->earliest)
			im->earliest = v[n];
		n++;
	}
	qsort(v, n, sizeof *v, cmp_date);
	int rc = 0;
	if (n && *last != ZDATE_NONE && *last < v[n - 1])
		rc = fail(im, "last_assessed_on", "must be the latest of the assessments");
	if (!rc && n && *last == ZDATE_NONE)
		*last = v[n - 1];
	for (size_t k = 0; k < n && !rc; k++)
		if (v[k] != *last && (k == 0 || v[k] != v[k - 1]) &&
		    facts_add_assessment(im->f, &(struct assessment){si, v[k]}) < 0)
			rc = nomem(im);
	free(v);
	return rc;
}

static int read_system(struct importer *im, json_t *o)
{
	static const char *const keys[] = {"id", "org", "name", "owner_department", "mlps_level", "filing_no",
					   "filed_on", "last_assessed_on", "critical_infrastructure",
					   "public_website", "in_service", "retired", "history", "assessments", "project", NULL};
	static const char *const version_keys[] = {"owner_department", "mlps_level", "filing_no", "filed_on", NULL};
	int rc;
	struct zsystem y = {0};
	struct span life;
	zidx i;
	TRY(read_head(im, o, keys, &y.id, &y.org));
	TRY(get_string(im, o, "name", true, IMPORT_MAX_TEXT, &y.name));
	TRY(get_ref(im, o, "owner_department", false, &im->f->dept_ids, "department", &y.owner_dept));
	TRY(get_string(im, o, "filing_no", false, IMPORT_MAX_TEXT, &y.filing_no));
	TRY(get_date(im, o, "filed_on", false, ZDATE_NONE, &y.filed_on));
	TRY(get_date(im, o, "last_assessed_on", false, ZDATE_NONE, &y.last_assessed_on));
	TRY(get_tri(im, o, "critical_infrastructure", &y.critical_infrastructure));
	TRY(get_tri(im, o, "public_website", &y.public_website));
	TRY(get_level(im, o, "mlps_level", NULL, &y.mlps_level));
	TRY(get_span(im, o, "in_service", "retired", &life));
	TRY(check_own_dept(im, "owner_department", y.owner_dept, y.org));
	zidx built_by;
	TRY(get_ref(im, o, "project", false, &im->f->project_ids, "project", &built_by));
	if (built_by >= 0 && im->f->projects.v[built_by].org != y.org)
		return fail(im, "project", "project '%s' belongs to another organization", im->f->projects.v[built_by].id);
	y.project = built_by >= 0 ? im->f->projects.v[built_by].id : NULL;
	TRY(check_unit(im, "org", y.org));
	TRY(check_new_id(im, K_SYSTEM, &im->f->system_ids, y.id, &i));
	TRY(check_unit_of_existing(im, K_SYSTEM, y.id, i, i >= 0 ? im->f->systems.v[i].org : ZIDX_NONE));
	if (i >= 0) {
		im->f->systems.v[i] = y;
		facts_drop_system_versions(im->f, i);
	} else if ((i = facts_add_system(im->f, &y)) < 0) {
		return nomem(im);
	}
	TRY(set_span(im, SPAN_SYSTEM, i, life));
	size_t before = im->f->system_versions.n;
	struct system_ctx c = {i, y.org};
	TRY(read_history(im, o, life, version_keys, read_system_version, &c));
	TRY(read_assessments(im, o, i, &im->f->systems.v[i].last_assessed_on));
	im->undated += undated(life) && im->f->system_versions.n == before;
	return set_origin(im, K_SYSTEM, i, (int32_t)im->elem);
}

/* ---- appointments by natural key --------------------------------------------------------- */

static uint64_t appt_hash(const struct appt *a)
{
	int32_t k[8] = {a->person, a->post, a->body, a->seat, a->org, a->dept, a->system, a->from};
	return hash_bytes(k, sizeof k);
}

static bool appt_same(const struct appt *a, const struct appt *b)
{
	return a->person == b->person && a->post == b->post && a->body == b->body && a->seat == b->seat &&
	       a->org == b->org && a->dept == b->dept && a->system == b->system && a->from == b->from;
}

/* Finds the slot of an appointment equal to a, or the empty slot where it would go. */
static zidx *appt_slot(struct importer *im, const struct appt *a)
{
	size_t mask = im->appt_cap - 1;
	for (size_t i = appt_hash(a) & mask;; i = (i + 1) & mask) {
		zidx *s = &im->appt_slots[i];
		if (*s < 0 || appt_same(&im->f->appts.v[*s], a))
			return s;
	}
}

static int appt_index_grow(struct importer *im)
{
	size_t cap = im->appt_cap ? im->appt_cap : 1024;
	while (cap < (im->f->appts.n + 1) * 2)
		cap *= 2;
	if (cap == im->appt_cap)
		return 0;
	zidx *slots = malloc(cap * sizeof *slots);
	if (!slots)
		return nomem(im);
	memset(slots, 0xff, cap * sizeof *slots);
	free(im->appt_slots);
	im->appt_slots = slots;
	im->appt_cap = cap;
	for (size_t i = 0; i < im->f->appts.n; i++)
		*appt_slot(im, &im->f->appts.v[i]) = (zidx)i;
	return 0;
}

static int read_appt(struct importer *im, json_t *o)
{
	static const char *const keys[] = {"person", "post", "body", "seat", "org", "department", "system",
					   "from", "to", "full_time", NULL};
	int rc, v;
	struct appt a = {.post = POST_NONE, .seat = SEAT_NONE};
	zidx org = ZIDX_NONE;
	TRY(check_keys(im, o, keys));
	TRY(get_ref(im, o, "person", true, &im->f->person_ids, "person", &a.person));
	TRY(get_ref(im, o, "org", false, &im->f->org_ids, "organization", &org));
	TRY(get_ref(im, o, "department", false, &im->f->dept_ids, "department", &a.dept));
	TRY(get_ref(im, o, "system", false, &im->f->system_ids, "system", &a.system));
	TRY(get_ref(im, o, "body", false, &im->f->body_ids, "body", &a.body));
	TRY(get_date(im, o, "from", true, ZDATE_NONE, &a.from));
	TRY(get_date(im, o, "to", false, ZDATE_MAX, &a.to));
	TRY(get_tri(im, o, "full_time", &a.full_time));
	bool has_post = json_object_get(o, "post") && !json_is_null(json_object_get(o, "post"));
	if (has_post == (a.body >= 0))
		return fail(im, NULL, "an appointment has either a post, or a body and a seat");
	if (has_post) {
		TRY(get_enum(im, o, "post", post_from_id, "post", &v));
		a.post = (int8_t)v;
		if (json_object_get(o, "seat") && !json_is_null(json_object_get(o, "seat")))
			return fail(im, "seat", "a seat belongs to a body appointment, not a post");
	} else {
		TRY(get_enum(im, o, "seat", seat_from_id, "seat", &v));
		a.seat = (int8_t)v;
		if (a.dept >= 0 || a.system >= 0)
			return fail(im, NULL, "a body seat is not scoped to a department or system");
	}
	const struct person *p = &im->f->people.v[a.person];
	a.org = a.body >= 0 ? im->f->bodies.v[a.body].org : (org >= 0 ? org : p->org);
	if (!has_post && org >= 0 && org != a.org)
		return fail(im, "org", "body '%s' belongs to '%s'", im->f->bodies.v[a.body].id,
			    im->f->orgs.v[a.org].id);
	TRY(check_unit(im, org >= 0 ? "org" : a.body >= 0 ? "body" : "person", a.org));
	if (a.to <= a.from)
		return fail(im, "to", "must be after from (intervals are [from, to))");
	if (a.dept >= 0 && a.system >= 0)
		return fail(im, NULL, "an appointment is scoped to a department or a system, not both");
	if ((a.post == POST_DEPARTMENT_HEAD || a.post == POST_SECURITY_LIAISON) && a.dept < 0)
		return fail(im, "department", "a %s appointment must name its department", post_id(a.post));
	if (a.post == POST_SYSTEM_RESPONSIBLE && a.system < 0)
		return fail(im, "system", "a system_responsible appointment must name its system");
	if ((im->f->appts.n + 1) * 2 > im->appt_cap)
		TRY(appt_index_grow(im));
	zidx *slot = appt_slot(im, &a);
	zidx i = *slot;
	if (i >= 0 && from_file(im, K_APPT, i)) {
		char other[128];
		record_path(im, K_APPT, (size_t)im->origin[K_APPT][i].elem, 0, other, sizeof other);
		return fail(im, NULL, "the same appointment (person, post, scope and from) is also at %s", other);
	}
	if (i >= 0)
		im->f->appts.v[i] = a;
	else if ((i = *slot = facts_add_appt(im->f, &a)) < 0)
		return nomem(im);
	return set_origin(im, K_APPT, i, (int32_t)im->elem);
}

static int read_agreement(struct importer *im, json_t *o)
{
	static const char *const keys[] = {"id", "kind", "org", "person", "from", "to", "signed_on", "post", "department",
					   NULL};
	int rc, kind, post = POST_NONE;
	struct agreement a;
	zidx i;
	TRY(check_keys(im, o, keys));
	TRY(get_id(im, o, "id", true, &a.id));
	TRY(get_enum(im, o, "kind", agreement_kind_from_id, "agreement kind", &kind));
	TRY(get_ref(im, o, "org", true, &im->f->org_ids, "organization", &a.org));
	TRY(get_ref(im, o, "person", false, &im->f->person_ids, "person", &a.person));
	TRY(get_date(im, o, "from", true, ZDATE_NONE, &a.from));
	TRY(get_date(im, o, "to", false, ZDATE_MAX, &a.to));
	TRY(get_date(im, o, "signed_on", false, ZDATE_NONE, &a.signed_on));
	if (json_object_get(o, "post") && !json_is_null(json_object_get(o, "post")))
		TRY(get_enum(im, o, "post", post_from_id, "post", &post));
	TRY(get_ref(im, o, "department", false, &im->f->dept_ids, "department", &a.dept));
	a.kind = (int8_t)kind;
	a.post = (int8_t)post;
	if (a.to <= a.from)
		return fail(im, "to", "must be after from (intervals are [from, to))");
	TRY(check_own_person(im, "person", a.person, a.org));
	TRY(check_own_dept(im, "department", a.dept, a.org));
	PUT_RECORD(K_AGREEMENT, agreements, agreement_ids, facts_add_agreement, a, i);
	return set_origin(im, K_AGREEMENT, i, (int32_t)im->elem);
}

/* 离岗交接 (issue 19): who left which post on which day, the checklist's dates and the successor. */
static int read_handover(struct importer *im, json_t *o)
{
	static const char *const keys[] = {"id", "org", "person", "post", "left_on", "successor",
					   "accounts_closed_on", "materials_returned_on", "passwords_changed_on",
					   "completed_on", "notes", NULL};
	int rc, post;
	struct handover h;
	zidx i;
	TRY(read_head(im, o, keys, &h.id, &h.org));
	TRY(get_ref(im, o, "person", true, &im->f->person_ids, "person", &h.person));
	TRY(get_enum(im, o, "post", post_from_id, "post", &post));
	TRY(get_date(im, o, "left_on", true, ZDATE_NONE, &h.left_on));
	TRY(get_ref(im, o, "successor", false, &im->f->person_ids, "person", &h.successor));
	TRY(get_date(im, o, "accounts_closed_on", false, ZDATE_NONE, &h.accounts_closed_on));
	TRY(get_date(im, o, "materials_returned_on", false, ZDATE_NONE, &h.materials_returned_on));
	TRY(get_date(im, o, "passwords_changed_on", false, ZDATE_NONE, &h.passwords_changed_on));
	TRY(get_date(im, o, "completed_on", false, ZDATE_NONE, &h.completed_on));
	TRY(get_string(im, o, "notes", false, IMPORT_MAX_TEXT, &h.notes));
	h.post = (int8_t)post;
	TRY(check_own_person(im, "person", h.person, h.org));
	TRY(check_own_person(im, "successor", h.successor, h.org));
	if (h.successor == h.person)
		return fail(im, "successor", "the person who leaves cannot be their own successor");
	if (h.completed_on != ZDATE_NONE && h.completed_on < h.left_on - 366)
		return fail(im, "completed_on", "more than a year before left_on");
	PUT_RECORD(K_HANDOVER, handovers, handover_ids, facts_add_handover, h, i);
	return set_origin(im, K_HANDOVER, i, (int32_t)im->elem);
}

static int get_time(struct importer *im, json_t *obj, const char *key, bool required, struct ztime *out)
{
	json_t *v = json_object_get(obj, key);
	*out = ZTIME_NONE;
	if (!v || json_is_null(v))
		return required ? failr(im, key, "missing", "missing") : 0;
	if (!json_is_string(v) || !ztime_parse(json_string_value(v), out))
		return fail(im, key, "must be a time YYYY-MM-DDTHH:MM[:SS] with its UTC offset (+08:00), not %s",
			    json_is_string(v) ? json_string_value(v) : "a non-string");
	return 0;
}

/* A system of the record's own unit, or none. */
static int check_own_system(struct importer *im, const char *field, zidx system, zidx org)
{
	const struct zsystem *y = system < 0 ? NULL : &im->f->systems.v[system];
	return y ? check_own(im, field, "system", y->id, y->org, org) : 0;
}

/* 漏洞台账 (issue 19): a vulnerability of one of the unit's systems, found, to be fixed, fixed,
 * verified; the notice that reported it, where one did. */
static int read_vulnerability(struct importer *im, json_t *o)
{
	static const char *const keys[] = {"id", "org", "system", "title", "source", "severity", "found_on", "due_on",
					   "fixed_on", "verified_on", "notice", "notes", NULL};
	int rc, sev, src;
	struct vulnerability v;
	zidx i;
	TRY(read_head(im, o, keys, &v.id, &v.org));
	TRY(get_ref(im, o, "system", true, &im->f->system_ids, "system", &v.system));
	TRY(get_string(im, o, "title", true, IMPORT_MAX_TEXT, &v.title));
	TRY(get_enum(im, o, "source", vuln_source_from_id, "source (scan, test, inspection, notice, other)", &src));
	TRY(get_enum(im, o, "severity", vuln_severity_from_id, "severity (low, medium, high, critical)", &sev));
	TRY(get_date(im, o, "found_on", true, ZDATE_NONE, &v.found_on));
	TRY(get_date(im, o, "due_on", false, ZDATE_NONE, &v.due_on));
	TRY(get_date(im, o, "fixed_on", false, ZDATE_NONE, &v.fixed_on));
	TRY(get_date(im, o, "verified_on", false, ZDATE_NONE, &v.verified_on));
	TRY(get_ref(im, o, "notice", false, &im->f->notice_ids, "notice", &v.notice));
	TRY(get_string(im, o, "notes", false, IMPORT_MAX_TEXT, &v.notes));
	v.severity = (int8_t)sev;
	v.source = (int8_t)src;
	if (v.due_on != ZDATE_NONE && v.due_on < v.found_on)
		return fail(im, "due_on", "before found_on");
	if (v.fixed_on != ZDATE_NONE && v.fixed_on < v.found_on)
		return fail(im, "fixed_on", "before found_on");
	if (v.verified_on != ZDATE_NONE && (v.fixed_on == ZDATE_NONE || v.verified_on < v.fixed_on))
		return fail(im, "verified_on", "a fix is verified on or after fixed_on");
	TRY(check_own_system(im, "system", v.system, v.org));
	if (v.notice >= 0 && im->f->notices.v[v.notice].org != v.org)
		return fail(im, "notice", "notice '%s' belongs to another organization", im->f->notices.v[v.notice].id);
	PUT_RECORD(K_VULNERABILITY, vulnerabilities, vulnerability_ids, facts_add_vulnerability, v, i);
	return set_origin(im, K_VULNERABILITY, i, (int32_t)im->elem);
}

/* An amount of money in yuan: a whole number 0 or more below a trillion, or null (-1). */
static int get_yuan(struct importer *im, json_t *obj, const char *key, int64_t *out)
{
	json_t *v = json_object_get(obj, key);
	*out = -1;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) >= 1000000000000)
		return fail(im, key, "must be a whole number of yuan, 0 or more");
	*out = json_integer_value(v);
	return 0;
}

/* A flag recorded or not: true, false, or null (not recorded: false). */
static int get_flag(struct importer *im, json_t *obj, const char *key, bool *out)
{
	int8_t t;
	int rc = get_tri(im, obj, key, &t);
	*out = t == TRI_TRUE;
	return rc;
}

/* 信息化项目 (issue 19, 004 七, 003 第四条(一)): a project of the unit with its budget and security
 * budget, the days it was approved, started, put into use or cancelled, and the 三同步. */
static int read_project(struct importer *im, json_t *o)
{
	static const char *const keys[] = {"id", "org", "name", "department", "budget", "security_budget",
					   "approved_on", "started_on", "in_use_on", "cancelled_on", "security_planned",
					   "security_built", "security_implemented", "notes", NULL};
	int rc;
	struct project p;
	zidx i;
	TRY(read_head(im, o, keys, &p.id, &p.org));
	TRY(get_string(im, o, "name", true, IMPORT_MAX_TEXT, &p.name));
	TRY(get_ref(im, o, "department", false, &im->f->dept_ids, "department", &p.dept));
	TRY(get_yuan(im, o, "budget", &p.budget));
	TRY(get_yuan(im, o, "security_budget", &p.security_budget));
	TRY(get_date(im, o, "approved_on", true, ZDATE_NONE, &p.approved_on));
	TRY(get_date(im, o, "started_on", false, ZDATE_NONE, &p.started_on));
	TRY(get_date(im, o, "in_use_on", false, ZDATE_NONE, &p.in_use_on));
	TRY(get_date(im, o, "cancelled_on", false, ZDATE_NONE, &p.cancelled_on));
	TRY(get_flag(im, o, "security_planned", &p.security_planned));
	TRY(get_flag(im, o, "security_built", &p.security_built));
	TRY(get_flag(im, o, "security_implemented", &p.security_implemented));
	TRY(get_string(im, o, "notes", false, IMPORT_MAX_TEXT, &p.notes));
	TRY(check_own_dept(im, "department", p.dept, p.org));
	if (p.security_budget >= 0 && p.budget >= 0 && p.security_budget > p.budget)
		return fail(im, "security_budget", "is part of the budget: at most budget");
	if (p.started_on != ZDATE_NONE && p.started_on < p.approved_on)
		return fail(im, "started_on", "a project starts on or after approved_on");
	if (p.in_use_on != ZDATE_NONE && (p.started_on == ZDATE_NONE || p.in_use_on < p.started_on))
		return fail(im, "in_use_on", "a project is put into use on or after started_on");
	if (p.cancelled_on != ZDATE_NONE && (p.cancelled_on < p.approved_on || p.in_use_on != ZDATE_NONE))
		return fail(im, "cancelled_on", "a project is cancelled on or after approved_on, before it is put into use");
	PUT_RECORD(K_PROJECT, projects, project_ids, facts_add_project, p, i);
	return set_origin(im, K_PROJECT, i, (int32_t)im->elem);
}

/* A plan's reviews, [{"on", "by", "outcome"}]: each on or after the approval, in order of day,
 * by a person of the unit (or null); *last becomes the latest day (ZDATE_NONE: none). */
static int check_plan_reviews(struct importer *im, json_t *reviews, const struct emergency_plan *p, zdate *last)
{
	json_t *rv;
	size_t j;
	*last = ZDATE_NONE;
	if (reviews && !json_is_null(reviews) && !json_is_array(reviews))
		return fail(im, "reviews", "must be an array of {on, by, outcome}");
	json_array_foreach(reviews, j, rv) {
		char field[48];
		zdate on;
		json_t *on_v = json_object_get(rv, "on"), *by = json_object_get(rv, "by"), *outcome = json_object_get(rv, "outcome");
		snprintf(field, sizeof field, "reviews[%zu]", j);
		if (!json_is_object(rv) || json_object_size(rv) != (size_t)(!!on_v + !!by + !!outcome))
			return fail(im, field, "must be {on, by, outcome}");
		snprintf(field, sizeof field, "reviews[%zu].on", j);
		if (!json_is_string(on_v) || !date_parse(json_string_value(on_v), &on))
			return fail(im, field, "must be a date YYYY-MM-DD");
		if (p->approved_on == ZDATE_NONE || on < p->approved_on)
			return fail(im, field, "a plan is reviewed on or after approved_on");
		if (*last != ZDATE_NONE && on <= *last)
			return fail(im, field, "reviews come in order of day, one a day");
		*last = on;
		snprintf(field, sizeof field, "reviews[%zu].by", j);
		zidx who = ZIDX_NONE;
		if (by && !json_is_null(by) &&
		    (!json_is_string(by) || (who = hmap_get(&im->f->person_ids, json_string_value(by))) < 0))
			return fail(im, field, "unknown person '%s'", json_is_string(by) ? json_string_value(by) : "?");
		if (who >= 0 && im->f->people.v[who].org != p->org)
			return fail(im, field, "person '%s' belongs to another organization", json_string_value(by));
		snprintf(field, sizeof field, "reviews[%zu].outcome", j);
		if (outcome && !json_is_null(outcome) &&
		    (!json_is_string(outcome) || json_string_length(outcome) > IMPORT_MAX_TEXT))
			return fail(im, field, "must be a string or null");
	}
	return 0;
}

/* Replaces plan i's reviews by the file's (already checked). */
static int put_plan_reviews(struct importer *im, json_t *reviews, zidx i)
{
	size_t keep = 0, j;
	json_t *rv;
	for (size_t k = 0; k < im->f->plan_reviews.n; k++)
		if (im->f->plan_reviews.v[k].plan != i)
			im->f->plan_reviews.v[keep++] = im->f->plan_reviews.v[k];
	im->f->plan_reviews.n = keep;
	json_array_foreach(reviews, j, rv) {
		json_t *by = json_object_get(rv, "by"), *outcome = json_object_get(rv, "outcome");
		struct plan_review r = {i, ZIDX_NONE, ZDATE_NONE, NULL};
		date_parse(json_string_value(json_object_get(rv, "on")), &r.on);
		if (json_is_string(by))
			r.by = hmap_get(&im->f->person_ids, json_string_value(by));
		if (json_is_string(outcome) && !(r.outcome = facts_str(im->f, json_string_value(outcome))))
			return nomem(im);
		if (facts_add_plan_review(im->f, &r) < 0)
			return nomem(im);
	}
	return 0;
}

/* 应急预案 (issue 19): a plan of the unit with its version, approval, last review and withdrawal,
 * the days of the drills that exercised it and every review (the file's lists replace the stored
 * ones). reviewed_on is the latest review: given alone it is the only one known; with reviews it
 * is their latest day, or later. */
static int read_plan(struct importer *im, json_t *o)
{
	static const char *const keys[] = {"id", "org", "title", "version", "approved_on", "reviewed_on", "withdrawn_on",
					   "drills", "reviews", "notes", NULL};
	int rc;
	struct emergency_plan p;
	zidx i;
	TRY(read_head(im, o, keys, &p.id, &p.org));
	TRY(get_string(im, o, "title", true, IMPORT_MAX_TEXT, &p.title));
	TRY(get_string(im, o, "version", false, IMPORT_MAX_TEXT, &p.version));
	TRY(get_date(im, o, "approved_on", false, ZDATE_NONE, &p.approved_on));
	TRY(get_date(im, o, "reviewed_on", false, ZDATE_NONE, &p.reviewed_on));
	TRY(get_date(im, o, "withdrawn_on", false, ZDATE_NONE, &p.withdrawn_on));
	TRY(get_string(im, o, "notes", false, IMPORT_MAX_TEXT, &p.notes));
	if (p.reviewed_on != ZDATE_NONE && (p.approved_on == ZDATE_NONE || p.reviewed_on < p.approved_on))
		return fail(im, "reviewed_on", "a plan is reviewed on or after approved_on");
	if (p.withdrawn_on != ZDATE_NONE && p.approved_on != ZDATE_NONE && p.withdrawn_on <= p.approved_on)
		return fail(im, "withdrawn_on", "must be after approved_on");
	json_t *drills = json_object_get(o, "drills"), *dr;
	size_t j;
	if (drills && !json_is_null(drills) && !json_is_array(drills))
		return fail(im, "drills", "must be an array of dates");
	json_array_foreach(drills, j, dr) {
		char field[32];
		zdate d;
		snprintf(field, sizeof field, "drills[%zu]", j);
		if (!json_is_string(dr) || !date_parse(json_string_value(dr), &d))
			return fail(im, field, "must be a date YYYY-MM-DD");
		if (p.approved_on == ZDATE_NONE || d < p.approved_on)
			return fail(im, field, "a drill exercises a plan approved on or before it");
	}
	json_t *reviews = json_object_get(o, "reviews");
	zdate last_review;
	TRY(check_plan_reviews(im, reviews, &p, &last_review));
	if (p.reviewed_on == ZDATE_NONE)
		p.reviewed_on = last_review;
	else if (last_review != ZDATE_NONE && p.reviewed_on < last_review)
		return fail(im, "reviewed_on", "must be the latest of the reviews");
	PUT_RECORD(K_PLAN, plans, plan_ids, facts_add_plan, p, i);
	size_t keep = 0;
	for (size_t k = 0; k < im->f->plan_drills.n; k++)
		if (im->f->plan_drills.v[k].plan != i)
			im->f->plan_drills.v[keep++] = im->f->plan_drills.v[k];
	im->f->plan_drills.n = keep;
	json_array_foreach(drills, j, dr) {
		struct plan_drill d = {i, ZDATE_NONE};
		date_parse(json_string_value(dr), &d.held_on);
		if (facts_add_plan_drill(im->f, &d) < 0)
			return nomem(im);
	}
	TRY(put_plan_reviews(im, reviews, i));
	return set_origin(im, K_PLAN, i, (int32_t)im->elem);
}

/* A whole number, 0 or more, or null (*out stays -1). */
static int get_count(struct importer *im, json_t *obj, const char *key, int64_t *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return fail(im, key, "must be a whole number, 0 or more");
	*out = json_integer_value(v);
	return 0;
}

static int get_amount(struct importer *im, json_t *obj, const char *key, double max, const char *what, double *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > max)
		return fail(im, key, "must be %s, 0 or more", what);
	*out = json_number_value(v);
	return 0;
}

/* 日志留存 (issue 19): a log or record source of the unit, of one of its systems or its own (an
 * exit gateway's), its kind, the days it is kept as configured and the day that was verified. */
static int read_log_source(struct importer *im, json_t *o)
{
	static const char *const keys[] = {"id", "org", "system", "name", "kind", "retention_days", "checked_on", "notes",
					   NULL};
	int rc, kind;
	int64_t days = -1;
	struct log_source l;
	zidx i;
	TRY(read_head(im, o, keys, &l.id, &l.org));
	TRY(get_ref(im, o, "system", false, &im->f->system_ids, "system", &l.system));
	TRY(get_string(im, o, "name", true, IMPORT_MAX_TEXT, &l.name));
	TRY(get_enum(im, o, "kind", log_kind_from_id,
		     "kind (network_log, server_log, device_log, gateway_audit, access_record, website_content, lab_record, "
		     "public_lab_record, other)",
		     &kind));
	TRY(get_count(im, o, "retention_days", &days));
	TRY(get_date(im, o, "checked_on", false, ZDATE_NONE, &l.checked_on));
	TRY(get_string(im, o, "notes", false, IMPORT_MAX_TEXT, &l.notes));
	if (days > LOG_RETENTION_MAX_DAYS)
		return fail(im, "retention_days", "more than %d days", LOG_RETENTION_MAX_DAYS);
	l.kind = (int8_t)kind;
	l.retention_days = (int32_t)days;
	TRY(check_own_system(im, "system", l.system, l.org));
	PUT_RECORD(K_LOG_SOURCE, log_sources, log_source_ids, facts_add_log_source, l, i);
	return set_origin(im, K_LOG_SOURCE, i, (int32_t)im->elem);
}

/* 学时 (class hours): a whole number from 1 to TRAINING_MAX_HOURS. */
static int get_hours(struct importer *im, json_t *v, const char *field, int32_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > TRAINING_MAX_HOURS)
		return fail(im, field, "must be class hours (学时), a whole number from 1 to %d", TRAINING_MAX_HOURS);
	*out = (int32_t)json_integer_value(v);
	return 0;
}

/* One attendee of a session: {person, hours (default the session's), certificate}. */
static int read_attendee(struct importer *im, json_t *a, size_t j, const struct training_session *t,
			 struct training_attendee *out)
{
	static const char *const keys[] = {"person", "hours", "certificate", NULL};
	char field[64]; /* attendees[<20 digits>].<16 bytes of a key> */
	const char *k;
	json_t *v;
	snprintf(field, sizeof field, "attendees[%zu]", j);
	if (!json_is_object(a))
		return fail(im, field, "must be an object {person, hours, certificate}");
	json_object_foreach(a, k, v) {
		bool ok = false;
		for (const char *const *x = keys; *x && !ok; x++)
			ok = strcmp(*x, k) == 0;
		if (!ok) {
			snprintf(field, sizeof field, "attendees[%zu].%.16s", j, k);
			return fail(im, field, "unknown field");
		}
	}
	snprintf(field, sizeof field, "attendees[%zu].person", j);
	v = json_object_get(a, "person");
	if (!json_is_string(v))
		return fail(im, field, "missing: the id of a person of the unit");
	out->person = hmap_get(&im->f->person_ids, json_string_value(v));
	if (out->person < 0)
		return fail(im, field, "unknown person '%s'", json_string_value(v));
	if (im->f->people.v[out->person].org != t->org)
		return fail(im, field, "person '%s' belongs to another organization", json_string_value(v));
	out->hours = -1;
	v = json_object_get(a, "hours");
	snprintf(field, sizeof field, "attendees[%zu].hours", j);
	if (v && !json_is_null(v)) {
		int rc = get_hours(im, v, field, &out->hours);
		if (rc)
			return rc;
		if (out->hours > t->hours)
			return fail(im, field, "more than the session's hours");
	}
	out->certificate = NULL;
	v = json_object_get(a, "certificate");
	snprintf(field, sizeof field, "attendees[%zu].certificate", j);
	if (v && !json_is_null(v)) {
		if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > IMPORT_MAX_TEXT)
			return fail(im, field, "must be the certificate's name or number, a non-empty string");
		if (!(out->certificate = facts_str(im->f, json_string_value(v))))
			return nomem(im);
	}
	return 0;
}

/* 培训 (issue 19): a session held by the unit, one of its departments or outside, and who attended
 * it with their hours and certificates (the file's list replaces the stored one). */
static int read_training(struct importer *im, json_t *o)
{
	static const char *const keys[] = {"id", "org", "title", "held_on", "organiser", "kind", "level", "department",
					   "hours", "attendees", "notes", NULL};
	int rc, kind, level;
	struct training_session t;
	zidx i;
	TRY(read_head(im, o, keys, &t.id, &t.org));
	TRY(get_string(im, o, "title", true, IMPORT_MAX_TEXT, &t.title));
	TRY(get_date(im, o, "held_on", true, ZDATE_NONE, &t.held_on));
	TRY(get_string(im, o, "organiser", false, IMPORT_MAX_TEXT, &t.organiser));
	TRY(get_enum(im, o, "kind", training_kind_from_id, "kind (awareness, technical, certification, other)", &kind));
	TRY(get_enum(im, o, "level", training_level_from_id, "level (unit, department, external)", &level));
	TRY(get_ref(im, o, "department", false, &im->f->dept_ids, "department", &t.dept));
	json_t *hours = json_object_get(o, "hours");
	if (!hours || json_is_null(hours))
		return fail(im, "hours", "missing");
	TRY(get_hours(im, hours, "hours", &t.hours));
	TRY(get_string(im, o, "notes", false, IMPORT_MAX_TEXT, &t.notes));
	t.kind = (int8_t)kind;
	t.level = (int8_t)level;
	if ((t.level == TRL_DEPARTMENT) != (t.dept >= 0))
		return fail(im, "department", "a session held by a department names it, and only such a session");
	TRY(check_own_dept(im, "department", t.dept, t.org));
	json_t *attendees = json_object_get(o, "attendees"), *a;
	size_t j, n = json_array_size(attendees);
	if (attendees && !json_is_null(attendees) && !json_is_array(attendees))
		return fail(im, "attendees", "must be an array of {person, hours, certificate}");
	if (n > TRAINING_MAX_ATTENDEES)
		return fail(im, "attendees", "more than %d", TRAINING_MAX_ATTENDEES);
	/* the attendees read first, each person once (seen: a bit per person of the facts) */
	struct training_attendee *list = n ? calloc(n, sizeof *list) : NULL;
	unsigned char *seen = calloc(im->f->people.n / 8 + 1, 1);
	if ((n && !list) || !seen) {
		free(list);
		free(seen);
		return nomem(im);
	}
	rc = 0;
	json_array_foreach(attendees, j, a) {
		if ((rc = read_attendee(im, a, j, &t, &list[j])))
			break;
		zidx p = list[j].person;
		if (seen[p / 8] & (1u << (p % 8))) {
			char field[48];
			snprintf(field, sizeof field, "attendees[%zu].person", j);
			rc = fail(im, field, "person '%s' is listed twice", im->f->people.v[p].id);
			break;
		}
		seen[p / 8] |= (unsigned char)(1u << (p % 8));
	}
	free(seen);
	if (!rc && !(rc = check_unit(im, "org", t.org)) && !(rc = check_new_id(im, K_TRAINING, &im->f->training_ids, t.id, &i)))
		rc = check_unit_of_existing(im, K_TRAINING, t.id, i, i >= 0 ? im->f->trainings.v[i].org : ZIDX_NONE);
	if (!rc && i >= 0)
		im->f->trainings.v[i] = t;
	else if (!rc && (i = facts_add_training(im->f, &t)) < 0)
		rc = nomem(im);
	if (!rc) {
		size_t keep = 0;
		for (size_t k = 0; k < im->f->training_attendees.n; k++)
			if (im->f->training_attendees.v[k].session != i)
				im->f->training_attendees.v[keep++] = im->f->training_attendees.v[k];
		im->f->training_attendees.n = keep;
		for (j = 0; j < n && !rc; j++) {
			list[j].session = i;
			if (facts_add_training_attendee(im->f, &list[j]) < 0)
				rc = nomem(im);
		}
	}
	free(list);
	if (rc)
		return rc;
	return set_origin(im, K_TRAINING, i, (int32_t)im->elem);
}

/* follow_up_reports: the 续报 times, each with its offset, none before the initial report
 * (reported_at); kept as the canonical JSON text. */
static int get_follow_ups(struct importer *im, json_t *o, struct incident *x)
{
	json_t *v = json_object_get(o, "follow_up_reports"), *t;
	size_t j;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return fail(im, "follow_up_reports", "must be an array of times");
	json_array_foreach(v, j, t) {
		char field[40];
		struct ztime z;
		snprintf(field, sizeof field, "follow_up_reports[%zu]", j);
		if (!json_is_string(t) || !ztime_parse(json_string_value(t), &z))
			return fail(im, field, "must be a time YYYY-MM-DDTHH:MM[:SS] with its UTC offset (+08:00)");
		if (!ztime_set(x->reported) || z.t < x->reported.t)
			return fail(im, field, "is before the initial report (reported_at)");
	}
	char *text = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (!text)
		return nomem(im);
	x->follow_ups = facts_str(im->f, text);
	free(text);
	return x->follow_ups ? 0 : nomem(im);
}

/* A record read anew loses the files it had (v[0 .. *n)): the file's list replaces them. */
static void drop_files(struct evidence *v, size_t *n, zidx record)
{
	size_t keep = 0;
	for (size_t k = 0; k < *n; k++)
		if (v[k].record != record)
			v[keep++] = v[k];
	*n = keep;
}

static int read_evidence(struct importer *im, json_t *o, const char *key, zidx record,
			 zidx (*add)(struct facts *f, const struct evidence *ev));

static int read_incident(struct importer *im, json_t *o)
{
	static const char *const keys[] = {"id", "org", "system", "title", "category", "grade", "occurred_at",
					   "detected_at", "reported_at", "resolved_at", "outage_hours",
					   "personal_info_records", "summary_on", "classification", "attacked",
					   "handled_in_time", "function_outage_hours", "economic_loss_yuan",
					   "people_affected", "follow_up_reports", "reports", NULL};
	int rc;
	struct incident x = INCIDENT_INIT;
	zidx i;
	TRY(read_head(im, o, keys, &x.id, &x.org));
	TRY(get_ref(im, o, "system", false, &im->f->system_ids, "system", &x.system));
	TRY(get_string(im, o, "title", true, IMPORT_MAX_TEXT, &x.title));
	TRY(get_string(im, o, "category", false, IMPORT_MAX_TEXT, &x.category));
	TRY(get_time(im, o, "occurred_at", true, &x.occurred));
	TRY(get_time(im, o, "detected_at", false, &x.detected));
	TRY(get_time(im, o, "reported_at", false, &x.reported));
	TRY(get_time(im, o, "resolved_at", false, &x.resolved));
	TRY(get_date(im, o, "summary_on", false, ZDATE_NONE, &x.summary_on));
	TRY(check_own_system(im, "system", x.system, x.org));
	json_t *g = json_object_get(o, "grade");
	if (g && !json_is_null(g)) {
		int grade;
		TRY(get_enum(im, o, "grade", grade_from_id, "grade", &grade));
		if (grade == GRADE_NONE)
			return fail(im, "grade", "write null for an incident not graded");
		x.grade = (int8_t)grade;
	}
	json_t *h = json_object_get(o, "outage_hours");
	if (h && !json_is_null(h)) {
		if (!json_is_number(h) || json_number_value(h) < 0 || json_number_value(h) > 1e6)
			return fail(im, "outage_hours", "must be a number of hours, 0 or more");
		x.outage_hours = json_number_value(h);
	}
	TRY(get_count(im, o, "personal_info_records", &x.personal_info_records));
	TRY(get_count(im, o, "people_affected", &x.people_affected));
	TRY(get_amount(im, o, "function_outage_hours", 1e6, "a number of hours", &x.function_outage_hours));
	TRY(get_amount(im, o, "economic_loss_yuan", 1e15, "an amount in yuan", &x.economic_loss_yuan));
	TRY(get_tri(im, o, "attacked", &x.attacked));
	TRY(get_tri(im, o, "handled_in_time", &x.handled_in_time));
	TRY(get_id(im, o, "classification", false, &x.classification));
	if (x.classification && !incident_class_known(x.classification, NULL))
		return fail(im, "classification", "unknown GB/T 20986-2023 category '%s' (known: %s)", x.classification,
			    incident_class_ids());
	TRY(get_follow_ups(im, o, &x));
	if (ztime_set(x.detected) && x.detected.t < x.occurred.t)
		return fail(im, "detected_at", "is before occurred_at");
	if (ztime_set(x.reported) && x.reported.t < (ztime_set(x.detected) ? x.detected : x.occurred).t)
		return fail(im, "reported_at", "is before the incident was detected");
	if (ztime_set(x.resolved) && x.resolved.t < x.occurred.t)
		return fail(im, "resolved_at", "is before occurred_at");
	PUT_RECORD(K_INCIDENT, incidents, incident_ids, facts_add_incident, x, i);
	drop_files(im->f->incident_reports.v, &im->f->incident_reports.n, i);
	TRY(read_evidence(im, o, "reports", i, facts_add_incident_report));
	return set_origin(im, K_INCIDENT, i, (int32_t)im->elem);
}

static int read_notice(struct importer *im, json_t *o)
{
	static const char *const keys[] = {"id", "org", "issuer", "document_no", "title", "systems", "received_on",
					   "rectified_on", "feedback_on", "rectify_by", "received_at", "issuer_org",
					   "feedback", "reports", NULL};
	int rc;
	struct notice n;
	zidx i;
	TRY(read_head(im, o, keys, &n.id, &n.org));
	TRY(get_string(im, o, "issuer", true, IMPORT_MAX_TEXT, &n.issuer));
	TRY(get_string(im, o, "document_no", false, IMPORT_MAX_TEXT, &n.document_no));
	TRY(get_string(im, o, "title", true, IMPORT_MAX_TEXT, &n.title));
	TRY(get_date(im, o, "received_on", true, ZDATE_NONE, &n.received_on));
	TRY(get_date(im, o, "rectified_on", false, ZDATE_NONE, &n.rectified_on));
	TRY(get_date(im, o, "feedback_on", false, ZDATE_NONE, &n.feedback_on));
	TRY(get_date(im, o, "rectify_by", false, ZDATE_NONE, &n.rectify_by));
	TRY(get_time(im, o, "received_at", false, &n.received_at));
	zidx issuer;
	TRY(get_ref(im, o, "issuer_org", false, &im->f->org_ids, "organization", &issuer));
	n.issuer_org = issuer >= 0 ? im->f->orgs.v[issuer].id : NULL;
	TRY(get_string(im, o, "feedback", false, IMPORT_MAX_TEXT, &n.feedback));
	/* A notice sent down comes from above: the issuer supervises the unit (is an ancestor). */
	if (issuer >= 0 && !org_is_below(im->f, n.org, issuer))
		return fail(im, "issuer_org", "'%s' does not supervise unit '%s'", n.issuer_org, im->f->orgs.v[n.org].id);
	if (n.feedback && n.feedback_on == ZDATE_NONE)
		return fail(im, "feedback_on", "missing: feedback needs the day it was given");
	if (n.rectify_by != ZDATE_NONE && n.rectify_by < n.received_on)
		return fail(im, "rectify_by", "is before received_on");
	if (ztime_set(n.received_at) && org_date(im->f, n.org, n.received_at) != n.received_on)
		return fail(im, "received_at", "is not on received_on in the unit's time zone");
	if (n.rectified_on != ZDATE_NONE && n.rectified_on < n.received_on)
		return fail(im, "rectified_on", "is before received_on");
	if (n.feedback_on != ZDATE_NONE && n.feedback_on < n.received_on)
		return fail(im, "feedback_on", "is before received_on");
	json_t *systems = json_object_get(o, "systems"), *sy;
	size_t j;
	if (systems && !json_is_null(systems) && !json_is_array(systems))
		return fail(im, "systems", "must be an array of system ids");
	json_array_foreach(systems, j, sy) {
		char field[32];
		zidx si = json_is_string(sy) ? hmap_get(&im->f->system_ids, json_string_value(sy)) : -1;
		snprintf(field, sizeof field, "systems[%zu]", j);
		if (si < 0)
			return fail(im, field, "unknown system '%s'", json_is_string(sy) ? json_string_value(sy) : "?");
		TRY(check_own_system(im, field, si, n.org));
	}
	TRY(check_unit(im, "org", n.org));
	TRY(check_new_id(im, K_NOTICE, &im->f->notice_ids, n.id, &i));
	TRY(check_unit_of_existing(im, K_NOTICE, n.id, i, i >= 0 ? im->f->notices.v[i].org : ZIDX_NONE));
	/* Likewise the supervisor that sent it down: absent, the stored one stays. */
	if (i >= 0 && !json_object_get(o, "issuer_org"))
		n.issuer_org = im->f->notices.v[i].issuer_org;
	if (i >= 0)
		im->f->notices.v[i] = n;
	else if ((i = facts_add_notice(im->f, &n)) < 0)
		return nomem(im);
	/* The file's list replaces the stored one. */
	size_t keep = 0;
	for (size_t k = 0; k < im->f->notice_systems.n; k++)
		if (im->f->notice_systems.v[k].notice != i)
			im->f->notice_systems.v[keep++] = im->f->notice_systems.v[k];
	im->f->notice_systems.n = keep;
	json_array_foreach(systems, j, sy) {
		struct notice_system ns = {i, hmap_get(&im->f->system_ids, json_string_value(sy))};
		if (facts_add_notice_system(im->f, &ns) < 0)
			return nomem(im);
	}
	drop_files(im->f->notice_reports.v, &im->f->notice_reports.n, i);
	TRY(read_evidence(im, o, "reports", i, facts_add_notice_report));
	return set_origin(im, K_NOTICE, i, (int32_t)im->elem);
}

static const char *const period_kinds[] = {"year", "half", "quarter", "month", "week"};

/* The files of list `key` of record o (evidence, reports): each {sha256, name, size}. */
static int read_evidence(struct importer *im, json_t *o, const char *key, zidx record,
			 zidx (*add)(struct facts *f, const struct evidence *ev))
{
	json_t *ev, *list = json_object_get(o, key);
	size_t j;
	if (!list || json_is_null(list))
		return 0;
	if (!json_is_array(list))
		return fail(im, key, "must be an array of {sha256, name, size}");
	json_array_foreach(list, j, ev) {
		char field[40];
		snprintf(field, sizeof field, "%s[%zu]", key, j);
		const char *sha = json_string_value(json_object_get(ev, "sha256"));
		const char *name = json_string_value(json_object_get(ev, "name"));
		json_t *size = json_object_get(ev, "size");
		bool hex = sha && strlen(sha) == 64;
		for (size_t k = 0; hex && k < 64; k++)
			hex = (sha[k] >= '0' && sha[k] <= '9') || (sha[k] >= 'a' && sha[k] <= 'f');
		if (!json_is_object(ev) || !hex || !name || !*name || strlen(name) > IMPORT_MAX_TEXT ||
		    !json_is_integer(size) || json_integer_value(size) < 0)
			return fail(im, field, "must be {\"sha256\": 64 lowercase hex digits, \"name\", \"size\": bytes}");
		struct evidence e = {record, facts_str(im->f, sha), facts_str(im->f, name), json_integer_value(size)};
		if (!e.sha256 || !e.name || add(im->f, &e) < 0)
			return nomem(im);
	}
	return 0;
}

static const char *record_key(struct importer *im, const struct obligation_record *r)
{
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "%s\x1f%s\x1f%s\x1f%s", im->f->orgs.v[r->org].id, r->obligation, r->period,
		r->dept >= 0 ? im->f->depts.v[r->dept].id : "");
	const char *key = sb.overflow ? NULL : facts_str(im->f, sb.buf);
	sb_release(&sb);
	return key;
}

static int read_record(struct importer *im, json_t *o)
{
	static const char *const keys[] = {"org", "obligation", "period", "department", "done_on", "by", "notes",
					   "evidence", NULL};
	int rc;
	struct obligation_record r;
	TRY(check_keys(im, o, keys));
	TRY(get_ref(im, o, "org", true, &im->f->org_ids, "organization", &r.org));
	TRY(get_id(im, o, "obligation", true, &r.obligation));
	TRY(get_id(im, o, "period", true, &r.period));
	TRY(get_ref(im, o, "department", false, &im->f->dept_ids, "department", &r.dept));
	TRY(get_date(im, o, "done_on", true, ZDATE_NONE, &r.done_on));
	TRY(get_ref(im, o, "by", false, &im->f->person_ids, "person", &r.by));
	TRY(get_string(im, o, "notes", false, IMPORT_MAX_TEXT, &r.notes));
	TRY(check_unit(im, "org", r.org));
	const struct org *org = &im->f->orgs.v[r.org];
	/* A duty a unit's own version added takes records too: its versions are read (in this
	 * transaction) only once a record needs them, so other writes pay nothing for them. A
	 * rebuild of the records as they stood (core/history.c) reads no store: the shipped
	 * profiles' duties only. */
	if (!im->units && (im->store ? unit_policies_load(im->store, im->policies, im->only_org, &im->units, im->e)
				     : policies_over(im->policies, &im->units, im->e)))
		return im->e->code;
	const struct obligation_def *def = policies_unit_obligation(im->units, org->id, org->policy, r.obligation);
	if (!def)
		return fail(im, "obligation", "policy '%s' of unit '%s' has no obligation '%s'", org->policy, org->id,
			    r.obligation);
	enum recur_period kind;
	if (!recur_period_parse(r.period, &kind, NULL, NULL) || kind != def->rule.period)
		return fail(im, "period", "'%s' is not a %s period label (e.g. %s)", r.period,
			    period_kinds[def->rule.period], def->rule.period == RECUR_YEAR ? "2026" :
			    def->rule.period == RECUR_HALF ? "2026-H1" : def->rule.period == RECUR_QUARTER ? "2026-Q3" :
			    def->rule.period == RECUR_MONTH ? "2026-05" : "2026-W07");
	TRY(check_own_dept(im, "department", r.dept, r.org));
	if ((def->owner_kind == OWNER_EACH_DEPARTMENT) != (r.dept >= 0))
		return fail(im, "department", def->owner_kind == OWNER_EACH_DEPARTMENT ?
			    "obligation '%s' is owed by every department: name the department" :
			    "obligation '%s' is owed by the unit, not a department", r.obligation);
	TRY(check_own_person(im, "by", r.by, r.org));
	/* (unit, obligation, period, department) identifies a record: replace a stored one. */
	if (!im->record_keys_built) {
		for (size_t k = 0; k < im->f->records.n; k++) {
			const char *key = record_key(im, &im->f->records.v[k]);
			if (!key || hmap_put(&im->record_keys, key, (zidx)k))
				return nomem(im);
		}
		im->record_keys_built = true;
	}
	const char *key = record_key(im, &r);
	if (!key)
		return nomem(im);
	zidx i = hmap_get(&im->record_keys, key);
	if (i >= 0 && from_file(im, K_RECORD, i))
		return fail(im, NULL, "the same obligation, period and department is recorded twice");
	if (i >= 0) {
		im->f->records.v[i] = r;
		drop_files(im->f->evidence.v, &im->f->evidence.n, i);
	} else if ((i = facts_add_record(im->f, &r)) < 0 || hmap_put(&im->record_keys, key, i)) {
		return nomem(im);
	}
	TRY(read_evidence(im, o, "evidence", i, facts_add_evidence));
	return set_origin(im, K_RECORD, i, (int32_t)im->elem);
}

_Static_assert(INSPECTION_ID_MAX >= IMPORT_MAX_ID, "an inspection's id fits facts_inspection_of's buffer");

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Is in, with its n items, inspection i as the store holds it (i >= 0)? */
static bool inspection_as_stored(const struct importer *im, zidx i, const struct inspection *in,
				 const struct inspection_item *items, size_t n)
{
	const struct facts *f = im->f;
	if (i < 0)
		return false;
	const struct inspection *was = &f->inspections.v[i];
	if (was->org != in->org || was->inspector_org != in->inspector_org || was->on != in->on ||
	    !same_text(was->scope, in->scope) || !same_text(was->inspectors, in->inspectors))
		return false;
	size_t j = 0;
	for (size_t k = 0; k < f->inspection_items.n; k++) {
		const struct inspection_item *it = &f->inspection_items.v[k];
		if (it->inspection != i)
			continue;
		if (j >= n || it->dept != items[j].dept || it->due_on != items[j].due_on ||
		    !same_text(it->title, items[j].title) || !same_text(it->basis, items[j].basis))
			return false;
		j++;
	}
	return j == n;
}

/* 检查 (issue 15): a supervising unit's inspection of a unit below it, with the items found (the
 * file's list replaces the stored one). Each item is followed up as a rectification of the unit
 * (check_inspection_item), which the file gives in "rectifications". */
static int read_inspection(struct importer *im, json_t *o)
{
	static const char *const keys[] = {"id", "org", "inspector_org", "on", "scope", "inspectors", "items", NULL};
	static const char *const item_keys[] = {"title", "basis", "department", "due_on", NULL};
	int rc;
	struct inspection in;
	zidx i;
	TRY(check_keys(im, o, keys));
	TRY(get_id(im, o, "id", true, &in.id));
	if (strchr(in.id, '#'))
		return fail(im, "id", "must not contain '#'");
	TRY(get_ref(im, o, "org", true, &im->f->org_ids, "organization", &in.org));
	TRY(get_ref(im, o, "inspector_org", true, &im->f->org_ids, "organization", &in.inspector_org));
	TRY(get_date(im, o, "on", true, ZDATE_NONE, &in.on));
	TRY(get_string(im, o, "scope", true, IMPORT_MAX_TEXT, &in.scope));
	TRY(get_string(im, o, "inspectors", false, IMPORT_MAX_TEXT, &in.inspectors));
	TRY(check_unit(im, "org", in.org));
	if (!org_is_below(im->f, in.org, in.inspector_org))
		return fail(im, "inspector_org", "'%s' is not above '%s'", im->f->orgs.v[in.inspector_org].id,
			    im->f->orgs.v[in.org].id);
	json_t *items = json_object_get(o, "items"), *x;
	struct inspection_item found[INSPECTION_ITEMS_MAX];
	size_t j, n = json_array_size(items);
	if (!json_is_array(items) || n == 0 || n > INSPECTION_ITEMS_MAX)
		return fail(im, "items", "must be an array of 1 to %d items", INSPECTION_ITEMS_MAX);
	json_array_foreach(items, j, x) {
		char field[48];
		struct inspection_item *it = &found[j];
		snprintf(field, sizeof field, "items[%zu]", j);
		if (!json_is_object(x))
			return fail(im, field, "must be an object {title, basis, department, due_on}");
		TRY(check_keys(im, x, item_keys));
		TRY(get_string(im, x, "title", true, IMPORT_MAX_TEXT, &it->title));
		TRY(get_string(im, x, "basis", false, IMPORT_MAX_TEXT, &it->basis));
		TRY(get_ref(im, x, "department", true, &im->f->dept_ids, "department", &it->dept));
		TRY(get_date(im, x, "due_on", false, ZDATE_NONE, &it->due_on));
		if (im->f->depts.v[it->dept].org != in.org)
			return fail(im, field, "department '%s' belongs to another organization", im->f->depts.v[it->dept].id);
		if (it->due_on != ZDATE_NONE && it->due_on < in.on)
			return fail(im, field, "due_on must not be before the inspection");
	}
	TRY(check_new_id(im, K_INSPECTION, &im->f->inspection_ids, in.id, &i));
	TRY(check_unit_of_existing(im, K_INSPECTION, in.id, i, i >= 0 ? im->f->inspections.v[i].org : ZIDX_NONE));
	/* The supervising unit records an inspection; a unit's own document may only carry its
	 * inspections as stored (its export, imported again). */
	if (im->only_org && !inspection_as_stored(im, i, &in, found, n))
		return failr(im, "id", "forbidden", "an inspection is recorded by the supervising unit, not changed by the unit inspected");
	if (i >= 0)
		im->f->inspections.v[i] = in;
	else if ((i = facts_add_inspection(im->f, &in)) < 0)
		return nomem(im);
	size_t keep = 0;
	for (size_t k = 0; k < im->f->inspection_items.n; k++)
		if (im->f->inspection_items.v[k].inspection != i)
			im->f->inspection_items.v[keep++] = im->f->inspection_items.v[k];
	im->f->inspection_items.n = keep;
	for (j = 0; j < n; j++) {
		found[j].inspection = i;
		if (facts_add_inspection_item(im->f, &found[j]) < 0)
			return nomem(im);
	}
	return set_origin(im, K_INSPECTION, i, (int32_t)im->elem);
}

/* A rectification of rule "inspection" follows up item n of an inspection of its unit: its
 * subject is "<inspection>#<n>". */
static int check_inspection_item(struct importer *im, const struct rectification *r)
{
	long n;
	zidx in = facts_inspection_of(im->f, r->subject, &n);
	if (!n)
		return fail(im, "subject", "an inspection's item is named '<inspection>#<n>'");
	if (in < 0 || im->f->inspections.v[in].org != r->org)
		return failr(im, "subject", "unknown_ref", "unit '%s' has no inspection '%.*s'", im->f->orgs.v[r->org].id,
			     (int)(strrchr(r->subject, '#') - r->subject), r->subject);
	size_t items = 0;
	for (size_t k = 0; k < im->f->inspection_items.n; k++)
		items += im->f->inspection_items.v[k].inspection == in;
	if ((size_t)n > items)
		return fail(im, "subject", "inspection '%s' has %zu items", im->f->inspections.v[in].id, items);
	return 0;
}

/* 整改 (issue 22): a finding followed up, named by its rule (of the unit's policy on the day it
 * was assigned) and subject; assigned to a department and a person of the unit, rectified with
 * notes and evidence (the file's list replaces the stored one), closed by the office. */
static int read_rectification(struct importer *im, json_t *o)
{
	static const char *const keys[] = {"id", "org", "rule", "subject", "title", "department", "person",
					   "assigned_on", "due_on", "rectified_on", "rectification", "evidence",
					   "closed_on", "notes", NULL};
	int rc;
	struct rectification r;
	zidx i;
	TRY(read_head(im, o, keys, &r.id, &r.org));
	TRY(get_id(im, o, "rule", true, &r.rule));
	TRY(get_string(im, o, "subject", true, IMPORT_MAX_TEXT, &r.subject));
	TRY(get_string(im, o, "title", true, IMPORT_MAX_TEXT, &r.title));
	TRY(get_ref(im, o, "department", false, &im->f->dept_ids, "department", &r.dept));
	TRY(get_ref(im, o, "person", false, &im->f->person_ids, "person", &r.person));
	TRY(get_date(im, o, "assigned_on", true, ZDATE_NONE, &r.assigned_on));
	TRY(get_date(im, o, "due_on", false, ZDATE_NONE, &r.due_on));
	TRY(get_date(im, o, "rectified_on", false, ZDATE_NONE, &r.rectified_on));
	TRY(get_string(im, o, "rectification", false, IMPORT_MAX_TEXT, &r.rectification));
	TRY(get_date(im, o, "closed_on", false, ZDATE_NONE, &r.closed_on));
	TRY(get_string(im, o, "notes", false, IMPORT_MAX_TEXT, &r.notes));
	TRY(check_unit(im, "org", r.org));
	if (r.dept < 0 && r.person < 0)
		return failr(im, "department", "missing", "a rectification is assigned to a department, a person or both");
	TRY(check_own_dept(im, "department", r.dept, r.org));
	TRY(check_own_person(im, "person", r.person, r.org));
	if (r.due_on != ZDATE_NONE && r.due_on < r.assigned_on)
		return fail(im, "due_on", "must not be before assigned_on");
	if (r.rectified_on != ZDATE_NONE && r.rectified_on < r.assigned_on)
		return fail(im, "rectified_on", "must not be before assigned_on");
	if (r.closed_on != ZDATE_NONE && (r.rectified_on == ZDATE_NONE || r.closed_on < r.rectified_on))
		return fail(im, "closed_on", "a rectification is closed on or after rectified_on");
	const struct org *org = &im->f->orgs.v[r.org];
	char day[ZDATE_BUFSZ];
	if (!im->units && (im->store ? unit_policies_load(im->store, im->policies, im->only_org, &im->units, im->e)
				     : policies_over(im->policies, &im->units, im->e)))
		return im->e->code;
	const struct policy *p = policies_for_unit(im->units, org->id, org->policy, r.assigned_on, NULL);
	if (!strcmp(r.rule, RECT_RULE_INSPECTION))
		TRY(check_inspection_item(im, &r));
	else if (!p || !policy_rule(p, r.rule))
		return failr(im, "rule", "unknown_ref", "the policy of unit '%s' on %s has no rule '%s'", org->id,
			     date_format(r.assigned_on, day), r.rule);
	TRY(check_new_id(im, K_RECT, &im->f->rectification_ids, r.id, &i));
	TRY(check_unit_of_existing(im, K_RECT, r.id, i, i >= 0 ? im->f->rectifications.v[i].org : ZIDX_NONE));
	if (i >= 0) {
		im->f->rectifications.v[i] = r;
		drop_files(im->f->rect_evidence.v, &im->f->rect_evidence.n, i);
	} else if ((i = facts_add_rectification(im->f, &r)) < 0) {
		return nomem(im);
	}
	TRY(read_evidence(im, o, "evidence", i, facts_add_rect_evidence));
	return set_origin(im, K_RECT, i, (int32_t)im->elem);
}

/* ---- deferred references ----------------------------------------------------------------- */

static int resolve_parents(struct importer *im)
{
	struct facts *f = im->f;
	for (size_t k = 0; k < im->org_parents.n; k++) {
		const struct pending_ref *r = &im->org_parents.v[k];
		zidx p = hmap_get(&f->org_ids, r->id);
		if (p < 0 || p == r->from)
			return fail_record(im, K_ORG, r->from, "parent", p < 0 ? "unknown organization '%s'"
										: "'%s' cannot be its own parent", r->id);
		f->orgs.v[r->from].parent = p;
	}
	for (size_t k = 0; k < im->dept_parents.n; k++) {
		const struct pending_ref *r = &im->dept_parents.v[k];
		zidx p = hmap_get(&f->dept_ids, r->id);
		if (p < 0 || p == r->from)
			return fail_record(im, K_DEPT, r->from, "parent", p < 0 ? "unknown department '%s'"
										  : "'%s' cannot be its own parent", r->id);
		if (f->depts.v[p].org != f->depts.v[r->from].org)
			return fail_record(im, K_DEPT, r->from, "parent", "department '%s' belongs to another organization", r->id);
		f->depts.v[r->from].parent = p;
	}
	for (size_t k = 0; k < im->version_parents.n; k++) {
		const struct pending_ref *r = &im->version_parents.v[k];
		struct dept_version *v = &f->dept_versions.v[r->from];
		zidx p = hmap_get(&f->dept_ids, r->id);
		if (p < 0 || p == v->dept || f->depts.v[p].org != f->depts.v[v->dept].org)
			return fail_record(im, K_DEPT, v->dept, "history", "parent '%s' must be another department of the unit",
					   r->id);
		v->parent = p;
	}
	/* No cycles: walking up from any node must end within n steps. */
	for (size_t i = 0; i < f->orgs.n; i++) {
		zidx p = (zidx)i;
		for (size_t steps = 0; p >= 0; steps++, p = f->orgs.v[p].parent)
			if (steps > f->orgs.n)
				return fail_record(im, K_ORG, (zidx)i, "parent", "the parents form a cycle");
	}
	for (size_t i = 0; i < f->depts.n; i++) {
		zidx p = (zidx)i;
		for (size_t steps = 0; p >= 0; steps++, p = f->depts.v[p].parent)
			if (steps > f->depts.n)
				return fail_record(im, K_DEPT, (zidx)i, "parent", "the parents form a cycle");
	}
	return 0;
}

static int resolve_leads(struct importer *im)
{
	struct facts *f = im->f;
	for (size_t k = 0; k < im->leads.n; k++) {
		const struct pending_ref *r = &im->leads.v[k];
		zidx led = hmap_get(&f->body_ids, r->id);
		if (led < 0)
			return fail_record(im, K_BODY, r->from, "leads", "unknown body '%s'", r->id);
		if (led == r->from || f->bodies.v[led].org != f->bodies.v[r->from].org)
			return fail_record(im, K_BODY, r->from, "leads", "body '%s' must be another body of the same unit", r->id);
		bool known = false;
		for (size_t j = 0; j < f->leads.n && !known; j++)
			known = f->leads.v[j].body == r->from && f->leads.v[j].led == led;
		if (!known && facts_add_lead(f, &(struct body_lead){r->from, led}) < 0)
			return nomem(im);
	}
	return 0;
}

/* ---- whole-model checks after merging ------------------------------------------------------ */

/* qsort's comparator has no context argument: the facts it sorts by, one per thread (imports
 * run in the server's threads and its scheduler at once). */
static _Thread_local const struct facts *overlap_facts;

static int cmp_appt_scope(const void *x, const void *y)
{
	const struct appt *a = &overlap_facts->appts.v[*(const zidx *)x];
	const struct appt *b = &overlap_facts->appts.v[*(const zidx *)y];
	int32_t ka[8] = {a->person, a->post, a->body, a->seat, a->org, a->dept, a->system, a->from};
	int32_t kb[8] = {b->person, b->post, b->body, b->seat, b->org, b->dept, b->system, b->from};
	for (int i = 0; i < 8; i++)
		if (ka[i] != kb[i])
			return ka[i] < kb[i] ? -1 : 1;
	return 0;
}

/* Appointment ai ends after what holds it (record `owner` of kind `kind`, field `field`) ended:
 * the message blames whichever of the two the file brings. */
__attribute__((format(printf, 6, 7))) static int end_after(struct importer *im, zidx ai, int kind, zidx owner,
							     const char *field, const char *fmt, ...)
{
	char why[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	const struct appt *a = &im->f->appts.v[ai];
	char from[ZDATE_BUFSZ];
	if (from_file(im, K_APPT, ai) || !from_file(im, kind, owner))
		return fail_record(im, K_APPT, ai, "to", "%s: the appointment must end by then", why);
	return fail_record(im, kind, owner, field, "%s, but %s's appointment as %s from %s runs on: end it by then", why,
			   im->f->people.v[a->person].id, a->body >= 0 ? seat_id(a->seat) : post_id(a->post),
			   date_format(a->from, from));
}

static int validate(struct importer *im)
{
	struct facts *f = im->f;
	for (size_t i = 0; i < f->people.n; i++) {
		const struct person *p = &f->people.v[i];
		if (p->dept >= 0 && f->depts.v[p->dept].org != p->org)
			return fail_record(im, K_PERSON, (zidx)i, "department", "department '%s' belongs to another organization", f->depts.v[p->dept].id);
	}
	for (size_t i = 0; i < f->appts.n; i++) {
		const struct appt *a = &f->appts.v[i];
		const char *why = NULL;
		if (f->people.v[a->person].org != a->org)
			why = "the person belongs to another organization";
		else if (a->dept >= 0 && f->depts.v[a->dept].org != a->org)
			why = "the department belongs to another organization";
		else if (a->system >= 0 && f->systems.v[a->system].org != a->org)
			why = "the system belongs to another organization";
		if (why)
			return fail_record(im, K_APPT, (zidx)i, NULL, "%s", why);
	}
	for (size_t i = 0; i < f->agreements.n; i++) {
		const struct agreement *a = &f->agreements.v[i];
		if (a->person >= 0 && f->people.v[a->person].org != a->org)
			return fail_record(im, K_AGREEMENT, (zidx)i, "person", "person '%s' belongs to another organization", f->people.v[a->person].id);
	}
	for (size_t i = 0; i < f->handovers.n; i++) {
		const struct handover *h = &f->handovers.v[i];
		if (f->people.v[h->person].org != h->org)
			return fail_record(im, K_HANDOVER, (zidx)i, "person", "person '%s' belongs to another organization", f->people.v[h->person].id);
		if (h->successor >= 0 && f->people.v[h->successor].org != h->org)
			return fail_record(im, K_HANDOVER, (zidx)i, "successor", "person '%s' belongs to another organization", f->people.v[h->successor].id);
	}
	for (size_t i = 0; i < f->vulnerabilities.n; i++) {
		const struct vulnerability *v = &f->vulnerabilities.v[i];
		if (f->systems.v[v->system].org != v->org)
			return fail_record(im, K_VULNERABILITY, (zidx)i, "system", "system '%s' belongs to another organization", f->systems.v[v->system].id);
	}
	/* An appointment ends by the time what it is held in does: the person leaves the unit, the
	 * body, department or system it is scoped to is dissolved or retired; and it starts no
	 * earlier than the person joined. */
	for (size_t i = 0; i < f->appts.n; i++) {
		const struct appt *a = &f->appts.v[i];
		struct span person = facts_span(f, SPAN_PERSON, a->person);
		int kind = a->body >= 0 ? SPAN_BODY : a->dept >= 0 ? SPAN_DEPT : a->system >= 0 ? SPAN_SYSTEM : -1;
		zidx holder = a->body >= 0 ? a->body : a->dept >= 0 ? a->dept : a->system;
		struct span scope = kind >= 0 ? facts_span(f, kind, holder) : SPAN_ALWAYS;
		char d1[ZDATE_BUFSZ];
		if (a->to > person.to)
			return end_after(im, (zidx)i, K_PERSON, a->person, "left", "person '%s' left the unit on %s",
					 f->people.v[a->person].id, date_format(person.to, d1));
		if (a->to > scope.to) {
			static const int kinds[] = {[SPAN_BODY] = K_BODY, [SPAN_DEPT] = K_DEPT, [SPAN_SYSTEM] = K_SYSTEM};
			const char *id = kind == SPAN_BODY ? f->bodies.v[holder].id : kind == SPAN_DEPT ? f->depts.v[holder].id
												 : f->systems.v[holder].id;
			return end_after(im, (zidx)i, kinds[kind], holder, kind == SPAN_SYSTEM ? "retired" : "dissolved",
					 kind == SPAN_BODY ? "body '%s' was dissolved on %s" : kind == SPAN_DEPT ?
					 "department '%s' was dissolved on %s" : "system '%s' was retired on %s",
					 id, date_format(scope.to, d1));
		}
		if (a->from < person.from)
			return fail_record(im, K_APPT, (zidx)i, "from", "is before the person joined the unit (%s)",
					   date_format(person.from, d1));
	}
	/* Overlap: the same person in the same post (or seat) and scope twice at once. Only an
	 * appointment the file brings can overlap: the stored ones were checked when written (a
	 * write of a person's name sorted every appointment of the unit for nothing). */
	bool brought = false;
	for (size_t i = 0; i < f->appts.n && !brought; i++)
		brought = from_file(im, K_APPT, (zidx)i);
	if (!brought)
		return 0;
	zidx *order = malloc((f->appts.n ? f->appts.n : 1) * sizeof *order);
	if (!order)
		return nomem(im);
	for (size_t i = 0; i < f->appts.n; i++)
		order[i] = (zidx)i;
	overlap_facts = f;
	qsort(order, f->appts.n, sizeof *order, cmp_appt_scope);
	overlap_facts = NULL;
	int rc = 0;
	for (size_t k = 1; k < f->appts.n && !rc; k++) {
		const struct appt *a = &f->appts.v[order[k - 1]], *b = &f->appts.v[order[k]];
		if (a->person != b->person || a->post != b->post || a->body != b->body || a->seat != b->seat ||
		    a->org != b->org || a->dept != b->dept || a->system != b->system || b->from >= a->to)
			continue;
		zidx later = from_file(im, K_APPT, order[k]) ? order[k] : order[k - 1];
		zidx other = later == order[k] ? order[k - 1] : order[k];
		char path[128] = "a stored appointment";
		if (from_file(im, K_APPT, other))
			record_path(im, K_APPT, (size_t)im->origin[K_APPT][other].elem, 0, path, sizeof path);
		rc = fail_record(im, K_APPT, later, NULL, "overlaps %s of the same person, %s and scope",
				 path, a->body >= 0 ? "seat" : "post");
	}
	free(order);
	return rc;
}

/* ---- writing ------------------------------------------------------------------------------- */

/* Records with each incident the chain of people responsible on the day it occurred, as the
 * appointments stand now (the store keeps the first one recorded). */
static int snapshot_chains(struct importer *im, struct store *s)
{
	struct facts *f = im->f;
	struct responsible chain[CHAIN_MAX];
	int rc = 0;
	for (size_t i = 0; i < f->incidents.n && !rc; i++) {
		if (!from_file(im, K_INCIDENT, (zidx)i))
			continue;
		size_t n = accountability_chain(f, (zidx)i, chain, CHAIN_MAX);
		json_t *j = accountability_chain_json(f, chain, n);
		char *text = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		rc = text ? store_set_incident_snapshot(s, f->incidents.v[i].id, text, im->e) : nomem(im);
		free(text);
		json_decref(j);
	}
	return rc;
}

/* The names of the kinds in the history of facts (core/history.h). */
static const char *const history_kinds[K_COUNT] = {
	"org", "department", "person", "body", "appointment", "system", "agreement", "incident", "notice",
	"obligation_record", "handover", "vulnerability", "emergency_plan", "log_source", "training", "project", "rectification",
	"inspection",
};

/* Keeps each record of the file, as now stored, in the history of facts (transaction time),
 * stamped `at`. */
static int write_versions(struct importer *im, struct store *s, const char *at)
{
	struct facts *f = im->f;
	struct strbuf key = STRBUF_INIT;
	size_t n[K_COUNT] = {f->orgs.n,	  f->depts.n,	   f->people.n,	   f->bodies.n,		  f->appts.n,
			     f->systems.n,	  f->agreements.n, f->incidents.n, f->notices.n,	  f->records.n,
			     f->handovers.n, f->vulnerabilities.n, f->plans.n, f->log_sources.n, f->trainings.n,
			     f->projects.n, f->rectifications.n, f->inspections.n};
	int rc = 0;
	for (int k = 0; k < K_COUNT && !rc; k++) {
		for (size_t i = 0; i < n[k] && !rc; i++) {
			if (i >= im->norigin[k] || !from_file(im, k, (zidx)i))
				continue;
			json_t *j = NULL;
			const char *id = NULL;
			zidx org = ZIDX_NONE;
			switch (k) {
			case K_ORG:
				j = org_json(f, (zidx)i);
				json_object_del(j, "departments"); /* each is a record of its own */
				id = f->orgs.v[i].id, org = (zidx)i;
				break;
			case K_DEPT: j = dept_json(f, (zidx)i), id = f->depts.v[i].id, org = f->depts.v[i].org; break;
			case K_PERSON: j = person_json(f, (zidx)i), id = f->people.v[i].id, org = f->people.v[i].org; break;
			case K_BODY: j = body_json(f, (zidx)i), id = f->bodies.v[i].id, org = f->bodies.v[i].org; break;
			case K_APPT:
				j = appt_json(f, (zidx)i), org = f->appts.v[i].org;
				appt_natural_key(f, &f->appts.v[i], &key);
				id = key.buf;
				break;
			case K_SYSTEM: j = system_json(f, (zidx)i), id = f->systems.v[i].id, org = f->systems.v[i].org; break;
			case K_AGREEMENT: j = agreement_json(f, (zidx)i), id = f->agreements.v[i].id, org = f->agreements.v[i].org; break;
			case K_INCIDENT: j = incident_json(f, (zidx)i), id = f->incidents.v[i].id, org = f->incidents.v[i].org; break;
			case K_NOTICE: j = notice_json(f, (zidx)i), id = f->notices.v[i].id, org = f->notices.v[i].org; break;
			case K_RECORD:
				j = record_json(f, (zidx)i), org = f->records.v[i].org;
				record_natural_key(f, &f->records.v[i], &key);
				id = key.buf;
				break;
			case K_HANDOVER: j = handover_json(f, (zidx)i), id = f->handovers.v[i].id, org = f->handovers.v[i].org; break;
			case K_VULNERABILITY:
				j = vulnerability_json(f, (zidx)i), id = f->vulnerabilities.v[i].id, org = f->vulnerabilities.v[i].org;
				break;
			case K_PLAN: j = plan_json(f, (zidx)i), id = f->plans.v[i].id, org = f->plans.v[i].org; break;
			case K_LOG_SOURCE:
				j = log_source_json(f, (zidx)i), id = f->log_sources.v[i].id, org = f->log_sources.v[i].org;
				break;
			case K_TRAINING: j = training_json(f, (zidx)i), id = f->trainings.v[i].id, org = f->trainings.v[i].org; break;
			case K_PROJECT: j = project_json(f, (zidx)i), id = f->projects.v[i].id, org = f->projects.v[i].org; break;
			case K_RECT:
				j = rectification_json(f, (zidx)i), id = f->rectifications.v[i].id, org = f->rectifications.v[i].org;
				break;
			case K_INSPECTION:
				j = inspection_json(f, (zidx)i), id = f->inspections.v[i].id, org = f->inspections.v[i].org;
				break;
			}
			char *text = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
			/* a record the store did not hold has no version to compare with */
			bool fresh = i >= im->stored[k];
			rc = text && !key.overflow ? store_history_put(s, f->orgs.v[org].id, history_kinds[k], id, at, text, fresh, im->e)
						   : nomem(im);
			free(text);
			json_decref(j);
		}
	}
	sb_release(&key);
	return rc;
}

/* Section "dictionary": every entry valid, of a unit of the file or the store (the one unit of
 * only_org when set). */
static int check_dictionary(struct importer *im)
{
	json_t *o;
	size_t i;
	if (!im->dictionary)
		return 0;
	if (!json_is_array(im->dictionary))
		return zerr_set(im->e, ZE_INVALID, "%s: $.dictionary: expected an array", im->source);
	json_array_foreach(im->dictionary, i, o) {
		const char *org = NULL;
		struct dict_entry_in in;
		struct zerr why = {0};
		int rc = dict_entry_from_json(o, &org, &in, &why);
		if (!rc && (hmap_get(&im->f->org_ids, org) < 0 || (im->only_org && strcmp(org, im->only_org))))
			rc = zerr_set(&why, ZE_INVALID, "$.org: unknown organization '%s'", org);
		if (rc)
			return zerr_set(im->e, rc, "%s: $.dictionary[%zu]%s", im->source, i, why.msg + 1);
	}
	return 0;
}

static int write_dictionary(struct importer *im, struct store *s)
{
	json_t *o;
	size_t i;
	int rc = 0;
	json_array_foreach(im->dictionary, i, o) {
		const char *org;
		struct dict_entry_in in;
		if ((rc = dict_entry_from_json(o, &org, &in, im->e)) || (rc = dict_put_in(s, org, &in, im->e)))
			break;
	}
	return rc;
}

static int write_all(struct importer *im, struct store *s, const struct import_opts *opts, struct import_stats *st)
{
	struct import_stats local;
	if (!st) {
		memset(&local, 0, sizeof local);
		st = &local;
	}
	struct facts *f = im->f;
	int rc;
	/* The store and the snapshots find a unit's records through the index. */
	if (facts_index(f))
		return nomem(im);
#define WRITE(kind, n, put, counter)                                      \
	for (size_t i = 0; i < (n); i++) {                               \
		if (i >= im->norigin[kind] || !from_file(im, kind, (zidx)i)) \
			continue;                                         \
		if ((rc = put(s, f, (zidx)i, im->e)))                     \
			goto fail;                                        \
		st->counter++;                                            \
	}
	WRITE(K_ORG, f->orgs.n, store_put_org, orgs)
	WRITE(K_DEPT, f->depts.n, store_put_dept, depts)
	WRITE(K_PERSON, f->people.n, store_put_person, people)
	WRITE(K_BODY, f->bodies.n, store_put_body, bodies)
	WRITE(K_PROJECT, f->projects.n, store_put_project, projects) /* before the systems they built */
	WRITE(K_SYSTEM, f->systems.n, store_put_system, systems)
	WRITE(K_APPT, f->appts.n, store_put_appt, appts)
	WRITE(K_AGREEMENT, f->agreements.n, store_put_agreement, agreements)
	WRITE(K_INCIDENT, f->incidents.n, store_put_incident, incidents)
	WRITE(K_NOTICE, f->notices.n, store_put_notice, notices)
	WRITE(K_RECORD, f->records.n, store_put_record, records)
	WRITE(K_HANDOVER, f->handovers.n, store_put_handover, handovers)
	WRITE(K_VULNERABILITY, f->vulnerabilities.n, store_put_vulnerability, vulnerabilities)
	WRITE(K_PLAN, f->plans.n, store_put_plan, plans)
	WRITE(K_LOG_SOURCE, f->log_sources.n, store_put_log_source, log_sources)
	WRITE(K_TRAINING, f->trainings.n, store_put_training, trainings)
	WRITE(K_RECT, f->rectifications.n, store_put_rectification, rectifications)
	WRITE(K_INSPECTION, f->inspections.n, store_put_inspection, inspections)
#undef WRITE
	for (size_t i = 0; i < f->leads.n; i++)
		if ((rc = store_put_lead(s, f, (zidx)i, im->e)))
			goto fail;
	if ((rc = snapshot_chains(im, s)))
		goto fail;
	char at[HISTORY_AT_BUFSZ];
	if ((rc = write_versions(im, s, history_at(clock_now(), at))))
		goto fail;
	if (im->dictionary && (rc = write_dictionary(im, s)))
		goto fail;
	st->undated = im->undated;
	st->earliest = im->earliest;
	if (opts->before_commit && (rc = opts->before_commit(opts->commit_ctx, s, st, im->e)))
		goto fail;
	if ((rc = store_commit(s, im->e)))
		goto fail;
	return 0;
fail:
	zerr_prefix(im->e, "%s: nothing was imported", im->source);
	return rc; /* the caller rolls back */
}

/* ---- the top level ------------------------------------------------------------------------- */

static size_t skip_ws(const char *t, size_t len, size_t pos)
{
	while (pos < len && (t[pos] == ' ' || t[pos] == '\t' || t[pos] == '\n' || t[pos] == '\r'))
		pos++;
	return pos;
}

/* Finds the end of the JSON value at pos without building it (strings, nesting); jansson
 * parses each record later and reports any syntax error precisely. Returns 0 on a structure
 * that cannot be a value. */
static size_t skip_value(const char *t, size_t len, size_t pos)
{
	size_t depth = 0;
	if (pos >= len)
		return 0;
	if (t[pos] != '[' && t[pos] != '{' && t[pos] != '"') {
		while (pos < len && !strchr(",}] \t\r\n", t[pos]))
			pos++;
		return pos;
	}
	for (; pos < len; pos++) {
		char c = t[pos];
		if (c == '"') {
			for (pos++; pos < len && t[pos] != '"'; pos++)
				if (t[pos] == '\\')
					pos++;
			if (pos >= len)
				return 0;
			if (depth == 0)
				return pos + 1;
		} else if (c == '[' || c == '{') {
			depth++;
		} else if (c == ']' || c == '}') {
			if (depth == 0)
				return 0;
			if (--depth == 0)
				return pos + 1;
		}
	}
	return 0;
}

static int syntax_error(struct importer *im, size_t pos, const char *what)
{
	return zerr_set(im->e, ZE_INVALID, "%s:%zu: %s", im->source, line_of(im, pos), what);
}

/* Where an array of records is: a span of the document's text, or (records handed over
 * parsed) a JSON array. */
struct text_span {
	size_t off, end;
	bool present;
	json_t *parsed;
};

typedef int (*record_reader)(struct importer *, json_t *);

static int read_array(struct importer *im, int kind, const struct text_span *sp, record_reader read)
{
	if (!sp->present)
		return 0;
	if (sp->parsed) {
		size_t elem;
		json_t *o;
		json_array_foreach(sp->parsed, elem, o) {
			im->kind = kind;
			im->elem = elem;
			im->off = im->end = 0;
			int rc = json_is_object(o) ? read(im, o) : fail(im, NULL, "must be an object");
			if (rc)
				return rc;
		}
		return 0;
	}
	size_t pos = skip_ws(im->text, sp->end, sp->off);
	json_error_t jerr;
	if (pos >= sp->end || im->text[pos] != '[')
		return syntax_error(im, pos, "expected an array");
	pos = skip_ws(im->text, sp->end, pos + 1);
	for (size_t elem = 0; pos < sp->end && im->text[pos] != ']'; elem++) {
		im->kind = kind;
		im->elem = elem;
		im->off = pos;
		im->end = pos;
		size_t room = sp->end - pos;
		json_t *o = json_loadb(im->text + pos, room < IMPORT_MAX_ELEMENT ? room : IMPORT_MAX_ELEMENT,
				       JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &jerr);
		if (!o) {
			char path[128];
			record_path(im, kind, elem, 0, path, sizeof path);
			return zerr_set(im->e, ZE_INVALID, "%s:%zu: %s: %s", im->source,
					line_of(im, pos + (size_t)(jerr.position > 0 ? jerr.position : 0)), path, jerr.text);
		}
		im->end = pos + (size_t)jerr.position;
		int rc = json_is_object(o) ? read(im, o) : fail(im, NULL, "must be an object");
		json_decref(o);
		if (rc)
			return rc;
		pos = skip_ws(im->text, sp->end, pos + (size_t)jerr.position);
		if (pos < sp->end && im->text[pos] == ',')
			pos = skip_ws(im->text, sp->end, pos + 1);
		else if (pos >= sp->end || im->text[pos] != ']')
			return syntax_error(im, pos, "expected ',' or ']' after a record");
	}
	return 0;
}

static int scan_top(struct importer *im, struct text_span spans[K_COUNT])
{
	const char *t = im->text;
	size_t len = im->len, pos = skip_ws(t, len, 0);
	bool format_ok = false;
	if (pos < len && (unsigned char)t[pos] == 0xEF)
		return syntax_error(im, pos, "remove the byte-order mark at the start of the file");
	if (pos >= len || t[pos] != '{')
		return syntax_error(im, pos, "a zeren/v1 document is a JSON object");
	pos = skip_ws(t, len, pos + 1);
	while (pos < len && t[pos] != '}') {
		size_t kend = skip_value(t, len, pos);
		if (!kend || t[pos] != '"')
			return syntax_error(im, pos, "expected a field name");
		char key[64];
		size_t klen = kend - pos - 2;
		if (klen >= sizeof key)
			return syntax_error(im, pos, "unknown top-level field");
		memcpy(key, t + pos + 1, klen);
		key[klen] = '\0';
		pos = skip_ws(t, len, kend);
		if (pos >= len || t[pos] != ':')
			return syntax_error(im, pos, "expected ':'");
		pos = skip_ws(t, len, pos + 1);
		size_t vend = skip_value(t, len, pos);
		if (!vend)
			return syntax_error(im, pos, "malformed value");
		int kind = -1;
		for (int k = 0; k < K_COUNT; k++)
			if (k != K_DEPT && strcmp(key, array_names[k]) == 0)
				kind = k;
		if (strcmp(key, "dictionary") == 0) {
			json_error_t jerr;
			if (im->dictionary)
				return zerr_set(im->e, ZE_INVALID, "%s:%zu: $.dictionary: appears twice", im->source, line_of(im, pos));
			if (vend - pos > IMPORT_MAX_ELEMENT)
				return zerr_set(im->e, ZE_LIMIT, "%s:%zu: $.dictionary: larger than %zu bytes", im->source,
						line_of(im, pos), IMPORT_MAX_ELEMENT);
			if (!(im->dictionary = json_loadb(t + pos, vend - pos, JSON_REJECT_DUPLICATES, &jerr)))
				return zerr_set(im->e, ZE_INVALID, "%s:%zu: $.dictionary: %s", im->source,
						line_of(im, pos + (size_t)(jerr.position > 0 ? jerr.position : 0)), jerr.text);
		} else if (strcmp(key, "format") == 0) {
			format_ok = vend - pos == 10 && memcmp(t + pos, "\"zeren/v1\"", 10) == 0;
			if (!format_ok)
				return zerr_set(im->e, ZE_INVALID, "%s:%zu: $.format: must be \"zeren/v1\"", im->source, line_of(im, pos));
		} else if (kind < 0) {
			return zerr_set(im->e, ZE_INVALID, "%s:%zu: $.%s: unknown top-level field", im->source, line_of(im, pos), key);
		} else if (spans[kind].present) {
			return zerr_set(im->e, ZE_INVALID, "%s:%zu: $.%s: appears twice", im->source, line_of(im, pos), key);
		} else {
			spans[kind] = (struct text_span){pos, vend, true, NULL};
		}
		pos = skip_ws(t, len, vend);
		if (pos < len && t[pos] == ',')
			pos = skip_ws(t, len, pos + 1);
		else if (pos >= len || t[pos] != '}')
			return syntax_error(im, pos, "expected ',' or '}'");
	}
	if (pos >= len)
		return syntax_error(im, pos, "unexpected end of file");
	if (skip_ws(t, len, pos + 1) != len)
		return syntax_error(im, pos + 1, "text after the end of the document");
	if (!format_ok)
		return zerr_set(im->e, ZE_INVALID, "%s: $.format: missing (expected \"zeren/v1\")", im->source);
	return 0;
}

/* The arrays of a document handed over parsed: the same top-level fields as scan_top allows. */
static int parsed_top(struct importer *im, json_t *doc, struct text_span spans[K_COUNT])
{
	const char *key;
	json_t *v;
	if (!json_is_object(doc))
		return zerr_set(im->e, ZE_INVALID, "%s: a zeren/v1 document is a JSON object", im->source);
	json_object_foreach(doc, key, v) {
		int kind = -1;
		for (int k = 0; k < K_COUNT; k++)
			if (k != K_DEPT && strcmp(key, array_names[k]) == 0)
				kind = k;
		if (!strcmp(key, "dictionary")) {
			im->dictionary = json_incref(v);
		} else if (!strcmp(key, "format")) {
			if (!json_is_string(v) || strcmp(json_string_value(v), "zeren/v1"))
				return zerr_set(im->e, ZE_INVALID, "%s: $.format: must be \"zeren/v1\"", im->source);
		} else if (kind < 0) {
			return zerr_set(im->e, ZE_INVALID, "%s: $.%s: unknown top-level field", im->source, key);
		} else if (!json_is_array(v)) {
			return zerr_set(im->e, ZE_INVALID, "%s: $.%s: expected an array", im->source, key);
		} else {
			spans[kind] = (struct text_span){0, 0, true, v};
		}
	}
	return 0;
}

int import_document(struct store *s, const char *text, size_t len, const char *source,
		    struct import_stats *stats, struct zerr *e)
{
	return import_document_opts(s, text, len, source, NULL, stats, e);
}

/* The caller's copy of the unit (opts->loaded) into empty f when the store, inside the write's
 * transaction, is still at the generation it was read at: the same records a load would read. */
static int borrow_current(struct store *s, const struct import_opts *opts, struct facts *f, bool *borrowed,
			  struct zerr *e)
{
	int64_t gen;
	*borrowed = false;
	if (store_generation(s, &gen, e))
		return e->code;
	if (gen != opts->loaded_at)
		return 0;
	if (facts_borrow(f, opts->loaded))
		return zerr_set(e, ZE_NOMEM, "out of memory");
	*borrowed = true;
	return 0;
}

/* Reads the arrays of spans, validates against the store and writes, in one transaction. With
 * no store (s NULL), the facts read and validated are handed over in *keep instead. */
static int run_import(struct store *s, const char *text, size_t len, json_t *parsed, const char *source,
		      const struct import_opts *opts, struct import_stats *stats, struct facts *keep, struct zerr *e)
{
	static const struct import_opts none = {0};
	struct facts f;
	struct importer im = {.f = &f, .store = s, .text = text, .len = len, .source = source, .e = e,
			      .earliest = ZDATE_NONE};
	if (!opts)
		opts = &none;
	im.only_org = opts->only_org;
	im.one_record = opts->one_record;
	struct text_span spans[K_COUNT] = {{0}};
	int rc;
	struct policy_set *ps = NULL; /* loaded here when the caller holds none */
	bool in_transaction = false;
	facts_init(&f);
	if (stats) {
		memset(stats, 0, sizeof *stats);
		stats->earliest = ZDATE_NONE;
	}
	if ((rc = parsed ? parsed_top(&im, parsed, spans) : scan_top(&im, spans)) ||
	    (!opts->policies && (rc = policies_load(&ps, e))))
		goto out;
	/* Read, validate and write in one transaction (the write lock taken first), so that no
	 * other writer — another server thread, a command-line import — changes the store between
	 * the validation and the write. Every reference written is an index the importer resolved
	 * and validated, hence the bulk mode. A write confined to one unit's records is not bulk:
	 * switching foreign keys off and on expires every prepared statement of the connection,
	 * which re-parsing cost more than the whole write (bench/README.md). */
	bool records_only = opts->only_org && !spans[K_ORG].present, unit_only = records_only && !opts->before_write;
	if (s && (rc = records_only ? store_begin(s, e) : store_begin_bulk(s, e)))
		goto out;
	in_transaction = s != NULL;
	/* A document restricted to one unit is merged with that unit's records only: a write
	 * through the API costs the size of its unit, not of the whole store. Only a write of the
	 * unit's own row (its parent may name any unit) or a caller that checks the merged facts
	 * (before_write) needs every unit's row, for the tree. */
	bool borrowed = false;
	if (s && unit_only && opts->loaded && (rc = borrow_current(s, opts, &f, &borrowed, e)))
		goto out;
	if (s && !borrowed &&
	    (rc = unit_only ? store_load_unit(s, &f, opts->only_org, e) : store_load(s, &f, opts->only_org, e)))
		goto out;
	im.orgs_partial = s && unit_only && !borrowed;
	size_t stored[K_COUNT] = {f.orgs.n,	 f.depts.n,	     f.people.n,	f.bodies.n,  f.appts.n,
				  f.systems.n,	 f.agreements.n, f.incidents.n,	f.notices.n, f.records.n,
				  f.handovers.n, f.vulnerabilities.n, f.plans.n, f.log_sources.n, f.trainings.n, f.projects.n, f.rectifications.n,
				  f.inspections.n};
	memcpy(im.stored, stored, sizeof stored);
	im.policies = opts->policies ? opts->policies : ps;
	if ((rc = pad_origins(&im)))
		goto out;
	/* (the appointments by natural key are indexed at the first one read: most writes bring none) */
	if ((rc = read_array(&im, K_ORG, &spans[K_ORG], read_org)) || (rc = resolve_parents(&im)) ||
	    (rc = read_array(&im, K_PROJECT, &spans[K_PROJECT], read_project)) || /* systems name them */
	    (rc = read_array(&im, K_PERSON, &spans[K_PERSON], read_person)) ||
	    (rc = read_array(&im, K_SYSTEM, &spans[K_SYSTEM], read_system)) ||
	    (rc = read_array(&im, K_BODY, &spans[K_BODY], read_body)) || (rc = resolve_leads(&im)) ||
	    (rc = read_array(&im, K_APPT, &spans[K_APPT], read_appt)) ||
	    (rc = read_array(&im, K_AGREEMENT, &spans[K_AGREEMENT], read_agreement)) ||
	    (rc = read_array(&im, K_INCIDENT, &spans[K_INCIDENT], read_incident)) ||
	    (rc = read_array(&im, K_NOTICE, &spans[K_NOTICE], read_notice)) ||
	    (rc = read_array(&im, K_RECORD, &spans[K_RECORD], read_record)) ||
	    (rc = read_array(&im, K_HANDOVER, &spans[K_HANDOVER], read_handover)) ||
	    (rc = read_array(&im, K_VULNERABILITY, &spans[K_VULNERABILITY], read_vulnerability)) ||
	    (rc = read_array(&im, K_PLAN, &spans[K_PLAN], read_plan)) ||
	    (rc = read_array(&im, K_LOG_SOURCE, &spans[K_LOG_SOURCE], read_log_source)) ||
	    (rc = read_array(&im, K_TRAINING, &spans[K_TRAINING], read_training)) ||
	    (rc = read_array(&im, K_INSPECTION, &spans[K_INSPECTION], read_inspection)) || /* rectifications name them */
	    (rc = read_array(&im, K_RECT, &spans[K_RECT], read_rectification)))
		goto out;
	/* Stored records the file did not mention keep elem -1. */
	if ((rc = pad_origins(&im)))
		goto out;
	if ((rc = validate(&im)) || (rc = check_dictionary(&im)))
		goto out;
	if (opts->before_write) {
		if (facts_index(&f)) {
			rc = nomem(&im);
			goto out;
		}
		if ((rc = opts->before_write(opts->ctx, &f, e)))
			goto out;
	}
	if (!s) {
		if (facts_index(&f)) {
			rc = nomem(&im);
			goto out;
		}
		*keep = f;
		facts_init(&f);
	} else if (!opts->dry_run && !(rc = write_all(&im, s, opts, stats))) {
		in_transaction = false; /* committed */
		if (borrowed && opts->written) {
			*opts->written = f;
			facts_init(&f);
		}
	}
out:
	if (in_transaction)
		store_rollback(s);
	json_decref(im.dictionary);
	for (int k = 0; k < K_COUNT; k++)
		free(im.origin[k]);
	free(im.org_parents.v);
	free(im.dept_parents.v);
	free(im.leads.v);
	free(im.version_parents.v);
	free(im.appt_slots);
	hmap_release(&im.record_keys);
	facts_release(&f);
	policies_free(im.units); /* before ps, whose profiles it borrows */
	policies_free(ps);
	return rc;
}

int import_document_opts(struct store *s, const char *text, size_t len, const char *source,
			 const struct import_opts *opts, struct import_stats *stats, struct zerr *e)
{
	return run_import(s, text, len, NULL, source, opts, stats, NULL, e);
}

int import_parsed(struct store *s, json_t *doc, const char *source, const struct import_opts *opts,
		  struct import_stats *stats, struct zerr *e)
{
	return run_import(s, NULL, 0, doc, source, opts, stats, NULL, e);
}

int import_to_facts(json_t *doc, const char *source, struct facts *f, struct zerr *e)
{
	return run_import(NULL, NULL, 0, doc, source, NULL, NULL, f, e);
}

json_t *import_stats_json(const struct import_stats *st)
{
	json_t *j = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "orgs", (json_int_t)st->orgs,
			 "departments", (json_int_t)st->depts, "people", (json_int_t)st->people, "bodies", (json_int_t)st->bodies,
			 "appointments", (json_int_t)st->appts, "systems", (json_int_t)st->systems, "agreements",
			 (json_int_t)st->agreements, "incidents", (json_int_t)st->incidents, "notices",
			 (json_int_t)st->notices, "records", (json_int_t)st->records, "handovers",
			 (json_int_t)st->handovers, "vulnerabilities", (json_int_t)st->vulnerabilities,
			 "emergency_plans", (json_int_t)st->plans, "log_sources", (json_int_t)st->log_sources,
			 "trainings", (json_int_t)st->trainings, "projects", (json_int_t)st->projects,
			 "rectifications", (json_int_t)st->rectifications, "inspections", (json_int_t)st->inspections);
	/* what the import says of records without dates (valid time) */
	if (j && st->undated) {
		json_object_set_new(j, "undated", json_integer((json_int_t)st->undated));
		json_object_set_new(j, "valid_from", json_date_or_null(st->earliest));
	}
	return j;
}

int import_file(struct store *s, const char *path, struct import_stats *stats, struct zerr *e)
{
	return import_file_opts(s, path, NULL, stats, e);
}

int import_file_opts(struct store *s, const char *path, const struct import_opts *opts, struct import_stats *stats,
		     struct zerr *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return zerr_set(e, errno == ENOENT || errno == EACCES ? ZE_NOTFOUND : ZE_IO, "%s: %s", path,
				strerror(errno));
	struct stat st;
	int rc = 0;
	void *map = MAP_FAILED;
	if (fstat(fd, &st) != 0) {
		rc = zerr_set(e, ZE_IO, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = zerr_set(e, ZE_INVALID, "%s: not a regular file", path);
		goto out;
	}
	if ((size_t)st.st_size > IMPORT_MAX_FILE) {
		rc = zerr_set(e, ZE_LIMIT, "%s: larger than the limit of %zu bytes", path, IMPORT_MAX_FILE);
		goto out;
	}
	if (st.st_size == 0) {
		rc = zerr_set(e, ZE_INVALID, "%s:1: the file is empty", path);
		goto out;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		rc = zerr_set(e, ZE_IO, "%s: %s", path, strerror(errno));
		goto out;
	}
	rc = import_document_opts(s, map, (size_t)st.st_size, path, opts, stats, e);
out:
	if (map != MAP_FAILED)
		munmap(map, (size_t)st.st_size);
	close(fd);
	return rc;
}
