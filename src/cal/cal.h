/* The official PRC working-day calendar: which days are working days under the State Council's
 * annual holiday notices, and deadline arithmetic over them (民法典 第201条, 第203条).
 *
 * The calendar holds only the days that differ from the plain Monday–Friday week (see
 * data/calendar/README.md). A year with no rows is "unknown": it is computed as plain Mon–Fri and
 * every function that looks at it says so through its `known` / `complete` out-parameter, so a
 * deadline is never silently guessed.
 *
 * Pure: no file I/O, no printing. Lookups are binary searches over a sorted array; counting
 * working days over a range is O(log n) through prefix sums, whatever the range's length.
 *
 * The query functions accept c == NULL and treat it as an empty calendar (every year unknown).
 * Name pointers handed out stay valid until the next cal_set_day / cal_load_csv / cal_free. */
#ifndef ZEREN_CAL_CAL_H
#define ZEREN_CAL_CAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/date.h"
#include "util/err.h"

/* Hard caps: one CSV line, rows in one file and rows in one calendar, one holiday name. */
#define CAL_LINE_MAX 1024
#define CAL_ROWS_MAX 100000
#define CAL_NAME_MAX 256

struct cal; /* opaque */

/* An empty calendar (every year unknown). Returns 0 or ZE_NOMEM. */
int cal_new(struct cal **out, struct zerr *e);
void cal_free(struct cal *c);

/* Sets one row that differs from the plain Mon–Fri week. work=true: a weekend day that is worked
 * (调休上班); false: a day off. Re-adding a date replaces its row. Names are copied, must be
 * well-formed UTF-8 without control characters and at most CAL_NAME_MAX bytes; NULL or "" means
 * none. d must lie in years 1900..9999. Returns 0 or a negative ZE_* code (nothing changed). */
int cal_set_day(struct cal *c, zdate d, bool work, const char *holiday_en, const char *holiday_zh,
		struct zerr *e);

/* Adds the rows of CSV text (e.g. a whole cn-holidays.csv): header `date,kind,holiday,holiday_zh`,
 * kind off|work, empty name fields mean none. Fields may be double-quoted ("" for a quote) but not
 * span lines; CRLF line ends, a UTF-8 BOM and blank lines are accepted. A date given twice in the
 * text is an error; a date already in the calendar is replaced. Errors name the source and line,
 * e.g. "cn-holidays.csv:12: kind must be off or work, not 'x'" (ZE_INVALID; ZE_LIMIT for the caps
 * CAL_LINE_MAX and CAL_ROWS_MAX). All or nothing: on error the calendar is unchanged. */
int cal_load_csv(struct cal *c, const char *text, size_t len, const char *source, struct zerr *e);

/* A year is known when it has at least one row. */
bool cal_year_known(const struct cal *c, int year);
/* The first and last known years; false (outputs untouched) when the calendar is empty.
 * Years in between may still be unknown: check cal_year_known. */
bool cal_year_range(const struct cal *c, int *first, int *last);

/* A number that names this calendar as it stands: unique to each calendar made by cal_new and
 * renewed by every change to it, so a result computed on one calendar can be kept under it and
 * is never taken for another's (recur_expand_cached). 0 for NULL, the plain Mon–Fri week. */
uint64_t cal_serial(const struct cal *c);

/* Working day iff a `work` row, or Mon–Fri and not an `off` row. *holiday_zh / *holiday_en get the
 * row's names or NULL; *known = cal_year_known for d's year. All out-parameters are nullable. */
bool cal_is_workday(const struct cal *c, zdate d, const char **holiday_zh, const char **holiday_en,
		    bool *known);

/* 民法典 第201条: the start day is not counted. Returns the n-th working day strictly after start
 * (n >= 1); n == 0 returns start; n < 0 returns the |n|-th working day strictly before start.
 * *complete (nullable) becomes false if any day examined lies in an unknown year (it was taken as
 * plain Mon–Fri), true otherwise. A result beyond the zdate range saturates at ZDATE_MIN/ZDATE_MAX
 * with *complete false. */
zdate cal_add_workdays(const struct cal *c, zdate start, int n, bool *complete);

/* A period of n calendar days: start + n; 民法典 第203条: if that last day is not a working day,
 * the period ends on the next working day. For n < 0 (a period counted back from an event, "at
 * least n days before") a non-working last day moves to the previous working day instead, so the
 * deadline never falls later than the law allows. *complete and saturation as above. */
zdate cal_add_days(const struct cal *c, zdate start, int n, bool *complete);

/* Working days in (from, to]: how many working days after `from` up to and including `to`;
 * negative (-count of (to, from]) if to < from. For countdowns. Saturates at INT_MIN/INT_MAX.
 * *complete as above, over the days counted. */
int cal_workdays_between(const struct cal *c, zdate from, zdate to, bool *complete);

/* Rows in date order (for storing the calendar in a database and exporting it). cal_row returns 0,
 * or ZE_NOTFOUND when i >= cal_row_count; out-parameters are nullable, names may come back NULL. */
size_t cal_row_count(const struct cal *c);
int cal_row(const struct cal *c, size_t i, zdate *d, bool *work, const char **holiday_en,
	    const char **holiday_zh);

#endif
