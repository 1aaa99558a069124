/* Recurring duties (定期工作) as RFC 5545 recurrence rules: 每年至少召开一次专题会议 is
 * FREQ=YEARLY, 每半年提交自查报告 is FREQ=MONTHLY;INTERVAL=6 (or FREQ=YEARLY;BYMONTH=1,7), the monthly
 * report due by the 5th of the next month is FREQ=MONTHLY, the daily inspection FREQ=DAILY. Each
 * instance of the rule marks the period (year, half, quarter, month, ISO week or day) that contains it; the duty is owed once per such
 * period and falls due relative to the period's end, on the working-day calendar of cal.h.
 *
 * Pure: no file I/O, no printing. Rules are parsed and iterated by libical; the module refuses
 * what a dated duty cannot mean (times of day, non-Gregorian RSCALE) and what would make an
 * unbounded stream of instances (COUNT-less rules finer than weekly, but for a daily period). */
#ifndef ZEREN_CAL_RECUR_H
#define ZEREN_CAL_RECUR_H

#include <stdbool.h>
#include <stddef.h>

#include "cal/cal.h"
#include "util/date.h"
#include "util/err.h"

/* Hard caps: rule text (bytes, without the NUL), COUNT, INTERVAL, the due offsets and how many
 * rule instances one expansion may read before giving up. */
#define RECUR_RRULE_MAX 255
#define RECUR_COUNT_MAX 100000
#define RECUR_INTERVAL_MAX 1000
#define RECUR_DUE_DAYS_MAX 1000 /* |days| and workdays */
#define RECUR_STEPS_MAX 1000000
#define RECUR_LABEL_MAX 16

/* Dates handed to recur_expand must lie in these years: libical stops iterating after 2582, so a
 * window past that would come back silently empty. */
#define RECUR_YEAR_MIN 1900
#define RECUR_YEAR_MAX 2500

enum recur_period { RECUR_YEAR, RECUR_HALF, RECUR_QUARTER, RECUR_MONTH, RECUR_WEEK, RECUR_DAY };

/* When an occurrence is due, relative to the END of its period. At most one form may be given:
 * all zero means "by the period's last day". */
struct recur_due {
	int days;        /* calendar days after the period ends (0 = the period's last day; negative
			  * = before it), extended past a day off to the next working day (民法典
			  * 第203条; backwards for negative days, as cal_add_days) */
	int workdays;    /* or, when > 0, working days after the period's last day (start day not
			  * counted, 民法典 第201条) */
	int day_of_next; /* or, when > 0, this day of the month after the period's last month (5 = by
			  * the 5th), clamped to that month's length and extended past a day off */
};

struct recur_rule {
	char rrule[RECUR_RRULE_MAX + 1]; /* as given, e.g. "FREQ=YEARLY", "FREQ=MONTHLY;BYMONTH=1,7" */
	enum recur_period period;
	struct recur_due due;
};

struct recur_occurrence {
	zdate start, end;             /* the period [start, end) */
	zdate due;
	char period[RECUR_LABEL_MAX]; /* "2026", "2026-H1", "2026-Q3", "2026-05", "2026-W07", "2026-05-07" */
	bool due_complete;            /* false when the due-date computation touched a year the
				       * calendar does not know (taken as plain Mon–Fri) */
};

/* Parses and validates rule text with libical and checks the due offsets; on success fills *out
 * (untouched on error). RRULE part names are case-insensitive as in RFC 5545. Refused: BYHOUR,
 * BYMINUTE, BYSECOND (a DATE-valued DTSTART forbids them), RSCALE and SKIP (periods are
 * Gregorian), COUNT-less rules finer than weekly (FREQ=DAILY is fine for RECUR_DAY, one duty a
 * day), COUNT together with UNTIL, repeated or empty
 * parts. Errors name the field, e.g. "rrule: unknown FREQ 'DAILYX'", "due: workdays must be
 * 0..1000, not -1". Returns 0, ZE_INVALID, or ZE_LIMIT for text over RECUR_RRULE_MAX bytes. */
int recur_parse(const char *rrule, enum recur_period period, struct recur_due due,
		struct recur_rule *out, struct zerr *e);

/* The occurrences whose period overlaps [from, to), in date order, one per period however many
 * rule instances fall in it. The rule's DTSTART is the start of `anchor`'s period (2020-01-01 for
 * a yearly rule anchored anywhere in 2020), so INTERVAL and COUNT count from there. Writes up to
 * max entries to out (which may be NULL when max is 0) and returns how many, or a negative ZE_*
 * code: ZE_LIMIT when more than max would be needed or the rule yields more than RECUR_STEPS_MAX
 * instances before `to`, ZE_INVALID for a bad rule or dates outside RECUR_YEAR_MIN..
 * RECUR_YEAR_MAX (to may be the day after) or from > to. cal may be NULL (plain Mon–Fri, every
 * due_complete false). The rule is re-validated, so a hand-filled struct is safe. */
int recur_expand(const struct recur_rule *r, const struct cal *cal, zdate anchor, zdate from,
		 zdate to, struct recur_occurrence *out, size_t max, struct zerr *e);

/* recur_expand, with what it found kept in one cache the whole process shares (thread-safe):
 * the occurrences depend only on the rule (text, period, due), the calendar as it stands
 * (cal_serial), the anchor and the window, and that is the key, so a rule shared by 10,000
 * units' policies is expanded by libical once per window, and a changed calendar or rule is
 * never served another's result. Errors are not kept; a kept result longer than max goes through
 * recur_expand for its error. The cache holds at most RECUR_CACHE_ENTRIES results and
 * RECUR_CACHE_OCCURRENCES occurrences in all, and starts again empty when either would be
 * passed. Returns what recur_expand returns, with the same occurrences. */
#define RECUR_CACHE_ENTRIES 4096
#define RECUR_CACHE_OCCURRENCES 262144
int recur_expand_cached(const struct recur_rule *r, const struct cal *cal, zdate anchor, zdate from,
			zdate to, struct recur_occurrence *out, size_t max, struct zerr *e);
/* What the cache holds now and how many calls it answered since it started (both nullable). */
void recur_cache_stats(size_t *entries, size_t *hits);
/* Empties the cache (its hit count stays). */
void recur_cache_clear(void);

/* The period of kind p containing d: its bounds [*start, *end) and its label ("2026-H2" for
 * RECUR_HALF on 2026-08-01; weeks are ISO 8601, so 2027-01-01 is in "2026-W53"; a day is
 * "2026-08-01", due by itself with due.days 0, moved past a day off). Every
 * out-parameter is nullable. */
void recur_period_of(enum recur_period p, zdate d, zdate *start, zdate *end,
		     char label[RECUR_LABEL_MAX]);

/* Parses a label back into its kind and bounds (out-parameters nullable, untouched on failure);
 * false when malformed or impossible ("2026-H3", "2026-13", "2025-W53", "2026-02-30", "26", "2026-5"). Years
 * 1900..9999, digits exactly as recur_period_of writes them. */
bool recur_period_parse(const char *label, enum recur_period *p, zdate *start, zdate *end);

#endif
