-- PostgreSQL dialect of src/store/migrations/007_auth_generation.sql (scripts/pg-migration.py)
-- zeren schema 7: the authorization generation, bumped by every change to accounts, their roles
-- and sessions — but not by a session's last-use time — so that a server may keep what a
-- session grants in memory and still see a logout, a revocation, a disabled account or a new
-- grant at once, on every node.
ALTER TABLE generation ADD COLUMN auth BIGINT NOT NULL DEFAULT 1;
CREATE FUNCTION auth_gen_account_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE generation SET auth = auth + 1 WHERE id = 1;
	RETURN NULL;
END $$;
CREATE TRIGGER auth_gen_account_insert AFTER INSERT ON account FOR EACH ROW EXECUTE FUNCTION auth_gen_account_insert();
CREATE FUNCTION auth_gen_account_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE generation SET auth = auth + 1 WHERE id = 1;
	RETURN NULL;
END $$;
CREATE TRIGGER auth_gen_account_update AFTER UPDATE ON account FOR EACH ROW EXECUTE FUNCTION auth_gen_account_update();
CREATE FUNCTION auth_gen_account_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE generation SET auth = auth + 1 WHERE id = 1;
	RETURN NULL;
END $$;
CREATE TRIGGER auth_gen_account_delete AFTER DELETE ON account FOR EACH ROW EXECUTE FUNCTION auth_gen_account_delete();
CREATE FUNCTION auth_gen_role_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE generation SET auth = auth + 1 WHERE id = 1;
	RETURN NULL;
END $$;
CREATE TRIGGER auth_gen_role_insert AFTER INSERT ON account_role FOR EACH ROW EXECUTE FUNCTION auth_gen_role_insert();
CREATE FUNCTION auth_gen_role_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE generation SET auth = auth + 1 WHERE id = 1;
	RETURN NULL;
END $$;
CREATE TRIGGER auth_gen_role_update AFTER UPDATE ON account_role FOR EACH ROW EXECUTE FUNCTION auth_gen_role_update();
CREATE FUNCTION auth_gen_role_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE generation SET auth = auth + 1 WHERE id = 1;
	RETURN NULL;
END $$;
CREATE TRIGGER auth_gen_role_delete AFTER DELETE ON account_role FOR EACH ROW EXECUTE FUNCTION auth_gen_role_delete();
CREATE FUNCTION auth_gen_session_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE generation SET auth = auth + 1 WHERE id = 1;
	RETURN NULL;
END $$;
CREATE TRIGGER auth_gen_session_insert AFTER INSERT ON session FOR EACH ROW EXECUTE FUNCTION auth_gen_session_insert();
CREATE FUNCTION auth_gen_session_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE generation SET auth = auth + 1 WHERE id = 1;
	RETURN NULL;
END $$;
CREATE TRIGGER auth_gen_session_update AFTER UPDATE OF hash, account, csrf, created_at ON session FOR EACH ROW EXECUTE FUNCTION auth_gen_session_update();
CREATE FUNCTION auth_gen_session_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE generation SET auth = auth + 1 WHERE id = 1;
	RETURN NULL;
END $$;
CREATE TRIGGER auth_gen_session_delete AFTER DELETE ON session FOR EACH ROW EXECUTE FUNCTION auth_gen_session_delete();
