/* The domain model in memory: a unit's facts (organisations, departments, people, bodies,
 * appointments, systems, agreements, handovers …) as flat arrays joined by index. The store loads into it,
 * the importer fills it, the rules engine reads it. See DESIGN.md §1 and §3. */
#ifndef ZEREN_MODEL_MODEL_H
#define ZEREN_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/date.h"
#include "util/datetime.h"
#include "util/hmap.h"

typedef int32_t zidx; /* index into one of the fact arrays; -1 = none */
#define ZIDX_NONE (-1)

enum post {
	POST_NONE = -1,
	POST_FIRST_RESPONSIBLE,
	POST_DIRECT_RESPONSIBLE,
	POST_SECURITY_DIRECTOR,
	POST_SECURITY_ADMIN,
	POST_SECURITY_AUDITOR,
	POST_NETWORK_ADMIN,
	POST_SYSTEM_ADMIN,
	POST_MACHINE_ROOM_ADMIN,
	POST_DATABASE_ADMIN,
	POST_SECURITY_LIAISON,
	POST_DEPARTMENT_HEAD,
	POST_SYSTEM_RESPONSIBLE,
	POST_COUNT
};

enum body_kind { BODY_LEADING_GROUP, BODY_WORKING_GROUP, BODY_EMERGENCY_GROUP, BODY_OFFICE, BODY_KIND_COUNT };
enum seat { SEAT_NONE = -1, SEAT_LEADER, SEAT_DEPUTY, SEAT_MEMBER, SEAT_COUNT };
enum agreement_kind {
	AGREEMENT_RESPONSIBILITY_LETTER,
	AGREEMENT_KEY_POST_SECURITY,
	AGREEMENT_CONFIDENTIALITY,
	AGREEMENT_NETWORK_ACCESS,
	AGREEMENT_KIND_COUNT
};
enum tristate { TRI_NULL = -1, TRI_FALSE = 0, TRI_TRUE = 1 };
/* A vulnerability's severity and where it was found (issue 19's register of vulnerabilities). */
enum vuln_severity { VSEV_LOW, VSEV_MEDIUM, VSEV_HIGH, VSEV_CRITICAL, VSEV_COUNT };
enum vuln_source { VSRC_SCAN, VSRC_TEST, VSRC_INSPECTION, VSRC_NOTICE, VSRC_OTHER, VSRC_COUNT };
/* The kinds of log or record whose retention the seeds set (issue 19's retention register); the
 * policy's log_retention rule gives each its required days. */
enum log_kind { LOGK_NETWORK, LOGK_SERVER, LOGK_DEVICE, LOGK_GATEWAY_AUDIT, LOGK_ACCESS, LOGK_WEBSITE, LOGK_LAB,
		LOGK_PUBLIC_LAB, LOGK_OTHER, LOGK_COUNT };
/* A training session's kind and level (issue 19's training register). */
enum training_kind { TRK_AWARENESS, TRK_TECHNICAL, TRK_CERTIFICATION, TRK_OTHER, TRK_COUNT };
enum training_level { TRL_UNIT, TRL_DEPARTMENT, TRL_EXTERNAL, TRL_COUNT };

/* Enumerations <-> their zeren/v1 ids and display names: for each catalogue X, X_id(i),
 * X_name_zh(i) and X_name_en(i) ("?" out of range), and X_from_id(id) (-1 when unknown). */
#define MODEL_CATALOGUE(prefix)                    \
	const char *prefix##_id(int i);            \
	const char *prefix##_name_zh(int i);       \
	const char *prefix##_name_en(int i);       \
	int prefix##_from_id(const char *id);
MODEL_CATALOGUE(post)
MODEL_CATALOGUE(body_kind)
MODEL_CATALOGUE(seat)
/* GB/T 20986-2023 levels; GRADE_NONE when not graded. */
enum incident_grade { GRADE_NONE, GRADE_GENERAL, GRADE_RELATIVELY_MAJOR, GRADE_MAJOR, GRADE_ESPECIALLY_MAJOR, GRADE_COUNT };
MODEL_CATALOGUE(grade)
MODEL_CATALOGUE(agreement_kind)
MODEL_CATALOGUE(vuln_severity)
MODEL_CATALOGUE(vuln_source)
MODEL_CATALOGUE(log_kind)
MODEL_CATALOGUE(training_kind)
MODEL_CATALOGUE(training_level)

/* Who a unit is under 《国家网络安全事件报告管理办法》 (2025): its reporting limit depends on it. */
enum operator_type {
	OPERATOR_UNSET = 0,      /* not recorded: a unit with a critical-infrastructure system counts as a CII operator */
	OPERATOR_CII,            /* cii_operator: 关键信息基础设施运营者 */
	OPERATOR_CENTRAL_ORGAN,  /* central_state_organ: 中央和国家机关各部门及其直属单位 */
	OPERATOR_OTHER,          /* other: 其他网络运营者 */
	OPERATOR_COUNT
};
MODEL_CATALOGUE(operator_type)

struct org {
	const char *id, *name, *kind, *policy;
	zidx parent;
	const char *time_zone; /* NULL: TZ_DEFAULT (Asia/Shanghai); else a zone of tz_offset()'s table */
	int16_t utc_offset;    /* the zone's offset in minutes, resolved from time_zone when it is set */
	int8_t operator_type;  /* enum operator_type */
};

struct dept {
	const char *id, *name;
	zidx org, parent;
};

struct person {
	const char *id, *name;
	zidx org, dept;
	zdate background_check; /* ZDATE_NONE when none on record */
};

struct body {
	const char *id, *name;
	zidx org;
	int8_t kind;
};

struct body_lead {
	zidx body, led;
};

/* Either a post (post >= 0; scope by dept or system, or unit-wide) or a body seat (body >= 0). */
struct appt {
	zidx person, org, dept, system, body;
	int8_t post, seat, full_time; /* full_time is a tristate */
	zdate from, to;               /* [from, to); to = ZDATE_MAX when open-ended */
};

struct zsystem {
	const char *id, *name, *filing_no;
	zidx org, owner_dept;
	int8_t mlps_level; /* 0 = not graded */
	int8_t critical_infrastructure, public_website; /* tristates */
	zdate filed_on, last_assessed_on; /* ZDATE_NONE when absent */
	const char *project; /* the id of the project that built it (a project of its unit), or NULL */
};

struct agreement {
	const char *id;
	zidx org, person;
	int8_t kind;
	zdate from, to, signed_on; /* to = ZDATE_MAX open-ended; signed_on = ZDATE_NONE unsigned */
	/* The post and department it names (a 关键岗位安全协议's 岗位 and 部门, 001 附件): it then
	 * holds only for that post (in that department) and ends when that appointment ends.
	 * POST_NONE and ZIDX_NONE when it names none; every constructor sets both. */
	int8_t post;
	zidx dept;
};

/* 安全事件: what happened to which system, and when (DESIGN.md §1; docs/interchange.md). */
struct incident {
	const char *id, *title, *category;
	zidx org, system;
	int8_t grade;                   /* as recorded; GRADE_NONE when not given */
	struct ztime occurred, detected, reported, resolved; /* ZTIME_NONE when absent */
	double outage_hours;            /* < 0 when unknown */
	int64_t personal_info_records;  /* people whose personal information leaked; < 0 unknown */
	zdate summary_on;               /* 处置总结报告 submitted; ZDATE_NONE when not yet */
	/* Optional since issue 11; the constructors set them to "unknown" explicitly. */
	const char *classification;     /* GB/T 20986-2023 category id (data/incident-categories.json), or NULL */
	int8_t attacked;                /* tristate: the system was attacked (004 八(二)) */
	int8_t handled_in_time;         /* tristate: handling was organised in time (004 八(二)) */
	double function_outage_hours;   /* main functions down (分级指南); < 0 unknown */
	double economic_loss_yuan;      /* direct economic loss in yuan; < 0 unknown */
	int64_t people_affected;        /* people whose water, power, gas, oil, heating or transport it affected; < 0 unknown */
	const char *follow_ups;         /* 续报 times as a JSON array of ISO 8601 strings, or NULL */
};

/* An incident with every optional field unknown. */
#define INCIDENT_INIT                                                                                  \
	{.grade = GRADE_NONE, .occurred = ZTIME_NONE, .detected = ZTIME_NONE, .reported = ZTIME_NONE,   \
	 .resolved = ZTIME_NONE, .outage_hours = -1, .personal_info_records = -1, .summary_on = ZDATE_NONE, \
	 .attacked = TRI_NULL, .handled_in_time = TRI_NULL, .function_outage_hours = -1,                \
	 .economic_loss_yuan = -1, .people_affected = -1, .system = ZIDX_NONE}

/* 通报: a superior's notice about one or more systems. */
struct notice {
	const char *id, *issuer, *document_no, *title;
	zidx org;
	zdate received_on, rectified_on, feedback_on; /* ZDATE_NONE when not yet */
	zdate rectify_by;     /* the notice's own 整改期限 (last day), overriding the policy's; ZDATE_NONE when none */
	struct ztime received_at; /* the moment it was received, ZTIME_NONE when not recorded */
	/* Last, so that positional initializers of the fields above stay valid (issue 15). */
	const char *issuer_org; /* the supervising unit that sent it down through zeren, or NULL */
	const char *feedback;   /* what the unit reported back to the issuer (with feedback_on), or NULL */
};

struct notice_system {
	zidx notice, system;
};

/* One occurrence of a recurring duty done: obligation `obligation` (an id of the unit's policy)
 * for period `period` ("2026", "2026-H1", "2026-05"), for a department or the whole unit. */
struct obligation_record {
	const char *obligation, *period, *notes;
	zidx org, dept, by;
	zdate done_on;
};

/* 离岗交接: a person leaving a post hands over (002 ⑻13 二10, 001 附件《关键岗位安全协议》3 2)):
 * accounts and permissions closed, materials and data returned, keys and passwords changed, a
 * successor named, each dated; complete on completed_on. */
struct handover {
	const char *id, *notes;
	zidx org, person, successor;
	int8_t post;
	zdate left_on;            /* the first day out of the post: the ended appointment's `to` */
	zdate accounts_closed_on, materials_returned_on, passwords_changed_on, completed_on; /* ZDATE_NONE: not yet */
};

/* 漏洞: found on a system by a scan, a test, an inspection or a superior's notice (000 第12条(5)(3),
 * 003 第五条(三)); to be fixed by due_on (else the policy's days for its severity), then verified. */
struct vulnerability {
	const char *id, *title, *notes;
	zidx org, system, notice; /* notice: the 通报 that reported it, or -1 */
	int8_t severity, source;
	zdate found_on, due_on, fixed_on, verified_on; /* ZDATE_NONE: none / not yet */
};

/* 应急预案 (000 第11条, 003 第四条(三)): approved, reviewed, withdrawn when replaced; the days of the
 * drills that exercised it are plan_drills. */
struct emergency_plan {
	const char *id, *title, *version, *notes;
	zidx org;
	zdate approved_on, reviewed_on, withdrawn_on; /* ZDATE_NONE: not yet */
};

/* 信息化项目 (004 七, 003 第四条(一)): its total and security budget in yuan (-1: not recorded),
 * approved, started, put into use or cancelled, and the 三同步 of its security, each recorded
 * or not: planned (同步规划), built (同步建设) and put into use (同步实施) with the project. */
struct project {
	const char *id, *name, *notes;
	zidx org, dept; /* dept: the department that runs it, or -1 */
	int64_t budget, security_budget;
	zdate approved_on, started_on, in_use_on, cancelled_on; /* ZDATE_NONE: not (yet) */
	bool security_planned, security_built, security_implemented;
};

struct plan_drill {
	zidx plan;
	zdate held_on;
};

/* 日志留存: a log or record source of the unit (a system's, or the unit's own such as an exit
 * gateway), its kind, the retention actually configured and the day that was last verified. */
struct log_source {
	const char *id, *name, *notes;
	zidx org, system;       /* system: -1 when the source is not one system's */
	int8_t kind;
	int32_t retention_days; /* configured; -1 when not recorded */
	zdate checked_on;       /* ZDATE_NONE: never verified */
};

/* 培训: a session held by the unit, a department or outside (level), with its attendees
 * (training_attendees). */
struct training_session {
	const char *id, *title, *organiser, *notes;
	zidx org, dept;         /* dept: the department that held it, or -1 */
	int8_t kind, level;
	zdate held_on;
	int32_t hours;          /* the session's 学时 (class hours) */
};

struct training_attendee {
	zidx session, person;
	int32_t hours;          /* 学时 attended; -1: the whole session's */
	const char *certificate; /* the certificate obtained (number or name), or NULL */
};

/* A review of an emergency plan: the day, who reviewed it (or -1) and the outcome (or NULL). */
struct plan_review {
	zidx plan, by;
	zdate on;
	const char *outcome;
};

/* 整改 (issue 22): a finding followed up — named by `rule` and `subject` (the finding's key
 * without its rule, stable across checks), assigned on assigned_on to a department and a person,
 * due by due_on (ZDATE_NONE: the policy's working days), rectified with notes and evidence
 * (rect_evidence), verified and closed by the office on closed_on. */
struct rectification {
	const char *id, *rule, *subject, *title, *rectification, *notes;
	zidx org, dept, person;
	zdate assigned_on, due_on, rectified_on, closed_on; /* ZDATE_NONE: none / not yet */
};

/* 检查 (issue 15): a supervising unit's inspection of a unit below it (org), on a day, of a scope,
 * by inspectors; each item found (inspection_items) is followed up as one of the unit's
 * rectifications (rule "inspection", subject "<id>#<n>"), due by its due_on or the policy's
 * working days from the inspection. */
struct inspection {
	const char *id, *scope, *inspectors;
	zidx org, inspector_org;
	zdate on;
};
#define INSPECTION_ITEMS_MAX 200       /* items one inspection finds */
#define INSPECTION_ID_MAX 200          /* bytes of an inspection's id (IMPORT_MAX_ID) */
#define RECT_RULE_INSPECTION "inspection" /* a rectification's rule when it follows up an inspection's item */

/* Item n (from 1, in order) of an inspection: what was found, the clause it breaks, the
 * department of the unit that rectifies it and its deadline (ZDATE_NONE: the policy's). */
struct inspection_item {
	zidx inspection, dept;
	const char *title, *basis;
	zdate due_on;
};

/* A file kept as evidence for a record: content-addressed by its SHA-256 in the data directory. */
struct evidence {
	zidx record;
	const char *sha256, *name;
	int64_t size;
};

/* How long a fact that comes and goes is there (DESIGN.md §1): [from, to) — a department from
 * its establishment to its dissolution, a person from joining the unit to leaving it, a body from
 * its setting up to its dissolution, a system from going into service (上线) to retirement (下线).
 * ZDATE_MIN / ZDATE_MAX when not recorded: a fact without dates holds as far back as the records
 * go (and a check of it gives what it gave before dates were kept). */
struct span {
	zdate from, to;
};
#define SPAN_ALWAYS ((struct span){ZDATE_MIN, ZDATE_MAX})
enum span_kind { SPAN_DEPT, SPAN_PERSON, SPAN_BODY, SPAN_SYSTEM, SPAN_KIND_COUNT };

static inline bool span_on(struct span s, zdate d)
{
	return s.from <= d && d < s.to;
}

/* An earlier state of a department: it had this name and parent until `until` (exclusive); the
 * record's own name and parent hold from its last version's until on. */
struct dept_version {
	zidx dept;
	zdate until;
	const char *name;
	zidx parent;
};

/* What a system's register entry says on a day (owner, MLPS level, filing). */
struct system_state {
	zidx owner_dept;
	int8_t mlps_level;
	const char *filing_no;
	zdate filed_on;
};

/* An earlier state of a system's register entry, held until `until` (exclusive). */
struct system_version {
	zidx system;
	zdate until;
	struct system_state st;
};

/* An 等级测评 of a system before its last one (zsystem.last_assessed_on is the latest). */
struct assessment {
	zidx system;
	zdate on;
};

#define VEC(T) struct { T *v; size_t n, cap; }

/* Per-unit index ranges, built by facts_index(): unit u's appointments are
 * appt_by_org[org_appt[u] .. org_appt[u+1]) and so on. */
struct facts_index {
	zidx *org_dept, *dept_by_org;
	zidx *org_person, *person_by_org;
	zidx *org_body, *body_by_org;
	zidx *org_appt, *appt_by_org;
	zidx *org_system, *system_by_org;
	zidx *org_agreement, *agreement_by_org;
	/* body b leads leads_by_body[body_lead[b] .. body_lead[b+1]) (indices into leads) */
	zidx *body_lead, *lead_by_body;
	zidx *org_incident, *incident_by_org;
	zidx *org_notice, *notice_by_org;
	/* notice n concerns notice_systems[notice_system[n] .. notice_system[n+1]) */
	zidx *notice_system, *system_by_notice;
	zidx *org_record, *record_by_org;
	zidx *record_evidence, *evidence_by_record;
	zidx *org_handover, *handover_by_org;
	zidx *org_vulnerability, *vulnerability_by_org;
	zidx *org_plan, *plan_by_org;
	/* plan p's drills are plan_drills[plan_drill[p] .. plan_drill[p+1]) (indices into plan_drills) */
	zidx *plan_drill, *drill_by_plan;
	zidx *org_log_source, *log_source_by_org;
	zidx *org_training, *training_by_org;
	/* session t's attendees are training_attendees[training_attendee[t] .. training_attendee[t+1]) */
	zidx *training_attendee, *attendee_by_training;
	zidx *org_project, *project_by_org;
	/* plan p's reviews are plan_reviews[review_by_plan[plan_review[p] .. plan_review[p+1])] */
	zidx *plan_review, *review_by_plan;
	zidx *org_rectification, *rectification_by_org;
	/* inspection i's items are inspection_items[item_by_inspection[inspection_item[i] .. [i+1])] */
	zidx *org_inspection, *inspection_by_org, *inspection_item, *item_by_inspection;
	/* rectification r's evidence is rect_evidence[evidence_by_rect[rect_evidence[r] .. [r+1])] */
	zidx *rect_evidence, *evidence_by_rect;
	/* notice n's reports (整改报告) are notice_reports[report_by_notice[notice_report[n] .. [n+1])];
	 * likewise an incident's (处置报告) */
	zidx *notice_report, *report_by_notice, *incident_report, *report_by_incident;
	/* department d's earlier versions are dept_versions[version_by_dept[dept_version[d] ..
	 * dept_version[d+1])], in order of until; likewise systems' versions and assessments */
	zidx *dept_version, *version_by_dept;
	zidx *system_version, *version_by_system;
	zidx *system_assessment, *assessment_by_system;
};

struct facts {
	struct arena strings;
	VEC(struct org) orgs;
	VEC(struct dept) depts;
	VEC(struct person) people;
	VEC(struct body) bodies;
	VEC(struct body_lead) leads;
	VEC(struct appt) appts;
	VEC(struct zsystem) systems;
	VEC(struct agreement) agreements;
	VEC(struct incident) incidents;
	VEC(struct notice) notices;
	VEC(struct notice_system) notice_systems;
	VEC(struct obligation_record) records;
	VEC(struct evidence) evidence;
	VEC(struct handover) handovers;
	VEC(struct vulnerability) vulnerabilities;
	VEC(struct emergency_plan) plans;
	VEC(struct plan_drill) plan_drills;
	VEC(struct log_source) log_sources;
	VEC(struct training_session) trainings;
	VEC(struct training_attendee) training_attendees;
	VEC(struct project) projects;
	VEC(struct plan_review) plan_reviews;
	VEC(struct rectification) rectifications;
	VEC(struct evidence) rect_evidence; /* .record: the rectification */
	VEC(struct inspection) inspections;
	VEC(struct inspection_item) inspection_items;
	VEC(struct evidence) notice_reports, incident_reports; /* .record: the notice, the incident */
	/* Valid time (facts_span): spans[k] runs parallel to its kind's array and may be shorter;
	 * a record beyond it, or never given dates, holds always. */
	VEC(struct span) spans[SPAN_KIND_COUNT];
	VEC(struct dept_version) dept_versions;
	VEC(struct system_version) system_versions;
	VEC(struct assessment) assessments;
	/* id -> index, one map per kind */
	struct hmap org_ids, dept_ids, person_ids, body_ids, system_ids, agreement_ids, incident_ids, notice_ids;
	struct hmap handover_ids, vulnerability_ids, plan_ids, project_ids;
	struct hmap log_source_ids, training_ids, rectification_ids;
	struct hmap inspection_ids;
	struct facts_index ix;
	bool indexed;
	/* orgs and org_ids are another facts' (facts_borrow): not freed here, and copied before
	 * a unit is added */
	bool orgs_borrowed;
};

void facts_init(struct facts *f);
void facts_release(struct facts *f);
const char *facts_str(struct facts *f, const char *s); /* copies into the arena; NULL stays NULL */
/* Copies every record and id map of src into dst (initialized here), unindexed; the strings
 * and the units' org rows with their id map are src's, not copied: src must stay unchanged and
 * alive until dst is released (a unit added to dst copies the org rows first). What a write
 * starts from when a reader's copy of the unit is as current as the store (core/import.c): on
 * a province the org rows are 10,021 of the unit's 10,600 records. */
int facts_borrow(struct facts *dst, const struct facts *src);

/* Appends a record and returns its index, or -1 when out of memory. Entities with ids are
 * also entered in the id map (the id string must come from facts_str). */
zidx facts_add_org(struct facts *f, const struct org *o);
zidx facts_add_dept(struct facts *f, const struct dept *d);
zidx facts_add_person(struct facts *f, const struct person *p);
zidx facts_add_body(struct facts *f, const struct body *b);
zidx facts_add_lead(struct facts *f, const struct body_lead *l);
zidx facts_add_appt(struct facts *f, const struct appt *a);
zidx facts_add_system(struct facts *f, const struct zsystem *s);
zidx facts_add_agreement(struct facts *f, const struct agreement *a);
zidx facts_add_incident(struct facts *f, const struct incident *i);
zidx facts_add_notice(struct facts *f, const struct notice *n);
/* Is unit org below unit above in the supervision tree (a descendant, not itself)? The walk up
 * the parents stops after ORG_DEPTH_MAX steps, so a cycle cannot hang it. */
#define ORG_DEPTH_MAX 32
bool org_is_below(const struct facts *f, zidx org, zidx above);
zidx facts_add_notice_system(struct facts *f, const struct notice_system *ns);
zidx facts_add_record(struct facts *f, const struct obligation_record *r);
zidx facts_add_evidence(struct facts *f, const struct evidence *ev);
zidx facts_add_handover(struct facts *f, const struct handover *h);
zidx facts_add_vulnerability(struct facts *f, const struct vulnerability *v);
zidx facts_add_plan(struct facts *f, const struct emergency_plan *p);
zidx facts_add_plan_drill(struct facts *f, const struct plan_drill *d);
zidx facts_add_log_source(struct facts *f, const struct log_source *l);
zidx facts_add_training(struct facts *f, const struct training_session *t);
zidx facts_add_training_attendee(struct facts *f, const struct training_attendee *a);
zidx facts_add_project(struct facts *f, const struct project *p);
zidx facts_add_plan_review(struct facts *f, const struct plan_review *r);
/* The day plan pi was last approved or reviewed on or before d: the latest of its approval, its
 * reviewed_on and its reviews up to d. f must be indexed. */
zdate facts_plan_last_review(const struct facts *f, zidx pi, zdate d);
zidx facts_add_rectification(struct facts *f, const struct rectification *r);
zidx facts_add_rect_evidence(struct facts *f, const struct evidence *ev);
zidx facts_add_inspection(struct facts *f, const struct inspection *in);
zidx facts_add_inspection_item(struct facts *f, const struct inspection_item *it);
/* The inspection a rectification of rule RECT_RULE_INSPECTION follows up, by its subject
 * "<inspection>#<n>", with *item = n (from 1; not checked against its items); ZIDX_NONE when the
 * subject names none. */
zidx facts_inspection_of(const struct facts *f, const char *subject, long *item);
zidx facts_add_notice_report(struct facts *f, const struct evidence *ev);
zidx facts_add_incident_report(struct facts *f, const struct evidence *ev);
/* The span of record i of a kind (SPAN_ALWAYS when none was set), and setting it. */
struct span facts_span(const struct facts *f, int kind, zidx i);
int facts_set_span(struct facts *f, int kind, zidx i, struct span s);
zidx facts_add_dept_version(struct facts *f, const struct dept_version *v);
zidx facts_add_system_version(struct facts *f, const struct system_version *v);
zidx facts_add_assessment(struct facts *f, const struct assessment *a);
/* Drops the versions (and assessments) of department di / system si, to read them anew. */
void facts_drop_dept_versions(struct facts *f, zidx di);
void facts_drop_system_versions(struct facts *f, zidx si);

/* As of day d (f indexed): a department's name and parent, a system's register entry, and the
 * latest 等级测评 on or before d (ZDATE_NONE when none). */
const char *dept_name_on(const struct facts *f, zidx di, zdate d);
zidx dept_parent_on(const struct facts *f, zidx di, zdate d);
void system_state_on(const struct facts *f, zidx si, zdate d, struct system_state *out);
zdate system_assessed_by(const struct facts *f, zidx si, zdate d);
/* The first day of the run of days ending on d on which pred holds of the system's entry
 * (pred holds on d), never before the system went into service; ZDATE_MIN when as far back as
 * the records go. */
zdate system_run_start(const struct facts *f, zidx si, zdate d,
		       bool (*pred)(const struct system_state *st, const void *arg), const void *arg);

/* The record of (unit, obligation, period, department), or -1. Linear in the unit's records:
 * f must be indexed. */
zidx facts_find_record(const struct facts *f, zidx org, const char *obligation, const char *period, zidx dept);

/* Builds the per-unit index (call after loading; any later add invalidates it). */
int facts_index(struct facts *f);
#define FACTS_EACH(f, kind, u, var) \
	for (zidx *var##_p = (f)->ix.kind##_by_org + (f)->ix.org_##kind[u], \
		  *var##_end = (f)->ix.kind##_by_org + (f)->ix.org_##kind[(u) + 1], var; \
	     var##_p < var##_end && ((var = *var##_p), 1); var##_p++)

/* The unit's offset from UTC in minutes (its time zone, DESIGN.md §6). */
static inline int org_utc_offset(const struct facts *f, zidx org)
{
	const struct org *o = &f->orgs.v[org];
	return o->time_zone ? o->utc_offset : TZ_DEFAULT_OFFSET;
}

/* The calendar day of an instant in the unit's time zone: every date derived from a time
 * (the day an incident occurred, the day a report fell due) is this one. */
static inline zdate org_date(const struct facts *f, zidx org, struct ztime t)
{
	return ztime_date_at(t, org_utc_offset(f, org));
}

/* The unit's operator type under the 2025 reporting rules: as recorded, else a CII operator
 * when it runs a critical-infrastructure system, else other. f must be indexed. */
int org_operator_type(const struct facts *f, zidx org);

/* True when the appointment is valid on day d. */
static inline bool appt_on(const struct appt *a, zdate d)
{
	return a->from <= d && d < a->to;
}

/* A handover is done on D when completed_on <= D (the checklist a policy asks for is the rule's). */
static inline bool handover_completed(const struct handover *h, zdate d)
{
	return h->completed_on != ZDATE_NONE && h->completed_on <= d;
}

/* An agreement is in force on D when signed_on <= D and from <= D < to (DESIGN.md §2). */
static inline bool agreement_in_force(const struct agreement *a, zdate d)
{
	return a->signed_on != ZDATE_NONE && a->signed_on <= d && a->from <= d && d < a->to;
}

#endif
