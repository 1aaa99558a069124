/* 责任追究: who was responsible for a system when an incident happened (逐级倒查), from the
 * appointment history rather than today's appointments, and which clauses the incident
 * triggers. */
#ifndef ZEREN_CORE_ACCOUNTABILITY_H
#define ZEREN_CORE_ACCOUNTABILITY_H

#include <jansson.h>

#include "model/model.h"
#include "rules/policy.h"
#include "util/err.h"

#define CHAIN_MAX 64

struct responsible {
	int post;     /* the post that makes them answerable */
	zidx person;
	zidx appt;    /* the appointment in force that day */
};

/* The chain for incident xi on the day it occurred, from the system outward: its
 * administrators, its 系统负责人, the owner department's head and 网络安全员, the 直接责任人,
 * the 第一责任人. f must be indexed. Returns how many were found (at most max). */
size_t accountability_chain(const struct facts *f, zidx xi, struct responsible *out, size_t max);

/* Appends to out[n..max) the holders of post in unit org on day (only those scoped to dept or
 * system when >= 0); returns the new count. The chain is made of these, and so are the
 * reminders' escalations (core/notify.c). */
size_t accountability_holders(const struct facts *f, zidx org, int post, zidx dept, zidx system, zdate day,
			      struct responsible *out, size_t n, size_t max);

/* The chain as JSON: [{"post", "post_name", "person", "name", "from", "to"}]. */
json_t *accountability_chain_json(const struct facts *f, const struct responsible *chain, size_t n);

/* The clauses the incident triggers: [{"document", "clause", "text", "why"}]. */
json_t *accountability_clauses_json(const struct facts *f, zidx xi, const struct policy *p);

#endif
