/* What a storage backend provides; store.c dispatches the public interface through it. */
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
	int (*put_org)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_dept)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_person)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_body)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_lead)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_appt)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_system)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_agreement)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_record)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_incident)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_notice)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_handover)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_vulnerability)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_plan)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_log_source)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_training)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_project)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_rectification)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*put_inspection)(struct store *s, const struct facts *f, zidx i, struct zerr *e);
	int (*incident_snapshot)(struct store *s, const char *id, char **json, struct zerr *e);
	int (*set_incident_snapshot)(struct store *s, const char *id, const char *json, struct zerr *e);
	int (*calendar_each)(struct store *s, calendar_row_fn fn, void *ctx, struct zerr *e);
	int (*org_each)(struct store *s, org_row_fn fn, void *ctx, struct zerr *e);
	int (*id_unit)(struct store *s, enum store_kind kind, const char *id, char org[201], struct zerr *e);
	int (*calendar_put)(struct store *s, zdate d, bool work, const char *en, const char *zh, struct zerr *e);
	int (*schema_version)(struct store *s);
	int (*audit_last)(struct store *s, int64_t *seq, char hash[65], struct zerr *e);
	int (*audit_insert)(struct store *s, const struct audit_entry *a, struct zerr *e);
	int (*audit_each)(struct store *s, int64_t from_seq, audit_row_fn fn, void *ctx, struct zerr *e);
	int (*audit_anchor)(struct store *s, int64_t *before_seq, char anchor[65], struct zerr *e);
	int (*audit_purge)(struct store *s, int64_t before_seq, int64_t *purged, struct zerr *e);
	int (*generation)(struct store *s, int64_t *gen, struct zerr *e);
	int (*auth_generation)(struct store *s, int64_t *gen, struct zerr *e);
	int (*calendar_generation)(struct store *s, int64_t *gen, struct zerr *e);
	int (*audit_query)(struct store *s, const struct audit_filter *f, int64_t offset, int64_t limit,
			   audit_row_fn fn, void *ctx, int64_t *total, struct zerr *e);
	int (*account_each)(struct store *s, enum account_key key, const char *text, int64_t id, account_row_fn fn,
			    void *ctx, struct zerr *e);
	int (*account_insert)(struct store *s, const struct account_row *a, int64_t *id, struct zerr *e);
	int (*account_update)(struct store *s, const struct account_row *a, struct zerr *e);
	int (*account_set_roles)(struct store *s, int64_t id, const char *const *roles, size_t n, struct zerr *e);
	int (*person_brief)(struct store *s, const char *id, char **name, char **org, struct zerr *e);
	int (*dept_org)(struct store *s, const char *id, char **org, struct zerr *e);
	int (*session_insert)(struct store *s, const struct session_row *r, const char *source, struct zerr *e);
	int (*session_get)(struct store *s, const char *hash, struct session_row *out, struct zerr *e);
	int (*session_touch)(struct store *s, const char *hash, int64_t now, struct zerr *e);
	int (*session_delete)(struct store *s, const char *hash, struct zerr *e);
	int (*session_delete_account)(struct store *s, int64_t account, const char *keep, int64_t *n, struct zerr *e);
	int (*session_purge)(struct store *s, int64_t idle_before, int64_t created_before, struct zerr *e);
	int (*backup)(struct store *s, const char *dest_dir, struct zerr *e);
	int (*request_insert)(struct store *s, const struct request_row *r, int64_t *id, struct zerr *e);
	int (*request_each)(struct store *s, int64_t id, const char *status, request_row_fn fn, void *ctx,
			    struct zerr *e);
	int (*request_decide)(struct store *s, int64_t id, const char *status, const char *by, int64_t at,
			      struct zerr *e);
	int (*throttle_get)(struct store *s, const char *username, const char *source, struct throttle_row *out,
			    struct zerr *e);
	int (*throttle_put)(struct store *s, const char *username, const char *source, const struct throttle_row *r,
			    struct zerr *e);
	int (*throttle_clear)(struct store *s, const char *username, int64_t before, struct zerr *e);
	int (*check)(struct store *s, struct zerr *e);
	int (*round_each)(struct store *s, const char *org, int year, int64_t id, round_row_fn fn, void *ctx,
			  struct zerr *e);
	int (*round_put)(struct store *s, struct round_row *r, struct zerr *e);
	int (*policy_version_insert)(struct store *s, const struct policy_version_row *r, int64_t *version,
				     struct zerr *e);
	int (*policy_version_each)(struct store *s, const char *org, int64_t version, const char *status,
				   policy_version_fn fn, void *ctx, struct zerr *e);
	int (*policy_version_update)(struct store *s, const struct policy_version_row *r, struct zerr *e);
	int (*policy_version_decide)(struct store *s, const struct policy_version_row *r, struct zerr *e);
	int (*unit_setting_get)(struct store *s, const char *org, const char *key, char **value, struct zerr *e);
	int (*unit_setting_put)(struct store *s, const char *org, const char *key, const char *value, struct zerr *e);
	int (*document_put)(struct store *s, const struct document_row *r, struct zerr *e);
	int (*document_set_status)(struct store *s, const char *number, const char *status, struct zerr *e);
	int (*document_each)(struct store *s, enum document_key key, const char *text, document_row_fn fn, void *ctx,
			     struct zerr *e);
	int (*signature_insert)(struct store *s, const struct signature_row *r, struct zerr *e);
	int (*signature_each)(struct store *s, const char *number, signature_row_fn fn, void *ctx, struct zerr *e);
	int (*campaign_insert)(struct store *s, const struct campaign_row *r, struct zerr *e);
	int (*campaign_close)(struct store *s, const char *id, const char *at, struct zerr *e);
	int (*campaign_each)(struct store *s, const char *id, const char *org, campaign_row_fn fn, void *ctx,
			     struct zerr *e);
	int (*notify_add)(struct store *s, const struct notify_row *r, bool *added, struct zerr *e);
	int (*notify_claim)(struct store *s, int64_t now, const char *worker, int64_t lease_until, notify_row_fn fn,
			    void *ctx, struct zerr *e);
	int (*notify_finish)(struct store *s, int64_t id, const char *worker, const struct notify_row *r,
			     struct zerr *e);
	int (*notify_query)(struct store *s, const struct notify_filter *f, int64_t offset, int64_t limit,
			    notify_row_fn fn, void *ctx, int64_t *total, struct zerr *e);
	int (*notify_read)(struct store *s, const char *person, int64_t id, int64_t at, int64_t *n, struct zerr *e);
	int (*notify_channel_each)(struct store *s, const char *org, notify_channel_fn fn, void *ctx, struct zerr *e);
	int (*notify_channel_put)(struct store *s, const struct notify_channel_row *r, struct zerr *e);
	int (*notify_pref_get)(struct store *s, const char *person, struct notify_pref_row *out, char *buf, size_t n,
			       struct zerr *e);
	int (*notify_pref_put)(struct store *s, const struct notify_pref_row *r, struct zerr *e);
	int (*notify_plan_claim)(struct store *s, const char *org, const char *day, int64_t gen, int64_t now,
				 int64_t lease_until, bool *claimed, struct zerr *e);
	int (*notify_plan_done)(struct store *s, const char *org, const char *day, int64_t now, struct zerr *e);
	int (*notify_plan_last)(struct store *s, const char *org, const char *before, char day[ZDATE_BUFSZ],
				struct zerr *e);
	int (*history_put)(struct store *s, const char *org, const char *kind, const char *key, const char *at,
			   const char *record, bool fresh, struct zerr *e);
	int (*history_seal)(struct store *s, int64_t change, struct zerr *e);
	int (*history_as_of)(struct store *s, const char *org, const char *before, history_row_fn fn, void *ctx,
			     struct zerr *e);
	int (*history_each)(struct store *s, const char *org, const char *kind, const char *key, history_row_fn fn,
			    void *ctx, struct zerr *e);
	int (*delete_appt)(struct store *s, const char *natural_key, struct zerr *e);
	int (*fed_key_put)(struct store *s, const struct fed_key_row *r, struct zerr *e);
	int (*fed_key_each)(struct store *s, const char *org, const char *direction, fed_key_fn fn, void *ctx,
			    struct zerr *e);
	int (*reported_put)(struct store *s, const struct reported_row *r, struct zerr *e);
	int (*reported_each)(struct store *s, const char *org, reported_fn fn, void *ctx, struct zerr *e);
	/* reported_points: every package kept of org (NULL: of every unit) with as_of in [from, to],
	 * by org then as_of, each row's body being only the package's "tally" object ({} without). */
	int (*reported_points)(struct store *s, const char *org, const char *from, const char *to, reported_fn fn,
			       void *ctx, struct zerr *e);
	/* Added for zeren migrate (see store.h for each):
	 * session_each: every session row with its source, ordered by hash.
	 * unit_setting_each: every (org, key, value) row, ordered by org then key.
	 * notify_insert: one delivery row written with every field of r as given (id included), not
	 * claimed by any worker (claimed_by NULL, lease 0); ZE_CONFLICT on a taken id or key.
	 * audit_anchor_put: the purge anchor row (before_seq, anchor, time now) on a log with no
	 * record and no anchor yet, ZE_CONFLICT otherwise; afterwards audit_last returns
	 * (before_seq - 1, anchor) and the next audit_insert must carry seq before_seq. */
	int (*session_each)(struct store *s, session_row_fn fn, void *ctx, struct zerr *e);
	int (*unit_setting_each)(struct store *s, unit_setting_fn fn, void *ctx, struct zerr *e);
	int (*notify_insert)(struct store *s, const struct notify_row *r, struct zerr *e);
	int (*audit_anchor_put)(struct store *s, int64_t before_seq, const char anchor[65], struct zerr *e);
	/* Migration 025 (table dict_entry): dict_each calls fn for unit org's rows of `list` (NULL:
	 * every list) ordered by list, sort, value; dict_put inserts or replaces the row keyed
	 * (org, list, value). */
	int (*dict_each)(struct store *s, const char *org, const char *list, dict_row_fn fn, void *ctx, struct zerr *e);
	int (*dict_put)(struct store *s, const struct dict_row *r, struct zerr *e);
	/* Migration 025 (table announcement): announce_put inserts r when r->id is 0 (setting r->id
	 * to the new row's) or else updates title, body, status, publish_on, expires_on and
	 * published_at of the row with r->id and r->org (ZE_NOTFOUND when none); announce_each calls
	 * fn for org's rows (id 0: all, else that one), newest id first. */
	int (*announce_put)(struct store *s, struct announce_row *r, struct zerr *e);
	int (*announce_each)(struct store *s, const char *org, int64_t id, announce_row_fn fn, void *ctx,
			     struct zerr *e);
	/* store_load_unit; NULL: store.c falls back to load (every org row). */
	int (*load_unit)(struct store *s, struct facts *f, const char *org_id, struct zerr *e);
	/* store_load_org; NULL: ZE_NOTFOUND (load_unit, absent too, loaded every org row). */
	int (*load_org)(struct store *s, struct facts *f, const char *org_id, struct zerr *e);
	/* Calls fn(ctx, org) once for each distinct org of the inspections whose inspector_org is
	 * inspector, in ascending order of org id (byte order); stops at and returns fn's first
	 * nonzero result; 0 when there are none. */
	int (*inspected_each)(struct store *s, const char *inspector, unit_id_fn fn, void *ctx, struct zerr *e);
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
	struct sql_conn *sql; /* the statement interface of the ops both backends share (sql.h) */
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
