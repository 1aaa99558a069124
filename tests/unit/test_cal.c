/* The working-day calendar against the real data file, deadline arithmetic (民法典 第201条,
 * 第203条) and the CSV loader's error handling. */
#include "testutil.h"

#include <limits.h>
#include <stdbool.h>

#include "cal/cal.h"

/* The calendar loaded from data/calendar/cn-holidays.csv, shared by the tests (read-only). */
static struct cal *cn;
static char *cn_text;
static size_t cn_len;



static int setup_cn(void **state)
{
	char path[4096];
	struct zerr e = {0};

	snprintf(path, sizeof path, "%s/data/calendar/cn-holidays.csv", test_srcdir());
	cn_text = slurp(path, &cn_len);
	if (!cn_text) {
		fprintf(stderr, "cannot read %s (set ZEREN_SRCDIR)\n", path);
		return -1;
	}
	if (cal_new(&cn, &e) || cal_load_csv(cn, cn_text, cn_len, "cn-holidays.csv", &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	return 0;
}

static int teardown_cn(void **state)
{
	cal_free(cn);
	free(cn_text);
	return 0;
}

static bool work(const char *s)
{
	return cal_is_workday(cn, D(s), NULL, NULL, NULL);
}

/* Every row of the file, read here independently of the loader, agrees with the lookup. */
static void test_every_row(void **state)
{
	char *text = strdup(cn_text), *save = NULL;
	size_t rows = 0;
	int last_year = 0;

	assert_non_null(text);
	assert_string_equal(strtok_r(text, "\r\n", &save), "date,kind,holiday,holiday_zh");
	for (char *line; (line = strtok_r(NULL, "\r\n", &save));) {
		char *f[4], *fs = NULL;
		const char *zh, *en;
		bool known;
		int y, m, d;

		f[0] = strtok_r(line, ",", &fs);
		for (int i = 1; i < 4; i++)
			f[i] = strtok_r(NULL, ",", &fs);
		assert_non_null(f[3]);
		zdate day = D(f[0]);
		date_to_ymd(day, &y, &m, &d);
		assert_true(y >= 2004 && y <= 2026);
		assert_true(y >= last_year);
		last_year = y;

		bool w = cal_is_workday(cn, day, &zh, &en, &known);
		if (w != !strcmp(f[1], "work"))
			fail_msg("%s: expected %s", f[0], f[1]);
		assert_true(known);
		assert_non_null(en);
		assert_non_null(zh);
		assert_string_equal(en, f[2]);
		assert_string_equal(zh, f[3]);
		/* A work row is a weekend day, and rows iterate in file (date) order. */
		if (w)
			assert_true(date_weekday(day) >= 5);
		zdate rd;
		bool rw;
		const char *ren, *rzh;
		assert_int_equal(cal_row(cn, rows, &rd, &rw, &ren, &rzh), 0);
		assert_int_equal(rd, day);
		assert_int_equal(rw, w);
		assert_string_equal(ren, f[2]);
		assert_string_equal(rzh, f[3]);
		rows++;
	}
	assert_true(rows > 700);
	assert_int_equal(cal_row_count(cn), rows);
	assert_int_equal(cal_row(cn, rows, NULL, NULL, NULL, NULL), ZE_NOTFOUND);
	free(text);
}

static void test_spot_checks(void **state)
{
	const char *zh = "x", *en = "x";
	bool known = false;
	int first = 0, last = 0;

	for (zdate d = D("2025-10-01"); d <= D("2025-10-08"); d++)
		assert_false(cal_is_workday(cn, d, NULL, NULL, NULL));
	assert_true(work("2025-09-28"));
	assert_true(work("2025-10-11"));
	assert_true(work("2025-10-09"));
	for (zdate d = D("2026-02-15"); d <= D("2026-02-23"); d++)
		assert_false(cal_is_workday(cn, d, NULL, NULL, NULL));
	assert_true(cal_is_workday(cn, D("2026-02-14"), &zh, &en, &known));
	assert_string_equal(zh, "春节");
	assert_string_equal(en, "Spring Festival");
	assert_true(work("2026-02-28"));

	/* An ordinary Saturday and Monday: no row, no names, still a known year. */
	assert_false(cal_is_workday(cn, D("2025-03-08"), &zh, &en, &known));
	assert_null(zh);
	assert_null(en);
	assert_true(known);
	assert_true(cal_is_workday(cn, D("2025-03-10"), &zh, &en, &known));
	assert_null(zh);
	assert_true(known);

	/* Unknown years fall back to Mon–Fri and say so. */
	assert_true(cal_is_workday(cn, D("2027-01-01"), NULL, NULL, &known));
	assert_false(known);
	assert_false(cal_is_workday(cn, D("2027-01-02"), NULL, NULL, &known));
	assert_false(known);
	assert_false(cal_year_known(cn, 2003));
	assert_true(cal_year_known(cn, 2004));
	assert_true(cal_year_known(cn, 2026));
	assert_false(cal_year_known(cn, 2027));
	assert_true(cal_year_range(cn, &first, &last));
	assert_int_equal(first, 2004);
	assert_int_equal(last, 2026);
}

static void expect_add(const char *start, int n, const char *want, bool want_complete)
{
	bool complete = !want_complete;
	zdate got = cal_add_workdays(cn, D(start), n, &complete);
	char buf[ZDATE_BUFSZ];

	if (got != D(want))
		fail_msg("%s %+d workdays: got %s, want %s", start, n, date_format(got, buf), want);
	assert_int_equal(complete, want_complete);
}

static void test_add_workdays(void **state)
{
	/* Spring Festival 2026: Friday 02-13, then the 调休 Saturday, then the holiday. */
	expect_add("2026-02-13", 1, "2026-02-14", true);
	expect_add("2026-02-13", 2, "2026-02-24", true);
	expect_add("2026-02-14", 1, "2026-02-24", true);
	expect_add("2026-02-24", -1, "2026-02-14", true);
	expect_add("2026-02-24", -2, "2026-02-13", true);
	/* National Day 2025. */
	expect_add("2025-09-26", 1, "2025-09-28", true);
	expect_add("2025-09-30", 1, "2025-10-09", true);
	expect_add("2025-09-30", 3, "2025-10-11", true);
	expect_add("2025-10-03", 1, "2025-10-09", true);
	/* Across the year boundary: New Year 2026 is 01-01..01-03 off, Sunday 01-04 worked. */
	expect_add("2025-12-31", 1, "2026-01-04", true);
	expect_add("2025-12-31", 2, "2026-01-05", true);
	expect_add("2026-01-04", -1, "2025-12-31", true);
	/* n = 3 from an ordinary Friday. */
	expect_add("2025-03-07", 3, "2025-03-12", true);
	/* n = 0 is the start itself, even on a holiday. */
	expect_add("2025-10-01", 0, "2025-10-01", true);
	/* 2027 is not published: plain Mon–Fri, flagged. 2027-01-01 is a Friday. */
	expect_add("2027-03-05", 3, "2027-03-10", false);
	expect_add("2026-12-31", 1, "2027-01-01", false);
	expect_add("2026-12-30", 1, "2026-12-31", true);
	expect_add("2004-01-02", -1, "2003-12-31", false);
	/* A long haul within known years: a whole year of working days after 2024-12-31. */
	expect_add("2024-12-31", cal_workdays_between(cn, D("2024-12-31"), D("2025-12-31"), NULL),
		   "2025-12-31", true);
}

static void test_add_workdays_saturates(void **state)
{
	bool complete = true;

	assert_int_equal(cal_add_workdays(cn, D("2025-01-01"), INT_MAX, &complete), ZDATE_MAX);
	assert_false(complete);
	complete = true;
	assert_int_equal(cal_add_workdays(cn, D("2025-01-01"), INT_MIN, &complete), ZDATE_MIN);
	assert_false(complete);
	complete = true;
	assert_int_equal(cal_workdays_between(cn, ZDATE_MIN, ZDATE_MAX, &complete), INT_MAX);
	assert_false(complete);
	assert_int_equal(cal_workdays_between(cn, ZDATE_MAX, ZDATE_MIN, NULL), INT_MIN);
	/* Far but representable: 100000 working days is about 383 years of Mon–Fri weeks. */
	zdate far = cal_add_workdays(cn, D("2025-01-01"), 100000, &complete);
	assert_false(complete);
	assert_int_equal(cal_workdays_between(cn, D("2025-01-01"), far, NULL), 100000);
	assert_true(cal_is_workday(cn, far, NULL, NULL, NULL));
}

static void test_add_days(void **state)
{
	bool complete = false;

	/* 30 days from 09-01 is 10-01, National Day: the period runs on to 10-09 (第203条). */
	assert_int_equal(cal_add_days(cn, D("2025-09-01"), 30, &complete), D("2025-10-09"));
	assert_true(complete);
	/* Ending on a 调休 working Saturday stays there. */
	assert_int_equal(cal_add_days(cn, D("2025-08-29"), 30, &complete), D("2025-09-28"));
	assert_true(complete);
	/* Ending on an ordinary weekday stays; on an ordinary Sunday moves to Monday. */
	assert_int_equal(cal_add_days(cn, D("2025-03-01"), 9, NULL), D("2025-03-10"));
	assert_int_equal(cal_add_days(cn, D("2025-03-01"), 8, NULL), D("2025-03-10"));
	/* Spring Festival 2026: 02-15 + 0 days is itself a holiday. */
	assert_int_equal(cal_add_days(cn, D("2026-02-15"), 0, NULL), D("2026-02-24"));
	/* Counting back: a non-working last day moves earlier, never later. */
	assert_int_equal(cal_add_days(cn, D("2025-10-31"), -30, &complete), D("2025-09-30"));
	assert_true(complete);
	/* Ending in an unknown year, or pushed into one. */
	assert_int_equal(cal_add_days(cn, D("2026-12-01"), 31, &complete), D("2027-01-01"));
	assert_false(complete);
	assert_int_equal(cal_add_days(cn, D("2026-12-01"), 25, &complete), D("2026-12-28"));
	assert_true(complete);
}

static void test_workdays_between(void **state)
{
	bool complete = false;

	assert_int_equal(cal_workdays_between(cn, D("2025-09-30"), D("2025-10-11"), &complete), 3);
	assert_true(complete);
	assert_int_equal(cal_workdays_between(cn, D("2025-10-11"), D("2025-09-30"), &complete), -3);
	assert_true(complete);
	assert_int_equal(cal_workdays_between(cn, D("2025-10-01"), D("2025-10-01"), &complete), 0);
	assert_true(complete);
	/* 2025 had 248 working days (counted independently from the file). */
	assert_int_equal(cal_workdays_between(cn, D("2024-12-31"), D("2025-12-31"), NULL), 248);
	/* Into 2027: plain Mon–Fri for January (21 weekdays), flagged. */
	assert_int_equal(cal_workdays_between(cn, D("2026-12-31"), D("2027-01-31"), &complete), 21);
	assert_false(complete);

	/* Against a day-by-day count, over ranges inside, across and outside the known years. */
	for (zdate a = D("2003-11-01"); a <= D("2027-02-28"); a += 37) {
		for (int len = 0; len <= 400; len += 23) {
			zdate b = a + len;
			int brute = 0;
			for (zdate d = a + 1; d <= b; d++)
				brute += cal_is_workday(cn, d, NULL, NULL, NULL);
			assert_int_equal(cal_workdays_between(cn, a, b, NULL), brute);
			assert_int_equal(cal_workdays_between(cn, b, a, NULL), -brute);
		}
	}
}

/* For every day of the known years, the next working day is a working day, later, with none in
 * between; the previous one likewise. */
static void test_next_workday_property(void **state)
{
	zdate end = D("2026-12-31");

	for (zdate d = D("2004-01-01"); d <= end; d++) {
		bool complete = false;
		zdate r = cal_add_workdays(cn, d, 1, &complete);
		int y, m, day;

		assert_true(r > d);
		assert_true(r - d <= 14);
		assert_true(cal_is_workday(cn, r, NULL, NULL, NULL));
		for (zdate x = d + 1; x < r; x++)
			assert_false(cal_is_workday(cn, x, NULL, NULL, NULL));
		date_to_ymd(r, &y, &m, &day);
		assert_int_equal(complete, y <= 2026);

		zdate p = cal_add_workdays(cn, d, -1, NULL);
		assert_true(p < d);
		assert_true(cal_is_workday(cn, p, NULL, NULL, NULL));
		for (zdate x = p + 1; x < d; x++)
			assert_false(cal_is_workday(cn, x, NULL, NULL, NULL));

		/* Larger n agrees with stepping one working day at a time, and going back n from
		 * there returns to d, or to the working day before d when d is not one. */
		if (d % 11 == 0) {
			zdate step = d;
			zdate back = cal_is_workday(cn, d, NULL, NULL, NULL) ? d : p;
			for (int n = 1; n <= 25; n++) {
				step = cal_add_workdays(cn, step, 1, NULL);
				assert_int_equal(cal_add_workdays(cn, d, n, NULL), step);
				assert_int_equal(cal_add_workdays(cn, step, -n, NULL), back);
			}
		}
	}
}

/* A small calendar for the loader tests, with a snapshot to prove failed loads change nothing. */
static const char good_csv[] = "date,kind,holiday,holiday_zh\n"
			       "2025-10-01,off,National Day,国庆节\n"
			       "2025-09-28,work,National Day,国庆节\n";

static void snapshot(const struct cal *c, char *buf, size_t cap)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < cal_row_count(c); i++) {
		zdate d;
		bool w;
		const char *en, *zh;
		char db[ZDATE_BUFSZ];
		assert_int_equal(cal_row(c, i, &d, &w, &en, &zh), 0);
		o += (size_t)snprintf(buf + o, cap - o, "%s,%d,%s,%s;", date_format(d, db), w,
				      en ? en : "-", zh ? zh : "-");
		assert_true(o < cap);
	}
}

static void expect_bad(const char *text, size_t len, int code, const char *msg_part)
{
	struct cal *c = NULL;
	struct zerr e = {0};
	char before[1024], after[1024];

	assert_int_equal(cal_new(&c, &e), 0);
	assert_int_equal(cal_load_csv(c, good_csv, strlen(good_csv), "good.csv", &e), 0);
	snapshot(c, before, sizeof before);
	assert_int_equal(cal_load_csv(c, text, len, "bad.csv", &e), code);
	assert_int_equal(e.code, code);
	if (!strstr(e.msg, msg_part))
		fail_msg("message '%s' lacks '%s'", e.msg, msg_part);
	snapshot(c, after, sizeof after);
	assert_string_equal(before, after);
	assert_int_equal(cal_row_count(c), 2);
	assert_false(cal_year_known(c, 2024));
	cal_free(c);
}

#define BAD(text, code, part) expect_bad(text, sizeof text - 1, code, part)

static void test_bad_csv(void **state)
{
	BAD("date,kind,holiday\n2024-10-01,off,x,y\n", ZE_INVALID,
	    "bad.csv:1: header must be 'date,kind,holiday,holiday_zh', not 'date,kind,holiday'");
	BAD("date,kind,holiday,holiday_zh\n2024-10-01,off,a,b\n2025-02-30,off,x,y\n", ZE_INVALID,
	    "bad.csv:3: date must be a real day written YYYY-MM-DD, not '2025-02-30'");
	BAD("date,kind,holiday,holiday_zh\n2024-10-01,off,a,b\n\n2024-10-02,x,a,b\n", ZE_INVALID,
	    "bad.csv:4: kind must be off or work, not 'x'");
	BAD("date,kind,holiday,holiday_zh\n2024-10-01,off,a\n", ZE_INVALID, "bad.csv:2: 3 fields");
	BAD("date,kind,holiday,holiday_zh\n2024-10-01,off,a,b,c\n", ZE_INVALID,
	    "bad.csv:2: more than 4 fields");
	BAD("date,kind,holiday,holiday_zh\n2024-10-01,off,\"a,b\n", ZE_INVALID,
	    "bad.csv:2: unterminated quoted field");
	BAD("date,kind,holiday,holiday_zh\n2024-10-01,off,a,b\n2024-10-02,off,a,b\n"
	    "2024-10-01,work,a,b\n",
	    ZE_INVALID, "bad.csv:4: date 2024-10-01 already given on line 2");
	BAD("date,kind,holiday,holiday_zh\n2024-10-01,off,\xff\xfe,b\n", ZE_INVALID,
	    "bad.csv:2: holiday is not well-formed UTF-8");
	BAD("date,kind,holiday,holiday_zh\n2024-10-01,off,a\tb,b\n", ZE_INVALID,
	    "bad.csv:2: holiday contains a control character");
	BAD("date,kind,holiday,holiday_zh\n2024-10-01,of\xe5\x9b,a,b\n", ZE_INVALID,
	    "bad.csv:2: kind must be off or work, not 'of?\?'");
	BAD("", ZE_INVALID, "bad.csv:1: empty");
	BAD("date,kind,holiday,holiday_zh\n2024-10-01,off,a\0,b\n", ZE_INVALID,
	    "bad.csv:2: NUL byte");

	/* An overlong line, after a good row. */
	char big[2048];
	int n = snprintf(big, sizeof big, "date,kind,holiday,holiday_zh\n2024-10-01,off,a,b\n"
					  "2024-10-02,off,");
	memset(big + n, 'a', 1100);
	memcpy(big + n + 1100, ",b\n", 4);
	expect_bad(big, strlen(big), ZE_LIMIT, "bad.csv:3: line longer than 1024 bytes");
	/* An overlong last line without a newline, and a first line that is too long. */
	char huge[5000];
	n = snprintf(huge, sizeof huge, "date,kind,holiday,holiday_zh\n2024-10-01,off,a,b\n");
	memset(huge + n, 'a', sizeof huge - (size_t)n);
	expect_bad(huge, sizeof huge, ZE_LIMIT, "bad.csv:3: line longer than 1024 bytes");
	memset(huge, 'a', sizeof huge);
	expect_bad(huge, sizeof huge, ZE_LIMIT, "bad.csv:1: line longer than 1024 bytes");
	/* Exactly 1024 bytes is still a line (the name cap then rejects it, not the line cap). */
	n = snprintf(big, sizeof big, "date,kind,holiday,holiday_zh\n2024-10-01,off,");
	memset(big + n, 'a', 1024 - 15 - 2);
	memcpy(big + n + 1024 - 15 - 2, ",b\n", 4);
	expect_bad(big, strlen(big), ZE_LIMIT, "bad.csv:2: holiday longer than 256 bytes");
	/* Quoted offending text is cut and kept printable. */
	BAD("date,kind,holiday,holiday_zh\n2024-10-01,"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,a,b\n",
	    ZE_INVALID, "not 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'");
}

static void test_row_cap(void **state)
{
	/* 100001 distinct rows (from 1900 on) are refused at the line that breaks the cap. */
	size_t cap = 40 + (size_t)(CAL_ROWS_MAX + 1) * 17;
	char *text = malloc(cap), db[ZDATE_BUFSZ];
	size_t o;
	struct cal *c = NULL;
	struct zerr e = {0};

	assert_non_null(text);
	o = (size_t)sprintf(text, "date,kind,holiday,holiday_zh\n");
	for (int i = 0; i <= CAL_ROWS_MAX; i++)
		o += (size_t)sprintf(text + o, "%s,off,,\n", date_format(D("1900-01-01") + i, db));
	assert_int_equal(cal_new(&c, &e), 0);
	assert_int_equal(cal_load_csv(c, text, o, "big.csv", &e), ZE_LIMIT);
	assert_string_equal(e.msg, "big.csv:100002: more than 100000 rows");
	assert_int_equal(cal_row_count(c), 0);
	/* One fewer loads, and then the calendar as a whole is full. */
	o -= 17;
	assert_int_equal(cal_load_csv(c, text, o, "big.csv", &e), 0);
	assert_int_equal(cal_row_count(c), CAL_ROWS_MAX);
	assert_int_equal(cal_set_day(c, D("9999-01-01"), false, NULL, NULL, &e), ZE_LIMIT);
	assert_int_equal(cal_set_day(c, D("1900-01-01"), true, "x", NULL, &e), 0);
	assert_int_equal(cal_row_count(c), CAL_ROWS_MAX);
	cal_free(c);
	free(text);
}

static void test_csv_forms(void **state)
{
	static const char text[] = "\xEF\xBB\xBF"
				   "date,kind,holiday,holiday_zh\r\n"
				   "2025-10-02,off,\"National Day, \"\"Golden Week\"\"\",\r\n"
				   "\r\n"
				   "2025-10-01,off,,国庆节";
	struct cal *c = NULL;
	struct zerr e = {0};
	const char *en, *zh;

	assert_int_equal(cal_new(&c, &e), 0);
	assert_int_equal(cal_load_csv(c, text, sizeof text - 1, "forms.csv", &e), 0);
	assert_int_equal(cal_row_count(c), 2);
	assert_false(cal_is_workday(c, D("2025-10-02"), &zh, &en, NULL));
	assert_string_equal(en, "National Day, \"Golden Week\"");
	assert_null(zh);
	assert_false(cal_is_workday(c, D("2025-10-01"), &zh, &en, NULL));
	assert_null(en);
	assert_string_equal(zh, "国庆节");
	/* Rows come back in date order whatever the file's order. */
	zdate d;
	assert_int_equal(cal_row(c, 0, &d, NULL, NULL, NULL), 0);
	assert_int_equal(d, D("2025-10-01"));

	/* A header alone adds nothing; a second load replaces a day already there. */
	assert_int_equal(cal_load_csv(c, "date,kind,holiday,holiday_zh", 28, NULL, &e), 0);
	assert_int_equal(cal_row_count(c), 2);
	static const char more[] = "date,kind,holiday,holiday_zh\n2025-10-01,work,Test,测试\n"
				   "2026-01-01,off,New Year's Day,元旦\n";
	assert_int_equal(cal_load_csv(c, more, sizeof more - 1, "more.csv", &e), 0);
	assert_int_equal(cal_row_count(c), 3);
	assert_true(cal_is_workday(c, D("2025-10-01"), &zh, &en, NULL));
	assert_string_equal(zh, "测试");
	assert_true(cal_year_known(c, 2026));
	cal_free(c);
}

static void test_set_day(void **state)
{
	struct cal *c = NULL;
	struct zerr e = {0};
	const char *zh, *en;
	bool known, w;
	zdate d;
	int first, last;

	assert_int_equal(cal_new(&c, &e), 0);
	assert_int_equal(cal_row_count(c), 0);
	assert_false(cal_year_range(c, &first, &last));
	assert_false(cal_year_known(c, 2025));
	assert_true(cal_is_workday(c, D("2025-10-01"), NULL, NULL, &known));
	assert_false(known);

	assert_int_equal(cal_set_day(c, D("2025-10-01"), false, "National Day", "国庆节", &e), 0);
	assert_int_equal(cal_set_day(c, D("2025-09-28"), true, NULL, NULL, &e), 0);
	assert_int_equal(cal_set_day(c, D("2023-01-01"), false, "", NULL, &e), 0);
	assert_int_equal(cal_row_count(c), 3);
	assert_true(cal_year_known(c, 2025));
	assert_false(cal_year_known(c, 2024));
	assert_true(cal_year_range(c, &first, &last));
	assert_int_equal(first, 2023);
	assert_int_equal(last, 2025);
	assert_false(cal_is_workday(c, D("2025-10-01"), &zh, &en, &known));
	assert_true(known);
	assert_string_equal(en, "National Day");
	assert_true(cal_is_workday(c, D("2025-09-28"), &zh, &en, NULL));
	assert_null(zh);
	assert_null(en);

	/* Replacing a row keeps one row per date. */
	assert_int_equal(cal_set_day(c, D("2025-10-01"), true, "Make-up", "补班", &e), 0);
	assert_int_equal(cal_row_count(c), 3);
	assert_int_equal(cal_row(c, 2, &d, &w, &en, &zh), 0);
	assert_int_equal(d, D("2025-10-01"));
	assert_true(w);
	assert_string_equal(zh, "补班");

	/* Refusals change nothing. */
	assert_int_equal(cal_set_day(c, D("2025-10-02"), false, "bad\xc3", NULL, &e), ZE_INVALID);
	assert_int_equal(cal_set_day(c, D("2025-10-02"), false, NULL, "a\nb", &e), ZE_INVALID);
	assert_int_equal(cal_set_day(c, date_from_ymd(1899, 12, 31), false, NULL, NULL, &e),
			 ZE_INVALID);
	assert_int_equal(cal_set_day(c, ZDATE_MAX, false, NULL, NULL, &e), ZE_INVALID);
	assert_int_equal(cal_row_count(c), 3);
	assert_true(cal_is_workday(c, D("2025-10-02"), NULL, NULL, NULL));

	/* The arithmetic follows the rows: 10-01 is now a work row, then an off row. */
	assert_int_equal(cal_add_workdays(c, D("2025-09-30"), 1, NULL), D("2025-10-01"));
	assert_int_equal(cal_set_day(c, D("2025-10-01"), false, NULL, NULL, &e), 0);
	assert_int_equal(cal_add_workdays(c, D("2025-09-30"), 1, NULL), D("2025-10-02"));
	assert_int_equal(cal_add_workdays(c, D("2025-09-26"), 1, NULL), D("2025-09-28"));
	cal_free(c);
	cal_free(NULL);
}

/* A NULL calendar is an empty one: plain Mon–Fri, every year unknown. */
/* A calendar loaded day by day in date order (as the store lists it, through the appending fast
 * path) answers exactly as the one read from the CSV in one merge. */
static void test_rows_in_order(void **state)
{
	struct cal *c = NULL;
	struct zerr e = {0};
	assert_int_equal(cal_new(&c, &e), 0);
	for (size_t i = 0; i < cal_row_count(cn); i++) {
		zdate d;
		bool w;
		const char *en, *zh;
		assert_int_equal(cal_row(cn, i, &d, &w, &en, &zh), 0);
		assert_int_equal(cal_set_day(c, d, w, en, zh, &e), 0);
	}
	assert_int_equal(cal_row_count(c), cal_row_count(cn));
	for (zdate d = D("2004-01-01"); d < D("2027-01-01"); d += 17) {
		bool c1, c2;
		assert_int_equal(cal_is_workday(c, d, NULL, NULL, NULL), cal_is_workday(cn, d, NULL, NULL, NULL));
		assert_int_equal(cal_workdays_between(c, D("2004-01-01"), d, &c1),
				 cal_workdays_between(cn, D("2004-01-01"), d, &c2));
		assert_int_equal(cal_add_workdays(c, d, 3, &c1), cal_add_workdays(cn, d, 3, &c2));
	}
	int f1, l1, f2, l2;
	assert_true(cal_year_range(c, &f1, &l1) && cal_year_range(cn, &f2, &l2));
	assert_int_equal(f1, f2);
	assert_int_equal(l1, l2);
	/* A day before the last still merges into place. */
	assert_int_equal(cal_set_day(c, D("2010-06-06"), true, NULL, NULL, &e), 0);
	assert_true(cal_is_workday(c, D("2010-06-06"), NULL, NULL, NULL));
	cal_free(c);
}

static void test_null_calendar(void **state)
{
	bool known = true, complete = true;

	assert_true(cal_is_workday(NULL, D("2025-10-01"), NULL, NULL, &known));
	assert_false(known);
	assert_int_equal(cal_add_workdays(NULL, D("2025-10-03"), 1, &complete), D("2025-10-06"));
	assert_false(complete);
	assert_int_equal(cal_workdays_between(NULL, D("2025-10-03"), D("2025-10-10"), NULL), 5);
	assert_int_equal(cal_row_count(NULL), 0);
	assert_false(cal_year_known(NULL, 2025));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_row),
		cmocka_unit_test(test_spot_checks),
		cmocka_unit_test(test_add_workdays),
		cmocka_unit_test(test_add_workdays_saturates),
		cmocka_unit_test(test_add_days),
		cmocka_unit_test(test_workdays_between),
		cmocka_unit_test(test_next_workday_property),
		cmocka_unit_test(test_bad_csv),
		cmocka_unit_test(test_row_cap),
		cmocka_unit_test(test_csv_forms),
		cmocka_unit_test(test_set_day),
		cmocka_unit_test(test_rows_in_order),
		cmocka_unit_test(test_null_calendar),
	};
	return cmocka_run_group_tests(tests, setup_cn, teardown_cn);
}
