-- zeren schema 25 (issue 22): a unit's own dictionary and its announcements.
-- dict_entry: one row per (unit, list, value) the unit changed or added. A closed list's values
-- are the engine's (core/dictionary.c); the unit only relabels, orders or disables them. An open
-- list's values are what its records hold as text (incident categories, notice issuers); the unit
-- adds its own. No row is ever deleted: a value in use must keep its label, so it is disabled.
CREATE TABLE dict_entry (
	org TEXT NOT NULL REFERENCES org(id),
	list TEXT NOT NULL,
	value TEXT NOT NULL,
	label TEXT NOT NULL,
	label_en TEXT,
	sort INTEGER NOT NULL,
	enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
	PRIMARY KEY (org, list, value)
);
-- 通知公告: the office's announcements to every user of its unit. A draft is seen by the office
-- only; published, it is shown from publish_on to expires_on (inclusive; NULL: no end), and each
-- person's copy in the bell is an inbox message (notify_delivery, rule 'announcement'), read per
-- person there. Withdrawn, it is shown no more.
CREATE TABLE announcement (
	id INTEGER PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
	publish_on TEXT,
	expires_on TEXT,
	author TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	published_at INTEGER
);
CREATE INDEX announcement_org ON announcement(org, id);
