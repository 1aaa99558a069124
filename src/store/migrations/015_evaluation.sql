-- zeren schema 15: yearly evaluation rounds (考核, core/evaluation.h).
--
-- A round is one version of one unit's evaluation of one year: its state and the whole round
-- (the scored sheets with every cause, manual scores, objections and their answers) as JSON.
-- A re-evaluation of a year is a new version; a published round is frozen: the trigger refuses
-- any change to it, so a later change of facts or a bug in a caller cannot alter it.
CREATE TABLE evaluation_round (
	id INTEGER PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	year INTEGER NOT NULL,
	version INTEGER NOT NULL CHECK (version >= 1),
	state TEXT NOT NULL CHECK (state IN ('scoring', 'review', 'published')),
	doc TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (org, year, version)
);
CREATE TRIGGER evaluation_round_frozen BEFORE UPDATE ON evaluation_round
	WHEN OLD.state = 'published'
BEGIN
	SELECT RAISE(ABORT, 'a published evaluation round is frozen');
END;
CREATE TRIGGER evaluation_round_kept BEFORE DELETE ON evaluation_round
	WHEN OLD.state = 'published'
BEGIN
	SELECT RAISE(ABORT, 'a published evaluation round is kept');
END;
