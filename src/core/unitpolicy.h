/* A unit's own policy, versioned (issue 12, DESIGN.md §6): each version is a zeren-policy/v1
 * document that extends a shipped profile. The office drafts it; it takes force on a date once a
 * second account approves it (four eyes), and is never changed after — a newer version replaces
 * it. A check as of D follows the version in force on D; a unit without one follows its shipped
 * profile exactly as before. Every write goes through the change service (audited, generation
 * bumped, one transaction) and a refusal is recorded. */
#ifndef ZEREN_CORE_UNITPOLICY_H
#define ZEREN_CORE_UNITPOLICY_H

#include <jansson.h>
#include <stdint.h>

#include "core/change.h"
#include "core/policies.h"
#include "store/store.h"

#define UNIT_POLICY_MAX_BYTES (1u << 20) /* one version's document */
#define UNIT_POLICY_REASON_MAX 2000      /* bytes of a reason or a decision's note */

/* A set over shipped with the approved versions of unit org (NULL: of all units). */
int unit_policies_load(struct store *s, const struct policy_set *shipped, const char *org, struct policy_set **out,
		       struct zerr *e);

/* Adds the approved versions of unit org (NULL: of all units) to ps. */
int unit_policies_add(struct store *s, struct policy_set *ps, const char *org, struct zerr *e);

/* The versions of unit org (NULL: all), oldest first, without their documents:
 * [{org, version, status, reason, drafted_by, drafted_at, in_force_from, decided_by,
 *   decided_at, decision_note, in_force}] — in_force: the version followed on `today`. */
int unit_policy_list(struct store *s, const char *org, zdate today, json_t **out, struct zerr *e);
/* One version as in the list, with its "document" (parsed JSON); ZE_NOTFOUND when none. */
int unit_policy_get(struct store *s, const char *org, int64_t version, zdate today, json_t **out, struct zerr *e);
/* The document (text, malloc'ed) unit org follows on day d: its version in force (*version its
 * number) or, with *version 0, its shipped profile's file. */
int unit_policy_document(struct store *s, const struct policy_set *shipped, const char *org, zdate d,
			 char **text, int64_t *version, struct zerr *e);

/* Whether text is a version unit org could draft: at most UNIT_POLICY_MAX_BYTES, and it loads
 * over the shipped profile it extends as the engine will load it (errors name the JSON path). */
int unit_policy_check(const struct policy_set *shipped, const char *org, const char *text, size_t len,
		      struct zerr *e);

/* The office drafts a version of unit c->unit (the next number, *version) with reason
 * c->reason; text must load over the shipped profile it extends. */
int unit_policy_draft(struct store *s, const struct policy_set *shipped, struct change *c, const char *text,
		      size_t len, int64_t *version, struct zerr *e);
/* Rewrites a draft (ZE_CONFLICT once decided). */
int unit_policy_edit(struct store *s, const struct policy_set *shipped, struct change *c, int64_t version,
		     const char *text, size_t len, struct zerr *e);
/* Who approves a unit's versions, its setting "policy.approvers" (migration 018): any of its
 * leaders (the default), or only the leaders who hold the 组长 or 副组长 seat of its
 * 网络安全领导小组 on the day they approve. Approving is a leader's act either way (the API's
 * route admits the leader role alone): the office that drafts never approves. */
enum policy_approvers { APPROVERS_LEADER, APPROVERS_LEADING_GROUP, APPROVERS_COUNT };
const char *policy_approvers_id(int a);
int unit_policy_approvers(struct store *s, const char *org, int *out, struct zerr *e);
/* Sets unit c->unit's approvers (the security administrator's: who may put rules in force is a
 * grant of authority, not the drafter's nor the approver's to choose). c->reason is required. */
int unit_policy_set_approvers(struct store *s, struct change *c, int approvers, struct zerr *e);

/* The account that approves: its person and roles (ROLE_BIT set), for the unit's setting. */
struct approver {
	const char *person; /* NULL or "": none linked */
	unsigned roles;
};
/* A second account approves a draft, in force from `from` (not before a version already
 * approved takes force): refused (ZE_DENIED) when c->actor drafted it. c->reason is the note.
 * This is the command line's (its operator is trusted with the store, as for every other write
 * of the CLI, and held to four eyes only); an account approves with unit_policy_approve_by. */
int unit_policy_approve(struct store *s, const struct policy_set *shipped, struct change *c, int64_t version,
			zdate from, struct zerr *e);
/* The same, refused (ZE_DENIED) too when `who` is not among the unit's approvers today. */
int unit_policy_approve_by(struct store *s, const struct policy_set *shipped, struct change *c, int64_t version,
			   zdate from, const struct approver *who, struct zerr *e);
/* Rejects a draft; c->reason says why. */
int unit_policy_reject(struct store *s, struct change *c, int64_t version, struct zerr *e);

/* The accountability clauses a policy document (text) follows: {"clauses": [{case, citations}]
 * or null, "from": the id of the document that gives them — its own, or the shipped profile's
 * when it has none}. */
json_t *unit_policy_accountability(const char *text);

/* How two policy documents differ, rule by rule and duty by duty, each taken with the shipped
 * profile it extends: {rules: {added: [rule], removed: [rule], changed: [{id, from, to}]},
 * obligations: {…the same}}. */
int unit_policy_diff(const char *from_text, const char *to_text, json_t **out, struct zerr *e);

#endif
