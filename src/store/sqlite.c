/* The SQLite backend: WAL, foreign keys on, every statement prepared once with bound
 * parameters, migrations applied on open. */
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/backend.h"
#include "store/snapshot.h"
#include "store/sql.h"
#include "util/strbuf.h"

struct migration {
	int version;
	const char *name;
	const char *sql;
};
#include "migrations.h"

enum stmt_id {
	S_BEGIN, S_COMMIT, S_ROLLBACK,
	S_AUDIT_LAST, S_AUDIT_LAST_PURGE, S_AUDIT_INSERT, S_AUDIT_EACH, S_AUDIT_ANCHOR, S_AUDIT_PURGE_MARK,
	S_AUDIT_PURGE, S_AUDIT_NEWEST, S_AUDIT_OLDEST, S_AUDIT_COUNT,
	S_GEN_GET, S_AUTH_GEN_GET, S_CAL_GEN_GET, S_GEN_BUMP,
	S_ACCOUNT_ALL, S_ACCOUNT_BY_NAME, S_ACCOUNT_BY_ID, S_ACCOUNT_BY_CALENDAR, S_ACCOUNT_INSERT,
	S_ACCOUNT_UPDATE, S_ROLES_CLEAR, S_ROLE_ADD, S_PERSON_BRIEF, S_DEPT_ORG,
	S_SESSION_DELETE_ACCOUNT,
	S_REQUEST_INSERT, S_REQUEST_EACH, S_REQUEST_DECIDE, S_THROTTLE_GET, S_THROTTLE_PUT, S_THROTTLE_CLEAR,
	S_ROUND_EACH, S_ROUND_INSERT, S_ROUND_UPDATE,
	S_PV_INSERT, S_PV_EACH, S_PV_UPDATE, S_PV_DECIDE,
	S_DOC_PUT, S_DOC_STATUS, S_DOC_BY_NUMBER, S_DOC_BY_SHA256, S_DOC_BY_CAMPAIGN, S_DOC_BY_ORG,
	S_SIG_INSERT, S_SIG_EACH, S_CAMPAIGN_INSERT, S_CAMPAIGN_CLOSE, S_CAMPAIGN_EACH,
	S_NOTIFY_ADD, S_NOTIFY_CLAIM, S_NOTIFY_FINISH, S_NOTIFY_COUNT, S_NOTIFY_QUERY, S_NOTIFY_READ,
	S_NOTIFY_CHANNEL_EACH, S_NOTIFY_CHANNEL_PUT, S_NOTIFY_PREF_GET, S_NOTIFY_PREF_PUT, S_NOTIFY_PLAN_CLAIM,
	S_NOTIFY_PLAN_DONE,
	S_HISTORY_LATEST, S_HISTORY_PUT, S_HISTORY_SEAL, S_HISTORY_AS_OF, S_HISTORY_AS_OF_ALL, S_HISTORY_EACH,
	S_DELETE_APPT,
	S_NOTIFY_PLAN_LAST,
	S_FEDKEY_PUT, S_FEDKEY_EACH, S_REPORTED_PUT, S_REPORTED_EACH,
	S_UNIT_SETTING_GET, S_UNIT_SETTING_PUT,
	S_REPORTED_PACKAGE_PUT, S_REPORTED_POINTS,
	S_SESSION_EACH, S_UNIT_SETTING_EACH, S_NOTIFY_INSERT, S_AUDIT_ANCHOR_PUT,
	S_DICT_EACH, S_DICT_PUT, S_ANNOUNCE_INSERT, S_ANNOUNCE_UPDATE, S_ANNOUNCE_EACH,
	S_LOAD_BEGIN, S_LOAD_END, S_APPT_SPLIT, S_INSPECTED_EACH,
	S_SNAPSHOT_KEY,
	S_COUNT
};

/* Every filter is bound; a NULL parameter does not filter. */
#define AUDIT_WHERE \
	" WHERE (?1 IS NULL OR account = ?1) AND (?2 IS NULL OR substr(action, 1, length(?2)) = ?2)" \
	" AND (?3 IS NULL OR object = ?3) AND (?4 IS NULL OR success = ?4) AND (?5 IS NULL OR at >= ?5)" \
	" AND (?6 IS NULL OR at < ?6)"
#define AUDIT_QUERY \
	"SELECT seq, at, account, source, action, object, success, detail, prev_hash, hash FROM audit_log" AUDIT_WHERE
#define ACCOUNT_SELECT \
	"SELECT a.id, a.username, a.display_name, a.person, a.department, a.password_hash, a.calendar_token, " \
	"p.org, coalesce((SELECT group_concat(role) FROM account_role r WHERE r.account = a.id), ''), " \
	"a.must_change, a.disabled, a.failures, a.locked_until, a.created_at, a.password_changed_at, " \
	"coalesce(a.last_login_at, 0) FROM account a LEFT JOIN person p ON p.id = a.person"

#define NOTIFY_COLUMNS \
	"id, key, org, rule, object, person, channel, subject, body, state, attempts, next_at, created_at, " \
	"coalesce(sent_at, 0), coalesce(read_at, 0), answer"
/* Every filter is bound; a NULL parameter does not filter. */
#define NOTIFY_WHERE \
	" WHERE (?1 IS NULL OR org = ?1) AND (?2 IS NULL OR person = ?2) AND (?3 IS NULL OR channel = ?3)" \
	" AND (?4 IS NULL OR state = ?4) AND (?5 IS NULL OR rule = ?5)" \
	" AND (?6 = 0 OR (channel = 'inbox' AND read_at IS NULL))"

static const char *const sql_text[S_COUNT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_FEDKEY_PUT] = "INSERT INTO federation_key(org, direction, name, alg, key_id, public_key, registered_at) "
			 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(org, direction) DO UPDATE SET name = ?3, alg = ?4, "
			 "key_id = ?5, public_key = ?6, registered_at = ?7",
	[S_FEDKEY_EACH] = "SELECT org, direction, name, alg, key_id, public_key, registered_at FROM federation_key "
			  "WHERE (?1 IS NULL OR org = ?1) AND (?2 IS NULL OR direction = ?2) ORDER BY direction, org",
	[S_REPORTED_PUT] = "INSERT INTO reported_unit(org, name, parent, as_of, key_id, alg, sha256, imported_at, body) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(org) DO UPDATE SET name = ?2, parent = ?3, "
			   "as_of = ?4, key_id = ?5, alg = ?6, sha256 = ?7, imported_at = ?8, body = ?9",
	[S_REPORTED_EACH] = "SELECT org, name, parent, as_of, key_id, alg, sha256, imported_at, body FROM reported_unit "
			    "WHERE (?1 IS NULL OR org = ?1) ORDER BY org",
	/* Every package kept (migration 026); the points give only each one's tally, not its body. */
	[S_REPORTED_PACKAGE_PUT] = "INSERT INTO reported_package(org, name, parent, as_of, key_id, alg, sha256, imported_at, "
				   "body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(org, as_of) DO UPDATE SET "
				   "name = ?2, parent = ?3, key_id = ?5, alg = ?6, sha256 = ?7, imported_at = ?8, body = ?9",
	[S_REPORTED_POINTS] = "SELECT org, name, parent, as_of, key_id, alg, sha256, imported_at, "
			      "coalesce(json_extract(body, '$.tally'), '{}') FROM reported_package "
			      "WHERE (?1 IS NULL OR org = ?1) AND as_of >= ?2 AND as_of <= ?3 ORDER BY org, as_of",
	[S_ROUND_EACH] = "SELECT id, org, year, version, state, doc, updated_at FROM evaluation_round WHERE "
			 "(?1 IS NULL OR org = ?1) AND (?2 = 0 OR year = ?2) AND (?3 = 0 OR id = ?3) ORDER BY org, year, version",
	[S_ROUND_INSERT] = "INSERT INTO evaluation_round(org, year, version, state, doc, updated_at) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
	[S_ROUND_UPDATE] = "UPDATE evaluation_round SET state = ?2, doc = ?3, updated_at = ?4 WHERE id = ?1",
	/* The chain is recorded once, when the incident is; later corrections do not rewrite it. */
	/* The registers below are bound and read by their column lists (struct reg_desc): the order of
	 * the columns here is the order of their descriptions. */
	/* ?2: the kind (?1, the unit, only in the second) */
	[S_AUDIT_LAST] = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
	[S_AUDIT_LAST_PURGE] = "SELECT before_seq - 1, anchor_hash FROM audit_purge ORDER BY before_seq DESC LIMIT 1",
	[S_AUDIT_INSERT] = "INSERT INTO audit_log(seq, at, account, source, action, object, success, detail, "
			   "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[S_AUDIT_EACH] = "SELECT seq, at, account, source, action, object, success, detail, prev_hash, hash "
			 "FROM audit_log WHERE seq >= ?1 ORDER BY seq",
	[S_AUDIT_ANCHOR] = "SELECT before_seq, anchor_hash FROM audit_purge ORDER BY before_seq DESC LIMIT 1",
	/* The anchor is the hash of the last record removed; nothing is marked when it is gone already. */
	[S_AUDIT_PURGE_MARK] = "INSERT INTO audit_purge(before_seq, at, anchor_hash) "
			       "SELECT ?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), hash FROM audit_log WHERE seq = ?1 - 1",
	[S_AUDIT_PURGE] = "DELETE FROM audit_log WHERE seq < ?1",
	[S_AUDIT_NEWEST] = AUDIT_QUERY " ORDER BY seq DESC LIMIT ?7 OFFSET ?8",
	[S_AUDIT_OLDEST] = AUDIT_QUERY " ORDER BY seq LIMIT ?7 OFFSET ?8",
	[S_AUDIT_COUNT] = "SELECT count(*) FROM audit_log" AUDIT_WHERE,
	[S_GEN_GET] = "SELECT value FROM generation WHERE id = 1",
	[S_AUTH_GEN_GET] = "SELECT auth FROM generation WHERE id = 1",
	[S_CAL_GEN_GET] = "SELECT calendar FROM generation WHERE id = 1",
	[S_GEN_BUMP] = "UPDATE generation SET value = value + 1 WHERE id = 1",
	[S_ACCOUNT_ALL] = ACCOUNT_SELECT " ORDER BY a.username",
	[S_ACCOUNT_BY_NAME] = ACCOUNT_SELECT " WHERE a.username = ?1",
	[S_ACCOUNT_BY_ID] = ACCOUNT_SELECT " WHERE a.id = ?1",
	[S_ACCOUNT_BY_CALENDAR] = ACCOUNT_SELECT " WHERE a.calendar_token = ?1",
	[S_ACCOUNT_INSERT] = "INSERT INTO account(username, display_name, person, department, password_hash, "
			     "calendar_token, must_change, disabled, failures, locked_until, created_at, "
			     "password_changed_at, last_login_at) "
			     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	[S_ACCOUNT_UPDATE] = "UPDATE account SET display_name = ?2, person = ?3, department = ?4, password_hash = ?5, "
			     "calendar_token = ?6, must_change = ?7, disabled = ?8, failures = ?9, locked_until = ?10, "
			     "password_changed_at = ?11, last_login_at = ?12 WHERE id = ?1",
	[S_ROLES_CLEAR] = "DELETE FROM account_role WHERE account = ?1",
	/* A role named twice is one role; a role the table's CHECK refuses is an error (OR IGNORE
	 * would drop it silently). */
	[S_ROLE_ADD] = "INSERT INTO account_role(account, role) VALUES (?1, ?2) ON CONFLICT(account, role) DO NOTHING",
	[S_PERSON_BRIEF] = "SELECT name, org FROM person WHERE id = ?1",
	[S_DEPT_ORG] = "SELECT org FROM department WHERE id = ?1",
	[S_SESSION_DELETE_ACCOUNT] = "DELETE FROM session WHERE account = ?1 AND (?2 IS NULL OR hash <> ?2)",
	[S_REQUEST_INSERT] = "INSERT INTO account_request(kind, account, roles, department, password_hash, "
			     "approver_part, requested_by, requested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[S_REQUEST_EACH] = "SELECT r.id, r.kind, r.account, a.username, r.roles, r.department, r.password_hash, "
			   "r.approver_part, r.requested_by, r.requested_at, r.status, r.decided_by, "
			   "coalesce(r.decided_at, 0) FROM account_request r JOIN account a ON a.id = r.account "
			   "WHERE (?1 = 0 OR r.id = ?1) AND (?2 IS NULL OR r.status = ?2) ORDER BY r.id DESC",
	[S_REQUEST_DECIDE] = "UPDATE account_request SET status = ?2, decided_by = ?3, decided_at = ?4, "
			     "password_hash = NULL, approver_part = NULL WHERE id = ?1 AND status = 'pending'",
	[S_DOC_PUT] = "INSERT INTO document(number, org, kind, person, department, post, title, from_date, to_date, "
		      "doc_date, sha256, sm3, pages, campaign, status, generated_by, generated_at) VALUES (?1, ?2, ?3, ?4, "
		      "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, coalesce(?15, 'generated'), ?16, ?17) "
		      "ON CONFLICT(number) DO UPDATE SET org = ?2, kind = ?3, person = ?4, department = ?5, post = ?6, "
		      "title = ?7, from_date = ?8, to_date = ?9, doc_date = ?10, sha256 = ?11, sm3 = ?12, pages = ?13, "
		      "campaign = coalesce(?14, campaign), status = coalesce(?15, status), generated_by = ?16, "
		      "generated_at = ?17",
	[S_DOC_STATUS] = "UPDATE document SET status = ?2 WHERE number = ?1",
#define DOC_SELECT "SELECT number, org, kind, person, department, post, title, from_date, to_date, doc_date, sha256, " \
		   "sm3, pages, campaign, status, generated_by, generated_at FROM document "
	[S_DOC_BY_NUMBER] = DOC_SELECT "WHERE number = ?1",
	[S_DOC_BY_SHA256] = DOC_SELECT "WHERE sha256 = ?1 ORDER BY number",
	[S_DOC_BY_CAMPAIGN] = DOC_SELECT "WHERE campaign = ?1 ORDER BY number",
	[S_DOC_BY_ORG] = DOC_SELECT "WHERE org = ?1 ORDER BY number",
	[S_SIG_INSERT] = "INSERT INTO doc_signature(number, method, signer, account, signed_at, signed_on, sha256, sm3, "
			 "scan_sha256, alg, key_id, signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[S_SIG_EACH] = "SELECT id, number, method, signer, account, signed_at, signed_on, sha256, sm3, scan_sha256, alg, "
		       "key_id, signature FROM doc_signature WHERE number = ?1 ORDER BY id",
	[S_CAMPAIGN_INSERT] = "INSERT INTO doc_campaign(id, org, kind, year, title, doc_date, created_by, created_at) "
			      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[S_CAMPAIGN_CLOSE] = "UPDATE doc_campaign SET status = 'closed', closed_at = ?2 WHERE id = ?1 AND status = 'open'",
	[S_CAMPAIGN_EACH] = "SELECT id, org, kind, year, title, doc_date, status, created_by, created_at, closed_at "
			    "FROM doc_campaign WHERE (?1 IS NULL OR id = ?1) AND (?2 IS NULL OR org = ?2) ORDER BY id",
	[S_THROTTLE_GET] = "SELECT failures, locks, locked_until, last_failure_at FROM login_throttle "
			   "WHERE username = ?1 AND source = ?2",
	[S_THROTTLE_PUT] = "INSERT INTO login_throttle(username, source, failures, locks, locked_until, "
			   "last_failure_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(username, source) DO UPDATE "
			   "SET failures = ?3, locks = ?4, locked_until = ?5, last_failure_at = ?6",
	[S_THROTTLE_CLEAR] = "DELETE FROM login_throttle WHERE (?1 IS NOT NULL AND username = ?1) OR "
			     "(?1 IS NULL AND last_failure_at < ?2 AND locked_until < ?2)",
	[S_UNIT_SETTING_GET] = "SELECT value FROM unit_setting WHERE org = ?1 AND key = ?2",
	[S_UNIT_SETTING_PUT] = "INSERT INTO unit_setting(org, key, value) VALUES (?1, ?2, ?3) "
			       "ON CONFLICT(org, key) DO UPDATE SET value = excluded.value",
	[S_DICT_EACH] = "SELECT org, list, value, label, label_en, sort, enabled FROM dict_entry "
			"WHERE org = ?1 AND (?2 IS NULL OR list = ?2) ORDER BY list, sort, value",
	[S_DICT_PUT] = "INSERT INTO dict_entry(org, list, value, label, label_en, sort, enabled) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(org, list, value) DO UPDATE SET "
		       "label = ?4, label_en = ?5, sort = ?6, enabled = ?7",
	[S_ANNOUNCE_INSERT] = "INSERT INTO announcement(org, title, body, status, publish_on, expires_on, author, "
			      "created_at, published_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, nullif(?9, 0)) RETURNING id",
	[S_ANNOUNCE_UPDATE] = "UPDATE announcement SET title = ?3, body = ?4, status = ?5, publish_on = ?6, "
			      "expires_on = ?7, published_at = nullif(?8, 0) WHERE id = ?1 AND org = ?2",
	[S_ANNOUNCE_EACH] = "SELECT id, org, title, body, status, publish_on, expires_on, author, created_at, "
			    "coalesce(published_at, 0) FROM announcement WHERE org = ?1 AND (?2 = 0 OR id = ?2) "
			    "ORDER BY id DESC",
	[S_PV_INSERT] = "INSERT INTO policy_version(org, version, document, status, reason, drafted_by, drafted_at) "
			"SELECT ?1, coalesce(max(version), 0) + 1, ?2, 'draft', ?3, ?4, ?5 FROM policy_version "
			"WHERE org = ?1 RETURNING version",
	[S_PV_EACH] = "SELECT org, version, document, status, reason, drafted_by, drafted_at, in_force_from, "
		      "decided_by, coalesce(decided_at, 0), decision_note FROM policy_version "
		      "WHERE (?1 IS NULL OR org = ?1) AND (?2 = 0 OR version = ?2) AND (?3 IS NULL OR status = ?3) "
		      "ORDER BY org, version",
	[S_PV_UPDATE] = "UPDATE policy_version SET document = ?3, reason = ?4, drafted_by = ?5, drafted_at = ?6 "
			"WHERE org = ?1 AND version = ?2 AND status = 'draft'",
	[S_PV_DECIDE] = "UPDATE policy_version SET status = ?3, in_force_from = ?4, decided_by = ?5, decided_at = ?6, "
			"decision_note = ?7 WHERE org = ?1 AND version = ?2 AND status = 'draft'",
	[S_NOTIFY_ADD] = "INSERT INTO notify_delivery(key, org, rule, object, person, channel, subject, body, state, "
			 "next_at, created_at, sent_at, answer) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
			 "CASE WHEN ?9 = 'sent' THEN ?11 END, ?12) ON CONFLICT(key) DO NOTHING",
	/* One statement picks and takes the row, so two workers never hold the same delivery. */
	[S_NOTIFY_CLAIM] = "UPDATE notify_delivery SET state = 'sending', claimed_by = ?2, lease_until = ?3 "
			   "WHERE id = (SELECT id FROM notify_delivery WHERE channel <> 'inbox' AND "
			   "((state = 'queued' AND next_at <= ?1) OR (state = 'sending' AND lease_until < ?1)) "
			   "ORDER BY next_at, id LIMIT 1) RETURNING " NOTIFY_COLUMNS,
	[S_NOTIFY_FINISH] = "UPDATE notify_delivery SET state = ?3, attempts = ?4, next_at = ?5, answer = ?6, "
			    "sent_at = ?7, claimed_by = NULL, lease_until = 0 "
			    "WHERE id = ?1 AND claimed_by = ?2 AND state = 'sending'",
	[S_NOTIFY_COUNT] = "SELECT count(*) FROM notify_delivery" NOTIFY_WHERE,
	[S_NOTIFY_QUERY] = "SELECT " NOTIFY_COLUMNS " FROM notify_delivery" NOTIFY_WHERE
			   " ORDER BY id DESC LIMIT ?7 OFFSET ?8",
	[S_NOTIFY_READ] = "UPDATE notify_delivery SET read_at = ?3 WHERE person = ?1 AND channel = 'inbox' "
			  "AND read_at IS NULL AND (?2 = 0 OR id = ?2)",
	[S_NOTIFY_CHANNEL_EACH] = "SELECT org, channel, enabled, settings, secret, updated_at FROM notify_channel "
				  "WHERE org = ?1 ORDER BY channel",
	[S_NOTIFY_CHANNEL_PUT] = "INSERT INTO notify_channel(org, channel, enabled, settings, secret, updated_at) "
				 "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(org, channel) DO UPDATE SET "
				 "enabled = ?3, settings = ?4, secret = ?5, updated_at = ?6",
	[S_NOTIFY_PREF_GET] = "SELECT email, muted, quiet_from, quiet_to FROM notify_pref WHERE person = ?1",
	[S_NOTIFY_PREF_PUT] = "INSERT INTO notify_pref(person, email, muted, quiet_from, quiet_to) "
			      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(person) DO UPDATE SET email = ?2, "
			      "muted = ?3, quiet_from = ?4, quiet_to = ?5",
	/* Planned again when the facts moved on since (a higher generation) or a planner died
	 * before it was done (lease run out); never while another holds it. */
	[S_NOTIFY_PLAN_CLAIM] = "INSERT INTO notify_plan(org, day, generation, lease_until) VALUES (?1, ?2, ?3, ?5) "
				"ON CONFLICT(org, day) DO UPDATE SET generation = ?3, lease_until = ?5, "
				"done_at = NULL WHERE (notify_plan.generation < ?3 OR notify_plan.done_at IS NULL) "
				"AND notify_plan.lease_until < ?4 RETURNING org",
	[S_NOTIFY_PLAN_DONE] = "UPDATE notify_plan SET done_at = ?3, lease_until = 0 WHERE org = ?1 AND day = ?2",
	/* The history of facts (migration 010): the latest version of a record, a new one, the seal
	 * of a change's versions with its audit record. */
	[S_HISTORY_LATEST] = "SELECT record FROM fact_version WHERE org = ?3 AND kind = ?1 AND key = ?2 "
			     "ORDER BY seq DESC LIMIT 1",
	[S_HISTORY_PUT] = "INSERT INTO fact_version(at, org, kind, key, record) VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_HISTORY_SEAL] = "UPDATE fact_version SET change = ?1 WHERE change IS NULL",
	/* What the store held at an instant: each record's latest version written before it (of
	 * unit ?1 and every unit's own record; _ALL: of all units), in the order first written. */
	[S_HISTORY_AS_OF] = "SELECT v.seq, v.at, v.change, v.org, v.kind, v.key, v.record, NULL FROM fact_version v "
			    "JOIN (SELECT kind, key, max(seq) AS last, min(seq) AS first FROM fact_version "
			    "WHERE org = ?1 AND at < ?2 GROUP BY kind, key "
			    "UNION ALL SELECT kind, key, max(seq), min(seq) FROM fact_version "
			    "WHERE kind = 'org' AND at < ?2 AND org <> ?1 GROUP BY kind, key) k "
			    "ON v.seq = k.last ORDER BY k.first",
	[S_HISTORY_AS_OF_ALL] = "SELECT v.seq, v.at, v.change, v.org, v.kind, v.key, v.record, NULL FROM fact_version v "
				"JOIN (SELECT kind, key, max(seq) AS last, min(seq) AS first FROM fact_version "
				"WHERE at < ?2 GROUP BY kind, key) k ON v.seq = k.last ORDER BY k.first",
	[S_HISTORY_EACH] = "SELECT v.seq, v.at, v.change, v.org, v.kind, v.key, v.record, a.account FROM fact_version v "
			   "LEFT JOIN audit_log a ON a.seq = v.change AND v.change > 0 "
			   "WHERE v.org = ?1 AND (?2 IS NULL OR v.kind = ?2) AND (?3 IS NULL OR v.key = ?3) ORDER BY v.seq",
	[S_DELETE_APPT] = "DELETE FROM appointment WHERE natural_key = ?1",
	[S_NOTIFY_PLAN_LAST] = "SELECT max(day) FROM notify_plan WHERE org = ?1 AND day < ?2 AND done_at IS NOT NULL",
	/* zeren migrate: every row as it is */
	[S_SESSION_EACH] = "SELECT hash, csrf, account, created_at, last_seen_at, source FROM session ORDER BY hash",
	[S_UNIT_SETTING_EACH] = "SELECT org, key, value FROM unit_setting ORDER BY org, key",
	[S_NOTIFY_INSERT] = "INSERT INTO notify_delivery(id, key, org, rule, object, person, channel, subject, body, "
			    "state, attempts, next_at, created_at, sent_at, read_at, answer) VALUES (?1, ?2, ?3, ?4, ?5, "
			    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, nullif(?14, 0), nullif(?15, 0), ?16)",
	[S_AUDIT_ANCHOR_PUT] = "INSERT INTO audit_purge(before_seq, at, anchor_hash) "
			       "SELECT ?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?2 "
			       "WHERE NOT EXISTS (SELECT 1 FROM audit_log) AND NOT EXISTS (SELECT 1 FROM audit_purge)",
	/* Loading every unit: one read transaction, the appointments read by a second connection
	 * (sq_load). */
	[S_LOAD_BEGIN] = "BEGIN DEFERRED",
	[S_LOAD_END] = "COMMIT",
	[S_APPT_SPLIT] = "SELECT min(id), max(id) FROM appointment",
	[S_INSPECTED_EACH] = "SELECT DISTINCT org FROM inspection WHERE inspector_org = ?1 ORDER BY org",
	/* The state a facts snapshot is of (store/snapshot.h): generation, schema, and the audit
	 * record of the change that wrote the last version of a fact. */
	[S_SNAPSHOT_KEY] = "SELECT (SELECT value FROM generation WHERE id = 1), (SELECT user_version FROM pragma_user_version), "
			   "(SELECT hash FROM audit_log WHERE seq = (SELECT change FROM fact_version ORDER BY seq DESC LIMIT 1))",
};

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	sqlite3_stmt *stmt[S_COUNT];
	struct sql_conn sql; /* the shared ops' statements (sql.h), prepared on first use: */
	struct sq_shared {
		struct sql_stmt base;
		sqlite3_stmt *st;
	} q[Q_COUNT];
	struct strbuf key; /* scratch for appointment natural keys */
	bool dirty;        /* the open transaction wrote business data: commit bumps the generation */
	bool fk_off;       /* a bulk transaction switched foreign keys off: its end switches them on */
	struct write_gate *gate; /* of this database in this process (read-only handles: none) */
	bool gated;              /* the open transaction holds the gate */
};

/* The writers of one database in this process (the server's threads, its scheduler) queue on a
 * mutex for their transaction instead of on SQLite's lock, whose busy handler sleeps and polls:
 * at 64 connections a write waited in sleeps of up to 100 ms while the lock was long free.
 * Other processes still meet SQLite's lock. */
struct write_gate {
	char *path;
	pthread_mutex_t mu; /* error-checking: a thread already in a transaction on another handle of
			     * the same database does not wait for itself (SQLite's lock answers it) */
	int refs;
	struct write_gate *next;
};
static pthread_mutex_t gates_mu = PTHREAD_MUTEX_INITIALIZER;
static struct write_gate *gates;

static struct write_gate *gate_get(const char *path)
{
	struct write_gate *g;
	pthread_mutex_lock(&gates_mu);
	for (g = gates; g && strcmp(g->path, path) != 0; g = g->next)
		;
	if (!g && (g = calloc(1, sizeof *g))) {
		if (!(g->path = strdup(path))) {
			free(g);
			g = NULL;
		} else {
			pthread_mutexattr_t a;
			pthread_mutexattr_init(&a);
			pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
			pthread_mutex_init(&g->mu, &a);
			pthread_mutexattr_destroy(&a);
			g->next = gates;
			gates = g;
		}
	}
	if (g)
		g->refs++;
	pthread_mutex_unlock(&gates_mu);
	return g; /* NULL (out of memory): the handle writes without one */
}

static void gate_put(struct write_gate *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&gates_mu);
	if (!--g->refs) {
		struct write_gate **p = &gates;
		while (*p != g)
			p = &(*p)->next;
		*p = g->next;
		pthread_mutex_destroy(&g->mu);
		free(g->path);
		free(g);
	}
	pthread_mutex_unlock(&gates_mu);
}

static void ungate(struct sqlite_store *ss)
{
	if (ss->gated)
		pthread_mutex_unlock(&ss->gate->mu);
	ss->gated = false;
}

static int db_error(struct sqlite_store *ss, struct zerr *e, const char *what)
{
	int code = sqlite3_extended_errcode(ss->db);
	int rc = (code & 0xff) == SQLITE_CONSTRAINT ? ZE_CONFLICT : ZE_IO;
	return zerr_set(e, rc, "database: %s: %s", what, sqlite3_errmsg(ss->db));
}

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct zerr *e)
{
	if (!ss->stmt[id] &&
	    sqlite3_prepare_v3(ss->db, sql_text[id], -1, SQLITE_PREPARE_PERSISTENT, &ss->stmt[id], NULL)) {
		db_error(ss, e, "prepare");
		return NULL;
	}
	sqlite3_reset(ss->stmt[id]);
	sqlite3_clear_bindings(ss->stmt[id]);
	return ss->stmt[id];
}

/* Runs a statement that returns no rows. */
static int exec_stmt(struct sqlite_store *ss, sqlite3_stmt *st, struct zerr *e, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(ss, e, what);
	return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Statement id (stmt) with the texts v[0..n) bound to ?1..?n, in order (NULL: SQL NULL). */
static sqlite3_stmt *stmt_texts(struct sqlite_store *ss, enum stmt_id id, struct zerr *e, const char *const *v, int n)
{
	sqlite3_stmt *st = stmt(ss, id, e);
	for (int i = 0; st && i < n; i++)
		bind_text(st, i + 1, v[i]);
	return st;
}
#define STMT_TEXTS(ss, id, e, ...)                                    \
	stmt_texts(ss, id, e, (const char *const[]){__VA_ARGS__}, \
		   (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)))

/* After a loop over st's rows that stopped at step, or when its callback said rc: an error
 * unless the rows ran out or the callback stopped them; st reset. */
static int rows_done(struct sqlite_store *ss, sqlite3_stmt *st, int rc, int step, struct zerr *e, const char *what)
{
	if (!rc && step != SQLITE_DONE)
		rc = db_error(ss, e, what);
	sqlite3_reset(st);
	return rc;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static struct sqlite_store *SS(struct store *s)
{
	return (struct sqlite_store *)s;
}

/* Foreign keys can only be switched outside a transaction. Only when they must: every such
 * pragma expires all prepared statements (SQLite's OP_Expire, even for the value they have),
 * and the next use of each is prepared again. */
static void set_foreign_keys(struct sqlite_store *ss, bool on)
{
	if (ss->fk_off != on)
		return;
	sqlite3_exec(ss->db, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
	ss->fk_off = !on;
}

/* Bumps the generation now (a write outside any transaction), or once at commit. */
static int business_write(struct sqlite_store *ss, struct zerr *e)
{
	if (!sqlite3_get_autocommit(ss->db)) {
		ss->dirty = true;
		return 0;
	}
	sqlite3_stmt *st = stmt(ss, S_GEN_BUMP, e);
	return st ? exec_stmt(ss, st, e, "store generation") : e->code;
}

/* ---- the statement interface of the shared ops (sql.h) ---- */

static struct sqlite_store *SQ(struct sql_conn *c)
{
	return (struct sqlite_store *)((char *)c - offsetof(struct sqlite_store, sql));
}

static sqlite3_stmt *ST(struct sql_stmt *st)
{
	return ((struct sq_shared *)st)->st;
}

/* The shared text's $N must be SQLite's N-th parameter (sql.h): refused here if they differ. */
static int check_params(sqlite3_stmt *st, enum sql_id id, struct zerr *e)
{
	for (int i = 1; i <= sqlite3_bind_parameter_count(st); i++) {
		char want[16];
		const char *name = sqlite3_bind_parameter_name(st, i);
		snprintf(want, sizeof want, "$%d", i);
		if (!name || strcmp(name, want) != 0)
			return zerr_set(e, ZE_INVALID, "database: prepare statement %d: parameter %d is %s, not %s", (int)id,
					i, name ? name : "?", want);
	}
	return 0;
}

static struct sql_stmt *sq_sql_stmt(struct sql_conn *c, enum sql_id id, struct zerr *e)
{
	struct sqlite_store *ss = SQ(c);
	assert(id >= 0 && id < Q_COUNT);
	struct sq_shared *q = &ss->q[id];
	if (!q->st) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v3(ss->db, sql_shared_text(id, false), -1, SQLITE_PREPARE_PERSISTENT, &st, NULL)) {
			db_error(ss, e, "prepare");
			return NULL;
		}
		if (check_params(st, id, e)) {
			sqlite3_finalize(st);
			return NULL;
		}
		q->st = st;
		q->base.drv = c->drv;
	}
	sqlite3_reset(q->st);
	sqlite3_clear_bindings(q->st);
	return &q->base;
}

static void sq_sql_bind_text(struct sql_stmt *st, int i, const char *s)
{
	bind_text(ST(st), i, s);
}

static void sq_sql_bind_int64(struct sql_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(ST(st), i, v);
}

static void sq_sql_bind_double(struct sql_stmt *st, int i, double v)
{
	sqlite3_bind_double(ST(st), i, v);
}

static void sq_sql_bind_null(struct sql_stmt *st, int i)
{
	sqlite3_bind_null(ST(st), i);
}

static int sq_sql_step(struct sql_stmt *st)
{
	return sqlite3_step(ST(st));
}

static bool sq_sql_is_null(struct sql_stmt *st, int col)
{
	return sqlite3_column_type(ST(st), col) == SQLITE_NULL;
}

static const char *sq_sql_text(struct sql_stmt *st, int col)
{
	return col_text(ST(st), col);
}

static int64_t sq_sql_int64(struct sql_stmt *st, int col)
{
	return sqlite3_column_int64(ST(st), col);
}

static double sq_sql_double(struct sql_stmt *st, int col)
{
	return sqlite3_column_double(ST(st), col);
}

static void sq_sql_reset(struct sql_stmt *st)
{
	sqlite3_reset(ST(st));
}

static int sq_sql_error(struct sql_conn *c, struct zerr *e, const char *what)
{
	return db_error(SQ(c), e, what);
}

static int sq_sql_business_write(struct sql_conn *c, struct zerr *e)
{
	return business_write(SQ(c), e);
}

static bool sq_sql_in_transaction(struct sql_conn *c)
{
	return !sqlite3_get_autocommit(SQ(c)->db);
}

static const struct sql_driver sqlite_driver = {
	.stmt = sq_sql_stmt,
	.bind_text = sq_sql_bind_text,
	.bind_int64 = sq_sql_bind_int64,
	.bind_double = sq_sql_bind_double,
	.bind_null = sq_sql_bind_null,
	.step = sq_sql_step,
	.is_null = sq_sql_is_null,
	.text = sq_sql_text,
	.int64 = sq_sql_int64,
	.dbl = sq_sql_double,
	.reset = sq_sql_reset,
	.error = sq_sql_error,
	.business_write = sq_sql_business_write,
	.in_transaction = sq_sql_in_transaction,
};

/* Sets up a new handle's side of the shared ops. */
static void sq_sql_init(struct sqlite_store *ss)
{
	ss->sql.drv = &sqlite_driver;
	ss->sql.key = &ss->key;
	ss->base.sql = &ss->sql;
}

static int sq_begin(struct store *s, bool bulk, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_BEGIN, e);
	if (!st)
		return e->code;
	ss->dirty = false;
	if (ss->gate && !ss->gated)
		ss->gated = pthread_mutex_lock(&ss->gate->mu) == 0;
	if (bulk)
		set_foreign_keys(ss, false);
	int rc = exec_stmt(ss, st, e, "begin");
	if (rc && bulk)
		set_foreign_keys(ss, true);
	if (rc)
		ungate(ss);
	return rc;
}

static int sq_commit(struct store *s, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	int rc = 0;
	sqlite3_stmt *st;
	if (ss->dirty) {
		/* Inside the transaction, so readers see the new facts and the new number together. */
		st = stmt(ss, S_GEN_BUMP, e);
		if ((rc = st ? exec_stmt(ss, st, e, "store generation") : e->code))
			return rc;
	}
	st = stmt(ss, S_COMMIT, e);
	rc = st ? exec_stmt(ss, st, e, "commit") : e->code;
	if (!rc) {
		ss->dirty = false;
		set_foreign_keys(ss, true);
	}
	if (sqlite3_get_autocommit(ss->db)) /* ended (a failed commit may leave it open: rollback) */
		ungate(ss);
	return rc;
}

static void sq_rollback(struct store *s)
{
	struct sqlite_store *ss = SS(s);
	ss->dirty = false;
	if (!sqlite3_get_autocommit(ss->db)) {
		sqlite3_stmt *st = stmt(ss, S_ROLLBACK, NULL);
		if (st)
			exec_stmt(ss, st, NULL, "rollback");
	}
	set_foreign_keys(ss, true);
	ungate(ss);
}

static int read_generation(struct store *s, enum stmt_id id, int64_t *gen, struct zerr *e);

/* Loading every unit, the appointments (3 of the 5.8 million rows of bench/'s province, half
 * of the time) are read by a second thread on its own read-only connection while this thread
 * reads every other table. Both read transactions must see the same store: the second compares
 * the store's generation with the first's, and when it differs (a write committed between the
 * two BEGINs) it reads nothing and this thread reads the appointments itself. */
#define LOAD_SPLIT_MIN 4096 /* fewer appointments: not worth a thread (tests/unit/test_store.c loads more) */

struct appt_part {
	struct sqlite_store ss; /* its own connection and statements */
	struct facts *ids;      /* what references resolve against: only read while the thread runs */
	struct facts got;       /* the appointments read */
	struct zerr e;
	int64_t gen;  /* the first transaction's generation */
	bool started; /* the second thread runs */
	pthread_t thread;
	bool same; /* its transaction saw the first one's generation */
	int rc;
};

static void *appt_part_run(void *arg)
{
	struct appt_part *p = arg;
	struct sql_loader l = {&p->ss.sql, p->ids, &p->e, "appointment", 0};
	sqlite3_stmt *st = stmt(&p->ss, S_LOAD_BEGIN, &p->e);
	struct sql_stmt *appts;
	int64_t gen = -1;
	if (!st || exec_stmt(&p->ss, st, &p->e, "begin")) {
		p->rc = p->e.code;
		return NULL;
	}
	if (!read_generation(&p->ss.base, S_GEN_GET, &gen, &p->e) && gen == p->gen &&
	    (appts = sql_stmt(&p->ss.sql, Q_LOAD_APPT, &p->e))) {
		p->same = true;
		p->rc = sql_load_appt_rows(&l, appts, &p->got);
	}
	if ((st = stmt(&p->ss, S_LOAD_END, &p->e)))
		exec_stmt(&p->ss, st, &p->e, "end of load");
	return NULL;
}

/* Starts reading every unit's appointments (p, an appt_part): in the second thread when they
 * are many, else now. */
static int appts_begin(struct sql_loader *l, void *part)
{
	struct appt_part *p = part;
	struct sqlite_store *ss = SQ(l->db);
	sqlite3_int64 lo = 0, hi = 0;
	sqlite3_stmt *st = stmt(ss, S_APPT_SPLIT, l->e);
	const char *path = sqlite3_db_filename(ss->db, "main");
	if (!st)
		return l->e->code;
	if (sqlite3_step(st) == SQLITE_ROW) {
		lo = sqlite3_column_int64(st, 0);
		hi = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (hi - lo < LOAD_SPLIT_MIN || !path || !path[0] || read_generation(&ss->base, S_GEN_GET, &p->gen, l->e) ||
	    sqlite3_open_v2(path, &p->ss.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return sql_load_appts(l, NULL);
	p->ss.base.ops = ss->base.ops;
	sq_sql_init(&p->ss);
	sqlite3_busy_timeout(p->ss.db, 5000);
	p->started = pthread_create(&p->thread, NULL, appt_part_run, p) == 0;
	return p->started ? 0 : sql_load_appts(l, NULL);
}

/* Waits for the second thread and takes what it read (or reads the appointments here when it
 * saw another store); rc is the load's result so far. */
static int appts_end(struct sql_loader *l, struct appt_part *p, int rc)
{
	if (p->started)
		pthread_join(p->thread, NULL);
	if (rc || !p->started) {
	} else if (!p->same) {
		rc = sql_load_appts(l, NULL);
	} else if (p->rc) {
		*l->e = p->e;
		rc = p->rc;
	} else if (!l->f->appts.n) { /* the load of every unit: take the array read, not a copy */
		free(l->f->appts.v);
		l->f->appts = p->got.appts;
		memset(&p->got.appts, 0, sizeof p->got.appts);
		l->f->indexed = false;
	} else {
		for (size_t i = 0; i < p->got.appts.n && !rc; i++)
			if (facts_add_appt(l->f, &p->got.appts.v[i]) < 0)
				rc = zerr_set(l->e, ZE_NOMEM, "out of memory loading appointment");
	}
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(p->ss.stmt[i]);
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(p->ss.q[i].st);
	sqlite3_close(p->ss.db);
	facts_release(&p->got);
	return rc;
}

/* Every unit's facts are also kept in a snapshot beside the database (store/snapshot.h),
 * read instead of the tables when it is of the store's state and written after a load of the
 * tables. ZEREN_SNAPSHOT=off neither reads nor writes it; =always writes it for a store of any
 * size (the tests); unset or =auto, for stores of LOAD_SPLIT_MIN appointments or more only. */
enum snap_use { SNAP_OFF, SNAP_AUTO, SNAP_ALWAYS };

static int snapshot_use(enum snap_use *use, struct zerr *e)
{
	const char *v = getenv("ZEREN_SNAPSHOT");
	if (!v || !strcmp(v, "auto"))
		*use = SNAP_AUTO;
	else if (!strcmp(v, "off") || !strcmp(v, "always"))
		*use = v[0] == 'o' ? SNAP_OFF : SNAP_ALWAYS;
	else
		return zerr_set(e, ZE_INVALID, "ZEREN_SNAPSHOT is off, auto or always, not '%s'", v);
	return 0;
}

/* The snapshot's path ("<database>.facts") and the state the open read transaction sees. */
static int snapshot_where(struct sqlite_store *ss, struct strbuf *path, struct snapshot_key *k, struct zerr *e)
{
	const char *db = sqlite3_db_filename(ss->db, "main");
	sqlite3_stmt *st = stmt(ss, S_SNAPSHOT_KEY, e);
	int rc;
	if (!db || !db[0])
		return zerr_set(e, ZE_NOTFOUND, "an in-memory database keeps no snapshot");
	if (!st)
		return e->code;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *audit = sqlite3_column_text(st, 2);
		k->generation = sqlite3_column_int64(st, 0);
		k->schema = sqlite3_column_int64(st, 1);
		snprintf(k->audit, sizeof k->audit, "%s", audit ? (const char *)audit : "");
		sb_addf(path, "%s.facts", db);
		rc = 0;
	} else {
		rc = zerr_set(e, ZE_IO, "the store's generation: %s", sqlite3_errmsg(ss->db));
	}
	sqlite3_reset(st);
	return rc;
}

static int sq_load(struct store *s, struct facts *f, const char *org_id, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	struct sql_loader l = {&ss->sql, f, e, "", 0};
	struct appt_part part = {.ids = f};
	struct snapshot_key key;
	struct strbuf snap = STRBUF_INIT;
	struct zerr se = {0};
	enum snap_use use = SNAP_OFF;
	sqlite3_stmt *st;
	int rc = 0;
	/* Every unit, outside a transaction: read in one read transaction, the appointments in two threads. */
	bool all = !org_id && sqlite3_get_autocommit(ss->db) && !sqlite3_db_readonly(ss->db, "main");
	facts_init(&part.got);
	s->note[0] = '\0';
	if (all && ((rc = snapshot_use(&use, e)) || !(st = stmt(ss, S_LOAD_BEGIN, e)) || exec_stmt(ss, st, e, "begin")))
		return e->code;
	if (use != SNAP_OFF && (f->orgs.n || snapshot_where(ss, &snap, &key, &se)))
		use = SNAP_OFF; /* adding to facts already there, or no place for a snapshot */
	if (use != SNAP_OFF && (rc = snapshot_read(snap.buf, &key, f, &se)) != 0 && rc != ZE_NOTFOUND)
		snprintf(s->note, sizeof s->note, "%s", se.msg);
	if (use == SNAP_OFF || rc) {
		if (!(rc = sql_load_orgs(&l)) && org_id && hmap_get(&f->org_ids, org_id) < 0)
			rc = zerr_set(e, ZE_NOTFOUND, "no unit with id '%s'", org_id);
		if (!rc)
			rc = sql_load_records_of(&l, org_id, all ? appts_begin : NULL, &part);
		rc = appts_end(&l, &part, rc);
		if (!rc && use != SNAP_OFF && (use == SNAP_ALWAYS || f->appts.n >= LOAD_SPLIT_MIN) &&
		    snapshot_write(snap.buf, &key, f, &se))
			snprintf(s->note, sizeof s->note, "%s", se.msg);
	}
	if (all && (st = stmt(ss, S_LOAD_END, e)) && exec_stmt(ss, st, e, "end of load") && !rc)
		rc = e->code;
	sb_release(&snap);
	return rc;
}

static void copy_hash(char out[65], const char *hex)
{
	snprintf(out, 65, "%s", hex ? hex : "");
}

/* Reads one row of a two-column (integer, hash) statement; 0 and "" when there is none. */
static int audit_pair(struct sqlite_store *ss, enum stmt_id id, int64_t *n, char hash[65], bool *found,
		      struct zerr *e)
{
	sqlite3_stmt *st = stmt(ss, id, e);
	if (!st)
		return e->code;
	int rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	*n = *found ? sqlite3_column_int64(st, 0) : 0;
	copy_hash(hash, *found ? col_text(st, 1) : "");
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(ss, e, "read audit log");
	return 0;
}

static int sq_audit_last(struct store *s, int64_t *seq, char hash[65], struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	bool found;
	int rc = audit_pair(ss, S_AUDIT_LAST, seq, hash, &found, e);
	if (!rc && !found)
		rc = audit_pair(ss, S_AUDIT_LAST_PURGE, seq, hash, &found, e);
	if (!rc && !found) {
		*seq = 0;
		memset(hash, '0', 64);
		hash[64] = 0;
	}
	return rc;
}

static int sq_audit_anchor(struct store *s, int64_t *before_seq, char anchor[65], struct zerr *e)
{
	bool found;
	return audit_pair(SS(s), S_AUDIT_ANCHOR, before_seq, anchor, &found, e);
}

static int sq_audit_insert(struct store *s, const struct audit_entry *a, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_AUDIT_INSERT, e);
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 1, a->seq);
	bind_text(st, 2, a->at);
	bind_text(st, 3, a->account);
	bind_text(st, 4, a->source);
	bind_text(st, 5, a->action);
	bind_text(st, 6, a->object);
	sqlite3_bind_int(st, 7, a->success);
	bind_text(st, 8, a->detail);
	bind_text(st, 9, a->prev_hash);
	bind_text(st, 10, a->hash);
	return exec_stmt(ss, st, e, "append to audit log");
}

/* Calls fn for each audit record the prepared statement st yields (columns in table order). */
static int audit_rows(struct sqlite_store *ss, sqlite3_stmt *st, audit_row_fn fn, void *ctx, struct zerr *e)
{
	int rc = 0, step;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry a = {
			.seq = sqlite3_column_int64(st, 0),
			.at = col_text(st, 1),
			.account = col_text(st, 2),
			.source = col_text(st, 3),
			.action = col_text(st, 4),
			.object = col_text(st, 5),
			.success = sqlite3_column_int(st, 6) != 0,
			.detail = col_text(st, 7),
		};
		copy_hash(a.prev_hash, col_text(st, 8));
		copy_hash(a.hash, col_text(st, 9));
		rc = fn(ctx, &a);
	}
	return rows_done(ss, st, rc, step, e, "read audit log");
}

static int sq_audit_each(struct store *s, int64_t from_seq, audit_row_fn fn, void *ctx, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_AUDIT_EACH, e);
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 1, from_seq);
	return audit_rows(ss, st, fn, ctx, e);
}

static int sq_audit_purge(struct store *s, int64_t before_seq, int64_t *purged, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_AUDIT_PURGE_MARK, e);
	int rc;
	*purged = 0;
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 1, before_seq);
	if ((rc = exec_stmt(ss, st, e, "mark audit purge")))
		return rc;
	if (sqlite3_changes(ss->db) == 0)
		return 0; /* nothing before before_seq is left */
	if (!(st = stmt(ss, S_AUDIT_PURGE, e)))
		return e->code;
	sqlite3_bind_int64(st, 1, before_seq);
	if ((rc = exec_stmt(ss, st, e, "purge audit log")))
		return rc;
	*purged = sqlite3_changes(ss->db);
	return 0;
}

static int read_generation(struct store *s, enum stmt_id id, int64_t *gen, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, id, e);
	if (!st)
		return e->code;
	int step = sqlite3_step(st), rc = 0;
	if (step == SQLITE_ROW)
		*gen = sqlite3_column_int64(st, 0);
	else
		rc = step == SQLITE_DONE ? zerr_set(e, ZE_IO, "database: the generation row is missing")
					 : db_error(ss, e, "read store generation");
	sqlite3_reset(st);
	return rc;
}

static int sq_generation(struct store *s, int64_t *gen, struct zerr *e)
{
	return read_generation(s, S_GEN_GET, gen, e);
}

static int sq_auth_generation(struct store *s, int64_t *gen, struct zerr *e)
{
	return read_generation(s, S_AUTH_GEN_GET, gen, e);
}

static int sq_calendar_generation(struct store *s, int64_t *gen, struct zerr *e)
{
	return read_generation(s, S_CAL_GEN_GET, gen, e);
}

static void bind_audit_filter(sqlite3_stmt *st, const struct audit_filter *f)
{
	bind_text(st, 1, f->account);
	bind_text(st, 2, f->action_prefix && *f->action_prefix ? f->action_prefix : NULL);
	bind_text(st, 3, f->object);
	if (f->success >= 0)
		sqlite3_bind_int(st, 4, f->success ? 1 : 0);
	bind_text(st, 5, f->at_from);
	bind_text(st, 6, f->at_to);
}

static int sq_audit_query(struct store *s, const struct audit_filter *f, int64_t offset, int64_t limit,
			  audit_row_fn fn, void *ctx, int64_t *total, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st;
	int step;
	if (total) {
		if (!(st = stmt(ss, S_AUDIT_COUNT, e)))
			return e->code;
		bind_audit_filter(st, f);
		step = sqlite3_step(st);
		*total = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
		if (step != SQLITE_ROW)
			return db_error(ss, e, "count audit records");
	}
	if (!(st = stmt(ss, f->oldest_first ? S_AUDIT_OLDEST : S_AUDIT_NEWEST, e)))
		return e->code;
	bind_audit_filter(st, f);
	sqlite3_bind_int64(st, 7, limit < 0 ? -1 : limit);
	sqlite3_bind_int64(st, 8, offset < 0 ? 0 : offset);
	return audit_rows(ss, st, fn, ctx, e);
}

static int sq_account_each(struct store *s, enum account_key key, const char *text, int64_t id, account_row_fn fn,
			   void *ctx, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	static const enum stmt_id ids[] = {[ACCOUNT_ALL] = S_ACCOUNT_ALL, [ACCOUNT_BY_NAME] = S_ACCOUNT_BY_NAME,
					   [ACCOUNT_BY_ID] = S_ACCOUNT_BY_ID,
					   [ACCOUNT_BY_CALENDAR] = S_ACCOUNT_BY_CALENDAR};
	sqlite3_stmt *st = stmt(ss, ids[key], e);
	int rc = 0, step;
	if (!st)
		return e->code;
	if (key == ACCOUNT_BY_ID)
		sqlite3_bind_int64(st, 1, id);
	else if (key != ACCOUNT_ALL)
		bind_text(st, 1, text);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct account_row a = {
			.id = sqlite3_column_int64(st, 0),
			.username = col_text(st, 1),
			.display_name = col_text(st, 2),
			.person = col_text(st, 3),
			.department = col_text(st, 4),
			.password_hash = col_text(st, 5),
			.calendar_token = col_text(st, 6),
			.org = col_text(st, 7),
			.roles = col_text(st, 8),
			.must_change = sqlite3_column_int(st, 9) != 0,
			.disabled = sqlite3_column_int(st, 10) != 0,
			.failures = sqlite3_column_int(st, 11),
			.locked_until = sqlite3_column_int64(st, 12),
			.created_at = sqlite3_column_int64(st, 13),
			.password_changed_at = sqlite3_column_int64(st, 14),
			.last_login_at = sqlite3_column_int64(st, 15),
		};
		if (!a.username || !a.display_name || !a.password_hash || !a.roles) {
			rc = zerr_set(e, ZE_IO, "database: account row %lld is incomplete", (long long)a.id);
			break;
		}
		rc = fn(ctx, &a);
	}
	return rows_done(ss, st, rc, step, e, "read accounts");
}

/* The columns insert and update share, from ?2 on in update's order. */
static void bind_account(sqlite3_stmt *st, const struct account_row *a, int first)
{
	bind_text(st, first, a->display_name);
	bind_text(st, first + 1, a->person);
	bind_text(st, first + 2, a->department);
	bind_text(st, first + 3, a->password_hash);
	bind_text(st, first + 4, a->calendar_token);
	sqlite3_bind_int(st, first + 5, a->must_change);
	sqlite3_bind_int(st, first + 6, a->disabled);
	sqlite3_bind_int(st, first + 7, a->failures);
	sqlite3_bind_int64(st, first + 8, a->locked_until);
}

static int sq_account_insert(struct store *s, const struct account_row *a, int64_t *id, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_ACCOUNT_INSERT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, a->username);
	bind_account(st, a, 2);
	sqlite3_bind_int64(st, 11, a->created_at);
	sqlite3_bind_int64(st, 12, a->password_changed_at);
	if (a->last_login_at)
		sqlite3_bind_int64(st, 13, a->last_login_at);
	int rc = exec_stmt(ss, st, e, "create account");
	if (rc == ZE_CONFLICT)
		return zerr_set(e, ZE_CONFLICT, "账号 %s 已存在 / account '%s' exists already", a->username, a->username);
	if (!rc)
		*id = sqlite3_last_insert_rowid(ss->db);
	return rc;
}

static int sq_account_update(struct store *s, const struct account_row *a, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_ACCOUNT_UPDATE, e);
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 1, a->id);
	bind_account(st, a, 2);
	sqlite3_bind_int64(st, 11, a->password_changed_at);
	if (a->last_login_at)
		sqlite3_bind_int64(st, 12, a->last_login_at);
	int rc = exec_stmt(ss, st, e, "save account");
	if (!rc && sqlite3_changes(ss->db) == 0)
		rc = zerr_set(e, ZE_NOTFOUND, "no account with id %lld", (long long)a->id);
	return rc;
}

static int sq_account_set_roles(struct store *s, int64_t id, const char *const *roles, size_t n, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_ROLES_CLEAR, e);
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 1, id);
	int rc = exec_stmt(ss, st, e, "save roles");
	for (size_t i = 0; i < n && !rc; i++) {
		if (!(st = stmt(ss, S_ROLE_ADD, e)))
			return e->code;
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, roles[i]);
		int step = sqlite3_step(st);
		if (step != SQLITE_DONE && sqlite3_extended_errcode(ss->db) == SQLITE_CONSTRAINT_CHECK)
			rc = zerr_set(e, ZE_INVALID, "role '%s': the store does not know this role (account %lld unchanged)",
				      roles[i], (long long)id);
		else if (step != SQLITE_DONE)
			rc = db_error(ss, e, "save roles");
		sqlite3_reset(st);
	}
	return rc;
}

/* Copies the text columns of the one row of a lookup by id; ZE_NOTFOUND when there is none. */
static int lookup_texts(struct sqlite_store *ss, enum stmt_id id, const char *key, const char *what, char **out[],
			int n, struct zerr *e)
{
	sqlite3_stmt *st = stmt(ss, id, e);
	int rc = 0;
	for (int i = 0; i < n; i++)
		*out[i] = NULL;
	if (!st)
		return e->code;
	bind_text(st, 1, key);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		for (int i = 0; i < n && !rc; i++) {
			const char *t = col_text(st, i);
			if (t && !(*out[i] = strdup(t)))
				rc = zerr_set(e, ZE_NOMEM, "out of memory");
		}
	} else if (step == SQLITE_DONE) {
		rc = zerr_set(e, ZE_NOTFOUND, "没有%s / no %s with id '%s'", what[0] == 'p' ? "该人员" : "该部门", what, key);
	} else {
		rc = db_error(ss, e, what);
	}
	sqlite3_reset(st);
	if (rc)
		for (int i = 0; i < n; i++) {
			free(*out[i]);
			*out[i] = NULL;
		}
	return rc;
}

static int sq_person_brief(struct store *s, const char *id, char **name, char **org, struct zerr *e)
{
	char **out[] = {name, org};
	return lookup_texts(SS(s), S_PERSON_BRIEF, id, "person", out, 2, e);
}

static int sq_dept_org(struct store *s, const char *id, char **org, struct zerr *e)
{
	char **out[] = {org};
	return lookup_texts(SS(s), S_DEPT_ORG, id, "department", out, 1, e);
}

static int sq_session_delete_account(struct store *s, int64_t account, const char *keep, int64_t *n, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_SESSION_DELETE_ACCOUNT, e);
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 1, account);
	bind_text(st, 2, keep);
	int rc = exec_stmt(ss, st, e, "end sessions");
	if (n)
		*n = rc ? 0 : sqlite3_changes(ss->db);
	return rc;
}

static int sq_request_insert(struct store *s, const struct request_row *r, int64_t *id, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_REQUEST_INSERT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->kind);
	sqlite3_bind_int64(st, 2, r->account);
	bind_text(st, 3, r->roles);
	bind_text(st, 4, r->department);
	bind_text(st, 5, r->password_hash);
	bind_text(st, 6, r->approver_part);
	bind_text(st, 7, r->requested_by);
	sqlite3_bind_int64(st, 8, r->requested_at);
	int rc = exec_stmt(ss, st, e, "record request");
	if (!rc && id)
		*id = sqlite3_last_insert_rowid(ss->db);
	return rc;
}

static int sq_request_each(struct store *s, int64_t id, const char *status, request_row_fn fn, void *ctx,
			   struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_REQUEST_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, status);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct request_row r = {
			.id = sqlite3_column_int64(st, 0),
			.kind = col_text(st, 1),
			.account = sqlite3_column_int64(st, 2),
			.username = col_text(st, 3),
			.roles = col_text(st, 4),
			.department = col_text(st, 5),
			.password_hash = col_text(st, 6),
			.approver_part = col_text(st, 7),
			.requested_by = col_text(st, 8),
			.requested_at = sqlite3_column_int64(st, 9),
			.status = col_text(st, 10),
			.decided_by = col_text(st, 11),
			.decided_at = sqlite3_column_int64(st, 12),
		};
		rc = fn(ctx, &r);
	}
	return rows_done(ss, st, rc, step, e, "read requests");
}

static int sq_round_each(struct store *s, const char *org, int year, int64_t id, round_row_fn fn, void *ctx,
			 struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_ROUND_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_int64(st, 3, id);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct round_row r = {
			.id = sqlite3_column_int64(st, 0),
			.org = col_text(st, 1),
			.year = sqlite3_column_int(st, 2),
			.version = sqlite3_column_int(st, 3),
			.state = col_text(st, 4),
			.doc = col_text(st, 5),
			.updated_at = col_text(st, 6),
		};
		rc = fn(ctx, &r);
	}
	return rows_done(ss, st, rc, step, e, "read evaluation rounds");
}

static int sq_round_put(struct store *s, struct round_row *r, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, r->id ? S_ROUND_UPDATE : S_ROUND_INSERT, e);
	if (!st)
		return e->code;
	if (r->id) {
		sqlite3_bind_int64(st, 1, r->id);
		bind_text(st, 2, r->state);
		bind_text(st, 3, r->doc);
		bind_text(st, 4, r->updated_at);
		/* A step of a round (released, objected, answered) is news for the reminders the same
		 * day: the generation moves, so the day is planned again. */
		int rc = exec_stmt(ss, st, e, "save evaluation round");
		return rc ? rc : business_write(ss, e);
	}
	bind_text(st, 1, r->org);
	sqlite3_bind_int(st, 2, r->year);
	sqlite3_bind_int(st, 3, r->version);
	bind_text(st, 4, r->state);
	bind_text(st, 5, r->doc);
	bind_text(st, 6, r->updated_at);
	int step = sqlite3_step(st), rc = 0;
	if (step == SQLITE_ROW)
		r->id = sqlite3_column_int64(st, 0);
	else
		rc = sqlite3_extended_errcode(ss->db) == SQLITE_CONSTRAINT_UNIQUE
			     ? zerr_set(e, ZE_CONFLICT, "round %d of %s for %d exists already", r->version, r->org, r->year)
			     : db_error(ss, e, "save evaluation round");
	sqlite3_reset(st);
	return rc;
}

static int sq_request_decide(struct store *s, int64_t id, const char *status, const char *by, int64_t at,
			     struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_REQUEST_DECIDE, e);
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, status);
	bind_text(st, 3, by);
	sqlite3_bind_int64(st, 4, at);
	int rc = exec_stmt(ss, st, e, "decide request");
	if (!rc && sqlite3_changes(ss->db) != 1)
		rc = zerr_set(e, ZE_CONFLICT, "请求 %lld 已处理 / request %lld is not pending", (long long)id,
			      (long long)id);
	return rc;
}

static int sq_policy_version_insert(struct store *s, const struct policy_version_row *r, int64_t *version,
				    struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_PV_INSERT, e, r->org, r->document, r->reason, r->drafted_by);
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 5, r->drafted_at);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*version = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (step != SQLITE_ROW)
		return db_error(ss, e, "record policy version");
	return business_write(ss, e);
}

static int sq_policy_version_each(struct store *s, const char *org, int64_t version, const char *status,
				  policy_version_fn fn, void *ctx, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_PV_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	sqlite3_bind_int64(st, 2, version);
	bind_text(st, 3, status);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct policy_version_row r = {
			.org = col_text(st, 0),
			.version = sqlite3_column_int64(st, 1),
			.document = col_text(st, 2),
			.status = col_text(st, 3),
			.reason = col_text(st, 4),
			.drafted_by = col_text(st, 5),
			.drafted_at = sqlite3_column_int64(st, 6),
			.in_force_from = col_text(st, 7),
			.decided_by = col_text(st, 8),
			.decided_at = sqlite3_column_int64(st, 9),
			.decision_note = col_text(st, 10),
		};
		rc = fn(ctx, &r);
	}
	return rows_done(ss, st, rc, step, e, "read policy versions");
}

static int sq_unit_setting_get(struct store *s, const char *org, const char *key, char **value, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_UNIT_SETTING_GET, e, org, key);
	if (!st)
		return e->code;
	int rc = 0, step = sqlite3_step(st);
	*value = NULL;
	if (step == SQLITE_ROW && !(*value = strdup(col_text(st, 0))))
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	else if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = db_error(ss, e, "read unit setting");
	sqlite3_reset(st);
	return rc;
}

static int sq_unit_setting_put(struct store *s, const char *org, const char *key, const char *value, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_UNIT_SETTING_PUT, e, org, key, value);
	if (!st)
		return e->code;
	int rc = exec_stmt(ss, st, e, "write unit setting");
	return rc ? rc : business_write(ss, e);
}

/* Both writes touch only drafts: a decided version is ZE_CONFLICT (and the trigger of migration
 * 11 stops any other writer). */
static int pv_changed(struct sqlite_store *ss, const struct policy_version_row *r, struct zerr *e)
{
	if (sqlite3_changes(ss->db) != 1)
		return zerr_set(e, ZE_CONFLICT, "单位 %s 的策略版本 %lld 不是草稿 / policy version %lld of unit '%s' is not a draft",
				r->org, (long long)r->version, (long long)r->version, r->org);
	return business_write(ss, e);
}

static int sq_policy_version_update(struct store *s, const struct policy_version_row *r, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_PV_UPDATE, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->org);
	sqlite3_bind_int64(st, 2, r->version);
	bind_text(st, 3, r->document);
	bind_text(st, 4, r->reason);
	bind_text(st, 5, r->drafted_by);
	sqlite3_bind_int64(st, 6, r->drafted_at);
	int rc = exec_stmt(ss, st, e, "update policy version");
	return rc ? rc : pv_changed(ss, r, e);
}

static int sq_policy_version_decide(struct store *s, const struct policy_version_row *r, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_PV_DECIDE, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->org);
	sqlite3_bind_int64(st, 2, r->version);
	bind_text(st, 3, r->status);
	bind_text(st, 4, r->in_force_from);
	bind_text(st, 5, r->decided_by);
	sqlite3_bind_int64(st, 6, r->decided_at);
	bind_text(st, 7, r->decision_note);
	int rc = exec_stmt(ss, st, e, "decide policy version");
	return rc ? rc : pv_changed(ss, r, e);
}

static int sq_throttle_get(struct store *s, const char *username, const char *source, struct throttle_row *out,
			   struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_THROTTLE_GET, e);
	int rc = 0;
	memset(out, 0, sizeof *out);
	if (!st)
		return e->code;
	bind_text(st, 1, username);
	bind_text(st, 2, source);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		out->failures = sqlite3_column_int(st, 0);
		out->locks = sqlite3_column_int(st, 1);
		out->locked_until = sqlite3_column_int64(st, 2);
		out->last_failure_at = sqlite3_column_int64(st, 3);
	} else if (step != SQLITE_DONE) {
		rc = db_error(ss, e, "read sign-in failures");
	}
	sqlite3_reset(st);
	return rc;
}

static int sq_throttle_put(struct store *s, const char *username, const char *source, const struct throttle_row *r,
			   struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_THROTTLE_PUT, e, username, source);
	if (!st)
		return e->code;
	sqlite3_bind_int(st, 3, r->failures);
	sqlite3_bind_int(st, 4, r->locks);
	sqlite3_bind_int64(st, 5, r->locked_until);
	sqlite3_bind_int64(st, 6, r->last_failure_at);
	return exec_stmt(ss, st, e, "count sign-in failure");
}

static int sq_throttle_clear(struct store *s, const char *username, int64_t before, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_THROTTLE_CLEAR, e);
	if (!st)
		return e->code;
	bind_text(st, 1, username);
	sqlite3_bind_int64(st, 2, before);
	return exec_stmt(ss, st, e, "clear sign-in failures");
}

static int sq_notify_add(struct store *s, const struct notify_row *r, bool *added, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_NOTIFY_ADD, e, r->key, r->org, r->rule, r->object, r->person, r->channel, r->subject, r->body, r->state ? r->state : "queued");
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 10, r->next_at);
	sqlite3_bind_int64(st, 11, r->created_at);
	bind_text(st, 12, r->answer);
	int rc = exec_stmt(ss, st, e, "queue notification");
	if (!rc && added)
		*added = sqlite3_changes(ss->db) > 0;
	return rc;
}

static void notify_row_of(sqlite3_stmt *st, struct notify_row *r)
{
	*r = (struct notify_row){
		.id = sqlite3_column_int64(st, 0),
		.key = col_text(st, 1),
		.org = col_text(st, 2),
		.rule = col_text(st, 3),
		.object = col_text(st, 4),
		.person = col_text(st, 5),
		.channel = col_text(st, 6),
		.subject = col_text(st, 7),
		.body = col_text(st, 8),
		.state = col_text(st, 9),
		.attempts = sqlite3_column_int(st, 10),
		.next_at = sqlite3_column_int64(st, 11),
		.created_at = sqlite3_column_int64(st, 12),
		.sent_at = sqlite3_column_int64(st, 13),
		.read_at = sqlite3_column_int64(st, 14),
		.answer = col_text(st, 15),
	};
}

static int notify_rows(struct sqlite_store *ss, sqlite3_stmt *st, notify_row_fn fn, void *ctx, bool *any,
		       struct zerr *e)
{
	int rc = 0, step;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct notify_row r;
		notify_row_of(st, &r);
		if (any)
			*any = true;
		rc = fn(ctx, &r);
	}
	return rows_done(ss, st, rc, step, e, "read notifications");
}

static int sq_notify_claim(struct store *s, int64_t now, const char *worker, int64_t lease_until, notify_row_fn fn,
			   void *ctx, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_NOTIFY_CLAIM, e);
	bool any = false;
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 1, now);
	bind_text(st, 2, worker);
	sqlite3_bind_int64(st, 3, lease_until);
	int rc = notify_rows(ss, st, fn, ctx, &any, e);
	if (!rc && !any)
		rc = zerr_set(e, ZE_NOTFOUND, "no delivery is due");
	return rc;
}

static int sq_notify_finish(struct store *s, int64_t id, const char *worker, const struct notify_row *r,
			    struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_NOTIFY_FINISH, e);
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, worker);
	bind_text(st, 3, r->state);
	sqlite3_bind_int(st, 4, r->attempts);
	sqlite3_bind_int64(st, 5, r->next_at);
	bind_text(st, 6, r->answer);
	if (r->sent_at)
		sqlite3_bind_int64(st, 7, r->sent_at);
	else
		sqlite3_bind_null(st, 7);
	int rc = exec_stmt(ss, st, e, "finish delivery");
	if (!rc && sqlite3_changes(ss->db) == 0)
		rc = zerr_set(e, ZE_CONFLICT, "delivery %lld is no longer held by %s", (long long)id, worker);
	return rc;
}

static void bind_notify_filter(sqlite3_stmt *st, const struct notify_filter *f)
{
	bind_text(st, 1, f->org);
	bind_text(st, 2, f->person);
	bind_text(st, 3, f->channel);
	bind_text(st, 4, f->state);
	bind_text(st, 5, f->rule);
	sqlite3_bind_int(st, 6, f->unread);
}

static int sq_notify_query(struct store *s, const struct notify_filter *f, int64_t offset, int64_t limit,
			   notify_row_fn fn, void *ctx, int64_t *total, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st;
	if (total) {
		if (!(st = stmt(ss, S_NOTIFY_COUNT, e)))
			return e->code;
		bind_notify_filter(st, f);
		int step = sqlite3_step(st);
		*total = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
		if (step != SQLITE_ROW)
			return db_error(ss, e, "count notifications");
	}
	if (!(st = stmt(ss, S_NOTIFY_QUERY, e)))
		return e->code;
	bind_notify_filter(st, f);
	sqlite3_bind_int64(st, 7, limit < 0 ? -1 : limit);
	sqlite3_bind_int64(st, 8, offset < 0 ? 0 : offset);
	return notify_rows(ss, st, fn, ctx, NULL, e);
}

static int sq_notify_read(struct store *s, const char *person, int64_t id, int64_t at, int64_t *n, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_NOTIFY_READ, e);
	if (!st)
		return e->code;
	bind_text(st, 1, person);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, at);
	int rc = exec_stmt(ss, st, e, "mark notifications read");
	if (!rc && n)
		*n = sqlite3_changes(ss->db);
	return rc;
}

static int sq_notify_channel_each(struct store *s, const char *org, notify_channel_fn fn, void *ctx, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_NOTIFY_CHANNEL_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct notify_channel_row r = {
			.org = col_text(st, 0),
			.channel = col_text(st, 1),
			.enabled = sqlite3_column_int(st, 2) != 0,
			.settings = col_text(st, 3),
			.secret = sqlite3_column_blob(st, 4),
			.secret_len = (size_t)sqlite3_column_bytes(st, 4),
			.updated_at = sqlite3_column_int64(st, 5),
		};
		rc = fn(ctx, &r);
	}
	return rows_done(ss, st, rc, step, e, "read notification channels");
}

static int sq_notify_channel_put(struct store *s, const struct notify_channel_row *r, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_NOTIFY_CHANNEL_PUT, e, r->org, r->channel);
	if (!st)
		return e->code;
	sqlite3_bind_int(st, 3, r->enabled);
	bind_text(st, 4, r->settings);
	if (r->secret)
		sqlite3_bind_blob(st, 5, r->secret, (int)r->secret_len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int64(st, 6, r->updated_at);
	return exec_stmt(ss, st, e, "write notification channel");
}

/* Copies text into buf at *used, returning where, or "" when it does not fit. */
static const char *buf_copy(char *buf, size_t n, size_t *used, const char *text)
{
	size_t len = text ? strlen(text) : 0;
	if (*used + len + 1 > n)
		return "";
	char *at = buf + *used;
	memcpy(at, text ? text : "", len + 1);
	*used += len + 1;
	return at;
}

static int sq_notify_pref_get(struct store *s, const char *person, struct notify_pref_row *out, char *buf, size_t n,
			      struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_NOTIFY_PREF_GET, e);
	size_t used = 0;
	int rc = 0;
	*out = (struct notify_pref_row){.person = person, .email = "", .muted = ""};
	if (!st)
		return e->code;
	bind_text(st, 1, person);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		out->email = buf_copy(buf, n, &used, col_text(st, 0));
		out->muted = buf_copy(buf, n, &used, col_text(st, 1));
		out->quiet_from = sqlite3_column_int(st, 2);
		out->quiet_to = sqlite3_column_int(st, 3);
	} else if (step != SQLITE_DONE) {
		rc = db_error(ss, e, "read notification preferences");
	}
	sqlite3_reset(st);
	return rc;
}

static int sq_notify_pref_put(struct store *s, const struct notify_pref_row *r, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_NOTIFY_PREF_PUT, e, r->person, r->email && *r->email ? r->email : NULL, r->muted ? r->muted : "");
	if (!st)
		return e->code;
	sqlite3_bind_int(st, 4, r->quiet_from);
	sqlite3_bind_int(st, 5, r->quiet_to);
	return exec_stmt(ss, st, e, "write notification preferences");
}

static int sq_notify_plan_claim(struct store *s, const char *org, const char *day, int64_t gen, int64_t now,
				int64_t lease_until, bool *claimed, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_NOTIFY_PLAN_CLAIM, e, org, day);
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 3, gen);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, lease_until);
	int step = sqlite3_step(st);
	*claimed = step == SQLITE_ROW;
	if (step == SQLITE_ROW)
		step = sqlite3_step(st);
	sqlite3_reset(st);
	return step == SQLITE_DONE ? 0 : db_error(ss, e, "claim the planning of reminders");
}

static int sq_notify_plan_done(struct store *s, const char *org, const char *day, int64_t now, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_NOTIFY_PLAN_DONE, e, org, day);
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 3, now);
	return exec_stmt(ss, st, e, "finish the planning of reminders");
}

static int sq_notify_plan_last(struct store *s, const char *org, const char *before, char day[ZDATE_BUFSZ],
			       struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_NOTIFY_PLAN_LAST, e, org, before);
	if (!st)
		return e->code;
	int step = sqlite3_step(st);
	const unsigned char *t = step == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	snprintf(day, ZDATE_BUFSZ, "%s", t ? (const char *)t : "");
	sqlite3_reset(st);
	return step == SQLITE_ROW ? 0 : db_error(ss, e, "read the last day reminders were planned");
}

static int sq_schema_version(struct store *s)
{
	sqlite3_stmt *st = NULL;
	int v = -1;
	if (sqlite3_prepare_v2(SS(s)->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void sq_close(struct store *s)
{
	struct sqlite_store *ss = SS(s);
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(ss->stmt[i]);
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(ss->q[i].st);
	if (ss->db) {
		/* Leave the database in one file for backups and copies. */
		sqlite3_wal_checkpoint_v2(ss->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
		sqlite3_close(ss->db);
	}
	ungate(ss);
	gate_put(ss->gate);
	sb_release(&ss->key);
	free(ss);
}

/* A consistent copy of the whole database into <dest_dir>/zeren.db (a new file), through the
 * online backup API: one step under one read transaction, so writers in other connections
 * (WAL) go on and the copy is the state of one moment. */
static int sq_backup(struct store *s, const char *dest_dir, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	struct strbuf path = STRBUF_INIT;
	sqlite3 *dest = NULL;
	int rc = 0;
	sb_addf(&path, "%s/zeren.db", dest_dir);
	if (path.overflow)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	if (access(path.buf, F_OK) == 0) {
		rc = zerr_set(e, ZE_CONFLICT, "%s exists already", path.buf);
		goto out;
	}
	if (sqlite3_open_v2(path.buf, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rc = zerr_set(e, ZE_IO, "%s: %s", path.buf, dest ? sqlite3_errmsg(dest) : "cannot open");
		goto out;
	}
	sqlite3_backup *b = sqlite3_backup_init(dest, "main", ss->db, "main");
	if (!b) {
		rc = zerr_set(e, ZE_IO, "backup to %s: %s", path.buf, sqlite3_errmsg(dest));
		goto out;
	}
	int step;
	for (int tries = 0; (step = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || step == SQLITE_LOCKED; tries++) {
		if (tries == 100)
			break;
		sqlite3_sleep(50);
	}
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		rc = zerr_set(e, ZE_IO, "backup to %s: %s", path.buf, sqlite3_errstr(step));
		goto out;
	}
	/* The copy is one file, readable without its -wal or -shm. */
	if (sqlite3_exec(dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		rc = zerr_set(e, ZE_IO, "backup to %s: %s", path.buf, sqlite3_errmsg(dest));
		goto out;
	}
out:
	if (dest && sqlite3_close(dest) != SQLITE_OK && !rc)
		rc = zerr_set(e, ZE_IO, "backup to %s: cannot close", path.buf);
	if (rc && rc != ZE_CONFLICT)
		unlink(path.buf);
	sb_release(&path);
	return rc;
}

/* The newest schema this program knows. */
static int latest_schema(void)
{
	int v = 0;
	for (size_t i = 0; i < sizeof migrations / sizeof migrations[0]; i++)
		if (migrations[i].version > v)
			v = migrations[i].version;
	return v;
}

static int sq_check(struct store *s, struct zerr *e)
{
	int version = sq_schema_version(s);
	if (version > latest_schema())
		return zerr_set(e, ZE_CONFLICT,
				"database: schema %d is newer than this program's (%d): use a newer zeren", version,
				latest_schema());
	return 0;
}

static int sq_integrity(struct store *s, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(ss->db, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK)
		return db_error(ss, e, "integrity check");
	int step = sqlite3_step(st);
	if (step != SQLITE_ROW)
		rc = db_error(ss, e, "integrity check");
	else if (strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
		rc = zerr_set(e, ZE_IO, "database: integrity check failed: %s (restore a backup)",
			      (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}

static void sq_interrupt(struct store *s)
{
	sqlite3_interrupt(SS(s)->db);
}

static int sq_document_put(struct store *s, const struct document_row *r, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_DOC_PUT, e);
	if (!st)
		return e->code;
	const char *t[] = {r->number, r->org,  r->kind, r->person, r->department, r->post, r->title, r->from,
			   r->to,     r->date, r->sha256, r->sm3};
	for (int i = 0; i < 12; i++)
		bind_text(st, i + 1, t[i]);
	sqlite3_bind_int(st, 13, r->pages);
	bind_text(st, 14, r->campaign);
	bind_text(st, 15, r->status);
	bind_text(st, 16, r->generated_by);
	bind_text(st, 17, r->generated_at);
	int rc = exec_stmt(ss, st, e, "save document");
	return rc ? rc : business_write(ss, e);
}

static int sq_document_set_status(struct store *s, const char *number, const char *status, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_DOC_STATUS, e, number, status);
	if (!st)
		return e->code;
	int rc = exec_stmt(ss, st, e, "set document status");
	if (!rc && sqlite3_changes(ss->db) != 1)
		return zerr_set(e, ZE_NOTFOUND, "no document %.100s", number);
	return rc ? rc : business_write(ss, e);
}

static int sq_document_each(struct store *s, enum document_key key, const char *text, document_row_fn fn, void *ctx,
			    struct zerr *e)
{
	static const enum stmt_id ids[] = {[DOCUMENT_BY_NUMBER] = S_DOC_BY_NUMBER, [DOCUMENT_BY_SHA256] = S_DOC_BY_SHA256,
					   [DOCUMENT_BY_CAMPAIGN] = S_DOC_BY_CAMPAIGN, [DOCUMENT_BY_ORG] = S_DOC_BY_ORG};
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, ids[key], e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, text);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct document_row r = {
			.number = col_text(st, 0), .org = col_text(st, 1), .kind = col_text(st, 2),
			.person = col_text(st, 3), .department = col_text(st, 4), .post = col_text(st, 5),
			.title = col_text(st, 6), .from = col_text(st, 7), .to = col_text(st, 8),
			.date = col_text(st, 9), .sha256 = col_text(st, 10), .sm3 = col_text(st, 11),
			.pages = sqlite3_column_int(st, 12), .campaign = col_text(st, 13), .status = col_text(st, 14),
			.generated_by = col_text(st, 15), .generated_at = col_text(st, 16),
		};
		rc = fn(ctx, &r);
	}
	return rows_done(ss, st, rc, step, e, "read documents");
}

static int sq_signature_insert(struct store *s, const struct signature_row *r, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_SIG_INSERT, e);
	if (!st)
		return e->code;
	const char *t[] = {r->number, r->method, r->signer,      r->account, r->signed_at, r->signed_on,
			   r->sha256, r->sm3,    r->scan_sha256, r->alg,     r->key_id,    r->signature};
	for (int i = 0; i < 12; i++)
		bind_text(st, i + 1, t[i]);
	int rc = exec_stmt(ss, st, e, "save signature");
	return rc ? rc : business_write(ss, e);
}

static int sq_signature_each(struct store *s, const char *number, signature_row_fn fn, void *ctx, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_SIG_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, number);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct signature_row r = {
			.id = sqlite3_column_int64(st, 0), .number = col_text(st, 1), .method = col_text(st, 2),
			.signer = col_text(st, 3), .account = col_text(st, 4), .signed_at = col_text(st, 5),
			.signed_on = col_text(st, 6), .sha256 = col_text(st, 7), .sm3 = col_text(st, 8),
			.scan_sha256 = col_text(st, 9), .alg = col_text(st, 10), .key_id = col_text(st, 11),
			.signature = col_text(st, 12),
		};
		rc = fn(ctx, &r);
	}
	return rows_done(ss, st, rc, step, e, "read signatures");
}

static int sq_campaign_insert(struct store *s, const struct campaign_row *r, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_CAMPAIGN_INSERT, e, r->id, r->org, r->kind);
	if (!st)
		return e->code;
	if (r->year)
		sqlite3_bind_int(st, 4, r->year);
	bind_text(st, 5, r->title);
	bind_text(st, 6, r->date);
	bind_text(st, 7, r->created_by);
	bind_text(st, 8, r->created_at);
	int rc = exec_stmt(ss, st, e, "save campaign");
	return rc ? rc : business_write(ss, e);
}

static int sq_campaign_close(struct store *s, const char *id, const char *at, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_CAMPAIGN_CLOSE, e, id, at);
	if (!st)
		return e->code;
	int rc = exec_stmt(ss, st, e, "close campaign");
	if (!rc && sqlite3_changes(ss->db) != 1)
		return zerr_set(e, ZE_CONFLICT, "campaign %.100s is not open", id);
	return rc ? rc : business_write(ss, e);
}

static int sq_campaign_each(struct store *s, const char *id, const char *org, campaign_row_fn fn, void *ctx,
			    struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_CAMPAIGN_EACH, e, id, org);
	int rc = 0, step;
	if (!st)
		return e->code;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct campaign_row r = {
			.id = col_text(st, 0), .org = col_text(st, 1), .kind = col_text(st, 2),
			.year = sqlite3_column_int(st, 3), .title = col_text(st, 4), .date = col_text(st, 5),
			.status = col_text(st, 6), .created_by = col_text(st, 7), .created_at = col_text(st, 8),
			.closed_at = col_text(st, 9),
		};
		rc = fn(ctx, &r);
	}
	return rows_done(ss, st, rc, step, e, "read campaigns");
}

static int sq_history_put(struct store *s, const char *org, const char *kind, const char *key, const char *at,
			  const char *record, bool fresh, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	assert(!sqlite3_get_autocommit(ss->db));
	sqlite3_stmt *st;
	if (fresh)
		goto put;
	st = STMT_TEXTS(ss, S_HISTORY_LATEST, e, kind, key, org);
	if (!st)
		return e->code;
	int step = sqlite3_step(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		sqlite3_reset(st);
		return db_error(ss, e, "history");
	}
	/* the same as the latest version (or withdrawn again, or never there): nothing new */
	const char *last = step == SQLITE_ROW ? col_text(st, 0) : NULL;
	bool same = step == SQLITE_ROW ? (last && record ? strcmp(last, record) == 0 : !last && !record) : !record;
	sqlite3_reset(st);
	if (same)
		return 0;
put:
	if (!(st = STMT_TEXTS(ss, S_HISTORY_PUT, e, at, org, kind, key, record)))
		return e->code;
	return exec_stmt(ss, st, e, "history");
}

static int sq_history_seal(struct store *s, int64_t change, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_HISTORY_SEAL, e);
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 1, change);
	return exec_stmt(ss, st, e, "history");
}

static int history_rows(struct sqlite_store *ss, sqlite3_stmt *st, history_row_fn fn, void *ctx, struct zerr *e)
{
	int step, rc = 0;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct history_row r = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 2), col_text(st, 1),
					col_text(st, 3), col_text(st, 4), col_text(st, 5), col_text(st, 6), col_text(st, 7)};
		rc = fn(ctx, &r);
	}
	return rows_done(ss, st, rc, step, e, "history");
}

static int sq_history_as_of(struct store *s, const char *org, const char *before, history_row_fn fn, void *ctx,
			    struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, org ? S_HISTORY_AS_OF : S_HISTORY_AS_OF_ALL, e, org, before);
	if (!st)
		return e->code;
	return history_rows(ss, st, fn, ctx, e);
}

static int sq_history_each(struct store *s, const char *org, const char *kind, const char *key, history_row_fn fn,
			   void *ctx, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_HISTORY_EACH, e, org, kind, key);
	if (!st)
		return e->code;
	return history_rows(ss, st, fn, ctx, e);
}

static int sq_delete_appt(struct store *s, const char *natural_key, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_DELETE_APPT, e);
	if (!st)
		return e->code;
	if (business_write(ss, e))
		return e->code;
	bind_text(st, 1, natural_key);
	return exec_stmt(ss, st, e, "withdraw appointment");
}

static int sq_fed_key_put(struct store *s, const struct fed_key_row *r, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_FEDKEY_PUT, e, r->org, r->direction, r->name, r->alg, r->key_id, r->public_key, r->registered_at);
	if (!st)
		return e->code;
	return exec_stmt(ss, st, e, "register federation key");
}

static int sq_fed_key_each(struct store *s, const char *org, const char *direction, fed_key_fn fn, void *ctx,
			   struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_FEDKEY_EACH, e, org, direction);
	int rc = 0, step;
	if (!st)
		return e->code;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct fed_key_row r = {
			.org = col_text(st, 0), .direction = col_text(st, 1), .name = col_text(st, 2),
			.alg = col_text(st, 3), .key_id = col_text(st, 4), .public_key = col_text(st, 5),
			.registered_at = col_text(st, 6),
		};
		rc = fn(ctx, &r);
	}
	return rows_done(ss, st, rc, step, e, "read federation keys");
}

static int sq_reported_put(struct store *s, const struct reported_row *r, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = STMT_TEXTS(ss, S_REPORTED_PUT, e, r->org, r->name, r->parent, r->as_of, r->key_id, r->alg, r->sha256, r->imported_at, r->body);
	if (!st)
		return e->code;
	if (exec_stmt(ss, st, e, "keep reported unit"))
		return e->code;
	/* and the package among every one it sent (the trend's points) */
	if (!(st = STMT_TEXTS(ss, S_REPORTED_PACKAGE_PUT, e, r->org, r->name, r->parent, r->as_of, r->key_id, r->alg,
			      r->sha256, r->imported_at, r->body)))
		return e->code;
	return exec_stmt(ss, st, e, "keep reported package");
}

static int sq_inspected_each(struct store *s, const char *inspector, unit_id_fn fn, void *ctx, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_INSPECTED_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, inspector);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(ctx, col_text(st, 0));
	if (!rc && step != SQLITE_DONE)
		rc = db_error(ss, e, "read inspected units");
	sqlite3_reset(st);
	return rc;
}

static int sq_reported_each(struct store *s, const char *org, reported_fn fn, void *ctx, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_REPORTED_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct reported_row r = {
			.org = col_text(st, 0), .name = col_text(st, 1), .parent = col_text(st, 2), .as_of = col_text(st, 3),
			.key_id = col_text(st, 4), .alg = col_text(st, 5), .sha256 = col_text(st, 6),
			.imported_at = col_text(st, 7), .body = col_text(st, 8),
		};
		rc = fn(ctx, &r);
	}
	return rows_done(ss, st, rc, step, e, "read reported units");
}

/* ---- zeren migrate: reading and writing every row as it is ---- */

static int sq_session_each(struct store *s, session_row_fn fn, void *ctx, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_SESSION_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct session_row r = {.account = sqlite3_column_int64(st, 2),
					.created_at = sqlite3_column_int64(st, 3),
					.last_seen_at = sqlite3_column_int64(st, 4)};
		copy_hash(r.hash, col_text(st, 0));
		snprintf(r.csrf, sizeof r.csrf, "%s", col_text(st, 1) ? col_text(st, 1) : "");
		rc = fn(ctx, &r, col_text(st, 5));
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_error(ss, e, "read sessions");
	sqlite3_reset(st);
	return rc;
}

static int sq_unit_setting_each(struct store *s, unit_setting_fn fn, void *ctx, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_UNIT_SETTING_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(ctx, col_text(st, 0), col_text(st, 1), col_text(st, 2));
	if (!rc && step != SQLITE_DONE)
		rc = db_error(ss, e, "read unit settings");
	sqlite3_reset(st);
	return rc;
}

static int sq_notify_insert(struct store *s, const struct notify_row *r, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_NOTIFY_INSERT, e);
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 1, r->id);
	bind_text(st, 2, r->key);
	bind_text(st, 3, r->org);
	bind_text(st, 4, r->rule);
	bind_text(st, 5, r->object);
	bind_text(st, 6, r->person);
	bind_text(st, 7, r->channel);
	bind_text(st, 8, r->subject);
	bind_text(st, 9, r->body);
	bind_text(st, 10, r->state);
	sqlite3_bind_int(st, 11, r->attempts);
	sqlite3_bind_int64(st, 12, r->next_at);
	sqlite3_bind_int64(st, 13, r->created_at);
	sqlite3_bind_int64(st, 14, r->sent_at);
	sqlite3_bind_int64(st, 15, r->read_at);
	bind_text(st, 16, r->answer);
	return exec_stmt(ss, st, e, "copy notification");
}

static int sq_audit_anchor_put(struct store *s, int64_t before_seq, const char anchor[65], struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_AUDIT_ANCHOR_PUT, e);
	int rc;
	if (!st)
		return e->code;
	sqlite3_bind_int64(st, 1, before_seq);
	bind_text(st, 2, anchor);
	if ((rc = exec_stmt(ss, st, e, "record audit anchor")))
		return rc;
	if (sqlite3_changes(ss->db) != 1)
		return zerr_set(e, ZE_CONFLICT, "the audit log is not empty: its anchor cannot be set");
	return 0;
}

static int sq_reported_points(struct store *s, const char *org, const char *from, const char *to, reported_fn fn,
			      void *ctx, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_REPORTED_POINTS, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, from);
	bind_text(st, 3, to);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct reported_row r = {
			.org = col_text(st, 0), .name = col_text(st, 1), .parent = col_text(st, 2), .as_of = col_text(st, 3),
			.key_id = col_text(st, 4), .alg = col_text(st, 5), .sha256 = col_text(st, 6),
			.imported_at = col_text(st, 7), .body = col_text(st, 8),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_error(ss, e, "read reported packages");
	sqlite3_reset(st);
	return rc;
}

static int sq_dict_each(struct store *s, const char *org, const char *list, dict_row_fn fn, void *ctx, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_DICT_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, list);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct dict_row r = {
			.org = col_text(st, 0), .list = col_text(st, 1), .value = col_text(st, 2), .label = col_text(st, 3),
			.label_en = col_text(st, 4), .sort = sqlite3_column_int(st, 5), .enabled = sqlite3_column_int(st, 6),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_error(ss, e, "read dictionary");
	sqlite3_reset(st);
	return rc;
}

static int sq_dict_put(struct store *s, const struct dict_row *r, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_DICT_PUT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->org);
	bind_text(st, 2, r->list);
	bind_text(st, 3, r->value);
	bind_text(st, 4, r->label);
	bind_text(st, 5, r->label_en);
	sqlite3_bind_int(st, 6, r->sort);
	sqlite3_bind_int(st, 7, r->enabled);
	return exec_stmt(ss, st, e, "write dictionary entry");
}

static int sq_announce_put(struct store *s, struct announce_row *r, struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	bool insert = r->id == 0;
	sqlite3_stmt *st = stmt(ss, insert ? S_ANNOUNCE_INSERT : S_ANNOUNCE_UPDATE, e);
	if (!st)
		return e->code;
	int rc = 0, step;
	if (insert) {
		bind_text(st, 1, r->org);
		bind_text(st, 2, r->title);
		bind_text(st, 3, r->body);
		bind_text(st, 4, r->status);
		bind_text(st, 5, r->publish_on);
		bind_text(st, 6, r->expires_on);
		bind_text(st, 7, r->author);
		sqlite3_bind_int64(st, 8, r->created_at);
		sqlite3_bind_int64(st, 9, r->published_at);
		if ((step = sqlite3_step(st)) == SQLITE_ROW)
			r->id = sqlite3_column_int64(st, 0);
		else
			rc = db_error(ss, e, "add announcement");
		sqlite3_reset(st);
		return rc;
	}
	sqlite3_bind_int64(st, 1, r->id);
	bind_text(st, 2, r->org);
	bind_text(st, 3, r->title);
	bind_text(st, 4, r->body);
	bind_text(st, 5, r->status);
	bind_text(st, 6, r->publish_on);
	bind_text(st, 7, r->expires_on);
	sqlite3_bind_int64(st, 8, r->published_at);
	if ((rc = exec_stmt(ss, st, e, "update announcement")))
		return rc;
	return sqlite3_changes(ss->db) ? 0 : zerr_set(e, ZE_NOTFOUND, "unit '%s' has no announcement %lld", r->org,
							  (long long)r->id);
}

static int sq_announce_each(struct store *s, const char *org, int64_t id, announce_row_fn fn, void *ctx,
			    struct zerr *e)
{
	struct sqlite_store *ss = SS(s);
	sqlite3_stmt *st = stmt(ss, S_ANNOUNCE_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	sqlite3_bind_int64(st, 2, id);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct announce_row r = {
			.id = sqlite3_column_int64(st, 0), .org = col_text(st, 1), .title = col_text(st, 2),
			.body = col_text(st, 3), .status = col_text(st, 4), .publish_on = col_text(st, 5),
			.expires_on = col_text(st, 6), .author = col_text(st, 7), .created_at = sqlite3_column_int64(st, 8),
			.published_at = sqlite3_column_int64(st, 9),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_error(ss, e, "read announcements");
	sqlite3_reset(st);
	return rc;
}

static const struct store_ops sqlite_ops = {
	.history_put = sq_history_put,
	.history_seal = sq_history_seal,
	.history_as_of = sq_history_as_of,
	.history_each = sq_history_each,
	.delete_appt = sq_delete_appt,
	.backup = sq_backup,
	.name = "sqlite",
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.load = sq_load,
	.put_org = sql_put_org,
	.put_dept = sql_put_dept,
	.put_person = sql_put_person,
	.put_body = sql_put_body,
	.put_lead = sql_put_lead,
	.put_appt = sql_put_appt,
	.put_system = sql_put_system,
	.put_agreement = sql_put_agreement,
	.put_incident = sql_put_incident,
	.put_record = sql_put_record,
	.put_notice = sql_put_notice,
	.put_handover = sql_put_handover,
	.put_vulnerability = sql_put_vulnerability,
	.put_plan = sql_put_plan,
	.put_log_source = sql_put_log_source,
	.put_training = sql_put_training,
	.put_project = sql_put_project,
	.put_rectification = sql_put_rectification,
	.put_inspection = sql_put_inspection,
	.incident_snapshot = sql_incident_snapshot,
	.set_incident_snapshot = sql_set_incident_snapshot,
	.calendar_each = sql_calendar_each,
	.org_each = sql_org_each,
	.id_unit = sql_id_unit,
	.calendar_put = sql_calendar_put,
	.schema_version = sq_schema_version,
	.audit_last = sq_audit_last,
	.audit_insert = sq_audit_insert,
	.audit_each = sq_audit_each,
	.audit_anchor = sq_audit_anchor,
	.audit_purge = sq_audit_purge,
	.generation = sq_generation,
	.auth_generation = sq_auth_generation,
	.calendar_generation = sq_calendar_generation,
	.audit_query = sq_audit_query,
	.account_each = sq_account_each,
	.account_insert = sq_account_insert,
	.account_update = sq_account_update,
	.account_set_roles = sq_account_set_roles,
	.person_brief = sq_person_brief,
	.dept_org = sq_dept_org,
	.session_insert = sql_session_insert,
	.session_get = sql_session_get,
	.session_touch = sql_session_touch,
	.session_delete = sql_session_delete,
	.session_delete_account = sq_session_delete_account,
	.session_purge = sql_session_purge,
	.request_insert = sq_request_insert,
	.request_each = sq_request_each,
	.request_decide = sq_request_decide,
	.round_each = sq_round_each,
	.round_put = sq_round_put,
	.throttle_get = sq_throttle_get,
	.throttle_put = sq_throttle_put,
	.throttle_clear = sq_throttle_clear,
	.check = sq_check,
	.integrity = sq_integrity,
	.interrupt = sq_interrupt,
	.policy_version_insert = sq_policy_version_insert,
	.policy_version_each = sq_policy_version_each,
	.policy_version_update = sq_policy_version_update,
	.policy_version_decide = sq_policy_version_decide,
	.unit_setting_get = sq_unit_setting_get,
	.unit_setting_put = sq_unit_setting_put,
	.document_put = sq_document_put,
	.document_set_status = sq_document_set_status,
	.document_each = sq_document_each,
	.signature_insert = sq_signature_insert,
	.signature_each = sq_signature_each,
	.campaign_insert = sq_campaign_insert,
	.campaign_close = sq_campaign_close,
	.campaign_each = sq_campaign_each,
	.notify_add = sq_notify_add,
	.notify_claim = sq_notify_claim,
	.notify_finish = sq_notify_finish,
	.notify_query = sq_notify_query,
	.notify_read = sq_notify_read,
	.notify_channel_each = sq_notify_channel_each,
	.notify_channel_put = sq_notify_channel_put,
	.notify_pref_get = sq_notify_pref_get,
	.notify_pref_put = sq_notify_pref_put,
	.notify_plan_claim = sq_notify_plan_claim,
	.notify_plan_done = sq_notify_plan_done,
	.notify_plan_last = sq_notify_plan_last,
	.fed_key_put = sq_fed_key_put,
	.fed_key_each = sq_fed_key_each,
	.reported_put = sq_reported_put,
	.reported_each = sq_reported_each,
	.reported_points = sq_reported_points,
	.session_each = sq_session_each,
	.unit_setting_each = sq_unit_setting_each,
	.notify_insert = sq_notify_insert,
	.audit_anchor_put = sq_audit_anchor_put,
	.dict_each = sq_dict_each,
	.dict_put = sq_dict_put,
	.announce_put = sq_announce_put,
	.announce_each = sq_announce_each,
	.load_unit = sql_load_unit,
	.load_org = sql_load_org,
	.inspected_each = sq_inspected_each,
};

/* Applies every migration newer than the database's user_version, each in its own
 * transaction together with the version bump. */
static int migrate(struct sqlite_store *ss, struct zerr *e)
{
	int have = sq_schema_version(&ss->base);
	for (size_t i = 0; i < sizeof migrations / sizeof migrations[0]; i++) {
		const struct migration *m = &migrations[i];
		if (m->version <= have)
			continue;
		char *err = NULL;
		char bump[64];
		/* PRAGMA takes no bound parameters; the version is our own integer. */
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d", m->version);
		if (sqlite3_exec(ss->db, "BEGIN IMMEDIATE", NULL, NULL, &err) != SQLITE_OK ||
		    sqlite3_exec(ss->db, m->sql, NULL, NULL, &err) != SQLITE_OK ||
		    sqlite3_exec(ss->db, bump, NULL, NULL, &err) != SQLITE_OK ||
		    sqlite3_exec(ss->db, "COMMIT", NULL, NULL, &err) != SQLITE_OK) {
			zerr_set(e, ZE_IO, "database: migration %s: %s", m->name, err ? err : "?");
			sqlite3_free(err);
			sqlite3_exec(ss->db, "ROLLBACK", NULL, NULL, NULL);
			return ZE_IO;
		}
	}
	return 0;
}

/* "file:" URI of the database in dir, with ?query; '%', '?' and '#' in the path escaped. */
static void db_uri(struct strbuf *sb, const char *dir, const char *query)
{
	sb_adds(sb, "file:");
	for (const char *p = dir; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			sb_addf(sb, "%%%02X", (unsigned char)*p);
		else
			sb_addc(sb, *p);
	}
	sb_addf(sb, "/zeren.db?%s", query);
}

int sqlite_store_open_ro(const char *dir, struct store **out, struct zerr *e)
{
	struct stat st;
	struct strbuf path = STRBUF_INIT;
	int rc = 0;
	char probe_db[4096];
	snprintf(probe_db, sizeof probe_db, "%s/zeren.db", dir);
	if (stat(probe_db, &st))
		return zerr_set(e, ZE_NOTFOUND, "%s: %s", probe_db, strerror(errno));
	struct sqlite_store *ss = calloc(1, sizeof *ss);
	if (!ss)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	ss->base.ops = &sqlite_ops;
	sb_init(&ss->key, 4096);
	sq_sql_init(ss);
	/* mode=ro reads a live database with its WAL, consistently beside its server. Without a
	 * -wal file nobody has it open: it is read immutable, which creates no -wal or -shm (a copy,
	 * read-only media); so is a database mode=ro cannot open. Nothing is migrated or written. */
	static const char *const queries[] = {"mode=ro", "mode=ro&immutable=1"};
	char probe_wal[4200];
	snprintf(probe_wal, sizeof probe_wal, "%s-wal", probe_db);
	for (int i = stat(probe_wal, &st) == 0 ? 0 : 1; i < 2; i++) {
		sb_reset(&path);
		db_uri(&path, dir, queries[i]);
		if (ss->db) {
			sqlite3_close(ss->db);
			ss->db = NULL;
		}
		if (sqlite3_open_v2(path.buf, &ss->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
				    NULL) == SQLITE_OK &&
		    sqlite3_exec(ss->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) == SQLITE_OK)
			break;
		if (i == 1) {
			rc = zerr_set(e, ZE_IO, "%s: %s", probe_db, ss->db ? sqlite3_errmsg(ss->db) : "cannot open");
			goto out;
		}
	}
	sqlite3_busy_timeout(ss->db, 5000);
	*out = &ss->base;
	ss = NULL;
out:
	if (ss)
		sq_close(&ss->base);
	sb_release(&path);
	return rc;
}

/* Creates dir and any missing parents (mode 0750), as `mkdir -p` does; 0 or -1 with errno. */
static int make_dirs(const char *dir)
{
	char path[4096];
	size_t n = strlen(dir);
	if (n == 0 || n >= sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0750) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(path, 0750) != 0 && errno != EEXIST ? -1 : 0;
}

int sqlite_store_open(const char *dir, struct store **out, struct zerr *e)
{
	int rc = 0;
	struct strbuf path = STRBUF_INIT;
	struct sqlite_store *ss = calloc(1, sizeof *ss);
	if (!ss)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	ss->base.ops = &sqlite_ops;
	sb_init(&ss->key, 4096);
	sq_sql_init(ss);
	if (make_dirs(dir) != 0) {
		rc = zerr_set(e, ZE_IO, "%s: cannot create data directory: %s", dir, strerror(errno));
		goto out;
	}
	sb_addf(&path, "%s/zeren.db", dir);
	if (sqlite3_open_v2(path.buf, &ss->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		rc = zerr_set(e, ZE_IO, "%s: %s", path.buf, ss->db ? sqlite3_errmsg(ss->db) : "cannot open");
		goto out;
	}
	sqlite3_busy_timeout(ss->db, 5000);
	ss->gate = gate_get(path.buf);
	char *err = NULL;
	/* Durability (docs/server.md): FULL syncs the WAL at every commit, so an acknowledged write
	 * or audit record survives a power loss; ZEREN_SYNCHRONOUS=normal trades that for speed
	 * (a crash of the process alone still loses nothing). */
	const char *sync = getenv("ZEREN_SYNCHRONOUS");
	bool normal = sync && (strcmp(sync, "normal") == 0 || strcmp(sync, "NORMAL") == 0);
	if (sync && !normal && strcmp(sync, "full") != 0 && strcmp(sync, "FULL") != 0) {
		rc = zerr_set(e, ZE_INVALID, "ZEREN_SYNCHRONOUS is full or normal, not '%s'", sync);
		goto out;
	}
	if (sqlite3_exec(ss->db,
			 normal ? "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
				  "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536"
				: "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
				  "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536",
			 NULL, NULL, &err) != SQLITE_OK) {
		rc = zerr_set(e, ZE_IO, "%s: %s", path.buf, err ? err : "cannot configure");
		sqlite3_free(err);
		goto out;
	}
	if ((rc = migrate(ss, e)))
		goto out;
	*out = &ss->base;
	ss = NULL;
out:
	if (ss)
		sq_close(&ss->base);
	sb_release(&path);
	return rc;
}
