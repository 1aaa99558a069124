/* The responsibility engine: evaluates a unit's facts against a policy as of a date and
 * returns findings (DESIGN.md §2). Pure functions over memory: no I/O. */
#ifndef ZEREN_RULES_ENGINE_H
#define ZEREN_RULES_ENGINE_H

#include "cal/cal.h"
#include "model/model.h"
#include "rules/policy.h"
#include "util/strbuf.h"

enum subject_kind { SUBJ_ORG, SUBJ_PERSON, SUBJ_DEPARTMENT, SUBJ_SYSTEM, SUBJ_BODY, SUBJ_COUNT };
const char *subject_kind_id(int kind);

/* Why a finding holds, where a rule kind can fail in more than one way. */
enum reason {
	R_HOLDS_EXCLUDED,     /* exclusive_posts: also holds other_post */
	R_NOT_FULL_TIME,      /* full_time: appointed part-time */
	R_HOLDS_OTHER,        /* full_time strict: also holds other_post */
	R_TOO_FEW,            /* min_holders / required_post: `count` holders of post */
	R_BODY_MISSING,       /* body_composition: no body of that kind */
	R_SEAT_EMPTY,         /* body_composition: nobody in `seat` */
	R_NOT_MEMBER,         /* body_composition: `person` (holding post) is not a member */
	R_NO_OWNER,           /* system_owner: no owner department */
	R_NO_HOLDER,          /* system_owner: nobody holds `post` for the system */
	R_NO_LEVEL,           /* system_mlps: not graded */
	R_NOT_FILED,          /* system_mlps: level >= filing_min_level but not filed */
	R_NOT_ASSESSED,       /* system_mlps: never assessed */
	R_ASSESSMENT_DUE,     /* system_mlps: last assessed `date`, due again since `since` */
	R_NO_AGREEMENT,       /* agreement_in_force: none at all */
	R_AGREEMENT_EXPIRED,  /* agreement_in_force: the last one ended on `date` */
	R_AGREEMENT_UNSIGNED, /* agreement_in_force: one exists but is not signed */
	R_AGREEMENT_EXPIRING, /* agreement_expiring: ends on `date` */
	R_NO_BACKGROUND_CHECK,
	R_NOTICE_OVERDUE,     /* notice_deadline: not rectified by `date` */
	R_NOT_REPORTED,       /* incident_report: not reported, due at `date` */
	R_REPORTED_LATE,      /* incident_report: reported after the limit (due `date`) */
	R_REPEAT_INCIDENT,    /* incident_repeat: after incident `other_incident` */
	R_REPEAT_NOTICE,      /* incident_repeat: after notice `notice` */
	R_OUTAGE,             /* incident_outage */
	R_SUMMARY_MISSING,    /* incident_summary: due `date` */
	R_OBLIGATION_OVERDUE, /* obligation_overdue: `obligation` for `period`, due `date` */
	R_NOTICE_RECTIFIED_LATE, /* notice_deadline: rectified after `date` */
	R_FEEDBACK_MISSING,   /* notice_feedback: rectified, no feedback to the issuer by `date` */
	R_FEEDBACK_LATE,      /* notice_feedback: feedback given after `date` */
	R_HANDOVER_MISSING,   /* handover: left `post` on `date`, no handover recorded */
	R_HANDOVER_OPEN,      /* handover: `handover` (left on `date`) not completed */
	R_HANDOVER_INCOMPLETE, /* handover: `handover` completed without an item the rule requires */
	R_VULN_OPEN,          /* vulnerability_fix: `vulnerability` not fixed by `date` */
	R_VULN_UNVERIFIED,    /* vulnerability_fix: fixed, the fix not verified by `date` */
	R_PLAN_MISSING,       /* emergency_plan: no approved plan in force */
	R_PLAN_REVIEW_DUE,    /* emergency_plan: `plan` last approved or reviewed on `date`, due again since `since` */
	R_RETENTION_SHORT,    /* log_retention: `log_source` kept fewer days than its kind requires */
	R_RETENTION_UNKNOWN,  /* log_retention: `log_source`'s retention not recorded */
	R_TRAINING_HOURS,     /* training_hours: `count` 学时 in the year ending on `date` (the check's day), fewer than required */
	R_NO_CERTIFICATE,     /* training_certificate: no training certificate recorded */
	R_PROJECT_BUDGET,     /* project_security: `project`'s security budget is below the share */
	R_PROJECT_SYNC,       /* project_security: `project` lacks the 三同步 of `count` (bits: planned, built, implemented) */
	R_RECT_OVERDUE,       /* rectification_overdue: `rectification` not rectified by `date` */
};

/* The last day to rectify a notice (and report back) under a notice rule: the notice's own
 * 整改期限 when it has one, else `workdays` working days after receipt (the day of receipt not
 * counted). */
zdate notice_deadline(const struct rule *r, const struct cal *cal, const struct notice *n, bool *complete);
/* The last day to rectify an assigned finding: its own due_on when it has one, else `workdays`
 * working days after it was assigned (that day not counted). */
zdate rectification_deadline(const struct rule *r, const struct cal *cal, const struct rectification *x);

struct finding {
	const struct rule *rule;    /* the policy's rule */
	const struct rule *applied; /* the version of it that judged (rule_at): its params and citations */
	zdate as_of;                /* the day of the check: the citations shown are those in force on it */
	zidx org;
	int8_t subject_kind;
	int8_t reason;
	int8_t post;       /* the post concerned, or -1 */
	int8_t other_post; /* the conflicting post, or -1 */
	int8_t seat;       /* the empty seat, or -1 */
	zidx subject;      /* index into the array of subject_kind (the org for SUBJ_ORG) */
	zidx person;       /* the person concerned where the subject is not a person, or -1 */
	zidx dept;         /* the department concerned, or -1 */
	zidx agreement;    /* the agreement concerned, or -1 */
	zidx incident;     /* the incident concerned, or -1 */
	zidx other_incident; /* the earlier incident (R_REPEAT_INCIDENT), or -1 */
	zidx notice;       /* the notice concerned, or -1 */
	zidx handover;     /* the handover concerned, or -1 */
	zidx vulnerability; /* the vulnerability concerned, or -1 */
	zidx plan;         /* the emergency plan concerned, or -1 */
	zidx log_source;   /* the log source concerned, or -1 */
	zidx project;      /* the IT project concerned, or -1 */
	zidx rectification; /* the rectification (整改) concerned, or -1 */
	const struct obligation_def *obligation; /* the duty overdue, or NULL */
	char period[RECUR_LABEL_MAX];            /* its period label, or "" */
	int count;         /* holders found (R_TOO_FEW) */
	zdate since;       /* first day of the unbroken run ending on as_of; ZDATE_MIN = as far back as the records go */
	zdate date;        /* a date the message names (expiry, last assessment), or ZDATE_NONE */
};

struct findings {
	struct finding *v;
	size_t n, cap;
};

/* Scratch space reused across units, so checking many units allocates little. */
struct engine;
struct engine *engine_new(void);
void engine_free(struct engine *en);

/* The working-day calendar for deadlines in working days (NULL: Monday to Friday). */
void engine_set_calendar(struct engine *en, const struct cal *cal);

/* An incident's grade: the recorded one, raised where the national thresholds derive a higher
 * one from its counts (国家网络安全事件报告管理办法, 2025); *why (nullable) says which. */
int incident_grade(const struct facts *f, const struct incident *x, const char **why);

/* What an incident_report rule (the version in force when the incident occurred) asks of an
 * incident of unit org: whether it applies at all (its grade reaches min_grade), the limit in
 * hours (by the unit's operator type) and the instant the report is due. */
struct report_limit {
	const struct rule *rule; /* the version applied; NULL: the rule does not apply */
	int hours;
	struct ztime due;
};
void incident_report_limit(const struct rule *r, const struct facts *f, zidx xi, struct report_limit *out);

/* Whether incident xi is a case of the incident_outage rule r (the version in force when it
 * occurred): 004 八(二), an important system attacked, not handled in time, down long enough. */
bool incident_outage_holds(const struct rule *r, const struct facts *f, zidx xi);

/* The checklist items handover rule r requires that h lacks on day d (bit per enum handover_item). */
unsigned handover_missing(const struct rule *r, const struct handover *h, zdate d);

/* The last day to fix vulnerability v under vulnerability_fix rule r: its own due_on, else found_on
 * plus the rule's days for its severity; ZDATE_NONE when neither gives one. */
zdate vulnerability_deadline(const struct rule *r, const struct vulnerability *v);

/* The day occurrence oc of duty o, owed by department dept (ZIDX_NONE: by unit org), was done,
 * ZDATE_MAX when it was not: its record's done_on, or under "done_by": "training_department" the
 * day of the first department-level training session dept held in the period, whichever is
 * earlier. *record gets the record (ZIDX_NONE when none). */
zdate obligation_done_on(const struct facts *f, zidx org, const struct obligation_def *o,
			 const struct recur_occurrence *oc, zidx dept, zidx *record);

/* The 学时 person p attended in training sessions of unit org held in the year ending on day x
 * ([x - 364, x]), as training_hours rules count them. */
int engine_training_hours(const struct facts *f, zidx org, zidx p, zdate x);

/* Appends to out the findings of unit `org` as of `as_of` under policy p. f must be indexed
 * (facts_index). Returns 0 or ZE_NOMEM. */
int engine_check(struct engine *en, const struct policy *p, const struct facts *f, zidx org,
		 zdate as_of, struct findings *out);

/* The days to check unit org on so that every finding of p held on some day of [from, to] is
 * seen on its run's last day within it (the run's start is its `since`): `to`, and the day
 * before each day on which a fact of the unit starts or ends, a rule or version takes or
 * leaves force, or a breach leaves a rule's lookback or a duty's. Findings change only on
 * those days. *days (sorted, distinct, owned by the caller) gets *n days. Returns 0,
 * ZE_NOMEM, or ZE_LIMIT when the unit's facts give more than a million days. */
int engine_check_days(struct engine *en, const struct policy *p, const struct facts *f, zidx org, zdate from, zdate to,
		      zdate **days, size_t *n);

void findings_release(struct findings *fs);
/* A new finding at the end of fs (grown as needed), for the caller to fill; NULL when out of
 * memory. */
struct finding *findings_add(struct findings *fs);
/* Sorts by unit, severity, rule order, then subject. */
void findings_sort(struct findings *fs, const struct facts *f);

/* The finding as one sentence, in "zh" or "en". */
void finding_message(const struct facts *f, const struct finding *fd, const char *lang, struct strbuf *out);
/* The subject's id and display name. */
const char *finding_subject_id(const struct facts *f, const struct finding *fd);
const char *finding_subject_name(const struct facts *f, const struct finding *fd);
/* A finding's key without its rule ("kind:id", then "/what:id" for the record it is about):
 * the same finding on another day has the same key. Truncated to n bytes. */
void finding_subject_key(const struct facts *f, const struct finding *fd, char *buf, size_t n);
#define FINDING_KEY_MAX 512

#endif
