/* Sessions: signing in (one argon2 check for every attempt, locks by name and source), the
 * session a token names, signing out. */
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "core/account_internal.h"
#include "util/clock.h"

/* ---- sessions ------------------------------------------------------------------------------- */

static void local_time(time_t t, char *buf, size_t n)
{
	struct tm tm;
	time_t local = t + TZ_OFFSET;
	gmtime_r(&local, &tm);
	strftime(buf, n, "%Y-%m-%d %H:%M", &tm);
}

/* Why a login failed, for the audit log. */
static const char *const reason_wrong = "wrong password", *const reason_unknown = "unknown account",
			 *const reason_locked = "locked", *const reason_disabled = "disabled";

/* A sign-in under way: what the two changes below read and fill. */
struct login {
	const char *password, *source;
	const char *checked; /* the hash the password was found to match, outside the transaction */
	time_t now, locked;
	char *token;
	struct principal *p;
};

#define WRONG_CREDENTIALS "用户名或密码错误 / wrong username or password"

/* A hash that no password matches in practice (its password is random and forgotten), made
 * once at the cost of the real ones: checking a password against it for a missing name takes
 * the time a real check takes, so the time of an answer does not tell whether a name exists. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy_hash(void)
{
	char pw[SESSION_TOKEN_CHARS + 1];
	random_token(pw);
	if (hash_password(pw, dummy_hash, NULL))
		dummy_hash[0] = '\0';
	sodium_memzero(pw, sizeof pw);
}

/* How long the lock-th lock in a row of one (name, source) lasts: ACCOUNT_LOCK_SECONDS, doubling
 * with each lock, at most ACCOUNT_LOCK_MAX_SECONDS. */
static int64_t lock_seconds(int locks)
{
	int64_t s = ACCOUNT_LOCK_SECONDS;
	for (int i = 1; i < locks && s < ACCOUNT_LOCK_MAX_SECONDS; i++)
		s *= 2;
	return s < ACCOUNT_LOCK_MAX_SECONDS ? s : ACCOUNT_LOCK_MAX_SECONDS;
}

/* Counts a failure of name from source, in a transaction of its own; locks the pair at the
 * limit. Rows of pairs quiet for a day are dropped on the way. Returns the lock's end or 0. */
static time_t count_failure(struct store *s, const char *name, const char *source, time_t now)
{
	struct throttle_row t;
	struct zerr e = {0};
	time_t until = 0;
	if (store_begin(s, &e))
		return 0;
	if (!store_throttle_get(s, name, source, &t, &e)) {
		t.failures++;
		t.last_failure_at = now;
		if (t.failures >= ACCOUNT_MAX_FAILURES) {
			t.failures = 0;
			t.locks++;
			until = (time_t)(t.locked_until = now + lock_seconds(t.locks));
		}
		if (!store_throttle_put(s, name, source, &t, &e) &&
		    !store_throttle_clear(s, NULL, now - ACCOUNT_LOCK_MAX_SECONDS, &e) && !store_commit(s, &e))
			return until;
	}
	store_rollback(s);
	return 0;
}

/* Opens the session. The password was checked outside the transaction (it is slow), so a
 * password changed meanwhile no longer admits. */
static int open_session(struct store *s, struct loaded *l, void *arg, struct zerr *e)
{
	struct login *g = arg;
	struct session_row sr = {.account = l->a.id, .created_at = g->now, .last_seen_at = g->now};
	int rc;
	if (strcmp(l->hash, g->checked) != 0)
		return zerr_set(e, ZE_INVALID, WRONG_CREDENTIALS);
	l->a.failures = 0;
	l->a.locked_until = 0;
	l->a.last_login_at = g->now;
	/* A hash made at an older cost is brought up to the current one while the password is at hand. */
	if (password_needs_rehash(l->hash) &&
	    (rc = hash_password(g->password, l->hash, e)))
		return rc;
	random_token(g->token);
	token_hash(g->token, sr.hash);
	random_token(sr.csrf);
	if ((rc = store_session_purge(s, g->now - SESSION_IDLE_SECONDS, g->now - SESSION_MAX_SECONDS, e)) ||
	    (rc = store_session_insert(s, &sr, g->source, e)))
		return rc;
	account_fill_principal(&l->a, g->p);
	memcpy(g->p->csrf, sr.csrf, sizeof g->p->csrf);
	memcpy(g->p->session_hash, sr.hash, sizeof g->p->session_hash);
	return 0;
}
int session_login(struct store *s, const char *username, const char *password, time_t now, const char *source,
		  char token[SESSION_TOKEN_CHARS + 1], struct principal *p, time_t *locked_until, struct zerr *e)
{
	struct loaded l = {0};
	struct login g = {.password = password ? password : "", .source = source, .now = now, .token = token, .p = p};
	struct throttle_row t = {0};
	const char *reason = NULL;
	/* The name as typed (any name, existing or not), so that a lock says nothing about accounts. */
	const char *name = username && *username && strlen(username) <= ACCOUNT_USERNAME_MAX ? username : "-";
	const char *from = source ? source : "-";
	json_t *detail = NULL;
	int rc = sodium_ready(e);
	token[0] = '\0';
	if (rc)
		goto out;
	pthread_once(&dummy_once, make_dummy_hash);
	if ((rc = store_throttle_get(s, name, from, &t, e)))
		goto out;
	rc = strcmp(name, "-") == 0 ? ZE_NOTFOUND : account_load_by(s, ACCOUNT_BY_NAME, name, 0, &l, e);
	if (rc && rc != ZE_NOTFOUND)
		goto out;
	bool exists = rc == 0;
	/* Exactly one password check on every path, against the account's hash or the dummy one:
	 * a wrong password, a missing name and a locked pair take the same time. */
	bool matches = password_matches(exists ? l.hash : dummy_hash, g.password);
	if (t.locked_until > now) {
		/* Too many failures of this name from this source: refused whatever the password, and
		 * said so — the same for any name, so it tells nothing about the account, and no
		 * answer while locked says whether the password was right. Other sources are not
		 * affected: nobody can lock an account out for others. */
		char when[32];
		local_time((time_t)t.locked_until, when, sizeof when);
		reason = reason_locked;
		g.locked = (time_t)t.locked_until;
		rc = zerr_set(e, ZE_LIMIT,
			      "该用户名从您的地址登录失败次数过多，请于 %s (北京时间) 后再试 / too many failed sign-ins "
			      "with this name from your address; try again after %s (UTC+8)",
			      when, when);
		goto out;
	}
	if (!exists || !matches) {
		reason = exists ? reason_wrong : reason_unknown;
		g.locked = count_failure(s, name, from, now);
		rc = zerr_set(e, ZE_INVALID, WRONG_CREDENTIALS);
		goto out;
	}
	/* Only someone who knows the password learns that the account is disabled. */
	if (l.a.disabled) {
		reason = reason_disabled;
		rc = zerr_set(e, ZE_CONFLICT, "账号已停用，请联系系统管理员 / the account is disabled; ask the system administrator");
		goto out;
	}
	g.checked = l.hash;
	if (!(rc = account_change(s, name, open_session, &g, e)) && t.failures + t.locks > 0) /* a success forgets */
		rc = store_throttle_put(s, name, from, &(struct throttle_row){.last_failure_at = t.last_failure_at}, e);
out:
	if (locked_until)
		*locked_until = g.locked;
	if (reason) {
		detail = json_pack("{s:s}", "reason", reason);
		if (detail && g.locked) {
			char when[32];
			local_time(g.locked, when, sizeof when);
			json_object_set_new(detail, "locked_until", json_string(when));
		}
	}
	account_loaded_release(&l);
	/* The name tried is recorded as given, unless it could be no account's. */
	const char *who = username && *username && !account_check_username(username, NULL) ? username : "-";
	if ((rc = account_finish(s, who, source, "session.login", who, rc, detail, e)))
		sodium_memzero(token, SESSION_TOKEN_CHARS + 1);
	return rc;
}
int account_confirm_password(struct store *s, const char *username, const char *password, const char *purpose,
			     time_t now, time_t *locked_until, struct zerr *e)
{
	struct throttle_row t = {0};
	char source[64];
	int rc;
	*locked_until = 0;
	/* the account's own pair, whatever the address: only its holder confirms with it */
	snprintf(source, sizeof source, "confirm:%.50s", purpose);
	if ((rc = store_throttle_get(s, username, source, &t, e)))
		return rc;
	if (t.locked_until > now) {
		char when[32];
		local_time((time_t)t.locked_until, when, sizeof when);
		*locked_until = (time_t)t.locked_until;
		return zerr_set(e, ZE_LIMIT,
				"密码错误次数过多，请于 %s (北京时间) 后再试 / too many wrong passwords; try again after %s (UTC+8)",
				when, when);
	}
	rc = account_verify_password(s, username, password, e);
	if (rc == ZE_INVALID)
		*locked_until = count_failure(s, username, source, now);
	else if (!rc && t.failures + t.locks > 0) /* a success forgets */
		rc = store_throttle_put(s, username, source, &(struct throttle_row){.last_failure_at = t.last_failure_at}, e);
	return rc;
}
int session_lookup(struct store *s, const char *token, time_t now, struct principal *p, struct zerr *e)
{
	struct session_row sr;
	struct loaded l = {0};
	char hash[65];
	int rc;
	if (!token_wellformed(token))
		return zerr_set(e, ZE_NOTFOUND, "no such session");
	if ((rc = sodium_ready(e)))
		return rc;
	token_hash(token, hash);
	if ((rc = store_session_get(s, hash, &sr, e)))
		return rc;
	if (now - sr.last_seen_at >= SESSION_IDLE_SECONDS || now - sr.created_at >= SESSION_MAX_SECONDS)
		return zerr_set(e, ZE_NOTFOUND, "the session has expired");
	if ((rc = account_load_by(s, ACCOUNT_BY_ID, NULL, sr.account, &l, e)))
		goto out;
	if (l.a.disabled) {
		rc = zerr_set(e, ZE_NOTFOUND, "the account is disabled");
		goto out;
	}
	if (now - sr.last_seen_at >= SESSION_TOUCH_SECONDS && (rc = store_session_touch(s, hash, now, e)))
		goto out;
	account_fill_principal(&l.a, p);
	memcpy(p->csrf, sr.csrf, sizeof p->csrf);
	memcpy(p->session_hash, hash, sizeof p->session_hash);
out:
	account_loaded_release(&l);
	return rc;
}
int session_revoke(struct store *s, const char *session_hash, struct zerr *e)
{
	return store_session_delete(s, session_hash, e);
}
int session_revoke_account(struct store *s, const char *username, const char *actor, const char *source,
			   struct zerr *e)
{
	struct loaded l = {0};
	int64_t n = 0;
	int rc;
	if (!(rc = store_begin(s, e)) && !(rc = account_load_by(s, ACCOUNT_BY_NAME, username, 0, &l, e)))
		rc = store_session_delete_account(s, l.a.id, NULL, &n, e);
	account_loaded_release(&l);
	return account_finish(s, actor, source, "session.revoke", username, rc, json_pack("{s:I}", "sessions", (json_int_t)n), e);
}
