/* The official PRC working-day calendar. See cal.h and data/calendar/README.md.
 *
 * Representation: the rows (days that differ from the plain Mon–Fri week) in a sorted array, plus
 * a prefix sum of how much each row changes the plain Mon–Fri count (+1 for a worked weekend day,
 * -1 for a weekday off, 0 for a weekend day listed as off). Working days in any range are then the
 * Mon–Fri count (closed form) plus a difference of two prefix sums, so countdowns and deadline
 * searches cost O(log n) however far apart the dates are, and no loop walks day by day. */
#include "cal/cal.h"

#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

struct row {
	zdate d;
	bool work;
	char *en, *zh; /* owned; NULL when none */
};

struct cal {
	struct row *rows; /* ascending by date, one per date */
	size_t n;
	size_t cap;       /* rows and years have room for cap entries, cum for cap + 1 */
	int *cum;         /* n + 1 entries: cum[i] = sum of the adjustments of rows[0..i) */
	int *years;       /* the distinct years having a row, ascending */
	size_t nyears;
	uint64_t serial;  /* see cal_serial: new for every calendar and every change to one */
};

static _Atomic uint64_t last_serial;

/* Called before every change to c's rows. */
static void renew_serial(struct cal *c)
{
	c->serial = atomic_fetch_add(&last_serial, 1) + 1;
}

uint64_t cal_serial(const struct cal *c)
{
	return c ? c->serial : 0;
}

/* A row on its way in, with the CSV line it came from (for duplicate reports). */
struct pend {
	struct row r;
	size_t line;
};

/* The query functions treat a NULL calendar as this one: no rows, every year unknown. */
static const struct cal empty_cal;

static const char csv_header[] = "date,kind,holiday,holiday_zh";

#define SNIP_MAX 40 /* bytes of offending input quoted in an error message */

static const struct cal *or_empty(const struct cal *c)
{
	return c ? c : &empty_cal;
}

static int year_of(zdate d)
{
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	return y;
}

static bool is_mon_fri(int64_t d)
{
	/* 1970-01-01 (day 0) was a Thursday; the arithmetic is done in 64 bits because deadline
	 * searches may probe past the zdate range before saturating. */
	int64_t w = (d + 3) % 7;
	if (w < 0)
		w += 7;
	return w < 5;
}

/* Mon–Fri days in [1969-12-29, d) (negative for d before it): a closed form, so the count over a
 * range is a subtraction. 1969-12-29 is day -3 and a Monday, which aligns the weeks. */
static int64_t mon_fri_before(int64_t d)
{
	int64_t x = d + 3, q = x / 7, r = x % 7;
	if (r < 0) {
		r += 7;
		q--;
	}
	return 5 * q + (r < 5 ? r : 5);
}

/* Number of rows dated <= d. */
static size_t rows_upto(const struct cal *c, int64_t d)
{
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((int64_t)c->rows[mid].d <= d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct row *row_find(const struct cal *c, int64_t d)
{
	size_t i = rows_upto(c, d);
	if (i > 0 && (int64_t)c->rows[i - 1].d == d)
		return &c->rows[i - 1];
	return NULL;
}

static int adj_upto(const struct cal *c, size_t i)
{
	return c->n ? c->cum[i] : 0;
}

static bool workday_at(const struct cal *c, int64_t d)
{
	const struct row *r = row_find(c, d);
	return r ? r->work : is_mon_fri(d);
}

/* Working days in (a, b], a <= b. */
static int64_t work_between(const struct cal *c, int64_t a, int64_t b)
{
	return mon_fri_before(b + 1) - mon_fri_before(a + 1) +
	       (adj_upto(c, rows_upto(c, b)) - adj_upto(c, rows_upto(c, a)));
}

/* Number of known years < y. */
static size_t years_below(const struct cal *c, int y)
{
	size_t lo = 0, hi = c->nyears;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->years[mid] < y)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* True when every day in [a, b] lies in a known year. Days outside the zdate range never are. */
static bool days_known(const struct cal *c, int64_t a, int64_t b)
{
	if (a < INT32_MIN || b > INT32_MAX)
		return false;
	int y1 = year_of((zdate)a), y2 = year_of((zdate)b);
	return years_below(c, y2 + 1) - years_below(c, y1) == (size_t)(y2 - y1) + 1;
}

/* The n-th working day strictly after start (n > 0) or the |n|-th strictly before (n < 0), by
 * bisection over the O(log n) range count. Within 7k days there are 5k Mon–Fri days, of which the
 * rows can remove at most c->n, so k = ceil((|n| + c->n) / 5) weeks always hold the answer. */
static int64_t nth_workday(const struct cal *c, int64_t start, int64_t n)
{
	int64_t m = n > 0 ? n : -n;
	int64_t span = 7 * ((m + (int64_t)c->n + 4) / 5);
	int64_t lo, hi;

	if (n > 0) {
		/* Invariant: fewer than m working days in (start, lo], at least m in (start, hi]. */
		lo = start;
		hi = start + span;
		while (hi - lo > 1) {
			int64_t mid = lo + (hi - lo) / 2;
			if (work_between(c, start, mid) >= m)
				hi = mid;
			else
				lo = mid;
		}
		return hi;
	}
	/* Invariant: at least m working days in [lo, start), fewer than m in [hi, start). */
	lo = start - span;
	hi = start;
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;
		if (work_between(c, mid - 1, start - 1) >= m)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static zdate clamp_date(int64_t d)
{
	if (d < INT32_MIN)
		return ZDATE_MIN;
	if (d > INT32_MAX)
		return ZDATE_MAX;
	return (zdate)d;
}

/* Length of the UTF-8 sequence a byte starts, 0 when it cannot start one. */
static size_t utf8_lead_len(unsigned char b)
{
	if (b < 0x80)
		return 1;
	if (b < 0xC2)
		return 0;
	if (b < 0xE0)
		return 2;
	if (b < 0xF0)
		return 3;
	return b < 0xF5 ? 4 : 0;
}

/* Quotes at most SNIP_MAX bytes of untrusted input for an error message: whole UTF-8 characters
 * only, control bytes and broken sequences as '?', "..." when cut. The message may end up in a
 * JSON reply, which must be valid UTF-8. dst holds SNIP_MAX + 4 bytes. */
static const char *snippet(char *dst, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0;

	while (i < n) {
		size_t len = utf8_lead_len(p[i]);
		bool ok;

		if (len == 1)
			ok = p[i] >= 0x20 && p[i] != 0x7F;
		else
			ok = len && i + len <= n && utf8_valid(s + i, len);
		if (!ok)
			len = 1;
		if (o + len > SNIP_MAX) {
			memcpy(dst + o, "...", 3);
			o += 3;
			break;
		}
		if (ok)
			memcpy(dst + o, s + i, len);
		else
			dst[o] = '?';
		o += len;
		i += len;
	}
	dst[o] = '\0';
	return dst;
}

/* Holiday names go to terminals, JSON and PDFs: insist on printable UTF-8 of bounded size. */
static int check_name(const char *s, size_t n, const char *what, struct zerr *e)
{
	if (n > CAL_NAME_MAX)
		return zerr_set(e, ZE_LIMIT, "%s longer than %d bytes", what, CAL_NAME_MAX);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			return zerr_set(e, ZE_INVALID, "%s contains a control character", what);
	if (!utf8_valid(s, n))
		return zerr_set(e, ZE_INVALID, "%s is not well-formed UTF-8", what);
	return 0;
}

/* Copies a name; the empty name is stored as NULL (no name). */
static int dup_name(const char *s, size_t n, char **out, struct zerr *e)
{
	*out = NULL;
	if (!n)
		return 0;
	char *d = malloc(n + 1);
	if (!d)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	memcpy(d, s, n);
	d[n] = '\0';
	*out = d;
	return 0;
}

static void row_release(struct row *r)
{
	free(r->en);
	free(r->zh);
	r->en = r->zh = NULL;
}

/* Merges p (sorted by date, no date twice) into c; a date already present is replaced. On success
 * the names move into c (p's pointers are cleared); on failure c and p are untouched. Every
 * allocation happens before c is modified, so the commit cannot fail half way. */
static int cal_merge(struct cal *c, struct pend *p, size_t np, struct zerr *e)
{
	struct row *rows = NULL;
	int *cum = NULL, *years = NULL;
	size_t i = 0, j = 0, n = 0;
	int rc = 0;

	renew_serial(c);
	while (i < c->n || j < np) {
		if (j == np || (i < c->n && c->rows[i].d < p[j].r.d)) {
			i++;
		} else {
			if (i < c->n && c->rows[i].d == p[j].r.d)
				i++;
			j++;
		}
		n++;
	}
	if (n > CAL_ROWS_MAX) {
		rc = zerr_set(e, ZE_LIMIT, "the calendar would hold more than %d rows", CAL_ROWS_MAX);
		goto out;
	}
	rows = malloc((n ? n : 1) * sizeof *rows);
	cum = malloc((n + 1) * sizeof *cum);
	years = malloc((n ? n : 1) * sizeof *years);
	if (!rows || !cum || !years) {
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
		goto out;
	}

	/* Commit: nothing below can fail. */
	i = j = n = 0;
	while (i < c->n || j < np) {
		if (j == np || (i < c->n && c->rows[i].d < p[j].r.d)) {
			rows[n++] = c->rows[i++];
			continue;
		}
		if (i < c->n && c->rows[i].d == p[j].r.d)
			row_release(&c->rows[i++]);
		rows[n++] = p[j].r;
		p[j].r.en = p[j].r.zh = NULL;
		j++;
	}
	size_t ny = 0;
	cum[0] = 0;
	for (i = 0; i < n; i++) {
		int adj = (int)rows[i].work - (int)is_mon_fri(rows[i].d);
		int y = year_of(rows[i].d);
		cum[i + 1] = cum[i] + adj;
		if (!ny || years[ny - 1] != y)
			years[ny++] = y;
	}
	free(c->rows);
	free(c->cum);
	free(c->years);
	c->rows = rows;
	c->cum = cum;
	c->years = years;
	c->n = n;
	c->cap = n;
	c->nyears = ny;
	rows = NULL;
	cum = years = NULL;
out:
	free(rows);
	free(cum);
	free(years);
	return rc;
}

int cal_new(struct cal **out, struct zerr *e)
{
	struct cal *c = calloc(1, sizeof *c);
	*out = c;
	if (!c)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	renew_serial(c);
	return 0;
}

void cal_free(struct cal *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		row_release(&c->rows[i]);
	free(c->rows);
	free(c->cum);
	free(c->years);
	free(c);
}

/* Adds a row dated after every row of c: in amortised constant time, so loading a calendar row
 * by row in date order (as the store lists it) is linear, not a merge per row. */
static int cal_append(struct cal *c, struct pend *p, struct zerr *e)
{
	renew_serial(c);
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 256;
		if (cap > CAL_ROWS_MAX)
			cap = CAL_ROWS_MAX;
		if (c->n >= cap)
			return zerr_set(e, ZE_LIMIT, "the calendar would hold more than %d rows", CAL_ROWS_MAX);
		struct row *rows = realloc(c->rows, cap * sizeof *rows);
		if (rows)
			c->rows = rows;
		int *cum = rows ? realloc(c->cum, (cap + 1) * sizeof *cum) : NULL;
		if (cum)
			c->cum = cum;
		int *years = cum ? realloc(c->years, cap * sizeof *years) : NULL;
		if (!years)
			return zerr_set(e, ZE_NOMEM, "out of memory");
		c->years = years;
		if (c->cap == 0)
			c->cum[0] = 0;
		c->cap = cap;
	}
	struct row *r = &c->rows[c->n];
	*r = p->r;
	p->r.en = p->r.zh = NULL;
	c->cum[c->n + 1] = c->cum[c->n] + (int)r->work - (int)is_mon_fri(r->d);
	int y = year_of(r->d);
	if (!c->nyears || c->years[c->nyears - 1] != y)
		c->years[c->nyears++] = y;
	c->n++;
	return 0;
}

int cal_set_day(struct cal *c, zdate d, bool work, const char *holiday_en, const char *holiday_zh,
		struct zerr *e)
{
	struct pend p = {.r = {.d = d, .work = work}};
	size_t en_len = holiday_en ? strlen(holiday_en) : 0;
	size_t zh_len = holiday_zh ? strlen(holiday_zh) : 0;
	int rc;

	/* The same range as the CSV's dates (date_parse), so both ways in accept the same days. */
	if (d < date_from_ymd(1900, 1, 1) || d > date_from_ymd(9999, 12, 31))
		return zerr_set(e, ZE_INVALID, "calendar day out of range (years 1900..9999)");
	rc = check_name(holiday_en, en_len, "holiday name", e);
	if (!rc)
		rc = check_name(holiday_zh, zh_len, "Chinese holiday name", e);
	if (!rc)
		rc = dup_name(holiday_en, en_len, &p.r.en, e);
	if (!rc)
		rc = dup_name(holiday_zh, zh_len, &p.r.zh, e);
	if (!rc)
		rc = c->n && c->rows[c->n - 1].d < d ? cal_append(c, &p, e) : cal_merge(c, &p, 1, e);
	row_release(&p.r);
	return rc;
}

/* Splits one CSV line into exactly four fields, unquoting into buf (at least len + 4 bytes; the
 * unquoted text is never longer than the line). */
static int split_fields(const char *s, size_t len, char *buf, const char *f[4], size_t fl[4],
			struct zerr *e)
{
	const char *p = s, *end = s + len;
	char *o = buf;
	int nf = 0;

	for (;;) {
		if (nf == 4)
			return zerr_set(e, ZE_INVALID, "more than 4 fields (%s)", csv_header);
		f[nf] = o;
		if (p < end && *p == '"') {
			for (p++;; p++) {
				if (p == end)
					return zerr_set(e, ZE_INVALID, "unterminated quoted field");
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						*o++ = *p++;
						continue;
					}
					p++;
					break;
				}
				*o++ = *p;
			}
			if (p < end && *p != ',')
				return zerr_set(e, ZE_INVALID, "text after a closing quote");
		} else {
			for (; p < end && *p != ','; p++) {
				if (*p == '"')
					return zerr_set(e, ZE_INVALID, "quote inside an unquoted field");
				*o++ = *p;
			}
		}
		fl[nf] = (size_t)(o - f[nf]);
		*o++ = '\0';
		nf++;
		if (p == end)
			break;
		p++; /* the comma */
	}
	if (nf != 4)
		return zerr_set(e, ZE_INVALID, "%d field%s, expected 4 (%s)", nf, nf == 1 ? "" : "s",
				csv_header);
	return 0;
}

/* Parses one data line into *out (names allocated; released by the caller either way). Messages
 * carry no location: the caller prefixes source:line. */
static int parse_row(const char *s, size_t len, char *buf, struct pend *out, struct zerr *e)
{
	const char *f[4];
	size_t fl[4];
	char snip[SNIP_MAX + 4];
	int rc;

	rc = split_fields(s, len, buf, f, fl, e);
	if (rc)
		return rc;
	if (!date_parse(f[0], &out->r.d))
		return zerr_set(e, ZE_INVALID, "date must be a real day written YYYY-MM-DD, not '%s'",
				snippet(snip, f[0], fl[0]));
	if (!strcmp(f[1], "work"))
		out->r.work = true;
	else if (!strcmp(f[1], "off"))
		out->r.work = false;
	else
		return zerr_set(e, ZE_INVALID, "kind must be off or work, not '%s'",
				snippet(snip, f[1], fl[1]));
	rc = check_name(f[2], fl[2], "holiday", e);
	if (!rc)
		rc = check_name(f[3], fl[3], "holiday_zh", e);
	if (!rc)
		rc = dup_name(f[2], fl[2], &out->r.en, e);
	if (!rc)
		rc = dup_name(f[3], fl[3], &out->r.zh, e);
	return rc;
}

static int pend_cmp(const void *a, const void *b)
{
	const struct pend *x = a, *y = b;
	if (x->r.d != y->r.d)
		return x->r.d < y->r.d ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

int cal_load_csv(struct cal *c, const char *text, size_t len, const char *source, struct zerr *e)
{
	const char *src = source ? source : "csv";
	const char *s, *end;
	struct pend *p = NULL;
	size_t np = 0, cap = 0, line = 0;
	bool header = false;
	char buf[CAL_LINE_MAX + 4], snip[SNIP_MAX + 4], dbuf[ZDATE_BUFSZ];
	int rc = 0;

	if (!text) { /* arithmetic on a null pointer is undefined, even adding 0 */
		text = "";
		len = 0;
	}
	s = text;
	end = text + len;
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	for (; s < end; line++) {
		/* Look no further than a maximal line plus CR LF: a huge text without newlines
		 * is refused at once instead of scanned to its end. */
		size_t avail = (size_t)(end - s);
		size_t look = avail < CAL_LINE_MAX + 2 ? avail : CAL_LINE_MAX + 2;
		const char *nl = memchr(s, '\n', look);
		const char *le = nl ? nl : end, *next = nl ? nl + 1 : end;
		size_t ll;

		if (le > s && le[-1] == '\r')
			le--;
		ll = (size_t)(le - s);
		if (ll > CAL_LINE_MAX || (!nl && look < avail)) {
			rc = zerr_set(e, ZE_LIMIT, "%s:%zu: line longer than %d bytes", src, line + 1,
				      CAL_LINE_MAX);
			goto out;
		}
		if (memchr(s, '\0', ll)) {
			rc = zerr_set(e, ZE_INVALID, "%s:%zu: NUL byte in the text", src, line + 1);
			goto out;
		}
		if (!header) {
			if (ll != sizeof csv_header - 1 || memcmp(s, csv_header, ll)) {
				rc = zerr_set(e, ZE_INVALID, "%s:%zu: header must be '%s', not '%s'", src,
					      line + 1, csv_header, snippet(snip, s, ll));
				goto out;
			}
			header = true;
		} else if (ll) {
			if (np == CAL_ROWS_MAX) {
				rc = zerr_set(e, ZE_LIMIT, "%s:%zu: more than %d rows", src, line + 1,
					      CAL_ROWS_MAX);
				goto out;
			}
			if (np == cap) {
				size_t ncap = cap ? 2 * cap : 1024;
				struct pend *q = realloc(p, ncap * sizeof *q);
				if (!q) {
					rc = zerr_set(e, ZE_NOMEM, "out of memory");
					goto out;
				}
				p = q;
				cap = ncap;
			}
			/* Counted in before parsing so a half-filled row is released at out. */
			p[np] = (struct pend){.line = line + 1};
			np++;
			rc = parse_row(s, ll, buf, &p[np - 1], e);
			if (rc) {
				zerr_prefix(e, "%s:%zu", src, line + 1);
				goto out;
			}
		}
		s = next;
	}
	if (!header) {
		rc = zerr_set(e, ZE_INVALID, "%s:1: empty, expected the header '%s'", src, csv_header);
		goto out;
	}

	/* The file is usually in order already; sorting makes order irrelevant and lines up
	 * duplicates, which are an error: two rows for one day would contradict each other. */
	if (np)
		qsort(p, np, sizeof *p, pend_cmp);
	for (size_t i = 1; i < np; i++) {
		if (p[i].r.d == p[i - 1].r.d) {
			rc = zerr_set(e, ZE_INVALID, "%s:%zu: date %s already given on line %zu", src,
				      p[i].line, date_format(p[i].r.d, dbuf), p[i - 1].line);
			goto out;
		}
	}
	rc = cal_merge(c, p, np, e);
	if (rc)
		zerr_prefix(e, "%s", src);
out:
	for (size_t i = 0; i < np; i++)
		row_release(&p[i].r);
	free(p);
	return rc;
}

bool cal_year_known(const struct cal *c, int year)
{
	c = or_empty(c);
	size_t i = years_below(c, year);
	return i < c->nyears && c->years[i] == year;
}

bool cal_year_range(const struct cal *c, int *first, int *last)
{
	c = or_empty(c);
	if (!c->nyears)
		return false;
	if (first)
		*first = c->years[0];
	if (last)
		*last = c->years[c->nyears - 1];
	return true;
}

bool cal_is_workday(const struct cal *c, zdate d, const char **holiday_zh, const char **holiday_en,
		    bool *known)
{
	c = or_empty(c);
	const struct row *r = row_find(c, d);
	if (holiday_zh)
		*holiday_zh = r ? r->zh : NULL;
	if (holiday_en)
		*holiday_en = r ? r->en : NULL;
	if (known)
		*known = cal_year_known(c, year_of(d));
	return r ? r->work : is_mon_fri(d);
}

zdate cal_add_workdays(const struct cal *c, zdate start, int n, bool *complete)
{
	c = or_empty(c);
	if (n == 0) {
		if (complete)
			*complete = true;
		return start;
	}
	int64_t r = nth_workday(c, start, n);
	if (complete)
		*complete = n > 0 ? days_known(c, (int64_t)start + 1, r)
				  : days_known(c, r, (int64_t)start - 1);
	return clamp_date(r);
}

zdate cal_add_days(const struct cal *c, zdate start, int n, bool *complete)
{
	c = or_empty(c);
	int64_t last = (int64_t)start + n, r = last;
	if (!workday_at(c, last))
		r = nth_workday(c, last, n >= 0 ? 1 : -1);
	if (complete)
		*complete = r >= last ? days_known(c, last, r) : days_known(c, r, last);
	return clamp_date(r);
}

int cal_workdays_between(const struct cal *c, zdate from, zdate to, bool *complete)
{
	c = or_empty(c);
	int64_t w;
	bool ok;

	if (from == to) {
		w = 0;
		ok = true;
	} else if (from < to) {
		w = work_between(c, from, to);
		ok = days_known(c, (int64_t)from + 1, to);
	} else {
		w = -work_between(c, to, from);
		ok = days_known(c, (int64_t)to + 1, from);
	}
	if (complete)
		*complete = ok;
	return w > INT_MAX ? INT_MAX : w < INT_MIN ? INT_MIN : (int)w;
}

size_t cal_row_count(const struct cal *c)
{
	return or_empty(c)->n;
}

int cal_row(const struct cal *c, size_t i, zdate *d, bool *work, const char **holiday_en,
	    const char **holiday_zh)
{
	c = or_empty(c);
	if (i >= c->n)
		return ZE_NOTFOUND;
	const struct row *r = &c->rows[i];
	if (d)
		*d = r->d;
	if (work)
		*work = r->work;
	if (holiday_en)
		*holiday_en = r->en;
	if (holiday_zh)
		*holiday_zh = r->zh;
	return 0;
}
