/* Dates (parse, format, weekday, month arithmetic), UTF-8 width and validity, and the strbuf
 * hard cap. */
#include "testutil.h"

#include <stdbool.h>

#include "util/date.h"
#include "util/strbuf.h"


static void assert_date_is(zdate d, const char *want)
{
	char buf[ZDATE_BUFSZ];
	assert_string_equal(date_format(d, buf), want);
}

/* ---- date_parse ------------------------------------------------------------------------- */

static void test_parse_accepts(void **state)
{
	(void)state;
	static const char *const good[] = {
		"2024-02-29", "2000-02-29", "1900-01-01", "9999-12-31", "2026-11-21", "2026-01-31",
		"2026-04-30", "2026-12-31",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		zdate d = 12345;
		if (!date_parse(good[i], &d))
			fail_msg("date_parse rejected %s", good[i]);
		assert_date_is(d, good[i]);
	}
	zdate d;
	assert_true(date_parse("1970-01-01", &d));
	assert_int_equal(d, 0);
	assert_true(date_parse("1970-01-02", &d));
	assert_int_equal(d, 1);
	assert_true(date_parse("1969-12-31", &d));
	assert_int_equal(d, -1);
}

static void test_parse_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"2023-02-29",  /* not a leap year */
		"1900-02-29",  /* century, not a leap year */
		"2026-13-01",  /* month 13 */
		"2026-00-10",  /* month 0 */
		"2026-04-31",  /* April has 30 */
		"2026-01-00",  /* day 0 */
		"2026-01-32",
		"2026-1-01",   /* one-digit month */
		"2026-01-1",
		"26-01-01",
		"2026-01-01x", /* trailing junk */
		"2026-01-01 ",
		" 2026-01-01",
		"2026-01-01T00:00",
		"2026/01/01",
		"2026-01/01",
		"20260101",
		"2026-0a-01",
		"+026-01-01",
		"1899-12-31",  /* before 1900 */
		"",
		"abcd-ef-gh",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		zdate d = 777;
		if (date_parse(bad[i], &d))
			fail_msg("date_parse accepted '%s'", bad[i]);
		assert_int_equal(d, 777); /* out untouched on failure */
	}
	zdate d;
	assert_false(date_parse(NULL, &d));
}

static void test_valid_ymd(void **state)
{
	(void)state;
	assert_true(date_valid_ymd(2024, 2, 29));
	assert_false(date_valid_ymd(2023, 2, 29));
	assert_true(date_valid_ymd(2000, 2, 29));
	assert_false(date_valid_ymd(2100, 2, 29));
	assert_false(date_valid_ymd(2026, 13, 1));
	assert_false(date_valid_ymd(2026, 0, 1));
	assert_false(date_valid_ymd(2026, 6, 31));
	assert_false(date_valid_ymd(1899, 12, 31));
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2026, 2), 28);
	assert_int_equal(date_days_in_month(2026, 4), 30);
	assert_int_equal(date_days_in_month(2026, 12), 31);
}

/* ---- format / ymd round trips ------------------------------------------------------------- */

static void test_format_round_trip(void **state)
{
	(void)state;
	/* Every day from 1900-01-01 to 2100-12-31: consecutive integers, format and parse agree,
	 * and ymd matches an independent walk through the calendar. */
	zdate first = date_from_ymd(1900, 1, 1), last = date_from_ymd(2100, 12, 31);
	int y = 1900, m = 1, d = 1;
	for (zdate z = first; z <= last; z++) {
		char buf[ZDATE_BUFSZ], want[32];
		snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
		date_format(z, buf);
		if (strcmp(buf, want) != 0)
			fail_msg("day %d formats as %s, expected %s", (int)z, buf, want);
		zdate back;
		if (!date_parse(buf, &back) || back != z)
			fail_msg("%s does not parse back to %d", buf, (int)z);
		int yy, mm, dd;
		date_to_ymd(z, &yy, &mm, &dd);
		if (yy != y || mm != m || dd != d)
			fail_msg("date_to_ymd(%d) = %d-%d-%d, expected %s", (int)z, yy, mm, dd, want);
		if (date_from_ymd(y, m, d) != z)
			fail_msg("date_from_ymd(%s) != %d", want, (int)z);
		/* advance the independent calendar */
		int dim = (m == 2) ? (((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : 28)
				   : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
		if (++d > dim) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	assert_int_equal(y, 2101);
	assert_int_equal(date_from_ymd(2026, 11, 21) - date_from_ymd(2026, 1, 1), 324);
}

/* ---- weekdays ----------------------------------------------------------------------------- */

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(D("2026-11-21")), 5); /* Saturday */
	assert_int_equal(date_weekday(D("2026-11-22")), 6); /* Sunday */
	assert_int_equal(date_weekday(D("2026-11-23")), 0); /* Monday */
	assert_int_equal(date_weekday(D("1970-01-01")), 3); /* Thursday */
	assert_int_equal(date_weekday(D("1969-12-31")), 2); /* Wednesday, before the epoch */
	assert_int_equal(date_weekday(D("1900-01-01")), 0); /* Monday */
	assert_int_equal(date_weekday(D("2000-01-01")), 5); /* Saturday */
	assert_int_equal(date_weekday(D("2024-02-29")), 3); /* Thursday */
	assert_int_equal(date_weekday(D("2026-10-01")), 3); /* National Day 2026, a Thursday */
	/* Seven consecutive days cover every weekday once. */
	int seen = 0;
	for (zdate z = D("2026-03-02"); z < D("2026-03-09"); z++)
		seen |= 1 << date_weekday(z);
	assert_int_equal(seen, 0x7f);
}

/* ---- month arithmetic --------------------------------------------------------------------- */

static void test_add_months(void **state)
{
	(void)state;
	assert_date_is(date_add_months(D("2024-01-31"), 1), "2024-02-29");
	assert_date_is(date_add_months(D("2025-01-31"), 1), "2025-02-28");
	assert_date_is(date_add_months(D("2025-01-30"), 1), "2025-02-28");
	assert_date_is(date_add_months(D("2025-01-28"), 1), "2025-02-28");
	assert_date_is(date_add_months(D("2025-03-31"), 1), "2025-04-30");
	assert_date_is(date_add_months(D("2025-03-10"), 12), "2026-03-10");
	assert_date_is(date_add_months(D("2024-02-29"), 12), "2025-02-28");
	assert_date_is(date_add_months(D("2024-02-29"), 48), "2028-02-29");
	assert_date_is(date_add_months(D("2025-11-30"), 3), "2026-02-28");
	assert_date_is(date_add_months(D("2025-12-15"), 1), "2026-01-15");
	assert_date_is(date_add_months(D("2025-08-31"), 6), "2026-02-28");
	assert_date_is(date_add_months(D("2025-07-31"), 25), "2027-08-31");
	assert_date_is(date_add_months(D("2026-11-21"), 0), "2026-11-21");
	/* backwards */
	assert_date_is(date_add_months(D("2026-03-31"), -1), "2026-02-28");
	assert_date_is(date_add_months(D("2026-01-15"), -1), "2025-12-15");
	assert_date_is(date_add_months(D("2026-03-10"), -12), "2025-03-10");
}

/* ---- UTF-8 -------------------------------------------------------------------------------- */

static void test_utf8_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_width("安全管理员"), 10);
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width(""), 0);
	assert_int_equal(utf8_width("a安b"), 4);
	assert_int_equal(utf8_width("（）"), 4); /* fullwidth parentheses */
	assert_int_equal(utf8_width("é"), 1);    /* two bytes, one column */

	struct strbuf sb = STRBUF_INIT;
	assert_true(sb_add_padded(&sb, "安全", 6));
	assert_string_equal(sb.buf, "安全  ");
	sb_reset(&sb);
	assert_true(sb_add_padded(&sb, "安全管理员", 4)); /* wider than asked: no padding, no cut */
	assert_string_equal(sb.buf, "安全管理员");
	sb_release(&sb);
}

static void test_utf8_valid(void **state)
{
	(void)state;
	static const char *const good[] = {
		"", "abc", "安全管理员", "\xC3\xA9", "\xEF\xBF\xBF", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF",
		"\xE2\x82\xAC", "\xED\x9F\xBF", "\xEE\x80\x80",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!utf8_valid(good[i], strlen(good[i])))
			fail_msg("utf8_valid rejected good string %zu", i);
	static const char *const bad[] = {
		"\xC0\xAF",         /* overlong '/' */
		"\xC1\xBF",         /* overlong */
		"\xE0\x80\xAF",     /* overlong, 3 bytes */
		"\xE0\x9F\xBF",     /* overlong U+07FF */
		"\xF0\x80\x80\xAF", /* overlong, 4 bytes */
		"\xF0\x8F\xBF\xBF", /* overlong U+FFFF */
		"\xED\xA0\x80",     /* surrogate U+D800 */
		"\xED\xBF\xBF",     /* surrogate U+DFFF */
		"\xF4\x90\x80\x80", /* beyond U+10FFFF */
		"\xF8\x88\x80\x80\x80",
		"\xFF",
		"\x80",             /* stray continuation byte */
		"\xE5\xAE",         /* truncated */
		"a\xE5",            /* truncated at the end */
		"\xE5\x41\x88",     /* continuation missing */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (utf8_valid(bad[i], strlen(bad[i])))
			fail_msg("utf8_valid accepted bad string %zu", i);
	/* The length is respected: a good prefix of a bad string is good, and NUL is a character. */
	assert_true(utf8_valid("ab\xFF", 2));
	assert_true(utf8_valid("a\0b", 3));
	assert_false(utf8_valid("\xE5\xAE\x89", 2));
}

/* ---- strbuf ------------------------------------------------------------------------------- */

static void test_strbuf_cap(void **state)
{
	(void)state;
	struct strbuf sb;
	sb_init(&sb, 8);
	assert_false(sb_add(&sb, "123456789", 9));
	assert_true(sb.overflow);
	assert_true(sb.len <= 8);
	assert_string_equal(sb.buf, ""); /* nothing half-appended */
	sb_release(&sb);

	sb_init(&sb, 8);
	assert_true(sb_adds(&sb, "1234"));
	assert_true(sb_adds(&sb, "5678")); /* exactly at the cap */
	assert_int_equal(sb.len, 8);
	assert_false(sb.overflow);
	assert_string_equal(sb.buf, "12345678");
	assert_false(sb_addc(&sb, '9'));
	assert_true(sb.overflow);
	assert_int_equal(sb.len, 8);
	assert_string_equal(sb.buf, "12345678");
	/* once overflowed, it stays so until reset */
	sb_reset(&sb);
	assert_false(sb.overflow);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	assert_true(sb_addf(&sb, "%d", 1234567));
	assert_false(sb_addf(&sb, "%s", "ab"));
	assert_true(sb.len <= 8);
	assert_true(sb.overflow);
	sb_release(&sb);

	/* sb_addf beyond its small stack buffer, and beyond the cap */
	sb_init(&sb, 300);
	char big[400];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_false(sb_addf(&sb, "%s", big));
	assert_true(sb.len <= 300);
	assert_true(sb.overflow);
	sb_release(&sb);
	sb_init(&sb, 1000);
	assert_true(sb_addf(&sb, "%s", big));
	assert_int_equal(sb.len, 399);
	assert_int_equal(strlen(sb.buf), 399);
	size_t n;
	char *s = sb_detach(&sb, &n);
	assert_int_equal(n, 399);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	free(s);
	sb_release(&sb);

	/* A fresh buffer is never NULL and is terminated. */
	struct strbuf empty = STRBUF_INIT;
	assert_non_null(empty.buf);
	assert_string_equal(empty.buf, "");
	s = sb_detach(&empty, &n);
	assert_non_null(s);
	assert_int_equal(n, 0);
	free(s);

	/* An overflowed buffer does not leave as if whole: detach gives NULL and releases it. */
	sb_init(&sb, 10);
	assert_false(sb_adds(&sb, "longer than ten bytes"));
	n = 99;
	assert_null(sb_detach(&sb, &n));
	assert_int_equal(n, 0);
	assert_false(sb.overflow);
	assert_true(sb_adds(&sb, "ok"));
	sb_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_accepts),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_valid_ymd),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_utf8_width),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_strbuf_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
