-- zeren schema 18: supervision (issue 15). A notice sent down by a supervising unit through
-- zeren names that unit (issuer_org, NULL for a notice recorded by hand), and the unit's
-- feedback to the issuer (落实情况反馈, 004 五) is kept beside the day it was given.
ALTER TABLE notice ADD COLUMN issuer_org TEXT;
ALTER TABLE notice ADD COLUMN feedback TEXT;
