/* Checking units against their policies: load facts, run the engine, collect findings. */
#ifndef ZEREN_CORE_CHECK_H
#define ZEREN_CORE_CHECK_H

#include "core/policies.h"
#include "rules/engine.h"
#include "store/store.h"

struct check_result {
	struct facts facts;
	struct findings findings;
	zdate as_of;
	zdate recorded_on; /* the facts as recorded at the end of that day; ZDATE_NONE: as they stand */
	size_t units; /* how many units were checked */
	size_t count[SEV_COUNT];
	struct cal *cal; /* the working-day calendar the deadlines were counted with */
	struct policy_set *policies; /* the shipped profiles with the units' own versions (findings point into them) */
};

/* Loads all units (or unit org_id) from the store and checks each against its policy as of
 * as_of. The result owns the facts the findings point into. */
int check_store(struct store *s, const struct policy_set *ps, const char *org_id, zdate as_of,
		struct check_result *out, struct zerr *e);
/* The same with the facts as the store held them at the end of day recorded_on (transaction
 * time, core/history.h; ZDATE_NONE: as they stand). */
int check_store_recorded(struct store *s, const struct policy_set *ps, const char *org_id, zdate as_of,
			 zdate recorded_on, struct check_result *out, struct zerr *e);
/* Checks already loaded, indexed facts (all units, or one when org >= 0); appends to out. */
int check_facts(const struct facts *f, const struct policy_set *ps, const struct cal *cal, zidx org,
		zdate as_of, struct findings *out, struct zerr *e);
/* The same with the caller's engine, whose scratch space and expanded duty occurrences carry
 * over from one check to the next (a server keeps one per worker). */
int check_facts_with(struct engine *en, const struct facts *f, const struct policy_set *ps, const struct cal *cal,
		     zidx org, zdate as_of, struct findings *out, struct zerr *e);
void check_result_release(struct check_result *r);

#endif
