/* Signing in and out, the current account, its password and its calendar feed secret. The
 * session token travels only in an HttpOnly cookie; the CSRF token in the reply goes back in
 * the X-CSRF-Token header of every change. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "util/clock.h"

#define COOKIE "zeren_session"

/* The account as the UI needs it, with the session's CSRF token. */
static json_t *own_account_json(const struct account *a)
{
	return json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:o, s:b}", "username", a->username, "display_name",
			 a->display_name, "person", a->person, "org", a->org, "department", a->department, "roles",
			 roles_json(a->roles), "must_change_password", a->must_change);
}

static int session_reply(struct http_req *rq, struct http_resp *rs, const struct principal *p)
{
	struct account a;
	struct zerr e = {0};
	if (account_get(rq->w->store, p->username, &a, &e))
		return http_zerr(rs, &e);
	json_t *acc = own_account_json(&a);
	/* What the account may do, as the server decides it: the route permissions its roles admit
	 * and its data scope. The UI builds its menus and guards from these, not from a copy of
	 * the role table. */
	json_t *perms = json_array();
	for (int pm = 0; pm < PERM_COUNT && perms; pm++)
		if (perm_admits((enum perm)pm, a.roles))
			json_array_append_new(perms, json_string(perm_id((enum perm)pm)));
	if (acc && perms)
		json_object_set_new(acc, "data_scope", json_string(scope_name(a.roles)));
	if (acc)
		json_object_set_new(acc, "permissions", perms);
	else
		json_decref(perms);
	account_release(&a);
	/* The server's today, so that the UI's default dates and a client's expectations follow
	 * the program's one clock rather than the browser's. */
	char today[ZDATE_BUFSZ];
	return http_json(rs, 200, acc ? json_pack("{s:o, s:s, s:s}", "account", acc, "csrf_token", p->csrf, "today",
						  date_format(date_today(), today))
				      : NULL);
}

/* A string member of the request body, or NULL (with a 422 filled in) when it is missing. */
static const char *body_string(struct http_req *rq, struct http_resp *rs, const char *name)
{
	const char *v = json_string_value(json_object_get(rq->json, name));
	if (!v)
		http_error(rs, 422, "invalid", name, "%s is required (a string)", name);
	return v;
}

static int login(struct http_req *rq, struct http_resp *rs)
{
	char token[SESSION_TOKEN_CHARS + 1], cookie[128];
	struct principal p;
	struct zerr e = {0};
	time_t locked_until;
	const char *user, *password;
	if (http_sign_in_refused(rq, rs) || !(user = body_string(rq, rs, "username")) ||
	    !(password = body_string(rq, rs, "password")))
		return 0;
	int rc = session_login(rq->w->store, user, password, clock_now(), rq->source, token, &p, &locked_until, &e);
	if (rc == ZE_INVALID)
		return http_error(rs, 401, "bad_credentials", NULL, "%s", e.msg);
	if (rc == ZE_LIMIT) {
		char wait[32];
		snprintf(wait, sizeof wait, "%lld", (long long)(locked_until > clock_now() ? locked_until - clock_now() : 1));
		http_add_header(rs, "Retry-After", wait);
		return http_error(rs, 429, "sign_in_locked", NULL, "%s", e.msg);
	}
	if (rc == ZE_CONFLICT)
		return http_error(rs, 401, "account_disabled", NULL, "%s", e.msg);
	if (rc)
		return http_zerr(rs, &e);
	snprintf(cookie, sizeof cookie, COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token,
		 SESSION_MAX_SECONDS, rq->secure ? "; Secure" : "");
	sodium_memzero(token, sizeof token);
	if ((rc = http_add_header(rs, "Set-Cookie", cookie)))
		return rc;
	return session_reply(rq, rs, &p);
}

static int me(struct http_req *rq, struct http_resp *rs)
{
	return session_reply(rq, rs, rq->who);
}

static int logout(struct http_req *rq, struct http_resp *rs)
{
	struct zerr e = {0};
	if (session_revoke(rq->w->store, rq->who->session_hash, &e))
		return http_zerr(rs, &e);
	http_audit(rs, "session.logout", rq->who->username, NULL);
	int rc = http_add_header(rs, "Set-Cookie", rq->secure ? COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
							      : COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	return rc ? rc : http_text(rs, 204, NULL, "", 0);
}

static int change_password(struct http_req *rq, struct http_resp *rs)
{
	struct zerr e = {0};
	const char *old, *new;
	const char *user = rq->who->username;
	if (!(old = body_string(rq, rs, "old_password")) || !(new = body_string(rq, rs, "new_password")))
		return 0;
	http_audit(rs, "account.password", user, NULL);
	int rc = account_verify_password(rq->w->store, user, old, &e);
	if (rc == ZE_INVALID)
		return http_error(rs, 422, "wrong_password", "old_password", "原密码错误 / the old password is wrong");
	if (rc)
		return http_zerr(rs, &e);
	/* This session goes on; the account's others end. */
	rc = account_set_password(rq->w->store, user, new, false, rq->who->session_hash, NULL, rq->source, &e);
	if (rc == ZE_INVALID)
		return http_error(rs, 422, "weak_password", "new_password", "%s", e.msg);
	if (rc)
		return http_zerr(rs, &e);
	return http_text(rs, 204, NULL, "", 0);
}

static int calendar_url(struct http_resp *rs, const char *token)
{
	char url[128];
	snprintf(url, sizeof url, "/api/v1/calendar/%s.ics", token);
	return http_json(rs, 200, json_pack("{s:s}", "url", url));
}

/* The personal feed's address, made on first use. A GET that may write: the token is recorded
 * here, since the server records changes only for the other methods. */
static int get_calendar(struct http_req *rq, struct http_resp *rs)
{
	struct account a;
	struct zerr e = {0};
	char token[SESSION_TOKEN_CHARS + 1];
	if (account_get(rq->w->store, rq->who->username, &a, &e))
		return http_zerr(rs, &e);
	snprintf(token, sizeof token, "%s", a.calendar_token ? a.calendar_token : "");
	account_release(&a);
	if (!token[0] && account_new_calendar_token(rq->w->store, rq->who->username, token, rq->who->username,
						    rq->source, &e))
		return http_zerr(rs, &e);
	return calendar_url(rs, token);
}

static int new_calendar(struct http_req *rq, struct http_resp *rs)
{
	struct zerr e = {0};
	char token[SESSION_TOKEN_CHARS + 1];
	http_audit(rs, "account.calendar_token", rq->who->username, NULL);
	if (account_new_calendar_token(rq->w->store, rq->who->username, token, NULL, rq->source, &e))
		return http_zerr(rs, &e);
	return calendar_url(rs, token);
}

const struct route api_session_routes[] = {
	{HTTP_POST, "/api/v1/session", login, PERM_PUBLIC, 4096, false},
	{HTTP_GET, "/api/v1/session", me, PERM_SESSION, 0, false},
	{HTTP_DELETE, "/api/v1/session", logout, PERM_SESSION, 0, false},
	{HTTP_PUT, "/api/v1/session/password", change_password, PERM_SESSION, 4096, false},
	{HTTP_GET, "/api/v1/session/calendar", get_calendar, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/session/calendar", new_calendar, PERM_READ, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
