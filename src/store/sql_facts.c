/* The facts, written (store_put_*) and read (load) once for both backends, against the
 * statement interface of sql.h (their SQL is in sql.c). */
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

int store_put_org(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct org *o = &f->orgs.v[i];
	PUT_INVARIANTS(db, f->orgs, i);
	const char *op = o->operator_type != OPERATOR_UNSET ? operator_type_id(o->operator_type) : NULL;
	if (sql_business_write(db, e))
		return e->code;
	struct sql_stmt *st = SQL_TEXTS(db, Q_PUT_ORG, e, o->id, o->name, o->kind, ID_OF(f, orgs, o->parent),
					o->policy ? o->policy : "default", o->time_zone, op);
	return st ? sql_exec(db, st, e, "save organization") : e->code;
}

int store_put_appt(struct store *s, const struct facts *f, zidx i, struct zerr *e)
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

/* A kind of record described column by column, in the order of its statements' columns (its
 * put's parameters and its load's results): one put writes and one load reads every kind
 * described so, instead of a hand-written pair each. */
enum rcol_type {
	RC_TEXT,     /* const char * */
	RC_DATE,     /* zdate, ZDATE_NONE is NULL */
	RC_END,      /* zdate, ZDATE_MAX (an open end) is NULL */
	RC_TIME,     /* struct ztime, ZTIME_NONE is NULL */
	RC_INT,      /* int32_t, -1 is NULL */
	RC_INT64,    /* int64_t, negative (unknown) is NULL: loaded, the initial value stays */
	RC_DOUBLE,   /* double, likewise */
	RC_LEVEL,    /* int8_t, a small number; 0 is NULL */
	RC_TRI,      /* int8_t, a tristate */
	RC_BOOL,     /* bool, 0 or 1 */
	RC_ENUM,     /* int8_t, by its id */
	RC_ENUM_OPT, /* int8_t, by its id; the initial value is NULL */
	RC_SPAN,     /* two date columns: the record's life (reg_desc.span), not a field */
	RC_SKIP,     /* a column its load's caller reads; never put */
	RC_PARENT,   /* zidx of a department, by its id: loaded by the caller, once every row is in */
	/* zidx of that kind, by its id; -1 is NULL */
	RC_ORG, RC_PERSON, RC_SYSTEM, RC_DEPT, RC_TRAINING, RC_BODY, RC_NOTICE, RC_PLAN, RC_RECT, RC_INSP,
};
enum { RCOL_MAX = 24 };
struct rcol {
	enum rcol_type type;
	size_t off;
	const char *(*enum_id)(int);
	int (*enum_from_id)(const char *);
};
/* One record of any described kind, read in place before it is added. */
union reg_row {
	struct dept dept;
	struct dept_version dept_version;
	struct person person;
	struct body body;
	struct body_lead lead;
	struct zsystem system;
	struct system_version system_version;
	struct assessment assessment;
	struct agreement agreement;
	struct incident incident;
	struct notice notice;
	struct notice_system notice_system;
	struct obligation_record record;
	struct handover handover;
	struct vulnerability vulnerability;
	struct project project;
	struct emergency_plan plan;
	struct plan_drill drill;
	struct plan_review review;
	struct log_source log_source;
	struct training_session training;
	struct training_attendee attendee;
	struct rectification rectification;
	struct evidence evidence;
	struct inspection inspection;
	struct inspection_item inspection_item;
};
struct reg_desc {
	const char *what; /* its table, as a load's errors name it */
	const char *saving; /* a put's failure; NULL: not put by put_described */
	enum sql_id put, load, load_org;
	size_t size; /* of one record */
	int ncols;
	const struct rcol *cols;
	const void *init; /* the record a row starts from; NULL: zeroes */
	enum span_kind span; /* of an RC_SPAN column */
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
	case RC_PARENT: /* fall through */
	case RC_DEPT: return f->depts.v[i].id;
	case RC_TRAINING: return f->trainings.v[i].id;
	case RC_BODY: return f->bodies.v[i].id;
	case RC_NOTICE: return f->notices.v[i].id;
	case RC_PLAN: return f->plans.v[i].id;
	case RC_RECT: return f->rectifications.v[i].id;
	default: assert(t == RC_INSP); return f->inspections.v[i].id;
	}
}

static const struct hmap *rcol_ref_ids(const struct facts *f, enum rcol_type t)
{
	switch (t) {
	case RC_ORG: return &f->org_ids;
	case RC_PERSON: return &f->person_ids;
	case RC_SYSTEM: return &f->system_ids;
	case RC_DEPT: return &f->dept_ids;
	case RC_TRAINING: return &f->training_ids;
	case RC_BODY: return &f->body_ids;
	case RC_NOTICE: return &f->notice_ids;
	case RC_PLAN: return &f->plan_ids;
	case RC_RECT: return &f->rectification_ids;
	default: assert(t == RC_INSP); return &f->inspection_ids;
	}
}

#define RCOL(T, type, field) {type, offsetof(T, field), NULL, NULL}
#define RCOL_ENUM(T, field, prefix) {RC_ENUM, offsetof(T, field), prefix##_id, prefix##_from_id}
#define RCOL_OPT(T, field, prefix) {RC_ENUM_OPT, offsetof(T, field), prefix##_id, prefix##_from_id}
#define RCOL_SPAN {RC_SPAN, 0, NULL, NULL}
/* A kind with its table's name, its load statements Q_LOAD_X and Q_LOAD_X_ORG, its record type
 * and columns. */
#define DESC(table, q, T, cols_) \
	.what = table, .load = q, .load_org = q##_ORG, .size = sizeof(T), \
	.ncols = (int)(sizeof cols_ / sizeof cols_[0]), .cols = cols_

/* ---- the kinds' descriptions, each in its statements' column order ---- */

static zidx dept_add(struct facts *f, const void *r) { return facts_add_dept(f, r); }
static const struct dept dept_init = {.org = ZIDX_NONE, .parent = ZIDX_NONE};
static const struct rcol dept_cols[] = {
	RCOL(struct dept, RC_TEXT, id), RCOL(struct dept, RC_ORG, org), RCOL(struct dept, RC_TEXT, name),
	RCOL(struct dept, RC_PARENT, parent), RCOL_SPAN,
};
static const struct reg_desc dept_desc = {
	DESC("department", Q_LOAD_DEPT, struct dept, dept_cols), .init = &dept_init, .span = SPAN_DEPT, .add = dept_add,
	.put = Q_PUT_DEPT, .saving = "save department"};

static zidx dept_version_add(struct facts *f, const void *r) { return facts_add_dept_version(f, r); }
static const struct rcol dept_version_cols[] = {
	RCOL(struct dept_version, RC_DEPT, dept), RCOL(struct dept_version, RC_DATE, until),
	RCOL(struct dept_version, RC_TEXT, name), RCOL(struct dept_version, RC_DEPT, parent),
};
static const struct reg_desc dept_version_desc = {
	DESC("department_version", Q_LOAD_DEPT_VERSION, struct dept_version, dept_version_cols),
	.add = dept_version_add, .put = Q_PUT_DEPT_VERSION, .saving = "save department versions"};

static zidx person_add(struct facts *f, const void *r) { return facts_add_person(f, r); }
static const struct rcol person_cols[] = {
	RCOL(struct person, RC_TEXT, id), RCOL(struct person, RC_ORG, org), RCOL(struct person, RC_DEPT, dept),
	RCOL(struct person, RC_TEXT, name), RCOL(struct person, RC_DATE, background_check), RCOL_SPAN,
};
static const struct reg_desc person_desc = {
	DESC("person", Q_LOAD_PERSON, struct person, person_cols), .span = SPAN_PERSON, .add = person_add,
	.put = Q_PUT_PERSON, .saving = "save person"};

static zidx body_add(struct facts *f, const void *r) { return facts_add_body(f, r); }
static const struct rcol body_cols[] = {
	RCOL(struct body, RC_TEXT, id), RCOL(struct body, RC_ORG, org), RCOL_ENUM(struct body, kind, body_kind),
	RCOL(struct body, RC_TEXT, name), RCOL_SPAN,
};
static const struct reg_desc body_desc = {
	DESC("body", Q_LOAD_BODY, struct body, body_cols), .span = SPAN_BODY, .add = body_add, .put = Q_PUT_BODY,
	.saving = "save body"};

static zidx lead_add(struct facts *f, const void *r) { return facts_add_lead(f, r); }
static const struct rcol lead_cols[] = {
	RCOL(struct body_lead, RC_BODY, body), RCOL(struct body_lead, RC_BODY, led),
};
static const struct reg_desc lead_desc = {
	DESC("body_lead", Q_LOAD_LEAD, struct body_lead, lead_cols), .add = lead_add, .put = Q_PUT_LEAD,
	.saving = "save body leads"};

static zidx system_add(struct facts *f, const void *r) { return facts_add_system(f, r); }
static const struct rcol system_cols[] = {
	RCOL(struct zsystem, RC_TEXT, id), RCOL(struct zsystem, RC_ORG, org), RCOL(struct zsystem, RC_TEXT, name),
	RCOL(struct zsystem, RC_DEPT, owner_dept), RCOL(struct zsystem, RC_LEVEL, mlps_level),
	RCOL(struct zsystem, RC_TEXT, filing_no), RCOL(struct zsystem, RC_DATE, filed_on),
	RCOL(struct zsystem, RC_DATE, last_assessed_on), RCOL(struct zsystem, RC_TRI, critical_infrastructure),
	RCOL(struct zsystem, RC_TRI, public_website), RCOL_SPAN,
};
static const struct reg_desc system_desc = {
	DESC("system", Q_LOAD_SYSTEM, struct zsystem, system_cols), .span = SPAN_SYSTEM, .add = system_add,
	.put = Q_PUT_SYSTEM, .saving = "save system"};

static zidx system_version_add(struct facts *f, const void *r) { return facts_add_system_version(f, r); }
static const struct rcol system_version_cols[] = {
	RCOL(struct system_version, RC_SYSTEM, system), RCOL(struct system_version, RC_DATE, until),
	RCOL(struct system_version, RC_DEPT, st.owner_dept), RCOL(struct system_version, RC_LEVEL, st.mlps_level),
	RCOL(struct system_version, RC_TEXT, st.filing_no), RCOL(struct system_version, RC_DATE, st.filed_on),
};
static const struct reg_desc system_version_desc = {
	DESC("system_version", Q_LOAD_SYSTEM_VERSION, struct system_version, system_version_cols),
	.add = system_version_add, .put = Q_PUT_SYSTEM_VERSION, .saving = "save system versions"};

static zidx assessment_add(struct facts *f, const void *r) { return facts_add_assessment(f, r); }
static const struct rcol assessment_cols[] = {
	RCOL(struct assessment, RC_SYSTEM, system), RCOL(struct assessment, RC_DATE, on),
};
static const struct reg_desc assessment_desc = {
	DESC("system_assessment", Q_LOAD_ASSESSMENT, struct assessment, assessment_cols), .add = assessment_add,
	.put = Q_PUT_ASSESSMENT, .saving = "save system assessments"};

static zidx agreement_add(struct facts *f, const void *r) { return facts_add_agreement(f, r); }
static const struct agreement agreement_init = {.post = POST_NONE};
static const struct rcol agreement_cols[] = {
	RCOL(struct agreement, RC_TEXT, id), RCOL(struct agreement, RC_ORG, org),
	RCOL_ENUM(struct agreement, kind, agreement_kind), RCOL(struct agreement, RC_PERSON, person),
	RCOL(struct agreement, RC_DATE, from), RCOL(struct agreement, RC_END, to),
	RCOL(struct agreement, RC_DATE, signed_on), RCOL_OPT(struct agreement, post, post),
	RCOL(struct agreement, RC_DEPT, dept),
};
static const struct reg_desc agreement_desc = {
	DESC("agreement", Q_LOAD_AGREEMENT, struct agreement, agreement_cols), .init = &agreement_init,
	.add = agreement_add, .put = Q_PUT_AGREEMENT, .saving = "save agreement"};

static zidx incident_add(struct facts *f, const void *r) { return facts_add_incident(f, r); }
static const struct incident incident_init = INCIDENT_INIT;
static const struct rcol incident_cols[] = {
	RCOL(struct incident, RC_TEXT, id), RCOL(struct incident, RC_ORG, org), RCOL(struct incident, RC_SYSTEM, system),
	RCOL(struct incident, RC_TEXT, title), RCOL(struct incident, RC_TEXT, category),
	RCOL_OPT(struct incident, grade, grade), RCOL(struct incident, RC_TIME, occurred),
	RCOL(struct incident, RC_TIME, detected), RCOL(struct incident, RC_TIME, reported),
	RCOL(struct incident, RC_TIME, resolved), RCOL(struct incident, RC_DOUBLE, outage_hours),
	RCOL(struct incident, RC_INT64, personal_info_records), RCOL(struct incident, RC_DATE, summary_on),
	RCOL(struct incident, RC_TEXT, classification), RCOL(struct incident, RC_TRI, attacked),
	RCOL(struct incident, RC_TRI, handled_in_time), RCOL(struct incident, RC_DOUBLE, function_outage_hours),
	RCOL(struct incident, RC_DOUBLE, economic_loss_yuan), RCOL(struct incident, RC_INT64, people_affected),
	RCOL(struct incident, RC_TEXT, follow_ups),
};
static const struct reg_desc incident_desc = {
	DESC("incident", Q_LOAD_INCIDENT, struct incident, incident_cols), .init = &incident_init, .add = incident_add,
	.put = Q_PUT_INCIDENT, .saving = "save incident"};

static zidx notice_add(struct facts *f, const void *r) { return facts_add_notice(f, r); }
static const struct rcol notice_cols[] = {
	RCOL(struct notice, RC_TEXT, id), RCOL(struct notice, RC_ORG, org), RCOL(struct notice, RC_TEXT, issuer),
	RCOL(struct notice, RC_TEXT, document_no), RCOL(struct notice, RC_TEXT, title),
	RCOL(struct notice, RC_DATE, received_on), RCOL(struct notice, RC_DATE, rectified_on),
	RCOL(struct notice, RC_DATE, feedback_on), RCOL(struct notice, RC_DATE, rectify_by),
	RCOL(struct notice, RC_TIME, received_at), RCOL(struct notice, RC_TEXT, issuer_org),
	RCOL(struct notice, RC_TEXT, feedback),
};
static const struct reg_desc notice_desc = {
	DESC("notice", Q_LOAD_NOTICE, struct notice, notice_cols), .add = notice_add, .put = Q_PUT_NOTICE,
	.saving = "save notice"};

static zidx notice_system_add(struct facts *f, const void *r) { return facts_add_notice_system(f, r); }
static const struct rcol notice_system_cols[] = {
	RCOL(struct notice_system, RC_NOTICE, notice), RCOL(struct notice_system, RC_SYSTEM, system),
};
static const struct reg_desc notice_system_desc = {
	DESC("notice_system", Q_LOAD_NOTICE_SYSTEM, struct notice_system, notice_system_cols), .add = notice_system_add,
	.put = Q_PUT_NOTICE_SYSTEM, .saving = "save notice systems"};

static zidx record_add(struct facts *f, const void *r) { return facts_add_record(f, r); }
static const struct rcol record_cols[] = {
	{RC_SKIP, 0, NULL, NULL}, /* the row's id, which its evidence names */
	RCOL(struct obligation_record, RC_ORG, org), RCOL(struct obligation_record, RC_TEXT, obligation),
	RCOL(struct obligation_record, RC_TEXT, period), RCOL(struct obligation_record, RC_DEPT, dept),
	RCOL(struct obligation_record, RC_DATE, done_on), RCOL(struct obligation_record, RC_PERSON, by),
	RCOL(struct obligation_record, RC_TEXT, notes),
};
static const struct reg_desc record_desc = {
	DESC("obligation_record", Q_LOAD_RECORD, struct obligation_record, record_cols), .add = record_add};

static zidx handover_add(struct facts *f, const void *r) { return facts_add_handover(f, r); }
static const struct rcol handover_cols[] = {
	RCOL(struct handover, RC_TEXT, id), RCOL(struct handover, RC_ORG, org), RCOL(struct handover, RC_PERSON, person),
	RCOL_ENUM(struct handover, post, post), RCOL(struct handover, RC_DATE, left_on),
	RCOL(struct handover, RC_PERSON, successor), RCOL(struct handover, RC_DATE, accounts_closed_on),
	RCOL(struct handover, RC_DATE, materials_returned_on), RCOL(struct handover, RC_DATE, passwords_changed_on),
	RCOL(struct handover, RC_DATE, completed_on), RCOL(struct handover, RC_TEXT, notes),
};
static const struct reg_desc handover_desc = {
	DESC("handover", Q_LOAD_HANDOVER, struct handover, handover_cols), .add = handover_add, .put = Q_PUT_HANDOVER,
	.saving = "save handover"};

static zidx vuln_add(struct facts *f, const void *r) { return facts_add_vulnerability(f, r); }
static const struct rcol vuln_cols[] = {
	RCOL(struct vulnerability, RC_TEXT, id), RCOL(struct vulnerability, RC_ORG, org),
	RCOL(struct vulnerability, RC_SYSTEM, system), RCOL(struct vulnerability, RC_TEXT, title),
	RCOL_ENUM(struct vulnerability, source, vuln_source), RCOL_ENUM(struct vulnerability, severity, vuln_severity),
	RCOL(struct vulnerability, RC_DATE, found_on), RCOL(struct vulnerability, RC_DATE, due_on),
	RCOL(struct vulnerability, RC_DATE, fixed_on), RCOL(struct vulnerability, RC_DATE, verified_on),
	RCOL(struct vulnerability, RC_NOTICE, notice), RCOL(struct vulnerability, RC_TEXT, notes),
};
static const struct reg_desc vuln_desc = {
	DESC("vulnerability", Q_LOAD_VULN, struct vulnerability, vuln_cols), .add = vuln_add, .put = Q_PUT_VULN,
	.saving = "save vulnerability"};

static zidx project_add(struct facts *f, const void *r) { return facts_add_project(f, r); }
static const struct project project_init = {.budget = -1, .security_budget = -1};
static const struct rcol project_cols[] = {
	RCOL(struct project, RC_TEXT, id), RCOL(struct project, RC_ORG, org), RCOL(struct project, RC_TEXT, name),
	RCOL(struct project, RC_DEPT, dept), RCOL(struct project, RC_INT64, budget),
	RCOL(struct project, RC_INT64, security_budget), RCOL(struct project, RC_DATE, approved_on),
	RCOL(struct project, RC_DATE, started_on), RCOL(struct project, RC_DATE, in_use_on),
	RCOL(struct project, RC_DATE, cancelled_on), RCOL(struct project, RC_BOOL, security_planned),
	RCOL(struct project, RC_BOOL, security_built), RCOL(struct project, RC_BOOL, security_implemented),
	RCOL(struct project, RC_TEXT, notes),
};
static const struct reg_desc project_desc = {
	DESC("project", Q_LOAD_PROJECT, struct project, project_cols), .init = &project_init, .add = project_add,
	.put = Q_PUT_PROJECT, .saving = "save project"};

static zidx plan_add(struct facts *f, const void *r) { return facts_add_plan(f, r); }
static const struct rcol plan_cols[] = {
	RCOL(struct emergency_plan, RC_TEXT, id), RCOL(struct emergency_plan, RC_ORG, org),
	RCOL(struct emergency_plan, RC_TEXT, title), RCOL(struct emergency_plan, RC_TEXT, version),
	RCOL(struct emergency_plan, RC_DATE, approved_on), RCOL(struct emergency_plan, RC_DATE, reviewed_on),
	RCOL(struct emergency_plan, RC_DATE, withdrawn_on), RCOL(struct emergency_plan, RC_TEXT, notes),
};
static const struct reg_desc plan_desc = {
	DESC("emergency_plan", Q_LOAD_PLAN, struct emergency_plan, plan_cols), .add = plan_add, .put = Q_PUT_PLAN,
	.saving = "save emergency plan"};

static zidx drill_add(struct facts *f, const void *r) { return facts_add_plan_drill(f, r); }
static const struct rcol drill_cols[] = {
	RCOL(struct plan_drill, RC_PLAN, plan), RCOL(struct plan_drill, RC_DATE, held_on),
};
static const struct reg_desc drill_desc = {
	DESC("plan_drill", Q_LOAD_PLAN_DRILL, struct plan_drill, drill_cols), .add = drill_add, .put = Q_PUT_PLAN_DRILL,
	.saving = "save emergency plan drills"};

static zidx review_add(struct facts *f, const void *r) { return facts_add_plan_review(f, r); }
static const struct rcol review_cols[] = {
	RCOL(struct plan_review, RC_PLAN, plan), RCOL(struct plan_review, RC_DATE, on),
	RCOL(struct plan_review, RC_PERSON, by), RCOL(struct plan_review, RC_TEXT, outcome),
};
static const struct reg_desc review_desc = {
	DESC("plan_review", Q_LOAD_PLAN_REVIEW, struct plan_review, review_cols), .add = review_add,
	.put = Q_PUT_PLAN_REVIEW, .saving = "save emergency plan reviews"};

static zidx rect_add(struct facts *f, const void *r) { return facts_add_rectification(f, r); }
static const struct rcol rect_cols[] = {
	RCOL(struct rectification, RC_TEXT, id), RCOL(struct rectification, RC_ORG, org),
	RCOL(struct rectification, RC_TEXT, rule), RCOL(struct rectification, RC_TEXT, subject),
	RCOL(struct rectification, RC_TEXT, title), RCOL(struct rectification, RC_DEPT, dept),
	RCOL(struct rectification, RC_PERSON, person), RCOL(struct rectification, RC_DATE, assigned_on),
	RCOL(struct rectification, RC_DATE, due_on), RCOL(struct rectification, RC_DATE, rectified_on),
	RCOL(struct rectification, RC_TEXT, rectification), RCOL(struct rectification, RC_DATE, closed_on),
	RCOL(struct rectification, RC_TEXT, notes),
};
static const struct reg_desc rect_desc = {
	DESC("rectification", Q_LOAD_RECT, struct rectification, rect_cols), .add = rect_add, .put = Q_PUT_RECT,
	.saving = "save rectification"};

static zidx rect_evidence_add(struct facts *f, const void *r) { return facts_add_rect_evidence(f, r); }
static const struct rcol rect_evidence_cols[] = {
	RCOL(struct evidence, RC_RECT, record), RCOL(struct evidence, RC_TEXT, sha256),
	RCOL(struct evidence, RC_TEXT, name), RCOL(struct evidence, RC_INT64, size),
};
static const struct reg_desc rect_evidence_desc = {
	DESC("rectification_evidence", Q_LOAD_RECT_EVIDENCE, struct evidence, rect_evidence_cols),
	.add = rect_evidence_add, .put = Q_PUT_RECT_EVIDENCE, .saving = "save rectification evidence"};

static zidx inspection_add(struct facts *f, const void *r) { return facts_add_inspection(f, r); }
static const struct rcol inspection_cols[] = {
	RCOL(struct inspection, RC_TEXT, id), RCOL(struct inspection, RC_ORG, org),
	RCOL(struct inspection, RC_ORG, inspector_org), RCOL(struct inspection, RC_DATE, on),
	RCOL(struct inspection, RC_TEXT, scope), RCOL(struct inspection, RC_TEXT, inspectors),
};
static const struct reg_desc inspection_desc = {
	DESC("inspection", Q_LOAD_INSP, struct inspection, inspection_cols), .add = inspection_add, .put = Q_PUT_INSP,
	.saving = "save inspection"};

static zidx item_add(struct facts *f, const void *r) { return facts_add_inspection_item(f, r); }
static const struct rcol item_cols[] = {
	RCOL(struct inspection_item, RC_INSP, inspection), RCOL(struct inspection_item, RC_TEXT, title),
	RCOL(struct inspection_item, RC_TEXT, basis), RCOL(struct inspection_item, RC_DEPT, dept),
	RCOL(struct inspection_item, RC_DATE, due_on),
};
static const struct reg_desc item_desc = {
	DESC("inspection_item", Q_LOAD_INSP_ITEM, struct inspection_item, item_cols), .add = item_add};

static zidx log_source_add(struct facts *f, const void *r) { return facts_add_log_source(f, r); }
static const struct rcol log_source_cols[] = {
	RCOL(struct log_source, RC_TEXT, id), RCOL(struct log_source, RC_ORG, org),
	RCOL(struct log_source, RC_SYSTEM, system), RCOL(struct log_source, RC_TEXT, name),
	RCOL_ENUM(struct log_source, kind, log_kind), RCOL(struct log_source, RC_INT, retention_days),
	RCOL(struct log_source, RC_DATE, checked_on), RCOL(struct log_source, RC_TEXT, notes),
};
static const struct reg_desc log_source_desc = {
	DESC("log_source", Q_LOAD_LOG_SOURCE, struct log_source, log_source_cols), .add = log_source_add,
	.put = Q_PUT_LOG_SOURCE, .saving = "log_source"};

static zidx training_add(struct facts *f, const void *r) { return facts_add_training(f, r); }
static const struct rcol training_cols[] = {
	RCOL(struct training_session, RC_TEXT, id), RCOL(struct training_session, RC_ORG, org),
	RCOL(struct training_session, RC_TEXT, title), RCOL(struct training_session, RC_DATE, held_on),
	RCOL(struct training_session, RC_TEXT, organiser), RCOL_ENUM(struct training_session, kind, training_kind),
	RCOL_ENUM(struct training_session, level, training_level), RCOL(struct training_session, RC_DEPT, dept),
	RCOL(struct training_session, RC_INT, hours), RCOL(struct training_session, RC_TEXT, notes),
};
static const struct reg_desc training_desc = {
	DESC("training_session", Q_LOAD_TRAINING, struct training_session, training_cols), .add = training_add,
	.put = Q_PUT_TRAINING, .saving = "training_session"};

static zidx attendee_add(struct facts *f, const void *r) { return facts_add_training_attendee(f, r); }
static const struct rcol attendee_cols[] = {
	RCOL(struct training_attendee, RC_TRAINING, session), RCOL(struct training_attendee, RC_PERSON, person),
	RCOL(struct training_attendee, RC_INT, hours), RCOL(struct training_attendee, RC_TEXT, certificate),
};
static const struct reg_desc attendee_desc = {
	DESC("training_attendee", Q_LOAD_TRAINING_ATTENDEE, struct training_attendee, attendee_cols),
	.add = attendee_add, .put = Q_PUT_TRAINING_ATTENDEE, .saving = "training_attendee"};

static void bind_time(struct sql_stmt *st, int i, struct ztime z, char *buf)
{
	if (ztime_set(z))
		sql_bind_text(st, i, ztime_format(z, buf));
	else
		sql_bind_null(st, i);
}

/* Binds record rec (index i) of f by d, its description, and steps d's put. */
static int put_described(struct sql_conn *db, const struct facts *f, const struct reg_desc *d, const void *rec,
			 zidx i, struct zerr *e)
{
	char bufs[RCOL_MAX][ZTIME_BUFSZ]; /* a column's date, time or span (2 * ZDATE_BUFSZ) */
	assert(d->saving && d->ncols <= RCOL_MAX);
	struct sql_stmt *st = put_stmt(db, d->put, e);
	if (!st)
		return e->code;
	for (int k = 0, c = 1; k < d->ncols; k++, c++) {
		const struct rcol *col = &d->cols[k];
		const char *field = (const char *)rec + col->off;
		int8_t v8 = *(const int8_t *)field;
		switch (col->type) {
		case RC_TEXT: sql_bind_text(st, c, *(const char *const *)field); break;
		case RC_DATE: /* fall through */
		case RC_END: sql_bind_date(st, c, *(const zdate *)field, bufs[k]); break;
		case RC_TIME: bind_time(st, c, *(const struct ztime *)field, bufs[k]); break;
		case RC_INT:
			if (*(const int32_t *)field >= 0)
				sql_bind_int64(st, c, *(const int32_t *)field);
			break;
		case RC_INT64:
			if (*(const int64_t *)field >= 0)
				sql_bind_int64(st, c, *(const int64_t *)field);
			break;
		case RC_DOUBLE:
			if (*(const double *)field >= 0)
				sql_bind_double(st, c, *(const double *)field);
			break;
		case RC_LEVEL:
			if (v8)
				sql_bind_int64(st, c, v8);
			break;
		case RC_TRI: sql_bind_tri(st, c, v8); break;
		case RC_BOOL: sql_bind_int64(st, c, *(const bool *)field); break;
		case RC_ENUM_OPT:
			if (v8 == *((const int8_t *)d->init + col->off))
				break;
			/* fall through */
		case RC_ENUM: sql_bind_text(st, c, col->enum_id(v8)); break;
		case RC_SPAN: sql_bind_span(st, c++, facts_span(f, (int)d->span, i), bufs[k]); break;
		case RC_SKIP: assert(!"a column put_described writes"); break;
		default: sql_bind_text(st, c, rcol_ref_id(f, col->type, *(const zidx *)field)); break;
		}
	}
	return sql_exec(db, st, e, d->saving);
}

/* Replaces the rows of kind d that belong to the record named id: statement clear (what, when
 * it fails) deletes them, then records by[from .. to) of v, an array of d's kind, are put. */
static int put_children(struct sql_conn *db, const struct facts *f, enum sql_id clear, const char *what,
			const char *id, const struct reg_desc *d, const void *v, const zidx *by, zidx from, zidx to,
			struct zerr *e)
{
	struct sql_stmt *st = sql_stmt(db, clear, e);
	if (!st)
		return e->code;
	sql_bind_text(st, 1, id);
	int rc = sql_exec(db, st, e, what);
	for (zidx k = from; k < to && !rc; k++)
		rc = put_described(db, f, d, (const char *)v + (size_t)by[k] * d->size, by[k], e);
	return rc;
}

int store_put_person(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	PUT_INVARIANTS(s->sql, f->people, i);
	return put_described(s->sql, f, &person_desc, &f->people.v[i], i, e);
}

int store_put_body(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	PUT_INVARIANTS(s->sql, f->bodies, i);
	return put_described(s->sql, f, &body_desc, &f->bodies.v[i], i, e);
}

int store_put_lead(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	PUT_INVARIANTS(s->sql, f->leads, i);
	return put_described(s->sql, f, &lead_desc, &f->leads.v[i], i, e);
}

int store_put_agreement(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	PUT_INVARIANTS(s->sql, f->agreements, i);
	return put_described(s->sql, f, &agreement_desc, &f->agreements.v[i], i, e);
}

int store_put_handover(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	PUT_INVARIANTS(s->sql, f->handovers, i);
	return put_described(s->sql, f, &handover_desc, &f->handovers.v[i], i, e);
}

int store_put_vulnerability(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	PUT_INVARIANTS(s->sql, f->vulnerabilities, i);
	return put_described(s->sql, f, &vuln_desc, &f->vulnerabilities.v[i], i, e);
}

int store_put_project(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	PUT_INVARIANTS(s->sql, f->projects, i);
	return put_described(s->sql, f, &project_desc, &f->projects.v[i], i, e);
}

int store_put_log_source(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	PUT_INVARIANTS(s->sql, f->log_sources, i);
	return put_described(s->sql, f, &log_source_desc, &f->log_sources.v[i], i, e);
}

/* A put of a record with rows below it: the facts must be indexed to find them. */
static int put_parent(struct store *s, const struct facts *f, const struct reg_desc *d, const void *rec, zidx i,
		      struct zerr *e)
{
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "%s: facts are not indexed", d->saving);
	return put_described(s->sql, f, d, rec, i, e);
}

/* Writes the department and replaces its earlier names and parents. */
int store_put_dept(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	PUT_INVARIANTS(s->sql, f->depts, i);
	int rc = put_described(s->sql, f, &dept_desc, &f->depts.v[i], i, e);
	zidx from = 0, to = 0;
	if (!rc && f->dept_versions.n) {
		if (!f->indexed)
			return zerr_set(e, ZE_INVALID, "save department: facts are not indexed");
		from = f->ix.dept_version[i];
		to = f->ix.dept_version[i + 1];
	}
	return rc ? rc : put_children(s->sql, f, Q_CLEAR_DEPT_VERSIONS, "save department versions", f->depts.v[i].id,
				      &dept_version_desc, f->dept_versions.v, f->ix.version_by_dept, from, to, e);
}

/* Writes the system, the project that built it, and replaces its earlier register entries and
 * assessments. */
int store_put_system(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct zsystem *y = &f->systems.v[i];
	PUT_INVARIANTS(db, f->systems, i);
	int rc = put_described(db, f, &system_desc, y, i, e);
	struct sql_stmt *st = NULL;
	if (!rc && (st = sql_stmt(db, Q_CLEAR_SYSTEM_PROJECT, e))) {
		sql_bind_text(st, 1, y->id);
		rc = sql_exec(db, st, e, "save system's project");
	}
	if (!rc && st && y->project && (st = SQL_TEXTS(db, Q_PUT_SYSTEM_PROJECT, e, y->id, y->project)))
		rc = sql_exec(db, st, e, "save system's project");
	if (!rc && !st)
		return e->code;
	zidx vfrom = 0, vto = 0, afrom = 0, ato = 0;
	if (!rc && (f->system_versions.n || f->assessments.n)) {
		if (!f->indexed)
			return zerr_set(e, ZE_INVALID, "save system: facts are not indexed");
		vfrom = f->ix.system_version[i];
		vto = f->ix.system_version[i + 1];
		afrom = f->ix.system_assessment[i];
		ato = f->ix.system_assessment[i + 1];
	}
	if (!rc)
		rc = put_children(db, f, Q_CLEAR_SYSTEM_VERSIONS, "save system history", y->id, &system_version_desc,
				  f->system_versions.v, f->ix.version_by_system, vfrom, vto, e);
	if (!rc)
		rc = put_children(db, f, Q_CLEAR_ASSESSMENTS, "save system history", y->id, &assessment_desc,
				  f->assessments.v, f->ix.assessment_by_system, afrom, ato, e);
	return rc;
}

/* Writes the plan and replaces its drills and its reviews. */
int store_put_plan(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	const struct emergency_plan *p = &f->plans.v[i];
	PUT_INVARIANTS(s->sql, f->plans, i);
	int rc = put_parent(s, f, &plan_desc, p, i, e);
	if (!rc)
		rc = put_children(s->sql, f, Q_CLEAR_PLAN_DRILLS, drill_desc.saving, p->id, &drill_desc, f->plan_drills.v,
				  f->ix.drill_by_plan, f->ix.plan_drill[i], f->ix.plan_drill[i + 1], e);
	if (!rc)
		rc = put_children(s->sql, f, Q_CLEAR_PLAN_REVIEWS, review_desc.saving, p->id, &review_desc,
				  f->plan_reviews.v, f->ix.review_by_plan, f->ix.plan_review[i], f->ix.plan_review[i + 1], e);
	return rc;
}

/* Writes the session and replaces its attendees. */
int store_put_training(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	PUT_INVARIANTS(s->sql, f->trainings, i);
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save training session: facts are not indexed");
	int rc = put_described(s->sql, f, &training_desc, &f->trainings.v[i], i, e);
	return rc ? rc : put_children(s->sql, f, Q_CLEAR_TRAINING_ATTENDEES, "save training attendees", f->trainings.v[i].id,
				      &attendee_desc, f->training_attendees.v, f->ix.attendee_by_training,
				      f->ix.training_attendee[i], f->ix.training_attendee[i + 1], e);
}

/* Writes the rectification and replaces its list of evidence. */
int store_put_rectification(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	const struct rectification *r = &f->rectifications.v[i];
	PUT_INVARIANTS(s->sql, f->rectifications, i);
	int rc = put_parent(s, f, &rect_desc, r, i, e);
	return rc ? rc : put_children(s->sql, f, Q_CLEAR_RECT_EVIDENCE, rect_evidence_desc.saving, r->id,
				      &rect_evidence_desc, f->rect_evidence.v, f->ix.evidence_by_rect, f->ix.rect_evidence[i],
				      f->ix.rect_evidence[i + 1], e);
}

/* Writes the inspection and replaces its items (numbered from 1 in their order). */
int store_put_inspection(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	const struct inspection *in = &f->inspections.v[i];
	PUT_INVARIANTS(db, f->inspections, i);
	char due[ZDATE_BUFSZ];
	int rc = put_parent(s, f, &inspection_desc, in, i, e);
	struct sql_stmt *st;
	if (rc || !(st = sql_stmt(db, Q_CLEAR_INSP_ITEMS, e)))
		return rc ? rc : e->code;
	sql_bind_text(st, 1, in->id);
	if ((rc = sql_exec(db, st, e, "save inspection items")))
		return rc;
	for (zidx k = f->ix.inspection_item[i]; k < f->ix.inspection_item[i + 1] && !rc; k++) {
		const struct inspection_item *it = &f->inspection_items.v[f->ix.item_by_inspection[k]];
		if (!(st = SQL_TEXTS(db, Q_PUT_INSP_ITEM, e, in->id)))
			return e->code;
		sql_bind_int64(st, 2, k - f->ix.inspection_item[i] + 1);
		sql_bind_text(st, 3, it->title);
		sql_bind_text(st, 4, it->basis);
		sql_bind_text(st, 5, ID_OF(f, depts, it->dept));
		sql_bind_date(st, 6, it->due_on, due);
		rc = sql_exec(db, st, e, "save inspection items");
	}
	return rc;
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

int store_put_incident(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	const struct incident *x = &f->incidents.v[i];
	PUT_INVARIANTS(s->sql, f->incidents, i);
	int rc = put_parent(s, f, &incident_desc, x, i, e);
	return rc ? rc : put_reports(s->sql, "incident", x->id, f->incident_reports.v, f->ix.report_by_incident,
				     f->ix.incident_report[i], f->ix.incident_report[i + 1], e);
}

int store_put_notice(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	const struct notice *n = &f->notices.v[i];
	PUT_INVARIANTS(s->sql, f->notices, i);
	int rc = put_parent(s, f, &notice_desc, n, i, e);
	if (!rc)
		rc = put_children(s->sql, f, Q_CLEAR_NOTICE_SYSTEMS, notice_system_desc.saving, n->id, &notice_system_desc,
				  f->notice_systems.v, f->ix.system_by_notice, f->ix.notice_system[i],
				  f->ix.notice_system[i + 1], e);
	return rc ? rc : put_reports(s->sql, "notice", n->id, f->notice_reports.v, f->ix.report_by_notice,
				     f->ix.notice_report[i], f->ix.notice_report[i + 1], e);
}

int store_put_record(struct store *s, const struct facts *f, zidx i, struct zerr *e)
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

int store_incident_snapshot(struct store *s, const char *id, char **json, struct zerr *e)
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

int store_set_incident_snapshot(struct store *s, const char *id, const char *json, struct zerr *e)
{
	struct sql_conn *db = s->sql;
	if (sql_business_write(db, e))
		return e->code;
	struct sql_stmt *st = SQL_TEXTS(db, Q_SET_SNAPSHOT, e, json, id);
	return st ? sql_exec(db, st, e, "save incident snapshot") : e->code;
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

/* Room in *v (of *cap items of size bytes) for item i: doubled from 256 as the rows come;
 * -1 out of memory, *v kept. */
static int grow(void **v, size_t *cap, size_t i, size_t size)
{
	if (i < *cap)
		return 0;
	size_t n = *cap ? *cap * 2 : 256;
	void *p = realloc(*v, n * size);
	if (!p)
		return -1;
	*v = p;
	*cap = n;
	return 0;
}

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
		if (grow((void **)&parents, &cap, (size_t)i, sizeof *parents)) {
			rc = NOMEM(l);
			goto out;
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

static int time_col(struct sql_loader *l, struct sql_stmt *st, int col, struct ztime *out)
{
	const char *s = sql_col_text(st, col);
	*out = ZTIME_NONE;
	if (!s)
		return 0;
	return ztime_parse(s, out) ? 0 : load_fail(l, "bad time", s);
}

/* Row st of a described kind into rec (from d->init) and *life; each reference column resolved
 * through its cache in refs (rows come grouped by unit, often by person). */
static int read_described(struct sql_loader *l, struct sql_stmt *st, const struct reg_desc *d,
			  struct ref_cache refs[RCOL_MAX], union reg_row *rec, struct span *life)
{
	int rc = 0;
	if (d->init)
		memcpy(rec, d->init, d->size);
	else
		memset(rec, 0, sizeof *rec);
	*life = SPAN_ALWAYS;
	for (int i = 0, c = 0; i < d->ncols && !rc; i++, c++) {
		const struct rcol *col = &d->cols[i];
		unsigned char *field = (unsigned char *)rec + col->off;
		switch (col->type) {
		case RC_TEXT: *(const char **)field = str_col(l, st, c); break;
		case RC_DATE: rc = date_col(l, st, c, ZDATE_NONE, (zdate *)field); break;
		case RC_END: rc = date_col(l, st, c, ZDATE_MAX, (zdate *)field); break;
		case RC_TIME: rc = time_col(l, st, c, (struct ztime *)field); break;
		case RC_INT: *(int32_t *)field = sql_col_null(st, c) ? -1 : (int)sql_col_int64(st, c); break;
		case RC_INT64:
			if (!sql_col_null(st, c))
				*(int64_t *)field = sql_col_int64(st, c);
			break;
		case RC_DOUBLE:
			if (!sql_col_null(st, c))
				*(double *)field = sql_col_double(st, c);
			break;
		case RC_LEVEL: *(int8_t *)field = (int8_t)(int)sql_col_int64(st, c); break;
		case RC_TRI: *(int8_t *)field = tri_col(st, c); break;
		case RC_BOOL: *(bool *)field = (int)sql_col_int64(st, c) != 0; break;
		case RC_ENUM_OPT:
			if (sql_col_null(st, c))
				break;
			/* fall through */
		case RC_ENUM: rc = enum_col(l, st, c, col->enum_from_id, (int8_t *)field); break;
		case RC_SPAN: rc = span_cols(l, st, c++, life); break;
		case RC_SKIP: /* fall through */
		case RC_PARENT: break;
		case RC_PERSON: rc = ref_person(l, st, c, &refs[i], (zidx *)field); break;
		default: rc = ref_cached(l, rcol_ref_ids(l->f, col->type), st, c, &refs[i], (zidx *)field); break;
		}
	}
	return rc;
}

/* rec added to the facts with its life; its index, or -1 out of memory. */
static zidx add_described(struct sql_loader *l, const struct reg_desc *d, const union reg_row *rec, struct span life)
{
	zidx i = d->add(l->f, rec);
	if (i >= 0 && !span_always(life) && facts_set_span(l->f, (int)d->span, i, life))
		return -1;
	return i;
}

static void refs_init(struct ref_cache refs[RCOL_MAX])
{
	for (int i = 0; i < RCOL_MAX; i++)
		refs[i] = (struct ref_cache){.idx = ZIDX_NONE};
}

/* Reads the rows of a described kind (one unit's, or all) into the facts. */
static int load_described(struct sql_loader *l, const char *org_id, const struct reg_desc *d)
{
	int rc = 0;
	union reg_row rec;
	struct span life;
	struct ref_cache refs[RCOL_MAX];
	assert(d->size <= sizeof rec && d->ncols <= RCOL_MAX);
	refs_init(refs);
	struct sql_stmt *st = load_stmt(l, d->load, d->load_org, org_id, d->what);
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		if (!(rc = read_described(l, st, d, refs, &rec, &life)) && add_described(l, d, &rec, life) < 0)
			rc = NOMEM(l);
	}
	sql_reset(st);
	return rc;
}

/* The departments; their parents may come after them, so resolved in a second pass. */
static int load_depts(struct sql_loader *l, const char *org_id)
{
	struct facts *f = l->f;
	int rc = 0;
	const char **parents = NULL;
	size_t first = f->depts.n, cap = 0;
	union reg_row rec;
	struct span life;
	struct ref_cache refs[RCOL_MAX];
	refs_init(refs);
	struct sql_stmt *st = load_stmt(l, Q_LOAD_DEPT, Q_LOAD_DEPT_ORG, org_id, dept_desc.what);
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		TRY(read_described(l, st, &dept_desc, refs, &rec, &life));
		zidx i = add_described(l, &dept_desc, &rec, life);
		if (i < 0 || grow((void **)&parents, &cap, (size_t)i - first, sizeof *parents)) {
			rc = NOMEM(l);
			goto out;
		}
		parents[i - first] = str_col(l, st, 3);
	}
	for (size_t i = first; !rc && i < f->depts.n; i++) {
		const char *pid = parents[i - first];
		if (pid && (f->depts.v[i].parent = hmap_get(&f->dept_ids, pid)) < 0) {
			l->row = (int64_t)(i - first) + 1;
			rc = load_fail(l, "unknown parent", pid);
		}
	}
out:
	sql_reset(st);
	free(parents);
	return rc;
}

/* Which project built each system (both loaded before). */
static int load_system_projects(struct sql_loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct sql_stmt *st = load_stmt(l, Q_LOAD_SYSTEM_PROJECT, Q_LOAD_SYSTEM_PROJECT_ORG, org_id, "system_project");
	if (!st)
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

/* The obligation records, then their evidence, which names each record by its row id. */
static int load_records(struct sql_loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	size_t first = f->records.n, cap = 0;
	int64_t *ids = NULL;
	union reg_row rec;
	struct span life;
	struct ref_cache refs[RCOL_MAX];
	refs_init(refs);
	struct sql_stmt *st = load_stmt(l, Q_LOAD_RECORD, Q_LOAD_RECORD_ORG, org_id, record_desc.what);
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		TRY(read_described(l, st, &record_desc, refs, &rec, &life));
		zidx i = add_described(l, &record_desc, &rec, life);
		if (i < 0 || grow((void **)&ids, &cap, (size_t)i - first, sizeof *ids)) {
			rc = NOMEM(l);
			goto out;
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

/* The kinds read by load_described, in the order they load: each one's references are
 * loaded before it. */
static const struct reg_desc *const loaded_before_appts[] = {
	&dept_version_desc, &person_desc, &body_desc, &lead_desc, &system_desc, &system_version_desc, &assessment_desc,
};
static const struct reg_desc *const loaded_after_appts[] = {
	&agreement_desc, &incident_desc, &notice_desc, &notice_system_desc,
};
static const struct reg_desc *const loaded_after_records[] = {
	&handover_desc, &vuln_desc, &plan_desc, &drill_desc, &review_desc, &log_source_desc, &training_desc,
	&attendee_desc, &project_desc,
};
static const struct reg_desc *const loaded_after_projects[] = {
	&rect_desc, &rect_evidence_desc, &inspection_desc, &item_desc,
};

static int load_each(struct sql_loader *l, const char *org_id, const struct reg_desc *const *d, size_t n)
{
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = load_described(l, org_id, d[i]);
	return rc;
}

#define LOAD_EACH(l, org_id, list) load_each(l, org_id, list, sizeof list / sizeof list[0])

int sql_load_records_of(struct sql_loader *l, const char *org_id, int (*appts)(struct sql_loader *l, void *ctx),
			void *ctx)
{
	int rc;
	if ((rc = load_depts(l, org_id)) || (rc = LOAD_EACH(l, org_id, loaded_before_appts)) ||
	    (rc = appts ? appts(l, ctx) : sql_load_appts(l, org_id)) || (rc = LOAD_EACH(l, org_id, loaded_after_appts)) ||
	    (rc = load_records(l, org_id)) || (rc = LOAD_EACH(l, org_id, loaded_after_records)) ||
	    (rc = load_system_projects(l, org_id)) || (rc = LOAD_EACH(l, org_id, loaded_after_projects)) ||
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

int store_calendar_each(struct store *s, calendar_row_fn fn, void *ctx, struct zerr *e)
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

int store_org_each(struct store *s, org_row_fn fn, void *ctx, struct zerr *e)
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

int store_id_unit(struct store *s, enum store_kind kind, const char *id, char org[201], struct zerr *e)
{
	static const enum sql_id ids[SK_COUNT] = {
		[SK_DEPT] = Q_UNIT_OF_DEPT, [SK_PERSON] = Q_UNIT_OF_PERSON, [SK_BODY] = Q_UNIT_OF_BODY,
		[SK_SYSTEM] = Q_UNIT_OF_SYSTEM, [SK_AGREEMENT] = Q_UNIT_OF_AGREEMENT,
		[SK_INCIDENT] = Q_UNIT_OF_INCIDENT, [SK_NOTICE] = Q_UNIT_OF_NOTICE,
		[SK_HANDOVER] = Q_UNIT_OF_HANDOVER, [SK_VULNERABILITY] = Q_UNIT_OF_VULN,
		[SK_PLAN] = Q_UNIT_OF_PLAN, [SK_LOG_SOURCE] = Q_UNIT_OF_LOG_SOURCE, [SK_TRAINING] = Q_UNIT_OF_TRAINING,
		[SK_PROJECT] = Q_UNIT_OF_PROJECT, [SK_RECTIFICATION] = Q_UNIT_OF_RECT,
		[SK_INSPECTION] = Q_UNIT_OF_INSP, [SK_ORG] = Q_UNIT_OF_ORG};
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

int store_calendar_put(struct store *s, zdate d, bool work, const char *en, const char *zh, struct zerr *e)
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
