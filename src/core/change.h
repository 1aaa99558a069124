/* A change (DESIGN.md §6): who makes it, from where, to which unit, why, and which records.
 * Every write of business data goes through here: validated by the importer's rules, written,
 * recorded in the audit log and the store's generation bumped, in one transaction. A refused
 * change writes nothing, and its refusal is recorded on its own. The command line and the API
 * are thin callers (as git's builtins are of its library). */
#ifndef ZEREN_CORE_CHANGE_H
#define ZEREN_CORE_CHANGE_H

#include <jansson.h>

#include "core/interchange.h"
#include "store/store.h"
#include "util/err.h"

#define CHANGE_ACTOR_MAX 200 /* bytes of "cli:<os user>" */

struct change {
	const char *actor;  /* the account, or "cli:<os user>" (change_cli_actor) */
	const char *source; /* "cli", or the client's address */
	const char *unit;   /* every record must be of this unit (import_opts.only_org), or NULL */
	const char *action; /* what the audit log calls it: "incident.add", "import", … */
	const char *object; /* what it acts on: "demo/inc-1", a file name, … */
	const char *reason; /* why, when the caller says (recorded in the detail) */
	json_t *detail;     /* what to record of it (borrowed); NULL: the counts written */
	/* Called once the outcome is known (refused: why, else NULL), before the record is
	 * written, when what the record says is only known then (an appointment's id once merged,
	 * the status a refusal is answered with). May reset action, object and detail; what it
	 * sets must live until the change returns. */
	void (*describe)(void *ctx, struct change *c, const struct zerr *refused);
	void *describe_ctx;
	/* Set by a change of records that committed: the store's generation read inside its
	 * transaction and read again once it committed (both 0 when unknown). after == before + 1:
	 * no other transaction committed in between, so what moved the generation is this change
	 * alone (a cache of other units' facts stays valid). */
	int64_t generation_before, generation_after;
};

/* "cli:<os user>" ($USER, or "cli:unknown") into buf, which it returns. */
char *change_cli_actor(char buf[CHANGE_ACTOR_MAX]);

/* Records: doc is a zeren/v1 document already parsed ({"incidents": [{…}]}), borrowed, named
 * `name` in messages ("request", "incident add"). opts (nullable) may add before_write, dry_run
 * and one_record; only_org is c->unit, and the caller's before_commit runs before the record. */
int change_records(struct store *s, struct change *c, json_t *doc, const char *name, const struct import_opts *opts,
		   struct import_stats *stats, struct zerr *e);
/* A whole zeren/v1 document as text (`zeren import`, POST /api/v1/import), named `name` in
 * messages. */
int change_document(struct store *s, struct change *c, const char *text, size_t len, const char *name,
		    const struct import_opts *opts, struct import_stats *stats, struct zerr *e);
/* A zeren/v1 file (mapped, not read into memory). */
int change_file(struct store *s, struct change *c, const char *path, struct import_stats *stats, struct zerr *e);

/* For changes that are not records (the working-day calendar, accounts): c's record inside the
 * caller's open transaction, so that it commits or rolls back with the change. detail (nullable)
 * is borrowed and overrides c->detail. */
int change_record_in(struct store *s, struct change *c, json_t *detail, struct zerr *e);
/* Ends the transaction the caller began for c: with rc 0 (the change made in it), c's record
 * (detail as change_record_in) and the commit; otherwise, or when either fails, the rollback and
 * c's refusal recorded on its own, why from e. A rollback without a transaction (refused before
 * store_begin) does nothing. Steals detail; returns rc, or why the change could not be committed
 * with its record. */
int change_finish(struct store *s, struct change *c, int rc, json_t *detail, struct zerr *e);
/* The refusal of c (nothing when NULL), with why->msg, in its own transaction; a failure to
 * record it is ignored (the change itself was refused already and says why). */
void change_refused(struct store *s, struct change *c, const struct zerr *why);

#endif
