/* Accounts, roles and sessions over the store, with 三员 and the password rules applied here,
 * and every change recorded in the audit log. */
#include "core/accounts.h"

#include <ctype.h>
#include <pthread.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/embedded.h"
#include "util/strbuf.h"
#include "util/clock.h"

/* argon2id at libsodium's "interactive" cost: 64 MiB and about 75 ms of one core per login
 * (test_accounts prints it), enough to make guessing at a stolen hash expensive without making
 * a login slow; a server with N threads needs at most N x 64 MiB for logins at once. */
#define PWHASH_OPS crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PWHASH_MEM crypto_pwhash_MEMLIMIT_INTERACTIVE
#define SESSION_TOUCH_SECONDS 60 /* the idle expiry is written at most this often */
#define DISPLAY_NAME_MAX 200
#define TZ_OFFSET (8 * 3600)     /* Asia/Shanghai, for times in messages */

static const struct {
	const char *id, *zh, *en;
} roles[ROLE_COUNT] = {
	[ROLE_SYSADMIN] = {"sysadmin", "系统管理员", "system administrator"},
	[ROLE_SECADMIN] = {"secadmin", "安全管理员", "security administrator"},
	[ROLE_AUDITOR] = {"auditor", "审计管理员", "audit administrator"},
	[ROLE_OFFICE] = {"office", "网信办", "cybersecurity office"},
	[ROLE_LEADER] = {"leader", "领导", "leader"},
	[ROLE_LIAISON] = {"liaison", "部门网络安全员", "department security liaison"},
	[ROLE_STAFF] = {"staff", "普通人员", "staff member"},
};

const char *role_id(int role) { return role >= 0 && role < ROLE_COUNT ? roles[role].id : "?"; }
const char *role_name_zh(int role) { return role >= 0 && role < ROLE_COUNT ? roles[role].zh : "?"; }
const char *role_name_en(int role) { return role >= 0 && role < ROLE_COUNT ? roles[role].en : "?"; }

int role_from_id(const char *id)
{
	for (int r = 0; id && r < ROLE_COUNT; r++)
		if (strcmp(id, roles[r].id) == 0)
			return r;
	return -1;
}

const char *roles_format(unsigned set, char *buf, size_t n)
{
	size_t len = 0;
	if (n)
		buf[0] = '\0';
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!(set & ROLE_BIT(r)))
			continue;
		int w = snprintf(buf + len, n > len ? n - len : 0, "%s%s", len ? "," : "", roles[r].id);
		if (w < 0 || len + (size_t)w >= n)
			break;
		len += (size_t)w;
	}
	return buf;
}

/* "office,liaison" from the store into bits; unknown ids (a newer schema) grant nothing. */
static unsigned roles_parse(const char *text)
{
	unsigned set = 0;
	char id[32];
	while (text && *text) {
		size_t k = strcspn(text, ",");
		if (k < sizeof id) {
			memcpy(id, text, k);
			id[k] = '\0';
			int r = role_from_id(id);
			if (r >= 0)
				set |= ROLE_BIT(r);
		}
		text += k + (text[k] == ',');
	}
	return set;
}

static int nomem(struct zerr *e)
{
	return zerr_set(e, ZE_NOMEM, "out of memory");
}

static char *dup_or_null(const char *s, bool *failed)
{
	char *d = s ? strdup(s) : NULL;
	if (s && !d)
		*failed = true;
	return d;
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
struct loaded {
	struct account a;
	char hash[crypto_pwhash_STRBYTES];
	bool found;
};

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

static int load_by(struct store *s, enum account_key key, const char *text, int64_t id, struct loaded *l,
		   struct zerr *e)
{
	memset(l, 0, sizeof *l);
	int rc = store_account_each(s, key, text, id, load_row, l, e);
	if (rc == ZE_NOMEM)
		return nomem(e);
	if (rc)
		return rc;
	if (!l->found)
		return key == ACCOUNT_BY_NAME
			       ? zerr_set(e, ZE_NOTFOUND, "没有账号 %s / no account '%s'", text ? text : "", text ? text : "")
			       : zerr_set(e, ZE_NOTFOUND, "no such account");
	return 0;
}

static void loaded_release(struct loaded *l)
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
static int finish(struct store *s, const char *actor, const char *source, const char *action, const char *object,
		  int rc, json_t *detail, struct zerr *e)
{
	char *text = NULL;
	if (actor && !detail)
		detail = json_object();
	if (!rc && actor)
		rc = (text = detail_text(detail)) ? audit_append_in(s, actor, source, action, object, true, text, e)
						  : nomem(e);
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

json_t *roles_json(unsigned set)
{
	json_t *a = json_array();
	for (int r = 0; a && r < ROLE_COUNT; r++)
		if (set & ROLE_BIT(r))
			json_array_append_new(a, json_string(roles[r].id));
	return a;
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

/* ---- secrets -------------------------------------------------------------------------------- */

static int sodium_ready(struct zerr *e)
{
	return sodium_init() < 0 ? zerr_set(e, ZE_IO, "libsodium could not start") : 0;
}

/* 32 random bytes as base64url without padding: the session, CSRF and calendar secrets. */
static void random_token(char out[SESSION_TOKEN_CHARS + 1])
{
	unsigned char b[32];
	randombytes_buf(b, sizeof b);
	sodium_bin2base64(out, SESSION_TOKEN_CHARS + 1, b, sizeof b, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(b, sizeof b);
}

static void token_hash(const char *token, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, h, sizeof h);
}

static bool token_wellformed(const char *t)
{
	if (!t || strlen(t) != SESSION_TOKEN_CHARS)
		return false;
	for (; *t; t++)
		if (!isalnum((unsigned char)*t) && *t != '-' && *t != '_')
			return false;
	return true;
}

/* Letters and digits that cannot be misread for one another (no 0/O, 1/l/I), with one of each
 * class, so it can be read off a screen and typed once. */
static void one_time_password(char out[ONE_TIME_PASSWORD_CHARS + 1])
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
	for (;;) {
		bool up = false, low = false, dig = false;
		for (int i = 0; i < ONE_TIME_PASSWORD_CHARS; i++) {
			char c = alphabet[randombytes_uniform(sizeof alphabet - 1)];
			up |= isupper((unsigned char)c) != 0;
			low |= islower((unsigned char)c) != 0;
			dig |= isdigit((unsigned char)c) != 0;
			out[i] = c;
		}
		out[ONE_TIME_PASSWORD_CHARS] = '\0';
		if (up && low && dig)
			return;
	}
}

static int hash_password(const char *password, char out[crypto_pwhash_STRBYTES], struct zerr *e)
{
	if (crypto_pwhash_str(out, password, strlen(password), PWHASH_OPS, PWHASH_MEM) != 0)
		return zerr_set(e, ZE_NOMEM, "password hashing ran out of memory");
	return 0;
}

static bool password_matches(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* ---- password rules ------------------------------------------------------------------------- */

/* ASCII lower case, other bytes as they are. */
static void lower(const char *s, char *out, size_t n)
{
	size_t i = 0;
	for (; s[i] && i + 1 < n; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
}

/* Takes the trailing digits and symbols off: "password123!" -> "password". */
static void strip_tail(char *s)
{
	size_t n = strlen(s);
	while (n && (unsigned char)s[n - 1] < 0x80 && !isalpha((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

/* Reads the usual substitutions back: "p@ssw0rd" -> "password". */
static void unleet(char *s)
{
	static const char from[] = "@01$3", to[] = "aoise";
	for (; *s; s++) {
		const char *p = strchr(from, *s);
		if (p && *s)
			*s = to[p - from];
	}
}

/* Is text (lower case) one of the listed weak passwords, also with the entry's tail stripped? */
static bool listed_weak(const char *text)
{
	const struct embedded_file *f = embedded_find("weak-passwords.txt");
	if (!f || !*text)
		return false;
	const char *p = f->data, *end = f->data + f->len;
	char entry[ACCOUNT_PASSWORD_MAX + 1];
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t k = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (k && p[k - 1] == '\r')
			k--;
		if (k && k < sizeof entry && p[0] != '#') {
			char raw[ACCOUNT_PASSWORD_MAX + 1];
			memcpy(raw, p, k);
			raw[k] = '\0';
			lower(raw, entry, sizeof entry);
			if (strcmp(entry, text) == 0)
				return true;
			strip_tail(entry);
			if (strlen(entry) >= 3 && strcmp(entry, text) == 0)
				return true;
		}
		p += (nl ? (size_t)(nl - p) + 1 : (size_t)(end - p));
	}
	return false;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

int password_acceptable(const char *password, const char *username, const char *person_name, struct zerr *e)
{
	size_t len = password ? strlen(password) : 0;
	char low[ACCOUNT_PASSWORD_MAX + 1], cand[ACCOUNT_PASSWORD_MAX + 1], user[ACCOUNT_USERNAME_MAX + 1];
	if (len > ACCOUNT_PASSWORD_MAX)
		return zerr_set(e, ZE_INVALID, "密码过长，最多 %d 字节 / the password is longer than %d bytes",
				ACCOUNT_PASSWORD_MAX, ACCOUNT_PASSWORD_MAX);
	if (!utf8_valid(password ? password : "", len))
		return zerr_set(e, ZE_INVALID, "密码不是有效的 UTF-8 文本 / the password is not valid UTF-8");
	if (utf8_chars(password ? password : "") < ACCOUNT_PASSWORD_MIN)
		return zerr_set(e, ZE_INVALID, "密码至少 %d 个字符 / the password needs at least %d characters",
				ACCOUNT_PASSWORD_MIN, ACCOUNT_PASSWORD_MIN);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)password[i] < 0x20 || password[i] == 0x7f)
			return zerr_set(e, ZE_INVALID, "密码不能含控制字符 / the password contains a control character");
	int up = 0, lo = 0, dig = 0, other = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)password[i];
		if (isupper(c))
			up = 1;
		else if (islower(c))
			lo = 1;
		else if (isdigit(c))
			dig = 1;
		else
			other = 1;
	}
	if (up + lo + dig + other < 3)
		return zerr_set(e, ZE_INVALID,
				"密码须包含大写字母、小写字母、数字、符号中的至少三类 / the password needs three of: "
				"upper case, lower case, digits, symbols");
	lower(password, low, sizeof low);
	if (username && strlen(username) >= 3) {
		size_t n = strlen(username);
		lower(username, user, sizeof user);
		char rev[ACCOUNT_USERNAME_MAX + 1];
		for (size_t i = 0; i < n && i < ACCOUNT_USERNAME_MAX; i++)
			rev[i] = user[n - 1 - i];
		rev[n < ACCOUNT_USERNAME_MAX ? n : ACCOUNT_USERNAME_MAX] = '\0';
		if (strstr(low, user) || strstr(low, rev))
			return zerr_set(e, ZE_INVALID, "密码不能包含用户名 / the password must not contain the username");
	}
	if (person_name && *person_name && strstr(password, person_name))
		return zerr_set(e, ZE_INVALID, "密码不能包含本人姓名 / the password must not contain the person's name");
	memcpy(cand, low, len + 1);
	strip_tail(cand);
	bool weak = listed_weak(low) || (strlen(cand) >= 3 && listed_weak(cand));
	unleet(cand);
	weak = weak || (strlen(cand) >= 3 && listed_weak(cand));
	if (weak)
		return zerr_set(e, ZE_INVALID, "密码属于常见弱口令 / the password is a common weak password");
	return 0;
}

/* ---- accounts ------------------------------------------------------------------------------- */

static int check_username(const char *u, struct zerr *e)
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
				roles[a].zh, roles[b].zh, roles[a].en, roles[b].en);
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
				roles[a].zh, roles[b].zh, roles[a].en, roles[b].id);
	}
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
			ids[(*n)++] = roles[r].id;
}

/* Checks and inserts the account with its roles, leaving the transaction open for finish().
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
	if (!(rc = sodium_ready(e)) && !(rc = check_username(username, e)) &&
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
	if ((rc = finish(s, actor, source, "account.create", username, rc, d, e)))
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
	return finish(s, actor, source, "account.create", username, rc, d, e);
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
		return rc == ZE_NOMEM ? nomem(e) : rc;
	}
	*out = l.v;
	*n = l.n;
	return 0;
}

int account_get(struct store *s, const char *username, struct account *out, struct zerr *e)
{
	struct loaded l;
	int rc = load_by(s, ACCOUNT_BY_NAME, username, 0, &l, e);
	if (rc) {
		loaded_release(&l);
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
	if (!rc && !(rc = load_by(s, ACCOUNT_BY_NAME, username, 0, &l, e)) &&
	    !password_matches(l.hash, password ? password : ""))
		rc = zerr_set(e, ZE_INVALID, "密码错误 / wrong password");
	loaded_release(&l);
	return rc;
}

/* Begins a transaction, reads the account, lets fn alter it and writes it back, leaving the
 * transaction open for finish() (which also ends it when this fails). */
typedef int (*change_fn)(struct store *s, struct loaded *l, void *arg, struct zerr *e);

static int change(struct store *s, const char *username, change_fn fn, void *arg, struct zerr *e)
{
	struct loaded l = {0};
	int rc;
	if (!(rc = store_begin(s, e)) && !(rc = load_by(s, ACCOUNT_BY_NAME, username, 0, &l, e)) &&
	    !(rc = fn(s, &l, arg, e))) {
		struct account_row row = row_of(&l);
		rc = store_account_update(s, &row, e);
	}
	loaded_release(&l);
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
		rc = change(s, username, set_password, &pc, e);
	return finish(s, actor, source, "account.password", username, rc, json_pack("{s:b}", "must_change", force_change), e);
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
			rc = change(s, username, reset_password, hash, e);
		sodium_memzero(hash, sizeof hash);
	}
	if ((rc = finish(s, actor, source, "account.reset", username, rc, NULL, e)))
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
	int rc = change(s, username, set_disabled, &disabled, e);
	return finish(s, actor, source, disabled ? "account.disable" : "account.enable", username, rc, NULL, e);
}

static int set_display_name(struct store *s, struct loaded *l, void *arg, struct zerr *e)
{
	char *d = strdup(arg);
	if (!d)
		return nomem(e);
	free(l->a.display_name);
	l->a.display_name = d;
	return 0;
}

int account_set_display_name(struct store *s, const char *username, const char *display_name, const char *actor,
			     const char *source, struct zerr *e)
{
	int rc = check_display_name(display_name, e);
	if (!rc)
		rc = change(s, username, set_display_name, (void *)display_name, e);
	return finish(s, actor, source, "account.update", username, rc, json_pack("{s:s?}", "display_name", display_name),
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
	char *d = c->department ? strdup(c->department) : NULL;
	if (c->department && !d)
		return nomem(e);
	free(l->a.department);
	l->a.department = d;
	role_ids(c->set, ids, &n);
	return store_account_set_roles(s, l->a.id, ids, n, e);
}

int account_set_roles(struct store *s, const char *username, unsigned set, const char *department,
		      const char *actor, const char *source, struct zerr *e)
{
	struct role_change c = {set, department, 0};
	int rc = change(s, username, set_roles, &c, e);
	json_t *d = json_pack("{s:o, s:o, s:s?}", "from", roles_json(c.before), "to", roles_json(set), "department",
			      department);
	return finish(s, actor, source, "account.roles", username, rc, d, e);
}

static int new_calendar_token(struct store *s, struct loaded *l, void *arg, struct zerr *e)
{
	char *t = strdup(arg);
	if (!t)
		return nomem(e);
	free(l->a.calendar_token);
	l->a.calendar_token = t;
	return 0;
}

int account_new_calendar_token(struct store *s, const char *username, char token[SESSION_TOKEN_CHARS + 1],
			       const char *actor, const char *source, struct zerr *e)
{
	int rc = sodium_ready(e);
	token[0] = '\0';
	if (!rc) {
		random_token(token);
		rc = change(s, username, new_calendar_token, token, e);
	}
	if ((rc = finish(s, actor, source, "account.calendar_token", username, rc, NULL, e)))
		token[0] = '\0';
	return rc;
}

static void fill_principal(const struct account *a, struct principal *p)
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
	int rc = load_by(s, ACCOUNT_BY_CALENDAR, token, 0, &l, e);
	if (!rc && l.a.disabled)
		rc = zerr_set(e, ZE_NOTFOUND, "no such calendar");
	if (rc == ZE_NOTFOUND)
		zerr_set(e, ZE_NOTFOUND, "no such calendar");
	if (!rc)
		fill_principal(&l.a, out);
	loaded_release(&l);
	return rc;
}

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
	if (crypto_pwhash_str_needs_rehash(l->hash, PWHASH_OPS, PWHASH_MEM) != 0 &&
	    (rc = hash_password(g->password, l->hash, e)))
		return rc;
	random_token(g->token);
	token_hash(g->token, sr.hash);
	random_token(sr.csrf);
	if ((rc = store_session_purge(s, g->now - SESSION_IDLE_SECONDS, g->now - SESSION_MAX_SECONDS, e)) ||
	    (rc = store_session_insert(s, &sr, g->source, e)))
		return rc;
	fill_principal(&l->a, g->p);
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
	rc = strcmp(name, "-") == 0 ? ZE_NOTFOUND : load_by(s, ACCOUNT_BY_NAME, name, 0, &l, e);
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
	if (!(rc = change(s, name, open_session, &g, e)) && t.failures + t.locks > 0) /* a success forgets */
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
	loaded_release(&l);
	/* The name tried is recorded as given, unless it could be no account's. */
	const char *who = username && *username && !check_username(username, NULL) ? username : "-";
	if ((rc = finish(s, who, source, "session.login", who, rc, detail, e)))
		sodium_memzero(token, SESSION_TOKEN_CHARS + 1);
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
	if ((rc = load_by(s, ACCOUNT_BY_ID, NULL, sr.account, &l, e)))
		goto out;
	if (l.a.disabled) {
		rc = zerr_set(e, ZE_NOTFOUND, "the account is disabled");
		goto out;
	}
	if (now - sr.last_seen_at >= SESSION_TOUCH_SECONDS && (rc = store_session_touch(s, hash, now, e)))
		goto out;
	fill_principal(&l.a, p);
	memcpy(p->csrf, sr.csrf, sizeof p->csrf);
	memcpy(p->session_hash, hash, sizeof p->session_hash);
out:
	loaded_release(&l);
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
	if (!(rc = store_begin(s, e)) && !(rc = load_by(s, ACCOUNT_BY_NAME, username, 0, &l, e)))
		rc = store_session_delete_account(s, l.a.id, NULL, &n, e);
	loaded_release(&l);
	return finish(s, actor, source, "session.revoke", username, rc, json_pack("{s:I}", "sessions", (json_int_t)n), e);
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
		const char *name = roles[platform[i]].id;
		rc = account_get(s, name, &a, e);
		if (!rc) {
			account_release(&a);
			continue;
		}
		if (rc != ZE_NOTFOUND)
			break;
		rc = account_create(s, name, roles[platform[i]].zh, NULL, ROLE_BIT(platform[i]), NULL, otp[i], actor,
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
	if (username && !load_by(s, ACCOUNT_BY_NAME, username, 0, &l, NULL))
		r = l.a.roles;
	loaded_release(&l);
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
			rc = change(s, username, ask, &a, e);
	}
	rc = finish(s, actor, source, "account.reset.request", username, rc,
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

int account_request_disable(struct store *s, const char *username, const char *by, unsigned by_roles, int64_t *id,
			    const char *actor, const char *source, struct zerr *e)
{
	struct asking a = {.row = {.kind = "disable"}, .by = by, .by_roles = by_roles};
	*id = 0;
	int rc = not_own(username, by, e);
	if (rc)
		return finish(s, actor, source, "account.disable", username, rc, NULL, e);
	if (!(roles_of(s, username) & ROLES_PLATFORM))
		return account_set_disabled(s, username, true, actor, source, e);
	rc = change(s, username, ask, &a, e);
	rc = finish(s, actor, source, "account.disable.request", username, rc,
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
		return finish(s, actor, source, "account.roles", username, rc, NULL, e);
	bool withdraw_only = !(set & ~cur.roles) &&
			     (!department || (cur.department && strcmp(department, cur.department) == 0));
	rc = roles_acceptable(s, set, cur.person, department, e);
	account_release(&cur);
	if (!rc && withdraw_only)
		return account_set_roles(s, username, set, department, actor, source, e);
	if (!rc)
		rc = change(s, username, ask, &a, e);
	json_t *d = json_pack("{s:o, s:s?}", "to", roles_json(set), "department", department);
	if (d && a.id)
		json_object_set_new(d, "request", json_integer(a.id));
	rc = finish(s, actor, source, "account.roles.request", username, rc, d, e);
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
			rc = change(s, q.username, decide, &ap, e);
	}
	json_t *d = json_pack("{s:I, s:s}", "request", (json_int_t)id, "kind", q.found ? q.kind : "?");
	if (d && q.found && strcmp(q.kind, "roles") == 0)
		json_object_set_new(d, "to", json_string(q.roles));
	rc = finish(s, actor, source, "account.request.approve", q.found ? q.username : "-", rc, d, e);
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
		rc = change(s, q.username, decide, &ap, e);
	rc = finish(s, actor, source, "account.request.reject", q.found ? q.username : "-", rc,
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
		nomem(e);
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
