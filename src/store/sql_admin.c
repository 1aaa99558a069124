/* The audit log, accounts and sessions, requests and sign-in throttling, evaluation rounds,
 * policy versions, unit settings, notifications, documents, campaigns, federation, the
 * dictionary and announcements, the facts' history: the functions of store.h that are the same
 * for both backends, written once against the statement interface of sql.h. */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sql.h"

static void copy_hash(char out[65], const char *hex)
{
	snprintf(out, 65, "%s", hex ? hex : "");
}

/* Reads one row of a two-column (integer, hash) statement; 0 and "" when there is none. */
static int audit_pair(struct sql_conn *db, enum sql_id id, int64_t *n, char hash[65], bool *found,
		      struct zerr *e)
{
	struct sql_stmt *st = sql_stmt(db, id, e);
	if (!st)
		return e->code;
	int rc = sql_step(st);
	*found = rc == SQL_ROW;
	*n = *found ? sql_col_int64(st, 0) : 0;
	copy_hash(hash, *found ? sql_col_text(st, 1) : "");
	sql_reset(st);
	if (rc != SQL_ROW && rc != SQL_DONE)
		return sql_error(db, e, "read audit log");
	return 0;
}

int store_audit_last(struct store *s, int64_t *seq, char hash[65], struct zerr *e)
{
	struct sql_conn *db = s->sql;
	bool found;
	int rc = audit_pair(db, Q_AUDIT_LAST, seq, hash, &found, e);
	if (!rc && !found)
		rc = audit_pair(db, Q_AUDIT_LAST_PURGE, seq, hash, &found, e);
	if (!rc && !found) {
		*seq = 0;
		memset(hash, '0', 64);
		hash[64] = 0;
	}
	return rc;
}

int store_audit_anchor(struct store *s, int64_t *before_seq, char anchor[65], struct zerr *e)
{
	bool found;
	return audit_pair(s->sql, Q_AUDIT_ANCHOR, before_seq, anchor, &found, e);
}

int store_audit_insert(struct store *s, const struct audit_entry *a, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_AUDIT_INSERT, e);
	if (!st)
		return e->code;
	sql_bind_int64(st, 1, a->seq);
	sql_bind_text(st, 2, a->at);
	sql_bind_text(st, 3, a->account);
	sql_bind_text(st, 4, a->source);
	sql_bind_text(st, 5, a->action);
	sql_bind_text(st, 6, a->object);
	sql_bind_int64(st, 7, a->success);
	sql_bind_text(st, 8, a->detail);
	sql_bind_text(st, 9, a->prev_hash);
	sql_bind_text(st, 10, a->hash);
	return sql_exec(db, st, e, "append to audit log");
}

/* Calls fn for each audit record the prepared statement st yields (columns in table order). */
static int audit_rows(struct sql_conn *db, struct sql_stmt *st, audit_row_fn fn, void *ctx, struct zerr *e)
{
	int rc = 0, step;
	while (!rc && (step = sql_step(st)) == SQL_ROW) {
		struct audit_entry a = {
			.seq = sql_col_int64(st, 0),
			.at = sql_col_text(st, 1),
			.account = sql_col_text(st, 2),
			.source = sql_col_text(st, 3),
			.action = sql_col_text(st, 4),
			.object = sql_col_text(st, 5),
			.success = sql_col_int64(st, 6) != 0,
			.detail = sql_col_text(st, 7),
		};
		copy_hash(a.prev_hash, sql_col_text(st, 8));
		copy_hash(a.hash, sql_col_text(st, 9));
		rc = fn(ctx, &a);
	}
	return sql_rows_done(db, st, rc, step, e, "read audit log");
}

int store_audit_each(struct store *s, int64_t from_seq, audit_row_fn fn, void *ctx, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_AUDIT_EACH, e);
	if (!st)
		return e->code;
	sql_bind_int64(st, 1, from_seq);
	return audit_rows(db, st, fn, ctx, e);
}

int store_audit_purge(struct store *s, int64_t before_seq, int64_t *purged, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_AUDIT_PURGE_MARK, e);
	int rc;
	*purged = 0;
	if (!st)
		return e->code;
	sql_bind_int64(st, 1, before_seq);
	if ((rc = sql_exec(db, st, e, "mark audit purge")))
		return rc;
	if (sql_changes(db) == 0)
		return 0; /* nothing before before_seq is left */
	if (!(st = sql_stmt(db, Q_AUDIT_PURGE, e)))
		return e->code;
	sql_bind_int64(st, 1, before_seq);
	if ((rc = sql_exec(db, st, e, "purge audit log")))
		return rc;
	*purged = sql_changes(db);
	return 0;
}

static int read_generation(struct store *s, enum sql_id id, int64_t *gen, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, id, e);
	if (!st)
		return e->code;
	int step = sql_step(st), rc = 0;
	if (step == SQL_ROW)
		*gen = sql_col_int64(st, 0);
	else
		rc = step == SQL_DONE ? zerr_set(e, ZE_IO, "database: the generation row is missing")
					 : sql_error(db, e, "read store generation");
	sql_reset(st);
	return rc;
}

int store_generation(struct store *s, int64_t *gen, struct zerr *e)
{
	return read_generation(s, Q_GEN_GET, gen, e);
}

int store_auth_generation(struct store *s, int64_t *gen, struct zerr *e)
{
	return read_generation(s, Q_AUTH_GEN_GET, gen, e);
}

int store_calendar_generation(struct store *s, int64_t *gen, struct zerr *e)
{
	return read_generation(s, Q_CAL_GEN_GET, gen, e);
}

static void bind_audit_filter(struct sql_stmt *st, const struct audit_filter *f)
{
	sql_bind_text(st, 1, f->account);
	sql_bind_text(st, 2, f->action_prefix && *f->action_prefix ? f->action_prefix : NULL);
	sql_bind_text(st, 3, f->object);
	if (f->success >= 0)
		sql_bind_int64(st, 4, f->success ? 1 : 0);
	sql_bind_text(st, 5, f->at_from);
	sql_bind_text(st, 6, f->at_to);
}

int store_audit_query(struct store *s, const struct audit_filter *f, int64_t offset, int64_t limit,
			  audit_row_fn fn, void *ctx, int64_t *total, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st;
	int step;
	if (total) {
		if (!(st = sql_stmt(db, Q_AUDIT_COUNT, e)))
			return e->code;
		bind_audit_filter(st, f);
		step = sql_step(st);
		*total = step == SQL_ROW ? sql_col_int64(st, 0) : 0;
		sql_reset(st);
		if (step != SQL_ROW)
			return sql_error(db, e, "count audit records");
	}
	if (!(st = sql_stmt(db, f->oldest_first ? Q_AUDIT_OLDEST : Q_AUDIT_NEWEST, e)))
		return e->code;
	bind_audit_filter(st, f);
	sql_bind_int64(st, 7, limit < 0 ? INT64_MAX : limit);
	sql_bind_int64(st, 8, offset < 0 ? 0 : offset);
	return audit_rows(db, st, fn, ctx, e);
}

int store_account_each(struct store *s, enum account_key key, const char *text, int64_t id, account_row_fn fn,
			   void *ctx, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	static const enum sql_id ids[] = {[ACCOUNT_ALL] = Q_ACCOUNT_ALL, [ACCOUNT_BY_NAME] = Q_ACCOUNT_BY_NAME,
					   [ACCOUNT_BY_ID] = Q_ACCOUNT_BY_ID,
					   [ACCOUNT_BY_CALENDAR] = Q_ACCOUNT_BY_CALENDAR};
	struct sql_stmt *st = sql_stmt(db, ids[key], e);
	int rc = 0, step;
	if (!st)
		return e->code;
	if (key == ACCOUNT_BY_ID)
		sql_bind_int64(st, 1, id);
	else if (key != ACCOUNT_ALL)
		sql_bind_text(st, 1, text);
	while (!rc && (step = sql_step(st)) == SQL_ROW) {
		struct account_row a = {
			.id = sql_col_int64(st, 0),
			.username = sql_col_text(st, 1),
			.display_name = sql_col_text(st, 2),
			.person = sql_col_text(st, 3),
			.department = sql_col_text(st, 4),
			.password_hash = sql_col_text(st, 5),
			.calendar_token = sql_col_text(st, 6),
			.org = sql_col_text(st, 7),
			.roles = sql_col_text(st, 8),
			.must_change = sql_col_int64(st, 9) != 0,
			.disabled = sql_col_int64(st, 10) != 0,
			.failures = (int)sql_col_int64(st, 11),
			.locked_until = sql_col_int64(st, 12),
			.created_at = sql_col_int64(st, 13),
			.password_changed_at = sql_col_int64(st, 14),
			.last_login_at = sql_col_int64(st, 15),
		};
		if (!a.username || !a.display_name || !a.password_hash || !a.roles) {
			rc = zerr_set(e, ZE_IO, "database: account row %lld is incomplete", (long long)a.id);
			break;
		}
		rc = fn(ctx, &a);
	}
	return sql_rows_done(db, st, rc, step, e, "read accounts");
}

/* The columns insert and update share, from $2 on in update's order. */
static void bind_account(struct sql_stmt *st, const struct account_row *a, int first)
{
	sql_bind_text(st, first, a->display_name);
	sql_bind_text(st, first + 1, a->person);
	sql_bind_text(st, first + 2, a->department);
	sql_bind_text(st, first + 3, a->password_hash);
	sql_bind_text(st, first + 4, a->calendar_token);
	sql_bind_int64(st, first + 5, a->must_change);
	sql_bind_int64(st, first + 6, a->disabled);
	sql_bind_int64(st, first + 7, a->failures);
	sql_bind_int64(st, first + 8, a->locked_until);
}

int store_account_insert(struct store *s, const struct account_row *a, int64_t *id, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_ACCOUNT_INSERT, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, a->username);
	bind_account(st, a, 2);
	sql_bind_int64(st, 11, a->created_at);
	sql_bind_int64(st, 12, a->password_changed_at);
	if (a->last_login_at)
		sql_bind_int64(st, 13, a->last_login_at);
	int rc = sql_insert_id(db, st, id, e, "create account");
	if (rc == ZE_CONFLICT)
		return zerr_set(e, ZE_CONFLICT, "账号 %s 已存在 / account '%s' exists already", a->username, a->username);
	return rc;
}

int store_account_update(struct store *s, const struct account_row *a, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_ACCOUNT_UPDATE, e);
	if (!st)
		return e->code;
	sql_bind_int64(st, 1, a->id);
	bind_account(st, a, 2);
	sql_bind_int64(st, 11, a->password_changed_at);
	if (a->last_login_at)
		sql_bind_int64(st, 12, a->last_login_at);
	int rc = sql_exec(db, st, e, "save account");
	if (!rc && sql_changes(db) == 0)
		rc = zerr_set(e, ZE_NOTFOUND, "no account with id %lld", (long long)a->id);
	return rc;
}

int store_account_set_roles(struct store *s, int64_t id, const char *const *roles, size_t n, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_ROLES_CLEAR, e);
	if (!st)
		return e->code;
	sql_bind_int64(st, 1, id);
	int rc = sql_exec(db, st, e, "save roles");
	for (size_t i = 0; i < n && !rc; i++) {
		if (!(st = sql_stmt(db, Q_ROLE_ADD, e)))
			return e->code;
		sql_bind_int64(st, 1, id);
		sql_bind_text(st, 2, roles[i]);
		int step = sql_step(st);
		if (step != SQL_DONE && sql_constraint(db) == SQL_CHECK)
			rc = zerr_set(e, ZE_INVALID, "role '%s': the store does not know this role (account %lld unchanged)",
				      roles[i], (long long)id);
		else if (step != SQL_DONE)
			rc = sql_error(db, e, "save roles");
		sql_reset(st);
	}
	return rc;
}

/* Copies the text columns of the one row of a lookup by id; ZE_NOTFOUND when there is none. */
static int lookup_texts(struct sql_conn *db, enum sql_id id, const char *key, const char *what, char **out[],
			int n, struct zerr *e)
{
	struct sql_stmt *st = sql_stmt(db, id, e);
	int rc = 0;
	for (int i = 0; i < n; i++)
		*out[i] = NULL;
	if (!st)
		return e->code;
	sql_bind_text(st, 1, key);
	int step = sql_step(st);
	if (step == SQL_ROW) {
		for (int i = 0; i < n && !rc; i++) {
			const char *t = sql_col_text(st, i);
			if (t && !(*out[i] = strdup(t)))
				rc = zerr_set(e, ZE_NOMEM, "out of memory");
		}
	} else if (step == SQL_DONE) {
		rc = zerr_set(e, ZE_NOTFOUND, "没有%s / no %s with id '%s'", what[0] == 'p' ? "该人员" : "该部门", what, key);
	} else {
		rc = sql_error(db, e, what);
	}
	sql_reset(st);
	if (rc)
		for (int i = 0; i < n; i++) {
			free(*out[i]);
			*out[i] = NULL;
		}
	return rc;
}

int store_person_brief(struct store *s, const char *id, char **name, char **org, struct zerr *e)
{
	char **out[] = {name, org};
	return lookup_texts(s->sql, Q_PERSON_BRIEF, id, "person", out, 2, e);
}

int store_dept_org(struct store *s, const char *id, char **org, struct zerr *e)
{
	char **out[] = {org};
	return lookup_texts(s->sql, Q_DEPT_ORG, id, "department", out, 1, e);
}

/* ---- sign-in sessions ---- */

int store_session_insert(struct store *s, const struct session_row *r, const char *source, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_SESSION_INSERT, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, r->hash);
	sql_bind_int64(st, 2, r->account);
	sql_bind_text(st, 3, r->csrf);
	sql_bind_int64(st, 4, r->created_at);
	sql_bind_int64(st, 5, r->last_seen_at);
	sql_bind_text(st, 6, source);
	return sql_exec(db, st, e, "create session");
}

int store_session_get(struct store *s, const char *hash, struct session_row *out, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_SESSION_GET, e);
	int rc = 0;
	if (!st)
		return e->code;
	sql_bind_text(st, 1, hash);
	int step = sql_step(st);
	if (step == SQL_ROW) {
		const char *h = sql_col_text(st, 0), *csrf = sql_col_text(st, 1);
		snprintf(out->hash, sizeof out->hash, "%s", h ? h : "");
		snprintf(out->csrf, sizeof out->csrf, "%s", csrf ? csrf : "");
		out->account = sql_col_int64(st, 2);
		out->created_at = sql_col_int64(st, 3);
		out->last_seen_at = sql_col_int64(st, 4);
	} else if (step == SQL_DONE) {
		rc = zerr_set(e, ZE_NOTFOUND, "no such session");
	} else {
		rc = sql_error(db, e, "read session");
	}
	sql_reset(st);
	return rc;
}

int store_session_touch(struct store *s, const char *hash, int64_t now, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_SESSION_TOUCH, e);
	if (!st)
		return e->code;
	sql_bind_int64(st, 1, now);
	sql_bind_text(st, 2, hash);
	return sql_exec(db, st, e, "extend session");
}

int store_session_delete(struct store *s, const char *hash, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_SESSION_DELETE, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, hash);
	return sql_exec(db, st, e, "end session");
}

int store_session_purge(struct store *s, int64_t idle_before, int64_t created_before, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_SESSION_PURGE, e);
	if (!st)
		return e->code;
	sql_bind_int64(st, 1, idle_before);
	sql_bind_int64(st, 2, created_before);
	return sql_exec(db, st, e, "remove expired sessions");
}

int store_session_delete_account(struct store *s, int64_t account, const char *keep, int64_t *n, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_SESSION_DELETE_ACCOUNT, e);
	if (!st)
		return e->code;
	sql_bind_int64(st, 1, account);
	sql_bind_text(st, 2, keep);
	int rc = sql_exec(db, st, e, "end sessions");
	if (n)
		*n = rc ? 0 : sql_changes(db);
	return rc;
}

int store_request_insert(struct store *s, const struct request_row *r, int64_t *id, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_REQUEST_INSERT, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, r->kind);
	sql_bind_int64(st, 2, r->account);
	sql_bind_text(st, 3, r->roles);
	sql_bind_text(st, 4, r->department);
	sql_bind_text(st, 5, r->password_hash);
	sql_bind_text(st, 6, r->approver_part);
	sql_bind_text(st, 7, r->requested_by);
	sql_bind_int64(st, 8, r->requested_at);
	int64_t new_id = 0;
	int rc = sql_insert_id(db, st, &new_id, e, "record request");
	if (!rc && id)
		*id = new_id;
	return rc;
}

int store_request_each(struct store *s, int64_t id, const char *status, request_row_fn fn, void *ctx,
			   struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_REQUEST_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	sql_bind_int64(st, 1, id);
	sql_bind_text(st, 2, status);
	while (!rc && (step = sql_step(st)) == SQL_ROW) {
		struct request_row r = {
			.id = sql_col_int64(st, 0),
			.kind = sql_col_text(st, 1),
			.account = sql_col_int64(st, 2),
			.username = sql_col_text(st, 3),
			.roles = sql_col_text(st, 4),
			.department = sql_col_text(st, 5),
			.password_hash = sql_col_text(st, 6),
			.approver_part = sql_col_text(st, 7),
			.requested_by = sql_col_text(st, 8),
			.requested_at = sql_col_int64(st, 9),
			.status = sql_col_text(st, 10),
			.decided_by = sql_col_text(st, 11),
			.decided_at = sql_col_int64(st, 12),
		};
		rc = fn(ctx, &r);
	}
	return sql_rows_done(db, st, rc, step, e, "read requests");
}

int store_round_each(struct store *s, const char *org, int year, int64_t id, round_row_fn fn, void *ctx,
			 struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_ROUND_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	sql_bind_text(st, 1, org);
	sql_bind_int64(st, 2, year);
	sql_bind_int64(st, 3, id);
	while (!rc && (step = sql_step(st)) == SQL_ROW) {
		struct round_row r = {
			.id = sql_col_int64(st, 0),
			.org = sql_col_text(st, 1),
			.year = (int)sql_col_int64(st, 2),
			.version = (int)sql_col_int64(st, 3),
			.state = sql_col_text(st, 4),
			.doc = sql_col_text(st, 5),
			.updated_at = sql_col_text(st, 6),
		};
		rc = fn(ctx, &r);
	}
	return sql_rows_done(db, st, rc, step, e, "read evaluation rounds");
}

int store_round_put(struct store *s, struct round_row *r, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, r->id ? Q_ROUND_UPDATE : Q_ROUND_INSERT, e);
	if (!st)
		return e->code;
	if (r->id) {
		sql_bind_int64(st, 1, r->id);
		sql_bind_text(st, 2, r->state);
		sql_bind_text(st, 3, r->doc);
		sql_bind_text(st, 4, r->updated_at);
		/* A step of a round (released, objected, answered) is news for the reminders the same
		 * day: the generation moves, so the day is planned again. */
		int rc = sql_exec(db, st, e, "save evaluation round");
		return rc ? rc : sql_business_write(db, e);
	}
	sql_bind_text(st, 1, r->org);
	sql_bind_int64(st, 2, r->year);
	sql_bind_int64(st, 3, r->version);
	sql_bind_text(st, 4, r->state);
	sql_bind_text(st, 5, r->doc);
	sql_bind_text(st, 6, r->updated_at);
	int step = sql_step(st), rc = 0;
	if (step == SQL_ROW)
		r->id = sql_col_int64(st, 0);
	else
		rc = sql_constraint(db) == SQL_UNIQUE
			     ? zerr_set(e, ZE_CONFLICT, "round %d of %s for %d exists already", r->version, r->org, r->year)
			     : sql_error(db, e, "save evaluation round");
	sql_reset(st);
	return rc;
}

int store_request_decide(struct store *s, int64_t id, const char *status, const char *by, int64_t at,
			     struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_REQUEST_DECIDE, e);
	if (!st)
		return e->code;
	sql_bind_int64(st, 1, id);
	sql_bind_text(st, 2, status);
	sql_bind_text(st, 3, by);
	sql_bind_int64(st, 4, at);
	int rc = sql_exec(db, st, e, "decide request");
	if (!rc && sql_changes(db) != 1)
		rc = zerr_set(e, ZE_CONFLICT, "请求 %lld 已处理 / request %lld is not pending", (long long)id,
			      (long long)id);
	return rc;
}

int store_policy_version_insert(struct store *s, const struct policy_version_row *r, int64_t *version,
				    struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = SQL_TEXTS(db, Q_PV_INSERT, e, r->org, r->document, r->reason, r->drafted_by);
	if (!st)
		return e->code;
	sql_bind_int64(st, 5, r->drafted_at);
	int step = sql_step(st);
	if (step == SQL_ROW)
		*version = sql_col_int64(st, 0);
	sql_reset(st);
	if (step != SQL_ROW)
		return sql_error(db, e, "record policy version");
	return sql_business_write(db, e);
}

int store_policy_version_each(struct store *s, const char *org, int64_t version, const char *status,
				  policy_version_fn fn, void *ctx, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_PV_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	sql_bind_text(st, 1, org);
	sql_bind_int64(st, 2, version);
	sql_bind_text(st, 3, status);
	while (!rc && (step = sql_step(st)) == SQL_ROW) {
		struct policy_version_row r = {
			.org = sql_col_text(st, 0),
			.version = sql_col_int64(st, 1),
			.document = sql_col_text(st, 2),
			.status = sql_col_text(st, 3),
			.reason = sql_col_text(st, 4),
			.drafted_by = sql_col_text(st, 5),
			.drafted_at = sql_col_int64(st, 6),
			.in_force_from = sql_col_text(st, 7),
			.decided_by = sql_col_text(st, 8),
			.decided_at = sql_col_int64(st, 9),
			.decision_note = sql_col_text(st, 10),
		};
		rc = fn(ctx, &r);
	}
	return sql_rows_done(db, st, rc, step, e, "read policy versions");
}

int store_unit_setting_get(struct store *s, const char *org, const char *key, char **value, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = SQL_TEXTS(db, Q_UNIT_SETTING_GET, e, org, key);
	if (!st)
		return e->code;
	int rc = 0, step = sql_step(st);
	*value = NULL;
	if (step == SQL_ROW && !(*value = strdup(sql_col_text(st, 0))))
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	else if (step != SQL_ROW && step != SQL_DONE)
		rc = sql_error(db, e, "read unit setting");
	sql_reset(st);
	return rc;
}

int store_unit_setting_put(struct store *s, const char *org, const char *key, const char *value, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = SQL_TEXTS(db, Q_UNIT_SETTING_PUT, e, org, key, value);
	if (!st)
		return e->code;
	int rc = sql_exec(db, st, e, "write unit setting");
	return rc ? rc : sql_business_write(db, e);
}

/* Both writes touch only drafts: a decided version is ZE_CONFLICT (and the trigger of migration
 * 11 stops any other writer). */
static int pv_changed(struct sql_conn *db, const struct policy_version_row *r, struct zerr *e)
{
	if (sql_changes(db) != 1)
		return zerr_set(e, ZE_CONFLICT, "单位 %s 的策略版本 %lld 不是草稿 / policy version %lld of unit '%s' is not a draft",
				r->org, (long long)r->version, (long long)r->version, r->org);
	return sql_business_write(db, e);
}

int store_policy_version_update(struct store *s, const struct policy_version_row *r, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_PV_UPDATE, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, r->org);
	sql_bind_int64(st, 2, r->version);
	sql_bind_text(st, 3, r->document);
	sql_bind_text(st, 4, r->reason);
	sql_bind_text(st, 5, r->drafted_by);
	sql_bind_int64(st, 6, r->drafted_at);
	int rc = sql_exec(db, st, e, "update policy version");
	return rc ? rc : pv_changed(db, r, e);
}

int store_policy_version_decide(struct store *s, const struct policy_version_row *r, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_PV_DECIDE, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, r->org);
	sql_bind_int64(st, 2, r->version);
	sql_bind_text(st, 3, r->status);
	sql_bind_text(st, 4, r->in_force_from);
	sql_bind_text(st, 5, r->decided_by);
	sql_bind_int64(st, 6, r->decided_at);
	sql_bind_text(st, 7, r->decision_note);
	int rc = sql_exec(db, st, e, "decide policy version");
	return rc ? rc : pv_changed(db, r, e);
}

int store_throttle_get(struct store *s, const char *username, const char *source, struct throttle_row *out,
			   struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_THROTTLE_GET, e);
	int rc = 0;
	memset(out, 0, sizeof *out);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, username);
	sql_bind_text(st, 2, source);
	int step = sql_step(st);
	if (step == SQL_ROW) {
		out->failures = (int)sql_col_int64(st, 0);
		out->locks = (int)sql_col_int64(st, 1);
		out->locked_until = sql_col_int64(st, 2);
		out->last_failure_at = sql_col_int64(st, 3);
	} else if (step != SQL_DONE) {
		rc = sql_error(db, e, "read sign-in failures");
	}
	sql_reset(st);
	return rc;
}

int store_throttle_put(struct store *s, const char *username, const char *source, const struct throttle_row *r,
			   struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = SQL_TEXTS(db, Q_THROTTLE_PUT, e, username, source);
	if (!st)
		return e->code;
	sql_bind_int64(st, 3, r->failures);
	sql_bind_int64(st, 4, r->locks);
	sql_bind_int64(st, 5, r->locked_until);
	sql_bind_int64(st, 6, r->last_failure_at);
	return sql_exec(db, st, e, "count sign-in failure");
}

int store_throttle_clear(struct store *s, const char *username, int64_t before, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_THROTTLE_CLEAR, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, username);
	sql_bind_int64(st, 2, before);
	return sql_exec(db, st, e, "clear sign-in failures");
}

int store_notify_add(struct store *s, const struct notify_row *r, bool *added, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = SQL_TEXTS(db, Q_NOTIFY_ADD, e, r->key, r->org, r->rule, r->object, r->person, r->channel,
					r->subject, r->body, r->state ? r->state : "queued");
	if (!st)
		return e->code;
	sql_bind_int64(st, 10, r->next_at);
	sql_bind_int64(st, 11, r->created_at);
	sql_bind_text(st, 12, r->answer);
	int rc = sql_exec(db, st, e, "queue notification");
	if (!rc && added)
		*added = sql_changes(db) > 0;
	return rc;
}

static void notify_row_of(struct sql_stmt *st, struct notify_row *r)
{
	*r = (struct notify_row){
		.id = sql_col_int64(st, 0),
		.key = sql_col_text(st, 1),
		.org = sql_col_text(st, 2),
		.rule = sql_col_text(st, 3),
		.object = sql_col_text(st, 4),
		.person = sql_col_text(st, 5),
		.channel = sql_col_text(st, 6),
		.subject = sql_col_text(st, 7),
		.body = sql_col_text(st, 8),
		.state = sql_col_text(st, 9),
		.attempts = (int)sql_col_int64(st, 10),
		.next_at = sql_col_int64(st, 11),
		.created_at = sql_col_int64(st, 12),
		.sent_at = sql_col_int64(st, 13),
		.read_at = sql_col_int64(st, 14),
		.answer = sql_col_text(st, 15),
	};
}

static int notify_rows(struct sql_conn *db, struct sql_stmt *st, notify_row_fn fn, void *ctx, bool *any,
		       struct zerr *e)
{
	int rc = 0, step;
	while (!rc && (step = sql_step(st)) == SQL_ROW) {
		struct notify_row r;
		notify_row_of(st, &r);
		if (any)
			*any = true;
		rc = fn(ctx, &r);
	}
	return sql_rows_done(db, st, rc, step, e, "read notifications");
}

int store_notify_claim(struct store *s, int64_t now, const char *worker, int64_t lease_until, notify_row_fn fn,
			   void *ctx, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_NOTIFY_CLAIM, e);
	bool any = false;
	if (!st)
		return e->code;
	sql_bind_int64(st, 1, now);
	sql_bind_text(st, 2, worker);
	sql_bind_int64(st, 3, lease_until);
	int rc = notify_rows(db, st, fn, ctx, &any, e);
	if (!rc && !any)
		rc = zerr_set(e, ZE_NOTFOUND, "no delivery is due");
	return rc;
}

int store_notify_finish(struct store *s, int64_t id, const char *worker, const struct notify_row *r,
			    struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_NOTIFY_FINISH, e);
	if (!st)
		return e->code;
	sql_bind_int64(st, 1, id);
	sql_bind_text(st, 2, worker);
	sql_bind_text(st, 3, r->state);
	sql_bind_int64(st, 4, r->attempts);
	sql_bind_int64(st, 5, r->next_at);
	sql_bind_text(st, 6, r->answer);
	if (r->sent_at)
		sql_bind_int64(st, 7, r->sent_at);
	else
		sql_bind_null(st, 7);
	int rc = sql_exec(db, st, e, "finish delivery");
	if (!rc && sql_changes(db) == 0)
		rc = zerr_set(e, ZE_CONFLICT, "delivery %lld is no longer held by %s", (long long)id, worker);
	return rc;
}

static void bind_notify_filter(struct sql_stmt *st, const struct notify_filter *f)
{
	sql_bind_text(st, 1, f->org);
	sql_bind_text(st, 2, f->person);
	sql_bind_text(st, 3, f->channel);
	sql_bind_text(st, 4, f->state);
	sql_bind_text(st, 5, f->rule);
	sql_bind_int64(st, 6, f->unread);
}

int store_notify_query(struct store *s, const struct notify_filter *f, int64_t offset, int64_t limit,
			   notify_row_fn fn, void *ctx, int64_t *total, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st;
	if (total) {
		if (!(st = sql_stmt(db, Q_NOTIFY_COUNT, e)))
			return e->code;
		bind_notify_filter(st, f);
		int step = sql_step(st);
		*total = step == SQL_ROW ? sql_col_int64(st, 0) : 0;
		sql_reset(st);
		if (step != SQL_ROW)
			return sql_error(db, e, "count notifications");
	}
	if (!(st = sql_stmt(db, Q_NOTIFY_QUERY, e)))
		return e->code;
	bind_notify_filter(st, f);
	sql_bind_int64(st, 7, limit < 0 ? INT64_MAX : limit);
	sql_bind_int64(st, 8, offset < 0 ? 0 : offset);
	return notify_rows(db, st, fn, ctx, NULL, e);
}

int store_notify_read(struct store *s, const char *person, int64_t id, int64_t at, int64_t *n, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_NOTIFY_READ, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, person);
	sql_bind_int64(st, 2, id);
	sql_bind_int64(st, 3, at);
	int rc = sql_exec(db, st, e, "mark notifications read");
	if (!rc && n)
		*n = sql_changes(db);
	return rc;
}

int store_notify_channel_each(struct store *s, const char *org, notify_channel_fn fn, void *ctx, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_NOTIFY_CHANNEL_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	sql_bind_text(st, 1, org);
	while (!rc && (step = sql_step(st)) == SQL_ROW) {
		size_t secret_len;
		const void *secret = sql_col_blob(st, 4, &secret_len);
		struct notify_channel_row r = {
			.org = sql_col_text(st, 0),
			.channel = sql_col_text(st, 1),
			.enabled = sql_col_int64(st, 2) != 0,
			.settings = sql_col_text(st, 3),
			.secret = secret,
			.secret_len = secret_len,
			.updated_at = sql_col_int64(st, 5),
		};
		rc = fn(ctx, &r);
	}
	return sql_rows_done(db, st, rc, step, e, "read notification channels");
}

int store_notify_channel_put(struct store *s, const struct notify_channel_row *r, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = SQL_TEXTS(db, Q_NOTIFY_CHANNEL_PUT, e, r->org, r->channel);
	if (!st)
		return e->code;
	sql_bind_int64(st, 3, r->enabled);
	sql_bind_text(st, 4, r->settings);
	if (r->secret)
		sql_bind_blob(st, 5, r->secret, r->secret_len);
	else
		sql_bind_null(st, 5);
	sql_bind_int64(st, 6, r->updated_at);
	return sql_exec(db, st, e, "write notification channel");
}

/* Copies text into buf at *used, returning where, or "" when it does not fit. */
static const char *buf_copy(char *buf, size_t n, size_t *used, const char *text)
{
	size_t len = text ? strlen(text) : 0;
	if (*used + len + 1 > n)
		return "";
	char *at = buf + *used;
	memcpy(at, text ? text : "", len + 1);
	*used += len + 1;
	return at;
}

int store_notify_pref_get(struct store *s, const char *person, struct notify_pref_row *out, char *buf, size_t n,
			      struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_NOTIFY_PREF_GET, e);
	size_t used = 0;
	int rc = 0;
	*out = (struct notify_pref_row){.person = person, .email = "", .muted = ""};
	if (!st)
		return e->code;
	sql_bind_text(st, 1, person);
	int step = sql_step(st);
	if (step == SQL_ROW) {
		out->email = buf_copy(buf, n, &used, sql_col_text(st, 0));
		out->muted = buf_copy(buf, n, &used, sql_col_text(st, 1));
		out->quiet_from = (int)sql_col_int64(st, 2);
		out->quiet_to = (int)sql_col_int64(st, 3);
	} else if (step != SQL_DONE) {
		rc = sql_error(db, e, "read notification preferences");
	}
	sql_reset(st);
	return rc;
}

int store_notify_pref_put(struct store *s, const struct notify_pref_row *r, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = SQL_TEXTS(db, Q_NOTIFY_PREF_PUT, e, r->person, r->email && *r->email ? r->email : NULL,
					r->muted ? r->muted : "");
	if (!st)
		return e->code;
	sql_bind_int64(st, 4, r->quiet_from);
	sql_bind_int64(st, 5, r->quiet_to);
	return sql_exec(db, st, e, "write notification preferences");
}

int store_notify_plan_claim(struct store *s, const char *org, const char *day, int64_t gen, int64_t now,
				int64_t lease_until, bool *claimed, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = SQL_TEXTS(db, Q_NOTIFY_PLAN_CLAIM, e, org, day);
	if (!st)
		return e->code;
	sql_bind_int64(st, 3, gen);
	sql_bind_int64(st, 4, now);
	sql_bind_int64(st, 5, lease_until);
	int step = sql_step(st);
	*claimed = step == SQL_ROW;
	if (step == SQL_ROW)
		step = sql_step(st);
	sql_reset(st);
	return step == SQL_DONE ? 0 : sql_error(db, e, "claim the planning of reminders");
}

int store_notify_plan_done(struct store *s, const char *org, const char *day, int64_t now, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = SQL_TEXTS(db, Q_NOTIFY_PLAN_DONE, e, org, day);
	if (!st)
		return e->code;
	sql_bind_int64(st, 3, now);
	return sql_exec(db, st, e, "finish the planning of reminders");
}

int store_notify_plan_last(struct store *s, const char *org, const char *before, char day[ZDATE_BUFSZ],
			       struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = SQL_TEXTS(db, Q_NOTIFY_PLAN_LAST, e, org, before);
	if (!st)
		return e->code;
	int step = sql_step(st);
	const char *t = step == SQL_ROW ? sql_col_text(st, 0) : NULL;
	snprintf(day, ZDATE_BUFSZ, "%s", t ? t : "");
	sql_reset(st);
	return step == SQL_ROW ? 0 : sql_error(db, e, "read the last day reminders were planned");
}


int store_document_put(struct store *s, const struct document_row *r, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_DOC_PUT, e);
	if (!st)
		return e->code;
	const char *t[] = {r->number, r->org,  r->kind, r->person, r->department, r->post, r->title, r->from,
			   r->to,     r->date, r->sha256, r->sm3};
	for (int i = 0; i < 12; i++)
		sql_bind_text(st, i + 1, t[i]);
	sql_bind_int64(st, 13, r->pages);
	sql_bind_text(st, 14, r->campaign);
	sql_bind_text(st, 15, r->status);
	sql_bind_text(st, 16, r->generated_by);
	sql_bind_text(st, 17, r->generated_at);
	int rc = sql_exec(db, st, e, "save document");
	return rc ? rc : sql_business_write(db, e);
}

int store_document_set_status(struct store *s, const char *number, const char *status, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = SQL_TEXTS(db, Q_DOC_STATUS, e, number, status);
	if (!st)
		return e->code;
	int rc = sql_exec(db, st, e, "set document status");
	if (!rc && sql_changes(db) != 1)
		return zerr_set(e, ZE_NOTFOUND, "no document %.100s", number);
	return rc ? rc : sql_business_write(db, e);
}

int store_document_each(struct store *s, enum document_key key, const char *text, document_row_fn fn, void *ctx,
			    struct zerr *e)
{
	static const enum sql_id ids[] = {[DOCUMENT_BY_NUMBER] = Q_DOC_BY_NUMBER, [DOCUMENT_BY_SHA256] = Q_DOC_BY_SHA256,
					   [DOCUMENT_BY_CAMPAIGN] = Q_DOC_BY_CAMPAIGN, [DOCUMENT_BY_ORG] = Q_DOC_BY_ORG};
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, ids[key], e);
	int rc = 0, step;
	if (!st)
		return e->code;
	sql_bind_text(st, 1, text);
	while (!rc && (step = sql_step(st)) == SQL_ROW) {
		struct document_row r = {
			.number = sql_col_text(st, 0), .org = sql_col_text(st, 1), .kind = sql_col_text(st, 2),
			.person = sql_col_text(st, 3), .department = sql_col_text(st, 4), .post = sql_col_text(st, 5),
			.title = sql_col_text(st, 6), .from = sql_col_text(st, 7), .to = sql_col_text(st, 8),
			.date = sql_col_text(st, 9), .sha256 = sql_col_text(st, 10), .sm3 = sql_col_text(st, 11),
			.pages = (int)sql_col_int64(st, 12), .campaign = sql_col_text(st, 13), .status = sql_col_text(st, 14),
			.generated_by = sql_col_text(st, 15), .generated_at = sql_col_text(st, 16),
		};
		rc = fn(ctx, &r);
	}
	return sql_rows_done(db, st, rc, step, e, "read documents");
}

int store_signature_insert(struct store *s, const struct signature_row *r, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_SIG_INSERT, e);
	if (!st)
		return e->code;
	const char *t[] = {r->number, r->method, r->signer,      r->account, r->signed_at, r->signed_on,
			   r->sha256, r->sm3,    r->scan_sha256, r->alg,     r->key_id,    r->signature};
	for (int i = 0; i < 12; i++)
		sql_bind_text(st, i + 1, t[i]);
	int rc = sql_exec(db, st, e, "save signature");
	return rc ? rc : sql_business_write(db, e);
}

int store_signature_each(struct store *s, const char *number, signature_row_fn fn, void *ctx, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_SIG_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	sql_bind_text(st, 1, number);
	while (!rc && (step = sql_step(st)) == SQL_ROW) {
		struct signature_row r = {
			.id = sql_col_int64(st, 0), .number = sql_col_text(st, 1), .method = sql_col_text(st, 2),
			.signer = sql_col_text(st, 3), .account = sql_col_text(st, 4), .signed_at = sql_col_text(st, 5),
			.signed_on = sql_col_text(st, 6), .sha256 = sql_col_text(st, 7), .sm3 = sql_col_text(st, 8),
			.scan_sha256 = sql_col_text(st, 9), .alg = sql_col_text(st, 10), .key_id = sql_col_text(st, 11),
			.signature = sql_col_text(st, 12),
		};
		rc = fn(ctx, &r);
	}
	return sql_rows_done(db, st, rc, step, e, "read signatures");
}

int store_campaign_insert(struct store *s, const struct campaign_row *r, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = SQL_TEXTS(db, Q_CAMPAIGN_INSERT, e, r->id, r->org, r->kind);
	if (!st)
		return e->code;
	if (r->year)
		sql_bind_int64(st, 4, r->year);
	sql_bind_text(st, 5, r->title);
	sql_bind_text(st, 6, r->date);
	sql_bind_text(st, 7, r->created_by);
	sql_bind_text(st, 8, r->created_at);
	int rc = sql_exec(db, st, e, "save campaign");
	return rc ? rc : sql_business_write(db, e);
}

int store_campaign_close(struct store *s, const char *id, const char *at, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = SQL_TEXTS(db, Q_CAMPAIGN_CLOSE, e, id, at);
	if (!st)
		return e->code;
	int rc = sql_exec(db, st, e, "close campaign");
	if (!rc && sql_changes(db) != 1)
		return zerr_set(e, ZE_CONFLICT, "campaign %.100s is not open", id);
	return rc ? rc : sql_business_write(db, e);
}

int store_campaign_each(struct store *s, const char *id, const char *org, campaign_row_fn fn, void *ctx,
			    struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_CAMPAIGN_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	sql_bind_text(st, 1, id);
	sql_bind_text(st, 2, org);
	while (!rc && (step = sql_step(st)) == SQL_ROW) {
		struct campaign_row r = {
			.id = sql_col_text(st, 0), .org = sql_col_text(st, 1), .kind = sql_col_text(st, 2),
			.year = (int)sql_col_int64(st, 3), .title = sql_col_text(st, 4), .date = sql_col_text(st, 5),
			.status = sql_col_text(st, 6), .created_by = sql_col_text(st, 7), .created_at = sql_col_text(st, 8),
			.closed_at = sql_col_text(st, 9),
		};
		rc = fn(ctx, &r);
	}
	return sql_rows_done(db, st, rc, step, e, "read campaigns");
}

int store_fed_key_put(struct store *s, const struct fed_key_row *r, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = SQL_TEXTS(db, Q_FEDKEY_PUT, e, r->org, r->direction, r->name, r->alg, r->key_id,
					r->public_key, r->registered_at);
	if (!st)
		return e->code;
	return sql_exec(db, st, e, "register federation key");
}

int store_fed_key_each(struct store *s, const char *org, const char *direction, fed_key_fn fn, void *ctx,
			   struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_FEDKEY_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	sql_bind_text(st, 1, org);
	sql_bind_text(st, 2, direction);
	while (!rc && (step = sql_step(st)) == SQL_ROW) {
		struct fed_key_row r = {
			.org = sql_col_text(st, 0), .direction = sql_col_text(st, 1), .name = sql_col_text(st, 2),
			.alg = sql_col_text(st, 3), .key_id = sql_col_text(st, 4), .public_key = sql_col_text(st, 5),
			.registered_at = sql_col_text(st, 6),
		};
		rc = fn(ctx, &r);
	}
	return sql_rows_done(db, st, rc, step, e, "read federation keys");
}

/* Statement id (Q_REPORTED_PUT, Q_REPORTED_PACKAGE_PUT) with the columns of r bound. */
static struct sql_stmt *reported_stmt(struct sql_conn *db, enum sql_id id, const struct reported_row *r, struct zerr *e)
{
	return SQL_TEXTS(db, id, e, r->org, r->name, r->parent, r->as_of, r->key_id, r->alg, r->sha256, r->imported_at,
			 r->body);
}

int store_reported_put(struct store *s, const struct reported_row *r, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = reported_stmt(db, Q_REPORTED_PUT, r, e);
	if (!st || sql_exec(db, st, e, "keep reported unit"))
		return e->code;
	/* and the package among every one it sent (the trend's points) */
	if (!(st = reported_stmt(db, Q_REPORTED_PACKAGE_PUT, r, e)))
		return e->code;
	return sql_exec(db, st, e, "keep reported package");
}

int store_reported_each(struct store *s, const char *org, reported_fn fn, void *ctx, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_REPORTED_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	sql_bind_text(st, 1, org);
	while (!rc && (step = sql_step(st)) == SQL_ROW) {
		struct reported_row r = {
			.org = sql_col_text(st, 0), .name = sql_col_text(st, 1), .parent = sql_col_text(st, 2), .as_of = sql_col_text(st, 3),
			.key_id = sql_col_text(st, 4), .alg = sql_col_text(st, 5), .sha256 = sql_col_text(st, 6),
			.imported_at = sql_col_text(st, 7), .body = sql_col_text(st, 8),
		};
		rc = fn(ctx, &r);
	}
	return sql_rows_done(db, st, rc, step, e, "read reported units");
}

/* ---- the trend's points: every package a federated unit sent (migration 026) ---- */

int store_reported_points(struct store *s, const char *org, const char *from, const char *to, reported_fn fn,
			      void *ctx, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_REPORTED_POINTS, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	sql_bind_text(st, 1, org);
	sql_bind_text(st, 2, from);
	sql_bind_text(st, 3, to);
	while (!rc && (step = sql_step(st)) == SQL_ROW) {
		struct reported_row r = {
			.org = sql_col_text(st, 0), .name = sql_col_text(st, 1), .parent = sql_col_text(st, 2), .as_of = sql_col_text(st, 3),
			.key_id = sql_col_text(st, 4), .alg = sql_col_text(st, 5), .sha256 = sql_col_text(st, 6),
			.imported_at = sql_col_text(st, 7), .body = sql_col_text(st, 8),
		};
		rc = fn(ctx, &r);
	}
	return sql_rows_done(db, st, rc, step, e, "read reported packages");
}

/* ---- zeren migrate: reading and writing every row as it is ---- */

int store_session_each(struct store *s, session_row_fn fn, void *ctx, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_SESSION_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	while (!rc && (step = sql_step(st)) == SQL_ROW) {
		struct session_row r = {.account = sql_col_int64(st, 2),
					.created_at = sql_col_int64(st, 3),
					.last_seen_at = sql_col_int64(st, 4)};
		snprintf(r.hash, sizeof r.hash, "%s", sql_col_text(st, 0) ? sql_col_text(st, 0) : "");
		snprintf(r.csrf, sizeof r.csrf, "%s", sql_col_text(st, 1) ? sql_col_text(st, 1) : "");
		rc = fn(ctx, &r, sql_col_text(st, 5));
	}
	return sql_rows_done(db, st, rc, step, e, "read sessions");
}

int store_unit_setting_each(struct store *s, unit_setting_fn fn, void *ctx, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_UNIT_SETTING_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	while (!rc && (step = sql_step(st)) == SQL_ROW)
		rc = fn(ctx, sql_col_text(st, 0), sql_col_text(st, 1), sql_col_text(st, 2));
	return sql_rows_done(db, st, rc, step, e, "read unit settings");
}

int store_notify_insert(struct store *s, const struct notify_row *r, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_NOTIFY_INSERT, e);
	if (!st)
		return e->code;
	sql_bind_int64(st, 1, r->id);
	sql_bind_text(st, 2, r->key);
	sql_bind_text(st, 3, r->org);
	sql_bind_text(st, 4, r->rule);
	sql_bind_text(st, 5, r->object);
	sql_bind_text(st, 6, r->person);
	sql_bind_text(st, 7, r->channel);
	sql_bind_text(st, 8, r->subject);
	sql_bind_text(st, 9, r->body);
	sql_bind_text(st, 10, r->state);
	sql_bind_int64(st, 11, r->attempts);
	sql_bind_int64(st, 12, r->next_at);
	sql_bind_int64(st, 13, r->created_at);
	sql_bind_int64(st, 14, r->sent_at);
	sql_bind_int64(st, 15, r->read_at);
	sql_bind_text(st, 16, r->answer);
	if (sql_exec(db, st, e, "copy notification"))
		return e->code;
	/* The id was given: PostgreSQL's identity must not hand it out again (SQLite's rowid follows by
	 * itself; its text only reads). */
	if (!(st = sql_stmt(db, Q_NOTIFY_SEQ, e)))
		return e->code;
	int rc = sql_step(st) == SQL_ROW ? 0 : sql_error(db, e, "advance notification ids");
	sql_reset(st);
	return rc;
}

int store_audit_anchor_put(struct store *s, int64_t before_seq, const char anchor[65], struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_AUDIT_ANCHOR_PUT, e);
	int rc;
	if (!st)
		return e->code;
	sql_bind_int64(st, 1, before_seq);
	sql_bind_text(st, 2, anchor);
	if ((rc = sql_exec(db, st, e, "record audit anchor")))
		return rc;
	if (sql_changes(db) != 1)
		return zerr_set(e, ZE_CONFLICT, "the audit log is not empty: its anchor cannot be set");
	return 0;
}

/* ---- a unit's dictionary and announcements (migration 025) ---- */

int store_dict_each(struct store *s, const char *org, const char *list, dict_row_fn fn, void *ctx, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_DICT_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	sql_bind_text(st, 1, org);
	sql_bind_text(st, 2, list);
	while (!rc && (step = sql_step(st)) == SQL_ROW) {
		struct dict_row r = {
			.org = sql_col_text(st, 0), .list = sql_col_text(st, 1), .value = sql_col_text(st, 2), .label = sql_col_text(st, 3),
			.label_en = sql_col_text(st, 4), .sort = (int)sql_col_int64(st, 5), .enabled = (int)sql_col_int64(st, 6),
		};
		rc = fn(ctx, &r);
	}
	return sql_rows_done(db, st, rc, step, e, "read dictionary");
}

int store_dict_put(struct store *s, const struct dict_row *r, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = SQL_TEXTS(db, Q_DICT_PUT, e, r->org, r->list, r->value, r->label, r->label_en);
	if (!st)
		return e->code;
	sql_bind_int64(st, 6, r->sort);
	sql_bind_int64(st, 7, r->enabled);
	return sql_exec(db, st, e, "write dictionary entry");
}

int store_announce_put(struct store *s, struct announce_row *r, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	bool insert = r->id == 0;
	struct sql_stmt *st = sql_stmt(db, insert ? Q_ANNOUNCE_INSERT : Q_ANNOUNCE_UPDATE, e);
	int rc;
	if (!st)
		return e->code;
	if (insert) {
		sql_bind_text(st, 1, r->org);
		sql_bind_text(st, 2, r->title);
		sql_bind_text(st, 3, r->body);
		sql_bind_text(st, 4, r->status);
		sql_bind_text(st, 5, r->publish_on);
		sql_bind_text(st, 6, r->expires_on);
		sql_bind_text(st, 7, r->author);
		sql_bind_int64(st, 8, r->created_at);
		sql_bind_int64(st, 9, r->published_at);
		return sql_insert_id(db, st, &r->id, e, "add announcement");
	}
	sql_bind_int64(st, 1, r->id);
	sql_bind_text(st, 2, r->org);
	sql_bind_text(st, 3, r->title);
	sql_bind_text(st, 4, r->body);
	sql_bind_text(st, 5, r->status);
	sql_bind_text(st, 6, r->publish_on);
	sql_bind_text(st, 7, r->expires_on);
	sql_bind_int64(st, 8, r->published_at);
	if ((rc = sql_exec(db, st, e, "update announcement")))
		return rc;
	return sql_changes(db) ? 0 : zerr_set(e, ZE_NOTFOUND, "unit '%s' has no announcement %lld", r->org, (long long)r->id);
}

int store_announce_each(struct store *s, const char *org, int64_t id, announce_row_fn fn, void *ctx,
			    struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_ANNOUNCE_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	sql_bind_text(st, 1, org);
	sql_bind_int64(st, 2, id);
	while (!rc && (step = sql_step(st)) == SQL_ROW) {
		struct announce_row r = {
			.id = sql_col_int64(st, 0), .org = sql_col_text(st, 1), .title = sql_col_text(st, 2),
			.body = sql_col_text(st, 3), .status = sql_col_text(st, 4), .publish_on = sql_col_text(st, 5),
			.expires_on = sql_col_text(st, 6), .author = sql_col_text(st, 7), .created_at = sql_col_int64(st, 8),
			.published_at = sql_col_int64(st, 9),
		};
		rc = fn(ctx, &r);
	}
	return sql_rows_done(db, st, rc, step, e, "read announcements");
}

/* ---- the units a supervisor inspected ---- */

int store_inspected_each(struct store *s, const char *inspector, unit_id_fn fn, void *ctx, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_INSPECTED_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	sql_bind_text(st, 1, inspector);
	while (!rc && (step = sql_step(st)) == SQL_ROW)
		rc = fn(ctx, sql_col_text(st, 0));
	return sql_rows_done(db, st, rc, step, e, "read inspected units");
}

/* ---- the facts' history (migration 010) ---- */

int store_history_put(struct store *s, const char *org, const char *kind, const char *key, const char *at,
			   const char *record, bool fresh, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	assert(db->drv->in_transaction(db));
	struct sql_stmt *st;
	if (fresh)
		goto put;
	if (!(st = SQL_TEXTS(db, Q_HISTORY_LATEST, e, kind, key, org)))
		return e->code;
	int step = sql_step(st);
	if (step != SQL_ROW && step != SQL_DONE) {
		sql_reset(st);
		return sql_error(db, e, "history");
	}
	/* the same as the latest version (or withdrawn again, or never there): nothing new */
	const char *last = step == SQL_ROW ? sql_col_text(st, 0) : NULL;
	bool same = step == SQL_ROW ? (last && record ? strcmp(last, record) == 0 : !last && !record) : !record;
	sql_reset(st);
	if (same)
		return 0;
put:
	if (!(st = SQL_TEXTS(db, Q_HISTORY_PUT, e, at, org, kind, key, record)))
		return e->code;
	return sql_exec(db, st, e, "history");
}

int store_history_seal(struct store *s, int64_t change, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_HISTORY_SEAL, e);
	if (!st)
		return e->code;
	sql_bind_int64(st, 1, change);
	return sql_exec(db, st, e, "history");
}

static int history_rows(struct sql_conn *db, struct sql_stmt *st, history_row_fn fn, void *ctx, struct zerr *e)
{
	int step, rc = 0;
	if (!st)
		return e->code;
	while (!rc && (step = sql_step(st)) == SQL_ROW) {
		struct history_row r = {sql_col_int64(st, 0), sql_col_int64(st, 2), sql_col_text(st, 1),
					sql_col_text(st, 3), sql_col_text(st, 4), sql_col_text(st, 5),
					sql_col_text(st, 6), sql_col_text(st, 7)};
		rc = fn(ctx, &r);
	}
	return sql_rows_done(db, st, rc, step, e, "history");
}

int store_history_as_of(struct store *s, const char *org, const char *before, history_row_fn fn, void *ctx,
			     struct zerr *e)
{
	struct sql_conn *db = s->sql;
	return history_rows(db, SQL_TEXTS(db, org ? Q_HISTORY_AS_OF : Q_HISTORY_AS_OF_ALL, e, org, before), fn, ctx, e);
}

int store_history_each(struct store *s, const char *org, const char *kind, const char *key, history_row_fn fn,
			    void *ctx, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	return history_rows(db, SQL_TEXTS(db, Q_HISTORY_EACH, e, org, kind, key), fn, ctx, e);
}

int store_delete_appt(struct store *s, const char *natural_key, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_DELETE_APPT, e);
	if (!st || sql_business_write(db, e))
		return e->code;
	sql_bind_text(st, 1, natural_key);
	return sql_exec(db, st, e, "withdraw appointment");
}
