/* Backup and restore of a data directory (issue 18, item 9): the database as one consistent
 * moment (store_backup: SQLite's online backup API, while the server writes on), then the
 * evidence files, the public key, the checkpoint log and any other file of the directory, each
 * listed with its SHA-256 in MANIFEST. The audit signing key stays out unless asked for: a
 * backup travels and is kept where database copies are kept, and the key's whole worth is that
 * whoever holds a copy of the database does not hold it. A PostgreSQL store is backed up with
 * pg_dump instead (docs/server.md). */
#ifndef ZEREN_CORE_BACKUP_H
#define ZEREN_CORE_BACKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

#define BACKUP_MANIFEST "MANIFEST"

struct backup_stats {
	size_t files;  /* files copied, the database included */
	int64_t bytes; /* their size */
};

/* Copies store s of data directory data_dir into dest, which must not exist or be empty
 * (ZE_CONFLICT otherwise). with_signing_key: also keys/audit-signing.key. On failure dest is
 * left as far as it got. */
int backup_create(struct store *s, const char *data_dir, const char *dest, bool with_signing_key,
		  struct backup_stats *st, struct zerr *e);
/* Checks every file of backup src against its MANIFEST (ZE_CONFLICT naming the first that
 * differs or is missing) and copies them into data_dir, which must not exist or be empty. */
int backup_restore(const char *src, const char *data_dir, struct backup_stats *st, struct zerr *e);

/* Copies every file of data directory data_dir but the database — evidence, keys (the signing
 * key too, mode kept), checkpoints — into dest (created when missing); a file there already is
 * ZE_IO (nothing is overwritten). For zeren migrate: the files that go with a store's rows. */
int backup_copy_files(const char *data_dir, const char *dest, struct backup_stats *st, struct zerr *e);

#endif
