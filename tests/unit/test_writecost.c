/* What one write reads (issue 20): a change confined to one unit loads that unit's records and
 * the org rows above it, not every unit's, so the rows it reads stay the same however many units
 * the store holds. The store counts the records it loads (store_rows_read). */
#include "testutil.h"

#include "core/calendar.h"
#include "core/change.h"
#include "core/check.h"
#include "core/import.h"
#include "core/policies.h"
#include "core/render.h"
#include "store/store.h"

#define PEOPLE_PER_UNIT 30

/* A province of `units` units under one root, each with two departments, PEOPLE_PER_UNIT people,
 * a post held by each and a system. */
static void province(size_t units, struct strbuf *out)
{
	sb_init(out, (size_t)64 << 20);
	sb_addf(out, "{\"format\":\"zeren/v1\",\"organizations\":[{\"id\":\"root\",\"name\":\"省\",\"kind\":\"supervisor\"}");
	for (size_t u = 0; u < units; u++)
		sb_addf(out, ",{\"id\":\"u%04zu\",\"name\":\"单位%zu\",\"parent\":\"root\",\"departments\":["
			     "{\"id\":\"u%04zu-d1\",\"name\":\"办公室\"},{\"id\":\"u%04zu-d2\",\"name\":\"信息中心\"}]}",
			u, u, u, u);
	sb_addf(out, "],\"people\":[");
	for (size_t u = 0; u < units; u++)
		for (int p = 0; p < PEOPLE_PER_UNIT; p++)
			sb_addf(out, "%s{\"id\":\"u%04zu-p%02d\",\"name\":\"人员%d\",\"org\":\"u%04zu\",\"department\":\"u%04zu-d%d\"}",
				u || p ? "," : "", u, p, p, u, u, 1 + p % 2);
	sb_addf(out, "],\"appointments\":[");
	for (size_t u = 0; u < units; u++)
		for (int p = 0; p < PEOPLE_PER_UNIT; p++)
			sb_addf(out, "%s{\"person\":\"u%04zu-p%02d\",\"post\":\"%s\",\"org\":\"u%04zu\",\"from\":\"2024-01-0%d\"}",
				u || p ? "," : "", u, p, p % 2 ? "network_admin" : "security_admin", u, 1 + p % 9);
	sb_addf(out, "],\"systems\":[");
	for (size_t u = 0; u < units; u++)
		sb_addf(out, "%s{\"id\":\"u%04zu-s1\",\"org\":\"u%04zu\",\"name\":\"门户网站\",\"owner_department\":\"u%04zu-d2\","
			     "\"mlps_level\":2}",
			u ? "," : "", u, u, u);
	sb_addf(out, "]}");
	assert_false(out->overflow);
}

/* The rows read by one write of a person's name in unit u0001 of a store of `units` units. */
static uint64_t rows_per_write(size_t units, uint64_t *whole_unit)
{
	char *dir = make_tmpdir();
	struct store *s = NULL;
	struct zerr e = {0};
	struct strbuf doc;
	province(units, &doc);
	assert_int_equal(store_open(dir, &s, &e), 0);
	if (import_document(s, doc.buf, doc.len, "province", NULL, &e))
		fail_msg("import: %s", e.msg);
	sb_release(&doc);

	json_t *rec = json_pack("{s:[{s:s, s:s, s:s, s:s}]}", "people", "id", "u0001-p07", "name", "改名", "org", "u0001",
				"department", "u0001-d2");
	struct change c = {.actor = "cli:test", .source = "cli", .unit = "u0001", .action = "person.update",
			   .object = "u0001/u0001-p07"};
	struct import_opts opts = {.one_record = true};
	uint64_t before = store_rows_read(s);
	if (change_records(s, &c, rec, "request", &opts, NULL, &e))
		fail_msg("write: %s", e.msg);
	uint64_t rows = store_rows_read(s) - before;
	json_decref(rec);
	/* The write is there, and the generation moved by exactly one with it. */
	assert_true(c.generation_before > 0);
	assert_int_equal(c.generation_after, c.generation_before + 1);
	struct facts f;
	facts_init(&f);
	before = store_rows_read(s);
	assert_int_equal(store_load(s, &f, "u0001", &e), 0);
	*whole_unit = store_rows_read(s) - before;
	zidx p = hmap_get(&f.person_ids, "u0001-p07");
	assert_true(p >= 0);
	assert_string_equal(f.people.v[p].name, "改名");
	assert_string_equal(f.depts.v[f.people.v[p].dept].id, "u0001-d2");
	facts_release(&f);

	/* A write naming another unit's department is still refused, and reads no more. */
	rec = json_pack("{s:[{s:s, s:s, s:s, s:s}]}", "people", "id", "u0001-p07", "name", "改名", "org", "u0001",
			"department", "u0002-d1");
	before = store_rows_read(s);
	assert_int_not_equal(change_records(s, &c, rec, "request", &opts, NULL, &e), 0);
	assert_true(store_rows_read(s) - before <= rows);
	json_decref(rec);

	store_close(s);
	remove_dir(dir);
	free(dir);
	return rows;
}

static void test_rows_per_write_bounded(void **state)
{
	(void)state;
	uint64_t whole_small, whole_large;
	uint64_t small = rows_per_write(20, &whole_small), large = rows_per_write(400, &whole_large);
	/* the unit: 2 departments, 30 people, 30 appointments, 1 system; its org and the root */
	assert_true(small <= 2 + 2 + 2 * PEOPLE_PER_UNIT + 1);
	assert_int_equal(small, large);
	/* The counter counts what a load reads: the unit's load with every org row grows with the
	 * store. */
	assert_true(whole_small >= 20 + small - 1);
	assert_true(whole_large >= 400 + small - 1);
}

/* A server writes from the unit's view when the store is still at the view's generation: the
 * view's load is the only read of the unit, so a read then a write read the unit once. When
 * another change landed since, the write reads the store as before, and writes what it read. */
static void test_write_from_view_reads_once(void **state)
{
	(void)state;
	char *dir = make_tmpdir();
	struct store *s = NULL;
	struct zerr e = {0};
	struct strbuf doc;
	province(50, &doc);
	assert_int_equal(store_open(dir, &s, &e), 0);
	if (import_document(s, doc.buf, doc.len, "province", NULL, &e))
		fail_msg("import: %s", e.msg);
	sb_release(&doc);

	/* the view: what store_load reads of the unit (every org row, the unit's records) */
	struct facts view;
	int64_t gen;
	facts_init(&view);
	uint64_t before = store_rows_read(s);
	assert_int_equal(store_load(s, &view, "u0001", &e), 0);
	uint64_t view_rows = store_rows_read(s) - before;
	assert_int_equal(facts_index(&view), 0);
	assert_int_equal(store_generation(s, &gen, &e), 0);

	struct change c = {.actor = "cli:test", .source = "cli", .unit = "u0001", .action = "person.update",
			   .object = "u0001/u0001-p07"};
	struct import_opts opts = {.one_record = true, .loaded = &view, .loaded_at = gen};
	json_t *rec = json_pack("{s:[{s:s, s:s, s:s, s:s}]}", "people", "id", "u0001-p07", "name", "改名", "org", "u0001",
				"department", "u0001-d2");
	before = store_rows_read(s);
	if (change_records(s, &c, rec, "request", &opts, NULL, &e))
		fail_msg("write: %s", e.msg);
	assert_int_equal(store_rows_read(s) - before, 0);
	json_decref(rec);

	/* A new view after the write reads the unit once more: one read per write in all. */
	struct facts after;
	facts_init(&after);
	before = store_rows_read(s);
	assert_int_equal(store_load(s, &after, "u0001", &e), 0);
	assert_int_equal(store_rows_read(s) - before, view_rows);
	zidx p = hmap_get(&after.person_ids, "u0001-p07");
	assert_true(p >= 0);
	assert_string_equal(after.people.v[p].name, "改名");
	assert_string_equal(after.depts.v[after.people.v[p].dept].id, "u0001-d2");
	/* the rest of the unit as it was: the write wrote only what changed */
	assert_int_equal(after.people.n, view.people.n);
	assert_int_equal(after.appts.n, view.appts.n);
	facts_release(&after);

	/* The old view is stale now: the next write reads the unit from the store (whose copy
	 * has the first write), and keeps both changes. */
	rec = json_pack("{s:[{s:s, s:s, s:s, s:s}]}", "people", "id", "u0001-p08", "name", "又改名", "org", "u0001",
			"department", "u0001-d1");
	before = store_rows_read(s);
	if (change_records(s, &c, rec, "request", &opts, NULL, &e))
		fail_msg("write: %s", e.msg);
	assert_true(store_rows_read(s) - before > 0);
	json_decref(rec);
	facts_init(&after);
	assert_int_equal(store_load(s, &after, "u0001", &e), 0);
	assert_string_equal(after.people.v[hmap_get(&after.person_ids, "u0001-p07")].name, "改名");
	assert_string_equal(after.people.v[hmap_get(&after.person_ids, "u0001-p08")].name, "又改名");
	facts_release(&after);

	/* A refused write from a current view changes nothing and reads nothing. */
	assert_int_equal(store_generation(s, &gen, &e), 0);
	facts_release(&view);
	facts_init(&view);
	assert_int_equal(store_load(s, &view, "u0001", &e), 0);
	assert_int_equal(facts_index(&view), 0);
	opts.loaded_at = gen;
	rec = json_pack("{s:[{s:s, s:s, s:s, s:s}]}", "people", "id", "u0001-p07", "name", "改名", "org", "u0001",
			"department", "u0002-d1");
	before = store_rows_read(s);
	assert_int_not_equal(change_records(s, &c, rec, "request", &opts, NULL, &e), 0);
	assert_int_equal(store_rows_read(s) - before, 0);
	int64_t gen_after;
	assert_int_equal(store_generation(s, &gen_after, &e), 0);
	assert_int_equal(gen_after, gen);
	json_decref(rec);

	facts_release(&view);
	store_close(s);
	remove_dir(dir);
	free(dir);
}

/* What a write starts from when it borrows a view: every record of every kind the view holds,
 * as the export shows them (the demo has records of every kind), the org rows shared, not
 * copied; a unit added to the copy is the copy's alone. */
static void test_borrowed_facts_are_the_loaded_ones(void **state)
{
	(void)state;
	char *dir = make_tmpdir(), path[4096];
	struct store *s = NULL;
	struct zerr e = {0};
	struct facts loaded, copy;
	snprintf(path, sizeof path, "%s/data/demo/demo.json", test_srcdir());
	assert_int_equal(store_open(dir, &s, &e), 0);
	if (import_file(s, path, NULL, &e))
		fail_msg("import: %s", e.msg);
	facts_init(&loaded);
	assert_int_equal(store_load(s, &loaded, "demo", &e), 0);
	assert_int_equal(facts_index(&loaded), 0);
	assert_int_equal(facts_borrow(&copy, &loaded), 0);
	assert_false(copy.indexed);
	assert_int_equal(facts_index(&copy), 0);
	char *a = export_text(&loaded, "demo"), *b = export_text(&copy, "demo");
	assert_true(strlen(a) > 10000);
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_ptr_equal(copy.orgs.v, loaded.orgs.v);
	size_t units = loaded.orgs.n;
	struct org o = loaded.orgs.v[0];
	o.id = facts_str(&copy, "u-new"), o.parent = 0;
	zidx added = facts_add_org(&copy, &o);
	assert_int_equal(added, (zidx)units);
	assert_ptr_not_equal(copy.orgs.v, loaded.orgs.v);
	assert_int_equal(loaded.orgs.n, units);
	assert_int_equal(hmap_get(&loaded.org_ids, "u-new"), ZIDX_NONE);
	assert_int_equal(hmap_get(&copy.org_ids, "u-new"), added);
	assert_int_equal(hmap_get(&copy.org_ids, "demo"), hmap_get(&loaded.org_ids, "demo"));
	facts_release(&copy);
	facts_release(&loaded);
	store_close(s);
	remove_dir(dir);
	free(dir);
}

/* The unit's findings as of d in f (indexed), sorted, one JSON text. */
static char *findings_text(const struct facts *f, const struct policy_set *ps, const struct cal *cal, const char *org,
			   zdate d)
{
	struct findings fs = {0};
	struct strbuf scratch;
	struct zerr e = {0};
	json_t *all = json_array();
	sb_init(&scratch, STRBUF_DEFAULT_MAX);
	if (check_facts(f, ps, cal, hmap_get(&f->org_ids, org), d, &fs, &e))
		fail_msg("check: %s", e.msg);
	findings_sort(&fs, f);
	for (size_t i = 0; i < fs.n; i++)
		json_array_append_new(all, finding_json(f, &fs.v[i], &scratch));
	char *text = json_dumps(all, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(all);
	sb_release(&scratch);
	findings_release(&fs);
	return text;
}

/* A server's write leaves the unit's view of the next generation behind (import_opts.written):
 * the facts it merged and wrote are the ones a load of the store reads after the commit —
 * the same export byte for byte, the same findings — write after write, each starting from
 * the facts the one before left (as the server's views do), for records of several kinds. */
static void test_written_facts_are_the_stored_ones(void **state)
{
	(void)state;
	static const char *const writes[] = {
		"{\"people\":[{\"id\":\"p-zhudan\",\"name\":\"朱丹改\",\"org\":\"demo\",\"department\":\"office\"}]}",
		"{\"people\":[{\"id\":\"p-new1\",\"name\":\"新人\",\"org\":\"demo\",\"department\":\"nic\"}]}",
		"{\"appointments\":[{\"person\":\"p-new1\",\"post\":\"network_admin\",\"org\":\"demo\",\"from\":\"2026-10-01\"}]}",
		"{\"systems\":[{\"id\":\"portal\",\"org\":\"demo\",\"name\":\"学校门户网站\",\"owner_department\":\"media\","
		"\"mlps_level\":3,\"filing_no\":\"51340099999-00001\",\"filed_on\":\"2019-05-20\",\"last_assessed_on\":\"2023-11-12\","
		"\"critical_infrastructure\":false,\"public_website\":true}]}",
		"{\"vulnerabilities\":[{\"id\":\"ld-new\",\"org\":\"demo\",\"system\":\"portal\",\"title\":\"新漏洞\",\"source\":\"test\","
		"\"severity\":\"high\",\"found_on\":\"2026-10-15\"}]}",
		"{\"obligation_records\":[{\"org\":\"demo\",\"obligation\":\"selfcheck.semiannual\",\"period\":\"2026-H1\","
		"\"department\":\"office\",\"done_on\":\"2026-06-28\",\"by\":\"p-xuting\"}]}",
	};
	char *dir = make_tmpdir(), path[4096];
	struct store *s = NULL;
	struct zerr e = {0};
	struct policy_set *ps = NULL;
	struct cal *cal = NULL;
	struct facts held[1 + sizeof writes / sizeof writes[0]];
	int64_t gen;
	zdate as_of;
	assert_true(date_parse("2026-11-21", &as_of));
	snprintf(path, sizeof path, "%s/data/demo/demo.json", test_srcdir());
	assert_int_equal(store_open(dir, &s, &e), 0);
	if (import_file(s, path, NULL, &e) || policies_load(&ps, &e) || calendar_open(s, &cal, &e))
		fail_msg("setup: %s", e.msg);
	facts_init(&held[0]);
	assert_int_equal(store_load(s, &held[0], "demo", &e), 0);
	assert_int_equal(facts_index(&held[0]), 0);
	for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++) {
		struct change c = {.actor = "cli:test", .source = "cli", .unit = "demo", .action = "change", .object = "demo"};
		struct facts *next = &held[i + 1], stored;
		assert_int_equal(store_generation(s, &gen, &e), 0);
		facts_init(next);
		struct import_opts opts = {.one_record = true, .policies = ps, .loaded = &held[i], .loaded_at = gen,
					   .written = next};
		json_t *rec = json_loads(writes[i], 0, NULL);
		assert_non_null(rec);
		uint64_t before = store_rows_read(s);
		if (change_records(s, &c, rec, "request", &opts, NULL, &e))
			fail_msg("write %zu: %s", i, e.msg);
		json_decref(rec);
		assert_int_equal(store_rows_read(s) - before, 0);
		assert_int_equal(c.generation_after, gen + 1);
		assert_true(next->orgs.n > 0);
		assert_int_equal(facts_index(next), 0);
		facts_init(&stored);
		assert_int_equal(store_load(s, &stored, "demo", &e), 0);
		assert_int_equal(facts_index(&stored), 0);
		char *a = export_text(&stored, "demo"), *b = export_text(next, "demo");
		assert_string_equal(a, b);
		free(a);
		free(b);
		a = findings_text(&stored, ps, cal, "demo", as_of), b = findings_text(next, ps, cal, "demo", as_of);
		assert_true(strlen(a) > 100);
		assert_string_equal(a, b);
		free(a);
		free(b);
		facts_release(&stored);
	}
	/* A write from facts the store has moved past reads the store and leaves nothing behind. */
	struct facts none;
	facts_init(&none);
	struct change c = {.actor = "cli:test", .source = "cli", .unit = "demo", .action = "change", .object = "demo"};
	struct import_opts opts = {.one_record = true, .policies = ps, .loaded = &held[0], .loaded_at = gen,
				   .written = &none};
	json_t *rec = json_loads(writes[0], 0, NULL);
	if (change_records(s, &c, rec, "request", &opts, NULL, &e))
		fail_msg("stale write: %s", e.msg);
	json_decref(rec);
	assert_int_equal(none.orgs.n, 0);
	for (size_t i = sizeof writes / sizeof writes[0] + 1; i-- > 0;)
		facts_release(&held[i]); /* each borrows the strings of the one before */
	cal_free(cal);
	policies_free(ps);
	store_close(s);
	remove_dir(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_per_write_bounded),
		cmocka_unit_test(test_write_from_view_reads_once),
		cmocka_unit_test(test_borrowed_facts_are_the_loaded_ones),
		cmocka_unit_test(test_written_facts_are_the_stored_ones),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
