/* The yearly evaluation scored from a small unit's year, against sums worked out by hand
 * (core/evaluation, the policy's evaluation section in rules/policy). */
#include "testutil.h"

#include <jansson.h>
#include <math.h>

#include "cal/cal.h"
#include "core/evaluation.h"
#include "model/model.h"
#include "rules/policy.h"

#define CITE "\"citations\": [{\"document\": \"《测试》\", \"clause\": \"一\"}]"

static const char policy_text[] =
	"{\"format\": \"zeren-policy/v1\", \"id\": \"t\", \"title\": \"测试\", \"rules\": ["
	"{\"id\": \"liaison\", \"kind\": \"required_post\", \"severity\": \"error\", \"title\": \"联络员\", "
	" \"params\": {\"posts\": [\"security_liaison\"], \"per\": \"department\"}, " CITE "},"
	"{\"id\": \"n\", \"kind\": \"notice_deadline\", \"severity\": \"error\", \"title\": \"通报\", "
	" \"params\": {\"workdays\": 3}, " CITE "},"
	"{\"id\": \"r\", \"kind\": \"incident_report\", \"severity\": \"error\", \"title\": \"报告\", "
	" \"params\": {\"hours\": 24, \"lookback_days\": 365}, " CITE "}],"
	"\"obligations\": ["
	"{\"id\": \"self.half\", \"title\": \"自查\", \"owner\": \"each_department\","
	" \"rrule\": \"FREQ=MONTHLY;INTERVAL=6\", \"period\": \"half\", \"due\": {\"days\": 0}, " CITE "}],"
	"\"evaluation\": {\"grades\": [{\"id\": \"excellent\", \"name\": \"优秀\", \"min\": 90},"
	"  {\"id\": \"good\", \"name\": \"良好\", \"min\": 80}, {\"id\": \"pass\", \"name\": \"合格\", \"min\": 60},"
	"  {\"id\": \"fail\", \"name\": \"不合格\", \"min\": 0}],"
	" \"indicators\": ["
	"  {\"id\": \"g1\", \"title\": \"组织\", \"children\": ["
	"   {\"id\": \"a\", \"title\": \"联络员\", \"marks\": 10, \"applies_to\": \"department\", \"scoring\": \"auto\","
	"    \"deduct\": [{\"of\": \"findings\", \"rules\": [\"liaison\"], \"points\": 3}], " CITE "},"
	"   {\"id\": \"b\", \"title\": \"联络员天数\", \"marks\": 20, \"applies_to\": \"department\", \"scoring\": \"auto\","
	"    \"deduct\": [{\"of\": \"findings\", \"rules\": [\"liaison\"], \"per\": \"day\", \"points\": 0.1}], " CITE "},"
	"   {\"id\": \"c\", \"title\": \"会议\", \"marks\": 10, \"applies_to\": \"department\", \"scoring\": \"manual\", " CITE "}]},"
	"  {\"id\": \"g2\", \"title\": \"工作\", \"children\": ["
	"   {\"id\": \"d\", \"title\": \"自查\", \"marks\": 10, \"applies_to\": \"department\", \"scoring\": \"auto\","
	"    \"deduct\": [{\"of\": \"duties_overdue\", \"obligations\": [\"self.half\"], \"points\": 5}], " CITE "},"
	"   {\"id\": \"e\", \"title\": \"通报与事件\", \"marks\": 10, \"applies_to\": \"department\", \"scoring\": \"auto\","
	"    \"deduct\": [{\"of\": \"notices_late\", \"points\": 4}, {\"of\": \"incidents_late\", \"points\": 3}], " CITE "},"
	"   {\"id\": \"f\", \"title\": \"重大事件\", \"applies_to\": \"department\", \"scoring\": \"veto\","
	"    \"veto\": {\"of\": \"incidents\", \"min_grade\": \"major\"}, " CITE "},"
	"   {\"id\": \"u1\", \"title\": \"单位通报\", \"marks\": 10, \"applies_to\": \"unit\", \"scoring\": \"auto\","
	"    \"deduct\": [{\"of\": \"notices_late\", \"points\": 5}], " CITE "}]}]}}";

struct fixture {
	struct facts f;
	struct policy *p;
	struct cal *cal;
};

static zidx person(struct facts *f, zidx u, zidx dept, const char *id)
{
	return facts_add_person(f, &(struct person){facts_str(f, id), facts_str(f, id), u, dept, ZDATE_NONE});
}

static zidx notice(struct facts *f, zidx u, const char *id, const char *received, const char *rectified, zidx sys)
{
	struct notice n = {facts_str(f, id), facts_str(f, "上级"), NULL, facts_str(f, id), u, D(received),
			   rectified ? D(rectified) : ZDATE_NONE, ZDATE_NONE, ZDATE_NONE, ZTIME_NONE, NULL, NULL};
	zidx ni = facts_add_notice(f, &n);
	if (sys >= 0)
		facts_add_notice_system(f, &(struct notice_system){ni, sys});
	return ni;
}

static void incident(struct facts *f, zidx u, const char *id, zidx sys, int grade, const char *occurred,
		     const char *reported)
{
	struct incident x = INCIDENT_INIT;
	x.id = facts_str(f, id);
	x.title = x.id;
	x.org = u;
	x.system = sys;
	x.grade = (int8_t)grade;
	assert_true(ztime_parse(occurred, &x.occurred));
	x.detected = x.occurred;
	assert_true(ztime_parse(reported, &x.reported));
	facts_add_incident(f, &x);
}

static int setup(void **state)
{
	struct fixture *x = calloc(1, sizeof *x);
	struct zerr e = {0};
	size_t len;
	char path[4096];
	assert_non_null(x);
	facts_init(&x->f);
	if (policy_parse(policy_text, strlen(policy_text), "t.json", &x->p, &e))
		fail_msg("policy: %s", e.msg);
	snprintf(path, sizeof path, "%s/data/calendar/cn-holidays.csv", test_srcdir());
	char *csv = slurp(path, &len);
	assert_non_null(csv);
	assert_int_equal(cal_new(&x->cal, &e), 0);
	assert_int_equal(cal_load_csv(x->cal, csv, len, "cn-holidays.csv", &e), 0);
	free(csv);
	struct facts *f = &x->f;
	zidx u = facts_add_org(f, &(struct org){facts_str(f, "u"), facts_str(f, "单位"), NULL, facts_str(f, "t"), ZIDX_NONE, NULL, 0, 0});
	zidx nic = facts_add_dept(f, &(struct dept){facts_str(f, "nic"), facts_str(f, "网络中心"), u, ZIDX_NONE});
	zidx fin = facts_add_dept(f, &(struct dept){facts_str(f, "fin"), facts_str(f, "财务处"), u, ZIDX_NONE});
	zidx wang = person(f, u, nic, "p-wang"), li = person(f, u, fin, "p-li");
	/* nic has its liaison all year; fin only from 2026-03-01: no liaison 01-01 … 02-28, 59 days */
	facts_add_appt(f, &(struct appt){wang, u, nic, ZIDX_NONE, ZIDX_NONE, POST_SECURITY_LIAISON, SEAT_NONE, TRI_TRUE,
					 D("2024-01-01"), ZDATE_MAX});
	facts_add_appt(f, &(struct appt){li, u, fin, ZIDX_NONE, ZIDX_NONE, POST_SECURITY_LIAISON, SEAT_NONE, TRI_TRUE,
					 D("2026-03-01"), ZDATE_MAX});
	zidx snic = facts_add_system(f, &(struct zsystem){facts_str(f, "s-nic"), facts_str(f, "门户"), NULL, u, nic, 2,
							  TRI_FALSE, TRI_TRUE, ZDATE_NONE, ZDATE_NONE, NULL});
	zidx sfin = facts_add_system(f, &(struct zsystem){facts_str(f, "s-fin"), facts_str(f, "财务"), NULL, u, fin, 2,
							  TRI_FALSE, TRI_FALSE, ZDATE_NONE, ZDATE_NONE, NULL});
	/* self-checks: nic's 2026-H1 on time, its H2 not yet due on 12-31; fin's H1 late (07-10) */
	facts_add_record(f, &(struct obligation_record){facts_str(f, "self.half"), facts_str(f, "2026-H1"), NULL, u, nic,
							 wang, D("2026-06-20")});
	facts_add_record(f, &(struct obligation_record){facts_str(f, "self.half"), facts_str(f, "2026-H1"), NULL, u, fin,
							 li, D("2026-07-10")});
	/* notices: on fin's system, one rectified in time (due 03-05), one late (due 06-04, done
	 * 06-10); one on no department's system never rectified (the unit's own); one of 2025 */
	notice(f, u, "n1", "2026-03-02", "2026-03-04", sfin);
	notice(f, u, "n2", "2026-06-01", "2026-06-10", sfin);
	notice(f, u, "n3", "2026-09-01", NULL, ZIDX_NONE);
	notice(f, u, "n4", "2025-12-01", NULL, sfin);
	/* incidents: nic's reported after 48 hours (limit 24); a major one of fin reported in time */
	incident(f, u, "x1", snic, GRADE_GENERAL, "2026-04-01T10:00:00+08:00", "2026-04-03T10:00:00+08:00");
	incident(f, u, "x2", sfin, GRADE_MAJOR, "2026-08-01T10:00:00+08:00", "2026-08-01T12:00:00+08:00");
	assert_int_equal(facts_index(f), 0);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *x = *state;
	facts_release(&x->f);
	policy_free(x->p);
	cal_free(x->cal);
	free(x);
	return 0;
}

static json_t *sheet(json_t *res, const char *kind, const char *id)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(res, "sheets"), i, s)
		if (!strcmp(json_string_value(json_object_get(s, "kind")), kind) &&
		    !strcmp(json_string_value(json_object_get(s, "id")), id))
			return s;
	fail_msg("no %s sheet %s", kind, id);
	return NULL;
}

static json_t *item(json_t *sh, const char *id)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(sh, "items"), i, it)
		if (!strcmp(json_string_value(json_object_get(it, "indicator")), id))
			return it;
	fail_msg("no item %s", id);
	return NULL;
}

static double num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_number(v))
		fail_msg("%s is not a number", key);
	return json_number_value(v);
}

#define assert_near(a, b) assert_true(fabs((a) - (b)) < 0.005)

static void test_parse(void **state)
{
	struct fixture *x = *state;
	const struct evaluation_def *ev = x->p->evaluation;
	assert_non_null(ev);
	assert_int_equal(ev->n, 9); /* two 一级, seven 二级 */
	assert_int_equal(ev->ngrades, 4);
	assert_int_equal(ev->objection_workdays, 5);
	assert_near(evaluation_indicator(ev, "g1")->marks, 40);
	assert_true(evaluation_indicator(ev, "b")->deduct[0].per_day);
	assert_string_equal(evaluation_grade(ev, 89.99, false)->id, "good");
	assert_string_equal(evaluation_grade(ev, 95, true)->id, "fail");
}

static void test_scores(void **state)
{
	struct fixture *x = *state;
	struct zerr e = {0};
	json_t *res = NULL;
	struct engine *en = engine_new();
	assert_int_equal(eval_score(en, NULL, &x->f, x->p, NULL, x->cal, 0, 2026, D("2026-12-31"), &res, &e), 0);
	json_t *nic = sheet(res, "department", "nic"), *fin = sheet(res, "department", "fin"), *u = sheet(res, "unit", "u");

	/* nic: a 10, b 20, c —, d 10, e 10 - 3 (x1 late) = 7 */
	assert_near(num(item(nic, "a"), "score"), 10);
	assert_near(num(item(nic, "b"), "score"), 20);
	assert_true(json_is_null(json_object_get(item(nic, "c"), "score")));
	assert_near(num(item(nic, "d"), "score"), 10);
	assert_near(num(item(nic, "e"), "score"), 7);
	json_t *c = json_array_get(json_object_get(item(nic, "e"), "causes"), 0);
	assert_string_equal(json_string_value(json_object_get(c, "incident")), "x1");
	assert_near(num(c, "points"), -3);
	assert_non_null(json_object_get(c, "citations"));
	assert_false(json_is_true(json_object_get(nic, "complete")));

	/* fin: a 10 - 3; b 20 - 0.1 × 59 days = 14.1; d 10 - 5 (H1 late); e 10 - 4 (n2); veto (x2) */
	assert_near(num(item(fin, "a"), "score"), 7);
	assert_near(num(item(fin, "b"), "score"), 14.1);
	c = json_array_get(json_object_get(item(fin, "b"), "causes"), 0);
	assert_string_equal(json_string_value(json_object_get(c, "rule")), "liaison");
	assert_string_equal(json_string_value(json_object_get(c, "held_from")), "2026-01-01");
	assert_string_equal(json_string_value(json_object_get(c, "held_to")), "2026-02-28");
	assert_int_equal(json_integer_value(json_object_get(c, "days")), 59);
	assert_near(num(item(fin, "d"), "score"), 5);
	assert_near(num(item(fin, "e"), "score"), 6);
	assert_int_equal(json_array_size(json_object_get(item(fin, "e"), "causes")), 1);
	c = json_array_get(json_object_get(item(fin, "e"), "causes"), 0);
	assert_string_equal(json_string_value(json_object_get(c, "notice")), "n2");
	assert_true(json_is_true(json_object_get(item(fin, "f"), "veto")));
	assert_false(json_is_true(json_object_get(item(nic, "f"), "veto")));

	/* the unit's own sheet: n3 on no department's system, never rectified: 10 - 5 */
	assert_near(num(item(u, "u1"), "score"), 5);
	assert_near(num(u, "percent"), 50);
	assert_string_equal(json_string_value(json_object_get(u, "grade")), "fail");

	/* the manual items entered: nic 9, fin 8 */
	assert_int_equal(eval_set_item(res, x->p->evaluation, "department", "nic", "c", 9, "纪要齐全", "office", &e), 0);
	assert_int_equal(eval_set_item(res, x->p->evaluation, "department", "fin", "c", 8, NULL, "office", &e), 0);
	assert_int_equal(eval_set_item(res, x->p->evaluation, "department", "fin", "c", 11, NULL, "office", &e), ZE_INVALID);
	assert_int_equal(eval_set_item(res, x->p->evaluation, "department", "fin", "f", 0, NULL, "office", &e), ZE_INVALID);
	assert_int_equal(eval_set_item(res, x->p->evaluation, "department", "hr", "c", 1, NULL, "office", &e), ZE_NOTFOUND);
	/* fin's automatic item d (5 from the records) changed only with a reason: refused, and unchanged */
	assert_int_equal(eval_set_item(res, x->p->evaluation, "department", "fin", "d", 6, NULL, "office", &e), ZE_INVALID);
	assert_string_equal(e.reason, "missing");
	assert_int_equal(eval_set_item(res, x->p->evaluation, "department", "fin", "d", 6, " ", "office", &e), ZE_INVALID);
	assert_near(num(item(fin, "d"), "score"), 5);

	/* nic 10 + 20 + 9 + 10 + 7 = 56 of 60 = 93.33 优秀; fin 7 + 14.1 + 8 + 5 + 6 = 40.1 of 60,
	 * 66.83, but vetoed: 不合格 and ranked last */
	assert_near(num(nic, "score"), 56);
	assert_near(num(nic, "marks"), 60);
	assert_near(num(nic, "percent"), 93.33);
	assert_string_equal(json_string_value(json_object_get(nic, "grade")), "excellent");
	assert_true(json_is_true(json_object_get(nic, "complete")));
	assert_near(num(fin, "score"), 40.1);
	assert_near(num(fin, "percent"), 66.83);
	assert_string_equal(json_string_value(json_object_get(fin, "grade")), "fail");
	assert_int_equal(json_integer_value(json_object_get(nic, "rank")), 1);
	assert_int_equal(json_integer_value(json_object_get(fin, "rank")), 2);

	json_decref(res);
	/* the record as of an earlier day: x2 and n3 not yet; the day must be in the year */
	assert_int_equal(eval_score(en, NULL, &x->f, x->p, NULL, x->cal, 0, 2026, D("2026-07-31"), &res, &e), 0);
	assert_false(json_is_true(json_object_get(item(sheet(res, "department", "fin"), "f"), "veto")));
	assert_near(num(item(sheet(res, "unit", "u"), "u1"), "score"), 10);
	json_decref(res);
	assert_int_equal(eval_score(en, NULL, &x->f, x->p, NULL, x->cal, 0, 2026, D("2027-01-01"), &res, &e), ZE_INVALID);
	engine_free(en);
}

/* A finding held for days inside one month, never on a month's end: hr has no liaison from
 * 01-01 to 01-05 (5 days) and from 05-10 to 05-19 (10 days, the old holder's last day 05-09,
 * the new one's first 05-20). Both runs count, for exactly their days. */
static void test_held_inside_a_month(void **state)
{
	struct fixture *x = *state;
	struct facts g;
	struct zerr e = {0};
	json_t *res = NULL;
	facts_init(&g);
	zidx u = facts_add_org(&g, &(struct org){facts_str(&g, "u"), facts_str(&g, "单位"), NULL, facts_str(&g, "t"), ZIDX_NONE, NULL, 0, 0});
	zidx hr = facts_add_dept(&g, &(struct dept){facts_str(&g, "hr"), facts_str(&g, "人事处"), u, ZIDX_NONE});
	zidx zhao = person(&g, u, hr, "p-zhao"), qian = person(&g, u, hr, "p-qian");
	facts_add_appt(&g, &(struct appt){zhao, u, hr, ZIDX_NONE, ZIDX_NONE, POST_SECURITY_LIAISON, SEAT_NONE, TRI_TRUE,
					  D("2026-01-06"), D("2026-05-10")});
	facts_add_appt(&g, &(struct appt){qian, u, hr, ZIDX_NONE, ZIDX_NONE, POST_SECURITY_LIAISON, SEAT_NONE, TRI_TRUE,
					  D("2026-05-20"), ZDATE_MAX});
	assert_int_equal(facts_index(&g), 0);
	struct engine *en = engine_new();
	assert_int_equal(eval_score(en, NULL, &g, x->p, NULL, x->cal, 0, 2026, D("2026-12-31"), &res, &e), 0);
	json_t *sh = sheet(res, "department", "hr");
	/* a: one finding, 10 - 3; b: 15 days at 0.1, 20 - 1.5 */
	assert_near(num(item(sh, "a"), "score"), 7);
	assert_near(num(item(sh, "b"), "score"), 18.5);
	json_t *causes = json_object_get(item(sh, "b"), "causes");
	assert_int_equal(json_array_size(causes), 1);
	json_t *c = json_array_get(causes, 0);
	assert_int_equal(json_integer_value(json_object_get(c, "days")), 15);
	assert_string_equal(json_string_value(json_object_get(c, "held_from")), "2026-05-10");
	assert_string_equal(json_string_value(json_object_get(c, "held_to")), "2026-05-19");
	json_decref(res);
	/* as of a day inside the gap: held from 05-10 to that day */
	assert_int_equal(eval_score(en, NULL, &g, x->p, NULL, x->cal, 0, 2026, D("2026-05-14"), &res, &e), 0);
	c = json_array_get(json_object_get(item(sheet(res, "department", "hr"), "b"), "causes"), 0);
	assert_int_equal(json_integer_value(json_object_get(c, "days")), 10);
	assert_string_equal(json_string_value(json_object_get(c, "held_to")), "2026-05-14");
	json_decref(res);
	engine_free(en);
	facts_release(&g);
}

static void test_bad_sections(void **state)
{
	(void)state;
	static const char *const bad[][2] = {
		{"{\"grades\": [{\"id\": \"a\", \"name\": \"甲\", \"min\": 0}], \"indicators\": []}", "grades"},
		{"{\"grades\": [{\"id\": \"a\", \"name\": \"甲\", \"min\": 60}, {\"id\": \"b\", \"name\": \"乙\", \"min\": 0}],"
		 " \"indicators\": [{\"id\": \"g\", \"title\": \"组\", \"children\": [{\"id\": \"x\", \"title\": \"项\","
		 " \"marks\": 5, \"applies_to\": \"department\", \"scoring\": \"auto\", \"deduct\": [{\"of\": \"findings\","
		 " \"rules\": [\"nope\"], \"points\": 1}], " CITE "}]}]}",
		 "names no rule of the policy: 'nope'"},
		{"{\"grades\": [{\"id\": \"a\", \"name\": \"甲\", \"min\": 60}, {\"id\": \"b\", \"name\": \"乙\", \"min\": 0}],"
		 " \"indicators\": [{\"id\": \"g\", \"title\": \"组\", \"children\": [{\"id\": \"x\", \"title\": \"项\","
		 " \"marks\": 5, \"applies_to\": \"everyone\", \"scoring\": \"manual\", " CITE "}]}]}",
		 "$.evaluation.indicators[0].children[0].applies_to"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char text[4096];
		struct policy *p = NULL;
		struct zerr e = {0};
		snprintf(text, sizeof text,
			 "{\"format\": \"zeren-policy/v1\", \"id\": \"t\", \"title\": \"测试\", \"rules\": [], \"evaluation\": %s}",
			 bad[i][0]);
		assert_int_equal(policy_parse(text, strlen(text), "t.json", &p, &e), ZE_INVALID);
		if (!strstr(e.msg, bad[i][1]))
			fail_msg("case %zu: '%s' does not name '%s'", i, e.msg, bad[i][1]);
		assert_null(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_parse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scores, setup, teardown),
		cmocka_unit_test_setup_teardown(test_held_inside_a_month, setup, teardown),
		cmocka_unit_test(test_bad_sections),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
