/* Calendar dates as whole days since 1970-01-01 (proleptic Gregorian).
 * A date is a plain int32_t so intervals, sorting and arithmetic are cheap. */
#ifndef ZEREN_UTIL_DATE_H
#define ZEREN_UTIL_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t zdate;

/* Sentinels for open interval ends: "since always" and "open-ended". */
#define ZDATE_MIN INT32_MIN
#define ZDATE_MAX INT32_MAX
/* Absent optional date (e.g. no background check on record). */
#define ZDATE_NONE INT32_MIN

#define ZDATE_BUFSZ 11 /* "YYYY-MM-DD" + NUL */

zdate date_from_ymd(int y, int m, int d);
void date_to_ymd(zdate z, int *y, int *m, int *d);
bool date_valid_ymd(int y, int m, int d);
/* Parses exactly "YYYY-MM-DD" (a real calendar day, years 1900..9999). */
bool date_parse(const char *s, zdate *out);
/* The value of the n ASCII digits at s, or -1 when one of them is not a digit. */
int digits_value(const char *s, int n);
/* Writes "YYYY-MM-DD" into buf (at least ZDATE_BUFSZ bytes); returns buf. */
char *date_format(zdate d, char *buf);
/* 0 = Monday .. 6 = Sunday. */
int date_weekday(zdate d);
int date_days_in_month(int y, int m);
/* Adds months, clamping the day to the end of a shorter month (1-31 + 1 month = 2-28/29). */
zdate date_add_months(zdate d, int months);
/* Today in Asia/Shanghai (UTC+8, no DST), from the program's clock (util/clock.h). */
zdate date_today(void);

#endif
