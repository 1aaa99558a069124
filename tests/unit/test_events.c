/* Regulatory fidelity of the time-driven rules (issue 11): dates computed in the unit's time
 * zone, rules and citations with dates of force, the 2025 incident-reporting regime. Every
 * test passes explicit dates; none depends on today. */
#include "testutil.h"

#include "core/accountability.h"
#include "core/events.h"
#include "core/policies.h"
#include "rules/engine.h"
#include "rules/policy.h"

static struct {
	struct facts f;
	zidx u;
	struct policy_set *ps;
	const struct policy *p;
	struct findings out;
} X;

static int setup(void **state)
{
	(void)state;
	struct zerr e = {0};
	memset(&X, 0, sizeof X);
	facts_init(&X.f);
	X.u = facts_add_org(&X.f, &(struct org){facts_str(&X.f, "u"), facts_str(&X.f, "测试单位"), NULL,
						 facts_str(&X.f, "default"), ZIDX_NONE, NULL, 0, 0});
	if (policies_load(&X.ps, &e))
		return -1;
	X.p = policies_get(X.ps, "default");
	return X.u == 0 && X.p ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	findings_release(&X.out);
	facts_release(&X.f);
	policies_free(X.ps);
	return 0;
}

static struct ztime TM(const char *s)
{
	struct ztime t;
	if (!ztime_parse(s, &t))
		fail_msg("bad time in test: %s", s);
	return t;
}

static zidx add_system(const char *id, int critical)
{
	struct zsystem y = {facts_str(&X.f, id), facts_str(&X.f, id), NULL, X.u, ZIDX_NONE, 2, (int8_t)critical,
			    TRI_NULL, ZDATE_NONE, ZDATE_NONE, NULL};
	return facts_add_system(&X.f, &y);
}

/* reported: NULL = not reported. */
static zidx add_incident(const char *id, zidx sys, int grade, const char *occurred, const char *reported)
{
	struct incident x = INCIDENT_INIT;
	x.id = facts_str(&X.f, id);
	x.title = facts_str(&X.f, id);
	x.org = X.u;
	x.system = sys;
	x.grade = (int8_t)grade;
	x.occurred = TM(occurred);
	x.reported = reported ? TM(reported) : ZTIME_NONE;
	return facts_add_incident(&X.f, &x);
}

static zidx add_admin(const char *id, zidx sys, const char *from, const char *to)
{
	zidx p = facts_add_person(&X.f, &(struct person){facts_str(&X.f, id), facts_str(&X.f, id), X.u, ZIDX_NONE,
							 ZDATE_NONE});
	struct appt a = {.person = p, .org = X.u, .dept = ZIDX_NONE, .system = sys, .body = ZIDX_NONE,
			 .post = POST_SYSTEM_ADMIN, .seat = SEAT_NONE, .full_time = TRI_NULL, .from = D(from), .to = D(to)};
	facts_add_appt(&X.f, &a);
	return p;
}

static void set_zone(const char *zone)
{
	int off;
	assert_true(tz_offset(zone, &off));
	X.f.orgs.v[X.u].time_zone = facts_str(&X.f, zone);
	X.f.orgs.v[X.u].utc_offset = (int16_t)off;
}

/* "subject@since" of rule_id's findings as of d, space-separated. */
static const char *found(const char *rule_id, const char *as_of)
{
	static char buf[512];
	char day[ZDATE_BUFSZ];
	size_t n = 0;
	buf[0] = '\0';
	findings_release(&X.out);
	assert_int_equal(facts_index(&X.f), 0);
	struct engine *en = engine_new();
	assert_non_null(en);
	assert_int_equal(engine_check(en, X.p, &X.f, X.u, D(as_of), &X.out), 0);
	engine_free(en);
	for (size_t i = 0; i < X.out.n; i++) {
		const struct finding *fd = &X.out.v[i];
		if (strcmp(fd->rule->id, rule_id))
			continue;
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s@%s", n ? " " : "", finding_subject_id(&X.f, fd),
				      date_format(fd->since, day));
	}
	return buf;
}

static const struct finding *first(const char *rule_id)
{
	for (size_t i = 0; i < X.out.n; i++)
		if (!strcmp(X.out.v[i].rule->id, rule_id))
			return &X.out.v[i];
	return NULL;
}

/* ---- time zone --------------------------------------------------------------------------- */

static void test_tz_table(void **state)
{
	(void)state;
	int off = 0;
	assert_true(tz_offset("Asia/Shanghai", &off));
	assert_int_equal(off, 480);
	assert_true(tz_offset("Asia/Urumqi", &off));
	assert_int_equal(off, 360);
	assert_true(tz_offset("UTC", &off));
	assert_int_equal(off, 0);
	assert_false(tz_offset("Mars/Olympus", &off));
	assert_false(tz_offset(NULL, &off));
	/* 17:30 UTC on 31 July is 01:30 on 1 August in Beijing */
	assert_int_equal(ztime_date_at(TM("2025-07-31T17:30:00+00:00"), 480), D("2025-08-01"));
	assert_int_equal(ztime_date_at(TM("2025-07-31T17:30:00+00:00"), 0), D("2025-07-31"));
	assert_int_equal(org_date(&X.f, X.u, TM("2025-07-31T17:30:00+00:00")), D("2025-08-01"));
}

/* The defect: an incident at 2025-07-31T17:30:00+00:00 was put on 31 July, so accountability
 * named the administrator who handed over on 1 August. Appointments keep dates: a post handed
 * over on D is the successor's for the whole of D from 00:00 in the unit's zone, so at 01:30 on
 * the day of the handover the successor held it. */
static void test_tz_accountability_handover(void **state)
{
	(void)state;
	zidx sys = add_system("portal", TRI_FALSE);
	zidx before = add_admin("p-before", sys, "2024-01-01", "2025-08-01");
	zidx after = add_admin("p-after", sys, "2025-08-01", NULL);
	zidx xi = add_incident("inc", sys, GRADE_GENERAL, "2025-07-31T17:30:00+00:00", NULL);
	assert_int_equal(facts_index(&X.f), 0);
	struct responsible chain[8];
	size_t n = accountability_chain(&X.f, xi, chain, 8);
	assert_int_equal(n, 1);
	assert_int_equal(chain[0].person, after);
	/* the same instant in a unit that keeps UTC is still 31 July there */
	set_zone("UTC");
	n = accountability_chain(&X.f, xi, chain, 8);
	assert_int_equal(n, 1);
	assert_int_equal(chain[0].person, before);
	/* a minute before local midnight is the predecessor's day */
	set_zone("Asia/Shanghai");
	X.f.incidents.v[xi].occurred = TM("2025-07-31T15:59:00Z");
	n = accountability_chain(&X.f, xi, chain, 8);
	assert_int_equal(n, 1);
	assert_int_equal(chain[0].person, before);
}

/* Report delays: occurred 17:30 UTC on 31 July, 24 hours → due 01:30 on 2 August in Beijing
 * (the due instant 2025-08-01T17:30Z); the incident's day, the finding's since and the
 * look-back are all Beijing days. */
static void test_tz_report_delay(void **state)
{
	(void)state;
	zidx sys = add_system("mail", TRI_FALSE);
	add_incident("inc", sys, GRADE_GENERAL, "2025-07-31T17:30:00+00:00", NULL);
	assert_string_equal(found("incident.report_late", "2025-08-01"), "");
	assert_string_equal(found("incident.report_late", "2025-08-02"), "mail@2025-08-02");
	/* the look-back (365 days) counts from 1 August, the Beijing day it occurred */
	assert_string_equal(found("incident.report_late", "2026-07-31"), "mail@2025-08-02");
	assert_string_equal(found("incident.report_late", "2026-08-01"), "");
	set_zone("UTC");
	assert_string_equal(found("incident.report_late", "2025-08-01"), "mail@2025-08-01");
}

/* The repeat window: an incident at 01:00 Beijing on 1 May (17:00 UTC on 30 April) is within 3
 * months of one on 1 August. */
static void test_tz_repeat_window(void **state)
{
	(void)state;
	zidx sys = add_system("oa", TRI_FALSE);
	add_incident("a", sys, GRADE_GENERAL, "2025-04-30T17:00:00Z", "2025-04-30T18:00:00Z");
	add_incident("b", sys, GRADE_GENERAL, "2025-08-01T10:00:00+08:00", "2025-08-01T11:00:00+08:00");
	assert_string_equal(found("incident.repeat", "2025-08-10"), "oa@2025-08-01");
	set_zone("UTC");
	assert_string_equal(found("incident.repeat", "2025-08-10"), "");
}

/* ---- the 2025 regime and dates of force ---------------------------------------------------- */

/* The 办法 takes force on 2025-11-01: its limits do not apply to incidents of October 2025. */
static void test_national_limits_from_2025_11_01(void **state)
{
	(void)state;
	zidx sys = add_system("jwxt", TRI_FALSE);
	/* 较大, reported 5 hours after it happened: late under 4 h, but only from 1 November */
	add_incident("oct", sys, GRADE_RELATIVELY_MAJOR, "2025-10-31T10:00:00+08:00", "2025-10-31T15:00:00+08:00");
	add_incident("nov", sys, GRADE_RELATIVELY_MAJOR, "2025-11-01T10:00:00+08:00", "2025-11-01T15:00:00+08:00");
	assert_string_equal(found("incident.report_national", "2025-11-20"), "jwxt@2025-11-01");
	const struct finding *fd = first("incident.report_national");
	assert_non_null(fd);
	assert_string_equal(X.f.incidents.v[fd->incident].id, "nov");
	assert_int_equal(fd->count, 4);
	/* … and the unit's own 24 h rule applies to both, neither late under it */
	assert_string_equal(found("incident.report_late", "2025-11-20"), "");
	/* an incident at 23:30 UTC on 31 October is on 1 November in Beijing: the 办法 applies */
	add_incident("edge", sys, GRADE_MAJOR, "2025-10-31T16:30:00Z", "2025-10-31T23:30:00Z");
	assert_string_equal(found("incident.report_national", "2025-11-20"), "jwxt@2025-11-01 jwxt@2025-11-01");
}

/* The defect: the 1 h limit was applied to every incident on a critical-infrastructure system.
 * It is the 办法's, for reportable (较大 and above) events of a CII operator; an ordinary
 * incident there falls under the unit's own 24 h. */
static void test_cii_limit_only_for_reportable(void **state)
{
	(void)state;
	zidx sys = add_system("ykt", TRI_TRUE);
	add_incident("general", sys, GRADE_GENERAL, "2026-10-20T10:00:00+08:00", "2026-10-20T12:30:00+08:00");
	assert_string_equal(found("incident.report_late", "2026-11-21"), "");
	assert_string_equal(found("incident.report_national", "2026-11-21"), "");
	/* an ungraded one too, unless its counts make it 较大 */
	zidx x = add_incident("leak", sys, GRADE_NONE, "2026-10-21T10:00:00+08:00", "2026-10-21T12:00:00+08:00");
	assert_string_equal(found("incident.report_national", "2026-11-21"), "");
	X.f.incidents.v[x].personal_info_records = 2000000;
	assert_string_equal(found("incident.report_national", "2026-11-21"), "ykt@2026-10-21");
	assert_int_equal(first("incident.report_national")->count, 1);
}

/* Limits by operator type, a unit attribute: CII operator 1 h, central and state organs 2 h,
 * others 4 h. Not recorded: a unit running a CII system is a CII operator. */
static void test_operator_types(void **state)
{
	(void)state;
	zidx sys = add_system("oa", TRI_FALSE);
	add_incident("x", sys, GRADE_RELATIVELY_MAJOR, "2026-03-02T09:00:00+08:00", "2026-03-02T10:30:00+08:00");
	assert_string_equal(found("incident.report_national", "2026-03-10"), ""); /* other: 4 h */
	X.f.orgs.v[X.u].operator_type = OPERATOR_CENTRAL_ORGAN;
	assert_string_equal(found("incident.report_national", "2026-03-10"), ""); /* 1.5 h < 2 h */
	X.f.orgs.v[X.u].operator_type = OPERATOR_CII;
	assert_string_equal(found("incident.report_national", "2026-03-10"), "oa@2026-03-02");
	X.f.orgs.v[X.u].operator_type = OPERATOR_UNSET;
	assert_int_equal(facts_index(&X.f), 0);
	assert_int_equal(org_operator_type(&X.f, X.u), OPERATOR_OTHER);
	add_system("ykt", TRI_TRUE);
	assert_int_equal(facts_index(&X.f), 0);
	assert_int_equal(org_operator_type(&X.f, X.u), OPERATOR_CII);
	assert_string_equal(found("incident.report_national", "2026-03-10"), "oa@2026-03-02");
}

/* The deadlines the listings show follow the strictest rule that applies. */
static void test_incident_deadlines(void **state)
{
	(void)state;
	zidx sys = add_system("oa", TRI_FALSE);
	zidx g = add_incident("g", sys, GRADE_GENERAL, "2026-03-02T09:00:00+08:00", NULL);
	zidx m = add_incident("m", sys, GRADE_MAJOR, "2026-03-02T09:00:00+08:00", NULL);
	zidx old = add_incident("old", sys, GRADE_MAJOR, "2025-10-02T09:00:00+08:00", NULL);
	assert_int_equal(facts_index(&X.f), 0);
	struct incident_deadlines dl;
	incident_deadlines(X.p, &X.f, g, D("2026-03-02"), &dl);
	assert_int_equal(dl.report_hours, 24);
	incident_deadlines(X.p, &X.f, m, D("2026-03-02"), &dl);
	assert_int_equal(dl.report_hours, 4);
	incident_deadlines(X.p, &X.f, old, D("2025-10-02"), &dl);
	assert_int_equal(dl.report_hours, 24);
}

/* A check as of D cites the clause as numbered on D: 网络安全法 as amended is in force from
 * 2026-01-01. */
static void test_citations_by_date(void **state)
{
	(void)state;
	const struct rule *r = policy_rule(X.p, "personnel.background_check");
	assert_non_null(r);
	int before = 0, after = 0;
	for (int i = 0; i < r->ncitations; i++) {
		const struct citation *c = &r->citations[i];
		if (!strstr(c->document, "网络安全法"))
			continue;
		before += citation_in_force(c, D("2025-12-31"));
		after += citation_in_force(c, D("2026-01-01"));
		if (citation_in_force(c, D("2026-01-01"))) {
			assert_non_null(strstr(c->document, "2025年修正"));
			assert_non_null(c->note); /* the new number is not verified: it says so */
		}
	}
	assert_int_equal(before, 1);
	assert_int_equal(after, 1);
}

/* The policy format: in_force on rules and citations, versions with other parameters. */
static void test_policy_dates_of_force(void **state)
{
	(void)state;
	static const char doc[] =
		"{\"format\": \"zeren-policy/v1\", \"id\": \"t\", \"title\": \"t\", \"rules\": ["
		" {\"id\": \"n\", \"kind\": \"notice_deadline\", \"severity\": \"error\", \"title\": \"t\","
		"  \"in_force\": {\"from\": \"2021-01-01\", \"to\": null},"
		"  \"params\": {\"workdays\": 3},"
		"  \"citations\": [{\"document\": \"d\", \"clause\": \"old\", \"in_force\": {\"to\": \"2026-01-01\"}},"
		"                  {\"document\": \"d\", \"clause\": \"new\", \"in_force\": {\"from\": \"2026-01-01\"}}],"
		"  \"versions\": [{\"in_force\": {\"from\": \"2026-01-01\", \"to\": null}, \"params\": {\"workdays\": 5},"
		"                  \"citations\": [{\"document\": \"d2\", \"clause\": \"v\"}]}]}]}";
	struct policy *p = NULL;
	struct zerr e = {0};
	if (policy_parse(doc, strlen(doc), "t.json", &p, &e))
		fail_msg("%s", e.msg);
	const struct rule *r = &p->rules[0];
	assert_null(rule_at(r, D("2020-12-31")));
	assert_ptr_equal(rule_at(r, D("2021-01-01")), r);
	assert_int_equal(rule_at(r, D("2025-12-31"))->workdays, 3);
	const struct rule *v = rule_at(r, D("2026-01-01"));
	assert_ptr_equal(v->base, r);
	assert_int_equal(v->workdays, 5);
	assert_string_equal(v->citations[0].document, "d2");
	assert_true(citation_in_force(&r->citations[0], D("2025-12-31")));
	assert_false(citation_in_force(&r->citations[0], D("2026-01-01")));
	assert_true(citation_in_force(&r->citations[1], D("2026-01-01")));
	policy_free(p);

	static const char *const bad[][2] = {
		{"\"in_force\": {\"from\": \"2026-01-01\", \"to\": \"2025-01-01\"}", "$.rules[0].in_force.to: must be after from"},
		{"\"in_force\": {\"since\": \"2026-01-01\"}", "$.rules[0].in_force.since: unknown field"},
		{"\"versions\": [{\"in_force\": {\"from\": \"2026-01-01\"}}, {\"in_force\": {\"from\": \"2027-01-01\"}}]",
		 "$.rules[0].versions[1].in_force: overlaps an earlier version"},
		{"\"versions\": [{\"params\": {\"workdays\": 5}}]", "$.rules[0].versions[0].in_force: missing"},
		{"\"versions\": [{\"in_force\": {}, \"params\": {\"workdays\": 0}}]",
		 "$.rules[0].versions[0].params.workdays: must be a whole number"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char text[1024];
		snprintf(text, sizeof text,
			 "{\"format\": \"zeren-policy/v1\", \"id\": \"t\", \"title\": \"t\", \"rules\": ["
			 " {\"id\": \"n\", \"kind\": \"notice_deadline\", \"severity\": \"error\", \"title\": \"t\","
			 "  \"params\": {\"workdays\": 3}, \"citations\": [{\"document\": \"d\", \"clause\": \"c\"}], %s}]}",
			 bad[i][0]);
		memset(&e, 0, sizeof e);
		p = NULL;
		assert_int_not_equal(policy_parse(text, strlen(text), "t.json", &p, &e), 0);
		if (!strstr(e.msg, bad[i][1]))
			fail_msg("case %zu: %s", i, e.msg);
		policy_free(p);
	}
}

/* A structural rule applies on the days of the check it is in force; a profile extending a
 * policy with versions gets versions that name its own copy of the rule. */
static void test_structural_in_force_and_extend(void **state)
{
	(void)state;
	static const char base_doc[] =
		"{\"format\": \"zeren-policy/v1\", \"id\": \"b\", \"title\": \"b\", \"rules\": ["
		" {\"id\": \"req\", \"kind\": \"required_post\", \"severity\": \"error\", \"title\": \"t\","
		"  \"in_force\": {\"from\": \"2026-01-01\"}, \"params\": {\"posts\": [\"security_admin\"], \"per\": \"org\"},"
		"  \"citations\": [{\"document\": \"d\", \"clause\": \"c\"}]},"
		" {\"id\": \"n\", \"kind\": \"notice_deadline\", \"severity\": \"error\", \"title\": \"t\","
		"  \"params\": {\"workdays\": 3}, \"citations\": [{\"document\": \"d\", \"clause\": \"c\"}],"
		"  \"versions\": [{\"in_force\": {\"from\": \"2026-01-01\"}, \"params\": {\"workdays\": 5}}]}]}";
	static const char over_doc[] =
		"{\"format\": \"zeren-policy/v1\", \"id\": \"o\", \"extends\": \"b\", \"title\": \"o\", \"rules\": []}";
	struct policy *base = NULL, *over = NULL, *p = NULL;
	struct zerr e = {0};
	assert_int_equal(policy_parse(base_doc, strlen(base_doc), "b.json", &base, &e), 0);
	assert_int_equal(policy_parse(over_doc, strlen(over_doc), "o.json", &over, &e), 0);
	assert_int_equal(policy_extend(base, over, &p, &e), 0);
	const struct rule *v = rule_at(&p->rules[1], D("2026-02-01"));
	assert_int_equal(v->workdays, 5);
	assert_ptr_equal(v->base, &p->rules[1]);
	assert_int_equal(facts_index(&X.f), 0);
	struct engine *en = engine_new();
	findings_release(&X.out);
	assert_int_equal(engine_check(en, p, &X.f, X.u, D("2025-12-31"), &X.out), 0);
	assert_int_equal(X.out.n, 0);
	assert_int_equal(engine_check(en, p, &X.f, X.u, D("2026-01-01"), &X.out), 0);
	assert_int_equal(X.out.n, 1);
	assert_ptr_equal(X.out.v[0].rule, &p->rules[0]);
	assert_int_equal(X.out.v[0].as_of, D("2026-01-01"));
	assert_int_equal(X.out.v[0].since, D("2026-01-01")); /* not before the rule took force */
	engine_free(en);
	policy_free(p);
	policy_free(over);
	policy_free(base);
}

/* ---- grading and the outage rule ---------------------------------------------------------- */

static void expect_grade(zidx xi, int grade, const char *why_part)
{
	const char *why = NULL;
	assert_int_equal(incident_grade(&X.f, &X.f.incidents.v[xi], &why), grade);
	if (!why_part)
		assert_null(why);
	else if (!why || !strstr(why, why_part))
		fail_msg("reason: %s, expected one with %s", why ? why : "(none)", why_part);
}

/* Grading from the annex thresholds, each inclusive, the reason shown. */
static void test_grading_thresholds(void **state)
{
	(void)state;
	zidx cii = add_system("ykt", TRI_TRUE), plain = add_system("oa", TRI_FALSE);
	zidx xi = add_incident("x", cii, GRADE_GENERAL, "2026-03-02T09:00:00+08:00", NULL);
	struct incident *x = &X.f.incidents.v[xi];
	expect_grade(xi, GRADE_GENERAL, NULL);
	x->personal_info_records = 999999;
	expect_grade(xi, GRADE_GENERAL, NULL);
	x->personal_info_records = 1000000;
	expect_grade(xi, GRADE_RELATIVELY_MAJOR, "个人信息泄露达100万人以上");
	x->personal_info_records = -1;
	x->economic_loss_yuan = 5e7;
	expect_grade(xi, GRADE_MAJOR, "直接经济损失达5000万元以上");
	x->economic_loss_yuan = -1;
	x->outage_hours = 6;
	expect_grade(xi, GRADE_ESPECIALLY_MAJOR, "整体中断运行6小时以上");
	x->outage_hours = 0.5;
	expect_grade(xi, GRADE_RELATIVELY_MAJOR, "整体中断运行30分钟以上");
	x->outage_hours = -1;
	x->function_outage_hours = 6;
	expect_grade(xi, GRADE_MAJOR, "主要功能中断运行6小时以上");
	/* outage durations count only on a critical-infrastructure system */
	x->system = plain;
	expect_grade(xi, GRADE_GENERAL, NULL);
	x->function_outage_hours = -1;
	x->people_affected = 100000;
	expect_grade(xi, GRADE_RELATIVELY_MAJOR, "影响10万人以上");
	/* the highest grade wins; a recorded grade is never lowered */
	x->economic_loss_yuan = 1e8;
	expect_grade(xi, GRADE_ESPECIALLY_MAJOR, "直接经济损失达1亿元以上");
	x->economic_loss_yuan = -1;
	x->grade = GRADE_MAJOR;
	expect_grade(xi, GRADE_MAJOR, NULL);
}

/* The defect: incident.outage fired on any incident down 6 hours or more. 004 八(二) asks for an
 * important system, attacked, not handled in time, down 6 hours or more (inclusive). */
static void test_outage_faithful(void **state)
{
	(void)state;
	zidx oa = add_system("oa", TRI_FALSE), lib = add_system("lib", TRI_FALSE);
	X.f.systems.v[lib].mlps_level = 1;
	zidx xi = add_incident("down", oa, GRADE_GENERAL, "2026-09-01T02:00:00+08:00", "2026-09-01T03:00:00+08:00");
	struct incident *x = &X.f.incidents.v[xi];
	x->outage_hours = 9;
	x->category = facts_str(&X.f, "设备故障");
	assert_string_equal(found("incident.outage", "2026-09-10"), ""); /* not shown to be an attack */
	x->classification = facts_str(&X.f, "equipment_failure");
	assert_string_equal(found("incident.outage", "2026-09-10"), "");
	x->classification = facts_str(&X.f, "malware");
	assert_string_equal(found("incident.outage", "2026-09-10"), "oa@2026-09-01");
	x->attacked = TRI_FALSE; /* recorded: not an attack, whatever the category */
	assert_string_equal(found("incident.outage", "2026-09-10"), "");
	x->attacked = TRI_TRUE;
	x->outage_hours = 6; /* 6 小时以上 includes 6 */
	assert_string_equal(found("incident.outage", "2026-09-10"), "oa@2026-09-01");
	x->outage_hours = 5.9;
	assert_string_equal(found("incident.outage", "2026-09-10"), "");
	x->outage_hours = 6;
	x->handled_in_time = TRI_TRUE;
	assert_string_equal(found("incident.outage", "2026-09-10"), "");
	x->handled_in_time = TRI_FALSE;
	x->system = lib; /* level 1, not critical: not an important system */
	assert_string_equal(found("incident.outage", "2026-09-10"), "");
	X.f.systems.v[lib].critical_infrastructure = TRI_TRUE;
	assert_string_equal(found("incident.outage", "2026-09-10"), "lib@2026-09-01");
}

/* ---- notices ------------------------------------------------------------------------------- */

/* received: a Monday; rectified, feedback, rectify_by: NULL = none. */
static zidx add_notice(const char *received, const char *rectified, const char *feedback, const char *rectify_by)
{
	struct notice n = {facts_str(&X.f, "tb"), facts_str(&X.f, "市网信办"), NULL, facts_str(&X.f, "通报"), X.u,
			   D(received), rectified ? D(rectified) : ZDATE_NONE, feedback ? D(feedback) : ZDATE_NONE,
			   rectify_by ? D(rectify_by) : ZDATE_NONE, ZTIME_NONE, NULL, NULL};
	zidx ni = facts_add_notice(&X.f, &n);
	facts_add_notice_system(&X.f, &(struct notice_system){ni, add_system("portal", TRI_FALSE)});
	return ni;
}

/* The defect: a notice rectified late vanished once rectified. Received Monday 2026-11-16, due
 * Thursday 11-19 (3 working days, Monday to Friday here), rectified Friday 11-20. */
static void test_notice_rectified_late_stays(void **state)
{
	(void)state;
	add_notice("2026-11-16", "2026-11-20", "2026-11-20", NULL);
	assert_string_equal(found("notice.rectification", "2026-11-19"), "");
	assert_string_equal(found("notice.rectification", "2026-11-20"), "portal@2026-11-20");
	assert_int_equal(first("notice.rectification")->reason, R_NOTICE_RECTIFIED_LATE);
	assert_string_equal(found("notice.rectification", "2027-11-15"), "portal@2026-11-20");
	assert_string_equal(found("notice.rectification", "2027-11-16"), ""); /* 365 days after receipt */
	/* feedback the same day: late too, on record as long */
	assert_string_equal(found("notice.feedback", "2026-12-01"), "portal@2026-11-20");
	assert_int_equal(first("notice.feedback")->reason, R_FEEDBACK_LATE);
}

/* Feedback to the issuer (004 五) within the same deadline; a notice not yet rectified is
 * notice.rectification's alone. */
static void test_notice_feedback(void **state)
{
	(void)state;
	zidx ni = add_notice("2026-11-16", NULL, NULL, NULL);
	assert_string_equal(found("notice.rectification", "2026-11-25"), "portal@2026-11-20");
	assert_int_equal(first("notice.rectification")->reason, R_NOTICE_OVERDUE);
	assert_string_equal(found("notice.feedback", "2026-11-25"), "");
	X.f.notices.v[ni].rectified_on = D("2026-11-18");
	assert_string_equal(found("notice.rectification", "2026-11-25"), "");
	assert_string_equal(found("notice.feedback", "2026-11-19"), "");
	assert_string_equal(found("notice.feedback", "2026-11-25"), "portal@2026-11-20");
	assert_int_equal(first("notice.feedback")->reason, R_FEEDBACK_MISSING);
	X.f.notices.v[ni].feedback_on = D("2026-11-19");
	assert_string_equal(found("notice.feedback", "2026-11-25"), "");
}

/* A notice's own 整改期限 overrides the default 3 working days, both ways. */
static void test_notice_own_deadline(void **state)
{
	(void)state;
	zidx ni = add_notice("2026-11-16", NULL, NULL, "2026-11-30");
	assert_string_equal(found("notice.rectification", "2026-11-30"), "");
	assert_string_equal(found("notice.rectification", "2026-12-01"), "portal@2026-12-01");
	assert_int_equal(first("notice.rectification")->date, D("2026-11-30"));
	X.f.notices.v[ni].rectify_by = D("2026-11-17");
	assert_string_equal(found("notice.rectification", "2026-11-18"), "portal@2026-11-18");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_tz_table),
		T(test_tz_accountability_handover),
		T(test_tz_report_delay),
		T(test_tz_repeat_window),
		T(test_national_limits_from_2025_11_01),
		T(test_cii_limit_only_for_reportable),
		T(test_operator_types),
		T(test_incident_deadlines),
		T(test_citations_by_date),
		T(test_policy_dates_of_force),
		T(test_structural_in_force_and_extend),
		T(test_grading_thresholds),
		T(test_outage_faithful),
		T(test_notice_rectified_late_stays),
		T(test_notice_feedback),
		T(test_notice_own_deadline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
