/* Duty occurrences with their status, notice and incident deadlines, and evidence kept from
 * memory with a sanitized name (core/duties, core/events, core/evidence). */
#include "testutil.h"

#include "cal/cal.h"
#include "core/duties.h"
#include "core/events.h"
#include "core/evidence.h"
#include "model/model.h"
#include "rules/policy.h"

static const char policy_text[] =
	"{\"format\": \"zeren-policy/v1\", \"id\": \"t\", \"title\": \"测试\", \"rules\": ["
	"{\"id\": \"n\", \"kind\": \"notice_deadline\", \"severity\": \"error\", \"title\": \"通报\", "
	" \"params\": {\"workdays\": 3}, \"citations\": [{\"document\": \"《测试》\", \"clause\": \"五\"}]},"
	"{\"id\": \"r\", \"kind\": \"incident_report\", \"severity\": \"error\", \"title\": \"报告\", "
	" \"params\": {\"hours\": 24, \"lookback_days\": 365},"
	" \"citations\": [{\"document\": \"《测试》\", \"clause\": \"十一\"}]},"
	"{\"id\": \"r2\", \"kind\": \"incident_report\", \"severity\": \"error\", \"title\": \"报告\", "
	" \"params\": {\"min_grade\": \"relatively_major\", \"operator_hours\": {\"cii_operator\": 1, "
	"  \"central_state_organ\": 2, \"other\": 4}, \"lookback_days\": 365},"
	" \"citations\": [{\"document\": \"《测试》\", \"clause\": \"办法\"}]},"
	"{\"id\": \"s\", \"kind\": \"incident_summary\", \"severity\": \"warning\", \"title\": \"总结\", "
	" \"params\": {\"days\": 30, \"min_grade\": \"relatively_major\"},"
	" \"citations\": [{\"document\": \"《测试》\", \"clause\": \"总结\"}]}],"
	"\"obligations\": ["
	"{\"id\": \"report.monthly\", \"title\": {\"zh\": \"月报\", \"en\": \"Monthly\"}, \"owner\": {\"post\": \"network_admin\"},"
	" \"rrule\": \"FREQ=MONTHLY\", \"period\": \"month\", \"due\": {\"day_of_next\": 5}, \"evidence\": \"月报\","
	" \"citations\": [{\"document\": \"《测试》\", \"clause\": \"8\", \"text\": \"下月5号前\"}]},"
	"{\"id\": \"self.half\", \"title\": {\"zh\": \"自查\", \"en\": \"Self-check\"}, \"owner\": \"each_department\","
	" \"rrule\": \"FREQ=MONTHLY;INTERVAL=6\", \"period\": \"half\", \"due\": {\"days\": 0},"
	" \"citations\": [{\"document\": \"《测试》\", \"clause\": \"6\"}]}]}";

struct fixture {
	struct facts f;
	struct policy *p;
	struct cal *cal;
	zidx u, nic, fin, wang, li;
};

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
	x->u = facts_add_org(f, &(struct org){facts_str(f, "u"), facts_str(f, "单位"), NULL, facts_str(f, "t"), ZIDX_NONE, NULL, 0, 0});
	x->nic = facts_add_dept(f, &(struct dept){facts_str(f, "nic"), facts_str(f, "网络中心"), x->u, ZIDX_NONE});
	x->fin = facts_add_dept(f, &(struct dept){facts_str(f, "fin"), facts_str(f, "财务处"), x->u, ZIDX_NONE});
	x->wang = facts_add_person(f, &(struct person){facts_str(f, "p-wang"), facts_str(f, "王"), x->u, x->nic, ZDATE_NONE});
	x->li = facts_add_person(f, &(struct person){facts_str(f, "p-li"), facts_str(f, "李"), x->u, x->fin, ZDATE_NONE});
	facts_add_appt(f, &(struct appt){x->wang, x->u, ZIDX_NONE, ZIDX_NONE, ZIDX_NONE, POST_NETWORK_ADMIN, SEAT_NONE,
					 TRI_TRUE, D("2024-01-01"), ZDATE_MAX});
	facts_add_appt(f, &(struct appt){x->li, x->u, x->fin, ZIDX_NONE, ZIDX_NONE, POST_SECURITY_LIAISON, SEAT_NONE,
					 TRI_TRUE, D("2024-01-01"), ZDATE_MAX});
	/* 2026-10 report done on 11-03; fin's 2026-H1 self-check done late, on 2026-07-10 */
	facts_add_record(f, &(struct obligation_record){facts_str(f, "report.monthly"), facts_str(f, "2026-10"), NULL, x->u,
							 ZIDX_NONE, x->wang, D("2026-11-03")});
	zidx r = facts_add_record(f, &(struct obligation_record){facts_str(f, "self.half"), facts_str(f, "2026-H1"), NULL,
								 x->u, x->fin, x->li, D("2026-07-10")});
	facts_add_evidence(f, &(struct evidence){r, facts_str(f, "ab"), facts_str(f, "自查报告.pdf"), 12});
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

static const struct duty *find(const struct duty_list *l, const struct facts *f, const char *ob, const char *period,
			       const char *dept)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].o->id, ob) && !strcmp(l->v[i].oc.period, period) &&
		    (dept ? l->v[i].dept >= 0 && !strcmp(f->depts.v[l->v[i].dept].id, dept) : l->v[i].dept < 0))
			return &l->v[i];
	fail_msg("no occurrence %s %s %s", ob, period, dept ? dept : "-");
	return NULL;
}

static void test_duty_status(void **state)
{
	struct fixture *x = *state;
	struct duty_list l = {0};
	struct zerr e = {0};
	assert_int_equal(facts_index(&x->f), 0);
	zdate today = D("2026-11-21");
	assert_int_equal(duties_list(&x->f, x->cal, x->p, x->u, today, today - DUTY_WINDOW_BACK, today + DUTY_WINDOW_AHEAD,
				     &l, &e),
			 0);
	const struct duty *d = find(&l, &x->f, "report.monthly", "2026-10", NULL);
	assert_int_equal(d->status, DUTY_DONE);
	assert_int_equal(d->workdays_left, 0);
	d = find(&l, &x->f, "report.monthly", "2026-09", NULL);
	assert_int_equal(d->status, DUTY_OVERDUE);
	assert_true(d->workdays_left < 0);
	/* due by the 5th of December, a Saturday: extended to Monday 12-07; 11-23 … 12-07 is 11 working days */
	d = find(&l, &x->f, "report.monthly", "2026-11", NULL);
	assert_int_equal(d->status, DUTY_OPEN);
	assert_int_equal(d->oc.due, D("2026-12-07"));
	assert_int_equal(d->workdays_left, 11);
	assert_true(d->calendar_complete);
	/* one occurrence per department for a departmental duty */
	assert_int_equal(find(&l, &x->f, "self.half", "2026-H1", "fin")->status, DUTY_DONE);
	assert_int_equal(find(&l, &x->f, "self.half", "2026-H1", "nic")->status, DUTY_OVERDUE);
	/* as of a day before the late record, fin's was still overdue */
	duties_release(&l);
	assert_int_equal(duties_list(&x->f, x->cal, x->p, x->u, D("2026-07-09"), D("2026-06-01"), D("2026-07-31"), &l, &e), 0);
	assert_int_equal(find(&l, &x->f, "self.half", "2026-H1", "fin")->status, DUTY_OVERDUE);
	/* every occurrence falls due inside the window asked for */
	for (size_t i = 0; i < l.n; i++)
		assert_true(l.v[i].oc.due >= D("2026-06-01") && l.v[i].oc.due <= D("2026-07-31"));
	duties_release(&l);
}

static void test_duty_json_and_owner(void **state)
{
	struct fixture *x = *state;
	struct duty_list l = {0};
	struct zerr e = {0};
	assert_int_equal(facts_index(&x->f), 0);
	zdate today = D("2026-11-21");
	assert_int_equal(duties_list(&x->f, x->cal, x->p, x->u, today, D("2026-06-30"), D("2026-06-30"), &l, &e), 0);
	const struct duty *d = find(&l, &x->f, "self.half", "2026-H1", "fin");
	json_t *cli = duty_json(&x->f, x->u, d, 0), *api = duty_json(&x->f, x->u, d, DUTY_JSON_API);
	assert_int_equal(json_integer_value(json_object_get(cli, "evidence")), 1);
	assert_true(json_is_null(json_object_get(cli, "workdays_left")));
	assert_null(json_object_get(api, "workdays_left"));
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(api, "evidence"), 0), "name")),
			    "自查报告.pdf");
	assert_string_equal(json_string_value(json_object_get(api, "department_name")), "财务处");
	assert_string_equal(json_string_value(json_object_get(api, "by")), "p-li");
	json_decref(cli);
	json_decref(api);
	/* who answers: the liaison for their department's duty, not another's; the post's holder */
	assert_true(duty_person_owes(&x->f, x->u, x->li, d->o, x->fin, today));
	assert_false(duty_person_owes(&x->f, x->u, x->li, d->o, x->nic, today));
	const struct obligation_def *monthly = policy_obligation(x->p, "report.monthly");
	assert_true(duty_person_owes(&x->f, x->u, x->wang, monthly, ZIDX_NONE, today));
	assert_false(duty_person_owes(&x->f, x->u, x->li, monthly, ZIDX_NONE, today));
	json_t *def = obligation_def_json(monthly);
	assert_string_equal(json_string_value(json_object_get(def, "owner")), "network_admin");
	assert_string_equal(json_string_value(json_object_get(def, "frequency")), "month");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(def, "due"), "day_of_next")), 5);
	json_decref(def);
	assert_int_equal(duty_status_from_id("overdue"), DUTY_OVERDUE);
	assert_int_equal(duty_status_from_id("late"), -1);
	duties_release(&l);
}

static void test_notice_deadline(void **state)
{
	struct fixture *x = *state;
	struct facts *f = &x->f;
	zidx ni = facts_add_notice(f, &(struct notice){facts_str(f, "tb-1"), facts_str(f, "市网信办"), NULL,
						       facts_str(f, "通报"), x->u, D("2026-09-29"), ZDATE_NONE, ZDATE_NONE,
						       ZDATE_NONE, ZTIME_NONE, NULL, NULL});
	assert_int_equal(facts_index(f), 0);
	struct notice_status st;
	assert_int_equal(notice_workdays(x->p, D("2026-09-29")), 3);
	assert_int_equal(notice_workdays(NULL, D("2026-09-29")), 3);
	/* received just before the National Day holiday: 09-30, then 10-08 and 10-09 */
	notice_status(f, x->cal, ni, 3, D("2026-09-30"), &st);
	assert_int_equal(st.due, D("2026-10-09"));
	assert_false(st.overdue);
	assert_true(st.workdays_left > 0);
	notice_status(f, x->cal, ni, 3, D("2026-10-12"), &st);
	assert_true(st.overdue);
	assert_true(st.workdays_left < 0);
	f->notices.v[ni].rectified_on = D("2026-10-09");
	notice_status(f, x->cal, ni, 3, D("2026-10-12"), &st);
	assert_false(st.overdue);
	assert_true(st.rectified_by);
	/* as of a day before the rectification it was still open */
	notice_status(f, x->cal, ni, 3, D("2026-10-08"), &st);
	assert_false(st.rectified_by);
}

static void test_incident_deadlines(void **state)
{
	struct fixture *x = *state;
	struct facts *f = &x->f;
	struct incident in = {facts_str(f, "i-1"), facts_str(f, "泄露"), NULL, x->u, ZIDX_NONE, GRADE_GENERAL,
			      ZTIME_NONE, ZTIME_NONE, ZTIME_NONE, ZTIME_NONE, -1, -1, ZDATE_NONE,
			      NULL, TRI_NULL, TRI_NULL, -1, -1, -1, NULL};
	assert_true(ztime_parse("2026-11-20T10:00:00+08:00", &in.occurred));
	zidx xi = facts_add_incident(f, &in);
	assert_int_equal(facts_index(f), 0);
	struct incident_deadlines d;
	char t[ZTIME_BUFSZ];
	incident_deadlines(x->p, f, xi, D("2026-11-20"), &d);
	assert_true(d.report_rule);
	assert_int_equal(d.report_hours, 24);
	assert_string_equal(ztime_format(d.report_due, t), "2026-11-21T10:00:00+08:00");
	assert_false(d.report_overdue);
	incident_deadlines(x->p, f, xi, D("2026-11-21"), &d);
	assert_true(d.report_overdue);
	assert_false(d.summary_rule); /* not resolved, and only 一般 */
	/* a million people's data: 较大, four hours, and a summary due 30 days after resolution */
	f->incidents.v[xi].personal_info_records = 2000000;
	assert_true(ztime_parse("2026-11-20T15:00:00+08:00", &f->incidents.v[xi].reported));
	assert_true(ztime_parse("2026-11-20T20:00:00+08:00", &f->incidents.v[xi].resolved));
	incident_deadlines(x->p, f, xi, D("2026-12-21"), &d);
	assert_int_equal(d.report_hours, 4);
	assert_true(d.report_late);
	assert_false(d.report_overdue);
	assert_true(d.summary_rule);
	assert_int_equal(d.summary_due, D("2026-12-20"));
	assert_true(d.summary_overdue);
	json_t *row = incident_row_json(f, xi);
	incident_deadlines_json(row, f, xi, &d);
	assert_string_equal(json_string_value(json_object_get(row, "grade_effective")), "relatively_major");
	assert_string_equal(json_string_value(json_object_get(row, "status")), "resolved");
	assert_string_equal(json_string_value(json_object_get(row, "summary_due_on")), "2026-12-20");
	json_decref(row);
	incident_deadlines(NULL, f, xi, D("2026-12-21"), &d);
	assert_false(d.report_rule || d.summary_rule);
}

static void test_sanitize_name(void **state)
{
	(void)state;
	char out[EVIDENCE_NAME_MAX + 1];
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"报告.pdf", "报告.pdf"},
		{"../../etc/passwd", "passwd"},
		{"C:\\Users\\王\\自查 报告.docx", "自查 报告.docx"},
		{"..hidden", "hidden"},
		{"a\x01\x1f" "b\x7f.txt", "ab.txt"},
		{"x\xe2\x80\xae" "fdp.exe", "xfdp.exe"}, /* U+202E RIGHT-TO-LEFT OVERRIDE */
		{"bad\xff\xfeutf8\xc0\xaf.txt", "badutf8.txt"},
		{"a:b*c?\"<>|.txt", "abc.txt"},
		{"name. . ", "name"},
		{"", "evidence"},
		{"///", "evidence"},
		{NULL, "evidence"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		evidence_sanitize_name(cases[i].in, out);
		assert_string_equal(out, cases[i].want);
	}
	/* too long: cut at a character boundary, the extension kept */
	char longname[1200] = "";
	for (int i = 0; i < 200; i++)
		strcat(longname, "档");
	strcat(longname, ".pdf");
	evidence_sanitize_name(longname, out);
	assert_true(strlen(out) <= EVIDENCE_NAME_MAX);
	assert_true(utf8_valid(out, strlen(out)));
	assert_string_equal(out + strlen(out) - 4, ".pdf");
	assert_int_equal((strlen(out) - 4) % 3, 0);
}

static void test_store_buffer(void **state)
{
	(void)state;
	char *dir = make_tmpdir(), sha[65], sha2[65], name[EVIDENCE_NAME_MAX + 1], path[4096];
	struct zerr e = {0};
	int64_t size;
	/* SHA-256("abc") */
	const char *abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
	assert_int_equal(evidence_store_buffer(dir, "abc", 3, "../签到表.xlsx", sha, &e), 0);
	assert_string_equal(sha, abc);
	assert_int_equal(evidence_path(dir, sha, path, sizeof path, &e), 0);
	size_t len;
	char *back = slurp(path, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(back, "abc", 3);
	free(back);
	assert_int_equal(evidence_info(dir, sha, &size, name, &e), 0);
	assert_int_equal(size, 3);
	assert_string_equal(name, "签到表.xlsx");
	/* the same content again: one file, the latest name remembered */
	assert_int_equal(evidence_store_buffer(dir, "abc", 3, "again.txt", sha2, &e), 0);
	assert_string_equal(sha2, abc);
	assert_int_equal(evidence_info(dir, sha, &size, name, &e), 0);
	assert_string_equal(name, "again.txt");
	assert_int_equal(evidence_store_buffer(dir, "", 0, "empty", sha, &e), ZE_INVALID);
	assert_int_equal(evidence_info(dir, "0000000000000000000000000000000000000000000000000000000000000000", &size, name, &e),
			 ZE_NOTFOUND);
	assert_int_equal(evidence_path(dir, "../../etc/passwd", path, sizeof path, &e), ZE_INVALID);
	assert_false(evidence_sha256_valid("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
	remove_dir(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_duty_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duty_json_and_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notice_deadline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_incident_deadlines, setup, teardown),
		cmocka_unit_test(test_sanitize_name),
		cmocka_unit_test(test_store_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
