/* A compact snapshot of every unit's facts, kept beside a SQLite database so that a fresh
 * process (a `zeren check`, a server's roll-up) reads its arrays instead of stepping through
 * millions of rows and resolving their text ids (bench/README.md "Cold start"). It is a cache:
 * it holds for one store state only (its key), it is checksummed, and a stale or damaged one is
 * reported and never used. The file's layout is this build's memory layout and numbering of
 * the enumerations (posts, seats …): a build that lays the records out or numbers them
 * otherwise has another fingerprint and ignores it; the units' UTC offsets are resolved again
 * from their time zones, as a load of the tables does. */
#ifndef ZEREN_STORE_SNAPSHOT_H
#define ZEREN_STORE_SNAPSHOT_H

#include <stdint.h>

#include "model/model.h"
#include "util/err.h"

/* The store state a snapshot was taken of: the store's generation (bumped by every write of
 * facts), its schema version and the hash of the audit record of the change that wrote the last
 * version of a fact (two copies of a store that went apart, e.g. a database file copied back by
 * hand and written again, differ there at the same generation; sign-ins and other audited
 * actions that write no facts leave it alone). */
struct snapshot_key {
	int64_t generation, schema;
	char audit[65]; /* hex, "" when there is none */
};

/* Reads the snapshot at path into f (initialized and empty) when it was taken of key. Returns
 * 0; ZE_NOTFOUND when there is none; ZE_CONFLICT when it is of another state or build (stale);
 * ZE_INVALID when it is damaged (truncated, checksum, references out of range); ZE_IO, ZE_NOMEM.
 * On any failure f is left empty and e says why. */
int snapshot_read(const char *path, const struct snapshot_key *key, struct facts *f, struct zerr *e);

/* Writes f (as loaded, unindexed or not) as the snapshot of key at path: a temporary file
 * "<path>.tmp<digits>" (unique to the process and the call) renamed over it, so a reader sees
 * the old file or the new one. */
int snapshot_write(const char *path, const struct snapshot_key *key, const struct facts *f, struct zerr *e);

#endif
