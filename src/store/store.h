/* The storage interface. Callers (core) see only this: no SQL and no backend types, so a
 * PostgreSQL backend can stand beside the SQLite one without touching them. */
#ifndef ZEREN_STORE_STORE_H
#define ZEREN_STORE_STORE_H

#include "model/model.h"
#include "util/err.h"

struct store;

/* Opens (creating when needed) the store in data directory `dir` and brings its schema up to
 * date. */
int store_open(const char *dir, struct store **out, struct zerr *e);
void store_close(struct store *s);

int store_begin(struct store *s, struct zerr *e);
/* A transaction for bulk writes whose references the caller has resolved already (the
 * importer writes records it built from resolved indices): per-row foreign-key lookups are
 * skipped until store_commit or store_rollback. */
int store_begin_bulk(struct store *s, struct zerr *e);
int store_commit(struct store *s, struct zerr *e);
void store_rollback(struct store *s);

/* Loads all units' facts into f (which must be empty), or only those of unit org_id (other
 * units' org rows are still loaded so the supervision tree is whole). ZE_NOTFOUND when
 * org_id names no unit. */
int store_load(struct store *s, struct facts *f, const char *org_id, struct zerr *e);

/* Inserts or updates one record of f, by id (appointments by their natural key). Use inside
 * store_begin/commit; f must be indexed (facts_index), which finds a notice's systems and a
 * record's evidence without scanning. */
int store_put_org(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int store_put_dept(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int store_put_person(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int store_put_body(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int store_put_lead(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int store_put_appt(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int store_put_system(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int store_put_agreement(struct store *s, const struct facts *f, zidx i, struct zerr *e);
/* Writes an obligation record and replaces its list of evidence. */
int store_put_record(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int store_put_incident(struct store *s, const struct facts *f, zidx i, struct zerr *e);
/* Writes the notice and replaces the list of systems it concerns. */
int store_put_notice(struct store *s, const struct facts *f, zidx i, struct zerr *e);
/* The responsible chain recorded with an incident (JSON text), or NULL; the caller frees it. */
int store_incident_snapshot(struct store *s, const char *incident_id, char **json, struct zerr *e);
/* Records the chain once: an incident that has one keeps it. */
int store_set_incident_snapshot(struct store *s, const char *incident_id, const char *json, struct zerr *e);

/* The working-day calendar's rows (days that differ from Mon-Fri), in date order. */
typedef int (*calendar_row_fn)(void *ctx, zdate d, bool work, const char *holiday_en, const char *holiday_zh);
int store_calendar_each(struct store *s, calendar_row_fn fn, void *ctx, struct zerr *e);
/* Inserts or replaces one calendar row. Use inside store_begin/commit. */
int store_calendar_put(struct store *s, zdate d, bool work, const char *holiday_en, const char *holiday_zh,
		       struct zerr *e);

/* The audit log (see audit/audit.h, which hashes; the store only reads and writes rows). */
struct audit_entry;
typedef int (*audit_row_fn)(void *ctx, const struct audit_entry *row);
/* The last record's seq and hash; seq 0 and 64 zeros when there is none (after a purge that
 * removed every record, the purge's anchor). */
int store_audit_last(struct store *s, int64_t *seq, char hash[65], struct zerr *e);
/* Inserts one record as given (seq, prev_hash and hash included). */
int store_audit_insert(struct store *s, const struct audit_entry *a, struct zerr *e);
/* Calls fn for each record with seq >= from_seq, in seq order; a nonzero return stops and is
 * returned. */
int store_audit_each(struct store *s, int64_t from_seq, audit_row_fn fn, void *ctx, struct zerr *e);
/* The latest purge: records before before_seq were removed and anchor is the trusted prev_hash
 * of record before_seq; before_seq 0 when nothing was ever purged. */
int store_audit_anchor(struct store *s, int64_t *before_seq, char anchor[65], struct zerr *e);
/* Removes the records with seq < before_seq (the store refuses any younger than the retention
 * period). Use inside store_begin/commit. */
int store_audit_purge(struct store *s, int64_t before_seq, int64_t *purged, struct zerr *e);

/* The schema version the store is at. */
int store_schema_version(struct store *s);

#endif
