/* A unit's own policy versions (issue 12): a version extends a shipped profile (also one that
 * extends another), replaces, adds and removes rules; the version a check follows on a day is
 * the approved one starting last on or before it; a unit without one follows its profile. And
 * the store's side: numbering, drafts only change, a decided version is frozen. */
#include "testutil.h"

#include "core/change.h"
#include "core/policies.h"
#include "core/unitpolicy.h"
#include "store/store.h"

static const char V_DEADLINE[] =
	"{\"format\":\"zeren-policy/v1\",\"id\":\"own\",\"extends\":\"%s\",\"rules\":[{\"id\":\"notice.rectification\","
	"\"kind\":\"notice_deadline\",\"severity\":\"error\",\"title\":\"5个工作日\",\"params\":{\"workdays\":%d},"
	"\"citations\":[{\"document\":\"《细则》\",\"clause\":\"第九条\"}]}],"
	"\"removes\":{\"rules\":[\"agreement.expiring\"]}}";

static char *doc(const char *base, int workdays)
{
	static char buf[1024];
	snprintf(buf, sizeof buf, V_DEADLINE, base, workdays);
	return buf;
}

static void parse_over_profiles(void **state)
{
	(void)state;
	struct policy_set *ps = NULL;
	struct zerr e = {0};
	assert_int_equal(policies_load(&ps, &e), 0);
	const struct policy *def = policies_get(ps, "default"), *strict = policies_get(ps, "strict-fulltime");
	struct policy *parsed = NULL, *resolved = NULL;
	/* Over strict-fulltime: its own rules stay, one is replaced, one removed. */
	const char *t = doc("strict-fulltime", 5);
	assert_int_equal(policies_parse_unit(ps, t, strlen(t), "t", &parsed, &resolved, &e), 0);
	assert_int_equal(resolved->nrules, strict->nrules - 1);
	assert_non_null(policy_rule(resolved, "sod.system_admin"));
	assert_null(policy_rule(resolved, "agreement.expiring"));
	assert_int_equal(policy_rule(resolved, "notice.rectification")->workdays, 5);
	assert_int_equal(resolved->nobligations, def->nobligations);
	policy_free(resolved);
	policy_free(parsed);
	/* Removing what the base lacks, or without extends, is refused with the path. */
	const char bad[] = "{\"format\":\"zeren-policy/v1\",\"id\":\"x\",\"extends\":\"default\",\"rules\":[],"
			   "\"removes\":{\"rules\":[\"nope\"]}}";
	assert_int_equal(policies_parse_unit(ps, bad, strlen(bad), "t", &parsed, &resolved, &e), ZE_INVALID);
	assert_non_null(strstr(e.msg, "$.removes.rules[0]"));
	const char nobase[] = "{\"format\":\"zeren-policy/v1\",\"id\":\"x\",\"rules\":[],\"removes\":{\"rules\":[]}}";
	assert_int_equal(policies_parse_unit(ps, nobase, strlen(nobase), "t", &parsed, &resolved, &e), ZE_INVALID);
	assert_non_null(strstr(e.msg, "$.removes"));
	policies_free(ps);
}

static void version_of_the_day(void **state)
{
	(void)state;
	struct policy_set *shipped = NULL, *ps = NULL;
	struct zerr e = {0};
	int64_t v = -1;
	assert_int_equal(policies_load(&shipped, &e), 0);
	assert_int_equal(policies_over(shipped, &ps, &e), 0);
	assert_int_equal(policies_add_unit(ps, "u", 1, D("2026-11-23"), doc("default", 5), strlen(doc("default", 5)), &e), 0);
	assert_int_equal(policies_add_unit(ps, "u", 2, D("2027-01-01"), doc("default", 7), strlen(doc("default", 7)), &e), 0);
	const struct policy *p = policies_for_unit(ps, "u", NULL, D("2026-11-22"), &v);
	assert_ptr_equal(p, policies_get(shipped, "default"));
	assert_int_equal(v, 0);
	p = policies_for_unit(ps, "u", NULL, D("2026-11-23"), &v);
	assert_int_equal(v, 1);
	assert_int_equal(policy_rule(p, "notice.rectification")->workdays, 5);
	p = policies_for_unit(ps, "u", "default", D("2030-01-01"), &v);
	assert_int_equal(v, 2);
	assert_int_equal(policy_rule(p, "notice.rectification")->workdays, 7);
	/* Another unit is untouched; its profile is what it follows. */
	assert_ptr_equal(policies_for_unit(ps, "w", "strict-fulltime", D("2030-01-01"), &v), policies_get(shipped, "strict-fulltime"));
	assert_int_equal(v, 0);
	/* The shipped set is borrowed, not freed with the overlay. */
	policies_free(ps);
	assert_non_null(policies_get(shipped, "default")->id);
	policies_free(shipped);
}

static void store_lifecycle(void **state)
{
	(void)state;
	char dir[] = "/tmp/zeren-unitpolicy-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct store *s = NULL;
	struct policy_set *ps = NULL;
	struct zerr e = {0};
	assert_int_equal(store_open(dir, &s, &e), 0);
	assert_int_equal(policies_load(&ps, &e), 0);
	const char unit[] = "{\"format\":\"zeren/v1\",\"organizations\":[{\"id\":\"u\",\"name\":\"U\",\"kind\":\"university\","
			    "\"parent\":null,\"policy\":\"default\",\"departments\":[]}]}";
	struct change imp = {.actor = "cli:t", .source = "cli", .action = "import", .object = "t"};
	assert_int_equal(change_document(s, &imp, unit, strlen(unit), "t", NULL, NULL, &e), 0);
	struct change c = {.actor = "cli:office", .source = "cli", .unit = "u", .reason = "r"};
	int64_t v = 0;
	const char *t = doc("default", 5);
	assert_int_equal(unit_policy_draft(s, ps, &c, t, strlen(t), &v, &e), 0);
	assert_int_equal(v, 1);
	/* The author cannot approve; another can; then it is frozen. */
	c.actor = "cli:office";
	assert_int_equal(unit_policy_approve(s, ps, &c, 1, D("2026-11-23"), &e), ZE_DENIED);
	c.actor = "cli:leader";
	assert_int_equal(unit_policy_approve(s, ps, &c, 1, D("2026-11-23"), &e), 0);
	c.actor = "cli:office";
	assert_int_equal(unit_policy_edit(s, ps, &c, 1, t, strlen(t), &e), ZE_CONFLICT);
	assert_int_equal(unit_policy_reject(s, &c, 1, &e), ZE_CONFLICT);
	assert_int_equal(unit_policy_edit(s, ps, &c, 9, t, strlen(t), &e), ZE_NOTFOUND);
	/* A second draft; it may not take force before the first. */
	assert_int_equal(unit_policy_draft(s, ps, &c, t, strlen(t), &v, &e), 0);
	assert_int_equal(v, 2);
	c.actor = "cli:leader";
	assert_int_equal(unit_policy_approve(s, ps, &c, 2, D("2026-11-22"), &e), ZE_CONFLICT);
	/* Loaded for checks: only the approved one. */
	struct policy_set *units = NULL;
	int64_t which = -1;
	assert_int_equal(unit_policies_load(s, ps, "u", &units, &e), 0);
	policies_for_unit(units, "u", "default", D("2030-01-01"), &which);
	assert_int_equal(which, 1);
	policies_free(units);
	policies_free(ps);
	store_close(s);
	remove_dir(dir);
}

/* A rule about events judges an event by the unit's policy of the day it happened: before the
 * first version the profile's 3 days, then 5, then 7, whatever order the versions are added in;
 * a rule a version adds judges no event of before it; a rule about days is left alone. */
static void events_by_the_day_they_happened(void **state)
{
	(void)state;
	static const char added[] =
		"{\"format\":\"zeren-policy/v1\",\"id\":\"own\",\"extends\":\"default\",\"rules\":[{\"id\":\"notice.own\","
		"\"kind\":\"notice_deadline\",\"severity\":\"warning\",\"title\":\"本单位\",\"params\":{\"workdays\":2},"
		"\"citations\":[{\"document\":\"《细则》\",\"clause\":\"第十条\"}]}]}";
	for (int order = 0; order < 2; order++) {
		struct policy_set *shipped = NULL, *ps = NULL;
		struct zerr e = {0};
		assert_int_equal(policies_load(&shipped, &e), 0);
		assert_int_equal(policies_over(shipped, &ps, &e), 0);
		char five[1024], seven[1024];
		snprintf(five, sizeof five, "%s", doc("default", 5));
		snprintf(seven, sizeof seven, "%s", doc("default", 7));
		if (order)
			assert_int_equal(policies_add_unit(ps, "u", 2, D("2027-01-01"), seven, strlen(seven), &e), 0);
		assert_int_equal(policies_add_unit(ps, "u", 1, D("2026-11-23"), five, strlen(five), &e), 0);
		if (!order)
			assert_int_equal(policies_add_unit(ps, "u", 2, D("2027-01-01"), seven, strlen(seven), &e), 0);
		assert_int_equal(policies_add_unit(ps, "u", 3, D("2027-06-01"), added, strlen(added), &e), 0);
		const struct policy *p2 = policies_for_unit(ps, "u", NULL, D("2027-03-01"), NULL);
		const struct rule *r = policy_rule(p2, "notice.rectification");
		assert_int_equal(rule_at(r, D("2026-11-16"))->workdays, 3);
		assert_string_equal(rule_at(r, D("2026-11-16"))->citations[0].clause, "五");
		assert_ptr_equal(rule_at(r, D("2026-11-16"))->base, r);
		assert_int_equal(rule_at(r, D("2026-11-23"))->workdays, 5);
		assert_string_equal(rule_at(r, D("2026-12-31"))->citations[0].clause, "第九条");
		assert_int_equal(rule_at(r, D("2027-01-01"))->workdays, 7);
		assert_int_equal(rule_first_day(r), ZDATE_MIN);
		/* Version 3 goes back to the profile's 3 days from its day, and adds notice.own. */
		const struct policy *p3 = policies_for_unit(ps, "u", NULL, D("2027-06-01"), NULL);
		r = policy_rule(p3, "notice.rectification");
		assert_int_equal(rule_at(r, D("2026-12-01"))->workdays, 5);
		assert_int_equal(rule_at(r, D("2027-05-31"))->workdays, 7);
		assert_int_equal(rule_at(r, D("2027-06-01"))->workdays, 3);
		assert_null(rule_at(policy_rule(p3, "notice.own"), D("2027-05-31")));
		assert_int_equal(rule_at(policy_rule(p3, "notice.own"), D("2027-06-01"))->workdays, 2);
		/* A rule about the day of the check keeps its own dates. */
		assert_int_equal(policy_rule(p3, "agreement.key_post")->from, policy_rule(policies_get(shipped, "default"), "agreement.key_post")->from);
		policies_free(ps);
		policies_free(shipped);
	}
}

/* A unit's own daily duty (每日巡检): period "day" with FREQ=DAILY, one occurrence a day, a day
 * off's due on the next working day; FREQ=DAILY with another period is refused, naming it. */
static void daily_duty(void **state)
{
	(void)state;
	static const char text[] =
		"{\"format\":\"zeren-policy/v1\",\"id\":\"own\",\"extends\":\"default\",\"rules\":[],\"obligations\":["
		"{\"id\":\"unit.patrol\",\"title\":\"每日巡检\",\"owner\":{\"post\":\"system_admin\"},"
		"\"rrule\":\"FREQ=DAILY\",\"period\":\"%s\",\"due\":{\"days\":0},"
		"\"citations\":[{\"document\":\"《细则》\",\"clause\":\"第十一条\"}]}]}";
	char doc_day[1024], doc_week[1024];
	snprintf(doc_day, sizeof doc_day, text, "day");
	snprintf(doc_week, sizeof doc_week, text, "week");
	struct policy_set *ps = NULL;
	struct policy *parsed = NULL, *resolved = NULL;
	struct zerr e = {0};
	assert_int_equal(policies_load(&ps, &e), 0);
	assert_int_equal(policies_parse_unit(ps, doc_day, strlen(doc_day), "t", &parsed, &resolved, &e), 0);
	const struct obligation_def *o = policy_obligation(resolved, "unit.patrol");
	assert_non_null(o);
	assert_int_equal(o->rule.period, RECUR_DAY);
	struct recur_occurrence occ[8];
	assert_int_equal(recur_expand(&o->rule, NULL, D("2026-01-01"), D("2026-03-06"), D("2026-03-09"), occ, 8, &e), 3);
	assert_string_equal(occ[1].period, "2026-03-07");
	assert_int_equal(occ[1].due, D("2026-03-09"));
	assert_int_equal(occ[0].due, D("2026-03-06"));
	policy_free(resolved);
	policy_free(parsed);
	assert_int_equal(policies_parse_unit(ps, doc_week, strlen(doc_week), "t", &parsed, &resolved, &e), ZE_INVALID);
	assert_non_null(strstr(e.msg, "$.obligations[0].rrule"));
	assert_non_null(strstr(e.msg, "FREQ=DAILY without COUNT"));
	policies_free(ps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_over_profiles),
		cmocka_unit_test(version_of_the_day),
		cmocka_unit_test(store_lifecycle),
		cmocka_unit_test(events_by_the_day_they_happened),
		cmocka_unit_test(daily_duty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
