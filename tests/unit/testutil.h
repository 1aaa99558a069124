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

#endif
