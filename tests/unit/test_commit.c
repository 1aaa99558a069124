/* Group commit on SQLite (store_defer_durability, store_durable): a deferred commit returns
 * from store_durable only once a sync covered its ticket; concurrent writers share syncs, a
 * lone writer syncs each commit; a failed sync is an error for every commit it covered, even
 * one whose writer asks after a later sync succeeded; commits not deferred take no ticket. */
#include "testutil.h"

#include <errno.h>
#include <pthread.h>

#include "store/store.h"

#define WRITERS 8
#define COMMITS 25

static char *dir;

static int setup(void **state)
{
	dir = make_tmpdir();
	return 0;
}

static int teardown(void **state)
{
	sqlite_wal_sync = fdatasync;
	unsetenv("ZEREN_SYNCHRONOUS");
	remove_dir(dir);
	free(dir);
	return 0;
}

static struct store *open_store(void)
{
	struct store *s = NULL;
	struct zerr e = {0};
	if (sqlite_store_open(dir, &s, &e))
		fail_msg("sqlite_store_open: %s", e.msg);
	return s;
}

/* One business write (a day of the calendar, k-th from 2030-01-01) in its own transaction. */
static int write_day(struct store *s, int k, struct zerr *e)
{
	int rc = store_begin(s, e);
	if (!rc)
		rc = store_calendar_put(s, date_from_ymd(2030, 1, 1) + k, k % 2 == 0, NULL, NULL, e);
	if (!rc)
		rc = store_commit(s, e);
	else
		store_rollback(s);
	return rc;
}

/* A deferred write: its ticket (0: the write failed or took none), and what store_durable said.
 * Asserts nothing: the writer threads call it. */
static uint64_t deferred_write(struct store *s, int k, int *durable_rc, struct zerr *e)
{
	store_defer_durability(s);
	uint64_t t = write_day(s, k, e) ? 0 : sqlite_group_sync_stats(s).ticket;
	*durable_rc = store_durable(s, e);
	return sqlite_group_sync_stats(s).ticket ? 0 : t;
}

static int count_days(void *ctx, zdate d, bool work, const char *holiday_en, const char *holiday_zh)
{
	(*(int *)ctx)++;
	return 0;
}

static void test_lone_writer_syncs_each_commit(void **state)
{
	struct store *s = open_store();
	struct zerr e = {0};
	for (int i = 1; i <= 5; i++) {
		int rc;
		uint64_t t = deferred_write(s, i, &rc, &e);
		struct group_sync_stats st = sqlite_group_sync_stats(s);
		assert_int_equal(rc, 0);
		assert_int_equal(t, (uint64_t)i);
		assert_int_equal(st.flushes, (uint64_t)i);
		assert_int_equal(st.flushed, t);
	}
	/* store_durable ended the deferral: the next commit syncs itself and takes no ticket */
	assert_int_equal(write_day(s, 99, &e), 0);
	struct group_sync_stats st = sqlite_group_sync_stats(s);
	assert_int_equal(st.committed, 5);
	assert_int_equal(st.flushes, 5);
	assert_int_equal(store_durable(s, &e), 0);
	assert_int_equal(sqlite_group_sync_stats(s).flushes, 5);
	store_close(s);
}

/* A sync slow enough for the other writers to commit meanwhile, as a disk's is. */
static int slow_sync(int fd)
{
	usleep(2000);
	return fdatasync(fd);
}

static int failing_sync(int fd)
{
	errno = EIO;
	return -1;
}

struct writer {
	struct store *s;
	int first; /* its days: first, first + 1, … */
	int ok, lost;
	bool covered; /* every durable return came after a sync covering its ticket */
};

static void *write_many(void *arg)
{
	struct writer *w = arg;
	w->covered = true;
	for (int i = 0; i < COMMITS; i++) {
		struct zerr e = {0};
		int rc;
		uint64_t t = deferred_write(w->s, w->first + i, &rc, &e);
		if (!t) {
			w->covered = false;
		} else if (rc == 0) {
			w->ok++;
			w->covered = w->covered && sqlite_group_sync_stats(w->s).flushed >= t;
		} else if (rc == ZE_IO && strstr(e.msg, "may be lost")) {
			w->lost++;
		}
	}
	return NULL;
}

/* WRITERS threads, each on its own handle, COMMITS deferred writes each. */
static void run_writers(struct writer w[WRITERS])
{
	pthread_t th[WRITERS];
	for (int i = 0; i < WRITERS; i++) {
		w[i] = (struct writer){.s = open_store(), .first = i * COMMITS};
		assert_int_equal(pthread_create(&th[i], NULL, write_many, &w[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++)
		pthread_join(th[i], NULL);
}

static void close_writers(struct writer w[WRITERS])
{
	for (int i = 0; i < WRITERS; i++)
		store_close(w[i].s);
}

static void test_concurrent_writers_share_syncs(void **state)
{
	struct writer w[WRITERS];
	sqlite_wal_sync = slow_sync;
	run_writers(w);
	struct group_sync_stats st = sqlite_group_sync_stats(w[0].s);
	for (int i = 0; i < WRITERS; i++) {
		assert_int_equal(w[i].ok, COMMITS);
		assert_true(w[i].covered);
	}
	assert_int_equal(st.committed, WRITERS * COMMITS);
	assert_int_equal(st.flushed, st.committed);
	assert_true(st.flushes < st.committed);
	print_message("%d commits, %d syncs\n", (int)st.committed, (int)st.flushes);
	close_writers(w);
	/* every write is there */
	struct store *s = open_store();
	struct zerr e = {0};
	int days = 0;
	assert_int_equal(store_calendar_each(s, count_days, &days, &e), 0);
	assert_int_equal(days, WRITERS * COMMITS);
	store_close(s);
}

static void test_failed_sync_reaches_every_waiter(void **state)
{
	struct writer w[WRITERS];
	sqlite_wal_sync = failing_sync;
	run_writers(w);
	for (int i = 0; i < WRITERS; i++) {
		assert_int_equal(w[i].ok, 0);
		assert_int_equal(w[i].lost, COMMITS);
	}
	close_writers(w);
}

/* A writer that asks after the failed sync that covered its commit, and after a later sync
 * that succeeded, is still told. */
static void test_failed_sync_reaches_a_late_waiter(void **state)
{
	struct store *a = open_store(), *b = open_store();
	struct zerr e = {0};
	int rc;
	store_defer_durability(a);
	assert_int_equal(write_day(a, 1, &e), 0); /* ticket 1, not yet waited for */
	sqlite_wal_sync = failing_sync;
	assert_int_equal(deferred_write(b, 2, &rc, &e), 2); /* the sync covering 1 and 2 fails */
	assert_int_equal(rc, ZE_IO);
	sqlite_wal_sync = fdatasync;
	assert_int_equal(deferred_write(b, 3, &rc, &e), 3); /* synced */
	assert_int_equal(rc, 0);
	assert_int_equal(sqlite_group_sync_stats(b).flushed, 3);
	assert_int_equal(store_durable(a, &e), ZE_IO);
	assert_non_null(strstr(e.msg, "may be lost"));
	store_close(a);
	store_close(b);
}

/* ZEREN_SYNCHRONOUS=normal: nothing waits for a sync, deferred or not. */
static void test_normal_takes_no_ticket(void **state)
{
	setenv("ZEREN_SYNCHRONOUS", "normal", 1);
	struct store *s = open_store();
	struct zerr e = {0};
	store_defer_durability(s);
	assert_int_equal(write_day(s, 1, &e), 0);
	struct group_sync_stats st = sqlite_group_sync_stats(s);
	assert_int_equal(st.ticket, 0);
	assert_int_equal(st.committed, 0);
	assert_int_equal(store_durable(s, &e), 0);
	assert_int_equal(sqlite_group_sync_stats(s).flushes, 0);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lone_writer_syncs_each_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_writers_share_syncs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_sync_reaches_every_waiter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_sync_reaches_a_late_waiter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_normal_takes_no_ticket, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
