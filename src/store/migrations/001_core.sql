-- zeren schema 1: the structural facts of DESIGN.md §1/§3. Ids are the caller's strings;
-- dates are ISO 'YYYY-MM-DD' text; a NULL to_date is open-ended. Rows keep insertion order
-- (rowid), which export follows so that import∘export is the identity.
CREATE TABLE org (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	kind TEXT,
	parent TEXT REFERENCES org(id) DEFERRABLE INITIALLY DEFERRED,
	policy TEXT NOT NULL DEFAULT 'default'
);
CREATE TABLE department (
	id TEXT PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	name TEXT NOT NULL,
	parent TEXT REFERENCES department(id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX department_org ON department(org);
CREATE TABLE person (
	id TEXT PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	department TEXT REFERENCES department(id),
	name TEXT NOT NULL,
	background_check TEXT
);
CREATE INDEX person_org ON person(org);
CREATE TABLE body (
	id TEXT PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	kind TEXT NOT NULL,
	name TEXT NOT NULL
);
CREATE INDEX body_org ON body(org);
CREATE TABLE body_lead (
	body TEXT NOT NULL REFERENCES body(id),
	led TEXT NOT NULL REFERENCES body(id) DEFERRABLE INITIALLY DEFERRED,
	PRIMARY KEY (body, led)
);
CREATE TABLE system (
	id TEXT PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	name TEXT NOT NULL,
	owner_department TEXT REFERENCES department(id),
	mlps_level INTEGER CHECK (mlps_level BETWEEN 1 AND 5),
	filing_no TEXT,
	filed_on TEXT,
	last_assessed_on TEXT,
	critical_infrastructure INTEGER,
	public_website INTEGER
);
CREATE INDEX system_org ON system(org);
-- Appointments have no id in zeren/v1; `natural_key` (person, post or body+seat, scope, from)
-- identifies one, so a re-import updates it. Appointments are never deleted, only ended.
CREATE TABLE appointment (
	id INTEGER PRIMARY KEY,
	natural_key TEXT NOT NULL UNIQUE,
	person TEXT NOT NULL REFERENCES person(id),
	org TEXT NOT NULL REFERENCES org(id),
	department TEXT REFERENCES department(id),
	system TEXT REFERENCES system(id),
	body TEXT REFERENCES body(id),
	post TEXT,
	seat TEXT,
	from_date TEXT NOT NULL,
	to_date TEXT,
	full_time INTEGER,
	CHECK ((post IS NULL) <> (body IS NULL)),
	CHECK (to_date IS NULL OR from_date < to_date)
);
CREATE INDEX appointment_org ON appointment(org);
CREATE TRIGGER appointment_never_deleted BEFORE DELETE ON appointment
BEGIN
	SELECT RAISE(ABORT, 'appointments are never deleted; end them instead');
END;
CREATE TABLE agreement (
	id TEXT PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	kind TEXT NOT NULL,
	person TEXT REFERENCES person(id),
	from_date TEXT NOT NULL,
	to_date TEXT,
	signed_on TEXT
);
CREATE INDEX agreement_org ON agreement(org);
