/* The PostgreSQL backend: the facts' history (the facts themselves are written and read by
 * sql_facts.c, shared with SQLite). */
#include <errno.h>
#include <string.h>

#include "store/pg.h"

static int pg_history_put(struct store *s, const char *org, const char *kind, const char *key, const char *at,
			  const char *record, bool fresh, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	assert(!pq_autocommit(ps));
	struct pq_stmt *st;
	if (fresh)
		goto put;
	st = pg_stmt(ps, S_HISTORY_LATEST, e);
	if (!st)
		return e->code;
	bind_text(st, 1, kind);
	bind_text(st, 2, key);
	bind_text(st, 3, org);
	int step = pq_step(st);
	if (step != PQ_ROW && step != PQ_DONE) {
		pq_reset(st);
		return pg_db_error(ps, e, "history");
	}
	/* the same as the latest version (or withdrawn again, or never there): nothing new */
	const char *last = step == PQ_ROW ? col_text(st, 0) : NULL;
	bool same = step == PQ_ROW ? (last && record ? strcmp(last, record) == 0 : !last && !record) : !record;
	pq_reset(st);
	if (same)
		return 0;
put:
	if (!(st = pg_stmt(ps, S_HISTORY_PUT, e)))
		return e->code;
	bind_text(st, 1, at);
	bind_text(st, 2, org);
	bind_text(st, 3, kind);
	bind_text(st, 4, key);
	bind_text(st, 5, record);
	return pg_exec_stmt(ps, st, e, "history");
}

static int pg_history_seal(struct store *s, int64_t change, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_HISTORY_SEAL, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, change);
	return pg_exec_stmt(ps, st, e, "history");
}

static int history_rows(struct pg_store *ps, struct pq_stmt *st, history_row_fn fn, void *ctx, struct zerr *e)
{
	int step, rc = 0;
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct history_row r = {pq_column_int64(st, 0), pq_column_int64(st, 2), col_text(st, 1),
					col_text(st, 3), col_text(st, 4), col_text(st, 5), col_text(st, 6), col_text(st, 7)};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = pg_db_error(ps, e, "history");
	pq_reset(st);
	return rc;
}

static int pg_history_as_of(struct store *s, const char *org, const char *before, history_row_fn fn, void *ctx,
			    struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, org ? S_HISTORY_AS_OF : S_HISTORY_AS_OF_ALL, e);
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, before);
	return history_rows(ps, st, fn, ctx, e);
}

static int pg_history_each(struct store *s, const char *org, const char *kind, const char *key, history_row_fn fn,
			   void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_HISTORY_EACH, e);
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, kind);
	bind_text(st, 3, key);
	return history_rows(ps, st, fn, ctx, e);
}

static int pg_delete_appt(struct store *s, const char *natural_key, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_DELETE_APPT, e);
	if (!st)
		return e->code;
	if (pg_business_write(ps, e))
		return e->code;
	bind_text(st, 1, natural_key);
	return pg_exec_stmt(ps, st, e, "withdraw appointment");
}

void pg_facts_ops(struct store_ops *o)
{
	o->history_put = pg_history_put;
	o->history_seal = pg_history_seal;
	o->history_as_of = pg_history_as_of;
	o->history_each = pg_history_each;
	o->delete_appt = pg_delete_appt;
	o->load = sql_load;
	o->load_unit = sql_load_unit;
	o->load_org = sql_load_org;
	o->put_org = sql_put_org;
	o->put_dept = sql_put_dept;
	o->put_person = sql_put_person;
	o->put_body = sql_put_body;
	o->put_lead = sql_put_lead;
	o->put_appt = sql_put_appt;
	o->put_system = sql_put_system;
	o->put_agreement = sql_put_agreement;
	o->put_incident = sql_put_incident;
	o->put_record = sql_put_record;
	o->put_notice = sql_put_notice;
	o->put_handover = sql_put_handover;
	o->put_vulnerability = sql_put_vulnerability;
	o->put_plan = sql_put_plan;
	o->put_log_source = sql_put_log_source;
	o->put_training = sql_put_training;
	o->put_project = sql_put_project;
	o->put_rectification = sql_put_rectification;
	o->put_inspection = sql_put_inspection;
	o->incident_snapshot = sql_incident_snapshot;
	o->set_incident_snapshot = sql_set_incident_snapshot;
	o->calendar_each = sql_calendar_each;
	o->org_each = sql_org_each;
	o->id_unit = sql_id_unit;
	o->calendar_put = sql_calendar_put;
}
