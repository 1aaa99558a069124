/* The store ops written once for both backends, against the statement interface of sql.h, and
 * their SQL text. A statement's text is shared where the dialects agree; pg_text holds
 * PostgreSQL's where they do not. */
#include <assert.h>

#include "store/sql.h"

static const char *const text[Q_COUNT] = {
	[Q_PUT_ORG] = "INSERT INTO org(id, name, kind, parent, policy, time_zone, operator_type) "
		            "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(id) DO UPDATE SET name = $2, kind = $3, "
		            "parent = $4, policy = $5, time_zone = $6, operator_type = $7",
	[Q_PUT_DEPT] = "INSERT INTO department(id, org, name, parent, established, dissolved) VALUES ($1, $2, $3, $4, $5, $6) "
		              "ON CONFLICT(id) DO UPDATE SET org = $2, name = $3, parent = $4, established = $5, dissolved = $6",
	[Q_CLEAR_DEPT_VERSIONS] = "DELETE FROM department_version WHERE department = $1",
	[Q_PUT_DEPT_VERSION] = "INSERT INTO department_version(department, until, name, parent) VALUES ($1, $2, $3, $4)",
	[Q_PUT_PERSON] = "INSERT INTO person(id, org, department, name, background_check, joined, left_on) "
			  "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(id) DO UPDATE SET org = $2, "
			  "department = $3, name = $4, background_check = $5, joined = $6, left_on = $7",
	[Q_PUT_BODY] = "INSERT INTO body(id, org, kind, name, established, dissolved) VALUES ($1, $2, $3, $4, $5, $6) "
		              "ON CONFLICT(id) DO UPDATE SET org = $2, kind = $3, name = $4, established = $5, dissolved = $6",
	[Q_PUT_LEAD] = "INSERT INTO body_lead(body, led) VALUES ($1, $2) ON CONFLICT DO NOTHING",
	[Q_PUT_APPT] = "INSERT INTO appointment(natural_key, person, org, department, system, body, "
		              "post, seat, from_date, to_date, full_time) "
		              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
		              "ON CONFLICT(natural_key) DO UPDATE SET to_date = $10, full_time = $11",
	[Q_PUT_SYSTEM] = "INSERT INTO system(id, org, name, owner_department, mlps_level, filing_no, "
			  "filed_on, last_assessed_on, critical_infrastructure, public_website, in_service, retired) "
			  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT(id) DO UPDATE SET "
			  "org = $2, name = $3, owner_department = $4, mlps_level = $5, filing_no = $6, "
			  "filed_on = $7, last_assessed_on = $8, critical_infrastructure = $9, "
			  "public_website = $10, in_service = $11, retired = $12",
	[Q_CLEAR_SYSTEM_PROJECT] = "DELETE FROM system_project WHERE system = $1",
	[Q_PUT_SYSTEM_PROJECT] = "INSERT INTO system_project(system, project) VALUES ($1, $2)",
	[Q_CLEAR_SYSTEM_VERSIONS] = "DELETE FROM system_version WHERE system = $1",
	[Q_CLEAR_ASSESSMENTS] = "DELETE FROM system_assessment WHERE system = $1",
	[Q_PUT_SYSTEM_VERSION] = "INSERT INTO system_version(system, until, owner_department, mlps_level, filing_no, "
				  "filed_on) VALUES ($1, $2, $3, $4, $5, $6)",
	[Q_PUT_ASSESSMENT] = "INSERT INTO system_assessment(system, on_date) VALUES ($1, $2) ON CONFLICT DO NOTHING",
	[Q_PUT_AGREEMENT] = "INSERT INTO agreement(id, org, kind, person, from_date, to_date, signed_on, post, department) "
			        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT(id) DO UPDATE SET "
			        "org = $2, kind = $3, person = $4, from_date = $5, to_date = $6, signed_on = $7, post = $8, "
			        "department = $9",
};

/* PostgreSQL's text of a statement whose dialects differ (none of the statements above yet). */
static const char *const pg_text[Q_COUNT] = {0};

const char *sql_shared_text(enum sql_id id, bool pg)
{
	assert(id >= 0 && id < Q_COUNT);
	return pg && pg_text[id] ? pg_text[id] : text[id];
}

int sql_exec(struct sql_conn *c, struct sql_stmt *st, struct zerr *e, const char *what)
{
	int rc = sql_step(st);
	sql_reset(st);
	return rc == SQL_DONE ? 0 : sql_error(c, e, what);
}

void sql_bind_date(struct sql_stmt *st, int i, zdate d, char *buf)
{
	if (d == ZDATE_NONE || d == ZDATE_MAX)
		sql_bind_null(st, i);
	else
		sql_bind_text(st, i, date_format(d, buf));
}

void sql_bind_span(struct sql_stmt *st, int i, struct span sp, char *buf)
{
	sql_bind_date(st, i, sp.from == ZDATE_MIN ? ZDATE_NONE : sp.from, buf);
	sql_bind_date(st, i + 1, sp.to, buf + ZDATE_BUFSZ);
}

void sql_bind_tri(struct sql_stmt *st, int i, int t)
{
	if (t == TRI_NULL)
		sql_bind_null(st, i);
	else
		sql_bind_int64(st, i, t);
}

/* ---- the facts' puts ---- */

#define ID_OF(f, vec, i) ((i) >= 0 ? (f)->vec.v[i].id : NULL)
/* What every put relies on (store.h): it runs inside store_begin/commit, on a record of f. */
#define PUT_INVARIANTS(c, vec, i) assert((c)->drv->in_transaction(c) && (i) >= 0 && (size_t)(i) < (vec).n)

/* A put's first statement, once the write is noted (the generation is bumped at commit). */
static struct sql_stmt *put_stmt(struct sql_conn *c, enum sql_id id, struct zerr *e)
{
	struct sql_stmt *st = sql_stmt(c, id, e);
	return st && !c->drv->business_write(c, e) ? st : NULL;
}

int sql_put_org(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *c = s->sql;
	const struct org *o = &f->orgs.v[i];
	PUT_INVARIANTS(c, f->orgs, i);
	struct sql_stmt *st = put_stmt(c, Q_PUT_ORG, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, o->id);
	sql_bind_text(st, 2, o->name);
	sql_bind_text(st, 3, o->kind);
	sql_bind_text(st, 4, ID_OF(f, orgs, o->parent));
	sql_bind_text(st, 5, o->policy ? o->policy : "default");
	sql_bind_text(st, 6, o->time_zone);
	sql_bind_text(st, 7, o->operator_type != OPERATOR_UNSET ? operator_type_id(o->operator_type) : NULL);
	return sql_exec(c, st, e, "save organization");
}

int sql_put_dept(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *c = s->sql;
	const struct dept *d = &f->depts.v[i];
	PUT_INVARIANTS(c, f->depts, i);
	struct sql_stmt *st = put_stmt(c, Q_PUT_DEPT, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, d->id);
	sql_bind_text(st, 2, f->orgs.v[d->org].id);
	sql_bind_text(st, 3, d->name);
	sql_bind_text(st, 4, ID_OF(f, depts, d->parent));
	char span[2 * ZDATE_BUFSZ], until[ZDATE_BUFSZ];
	sql_bind_span(st, 5, facts_span(f, SPAN_DEPT, i), span);
	int rc = sql_exec(c, st, e, "save department");
	/* its earlier names and parents replace those stored */
	if (rc || !(st = sql_stmt(c, Q_CLEAR_DEPT_VERSIONS, e)))
		return rc ? rc : e->code;
	sql_bind_text(st, 1, d->id);
	if ((rc = sql_exec(c, st, e, "save department versions")) || !f->dept_versions.n)
		return rc;
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save department: facts are not indexed");
	for (zidx k = f->ix.dept_version[i]; k < f->ix.dept_version[i + 1] && !rc; k++) {
		const struct dept_version *v = &f->dept_versions.v[f->ix.version_by_dept[k]];
		if (!(st = sql_stmt(c, Q_PUT_DEPT_VERSION, e)))
			return e->code;
		sql_bind_text(st, 1, d->id);
		sql_bind_date(st, 2, v->until, until);
		sql_bind_text(st, 3, v->name);
		sql_bind_text(st, 4, ID_OF(f, depts, v->parent));
		rc = sql_exec(c, st, e, "save department versions");
	}
	return rc;
}

int sql_put_person(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *c = s->sql;
	const struct person *p = &f->people.v[i];
	PUT_INVARIANTS(c, f->people, i);
	char bc[ZDATE_BUFSZ];
	struct sql_stmt *st = put_stmt(c, Q_PUT_PERSON, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, p->id);
	sql_bind_text(st, 2, f->orgs.v[p->org].id);
	sql_bind_text(st, 3, ID_OF(f, depts, p->dept));
	sql_bind_text(st, 4, p->name);
	sql_bind_date(st, 5, p->background_check, bc);
	char span[2 * ZDATE_BUFSZ];
	sql_bind_span(st, 6, facts_span(f, SPAN_PERSON, i), span);
	return sql_exec(c, st, e, "save person");
}

int sql_put_body(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *c = s->sql;
	const struct body *b = &f->bodies.v[i];
	PUT_INVARIANTS(c, f->bodies, i);
	struct sql_stmt *st = put_stmt(c, Q_PUT_BODY, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, b->id);
	sql_bind_text(st, 2, f->orgs.v[b->org].id);
	sql_bind_text(st, 3, body_kind_id(b->kind));
	sql_bind_text(st, 4, b->name);
	char span[2 * ZDATE_BUFSZ];
	sql_bind_span(st, 5, facts_span(f, SPAN_BODY, i), span);
	return sql_exec(c, st, e, "save body");
}

int sql_put_lead(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *c = s->sql;
	const struct body_lead *l = &f->leads.v[i];
	PUT_INVARIANTS(c, f->leads, i);
	struct sql_stmt *st = put_stmt(c, Q_PUT_LEAD, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, f->bodies.v[l->body].id);
	sql_bind_text(st, 2, f->bodies.v[l->led].id);
	return sql_exec(c, st, e, "save body leads");
}

int sql_put_appt(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *c = s->sql;
	const struct appt *a = &f->appts.v[i];
	PUT_INVARIANTS(c, f->appts, i);
	char from[ZDATE_BUFSZ], to[ZDATE_BUFSZ];
	struct sql_stmt *st = put_stmt(c, Q_PUT_APPT, e);
	if (!st)
		return e->code;
	appt_natural_key(f, a, c->key);
	sql_bind_text(st, 1, c->key->buf);
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
	return sql_exec(c, st, e, "save appointment");
}

int sql_put_system(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *c = s->sql;
	const struct zsystem *y = &f->systems.v[i];
	PUT_INVARIANTS(c, f->systems, i);
	char filed[ZDATE_BUFSZ], assessed[ZDATE_BUFSZ];
	struct sql_stmt *st = put_stmt(c, Q_PUT_SYSTEM, e);
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
	int rc = sql_exec(c, st, e, "save system");
	/* the project that built it replaces the one stored */
	if (!rc && (st = sql_stmt(c, Q_CLEAR_SYSTEM_PROJECT, e))) {
		sql_bind_text(st, 1, y->id);
		rc = sql_exec(c, st, e, "save system's project");
	}
	if (!rc && y->project && (st = sql_stmt(c, Q_PUT_SYSTEM_PROJECT, e))) {
		sql_bind_text(st, 1, y->id);
		sql_bind_text(st, 2, y->project);
		rc = sql_exec(c, st, e, "save system's project");
	}
	if (!rc && !st)
		return e->code;
	/* its earlier register entries and assessments replace those stored */
	static const enum sql_id clear[] = {Q_CLEAR_SYSTEM_VERSIONS, Q_CLEAR_ASSESSMENTS};
	for (size_t k = 0; k < 2 && !rc; k++) {
		if (!(st = sql_stmt(c, clear[k], e)))
			return e->code;
		sql_bind_text(st, 1, y->id);
		rc = sql_exec(c, st, e, "save system history");
	}
	if (rc || (!f->system_versions.n && !f->assessments.n))
		return rc;
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save system: facts are not indexed");
	for (zidx k = f->ix.system_version[i]; k < f->ix.system_version[i + 1] && !rc; k++) {
		const struct system_version *v = &f->system_versions.v[f->ix.version_by_system[k]];
		if (!(st = sql_stmt(c, Q_PUT_SYSTEM_VERSION, e)))
			return e->code;
		sql_bind_text(st, 1, y->id);
		sql_bind_date(st, 2, v->until, until);
		sql_bind_text(st, 3, ID_OF(f, depts, v->st.owner_dept));
		if (v->st.mlps_level)
			sql_bind_int64(st, 4, v->st.mlps_level);
		sql_bind_text(st, 5, v->st.filing_no);
		sql_bind_date(st, 6, v->st.filed_on, filed_v);
		rc = sql_exec(c, st, e, "save system versions");
	}
	for (zidx k = f->ix.system_assessment[i]; k < f->ix.system_assessment[i + 1] && !rc; k++) {
		if (!(st = sql_stmt(c, Q_PUT_ASSESSMENT, e)))
			return e->code;
		sql_bind_text(st, 1, y->id);
		sql_bind_date(st, 2, f->assessments.v[f->ix.assessment_by_system[k]].on, until);
		rc = sql_exec(c, st, e, "save system assessments");
	}
	return rc;
}

int sql_put_agreement(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *c = s->sql;
	const struct agreement *a = &f->agreements.v[i];
	PUT_INVARIANTS(c, f->agreements, i);
	char from[ZDATE_BUFSZ], to[ZDATE_BUFSZ], signed_on[ZDATE_BUFSZ];
	struct sql_stmt *st = put_stmt(c, Q_PUT_AGREEMENT, e);
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
	return sql_exec(c, st, e, "save agreement");
}
