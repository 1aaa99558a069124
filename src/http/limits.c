/* Request budgets and aggregated refusals: small fixed hash tables under a mutex. */
#include "http/limits.h"

#include <stdio.h>
#include <string.h>

static uint32_t hash(const char *a, const char *b)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *a; a++)
		h = (h ^ (unsigned char)*a) * 16777619u;
	for (; b && *b; b++)
		h = (h ^ (unsigned char)*b) * 16777619u;
	return h;
}

#define PROBES 8

void budget_init(struct budget *b, unsigned limit, unsigned window)
{
	memset(b, 0, sizeof *b);
	pthread_mutex_init(&b->mu, NULL);
	b->limit = limit;
	b->window = window ? window : 1;
}

unsigned budget_retry_after(struct budget *b, const char *source, time_t now)
{
	uint32_t h = hash(source, NULL);
	unsigned wait = 1;
	pthread_mutex_lock(&b->mu);
	for (size_t i = 0; i < PROBES; i++) {
		size_t k = (h + i) % BUDGET_SLOTS;
		if (strcmp(b->slot[k].source, source) == 0) {
			int64_t left = b->slot[k].window + b->window - (int64_t)now;
			wait = left > 1 ? (unsigned)left : 1;
			break;
		}
	}
	pthread_mutex_unlock(&b->mu);
	return wait;
}

void budget_destroy(struct budget *b)
{
	pthread_mutex_destroy(&b->mu);
}

bool budget_take(struct budget *b, const char *source, time_t now)
{
	if (!b->limit)
		return true;
	uint32_t h = hash(source, NULL);
	size_t victim = h % BUDGET_SLOTS, i;
	bool ok = true;
	pthread_mutex_lock(&b->mu);
	for (i = 0; i < PROBES; i++) {
		size_t k = (h + i) % BUDGET_SLOTS;
		if (strcmp(b->slot[k].source, source) == 0)
			break;
		if (b->slot[k].window < b->slot[victim].window)
			victim = k;
	}
	size_t k = i < PROBES ? (h + i) % BUDGET_SLOTS : victim;
	if (i == PROBES) { /* a new source takes the slot seen least recently */
		snprintf(b->slot[k].source, sizeof b->slot[k].source, "%s", source);
		b->slot[k].window = 0;
	}
	if ((int64_t)now - b->slot[k].window >= b->window || (int64_t)now < b->slot[k].window) {
		b->slot[k].window = (int64_t)now; /* a window starts with the source's first request */
		b->slot[k].used = 0;
	}
	if (b->slot[k].used >= b->limit)
		ok = false;
	else
		b->slot[k].used++;
	pthread_mutex_unlock(&b->mu);
	return ok;
}

void refusals_init(struct refusals *a, unsigned interval)
{
	memset(a, 0, sizeof *a);
	pthread_mutex_init(&a->mu, NULL);
	a->interval = interval ? interval : 60;
}

void refusals_destroy(struct refusals *a)
{
	pthread_mutex_destroy(&a->mu);
}

bool refusals_note(struct refusals *a, const char *source, const char *reason, int status, time_t now)
{
	bool first = false;
	pthread_mutex_lock(&a->mu);
	/* When the probed slots are all taken by live pairs, the refusal is counted under source
	 * "*" (still one record per reason and interval). */
	for (int pass = 0; pass < 2; pass++, source = "*") {
		uint32_t h = hash(source, reason);
		size_t i, k = 0, free_slot = REFUSAL_SLOTS;
		for (i = 0; i < PROBES; i++) {
			k = (h + i) % REFUSAL_SLOTS;
			if (a->slot[k].used && strcmp(a->slot[k].r.source, source) == 0 &&
			    strcmp(a->slot[k].r.reason, reason) == 0 && (int64_t)now < a->slot[k].r.to)
				break;
			if (!a->slot[k].used && free_slot == REFUSAL_SLOTS)
				free_slot = k;
		}
		if (i == PROBES) {
			if (free_slot == REFUSAL_SLOTS)
				continue;
			k = free_slot;
			memset(&a->slot[k], 0, sizeof a->slot[k]);
			a->slot[k].used = true;
			snprintf(a->slot[k].r.source, sizeof a->slot[k].r.source, "%s", source);
			snprintf(a->slot[k].r.reason, sizeof a->slot[k].r.reason, "%s", reason);
			a->slot[k].r.status = status;
			a->slot[k].r.from = (int64_t)now;
			a->slot[k].r.to = (int64_t)now + a->interval;
			first = true;
		}
		a->slot[k].r.count++;
		break;
	}
	/* Neither fitted: counted nowhere until slots free up at the next sweep; the request
	 * budget (budget_take) bounds how much can arrive meanwhile. */
	pthread_mutex_unlock(&a->mu);
	return first;
}

size_t refusals_due(struct refusals *a, time_t now, bool flush, struct refusal *out, size_t max)
{
	size_t n = 0;
	pthread_mutex_lock(&a->mu);
	if (!flush && (int64_t)now < a->next_sweep) {
		pthread_mutex_unlock(&a->mu);
		return 0;
	}
	for (size_t k = 0; k < REFUSAL_SLOTS && n < max; k++) {
		if (!a->slot[k].used || (!flush && (int64_t)now < a->slot[k].r.to))
			continue;
		if (a->slot[k].r.count > 1) {
			out[n] = a->slot[k].r;
			out[n].count--; /* the first was recorded at once */
			out[n].to = flush && (int64_t)now < out[n].to ? (int64_t)now : out[n].to;
			n++;
		}
		a->slot[k].used = false;
	}
	if (n < max) /* everything due was taken: nothing to look at before a second has passed */
		a->next_sweep = (int64_t)now + 1;
	pthread_mutex_unlock(&a->mu);
	return n;
}
