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
/* The calendar date of the instant at `offset` minutes east of UTC. */
zdate ztime_date_at(struct ztime z, int offset);

/* A unit's time zone (DESIGN.md §6 "Time"). zeren keeps a fixed-offset table of the zones
 * Chinese units live in rather than reading the system's tz database: none of them has had
 * daylight saving time since 1991, so an offset is the whole rule; the result is the same on
 * every node whatever its tzdata, and the engine needs no I/O. Dates before 1992 in zones that
 * kept DST then (Asia/Shanghai 1986-1991) are computed with the standard offset. */
#define TZ_DEFAULT "Asia/Shanghai"
#define TZ_DEFAULT_OFFSET 480
/* The zone's offset in minutes east of UTC; false when the zone is not in the table. */
bool tz_offset(const char *zone, int *offset);
/* The zones of the table, comma-separated, for messages. */
const char *tz_names(void);

#endif
