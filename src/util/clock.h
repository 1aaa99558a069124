/* The program's one clock. Everything that needs "now" — today's date for a check, a session's
 * age, an audit record's time, a feed's stamp — asks here, so there is one place where time comes
 * in. Tests never move it from inside: they pass explicit dates, or run the whole process at
 * another time under libfaketime (the suite does, at two far dates). */
#ifndef ZEREN_UTIL_CLOCK_H
#define ZEREN_UTIL_CLOCK_H

#include <time.h>

/* Seconds since the epoch (UTC), from the system's real-time clock. */
time_t clock_now(void);

#endif
