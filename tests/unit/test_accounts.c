/* Accounts, roles and sessions: the password rules (each reason), argon2id hashes, lockout
 * and session expiry with an injected clock, revocation, 三员 refusals (in core and in the
 * database), bootstrap run twice, calendar secrets, what the audit log records, and the store
 * generation (moved by business writes, not by logins). */
#include "testutil.h"

#include <sodium.h>
#include <time.h>

#include "audit/audit.h"
#include "core/accounts.h"
#include "core/import.h"
#include "store/store.h"
#include "util/clock.h"

#define GOOD "Xk9#mQ2vLp-t"
#define T0 ((time_t)1795000000) /* 2026-11-18 */

static const char unit_doc[] =
	"{\"format\": \"zeren/v1\", \"organizations\": ["
	" {\"id\": \"u1\", \"name\": \"一号单位\", \"departments\": [{\"id\": \"d1\", \"name\": \"网络中心\"},"
	"  {\"id\": \"d2\", \"name\": \"财务处\"}]},"
	" {\"id\": \"u2\", \"name\": \"二号单位\", \"departments\": [{\"id\": \"x1\", \"name\": \"办公室\"}]}],"
	" \"people\": [{\"id\": \"p1\", \"name\": \"王小明\", \"org\": \"u1\", \"department\": \"d1\"},"
	"  {\"id\": \"p2\", \"name\": \"李四\", \"org\": \"u2\", \"department\": \"x1\"}]}";

struct fixture {
	char *dir;
	struct store *s;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct zerr e = {0};
	struct import_stats st;
	fx->dir = make_tmpdir();
	if (store_open(fx->dir, &fx->s, &e) || import_document(fx->s, unit_doc, strlen(unit_doc), "unit", &st, &e)) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	store_close(fx->s);
	remove_dir(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

/* An account with password GOOD (no change required), recorded by "test". */
static void add(struct store *s, const char *user, const char *person, unsigned roles, const char *dept)
{
	char otp[ONE_TIME_PASSWORD_CHARS + 1];
	struct zerr e = {0};
	if (account_create(s, user, user, person, roles, dept, otp, "test", "unit", &e) ||
	    account_set_password(s, user, GOOD, false, NULL, "test", "unit", &e))
		fail_msg("add %s: %s", user, e.msg);
}

static int login(struct store *s, const char *user, const char *pw, time_t now, char token[SESSION_TOKEN_CHARS + 1],
		 struct principal *p, struct zerr *e)
{
	return session_login(s, user, pw, now, "192.0.2.1", token, p, NULL, e);
}

/* One expected reason per password; NULL: accepted. */
static void test_password_rules(void **state)
{
	(void)state;
	char long_pw[ACCOUNT_PASSWORD_MAX + 8];
	memset(long_pw, 'a', sizeof long_pw - 1);
	memcpy(long_pw, "A1#", 3);
	long_pw[sizeof long_pw - 1] = '\0';
	const struct {
		const char *pw, *reason;
	} cases[] = {
		{"Ab1#xyz", "at least 10 characters"},
		{"中文Ab1#xy", "at least 10 characters"}, /* 8 characters, 12 bytes */
		{long_pw, "longer than 128 bytes"},
		{"abcdefghijk1", "three of"},
		{"ABCDEFGHIJ!!", "three of"},
		{"Zeren\x01pass12", "control character"},
		{"Bad\xff\xfeUtf8x1", "UTF-8"},
		{"My-alice-2026", "contain the username"},
		{"My-ECILA-2026", "contain the username"},   /* reversed, any case */
		{"Pw王小明-2026x", "person's name"},
		{"P@ssw0rd2026", "common weak password"},    /* listed with its tail taken off */
		{"Woaini1314!", "common weak password"},     /* "woaini" is listed */
		{"Huawei@12345", "common weak password"},    /* the entry Huawei@123 without its tail */
		{"ADMIN@123456", "common weak password"},
		{"Adm1n@202611", "common weak password"},    /* 1 read as i */
		{"1qaz2wsx3EDC", "common weak password"},
		{GOOD, NULL},
		{"中文密码Ab12345", NULL},
		{"Correct-Horse-Battery", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct zerr e = {0};
		int rc = password_acceptable(cases[i].pw, "alice", "王小明", &e);
		if (!cases[i].reason) {
			if (rc)
				fail_msg("'%s' refused: %s", cases[i].pw, e.msg);
			continue;
		}
		if (rc != ZE_INVALID || !strstr(e.msg, cases[i].reason))
			fail_msg("'%s': expected '%s', got %d '%s'", cases[i].pw, cases[i].reason, rc, e.msg);
	}
}

static double seconds_since(const struct timespec *a)
{
	struct timespec b;
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) + (double)(b.tv_nsec - a->tv_nsec) / 1e9;
}

static void test_hash_and_verify(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	struct account a;
	char otp[ONE_TIME_PASSWORD_CHARS + 1];
	assert_int_equal(account_create(fx->s, "alice", "Alice", "p1", ROLE_BIT(ROLE_OFFICE), NULL, otp, "test", "unit", &e), 0);
	assert_int_equal(strlen(otp), ONE_TIME_PASSWORD_CHARS);
	assert_int_equal(account_get(fx->s, "alice", &a, &e), 0);
	assert_true(a.must_change);
	assert_int_equal(a.roles, ROLE_BIT(ROLE_OFFICE));
	assert_string_equal(a.org, "u1");
	account_release(&a);
	/* The hash in the database is argon2id, never the password. */
	char stored[512];
	assert_int_equal(raw_query_dir(fx->dir, "SELECT password_hash FROM account WHERE username = 'alice'", stored,
				       sizeof stored), 0);
	assert_true(strncmp(stored, "$argon2id$", 10) == 0);
	assert_null(strstr(stored, otp));

	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	assert_int_equal(account_verify_password(fx->s, "alice", otp, &e), 0);
	double one = seconds_since(&t);
	print_message("# argon2id verify (opslimit %llu, memlimit %zu MiB): %.0f ms\n",
		      (unsigned long long)crypto_pwhash_OPSLIMIT_INTERACTIVE,
		      (size_t)crypto_pwhash_MEMLIMIT_INTERACTIVE >> 20, one * 1000);
	assert_int_equal(account_verify_password(fx->s, "alice", "Wrong-pass-123", &e), ZE_INVALID);
	assert_int_equal(account_verify_password(fx->s, "nobody", otp, &e), ZE_NOTFOUND);

	/* The user's own change: rules apply, must_change clears, the old password stops working. */
	assert_int_equal(account_set_password(fx->s, "alice", "password123", false, NULL, "alice", "unit", &e), ZE_INVALID);
	assert_int_equal(account_set_password(fx->s, "alice", GOOD, false, NULL, "alice", "unit", &e), 0);
	assert_int_equal(account_set_password(fx->s, "alice", GOOD, false, NULL, "alice", "unit", &e), ZE_INVALID);
	assert_non_null(strstr(e.msg, "differ"));
	assert_int_equal(account_verify_password(fx->s, "alice", otp, &e), ZE_INVALID);
	assert_int_equal(account_get(fx->s, "alice", &a, &e), 0);
	assert_false(a.must_change);
	account_release(&a);
	/* An administrator's reset: a new one-time password, must_change set again. */
	char otp2[ONE_TIME_PASSWORD_CHARS + 1];
	assert_int_equal(account_reset_password(fx->s, "alice", otp2, "sysadmin", "unit", &e), 0);
	assert_string_not_equal(otp, otp2);
	assert_int_equal(account_verify_password(fx->s, "alice", otp2, &e), 0);
	assert_int_equal(account_get(fx->s, "alice", &a, &e), 0);
	assert_true(a.must_change);
	account_release(&a);
}

static void test_create_with_password(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	struct account a;
	assert_int_equal(account_create_with_password(fx->s, "jo", "Jo", "p1", ROLE_BIT(ROLE_STAFF), NULL, "Pw王小明-2026x",
						      false, "test", "unit", &e), ZE_INVALID);
	assert_non_null(strstr(e.msg, "person's name"));
	assert_int_equal(account_get(fx->s, "jo", &a, &e), ZE_NOTFOUND);
	assert_int_equal(account_create_with_password(fx->s, "jo", "Jo", "p-none", ROLE_BIT(ROLE_STAFF), NULL, GOOD, false,
						      "test", "unit", &e), ZE_NOTFOUND);
	assert_int_equal(account_create_with_password(fx->s, "jo", "Jo", "p1", ROLE_BIT(ROLE_STAFF), NULL, GOOD, false,
						      "test", "unit", &e), 0);
	assert_int_equal(account_get(fx->s, "jo", &a, &e), 0);
	assert_false(a.must_change);
	account_release(&a);
	assert_int_equal(account_verify_password(fx->s, "jo", GOOD, &e), 0);
}

/* ZEREN_PASSWORD_COST: new hashes are made at the cost in force; a sign-in brings an older
 * hash up to it, but never down to the test suites' minimum; an unknown cost changes nothing. */
static void test_password_cost(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	struct principal p;
	char token[SESSION_TOKEN_CHARS + 1], stored[512];
	const char *query = "SELECT password_hash FROM account WHERE username = 'kai'";
	unsetenv("ZEREN_PASSWORD_COST");
	assert_int_equal(account_create_with_password(fx->s, "kai", "Kai", "p1", ROLE_BIT(ROLE_STAFF), NULL, GOOD, false,
						      "test", "unit", &e), 0);
	assert_int_equal(raw_query_dir(fx->dir, query, stored, sizeof stored), 0);
	assert_non_null(strstr(stored, "$m=65536,t=2,"));

	setenv("ZEREN_PASSWORD_COST", "minimum", 1);
	assert_int_equal(session_login(fx->s, "kai", GOOD, T0, "192.0.2.1", token, &p, NULL, &e), 0);
	assert_int_equal(raw_query_dir(fx->dir, query, stored, sizeof stored), 0);
	assert_non_null(strstr(stored, "$m=65536,t=2,")); /* not brought down */
	assert_int_equal(account_set_password(fx->s, "kai", "Yq7#wN3zRt-k", false, NULL, "kai", "unit", &e), 0);
	assert_int_equal(raw_query_dir(fx->dir, query, stored, sizeof stored), 0);
	assert_non_null(strstr(stored, "$m=8,t=1,"));

	setenv("ZEREN_PASSWORD_COST", "moderate", 1);
	assert_int_equal(session_login(fx->s, "kai", "Yq7#wN3zRt-k", T0 + 1, "192.0.2.1", token, &p, NULL, &e), 0);
	assert_int_equal(raw_query_dir(fx->dir, query, stored, sizeof stored), 0);
	assert_non_null(strstr(stored, "$m=262144,t=3,")); /* brought up */

	setenv("ZEREN_PASSWORD_COST", "low", 1);
	assert_int_equal(account_set_password(fx->s, "kai", GOOD, false, NULL, "kai", "unit", &e), ZE_INVALID);
	assert_non_null(strstr(e.msg, "ZEREN_PASSWORD_COST is interactive, moderate or minimum, not 'low'"));
	unsetenv("ZEREN_PASSWORD_COST");
	assert_int_equal(account_verify_password(fx->s, "kai", "Yq7#wN3zRt-k", &e), 0);
}

static void test_lockout(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	char token[SESSION_TOKEN_CHARS + 1];
	struct principal p;
	time_t until;
	add(fx->s, "bob", "p1", ROLE_BIT(ROLE_STAFF), NULL);
	for (int i = 1; i < ACCOUNT_MAX_FAILURES; i++)
		assert_int_equal(login(fx->s, "bob", "Wrong-pass-1", T0 + i, token, &p, &e), ZE_INVALID);
	/* The last allowed failure locks the pair (bob, 192.0.2.1). */
	assert_int_equal(session_login(fx->s, "bob", "Wrong-pass-1", T0 + 10, "192.0.2.1", token, &p, &until, &e),
			 ZE_INVALID);
	assert_int_equal(until, T0 + 10 + ACCOUNT_LOCK_SECONDS);
	/* Locked: any password, right or wrong, gets the one answer, saying until when. */
	assert_int_equal(session_login(fx->s, "bob", GOOD, T0 + 20, "192.0.2.1", token, &p, &until, &e), ZE_LIMIT);
	assert_non_null(strstr(e.msg, "try again after"));
	assert_int_equal(until, T0 + 10 + ACCOUNT_LOCK_SECONDS);
	assert_string_equal(token, "");
	assert_int_equal(session_login(fx->s, "bob", "Wrong-pass-1", T0 + 21, "192.0.2.1", token, &p, &until, &e),
			 ZE_LIMIT);
	/* Another source is not locked: nobody locks an account out for others. */
	assert_int_equal(session_login(fx->s, "bob", GOOD, T0 + 22, "198.51.100.7", token, &p, &until, &e), 0);
	/* The lock expires. */
	assert_int_equal(login(fx->s, "bob", GOOD, T0 + 10 + ACCOUNT_LOCK_SECONDS - 1, token, &p, &e), ZE_LIMIT);
	time_t t = T0 + 10 + ACCOUNT_LOCK_SECONDS;
	/* Back-off: the next lock of the pair lasts twice as long. */
	for (int i = 1; i < ACCOUNT_MAX_FAILURES; i++)
		assert_int_equal(login(fx->s, "bob", "Wrong-pass-1", t++, token, &p, &e), ZE_INVALID);
	assert_int_equal(session_login(fx->s, "bob", "Wrong-pass-1", t, "192.0.2.1", token, &p, &until, &e), ZE_INVALID);
	assert_int_equal(until, t + 2 * ACCOUNT_LOCK_SECONDS);
	/* `zeren user enable` (account_set_disabled false) lifts it. */
	assert_int_equal(account_set_disabled(fx->s, "bob", false, "test", "unit", &e), 0);
	assert_int_equal(login(fx->s, "bob", GOOD, ++t, token, &p, &e), 0);
	/* A success forgets the failures of its source. */
	for (int i = 1; i < ACCOUNT_MAX_FAILURES; i++)
		assert_int_equal(login(fx->s, "bob", "Wrong-pass-1", t++, token, &p, &e), ZE_INVALID);
	assert_int_equal(login(fx->s, "bob", GOOD, t++, token, &p, &e), 0);
	assert_int_equal(login(fx->s, "bob", "Wrong-pass-1", t++, token, &p, &e), ZE_INVALID);
	assert_int_equal(login(fx->s, "bob", GOOD, t++, token, &p, &e), 0);
	/* A name that is no account's locks the same way. */
	for (int i = 0; i < ACCOUNT_MAX_FAILURES; i++)
		assert_int_equal(login(fx->s, "nobody", "Wrong-pass-1", t++, token, &p, &e), ZE_INVALID);
	assert_int_equal(login(fx->s, "nobody", GOOD, t++, token, &p, &e), ZE_LIMIT);

	/* Disabled: told only to who gives the right password; a wrong one looks like any other. */
	assert_int_equal(account_set_disabled(fx->s, "bob", true, "test", "unit", &e), 0);
	assert_int_equal(login(fx->s, "bob", "Wrong-pass-2", t++, token, &p, &e), ZE_INVALID);
	assert_int_equal(login(fx->s, "bob", GOOD, t++, token, &p, &e), ZE_CONFLICT);
	assert_non_null(strstr(e.msg, "disabled"));
	/* An unknown name looks like a wrong password. */
	assert_int_equal(login(fx->s, "nobody2", GOOD, t++, token, &p, &e), ZE_INVALID);
	assert_non_null(strstr(e.msg, "wrong username or password"));
}

static int64_t session_last_seen(const char *dir)
{
	char v[32];
	return raw_query_dir(dir, "SELECT max(last_seen_at) FROM session", v, sizeof v) ? -1 : strtoll(v, NULL, 10);
}

static void test_session_expiry(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	char token[SESSION_TOKEN_CHARS + 1];
	struct principal p, q;
	add(fx->s, "carol", "p1", ROLE_BIT(ROLE_LIAISON), "d2");
	assert_int_equal(login(fx->s, "carol", GOOD, T0, token, &p, &e), 0);
	assert_int_equal(strlen(token), SESSION_TOKEN_CHARS);
	assert_int_equal(strlen(p.csrf), SESSION_TOKEN_CHARS);
	assert_string_not_equal(token, p.csrf);
	assert_string_equal(p.department, "d2");
	assert_string_equal(p.org, "u1");
	assert_int_equal(p.roles, ROLE_BIT(ROLE_LIAISON));
	/* The database keeps the token's hash, not the token. */
	assert_int_equal(strlen(p.session_hash), 64);
	assert_string_not_equal(p.session_hash, token);

	assert_int_equal(session_lookup(fx->s, token, T0 + 30, &q, &e), 0);
	assert_string_equal(q.csrf, p.csrf);
	assert_int_equal(session_last_seen(fx->dir), T0); /* not written within the minute */
	assert_int_equal(session_lookup(fx->s, token, T0 + SESSION_IDLE_SECONDS - 1, &q, &e), 0);
	assert_int_equal(session_last_seen(fx->dir), T0 + SESSION_IDLE_SECONDS - 1);
	/* Extended by use; idle too long, it ends. */
	time_t last = T0 + 2 * SESSION_IDLE_SECONDS - 2;
	assert_int_equal(session_lookup(fx->s, token, last, &q, &e), 0);
	assert_int_equal(session_lookup(fx->s, token, last + SESSION_IDLE_SECONDS, &q, &e), ZE_NOTFOUND);

	/* Used every 20 minutes, a session still ends SESSION_MAX_SECONDS after it began. */
	time_t start = T0 + 100000, t;
	assert_int_equal(login(fx->s, "carol", GOOD, start, token, &p, &e), 0);
	for (t = start + 1200; t < start + SESSION_MAX_SECONDS; t += 1200)
		assert_int_equal(session_lookup(fx->s, token, t, &q, &e), 0);
	assert_int_equal(session_lookup(fx->s, token, start + SESSION_MAX_SECONDS, &q, &e), ZE_NOTFOUND);

	/* Malformed and unknown tokens. */
	assert_int_equal(session_lookup(fx->s, "short", start, &q, &e), ZE_NOTFOUND);
	assert_int_equal(session_lookup(fx->s, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", start, &q, &e), ZE_NOTFOUND);
}

static void test_revocation(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	char t1[SESSION_TOKEN_CHARS + 1], t2[SESSION_TOKEN_CHARS + 1], t3[SESSION_TOKEN_CHARS + 1];
	struct principal p1, p2, p3, q;
	add(fx->s, "dave", "p1", ROLE_BIT(ROLE_STAFF), NULL);
	time_t now = clock_now();
	assert_int_equal(login(fx->s, "dave", GOOD, now, t1, &p1, &e), 0);
	assert_int_equal(login(fx->s, "dave", GOOD, now, t2, &p2, &e), 0);
	assert_int_equal(login(fx->s, "dave", GOOD, now, t3, &p3, &e), 0);
	/* Logout ends one session. */
	assert_int_equal(session_revoke(fx->s, p1.session_hash, &e), 0);
	assert_int_equal(session_lookup(fx->s, t1, now, &q, &e), ZE_NOTFOUND);
	assert_int_equal(session_lookup(fx->s, t2, now, &q, &e), 0);
	/* A password change ends the others but the one it came from. */
	assert_int_equal(account_set_password(fx->s, "dave", "Another-Good-7", false, p2.session_hash, "dave", "unit", &e), 0);
	assert_int_equal(session_lookup(fx->s, t2, now, &q, &e), 0);
	assert_int_equal(session_lookup(fx->s, t3, now, &q, &e), ZE_NOTFOUND);
	/* Disabling ends them all, and so does revoking all. */
	assert_int_equal(account_set_disabled(fx->s, "dave", true, "test", "unit", &e), 0);
	assert_int_equal(session_lookup(fx->s, t2, now, &q, &e), ZE_NOTFOUND);
	assert_int_equal(account_set_disabled(fx->s, "dave", false, "test", "unit", &e), 0);
	assert_int_equal(login(fx->s, "dave", "Another-Good-7", now, t1, &p1, &e), 0);
	assert_int_equal(session_revoke_account(fx->s, "dave", "sysadmin", "unit", &e), 0);
	assert_int_equal(session_lookup(fx->s, t1, now, &q, &e), ZE_NOTFOUND);
	/* Roles are read afresh on every request. */
	assert_int_equal(login(fx->s, "dave", "Another-Good-7", now, t1, &p1, &e), 0);
	assert_int_equal(account_set_roles(fx->s, "dave", ROLE_BIT(ROLE_LEADER), NULL, "secadmin", "unit", &e), 0);
	assert_int_equal(session_lookup(fx->s, t1, now, &q, &e), 0);
	assert_int_equal(q.roles, ROLE_BIT(ROLE_LEADER));
}

static void test_separation_of_duties(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	char otp[ONE_TIME_PASSWORD_CHARS + 1];
	const unsigned S = ROLE_BIT(ROLE_SYSADMIN), A = ROLE_BIT(ROLE_AUDITOR), C = ROLE_BIT(ROLE_SECADMIN);
	const struct {
		unsigned roles;
		const char *person, *dept;
		int rc;
		const char *says;
	} cases[] = {
		{S | A, NULL, NULL, ZE_CONFLICT, "cannot be both system administrator and audit administrator"},
		{S | C, NULL, NULL, ZE_CONFLICT, "separation of duties"},
		{C | ROLE_BIT(ROLE_OFFICE), "p1", NULL, ZE_CONFLICT, "excludes business roles"},
		{A | ROLE_BIT(ROLE_STAFF), "p1", NULL, ZE_CONFLICT, "excludes business roles"},
		{ROLE_BIT(ROLE_OFFICE), NULL, NULL, ZE_INVALID, "linked to a person"},
		{ROLE_BIT(ROLE_LIAISON), "p1", NULL, ZE_INVALID, "needs a department"},
		{ROLE_BIT(ROLE_LIAISON), "p1", "x1", ZE_INVALID, "not of the person's unit"},
		{ROLE_BIT(ROLE_LIAISON), "p1", "nope", ZE_NOTFOUND, "no department"},
		{ROLE_BIT(ROLE_STAFF), "p1", "d1", ZE_INVALID, "only with the liaison role"},
		{ROLE_BIT(ROLE_STAFF), "p-none", NULL, ZE_NOTFOUND, "no person"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = account_create(fx->s, "eve", "Eve", cases[i].person, cases[i].roles, cases[i].dept, otp, "test",
					"unit", &e);
		if (rc != cases[i].rc || !strstr(e.msg, cases[i].says))
			fail_msg("case %zu: expected %d '%s', got %d '%s'", i, cases[i].rc, cases[i].says, rc, e.msg);
		assert_string_equal(otp, "");
	}
	assert_int_equal(account_get(fx->s, "eve", &(struct account){0}, &e), ZE_NOTFOUND);
	/* Allowed: a liaison of a department of the person's unit, with staff beside it. */
	assert_int_equal(account_create(fx->s, "eve", "Eve", "p1", ROLE_BIT(ROLE_LIAISON) | ROLE_BIT(ROLE_STAFF), "d1",
					otp, "test", "unit", &e), 0);
	assert_int_equal(account_set_roles(fx->s, "eve", S | ROLE_BIT(ROLE_STAFF), NULL, "secadmin", "unit", &e), ZE_CONFLICT);
	assert_int_equal(account_set_roles(fx->s, "eve", S, NULL, "secadmin", "unit", &e), 0);
	struct account a;
	assert_int_equal(account_get(fx->s, "eve", &a, &e), 0);
	assert_int_equal(a.roles, S);
	assert_null(a.department);
	account_release(&a);

	/* The database refuses it too, whoever writes. */
	char err[512];
	assert_int_equal(raw_sql_dir(fx->dir, "INSERT INTO account_role(account, role) SELECT id, 'auditor' FROM account "
					      "WHERE username = 'eve'", err, sizeof err), DB_REFUSED);
	assert_non_null(strstr(err, "separation of duties"));
}

static void test_bootstrap_once(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	char otp[3][ONE_TIME_PASSWORD_CHARS + 1];
	bool created;
	struct account *v;
	size_t n;
	assert_int_equal(accounts_bootstrap(fx->s, otp, &created, "root", "cli", &e), 0);
	assert_true(created);
	for (int i = 0; i < 3; i++)
		assert_int_equal(strlen(otp[i]), ONE_TIME_PASSWORD_CHARS);
	assert_int_equal(account_list(fx->s, &v, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].username, "auditor");
	assert_int_equal(v[0].roles, ROLE_BIT(ROLE_AUDITOR));
	assert_string_equal(v[1].username, "secadmin");
	assert_string_equal(v[1].display_name, "安全管理员");
	assert_string_equal(v[2].username, "sysadmin");
	assert_true(v[2].must_change);
	account_list_release(v, n);
	char token[SESSION_TOKEN_CHARS + 1];
	struct principal p;
	assert_int_equal(login(fx->s, "sysadmin", otp[0], clock_now(), token, &p, &e), 0);
	assert_true(p.must_change);

	char again[3][ONE_TIME_PASSWORD_CHARS + 1];
	assert_int_equal(accounts_bootstrap(fx->s, again, &created, "root", "cli", &e), 0);
	assert_false(created);
	for (int i = 0; i < 3; i++)
		assert_string_equal(again[i], "");
	assert_int_equal(account_verify_password(fx->s, "sysadmin", otp[0], &e), 0);
	assert_int_equal(account_list(fx->s, &v, &n, &e), 0);
	assert_int_equal(n, 3);
	account_list_release(v, n);
}

static void test_calendar_token(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	char t1[SESSION_TOKEN_CHARS + 1], t2[SESSION_TOKEN_CHARS + 1];
	struct principal p;
	add(fx->s, "fay", "p1", ROLE_BIT(ROLE_STAFF), NULL);
	assert_int_equal(account_new_calendar_token(fx->s, "fay", t1, "fay", "unit", &e), 0);
	assert_int_equal(account_by_calendar_token(fx->s, t1, &p, &e), 0);
	assert_string_equal(p.username, "fay");
	assert_string_equal(p.person, "p1");
	assert_int_equal(account_new_calendar_token(fx->s, "fay", t2, "fay", "unit", &e), 0);
	assert_int_equal(account_by_calendar_token(fx->s, t1, &p, &e), ZE_NOTFOUND);
	assert_int_equal(account_by_calendar_token(fx->s, t2, &p, &e), 0);
	assert_int_equal(account_set_disabled(fx->s, "fay", true, "test", "unit", &e), 0);
	assert_int_equal(account_by_calendar_token(fx->s, t2, &p, &e), ZE_NOTFOUND);
	assert_int_equal(account_by_calendar_token(fx->s, "../etc", &p, &e), ZE_NOTFOUND);
}

struct rows {
	int n;
	char action[8][40], object[8][40], detail[8][300];
	bool success[8];
};

static int collect(void *ctx, const struct audit_entry *a)
{
	struct rows *r = ctx;
	if (r->n < 8) {
		snprintf(r->action[r->n], sizeof r->action[0], "%s", a->action);
		snprintf(r->object[r->n], sizeof r->object[0], "%s", a->object ? a->object : "");
		snprintf(r->detail[r->n], sizeof r->detail[0], "%s", a->detail ? a->detail : "");
		r->success[r->n] = a->success;
	}
	r->n++;
	return 0;
}

static void test_audit_records(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	char otp[ONE_TIME_PASSWORD_CHARS + 1], token[SESSION_TOKEN_CHARS + 1];
	struct principal p;
	time_t now = clock_now();
	add(fx->s, "gus", "p1", ROLE_BIT(ROLE_STAFF), NULL);
	assert_int_equal(login(fx->s, "gus", "Wrong-pass-1", now, token, &p, &e), ZE_INVALID);
	assert_int_equal(login(fx->s, "gus", GOOD, now, token, &p, &e), 0);
	assert_int_equal(login(fx->s, "nobody", GOOD, now, token, &p, &e), ZE_INVALID);
	assert_int_equal(account_set_disabled(fx->s, "gus", true, "test", "unit", &e), 0);
	assert_int_equal(login(fx->s, "gus", GOOD, now, token, &p, &e), ZE_CONFLICT);
	/* actor NULL: the caller records it, so nothing here. */
	assert_int_equal(account_create(fx->s, "hal", "Hal", NULL, 0, NULL, otp, NULL, NULL, &e), 0);

	struct rows r = {0};
	int64_t total;
	struct audit_filter f = {.action_prefix = "session.", .success = -1, .oldest_first = true};
	assert_int_equal(store_audit_query(fx->s, &f, 0, -1, collect, &r, &total, &e), 0);
	assert_int_equal(total, 4);
	assert_int_equal(r.n, 4);
	const char *want[4][3] = {{"gus", "0", "wrong password"}, {"gus", "1", ""}, {"nobody", "0", "unknown account"},
				  {"gus", "0", "disabled"}};
	for (int i = 0; i < 4; i++) {
		assert_string_equal(r.action[i], "session.login");
		assert_string_equal(r.object[i], want[i][0]);
		assert_int_equal(r.success[i], want[i][1][0] == '1');
		assert_non_null(strstr(r.detail[i], want[i][2]));
		assert_null(strstr(r.detail[i], GOOD)); /* never a password */
	}
	/* Filters and paging: newest first, success only, by object. */
	memset(&r, 0, sizeof r);
	f = (struct audit_filter){.object = "gus", .success = 1};
	assert_int_equal(store_audit_query(fx->s, &f, 0, 2, collect, &r, &total, &e), 0);
	assert_int_equal(total, 4); /* create, password, login, disable */
	assert_int_equal(r.n, 2);
	assert_string_equal(r.action[0], "account.disable");
	assert_string_equal(r.action[1], "session.login");
	memset(&r, 0, sizeof r);
	assert_int_equal(store_audit_query(fx->s, &f, 3, 2, collect, &r, NULL, &e), 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.action[0], "account.create");
	memset(&r, 0, sizeof r);
	f = (struct audit_filter){.object = "hal", .success = -1};
	assert_int_equal(store_audit_query(fx->s, &f, 0, -1, collect, &r, &total, &e), 0);
	assert_int_equal(total, 0);
	f = (struct audit_filter){.success = -1, .at_from = "2999-01-01"};
	assert_int_equal(store_audit_query(fx->s, &f, 0, -1, collect, &r, &total, &e), 0);
	assert_int_equal(total, 0);
	int64_t checked, broken;
	assert_int_equal(audit_verify(fx->s, &checked, &broken, &e), 0);
}

static void test_generation(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	struct store *other;
	int64_t g0, g1, g2, g3;
	char token[SESSION_TOKEN_CHARS + 1];
	struct principal p;
	assert_int_equal(store_generation(fx->s, &g0, &e), 0);
	/* Accounts, logins, sessions and the audit log leave it alone. */
	add(fx->s, "ivy", "p1", ROLE_BIT(ROLE_OFFICE), NULL);
	assert_int_equal(login(fx->s, "ivy", GOOD, clock_now(), token, &p, &e), 0);
	assert_int_equal(session_lookup(fx->s, token, clock_now() + 120, &p, &e), 0);
	assert_int_equal(audit_append(fx->s, "x", "y", "z", NULL, true, NULL, &e), 0);
	assert_int_equal(store_generation(fx->s, &g1, &e), 0);
	assert_int_equal(g1, g0);
	/* A business write moves it, once per transaction, and another connection sees it. */
	struct import_stats st;
	assert_int_equal(import_document(fx->s, unit_doc, strlen(unit_doc), "again", &st, &e), 0);
	assert_int_equal(store_generation(fx->s, &g2, &e), 0);
	assert_int_equal(g2, g1 + 1);
	assert_int_equal(store_open(fx->dir, &other, &e), 0);
	assert_int_equal(store_generation(other, &g3, &e), 0);
	assert_int_equal(g3, g2);
	assert_int_equal(store_begin(other, &e), 0);
	assert_int_equal(store_calendar_put(other, D("2026-12-31"), false, "test", "测试", &e), 0);
	assert_int_equal(store_commit(other, &e), 0);
	assert_int_equal(store_generation(fx->s, &g3, &e), 0);
	assert_int_equal(g3, g2 + 1);
	/* A rolled-back write leaves it. */
	assert_int_equal(store_begin(other, &e), 0);
	assert_int_equal(store_calendar_put(other, D("2026-12-30"), false, "test", "测试", &e), 0);
	store_rollback(other);
	assert_int_equal(store_begin(other, &e), 0);
	assert_int_equal(store_commit(other, &e), 0);
	assert_int_equal(store_generation(fx->s, &g1, &e), 0);
	assert_int_equal(g1, g3);
	store_close(other);
}

/* The authorization generation moves with every change to accounts, roles and sessions, and not
 * with a session's last-use time nor with business data. */
static void test_auth_generation(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	int64_t a0, a1, a2, a3;
	char token[SESSION_TOKEN_CHARS + 1];
	struct principal p;
	assert_int_equal(store_auth_generation(fx->s, &a0, &e), 0);
	add(fx->s, "jay", "p1", ROLE_BIT(ROLE_OFFICE), NULL);
	assert_int_equal(store_auth_generation(fx->s, &a1, &e), 0);
	assert_true(a1 > a0);
	assert_int_equal(login(fx->s, "jay", GOOD, clock_now(), token, &p, &e), 0);
	assert_int_equal(store_auth_generation(fx->s, &a2, &e), 0);
	assert_true(a2 > a1);
	/* Touching the session (a lookup two minutes on) and a business write leave it. */
	assert_int_equal(session_lookup(fx->s, token, clock_now() + 120, &p, &e), 0);
	struct import_stats st;
	assert_int_equal(import_document(fx->s, unit_doc, strlen(unit_doc), "again", &st, &e), 0);
	assert_int_equal(store_auth_generation(fx->s, &a3, &e), 0);
	assert_int_equal(a3, a2);
	/* Revoking the session moves it. */
	assert_int_equal(session_revoke(fx->s, p.session_hash, &e), 0);
	assert_int_equal(store_auth_generation(fx->s, &a3, &e), 0);
	assert_true(a3 > a2);
}

/* A role the store's CHECK does not know fails loudly and leaves the account's roles as they
 * were; a role named twice is one role. */
static void test_unknown_role_refused(void **state)
{
	struct fixture *fx = *state;
	struct zerr e = {0};
	struct account a;
	add(fx->s, "frank", "p1", ROLE_BIT(ROLE_OFFICE), NULL);
	assert_int_equal(account_get(fx->s, "frank", &a, &e), 0);
	const char *const bad[] = {"staff", "overlord"};
	assert_int_equal(store_begin(fx->s, &e), 0);
	assert_int_equal(store_account_set_roles(fx->s, a.id, bad, 2, &e), ZE_INVALID);
	assert_non_null(strstr(e.msg, "role 'overlord'"));
	store_rollback(fx->s);
	const char *const twice[] = {"staff", "staff"};
	assert_int_equal(store_begin(fx->s, &e), 0);
	assert_int_equal(store_account_set_roles(fx->s, a.id, twice, 2, &e), 0);
	assert_int_equal(store_commit(fx->s, &e), 0);
	account_release(&a);
	assert_int_equal(account_get(fx->s, "frank", &a, &e), 0);
	assert_int_equal(a.roles, ROLE_BIT(ROLE_STAFF));
	account_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_rules),
		cmocka_unit_test_setup_teardown(test_hash_and_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_with_password, setup, teardown),
		cmocka_unit_test_setup_teardown(test_password_cost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lockout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revocation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_separation_of_duties, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bootstrap_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calendar_token, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auth_generation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_role_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
