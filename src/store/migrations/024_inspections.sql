-- 检查 (issue 15): a supervising unit (inspector_org) inspects a unit below it (org) on a day, of
-- a scope, by inspectors. Each item found is followed up as one of the unit's rectifications
-- (rule 'inspection', subject '<inspection>#<n>'); the item keeps what was found, the clause it
-- breaks, the department that rectifies it and its deadline (NULL: the policy's working days).
CREATE TABLE inspection (
	id TEXT PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	inspector_org TEXT NOT NULL REFERENCES org(id),
	held_on TEXT NOT NULL,
	scope TEXT NOT NULL,
	inspectors TEXT
);
CREATE INDEX inspection_org ON inspection(org);
CREATE TABLE inspection_item (
	inspection TEXT NOT NULL REFERENCES inspection(id),
	n INTEGER NOT NULL CHECK (n >= 1),
	title TEXT NOT NULL,
	basis TEXT,
	department TEXT NOT NULL REFERENCES department(id),
	due_on TEXT,
	PRIMARY KEY (inspection, n)
);
