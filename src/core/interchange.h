/* zeren/v1 import and export (DESIGN.md §3). */
#ifndef ZEREN_CORE_INTERCHANGE_H
#define ZEREN_CORE_INTERCHANGE_H

#include <jansson.h>
#include <stdio.h>

#include "core/render.h" /* one record as zeren/v1 writes it */
#include "model/model.h"
#include "store/store.h"
#include "util/err.h"
#include "util/strbuf.h"

/* Hard caps on what an import accepts. */
#define IMPORT_MAX_FILE ((size_t)8 << 30)   /* 8 GiB */
#define IMPORT_MAX_ELEMENT ((size_t)16 << 20) /* one record of an array */
#define IMPORT_MAX_ID 200                    /* bytes */
#define IMPORT_MAX_TEXT 2000                 /* bytes, names and numbers */
#define LOG_RETENTION_MAX_DAYS 36500         /* a log source's configured retention */
#define TRAINING_MAX_HOURS 1000              /* one training session */
#define TRAINING_MAX_ATTENDEES 10000         /* of one training session */

struct import_stats {
	size_t orgs, depts, people, bodies, appts, systems, agreements, incidents, notices, records, handovers,
	       vulnerabilities, plans, log_sources, trainings, projects, rectifications, inspections;
	/* Departments, people, bodies and systems of the file that carry no dates (valid time):
	 * each is taken as valid from the earliest date the file knows (`earliest`, ZDATE_NONE
	 * when it has none) and before, as far back as the records go. */
	size_t undated;
	zdate earliest;
};

/* {"orgs", "departments", "people", …: counts} as the audit log and the API report them. */
json_t *import_stats_json(const struct import_stats *st);

/* What an import may be asked to do beyond the plain one. */
struct import_opts {
	/* Every record must belong to this unit (by id): a record of another unit is refused with
	 * its JSON path ("$.people[2].org: outside unit demo"), so is an id another unit's record
	 * has, and the unit's policy stays as stored (it is the security administrator's to set).
	 * NULL: any unit. */
	const char *only_org;
	/* Runs after the merged facts (the store's and the document's, indexed) are validated and
	 * before anything is written; a nonzero return (with e filled) refuses the import. The
	 * facts are freed when the import returns. */
	int (*before_write)(void *ctx, const struct facts *merged, struct zerr *e);
	void *ctx;
	bool dry_run; /* validate (and run before_write) but write nothing */
	/* Runs inside the import's transaction after the records are written, before the commit
	 * (st: what was written): what it writes commits or rolls back with them. The server
	 * writes the audit record of the change here. */
	int (*before_commit)(void *ctx, struct store *s, const struct import_stats *st, struct zerr *e);
	void *commit_ctx;
	/* The document carries one record (an API request body wrapped as a document): messages
	 * name paths from the record, "$.name" rather than "$.people[0].name". */
	bool one_record;
	/* The policies the records are validated against, when the caller holds them (a server
	 * loads them once); NULL: loaded for this import. */
	const struct policy_set *policies;
	/* The unit only_org's facts as the store held them at generation `loaded_at` (a server's
	 * view: every unit's org row and the unit's records, as store_load reads them), borrowed:
	 * when the store is still at that generation once the write lock is held, the write starts
	 * from a copy of them instead of reading the unit again. NULL: read from the store. */
	const struct facts *loaded;
	int64_t loaded_at;
	/* With loaded: when the write started from it and committed, the merged facts (the unit
	 * as the store now holds it, indexed; its org rows and some of its strings are loaded's,
	 * which must outlive them) are moved into *written; else *written is left empty. NULL:
	 * dropped. */
	struct facts *written;
};
/* Reads a zeren/v1 document (parsed, borrowed) into empty facts f, validated as an import into
 * an empty store would be, without a store: the store's records as they stood at an instant
 * are rebuilt this way from their history (core/history.h). f is indexed on success. */
int import_to_facts(json_t *doc, const char *source, struct facts *f, struct zerr *e);

/* Writes the facts of all units (or of unit org_id, with its departments' and people's
 * records only) as a zeren/v1 document. */
int export_document(const struct facts *f, const char *org_id, FILE *out, struct zerr *e);
/* export_document, and after its arrays the units' own dictionaries kept in store s (section
 * "dictionary", written only when a unit has entries; core/dictionary.h). */
int export_document_store(struct store *s, const struct facts *f, const char *org_id, FILE *out, struct zerr *e);

#endif
