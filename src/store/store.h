/* The storage interface. Callers (core) see only this: no SQL and no backend types, so a
 * PostgreSQL backend can stand beside the SQLite one without touching them. */
#ifndef ZEREN_STORE_STORE_H
#define ZEREN_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "util/err.h"

struct store;

/* Opens (creating when needed) the store in data directory `dir` and brings its schema up to
 * date. */
int store_open(const char *dir, struct store **out, struct zerr *e);
/* Checks the store before it is served: that its schema is not newer than this program's
 * (ZE_CONFLICT naming both). Its integrity is store_integrity's. */
int store_check(struct store *s, struct zerr *e);
/* The store's integrity: SQLite's quick_check of the whole database file (a second or so per
 * GiB, so a server runs it beside serving: cmd/serve.c), nothing on PostgreSQL (which checks
 * its own pages). ZE_IO naming what is wrong, also when store_interrupt cut it short. */
int store_integrity(struct store *s, struct zerr *e);
/* Cuts short what runs on s now (store_integrity), from another thread. */
void store_interrupt(struct store *s);
void store_close(struct store *s);
/* Opens an existing store for reading only: nothing is created, migrated or written, so it
 * works on a read-only copy (a write fails). ZE_NOTFOUND when dir holds no store. */
int store_open_readonly(const char *dir, struct store **out, struct zerr *e);
/* The database a store is in: $ZEREN_DB (a PostgreSQL URL, postgresql://…, which `--db` sets),
 * or NULL for the SQLite file in the data directory. With PostgreSQL, store_open and
 * store_open_readonly use the schema the data directory's zeren.pg names (store_open creates
 * both), and the directory keeps the evidence files and keys. */
const char *store_database_url(void);
/* Opens the store of data directory `dir` in the PostgreSQL database at `url` (as store_open,
 * or read-only), whatever $ZEREN_DB says. */
int store_open_url(const char *url, const char *dir, bool readonly, struct store **out, struct zerr *e);
/* Writes a consistent copy of the whole store, as of one moment, into the existing directory
 * dest_dir (for SQLite: dest_dir/zeren.db, which must not exist; ZE_CONFLICT when it does), while
 * other connections go on writing. On PostgreSQL ZE_INVALID: pg_dump or continuous archiving
 * back that store up. */
int store_backup(struct store *s, const char *dest_dir, struct zerr *e);

int store_begin(struct store *s, struct zerr *e);
/* A transaction for bulk writes whose references the caller has resolved already (the
 * importer writes records it built from resolved indices): per-row foreign-key lookups are
 * skipped until store_commit or store_rollback. */
int store_begin_bulk(struct store *s, struct zerr *e);
int store_commit(struct store *s, struct zerr *e);
void store_rollback(struct store *s);
/* Group commit (docs/server.md "Durability"). After store_defer_durability, the handle's commits
 * return once made, before they are on disk, so that no sync waits inside the writers' turn;
 * other connections may read them at once. store_durable ends that and returns once every
 * commit the handle made since is on disk, one sync serving every commit of the database in
 * this process made before it began: ZE_IO ("may be lost") when a failed sync covered one.
 * Without it every commit is durable on return (with ZEREN_SYNCHRONOUS=normal none waits for
 * its sync, deferred or not). On PostgreSQL, whose commits are durable, both return at once. */
void store_defer_durability(struct store *s);
int store_durable(struct store *s, struct zerr *e);
/* store_durable in two steps, so that the wait can happen on another thread while this handle
 * writes again: store_durable_later ends the deferral and returns the ticket of the handle's last
 * commit made without its sync (0: none); store_durable_wait returns once ticket t of the
 * database behind s (any handle of it in this process) is on disk, as store_durable does. */
uint64_t store_durable_later(struct store *s);
int store_durable_wait(struct store *s, uint64_t t, struct zerr *e);

/* Loads all units' facts into f (which must be empty), or only those of unit org_id (other
 * units' org rows are still loaded so the supervision tree is whole). ZE_NOTFOUND when
 * org_id names no unit. */
int store_load(struct store *s, struct facts *f, const char *org_id, struct zerr *e);
/* Loads unit org_id's records into f (which must be empty) with the org rows of that unit and
 * of the units above it only: what a write confined to one unit reads, at a cost that does not
 * grow with the number of units. ZE_NOTFOUND when org_id names no unit. */
int store_load_unit(struct store *s, struct facts *f, const char *org_id, struct zerr *e);
/* Adds to facts loaded by store_load_unit the org row of org_id and those of the units above it
 * that f lacks: another unit a record names. ZE_NOTFOUND when no unit has that id. Index f
 * again (facts_index) before using its indices. */
int store_load_org(struct store *s, struct facts *f, const char *org_id, struct zerr *e);
/* How many records this handle has loaded into facts so far (store_load, store_load_unit): a
 * measure of what an operation read, for tests and benchmarks. */
uint64_t store_rows_read(const struct store *s);
/* What the last store_load of every unit has to say about the facts snapshot kept beside a
 * SQLite database (store/snapshot.h): one it ignored as stale or damaged, or could not write;
 * "" when nothing. The load itself succeeded: a command prints it as a log line. */
const char *store_load_note(const struct store *s);

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
int store_put_handover(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int store_put_vulnerability(struct store *s, const struct facts *f, zidx i, struct zerr *e);
/* Writes the emergency plan and replaces the days of its drills. */
int store_put_plan(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int store_put_log_source(struct store *s, const struct facts *f, zidx i, struct zerr *e);
/* Writes the training session and replaces its attendees. */
int store_put_training(struct store *s, const struct facts *f, zidx i, struct zerr *e);
int store_put_project(struct store *s, const struct facts *f, zidx i, struct zerr *e);
/* Writes the rectification and replaces its list of evidence. */
int store_put_rectification(struct store *s, const struct facts *f, zidx i, struct zerr *e);
/* Writes the inspection and replaces its items. */
int store_put_inspection(struct store *s, const struct facts *f, zidx i, struct zerr *e);
/* The responsible chain recorded with an incident (JSON text), or NULL; the caller frees it. */
int store_incident_snapshot(struct store *s, const char *incident_id, char **json, struct zerr *e);
/* Records the chain once: an incident that has one keeps it. */
int store_set_incident_snapshot(struct store *s, const char *incident_id, const char *json, struct zerr *e);

/* The history of facts (transaction time, migration 010): every record a change writes, as
 * zeren/v1 JSON, kept with when it was written and by which change. */
struct history_row {
	int64_t seq, change; /* change: the seq of the change's audit record; 0 before history was kept */
	const char *at;      /* ISO 8601 UTC with Z */
	const char *org, *kind, *key;
	const char *record;  /* NULL: withdrawn */
	const char *account; /* who made the change (store_history_each), or NULL */
};
typedef int (*history_row_fn)(void *ctx, const struct history_row *r);
/* Records a version of a record written at `at` (record NULL: withdrawn), unless it is the
 * record's latest version already; fresh: the record is new to the store, so there is nothing
 * to compare with (a bulk import need not look). Use inside store_begin/commit. */
int store_history_put(struct store *s, const char *org, const char *kind, const char *key, const char *at,
		      const char *record, bool fresh, struct zerr *e);
/* Marks the versions written in the open transaction as the change recorded in audit record
 * `change`. */
int store_history_seal(struct store *s, int64_t change, struct zerr *e);
/* Calls fn with the latest version of each record written before the instant `before` (ISO
 * 8601 UTC) — of unit org and every unit's own record (org NULL: of all units) — in the order
 * the records were first written: what the store held then. */
int store_history_as_of(struct store *s, const char *org, const char *before, history_row_fn fn, void *ctx,
			struct zerr *e);
/* Calls fn with every version of unit org's records (kind and key NULL: any), oldest first. */
int store_history_each(struct store *s, const char *org, const char *kind, const char *key, history_row_fn fn,
		       void *ctx, struct zerr *e);
/* Deletes an appointment by its natural key: only as a withdrawal whose version (record NULL)
 * is written in the same transaction (the database refuses any other delete). */
int store_delete_appt(struct store *s, const char *natural_key, struct zerr *e);

/* The kinds of record with an id, for store_id_unit. */
enum store_kind { SK_DEPT, SK_PERSON, SK_BODY, SK_SYSTEM, SK_AGREEMENT, SK_INCIDENT, SK_NOTICE, SK_HANDOVER, SK_VULNERABILITY, SK_PLAN, SK_LOG_SOURCE, SK_TRAINING, SK_PROJECT, SK_RECTIFICATION, SK_INSPECTION, SK_ORG, SK_COUNT };
/* The unit that holds the record of that kind and id, copied into org (org[0] = '\0' when no
 * record has it; for SK_ORG, the unit itself: whether it is hosted here). Lets a write
 * restricted to one unit refuse another unit's id without loading every unit. */
int store_id_unit(struct store *s, enum store_kind kind, const char *id, char org[201], struct zerr *e);

/* Every unit's id, name, kind and policy, by id, without loading their records. */
typedef int (*org_row_fn)(void *ctx, const char *id, const char *name, const char *kind, const char *policy);
int store_org_each(struct store *s, org_row_fn fn, void *ctx, struct zerr *e);

/* The working-day calendar's rows (days that differ from Mon-Fri), in date order. */
typedef int (*calendar_row_fn)(void *ctx, zdate d, bool work, const char *holiday_en, const char *holiday_zh);
int store_calendar_each(struct store *s, calendar_row_fn fn, void *ctx, struct zerr *e);
/* Inserts or replaces one calendar row. Use inside store_begin/commit. */
int store_calendar_put(struct store *s, zdate d, bool work, const char *holiday_en, const char *holiday_zh,
		       struct zerr *e);

/* The audit log's rows (audit/audit.h hashes and chains them; the store only reads and writes
 * rows). */
#define AUDIT_HASH_HEX 64
struct audit_entry {
	const char *at; /* ISO 8601 UTC with Z */
	const char *account, *source, *action, *object;
	const char *detail; /* JSON of the change, or NULL */
	bool success;
	int64_t seq;
	char prev_hash[AUDIT_HASH_HEX + 1], hash[AUDIT_HASH_HEX + 1];
};
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

/* How often business data changed: a number that differs after every committed transaction
 * that wrote facts or the calendar (store_put_*, store_set_incident_snapshot,
 * store_calendar_put), in this process or another. Logins, sessions and the audit log leave it
 * alone, so caches keyed by it survive them. */
int store_generation(struct store *s, int64_t *gen, struct zerr *e);
/* A number that changes with every change to accounts, their roles or sessions (not with a
 * session's last-use time): what a session grants may be kept while it stays the same. */
int store_auth_generation(struct store *s, int64_t *gen, struct zerr *e);
/* A number that changes with every change to the working-day calendar, and with nothing else:
 * a calendar read from the store may be kept while it stays the same. */
int store_calendar_generation(struct store *s, int64_t *gen, struct zerr *e);

/* Audit records that match a filter (any field NULL, or success < 0: not filtered). */
struct audit_filter {
	const char *account;       /* equal */
	const char *action_prefix; /* "session." matches session.login and session.logout */
	const char *object;        /* equal */
	int success;               /* 0 or 1; -1 either */
	const char *at_from, *at_to; /* at_from <= at < at_to, ISO 8601 UTC text */
	bool oldest_first;         /* default newest first */
};
/* Calls fn for records offset .. offset+limit-1 (limit < 0: all) of those matching f, and sets
 * *total (when not NULL) to how many match. */
int store_audit_query(struct store *s, const struct audit_filter *f, int64_t offset, int64_t limit,
		      audit_row_fn fn, void *ctx, int64_t *total, struct zerr *e);

/* Accounts, roles and sessions (core/accounts.h applies the rules; the store keeps the rows).
 * Times are Unix seconds; 0 for "never". */
struct account_row {
	int64_t id;
	const char *username, *display_name;
	const char *person;     /* NULL when none */
	const char *department; /* NULL when none */
	const char *password_hash;
	const char *calendar_token; /* NULL when none */
	const char *org;   /* read only: the linked person's unit */
	const char *roles; /* read only: role ids separated by ',', "" when none */
	bool must_change, disabled;
	int failures;
	int64_t locked_until, created_at, password_changed_at, last_login_at;
};
typedef int (*account_row_fn)(void *ctx, const struct account_row *a);
enum account_key { ACCOUNT_ALL, ACCOUNT_BY_NAME, ACCOUNT_BY_ID, ACCOUNT_BY_CALENDAR };
/* Calls fn for each account the key selects (by name and by calendar token: text; by id: id),
 * in username order; the strings live until fn returns. A nonzero return of fn stops and is
 * returned. */
int store_account_each(struct store *s, enum account_key key, const char *text, int64_t id, account_row_fn fn,
		       void *ctx, struct zerr *e);
/* Inserts a (ZE_CONFLICT when the username is taken) and sets *id. */
int store_account_insert(struct store *s, const struct account_row *a, int64_t *id, struct zerr *e);
/* Writes every field of account a->id but its username, creation time and roles. */
int store_account_update(struct store *s, const struct account_row *a, struct zerr *e);
/* Replaces the account's roles (ids as in the role table). Use inside store_begin/commit. */
int store_account_set_roles(struct store *s, int64_t id, const char *const *roles, size_t n, struct zerr *e);
/* A person's name and unit (malloc'ed), ZE_NOTFOUND when there is no such person. */
int store_person_brief(struct store *s, const char *id, char **name, char **org, struct zerr *e);
/* A department's unit (malloc'ed), ZE_NOTFOUND when there is no such department. */
int store_dept_org(struct store *s, const char *id, char **org, struct zerr *e);

struct session_row {
	char hash[65]; /* SHA-256 hex of the token */
	char csrf[65];
	int64_t account, created_at, last_seen_at;
};
int store_session_insert(struct store *s, const struct session_row *r, const char *source, struct zerr *e);
/* The session kept under hash: ZE_NOTFOUND when none. */
int store_session_get(struct store *s, const char *hash, struct session_row *out, struct zerr *e);
int store_session_touch(struct store *s, const char *hash, int64_t now, struct zerr *e);
int store_session_delete(struct store *s, const char *hash, struct zerr *e);
/* Deletes the account's sessions but keep (a hash, or NULL: all); *n (when not NULL) counts them. */
int store_session_delete_account(struct store *s, int64_t account, const char *keep, int64_t *n, struct zerr *e);
/* Deletes the sessions last seen before idle_before or created before created_before. */
int store_session_purge(struct store *s, int64_t idle_before, int64_t created_before, struct zerr *e);

/* Four-eyes account requests (core/accounts.h). Strings NULL when none; times Unix seconds. */
struct request_row {
	int64_t id;
	const char *kind;     /* "reset", "disable", "roles" */
	int64_t account;
	const char *username; /* read only: the account's */
	const char *roles, *department;
	const char *password_hash, *approver_part;
	const char *requested_by;
	int64_t requested_at;
	const char *status; /* "pending", "approved", "rejected" */
	const char *decided_by;
	int64_t decided_at;
};
typedef int (*request_row_fn)(void *ctx, const struct request_row *r);
int store_request_insert(struct store *s, const struct request_row *r, int64_t *id, struct zerr *e);
/* Calls fn for the request id (0: all, newest first) whose status is status (NULL: any). */
int store_request_each(struct store *s, int64_t id, const char *status, request_row_fn fn, void *ctx, struct zerr *e);
/* Marks a pending request decided and wipes its secrets; ZE_CONFLICT when it is not pending. */
int store_request_decide(struct store *s, int64_t id, const char *status, const char *by, int64_t at, struct zerr *e);

/* Failed sign-ins per (name as typed, source). */
struct throttle_row {
	int failures, locks;
	int64_t locked_until, last_failure_at;
};
/* Fills *out (all zero when there is no row). */
int store_throttle_get(struct store *s, const char *username, const char *source, struct throttle_row *out,
		       struct zerr *e);
int store_throttle_put(struct store *s, const char *username, const char *source, const struct throttle_row *r,
		       struct zerr *e);
/* Forgets the failures of username (NULL: every name last failing before before). */
int store_throttle_clear(struct store *s, const char *username, int64_t before, struct zerr *e);

/* A unit's own policy versions (core/unitpolicy.h applies the rules; the store keeps the rows).
 * Strings NULL when none; times Unix seconds; in_force_from a date YYYY-MM-DD. */
struct policy_version_row {
	const char *org;
	int64_t version;
	const char *document; /* zeren-policy/v1 text */
	const char *status;   /* "draft", "approved", "rejected" */
	const char *reason, *drafted_by;
	int64_t drafted_at;
	const char *in_force_from, *decided_by;
	int64_t decided_at;
	const char *decision_note;
};
typedef int (*policy_version_fn)(void *ctx, const struct policy_version_row *r);
/* A new draft of r->org numbered one past its last version (*version). */
int store_policy_version_insert(struct store *s, const struct policy_version_row *r, int64_t *version,
				struct zerr *e);
/* Calls fn for the versions of org (NULL: all units), number version (0: all) and status (NULL:
 * any), by unit and number. */
int store_policy_version_each(struct store *s, const char *org, int64_t version, const char *status,
			      policy_version_fn fn, void *ctx, struct zerr *e);
/* Rewrites a draft's document, reason and author; ZE_CONFLICT when it is not a draft. */
int store_policy_version_update(struct store *s, const struct policy_version_row *r, struct zerr *e);
/* Decides a draft (status, in_force_from, decided_by, decided_at, decision_note); ZE_CONFLICT
 * when it is not a draft. */
int store_policy_version_decide(struct store *s, const struct policy_version_row *r, struct zerr *e);
/* A unit's setting `key` (migration 018): *value malloc'ed, NULL when the unit has none. */
int store_unit_setting_get(struct store *s, const char *org, const char *key, char **value, struct zerr *e);
/* Sets (or replaces) a unit's setting. */
int store_unit_setting_put(struct store *s, const char *org, const char *key, const char *value, struct zerr *e);
/* Documents to sign, their signatures and signing campaigns (core/documents.h; migration 014).
 * Dates are ISO text; times ISO 8601 UTC. */
struct document_row {
	const char *number, *org, *kind, *person, *department, *post, *title;
	const char *from, *to, *date;
	const char *sha256, *sm3;
	int pages;
	const char *campaign; /* NULL when none */
	const char *status;   /* "generated", "sent", "signed", "returned" */
	const char *generated_by, *generated_at;
};
typedef int (*document_row_fn)(void *ctx, const struct document_row *r);
/* Inserts the document, or rewrites the one of that number (its status and campaign kept
 * when r's are NULL). Use inside store_begin/commit. */
int store_document_put(struct store *s, const struct document_row *r, struct zerr *e);
int store_document_set_status(struct store *s, const char *number, const char *status, struct zerr *e);
enum document_key { DOCUMENT_BY_NUMBER, DOCUMENT_BY_SHA256, DOCUMENT_BY_CAMPAIGN, DOCUMENT_BY_ORG };
/* Calls fn for each document the key selects, by number; the strings live until fn returns. */
int store_document_each(struct store *s, enum document_key key, const char *text, document_row_fn fn, void *ctx,
			struct zerr *e);

struct signature_row {
	int64_t id;
	const char *number, *method, *signer, *account, *signed_at, *signed_on, *sha256, *sm3, *scan_sha256;
	const char *alg, *key_id, *signature;
};
typedef int (*signature_row_fn)(void *ctx, const struct signature_row *r);
int store_signature_insert(struct store *s, const struct signature_row *r, struct zerr *e);
/* The signatures of a document, oldest first. */
int store_signature_each(struct store *s, const char *number, signature_row_fn fn, void *ctx, struct zerr *e);

struct campaign_row {
	const char *id, *org, *kind, *title, *date, *status, *created_by, *created_at, *closed_at;
	int year;
};
typedef int (*campaign_row_fn)(void *ctx, const struct campaign_row *r);
/* Inserts the campaign (ZE_CONFLICT when the id is taken). */
int store_campaign_insert(struct store *s, const struct campaign_row *r, struct zerr *e);
int store_campaign_close(struct store *s, const char *id, const char *at, struct zerr *e);
/* The campaign id (NULL: every campaign of unit org, or of all units when org is NULL too). */
int store_campaign_each(struct store *s, const char *id, const char *org, campaign_row_fn fn, void *ctx,
			struct zerr *e);
/* Notifications (core/notify.h decides what and to whom; the store keeps the jobs). Times are
 * Unix seconds, 0 for "never"; strings NULL when absent. */
struct notify_row {
	int64_t id;
	const char *key; /* rule|object|occurrence|person|channel: one row per key, ever */
	const char *org, *rule, *object, *person, *channel, *subject, *body;
	const char *state; /* "queued", "sending", "sent", "failed" */
	int attempts;
	int64_t next_at, created_at, sent_at, read_at;
	const char *answer; /* the provider's last answer, or why it failed */
};
typedef int (*notify_row_fn)(void *ctx, const struct notify_row *r);
/* Queues r (id, attempts, sent_at and read_at ignored) unless a row has its key already; *added
 * says which. */
int store_notify_add(struct store *s, const struct notify_row *r, bool *added, struct zerr *e);
/* Claims one delivery that is due (queued with next_at <= now, or sending with its lease run
 * out: its sender died) and not an inbox message, in one statement, so that of several workers
 * one gets it: it becomes sending, held by worker until lease_until, and fn sees it.
 * ZE_NOTFOUND when nothing is due. */
int store_notify_claim(struct store *s, int64_t now, const char *worker, int64_t lease_until, notify_row_fn fn,
		       void *ctx, struct zerr *e);
/* Ends worker's claim of delivery id with r's state, attempts, next_at, answer and sent_at;
 * ZE_CONFLICT when worker no longer holds it. */
int store_notify_finish(struct store *s, int64_t id, const char *worker, const struct notify_row *r, struct zerr *e);
struct notify_filter {
	const char *org, *person, *channel, *state, *rule; /* equal, or NULL */
	bool unread;                                       /* only inbox messages not yet read */
};
/* Calls fn for rows offset .. offset+limit-1 (limit < 0: all) matching f, newest first, and sets
 * *total (nullable) to how many match. */
int store_notify_query(struct store *s, const struct notify_filter *f, int64_t offset, int64_t limit,
		       notify_row_fn fn, void *ctx, int64_t *total, struct zerr *e);
/* Marks person's inbox message id (0: every one) read at `at`; *n (nullable) counts them. */
int store_notify_read(struct store *s, const char *person, int64_t id, int64_t at, int64_t *n, struct zerr *e);

/* A unit's channel: settings as JSON text without secrets; secret sealed by core (opaque). */
struct notify_channel_row {
	const char *org, *channel;
	bool enabled;
	const char *settings;
	const unsigned char *secret; /* NULL when none */
	size_t secret_len;
	int64_t updated_at;
};
typedef int (*notify_channel_fn)(void *ctx, const struct notify_channel_row *r);
/* Calls fn for each channel of unit org, by channel. */
int store_notify_channel_each(struct store *s, const char *org, notify_channel_fn fn, void *ctx, struct zerr *e);
int store_notify_channel_put(struct store *s, const struct notify_channel_row *r, struct zerr *e);

/* A person's preferences; quiet hours in minutes after local midnight (from == to: none). */
struct notify_pref_row {
	const char *person, *email;
	const char *muted; /* channels not wanted, separated by ',' */
	int quiet_from, quiet_to;
};
/* Fills *out (strings copied into buf of size n; all empty when the person has no row). */
int store_notify_pref_get(struct store *s, const char *person, struct notify_pref_row *out, char *buf, size_t n,
			  struct zerr *e);
int store_notify_pref_put(struct store *s, const struct notify_pref_row *r, struct zerr *e);
/* Claims the planning of unit org's reminders for day (ISO date) at store generation gen: *claimed
 * when no one planned that day at gen or later and no one else is planning it now (a lease that
 * runs out at lease_until). */
int store_notify_plan_claim(struct store *s, const char *org, const char *day, int64_t gen, int64_t now,
			    int64_t lease_until, bool *claimed, struct zerr *e);
int store_notify_plan_done(struct store *s, const char *org, const char *day, int64_t now, struct zerr *e);
/* The last day before `before` (ISO dates) whose planning of unit org's reminders was finished,
 * into day ("" when there is none). */
int store_notify_plan_last(struct store *s, const char *org, const char *before, char day[ZDATE_BUFSZ],
			   struct zerr *e);

/* The schema version the store is at. */
int store_schema_version(struct store *s);

/* Evaluation rounds (core/rounds.h): one version of one unit's evaluation of one year, its
 * state (scoring, review, published) and the whole round as JSON text. */
struct round_row {
	int64_t id;
	const char *org;
	int year, version;
	const char *state, *doc, *updated_at;
};
typedef int (*round_row_fn)(void *ctx, const struct round_row *r);
/* Calls fn for the rounds of unit org (NULL: all), of year (0: all) or the one with id (0: all),
 * by unit, year and version; the strings live until fn returns. */
int store_round_each(struct store *s, const char *org, int year, int64_t id, round_row_fn fn, void *ctx,
		     struct zerr *e);
/* r->id 0: inserts the round and sets r->id (ZE_CONFLICT when that version exists); else
 * writes its state, doc and updated_at. A published round is frozen: its update fails (ZE_IO
 * from the database's own refusal). Use inside store_begin/commit. */
int store_round_put(struct store *s, struct round_row *r, struct zerr *e);

/* Federated supervision (core/federation.h): the public keys of the other side (a unit below
 * that reports up: direction "unit"; the supervisor above whose notices come down:
 * "supervisor"), one per unit and direction, and the last report of each unit below as it was
 * sent (its body, the package's date and signer). */
struct fed_key_row {
	const char *org, *direction, *name, *alg, *key_id, *public_key, *registered_at;
};
typedef int (*fed_key_fn)(void *ctx, const struct fed_key_row *r);
/* Inserts or replaces the key of (org, direction); inside store_begin/commit. */
int store_fed_key_put(struct store *s, const struct fed_key_row *r, struct zerr *e);
/* Calls fn for the keys of org and direction (NULL: all), by direction and unit. */
int store_fed_key_each(struct store *s, const char *org, const char *direction, fed_key_fn fn, void *ctx,
		       struct zerr *e);
struct reported_row {
	const char *org, *name, *parent, *as_of, *key_id, *alg, *sha256, *imported_at, *body;
};
typedef int (*reported_fn)(void *ctx, const struct reported_row *r);
/* Inserts or replaces unit org's report; inside store_begin/commit. */
int store_reported_put(struct store *s, const struct reported_row *r, struct zerr *e);
/* Calls fn for the report of org (NULL: every unit's), by unit. */
int store_reported_each(struct store *s, const char *org, reported_fn fn, void *ctx, struct zerr *e);
/* Calls fn for every report kept of org (NULL: every unit's) as of from..to (YYYY-MM-DD, both
 * included), by unit and date: each package it sent, not only the last (store_reported_put keeps
 * both). Here r->body is the report's tally only (its JSON text; {} when it has none), not the
 * whole body. */
int store_reported_points(struct store *s, const char *org, const char *from, const char *to, reported_fn fn,
			  void *ctx, struct zerr *e);

/* ---- zeren migrate (core/migrate.h): what a whole-store copy needs beyond the pairs above ---- */

/* Opens the store at location loc: a data directory (its store where store_open puts it: the
 * SQLite file, or with $ZEREN_DB its PostgreSQL schema), or a postgresql:// URL, whose store is
 * the one data directory dir names (dir required; its files are kept there). readonly: as
 * store_open_readonly, else as store_open (created and migrated when missing). The one place
 * that turns a location into a store, so that every backend is selected the same way. */
int store_open_location(const char *loc, const char *dir, bool readonly, struct store **out, struct zerr *e);
/* Whether loc names a database by URL rather than a data directory. */
bool store_location_is_url(const char *loc);
/* Calls fn for every session (with the source it was made from, or NULL), by hash. */
typedef int (*session_row_fn)(void *ctx, const struct session_row *r, const char *source);
int store_session_each(struct store *s, session_row_fn fn, void *ctx, struct zerr *e);
/* Calls fn for every setting of every unit, by unit and key. */
typedef int (*unit_setting_fn)(void *ctx, const char *org, const char *key, const char *value);
int store_unit_setting_each(struct store *s, unit_setting_fn fn, void *ctx, struct zerr *e);
/* Inserts delivery r exactly as given (id, key, state, attempts, next_at, created_at, sent_at,
 * read_at, answer); no worker holds it (a "sending" row is claimed again once due).
 * ZE_CONFLICT when its id or key is taken. */
int store_notify_insert(struct store *s, const struct notify_row *r, struct zerr *e);
/* Records that the audit records before before_seq are gone and anchor is the trusted prev_hash
 * of record before_seq (what store_audit_anchor reads back), on a log that holds no record yet;
 * ZE_CONFLICT otherwise. Afterwards store_audit_last returns (before_seq - 1, anchor), and the
 * next record appended must carry seq before_seq. */
int store_audit_anchor_put(struct store *s, int64_t before_seq, const char anchor[65], struct zerr *e);
/* Sets the next id each table hands out past the largest it holds (1 when it holds none), inside
 * store_begin_bulk/commit. PostgreSQL's identity sequences are not rolled back with a failed
 * transaction: a migrate that failed into a store left them advanced, and its retry would give
 * the copied rows other ids than the original's. */
int store_ids_follow(struct store *s, struct zerr *e);

/* A unit's dictionary (core/dictionary.h; migration 025): the entries it changed or added. */
struct dict_row {
	const char *org, *list, *value, *label, *label_en; /* label_en nullable */
	int sort;
	bool enabled;
};
typedef int (*dict_row_fn)(void *ctx, const struct dict_row *r);
/* Calls fn for unit org's entries of `list` (NULL: every list), by list, sort and value. */
int store_dict_each(struct store *s, const char *org, const char *list, dict_row_fn fn, void *ctx, struct zerr *e);
/* Inserts or replaces the entry (org, list, value); inside store_begin/commit. */
int store_dict_put(struct store *s, const struct dict_row *r, struct zerr *e);
/* A unit's announcements (core/announce.h; migration 025). Dates ISO text, times Unix seconds. */
struct announce_row {
	int64_t id;
	const char *org, *title, *body, *status, *publish_on, *expires_on, *author; /* dates nullable */
	int64_t created_at, published_at; /* published_at 0: never */
};
typedef int (*announce_row_fn)(void *ctx, const struct announce_row *r);
/* r->id 0: inserts it and sets r->id; else rewrites every field but org, author and created_at
 * (ZE_NOTFOUND when unit r->org has no such one). Inside store_begin/commit. */
int store_announce_put(struct store *s, struct announce_row *r, struct zerr *e);
/* Calls fn for unit org's announcements (id 0: all), newest first. */
int store_announce_each(struct store *s, const char *org, int64_t id, announce_row_fn fn, void *ctx, struct zerr *e);

/* Calls fn once for each unit (its id) that unit inspector has inspected (an inspection whose
 * inspector_org it is), by id: the supervisor's list of its inspections reads only those units. */
typedef int (*unit_id_fn)(void *ctx, const char *org);
int store_inspected_each(struct store *s, const char *inspector, unit_id_fn fn, void *ctx, struct zerr *e);

#endif
