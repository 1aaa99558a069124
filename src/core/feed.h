/* The deadlines a unit (or one person) answers for, as calendar events to subscribe to: duty
 * occurrences not yet recorded, notice rectification deadlines, agreement expiries. `zeren
 * calendar ics` and the API's ICS feeds write them with doc/ics. */
#ifndef ZEREN_CORE_FEED_H
#define ZEREN_CORE_FEED_H

#include "cal/cal.h"
#include "doc/ics.h"
#include "model/model.h"
#include "rules/policy.h"
#include "util/arena.h"

#define FEED_AHEAD_DAYS 400 /* a year and a bit of deadlines ahead */
#define FEED_MAX_EVENTS 100000

struct feed {
	struct ics_event *v;
	size_t n, cap;
	struct arena text; /* uids, summaries */
};
void feed_release(struct feed *fd);

/* Appends unit u's deadlines as of today under policy p; person >= 0 keeps only those that
 * person answers for. UIDs name the thing, so a subscribed calendar updates in place. */
int feed_add_unit(struct feed *fd, const struct facts *f, const struct cal *cal, const struct policy *p, zidx u,
		  zidx person, zdate today, struct zerr *e);

#endif
