/* Working-day answers as JSON (民法典 第201条, 第203条), as `zeren workday … --format json`
 * writes them and the API serves them. Each says calendar_complete false when a year it
 * touched has no official arrangement (it was counted Monday to Friday). */
#ifndef ZEREN_CORE_WORKDAY_H
#define ZEREN_CORE_WORKDAY_H

#include <jansson.h>
#include <stddef.h>

#include "cal/cal.h"
#include "util/err.h"

/* {date, kind: work|off, holiday, holiday_zh, calendar_complete} */
json_t *workday_is_json(const struct cal *c, zdate d, bool *complete);
/* {from, workdays, date, calendar_complete}; NULL with ZE_INVALID in e when the result leaves
 * the supported range (or ZE_NOMEM). */
json_t *workday_add_json(const struct cal *c, zdate d, int n, bool *complete, zdate *result, struct zerr *e);
/* {from, to, workdays, calendar_complete} */
json_t *workday_between_json(const struct cal *c, zdate from, zdate to, bool *complete);
/* {first, last, rows} (first and last null when the calendar is empty); with list, also
 * "years": every known year in order. */
json_t *calendar_years_json(const struct cal *c, bool list);
/* The warning for a computation over a..b that touched an unknown year. */
void workday_warning(zdate a, zdate b, char *buf, size_t len);

#endif
