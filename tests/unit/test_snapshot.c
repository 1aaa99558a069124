/* The facts snapshot (src/store/snapshot.h, issue 20): what it reads back is what was written
 * (the demo's export byte for byte, every kind of record); it is used only for the state it was
 * taken of; and any changed byte or cut of the file is refused, leaving the facts empty — never
 * read past its buffers (run under ASan and valgrind). */
#include "testutil.h"

#include "core/import.h"
#include "store/snapshot.h"
#include "store/store.h"

struct fixture {
	char *dir, path[4200];
	struct facts loaded; /* the demo, loaded from the tables */
	struct snapshot_key key;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct store *s = NULL;
	struct zerr e = {0};
	char demo[4096];
	assert_non_null(fx);
	fx->dir = make_tmpdir();
	snprintf(demo, sizeof demo, "%s/data/demo/demo.json", test_srcdir());
	setenv("ZEREN_SNAPSHOT", "off", 1);
	assert_int_equal(store_open(fx->dir, &s, &e), 0);
	if (import_file(s, demo, NULL, &e))
		fail_msg("import: %s", e.msg);
	facts_init(&fx->loaded);
	assert_int_equal(store_load(s, &fx->loaded, NULL, &e), 0);
	store_close(s);
	fx->key = (struct snapshot_key){.generation = 42, .schema = 7};
	snprintf(fx->key.audit, sizeof fx->key.audit, "%064d", 5);
	snprintf(fx->path, sizeof fx->path, "%s/facts", fx->dir);
	if (snapshot_write(fx->path, &fx->key, &fx->loaded, &e))
		fail_msg("snapshot_write: %s", e.msg);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	facts_release(&fx->loaded);
	remove_dir(fx->dir);
	free(fx->dir);
	free(fx);
	unsetenv("ZEREN_SNAPSHOT");
	return 0;
}

static bool empty(const struct facts *f)
{
	return !f->orgs.n && !f->people.n && !f->appts.n && !f->strings.head && !f->org_ids.cap;
}

/* Every kind of record the demo has, and the id maps, come back as they were loaded. */
static void test_reads_back_what_it_wrote(void **state)
{
	struct fixture *fx = *state;
	struct facts f;
	struct zerr e = {0};
	facts_init(&f);
	if (snapshot_read(fx->path, &fx->key, &f, &e))
		fail_msg("snapshot_read: %s", e.msg);
	assert_int_equal(facts_index(&f), 0);
	assert_int_equal(facts_index(&fx->loaded), 0);
	char *a = export_text(&fx->loaded, NULL), *b = export_text(&f, NULL);
	assert_true(strlen(a) > 10000);
	assert_string_equal(a, b);
	assert_true(f.incidents.n && f.notices.n && f.records.n && f.handovers.n && f.rectifications.n);
	assert_int_equal(hmap_get(&f.person_ids, "p-pengtao"), hmap_get(&fx->loaded.person_ids, "p-pengtao"));
	assert_true(hmap_get(&f.person_ids, "p-pengtao") >= 0);
	assert_int_equal(hmap_get(&f.org_ids, "no-such-unit"), -1);
	free(a);
	free(b);
	facts_release(&f);
}

/* Another generation, schema or audit head: stale, refused, nothing read. */
static void test_only_for_its_state(void **state)
{
	struct fixture *fx = *state;
	struct snapshot_key other[3] = {fx->key, fx->key, fx->key};
	other[0].generation++;
	other[1].schema++;
	other[2].audit[10] = '9';
	for (int i = 0; i < 3; i++) {
		struct facts f;
		struct zerr e = {0};
		facts_init(&f);
		assert_int_equal(snapshot_read(fx->path, &other[i], &f, &e), ZE_CONFLICT);
		assert_non_null(strstr(e.msg, "ignored"));
		assert_true(empty(&f));
	}
	struct facts f;
	struct zerr e = {0};
	char missing[4300];
	snprintf(missing, sizeof missing, "%s.none", fx->path);
	facts_init(&f);
	assert_int_equal(snapshot_read(missing, &fx->key, &f, &e), ZE_NOTFOUND);
}

/* A copy of the snapshot with byte i changed (flip) or cut to n bytes, read back: refused. */
static void damaged_copy(struct fixture *fx, const char *bytes, size_t len, long flip, size_t cut)
{
	char copy[4300];
	snprintf(copy, sizeof copy, "%s.copy", fx->path);
	FILE *out = fopen(copy, "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(bytes, 1, cut < len ? cut : len, out), cut < len ? cut : len);
	if (flip >= 0) {
		fseek(out, flip, SEEK_SET);
		fputc(bytes[flip] ^ 0x5a, out);
	}
	fclose(out);
	struct facts f;
	struct zerr e = {0};
	facts_init(&f);
	int rc = snapshot_read(copy, &fx->key, &f, &e);
	if (rc == 0)
		fail_msg("a snapshot with byte %ld changed, cut to %zu of %zu bytes, was read", flip, cut, len);
	assert_true(rc == ZE_INVALID || rc == ZE_CONFLICT);
	assert_true(empty(&f));
	unlink(copy);
}

static void test_damage_is_refused(void **state)
{
	struct fixture *fx = *state;
	size_t len = 0;
	char *bytes = slurp(fx->path, &len);
	assert_non_null(bytes);
	assert_true(len > 1000);
	for (long i = 0; i < 112; i++) /* every byte of the header */
		damaged_copy(fx, bytes, len, i, len);
	for (long i = 112; i < (long)len; i += 1 + (long)len / 997) /* bytes spread over the payload */
		damaged_copy(fx, bytes, len, i, len);
	damaged_copy(fx, bytes, len, (long)len - 1, len); /* the strings' terminating NUL */
	for (size_t cut = 0; cut < len; cut += 1 + len / 211)
		damaged_copy(fx, bytes, len, -1, cut);
	damaged_copy(fx, bytes, len, -1, len - 1);
	free(bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reads_back_what_it_wrote, setup, teardown),
		cmocka_unit_test_setup_teardown(test_only_for_its_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damage_is_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
