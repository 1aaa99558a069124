/* Evaluation rounds (考核): one unit's evaluation of one year, as a sequence of changes.
 *
 *   open      the office opens the year: the sheets are scored automatically from the record
 *             as of the year's last day (or a chosen day) — state scoring
 *   assign    the office assigns manual indicators to scorer accounts (on every sheet or on
 *             some departments') — scoring
 *   score     scorers enter the manual items assigned to them (score, comment, evidence files)
 *             — scoring; the office scores any item, and adjusts one when it answers an
 *             objection — review
 *   release   the office shows the sheets to the departments; each may object within the
 *             policy's objection_workdays working days — review
 *   object    a department objects to its own sheet with a reason — review, before the deadline
 *   resolve   the office answers an objection (after adjusting items where it agrees) — review
 *   publish   the leader confirms: no objection left open, every manual item scored; the round
 *             is frozen and the `evaluation.annual` duty of the year is recorded with the
 *             result sheet as its evidence — published
 *
 * A published round never changes (the store refuses it); opening the year again makes a new
 * version, with a reason, scored from the facts as they are then. Every step is one change:
 * written and audited in one transaction, a refusal recorded. */
#ifndef ZEREN_CORE_ROUNDS_H
#define ZEREN_CORE_ROUNDS_H

#include <jansson.h>

#include "core/change.h"
#include "core/policies.h"
#include "store/store.h"

#define ROUND_TEXT_MAX 2000 /* bytes of a reason, comment or answer */

/* Opens a round of unit org for year with the record as of as_of (ZDATE_NONE: the year's
 * last day). reason is required when the year has a published round (a re-evaluation). A round
 * of the year that is not published yet is continued, not opened again (ZE_CONFLICT). */
int round_open(struct store *s, const struct policy_set *ps, struct change *c, const char *org, int year,
	       zdate as_of, const char *reason, int64_t *id, struct zerr *e);
/* The round: its id (0 with org and year: the year's latest version), as JSON (a new
 * reference: {id, org, year, version, state, …, result}). ZE_NOTFOUND when there is none. */
int round_get(struct store *s, int64_t id, const char *org, int year, json_t **out, struct zerr *e);
/* The rounds of org (every year and version, without their sheets' items). */
int round_list(struct store *s, const char *org, json_t **out, struct zerr *e);

/* Enters a manual item (or the office's adjustment). assigned_only: the actor may score only
 * what the round assigns to them (ZE_DENIED otherwise); the office scores anything. */
int round_score(struct store *s, const struct policy_set *ps, struct change *c, int64_t id, const char *kind,
		const char *subject, const char *indicator, double score, const char *comment, json_t *evidence,
		bool assigned_only, struct zerr *e);
/* The office assigns manual indicators to a scorer (an active business account of the unit),
 * on every sheet or, with departments, on those departments' sheets only; it replaces
 * the scorer's earlier assignment (no indicators withdraws it). Kept in the round as
 * assignments: [{scorer, indicators, departments}]; while the round is scoring. */
int round_assign(struct store *s, const struct policy_set *ps, struct change *c, int64_t id, const char *scorer,
		 json_t *indicators, json_t *departments, struct zerr *e);
/* Is item (kind, subject, indicator) of the round assigned to scorer? */
bool round_assigned(json_t *round, const char *scorer, const char *kind, const char *subject, const char *indicator);
int round_release(struct store *s, const struct policy_set *ps, struct change *c, int64_t id, zdate today,
		  struct zerr *e);
int round_object(struct store *s, struct change *c, int64_t id, const char *dept, const char *reason, zdate today,
		 struct zerr *e);
int round_resolve(struct store *s, struct change *c, int64_t id, const char *dept, const char *answer,
		  struct zerr *e);
/* data_dir: where the result sheet is kept as the duty's evidence. */
int round_publish(struct store *s, const struct policy_set *ps, struct change *c, const char *data_dir, int64_t id,
		  zdate today, struct zerr *e);

#endif
