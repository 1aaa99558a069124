#include "core/evidence.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/strbuf.h"

int evidence_path(const char *data_dir, const char *sha256, char *buf, size_t len, struct zerr *e)
{
	struct stat st;
	if ((size_t)snprintf(buf, len, "%s/evidence/%.2s/%s", data_dir, sha256, sha256) >= len)
		return zerr_set(e, ZE_LIMIT, "evidence path too long");
	if (stat(buf, &st) != 0)
		return zerr_set(e, ZE_NOTFOUND, "evidence %s is not in %s", sha256, data_dir);
	return 0;
}

int evidence_store(const char *data_dir, const char *path, char sha256[65], int64_t *size, struct zerr *e)
{
	struct strbuf data = STRBUF_INIT, dir = STRBUF_INIT, dest = STRBUF_INIT, tmp = STRBUF_INIT;
	unsigned char hash[crypto_hash_sha256_BYTES];
	FILE *f = NULL;
	int rc;
	if (sodium_init() < 0)
		return zerr_set(e, ZE_IO, "libsodium could not start");
	if ((rc = read_file(path, EVIDENCE_MAX, &data, e)))
		goto out;
	crypto_hash_sha256(hash, (const unsigned char *)data.buf, data.len);
	sodium_bin2hex(sha256, 65, hash, sizeof hash);
	*size = (int64_t)data.len;
	sb_addf(&dir, "%s/evidence", data_dir);
	mkdir(dir.buf, 0750);
	sb_addf(&dir, "/%.2s", sha256);
	if (mkdir(dir.buf, 0750) != 0 && errno != EEXIST) {
		rc = zerr_set(e, ZE_IO, "%s: %s", dir.buf, strerror(errno));
		goto out;
	}
	sb_addf(&dest, "%s/%s", dir.buf, sha256);
	struct stat st;
	if (stat(dest.buf, &st) == 0)
		goto out; /* the same content is kept once */
	/* Write beside it and rename, so a crash never leaves a partial file under the hash. */
	sb_addf(&tmp, "%s.tmp%ld", dest.buf, (long)getpid());
	if (!(f = fopen(tmp.buf, "wb")) || fwrite(data.buf, 1, data.len, f) != data.len || fflush(f) != 0 ||
	    fsync(fileno(f)) != 0) {
		rc = zerr_set(e, ZE_IO, "%s: %s", tmp.buf, strerror(errno));
		goto out;
	}
	if (fclose(f) != 0 || rename(tmp.buf, dest.buf) != 0) {
		f = NULL;
		rc = zerr_set(e, ZE_IO, "%s: %s", dest.buf, strerror(errno));
		goto out;
	}
	f = NULL;
out:
	if (f)
		fclose(f);
	if (rc && tmp.len)
		unlink(tmp.buf);
	sb_release(&data);
	sb_release(&dir);
	sb_release(&dest);
	sb_release(&tmp);
	return rc;
}
