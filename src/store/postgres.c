/* The PostgreSQL backend (libpq): the store of a city or a province, shared by several servers.
 *
 * One schema per store, named in the data directory's zeren.pg (pg_schema_name), as SQLite's
 * store is the directory's zeren.db: the directory names the store on both backends, a new
 * directory is a new store, and servers that share a store share its data directory. That
 * directory still holds the evidence files and the keys: only the tables are in PostgreSQL.
 * The schema is created, and migrated with the PostgreSQL dialect of each SQLite migration (same
 * numbers; derived at build time by scripts/pg-migration.py), when the store is opened.
 *
 * Every statement is prepared once per connection (PQprepare) and run with bound text
 * parameters; the helpers below give the statements the shape of SQLite's (bind, step,
 * column); the ops are written once for both (sql_facts.c, sql_admin.c),
 * through the driver below. The tables have SQLite's implicit rowid as a column of their own
 * (the ported migrations), so that rows keep the order they were written in, which export
 * follows.
 *
 * Writers: a write transaction (store_begin) takes a transaction-level advisory lock of the
 * store at BEGIN. It serializes the writers of one store exactly as SQLite's write lock
 * (BEGIN IMMEDIATE) does, so the importer's single-writer assumption and the audit chain (each
 * record numbered after the last, without gaps, in the writer's transaction) hold under
 * several servers, without SERIALIZABLE and its retry loops. Readers are not blocked (MVCC). */
#include <assert.h>
#include <errno.h>
#include <libpq-fe.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/backend.h"
#include "store/sql.h"
#include "util/hmap.h"
#include "util/strbuf.h"

enum stmt_id {
	S_BEGIN, S_GEN_BUMP,
	S_COUNT
};

/* A prepared statement of one connection, bound and stepped like SQLite's. */
#define PQ_MAXPARAM 24
enum { PQ_ROW = 100, PQ_DONE = 101, PQ_ERROR = 1 };
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


static struct pq_stmt *ST(struct sql_stmt *st)
{
	return (struct pq_stmt *)((char *)st - offsetof(struct pq_stmt, base));
}

/* A statement's side of the interface of sql.h (postgres_driver), on a pq_stmt's base.
 * Parameters and results go as text: the columns are text, and integers few and short, so
 * binary formats would save little and need conversions of their own (network order, numeric
 * and date types) where SQLite gives text already. bytea alone goes binary (pq_bind_blob).
 * Parameters are numbered from 1, as in SQL; one not bound is NULL. */
static void pq_bind_null(struct sql_stmt *s, int i)
{
	struct pq_stmt *st = ST(s);
	assert(i >= 1 && i <= PQ_MAXPARAM);
	st->val[i - 1] = NULL;
	st->fmt[i - 1] = 0;
}

static void pq_bind_int64(struct sql_stmt *s, int i, int64_t v)
{
	struct pq_stmt *st = ST(s);
	assert(i >= 1 && i <= PQ_MAXPARAM);
	snprintf(st->num[i - 1], sizeof st->num[i - 1], "%lld", (long long)v);
	st->val[i - 1] = st->num[i - 1];
	st->fmt[i - 1] = 0;
}

static void pq_bind_double(struct sql_stmt *s, int i, double v)
{
	struct pq_stmt *st = ST(s);
	assert(i >= 1 && i <= PQ_MAXPARAM);
	snprintf(st->num[i - 1], sizeof st->num[i - 1], "%.17g", v);
	st->val[i - 1] = st->num[i - 1];
	st->fmt[i - 1] = 0;
}

/* The text must live until the statement is stepped (SQLite's SQLITE_STATIC). */
static void pq_bind_text(struct sql_stmt *s, int i, const char *text)
{
	struct pq_stmt *st = ST(s);
	assert(i >= 1 && i <= PQ_MAXPARAM);
	st->val[i - 1] = text;
	st->fmt[i - 1] = 0;
}

/* Bytes (bytea), sent in binary. */
static void pq_bind_blob(struct sql_stmt *s, int i, const void *p, size_t n)
{
	struct pq_stmt *st = ST(s);
	assert(i >= 1 && i <= PQ_MAXPARAM && n <= INT_MAX);
	st->val[i - 1] = p;
	st->len[i - 1] = (int)n;
	st->fmt[i - 1] = 1;
}

static bool pq_is_null(struct sql_stmt *s, int col)
{
	return PQgetisnull(ST(s)->res, ST(s)->row, col);
}

static const char *pq_column_text(struct sql_stmt *s, int col)
{
	struct pq_stmt *st = ST(s);
	return PQgetisnull(st->res, st->row, col) ? NULL : PQgetvalue(st->res, st->row, col);
}

static int64_t pq_column_int64(struct sql_stmt *s, int col)
{
	const char *v = pq_column_text(s, col);
	return v ? strtoll(v, NULL, 10) : 0;
}

static double pq_column_double(struct sql_stmt *s, int col)
{
	const char *v = pq_column_text(s, col);
	return v ? strtod(v, NULL) : 0;
}

static inline bool pq_autocommit(struct pg_store *ps)
{
	return PQtransactionStatus(ps->conn) == PQTRANS_IDLE;
}

static inline struct pg_store *PS(struct store *s)
{
	return (struct pg_store *)s;
}

#include "migrations-pg.h"

static const char *const sql_text[S_COUNT] = {
	[S_BEGIN] = "SELECT pg_advisory_xact_lock($1::bigint)",
	[S_GEN_BUMP] = "UPDATE generation SET value = value + 1 WHERE id = 1",
};

/* Keeps what the server said of the last failure (its SQLSTATE and first line). */
static void note_error(struct pg_store *ps, const PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	snprintf(ps->sqlstate, sizeof ps->sqlstate, "%s", state ? state : "");
	snprintf(ps->err, sizeof ps->err, "%s", msg ? msg : PQerrorMessage(ps->conn));
	ps->err[strcspn(ps->err, "\n")] = '\0';
}

/* Integrity constraint violations (class 23, the triggers' refusals among them) are conflicts,
 * as SQLite's constraint errors are. */
static int pg_db_error(struct pg_store *ps, struct zerr *e, const char *what)
{
	int rc = strncmp(ps->sqlstate, "23", 2) == 0 ? ZE_CONFLICT : ZE_IO;
	return zerr_set(e, rc, "database: %s: %s", what, ps->err);
}

static void pq_reset(struct sql_stmt *s)
{
	struct pq_stmt *st = ST(s);
	PQclear(st->res);
	st->res = NULL;
	st->row = st->rows = 0;
	if (st->blob)
		PQfreemem(st->blob);
	st->blob = NULL;
}

static int pg_exec_sql(struct pg_store *ps, const char *sql, struct zerr *e, const char *what);

/* What every connection of the store is set to: the store's schema, UTF-8, read-only. */
static int pg_session(struct pg_store *ps, struct zerr *e)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SET search_path TO %s; SET client_encoding TO 'UTF8'%s", ps->schema,
		 ps->readonly ? "; SET default_transaction_read_only = on" : "");
	return pg_exec_sql(ps, sql, e, "connect");
}

/* A connection the server closed (a restart, a failover to a standby, an administrator's
 * pg_terminate_backend) is opened again, once, between transactions: its prepared statements
 * went with it. Without this every worker of a node answered 500 until the node restarted.
 * Inside a transaction the transaction is lost with the connection, and the failure stands. */
static bool pg_revive(struct pg_store *ps)
{
	if (ps->reviving || PQstatus(ps->conn) != CONNECTION_BAD)
		return false;
	PQreset(ps->conn);
	if (PQstatus(ps->conn) != CONNECTION_OK)
		return false;
	for (int i = 0; i < S_COUNT; i++) {
		pq_reset(&ps->stmt[i].base);
		ps->stmt[i].prepared = false;
	}
	for (int i = 0; i < Q_COUNT; i++) {
		pq_reset(&ps->q[i].base);
		ps->q[i].prepared = false;
	}
	struct zerr e = {0};
	ps->reviving = true; /* the session's settings are not run again on a connection lost again */
	bool ok = pg_session(ps, &e) == 0;
	ps->reviving = false;
	return ok;
}

/* Prepares st with the text sql under the name st->name (once: it stays prepared until the
 * connection goes). */
static bool pq_prepare(struct pg_store *ps, struct pq_stmt *st, const char *sql, struct zerr *e)
{
	bool idle = pq_autocommit(ps);
	PGresult *r = PQprepare(ps->conn, st->name, sql, 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && idle && pg_revive(ps)) {
		PQclear(r);
		r = PQprepare(ps->conn, st->name, sql, 0, NULL);
	}
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (ok) {
		PQclear(r);
		r = PQdescribePrepared(ps->conn, st->name);
		ok = PQresultStatus(r) == PGRES_COMMAND_OK && PQnparams(r) <= PQ_MAXPARAM;
		if (ok)
			st->nparams = PQnparams(r);
	}
	if (!ok)
		note_error(ps, r);
	PQclear(r);
	if (!ok) {
		pg_db_error(ps, e, "prepare");
		return false;
	}
	st->ps = ps;
	st->sql = sql;
	st->prepared = true;
	return true;
}

/* st of ps with the text sql, prepared on its first use under the name st->name; reset, every
 * parameter NULL. */
static struct pq_stmt *prepared(struct pg_store *ps, struct pq_stmt *st, const char *sql, struct zerr *e)
{
	if (!st->prepared && !pq_prepare(ps, st, sql, e))
		return NULL;
	pq_reset(&st->base);
	for (int i = 0; i < PQ_MAXPARAM; i++) {
		st->val[i] = NULL;
		st->len[i] = st->fmt[i] = 0;
	}
	return st;
}

static struct pq_stmt *pg_stmt(struct pg_store *ps, enum stmt_id id, struct zerr *e)
{
	struct pq_stmt *st = &ps->stmt[id];
	if (!st->prepared)
		snprintf(st->name, sizeof st->name, "s%d", (int)id);
	return prepared(ps, st, sql_text[id], e);
}

static int pq_step(struct sql_stmt *s)
{
	struct pq_stmt *st = ST(s);
	struct pg_store *ps = st->ps;
	if (!st->res) {
		bool idle = pq_autocommit(ps);
		st->res = PQexecPrepared(ps->conn, st->name, st->nparams, st->val, st->len, st->fmt, 0);
		ExecStatusType t = PQresultStatus(st->res);
		if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK && idle && pg_revive(ps)) {
			/* outside a transaction: the statement is run again on the new connection */
			struct zerr e = {0};
			PQclear(st->res);
			st->res = NULL;
			if (!pq_prepare(ps, st, st->sql, &e))
				return PQ_ERROR;
			st->res = PQexecPrepared(ps->conn, st->name, st->nparams, st->val, st->len, st->fmt, 0);
			t = PQresultStatus(st->res);
		}
		if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK) {
			note_error(ps, st->res);
			pq_reset(s);
			return PQ_ERROR;
		}
		ps->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
		st->rows = PQntuples(st->res);
		st->row = -1;
	}
	if (st->row + 1 < st->rows) {
		st->row++;
		return PQ_ROW;
	}
	st->row = st->rows;
	return PQ_DONE;
}

/* A bytea column, decoded, its length in *n; valid until the next one or the reset. */
static const void *pq_column_blob(struct sql_stmt *s, int col, size_t *n)
{
	struct pq_stmt *st = ST(s);
	const char *v = pq_column_text(s, col);
	if (st->blob)
		PQfreemem(st->blob);
	st->blob = v ? PQunescapeBytea((const unsigned char *)v, &st->blob_len) : NULL;
	if (!st->blob)
		st->blob_len = 0;
	*n = st->blob_len;
	return st->blob;
}

/* Runs a statement that returns no rows. */
static int pg_exec_stmt(struct pg_store *ps, struct pq_stmt *st, struct zerr *e, const char *what)
{
	int rc = pq_step(&st->base);
	pq_reset(&st->base);
	if (rc != PQ_DONE)
		return pg_db_error(ps, e, what);
	return 0;
}

/* Runs SQL of our own, without parameters (transaction control, settings, migrations). */
static int pg_exec_sql(struct pg_store *ps, const char *sql, struct zerr *e, const char *what)
{
	bool idle = pq_autocommit(ps);
	PGresult *r = PQexec(ps->conn, sql);
	ExecStatusType t = PQresultStatus(r);
	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK && idle && pg_revive(ps)) {
		PQclear(r);
		r = PQexec(ps->conn, sql);
		t = PQresultStatus(r);
	}
	int rc = 0;
	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
		note_error(ps, r);
		rc = pg_db_error(ps, e, what);
	}
	PQclear(r);
	return rc;
}

/* Bumps the generation now (a write outside any transaction), or once at commit. */
static int pg_business_write(struct pg_store *ps, struct zerr *e)
{
	if (!pq_autocommit(ps)) {
		ps->dirty = true;
		return 0;
	}
	struct pq_stmt *st = pg_stmt(ps, S_GEN_BUMP, e);
	return st ? pg_exec_stmt(ps, st, e, "store generation") : e->code;
}

/* ---- the rest of the statement interface of the shared ops (sql.h) ---- */

static struct pg_store *PQ(struct sql_conn *c)
{
	return (struct pg_store *)((char *)c - offsetof(struct pg_store, sql));
}

static struct sql_stmt *pg_sql_stmt(struct sql_conn *c, enum sql_id id, struct zerr *e)
{
	struct pg_store *ps = PQ(c);
	assert(id >= 0 && id < Q_COUNT);
	struct pq_stmt *st = &ps->q[id];
	if (!st->prepared) {
		snprintf(st->name, sizeof st->name, "q%d", (int)id);
		st->base.drv = c->drv;
	}
	return prepared(ps, st, sql_shared_text(id, true), e) ? &st->base : NULL;
}

static int pg_sql_error(struct sql_conn *c, struct zerr *e, const char *what)
{
	return pg_db_error(PQ(c), e, what);
}

static int pg_sql_business_write(struct sql_conn *c, struct zerr *e)
{
	return pg_business_write(PQ(c), e);
}

static bool pg_sql_in_transaction(struct sql_conn *c)
{
	return !pq_autocommit(PQ(c));
}

static int64_t pg_sql_changes(struct sql_conn *c)
{
	return PQ(c)->changes;
}

static int pg_sql_constraint(struct sql_conn *c)
{
	const char *state = PQ(c)->sqlstate;
	return strcmp(state, "23505") == 0 ? SQL_UNIQUE : strcmp(state, "23514") == 0 ? SQL_CHECK : 0;
}

static const struct sql_driver postgres_driver = {
	.stmt = pg_sql_stmt,
	.bind_text = pq_bind_text,
	.bind_int64 = pq_bind_int64,
	.bind_double = pq_bind_double,
	.bind_null = pq_bind_null,
	.step = pq_step,
	.is_null = pq_is_null,
	.text = pq_column_text,
	.int64 = pq_column_int64,
	.dbl = pq_column_double,
	.reset = pq_reset,
	.error = pg_sql_error,
	.business_write = pg_sql_business_write,
	.in_transaction = pg_sql_in_transaction,
	.changes = pg_sql_changes,
	.constraint = pg_sql_constraint,
	.bind_blob = pq_bind_blob,
	.blob = pq_column_blob,
};

/* A write transaction: the store's advisory lock (see the top of this file) is taken at once,
 * as BEGIN IMMEDIATE takes SQLite's. A bulk one (the importer's) defers the foreign keys to its
 * commit, where SQLite switches them off: every foreign key of the ported migrations is DEFERRABLE. */
static int pg_begin(struct store *s, bool bulk, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	ps->dirty = false;
	int rc = pg_exec_sql(ps, "BEGIN", e, "begin"); /* on a connection lost since: opened again */
	struct pq_stmt *st = rc ? NULL : pg_stmt(ps, S_BEGIN, e);
	if (!rc && !st)
		rc = e->code;
	if (!rc) {
		pq_bind_int64(&st->base, 1, ps->lock_key);
		int step = pq_step(&st->base); /* one row, the lock's void */
		pq_reset(&st->base);
		rc = step == PQ_ROW ? 0 : pg_db_error(ps, e, "begin: lock the store");
	}
	if (!rc && bulk)
		rc = pg_exec_sql(ps, "SET CONSTRAINTS ALL DEFERRED", e, "begin");
	if (rc && !pq_autocommit(ps))
		pg_exec_sql(ps, "ROLLBACK", NULL, "rollback");
	return rc;
}

static int pg_commit(struct store *s, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	int rc = 0;
	if (ps->dirty) {
		/* Inside the transaction, so readers see the new facts and the new number together. */
		struct pq_stmt *st = pg_stmt(ps, S_GEN_BUMP, e);
		if ((rc = st ? pg_exec_stmt(ps, st, e, "store generation") : e->code))
			return rc;
	}
	PGresult *r = PQexec(ps->conn, "COMMIT");
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		note_error(ps, r);
		rc = pg_db_error(ps, e, "commit");
	} else if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
		/* a transaction a failed statement aborted ends in ROLLBACK */
		rc = zerr_set(e, ZE_IO, "database: commit: the transaction was rolled back");
	}
	PQclear(r);
	if (!rc)
		ps->dirty = false;
	return rc;
}

static void pg_rollback(struct store *s)
{
	struct pg_store *ps = PS(s);
	ps->dirty = false;
	if (!pq_autocommit(ps))
		pg_exec_sql(ps, "ROLLBACK", NULL, "rollback");
}

/* ---- schema, opening and closing ---- */

static int pg_schema_version(struct store *s)
{
	struct pg_store *ps = PS(s);
	PGresult *r = PQexec(ps->conn, "SELECT version FROM zeren_schema");
	int v = -1;
	if (PQresultStatus(r) == PGRES_TUPLES_OK)
		v = PQntuples(r) ? atoi(PQgetvalue(r, 0, 0)) : 0;
	PQclear(r);
	return v;
}

static void pg_close(struct store *s)
{
	struct pg_store *ps = PS(s);
	for (int i = 0; i < S_COUNT; i++)
		pq_reset(&ps->stmt[i].base);
	for (int i = 0; i < Q_COUNT; i++)
		pq_reset(&ps->q[i].base);
	PQfinish(ps->conn);
	sb_release(&ps->key);
	free(ps);
}

/* A PostgreSQL store is backed up by PostgreSQL's own means (docs/deploy.md). */
static int pg_backup(struct store *s, const char *dest_dir, struct zerr *e)
{
	(void)s;
	(void)dest_dir;
	return zerr_set(e, ZE_INVALID, "backup: the store is in PostgreSQL: back it up with pg_dump or "
				       "continuous archiving (docs/deploy.md), and the data directory's files with it");
}

/* The schema is current, and the server answers: PostgreSQL checks its own pages. */
static int pg_check(struct store *s, struct zerr *e)
{
	int version = pg_schema_version(s);
	if (version < 0)
		return zerr_set(e, ZE_IO, "database: %s", PQerrorMessage(PS(s)->conn));
	return migrations_not_newer(pg_migrations, sizeof pg_migrations / sizeof pg_migrations[0], version, e);
}

/* Applies the migrations the schema lacks, each in its own transaction with its version; the
 * session's advisory lock keeps two servers starting together from applying one twice. */
static int migrate(struct pg_store *ps, struct zerr *e)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT pg_advisory_lock(%lld)", (long long)ps->lock_key);
	int rc = pg_exec_sql(ps, sql, e, "lock the schema");
	if (rc)
		return rc;
	snprintf(sql, sizeof sql, "CREATE SCHEMA IF NOT EXISTS %s", ps->schema);
	rc = pg_exec_sql(ps, sql, e, "create schema");
	if (!rc)
		rc = pg_exec_sql(ps, "CREATE TABLE IF NOT EXISTS zeren_schema (version INTEGER NOT NULL)", e,
			      "create schema");
	int have = rc ? 0 : pg_schema_version(&ps->base);
	for (size_t i = 0; !rc && i < sizeof pg_migrations / sizeof pg_migrations[0]; i++) {
		const struct migration *m = &pg_migrations[i];
		if (m->version <= have)
			continue;
		char bump[96];
		/* the version is our own integer */
		snprintf(bump, sizeof bump, "DELETE FROM zeren_schema; INSERT INTO zeren_schema VALUES (%d)", m->version);
		char what[96];
		snprintf(what, sizeof what, "migration %s", m->name);
		if ((rc = pg_exec_sql(ps, "BEGIN", e, what)) || (rc = pg_exec_sql(ps, m->sql, e, what)) ||
		    (rc = pg_exec_sql(ps, bump, e, what)) || (rc = pg_exec_sql(ps, "COMMIT", e, what)))
			pg_exec_sql(ps, "ROLLBACK", NULL, what);
	}
	snprintf(sql, sizeof sql, "SELECT pg_advisory_unlock(%lld)", (long long)ps->lock_key);
	pg_exec_sql(ps, sql, NULL, "unlock the schema");
	return rc;
}

static void no_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Reads the schema named in dir/zeren.pg; 0, ZE_NOTFOUND when there is none, ZE_IO. */
static int read_schema_file(const char *path, char out[40], struct zerr *e)
{
	char buf[64] = "";
	FILE *f = fopen(path, "r");
	if (!f)
		return zerr_set(e, errno == ENOENT ? ZE_NOTFOUND : ZE_IO, "%s: %s", path, strerror(errno));
	bool ok = fgets(buf, sizeof buf, f) != NULL;
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	ok = ok && strlen(buf) == 18 && strncmp(buf, "z_", 2) == 0 && strspn(buf + 2, "0123456789abcdef") == 16;
	if (!ok)
		return zerr_set(e, ZE_IO, "%s: not a schema name (z_ and 16 hexadecimal digits)", path);
	memcpy(out, buf, 19); /* its 18 characters, checked above, and the NUL */
	return 0;
}

int pg_schema_name(const char *dir, bool create, char out[40], struct zerr *e)
{
	char path[4200], tmp[4300];
	snprintf(path, sizeof path, "%s/zeren.pg", dir);
	int rc = read_schema_file(path, out, e);
	if (rc != ZE_NOTFOUND || !create)
		return rc;
	/* A new store: a name of its own (the path, the time and the process hashed), written to a
	 * file of this process and linked into place, so that of two processes creating it at once
	 * the first one's name is the store's. */
	char real[PATH_MAX], seed[PATH_MAX + 64];
	struct timespec now;
	if (!realpath(dir, real))
		return zerr_set(e, ZE_IO, "%s: %s", dir, strerror(errno));
	clock_gettime(CLOCK_REALTIME, &now);
	int n = snprintf(seed, sizeof seed, "%s|%lld.%09ld|%ld", real, (long long)now.tv_sec, now.tv_nsec, (long)getpid());
	snprintf(out, 40, "z_%016llx", (unsigned long long)hash_bytes(seed, (size_t)n));
	snprintf(tmp, sizeof tmp, "%s.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f)
		return zerr_set(e, ZE_IO, "%s: %s", tmp, strerror(errno));
	bool ok = fprintf(f, "%s\n", out) > 0;
	ok = fclose(f) == 0 && ok;
	int linked = ok ? link(tmp, path) : -1;
	int err = errno;
	unlink(tmp);
	if (!ok)
		return zerr_set(e, ZE_IO, "%s: cannot write", tmp);
	if (linked != 0 && err != EEXIST)
		return zerr_set(e, ZE_IO, "%s: %s", path, strerror(err));
	return linked == 0 ? 0 : read_schema_file(path, out, e);
}

/* Every identity column of the store's schema (search_path): its sequence's next value is past
 * the column's largest (1 in an empty table). setval is not rolled back, and need not be: run
 * again, it sets the same values from the rows that are there. */
static int pg_ids_follow(struct store *s, struct zerr *e)
{
	return pg_exec_sql(PS(s),
			   "DO $$ DECLARE c record; m bigint; BEGIN "
			   "FOR c IN SELECT table_name, column_name FROM information_schema.columns "
			   "WHERE table_schema = current_schema() AND is_identity = 'YES' LOOP "
			   "EXECUTE format('SELECT max(%I) FROM %I', c.column_name, c.table_name) INTO m; "
			   "PERFORM setval(pg_get_serial_sequence(quote_ident(c.table_name), c.column_name), "
			   "coalesce(m, 1), m IS NOT NULL); "
			   "END LOOP; END $$",
			   e, "set the ids past the rows");
}

static const struct store_ops postgres_ops = {
	.name = "postgresql",
	.backup = pg_backup,
	.close = pg_close,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.load = sql_load,
	.schema_version = pg_schema_version,
	.check = pg_check,
	.ids_follow = pg_ids_follow,
};

int postgres_store_open(const char *url, const char *dir, bool readonly, struct store **out, struct zerr *e)
{
	if (!readonly && data_dir_create(dir) != 0)
		return zerr_set(e, ZE_IO, "%s: cannot create data directory: %s", dir, strerror(errno));
	struct pg_store *ps = calloc(1, sizeof *ps);
	if (!ps)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	ps->base.ops = &postgres_ops;
	sb_init(&ps->key, 4096);
	ps->sql.drv = &postgres_driver;
	ps->sql.key = &ps->key;
	ps->base.sql = &ps->sql;
	int rc = pg_schema_name(dir, !readonly, ps->schema, e);
	if (rc == ZE_NOTFOUND)
		rc = zerr_set(e, ZE_NOTFOUND, "%s: no store (its zeren.pg names the store's schema)", dir);
	if (rc)
		goto out;
	ps->lock_key = (int64_t)hash_bytes(ps->schema, strlen(ps->schema));
	ps->conn = PQconnectdb(url);
	if (!ps->conn || PQstatus(ps->conn) != CONNECTION_OK) {
		rc = zerr_set(e, ZE_IO, "database: cannot connect: %s",
			      ps->conn ? PQerrorMessage(ps->conn) : "out of memory");
		goto out;
	}
	PQsetNoticeProcessor(ps->conn, no_notices, NULL);
	ps->readonly = readonly;
	if ((rc = pg_session(ps, e)))
		goto out;
	if (readonly) {
		if (pg_schema_version(&ps->base) <= 0) {
			rc = zerr_set(e, ZE_NOTFOUND, "database: no store for %s (schema %s)", dir, ps->schema);
			goto out;
		}
	} else if ((rc = migrate(ps, e))) {
		goto out;
	}
	*out = &ps->base;
	ps = NULL;
out:
	if (ps)
		pg_close(&ps->base);
	return rc;
}
