/* The working-day calendar kept in the store: seeded from the shipped official data on first
 * use, extended by an administrator when a new year's arrangement is published. */
#ifndef ZEREN_CORE_CALENDAR_H
#define ZEREN_CORE_CALENDAR_H

#include "cal/cal.h"
#include "store/store.h"

/* Loads the store's calendar into a new cal (seeding the store from the shipped data when it
 * has none yet). */
int calendar_open(struct store *s, struct cal **out, struct zerr *e);
/* Adds or replaces days from CSV text (data/calendar format) in one transaction with the
 * change's audit record (core/change.h); on any error nothing changes and the refusal is
 * recorded. *added gets the number of rows read. */
struct change;
int calendar_import_csv(struct store *s, struct change *ch, const char *text, size_t len, const char *source,
			size_t *added, struct zerr *e);

#endif
