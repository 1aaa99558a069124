-- zeren schema 7: the authorization generation, bumped by every change to accounts, their roles
-- and sessions — but not by a session's last-use time — so that a server may keep what a
-- session grants in memory and still see a logout, a revocation, a disabled account or a new
-- grant at once, on every node.
ALTER TABLE generation ADD COLUMN auth INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER auth_gen_account_insert AFTER INSERT ON account
BEGIN UPDATE generation SET auth = auth + 1 WHERE id = 1; END;
CREATE TRIGGER auth_gen_account_update AFTER UPDATE ON account
BEGIN UPDATE generation SET auth = auth + 1 WHERE id = 1; END;
CREATE TRIGGER auth_gen_account_delete AFTER DELETE ON account
BEGIN UPDATE generation SET auth = auth + 1 WHERE id = 1; END;
CREATE TRIGGER auth_gen_role_insert AFTER INSERT ON account_role
BEGIN UPDATE generation SET auth = auth + 1 WHERE id = 1; END;
CREATE TRIGGER auth_gen_role_update AFTER UPDATE ON account_role
BEGIN UPDATE generation SET auth = auth + 1 WHERE id = 1; END;
CREATE TRIGGER auth_gen_role_delete AFTER DELETE ON account_role
BEGIN UPDATE generation SET auth = auth + 1 WHERE id = 1; END;
CREATE TRIGGER auth_gen_session_insert AFTER INSERT ON session
BEGIN UPDATE generation SET auth = auth + 1 WHERE id = 1; END;
CREATE TRIGGER auth_gen_session_update AFTER UPDATE OF hash, account, csrf, created_at ON session
BEGIN UPDATE generation SET auth = auth + 1 WHERE id = 1; END;
CREATE TRIGGER auth_gen_session_delete AFTER DELETE ON session
BEGIN UPDATE generation SET auth = auth + 1 WHERE id = 1; END;
