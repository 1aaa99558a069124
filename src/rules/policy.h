/* A policy: the unit's rule set as data (the files in data/policy, DESIGN.md §2). Parsing only — the
 * caller supplies the text, so this layer does no I/O. */
#ifndef ZEREN_RULES_POLICY_H
#define ZEREN_RULES_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cal/recur.h"
#include "model/model.h"
#include "util/arena.h"
#include "util/err.h"

enum rule_kind {
	RK_EXCLUSIVE_POSTS,
	RK_FULL_TIME,
	RK_MIN_HOLDERS,
	RK_REQUIRED_POST,
	RK_BODY_COMPOSITION,
	RK_SYSTEM_OWNER,
	RK_SYSTEM_MLPS,
	RK_AGREEMENT_IN_FORCE,
	RK_AGREEMENT_EXPIRING,
	RK_PERSONNEL_RECORD,
	RK_NOTICE_DEADLINE,
	RK_INCIDENT_REPORT,
	RK_INCIDENT_REPEAT,
	RK_INCIDENT_OUTAGE,
	RK_INCIDENT_SUMMARY,
	RK_OBLIGATION_OVERDUE,
	RK_NOTICE_FEEDBACK,
	RK_HANDOVER,
	RK_VULNERABILITY_FIX,
	RK_EMERGENCY_PLAN,
	RK_REQUIRED_AGREEMENT,
	RK_LOG_RETENTION,
	RK_TRAINING_HOURS,
	RK_TRAINING_CERTIFICATE,
	RK_PROJECT_SECURITY,
	RK_RECTIFICATION_OVERDUE,
	RK_COUNT
};

enum severity { SEV_ERROR, SEV_WARNING, SEV_INFO, SEV_COUNT };

const char *rule_kind_id(int kind);
const char *severity_id(int sev);
const char *severity_name_zh(int sev);

/* A clause cited, with the days it is numbered so: a check as of D shows the citations in
 * force on D ([from, to); ZDATE_MIN / ZDATE_MAX when open). */
struct citation {
	const char *document, *clause, *text, *note;
	zdate from, to;
};

static inline bool citation_in_force(const struct citation *c, zdate d)
{
	return c->from <= d && d < c->to;
}

typedef uint32_t postset; /* bit i = post i */
#define POSTSET_HAS(set, post) (((set) >> (post)) & 1u)

struct rule {
	const char *id;
	/* Dates of force [from, to) (ZDATE_MIN / ZDATE_MAX when open). A rule about events (notices,
	 * incidents) judges an event by the version in force on the day it happened, any other
	 * rule applies on the days of the check it is in force. */
	zdate from, to;
	/* Versions with other parameters or citations for part of the time: the one whose
	 * interval holds the day wins over the rule itself (rule_at). base: the rule a version
	 * belongs to (NULL for the rule itself). */
	const struct rule *versions;
	int nversions;
	const struct rule *base;
	int kind;
	int severity;
	const char *title_zh, *title_en;
	const struct citation *citations;
	int ncitations;
	/* parameters; which ones a kind uses is in data/policy/README.md */
	int post;             /* exclusive_posts, full_time */
	postset posts;        /* the posts a kind applies to */
	postset excludes;     /* exclusive_posts */
	bool strict;          /* full_time */
	int min;              /* min_holders (required_post: 1) */
	bool per_department;  /* required_post */
	int body_kind;        /* body_composition */
	uint8_t seats;        /* body_composition: bit per seat */
	postset member_posts, member_department_posts;
	bool owner_department;  /* system_owner */
	int filing_min_level;   /* system_mlps */
	int assessment_months[6]; /* system_mlps, by level; 0 = no requirement */
	int agreement_kind;     /* agreement_* */
	int within_days;        /* agreement_expiring */
	bool everyone;          /* required_agreement, training_hours: every person of the unit, not the holders of posts */
	bool per_year;          /* required_agreement: only an agreement for at most a year counts (renewed yearly) */
	int workdays;           /* notice_deadline, notice_feedback (a notice's own rectify_by overrides it);
				 * rectification_overdue (an item's own due_on overrides it) */
	int hours;              /* incident_report (0: only operator_hours); incident_outage; training_hours: 学时 a year */
	int operator_hours[OPERATOR_COUNT]; /* incident_report: by the unit's operator type; 0 = use hours */
	int months;             /* incident_repeat; emergency_plan: months between reviews */
	int important_min_level;  /* incident_outage: systems at this MLPS level or above (or CII) are important; 0 = all */
	const char *const *attack_classes; /* incident_outage: classifications that are attacks (NULL-terminated) */
	int days, min_grade;    /* incident_summary; incident_report: min_grade (GRADE_NONE: every incident) */
	int vuln_days[VSEV_COUNT]; /* vulnerability_fix: days to fix by severity (0: no deadline of its own) */
	bool verify;            /* vulnerability_fix: a fix counts once verified */
	int log_days[LOGK_COUNT]; /* log_retention: days each kind of log is kept at least (0: no requirement) */
	uint8_t handover_requires; /* handover: bit per enum handover_item that must be recorded */
	int budget_percent;     /* project_security: the security budget's least share of a project's, in % */
	bool three_sync;        /* project_security: security planned, built and put into use with the project */
	int lookback_days;      /* incident_*, notice_*: how long a breach that is over stays among the findings (notice_*: 0 = not kept) */
};

/* What a handover's checklist records (002 ⑴ 篇3 第6项, ⑻13 二10; 001 附件3 2)); a handover rule
 * names those it requires besides completion. */
enum handover_item { HO_ACCOUNTS_CLOSED, HO_MATERIALS_RETURNED, HO_PASSWORDS_CHANGED, HO_SUCCESSOR, HO_ITEM_COUNT };
const char *handover_item_id(int item);
const char *handover_item_name_zh(int item);

/* Who owes a recurring duty: the unit, the holders of a post, a body, or every department. */
enum owner_kind { OWNER_ORG, OWNER_POST, OWNER_BODY, OWNER_EACH_DEPARTMENT };

/* A recurring duty (定期工作), DESIGN.md §1: its recurrence, when each occurrence is due and
 * what evidence it needs. */
#define OBLIGATION_REMIND_MAX 4
struct obligation_def {
	const char *id, *title_zh, *title_en, *evidence;
	int owner_kind, owner_post, owner_body;
	/* Working days before the due day its owners are reminded (the policy's "remind", largest
	 * first); nremind 0: the reminders' default (core/notify.h). */
	int remind[OBLIGATION_REMIND_MAX], nremind;
	struct recur_rule rule;
	const struct citation *citations;
	int ncitations;
	/* The first day it is owed: periods that start before are not (ZDATE_MIN: always). A duty a
	 * unit's version adds is owed from the version's date of force (policy_follow). */
	zdate from;
	int done_by; /* enum obligation_done_by: what besides its record does an occurrence */
};

/* What does an occurrence of a duty besides a record of it: for DONE_BY_TRAINING_DEPARTMENT
 * ("done_by": "training_department", a duty of each department), a training session of level
 * department that the owing department held in the period. */
enum obligation_done_by { DONE_BY_RECORD, DONE_BY_TRAINING_DEPARTMENT };

/* The yearly evaluation (考核, 003 第三条(四) and its 附件1): indicators as policy data, in the
 * policy document's "evaluation" section (data/policy/README.md §4). */
enum indicator_applies { IA_DEPARTMENT, IA_UNIT, IA_SUPERVISED, IA_COUNT };
enum indicator_scoring { IS_AUTO, IS_MANUAL, IS_VETO, IS_GROUP, IS_COUNT }; /* IS_GROUP: a 一级 indicator */
/* What an automatic item counts in the year's record. */
enum measure_of {
	MO_FINDINGS,         /* findings of `rules` at `severity` or worse held on any day of the year */
	MO_DUTIES_OVERDUE,   /* occurrences due in the year and not done by their due day */
	MO_DUTIES_ON_TIME,   /* occurrences due in the year and done by their due day */
	MO_NOTICES_LATE,     /* notices received in the year and rectified late (or not yet, past due) */
	MO_INCIDENTS_LATE,   /* incidents of the year reported late (or not reported, past due) */
	MO_INCIDENTS_REPEAT, /* findings of an incident_repeat rule about an incident of the year */
	MO_INCIDENTS,        /* incidents of the year graded min_grade or higher (veto items) */
	MO_COUNT
};
const char *measure_of_id(int of);
const char *indicator_applies_id(int a);
const char *indicator_scoring_id(int s);

#define MEASURE_IDS_MAX 32 /* rules or obligations one measure names */

struct measure {
	int of;
	const char **ids; /* rule ids (findings) or obligation ids (duties; none: all) */
	int nids;
	int severity;     /* findings: this severity or worse (SEV_ERROR by default) */
	bool per_day;     /* findings: points per day held in the year, not per finding */
	int min_grade;    /* incidents */
	double points;    /* per item (or day) */
	double max;       /* cap on this measure's total; 0 = none */
};

struct indicator {
	const char *id, *title_zh, *title_en, *guide_zh; /* guide: how a scorer scores a manual item */
	int parent;      /* index of its 一级 indicator, -1 for a 一级 one */
	int applies;     /* enum indicator_applies (a 一级 indicator: its children's) */
	int scoring;     /* enum indicator_scoring */
	double marks;    /* full marks (a 一级 indicator: the sum of its children's) */
	struct measure *deduct, *award; /* auto: score = clamp((award ? 0 : marks) + awards - deductions, 0, marks) */
	int ndeduct, naward;
	struct measure veto; /* veto: any item sets the grade to the lowest band */
	const struct citation *citations;
	int ncitations;
};

#define GRADES_MAX 8
struct grade_band {
	const char *id, *name_zh, *name_en;
	double min; /* the lowest score of the band; bands are in descending order, the last is the veto grade */
};

struct evaluation_def {
	struct indicator *v; /* 一级 indicators each followed by their 二级 ones */
	int n;
	struct grade_band grades[GRADES_MAX];
	int ngrades;
	int objection_workdays; /* working days a department has to object to its sheet */
};

const struct indicator *evaluation_indicator(const struct evaluation_def *d, const char *id);
/* The band a score falls in (veto: the last band). */
const struct grade_band *evaluation_grade(const struct evaluation_def *d, double score, bool veto);

/* The cases in which an incident triggers accountability (责任追究) clauses: every incident
 * (逐级倒查), a site or system tampered with, an important system down and not handled in time
 * (the policy's incident_outage rule), data or personal information leaked, a critical
 * information infrastructure system attacked, an incident not reported. Which incidents fall
 * under a case is decided in core/accountability.c; which clauses each case cites is the
 * policy's "accountability" section. */
enum accountability_case {
	ACC_ALWAYS,
	ACC_TAMPERED,
	ACC_OUTAGE,
	ACC_LEAK,
	ACC_CRITICAL,
	ACC_UNREPORTED,
	ACC_NCASES
};
const char *accountability_case_id(int kase);

struct accountability_clauses {
	int kase; /* enum accountability_case */
	const struct citation *citations;
	int ncitations;
};

struct policy {
	struct arena mem;
	const struct evaluation_def *evaluation; /* NULL when the policy has no evaluation section */
	const char *id, *extends, *title_zh, *title_en, *description_zh;
	struct rule *rules;
	int nrules;
	struct obligation_def *obligations;
	int nobligations;
	/* "templates": the unit's own letter templates, {kind: template} as compact JSON text (the
	 * shape of the files in data/templates, checked by core/documents when a unit's version is
	 * written), or NULL: the shipped ones. A policy's section replaces its base's whole. */
	const char *templates;
	/* "accountability": [{"case", "citations"}], the clauses each case triggers (at most one
	 * entry per case). A policy's section replaces its base's whole; none: no clauses cited. */
	const struct accountability_clauses *accountability;
	int naccountability;
	/* "removes": ids of the base's rules and duties this policy drops (policy_extend). */
	const char **removes_rules, **removes_obligations;
	int nremoves_rules, nremoves_obligations;
};

const struct obligation_def *policy_obligation(const struct policy *p, const char *id);

/* Parses one policy document. Errors name the source and the JSON path. */
int policy_parse(const char *text, size_t len, const char *source, struct policy **out, struct zerr *e);
/* Applies `over` (a profile that extends `base`) onto base's rules: same id replaces, new ids
 * are appended, ids in over's "removes" are dropped (each must be base's). The result takes
 * over's id and titles. */
int policy_extend(const struct policy *base, const struct policy *over, struct policy **out, struct zerr *e);
const struct rule *policy_rule(const struct policy *p, const char *id);
/* The version of rule r in force on day d (r itself, one of its versions), or NULL. */
const struct rule *rule_at(const struct rule *r, zdate d);
/* The first day rule r (or one of its versions) is in force; ZDATE_MIN when always. */
zdate rule_first_day(const struct rule *r);
/* Whether rules of kind k judge an event (a notice, an incident) by the version in force on the
 * day it happened, not on the day of the check. */
bool rule_kind_about_events(int kind);
/* p takes force on `from` after `before` (the policy followed until then): each of p's rules
 * about events judges an event of an earlier day as `before`'s rule of that id did (none: the
 * event is not judged by it), and its own versions only from `from` on; a duty `before` lacks is
 * owed from `from`. Called again (before relinked), it replaces what it gave before. p keeps
 * pointers into before's memory. */
int policy_follow(struct policy *p, const struct policy *before, zdate from, struct zerr *e);
void policy_free(struct policy *p);

#endif
