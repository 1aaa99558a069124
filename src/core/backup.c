/* Backup and restore of a data directory (see backup.h). */
#include "core/backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/anchor.h"
#include "util/strbuf.h"

#define PATH_MAX_ 4096
#define MANIFEST_MAX (64u << 20)

/* True when dir does not exist or holds nothing; creates it (0700) when it does not exist. */
static int empty_dir(const char *dir, struct zerr *e)
{
	DIR *d = opendir(dir);
	if (!d) {
		if (errno != ENOENT)
			return zerr_set(e, ZE_IO, "%s: %s", dir, strerror(errno));
		if (mkdir(dir, 0700))
			return zerr_set(e, ZE_IO, "%s: cannot create: %s", dir, strerror(errno));
		return 0;
	}
	struct dirent *de;
	bool empty = true;
	while (empty && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			empty = false;
	closedir(d);
	return empty ? 0 : zerr_set(e, ZE_CONFLICT, "%s is not empty: give a new or empty directory", dir);
}

/* Creates the directories of relative path rel under root. */
static int make_dirs(const char *root, const char *rel, struct zerr *e)
{
	char path[PATH_MAX_];
	int n = snprintf(path, sizeof path, "%s/%s", root, rel);
	if (n < 0 || (size_t)n >= sizeof path)
		return zerr_set(e, ZE_LIMIT, "path too long");
	for (char *p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(path, 0700) && errno != EEXIST)
			return zerr_set(e, ZE_IO, "%s: cannot create: %s", path, strerror(errno));
		*p = '/';
	}
	return 0;
}

/* Copies src to a new file dst (mode), computing its SHA-256 and size on the way (dst NULL:
 * only hashes). */
static int copy_hash(const char *src, const char *dst, mode_t mode, char sha[65], int64_t *size, struct zerr *e)
{
	unsigned char buf[65536], h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state hs;
	int in = open(src, O_RDONLY | O_CLOEXEC), out = -1, rc = 0;
	if (in < 0)
		return zerr_set(e, errno == ENOENT ? ZE_NOTFOUND : ZE_IO, "%s: %s", src, strerror(errno));
	if (dst && (out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) < 0) {
		rc = zerr_set(e, ZE_IO, "%s: %s", dst, strerror(errno));
		goto out;
	}
	crypto_hash_sha256_init(&hs);
	*size = 0;
	for (;;) {
		ssize_t n = read(in, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = zerr_set(e, ZE_IO, "%s: %s", src, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		crypto_hash_sha256_update(&hs, buf, (unsigned long long)n);
		*size += n;
		for (ssize_t off = 0; out >= 0 && off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				rc = zerr_set(e, ZE_IO, "%s: %s", dst, strerror(errno));
				goto out;
			}
			off += w;
		}
	}
	crypto_hash_sha256_final(&hs, h);
	sodium_bin2hex(sha, 65, h, sizeof h);
	if (out >= 0 && fsync(out))
		rc = zerr_set(e, ZE_IO, "%s: %s", dst, strerror(errno));
out:
	close(in);
	if (out >= 0 && close(out) && !rc)
		rc = zerr_set(e, ZE_IO, "%s: %s", dst, strerror(errno));
	return rc;
}

struct walk {
	const char *root, *dest;
	bool with_key;
	struct strbuf *manifest;
	struct backup_stats *st;
	struct zerr *e;
};

static void manifest_line(struct walk *w, const char *sha, int64_t size, mode_t mode, const char *rel)
{
	sb_addf(w->manifest, "%s %" PRId64 " %03o %s\n", sha, size, (unsigned)(mode & 0777), rel);
	w->st->files++;
	w->st->bytes += size;
}

/* Whether rel (a path in the data directory) is left out of a backup: the live database and
 * its WAL files (the snapshot stands for them), and the private key unless asked for. */
static bool skipped(const struct walk *w, const char *rel)
{
	/* the store itself, or on PostgreSQL the file naming its schema: a copy has its own */
	if (!strcmp(rel, "zeren.db") || !strcmp(rel, "zeren.db-wal") || !strcmp(rel, "zeren.db-shm") ||
	    !strcmp(rel, "zeren.db-journal") || !strcmp(rel, "zeren.pg") || !strcmp(rel, BACKUP_MANIFEST) ||
	    !strcmp(rel, "zeren.db.facts")) /* the facts snapshot: a cache of the store, written again */
		return true;
	return !w->with_key && !strcmp(rel, AUDIT_KEY_FILE);
}

/* A file being written under a temporary name (evidence.c's "<sha>.tmp<pid>"): left out, as
 * the file it becomes is copied once it is there. */
static bool temporary(const char *name)
{
	const char *t = strstr(name, ".tmp");
	if (!t)
		return false;
	for (t += 4; *t; t++)
		if (*t < '0' || *t > '9')
			return false;
	return true;
}

static int walk_dir(struct walk *w, const char *rel)
{
	char dir[PATH_MAX_];
	snprintf(dir, sizeof dir, "%s%s%s", w->root, *rel ? "/" : "", rel);
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = 0;
	if (!d)
		return zerr_set(w->e, ZE_IO, "%s: %s", dir, strerror(errno));
	while (!rc && (de = readdir(d))) {
		char sub[PATH_MAX_], src[PATH_MAX_ * 2], dst[PATH_MAX_ * 2], sha[65];
		struct stat sst;
		int64_t size;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		snprintf(src, sizeof src, "%s/%s", w->root, sub);
		if (skipped(w, sub) || temporary(de->d_name) || lstat(src, &sst))
			continue;
		if (strchr(sub, '\n') || strchr(sub, ' ')) {
			rc = zerr_set(w->e, ZE_INVALID, "%s: a name with a blank or newline cannot be backed up", src);
			break;
		}
		if (S_ISDIR(sst.st_mode)) {
			rc = walk_dir(w, sub);
		} else if (S_ISREG(sst.st_mode)) {
			snprintf(dst, sizeof dst, "%s/%s", w->dest, sub);
			if (!(rc = make_dirs(w->dest, sub, w->e)) &&
			    !(rc = copy_hash(src, dst, sst.st_mode & 0777, sha, &size, w->e)))
				manifest_line(w, sha, size, sst.st_mode, sub);
			else if (rc == ZE_NOTFOUND) /* removed since readdir: nothing to copy */
				rc = 0;
		}
	}
	closedir(d);
	return rc;
}

static int write_text(const char *path, const struct strbuf *sb, struct zerr *e)
{
	if (sb->overflow)
		return zerr_set(e, ZE_LIMIT, "%s: too many files", path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return zerr_set(e, ZE_IO, "%s: %s", path, strerror(errno));
	bool ok = write(fd, sb->buf ? sb->buf : "", sb->len) == (ssize_t)sb->len && fsync(fd) == 0;
	if (close(fd) || !ok)
		return zerr_set(e, ZE_IO, "%s: cannot write", path);
	return 0;
}

int backup_create(struct store *s, const char *data_dir, const char *dest, bool with_signing_key,
		  struct backup_stats *st, struct zerr *e)
{
	struct strbuf manifest;
	char db[PATH_MAX_], path[PATH_MAX_], sha[65];
	int64_t size;
	int rc;
	memset(st, 0, sizeof *st);
	if (sodium_init() < 0)
		return zerr_set(e, ZE_IO, "libsodium could not start");
	if ((rc = empty_dir(dest, e)))
		return rc;
	/* A backup inside the directory it copies would copy itself. */
	char real_dest[PATH_MAX_], real_data[PATH_MAX_];
	if (!realpath(dest, real_dest) || !realpath(data_dir, real_data))
		return zerr_set(e, ZE_IO, "%s: %s", dest, strerror(errno));
	size_t n = strlen(real_data);
	if (!strncmp(real_dest, real_data, n) && (real_dest[n] == '/' || real_dest[n] == '\0')) {
		rmdir(dest);
		return zerr_set(e, ZE_INVALID, "%s is inside the data directory %s: back up elsewhere", dest, data_dir);
	}
	/* The database first, as of one moment; files written later (evidence is written before
	 * the record that cites it) are copied too and do no harm. */
	if ((rc = store_backup(s, dest, e)))
		return rc;
	sb_init(&manifest, MANIFEST_MAX);
	sb_adds(&manifest, "zeren-backup/1\n");
	snprintf(db, sizeof db, "%s/zeren.db", dest);
	if ((rc = copy_hash(db, NULL, 0, sha, &size, e)))
		goto out;
	struct walk w = {.root = data_dir, .dest = dest, .with_key = with_signing_key, .manifest = &manifest,
			 .st = st, .e = e};
	manifest_line(&w, sha, size, 0640, "zeren.db");
	if ((rc = walk_dir(&w, "")))
		goto out;
	snprintf(path, sizeof path, "%s/%s", dest, BACKUP_MANIFEST);
	rc = write_text(path, &manifest, e);
out:
	sb_release(&manifest);
	return rc;
}

struct entry {
	char sha[65];
	int64_t size;
	unsigned mode;
	char *rel;
};

/* Parses MANIFEST into entries (rel pointing into text). */
static int parse_manifest(const char *path, char *text, struct entry **out, size_t *n, struct zerr *e)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	char *line = text, *next;
	if (strncmp(text, "zeren-backup/1\n", 15))
		return zerr_set(e, ZE_INVALID, "%s: not a zeren backup manifest", path);
	for (line = text + 15; *line; line = next) {
		next = strchr(line, '\n');
		if (!next)
			return zerr_set(e, ZE_INVALID, "%s: the last line is cut off", path);
		*next++ = '\0';
		struct entry en = {0};
		int used = 0;
		long long size;
		if (sscanf(line, "%64[0-9a-f] %lld %o %n", en.sha, &size, &en.mode, &used) != 3 || !used ||
		    strlen(en.sha) != 64 || size < 0 || !line[used])
			return zerr_set(e, ZE_INVALID, "%s: a line is not 'sha256 size mode path'", path);
		en.size = size;
		en.rel = line + used;
		/* Paths stay inside the directory. */
		if (en.rel[0] == '/' || !strcmp(en.rel, "..") || !strncmp(en.rel, "../", 3) || strstr(en.rel, "/../") ||
		    (strlen(en.rel) >= 3 && !strcmp(en.rel + strlen(en.rel) - 3, "/..")))
			return zerr_set(e, ZE_INVALID, "%s: path '%s' leaves the directory", path, en.rel);
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			void *p = realloc(*out, cap * sizeof **out);
			if (!p)
				return zerr_set(e, ZE_NOMEM, "out of memory");
			*out = p;
		}
		(*out)[(*n)++] = en;
	}
	return 0;
}

int backup_restore(const char *src, const char *data_dir, struct backup_stats *st, struct zerr *e)
{
	struct strbuf text;
	struct entry *en = NULL;
	size_t n = 0;
	char path[PATH_MAX_], from[PATH_MAX_ * 2], to[PATH_MAX_ * 2], sha[65];
	int64_t size;
	int rc;
	memset(st, 0, sizeof *st);
	if (sodium_init() < 0)
		return zerr_set(e, ZE_IO, "libsodium could not start");
	snprintf(path, sizeof path, "%s/%s", src, BACKUP_MANIFEST);
	sb_init(&text, MANIFEST_MAX);
	if ((rc = read_file(path, MANIFEST_MAX, &text, e)) || (rc = parse_manifest(path, text.buf, &en, &n, e)))
		goto out;
	/* Every file checked before anything is written. */
	for (size_t i = 0; i < n; i++) {
		snprintf(from, sizeof from, "%s/%s", src, en[i].rel);
		if ((rc = copy_hash(from, NULL, 0, sha, &size, e)))
			goto out;
		if (strcmp(sha, en[i].sha) || size != en[i].size) {
			rc = zerr_set(e, ZE_CONFLICT, "%s differs from the backup's manifest: not restored", from);
			goto out;
		}
	}
	if ((rc = empty_dir(data_dir, e)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		snprintf(from, sizeof from, "%s/%s", src, en[i].rel);
		snprintf(to, sizeof to, "%s/%s", data_dir, en[i].rel);
		if ((rc = make_dirs(data_dir, en[i].rel, e)) ||
		    (rc = copy_hash(from, to, (mode_t)(en[i].mode & 0777), sha, &size, e)))
			goto out;
		if (strcmp(sha, en[i].sha)) {
			rc = zerr_set(e, ZE_CONFLICT, "%s changed while it was restored", from);
			goto out;
		}
		st->files++;
		st->bytes += size;
	}
out:
	free(en);
	sb_release(&text);
	return rc;
}

int backup_copy_files(const char *data_dir, const char *dest, struct backup_stats *st, struct zerr *e)
{
	struct strbuf listing;
	memset(st, 0, sizeof *st);
	if (sodium_init() < 0)
		return zerr_set(e, ZE_IO, "libsodium could not start");
	if (mkdir(dest, 0700) && errno != EEXIST)
		return zerr_set(e, ZE_IO, "%s: cannot create: %s", dest, strerror(errno));
	sb_init(&listing, MANIFEST_MAX);
	struct walk w = {.root = data_dir, .dest = dest, .with_key = true, .manifest = &listing, .st = st, .e = e};
	int rc = walk_dir(&w, "");
	sb_release(&listing);
	return rc;
}
