/* The statements of sql.h: their text, one where SQLite and PostgreSQL agree, PostgreSQL's own
 * in pg_text where they do not; and the helpers every op written against sql.h shares. */
#include <assert.h>
#include <stddef.h>

#include "store/sql.h"

#define PROJECT_COLUMNS                                                                                  \
	"id, org, name, department, budget, security_budget, approved_on, started_on, in_use_on, cancelled_on, " \
	"security_planned, security_built, security_implemented, notes "
#define TRAINING_COLUMNS "id, org, title, held_on, organiser, kind, level, department, hours, notes "
#define INCIDENT_COLUMNS                                                                             \
	"id, org, system, title, category, grade, occurred_at, detected_at, reported_at, resolved_at, "   \
	"outage_hours, personal_info_records, summary_on, classification, attacked, handled_in_time, "    \
	"function_outage_hours, economic_loss_yuan, people_affected, follow_up_reports "
#define NOTICE_COLUMNS \
	"id, org, issuer, document_no, title, received_on, rectified_on, feedback_on, rectify_by, received_at, " \
	"issuer_org, feedback "
#define HANDOVER_COLUMNS                                                                             \
	"id, org, person, post, left_on, successor, accounts_closed_on, materials_returned_on, "          \
	"passwords_changed_on, completed_on, notes "
#define VULN_COLUMNS \
	"id, org, system, title, source, severity, found_on, due_on, fixed_on, verified_on, notice, notes "
#define RECT_COLUMNS \
	"id, org, rule, subject, title, department, person, assigned_on, due_on, rectified_on, rectification, closed_on, notes "

/* The statements of sql_admin.c. Every filter is bound; a NULL parameter does not filter (the
 * CASTs tell PostgreSQL the type of a parameter it first meets in IS NULL). */
#define AUDIT_WHERE \
	" WHERE (CAST($1 AS TEXT) IS NULL OR account = $1) AND (CAST($2 AS TEXT) IS NULL OR " \
	"substr(action, 1, length($2)) = $2) AND (CAST($3 AS TEXT) IS NULL OR object = $3) AND " \
	"(CAST($4 AS BIGINT) IS NULL OR success = $4) AND (CAST($5 AS TEXT) IS NULL OR at >= $5) AND " \
	"(CAST($6 AS TEXT) IS NULL OR at < $6)"
/* A page of rows: $7 the limit (every row: the largest bigint), $8 the offset. */
#define PAGE " LIMIT $7 OFFSET $8"
#define AUDIT_QUERY \
	"SELECT seq, at, account, source, action, object, success, detail, prev_hash, hash FROM audit_log" AUDIT_WHERE
/* roles: the account's roles joined with commas, in the order they were given (the dialects
 * differ here) */
#define ACCOUNT_SELECT(roles) \
	"SELECT a.id, a.username, a.display_name, a.person, a.department, a.password_hash, a.calendar_token, " \
	"p.org, coalesce((SELECT " roles " FROM account_role r WHERE r.account = a.id), ''), " \
	"a.must_change, a.disabled, a.failures, a.locked_until, a.created_at, a.password_changed_at, " \
	"coalesce(a.last_login_at, 0) FROM account a LEFT JOIN person p ON p.id = a.person"
#define DOC_SELECT \
	"SELECT number, org, kind, person, department, post, title, from_date, to_date, doc_date, sha256, " \
	"sm3, pages, campaign, status, generated_by, generated_at FROM document "
#define NOTIFY_COLUMNS \
	"id, key, org, rule, object, person, channel, subject, body, state, attempts, next_at, created_at, " \
	"coalesce(sent_at, 0), coalesce(read_at, 0), answer"
#define NOTIFY_WHERE \
	" WHERE (CAST($1 AS TEXT) IS NULL OR org = $1) AND (CAST($2 AS TEXT) IS NULL OR person = $2) AND " \
	"(CAST($3 AS TEXT) IS NULL OR channel = $3) AND (CAST($4 AS TEXT) IS NULL OR state = $4) AND " \
	"(CAST($5 AS TEXT) IS NULL OR rule = $5) AND ($6 = 0 OR (channel = 'inbox' AND read_at IS NULL))"

static const char *const text[Q_COUNT] = {
	[Q_PUT_ORG] = "INSERT INTO org(id, name, kind, parent, policy, time_zone, operator_type) "
		      "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(id) DO UPDATE SET name = $2, kind = $3, "
		      "parent = $4, policy = $5, time_zone = $6, operator_type = $7",
	[Q_PUT_DEPT] = "INSERT INTO department(id, org, name, parent, established, dissolved) VALUES ($1, $2, $3, $4, $5, $6) "
		       "ON CONFLICT(id) DO UPDATE SET org = $2, name = $3, parent = $4, established = $5, dissolved = $6",
	[Q_CLEAR_DEPT_VERSIONS] = "DELETE FROM department_version WHERE department = $1",
	[Q_PUT_DEPT_VERSION] = "INSERT INTO department_version(department, until, name, parent) VALUES ($1, $2, $3, $4)",
	[Q_PUT_PERSON] = "INSERT INTO person(id, org, department, name, background_check, joined, left_on) "
			 "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(id) DO UPDATE SET org = $2, "
			 "department = $3, name = $4, background_check = $5, joined = $6, left_on = $7",
	[Q_PUT_BODY] = "INSERT INTO body(id, org, kind, name, established, dissolved) VALUES ($1, $2, $3, $4, $5, $6) "
		       "ON CONFLICT(id) DO UPDATE SET org = $2, kind = $3, name = $4, established = $5, dissolved = $6",
	[Q_PUT_LEAD] = "INSERT INTO body_lead(body, led) VALUES ($1, $2) ON CONFLICT DO NOTHING",
	[Q_PUT_APPT] = "INSERT INTO appointment(natural_key, person, org, department, system, body, "
		       "post, seat, from_date, to_date, full_time) "
		       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
		       "ON CONFLICT(natural_key) DO UPDATE SET to_date = $10, full_time = $11",
	[Q_PUT_SYSTEM] = "INSERT INTO system(id, org, name, owner_department, mlps_level, filing_no, "
			 "filed_on, last_assessed_on, critical_infrastructure, public_website, in_service, retired) "
			 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT(id) DO UPDATE SET "
			 "org = $2, name = $3, owner_department = $4, mlps_level = $5, filing_no = $6, "
			 "filed_on = $7, last_assessed_on = $8, critical_infrastructure = $9, "
			 "public_website = $10, in_service = $11, retired = $12",
	[Q_CLEAR_SYSTEM_PROJECT] = "DELETE FROM system_project WHERE system = $1",
	[Q_PUT_SYSTEM_PROJECT] = "INSERT INTO system_project(system, project) VALUES ($1, $2)",
	[Q_CLEAR_SYSTEM_VERSIONS] = "DELETE FROM system_version WHERE system = $1",
	[Q_CLEAR_ASSESSMENTS] = "DELETE FROM system_assessment WHERE system = $1",
	[Q_PUT_SYSTEM_VERSION] = "INSERT INTO system_version(system, until, owner_department, mlps_level, filing_no, "
				 "filed_on) VALUES ($1, $2, $3, $4, $5, $6)",
	[Q_PUT_ASSESSMENT] = "INSERT INTO system_assessment(system, on_date) VALUES ($1, $2) ON CONFLICT DO NOTHING",
	[Q_PUT_AGREEMENT] = "INSERT INTO agreement(id, org, kind, person, from_date, to_date, signed_on, post, department) "
			    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT(id) DO UPDATE SET "
			    "org = $2, kind = $3, person = $4, from_date = $5, to_date = $6, signed_on = $7, post = $8, "
			    "department = $9",
	[Q_PUT_HANDOVER] = "INSERT INTO handover(id, org, person, post, left_on, successor, accounts_closed_on, "
			   "materials_returned_on, passwords_changed_on, completed_on, notes) "
			   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT(id) DO UPDATE SET "
			   "org = $2, person = $3, post = $4, left_on = $5, successor = $6, accounts_closed_on = $7, "
			   "materials_returned_on = $8, passwords_changed_on = $9, completed_on = $10, notes = $11",
	[Q_PUT_VULN] = "INSERT INTO vulnerability(id, org, system, title, source, severity, found_on, due_on, fixed_on, "
		       "verified_on, notice, notes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
		       "ON CONFLICT(id) DO UPDATE SET org = $2, system = $3, title = $4, source = $5, severity = $6, "
		       "found_on = $7, due_on = $8, fixed_on = $9, verified_on = $10, notice = $11, notes = $12",
	[Q_PUT_PROJECT] = "INSERT INTO project(" PROJECT_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
			  "$13, $14) ON CONFLICT(id) DO UPDATE SET org = $2, name = $3, department = $4, budget = $5, "
			  "security_budget = $6, approved_on = $7, started_on = $8, in_use_on = $9, cancelled_on = $10, "
			  "security_planned = $11, security_built = $12, security_implemented = $13, notes = $14",
	[Q_PUT_PLAN] = "INSERT INTO emergency_plan(id, org, title, version, approved_on, reviewed_on, withdrawn_on, notes) "
		       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT(id) DO UPDATE SET org = $2, title = $3, "
		       "version = $4, approved_on = $5, reviewed_on = $6, withdrawn_on = $7, notes = $8",
	[Q_CLEAR_PLAN_DRILLS] = "DELETE FROM plan_drill WHERE plan = $1",
	[Q_PUT_PLAN_DRILL] = "INSERT INTO plan_drill(plan, held_on) VALUES ($1, $2) ON CONFLICT DO NOTHING",
	[Q_CLEAR_PLAN_REVIEWS] = "DELETE FROM plan_review WHERE plan = $1",
	[Q_PUT_PLAN_REVIEW] = "INSERT INTO plan_review(plan, reviewed_on, reviewer, outcome) VALUES ($1, $2, $3, $4)",
	[Q_PUT_LOG_SOURCE] = "INSERT INTO log_source(id, org, system, name, kind, retention_days, checked_on, notes) "
			     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT(id) DO UPDATE SET org = $2, system = $3, "
			     "name = $4, kind = $5, retention_days = $6, checked_on = $7, notes = $8",
	[Q_LOAD_LOG_SOURCE] = "SELECT id, org, system, name, kind, retention_days, checked_on, notes FROM log_source ORDER BY rowid",
	[Q_LOAD_LOG_SOURCE_ORG] = "SELECT id, org, system, name, kind, retention_days, checked_on, notes FROM log_source "
				  "WHERE org = $1 ORDER BY rowid",
	[Q_PUT_TRAINING] = "INSERT INTO training_session(id, org, title, held_on, organiser, kind, level, department, "
			   "hours, notes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT(id) DO UPDATE "
			   "SET org = $2, title = $3, held_on = $4, organiser = $5, kind = $6, level = $7, department = $8, "
			   "hours = $9, notes = $10",
	[Q_LOAD_TRAINING] = "SELECT " TRAINING_COLUMNS "FROM training_session ORDER BY rowid",
	[Q_LOAD_TRAINING_ORG] = "SELECT " TRAINING_COLUMNS "FROM training_session WHERE org = $1 ORDER BY rowid",
	[Q_PUT_TRAINING_ATTENDEE] = "INSERT INTO training_attendee(session, person, hours, certificate) "
				    "VALUES ($1, $2, $3, $4) ON CONFLICT(session, person) DO UPDATE SET hours = $3, "
				    "certificate = $4",
	[Q_LOAD_TRAINING_ATTENDEE] = "SELECT session, person, hours, certificate FROM training_attendee ORDER BY rowid",
	[Q_LOAD_TRAINING_ATTENDEE_ORG] = "SELECT a.session, a.person, a.hours, a.certificate FROM training_attendee a "
					 "JOIN training_session t ON t.id = a.session WHERE t.org = $1 ORDER BY a.rowid",
	[Q_CLEAR_TRAINING_ATTENDEES] = "DELETE FROM training_attendee WHERE session = $1",
	[Q_PUT_RECT] = "INSERT INTO rectification(id, org, rule, subject, title, department, person, assigned_on, due_on, "
		       "rectified_on, rectification, closed_on, notes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
		       "$12, $13) ON CONFLICT(id) DO UPDATE SET org = $2, rule = $3, subject = $4, title = $5, "
		       "department = $6, person = $7, assigned_on = $8, due_on = $9, rectified_on = $10, "
		       "rectification = $11, closed_on = $12, notes = $13",
	[Q_CLEAR_RECT_EVIDENCE] = "DELETE FROM rectification_evidence WHERE rectification = $1",
	[Q_PUT_RECT_EVIDENCE] = "INSERT OR REPLACE INTO rectification_evidence(rectification, sha256, name, size) "
				"VALUES ($1, $2, $3, $4)",
	[Q_PUT_INSP] = "INSERT INTO inspection(id, org, inspector_org, held_on, scope, inspectors) VALUES ($1, $2, $3, $4, "
		       "$5, $6) ON CONFLICT(id) DO UPDATE SET org = $2, inspector_org = $3, held_on = $4, scope = $5, "
		       "inspectors = $6",
	[Q_CLEAR_INSP_ITEMS] = "DELETE FROM inspection_item WHERE inspection = $1",
	[Q_PUT_INSP_ITEM] = "INSERT INTO inspection_item(inspection, n, title, basis, department, due_on) "
			    "VALUES ($1, $2, $3, $4, $5, $6)",
	[Q_CLEAR_REPORTS] = "DELETE FROM report_file WHERE kind = $1 AND record = $2",
	[Q_PUT_REPORT] = "INSERT OR REPLACE INTO report_file(kind, record, sha256, name, size) VALUES ($1, $2, $3, $4, $5)",
	[Q_PUT_INCIDENT] = "INSERT INTO incident(id, org, system, title, category, grade, occurred_at, detected_at, "
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
	[Q_PUT_NOTICE] = "INSERT INTO notice(id, org, issuer, document_no, title, received_on, rectified_on, feedback_on, "
			 "rectify_by, received_at, issuer_org, feedback) "
			 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT(id) DO UPDATE SET org = $2, "
			 "issuer = $3, document_no = $4, title = $5, received_on = $6, rectified_on = $7, feedback_on = $8, "
			 "rectify_by = $9, received_at = $10, issuer_org = $11, feedback = $12",
	[Q_CLEAR_NOTICE_SYSTEMS] = "DELETE FROM notice_system WHERE notice = $1",
	[Q_PUT_NOTICE_SYSTEM] = "INSERT INTO notice_system(notice, system) VALUES ($1, $2) ON CONFLICT DO NOTHING",
	[Q_PUT_RECORD] = "INSERT INTO obligation_record(natural_key, org, obligation, period, department, done_on, "
			 "by_person, notes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT(natural_key) DO UPDATE SET "
			 "done_on = $6, by_person = $7, notes = $8 RETURNING id",
	[Q_CLEAR_EVIDENCE] = "DELETE FROM evidence WHERE record = $1",
	[Q_PUT_EVIDENCE] = "INSERT OR REPLACE INTO evidence(record, sha256, name, size) VALUES ($1, $2, $3, $4)",
	[Q_GET_SNAPSHOT] = "SELECT responsible_snapshot FROM incident WHERE id = $1",
	[Q_SET_SNAPSHOT] = "UPDATE incident SET responsible_snapshot = $1 WHERE id = $2 AND responsible_snapshot IS NULL",
	[Q_LOAD_ORG] = "SELECT id, name, kind, parent, policy, time_zone, operator_type FROM org ORDER BY rowid",
	[Q_LOAD_DEPT] = "SELECT id, org, name, parent, established, dissolved FROM department ORDER BY rowid",
	[Q_LOAD_DEPT_ORG] = "SELECT id, org, name, parent, established, dissolved FROM department WHERE org = $1 "
			    "ORDER BY rowid",
	[Q_LOAD_DEPT_VERSION] = "SELECT department, until, name, parent FROM department_version ORDER BY until",
	[Q_LOAD_DEPT_VERSION_ORG] = "SELECT v.department, v.until, v.name, v.parent FROM department_version v "
				    "JOIN department d ON d.id = v.department WHERE d.org = $1 ORDER BY v.until",
	[Q_LOAD_PERSON] = "SELECT id, org, department, name, background_check, joined, left_on FROM person ORDER BY rowid",
	[Q_LOAD_PERSON_ORG] = "SELECT id, org, department, name, background_check, joined, left_on FROM person "
			      "WHERE org = $1 ORDER BY rowid",
	[Q_LOAD_BODY] = "SELECT id, org, kind, name, established, dissolved FROM body ORDER BY rowid",
	[Q_LOAD_BODY_ORG] = "SELECT id, org, kind, name, established, dissolved FROM body WHERE org = $1 ORDER BY rowid",
	[Q_LOAD_LEAD] = "SELECT body, led FROM body_lead ORDER BY rowid",
	[Q_LOAD_LEAD_ORG] = "SELECT body_lead.body, body_lead.led FROM body_lead JOIN body "
			    "ON body.id = body_lead.body WHERE body.org = $1 ORDER BY body_lead.rowid",
	[Q_LOAD_SYSTEM] = "SELECT id, org, name, owner_department, mlps_level, filing_no, filed_on, "
			  "last_assessed_on, critical_infrastructure, public_website, in_service, retired FROM system "
			  "ORDER BY rowid",
	[Q_LOAD_SYSTEM_ORG] = "SELECT id, org, name, owner_department, mlps_level, filing_no, filed_on, "
			      "last_assessed_on, critical_infrastructure, public_website, in_service, retired FROM system "
			      "WHERE org = $1 ORDER BY rowid",
	[Q_LOAD_SYSTEM_VERSION] = "SELECT system, until, owner_department, mlps_level, filing_no, filed_on "
				  "FROM system_version ORDER BY until",
	[Q_LOAD_SYSTEM_VERSION_ORG] = "SELECT v.system, v.until, v.owner_department, v.mlps_level, v.filing_no, v.filed_on "
				      "FROM system_version v JOIN system y ON y.id = v.system WHERE y.org = $1 ORDER BY v.until",
	[Q_LOAD_ASSESSMENT] = "SELECT system, on_date FROM system_assessment ORDER BY on_date",
	[Q_LOAD_ASSESSMENT_ORG] = "SELECT a.system, a.on_date FROM system_assessment a JOIN system y ON y.id = a.system "
				  "WHERE y.org = $1 ORDER BY a.on_date",
	[Q_LOAD_APPT] = "SELECT person, org, department, system, body, post, seat, from_date, to_date, "
			"full_time FROM appointment ORDER BY id",
	[Q_LOAD_APPT_ORG] = "SELECT person, org, department, system, body, post, seat, from_date, "
			    "to_date, full_time FROM appointment WHERE org = $1 ORDER BY id",
	[Q_LOAD_AGREEMENT] = "SELECT id, org, kind, person, from_date, to_date, signed_on, post, department FROM agreement "
			     "ORDER BY rowid",
	[Q_LOAD_AGREEMENT_ORG] = "SELECT id, org, kind, person, from_date, to_date, signed_on, post, department "
				 "FROM agreement WHERE org = $1 ORDER BY rowid",
	[Q_LOAD_INCIDENT] = "SELECT " INCIDENT_COLUMNS "FROM incident ORDER BY rowid",
	[Q_LOAD_INCIDENT_ORG] = "SELECT " INCIDENT_COLUMNS "FROM incident WHERE org = $1 ORDER BY rowid",
	[Q_LOAD_NOTICE] = "SELECT " NOTICE_COLUMNS "FROM notice ORDER BY rowid",
	[Q_LOAD_NOTICE_ORG] = "SELECT " NOTICE_COLUMNS "FROM notice WHERE org = $1 ORDER BY rowid",
	[Q_LOAD_NOTICE_SYSTEM] = "SELECT notice, system FROM notice_system ORDER BY rowid",
	[Q_LOAD_NOTICE_SYSTEM_ORG] = "SELECT notice_system.notice, notice_system.system FROM notice_system JOIN notice "
				     "ON notice.id = notice_system.notice WHERE notice.org = $1 ORDER BY notice_system.rowid",
	[Q_LOAD_REPORTS] = "SELECT record, sha256, name, size FROM report_file WHERE CAST($1 AS TEXT) IS NULL AND kind = $2 ORDER BY record, rowid",
	[Q_LOAD_REPORTS_ORG] = "SELECT record, sha256, name, size FROM report_file WHERE record IN "
			       "(SELECT id FROM notice WHERE org = $1 AND $2 = 'notice' UNION ALL "
			       "SELECT id FROM incident WHERE org = $1 AND $2 = 'incident') AND kind = $2 "
			       "ORDER BY record, rowid",
	[Q_LOAD_HANDOVER] = "SELECT " HANDOVER_COLUMNS "FROM handover ORDER BY rowid",
	[Q_LOAD_HANDOVER_ORG] = "SELECT " HANDOVER_COLUMNS "FROM handover WHERE org = $1 ORDER BY rowid",
	[Q_LOAD_VULN] = "SELECT " VULN_COLUMNS "FROM vulnerability ORDER BY rowid",
	[Q_LOAD_VULN_ORG] = "SELECT " VULN_COLUMNS "FROM vulnerability WHERE org = $1 ORDER BY rowid",
	[Q_LOAD_PROJECT] = "SELECT " PROJECT_COLUMNS "FROM project ORDER BY rowid",
	[Q_LOAD_PROJECT_ORG] = "SELECT " PROJECT_COLUMNS "FROM project WHERE org = $1 ORDER BY rowid",
	[Q_LOAD_SYSTEM_PROJECT] = "SELECT system, project FROM system_project",
	[Q_LOAD_SYSTEM_PROJECT_ORG] = "SELECT sp.system, sp.project FROM system_project sp JOIN system y ON y.id = sp.system "
				      "WHERE y.org = $1",
	[Q_LOAD_PLAN] = "SELECT id, org, title, version, approved_on, reviewed_on, withdrawn_on, notes FROM emergency_plan "
			"ORDER BY rowid",
	[Q_LOAD_PLAN_ORG] = "SELECT id, org, title, version, approved_on, reviewed_on, withdrawn_on, notes FROM emergency_plan "
			    "WHERE org = $1 ORDER BY rowid",
	[Q_LOAD_PLAN_DRILL] = "SELECT plan, held_on FROM plan_drill ORDER BY plan, held_on",
	[Q_LOAD_PLAN_DRILL_ORG] = "SELECT plan_drill.plan, plan_drill.held_on FROM plan_drill JOIN emergency_plan p "
				  "ON p.id = plan_drill.plan WHERE p.org = $1 ORDER BY plan_drill.plan, plan_drill.held_on",
	[Q_LOAD_PLAN_REVIEW] = "SELECT plan, reviewed_on, reviewer, outcome FROM plan_review ORDER BY plan, reviewed_on",
	[Q_LOAD_PLAN_REVIEW_ORG] = "SELECT r.plan, r.reviewed_on, r.reviewer, r.outcome FROM plan_review r JOIN emergency_plan p "
				   "ON p.id = r.plan WHERE p.org = $1 ORDER BY r.plan, r.reviewed_on",
	[Q_LOAD_RECT] = "SELECT " RECT_COLUMNS "FROM rectification ORDER BY rowid",
	[Q_LOAD_RECT_ORG] = "SELECT " RECT_COLUMNS "FROM rectification WHERE org = $1 ORDER BY rowid",
	[Q_LOAD_RECT_EVIDENCE] = "SELECT rectification, sha256, name, size FROM rectification_evidence "
				 "ORDER BY rectification, rowid",
	[Q_LOAD_RECT_EVIDENCE_ORG] = "SELECT e.rectification, e.sha256, e.name, e.size FROM rectification_evidence e "
				     "JOIN rectification r ON r.id = e.rectification WHERE r.org = $1 "
				     "ORDER BY e.rectification, e.rowid",
	[Q_LOAD_INSP] = "SELECT id, org, inspector_org, held_on, scope, inspectors FROM inspection ORDER BY rowid",
	[Q_LOAD_INSP_ORG] = "SELECT id, org, inspector_org, held_on, scope, inspectors FROM inspection WHERE org = $1 "
			    "ORDER BY rowid",
	[Q_LOAD_INSP_ITEM] = "SELECT inspection, title, basis, department, due_on FROM inspection_item ORDER BY inspection, n",
	[Q_LOAD_INSP_ITEM_ORG] = "SELECT t.inspection, t.title, t.basis, t.department, t.due_on FROM inspection_item t "
				 "JOIN inspection i ON i.id = t.inspection WHERE i.org = $1 ORDER BY t.inspection, t.n",
	[Q_LOAD_RECORD] = "SELECT id, org, obligation, period, department, done_on, by_person, notes "
			  "FROM obligation_record ORDER BY id",
	[Q_LOAD_RECORD_ORG] = "SELECT id, org, obligation, period, department, done_on, by_person, notes "
			      "FROM obligation_record WHERE org = $1 ORDER BY id",
	[Q_LOAD_EVIDENCE] = "SELECT record, sha256, name, size FROM evidence ORDER BY record, rowid",
	[Q_LOAD_EVIDENCE_ORG] = "SELECT evidence.record, evidence.sha256, evidence.name, evidence.size FROM evidence "
				"JOIN obligation_record r ON r.id = evidence.record WHERE r.org = $1 "
				"ORDER BY evidence.record, evidence.rowid",
	[Q_LOAD_ORG_ONE] = "SELECT id, name, kind, parent, policy, time_zone, operator_type FROM org WHERE id = $1",
	[Q_CAL_LOAD] = "SELECT date, kind, holiday, holiday_zh FROM calendar_day ORDER BY date",
	[Q_ORG_EACH] = "SELECT id, name, kind, policy FROM org ORDER BY id",
	[Q_UNIT_OF_DEPT] = "SELECT org FROM department WHERE id = $1",
	[Q_UNIT_OF_PERSON] = "SELECT org FROM person WHERE id = $1",
	[Q_UNIT_OF_BODY] = "SELECT org FROM body WHERE id = $1",
	[Q_UNIT_OF_SYSTEM] = "SELECT org FROM system WHERE id = $1",
	[Q_UNIT_OF_AGREEMENT] = "SELECT org FROM agreement WHERE id = $1",
	[Q_UNIT_OF_INCIDENT] = "SELECT org FROM incident WHERE id = $1",
	[Q_UNIT_OF_NOTICE] = "SELECT org FROM notice WHERE id = $1",
	[Q_UNIT_OF_HANDOVER] = "SELECT org FROM handover WHERE id = $1",
	[Q_UNIT_OF_VULN] = "SELECT org FROM vulnerability WHERE id = $1",
	[Q_UNIT_OF_PLAN] = "SELECT org FROM emergency_plan WHERE id = $1",
	[Q_UNIT_OF_LOG_SOURCE] = "SELECT org FROM log_source WHERE id = $1",
	[Q_UNIT_OF_TRAINING] = "SELECT org FROM training_session WHERE id = $1",
	[Q_UNIT_OF_PROJECT] = "SELECT org FROM project WHERE id = $1",
	[Q_UNIT_OF_RECT] = "SELECT org FROM rectification WHERE id = $1",
	[Q_UNIT_OF_INSP] = "SELECT org FROM inspection WHERE id = $1",
	[Q_UNIT_OF_ORG] = "SELECT id FROM org WHERE id = $1",
	[Q_CAL_PUT] = "INSERT INTO calendar_day(date, kind, holiday, holiday_zh) VALUES ($1, $2, $3, $4) "
		      "ON CONFLICT(date) DO UPDATE SET kind = $2, holiday = $3, holiday_zh = $4",
	[Q_SESSION_INSERT] = "INSERT INTO session(hash, account, csrf, created_at, last_seen_at, source) "
			     "VALUES ($1, $2, $3, $4, $5, $6)",
	[Q_SESSION_GET] = "SELECT hash, csrf, account, created_at, last_seen_at FROM session WHERE hash = $1",
	[Q_SESSION_TOUCH] = "UPDATE session SET last_seen_at = $1 WHERE hash = $2",
	[Q_SESSION_DELETE] = "DELETE FROM session WHERE hash = $1",
	[Q_SESSION_PURGE] = "DELETE FROM session WHERE last_seen_at < $1 OR created_at < $2",
	[Q_AUDIT_LAST] = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
	[Q_AUDIT_LAST_PURGE] = "SELECT before_seq - 1, anchor_hash FROM audit_purge ORDER BY before_seq DESC LIMIT 1",
	[Q_AUDIT_INSERT] = "INSERT INTO audit_log(seq, at, account, source, action, object, success, detail, "
			   "prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
	[Q_AUDIT_EACH] = "SELECT seq, at, account, source, action, object, success, detail, prev_hash, hash "
			 "FROM audit_log WHERE seq >= $1 ORDER BY seq",
	[Q_AUDIT_ANCHOR] = "SELECT before_seq, anchor_hash FROM audit_purge ORDER BY before_seq DESC LIMIT 1",
	/* The anchor is the hash of the last record removed; nothing is marked when it is gone already. */
	[Q_AUDIT_PURGE_MARK] = "INSERT INTO audit_purge(before_seq, at, anchor_hash) "
			       "SELECT $1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), hash FROM audit_log WHERE seq = $1 - 1",
	[Q_AUDIT_PURGE] = "DELETE FROM audit_log WHERE seq < $1",
	[Q_AUDIT_NEWEST] = AUDIT_QUERY " ORDER BY seq DESC" PAGE,
	[Q_AUDIT_OLDEST] = AUDIT_QUERY " ORDER BY seq" PAGE,
	[Q_AUDIT_COUNT] = "SELECT count(*) FROM audit_log" AUDIT_WHERE,
	[Q_GEN_GET] = "SELECT value FROM generation WHERE id = 1",
	[Q_AUTH_GEN_GET] = "SELECT auth FROM generation WHERE id = 1",
	[Q_CAL_GEN_GET] = "SELECT calendar FROM generation WHERE id = 1",
	[Q_ACCOUNT_ALL] = ACCOUNT_SELECT("group_concat(role)") " ORDER BY a.username",
	[Q_ACCOUNT_BY_NAME] = ACCOUNT_SELECT("group_concat(role)") " WHERE a.username = $1",
	[Q_ACCOUNT_BY_ID] = ACCOUNT_SELECT("group_concat(role)") " WHERE a.id = $1",
	[Q_ACCOUNT_BY_CALENDAR] = ACCOUNT_SELECT("group_concat(role)") " WHERE a.calendar_token = $1",
	[Q_ACCOUNT_INSERT] = "INSERT INTO account(username, display_name, person, department, password_hash, "
			     "calendar_token, must_change, disabled, failures, locked_until, created_at, "
			     "password_changed_at, last_login_at) "
			     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
	[Q_ACCOUNT_UPDATE] = "UPDATE account SET display_name = $2, person = $3, department = $4, password_hash = $5, "
			     "calendar_token = $6, must_change = $7, disabled = $8, failures = $9, locked_until = $10, "
			     "password_changed_at = $11, last_login_at = $12 WHERE id = $1",
	[Q_ROLES_CLEAR] = "DELETE FROM account_role WHERE account = $1",
	/* A role named twice is one role; a role the table's CHECK refuses is an error (OR IGNORE
	 * would drop it silently). */
	[Q_ROLE_ADD] = "INSERT INTO account_role(account, role) VALUES ($1, $2) ON CONFLICT(account, role) DO NOTHING",
	[Q_PERSON_BRIEF] = "SELECT name, org FROM person WHERE id = $1",
	[Q_DEPT_ORG] = "SELECT org FROM department WHERE id = $1",
	[Q_SESSION_DELETE_ACCOUNT] = "DELETE FROM session WHERE account = $1 AND (CAST($2 AS TEXT) IS NULL OR hash <> $2)",
	[Q_REQUEST_INSERT] = "INSERT INTO account_request(kind, account, roles, department, password_hash, "
			     "approver_part, requested_by, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
	[Q_REQUEST_EACH] = "SELECT r.id, r.kind, r.account, a.username, r.roles, r.department, r.password_hash, "
			   "r.approver_part, r.requested_by, r.requested_at, r.status, r.decided_by, "
			   "coalesce(r.decided_at, 0) FROM account_request r JOIN account a ON a.id = r.account "
			   "WHERE ($1 = 0 OR r.id = $1) AND (CAST($2 AS TEXT) IS NULL OR r.status = $2) ORDER BY r.id DESC",
	[Q_REQUEST_DECIDE] = "UPDATE account_request SET status = $2, decided_by = $3, decided_at = $4, "
			     "password_hash = NULL, approver_part = NULL WHERE id = $1 AND status = 'pending'",
	[Q_THROTTLE_GET] = "SELECT failures, locks, locked_until, last_failure_at FROM login_throttle "
			   "WHERE username = $1 AND source = $2",
	[Q_THROTTLE_PUT] = "INSERT INTO login_throttle(username, source, failures, locks, locked_until, "
			   "last_failure_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT(username, source) DO UPDATE "
			   "SET failures = $3, locks = $4, locked_until = $5, last_failure_at = $6",
	[Q_THROTTLE_CLEAR] = "DELETE FROM login_throttle WHERE (CAST($1 AS TEXT) IS NOT NULL AND username = $1) OR "
			     "($1 IS NULL AND last_failure_at < $2 AND locked_until < $2)",
	[Q_ROUND_EACH] = "SELECT id, org, year, version, state, doc, updated_at FROM evaluation_round WHERE "
			 "(CAST($1 AS TEXT) IS NULL OR org = $1) AND ($2 = 0 OR year = $2) AND ($3 = 0 OR id = $3) ORDER BY org, year, version",
	[Q_ROUND_INSERT] = "INSERT INTO evaluation_round(org, year, version, state, doc, updated_at) "
			   "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	[Q_ROUND_UPDATE] = "UPDATE evaluation_round SET state = $2, doc = $3, updated_at = $4 WHERE id = $1",
	[Q_PV_INSERT] = "INSERT INTO policy_version(org, version, document, status, reason, drafted_by, drafted_at) "
			"SELECT $1, coalesce(max(version), 0) + 1, $2, 'draft', $3, $4, $5 FROM policy_version "
			"WHERE org = $1 RETURNING version",
	[Q_PV_EACH] = "SELECT org, version, document, status, reason, drafted_by, drafted_at, in_force_from, "
		      "decided_by, coalesce(decided_at, 0), decision_note FROM policy_version "
		      "WHERE (CAST($1 AS TEXT) IS NULL OR org = $1) AND ($2 = 0 OR version = $2) AND (CAST($3 AS TEXT) IS NULL OR status = $3) "
		      "ORDER BY org, version",
	[Q_PV_UPDATE] = "UPDATE policy_version SET document = $3, reason = $4, drafted_by = $5, drafted_at = $6 "
			"WHERE org = $1 AND version = $2 AND status = 'draft'",
	[Q_PV_DECIDE] = "UPDATE policy_version SET status = $3, in_force_from = $4, decided_by = $5, decided_at = $6, "
			"decision_note = $7 WHERE org = $1 AND version = $2 AND status = 'draft'",
	[Q_UNIT_SETTING_GET] = "SELECT value FROM unit_setting WHERE org = $1 AND key = $2",
	[Q_UNIT_SETTING_PUT] = "INSERT INTO unit_setting(org, key, value) VALUES ($1, $2, $3) "
			       "ON CONFLICT(org, key) DO UPDATE SET value = excluded.value",
	[Q_UNIT_SETTING_EACH] = "SELECT org, key, value FROM unit_setting ORDER BY org, key",
	[Q_DOC_PUT] = "INSERT INTO document(number, org, kind, person, department, post, title, from_date, to_date, "
		      "doc_date, sha256, sm3, pages, campaign, status, generated_by, generated_at) VALUES ($1, $2, $3, $4, "
		      "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, coalesce($15, 'generated'), $16, $17) "
		      "ON CONFLICT(number) DO UPDATE SET org = $2, kind = $3, person = $4, department = $5, post = $6, "
		      "title = $7, from_date = $8, to_date = $9, doc_date = $10, sha256 = $11, sm3 = $12, pages = $13, "
		      "campaign = coalesce($14, document.campaign), status = coalesce($15, document.status), generated_by = $16, "
		      "generated_at = $17",
	[Q_DOC_STATUS] = "UPDATE document SET status = $2 WHERE number = $1",
	[Q_DOC_BY_NUMBER] = DOC_SELECT "WHERE number = $1",
	[Q_DOC_BY_SHA256] = DOC_SELECT "WHERE sha256 = $1 ORDER BY number",
	[Q_DOC_BY_CAMPAIGN] = DOC_SELECT "WHERE campaign = $1 ORDER BY number",
	[Q_DOC_BY_ORG] = DOC_SELECT "WHERE org = $1 ORDER BY number",
	[Q_SIG_INSERT] = "INSERT INTO doc_signature(number, method, signer, account, signed_at, signed_on, sha256, sm3, "
			 "scan_sha256, alg, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
	[Q_SIG_EACH] = "SELECT id, number, method, signer, account, signed_at, signed_on, sha256, sm3, scan_sha256, alg, "
		       "key_id, signature FROM doc_signature WHERE number = $1 ORDER BY id",
	[Q_CAMPAIGN_INSERT] = "INSERT INTO doc_campaign(id, org, kind, year, title, doc_date, created_by, created_at) "
			      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	[Q_CAMPAIGN_CLOSE] = "UPDATE doc_campaign SET status = 'closed', closed_at = $2 WHERE id = $1 AND status = 'open'",
	[Q_CAMPAIGN_EACH] = "SELECT id, org, kind, year, title, doc_date, status, created_by, created_at, closed_at "
			    "FROM doc_campaign WHERE (CAST($1 AS TEXT) IS NULL OR id = $1) AND (CAST($2 AS TEXT) IS NULL OR org = $2) ORDER BY id",
	[Q_NOTIFY_ADD] = "INSERT INTO notify_delivery(key, org, rule, object, person, channel, subject, body, state, "
			 "next_at, created_at, sent_at, answer) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
			 "CASE WHEN $9 = 'sent' THEN CAST($11 AS BIGINT) END, $12) ON CONFLICT(key) DO NOTHING",
	/* One statement picks and takes the row, so two workers never hold the same delivery. */
	[Q_NOTIFY_CLAIM] = "UPDATE notify_delivery SET state = 'sending', claimed_by = $2, lease_until = $3 "
			   "WHERE id = (SELECT id FROM notify_delivery WHERE channel <> 'inbox' AND "
			   "((state = 'queued' AND next_at <= $1) OR (state = 'sending' AND lease_until < $1)) "
			   "ORDER BY next_at, id LIMIT 1) RETURNING " NOTIFY_COLUMNS,
	[Q_NOTIFY_FINISH] = "UPDATE notify_delivery SET state = $3, attempts = $4, next_at = $5, answer = $6, "
			    "sent_at = $7, claimed_by = NULL, lease_until = 0 "
			    "WHERE id = $1 AND claimed_by = $2 AND state = 'sending'",
	[Q_NOTIFY_COUNT] = "SELECT count(*) FROM notify_delivery" NOTIFY_WHERE,
	[Q_NOTIFY_QUERY] = "SELECT " NOTIFY_COLUMNS " FROM notify_delivery" NOTIFY_WHERE
			   " ORDER BY id DESC" PAGE,
	[Q_NOTIFY_READ] = "UPDATE notify_delivery SET read_at = $3 WHERE person = $1 AND channel = 'inbox' "
			  "AND read_at IS NULL AND ($2 = 0 OR id = $2)",
	[Q_NOTIFY_CHANNEL_EACH] = "SELECT org, channel, enabled, settings, secret, updated_at FROM notify_channel "
				  "WHERE org = $1 ORDER BY channel",
	[Q_NOTIFY_CHANNEL_PUT] = "INSERT INTO notify_channel(org, channel, enabled, settings, secret, updated_at) "
				 "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT(org, channel) DO UPDATE SET "
				 "enabled = $3, settings = $4, secret = $5, updated_at = $6",
	[Q_NOTIFY_PREF_GET] = "SELECT email, muted, quiet_from, quiet_to FROM notify_pref WHERE person = $1",
	[Q_NOTIFY_PREF_PUT] = "INSERT INTO notify_pref(person, email, muted, quiet_from, quiet_to) "
			      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT(person) DO UPDATE SET email = $2, "
			      "muted = $3, quiet_from = $4, quiet_to = $5",
	/* Planned again when the facts moved on since (a higher generation) or a planner died
	 * before it was done (lease run out); never while another holds it. */
	[Q_NOTIFY_PLAN_CLAIM] = "INSERT INTO notify_plan(org, day, generation, lease_until) VALUES ($1, $2, $3, $5) "
				"ON CONFLICT(org, day) DO UPDATE SET generation = $3, lease_until = $5, "
				"done_at = NULL WHERE (notify_plan.generation < $3 OR notify_plan.done_at IS NULL) "
				"AND notify_plan.lease_until < $4 RETURNING org",
	[Q_NOTIFY_PLAN_DONE] = "UPDATE notify_plan SET done_at = $3, lease_until = 0 WHERE org = $1 AND day = $2",
	[Q_NOTIFY_PLAN_LAST] = "SELECT max(day) FROM notify_plan WHERE org = $1 AND day < $2 AND done_at IS NOT NULL",
	[Q_NOTIFY_INSERT] = "INSERT INTO notify_delivery(id, key, org, rule, object, person, channel, subject, body, "
			    "state, attempts, next_at, created_at, sent_at, read_at, answer) VALUES ($1, $2, $3, $4, $5, "
			    "$6, $7, $8, $9, $10, $11, $12, $13, nullif($14, 0), nullif($15, 0), $16)",
	/* after rows inserted with their ids: the next id follows the greatest (SQLite's rowid does
	 * by itself; PostgreSQL's identity is set) */
	[Q_NOTIFY_SEQ] = "SELECT max(id) FROM notify_delivery",
	[Q_FEDKEY_PUT] = "INSERT INTO federation_key(org, direction, name, alg, key_id, public_key, registered_at) "
			 "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(org, direction) DO UPDATE SET name = $3, alg = $4, "
			 "key_id = $5, public_key = $6, registered_at = $7",
	[Q_FEDKEY_EACH] = "SELECT org, direction, name, alg, key_id, public_key, registered_at FROM federation_key "
			  "WHERE (CAST($1 AS TEXT) IS NULL OR org = $1) AND (CAST($2 AS TEXT) IS NULL OR direction = $2) ORDER BY direction, org",
	[Q_REPORTED_PUT] = "INSERT INTO reported_unit(org, name, parent, as_of, key_id, alg, sha256, imported_at, body) "
			   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT(org) DO UPDATE SET name = $2, parent = $3, "
			   "as_of = $4, key_id = $5, alg = $6, sha256 = $7, imported_at = $8, body = $9",
	[Q_REPORTED_EACH] = "SELECT org, name, parent, as_of, key_id, alg, sha256, imported_at, body FROM reported_unit "
			    "WHERE (CAST($1 AS TEXT) IS NULL OR org = $1) ORDER BY org",
	[Q_REPORTED_PACKAGE_PUT] = "INSERT INTO reported_package(org, name, parent, as_of, key_id, alg, sha256, imported_at, "
				   "body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT(org, as_of) DO UPDATE SET "
				   "name = $2, parent = $3, key_id = $5, alg = $6, sha256 = $7, imported_at = $8, body = $9",
	/* every package kept (migration 026); the points give only each one's tally, not its body */
	[Q_REPORTED_POINTS] = "SELECT org, name, parent, as_of, key_id, alg, sha256, imported_at, "
			      "coalesce(json_extract(body, '$.tally'), '{}') FROM reported_package "
			      "WHERE (CAST($1 AS TEXT) IS NULL OR org = $1) AND as_of >= $2 AND as_of <= $3 ORDER BY org, as_of",
	/* zeren migrate: every row as it is */
	[Q_SESSION_EACH] = "SELECT hash, csrf, account, created_at, last_seen_at, source FROM session ORDER BY hash",
	[Q_AUDIT_ANCHOR_PUT] = "INSERT INTO audit_purge(before_seq, at, anchor_hash) "
			       "SELECT $1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), $2 "
			       "WHERE NOT EXISTS (SELECT 1 FROM audit_log) AND NOT EXISTS (SELECT 1 FROM audit_purge)",
	[Q_DICT_EACH] = "SELECT org, list, value, label, label_en, sort, enabled FROM dict_entry "
			"WHERE org = $1 AND (CAST($2 AS TEXT) IS NULL OR list = $2) ORDER BY list, sort, value",
	[Q_DICT_PUT] = "INSERT INTO dict_entry(org, list, value, label, label_en, sort, enabled) "
		       "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(org, list, value) DO UPDATE SET "
		       "label = $4, label_en = $5, sort = $6, enabled = $7",
	[Q_ANNOUNCE_INSERT] = "INSERT INTO announcement(org, title, body, status, publish_on, expires_on, author, "
			      "created_at, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, nullif(CAST($9 AS BIGINT), 0)) "
			      "RETURNING id",
	[Q_ANNOUNCE_UPDATE] = "UPDATE announcement SET title = $3, body = $4, status = $5, publish_on = $6, "
			      "expires_on = $7, published_at = nullif(CAST($8 AS BIGINT), 0) WHERE id = $1 AND org = $2",
	[Q_ANNOUNCE_EACH] = "SELECT id, org, title, body, status, publish_on, expires_on, author, created_at, "
			    "coalesce(published_at, 0) FROM announcement WHERE org = $1 AND (CAST($2 AS BIGINT) = 0 OR id = $2) "
			    "ORDER BY id DESC",
	[Q_INSPECTED_EACH] = "SELECT DISTINCT org FROM inspection WHERE inspector_org = $1 ORDER BY org",
	/* The history of facts (migration 010): the latest version of a record, a new one, the seal
	 * of a change's versions with its audit record. */
	[Q_HISTORY_LATEST] = "SELECT record FROM fact_version WHERE org = $3 AND kind = $1 AND key = $2 "
			     "ORDER BY seq DESC LIMIT 1",
	[Q_HISTORY_PUT] = "INSERT INTO fact_version(at, org, kind, key, record) VALUES ($1, $2, $3, $4, $5)",
	[Q_HISTORY_SEAL] = "UPDATE fact_version SET change = $1 WHERE change IS NULL",
	/* What the store held at an instant: each record's latest version written before it (of
	 * unit $1 and every unit's own record; _ALL: of all units, $1 NULL), in the order first
	 * written. */
	[Q_HISTORY_AS_OF] = "SELECT v.seq, v.at, v.change, v.org, v.kind, v.key, v.record, NULL FROM fact_version v "
			    "JOIN (SELECT kind, key, max(seq) AS last, min(seq) AS first FROM fact_version "
			    "WHERE org = $1 AND at < $2 GROUP BY kind, key "
			    "UNION ALL SELECT kind, key, max(seq), min(seq) FROM fact_version "
			    "WHERE kind = 'org' AND at < $2 AND org <> $1 GROUP BY kind, key) k "
			    "ON v.seq = k.last ORDER BY k.first",
	[Q_HISTORY_AS_OF_ALL] = "SELECT v.seq, v.at, v.change, v.org, v.kind, v.key, v.record, NULL FROM fact_version v "
				"JOIN (SELECT kind, key, max(seq) AS last, min(seq) AS first FROM fact_version "
				"WHERE CAST($1 AS TEXT) IS NULL AND at < $2 GROUP BY kind, key) k ON v.seq = k.last "
				"ORDER BY k.first",
	[Q_HISTORY_EACH] = "SELECT v.seq, v.at, v.change, v.org, v.kind, v.key, v.record, a.account FROM fact_version v "
			   "LEFT JOIN audit_log a ON a.seq = v.change AND v.change > 0 WHERE v.org = $1 AND "
			   "(CAST($2 AS TEXT) IS NULL OR v.kind = $2) AND (CAST($3 AS TEXT) IS NULL OR v.key = $3) ORDER BY v.seq",
	[Q_DELETE_APPT] = "DELETE FROM appointment WHERE natural_key = $1",
};

/* PostgreSQL's text of a statement whose dialects differ. SQLite's INSERT OR REPLACE deletes the
 * row it replaces and inserts a new one after the others (their order is the export's);
 * PostgreSQL updates the row in place. */
static const char *const pg_text[Q_COUNT] = {
	[Q_PUT_RECT_EVIDENCE] = "INSERT INTO rectification_evidence(rectification, sha256, name, size) "
				"VALUES ($1, $2, $3, $4) ON CONFLICT(rectification, sha256) DO UPDATE SET "
				"name = excluded.name, size = excluded.size",
	[Q_PUT_REPORT] = "INSERT INTO report_file(kind, record, sha256, name, size) VALUES ($1, $2, $3, $4, $5) "
			 "ON CONFLICT(kind, record, sha256) DO UPDATE SET name = excluded.name, size = excluded.size",
	[Q_PUT_EVIDENCE] = "INSERT INTO evidence(record, sha256, name, size) VALUES ($1, $2, $3, $4) "
			   "ON CONFLICT(record, sha256) DO UPDATE SET name = excluded.name, size = excluded.size",
	/* The admin ops': PostgreSQL's clock and aggregate; its rows locked as a worker takes them (one
	 * another worker holds is skipped, SKIP LOCKED, and the update checks again that it is still
	 * due: under READ COMMITTED a row another worker took meanwhile is seen as it now is); its
	 * identity given a value; its JSON. */
	[Q_AUDIT_PURGE_MARK] = "INSERT INTO audit_purge(before_seq, at, anchor_hash) "
			       "SELECT CAST($1 AS BIGINT), to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), hash "
			       "FROM audit_log WHERE seq = $1 - 1",
	[Q_ACCOUNT_ALL] = ACCOUNT_SELECT("string_agg(role, ',' ORDER BY r.rowid)") " ORDER BY a.username",
	[Q_ACCOUNT_BY_NAME] = ACCOUNT_SELECT("string_agg(role, ',' ORDER BY r.rowid)") " WHERE a.username = $1",
	[Q_ACCOUNT_BY_ID] = ACCOUNT_SELECT("string_agg(role, ',' ORDER BY r.rowid)") " WHERE a.id = $1",
	[Q_ACCOUNT_BY_CALENDAR] = ACCOUNT_SELECT("string_agg(role, ',' ORDER BY r.rowid)") " WHERE a.calendar_token = $1",
	[Q_NOTIFY_CLAIM] = "UPDATE notify_delivery SET state = 'sending', claimed_by = $2, lease_until = $3 "
			   "WHERE id = (SELECT id FROM notify_delivery WHERE channel <> 'inbox' AND "
			   "((state = 'queued' AND next_at <= $1) OR (state = 'sending' AND lease_until < $1)) "
			   "ORDER BY next_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
			   "AND ((state = 'queued' AND next_at <= $1) OR (state = 'sending' AND lease_until < $1)) "
			   "RETURNING " NOTIFY_COLUMNS,
	[Q_NOTIFY_INSERT] = "INSERT INTO notify_delivery(id, key, org, rule, object, person, channel, subject, body, "
			    "state, attempts, next_at, created_at, sent_at, read_at, answer) OVERRIDING SYSTEM VALUE "
			    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, nullif(CAST($14 AS BIGINT), 0), "
			    "nullif(CAST($15 AS BIGINT), 0), $16)",
	[Q_NOTIFY_SEQ] = "SELECT setval(pg_get_serial_sequence('notify_delivery', 'id'), max(id)) FROM notify_delivery",
	[Q_REPORTED_POINTS] = "SELECT org, name, parent, as_of, key_id, alg, sha256, imported_at, "
			      "coalesce((body::jsonb -> 'tally')::text, '{}') FROM reported_package "
			      "WHERE (CAST($1 AS TEXT) IS NULL OR org = $1) AND as_of >= $2 AND as_of <= $3 ORDER BY org, as_of",
	[Q_AUDIT_ANCHOR_PUT] = "INSERT INTO audit_purge(before_seq, at, anchor_hash) "
			       "SELECT CAST($1 AS BIGINT), to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), $2 "
			       "WHERE NOT EXISTS (SELECT 1 FROM audit_log) AND NOT EXISTS (SELECT 1 FROM audit_purge)",
};

const char *sql_shared_text(enum sql_id id, bool pg)
{
	assert(id >= 0 && id < Q_COUNT);
	return pg && pg_text[id] ? pg_text[id] : text[id];
}

int sql_exec(struct sql_conn *c, struct sql_stmt *st, struct zerr *e, const char *what)
{
	int rc = sql_step(st);
	sql_reset(st);
	return rc == SQL_DONE ? 0 : sql_error(c, e, what);
}

void sql_bind_date(struct sql_stmt *st, int i, zdate d, char *buf)
{
	if (d == ZDATE_NONE || d == ZDATE_MAX)
		sql_bind_null(st, i);
	else
		sql_bind_text(st, i, date_format(d, buf));
}

void sql_bind_span(struct sql_stmt *st, int i, struct span sp, char *buf)
{
	sql_bind_date(st, i, sp.from == ZDATE_MIN ? ZDATE_NONE : sp.from, buf);
	sql_bind_date(st, i + 1, sp.to, buf + ZDATE_BUFSZ);
}

void sql_bind_tri(struct sql_stmt *st, int i, int t)
{
	if (t == TRI_NULL)
		sql_bind_null(st, i);
	else
		sql_bind_int64(st, i, t);
}

/* Statement id with the texts v[0..n) bound to $1..$n, in order (NULL: SQL NULL). */
struct sql_stmt *sql_texts(struct sql_conn *db, enum sql_id id, struct zerr *e, const char *const *v, int n)
{
	struct sql_stmt *st = sql_stmt(db, id, e);
	for (int i = 0; st && i < n; i++)
		sql_bind_text(st, i + 1, v[i]);
	return st;
}

int sql_insert_id(struct sql_conn *c, struct sql_stmt *st, int64_t *id, struct zerr *e, const char *what)
{
	int step = sql_step(st), rc = 0;
	if (step == SQL_ROW)
		*id = sql_col_int64(st, 0);
	else
		rc = sql_error(c, e, what);
	sql_reset(st);
	return rc;
}

int sql_rows_done(struct sql_conn *c, struct sql_stmt *st, int rc, int step, struct zerr *e, const char *what)
{
	if (!rc && step != SQL_DONE)
		rc = sql_error(c, e, what);
	sql_reset(st);
	return rc;
}
