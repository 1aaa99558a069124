/* The PostgreSQL backend (libpq): the store of a city or a province, shared by several servers.
 *
 * One schema per store, named in the data directory's zeren.pg (pg_schema_name), as SQLite's
 * store is the directory's zeren.db: the directory names the store on both backends, a new
 * directory is a new store, and servers that share a store share its data directory. That
 * directory still holds the evidence files and the keys: only the tables are in PostgreSQL. The schema is created, and migrated with src/store/migrations-pg
 * (the PostgreSQL dialect of each SQLite migration, same numbers), when the store is opened.
 *
 * Every statement is prepared once per connection (PQprepare) and run with bound text
 * parameters; the few helpers below give the statements the shape of SQLite's (bind, step,
 * column), so that this file reads as src/store/sqlite.c, its reference, does.
 *
 * Writers: a write transaction (store_begin) takes a transaction-level advisory lock of the
 * store at BEGIN. It serializes the writers of one store exactly as SQLite's write lock
 * (BEGIN IMMEDIATE) does, so the importer's single-writer assumption and the audit chain (each
 * record numbered after the last, without gaps, in the writer's transaction) hold under
 * several servers, without SERIALIZABLE and its retry loops. Readers are not blocked (MVCC). */
#include <assert.h>
#include <errno.h>
#include <libpq-fe.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/backend.h"
#include "util/hmap.h"
#include "util/strbuf.h"

struct migration {
	int version;
	const char *name;
	const char *sql;
};
#include "migrations-pg.h"

enum stmt_id {
	S_BEGIN,
	S_PUT_ORG, S_PUT_DEPT, S_PUT_PERSON, S_PUT_BODY, S_PUT_LEAD, S_PUT_APPT, S_PUT_SYSTEM,
	S_PUT_AGREEMENT,
	S_LOAD_ORG,
	S_LOAD_DEPT, S_LOAD_PERSON, S_LOAD_BODY, S_LOAD_LEAD, S_LOAD_SYSTEM, S_LOAD_APPT,
	S_LOAD_AGREEMENT,
	S_LOAD_DEPT_ORG, S_LOAD_PERSON_ORG, S_LOAD_BODY_ORG, S_LOAD_LEAD_ORG, S_LOAD_SYSTEM_ORG,
	S_LOAD_APPT_ORG, S_LOAD_AGREEMENT_ORG,
	S_CAL_LOAD, S_CAL_PUT, S_ORG_EACH, S_UNIT_OF_DEPT, S_UNIT_OF_PERSON, S_UNIT_OF_BODY,
	S_UNIT_OF_SYSTEM, S_UNIT_OF_AGREEMENT, S_UNIT_OF_INCIDENT, S_UNIT_OF_NOTICE,
	S_PUT_INCIDENT, S_PUT_NOTICE, S_CLEAR_NOTICE_SYSTEMS, S_PUT_NOTICE_SYSTEM,
	S_LOAD_INCIDENT, S_LOAD_INCIDENT_ORG, S_LOAD_NOTICE, S_LOAD_NOTICE_ORG, S_LOAD_NOTICE_SYSTEM,
	S_LOAD_NOTICE_SYSTEM_ORG, S_GET_SNAPSHOT, S_SET_SNAPSHOT,
	S_PUT_RECORD, S_CLEAR_EVIDENCE, S_PUT_EVIDENCE, S_LOAD_RECORD, S_LOAD_RECORD_ORG, S_LOAD_EVIDENCE,
	S_LOAD_EVIDENCE_ORG,
	S_AUDIT_LAST, S_AUDIT_LAST_PURGE, S_AUDIT_INSERT, S_AUDIT_EACH, S_AUDIT_ANCHOR, S_AUDIT_PURGE_MARK,
	S_AUDIT_PURGE, S_AUDIT_NEWEST, S_AUDIT_OLDEST, S_AUDIT_COUNT,
	S_GEN_GET, S_AUTH_GEN_GET, S_CAL_GEN_GET, S_GEN_BUMP,
	S_ACCOUNT_ALL, S_ACCOUNT_BY_NAME, S_ACCOUNT_BY_ID, S_ACCOUNT_BY_CALENDAR, S_ACCOUNT_INSERT,
	S_ACCOUNT_UPDATE, S_ROLES_CLEAR, S_ROLE_ADD, S_PERSON_BRIEF, S_DEPT_ORG,
	S_SESSION_INSERT, S_SESSION_GET, S_SESSION_TOUCH, S_SESSION_DELETE, S_SESSION_DELETE_ACCOUNT,
	S_SESSION_PURGE,
	S_REQUEST_INSERT, S_REQUEST_EACH, S_REQUEST_DECIDE, S_THROTTLE_GET, S_THROTTLE_PUT, S_THROTTLE_CLEAR,
	S_ROUND_EACH, S_ROUND_INSERT, S_ROUND_UPDATE,
	S_PV_INSERT, S_PV_EACH, S_PV_UPDATE, S_PV_DECIDE,
	S_DOC_PUT, S_DOC_STATUS, S_DOC_BY_NUMBER, S_DOC_BY_SHA256, S_DOC_BY_CAMPAIGN, S_DOC_BY_ORG,
	S_SIG_INSERT, S_SIG_EACH, S_CAMPAIGN_INSERT, S_CAMPAIGN_CLOSE, S_CAMPAIGN_EACH,
	S_PUT_HANDOVER, S_LOAD_HANDOVER, S_LOAD_HANDOVER_ORG, S_UNIT_OF_HANDOVER,
	S_PUT_VULN, S_LOAD_VULN, S_LOAD_VULN_ORG, S_UNIT_OF_VULN,
	S_PUT_PLAN, S_LOAD_PLAN, S_LOAD_PLAN_ORG, S_UNIT_OF_PLAN, S_CLEAR_PLAN_DRILLS, S_PUT_PLAN_DRILL, S_LOAD_PLAN_DRILL,
	S_LOAD_PLAN_DRILL_ORG,
	S_PUT_LOG_SOURCE, S_LOAD_LOG_SOURCE, S_LOAD_LOG_SOURCE_ORG, S_UNIT_OF_LOG_SOURCE,
	S_PUT_TRAINING, S_LOAD_TRAINING, S_LOAD_TRAINING_ORG, S_UNIT_OF_TRAINING, S_CLEAR_TRAINING_ATTENDEES,
	S_PUT_TRAINING_ATTENDEE, S_LOAD_TRAINING_ATTENDEE, S_LOAD_TRAINING_ATTENDEE_ORG,
	S_PUT_PROJECT, S_LOAD_PROJECT, S_LOAD_PROJECT_ORG, S_UNIT_OF_PROJECT, S_CLEAR_SYSTEM_PROJECT, S_PUT_SYSTEM_PROJECT,
	S_LOAD_SYSTEM_PROJECT, S_LOAD_SYSTEM_PROJECT_ORG,
	S_CLEAR_PLAN_REVIEWS, S_PUT_PLAN_REVIEW, S_LOAD_PLAN_REVIEW, S_LOAD_PLAN_REVIEW_ORG,
	S_PUT_RECT, S_LOAD_RECT, S_LOAD_RECT_ORG, S_UNIT_OF_RECT, S_CLEAR_RECT_EVIDENCE, S_PUT_RECT_EVIDENCE,
	S_LOAD_RECT_EVIDENCE, S_LOAD_RECT_EVIDENCE_ORG,
	S_PUT_INSP, S_LOAD_INSP, S_LOAD_INSP_ORG, S_UNIT_OF_INSP, S_CLEAR_INSP_ITEMS, S_PUT_INSP_ITEM, S_LOAD_INSP_ITEM,
	S_LOAD_INSP_ITEM_ORG,
	S_CLEAR_REPORTS, S_PUT_REPORT, S_LOAD_REPORTS, S_LOAD_REPORTS_ORG,
	S_NOTIFY_ADD, S_NOTIFY_CLAIM, S_NOTIFY_FINISH, S_NOTIFY_COUNT, S_NOTIFY_QUERY, S_NOTIFY_READ,
	S_NOTIFY_CHANNEL_EACH, S_NOTIFY_CHANNEL_PUT, S_NOTIFY_PREF_GET, S_NOTIFY_PREF_PUT, S_NOTIFY_PLAN_CLAIM,
	S_NOTIFY_PLAN_DONE,
	S_CLEAR_DEPT_VERSIONS, S_PUT_DEPT_VERSION, S_LOAD_DEPT_VERSION, S_LOAD_DEPT_VERSION_ORG,
	S_CLEAR_SYSTEM_VERSIONS, S_PUT_SYSTEM_VERSION, S_LOAD_SYSTEM_VERSION, S_LOAD_SYSTEM_VERSION_ORG,
	S_CLEAR_ASSESSMENTS, S_PUT_ASSESSMENT, S_LOAD_ASSESSMENT, S_LOAD_ASSESSMENT_ORG,
	S_HISTORY_LATEST, S_HISTORY_PUT, S_HISTORY_SEAL, S_HISTORY_AS_OF, S_HISTORY_AS_OF_ALL, S_HISTORY_EACH,
	S_DELETE_APPT,
	S_NOTIFY_PLAN_LAST,
	S_FEDKEY_PUT, S_FEDKEY_EACH, S_REPORTED_PUT, S_REPORTED_EACH,
	S_UNIT_SETTING_GET, S_UNIT_SETTING_PUT,
	S_COUNT
};

/* Every filter is bound; a NULL parameter does not filter. */
#define AUDIT_WHERE \
	" WHERE ($1::text IS NULL OR account = $1) AND ($2::text IS NULL OR substr(action, 1, length($2)) = $2)" \
	" AND ($3::text IS NULL OR object = $3) AND ($4::bigint IS NULL OR success = $4) AND ($5::text IS NULL OR at >= $5)" \
	" AND ($6::text IS NULL OR at < $6)"
#define AUDIT_QUERY \
	"SELECT seq, at, account, source, action, object, success, detail, prev_hash, hash FROM audit_log" AUDIT_WHERE
#define ACCOUNT_SELECT \
	"SELECT a.id, a.username, a.display_name, a.person, a.department, a.password_hash, a.calendar_token, " \
	"p.org, coalesce((SELECT string_agg(role, ',' ORDER BY r.rowid) FROM account_role r WHERE r.account = a.id), ''), " \
	"a.must_change, a.disabled, a.failures, a.locked_until, a.created_at, a.password_changed_at, " \
	"coalesce(a.last_login_at, 0) FROM account a LEFT JOIN person p ON p.id = a.person"

#define NOTIFY_COLUMNS \
	"id, key, org, rule, object, person, channel, subject, body, state, attempts, next_at, created_at, " \
	"coalesce(sent_at, 0), coalesce(read_at, 0), answer"
/* Every filter is bound; a NULL parameter does not filter. */
#define NOTIFY_WHERE \
	" WHERE ($1::text IS NULL OR org = $1) AND ($2::text IS NULL OR person = $2) AND ($3::text IS NULL OR channel = $3)" \
	" AND ($4::text IS NULL OR state = $4) AND ($5::text IS NULL OR rule = $5)" \
	" AND ($6 = 0 OR (channel = 'inbox' AND read_at IS NULL))"

static const char *const sql_text[S_COUNT] = {
	[S_BEGIN] = "SELECT pg_advisory_xact_lock($1::bigint)",
			[S_PUT_ORG] = "INSERT INTO org(id, name, kind, parent, policy, time_zone, operator_type) "
		      "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(id) DO UPDATE SET name = $2, kind = $3, "
		      "parent = $4, policy = $5, time_zone = $6, operator_type = $7",
	[S_PUT_DEPT] = "INSERT INTO department(id, org, name, parent, established, dissolved) VALUES ($1, $2, $3, $4, $5, $6) "
		       "ON CONFLICT(id) DO UPDATE SET org = $2, name = $3, parent = $4, established = $5, dissolved = $6",
	[S_PUT_PERSON] = "INSERT INTO person(id, org, department, name, background_check, joined, left_on) "
			 "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(id) DO UPDATE SET org = $2, "
			 "department = $3, name = $4, background_check = $5, joined = $6, left_on = $7",
	[S_PUT_BODY] = "INSERT INTO body(id, org, kind, name, established, dissolved) VALUES ($1, $2, $3, $4, $5, $6) "
		       "ON CONFLICT(id) DO UPDATE SET org = $2, kind = $3, name = $4, established = $5, dissolved = $6",
	[S_PUT_LEAD] = "INSERT INTO body_lead(body, led) VALUES ($1, $2) ON CONFLICT DO NOTHING",
	[S_PUT_APPT] = "INSERT INTO appointment(natural_key, person, org, department, system, body, "
		       "post, seat, from_date, to_date, full_time) "
		       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
		       "ON CONFLICT(natural_key) DO UPDATE SET to_date = $10, full_time = $11",
	[S_PUT_SYSTEM] = "INSERT INTO system(id, org, name, owner_department, mlps_level, filing_no, "
			 "filed_on, last_assessed_on, critical_infrastructure, public_website, in_service, retired) "
			 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT(id) DO UPDATE SET "
			 "org = $2, name = $3, owner_department = $4, mlps_level = $5, filing_no = $6, "
			 "filed_on = $7, last_assessed_on = $8, critical_infrastructure = $9, "
			 "public_website = $10, in_service = $11, retired = $12",
	[S_PUT_AGREEMENT] = "INSERT INTO agreement(id, org, kind, person, from_date, to_date, signed_on, post, department) "
			    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT(id) DO UPDATE SET "
			    "org = $2, kind = $3, person = $4, from_date = $5, to_date = $6, signed_on = $7, post = $8, "
			    "department = $9",
	[S_LOAD_ORG] = "SELECT id, name, kind, parent, policy, time_zone, operator_type FROM org ORDER BY rowid",
	[S_LOAD_DEPT] = "SELECT id, org, name, parent, established, dissolved FROM department ORDER BY rowid",
	[S_LOAD_PERSON] = "SELECT id, org, department, name, background_check, joined, left_on FROM person ORDER BY rowid",
	[S_LOAD_BODY] = "SELECT id, org, kind, name, established, dissolved FROM body ORDER BY rowid",
	[S_LOAD_LEAD] = "SELECT body, led FROM body_lead ORDER BY rowid",
	[S_LOAD_SYSTEM] = "SELECT id, org, name, owner_department, mlps_level, filing_no, filed_on, "
			  "last_assessed_on, critical_infrastructure, public_website, in_service, retired FROM system "
			  "ORDER BY rowid",
	[S_LOAD_APPT] = "SELECT person, org, department, system, body, post, seat, from_date, to_date, "
			"full_time FROM appointment ORDER BY id",
	[S_LOAD_AGREEMENT] = "SELECT id, org, kind, person, from_date, to_date, signed_on, post, department FROM agreement "
			     "ORDER BY rowid",
	[S_LOAD_DEPT_ORG] = "SELECT id, org, name, parent, established, dissolved FROM department WHERE org = $1 "
			    "ORDER BY rowid",
	[S_LOAD_PERSON_ORG] = "SELECT id, org, department, name, background_check, joined, left_on FROM person "
			      "WHERE org = $1 ORDER BY rowid",
	[S_LOAD_BODY_ORG] = "SELECT id, org, kind, name, established, dissolved FROM body WHERE org = $1 ORDER BY rowid",
	[S_LOAD_LEAD_ORG] = "SELECT body_lead.body, body_lead.led FROM body_lead JOIN body "
			    "ON body.id = body_lead.body WHERE body.org = $1 ORDER BY body_lead.rowid",
	[S_LOAD_SYSTEM_ORG] = "SELECT id, org, name, owner_department, mlps_level, filing_no, filed_on, "
			      "last_assessed_on, critical_infrastructure, public_website, in_service, retired FROM system "
			      "WHERE org = $1 ORDER BY rowid",
	[S_LOAD_APPT_ORG] = "SELECT person, org, department, system, body, post, seat, from_date, "
			    "to_date, full_time FROM appointment WHERE org = $1 ORDER BY id",
	[S_LOAD_AGREEMENT_ORG] = "SELECT id, org, kind, person, from_date, to_date, signed_on, post, department "
				 "FROM agreement WHERE org = $1 ORDER BY rowid",
	[S_PUT_INCIDENT] = "INSERT INTO incident(id, org, system, title, category, grade, occurred_at, detected_at, "
			   "reported_at, resolved_at, outage_hours, personal_info_records, summary_on, classification, "
			   "attacked, handled_in_time, function_outage_hours, economic_loss_yuan, people_affected, "
			   "follow_up_reports) "
			   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) "
			   "ON CONFLICT(id) DO UPDATE SET "
			   "org = $2, system = $3, title = $4, category = $5, grade = $6, occurred_at = $7, "
			   "detected_at = $8, reported_at = $9, resolved_at = $10, outage_hours = $11, "
			   "personal_info_records = $12, summary_on = $13, classification = $14, attacked = $15, "
			   "handled_in_time = $16, function_outage_hours = $17, economic_loss_yuan = $18, "
			   "people_affected = $19, follow_up_reports = $20",
	[S_PUT_NOTICE] = "INSERT INTO notice(id, org, issuer, document_no, title, received_on, rectified_on, feedback_on, "
			 "rectify_by, received_at, issuer_org, feedback) "
			 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT(id) DO UPDATE SET org = $2, "
			 "issuer = $3, document_no = $4, title = $5, received_on = $6, rectified_on = $7, feedback_on = $8, "
			 "rectify_by = $9, received_at = $10, issuer_org = $11, feedback = $12",
	[S_CLEAR_NOTICE_SYSTEMS] = "DELETE FROM notice_system WHERE notice = $1",
	[S_PUT_NOTICE_SYSTEM] = "INSERT INTO notice_system(notice, system) VALUES ($1, $2) ON CONFLICT DO NOTHING",
#define INCIDENT_COLUMNS                                                                             \
	"id, org, system, title, category, grade, occurred_at, detected_at, reported_at, resolved_at, "   \
	"outage_hours, personal_info_records, summary_on, classification, attacked, handled_in_time, "    \
	"function_outage_hours, economic_loss_yuan, people_affected, follow_up_reports "
#define NOTICE_COLUMNS \
	"id, org, issuer, document_no, title, received_on, rectified_on, feedback_on, rectify_by, received_at, " \
	"issuer_org, feedback "
	[S_LOAD_INCIDENT] = "SELECT " INCIDENT_COLUMNS "FROM incident ORDER BY rowid",
	[S_LOAD_INCIDENT_ORG] = "SELECT " INCIDENT_COLUMNS "FROM incident WHERE org = $1 ORDER BY rowid",
	[S_LOAD_NOTICE] = "SELECT " NOTICE_COLUMNS "FROM notice ORDER BY rowid",
	[S_LOAD_NOTICE_ORG] = "SELECT " NOTICE_COLUMNS "FROM notice WHERE org = $1 ORDER BY rowid",
	[S_LOAD_NOTICE_SYSTEM] = "SELECT notice, system FROM notice_system ORDER BY rowid",
	[S_LOAD_NOTICE_SYSTEM_ORG] = "SELECT notice_system.notice, notice_system.system FROM notice_system JOIN notice "
				     "ON notice.id = notice_system.notice WHERE notice.org = $1 ORDER BY notice_system.rowid",
	[S_FEDKEY_PUT] = "INSERT INTO federation_key(org, direction, name, alg, key_id, public_key, registered_at) "
			 "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(org, direction) DO UPDATE SET name = $3, alg = $4, "
			 "key_id = $5, public_key = $6, registered_at = $7",
	[S_FEDKEY_EACH] = "SELECT org, direction, name, alg, key_id, public_key, registered_at FROM federation_key "
			  "WHERE ($1::text IS NULL OR org = $1) AND ($2::text IS NULL OR direction = $2) ORDER BY direction, org",
	[S_REPORTED_PUT] = "INSERT INTO reported_unit(org, name, parent, as_of, key_id, alg, sha256, imported_at, body) "
			   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT(org) DO UPDATE SET name = $2, parent = $3, "
			   "as_of = $4, key_id = $5, alg = $6, sha256 = $7, imported_at = $8, body = $9",
	[S_REPORTED_EACH] = "SELECT org, name, parent, as_of, key_id, alg, sha256, imported_at, body FROM reported_unit "
			    "WHERE ($1::text IS NULL OR org = $1) ORDER BY org",
	[S_ROUND_EACH] = "SELECT id, org, year, version, state, doc, updated_at FROM evaluation_round WHERE "
			 "($1::text IS NULL OR org = $1) AND ($2 = 0 OR year = $2) AND ($3 = 0 OR id = $3) ORDER BY org, year, version",
	[S_ROUND_INSERT] = "INSERT INTO evaluation_round(org, year, version, state, doc, updated_at) "
			   "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	[S_ROUND_UPDATE] = "UPDATE evaluation_round SET state = $2, doc = $3, updated_at = $4 WHERE id = $1",
	[S_GET_SNAPSHOT] = "SELECT responsible_snapshot FROM incident WHERE id = $1",
	/* The chain is recorded once, when the incident is; later corrections do not rewrite it. */
	[S_SET_SNAPSHOT] = "UPDATE incident SET responsible_snapshot = $2 WHERE id = $1 AND responsible_snapshot IS NULL",
	[S_PUT_RECORD] = "INSERT INTO obligation_record(natural_key, org, obligation, period, department, done_on, "
			 "by_person, notes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT(natural_key) DO UPDATE SET "
			 "done_on = $6, by_person = $7, notes = $8 RETURNING id",
	[S_CLEAR_EVIDENCE] = "DELETE FROM evidence WHERE record = $1",
	[S_PUT_EVIDENCE] = "INSERT INTO evidence(record, sha256, name, size) VALUES ($1, $2, $3, $4) "
			   "ON CONFLICT(record, sha256) DO UPDATE SET name = excluded.name, size = excluded.size",
	[S_LOAD_RECORD] = "SELECT id, org, obligation, period, department, done_on, by_person, notes "
			  "FROM obligation_record ORDER BY id",
	[S_LOAD_RECORD_ORG] = "SELECT id, org, obligation, period, department, done_on, by_person, notes "
			      "FROM obligation_record WHERE org = $1 ORDER BY id",
	[S_LOAD_EVIDENCE] = "SELECT record, sha256, name, size FROM evidence ORDER BY record, rowid",
	[S_LOAD_EVIDENCE_ORG] = "SELECT evidence.record, evidence.sha256, evidence.name, evidence.size FROM evidence "
				"JOIN obligation_record r ON r.id = evidence.record WHERE r.org = $1 "
				"ORDER BY evidence.record, evidence.rowid",
	[S_CAL_LOAD] = "SELECT date, kind, holiday, holiday_zh FROM calendar_day ORDER BY date",
	[S_ORG_EACH] = "SELECT id, name, kind, policy FROM org ORDER BY id",
	[S_UNIT_OF_DEPT] = "SELECT org FROM department WHERE id = $1",
	[S_UNIT_OF_PERSON] = "SELECT org FROM person WHERE id = $1",
	[S_UNIT_OF_BODY] = "SELECT org FROM body WHERE id = $1",
	[S_UNIT_OF_SYSTEM] = "SELECT org FROM system WHERE id = $1",
	[S_UNIT_OF_AGREEMENT] = "SELECT org FROM agreement WHERE id = $1",
	[S_UNIT_OF_INCIDENT] = "SELECT org FROM incident WHERE id = $1",
	[S_UNIT_OF_NOTICE] = "SELECT org FROM notice WHERE id = $1",
	[S_UNIT_OF_HANDOVER] = "SELECT org FROM handover WHERE id = $1",
	[S_PUT_HANDOVER] = "INSERT INTO handover(id, org, person, post, left_on, successor, accounts_closed_on, "
			   "materials_returned_on, passwords_changed_on, completed_on, notes) "
			   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT(id) DO UPDATE SET "
			   "org = $2, person = $3, post = $4, left_on = $5, successor = $6, accounts_closed_on = $7, "
			   "materials_returned_on = $8, passwords_changed_on = $9, completed_on = $10, notes = $11",
#define HANDOVER_COLUMNS                                                                             \
	"id, org, person, post, left_on, successor, accounts_closed_on, materials_returned_on, "          \
	"passwords_changed_on, completed_on, notes "
	[S_LOAD_HANDOVER] = "SELECT " HANDOVER_COLUMNS "FROM handover ORDER BY rowid",
	[S_LOAD_HANDOVER_ORG] = "SELECT " HANDOVER_COLUMNS "FROM handover WHERE org = $1 ORDER BY rowid",
	[S_UNIT_OF_VULN] = "SELECT org FROM vulnerability WHERE id = $1",
	[S_PUT_VULN] = "INSERT INTO vulnerability(id, org, system, title, source, severity, found_on, due_on, fixed_on, "
		       "verified_on, notice, notes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
		       "ON CONFLICT(id) DO UPDATE SET org = $2, system = $3, title = $4, source = $5, severity = $6, "
		       "found_on = $7, due_on = $8, fixed_on = $9, verified_on = $10, notice = $11, notes = $12",
#define VULN_COLUMNS \
	"id, org, system, title, source, severity, found_on, due_on, fixed_on, verified_on, notice, notes "
	[S_LOAD_VULN] = "SELECT " VULN_COLUMNS "FROM vulnerability ORDER BY rowid",
	[S_LOAD_VULN_ORG] = "SELECT " VULN_COLUMNS "FROM vulnerability WHERE org = $1 ORDER BY rowid",
	[S_UNIT_OF_PLAN] = "SELECT org FROM emergency_plan WHERE id = $1",
	[S_PUT_PLAN] = "INSERT INTO emergency_plan(id, org, title, version, approved_on, reviewed_on, withdrawn_on, notes) "
		       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT(id) DO UPDATE SET org = $2, title = $3, "
		       "version = $4, approved_on = $5, reviewed_on = $6, withdrawn_on = $7, notes = $8",
	[S_LOAD_PLAN] = "SELECT id, org, title, version, approved_on, reviewed_on, withdrawn_on, notes FROM emergency_plan "
			"ORDER BY rowid",
	[S_LOAD_PLAN_ORG] = "SELECT id, org, title, version, approved_on, reviewed_on, withdrawn_on, notes FROM emergency_plan "
			    "WHERE org = $1 ORDER BY rowid",
	[S_CLEAR_PLAN_DRILLS] = "DELETE FROM plan_drill WHERE plan = $1",
#define PROJECT_COLUMNS                                                                                  \
	"id, org, name, department, budget, security_budget, approved_on, started_on, in_use_on, cancelled_on, " \
	"security_planned, security_built, security_implemented, notes "
	[S_UNIT_OF_PROJECT] = "SELECT org FROM project WHERE id = $1",
	[S_PUT_PROJECT] = "INSERT INTO project(" PROJECT_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
			  "$13, $14) ON CONFLICT(id) DO UPDATE SET org = $2, name = $3, department = $4, budget = $5, "
			  "security_budget = $6, approved_on = $7, started_on = $8, in_use_on = $9, cancelled_on = $10, "
			  "security_planned = $11, security_built = $12, security_implemented = $13, notes = $14",
	[S_LOAD_PROJECT] = "SELECT " PROJECT_COLUMNS "FROM project ORDER BY rowid",
	[S_LOAD_PROJECT_ORG] = "SELECT " PROJECT_COLUMNS "FROM project WHERE org = $1 ORDER BY rowid",
	[S_CLEAR_SYSTEM_PROJECT] = "DELETE FROM system_project WHERE system = $1",
	[S_PUT_SYSTEM_PROJECT] = "INSERT INTO system_project(system, project) VALUES ($1, $2)",
	[S_LOAD_SYSTEM_PROJECT] = "SELECT system, project FROM system_project",
	[S_LOAD_SYSTEM_PROJECT_ORG] = "SELECT sp.system, sp.project FROM system_project sp JOIN system y ON y.id = sp.system "
				      "WHERE y.org = $1",
	[S_CLEAR_PLAN_REVIEWS] = "DELETE FROM plan_review WHERE plan = $1",
	[S_PUT_PLAN_REVIEW] = "INSERT INTO plan_review(plan, reviewed_on, reviewer, outcome) VALUES ($1, $2, $3, $4)",
	[S_LOAD_PLAN_REVIEW] = "SELECT plan, reviewed_on, reviewer, outcome FROM plan_review ORDER BY plan, reviewed_on",
	[S_LOAD_PLAN_REVIEW_ORG] = "SELECT r.plan, r.reviewed_on, r.reviewer, r.outcome FROM plan_review r JOIN emergency_plan p "
				   "ON p.id = r.plan WHERE p.org = $1 ORDER BY r.plan, r.reviewed_on",
	[S_PUT_PLAN_DRILL] = "INSERT INTO plan_drill(plan, held_on) VALUES ($1, $2) ON CONFLICT DO NOTHING",
	[S_LOAD_PLAN_DRILL] = "SELECT plan, held_on FROM plan_drill ORDER BY plan, held_on",
	[S_LOAD_PLAN_DRILL_ORG] = "SELECT plan_drill.plan, plan_drill.held_on FROM plan_drill JOIN emergency_plan p "
				  "ON p.id = plan_drill.plan WHERE p.org = $1 ORDER BY plan_drill.plan, plan_drill.held_on",
	/* The registers below are bound and read by their column lists (struct reg_desc): the order of
	 * the columns here is the order of their descriptions. */
	[S_UNIT_OF_LOG_SOURCE] = "SELECT org FROM log_source WHERE id = $1",
	[S_PUT_LOG_SOURCE] = "INSERT INTO log_source(id, org, system, name, kind, retention_days, checked_on, notes) "
			     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT(id) DO UPDATE SET org = $2, system = $3, "
			     "name = $4, kind = $5, retention_days = $6, checked_on = $7, notes = $8",
	[S_LOAD_LOG_SOURCE] = "SELECT id, org, system, name, kind, retention_days, checked_on, notes FROM log_source ORDER BY rowid",
	[S_LOAD_LOG_SOURCE_ORG] = "SELECT id, org, system, name, kind, retention_days, checked_on, notes FROM log_source "
				  "WHERE org = $1 ORDER BY rowid",
	[S_UNIT_OF_TRAINING] = "SELECT org FROM training_session WHERE id = $1",
	[S_PUT_TRAINING] = "INSERT INTO training_session(id, org, title, held_on, organiser, kind, level, department, "
			   "hours, notes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT(id) DO UPDATE "
			   "SET org = $2, title = $3, held_on = $4, organiser = $5, kind = $6, level = $7, department = $8, "
			   "hours = $9, notes = $10",
#define TRAINING_COLUMNS "id, org, title, held_on, organiser, kind, level, department, hours, notes "
	[S_LOAD_TRAINING] = "SELECT " TRAINING_COLUMNS "FROM training_session ORDER BY rowid",
	[S_LOAD_TRAINING_ORG] = "SELECT " TRAINING_COLUMNS "FROM training_session WHERE org = $1 ORDER BY rowid",
	[S_CLEAR_TRAINING_ATTENDEES] = "DELETE FROM training_attendee WHERE session = $1",
	[S_PUT_TRAINING_ATTENDEE] = "INSERT INTO training_attendee(session, person, hours, certificate) "
				    "VALUES ($1, $2, $3, $4) ON CONFLICT(session, person) DO UPDATE SET hours = $3, "
				    "certificate = $4",
	[S_LOAD_TRAINING_ATTENDEE] = "SELECT session, person, hours, certificate FROM training_attendee ORDER BY rowid",
	[S_LOAD_TRAINING_ATTENDEE_ORG] = "SELECT a.session, a.person, a.hours, a.certificate FROM training_attendee a "
					 "JOIN training_session t ON t.id = a.session WHERE t.org = $1 ORDER BY a.rowid",
	[S_UNIT_OF_RECT] = "SELECT org FROM rectification WHERE id = $1",
	[S_PUT_RECT] = "INSERT INTO rectification(id, org, rule, subject, title, department, person, assigned_on, due_on, "
		       "rectified_on, rectification, closed_on, notes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
		       "$12, $13) ON CONFLICT(id) DO UPDATE SET org = $2, rule = $3, subject = $4, title = $5, "
		       "department = $6, person = $7, assigned_on = $8, due_on = $9, rectified_on = $10, "
		       "rectification = $11, closed_on = $12, notes = $13",
#define RECT_COLUMNS \
	"id, org, rule, subject, title, department, person, assigned_on, due_on, rectified_on, rectification, closed_on, notes "
	[S_LOAD_RECT] = "SELECT " RECT_COLUMNS "FROM rectification ORDER BY rowid",
	[S_LOAD_RECT_ORG] = "SELECT " RECT_COLUMNS "FROM rectification WHERE org = $1 ORDER BY rowid",
	[S_CLEAR_RECT_EVIDENCE] = "DELETE FROM rectification_evidence WHERE rectification = $1",
	[S_PUT_RECT_EVIDENCE] = "INSERT INTO rectification_evidence(rectification, sha256, name, size) "
				"VALUES ($1, $2, $3, $4) ON CONFLICT(rectification, sha256) DO UPDATE SET "
				"name = excluded.name, size = excluded.size",
	[S_LOAD_RECT_EVIDENCE] = "SELECT rectification, sha256, name, size FROM rectification_evidence "
				 "ORDER BY rectification, rowid",
	[S_LOAD_RECT_EVIDENCE_ORG] = "SELECT e.rectification, e.sha256, e.name, e.size FROM rectification_evidence e "
				     "JOIN rectification r ON r.id = e.rectification WHERE r.org = $1 "
				     "ORDER BY e.rectification, e.rowid",
	[S_UNIT_OF_INSP] = "SELECT org FROM inspection WHERE id = $1",
	[S_PUT_INSP] = "INSERT INTO inspection(id, org, inspector_org, held_on, scope, inspectors) VALUES ($1, $2, $3, $4, "
		       "$5, $6) ON CONFLICT(id) DO UPDATE SET org = $2, inspector_org = $3, held_on = $4, scope = $5, "
		       "inspectors = $6",
	[S_LOAD_INSP] = "SELECT id, org, inspector_org, held_on, scope, inspectors FROM inspection ORDER BY rowid",
	[S_LOAD_INSP_ORG] = "SELECT id, org, inspector_org, held_on, scope, inspectors FROM inspection WHERE org = $1 "
			    "ORDER BY rowid",
	[S_CLEAR_INSP_ITEMS] = "DELETE FROM inspection_item WHERE inspection = $1",
	[S_PUT_INSP_ITEM] = "INSERT INTO inspection_item(inspection, n, title, basis, department, due_on) "
			    "VALUES ($1, $2, $3, $4, $5, $6)",
	[S_LOAD_INSP_ITEM] = "SELECT inspection, title, basis, department, due_on FROM inspection_item ORDER BY inspection, n",
	[S_LOAD_INSP_ITEM_ORG] = "SELECT t.inspection, t.title, t.basis, t.department, t.due_on FROM inspection_item t "
				 "JOIN inspection i ON i.id = t.inspection WHERE i.org = $1 ORDER BY t.inspection, t.n",
	[S_CLEAR_REPORTS] = "DELETE FROM report_file WHERE kind = $1 AND record = $2",
	[S_PUT_REPORT] = "INSERT INTO report_file(kind, record, sha256, name, size) VALUES ($1, $2, $3, $4, $5) "
			 "ON CONFLICT(kind, record, sha256) DO UPDATE SET name = excluded.name, size = excluded.size",
	/* $2: the kind ($1, the unit, only in the second: NULL in the first, where PostgreSQL must
	 * still see it to know its type) */
	[S_LOAD_REPORTS] = "SELECT record, sha256, name, size FROM report_file WHERE kind = $2 AND $1::text IS NULL "
			   "ORDER BY record, rowid",
	[S_LOAD_REPORTS_ORG] = "SELECT record, sha256, name, size FROM report_file WHERE kind = $2 AND record IN "
			       "(SELECT id FROM notice WHERE org = $1 AND $2 = 'notice' UNION ALL "
			       "SELECT id FROM incident WHERE org = $1 AND $2 = 'incident') ORDER BY record, rowid",
	[S_CAL_PUT] = "INSERT INTO calendar_day(date, kind, holiday, holiday_zh) VALUES ($1, $2, $3, $4) "
		      "ON CONFLICT(date) DO UPDATE SET kind = $2, holiday = $3, holiday_zh = $4",
	[S_AUDIT_LAST] = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
	[S_AUDIT_LAST_PURGE] = "SELECT before_seq - 1, anchor_hash FROM audit_purge ORDER BY before_seq DESC LIMIT 1",
	[S_AUDIT_INSERT] = "INSERT INTO audit_log(seq, at, account, source, action, object, success, detail, "
			   "prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
	[S_AUDIT_EACH] = "SELECT seq, at, account, source, action, object, success, detail, prev_hash, hash "
			 "FROM audit_log WHERE seq >= $1 ORDER BY seq",
	[S_AUDIT_ANCHOR] = "SELECT before_seq, anchor_hash FROM audit_purge ORDER BY before_seq DESC LIMIT 1",
	/* The anchor is the hash of the last record removed; nothing is marked when it is gone already. */
	[S_AUDIT_PURGE_MARK] = "INSERT INTO audit_purge(before_seq, at, anchor_hash) "
			       "SELECT $1::bigint, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), hash FROM audit_log WHERE seq = $1 - 1",
	[S_AUDIT_PURGE] = "DELETE FROM audit_log WHERE seq < $1",
	[S_AUDIT_NEWEST] = AUDIT_QUERY " ORDER BY seq DESC LIMIT CASE WHEN $7::bigint < 0 THEN NULL ELSE $7::bigint END OFFSET $8::bigint",
	[S_AUDIT_OLDEST] = AUDIT_QUERY " ORDER BY seq LIMIT CASE WHEN $7::bigint < 0 THEN NULL ELSE $7::bigint END OFFSET $8::bigint",
	[S_AUDIT_COUNT] = "SELECT count(*) FROM audit_log" AUDIT_WHERE,
	[S_GEN_GET] = "SELECT value FROM generation WHERE id = 1",
	[S_AUTH_GEN_GET] = "SELECT auth FROM generation WHERE id = 1",
	[S_CAL_GEN_GET] = "SELECT calendar FROM generation WHERE id = 1",
	[S_GEN_BUMP] = "UPDATE generation SET value = value + 1 WHERE id = 1",
	[S_ACCOUNT_ALL] = ACCOUNT_SELECT " ORDER BY a.username",
	[S_ACCOUNT_BY_NAME] = ACCOUNT_SELECT " WHERE a.username = $1",
	[S_ACCOUNT_BY_ID] = ACCOUNT_SELECT " WHERE a.id = $1",
	[S_ACCOUNT_BY_CALENDAR] = ACCOUNT_SELECT " WHERE a.calendar_token = $1",
	[S_ACCOUNT_INSERT] = "INSERT INTO account(username, display_name, person, department, password_hash, "
			     "calendar_token, must_change, disabled, failures, locked_until, created_at, "
			     "password_changed_at, last_login_at) "
			     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
	[S_ACCOUNT_UPDATE] = "UPDATE account SET display_name = $2, person = $3, department = $4, password_hash = $5, "
			     "calendar_token = $6, must_change = $7, disabled = $8, failures = $9, locked_until = $10, "
			     "password_changed_at = $11, last_login_at = $12 WHERE id = $1",
	[S_ROLES_CLEAR] = "DELETE FROM account_role WHERE account = $1",
	/* A role named twice is one role; a role the table's CHECK refuses is an error (OR IGNORE
	 * would drop it silently). */
	[S_ROLE_ADD] = "INSERT INTO account_role(account, role) VALUES ($1, $2) ON CONFLICT(account, role) DO NOTHING",
	[S_PERSON_BRIEF] = "SELECT name, org FROM person WHERE id = $1",
	[S_DEPT_ORG] = "SELECT org FROM department WHERE id = $1",
	[S_SESSION_INSERT] = "INSERT INTO session(hash, account, csrf, created_at, last_seen_at, source) "
			     "VALUES ($1, $2, $3, $4, $5, $6)",
	[S_SESSION_GET] = "SELECT hash, csrf, account, created_at, last_seen_at FROM session WHERE hash = $1",
	[S_SESSION_TOUCH] = "UPDATE session SET last_seen_at = $2 WHERE hash = $1",
	[S_SESSION_DELETE] = "DELETE FROM session WHERE hash = $1",
	[S_SESSION_DELETE_ACCOUNT] = "DELETE FROM session WHERE account = $1 AND ($2::text IS NULL OR hash <> $2)",
	[S_SESSION_PURGE] = "DELETE FROM session WHERE last_seen_at < $1 OR created_at < $2",
	[S_REQUEST_INSERT] = "INSERT INTO account_request(kind, account, roles, department, password_hash, "
			     "approver_part, requested_by, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
	[S_REQUEST_EACH] = "SELECT r.id, r.kind, r.account, a.username, r.roles, r.department, r.password_hash, "
			   "r.approver_part, r.requested_by, r.requested_at, r.status, r.decided_by, "
			   "coalesce(r.decided_at, 0) FROM account_request r JOIN account a ON a.id = r.account "
			   "WHERE ($1 = 0 OR r.id = $1) AND ($2::text IS NULL OR r.status = $2) ORDER BY r.id DESC",
	[S_REQUEST_DECIDE] = "UPDATE account_request SET status = $2, decided_by = $3, decided_at = $4, "
			     "password_hash = NULL, approver_part = NULL WHERE id = $1 AND status = 'pending'",
	[S_DOC_PUT] = "INSERT INTO document(number, org, kind, person, department, post, title, from_date, to_date, "
		      "doc_date, sha256, sm3, pages, campaign, status, generated_by, generated_at) VALUES ($1, $2, $3, $4, "
		      "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, coalesce($15, 'generated'), $16, $17) "
		      "ON CONFLICT(number) DO UPDATE SET org = $2, kind = $3, person = $4, department = $5, post = $6, "
		      "title = $7, from_date = $8, to_date = $9, doc_date = $10, sha256 = $11, sm3 = $12, pages = $13, "
		      "campaign = coalesce($14, document.campaign), status = coalesce($15, document.status), generated_by = $16, "
		      "generated_at = $17",
	[S_DOC_STATUS] = "UPDATE document SET status = $2 WHERE number = $1",
#define DOC_SELECT "SELECT number, org, kind, person, department, post, title, from_date, to_date, doc_date, sha256, " \
		   "sm3, pages, campaign, status, generated_by, generated_at FROM document "
	[S_DOC_BY_NUMBER] = DOC_SELECT "WHERE number = $1",
	[S_DOC_BY_SHA256] = DOC_SELECT "WHERE sha256 = $1 ORDER BY number",
	[S_DOC_BY_CAMPAIGN] = DOC_SELECT "WHERE campaign = $1 ORDER BY number",
	[S_DOC_BY_ORG] = DOC_SELECT "WHERE org = $1 ORDER BY number",
	[S_SIG_INSERT] = "INSERT INTO doc_signature(number, method, signer, account, signed_at, signed_on, sha256, sm3, "
			 "scan_sha256, alg, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
	[S_SIG_EACH] = "SELECT id, number, method, signer, account, signed_at, signed_on, sha256, sm3, scan_sha256, alg, "
		       "key_id, signature FROM doc_signature WHERE number = $1 ORDER BY id",
	[S_CAMPAIGN_INSERT] = "INSERT INTO doc_campaign(id, org, kind, year, title, doc_date, created_by, created_at) "
			      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	[S_CAMPAIGN_CLOSE] = "UPDATE doc_campaign SET status = 'closed', closed_at = $2 WHERE id = $1 AND status = 'open'",
	[S_CAMPAIGN_EACH] = "SELECT id, org, kind, year, title, doc_date, status, created_by, created_at, closed_at "
			    "FROM doc_campaign WHERE ($1::text IS NULL OR id = $1) AND ($2::text IS NULL OR org = $2) ORDER BY id",
	[S_THROTTLE_GET] = "SELECT failures, locks, locked_until, last_failure_at FROM login_throttle "
			   "WHERE username = $1 AND source = $2",
	[S_THROTTLE_PUT] = "INSERT INTO login_throttle(username, source, failures, locks, locked_until, "
			   "last_failure_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT(username, source) DO UPDATE "
			   "SET failures = $3, locks = $4, locked_until = $5, last_failure_at = $6",
	[S_THROTTLE_CLEAR] = "DELETE FROM login_throttle WHERE ($1::text IS NOT NULL AND username = $1) OR "
			     "($1 IS NULL AND last_failure_at < $2 AND locked_until < $2)",
	[S_UNIT_SETTING_GET] = "SELECT value FROM unit_setting WHERE org = $1 AND key = $2",
	[S_UNIT_SETTING_PUT] = "INSERT INTO unit_setting(org, key, value) VALUES ($1, $2, $3) "
			       "ON CONFLICT(org, key) DO UPDATE SET value = excluded.value",
	[S_PV_INSERT] = "INSERT INTO policy_version(org, version, document, status, reason, drafted_by, drafted_at) "
			"SELECT $1, coalesce(max(version), 0) + 1, $2, 'draft', $3, $4, $5 FROM policy_version "
			"WHERE org = $1 RETURNING version",
	[S_PV_EACH] = "SELECT org, version, document, status, reason, drafted_by, drafted_at, in_force_from, "
		      "decided_by, coalesce(decided_at, 0), decision_note FROM policy_version "
		      "WHERE ($1::text IS NULL OR org = $1) AND ($2 = 0 OR version = $2) AND ($3::text IS NULL OR status = $3) "
		      "ORDER BY org, version",
	[S_PV_UPDATE] = "UPDATE policy_version SET document = $3, reason = $4, drafted_by = $5, drafted_at = $6 "
			"WHERE org = $1 AND version = $2 AND status = 'draft'",
	[S_PV_DECIDE] = "UPDATE policy_version SET status = $3, in_force_from = $4, decided_by = $5, decided_at = $6, "
			"decision_note = $7 WHERE org = $1 AND version = $2 AND status = 'draft'",
	[S_NOTIFY_ADD] = "INSERT INTO notify_delivery(key, org, rule, object, person, channel, subject, body, state, "
			 "next_at, created_at, sent_at, answer) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
			 "CASE WHEN $9 = 'sent' THEN $11::bigint END, $12) ON CONFLICT(key) DO NOTHING",
	/* One statement picks and takes the row, so two workers never hold the same delivery. */
	[S_NOTIFY_CLAIM] = "UPDATE notify_delivery SET state = 'sending', claimed_by = $2, lease_until = $3 "
			   "WHERE id = (SELECT id FROM notify_delivery WHERE channel <> 'inbox' AND "
			   "((state = 'queued' AND next_at <= $1) OR (state = 'sending' AND lease_until < $1)) "
			   "ORDER BY next_at, id LIMIT 1) RETURNING " NOTIFY_COLUMNS,
	[S_NOTIFY_FINISH] = "UPDATE notify_delivery SET state = $3, attempts = $4, next_at = $5, answer = $6, "
			    "sent_at = $7, claimed_by = NULL, lease_until = 0 "
			    "WHERE id = $1 AND claimed_by = $2 AND state = 'sending'",
	[S_NOTIFY_COUNT] = "SELECT count(*) FROM notify_delivery" NOTIFY_WHERE,
	[S_NOTIFY_QUERY] = "SELECT " NOTIFY_COLUMNS " FROM notify_delivery" NOTIFY_WHERE
			   " ORDER BY id DESC LIMIT CASE WHEN $7::bigint < 0 THEN NULL ELSE $7::bigint END OFFSET $8::bigint",
	[S_NOTIFY_READ] = "UPDATE notify_delivery SET read_at = $3 WHERE person = $1 AND channel = 'inbox' "
			  "AND read_at IS NULL AND ($2 = 0 OR id = $2)",
	[S_NOTIFY_CHANNEL_EACH] = "SELECT org, channel, enabled, settings, secret, updated_at FROM notify_channel "
				  "WHERE org = $1 ORDER BY channel",
	[S_NOTIFY_CHANNEL_PUT] = "INSERT INTO notify_channel(org, channel, enabled, settings, secret, updated_at) "
				 "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT(org, channel) DO UPDATE SET "
				 "enabled = $3, settings = $4, secret = $5, updated_at = $6",
	[S_NOTIFY_PREF_GET] = "SELECT email, muted, quiet_from, quiet_to FROM notify_pref WHERE person = $1",
	[S_NOTIFY_PREF_PUT] = "INSERT INTO notify_pref(person, email, muted, quiet_from, quiet_to) "
			      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT(person) DO UPDATE SET email = $2, "
			      "muted = $3, quiet_from = $4, quiet_to = $5",
	/* Planned again when the facts moved on since (a higher generation) or a planner died
	 * before it was done (lease run out); never while another holds it. */
	[S_NOTIFY_PLAN_CLAIM] = "INSERT INTO notify_plan(org, day, generation, lease_until) VALUES ($1, $2, $3, $5) "
				"ON CONFLICT(org, day) DO UPDATE SET generation = $3, lease_until = $5, "
				"done_at = NULL WHERE (notify_plan.generation < $3 OR notify_plan.done_at IS NULL) "
				"AND notify_plan.lease_until < $4 RETURNING org",
	[S_NOTIFY_PLAN_DONE] = "UPDATE notify_plan SET done_at = $3, lease_until = 0 WHERE org = $1 AND day = $2",
	[S_CLEAR_DEPT_VERSIONS] = "DELETE FROM department_version WHERE department = $1",
	[S_PUT_DEPT_VERSION] = "INSERT INTO department_version(department, until, name, parent) VALUES ($1, $2, $3, $4)",
	[S_LOAD_DEPT_VERSION] = "SELECT department, until, name, parent FROM department_version ORDER BY until",
	[S_LOAD_DEPT_VERSION_ORG] = "SELECT v.department, v.until, v.name, v.parent FROM department_version v "
				    "JOIN department d ON d.id = v.department WHERE d.org = $1 ORDER BY v.until",
	[S_CLEAR_SYSTEM_VERSIONS] = "DELETE FROM system_version WHERE system = $1",
	[S_PUT_SYSTEM_VERSION] = "INSERT INTO system_version(system, until, owner_department, mlps_level, filing_no, "
				 "filed_on) VALUES ($1, $2, $3, $4, $5, $6)",
	[S_LOAD_SYSTEM_VERSION] = "SELECT system, until, owner_department, mlps_level, filing_no, filed_on "
				  "FROM system_version ORDER BY until",
	[S_LOAD_SYSTEM_VERSION_ORG] = "SELECT v.system, v.until, v.owner_department, v.mlps_level, v.filing_no, v.filed_on "
				      "FROM system_version v JOIN system y ON y.id = v.system WHERE y.org = $1 ORDER BY v.until",
	[S_CLEAR_ASSESSMENTS] = "DELETE FROM system_assessment WHERE system = $1",
	[S_PUT_ASSESSMENT] = "INSERT INTO system_assessment(system, on_date) VALUES ($1, $2) ON CONFLICT DO NOTHING",
	[S_LOAD_ASSESSMENT] = "SELECT system, on_date FROM system_assessment ORDER BY on_date",
	[S_LOAD_ASSESSMENT_ORG] = "SELECT a.system, a.on_date FROM system_assessment a JOIN system y ON y.id = a.system "
				  "WHERE y.org = $1 ORDER BY a.on_date",
	/* The history of facts (migration 010): the latest version of a record, a new one, the seal
	 * of a change's versions with its audit record. */
	[S_HISTORY_LATEST] = "SELECT record FROM fact_version WHERE org = $3 AND kind = $1 AND key = $2 "
			     "ORDER BY seq DESC LIMIT 1",
	[S_HISTORY_PUT] = "INSERT INTO fact_version(at, org, kind, key, record) VALUES ($1, $2, $3, $4, $5)",
	[S_HISTORY_SEAL] = "UPDATE fact_version SET change = $1 WHERE change IS NULL",
	/* What the store held at an instant: each record's latest version written before it (of
	 * unit $1 and every unit's own record; _ALL: of all units), in the order first written. */
	[S_HISTORY_AS_OF] = "SELECT v.seq, v.at, v.change, v.org, v.kind, v.key, v.record, NULL FROM fact_version v "
			    "JOIN (SELECT kind, key, max(seq) AS last, min(seq) AS first FROM fact_version "
			    "WHERE org = $1 AND at < $2 GROUP BY kind, key "
			    "UNION ALL SELECT kind, key, max(seq), min(seq) FROM fact_version "
			    "WHERE kind = 'org' AND at < $2 AND org <> $1 GROUP BY kind, key) k "
			    "ON v.seq = k.last ORDER BY k.first",
	[S_HISTORY_AS_OF_ALL] = "SELECT v.seq, v.at, v.change, v.org, v.kind, v.key, v.record, NULL FROM fact_version v "
				"JOIN (SELECT kind, key, max(seq) AS last, min(seq) AS first FROM fact_version "
				"WHERE at < $2 AND $1::text IS NULL GROUP BY kind, key) k ON v.seq = k.last ORDER BY k.first",
	[S_HISTORY_EACH] = "SELECT v.seq, v.at, v.change, v.org, v.kind, v.key, v.record, a.account FROM fact_version v "
			   "LEFT JOIN audit_log a ON a.seq = v.change AND v.change > 0 "
			   "WHERE v.org = $1 AND ($2::text IS NULL OR v.kind = $2) AND ($3::text IS NULL OR v.key = $3) ORDER BY v.seq",
	[S_DELETE_APPT] = "DELETE FROM appointment WHERE natural_key = $1",
	[S_NOTIFY_PLAN_LAST] = "SELECT max(day) FROM notify_plan WHERE org = $1 AND day < $2 AND done_at IS NOT NULL",
};


/* A prepared statement of one connection, bound and stepped like SQLite's. */
#define PQ_MAXPARAM 24
enum { PQ_ROW = 100, PQ_DONE = 101, PQ_ERROR = 1, PQ_NULL = 5 };
struct pq_stmt {
	struct pg_store *ps;
	int id;
	int nparams;   /* as the server described it, 0 until prepared */
	bool prepared;
	const char *val[PQ_MAXPARAM];
	int len[PQ_MAXPARAM], fmt[PQ_MAXPARAM];
	char num[PQ_MAXPARAM][32];
	PGresult *res; /* the rows, from the first step to the reset */
	int row, rows;
	unsigned char *blob; /* the last bytea read */
	size_t blob_len;
};

struct pg_store {
	struct store base;
	PGconn *conn;
	struct pq_stmt stmt[S_COUNT];
	struct strbuf key; /* scratch for appointment natural keys */
	bool dirty;        /* the open transaction wrote business data: commit bumps the generation */
	int64_t changes;   /* rows the last statement changed */
	int64_t lock_key;  /* the store's advisory lock */
	char sqlstate[6];
	char err[512];
	char schema[40];
};

/* Keeps what the server said of the last failure (its SQLSTATE and first line). */
static void note_error(struct pg_store *ps, const PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	snprintf(ps->sqlstate, sizeof ps->sqlstate, "%s", state ? state : "");
	snprintf(ps->err, sizeof ps->err, "%s", msg ? msg : PQerrorMessage(ps->conn));
	ps->err[strcspn(ps->err, "\n")] = '\0';
}

/* Integrity constraint violations (class 23, the triggers' refusals among them) are conflicts,
 * as SQLite's constraint errors are. */
static int db_error(struct pg_store *ps, struct zerr *e, const char *what)
{
	int rc = strncmp(ps->sqlstate, "23", 2) == 0 ? ZE_CONFLICT : ZE_IO;
	return zerr_set(e, rc, "database: %s: %s", what, ps->err);
}

static void pq_reset(struct pq_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->row = st->rows = 0;
	if (st->blob)
		PQfreemem(st->blob);
	st->blob = NULL;
}

static struct pq_stmt *stmt(struct pg_store *ps, enum stmt_id id, struct zerr *e)
{
	struct pq_stmt *st = &ps->stmt[id];
	if (!st->prepared) {
		char name[16];
		snprintf(name, sizeof name, "s%d", (int)id);
		PGresult *r = PQprepare(ps->conn, name, sql_text[id], 0, NULL);
		bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		if (ok) {
			PQclear(r);
			r = PQdescribePrepared(ps->conn, name);
			ok = PQresultStatus(r) == PGRES_COMMAND_OK && PQnparams(r) <= PQ_MAXPARAM;
			if (ok)
				st->nparams = PQnparams(r);
		}
		if (!ok)
			note_error(ps, r);
		PQclear(r);
		if (!ok) {
			db_error(ps, e, "prepare");
			return NULL;
		}
		st->ps = ps;
		st->id = (int)id;
		st->prepared = true;
	}
	pq_reset(st);
	for (int i = 0; i < PQ_MAXPARAM; i++) {
		st->val[i] = NULL;
		st->len[i] = st->fmt[i] = 0;
	}
	return st;
}

static int pq_step(struct pq_stmt *st)
{
	struct pg_store *ps = st->ps;
	if (!st->res) {
		char name[16];
		snprintf(name, sizeof name, "s%d", st->id);
		st->res = PQexecPrepared(ps->conn, name, st->nparams, st->val, st->len, st->fmt, 0);
		ExecStatusType t = PQresultStatus(st->res);
		if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK) {
			note_error(ps, st->res);
			pq_reset(st);
			return PQ_ERROR;
		}
		ps->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
		st->rows = PQntuples(st->res);
		st->row = -1;
	}
	if (st->row + 1 < st->rows) {
		st->row++;
		return PQ_ROW;
	}
	st->row = st->rows;
	return PQ_DONE;
}

/* Parameters are numbered from 1, as in SQL; one not bound is NULL. */
static void pq_bind_null(struct pq_stmt *st, int i)
{
	assert(i >= 1 && i <= PQ_MAXPARAM);
	st->val[i - 1] = NULL;
	st->fmt[i - 1] = 0;
}

static void pq_bind_int64(struct pq_stmt *st, int i, int64_t v)
{
	assert(i >= 1 && i <= PQ_MAXPARAM);
	snprintf(st->num[i - 1], sizeof st->num[i - 1], "%lld", (long long)v);
	st->val[i - 1] = st->num[i - 1];
	st->fmt[i - 1] = 0;
}

static void pq_bind_double(struct pq_stmt *st, int i, double v)
{
	assert(i >= 1 && i <= PQ_MAXPARAM);
	snprintf(st->num[i - 1], sizeof st->num[i - 1], "%.17g", v);
	st->val[i - 1] = st->num[i - 1];
	st->fmt[i - 1] = 0;
}

/* The text must live until the statement is stepped (SQLite's SQLITE_STATIC). */
static void pq_bind_str(struct pq_stmt *st, int i, const char *s)
{
	assert(i >= 1 && i <= PQ_MAXPARAM);
	st->val[i - 1] = s;
	st->fmt[i - 1] = 0;
}

/* Bytes (bytea), sent in binary. */
static void pq_bind_blob(struct pq_stmt *st, int i, const void *p, size_t n)
{
	assert(i >= 1 && i <= PQ_MAXPARAM && n <= INT_MAX);
	st->val[i - 1] = p;
	st->len[i - 1] = (int)n;
	st->fmt[i - 1] = 1;
}

static int pq_column_type(struct pq_stmt *st, int col)
{
	return PQgetisnull(st->res, st->row, col) ? PQ_NULL : 0;
}

static const char *pq_column_text(struct pq_stmt *st, int col)
{
	return PQgetisnull(st->res, st->row, col) ? NULL : PQgetvalue(st->res, st->row, col);
}

static int64_t pq_column_int64(struct pq_stmt *st, int col)
{
	const char *v = pq_column_text(st, col);
	return v ? strtoll(v, NULL, 10) : 0;
}

static int pq_column_int(struct pq_stmt *st, int col)
{
	return (int)pq_column_int64(st, col);
}

static double pq_column_double(struct pq_stmt *st, int col)
{
	const char *v = pq_column_text(st, col);
	return v ? strtod(v, NULL) : 0;
}

/* A bytea column, decoded; valid until the next one or the reset. */
static const void *pq_column_blob(struct pq_stmt *st, int col)
{
	const char *v = pq_column_text(st, col);
	if (st->blob)
		PQfreemem(st->blob);
	st->blob = v ? PQunescapeBytea((const unsigned char *)v, &st->blob_len) : NULL;
	if (!st->blob)
		st->blob_len = 0;
	return st->blob;
}

static int pq_column_bytes(struct pq_stmt *st, int col)
{
	(void)col;
	return (int)st->blob_len;
}

static int64_t pq_changes(struct pg_store *ps)
{
	return ps->changes;
}

static bool pq_autocommit(struct pg_store *ps)
{
	return PQtransactionStatus(ps->conn) == PQTRANS_IDLE;
}

/* Runs a statement that returns no rows. */
static int exec_stmt(struct pg_store *ps, struct pq_stmt *st, struct zerr *e, const char *what)
{
	int rc = pq_step(st);
	pq_reset(st);
	if (rc != PQ_DONE)
		return db_error(ps, e, what);
	return 0;
}

/* Runs SQL of our own, without parameters (transaction control, settings, migrations). */
static int exec_sql(struct pg_store *ps, const char *sql, struct zerr *e, const char *what)
{
	PGresult *r = PQexec(ps->conn, sql);
	ExecStatusType t = PQresultStatus(r);
	int rc = 0;
	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
		note_error(ps, r);
		rc = db_error(ps, e, what);
	}
	PQclear(r);
	return rc;
}

/* Runs an INSERT … RETURNING id (SQLite's last_insert_rowid). */
static int insert_id(struct pg_store *ps, struct pq_stmt *st, int64_t *id, struct zerr *e, const char *what)
{
	int step = pq_step(st), rc = 0;
	if (step == PQ_ROW)
		*id = pq_column_int64(st, 0);
	else
		rc = db_error(ps, e, what);
	pq_reset(st);
	return rc;
}

static void bind_text(struct pq_stmt *st, int i, const char *s)
{
	if (s)
		pq_bind_str(st, i, s);
	else
		pq_bind_null(st, i);
}

/* Binds a date; ZDATE_NONE and ZDATE_MAX (open end) are NULL. The text goes in a caller's buffer
 * that must live until the step. */
static void bind_date(struct pq_stmt *st, int i, zdate d, char *buf)
{
	if (d == ZDATE_NONE || d == ZDATE_MAX)
		pq_bind_null(st, i);
	else
		pq_bind_str(st, i, date_format(d, buf));
}

static void bind_span(struct pq_stmt *st, int i, struct span sp, char *buf)
{
	bind_date(st, i, sp.from == ZDATE_MIN ? ZDATE_NONE : sp.from, buf);
	bind_date(st, i + 1, sp.to, buf + ZDATE_BUFSZ);
}

static void bind_tri(struct pq_stmt *st, int i, int t)
{
	if (t == TRI_NULL)
		pq_bind_null(st, i);
	else
		pq_bind_int64(st, i, t);
}

static const char *col_text(struct pq_stmt *st, int i)
{
	return (const char *)pq_column_text(st, i);
}

static struct pg_store *PS(struct store *s)
{
	return (struct pg_store *)s;
}


/* Bumps the generation now (a write outside any transaction), or once at commit. */
static int business_write(struct pg_store *ps, struct zerr *e)
{
	if (!pq_autocommit(ps)) {
		ps->dirty = true;
		return 0;
	}
	struct pq_stmt *st = stmt(ps, S_GEN_BUMP, e);
	return st ? exec_stmt(ps, st, e, "store generation") : e->code;
}

/* A write transaction: the store's advisory lock (see the top of this file) is taken at once,
 * as BEGIN IMMEDIATE takes SQLite's. A bulk one (the importer's) defers the foreign keys to its
 * commit, where SQLite switches them off: every foreign key of migrations-pg is DEFERRABLE. */
static int pg_begin(struct store *s, bool bulk, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	ps->dirty = false;
	int rc = exec_sql(ps, "BEGIN", e, "begin");
	struct pq_stmt *st = rc ? NULL : stmt(ps, S_BEGIN, e);
	if (!rc && !st)
		rc = e->code;
	if (!rc) {
		pq_bind_int64(st, 1, ps->lock_key);
		int step = pq_step(st); /* one row, the lock's void */
		pq_reset(st);
		rc = step == PQ_ROW ? 0 : db_error(ps, e, "begin: lock the store");
	}
	if (!rc && bulk)
		rc = exec_sql(ps, "SET CONSTRAINTS ALL DEFERRED", e, "begin");
	if (rc && !pq_autocommit(ps))
		exec_sql(ps, "ROLLBACK", NULL, "rollback");
	return rc;
}

static int pg_commit(struct store *s, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	int rc = 0;
	if (ps->dirty) {
		/* Inside the transaction, so readers see the new facts and the new number together. */
		struct pq_stmt *st = stmt(ps, S_GEN_BUMP, e);
		if ((rc = st ? exec_stmt(ps, st, e, "store generation") : e->code))
			return rc;
	}
	PGresult *r = PQexec(ps->conn, "COMMIT");
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		note_error(ps, r);
		rc = db_error(ps, e, "commit");
	} else if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
		/* a transaction a failed statement aborted ends in ROLLBACK */
		rc = zerr_set(e, ZE_IO, "database: commit: the transaction was rolled back");
	}
	PQclear(r);
	if (!rc)
		ps->dirty = false;
	return rc;
}

static void pg_rollback(struct store *s)
{
	struct pg_store *ps = PS(s);
	ps->dirty = false;
	if (!pq_autocommit(ps))
		exec_sql(ps, "ROLLBACK", NULL, "rollback");
}

#define ID_OF(f, vec, i) ((i) >= 0 ? (f)->vec.v[i].id : NULL)
/* What every put relies on (store.h): it runs inside store_begin/commit, on a record of f. */
#define PUT_INVARIANTS(ps, vec, i) assert(!pq_autocommit(ps) && (i) >= 0 && (size_t)(i) < (vec).n)

static int pg_put_org(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct org *o = &f->orgs.v[i];
	PUT_INVARIANTS(ps, f->orgs, i);
	struct pq_stmt *st = stmt(ps, S_PUT_ORG, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_text(st, 1, o->id);
	bind_text(st, 2, o->name);
	bind_text(st, 3, o->kind);
	bind_text(st, 4, ID_OF(f, orgs, o->parent));
	bind_text(st, 5, o->policy ? o->policy : "default");
	bind_text(st, 6, o->time_zone);
	bind_text(st, 7, o->operator_type != OPERATOR_UNSET ? operator_type_id(o->operator_type) : NULL);
	return exec_stmt(ps, st, e, "save organization");
}

static int pg_put_dept(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct dept *d = &f->depts.v[i];
	PUT_INVARIANTS(ps, f->depts, i);
	struct pq_stmt *st = stmt(ps, S_PUT_DEPT, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_text(st, 1, d->id);
	bind_text(st, 2, f->orgs.v[d->org].id);
	bind_text(st, 3, d->name);
	bind_text(st, 4, ID_OF(f, depts, d->parent));
	char span[2 * ZDATE_BUFSZ], until[ZDATE_BUFSZ];
	bind_span(st, 5, facts_span(f, SPAN_DEPT, i), span);
	int rc = exec_stmt(ps, st, e, "save department");
	/* its earlier names and parents replace those stored */
	if (rc || !(st = stmt(ps, S_CLEAR_DEPT_VERSIONS, e)))
		return rc ? rc : e->code;
	bind_text(st, 1, d->id);
	if ((rc = exec_stmt(ps, st, e, "save department versions")) || !f->dept_versions.n)
		return rc;
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save department: facts are not indexed");
	for (zidx k = f->ix.dept_version[i]; k < f->ix.dept_version[i + 1] && !rc; k++) {
		const struct dept_version *v = &f->dept_versions.v[f->ix.version_by_dept[k]];
		if (!(st = stmt(ps, S_PUT_DEPT_VERSION, e)))
			return e->code;
		bind_text(st, 1, d->id);
		bind_date(st, 2, v->until, until);
		bind_text(st, 3, v->name);
		bind_text(st, 4, ID_OF(f, depts, v->parent));
		rc = exec_stmt(ps, st, e, "save department versions");
	}
	return rc;
}

static int pg_put_person(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct person *p = &f->people.v[i];
	PUT_INVARIANTS(ps, f->people, i);
	char bc[ZDATE_BUFSZ];
	struct pq_stmt *st = stmt(ps, S_PUT_PERSON, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_text(st, 1, p->id);
	bind_text(st, 2, f->orgs.v[p->org].id);
	bind_text(st, 3, ID_OF(f, depts, p->dept));
	bind_text(st, 4, p->name);
	bind_date(st, 5, p->background_check, bc);
	char span[2 * ZDATE_BUFSZ];
	bind_span(st, 6, facts_span(f, SPAN_PERSON, i), span);
	return exec_stmt(ps, st, e, "save person");
}

static int pg_put_body(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct body *b = &f->bodies.v[i];
	PUT_INVARIANTS(ps, f->bodies, i);
	struct pq_stmt *st = stmt(ps, S_PUT_BODY, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_text(st, 1, b->id);
	bind_text(st, 2, f->orgs.v[b->org].id);
	bind_text(st, 3, body_kind_id(b->kind));
	bind_text(st, 4, b->name);
	char span[2 * ZDATE_BUFSZ];
	bind_span(st, 5, facts_span(f, SPAN_BODY, i), span);
	return exec_stmt(ps, st, e, "save body");
}

static int pg_put_lead(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct body_lead *l = &f->leads.v[i];
	PUT_INVARIANTS(ps, f->leads, i);
	struct pq_stmt *st = stmt(ps, S_PUT_LEAD, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_text(st, 1, f->bodies.v[l->body].id);
	bind_text(st, 2, f->bodies.v[l->led].id);
	return exec_stmt(ps, st, e, "save body leads");
}

static int pg_put_appt(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct appt *a = &f->appts.v[i];
	PUT_INVARIANTS(ps, f->appts, i);
	char from[ZDATE_BUFSZ], to[ZDATE_BUFSZ];
	struct pq_stmt *st = stmt(ps, S_PUT_APPT, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	appt_natural_key(f, a, &ps->key);
	bind_text(st, 1, ps->key.buf);
	bind_text(st, 2, f->people.v[a->person].id);
	bind_text(st, 3, f->orgs.v[a->org].id);
	bind_text(st, 4, ID_OF(f, depts, a->dept));
	bind_text(st, 5, ID_OF(f, systems, a->system));
	bind_text(st, 6, ID_OF(f, bodies, a->body));
	bind_text(st, 7, a->post >= 0 ? post_id(a->post) : NULL);
	bind_text(st, 8, a->body >= 0 ? seat_id(a->seat) : NULL);
	bind_date(st, 9, a->from, from);
	bind_date(st, 10, a->to, to);
	bind_tri(st, 11, a->full_time);
	return exec_stmt(ps, st, e, "save appointment");
}

static int pg_put_system(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct zsystem *y = &f->systems.v[i];
	PUT_INVARIANTS(ps, f->systems, i);
	char filed[ZDATE_BUFSZ], assessed[ZDATE_BUFSZ];
	struct pq_stmt *st = stmt(ps, S_PUT_SYSTEM, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_text(st, 1, y->id);
	bind_text(st, 2, f->orgs.v[y->org].id);
	bind_text(st, 3, y->name);
	bind_text(st, 4, ID_OF(f, depts, y->owner_dept));
	if (y->mlps_level)
		pq_bind_int64(st, 5, y->mlps_level);
	bind_text(st, 6, y->filing_no);
	bind_date(st, 7, y->filed_on, filed);
	bind_date(st, 8, y->last_assessed_on, assessed);
	bind_tri(st, 9, y->critical_infrastructure);
	bind_tri(st, 10, y->public_website);
	char span[2 * ZDATE_BUFSZ], until[ZDATE_BUFSZ], filed_v[ZDATE_BUFSZ];
	bind_span(st, 11, facts_span(f, SPAN_SYSTEM, i), span);
	int rc = exec_stmt(ps, st, e, "save system");
	/* the project that built it replaces the one stored */
	if (!rc && (st = stmt(ps, S_CLEAR_SYSTEM_PROJECT, e))) {
		bind_text(st, 1, y->id);
		rc = exec_stmt(ps, st, e, "save system's project");
	}
	if (!rc && y->project && (st = stmt(ps, S_PUT_SYSTEM_PROJECT, e))) {
		bind_text(st, 1, y->id);
		bind_text(st, 2, y->project);
		rc = exec_stmt(ps, st, e, "save system's project");
	}
	if (!rc && !st)
		return e->code;
	/* its earlier register entries and assessments replace those stored */
	static const enum stmt_id clear[] = {S_CLEAR_SYSTEM_VERSIONS, S_CLEAR_ASSESSMENTS};
	for (size_t c = 0; c < 2 && !rc; c++) {
		if (!(st = stmt(ps, clear[c], e)))
			return e->code;
		bind_text(st, 1, y->id);
		rc = exec_stmt(ps, st, e, "save system history");
	}
	if (rc || (!f->system_versions.n && !f->assessments.n))
		return rc;
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save system: facts are not indexed");
	for (zidx k = f->ix.system_version[i]; k < f->ix.system_version[i + 1] && !rc; k++) {
		const struct system_version *v = &f->system_versions.v[f->ix.version_by_system[k]];
		if (!(st = stmt(ps, S_PUT_SYSTEM_VERSION, e)))
			return e->code;
		bind_text(st, 1, y->id);
		bind_date(st, 2, v->until, until);
		bind_text(st, 3, ID_OF(f, depts, v->st.owner_dept));
		if (v->st.mlps_level)
			pq_bind_int64(st, 4, v->st.mlps_level);
		bind_text(st, 5, v->st.filing_no);
		bind_date(st, 6, v->st.filed_on, filed_v);
		rc = exec_stmt(ps, st, e, "save system versions");
	}
	for (zidx k = f->ix.system_assessment[i]; k < f->ix.system_assessment[i + 1] && !rc; k++) {
		if (!(st = stmt(ps, S_PUT_ASSESSMENT, e)))
			return e->code;
		bind_text(st, 1, y->id);
		bind_date(st, 2, f->assessments.v[f->ix.assessment_by_system[k]].on, until);
		rc = exec_stmt(ps, st, e, "save system assessments");
	}
	return rc;
}

static int pg_put_agreement(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct agreement *a = &f->agreements.v[i];
	PUT_INVARIANTS(ps, f->agreements, i);
	char from[ZDATE_BUFSZ], to[ZDATE_BUFSZ], signed_on[ZDATE_BUFSZ];
	struct pq_stmt *st = stmt(ps, S_PUT_AGREEMENT, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_text(st, 1, a->id);
	bind_text(st, 2, f->orgs.v[a->org].id);
	bind_text(st, 3, agreement_kind_id(a->kind));
	bind_text(st, 4, ID_OF(f, people, a->person));
	bind_date(st, 5, a->from, from);
	bind_date(st, 6, a->to, to);
	bind_date(st, 7, a->signed_on, signed_on);
	bind_text(st, 8, a->post >= 0 ? post_id(a->post) : NULL);
	bind_text(st, 9, ID_OF(f, depts, a->dept));
	return exec_stmt(ps, st, e, "save agreement");
}

static int pg_put_handover(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct handover *h = &f->handovers.v[i];
	PUT_INVARIANTS(ps, f->handovers, i);
	char left[ZDATE_BUFSZ], closed[ZDATE_BUFSZ], returned[ZDATE_BUFSZ], changed[ZDATE_BUFSZ], done[ZDATE_BUFSZ];
	struct pq_stmt *st = stmt(ps, S_PUT_HANDOVER, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_text(st, 1, h->id);
	bind_text(st, 2, f->orgs.v[h->org].id);
	bind_text(st, 3, ID_OF(f, people, h->person));
	bind_text(st, 4, post_id(h->post));
	bind_date(st, 5, h->left_on, left);
	bind_text(st, 6, ID_OF(f, people, h->successor));
	bind_date(st, 7, h->accounts_closed_on, closed);
	bind_date(st, 8, h->materials_returned_on, returned);
	bind_date(st, 9, h->passwords_changed_on, changed);
	bind_date(st, 10, h->completed_on, done);
	bind_text(st, 11, h->notes);
	return exec_stmt(ps, st, e, "save handover");
}

static int pg_put_vulnerability(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct vulnerability *v = &f->vulnerabilities.v[i];
	PUT_INVARIANTS(ps, f->vulnerabilities, i);
	char found[ZDATE_BUFSZ], due[ZDATE_BUFSZ], fixed[ZDATE_BUFSZ], verified[ZDATE_BUFSZ];
	struct pq_stmt *st = stmt(ps, S_PUT_VULN, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_text(st, 1, v->id);
	bind_text(st, 2, f->orgs.v[v->org].id);
	bind_text(st, 3, f->systems.v[v->system].id);
	bind_text(st, 4, v->title);
	bind_text(st, 5, vuln_source_id(v->source));
	bind_text(st, 6, vuln_severity_id(v->severity));
	bind_date(st, 7, v->found_on, found);
	bind_date(st, 8, v->due_on, due);
	bind_date(st, 9, v->fixed_on, fixed);
	bind_date(st, 10, v->verified_on, verified);
	bind_text(st, 11, ID_OF(f, notices, v->notice));
	bind_text(st, 12, v->notes);
	return exec_stmt(ps, st, e, "save vulnerability");
}

/* Binds an amount in yuan; -1 (not recorded) is NULL. */
static void bind_amount(struct pq_stmt *st, int i, int64_t yuan)
{
	if (yuan >= 0)
		pq_bind_int64(st, i, yuan);
	else
		pq_bind_null(st, i);
}

static int pg_put_project(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct project *p = &f->projects.v[i];
	PUT_INVARIANTS(ps, f->projects, i);
	char approved[ZDATE_BUFSZ], started[ZDATE_BUFSZ], in_use[ZDATE_BUFSZ], cancelled[ZDATE_BUFSZ];
	struct pq_stmt *st = stmt(ps, S_PUT_PROJECT, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_text(st, 1, p->id);
	bind_text(st, 2, f->orgs.v[p->org].id);
	bind_text(st, 3, p->name);
	bind_text(st, 4, ID_OF(f, depts, p->dept));
	bind_amount(st, 5, p->budget);
	bind_amount(st, 6, p->security_budget);
	bind_date(st, 7, p->approved_on, approved);
	bind_date(st, 8, p->started_on, started);
	bind_date(st, 9, p->in_use_on, in_use);
	bind_date(st, 10, p->cancelled_on, cancelled);
	pq_bind_int64(st, 11, p->security_planned);
	pq_bind_int64(st, 12, p->security_built);
	pq_bind_int64(st, 13, p->security_implemented);
	bind_text(st, 14, p->notes);
	return exec_stmt(ps, st, e, "save project");
}

/* Writes the plan and replaces the days of its drills. */
static int pg_put_plan(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct emergency_plan *p = &f->plans.v[i];
	PUT_INVARIANTS(ps, f->plans, i);
	char approved[ZDATE_BUFSZ], reviewed[ZDATE_BUFSZ], withdrawn[ZDATE_BUFSZ], held[ZDATE_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save emergency plan: facts are not indexed");
	struct pq_stmt *st = stmt(ps, S_PUT_PLAN, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_text(st, 1, p->id);
	bind_text(st, 2, f->orgs.v[p->org].id);
	bind_text(st, 3, p->title);
	bind_text(st, 4, p->version);
	bind_date(st, 5, p->approved_on, approved);
	bind_date(st, 6, p->reviewed_on, reviewed);
	bind_date(st, 7, p->withdrawn_on, withdrawn);
	bind_text(st, 8, p->notes);
	int rc = exec_stmt(ps, st, e, "save emergency plan");
	if (rc || !(st = stmt(ps, S_CLEAR_PLAN_DRILLS, e)))
		return rc ? rc : e->code;
	bind_text(st, 1, p->id);
	if ((rc = exec_stmt(ps, st, e, "save emergency plan drills")))
		return rc;
	for (zidx k = f->ix.plan_drill[i]; k < f->ix.plan_drill[i + 1] && !rc; k++) {
		if (!(st = stmt(ps, S_PUT_PLAN_DRILL, e)))
			return e->code;
		bind_text(st, 1, p->id);
		bind_date(st, 2, f->plan_drills.v[f->ix.drill_by_plan[k]].held_on, held);
		rc = exec_stmt(ps, st, e, "save emergency plan drills");
	}
	/* and its reviews */
	if (rc || !(st = stmt(ps, S_CLEAR_PLAN_REVIEWS, e)))
		return rc ? rc : e->code;
	bind_text(st, 1, p->id);
	if ((rc = exec_stmt(ps, st, e, "save emergency plan reviews")))
		return rc;
	for (zidx k = f->ix.plan_review[i]; k < f->ix.plan_review[i + 1] && !rc; k++) {
		const struct plan_review *rv = &f->plan_reviews.v[f->ix.review_by_plan[k]];
		if (!(st = stmt(ps, S_PUT_PLAN_REVIEW, e)))
			return e->code;
		bind_text(st, 1, p->id);
		bind_date(st, 2, rv->on, held);
		bind_text(st, 3, ID_OF(f, people, rv->by));
		bind_text(st, 4, rv->outcome);
		rc = exec_stmt(ps, st, e, "save emergency plan reviews");
	}
	return rc;
}

/* A register's row described column by column, in the order of its statements' columns: one
 * put and one load serve every register described so (log sources, training sessions and their
 * attendees) instead of a hand-written pair each. */
enum rcol_type {
	RC_TEXT,     /* const char * */
	RC_DATE,     /* zdate, ZDATE_NONE is NULL */
	RC_INT,      /* int32_t, -1 is NULL */
	RC_ENUM,     /* int8_t, by its id */
	RC_ORG, RC_PERSON, RC_SYSTEM, RC_DEPT, RC_TRAINING, /* zidx of that kind, by its id; -1 is NULL */
};
struct rcol {
	enum rcol_type type;
	size_t off;
	const char *(*enum_id)(int);
	int (*enum_from_id)(const char *);
};
/* One row of any described register, read in place before it is added. */
union reg_row {
	struct log_source log_source;
	struct training_session training;
	struct training_attendee attendee;
};
struct reg_desc {
	const char *what;
	enum stmt_id put, load, load_org;
	size_t size; /* of one record */
	int ncols;
	const struct rcol *cols;
	/* the records in the facts, and adding one */
	const void *(*at)(const struct facts *f, zidx i);
	zidx (*add)(struct facts *f, const void *rec);
};

static const char *rcol_ref_id(const struct facts *f, enum rcol_type t, zidx i)
{
	if (i < 0)
		return NULL;
	switch (t) {
	case RC_ORG: return f->orgs.v[i].id;
	case RC_PERSON: return f->people.v[i].id;
	case RC_SYSTEM: return f->systems.v[i].id;
	case RC_DEPT: return f->depts.v[i].id;
	case RC_TRAINING: return f->trainings.v[i].id;
	default: return NULL;
	}
}

static const struct hmap *rcol_ref_ids(const struct facts *f, enum rcol_type t)
{
	switch (t) {
	case RC_ORG: return &f->org_ids;
	case RC_PERSON: return &f->person_ids;
	case RC_SYSTEM: return &f->system_ids;
	case RC_DEPT: return &f->dept_ids;
	default: return &f->training_ids;
	}
}

/* Binds record rec of f by its description and steps the statement. */
static int put_described(struct pg_store *ps, const struct facts *f, const struct reg_desc *d, const void *rec,
			 struct zerr *e)
{
	char dates[8][ZDATE_BUFSZ];
	int ndates = 0;
	struct pq_stmt *st = stmt(ps, d->put, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	for (int c = 0; c < d->ncols; c++) {
		const struct rcol *col = &d->cols[c];
		const char *field = (const char *)rec + col->off;
		int32_t n;
		switch (col->type) {
		case RC_TEXT: bind_text(st, c + 1, *(const char *const *)field); break;
		case RC_DATE:
			assert(ndates < 8);
			bind_date(st, c + 1, *(const zdate *)field, dates[ndates++]);
			break;
		case RC_INT:
			n = *(const int32_t *)field;
			if (n < 0)
				pq_bind_null(st, c + 1);
			else
				pq_bind_int64(st, c + 1, n);
			break;
		case RC_ENUM: bind_text(st, c + 1, col->enum_id(*(const int8_t *)field)); break;
		default: bind_text(st, c + 1, rcol_ref_id(f, col->type, *(const zidx *)field)); break;
		}
	}
	return exec_stmt(ps, st, e, d->what);
}

#define RCOL(T, type, field) {type, offsetof(T, field), NULL, NULL}
#define RCOL_ENUM(T, field, prefix) {RC_ENUM, offsetof(T, field), prefix##_id, prefix##_from_id}

static const void *log_source_at(const struct facts *f, zidx i) { return &f->log_sources.v[i]; }
static zidx log_source_add(struct facts *f, const void *r) { return facts_add_log_source(f, r); }
static const struct rcol log_source_cols[] = {
	RCOL(struct log_source, RC_TEXT, id), RCOL(struct log_source, RC_ORG, org),
	RCOL(struct log_source, RC_SYSTEM, system), RCOL(struct log_source, RC_TEXT, name),
	RCOL_ENUM(struct log_source, kind, log_kind), RCOL(struct log_source, RC_INT, retention_days),
	RCOL(struct log_source, RC_DATE, checked_on), RCOL(struct log_source, RC_TEXT, notes),
};
static const struct reg_desc log_source_desc = {
	"log_source", S_PUT_LOG_SOURCE, S_LOAD_LOG_SOURCE, S_LOAD_LOG_SOURCE_ORG, sizeof(struct log_source),
	(int)(sizeof log_source_cols / sizeof log_source_cols[0]), log_source_cols, log_source_at, log_source_add};

static const void *training_at(const struct facts *f, zidx i) { return &f->trainings.v[i]; }
static zidx training_add(struct facts *f, const void *r) { return facts_add_training(f, r); }
static const struct rcol training_cols[] = {
	RCOL(struct training_session, RC_TEXT, id), RCOL(struct training_session, RC_ORG, org),
	RCOL(struct training_session, RC_TEXT, title), RCOL(struct training_session, RC_DATE, held_on),
	RCOL(struct training_session, RC_TEXT, organiser), RCOL_ENUM(struct training_session, kind, training_kind),
	RCOL_ENUM(struct training_session, level, training_level), RCOL(struct training_session, RC_DEPT, dept),
	RCOL(struct training_session, RC_INT, hours), RCOL(struct training_session, RC_TEXT, notes),
};
static const struct reg_desc training_desc = {
	"training_session", S_PUT_TRAINING, S_LOAD_TRAINING, S_LOAD_TRAINING_ORG, sizeof(struct training_session),
	(int)(sizeof training_cols / sizeof training_cols[0]), training_cols, training_at, training_add};

static const void *attendee_at(const struct facts *f, zidx i) { return &f->training_attendees.v[i]; }
static zidx attendee_add(struct facts *f, const void *r) { return facts_add_training_attendee(f, r); }
static const struct rcol attendee_cols[] = {
	RCOL(struct training_attendee, RC_TRAINING, session), RCOL(struct training_attendee, RC_PERSON, person),
	RCOL(struct training_attendee, RC_INT, hours), RCOL(struct training_attendee, RC_TEXT, certificate),
};
static const struct reg_desc attendee_desc = {
	"training_attendee", S_PUT_TRAINING_ATTENDEE, S_LOAD_TRAINING_ATTENDEE, S_LOAD_TRAINING_ATTENDEE_ORG,
	sizeof(struct training_attendee), (int)(sizeof attendee_cols / sizeof attendee_cols[0]), attendee_cols, attendee_at,
	attendee_add};

static int pg_put_log_source(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	PUT_INVARIANTS(PS(s), f->log_sources, i);
	return put_described(PS(s), f, &log_source_desc, log_source_at(f, i), e);
}

/* Writes the session and replaces its attendees. */
static int pg_put_training(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	PUT_INVARIANTS(ps, f->trainings, i);
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save training session: facts are not indexed");
	int rc = put_described(ps, f, &training_desc, training_at(f, i), e);
	struct pq_stmt *st;
	if (rc || !(st = stmt(ps, S_CLEAR_TRAINING_ATTENDEES, e)))
		return rc ? rc : e->code;
	bind_text(st, 1, f->trainings.v[i].id);
	if ((rc = exec_stmt(ps, st, e, "save training attendees")))
		return rc;
	for (zidx k = f->ix.training_attendee[i]; k < f->ix.training_attendee[i + 1] && !rc; k++)
		rc = put_described(ps, f, &attendee_desc, attendee_at(f, f->ix.attendee_by_training[k]), e);
	return rc;
}

/* Writes the rectification and replaces its list of evidence. */
static int pg_put_rectification(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct rectification *r = &f->rectifications.v[i];
	PUT_INVARIANTS(ps, f->rectifications, i);
	char assigned[ZDATE_BUFSZ], due[ZDATE_BUFSZ], rectified[ZDATE_BUFSZ], closed[ZDATE_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save rectification: facts are not indexed");
	struct pq_stmt *st = stmt(ps, S_PUT_RECT, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_text(st, 1, r->id);
	bind_text(st, 2, f->orgs.v[r->org].id);
	bind_text(st, 3, r->rule);
	bind_text(st, 4, r->subject);
	bind_text(st, 5, r->title);
	bind_text(st, 6, ID_OF(f, depts, r->dept));
	bind_text(st, 7, ID_OF(f, people, r->person));
	bind_date(st, 8, r->assigned_on, assigned);
	bind_date(st, 9, r->due_on, due);
	bind_date(st, 10, r->rectified_on, rectified);
	bind_text(st, 11, r->rectification);
	bind_date(st, 12, r->closed_on, closed);
	bind_text(st, 13, r->notes);
	int rc = exec_stmt(ps, st, e, "save rectification");
	if (rc || !(st = stmt(ps, S_CLEAR_RECT_EVIDENCE, e)))
		return rc ? rc : e->code;
	bind_text(st, 1, r->id);
	if ((rc = exec_stmt(ps, st, e, "save rectification evidence")))
		return rc;
	for (zidx k = f->ix.rect_evidence[i]; k < f->ix.rect_evidence[i + 1] && !rc; k++) {
		const struct evidence *ev = &f->rect_evidence.v[f->ix.evidence_by_rect[k]];
		if (!(st = stmt(ps, S_PUT_RECT_EVIDENCE, e)))
			return e->code;
		bind_text(st, 1, r->id);
		bind_text(st, 2, ev->sha256);
		bind_text(st, 3, ev->name);
		pq_bind_int64(st, 4, ev->size);
		rc = exec_stmt(ps, st, e, "save rectification evidence");
	}
	return rc;
}

/* Writes the inspection and replaces its items (numbered from 1 in their order). */
static int pg_put_inspection(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct inspection *in = &f->inspections.v[i];
	PUT_INVARIANTS(ps, f->inspections, i);
	char on[ZDATE_BUFSZ], due[ZDATE_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save inspection: facts are not indexed");
	struct pq_stmt *st = stmt(ps, S_PUT_INSP, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_text(st, 1, in->id);
	bind_text(st, 2, f->orgs.v[in->org].id);
	bind_text(st, 3, f->orgs.v[in->inspector_org].id);
	bind_date(st, 4, in->on, on);
	bind_text(st, 5, in->scope);
	bind_text(st, 6, in->inspectors);
	int rc = exec_stmt(ps, st, e, "save inspection");
	if (rc || !(st = stmt(ps, S_CLEAR_INSP_ITEMS, e)))
		return rc ? rc : e->code;
	bind_text(st, 1, in->id);
	if ((rc = exec_stmt(ps, st, e, "save inspection items")))
		return rc;
	for (zidx k = f->ix.inspection_item[i]; k < f->ix.inspection_item[i + 1] && !rc; k++) {
		const struct inspection_item *it = &f->inspection_items.v[f->ix.item_by_inspection[k]];
		if (!(st = stmt(ps, S_PUT_INSP_ITEM, e)))
			return e->code;
		bind_text(st, 1, in->id);
		pq_bind_int64(st, 2, k - f->ix.inspection_item[i] + 1);
		bind_text(st, 3, it->title);
		bind_text(st, 4, it->basis);
		bind_text(st, 5, ID_OF(f, depts, it->dept));
		bind_date(st, 6, it->due_on, due);
		rc = exec_stmt(ps, st, e, "save inspection items");
	}
	return rc;
}

static void bind_time(struct pq_stmt *st, int i, struct ztime z, char *buf)
{
	if (ztime_set(z))
		pq_bind_str(st, i, ztime_format(z, buf));
	else
		pq_bind_null(st, i);
}

/* Replaces the reports (files) of the notice or incident `id` with v[by[from .. to)]. */
static int put_reports(struct pg_store *ps, const char *kind, const char *id, const struct evidence *v,
		       const zidx *by, zidx from, zidx to, struct zerr *e)
{
	struct pq_stmt *st = stmt(ps, S_CLEAR_REPORTS, e);
	if (!st)
		return e->code;
	bind_text(st, 1, kind);
	bind_text(st, 2, id);
	int rc = exec_stmt(ps, st, e, "save reports");
	for (zidx k = from; k < to && !rc; k++) {
		const struct evidence *ev = &v[by[k]];
		if (!(st = stmt(ps, S_PUT_REPORT, e)))
			return e->code;
		bind_text(st, 1, kind);
		bind_text(st, 2, id);
		bind_text(st, 3, ev->sha256);
		bind_text(st, 4, ev->name);
		pq_bind_int64(st, 5, ev->size);
		rc = exec_stmt(ps, st, e, "save reports");
	}
	return rc;
}

static int pg_put_incident(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct incident *x = &f->incidents.v[i];
	PUT_INVARIANTS(ps, f->incidents, i);
	char occ[ZTIME_BUFSZ], det[ZTIME_BUFSZ], rep[ZTIME_BUFSZ], res[ZTIME_BUFSZ], sum[ZDATE_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save incident: facts are not indexed");
	struct pq_stmt *st = stmt(ps, S_PUT_INCIDENT, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_text(st, 1, x->id);
	bind_text(st, 2, f->orgs.v[x->org].id);
	bind_text(st, 3, ID_OF(f, systems, x->system));
	bind_text(st, 4, x->title);
	bind_text(st, 5, x->category);
	bind_text(st, 6, x->grade ? grade_id(x->grade) : NULL);
	bind_time(st, 7, x->occurred, occ);
	bind_time(st, 8, x->detected, det);
	bind_time(st, 9, x->reported, rep);
	bind_time(st, 10, x->resolved, res);
	if (x->outage_hours >= 0)
		pq_bind_double(st, 11, x->outage_hours);
	if (x->personal_info_records >= 0)
		pq_bind_int64(st, 12, x->personal_info_records);
	bind_date(st, 13, x->summary_on, sum);
	bind_text(st, 14, x->classification);
	bind_tri(st, 15, x->attacked);
	bind_tri(st, 16, x->handled_in_time);
	if (x->function_outage_hours >= 0)
		pq_bind_double(st, 17, x->function_outage_hours);
	if (x->economic_loss_yuan >= 0)
		pq_bind_double(st, 18, x->economic_loss_yuan);
	if (x->people_affected >= 0)
		pq_bind_int64(st, 19, x->people_affected);
	bind_text(st, 20, x->follow_ups);
	int rc = exec_stmt(ps, st, e, "save incident");
	if (!rc)
		rc = put_reports(ps, "incident", x->id, f->incident_reports.v, f->ix.report_by_incident, f->ix.incident_report[i],
				 f->ix.incident_report[i + 1], e);
	return rc;
}

static int pg_put_notice(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct notice *n = &f->notices.v[i];
	PUT_INVARIANTS(ps, f->notices, i);
	char rec[ZDATE_BUFSZ], rect[ZDATE_BUFSZ], fb[ZDATE_BUFSZ], by[ZDATE_BUFSZ], at[ZTIME_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save notice: facts are not indexed");
	struct pq_stmt *st = stmt(ps, S_PUT_NOTICE, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_text(st, 1, n->id);
	bind_text(st, 2, f->orgs.v[n->org].id);
	bind_text(st, 3, n->issuer);
	bind_text(st, 4, n->document_no);
	bind_text(st, 5, n->title);
	bind_date(st, 6, n->received_on, rec);
	bind_date(st, 7, n->rectified_on, rect);
	bind_date(st, 8, n->feedback_on, fb);
	bind_date(st, 9, n->rectify_by, by);
	bind_time(st, 10, n->received_at, at);
	bind_text(st, 11, n->issuer_org);
	bind_text(st, 12, n->feedback);
	int rc = exec_stmt(ps, st, e, "save notice");
	if (rc || !(st = stmt(ps, S_CLEAR_NOTICE_SYSTEMS, e)))
		return rc ? rc : e->code;
	bind_text(st, 1, n->id);
	if ((rc = exec_stmt(ps, st, e, "save notice systems")))
		return rc;
	for (zidx k = f->ix.notice_system[i]; k < f->ix.notice_system[i + 1] && !rc; k++) {
		if (!(st = stmt(ps, S_PUT_NOTICE_SYSTEM, e)))
			return e->code;
		bind_text(st, 1, n->id);
		bind_text(st, 2, f->systems.v[f->notice_systems.v[f->ix.system_by_notice[k]].system].id);
		rc = exec_stmt(ps, st, e, "save notice systems");
	}
	if (!rc)
		rc = put_reports(ps, "notice", n->id, f->notice_reports.v, f->ix.report_by_notice, f->ix.notice_report[i],
				 f->ix.notice_report[i + 1], e);
	return rc;
}

static int pg_put_record(struct store *s, const struct facts *f, zidx i, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	const struct obligation_record *r = &f->records.v[i];
	PUT_INVARIANTS(ps, f->records, i);
	char done[ZDATE_BUFSZ];
	if (!f->indexed)
		return zerr_set(e, ZE_INVALID, "save obligation record: facts are not indexed");
	struct pq_stmt *st = stmt(ps, S_PUT_RECORD, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	record_natural_key(f, r, &ps->key);
	bind_text(st, 1, ps->key.buf);
	bind_text(st, 2, f->orgs.v[r->org].id);
	bind_text(st, 3, r->obligation);
	bind_text(st, 4, r->period);
	bind_text(st, 5, ID_OF(f, depts, r->dept));
	bind_date(st, 6, r->done_on, done);
	bind_text(st, 7, ID_OF(f, people, r->by));
	bind_text(st, 8, r->notes);
	if (pq_step(st) != PQ_ROW) {
		int rc = db_error(ps, e, "save obligation record");
		pq_reset(st);
		return rc;
	}
	int64_t id = pq_column_int64(st, 0);
	pq_reset(st);
	if (!(st = stmt(ps, S_CLEAR_EVIDENCE, e)))
		return e->code;
	pq_bind_int64(st, 1, id);
	int rc = exec_stmt(ps, st, e, "save evidence");
	for (zidx k = f->ix.record_evidence[i]; k < f->ix.record_evidence[i + 1] && !rc; k++) {
		const struct evidence *ev = &f->evidence.v[f->ix.evidence_by_record[k]];
		if (!(st = stmt(ps, S_PUT_EVIDENCE, e)))
			return e->code;
		pq_bind_int64(st, 1, id);
		bind_text(st, 2, ev->sha256);
		bind_text(st, 3, ev->name);
		pq_bind_int64(st, 4, ev->size);
		rc = exec_stmt(ps, st, e, "save evidence");
	}
	return rc;
}

static int pg_incident_snapshot(struct store *s, const char *id, char **json, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_GET_SNAPSHOT, e);
	*json = NULL;
	if (!st)
		return e->code;
	bind_text(st, 1, id);
	int step = pq_step(st), rc = 0;
	if (step == PQ_ROW) {
		const char *t = col_text(st, 0);
		if (t && !(*json = strdup(t)))
			rc = zerr_set(e, ZE_NOMEM, "out of memory");
	} else if (step == PQ_DONE) {
		rc = zerr_set(e, ZE_NOTFOUND, "no incident with id '%s'", id);
	} else {
		rc = db_error(ps, e, "load incident snapshot");
	}
	pq_reset(st);
	return rc;
}

static int pg_set_incident_snapshot(struct store *s, const char *id, const char *json, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_SET_SNAPSHOT, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_text(st, 1, id);
	bind_text(st, 2, json);
	return exec_stmt(ps, st, e, "save incident snapshot");
}

/* Reading rows back: the schema's constraints hold, but a damaged or hand-edited database
 * still gets a clear error instead of a crash. */
struct loader {
	struct pg_store *ps;
	struct facts *f;
	struct zerr *e;
	const char *table;
	int64_t row;
};

static int load_fail(struct loader *l, const char *what, const char *value)
{
	return zerr_set(l->e, ZE_IO, "database: %s row %lld: %s '%s'", l->table, (long long)l->row,
			what, value ? value : "(null)");
}

/* The last id a column resolved: rows come grouped by unit (and often by person), so most
 * lookups repeat the previous one. */
struct ref_cache {
	char id[64];
	zidx idx;
};

static int ref_cached(struct loader *l, const struct hmap *ids, struct pq_stmt *st, int col, struct ref_cache *c,
		      zidx *out)
{
	const char *id = col_text(st, col);
	if (!id) {
		*out = ZIDX_NONE;
		return 0;
	}
	if (c && c->idx >= 0 && strcmp(c->id, id) == 0) {
		*out = c->idx;
		return 0;
	}
	*out = hmap_get(ids, id);
	if (*out < 0)
		return load_fail(l, "unknown reference", id);
	size_t n = strlen(id);
	if (c && n < sizeof c->id) {
		memcpy(c->id, id, n + 1);
		c->idx = *out;
	}
	return 0;
}

static int ref(struct loader *l, const struct hmap *ids, struct pq_stmt *st, int col, zidx *out)
{
	return ref_cached(l, ids, st, col, NULL, out);
}

static int date_col(struct loader *l, struct pq_stmt *st, int col, zdate absent, zdate *out)
{
	const char *s = col_text(st, col);
	if (!s) {
		*out = absent;
		return 0;
	}
	return date_parse(s, out) ? 0 : load_fail(l, "bad date", s);
}

/* Two date columns from col on as a span (NULLs: not recorded). */
static int span_cols(struct loader *l, struct pq_stmt *st, int col, struct span *out)
{
	int rc = date_col(l, st, col, ZDATE_MIN, &out->from);
	return rc ? rc : date_col(l, st, col + 1, ZDATE_MAX, &out->to);
}

static bool span_always(struct span s)
{
	return s.from == ZDATE_MIN && s.to == ZDATE_MAX;
}

static int enum_col(struct loader *l, struct pq_stmt *st, int col, int (*from_id)(const char *), int8_t *out)
{
	const char *s = col_text(st, col);
	int v = from_id(s);
	if (v < 0)
		return load_fail(l, "unknown value", s);
	*out = (int8_t)v;
	return 0;
}

static int8_t tri_col(struct pq_stmt *st, int col)
{
	if (pq_column_type(st, col) == PQ_NULL)
		return TRI_NULL;
	return pq_column_int(st, col) ? TRI_TRUE : TRI_FALSE;
}

static const char *str_col(struct loader *l, struct pq_stmt *st, int col)
{
	return facts_str(l->f, col_text(st, col));
}

static struct pq_stmt *load_stmt(struct loader *l, enum stmt_id all, enum stmt_id one, const char *org_id,
			       const char *table)
{
	l->table = table;
	l->row = 0;
	struct pq_stmt *st = stmt(l->ps, org_id ? one : all, l->e);
	if (st && org_id)
		bind_text(st, 1, org_id);
	return st;
}

#define NOMEM(l) zerr_set((l)->e, ZE_NOMEM, "out of memory loading %s", (l)->table)

static int load_orgs(struct loader *l)
{
	struct facts *f = l->f;
	int rc = 0;
	struct pq_stmt *st = load_stmt(l, S_LOAD_ORG, S_LOAD_ORG, NULL, "org");
	if (!st)
		return l->e->code;
	/* Parents may come after their children: resolve them in a second pass. */
	const char **parents = NULL;
	size_t cap = 0;
	int step;
	while ((step = pq_step(st)) == PQ_ROW) {
		l->row++;
		struct org o = {str_col(l, st, 0), str_col(l, st, 1), str_col(l, st, 2), str_col(l, st, 4), ZIDX_NONE,
				str_col(l, st, 5), 0, OPERATOR_UNSET};
		const char *op = str_col(l, st, 6);
		int offset = TZ_DEFAULT_OFFSET, opt = op ? operator_type_from_id(op) : OPERATOR_UNSET;
		if (o.time_zone && !tz_offset(o.time_zone, &offset)) {
			rc = load_fail(l, "bad time zone", o.time_zone);
			goto out;
		}
		if (opt < 0) {
			rc = load_fail(l, "bad operator type", op);
			goto out;
		}
		o.utc_offset = (int16_t)offset;
		o.operator_type = (int8_t)opt;
		zidx i = facts_add_org(f, &o);
		if (i < 0) {
			rc = NOMEM(l);
			goto out;
		}
		if ((size_t)i >= cap) {
			cap = cap ? cap * 2 : 256;
			const char **p = realloc(parents, cap * sizeof *p);
			if (!p) {
				rc = NOMEM(l);
				goto out;
			}
			parents = p;
		}
		parents[i] = str_col(l, st, 3);
	}
	if (step != PQ_DONE) {
		rc = db_error(l->ps, l->e, "load organizations");
		goto out;
	}
	for (size_t i = 0; i < f->orgs.n; i++) {
		if (parents[i] && (f->orgs.v[i].parent = hmap_get(&f->org_ids, parents[i])) < 0) {
			l->row = (int64_t)i + 1;
			rc = load_fail(l, "unknown parent", parents[i]);
			goto out;
		}
	}
out:
	pq_reset(st);
	free(parents);
	return rc;
}

static int load_depts(struct loader *l, const char *org_id)
{
	struct facts *f = l->f;
	int rc = 0, step;
	const char **parents = NULL;
	size_t first = f->depts.n, cap = 0;
	struct pq_stmt *st = load_stmt(l, S_LOAD_DEPT, S_LOAD_DEPT_ORG, org_id, "department");
	if (!st)
		return l->e->code;
	while ((step = pq_step(st)) == PQ_ROW) {
		l->row++;
		struct dept d = {str_col(l, st, 0), str_col(l, st, 2), ZIDX_NONE, ZIDX_NONE};
		struct span life;
		if ((rc = ref(l, &f->org_ids, st, 1, &d.org)) || (rc = span_cols(l, st, 4, &life)))
			goto out;
		zidx i = facts_add_dept(f, &d);
		if (i < 0 || (!span_always(life) && facts_set_span(f, SPAN_DEPT, i, life))) {
			rc = NOMEM(l);
			goto out;
		}
		if ((size_t)i - first >= cap) {
			cap = cap ? cap * 2 : 256;
			const char **p = realloc(parents, cap * sizeof *p);
			if (!p) {
				rc = NOMEM(l);
				goto out;
			}
			parents = p;
		}
		parents[i - first] = str_col(l, st, 3);
	}
	if (step != PQ_DONE) {
		rc = db_error(l->ps, l->e, "load departments");
		goto out;
	}
	for (size_t i = first; i < f->depts.n; i++) {
		const char *pid = parents[i - first];
		if (pid && (f->depts.v[i].parent = hmap_get(&f->dept_ids, pid)) < 0) {
			l->row = (int64_t)(i - first) + 1;
			rc = load_fail(l, "unknown parent", pid);
			goto out;
		}
	}
out:
	pq_reset(st);
	free(parents);
	return rc;
}

/* Steps to the next row; false at the end, with *rc set when the step failed. */
static bool next_row(struct loader *l, struct pq_stmt *st, int *rc)
{
	int step = pq_step(st);
	if (step == PQ_ROW) {
		l->row++;
		return true;
	}
	if (step != PQ_DONE)
		*rc = db_error(l->ps, l->e, l->table);
	return false;
}

#define TRY(x)                 \
	do {                   \
		if ((rc = (x))) \
			goto out; \
	} while (0)
#define ADD(l, call)                       \
	do {                               \
		if ((call) < 0) {           \
			rc = NOMEM(l);      \
			goto out;           \
		}                           \
	} while (0)

/* A department's earlier names and parents. */
static int load_dept_versions(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_DEPT_VERSION, S_LOAD_DEPT_VERSION_ORG, org_id, "department_version");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct dept_version v = {.name = str_col(l, st, 2)};
		TRY(ref(l, &f->dept_ids, st, 0, &v.dept));
		TRY(date_col(l, st, 1, ZDATE_NONE, &v.until));
		TRY(ref(l, &f->dept_ids, st, 3, &v.parent));
		ADD(l, facts_add_dept_version(f, &v));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_people(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_PERSON, S_LOAD_PERSON_ORG, org_id, "person");
	if (!st)
		return l->e->code;
	struct ref_cache org = {.idx = ZIDX_NONE};
	while (!rc && next_row(l, st, &rc)) {
		struct person p = {str_col(l, st, 0), str_col(l, st, 3), 0, 0, 0};
		struct span life;
		TRY(ref_cached(l, &f->org_ids, st, 1, &org, &p.org));
		TRY(ref(l, &f->dept_ids, st, 2, &p.dept));
		TRY(date_col(l, st, 4, ZDATE_NONE, &p.background_check));
		TRY(span_cols(l, st, 5, &life));
		zidx i = facts_add_person(f, &p);
		ADD(l, i);
		if (!span_always(life))
			ADD(l, facts_set_span(f, SPAN_PERSON, i, life));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_bodies(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_BODY, S_LOAD_BODY_ORG, org_id, "body");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct body b = {str_col(l, st, 0), str_col(l, st, 3), 0, 0};
		struct span life;
		TRY(ref(l, &f->org_ids, st, 1, &b.org));
		TRY(enum_col(l, st, 2, body_kind_from_id, &b.kind));
		TRY(span_cols(l, st, 4, &life));
		zidx i = facts_add_body(f, &b);
		ADD(l, i);
		if (!span_always(life))
			ADD(l, facts_set_span(f, SPAN_BODY, i, life));
	}
	if (rc)
		goto out;
	pq_reset(st);
	st = load_stmt(l, S_LOAD_LEAD, S_LOAD_LEAD_ORG, org_id, "body_lead");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct body_lead bl;
		TRY(ref(l, &f->body_ids, st, 0, &bl.body));
		TRY(ref(l, &f->body_ids, st, 1, &bl.led));
		ADD(l, facts_add_lead(f, &bl));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_systems(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_SYSTEM, S_LOAD_SYSTEM_ORG, org_id, "system");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct zsystem y = {str_col(l, st, 0), str_col(l, st, 2), str_col(l, st, 5), 0, 0,
				    (int8_t)pq_column_int(st, 4), tri_col(st, 8), tri_col(st, 9), 0, 0, NULL};
		TRY(ref(l, &f->org_ids, st, 1, &y.org));
		TRY(ref(l, &f->dept_ids, st, 3, &y.owner_dept));
		TRY(date_col(l, st, 6, ZDATE_NONE, &y.filed_on));
		TRY(date_col(l, st, 7, ZDATE_NONE, &y.last_assessed_on));
		struct span life;
		TRY(span_cols(l, st, 10, &life));
		zidx i = facts_add_system(f, &y);
		ADD(l, i);
		if (!span_always(life))
			ADD(l, facts_set_span(f, SPAN_SYSTEM, i, life));
	}
	if (rc)
		goto out;
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_SYSTEM_VERSION, S_LOAD_SYSTEM_VERSION_ORG, org_id, "system_version")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct system_version v = {.st.mlps_level = (int8_t)pq_column_int(st, 3), .st.filing_no = str_col(l, st, 4)};
		TRY(ref(l, &f->system_ids, st, 0, &v.system));
		TRY(date_col(l, st, 1, ZDATE_NONE, &v.until));
		TRY(ref(l, &f->dept_ids, st, 2, &v.st.owner_dept));
		TRY(date_col(l, st, 5, ZDATE_NONE, &v.st.filed_on));
		ADD(l, facts_add_system_version(f, &v));
	}
	if (rc)
		goto out;
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_ASSESSMENT, S_LOAD_ASSESSMENT_ORG, org_id, "system_assessment")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct assessment a;
		TRY(ref(l, &f->system_ids, st, 0, &a.system));
		TRY(date_col(l, st, 1, ZDATE_NONE, &a.on));
		ADD(l, facts_add_assessment(f, &a));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_appts(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_APPT, S_LOAD_APPT_ORG, org_id, "appointment");
	if (!st)
		return l->e->code;
	struct ref_cache person = {.idx = ZIDX_NONE}, org = {.idx = ZIDX_NONE};
	while (!rc && next_row(l, st, &rc)) {
		struct appt a = {.post = POST_NONE, .seat = SEAT_NONE, .full_time = tri_col(st, 9)};
		TRY(ref_cached(l, &f->person_ids, st, 0, &person, &a.person));
		TRY(ref_cached(l, &f->org_ids, st, 1, &org, &a.org));
		TRY(ref(l, &f->dept_ids, st, 2, &a.dept));
		TRY(ref(l, &f->system_ids, st, 3, &a.system));
		TRY(ref(l, &f->body_ids, st, 4, &a.body));
		if (a.body < 0)
			TRY(enum_col(l, st, 5, post_from_id, &a.post));
		else
			TRY(enum_col(l, st, 6, seat_from_id, &a.seat));
		TRY(date_col(l, st, 7, ZDATE_NONE, &a.from));
		TRY(date_col(l, st, 8, ZDATE_MAX, &a.to));
		ADD(l, facts_add_appt(f, &a));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_agreements(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_AGREEMENT, S_LOAD_AGREEMENT_ORG, org_id, "agreement");
	if (!st)
		return l->e->code;
	struct ref_cache org = {.idx = ZIDX_NONE};
	while (!rc && next_row(l, st, &rc)) {
		struct agreement a = {.id = str_col(l, st, 0)};
		TRY(ref_cached(l, &f->org_ids, st, 1, &org, &a.org));
		TRY(enum_col(l, st, 2, agreement_kind_from_id, &a.kind));
		TRY(ref(l, &f->person_ids, st, 3, &a.person));
		TRY(date_col(l, st, 4, ZDATE_NONE, &a.from));
		TRY(date_col(l, st, 5, ZDATE_MAX, &a.to));
		TRY(date_col(l, st, 6, ZDATE_NONE, &a.signed_on));
		a.post = POST_NONE;
		if (pq_column_type(st, 7) != PQ_NULL)
			TRY(enum_col(l, st, 7, post_from_id, &a.post));
		TRY(ref(l, &f->dept_ids, st, 8, &a.dept));
		ADD(l, facts_add_agreement(f, &a));
	}
out:
	pq_reset(st);
	return rc;
}

static int time_col(struct loader *l, struct pq_stmt *st, int col, struct ztime *out)
{
	const char *s = col_text(st, col);
	*out = ZTIME_NONE;
	if (!s)
		return 0;
	return ztime_parse(s, out) ? 0 : load_fail(l, "bad time", s);
}

static int load_incidents(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_INCIDENT, S_LOAD_INCIDENT_ORG, org_id, "incident");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct incident x = INCIDENT_INIT;
		x.id = str_col(l, st, 0);
		x.title = str_col(l, st, 3);
		x.category = str_col(l, st, 4);
		TRY(ref(l, &f->org_ids, st, 1, &x.org));
		TRY(ref(l, &f->system_ids, st, 2, &x.system));
		if (col_text(st, 5))
			TRY(enum_col(l, st, 5, grade_from_id, &x.grade));
		TRY(time_col(l, st, 6, &x.occurred));
		TRY(time_col(l, st, 7, &x.detected));
		TRY(time_col(l, st, 8, &x.reported));
		TRY(time_col(l, st, 9, &x.resolved));
		if (pq_column_type(st, 10) != PQ_NULL)
			x.outage_hours = pq_column_double(st, 10);
		if (pq_column_type(st, 11) != PQ_NULL)
			x.personal_info_records = pq_column_int64(st, 11);
		TRY(date_col(l, st, 12, ZDATE_NONE, &x.summary_on));
		x.classification = str_col(l, st, 13);
		x.attacked = tri_col(st, 14);
		x.handled_in_time = tri_col(st, 15);
		if (pq_column_type(st, 16) != PQ_NULL)
			x.function_outage_hours = pq_column_double(st, 16);
		if (pq_column_type(st, 17) != PQ_NULL)
			x.economic_loss_yuan = pq_column_double(st, 17);
		if (pq_column_type(st, 18) != PQ_NULL)
			x.people_affected = pq_column_int64(st, 18);
		x.follow_ups = str_col(l, st, 19);
		ADD(l, facts_add_incident(f, &x));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_notices(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_NOTICE, S_LOAD_NOTICE_ORG, org_id, "notice");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct notice n = {.id = str_col(l, st, 0), .issuer = str_col(l, st, 2), .document_no = str_col(l, st, 3),
				   .title = str_col(l, st, 4), .received_at = ZTIME_NONE,
				   .issuer_org = str_col(l, st, 10), .feedback = str_col(l, st, 11)};
		TRY(ref(l, &f->org_ids, st, 1, &n.org));
		TRY(date_col(l, st, 5, ZDATE_NONE, &n.received_on));
		TRY(date_col(l, st, 6, ZDATE_NONE, &n.rectified_on));
		TRY(date_col(l, st, 7, ZDATE_NONE, &n.feedback_on));
		TRY(date_col(l, st, 8, ZDATE_NONE, &n.rectify_by));
		TRY(time_col(l, st, 9, &n.received_at));
		ADD(l, facts_add_notice(f, &n));
	}
	if (rc)
		goto out;
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_NOTICE_SYSTEM, S_LOAD_NOTICE_SYSTEM_ORG, org_id, "notice_system")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct notice_system ns;
		TRY(ref(l, &f->notice_ids, st, 0, &ns.notice));
		TRY(ref(l, &f->system_ids, st, 1, &ns.system));
		ADD(l, facts_add_notice_system(f, &ns));
	}
out:
	pq_reset(st);
	return rc;
}

/* The reports of the notices or incidents (kind) loaded, through add. */
static int load_reports(struct loader *l, const char *org_id, const char *kind, const struct hmap *ids,
			zidx (*add)(struct facts *f, const struct evidence *ev))
{
	int rc = 0;
	struct pq_stmt *st = load_stmt(l, S_LOAD_REPORTS, S_LOAD_REPORTS_ORG, org_id, "report_file");
	if (!st)
		return l->e->code;
	bind_text(st, 2, kind);
	while (!rc && next_row(l, st, &rc)) {
		struct evidence ev = {.sha256 = str_col(l, st, 1), .name = str_col(l, st, 2), .size = pq_column_int64(st, 3)};
		TRY(ref(l, ids, st, 0, &ev.record));
		ADD(l, add(l->f, &ev));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_handovers(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_HANDOVER, S_LOAD_HANDOVER_ORG, org_id, "handover");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct handover h = {.id = str_col(l, st, 0), .notes = str_col(l, st, 10)};
		TRY(ref(l, &f->org_ids, st, 1, &h.org));
		TRY(ref(l, &f->person_ids, st, 2, &h.person));
		TRY(enum_col(l, st, 3, post_from_id, &h.post));
		TRY(date_col(l, st, 4, ZDATE_NONE, &h.left_on));
		TRY(ref(l, &f->person_ids, st, 5, &h.successor));
		TRY(date_col(l, st, 6, ZDATE_NONE, &h.accounts_closed_on));
		TRY(date_col(l, st, 7, ZDATE_NONE, &h.materials_returned_on));
		TRY(date_col(l, st, 8, ZDATE_NONE, &h.passwords_changed_on));
		TRY(date_col(l, st, 9, ZDATE_NONE, &h.completed_on));
		ADD(l, facts_add_handover(f, &h));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_vulnerabilities(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_VULN, S_LOAD_VULN_ORG, org_id, "vulnerability");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct vulnerability v = {.id = str_col(l, st, 0), .title = str_col(l, st, 3), .notes = str_col(l, st, 11)};
		TRY(ref(l, &f->org_ids, st, 1, &v.org));
		TRY(ref(l, &f->system_ids, st, 2, &v.system));
		TRY(enum_col(l, st, 4, vuln_source_from_id, &v.source));
		TRY(enum_col(l, st, 5, vuln_severity_from_id, &v.severity));
		TRY(date_col(l, st, 6, ZDATE_NONE, &v.found_on));
		TRY(date_col(l, st, 7, ZDATE_NONE, &v.due_on));
		TRY(date_col(l, st, 8, ZDATE_NONE, &v.fixed_on));
		TRY(date_col(l, st, 9, ZDATE_NONE, &v.verified_on));
		TRY(ref(l, &f->notice_ids, st, 10, &v.notice));
		ADD(l, facts_add_vulnerability(f, &v));
	}
out:
	pq_reset(st);
	return rc;
}

/* Reads the rows of a described register (one unit's, or all) into the facts. */
static int load_described(struct loader *l, const char *org_id, const struct reg_desc *d)
{
	int rc = 0;
	struct facts *f = l->f;
	union reg_row rec;
	assert(d->size <= sizeof rec);
	struct pq_stmt *st = load_stmt(l, d->load, d->load_org, org_id, d->what);
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		memset(&rec, 0, sizeof rec);
		for (int c = 0; c < d->ncols && !rc; c++) {
			const struct rcol *col = &d->cols[c];
			unsigned char *field = (unsigned char *)&rec + col->off;
			switch (col->type) {
			case RC_TEXT: *(const char **)field = str_col(l, st, c); break;
			case RC_DATE: rc = date_col(l, st, c, ZDATE_NONE, (zdate *)field); break;
			case RC_INT:
				*(int32_t *)field = pq_column_type(st, c) == PQ_NULL ? -1 : pq_column_int(st, c);
				break;
			case RC_ENUM: rc = enum_col(l, st, c, col->enum_from_id, (int8_t *)field); break;
			default: rc = ref(l, rcol_ref_ids(f, col->type), st, c, (zidx *)field); break;
			}
		}
		if (!rc && d->add(f, &rec) < 0)
			rc = NOMEM(l);
	}
	pq_reset(st);
	return rc;
}

static int64_t amount_col(struct pq_stmt *st, int col)
{
	return pq_column_type(st, col) == PQ_NULL ? -1 : pq_column_int64(st, col);
}

/* The projects, then which project built each system (systems are loaded before). */
static int load_projects(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_PROJECT, S_LOAD_PROJECT_ORG, org_id, "project");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct project p = {.id = str_col(l, st, 0), .name = str_col(l, st, 2), .notes = str_col(l, st, 13),
				    .budget = amount_col(st, 4), .security_budget = amount_col(st, 5),
				    .security_planned = pq_column_int(st, 10) != 0,
				    .security_built = pq_column_int(st, 11) != 0,
				    .security_implemented = pq_column_int(st, 12) != 0};
		TRY(ref(l, &f->org_ids, st, 1, &p.org));
		TRY(ref(l, &f->dept_ids, st, 3, &p.dept));
		TRY(date_col(l, st, 6, ZDATE_NONE, &p.approved_on));
		TRY(date_col(l, st, 7, ZDATE_NONE, &p.started_on));
		TRY(date_col(l, st, 8, ZDATE_NONE, &p.in_use_on));
		TRY(date_col(l, st, 9, ZDATE_NONE, &p.cancelled_on));
		ADD(l, facts_add_project(f, &p));
	}
	if (rc)
		goto out;
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_SYSTEM_PROJECT, S_LOAD_SYSTEM_PROJECT_ORG, org_id, "system_project")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		zidx si, pi;
		TRY(ref(l, &f->system_ids, st, 0, &si));
		TRY(ref(l, &f->project_ids, st, 1, &pi));
		f->systems.v[si].project = f->projects.v[pi].id;
	}
out:
	pq_reset(st);
	return rc;
}

static int load_plans(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_PLAN, S_LOAD_PLAN_ORG, org_id, "emergency_plan");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct emergency_plan p = {.id = str_col(l, st, 0), .title = str_col(l, st, 2), .version = str_col(l, st, 3),
					   .notes = str_col(l, st, 7)};
		TRY(ref(l, &f->org_ids, st, 1, &p.org));
		TRY(date_col(l, st, 4, ZDATE_NONE, &p.approved_on));
		TRY(date_col(l, st, 5, ZDATE_NONE, &p.reviewed_on));
		TRY(date_col(l, st, 6, ZDATE_NONE, &p.withdrawn_on));
		ADD(l, facts_add_plan(f, &p));
	}
	if (rc)
		goto out;
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_PLAN_DRILL, S_LOAD_PLAN_DRILL_ORG, org_id, "plan_drill")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct plan_drill d;
		TRY(ref(l, &f->plan_ids, st, 0, &d.plan));
		TRY(date_col(l, st, 1, ZDATE_NONE, &d.held_on));
		ADD(l, facts_add_plan_drill(f, &d));
	}
	if (rc)
		goto out;
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_PLAN_REVIEW, S_LOAD_PLAN_REVIEW_ORG, org_id, "plan_review")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct plan_review rv = {.outcome = str_col(l, st, 3)};
		TRY(ref(l, &f->plan_ids, st, 0, &rv.plan));
		TRY(date_col(l, st, 1, ZDATE_NONE, &rv.on));
		TRY(ref(l, &f->person_ids, st, 2, &rv.by));
		ADD(l, facts_add_plan_review(f, &rv));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_rectifications(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_RECT, S_LOAD_RECT_ORG, org_id, "rectification");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct rectification r = {.id = str_col(l, st, 0), .rule = str_col(l, st, 2), .subject = str_col(l, st, 3),
					  .title = str_col(l, st, 4), .rectification = str_col(l, st, 10),
					  .notes = str_col(l, st, 12)};
		TRY(ref(l, &f->org_ids, st, 1, &r.org));
		TRY(ref(l, &f->dept_ids, st, 5, &r.dept));
		TRY(ref(l, &f->person_ids, st, 6, &r.person));
		TRY(date_col(l, st, 7, ZDATE_NONE, &r.assigned_on));
		TRY(date_col(l, st, 8, ZDATE_NONE, &r.due_on));
		TRY(date_col(l, st, 9, ZDATE_NONE, &r.rectified_on));
		TRY(date_col(l, st, 11, ZDATE_NONE, &r.closed_on));
		ADD(l, facts_add_rectification(f, &r));
	}
	if (rc)
		goto out;
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_RECT_EVIDENCE, S_LOAD_RECT_EVIDENCE_ORG, org_id, "rectification_evidence")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct evidence ev = {.sha256 = str_col(l, st, 1), .name = str_col(l, st, 2), .size = pq_column_int64(st, 3)};
		TRY(ref(l, &f->rectification_ids, st, 0, &ev.record));
		ADD(l, facts_add_rect_evidence(f, &ev));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_inspections(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	struct pq_stmt *st = load_stmt(l, S_LOAD_INSP, S_LOAD_INSP_ORG, org_id, "inspection");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct inspection in = {.id = str_col(l, st, 0), .scope = str_col(l, st, 4), .inspectors = str_col(l, st, 5)};
		TRY(ref(l, &f->org_ids, st, 1, &in.org));
		TRY(ref(l, &f->org_ids, st, 2, &in.inspector_org));
		TRY(date_col(l, st, 3, ZDATE_NONE, &in.on));
		ADD(l, facts_add_inspection(f, &in));
	}
	if (rc)
		goto out;
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_INSP_ITEM, S_LOAD_INSP_ITEM_ORG, org_id, "inspection_item")))
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct inspection_item it = {.title = str_col(l, st, 1), .basis = str_col(l, st, 2)};
		TRY(ref(l, &f->inspection_ids, st, 0, &it.inspection));
		TRY(ref(l, &f->dept_ids, st, 3, &it.dept));
		TRY(date_col(l, st, 4, ZDATE_NONE, &it.due_on));
		ADD(l, facts_add_inspection_item(f, &it));
	}
out:
	pq_reset(st);
	return rc;
}

static int load_records(struct loader *l, const char *org_id)
{
	int rc = 0;
	struct facts *f = l->f;
	size_t first = f->records.n;
	int64_t *ids = NULL;
	size_t cap = 0;
	struct pq_stmt *st = load_stmt(l, S_LOAD_RECORD, S_LOAD_RECORD_ORG, org_id, "obligation_record");
	if (!st)
		return l->e->code;
	while (!rc && next_row(l, st, &rc)) {
		struct obligation_record r = {.obligation = str_col(l, st, 2), .period = str_col(l, st, 3),
					      .notes = str_col(l, st, 7)};
		TRY(ref(l, &f->org_ids, st, 1, &r.org));
		TRY(ref(l, &f->dept_ids, st, 4, &r.dept));
		TRY(date_col(l, st, 5, ZDATE_NONE, &r.done_on));
		TRY(ref(l, &f->person_ids, st, 6, &r.by));
		zidx i = facts_add_record(f, &r);
		if (i < 0) {
			rc = NOMEM(l);
			goto out;
		}
		if ((size_t)i - first >= cap) {
			cap = cap ? cap * 2 : 256;
			int64_t *p = realloc(ids, cap * sizeof *p);
			if (!p) {
				rc = NOMEM(l);
				goto out;
			}
			ids = p;
		}
		ids[i - first] = pq_column_int64(st, 0);
	}
	if (rc)
		goto out;
	pq_reset(st);
	if (!(st = load_stmt(l, S_LOAD_EVIDENCE, S_LOAD_EVIDENCE_ORG, org_id, "evidence"))) {
		rc = l->e->code;
		goto out_nost;
	}
	/* Both lists are in record-id order: walk them together. */
	size_t k = 0, n = f->records.n - first;
	while (!rc && next_row(l, st, &rc)) {
		int64_t rid = pq_column_int64(st, 0);
		while (k < n && ids[k] < rid)
			k++;
		if (k >= n || ids[k] != rid) {
			rc = load_fail(l, "evidence of an unknown record", "");
			goto out;
		}
		struct evidence ev = {(zidx)(first + k), str_col(l, st, 1), str_col(l, st, 2), pq_column_int64(st, 3)};
		ADD(l, facts_add_evidence(f, &ev));
	}
out:
	pq_reset(st);
out_nost:
	free(ids);
	return rc;
}

static int pg_load(struct store *s, struct facts *f, const char *org_id, struct zerr *e)
{
	struct loader l = {PS(s), f, e, "", 0};
	int rc;
	if ((rc = load_orgs(&l)))
		return rc;
	if (org_id && hmap_get(&f->org_ids, org_id) < 0)
		return zerr_set(e, ZE_NOTFOUND, "no unit with id '%s'", org_id);
	if ((rc = load_depts(&l, org_id)) || (rc = load_dept_versions(&l, org_id)) || (rc = load_people(&l, org_id)) ||
	    (rc = load_bodies(&l, org_id)) || (rc = load_systems(&l, org_id)) ||
	    (rc = load_appts(&l, org_id)) || (rc = load_agreements(&l, org_id)) ||
	    (rc = load_incidents(&l, org_id)) || (rc = load_notices(&l, org_id)) ||
	    (rc = load_records(&l, org_id)) || (rc = load_handovers(&l, org_id)) ||
	    (rc = load_vulnerabilities(&l, org_id)) || (rc = load_plans(&l, org_id)) ||
	    (rc = load_described(&l, org_id, &log_source_desc)) || (rc = load_described(&l, org_id, &training_desc)) ||
	    (rc = load_described(&l, org_id, &attendee_desc)) ||
	    (rc = load_projects(&l, org_id)) ||
	    (rc = load_rectifications(&l, org_id)) || (rc = load_inspections(&l, org_id)) ||
	    (rc = load_reports(&l, org_id, "notice", &l.f->notice_ids, facts_add_notice_report)) ||
	    (rc = load_reports(&l, org_id, "incident", &l.f->incident_ids, facts_add_incident_report)))
		return rc;
	return 0;
}

static int pg_calendar_each(struct store *s, calendar_row_fn fn, void *ctx, struct zerr *e)
{
	struct loader l = {PS(s), NULL, e, "calendar_day", 0};
	int rc = 0;
	struct pq_stmt *st = stmt(l.ps, S_CAL_LOAD, e);
	if (!st)
		return e->code;
	while (!rc && next_row(&l, st, &rc)) {
		zdate d;
		const char *kind = col_text(st, 1);
		if ((rc = date_col(&l, st, 0, ZDATE_NONE, &d)))
			break;
		if (!kind || (strcmp(kind, "off") && strcmp(kind, "work"))) {
			rc = load_fail(&l, "bad kind", kind);
			break;
		}
		rc = fn(ctx, d, kind[0] == 'w', col_text(st, 2), col_text(st, 3));
	}
	pq_reset(st);
	return rc;
}

static int pg_org_each(struct store *s, org_row_fn fn, void *ctx, struct zerr *e)
{
	struct loader l = {PS(s), NULL, e, "org", 0};
	int rc = 0;
	struct pq_stmt *st = stmt(l.ps, S_ORG_EACH, e);
	if (!st)
		return e->code;
	while (!rc && next_row(&l, st, &rc))
		rc = fn(ctx, col_text(st, 0), col_text(st, 1), col_text(st, 2), col_text(st, 3));
	pq_reset(st);
	return rc;
}

static int pg_id_unit(struct store *s, enum store_kind kind, const char *id, char org[201], struct zerr *e)
{
	static const enum stmt_id ids[SK_COUNT] = {
		[SK_DEPT] = S_UNIT_OF_DEPT, [SK_PERSON] = S_UNIT_OF_PERSON, [SK_BODY] = S_UNIT_OF_BODY,
		[SK_SYSTEM] = S_UNIT_OF_SYSTEM, [SK_AGREEMENT] = S_UNIT_OF_AGREEMENT,
		[SK_INCIDENT] = S_UNIT_OF_INCIDENT, [SK_NOTICE] = S_UNIT_OF_NOTICE,
		[SK_HANDOVER] = S_UNIT_OF_HANDOVER, [SK_VULNERABILITY] = S_UNIT_OF_VULN,
		[SK_PLAN] = S_UNIT_OF_PLAN, [SK_LOG_SOURCE] = S_UNIT_OF_LOG_SOURCE, [SK_TRAINING] = S_UNIT_OF_TRAINING,
		[SK_PROJECT] = S_UNIT_OF_PROJECT, [SK_RECTIFICATION] = S_UNIT_OF_RECT,
		[SK_INSPECTION] = S_UNIT_OF_INSP};
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, ids[kind], e);
	if (!st)
		return e->code;
	bind_text(st, 1, id);
	int step = pq_step(st), rc = 0;
	org[0] = '\0';
	if (step == PQ_ROW && col_text(st, 0))
		snprintf(org, 201, "%s", col_text(st, 0));
	else if (step != PQ_DONE && step != PQ_ROW)
		rc = db_error(ps, e, "look up a record's unit");
	pq_reset(st);
	return rc;
}

static int pg_calendar_put(struct store *s, zdate d, bool work, const char *en, const char *zh, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	char date[ZDATE_BUFSZ];
	struct pq_stmt *st = stmt(ps, S_CAL_PUT, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_date(st, 1, d, date);
	bind_text(st, 2, work ? "work" : "off");
	bind_text(st, 3, en);
	bind_text(st, 4, zh);
	return exec_stmt(ps, st, e, "save calendar day");
}

static void copy_hash(char out[65], const char *hex)
{
	snprintf(out, 65, "%s", hex ? hex : "");
}

/* Reads one row of a two-column (integer, hash) statement; 0 and "" when there is none. */
static int audit_pair(struct pg_store *ps, enum stmt_id id, int64_t *n, char hash[65], bool *found,
		      struct zerr *e)
{
	struct pq_stmt *st = stmt(ps, id, e);
	if (!st)
		return e->code;
	int rc = pq_step(st);
	*found = rc == PQ_ROW;
	*n = *found ? pq_column_int64(st, 0) : 0;
	copy_hash(hash, *found ? col_text(st, 1) : "");
	pq_reset(st);
	if (rc != PQ_ROW && rc != PQ_DONE)
		return db_error(ps, e, "read audit log");
	return 0;
}

static int pg_audit_last(struct store *s, int64_t *seq, char hash[65], struct zerr *e)
{
	struct pg_store *ps = PS(s);
	bool found;
	int rc = audit_pair(ps, S_AUDIT_LAST, seq, hash, &found, e);
	if (!rc && !found)
		rc = audit_pair(ps, S_AUDIT_LAST_PURGE, seq, hash, &found, e);
	if (!rc && !found) {
		*seq = 0;
		memset(hash, '0', 64);
		hash[64] = 0;
	}
	return rc;
}

static int pg_audit_anchor(struct store *s, int64_t *before_seq, char anchor[65], struct zerr *e)
{
	bool found;
	return audit_pair(PS(s), S_AUDIT_ANCHOR, before_seq, anchor, &found, e);
}

static int pg_audit_insert(struct store *s, const struct audit_entry *a, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_AUDIT_INSERT, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, a->seq);
	bind_text(st, 2, a->at);
	bind_text(st, 3, a->account);
	bind_text(st, 4, a->source);
	bind_text(st, 5, a->action);
	bind_text(st, 6, a->object);
	pq_bind_int64(st, 7, a->success);
	bind_text(st, 8, a->detail);
	bind_text(st, 9, a->prev_hash);
	bind_text(st, 10, a->hash);
	return exec_stmt(ps, st, e, "append to audit log");
}

/* Calls fn for each audit record the prepared statement st yields (columns in table order). */
static int audit_rows(struct pg_store *ps, struct pq_stmt *st, audit_row_fn fn, void *ctx, struct zerr *e)
{
	int rc = 0, step;
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct audit_entry a = {
			.seq = pq_column_int64(st, 0),
			.at = col_text(st, 1),
			.account = col_text(st, 2),
			.source = col_text(st, 3),
			.action = col_text(st, 4),
			.object = col_text(st, 5),
			.success = pq_column_int(st, 6) != 0,
			.detail = col_text(st, 7),
		};
		copy_hash(a.prev_hash, col_text(st, 8));
		copy_hash(a.hash, col_text(st, 9));
		rc = fn(ctx, &a);
	}
	if (!rc && step != PQ_DONE)
		rc = db_error(ps, e, "read audit log");
	pq_reset(st);
	return rc;
}

static int pg_audit_each(struct store *s, int64_t from_seq, audit_row_fn fn, void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_AUDIT_EACH, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, from_seq);
	return audit_rows(ps, st, fn, ctx, e);
}

static int pg_audit_purge(struct store *s, int64_t before_seq, int64_t *purged, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_AUDIT_PURGE_MARK, e);
	int rc;
	*purged = 0;
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, before_seq);
	if ((rc = exec_stmt(ps, st, e, "mark audit purge")))
		return rc;
	if (pq_changes(ps) == 0)
		return 0; /* nothing before before_seq is left */
	if (!(st = stmt(ps, S_AUDIT_PURGE, e)))
		return e->code;
	pq_bind_int64(st, 1, before_seq);
	if ((rc = exec_stmt(ps, st, e, "purge audit log")))
		return rc;
	*purged = pq_changes(ps);
	return 0;
}

static int read_generation(struct store *s, enum stmt_id id, int64_t *gen, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, id, e);
	if (!st)
		return e->code;
	int step = pq_step(st), rc = 0;
	if (step == PQ_ROW)
		*gen = pq_column_int64(st, 0);
	else
		rc = step == PQ_DONE ? zerr_set(e, ZE_IO, "database: the generation row is missing")
					 : db_error(ps, e, "read store generation");
	pq_reset(st);
	return rc;
}

static int pg_generation(struct store *s, int64_t *gen, struct zerr *e)
{
	return read_generation(s, S_GEN_GET, gen, e);
}

static int pg_auth_generation(struct store *s, int64_t *gen, struct zerr *e)
{
	return read_generation(s, S_AUTH_GEN_GET, gen, e);
}

static int pg_calendar_generation(struct store *s, int64_t *gen, struct zerr *e)
{
	return read_generation(s, S_CAL_GEN_GET, gen, e);
}

static void bind_audit_filter(struct pq_stmt *st, const struct audit_filter *f)
{
	bind_text(st, 1, f->account);
	bind_text(st, 2, f->action_prefix && *f->action_prefix ? f->action_prefix : NULL);
	bind_text(st, 3, f->object);
	if (f->success >= 0)
		pq_bind_int64(st, 4, f->success ? 1 : 0);
	bind_text(st, 5, f->at_from);
	bind_text(st, 6, f->at_to);
}

static int pg_audit_query(struct store *s, const struct audit_filter *f, int64_t offset, int64_t limit,
			  audit_row_fn fn, void *ctx, int64_t *total, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st;
	int step;
	if (total) {
		if (!(st = stmt(ps, S_AUDIT_COUNT, e)))
			return e->code;
		bind_audit_filter(st, f);
		step = pq_step(st);
		*total = step == PQ_ROW ? pq_column_int64(st, 0) : 0;
		pq_reset(st);
		if (step != PQ_ROW)
			return db_error(ps, e, "count audit records");
	}
	if (!(st = stmt(ps, f->oldest_first ? S_AUDIT_OLDEST : S_AUDIT_NEWEST, e)))
		return e->code;
	bind_audit_filter(st, f);
	pq_bind_int64(st, 7, limit < 0 ? -1 : limit);
	pq_bind_int64(st, 8, offset < 0 ? 0 : offset);
	return audit_rows(ps, st, fn, ctx, e);
}

static int pg_account_each(struct store *s, enum account_key key, const char *text, int64_t id, account_row_fn fn,
			   void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	static const enum stmt_id ids[] = {[ACCOUNT_ALL] = S_ACCOUNT_ALL, [ACCOUNT_BY_NAME] = S_ACCOUNT_BY_NAME,
					   [ACCOUNT_BY_ID] = S_ACCOUNT_BY_ID,
					   [ACCOUNT_BY_CALENDAR] = S_ACCOUNT_BY_CALENDAR};
	struct pq_stmt *st = stmt(ps, ids[key], e);
	int rc = 0, step;
	if (!st)
		return e->code;
	if (key == ACCOUNT_BY_ID)
		pq_bind_int64(st, 1, id);
	else if (key != ACCOUNT_ALL)
		bind_text(st, 1, text);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct account_row a = {
			.id = pq_column_int64(st, 0),
			.username = col_text(st, 1),
			.display_name = col_text(st, 2),
			.person = col_text(st, 3),
			.department = col_text(st, 4),
			.password_hash = col_text(st, 5),
			.calendar_token = col_text(st, 6),
			.org = col_text(st, 7),
			.roles = col_text(st, 8),
			.must_change = pq_column_int(st, 9) != 0,
			.disabled = pq_column_int(st, 10) != 0,
			.failures = pq_column_int(st, 11),
			.locked_until = pq_column_int64(st, 12),
			.created_at = pq_column_int64(st, 13),
			.password_changed_at = pq_column_int64(st, 14),
			.last_login_at = pq_column_int64(st, 15),
		};
		if (!a.username || !a.display_name || !a.password_hash || !a.roles) {
			rc = zerr_set(e, ZE_IO, "database: account row %lld is incomplete", (long long)a.id);
			break;
		}
		rc = fn(ctx, &a);
	}
	if (!rc && step != PQ_DONE)
		rc = db_error(ps, e, "read accounts");
	pq_reset(st);
	return rc;
}

/* The columns insert and update share, from $2 on in update's order. */
static void bind_account(struct pq_stmt *st, const struct account_row *a, int first)
{
	bind_text(st, first, a->display_name);
	bind_text(st, first + 1, a->person);
	bind_text(st, first + 2, a->department);
	bind_text(st, first + 3, a->password_hash);
	bind_text(st, first + 4, a->calendar_token);
	pq_bind_int64(st, first + 5, a->must_change);
	pq_bind_int64(st, first + 6, a->disabled);
	pq_bind_int64(st, first + 7, a->failures);
	pq_bind_int64(st, first + 8, a->locked_until);
}

static int pg_account_insert(struct store *s, const struct account_row *a, int64_t *id, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_ACCOUNT_INSERT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, a->username);
	bind_account(st, a, 2);
	pq_bind_int64(st, 11, a->created_at);
	pq_bind_int64(st, 12, a->password_changed_at);
	if (a->last_login_at)
		pq_bind_int64(st, 13, a->last_login_at);
	int rc = insert_id(ps, st, id, e, "create account");
	if (rc == ZE_CONFLICT)
		return zerr_set(e, ZE_CONFLICT, "账号 %s 已存在 / account '%s' exists already", a->username, a->username);
	return rc;
}

static int pg_account_update(struct store *s, const struct account_row *a, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_ACCOUNT_UPDATE, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, a->id);
	bind_account(st, a, 2);
	pq_bind_int64(st, 11, a->password_changed_at);
	if (a->last_login_at)
		pq_bind_int64(st, 12, a->last_login_at);
	int rc = exec_stmt(ps, st, e, "save account");
	if (!rc && pq_changes(ps) == 0)
		rc = zerr_set(e, ZE_NOTFOUND, "no account with id %lld", (long long)a->id);
	return rc;
}

static int pg_account_set_roles(struct store *s, int64_t id, const char *const *roles, size_t n, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_ROLES_CLEAR, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, id);
	int rc = exec_stmt(ps, st, e, "save roles");
	for (size_t i = 0; i < n && !rc; i++) {
		if (!(st = stmt(ps, S_ROLE_ADD, e)))
			return e->code;
		pq_bind_int64(st, 1, id);
		bind_text(st, 2, roles[i]);
		int step = pq_step(st);
		if (step != PQ_DONE && strcmp(ps->sqlstate, "23514") == 0) /* check_violation */
			rc = zerr_set(e, ZE_INVALID, "role '%s': the store does not know this role (account %lld unchanged)",
				      roles[i], (long long)id);
		else if (step != PQ_DONE)
			rc = db_error(ps, e, "save roles");
		pq_reset(st);
	}
	return rc;
}

/* Copies the text columns of the one row of a lookup by id; ZE_NOTFOUND when there is none. */
static int lookup_texts(struct pg_store *ps, enum stmt_id id, const char *key, const char *what, char **out[],
			int n, struct zerr *e)
{
	struct pq_stmt *st = stmt(ps, id, e);
	int rc = 0;
	for (int i = 0; i < n; i++)
		*out[i] = NULL;
	if (!st)
		return e->code;
	bind_text(st, 1, key);
	int step = pq_step(st);
	if (step == PQ_ROW) {
		for (int i = 0; i < n && !rc; i++) {
			const char *t = col_text(st, i);
			if (t && !(*out[i] = strdup(t)))
				rc = zerr_set(e, ZE_NOMEM, "out of memory");
		}
	} else if (step == PQ_DONE) {
		rc = zerr_set(e, ZE_NOTFOUND, "没有%s / no %s with id '%s'", what[0] == 'p' ? "该人员" : "该部门", what, key);
	} else {
		rc = db_error(ps, e, what);
	}
	pq_reset(st);
	if (rc)
		for (int i = 0; i < n; i++) {
			free(*out[i]);
			*out[i] = NULL;
		}
	return rc;
}

static int pg_person_brief(struct store *s, const char *id, char **name, char **org, struct zerr *e)
{
	char **out[] = {name, org};
	return lookup_texts(PS(s), S_PERSON_BRIEF, id, "person", out, 2, e);
}

static int pg_dept_org(struct store *s, const char *id, char **org, struct zerr *e)
{
	char **out[] = {org};
	return lookup_texts(PS(s), S_DEPT_ORG, id, "department", out, 1, e);
}

static int pg_session_insert(struct store *s, const struct session_row *r, const char *source, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_SESSION_INSERT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->hash);
	pq_bind_int64(st, 2, r->account);
	bind_text(st, 3, r->csrf);
	pq_bind_int64(st, 4, r->created_at);
	pq_bind_int64(st, 5, r->last_seen_at);
	bind_text(st, 6, source);
	return exec_stmt(ps, st, e, "create session");
}

static int pg_session_get(struct store *s, const char *hash, struct session_row *out, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_SESSION_GET, e);
	int rc = 0;
	if (!st)
		return e->code;
	bind_text(st, 1, hash);
	int step = pq_step(st);
	if (step == PQ_ROW) {
		copy_hash(out->hash, col_text(st, 0));
		snprintf(out->csrf, sizeof out->csrf, "%s", col_text(st, 1) ? col_text(st, 1) : "");
		out->account = pq_column_int64(st, 2);
		out->created_at = pq_column_int64(st, 3);
		out->last_seen_at = pq_column_int64(st, 4);
	} else if (step == PQ_DONE) {
		rc = zerr_set(e, ZE_NOTFOUND, "no such session");
	} else {
		rc = db_error(ps, e, "read session");
	}
	pq_reset(st);
	return rc;
}

static int pg_session_touch(struct store *s, const char *hash, int64_t now, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_SESSION_TOUCH, e);
	if (!st)
		return e->code;
	bind_text(st, 1, hash);
	pq_bind_int64(st, 2, now);
	return exec_stmt(ps, st, e, "extend session");
}

static int pg_session_delete(struct store *s, const char *hash, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_SESSION_DELETE, e);
	if (!st)
		return e->code;
	bind_text(st, 1, hash);
	return exec_stmt(ps, st, e, "end session");
}

static int pg_session_delete_account(struct store *s, int64_t account, const char *keep, int64_t *n, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_SESSION_DELETE_ACCOUNT, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, account);
	bind_text(st, 2, keep);
	int rc = exec_stmt(ps, st, e, "end sessions");
	if (n)
		*n = rc ? 0 : pq_changes(ps);
	return rc;
}

static int pg_session_purge(struct store *s, int64_t idle_before, int64_t created_before, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_SESSION_PURGE, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, idle_before);
	pq_bind_int64(st, 2, created_before);
	return exec_stmt(ps, st, e, "remove expired sessions");
}

static int pg_request_insert(struct store *s, const struct request_row *r, int64_t *id, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_REQUEST_INSERT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->kind);
	pq_bind_int64(st, 2, r->account);
	bind_text(st, 3, r->roles);
	bind_text(st, 4, r->department);
	bind_text(st, 5, r->password_hash);
	bind_text(st, 6, r->approver_part);
	bind_text(st, 7, r->requested_by);
	pq_bind_int64(st, 8, r->requested_at);
	int64_t new_id = 0;
	int rc = insert_id(ps, st, &new_id, e, "record request");
	if (!rc && id)
		*id = new_id;
	return rc;
}

static int pg_request_each(struct store *s, int64_t id, const char *status, request_row_fn fn, void *ctx,
			   struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_REQUEST_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, id);
	bind_text(st, 2, status);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct request_row r = {
			.id = pq_column_int64(st, 0),
			.kind = col_text(st, 1),
			.account = pq_column_int64(st, 2),
			.username = col_text(st, 3),
			.roles = col_text(st, 4),
			.department = col_text(st, 5),
			.password_hash = col_text(st, 6),
			.approver_part = col_text(st, 7),
			.requested_by = col_text(st, 8),
			.requested_at = pq_column_int64(st, 9),
			.status = col_text(st, 10),
			.decided_by = col_text(st, 11),
			.decided_at = pq_column_int64(st, 12),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = db_error(ps, e, "read requests");
	pq_reset(st);
	return rc;
}

static int pg_round_each(struct store *s, const char *org, int year, int64_t id, round_row_fn fn, void *ctx,
			 struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_ROUND_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	pq_bind_int64(st, 2, year);
	pq_bind_int64(st, 3, id);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct round_row r = {
			.id = pq_column_int64(st, 0),
			.org = col_text(st, 1),
			.year = pq_column_int(st, 2),
			.version = pq_column_int(st, 3),
			.state = col_text(st, 4),
			.doc = col_text(st, 5),
			.updated_at = col_text(st, 6),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = db_error(ps, e, "read evaluation rounds");
	pq_reset(st);
	return rc;
}

static int pg_round_put(struct store *s, struct round_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, r->id ? S_ROUND_UPDATE : S_ROUND_INSERT, e);
	if (!st)
		return e->code;
	if (r->id) {
		pq_bind_int64(st, 1, r->id);
		bind_text(st, 2, r->state);
		bind_text(st, 3, r->doc);
		bind_text(st, 4, r->updated_at);
		/* A step of a round (released, objected, answered) is news for the reminders the same
		 * day: the generation moves, so the day is planned again. */
		int rc = exec_stmt(ps, st, e, "save evaluation round");
		return rc ? rc : business_write(ps, e);
	}
	bind_text(st, 1, r->org);
	pq_bind_int64(st, 2, r->year);
	pq_bind_int64(st, 3, r->version);
	bind_text(st, 4, r->state);
	bind_text(st, 5, r->doc);
	bind_text(st, 6, r->updated_at);
	int step = pq_step(st), rc = 0;
	if (step == PQ_ROW)
		r->id = pq_column_int64(st, 0);
	else
		rc = strcmp(ps->sqlstate, "23505") == 0 /* unique_violation */
			     ? zerr_set(e, ZE_CONFLICT, "round %d of %s for %d exists already", r->version, r->org, r->year)
			     : db_error(ps, e, "save evaluation round");
	pq_reset(st);
	return rc;
}

static int pg_request_decide(struct store *s, int64_t id, const char *status, const char *by, int64_t at,
			     struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_REQUEST_DECIDE, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, id);
	bind_text(st, 2, status);
	bind_text(st, 3, by);
	pq_bind_int64(st, 4, at);
	int rc = exec_stmt(ps, st, e, "decide request");
	if (!rc && pq_changes(ps) != 1)
		rc = zerr_set(e, ZE_CONFLICT, "请求 %lld 已处理 / request %lld is not pending", (long long)id,
			      (long long)id);
	return rc;
}

static int pg_policy_version_insert(struct store *s, const struct policy_version_row *r, int64_t *version,
				    struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_PV_INSERT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->org);
	bind_text(st, 2, r->document);
	bind_text(st, 3, r->reason);
	bind_text(st, 4, r->drafted_by);
	pq_bind_int64(st, 5, r->drafted_at);
	int step = pq_step(st);
	if (step == PQ_ROW)
		*version = pq_column_int64(st, 0);
	pq_reset(st);
	if (step != PQ_ROW)
		return db_error(ps, e, "record policy version");
	return business_write(ps, e);
}

static int pg_policy_version_each(struct store *s, const char *org, int64_t version, const char *status,
				  policy_version_fn fn, void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_PV_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	pq_bind_int64(st, 2, version);
	bind_text(st, 3, status);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct policy_version_row r = {
			.org = col_text(st, 0),
			.version = pq_column_int64(st, 1),
			.document = col_text(st, 2),
			.status = col_text(st, 3),
			.reason = col_text(st, 4),
			.drafted_by = col_text(st, 5),
			.drafted_at = pq_column_int64(st, 6),
			.in_force_from = col_text(st, 7),
			.decided_by = col_text(st, 8),
			.decided_at = pq_column_int64(st, 9),
			.decision_note = col_text(st, 10),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = db_error(ps, e, "read policy versions");
	pq_reset(st);
	return rc;
}

static int pg_unit_setting_get(struct store *s, const char *org, const char *key, char **value, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_UNIT_SETTING_GET, e);
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, key);
	int rc = 0, step = pq_step(st);
	*value = NULL;
	if (step == PQ_ROW && !(*value = strdup(col_text(st, 0))))
		rc = zerr_set(e, ZE_NOMEM, "out of memory");
	else if (step != PQ_ROW && step != PQ_DONE)
		rc = db_error(ps, e, "read unit setting");
	pq_reset(st);
	return rc;
}

static int pg_unit_setting_put(struct store *s, const char *org, const char *key, const char *value, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_UNIT_SETTING_PUT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, key);
	bind_text(st, 3, value);
	int rc = exec_stmt(ps, st, e, "write unit setting");
	return rc ? rc : business_write(ps, e);
}

/* Both writes touch only drafts: a decided version is ZE_CONFLICT (and the trigger of migration
 * 11 stops any other writer). */
static int pv_changed(struct pg_store *ps, const struct policy_version_row *r, struct zerr *e)
{
	if (pq_changes(ps) != 1)
		return zerr_set(e, ZE_CONFLICT, "单位 %s 的策略版本 %lld 不是草稿 / policy version %lld of unit '%s' is not a draft",
				r->org, (long long)r->version, (long long)r->version, r->org);
	return business_write(ps, e);
}

static int pg_policy_version_update(struct store *s, const struct policy_version_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_PV_UPDATE, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->org);
	pq_bind_int64(st, 2, r->version);
	bind_text(st, 3, r->document);
	bind_text(st, 4, r->reason);
	bind_text(st, 5, r->drafted_by);
	pq_bind_int64(st, 6, r->drafted_at);
	int rc = exec_stmt(ps, st, e, "update policy version");
	return rc ? rc : pv_changed(ps, r, e);
}

static int pg_policy_version_decide(struct store *s, const struct policy_version_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_PV_DECIDE, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->org);
	pq_bind_int64(st, 2, r->version);
	bind_text(st, 3, r->status);
	bind_text(st, 4, r->in_force_from);
	bind_text(st, 5, r->decided_by);
	pq_bind_int64(st, 6, r->decided_at);
	bind_text(st, 7, r->decision_note);
	int rc = exec_stmt(ps, st, e, "decide policy version");
	return rc ? rc : pv_changed(ps, r, e);
}

static int pg_throttle_get(struct store *s, const char *username, const char *source, struct throttle_row *out,
			   struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_THROTTLE_GET, e);
	int rc = 0;
	memset(out, 0, sizeof *out);
	if (!st)
		return e->code;
	bind_text(st, 1, username);
	bind_text(st, 2, source);
	int step = pq_step(st);
	if (step == PQ_ROW) {
		out->failures = pq_column_int(st, 0);
		out->locks = pq_column_int(st, 1);
		out->locked_until = pq_column_int64(st, 2);
		out->last_failure_at = pq_column_int64(st, 3);
	} else if (step != PQ_DONE) {
		rc = db_error(ps, e, "read sign-in failures");
	}
	pq_reset(st);
	return rc;
}

static int pg_throttle_put(struct store *s, const char *username, const char *source, const struct throttle_row *r,
			   struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_THROTTLE_PUT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, username);
	bind_text(st, 2, source);
	pq_bind_int64(st, 3, r->failures);
	pq_bind_int64(st, 4, r->locks);
	pq_bind_int64(st, 5, r->locked_until);
	pq_bind_int64(st, 6, r->last_failure_at);
	return exec_stmt(ps, st, e, "count sign-in failure");
}

static int pg_throttle_clear(struct store *s, const char *username, int64_t before, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_THROTTLE_CLEAR, e);
	if (!st)
		return e->code;
	bind_text(st, 1, username);
	pq_bind_int64(st, 2, before);
	return exec_stmt(ps, st, e, "clear sign-in failures");
}

static int pg_notify_add(struct store *s, const struct notify_row *r, bool *added, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_NOTIFY_ADD, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->key);
	bind_text(st, 2, r->org);
	bind_text(st, 3, r->rule);
	bind_text(st, 4, r->object);
	bind_text(st, 5, r->person);
	bind_text(st, 6, r->channel);
	bind_text(st, 7, r->subject);
	bind_text(st, 8, r->body);
	bind_text(st, 9, r->state ? r->state : "queued");
	pq_bind_int64(st, 10, r->next_at);
	pq_bind_int64(st, 11, r->created_at);
	bind_text(st, 12, r->answer);
	int rc = exec_stmt(ps, st, e, "queue notification");
	if (!rc && added)
		*added = pq_changes(ps) > 0;
	return rc;
}

static void notify_row_of(struct pq_stmt *st, struct notify_row *r)
{
	*r = (struct notify_row){
		.id = pq_column_int64(st, 0),
		.key = col_text(st, 1),
		.org = col_text(st, 2),
		.rule = col_text(st, 3),
		.object = col_text(st, 4),
		.person = col_text(st, 5),
		.channel = col_text(st, 6),
		.subject = col_text(st, 7),
		.body = col_text(st, 8),
		.state = col_text(st, 9),
		.attempts = pq_column_int(st, 10),
		.next_at = pq_column_int64(st, 11),
		.created_at = pq_column_int64(st, 12),
		.sent_at = pq_column_int64(st, 13),
		.read_at = pq_column_int64(st, 14),
		.answer = col_text(st, 15),
	};
}

static int notify_rows(struct pg_store *ps, struct pq_stmt *st, notify_row_fn fn, void *ctx, bool *any,
		       struct zerr *e)
{
	int rc = 0, step;
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct notify_row r;
		notify_row_of(st, &r);
		if (any)
			*any = true;
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = db_error(ps, e, "read notifications");
	pq_reset(st);
	return rc;
}

static int pg_notify_claim(struct store *s, int64_t now, const char *worker, int64_t lease_until, notify_row_fn fn,
			   void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_NOTIFY_CLAIM, e);
	bool any = false;
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, now);
	bind_text(st, 2, worker);
	pq_bind_int64(st, 3, lease_until);
	int rc = notify_rows(ps, st, fn, ctx, &any, e);
	if (!rc && !any)
		rc = zerr_set(e, ZE_NOTFOUND, "no delivery is due");
	return rc;
}

static int pg_notify_finish(struct store *s, int64_t id, const char *worker, const struct notify_row *r,
			    struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_NOTIFY_FINISH, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, id);
	bind_text(st, 2, worker);
	bind_text(st, 3, r->state);
	pq_bind_int64(st, 4, r->attempts);
	pq_bind_int64(st, 5, r->next_at);
	bind_text(st, 6, r->answer);
	if (r->sent_at)
		pq_bind_int64(st, 7, r->sent_at);
	else
		pq_bind_null(st, 7);
	int rc = exec_stmt(ps, st, e, "finish delivery");
	if (!rc && pq_changes(ps) == 0)
		rc = zerr_set(e, ZE_CONFLICT, "delivery %lld is no longer held by %s", (long long)id, worker);
	return rc;
}

static void bind_notify_filter(struct pq_stmt *st, const struct notify_filter *f)
{
	bind_text(st, 1, f->org);
	bind_text(st, 2, f->person);
	bind_text(st, 3, f->channel);
	bind_text(st, 4, f->state);
	bind_text(st, 5, f->rule);
	pq_bind_int64(st, 6, f->unread);
}

static int pg_notify_query(struct store *s, const struct notify_filter *f, int64_t offset, int64_t limit,
			   notify_row_fn fn, void *ctx, int64_t *total, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st;
	if (total) {
		if (!(st = stmt(ps, S_NOTIFY_COUNT, e)))
			return e->code;
		bind_notify_filter(st, f);
		int step = pq_step(st);
		*total = step == PQ_ROW ? pq_column_int64(st, 0) : 0;
		pq_reset(st);
		if (step != PQ_ROW)
			return db_error(ps, e, "count notifications");
	}
	if (!(st = stmt(ps, S_NOTIFY_QUERY, e)))
		return e->code;
	bind_notify_filter(st, f);
	pq_bind_int64(st, 7, limit < 0 ? -1 : limit);
	pq_bind_int64(st, 8, offset < 0 ? 0 : offset);
	return notify_rows(ps, st, fn, ctx, NULL, e);
}

static int pg_notify_read(struct store *s, const char *person, int64_t id, int64_t at, int64_t *n, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_NOTIFY_READ, e);
	if (!st)
		return e->code;
	bind_text(st, 1, person);
	pq_bind_int64(st, 2, id);
	pq_bind_int64(st, 3, at);
	int rc = exec_stmt(ps, st, e, "mark notifications read");
	if (!rc && n)
		*n = pq_changes(ps);
	return rc;
}

static int pg_notify_channel_each(struct store *s, const char *org, notify_channel_fn fn, void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_NOTIFY_CHANNEL_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct notify_channel_row r = {
			.org = col_text(st, 0),
			.channel = col_text(st, 1),
			.enabled = pq_column_int(st, 2) != 0,
			.settings = col_text(st, 3),
			.secret = pq_column_blob(st, 4),
			.secret_len = (size_t)pq_column_bytes(st, 4),
			.updated_at = pq_column_int64(st, 5),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = db_error(ps, e, "read notification channels");
	pq_reset(st);
	return rc;
}

static int pg_notify_channel_put(struct store *s, const struct notify_channel_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_NOTIFY_CHANNEL_PUT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->org);
	bind_text(st, 2, r->channel);
	pq_bind_int64(st, 3, r->enabled);
	bind_text(st, 4, r->settings);
	if (r->secret)
		pq_bind_blob(st, 5, r->secret, r->secret_len);
	else
		pq_bind_null(st, 5);
	pq_bind_int64(st, 6, r->updated_at);
	return exec_stmt(ps, st, e, "write notification channel");
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

static int pg_notify_pref_get(struct store *s, const char *person, struct notify_pref_row *out, char *buf, size_t n,
			      struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_NOTIFY_PREF_GET, e);
	size_t used = 0;
	int rc = 0;
	*out = (struct notify_pref_row){.person = person, .email = "", .muted = ""};
	if (!st)
		return e->code;
	bind_text(st, 1, person);
	int step = pq_step(st);
	if (step == PQ_ROW) {
		out->email = buf_copy(buf, n, &used, col_text(st, 0));
		out->muted = buf_copy(buf, n, &used, col_text(st, 1));
		out->quiet_from = pq_column_int(st, 2);
		out->quiet_to = pq_column_int(st, 3);
	} else if (step != PQ_DONE) {
		rc = db_error(ps, e, "read notification preferences");
	}
	pq_reset(st);
	return rc;
}

static int pg_notify_pref_put(struct store *s, const struct notify_pref_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_NOTIFY_PREF_PUT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->person);
	bind_text(st, 2, r->email && *r->email ? r->email : NULL);
	bind_text(st, 3, r->muted ? r->muted : "");
	pq_bind_int64(st, 4, r->quiet_from);
	pq_bind_int64(st, 5, r->quiet_to);
	return exec_stmt(ps, st, e, "write notification preferences");
}

static int pg_notify_plan_claim(struct store *s, const char *org, const char *day, int64_t gen, int64_t now,
				int64_t lease_until, bool *claimed, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_NOTIFY_PLAN_CLAIM, e);
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, day);
	pq_bind_int64(st, 3, gen);
	pq_bind_int64(st, 4, now);
	pq_bind_int64(st, 5, lease_until);
	int step = pq_step(st);
	*claimed = step == PQ_ROW;
	if (step == PQ_ROW)
		step = pq_step(st);
	pq_reset(st);
	return step == PQ_DONE ? 0 : db_error(ps, e, "claim the planning of reminders");
}

static int pg_notify_plan_done(struct store *s, const char *org, const char *day, int64_t now, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_NOTIFY_PLAN_DONE, e);
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, day);
	pq_bind_int64(st, 3, now);
	return exec_stmt(ps, st, e, "finish the planning of reminders");
}

static int pg_notify_plan_last(struct store *s, const char *org, const char *before, char day[ZDATE_BUFSZ],
			       struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_NOTIFY_PLAN_LAST, e);
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, before);
	int step = pq_step(st);
	const char *t = step == PQ_ROW ? pq_column_text(st, 0) : NULL;
	snprintf(day, ZDATE_BUFSZ, "%s", t ? t : "");
	pq_reset(st);
	return step == PQ_ROW ? 0 : db_error(ps, e, "read the last day reminders were planned");
}


static int pg_document_put(struct store *s, const struct document_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_DOC_PUT, e);
	if (!st)
		return e->code;
	const char *t[] = {r->number, r->org,  r->kind, r->person, r->department, r->post, r->title, r->from,
			   r->to,     r->date, r->sha256, r->sm3};
	for (int i = 0; i < 12; i++)
		bind_text(st, i + 1, t[i]);
	pq_bind_int64(st, 13, r->pages);
	bind_text(st, 14, r->campaign);
	bind_text(st, 15, r->status);
	bind_text(st, 16, r->generated_by);
	bind_text(st, 17, r->generated_at);
	int rc = exec_stmt(ps, st, e, "save document");
	return rc ? rc : business_write(ps, e);
}

static int pg_document_set_status(struct store *s, const char *number, const char *status, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_DOC_STATUS, e);
	if (!st)
		return e->code;
	bind_text(st, 1, number);
	bind_text(st, 2, status);
	int rc = exec_stmt(ps, st, e, "set document status");
	if (!rc && pq_changes(ps) != 1)
		return zerr_set(e, ZE_NOTFOUND, "no document %.100s", number);
	return rc ? rc : business_write(ps, e);
}

static int pg_document_each(struct store *s, enum document_key key, const char *text, document_row_fn fn, void *ctx,
			    struct zerr *e)
{
	static const enum stmt_id ids[] = {[DOCUMENT_BY_NUMBER] = S_DOC_BY_NUMBER, [DOCUMENT_BY_SHA256] = S_DOC_BY_SHA256,
					   [DOCUMENT_BY_CAMPAIGN] = S_DOC_BY_CAMPAIGN, [DOCUMENT_BY_ORG] = S_DOC_BY_ORG};
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, ids[key], e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, text);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct document_row r = {
			.number = col_text(st, 0), .org = col_text(st, 1), .kind = col_text(st, 2),
			.person = col_text(st, 3), .department = col_text(st, 4), .post = col_text(st, 5),
			.title = col_text(st, 6), .from = col_text(st, 7), .to = col_text(st, 8),
			.date = col_text(st, 9), .sha256 = col_text(st, 10), .sm3 = col_text(st, 11),
			.pages = pq_column_int(st, 12), .campaign = col_text(st, 13), .status = col_text(st, 14),
			.generated_by = col_text(st, 15), .generated_at = col_text(st, 16),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = db_error(ps, e, "read documents");
	pq_reset(st);
	return rc;
}

static int pg_signature_insert(struct store *s, const struct signature_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_SIG_INSERT, e);
	if (!st)
		return e->code;
	const char *t[] = {r->number, r->method, r->signer,      r->account, r->signed_at, r->signed_on,
			   r->sha256, r->sm3,    r->scan_sha256, r->alg,     r->key_id,    r->signature};
	for (int i = 0; i < 12; i++)
		bind_text(st, i + 1, t[i]);
	int rc = exec_stmt(ps, st, e, "save signature");
	return rc ? rc : business_write(ps, e);
}

static int pg_signature_each(struct store *s, const char *number, signature_row_fn fn, void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_SIG_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, number);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct signature_row r = {
			.id = pq_column_int64(st, 0), .number = col_text(st, 1), .method = col_text(st, 2),
			.signer = col_text(st, 3), .account = col_text(st, 4), .signed_at = col_text(st, 5),
			.signed_on = col_text(st, 6), .sha256 = col_text(st, 7), .sm3 = col_text(st, 8),
			.scan_sha256 = col_text(st, 9), .alg = col_text(st, 10), .key_id = col_text(st, 11),
			.signature = col_text(st, 12),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = db_error(ps, e, "read signatures");
	pq_reset(st);
	return rc;
}

static int pg_campaign_insert(struct store *s, const struct campaign_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_CAMPAIGN_INSERT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->id);
	bind_text(st, 2, r->org);
	bind_text(st, 3, r->kind);
	if (r->year)
		pq_bind_int64(st, 4, r->year);
	bind_text(st, 5, r->title);
	bind_text(st, 6, r->date);
	bind_text(st, 7, r->created_by);
	bind_text(st, 8, r->created_at);
	int rc = exec_stmt(ps, st, e, "save campaign");
	return rc ? rc : business_write(ps, e);
}

static int pg_campaign_close(struct store *s, const char *id, const char *at, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_CAMPAIGN_CLOSE, e);
	if (!st)
		return e->code;
	bind_text(st, 1, id);
	bind_text(st, 2, at);
	int rc = exec_stmt(ps, st, e, "close campaign");
	if (!rc && pq_changes(ps) != 1)
		return zerr_set(e, ZE_CONFLICT, "campaign %.100s is not open", id);
	return rc ? rc : business_write(ps, e);
}

static int pg_campaign_each(struct store *s, const char *id, const char *org, campaign_row_fn fn, void *ctx,
			    struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_CAMPAIGN_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, id);
	bind_text(st, 2, org);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct campaign_row r = {
			.id = col_text(st, 0), .org = col_text(st, 1), .kind = col_text(st, 2),
			.year = pq_column_int(st, 3), .title = col_text(st, 4), .date = col_text(st, 5),
			.status = col_text(st, 6), .created_by = col_text(st, 7), .created_at = col_text(st, 8),
			.closed_at = col_text(st, 9),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = db_error(ps, e, "read campaigns");
	pq_reset(st);
	return rc;
}

static int pg_history_put(struct store *s, const char *org, const char *kind, const char *key, const char *at,
			  const char *record, bool fresh, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	assert(!pq_autocommit(ps));
	struct pq_stmt *st;
	if (fresh)
		goto put;
	st = stmt(ps, S_HISTORY_LATEST, e);
	if (!st)
		return e->code;
	bind_text(st, 1, kind);
	bind_text(st, 2, key);
	bind_text(st, 3, org);
	int step = pq_step(st);
	if (step != PQ_ROW && step != PQ_DONE) {
		pq_reset(st);
		return db_error(ps, e, "history");
	}
	/* the same as the latest version (or withdrawn again, or never there): nothing new */
	const char *last = step == PQ_ROW ? col_text(st, 0) : NULL;
	bool same = step == PQ_ROW ? (last && record ? strcmp(last, record) == 0 : !last && !record) : !record;
	pq_reset(st);
	if (same)
		return 0;
put:
	if (!(st = stmt(ps, S_HISTORY_PUT, e)))
		return e->code;
	bind_text(st, 1, at);
	bind_text(st, 2, org);
	bind_text(st, 3, kind);
	bind_text(st, 4, key);
	bind_text(st, 5, record);
	return exec_stmt(ps, st, e, "history");
}

static int pg_history_seal(struct store *s, int64_t change, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_HISTORY_SEAL, e);
	if (!st)
		return e->code;
	pq_bind_int64(st, 1, change);
	return exec_stmt(ps, st, e, "history");
}

static int history_rows(struct pg_store *ps, struct pq_stmt *st, history_row_fn fn, void *ctx, struct zerr *e)
{
	int step, rc = 0;
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct history_row r = {pq_column_int64(st, 0), pq_column_int64(st, 2), col_text(st, 1),
					col_text(st, 3), col_text(st, 4), col_text(st, 5), col_text(st, 6), col_text(st, 7)};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = db_error(ps, e, "history");
	pq_reset(st);
	return rc;
}

static int pg_history_as_of(struct store *s, const char *org, const char *before, history_row_fn fn, void *ctx,
			    struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, org ? S_HISTORY_AS_OF : S_HISTORY_AS_OF_ALL, e);
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, before);
	return history_rows(ps, st, fn, ctx, e);
}

static int pg_history_each(struct store *s, const char *org, const char *kind, const char *key, history_row_fn fn,
			   void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_HISTORY_EACH, e);
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, kind);
	bind_text(st, 3, key);
	return history_rows(ps, st, fn, ctx, e);
}

static int pg_delete_appt(struct store *s, const char *natural_key, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_DELETE_APPT, e);
	if (!st)
		return e->code;
	if (business_write(ps, e))
		return e->code;
	bind_text(st, 1, natural_key);
	return exec_stmt(ps, st, e, "withdraw appointment");
}

static int pg_fed_key_put(struct store *s, const struct fed_key_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_FEDKEY_PUT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->org);
	bind_text(st, 2, r->direction);
	bind_text(st, 3, r->name);
	bind_text(st, 4, r->alg);
	bind_text(st, 5, r->key_id);
	bind_text(st, 6, r->public_key);
	bind_text(st, 7, r->registered_at);
	return exec_stmt(ps, st, e, "register federation key");
}

static int pg_fed_key_each(struct store *s, const char *org, const char *direction, fed_key_fn fn, void *ctx,
			   struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_FEDKEY_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	bind_text(st, 2, direction);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct fed_key_row r = {
			.org = col_text(st, 0), .direction = col_text(st, 1), .name = col_text(st, 2),
			.alg = col_text(st, 3), .key_id = col_text(st, 4), .public_key = col_text(st, 5),
			.registered_at = col_text(st, 6),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = db_error(ps, e, "read federation keys");
	pq_reset(st);
	return rc;
}

static int pg_reported_put(struct store *s, const struct reported_row *r, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_REPORTED_PUT, e);
	if (!st)
		return e->code;
	bind_text(st, 1, r->org);
	bind_text(st, 2, r->name);
	bind_text(st, 3, r->parent);
	bind_text(st, 4, r->as_of);
	bind_text(st, 5, r->key_id);
	bind_text(st, 6, r->alg);
	bind_text(st, 7, r->sha256);
	bind_text(st, 8, r->imported_at);
	bind_text(st, 9, r->body);
	return exec_stmt(ps, st, e, "keep reported unit");
}

static int pg_reported_each(struct store *s, const char *org, reported_fn fn, void *ctx, struct zerr *e)
{
	struct pg_store *ps = PS(s);
	struct pq_stmt *st = stmt(ps, S_REPORTED_EACH, e);
	int rc = 0, step;
	if (!st)
		return e->code;
	bind_text(st, 1, org);
	while (!rc && (step = pq_step(st)) == PQ_ROW) {
		struct reported_row r = {
			.org = col_text(st, 0), .name = col_text(st, 1), .parent = col_text(st, 2), .as_of = col_text(st, 3),
			.key_id = col_text(st, 4), .alg = col_text(st, 5), .sha256 = col_text(st, 6),
			.imported_at = col_text(st, 7), .body = col_text(st, 8),
		};
		rc = fn(ctx, &r);
	}
	if (!rc && step != PQ_DONE)
		rc = db_error(ps, e, "read reported units");
	pq_reset(st);
	return rc;
}


/* Applies every migration newer than the database's user_version, each in its own
 * transaction together with the version bump. */
/* ---- schema, opening and closing ---- */

static int pg_schema_version(struct store *s)
{
	struct pg_store *ps = PS(s);
	PGresult *r = PQexec(ps->conn, "SELECT version FROM zeren_schema");
	int v = -1;
	if (PQresultStatus(r) == PGRES_TUPLES_OK)
		v = PQntuples(r) ? atoi(PQgetvalue(r, 0, 0)) : 0;
	PQclear(r);
	return v;
}

static void pg_close(struct store *s)
{
	struct pg_store *ps = PS(s);
	for (int i = 0; i < S_COUNT; i++)
		pq_reset(&ps->stmt[i]);
	PQfinish(ps->conn);
	sb_release(&ps->key);
	free(ps);
}

/* A PostgreSQL store is backed up by PostgreSQL's own means (docs/deploy.md). */
static int pg_backup(struct store *s, const char *dest_dir, struct zerr *e)
{
	(void)s;
	(void)dest_dir;
	return zerr_set(e, ZE_INVALID, "backup: the store is in PostgreSQL: back it up with pg_dump or "
				       "continuous archiving (docs/deploy.md), and the data directory's files with it");
}

/* The newest schema this program knows. */
static int latest_schema(void)
{
	int v = 0;
	for (size_t i = 0; i < sizeof pg_migrations / sizeof pg_migrations[0]; i++)
		if (pg_migrations[i].version > v)
			v = pg_migrations[i].version;
	return v;
}

/* The schema is current, and the server answers: PostgreSQL checks its own pages. */
static int pg_check(struct store *s, struct zerr *e)
{
	int version = pg_schema_version(s);
	if (version < 0)
		return zerr_set(e, ZE_IO, "database: %s", PQerrorMessage(PS(s)->conn));
	if (version > latest_schema())
		return zerr_set(e, ZE_CONFLICT,
				"database: schema %d is newer than this program's (%d): use a newer zeren", version,
				latest_schema());
	return 0;
}

/* Applies the migrations the schema lacks, each in its own transaction with its version; the
 * session's advisory lock keeps two servers starting together from applying one twice. */
static int migrate(struct pg_store *ps, struct zerr *e)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT pg_advisory_lock(%lld)", (long long)ps->lock_key);
	int rc = exec_sql(ps, sql, e, "lock the schema");
	if (rc)
		return rc;
	snprintf(sql, sizeof sql, "CREATE SCHEMA IF NOT EXISTS %s", ps->schema);
	rc = exec_sql(ps, sql, e, "create schema");
	if (!rc)
		rc = exec_sql(ps, "CREATE TABLE IF NOT EXISTS zeren_schema (version INTEGER NOT NULL)", e,
			      "create schema");
	int have = rc ? 0 : pg_schema_version(&ps->base);
	for (size_t i = 0; !rc && i < sizeof pg_migrations / sizeof pg_migrations[0]; i++) {
		const struct migration *m = &pg_migrations[i];
		if (m->version <= have)
			continue;
		char bump[96];
		/* the version is our own integer */
		snprintf(bump, sizeof bump, "DELETE FROM zeren_schema; INSERT INTO zeren_schema VALUES (%d)", m->version);
		char what[96];
		snprintf(what, sizeof what, "migration %s", m->name);
		if ((rc = exec_sql(ps, "BEGIN", e, what)) || (rc = exec_sql(ps, m->sql, e, what)) ||
		    (rc = exec_sql(ps, bump, e, what)) || (rc = exec_sql(ps, "COMMIT", e, what)))
			exec_sql(ps, "ROLLBACK", NULL, what);
	}
	snprintf(sql, sizeof sql, "SELECT pg_advisory_unlock(%lld)", (long long)ps->lock_key);
	exec_sql(ps, sql, NULL, "unlock the schema");
	return rc;
}

static void no_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Creates dir and any missing parents (mode 0750); 0 or -1 with errno. */
static int data_dir_create(const char *dir)
{
	char path[4096];
	size_t n = strlen(dir);
	if (n == 0 || n >= sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (char *p = strchr(path + 1, '/');; p = strchr(p + 1, '/')) {
		if (p)
			*p = '\0';
		if (mkdir(path, 0750) != 0 && errno != EEXIST)
			return -1;
		if (!p)
			return 0;
		*p = '/';
	}
}

static const struct store_ops pg_ops;

/* Reads the schema named in dir/zeren.pg; 0, ZE_NOTFOUND when there is none, ZE_IO. */
static int read_schema_file(const char *path, char out[40], struct zerr *e)
{
	char buf[64] = "";
	FILE *f = fopen(path, "r");
	if (!f)
		return zerr_set(e, errno == ENOENT ? ZE_NOTFOUND : ZE_IO, "%s: %s", path, strerror(errno));
	bool ok = fgets(buf, sizeof buf, f) != NULL;
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	ok = ok && strlen(buf) == 18 && strncmp(buf, "z_", 2) == 0 && strspn(buf + 2, "0123456789abcdef") == 16;
	if (!ok)
		return zerr_set(e, ZE_IO, "%s: not a schema name (z_ and 16 hexadecimal digits)", path);
	snprintf(out, 40, "%s", buf);
	return 0;
}

int pg_schema_name(const char *dir, bool create, char out[40], struct zerr *e)
{
	char path[4200], tmp[4300];
	snprintf(path, sizeof path, "%s/zeren.pg", dir);
	int rc = read_schema_file(path, out, e);
	if (rc != ZE_NOTFOUND || !create)
		return rc;
	/* A new store: a name of its own (the path, the time and the process hashed), written to a
	 * file of this process and linked into place, so that of two processes creating it at once
	 * the first one's name is the store's. */
	char real[PATH_MAX], seed[PATH_MAX + 64];
	struct timespec now;
	if (!realpath(dir, real))
		return zerr_set(e, ZE_IO, "%s: %s", dir, strerror(errno));
	clock_gettime(CLOCK_REALTIME, &now);
	int n = snprintf(seed, sizeof seed, "%s|%lld.%09ld|%ld", real, (long long)now.tv_sec, now.tv_nsec, (long)getpid());
	snprintf(out, 40, "z_%016llx", (unsigned long long)hash_bytes(seed, (size_t)n));
	snprintf(tmp, sizeof tmp, "%s.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f)
		return zerr_set(e, ZE_IO, "%s: %s", tmp, strerror(errno));
	bool ok = fprintf(f, "%s\n", out) > 0;
	ok = fclose(f) == 0 && ok;
	int linked = ok ? link(tmp, path) : -1;
	int err = errno;
	unlink(tmp);
	if (!ok)
		return zerr_set(e, ZE_IO, "%s: cannot write", tmp);
	if (linked != 0 && err != EEXIST)
		return zerr_set(e, ZE_IO, "%s: %s", path, strerror(err));
	return linked == 0 ? 0 : read_schema_file(path, out, e);
}

int postgres_store_open(const char *url, const char *dir, bool readonly, struct store **out, struct zerr *e)
{
	if (!readonly && data_dir_create(dir) != 0)
		return zerr_set(e, ZE_IO, "%s: cannot create data directory: %s", dir, strerror(errno));
	struct pg_store *ps = calloc(1, sizeof *ps);
	if (!ps)
		return zerr_set(e, ZE_NOMEM, "out of memory");
	ps->base.ops = &pg_ops;
	sb_init(&ps->key, 4096);
	int rc = pg_schema_name(dir, !readonly, ps->schema, e);
	if (rc == ZE_NOTFOUND)
		rc = zerr_set(e, ZE_NOTFOUND, "%s: no store (its zeren.pg names the store's schema)", dir);
	if (rc)
		goto out;
	ps->lock_key = (int64_t)hash_bytes(ps->schema, strlen(ps->schema));
	ps->conn = PQconnectdb(url);
	if (!ps->conn || PQstatus(ps->conn) != CONNECTION_OK) {
		rc = zerr_set(e, ZE_IO, "database: cannot connect: %s",
			      ps->conn ? PQerrorMessage(ps->conn) : "out of memory");
		goto out;
	}
	PQsetNoticeProcessor(ps->conn, no_notices, NULL);
	char sql[200];
	snprintf(sql, sizeof sql, "SET search_path TO %s; SET client_encoding TO 'UTF8'%s", ps->schema,
		 readonly ? "; SET default_transaction_read_only = on" : "");
	if ((rc = exec_sql(ps, sql, e, "connect")))
		goto out;
	if (readonly) {
		if (pg_schema_version(&ps->base) <= 0) {
			rc = zerr_set(e, ZE_NOTFOUND, "database: no store for %s (schema %s)", dir, ps->schema);
			goto out;
		}
	} else if ((rc = migrate(ps, e))) {
		goto out;
	}
	*out = &ps->base;
	ps = NULL;
out:
	if (ps)
		pg_close(&ps->base);
	return rc;
}

static const struct store_ops pg_ops = {
	.history_put = pg_history_put,
	.history_seal = pg_history_seal,
	.history_as_of = pg_history_as_of,
	.history_each = pg_history_each,
	.delete_appt = pg_delete_appt,
	.backup = pg_backup,
	.name = "postgresql",
	.close = pg_close,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.load = pg_load,
	.put_org = pg_put_org,
	.put_dept = pg_put_dept,
	.put_person = pg_put_person,
	.put_body = pg_put_body,
	.put_lead = pg_put_lead,
	.put_appt = pg_put_appt,
	.put_system = pg_put_system,
	.put_agreement = pg_put_agreement,
	.put_incident = pg_put_incident,
	.put_record = pg_put_record,
	.put_notice = pg_put_notice,
	.put_handover = pg_put_handover,
	.put_vulnerability = pg_put_vulnerability,
	.put_plan = pg_put_plan,
	.put_log_source = pg_put_log_source,
	.put_training = pg_put_training,
	.put_project = pg_put_project,
	.put_rectification = pg_put_rectification,
	.put_inspection = pg_put_inspection,
	.incident_snapshot = pg_incident_snapshot,
	.set_incident_snapshot = pg_set_incident_snapshot,
	.calendar_each = pg_calendar_each,
	.org_each = pg_org_each,
	.id_unit = pg_id_unit,
	.calendar_put = pg_calendar_put,
	.schema_version = pg_schema_version,
	.audit_last = pg_audit_last,
	.audit_insert = pg_audit_insert,
	.audit_each = pg_audit_each,
	.audit_anchor = pg_audit_anchor,
	.audit_purge = pg_audit_purge,
	.generation = pg_generation,
	.auth_generation = pg_auth_generation,
	.calendar_generation = pg_calendar_generation,
	.audit_query = pg_audit_query,
	.account_each = pg_account_each,
	.account_insert = pg_account_insert,
	.account_update = pg_account_update,
	.account_set_roles = pg_account_set_roles,
	.person_brief = pg_person_brief,
	.dept_org = pg_dept_org,
	.session_insert = pg_session_insert,
	.session_get = pg_session_get,
	.session_touch = pg_session_touch,
	.session_delete = pg_session_delete,
	.session_delete_account = pg_session_delete_account,
	.session_purge = pg_session_purge,
	.request_insert = pg_request_insert,
	.request_each = pg_request_each,
	.request_decide = pg_request_decide,
	.round_each = pg_round_each,
	.round_put = pg_round_put,
	.throttle_get = pg_throttle_get,
	.throttle_put = pg_throttle_put,
	.throttle_clear = pg_throttle_clear,
	.check = pg_check,
	.policy_version_insert = pg_policy_version_insert,
	.policy_version_each = pg_policy_version_each,
	.policy_version_update = pg_policy_version_update,
	.policy_version_decide = pg_policy_version_decide,
	.unit_setting_get = pg_unit_setting_get,
	.unit_setting_put = pg_unit_setting_put,
	.document_put = pg_document_put,
	.document_set_status = pg_document_set_status,
	.document_each = pg_document_each,
	.signature_insert = pg_signature_insert,
	.signature_each = pg_signature_each,
	.campaign_insert = pg_campaign_insert,
	.campaign_close = pg_campaign_close,
	.campaign_each = pg_campaign_each,
	.notify_add = pg_notify_add,
	.notify_claim = pg_notify_claim,
	.notify_finish = pg_notify_finish,
	.notify_query = pg_notify_query,
	.notify_read = pg_notify_read,
	.notify_channel_each = pg_notify_channel_each,
	.notify_channel_put = pg_notify_channel_put,
	.notify_pref_get = pg_notify_pref_get,
	.notify_pref_put = pg_notify_pref_put,
	.notify_plan_claim = pg_notify_plan_claim,
	.notify_plan_done = pg_notify_plan_done,
	.notify_plan_last = pg_notify_plan_last,
	.fed_key_put = pg_fed_key_put,
	.fed_key_each = pg_fed_key_each,
	.reported_put = pg_reported_put,
	.reported_each = pg_reported_each,
};
