-- zeren schema 8: regulatory fidelity (issue 11). A unit's time zone (NULL: Asia/Shanghai) and
-- its operator type under the 2025 incident-reporting rules (NULL: derived from its systems).
ALTER TABLE org ADD COLUMN time_zone TEXT;
ALTER TABLE org ADD COLUMN operator_type TEXT;
