/* Instants with the UTC offset they were written in ("2026-05-01T08:30:00+08:00"), so an
 * incident's times round-trip exactly as recorded. */
#ifndef ZEREN_UTIL_DATETIME_H
#define ZEREN_UTIL_DATETIME_H

#include <stdbool.h>
#include <stdint.h>

#include "util/date.h"

struct ztime {
	int64_t t;      /* seconds since 1970-01-01T00:00:00Z */
	int16_t offset; /* minutes east of UTC as written */
};

#define ZTIME_NONE ((struct ztime){INT64_MIN, 0})
#define ZTIME_BUFSZ 26 /* "YYYY-MM-DDTHH:MM:SS+hh:mm" + NUL */

static inline bool ztime_set(struct ztime z)
{
	return z.t != INT64_MIN;
}

/* Parses "YYYY-MM-DDTHH:MM[:SS](Z|±hh:mm)"; the offset is required. */
bool ztime_parse(const char *s, struct ztime *out);
/* Formats with the offset it was written in. */
char *ztime_format(struct ztime z, char *buf);
/* The local calendar date of the instant in its own offset. */
zdate ztime_date(struct ztime z);

#endif
