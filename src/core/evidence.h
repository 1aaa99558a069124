/* Evidence files, kept content-addressed: <data dir>/evidence/<first two hex digits>/<sha256>. */
#ifndef ZEREN_CORE_EVIDENCE_H
#define ZEREN_CORE_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define EVIDENCE_MAX ((size_t)256 << 20) /* one file: 256 MiB */
#define EVIDENCE_NAME_MAX 255            /* bytes of a kept original name */

/* Copies the file at path into the data directory (once per content) and gives its SHA-256 in
 * lowercase hex (65 bytes with the NUL) and its size. */
int evidence_store(const char *data_dir, const char *path, char sha256[65], int64_t *size, struct zerr *e);
/* The same for bytes in memory (an upload). When name is given, it is also remembered beside
 * the file (the last name the content was uploaded under), for a record that names the file
 * by its hash alone. Empty data is refused (ZE_INVALID). */
int evidence_store_buffer(const char *data_dir, const void *data, size_t len, const char *name, char sha256[65],
			  struct zerr *e);
/* The same without waiting for the disk after each file: for many files at once (a signing
 * campaign), made durable together by evidence_sync before they are recorded. */
int evidence_store_batch(const char *data_dir, const void *data, size_t len, const char *name, char sha256[65],
			 struct zerr *e);
int evidence_sync(const char *data_dir, struct zerr *e);
/* The path of a stored file (buf of at least 4096 bytes); ZE_NOTFOUND when it is not there. */
int evidence_path(const char *data_dir, const char *sha256, char *buf, size_t len, struct zerr *e);
/* The stored file's size and the name it was last uploaded under ("" when none was given). */
int evidence_info(const char *data_dir, const char *sha256, int64_t *size, char name[EVIDENCE_NAME_MAX + 1],
		  struct zerr *e);
/* Whether s is 64 lowercase hex digits. */
bool evidence_sha256_valid(const char *s);

/* A client's file name made safe to keep and to offer back for download: the last path
 * component only ("C:\\x\\a.pdf" -> "a.pdf"), no control characters, bidirectional overrides or
 * bytes of ill-formed UTF-8, no leading dots or spaces, at most EVIDENCE_NAME_MAX bytes (cut at
 * a character boundary, keeping the extension when it is short). "evidence" when nothing is left.
 * out holds at least EVIDENCE_NAME_MAX + 1 bytes. */
void evidence_sanitize_name(const char *name, char out[EVIDENCE_NAME_MAX + 1]);

#endif
