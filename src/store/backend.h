/* What differs between the storage backends: opening and closing, transactions and their
 * durability, the schema, backup and checks, and how the facts are loaded; store.c dispatches
 * those functions of store.h through it. The rest of store.h is written once for both
 * (sql_facts.c, sql_admin.c) against the statement interface of sql.h, which each backend
 * provides (struct sql_driver). */
#ifndef ZEREN_STORE_BACKEND_H
#define ZEREN_STORE_BACKEND_H

#include "store/store.h"

struct store_ops {
	const char *name;
	void (*close)(struct store *s);
	int (*begin)(struct store *s, bool bulk, struct zerr *e);
	int (*commit)(struct store *s, struct zerr *e);
	void (*rollback)(struct store *s);
	/* store_defer_durability, store_durable_later and store_durable_wait; NULL: every commit is
	 * durable on return (PostgreSQL, which groups concurrent commits' WAL flushes itself). */
	void (*defer_durability)(struct store *s);
	uint64_t (*durable_later)(struct store *s);
	int (*durable_wait)(struct store *s, uint64_t t, struct zerr *e);
	int (*load)(struct store *s, struct facts *f, const char *org_id, struct zerr *e);
	int (*schema_version)(struct store *s);
	int (*backup)(struct store *s, const char *dest_dir, struct zerr *e);
	int (*check)(struct store *s, struct zerr *e);
	/* store_ids_follow; NULL: a backend whose ids follow the rows by themselves (SQLite's rowids,
	 * the largest plus one, rolled back with the rows). */
	int (*ids_follow)(struct store *s, struct zerr *e);
	/* store_integrity; NULL: nothing to check (PostgreSQL checks its own pages). */
	int (*integrity)(struct store *s, struct zerr *e);
	/* store_interrupt; NULL: nothing runs long enough to cut short. */
	void (*interrupt)(struct store *s);
};

struct sql_conn;

/* Every backend's handle starts with this. */
struct store {
	const struct store_ops *ops;
	uint64_t rows_read; /* counted by store.c (store_rows_read); the backend zeroes it at open */
	struct sql_conn *sql; /* the statement interface (sql.h) */
	char note[ZERR_MSG_MAX]; /* store_load_note: set by the last load, "" when it has nothing to say */
};

int sqlite_store_open(const char *dir, struct store **out, struct zerr *e);
int sqlite_store_open_ro(const char *dir, struct store **out, struct zerr *e);
/* Group commit of s's database in this process, for tests/unit/test_commit.c (0s for a handle
 * without a gate). */
struct group_sync_stats {
	uint64_t flushes;   /* syncs made */
	uint64_t flushed;   /* the last ticket they covered */
	uint64_t committed; /* the last ticket taken */
	uint64_t ticket;    /* s's last commit awaiting store_durable_later (0: none) */
};
struct group_sync_stats sqlite_group_sync_stats(struct store *s);
/* What syncs the WAL: fdatasync; a test puts a failing one here (before any thread uses it). */
extern int (*sqlite_wal_sync)(int fd);
/* postgres.c: the store of data directory dir in the database at url (see store_open_url). */
int postgres_store_open(const char *url, const char *dir, bool readonly, struct store **out, struct zerr *e);
/* The schema of dir's store, named in dir/zeren.pg (created with a new name when create); ZE_NOTFOUND
 * when there is none. */
int pg_schema_name(const char *dir, bool create, char out[40], struct zerr *e);

/* The text that identifies an appointment (it has no id of its own in zeren/v1). */
struct strbuf;
void appt_natural_key(const struct facts *f, const struct appt *a, struct strbuf *out);
void record_natural_key(const struct facts *f, const struct obligation_record *r, struct strbuf *out);

/* Creates the data directory dir and any missing parents (mode 0750), as `mkdir -p` does; 0 or
 * -1 with errno. */
int data_dir_create(const char *dir);

/* A schema migration as the build embeds them (build/gen/migrations*.h), one list per backend. */
struct migration {
	int version;
	const char *name;
	const char *sql;
};

/* ZE_CONFLICT naming both when the database's schema version is newer than the newest of the
 * n migrations this program has; else 0. */
int migrations_not_newer(const struct migration *m, size_t n, int version, struct zerr *e);

#endif
