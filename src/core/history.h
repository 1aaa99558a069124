/* History for every fact (issue 21). Valid time — what was true when — is in the facts
 * themselves (model/model.h: spans, versions, assessments) and the engine reads it. Transaction
 * time — what the store held when — is the history of facts the change service keeps
 * (store_history_*): every record a change writes, as zeren/v1, with when and by which change.
 * Here the facts as recorded at the end of a day are rebuilt from it, and a change's own
 * records are written into it. */
#ifndef ZEREN_CORE_HISTORY_H
#define ZEREN_CORE_HISTORY_H

#include <jansson.h>
#include <time.h>

#include "model/model.h"
#include "store/store.h"
#include "util/err.h"

#define HISTORY_AT_BUFSZ 21 /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */

/* An instant as the history keeps it (ISO 8601 UTC). */
char *history_at(time_t t, char buf[HISTORY_AT_BUFSZ]);
/* The instant a day ends in a time zone `offset` minutes east of UTC: the first moment of the
 * next day, as the history keeps instants. */
char *history_day_end(zdate day, int offset, char buf[HISTORY_AT_BUFSZ]);

/* The kinds of record the history keeps, as it names them ("org", "department", "person", "body",
 * "appointment", "system", "agreement", "incident", "notice", "obligation_record"). */
bool history_kind_known(const char *kind);

/* The facts of unit org_id (and every unit's own record, for the tree; org_id NULL: all units)
 * as the store held them at the end of day `recorded_on` — in the unit's time zone as recorded
 * (all units: Asia/Shanghai) — rebuilt from the history of facts into empty facts f (indexed).
 * ZE_NOTFOUND when the unit had no record by then. */
int history_facts(struct store *s, const char *org_id, zdate recorded_on, struct facts *f, struct zerr *e);

/* Every version of unit org_id's records (kind and key NULL: any) as JSON, oldest first:
 * [{"seq", "recorded_at", "change", "account", "kind", "key", "record"}] (record null: withdrawn). */
int history_json(struct store *s, const char *org_id, const char *kind, const char *key, json_t **out,
		 struct zerr *e);

#endif
