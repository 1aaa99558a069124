#include "core/announce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/settings.h"
#include "util/date.h"

#define RULE "announcement"

struct one {
	bool found;
	int64_t id;
	char status[16], publish_on[ZDATE_BUFSZ], expires_on[ZDATE_BUFSZ];
	int64_t published_at;
};

static int take_one(void *ctx, const struct announce_row *r)
{
	struct one *o = ctx;
	o->found = true;
	snprintf(o->status, sizeof o->status, "%s", r->status);
	snprintf(o->publish_on, sizeof o->publish_on, "%s", r->publish_on ? r->publish_on : "");
	snprintf(o->expires_on, sizeof o->expires_on, "%s", r->expires_on ? r->expires_on : "");
	o->published_at = r->published_at;
	return 0;
}

static int check_text(const char *field, const char *v, size_t max, bool lines, struct zerr *e)
{
	if (!v || !*v)
		return zerr_set(e, ZE_INVALID, "$.%s: 不能为空 / must not be empty", field);
	if (strlen(v) > max)
		return zerr_set(e, ZE_LIMIT, "$.%s: 超过 %zu 字节 / longer than %zu bytes", field, max, max);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if ((*p < 0x20 && !(lines && (*p == '\n' || *p == '\r' || *p == '\t'))) || *p == 0x7f)
			return zerr_set(e, ZE_INVALID, "$.%s: 不能含控制字符 / must not contain control characters", field);
	return 0;
}

/* A date field: NULL or "" is `dflt`; else it must be an ISO date. */
static int date_field(const char *field, const char *v, zdate dflt, zdate *out, struct zerr *e)
{
	*out = dflt;
	if (v && *v && !date_parse(v, out))
		return zerr_set(e, ZE_INVALID, "$.%s: 须为日期 YYYY-MM-DD / must be a date YYYY-MM-DD, not '%s'", field, v);
	return 0;
}

/* Each person of the unit gets the published announcement in the bell (an inbox message). */
static int send_copies(struct store *s, const struct facts *f, zidx u, int64_t id, const struct announce_row *r,
		       int64_t now, struct zerr *e)
{
	char object[32], key[1024], subject[ANNOUNCE_TITLE_MAX + 32];
	snprintf(object, sizeof object, "%lld", (long long)id);
	snprintf(subject, sizeof subject, "【通知公告】%s", r->title);
	int rc = 0;
	FACTS_EACH(f, person, u, pi) {
		const struct person *p = &f->people.v[pi];
		int n = snprintf(key, sizeof key, RULE "|%s/%s|%s|%s|inbox", r->org, object, object, p->id);
		if (n < 0 || (size_t)n >= sizeof key)
			return zerr_set(e, ZE_LIMIT, "announcement %s: the key of %s's copy is too long", object, p->id);
		struct notify_row row = {.key = key, .org = r->org, .rule = RULE, .object = object, .person = p->id,
					 .channel = "inbox", .subject = subject, .body = r->body, .state = "sent",
					 .next_at = now, .created_at = now};
		bool added;
		if ((rc = store_notify_add(s, &row, &added, e)))
			break;
	}
	return rc;
}

static const char *action_of(int64_t id, const char *from, const char *to)
{
	if (!id)
		return !strcmp(to, "published") ? "announcement.publish" : "announcement.add";
	if (strcmp(from, to))
		return !strcmp(to, "published") ? "announcement.publish" : "announcement.withdraw";
	return "announcement.edit";
}

int announce_save(struct store *s, struct change *c, const struct facts *f, zidx u, int64_t *id,
		  const struct announce_in *in, zdate today, int64_t now, struct zerr *e)
{
	char object[300], pub[ZDATE_BUFSZ], exp[ZDATE_BUFSZ];
	struct one was = {.status = "draft"};
	zdate publish_on = today, expires_on = today;
	int days = 30;
	snprintf(object, sizeof object, "%s/announcement/%lld", c->unit ? c->unit : "-", (long long)*id);
	c->action = *id ? "announcement.edit" : "announcement.add";
	c->object = object;
	int rc = !c->unit || !*c->unit ? zerr_set(e, ZE_INVALID, "$.org: 缺少单位 / which unit is missing") : 0;
	if (!rc)
		rc = check_text("title", in->title, ANNOUNCE_TITLE_MAX, false, e);
	if (!rc)
		rc = check_text("body", in->body, ANNOUNCE_BODY_MAX, true, e);
	if (rc) {
		change_refused(s, c, e);
		return rc;
	}
	/* what it was, its transition and its dates are judged inside the transaction that writes it */
	rc = store_begin(s, e);
	if (!rc && *id && !(rc = store_announce_each(s, c->unit, *id, take_one, &was, e)) && !was.found)
		rc = zerr_set(e, ZE_NOTFOUND, "本单位没有这条通知公告 / unit '%s' has no announcement %lld", c->unit,
			      (long long)*id);
	const char *status = in->status && *in->status ? in->status : was.status;
	if (!rc && strcmp(status, "draft") && strcmp(status, "published") && strcmp(status, "withdrawn"))
		rc = zerr_set(e, ZE_INVALID, "$.status: 须为 draft、published 或 withdrawn / must be draft, published or withdrawn");
	if (!rc && !strcmp(was.status, "withdrawn"))
		rc = zerr_set(e, ZE_CONFLICT, "$.status: 已撤回的通知公告不能再修改 / a withdrawn announcement changes no more");
	if (!rc && !strcmp(was.status, "published") && !strcmp(status, "draft"))
		rc = zerr_set(e, ZE_CONFLICT, "$.status: 已发布的通知公告不能改回草稿，可撤回 / a published announcement is "
					      "withdrawn, not made a draft again");
	if (!rc && !*id && !strcmp(status, "withdrawn"))
		rc = zerr_set(e, ZE_INVALID, "$.status: 新的通知公告须为草稿或发布 / a new announcement is a draft or published");
	if (!rc)
		rc = unit_setting_int(s, c->unit, SETTING_ANNOUNCE_DAYS, &days, e);
	if (!rc)
		rc = date_field("publish_on", in->publish_on, today, &publish_on, e);
	if (!rc)
		rc = date_field("expires_on", in->expires_on, publish_on + days - 1, &expires_on, e);
	if (!rc && expires_on < publish_on)
		rc = zerr_set(e, ZE_INVALID, "$.expires_on: 截止日期不能早于发布日期 / must not be before publish_on");
	bool publishing = !strcmp(status, "published") && strcmp(was.status, "published");
	if (!rc && publishing && publish_on > today)
		rc = zerr_set(e, ZE_INVALID, "$.publish_on: 发布日期不能晚于今天，请先保存草稿，到日期再发布 / a "
					     "publish date after today: save a draft and publish it on the day");
	c->action = action_of(*id, was.status, status);
	if (rc)
		return change_finish(s, c, rc, NULL, e);
	struct announce_row r = {.id = *id, .org = c->unit, .title = in->title, .body = in->body, .status = status,
				 .publish_on = date_format(publish_on, pub), .expires_on = date_format(expires_on, exp),
				 .author = c->actor, .created_at = now,
				 .published_at = publishing ? now : was.published_at};
	rc = store_announce_put(s, &r, e);
	if (!rc && publishing)
		rc = send_copies(s, f, u, r.id, &r, now, e);
	*id = r.id;
	snprintf(object, sizeof object, "%s/announcement/%lld", c->unit, (long long)r.id);
	json_t *detail = json_pack("{s:s, s:s, s:s, s:s}", "title", in->title, "status", status, "publish_on", pub,
				   "expires_on", exp);
	if (!rc && !detail)
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	return change_finish(s, c, rc, detail, e);
}

/* ---- reading ---- */

struct copies {
	json_t *by_object; /* announcement id → {"notification", "read"} */
};

static int take_copy(void *ctx, const struct notify_row *r)
{
	struct copies *c = ctx;
	if (!json_object_get(c->by_object, r->object))
		json_object_set_new(c->by_object, r->object,
				    json_pack("{s:I, s:b}", "notification", (json_int_t)r->id, "read", r->read_at != 0));
	return 0;
}

struct listing {
	json_t *items, *copies;
	bool all;
	char today[ZDATE_BUFSZ];
};

static int take_row(void *ctx, const struct announce_row *r)
{
	struct listing *l = ctx;
	bool shown = !strcmp(r->status, "published") && r->publish_on && strcmp(r->publish_on, l->today) <= 0 &&
		     (!r->expires_on || strcmp(l->today, r->expires_on) <= 0);
	if (!l->all && !shown)
		return 0;
	char id[32];
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:s, s:b, s:I, s:o}", "id", (json_int_t)r->id, "title",
			      r->title, "body", r->body, "status", r->status, "publish_on",
			      r->publish_on ? json_string(r->publish_on) : json_null(), "expires_on",
			      r->expires_on ? json_string(r->expires_on) : json_null(), "author", r->author, "shown", shown,
			      "created_at", (json_int_t)r->created_at, "published_at",
			      r->published_at ? json_integer(r->published_at) : json_null());
	if (!o)
		return ZE_NOMEM;
	json_t *copy = l->copies ? json_object_get(l->copies, id) : NULL;
	json_object_set(o, "notification", copy ? json_object_get(copy, "notification") : json_null());
	json_object_set_new(o, "read", json_boolean(copy && json_is_true(json_object_get(copy, "read"))));
	return json_array_append_new(l->items, o) ? ZE_NOMEM : 0;
}

int announce_json(struct store *s, const char *org, bool all, const char *person, zdate today, json_t **out,
		  struct zerr *e)
{
	struct listing l = {json_array(), json_object(), all, ""};
	struct copies c = {l.copies};
	date_format(today, l.today);
	int rc = l.items && l.copies ? 0 : zerr_set(e, ZE_NOMEM, "out of memory");
	if (!rc && person && *person) {
		struct notify_filter nf = {.org = org, .person = person, .channel = "inbox", .rule = RULE};
		rc = store_notify_query(s, &nf, 0, -1, take_copy, &c, NULL, e);
	}
	if (!rc && (rc = store_announce_each(s, org, 0, take_row, &l, e)) == ZE_NOMEM)
		zerr_set(e, ZE_NOMEM, "out of memory");
	json_decref(l.copies);
	*out = rc ? NULL : json_pack("{s:o}", "items", l.items);
	if (rc)
		json_decref(l.items);
	return !rc && !*out ? zerr_set(e, ZE_NOMEM, "out of memory") : rc;
}
