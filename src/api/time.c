/* Time: working-day arithmetic on the official calendar, adding a year's arrangement, the
 * calendar feeds of deadlines (a secret per-account URL for calendar apps, and the signed-in
 * unit feed), and the policies with their rules and duties. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "core/change.h"
#include "core/calendar.h"
#include "core/duties.h"
#include "core/feed.h"
#include "core/render.h"
#include "core/workday.h"
#include "doc/ics.h"
#include "util/clock.h"

static int parse_date(const struct http_req *rq, struct http_resp *rs, const char *name, zdate *out)
{
	const char *s = http_query(rq, name);
	if (!s || !date_parse(s, out))
		return http_error(rs, 400, "bad_parameter", name, "%s must be a date YYYY-MM-DD%s%s%s", name, s ? ", not '" : "",
				  s ? s : "", s ? "'" : ""),
		       1;
	return 0;
}

/* Replies with j, adding the warning when a year the answer touched is not in the calendar. */
static int reply(struct http_resp *rs, json_t *j, bool complete, zdate a, zdate b)
{
	char msg[512];
	if (j && !complete) {
		workday_warning(a, b, msg, sizeof msg);
		json_object_set_new(j, "warning", json_string(msg));
	}
	return http_json(rs, 200, j);
}

/* The calendar is the whole server's, not a unit's (shared, and read again after an import). */
static int open_cal(struct http_req *rq, struct http_resp *rs, struct shared_calendar **c)
{
	struct zerr e = {0};
	if (calendar_acquire(rq->w, c, &e))
		return http_zerr(rs, &e), 1;
	return 0;
}

static int workday_add(struct http_req *rq, struct http_resp *rs)
{
	struct shared_calendar *c = NULL;
	struct zerr e = {0};
	zdate d, r;
	bool complete;
	const char *ns = http_query(rq, "n");
	char *end = NULL;
	long n = ns ? strtol(ns, &end, 10) : 0;
	if (parse_date(rq, rs, "date", &d))
		return 0;
	if (!ns || !*ns || *end || n < -100000 || n > 100000)
		return http_error(rs, 400, "bad_parameter", "n", "n must be a whole number of working days (-100000..100000)");
	if (open_cal(rq, rs, &c))
		return 0;
	json_t *j = workday_add_json(calendar_of(c), d, (int)n, &complete, &r, &e);
	if (!j)
		http_error(rs, 400, "bad_parameter", "n", "%s", e.msg);
	else
		reply(rs, j, complete, d, r);
	calendar_release(c);
	return 0;
}

static int workday_between(struct http_req *rq, struct http_resp *rs)
{
	struct shared_calendar *c = NULL;
	zdate a, b;
	bool complete;
	if (parse_date(rq, rs, "from", &a) || parse_date(rq, rs, "to", &b) || open_cal(rq, rs, &c))
		return 0;
	json_t *j = workday_between_json(calendar_of(c), a, b, &complete);
	reply(rs, j, complete, a, b);
	calendar_release(c);
	return 0;
}

static int workday_is(struct http_req *rq, struct http_resp *rs)
{
	struct shared_calendar *c = NULL;
	zdate d;
	bool complete;
	if (parse_date(rq, rs, "date", &d) || open_cal(rq, rs, &c))
		return 0;
	json_t *j = workday_is_json(calendar_of(c), d, &complete);
	reply(rs, j, complete, d, d);
	calendar_release(c);
	return 0;
}

static int calendar_years(struct http_req *rq, struct http_resp *rs)
{
	struct shared_calendar *c = NULL;
	if (open_cal(rq, rs, &c))
		return 0;
	http_json(rs, 200, calendar_years_json(calendar_of(c), true));
	calendar_release(c);
	return 0;
}

/* 系统管理员 adds a year's official arrangement (the State Council's notice), as CSV. */
static int calendar_import(struct http_req *rq, struct http_resp *rs)
{
	struct zerr e = {0};
	size_t added = 0;
	if (rq->body_len == 0)
		return http_error(rs, 422, "invalid", NULL, "send the days as CSV: date,kind,holiday,holiday_zh");
	struct change c = {.actor = rq->who->username, .source = rq->source, .action = "calendar.import",
			   .object = "calendar"};
	int rc = calendar_import_csv(rq->w->store, &c, rq->body, rq->body_len, "request", &added, &e);
	rs->audited = true; /* with the days, or as the refusal */
	if (rc)
		return http_zerr(rs, &e);
	return http_json(rs, 200, json_pack("{s:I}", "added", (json_int_t)added));
}

/* ---- feeds ---------------------------------------------------------------------------------- */

/* Writes the deadlines of the view's unit (of one person when person >= 0) as text/calendar. */
static int send_feed(struct http_resp *rs, const struct unit_view *v, zidx person, const char *name)
{
	struct feed fd = {0};
	struct strbuf out = STRBUF_INIT;
	struct zerr e = {0};
	int rc = feed_add_unit(&fd, &v->facts, v->cal, v->policy, v->org, person, date_today(), &e);
	if (!rc)
		rc = ics_write(name, fd.v, fd.n, (int64_t)clock_now(), &out, &e);
	if (rc)
		http_zerr(rs, &e);
	else
		http_text(rs, 200, "text/calendar; charset=utf-8", out.buf, out.len);
	sb_release(&out);
	feed_release(&fd);
	return 0;
}

/* Office and leader follow the whole unit; others what they answer for themselves. */
static int feed_for(struct http_resp *rs, const struct unit_view *v, const struct principal *who)
{
	char name[600];
	const char *org = v->facts.orgs.v[v->org].id;
	if (who->roles & (ROLE_BIT(ROLE_OFFICE) | ROLE_BIT(ROLE_LEADER))) {
		snprintf(name, sizeof name, "zeren %s", org);
		return send_feed(rs, v, ZIDX_NONE, name);
	}
	zidx p = who->person[0] ? hmap_get(&v->facts.person_ids, who->person) : ZIDX_NONE;
	if (p < 0)
		return http_error(rs, 404, "not_found", NULL, "the account is linked to no person of unit %s", org);
	snprintf(name, sizeof name, "zeren %s %s", org, who->person);
	return send_feed(rs, v, p, name);
}

static int personal_feed(struct http_req *rq, struct http_resp *rs)
{
	struct principal who;
	struct zerr e = {0};
	struct unit_view *v = NULL;
	char token[SESSION_TOKEN_CHARS + 1];
	const char *seg = http_param(rq, "token");
	size_t n = strlen(seg);
	/* "<token>.ics": calendar apps like the suffix */
	if (n > 4 && strcmp(seg + n - 4, ".ics") == 0)
		n -= 4;
	if (n != SESSION_TOKEN_CHARS)
		return http_error(rs, 404, "not_found", NULL, "no such calendar");
	memcpy(token, seg, n);
	token[n] = '\0';
	int rc = account_by_calendar_token(rq->w->store, token, &who, &e);
	if (rc == ZE_NOTFOUND || (!rc && !who.org[0]))
		return http_error(rs, 404, "not_found", NULL, "no such calendar");
	if (rc)
		return http_zerr(rs, &e);
	if (view_acquire(rq->w, who.org, &v, &e))
		return http_zerr(rs, &e);
	feed_for(rs, v, &who);
	view_release(v);
	return 0;
}

UNIT_HANDLER(unit_feed)
{
	feed_for(rs, v, rq->who);
	return 0;
}

/* ---- policies ------------------------------------------------------------------------------- */

static int list_policies(struct http_req *rq, struct http_resp *rs)
{
	struct page pg;
	const struct policy_set *ps = rq->w->srv->policies;
	if (api_page(rq, rs, &pg))
		return 0;
	json_t *items = json_array();
	for (size_t i = 0; i < policies_count(ps); i++)
		if (page_has(&pg, i))
			json_array_append_new(items, policy_json(policies_at(ps, i), true));
	return api_paged(rs, items, policies_count(ps), &pg);
}

static int get_policy(struct http_req *rq, struct http_resp *rs)
{
	const struct policy *p = policies_get(rq->w->srv->policies, http_param(rq, "id"));
	if (!p)
		return http_error(rs, 404, "not_found", NULL, "no policy '%s'", http_param(rq, "id"));
	return http_json(rs, 200, policy_json(p, true));
}

const struct route api_time_routes[] = {
	{HTTP_GET, "/api/v1/workday/add", workday_add, PERM_SESSION, 0, false},
	{HTTP_GET, "/api/v1/workday/between", workday_between, PERM_SESSION, 0, false},
	{HTTP_GET, "/api/v1/workday/is", workday_is, PERM_SESSION, 0, false},
	{HTTP_GET, "/api/v1/calendar/years", calendar_years, PERM_SESSION, 0, false},
	{HTTP_POST, "/api/v1/calendar/days", calendar_import, PERM_ACCOUNTS, (size_t)16 << 20, true},
	{HTTP_GET, "/api/v1/calendar/{token}", personal_feed, PERM_PUBLIC, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/calendar.ics", unit_feed, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/policies", list_policies, PERM_POLICY, 0, false},
	{HTTP_GET, "/api/v1/policies/{id}", get_policy, PERM_POLICY, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
