/* Who is asking: the session a cookie names (the application's session callback says whose),
 * whether the route admits the account and its CSRF token; and the refusals of requests without
 * a session, counted per source and reason rather than one record each. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/internal.h"
#include "util/clock.h"

/* Authenticates and authorizes; fills rs and returns nonzero when the request may not go on. */
int admit(struct request *r, struct worker *w, struct http_resp *rs)
{
	const struct route *rt = r->route;
	struct zerr e = {0};
	if (rt->perm == PERM_PUBLIC)
		return 0;
	const char *token = MHD_lookup_connection_value(r->rq.conn, MHD_COOKIE_KIND, SESSION_COOKIE);
	int rc = token ? r->srv->cfg.app->session(w, token, &r->who, &e) : ZE_NOTFOUND;
	if (rc == ZE_NOTFOUND)
		return http_error(rs, 401, "unauthenticated", NULL, "请先登录 / sign in first"), 1;
	if (rc)
		return http_zerr(rs, &e), 1;
	r->rq.who = &r->who;
	if (r->rq.method != HTTP_GET) {
		const char *csrf = http_header(&r->rq, CSRF_HEADER);
		size_t want = strlen(r->who.csrf);
		/* Compared in constant time: the token must not leak through response timing. */
		if (!csrf || strlen(csrf) != want || sodium_memcmp(csrf, r->who.csrf, want) != 0)
			return http_error(rs, 403, "csrf", NULL,
					  "缺少或错误的 CSRF 令牌 / missing or wrong " CSRF_HEADER " header"), 1;
	}
	if (r->who.must_change && rt->perm != PERM_SESSION)
		return http_error(rs, 403, "password_change_required", NULL,
				  "请先修改初始密码 / change the one-time password first"), 1;
	if (!perm_admits(rt->perm, r->who.roles))
		return http_error(rs, 403, "forbidden", NULL, "无权访问 / your roles do not allow this"), 1;
	return 0;
}

/* ---- refusals without a session -------------------------------------------------------------- */

static void time_iso(int64_t t, char buf[32])
{
	struct tm tm;
	time_t tt = (time_t)t;
	gmtime_r(&tt, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void record_refusal(const struct http_server *srv, struct worker *w, const struct refusal *f)
{
	char from[32], to[32];
	time_iso(f->from, from);
	time_iso(f->to, to);
	json_t *d = json_pack("{s:i, s:I, s:s, s:s, s:i}", "status", f->status, "count", (json_int_t)f->count, "from",
			      from, "to", to, "interval", (int)srv->refusals->interval);
	char *text = d ? json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	struct http_record rec = {"-", f->source, "request.refused", f->reason, false, text};
	struct zerr e = {0};
	if (text && srv->cfg.app->record(w, &rec, &e) && srv->cfg.log)
		srv->cfg.log("audit log", e.msg);
	free(text);
	json_decref(d);
}

/* Writes the aggregates whose interval has ended (all of them when flush). */
void sweep_refusals(const struct http_server *srv, struct worker *w, bool flush)
{
	struct refusal due[32];
	size_t n;
	do {
		n = refusals_due(srv->refusals, clock_now(), flush, due, sizeof due / sizeof due[0]);
		for (size_t i = 0; i < n; i++)
			record_refusal(srv, w, &due[i]);
	} while (n == sizeof due / sizeof due[0]);
}

/* Counts a refusal of a request without a session; the first of its source and reason in an
 * interval is recorded at once (count 1), the rest when the interval ends. */
void refuse(const struct http_server *srv, struct worker *w, const char *source, const struct http_resp *rs)
{
	char reason[LIMIT_REASON_MAX];
	time_t now = clock_now();
	snprintf(reason, sizeof reason, "%d %s", rs->status, rs->error_code ? rs->error_code : "refused");
	if (refusals_note(srv->refusals, source, reason, rs->status, now)) {
		struct refusal f = {.status = rs->status, .from = now, .to = now + srv->refusals->interval, .count = 1};
		snprintf(f.source, sizeof f.source, "%s", source);
		memcpy(f.reason, reason, sizeof f.reason);
		record_refusal(srv, w, &f);
	}
}

bool http_sign_in_refused(struct http_req *rq, struct http_resp *rs)
{
	/* rq lives inside its request: step back to it. */
	struct request *r = (struct request *)(void *)((char *)rq - offsetof(struct request, rq));
	struct http_server *srv = r->srv;
	time_t now = clock_now();
	if (budget_take(srv->login_budget, r->source, now))
		return false;
	/* Password guessing from one source, whatever the names: refused before the slow check,
	 * counted, not recorded one by one. */
	char wait[16];
	snprintf(wait, sizeof wait, "%u", budget_retry_after(srv->login_budget, r->source, now));
	http_error(rs, 429, "too_many_sign_ins", NULL,
		   "登录尝试过于频繁，请稍后再试 / too many sign-in attempts from your address; try again later");
	http_add_header(rs, "Retry-After", wait);
	refuse(srv, rq->w, r->source, rs);
	return true;
}
