/* API v1: reminders and notifications — the bell (a person's inbox, unread count, mark read),
 * personal preferences, a unit's channels (系统管理员 only, secrets never in clear), a test
 * send, and the delivery log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/change.h"
#include "core/notify.h"
#include "util/clock.h"

/* ---- the bell ---- */

struct rows {
	json_t *items;
};

static int add_row(void *ctx, const struct notify_row *r)
{
	struct rows *o = ctx;
	json_array_append_new(o->items, notify_row_json(r));
	return 0;
}

/* The person the account stands for; fills 403 when it stands for none. */
static const char *my_person(struct http_req *rq, struct http_resp *rs)
{
	if (!rq->who->person[0]) {
		http_error(rs, 403, "no_person", NULL, "账号未关联人员 / the account is linked to no person");
		return NULL;
	}
	return rq->who->person;
}

static int list_mine(struct http_req *rq, struct http_resp *rs)
{
	struct page pg;
	int unread_only;
	int64_t total = 0, unread = 0;
	struct zerr e = {0};
	const char *person = my_person(rq, rs);
	if (!person || api_page(rq, rs, &pg) || api_bool_query(rq, rs, "unread", &unread_only))
		return 0;
	struct notify_filter f = {.person = person, .channel = "inbox", .unread = unread_only == 1};
	struct notify_filter fu = {.person = person, .channel = "inbox", .unread = true};
	struct rows o = {json_array()};
	if (store_notify_query(rq->w->store, &f, (int64_t)((pg.page - 1) * pg.per_page), (int64_t)pg.per_page, add_row,
			       &o, &total, &e) ||
	    store_notify_query(rq->w->store, &fu, 0, 0, add_row, &o, &unread, &e)) {
		json_decref(o.items);
		return http_zerr(rs, &e);
	}
	json_t *j = json_pack("{s:o, s:I, s:I, s:I, s:I}", "items", o.items, "total", (json_int_t)total, "page",
			      (json_int_t)pg.page, "per_page", (json_int_t)pg.per_page, "unread", (json_int_t)unread);
	return http_json(rs, 200, j);
}

static int read_mine(struct http_req *rq, struct http_resp *rs, int64_t id)
{
	int64_t n = 0;
	struct zerr e = {0};
	const char *person = my_person(rq, rs);
	if (!person)
		return 0;
	char object[256];
	if (store_notify_read(rq->w->store, person, id, clock_now(), &n, &e))
		return http_zerr(rs, &e);
	if (id)
		snprintf(object, sizeof object, "%s/%lld", person, (long long)id);
	else
		snprintf(object, sizeof object, "%s", person);
	http_audit(rs, "notification.read", object, json_pack("{s:I}", "marked", (json_int_t)n));
	return http_json(rs, 200, json_pack("{s:I}", "marked", (json_int_t)n));
}

static int read_one(struct http_req *rq, struct http_resp *rs)
{
	const char *id = http_param(rq, "id");
	char *end;
	long long v = strtoll(id, &end, 10);
	if (!*id || *end || v <= 0)
		return http_error(rs, 404, "not_found", "id", "no notification '%s'", id);
	return read_mine(rq, rs, v);
}

static int read_all(struct http_req *rq, struct http_resp *rs)
{
	return read_mine(rq, rs, 0);
}

/* ---- preferences ---- */

static int pref_reply(struct http_req *rq, struct http_resp *rs, const char *person)
{
	struct zerr e = {0};
	json_t *j = notify_pref_json(rq->w->store, person, &e);
	return j ? http_json(rs, 200, j) : http_zerr(rs, &e);
}

static int pref_write(struct http_req *rq, struct http_resp *rs, const char *person)
{
	struct zerr e = {0};
	struct change c = {.actor = rq->who->username, .source = rq->source, .action = "notify.pref", .object = person};
	int rc = notify_pref_set(rq->w->store, &c, person, rq->json, &e);
	rs->audited = true; /* with the preferences, or as the refusal */
	return rc ? http_zerr(rs, &e) : pref_reply(rq, rs, person);
}

static int get_my_prefs(struct http_req *rq, struct http_resp *rs)
{
	const char *person = my_person(rq, rs);
	return person ? pref_reply(rq, rs, person) : 0;
}

static int put_my_prefs(struct http_req *rq, struct http_resp *rs)
{
	const char *person = my_person(rq, rs);
	return person ? pref_write(rq, rs, person) : 0;
}

/* The office keeps the mail addresses of its unit's people. */
UNIT_HANDLER(put_person_prefs)
{
	const char *id = http_param(rq, "id");
	zidx p = hmap_get(&v->facts.person_ids, id);
	int rc = p < 0 || v->facts.people.v[p].org != v->org
			 ? http_error(rs, 404, "not_found", "id", "unit %s has no person '%s'", v->facts.orgs.v[v->org].id, id)
			 : pref_write(rq, rs, v->facts.people.v[p].id);
	return rc;
}

/* ---- a unit's channels (系统管理员) ---- */

/* The unit of the path exists; platform roles see no business data, so no view is kept. */
static const char *unit_exists(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	struct zerr e = {0};
	const char *org = http_param(rq, "org");
	if (view_acquire(rq->w, org, &v, &e)) {
		http_zerr(rs, &e);
		return NULL;
	}
	view_release(v);
	return org;
}

/* The units whose channels the 系统管理员 sets: id and name only (a platform role sees no
 * business data). */
static int unit_row(void *ctx, const char *id, const char *name, const char *kind, const char *policy)
{
	json_array_append_new(ctx, json_pack("{s:s, s:s}", "id", id, "name", name));
	return 0;
}

static int list_units(struct http_req *rq, struct http_resp *rs)
{
	struct zerr e = {0};
	json_t *items = json_array();
	if (store_org_each(rq->w->store, unit_row, items, &e)) {
		json_decref(items);
		return http_zerr(rs, &e);
	}
	return http_json(rs, 200, json_pack("{s:o}", "items", items));
}

/* The last failure on each channel, so the settings page shows what went wrong in the log. */
struct last_failure {
	json_t *by_channel;
};

static int note_failure(void *ctx, const struct notify_row *r)
{
	struct last_failure *lf = ctx;
	if (!json_object_get(lf->by_channel, r->channel))
		json_object_set_new(lf->by_channel, r->channel,
				    json_pack("{s:s, s:I, s:i}", "answer", r->answer ? r->answer : "", "at",
					      (json_int_t)r->created_at, "attempts", r->attempts));
	return 0;
}

static int list_channels(struct http_req *rq, struct http_resp *rs)
{
	struct zerr e = {0};
	const char *org = unit_exists(rq, rs);
	if (!org)
		return 0;
	json_t *items = notify_channels_json(rq->w->store, org, &e);
	struct last_failure lf = {json_object()};
	struct notify_filter f = {.org = org, .state = "failed"};
	if (!items || store_notify_query(rq->w->store, &f, 0, 200, note_failure, &lf, NULL, &e)) {
		json_decref(items);
		json_decref(lf.by_channel);
		return http_zerr(rs, &e);
	}
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		json_t *fail = json_object_get(lf.by_channel, json_string_value(json_object_get(it, "channel")));
		json_object_set(it, "last_failure", fail ? fail : json_null());
	}
	json_decref(lf.by_channel);
	return http_json(rs, 200, json_pack("{s:o}", "items", items));
}

/* The unit of the path (answered when there is none) and its channel, and "org/channel", the
 * object a change or a test of the channel is audited under. */
static const char *unit_channel(struct http_req *rq, struct http_resp *rs, const char **channel, char object[512])
{
	const char *org = unit_exists(rq, rs);
	*channel = http_param(rq, "channel");
	if (org)
		snprintf(object, 512, "%s/%s", org, *channel);
	return org;
}

static int put_channel(struct http_req *rq, struct http_resp *rs)
{
	struct zerr e = {0};
	char object[512];
	const char *channel, *org = unit_channel(rq, rs, &channel, object);
	if (!org)
		return 0;
	struct change c = {.actor = rq->who->username, .source = rq->source, .unit = org, .action = "notify.channel",
			   .object = object};
	int rc = notify_channel_set(rq->w->store, &c, rq->w->srv->data_dir, org, channel, rq->json, clock_now(), &e);
	rs->audited = true;
	if (rc)
		return http_zerr(rs, &e);
	return list_channels(rq, rs);
}

static int test_channel(struct http_req *rq, struct http_resp *rs)
{
	struct zerr e = {0};
	char object[512], answer[1024];
	const char *channel, *org = unit_channel(rq, rs, &channel, object);
	if (!org)
		return 0;
	json_t *to = rq->json ? json_object_get(rq->json, "to") : NULL;
	if (to && !json_is_string(to))
		return http_error(rs, 422, "invalid", "to", "$.to: a mail address");
	struct notify_config cfg = {rq->w->srv->data_dir, rq->w->srv->notify_ca_file, "test", 0, 1};
	int rc = notify_test_send(rq->w->store, &cfg, org, channel, json_string_value(to), clock_now(), answer,
				  sizeof answer, &e);
	http_audit(rs, "notify.test", object, json_pack("{s:s, s:b}", "channel", channel, "ok", rc == 0));
	if (rc == ZE_IO) /* the channel answered badly or not at all: what it said is the point */
		return http_error(rs, 502, "send_failed", NULL, "%s", answer);
	if (rc)
		return http_zerr(rs, &e);
	return http_json(rs, 200, json_pack("{s:b, s:s}", "ok", 1, "answer", answer));
}

/* ---- the delivery log (网信办) ---- */

static int list_deliveries(struct http_req *rq, struct http_resp *rs)
{
	struct unit_view *v;
	struct page pg;
	int64_t total = 0;
	struct zerr e = {0};
	if (api_unit(rq, rs, &v))
		return 0;
	view_release(v);
	if (api_page(rq, rs, &pg))
		return 0;
	const char *channel = http_query(rq, "channel"), *state = http_query(rq, "state");
	struct notify_filter f = {.org = http_param(rq, "org"),
				  .channel = channel && *channel ? channel : NULL,
				  .state = state && *state ? state : NULL,
				  .rule = http_query(rq, "rule"),
				  .person = http_query(rq, "person")};
	struct rows o = {json_array()};
	if (store_notify_query(rq->w->store, &f, (int64_t)((pg.page - 1) * pg.per_page), (int64_t)pg.per_page, add_row,
			       &o, &total, &e)) {
		json_decref(o.items);
		return http_zerr(rs, &e);
	}
	return api_paged(rs, o.items, (size_t)total, &pg);
}

const struct route api_notify_routes[] = {
	{HTTP_GET, "/api/v1/me/notifications", list_mine, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/me/notifications/read", read_all, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/me/notifications/{id}/read", read_one, PERM_READ, 0, false},
	{HTTP_GET, "/api/v1/me/notify-prefs", get_my_prefs, PERM_READ, 0, false},
	{HTTP_PUT, "/api/v1/me/notify-prefs", put_my_prefs, PERM_READ, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/people/{id}/notify-prefs", put_person_prefs, PERM_OFFICE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/notify/deliveries", list_deliveries, PERM_OFFICE, 0, false},
	{HTTP_GET, "/api/v1/notify/units", list_units, PERM_ACCOUNTS, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/notify/channels", list_channels, PERM_ACCOUNTS, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/notify/channels/{channel}", put_channel, PERM_ACCOUNTS, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/notify/channels/{channel}/test", test_channel, PERM_ACCOUNTS, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
