-- zeren schema 6: accounts, their roles and sessions, and the store generation.
-- Times are Unix seconds. Passwords are argon2id hashes in libsodium's string form; a session
-- is kept under the SHA-256 of its token, so the database alone gives nobody a session.
CREATE TABLE account (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL,
	person TEXT REFERENCES person(id),        -- NULL for the platform accounts
	department TEXT REFERENCES department(id), -- the liaison's department
	password_hash TEXT NOT NULL,
	must_change INTEGER NOT NULL DEFAULT 1 CHECK (must_change IN (0, 1)),
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	failures INTEGER NOT NULL DEFAULT 0,      -- consecutive failed logins
	locked_until INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	password_changed_at INTEGER NOT NULL,
	last_login_at INTEGER,
	calendar_token TEXT UNIQUE                -- secret of the personal ICS feed
);
CREATE TABLE account_role (
	account INTEGER NOT NULL REFERENCES account(id),
	role TEXT NOT NULL CHECK (role IN ('sysadmin', 'secadmin', 'auditor', 'office', 'leader', 'liaison', 'staff')),
	PRIMARY KEY (account, role)
);
-- 三员 (GB/T 22239) held by the database too, whatever writes to it: a platform role stands
-- alone on its account.
CREATE TRIGGER account_role_sod BEFORE INSERT ON account_role
WHEN EXISTS (SELECT 1 FROM account_role r WHERE r.account = NEW.account AND r.role <> NEW.role
	     AND (r.role IN ('sysadmin', 'secadmin', 'auditor') OR NEW.role IN ('sysadmin', 'secadmin', 'auditor')))
BEGIN
	SELECT RAISE(ABORT, 'separation of duties: a platform role cannot be held with another role');
END;
CREATE TABLE session (
	hash TEXT PRIMARY KEY CHECK (length(hash) = 64), -- SHA-256 hex of the token
	account INTEGER NOT NULL REFERENCES account(id),
	csrf TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	source TEXT
);
CREATE INDEX session_account ON session(account);
-- Bumped by every commit that changed business data (not by logins, sessions or the audit
-- log), so servers can tell whether what they cached is still current.
CREATE TABLE generation (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	value INTEGER NOT NULL
);
INSERT INTO generation(id, value) VALUES (1, 1);
