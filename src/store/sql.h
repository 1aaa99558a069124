/* One way to run a statement on either backend. The op bodies written once against it, with
 * their SQL text, are in sql_facts.c; sqlite.c and postgres.c each implement the driver on their
 * own connection (sqlite3_stmt; a libpq prepared statement with text parameters and results).
 *
 * A statement of enum sql_id is prepared once per connection, on its first use, and kept: a
 * write prepares nothing again. Its parameters are written $1, $2, … in the order they first
 * appear in the text, so that the one text means the same on both: PostgreSQL numbers them
 * as written, SQLite takes $N as a named parameter numbered by first appearance (the SQLite
 * driver refuses to prepare a text where the two would differ). A statement whose dialects
 * differ has a second text for PostgreSQL (sql_shared_text). */
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
};

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

/* Runs a statement that returns no rows, then resets it. */
int sql_exec(struct sql_conn *c, struct sql_stmt *st, struct zerr *e, const char *what);
/* A date; ZDATE_NONE and ZDATE_MAX (open end) are NULL. buf (ZDATE_BUFSZ) must live until the step. */
void sql_bind_date(struct sql_stmt *st, int i, zdate d, char *buf);
/* A span's two ends (NULL when not recorded) at i and i + 1; buf holds 2 * ZDATE_BUFSZ. */
void sql_bind_span(struct sql_stmt *st, int i, struct span sp, char *buf);
void sql_bind_tri(struct sql_stmt *st, int i, int t);

/* The ops written once (sql_facts.c), filled into a backend's table. */
int sql_put_org(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int sql_put_dept(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int sql_put_person(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int sql_put_body(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int sql_put_lead(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int sql_put_appt(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int sql_put_system(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int sql_put_agreement(struct store *s, const struct facts *f, zidx i, struct zerr *e);

#endif
