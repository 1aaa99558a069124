/* The sign-in sessions, kept and read once for both backends against sql.h. */
#include <stdio.h>

#include "store/sql.h"

int sql_session_insert(struct store *s, const struct session_row *r, const char *source, struct zerr *e)
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

int sql_session_get(struct store *s, const char *hash, struct session_row *out, struct zerr *e)
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

int sql_session_touch(struct store *s, const char *hash, int64_t now, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_SESSION_TOUCH, e);
	if (!st)
		return e->code;
	sql_bind_int64(st, 1, now);
	sql_bind_text(st, 2, hash);
	return sql_exec(db, st, e, "extend session");
}

int sql_session_delete(struct store *s, const char *hash, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_SESSION_DELETE, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, hash);
	return sql_exec(db, st, e, "end session");
}

int sql_session_purge(struct store *s, int64_t idle_before, int64_t created_before, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_SESSION_PURGE, e);
	if (!st)
		return e->code;
	sql_bind_int64(st, 1, idle_before);
	sql_bind_int64(st, 2, created_before);
	return sql_exec(db, st, e, "remove expired sessions");
}
