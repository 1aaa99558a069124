-- zeren schema 10: history for every fact (issue 21).
--
-- Valid time: what was true when. Departments are established and dissolved, people join and
-- leave the unit, bodies are set up and dissolved, systems go into service (上线) and retire
-- (下线); NULL: not recorded (the fact holds as far back as the records go, or still holds).
-- A department's earlier names and parents, and a system's earlier owner department, MLPS level
-- and filing, are versions that held until a day (exclusive); the row itself holds from the
-- last version on. A system's assessments before its last one are kept too.
ALTER TABLE department ADD COLUMN established TEXT;
ALTER TABLE department ADD COLUMN dissolved TEXT;
ALTER TABLE person ADD COLUMN joined TEXT;
ALTER TABLE person ADD COLUMN left_on TEXT;
ALTER TABLE body ADD COLUMN established TEXT;
ALTER TABLE body ADD COLUMN dissolved TEXT;
ALTER TABLE system ADD COLUMN in_service TEXT;
ALTER TABLE system ADD COLUMN retired TEXT;
CREATE TABLE department_version (
	department TEXT NOT NULL REFERENCES department(id),
	until TEXT NOT NULL,
	name TEXT NOT NULL,
	parent TEXT REFERENCES department(id) DEFERRABLE INITIALLY DEFERRED,
	PRIMARY KEY (department, until)
) WITHOUT ROWID;
CREATE TABLE system_version (
	system TEXT NOT NULL REFERENCES system(id),
	until TEXT NOT NULL,
	owner_department TEXT REFERENCES department(id),
	mlps_level INTEGER CHECK (mlps_level BETWEEN 1 AND 5),
	filing_no TEXT,
	filed_on TEXT,
	PRIMARY KEY (system, until)
) WITHOUT ROWID;
CREATE TABLE system_assessment (
	system TEXT NOT NULL REFERENCES system(id),
	on_date TEXT NOT NULL,
	PRIMARY KEY (system, on_date)
) WITHOUT ROWID;

-- Transaction time: what the store held when. Every record a change writes is kept here as
-- zeren/v1 JSON, as stored after the change (record NULL: the change withdrew it, a correction);
-- `change` is the seq of the change's audit record, set in the same transaction (0: the records
-- the store held when this schema was installed, before history was kept). The facts as
-- recorded at an instant are the latest version of each record written before it. The table is
-- append-only, like the audit log.
CREATE TABLE fact_version (
	seq INTEGER PRIMARY KEY,
	at TEXT NOT NULL,          -- ISO 8601 UTC, e.g. 2026-11-21T08:30:00Z
	change INTEGER,
	org TEXT NOT NULL,         -- the unit the record belongs to (an organization: itself)
	kind TEXT NOT NULL,        -- org, department, person, body, appointment, system, agreement, incident, notice, obligation_record
	key TEXT NOT NULL,         -- its id, or natural key (appointments, obligation records)
	record TEXT
);
-- one index serves a record's latest version, a unit's records as of an instant and a unit's
-- history; the second holds only the versions of the change being written
CREATE INDEX fact_version_key ON fact_version(org, kind, key, seq);
CREATE INDEX fact_version_units ON fact_version(key, seq) WHERE kind = 'org';
CREATE INDEX fact_version_open ON fact_version(change) WHERE change IS NULL;
CREATE TRIGGER fact_version_no_update BEFORE UPDATE ON fact_version
WHEN OLD.change IS NOT NULL OR NEW.seq IS NOT OLD.seq OR NEW.at IS NOT OLD.at OR NEW.org IS NOT OLD.org
	OR NEW.kind IS NOT OLD.kind OR NEW.key IS NOT OLD.key OR NEW.record IS NOT OLD.record
BEGIN
	SELECT RAISE(ABORT, 'the history of facts is append-only');
END;
CREATE TRIGGER fact_version_no_delete BEFORE DELETE ON fact_version
BEGIN
	SELECT RAISE(ABORT, 'the history of facts is append-only');
END;

-- An appointment recorded wrongly may be withdrawn (a correction, 撤销): only when the
-- withdrawal is in the history, by the change that removes it.
DROP TRIGGER appointment_never_deleted;
CREATE TRIGGER appointment_never_deleted BEFORE DELETE ON appointment
WHEN NOT EXISTS (SELECT 1 FROM fact_version WHERE change IS NULL AND kind = 'appointment'
		 AND key = OLD.natural_key AND record IS NULL)
BEGIN
	SELECT RAISE(ABORT, 'appointments are never deleted; end them instead (or withdraw one recorded wrongly)');
END;

-- The store's records as they stand now are the first versions.
CREATE TEMP TABLE baseline_now AS SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now') AS at;
INSERT INTO fact_version(at, change, org, kind, key, record)
SELECT (SELECT at FROM baseline_now), 0, id, 'org', id,
       json_object('id', id, 'name', name, 'kind', kind, 'parent', parent, 'policy', policy,
		   'time_zone', time_zone, 'operator_type', operator_type)
FROM org ORDER BY rowid;
INSERT INTO fact_version(at, change, org, kind, key, record)
SELECT (SELECT at FROM baseline_now), 0, org, 'department', id, json_object('id', id, 'name', name, 'parent', parent)
FROM department ORDER BY rowid;
INSERT INTO fact_version(at, change, org, kind, key, record)
SELECT (SELECT at FROM baseline_now), 0, org, 'person', id,
       json_object('id', id, 'name', name, 'org', org, 'department', department, 'background_check', background_check)
FROM person ORDER BY rowid;
INSERT INTO fact_version(at, change, org, kind, key, record)
SELECT (SELECT at FROM baseline_now), 0, b.org, 'body', b.id,
       json_object('id', b.id, 'org', b.org, 'kind', b.kind, 'name', b.name,
		   'leads', json((SELECT json_group_array(l.led) FROM body_lead l WHERE l.body = b.id)))
FROM body b ORDER BY b.rowid;
INSERT INTO fact_version(at, change, org, kind, key, record)
SELECT (SELECT at FROM baseline_now), 0, org, 'system', id,
       json_object('id', id, 'org', org, 'name', name, 'owner_department', owner_department, 'mlps_level', mlps_level,
		   'filing_no', filing_no, 'filed_on', filed_on, 'last_assessed_on', last_assessed_on,
		   'critical_infrastructure', CASE critical_infrastructure WHEN 1 THEN json('true') WHEN 0 THEN json('false') END,
		   'public_website', CASE public_website WHEN 1 THEN json('true') WHEN 0 THEN json('false') END)
FROM system ORDER BY rowid;
INSERT INTO fact_version(at, change, org, kind, key, record)
SELECT (SELECT at FROM baseline_now), 0, org, 'appointment', natural_key,
       CASE WHEN body IS NULL THEN
	       json_object('person', person, 'post', post, 'org', org, 'department', department, 'system', system,
			   'from', from_date, 'to', to_date,
			   'full_time', CASE full_time WHEN 1 THEN json('true') WHEN 0 THEN json('false') END)
       ELSE json_object('person', person, 'body', body, 'seat', seat, 'from', from_date, 'to', to_date) END
FROM appointment ORDER BY id;
INSERT INTO fact_version(at, change, org, kind, key, record)
SELECT (SELECT at FROM baseline_now), 0, org, 'agreement', id,
       json_object('id', id, 'kind', kind, 'org', org, 'person', person, 'from', from_date, 'to', to_date,
		   'signed_on', signed_on)
FROM agreement ORDER BY rowid;
INSERT INTO fact_version(at, change, org, kind, key, record)
SELECT (SELECT at FROM baseline_now), 0, org, 'incident', id,
       json_object('id', id, 'org', org, 'system', system, 'title', title, 'category', category, 'grade', grade,
		   'occurred_at', occurred_at, 'detected_at', detected_at, 'reported_at', reported_at,
		   'resolved_at', resolved_at, 'outage_hours', outage_hours,
		   'personal_info_records', personal_info_records, 'summary_on', summary_on,
		   'classification', classification,
		   'attacked', CASE attacked WHEN 1 THEN json('true') WHEN 0 THEN json('false') END,
		   'handled_in_time', CASE handled_in_time WHEN 1 THEN json('true') WHEN 0 THEN json('false') END,
		   'function_outage_hours', function_outage_hours, 'economic_loss_yuan', economic_loss_yuan,
		   'people_affected', people_affected, 'follow_up_reports', json(follow_up_reports))
FROM incident ORDER BY rowid;
INSERT INTO fact_version(at, change, org, kind, key, record)
SELECT (SELECT at FROM baseline_now), 0, n.org, 'notice', n.id,
       json_object('id', n.id, 'org', n.org, 'issuer', n.issuer, 'document_no', n.document_no, 'title', n.title,
		   'systems', json((SELECT json_group_array(s.system) FROM notice_system s WHERE s.notice = n.id)),
		   'received_on', n.received_on, 'rectified_on', n.rectified_on, 'feedback_on', n.feedback_on,
		   'rectify_by', n.rectify_by, 'received_at', n.received_at)
FROM notice n ORDER BY n.rowid;
INSERT INTO fact_version(at, change, org, kind, key, record)
SELECT (SELECT at FROM baseline_now), 0, r.org, 'obligation_record', r.natural_key,
       json_object('org', r.org, 'obligation', r.obligation, 'period', r.period, 'department', r.department,
		   'done_on', r.done_on, 'by', r.by_person, 'notes', r.notes,
		   'evidence', json((SELECT json_group_array(json_object('sha256', e.sha256, 'name', e.name, 'size', e.size))
				      FROM evidence e WHERE e.record = r.id)))
FROM obligation_record r ORDER BY r.id;
DROP TABLE baseline_now;
