/* iCalendar (RFC 5545) feeds of deadlines, so people can subscribe to their duties in Outlook, WPS
 * or a phone calendar.
 *
 * Each deadline is an all-day VEVENT (DTSTART;VALUE=DATE, DTEND the next day, TRANSP:TRANSPARENT
 * so it never shows the person as busy), optionally with a VALARM DISPLAY some days before. The
 * calendar is built with libical and written with CRLF line ends, folded at 75 octets between
 * whole UTF-8 characters (and never inside a backslash escape).
 *
 * Output depends only on the arguments: no clock, no random UIDs, no system zoneinfo (the
 * Asia/Shanghai VTIMEZONE is written out explicitly), so the same input gives byte-identical
 * output and a subscribed client sees unchanged events as unchanged. */
#ifndef ZEREN_DOC_ICS_H
#define ZEREN_DOC_ICS_H

#include <stddef.h>
#include <stdint.h>

#include "util/date.h"
#include "util/err.h"
#include "util/strbuf.h"

/* Hard caps (ZE_LIMIT beyond them): events in one calendar; bytes of any one text (the calendar
 * name, a UID, summary, description or category); days an alarm may come before its date. */
#define ICS_EVENTS_MAX 100000
#define ICS_TEXT_MAX 4000
#define ICS_ALARM_DAYS_MAX 3660

/* Years an event date or DTSTAMP may lie in. libical 3.0 writes any time after the year 3000 as
 * "00000000T000000" (icaltime_is_valid_time), so later ones are refused (ZE_INVALID). */
#define ICS_YEAR_MIN 1900
#define ICS_YEAR_MAX 3000

struct ics_event {
	const char *uid;         /* stable, e.g. "notice-tb-2026-17@zeren"; the caller builds it so the
	                          * same input gives the same UID. Required, unique in the calendar. */
	zdate date;              /* an all-day event on this date, 1900-01-01..3000-12-30 */
	const char *summary;     /* required, one line, e.g. "通报整改截止：门户网站（烟网信通〔2026〕17号）" */
	const char *description; /* may be NULL; lines separated by "\n" (or "\r\n") */
	const char *category;    /* may be NULL, e.g. "obligation", "notice", "agreement"; one category,
	                          * so no ',', ';' or '\\' */
	int alarm_days;          /* > 0: a VALARM DISPLAY (TRIGGER:-PnD, i.e. at 00:00 local time that
	                          * many days before the date); 0: none */
};

/* Appends a whole VCALENDAR to out: PRODID "-//zeren//zeren//ZH", VERSION 2.0, CALSCALE
 * GREGORIAN, X-WR-CALNAME name, X-WR-TIMEZONE Asia/Shanghai, a VTIMEZONE for Asia/Shanghai (UTC+8,
 * no DST), then one VEVENT per event in the order given, each with UID, DTSTAMP (stamp: seconds
 * since the epoch, UTC, years ICS_YEAR_MIN..ICS_YEAR_MAX, given by the caller so output is
 * reproducible), DTSTART/DTEND as dates, SUMMARY, DESCRIPTION and CATEGORIES when given,
 * TRANSP:TRANSPARENT and the alarm if any. Lines end in CRLF and are folded at 75 octets.
 *
 * All texts must be well-formed UTF-8 without control characters (a description may hold line
 * breaks and tabs, the others tabs only); name, uid and summary must not be empty.
 *
 * Returns 0, or a negative ZE_* code with e filled and out as it was: ZE_INVALID for a bad
 * argument (the message names the event by index), ZE_CONFLICT for a UID given twice, ZE_LIMIT
 * for more than ICS_EVENTS_MAX events, a text over ICS_TEXT_MAX bytes, an alarm over
 * ICS_ALARM_DAYS_MAX days or output beyond out's cap, ZE_NOMEM. */
int ics_write(const char *name, const struct ics_event *events, size_t n, int64_t stamp,
	      struct strbuf *out, struct zerr *e);

#endif
