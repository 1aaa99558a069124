/* Recurring duties: RRULE expansion into labelled periods, due dates on the real working-day
 * calendar (民法典 第201条, 第203条), rule validation, caps and period labels. */
#include "testutil.h"

#include <stdbool.h>

#include "cal/cal.h"
#include "cal/recur.h"

/* The calendar loaded from data/calendar/cn-holidays.csv (2004–2026 known), shared read-only. */
static struct cal *cn;



static int setup_cn(void **state)
{
	char path[4096];
	struct zerr e = {0};
	size_t len = 0;
	char *text;
	int ret = -1;

	snprintf(path, sizeof path, "%s/data/calendar/cn-holidays.csv", test_srcdir());
	text = slurp(path, &len);
	if (!text) {
		fprintf(stderr, "cannot read %s (set ZEREN_SRCDIR)\n", path);
		goto out;
	}
	if (cal_new(&cn, &e) || cal_load_csv(cn, text, len, "cn-holidays.csv", &e)) {
		fprintf(stderr, "%s\n", e.msg);
		goto out;
	}
	ret = 0;
out:
	free(text);
	return ret;
}

static int teardown_cn(void **state)
{
	cal_free(cn);
	return 0;
}

/* An expected occurrence: label, period bounds, due date and whether the calendar covered it. */
struct want {
	const char *label, *start, *end, *due;
	bool complete;
};

#define MAXOCC 64

/* Parses the rule, expands it over [from, to) and compares with want[0..nwant). */
static void expect(const char *rrule, enum recur_period p, struct recur_due due, const char *anchor,
		   const char *from, const char *to, const struct cal *c, const struct want *want,
		   int nwant)
{
	struct recur_rule r;
	struct recur_occurrence occ[MAXOCC];
	struct zerr e = {0};
	char b1[ZDATE_BUFSZ], b2[ZDATE_BUFSZ];

	if (recur_parse(rrule, p, due, &r, &e))
		fail_msg("recur_parse(%s): %s", rrule, e.msg);
	int n = recur_expand(&r, c, D(anchor), D(from), D(to), occ, MAXOCC, &e);
	if (n < 0)
		fail_msg("recur_expand(%s): %s", rrule, e.msg);
	if (n != nwant)
		fail_msg("%s over [%s, %s): %d occurrences, want %d", rrule, from, to, n, nwant);
	for (int i = 0; i < n; i++) {
		const struct recur_occurrence *o = &occ[i];
		const struct want *w = &want[i];
		if (strcmp(o->period, w->label) || o->start != D(w->start) || o->end != D(w->end))
			fail_msg("%s #%d: got %s [%s, %s), want %s [%s, %s)", rrule, i, o->period,
				 date_format(o->start, b1), date_format(o->end, b2), w->label, w->start,
				 w->end);
		if (o->due != D(w->due) || o->due_complete != w->complete)
			fail_msg("%s %s: due %s (complete %d), want %s (complete %d)", rrule, o->period,
				 date_format(o->due, b1), o->due_complete, w->due, w->complete);
	}
}

static const struct recur_due by_last_day = {0, 0, 0};

static void test_yearly(void **state)
{
	const struct want w[] = {
		{"2024", "2024-01-01", "2025-01-01", "2024-12-31", true},
		{"2025", "2025-01-01", "2026-01-01", "2025-12-31", true},
		{"2026", "2026-01-01", "2027-01-01", "2026-12-31", true},
	};
	expect("FREQ=YEARLY", RECUR_YEAR, by_last_day, "2020-01-01", "2024-01-01", "2027-01-01", cn,
	       w, 3);
	/* The anchor only fixes DTSTART's period; a mid-year anchor gives the same years. */
	expect("FREQ=YEARLY", RECUR_YEAR, by_last_day, "2020-06-15", "2024-01-01", "2027-01-01", cn,
	       w, 3);
	/* A window overlapping a period by one day still yields it. */
	expect("FREQ=YEARLY", RECUR_YEAR, by_last_day, "2020-01-01", "2025-06-01", "2025-06-02", cn,
	       w + 1, 1);
	/* An empty window, and one before the anchor, yield nothing. */
	expect("FREQ=YEARLY", RECUR_YEAR, by_last_day, "2020-01-01", "2025-06-01", "2025-06-01", cn,
	       w, 0);
	expect("FREQ=YEARLY", RECUR_YEAR, by_last_day, "2025-03-01", "2020-01-01", "2024-12-31", cn,
	       w, 0);

	/* INTERVAL counts from the anchor's year: every other year from 2024, or from 2025. */
	const struct want even[] = {w[0], w[2]};
	expect("FREQ=YEARLY;INTERVAL=2", RECUR_YEAR, by_last_day, "2024-05-05", "2024-01-01",
	       "2027-01-01", cn, even, 2);
	expect("FREQ=YEARLY;INTERVAL=2", RECUR_YEAR, by_last_day, "2025-05-05", "2024-01-01",
	       "2027-01-01", cn, w + 1, 1);
	/* COUNT too: two years from 2025. */
	expect("freq=yearly;count=2", RECUR_YEAR, by_last_day, "2025-01-01", "2020-01-01",
	       "2030-01-01", cn, w + 1, 2);
	/* UNTIL is inclusive of the instance on that date. */
	expect("FREQ=YEARLY;UNTIL=20250101", RECUR_YEAR, by_last_day, "2024-01-01", "2020-01-01",
	       "2030-01-01", cn, w, 2);

	/* 31 days after the year: 2026-01-31 is a Saturday, so Monday 02-02; 2027-01-31 is a
	 * Sunday in a year the calendar does not know. */
	const struct want late[] = {
		{"2025", "2025-01-01", "2026-01-01", "2026-02-02", true},
		{"2026", "2026-01-01", "2027-01-01", "2027-02-01", false},
	};
	expect("FREQ=YEARLY", RECUR_YEAR, (struct recur_due){31, 0, 0}, "2020-01-01", "2025-01-01",
	       "2027-01-01", cn, late, 2);
	/* Negative days count back and move a day off to the previous working day: 10 days before
	 * 2025-12-31 is Sunday 12-21, so Friday 12-19. */
	const struct want early[] = {{"2025", "2025-01-01", "2026-01-01", "2025-12-19", true}};
	expect("FREQ=YEARLY", RECUR_YEAR, (struct recur_due){-10, 0, 0}, "2020-01-01",
	       "2025-01-01", "2026-01-01", cn, early, 1);
}

static void test_half_yearly(void **state)
{
	const struct want w[] = {
		{"2025-H1", "2025-01-01", "2025-07-01", "2025-06-30", true},
		{"2025-H2", "2025-07-01", "2026-01-01", "2025-12-31", true},
		{"2026-H1", "2026-01-01", "2026-07-01", "2026-06-30", true},
		{"2026-H2", "2026-07-01", "2027-01-01", "2026-12-31", true},
	};
	/* Two spellings of 每半年: every sixth month from January, or January and July. */
	expect("FREQ=MONTHLY;INTERVAL=6", RECUR_HALF, by_last_day, "2020-03-15", "2025-01-01",
	       "2027-01-01", cn, w, 4);
	expect("FREQ=YEARLY;BYMONTH=1,7", RECUR_HALF, by_last_day, "2020-01-01", "2025-01-01",
	       "2027-01-01", cn, w, 4);
	/* A yearly rule over half-year periods marks only the first half. */
	const struct want firsts[] = {w[0], w[2]};
	expect("FREQ=YEARLY", RECUR_HALF, by_last_day, "2020-01-01", "2025-01-01", "2027-01-01",
	       cn, firsts, 2);
	/* Monthly instances in half-year periods: one occurrence per half, not six. */
	expect("FREQ=MONTHLY", RECUR_HALF, by_last_day, "2020-01-01", "2025-02-01", "2026-12-01",
	       cn, w, 4);
}

static void test_monthly_day_of_next(void **state)
{
	/* 上月工作报告 by the 5th of the next month. 2026-12-05 is a Saturday (Monday 12-07);
	 * 2027 is not in the calendar, so those due dates are only provisional. */
	const struct want w[] = {
		{"2026-11", "2026-11-01", "2026-12-01", "2026-12-07", true},
		{"2026-12", "2026-12-01", "2027-01-01", "2027-01-05", false},
		{"2027-01", "2027-01-01", "2027-02-01", "2027-02-05", false},
	};
	expect("FREQ=MONTHLY", RECUR_MONTH, (struct recur_due){0, 0, 5}, "2020-01-01", "2026-11-01",
	       "2027-02-01", cn, w, 3);
	/* By the 31st of the next month: clamped to a short month's end (2026-02-28 is a worked
	 * Saturday, 调休), and 2026-04-30 is a Thursday. */
	const struct want end[] = {
		{"2026-01", "2026-01-01", "2026-02-01", "2026-02-28", true},
		{"2026-02", "2026-02-01", "2026-03-01", "2026-03-31", true},
		{"2026-03", "2026-03-01", "2026-04-01", "2026-04-30", true},
	};
	expect("FREQ=MONTHLY", RECUR_MONTH, (struct recur_due){0, 0, 31}, "2026-01-01",
	       "2026-01-01", "2026-04-01", cn, end, 3);
}

static void test_holiday_moves_due(void **state)
{
	/* Q3 2025 + 1 day = 2025-10-01, National Day: the deadline moves past the holiday
	 * (10-01..10-08 off) to 2025-10-09 (民法典 第203条). */
	const struct want q[] = {{"2025-Q3", "2025-07-01", "2025-10-01", "2025-10-09", true}};
	expect("FREQ=MONTHLY;INTERVAL=3", RECUR_QUARTER, (struct recur_due){1, 0, 0}, "2025-01-01",
	       "2025-07-01", "2025-10-01", cn, q, 1);
	/* The same day reached as "by the 1st of the next month". */
	const struct want m[] = {{"2025-09", "2025-09-01", "2025-10-01", "2025-10-09", true}};
	expect("FREQ=MONTHLY", RECUR_MONTH, (struct recur_due){0, 0, 1}, "2025-01-01", "2025-09-01",
	       "2025-10-01", cn, m, 1);
	/* Without a calendar 2025-10-01 is a plain Wednesday, and the result says it is a guess. */
	const struct want plain[] = {{"2025-Q3", "2025-07-01", "2025-10-01", "2025-10-01", false}};
	expect("FREQ=MONTHLY;INTERVAL=3", RECUR_QUARTER, (struct recur_due){1, 0, 0}, "2025-01-01",
	       "2025-07-01", "2025-10-01", NULL, plain, 1);
}

static void test_workdays_due(void **state)
{
	/* Five working days after each quarter (the last day not counted). Q3 2025: 10-09, 10-10,
	 * the worked Saturday 10-11, 10-13, 10-14. Q4 2025: the worked Sunday 2026-01-04, then
	 * 01-05..01-08. Q4 2026 runs into 2027, which the calendar does not know. */
	const struct want w[] = {
		{"2025-Q3", "2025-07-01", "2025-10-01", "2025-10-14", true},
		{"2025-Q4", "2025-10-01", "2026-01-01", "2026-01-08", true},
		{"2026-Q1", "2026-01-01", "2026-04-01", "2026-04-08", true},
		{"2026-Q2", "2026-04-01", "2026-07-01", "2026-07-07", true},
		{"2026-Q3", "2026-07-01", "2026-10-01", "2026-10-13", true},
		{"2026-Q4", "2026-10-01", "2027-01-01", "2027-01-07", false},
	};
	expect("FREQ=MONTHLY;INTERVAL=3", RECUR_QUARTER, (struct recur_due){0, 5, 0}, "2024-02-02",
	       "2025-07-01", "2027-01-01", cn, w, 6);

	/* Weekly duties over ISO weeks: the week of 2026-02-11 is 2026-W07 and ends on Sunday
	 * 02-15, in the Spring Festival holiday, so one working day after is 02-24. */
	const struct want wk[] = {
		{"2026-W07", "2026-02-09", "2026-02-16", "2026-02-24", true},
		{"2026-W08", "2026-02-16", "2026-02-23", "2026-02-24", true},
		{"2026-W09", "2026-02-23", "2026-03-02", "2026-03-02", true},
	};
	expect("FREQ=WEEKLY", RECUR_WEEK, (struct recur_due){0, 1, 0}, "2026-01-01", "2026-02-11",
	       "2026-03-01", cn, wk, 3);
	/* Every other week from the anchor's week (2026-W01 starts 2025-12-29). */
	const struct want odd[] = {
		{"2026-W01", "2025-12-29", "2026-01-05", "2026-01-05", true},
		{"2026-W03", "2026-01-12", "2026-01-19", "2026-01-19", true},
	};
	expect("FREQ=WEEKLY;INTERVAL=2", RECUR_WEEK, (struct recur_due){0, 1, 0}, "2026-01-01",
	       "2025-12-01", "2026-01-19", cn, odd, 2);
}

static void test_daily_with_count(void **state)
{
	/* A DAILY rule is accepted with a COUNT; its three instances share one monthly period. */
	const struct want w[] = {{"2026-03", "2026-03-01", "2026-04-01", "2026-03-31", true}};
	expect("FREQ=DAILY;COUNT=3", RECUR_MONTH, by_last_day, "2026-03-20", "2026-01-01",
	       "2027-01-01", cn, w, 1);
}

static void expect_bad(const char *rrule, enum recur_period p, struct recur_due due, int code, const char *msg);

/* A daily duty (每日巡检): each day is its own period "YYYY-MM-DD", due that day, or on the next
 * working day when it is a day off (民法典 第203条). */
static void test_daily(void **state)
{
	/* Friday, Saturday, Sunday, Monday in March 2026 (no holiday). */
	const struct want wk[] = {
		{"2026-03-06", "2026-03-06", "2026-03-07", "2026-03-06", true},
		{"2026-03-07", "2026-03-07", "2026-03-08", "2026-03-09", true},
		{"2026-03-08", "2026-03-08", "2026-03-09", "2026-03-09", true},
		{"2026-03-09", "2026-03-09", "2026-03-10", "2026-03-09", true},
	};
	expect("FREQ=DAILY", RECUR_DAY, by_last_day, "2026-01-01", "2026-03-06", "2026-03-10", cn, wk, 4);
	/* National Day 2025 (10-01..10-08 off): the eve is due by itself, the holiday's days on 10-09;
	 * the worked Saturday 10-11 is due on itself. */
	const struct want nd[] = {
		{"2025-09-30", "2025-09-30", "2025-10-01", "2025-09-30", true},
		{"2025-10-01", "2025-10-01", "2025-10-02", "2025-10-09", true},
		{"2025-10-08", "2025-10-08", "2025-10-09", "2025-10-09", true},
		{"2025-10-11", "2025-10-11", "2025-10-12", "2025-10-11", true},
	};
	expect("FREQ=DAILY;BYMONTHDAY=30,1,8,11", RECUR_DAY, by_last_day, "2025-01-01", "2025-09-30", "2025-10-12", cn,
	       nd, 4);
	/* Only on weekdays (BYDAY), one working day to report: Friday's on Monday. */
	const struct want wd[] = {
		{"2026-03-06", "2026-03-06", "2026-03-07", "2026-03-09", true},
		{"2026-03-09", "2026-03-09", "2026-03-10", "2026-03-10", true},
	};
	expect("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", RECUR_DAY, (struct recur_due){0, 1, 0}, "2026-01-01", "2026-03-06",
	       "2026-03-10", cn, wd, 2);
	/* Every other day counts from the anchor; past the calendar's years the due day is a guess. */
	const struct want odd[] = {
		{"2027-01-01", "2027-01-01", "2027-01-02", "2027-01-01", false},
		{"2027-01-03", "2027-01-03", "2027-01-04", "2027-01-04", false},
	};
	expect("FREQ=DAILY;INTERVAL=2", RECUR_DAY, by_last_day, "2026-12-30", "2027-01-01", "2027-01-05", cn, odd, 2);
	/* FREQ=DAILY without COUNT is a daily period's alone. */
	expect_bad("FREQ=DAILY", RECUR_WEEK, by_last_day, ZE_INVALID,
		   "rrule: FREQ=DAILY without COUNT is refused: duties recur at most weekly unless their period is the day");
}

/* recur_parse must fail with code and exactly this message. */
static void expect_bad(const char *rrule, enum recur_period p, struct recur_due due, int code,
		       const char *msg)
{
	struct recur_rule r;
	struct zerr e = {0};

	memset(&r, 0x5a, sizeof r);
	int ret = recur_parse(rrule, p, due, &r, &e);
	if (ret != code || e.code != code || strcmp(e.msg, msg))
		fail_msg("recur_parse(%s): %d '%s', want %d '%s'", rrule ? rrule : "NULL", ret,
			 e.msg, code, msg);
	/* Nothing written on failure. */
	for (size_t i = 0; i < sizeof r; i++)
		assert_int_equal(((unsigned char *)&r)[i], 0x5a);
}

static void test_bad_rules(void **state)
{
	static const struct {
		const char *rrule, *msg;
	} bad[] = {
		{"FREQ=DAILYX", "rrule: unknown FREQ 'DAILYX'"},
		{"", "rrule: empty"},
		{"FOO=BAR", "rrule: unknown part 'FOO'"},
		{"FREQ", "rrule: part 'FREQ' is not NAME=VALUE"},
		{"FREQ=", "rrule: FREQ has no value"},
		{"FREQ=YEARLY;", "rrule: empty part at byte 13"},
		{"FREQ=YEARLY;;BYMONTH=1", "rrule: empty part at byte 13"},
		{"FREQ=YEARLY BYMONTH=1",
		 "rrule: byte 12 (0x20) is not allowed: a rule is printable ASCII without spaces"},
		{"FREQ=YEARLY\n",
		 "rrule: byte 12 (0x0a) is not allowed: a rule is printable ASCII without spaces"},
		{"BYMONTH=1", "rrule: FREQ is missing"},
		{"FREQ=YEARLY;FREQ=MONTHLY", "rrule: FREQ given twice"},
		{"FREQ=YEARLY;bymonth=1;BYMONTH=2", "rrule: BYMONTH given twice"},
		{"FREQ=YEARLY;BYDAY=XX", "rrule: invalid BYDAY value 'XX'"},
		{"FREQ=YEARLY;BYMONTH=0", "rrule: invalid BYMONTH value '0'"},
		{"FREQ=YEARLY;WKST=XX", "rrule: invalid WKST value 'XX'"},
		{"FREQ=WEEKLY;BYMONTHDAY=1", "rrule: invalid BYMONTHDAY=1 with FREQ=WEEKLY"},
		{"FREQ=MONTHLY;BYMONTH=13", "rrule: invalid BYMONTH=13 with FREQ=MONTHLY"},
		{"FREQ=YEARLY;COUNT=0", "rrule: COUNT must be 1..100000, not '0'"},
		{"FREQ=YEARLY;COUNT=-1", "rrule: COUNT must be 1..100000, not '-1'"},
		{"FREQ=YEARLY;COUNT=99999999999", "rrule: COUNT must be 1..100000, not '99999999999'"},
		{"FREQ=YEARLY;INTERVAL=0", "rrule: INTERVAL must be 1..1000, not '0'"},
		{"FREQ=YEARLY;INTERVAL=1001", "rrule: INTERVAL must be 1..1000, not '1001'"},
		{"FREQ=YEARLY;UNTIL=20231301", "rrule: UNTIL must be a date YYYYMMDD, not '20231301'"},
		{"FREQ=YEARLY;UNTIL=20230101T000000Z",
		 "rrule: UNTIL must be a date YYYYMMDD, not '20230101T000000Z'"},
		{"FREQ=YEARLY;COUNT=2;UNTIL=20300101", "rrule: COUNT and UNTIL exclude each other"},
		{"FREQ=YEARLY;BYHOUR=9",
		 "rrule: BYHOUR is not allowed: duties fall on dates, not times of day"},
		{"FREQ=HOURLY;COUNT=2",
		 "rrule: FREQ=HOURLY is not allowed: duties fall on dates, not times of day"},
		{"FREQ=YEARLY;RSCALE=CHINESE",
		 "rrule: RSCALE is not supported: duty periods follow the Gregorian calendar"},
		/* Finer than weekly without COUNT: refused, whatever else bounds it. */
		{"FREQ=DAILY", "rrule: FREQ=DAILY without COUNT is refused: duties recur at most weekly "
			       "unless their period is the day"},
		{"FREQ=DAILY;UNTIL=20300101",
		 "rrule: FREQ=DAILY without COUNT is refused: duties recur at most weekly unless their period is the day"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect_bad(bad[i].rrule, RECUR_YEAR, by_last_day, ZE_INVALID, bad[i].msg);
	expect_bad(NULL, RECUR_YEAR, by_last_day, ZE_INVALID, "rrule: missing");

	/* Length: 255 bytes are read (and this junk is refused as such), 256 are over the cap. */
	char text[RECUR_RRULE_MAX + 2];
	memset(text, 'A', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	expect_bad(text, RECUR_YEAR, by_last_day, ZE_LIMIT, "rrule: longer than 255 bytes");
	text[RECUR_RRULE_MAX] = '\0';
	expect_bad(text, RECUR_YEAR, by_last_day, ZE_INVALID,
		   "rrule: part 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		   "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		   "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		   "AAAAAAAAAAAAAAAAAAAAAAAAAAA' is not NAME=VALUE");

	/* A long valid rule near the cap is kept verbatim. */
	char ok[RECUR_RRULE_MAX + 1] = "FREQ=YEARLY;BYYEARDAY=1";
	for (int d = 2; strlen(ok) + 5 <= RECUR_RRULE_MAX; d++)
		snprintf(ok + strlen(ok), sizeof ok - strlen(ok), ",%d", d);
	assert_true(strlen(ok) > 245);
	struct recur_rule r;
	struct zerr e = {0};
	assert_int_equal(recur_parse(ok, RECUR_YEAR, by_last_day, &r, &e), 0);
	assert_string_equal(r.rrule, ok);

	/* Due offsets and period kinds. */
	expect_bad("FREQ=YEARLY", RECUR_YEAR, (struct recur_due){0, -1, 0}, ZE_INVALID,
		   "due: workdays must be 0..1000, not -1");
	expect_bad("FREQ=YEARLY", RECUR_YEAR, (struct recur_due){0, 0, 32}, ZE_INVALID,
		   "due: day_of_next must be 0..31, not 32");
	expect_bad("FREQ=YEARLY", RECUR_YEAR, (struct recur_due){1001, 0, 0}, ZE_INVALID,
		   "due: days must be -1000..1000, not 1001");
	expect_bad("FREQ=YEARLY", RECUR_YEAR, (struct recur_due){3, 2, 0}, ZE_INVALID,
		   "due: give only one of days (3), workdays (2) and day_of_next (0)");
	expect_bad("FREQ=YEARLY", RECUR_YEAR, (struct recur_due){0, 2, 5}, ZE_INVALID,
		   "due: give only one of days (0), workdays (2) and day_of_next (5)");
	expect_bad("FREQ=YEARLY", (enum recur_period)7, by_last_day, ZE_INVALID,
		   "period: unknown kind 7");
}

static void test_expand_errors(void **state)
{
	struct recur_rule r;
	struct recur_occurrence occ[12];
	struct zerr e = {0};

	assert_int_equal(recur_parse("FREQ=MONTHLY", RECUR_MONTH, by_last_day, &r, &e), 0);
	/* Twelve months fit in twelve slots; thirteen do not. */
	assert_int_equal(recur_expand(&r, cn, D("2026-01-01"), D("2026-01-01"), D("2027-01-01"),
				      occ, 12, &e),
			 12);
	assert_string_equal(occ[11].period, "2026-12");
	assert_int_equal(recur_expand(&r, cn, D("2026-01-01"), D("2026-01-01"), D("2027-01-02"),
				      occ, 12, &e),
			 ZE_LIMIT);
	assert_int_equal(e.code, ZE_LIMIT);
	assert_string_equal(e.msg, "recur: more than 12 occurrences from 2026-01-01 to 2027-01-02");
	assert_int_equal(recur_expand(&r, cn, D("2026-01-01"), D("2026-01-01"), D("2026-02-01"),
				      NULL, 0, &e),
			 ZE_LIMIT);
	/* No room needed for no occurrences. */
	assert_int_equal(recur_expand(&r, cn, D("2026-01-01"), D("2025-01-01"), D("2025-12-01"),
				      NULL, 0, &e),
			 0);

	assert_int_equal(recur_expand(&r, cn, D("2026-01-01"), D("2026-03-01"), D("2026-02-01"),
				      occ, 12, &e),
			 ZE_INVALID);
	assert_string_equal(e.msg, "recur: window starts 2026-03-01, after its end 2026-02-01");
	assert_int_equal(recur_expand(&r, cn, date_from_ymd(1899, 12, 31), D("2026-01-01"), D("2026-02-01"),
				      occ, 12, &e),
			 ZE_INVALID);
	assert_string_equal(e.msg, "recur: dates must lie in years 1900..2500");
	assert_int_equal(recur_expand(&r, cn, D("2026-01-01"), D("2026-01-01"), D("2502-01-01"),
				      occ, 12, &e),
			 ZE_INVALID);
	/* The last window allowed ends the day after 2500. */
	assert_int_equal(recur_expand(&r, cn, D("2500-01-01"), D("2500-06-01"), D("2501-01-01"),
				      occ, 12, &e),
			 7);
	assert_string_equal(occ[6].period, "2500-12");
	assert_int_equal(recur_expand(&r, cn, D("2026-01-01"), D("2026-01-01"), D("2026-02-01"),
				      NULL, 1, &e),
			 ZE_INVALID);
	assert_int_equal(recur_expand(NULL, cn, D("2026-01-01"), D("2026-01-01"), D("2026-02-01"),
				      occ, 12, &e),
			 ZE_INVALID);

	/* A hand-filled rule is validated again. */
	struct recur_rule bad = r;
	snprintf(bad.rrule, sizeof bad.rrule, "FREQ=DAILY");
	assert_int_equal(recur_expand(&bad, cn, D("2026-01-01"), D("2026-01-01"), D("2026-02-01"),
				      occ, 12, &e),
			 ZE_INVALID);
	assert_string_equal(e.msg, "rrule: FREQ=DAILY without COUNT is refused: duties recur at most weekly "
				   "unless their period is the day");
	bad = r;
	bad.due.workdays = -3;
	assert_int_equal(recur_expand(&bad, cn, D("2026-01-01"), D("2026-01-01"), D("2026-02-01"),
				      occ, 12, &e),
			 ZE_INVALID);
	bad = r;
	memset(bad.rrule, 'F', sizeof bad.rrule);
	assert_int_equal(recur_expand(&bad, cn, D("2026-01-01"), D("2026-01-01"), D("2026-02-01"),
				      occ, 12, &e),
			 ZE_LIMIT);
}

static const char *kind_name(enum recur_period p)
{
	static const char *names[] = {"year", "half", "quarter", "month", "week", "day"};
	return names[p];
}

/* For every day of 2019–2031 and every kind: the day lies in its period, the label parses back
 * to the same kind and bounds, and the period's first and last days share the label while the
 * days just outside do not. */
static void test_period_round_trip(void **state)
{
	static const enum recur_period kinds[] = {RECUR_YEAR, RECUR_HALF, RECUR_QUARTER,
						  RECUR_MONTH, RECUR_WEEK, RECUR_DAY};
	char label[RECUR_LABEL_MAX], other[RECUR_LABEL_MAX];

	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		enum recur_period p = kinds[k];
		int labels = 0;
		char prev[RECUR_LABEL_MAX] = "";
		for (zdate d = D("2019-01-01"); d < D("2032-01-01"); d++) {
			zdate s, en, ps = 0, pe = 0;
			enum recur_period pp = (enum recur_period)-1;
			recur_period_of(p, d, &s, &en, label);
			if (!(s <= d && d < en))
				fail_msg("%s: day %d outside its period %s", kind_name(p), d, label);
			if (!recur_period_parse(label, &pp, &ps, &pe))
				fail_msg("%s: label %s does not parse", kind_name(p), label);
			assert_int_equal(pp, p);
			assert_int_equal(ps, s);
			assert_int_equal(pe, en);
			recur_period_of(p, s, NULL, NULL, other);
			assert_string_equal(other, label);
			recur_period_of(p, en - 1, NULL, NULL, other);
			assert_string_equal(other, label);
			recur_period_of(p, en, NULL, NULL, other);
			assert_string_not_equal(other, label);
			recur_period_of(p, s - 1, NULL, NULL, other);
			assert_string_not_equal(other, label);
			if (strcmp(prev, label)) {
				labels++;
				snprintf(prev, sizeof prev, "%s", label);
			}
		}
		/* 13 years: 13 years, 26 halves, 52 quarters, 156 months, 679 ISO weeks
		 * (2018-12-31 .. 2032-01-04, with 53-week years 2020, 2026) and 4748 days (three
		 * leap years). */
		static const int want[] = {13, 26, 52, 156, 679, 4748};
		assert_int_equal(labels, want[k]);
	}
}

static void expect_period(enum recur_period p, const char *day, const char *label,
			  const char *start, const char *end)
{
	zdate s, en;
	char got[RECUR_LABEL_MAX];

	recur_period_of(p, D(day), &s, &en, got);
	if (strcmp(got, label) || s != D(start) || en != D(end))
		fail_msg("%s %s: got %s, want %s [%s, %s)", kind_name(p), day, got, label, start,
			 end);
}

static void test_period_labels(void **state)
{
	expect_period(RECUR_YEAR, "2026-08-01", "2026", "2026-01-01", "2027-01-01");
	expect_period(RECUR_HALF, "2026-08-01", "2026-H2", "2026-07-01", "2027-01-01");
	expect_period(RECUR_HALF, "2026-06-30", "2026-H1", "2026-01-01", "2026-07-01");
	expect_period(RECUR_QUARTER, "2026-08-01", "2026-Q3", "2026-07-01", "2026-10-01");
	expect_period(RECUR_QUARTER, "2026-12-31", "2026-Q4", "2026-10-01", "2027-01-01");
	expect_period(RECUR_MONTH, "2026-05-17", "2026-05", "2026-05-01", "2026-06-01");
	expect_period(RECUR_MONTH, "2024-02-29", "2024-02", "2024-02-01", "2024-03-01");
	expect_period(RECUR_WEEK, "2026-02-15", "2026-W07", "2026-02-09", "2026-02-16");
	/* ISO weeks that straddle the new year belong to the year of their Thursday. */
	expect_period(RECUR_WEEK, "2027-01-01", "2026-W53", "2026-12-28", "2027-01-04");
	expect_period(RECUR_WEEK, "2024-12-30", "2025-W01", "2024-12-30", "2025-01-06");
	expect_period(RECUR_WEEK, "2021-01-03", "2020-W53", "2020-12-28", "2021-01-04");
	expect_period(RECUR_DAY, "2026-05-07", "2026-05-07", "2026-05-07", "2026-05-08");
	expect_period(RECUR_DAY, "2024-12-31", "2024-12-31", "2024-12-31", "2025-01-01");
	/* The edges of the supported years. */
	expect_period(RECUR_WEEK, "1900-01-01", "1900-W01", "1900-01-01", "1900-01-08");
	char label[RECUR_LABEL_MAX];
	recur_period_of(RECUR_WEEK, D("9999-12-31"), NULL, NULL, label);
	assert_string_equal(label, "9999-W52");
	recur_period_of(RECUR_HALF, D("9999-12-31"), NULL, NULL, label);
	assert_string_equal(label, "9999-H2");
}

static void test_period_parse(void **state)
{
	enum recur_period p = RECUR_YEAR;
	zdate s = 0, e = 0;

	assert_true(recur_period_parse("2026-W53", &p, &s, &e));
	assert_int_equal(p, RECUR_WEEK);
	assert_int_equal(s, D("2026-12-28"));
	assert_int_equal(e, D("2027-01-04"));
	assert_true(recur_period_parse("2026-H2", &p, &s, &e));
	assert_int_equal(p, RECUR_HALF);
	assert_int_equal(s, D("2026-07-01"));
	assert_int_equal(e, D("2027-01-01"));
	assert_true(recur_period_parse("2026", NULL, NULL, NULL));
	assert_true(recur_period_parse("2024-02-29", &p, &s, &e));
	assert_int_equal(p, RECUR_DAY);
	assert_int_equal(s, D("2024-02-29"));
	assert_int_equal(e, D("2024-03-01"));

	static const char *bad[] = {
		"2026-H3", "2026-H0", "2026-13", "2026-00", "2025-W53", "2026-W00", "2026-W54",
		"2026-Q0", "2026-Q5", "26",      "2026-5",  "2026-W7",  "2026-",    "2026-05x",
		" 2026",   "2026 ",   "2026-h1", "2026-q1", "2026-w01", "1899",     "1899-12",
		"-026",    "2026/05", "",        "2026-02-29", "2026-02-30", "2026-13-01", "2026-05-00", "2026-05-1",
		"2026-5-011", "2026/05/01", "20260", "2026-W531",
		"2026-05-01-and-a-long-tail",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		p = RECUR_MONTH;
		s = e = 42;
		if (recur_period_parse(bad[i], &p, &s, &e))
			fail_msg("'%s' parsed", bad[i]);
		/* Untouched on failure. */
		assert_int_equal(p, RECUR_MONTH);
		assert_int_equal(s, 42);
		assert_int_equal(e, 42);
	}
	assert_false(recur_period_parse(NULL, &p, &s, &e));
}

/* Same occurrences: every field (the label up to its NUL; the bytes after it are not set). */
static bool same_occurrences(const struct recur_occurrence *a, const struct recur_occurrence *b, int n)
{
	for (int i = 0; i < n; i++)
		if (a[i].start != b[i].start || a[i].end != b[i].end || a[i].due != b[i].due ||
		    a[i].due_complete != b[i].due_complete || strcmp(a[i].period, b[i].period))
			return false;
	return true;
}

/* The shared cache returns exactly what recur_expand does: the same count and occurrences,
 * for rules of every period and due form, on the real calendar and on none, called twice (the
 * second a hit); a calendar changed after a result was kept is not served that result; a result
 * longer than the caller's room fails as uncached; errors are not kept. */
static void test_cached_equals_uncached(void **state)
{
	static const struct {
		const char *rrule;
		enum recur_period p;
		struct recur_due due;
	} rules[] = {
		{"FREQ=YEARLY", RECUR_YEAR, {0, 0, 0}},
		{"FREQ=YEARLY;BYMONTH=3", RECUR_YEAR, {-10, 0, 0}},
		{"FREQ=YEARLY;BYMONTH=1,7", RECUR_HALF, {0, 10, 0}},
		{"FREQ=MONTHLY;INTERVAL=6", RECUR_HALF, {30, 0, 0}},
		{"FREQ=MONTHLY;INTERVAL=3", RECUR_QUARTER, {0, 5, 0}},
		{"FREQ=MONTHLY", RECUR_MONTH, {0, 0, 5}},
		{"FREQ=MONTHLY;BYDAY=1MO", RECUR_MONTH, {0, 3, 0}},
		{"FREQ=MONTHLY;BYMONTHDAY=-1", RECUR_MONTH, {0, 0, 31}},
		{"FREQ=WEEKLY", RECUR_WEEK, {0, 1, 0}},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", RECUR_WEEK, {2, 0, 0}},
		{"FREQ=DAILY", RECUR_DAY, {0, 0, 0}},
		{"FREQ=YEARLY;COUNT=3", RECUR_YEAR, {0, 20, 0}},
		{"FREQ=MONTHLY;UNTIL=20260630", RECUR_MONTH, {0, 0, 10}},
	};
	static const char *const windows[][3] = { /* anchor, from, to */
		{"2000-01-01", "2025-01-01", "2026-11-22"},
		{"2024-01-01", "2024-10-01", "2027-03-01"},
		{"2026-02-11", "2026-01-01", "2026-03-01"},
	};
	struct cal *mine;
	struct zerr e = {0};
	assert_int_equal(cal_new(&mine, &e), 0);
	assert_int_equal(cal_load_csv(mine, "date,kind,holiday,holiday_zh\n2026-10-01,off,National Day,国庆节\n", 63,
				      "test", &e), 0);
	const struct cal *cals[] = {cn, NULL, mine};
	static struct recur_occurrence a[1024], b[1024]; /* FREQ=DAILY over two years: 690 */
	size_t hits0, hits1;
	recur_cache_clear();
	recur_cache_stats(NULL, &hits0);
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		struct recur_rule r;
		assert_int_equal(recur_parse(rules[i].rrule, rules[i].p, rules[i].due, &r, &e), 0);
		for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++)
			for (size_t c = 0; c < sizeof cals / sizeof cals[0]; c++)
				for (int round = 0; round < 2; round++) {
					zdate an = D(windows[w][0]), from = D(windows[w][1]), to = D(windows[w][2]);
					int n = recur_expand(&r, cals[c], an, from, to, a, 1024, &e);
					int m = recur_expand_cached(&r, cals[c], an, from, to, b, 1024, &e);
					if (n < 0)
						fail_msg("%s: %s", rules[i].rrule, e.msg);
					/* n may be 0: a COUNT or UNTIL ended before the window */
					if (n != m || !same_occurrences(a, b, n))
						fail_msg("%s over %s..%s on calendar %zu (round %d): %d occurrences "
							 "uncached, %d cached", rules[i].rrule, windows[w][1],
							 windows[w][2], c, round, n, m);
				}
	}
	recur_cache_stats(NULL, &hits1);
	assert_int_equal(hits1 - hits0, sizeof rules / sizeof rules[0] * 3 * 3); /* every second round */

	/* The calendar changes after a result was kept: 2026-10-08 becomes a day off, so the Q3
	 * report due five working days after the quarter moves, cached or not. */
	struct recur_rule q;
	assert_int_equal(recur_parse("FREQ=MONTHLY;INTERVAL=3", RECUR_QUARTER, (struct recur_due){0, 5, 0}, &q, &e), 0);
	int before = recur_expand_cached(&q, mine, D("2026-01-01"), D("2026-07-01"), D("2026-10-01"), b, 1024, &e);
	assert_int_equal(before, 1);
	zdate due_before = b[0].due;
	assert_int_equal(cal_set_day(mine, D("2026-10-08"), false, "test", "测试", &e), 0);
	assert_int_equal(recur_expand_cached(&q, mine, D("2026-01-01"), D("2026-07-01"), D("2026-10-01"), b, 1024, &e), 1);
	assert_int_equal(recur_expand(&q, mine, D("2026-01-01"), D("2026-07-01"), D("2026-10-01"), a, 1024, &e), 1);
	assert_int_equal(b[0].due, a[0].due);
	assert_int_equal(b[0].due, due_before + 1);

	/* Kept with 12 months, asked with room for 3: the error recur_expand gives. */
	struct recur_rule mo;
	assert_int_equal(recur_parse("FREQ=MONTHLY", RECUR_MONTH, (struct recur_due){0, 0, 0}, &mo, &e), 0);
	assert_int_equal(recur_expand_cached(&mo, cn, D("2026-01-01"), D("2026-01-01"), D("2027-01-01"), b, 1024, &e), 12);
	assert_int_equal(recur_expand_cached(&mo, cn, D("2026-01-01"), D("2026-01-01"), D("2027-01-01"), b, 3, &e), ZE_LIMIT);
	assert_non_null(strstr(e.msg, "more than 3 occurrences"));
	/* An error is not kept: the dates out of range fail every time. */
	assert_int_equal(recur_expand_cached(&mo, cn, date_from_ymd(1899, 12, 31), D("2026-01-01"), D("2027-01-01"), b, 1024, &e), ZE_INVALID);
	assert_int_equal(recur_expand_cached(&mo, cn, date_from_ymd(1899, 12, 31), D("2026-01-01"), D("2027-01-01"), b, 1024, &e), ZE_INVALID);

	/* Bounded: one more window than the cache holds empties it, and what comes back stays right. */
	size_t entries;
	for (int i = 0; i <= RECUR_CACHE_ENTRIES; i++) {
		zdate from = D("2020-01-01") + i;
		int n = recur_expand_cached(&mo, cn, D("2020-01-01"), from, from + 62, b, 1024, &e);
		assert_int_equal(recur_expand(&mo, cn, D("2020-01-01"), from, from + 62, a, 1024, &e), n);
		assert_true(same_occurrences(a, b, n));
	}
	recur_cache_stats(&entries, NULL);
	assert_true(entries >= 1 && entries < RECUR_CACHE_ENTRIES); /* emptied once on the way */
	cal_free(mine);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yearly),
		cmocka_unit_test(test_half_yearly),
		cmocka_unit_test(test_monthly_day_of_next),
		cmocka_unit_test(test_holiday_moves_due),
		cmocka_unit_test(test_workdays_due),
		cmocka_unit_test(test_daily_with_count),
		cmocka_unit_test(test_daily),
		cmocka_unit_test(test_bad_rules),
		cmocka_unit_test(test_expand_errors),
		cmocka_unit_test(test_period_round_trip),
		cmocka_unit_test(test_period_labels),
		cmocka_unit_test(test_period_parse),
		cmocka_unit_test(test_cached_equals_uncached),
	};
	return cmocka_run_group_tests(tests, setup_cn, teardown_cn);
}
