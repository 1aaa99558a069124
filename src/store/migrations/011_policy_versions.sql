-- zeren schema 11: a unit's own policy, versioned (issue 12). Each version is a whole
-- zeren-policy/v1 document that extends a shipped base. The office drafts it; it takes force on
-- in_force_from once a second account approves it, and is never changed after that — a newer
-- version replaces it. Times are Unix seconds; dates YYYY-MM-DD.
CREATE TABLE policy_version (
	org TEXT NOT NULL REFERENCES org(id),
	version INTEGER NOT NULL CHECK (version >= 1),
	document TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'rejected')),
	reason TEXT NOT NULL,
	drafted_by TEXT NOT NULL,
	drafted_at INTEGER NOT NULL,
	in_force_from TEXT,
	decided_by TEXT,
	decided_at INTEGER,
	decision_note TEXT,
	PRIMARY KEY (org, version),
	CHECK (status <> 'approved' OR in_force_from IS NOT NULL)
);
-- A decided version stays as it was decided, whatever writes to the database.
CREATE TRIGGER policy_version_frozen BEFORE UPDATE ON policy_version
WHEN OLD.status <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'a decided policy version cannot be changed');
END;
CREATE TRIGGER policy_version_kept BEFORE DELETE ON policy_version
WHEN OLD.status = 'approved'
BEGIN
	SELECT RAISE(ABORT, 'an approved policy version cannot be deleted');
END;
