/* The responsibility engine (DESIGN.md §2): every rule kind on small in-memory units, as-of
 * evaluation and `since`, policy parsing and profiles, the shipped policies, and the demo unit's
 * intended findings (data/demo/README.md) end to end through import and the store. */
#include "testutil.h"

#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <unistd.h>

#include "core/check.h"
#include "core/embedded.h"
#include "core/import.h"
#include "core/policies.h"
#include "rules/engine.h"
#include "rules/policy.h"
#include "store/store.h"

/* ---- helpers ------------------------------------------------------------------------------- */


/* NULL = ZDATE_MIN (as far back as the records go). */
static void check_date(zdate got, const char *want, const char *what)
{
	char a[ZDATE_BUFSZ], b[ZDATE_BUFSZ];
	zdate w = want ? D(want) : ZDATE_MIN;
	if (got != w)
		fail_msg("%s: got %s, expected %s", what, got == ZDATE_MIN ? "MIN" : date_format(got, a),
			 want ? date_format(w, b) : "MIN");
}

/* The unit under test: one organization "u" (index 0) and what each test adds to it. */
static struct {
	struct facts f;
	zidx u;
	struct policy *p;
	struct findings out;
} X;

static int setup(void **state)
{
	(void)state;
	memset(&X, 0, sizeof X);
	facts_init(&X.f);
	X.u = facts_add_org(&X.f, &(struct org){facts_str(&X.f, "u"), facts_str(&X.f, "测试单位"),
						 facts_str(&X.f, "university"), facts_str(&X.f, "default"), ZIDX_NONE, NULL, 0, 0});
	return X.u == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	findings_release(&X.out);
	facts_release(&X.f);
	policy_free(X.p);
	X.p = NULL;
	return 0;
}

static zidx add_org(const char *id)
{
	return facts_add_org(&X.f, &(struct org){facts_str(&X.f, id), facts_str(&X.f, id), NULL,
						 facts_str(&X.f, "default"), ZIDX_NONE, NULL, 0, 0});
}

static zidx add_dept_in(zidx org, const char *id)
{
	return facts_add_dept(&X.f, &(struct dept){facts_str(&X.f, id), facts_str(&X.f, id), org, ZIDX_NONE});
}

static zidx add_dept(const char *id)
{
	return add_dept_in(X.u, id);
}

/* bc: background check date or NULL. */
static zidx add_person(const char *id, const char *name, zidx dept, const char *bc)
{
	return facts_add_person(&X.f, &(struct person){facts_str(&X.f, id), facts_str(&X.f, name), X.u, dept,
						       bc ? D(bc) : ZDATE_NONE});
}

/* A post appointment; to NULL = open-ended. */
static zidx add_post(zidx person, int post, zidx dept, zidx sys, const char *from, const char *to, int full_time)
{
	struct appt a = {.person = person, .org = X.f.people.v[person].org, .dept = dept, .system = sys,
			 .body = ZIDX_NONE, .post = (int8_t)post, .seat = SEAT_NONE,
			 .full_time = (int8_t)full_time, .from = D(from), .to = D(to)};
	return facts_add_appt(&X.f, &a);
}

/* A unit-wide post, full_time null. */
static zidx hold(zidx person, int post, const char *from, const char *to)
{
	return add_post(person, post, ZIDX_NONE, ZIDX_NONE, from, to, TRI_NULL);
}

static zidx add_body(const char *id, int kind)
{
	return facts_add_body(&X.f, &(struct body){facts_str(&X.f, id), facts_str(&X.f, id), X.u, (int8_t)kind});
}

static zidx add_seat(zidx person, zidx body, int seat, const char *from, const char *to)
{
	struct appt a = {.person = person, .org = X.f.bodies.v[body].org, .dept = ZIDX_NONE,
			 .system = ZIDX_NONE, .body = body, .post = POST_NONE, .seat = (int8_t)seat,
			 .full_time = TRI_NULL, .from = D(from), .to = D(to)};
	return facts_add_appt(&X.f, &a);
}

static zidx add_system(const char *id, zidx owner, int level, const char *filing_no, const char *filed_on,
		       const char *assessed_on)
{
	struct zsystem y = {facts_str(&X.f, id), facts_str(&X.f, id), facts_str(&X.f, filing_no), X.u, owner,
			    (int8_t)level, TRI_NULL, TRI_NULL, filed_on ? D(filed_on) : ZDATE_NONE,
			    assessed_on ? D(assessed_on) : ZDATE_NONE, NULL};
	return facts_add_system(&X.f, &y);
}

static zidx add_agreement(const char *id, zidx person, int kind, const char *from, const char *to,
			  const char *signed_on)
{
	struct agreement a = {facts_str(&X.f, id), X.u, person, (int8_t)kind, D(from), D(to),
			      signed_on ? D(signed_on) : ZDATE_NONE, POST_NONE, ZIDX_NONE};
	return facts_add_agreement(&X.f, &a);
}

/* One rule, written as the policy files write it. */
#define RULE_SEV(id, kind, sev, params)                                                                \
	"{\"id\": \"" id "\", \"kind\": \"" kind "\", \"severity\": \"" sev "\", \"title\": \"测试规则\", " \
	"\"params\": " params ", \"citations\": [{\"document\": \"《测试》\", \"clause\": \"第1条\"}]}"
#define RULE(id, kind, params) RULE_SEV(id, kind, "error", params)

static int parse_policy(const char *rules, const char *extra, struct policy **out, struct zerr *e)
{
	char buf[16384];
	int n = snprintf(buf, sizeof buf,
			 "{\"format\": \"zeren-policy/v1\", \"id\": \"t\", %s\"title\": \"测试策略\", \"rules\": [%s]}",
			 extra ? extra : "", rules);
	assert_true(n > 0 && (size_t)n < sizeof buf);
	return policy_parse(buf, (size_t)n, "test.json", out, e);
}

static void use_rules(const char *rules)
{
	struct zerr e = {0};
	policy_free(X.p);
	X.p = NULL;
	if (parse_policy(rules, NULL, &X.p, &e))
		fail_msg("policy: %s", e.msg);
}

/* Runs the policy on unit u as of `as_of`; returns the number of findings. */
static size_t run_unit(zidx u, const char *as_of)
{
	findings_release(&X.out);
	assert_int_equal(facts_index(&X.f), 0);
	struct engine *en = engine_new();
	assert_non_null(en);
	assert_int_equal(engine_check(en, X.p, &X.f, u, D(as_of), &X.out), 0);
	engine_free(en);
	return X.out.n;
}

static size_t run(const char *as_of)
{
	return run_unit(X.u, as_of);
}

static void dump_findings(void)
{
	for (size_t i = 0; i < X.out.n; i++) {
		const struct finding *fd = &X.out.v[i];
		char s[ZDATE_BUFSZ];
		struct strbuf m = STRBUF_INIT;
		finding_message(&X.f, fd, "en", &m);
		fprintf(stderr, "  finding %zu: %s %s:%s reason %d post %s since %s: %s\n", i, fd->rule->id,
			subject_kind_id(fd->subject_kind), finding_subject_id(&X.f, fd), fd->reason,
			post_id(fd->post), fd->since == ZDATE_MIN ? "MIN" : date_format(fd->since, s), m.buf);
		sb_release(&m);
	}
}

static void expect_count(size_t n)
{
	if (X.out.n != n) {
		dump_findings();
		fail_msg("expected %zu findings, got %zu", n, X.out.n);
	}
}

/* The one finding with this reason about this subject (fails when there is none or several). */
static const struct finding *find(int reason, int subject_kind, zidx subject)
{
	const struct finding *hit = NULL;
	for (size_t i = 0; i < X.out.n; i++) {
		const struct finding *fd = &X.out.v[i];
		if (fd->reason == reason && fd->subject_kind == subject_kind && fd->subject == subject) {
			if (hit) {
				dump_findings();
				fail_msg("two findings with reason %d on %s %d", reason, subject_kind_id(subject_kind),
					 subject);
			}
			hit = fd;
		}
	}
	if (!hit) {
		dump_findings();
		fail_msg("no finding with reason %d on %s %d", reason, subject_kind_id(subject_kind), subject);
	}
	return hit;
}

/* As find(), also distinguishing by post and other post. */
static const struct finding *find_post(int reason, int subject_kind, zidx subject, int post, int other)
{
	const struct finding *hit = NULL;
	for (size_t i = 0; i < X.out.n; i++) {
		const struct finding *fd = &X.out.v[i];
		if (fd->reason == reason && fd->subject_kind == subject_kind && fd->subject == subject &&
		    fd->post == post && fd->other_post == other) {
			if (hit)
				fail_msg("duplicate finding");
			hit = fd;
		}
	}
	if (!hit) {
		dump_findings();
		fail_msg("no finding with reason %d on %s %d post %s other %s", reason, subject_kind_id(subject_kind),
			 subject, post_id(post), post_id(other));
	}
	return hit;
}

static bool has_finding_on(int subject_kind, zidx subject)
{
	for (size_t i = 0; i < X.out.n; i++)
		if (X.out.v[i].subject_kind == subject_kind && X.out.v[i].subject == subject)
			return true;
	return false;
}

/* ---- temporary data directories ------------------------------------------------------------ */


static void remove_tree(char *dir)
{
	remove_dir(dir);
	free(dir);
}

/* ======================================================================================== */
/* exclusive_posts                                                                           */
/* ======================================================================================== */

#define SOD_RULE                                                                                      \
	RULE("sod", "exclusive_posts",                                                                \
	     "{\"post\": \"security_admin\", \"excludes\": [\"network_admin\", \"system_admin\", \"security_auditor\"]}")

static void test_exclusive_conflict(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "赵磊", ZIDX_NONE, NULL);
	zidx p2 = add_person("p2", "孙倩", ZIDX_NONE, NULL);
	hold(p1, POST_SECURITY_ADMIN, "2024-01-01", NULL);
	hold(p1, POST_NETWORK_ADMIN, "2025-09-01", NULL);
	/* p2 was network admin first and became security admin later */
	hold(p2, POST_NETWORK_ADMIN, "2019-05-01", NULL);
	hold(p2, POST_SECURITY_ADMIN, "2022-03-01", NULL);
	use_rules(SOD_RULE);
	run("2026-11-21");
	expect_count(2);
	const struct finding *fd = find(R_HOLDS_EXCLUDED, SUBJ_PERSON, p1);
	assert_string_equal(fd->rule->id, "sod");
	assert_int_equal(fd->post, POST_SECURITY_ADMIN);
	assert_int_equal(fd->other_post, POST_NETWORK_ADMIN);
	assert_int_equal(fd->org, X.u);
	check_date(fd->since, "2025-09-01", "since = the later start (network admin)");
	fd = find(R_HOLDS_EXCLUDED, SUBJ_PERSON, p2);
	check_date(fd->since, "2022-03-01", "since = the later start (security admin)");

	/* as of the day before p1's second post: only p2 */
	run("2025-08-31");
	expect_count(1);
	find(R_HOLDS_EXCLUDED, SUBJ_PERSON, p2);
	/* before p2 became security admin: nothing */
	run("2022-02-28");
	expect_count(0);
}

static void test_exclusive_negative(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "甲", ZIDX_NONE, NULL);
	zidx p2 = add_person("p2", "乙", ZIDX_NONE, NULL);
	zidx p3 = add_person("p3", "丙", ZIDX_NONE, NULL);
	zidx s = add_system("s", ZIDX_NONE, 2, NULL, NULL, NULL);
	/* p1 handed network administration over the day he became security admin */
	hold(p1, POST_NETWORK_ADMIN, "2020-01-01", "2024-01-01");
	hold(p1, POST_SECURITY_ADMIN, "2024-01-01", NULL);
	hold(p1, POST_DATABASE_ADMIN, "2024-01-01", NULL); /* not excluded */
	hold(p2, POST_NETWORK_ADMIN, "2024-01-01", NULL);
	/* the rule reads one way: a network admin who is also system admin is not its concern */
	hold(p3, POST_NETWORK_ADMIN, "2020-01-01", NULL);
	add_post(p3, POST_SYSTEM_ADMIN, ZIDX_NONE, s, "2020-01-01", NULL, TRI_NULL);
	/* security admin later ended, auditor afterwards: never both at once */
	hold(p2, POST_SECURITY_ADMIN, "2018-01-01", "2019-01-01");
	hold(p2, POST_SECURITY_AUDITOR, "2019-01-01", NULL);
	use_rules(SOD_RULE);
	run("2026-11-21");
	expect_count(0);
	run("2018-06-01");
	expect_count(0);
}

static void test_exclusive_two_posts_any_scope(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "甲", ZIDX_NONE, NULL);
	zidx s = add_system("s", ZIDX_NONE, 2, NULL, NULL, NULL);
	hold(p1, POST_SECURITY_ADMIN, "2024-01-01", NULL);
	/* a system-scoped appointment is still holding the post */
	add_post(p1, POST_SYSTEM_ADMIN, ZIDX_NONE, s, "2025-02-01", NULL, TRI_NULL);
	hold(p1, POST_SECURITY_AUDITOR, "2024-06-01", "2026-01-01");
	use_rules(SOD_RULE);
	run("2025-03-01");
	expect_count(2);
	check_date(find_post(R_HOLDS_EXCLUDED, SUBJ_PERSON, p1, POST_SECURITY_ADMIN, POST_SYSTEM_ADMIN)->since,
		   "2025-02-01", "system admin conflict");
	check_date(find_post(R_HOLDS_EXCLUDED, SUBJ_PERSON, p1, POST_SECURITY_ADMIN, POST_SECURITY_AUDITOR)->since,
		   "2024-06-01", "auditor conflict");
	run("2026-11-21");
	expect_count(1);
	find_post(R_HOLDS_EXCLUDED, SUBJ_PERSON, p1, POST_SECURITY_ADMIN, POST_SYSTEM_ADMIN);
}

static void test_exclusive_merged_back_to_back(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "甲", ZIDX_NONE, NULL);
	zidx p2 = add_person("p2", "乙", ZIDX_NONE, NULL);
	/* p1: security admin in two back-to-back terms, network admin throughout */
	hold(p1, POST_NETWORK_ADMIN, "2019-01-01", NULL);
	hold(p1, POST_SECURITY_ADMIN, "2020-01-01", "2023-01-01");
	hold(p1, POST_SECURITY_ADMIN, "2023-01-01", NULL);
	/* p2: the excluded post in back-to-back terms */
	hold(p2, POST_SECURITY_ADMIN, "2017-01-01", NULL);
	hold(p2, POST_SYSTEM_ADMIN, "2018-01-01", "2021-01-01");
	hold(p2, POST_SYSTEM_ADMIN, "2021-01-01", "2022-06-01");
	hold(p2, POST_SYSTEM_ADMIN, "2022-06-01", NULL);
	use_rules(SOD_RULE);
	run("2026-11-21");
	expect_count(2);
	check_date(find(R_HOLDS_EXCLUDED, SUBJ_PERSON, p1)->since, "2020-01-01", "merged own terms");
	check_date(find(R_HOLDS_EXCLUDED, SUBJ_PERSON, p2)->since, "2018-01-01", "merged excluded terms");
}

/* ======================================================================================== */
/* full_time                                                                                 */
/* ======================================================================================== */

#define FT_RULE(strict) RULE("ft", "full_time", "{\"post\": \"security_admin\", \"strict\": " strict "}")

static void test_full_time_part_time(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "甲", ZIDX_NONE, NULL);
	zidx p2 = add_person("p2", "乙", ZIDX_NONE, NULL);
	zidx p3 = add_person("p3", "丙", ZIDX_NONE, NULL);
	add_post(p1, POST_SECURITY_ADMIN, ZIDX_NONE, ZIDX_NONE, "2024-01-01", NULL, TRI_FALSE);
	add_post(p2, POST_SECURITY_ADMIN, ZIDX_NONE, ZIDX_NONE, "2023-05-01", NULL, TRI_NULL);
	add_post(p3, POST_SECURITY_ADMIN, ZIDX_NONE, ZIDX_NONE, "2020-01-01", NULL, TRI_TRUE);
	use_rules(FT_RULE("false"));
	run("2026-11-21");
	expect_count(2);
	const struct finding *fd = find(R_NOT_FULL_TIME, SUBJ_PERSON, p1);
	assert_int_equal(fd->post, POST_SECURITY_ADMIN);
	assert_int_equal(fd->other_post, POST_NONE);
	check_date(fd->since, "2024-01-01", "part-time since");
	check_date(find(R_NOT_FULL_TIME, SUBJ_PERSON, p2)->since, "2023-05-01", "full_time null is not full-time");
	assert_false(has_finding_on(SUBJ_PERSON, p3));
}

static void test_full_time_changes(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "甲", ZIDX_NONE, NULL);
	zidx p2 = add_person("p2", "乙", ZIDX_NONE, NULL);
	zidx p3 = add_person("p3", "丙", ZIDX_NONE, NULL);
	/* p1 part-time, then made full-time */
	add_post(p1, POST_SECURITY_ADMIN, ZIDX_NONE, ZIDX_NONE, "2020-01-01", "2023-01-01", TRI_FALSE);
	add_post(p1, POST_SECURITY_ADMIN, ZIDX_NONE, ZIDX_NONE, "2023-01-01", NULL, TRI_TRUE);
	/* p2 full-time, then part-time */
	add_post(p2, POST_SECURITY_ADMIN, ZIDX_NONE, ZIDX_NONE, "2020-01-01", "2024-06-01", TRI_TRUE);
	add_post(p2, POST_SECURITY_ADMIN, ZIDX_NONE, ZIDX_NONE, "2024-06-01", NULL, TRI_FALSE);
	/* p3 part-time in two back-to-back terms */
	add_post(p3, POST_SECURITY_ADMIN, ZIDX_NONE, ZIDX_NONE, "2019-01-01", "2021-01-01", TRI_FALSE);
	add_post(p3, POST_SECURITY_ADMIN, ZIDX_NONE, ZIDX_NONE, "2021-01-01", NULL, TRI_NULL);
	use_rules(FT_RULE("false"));
	run("2026-11-21");
	expect_count(2);
	check_date(find(R_NOT_FULL_TIME, SUBJ_PERSON, p2)->since, "2024-06-01", "became part-time");
	check_date(find(R_NOT_FULL_TIME, SUBJ_PERSON, p3)->since, "2019-01-01", "merged terms");
	/* in the past p1 was part-time and p2 was not */
	run("2022-12-31");
	expect_count(2);
	check_date(find(R_NOT_FULL_TIME, SUBJ_PERSON, p1)->since, "2020-01-01", "p1 in 2022");
	assert_false(has_finding_on(SUBJ_PERSON, p2));
}

static void test_full_time_strict(void **state)
{
	(void)state;
	zidx d1 = add_dept("d1");
	zidx s = add_system("s", d1, 2, NULL, NULL, NULL);
	zidx wg = add_body("wg", BODY_WORKING_GROUP);
	zidx p1 = add_person("p1", "甲", d1, NULL);
	zidx p2 = add_person("p2", "乙", d1, NULL);
	zidx p3 = add_person("p3", "丙", d1, NULL);
	add_post(p1, POST_SECURITY_ADMIN, ZIDX_NONE, ZIDX_NONE, "2024-01-01", NULL, TRI_TRUE);
	add_post(p1, POST_DEPARTMENT_HEAD, d1, ZIDX_NONE, "2022-09-01", NULL, TRI_NULL);
	add_seat(p1, wg, SEAT_MEMBER, "2024-01-01", NULL); /* a seat is not a post */
	add_post(p2, POST_SECURITY_ADMIN, ZIDX_NONE, ZIDX_NONE, "2024-01-01", NULL, TRI_TRUE);
	add_seat(p2, wg, SEAT_LEADER, "2024-01-01", NULL);
	add_post(p3, POST_SECURITY_ADMIN, ZIDX_NONE, ZIDX_NONE, "2023-01-01", NULL, TRI_FALSE);
	add_post(p3, POST_SYSTEM_ADMIN, ZIDX_NONE, s, "2025-01-01", NULL, TRI_NULL);

	/* not strict: only the part-time appointment */
	use_rules(FT_RULE("false"));
	run("2026-11-21");
	expect_count(1);
	find(R_NOT_FULL_TIME, SUBJ_PERSON, p3);

	use_rules(FT_RULE("true"));
	assert_true(X.p->rules[0].strict);
	run("2026-11-21");
	expect_count(3);
	const struct finding *fd = find(R_HOLDS_OTHER, SUBJ_PERSON, p1);
	assert_int_equal(fd->post, POST_SECURITY_ADMIN);
	assert_int_equal(fd->other_post, POST_DEPARTMENT_HEAD);
	check_date(fd->since, "2024-01-01", "strict: the later start");
	assert_false(has_finding_on(SUBJ_PERSON, p2));
	check_date(find(R_NOT_FULL_TIME, SUBJ_PERSON, p3)->since, "2023-01-01", "p3 part-time");
	fd = find(R_HOLDS_OTHER, SUBJ_PERSON, p3);
	assert_int_equal(fd->other_post, POST_SYSTEM_ADMIN);
	check_date(fd->since, "2025-01-01", "p3 other post");
}

/* ======================================================================================== */
/* min_holders and required_post                                                             */
/* ======================================================================================== */

static void test_min_holders(void **state)
{
	(void)state;
	zidx a = add_person("a", "甲", ZIDX_NONE, NULL);
	zidx b = add_person("b", "乙", ZIDX_NONE, NULL);
	zidx c = add_person("c", "丙", ZIDX_NONE, NULL);
	hold(a, POST_SECURITY_AUDITOR, "2020-01-01", NULL);
	hold(b, POST_SECURITY_AUDITOR, "2020-01-01", NULL);
	hold(c, POST_NETWORK_ADMIN, "2020-01-01", NULL);
	use_rules(RULE("staff", "min_holders",
		       "{\"posts\": [\"security_auditor\", \"network_admin\", \"machine_room_admin\"], \"min\": 2}"));
	run("2026-11-21");
	expect_count(2);
	const struct finding *fd = find_post(R_TOO_FEW, SUBJ_ORG, X.u, POST_NETWORK_ADMIN, POST_NONE);
	assert_int_equal(fd->count, 1);
	check_date(fd->since, NULL, "never had two network admins");
	fd = find_post(R_TOO_FEW, SUBJ_ORG, X.u, POST_MACHINE_ROOM_ADMIN, POST_NONE);
	assert_int_equal(fd->count, 0);
	check_date(fd->since, NULL, "never held");
}

static void test_min_holders_since(void **state)
{
	(void)state;
	zidx a = add_person("a", "甲", ZIDX_NONE, NULL);
	zidx b = add_person("b", "乙", ZIDX_NONE, NULL);
	zidx c = add_person("c", "丙", ZIDX_NONE, NULL);
	zidx x = add_person("x", "丁", ZIDX_NONE, NULL);
	zidx y = add_person("y", "戊", ZIDX_NONE, NULL);
	/* auditors: a throughout; b left on 2026-04-01 */
	hold(a, POST_SECURITY_AUDITOR, "2020-01-01", NULL);
	hold(b, POST_SECURITY_AUDITOR, "2020-01-01", "2026-04-01");
	/* network admins: short 2022-01-01..2023-01-01, two again, short again from 2025-06-01 */
	hold(x, POST_NETWORK_ADMIN, "2020-01-01", NULL);
	hold(y, POST_NETWORK_ADMIN, "2020-01-01", "2022-01-01");
	hold(c, POST_NETWORK_ADMIN, "2023-01-01", "2025-06-01");
	use_rules(RULE("staff", "min_holders", "{\"posts\": [\"security_auditor\", \"network_admin\"], \"min\": 2}"));
	run("2026-11-21");
	expect_count(2);
	const struct finding *fd = find_post(R_TOO_FEW, SUBJ_ORG, X.u, POST_SECURITY_AUDITOR, POST_NONE);
	assert_int_equal(fd->count, 1);
	check_date(fd->since, "2026-04-01", "an appointment ending to: 2026-04-01");
	fd = find_post(R_TOO_FEW, SUBJ_ORG, X.u, POST_NETWORK_ADMIN, POST_NONE);
	assert_int_equal(fd->count, 1);
	check_date(fd->since, "2025-06-01", "the latest shortfall");

	run("2026-03-31");
	expect_count(1);
	find_post(R_TOO_FEW, SUBJ_ORG, X.u, POST_NETWORK_ADMIN, POST_NONE);
	run("2026-04-01");
	expect_count(2);
	check_date(find_post(R_TOO_FEW, SUBJ_ORG, X.u, POST_SECURITY_AUDITOR, POST_NONE)->since, "2026-04-01",
		   "the first day");
	run("2022-06-01");
	expect_count(1);
	check_date(find_post(R_TOO_FEW, SUBJ_ORG, X.u, POST_NETWORK_ADMIN, POST_NONE)->since, "2022-01-01",
		   "the earlier shortfall");
	run("2024-01-01");
	expect_count(0);
	/* before anybody held the posts */
	run("2019-12-31");
	expect_count(2);
	assert_int_equal(find_post(R_TOO_FEW, SUBJ_ORG, X.u, POST_NETWORK_ADMIN, POST_NONE)->count, 0);
}

static void test_min_holders_person_counts_once(void **state)
{
	(void)state;
	zidx a = add_person("a", "甲", ZIDX_NONE, NULL);
	zidx b = add_person("b", "乙", ZIDX_NONE, NULL);
	zidx s1 = add_system("s1", ZIDX_NONE, 2, NULL, NULL, NULL);
	zidx s2 = add_system("s2", ZIDX_NONE, 2, NULL, NULL, NULL);
	/* a administers two systems: still one person */
	add_post(a, POST_SYSTEM_ADMIN, ZIDX_NONE, s1, "2020-01-01", NULL, TRI_NULL);
	add_post(a, POST_SYSTEM_ADMIN, ZIDX_NONE, s2, "2021-01-01", NULL, TRI_NULL);
	/* b in two back-to-back terms: one person, no gap */
	hold(b, POST_SECURITY_ADMIN, "2020-01-01", "2023-01-01");
	hold(b, POST_SECURITY_ADMIN, "2023-01-01", NULL);
	use_rules(RULE("staff", "min_holders", "{\"posts\": [\"system_admin\", \"security_admin\"], \"min\": 2}"));
	run("2026-11-21");
	expect_count(2);
	assert_int_equal(find_post(R_TOO_FEW, SUBJ_ORG, X.u, POST_SYSTEM_ADMIN, POST_NONE)->count, 1);
	const struct finding *fd = find_post(R_TOO_FEW, SUBJ_ORG, X.u, POST_SECURITY_ADMIN, POST_NONE);
	assert_int_equal(fd->count, 1);
	check_date(fd->since, NULL, "never two security admins");
	/* with min 1, back-to-back terms leave no gap */
	use_rules(RULE("req", "required_post", "{\"posts\": [\"security_admin\"], \"per\": \"org\"}"));
	run("2023-01-01");
	expect_count(0);
}

static void test_required_post_org(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "张建国", ZIDX_NONE, NULL);
	zidx p2 = add_person("p2", "陈立新", ZIDX_NONE, NULL);
	zidx p3 = add_person("p3", "王志宏", ZIDX_NONE, NULL);
	zidx p4 = add_person("p4", "周海涛", ZIDX_NONE, NULL);
	hold(p1, POST_FIRST_RESPONSIBLE, "2018-01-01", NULL);
	/* handover on one day leaves no gap */
	hold(p2, POST_DIRECT_RESPONSIBLE, "2018-01-01", "2024-01-15");
	hold(p3, POST_DIRECT_RESPONSIBLE, "2024-01-15", NULL);
	/* security director: left on 2026-04-01 */
	hold(p4, POST_SECURITY_DIRECTOR, "2019-01-01", "2026-04-01");
	use_rules(RULE("required.responsible", "required_post",
		       "{\"posts\": [\"first_responsible\", \"direct_responsible\"], \"per\": \"org\"}") ","
		  RULE("required.posts", "required_post",
		       "{\"posts\": [\"security_director\", \"security_admin\"], \"per\": \"org\"}"));
	run("2026-11-21");
	expect_count(2);
	const struct finding *fd = find_post(R_TOO_FEW, SUBJ_ORG, X.u, POST_SECURITY_DIRECTOR, POST_NONE);
	assert_string_equal(fd->rule->id, "required.posts");
	assert_int_equal(fd->count, 0);
	check_date(fd->since, "2026-04-01", "post empty since the appointment ended");
	fd = find_post(R_TOO_FEW, SUBJ_ORG, X.u, POST_SECURITY_ADMIN, POST_NONE);
	check_date(fd->since, NULL, "never held");
	assert_int_equal(fd->count, 0);

	/* The day of the handover and the day before: no gap in direct_responsible. */
	run("2024-01-14");
	expect_count(1);
	run("2024-01-15");
	expect_count(1);
	/* Before anybody was appointed */
	run("2017-12-31");
	expect_count(4);
}

static void test_required_post_not_yet_held(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "甲", ZIDX_NONE, NULL);
	hold(p1, POST_SECURITY_ADMIN, "2027-01-01", NULL); /* appointed, but starts later */
	use_rules(RULE("req", "required_post", "{\"posts\": [\"security_admin\"], \"per\": \"org\"}"));
	run("2026-11-21");
	expect_count(1);
	const struct finding *fd = find(R_TOO_FEW, SUBJ_ORG, X.u);
	assert_int_equal(fd->count, 0);
	check_date(fd->since, NULL, "not held yet");
	run("2027-01-01");
	expect_count(0);
}

static void test_required_post_per_department(void **state)
{
	(void)state;
	zidx d1 = add_dept("d1");
	zidx d2 = add_dept("d2");
	zidx d3 = add_dept("d3");
	zidx a = add_person("a", "甲", d1, NULL);
	zidx b = add_person("b", "乙", d2, NULL);
	zidx c = add_person("c", "丙", d3, NULL);
	add_post(a, POST_SECURITY_LIAISON, d1, ZIDX_NONE, "2020-01-01", NULL, TRI_NULL);
	add_post(b, POST_SECURITY_LIAISON, d2, ZIDX_NONE, "2020-01-01", "2026-07-15", TRI_NULL);
	/* c works in d3 but is the liaison of d1: d3 still has none */
	add_post(c, POST_SECURITY_LIAISON, d1, ZIDX_NONE, "2021-01-01", NULL, TRI_NULL);
	/* another unit's department without a liaison is not this unit's finding */
	zidx other = add_org("other");
	add_dept_in(other, "od");
	use_rules(RULE("required.liaison", "required_post", "{\"posts\": [\"security_liaison\"], \"per\": \"department\"}"));
	assert_true(X.p->rules[0].per_department);
	run("2026-11-21");
	expect_count(2);
	const struct finding *fd = find(R_TOO_FEW, SUBJ_DEPARTMENT, d2);
	assert_int_equal(fd->post, POST_SECURITY_LIAISON);
	assert_int_equal(fd->org, X.u);
	check_date(fd->since, "2026-07-15", "d2 liaison left");
	fd = find(R_TOO_FEW, SUBJ_DEPARTMENT, d3);
	check_date(fd->since, NULL, "d3 never had one");
	assert_false(has_finding_on(SUBJ_DEPARTMENT, d1));
	run("2026-07-14");
	expect_count(1);
	/* the other unit on its own */
	run_unit(other, "2026-11-21");
	expect_count(1);
	assert_int_equal(X.out.v[0].org, other);
	assert_int_equal(X.out.v[0].subject_kind, SUBJ_DEPARTMENT);
	assert_string_equal(finding_subject_id(&X.f, &X.out.v[0]), "od");
}

/* ======================================================================================== */
/* body_composition                                                                          */
/* ======================================================================================== */

#define WG_RULE                                                                                        \
	RULE("body.working_group", "body_composition",                                                 \
	     "{\"body\": \"working_group\", \"seats\": [\"leader\", \"deputy\"], "                        \
	     "\"member_posts\": [\"security_admin\", \"network_admin\"], "                              \
	     "\"member_department_posts\": [\"security_liaison\"]}")

static void test_body_missing(void **state)
{
	(void)state;
	zidx lg = add_body("lg", BODY_LEADING_GROUP); /* another kind does not count */
	zidx p1 = add_person("p1", "甲", ZIDX_NONE, NULL);
	hold(p1, POST_SECURITY_ADMIN, "2020-01-01", NULL);
	add_seat(p1, lg, SEAT_LEADER, "2020-01-01", NULL);
	use_rules(WG_RULE);
	run("2026-11-21");
	expect_count(1); /* and no member findings about a body that does not exist */
	const struct finding *fd = find(R_BODY_MISSING, SUBJ_ORG, X.u);
	check_date(fd->since, NULL, "body missing");
	assert_string_equal(fd->rule->id, "body.working_group");
	/* once it exists, the member rule applies */
	add_body("wg", BODY_WORKING_GROUP);
	run("2026-11-21");
	assert_false(has_finding_on(SUBJ_ORG, X.u));
}

static void test_body_seats(void **state)
{
	(void)state;
	zidx wg = add_body("wg", BODY_WORKING_GROUP);
	zidx l = add_person("l", "组长", ZIDX_NONE, NULL);
	zidx d = add_person("d", "副组长", ZIDX_NONE, NULL);
	add_seat(l, wg, SEAT_LEADER, "2020-01-01", NULL);
	add_seat(d, wg, SEAT_DEPUTY, "2020-01-01", "2026-04-01");
	use_rules(WG_RULE);
	run("2026-11-21");
	expect_count(1);
	const struct finding *fd = find(R_SEAT_EMPTY, SUBJ_BODY, wg);
	assert_int_equal(fd->seat, SEAT_DEPUTY);
	check_date(fd->since, "2026-04-01", "deputy seat empty");
	run("2026-03-31");
	expect_count(0);
	/* before anybody was seated: both seats empty, as far back as the records go */
	run("2019-06-01");
	expect_count(2);
	for (size_t i = 0; i < X.out.n; i++) {
		assert_int_equal(X.out.v[i].reason, R_SEAT_EMPTY);
		assert_int_equal(X.out.v[i].subject, wg);
		assert_int_equal(X.out.v[i].seat, (int)i == 0 ? SEAT_LEADER : SEAT_DEPUTY);
		check_date(X.out.v[i].since, NULL, "never seated");
	}
	/* a member seat does not fill the leader's */
	add_seat(d, wg, SEAT_MEMBER, "2026-04-01", NULL);
	run("2026-11-21");
	expect_count(1);
	assert_int_equal(find(R_SEAT_EMPTY, SUBJ_BODY, wg)->seat, SEAT_DEPUTY);
}

static void test_body_members(void **state)
{
	(void)state;
	zidx d1 = add_dept("d1");
	zidx d2 = add_dept("d2");
	zidx wg = add_body("wg", BODY_WORKING_GROUP);
	zidx lg = add_body("lg", BODY_LEADING_GROUP);
	zidx lead = add_person("lead", "组长", ZIDX_NONE, NULL);
	zidx dep = add_person("dep", "副组长", ZIDX_NONE, NULL);
	zidx sa = add_person("sa", "赵磊", ZIDX_NONE, NULL);
	zidx na = add_person("na", "郑浩", ZIDX_NONE, NULL);
	zidx li1 = add_person("li1", "田甜", d1, NULL);
	zidx li2 = add_person("li2", "王芳", d2, NULL);
	add_seat(lead, wg, SEAT_LEADER, "2020-01-01", NULL);
	add_seat(dep, wg, SEAT_DEPUTY, "2020-01-01", NULL);
	/* the leader and the deputy hold member posts: a leader or deputy is also a member */
	hold(lead, POST_NETWORK_ADMIN, "2020-01-01", NULL);
	hold(dep, POST_SECURITY_ADMIN, "2020-01-01", NULL);
	/* sa: never a member */
	hold(sa, POST_SECURITY_ADMIN, "2024-01-01", NULL);
	/* na: a member until 2025-03-01 */
	hold(na, POST_NETWORK_ADMIN, "2020-01-01", NULL);
	add_seat(na, wg, SEAT_MEMBER, "2020-01-01", "2025-03-01");
	/* li1: liaison of d1, member of the leading group only */
	add_post(li1, POST_SECURITY_LIAISON, d1, ZIDX_NONE, "2023-05-01", NULL, TRI_NULL);
	add_seat(li1, lg, SEAT_MEMBER, "2023-05-01", NULL);
	/* li2: liaison of d2 and a member */
	add_post(li2, POST_SECURITY_LIAISON, d2, ZIDX_NONE, "2023-05-01", NULL, TRI_NULL);
	add_seat(li2, wg, SEAT_MEMBER, "2023-05-01", NULL);
	use_rules(WG_RULE);
	run("2026-11-21");
	expect_count(3);
	for (size_t i = 0; i < X.out.n; i++) {
		assert_int_equal(X.out.v[i].reason, R_NOT_MEMBER);
		assert_int_equal(X.out.v[i].subject_kind, SUBJ_BODY);
		assert_int_equal(X.out.v[i].subject, wg);
	}
	const struct finding *fs = NULL, *fn = NULL, *fl = NULL;
	for (size_t i = 0; i < X.out.n; i++) {
		const struct finding *fd = &X.out.v[i];
		if (fd->person == sa)
			fs = fd;
		else if (fd->person == na)
			fn = fd;
		else if (fd->person == li1)
			fl = fd;
		else
			fail_msg("unexpected member finding on person %d", fd->person);
	}
	assert_non_null(fs);
	assert_non_null(fn);
	assert_non_null(fl);
	assert_int_equal(fs->post, POST_SECURITY_ADMIN);
	assert_int_equal(fs->dept, ZIDX_NONE);
	check_date(fs->since, "2024-01-01", "sa not a member since appointed");
	assert_int_equal(fn->post, POST_NETWORK_ADMIN);
	check_date(fn->since, "2025-03-01", "na left the group");
	assert_int_equal(fl->post, POST_SECURITY_LIAISON);
	assert_int_equal(fl->dept, d1);
	check_date(fl->since, "2023-05-01", "liaison never a member");

	/* the message names the person who is missing (not the subject) */
	struct strbuf m = STRBUF_INIT;
	finding_message(&X.f, fl, "zh", &m);
	assert_non_null(strstr(m.buf, "田甜"));
	assert_non_null(strstr(m.buf, "wg"));
	sb_release(&m);
	run("2025-02-28");
	expect_count(2);
}

static void test_body_member_department_posts_only_scoped(void **state)
{
	(void)state;
	zidx d1 = add_dept("d1");
	zidx wg = add_body("wg", BODY_WORKING_GROUP);
	zidx l = add_person("l", "组长", ZIDX_NONE, NULL);
	zidx a = add_person("a", "甲", ZIDX_NONE, NULL);
	zidx b = add_person("b", "乙", d1, NULL);
	add_seat(l, wg, SEAT_LEADER, "2020-01-01", NULL);
	hold(a, POST_SYSTEM_ADMIN, "2020-01-01", NULL);                                   /* unit-wide */
	add_post(b, POST_SYSTEM_ADMIN, d1, ZIDX_NONE, "2021-01-01", NULL, TRI_NULL); /* scoped to d1 */
	use_rules(RULE("b", "body_composition",
		       "{\"body\": \"working_group\", \"seats\": [\"leader\"], \"member_department_posts\": [\"system_admin\"]}"));
	run("2026-11-21");
	expect_count(1);
	const struct finding *fd = find(R_NOT_MEMBER, SUBJ_BODY, wg);
	assert_int_equal(fd->person, b);
	assert_int_equal(fd->dept, d1);
	check_date(fd->since, "2021-01-01", "scoped holder");
}

/* ======================================================================================== */
/* system_owner and system_mlps                                                              */
/* ======================================================================================== */

static void test_system_owner(void **state)
{
	(void)state;
	zidx d1 = add_dept("d1");
	zidx ok = add_system("ok", d1, 2, "x", "2020-01-01", NULL);
	zidx noowner = add_system("noowner", ZIDX_NONE, 2, "x", "2020-01-01", NULL);
	zidx noresp = add_system("noresp", d1, 2, "x", "2020-01-01", NULL);
	zidx noadmin = add_system("noadmin", d1, 2, "x", "2020-01-01", NULL);
	zidx r = add_person("r", "负责人", d1, NULL);
	zidx a = add_person("a", "管理员", d1, NULL);
	zidx w = add_person("w", "全局管理员", d1, NULL);
	add_post(r, POST_SYSTEM_RESPONSIBLE, ZIDX_NONE, ok, "2020-01-01", NULL, TRI_NULL);
	add_post(a, POST_SYSTEM_ADMIN, ZIDX_NONE, ok, "2020-01-01", NULL, TRI_NULL);
	add_post(r, POST_SYSTEM_RESPONSIBLE, ZIDX_NONE, noowner, "2020-01-01", NULL, TRI_NULL);
	add_post(a, POST_SYSTEM_ADMIN, ZIDX_NONE, noowner, "2020-01-01", NULL, TRI_NULL);
	add_post(r, POST_SYSTEM_RESPONSIBLE, ZIDX_NONE, noresp, "2020-01-01", "2026-05-15", TRI_NULL);
	add_post(a, POST_SYSTEM_ADMIN, ZIDX_NONE, noresp, "2020-01-01", NULL, TRI_NULL);
	add_post(r, POST_SYSTEM_RESPONSIBLE, ZIDX_NONE, noadmin, "2020-01-01", NULL, TRI_NULL);
	/* a unit-wide system admin is not this system's administrator */
	hold(w, POST_SYSTEM_ADMIN, "2020-01-01", NULL);
	use_rules(RULE("system.owner", "system_owner",
		       "{\"owner_department\": true, \"posts\": [\"system_responsible\", \"system_admin\"]}"));
	run("2026-11-21");
	expect_count(3);
	assert_false(has_finding_on(SUBJ_SYSTEM, ok));
	check_date(find(R_NO_OWNER, SUBJ_SYSTEM, noowner)->since, NULL, "no owner");
	const struct finding *fd = find(R_NO_HOLDER, SUBJ_SYSTEM, noresp);
	assert_int_equal(fd->post, POST_SYSTEM_RESPONSIBLE);
	check_date(fd->since, "2026-05-15", "responsible retired");
	fd = find(R_NO_HOLDER, SUBJ_SYSTEM, noadmin);
	assert_int_equal(fd->post, POST_SYSTEM_ADMIN);
	check_date(fd->since, NULL, "never an admin");
	run("2026-05-14");
	expect_count(2);
}

#define MLPS_RULE                                                                                      \
	RULE("system.mlps", "system_mlps", "{\"filing_min_level\": 2, \"assessment_months\": {\"3\": 12, \"4\": 6}}")

static void test_mlps_register(void **state)
{
	(void)state;
	zidx s0 = add_system("s0", ZIDX_NONE, 0, NULL, NULL, NULL);
	zidx s1 = add_system("s1", ZIDX_NONE, 1, NULL, NULL, NULL);
	zidx s2 = add_system("s2", ZIDX_NONE, 2, NULL, NULL, NULL);
	zidx s2b = add_system("s2b", ZIDX_NONE, 2, "51340099999-00002", NULL, NULL);
	zidx s2c = add_system("s2c", ZIDX_NONE, 2, "51340099999-00003", "2023-05-01", NULL);
	zidx s3 = add_system("s3", ZIDX_NONE, 3, "51340099999-00004", "2023-05-01", NULL);
	zidx s3b = add_system("s3b", ZIDX_NONE, 3, "51340099999-00005", "2023-05-01", "2026-01-01");
	zidx s3c = add_system("s3c", ZIDX_NONE, 3, NULL, NULL, NULL);
	use_rules(MLPS_RULE);
	run("2026-11-21");
	expect_count(6);
	check_date(find(R_NO_LEVEL, SUBJ_SYSTEM, s0)->since, NULL, "no level");
	assert_false(has_finding_on(SUBJ_SYSTEM, s1));
	find(R_NOT_FILED, SUBJ_SYSTEM, s2);
	find(R_NOT_FILED, SUBJ_SYSTEM, s2b);
	assert_false(has_finding_on(SUBJ_SYSTEM, s2c));
	find(R_NOT_ASSESSED, SUBJ_SYSTEM, s3);
	assert_false(has_finding_on(SUBJ_SYSTEM, s3b));
	find(R_NOT_FILED, SUBJ_SYSTEM, s3c);
	find(R_NOT_ASSESSED, SUBJ_SYSTEM, s3c);
	/* As of a day before filing and assessment: neither done yet. */
	run("2023-01-01");
	find(R_NOT_FILED, SUBJ_SYSTEM, s2c);
	find(R_NOT_FILED, SUBJ_SYSTEM, s3);
	find(R_NOT_FILED, SUBJ_SYSTEM, s3b);
	find(R_NOT_ASSESSED, SUBJ_SYSTEM, s3b);
	expect_count(10);
	run("2023-05-01"); /* filed that day; s3b still not assessed */
	expect_count(7);
	find(R_NOT_ASSESSED, SUBJ_SYSTEM, s3b);
}

static void test_mlps_assessment_due(void **state)
{
	(void)state;
	zidx s3 = add_system("s3", ZIDX_NONE, 3, "x", "2020-01-01", "2025-03-10");
	zidx s4 = add_system("s4", ZIDX_NONE, 4, "y", "2020-01-01", "2025-08-31");
	use_rules(MLPS_RULE);
	/* level 4: 6 months, 2025-08-31 + 6 months = 2026-02-28 */
	run("2026-02-27");
	expect_count(0);
	run("2026-02-28");
	expect_count(1);
	const struct finding *fd = find(R_ASSESSMENT_DUE, SUBJ_SYSTEM, s4);
	check_date(fd->since, "2026-02-28", "level 4 due date (clamped)");
	check_date(fd->date, "2025-08-31", "level 4 last assessment");
	/* level 3: 12 months */
	run("2026-03-09");
	expect_count(1);
	assert_false(has_finding_on(SUBJ_SYSTEM, s3));
	run("2026-03-10"); /* last + 12 months exactly: due from that day */
	expect_count(2);
	fd = find(R_ASSESSMENT_DUE, SUBJ_SYSTEM, s3);
	check_date(fd->since, "2026-03-10", "due date");
	check_date(fd->date, "2025-03-10", "last assessment");
	run("2026-11-21");
	expect_count(2);
	struct strbuf m = STRBUF_INIT;
	finding_message(&X.f, find(R_ASSESSMENT_DUE, SUBJ_SYSTEM, s3), "zh", &m);
	assert_non_null(strstr(m.buf, "2025-03-10"));
	sb_release(&m);
	/* the day of the assessment itself counts as assessed; s4 was not assessed yet */
	run("2025-03-10");
	expect_count(1);
	assert_false(has_finding_on(SUBJ_SYSTEM, s3));
	find(R_NOT_ASSESSED, SUBJ_SYSTEM, s4);
}

/* Valid time (issue 21): a system counts from its in-service day to its retirement, its register
 * entry is read as it stood on the day, the assessment that counts is the last made by then; a
 * department owes posts only while it exists; a dissolved body is missing since then. */
static void test_valid_time(void **state)
{
	(void)state;
	zidx d1 = add_dept("d1"), lab = add_dept("lab");
	zidx y = add_system("y", d1, 3, "x", "2024-05-10", "2025-03-10");
	assert_int_equal(facts_set_span(&X.f, SPAN_SYSTEM, y, (struct span){D("2024-03-01"), D("2026-06-01")}), 0);
	assert_int_equal(facts_set_span(&X.f, SPAN_DEPT, lab, (struct span){D("2025-03-01"), ZDATE_MAX}), 0);
	/* level 2, owned by nobody, until 2024-04-01; assessed on 2024-03-08 too */
	struct system_version v = {y, D("2024-04-01"), {ZIDX_NONE, 2, NULL, ZDATE_NONE}};
	assert_true(facts_add_system_version(&X.f, &v) >= 0);
	assert_true(facts_add_assessment(&X.f, &(struct assessment){y, D("2024-03-08")}) >= 0);
	zidx eg = add_body("eg", BODY_EMERGENCY_GROUP);
	assert_int_equal(facts_set_span(&X.f, SPAN_BODY, eg, (struct span){ZDATE_MIN, D("2026-09-01")}), 0);
	use_rules(MLPS_RULE "," RULE("system.owner", "system_owner", "{\"owner_department\": true, \"posts\": []}")
		  "," RULE("required.liaison", "required_post", "{\"posts\": [\"security_liaison\"], \"per\": \"department\"}")
		  "," RULE("body.emergency_group", "body_composition", "{\"body\": \"emergency_group\", \"seats\": []}"));
	run("2024-02-28"); /* not in service yet; lab not established: only d1 lacks a liaison */
	expect_count(1);
	check_date(find(R_TOO_FEW, SUBJ_DEPARTMENT, d1)->since, NULL, "d1 always");
	run("2024-03-20"); /* level 2 without an owner and not filed: since it went into service */
	check_date(find(R_NO_OWNER, SUBJ_SYSTEM, y)->since, "2024-03-01", "no owner since in service");
	check_date(find(R_NOT_FILED, SUBJ_SYSTEM, y)->since, "2024-03-01", "not filed since in service");
	struct strbuf m = STRBUF_INIT;
	finding_message(&X.f, find(R_NOT_FILED, SUBJ_SYSTEM, y), "zh", &m);
	assert_non_null(strstr(m.buf, "第2级"));
	sb_release(&m);
	run("2024-04-30"); /* level 3 from 2024-04-01, filed only on 2024-05-10; assessed 2024-03-08 */
	check_date(find(R_NOT_FILED, SUBJ_SYSTEM, y)->since, "2024-03-01", "still not filed: the run goes on");
	assert_false(has_finding_on(SUBJ_DEPARTMENT, lab));
	run("2025-03-09"); /* the assessment of 2024-03-08 was due again on 2025-03-08 */
	const struct finding *fd = find(R_ASSESSMENT_DUE, SUBJ_SYSTEM, y);
	check_date(fd->since, "2025-03-08", "due a year after the earlier assessment");
	check_date(fd->date, "2024-03-08", "the earlier assessment");
	check_date(find(R_TOO_FEW, SUBJ_DEPARTMENT, lab)->since, "2025-03-01", "lab since established");
	run("2026-11-21"); /* retired; the body dissolved */
	assert_false(has_finding_on(SUBJ_SYSTEM, y));
	check_date(find(R_BODY_MISSING, SUBJ_ORG, X.u)->since, "2026-09-01", "missing since dissolved");
	run("2026-08-31");
	assert_false(has_finding_on(SUBJ_ORG, X.u));
}

/* ======================================================================================== */
/* agreements                                                                                */
/* ======================================================================================== */

#define KP_POSTS "[\"security_admin\", \"system_admin\", \"machine_room_admin\"]"
#define KP_RULE RULE("agreement.key_post", "agreement_in_force", "{\"agreement\": \"key_post_security\", \"posts\": " KP_POSTS "}")
#define EXP_RULE                                                                                       \
	RULE_SEV("agreement.expiring", "agreement_expiring", "warning",                                \
		 "{\"agreement\": \"key_post_security\", \"posts\": " KP_POSTS ", \"within_days\": 30}")

static void test_agreement_missing(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "马超", ZIDX_NONE, NULL);
	zidx p2 = add_person("p2", "乙", ZIDX_NONE, NULL);
	zidx p3 = add_person("p3", "丙", ZIDX_NONE, NULL);
	zidx p4 = add_person("p4", "丁", ZIDX_NONE, NULL);
	zidx p5 = add_person("p5", "戊", ZIDX_NONE, NULL);
	hold(p1, POST_MACHINE_ROOM_ADMIN, "2020-06-01", NULL);
	hold(p2, POST_MACHINE_ROOM_ADMIN, "2021-01-01", NULL);
	add_agreement("conf-p2", p2, AGREEMENT_CONFIDENTIALITY, "2021-01-01", NULL, "2021-01-01"); /* wrong kind */
	add_agreement("kp-p1", p1, AGREEMENT_KEY_POST_SECURITY, "2020-06-01", NULL, "2020-06-01"); /* p1's... */
	hold(p3, POST_NETWORK_ADMIN, "2020-01-01", NULL);                                              /* not listed */
	hold(p4, POST_SECURITY_ADMIN, "2020-01-01", NULL);
	add_agreement("kp-p4", p4, AGREEMENT_KEY_POST_SECURITY, "2020-01-01", "2029-01-01", "2019-12-30");
	/* p5: somebody else's agreement does not count */
	hold(p5, POST_SYSTEM_ADMIN, "2022-02-01", NULL);
	use_rules(KP_RULE);
	run("2026-11-21");
	expect_count(2);
	assert_false(has_finding_on(SUBJ_PERSON, p1));
	const struct finding *fd = find(R_NO_AGREEMENT, SUBJ_PERSON, p2);
	assert_int_equal(fd->post, POST_MACHINE_ROOM_ADMIN);
	assert_int_equal(fd->agreement, ZIDX_NONE);
	check_date(fd->since, "2021-01-01", "since appointed");
	assert_false(has_finding_on(SUBJ_PERSON, p3));
	assert_false(has_finding_on(SUBJ_PERSON, p4));
	fd = find(R_NO_AGREEMENT, SUBJ_PERSON, p5);
	assert_int_equal(fd->post, POST_SYSTEM_ADMIN);
	check_date(fd->since, "2022-02-01", "p5 since appointed");
}

/* An agreement that names a post (and department) holds for that post only, and ends with the
 * appointment: a later appointment to the same post needs a new one. */
static zidx add_named_agreement(const char *id, zidx person, int post, zidx dept, const char *from, const char *to)
{
	zidx g = add_agreement(id, person, AGREEMENT_KEY_POST_SECURITY, from, to, from);
	X.f.agreements.v[g].post = (int8_t)post;
	X.f.agreements.v[g].dept = dept;
	return g;
}

static void test_agreement_names_post_and_department(void **state)
{
	(void)state;
	zidx nic = add_dept("nic"), lib = add_dept("library");
	zidx p1 = add_person("p1", "马超", nic, NULL);
	zidx p2 = add_person("p2", "乙", nic, NULL);
	zidx p3 = add_person("p3", "丙", nic, NULL);
	zidx p4 = add_person("p4", "丁", lib, NULL);
	zidx p5 = add_person("p5", "戊", nic, NULL);
	/* p1: the post and department it names — holds */
	hold(p1, POST_MACHINE_ROOM_ADMIN, "2020-06-01", NULL);
	add_named_agreement("kp-p1", p1, POST_MACHINE_ROOM_ADMIN, nic, "2020-06-01", NULL);
	/* p2: names another post */
	hold(p2, POST_SYSTEM_ADMIN, "2021-01-01", NULL);
	add_named_agreement("kp-p2", p2, POST_SECURITY_ADMIN, ZIDX_NONE, "2021-01-01", NULL);
	/* p3: the post, but another department than the appointment's */
	add_post(p3, POST_SECURITY_ADMIN, nic, ZIDX_NONE, "2021-01-01", NULL, TRI_NULL);
	add_named_agreement("kp-p3", p3, POST_SECURITY_ADMIN, lib, "2021-01-01", NULL);
	/* p4: the department is the person's own when the appointment names none */
	hold(p4, POST_MACHINE_ROOM_ADMIN, "2021-01-01", NULL);
	add_named_agreement("kp-p4", p4, POST_MACHINE_ROOM_ADMIN, lib, "2021-01-01", NULL);
	/* p5: left the post in 2023 and came back in 2024: the first agreement ended with the first
	 * appointment */
	hold(p5, POST_SYSTEM_ADMIN, "2020-01-01", "2023-01-01");
	hold(p5, POST_SYSTEM_ADMIN, "2024-01-01", NULL);
	add_named_agreement("kp-p5", p5, POST_SYSTEM_ADMIN, ZIDX_NONE, "2020-01-01", NULL);
	use_rules(KP_RULE);
	run("2022-06-01");
	assert_false(has_finding_on(SUBJ_PERSON, p5));
	run("2026-11-21");
	expect_count(3);
	assert_false(has_finding_on(SUBJ_PERSON, p1));
	assert_int_equal(find(R_NO_AGREEMENT, SUBJ_PERSON, p2)->post, POST_SYSTEM_ADMIN);
	assert_true(has_finding_on(SUBJ_PERSON, p3));
	assert_false(has_finding_on(SUBJ_PERSON, p4));
	const struct finding *fd = find(R_AGREEMENT_EXPIRED, SUBJ_PERSON, p5);
	check_date(fd->date, "2023-01-01", "ended with the appointment");
	check_date(fd->since, "2024-01-01", "since appointed again");
	/* a continuing appointment (no gap) keeps it */
	hold(p5, POST_SYSTEM_ADMIN, "2023-01-01", "2024-01-01");
	run("2026-11-21");
	expect_count(2);
	assert_false(has_finding_on(SUBJ_PERSON, p5));
}

/* The network users' letters (002 ⑺之1 三): off while the rule names nobody, for everyone once
 * the unit's policy says so. */
static void test_network_users(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "甲", ZIDX_NONE, NULL);
	zidx p2 = add_person("p2", "乙", ZIDX_NONE, NULL);
	add_agreement("na-p1", p1, AGREEMENT_NETWORK_ACCESS, "2024-01-01", NULL, "2024-01-01");
	use_rules(RULE("agreement.network_user", "required_agreement", "{\"agreement\": \"network_access\", \"posts\": []}"));
	run("2026-11-21");
	expect_count(0);
	use_rules(RULE("agreement.network_user", "required_agreement", "{\"agreement\": \"network_access\", \"everyone\": true}"));
	run("2026-11-21");
	expect_count(1);
	assert_false(has_finding_on(SUBJ_PERSON, p1));
	assert_int_equal(find(R_NO_AGREEMENT, SUBJ_PERSON, p2)->post, POST_NONE);
	use_rules(RULE("agreement.network_user", "required_agreement",
		       "{\"agreement\": \"network_access\", \"posts\": [\"system_admin\"]}"));
	hold(p2, POST_SYSTEM_ADMIN, "2025-01-01", NULL);
	run("2026-11-21");
	expect_count(1);
	assert_true(has_finding_on(SUBJ_PERSON, p2));
}

static void test_agreement_expired(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "马超", ZIDX_NONE, NULL);
	hold(p1, POST_MACHINE_ROOM_ADMIN, "2020-06-01", NULL);
	add_agreement("kp-2020", p1, AGREEMENT_KEY_POST_SECURITY, "2020-06-01", "2023-07-01", "2020-06-01");
	zidx a2 = add_agreement("kp-2023", p1, AGREEMENT_KEY_POST_SECURITY, "2023-07-01", "2026-06-30", "2023-07-01");
	use_rules(KP_RULE);
	run("2026-06-29");
	expect_count(0);
	run("2026-06-30"); /* not in force on its `to` */
	expect_count(1);
	run("2026-11-21");
	expect_count(1);
	const struct finding *fd = find(R_AGREEMENT_EXPIRED, SUBJ_PERSON, p1);
	assert_string_equal(fd->rule->id, "agreement.key_post");
	assert_int_equal(fd->post, POST_MACHINE_ROOM_ADMIN);
	assert_int_equal(fd->agreement, a2);
	check_date(fd->date, "2026-06-30", "expiry named in the message");
	check_date(fd->since, "2026-06-30", "since it lapsed");
	struct strbuf m = STRBUF_INIT;
	finding_message(&X.f, fd, "zh", &m);
	assert_non_null(strstr(m.buf, "马超"));
	assert_non_null(strstr(m.buf, "2026-06-30"));
	sb_release(&m);
}

static void test_agreement_unsigned(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "甲", ZIDX_NONE, NULL);
	hold(p1, POST_SECURITY_ADMIN, "2024-01-01", NULL);
	zidx a = add_agreement("kp", p1, AGREEMENT_KEY_POST_SECURITY, "2024-01-01", "2027-01-01", NULL);
	use_rules(KP_RULE);
	run("2026-11-21");
	expect_count(1);
	const struct finding *fd = find(R_AGREEMENT_UNSIGNED, SUBJ_PERSON, p1);
	assert_int_equal(fd->agreement, a);
	check_date(fd->since, "2024-01-01", "unsigned since appointed");
}

static void expect_parse_error(const char *rules, const char *extra, const char *want1, const char *want2);

/* required_agreement (issue 14): each department head holds a 责任书 for the year in force;
 * when last year's lapses the finding holds since then; a letter for two years does not count. */
#define RL_RULE RULE("agreement.year_letter", "required_agreement", \
		     "{\"agreement\": \"responsibility_letter\", \"posts\": [\"department_head\"], \"per_year\": true}")

static void test_required_agreement_per_year(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "甲", ZIDX_NONE, NULL);
	zidx p2 = add_person("p2", "乙", ZIDX_NONE, NULL);
	zidx p3 = add_person("p3", "丙", ZIDX_NONE, NULL);
	hold(p1, POST_DEPARTMENT_HEAD, "2020-01-01", NULL);
	hold(p2, POST_DEPARTMENT_HEAD, "2020-01-01", NULL);
	hold(p3, POST_DEPARTMENT_HEAD, "2027-03-01", NULL);
	add_agreement("rl-p1-2026", p1, AGREEMENT_RESPONSIBILITY_LETTER, "2026-01-01", "2027-01-01", "2025-12-20");
	add_agreement("rl-p1-2027", p1, AGREEMENT_RESPONSIBILITY_LETTER, "2027-01-01", "2028-01-01", "2026-12-22");
	/* p2 signed a letter for two years in 2026: not the year's own in 2027 */
	add_agreement("rl-p2", p2, AGREEMENT_RESPONSIBILITY_LETTER, "2026-01-01", "2028-01-01", "2025-12-20");
	use_rules(RL_RULE);
	run("2026-06-01");
	expect_count(1); /* p2's letter runs two years: not a yearly letter */
	run("2027-05-01");
	expect_count(2);
	assert_false(has_finding_on(SUBJ_PERSON, p1));
	const struct finding *fd = find(R_NO_AGREEMENT, SUBJ_PERSON, p2);
	assert_int_equal(fd->post, POST_DEPARTMENT_HEAD);
	check_date(fd->since, "2020-01-01", "never a yearly letter: since appointed");
	run("2028-02-01");
	fd = find(R_AGREEMENT_EXPIRED, SUBJ_PERSON, p1);
	check_date(fd->since, "2028-01-01", "since the year's letter lapsed");
	run("2027-05-01");
	fd = find(R_NO_AGREEMENT, SUBJ_PERSON, p3);
	check_date(fd->since, "2027-03-01", "since appointed");
	struct strbuf m = STRBUF_INIT;
	finding_message(&X.f, fd, "zh", &m);
	assert_non_null(strstr(m.buf, "丙（部门负责人）未签订"));
	sb_release(&m);
	/* a letter generated but not signed says so */
	add_agreement("rl-p3-2027", p3, AGREEMENT_RESPONSIBILITY_LETTER, "2027-01-01", "2028-01-01", NULL);
	run("2027-05-01");
	find(R_AGREEMENT_UNSIGNED, SUBJ_PERSON, p3);
}

/* required_agreement of everyone: each person of the unit holds a 联网责任书. */
static void test_required_agreement_everyone(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "甲", ZIDX_NONE, NULL);
	zidx p2 = add_person("p2", "乙", ZIDX_NONE, NULL);
	add_agreement("na-p1", p1, AGREEMENT_NETWORK_ACCESS, "2026-01-01", NULL, "2026-01-01");
	use_rules(RULE("agreement.network_access", "required_agreement",
		       "{\"agreement\": \"network_access\", \"everyone\": true}"));
	run("2026-11-21");
	expect_count(1);
	const struct finding *fd = find(R_NO_AGREEMENT, SUBJ_PERSON, p2);
	assert_int_equal(fd->post, POST_NONE);
	struct strbuf m = STRBUF_INIT;
	finding_message(&X.f, fd, "zh", &m);
	assert_string_equal(m.buf, "乙（人员）未签订联网安全保密责任书");
	sb_release(&m);
	/* everyone and posts together are refused */
	expect_parse_error(RULE("a", "required_agreement",
				"{\"agreement\": \"network_access\", \"everyone\": true, \"posts\": [\"security_admin\"]}"),
			   NULL, "posts", NULL);
}

static void test_agreement_signed_after_from(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "甲", ZIDX_NONE, NULL);
	zidx p2 = add_person("p2", "乙", ZIDX_NONE, NULL);
	hold(p1, POST_SECURITY_ADMIN, "2024-01-01", NULL);
	add_agreement("kp1", p1, AGREEMENT_KEY_POST_SECURITY, "2024-01-01", NULL, "2024-03-01");
	/* p2: the renewal runs from 2024-01-01 but was signed on 2024-02-01 */
	hold(p2, POST_SECURITY_ADMIN, "2021-01-01", NULL);
	add_agreement("kp2a", p2, AGREEMENT_KEY_POST_SECURITY, "2021-01-01", "2024-01-01", "2020-12-20");
	add_agreement("kp2b", p2, AGREEMENT_KEY_POST_SECURITY, "2024-01-01", "2027-01-01", "2024-02-01");
	use_rules(KP_RULE);
	run("2024-01-20");
	expect_count(2);
	check_date(find(R_AGREEMENT_UNSIGNED, SUBJ_PERSON, p1)->since, "2024-01-01", "p1 not yet signed");
	const struct finding *fd = find(R_AGREEMENT_EXPIRED, SUBJ_PERSON, p2);
	check_date(fd->since, "2024-01-01", "p2 gap since the first ended");
	check_date(fd->date, "2024-01-01", "first agreement's end");
	run("2024-02-01");
	expect_count(1);
	find(R_AGREEMENT_UNSIGNED, SUBJ_PERSON, p1);
	run("2024-02-29");
	expect_count(1);
	run("2024-03-01"); /* counts from signed_on */
	expect_count(0);
}

static void test_agreement_expiring(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "郑浩", ZIDX_NONE, NULL);
	hold(p1, POST_SYSTEM_ADMIN, "2017-01-01", NULL);
	zidx a = add_agreement("kp", p1, AGREEMENT_KEY_POST_SECURITY, "2023-12-10", "2026-12-10", "2023-12-01");
	add_agreement("old", p1, AGREEMENT_KEY_POST_SECURITY, "2017-01-01", "2023-12-10", "2017-01-01");
	use_rules(KP_RULE "," EXP_RULE);
	run("2026-11-21"); /* 19 days before the end */
	expect_count(1);   /* the agreement is still in force: agreement.key_post does not fire */
	const struct finding *fd = find(R_AGREEMENT_EXPIRING, SUBJ_PERSON, p1);
	assert_string_equal(fd->rule->id, "agreement.expiring");
	assert_int_equal(fd->rule->severity, SEV_WARNING);
	assert_int_equal(fd->post, POST_SYSTEM_ADMIN);
	assert_int_equal(fd->agreement, a);
	check_date(fd->date, "2026-12-10", "end date");
	check_date(fd->since, "2026-11-10", "to - 30 days");
	struct strbuf m = STRBUF_INIT;
	finding_message(&X.f, fd, "zh", &m);
	assert_non_null(strstr(m.buf, "郑浩"));
	assert_non_null(strstr(m.buf, "2026-12-10"));
	sb_release(&m);

	run("2026-11-10"); /* exactly 30 days */
	expect_count(1);
	check_date(find(R_AGREEMENT_EXPIRING, SUBJ_PERSON, p1)->since, "2026-11-10", "30 days");
	run("2026-11-09"); /* 31 days */
	expect_count(0);
	run("2026-12-09"); /* the last day in force */
	expect_count(1);
	find(R_AGREEMENT_EXPIRING, SUBJ_PERSON, p1);
	run("2026-12-10"); /* lapsed: now the error, not the warning */
	expect_count(1);
	fd = find(R_AGREEMENT_EXPIRED, SUBJ_PERSON, p1);
	assert_string_equal(fd->rule->id, "agreement.key_post");
}

static void test_agreement_expiring_renewed(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "甲", ZIDX_NONE, NULL);
	zidx p2 = add_person("p2", "乙", ZIDX_NONE, NULL);
	zidx p3 = add_person("p3", "丙", ZIDX_NONE, NULL);
	zidx p4 = add_person("p4", "丁", ZIDX_NONE, NULL);
	hold(p1, POST_SECURITY_ADMIN, "2020-01-01", NULL);
	add_agreement("kp1", p1, AGREEMENT_KEY_POST_SECURITY, "2023-12-10", "2026-12-10", "2023-12-01");
	add_agreement("kp1r", p1, AGREEMENT_KEY_POST_SECURITY, "2026-12-10", "2029-12-10", "2026-11-15");
	/* p2: open-ended agreement never expires */
	hold(p2, POST_SECURITY_ADMIN, "2020-01-01", NULL);
	add_agreement("kp2", p2, AGREEMENT_KEY_POST_SECURITY, "2020-01-01", NULL, "2020-01-01");
	/* p3: the renewal starts after a gap, so the current one still runs out */
	hold(p3, POST_SECURITY_ADMIN, "2020-01-01", NULL);
	add_agreement("kp3", p3, AGREEMENT_KEY_POST_SECURITY, "2023-12-10", "2026-12-10", "2023-12-01");
	add_agreement("kp3r", p3, AGREEMENT_KEY_POST_SECURITY, "2026-12-20", "2029-12-20", "2026-11-01");
	/* p4: appointed within the window: since = the appointment */
	hold(p4, POST_SECURITY_ADMIN, "2026-11-15", NULL);
	add_agreement("kp4", p4, AGREEMENT_KEY_POST_SECURITY, "2026-01-01", "2026-12-01", "2026-01-01");
	use_rules(KP_RULE "," EXP_RULE);
	run("2026-11-21");
	expect_count(2);
	assert_false(has_finding_on(SUBJ_PERSON, p1));
	assert_false(has_finding_on(SUBJ_PERSON, p2));
	check_date(find(R_AGREEMENT_EXPIRING, SUBJ_PERSON, p3)->since, "2026-11-10", "gap: still expiring");
	check_date(find(R_AGREEMENT_EXPIRING, SUBJ_PERSON, p4)->since, "2026-11-15", "held since");
}

/* As of a day before the renewal was signed, the renewal did not exist yet (an agreement
 * counts only from signed_on, DESIGN.md §2), so the warning held on that day. */
static void test_agreement_expiring_renewal_signed_later(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "甲", ZIDX_NONE, NULL);
	hold(p1, POST_SECURITY_ADMIN, "2020-01-01", NULL);
	add_agreement("kp1", p1, AGREEMENT_KEY_POST_SECURITY, "2023-12-10", "2026-12-10", "2023-12-01");
	add_agreement("kp1r", p1, AGREEMENT_KEY_POST_SECURITY, "2026-12-10", "2029-12-10", "2026-11-15");
	use_rules(KP_RULE "," EXP_RULE);
	run("2026-11-15");
	expect_count(0);
	run("2026-11-14");
	expect_count(1);
	check_date(find(R_AGREEMENT_EXPIRING, SUBJ_PERSON, p1)->since, "2026-11-10", "before the renewal was signed");
}

/* ======================================================================================== */
/* personnel_record                                                                          */
/* ======================================================================================== */

static void test_personnel_record(void **state)
{
	(void)state;
	zidx s = add_system("ykt", ZIDX_NONE, 3, NULL, NULL, NULL);
	zidx p1 = add_person("p1", "甲", ZIDX_NONE, NULL);
	zidx p2 = add_person("p2", "乙", ZIDX_NONE, "2021-02-20");
	zidx p3 = add_person("p3", "丙", ZIDX_NONE, "2025-01-01");
	zidx p4 = add_person("p4", "丁", ZIDX_NONE, NULL);
	zidx p5 = add_person("p5", "姜涛", ZIDX_NONE, NULL);
	hold(p1, POST_SECURITY_ADMIN, "2022-01-01", NULL);
	hold(p2, POST_SECURITY_ADMIN, "2021-03-01", NULL);
	hold(p3, POST_SECURITY_ADMIN, "2024-09-01", NULL);  /* checked only after appointment */
	hold(p4, POST_NETWORK_ADMIN, "2020-01-01", NULL);   /* not listed */
	add_post(p5, POST_SYSTEM_ADMIN, ZIDX_NONE, s, "2024-09-01", NULL, TRI_NULL);
	use_rules(RULE_SEV("personnel.background_check", "personnel_record", "warning",
			   "{\"record\": \"background_check\", \"posts\": [\"security_admin\", \"system_admin\"]}"));
	run("2026-11-21");
	expect_count(2);
	const struct finding *fd = find(R_NO_BACKGROUND_CHECK, SUBJ_PERSON, p1);
	assert_int_equal(fd->post, POST_SECURITY_ADMIN);
	check_date(fd->since, "2022-01-01", "p1");
	fd = find(R_NO_BACKGROUND_CHECK, SUBJ_PERSON, p5);
	assert_int_equal(fd->post, POST_SYSTEM_ADMIN);
	check_date(fd->since, "2024-09-01", "p5");
	struct strbuf m = STRBUF_INIT;
	finding_message(&X.f, fd, "zh", &m);
	assert_non_null(strstr(m.buf, "姜涛"));
	sb_release(&m);
	/* the check dated after as_of is not on record yet */
	run("2024-12-31");
	expect_count(3);
	check_date(find(R_NO_BACKGROUND_CHECK, SUBJ_PERSON, p3)->since, "2024-09-01", "p3 before the check");
	run("2025-01-01");
	expect_count(2);
	assert_false(has_finding_on(SUBJ_PERSON, p2));
	assert_false(has_finding_on(SUBJ_PERSON, p4));
}

/* ======================================================================================== */
/* as-of evaluation                                                                          */
/* ======================================================================================== */

/* ======================================================================================== */
/* handover (issue 19)                                                                       */
/* ======================================================================================== */

#define HO_RULE(requires)                                                                              \
	RULE("handover", "handover", "{\"posts\": [\"network_admin\", \"system_admin\"], \"days\": 7, " \
				      "\"requires\": " requires ", \"lookback_days\": 365}")

static zidx add_handover(const char *id, zidx person, int post, const char *left_on, zidx successor,
			 const char *closed, const char *returned, const char *changed, const char *completed)
{
	struct handover h = {facts_str(&X.f, id), NULL, X.u, person, successor, (int8_t)post, D(left_on),
			     closed ? D(closed) : ZDATE_NONE, returned ? D(returned) : ZDATE_NONE,
			     changed ? D(changed) : ZDATE_NONE, completed ? D(completed) : ZDATE_NONE};
	return facts_add_handover(&X.f, &h);
}

/* An open handover is a finding from the day after its week (the day of leaving not counted). */
static void test_handover_open(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "吴越", ZIDX_NONE, NULL);
	hold(p1, POST_NETWORK_ADMIN, "2024-03-01", "2026-11-09");
	zidx h = add_handover("h1", p1, POST_NETWORK_ADMIN, "2026-11-09", ZIDX_NONE, "2026-11-09", NULL, NULL, NULL);
	use_rules(HO_RULE("[]"));
	run("2026-11-16");
	expect_count(0); /* the last day of the week */
	run("2026-11-17");
	expect_count(1);
	const struct finding *fd = find(R_HANDOVER_OPEN, SUBJ_PERSON, p1);
	assert_int_equal(fd->post, POST_NETWORK_ADMIN);
	assert_int_equal(fd->handover, h);
	check_date(fd->since, "2026-11-17", "since the week ended");
	check_date(fd->date, "2026-11-09", "the day of leaving");
	/* completed later: the finding holds until that day, not after */
	X.f.handovers.v[h].completed_on = D("2026-11-30");
	run("2026-11-29");
	expect_count(1);
	run("2026-11-30");
	expect_count(0);
}

/* Completed without an item the rule requires: still a finding, naming the item. */
static void test_handover_requires(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "甲", ZIDX_NONE, NULL);
	zidx p2 = add_person("p2", "乙", ZIDX_NONE, NULL);
	hold(p1, POST_SYSTEM_ADMIN, "2020-01-01", "2026-03-02");
	add_handover("h1", p1, POST_SYSTEM_ADMIN, "2026-03-02", ZIDX_NONE, "2026-03-02", "2026-03-03", NULL, "2026-03-05");
	use_rules(HO_RULE("[\"accounts_closed\", \"materials_returned\"]"));
	run("2026-06-01");
	expect_count(0); /* the rule asks for no successor and no password change */
	use_rules(HO_RULE("[\"accounts_closed\", \"passwords_changed\", \"successor\"]"));
	run("2026-06-01");
	expect_count(1);
	const struct finding *fd = find(R_HANDOVER_INCOMPLETE, SUBJ_PERSON, p1);
	check_date(fd->since, "2026-03-10", "since the week ended");
	struct strbuf m = STRBUF_INIT;
	finding_message(&X.f, fd, "zh", &m);
	assert_non_null(strstr(m.buf, "交接缺少：钥匙和密码更换、接任人"));
	sb_release(&m);
	X.f.handovers.v[0].successor = p2;
	X.f.handovers.v[0].passwords_changed_on = D("2026-03-04");
	run("2026-06-01");
	expect_count(0);
}

/* Leaving a post with no handover recorded: a finding within the look-back, one per leaving
 * however many scopes ended, none for a change of scope, none for a post the rule does not name. */
static void test_handover_missing(void **state)
{
	(void)state;
	zidx p1 = add_person("p1", "黄", ZIDX_NONE, NULL);
	zidx p2 = add_person("p2", "陈", ZIDX_NONE, NULL);
	zidx p3 = add_person("p3", "何", ZIDX_NONE, NULL);
	zidx sa = add_system("a", ZIDX_NONE, 2, NULL, NULL, NULL), sb = add_system("b", ZIDX_NONE, 2, NULL, NULL, NULL);
	hold(p1, POST_SYSTEM_ADMIN, "2017-03-01", "2026-06-01");
	add_post(p1, POST_SYSTEM_ADMIN, ZIDX_NONE, sa, "2017-03-01", "2026-06-01", TRI_NULL);
	add_post(p1, POST_SYSTEM_ADMIN, ZIDX_NONE, sb, "2017-03-01", "2026-06-01", TRI_NULL);
	/* p2 leaves system a's scope but stays a system admin */
	hold(p2, POST_SYSTEM_ADMIN, "2020-01-01", NULL);
	add_post(p2, POST_SYSTEM_ADMIN, ZIDX_NONE, sa, "2020-01-01", "2026-06-01", TRI_NULL);
	/* p3 leaves a post the rule does not name */
	hold(p3, POST_SECURITY_AUDITOR, "2020-01-01", "2026-06-01");
	use_rules(HO_RULE("[]"));
	run("2026-06-08");
	expect_count(0);
	run("2026-06-09");
	expect_count(1);
	const struct finding *fd = find(R_HANDOVER_MISSING, SUBJ_PERSON, p1);
	assert_int_equal(fd->handover, ZIDX_NONE);
	check_date(fd->since, "2026-06-09", "since the week ended");
	check_date(fd->date, "2026-06-01", "left on");
	run("2027-06-01");
	expect_count(1); /* 365 days after leaving: still within the look-back */
	run("2027-06-02");
	expect_count(0);
	/* a handover recorded, even open, replaces the missing one by an open one */
	add_handover("h1", p1, POST_SYSTEM_ADMIN, "2026-06-01", p2, NULL, NULL, NULL, NULL);
	run("2026-06-09");
	expect_count(1);
	find(R_HANDOVER_OPEN, SUBJ_PERSON, p1);
	/* an earlier term's handover does not count for this leaving */
	X.f.handovers.v[0].left_on = D("2016-01-01");
	run("2026-06-09");
	expect_count(2);
	find(R_HANDOVER_MISSING, SUBJ_PERSON, p1);
}

static void test_as_of(void **state)
{
	(void)state;
	zidx a = add_person("a", "甲", ZIDX_NONE, NULL);
	zidx b = add_person("b", "乙", ZIDX_NONE, NULL);
	zidx c = add_person("c", "丙", ZIDX_NONE, NULL);
	/* holds today, not earlier: a conflict that began on 2025-09-01 */
	hold(a, POST_SECURITY_ADMIN, "2021-01-01", NULL);
	hold(a, POST_NETWORK_ADMIN, "2025-09-01", NULL);
	/* held earlier, not today: one network admin until b joined on 2022-01-01 */
	hold(b, POST_NETWORK_ADMIN, "2022-01-01", NULL);
	/* appointed, but starts later */
	hold(c, POST_SECURITY_AUDITOR, "2027-03-01", NULL);
	use_rules(SOD_RULE ","
		  RULE("staff", "min_holders", "{\"posts\": [\"network_admin\"], \"min\": 2}") ","
		  RULE("req", "required_post", "{\"posts\": [\"security_auditor\"], \"per\": \"org\"}"));
	run("2026-11-21");
	expect_count(2);
	find(R_HOLDS_EXCLUDED, SUBJ_PERSON, a);
	find_post(R_TOO_FEW, SUBJ_ORG, X.u, POST_SECURITY_AUDITOR, POST_NONE);
	run("2021-06-01");
	expect_count(2);
	assert_false(has_finding_on(SUBJ_PERSON, a));
	const struct finding *fd = find_post(R_TOO_FEW, SUBJ_ORG, X.u, POST_NETWORK_ADMIN, POST_NONE);
	assert_int_equal(fd->count, 0);
	find_post(R_TOO_FEW, SUBJ_ORG, X.u, POST_SECURITY_AUDITOR, POST_NONE);
	run("2025-08-31");
	expect_count(2); /* b alone from 2022, a not yet network admin */
	assert_int_equal(find_post(R_TOO_FEW, SUBJ_ORG, X.u, POST_NETWORK_ADMIN, POST_NONE)->count, 1);
	run("2027-03-01");
	expect_count(1);
	find(R_HOLDS_EXCLUDED, SUBJ_PERSON, a);
}

/* findings_sort: unit, severity, rule order, then subject id; an empty list sorts too (the
 * CLI sorts the findings of a unit that has none). */
static void test_findings_sort(void **state)
{
	(void)state;
	zidx zb = add_person("p-b", "乙", ZIDX_NONE, NULL);
	zidx za = add_person("p-a", "甲", ZIDX_NONE, NULL);
	hold(zb, POST_SECURITY_ADMIN, "2020-01-01", NULL);
	hold(za, POST_SECURITY_ADMIN, "2020-01-01", NULL);
	use_rules(RULE_SEV("bg", "personnel_record", "warning",
			   "{\"record\": \"background_check\", \"posts\": [\"security_admin\"]}") ","
		  RULE("ft", "full_time", "{\"post\": \"security_admin\"}") ","
		  RULE("req", "required_post", "{\"posts\": [\"security_director\"], \"per\": \"org\"}"));
	run("2026-11-21");
	expect_count(5);
	findings_sort(&X.out, &X.f);
	static const char *const want[][2] = {
		{"ft", "p-a"}, {"ft", "p-b"}, {"req", "u"}, {"bg", "p-a"}, {"bg", "p-b"},
	};
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(X.out.v[i].rule->id, want[i][0]);
		assert_string_equal(finding_subject_id(&X.f, &X.out.v[i]), want[i][1]);
	}
	/* nothing to sort */
	use_rules(RULE("req", "required_post", "{\"posts\": [\"security_admin\"], \"per\": \"org\"}"));
	run("2026-11-21");
	expect_count(0);
	findings_sort(&X.out, &X.f);
	assert_int_equal(X.out.n, 0);
}

/* ======================================================================================== */
/* policies                                                                                  */
/* ======================================================================================== */

static void expect_parse_error(const char *rules, const char *extra, const char *want1, const char *want2)
{
	struct zerr e = {0};
	struct policy *p = NULL;
	int rc = parse_policy(rules, extra, &p, &e);
	if (rc != ZE_INVALID)
		fail_msg("expected ZE_INVALID (%d), got %d: %s", ZE_INVALID, rc, e.msg);
	assert_null(p);
	if (!strstr(e.msg, "test.json"))
		fail_msg("message does not name the source: %s", e.msg);
	if (want1 && !strstr(e.msg, want1))
		fail_msg("message lacks '%s': %s", want1, e.msg);
	if (want2 && !strstr(e.msg, want2))
		fail_msg("message lacks '%s': %s", want2, e.msg);
}

static void test_policy_parse_errors(void **state)
{
	(void)state;
	expect_parse_error(RULE("a", "no_such_kind", "{}"), NULL, "$.rules[0].kind", "no_such_kind");
	expect_parse_error(RULE("a", "min_holders", "{\"posts\": [\"system_admin\"], \"min\": 2}") ","
			   RULE("b", "exclusive_posts", "{\"post\": \"security_admin\", \"excludes\": [\"network_admin\", \"janitor\"]}"),
			   NULL, "$.rules[1].params.excludes[1]", "janitor");
	expect_parse_error("{\"id\": \"a\", \"kind\": \"min_holders\", \"severity\": \"error\", \"title\": \"t\", "
			   "\"params\": {\"posts\": [\"system_admin\"], \"min\": 2}}",
			   NULL, "$.rules[0].citations", NULL);
	expect_parse_error("{\"id\": \"a\", \"kind\": \"min_holders\", \"severity\": \"error\", \"title\": \"t\", "
			   "\"params\": {\"posts\": [\"system_admin\"], \"min\": 2}, \"citations\": []}",
			   NULL, "$.rules[0].citations", NULL);
	expect_parse_error(RULE("a", "min_holders", "{\"posts\": [\"system_admin\"], \"min\": 2}") ","
			   RULE("b", "min_holders", "{\"posts\": [\"system_admin\"], \"min\": 2}") ","
			   RULE("a", "min_holders", "{\"posts\": [\"system_admin\"], \"min\": 3}"),
			   NULL, "$.rules[2].id", "duplicate");
	expect_parse_error(RULE_SEV("a", "min_holders", "fatal", "{\"posts\": [\"system_admin\"], \"min\": 2}"), NULL,
			   "$.rules[0].severity", "fatal");
	expect_parse_error(RULE("a", "required_post", "{\"posts\": [\"system_admin\"], \"per\": \"floor\"}"), NULL,
			   "$.rules[0].params.per", "floor");
	expect_parse_error(RULE("a", "body_composition", "{\"body\": \"committee\"}"), NULL, "$.rules[0].params.body",
			   "committee");
	expect_parse_error(RULE("a", "min_holders", "{\"posts\": [\"system_admin\"], \"min\": 0}"), NULL,
			   "$.rules[0].params.min", NULL);
	expect_parse_error(RULE("a", "agreement_in_force", "{\"agreement\": \"promise\", \"posts\": []}"), NULL,
			   "$.rules[0].params.agreement", "promise");
	/* a misspelt parameter or rule field must not silently change the rule */
	expect_parse_error(RULE("a", "full_time", "{\"post\": \"security_admin\", \"stirct\": true}"), NULL,
			   "$.rules[0].params.stirct", "unknown field");
	expect_parse_error("{\"id\": \"a\", \"kind\": \"min_holders\", \"severity\": \"error\", \"title\": \"t\", "
			   "\"params\": {\"posts\": [\"system_admin\"], \"min\": 2}, \"citations\": [{\"document\": \"d\", "
			   "\"clause\": \"c\"}], \"severty\": \"warning\"}",
			   NULL, "$.rules[0].severty", "unknown field");
	/* citations must have a document and a clause */
	expect_parse_error("{\"id\": \"a\", \"kind\": \"min_holders\", \"severity\": \"error\", \"title\": \"t\", "
			   "\"params\": {\"posts\": [\"system_admin\"], \"min\": 2}, \"citations\": [{\"document\": \"d\"}]}",
			   NULL, "$.rules[0].citations[0].clause", NULL);
	/* the document itself */
	struct zerr e = {0};
	struct policy *p = NULL;
	const char *bad = "{\"format\": \"zeren-policy/v1\",\n \"id\": \"t\",\n \"rules\": [,]}";
	assert_int_equal(policy_parse(bad, strlen(bad), "bad.json", &p, &e), ZE_INVALID);
	assert_non_null(strstr(e.msg, "bad.json:3:"));
	assert_null(p);
	const char *v2 = "{\"format\": \"zeren-policy/v2\", \"id\": \"t\", \"rules\": []}";
	assert_int_equal(policy_parse(v2, strlen(v2), "v2.json", &p, &e), ZE_INVALID);
	assert_non_null(strstr(e.msg, "$.format"));
	const char *norules = "{\"format\": \"zeren-policy/v1\", \"id\": \"t\"}";
	assert_int_equal(policy_parse(norules, strlen(norules), "n.json", &p, &e), ZE_INVALID);
	assert_non_null(strstr(e.msg, "$.rules"));
}

static void test_policy_parse_ok(void **state)
{
	(void)state;
	struct zerr e = {0};
	struct policy *p = NULL;
	assert_int_equal(parse_policy(SOD_RULE "," MLPS_RULE "," EXP_RULE, "\"extends\": \"default\", ", &p, &e), 0);
	assert_string_equal(p->id, "t");
	assert_string_equal(p->extends, "default");
	assert_string_equal(p->title_zh, "测试策略");
	assert_int_equal(p->nrules, 3);
	const struct rule *r = policy_rule(p, "sod");
	assert_non_null(r);
	assert_int_equal(r->kind, RK_EXCLUSIVE_POSTS);
	assert_int_equal(r->post, POST_SECURITY_ADMIN);
	assert_int_equal(r->excludes, (1u << POST_NETWORK_ADMIN) | (1u << POST_SYSTEM_ADMIN) | (1u << POST_SECURITY_AUDITOR));
	assert_int_equal(r->ncitations, 1);
	assert_string_equal(r->citations[0].document, "《测试》");
	assert_string_equal(r->citations[0].clause, "第1条");
	r = policy_rule(p, "system.mlps");
	assert_int_equal(r->filing_min_level, 2);
	assert_int_equal(r->assessment_months[3], 12);
	assert_int_equal(r->assessment_months[4], 6);
	assert_int_equal(r->assessment_months[2], 0);
	r = policy_rule(p, "agreement.expiring");
	assert_int_equal(r->severity, SEV_WARNING);
	assert_int_equal(r->within_days, 30);
	assert_int_equal(r->agreement_kind, AGREEMENT_KEY_POST_SECURITY);
	assert_null(policy_rule(p, "nope"));
	policy_free(p);
}

static void test_policy_extend(void **state)
{
	(void)state;
	struct zerr e = {0};
	struct policy *base = NULL, *over = NULL, *out = NULL;
	assert_int_equal(parse_policy(RULE("a", "min_holders", "{\"posts\": [\"system_admin\"], \"min\": 2}") ","
				      RULE("b", "full_time", "{\"post\": \"security_admin\"}") ","
				      RULE("c", "required_post", "{\"posts\": [\"security_admin\"], \"per\": \"org\"}"),
				      NULL, &base, &e), 0);
	const char *over_text =
		"{\"format\": \"zeren-policy/v1\", \"id\": \"strict\", \"extends\": \"t\", \"title\": {\"zh\": \"严格\", \"en\": \"Strict\"},"
		" \"rules\": ["
		RULE_SEV("b", "full_time", "warning", "{\"post\": \"security_admin\", \"strict\": true}") ","
		RULE("d", "exclusive_posts", "{\"post\": \"system_admin\", \"excludes\": [\"network_admin\"]}") "]}";
	assert_int_equal(policy_parse(over_text, strlen(over_text), "over.json", &over, &e), 0);
	assert_int_equal(policy_extend(base, over, &out, &e), 0);
	assert_string_equal(out->id, "strict");
	assert_string_equal(out->title_zh, "严格");
	assert_string_equal(out->title_en, "Strict");
	assert_int_equal(out->nrules, 4);
	assert_string_equal(out->rules[0].id, "a");
	assert_string_equal(out->rules[1].id, "b"); /* replaced in place */
	assert_true(out->rules[1].strict);
	assert_int_equal(out->rules[1].severity, SEV_WARNING);
	assert_string_equal(out->rules[2].id, "c");
	assert_string_equal(out->rules[3].id, "d"); /* appended */
	assert_int_equal(out->rules[3].kind, RK_EXCLUSIVE_POSTS);
	/* base is untouched */
	assert_int_equal(base->nrules, 3);
	assert_false(policy_rule(base, "b")->strict);
	policy_free(out);
	policy_free(over);
	policy_free(base);
}

/* "accountability": the clauses each case cites; an unknown or repeated case, or a case citing
 * nothing, is refused; a profile's section replaces its base's whole. */
#define ACC(kase, clause) "{\"case\": \"" kase "\", \"citations\": [{\"document\": \"《细则》\", \"clause\": \"" clause "\"}]}"

static void test_policy_accountability(void **state)
{
	(void)state;
	expect_parse_error(SOD_RULE, "\"accountability\": [" ACC("flood", "第1条") "], ", "$.accountability[0].case",
			   "flood");
	expect_parse_error(SOD_RULE, "\"accountability\": [" ACC("outage", "第1条") ", " ACC("outage", "第2条") "], ",
			   "$.accountability[1].case", "twice");
	expect_parse_error(SOD_RULE, "\"accountability\": [{\"case\": \"leak\", \"citations\": []}], ",
			   "$.accountability[0].citations", NULL);
	expect_parse_error(SOD_RULE, "\"accountability\": {\"outage\": []}, ", "$.accountability", "array");
	struct zerr e = {0};
	struct policy *base = NULL, *over = NULL, *plain = NULL, *out = NULL;
	assert_int_equal(parse_policy(SOD_RULE, "\"accountability\": [" ACC("always", "第1条") ", " ACC("outage", "第2条") "], ",
				      &base, &e), 0);
	assert_int_equal(base->naccountability, 2);
	assert_int_equal(base->accountability[1].kase, ACC_OUTAGE);
	assert_string_equal(base->accountability[1].citations[0].clause, "第2条");
	assert_int_equal(parse_policy(SOD_RULE, "\"accountability\": [" ACC("unreported", "第9条") "], ", &over, &e), 0);
	assert_int_equal(policy_extend(base, over, &out, &e), 0);
	assert_int_equal(out->naccountability, 1); /* replaced whole, not merged */
	assert_int_equal(out->accountability[0].kase, ACC_UNREPORTED);
	policy_free(out);
	assert_int_equal(parse_policy(SOD_RULE, NULL, &plain, &e), 0);
	assert_int_equal(policy_extend(base, plain, &out, &e), 0);
	assert_int_equal(out->naccountability, 2); /* none of its own: the base's */
	policy_free(out);
	policy_free(plain);
	policy_free(over);
	policy_free(base);
}

static void test_handover_parse(void **state)
{
	(void)state;
	expect_parse_error(HO_RULE("[\"keys\"]"), NULL, "$.rules[0].params.requires", "keys");
	expect_parse_error(RULE("h", "handover", "{\"posts\": [\"network_admin\"], \"lookback_days\": 30}"), NULL,
			   "$.rules[0].params.days", NULL);
	expect_parse_error(RULE("h", "handover", "{\"posts\": [\"network_admin\"], \"days\": 7, \"lookback_days\": 30, \"weeks\": 1}"),
			   NULL, "$.rules[0].params.weeks", NULL);
}

/* ======================================================================================== */
/* vulnerability_fix (issue 19)                                                              */
/* ======================================================================================== */

#define VULN_RULE(verify)                                                                         \
	RULE("vuln", "vulnerability_fix", "{\"days\": {\"critical\": 7, \"high\": 30}, \"verify\": " verify "}")

static zidx add_vuln(const char *id, zidx sys, int sev, const char *found, const char *due, const char *fixed,
		     const char *verified)
{
	struct vulnerability v = {facts_str(&X.f, id), facts_str(&X.f, id), NULL, X.u, sys, ZIDX_NONE, (int8_t)sev,
				  VSRC_SCAN, D(found), due ? D(due) : ZDATE_NONE, fixed ? D(fixed) : ZDATE_NONE,
				  verified ? D(verified) : ZDATE_NONE};
	return facts_add_vulnerability(&X.f, &v);
}

/* Not fixed by found_on + the severity's days: a finding on its system from the day after. */
static void test_vulnerability_deadline(void **state)
{
	(void)state;
	zidx oa = add_system("oa", ZIDX_NONE, 2, NULL, NULL, NULL);
	zidx v1 = add_vuln("v1", oa, VSEV_HIGH, "2026-10-12", NULL, NULL, NULL);
	add_vuln("v2", oa, VSEV_LOW, "2020-01-01", NULL, NULL, NULL);         /* no days for low: no deadline */
	add_vuln("v3", oa, VSEV_CRITICAL, "2026-12-01", NULL, NULL, NULL);    /* found after the day */
	use_rules(VULN_RULE("false"));
	run("2026-11-11");
	expect_count(0); /* the last day */
	run("2026-11-12");
	expect_count(1);
	const struct finding *fd = find(R_VULN_OPEN, SUBJ_SYSTEM, oa);
	assert_int_equal(fd->vulnerability, v1);
	check_date(fd->since, "2026-11-12", "since the day after the deadline");
	check_date(fd->date, "2026-11-11", "the deadline");
	/* its own due_on wins over the severity's days */
	X.f.vulnerabilities.v[v1].due_on = D("2026-12-31");
	run("2026-11-12");
	expect_count(0);
	X.f.vulnerabilities.v[v1].due_on = D("2026-10-20");
	run("2026-10-21");
	expect_count(1);
	/* fixed later: the finding holds until the day of the fix */
	X.f.vulnerabilities.v[v1].fixed_on = D("2026-11-01");
	run("2026-10-31");
	expect_count(1);
	run("2026-11-01");
	expect_count(0);
}

/* With verify, a fix counts once verified. */
static void test_vulnerability_verify(void **state)
{
	(void)state;
	zidx jw = add_system("jwxt", ZIDX_NONE, 3, NULL, NULL, NULL);
	zidx v = add_vuln("v1", jw, VSEV_CRITICAL, "2026-09-15", NULL, "2026-09-18", NULL);
	use_rules(VULN_RULE("false"));
	run("2026-12-01");
	expect_count(0);
	use_rules(VULN_RULE("true"));
	run("2026-09-22");
	expect_count(0);
	run("2026-09-23");
	expect_count(1);
	const struct finding *fd = find(R_VULN_UNVERIFIED, SUBJ_SYSTEM, jw);
	check_date(fd->since, "2026-09-23", "since the day after the deadline");
	struct strbuf m = STRBUF_INIT;
	finding_message(&X.f, fd, "zh", &m);
	assert_non_null(strstr(m.buf, "2026-09-18已修复，修复结果尚未验证"));
	sb_release(&m);
	X.f.vulnerabilities.v[v].verified_on = D("2026-09-30");
	run("2026-09-29");
	expect_count(1);
	run("2026-09-30");
	expect_count(0);
}

static void test_vulnerability_parse(void **state)
{
	(void)state;
	expect_parse_error(RULE("v", "vulnerability_fix", "{\"days\": {\"urgent\": 3}}"), NULL, "$.rules[0].params.days", "urgent");
	expect_parse_error(RULE("v", "vulnerability_fix", "{\"days\": {\"high\": 0}}"), NULL, "$.rules[0].params.days", "high");
	expect_parse_error(RULE("v", "vulnerability_fix", "{\"verify\": true}"), NULL, "$.rules[0].params.days", NULL);
}

/* ======================================================================================== */
/* emergency_plan (issue 19)                                                                 */
/* ======================================================================================== */

static zidx add_plan(const char *id, const char *approved, const char *reviewed, const char *withdrawn)
{
	struct emergency_plan p = {facts_str(&X.f, id), facts_str(&X.f, id), NULL, NULL, X.u,
				   approved ? D(approved) : ZDATE_NONE, reviewed ? D(reviewed) : ZDATE_NONE,
				   withdrawn ? D(withdrawn) : ZDATE_NONE};
	return facts_add_plan(&X.f, &p);
}

static void test_plan_review(void **state)
{
	(void)state;
	use_rules(RULE("plan", "emergency_plan", "{\"review_months\": 12}"));
	run("2026-01-01");
	expect_count(1);
	find(R_PLAN_MISSING, SUBJ_ORG, X.u); /* no plan at all */
	zidx old = add_plan("old", "2019-05-10", "2023-05-26", "2024-06-15");
	zidx cur = add_plan("cur", "2024-06-15", NULL, NULL);
	add_plan("draft", NULL, NULL, NULL); /* not approved: not in force */
	run("2025-06-14");
	expect_count(0); /* the last day before the year is out */
	run("2025-06-15");
	expect_count(1);
	const struct finding *fd = find(R_PLAN_REVIEW_DUE, SUBJ_ORG, X.u);
	assert_int_equal(fd->plan, cur);
	check_date(fd->since, "2025-06-15", "twelve months after approval");
	check_date(fd->date, "2024-06-15", "last approved");
	X.f.plans.v[cur].reviewed_on = D("2025-06-20");
	run("2025-06-19"); /* a review after the day does not count yet */
	expect_count(1);
	run("2025-06-20");
	expect_count(0);
	/* the old plan counts until it is withdrawn */
	run("2024-05-25");
	expect_count(0);
	run("2024-05-26");
	expect_count(1);
	assert_int_equal(find(R_PLAN_REVIEW_DUE, SUBJ_ORG, X.u)->plan, old);
	/* every plan withdrawn: none in force since the last withdrawal */
	X.f.plans.v[cur].withdrawn_on = D("2026-03-01");
	run("2026-03-01");
	expect_count(1);
	check_date(find(R_PLAN_MISSING, SUBJ_ORG, X.u)->since, "2026-03-01", "since withdrawn");
	expect_parse_error(RULE("p", "emergency_plan", "{\"review_months\": 0}"), NULL, "$.rules[0].params.review_months", NULL);
}

/* ======================================================================================== */
/* log_retention, training_hours, training_certificate (issue 19)                            */
/* ======================================================================================== */

static zidx add_log_source(const char *id, zidx sys, int kind, int days, const char *checked)
{
	struct log_source l = {facts_str(&X.f, id), facts_str(&X.f, id), NULL, X.u, sys, (int8_t)kind, days,
			       checked ? D(checked) : ZDATE_NONE};
	return facts_add_log_source(&X.f, &l);
}

static void test_log_retention(void **state)
{
	(void)state;
	zidx mail = add_system("mail", ZIDX_NONE, 2, NULL, NULL, NULL);
	zidx ok = add_log_source("ok", mail, LOGK_SERVER, 180, "2026-09-01");
	zidx mail_log = add_log_source("short", mail, LOGK_SERVER, 179, "2026-09-29");
	add_log_source("free", ZIDX_NONE, LOGK_OTHER, 1, NULL); /* no days for its kind */
	use_rules(RULE("ret", "log_retention", "{\"days\": {\"server_log\": 180, \"gateway_audit\": 90}}"));
	run("2026-09-28");
	expect_count(0); /* verified after the day: not known yet */
	run("2026-09-29");
	expect_count(1);
	const struct finding *fd = find(R_RETENTION_SHORT, SUBJ_SYSTEM, mail);
	assert_int_equal(fd->log_source, mail_log);
	check_date(fd->since, "2026-09-29", "since verified");
	X.f.log_sources.v[mail_log].retention_days = 180; /* exactly the days asked: enough */
	run("2026-11-21");
	expect_count(0);
	/* the unit's own gateway log without a recorded retention: the unit's, as far back as the records go */
	zidx gw = add_log_source("gw", ZIDX_NONE, LOGK_GATEWAY_AUDIT, -1, NULL);
	run("2026-11-21");
	expect_count(1);
	fd = find(R_RETENTION_UNKNOWN, SUBJ_ORG, X.u);
	assert_int_equal(fd->log_source, gw);
	assert_true(fd->since == ZDATE_MIN);
	struct strbuf m = STRBUF_INIT;
	finding_message(&X.f, fd, "zh", &m);
	assert_non_null(strstr(m.buf, "出口网关审计日志“gw”未登记留存期限，应至少留存90天"));
	sb_release(&m);
	(void)ok;
	expect_parse_error(RULE("r", "log_retention", "{\"days\": {\"syslog\": 30}}"), NULL, "$.rules[0].params.days", "syslog");
	expect_parse_error(RULE("r", "log_retention", "{\"days\": {\"server_log\": 0}}"), NULL, "$.rules[0].params.days", NULL);
	expect_parse_error(RULE("r", "log_retention", "{}"), NULL, "$.rules[0].params.days", NULL);
}

static zidx add_training(const char *id, const char *held, int hours, int certification)
{
	struct training_session t = {facts_str(&X.f, id), facts_str(&X.f, id), NULL, NULL, X.u, ZIDX_NONE,
				     (int8_t)(certification ? TRK_CERTIFICATION : TRK_AWARENESS), TRL_UNIT, D(held), hours};
	return facts_add_training(&X.f, &t);
}

static void attend(zidx t, zidx p, int hours, const char *certificate)
{
	struct training_attendee a = {t, p, hours, certificate ? facts_str(&X.f, certificate) : NULL};
	assert_true(facts_add_training_attendee(&X.f, &a) >= 0);
}

/* 8 学时 in the year ending on the day: short from the day a session leaves the year. */
static void test_training_hours(void **state)
{
	(void)state;
	zidx zl = add_person("zl", "赵磊", ZIDX_NONE, NULL);
	zidx other = add_person("x", "某某", ZIDX_NONE, NULL);
	hold(zl, POST_SECURITY_ADMIN, "2021-03-01", NULL);
	zidx a = add_training("a", "2025-03-20", 6, 0), b = add_training("b", "2025-09-16", 4, 0);
	attend(a, zl, -1, NULL); /* the whole session: 6 */
	attend(b, zl, -1, NULL);
	attend(b, other, 2, NULL);
	use_rules(RULE("th", "training_hours", "{\"posts\": [\"security_admin\"], \"hours\": 8}"));
	run("2025-09-15");
	expect_count(1); /* 6 < 8, short since the post was taken */
	check_date(find(R_TRAINING_HOURS, SUBJ_PERSON, zl)->since, "2021-03-01", "since the post");
	run("2025-09-16");
	expect_count(0);
	run("2026-03-19"); /* session a's last day in the year */
	expect_count(0);
	run("2026-03-20");
	expect_count(1);
	const struct finding *fd = find(R_TRAINING_HOURS, SUBJ_PERSON, zl);
	check_date(fd->since, "2026-03-20", "since session a left the year");
	assert_int_equal(fd->count, 4);
	assert_int_equal(fd->post, POST_SECURITY_ADMIN);
	/* everyone: the person without a post too, with their own hours */
	use_rules(RULE("th", "training_hours", "{\"everyone\": true, \"hours\": 3}"));
	run("2025-12-31");
	expect_count(1);
	assert_int_equal(find(R_TRAINING_HOURS, SUBJ_PERSON, other)->count, 2);
	expect_parse_error(RULE("t", "training_hours", "{\"posts\": [\"security_admin\"], \"hours\": 0}"), NULL,
			   "$.rules[0].params.hours", NULL);
	expect_parse_error(RULE("t", "training_hours", "{\"hours\": 8}"), NULL, "$.rules[0].params.posts", NULL);
}

static void test_training_certificate(void **state)
{
	(void)state;
	zidx zh = add_person("zh", "郑浩", ZIDX_NONE, NULL);
	hold(zh, POST_NETWORK_ADMIN, "2017-12-10", NULL);
	zidx c = add_training("cisp", "2025-07-14", 40, 1);
	attend(c, zh, -1, NULL);
	use_rules(RULE("tc", "training_certificate", "{\"posts\": [\"network_admin\"]}"));
	run("2025-07-14");
	expect_count(1); /* attended, but no certificate recorded */
	check_date(find(R_NO_CERTIFICATE, SUBJ_PERSON, zh)->since, "2017-12-10", "since the post");
	X.f.training_attendees.v[0].certificate = facts_str(&X.f, "CISP 0715");
	run("2025-07-13");
	expect_count(1); /* the course is after the day */
	run("2025-07-14");
	expect_count(0);
	expect_parse_error(RULE("t", "training_certificate", "{}"), NULL, "$.rules[0].params.posts", NULL);
}

/* ======================================================================================== */
/* project_security (issue 19)                                                               */
/* ======================================================================================== */

static zidx add_project(const char *id, int64_t budget, int64_t security, const char *approved, const char *started,
			const char *in_use, bool planned, bool built, bool implemented)
{
	struct project p = {facts_str(&X.f, id), facts_str(&X.f, id), NULL, X.u, ZIDX_NONE, budget, security, D(approved),
			    started ? D(started) : ZDATE_NONE, in_use ? D(in_use) : ZDATE_NONE, ZDATE_NONE,
			    planned, built, implemented};
	return facts_add_project(&X.f, &p);
}

static void test_project_security(void **state)
{
	(void)state;
	use_rules(RULE("prj", "project_security", "{\"budget_percent\": 5}"));
	zidx low = add_project("low", 1000000, 49999, "2026-03-01", NULL, NULL, false, false, false);
	add_project("ok", 1000000, 50000, "2026-03-01", NULL, NULL, false, false, false); /* exactly 5% */
	add_project("unknown", -1, -1, "2026-03-01", NULL, NULL, false, false, false);  /* no total: not judged */
	run("2026-02-28");
	expect_count(0); /* before approval */
	run("2026-03-01");
	expect_count(1);
	const struct finding *fd = find(R_PROJECT_BUDGET, SUBJ_ORG, X.u);
	assert_int_equal(fd->project, low);
	check_date(fd->since, "2026-03-01", "from approval");
	X.f.projects.v[low].security_budget = -1; /* none recorded: 0 */
	run("2026-03-01");
	expect_count(1);
	X.f.projects.v[low].security_budget = 50000;
	/* 三同步: started without security planned; in use without it built and put into use */
	zidx sync = add_project("sync", 1000000, 60000, "2026-01-05", "2026-02-02", "2026-06-01", false, true, false);
	run("2026-02-01");
	expect_count(0);
	run("2026-02-02");
	expect_count(1);
	fd = find(R_PROJECT_SYNC, SUBJ_ORG, X.u);
	assert_int_equal(fd->project, sync);
	assert_int_equal(fd->count, 1);
	check_date(fd->since, "2026-02-02", "from the start");
	X.f.projects.v[sync].security_planned = true;
	run("2026-06-01");
	fd = find(R_PROJECT_SYNC, SUBJ_ORG, X.u);
	assert_int_equal(fd->count, 4); /* built, not put into use with it */
	check_date(fd->since, "2026-06-01", "from its use");
	X.f.projects.v[sync].cancelled_on = D("2026-05-01"); /* (the importer refuses this; the engine skips it) */
	run("2026-06-01");
	expect_count(0);
	use_rules(RULE("prj", "project_security", "{\"budget_percent\": 5, \"three_sync\": false}"));
	X.f.projects.v[sync].cancelled_on = ZDATE_NONE;
	run("2026-06-01");
	expect_count(0); /* the budget only */
	expect_parse_error(RULE("p", "project_security", "{\"budget_percent\": 101}"), NULL, "$.rules[0].params.budget_percent", NULL);
	expect_parse_error(RULE("p", "project_security", "{\"budget_percent\": 5, \"three_sync\": \"yes\"}"), NULL,
			   "$.rules[0].params.three_sync", NULL);
}

static const char *const default_ids[] = {
	"sod.security_admin", "fulltime.security_admin", "staffing.key_posts", "required.responsible",
	"required.posts", "required.liaison", "body.leading_group", "body.working_group", "body.emergency_group",
	"system.owner", "system.mlps", "agreement.key_post", "agreement.expiring", "personnel.background_check",
};

static void test_shipped_policies(void **state)
{
	(void)state;
	struct zerr e = {0};
	struct policy_set *ps = NULL;
	if (policies_load(&ps, &e))
		fail_msg("policies_load: %s", e.msg);
	assert_int_equal(policies_count(ps), 2);
	const struct policy *def = policies_get(ps, "default");
	const struct policy *strict = policies_get(ps, "strict-fulltime");
	assert_non_null(def);
	assert_non_null(strict);
	assert_null(policies_get(ps, "nope"));
	/* the 14 structural rules of DESIGN.md §2, then the time-driven ones; after the yearly letter
	 * issue 19's log retention, training hours and certificates, the office's and the projects',
	 * then issue 22's rectifications overdue and the network users' letter, off as shipped */
	assert_int_equal(def->nrules, 34);
	assert_string_equal(def->rules[25].id, "agreement.year_letter");
	assert_int_equal(def->rules[25].kind, RK_REQUIRED_AGREEMENT);
	assert_true(def->rules[25].per_year);
	assert_string_equal(def->rules[32].id, "rectification.overdue");
	assert_int_equal(def->rules[32].kind, RK_RECTIFICATION_OVERDUE);
	assert_int_equal(def->rules[32].workdays, 10);
	assert_string_equal(def->rules[33].id, "agreement.network_user");
	assert_int_equal(def->rules[33].agreement_kind, AGREEMENT_NETWORK_ACCESS);
	assert_false(def->rules[33].everyone);
	assert_int_equal(def->rules[33].posts, 0);
	static const char *const time_ids[8] = {"notice.rectification", "notice.feedback", "incident.report_late",
						"incident.report_national", "incident.repeat", "incident.outage",
						"incident.summary_late", "obligation.overdue"};
	static const int time_kinds[8] = {RK_NOTICE_DEADLINE, RK_NOTICE_FEEDBACK, RK_INCIDENT_REPORT, RK_INCIDENT_REPORT,
					  RK_INCIDENT_REPEAT, RK_INCIDENT_OUTAGE, RK_INCIDENT_SUMMARY, RK_OBLIGATION_OVERDUE};
	assert_int_equal(def->nobligations, 14);
	for (int i = 0; i < 8; i++) {
		assert_string_equal(def->rules[14 + i].id, time_ids[i]);
		assert_int_equal(def->rules[14 + i].kind, time_kinds[i]);
		assert_true(def->rules[14 + i].ncitations >= 1);
	}
	assert_int_equal(policy_rule(def, "notice.rectification")->workdays, 3);
	/* then the registers' rules of issue 19 */
	const struct rule *ho = policy_rule(def, "handover.key_post");
	assert_ptr_equal(ho, &def->rules[22]);
	assert_int_equal(ho->kind, RK_HANDOVER);
	assert_int_equal(ho->days, 7);
	assert_int_equal(ho->handover_requires, (1u << HO_ITEM_COUNT) - 1);
	assert_int_equal(ho->ncitations, 3);
	const struct rule *vf = policy_rule(def, "vulnerability.fix");
	assert_ptr_equal(vf, &def->rules[23]);
	assert_int_equal(vf->kind, RK_VULNERABILITY_FIX);
	assert_int_equal(vf->vuln_days[VSEV_CRITICAL], 7);
	assert_int_equal(vf->vuln_days[VSEV_LOW], 180);
	assert_true(vf->verify);
	const struct rule *pr = policy_rule(def, "plan.review");
	assert_ptr_equal(pr, &def->rules[24]);
	assert_int_equal(pr->kind, RK_EMERGENCY_PLAN);
	assert_int_equal(pr->months, 12);
	for (int i = 0; i < 14; i++) {
		assert_string_equal(def->rules[i].id, default_ids[i]);
		assert_true(def->rules[i].ncitations >= 1);
		assert_non_null(def->rules[i].title_zh);
	}
	static const int kinds[14] = {
		RK_EXCLUSIVE_POSTS, RK_FULL_TIME, RK_MIN_HOLDERS, RK_REQUIRED_POST, RK_REQUIRED_POST, RK_REQUIRED_POST,
		RK_BODY_COMPOSITION, RK_BODY_COMPOSITION, RK_BODY_COMPOSITION, RK_SYSTEM_OWNER, RK_SYSTEM_MLPS,
		RK_AGREEMENT_IN_FORCE, RK_AGREEMENT_EXPIRING, RK_PERSONNEL_RECORD,
	};
	for (int i = 0; i < 14; i++)
		assert_int_equal(def->rules[i].kind, kinds[i]);
	const struct rule *ft = policy_rule(def, "fulltime.security_admin");
	assert_false(ft->strict);
	assert_int_equal(ft->post, POST_SECURITY_ADMIN);
	const struct rule *st = policy_rule(def, "staffing.key_posts");
	assert_int_equal(st->min, 2);
	assert_int_equal(st->posts, (1u << POST_SYSTEM_ADMIN) | (1u << POST_NETWORK_ADMIN) |
					    (1u << POST_SECURITY_ADMIN) | (1u << POST_SECURITY_AUDITOR));
	assert_true(policy_rule(def, "required.liaison")->per_department);
	assert_false(policy_rule(def, "required.posts")->per_department);
	assert_int_equal(policy_rule(def, "agreement.expiring")->within_days, 30);
	assert_int_equal(policy_rule(def, "agreement.expiring")->severity, SEV_WARNING);
	assert_int_equal(policy_rule(def, "personnel.background_check")->severity, SEV_WARNING);
	assert_int_equal(policy_rule(def, "body.leading_group")->member_department_posts, 1u << POST_DEPARTMENT_HEAD);
	assert_int_equal(policy_rule(def, "system.mlps")->assessment_months[3], 12);
	assert_int_equal(policy_rule(def, "system.mlps")->assessment_months[4], 6);

	/* strict-fulltime: the default's with fulltime.security_admin replaced in place, plus 3 sod.* */
	assert_string_equal(strict->id, "strict-fulltime");
	assert_int_equal(strict->nrules, 37);
	for (int i = 0; i < 14; i++)
		assert_string_equal(strict->rules[i].id, default_ids[i]);
	assert_true(strict->rules[1].strict);
	assert_int_equal(strict->rules[1].kind, RK_FULL_TIME);
	assert_int_equal(strict->rules[1].post, POST_SECURITY_ADMIN);
	assert_string_equal(strict->rules[25].id, "agreement.year_letter");
	assert_string_equal(strict->rules[26].id, "retention.logs");
	assert_string_equal(strict->rules[27].id, "training.hours");
	assert_string_equal(strict->rules[28].id, "training.certificate");
	assert_string_equal(strict->rules[29].id, "body.office");
	assert_string_equal(strict->rules[30].id, "required.admins");
	assert_string_equal(strict->rules[31].id, "project.security");
	assert_string_equal(strict->rules[32].id, "rectification.overdue");
	assert_string_equal(strict->rules[33].id, "agreement.network_user");
	assert_string_equal(strict->rules[34].id, "sod.system_admin");
	assert_string_equal(strict->rules[35].id, "sod.network_admin");
	assert_string_equal(strict->rules[36].id, "sod.database_admin");
	assert_int_equal(strict->nobligations, 14);
	/* the other rules are the default's */
	assert_int_equal(strict->rules[2].min, 2);
	assert_false(policy_rule(def, "fulltime.security_admin")->strict);
	policies_free(ps);
}

/* check_facts picks each unit's policy by id. */
static void test_check_facts_uses_unit_policy(void **state)
{
	(void)state;
	struct zerr e = {0};
	struct policy_set *ps = NULL;
	if (policies_load(&ps, &e))
		fail_msg("policies_load: %s", e.msg);
	zidx p1 = add_person("p1", "甲", ZIDX_NONE, NULL);
	add_post(p1, POST_SECURITY_ADMIN, ZIDX_NONE, ZIDX_NONE, "2024-01-01", NULL, TRI_TRUE);
	add_post(p1, POST_DATABASE_ADMIN, ZIDX_NONE, ZIDX_NONE, "2024-06-01", NULL, TRI_NULL);
	assert_int_equal(facts_index(&X.f), 0);
	struct findings out = {0};
	assert_int_equal(check_facts(&X.f, ps, NULL, X.u, D("2026-11-21"), &out, &e), 0);
	bool strict_hit = false;
	for (size_t i = 0; i < out.n; i++)
		strict_hit |= !strcmp(out.v[i].rule->id, "fulltime.security_admin");
	assert_false(strict_hit);
	findings_release(&out);

	X.f.orgs.v[X.u].policy = facts_str(&X.f, "strict-fulltime");
	assert_int_equal(check_facts(&X.f, ps, NULL, X.u, D("2026-11-21"), &out, &e), 0);
	strict_hit = false;
	for (size_t i = 0; i < out.n; i++)
		if (!strcmp(out.v[i].rule->id, "fulltime.security_admin")) {
			strict_hit = true;
			assert_int_equal(out.v[i].reason, R_HOLDS_OTHER);
			assert_int_equal(out.v[i].other_post, POST_DATABASE_ADMIN);
			check_date(out.v[i].since, "2024-06-01", "strict since");
		}
	assert_true(strict_hit);
	findings_release(&out);

	X.f.orgs.v[X.u].policy = facts_str(&X.f, "no-such-policy");
	assert_int_equal(check_facts(&X.f, ps, NULL, X.u, D("2026-11-21"), &out, &e), ZE_INVALID);
	assert_non_null(strstr(e.msg, "no-such-policy"));
	findings_release(&out);
	policies_free(ps);
}

/* ======================================================================================== */
/* the demo unit, end to end                                                                 */
/* ======================================================================================== */

struct expected {
	const char *rule, *subject_kind, *subject, *post, *other_post, *since;
	int reason;
	const char *date;
};

/* data/demo/README.md, "Intended findings as of 2026-11-21". */
static const struct expected demo_findings[] = {
	{"sod.security_admin", "person", "p-zhaolei", "security_admin", "network_admin", "2025-09-01", R_HOLDS_EXCLUDED, NULL},
	{"staffing.key_posts", "org", "demo", "security_auditor", NULL, "2026-04-01", R_TOO_FEW, NULL},
	{"required.liaison", "department", "library", "security_liaison", NULL, "2026-07-15", R_TOO_FEW, NULL},
	{"body.leading_group", "body", "lg", "department_head", NULL, "2025-07-01", R_NOT_MEMBER, NULL},
	{"system.owner", "system", "hrxt", "system_responsible", NULL, "2026-05-15", R_NO_HOLDER, NULL},
	{"system.mlps", "system", "cwxt", NULL, NULL, "2026-03-10", R_ASSESSMENT_DUE, "2025-03-10"},
	{"agreement.key_post", "person", "p-machao", "machine_room_admin", NULL, "2026-06-30", R_AGREEMENT_EXPIRED, "2026-06-30"},
	{"agreement.expiring", "person", "p-zhenghao", "network_admin", NULL, "2026-11-10", R_AGREEMENT_EXPIRING, "2026-12-10"},
	{"personnel.background_check", "person", "p-jiangtao", "system_admin", NULL, "2024-09-01", R_NO_BACKGROUND_CHECK, NULL},
	{"notice.rectification", "system", "portal", NULL, NULL, "2026-11-20", R_NOTICE_OVERDUE, "2026-11-19"},
	{"incident.outage", "system", "oa", NULL, NULL, "2026-09-01", R_OUTAGE, NULL},
	{"obligation.overdue", "org", "demo", "network_admin", NULL, "2026-11-06", R_OBLIGATION_OVERDUE, "2026-11-05"},
	{"obligation.overdue", "department", "library", NULL, NULL, "2026-07-01", R_OBLIGATION_OVERDUE, "2026-06-30"},
	{"handover.key_post", "person", "p-wuyue", "network_admin", NULL, "2026-11-17", R_HANDOVER_OPEN, "2026-11-09"},
	{"vulnerability.fix", "system", "oa", NULL, NULL, "2026-11-12", R_VULN_OPEN, "2026-11-11"},
	{"plan.review", "org", "demo", NULL, NULL, "2025-09-10", R_PLAN_REVIEW_DUE, "2024-09-10"},
	{"retention.logs", "system", "mail", NULL, NULL, "2026-09-29", R_RETENTION_SHORT, NULL},
	{"training.hours", "person", "p-jiangtao", "system_admin", NULL, "2024-09-01", R_TRAINING_HOURS, "2026-11-21"},
	{"project.security", "org", "demo", NULL, NULL, "2026-03-16", R_PROJECT_BUDGET, NULL},
};
#define NDEMO (sizeof demo_findings / sizeof demo_findings[0])

static bool matches(const struct facts *f, const struct finding *fd, const struct expected *x)
{
	return !strcmp(fd->rule->id, x->rule) && !strcmp(subject_kind_id(fd->subject_kind), x->subject_kind) &&
	       !strcmp(finding_subject_id(f, fd), x->subject);
}

static void verify_expected(const struct facts *f, const struct finding *fd, const struct expected *x)
{
	char what[200];
	snprintf(what, sizeof what, "%s on %s", x->rule, x->subject);
	assert_int_equal(fd->reason, x->reason);
	if (x->post)
		assert_string_equal(post_id(fd->post), x->post);
	else
		assert_int_equal(fd->post, POST_NONE);
	if (x->other_post)
		assert_string_equal(post_id(fd->other_post), x->other_post);
	else
		assert_int_equal(fd->other_post, POST_NONE);
	check_date(fd->since, x->since, what);
	if (x->date)
		check_date(fd->date, x->date, what);
	(void)f;
}

struct demo {
	char *dir;
	struct store *s;
	struct policy_set *ps;
	struct facts f;
};

static void demo_open(struct demo *d)
{
	struct zerr e = {0};
	memset(d, 0, sizeof *d);
	d->dir = make_tmpdir();
	if (store_open(d->dir, &d->s, &e))
		fail_msg("store_open: %s", e.msg);
	const struct embedded_file *ef = embedded_find("demo/demo.json");
	assert_non_null(ef);
	struct import_stats st;
	if (import_document(d->s, ef->data, ef->len, "demo.json", &st, &e))
		fail_msg("import demo: %s", e.msg);
	/* The demo unit and its supervision tree (issue 15): 西岭市委网信办 and two small units,
	 * with 3 departments, 6 people, 9 appointments, 2 systems and 1 agreement between them. */
	assert_int_equal(st.orgs, 1 + 3);
	assert_int_equal(st.depts, 11 + 3);
	assert_int_equal(st.people, 61 + 6);
	assert_int_equal(st.bodies, 4);
	assert_int_equal(st.appts, 141 + 9);
	assert_int_equal(st.systems, 8 + 2);
	assert_int_equal(st.agreements, 69 + 1);
	assert_int_equal(st.handovers, 4);
	assert_int_equal(st.vulnerabilities, 5);
	assert_int_equal(st.plans, 3);
	assert_int_equal(st.projects, 4);
	if (policies_load(&d->ps, &e))
		fail_msg("policies_load: %s", e.msg);
	facts_init(&d->f);
	if (store_load(d->s, &d->f, NULL, &e))
		fail_msg("store_load: %s", e.msg);
	assert_int_equal(facts_index(&d->f), 0);
}

static void demo_close(struct demo *d)
{
	facts_release(&d->f);
	policies_free(d->ps);
	store_close(d->s);
	remove_tree(d->dir);
}

static void dump(const struct facts *f, const struct findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		const struct finding *fd = &fs->v[i];
		char s[ZDATE_BUFSZ];
		fprintf(stderr, "  %s %s:%s post %s since %s\n", fd->rule->id, subject_kind_id(fd->subject_kind),
			finding_subject_id(f, fd), post_id(fd->post),
			fd->since == ZDATE_MIN ? "MIN" : date_format(fd->since, s));
	}
}

static void test_demo_findings(void **state)
{
	(void)state;
	struct demo d;
	struct zerr e = {0};
	demo_open(&d);
	struct check_result res;
	if (check_store(d.s, d.ps, "demo", D("2026-11-21"), &res, &e))
		fail_msg("check_store: %s", e.msg);
	assert_int_equal(res.units, 1);
	if (res.findings.n != NDEMO) {
		dump(&res.facts, &res.findings);
		fail_msg("expected %zu findings, got %zu", NDEMO, res.findings.n);
	}
	for (size_t k = 0; k < NDEMO; k++) {
		const struct finding *hit = NULL;
		for (size_t i = 0; i < res.findings.n; i++)
			if (matches(&res.facts, &res.findings.v[i], &demo_findings[k])) {
				assert_null(hit);
				hit = &res.findings.v[i];
			}
		if (!hit) {
			dump(&res.facts, &res.findings);
			fail_msg("missing %s on %s", demo_findings[k].rule, demo_findings[k].subject);
		}
		verify_expected(&res.facts, hit, &demo_findings[k]);
	}
	assert_int_equal(res.count[SEV_ERROR], 16);
	assert_int_equal(res.count[SEV_WARNING], 3);
	/* finding 4 names the head who is missing */
	for (size_t i = 0; i < res.findings.n; i++) {
		const struct finding *fd = &res.findings.v[i];
		if (strcmp(fd->rule->id, "body.leading_group"))
			continue;
		assert_string_equal(res.facts.people.v[fd->person].id, "p-tangguoqiang");
		assert_string_equal(res.facts.depts.v[fd->dept].id, "academic");
	}
	/* sorted: unit, severity, rule order: the errors first, in policy order */
	for (size_t i = 1; i < res.findings.n; i++) {
		const struct finding *a = &res.findings.v[i - 1], *b = &res.findings.v[i];
		assert_true(a->rule->severity < b->rule->severity ||
			    (a->rule->severity == b->rule->severity && a->rule <= b->rule));
	}
	/* every message is non-empty, valid UTF-8 Chinese; a person's names them */
	for (size_t i = 0; i < res.findings.n; i++) {
		const struct finding *fd = &res.findings.v[i];
		struct strbuf zh = STRBUF_INIT, en = STRBUF_INIT;
		finding_message(&res.facts, fd, "zh", &zh);
		finding_message(&res.facts, fd, "en", &en);
		assert_true(zh.len > 0);
		assert_true(en.len > 0);
		assert_true(utf8_valid(zh.buf, zh.len));
		bool cjk = false;
		for (size_t j = 0; j + 2 < zh.len; j++)
			cjk |= (unsigned char)zh.buf[j] >= 0xE4 && (unsigned char)zh.buf[j] <= 0xE9;
		assert_true(cjk);
		if (fd->subject_kind == SUBJ_PERSON) {
			const char *name = res.facts.people.v[fd->subject].name;
			if (!strstr(zh.buf, name))
				fail_msg("message '%s' lacks the name %s", zh.buf, name);
		}
		if (!strcmp(fd->rule->id, "sod.security_admin")) {
			assert_non_null(strstr(zh.buf, "赵磊"));
			assert_non_null(strstr(zh.buf, "安全管理员"));
			assert_non_null(strstr(zh.buf, "网络管理员"));
			assert_string_equal(finding_subject_name(&res.facts, fd), "赵磊");
		}
		sb_release(&zh);
		sb_release(&en);
	}
	check_result_release(&res);

	/* one unit by id gives the same */
	if (check_store(d.s, d.ps, "demo", D("2026-11-21"), &res, &e))
		fail_msg("check_store demo: %s", e.msg);
	assert_int_equal(res.findings.n, NDEMO);
	check_result_release(&res);
	assert_int_equal(check_store(d.s, d.ps, "nope", D("2026-11-21"), &res, &e), ZE_NOTFOUND);
	check_result_release(&res);

	/* 2024-01-01: before 赵磊 took over network administration */
	if (check_store(d.s, d.ps, NULL, D("2024-01-01"), &res, &e))
		fail_msg("check_store: %s", e.msg);
	for (size_t i = 0; i < res.findings.n; i++)
		assert_string_not_equal(res.findings.v[i].rule->id, "sod.security_admin");
	check_result_release(&res);
	demo_close(&d);
}

/* Under strict-fulltime the same day adds fulltime.security_admin on p-zhaolei. */
static void test_demo_strict_profile(void **state)
{
	(void)state;
	struct demo d;
	demo_open(&d);
	struct findings out = {0};
	struct engine *en = engine_new();
	zidx u = hmap_get(&d.f.org_ids, "demo");
	assert_true(u >= 0);
	assert_int_equal(engine_check(en, policies_get(d.ps, "strict-fulltime"), &d.f, u, D("2026-11-21"), &out), 0);
	if (out.n != NDEMO + 1) {
		dump(&d.f, &out);
		fail_msg("expected %zu findings, got %zu", NDEMO + 1, out.n);
	}
	size_t hits = 0;
	for (size_t i = 0; i < out.n; i++) {
		const struct finding *fd = &out.v[i];
		if (strcmp(fd->rule->id, "fulltime.security_admin"))
			continue;
		hits++;
		assert_string_equal(finding_subject_id(&d.f, fd), "p-zhaolei");
		assert_int_equal(fd->reason, R_HOLDS_OTHER);
		assert_int_equal(fd->other_post, POST_NETWORK_ADMIN);
		check_date(fd->since, "2025-09-01", "strict on p-zhaolei");
	}
	assert_int_equal(hits, 1);
	findings_release(&out);
	engine_free(en);
	demo_close(&d);
}

/* README "Other dates": every day from 2021-07-01 to 2026-11-21 shows only the findings above
 * that had already begun, with the same since; except level-3 systems not assessed yet, and
 * the warning on p-machao from 2026-05-31 to 2026-06-29. */
/* Notices, incidents and duties come and go with their deadlines; t0070 and the as-of test above
 * pin the demo's; this walk is about the structural rules. */
static bool time_driven(const char *rule)
{
	/* a plan keeps only its last review, so the days before it are not its history; the
	 * training register starts in 2025, so the hours of a year before it are none */
	return !strncmp(rule, "notice.", 7) || !strncmp(rule, "incident.", 9) || !strncmp(rule, "obligation.", 11) ||
	       !strncmp(rule, "plan.", 5) || !strncmp(rule, "training.", 9);
}

static void test_demo_every_day(void **state)
{
	(void)state;
	struct demo d;
	struct zerr e = {0};
	demo_open(&d);
	zidx u = hmap_get(&d.f.org_ids, "demo");
	struct engine *en = engine_new();
	const struct policy *p = policies_get(d.ps, "default");
	struct findings out = {0};
	for (zdate day = D("2021-07-01"); day <= D("2026-11-21"); day++) {
		char ds[ZDATE_BUFSZ];
		date_format(day, ds);
		out.n = 0;
		assert_int_equal(engine_check(en, p, &d.f, u, day, &out), 0);
		bool seen[NDEMO] = {false};
		for (size_t i = 0; i < out.n; i++) {
			const struct finding *fd = &out.v[i];
			const char *sid = finding_subject_id(&d.f, fd);
			bool ok = time_driven(fd->rule->id);
			/* Renewals in the demo are signed a few days before the old term ends, so each
			 * key-post agreement warns in its last 30 days until the renewal is signed. */
			for (size_t g = 0; !ok && !strcmp(fd->rule->id, "agreement.expiring") && g < d.f.agreements.n; g++) {
				const struct agreement *ag = &d.f.agreements.v[g];
				ok = ag->person == fd->subject && ag->from == fd->date && ag->signed_on > day &&
				     fd->date - day <= 30 && fd->since == fd->date - 30;
			}
			for (size_t k = 0; k < NDEMO && !ok; k++) {
				if (!matches(&d.f, fd, &demo_findings[k]) || fd->reason != demo_findings[k].reason)
					continue;
				ok = true;
				seen[k] = true;
				if (fd->since != D(demo_findings[k].since) || day < fd->since) {
					dump(&d.f, &out);
					fail_msg("%s: %s on %s with another since", ds, fd->rule->id, sid);
				}
			}
			if (!ok && !strcmp(fd->rule->id, "system.mlps") && fd->reason == R_NOT_ASSESSED &&
			    d.f.systems.v[fd->subject].mlps_level == 3 && d.f.systems.v[fd->subject].last_assessed_on > day)
				ok = true;
			if (!ok && !strcmp(fd->rule->id, "agreement.expiring") && !strcmp(sid, "p-machao") &&
			    day >= D("2026-05-31") && day <= D("2026-06-29")) {
				check_date(fd->since, "2026-05-31", "p-machao warning");
				ok = true;
			}
			if (!ok) {
				dump(&d.f, &out);
				fail_msg("%s: unexpected %s on %s", ds, fd->rule->id, sid);
			}
		}
		for (size_t k = 0; k < NDEMO; k++)
			if (!seen[k] && !time_driven(demo_findings[k].rule) && D(demo_findings[k].since) <= day) {
				dump(&d.f, &out);
				fail_msg("%s: %s on %s (since %s) is missing", ds, demo_findings[k].rule,
					 demo_findings[k].subject, demo_findings[k].since);
			}
	}
	findings_release(&out);
	engine_free(en);
	(void)e;
	demo_close(&d);
}

/* ======================================================================================== */

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_exclusive_conflict),
		T(test_exclusive_negative),
		T(test_exclusive_two_posts_any_scope),
		T(test_exclusive_merged_back_to_back),
		T(test_full_time_part_time),
		T(test_full_time_changes),
		T(test_full_time_strict),
		T(test_min_holders),
		T(test_min_holders_since),
		T(test_min_holders_person_counts_once),
		T(test_required_post_org),
		T(test_required_post_not_yet_held),
		T(test_required_post_per_department),
		T(test_body_missing),
		T(test_body_seats),
		T(test_body_members),
		T(test_body_member_department_posts_only_scoped),
		T(test_system_owner),
		T(test_mlps_register),
		T(test_mlps_assessment_due),
		T(test_valid_time),
		T(test_agreement_missing),
		T(test_agreement_names_post_and_department),
	T(test_network_users),
	T(test_agreement_expired),
		T(test_agreement_unsigned),
		T(test_required_agreement_per_year),
		T(test_required_agreement_everyone),
		T(test_agreement_signed_after_from),
		T(test_agreement_expiring),
		T(test_agreement_expiring_renewed),
		T(test_agreement_expiring_renewal_signed_later),
		T(test_personnel_record),
		T(test_handover_open),
		T(test_handover_requires),
		T(test_handover_missing),
		T(test_handover_parse),
		T(test_vulnerability_deadline),
		T(test_vulnerability_verify),
		T(test_vulnerability_parse),
		T(test_plan_review),
		T(test_log_retention),
		T(test_training_hours),
		T(test_training_certificate),
		T(test_project_security),
		T(test_as_of),
		T(test_findings_sort),
		T(test_policy_parse_errors),
		T(test_policy_parse_ok),
		T(test_policy_extend),
		T(test_policy_accountability),
		T(test_shipped_policies),
		T(test_check_facts_uses_unit_policy),
		T(test_demo_findings),
		T(test_demo_strict_profile),
		T(test_demo_every_day),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
