/* core/appointments (ids, the findings a proposed appointment adds, ending one) and the import
 * options the API relies on: a document restricted to one unit, paths from the record, a hook
 * before writing that can refuse, and a dry run. */
#include "testutil.h"

#include <stdbool.h>

#include "core/appointments.h"
#include "core/import.h"
#include "core/policies.h"

/* Unit "a": a 安全管理员 (p-sa) and a 网络管理员 (p-na); unit "b" with one person. */
static const char base_doc[] =
	"{\"format\": \"zeren/v1\",\n"
	"\"organizations\": [{\"id\": \"a\", \"name\": \"甲单位\", \"policy\": \"default\",\n"
	"  \"departments\": [{\"id\": \"d1\", \"name\": \"信息中心\"}]},\n"
	" {\"id\": \"b\", \"name\": \"乙单位\", \"departments\": [{\"id\": \"d2\", \"name\": \"办公室\"}]}],\n"
	"\"people\": [{\"id\": \"p-sa\", \"name\": \"甲\", \"org\": \"a\", \"department\": \"d1\"},\n"
	" {\"id\": \"p-na\", \"name\": \"乙\", \"org\": \"a\", \"department\": \"d1\"},\n"
	" {\"id\": \"p-b\", \"name\": \"丙\", \"org\": \"b\"}],\n"
	"\"appointments\": [\n"
	" {\"person\": \"p-sa\", \"post\": \"security_admin\", \"org\": \"a\", \"from\": \"2025-01-01\", \"full_time\": true},\n"
	" {\"person\": \"p-na\", \"post\": \"network_admin\", \"org\": \"a\", \"from\": \"2025-01-01\"},\n"
	" {\"person\": \"p-na\", \"post\": \"system_admin\", \"org\": \"a\", \"from\": \"2025-01-01\", \"to\": \"2025-06-01\"}]\n"
	"}\n";

struct fixture {
	char *dir;
	struct store *s;
	struct policy_set *ps;
	struct facts f; /* the store as loaded after base_doc */
};

static void load(struct fixture *fx)
{
	struct zerr e = {0};
	facts_release(&fx->f);
	facts_init(&fx->f);
	if (store_load(fx->s, &fx->f, NULL, &e) || facts_index(&fx->f))
		fail_msg("load: %s", e.msg);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct zerr e = {0};
	fx->dir = make_tmpdir();
	facts_init(&fx->f);
	if (store_open(fx->dir, &fx->s, &e) || policies_load(&fx->ps, &e) ||
	    import_document(fx->s, base_doc, strlen(base_doc), "base.json", NULL, &e)) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	load(fx);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	facts_release(&fx->f);
	policies_free(fx->ps);
	store_close(fx->s);
	remove_dir(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

static zidx find_appt(const struct facts *f, const char *person, int post)
{
	for (size_t i = 0; i < f->appts.n; i++)
		if (!strcmp(f->people.v[f->appts.v[i].person].id, person) && f->appts.v[i].post == post)
			return (zidx)i;
	fail_msg("no appointment %s/%s", person, post_id(post));
	return ZIDX_NONE;
}

static int import_opts(struct fixture *fx, const char *doc, const struct import_opts *o, struct zerr *e)
{
	return import_document_opts(fx->s, doc, strlen(doc), "req.json", o, NULL, e);
}

/* ---- ids ------------------------------------------------------------------------------------- */

static void test_ids(void **state)
{
	struct fixture *fx = *state;
	const struct facts *f = &fx->f;
	zidx u = hmap_get(&f->org_ids, "a");
	zidx sa = find_appt(f, "p-sa", POST_SECURITY_ADMIN), na = find_appt(f, "p-na", POST_NETWORK_ADMIN);
	char x[APPT_ID_LEN + 1], y[APPT_ID_LEN + 1], again[APPT_ID_LEN + 1];
	appt_id(f, sa, x);
	appt_id(f, na, y);
	appt_id(f, sa, again);
	assert_int_equal(strlen(x), APPT_ID_LEN);
	assert_memory_equal(x, "a-", 2);
	assert_int_equal(strspn(x + 2, "0123456789abcdef"), 16);
	assert_string_equal(x, again);
	assert_string_not_equal(x, y);
	assert_int_equal(appt_find(f, u, x), sa);
	assert_int_equal(appt_find(f, u, y), na);
	assert_int_equal(appt_find(f, u, "a-0000000000000000"), ZIDX_NONE);
	assert_int_equal(appt_find(f, u, "p-sa"), ZIDX_NONE);
	/* Another unit's appointment is not found through unit b. */
	assert_int_equal(appt_find(f, hmap_get(&f->org_ids, "b"), x), ZIDX_NONE);

	/* The id survives a reload: it comes from the natural key, not the row. */
	load(fx);
	appt_id(&fx->f, find_appt(&fx->f, "p-sa", POST_SECURITY_ADMIN), again);
	assert_string_equal(x, again);
}

static void test_check_dates_and_end(void **state)
{
	struct fixture *fx = *state;
	zdate d[2];
	assert_int_equal(appt_check_dates(D("2026-12-01"), D("2026-11-22"), d), 1);
	assert_int_equal(d[0], D("2026-12-01"));
	assert_int_equal(appt_check_dates(D("2026-11-22"), D("2026-11-22"), d), 1);
	assert_int_equal(appt_check_dates(D("2026-01-01"), D("2026-11-22"), d), 2);
	assert_int_equal(d[0], D("2026-01-01"));
	assert_int_equal(d[1], D("2026-11-22"));

	struct zerr e = {0};
	zidx open = find_appt(&fx->f, "p-sa", POST_SECURITY_ADMIN), ended = find_appt(&fx->f, "p-na", POST_SYSTEM_ADMIN);
	assert_int_equal(appt_check_end(&fx->f, open, D("2026-11-30"), D("2026-11-22"), &e), 0);
	assert_int_equal(appt_check_end(&fx->f, open, D("2025-01-01"), D("2026-11-22"), &e), ZE_INVALID);
	assert_non_null(strstr(e.msg, "$.to"));
	assert_int_equal(appt_check_end(&fx->f, ended, D("2026-11-30"), D("2026-11-22"), &e), ZE_CONFLICT);
	assert_non_null(strstr(e.msg, "2025-06-01"));
	/* A planned end still to come may be moved. */
	assert_int_equal(appt_check_end(&fx->f, ended, D("2025-03-01"), D("2025-02-01"), &e), 0);
}

/* ---- the findings a proposal adds ------------------------------------------------------------- */

struct hook_ctx {
	struct fixture *fx;
	zdate dates[2];
	size_t ndates;
	int calls;
	char rules[8][64];
	size_t nrules;
	int veto; /* returned by the hook */
};

static int propose(void *ctx, const struct facts *merged, struct zerr *e)
{
	struct hook_ctx *h = ctx;
	struct findings added = {0};
	struct engine *en = engine_new();
	h->calls++;
	assert_true(merged->indexed);
	int rc = appt_added_findings(en, h->fx->ps, NULL, &h->fx->f, NULL, merged, "a", h->dates, h->ndates, &added, e);
	assert_int_equal(rc, 0);
	for (size_t i = 0; i < added.n && h->nrules < 8; i++) {
		assert_int_equal(added.v[i].rule->severity, SEV_ERROR);
		snprintf(h->rules[h->nrules++], 64, "%s", added.v[i].rule->id);
	}
	findings_release(&added);
	engine_free(en);
	return h->veto ? zerr_set(e, h->veto, "vetoed") : 0;
}

static bool has_rule(const struct hook_ctx *h, const char *id)
{
	for (size_t i = 0; i < h->nrules; i++)
		if (!strcmp(h->rules[i], id))
			return true;
	return false;
}

static void test_added_findings(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	size_t before = fx->f.appts.n;
	/* The network administrator made security administrator too: 三员 separation breaks. */
	const char *doc = "{\"format\": \"zeren/v1\", \"appointments\": [{\"person\": \"p-na\", \"post\": \"security_admin\","
			  " \"org\": \"a\", \"from\": \"2026-01-01\", \"full_time\": true}]}";
	struct hook_ctx h = {.fx = fx};
	h.ndates = appt_check_dates(D("2026-01-01"), D("2026-11-22"), h.dates);
	struct import_opts o = {.before_write = propose, .ctx = &h, .dry_run = true};
	assert_int_equal(import_opts(fx, doc, &o, &e), 0);
	assert_int_equal(h.calls, 1);
	assert_true(has_rule(&h, "sod.security_admin"));
	/* Only what it adds: the unit's existing errors (no 第一责任人, no bodies …) are not repeated. */
	assert_false(has_rule(&h, "required.responsible"));
	assert_false(has_rule(&h, "body.leading_group"));
	/* A dry run writes nothing. */
	load(fx);
	assert_int_equal(fx->f.appts.n, before);

	/* An appointment that breaks nothing new adds nothing: a second network administrator. */
	const char *fine = "{\"format\": \"zeren/v1\", \"appointments\": [{\"person\": \"p-sa\", \"post\": \"network_admin\","
			   " \"org\": \"a\", \"from\": \"2026-01-01\"}]}";
	struct hook_ctx h2 = {.fx = fx};
	h2.ndates = appt_check_dates(D("2026-01-01"), D("2026-11-22"), h2.dates);
	o.ctx = &h2;
	o.dry_run = false;
	assert_int_equal(import_opts(fx, fine, &o, &e), 0);
	assert_true(has_rule(&h2, "sod.security_admin")); /* p-sa now holds both */
	load(fx);
	assert_int_equal(fx->f.appts.n, before + 1);
}

static void test_hook_veto(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	size_t before = fx->f.appts.n;
	const char *doc = "{\"format\": \"zeren/v1\", \"appointments\": [{\"person\": \"p-na\", \"post\": \"security_auditor\","
			  " \"org\": \"a\", \"from\": \"2026-01-01\"}]}";
	struct hook_ctx h = {.fx = fx, .veto = ZE_CONFLICT, .ndates = 1, .dates = {D("2026-01-01")}};
	struct import_opts o = {.before_write = propose, .ctx = &h};
	assert_int_equal(import_opts(fx, doc, &o, &e), ZE_CONFLICT);
	assert_string_equal(e.msg, "vetoed");
	load(fx);
	assert_int_equal(fx->f.appts.n, before);
	/* An invalid document never reaches the hook. */
	h.calls = 0;
	const char *bad = "{\"format\": \"zeren/v1\", \"appointments\": [{\"person\": \"p-x\", \"post\": \"security_auditor\","
			  " \"from\": \"2026-01-01\"}]}";
	assert_int_equal(import_opts(fx, bad, &o, &e), ZE_INVALID);
	assert_int_equal(h.calls, 0);
}

/* ---- restricted to one unit ------------------------------------------------------------------ */

static void expect_refused(struct fixture *fx, const struct import_opts *o, const char *doc, const char *msg)
{
	struct zerr e = {0};
	size_t people = fx->f.people.n;
	assert_int_equal(import_opts(fx, doc, o, &e), ZE_INVALID);
	if (!strstr(e.msg, msg))
		fail_msg("expected '%s' in: %s", msg, e.msg);
	load(fx);
	assert_int_equal(fx->f.people.n, people);
}

static void test_only_org(void **state)
{
	struct fixture *fx = *state;
	struct import_opts o = {.only_org = "a"};
	struct zerr e = {0};
	expect_refused(fx, &o,
		       "{\"format\": \"zeren/v1\", \"people\": [{\"id\": \"p-new\", \"name\": \"新\", \"org\": \"a\"},\n"
		       "{\"id\": \"p-b2\", \"name\": \"外\", \"org\": \"b\"}]}",
		       "req.json:2: $.people[1].org: outside unit a");
	expect_refused(fx, &o, "{\"format\": \"zeren/v1\", \"organizations\": [{\"id\": \"b\", \"name\": \"乙\"}]}",
		       "$.organizations[0].id: outside unit a");
	/* Taking over another unit's record by its id would move it: refused (only the unit's
	 * records are loaded; the store is asked about the id). */
	expect_refused(fx, &o, "{\"format\": \"zeren/v1\", \"people\": [{\"id\": \"p-b\", \"name\": \"丙\", \"org\": \"a\"}]}",
		       "$.people[0].id: the id is taken by a record outside unit a");
	expect_refused(fx, &o,
		       "{\"format\": \"zeren/v1\", \"appointments\": [{\"person\": \"p-b\", \"post\": \"security_auditor\","
		       " \"from\": \"2026-01-01\"}]}",
		       "$.appointments[0].person: unknown person 'p-b'"); /* other units' records are not in sight */
	expect_refused(fx, &o,
		       "{\"format\": \"zeren/v1\", \"systems\": [{\"id\": \"s1\", \"org\": \"b\", \"name\": \"门户\"}]}",
		       "$.systems[0].org: outside unit a");
	/* The policy is the security administrator's: a restricted import may not change it, and
	 * leaving it out keeps the stored one. */
	expect_refused(fx, &o,
		       "{\"format\": \"zeren/v1\", \"organizations\": [{\"id\": \"a\", \"name\": \"甲\", \"policy\": \"strict-fulltime\"}]}",
		       "$.organizations[0].policy: the policy is set by the security administrator");
	assert_int_equal(import_opts(fx, "{\"format\": \"zeren/v1\", \"organizations\": [{\"id\": \"a\", \"name\": \"甲单位（新）\"}]}",
				     &o, &e), 0);
	load(fx);
	zidx a = hmap_get(&fx->f.org_ids, "a");
	assert_string_equal(fx->f.orgs.v[a].name, "甲单位（新）");
	assert_string_equal(fx->f.orgs.v[a].policy, "default");
	/* Within the unit all is as usual. */
	assert_int_equal(import_opts(fx, "{\"format\": \"zeren/v1\", \"people\": [{\"id\": \"p-new\", \"name\": \"新\", \"org\": \"a\"}]}",
				     &o, &e), 0);
	/* Unrestricted, the same change of policy is accepted (the security administrator's path). */
	assert_int_equal(import_opts(fx, "{\"format\": \"zeren/v1\", \"organizations\": [{\"id\": \"a\", \"name\": \"甲\", \"policy\": \"strict-fulltime\"}]}",
				     NULL, &e), 0);
}

static void test_one_record_paths(void **state)
{
	struct fixture *fx = *state;
	struct import_opts o = {.only_org = "a", .one_record = true};
	expect_refused(fx, &o, "{\"format\": \"zeren/v1\", \"people\": [{\"id\": \"p-new\", \"org\": \"a\"}]}",
		       "req.json:1: $.name: missing");
	expect_refused(fx, &o, "{\"format\": \"zeren/v1\", \"people\": [{\"id\": \"p-new\", \"name\": \"新\", \"org\": \"b\"}]}",
		       "$.org: outside unit a");
	expect_refused(fx, &o,
		       "{\"format\": \"zeren/v1\", \"organizations\": [{\"id\": \"a\", \"name\": \"甲\", \"departments\": "
		       "[{\"id\": \"d9\", \"name\": \"\"}]}]}",
		       "$.departments[0].name: must not be empty");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_dates_and_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_added_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hook_veto, setup, teardown),
		cmocka_unit_test_setup_teardown(test_only_org, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_record_paths, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
