-- PostgreSQL dialect of src/store/migrations/002_calendar.sql (scripts/pg-migration.py)
-- zeren schema 2: the official working-day calendar, one row per day that differs from the
-- plain Monday-Friday week (data/calendar/README.md). Seeded from the shipped data on first
-- use; an administrator adds next year's arrangement when the State Council publishes it.
CREATE TABLE calendar_day (
	date TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('off', 'work')),
	holiday TEXT,
	holiday_zh TEXT
);
