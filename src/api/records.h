/* Helpers for the resources over a unit's records (units, people, bodies, appointments,
 * systems, agreements, findings): request bodies laid over stored records, id and department
 * filters, and one writer that checks scope, writes through the importer and audits. */
#ifndef ZEREN_API_RECORDS_H
#define ZEREN_API_RECORDS_H

#include "api/api.h"

#define NAME_OF(f, vec, i) ((i) >= 0 ? (f)->vec.v[i].name : NULL)

/* The request's JSON object laid over base (a stored record, or NULL; stolen), with org and id
 * set from the path; NULL with rs filled (422) when the body is not an object or names another
 * unit or id. */
json_t *api_record_body(struct http_req *rq, struct http_resp *rs, json_t *base, const char *org, const char *id);
/* {person, name} of a person. */
json_t *api_person_ref(const struct facts *f, zidx p);
/* Is dept root or below it? */
bool api_dept_under(const struct facts *f, zidx dept, zidx root);
/* ?name=ID resolved through ids (-1 when absent); 400 in rs and nonzero when unknown. */
int api_id_query(struct http_req *rq, struct http_resp *rs, const char *name, const struct hmap *ids, zidx *out);
/* ?department=ID of the view's unit (-1 when absent). */
int api_dept_query(struct http_req *rq, struct http_resp *rs, const struct unit_view *v, zidx *out);

/* A kind of record the API writes through the importer. */
struct record_kind {
	const char *array, *what; /* "people", "person" (audit actions "person.create" …) */
	size_t ids;               /* offsetof(struct facts, person_ids) */
	json_t *(*render)(const struct facts *f, zidx i);
	const char *dept_field;   /* the department a liaison must own, before and after; or NULL */
	const char *scope_msg;
	const char *id_prefix; /* of the ids the server makes for a create without one ("p-") */
};

/* A create that gives no id (absent, null or "") gets one made here: prefix and eight random
 * characters, none taken in ids. Sets rec's "id"; nonzero only when out of memory. People may
 * still give an id of their own (a document number): it is kept as given. */
int api_new_id(json_t *rec, const char *prefix, const struct hmap *ids);
/* An id given to a create through the API is typed by a person: one with spaces or control
 * characters (a slip of the keyboard or a cell pasted from Excel) is refused — 422, reason
 * bad_id — rather than kept. zeren/v1 files are read as they always were. False when refused
 * (rs filled). */
bool api_id_acceptable(struct http_resp *rs, json_t *rec);
/* POST (create) or PUT of one record of kind k: scope before and after, 404/409, the import,
 * the audit detail and the reply. */
int api_write_record(struct http_req *rq, struct http_resp *rs, const struct record_kind *k, bool create);

/* List rows with display names. */
json_t *api_appt_item(const struct facts *f, zidx ai);
json_t *api_agreement_item(const struct facts *f, zidx gi, zdate as_of);

#endif
