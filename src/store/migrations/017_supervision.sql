-- zeren schema 17: supervision (issue 15). A notice sent down by a supervising unit through
-- zeren names that unit (issuer_org, NULL for a notice recorded by hand), and the unit's
-- feedback to the issuer (落实情况反馈, 004 五) is kept beside the day it was given.
ALTER TABLE notice ADD COLUMN issuer_org TEXT;
ALTER TABLE notice ADD COLUMN feedback TEXT;
-- The supervisor role (上级主管部门): account_role's CHECK names every role, and SQLite changes a
-- CHECK only by rebuilding the table; its triggers (三员 in schema 6, the auth generation in
-- schema 7) go with it and are made again as they were.
CREATE TABLE account_role_18 (
	account INTEGER NOT NULL REFERENCES account(id),
	role TEXT NOT NULL CHECK (role IN ('sysadmin', 'secadmin', 'auditor', 'office', 'leader', 'liaison', 'staff',
					   'supervisor')),
	PRIMARY KEY (account, role)
);
INSERT INTO account_role_18(account, role) SELECT account, role FROM account_role;
DROP TABLE account_role;
ALTER TABLE account_role_18 RENAME TO account_role;
CREATE TRIGGER account_role_sod BEFORE INSERT ON account_role
WHEN EXISTS (SELECT 1 FROM account_role r WHERE r.account = NEW.account AND r.role <> NEW.role
	     AND (r.role IN ('sysadmin', 'secadmin', 'auditor') OR NEW.role IN ('sysadmin', 'secadmin', 'auditor')))
BEGIN
	SELECT RAISE(ABORT, 'separation of duties: a platform role cannot be held with another role');
END;
CREATE TRIGGER auth_gen_role_insert AFTER INSERT ON account_role
BEGIN UPDATE generation SET auth = auth + 1 WHERE id = 1; END;
CREATE TRIGGER auth_gen_role_update AFTER UPDATE ON account_role
BEGIN UPDATE generation SET auth = auth + 1 WHERE id = 1; END;
CREATE TRIGGER auth_gen_role_delete AFTER DELETE ON account_role
BEGIN UPDATE generation SET auth = auth + 1 WHERE id = 1; END;
