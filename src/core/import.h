/* The importer's entries that write to the store. Only the change service (core/change.c)
 * calls them, so that every write of business data is validated, written and audited in one
 * transaction (DESIGN.md §6); scripts/check-layers.sh refuses any other include of this header
 * in src/. The unit tests, fuzzers and benchmarks include it to load their fixtures. */
#ifndef ZEREN_CORE_IMPORT_H
#define ZEREN_CORE_IMPORT_H

#include "core/interchange.h"

/* Reads a zeren/v1 document (text of len bytes, named `source` in messages) into the store:
 * records are inserted or updated by id (appointments by person, post or seat, scope and
 * start), nothing is deleted, and it is one transaction: on any error nothing changes and e
 * names the source, line, JSON path and problem. */
int import_document(struct store *s, const char *text, size_t len, const char *source,
		    struct import_stats *stats, struct zerr *e);
/* The same with opts (nullable). */
int import_document_opts(struct store *s, const char *text, size_t len, const char *source,
			 const struct import_opts *opts, struct import_stats *stats, struct zerr *e);
/* The same for a document already parsed ({"incidents": [{…}], …}; "format" may be left out):
 * no text, so messages name JSON paths without lines. Borrows doc. */
int import_parsed(struct store *s, json_t *doc, const char *source, const struct import_opts *opts,
		  struct import_stats *stats, struct zerr *e);
/* The same for a file (mapped, not read into memory). */
int import_file(struct store *s, const char *path, struct import_stats *stats, struct zerr *e);
int import_file_opts(struct store *s, const char *path, const struct import_opts *opts, struct import_stats *stats,
		     struct zerr *e);

#endif
