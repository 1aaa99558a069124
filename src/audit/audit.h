/* The tamper-evident audit log (审计日志): every state change and login, hash-chained so that
 * an altered or removed record is found by audit_verify. Records are kept at least six months
 * (网络安全法 第二十一条) and no role can change or delete them. */
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

/* Removes the records made before before_date (YYYY-MM-DD, UTC). Refuses (ZE_CONFLICT) when
 * that would remove a record younger than the retention period. */
int audit_purge(struct store *s, const char *before_date, int64_t *purged, struct zerr *e);

#endif
