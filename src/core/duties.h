/* Recurring duties (定期工作) of a unit: every occurrence of its policy's obligations with its
 * status as of a date, who answers for it, and the policy itself as JSON. The CLI (zeren
 * obligations, zeren calendar ics, zeren policy) and the API render from these. */
#ifndef ZEREN_CORE_DUTIES_H
#define ZEREN_CORE_DUTIES_H

#include <jansson.h>
#include <stdbool.h>

#include "cal/cal.h"
#include "model/model.h"
#include "rules/policy.h"
#include "util/err.h"

#define DUTIES_MAX 1000000      /* occurrences in one list (units with thousands of departments) */
#define DUTY_EXPAND_MAX 2048    /* occurrences of one obligation in one window */
#define DUTY_WINDOW_BACK 366    /* the usual window: occurrences due in the last year … */
#define DUTY_WINDOW_AHEAD 62    /* … and in the next two months */

enum duty_status { DUTY_DONE, DUTY_OVERDUE, DUTY_OPEN, DUTY_STATUS_COUNT };
const char *duty_status_id(int status); /* "done", "overdue", "open" */
int duty_status_from_id(const char *id); /* -1 when unknown */

/* One occurrence owed by the unit or by one of its departments. */
struct duty {
	const struct obligation_def *o;
	struct recur_occurrence oc; /* period label, bounds, due date */
	zidx dept;                  /* the owing department, or ZIDX_NONE for the unit */
	zidx record;                /* its record, or ZIDX_NONE */
	zdate done_on;              /* when it was done (obligation_done_on), ZDATE_MAX when it was not */
	int status;                 /* done when done_on is on or before as_of; overdue after the due day */
	int workdays_left;          /* working days from as_of to the due day (negative when past); 0 when done */
	bool calendar_complete;     /* false when a year on the way is missing from the calendar */
};

struct duty_list {
	struct duty *v;
	size_t n, cap;
};
void duties_release(struct duty_list *l);

/* Appends to out the occurrences of unit u's obligations under policy p that fall due in
 * [from, to], in policy order, then due date, then department, with their status as of as_of.
 * f must be indexed. Returns 0 or a negative ZE_* code (ZE_LIMIT past DUTIES_MAX or a rule
 * that yields more than DUTY_EXPAND_MAX occurrences in the window). */
int duties_list(const struct facts *f, const struct cal *cal, const struct policy *p, zidx u, zdate as_of,
		zdate from, zdate to, struct duty_list *out, struct zerr *e);

/* The obligations' occurrences expanded for one window, kept across calls of
 * duties_list_cached for many units over the same window (a round scores every unit over the
 * same year): expanding a rule is what costs. Zero-initialise; release when done. */
struct duty_cache {
	const struct policy *p;
	const struct cal *cal;
	zdate from, to;
	struct recur_occurrence **occ;
	int *n, nobligations;
};
int duties_list_cached(struct duty_cache *c, const struct facts *f, const struct cal *cal, const struct policy *p,
		       zidx u, zdate as_of, zdate from, zdate to, struct duty_list *out, struct zerr *e);
void duty_cache_release(struct duty_cache *c);

/* Whether occurrence d (from duties_list) was overdue on some day up to as_of: the status it had
 * on the day after its due day (an occurrence done late was overdue, though it is done now). */
bool duty_was_overdue(const struct facts *f, const struct duty *d, zdate as_of);

/* An occurrence as `zeren obligations --format json` writes it. With DUTY_JSON_API, as the API
 * serves it: working_days_left for workdays_left, evidence as the list of files instead of
 * their count, and the names, the record's by and notes besides. */
enum { DUTY_JSON_API = 1 };
json_t *duty_json(const struct facts *f, zidx u, const struct duty *d, unsigned flags);

/* The files kept for record ri, [{sha256, name, size}]. */
json_t *record_evidence_json(const struct facts *f, zidx ri);

/* Whether person p answers on day `on` for obligation o owed by department di (ZIDX_NONE:
 * the unit): the holders of its post, the members of its body, a department's head and
 * liaison for a departmental duty, and the security administrators and director for the
 * unit's own. */
bool duty_person_owes(const struct facts *f, zidx u, zidx p, const struct obligation_def *o, zidx di, zdate on);

/* An obligation definition: {id, title, title_en, owner_kind, owner, frequency, rrule, due,
 * evidence, citations}. */
json_t *obligation_def_json(const struct obligation_def *o);

#endif
