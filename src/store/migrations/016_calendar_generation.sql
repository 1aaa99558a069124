-- zeren schema 16: the calendar generation, bumped by every change to the working-day calendar
-- and by nothing else, so that a server keeps its one copy of the calendar across the writes
-- of business data (which bump the store generation) and still sees a new year's arrangement
-- at once, on every node.
ALTER TABLE generation ADD COLUMN calendar INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER calendar_gen_insert AFTER INSERT ON calendar_day
BEGIN UPDATE generation SET calendar = calendar + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_gen_update AFTER UPDATE ON calendar_day
BEGIN UPDATE generation SET calendar = calendar + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_gen_delete AFTER DELETE ON calendar_day
BEGIN UPDATE generation SET calendar = calendar + 1 WHERE id = 1; END;
