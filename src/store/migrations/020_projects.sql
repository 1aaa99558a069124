-- zeren schema 20: IT projects and their security budget (issue 19 item 6; 004 七, 003 第四条(一)),
-- and the reviews of emergency plans.
-- One row per project of a unit: its total and security budget in yuan, the days it was approved,
-- started, put into use or cancelled, and the 三同步 of its security (同步规划, 同步建设,
-- 同步实施: 1 recorded, 0 not). The policy's project rule judges the budget share and the 三同步.
CREATE TABLE project (
	id TEXT PRIMARY KEY,
	org TEXT NOT NULL REFERENCES org(id),
	name TEXT NOT NULL,
	department TEXT REFERENCES department(id),
	budget INTEGER,
	security_budget INTEGER,
	approved_on TEXT,
	started_on TEXT,
	in_use_on TEXT,
	cancelled_on TEXT,
	security_planned INTEGER NOT NULL DEFAULT 0,
	security_built INTEGER NOT NULL DEFAULT 0,
	security_implemented INTEGER NOT NULL DEFAULT 0,
	notes TEXT
);
CREATE INDEX project_org ON project(org);
-- The project that built a system, where one is recorded (optional, one per system).
CREATE TABLE system_project (
	system TEXT PRIMARY KEY REFERENCES system(id),
	project TEXT NOT NULL REFERENCES project(id)
);
-- Every review of an emergency plan (应急预案评审): the day, who reviewed it and the outcome; the
-- plan's reviewed_on is the latest of them.
CREATE TABLE plan_review (
	plan TEXT NOT NULL REFERENCES emergency_plan(id),
	reviewed_on TEXT NOT NULL,
	reviewer TEXT REFERENCES person(id),
	outcome TEXT,
	PRIMARY KEY (plan, reviewed_on)
);
