-- zeren schema 3: security incidents (安全事件) and superiors' notices (通报), DESIGN.md §1.
-- Instants are ISO 8601 text with the offset they were recorded in.
CREATE TABLE incident (
	id TEXT PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	system TEXT REFERENCES system(id),
	title TEXT NOT NULL,
	category TEXT,
	grade TEXT,
	occurred_at TEXT NOT NULL,
	detected_at TEXT,
	reported_at TEXT,
	resolved_at TEXT,
	outage_hours REAL,
	personal_info_records INTEGER,
	summary_on TEXT,
	-- who was responsible when it was recorded (JSON), kept even if appointments are corrected later
	responsible_snapshot TEXT
);
CREATE INDEX incident_org ON incident(org);
CREATE TABLE notice (
	id TEXT PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	issuer TEXT NOT NULL,
	document_no TEXT,
	title TEXT NOT NULL,
	received_on TEXT NOT NULL,
	rectified_on TEXT,
	feedback_on TEXT
);
CREATE INDEX notice_org ON notice(org);
CREATE TABLE notice_system (
	notice TEXT NOT NULL REFERENCES notice(id),
	system TEXT NOT NULL REFERENCES system(id),
	PRIMARY KEY (notice, system)
);
