/* The facts, written (put) and read (load) once for both backends, against the statement
 * interface of sql.h (their SQL is in sql.c). */
#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sql.h"
#include "util/hmap.h"

/* ---- the facts' puts ---- */

#define ID_OF(f, vec, i) ((i) >= 0 ? (f)->vec.v[i].id : NULL)
/* What every put relies on (store.h): it runs inside store_begin/commit, on a record of f. */
#define PUT_INVARIANTS(db, vec, i) assert((db)->drv->in_transaction(db) && (i) >= 0 && (size_t)(i) < (vec).n)

/* A put's first statement, once the write is noted (the generation is bumped at commit). */
static struct sql_stmt *put_stmt(struct sql_conn *db, enum sql_id id, struct zerr *e)
{
	struct sql_stmt *st = sql_stmt(db, id, e);
	return st && !db->drv->business_write(db, e) ? st : NULL;
}

static int sql_put_org(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct org *o = &f->orgs.v[i];
	PUT_INVARIANTS(db, f->orgs, i);
	struct sql_stmt *st = put_stmt(db, Q_PUT_ORG, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, o->id);
	sql_bind_text(st, 2, o->name);
	sql_bind_text(st, 3, o->kind);
	sql_bind_text(st, 4, ID_OF(f, orgs, o->parent));
	sql_bind_text(st, 5, o->policy ? o->policy : "default");
	sql_bind_text(st, 6, o->time_zone);
	sql_bind_text(st, 7, o->operator_type != OPERATOR_UNSET ? operator_type_id(o->operator_type) : NULL);
	return sql_exec(db, st, e, "save organization");
}

static int sql_put_dept(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct dept *d = &f->depts.v[i];
	PUT_INVARIANTS(db, f->depts, i);
	struct sql_stmt *st = put_stmt(db, Q_PUT_DEPT, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, d->id);
	sql_bind_text(st, 2, f->orgs.v[d->org].id);
	sql_bind_text(st, 3, d->name);
	sql_bind_text(st, 4, ID_OF(f, depts, d->parent));
	char span[2 * ZDATE_BUFSZ], until[ZDATE_BUFSZ];
	sql_bind_span(st, 5, facts_span(f, SPAN_DEPT, i), span);
	int rc = sql_exec(db, st, e, "save department");
	/* its earlier names and parents replace those stored */
	if (rc || !(st = sql_stmt(db, Q_CLEAR_DEPT_VERSIONS, e)))
		return rc ? rc : e->code;
	sql_bind_text(st, 1, d->id);
	if ((rc = sql_exec(db, st, e, "save department versions")) || !f->dept_versions.n)
		return rc;
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save department: facts are not indexed");
	for (zidx k = f->ix.dept_version[i]; k < f->ix.dept_version[i + 1] && !rc; k++) {
		const struct dept_version *v = &f->dept_versions.v[f->ix.version_by_dept[k]];
		if (!(st = sql_stmt(db, Q_PUT_DEPT_VERSION, e)))
			return e->code;
		sql_bind_text(st, 1, d->id);
		sql_bind_date(st, 2, v->until, until);
		sql_bind_text(st, 3, v->name);
		sql_bind_text(st, 4, ID_OF(f, depts, v->parent));
		rc = sql_exec(db, st, e, "save department versions");
	}
	return rc;
}

static int sql_put_person(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct person *p = &f->people.v[i];
	PUT_INVARIANTS(db, f->people, i);
	char bc[ZDATE_BUFSZ];
	struct sql_stmt *st = put_stmt(db, Q_PUT_PERSON, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, p->id);
	sql_bind_text(st, 2, f->orgs.v[p->org].id);
	sql_bind_text(st, 3, ID_OF(f, depts, p->dept));
	sql_bind_text(st, 4, p->name);
	sql_bind_date(st, 5, p->background_check, bc);
	char span[2 * ZDATE_BUFSZ];
	sql_bind_span(st, 6, facts_span(f, SPAN_PERSON, i), span);
	return sql_exec(db, st, e, "save person");
}

static int sql_put_body(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct body *b = &f->bodies.v[i];
	PUT_INVARIANTS(db, f->bodies, i);
	struct sql_stmt *st = put_stmt(db, Q_PUT_BODY, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, b->id);
	sql_bind_text(st, 2, f->orgs.v[b->org].id);
	sql_bind_text(st, 3, body_kind_id(b->kind));
	sql_bind_text(st, 4, b->name);
	char span[2 * ZDATE_BUFSZ];
	sql_bind_span(st, 5, facts_span(f, SPAN_BODY, i), span);
	return sql_exec(db, st, e, "save body");
}

static int sql_put_lead(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct body_lead *l = &f->leads.v[i];
	PUT_INVARIANTS(db, f->leads, i);
	struct sql_stmt *st = put_stmt(db, Q_PUT_LEAD, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, f->bodies.v[l->body].id);
	sql_bind_text(st, 2, f->bodies.v[l->led].id);
	return sql_exec(db, st, e, "save body leads");
}

static int sql_put_appt(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct appt *a = &f->appts.v[i];
	PUT_INVARIANTS(db, f->appts, i);
	char from[ZDATE_BUFSZ], to[ZDATE_BUFSZ];
	struct sql_stmt *st = put_stmt(db, Q_PUT_APPT, e);
	if (!st)
		return e->code;
	appt_natural_key(f, a, db->key);
	sql_bind_text(st, 1, db->key->buf);
	sql_bind_text(st, 2, f->people.v[a->person].id);
	sql_bind_text(st, 3, f->orgs.v[a->org].id);
	sql_bind_text(st, 4, ID_OF(f, depts, a->dept));
	sql_bind_text(st, 5, ID_OF(f, systems, a->system));
	sql_bind_text(st, 6, ID_OF(f, bodies, a->body));
	sql_bind_text(st, 7, a->post >= 0 ? post_id(a->post) : NULL);
	sql_bind_text(st, 8, a->body >= 0 ? seat_id(a->seat) : NULL);
	sql_bind_date(st, 9, a->from, from);
	sql_bind_date(st, 10, a->to, to);
	sql_bind_tri(st, 11, a->full_time);
	return sql_exec(db, st, e, "save appointment");
}

static int sql_put_system(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct zsystem *y = &f->systems.v[i];
	PUT_INVARIANTS(db, f->systems, i);
	char filed[ZDATE_BUFSZ], assessed[ZDATE_BUFSZ];
	struct sql_stmt *st = put_stmt(db, Q_PUT_SYSTEM, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, y->id);
	sql_bind_text(st, 2, f->orgs.v[y->org].id);
	sql_bind_text(st, 3, y->name);
	sql_bind_text(st, 4, ID_OF(f, depts, y->owner_dept));
	if (y->mlps_level)
		sql_bind_int64(st, 5, y->mlps_level);
	sql_bind_text(st, 6, y->filing_no);
	sql_bind_date(st, 7, y->filed_on, filed);
	sql_bind_date(st, 8, y->last_assessed_on, assessed);
	sql_bind_tri(st, 9, y->critical_infrastructure);
	sql_bind_tri(st, 10, y->public_website);
	char span[2 * ZDATE_BUFSZ], until[ZDATE_BUFSZ], filed_v[ZDATE_BUFSZ];
	sql_bind_span(st, 11, facts_span(f, SPAN_SYSTEM, i), span);
	int rc = sql_exec(db, st, e, "save system");
	/* the project that built it replaces the one stored */
	if (!rc && (st = sql_stmt(db, Q_CLEAR_SYSTEM_PROJECT, e))) {
		sql_bind_text(st, 1, y->id);
		rc = sql_exec(db, st, e, "save system's project");
	}
	if (!rc && y->project && (st = sql_stmt(db, Q_PUT_SYSTEM_PROJECT, e))) {
		sql_bind_text(st, 1, y->id);
		sql_bind_text(st, 2, y->project);
		rc = sql_exec(db, st, e, "save system's project");
	}
	if (!rc && !st)
		return e->code;
	/* its earlier register entries and assessments replace those stored */
	static const enum sql_id clear[] = {Q_CLEAR_SYSTEM_VERSIONS, Q_CLEAR_ASSESSMENTS};
	for (size_t k = 0; k < 2 && !rc; k++) {
		if (!(st = sql_stmt(db, clear[k], e)))
			return e->code;
		sql_bind_text(st, 1, y->id);
		rc = sql_exec(db, st, e, "save system history");
	}
	if (rc || (!f->system_versions.n && !f->assessments.n))
		return rc;
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save system: facts are not indexed");
	for (zidx k = f->ix.system_version[i]; k < f->ix.system_version[i + 1] && !rc; k++) {
		const struct system_version *v = &f->system_versions.v[f->ix.version_by_system[k]];
		if (!(st = sql_stmt(db, Q_PUT_SYSTEM_VERSION, e)))
			return e->code;
		sql_bind_text(st, 1, y->id);
		sql_bind_date(st, 2, v->until, until);
		sql_bind_text(st, 3, ID_OF(f, depts, v->st.owner_dept));
		if (v->st.mlps_level)
			sql_bind_int64(st, 4, v->st.mlps_level);
		sql_bind_text(st, 5, v->st.filing_no);
		sql_bind_date(st, 6, v->st.filed_on, filed_v);
		rc = sql_exec(db, st, e, "save system versions");
	}
	for (zidx k = f->ix.system_assessment[i]; k < f->ix.system_assessment[i + 1] && !rc; k++) {
		if (!(st = sql_stmt(db, Q_PUT_ASSESSMENT, e)))
			return e->code;
		sql_bind_text(st, 1, y->id);
		sql_bind_date(st, 2, f->assessments.v[f->ix.assessment_by_system[k]].on, until);
		rc = sql_exec(db, st, e, "save system assessments");
	}
	return rc;
}

static int sql_put_agreement(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct agreement *a = &f->agreements.v[i];
	PUT_INVARIANTS(db, f->agreements, i);
	char from[ZDATE_BUFSZ], to[ZDATE_BUFSZ], signed_on[ZDATE_BUFSZ];
	struct sql_stmt *st = put_stmt(db, Q_PUT_AGREEMENT, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, a->id);
	sql_bind_text(st, 2, f->orgs.v[a->org].id);
	sql_bind_text(st, 3, agreement_kind_id(a->kind));
	sql_bind_text(st, 4, ID_OF(f, people, a->person));
	sql_bind_date(st, 5, a->from, from);
	sql_bind_date(st, 6, a->to, to);
	sql_bind_date(st, 7, a->signed_on, signed_on);
	sql_bind_text(st, 8, a->post >= 0 ? post_id(a->post) : NULL);
	sql_bind_text(st, 9, ID_OF(f, depts, a->dept));
	return sql_exec(db, st, e, "save agreement");
}

static int sql_put_handover(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct handover *h = &f->handovers.v[i];
	PUT_INVARIANTS(db, f->handovers, i);
	char left[ZDATE_BUFSZ], closed[ZDATE_BUFSZ], returned[ZDATE_BUFSZ], changed[ZDATE_BUFSZ], done[ZDATE_BUFSZ];
	struct sql_stmt *st = put_stmt(db, Q_PUT_HANDOVER, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, h->id);
	sql_bind_text(st, 2, f->orgs.v[h->org].id);
	sql_bind_text(st, 3, ID_OF(f, people, h->person));
	sql_bind_text(st, 4, post_id(h->post));
	sql_bind_date(st, 5, h->left_on, left);
	sql_bind_text(st, 6, ID_OF(f, people, h->successor));
	sql_bind_date(st, 7, h->accounts_closed_on, closed);
	sql_bind_date(st, 8, h->materials_returned_on, returned);
	sql_bind_date(st, 9, h->passwords_changed_on, changed);
	sql_bind_date(st, 10, h->completed_on, done);
	sql_bind_text(st, 11, h->notes);
	return sql_exec(db, st, e, "save handover");
}

static int sql_put_vulnerability(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct vulnerability *v = &f->vulnerabilities.v[i];
	PUT_INVARIANTS(db, f->vulnerabilities, i);
	char found[ZDATE_BUFSZ], due[ZDATE_BUFSZ], fixed[ZDATE_BUFSZ], verified[ZDATE_BUFSZ];
	struct sql_stmt *st = put_stmt(db, Q_PUT_VULN, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, v->id);
	sql_bind_text(st, 2, f->orgs.v[v->org].id);
	sql_bind_text(st, 3, f->systems.v[v->system].id);
	sql_bind_text(st, 4, v->title);
	sql_bind_text(st, 5, vuln_source_id(v->source));
	sql_bind_text(st, 6, vuln_severity_id(v->severity));
	sql_bind_date(st, 7, v->found_on, found);
	sql_bind_date(st, 8, v->due_on, due);
	sql_bind_date(st, 9, v->fixed_on, fixed);
	sql_bind_date(st, 10, v->verified_on, verified);
	sql_bind_text(st, 11, ID_OF(f, notices, v->notice));
	sql_bind_text(st, 12, v->notes);
	return sql_exec(db, st, e, "save vulnerability");
}

/* Binds an amount in yuan; -1 (not recorded) is NULL. */
static void bind_amount(struct sql_stmt *st, int i, int64_t yuan)
{
	if (yuan >= 0)
		sql_bind_int64(st, i, yuan);
	else
		sql_bind_null(st, i);
}

static int sql_put_project(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct project *p = &f->projects.v[i];
	PUT_INVARIANTS(db, f->projects, i);
	char approved[ZDATE_BUFSZ], started[ZDATE_BUFSZ], in_use[ZDATE_BUFSZ], cancelled[ZDATE_BUFSZ];
	struct sql_stmt *st = put_stmt(db, Q_PUT_PROJECT, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, p->id);
	sql_bind_text(st, 2, f->orgs.v[p->org].id);
	sql_bind_text(st, 3, p->name);
	sql_bind_text(st, 4, ID_OF(f, depts, p->dept));
	bind_amount(st, 5, p->budget);
	bind_amount(st, 6, p->security_budget);
	sql_bind_date(st, 7, p->approved_on, approved);
	sql_bind_date(st, 8, p->started_on, started);
	sql_bind_date(st, 9, p->in_use_on, in_use);
	sql_bind_date(st, 10, p->cancelled_on, cancelled);
	sql_bind_int64(st, 11, p->security_planned);
	sql_bind_int64(st, 12, p->security_built);
	sql_bind_int64(st, 13, p->security_implemented);
	sql_bind_text(st, 14, p->notes);
	return sql_exec(db, st, e, "save project");
}

/* Writes the plan and replaces the days of its drills. */
static int sql_put_plan(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct emergency_plan *p = &f->plans.v[i];
	PUT_INVARIANTS(db, f->plans, i);
	char approved[ZDATE_BUFSZ], reviewed[ZDATE_BUFSZ], withdrawn[ZDATE_BUFSZ], held[ZDATE_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save emergency plan: facts are not indexed");
	struct sql_stmt *st = put_stmt(db, Q_PUT_PLAN, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, p->id);
	sql_bind_text(st, 2, f->orgs.v[p->org].id);
	sql_bind_text(st, 3, p->title);
	sql_bind_text(st, 4, p->version);
	sql_bind_date(st, 5, p->approved_on, approved);
	sql_bind_date(st, 6, p->reviewed_on, reviewed);
	sql_bind_date(st, 7, p->withdrawn_on, withdrawn);
	sql_bind_text(st, 8, p->notes);
	int rc = sql_exec(db, st, e, "save emergency plan");
	if (rc || !(st = sql_stmt(db, Q_CLEAR_PLAN_DRILLS, e)))
		return rc ? rc : e->code;
	sql_bind_text(st, 1, p->id);
	if ((rc = sql_exec(db, st, e, "save emergency plan drills")))
		return rc;
	for (zidx k = f->ix.plan_drill[i]; k < f->ix.plan_drill[i + 1] && !rc; k++) {
		if (!(st = sql_stmt(db, Q_PUT_PLAN_DRILL, e)))
			return e->code;
		sql_bind_text(st, 1, p->id);
		sql_bind_date(st, 2, f->plan_drills.v[f->ix.drill_by_plan[k]].held_on, held);
		rc = sql_exec(db, st, e, "save emergency plan drills");
	}
	/* and its reviews */
	if (rc || !(st = sql_stmt(db, Q_CLEAR_PLAN_REVIEWS, e)))
		return rc ? rc : e->code;
	sql_bind_text(st, 1, p->id);
	if ((rc = sql_exec(db, st, e, "save emergency plan reviews")))
		return rc;
	for (zidx k = f->ix.plan_review[i]; k < f->ix.plan_review[i + 1] && !rc; k++) {
		const struct plan_review *rv = &f->plan_reviews.v[f->ix.review_by_plan[k]];
		if (!(st = sql_stmt(db, Q_PUT_PLAN_REVIEW, e)))
			return e->code;
		sql_bind_text(st, 1, p->id);
		sql_bind_date(st, 2, rv->on, held);
		sql_bind_text(st, 3, ID_OF(f, people, rv->by));
		sql_bind_text(st, 4, rv->outcome);
		rc = sql_exec(db, st, e, "save emergency plan reviews");
	}
	return rc;
}

/* A register's row described column by column, in the order of its statements' columns: one
 * put and one load serve every register described so (log sources, training sessions and their
 * attendees) instead of a hand-written pair each. */
enum rcol_type {
	RC_TEXT,     /* const char * */
	RC_DATE,     /* zdate, ZDATE_NONE is NULL */
	RC_INT,      /* int32_t, -1 is NULL */
	RC_ENUM,     /* int8_t, by its id */
	RC_ORG, RC_PERSON, RC_SYSTEM, RC_DEPT, RC_TRAINING, /* zidx of that kind, by its id; -1 is NULL */
};
struct rcol {
	enum rcol_type type;
	size_t off;
	const char *(*enum_id)(int);
	int (*enum_from_id)(const char *);
};
/* One row of any described register, read in place before it is added. */
union reg_row {
	struct log_source log_source;
	struct training_session training;
	struct training_attendee attendee;
};
struct reg_desc {
	const char *what;
	enum sql_id put, load, load_org;
	size_t size; /* of one record */
	int ncols;
	const struct rcol *cols;
	/* the records in the facts, and adding one */
	const void *(*at)(const struct facts *f, zidx i);
	zidx (*add)(struct facts *f, const void *rec);
};

static const char *rcol_ref_id(const struct facts *f, enum rcol_type t, zidx i)
{
	if (i < 0)
		return NULL;
	switch (t) {
	case RC_ORG: return f->orgs.v[i].id;
	case RC_PERSON: return f->people.v[i].id;
	case RC_SYSTEM: return f->systems.v[i].id;
	case RC_DEPT: return f->depts.v[i].id;
	case RC_TRAINING: return f->trainings.v[i].id;
	default: return NULL;
	}
}

static const struct hmap *rcol_ref_ids(const struct facts *f, enum rcol_type t)
{
	switch (t) {
	case RC_ORG: return &f->org_ids;
	case RC_PERSON: return &f->person_ids;
	case RC_SYSTEM: return &f->system_ids;
	case RC_DEPT: return &f->dept_ids;
	default: return &f->training_ids;
	}
}

/* Binds record rec of f by its description and steps the statement. */
static int put_described(struct sql_conn *db, const struct facts *f, const struct reg_desc *d, const void *rec,
			 struct zerr *e)
{
	char dates[8][ZDATE_BUFSZ];
	int ndates = 0;
	struct sql_stmt *st = put_stmt(db, d->put, e);
	if (!st)
		return e->code;
	for (int c = 0; c < d->ncols; c++) {
		const struct rcol *col = &d->cols[c];
		const char *field = (const char *)rec + col->off;
		int32_t n;
		switch (col->type) {
		case RC_TEXT: sql_bind_text(st, c + 1, *(const char *const *)field); break;
		case RC_DATE:
			assert(ndates < 8);
			sql_bind_date(st, c + 1, *(const zdate *)field, dates[ndates++]);
			break;
		case RC_INT:
			n = *(const int32_t *)field;
			if (n < 0)
				sql_bind_null(st, c + 1);
			else
				sql_bind_int64(st, c + 1, n);
			break;
		case RC_ENUM: sql_bind_text(st, c + 1, col->enum_id(*(const int8_t *)field)); break;
		default: sql_bind_text(st, c + 1, rcol_ref_id(f, col->type, *(const zidx *)field)); break;
		}
	}
	return sql_exec(db, st, e, d->what);
}

#define RCOL(T, type, field) {type, offsetof(T, field), NULL, NULL}
#define RCOL_ENUM(T, field, prefix) {RC_ENUM, offsetof(T, field), prefix##_id, prefix##_from_id}

static const void *log_source_at(const struct facts *f, zidx i) { return &f->log_sources.v[i]; }
static zidx log_source_add(struct facts *f, const void *r) { return facts_add_log_source(f, r); }
static const struct rcol log_source_cols[] = {
	RCOL(struct log_source, RC_TEXT, id), RCOL(struct log_source, RC_ORG, org),
	RCOL(struct log_source, RC_SYSTEM, system), RCOL(struct log_source, RC_TEXT, name),
	RCOL_ENUM(struct log_source, kind, log_kind), RCOL(struct log_source, RC_INT, retention_days),
	RCOL(struct log_source, RC_DATE, checked_on), RCOL(struct log_source, RC_TEXT, notes),
};
static const struct reg_desc log_source_desc = {
	"log_source", Q_PUT_LOG_SOURCE, Q_LOAD_LOG_SOURCE, Q_LOAD_LOG_SOURCE_ORG, sizeof(struct log_source),
	(int)(sizeof log_source_cols / sizeof log_source_cols[0]), log_source_cols, log_source_at, log_source_add};

static const void *training_at(const struct facts *f, zidx i) { return &f->trainings.v[i]; }
static zidx training_add(struct facts *f, const void *r) { return facts_add_training(f, r); }
static const struct rcol training_cols[] = {
	RCOL(struct training_session, RC_TEXT, id), RCOL(struct training_session, RC_ORG, org),
	RCOL(struct training_session, RC_TEXT, title), RCOL(struct training_session, RC_DATE, held_on),
	RCOL(struct training_session, RC_TEXT, organiser), RCOL_ENUM(struct training_session, kind, training_kind),
	RCOL_ENUM(struct training_session, level, training_level), RCOL(struct training_session, RC_DEPT, dept),
	RCOL(struct training_session, RC_INT, hours), RCOL(struct training_session, RC_TEXT, notes),
};
static const struct reg_desc training_desc = {
	"training_session", Q_PUT_TRAINING, Q_LOAD_TRAINING, Q_LOAD_TRAINING_ORG, sizeof(struct training_session),
	(int)(sizeof training_cols / sizeof training_cols[0]), training_cols, training_at, training_add};

static const void *attendee_at(const struct facts *f, zidx i) { return &f->training_attendees.v[i]; }
static zidx attendee_add(struct facts *f, const void *r) { return facts_add_training_attendee(f, r); }
static const struct rcol attendee_cols[] = {
	RCOL(struct training_attendee, RC_TRAINING, session), RCOL(struct training_attendee, RC_PERSON, person),
	RCOL(struct training_attendee, RC_INT, hours), RCOL(struct training_attendee, RC_TEXT, certificate),
};
static const struct reg_desc attendee_desc = {
	"training_attendee", Q_PUT_TRAINING_ATTENDEE, Q_LOAD_TRAINING_ATTENDEE, Q_LOAD_TRAINING_ATTENDEE_ORG,
	sizeof(struct training_attendee), (int)(sizeof attendee_cols / sizeof attendee_cols[0]), attendee_cols, attendee_at,
	attendee_add};

static int sql_put_log_source(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	PUT_INVARIANTS(s->sql, f->log_sources, i);
	return put_described(s->sql, f, &log_source_desc, log_source_at(f, i), e);
}

/* Writes the session and replaces its attendees. */
static int sql_put_training(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	PUT_INVARIANTS(db, f->trainings, i);
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save training session: facts are not indexed");
	int rc = put_described(db, f, &training_desc, training_at(f, i), e);
	struct sql_stmt *st;
	if (rc || !(st = sql_stmt(db, Q_CLEAR_TRAINING_ATTENDEES, e)))
		return rc ? rc : e->code;
	sql_bind_text(st, 1, f->trainings.v[i].id);
	if ((rc = sql_exec(db, st, e, "save training attendees")))
		return rc;
	for (zidx k = f->ix.training_attendee[i]; k < f->ix.training_attendee[i + 1] && !rc; k++)
		rc = put_described(db, f, &attendee_desc, attendee_at(f, f->ix.attendee_by_training[k]), e);
	return rc;
}

/* Writes the rectification and replaces its list of evidence. */
static int sql_put_rectification(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct rectification *r = &f->rectifications.v[i];
	PUT_INVARIANTS(db, f->rectifications, i);
	char assigned[ZDATE_BUFSZ], due[ZDATE_BUFSZ], rectified[ZDATE_BUFSZ], closed[ZDATE_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save rectification: facts are not indexed");
	struct sql_stmt *st = put_stmt(db, Q_PUT_RECT, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, r->id);
	sql_bind_text(st, 2, f->orgs.v[r->org].id);
	sql_bind_text(st, 3, r->rule);
	sql_bind_text(st, 4, r->subject);
	sql_bind_text(st, 5, r->title);
	sql_bind_text(st, 6, ID_OF(f, depts, r->dept));
	sql_bind_text(st, 7, ID_OF(f, people, r->person));
	sql_bind_date(st, 8, r->assigned_on, assigned);
	sql_bind_date(st, 9, r->due_on, due);
	sql_bind_date(st, 10, r->rectified_on, rectified);
	sql_bind_text(st, 11, r->rectification);
	sql_bind_date(st, 12, r->closed_on, closed);
	sql_bind_text(st, 13, r->notes);
	int rc = sql_exec(db, st, e, "save rectification");
	if (rc || !(st = sql_stmt(db, Q_CLEAR_RECT_EVIDENCE, e)))
		return rc ? rc : e->code;
	sql_bind_text(st, 1, r->id);
	if ((rc = sql_exec(db, st, e, "save rectification evidence")))
		return rc;
	for (zidx k = f->ix.rect_evidence[i]; k < f->ix.rect_evidence[i + 1] && !rc; k++) {
		const struct evidence *ev = &f->rect_evidence.v[f->ix.evidence_by_rect[k]];
		if (!(st = SQL_TEXTS(db, Q_PUT_RECT_EVIDENCE, e, r->id, ev->sha256, ev->name)))
			return e->code;
		sql_bind_int64(st, 4, ev->size);
		rc = sql_exec(db, st, e, "save rectification evidence");
	}
	return rc;
}

/* Writes the inspection and replaces its items (numbered from 1 in their order). */
static int sql_put_inspection(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct inspection *in = &f->inspections.v[i];
	PUT_INVARIANTS(db, f->inspections, i);
	char on[ZDATE_BUFSZ], due[ZDATE_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save inspection: facts are not indexed");
	struct sql_stmt *st = put_stmt(db, Q_PUT_INSP, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, in->id);
	sql_bind_text(st, 2, f->orgs.v[in->org].id);
	sql_bind_text(st, 3, f->orgs.v[in->inspector_org].id);
	sql_bind_date(st, 4, in->on, on);
	sql_bind_text(st, 5, in->scope);
	sql_bind_text(st, 6, in->inspectors);
	int rc = sql_exec(db, st, e, "save inspection");
	if (rc || !(st = sql_stmt(db, Q_CLEAR_INSP_ITEMS, e)))
		return rc ? rc : e->code;
	sql_bind_text(st, 1, in->id);
	if ((rc = sql_exec(db, st, e, "save inspection items")))
		return rc;
	for (zidx k = f->ix.inspection_item[i]; k < f->ix.inspection_item[i + 1] && !rc; k++) {
		const struct inspection_item *it = &f->inspection_items.v[f->ix.item_by_inspection[k]];
		if (!(st = sql_stmt(db, Q_PUT_INSP_ITEM, e)))
			return e->code;
		sql_bind_text(st, 1, in->id);
		sql_bind_int64(st, 2, k - f->ix.inspection_item[i] + 1);
		sql_bind_text(st, 3, it->title);
		sql_bind_text(st, 4, it->basis);
		sql_bind_text(st, 5, ID_OF(f, depts, it->dept));
		sql_bind_date(st, 6, it->due_on, due);
		rc = sql_exec(db, st, e, "save inspection items");
	}
	return rc;
}

static void bind_time(struct sql_stmt *st, int i, struct ztime z, char *buf)
{
	if (ztime_set(z))
		sql_bind_text(st, i, ztime_format(z, buf));
	else
		sql_bind_null(st, i);
}

/* Replaces the reports (files) of the notice or incident `id` with v[by[from .. to)]. */
static int put_reports(struct sql_conn *db, const char *kind, const char *id, const struct evidence *v,
		       const zidx *by, zidx from, zidx to, struct zerr *e)
{
	struct sql_stmt *st = SQL_TEXTS(db, Q_CLEAR_REPORTS, e, kind, id);
	if (!st)
		return e->code;
	int rc = sql_exec(db, st, e, "save reports");
	for (zidx k = from; k < to && !rc; k++) {
		const struct evidence *ev = &v[by[k]];
		if (!(st = SQL_TEXTS(db, Q_PUT_REPORT, e, kind, id, ev->sha256, ev->name)))
			return e->code;
		sql_bind_int64(st, 5, ev->size);
		rc = sql_exec(db, st, e, "save reports");
	}
	return rc;
}

static int sql_put_incident(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct incident *x = &f->incidents.v[i];
	PUT_INVARIANTS(db, f->incidents, i);
	char occ[ZTIME_BUFSZ], det[ZTIME_BUFSZ], rep[ZTIME_BUFSZ], res[ZTIME_BUFSZ], sum[ZDATE_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save incident: facts are not indexed");
	struct sql_stmt *st = put_stmt(db, Q_PUT_INCIDENT, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, x->id);
	sql_bind_text(st, 2, f->orgs.v[x->org].id);
	sql_bind_text(st, 3, ID_OF(f, systems, x->system));
	sql_bind_text(st, 4, x->title);
	sql_bind_text(st, 5, x->category);
	sql_bind_text(st, 6, x->grade ? grade_id(x->grade) : NULL);
	bind_time(st, 7, x->occurred, occ);
	bind_time(st, 8, x->detected, det);
	bind_time(st, 9, x->reported, rep);
	bind_time(st, 10, x->resolved, res);
	if (x->outage_hours >= 0)
		sql_bind_double(st, 11, x->outage_hours);
	if (x->personal_info_records >= 0)
		sql_bind_int64(st, 12, x->personal_info_records);
	sql_bind_date(st, 13, x->summary_on, sum);
	sql_bind_text(st, 14, x->classification);
	sql_bind_tri(st, 15, x->attacked);
	sql_bind_tri(st, 16, x->handled_in_time);
	if (x->function_outage_hours >= 0)
		sql_bind_double(st, 17, x->function_outage_hours);
	if (x->economic_loss_yuan >= 0)
		sql_bind_double(st, 18, x->economic_loss_yuan);
	if (x->people_affected >= 0)
		sql_bind_int64(st, 19, x->people_affected);
	sql_bind_text(st, 20, x->follow_ups);
	int rc = sql_exec(db, st, e, "save incident");
	if (!rc)
		rc = put_reports(db, "incident", x->id, f->incident_reports.v, f->ix.report_by_incident, f->ix.incident_report[i],
				 f->ix.incident_report[i + 1], e);
	return rc;
}

static int sql_put_notice(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct notice *n = &f->notices.v[i];
	PUT_INVARIANTS(db, f->notices, i);
	char rec[ZDATE_BUFSZ], rect[ZDATE_BUFSZ], fb[ZDATE_BUFSZ], by[ZDATE_BUFSZ], at[ZTIME_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save notice: facts are not indexed");
	struct sql_stmt *st = put_stmt(db, Q_PUT_NOTICE, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, n->id);
	sql_bind_text(st, 2, f->orgs.v[n->org].id);
	sql_bind_text(st, 3, n->issuer);
	sql_bind_text(st, 4, n->document_no);
	sql_bind_text(st, 5, n->title);
	sql_bind_date(st, 6, n->received_on, rec);
	sql_bind_date(st, 7, n->rectified_on, rect);
	sql_bind_date(st, 8, n->feedback_on, fb);
	sql_bind_date(st, 9, n->rectify_by, by);
	bind_time(st, 10, n->received_at, at);
	sql_bind_text(st, 11, n->issuer_org);
	sql_bind_text(st, 12, n->feedback);
	int rc = sql_exec(db, st, e, "save notice");
	if (rc || !(st = sql_stmt(db, Q_CLEAR_NOTICE_SYSTEMS, e)))
		return rc ? rc : e->code;
	sql_bind_text(st, 1, n->id);
	if ((rc = sql_exec(db, st, e, "save notice systems")))
		return rc;
	for (zidx k = f->ix.notice_system[i]; k < f->ix.notice_system[i + 1] && !rc; k++) {
		if (!(st = SQL_TEXTS(db, Q_PUT_NOTICE_SYSTEM, e, n->id, f->systems.v[f->notice_systems.v[f->ix.system_by_notice[k]].system].id)))
			return e->code;
		rc = sql_exec(db, st, e, "save notice systems");
	}
	if (!rc)
		rc = put_reports(db, "notice", n->id, f->notice_reports.v, f->ix.report_by_notice, f->ix.notice_report[i],
				 f->ix.notice_report[i + 1], e);
	return rc;
}

static int sql_put_record(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct obligation_record *r = &f->records.v[i];
	PUT_INVARIANTS(db, f->records, i);
	char done[ZDATE_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save obligation record: facts are not indexed");
	struct sql_stmt *st = put_stmt(db, Q_PUT_RECORD, e);
	if (!st)
		return e->code;
	record_natural_key(f, r, db->key);
	sql_bind_text(st, 1, db->key->buf);
	sql_bind_text(st, 2, f->orgs.v[r->org].id);
	sql_bind_text(st, 3, r->obligation);
	sql_bind_text(st, 4, r->period);
	sql_bind_text(st, 5, ID_OF(f, depts, r->dept));
	sql_bind_date(st, 6, r->done_on, done);
	sql_bind_text(st, 7, ID_OF(f, people, r->by));
	sql_bind_text(st, 8, r->notes);
	if (sql_step(st) != SQL_ROW) {
		int rc = sql_error(db, e, "save obligation record");
		sql_reset(st);
		return rc;
	}
	int64_t id = sql_col_int64(st, 0);
	sql_reset(st);
	if (!(st = sql_stmt(db, Q_CLEAR_EVIDENCE, e)))
		return e->code;
	sql_bind_int64(st, 1, id);
	int rc = sql_exec(db, st, e, "save evidence");
	for (zidx k = f->ix.record_evidence[i]; k < f->ix.record_evidence[i + 1] && !rc; k++) {
		const struct evidence *ev = &f->evidence.v[f->ix.evidence_by_record[k]];
		if (!(st = sql_stmt(db, Q_PUT_EVIDENCE, e)))
			return e->code;
		sql_bind_int64(st, 1, id);
		sql_bind_text(st, 2, ev->sha256);
		sql_bind_text(st, 3, ev->name);
		sql_bind_int64(st, 4, ev->size);
		rc = sql_exec(db, st, e, "save evidence");
	}
	return rc;
}

static int sql_incident_snapshot(struct store *s, const char *id, char **json, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, Q_GET_SNAPSHOT, e);
	*json = NULL;
	if (!st)
		return e->code;
	sql_bind_text(st, 1, id);
	int step = sql_step(st), rc = 0;
	if (step == SQL_ROW) {
		const char *t = sql_col_text(st, 0);
		if (t && !(*json = strdup(t)))
			rc = zerr_set(e, ZE_NOMEM, "out of memory");
	} else if (step == SQL_DONE) {
		rc = zerr_set(e, ZE_NOTFOUND, "no incident with id '%s'", id);
	} else {
		rc = sql_error(db, e, "load incident snapshot");
	}
	sql_reset(st);
	return rc;
}

static int sql_set_incident_snapshot(struct store *s, const char *id, const char *json, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = put_stmt(db, Q_SET_SNAPSHOT, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, json);
	sql_bind_text(st, 2, id);
	return sql_exec(db, st, e, "save incident snapshot");
}

static int load_fail(struct sql_loader *l, const char *what, const char *value)
{
	return zerr_set(l->e, ZE_IO, "database: %s row %lld: %s '%s'", l->table, (long long)l->row,
			what, value ? value : "(null)");
}

/* The last id a column resolved: rows come grouped by unit (and often by person), so most
 * lookups repeat the previous one. */
struct ref_cache {
	char id[64];
	zidx idx;
};

static int ref_cached(struct sql_loader *l, const struct hmap *ids, struct sql_stmt *st, int col, struct ref_cache *c,
		      zidx *out)
{
	const char *id = sql_col_text(st, col);
	if (!id) {
		*out = ZIDX_NONE;
		return 0;
	}
	if (c && c->idx >= 0 && strcmp(c->id, id) == 0) {
		*out = c->idx;
		return 0;
	}
	*out = hmap_get(ids, id);
	if (*out < 0)
		return load_fail(l, "unknown reference", id);
	size_t n = strlen(id);
	if (c && n < sizeof c->id) {
		memcpy(c->id, id, n + 1);
		c->idx = *out;
	}
	return 0;
}

/* A person column: rows of a table written person by person name the person after the last one
 * as often as the last one again, so both are tried before the map. */
static int ref_person(struct sql_loader *l, struct sql_stmt *st, int col, struct ref_cache *c, zidx *out)
{
	const struct facts *f = l->f;
	const char *id = sql_col_text(st, col);
	zidx next = c->idx + 1;
	if (id && c->idx >= 0 && strcmp(c->id, id) != 0 && (size_t)next < f->people.n &&
	    strcmp(f->people.v[next].id, id) == 0) {
		size_t n = strlen(id);
		if (n < sizeof c->id) {
			memcpy(c->id, id, n + 1);
			c->idx = next;
		}
		*out = next;
		return 0;
	}
	return ref_cached(l, &f->person_ids, st, col, c, out);
}

static int ref(struct sql_loader *l, const struct hmap *ids, struct sql_stmt *st, int col, zidx *out)
{
	return ref_cached(l, ids, st, col, NULL, out);
}

static int date_col(struct sql_loader *l, struct sql_stmt *st, int col, zdate absent, zdate *out)
{
	const char *s = sql_col_text(st, col);
	if (!s) {
		*out = absent;
		return 0;
	}
	return date_parse(s, out) ? 0 : load_fail(l, "bad date", s);
}

/* Two date columns from col on as a span (NULLs: not recorded). */
static int span_cols(struct sql_loader *l, struct sql_stmt *st, int col, struct span *out)
{
	int rc = date_col(l, st, col, ZDATE_MIN, &out->from);
	return rc ? rc : date_col(l, st, col + 1, ZDATE_MAX, &out->to);
}

static bool span_always(struct span s)
{
	return s.from == ZDATE_MIN && s.to == ZDATE_MAX;
}

static int enum_col(struct sql_loader *l, struct sql_stmt *st, int col, int (*from_id)(const char *), int8_t *out)
{
	const char *s = sql_col_text(st, col);
	int v = from_id(s);
	if (v < 0)
		return load_fail(l, "unknown value", s);
	*out = (int8_t)v;
	return 0;
}

static int8_t tri_col(struct sql_stmt *st, int col)
{
	if (sql_col_null(st, col))
		return TRI_NULL;
	return (int)sql_col_int64(st, col) ? TRI_TRUE : TRI_FALSE;
}

static const char *str_col(struct sql_loader *l, struct sql_stmt *st, int col)
{
	return facts_str(l->f, sql_col_text(st, col));
}

static struct sql_stmt *load_stmt(struct sql_loader *l, enum sql_id all, enum sql_id one, const char *org_id,
			       const char *table)
{
	l->table = table;
	l->row = 0;
	struct sql_stmt *st = sql_stmt(l->db, org_id ? one : all, l->e);
	if (st && org_id)
		sql_bind_text(st, 1, org_id);
	return st;
}

#define NOMEM(l) zerr_set((l)->e, ZE_NOMEM, "out of memory loading %s", (l)->table)

/* The org row st is on, added to the facts (its parent is left for the caller to resolve). */
static int add_org_row(struct sql_loader *l, struct sql_stmt *st, zidx *out)
{
	struct org o = {str_col(l, st, 0), str_col(l, st, 1), str_col(l, st, 2), str_col(l, st, 4), ZIDX_NONE,
			str_col(l, st, 5), 0, OPERATOR_UNSET};
	const char *op = str_col(l, st, 6);
	int offset = TZ_DEFAULT_OFFSET, opt = op ? operator_type_from_id(op) : OPERATOR_UNSET;
	if (o.time_zone && !tz_offset(o.time_zone, &offset))
		return load_fail(l, "bad time zone", o.time_zone);
	if (opt < 0)
		return load_fail(l, "bad operator type", op);
	o.utc_offset = (int16_t)offset;
	o.operator_type = (int8_t)opt;
	return (*out = facts_add_org(l->f, &o)) < 0 ? NOMEM(l) : 0;
}

int sql_load_orgs(struct sql_loader *l)
{
	struct facts *f = l->f;
	int rc = 0;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_ORG, Q_LOAD_ORG, NULL, "org");
	if (!st)
		return l->e->code;
	/* Parents may come after their children: resolve them in a second pass. */
	const char **parents = NULL;
	size_t cap = 0;
	int step;
	while ((step = sql_step(st)) == SQL_ROW) {
		l->row++;
		zidx i;
		if ((rc = add_org_row(l, st, &i)))
			goto out;
		if ((size_t)i >= cap) {
			cap = cap ? cap * 2 : 256;
			const char **p = realloc(parents, cap * sizeof *p);
			if (!p) {
				rc = NOMEM(l);
				goto out;
			}
			parents = p;
		}
		parents[i] = str_col(l, st, 3);
	}
	if (step != SQL_DONE) {
		rc = sql_error(l->db, l->e, "load organizations");
		goto out;
	}
	for (size_t i = 0; i < f->orgs.n; i++) {
		if (parents[i] && (f->orgs.v[i].parent = hmap_get(&f->org_ids, parents[i])) < 0) {
			l->row = (int64_t)i + 1;
			rc = load_fail(l, "unknown parent", parents[i]);
			goto out;
		}
	}
out:
	sql_reset(st);
	free(parents);
	return rc;
}

static int load_depts(struct sql_loader *l, const char *org_id)
{
	struct facts *f = l->f;
	int rc = 0, step;
	const char **parents = NULL;
	size_t first = f->depts.n, cap = 0;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_DEPT, Q_LOAD_DEPT_ORG, org_id, "department");
	if (!st)
		return l->e->code;
	while ((step = sql_step(st)) == SQL_ROW) {
		l->row++;
		struct dept d = {str_col(l, st, 0), str_col(l, st, 2), ZIDX_NONE, ZIDX_NONE};
		struct span life;
		if ((rc = ref(l, &f->org_ids, st, 1, &d.org)) || (rc = span_cols(l, st, 4, &life)))
			goto out;
		zidx i = facts_add_dept(f, &d);
		if (i < 0 || (!span_always(life) && facts_set_span(f, SPAN_DEPT, i, life))) {
			rc = NOMEM(l);
			goto out;
		}
		if ((size_t)i - first >= cap) {
			cap = cap ? cap * 2 : 256;
			const char **p = realloc(parents, cap * sizeof *p);
			if (!p) {
				rc = NOMEM(l);
				goto out;
			}
			parents = p;
		}
		parents[i - first] = str_col(l, st, 3);
	}
	if (step != SQL_DONE) {
		rc = sql_error(l->db, l->e, "load departments");
		goto out;
	}
	for (size_t i = first; i < f->depts.n; i++) {
		const char *pid = parents[i - first];
		if (pid && (f->depts.v[i].parent = hmap_get(&f->dept_ids, pid)) < 0) {
			l->row = (int64_t)(i - first) + 1;
			rc = load_fail(l, "unknown parent", pid);
			goto out;
		}
	}
out:
	sql_reset(st);
	free(parents);
	return rc;
}

/* Steps to the next row; false at the end, with *rc set when the step failed. */
static bool next_row(struct sql_loader *l, struct sql_stmt *st, int *rc)
{
	int step = sql_step(st);
	if (step == SQL_ROW) {
		l->row++;
		return true;
	}
	if (step != SQL_DONE)
		*rc = sql_error(l->db, l->e, l->table);
	return false;
}

#define TRY(x)                 \
	do {                   \
		if ((rc = (x))) \
			goto out; \
	} while (0)
#define ADD(l, call)                       \
	do {                               \
		if ((call) < 0) {           \
			rc = NOMEM(l);      \
			goto out;           \
		}                           \
	} while (0)

/* A department's earlier names and parents. */
static int load_dept_versions(struct sql_loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_DEPT_VERSION, Q_LOAD_DEPT_VERSION_ORG, org_id, "department_version");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct dept_version v = {.name = str_col(l, st, 2)};
		TRY(ref(l, &f->dept_ids, st, 0, &v.dept));
		TRY(date_col(l, st, 1, ZDATE_NONE, &v.until));
		TRY(ref(l, &f->dept_ids, st, 3, &v.parent));
		ADD(l, facts_add_dept_version(f, &v));
	}
out:
	sql_reset(st);
	return rc;
}

static int load_people(struct sql_loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_PERSON, Q_LOAD_PERSON_ORG, org_id, "person");
	if (!st)
		return l->e->code;
	struct ref_cache org = {.idx = ZIDX_NONE}, dept = {.idx = ZIDX_NONE};
	while (!rc && next_row(l, st, &rc)) {
		struct person p = {str_col(l, st, 0), str_col(l, st, 3), 0, 0, 0};
		struct span life;
		TRY(ref_cached(l, &f->org_ids, st, 1, &org, &p.org));
		TRY(ref_cached(l, &f->dept_ids, st, 2, &dept, &p.dept));
		TRY(date_col(l, st, 4, ZDATE_NONE, &p.background_check));
		TRY(span_cols(l, st, 5, &life));
		zidx i = facts_add_person(f, &p);
		ADD(l, i);
		if (!span_always(life))
			ADD(l, facts_set_span(f, SPAN_PERSON, i, life));
	}
out:
	sql_reset(st);
	return rc;
}

static int load_bodies(struct sql_loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_BODY, Q_LOAD_BODY_ORG, org_id, "body");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct body b = {str_col(l, st, 0), str_col(l, st, 3), 0, 0};
		struct span life;
		TRY(ref(l, &f->org_ids, st, 1, &b.org));
		TRY(enum_col(l, st, 2, body_kind_from_id, &b.kind));
		TRY(span_cols(l, st, 4, &life));
		zidx i = facts_add_body(f, &b);
		ADD(l, i);
		if (!span_always(life))
			ADD(l, facts_set_span(f, SPAN_BODY, i, life));
	}
	if (rc)
		goto out;
	sql_reset(st);
	st = load_stmt(l, Q_LOAD_LEAD, Q_LOAD_LEAD_ORG, org_id, "body_lead");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct body_lead bl;
		TRY(ref(l, &f->body_ids, st, 0, &bl.body));
		TRY(ref(l, &f->body_ids, st, 1, &bl.led));
		ADD(l, facts_add_lead(f, &bl));
	}
out:
	sql_reset(st);
	return rc;
}

static int load_systems(struct sql_loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_SYSTEM, Q_LOAD_SYSTEM_ORG, org_id, "system");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct zsystem y = {str_col(l, st, 0), str_col(l, st, 2), str_col(l, st, 5), 0, 0,
				    (int8_t)(int)sql_col_int64(st, 4), tri_col(st, 8), tri_col(st, 9), 0, 0, NULL};
		TRY(ref(l, &f->org_ids, st, 1, &y.org));
		TRY(ref(l, &f->dept_ids, st, 3, &y.owner_dept));
		TRY(date_col(l, st, 6, ZDATE_NONE, &y.filed_on));
		TRY(date_col(l, st, 7, ZDATE_NONE, &y.last_assessed_on));
		struct span life;
		TRY(span_cols(l, st, 10, &life));
		zidx i = facts_add_system(f, &y);
		ADD(l, i);
		if (!span_always(life))
			ADD(l, facts_set_span(f, SPAN_SYSTEM, i, life));
	}
	if (rc)
		goto out;
	sql_reset(st);
	if (!(st = load_stmt(l, Q_LOAD_SYSTEM_VERSION, Q_LOAD_SYSTEM_VERSION_ORG, org_id, "system_version")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct system_version v = {.st.mlps_level = (int8_t)(int)sql_col_int64(st, 3), .st.filing_no = str_col(l, st, 4)};
		TRY(ref(l, &f->system_ids, st, 0, &v.system));
		TRY(date_col(l, st, 1, ZDATE_NONE, &v.until));
		TRY(ref(l, &f->dept_ids, st, 2, &v.st.owner_dept));
		TRY(date_col(l, st, 5, ZDATE_NONE, &v.st.filed_on));
		ADD(l, facts_add_system_version(f, &v));
	}
	if (rc)
		goto out;
	sql_reset(st);
	if (!(st = load_stmt(l, Q_LOAD_ASSESSMENT, Q_LOAD_ASSESSMENT_ORG, org_id, "system_assessment")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct assessment a;
		TRY(ref(l, &f->system_ids, st, 0, &a.system));
		TRY(date_col(l, st, 1, ZDATE_NONE, &a.on));
		ADD(l, facts_add_assessment(f, &a));
	}
out:
	sql_reset(st);
	return rc;
}

/* The appointments of st's rows, into `into` (references resolved against l->f, which may be
 * another facts: the ids it resolves against are only read). */
int sql_load_appt_rows(struct sql_loader *l, struct sql_stmt *st, struct facts *into)
{
	int rc = 0;
	const struct facts *f = l->f;
	struct ref_cache person = {.idx = ZIDX_NONE}, org = {.idx = ZIDX_NONE}, dept = {.idx = ZIDX_NONE};
	while (!rc && next_row(l, st, &rc)) {
		struct appt a = {.post = POST_NONE, .seat = SEAT_NONE, .full_time = tri_col(st, 9)};
		TRY(ref_person(l, st, 0, &person, &a.person));
		TRY(ref_cached(l, &f->org_ids, st, 1, &org, &a.org));
		TRY(ref_cached(l, &f->dept_ids, st, 2, &dept, &a.dept));
		TRY(ref(l, &f->system_ids, st, 3, &a.system));
		TRY(ref(l, &f->body_ids, st, 4, &a.body));
		if (a.body < 0)
			TRY(enum_col(l, st, 5, post_from_id, &a.post));
		else
			TRY(enum_col(l, st, 6, seat_from_id, &a.seat));
		TRY(date_col(l, st, 7, ZDATE_NONE, &a.from));
		TRY(date_col(l, st, 8, ZDATE_MAX, &a.to));
		ADD(l, facts_add_appt(into, &a));
	}
out:
	sql_reset(st);
	return rc;
}

int sql_load_appts(struct sql_loader *l, const char *org_id)
{
	struct sql_stmt *st = load_stmt(l, Q_LOAD_APPT, Q_LOAD_APPT_ORG, org_id, "appointment");
	return st ? sql_load_appt_rows(l, st, l->f) : l->e->code;
}

static int load_agreements(struct sql_loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_AGREEMENT, Q_LOAD_AGREEMENT_ORG, org_id, "agreement");
	if (!st)
		return l->e->code;
	struct ref_cache org = {.idx = ZIDX_NONE}, person = {.idx = ZIDX_NONE};
	while (!rc && next_row(l, st, &rc)) {
		struct agreement a = {.id = str_col(l, st, 0)};
		TRY(ref_cached(l, &f->org_ids, st, 1, &org, &a.org));
		TRY(enum_col(l, st, 2, agreement_kind_from_id, &a.kind));
		TRY(ref_person(l, st, 3, &person, &a.person));
		TRY(date_col(l, st, 4, ZDATE_NONE, &a.from));
		TRY(date_col(l, st, 5, ZDATE_MAX, &a.to));
		TRY(date_col(l, st, 6, ZDATE_NONE, &a.signed_on));
		a.post = POST_NONE;
		if (!sql_col_null(st, 7))
			TRY(enum_col(l, st, 7, post_from_id, &a.post));
		TRY(ref(l, &f->dept_ids, st, 8, &a.dept));
		ADD(l, facts_add_agreement(f, &a));
	}
out:
	sql_reset(st);
	return rc;
}

static int time_col(struct sql_loader *l, struct sql_stmt *st, int col, struct ztime *out)
{
	const char *s = sql_col_text(st, col);
	*out = ZTIME_NONE;
	if (!s)
		return 0;
	return ztime_parse(s, out) ? 0 : load_fail(l, "bad time", s);
}

static int load_incidents(struct sql_loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_INCIDENT, Q_LOAD_INCIDENT_ORG, org_id, "incident");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct incident x = INCIDENT_INIT;
		x.id = str_col(l, st, 0);
		x.title = str_col(l, st, 3);
		x.category = str_col(l, st, 4);
		TRY(ref(l, &f->org_ids, st, 1, &x.org));
		TRY(ref(l, &f->system_ids, st, 2, &x.system));
		if (sql_col_text(st, 5))
			TRY(enum_col(l, st, 5, grade_from_id, &x.grade));
		TRY(time_col(l, st, 6, &x.occurred));
		TRY(time_col(l, st, 7, &x.detected));
		TRY(time_col(l, st, 8, &x.reported));
		TRY(time_col(l, st, 9, &x.resolved));
		if (!sql_col_null(st, 10))
			x.outage_hours = sql_col_double(st, 10);
		if (!sql_col_null(st, 11))
			x.personal_info_records = sql_col_int64(st, 11);
		TRY(date_col(l, st, 12, ZDATE_NONE, &x.summary_on));
		x.classification = str_col(l, st, 13);
		x.attacked = tri_col(st, 14);
		x.handled_in_time = tri_col(st, 15);
		if (!sql_col_null(st, 16))
			x.function_outage_hours = sql_col_double(st, 16);
		if (!sql_col_null(st, 17))
			x.economic_loss_yuan = sql_col_double(st, 17);
		if (!sql_col_null(st, 18))
			x.people_affected = sql_col_int64(st, 18);
		x.follow_ups = str_col(l, st, 19);
		ADD(l, facts_add_incident(f, &x));
	}
out:
	sql_reset(st);
	return rc;
}

static int load_notices(struct sql_loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_NOTICE, Q_LOAD_NOTICE_ORG, org_id, "notice");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct notice n = {.id = str_col(l, st, 0), .issuer = str_col(l, st, 2), .document_no = str_col(l, st, 3),
				   .title = str_col(l, st, 4), .received_at = ZTIME_NONE,
				   .issuer_org = str_col(l, st, 10), .feedback = str_col(l, st, 11)};
		TRY(ref(l, &f->org_ids, st, 1, &n.org));
		TRY(date_col(l, st, 5, ZDATE_NONE, &n.received_on));
		TRY(date_col(l, st, 6, ZDATE_NONE, &n.rectified_on));
		TRY(date_col(l, st, 7, ZDATE_NONE, &n.feedback_on));
		TRY(date_col(l, st, 8, ZDATE_NONE, &n.rectify_by));
		TRY(time_col(l, st, 9, &n.received_at));
		ADD(l, facts_add_notice(f, &n));
	}
	if (rc)
		goto out;
	sql_reset(st);
	if (!(st = load_stmt(l, Q_LOAD_NOTICE_SYSTEM, Q_LOAD_NOTICE_SYSTEM_ORG, org_id, "notice_system")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct notice_system ns;
		TRY(ref(l, &f->notice_ids, st, 0, &ns.notice));
		TRY(ref(l, &f->system_ids, st, 1, &ns.system));
		ADD(l, facts_add_notice_system(f, &ns));
	}
out:
	sql_reset(st);
	return rc;
}

/* The reports of the notices or incidents (kind) loaded, through add. */
static int load_reports(struct sql_loader *l, const char *org_id, const char *kind, const struct hmap *ids,
			zidx (*add)(struct facts *f, const struct evidence *ev))
{
	int rc = 0;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_REPORTS, Q_LOAD_REPORTS_ORG, org_id, "report_file");
	if (!st)
		return l->e->code;
	sql_bind_text(st, 2, kind);
	while (!rc && next_row(l, st, &rc)) {
		struct evidence ev = {.sha256 = str_col(l, st, 1), .name = str_col(l, st, 2), .size = sql_col_int64(st, 3)};
		TRY(ref(l, ids, st, 0, &ev.record));
		ADD(l, add(l->f, &ev));
	}
out:
	sql_reset(st);
	return rc;
}

static int load_handovers(struct sql_loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_HANDOVER, Q_LOAD_HANDOVER_ORG, org_id, "handover");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct handover h = {.id = str_col(l, st, 0), .notes = str_col(l, st, 10)};
		TRY(ref(l, &f->org_ids, st, 1, &h.org));
		TRY(ref(l, &f->person_ids, st, 2, &h.person));
		TRY(enum_col(l, st, 3, post_from_id, &h.post));
		TRY(date_col(l, st, 4, ZDATE_NONE, &h.left_on));
		TRY(ref(l, &f->person_ids, st, 5, &h.successor));
		TRY(date_col(l, st, 6, ZDATE_NONE, &h.accounts_closed_on));
		TRY(date_col(l, st, 7, ZDATE_NONE, &h.materials_returned_on));
		TRY(date_col(l, st, 8, ZDATE_NONE, &h.passwords_changed_on));
		TRY(date_col(l, st, 9, ZDATE_NONE, &h.completed_on));
		ADD(l, facts_add_handover(f, &h));
	}
out:
	sql_reset(st);
	return rc;
}

static int load_vulnerabilities(struct sql_loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_VULN, Q_LOAD_VULN_ORG, org_id, "vulnerability");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct vulnerability v = {.id = str_col(l, st, 0), .title = str_col(l, st, 3), .notes = str_col(l, st, 11)};
		TRY(ref(l, &f->org_ids, st, 1, &v.org));
		TRY(ref(l, &f->system_ids, st, 2, &v.system));
		TRY(enum_col(l, st, 4, vuln_source_from_id, &v.source));
		TRY(enum_col(l, st, 5, vuln_severity_from_id, &v.severity));
		TRY(date_col(l, st, 6, ZDATE_NONE, &v.found_on));
		TRY(date_col(l, st, 7, ZDATE_NONE, &v.due_on));
		TRY(date_col(l, st, 8, ZDATE_NONE, &v.fixed_on));
		TRY(date_col(l, st, 9, ZDATE_NONE, &v.verified_on));
		TRY(ref(l, &f->notice_ids, st, 10, &v.notice));
		ADD(l, facts_add_vulnerability(f, &v));
	}
out:
	sql_reset(st);
	return rc;
}

/* Reads the rows of a described register (one unit's, or all) into the facts. */
static int load_described(struct sql_loader *l, const char *org_id, const struct reg_desc *d)
{
	int rc = 0;
	struct facts *f = l->f;
	union reg_row rec;
	assert(d->size <= sizeof rec);
	struct sql_stmt *st = load_stmt(l, d->load, d->load_org, org_id, d->what);
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		memset(&rec, 0, sizeof rec);
		for (int c = 0; c < d->ncols && !rc; c++) {
			const struct rcol *col = &d->cols[c];
			unsigned char *field = (unsigned char *)&rec + col->off;
			switch (col->type) {
			case RC_TEXT: *(const char **)field = str_col(l, st, c); break;
			case RC_DATE: rc = date_col(l, st, c, ZDATE_NONE, (zdate *)field); break;
			case RC_INT:
				*(int32_t *)field = sql_col_null(st, c) ? -1 : (int)sql_col_int64(st, c);
				break;
			case RC_ENUM: rc = enum_col(l, st, c, col->enum_from_id, (int8_t *)field); break;
			default: rc = ref(l, rcol_ref_ids(f, col->type), st, c, (zidx *)field); break;
			}
		}
		if (!rc && d->add(f, &rec) < 0)
			rc = NOMEM(l);
	}
	sql_reset(st);
	return rc;
}

static int64_t amount_col(struct sql_stmt *st, int col)
{
	return sql_col_null(st, col) ? -1 : sql_col_int64(st, col);
}

/* The projects, then which project built each system (systems are loaded before). */
static int load_projects(struct sql_loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_PROJECT, Q_LOAD_PROJECT_ORG, org_id, "project");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct project p = {.id = str_col(l, st, 0), .name = str_col(l, st, 2), .notes = str_col(l, st, 13),
				    .budget = amount_col(st, 4), .security_budget = amount_col(st, 5),
				    .security_planned = (int)sql_col_int64(st, 10) != 0,
				    .security_built = (int)sql_col_int64(st, 11) != 0,
				    .security_implemented = (int)sql_col_int64(st, 12) != 0};
		TRY(ref(l, &f->org_ids, st, 1, &p.org));
		TRY(ref(l, &f->dept_ids, st, 3, &p.dept));
		TRY(date_col(l, st, 6, ZDATE_NONE, &p.approved_on));
		TRY(date_col(l, st, 7, ZDATE_NONE, &p.started_on));
		TRY(date_col(l, st, 8, ZDATE_NONE, &p.in_use_on));
		TRY(date_col(l, st, 9, ZDATE_NONE, &p.cancelled_on));
		ADD(l, facts_add_project(f, &p));
	}
	if (rc)
		goto out;
	sql_reset(st);
	if (!(st = load_stmt(l, Q_LOAD_SYSTEM_PROJECT, Q_LOAD_SYSTEM_PROJECT_ORG, org_id, "system_project")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		zidx si, pi;
		TRY(ref(l, &f->system_ids, st, 0, &si));
		TRY(ref(l, &f->project_ids, st, 1, &pi));
		f->systems.v[si].project = f->projects.v[pi].id;
	}
out:
	sql_reset(st);
	return rc;
}

static int load_plans(struct sql_loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_PLAN, Q_LOAD_PLAN_ORG, org_id, "emergency_plan");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct emergency_plan p = {.id = str_col(l, st, 0), .title = str_col(l, st, 2), .version = str_col(l, st, 3),
					   .notes = str_col(l, st, 7)};
		TRY(ref(l, &f->org_ids, st, 1, &p.org));
		TRY(date_col(l, st, 4, ZDATE_NONE, &p.approved_on));
		TRY(date_col(l, st, 5, ZDATE_NONE, &p.reviewed_on));
		TRY(date_col(l, st, 6, ZDATE_NONE, &p.withdrawn_on));
		ADD(l, facts_add_plan(f, &p));
	}
	if (rc)
		goto out;
	sql_reset(st);
	if (!(st = load_stmt(l, Q_LOAD_PLAN_DRILL, Q_LOAD_PLAN_DRILL_ORG, org_id, "plan_drill")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct plan_drill d;
		TRY(ref(l, &f->plan_ids, st, 0, &d.plan));
		TRY(date_col(l, st, 1, ZDATE_NONE, &d.held_on));
		ADD(l, facts_add_plan_drill(f, &d));
	}
	if (rc)
		goto out;
	sql_reset(st);
	if (!(st = load_stmt(l, Q_LOAD_PLAN_REVIEW, Q_LOAD_PLAN_REVIEW_ORG, org_id, "plan_review")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct plan_review rv = {.outcome = str_col(l, st, 3)};
		TRY(ref(l, &f->plan_ids, st, 0, &rv.plan));
		TRY(date_col(l, st, 1, ZDATE_NONE, &rv.on));
		TRY(ref(l, &f->person_ids, st, 2, &rv.by));
		ADD(l, facts_add_plan_review(f, &rv));
	}
out:
	sql_reset(st);
	return rc;
}

static int load_rectifications(struct sql_loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_RECT, Q_LOAD_RECT_ORG, org_id, "rectification");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct rectification r = {.id = str_col(l, st, 0), .rule = str_col(l, st, 2), .subject = str_col(l, st, 3),
					  .title = str_col(l, st, 4), .rectification = str_col(l, st, 10),
					  .notes = str_col(l, st, 12)};
		TRY(ref(l, &f->org_ids, st, 1, &r.org));
		TRY(ref(l, &f->dept_ids, st, 5, &r.dept));
		TRY(ref(l, &f->person_ids, st, 6, &r.person));
		TRY(date_col(l, st, 7, ZDATE_NONE, &r.assigned_on));
		TRY(date_col(l, st, 8, ZDATE_NONE, &r.due_on));
		TRY(date_col(l, st, 9, ZDATE_NONE, &r.rectified_on));
		TRY(date_col(l, st, 11, ZDATE_NONE, &r.closed_on));
		ADD(l, facts_add_rectification(f, &r));
	}
	if (rc)
		goto out;
	sql_reset(st);
	if (!(st = load_stmt(l, Q_LOAD_RECT_EVIDENCE, Q_LOAD_RECT_EVIDENCE_ORG, org_id, "rectification_evidence")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct evidence ev = {.sha256 = str_col(l, st, 1), .name = str_col(l, st, 2), .size = sql_col_int64(st, 3)};
		TRY(ref(l, &f->rectification_ids, st, 0, &ev.record));
		ADD(l, facts_add_rect_evidence(f, &ev));
	}
out:
	sql_reset(st);
	return rc;
}

static int load_inspections(struct sql_loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_INSP, Q_LOAD_INSP_ORG, org_id, "inspection");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct inspection in = {.id = str_col(l, st, 0), .scope = str_col(l, st, 4), .inspectors = str_col(l, st, 5)};
		TRY(ref(l, &f->org_ids, st, 1, &in.org));
		TRY(ref(l, &f->org_ids, st, 2, &in.inspector_org));
		TRY(date_col(l, st, 3, ZDATE_NONE, &in.on));
		ADD(l, facts_add_inspection(f, &in));
	}
	if (rc)
		goto out;
	sql_reset(st);
	if (!(st = load_stmt(l, Q_LOAD_INSP_ITEM, Q_LOAD_INSP_ITEM_ORG, org_id, "inspection_item")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct inspection_item it = {.title = str_col(l, st, 1), .basis = str_col(l, st, 2)};
		TRY(ref(l, &f->inspection_ids, st, 0, &it.inspection));
		TRY(ref(l, &f->dept_ids, st, 3, &it.dept));
		TRY(date_col(l, st, 4, ZDATE_NONE, &it.due_on));
		ADD(l, facts_add_inspection_item(f, &it));
	}
out:
	sql_reset(st);
	return rc;
}

static int load_records(struct sql_loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	size_t first = f->records.n;
	int64_t *ids = NULL;
	size_t cap = 0;
	struct ref_cache by = {.idx = ZIDX_NONE};
	struct sql_stmt *st = load_stmt(l, Q_LOAD_RECORD, Q_LOAD_RECORD_ORG, org_id, "obligation_record");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct obligation_record r = {.obligation = str_col(l, st, 2), .period = str_col(l, st, 3),
					      .notes = str_col(l, st, 7)};
		TRY(ref(l, &f->org_ids, st, 1, &r.org));
		TRY(ref(l, &f->dept_ids, st, 4, &r.dept));
		TRY(date_col(l, st, 5, ZDATE_NONE, &r.done_on));
		TRY(ref_person(l, st, 6, &by, &r.by));
		zidx i = facts_add_record(f, &r);
		if (i < 0) {
			rc = NOMEM(l);
			goto out;
		}
		if ((size_t)i - first >= cap) {
			cap = cap ? cap * 2 : 256;
			int64_t *p = realloc(ids, cap * sizeof *p);
			if (!p) {
				rc = NOMEM(l);
				goto out;
			}
			ids = p;
		}
		ids[i - first] = sql_col_int64(st, 0);
	}
	if (rc)
		goto out;
	sql_reset(st);
	if (!(st = load_stmt(l, Q_LOAD_EVIDENCE, Q_LOAD_EVIDENCE_ORG, org_id, "evidence"))) {
		rc = l->e->code;
		goto out_nost;
	}
	/* Both lists are in record-id order: walk them together. */
	size_t k = 0, n = f->records.n - first;
	while (!rc && next_row(l, st, &rc)) {
		int64_t rid = sql_col_int64(st, 0);
		while (k < n && ids[k] < rid)
			k++;
		if (k >= n || ids[k] != rid) {
			rc = load_fail(l, "evidence of an unknown record", "");
			goto out;
		}
		struct evidence ev = {(zidx)(first + k), str_col(l, st, 1), str_col(l, st, 2), sql_col_int64(st, 3)};
		ADD(l, facts_add_evidence(f, &ev));
	}
out:
	sql_reset(st);
out_nost:
	free(ids);
	return rc;
}

int sql_load_records_of(struct sql_loader *l, const char *org_id, int (*appts)(struct sql_loader *l, void *ctx),
			void *ctx)
{
	int rc;
	if ((rc = load_depts(l, org_id)) || (rc = load_dept_versions(l, org_id)) || (rc = load_people(l, org_id)) ||
	    (rc = load_bodies(l, org_id)) || (rc = load_systems(l, org_id)) ||
	    (rc = appts ? appts(l, ctx) : sql_load_appts(l, org_id)) || (rc = load_agreements(l, org_id)) ||
	    (rc = load_incidents(l, org_id)) || (rc = load_notices(l, org_id)) ||
	    (rc = load_records(l, org_id)) || (rc = load_handovers(l, org_id)) ||
	    (rc = load_vulnerabilities(l, org_id)) || (rc = load_plans(l, org_id)) ||
	    (rc = load_described(l, org_id, &log_source_desc)) || (rc = load_described(l, org_id, &training_desc)) ||
	    (rc = load_described(l, org_id, &attendee_desc)) ||
	    (rc = load_projects(l, org_id)) ||
	    (rc = load_rectifications(l, org_id)) || (rc = load_inspections(l, org_id)) ||
	    (rc = load_reports(l, org_id, "notice", &l->f->notice_ids, facts_add_notice_report)) ||
	    (rc = load_reports(l, org_id, "incident", &l->f->incident_ids, facts_add_incident_report)))
		return rc;
	return 0;
}

/* Every unit (org_id NULL) or one, as the backend's connection sees the store now. */
int sql_load(struct store *s, struct facts *f, const char *org_id, struct zerr *e)
{
	struct sql_loader l = {s->sql, f, e, "", 0};
	int rc;
	if ((rc = sql_load_orgs(&l)))
		return rc;
	if (org_id && hmap_get(&f->org_ids, org_id) < 0)
		return zerr_set(e, ZE_NOTFOUND, "no unit with id '%s'", org_id);
	return sql_load_records_of(&l, org_id, NULL, NULL);
}

/* The org rows of org_id and of the units above it, child first, each read by its id. */
static int load_org_chain(struct sql_loader *l, const char *org_id)
{
	struct facts *f = l->f;
	const char *parents[ORG_DEPTH_MAX];
	size_t first = f->orgs.n, n = 0;
	int rc = 0;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_ORG_ONE, Q_LOAD_ORG_ONE, NULL, "org");
	if (!st)
		return l->e->code;
	for (const char *id = org_id; id && n < ORG_DEPTH_MAX && hmap_get(&f->org_ids, id) < 0; n++) {
		zidx i;
		sql_bind_text(st, 1, id);
		if (!next_row(l, st, &rc)) {
			if (!rc)
				rc = n ? load_fail(l, "unknown parent", id) : zerr_set(l->e, ZE_NOTFOUND, "no unit with id '%s'", id);
			break;
		}
		if ((rc = add_org_row(l, st, &i)))
			break;
		id = parents[n] = str_col(l, st, 3);
		sql_reset(st);
	}
	sql_reset(st);
	for (size_t k = 0; !rc && k < n; k++)
		if (parents[k])
			f->orgs.v[first + k].parent = hmap_get(&f->org_ids, parents[k]);
	return rc;
}

int sql_load_org(struct store *s, struct facts *f, const char *org_id, struct zerr *e)
{
	struct sql_loader l = {s->sql, f, e, "", 0};
	return load_org_chain(&l, org_id);
}

int sql_load_unit(struct store *s, struct facts *f, const char *org_id, struct zerr *e)
{
	struct sql_loader l = {s->sql, f, e, "", 0};
	int rc = load_org_chain(&l, org_id);
	return rc ? rc : sql_load_records_of(&l, org_id, NULL, NULL);
}

static int sql_calendar_each(struct store *s, calendar_row_fn fn, void *ctx, struct zerr *e)
{
	struct sql_loader l = {s->sql, NULL, e, "calendar_day", 0};
	int rc = 0;
	struct sql_stmt *st = sql_stmt(l.db, Q_CAL_LOAD, e);
	if (!st)
		return e->code;
	while (!rc && next_row(&l, st, &rc)) {
		zdate d;
		const char *kind = sql_col_text(st, 1);
		if ((rc = date_col(&l, st, 0, ZDATE_NONE, &d)))
			break;
		if (!kind || (strcmp(kind, "off") && strcmp(kind, "work"))) {
			rc = load_fail(&l, "bad kind", kind);
			break;
		}
		rc = fn(ctx, d, kind[0] == 'w', sql_col_text(st, 2), sql_col_text(st, 3));
	}
	sql_reset(st);
	return rc;
}

static int sql_org_each(struct store *s, org_row_fn fn, void *ctx, struct zerr *e)
{
	struct sql_loader l = {s->sql, NULL, e, "org", 0};
	int rc = 0;
	struct sql_stmt *st = sql_stmt(l.db, Q_ORG_EACH, e);
	if (!st)
		return e->code;
	while (!rc && next_row(&l, st, &rc))
		rc = fn(ctx, sql_col_text(st, 0), sql_col_text(st, 1), sql_col_text(st, 2), sql_col_text(st, 3));
	sql_reset(st);
	return rc;
}

static int sql_id_unit(struct store *s, enum store_kind kind, const char *id, char org[201], struct zerr *e)
{
	static const enum sql_id ids[SK_COUNT] = {
		[SK_DEPT] = Q_UNIT_OF_DEPT, [SK_PERSON] = Q_UNIT_OF_PERSON, [SK_BODY] = Q_UNIT_OF_BODY,
		[SK_SYSTEM] = Q_UNIT_OF_SYSTEM, [SK_AGREEMENT] = Q_UNIT_OF_AGREEMENT,
		[SK_INCIDENT] = Q_UNIT_OF_INCIDENT, [SK_NOTICE] = Q_UNIT_OF_NOTICE,
		[SK_HANDOVER] = Q_UNIT_OF_HANDOVER, [SK_VULNERABILITY] = Q_UNIT_OF_VULN,
		[SK_PLAN] = Q_UNIT_OF_PLAN, [SK_LOG_SOURCE] = Q_UNIT_OF_LOG_SOURCE, [SK_TRAINING] = Q_UNIT_OF_TRAINING,
		[SK_PROJECT] = Q_UNIT_OF_PROJECT, [SK_RECTIFICATION] = Q_UNIT_OF_RECT,
		[SK_INSPECTION] = Q_UNIT_OF_INSP};
	struct sql_conn *db = s->sql;
	struct sql_stmt *st = sql_stmt(db, ids[kind], e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, id);
	int step = sql_step(st), rc = 0;
	org[0] = '\0';
	if (step == SQL_ROW && sql_col_text(st, 0))
		snprintf(org, 201, "%s", sql_col_text(st, 0));
	else if (step != SQL_DONE && step != SQL_ROW)
		rc = sql_error(db, e, "look up a record's unit");
	sql_reset(st);
	return rc;
}

static int sql_calendar_put(struct store *s, zdate d, bool work, const char *en, const char *zh, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	char date[ZDATE_BUFSZ];
	struct sql_stmt *st = put_stmt(db, Q_CAL_PUT, e);
	if (!st)
		return e->code;
	sql_bind_date(st, 1, d, date);
	sql_bind_text(st, 2, work ? "work" : "off");
	sql_bind_text(st, 3, en);
	sql_bind_text(st, 4, zh);
	return sql_exec(db, st, e, "save calendar day");
}

void sql_facts_ops(struct store_ops *o)
{
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
	o->load_unit = sql_load_unit;
	o->load_org = sql_load_org;
	o->calendar_each = sql_calendar_each;
	o->org_each = sql_org_each;
	o->id_unit = sql_id_unit;
	o->calendar_put = sql_calendar_put;
}
