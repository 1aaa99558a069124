/* syncfs(2), to make a batch of files durable at once */
#define _GNU_SOURCE
#include "core/evidence.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/strbuf.h"

bool evidence_sha256_valid(const char *s)
{
	if (!s || strlen(s) != 64)
		return false;
	for (int i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

int evidence_path(const char *data_dir, const char *sha256, char *buf, size_t len, struct zerr *e)
{
	struct stat st;
	if (!evidence_sha256_valid(sha256))
		return zerr_set(e, ZE_INVALID, "'%.80s' is not a SHA-256 in hex", sha256 ? sha256 : "");
	if ((size_t)snprintf(buf, len, "%s/evidence/%.2s/%s", data_dir, sha256, sha256) >= len)
		return zerr_set(e, ZE_LIMIT, "evidence path too long");
	if (stat(buf, &st) != 0)
		return zerr_set(e, ZE_NOTFOUND, "evidence %s is not in %s", sha256, data_dir);
	return 0;
}

/* Writes data to path through a temporary file beside it and a rename, so a crash never
 * leaves a partial file under that name. */
static int write_atomically(const char *path, const void *data, size_t len, bool durable, struct zerr *e)
{
	struct strbuf tmp = STRBUF_INIT;
	FILE *f = NULL;
	int rc = 0;
	if (!sb_addf(&tmp, "%s.tmp%ld", path, (long)getpid())) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	if (!(f = fopen(tmp.buf, "wb")) || fwrite(data, 1, len, f) != len || fflush(f) != 0 ||
	    (durable && fsync(fileno(f)) != 0)) {
		rc = zerr_set(e, ZE_IO, "%s: %s", tmp.buf, strerror(errno));
		goto out;
	}
	int closed = fclose(f);
	f = NULL;
	if (closed != 0 || rename(tmp.buf, path) != 0)
		rc = zerr_set(e, ZE_IO, "%s: %s", path, strerror(errno));
out:
	if (f)
		fclose(f);
	if (rc && tmp.len)
		unlink(tmp.buf);
	sb_release(&tmp);
	return rc;
}

/* Keeps len bytes under their hash (once per content). */
static int store_bytes(const char *data_dir, const void *data, size_t len, char sha256[65], struct strbuf *dest,
		       bool durable, struct zerr *e)
{
	struct strbuf dir = STRBUF_INIT;
	unsigned char hash[crypto_hash_sha256_BYTES];
	struct stat st;
	int rc = 0;
	if (sodium_init() < 0)
		return zerr_set(e, ZE_IO, "libsodium could not start");
	if (len > EVIDENCE_MAX)
		return zerr_set(e, ZE_LIMIT, "the file is larger than %zu bytes", EVIDENCE_MAX);
	crypto_hash_sha256(hash, data, len);
	sodium_bin2hex(sha256, 65, hash, sizeof hash);
	sb_addf(&dir, "%s/evidence", data_dir);
	mkdir(dir.buf, 0750);
	sb_addf(&dir, "/%.2s", sha256);
	if (mkdir(dir.buf, 0750) != 0 && errno != EEXIST) {
		rc = zerr_set(e, ZE_IO, "%s: %s", dir.buf, strerror(errno));
		goto out;
	}
	sb_addf(dest, "%s/%s", dir.buf, sha256);
	if (dir.overflow || dest->overflow) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}
	if (stat(dest->buf, &st) != 0)
		rc = write_atomically(dest->buf, data, len, durable, e);
out:
	sb_release(&dir);
	return rc;
}

static int store_buffer(const char *data_dir, const void *data, size_t len, const char *name, char sha256[65],
			bool durable, struct zerr *e)
{
	struct strbuf dest = STRBUF_INIT;
	char clean[EVIDENCE_NAME_MAX + 1];
	int rc;
	if (len == 0)
		return zerr_set(e, ZE_INVALID, "the file is empty");
	if ((rc = store_bytes(data_dir, data, len, sha256, &dest, durable, e)) || !name)
		goto out;
	evidence_sanitize_name(name, clean);
	sb_adds(&dest, ".name");
	rc = dest.overflow ? zerr_set(e, ZE_NOMEM, "out of memory")
			   : write_atomically(dest.buf, clean, strlen(clean), durable, e);
out:
	sb_release(&dest);
	return rc;
}

int evidence_store_buffer(const char *data_dir, const void *data, size_t len, const char *name, char sha256[65],
			  struct zerr *e)
{
	return store_buffer(data_dir, data, len, name, sha256, true, e);
}

int evidence_store_batch(const char *data_dir, const void *data, size_t len, const char *name, char sha256[65],
			 struct zerr *e)
{
	return store_buffer(data_dir, data, len, name, sha256, false, e);
}

int evidence_sync(const char *data_dir, struct zerr *e)
{
	int fd = open(data_dir, O_RDONLY | O_DIRECTORY);
	int rc = fd < 0 || syncfs(fd) != 0 ? zerr_set(e, ZE_IO, "%s: %s", data_dir, strerror(errno)) : 0;
	if (fd >= 0)
		close(fd);
	return rc;
}

int evidence_store(const char *data_dir, const char *path, char sha256[65], int64_t *size, struct zerr *e)
{
	struct strbuf data = STRBUF_INIT, dest = STRBUF_INIT;
	int rc = read_file(path, EVIDENCE_MAX, &data, e);
	if (!rc && !(rc = store_bytes(data_dir, data.buf, data.len, sha256, &dest, true, e)))
		*size = (int64_t)data.len;
	sb_release(&data);
	sb_release(&dest);
	return rc;
}

int evidence_info(const char *data_dir, const char *sha256, int64_t *size, char name[EVIDENCE_NAME_MAX + 1],
		  struct zerr *e)
{
	char path[4096];
	struct stat st;
	int rc = evidence_path(data_dir, sha256, path, sizeof path - 8, e);
	name[0] = '\0';
	if (rc)
		return rc;
	if (stat(path, &st) != 0)
		return zerr_set(e, ZE_NOTFOUND, "evidence %s is not in %s", sha256, data_dir);
	*size = (int64_t)st.st_size;
	strcat(path, ".name");
	FILE *f = fopen(path, "rb");
	if (f) {
		size_t n = fread(name, 1, EVIDENCE_NAME_MAX, f);
		name[n] = '\0';
		fclose(f);
		/* written sanitized; checked again in case the data directory was edited by hand */
		char clean[EVIDENCE_NAME_MAX + 1];
		evidence_sanitize_name(name, clean);
		memcpy(name, clean, sizeof clean);
	}
	return 0;
}

/* The code point at s (well-formed UTF-8 only: no overlong forms, surrogates or values past
 * U+10FFFF) and its length in *n; -1 when ill-formed. */
static long utf8_next(const unsigned char *s, size_t *n)
{
	long c;
	size_t len;
	if (s[0] < 0x80)
		return *n = 1, s[0];
	if ((s[0] & 0xe0) == 0xc0)
		c = s[0] & 0x1f, len = 2;
	else if ((s[0] & 0xf0) == 0xe0)
		c = s[0] & 0x0f, len = 3;
	else if ((s[0] & 0xf8) == 0xf0)
		c = s[0] & 0x07, len = 4;
	else
		return *n = 1, -1;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return *n = i, -1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	*n = len;
	static const long min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (c < min[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	return c;
}

/* Characters a kept name must not carry: controls (C0, DEL, C1), the bidirectional controls
 * that make "exe.pdf" look like "fdp.exe", the byte-order mark and the characters Windows
 * forbids in file names. */
static bool unwanted(long c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x200e && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0xfeff || (c < 0x80 && strchr("\"<>|:*?", (int)c));
}

void evidence_sanitize_name(const char *name, char out[EVIDENCE_NAME_MAX + 1])
{
	char buf[4 * EVIDENCE_NAME_MAX + 1]; /* the kept characters, before the length cut */
	size_t len = 0;
	const char *base = name ? name : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	for (const unsigned char *s = (const unsigned char *)base; *s && len + 4 < sizeof buf;) {
		size_t n;
		long c = utf8_next(s, &n);
		if (c >= 0 && !unwanted(c) && !(len == 0 && (c == '.' || c == ' '))) {
			memcpy(buf + len, s, n);
			len += n;
		}
		s += n;
	}
	while (len && (buf[len - 1] == ' ' || buf[len - 1] == '.'))
		len--;
	buf[len] = '\0';
	if (len <= EVIDENCE_NAME_MAX) {
		memcpy(out, len ? buf : "evidence", len ? len + 1 : sizeof "evidence");
		return;
	}
	/* Too long: cut the stem at a character boundary and keep a short extension. */
	const char *dot = strrchr(buf, '.');
	size_t ext = dot && strlen(dot) <= 16 ? strlen(dot) : 0;
	size_t keep = EVIDENCE_NAME_MAX - ext;
	while (keep && ((unsigned char)buf[keep] & 0xc0) == 0x80)
		keep--;
	memcpy(out, buf, keep);
	memcpy(out + keep, buf + len - ext, ext);
	out[keep + ext] = '\0';
}
