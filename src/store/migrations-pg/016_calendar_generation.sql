-- PostgreSQL dialect of src/store/migrations/016_calendar_generation.sql (scripts/pg-migration.py)
-- zeren schema 16: the calendar generation, bumped by every change to the working-day calendar
-- and by nothing else, so that a server keeps its one copy of the calendar across the writes
-- of business data (which bump the store generation) and still sees a new year's arrangement
-- at once, on every node.
ALTER TABLE generation ADD COLUMN calendar BIGINT NOT NULL DEFAULT 1;
CREATE FUNCTION calendar_gen_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE generation SET calendar = calendar + 1 WHERE id = 1;
	RETURN NULL;
END $$;
CREATE TRIGGER calendar_gen_insert AFTER INSERT ON calendar_day FOR EACH ROW EXECUTE FUNCTION calendar_gen_insert();
CREATE FUNCTION calendar_gen_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE generation SET calendar = calendar + 1 WHERE id = 1;
	RETURN NULL;
END $$;
CREATE TRIGGER calendar_gen_update AFTER UPDATE ON calendar_day FOR EACH ROW EXECUTE FUNCTION calendar_gen_update();
CREATE FUNCTION calendar_gen_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE generation SET calendar = calendar + 1 WHERE id = 1;
	RETURN NULL;
END $$;
CREATE TRIGGER calendar_gen_delete AFTER DELETE ON calendar_day FOR EACH ROW EXECUTE FUNCTION calendar_gen_delete();
