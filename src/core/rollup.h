/* A unit's tally for the supervisor's roll-up (issue 15): its open findings as of a date,
 * weighted by severity, and the counts a supervisor asks about first. Both the roll-up of the
 * units hosted here (api/supervision.c) and the report a federated unit sends up
 * (core/federation.h) count with this one definition. */
#ifndef ZEREN_CORE_ROLLUP_H
#define ZEREN_CORE_ROLLUP_H

#include <jansson.h>
#include <stdbool.h>

#include "rules/engine.h"
#include "util/date.h"

#define ROLLUP_MONTHS 12 /* the trend's months */

/* How much an open finding weighs in the ranking, by severity (error, warning, info): an error
 * outweighs a handful of warnings, and a unit with only notes ranks below any with a fault. */
extern const int rollup_weight[SEV_COUNT];

struct tally {
	size_t sev[SEV_COUNT];
	long score;
	size_t notices_overdue, reports_late, agreements_missing;
	bool no_first, no_direct;
};

/* Counts fs into t (cleared first); by_rule (nullable) gains each finding's rule id → count. */
void tally_findings(const struct findings *fs, struct tally *t, json_t *by_rule);
/* {score, counts: {error, warning, info}, notices_overdue, incident_reports_late,
 *  agreements_missing, responsible_missing: [post ids]} */
json_t *tally_json(const struct tally *t);
/* The reverse, for a tally a unit reported (a missing or wrong field counts 0); the score is
 * computed again with rollup_weight from the counts. */
void tally_from_json(json_t *j, struct tally *t);

/* The trend's sums of one month: the score and counts of every unit with a point in it, and how
 * many of those are federated units' reports (core/federation.h, fed_trend_rows). */
struct trend_month {
	long score;
	size_t sev[SEV_COUNT], reported;
};

/* The ranking's order: the higher score first, then more errors; 0 when they tie (the caller
 * breaks it). */
int tally_cmp(const struct tally *a, const struct tally *b);
/* The trend's days: the last day of each of the ROLLUP_MONTHS months up to as_of, the last one
 * as_of itself. */
void rollup_month_ends(zdate as_of, zdate days[ROLLUP_MONTHS]);

#endif
