/* ics_write: the calendar's structure, RFC 5545 line form (CRLF, 75-octet folding between whole
 * UTF-8 characters), reproducibility, a round trip through libical's parser, and the caps.
 *
 * With ZEREN_ICS_OUT set, the three-event calendar is also written to that file, for
 * tests/cli/t0060-ics-independent.sh to parse with python3-icalendar. */
#include "testutil.h"

#include <libical/ical.h>
#include <stdbool.h>

#include "doc/ics.h"

#define STAMP INT64_C(1795219200) /* 2026-11-21T00:00:00Z */

static const char long_desc[] =
	"网络安全检查通报（烟网信通〔2026〕17号）指出：门户网站存在弱口令、未及时修补的中间件漏洞和"
	"未备案的测试页面。\n整改要求：一、立即修改全部管理账号口令并启用双因素认证；二、升级中间件"
	"至厂商最新版本；三、下线测试页面并复查访问日志；四、整改完成后形成书面报告，加盖公章报送市委网信办。"
	"\n责任人：信息中心主任。";


static void three_events(struct ics_event ev[3])
{
	memset(ev, 0, 3 * sizeof *ev);
	ev[0] = (struct ics_event){
		.uid = "notice-tb-2026-17@zeren",
		.date = D("2026-12-15"),
		.summary = "通报整改截止：门户网站（烟网信通〔2026〕17号）",
		.description = long_desc,
		.category = "notice",
		.alarm_days = 3,
	};
	ev[1] = (struct ics_event){
		.uid = "obligation-zhangsan-2027-01@zeren",
		.date = D("2027-01-08"),
		.summary = "年度保密承诺书续签：张三",
		.category = "obligation",
	};
	ev[2] = (struct ics_event){
		.uid = "agreement-it-2026-3@zeren",
		.date = D("2026-12-31"),
		.summary = "运维服务协议到期：信息中心, 含逗号; 分号 \\ 反斜杠",
		.description = "第一行\r\n第二行, with ASCII; and \\ backslash\n\t缩进的第三行",
		.category = "agreement",
		.alarm_days = 14,
	};
}

/* Checks the RFC 5545 line form of a whole calendar; returns the number of folds. */
static int assert_line_form(const char *s, size_t len)
{
	size_t start = 0;
	int folds = 0;
	assert_true(len >= 2);
	assert_memory_equal(s + len - 2, "\r\n", 2);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			assert_true(i > 0 && s[i - 1] == '\r');
		if (s[i] != '\r')
			continue;
		assert_true(i + 1 < len && s[i + 1] == '\n');
		size_t n = i - start;
		if (n > 75)
			fail_msg("line of %zu octets: %.*s", n, (int)n, s + start);
		/* each physical line is whole UTF-8: no fold inside a character */
		if (!utf8_valid(s + start, n))
			fail_msg("fold inside a UTF-8 character: %.*s", (int)n, s + start);
		assert_true(n > 0);
		if (s[start] == ' ') {
			folds++;
			/* a fold never splits a backslash escape: the line before does not end in an
			 * odd run of backslashes */
			size_t k = start - 2, bs = 0;
			while (k > 0 && s[k - 1] == '\\')
				k--, bs++;
			assert_int_equal(bs % 2, 0);
		}
		start = i + 2;
	}
	assert_int_equal(start, len);
	return folds;
}

/* The calendar with its folds removed, for searching whole content lines. Caller frees. */
static char *unfold_copy(const char *s)
{
	char *u = strdup(s), *w = u;
	assert_non_null(u);
	for (const char *r = s; *r;) {
		if (r[0] == '\r' && r[1] == '\n' && r[2] == ' ') {
			r += 3;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
	return u;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("missing: %s", needle);
}

static void write_three(struct strbuf *out)
{
	struct ics_event ev[3];
	struct zerr e = {0};
	three_events(ev);
	int rc = ics_write("zeren：张三的期限", ev, 3, STAMP, out, &e);
	if (rc != 0)
		fail_msg("ics_write: %d %s", rc, e.msg);
}

/* ---- structure and line form ------------------------------------------------------------- */

static void test_structure(void **state)
{
	(void)state;
	struct strbuf out = STRBUF_INIT;
	write_three(&out);
	const char *s = out.buf;
	char *u = unfold_copy(s);

	assert_true(strncmp(s, "BEGIN:VCALENDAR\r\n", 17) == 0);
	assert_string_equal(s + out.len - 15, "END:VCALENDAR\r\n");
	assert_has(u, "\r\nPRODID:-//zeren//zeren//ZH\r\n");
	assert_has(u, "\r\nVERSION:2.0\r\n");
	assert_has(u, "\r\nCALSCALE:GREGORIAN\r\n");
	assert_has(u, "\r\nX-WR-CALNAME:zeren：张三的期限\r\n");
	assert_has(u, "\r\nX-WR-TIMEZONE:Asia/Shanghai\r\n");
	assert_has(u, "\r\nBEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\n");
	assert_has(u, "\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\n");
	assert_int_equal(count(u, "\r\nBEGIN:VEVENT\r\n"), 3);
	assert_int_equal(count(u, "\r\nEND:VEVENT\r\n"), 3);
	assert_has(u, "\r\nUID:notice-tb-2026-17@zeren\r\n");
	assert_has(u, "\r\nUID:obligation-zhangsan-2027-01@zeren\r\n");
	assert_has(u, "\r\nUID:agreement-it-2026-3@zeren\r\n");
	assert_has(u, "\r\nDTSTART;VALUE=DATE:20261215\r\nDTEND;VALUE=DATE:20261216\r\n");
	assert_has(u, "\r\nDTSTART;VALUE=DATE:20270108\r\nDTEND;VALUE=DATE:20270109\r\n");
	assert_has(u, "\r\nDTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n");
	assert_int_equal(count(u, "\r\nDTSTAMP:20261121T000000Z\r\n"), 3);
	assert_has(u, "\r\nSUMMARY:通报整改截止：门户网站（烟网信通〔2026〕17号）\r\n");
	/* TEXT escaping: , ; \ and line breaks */
	assert_has(u, "\r\nSUMMARY:运维服务协议到期：信息中心\\, 含逗号\\; 分号 \\\\ 反斜杠\r\n");
	assert_has(u, "\r\nDESCRIPTION:第一行\\n第二行\\, with ASCII\\; and \\\\ backslash\\n\t缩进的第三行\r\n");
	assert_has(u, "\r\nCATEGORIES:notice\r\n");
	assert_has(u, "\r\nCATEGORIES:obligation\r\n");
	assert_int_equal(count(u, "\r\nTRANSP:TRANSPARENT\r\n"), 3);
	assert_int_equal(count(u, "\r\nBEGIN:VALARM\r\n"), 2);
	assert_int_equal(count(u, "\r\nACTION:DISPLAY\r\n"), 2);
	assert_has(u, "\r\nTRIGGER:-P3D\r\n");
	assert_has(u, "\r\nTRIGGER:-P14D\r\n");
	/* the second event has no description and no alarm */
	const char *ev2 = strstr(u, "UID:obligation-zhangsan");
	assert_non_null(ev2);
	const char *ev2_end = strstr(ev2, "END:VEVENT");
	const char *desc = strstr(ev2, "DESCRIPTION");
	const char *alarm = strstr(ev2, "VALARM");
	assert_true(!desc || desc > ev2_end);
	assert_true(!alarm || alarm > ev2_end);

	int folds = assert_line_form(s, out.len);
	assert_true(folds >= 4); /* the long description alone takes several lines */

	const char *path = getenv("ZEREN_ICS_OUT");
	if (path && *path) {
		FILE *f = fopen(path, "wb");
		if (!f)
			fail_msg("cannot write %s", path);
		assert_int_equal(fwrite(out.buf, 1, out.len, f), out.len);
		assert_int_equal(fclose(f), 0);
	}
	free(u);
	sb_release(&out);
}

static void test_reproducible(void **state)
{
	(void)state;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	write_three(&a);
	/* appends: an earlier content of out stays in front */
	assert_true(sb_adds(&b, "prefix"));
	write_three(&b);
	assert_int_equal(b.len, a.len + 6);
	assert_memory_equal(b.buf, "prefix", 6);
	assert_memory_equal(b.buf + 6, a.buf, a.len);
	sb_release(&a);
	sb_release(&b);
}

/* ---- round trip through libical's parser ------------------------------------------------- */

static void test_parse_back(void **state)
{
	(void)state;
	struct ics_event ev[3];
	struct strbuf out = STRBUF_INIT;
	three_events(ev);
	write_three(&out);

	icalcomponent *cal = icalparser_parse_string(out.buf);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
	assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 3);
	assert_int_equal(icalcomponent_count_components(cal, ICAL_VTIMEZONE_COMPONENT), 1);
	assert_int_equal(icalcomponent_count_errors(cal), 0);
	icalproperty *name = icalcomponent_get_first_property(cal, ICAL_X_PROPERTY);
	assert_non_null(name);
	assert_string_equal(icalproperty_get_x_name(name), "X-WR-CALNAME");
	assert_string_equal(icalproperty_get_x(name), "zeren：张三的期限");

	size_t i = 0;
	for (icalcomponent *v = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); v;
	     v = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT), i++) {
		assert_true(i < 3);
		assert_string_equal(icalcomponent_get_uid(v), ev[i].uid);
		assert_string_equal(icalcomponent_get_summary(v), ev[i].summary);
		if (ev[i].description) {
			/* "\r\n" in the input comes back as "\n" */
			char *want = strdup(ev[i].description), *w = want;
			assert_non_null(want);
			for (const char *r = ev[i].description; *r; r++)
				if (!(r[0] == '\r' && r[1] == '\n'))
					*w++ = *r;
			*w = '\0';
			assert_string_equal(icalcomponent_get_description(v), want);
			free(want);
		} else {
			assert_null(icalcomponent_get_first_property(v, ICAL_DESCRIPTION_PROPERTY));
		}
		icalproperty *cat = icalcomponent_get_first_property(v, ICAL_CATEGORIES_PROPERTY);
		assert_non_null(cat);
		assert_string_equal(icalproperty_get_categories(cat), ev[i].category);

		struct icaltimetype start = icalcomponent_get_dtstart(v);
		struct icaltimetype end = icalcomponent_get_dtend(v);
		int y, m, d;
		date_to_ymd(ev[i].date, &y, &m, &d);
		assert_true(start.is_date);
		assert_int_equal(start.year, y);
		assert_int_equal(start.month, m);
		assert_int_equal(start.day, d);
		date_to_ymd(ev[i].date + 1, &y, &m, &d);
		assert_true(end.is_date);
		assert_int_equal(end.year, y);
		assert_int_equal(end.month, m);
		assert_int_equal(end.day, d);

		struct icaltimetype stamp = icalcomponent_get_dtstamp(v);
		assert_true(icaltime_is_utc(stamp));
		assert_int_equal(icaltime_as_timet(stamp), STAMP);

		icalproperty *tr = icalcomponent_get_first_property(v, ICAL_TRANSP_PROPERTY);
		assert_non_null(tr);
		assert_int_equal(icalproperty_get_transp(tr), ICAL_TRANSP_TRANSPARENT);

		icalcomponent *al = icalcomponent_get_first_component(v, ICAL_VALARM_COMPONENT);
		if (ev[i].alarm_days) {
			assert_non_null(al);
			icalproperty *t = icalcomponent_get_first_property(al, ICAL_TRIGGER_PROPERTY);
			assert_non_null(t);
			struct icaltriggertype trig = icalproperty_get_trigger(t);
			assert_int_equal(icaldurationtype_as_int(trig.duration),
					 -ev[i].alarm_days * 86400);
		} else {
			assert_null(al);
		}
	}
	assert_int_equal(i, 3);
	icalcomponent_free(cal);
	sb_release(&out);
}

static bool same_but_trailing_spaces(const char *got, const char *want)
{
	size_t g = strlen(got), w = strlen(want);
	while (g && got[g - 1] == ' ')
		g--;
	while (w && want[w - 1] == ' ')
		w--;
	if (g == w && memcmp(got, want, g) == 0)
		return true;
	print_error("got  [%s]\nwant [%s]\n", got, want);
	return false;
}

/* Descriptions of every length from 0 to 400 octets in mixes of ASCII, escapes, 2-, 3- and
 * 4-octet characters: the line form holds and libical reads the same text back. (libical's own
 * folding splits a property's closing CRLF when the last continuation is exactly 73 octets.) */
static void test_fold_sweep(void **state)
{
	(void)state;
	static const char *const units[][6] = {
		{"x", "x", "x", "x", "x", "x"},
		{"中", "中", "中", "中", "中", "中"},
		{"x", "é", "中", "😀", "中", "x"},
		{"\\", ",", ";", "\n", "中", "a"},
		{"ab", " ", ":", "中", "é", "\\"},
	};
	for (size_t mix = 0; mix < sizeof units / sizeof units[0]; mix++) {
		char desc[ICS_TEXT_MAX + 1] = "";
		size_t dlen = 0;
		for (size_t k = 0; dlen < 400; k++) {
			const char *piece = units[mix][k % 6];
			memcpy(desc + dlen, piece, strlen(piece) + 1);
			dlen += strlen(piece);

			/* a summary is one line: the mix with "\n" sweeps descriptions only */
			const char *summary = strchr(desc, '\n') ? "sweep" : desc;
			struct ics_event ev = {.uid = "sweep@zeren", .date = D("2026-01-01"),
					       .summary = summary, .description = desc,
					       .alarm_days = 1};
			struct strbuf out = STRBUF_INIT;
			struct zerr e = {0};
			if (ics_write("sweep", &ev, 1, STAMP, &out, &e) != 0)
				fail_msg("mix %zu length %zu: %s", mix, dlen, e.msg);
			assert_line_form(out.buf, out.len);

			icalcomponent *cal = icalparser_parse_string(out.buf);
			assert_non_null(cal);
			icalcomponent *v = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
			assert_non_null(v);
			/* libical's parser drops a value's trailing spaces (python3-icalendar does
			 * not; the output keeps them) */
			assert_true(same_but_trailing_spaces(icalcomponent_get_description(v), desc));
			assert_true(same_but_trailing_spaces(icalcomponent_get_summary(v), summary));
			icalcomponent_free(cal);
			sb_release(&out);
		}
	}
}

/* ---- caps and bad input ------------------------------------------------------------------ */

static int write_one(struct ics_event ev, struct zerr *e)
{
	struct strbuf out = STRBUF_INIT;
	assert_true(sb_adds(&out, "kept"));
	int rc = ics_write("cal", &ev, 1, STAMP, &out, e);
	if (rc < 0) {
		assert_int_equal(e->code, rc);
		assert_string_equal(out.buf, "kept"); /* out as it was */
	}
	sb_release(&out);
	return rc;
}

static struct ics_event good_event(void)
{
	return (struct ics_event){.uid = "u@zeren", .date = D("2026-12-15"), .summary = "截止"};
}

static char *repeat(const char *unit, size_t bytes)
{
	size_t ul = strlen(unit);
	char *s = malloc(bytes + 1);
	assert_non_null(s);
	for (size_t i = 0; i < bytes; i += ul)
		memcpy(s + i, unit, ul);
	s[bytes] = '\0';
	return s;
}

static void test_limits(void **state)
{
	(void)state;
	struct zerr e = {0};
	struct ics_event ev;
	struct strbuf out = STRBUF_INIT;

	/* more than ICS_EVENTS_MAX events */
	size_t n = ICS_EVENTS_MAX + 1;
	struct ics_event *many = calloc(n, sizeof *many);
	assert_non_null(many);
	for (size_t i = 0; i < n; i++)
		many[i] = good_event();
	assert_int_equal(ics_write("cal", many, n, STAMP, &out, &e), ZE_LIMIT);
	assert_non_null(strstr(e.msg, "100000"));
	assert_int_equal(out.len, 0);
	free(many);

	/* texts: up to ICS_TEXT_MAX bytes pass, one more does not */
	char *t4000 = repeat("中", 3999); /* 1333 characters = 3999 bytes */
	char *t4001 = repeat("x", ICS_TEXT_MAX + 1);
	char *t4000a = repeat("x", ICS_TEXT_MAX);
	ev = good_event();
	ev.summary = t4000;
	ev.description = t4000a;
	assert_int_equal(write_one(ev, &e), 0);
	ev.summary = t4001;
	assert_int_equal(write_one(ev, &e), ZE_LIMIT);
	assert_non_null(strstr(e.msg, "summary"));
	ev = good_event();
	ev.description = t4001;
	assert_int_equal(write_one(ev, &e), ZE_LIMIT);
	assert_non_null(strstr(e.msg, "event 0: description"));
	ev = good_event();
	ev.uid = t4001;
	assert_int_equal(write_one(ev, &e), ZE_LIMIT);
	out.len = 0;
	ev = good_event();
	assert_int_equal(ics_write(t4001, &ev, 1, STAMP, &out, &e), ZE_LIMIT);
	free(t4000);
	free(t4001);
	free(t4000a);

	/* alarm too early */
	ev = good_event();
	ev.alarm_days = ICS_ALARM_DAYS_MAX;
	assert_int_equal(write_one(ev, &e), 0);
	ev.alarm_days = ICS_ALARM_DAYS_MAX + 1;
	assert_int_equal(write_one(ev, &e), ZE_LIMIT);

	/* output beyond out's cap: refused, out left as it was */
	struct strbuf small;
	sb_init(&small, 300);
	assert_true(sb_adds(&small, "kept"));
	ev = good_event();
	assert_int_equal(ics_write("cal", &ev, 1, STAMP, &small, &e), ZE_LIMIT);
	assert_string_equal(small.buf, "kept");
	assert_int_equal(small.len, 4);
	assert_false(small.overflow);
	sb_release(&small);
	sb_release(&out);
}

static void test_invalid(void **state)
{
	(void)state;
	struct zerr e = {0};
	struct ics_event ev;
	struct strbuf out = STRBUF_INIT;

#define BAD(field, value, code)                                                                    \
	do {                                                                                       \
		ev = good_event();                                                                 \
		ev.field = value;                                                                  \
		assert_int_equal(write_one(ev, &e), code);                                         \
	} while (0)
	BAD(uid, NULL, ZE_INVALID);
	BAD(uid, "", ZE_INVALID);
	BAD(uid, "a\nb", ZE_INVALID);
	BAD(summary, NULL, ZE_INVALID);
	BAD(summary, "", ZE_INVALID);
	BAD(summary, "两行\n摘要", ZE_INVALID);
	BAD(summary, "bell\a", ZE_INVALID);
	BAD(summary, "del\x7f", ZE_INVALID);
	BAD(summary, "\xe4\xb8", ZE_INVALID);       /* cut UTF-8 */
	BAD(summary, "\xc0\xaf", ZE_INVALID);       /* overlong */
	BAD(description, "lone\rCR", ZE_INVALID);
	BAD(description, "nul\x01", ZE_INVALID);
	BAD(description, "\xff", ZE_INVALID);
	BAD(category, "a,b", ZE_INVALID);
	BAD(category, "a;b", ZE_INVALID);
	BAD(category, "a\\b", ZE_INVALID);
	BAD(date, ZDATE_NONE, ZE_INVALID);
	BAD(date, ZDATE_MAX, ZE_INVALID);
	BAD(date, D("3000-12-31"), ZE_INVALID); /* DTEND would be in 3001: libical's limit */
	BAD(date, D("9999-12-30"), ZE_INVALID);
	BAD(date, D("1900-01-01") - 1, ZE_INVALID);
	BAD(alarm_days, -1, ZE_INVALID);
#undef BAD
	/* allowed: tabs anywhere, line breaks in a description, empty optional texts, edge dates */
	ev = good_event();
	ev.summary = "tab\there";
	ev.description = "";
	ev.category = "";
	assert_int_equal(write_one(ev, &e), 0);
	ev.date = D("3000-12-30");
	assert_int_equal(ics_write("cal", &ev, 1, STAMP, &out, &e), 0);
	assert_non_null(strstr(out.buf, "\r\nDTSTART;VALUE=DATE:30001230\r\nDTEND;VALUE=DATE:30001231\r\n"));
	sb_reset(&out);
	ev.date = D("1900-01-01");
	assert_int_equal(write_one(ev, &e), 0);

	/* the error names the event */
	struct ics_event two[2] = {good_event(), good_event()};
	two[1].uid = "other@zeren";
	two[1].summary = "";
	assert_int_equal(ics_write("cal", two, 2, STAMP, &out, &e), ZE_INVALID);
	assert_string_equal(e.msg, "event 1: summary is missing");

	/* a UID given twice */
	two[1] = good_event();
	assert_int_equal(ics_write("cal", two, 2, STAMP, &out, &e), ZE_CONFLICT);
	assert_non_null(strstr(e.msg, "u@zeren"));

	/* calendar name, events pointer, stamp */
	ev = good_event();
	assert_int_equal(ics_write(NULL, &ev, 1, STAMP, &out, &e), ZE_INVALID);
	assert_int_equal(ics_write("", &ev, 1, STAMP, &out, &e), ZE_INVALID);
	assert_int_equal(ics_write("a\nb", &ev, 1, STAMP, &out, &e), ZE_INVALID);
	assert_int_equal(ics_write("cal", NULL, 1, STAMP, &out, &e), ZE_INVALID);
	assert_int_equal(ics_write("cal", &ev, 1, INT64_MIN, &out, &e), ZE_INVALID);
	assert_int_equal(ics_write("cal", &ev, 1, INT64_MAX, &out, &e), ZE_INVALID);
	assert_int_equal(ics_write("cal", &ev, 1, INT64_C(32535216000), &out, &e), ZE_INVALID);
	assert_int_equal(ics_write("cal", &ev, 1, INT64_C(-2208988801), &out, &e), ZE_INVALID);
	assert_int_equal(out.len, 0);

	/* an empty calendar is fine: header and time zone only */
	assert_int_equal(ics_write("cal", NULL, 0, STAMP, &out, &e), 0);
	assert_null(strstr(out.buf, "VEVENT"));
	assert_non_null(strstr(out.buf, "BEGIN:VTIMEZONE"));
	/* DTSTAMP at the first second of 1900, before 1970 and at the last second of 3000 */
	ev = good_event();
	sb_reset(&out);
	assert_int_equal(ics_write("cal", &ev, 1, INT64_C(-2208988800), &out, &e), 0);
	assert_non_null(strstr(out.buf, "\r\nDTSTAMP:19000101T000000Z\r\n"));
	sb_reset(&out);
	assert_int_equal(ics_write("cal", &ev, 1, INT64_C(-1), &out, &e), 0);
	assert_non_null(strstr(out.buf, "\r\nDTSTAMP:19691231T235959Z\r\n"));
	sb_reset(&out);
	assert_int_equal(ics_write("cal", &ev, 1, INT64_C(32535215999), &out, &e), 0);
	assert_non_null(strstr(out.buf, "\r\nDTSTAMP:30001231T235959Z\r\n"));
	sb_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_reproducible),
		cmocka_unit_test(test_parse_back),
		cmocka_unit_test(test_fold_sweep),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
