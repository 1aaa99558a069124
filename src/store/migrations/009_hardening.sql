-- zeren schema 9: four-eyes account requests and sign-in throttling by (name, source).
--
-- A reset, a disable of a 三员 account or a grant of roles is a request of one administrator
-- that takes effect only when another approves it (core/accounts.h). A reset's one-time
-- password is made of two halves: the requester is shown the first once and it is never
-- stored; the second is kept here (approver_part) until the approver is shown it once, then
-- wiped. password_hash is the hash of the whole, set on the account at approval.
CREATE TABLE account_request (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('reset', 'disable', 'roles')),
	account INTEGER NOT NULL REFERENCES account(id),
	roles TEXT,                  -- roles: the role ids asked for, separated by ','
	department TEXT,             -- roles: the liaison's department
	password_hash TEXT,          -- reset: the hash of the whole one-time password
	approver_part TEXT,          -- reset: the second half, until the approver has seen it
	requested_by TEXT NOT NULL,
	requested_at INTEGER NOT NULL,
	status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
	decided_by TEXT,
	decided_at INTEGER
);
CREATE INDEX account_request_status ON account_request(status);
-- Failed sign-ins counted per name as typed (existing or not) and source address, so that
-- a lock says nothing about whether the account exists and locks no one out from elsewhere.
CREATE TABLE login_throttle (
	username TEXT NOT NULL,
	source TEXT NOT NULL,
	failures INTEGER NOT NULL DEFAULT 0,  -- failures since the last lock or success
	locks INTEGER NOT NULL DEFAULT 0,     -- locks in a row (the back-off's exponent)
	locked_until INTEGER NOT NULL DEFAULT 0,
	last_failure_at INTEGER NOT NULL,
	PRIMARY KEY (username, source)
);
CREATE INDEX login_throttle_last ON login_throttle(last_failure_at);
-- Accounts no longer lock (a lock is of a name and a source, above): earlier counts are void.
UPDATE account SET failures = 0, locked_until = 0;
