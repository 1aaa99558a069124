/* The SQLite backend: WAL, foreign keys on, every statement prepared once with bound
 * parameters, migrations applied on open. */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/backend.h"
#include "store/snapshot.h"
#include "store/sql.h"
#include "util/strbuf.h"

#include "migrations.h"

enum stmt_id {
	S_BEGIN, S_COMMIT, S_ROLLBACK, S_GEN_BUMP,
	S_LOAD_BEGIN, S_LOAD_END, S_APPT_SPLIT,
	S_SNAPSHOT_KEY,
	S_COUNT
};

static const char *const sql_text[S_COUNT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_GEN_BUMP] = "UPDATE generation SET value = value + 1 WHERE id = 1",
	/* Loading every unit: one read transaction, the appointments read by a second connection
	 * (sq_load). */
	[S_LOAD_BEGIN] = "BEGIN DEFERRED",
	[S_LOAD_END] = "COMMIT",
	[S_APPT_SPLIT] = "SELECT min(id), max(id) FROM appointment",
	/* The state a facts snapshot is of (store/snapshot.h): generation, schema, and the audit
	 * record of the change that wrote the last version of a fact. */
	[S_SNAPSHOT_KEY] = ("SELECT (SELECT value FROM generation WHERE id = 1), (SELECT user_version FROM pragma_user_version), "
			    "(SELECT hash FROM audit_log WHERE seq = (SELECT change FROM fact_version ORDER BY seq DESC LIMIT 1))"),
};

#define SQ_MAXPARAM 32

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	sqlite3_stmt *stmt[S_COUNT];
	struct sql_conn sql; /* the shared ops' statements (sql.h), prepared on first use: */
	struct sq_shared {
		struct sql_stmt base;
		sqlite3_stmt *st;
		unsigned char pos[SQ_MAXPARAM + 1]; /* $N is SQLite's parameter pos[N] */
	} q[Q_COUNT];
	struct strbuf key; /* scratch for appointment natural keys */
	bool dirty;        /* the open transaction wrote business data: commit bumps the generation */
	bool fk_off;       /* a bulk transaction switched foreign keys off: its end switches them on */
	struct write_gate *gate; /* of this database in this process (read-only handles: none) */
	bool gated;              /* the open transaction holds the gate */
	bool sync_normal;        /* ZEREN_SYNCHRONOUS=normal: no commit waits for its sync */
	bool deferring;          /* store_defer_durability: commits return before their sync */
	bool unsynced;           /* the connection is at synchronous = NORMAL for a deferred transaction */
	uint64_t ticket;         /* the last commit made without its sync (0: none), for store_durable */
};

/* Group commit (store_durable, docs/server.md "Durability"). A deferred transaction commits at
 * synchronous = NORMAL: its WAL frames are written, not synced, and the commit takes the next
 * ticket of its database. Durability is a separate step: a waiter whose ticket is not yet
 * flushed either becomes the flusher — it notes the last ticket taken, fdatasyncs the WAL and
 * publishes that ticket as flushed — or waits for a flush that covers its ticket. One sync
 * serves every commit made before it started, and no sync is made inside the writers' turn.
 * A commit a checkpoint copied into the database is durable too: a checkpoint syncs the WAL
 * before it and the database after it (also at NORMAL). */
struct group_sync {
	char *wal;           /* the WAL's path, opened at each flush (see sync_wal) */
	pthread_mutex_t mu;  /* guards the fields below */
	pthread_cond_t done; /* a flush ended */
	uint64_t committed;  /* the last ticket taken */
	uint64_t flushed;    /* every ticket up to this one is on disk */
	/* Tickets in (lost_from, lost_to] were covered by a failed sync: whatever a later sync says,
	 * the kernel may have dropped their pages, so each of their waiters is told. */
	uint64_t lost_from, lost_to;
	int lost_errno;
	bool flushing;
	uint64_t flushes; /* syncs made (sqlite_group_sync_stats) */
};

int (*sqlite_wal_sync)(int fd) = fdatasync;

/* Syncs the WAL at path. It is opened by path each time, not kept open: SQLite deletes the WAL
 * when its last connection closes and creates a new one, and an fd kept across that would sync
 * the old file. A WAL that is gone was checkpointed into the database, synced, before SQLite
 * deleted it: nothing is left to sync. 0 or an errno. */
static int sync_wal(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : errno;
	int err = sqlite_wal_sync(fd) ? errno : 0;
	close(fd);
	return err;
}

/* The next ticket, for a commit made without its sync: commits of one database in this process
 * take them in commit order (inside the writers' turn). */
static uint64_t group_ticket(struct group_sync *g)
{
	pthread_mutex_lock(&g->mu);
	uint64_t t = ++g->committed;
	pthread_mutex_unlock(&g->mu);
	return t;
}

static bool group_lost(const struct group_sync *g, uint64_t t)
{
	return t > g->lost_from && t <= g->lost_to;
}

/* Returns once ticket t is on disk: ZE_IO when a failed sync covered it. */
static int group_wait(struct group_sync *g, uint64_t t, struct zerr *e)
{
	pthread_mutex_lock(&g->mu);
	while (g->flushed < t && !group_lost(g, t)) {
		if (g->flushing) {
			pthread_cond_wait(&g->done, &g->mu);
			continue;
		}
		g->flushing = true;
		uint64_t upto = g->committed, from = g->flushed;
		pthread_mutex_unlock(&g->mu);
		int err = sync_wal(g->wal);
		pthread_mutex_lock(&g->mu);
		g->flushing = false;
		g->flushes++;
		if (!err) {
			if (upto > g->flushed)
				g->flushed = upto;
		} else {
			if (!g->lost_to)
				g->lost_from = from;
			g->lost_to = upto;
			g->lost_errno = err;
		}
		pthread_cond_broadcast(&g->done);
	}
	int rc = 0;
	if (group_lost(g, t))
		rc = zerr_set(e, ZE_IO, "database: the write was committed but may be lost: syncing %s failed: %s", g->wal,
			      strerror(g->lost_errno));
	pthread_mutex_unlock(&g->mu);
	return rc;
}

/* The writers of one database in this process (the server's threads, its scheduler) queue on a
 * mutex for their transaction instead of on SQLite's lock, whose busy handler sleeps and polls:
 * at 64 connections a write waited in sleeps of up to 100 ms while the lock was long free.
 * Other processes still meet SQLite's lock. */
struct write_gate {
	char *path;
	pthread_mutex_t mu; /* error-checking: a thread already in a transaction on another handle of
			     * the same database does not wait for itself (SQLite's lock answers it) */
	int refs;
	struct write_gate *next;
	struct group_sync sync;
};
static pthread_mutex_t gates_mu = PTHREAD_MUTEX_INITIALIZER;
static struct write_gate *gates;

static struct write_gate *gate_get(const char *path)
{
	struct write_gate *g;
	pthread_mutex_lock(&gates_mu);
	for (g = gates; g && strcmp(g->path, path) != 0; g = g->next)
		;
	if (!g && (g = calloc(1, sizeof *g))) {
		size_t n = strlen(path);
		if (!(g->path = strdup(path)) || !(g->sync.wal = malloc(n + sizeof "-wal"))) {
			free(g->path);
			free(g);
			g = NULL;
		} else {
			memcpy(g->sync.wal, path, n);
			memcpy(g->sync.wal + n, "-wal", sizeof "-wal");
			pthread_mutex_init(&g->sync.mu, NULL);
			pthread_cond_init(&g->sync.done, NULL);
			pthread_mutexattr_t a;
			pthread_mutexattr_init(&a);
			pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
			pthread_mutex_init(&g->mu, &a);
			pthread_mutexattr_destroy(&a);
			g->next = gates;
			gates = g;
		}
	}
	if (g)
		g->refs++;
	pthread_mutex_unlock(&gates_mu);
	return g; /* NULL (out of memory): the handle writes without one */
}

static void gate_put(struct write_gate *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&gates_mu);
	if (!--g->refs) {
		struct write_gate **p = &gates;
		while (*p != g)
			p = &(*p)->next;
		*p = g->next;
		pthread_mutex_destroy(&g->mu);
		pthread_mutex_destroy(&g->sync.mu);
		pthread_cond_destroy(&g->sync.done);
		free(g->sync.wal);
		free(g->path);
		free(g);
	}
	pthread_mutex_unlock(&gates_mu);
}

static void ungate(struct sqlite_store *ss)
{
	if (ss->gated)
		pthread_mutex_unlock(&ss->gate->mu);
	ss->gated = false;
}

static int db_error(struct sqlite_store *ss, struct zerr *e, const char *what)
{
	int code = sqlite3_extended_errcode(ss->db);
	int rc = (code & 0xff) == SQLITE_CONSTRAINT ? ZE_CONFLICT : ZE_IO;
	return zerr_set(e, rc, "database: %s: %s", what, sqlite3_errmsg(ss->db));
}

/* The connection at synchronous = NORMAL for a deferred transaction (on), or back at FULL. SQLite
 * changes it only outside a transaction; the pragma expires no prepared statement. */
static int set_unsynced(struct sqlite_store *ss, bool on)
{
	if (ss->unsynced == on)
		return 0;
	if (sqlite3_exec(ss->db, on ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL", NULL, NULL, NULL))
		return -1;
	ss->unsynced = on;
	return 0;
}

/* The transaction ended: the connection's commits sync again (failing, out of memory: the next
 * begin tries again and refuses to start a transaction that would not sync), and the next
 * writer's turn begins. */
static void end_transaction(struct sqlite_store *ss)
{
	set_unsynced(ss, false);
	ungate(ss);
}

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct zerr *e)
{
	if (!ss->stmt[id] &&
	    sqlite3_prepare_v3(ss->db, sql_text[id], -1, SQLITE_PREPARE_PERSISTENT, &ss->stmt[id], NULL)) {
		db_error(ss, e, "prepare");
		return NULL;
	}
	sqlite3_reset(ss->stmt[id]);
	sqlite3_clear_bindings(ss->stmt[id]);
	return ss->stmt[id];
}

/* Runs a statement that returns no rows. */
static int exec_stmt(struct sqlite_store *ss, sqlite3_stmt *st, struct zerr *e, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(ss, e, what);
	return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static struct sqlite_store *SS(struct store *s)
{
	return (struct sqlite_store *)s;
}

/* Foreign keys can only be switched outside a transaction. Only when they must: every such
 * pragma expires all prepared statements (SQLite's OP_Expire, even for the value they have),
 * and the next use of each is prepared again. */
static void set_foreign_keys(struct sqlite_store *ss, bool on)
{
	if (ss->fk_off != on)
		return;
	sqlite3_exec(ss->db, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
	ss->fk_off = !on;
}

/* Bumps the generation now (a write outside any transaction), or once at commit. */
static int business_write(struct sqlite_store *ss, struct zerr *e)
{
	if (!sqlite3_get_autocommit(ss->db)) {
		ss->dirty = true;
		return 0;
	}
	sqlite3_stmt *st = stmt(ss, S_GEN_BUMP, e);
	return st ? exec_stmt(ss, st, e, "store generation") : e->code;
}

/* ---- the statement interface of the shared ops (sql.h) ---- */

static struct sqlite_store *SQ(struct sql_conn *c)
{
	return (struct sqlite_store *)((char *)c - offsetof(struct sqlite_store, sql));
}

static sqlite3_stmt *ST(struct sql_stmt *st)
{
	return ((struct sq_shared *)st)->st;
}

/* SQLite's number of parameter $i. */
static int POS(struct sql_stmt *st, int i)
{
	assert(i >= 1 && i <= SQ_MAXPARAM);
	return ((struct sq_shared *)st)->pos[i];
}

/* SQLite numbers the parameters $1, $2, … of a shared text by their first appearance: q->pos
 * maps each $N to its number. A text with other parameters, or with a gap, is refused. */
static int map_params(struct sq_shared *q, enum sql_id id, struct zerr *e)
{
	int n = sqlite3_bind_parameter_count(q->st);
	memset(q->pos, 0, sizeof q->pos);
	for (int i = 1; i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(q->st, i);
		char *end = NULL;
		long k = name && name[0] == '$' ? strtol(name + 1, &end, 10) : 0;
		if (k < 1 || k > n || k > SQ_MAXPARAM || *end || q->pos[k])
			return zerr_set(e, ZE_INVALID, "database: prepare statement %d: parameter %d is %s, not $1 to $%d",
					(int)id, i, name ? name : "?", n);
		q->pos[k] = (unsigned char)i;
	}
	return 0;
}

static struct sql_stmt *sq_sql_stmt(struct sql_conn *c, enum sql_id id, struct zerr *e)
{
	struct sqlite_store *ss = SQ(c);
	assert(id >= 0 && id < Q_COUNT);
	struct sq_shared *q = &ss->q[id];
	if (!q->st) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v3(ss->db, sql_shared_text(id, false), -1, SQLITE_PREPARE_PERSISTENT, &st, NULL)) {
			db_error(ss, e, "prepare");
			return NULL;
		}
		q->st = st;
		if (map_params(q, id, e)) {
			sqlite3_finalize(st);
			q->st = NULL;
			return NULL;
		}
		q->base.drv = c->drv;
	}
	sqlite3_reset(q->st);
	sqlite3_clear_bindings(q->st);
	return &q->base;
}

static void sq_sql_bind_text(struct sql_stmt *st, int i, const char *s)
{
	bind_text(ST(st), POS(st, i), s);
}

static void sq_sql_bind_int64(struct sql_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(ST(st), POS(st, i), v);
}

static void sq_sql_bind_double(struct sql_stmt *st, int i, double v)
{
	sqlite3_bind_double(ST(st), POS(st, i), v);
}

static void sq_sql_bind_null(struct sql_stmt *st, int i)
{
	sqlite3_bind_null(ST(st), POS(st, i));
}

static int sq_sql_step(struct sql_stmt *st)
{
	return sqlite3_step(ST(st));
}

static bool sq_sql_is_null(struct sql_stmt *st, int col)
{
	return sqlite3_column_type(ST(st), col) == SQLITE_NULL;
}

static const char *sq_sql_text(struct sql_stmt *st, int col)
{
	return col_text(ST(st), col);
}

static int64_t sq_sql_int64(struct sql_stmt *st, int col)
{
	return sqlite3_column_int64(ST(st), col);
}

static double sq_sql_double(struct sql_stmt *st, int col)
{
	return sqlite3_column_double(ST(st), col);
}

static void sq_sql_reset(struct sql_stmt *st)
{
	sqlite3_reset(ST(st));
}

static int sq_sql_error(struct sql_conn *c, struct zerr *e, const char *what)
{
	return db_error(SQ(c), e, what);
}

static int sq_sql_business_write(struct sql_conn *c, struct zerr *e)
{
	return business_write(SQ(c), e);
}

static bool sq_sql_in_transaction(struct sql_conn *c)
{
	return !sqlite3_get_autocommit(SQ(c)->db);
}

static int64_t sq_sql_changes(struct sql_conn *c)
{
	return sqlite3_changes64(SQ(c)->db);
}

static int sq_sql_constraint(struct sql_conn *c)
{
	int code = sqlite3_extended_errcode(SQ(c)->db);
	return code == SQLITE_CONSTRAINT_UNIQUE ? SQL_UNIQUE : code == SQLITE_CONSTRAINT_CHECK ? SQL_CHECK : 0;
}

static void sq_sql_bind_blob(struct sql_stmt *st, int i, const void *p, size_t n)
{
	assert(n <= INT_MAX);
	sqlite3_bind_blob(ST(st), POS(st, i), p, (int)n, SQLITE_STATIC);
}

static const void *sq_sql_blob(struct sql_stmt *st, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(ST(st), col);
	*n = (size_t)sqlite3_column_bytes(ST(st), col);
	return p;
}

static const struct sql_driver sqlite_driver = {
	.stmt = sq_sql_stmt,
	.bind_text = sq_sql_bind_text,
	.bind_int64 = sq_sql_bind_int64,
	.bind_double = sq_sql_bind_double,
	.bind_null = sq_sql_bind_null,
	.step = sq_sql_step,
	.is_null = sq_sql_is_null,
	.text = sq_sql_text,
	.int64 = sq_sql_int64,
	.dbl = sq_sql_double,
	.reset = sq_sql_reset,
	.error = sq_sql_error,
	.business_write = sq_sql_business_write,
	.in_transaction = sq_sql_in_transaction,
	.changes = sq_sql_changes,
	.constraint = sq_sql_constraint,
	.bind_blob = sq_sql_bind_blob,
	.blob = sq_sql_blob,
};

static const struct store_ops sqlite_ops;

/* Sets up a new handle's table of ops and its statement interface (sql.h). */
static void sq_sql_init(struct sqlite_store *ss)
{
	ss->base.ops = &sqlite_ops;
	ss->sql.drv = &sqlite_driver;
	ss->sql.key = &ss->key;
	ss->base.sql = &ss->sql;
}

static int sq_begin(struct store *s, bool bulk, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_BEGIN, e);
	if (!st)
		return e->code;
	ss->dirty = false;
	if (ss->gate && !ss->gated)
		ss->gated = pthread_mutex_lock(&ss->gate->mu) == 0;
	/* Deferred (store_defer_durability): the commit leaves its sync to store_durable. When the
	 * switch fails it commits synced, which is durable all the same. */
	bool defer = ss->deferring && ss->gate && !ss->sync_normal;
	if (set_unsynced(ss, defer) && !defer) {
		int rc = db_error(ss, e, "begin (synchronous = FULL)");
		ungate(ss);
		return rc;
	}
	if (bulk)
		set_foreign_keys(ss, false);
	int rc = exec_stmt(ss, st, e, "begin");
	if (rc && bulk)
		set_foreign_keys(ss, true);
	if (rc)
		end_transaction(ss);
	return rc;
}

static int sq_commit(struct store *s, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	int rc = 0;
	sqlite3_stmt *st;
	if (ss->dirty) {
		/* Inside the transaction, so readers see the new facts and the new number together. */
		st = stmt(ss, S_GEN_BUMP, e);
		if ((rc = st ? exec_stmt(ss, st, e, "store generation") : e->code))
			return rc;
	}
	st = stmt(ss, S_COMMIT, e);
	rc = st ? exec_stmt(ss, st, e, "commit") : e->code;
	if (!rc) {
		ss->dirty = false;
		set_foreign_keys(ss, true);
		if (ss->unsynced) /* inside the turn: tickets in commit order */
			ss->ticket = group_ticket(&ss->gate->sync);
	}
	if (sqlite3_get_autocommit(ss->db)) /* ended (a failed commit may leave it open: rollback) */
		end_transaction(ss);
	return rc;
}

static void sq_rollback(struct store *s)
{
	struct sqlite_store *ss = SS(s);
	ss->dirty = false;
	if (!sqlite3_get_autocommit(ss->db)) {
		sqlite3_stmt *st = stmt(ss, S_ROLLBACK, NULL);
		if (st)
			exec_stmt(ss, st, NULL, "rollback");
	}
	set_foreign_keys(ss, true);
	end_transaction(ss);
}

static void sq_defer_durability(struct store *s)
{
	SS(s)->deferring = true;
}

static uint64_t sq_durable_later(struct store *s)
{
	struct sqlite_store *ss = SS(s);
	uint64_t t = ss->ticket;
	ss->deferring = false;
	ss->ticket = 0;
	return t;
}

static int sq_durable_wait(struct store *s, uint64_t t, struct zerr *e)
{
	struct write_gate *g = SS(s)->gate;
	return g ? group_wait(&g->sync, t, e) : 0;
}

struct group_sync_stats sqlite_group_sync_stats(struct store *s)
{
	struct write_gate *w = SS(s)->gate;
	struct group_sync_stats st = {.ticket = SS(s)->ticket};
	if (w) {
		pthread_mutex_lock(&w->sync.mu);
		st.flushes = w->sync.flushes;
		st.flushed = w->sync.flushed;
		st.committed = w->sync.committed;
		pthread_mutex_unlock(&w->sync.mu);
	}
	return st;
}

/* Loading every unit, the appointments (3 of the 5.8 million rows of bench/'s province, half
 * of the time) are read by a second thread on its own read-only connection while this thread
 * reads every other table. Both read transactions must see the same store: the second compares
 * the store's generation with the first's, and when it differs (a write committed between the
 * two BEGINs) it reads nothing and this thread reads the appointments itself. */
#define LOAD_SPLIT_MIN 4096 /* fewer appointments: not worth a thread (tests/unit/test_store.c loads more) */

struct appt_part {
	struct sqlite_store ss; /* its own connection and statements */
	struct facts *ids;      /* what references resolve against: only read while the thread runs */
	struct facts got;       /* the appointments read */
	struct zerr e;
	int64_t gen;  /* the first transaction's generation */
	bool started; /* the second thread runs */
	pthread_t thread;
	bool same; /* its transaction saw the first one's generation */
	int rc;
};

static void *appt_part_run(void *arg)
{
	struct appt_part *p = arg;
	struct sql_loader l = {&p->ss.sql, p->ids, &p->e, "appointment", 0};
	sqlite3_stmt *st = stmt(&p->ss, S_LOAD_BEGIN, &p->e);
	struct sql_stmt *appts;
	int64_t gen = -1;
	if (!st || exec_stmt(&p->ss, st, &p->e, "begin")) {
		p->rc = p->e.code;
		return NULL;
	}
	if (!store_generation(&p->ss.base, &gen, &p->e) && gen == p->gen &&
	    (appts = sql_stmt(&p->ss.sql, Q_LOAD_APPT, &p->e))) {
		p->same = true;
		p->rc = sql_load_appt_rows(&l, appts, &p->got);
	}
	if ((st = stmt(&p->ss, S_LOAD_END, &p->e)))
		exec_stmt(&p->ss, st, &p->e, "end of load");
	return NULL;
}

/* Starts reading every unit's appointments (p, an appt_part): in the second thread when they
 * are many, else now. */
static int appts_begin(struct sql_loader *l, void *part)
{
	struct appt_part *p = part;
	struct sqlite_store *ss = SQ(l->db);
	sqlite3_int64 lo = 0, hi = 0;
	sqlite3_stmt *st = stmt(ss, S_APPT_SPLIT, l->e);
	const char *path = sqlite3_db_filename(ss->db, "main");
	if (!st)
		return l->e->code;
	if (sqlite3_step(st) == SQLITE_ROW) {
		lo = sqlite3_column_int64(st, 0);
		hi = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (hi - lo < LOAD_SPLIT_MIN || !path || !path[0] || store_generation(&ss->base, &p->gen, l->e) ||
	    sqlite3_open_v2(path, &p->ss.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return sql_load_appts(l, NULL);
	sq_sql_init(&p->ss);
	sqlite3_busy_timeout(p->ss.db, 5000);
	p->started = pthread_create(&p->thread, NULL, appt_part_run, p) == 0;
	return p->started ? 0 : sql_load_appts(l, NULL);
}

/* Waits for the second thread and takes what it read (or reads the appointments here when it
 * saw another store); rc is the load's result so far. */
static int appts_end(struct sql_loader *l, struct appt_part *p, int rc)
{
	if (p->started)
		pthread_join(p->thread, NULL);
	if (rc || !p->started) {
	} else if (!p->same) {
		rc = sql_load_appts(l, NULL);
	} else if (p->rc) {
		*l->e = p->e;
		rc = p->rc;
	} else if (!l->f->appts.n) { /* the load of every unit: take the array read, not a copy */
		free(l->f->appts.v);
		l->f->appts = p->got.appts;
		memset(&p->got.appts, 0, sizeof p->got.appts);
		l->f->indexed = false;
	} else {
		for (size_t i = 0; i < p->got.appts.n && !rc; i++)
			if (facts_add_appt(l->f, &p->got.appts.v[i]) < 0)
				rc = zerr_set(l->e, ZE_NOMEM, "out of memory loading appointment");
	}
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(p->ss.stmt[i]);
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(p->ss.q[i].st);
	sqlite3_close(p->ss.db);
	facts_release(&p->got);
	return rc;
}

/* Every unit's facts are also kept in a snapshot beside the database (store/snapshot.h),
 * read instead of the tables when it is of the store's state and written after a load of the
 * tables. ZEREN_SNAPSHOT=off neither reads nor writes it; =always writes it for a store of any
 * size (the tests); unset or =auto, for stores of LOAD_SPLIT_MIN appointments or more only. */
enum snap_use { SNAP_OFF, SNAP_AUTO, SNAP_ALWAYS };

static int snapshot_use(enum snap_use *use, struct zerr *e)
{
	const char *v = getenv("ZEREN_SNAPSHOT");
	if (!v || !strcmp(v, "auto"))
		*use = SNAP_AUTO;
	else if (!strcmp(v, "off") || !strcmp(v, "always"))
		*use = v[0] == 'o' ? SNAP_OFF : SNAP_ALWAYS;
	else
		return zerr_set(e, ZE_INVALID, "ZEREN_SNAPSHOT is off, auto or always, not '%s'", v);
	return 0;
}

/* The snapshot's path ("<database>.facts") and the state the open read transaction sees. */
static int snapshot_where(struct sqlite_store *ss, struct strbuf *path, struct snapshot_key *k, struct zerr *e)
{
	const char *db = sqlite3_db_filename(ss->db, "main");
	sqlite3_stmt *st = stmt(ss, S_SNAPSHOT_KEY, e);
	int rc;
	if (!db || !db[0])
		return zerr_set(e, ZE_NOTFOUND, "an in-memory database keeps no snapshot");
	if (!st)
		return e->code;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *audit = sqlite3_column_text(st, 2);
		k->generation = sqlite3_column_int64(st, 0);
		k->schema = sqlite3_column_int64(st, 1);
		snprintf(k->audit, sizeof k->audit, "%s", audit ? (const char *)audit : "");
		sb_addf(path, "%s.facts", db);
		rc = 0;
	} else {
		rc = zerr_set(e, ZE_IO, "the store's generation: %s", sqlite3_errmsg(ss->db));
	}
	sqlite3_reset(st);
	return rc;
}

static int sq_load(struct store *s, struct facts *f, const char *org_id, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	struct sql_loader l = {&ss->sql, f, e, "", 0};
	struct appt_part part = {.ids = f};
	struct snapshot_key key;
	struct strbuf snap = STRBUF_INIT;
	struct zerr se = {0};
	enum snap_use use = SNAP_OFF;
	sqlite3_stmt *st;
	int rc = 0;
	/* Every unit, outside a transaction: read in one read transaction, the appointments in two threads. */
	bool all = !org_id && sqlite3_get_autocommit(ss->db) && !sqlite3_db_readonly(ss->db, "main");
	facts_init(&part.got);
	s->note[0] = '\0';
	if (all && ((rc = snapshot_use(&use, e)) || !(st = stmt(ss, S_LOAD_BEGIN, e)) || exec_stmt(ss, st, e, "begin")))
		return e->code;
	if (use != SNAP_OFF && (f->orgs.n || snapshot_where(ss, &snap, &key, &se)))
		use = SNAP_OFF; /* adding to facts already there, or no place for a snapshot */
	if (use != SNAP_OFF && (rc = snapshot_read(snap.buf, &key, f, &se)) != 0 && rc != ZE_NOTFOUND)
		snprintf(s->note, sizeof s->note, "%s", se.msg);
	if (use == SNAP_OFF || rc) {
		if (!(rc = sql_load_orgs(&l)) && org_id && hmap_get(&f->org_ids, org_id) < 0)
			rc = zerr_set(e, ZE_NOTFOUND, "no unit with id '%s'", org_id);
		if (!rc)
			rc = sql_load_records_of(&l, org_id, all ? appts_begin : NULL, &part);
		rc = appts_end(&l, &part, rc);
		if (!rc && use != SNAP_OFF && (use == SNAP_ALWAYS || f->appts.n >= LOAD_SPLIT_MIN) &&
		    snapshot_write(snap.buf, &key, f, &se))
			snprintf(s->note, sizeof s->note, "%s", se.msg);
	}
	if (all && (st = stmt(ss, S_LOAD_END, e)) && exec_stmt(ss, st, e, "end of load") && !rc)
		rc = e->code;
	sb_release(&snap);
	return rc;
}

static int sq_schema_version(struct store *s)
{
	sqlite3_stmt *st = NULL;
	int v = -1;
	if (sqlite3_prepare_v2(SS(s)->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void sq_close(struct store *s)
{
	struct sqlite_store *ss = SS(s);
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(ss->stmt[i]);
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(ss->q[i].st);
	if (ss->db) {
		/* Leave the database in one file for backups and copies. */
		sqlite3_wal_checkpoint_v2(ss->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
		sqlite3_close(ss->db);
	}
	ungate(ss);
	gate_put(ss->gate);
	sb_release(&ss->key);
	free(ss);
}

/* A consistent copy of the whole database into <dest_dir>/zeren.db (a new file), through the
 * online backup API: one step under one read transaction, so writers in other connections
 * (WAL) go on and the copy is the state of one moment. */
static int sq_backup(struct store *s, const char *dest_dir, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	struct strbuf path = STRBUF_INIT;
	sqlite3 *dest = NULL;
	int rc = 0;
	sb_addf(&path, "%s/zeren.db", dest_dir);
	if (path.overflow)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	if (access(path.buf, F_OK) == 0) {
		rc = zerr_set(e, ZE_CONFLICT, "%s exists already", path.buf);
		goto out;
	}
	if (sqlite3_open_v2(path.buf, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rc = zerr_set(e, ZE_IO, "%s: %s", path.buf, dest ? sqlite3_errmsg(dest) : "cannot open");
		goto out;
	}
	sqlite3_backup *b = sqlite3_backup_init(dest, "main", ss->db, "main");
	if (!b) {
		rc = zerr_set(e, ZE_IO, "backup to %s: %s", path.buf, sqlite3_errmsg(dest));
		goto out;
	}
	int step;
	for (int tries = 0; (step = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || step == SQLITE_LOCKED; tries++) {
		if (tries == 100)
			break;
		sqlite3_sleep(50);
	}
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		rc = zerr_set(e, ZE_IO, "backup to %s: %s", path.buf, sqlite3_errstr(step));
		goto out;
	}
	/* The copy is one file, readable without its -wal or -shm. */
	if (sqlite3_exec(dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		rc = zerr_set(e, ZE_IO, "backup to %s: %s", path.buf, sqlite3_errmsg(dest));
		goto out;
	}
out:
	if (dest && sqlite3_close(dest) != SQLITE_OK && !rc)
		rc = zerr_set(e, ZE_IO, "backup to %s: cannot close", path.buf);
	if (rc && rc != ZE_CONFLICT)
		unlink(path.buf);
	sb_release(&path);
	return rc;
}

static int sq_check(struct store *s, struct zerr *e)
{
	int version = sq_schema_version(s);
	return migrations_not_newer(migrations, sizeof migrations / sizeof migrations[0], version, e);
}

static int sq_integrity(struct store *s, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(ss->db, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK)
		return db_error(ss, e, "integrity check");
	int step = sqlite3_step(st);
	if (step != SQLITE_ROW)
		rc = db_error(ss, e, "integrity check");
	else if (strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
		rc = zerr_set(e, ZE_IO, "database: integrity check failed: %s (restore a backup)",
			      (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}

static void sq_interrupt(struct store *s)
{
	sqlite3_interrupt(SS(s)->db);
}

static const struct store_ops sqlite_ops = {
	.backup = sq_backup,
	.name = "sqlite",
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.defer_durability = sq_defer_durability,
	.durable_later = sq_durable_later,
	.durable_wait = sq_durable_wait,
	.load = sq_load,
	.schema_version = sq_schema_version,
	.check = sq_check,
	.integrity = sq_integrity,
	.interrupt = sq_interrupt,
};

/* Applies every migration newer than the database's user_version, each in its own
 * transaction together with the version bump. */
static int migrate(struct sqlite_store *ss, struct zerr *e)
{
	int have = sq_schema_version(&ss->base);
	for (size_t i = 0; i < sizeof migrations / sizeof migrations[0]; i++) {
		const struct migration *m = &migrations[i];
		if (m->version <= have)
			continue;
		char *err = NULL;
		char bump[64];
		/* PRAGMA takes no bound parameters; the version is our own integer. */
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d", m->version);
		if (sqlite3_exec(ss->db, "BEGIN IMMEDIATE", NULL, NULL, &err) != SQLITE_OK ||
		    sqlite3_exec(ss->db, m->sql, NULL, NULL, &err) != SQLITE_OK ||
		    sqlite3_exec(ss->db, bump, NULL, NULL, &err) != SQLITE_OK ||
		    sqlite3_exec(ss->db, "COMMIT", NULL, NULL, &err) != SQLITE_OK) {
			zerr_set(e, ZE_IO, "database: migration %s: %s", m->name, err ? err : "?");
			sqlite3_free(err);
			sqlite3_exec(ss->db, "ROLLBACK", NULL, NULL, NULL);
			return ZE_IO;
		}
	}
	return 0;
}

/* "file:" URI of the database in dir, with ?query; '%', '?' and '#' in the path escaped. */
static void db_uri(struct strbuf *sb, const char *dir, const char *query)
{
	sb_adds(sb, "file:");
	for (const char *p = dir; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			sb_addf(sb, "%%%02X", (unsigned char)*p);
		else
			sb_addc(sb, *p);
	}
	sb_addf(sb, "/zeren.db?%s", query);
}

/* Opens dir's database read-only into ss (path: scratch for its URI). */
static int open_ro(struct sqlite_store *ss, const char *dir, struct strbuf *path, struct zerr *e)
{
	struct stat st;
	char probe_db[4096];
	snprintf(probe_db, sizeof probe_db, "%s/zeren.db", dir);
	if (stat(probe_db, &st))
		return zerr_set(e, ZE_NOTFOUND, "%s: %s", probe_db, strerror(errno));
	/* mode=ro reads a live database with its WAL, consistently beside its server. Without a
	 * -wal file nobody has it open: it is read immutable, which creates no -wal or -shm (a copy,
	 * read-only media); so is a database mode=ro cannot open. Nothing is migrated or written. */
	static const char *const queries[] = {"mode=ro", "mode=ro&immutable=1"};
	char probe_wal[4200];
	snprintf(probe_wal, sizeof probe_wal, "%s-wal", probe_db);
	for (int i = stat(probe_wal, &st) == 0 ? 0 : 1; i < 2; i++) {
		sb_reset(path);
		db_uri(path, dir, queries[i]);
		if (ss->db) {
			sqlite3_close(ss->db);
			ss->db = NULL;
		}
		if (sqlite3_open_v2(path->buf, &ss->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
				    NULL) == SQLITE_OK &&
		    sqlite3_exec(ss->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) == SQLITE_OK)
			break;
		if (i == 1)
			return zerr_set(e, ZE_IO, "%s: %s", probe_db, ss->db ? sqlite3_errmsg(ss->db) : "cannot open");
	}
	sqlite3_busy_timeout(ss->db, 5000);
	return 0;
}

/* Opens (creating) dir's database into ss, configured and migrated (path: scratch). */
static int open_rw(struct sqlite_store *ss, const char *dir, struct strbuf *path, struct zerr *e)
{
	if (data_dir_create(dir) != 0)
		return zerr_set(e, ZE_IO, "%s: cannot create data directory: %s", dir, strerror(errno));
	sb_addf(path, "%s/zeren.db", dir);
	if (sqlite3_open_v2(path->buf, &ss->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return zerr_set(e, ZE_IO, "%s: %s", path->buf, ss->db ? sqlite3_errmsg(ss->db) : "cannot open");
	sqlite3_busy_timeout(ss->db, 5000);
	ss->gate = gate_get(path->buf);
	char *err = NULL;
	/* Durability (docs/server.md): FULL syncs the WAL at every commit, so an acknowledged write
	 * or audit record survives a power loss (a deferred transaction's commit is synced by
	 * store_durable, grouped); ZEREN_SYNCHRONOUS=normal trades that for speed (a crash of the
	 * process alone still loses nothing). */
	const char *sync = getenv("ZEREN_SYNCHRONOUS");
	bool normal = sync && (strcmp(sync, "normal") == 0 || strcmp(sync, "NORMAL") == 0);
	if (sync && !normal && strcmp(sync, "full") != 0 && strcmp(sync, "FULL") != 0)
		return zerr_set(e, ZE_INVALID, "ZEREN_SYNCHRONOUS is full or normal, not '%s'", sync);
	ss->sync_normal = normal;
	if (sqlite3_exec(ss->db,
			 normal ? "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
				  "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536"
				: "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
				  "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536",
			 NULL, NULL, &err) != SQLITE_OK) {
		int rc = zerr_set(e, ZE_IO, "%s: %s", path->buf, err ? err : "cannot configure");
		sqlite3_free(err);
		return rc;
	}
	return migrate(ss, e);
}

/* A new handle opened by open (open_ro or open_rw) on dir into *out; closed again when open fails. */
static int sq_open(const char *dir, int (*open)(struct sqlite_store *, const char *, struct strbuf *, struct zerr *),
		   struct store **out, struct zerr *e)
{
	struct strbuf path = STRBUF_INIT;
	struct sqlite_store *ss = calloc(1, sizeof *ss);
	if (!ss)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	sb_init(&ss->key, 4096);
	sq_sql_init(ss);
	int rc = open(ss, dir, &path, e);
	if (rc)
		sq_close(&ss->base);
	else
		*out = &ss->base;
	sb_release(&path);
	return rc;
}

int sqlite_store_open(const char *dir, struct store **out, struct zerr *e)
{
	return sq_open(dir, open_rw, out, e);
}

int sqlite_store_open_ro(const char *dir, struct store **out, struct zerr *e)
{
	return sq_open(dir, open_ro, out, e);
}
