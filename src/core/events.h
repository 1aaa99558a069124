/* Incidents and notices on their deadlines: when an incident's report and its summary are
 * due (and whether they are late), when a notice must be rectified (004 五: within 3 working
 * days of receipt) and how many working days are left. The CLI listings and the API render
 * from these, with the same limits as the engine's time-driven rules. */
#ifndef ZEREN_CORE_EVENTS_H
#define ZEREN_CORE_EVENTS_H

#include <jansson.h>
#include <stdbool.h>

#include "cal/cal.h"
#include "model/model.h"
#include "rules/policy.h"

/* Working days to rectify a notice received on `received_on` under policy p: its
 * notice_deadline rule's as in force that day (rule_at), else 3. */
int notice_workdays(const struct policy *p, zdate received_on);

struct notice_status {
	zdate due;              /* the rectification deadline */
	bool rectified;         /* a rectification date is on record (whenever it is) */
	bool rectified_by;      /* … on or before as_of */
	int workdays_left;      /* as_of to due (negative when past); 0 once rectified */
	bool overdue;           /* not rectified by as_of and as_of is past the deadline */
	bool calendar_complete;
};
void notice_status(const struct facts *f, const struct cal *cal, zidx ni, int workdays, zdate as_of,
		   struct notice_status *out);
/* The notice as `zeren notice list --format json` writes it: the zeren/v1 record with due_on,
 * workdays_left and calendar_complete. */
json_t *notice_row_json(const struct facts *f, zidx ni, const struct notice_status *st);

/* A notice a supervisor sends down (issue 15), as unit u's own copy: id "<id>-<unit>", issuer
 * and issuer_org the sender, the systems of `systems` (ids) that are u's — each one placed is
 * set true in used (nullable) —, received_on, and rectify_by: `by` when set, else `workdays`
 * (> 0) working days after receipt in u's calendar, else none (the unit's policy's notice rule
 * then sets the deadline). f holds unit u; doc_no may be NULL. NULL when out of memory. */
struct notice_sent {
	const char *id, *doc_no, *title;
	const char *issuer, *issuer_org; /* the sender's name and unit */
	json_t *systems;                 /* ids, borrowed */
	zdate received, by;
	int workdays;
};
json_t *notice_sent_copy(const struct facts *f, const struct cal *cal, zidx u, const struct notice_sent *n,
			 json_t *used);

/* Whether person p answers on day `on` for rectifying notice ni: the administrators and
 * 系统负责人 of a system it names, and the unit's security administrators and director. */
bool notice_person_rectifies(const struct facts *f, zidx u, zidx p, zidx ni, zdate on);

struct incident_deadlines {
	bool report_rule;        /* the policy has an incident_report rule (the fields below) */
	int report_hours;        /* the limit that applies to this incident */
	struct ztime report_due; /* detection (or occurrence) + report_hours */
	bool report_late;        /* reported after report_due */
	bool report_overdue;     /* not reported as of as_of, and as_of is on or past the due day */
	bool summary_rule;       /* the policy's incident_summary rule applies (resolved, graded high enough) */
	zdate summary_due;
	bool summary_overdue;    /* no summary by as_of, and as_of is past summary_due */
};
void incident_deadlines(const struct policy *p, const struct facts *f, zidx xi, zdate as_of,
			struct incident_deadlines *out);
/* The incident as `zeren incident list --format json` writes it: the zeren/v1 record with
 * grade_effective and grade_reason. */
json_t *incident_row_json(const struct facts *f, zidx xi);
/* Adds the deadlines to an incident's JSON: status (open|resolved), report_due_at,
 * report_late, report_overdue, summary_due_on, summary_overdue (nulls where no rule applies). */
void incident_deadlines_json(json_t *row, const struct facts *f, zidx xi, const struct incident_deadlines *d);

#endif
