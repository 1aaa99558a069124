/* The server's defences against one source flooding it (private to src/http): a request budget
 * per source address, and refusals of unauthenticated requests aggregated for the audit log
 * (one record per source and reason per interval, with a count) instead of one per request.
 * Both are in this process's memory, with fixed-size tables: a source that does not fit evicts
 * the one seen least recently, so memory stays bounded whatever arrives. */
#ifndef ZEREN_HTTP_LIMITS_H
#define ZEREN_HTTP_LIMITS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define LIMIT_SOURCE_MAX 46  /* INET6_ADDRSTRLEN */
#define LIMIT_REASON_MAX 48
#define BUDGET_SLOTS 4096    /* sources tracked for the request budget */
#define REFUSAL_SLOTS 1024   /* (source, reason) pairs aggregated per interval */

struct budget {
	pthread_mutex_t mu;
	unsigned limit;  /* per window; 0: no budget */
	unsigned window; /* seconds */
	struct {
		char source[LIMIT_SOURCE_MAX];
		int64_t window; /* when the source's current window began */
		unsigned used;
	} slot[BUDGET_SLOTS];
};

/* Initializes b (in place: it is large) with limit requests per source in each window of
 * window seconds, a window starting with a source's first request after the last one ended. */
void budget_init(struct budget *b, unsigned limit, unsigned window);
void budget_destroy(struct budget *b);
/* Takes one request from source's budget for the window of now; false when it is spent. */
bool budget_take(struct budget *b, const char *source, time_t now);
/* Seconds until source's current window ends (at least 1). */
unsigned budget_retry_after(struct budget *b, const char *source, time_t now);

/* One aggregated record to write: count refusals of reason from source in [from, to). */
struct refusal {
	char source[LIMIT_SOURCE_MAX], reason[LIMIT_REASON_MAX];
	int status;
	int64_t from, to;
	unsigned count;
};

struct refusals {
	pthread_mutex_t mu;
	unsigned interval; /* seconds */
	int64_t next_sweep;
	struct {
		struct refusal r;
		bool used;
	} slot[REFUSAL_SLOTS];
};

void refusals_init(struct refusals *a, unsigned interval);
void refusals_destroy(struct refusals *a);
/* Counts one refusal. True when it is the first of its (source, reason) in the interval: the
 * caller records it at once (so an attack shows up without delay); the rest of the interval's
 * are counted and handed out by refusals_due. */
bool refusals_note(struct refusals *a, const char *source, const char *reason, int status, time_t now);
/* Takes up to max aggregates whose interval has ended (all when flush) and that counted more
 * than their first; returns how many were put in out. */
size_t refusals_due(struct refusals *a, time_t now, bool flush, struct refusal *out, size_t max);

#endif
