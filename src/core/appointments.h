/* Appointments (任职) as the office makes them: each has a stable id derived from its natural
 * key, a proposed one is checked for the rules it would break before it is stored, and one is
 * ended by setting its `to`, never deleted. */
#ifndef ZEREN_CORE_APPOINTMENTS_H
#define ZEREN_CORE_APPOINTMENTS_H

#include <jansson.h>

#include "core/policies.h"
#include "rules/engine.h"
#include "store/store.h"

/* "a-" and the first 16 hex digits of the SHA-256 of appt_natural_key (store/backend.h). */
#define APPT_ID_LEN 18
void appt_id(const struct facts *f, zidx ai, char out[APPT_ID_LEN + 1]);
/* Unit org's appointment with that id (linear in the unit's appointments), or -1. f indexed. */
zidx appt_find(const struct facts *f, zidx org, const char *id);

/* The days a proposed appointment starting on `from` is checked on: its first day, and today
 * when that is later (a backdated appointment must also be right now). Returns how many. */
size_t appt_check_dates(zdate from, zdate today, zdate out[2]);

/* Appends to added the error-severity findings in `after` (about facts af) that `before`
 * (about facts bf) lacks and added does not hold yet. Findings are compared by rule, subject
 * and the ids they name, not by index, so bf and af may be different loads of the unit; their
 * counts and dates do not count. The appended findings point into af. Returns 0 or ZE_NOMEM. */
int findings_added(const struct facts *bf, const struct findings *before, const struct facts *af,
		   const struct findings *after, struct findings *added);

/* The error-severity findings that an appointment would add to unit org_id on each of the
 * dates: `before` is the unit without it, `after` with it (both indexed). before_at[i], when
 * given, are before's findings on dates[i] already computed (the server caches them); else
 * they are computed here. The findings appended to added point into after. */
int appt_added_findings(struct engine *en, const struct policy_set *ps, const struct cal *cal,
			const struct facts *before, const struct findings *const *before_at,
			const struct facts *after, const char *org_id, const zdate *dates, size_t ndates,
			struct findings *added, struct zerr *e);

/* Whether appointment ai may be ended on `to`: ZE_CONFLICT when it has ended already (its
 * `to` is on or before today; a planned end still to come may be moved), ZE_INVALID when to
 * is not after its from. */
int appt_check_end(const struct facts *f, zidx ai, zdate to, zdate today, struct zerr *e);

/* The handover that ending appointment ai on `to` opens (离岗交接, issue 19): ai holds a post
 * that policy p's handover rule in force on `to` names, its holder keeps that post in no other
 * scope on `to`, and no handover of that leaving is recorded. Returns the new zeren/v1 record
 * (id "ho-" and the appointment's hash, left_on = to; the rule says by when it is due) for the
 * caller to write with the appointment, or NULL when none is due (or out of memory). */
json_t *appt_leaving_handover(const struct policy *p, const struct facts *f, zidx ai, zdate to);

/* Withdraws appointment appt_id of unit org_id — a correction (撤销): it was recorded wrongly
 * and never held. The record goes; its withdrawal stays in the history of facts (what was
 * recorded before still shows as recorded then), and c's audit record, whose detail is c->detail
 * with the appointment withdrawn under "withdrawn", is written in the same transaction. *was
 * (when not NULL) gets the appointment as it was. ZE_NOTFOUND when the unit has no such
 * appointment. A refusal is recorded as c's. */
struct change;
int appt_withdraw(struct store *s, struct change *c, const char *org_id, const char *appt_id, json_t **was,
		  struct zerr *e);

#endif
