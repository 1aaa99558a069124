/* Shared between the engine's files; not for callers outside src/rules. */
#ifndef ZEREN_RULES_INTERNAL_H
#define ZEREN_RULES_INTERNAL_H

#include "rules/engine.h"

/* Appends a finding with every detail unset; NULL when out of memory. */
struct finding *engine_emit(struct findings *out, const struct rule *r, zidx org, int subject_kind, zidx subject,
			    int reason, zdate since);

/* Occurrences of an obligation due in a window, computed once per engine and reused for every
 * unit (they depend only on the policy and the day). */
const struct recur_occurrence *engine_occurrences(struct engine *en, const struct obligation_def *o, zdate d,
						  int lookback_days, size_t *n);
const struct cal *engine_calendar(const struct engine *en);

/* The time-driven rules (events.c). */
int check_notices(const struct rule *r, const struct cal *cal, const struct facts *f, zidx org, zdate d,
		  struct findings *out);
int check_obligations(struct engine *en, const struct rule *r, const struct policy *p, const struct facts *f,
		      zidx org, zdate d, struct findings *out);
int check_incidents(const struct rule *r, const struct facts *f, zidx org, zdate d, struct findings *out);

#endif
