-- zeren schema 5: the tamper-evident audit log (审计日志). Every state change and login is one
-- row; each row's hash (SHA-256, computed by src/audit) covers the row and the previous row's
-- hash, so altering or removing a record breaks the chain. The table is append-only: no role
-- may update it, and rows may only be deleted by a purge of records older than the retention
-- period (six months, 网络安全法 第二十一条).
CREATE TABLE audit_log (
	seq INTEGER PRIMARY KEY,          -- 1, 2, 3 ... without gaps
	at TEXT NOT NULL,                 -- ISO 8601 UTC, e.g. 2026-11-21T08:30:00Z
	account TEXT,
	source TEXT,
	action TEXT NOT NULL,
	object TEXT,
	success INTEGER NOT NULL CHECK (success IN (0, 1)),
	detail TEXT,                      -- JSON of the change
	prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
	hash TEXT NOT NULL CHECK (length(hash) = 64)
);
-- Each purge: records with seq < before_seq were removed; anchor_hash (the hash of record
-- before_seq - 1) is the trusted prev_hash of the first kept record.
CREATE TABLE audit_purge (
	before_seq INTEGER NOT NULL,
	at TEXT NOT NULL,
	anchor_hash TEXT NOT NULL CHECK (length(anchor_hash) = 64)
);
CREATE TRIGGER audit_seq BEFORE INSERT ON audit_log
WHEN NEW.seq IS NOT coalesce((SELECT max(seq) FROM audit_log), (SELECT max(before_seq) - 1 FROM audit_purge), 0) + 1
BEGIN
	SELECT RAISE(ABORT, 'audit records are numbered without gaps');
END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
WHEN NOT (OLD.seq < coalesce((SELECT max(before_seq) FROM audit_purge), 0)
	  AND OLD.at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-183 days'))
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only: only records older than the retention period (6 months) can be purged');
END;
CREATE TRIGGER audit_purge_no_update BEFORE UPDATE ON audit_purge
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_purge_no_delete BEFORE DELETE ON audit_purge
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
