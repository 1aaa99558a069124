-- zeren schema 13: the registers of issue 19. Handovers (离岗交接) when someone leaves a key post, DESIGN.md §1.
-- One row per person leaving a post: the checklist's dates, the successor named, and when the
-- handover was complete; the policy's handover rule judges it.
CREATE TABLE handover (
	id TEXT PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	person TEXT NOT NULL REFERENCES person(id),
	post TEXT NOT NULL,
	left_on TEXT NOT NULL,
	successor TEXT REFERENCES person(id),
	accounts_closed_on TEXT,
	materials_returned_on TEXT,
	passwords_changed_on TEXT,
	completed_on TEXT,
	notes TEXT
);
CREATE INDEX handover_org ON handover(org);
-- Vulnerabilities found by scans, tests and inspections, per system (漏洞台账): when found, the
-- day it is to be fixed by (its own, else the policy's by severity), fixed and verified; the
-- superior's notice that reported it, where one did.
CREATE TABLE vulnerability (
	id TEXT PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	system TEXT NOT NULL REFERENCES system(id),
	title TEXT NOT NULL,
	source TEXT NOT NULL,
	severity TEXT NOT NULL,
	found_on TEXT NOT NULL,
	due_on TEXT,
	fixed_on TEXT,
	verified_on TEXT,
	notice TEXT REFERENCES notice(id),
	notes TEXT
);
CREATE INDEX vulnerability_org ON vulnerability(org);
-- Emergency plans (应急预案): version, approval, last review, withdrawal; the drills that
-- exercised each, one row per drill.
CREATE TABLE emergency_plan (
	id TEXT PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	title TEXT NOT NULL,
	version TEXT,
	approved_on TEXT,
	reviewed_on TEXT,
	withdrawn_on TEXT,
	notes TEXT
);
CREATE INDEX emergency_plan_org ON emergency_plan(org);
CREATE TABLE plan_drill (
	plan TEXT NOT NULL REFERENCES emergency_plan(id),
	held_on TEXT NOT NULL,
	PRIMARY KEY (plan, held_on)
);
