/* The HTTP adapter's pieces that need no server: a 500 reply never shows the failure's
 * message (which may name server files), the escaping of text that is not UTF-8, and the
 * per-source request budget and refusal aggregation. */
#include "testutil.h"

#include <time.h>

#include "http/http.h"
#include "http/limits.h"

static void test_500_hides_paths(void **state)
{
	(void)state;
	struct http_resp rs = {.body = STRBUF_INIT};
	struct zerr e = {0};
	sb_init(&rs.body, 1 << 16);
	zerr_set(&e, ZE_IO, "database: /var/lib/zeren/zeren.db: disk I/O error");
	http_zerr(&rs, &e);
	assert_int_equal(rs.status, 500);
	assert_non_null(rs.body.buf);
	assert_null(strstr(rs.body.buf, "/var/lib"));
	assert_null(strstr(rs.body.buf, "zeren.db"));
	assert_non_null(strstr(rs.body.buf, "\"internal\""));
	assert_non_null(rs.internal); /* kept for the server's log */
	assert_non_null(strstr(rs.internal, "/var/lib/zeren/zeren.db"));
	sb_release(&rs.body);
	free(rs.internal);
	/* A client's error keeps its message. */
	struct http_resp r2 = {.body = STRBUF_INIT};
	sb_init(&r2.body, 1 << 16);
	zerr_set(&e, ZE_INVALID, "$.name: too long");
	http_zerr(&r2, &e);
	assert_int_equal(r2.status, 422);
	assert_non_null(strstr(r2.body.buf, "too long"));
	sb_release(&r2.body);
}

static void test_utf8_escaped(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	sb_add_utf8_escaped(&sb, "ok 中文 \\ \xff\xc3\x28 \xed\xa0\x80 \xe4\xb8");
	assert_string_equal(sb.buf, "ok 中文 \\\\ \\xFF\\xC3( \\xED\\xA0\\x80 \\xE4\\xB8");
	assert_true(utf8_valid(sb.buf, sb.len));
	sb_release(&sb);
	sb_add_utf8_escaped(&sb, "plain \\ text");
	assert_string_equal(sb.buf, "plain \\ text"); /* valid text as it is */
	sb_release(&sb);
}

static void test_budget(void **state)
{
	(void)state;
	static struct budget b;
	budget_init(&b, 3, 1);
	for (int i = 0; i < 3; i++)
		assert_true(budget_take(&b, "10.0.0.1", 1000));
	assert_false(budget_take(&b, "10.0.0.1", 1000));
	assert_true(budget_take(&b, "10.0.0.2", 1000)); /* another source has its own */
	assert_true(budget_take(&b, "10.0.0.1", 1001)); /* a new second */
	/* Many sources: the table stays bounded and each new one is admitted. */
	char addr[32];
	for (int i = 0; i < 3 * BUDGET_SLOTS; i++) {
		snprintf(addr, sizeof addr, "10.1.%d.%d", i / 256, i % 256);
		assert_true(budget_take(&b, addr, 1002));
	}
	budget_destroy(&b);
	budget_init(&b, 2, 60); /* a window of a minute */
	assert_true(budget_take(&b, "10.0.0.9", 120));
	assert_true(budget_take(&b, "10.0.0.9", 150));
	assert_false(budget_take(&b, "10.0.0.9", 179));
	assert_int_equal(budget_retry_after(&b, "10.0.0.9", 179), 1);
	assert_int_equal(budget_retry_after(&b, "10.0.0.9", 150), 30);
	assert_true(budget_take(&b, "10.0.0.9", 180));
	budget_destroy(&b);
	budget_init(&b, 0, 1); /* 0: no budget */
	for (int i = 0; i < 100; i++)
		assert_true(budget_take(&b, "10.0.0.1", 1000));
	budget_destroy(&b);
}

static void test_refusals(void **state)
{
	(void)state;
	static struct refusals a;
	struct refusal out[8];
	refusals_init(&a, 60);
	assert_true(refusals_note(&a, "10.0.0.1", "401 unauthenticated", 401, 1000));
	for (int i = 0; i < 99; i++)
		assert_false(refusals_note(&a, "10.0.0.1", "401 unauthenticated", 401, 1000 + i % 50));
	assert_true(refusals_note(&a, "10.0.0.1", "403 csrf", 403, 1001)); /* another reason */
	assert_int_equal(refusals_due(&a, 1030, false, out, 8), 0);         /* not yet */
	size_t n = refusals_due(&a, 1061, false, out, 8);
	assert_int_equal(n, 1); /* the csrf one had no more than its first */
	assert_string_equal(out[0].reason, "401 unauthenticated");
	assert_int_equal(out[0].count, 99);
	assert_true(refusals_note(&a, "10.0.0.1", "401 unauthenticated", 401, 1061)); /* a new interval */
	refusals_note(&a, "10.0.0.1", "401 unauthenticated", 401, 1062);
	assert_int_equal(refusals_due(&a, 1063, true, out, 8), 1); /* flushed at stop */
	assert_int_equal(out[0].count, 1);
	/* A flood of sources fills the table; the overflow is counted under "*". */
	char addr[32];
	unsigned firsts = 0;
	for (int i = 0; i < 4 * REFUSAL_SLOTS; i++) {
		snprintf(addr, sizeof addr, "10.2.%d.%d", i / 256, i % 256);
		firsts += refusals_note(&a, addr, "401 unauthenticated", 401, 2000);
	}
	assert_true(firsts <= REFUSAL_SLOTS + 1);
	refusals_destroy(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_500_hides_paths),
		cmocka_unit_test(test_utf8_escaped),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
