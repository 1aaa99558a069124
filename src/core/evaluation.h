/* The yearly evaluation (考核, 003 第三条(四)): a unit's departments, the unit itself and the
 * units it supervises scored against the indicators of its policy (the policy's "evaluation"
 * section) from the year's record, every lost point with its cause and citation. Scoring is
 * pure: facts, policies and calendar in memory, JSON out; the round (store, states, freezing)
 * is built on it. */
#ifndef ZEREN_CORE_EVALUATION_H
#define ZEREN_CORE_EVALUATION_H

#include <jansson.h>

#include "cal/cal.h"
#include "core/duties.h"
#include "core/policies.h"
#include "model/model.h"
#include "rules/engine.h"
#include "util/err.h"

#define EVAL_CAUSES_MAX 200 /* causes listed under one item (the points count them all) */

/* Scores unit u, which follows policy p, for `year` with the record as of as_of (the year's last day, or an earlier
 * chosen day inside the year). Findings count when held on any day of the year up to as_of
 * (the engine runs on the days findings can change, engine_check_days, so each counts for
 * exactly the days it held). f must be indexed. *out:
 *   {unit, unit_name, policy, year, from, to, as_of, marks_total, grades: [...],
 *    sheets: [{kind: department|unit|supervised_unit, id, name, marks, score, percent, grade,
 *              grade_name, veto, complete, rank,
 *              items: [{indicator, parent, parent_title, title, scoring, marks, score|null,
 *                       lost, causes: [{points, of, message, ref…, citations}], citations}]}]}
 * Manual items have score null until entered (eval_set_item). The units u supervises are
 * checked under their own policies from ps (NULL: p). en and dc (nullable) keep expanded duty
 * occurrences from one unit to the next when many are scored. */
int eval_score(struct engine *en, struct duty_cache *dc, const struct facts *f, const struct policy *p, const struct policy_set *ps,
	       const struct cal *cal, zidx u, int year, zdate as_of, json_t **out, struct zerr *e);

/* Sets an item of a sheet of a result (manual score, or an adjustment on an objection) and
 * recomputes that sheet's total and grade and the ranking. score must be in 0..marks. */
int eval_set_item(json_t *result, const struct evaluation_def *ev, const char *kind, const char *subject,
		  const char *indicator, double score, const char *comment, const char *by, struct zerr *e);

/* Totals, grades and ranks of every sheet of a result from its items. */
void eval_total(json_t *result, const struct evaluation_def *ev);

#endif
