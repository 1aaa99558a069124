/* The PostgreSQL backend's own parts (src/store/postgres*.c): its statements, its connection and
 * the helpers that bind and step them as SQLite's are. postgres.c: the connection, transactions,
 * the schema, the statements' text and the driver of sql.h, through which the facts are
 * written and read (sql_facts.c, shared with SQLite, as are the sessions, sql_sessions.c, and
 * every other table, sql_admin.c). */
#ifndef ZEREN_STORE_PG_H
#define ZEREN_STORE_PG_H

#include <assert.h>
#include <limits.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/backend.h"
#include "store/sql.h"
#include "util/strbuf.h"

enum stmt_id {
	S_BEGIN, S_GEN_BUMP,
	S_COUNT
};

/* A prepared statement of one connection, bound and stepped like SQLite's. */
#define PQ_MAXPARAM 24
enum { PQ_ROW = 100, PQ_DONE = 101, PQ_ERROR = 1, PQ_NULL = 5 };
struct pq_stmt {
	struct sql_stmt base; /* a statement of sql.h's (q[]) */
	struct pg_store *ps;
	char name[8]; /* of the prepared statement: s<stmt_id>, q<sql_id> */
	const char *sql; /* its text, to prepare it again on a connection opened again */
	int nparams;   /* as the server described it, 0 until prepared */
	bool prepared;
	const char *val[PQ_MAXPARAM];
	int len[PQ_MAXPARAM], fmt[PQ_MAXPARAM];
	char num[PQ_MAXPARAM][32];
	PGresult *res; /* the rows, from the first step to the reset */
	int row, rows;
	unsigned char *blob; /* the last bytea read */
	size_t blob_len;
};

struct pg_store {
	struct store base;
	struct store_ops ops; /* base.ops: filled by each part at open */
	PGconn *conn;
	struct pq_stmt stmt[S_COUNT];
	struct sql_conn sql;       /* the shared ops' statements (sql.h) */
	struct pq_stmt q[Q_COUNT];
	struct strbuf key; /* scratch for appointment natural keys */
	bool dirty;        /* the open transaction wrote business data: commit bumps the generation */
	int64_t changes;   /* rows the last statement changed */
	int64_t lock_key;  /* the store's advisory lock */
	char sqlstate[6];
	char err[512];
	char schema[40];
	bool readonly;
	bool reviving; /* opening a lost connection again (postgres.c, pg_revive) */
};

int pg_db_error(struct pg_store *ps, struct zerr *e, const char *what);
void pq_reset(struct pq_stmt *st);
struct pq_stmt *pg_stmt(struct pg_store *ps, enum stmt_id id, struct zerr *e);
int pq_step(struct pq_stmt *st);
int pg_exec_stmt(struct pg_store *ps, struct pq_stmt *st, struct zerr *e, const char *what);
int pg_exec_sql(struct pg_store *ps, const char *sql, struct zerr *e, const char *what);
int pg_business_write(struct pg_store *ps, struct zerr *e);


/* Parameters are numbered from 1, as in SQL; one not bound is NULL. */
static inline void pq_bind_null(struct pq_stmt *st, int i)
{
	assert(i >= 1 && i <= PQ_MAXPARAM);
	st->val[i - 1] = NULL;
	st->fmt[i - 1] = 0;
}

static inline void pq_bind_int64(struct pq_stmt *st, int i, int64_t v)
{
	assert(i >= 1 && i <= PQ_MAXPARAM);
	snprintf(st->num[i - 1], sizeof st->num[i - 1], "%lld", (long long)v);
	st->val[i - 1] = st->num[i - 1];
	st->fmt[i - 1] = 0;
}

static inline void pq_bind_double(struct pq_stmt *st, int i, double v)
{
	assert(i >= 1 && i <= PQ_MAXPARAM);
	snprintf(st->num[i - 1], sizeof st->num[i - 1], "%.17g", v);
	st->val[i - 1] = st->num[i - 1];
	st->fmt[i - 1] = 0;
}

/* The text must live until the statement is stepped (SQLite's SQLITE_STATIC). */
static inline void pq_bind_str(struct pq_stmt *st, int i, const char *s)
{
	assert(i >= 1 && i <= PQ_MAXPARAM);
	st->val[i - 1] = s;
	st->fmt[i - 1] = 0;
}

/* Bytes (bytea), sent in binary. */
static inline void pq_bind_blob(struct pq_stmt *st, int i, const void *p, size_t n)
{
	assert(i >= 1 && i <= PQ_MAXPARAM && n <= INT_MAX);
	st->val[i - 1] = p;
	st->len[i - 1] = (int)n;
	st->fmt[i - 1] = 1;
}

static inline int pq_column_type(struct pq_stmt *st, int col)
{
	return PQgetisnull(st->res, st->row, col) ? PQ_NULL : 0;
}

static inline const char *pq_column_text(struct pq_stmt *st, int col)
{
	return PQgetisnull(st->res, st->row, col) ? NULL : PQgetvalue(st->res, st->row, col);
}

static inline int64_t pq_column_int64(struct pq_stmt *st, int col)
{
	const char *v = pq_column_text(st, col);
	return v ? strtoll(v, NULL, 10) : 0;
}

static inline double pq_column_double(struct pq_stmt *st, int col)
{
	const char *v = pq_column_text(st, col);
	return v ? strtod(v, NULL) : 0;
}

static inline bool pq_autocommit(struct pg_store *ps)
{
	return PQtransactionStatus(ps->conn) == PQTRANS_IDLE;
}

static inline void bind_text(struct pq_stmt *st, int i, const char *s)
{
	if (s)
		pq_bind_str(st, i, s);
	else
		pq_bind_null(st, i);
}

static inline const char *col_text(struct pq_stmt *st, int i)
{
	return (const char *)pq_column_text(st, i);
}

static inline struct pg_store *PS(struct store *s)
{
	return (struct pg_store *)s;
}

#endif
