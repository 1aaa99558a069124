-- PostgreSQL dialect of src/store/migrations/008_time_zone_and_reporting.sql (scripts/pg-migration.py)
-- zeren schema 8: regulatory fidelity (issue 11). A unit's time zone (NULL: Asia/Shanghai) and
-- its operator type under the 2025 incident-reporting rules (NULL: derived from its systems).
ALTER TABLE org ADD COLUMN time_zone TEXT;
ALTER TABLE org ADD COLUMN operator_type TEXT;
-- Incidents: the GB/T 20986-2023 category, what 004 八(二) asks (attacked, handled in time), the
-- grading inputs of the 办法's 分级指南, and the follow-up reports (续报) as a JSON array of times.
ALTER TABLE incident ADD COLUMN classification TEXT;
ALTER TABLE incident ADD COLUMN attacked BIGINT;
ALTER TABLE incident ADD COLUMN handled_in_time BIGINT;
ALTER TABLE incident ADD COLUMN function_outage_hours DOUBLE PRECISION;
ALTER TABLE incident ADD COLUMN economic_loss_yuan DOUBLE PRECISION;
ALTER TABLE incident ADD COLUMN people_affected BIGINT;
ALTER TABLE incident ADD COLUMN follow_up_reports TEXT;
-- Notices: their own rectification deadline (整改期限) and the moment of receipt.
ALTER TABLE notice ADD COLUMN rectify_by TEXT;
ALTER TABLE notice ADD COLUMN received_at TEXT;
