/* Accounts (系统管理员: create, rename, disable, reset passwords, end sessions) and role grants
 * (安全管理员: the roles, who holds which, granting them). 三员 splits the two: whoever creates
 * an account cannot give it power, and whoever gives power cannot create accounts. Four eyes
 * (core/accounts.h): resets (a new account's first password too), disabling a platform account
 * and grants are requests that another administrator approves (/api/v1/account-requests). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "util/clock.h"

static int reply_account(struct http_req *rq, struct http_resp *rs, int status, const char *username)
{
	struct account a;
	struct zerr e = {0};
	if (account_get(rq->w->store, username, &a, &e))
		return http_zerr(rs, &e);
	json_t *j = account_json(&a, clock_now());
	account_release(&a);
	return http_json(rs, status, j);
}

/* Only the members named may be in the body: a misspelt or misplaced one (roles sent to the
 * system administrator's endpoint) is refused rather than ignored. */
static int only_members(struct http_req *rq, struct http_resp *rs, const char *const *allowed, const char *hint)
{
	const char *key;
	if (!json_is_object(rq->json))
		return http_error(rs, 422, "invalid", NULL, "the body must be a JSON object"), 1;
	if ((key = api_unknown_key(rq->json, allowed)))
		return http_error(rs, 422, "invalid", key, "%s: unexpected member%s", key, hint), 1;
	return 0;
}

/* A string member; absent is NULL, present but not a string fills 422 and returns nonzero. */
static int opt_string(struct http_req *rq, struct http_resp *rs, const char *name, const char **out)
{
	json_t *v = json_object_get(rq->json, name);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return http_error(rs, 422, "invalid", name, "%s must be a string", name), 1;
	*out = json_string_value(v);
	return 0;
}

/* ---- accounts: 系统管理员 -------------------------------------------------------------------- */

/* The accounts that pass ?q= ?role= ?disabled=, paged; full rows, or the grants only. */
static int list(struct http_req *rq, struct http_resp *rs, bool grants)
{
	struct page pg;
	struct account *v = NULL;
	size_t n = 0, total = 0;
	struct zerr e = {0};
	const char *q = http_query(rq, "q"), *role_s = http_query(rq, "role");
	int role = -1, disabled;
	if (api_page(rq, rs, &pg) || api_bool_query(rq, rs, "disabled", &disabled))
		return 0;
	if (role_s && (role = role_from_id(role_s)) < 0)
		return http_error(rs, 400, "bad_parameter", "role", "no role '%s'", role_s);
	if (account_list(rq->w->store, &v, &n, &e))
		return http_zerr(rs, &e);
	json_t *items = json_array();
	time_t now = clock_now();
	for (size_t i = 0; items && i < n; i++) {
		const struct account *a = &v[i];
		if (!(api_match(a->username, q) || api_match(a->display_name, q)) ||
		    (role >= 0 && !(a->roles & ROLE_BIT(role))) || (disabled >= 0 && a->disabled != disabled))
			continue;
		if (page_has(&pg, total))
			json_array_append_new(items, grants ? json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:o, s:b}",
									"username", a->username, "display_name",
									a->display_name, "person", a->person, "org",
									a->org, "department", a->department, "roles",
									roles_json(a->roles), "disabled", a->disabled)
							     : account_json(a, now));
		total++;
	}
	account_list_release(v, n);
	return api_paged(rs, items, total, &pg);
}

static int list_accounts(struct http_req *rq, struct http_resp *rs)
{
	return list(rq, rs, false);
}

static int create_account(struct http_req *rq, struct http_resp *rs)
{
	static const char *const allowed[] = {"username", "display_name", "person", NULL};
	const char *user, *display, *person;
	struct zerr e = {0};
	if (only_members(rq, rs, allowed, " (roles are granted by the 安全管理员: PUT /api/v1/accounts/{username}/roles)") ||
	    opt_string(rq, rs, "username", &user) || opt_string(rq, rs, "display_name", &display) ||
	    opt_string(rq, rs, "person", &person))
		return 0;
	if (!user)
		return http_error(rs, 422, "invalid", "username", "username is required");
	if (!display)
		return http_error(rs, 422, "invalid", "display_name", "display_name is required");
	char part[OTP_PART_CHARS + 1];
	int64_t id;
	rs->audited = true; /* done or refused, recorded by the change itself */
	if (account_create_requested(rq->w->store, user, display, person, rq->who->username, rq->who->roles, &id, part,
				     rq->who->username, rq->source, &e))
		return http_zerr(rs, &e);
	struct account a;
	json_t *list = NULL;
	if (account_get(rq->w->store, user, &a, &e) || account_requests_json(rq->w->store, id, NULL, &list, &e)) {
		sodium_memzero(part, sizeof part);
		return http_zerr(rs, &e);
	}
	json_t *j = json_pack("{s:o, s:O, s:s}", "account", account_json(&a, clock_now()), "request",
			      json_array_get(list, 0), "one_time_password_part", part);
	json_decref(list);
	account_release(&a);
	sodium_memzero(part, sizeof part);
	return http_json(rs, 201, j);
}

static int get_account(struct http_req *rq, struct http_resp *rs)
{
	return reply_account(rq, rs, 200, http_param(rq, "username"));
}

/* A request made: 202 with it (and, for a reset, the requester's half of the password). */
static int reply_request(struct http_req *rq, struct http_resp *rs, int64_t id, const char *part)
{
	json_t *list = NULL, *j;
	struct zerr e = {0};
	if (account_requests_json(rq->w->store, id, NULL, &list, &e))
		return http_zerr(rs, &e);
	j = json_pack("{s:O}", "request", json_array_get(list, 0));
	json_decref(list);
	if (j && part)
		json_object_set_new(j, "one_time_password_part", json_string(part));
	return http_json(rs, 202, j);
}

static int update_account(struct http_req *rq, struct http_resp *rs)
{
	static const char *const allowed[] = {"display_name", "disabled", NULL};
	const char *user = http_param(rq, "username"), *display;
	json_t *dis = json_object_get(rq->json, "disabled");
	struct zerr e = {0};
	int64_t id = 0;
	if (only_members(rq, rs, allowed, " (roles are granted by the 安全管理员: PUT /api/v1/accounts/{username}/roles)") ||
	    opt_string(rq, rs, "display_name", &display))
		return 0;
	if (dis && !json_is_boolean(dis))
		return http_error(rs, 422, "invalid", "disabled", "disabled must be true or false");
	if (dis && json_is_true(dis) && strcmp(user, rq->who->username) == 0)
		return http_error(rs, 409, "own_account", "disabled", "不能停用自己的账号 / you cannot disable your own account");
	json_t *detail = json_object();
	if (display)
		json_object_set_new(detail, "display_name", json_string(display));
	if (dis)
		json_object_set_new(detail, "disabled", json_boolean(json_is_true(dis)));
	http_audit(rs, "account.update", user, detail);
	if (display && account_set_display_name(rq->w->store, user, display, NULL, rq->source, &e))
		return http_zerr(rs, &e);
	if (dis && !json_is_true(dis) && account_set_disabled(rq->w->store, user, false, NULL, rq->source, &e))
		return http_zerr(rs, &e);
	/* Disabling a 三员 account is a request (four eyes); a business account's is done at once. */
	if (dis && json_is_true(dis) &&
	    account_request_disable(rq->w->store, user, rq->who->username, rq->who->roles, &id, NULL, rq->source, &e))
		return http_zerr(rs, &e);
	if (id) {
		http_audit(rs, "account.disable.request", user, json_pack("{s:I}", "request", (json_int_t)id));
		return reply_request(rq, rs, id, NULL);
	}
	return reply_account(rq, rs, 200, user);
}

/* A reset is a request: the requester gets half of the one-time password, the approver the
 * other half, and only the account's holder is given both. */
static int reset_password(struct http_req *rq, struct http_resp *rs)
{
	const char *user = http_param(rq, "username");
	char part[OTP_PART_CHARS + 1];
	int64_t id = 0;
	struct zerr e = {0};
	http_audit(rs, "account.reset.request", user, NULL);
	if (account_request_reset(rq->w->store, user, rq->who->username, rq->who->roles, &id, part, NULL, rq->source,
				  &e))
		return http_zerr(rs, &e);
	http_audit(rs, "account.reset.request", user, json_pack("{s:I}", "request", (json_int_t)id));
	int rc = reply_request(rq, rs, id, part);
	sodium_memzero(part, sizeof part);
	return rc;
}

static int revoke_sessions(struct http_req *rq, struct http_resp *rs)
{
	const char *user = http_param(rq, "username");
	struct zerr e = {0};
	http_audit(rs, "session.revoke", user, NULL);
	if (session_revoke_account(rq->w->store, user, NULL, rq->source, &e))
		return http_zerr(rs, &e);
	return http_text(rs, 204, NULL, "", 0);
}

/* ---- roles: 安全管理员 ----------------------------------------------------------------------- */

static const struct {
	const char *zh, *en;
} role_does[ROLE_COUNT] = {
	[ROLE_SYSADMIN] = {"管理账号（创建、停用、重置密码）、系统设置与备份；不授予角色，不看业务数据和审计日志",
			   "manages accounts (create, disable, reset passwords), settings and backups; grants no "
			   "roles, sees no business data nor the audit log"},
	[ROLE_SECADMIN] = {"授予和收回角色、制定安全策略；不创建账号，不看审计日志",
			   "grants and withdraws roles and sets security policies; creates no accounts, does not "
			   "read the audit log"},
	[ROLE_AUDITOR] = {"查看、核验和导出审计日志（含登录日志）；不能修改或删除任何记录",
			  "reads, verifies and exports the audit log (logins included); can alter or delete no "
			  "record"},
	[ROLE_OFFICE] = {"本单位全部数据：查看、录入和修改人员、任职、台账、定期工作、事件与通报",
			 "all of the unit's data: reads and changes people, appointments, registers, duties, "
			 "incidents and notices"},
	[ROLE_LEADER] = {"查看本单位全部数据与检查结果，不修改", "reads all of the unit's data and findings, changes nothing"},
	[ROLE_LIAISON] = {"本部门（含下级部门）的数据：查看并维护", "reads and keeps the data of their department (and those below it)"},
	[ROLE_STAFF] = {"只看与本人有关的任职、职责和待办", "sees only their own appointments, duties and deadlines"},
	[ROLE_SUPERVISOR] = {"查看下级单位的全部数据与汇总排名，向下级单位下发通报并查看其反馈；不修改下级单位的记录",
			     "reads all the data of the units below and their roll-up and ranking, sends notices "
			     "down and sees their feedback; changes none of the units' own records"},
};

static int list_roles(struct http_req *rq, struct http_resp *rs)
{
	(void)rq;
	json_t *a = json_array();
	for (int r = 0; a && r < ROLE_COUNT; r++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b, s:s, s:s}", "id", role_id(r), "name_zh",
						   role_name_zh(r), "name_en", role_name_en(r), "platform",
						   (ROLES_PLATFORM & ROLE_BIT(r)) != 0, "description_zh", role_does[r].zh,
						   "description_en", role_does[r].en));
	return http_json(rs, 200, a ? json_pack("{s:o}", "items", a) : NULL);
}

static int list_grants(struct http_req *rq, struct http_resp *rs)
{
	return list(rq, rs, true);
}

static int set_roles(struct http_req *rq, struct http_resp *rs)
{
	static const char *const allowed[] = {"roles", "department", NULL};
	const char *user = http_param(rq, "username"), *dept;
	json_t *ids = json_object_get(rq->json, "roles"), *id;
	unsigned set = 0;
	size_t i;
	struct zerr e = {0};
	if (only_members(rq, rs, allowed, "") || opt_string(rq, rs, "department", &dept))
		return 0;
	if (!json_is_array(ids))
		return http_error(rs, 422, "invalid", "roles", "roles must be an array of role ids");
	json_array_foreach(ids, i, id) {
		int r = role_from_id(json_string_value(id));
		if (r < 0)
			return http_error(rs, 422, "invalid", "roles", "roles[%zu]: no such role", i);
		set |= ROLE_BIT(r);
	}
	http_audit(rs, "account.roles", user, json_pack("{s:O, s:s?}", "roles", ids, "department", dept));
	if (strcmp(user, rq->who->username) == 0)
		return http_error(rs, 409, "own_roles", "roles", "不能修改自己的角色 / nobody may change their own roles");
	int64_t req = 0;
	int rc = account_request_roles(rq->w->store, user, set, dept, rq->who->username, rq->who->roles, &req, NULL,
				       rq->source, &e);
	if (rc == ZE_CONFLICT)
		return http_error(rs, 409, "separation_of_duties", "roles", "%s", e.msg);
	if (rc)
		return http_zerr(rs, &e);
	if (req) {
		http_audit(rs, "account.roles.request", user,
			   json_pack("{s:O, s:s?, s:I}", "roles", ids, "department", dept, "request", (json_int_t)req));
		return reply_request(rq, rs, req, NULL);
	}
	return reply_account(rq, rs, 200, user);
}

/* ---- four-eyes requests: the three 三员 see them; the approver the request names decides ---- */

static int request_id(struct http_req *rq, struct http_resp *rs, int64_t *id)
{
	const char *s = http_param(rq, "id");
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || v <= 0)
		return http_error(rs, 404, "not_found", NULL, "no such request"), 1;
	*id = v;
	return 0;
}

static int list_requests(struct http_req *rq, struct http_resp *rs)
{
	const char *status = http_query(rq, "status");
	json_t *a = NULL;
	struct zerr e = {0};
	if (status && strcmp(status, "pending") && strcmp(status, "approved") && strcmp(status, "rejected"))
		return http_error(rs, 400, "bad_parameter", "status", "status is pending, approved or rejected");
	if (account_requests_json(rq->w->store, 0, status, &a, &e))
		return http_zerr(rs, &e);
	return http_json(rs, 200, json_pack("{s:o}", "items", a));
}

/* The record names the account the request is about, and the request. */
static void audit_request(struct http_resp *rs, const char *action, json_t *reply, int64_t id)
{
	json_t *req = json_object_get(reply, "request");
	const char *user = json_string_value(json_object_get(req, "username"));
	http_audit(rs, action, user ? user : "-",
		   json_pack("{s:I, s:O?}", "request", (json_int_t)id, "kind", json_object_get(req, "kind")));
}

static int approve_request(struct http_req *rq, struct http_resp *rs)
{
	int64_t id;
	char part[OTP_PART_CHARS + 1];
	struct zerr e = {0};
	if (request_id(rq, rs, &id))
		return 0;
	http_audit(rs, "account.request.approve", http_param(rq, "id"), NULL);
	if (account_request_approve(rq->w->store, id, rq->who->username, rq->who->roles, part, NULL, rq->source, &e))
		return http_zerr(rs, &e);
	json_t *list = NULL;
	if (account_requests_json(rq->w->store, id, NULL, &list, &e)) {
		sodium_memzero(part, sizeof part);
		return http_zerr(rs, &e);
	}
	json_t *j = json_pack("{s:O}", "request", json_array_get(list, 0));
	json_decref(list);
	audit_request(rs, "account.request.approve", j, id);
	if (j && part[0])
		json_object_set_new(j, "one_time_password_part", json_string(part));
	sodium_memzero(part, sizeof part);
	return http_json(rs, 200, j);
}

static int reject_request(struct http_req *rq, struct http_resp *rs)
{
	int64_t id;
	struct zerr e = {0};
	if (request_id(rq, rs, &id))
		return 0;
	http_audit(rs, "account.request.reject", http_param(rq, "id"), NULL);
	if (account_request_reject(rq->w->store, id, rq->who->username, rq->who->roles, NULL, rq->source, &e))
		return http_zerr(rs, &e);
	json_t *list = NULL;
	if (account_requests_json(rq->w->store, id, NULL, &list, &e))
		return http_zerr(rs, &e);
	json_t *j = json_pack("{s:O}", "request", json_array_get(list, 0));
	json_decref(list);
	audit_request(rs, "account.request.reject", j, id);
	return http_json(rs, 200, j);
}

const struct route api_account_routes[] = {
	{HTTP_GET, "/api/v1/accounts", list_accounts, PERM_ACCOUNTS, 0, false},
	{HTTP_POST, "/api/v1/accounts", create_account, PERM_ACCOUNTS, 0, false},
	{HTTP_GET, "/api/v1/accounts/{username}", get_account, PERM_ACCOUNTS, 0, false},
	{HTTP_PATCH, "/api/v1/accounts/{username}", update_account, PERM_ACCOUNTS, 0, false},
	{HTTP_POST, "/api/v1/accounts/{username}/reset-password", reset_password, PERM_ACCOUNTS, 0, false},
	{HTTP_DELETE, "/api/v1/accounts/{username}/sessions", revoke_sessions, PERM_ACCOUNTS, 0, false},
	{HTTP_GET, "/api/v1/roles", list_roles, PERM_SECURITY, 0, false},
	{HTTP_GET, "/api/v1/grants", list_grants, PERM_SECURITY, 0, false},
	{HTTP_PUT, "/api/v1/accounts/{username}/roles", set_roles, PERM_ADMINS, 0, false},
	{HTTP_GET, "/api/v1/account-requests", list_requests, PERM_PLATFORM, 0, false},
	{HTTP_POST, "/api/v1/account-requests/{id}/approve", approve_request, PERM_PLATFORM, 0, false},
	{HTTP_POST, "/api/v1/account-requests/{id}/reject", reject_request, PERM_PLATFORM, 0, false},
	{0, NULL, NULL, 0, 0, false},
};
