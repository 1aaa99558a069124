/* API v1: a unit's 字典管理, 参数设置 and 通知公告 (issue 22). Everyone of the unit reads its
 * dictionary (the forms offer it), its settings and the announcements shown; the office edits
 * them for its own unit. Every write goes through core (dictionary.c, settings.c, announce.c),
 * which audits it in the change's transaction. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/announce.h"
#include "core/dictionary.h"
#include "core/settings.h"
#include "util/clock.h"

/* The {org} of the path, when the account may read it and it exists. */
static const char *readable_unit(struct http_req *rq, struct http_resp *rs)
{
	const char *org = http_param(rq, "org");
	struct unit_view *v;
	struct zerr e = {0};
	if (!org || !scope_unit_readable(rq, org)) {
		http_error(rs, 403, "out_of_scope", NULL, "无权访问单位 %s / unit %s is outside your scope", org ? org : "",
			   org ? org : "");
		return NULL;
	}
	if (view_acquire(rq->w, org, &v, &e)) {
		http_zerr(rs, &e);
		return NULL;
	}
	view_release(v);
	return org;
}

/* The office's own unit ({org} of the path). */
static const char *own_unit(struct http_req *rq, struct http_resp *rs)
{
	const char *org = http_param(rq, "org");
	if (!org || !scope_unit(rq, org) || !scope_whole_unit(rq)) {
		http_error(rs, 403, "out_of_scope", NULL, "只能修改本单位的设置 / only your own unit's");
		return NULL;
	}
	return org;
}

static struct change request_change(struct http_req *rq, const char *org)
{
	return (struct change){.actor = rq->who->username, .source = rq->source, .unit = org};
}

static int body_object(struct http_req *rq, struct http_resp *rs)
{
	if (!rq->json || !json_is_object(rq->json))
		return http_error(rs, 400, "bad_request", NULL, "the body must be a JSON object"), 1;
	return 0;
}

/* ---- 字典管理 ---- */

/* GET …/dictionary[?list=]: every list of the unit, or one. */
static int get_dictionary(struct http_req *rq, struct http_resp *rs)
{
	const char *org = readable_unit(rq, rs), *list = http_query(rq, "list");
	json_t *out;
	struct zerr e = {0};
	if (!org)
		return 0;
	if (list && !dict_list_known(list))
		return http_error(rs, 400, "bad_parameter", "list", "list: no list '%s'", list);
	if (dict_json(rq->w->store, org, list, &out, &e))
		return http_zerr(rs, &e);
	return http_json(rs, 200, out);
}

/* PUT …/dictionary/{list} {value, label, label_en, sort, enabled}: adds or changes one entry. */
static int put_entry(struct http_req *rq, struct http_resp *rs)
{
	const char *org = own_unit(rq, rs);
	struct dict_entry_in in = {.list = http_param(rq, "list"), .sort = 0, .enabled = true};
	if (!org || body_object(rq, rs) || api_body_string(rq, rs, "value", &in.value) ||
	    api_body_string(rq, rs, "label", &in.label) || api_body_string(rq, rs, "label_en", &in.label_en))
		return 0;
	json_t *sort = json_object_get(rq->json, "sort"), *enabled = json_object_get(rq->json, "enabled");
	if (sort && !json_is_integer(sort))
		return http_error(rs, 422, "invalid", "sort", "sort must be an integer");
	if (enabled && !json_is_boolean(enabled))
		return http_error(rs, 422, "invalid", "enabled", "enabled must be true or false");
	in.sort = sort ? (json_integer_value(sort) > INT32_MAX ? -1 : (int)json_integer_value(sort)) : 0;
	in.enabled = !enabled || json_is_true(enabled);
	struct change c = request_change(rq, org);
	struct zerr e = {0};
	json_t *out;
	int rc = dict_put(rq->w->store, &c, &in, &e);
	rs->audited = true;
	if (!rc)
		rc = dict_json(rq->w->store, org, in.list, &out, &e);
	return rc ? http_zerr(rs, &e) : http_json(rs, 200, out);
}

/* ---- 参数设置 ---- */

static int get_settings(struct http_req *rq, struct http_resp *rs)
{
	const char *org = readable_unit(rq, rs);
	json_t *out;
	struct zerr e = {0};
	if (!org)
		return 0;
	if (unit_settings_json(rq->w->store, org, &out, &e))
		return http_zerr(rs, &e);
	return http_json(rs, 200, out);
}

/* PUT …/settings/{key} {value}: one of the office's settings. */
static int put_setting(struct http_req *rq, struct http_resp *rs)
{
	const char *org = own_unit(rq, rs);
	if (!org || body_object(rq, rs))
		return 0;
	struct change c = request_change(rq, org);
	struct zerr e = {0};
	json_t *out;
	int rc = unit_setting_set(rq->w->store, &c, http_param(rq, "key"), json_object_get(rq->json, "value"), &e);
	rs->audited = true;
	if (!rc)
		rc = unit_settings_json(rq->w->store, org, &out, &e);
	return rc ? http_zerr(rs, &e) : http_json(rs, 200, out);
}

/* ---- 通知公告 ---- */

/* GET …/announcements[?all=true&as_of=]: those shown on the day, with the reader's copy in the
 * bell; all=true (the office's own unit only): every one, drafts and withdrawn too. */
static int list_announcements(struct http_req *rq, struct http_resp *rs)
{
	const char *org = readable_unit(rq, rs);
	int all = 0;
	zdate as_of;
	json_t *out;
	struct zerr e = {0};
	if (!org || api_as_of(rq, rs, &as_of) || api_bool_query(rq, rs, "all", &all))
		return 0;
	all = all == 1;
	if (all && !(has_role(rq, ROLE_OFFICE) && scope_unit(rq, org)))
		return http_error(rs, 403, "out_of_scope", "all", "只有本单位网信办可以查看草稿 / only the unit's office sees drafts");
	if (announce_json(rq->w->store, org, all, scope_unit(rq, org) ? rq->who->person : NULL, as_of, &out, &e))
		return http_zerr(rs, &e);
	return http_json(rs, 200, out);
}

static int save_announcement(struct http_req *rq, struct http_resp *rs, int64_t id)
{
	const char *org = own_unit(rq, rs);
	struct announce_in in = {0};
	zdate today;
	if (!org || body_object(rq, rs) || api_as_of(rq, rs, &today) || api_body_string(rq, rs, "title", &in.title) ||
	    api_body_string(rq, rs, "body", &in.body) || api_body_string(rq, rs, "status", &in.status) ||
	    api_body_string(rq, rs, "publish_on", &in.publish_on) || api_body_string(rq, rs, "expires_on", &in.expires_on))
		return 0;
	struct unit_view *v;
	struct zerr e = {0};
	if (view_acquire(rq->w, org, &v, &e))
		return http_zerr(rs, &e);
	struct change c = request_change(rq, org);
	int rc = announce_save(rq->w->store, &c, &v->facts, v->org, &id, &in, today, (int64_t)clock_now(), &e);
	view_release(v);
	rs->audited = true;
	if (rc)
		return http_zerr(rs, &e);
	json_t *all;
	if (announce_json(rq->w->store, org, true, NULL, today, &all, &e))
		return http_zerr(rs, &e);
	json_t *found = NULL, *it;
	size_t i;
	json_array_foreach(json_object_get(all, "items"), i, it)
		if (json_integer_value(json_object_get(it, "id")) == id)
			found = json_incref(it);
	json_decref(all);
	return http_json(rs, rq->method == HTTP_POST ? 201 : 200, found ? found : json_object());
}

static int post_announcement(struct http_req *rq, struct http_resp *rs)
{
	return save_announcement(rq, rs, 0);
}

static int put_announcement(struct http_req *rq, struct http_resp *rs)
{
	const char *s = http_param(rq, "id");
	char *end;
	long long id = s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || id < 1)
		return http_error(rs, 404, "not_found", "id", "no announcement '%s'", s ? s : "");
	return save_announcement(rq, rs, id);
}

const struct route api_unitconf_routes[] = {
	{HTTP_GET, "/api/v1/units/{org}/dictionary", get_dictionary, PERM_READ, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/dictionary/{list}", put_entry, PERM_OFFICE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/settings", get_settings, PERM_READ, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/settings/{key}", put_setting, PERM_OFFICE, 0, false},
	{HTTP_GET, "/api/v1/units/{org}/announcements", list_announcements, PERM_READ, 0, false},
	{HTTP_POST, "/api/v1/units/{org}/announcements", post_announcement, PERM_OFFICE, 0, false},
	{HTTP_PUT, "/api/v1/units/{org}/announcements/{id}", put_announcement, PERM_OFFICE, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
