/* zeren migrate (issue 16): a whole store copied into another, empty one — of the same backend
 * or not — through the store interface alone, then checked. What is copied: every unit's
 * records (every zeren/v1 section) and the incidents' recorded chains, the working-day
 * calendar, accounts with their roles, sessions (a signed-in user stays signed in), the account
 * requests, the audit log as it is (same seq, same hashes, its purge anchor), the history of
 * facts (same seq, time and change), the units' policy versions and settings, documents with
 * their signatures, signing campaigns, evaluation rounds, notification channels, preferences
 * and deliveries (their keys keep a reminder from being sent twice), federation keys and the
 * reports of units below, the units' dictionaries and announcements (same ids).
 *
 * What is not: the sign-in throttle (failed attempts per name and address, forgotten within
 * minutes; an account's own lock is in its row and is copied), the reminder planner's marks
 * (leases and the store generation each day was planned at: the copy's generations are its
 * own, and the deliveries' keys already stop duplicates) and the generation counters (caches
 * are per process; the servers start afresh on the copy). */
#ifndef ZEREN_CORE_MIGRATE_H
#define ZEREN_CORE_MIGRATE_H

#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* The rows of each part of a store, as migrate_count finds them. */
enum migrate_part {
	MP_UNITS, MP_DEPTS, MP_PEOPLE, MP_RECORDS, /* MP_RECORDS: every other zeren/v1 record */
	MP_SNAPSHOTS, MP_CALENDAR, MP_ACCOUNTS, MP_ROLES, MP_SESSIONS, MP_REQUESTS, MP_AUDIT, MP_HISTORY,
	MP_POLICY_VERSIONS, MP_SETTINGS, MP_CAMPAIGNS, MP_DOCUMENTS, MP_SIGNATURES, MP_ROUNDS, MP_CHANNELS,
	MP_PREFS, MP_DELIVERIES, MP_FED_KEYS, MP_REPORTED, MP_DICTIONARY, MP_ANNOUNCEMENTS, MP_COUNT
};
extern const char *const migrate_part_names[MP_COUNT];

struct migrate_counts {
	int64_t n[MP_COUNT];
	uint64_t history; /* a digest of every history version: seq, time, change, unit, kind, key, record */
};

/* Counts the rows of each part of store s (and digests its history of facts). */
int migrate_count(struct store *s, struct migrate_counts *c, struct zerr *e);
/* Copies store from into store to, in one transaction of to: all or nothing. ZE_CONFLICT when to
 * holds anything already (a unit, an account, an audit record or a policy version) or its schema
 * differs from from's. */
int migrate_copy(struct store *from, struct store *to, struct zerr *e);
/* Checks the copy: the zeren/v1 exports of both stores byte for byte, the copy's audit chain
 * (audit_verify) ending in the same record and hash as the original's, the history of facts (every
 * version's seq, time and change) and the rows of each part (*a from's, *b to's). ZE_CONFLICT naming the first difference. */
int migrate_verify(struct store *from, struct store *to, struct migrate_counts *a, struct migrate_counts *b,
		   struct zerr *e);

#endif
