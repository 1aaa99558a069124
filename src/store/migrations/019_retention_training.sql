-- zeren schema 19: two more registers of issue 19. Log and record retention (日志留存): each log or
-- record source of the unit, its kind (the policy's log_retention rule gives the days each kind is
-- kept), the retention actually configured and the day it was last verified.
CREATE TABLE log_source (
	id TEXT PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	system TEXT REFERENCES system(id),
	name TEXT NOT NULL,
	kind TEXT NOT NULL,
	retention_days INTEGER,
	checked_on TEXT,
	notes TEXT
);
CREATE INDEX log_source_org ON log_source(org);
-- Training (培训): sessions held by the unit, a department or outside, and who attended each, with
-- the class hours (学时) and the certificate obtained.
CREATE TABLE training_session (
	id TEXT PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	title TEXT NOT NULL,
	held_on TEXT NOT NULL,
	organiser TEXT,
	kind TEXT NOT NULL,
	level TEXT NOT NULL,
	department TEXT REFERENCES department(id),
	hours INTEGER NOT NULL,
	notes TEXT
);
CREATE INDEX training_session_org ON training_session(org);
CREATE TABLE training_attendee (
	session TEXT NOT NULL REFERENCES training_session(id),
	person TEXT NOT NULL REFERENCES person(id),
	hours INTEGER,
	certificate TEXT,
	PRIMARY KEY (session, person)
);
