/* The tamper-evident audit log (审计日志): every state change and login, hash-chained so that
 * an altered or removed record is found by audit_verify. Records are kept at least six months
 * (网络安全法 第二十一条; 第二十三条 of the text in force from 2026-01-01) and no role can change or
 * delete them. */
#ifndef ZEREN_AUDIT_AUDIT_H
#define ZEREN_AUDIT_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* The retention period in days (six months, rounded up). */
#define AUDIT_RETENTION_DAYS 183

/* struct audit_entry, the row, is the store's (store/store.h); this module hashes and chains. */

/* The record as JSON (detail parsed back into JSON when it is): what `zeren audit list
 * --format json` and GET /api/v1/audit show. */
#include <jansson.h>
json_t *audit_entry_json(const struct audit_entry *a);

/* Computes the hash of entry a (over all its fields and prev_hash) as 64 lowercase hex digits
 * into out. */
int audit_hash(const struct audit_entry *a, char out[AUDIT_HASH_HEX + 1], struct zerr *e);

/* Appends one record (time now, UTC) in the caller's open transaction, so that it commits or
 * rolls back with the change it records. */
int audit_append_in(struct store *s, const char *account, const char *source, const char *action,
		    const char *object, bool success, const char *detail_json, struct zerr *e);
/* Appends one record (time now, UTC) in its own transaction. */
int audit_append(struct store *s, const char *account, const char *source, const char *action,
		 const char *object, bool success, const char *detail_json, struct zerr *e);

/* Recomputes every record's hash and checks the links and that seq has no gaps. Returns 0 when
 * intact (checked = number of records), ZE_CONFLICT with first_broken set and e naming the
 * record when not. */
int audit_verify(struct store *s, int64_t *checked, int64_t *first_broken, struct zerr *e);

/* A chain head signed outside the database (audit/anchor.h). */
struct audit_signed_head {
	int64_t seq;
	const char *hash, *at;
};
struct audit_verify_result {
	int64_t checked;      /* records whose hashes were recomputed */
	int64_t first, last;  /* the first record kept (after purges) and the last; 0 when none */
	int64_t first_broken; /* where the chain breaks; 0 when it does not */
	size_t matched;       /* heads compared with a record (or purge anchor) still there */
};
/* audit_verify, and also against heads (sorted by seq; none when n is 0): ZE_CONFLICT when a
 * head's seq is beyond the last record (truncation) or the chain's hash there differs
 * (rewriting), naming the records. Heads before the oldest kept record are skipped. */
int audit_verify_heads(struct store *s, const struct audit_signed_head *heads, size_t n,
		       struct audit_verify_result *r, struct zerr *e);

/* How far purge may go (audit/anchor.h finds it): records after max_seq stay, and "now" is
 * never later than signed_at. */
struct audit_purge_limit {
	int64_t max_seq;       /* the last verified checkpoint's seq */
	const char *signed_at; /* its time, ISO 8601 UTC */
	char clock_behind[32]; /* out: the newest record's time when the clock is more than 5
				* minutes behind it ("" otherwise): worth a warning */
};
/* Removes the records made before before_date (YYYY-MM-DD, UTC) — and, with lim, none after
 * lim->max_seq. Refuses (ZE_CONFLICT) when that would remove a record younger than the retention
 * period counted back from "now": the earliest of the clock, the newest record and
 * lim->signed_at, so a clock moved forward ages nothing (and one set back keeps more). lim NULL:
 * no checkpoint bound (tests only; the commands always pass one). */
int audit_purge(struct store *s, const char *before_date, struct audit_purge_limit *lim, int64_t *purged,
		struct zerr *e);

#endif
