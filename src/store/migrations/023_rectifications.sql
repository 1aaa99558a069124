-- 整改台账 (issue 22): a finding followed up. It is named by its rule and its subject (the
-- finding's key without the rule, stable across checks), assigned to a department and a person
-- on a day, due by due_on (else the policy's working days), rectified with notes and evidence,
-- verified and closed by the office.
CREATE TABLE rectification (
	id TEXT PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	rule TEXT NOT NULL,
	subject TEXT NOT NULL,
	title TEXT NOT NULL,
	department TEXT REFERENCES department(id),
	person TEXT REFERENCES person(id),
	assigned_on TEXT NOT NULL,
	due_on TEXT,
	rectified_on TEXT,
	rectification TEXT,
	closed_on TEXT,
	notes TEXT
);
CREATE INDEX rectification_org ON rectification(org);
CREATE TABLE rectification_evidence (
	rectification TEXT NOT NULL REFERENCES rectification(id),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	name TEXT NOT NULL,
	size INTEGER NOT NULL,
	PRIMARY KEY (rectification, sha256)
);
-- The reports a notice's rectification (整改报告) and an incident's handling (处置报告) leave,
-- kept as evidence files by SHA-256; record is the notice's or the incident's id.
CREATE TABLE report_file (
	kind TEXT NOT NULL CHECK (kind IN ('notice', 'incident')),
	record TEXT NOT NULL,
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	name TEXT NOT NULL,
	size INTEGER NOT NULL,
	PRIMARY KEY (kind, record, sha256)
);
