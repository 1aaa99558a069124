/* One way to run a statement on either backend. The statements' text is in sql.c, the op
 * bodies written once against it in sql_facts.c and sql_admin.c; sqlite.c and
 * postgres.c each implement the driver on their own connection (sqlite3_stmt; a libpq prepared
 * statement with text parameters and results).
 *
 * A statement of enum sql_id is prepared once per connection, on its first use, and kept: a
 * write prepares nothing again. Its parameters are written $1, $2, …, so that the one text
 * means the same on both: PostgreSQL numbers them as written, SQLite takes $N as a named
 * parameter numbered by first appearance (its driver binds $N by name). A statement whose
 * dialects differ has a second text for PostgreSQL (sql_shared_text). */
#ifndef ZEREN_STORE_SQL_H
#define ZEREN_STORE_SQL_H

#include <stdbool.h>
#include <stdint.h>

#include "store/backend.h"
#include "util/strbuf.h"

enum sql_id {
	Q_PUT_ORG, Q_PUT_DEPT, Q_CLEAR_DEPT_VERSIONS, Q_PUT_DEPT_VERSION, Q_PUT_PERSON, Q_PUT_BODY, Q_PUT_LEAD,
	Q_PUT_APPT, Q_PUT_SYSTEM, Q_CLEAR_SYSTEM_PROJECT, Q_PUT_SYSTEM_PROJECT, Q_CLEAR_SYSTEM_VERSIONS,
	Q_CLEAR_ASSESSMENTS, Q_PUT_SYSTEM_VERSION, Q_PUT_ASSESSMENT, Q_PUT_AGREEMENT,
	Q_PUT_HANDOVER, Q_PUT_VULN, Q_PUT_PROJECT, Q_PUT_PLAN, Q_CLEAR_PLAN_DRILLS, Q_PUT_PLAN_DRILL,
	Q_CLEAR_PLAN_REVIEWS, Q_PUT_PLAN_REVIEW, Q_PUT_LOG_SOURCE, Q_LOAD_LOG_SOURCE, Q_LOAD_LOG_SOURCE_ORG,
	Q_PUT_TRAINING, Q_LOAD_TRAINING, Q_LOAD_TRAINING_ORG, Q_PUT_TRAINING_ATTENDEE, Q_LOAD_TRAINING_ATTENDEE,
	Q_LOAD_TRAINING_ATTENDEE_ORG, Q_CLEAR_TRAINING_ATTENDEES, Q_PUT_RECT, Q_CLEAR_RECT_EVIDENCE,
	Q_PUT_RECT_EVIDENCE, Q_PUT_INSP, Q_CLEAR_INSP_ITEMS, Q_PUT_INSP_ITEM, Q_CLEAR_REPORTS, Q_PUT_REPORT,
	Q_PUT_INCIDENT, Q_PUT_NOTICE, Q_CLEAR_NOTICE_SYSTEMS, Q_PUT_NOTICE_SYSTEM, Q_PUT_RECORD, Q_CLEAR_EVIDENCE,
	Q_PUT_EVIDENCE, Q_GET_SNAPSHOT, Q_SET_SNAPSHOT, Q_LOAD_ORG, Q_LOAD_DEPT, Q_LOAD_DEPT_ORG,
	Q_LOAD_DEPT_VERSION, Q_LOAD_DEPT_VERSION_ORG, Q_LOAD_PERSON, Q_LOAD_PERSON_ORG, Q_LOAD_BODY,
	Q_LOAD_BODY_ORG, Q_LOAD_LEAD, Q_LOAD_LEAD_ORG, Q_LOAD_SYSTEM, Q_LOAD_SYSTEM_ORG, Q_LOAD_SYSTEM_VERSION,
	Q_LOAD_SYSTEM_VERSION_ORG, Q_LOAD_ASSESSMENT, Q_LOAD_ASSESSMENT_ORG, Q_LOAD_APPT, Q_LOAD_APPT_ORG,
	Q_LOAD_AGREEMENT, Q_LOAD_AGREEMENT_ORG, Q_LOAD_INCIDENT, Q_LOAD_INCIDENT_ORG, Q_LOAD_NOTICE,
	Q_LOAD_NOTICE_ORG, Q_LOAD_NOTICE_SYSTEM, Q_LOAD_NOTICE_SYSTEM_ORG, Q_LOAD_REPORTS, Q_LOAD_REPORTS_ORG,
	Q_LOAD_HANDOVER, Q_LOAD_HANDOVER_ORG, Q_LOAD_VULN, Q_LOAD_VULN_ORG, Q_LOAD_PROJECT, Q_LOAD_PROJECT_ORG,
	Q_LOAD_SYSTEM_PROJECT, Q_LOAD_SYSTEM_PROJECT_ORG, Q_LOAD_PLAN, Q_LOAD_PLAN_ORG, Q_LOAD_PLAN_DRILL,
	Q_LOAD_PLAN_DRILL_ORG, Q_LOAD_PLAN_REVIEW, Q_LOAD_PLAN_REVIEW_ORG, Q_LOAD_RECT, Q_LOAD_RECT_ORG,
	Q_LOAD_RECT_EVIDENCE, Q_LOAD_RECT_EVIDENCE_ORG, Q_LOAD_INSP, Q_LOAD_INSP_ORG, Q_LOAD_INSP_ITEM,
	Q_LOAD_INSP_ITEM_ORG, Q_LOAD_RECORD, Q_LOAD_RECORD_ORG, Q_LOAD_EVIDENCE, Q_LOAD_EVIDENCE_ORG,
	Q_LOAD_ORG_ONE, Q_CAL_LOAD, Q_ORG_EACH, Q_UNIT_OF_DEPT, Q_UNIT_OF_PERSON, Q_UNIT_OF_BODY, Q_UNIT_OF_SYSTEM,
	Q_UNIT_OF_AGREEMENT, Q_UNIT_OF_INCIDENT, Q_UNIT_OF_NOTICE, Q_UNIT_OF_HANDOVER, Q_UNIT_OF_VULN,
	Q_UNIT_OF_PLAN, Q_UNIT_OF_LOG_SOURCE, Q_UNIT_OF_TRAINING, Q_UNIT_OF_PROJECT, Q_UNIT_OF_RECT, Q_UNIT_OF_INSP,
	Q_UNIT_OF_ORG, Q_CAL_PUT,
	Q_SESSION_INSERT, Q_SESSION_GET, Q_SESSION_TOUCH, Q_SESSION_DELETE, Q_SESSION_PURGE,
	/* sql_admin.c */
	Q_AUDIT_LAST, Q_AUDIT_LAST_PURGE, Q_AUDIT_INSERT, Q_AUDIT_EACH, Q_AUDIT_ANCHOR, Q_AUDIT_PURGE_MARK,
	Q_AUDIT_PURGE, Q_AUDIT_NEWEST, Q_AUDIT_OLDEST, Q_AUDIT_COUNT, Q_GEN_GET, Q_AUTH_GEN_GET, Q_CAL_GEN_GET,
	Q_ACCOUNT_ALL, Q_ACCOUNT_BY_NAME, Q_ACCOUNT_BY_ID, Q_ACCOUNT_BY_CALENDAR, Q_ACCOUNT_INSERT,
	Q_ACCOUNT_UPDATE, Q_ROLES_CLEAR, Q_ROLE_ADD, Q_PERSON_BRIEF, Q_DEPT_ORG, Q_SESSION_DELETE_ACCOUNT,
	Q_REQUEST_INSERT, Q_REQUEST_EACH, Q_REQUEST_DECIDE, Q_THROTTLE_GET, Q_THROTTLE_PUT, Q_THROTTLE_CLEAR,
	Q_ROUND_EACH, Q_ROUND_INSERT, Q_ROUND_UPDATE, Q_PV_INSERT, Q_PV_EACH, Q_PV_UPDATE, Q_PV_DECIDE,
	Q_UNIT_SETTING_GET, Q_UNIT_SETTING_PUT, Q_UNIT_SETTING_EACH, Q_DOC_PUT, Q_DOC_STATUS, Q_DOC_BY_NUMBER,
	Q_DOC_BY_SHA256, Q_DOC_BY_CAMPAIGN, Q_DOC_BY_ORG, Q_SIG_INSERT, Q_SIG_EACH, Q_CAMPAIGN_INSERT,
	Q_CAMPAIGN_CLOSE, Q_CAMPAIGN_EACH, Q_NOTIFY_ADD, Q_NOTIFY_CLAIM, Q_NOTIFY_FINISH, Q_NOTIFY_COUNT,
	Q_NOTIFY_QUERY, Q_NOTIFY_READ, Q_NOTIFY_CHANNEL_EACH, Q_NOTIFY_CHANNEL_PUT, Q_NOTIFY_PREF_GET,
	Q_NOTIFY_PREF_PUT, Q_NOTIFY_PLAN_CLAIM, Q_NOTIFY_PLAN_DONE, Q_NOTIFY_PLAN_LAST, Q_NOTIFY_INSERT,
	Q_NOTIFY_SEQ, Q_FEDKEY_PUT, Q_FEDKEY_EACH, Q_REPORTED_PUT, Q_REPORTED_EACH, Q_REPORTED_PACKAGE_PUT,
	Q_REPORTED_POINTS, Q_SESSION_EACH, Q_AUDIT_ANCHOR_PUT, Q_DICT_EACH, Q_DICT_PUT, Q_ANNOUNCE_INSERT,
	Q_ANNOUNCE_UPDATE, Q_ANNOUNCE_EACH, Q_INSPECTED_EACH, Q_HISTORY_LATEST, Q_HISTORY_PUT, Q_HISTORY_SEAL,
	Q_HISTORY_AS_OF, Q_HISTORY_AS_OF_ALL, Q_HISTORY_EACH, Q_DELETE_APPT,
	Q_COUNT
};

/* The text of statement id in PostgreSQL's dialect (pg) or SQLite's. */
const char *sql_shared_text(enum sql_id id, bool pg);

/* What a step returns (SQLite's numbers); anything else is a failure (sql_error). */
enum { SQL_ROW = 100, SQL_DONE = 101 };

struct sql_conn;
struct sql_stmt;

struct sql_driver {
	/* Statement id of c, prepared on its first use; reset, every parameter NULL. NULL with e
	 * set when it cannot be prepared. */
	struct sql_stmt *(*stmt)(struct sql_conn *c, enum sql_id id, struct zerr *e);
	/* Parameters are numbered from 1. Text must live until the step; NULL binds NULL. */
	void (*bind_text)(struct sql_stmt *st, int i, const char *s);
	void (*bind_int64)(struct sql_stmt *st, int i, int64_t v);
	void (*bind_double)(struct sql_stmt *st, int i, double v);
	void (*bind_null)(struct sql_stmt *st, int i);
	int (*step)(struct sql_stmt *st);
	/* The row's columns, numbered from 0, valid until the next step or the reset. */
	bool (*is_null)(struct sql_stmt *st, int col);
	const char *(*text)(struct sql_stmt *st, int col);
	int64_t (*int64)(struct sql_stmt *st, int col);
	double (*dbl)(struct sql_stmt *st, int col);
	void (*reset)(struct sql_stmt *st);
	/* The connection's last failure in e, as the backend words it: ZE_CONFLICT for a
	 * constraint, ZE_IO otherwise; returns the code. */
	int (*error)(struct sql_conn *c, struct zerr *e, const char *what);
	/* A put is about to write business data: the generation is bumped at commit. */
	int (*business_write)(struct sql_conn *c, struct zerr *e);
	bool (*in_transaction)(struct sql_conn *c);
	/* Rows the connection's last statement inserted, updated or deleted. */
	int64_t (*changes)(struct sql_conn *c);
	/* The constraint the connection's last failure broke: SQL_UNIQUE, SQL_CHECK, or 0 (another). */
	int (*constraint)(struct sql_conn *c);
	/* Bytes (a blob, bytea) that must live until the step; a column's bytes valid until the next
	 * step or the reset, their length in *n. */
	void (*bind_blob)(struct sql_stmt *st, int i, const void *p, size_t n);
	const void *(*blob)(struct sql_stmt *st, int col, size_t *n);
};

enum { SQL_UNIQUE = 1, SQL_CHECK = 2 };

/* Each backend's handle holds one; its store's base.sql points to it. */
struct sql_conn {
	const struct sql_driver *drv;
	struct strbuf *key; /* scratch for natural keys, the backend's */
};

/* The head of each backend's prepared statement. */
struct sql_stmt {
	const struct sql_driver *drv;
};

static inline struct sql_stmt *sql_stmt(struct sql_conn *c, enum sql_id id, struct zerr *e)
{
	return c->drv->stmt(c, id, e);
}

static inline int sql_error(struct sql_conn *c, struct zerr *e, const char *what)
{
	return c->drv->error(c, e, what);
}

static inline void sql_bind_text(struct sql_stmt *st, int i, const char *s)
{
	st->drv->bind_text(st, i, s);
}

static inline void sql_bind_int64(struct sql_stmt *st, int i, int64_t v)
{
	st->drv->bind_int64(st, i, v);
}

static inline void sql_bind_double(struct sql_stmt *st, int i, double v)
{
	st->drv->bind_double(st, i, v);
}

static inline void sql_bind_null(struct sql_stmt *st, int i)
{
	st->drv->bind_null(st, i);
}

static inline int sql_step(struct sql_stmt *st)
{
	return st->drv->step(st);
}

static inline void sql_reset(struct sql_stmt *st)
{
	st->drv->reset(st);
}

static inline bool sql_col_null(struct sql_stmt *st, int col)
{
	return st->drv->is_null(st, col);
}

static inline const char *sql_col_text(struct sql_stmt *st, int col)
{
	return st->drv->text(st, col);
}

static inline int64_t sql_col_int64(struct sql_stmt *st, int col)
{
	return st->drv->int64(st, col);
}

static inline double sql_col_double(struct sql_stmt *st, int col)
{
	return st->drv->dbl(st, col);
}

static inline int64_t sql_changes(struct sql_conn *c)
{
	return c->drv->changes(c);
}

static inline int sql_constraint(struct sql_conn *c)
{
	return c->drv->constraint(c);
}

static inline void sql_bind_blob(struct sql_stmt *st, int i, const void *p, size_t n)
{
	st->drv->bind_blob(st, i, p, n);
}

static inline const void *sql_col_blob(struct sql_stmt *st, int col, size_t *n)
{
	return st->drv->blob(st, col, n);
}

static inline int sql_business_write(struct sql_conn *c, struct zerr *e)
{
	return c->drv->business_write(c, e);
}

/* Runs a statement that returns no rows, then resets it. */
int sql_exec(struct sql_conn *c, struct sql_stmt *st, struct zerr *e, const char *what);
/* A date; ZDATE_NONE and ZDATE_MAX (open end) are NULL. buf (ZDATE_BUFSZ) must live until the step. */
void sql_bind_date(struct sql_stmt *st, int i, zdate d, char *buf);
/* A span's two ends (NULL when not recorded) at i and i + 1; buf holds 2 * ZDATE_BUFSZ. */
void sql_bind_span(struct sql_stmt *st, int i, struct span sp, char *buf);
void sql_bind_tri(struct sql_stmt *st, int i, int t);
/* After a loop over st's rows that stopped at step, or when its callback said rc: an error
 * unless the rows ran out or the callback stopped them; st reset. */
int sql_rows_done(struct sql_conn *c, struct sql_stmt *st, int rc, int step, struct zerr *e, const char *what);
/* Runs an INSERT … RETURNING id: the new row's id in *id. */
int sql_insert_id(struct sql_conn *c, struct sql_stmt *st, int64_t *id, struct zerr *e, const char *what);
/* Statement id with the texts v[0..n) bound to $1..$n, in order (NULL: SQL NULL). */
struct sql_stmt *sql_texts(struct sql_conn *db, enum sql_id id, struct zerr *e, const char *const *v, int n);
#define SQL_TEXTS(db, id, e, ...)                                   \
	sql_texts(db, id, e, (const char *const[]){__VA_ARGS__}, \
		  (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)))

/* sql_facts.c: loading the facts (store_load: PostgreSQL's load; SQLite runs its parts in two
 * threads), and store_load_unit, store_load_org of both backends. */
int sql_load(struct store *s, struct facts *f, const char *org_id, struct zerr *e);
int sql_load_org(struct store *s, struct facts *f, const char *org_id, struct zerr *e);
int sql_load_unit(struct store *s, struct facts *f, const char *org_id, struct zerr *e);

/* Reading the facts: sql_load, or its parts where a backend runs them otherwise (SQLite reads
 * every unit's appointments on a second connection). The schema's constraints hold, but a
 * damaged or hand-edited database still gets a clear error naming the table and row. */
struct sql_loader {
	struct sql_conn *db;
	struct facts *f;
	struct zerr *e;
	const char *table;
	int64_t row;
};

int sql_load_orgs(struct sql_loader *l);
/* Every kind of record of unit org_id (NULL: of all units), once the org rows are loaded;
 * appts(l, ctx) reads the appointments when given (else sql_load_appts). */
int sql_load_records_of(struct sql_loader *l, const char *org_id, int (*appts)(struct sql_loader *l, void *ctx),
			void *ctx);
int sql_load_appts(struct sql_loader *l, const char *org_id);
/* The appointment rows of st (a Q_LOAD_APPT statement) into into, their references resolved in l->f. */
int sql_load_appt_rows(struct sql_loader *l, struct sql_stmt *st, struct facts *into);

#endif
