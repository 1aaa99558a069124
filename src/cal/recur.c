/* Recurring duties as RFC 5545 recurrence rules. See recur.h.
 *
 * libical does the RRULE grammar and the iteration; it reports failure only through its global
 * (per-thread) icalerrno and a blank result, without saying which part was wrong. So the text is
 * first split here, part by part, to catch what libical would accept but a dated duty cannot mean
 * and to name the offending part; each BY* part is then handed to libical on its own, next to the
 * FREQ, so its rejection can be pinned on that part. */
#include "cal/recur.h"

#include <libical/ical.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/hmap.h"

enum part_kind {
	PART_FREQ,
	PART_UNTIL,
	PART_COUNT,
	PART_INTERVAL,
	PART_LIBICAL, /* validated by libical alone */
	PART_TIME,    /* refused: a DATE-valued DTSTART forbids them (RFC 5545 3.3.10) */
	PART_RSCALE,  /* refused: periods and labels are Gregorian */
};

static const struct {
	const char *name;
	enum part_kind kind;
} parts[] = {
	{"FREQ", PART_FREQ},         {"UNTIL", PART_UNTIL},         {"COUNT", PART_COUNT},
	{"INTERVAL", PART_INTERVAL}, {"BYSECOND", PART_TIME},       {"BYMINUTE", PART_TIME},
	{"BYHOUR", PART_TIME},       {"BYDAY", PART_LIBICAL},       {"BYMONTHDAY", PART_LIBICAL},
	{"BYYEARDAY", PART_LIBICAL}, {"BYWEEKNO", PART_LIBICAL},    {"BYMONTH", PART_LIBICAL},
	{"BYSETPOS", PART_LIBICAL},  {"WKST", PART_LIBICAL},        {"RSCALE", PART_RSCALE},
	{"SKIP", PART_RSCALE},
};
#define NPARTS (sizeof parts / sizeof parts[0])

/* One NAME=VALUE part of the text, by offsets (repeats are refused, so at most NPARTS). */
struct seg {
	size_t part;          /* index into parts[] */
	size_t off, len;      /* the whole part */
	size_t voff, vlen;    /* its value */
};

/* libical wants a DTSTART to decide whether a rule can iterate at all; a Monday that starts a
 * year-aligned week suits every kind of period for that check. */
#define CHECK_DTSTART_Y 2001
#define CHECK_DTSTART_M 1
#define CHECK_DTSTART_D 1

static struct icaltimetype ical_date(zdate d)
{
	struct icaltimetype t = {0}; /* not icaltime_null_date(): its -1 time fields upset the iterator */
	date_to_ymd(d, &t.year, &t.month, &t.day);
	t.is_date = 1;
	return t;
}

/* icalrecurrencetype_from_string signals failure by FREQ=NONE and icalerrno, which is sticky, so it
 * is cleared first. RSCALE never reaches libical (refused before), so *rt owns no memory. */
static bool ical_parse(const char *text, struct icalrecurrencetype *rt)
{
	icalerror_clear_errno();
	*rt = icalrecurrencetype_from_string(text);
	return rt->freq != ICAL_NO_RECURRENCE && icalerrno == ICAL_NO_ERROR;
}

/* Some combinations (BYMONTHDAY with FREQ=WEEKLY, BYMONTH=13) parse but cannot iterate. */
static bool ical_iterates(struct icalrecurrencetype rt)
{
	zdate d = date_from_ymd(CHECK_DTSTART_Y, CHECK_DTSTART_M, CHECK_DTSTART_D);
	icalrecur_iterator *it = icalrecur_iterator_new(rt, ical_date(d));
	if (!it)
		return false;
	icalrecur_iterator_free(it);
	return true;
}

static bool parse_uint(const char *s, size_t len, int max, int *out)
{
	long v = 0;
	if (len == 0 || len > 9)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > max)
		return false;
	*out = (int)v;
	return true;
}

/* RFC 5545: with a DATE-valued DTSTART the UNTIL must be a DATE as well; libical would take
 * month 13 without complaint, so the calendar check is done here. */
static bool until_ok(const char *s, size_t len)
{
	int y = 0, m = 0, d = 0;
	if (len != 8)
		return false;
	for (size_t i = 0; i < 8; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		int v = s[i] - '0';
		if (i < 4)
			y = y * 10 + v;
		else if (i < 6)
			m = m * 10 + v;
		else
			d = d * 10 + v;
	}
	return date_valid_ymd(y, m, d);
}

/* Splits the text into parts and checks each one's name and, where libical is not trusted or too
 * vague, its value. Fills segs (count in *nseg) and *freq. */
static int split_parts(const char *text, size_t n, struct seg *segs, size_t *nseg,
		       icalrecurrencetype_frequency *freq, bool daily, struct zerr *e)
{
	unsigned seen = 0; /* bit k: parts[k] given */
	int count = 0, interval = 0;
	bool until = false;

	*nseg = 0;
	*freq = ICAL_NO_RECURRENCE;
	for (size_t i = 0; i < n; i++)
		if (text[i] <= ' ' || text[i] > '~')
			return zerr_set(e, ZE_INVALID,
					"rrule: byte %zu (0x%02x) is not allowed: a rule is printable "
					"ASCII without spaces",
					i + 1, (unsigned)(unsigned char)text[i]);
	for (size_t off = 0; off <= n;) {
		const char *p = text + off;
		const char *semi = memchr(p, ';', n - off);
		size_t len = semi ? (size_t)(semi - p) : n - off;
		const char *eq = memchr(p, '=', len);
		size_t k;

		if (len == 0)
			return zerr_set(e, ZE_INVALID, "rrule: empty part at byte %zu", off + 1);
		if (!eq)
			return zerr_set(e, ZE_INVALID, "rrule: part '%.*s' is not NAME=VALUE",
					(int)len, p);
		size_t nlen = (size_t)(eq - p), vlen = len - nlen - 1;
		for (k = 0; k < NPARTS; k++)
			if (strlen(parts[k].name) == nlen && !strncasecmp(parts[k].name, p, nlen))
				break;
		if (k == NPARTS)
			return zerr_set(e, ZE_INVALID, "rrule: unknown part '%.*s'", (int)nlen, p);
		const char *name = parts[k].name, *v = eq + 1;
		if (seen & (1u << k))
			return zerr_set(e, ZE_INVALID, "rrule: %s given twice", name);
		seen |= 1u << k;
		if (vlen == 0)
			return zerr_set(e, ZE_INVALID, "rrule: %s has no value", name);

		switch (parts[k].kind) {
		case PART_FREQ: {
			char buf[RECUR_RRULE_MAX + 1];
			memcpy(buf, v, vlen);
			buf[vlen] = '\0';
			*freq = icalrecur_string_to_freq(buf);
			if (*freq == ICAL_NO_RECURRENCE)
				return zerr_set(e, ZE_INVALID, "rrule: unknown FREQ '%s'", buf);
			if (*freq < ICAL_DAILY_RECURRENCE)
				return zerr_set(e, ZE_INVALID,
						"rrule: FREQ=%s is not allowed: duties fall on dates, "
						"not times of day",
						icalrecur_freq_to_string(*freq));
			break;
		}
		case PART_UNTIL:
			until = true;
			if (!until_ok(v, vlen))
				return zerr_set(e, ZE_INVALID,
						"rrule: UNTIL must be a date YYYYMMDD, not '%.*s'",
						(int)vlen, v);
			break;
		case PART_COUNT:
			if (!parse_uint(v, vlen, RECUR_COUNT_MAX, &count))
				return zerr_set(e, ZE_INVALID, "rrule: COUNT must be 1..%d, not '%.*s'",
						RECUR_COUNT_MAX, (int)vlen, v);
			break;
		case PART_INTERVAL:
			if (!parse_uint(v, vlen, RECUR_INTERVAL_MAX, &interval))
				return zerr_set(e, ZE_INVALID,
						"rrule: INTERVAL must be 1..%d, not '%.*s'",
						RECUR_INTERVAL_MAX, (int)vlen, v);
			break;
		case PART_TIME:
			return zerr_set(e, ZE_INVALID,
					"rrule: %s is not allowed: duties fall on dates, not times of day",
					name);
		case PART_RSCALE:
			return zerr_set(e, ZE_INVALID,
					"rrule: %s is not supported: duty periods follow the Gregorian "
					"calendar",
					name);
		case PART_LIBICAL:
			break;
		}
		segs[(*nseg)++] = (struct seg){k, off, len, (size_t)(v - text), vlen};
		off += len + 1;
	}
	if (*freq == ICAL_NO_RECURRENCE)
		return zerr_set(e, ZE_INVALID, "rrule: FREQ is missing");
	if (count && until)
		return zerr_set(e, ZE_INVALID, "rrule: COUNT and UNTIL exclude each other");
	/* A rule finer than weekly without COUNT would mark every day: unless the duty's period is
	 * the day (每日巡检), that is far more likely a slip than an intent. */
	if (*freq < ICAL_WEEKLY_RECURRENCE && !count && !daily)
		return zerr_set(e, ZE_INVALID,
				"rrule: FREQ=%s without COUNT is refused: duties recur at most weekly "
				"unless their period is the day",
				icalrecur_freq_to_string(*freq));
	return 0;
}

/* Validates rule text and returns libical's parse of it in *rt. */
static int load_rule(const char *text, enum recur_period period, struct icalrecurrencetype *rt, struct zerr *e)
{
	struct seg segs[NPARTS];
	size_t nseg, n;
	icalrecurrencetype_frequency freq;
	int ret;

	if (!text)
		return zerr_set(e, ZE_INVALID, "rrule: missing");
	n = strnlen(text, RECUR_RRULE_MAX + 1);
	if (n > RECUR_RRULE_MAX)
		return zerr_set(e, ZE_LIMIT, "rrule: longer than %d bytes", RECUR_RRULE_MAX);
	if (n == 0)
		return zerr_set(e, ZE_INVALID, "rrule: empty");
	ret = split_parts(text, n, segs, &nseg, &freq, period == RECUR_DAY, e);
	if (ret)
		return ret;

	/* Each part libical alone judges, tried next to the FREQ so a failure names it. */
	for (size_t i = 0; i < nseg; i++) {
		const struct seg *s = &segs[i];
		char one[RECUR_RRULE_MAX + 32];

		if (parts[s->part].kind != PART_LIBICAL)
			continue;
		snprintf(one, sizeof one, "FREQ=%s;%.*s", icalrecur_freq_to_string(freq),
			 (int)s->len, text + s->off);
		if (!ical_parse(one, rt))
			return zerr_set(e, ZE_INVALID, "rrule: invalid %s value '%.*s'",
					parts[s->part].name, (int)s->vlen, text + s->voff);
		if (!ical_iterates(*rt))
			return zerr_set(e, ZE_INVALID, "rrule: invalid %s=%.*s with FREQ=%s",
					parts[s->part].name, (int)s->vlen, text + s->voff,
					icalrecur_freq_to_string(freq));
	}
	/* Combinations of parts that are each fine (say BYSETPOS with nothing to select from). */
	if (!ical_parse(text, rt) || !ical_iterates(*rt))
		return zerr_set(e, ZE_INVALID, "rrule: libical rejects '%s': %s", text,
				icalerror_strerror(icalerrno));
	return 0;
}

static int check_due(struct recur_due due, struct zerr *e)
{
	if (due.days < -RECUR_DUE_DAYS_MAX || due.days > RECUR_DUE_DAYS_MAX)
		return zerr_set(e, ZE_INVALID, "due: days must be %d..%d, not %d",
				-RECUR_DUE_DAYS_MAX, RECUR_DUE_DAYS_MAX, due.days);
	if (due.workdays < 0 || due.workdays > RECUR_DUE_DAYS_MAX)
		return zerr_set(e, ZE_INVALID, "due: workdays must be 0..%d, not %d",
				RECUR_DUE_DAYS_MAX, due.workdays);
	if (due.day_of_next < 0 || due.day_of_next > 31)
		return zerr_set(e, ZE_INVALID, "due: day_of_next must be 0..31, not %d",
				due.day_of_next);
	/* The forms are alternatives; silently preferring one would hide a mistake. */
	if ((due.days != 0) + (due.workdays > 0) + (due.day_of_next > 0) > 1)
		return zerr_set(e, ZE_INVALID,
				"due: give only one of days (%d), workdays (%d) and day_of_next (%d)",
				due.days, due.workdays, due.day_of_next);
	return 0;
}

static bool period_ok(enum recur_period p)
{
	return p == RECUR_YEAR || p == RECUR_HALF || p == RECUR_QUARTER || p == RECUR_MONTH ||
	       p == RECUR_WEEK || p == RECUR_DAY;
}

int recur_parse(const char *rrule, enum recur_period period, struct recur_due due,
		struct recur_rule *out, struct zerr *e)
{
	struct icalrecurrencetype rt;
	int ret;

	if (!period_ok(period))
		return zerr_set(e, ZE_INVALID, "period: unknown kind %d", (int)period);
	ret = check_due(due, e);
	if (ret)
		return ret;
	ret = load_rule(rrule, period, &rt, e);
	if (ret)
		return ret;
	memset(out, 0, sizeof *out);
	memcpy(out->rrule, rrule, strlen(rrule) + 1);
	out->period = period;
	out->due = due;
	return 0;
}

/* Four digits then the suffix; "%04d" would do, but snprintf into a 16-byte label draws
 * truncation warnings the compiler cannot rule out. y is within 1900..9999 here. */
static void put_label(char *label, int y, const char *suffix)
{
	label[0] = (char)('0' + y / 1000 % 10);
	label[1] = (char)('0' + y / 100 % 10);
	label[2] = (char)('0' + y / 10 % 10);
	label[3] = (char)('0' + y % 10);
	size_t n = strlen(suffix);
	memcpy(label + 4, suffix, n + 1);
}

void recur_period_of(enum recur_period p, zdate d, zdate *start, zdate *end,
		     char label[RECUR_LABEL_MAX])
{
	/* Clamped so the arithmetic below stays in range and labels keep four digits; both ends'
	 * ISO weeks lie within their own year (1900-01-01 is a Monday, 9999-12-31 a Friday). */
	const zdate lo = date_from_ymd(1900, 1, 1), hi = date_from_ymd(9999, 12, 31);
	zdate s, en;
	char suffix[8] = "";
	int y, m, day;

	d = d < lo ? lo : d > hi ? hi : d;
	date_to_ymd(d, &y, &m, &day);
	switch (p) {
	case RECUR_HALF:
		s = date_from_ymd(y, (m - 1) / 6 * 6 + 1, 1);
		en = date_add_months(s, 6);
		suffix[0] = '-', suffix[1] = 'H', suffix[2] = (char)('1' + (m - 1) / 6);
		break;
	case RECUR_QUARTER:
		s = date_from_ymd(y, (m - 1) / 3 * 3 + 1, 1);
		en = date_add_months(s, 3);
		suffix[0] = '-', suffix[1] = 'Q', suffix[2] = (char)('1' + (m - 1) / 3);
		break;
	case RECUR_MONTH:
		s = date_from_ymd(y, m, 1);
		en = date_add_months(s, 1);
		suffix[0] = '-', suffix[1] = (char)('0' + m / 10), suffix[2] = (char)('0' + m % 10);
		break;
	case RECUR_WEEK: {
		/* ISO 8601: a week belongs to the year holding its Thursday. */
		s = d - date_weekday(d);
		en = s + 7;
		int ty, tm, td;
		date_to_ymd(s + 3, &ty, &tm, &td);
		int w = (s + 3 - date_from_ymd(ty, 1, 1)) / 7 + 1;
		y = ty;
		suffix[0] = '-', suffix[1] = 'W', suffix[2] = (char)('0' + w / 10);
		suffix[3] = (char)('0' + w % 10);
		break;
	}
	case RECUR_DAY:
		s = d;
		en = d + 1;
		suffix[0] = '-', suffix[1] = (char)('0' + m / 10), suffix[2] = (char)('0' + m % 10);
		suffix[3] = '-', suffix[4] = (char)('0' + day / 10), suffix[5] = (char)('0' + day % 10);
		break;
	case RECUR_YEAR:
	default:
		s = date_from_ymd(y, 1, 1);
		en = date_from_ymd(y + 1, 1, 1);
		break;
	}
	if (start)
		*start = s;
	if (end)
		*end = en;
	if (label)
		put_label(label, y, suffix);
}

bool recur_period_parse(const char *label, enum recur_period *p, zdate *start, zdate *end)
{
	enum recur_period kind;
	zdate d, s, en;
	char back[RECUR_LABEL_MAX];
	size_t n;
	int y, v, day;

	if (!label)
		return false;
	n = strnlen(label, RECUR_LABEL_MAX);
	y = digits_value(label, n < 4 ? (int)n : 4);
	if (n < 4 || y < 1900 || y > 9999 || (n > 4 && label[4] != '-'))
		return false;
	if (n == 4) {
		kind = RECUR_YEAR;
		d = date_from_ymd(y, 1, 1);
	} else if (n == 7 && label[5] == 'H' && (v = digits_value(label + 6, 1)) >= 1 && v <= 2) {
		kind = RECUR_HALF;
		d = date_from_ymd(y, v * 6 - 5, 1);
	} else if (n == 7 && label[5] == 'Q' && (v = digits_value(label + 6, 1)) >= 1 && v <= 4) {
		kind = RECUR_QUARTER;
		d = date_from_ymd(y, v * 3 - 2, 1);
	} else if (n == 7 && (v = digits_value(label + 5, 2)) >= 1 && v <= 12) {
		kind = RECUR_MONTH;
		d = date_from_ymd(y, v, 1);
	} else if (n == 10 && label[7] == '-' && (v = digits_value(label + 5, 2)) >= 1 && v <= 12 &&
		   (day = digits_value(label + 8, 2)) >= 1 && day <= date_days_in_month(y, v)) {
		kind = RECUR_DAY;
		d = date_from_ymd(y, v, day);
	} else if (n == 8 && label[5] == 'W' && (v = digits_value(label + 6, 2)) >= 1 && v <= 53) {
		/* Week 1 is the one holding 4 January; the round trip below rejects a week 53 the
		 * year does not have. */
		zdate jan4 = date_from_ymd(y, 1, 4);
		kind = RECUR_WEEK;
		d = jan4 - date_weekday(jan4) + 7 * (v - 1);
	} else {
		return false;
	}
	recur_period_of(kind, d, &s, &en, back);
	if (strcmp(back, label) != 0)
		return false;
	if (p)
		*p = kind;
	if (start)
		*start = s;
	if (end)
		*end = en;
	return true;
}

/* The due date of a period ending (exclusive) at `end`; see struct recur_due. */
static zdate due_of(struct recur_due due, const struct cal *cal, zdate end, bool *complete)
{
	zdate last = end - 1;
	int y, m, d;

	if (due.workdays > 0)
		return cal_add_workdays(cal, last, due.workdays, complete);
	if (due.day_of_next > 0) {
		date_to_ymd(last, &y, &m, &d);
		if (++m > 12) {
			m = 1;
			y++;
		}
		int dim = date_days_in_month(y, m);
		/* "By the 31st" in a 30-day month is its last day; then 民法典 第203条 as below. */
		last = date_from_ymd(y, m, due.day_of_next < dim ? due.day_of_next : dim);
		return cal_add_days(cal, last, 0, complete);
	}
	return cal_add_days(cal, last, due.days, complete);
}

int recur_expand(const struct recur_rule *r, const struct cal *cal, zdate anchor, zdate from,
		 zdate to, struct recur_occurrence *out, size_t max, struct zerr *e)
{
	const zdate lo = date_from_ymd(RECUR_YEAR_MIN, 1, 1);
	const zdate hi = date_from_ymd(RECUR_YEAR_MAX + 1, 1, 1); /* exclusive */
	icalrecur_iterator *it = NULL;
	struct icalrecurrencetype rt;
	zdate dtstart, seen = 0;
	bool any = false;
	size_t n = 0;
	int ret;

	if (!r || (!out && max)) {
		ret = zerr_set(e, ZE_INVALID, "recur: no rule or no room for occurrences");
		goto out;
	}
	if (!memchr(r->rrule, '\0', sizeof r->rrule)) {
		ret = zerr_set(e, ZE_LIMIT, "rrule: longer than %d bytes", RECUR_RRULE_MAX);
		goto out;
	}
	if (!period_ok(r->period)) {
		ret = zerr_set(e, ZE_INVALID, "period: unknown kind %d", (int)r->period);
		goto out;
	}
	if ((ret = check_due(r->due, e)) || (ret = load_rule(r->rrule, r->period, &rt, e)))
		goto out;
	if (anchor < lo || anchor >= hi || from < lo || from >= hi || to < lo || to > hi) {
		ret = zerr_set(e, ZE_INVALID, "recur: dates must lie in years %d..%d",
			       RECUR_YEAR_MIN, RECUR_YEAR_MAX);
		goto out;
	}
	if (from > to) {
		char a[ZDATE_BUFSZ], b[ZDATE_BUFSZ];
		ret = zerr_set(e, ZE_INVALID, "recur: window starts %s, after its end %s",
			       date_format(from, a), date_format(to, b));
		goto out;
	}

	/* An empty window overlaps no period, though a period may contain its one point. */
	if (from == to) {
		ret = 0;
		goto out;
	}
	recur_period_of(r->period, anchor, &dtstart, NULL, NULL);
	icalerror_clear_errno();
	it = icalrecur_iterator_new(rt, ical_date(dtstart));
	if (!it) {
		ret = icalerrno == ICAL_NEWFAILED_ERROR
			      ? zerr_set(e, ZE_NOMEM, "recur: out of memory")
			      : zerr_set(e, ZE_INVALID, "rrule: libical cannot iterate '%s'",
					 r->rrule);
		goto out;
	}
	for (long steps = 0;; steps++) {
		struct icaltimetype t = icalrecur_iterator_next(it);
		struct recur_occurrence o;
		zdate d;

		if (icaltime_is_null_time(t))
			break;
		/* libical stops by itself in 2582, but a guard that does not rely on it is cheap. */
		if (steps == RECUR_STEPS_MAX) {
			ret = zerr_set(e, ZE_LIMIT, "recur: '%s' yields more than %d instances",
				       r->rrule, RECUR_STEPS_MAX);
			goto out;
		}
		if (!date_valid_ymd(t.year, t.month, t.day))
			break;
		d = date_from_ymd(t.year, t.month, t.day);
		recur_period_of(r->period, d, &o.start, &o.end, o.period);
		/* Instances come in order, so several in one period are adjacent: the duty is owed
		 * once per period however often the rule marks it. */
		if (any && o.start <= seen)
			continue;
		any = true;
		seen = o.start;
		if (o.start >= to)
			break;
		if (o.end <= from)
			continue;
		if (n == max) {
			char a[ZDATE_BUFSZ], b[ZDATE_BUFSZ];
			ret = zerr_set(e, ZE_LIMIT, "recur: more than %zu occurrences from %s to %s",
				       max, date_format(from, a), date_format(to, b));
			goto out;
		}
		o.due = due_of(r->due, cal, o.end, &o.due_complete);
		out[n++] = o;
	}
	ret = (int)n;
out:
	if (it)
		icalrecur_iterator_free(it);
	return ret;
}

/* ---- the cache shared by every thread --------------------------------------------------------- */

struct kept {
	char *key; /* owned; the map points at it */
	struct recur_occurrence *v;
	size_t n;
};

static struct {
	pthread_mutex_t mu;
	struct hmap index; /* key → kept */
	struct kept *v;
	size_t n, occurrences, hits;
} cache = {.mu = PTHREAD_MUTEX_INITIALIZER, .index = HMAP_INIT};

/* Call with cache.mu held. */
static void cache_empty(void)
{
	for (size_t i = 0; i < cache.n; i++) {
		free(cache.v[i].key);
		free(cache.v[i].v);
	}
	free(cache.v);
	cache.v = NULL;
	cache.n = cache.occurrences = 0;
	hmap_release(&cache.index);
	cache.index = (struct hmap)HMAP_INIT;
}

void recur_cache_clear(void)
{
	pthread_mutex_lock(&cache.mu);
	cache_empty();
	pthread_mutex_unlock(&cache.mu);
}

void recur_cache_stats(size_t *entries, size_t *hits)
{
	pthread_mutex_lock(&cache.mu);
	if (entries)
		*entries = cache.n;
	if (hits)
		*hits = cache.hits;
	pthread_mutex_unlock(&cache.mu);
}

/* Copies what is kept under key into out when it fits; the count, or -1 when not kept or
 * longer than max. */
static int cache_get(const char *key, struct recur_occurrence *out, size_t max)
{
	int got = -1;
	pthread_mutex_lock(&cache.mu);
	int32_t i = hmap_get(&cache.index, key);
	if (i >= 0 && cache.v[i].n <= max) {
		if (cache.v[i].n)
			memcpy(out, cache.v[i].v, cache.v[i].n * sizeof *out);
		got = (int)cache.v[i].n;
		cache.hits++;
	}
	pthread_mutex_unlock(&cache.mu);
	return got;
}

/* Keeps a copy of v[0..n) under key (nothing when memory runs out: the next call expands again). */
static void cache_put(const char *key, const struct recur_occurrence *v, size_t n)
{
	if (n > RECUR_CACHE_OCCURRENCES)
		return;
	char *k = strdup(key);
	struct recur_occurrence *copy = n ? malloc(n * sizeof *copy) : NULL;
	if (!k || (n && !copy))
		goto drop;
	if (n)
		memcpy(copy, v, n * sizeof *copy);
	pthread_mutex_lock(&cache.mu);
	if (hmap_get(&cache.index, key) >= 0) { /* another thread kept it meanwhile */
		pthread_mutex_unlock(&cache.mu);
		goto drop;
	}
	if (cache.n == RECUR_CACHE_ENTRIES || cache.occurrences + n > RECUR_CACHE_OCCURRENCES)
		cache_empty();
	if (!cache.v && !(cache.v = malloc(RECUR_CACHE_ENTRIES * sizeof *cache.v))) {
		pthread_mutex_unlock(&cache.mu);
		goto drop;
	}
	if (hmap_put(&cache.index, k, (int32_t)cache.n)) {
		pthread_mutex_unlock(&cache.mu);
		goto drop;
	}
	cache.v[cache.n++] = (struct kept){k, copy, n};
	cache.occurrences += n;
	pthread_mutex_unlock(&cache.mu);
	return;
drop:
	free(k);
	free(copy);
}

int recur_expand_cached(const struct recur_rule *r, const struct cal *cal, zdate anchor, zdate from,
			zdate to, struct recur_occurrence *out, size_t max, struct zerr *e)
{
	/* The rule text up to its bound (a hand-filled struct may lack the NUL: recur_expand
	 * refuses it), then every number the result depends on. */
	char key[RECUR_RRULE_MAX + 128];
	if (!r || (!out && max) || !memchr(r->rrule, '\0', sizeof r->rrule))
		return recur_expand(r, cal, anchor, from, to, out, max, e);
	snprintf(key, sizeof key, "%s\x1f%d %d %d %d %llu %ld %ld %ld", r->rrule, (int)r->period, r->due.days,
		 r->due.workdays, r->due.day_of_next, (unsigned long long)cal_serial(cal), (long)anchor, (long)from,
		 (long)to);
	int got = cache_get(key, out, max);
	if (got >= 0)
		return got;
	got = recur_expand(r, cal, anchor, from, to, out, max, e);
	if (got >= 0)
		cache_put(key, out, (size_t)got);
	return got;
}
