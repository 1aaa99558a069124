-- zeren schema 26: every report a federated unit sent up, not only the last (issue 15). The
-- supervisor's 12-month trend draws each package as a point at its as-of date; reported_unit
-- stays the last one (the ranking and the drill-down). A package re-sent for the same date
-- replaces that date's point.
CREATE TABLE reported_package (
	org TEXT NOT NULL,
	name TEXT NOT NULL,
	parent TEXT NOT NULL,
	as_of TEXT NOT NULL,
	key_id TEXT NOT NULL,
	alg TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	imported_at TEXT NOT NULL,
	body TEXT NOT NULL,
	PRIMARY KEY (org, as_of)
);
INSERT INTO reported_package(org, name, parent, as_of, key_id, alg, sha256, imported_at, body)
	SELECT org, name, parent, as_of, key_id, alg, sha256, imported_at, body FROM reported_unit;
