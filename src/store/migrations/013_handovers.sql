-- zeren schema 13: handovers (离岗交接) when someone leaves a key post, DESIGN.md §1 (issue 19).
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
