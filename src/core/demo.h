/* The demo unit as it would look on a given day. data/demo/demo.json describes 蜀南学院 as of
 * DEMO_WRITTEN_ON; loaded on another day it is moved so that the same handful of deliberate
 * violations, and nothing else, stand on that day (data/demo/README.md):
 *  - every date and time moves by the same whole number of weeks (weekdays kept), to the last
 *    such shift that does not pass the day;
 *  - each duty record moves to the occurrence of its obligation that lies as many occurrences
 *    back from the day as it lay back from DEMO_WRITTEN_ON (its lead time before the due day
 *    kept), so the same occurrences are done and the same ones missing;
 *  - notices keep their distances in working days, on the official calendar, to the day and
 *    between receipt, rectification and feedback, so a deadline across a holiday still means
 *    what it meant. */
#ifndef ZEREN_CORE_DEMO_H
#define ZEREN_CORE_DEMO_H

#include <jansson.h>

#include "cal/cal.h"
#include "util/date.h"
#include "util/err.h"

struct policy_set;

#define DEMO_WRITTEN_ON "2026-11-21"

/* The days the demo can be loaded on: its history reaches back ten years and its duties'
 * recurrences must stay inside recur.h's years. */
#define DEMO_YEAR_MIN 2000
#define DEMO_YEAR_MAX 2400
/* 0, or ZE_INVALID naming the allowed years when the demo cannot be loaded on `on`. */
int demo_check_day(zdate on, struct zerr *e);

/* The demo document (zeren/v1, parsed; the caller owns it) as loaded on `on`; on ==
 * DEMO_WRITTEN_ON gives the file as written. The obligations' recurrences come from ps, the
 * working days from cal. Returns 0 or a negative ZE_* code. */
int demo_document(zdate on, const struct cal *cal, const struct policy_set *ps, json_t **out, struct zerr *e);

/* The demo unit's own policy (data/demo/policy.json: the default policy citing the clauses of
 * data/demo/regulation.txt, the college's own rules) as a unit policy version, drafted by the
 * demo's office account and approved by its leader, in force from DEMO_POLICY_FROM moved as the
 * demo's dates are for `on`. Both steps go through the change service like any unit's. */
#define DEMO_POLICY_FROM "2024-09-01"
struct store;
int demo_own_policy(struct store *s, const struct policy_set *shipped, zdate on, struct zerr *e);

#endif
