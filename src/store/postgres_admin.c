/* The PostgreSQL backend: the audit log, accounts and sessions, requests and sign-in throttling,
 * evaluation rounds, policy versions, unit settings, notifications, documents and federation. */
#include <errno.h>
#include <string.h>

#include "store/pg.h"

static void copy_hash(char out[65], const char *hex)
{
	snprintf(out, 65, "%s", hex ? hex : "");
}

/* Reads one row of a two-column (integer, hash) statement; 0 and "" when there is none. */
static int audit_pair(struct pg_store *ps, enum stmt_id id, int64_t *n, char hash[65], bool *found,
		      struct zerr *e)
{
	struct pq_stmt *st = pg_stmt(ps, id, e);
	if (!st)
		return e->code;
	int rc = pq_step(st);
	*found = rc == PQ_ROW;
	*n = *found ? pq_column_int64(st, 0) : 0;
	copy_hash(hash, *found ? col_text(st, 1) : "");
	pq_reset(st);
	if (rc != PQ_ROW && rc != PQ_DONE)
		return pg_db_error(ps, e, "read audit log");
	return 0;
}

static int pg_audit_last(struct store *s, int64_t *seq, char hash[65], struct zerr *e)
{
	struct pg_store *ps = PS(s);
	bool found;
	int rc = audit_pair(ps, S_AUDIT_LAST, seq, hash, &found, e);
	if (!rc && !found)
		rc = audit_pair(ps, S_AUDIT_LAST_PURGE, seq, hash, &found, e);
	if (!rc && !found) {
		*seq = 0;
		memset(hash, '0', 64);
		hash[64] = 0;
	}
	return rc;
}

static int pg_audit_anchor(struct store *s, int64_t *before_seq, char anchor[65], struct zerr *e)
{
	bool found;
	return audit_pair(PS(s), S_AUDIT_ANCHOR, before_seq, anchor, &found, e);
}

static int pg_audit_insert(struct store *s, const struct audit_entry *a, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_AUDIT_INSERT, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, a->seq);
	bind_text(st, 2, a->at);
	bind_text(st, 3, a->account);
	bind_text(st, 4, a->source);
	bind_text(st, 5, a->action);
	bind_text(st, 6, a->object);
	pq_bind_int64(st, 7, a->success);
	bind_text(st, 8, a->detail);
	bind_text(st, 9, a->prev_hash);
	bind_text(st, 10, a->hash);
	return pg_exec_stmt(ps, st, e, "append to audit log");
}

/* Calls fn for each audit record the prepared statement st yields (columns in table order). */
static int audit_rows(struct pg_store *ps, struct pq_stmt *st, audit_row_fn fn, void *ctx, struct zerr *e)
{
	int rc = 0, step;
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct audit_entry a = {
			.seq = pq_column_int64(st, 0),
			.at = col_text(st, 1),
			.account = col_text(st, 2),
			.source = col_text(st, 3),
			.action = col_text(st, 4),
			.object = col_text(st, 5),
			.success = pq_column_int(st, 6) != 0,
			.detail = col_text(st, 7),
		};
		copy_hash(a.prev_hash, col_text(st, 8));
		copy_hash(a.hash, col_text(st, 9));
		rc = fn(ctx, &a);
	}
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read audit log");
	pq_reset(st);
	return rc;
}

static int pg_audit_each(struct store *s, int64_t from_seq, audit_row_fn fn, void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_AUDIT_EACH, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, from_seq);
	return audit_rows(ps, st, fn, ctx, e);
}

static int pg_audit_purge(struct store *s, int64_t before_seq, int64_t *purged, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_AUDIT_PURGE_MARK, e);
	int rc;
	*purged = 0;
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, before_seq);
	if ((rc = pg_exec_stmt(ps, st, e, "mark audit purge")))
		return rc;
	if (pq_changes(ps) == 0)
		return 0; /* nothing before before_seq is left */
	if (!(st = pg_stmt(ps, S_AUDIT_PURGE, e)))
		return e->code;
	pq_bind_int64(st, 1, before_seq);
	if ((rc = pg_exec_stmt(ps, st, e, "purge audit log")))
		return rc;
	*purged = pq_changes(ps);
	return 0;
}

static int read_generation(struct store *s, enum stmt_id id, int64_t *gen, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, id, e);
	if (!st)
		return e->code;
	int step = pq_step(st), rc = 0;
	if (step == PQ_ROW)
		*gen = pq_column_int64(st, 0);
	else
		rc = step == PQ_DONE ? zerr_set(e, ZE_IO, "database: the generation row is missing")
					 : pg_db_error(ps, e, "read store generation");
	pq_reset(st);
	return rc;
}

static int pg_generation(struct store *s, int64_t *gen, struct zerr *e)
{
	return read_generation(s, S_GEN_GET, gen, e);
}

static int pg_auth_generation(struct store *s, int64_t *gen, struct zerr *e)
{
	return read_generation(s, S_AUTH_GEN_GET, gen, e);
}

static int pg_calendar_generation(struct store *s, int64_t *gen, struct zerr *e)
{
	return read_generation(s, S_CAL_GEN_GET, gen, e);
}

static void bind_audit_filter(struct pq_stmt *st, const struct audit_filter *f)
{
	bind_text(st, 1, f->account);
	bind_text(st, 2, f->action_prefix && *f->action_prefix ? f->action_prefix : NULL);
	bind_text(st, 3, f->object);
	if (f->success >= 0)
		pq_bind_int64(st, 4, f->success ? 1 : 0);
	bind_text(st, 5, f->at_from);
	bind_text(st, 6, f->at_to);
}

static int pg_audit_query(struct store *s, const struct audit_filter *f, int64_t offset, int64_t limit,
			  audit_row_fn fn, void *ctx, int64_t *total, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st;
	int step;
	if (total) {
		if (!(st = pg_stmt(ps, S_AUDIT_COUNT, e)))
			return e->code;
		bind_audit_filter(st, f);
		step = pq_step(st);
		*total = step == PQ_ROW ? pq_column_int64(st, 0) : 0;
		pq_reset(st);
		if (step != PQ_ROW)
			return pg_db_error(ps, e, "count audit records");
	}
	if (!(st = pg_stmt(ps, f->oldest_first ? S_AUDIT_OLDEST : S_AUDIT_NEWEST, e)))
		return e->code;
	bind_audit_filter(st, f);
	pq_bind_int64(st, 7, limit < 0 ? -1 : limit);
	pq_bind_int64(st, 8, offset < 0 ? 0 : offset);
	return audit_rows(ps, st, fn, ctx, e);
}

static int pg_account_each(struct store *s, enum account_key key, const char *text, int64_t id, account_row_fn fn,
			   void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	static const enum stmt_id ids[] = {[ACCOUNT_ALL] = S_ACCOUNT_ALL, [ACCOUNT_BY_NAME] = S_ACCOUNT_BY_NAME,
					   [ACCOUNT_BY_ID] = S_ACCOUNT_BY_ID,
					   [ACCOUNT_BY_CALENDAR] = S_ACCOUNT_BY_CALENDAR};
	struct pq_stmt *st = pg_stmt(ps, ids[key], e);
	int rc = 0, step;
	if (!st)
		return e->code;
	if (key == ACCOUNT_BY_ID)
		pq_bind_int64(st, 1, id);
	else if (key != ACCOUNT_ALL)
		bind_text(st, 1, text);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct account_row a = {
			.id = pq_column_int64(st, 0),
			.username = col_text(st, 1),
			.display_name = col_text(st, 2),
			.person = col_text(st, 3),
			.department = col_text(st, 4),
			.password_hash = col_text(st, 5),
			.calendar_token = col_text(st, 6),
			.org = col_text(st, 7),
			.roles = col_text(st, 8),
			.must_change = pq_column_int(st, 9) != 0,
			.disabled = pq_column_int(st, 10) != 0,
			.failures = pq_column_int(st, 11),
			.locked_until = pq_column_int64(st, 12),
			.created_at = pq_column_int64(st, 13),
			.password_changed_at = pq_column_int64(st, 14),
			.last_login_at = pq_column_int64(st, 15),
		};
		if (!a.username || !a.display_name || !a.password_hash || !a.roles) {
			rc = zerr_set(e, ZE_IO, "database: account row %lld is incomplete", (long long)a.id);
			break;
		}
		rc = fn(ctx, &a);
	}
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read accounts");
	pq_reset(st);
	return rc;
}

/* The columns insert and update share, from $2 on in update's order. */
static void bind_account(struct pq_stmt *st, const struct account_row *a, int first)
{
	bind_text(st, first, a->display_name);
	bind_text(st, first + 1, a->person);
	bind_text(st, first + 2, a->department);
	bind_text(st, first + 3, a->password_hash);
	bind_text(st, first + 4, a->calendar_token);
	pq_bind_int64(st, first + 5, a->must_change);
	pq_bind_int64(st, first + 6, a->disabled);
	pq_bind_int64(st, first + 7, a->failures);
	pq_bind_int64(st, first + 8, a->locked_until);
}

static int pg_account_insert(struct store *s, const struct account_row *a, int64_t *id, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_ACCOUNT_INSERT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, a->username);
	bind_account(st, a, 2);
	pq_bind_int64(st, 11, a->created_at);
	pq_bind_int64(st, 12, a->password_changed_at);
	if (a->last_login_at)
		pq_bind_int64(st, 13, a->last_login_at);
	int rc = pg_insert_id(ps, st, id, e, "create account");
	if (rc == ZE_CONFLICT)
		return zerr_set(e, ZE_CONFLICT, "账号 %s 已存在 / account '%s' exists already", a->username, a->username);
	return rc;
}

static int pg_account_update(struct store *s, const struct account_row *a, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_ACCOUNT_UPDATE, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, a->id);
	bind_account(st, a, 2);
	pq_bind_int64(st, 11, a->password_changed_at);
	if (a->last_login_at)
		pq_bind_int64(st, 12, a->last_login_at);
	int rc = pg_exec_stmt(ps, st, e, "save account");
	if (!rc && pq_changes(ps) == 0)
		rc = zerr_set(e, ZE_NOTFOUND, "no account with id %lld", (long long)a->id);
	return rc;
}

static int pg_account_set_roles(struct store *s, int64_t id, const char *const *roles, size_t n, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_ROLES_CLEAR, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, id);
	int rc = pg_exec_stmt(ps, st, e, "save roles");
	for (size_t i = 0; i < n && !rc; i++) {
		if (!(st = pg_stmt(ps, S_ROLE_ADD, e)))
			return e->code;
		pq_bind_int64(st, 1, id);
		bind_text(st, 2, roles[i]);
		int step = pq_step(st);
		if (step != PQ_DONE && strcmp(ps->sqlstate, "23514") == 0) /* check_violation */
			rc = zerr_set(e, ZE_INVALID, "role '%s': the store does not know this role (account %lld unchanged)",
				      roles[i], (long long)id);
		else if (step != PQ_DONE)
			rc = pg_db_error(ps, e, "save roles");
		pq_reset(st);
	}
	return rc;
}

/* Copies the text columns of the one row of a lookup by id; ZE_NOTFOUND when there is none. */
static int lookup_texts(struct pg_store *ps, enum stmt_id id, const char *key, const char *what, char **out[],
			int n, struct zerr *e)
{
	struct pq_stmt *st = pg_stmt(ps, id, e);
	int rc = 0;
	for (int i = 0; i < n; i++)
		*out[i] = NULL;
	if (!st)
		return e->code;
	bind_text(st, 1, key);
	int step = pq_step(st);
	if (step == PQ_ROW) {
		for (int i = 0; i < n && !rc; i++) {
			const char *t = col_text(st, i);
			if (t && !(*out[i] = strdup(t)))
				rc = zerr_set(e, ZE_NOMEM, "out of memory");
		}
	} else if (step == PQ_DONE) {
		rc = zerr_set(e, ZE_NOTFOUND, "没有%s / no %s with id '%s'", what[0] == 'p' ? "该人员" : "该部门", what, key);
	} else {
		rc = pg_db_error(ps, e, what);
	}
	pq_reset(st);
	if (rc)
		for (int i = 0; i < n; i++) {
			free(*out[i]);
			*out[i] = NULL;
		}
	return rc;
}

static int pg_person_brief(struct store *s, const char *id, char **name, char **org, struct zerr *e)
{
	char **out[] = {name, org};
	return lookup_texts(PS(s), S_PERSON_BRIEF, id, "person", out, 2, e);
}

static int pg_dept_org(struct store *s, const char *id, char **org, struct zerr *e)
{
	char **out[] = {org};
	return lookup_texts(PS(s), S_DEPT_ORG, id, "department", out, 1, e);
}

static int pg_session_delete_account(struct store *s, int64_t account, const char *keep, int64_t *n, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_SESSION_DELETE_ACCOUNT, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, account);
	bind_text(st, 2, keep);
	int rc = pg_exec_stmt(ps, st, e, "end sessions");
	if (n)
		*n = rc ? 0 : pq_changes(ps);
	return rc;
}

static int pg_request_insert(struct store *s, const struct request_row *r, int64_t *id, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_REQUEST_INSERT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->kind);
	pq_bind_int64(st, 2, r->account);
	bind_text(st, 3, r->roles);
	bind_text(st, 4, r->department);
	bind_text(st, 5, r->password_hash);
	bind_text(st, 6, r->approver_part);
	bind_text(st, 7, r->requested_by);
	pq_bind_int64(st, 8, r->requested_at);
	int64_t new_id = 0;
	int rc = pg_insert_id(ps, st, &new_id, e, "record request");
	if (!rc && id)
		*id = new_id;
	return rc;
}

static int pg_request_each(struct store *s, int64_t id, const char *status, request_row_fn fn, void *ctx,
			   struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_REQUEST_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, id);
	bind_text(st, 2, status);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct request_row r = {
			.id = pq_column_int64(st, 0),
			.kind = col_text(st, 1),
			.account = pq_column_int64(st, 2),
			.username = col_text(st, 3),
			.roles = col_text(st, 4),
			.department = col_text(st, 5),
			.password_hash = col_text(st, 6),
			.approver_part = col_text(st, 7),
			.requested_by = col_text(st, 8),
			.requested_at = pq_column_int64(st, 9),
			.status = col_text(st, 10),
			.decided_by = col_text(st, 11),
			.decided_at = pq_column_int64(st, 12),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read requests");
	pq_reset(st);
	return rc;
}

static int pg_round_each(struct store *s, const char *org, int year, int64_t id, round_row_fn fn, void *ctx,
			 struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_ROUND_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	pq_bind_int64(st, 2, year);
	pq_bind_int64(st, 3, id);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct round_row r = {
			.id = pq_column_int64(st, 0),
			.org = col_text(st, 1),
			.year = pq_column_int(st, 2),
			.version = pq_column_int(st, 3),
			.state = col_text(st, 4),
			.doc = col_text(st, 5),
			.updated_at = col_text(st, 6),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read evaluation rounds");
	pq_reset(st);
	return rc;
}

static int pg_round_put(struct store *s, struct round_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, r->id ? S_ROUND_UPDATE : S_ROUND_INSERT, e);
	if (!st)
		return e->code;
	if (r->id) {
		pq_bind_int64(st, 1, r->id);
		bind_text(st, 2, r->state);
		bind_text(st, 3, r->doc);
		bind_text(st, 4, r->updated_at);
		/* A step of a round (released, objected, answered) is news for the reminders the same
		 * day: the generation moves, so the day is planned again. */
		int rc = pg_exec_stmt(ps, st, e, "save evaluation round");
		return rc ? rc : pg_business_write(ps, e);
	}
	bind_text(st, 1, r->org);
	pq_bind_int64(st, 2, r->year);
	pq_bind_int64(st, 3, r->version);
	bind_text(st, 4, r->state);
	bind_text(st, 5, r->doc);
	bind_text(st, 6, r->updated_at);
	int step = pq_step(st), rc = 0;
	if (step == PQ_ROW)
		r->id = pq_column_int64(st, 0);
	else
		rc = strcmp(ps->sqlstate, "23505") == 0 /* unique_violation */
			     ? zerr_set(e, ZE_CONFLICT, "round %d of %s for %d exists already", r->version, r->org, r->year)
			     : pg_db_error(ps, e, "save evaluation round");
	pq_reset(st);
	return rc;
}

static int pg_request_decide(struct store *s, int64_t id, const char *status, const char *by, int64_t at,
			     struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_REQUEST_DECIDE, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, id);
	bind_text(st, 2, status);
	bind_text(st, 3, by);
	pq_bind_int64(st, 4, at);
	int rc = pg_exec_stmt(ps, st, e, "decide request");
	if (!rc && pq_changes(ps) != 1)
		rc = zerr_set(e, ZE_CONFLICT, "请求 %lld 已处理 / request %lld is not pending", (long long)id,
			      (long long)id);
	return rc;
}

static int pg_policy_version_insert(struct store *s, const struct policy_version_row *r, int64_t *version,
				    struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_PV_INSERT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->org);
	bind_text(st, 2, r->document);
	bind_text(st, 3, r->reason);
	bind_text(st, 4, r->drafted_by);
	pq_bind_int64(st, 5, r->drafted_at);
	int step = pq_step(st);
	if (step == PQ_ROW)
		*version = pq_column_int64(st, 0);
	pq_reset(st);
	if (step != PQ_ROW)
		return pg_db_error(ps, e, "record policy version");
	return pg_business_write(ps, e);
}

static int pg_policy_version_each(struct store *s, const char *org, int64_t version, const char *status,
				  policy_version_fn fn, void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_PV_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	pq_bind_int64(st, 2, version);
	bind_text(st, 3, status);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct policy_version_row r = {
			.org = col_text(st, 0),
			.version = pq_column_int64(st, 1),
			.document = col_text(st, 2),
			.status = col_text(st, 3),
			.reason = col_text(st, 4),
			.drafted_by = col_text(st, 5),
			.drafted_at = pq_column_int64(st, 6),
			.in_force_from = col_text(st, 7),
			.decided_by = col_text(st, 8),
			.decided_at = pq_column_int64(st, 9),
			.decision_note = col_text(st, 10),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read policy versions");
	pq_reset(st);
	return rc;
}

static int pg_unit_setting_get(struct store *s, const char *org, const char *key, char **value, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_UNIT_SETTING_GET, e);
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, key);
	int rc = 0, step = pq_step(st);
	*value = NULL;
	if (step == PQ_ROW && !(*value = strdup(col_text(st, 0))))
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	else if (step != PQ_ROW && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read unit setting");
	pq_reset(st);
	return rc;
}

static int pg_unit_setting_put(struct store *s, const char *org, const char *key, const char *value, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_UNIT_SETTING_PUT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, key);
	bind_text(st, 3, value);
	int rc = pg_exec_stmt(ps, st, e, "write unit setting");
	return rc ? rc : pg_business_write(ps, e);
}

/* Both writes touch only drafts: a decided version is ZE_CONFLICT (and the trigger of migration
 * 11 stops any other writer). */
static int pv_changed(struct pg_store *ps, const struct policy_version_row *r, struct zerr *e)
{
	if (pq_changes(ps) != 1)
		return zerr_set(e, ZE_CONFLICT, "单位 %s 的策略版本 %lld 不是草稿 / policy version %lld of unit '%s' is not a draft",
				r->org, (long long)r->version, (long long)r->version, r->org);
	return pg_business_write(ps, e);
}

static int pg_policy_version_update(struct store *s, const struct policy_version_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_PV_UPDATE, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->org);
	pq_bind_int64(st, 2, r->version);
	bind_text(st, 3, r->document);
	bind_text(st, 4, r->reason);
	bind_text(st, 5, r->drafted_by);
	pq_bind_int64(st, 6, r->drafted_at);
	int rc = pg_exec_stmt(ps, st, e, "update policy version");
	return rc ? rc : pv_changed(ps, r, e);
}

static int pg_policy_version_decide(struct store *s, const struct policy_version_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_PV_DECIDE, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->org);
	pq_bind_int64(st, 2, r->version);
	bind_text(st, 3, r->status);
	bind_text(st, 4, r->in_force_from);
	bind_text(st, 5, r->decided_by);
	pq_bind_int64(st, 6, r->decided_at);
	bind_text(st, 7, r->decision_note);
	int rc = pg_exec_stmt(ps, st, e, "decide policy version");
	return rc ? rc : pv_changed(ps, r, e);
}

static int pg_throttle_get(struct store *s, const char *username, const char *source, struct throttle_row *out,
			   struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_THROTTLE_GET, e);
	int rc = 0;
	memset(out, 0, sizeof *out);
	if (!st)
		return e->code;
	bind_text(st, 1, username);
	bind_text(st, 2, source);
	int step = pq_step(st);
	if (step == PQ_ROW) {
		out->failures = pq_column_int(st, 0);
		out->locks = pq_column_int(st, 1);
		out->locked_until = pq_column_int64(st, 2);
		out->last_failure_at = pq_column_int64(st, 3);
	} else if (step != PQ_DONE) {
		rc = pg_db_error(ps, e, "read sign-in failures");
	}
	pq_reset(st);
	return rc;
}

static int pg_throttle_put(struct store *s, const char *username, const char *source, const struct throttle_row *r,
			   struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_THROTTLE_PUT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, username);
	bind_text(st, 2, source);
	pq_bind_int64(st, 3, r->failures);
	pq_bind_int64(st, 4, r->locks);
	pq_bind_int64(st, 5, r->locked_until);
	pq_bind_int64(st, 6, r->last_failure_at);
	return pg_exec_stmt(ps, st, e, "count sign-in failure");
}

static int pg_throttle_clear(struct store *s, const char *username, int64_t before, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_THROTTLE_CLEAR, e);
	if (!st)
		return e->code;
	bind_text(st, 1, username);
	pq_bind_int64(st, 2, before);
	return pg_exec_stmt(ps, st, e, "clear sign-in failures");
}

static int pg_notify_add(struct store *s, const struct notify_row *r, bool *added, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_NOTIFY_ADD, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->key);
	bind_text(st, 2, r->org);
	bind_text(st, 3, r->rule);
	bind_text(st, 4, r->object);
	bind_text(st, 5, r->person);
	bind_text(st, 6, r->channel);
	bind_text(st, 7, r->subject);
	bind_text(st, 8, r->body);
	bind_text(st, 9, r->state ? r->state : "queued");
	pq_bind_int64(st, 10, r->next_at);
	pq_bind_int64(st, 11, r->created_at);
	bind_text(st, 12, r->answer);
	int rc = pg_exec_stmt(ps, st, e, "queue notification");
	if (!rc && added)
		*added = pq_changes(ps) > 0;
	return rc;
}

static void notify_row_of(struct pq_stmt *st, struct notify_row *r)
{
	*r = (struct notify_row){
		.id = pq_column_int64(st, 0),
		.key = col_text(st, 1),
		.org = col_text(st, 2),
		.rule = col_text(st, 3),
		.object = col_text(st, 4),
		.person = col_text(st, 5),
		.channel = col_text(st, 6),
		.subject = col_text(st, 7),
		.body = col_text(st, 8),
		.state = col_text(st, 9),
		.attempts = pq_column_int(st, 10),
		.next_at = pq_column_int64(st, 11),
		.created_at = pq_column_int64(st, 12),
		.sent_at = pq_column_int64(st, 13),
		.read_at = pq_column_int64(st, 14),
		.answer = col_text(st, 15),
	};
}

static int notify_rows(struct pg_store *ps, struct pq_stmt *st, notify_row_fn fn, void *ctx, bool *any,
		       struct zerr *e)
{
	int rc = 0, step;
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct notify_row r;
		notify_row_of(st, &r);
		if (any)
			*any = true;
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read notifications");
	pq_reset(st);
	return rc;
}

static int pg_notify_claim(struct store *s, int64_t now, const char *worker, int64_t lease_until, notify_row_fn fn,
			   void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_NOTIFY_CLAIM, e);
	bool any = false;
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, now);
	bind_text(st, 2, worker);
	pq_bind_int64(st, 3, lease_until);
	int rc = notify_rows(ps, st, fn, ctx, &any, e);
	if (!rc && !any)
		rc = zerr_set(e, ZE_NOTFOUND, "no delivery is due");
	return rc;
}

static int pg_notify_finish(struct store *s, int64_t id, const char *worker, const struct notify_row *r,
			    struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_NOTIFY_FINISH, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, id);
	bind_text(st, 2, worker);
	bind_text(st, 3, r->state);
	pq_bind_int64(st, 4, r->attempts);
	pq_bind_int64(st, 5, r->next_at);
	bind_text(st, 6, r->answer);
	if (r->sent_at)
		pq_bind_int64(st, 7, r->sent_at);
	else
		pq_bind_null(st, 7);
	int rc = pg_exec_stmt(ps, st, e, "finish delivery");
	if (!rc && pq_changes(ps) == 0)
		rc = zerr_set(e, ZE_CONFLICT, "delivery %lld is no longer held by %s", (long long)id, worker);
	return rc;
}

static void bind_notify_filter(struct pq_stmt *st, const struct notify_filter *f)
{
	bind_text(st, 1, f->org);
	bind_text(st, 2, f->person);
	bind_text(st, 3, f->channel);
	bind_text(st, 4, f->state);
	bind_text(st, 5, f->rule);
	pq_bind_int64(st, 6, f->unread);
}

static int pg_notify_query(struct store *s, const struct notify_filter *f, int64_t offset, int64_t limit,
			   notify_row_fn fn, void *ctx, int64_t *total, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st;
	if (total) {
		if (!(st = pg_stmt(ps, S_NOTIFY_COUNT, e)))
			return e->code;
		bind_notify_filter(st, f);
		int step = pq_step(st);
		*total = step == PQ_ROW ? pq_column_int64(st, 0) : 0;
		pq_reset(st);
		if (step != PQ_ROW)
			return pg_db_error(ps, e, "count notifications");
	}
	if (!(st = pg_stmt(ps, S_NOTIFY_QUERY, e)))
		return e->code;
	bind_notify_filter(st, f);
	pq_bind_int64(st, 7, limit < 0 ? -1 : limit);
	pq_bind_int64(st, 8, offset < 0 ? 0 : offset);
	return notify_rows(ps, st, fn, ctx, NULL, e);
}

static int pg_notify_read(struct store *s, const char *person, int64_t id, int64_t at, int64_t *n, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_NOTIFY_READ, e);
	if (!st)
		return e->code;
	bind_text(st, 1, person);
	pq_bind_int64(st, 2, id);
	pq_bind_int64(st, 3, at);
	int rc = pg_exec_stmt(ps, st, e, "mark notifications read");
	if (!rc && n)
		*n = pq_changes(ps);
	return rc;
}

static int pg_notify_channel_each(struct store *s, const char *org, notify_channel_fn fn, void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_NOTIFY_CHANNEL_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct notify_channel_row r = {
			.org = col_text(st, 0),
			.channel = col_text(st, 1),
			.enabled = pq_column_int(st, 2) != 0,
			.settings = col_text(st, 3),
			.secret = pq_column_blob(st, 4),
			.secret_len = (size_t)pq_column_bytes(st, 4),
			.updated_at = pq_column_int64(st, 5),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read notification channels");
	pq_reset(st);
	return rc;
}

static int pg_notify_channel_put(struct store *s, const struct notify_channel_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_NOTIFY_CHANNEL_PUT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->org);
	bind_text(st, 2, r->channel);
	pq_bind_int64(st, 3, r->enabled);
	bind_text(st, 4, r->settings);
	if (r->secret)
		pq_bind_blob(st, 5, r->secret, r->secret_len);
	else
		pq_bind_null(st, 5);
	pq_bind_int64(st, 6, r->updated_at);
	return pg_exec_stmt(ps, st, e, "write notification channel");
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

static int pg_notify_pref_get(struct store *s, const char *person, struct notify_pref_row *out, char *buf, size_t n,
			      struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_NOTIFY_PREF_GET, e);
	size_t used = 0;
	int rc = 0;
	*out = (struct notify_pref_row){.person = person, .email = "", .muted = ""};
	if (!st)
		return e->code;
	bind_text(st, 1, person);
	int step = pq_step(st);
	if (step == PQ_ROW) {
		out->email = buf_copy(buf, n, &used, col_text(st, 0));
		out->muted = buf_copy(buf, n, &used, col_text(st, 1));
		out->quiet_from = pq_column_int(st, 2);
		out->quiet_to = pq_column_int(st, 3);
	} else if (step != PQ_DONE) {
		rc = pg_db_error(ps, e, "read notification preferences");
	}
	pq_reset(st);
	return rc;
}

static int pg_notify_pref_put(struct store *s, const struct notify_pref_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_NOTIFY_PREF_PUT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->person);
	bind_text(st, 2, r->email && *r->email ? r->email : NULL);
	bind_text(st, 3, r->muted ? r->muted : "");
	pq_bind_int64(st, 4, r->quiet_from);
	pq_bind_int64(st, 5, r->quiet_to);
	return pg_exec_stmt(ps, st, e, "write notification preferences");
}

static int pg_notify_plan_claim(struct store *s, const char *org, const char *day, int64_t gen, int64_t now,
				int64_t lease_until, bool *claimed, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_NOTIFY_PLAN_CLAIM, e);
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, day);
	pq_bind_int64(st, 3, gen);
	pq_bind_int64(st, 4, now);
	pq_bind_int64(st, 5, lease_until);
	int step = pq_step(st);
	*claimed = step == PQ_ROW;
	if (step == PQ_ROW)
		step = pq_step(st);
	pq_reset(st);
	return step == PQ_DONE ? 0 : pg_db_error(ps, e, "claim the planning of reminders");
}

static int pg_notify_plan_done(struct store *s, const char *org, const char *day, int64_t now, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_NOTIFY_PLAN_DONE, e);
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, day);
	pq_bind_int64(st, 3, now);
	return pg_exec_stmt(ps, st, e, "finish the planning of reminders");
}

static int pg_notify_plan_last(struct store *s, const char *org, const char *before, char day[ZDATE_BUFSZ],
			       struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_NOTIFY_PLAN_LAST, e);
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, before);
	int step = pq_step(st);
	const char *t = step == PQ_ROW ? pq_column_text(st, 0) : NULL;
	snprintf(day, ZDATE_BUFSZ, "%s", t ? t : "");
	pq_reset(st);
	return step == PQ_ROW ? 0 : pg_db_error(ps, e, "read the last day reminders were planned");
}


static int pg_document_put(struct store *s, const struct document_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_DOC_PUT, e);
	if (!st)
		return e->code;
	const char *t[] = {r->number, r->org,  r->kind, r->person, r->department, r->post, r->title, r->from,
			   r->to,     r->date, r->sha256, r->sm3};
	for (int i = 0; i < 12; i++)
		bind_text(st, i + 1, t[i]);
	pq_bind_int64(st, 13, r->pages);
	bind_text(st, 14, r->campaign);
	bind_text(st, 15, r->status);
	bind_text(st, 16, r->generated_by);
	bind_text(st, 17, r->generated_at);
	int rc = pg_exec_stmt(ps, st, e, "save document");
	return rc ? rc : pg_business_write(ps, e);
}

static int pg_document_set_status(struct store *s, const char *number, const char *status, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_DOC_STATUS, e);
	if (!st)
		return e->code;
	bind_text(st, 1, number);
	bind_text(st, 2, status);
	int rc = pg_exec_stmt(ps, st, e, "set document status");
	if (!rc && pq_changes(ps) != 1)
		return zerr_set(e, ZE_NOTFOUND, "no document %.100s", number);
	return rc ? rc : pg_business_write(ps, e);
}

static int pg_document_each(struct store *s, enum document_key key, const char *text, document_row_fn fn, void *ctx,
			    struct zerr *e)
{
	static const enum stmt_id ids[] = {[DOCUMENT_BY_NUMBER] = S_DOC_BY_NUMBER, [DOCUMENT_BY_SHA256] = S_DOC_BY_SHA256,
					   [DOCUMENT_BY_CAMPAIGN] = S_DOC_BY_CAMPAIGN, [DOCUMENT_BY_ORG] = S_DOC_BY_ORG};
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, ids[key], e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, text);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct document_row r = {
			.number = col_text(st, 0), .org = col_text(st, 1), .kind = col_text(st, 2),
			.person = col_text(st, 3), .department = col_text(st, 4), .post = col_text(st, 5),
			.title = col_text(st, 6), .from = col_text(st, 7), .to = col_text(st, 8),
			.date = col_text(st, 9), .sha256 = col_text(st, 10), .sm3 = col_text(st, 11),
			.pages = pq_column_int(st, 12), .campaign = col_text(st, 13), .status = col_text(st, 14),
			.generated_by = col_text(st, 15), .generated_at = col_text(st, 16),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read documents");
	pq_reset(st);
	return rc;
}

static int pg_signature_insert(struct store *s, const struct signature_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_SIG_INSERT, e);
	if (!st)
		return e->code;
	const char *t[] = {r->number, r->method, r->signer,      r->account, r->signed_at, r->signed_on,
			   r->sha256, r->sm3,    r->scan_sha256, r->alg,     r->key_id,    r->signature};
	for (int i = 0; i < 12; i++)
		bind_text(st, i + 1, t[i]);
	int rc = pg_exec_stmt(ps, st, e, "save signature");
	return rc ? rc : pg_business_write(ps, e);
}

static int pg_signature_each(struct store *s, const char *number, signature_row_fn fn, void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_SIG_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, number);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct signature_row r = {
			.id = pq_column_int64(st, 0), .number = col_text(st, 1), .method = col_text(st, 2),
			.signer = col_text(st, 3), .account = col_text(st, 4), .signed_at = col_text(st, 5),
			.signed_on = col_text(st, 6), .sha256 = col_text(st, 7), .sm3 = col_text(st, 8),
			.scan_sha256 = col_text(st, 9), .alg = col_text(st, 10), .key_id = col_text(st, 11),
			.signature = col_text(st, 12),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read signatures");
	pq_reset(st);
	return rc;
}

static int pg_campaign_insert(struct store *s, const struct campaign_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_CAMPAIGN_INSERT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->id);
	bind_text(st, 2, r->org);
	bind_text(st, 3, r->kind);
	if (r->year)
		pq_bind_int64(st, 4, r->year);
	bind_text(st, 5, r->title);
	bind_text(st, 6, r->date);
	bind_text(st, 7, r->created_by);
	bind_text(st, 8, r->created_at);
	int rc = pg_exec_stmt(ps, st, e, "save campaign");
	return rc ? rc : pg_business_write(ps, e);
}

static int pg_campaign_close(struct store *s, const char *id, const char *at, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_CAMPAIGN_CLOSE, e);
	if (!st)
		return e->code;
	bind_text(st, 1, id);
	bind_text(st, 2, at);
	int rc = pg_exec_stmt(ps, st, e, "close campaign");
	if (!rc && pq_changes(ps) != 1)
		return zerr_set(e, ZE_CONFLICT, "campaign %.100s is not open", id);
	return rc ? rc : pg_business_write(ps, e);
}

static int pg_campaign_each(struct store *s, const char *id, const char *org, campaign_row_fn fn, void *ctx,
			    struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_CAMPAIGN_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, id);
	bind_text(st, 2, org);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct campaign_row r = {
			.id = col_text(st, 0), .org = col_text(st, 1), .kind = col_text(st, 2),
			.year = pq_column_int(st, 3), .title = col_text(st, 4), .date = col_text(st, 5),
			.status = col_text(st, 6), .created_by = col_text(st, 7), .created_at = col_text(st, 8),
			.closed_at = col_text(st, 9),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read campaigns");
	pq_reset(st);
	return rc;
}

static int pg_fed_key_put(struct store *s, const struct fed_key_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_FEDKEY_PUT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->org);
	bind_text(st, 2, r->direction);
	bind_text(st, 3, r->name);
	bind_text(st, 4, r->alg);
	bind_text(st, 5, r->key_id);
	bind_text(st, 6, r->public_key);
	bind_text(st, 7, r->registered_at);
	return pg_exec_stmt(ps, st, e, "register federation key");
}

static int pg_fed_key_each(struct store *s, const char *org, const char *direction, fed_key_fn fn, void *ctx,
			   struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_FEDKEY_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, direction);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct fed_key_row r = {
			.org = col_text(st, 0), .direction = col_text(st, 1), .name = col_text(st, 2),
			.alg = col_text(st, 3), .key_id = col_text(st, 4), .public_key = col_text(st, 5),
			.registered_at = col_text(st, 6),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read federation keys");
	pq_reset(st);
	return rc;
}

static int pg_reported_put(struct store *s, const struct reported_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_REPORTED_PUT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->org);
	bind_text(st, 2, r->name);
	bind_text(st, 3, r->parent);
	bind_text(st, 4, r->as_of);
	bind_text(st, 5, r->key_id);
	bind_text(st, 6, r->alg);
	bind_text(st, 7, r->sha256);
	bind_text(st, 8, r->imported_at);
	bind_text(st, 9, r->body);
	if (pg_exec_stmt(ps, st, e, "keep reported unit"))
		return e->code;
	/* and the package among every one it sent (the trend's points) */
	if (!(st = pg_stmt(ps, S_REPORTED_PACKAGE_PUT, e)))
		return e->code;
	bind_text(st, 1, r->org);
	bind_text(st, 2, r->name);
	bind_text(st, 3, r->parent);
	bind_text(st, 4, r->as_of);
	bind_text(st, 5, r->key_id);
	bind_text(st, 6, r->alg);
	bind_text(st, 7, r->sha256);
	bind_text(st, 8, r->imported_at);
	bind_text(st, 9, r->body);
	return pg_exec_stmt(ps, st, e, "keep reported package");
}

static int pg_reported_each(struct store *s, const char *org, reported_fn fn, void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_REPORTED_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct reported_row r = {
			.org = col_text(st, 0), .name = col_text(st, 1), .parent = col_text(st, 2), .as_of = col_text(st, 3),
			.key_id = col_text(st, 4), .alg = col_text(st, 5), .sha256 = col_text(st, 6),
			.imported_at = col_text(st, 7), .body = col_text(st, 8),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read reported units");
	pq_reset(st);
	return rc;
}

/* ---- the trend's points: every package a federated unit sent (migration 026) ---- */

static int pg_reported_points(struct store *s, const char *org, const char *from, const char *to, reported_fn fn,
			      void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_REPORTED_POINTS, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, from);
	bind_text(st, 3, to);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct reported_row r = {
			.org = col_text(st, 0), .name = col_text(st, 1), .parent = col_text(st, 2), .as_of = col_text(st, 3),
			.key_id = col_text(st, 4), .alg = col_text(st, 5), .sha256 = col_text(st, 6),
			.imported_at = col_text(st, 7), .body = col_text(st, 8),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read reported packages");
	pq_reset(st);
	return rc;
}

/* ---- zeren migrate: reading and writing every row as it is ---- */

static int pg_session_each(struct store *s, session_row_fn fn, void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_SESSION_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct session_row r = {.account = pq_column_int64(st, 2),
					.created_at = pq_column_int64(st, 3),
					.last_seen_at = pq_column_int64(st, 4)};
		snprintf(r.hash, sizeof r.hash, "%s", col_text(st, 0) ? col_text(st, 0) : "");
		snprintf(r.csrf, sizeof r.csrf, "%s", col_text(st, 1) ? col_text(st, 1) : "");
		rc = fn(ctx, &r, col_text(st, 5));
	}
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read sessions");
	pq_reset(st);
	return rc;
}

static int pg_unit_setting_each(struct store *s, unit_setting_fn fn, void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_UNIT_SETTING_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	while (!rc && (step = pq_step(st)) == PQ_ROW)
		rc = fn(ctx, col_text(st, 0), col_text(st, 1), col_text(st, 2));
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read unit settings");
	pq_reset(st);
	return rc;
}

static int pg_notify_insert(struct store *s, const struct notify_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_NOTIFY_INSERT, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, r->id);
	bind_text(st, 2, r->key);
	bind_text(st, 3, r->org);
	bind_text(st, 4, r->rule);
	bind_text(st, 5, r->object);
	bind_text(st, 6, r->person);
	bind_text(st, 7, r->channel);
	bind_text(st, 8, r->subject);
	bind_text(st, 9, r->body);
	bind_text(st, 10, r->state);
	pq_bind_int64(st, 11, r->attempts);
	pq_bind_int64(st, 12, r->next_at);
	pq_bind_int64(st, 13, r->created_at);
	pq_bind_int64(st, 14, r->sent_at);
	pq_bind_int64(st, 15, r->read_at);
	bind_text(st, 16, r->answer);
	if (pg_exec_stmt(ps, st, e, "copy notification"))
		return e->code;
	/* The id was given: the identity's sequence must not hand it out again. */
	if (!(st = pg_stmt(ps, S_NOTIFY_SEQ, e)))
		return e->code;
	int rc = pq_step(st) == PQ_ROW ? 0 : pg_db_error(ps, e, "advance notification ids");
	pq_reset(st);
	return rc;
}

/* Every identity column of the store's schema (search_path): its sequence's next value is past
 * the column's largest (1 in an empty table). setval is not rolled back, and need not be: run
 * again, it sets the same values from the rows that are there. */
static int pg_ids_follow(struct store *s, struct zerr *e)
{
	return pg_exec_sql(PS(s),
			   "DO $$ DECLARE c record; m bigint; BEGIN "
			   "FOR c IN SELECT table_name, column_name FROM information_schema.columns "
			   "WHERE table_schema = current_schema() AND is_identity = 'YES' LOOP "
			   "EXECUTE format('SELECT max(%I) FROM %I', c.column_name, c.table_name) INTO m; "
			   "PERFORM setval(pg_get_serial_sequence(quote_ident(c.table_name), c.column_name), "
			   "coalesce(m, 1), m IS NOT NULL); "
			   "END LOOP; END $$",
			   e, "set the ids past the rows");
}

static int pg_audit_anchor_put(struct store *s, int64_t before_seq, const char anchor[65], struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_AUDIT_ANCHOR_PUT, e);
	int rc;
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, before_seq);
	bind_text(st, 2, anchor);
	if ((rc = pg_exec_stmt(ps, st, e, "record audit anchor")))
		return rc;
	if (pq_changes(ps) != 1)
		return zerr_set(e, ZE_CONFLICT, "the audit log is not empty: its anchor cannot be set");
	return 0;
}

/* ---- a unit's dictionary and announcements (migration 025) ---- */

static int pg_dict_each(struct store *s, const char *org, const char *list, dict_row_fn fn, void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_DICT_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, list);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct dict_row r = {
			.org = col_text(st, 0), .list = col_text(st, 1), .value = col_text(st, 2), .label = col_text(st, 3),
			.label_en = col_text(st, 4), .sort = pq_column_int(st, 5), .enabled = pq_column_int(st, 6),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read dictionary");
	pq_reset(st);
	return rc;
}

static int pg_dict_put(struct store *s, const struct dict_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_DICT_PUT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->org);
	bind_text(st, 2, r->list);
	bind_text(st, 3, r->value);
	bind_text(st, 4, r->label);
	bind_text(st, 5, r->label_en);
	pq_bind_int64(st, 6, r->sort);
	pq_bind_int64(st, 7, r->enabled);
	return pg_exec_stmt(ps, st, e, "write dictionary entry");
}

static int pg_announce_put(struct store *s, struct announce_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	bool insert = r->id == 0;
	struct pq_stmt *st = pg_stmt(ps, insert ? S_ANNOUNCE_INSERT : S_ANNOUNCE_UPDATE, e);
	int rc;
	if (!st)
		return e->code;
	if (insert) {
		bind_text(st, 1, r->org);
		bind_text(st, 2, r->title);
		bind_text(st, 3, r->body);
		bind_text(st, 4, r->status);
		bind_text(st, 5, r->publish_on);
		bind_text(st, 6, r->expires_on);
		bind_text(st, 7, r->author);
		pq_bind_int64(st, 8, r->created_at);
		pq_bind_int64(st, 9, r->published_at);
		return pg_insert_id(ps, st, &r->id, e, "add announcement");
	}
	pq_bind_int64(st, 1, r->id);
	bind_text(st, 2, r->org);
	bind_text(st, 3, r->title);
	bind_text(st, 4, r->body);
	bind_text(st, 5, r->status);
	bind_text(st, 6, r->publish_on);
	bind_text(st, 7, r->expires_on);
	pq_bind_int64(st, 8, r->published_at);
	if ((rc = pg_exec_stmt(ps, st, e, "update announcement")))
		return rc;
	return pq_changes(ps) ? 0 : zerr_set(e, ZE_NOTFOUND, "unit '%s' has no announcement %lld", r->org, (long long)r->id);
}

static int pg_announce_each(struct store *s, const char *org, int64_t id, announce_row_fn fn, void *ctx,
			    struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_ANNOUNCE_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	pq_bind_int64(st, 2, id);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct announce_row r = {
			.id = pq_column_int64(st, 0), .org = col_text(st, 1), .title = col_text(st, 2),
			.body = col_text(st, 3), .status = col_text(st, 4), .publish_on = col_text(st, 5),
			.expires_on = col_text(st, 6), .author = col_text(st, 7), .created_at = pq_column_int64(st, 8),
			.published_at = pq_column_int64(st, 9),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read announcements");
	pq_reset(st);
	return rc;
}

/* ---- the units a supervisor inspected ---- */

static int pg_inspected_each(struct store *s, const char *inspector, unit_id_fn fn, void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_INSPECTED_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, inspector);
	while (!rc && (step = pq_step(st)) == PQ_ROW)
		rc = fn(ctx, col_text(st, 0));
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "read inspected units");
	pq_reset(st);
	return rc;
}

void pg_admin_ops(struct store_ops *o)
{
	o->audit_last = pg_audit_last;
	o->audit_insert = pg_audit_insert;
	o->audit_each = pg_audit_each;
	o->audit_anchor = pg_audit_anchor;
	o->audit_purge = pg_audit_purge;
	o->generation = pg_generation;
	o->auth_generation = pg_auth_generation;
	o->calendar_generation = pg_calendar_generation;
	o->audit_query = pg_audit_query;
	o->account_each = pg_account_each;
	o->account_insert = pg_account_insert;
	o->account_update = pg_account_update;
	o->account_set_roles = pg_account_set_roles;
	o->person_brief = pg_person_brief;
	o->dept_org = pg_dept_org;
	o->session_insert = sql_session_insert;
	o->session_get = sql_session_get;
	o->session_touch = sql_session_touch;
	o->session_delete = sql_session_delete;
	o->session_delete_account = pg_session_delete_account;
	o->session_purge = sql_session_purge;
	o->request_insert = pg_request_insert;
	o->request_each = pg_request_each;
	o->request_decide = pg_request_decide;
	o->round_each = pg_round_each;
	o->round_put = pg_round_put;
	o->throttle_get = pg_throttle_get;
	o->throttle_put = pg_throttle_put;
	o->throttle_clear = pg_throttle_clear;
	o->policy_version_insert = pg_policy_version_insert;
	o->policy_version_each = pg_policy_version_each;
	o->policy_version_update = pg_policy_version_update;
	o->policy_version_decide = pg_policy_version_decide;
	o->unit_setting_get = pg_unit_setting_get;
	o->unit_setting_put = pg_unit_setting_put;
	o->document_put = pg_document_put;
	o->document_set_status = pg_document_set_status;
	o->document_each = pg_document_each;
	o->signature_insert = pg_signature_insert;
	o->signature_each = pg_signature_each;
	o->campaign_insert = pg_campaign_insert;
	o->campaign_close = pg_campaign_close;
	o->campaign_each = pg_campaign_each;
	o->notify_add = pg_notify_add;
	o->notify_claim = pg_notify_claim;
	o->notify_finish = pg_notify_finish;
	o->notify_query = pg_notify_query;
	o->notify_read = pg_notify_read;
	o->notify_channel_each = pg_notify_channel_each;
	o->notify_channel_put = pg_notify_channel_put;
	o->notify_pref_get = pg_notify_pref_get;
	o->notify_pref_put = pg_notify_pref_put;
	o->notify_plan_claim = pg_notify_plan_claim;
	o->notify_plan_done = pg_notify_plan_done;
	o->notify_plan_last = pg_notify_plan_last;
	o->fed_key_put = pg_fed_key_put;
	o->fed_key_each = pg_fed_key_each;
	o->reported_put = pg_reported_put;
	o->reported_each = pg_reported_each;
	o->reported_points = pg_reported_points;
	o->session_each = pg_session_each;
	o->unit_setting_each = pg_unit_setting_each;
	o->notify_insert = pg_notify_insert;
	o->audit_anchor_put = pg_audit_anchor_put;
	o->dict_each = pg_dict_each;
	o->dict_put = pg_dict_put;
	o->announce_put = pg_announce_put;
	o->announce_each = pg_announce_each;
	o->inspected_each = pg_inspected_each;
	o->ids_follow = pg_ids_follow;
}
