-- PostgreSQL dialect of src/store/migrations/021_agreement_post.sql (scripts/pg-migration.py)
-- zeren schema 21: an agreement names the post and department it is for (a 关键岗位安全协议's
-- 岗位 and 部门, 001 附件); NULL when it names none, as every agreement written before.
ALTER TABLE agreement ADD COLUMN post TEXT;
ALTER TABLE agreement ADD COLUMN department TEXT;
