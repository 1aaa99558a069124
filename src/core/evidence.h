/* Evidence files, kept content-addressed: <data dir>/evidence/<first two hex digits>/<sha256>. */
#ifndef ZEREN_CORE_EVIDENCE_H
#define ZEREN_CORE_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define EVIDENCE_MAX ((size_t)256 << 20) /* one file: 256 MiB */

/* Copies the file at path into the data directory (once per content) and gives its SHA-256 in
 * lowercase hex (65 bytes with the NUL) and its size. */
int evidence_store(const char *data_dir, const char *path, char sha256[65], int64_t *size, struct zerr *e);
/* The path of a stored file (buf of at least 4096 bytes); ZE_NOTFOUND when it is not there. */
int evidence_path(const char *data_dir, const char *sha256, char *buf, size_t len, struct zerr *e);

#endif
