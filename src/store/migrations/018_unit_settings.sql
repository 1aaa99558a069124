-- zeren schema 18: a unit's settings, one value per key (issue 12: which accounts approve the
-- unit's policy versions, "policy.approvers"). Core validates each key's value; a missing row
-- is the key's default.
CREATE TABLE unit_setting (
	org TEXT NOT NULL REFERENCES org(id),
	key TEXT NOT NULL,
	value TEXT NOT NULL,
	PRIMARY KEY (org, key)
);
