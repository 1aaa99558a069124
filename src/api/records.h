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
/* What the request's path names below /api/v1/units/{org}/ ("handovers/ho-1"), or "". */
const char *api_unit_resource(const struct http_req *rq);
/* ?post=ID: a post of the catalogue (POST_NONE when absent); 400 in rs and nonzero when unknown. */
int api_post_query(struct http_req *rq, struct http_resp *rs, int *out);
/* ?department=ID of the view's unit (-1 when absent). */
int api_dept_query(struct http_req *rq, struct http_resp *rs, const struct unit_view *v, zidx *out);

/* A kind of record the API writes through the importer. */
struct record_kind {
	const char *array, *what; /* "people", "person" (audit actions "person.create" …) */
	size_t ids;               /* offsetof(struct facts, person_ids) */
	json_t *(*render)(const struct facts *f, zidx i);
	const char *dept_field;   /* the department a liaison must own, before and after; or NULL */
	const char *scope_msg;
	/* Valid time (issue 21), for kinds that have it (span_kind < 0: none). A record created
	 * without start_field starts today (so that it changes no check of an earlier day); when
	 * end_field is set, the appointments held in or by it end with it. dated: the fields whose
	 * change on a day ("changed_on") is kept as history rather than corrected. */
	int span_kind;
	const char *start_field, *end_field;
	const char *const *dated;
	const char *id_prefix; /* of the ids the server makes for a create without one ("p-") */
};
#define RECORD_NO_SPAN -1, NULL, NULL, NULL
/* A kind without department scope or valid time. */
#define RECORD_PLAIN(array, what, ids, render, id_prefix) \
	{array, what, offsetof(struct facts, ids), render, NULL, NULL, RECORD_NO_SPAN, id_prefix}

/* A write of record rec over its stored version old (NULL: a new record): with "changed_on" in
 * rec, a change on that day — old's dated fields go into rec's "history" as the state that held
 * until then; without, a correction of the record. Removes "changed_on" from rec and adds to
 * detail (the audit record's) what it was: {"changed_on"} or {"correction": true, "was": old}.
 * Returns 0; > 0 with rs filled (422) when changed_on is not right; ZE_NOMEM. */
int api_dated_write(struct http_resp *rs, json_t *rec, json_t *old, const char *const *dated, json_t *detail);
/* The records, ended on `end`, of unit org's appointments that run past it and are held by
 * person i (span kind SPAN_PERSON) or in body / department / system i; NULL with rs filled (409)
 * when one starts on or after `end` (withdraw it first). */
json_t *api_appts_ending(struct http_resp *rs, const struct facts *f, zidx org, int span_kind, zidx i, zdate end);
/* A write of rec into `array` together with appointments (may be NULL or empty), as one change. */
int api_import_with_appts(struct http_req *rq, struct http_resp *rs, const char *array, json_t *rec, json_t *appts);

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

/* The unit's rule of that kind in force on d (its first such rule), or NULL: of the policy
 * version in force on d, as the findings of that day are, not of today's. */
const struct rule *api_unit_rule(const struct unit_view *v, int kind, zdate d);

/* List rows with display names. */
json_t *api_appt_item(const struct facts *f, zidx ai);
/* expiring[gi]: 合规检查 warns of agreement gi as of the day (api_expiring_agreements). */
json_t *api_agreement_item(const struct facts *f, zidx gi, const bool *expiring, zdate as_of);
/* Which agreements the policy's agreement_expiring rules warn of as of the day, indexed like
 * the view's agreements — the one definition of 即将到期 (issue 22 item 9); the caller frees
 * it. NULL with rs filled on failure. */
bool *api_expiring_agreements(struct http_req *rq, struct http_resp *rs, struct unit_view *v, zdate as_of);

#endif
