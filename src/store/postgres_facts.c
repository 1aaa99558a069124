/* The PostgreSQL backend: the facts, written (put) and read (load), and their history. */
#include <errno.h>
#include <string.h>

#include "store/pg.h"

static int pg_put_handover(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct handover *h = &f->handovers.v[i];
	PUT_INVARIANTS(ps, f->handovers, i);
	char left[ZDATE_BUFSZ], closed[ZDATE_BUFSZ], returned[ZDATE_BUFSZ], changed[ZDATE_BUFSZ], done[ZDATE_BUFSZ];
	struct pq_stmt *st = pg_stmt(ps, S_PUT_HANDOVER, e);
	if (!st)
		return e->code;
	if (pg_business_write(ps, e))
		return e->code;
	bind_text(st, 1, h->id);
	bind_text(st, 2, f->orgs.v[h->org].id);
	bind_text(st, 3, ID_OF(f, people, h->person));
	bind_text(st, 4, post_id(h->post));
	bind_date(st, 5, h->left_on, left);
	bind_text(st, 6, ID_OF(f, people, h->successor));
	bind_date(st, 7, h->accounts_closed_on, closed);
	bind_date(st, 8, h->materials_returned_on, returned);
	bind_date(st, 9, h->passwords_changed_on, changed);
	bind_date(st, 10, h->completed_on, done);
	bind_text(st, 11, h->notes);
	return pg_exec_stmt(ps, st, e, "save handover");
}

static int pg_put_vulnerability(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct vulnerability *v = &f->vulnerabilities.v[i];
	PUT_INVARIANTS(ps, f->vulnerabilities, i);
	char found[ZDATE_BUFSZ], due[ZDATE_BUFSZ], fixed[ZDATE_BUFSZ], verified[ZDATE_BUFSZ];
	struct pq_stmt *st = pg_stmt(ps, S_PUT_VULN, e);
	if (!st)
		return e->code;
	if (pg_business_write(ps, e))
		return e->code;
	bind_text(st, 1, v->id);
	bind_text(st, 2, f->orgs.v[v->org].id);
	bind_text(st, 3, f->systems.v[v->system].id);
	bind_text(st, 4, v->title);
	bind_text(st, 5, vuln_source_id(v->source));
	bind_text(st, 6, vuln_severity_id(v->severity));
	bind_date(st, 7, v->found_on, found);
	bind_date(st, 8, v->due_on, due);
	bind_date(st, 9, v->fixed_on, fixed);
	bind_date(st, 10, v->verified_on, verified);
	bind_text(st, 11, ID_OF(f, notices, v->notice));
	bind_text(st, 12, v->notes);
	return pg_exec_stmt(ps, st, e, "save vulnerability");
}

/* Binds an amount in yuan; -1 (not recorded) is NULL. */
static void bind_amount(struct pq_stmt *st, int i, int64_t yuan)
{
	if (yuan >= 0)
		pq_bind_int64(st, i, yuan);
	else
		pq_bind_null(st, i);
}

static int pg_put_project(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct project *p = &f->projects.v[i];
	PUT_INVARIANTS(ps, f->projects, i);
	char approved[ZDATE_BUFSZ], started[ZDATE_BUFSZ], in_use[ZDATE_BUFSZ], cancelled[ZDATE_BUFSZ];
	struct pq_stmt *st = pg_stmt(ps, S_PUT_PROJECT, e);
	if (!st)
		return e->code;
	if (pg_business_write(ps, e))
		return e->code;
	bind_text(st, 1, p->id);
	bind_text(st, 2, f->orgs.v[p->org].id);
	bind_text(st, 3, p->name);
	bind_text(st, 4, ID_OF(f, depts, p->dept));
	bind_amount(st, 5, p->budget);
	bind_amount(st, 6, p->security_budget);
	bind_date(st, 7, p->approved_on, approved);
	bind_date(st, 8, p->started_on, started);
	bind_date(st, 9, p->in_use_on, in_use);
	bind_date(st, 10, p->cancelled_on, cancelled);
	pq_bind_int64(st, 11, p->security_planned);
	pq_bind_int64(st, 12, p->security_built);
	pq_bind_int64(st, 13, p->security_implemented);
	bind_text(st, 14, p->notes);
	return pg_exec_stmt(ps, st, e, "save project");
}

/* Writes the plan and replaces the days of its drills. */
static int pg_put_plan(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct emergency_plan *p = &f->plans.v[i];
	PUT_INVARIANTS(ps, f->plans, i);
	char approved[ZDATE_BUFSZ], reviewed[ZDATE_BUFSZ], withdrawn[ZDATE_BUFSZ], held[ZDATE_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save emergency plan: facts are not indexed");
	struct pq_stmt *st = pg_stmt(ps, S_PUT_PLAN, e);
	if (!st)
		return e->code;
	if (pg_business_write(ps, e))
		return e->code;
	bind_text(st, 1, p->id);
	bind_text(st, 2, f->orgs.v[p->org].id);
	bind_text(st, 3, p->title);
	bind_text(st, 4, p->version);
	bind_date(st, 5, p->approved_on, approved);
	bind_date(st, 6, p->reviewed_on, reviewed);
	bind_date(st, 7, p->withdrawn_on, withdrawn);
	bind_text(st, 8, p->notes);
	int rc = pg_exec_stmt(ps, st, e, "save emergency plan");
	if (rc || !(st = pg_stmt(ps, S_CLEAR_PLAN_DRILLS, e)))
		return rc ? rc : e->code;
	bind_text(st, 1, p->id);
	if ((rc = pg_exec_stmt(ps, st, e, "save emergency plan drills")))
		return rc;
	for (zidx k = f->ix.plan_drill[i]; k < f->ix.plan_drill[i + 1] && !rc; k++) {
		if (!(st = pg_stmt(ps, S_PUT_PLAN_DRILL, e)))
			return e->code;
		bind_text(st, 1, p->id);
		bind_date(st, 2, f->plan_drills.v[f->ix.drill_by_plan[k]].held_on, held);
		rc = pg_exec_stmt(ps, st, e, "save emergency plan drills");
	}
	/* and its reviews */
	if (rc || !(st = pg_stmt(ps, S_CLEAR_PLAN_REVIEWS, e)))
		return rc ? rc : e->code;
	bind_text(st, 1, p->id);
	if ((rc = pg_exec_stmt(ps, st, e, "save emergency plan reviews")))
		return rc;
	for (zidx k = f->ix.plan_review[i]; k < f->ix.plan_review[i + 1] && !rc; k++) {
		const struct plan_review *rv = &f->plan_reviews.v[f->ix.review_by_plan[k]];
		if (!(st = pg_stmt(ps, S_PUT_PLAN_REVIEW, e)))
			return e->code;
		bind_text(st, 1, p->id);
		bind_date(st, 2, rv->on, held);
		bind_text(st, 3, ID_OF(f, people, rv->by));
		bind_text(st, 4, rv->outcome);
		rc = pg_exec_stmt(ps, st, e, "save emergency plan reviews");
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
	enum stmt_id put, load, load_org;
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
static int put_described(struct pg_store *ps, const struct facts *f, const struct reg_desc *d, const void *rec,
			 struct zerr *e)
{
	char dates[8][ZDATE_BUFSZ];
	int ndates = 0;
	struct pq_stmt *st = pg_stmt(ps, d->put, e);
	if (!st)
		return e->code;
	if (pg_business_write(ps, e))
		return e->code;
	for (int c = 0; c < d->ncols; c++) {
		const struct rcol *col = &d->cols[c];
		const char *field = (const char *)rec + col->off;
		int32_t n;
		switch (col->type) {
		case RC_TEXT: bind_text(st, c + 1, *(const char *const *)field); break;
		case RC_DATE:
			assert(ndates < 8);
			bind_date(st, c + 1, *(const zdate *)field, dates[ndates++]);
			break;
		case RC_INT:
			n = *(const int32_t *)field;
			if (n < 0)
				pq_bind_null(st, c + 1);
			else
				pq_bind_int64(st, c + 1, n);
			break;
		case RC_ENUM: bind_text(st, c + 1, col->enum_id(*(const int8_t *)field)); break;
		default: bind_text(st, c + 1, rcol_ref_id(f, col->type, *(const zidx *)field)); break;
		}
	}
	return pg_exec_stmt(ps, st, e, d->what);
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
	"log_source", S_PUT_LOG_SOURCE, S_LOAD_LOG_SOURCE, S_LOAD_LOG_SOURCE_ORG, sizeof(struct log_source),
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
	"training_session", S_PUT_TRAINING, S_LOAD_TRAINING, S_LOAD_TRAINING_ORG, sizeof(struct training_session),
	(int)(sizeof training_cols / sizeof training_cols[0]), training_cols, training_at, training_add};

static const void *attendee_at(const struct facts *f, zidx i) { return &f->training_attendees.v[i]; }
static zidx attendee_add(struct facts *f, const void *r) { return facts_add_training_attendee(f, r); }
static const struct rcol attendee_cols[] = {
	RCOL(struct training_attendee, RC_TRAINING, session), RCOL(struct training_attendee, RC_PERSON, person),
	RCOL(struct training_attendee, RC_INT, hours), RCOL(struct training_attendee, RC_TEXT, certificate),
};
static const struct reg_desc attendee_desc = {
	"training_attendee", S_PUT_TRAINING_ATTENDEE, S_LOAD_TRAINING_ATTENDEE, S_LOAD_TRAINING_ATTENDEE_ORG,
	sizeof(struct training_attendee), (int)(sizeof attendee_cols / sizeof attendee_cols[0]), attendee_cols, attendee_at,
	attendee_add};

static int pg_put_log_source(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	PUT_INVARIANTS(PS(s), f->log_sources, i);
	return put_described(PS(s), f, &log_source_desc, log_source_at(f, i), e);
}

/* Writes the session and replaces its attendees. */
static int pg_put_training(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	PUT_INVARIANTS(ps, f->trainings, i);
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save training session: facts are not indexed");
	int rc = put_described(ps, f, &training_desc, training_at(f, i), e);
	struct pq_stmt *st;
	if (rc || !(st = pg_stmt(ps, S_CLEAR_TRAINING_ATTENDEES, e)))
		return rc ? rc : e->code;
	bind_text(st, 1, f->trainings.v[i].id);
	if ((rc = pg_exec_stmt(ps, st, e, "save training attendees")))
		return rc;
	for (zidx k = f->ix.training_attendee[i]; k < f->ix.training_attendee[i + 1] && !rc; k++)
		rc = put_described(ps, f, &attendee_desc, attendee_at(f, f->ix.attendee_by_training[k]), e);
	return rc;
}

/* Writes the rectification and replaces its list of evidence. */
static int pg_put_rectification(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct rectification *r = &f->rectifications.v[i];
	PUT_INVARIANTS(ps, f->rectifications, i);
	char assigned[ZDATE_BUFSZ], due[ZDATE_BUFSZ], rectified[ZDATE_BUFSZ], closed[ZDATE_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save rectification: facts are not indexed");
	struct pq_stmt *st = pg_stmt(ps, S_PUT_RECT, e);
	if (!st)
		return e->code;
	if (pg_business_write(ps, e))
		return e->code;
	bind_text(st, 1, r->id);
	bind_text(st, 2, f->orgs.v[r->org].id);
	bind_text(st, 3, r->rule);
	bind_text(st, 4, r->subject);
	bind_text(st, 5, r->title);
	bind_text(st, 6, ID_OF(f, depts, r->dept));
	bind_text(st, 7, ID_OF(f, people, r->person));
	bind_date(st, 8, r->assigned_on, assigned);
	bind_date(st, 9, r->due_on, due);
	bind_date(st, 10, r->rectified_on, rectified);
	bind_text(st, 11, r->rectification);
	bind_date(st, 12, r->closed_on, closed);
	bind_text(st, 13, r->notes);
	int rc = pg_exec_stmt(ps, st, e, "save rectification");
	if (rc || !(st = pg_stmt(ps, S_CLEAR_RECT_EVIDENCE, e)))
		return rc ? rc : e->code;
	bind_text(st, 1, r->id);
	if ((rc = pg_exec_stmt(ps, st, e, "save rectification evidence")))
		return rc;
	for (zidx k = f->ix.rect_evidence[i]; k < f->ix.rect_evidence[i + 1] && !rc; k++) {
		const struct evidence *ev = &f->rect_evidence.v[f->ix.evidence_by_rect[k]];
		if (!(st = pg_stmt(ps, S_PUT_RECT_EVIDENCE, e)))
			return e->code;
		bind_text(st, 1, r->id);
		bind_text(st, 2, ev->sha256);
		bind_text(st, 3, ev->name);
		pq_bind_int64(st, 4, ev->size);
		rc = pg_exec_stmt(ps, st, e, "save rectification evidence");
	}
	return rc;
}

/* Writes the inspection and replaces its items (numbered from 1 in their order). */
static int pg_put_inspection(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct inspection *in = &f->inspections.v[i];
	PUT_INVARIANTS(ps, f->inspections, i);
	char on[ZDATE_BUFSZ], due[ZDATE_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save inspection: facts are not indexed");
	struct pq_stmt *st = pg_stmt(ps, S_PUT_INSP, e);
	if (!st)
		return e->code;
	if (pg_business_write(ps, e))
		return e->code;
	bind_text(st, 1, in->id);
	bind_text(st, 2, f->orgs.v[in->org].id);
	bind_text(st, 3, f->orgs.v[in->inspector_org].id);
	bind_date(st, 4, in->on, on);
	bind_text(st, 5, in->scope);
	bind_text(st, 6, in->inspectors);
	int rc = pg_exec_stmt(ps, st, e, "save inspection");
	if (rc || !(st = pg_stmt(ps, S_CLEAR_INSP_ITEMS, e)))
		return rc ? rc : e->code;
	bind_text(st, 1, in->id);
	if ((rc = pg_exec_stmt(ps, st, e, "save inspection items")))
		return rc;
	for (zidx k = f->ix.inspection_item[i]; k < f->ix.inspection_item[i + 1] && !rc; k++) {
		const struct inspection_item *it = &f->inspection_items.v[f->ix.item_by_inspection[k]];
		if (!(st = pg_stmt(ps, S_PUT_INSP_ITEM, e)))
			return e->code;
		bind_text(st, 1, in->id);
		pq_bind_int64(st, 2, k - f->ix.inspection_item[i] + 1);
		bind_text(st, 3, it->title);
		bind_text(st, 4, it->basis);
		bind_text(st, 5, ID_OF(f, depts, it->dept));
		bind_date(st, 6, it->due_on, due);
		rc = pg_exec_stmt(ps, st, e, "save inspection items");
	}
	return rc;
}

static void bind_time(struct pq_stmt *st, int i, struct ztime z, char *buf)
{
	if (ztime_set(z))
		pq_bind_str(st, i, ztime_format(z, buf));
	else
		pq_bind_null(st, i);
}

/* Replaces the reports (files) of the notice or incident `id` with v[by[from .. to)]. */
static int put_reports(struct pg_store *ps, const char *kind, const char *id, const struct evidence *v,
		       const zidx *by, zidx from, zidx to, struct zerr *e)
{
	struct pq_stmt *st = pg_stmt(ps, S_CLEAR_REPORTS, e);
	if (!st)
		return e->code;
	bind_text(st, 1, kind);
	bind_text(st, 2, id);
	int rc = pg_exec_stmt(ps, st, e, "save reports");
	for (zidx k = from; k < to && !rc; k++) {
		const struct evidence *ev = &v[by[k]];
		if (!(st = pg_stmt(ps, S_PUT_REPORT, e)))
			return e->code;
		bind_text(st, 1, kind);
		bind_text(st, 2, id);
		bind_text(st, 3, ev->sha256);
		bind_text(st, 4, ev->name);
		pq_bind_int64(st, 5, ev->size);
		rc = pg_exec_stmt(ps, st, e, "save reports");
	}
	return rc;
}

static int pg_put_incident(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct incident *x = &f->incidents.v[i];
	PUT_INVARIANTS(ps, f->incidents, i);
	char occ[ZTIME_BUFSZ], det[ZTIME_BUFSZ], rep[ZTIME_BUFSZ], res[ZTIME_BUFSZ], sum[ZDATE_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save incident: facts are not indexed");
	struct pq_stmt *st = pg_stmt(ps, S_PUT_INCIDENT, e);
	if (!st)
		return e->code;
	if (pg_business_write(ps, e))
		return e->code;
	bind_text(st, 1, x->id);
	bind_text(st, 2, f->orgs.v[x->org].id);
	bind_text(st, 3, ID_OF(f, systems, x->system));
	bind_text(st, 4, x->title);
	bind_text(st, 5, x->category);
	bind_text(st, 6, x->grade ? grade_id(x->grade) : NULL);
	bind_time(st, 7, x->occurred, occ);
	bind_time(st, 8, x->detected, det);
	bind_time(st, 9, x->reported, rep);
	bind_time(st, 10, x->resolved, res);
	if (x->outage_hours >= 0)
		pq_bind_double(st, 11, x->outage_hours);
	if (x->personal_info_records >= 0)
		pq_bind_int64(st, 12, x->personal_info_records);
	bind_date(st, 13, x->summary_on, sum);
	bind_text(st, 14, x->classification);
	bind_tri(st, 15, x->attacked);
	bind_tri(st, 16, x->handled_in_time);
	if (x->function_outage_hours >= 0)
		pq_bind_double(st, 17, x->function_outage_hours);
	if (x->economic_loss_yuan >= 0)
		pq_bind_double(st, 18, x->economic_loss_yuan);
	if (x->people_affected >= 0)
		pq_bind_int64(st, 19, x->people_affected);
	bind_text(st, 20, x->follow_ups);
	int rc = pg_exec_stmt(ps, st, e, "save incident");
	if (!rc)
		rc = put_reports(ps, "incident", x->id, f->incident_reports.v, f->ix.report_by_incident, f->ix.incident_report[i],
				 f->ix.incident_report[i + 1], e);
	return rc;
}

static int pg_put_notice(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct notice *n = &f->notices.v[i];
	PUT_INVARIANTS(ps, f->notices, i);
	char rec[ZDATE_BUFSZ], rect[ZDATE_BUFSZ], fb[ZDATE_BUFSZ], by[ZDATE_BUFSZ], at[ZTIME_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save notice: facts are not indexed");
	struct pq_stmt *st = pg_stmt(ps, S_PUT_NOTICE, e);
	if (!st)
		return e->code;
	if (pg_business_write(ps, e))
		return e->code;
	bind_text(st, 1, n->id);
	bind_text(st, 2, f->orgs.v[n->org].id);
	bind_text(st, 3, n->issuer);
	bind_text(st, 4, n->document_no);
	bind_text(st, 5, n->title);
	bind_date(st, 6, n->received_on, rec);
	bind_date(st, 7, n->rectified_on, rect);
	bind_date(st, 8, n->feedback_on, fb);
	bind_date(st, 9, n->rectify_by, by);
	bind_time(st, 10, n->received_at, at);
	bind_text(st, 11, n->issuer_org);
	bind_text(st, 12, n->feedback);
	int rc = pg_exec_stmt(ps, st, e, "save notice");
	if (rc || !(st = pg_stmt(ps, S_CLEAR_NOTICE_SYSTEMS, e)))
		return rc ? rc : e->code;
	bind_text(st, 1, n->id);
	if ((rc = pg_exec_stmt(ps, st, e, "save notice systems")))
		return rc;
	for (zidx k = f->ix.notice_system[i]; k < f->ix.notice_system[i + 1] && !rc; k++) {
		if (!(st = pg_stmt(ps, S_PUT_NOTICE_SYSTEM, e)))
			return e->code;
		bind_text(st, 1, n->id);
		bind_text(st, 2, f->systems.v[f->notice_systems.v[f->ix.system_by_notice[k]].system].id);
		rc = pg_exec_stmt(ps, st, e, "save notice systems");
	}
	if (!rc)
		rc = put_reports(ps, "notice", n->id, f->notice_reports.v, f->ix.report_by_notice, f->ix.notice_report[i],
				 f->ix.notice_report[i + 1], e);
	return rc;
}

static int pg_put_record(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct obligation_record *r = &f->records.v[i];
	PUT_INVARIANTS(ps, f->records, i);
	char done[ZDATE_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save obligation record: facts are not indexed");
	struct pq_stmt *st = pg_stmt(ps, S_PUT_RECORD, e);
	if (!st)
		return e->code;
	if (pg_business_write(ps, e))
		return e->code;
	record_natural_key(f, r, &ps->key);
	bind_text(st, 1, ps->key.buf);
	bind_text(st, 2, f->orgs.v[r->org].id);
	bind_text(st, 3, r->obligation);
	bind_text(st, 4, r->period);
	bind_text(st, 5, ID_OF(f, depts, r->dept));
	bind_date(st, 6, r->done_on, done);
	bind_text(st, 7, ID_OF(f, people, r->by));
	bind_text(st, 8, r->notes);
	if (pq_step(st) != PQ_ROW) {
		int rc = pg_db_error(ps, e, "save obligation record");
		pq_reset(st);
		return rc;
	}
	int64_t id = pq_column_int64(st, 0);
	pq_reset(st);
	if (!(st = pg_stmt(ps, S_CLEAR_EVIDENCE, e)))
		return e->code;
	pq_bind_int64(st, 1, id);
	int rc = pg_exec_stmt(ps, st, e, "save evidence");
	for (zidx k = f->ix.record_evidence[i]; k < f->ix.record_evidence[i + 1] && !rc; k++) {
		const struct evidence *ev = &f->evidence.v[f->ix.evidence_by_record[k]];
		if (!(st = pg_stmt(ps, S_PUT_EVIDENCE, e)))
			return e->code;
		pq_bind_int64(st, 1, id);
		bind_text(st, 2, ev->sha256);
		bind_text(st, 3, ev->name);
		pq_bind_int64(st, 4, ev->size);
		rc = pg_exec_stmt(ps, st, e, "save evidence");
	}
	return rc;
}

static int pg_incident_snapshot(struct store *s, const char *id, char **json, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_GET_SNAPSHOT, e);
	*json = NULL;
	if (!st)
		return e->code;
	bind_text(st, 1, id);
	int step = pq_step(st), rc = 0;
	if (step == PQ_ROW) {
		const char *t = col_text(st, 0);
		if (t && !(*json = strdup(t)))
			rc = zerr_set(e, ZE_NOMEM, "out of memory");
	} else if (step == PQ_DONE) {
		rc = zerr_set(e, ZE_NOTFOUND, "no incident with id '%s'", id);
	} else {
		rc = pg_db_error(ps, e, "load incident snapshot");
	}
	pq_reset(st);
	return rc;
}

static int pg_set_incident_snapshot(struct store *s, const char *id, const char *json, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, S_SET_SNAPSHOT, e);
	if (!st)
		return e->code;
	if (pg_business_write(ps, e))
		return e->code;
	bind_text(st, 1, id);
	bind_text(st, 2, json);
	return pg_exec_stmt(ps, st, e, "save incident snapshot");
}

/* Reading rows back: the schema's constraints hold, but a damaged or hand-edited database
 * still gets a clear error instead of a crash. */
struct loader {
	struct pg_store *ps;
	struct facts *f;
	struct zerr *e;
	const char *table;
	int64_t row;
};

static int load_fail(struct loader *l, const char *what, const char *value)
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

static int ref_cached(struct loader *l, const struct hmap *ids, struct pq_stmt *st, int col, struct ref_cache *c,
		      zidx *out)
{
	const char *id = col_text(st, col);
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

static int ref(struct loader *l, const struct hmap *ids, struct pq_stmt *st, int col, zidx *out)
{
	return ref_cached(l, ids, st, col, NULL, out);
}

static int date_col(struct loader *l, struct pq_stmt *st, int col, zdate absent, zdate *out)
{
	const char *s = col_text(st, col);
	if (!s) {
		*out = absent;
		return 0;
	}
	return date_parse(s, out) ? 0 : load_fail(l, "bad date", s);
}

/* Two date columns from col on as a span (NULLs: not recorded). */
static int span_cols(struct loader *l, struct pq_stmt *st, int col, struct span *out)
{
	int rc = date_col(l, st, col, ZDATE_MIN, &out->from);
	return rc ? rc : date_col(l, st, col + 1, ZDATE_MAX, &out->to);
}

static bool span_always(struct span s)
{
	return s.from == ZDATE_MIN && s.to == ZDATE_MAX;
}

static int enum_col(struct loader *l, struct pq_stmt *st, int col, int (*from_id)(const char *), int8_t *out)
{
	const char *s = col_text(st, col);
	int v = from_id(s);
	if (v < 0)
		return load_fail(l, "unknown value", s);
	*out = (int8_t)v;
	return 0;
}

static int8_t tri_col(struct pq_stmt *st, int col)
{
	if (pq_column_type(st, col) == PQ_NULL)
		return TRI_NULL;
	return pq_column_int(st, col) ? TRI_TRUE : TRI_FALSE;
}

static const char *str_col(struct loader *l, struct pq_stmt *st, int col)
{
	return facts_str(l->f, col_text(st, col));
}

static struct pq_stmt *load_stmt(struct loader *l, enum stmt_id all, enum stmt_id one, const char *org_id,
			       const char *table)
{
	l->table = table;
	l->row = 0;
	struct pq_stmt *st = pg_stmt(l->ps, org_id ? one : all, l->e);
	if (st && org_id)
		bind_text(st, 1, org_id);
	return st;
}

#define NOMEM(l) zerr_set((l)->e, ZE_NOMEM, "out of memory loading %s", (l)->table)

static int add_org_row(struct loader *l, struct pq_stmt *st, zidx *out)
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

static int load_orgs(struct loader *l)
{
	struct facts *f = l->f;
	int rc = 0;
	struct pq_stmt *st = load_stmt(l, S_LOAD_ORG, S_LOAD_ORG, NULL, "org");
	if (!st)
		return l->e->code;
	/* Parents may come after their children: resolve them in a second pass. */
	const char **parents = NULL;
	size_t cap = 0;
	int step;
	while ((step = pq_step(st)) == PQ_ROW) {
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
	if (step != PQ_DONE) {
		rc = pg_db_error(l->ps, l->e, "load organizations");
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
	pq_reset(st);
	free(parents);
	return rc;
}

static int load_depts(struct loader *l, const char *org_id)
{
	struct facts *f = l->f;
	int rc = 0, step;
	const char **parents = NULL;
	size_t first = f->depts.n, cap = 0;
	struct pq_stmt *st = load_stmt(l, S_LOAD_DEPT, S_LOAD_DEPT_ORG, org_id, "department");
	if (!st)
		return l->e->code;
	while ((step = pq_step(st)) == PQ_ROW) {
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
	if (step != PQ_DONE) {
		rc = pg_db_error(l->ps, l->e, "load departments");
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
	pq_reset(st);
	free(parents);
	return rc;
}

/* Steps to the next row; false at the end, with *rc set when the step failed. */
static bool next_row(struct loader *l, struct pq_stmt *st, int *rc)
{
	int step = pq_step(st);
	if (step == PQ_ROW) {
		l->row++;
		return true;
	}
	if (step != PQ_DONE)
		*rc = pg_db_error(l->ps, l->e, l->table);
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
static int load_dept_versions(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_DEPT_VERSION, S_LOAD_DEPT_VERSION_ORG, org_id, "department_version");
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
	pq_reset(st);
	return rc;
}

static int load_people(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_PERSON, S_LOAD_PERSON_ORG, org_id, "person");
	if (!st)
		return l->e->code;
	struct ref_cache org = {.idx = ZIDX_NONE};
	while (!rc && next_row(l, st, &rc)) {
		struct person p = {str_col(l, st, 0), str_col(l, st, 3), 0, 0, 0};
		struct span life;
		TRY(ref_cached(l, &f->org_ids, st, 1, &org, &p.org));
		TRY(ref(l, &f->dept_ids, st, 2, &p.dept));
		TRY(date_col(l, st, 4, ZDATE_NONE, &p.background_check));
		TRY(span_cols(l, st, 5, &life));
		zidx i = facts_add_person(f, &p);
		ADD(l, i);
		if (!span_always(life))
			ADD(l, facts_set_span(f, SPAN_PERSON, i, life));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_bodies(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_BODY, S_LOAD_BODY_ORG, org_id, "body");
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
	pq_reset(st);
	st = load_stmt(l, S_LOAD_LEAD, S_LOAD_LEAD_ORG, org_id, "body_lead");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct body_lead bl;
		TRY(ref(l, &f->body_ids, st, 0, &bl.body));
		TRY(ref(l, &f->body_ids, st, 1, &bl.led));
		ADD(l, facts_add_lead(f, &bl));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_systems(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_SYSTEM, S_LOAD_SYSTEM_ORG, org_id, "system");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct zsystem y = {str_col(l, st, 0), str_col(l, st, 2), str_col(l, st, 5), 0, 0,
				    (int8_t)pq_column_int(st, 4), tri_col(st, 8), tri_col(st, 9), 0, 0, NULL};
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
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_SYSTEM_VERSION, S_LOAD_SYSTEM_VERSION_ORG, org_id, "system_version")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct system_version v = {.st.mlps_level = (int8_t)pq_column_int(st, 3), .st.filing_no = str_col(l, st, 4)};
		TRY(ref(l, &f->system_ids, st, 0, &v.system));
		TRY(date_col(l, st, 1, ZDATE_NONE, &v.until));
		TRY(ref(l, &f->dept_ids, st, 2, &v.st.owner_dept));
		TRY(date_col(l, st, 5, ZDATE_NONE, &v.st.filed_on));
		ADD(l, facts_add_system_version(f, &v));
	}
	if (rc)
		goto out;
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_ASSESSMENT, S_LOAD_ASSESSMENT_ORG, org_id, "system_assessment")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct assessment a;
		TRY(ref(l, &f->system_ids, st, 0, &a.system));
		TRY(date_col(l, st, 1, ZDATE_NONE, &a.on));
		ADD(l, facts_add_assessment(f, &a));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_appts(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_APPT, S_LOAD_APPT_ORG, org_id, "appointment");
	if (!st)
		return l->e->code;
	struct ref_cache person = {.idx = ZIDX_NONE}, org = {.idx = ZIDX_NONE};
	while (!rc && next_row(l, st, &rc)) {
		struct appt a = {.post = POST_NONE, .seat = SEAT_NONE, .full_time = tri_col(st, 9)};
		TRY(ref_cached(l, &f->person_ids, st, 0, &person, &a.person));
		TRY(ref_cached(l, &f->org_ids, st, 1, &org, &a.org));
		TRY(ref(l, &f->dept_ids, st, 2, &a.dept));
		TRY(ref(l, &f->system_ids, st, 3, &a.system));
		TRY(ref(l, &f->body_ids, st, 4, &a.body));
		if (a.body < 0)
			TRY(enum_col(l, st, 5, post_from_id, &a.post));
		else
			TRY(enum_col(l, st, 6, seat_from_id, &a.seat));
		TRY(date_col(l, st, 7, ZDATE_NONE, &a.from));
		TRY(date_col(l, st, 8, ZDATE_MAX, &a.to));
		ADD(l, facts_add_appt(f, &a));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_agreements(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_AGREEMENT, S_LOAD_AGREEMENT_ORG, org_id, "agreement");
	if (!st)
		return l->e->code;
	struct ref_cache org = {.idx = ZIDX_NONE};
	while (!rc && next_row(l, st, &rc)) {
		struct agreement a = {.id = str_col(l, st, 0)};
		TRY(ref_cached(l, &f->org_ids, st, 1, &org, &a.org));
		TRY(enum_col(l, st, 2, agreement_kind_from_id, &a.kind));
		TRY(ref(l, &f->person_ids, st, 3, &a.person));
		TRY(date_col(l, st, 4, ZDATE_NONE, &a.from));
		TRY(date_col(l, st, 5, ZDATE_MAX, &a.to));
		TRY(date_col(l, st, 6, ZDATE_NONE, &a.signed_on));
		a.post = POST_NONE;
		if (pq_column_type(st, 7) != PQ_NULL)
			TRY(enum_col(l, st, 7, post_from_id, &a.post));
		TRY(ref(l, &f->dept_ids, st, 8, &a.dept));
		ADD(l, facts_add_agreement(f, &a));
	}
out:
	pq_reset(st);
	return rc;
}

static int time_col(struct loader *l, struct pq_stmt *st, int col, struct ztime *out)
{
	const char *s = col_text(st, col);
	*out = ZTIME_NONE;
	if (!s)
		return 0;
	return ztime_parse(s, out) ? 0 : load_fail(l, "bad time", s);
}

static int load_incidents(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_INCIDENT, S_LOAD_INCIDENT_ORG, org_id, "incident");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct incident x = INCIDENT_INIT;
		x.id = str_col(l, st, 0);
		x.title = str_col(l, st, 3);
		x.category = str_col(l, st, 4);
		TRY(ref(l, &f->org_ids, st, 1, &x.org));
		TRY(ref(l, &f->system_ids, st, 2, &x.system));
		if (col_text(st, 5))
			TRY(enum_col(l, st, 5, grade_from_id, &x.grade));
		TRY(time_col(l, st, 6, &x.occurred));
		TRY(time_col(l, st, 7, &x.detected));
		TRY(time_col(l, st, 8, &x.reported));
		TRY(time_col(l, st, 9, &x.resolved));
		if (pq_column_type(st, 10) != PQ_NULL)
			x.outage_hours = pq_column_double(st, 10);
		if (pq_column_type(st, 11) != PQ_NULL)
			x.personal_info_records = pq_column_int64(st, 11);
		TRY(date_col(l, st, 12, ZDATE_NONE, &x.summary_on));
		x.classification = str_col(l, st, 13);
		x.attacked = tri_col(st, 14);
		x.handled_in_time = tri_col(st, 15);
		if (pq_column_type(st, 16) != PQ_NULL)
			x.function_outage_hours = pq_column_double(st, 16);
		if (pq_column_type(st, 17) != PQ_NULL)
			x.economic_loss_yuan = pq_column_double(st, 17);
		if (pq_column_type(st, 18) != PQ_NULL)
			x.people_affected = pq_column_int64(st, 18);
		x.follow_ups = str_col(l, st, 19);
		ADD(l, facts_add_incident(f, &x));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_notices(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_NOTICE, S_LOAD_NOTICE_ORG, org_id, "notice");
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
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_NOTICE_SYSTEM, S_LOAD_NOTICE_SYSTEM_ORG, org_id, "notice_system")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct notice_system ns;
		TRY(ref(l, &f->notice_ids, st, 0, &ns.notice));
		TRY(ref(l, &f->system_ids, st, 1, &ns.system));
		ADD(l, facts_add_notice_system(f, &ns));
	}
out:
	pq_reset(st);
	return rc;
}

/* The reports of the notices or incidents (kind) loaded, through add. */
static int load_reports(struct loader *l, const char *org_id, const char *kind, const struct hmap *ids,
			zidx (*add)(struct facts *f, const struct evidence *ev))
{
	int rc = 0;
	struct pq_stmt *st = load_stmt(l, S_LOAD_REPORTS, S_LOAD_REPORTS_ORG, org_id, "report_file");
	if (!st)
		return l->e->code;
	bind_text(st, 2, kind);
	while (!rc && next_row(l, st, &rc)) {
		struct evidence ev = {.sha256 = str_col(l, st, 1), .name = str_col(l, st, 2), .size = pq_column_int64(st, 3)};
		TRY(ref(l, ids, st, 0, &ev.record));
		ADD(l, add(l->f, &ev));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_handovers(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_HANDOVER, S_LOAD_HANDOVER_ORG, org_id, "handover");
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
	pq_reset(st);
	return rc;
}

static int load_vulnerabilities(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_VULN, S_LOAD_VULN_ORG, org_id, "vulnerability");
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
	pq_reset(st);
	return rc;
}

/* Reads the rows of a described register (one unit's, or all) into the facts. */
static int load_described(struct loader *l, const char *org_id, const struct reg_desc *d)
{
	int rc = 0;
	struct facts *f = l->f;
	union reg_row rec;
	assert(d->size <= sizeof rec);
	struct pq_stmt *st = load_stmt(l, d->load, d->load_org, org_id, d->what);
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
				*(int32_t *)field = pq_column_type(st, c) == PQ_NULL ? -1 : pq_column_int(st, c);
				break;
			case RC_ENUM: rc = enum_col(l, st, c, col->enum_from_id, (int8_t *)field); break;
			default: rc = ref(l, rcol_ref_ids(f, col->type), st, c, (zidx *)field); break;
			}
		}
		if (!rc && d->add(f, &rec) < 0)
			rc = NOMEM(l);
	}
	pq_reset(st);
	return rc;
}

static int64_t amount_col(struct pq_stmt *st, int col)
{
	return pq_column_type(st, col) == PQ_NULL ? -1 : pq_column_int64(st, col);
}

/* The projects, then which project built each system (systems are loaded before). */
static int load_projects(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_PROJECT, S_LOAD_PROJECT_ORG, org_id, "project");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct project p = {.id = str_col(l, st, 0), .name = str_col(l, st, 2), .notes = str_col(l, st, 13),
				    .budget = amount_col(st, 4), .security_budget = amount_col(st, 5),
				    .security_planned = pq_column_int(st, 10) != 0,
				    .security_built = pq_column_int(st, 11) != 0,
				    .security_implemented = pq_column_int(st, 12) != 0};
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
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_SYSTEM_PROJECT, S_LOAD_SYSTEM_PROJECT_ORG, org_id, "system_project")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		zidx si, pi;
		TRY(ref(l, &f->system_ids, st, 0, &si));
		TRY(ref(l, &f->project_ids, st, 1, &pi));
		f->systems.v[si].project = f->projects.v[pi].id;
	}
out:
	pq_reset(st);
	return rc;
}

static int load_plans(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_PLAN, S_LOAD_PLAN_ORG, org_id, "emergency_plan");
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
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_PLAN_DRILL, S_LOAD_PLAN_DRILL_ORG, org_id, "plan_drill")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct plan_drill d;
		TRY(ref(l, &f->plan_ids, st, 0, &d.plan));
		TRY(date_col(l, st, 1, ZDATE_NONE, &d.held_on));
		ADD(l, facts_add_plan_drill(f, &d));
	}
	if (rc)
		goto out;
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_PLAN_REVIEW, S_LOAD_PLAN_REVIEW_ORG, org_id, "plan_review")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct plan_review rv = {.outcome = str_col(l, st, 3)};
		TRY(ref(l, &f->plan_ids, st, 0, &rv.plan));
		TRY(date_col(l, st, 1, ZDATE_NONE, &rv.on));
		TRY(ref(l, &f->person_ids, st, 2, &rv.by));
		ADD(l, facts_add_plan_review(f, &rv));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_rectifications(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_RECT, S_LOAD_RECT_ORG, org_id, "rectification");
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
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_RECT_EVIDENCE, S_LOAD_RECT_EVIDENCE_ORG, org_id, "rectification_evidence")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct evidence ev = {.sha256 = str_col(l, st, 1), .name = str_col(l, st, 2), .size = pq_column_int64(st, 3)};
		TRY(ref(l, &f->rectification_ids, st, 0, &ev.record));
		ADD(l, facts_add_rect_evidence(f, &ev));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_inspections(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_INSP, S_LOAD_INSP_ORG, org_id, "inspection");
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
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_INSP_ITEM, S_LOAD_INSP_ITEM_ORG, org_id, "inspection_item")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct inspection_item it = {.title = str_col(l, st, 1), .basis = str_col(l, st, 2)};
		TRY(ref(l, &f->inspection_ids, st, 0, &it.inspection));
		TRY(ref(l, &f->dept_ids, st, 3, &it.dept));
		TRY(date_col(l, st, 4, ZDATE_NONE, &it.due_on));
		ADD(l, facts_add_inspection_item(f, &it));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_records(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	size_t first = f->records.n;
	int64_t *ids = NULL;
	size_t cap = 0;
	struct pq_stmt *st = load_stmt(l, S_LOAD_RECORD, S_LOAD_RECORD_ORG, org_id, "obligation_record");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct obligation_record r = {.obligation = str_col(l, st, 2), .period = str_col(l, st, 3),
					      .notes = str_col(l, st, 7)};
		TRY(ref(l, &f->org_ids, st, 1, &r.org));
		TRY(ref(l, &f->dept_ids, st, 4, &r.dept));
		TRY(date_col(l, st, 5, ZDATE_NONE, &r.done_on));
		TRY(ref(l, &f->person_ids, st, 6, &r.by));
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
		ids[i - first] = pq_column_int64(st, 0);
	}
	if (rc)
		goto out;
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_EVIDENCE, S_LOAD_EVIDENCE_ORG, org_id, "evidence"))) {
		rc = l->e->code;
		goto out_nost;
	}
	/* Both lists are in record-id order: walk them together. */
	size_t k = 0, n = f->records.n - first;
	while (!rc && next_row(l, st, &rc)) {
		int64_t rid = pq_column_int64(st, 0);
		while (k < n && ids[k] < rid)
			k++;
		if (k >= n || ids[k] != rid) {
			rc = load_fail(l, "evidence of an unknown record", "");
			goto out;
		}
		struct evidence ev = {(zidx)(first + k), str_col(l, st, 1), str_col(l, st, 2), pq_column_int64(st, 3)};
		ADD(l, facts_add_evidence(f, &ev));
	}
out:
	pq_reset(st);
out_nost:
	free(ids);
	return rc;
}

/* Every kind of record of unit org_id (NULL: of all units), once the org rows are loaded. */
static int load_records_of(struct loader *l, const char *org_id)
{
	int rc;
	if ((rc = load_depts(l, org_id)) || (rc = load_dept_versions(l, org_id)) || (rc = load_people(l, org_id)) ||
	    (rc = load_bodies(l, org_id)) || (rc = load_systems(l, org_id)) ||
	    (rc = load_appts(l, org_id)) || (rc = load_agreements(l, org_id)) ||
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

static int pg_load(struct store *s, struct facts *f, const char *org_id, struct zerr *e)
{
	struct loader l = {PS(s), f, e, "", 0};
	int rc;
	if ((rc = load_orgs(&l)))
		return rc;
	if (org_id && hmap_get(&f->org_ids, org_id) < 0)
		return zerr_set(e, ZE_NOTFOUND, "no unit with id '%s'", org_id);
	return load_records_of(&l, org_id);
}

/* The org rows of org_id and of the units above it, child first, each read by its id. */
static int load_org_chain(struct loader *l, const char *org_id)
{
	struct facts *f = l->f;
	char *parents[ORG_DEPTH_MAX];
	size_t first = f->orgs.n, n = 0;
	int rc = 0;
	struct pq_stmt *st = load_stmt(l, S_LOAD_ORG_ONE, S_LOAD_ORG_ONE, NULL, "org");
	if (!st)
		return l->e->code;
	for (const char *id = org_id; id && n < ORG_DEPTH_MAX && hmap_get(&f->org_ids, id) < 0; n++) {
		zidx i;
		bind_text(st, 1, id);
		if (!next_row(l, st, &rc)) {
			if (!rc)
				rc = n ? load_fail(l, "unknown parent", id) : zerr_set(l->e, ZE_NOTFOUND, "no unit with id '%s'", id);
			break;
		}
		if ((rc = add_org_row(l, st, &i)))
			break;
		/* the row's text is the result's, gone at the reset: the parent's id is kept */
		const char *p = str_col(l, st, 3);
		parents[n] = p ? strdup(p) : NULL;
		if (p && !parents[n]) {
			rc = NOMEM(l);
			break;
		}
		id = parents[n];
		pq_reset(st);
	}
	pq_reset(st);
	for (size_t k = 0; k < n; k++) {
		if (!rc && parents[k])
			f->orgs.v[first + k].parent = hmap_get(&f->org_ids, parents[k]);
		free(parents[k]);
	}
	return rc;
}

static int pg_load_org(struct store *s, struct facts *f, const char *org_id, struct zerr *e)
{
	struct loader l = {PS(s), f, e, "", 0};
	return load_org_chain(&l, org_id);
}

static int pg_load_unit(struct store *s, struct facts *f, const char *org_id, struct zerr *e)
{
	struct loader l = {PS(s), f, e, "", 0};
	int rc = load_org_chain(&l, org_id);
	return rc ? rc : load_records_of(&l, org_id);
}

static int pg_calendar_each(struct store *s, calendar_row_fn fn, void *ctx, struct zerr *e)
{
	struct loader l = {PS(s), NULL, e, "calendar_day", 0};
	int rc = 0;
	struct pq_stmt *st = pg_stmt(l.ps, S_CAL_LOAD, e);
	if (!st)
		return e->code;
	while (!rc && next_row(&l, st, &rc)) {
		zdate d;
		const char *kind = col_text(st, 1);
		if ((rc = date_col(&l, st, 0, ZDATE_NONE, &d)))
			break;
		if (!kind || (strcmp(kind, "off") && strcmp(kind, "work"))) {
			rc = load_fail(&l, "bad kind", kind);
			break;
		}
		rc = fn(ctx, d, kind[0] == 'w', col_text(st, 2), col_text(st, 3));
	}
	pq_reset(st);
	return rc;
}

static int pg_org_each(struct store *s, org_row_fn fn, void *ctx, struct zerr *e)
{
	struct loader l = {PS(s), NULL, e, "org", 0};
	int rc = 0;
	struct pq_stmt *st = pg_stmt(l.ps, S_ORG_EACH, e);
	if (!st)
		return e->code;
	while (!rc && next_row(&l, st, &rc))
		rc = fn(ctx, col_text(st, 0), col_text(st, 1), col_text(st, 2), col_text(st, 3));
	pq_reset(st);
	return rc;
}

static int pg_id_unit(struct store *s, enum store_kind kind, const char *id, char org[201], struct zerr *e)
{
	static const enum stmt_id ids[SK_COUNT] = {
		[SK_DEPT] = S_UNIT_OF_DEPT, [SK_PERSON] = S_UNIT_OF_PERSON, [SK_BODY] = S_UNIT_OF_BODY,
		[SK_SYSTEM] = S_UNIT_OF_SYSTEM, [SK_AGREEMENT] = S_UNIT_OF_AGREEMENT,
		[SK_INCIDENT] = S_UNIT_OF_INCIDENT, [SK_NOTICE] = S_UNIT_OF_NOTICE,
		[SK_HANDOVER] = S_UNIT_OF_HANDOVER, [SK_VULNERABILITY] = S_UNIT_OF_VULN,
		[SK_PLAN] = S_UNIT_OF_PLAN, [SK_LOG_SOURCE] = S_UNIT_OF_LOG_SOURCE, [SK_TRAINING] = S_UNIT_OF_TRAINING,
		[SK_PROJECT] = S_UNIT_OF_PROJECT, [SK_RECTIFICATION] = S_UNIT_OF_RECT,
		[SK_INSPECTION] = S_UNIT_OF_INSP};
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = pg_stmt(ps, ids[kind], e);
	if (!st)
		return e->code;
	bind_text(st, 1, id);
	int step = pq_step(st), rc = 0;
	org[0] = '\0';
	if (step == PQ_ROW && col_text(st, 0))
		snprintf(org, 201, "%s", col_text(st, 0));
	else if (step != PQ_DONE && step != PQ_ROW)
		rc = pg_db_error(ps, e, "look up a record's unit");
	pq_reset(st);
	return rc;
}

static int pg_calendar_put(struct store *s, zdate d, bool work, const char *en, const char *zh, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	char date[ZDATE_BUFSZ];
	struct pq_stmt *st = pg_stmt(ps, S_CAL_PUT, e);
	if (!st)
		return e->code;
	if (pg_business_write(ps, e))
		return e->code;
	bind_date(st, 1, d, date);
	bind_text(st, 2, work ? "work" : "off");
	bind_text(st, 3, en);
	bind_text(st, 4, zh);
	return pg_exec_stmt(ps, st, e, "save calendar day");
}

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
	o->load = pg_load;
	o->load_unit = pg_load_unit;
	o->load_org = pg_load_org;
	o->put_org = sql_put_org;
	o->put_dept = sql_put_dept;
	o->put_person = sql_put_person;
	o->put_body = sql_put_body;
	o->put_lead = sql_put_lead;
	o->put_appt = sql_put_appt;
	o->put_system = sql_put_system;
	o->put_agreement = sql_put_agreement;
	o->put_incident = pg_put_incident;
	o->put_record = pg_put_record;
	o->put_notice = pg_put_notice;
	o->put_handover = pg_put_handover;
	o->put_vulnerability = pg_put_vulnerability;
	o->put_plan = pg_put_plan;
	o->put_log_source = pg_put_log_source;
	o->put_training = pg_put_training;
	o->put_project = pg_put_project;
	o->put_rectification = pg_put_rectification;
	o->put_inspection = pg_put_inspection;
	o->incident_snapshot = pg_incident_snapshot;
	o->set_incident_snapshot = pg_set_incident_snapshot;
	o->calendar_each = pg_calendar_each;
	o->org_each = pg_org_each;
	o->id_unit = pg_id_unit;
	o->calendar_put = pg_calendar_put;
}
