/* The policies a unit may follow: the shipped profiles, with `extends` resolved. */
#ifndef ZEREN_CORE_POLICIES_H
#define ZEREN_CORE_POLICIES_H

#include "rules/policy.h"

struct policy_set;

int policies_load(struct policy_set **out, struct zerr *e);
/* NULL when no policy has that id. */
const struct policy *policies_get(const struct policy_set *ps, const char *id);
size_t policies_count(const struct policy_set *ps);
const struct policy *policies_at(const struct policy_set *ps, size_t i);
void policies_free(struct policy_set *ps);
/* A policy document from outside the shipped set (a draft, a unit's own file), resolved against
 * the shipped base it extends. *parsed must outlive *resolved; free both with policy_free
 * (*resolved may be *parsed). */
int policies_parse_with(const struct policy_set *ps, const char *text, size_t len, const char *source,
			struct policy **parsed, struct policy **resolved, struct zerr *e);

#endif
