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


/* A unit's own policy (issue 12): a zeren-policy/v1 document that extends a shipped profile
 * (resolved, so over strict-fulltime too) and replaces or adds rules and duties. Same contract
 * as policies_parse_with. */
int policies_parse_unit(const struct policy_set *ps, const char *text, size_t len, const char *source,
			struct policy **parsed, struct policy **resolved, struct zerr *e);
/* A set that borrows shipped's profiles (shipped must outlive it) and to which units' approved
 * versions are added. */
int policies_over(const struct policy_set *shipped, struct policy_set **out, struct zerr *e);
/* Adds unit org's approved version, in force from `from` until a later one takes over. Its
 * rules about events judge an event of an earlier day as the unit's policy of that day did
 * (policy_follow; before its first version, the profile that version extends). Errors name
 * the unit and version. */
int policies_add_unit(struct policy_set *ps, const char *org, int64_t version, zdate from, const char *text,
		      size_t len, struct zerr *e);
/* The policy unit org follows on day d: its approved version with the latest start on or
 * before d (the higher number on a tie), else its shipped profile (NULL: "default"); NULL when
 * that does not exist. *version (nullable) is the version's number, 0 for the profile. */
const struct policy *policies_for_unit(const struct policy_set *ps, const char *org, const char *profile, zdate d,
				       int64_t *version);
/* Unit org's approved version number `version` (resolved over its profile), NULL when the set
 * holds no such version. */
const struct policy *policies_unit_version(const struct policy_set *ps, const char *org, int64_t version);
/* The duty `id` of unit org's profile or, failing that, of its newest version that has one
 * (records of a duty a unit's version added stay valid after a later version drops it). */
const struct obligation_def *policies_unit_obligation(const struct policy_set *ps, const char *org, const char *profile,
						      const char *id);

#endif
