/* iCalendar writer on libical. libical builds and escapes the components, one VEVENT at a time so
 * a large calendar is never held in memory twice. Its line folding is undone and redone here:
 * libical 3.0 splits a property's closing CRLF in two when the last continuation line is exactly
 * 73 octets ("...\r\r\n \n"), and breaks long lines right after "NAME:", wasting a line. Ours:
 * lines of at most 75 octets, broken only between whole UTF-8 characters and never inside a
 * backslash escape, continuation lines starting with one space. */
#include "doc/ics.h"

#include <libical/ical.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define FOLD_OCTETS 75
#define TZID "Asia/Shanghai"
#define TZ_OFFSET (8 * 3600)

/* Which bytes a text may hold besides printable UTF-8. */
enum {
	TEXT_REQUIRED = 1,  /* NULL or "" is an error */
	TEXT_LINES = 2,     /* "\n" and "\r\n" allowed */
	TEXT_ONE_VALUE = 4, /* no ',' ';' '\\': libical writes CATEGORIES unescaped, ',' splitting */
};

/* Checks one text. `what` names it in the message, e.g. "summary". */
static int check_text(const char *s, int flags, const char *what, struct zerr *e)
{
	if (!s || !*s) {
		if (flags & TEXT_REQUIRED)
			return zerr_set(e, ZE_INVALID, "%s is missing", what);
		return 0;
	}
	size_t n = strlen(s);
	if (n > ICS_TEXT_MAX)
		return zerr_set(e, ZE_LIMIT, "%s longer than %d bytes", what, ICS_TEXT_MAX);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\t')
			continue;
		if ((flags & TEXT_LINES) && (c == '\n' || (c == '\r' && s[i + 1] == '\n')))
			continue;
		if (c < 0x20 || c == 0x7F)
			return zerr_set(e, ZE_INVALID, "%s contains a control character", what);
		if ((flags & TEXT_ONE_VALUE) && (c == ',' || c == ';' || c == '\\'))
			return zerr_set(e, ZE_INVALID, "%s contains '%c'", what, c);
	}
	if (!utf8_valid(s, n))
		return zerr_set(e, ZE_INVALID, "%s is not well-formed UTF-8", what);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int check_events(const struct ics_event *ev, size_t n, struct zerr *e)
{
	const zdate first = date_from_ymd(ICS_YEAR_MIN, 1, 1);
	const zdate last = date_from_ymd(ICS_YEAR_MAX, 12, 30); /* DTEND is the day after */
	const char **uids = NULL;
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		const struct ics_event *v = &ev[i];
		if ((rc = check_text(v->uid, TEXT_REQUIRED, "uid", e)) < 0 ||
		    (rc = check_text(v->summary, TEXT_REQUIRED, "summary", e)) < 0 ||
		    (rc = check_text(v->description, TEXT_LINES, "description", e)) < 0 ||
		    (rc = check_text(v->category, TEXT_ONE_VALUE, "category", e)) < 0) {
			zerr_prefix(e, "event %zu", i);
			return rc;
		}
		if (v->date < first || v->date > last)
			return zerr_set(e, ZE_INVALID, "event %zu: date outside %d-01-01..%d-12-30",
					i, ICS_YEAR_MIN, ICS_YEAR_MAX);
		if (v->alarm_days < 0)
			return zerr_set(e, ZE_INVALID, "event %zu: alarm_days is negative", i);
		if (v->alarm_days > ICS_ALARM_DAYS_MAX)
			return zerr_set(e, ZE_LIMIT, "event %zu: alarm more than %d days before",
					i, ICS_ALARM_DAYS_MAX);
	}
	if (n < 2)
		return 0;

	/* A UID given twice would make clients merge two deadlines into one. */
	uids = malloc(n * sizeof *uids);
	if (!uids)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		uids[i] = ev[i].uid;
	qsort(uids, n, sizeof *uids, cmp_str);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(uids[i - 1], uids[i]) == 0) {
			rc = zerr_set(e, ZE_CONFLICT, "UID '%.200s' given twice", uids[i]);
			goto out;
		}
	}
out:
	free(uids);
	return rc;
}

/* ---- building with libical --------------------------------------------------------------- */

/* Adds p to c. False when libical failed to allocate p or its value (c is unchanged; p freed). */
static bool add(icalcomponent *c, icalproperty *p)
{
	if (!p)
		return false;
	if (!icalproperty_get_value(p) ||
	    (icalproperty_isa(p) == ICAL_X_PROPERTY && !icalproperty_get_x_name(p))) {
		icalproperty_free(p);
		return false;
	}
	icalcomponent_add_property(c, p);
	return true;
}

static icalproperty *xprop(const char *name, const char *value)
{
	icalproperty *p = icalproperty_new_x(value);
	if (p)
		icalproperty_set_x_name(p, name);
	return p;
}

static struct icaltimetype ical_date(zdate d)
{
	struct icaltimetype t = icaltime_null_date();
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	t.year = y;
	t.month = m;
	t.day = day;
	return t;
}

/* stamp is range-checked by the caller. libical's UTC zone is the only way to get the "Z"; its
 * first use makes libical read zone.tab once, but the output does not depend on that file. */
static struct icaltimetype ical_utc(int64_t stamp)
{
	struct icaltimetype t = icaltime_null_time();
	int64_t days = stamp / 86400, secs = stamp % 86400;
	int y, m, day;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	date_to_ymd((zdate)days, &y, &m, &day);
	t.year = y;
	t.month = m;
	t.day = day;
	t.hour = (int)(secs / 3600);
	t.minute = (int)(secs / 60 % 60);
	t.second = (int)(secs % 60);
	t.zone = icaltimezone_get_utc_timezone();
	return t;
}

/* Asia/Shanghai: UTC+8 all year since 1991; one STANDARD rule, nothing from the system zoneinfo. */
static icalcomponent *vtimezone(void)
{
	icalcomponent *tz = icalcomponent_new_vtimezone();
	icalcomponent *std = icalcomponent_new_xstandard();
	struct icaltimetype start = icaltime_null_time();
	if (!tz || !std)
		goto fail;
	start.year = 1970;
	start.month = 1;
	start.day = 1;
	if (!add(tz, icalproperty_new_tzid(TZID)) ||
	    !add(std, icalproperty_new_tzoffsetfrom(TZ_OFFSET)) ||
	    !add(std, icalproperty_new_tzoffsetto(TZ_OFFSET)) ||
	    !add(std, icalproperty_new_tzname("CST")) || !add(std, icalproperty_new_dtstart(start)))
		goto fail;
	icalcomponent_add_component(tz, std);
	return tz;
fail:
	if (std)
		icalcomponent_free(std);
	if (tz)
		icalcomponent_free(tz);
	return NULL;
}

static icalcomponent *valarm(const struct ics_event *v)
{
	icalcomponent *a = icalcomponent_new_valarm();
	struct icaltriggertype trig = icaltriggertype_from_int(0);
	if (!a)
		return NULL;
	trig.duration = icaldurationtype_null_duration();
	trig.duration.is_neg = 1;
	trig.duration.days = (unsigned)v->alarm_days;
	if (!add(a, icalproperty_new_action(ICAL_ACTION_DISPLAY)) ||
	    !add(a, icalproperty_new_trigger(trig)) ||
	    !add(a, icalproperty_new_description(v->summary))) {
		icalcomponent_free(a);
		return NULL;
	}
	return a;
}

static icalcomponent *vevent(const struct ics_event *v, struct icaltimetype dtstamp)
{
	icalcomponent *ev = icalcomponent_new_vevent();
	icalcomponent *alarm = NULL;
	if (!ev)
		return NULL;
	if (!add(ev, icalproperty_new_uid(v->uid)) || !add(ev, icalproperty_new_dtstamp(dtstamp)) ||
	    !add(ev, icalproperty_new_dtstart(ical_date(v->date))) ||
	    !add(ev, icalproperty_new_dtend(ical_date(v->date + 1))) ||
	    !add(ev, icalproperty_new_summary(v->summary)))
		goto fail;
	if (v->description && *v->description &&
	    !add(ev, icalproperty_new_description(v->description)))
		goto fail;
	if (v->category && *v->category && !add(ev, icalproperty_new_categories(v->category)))
		goto fail;
	if (!add(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT)))
		goto fail;
	if (v->alarm_days > 0) {
		if (!(alarm = valarm(v)))
			goto fail;
		icalcomponent_add_component(ev, alarm);
	}
	return ev;
fail:
	icalcomponent_free(ev);
	return NULL;
}

/* The calendar's properties and time zone, without events: they are written one at a time. */
static icalcomponent *vcalendar(const char *name)
{
	icalcomponent *cal = icalcomponent_new_vcalendar();
	icalcomponent *tz;
	if (!cal)
		return NULL;
	if (!add(cal, icalproperty_new_prodid("-//zeren//zeren//ZH")) ||
	    !add(cal, icalproperty_new_version("2.0")) ||
	    !add(cal, icalproperty_new_calscale("GREGORIAN")) ||
	    !add(cal, xprop("X-WR-CALNAME", name)) || !add(cal, xprop("X-WR-TIMEZONE", TZID)) ||
	    !(tz = vtimezone())) {
		icalcomponent_free(cal);
		return NULL;
	}
	icalcomponent_add_component(cal, tz);
	return cal;
}

/* ---- folding ----------------------------------------------------------------------------- */

/* Removes every fold (CRLF followed by a space or tab) in place; returns the new length. */
static size_t unfold(char *s)
{
	size_t r = 0, w = 0;
	while (s[r]) {
		if (s[r] == '\r' && s[r + 1] == '\n' && (s[r + 2] == ' ' || s[r + 2] == '\t')) {
			r += 3;
			continue;
		}
		s[w++] = s[r++];
	}
	s[w] = '\0';
	return w;
}

/* Octets of the unbreakable unit at p (n > 0 left on the line): a backslash escape, or one UTF-8
 * character (the text was checked to be well-formed). */
static size_t unit_len(const unsigned char *p, size_t n)
{
	size_t len;
	if (p[0] == '\\' && n > 1 && p[1] >= 0x20 && p[1] < 0x7F)
		len = 2;
	else if (p[0] < 0xC0)
		len = 1;
	else if (p[0] < 0xE0)
		len = 2;
	else if (p[0] < 0xF0)
		len = 3;
	else
		len = 4;
	return len < n ? len : n;
}

/* Appends data; 0, ZE_LIMIT when out's cap refuses it, ZE_NOMEM. */
static int put(struct strbuf *out, const char *data, size_t len, struct zerr *e)
{
	if (len > out->max - out->len)
		return zerr_set(e, ZE_LIMIT, "calendar larger than %zu bytes", out->max);
	if (!sb_add(out, data, len))
		return zerr_set(e, ZE_NOMEM, "out of memory");
	return 0;
}

/* Appends one content line (no CR or LF in it), folded, with its CRLF. */
static int fold_line(struct strbuf *out, const char *line, size_t n, struct zerr *e)
{
	const unsigned char *p = (const unsigned char *)line;
	size_t room = FOLD_OCTETS; /* the first line has 75 octets, continuations 1 + 74 */
	size_t start = 0, i = 0;
	int rc;

	while (i < n) {
		size_t u = unit_len(p + i, n - i);
		if (i - start + u > room) {
			if ((rc = put(out, line + start, i - start, e)) < 0 ||
			    (rc = put(out, "\r\n ", 3, e)) < 0)
				return rc;
			start = i;
			room = FOLD_OCTETS - 1;
		}
		i += u;
	}
	if ((rc = put(out, line + start, n - start, e)) < 0)
		return rc;
	return put(out, "\r\n", 2, e);
}

/* Appends component c as libical writes it, refolded. drop_tail (nullable) is a last line to
 * leave out, with the CRLFs around it, e.g. "\r\nEND:VCALENDAR\r\n" so the events can go before
 * it. Returns 0 or a negative ZE_* code. */
static int emit(struct strbuf *out, icalcomponent *c, const char *drop_tail, struct zerr *e)
{
	char *s = icalcomponent_as_ical_string_r(c);
	size_t len, pos = 0;
	int rc = 0;

	if (!s)
		return zerr_set(e, ZE_NOMEM, "out of memory writing the calendar");
	len = unfold(s);
	if (drop_tail) {
		size_t dl = strlen(drop_tail);
		if (len < dl || memcmp(s + len - dl, drop_tail, dl) != 0) {
			rc = zerr_set(e, ZE_INVALID, "libical's output does not end as expected");
			goto out;
		}
		len -= dl - 2; /* keep the CRLF that ends the line before */
		s[len] = '\0';
	}
	while (pos < len) {
		const char *eol = strstr(s + pos, "\r\n");
		size_t end = eol ? (size_t)(eol - s) : len;
		if (memchr(s + pos, '\r', end - pos) || memchr(s + pos, '\n', end - pos)) {
			rc = zerr_set(e, ZE_INVALID, "libical wrote a bare CR or LF");
			goto out;
		}
		if ((rc = fold_line(out, s + pos, end - pos, e)) < 0)
			goto out;
		pos = eol ? end + 2 : len;
	}
out:
	icalmemory_free_buffer(s);
	return rc;
}

/* ---- entry point ------------------------------------------------------------------------- */

int ics_write(const char *name, const struct ics_event *events, size_t n, int64_t stamp,
	      struct strbuf *out, struct zerr *e)
{
	const int64_t stamp_min = (int64_t)date_from_ymd(ICS_YEAR_MIN, 1, 1) * 86400;
	const int64_t stamp_max = ((int64_t)date_from_ymd(ICS_YEAR_MAX, 12, 31) + 1) * 86400 - 1;
	const size_t old_len = out->len;
	const bool old_overflow = out->overflow;
	icalcomponent *cal = NULL, *ev = NULL;
	struct icaltimetype dtstamp;
	int rc;

	if ((rc = check_text(name, TEXT_REQUIRED, "calendar name", e)) < 0)
		return rc;
	if (n > ICS_EVENTS_MAX)
		return zerr_set(e, ZE_LIMIT, "%zu events, at most %d in one calendar", n,
				ICS_EVENTS_MAX);
	if (n && !events)
		return zerr_set(e, ZE_INVALID, "no events given");
	if (stamp < stamp_min || stamp > stamp_max)
		return zerr_set(e, ZE_INVALID, "DTSTAMP %lld outside the years %d..%d",
				(long long)stamp, ICS_YEAR_MIN, ICS_YEAR_MAX);
	if ((rc = check_events(events, n, e)) < 0)
		return rc;
	dtstamp = ical_utc(stamp);

	/* One event at a time: libical holds one VEVENT, not the whole calendar, in memory. */
	if (!(cal = vcalendar(name))) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory building the calendar");
		goto out;
	}
	if ((rc = emit(out, cal, "\r\nEND:VCALENDAR\r\n", e)) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (!(ev = vevent(&events[i], dtstamp))) {
			rc = zerr_set(e, ZE_NOMEM, "out of memory building event %zu", i);
			goto out;
		}
		if ((rc = emit(out, ev, NULL, e)) < 0)
			goto out;
		icalcomponent_free(ev);
		ev = NULL;
	}
	rc = put(out, "END:VCALENDAR\r\n", 15, e);
out:
	if (ev)
		icalcomponent_free(ev);
	if (cal)
		icalcomponent_free(cal);
	if (rc < 0) {
		out->len = old_len;
		if (out->alloc)
			out->buf[old_len] = '\0';
		out->overflow = old_overflow;
	}
	return rc;
}
