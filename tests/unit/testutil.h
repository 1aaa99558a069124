/* Common includes for the cmocka unit tests. */
#ifndef ZEREN_TESTUTIL_H
#define ZEREN_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/date.h"
#include "util/err.h"
#include "util/strbuf.h"

/* The source tree (for data files); set by `make check-unit`. */
static inline const char *test_srcdir(void)
{
	const char *d = getenv("ZEREN_SRCDIR");
	return d ? d : ".";
}

/* A date written in a test; NULL is the open end of an interval. */
static inline zdate D(const char *s)
{
	zdate d = 0;
	if (!s)
		return ZDATE_MAX;
	if (!date_parse(s, &d))
		fail_msg("bad date in test: %s", s);
	return d;
}

/* A whole file (caller frees), or NULL. */
static inline char *slurp(const char *path, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	struct zerr e = {0};
	if (read_file(path, (size_t)64 << 20, &sb, &e)) {
		sb_release(&sb);
		return NULL;
	}
	return sb_detach(&sb, len);
}

/* A fresh directory under $TMPDIR (or /tmp); the caller frees the name. */
static inline char *make_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[4096];
	snprintf(tmpl, sizeof tmpl, "%s/zeren-test-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpl))
		fail_msg("mkdtemp failed");
	return strdup(tmpl);
}

/* Removes dir and everything under it. */
static inline void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *de;
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			char path[4096 + 256];
			if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path)
				continue;
			struct stat st;
			if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
				remove_dir(path);
			else
				unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

#endif
