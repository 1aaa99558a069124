/* The hash-chained audit log: append and verify, a tampered or deleted record is found, the
 * triggers refuse UPDATE and DELETE, purge keeps six months and the chain verifies after it. */
#include "testutil.h"

#include <dirent.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit/anchor.h"
#include "audit/audit.h"
#include "store/store.h"

struct fixture {
	char dir[4096];
	struct store *s;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct zerr e = {0};
	const char *base = getenv("TMPDIR");
	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "%s/zeren-audit-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(fx->dir))
		return -1;
	if (store_open(fx->dir, &fx->s, &e)) {
		fprintf(stderr, "store_open: %s\n", e.msg);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	store_close(fx->s);
	DIR *d = opendir(fx->dir);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		char path[4400];
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", fx->dir, de->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static void append_n(struct store *s, int n)
{
	struct zerr e = {0};
	for (int i = 0; i < n; i++) {
		char obj[32], detail[64];
		snprintf(obj, sizeof obj, "person:p%d", i);
		snprintf(detail, sizeof detail, "{\"name\": [\"old %d\", \"new %d\"]}", i, i);
		if (audit_append(s, "admin", "192.0.2.7", "person.update", obj, i % 2 == 0, detail, &e))
			fail_msg("audit_append: %s", e.msg);
	}
}

/* Two writers, each a process with its own connection (two servers on one store), append at the
 * same time: every record is numbered after the last without a gap and the chain holds. SQLite's
 * write lock and PostgreSQL's advisory lock (src/store/postgres.c) each serialize them. */
static void test_concurrent_writers(void **state)
{
	struct fixture *fx = *state;
	enum { WRITERS = 2, EACH = 40 };
	pid_t pid[WRITERS];
	for (int w = 0; w < WRITERS; w++) {
		pid[w] = fork();
		assert_true(pid[w] >= 0);
		if (pid[w] == 0) {
			struct store *s = NULL;
			struct zerr e = {0};
			int rc = store_open(fx->dir, &s, &e);
			for (int i = 0; !rc && i < EACH; i++)
				rc = audit_append(s, w ? "bob" : "alice", "192.0.2.7", "person.update", "person:p1", true,
						  "{}", &e);
			if (rc)
				fprintf(stderr, "writer %d: %s\n", w, e.msg);
			store_close(s);
			_exit(rc ? 1 : 0);
		}
	}
	for (int w = 0; w < WRITERS; w++) {
		int status = 0;
		assert_int_equal(waitpid(pid[w], &status, 0), pid[w]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	struct zerr e = {0};
	int64_t checked = -1, broken = -1, seq = 0;
	char hash[65];
	assert_int_equal(audit_verify(fx->s, &checked, &broken, &e), 0);
	assert_int_equal(checked, WRITERS * EACH);
	assert_int_equal(store_audit_last(fx->s, &seq, hash, &e), 0);
	assert_int_equal(seq, WRITERS * EACH);
}

/* Runs SQL on the store's database with its own connection: 0, or DB_REFUSED when a trigger or
 * constraint refused it. drop, when not NULL, names a trigger of audit_log to drop first. */
#define ZEROS64 "0000000000000000000000000000000000000000000000000000000000000000"
static int raw_sql(const struct fixture *fx, const char *drop, const char *sql)
{
	char buf[1024], trigger[96] = "";
	if (drop)
		drop_trigger_sql(drop, "audit_log", trigger, sizeof trigger);
	snprintf(buf, sizeof buf, "%s%s", trigger, sql);
	return raw_sql_dir(fx->dir, buf, NULL, 0);
}

static void expect_broken(struct store *s, int64_t want)
{
	struct zerr e = {0};
	int64_t checked = -1, broken = -1;
	assert_int_equal(audit_verify(s, &checked, &broken, &e), ZE_CONFLICT);
	assert_int_equal(broken, want);
	char msg[64];
	snprintf(msg, sizeof msg, "record %lld ", (long long)want);
	assert_non_null(strstr(e.msg, msg));
}

static void test_append_verify(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	int64_t checked = -1, broken = -1;
	assert_int_equal(audit_verify(fx->s, &checked, &broken, &e), 0);
	assert_int_equal(checked, 0);
	append_n(fx->s, 5);
	assert_int_equal(audit_verify(fx->s, &checked, &broken, &e), 0);
	assert_int_equal(checked, 5);
	assert_int_equal(broken, 0);
	int64_t seq;
	char hash[65];
	assert_int_equal(store_audit_last(fx->s, &seq, hash, &e), 0);
	assert_int_equal(seq, 5);
	assert_int_equal(strlen(hash), 64);
}

static void test_tampered_detail(void **state)
{
	struct fixture *fx = *state;
	append_n(fx->s, 5);
	assert_int_equal(raw_sql(fx, "audit_no_update",
				 "UPDATE audit_log SET detail = replace(detail, 'old 2', 'old 3') WHERE seq = 3"), 0);
	expect_broken(fx->s, 3);
}

static void test_rehashed_record_breaks_next_link(void **state)
{
	struct fixture *fx = *state;
	append_n(fx->s, 5);
	/* Change the account of record 2 and give it a correct new hash: record 3's link breaks. */
	struct audit_entry a = {.seq = 2, .at = NULL};
	struct zerr e = {0};
	char at[32] = "", prev[65] = "", sql[512];
	assert_int_equal(raw_query_dir(fx->dir, "SELECT at FROM audit_log WHERE seq = 2", at, sizeof at), 0);
	assert_int_equal(raw_query_dir(fx->dir, "SELECT prev_hash FROM audit_log WHERE seq = 2", prev, sizeof prev), 0);
	a.at = at;
	a.account = "mallory";
	a.source = "192.0.2.7";
	a.action = "person.update";
	a.object = "person:p1";
	a.detail = "{\"name\": [\"old 1\", \"new 1\"]}";
	a.success = false;
	memcpy(a.prev_hash, prev, sizeof prev);
	assert_int_equal(audit_hash(&a, a.hash, &e), 0);
	snprintf(sql, sizeof sql,
		 "UPDATE audit_log SET account = 'mallory', hash = '%s' WHERE seq = 2", a.hash);
	assert_int_equal(raw_sql(fx, "audit_no_update", sql), 0);
	expect_broken(fx->s, 3);
}

static void test_deleted_middle_row(void **state)
{
	struct fixture *fx = *state;
	append_n(fx->s, 5);
	assert_int_equal(raw_sql(fx, "audit_no_delete", "DELETE FROM audit_log WHERE seq = 3"), 0);
	expect_broken(fx->s, 3);
}

static void test_triggers_refuse(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	int64_t checked, broken;
	append_n(fx->s, 3);
	assert_int_equal(raw_sql(fx, NULL, "UPDATE audit_log SET detail = '{}' WHERE seq = 2"), DB_REFUSED);
	assert_int_equal(raw_sql(fx, NULL, "DELETE FROM audit_log WHERE seq = 1"), DB_REFUSED);
	assert_int_equal(raw_sql(fx, NULL, "DELETE FROM audit_log"), DB_REFUSED);
	/* Even inside a purge, young records stay. */
	assert_int_equal(raw_sql(fx, NULL, "BEGIN; INSERT INTO audit_purge VALUES (3, '2026-01-01T00:00:00Z', "
					 "(SELECT hash FROM audit_log WHERE seq = 2)); DELETE FROM audit_log WHERE seq < 3;"),
			 DB_REFUSED);
	/* A gap cannot be inserted. */
	assert_int_equal(raw_sql(fx, NULL, "INSERT INTO audit_log VALUES (9, '2026-01-01T00:00:00Z', 'a', 'b', "
					 "'x', 'y', 1, NULL, '" ZEROS64 "', '" ZEROS64 "')"), DB_REFUSED);
	assert_int_equal(audit_verify(fx->s, &checked, &broken, &e), 0);
	assert_int_equal(checked, 3);
}

static void test_purge_young_refused(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	int64_t purged = -1, checked, broken;
	append_n(fx->s, 3);
	assert_int_equal(audit_purge(fx->s, "2999-01-01", NULL, &purged, &e), ZE_CONFLICT);
	assert_non_null(strstr(e.msg, "6 months"));
	assert_int_equal(audit_purge(fx->s, "2026-13-01", NULL, &purged, &e), ZE_INVALID);
	/* Old enough a date, but every record is younger: nothing goes. */
	assert_int_equal(audit_purge(fx->s, "2000-01-01", NULL, &purged, &e), 0);
	assert_int_equal(purged, 0);
	assert_int_equal(audit_verify(fx->s, &checked, &broken, &e), 0);
	assert_int_equal(checked, 3);
}

/* Writes a record dated `at` through the store, chained like audit_append does. */
static void append_at(struct store *s, const char *at)
{
	struct zerr e = {0};
	struct audit_entry a = {.at = at, .account = "admin", .source = "cli", .action = "login", .success = true};
	if (store_begin(s, &e) || store_audit_last(s, &a.seq, a.prev_hash, &e))
		fail_msg("%s", e.msg);
	a.seq++;
	if (audit_hash(&a, a.hash, &e) || store_audit_insert(s, &a, &e) || store_commit(s, &e))
		fail_msg("%s", e.msg);
}

static void test_purge_old_keeps_chain(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	int64_t purged = -1, checked, broken;
	append_at(fx->s, "2020-01-01T00:00:00Z");
	append_at(fx->s, "2020-02-01T00:00:00Z");
	append_at(fx->s, "2020-03-01T00:00:00Z");
	append_n(fx->s, 2);
	assert_int_equal(audit_purge(fx->s, "2020-02-15", NULL, &purged, &e), 0);
	assert_int_equal(purged, 2);
	assert_int_equal(audit_verify(fx->s, &checked, &broken, &e), 0);
	assert_int_equal(checked, 3);
	append_n(fx->s, 1);
	assert_int_equal(audit_verify(fx->s, &checked, &broken, &e), 0);
	assert_int_equal(checked, 4);
	/* The purge record cannot be rewritten, and the anchor is checked. */
	assert_int_equal(raw_sql(fx, NULL, "DELETE FROM audit_purge"), DB_REFUSED);
	assert_int_equal(raw_sql(fx, "audit_no_delete", "DELETE FROM audit_log WHERE seq = 3"), 0);
	expect_broken(fx->s, 3);
}

/* Signs the head with a fresh key of alg, checks the line, then finds a cut-off tail. */
static void checkpoint_with(struct fixture *fx, enum audit_key_alg alg)
{
	struct zerr e = {0};
	char key[4300], pub[4300], log[4300], line[AUDIT_CHECKPOINT_LINE_MAX];
	struct audit_key *k = NULL, *p = NULL;
	struct audit_checkpoint c, parsed;
	struct audit_anchor_report r;
	snprintf(key, sizeof key, "%s/k.key", fx->dir);
	snprintf(pub, sizeof pub, "%s/k.pub", fx->dir);
	snprintf(log, sizeof log, "%s/checkpoints.log", fx->dir);
	assert_int_equal(audit_key_generate(alg, key, pub, &e), 0);
	assert_int_equal(audit_key_generate(alg, key, pub, &e), ZE_CONFLICT);
	assert_int_equal(audit_key_load_private(key, &k, &e), 0);
	assert_int_equal(audit_key_load_public(pub, &p, &e), 0);
	assert_string_equal(audit_key_id(k), audit_key_id(p));
	append_n(fx->s, 4);
	assert_int_equal(audit_checkpoint_write(fx->s, k, log, &c, &e), 0);
	assert_int_equal(c.seq, 4);
	audit_checkpoint_format(&c, line);
	assert_int_equal(audit_checkpoint_parse(line, &parsed, &e), 0);
	assert_int_equal(audit_checkpoint_check(&parsed, p, &e), 0);
	parsed.seq = 3; /* the same signature over another head */
	assert_int_equal(audit_checkpoint_check(&parsed, p, &e), ZE_CONFLICT);
	assert_int_equal(audit_checkpoint_check(&parsed, k, &e), ZE_CONFLICT);
	append_n(fx->s, 1);
	assert_int_equal(audit_verify_anchored(fx->s, p, log, &r, &e), 0);
	assert_int_equal(r.verified, 1);
	assert_int_equal(r.chain.matched, 1);
	assert_int_equal(r.chain.last, 5);
	assert_int_equal(raw_sql(fx, "audit_no_delete", "DELETE FROM audit_log WHERE seq >= 4"), 0);
	assert_int_equal(audit_verify_anchored(fx->s, p, log, &r, &e), ZE_CONFLICT);
	assert_non_null(strstr(e.msg, "truncated"));
	assert_int_equal(r.chain.first_broken, 4);
	chmod(key, 0640);
	audit_key_free(k);
	assert_int_equal(audit_key_load_private(key, &k, &e), ZE_INVALID);
	audit_key_free(p);
}

static void test_checkpoint_ed25519(void **state)
{
	checkpoint_with(*state, AUDIT_ED25519);
}

static void test_checkpoint_sm2(void **state)
{
	checkpoint_with(*state, AUDIT_SM2);
}

static void test_purge_stops_at_checkpoint(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	int64_t purged = -1, checked, broken;
	append_at(fx->s, "2020-01-01T00:00:00Z");
	append_at(fx->s, "2020-02-01T00:00:00Z");
	append_at(fx->s, "2020-03-01T00:00:00Z");
	append_n(fx->s, 1);
	struct audit_purge_limit lim = {.max_seq = 1, .signed_at = "2020-03-02T00:00:00Z"};
	/* "now" is the checkpoint's time: six months before it is 2019-08-31. */
	assert_int_equal(audit_purge(fx->s, "2020-02-15", &lim, &purged, &e), ZE_CONFLICT);
	lim.signed_at = "2030-01-01T00:00:00Z";
	assert_int_equal(audit_purge(fx->s, "2020-02-15", &lim, &purged, &e), 0);
	assert_int_equal(purged, 1);
	assert_int_equal(audit_verify(fx->s, &checked, &broken, &e), 0);
	assert_int_equal(checked, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_append_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_writers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tampered_detail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rehashed_record_breaks_next_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_middle_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_triggers_refuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_purge_young_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_purge_old_keeps_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkpoint_ed25519, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkpoint_sm2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_purge_stops_at_checkpoint, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
