-- zeren schema 4: occurrences of recurring duties (定期工作) done, and their evidence files
-- (kept content-addressed by SHA-256 under the data directory's evidence/).
CREATE TABLE obligation_record (
	id INTEGER PRIMARY KEY,
	natural_key TEXT NOT NULL UNIQUE, -- org, obligation, period, department
	org TEXT NOT NULL REFERENCES org(id),
	obligation TEXT NOT NULL,
	period TEXT NOT NULL,
	department TEXT REFERENCES department(id),
	done_on TEXT NOT NULL,
	by_person TEXT REFERENCES person(id),
	notes TEXT
);
CREATE INDEX obligation_record_org ON obligation_record(org);
CREATE TABLE evidence (
	record INTEGER NOT NULL REFERENCES obligation_record(id),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	name TEXT NOT NULL,
	size INTEGER NOT NULL,
	PRIMARY KEY (record, sha256)
);
