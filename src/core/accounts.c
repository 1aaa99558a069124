/* Accounts over the store, with 三员 applied here, every change recorded in the audit log, and
 * the four-eyes requests. Roles, passwords and sessions have files of their own. */
#include "core/account_internal.h"

#include <ctype.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "util/strbuf.h"
#include "util/clock.h"
#include "util/strlist.h"

int accounts_nomem(struct zerr *e)
{
	return zerr_set(e, ZE_NOMEM, "out of memory");
}
void account_release(struct account *a)
{
	if (!a)
		return;
	free(a->username);
	free(a->display_name);
	free(a->person);
	free(a->org);
	free(a->department);
	free(a->calendar_token);
	memset(a, 0, sizeof *a);
}
void account_list_release(struct account *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		account_release(&v[i]);
	free(v);
}
static int account_from_row(const struct account_row *r, struct account *a)
{
	bool failed = false;
	memset(a, 0, sizeof *a);
	a->id = r->id;
	a->username = dup_or_null(r->username, &failed);
	a->display_name = dup_or_null(r->display_name, &failed);
	a->person = dup_or_null(r->person, &failed);
	a->org = dup_or_null(r->org, &failed);
	a->department = dup_or_null(r->department, &failed);
	a->calendar_token = dup_or_null(r->calendar_token, &failed);
	a->roles = roles_parse(r->roles);
	a->must_change = r->must_change;
	a->disabled = r->disabled;
	a->failures = r->failures;
	a->locked_until = (time_t)r->locked_until;
	a->created_at = (time_t)r->created_at;
	a->password_changed_at = (time_t)r->password_changed_at;
	a->last_login_at = (time_t)r->last_login_at;
	if (failed) {
		account_release(a);
		return ZE_NOMEM;
	}
	return 0;
}

/* One account as read for a change: the struct and the password hash. */
static int load_row(void *ctx, const struct account_row *r)
{
	struct loaded *l = ctx;
	if (account_from_row(r, &l->a))
		return ZE_NOMEM;
	snprintf(l->hash, sizeof l->hash, "%s", r->password_hash);
	l->found = true;
	return 0;
}

/* The row of the account as it will be written back. */
static struct account_row row_of(const struct loaded *l)
{
	const struct account *a = &l->a;
	return (struct account_row){
		.id = a->id,
		.username = a->username,
		.display_name = a->display_name,
		.person = a->person,
		.department = a->department,
		.password_hash = l->hash,
		.calendar_token = a->calendar_token,
		.must_change = a->must_change,
		.disabled = a->disabled,
		.failures = a->failures,
		.locked_until = a->locked_until,
		.created_at = a->created_at,
		.password_changed_at = a->password_changed_at,
		.last_login_at = a->last_login_at,
	};
}
int account_load_by(struct store *s, enum account_key key, const char *text, int64_t id, struct loaded *l,
		   struct zerr *e)
{
	memset(l, 0, sizeof *l);
	int rc = store_account_each(s, key, text, id, load_row, l, e);
	if (rc == ZE_NOMEM)
		return accounts_nomem(e);
	if (rc)
		return rc;
	if (!l->found)
		return key == ACCOUNT_BY_NAME
			       ? zerr_set(e, ZE_NOTFOUND, "没有账号 %s / no account '%s'", text ? text : "", text ? text : "")
			       : zerr_set(e, ZE_NOTFOUND, "no such account");
	return 0;
}
void account_loaded_release(struct loaded *l)
{
	account_release(&l->a);
	sodium_memzero(l->hash, sizeof l->hash);
}

/* ---- the audit log -------------------------------------------------------------------------- */

static char *detail_text(json_t *detail)
{
	return detail ? json_dumps(detail, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
}

/* Ends a change: rc 0 means its transaction is open with the change made, and the record of it
 * goes into that transaction before the commit, so neither is kept without the other. Else
 * (refused before or after store_begin) the transaction rolls back and the refusal, with the
 * reason from e, is recorded on its own. With actor NULL nothing is recorded (the caller does).
 * Steals detail; returns rc, or why the change could not be committed with its record. */
int account_finish(struct store *s, const char *actor, const char *source, const char *action, const char *object,
		  int rc, json_t *detail, struct zerr *e)
{
	char *text = NULL;
	if (actor && !detail)
		detail = json_object();
	if (!rc && actor)
		rc = (text = detail_text(detail)) ? audit_append_in(s, actor, source, action, object, true, text, e)
						  : accounts_nomem(e);
	if (!rc)
		rc = store_commit(s, e);
	if (rc) {
		store_rollback(s);
		if (actor && detail && !json_object_set_new(detail, "error", json_string(e->msg))) {
			free(text);
			if ((text = detail_text(detail)))
				audit_append(s, actor, source, action, object, false, text, &(struct zerr){0});
		}
	}
	free(text);
	json_decref(detail);
	return rc;
}

/* ISO 8601 UTC; null for 0 (never). */
static json_t *time_json(time_t t)
{
	char buf[32];
	struct tm tm;
	if (!t)
		return json_null();
	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}
json_t *account_json(const struct account *a, time_t now)
{
	bool locked = a->locked_until > now;
	return json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:o, s:b, s:b, s:b, s:i, s:o, s:o, s:o, s:o}", "username",
			 a->username, "display_name", a->display_name, "person", a->person, "org", a->org, "department",
			 a->department, "roles", roles_json(a->roles), "must_change_password", a->must_change,
			 "disabled", a->disabled, "locked", locked, "failures", a->failures, "locked_until",
			 time_json(locked ? a->locked_until : 0), "created_at", time_json(a->created_at),
			 "password_changed_at", time_json(a->password_changed_at), "last_login_at",
			 time_json(a->last_login_at));
}

/* ---- accounts ------------------------------------------------------------------------------- */

int account_check_username(const char *u, struct zerr *e)
{
	size_t n = u ? strlen(u) : 0;
	bool ok = n >= 2 && n <= ACCOUNT_USERNAME_MAX && isalnum((unsigned char)u[0]);
	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)u[i]) || strchr("._-", u[i]);
	if (!ok)
		return zerr_set(e, ZE_INVALID,
				"用户名须为 2-%d 个字母、数字或 . _ -，以字母或数字开头 / a username is 2-%d letters, "
				"digits, '.', '_' or '-', starting with a letter or digit: '%s'",
				ACCOUNT_USERNAME_MAX, ACCOUNT_USERNAME_MAX, u ? u : "");
	return 0;
}
static int check_display_name(const char *d, struct zerr *e)
{
	size_t n = d ? strlen(d) : 0;
	if (n == 0 || n > DISPLAY_NAME_MAX || !utf8_valid(d, n))
		return zerr_set(e, ZE_INVALID, "显示名称须为 1-%d 字节的文本 / the display name must be 1-%d bytes of text",
				DISPLAY_NAME_MAX, DISPLAY_NAME_MAX);
	return 0;
}
int roles_acceptable(struct store *s, unsigned set, const char *person, const char *department, struct zerr *e)
{
	char *porg = NULL, *pname = NULL, *dorg = NULL;
	int rc = 0;
	unsigned platform = set & ROLES_PLATFORM, business = set & ~ROLES_PLATFORM;
	if (set & ~((1u << ROLE_COUNT) - 1))
		return zerr_set(e, ZE_INVALID, "unknown role");
	if (platform & (platform - 1)) {
		int a = 0, b;
		while (!(platform & ROLE_BIT(a)))
			a++;
		for (b = a + 1; !(platform & ROLE_BIT(b)); b++)
			;
		return zerr_set(e, ZE_CONFLICT,
				"三员分立：同一账号不能同时担任%s和%s / separation of duties: one account cannot be both "
				"%s and %s",
				role_name_zh(a), role_name_zh(b), role_name_en(a), role_name_en(b));
	}
	if (platform && business) {
		int a = 0, b = 0;
		while (!(platform & ROLE_BIT(a)))
			a++;
		while (!(business & ROLE_BIT(b)))
			b++;
		return zerr_set(e, ZE_CONFLICT,
				"三员分立：%s不能兼任业务角色（%s） / separation of duties: the %s role excludes "
				"business roles (%s)",
				role_name_zh(a), role_name_zh(b), role_name_en(a), role_id(b));
	}
	/* A supervisor reads whole units; mixed with a role confined to a department or a person
	 * it would widen that role in the account's own unit. */
	if ((set & ROLE_BIT(ROLE_SUPERVISOR)) && (set & (ROLE_BIT(ROLE_LIAISON) | ROLE_BIT(ROLE_STAFF))))
		return zerr_set(e, ZE_CONFLICT,
				"上级主管部门角色不能与部门网络安全员或普通人员兼任 / the supervisor role excludes the "
				"liaison and staff roles");
	if (business && !person)
		return zerr_set(e, ZE_INVALID,
				"业务角色须关联人员 / business roles need the account to be linked to a person");
	if (department && !(set & ROLE_BIT(ROLE_LIAISON)))
		return zerr_set(e, ZE_INVALID,
				"只有部门网络安全员才指定部门 / a department is given only with the liaison role");
	if ((set & ROLE_BIT(ROLE_LIAISON)) && !department)
		return zerr_set(e, ZE_INVALID,
				"部门网络安全员须指定部门 / the liaison role needs a department");
	if (person && (rc = store_person_brief(s, person, &pname, &porg, e)))
		goto out;
	if (department) {
		if ((rc = store_dept_org(s, department, &dorg, e)))
			goto out;
		if (!porg || strcmp(porg, dorg) != 0)
			rc = zerr_set(e, ZE_INVALID,
				      "部门 %s 不属于该人员所在单位 / department '%s' is not of the person's unit", department,
				      department);
	}
out:
	free(pname);
	free(porg);
	free(dorg);
	return rc;
}
static void role_ids(unsigned set, const char *ids[ROLE_COUNT], size_t *n)
{
	*n = 0;
	for (int r = 0; r < ROLE_COUNT; r++)
		if (set & ROLE_BIT(r))
			ids[(*n)++] = role_id(r);
}

/* Checks and inserts the account with its roles, leaving the transaction open for account_finish().
 * The password is hashed before the transaction begins: it takes a while, and others wait
 * for the transaction. */
static int create(struct store *s, const char *username, const char *display_name, const char *person,
		  unsigned set, const char *department, const char *password, bool must_change, struct zerr *e)
{
	char hash[crypto_pwhash_STRBYTES];
	const char *ids[ROLE_COUNT];
	size_t n;
	int64_t id;
	time_t now = clock_now();
	struct account_row row = {.username = username, .display_name = display_name, .person = person,
				  .department = department, .password_hash = hash, .must_change = must_change,
				  .created_at = now, .password_changed_at = now};
	int rc;
	role_ids(set, ids, &n);
	if (!(rc = sodium_ready(e)) && !(rc = account_check_username(username, e)) &&
	    !(rc = check_display_name(display_name, e)) && !(rc = roles_acceptable(s, set, person, department, e)) &&
	    !(rc = hash_password(password, hash, e)) && !(rc = store_begin(s, e)) &&
	    !(rc = store_account_insert(s, &row, &id, e)))
		rc = store_account_set_roles(s, id, ids, n, e);
	sodium_memzero(hash, sizeof hash);
	return rc;
}
int account_create(struct store *s, const char *username, const char *display_name, const char *person,
		   unsigned set, const char *department, char otp[ONE_TIME_PASSWORD_CHARS + 1], const char *actor,
		   const char *source, struct zerr *e)
{
	int rc = sodium_ready(e);
	otp[0] = '\0';
	if (!rc) {
		one_time_password(otp);
		rc = create(s, username, display_name, person, set, department, otp, true, e);
	}
	json_t *d = json_pack("{s:s?, s:s?, s:o, s:s?}", "display_name", display_name, "person", person, "roles",
			      roles_json(set), "department", department);
	if ((rc = account_finish(s, actor, source, "account.create", username, rc, d, e)))
		sodium_memzero(otp, ONE_TIME_PASSWORD_CHARS + 1);
	return rc;
}
int account_create_with_password(struct store *s, const char *username, const char *display_name,
				 const char *person, unsigned set, const char *department, const char *password,
				 bool must_change, const char *actor, const char *source, struct zerr *e)
{
	char *name = NULL, *org = NULL;
	int rc = 0;
	/* An unknown person is reported by the role check in create(), with the others. */
	if (!(person && (rc = store_person_brief(s, person, &name, &org, e)) && rc != ZE_NOTFOUND) &&
	    !(rc = password_acceptable(password, username, name, e)))
		rc = create(s, username, display_name, person, set, department, password, must_change, e);
	free(name);
	free(org);
	json_t *d = json_pack("{s:s?, s:s?, s:o, s:s?, s:b}", "display_name", display_name, "person", person, "roles",
			      roles_json(set), "department", department, "must_change", must_change);
	return account_finish(s, actor, source, "account.create", username, rc, d, e);
}
struct list_ctx {
	struct account *v;
	size_t n, cap;
};
static int list_row(void *ctx, const struct account_row *r)
{
	struct list_ctx *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct account *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return ZE_NOMEM;
		l->v = v;
		l->cap = cap;
	}
	if (account_from_row(r, &l->v[l->n]))
		return ZE_NOMEM;
	l->n++;
	return 0;
}
int account_list(struct store *s, struct account **out, size_t *n, struct zerr *e)
{
	struct list_ctx l = {0};
	int rc = store_account_each(s, ACCOUNT_ALL, NULL, 0, list_row, &l, e);
	if (rc) {
		account_list_release(l.v, l.n);
		return rc == ZE_NOMEM ? accounts_nomem(e) : rc;
	}
	*out = l.v;
	*n = l.n;
	return 0;
}
int account_get(struct store *s, const char *username, struct account *out, struct zerr *e)
{
	struct loaded l;
	int rc = account_load_by(s, ACCOUNT_BY_NAME, username, 0, &l, e);
	if (rc) {
		account_loaded_release(&l);
		return rc;
	}
	*out = l.a;
	sodium_memzero(l.hash, sizeof l.hash);
	return 0;
}
int account_verify_password(struct store *s, const char *username, const char *password, struct zerr *e)
{
	struct loaded l = {0};
	int rc = sodium_ready(e);
	if (!rc && !(rc = account_load_by(s, ACCOUNT_BY_NAME, username, 0, &l, e)) &&
	    !password_matches(l.hash, password ? password : ""))
		rc = zerr_set(e, ZE_INVALID, "密码错误 / wrong password");
	account_loaded_release(&l);
	return rc;
}

int account_change(struct store *s, const char *username, account_change_fn fn, void *arg, struct zerr *e)
{
	struct loaded l = {0};
	int rc;
	if (!(rc = store_begin(s, e)) && !(rc = account_load_by(s, ACCOUNT_BY_NAME, username, 0, &l, e)) &&
	    !(rc = fn(s, &l, arg, e))) {
		struct account_row row = row_of(&l);
		rc = store_account_update(s, &row, e);
	}
	account_loaded_release(&l);
	return rc;
}
struct password_change {
	const char *password;
	bool force;
	const char *keep;
};
static int set_password(struct store *s, struct loaded *l, void *arg, struct zerr *e)
{
	const struct password_change *pc = arg;
	char *name = NULL, *org = NULL;
	int rc = 0;
	if (l->a.person && (rc = store_person_brief(s, l->a.person, &name, &org, e)) && rc != ZE_NOTFOUND)
		return rc;
	rc = password_acceptable(pc->password, l->a.username, name, e);
	free(name);
	free(org);
	if (!rc && password_matches(l->hash, pc->password))
		rc = zerr_set(e, ZE_INVALID, "新密码不能与原密码相同 / the new password must differ from the old one");
	if (rc || (rc = hash_password(pc->password, l->hash, e)))
		return rc;
	l->a.must_change = pc->force;
	l->a.password_changed_at = clock_now();
	l->a.failures = 0;
	l->a.locked_until = 0;
	return store_session_delete_account(s, l->a.id, pc->keep, NULL, e);
}
int account_set_password(struct store *s, const char *username, const char *password, bool force_change,
			 const char *keep_session, const char *actor, const char *source, struct zerr *e)
{
	struct password_change pc = {password ? password : "", force_change, keep_session};
	int rc = sodium_ready(e);
	if (!rc)
		rc = account_change(s, username, set_password, &pc, e);
	return account_finish(s, actor, source, "account.password", username, rc, json_pack("{s:b}", "must_change", force_change), e);
}

/* arg is the new hash, made before the transaction (see create()). */
static int reset_password(struct store *s, struct loaded *l, void *arg, struct zerr *e)
{
	snprintf(l->hash, sizeof l->hash, "%s", (const char *)arg);
	l->a.must_change = true;
	l->a.password_changed_at = clock_now();
	l->a.failures = 0;
	l->a.locked_until = 0;
	return store_session_delete_account(s, l->a.id, NULL, NULL, e);
}
int account_reset_password(struct store *s, const char *username, char otp[ONE_TIME_PASSWORD_CHARS + 1],
			   const char *actor, const char *source, struct zerr *e)
{
	char hash[crypto_pwhash_STRBYTES];
	int rc = sodium_ready(e);
	otp[0] = '\0';
	if (!rc) {
		one_time_password(otp);
		if (!(rc = hash_password(otp, hash, e)))
			rc = account_change(s, username, reset_password, hash, e);
		sodium_memzero(hash, sizeof hash);
	}
	if ((rc = account_finish(s, actor, source, "account.reset", username, rc, NULL, e)))
		sodium_memzero(otp, ONE_TIME_PASSWORD_CHARS + 1);
	return rc;
}
static int set_disabled(struct store *s, struct loaded *l, void *arg, struct zerr *e)
{
	l->a.disabled = *(const bool *)arg;
	if (l->a.disabled)
		return store_session_delete_account(s, l->a.id, NULL, NULL, e);
	/* Enabling also lifts the sign-in locks of the name, from every source. */
	l->a.failures = 0;
	l->a.locked_until = 0;
	return store_throttle_clear(s, l->a.username, 0, e);
}
int account_set_disabled(struct store *s, const char *username, bool disabled, const char *actor,
			 const char *source, struct zerr *e)
{
	int rc = account_change(s, username, set_disabled, &disabled, e);
	return account_finish(s, actor, source, disabled ? "account.disable" : "account.enable", username, rc, NULL, e);
}
/* *field becomes a copy of text (NULL: none), the old one released. */
static int replace_text(char **field, const char *text, struct zerr *e)
{
	char *copy = text ? strdup(text) : NULL;
	if (text && !copy)
		return accounts_nomem(e);
	free(*field);
	*field = copy;
	return 0;
}
static int set_display_name(struct store *s, struct loaded *l, void *arg, struct zerr *e)
{
	return replace_text(&l->a.display_name, arg, e);
}
int account_set_display_name(struct store *s, const char *username, const char *display_name, const char *actor,
			     const char *source, struct zerr *e)
{
	int rc = check_display_name(display_name, e);
	if (!rc)
		rc = account_change(s, username, set_display_name, (void *)display_name, e);
	return account_finish(s, actor, source, "account.update", username, rc, json_pack("{s:s?}", "display_name", display_name),
		      e);
}
struct role_change {
	unsigned set;
	const char *department;
	unsigned before;
};
static int set_roles(struct store *s, struct loaded *l, void *arg, struct zerr *e)
{
	struct role_change *c = arg;
	const char *ids[ROLE_COUNT];
	size_t n;
	int rc;
	c->before = l->a.roles;
	if ((rc = roles_acceptable(s, c->set, l->a.person, c->department, e)))
		return rc;
	if ((rc = replace_text(&l->a.department, c->department, e)))
		return rc;
	role_ids(c->set, ids, &n);
	return store_account_set_roles(s, l->a.id, ids, n, e);
}
int account_set_roles(struct store *s, const char *username, unsigned set, const char *department,
		      const char *actor, const char *source, struct zerr *e)
{
	struct role_change c = {set, department, 0};
	int rc = account_change(s, username, set_roles, &c, e);
	json_t *d = json_pack("{s:o, s:o, s:s?}", "from", roles_json(c.before), "to", roles_json(set), "department",
			      department);
	return account_finish(s, actor, source, "account.roles", username, rc, d, e);
}
static int new_calendar_token(struct store *s, struct loaded *l, void *arg, struct zerr *e)
{
	return replace_text(&l->a.calendar_token, arg, e);
}
int account_new_calendar_token(struct store *s, const char *username, char token[SESSION_TOKEN_CHARS + 1],
			       const char *actor, const char *source, struct zerr *e)
{
	int rc = sodium_ready(e);
	token[0] = '\0';
	if (!rc) {
		random_token(token);
		rc = account_change(s, username, new_calendar_token, token, e);
	}
	if ((rc = account_finish(s, actor, source, "account.calendar_token", username, rc, NULL, e)))
		token[0] = '\0';
	return rc;
}
void account_fill_principal(const struct account *a, struct principal *p)
{
	memset(p, 0, sizeof *p);
	p->account_id = a->id;
	snprintf(p->username, sizeof p->username, "%s", a->username);
	snprintf(p->person, sizeof p->person, "%s", a->person ? a->person : "");
	snprintf(p->org, sizeof p->org, "%s", a->org ? a->org : "");
	snprintf(p->department, sizeof p->department, "%s", a->department ? a->department : "");
	p->roles = a->roles;
	p->must_change = a->must_change;
}
int account_by_calendar_token(struct store *s, const char *token, struct principal *out, struct zerr *e)
{
	struct loaded l;
	if (!token_wellformed(token))
		return zerr_set(e, ZE_NOTFOUND, "no such calendar");
	int rc = account_load_by(s, ACCOUNT_BY_CALENDAR, token, 0, &l, e);
	if (!rc && l.a.disabled)
		rc = zerr_set(e, ZE_NOTFOUND, "no such calendar");
	if (rc == ZE_NOTFOUND)
		zerr_set(e, ZE_NOTFOUND, "no such calendar");
	if (!rc)
		account_fill_principal(&l.a, out);
	account_loaded_release(&l);
	return rc;
}
int accounts_bootstrap(struct store *s, char otp[3][ONE_TIME_PASSWORD_CHARS + 1], bool *created, const char *actor,
		       const char *source, struct zerr *e)
{
	static const int platform[3] = {ROLE_SYSADMIN, ROLE_SECADMIN, ROLE_AUDITOR};
	int rc = 0;
	*created = false;
	for (int i = 0; i < 3; i++)
		otp[i][0] = '\0';
	for (int i = 0; i < 3 && !rc; i++) {
		struct account a;
		const char *name = role_id(platform[i]);
		rc = account_get(s, name, &a, e);
		if (!rc) {
			account_release(&a);
			continue;
		}
		if (rc != ZE_NOTFOUND)
			break;
		rc = account_create(s, name, role_name_zh(platform[i]), NULL, ROLE_BIT(platform[i]), NULL, otp[i], actor,
				    source, e);
		*created = *created || !rc;
	}
	return rc;
}

/* ---- four eyes ------------------------------------------------------------------------------ */

unsigned account_request_approvers(unsigned target_roles, unsigned requester_roles)
{
	return ((target_roles | requester_roles) & ROLE_BIT(ROLE_SECADMIN)) ? ROLE_BIT(ROLE_AUDITOR)
									  : ROLE_BIT(ROLE_SECADMIN);
}

/* The roles of the account named by (none for "cli:…" or an account gone). */
static unsigned roles_of(struct store *s, const char *username)
{
	struct loaded l;
	unsigned r = 0;
	if (username && !account_load_by(s, ACCOUNT_BY_NAME, username, 0, &l, NULL))
		r = l.a.roles;
	account_loaded_release(&l);
	return r;
}

/* One request as read, its strings copied. */
struct request {
	int64_t id, account;
	char kind[16], status[16];
	char username[ACCOUNT_USERNAME_MAX + 1];
	char requested_by[ACCOUNT_USERNAME_MAX + 64];
	char roles[128], department[201];
	bool has_department;
	char hash[crypto_pwhash_STRBYTES];
	char part[OTP_PART_CHARS + 1];
	bool found;
};
static int request_row(void *ctx, const struct request_row *r)
{
	struct request *q = ctx;
	q->id = r->id;
	q->account = r->account;
	snprintf(q->kind, sizeof q->kind, "%s", r->kind ? r->kind : "");
	snprintf(q->status, sizeof q->status, "%s", r->status ? r->status : "");
	snprintf(q->username, sizeof q->username, "%s", r->username ? r->username : "");
	snprintf(q->requested_by, sizeof q->requested_by, "%s", r->requested_by ? r->requested_by : "");
	snprintf(q->roles, sizeof q->roles, "%s", r->roles ? r->roles : "");
	snprintf(q->department, sizeof q->department, "%s", r->department ? r->department : "");
	q->has_department = r->department != NULL;
	snprintf(q->hash, sizeof q->hash, "%s", r->password_hash ? r->password_hash : "");
	snprintf(q->part, sizeof q->part, "%s", r->approver_part ? r->approver_part : "");
	q->found = true;
	return 0;
}
static int request_get(struct store *s, int64_t id, struct request *q, struct zerr *e)
{
	memset(q, 0, sizeof *q);
	int rc = store_request_each(s, id, NULL, request_row, q, e);
	if (!rc && !q->found)
		rc = zerr_set(e, ZE_NOTFOUND, "没有请求 %lld / no request %lld", (long long)id, (long long)id);
	return rc;
}
static void request_wipe(struct request *q)
{
	sodium_memzero(q->hash, sizeof q->hash);
	sodium_memzero(q->part, sizeof q->part);
}

/* Nobody asks about their own account. */
static int not_own(const char *username, const char *by, struct zerr *e)
{
	if (by && strcmp(username, by) == 0)
		return zerr_set(e, ZE_DENIED, "不能对自己的账号提出请求 / nobody may ask this for their own account");
	return 0;
}
struct asking {
	struct request_row row;
	const char *by;
	unsigned by_roles;
	int64_t id;
};

/* Inserts the request about l, leaving the transaction open. */
static int ask(struct store *s, struct loaded *l, void *arg, struct zerr *e)
{
	struct asking *a = arg;
	int rc = not_own(l->a.username, a->by, e);
	if (rc)
		return rc;
	a->row.account = l->a.id;
	a->row.requested_by = a->by;
	a->row.requested_at = clock_now();
	return store_request_insert(s, &a->row, &a->id, e);
}
int account_request_reset(struct store *s, const char *username, const char *by, unsigned by_roles, int64_t *id,
			  char part[OTP_PART_CHARS + 1], const char *actor, const char *source, struct zerr *e)
{
	char otp[ONE_TIME_PASSWORD_CHARS + 1], hash[crypto_pwhash_STRBYTES];
	struct asking a = {.row = {.kind = "reset", .password_hash = hash, .approver_part = otp + OTP_PART_CHARS},
			   .by = by, .by_roles = by_roles};
	int rc = sodium_ready(e);
	part[0] = '\0';
	*id = 0;
	if (!rc) {
		one_time_password(otp);
		if (!(rc = hash_password(otp, hash, e)))
			rc = account_change(s, username, ask, &a, e);
	}
	rc = account_finish(s, actor, source, "account.reset.request", username, rc,
		    a.id ? json_pack("{s:I}", "request", (json_int_t)a.id) : NULL, e);
	if (!rc) {
		memcpy(part, otp, OTP_PART_CHARS);
		part[OTP_PART_CHARS] = '\0';
		*id = a.id;
	}
	sodium_memzero(otp, sizeof otp);
	sodium_memzero(hash, sizeof hash);
	return rc;
}
int account_create_requested(struct store *s, const char *username, const char *display_name, const char *person,
			     const char *by, unsigned by_roles, int64_t *id, char part[OTP_PART_CHARS + 1],
			     const char *actor, const char *source, struct zerr *e)
{
	char made[ONE_TIME_PASSWORD_CHARS + 1], otp[ONE_TIME_PASSWORD_CHARS + 1], hash[crypto_pwhash_STRBYTES];
	struct asking a = {.row = {.kind = "reset", .password_hash = hash, .approver_part = otp + OTP_PART_CHARS},
			   .by = by, .by_roles = by_roles};
	struct loaded l = {0};
	int rc = sodium_ready(e);
	part[0] = '\0';
	*id = 0;
	if (!rc) {
		one_time_password(made); /* thrown away: the request's password replaces it */
		one_time_password(otp);
		if (!(rc = hash_password(otp, hash, e)) &&
		    !(rc = create(s, username, display_name, person, 0, NULL, made, true, e)) &&
		    !(rc = account_load_by(s, ACCOUNT_BY_NAME, username, 0, &l, e)))
			rc = ask(s, &l, &a, e);
		account_loaded_release(&l);
	}
	rc = account_finish(s, actor, source, "account.create", username, rc,
			    json_pack("{s:s?, s:s?, s:I}", "display_name", display_name, "person", person, "request",
				      (json_int_t)a.id),
			    e);
	if (!rc) {
		memcpy(part, otp, OTP_PART_CHARS);
		part[OTP_PART_CHARS] = '\0';
		*id = a.id;
	}
	sodium_memzero(made, sizeof made);
	sodium_memzero(otp, sizeof otp);
	sodium_memzero(hash, sizeof hash);
	return rc;
}
int account_request_disable(struct store *s, const char *username, const char *by, unsigned by_roles, int64_t *id,
			    const char *actor, const char *source, struct zerr *e)
{
	struct asking a = {.row = {.kind = "disable"}, .by = by, .by_roles = by_roles};
	*id = 0;
	int rc = not_own(username, by, e);
	if (rc)
		return account_finish(s, actor, source, "account.disable", username, rc, NULL, e);
	if (!(roles_of(s, username) & ROLES_PLATFORM))
		return account_set_disabled(s, username, true, actor, source, e);
	rc = account_change(s, username, ask, &a, e);
	rc = account_finish(s, actor, source, "account.disable.request", username, rc,
		    a.id ? json_pack("{s:I}", "request", (json_int_t)a.id) : NULL, e);
	if (!rc)
		*id = a.id;
	return rc;
}
int account_request_roles(struct store *s, const char *username, unsigned set, const char *department,
			  const char *by, unsigned by_roles, int64_t *id, const char *actor, const char *source,
			  struct zerr *e)
{
	char ids[128];
	struct asking a = {.row = {.kind = "roles", .roles = roles_format(set, ids, sizeof ids), .department = department},
			   .by = by, .by_roles = by_roles};
	struct account cur;
	int rc;
	*id = 0;
	if ((rc = not_own(username, by, e)) || (rc = account_get(s, username, &cur, e)))
		return account_finish(s, actor, source, "account.roles", username, rc, NULL, e);
	bool withdraw_only = !(set & ~cur.roles) &&
			     (!department || (cur.department && strcmp(department, cur.department) == 0));
	rc = roles_acceptable(s, set, cur.person, department, e);
	account_release(&cur);
	if (!rc && withdraw_only)
		return account_set_roles(s, username, set, department, actor, source, e);
	if (!rc)
		rc = account_change(s, username, ask, &a, e);
	json_t *d = json_pack("{s:o, s:s?}", "to", roles_json(set), "department", department);
	if (d && a.id)
		json_object_set_new(d, "request", json_integer(a.id));
	rc = account_finish(s, actor, source, "account.roles.request", username, rc, d, e);
	if (!rc)
		*id = a.id;
	return rc;
}

/* May by decide request q (as approver)? */
static int may_approve(struct store *s, const struct request *q, const char *by, unsigned by_roles, struct zerr *e)
{
	unsigned target = roles_of(s, q->username) | (strcmp(q->kind, "roles") == 0 ? roles_parse(q->roles) : 0);
	unsigned need = account_request_approvers(target, roles_of(s, q->requested_by));
	if (by && (strcmp(by, q->requested_by) == 0 || strcmp(by, q->username) == 0))
		return zerr_set(e, ZE_DENIED,
				"四眼原则：提出请求者和账号本人不能批准 / four eyes: neither the one who asked nor the "
				"account's holder may approve");
	if (!(by_roles & need))
		return zerr_set(e, ZE_DENIED, "此请求须由%s批准 / this request needs the approval of the %s",
				role_name_zh(need == ROLE_BIT(ROLE_AUDITOR) ? ROLE_AUDITOR : ROLE_SECADMIN),
				role_name_en(need == ROLE_BIT(ROLE_AUDITOR) ? ROLE_AUDITOR : ROLE_SECADMIN));
	return 0;
}
struct approving {
	struct request *q;
	const char *by;
	bool approve;
	unsigned before;
};
static int decide(struct store *s, struct loaded *l, void *arg, struct zerr *e)
{
	struct approving *ap = arg;
	struct request *q = ap->q;
	int rc;
	ap->before = l->a.roles;
	if (l->a.id != q->account)
		return zerr_set(e, ZE_CONFLICT, "the request's account changed");
	if ((rc = store_request_decide(s, q->id, ap->approve ? "approved" : "rejected", ap->by, clock_now(), e)) ||
	    !ap->approve)
		return rc;
	if (strcmp(q->kind, "reset") == 0)
		return (rc = reset_password(s, l, q->hash, e)) ? rc : store_throttle_clear(s, l->a.username, 0, e);
	if (strcmp(q->kind, "disable") == 0) {
		bool yes = true;
		return set_disabled(s, l, &yes, e);
	}
	struct role_change c = {roles_parse(q->roles), q->has_department ? q->department : NULL, 0};
	return set_roles(s, l, &c, e);
}
int account_request_approve(struct store *s, int64_t id, const char *by, unsigned by_roles,
			    char part[OTP_PART_CHARS + 1], const char *actor, const char *source, struct zerr *e)
{
	struct request q;
	struct approving ap = {.q = &q, .by = by, .approve = true};
	int rc = sodium_ready(e);
	part[0] = '\0';
	if (!rc && !(rc = request_get(s, id, &q, e))) {
		if (strcmp(q.status, "pending") != 0)
			rc = zerr_set(e, ZE_CONFLICT, "请求 %lld 已处理 / request %lld is not pending", (long long)id,
				      (long long)id);
		else if (!(rc = may_approve(s, &q, by, by_roles, e)))
			rc = account_change(s, q.username, decide, &ap, e);
	}
	json_t *d = json_pack("{s:I, s:s}", "request", (json_int_t)id, "kind", q.found ? q.kind : "?");
	if (d && q.found && strcmp(q.kind, "roles") == 0)
		json_object_set_new(d, "to", json_string(q.roles));
	rc = account_finish(s, actor, source, "account.request.approve", q.found ? q.username : "-", rc, d, e);
	if (!rc && strcmp(q.kind, "reset") == 0)
		memcpy(part, q.part, sizeof q.part);
	request_wipe(&q);
	return rc;
}
int account_request_reject(struct store *s, int64_t id, const char *by, unsigned by_roles, const char *actor,
			   const char *source, struct zerr *e)
{
	struct request q;
	struct approving ap = {.q = &q, .by = by, .approve = false};
	int rc = request_get(s, id, &q, e);
	if (!rc && strcmp(q.status, "pending") != 0)
		rc = zerr_set(e, ZE_CONFLICT, "请求 %lld 已处理 / request %lld is not pending", (long long)id,
			      (long long)id);
	/* The requester may withdraw it; else only who could approve it may turn it down. */
	if (!rc && !(by && strcmp(by, q.requested_by) == 0))
		rc = may_approve(s, &q, by, by_roles, e);
	if (!rc)
		rc = account_change(s, q.username, decide, &ap, e);
	rc = account_finish(s, actor, source, "account.request.reject", q.found ? q.username : "-", rc,
		    json_pack("{s:I}", "request", (json_int_t)id), e);
	request_wipe(&q);
	return rc;
}
static int request_json_row(void *ctx, const struct request_row *r)
{
	json_t *a = ctx;
	unsigned target = r->kind && strcmp(r->kind, "roles") == 0 ? roles_parse(r->roles) : 0;
	json_t *j = json_pack("{s:I, s:s, s:s, s:o, s:s?, s:s, s:o, s:s, s:s?, s:o}", "id", (json_int_t)r->id, "kind",
			      r->kind, "username", r->username, "roles",
			      r->kind && strcmp(r->kind, "roles") == 0 ? roles_json(target) : json_null(), "department",
			      r->department, "requested_by", r->requested_by, "requested_at",
			      time_json((time_t)r->requested_at), "status", r->status, "decided_by", r->decided_by,
			      "decided_at", time_json((time_t)r->decided_at));
	return j && !json_array_append_new(a, j) ? 0 : ZE_NOMEM;
}
int account_requests_json(struct store *s, int64_t id, const char *status, json_t **out, struct zerr *e)
{
	json_t *a = json_array();
	int rc = a ? store_request_each(s, id, status, request_json_row, a, e) : ZE_NOMEM;
	if (rc == ZE_NOMEM)
		accounts_nomem(e);
	if (rc) {
		json_decref(a);
		return rc;
	}
	/* Who may approve each: the roles of the accounts as they are now. */
	size_t i;
	json_t *j;
	json_array_foreach(a, i, j) {
		const char *u = json_string_value(json_object_get(j, "username"));
		unsigned target = roles_of(s, u);
		json_t *asked = json_object_get(j, "roles");
		size_t k;
		json_t *r;
		json_array_foreach(asked, k, r) {
			int role = role_from_id(json_string_value(r));
			if (role >= 0)
				target |= ROLE_BIT(role);
		}
		unsigned need = account_request_approvers(
			target, roles_of(s, json_string_value(json_object_get(j, "requested_by"))));
		json_object_set_new(j, "approver_role", json_string(need == ROLE_BIT(ROLE_AUDITOR) ? "auditor" : "secadmin"));
	}
	*out = a;
	return 0;
}
