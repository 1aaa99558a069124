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
	int workdays;           /* notice_deadline, notice_feedback (a notice's own rectify_by overrides it) */
	int hours;              /* incident_report (0: only operator_hours); incident_outage */
	int operator_hours[OPERATOR_COUNT]; /* incident_report: by the unit's operator type; 0 = use hours */
	int months;             /* incident_repeat; emergency_plan: months between reviews */
	int important_min_level;  /* incident_outage: systems at this MLPS level or above (or CII) are important; 0 = all */
	const char *const *attack_classes; /* incident_outage: classifications that are attacks (NULL-terminated) */
	int days, min_grade;    /* incident_summary; incident_report: min_grade (GRADE_NONE: every incident) */
	int vuln_days[VSEV_COUNT]; /* vulnerability_fix: days to fix by severity (0: no deadline of its own) */
	bool verify;            /* vulnerability_fix: a fix counts once verified */
	uint8_t handover_requires; /* handover: bit per enum handover_item that must be recorded */
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
};

struct policy {
	struct arena mem;
	const char *id, *extends, *title_zh, *title_en, *description_zh;
	struct rule *rules;
	int nrules;
	struct obligation_def *obligations;
	int nobligations;
};

const struct obligation_def *policy_obligation(const struct policy *p, const char *id);

/* Parses one policy document. Errors name the source and the JSON path. */
int policy_parse(const char *text, size_t len, const char *source, struct policy **out, struct zerr *e);
/* Applies `over` (a profile that extends `base`) onto base's rules: same id replaces, new ids
 * are appended. The result takes over's id and titles. */
int policy_extend(const struct policy *base, const struct policy *over, struct policy **out, struct zerr *e);
const struct rule *policy_rule(const struct policy *p, const char *id);
/* The version of rule r in force on day d (r itself, one of its versions), or NULL. */
const struct rule *rule_at(const struct rule *r, zdate d);
/* The first day rule r (or one of its versions) is in force; ZDATE_MIN when always. */
zdate rule_first_day(const struct rule *r);
void policy_free(struct policy *p);

#endif
