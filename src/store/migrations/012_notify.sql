-- zeren schema 12: reminders and notifications (core/notify.h).
--
-- Every message to every person on every channel is one row of notify_delivery, the job the
-- scheduler claims: its key (rule, object, occurrence, person, channel) is unique, so a reminder
-- planned twice (two servers, a restart, a second run of the same day) is queued once. A
-- delivery is claimed by turning it from queued to sending with a lease in one UPDATE; a lease
-- that runs out (the server died while sending) makes it claimable again, so nothing queued is
-- lost on restart. In-platform messages (channel 'inbox') are sent when queued; read_at marks
-- them read.
CREATE TABLE notify_delivery (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL UNIQUE,
	org TEXT NOT NULL,
	rule TEXT NOT NULL,        -- duty.due, duty.overdue, notice.received, … (core/notify.c)
	object TEXT NOT NULL,      -- what it is about: an obligation/period, a notice, an incident …
	person TEXT NOT NULL,      -- the recipient
	channel TEXT NOT NULL CHECK (channel IN ('inbox', 'mail', 'dingtalk', 'wecom', 'feishu')),
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_at INTEGER NOT NULL,  -- Unix seconds: not to be tried before (back-off, quiet hours)
	claimed_by TEXT,           -- the worker that holds the lease
	lease_until INTEGER NOT NULL DEFAULT 0,
	answer TEXT,               -- the provider's last answer, or why it failed
	created_at INTEGER NOT NULL,
	sent_at INTEGER,
	read_at INTEGER
);
CREATE INDEX notify_delivery_due ON notify_delivery(state, next_at);
CREATE INDEX notify_delivery_person ON notify_delivery(person, channel, id);
CREATE INDEX notify_delivery_org ON notify_delivery(org, id);
-- A unit's channels (mail server, robots): settings as JSON without secrets; the secrets
-- (SMTP password, robot signing secret, webhook URL with its access token) sealed with the key
-- kept in the data directory (keys/notify.key), never in the database.
CREATE TABLE notify_channel (
	org TEXT NOT NULL REFERENCES org(id),
	channel TEXT NOT NULL CHECK (channel IN ('mail', 'dingtalk', 'wecom', 'feishu')),
	enabled INTEGER NOT NULL DEFAULT 1,
	settings TEXT NOT NULL,
	secret BLOB,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (org, channel)
);
-- A person's preferences: the mail address, the channels they do not want, quiet hours (minutes
-- after local midnight; from = to: none).
CREATE TABLE notify_pref (
	person TEXT PRIMARY KEY,
	email TEXT,
	muted TEXT NOT NULL DEFAULT '',
	quiet_from INTEGER NOT NULL DEFAULT 0,
	quiet_to INTEGER NOT NULL DEFAULT 0
);
-- The planning of a unit's reminders for a day, claimed per (unit, day) so that of several
-- servers one plans; planned again when the unit's facts changed since (generation), and by
-- another server when a lease runs out before it is done.
CREATE TABLE notify_plan (
	org TEXT NOT NULL,
	day TEXT NOT NULL,
	generation INTEGER NOT NULL,
	lease_until INTEGER NOT NULL,
	done_at INTEGER,
	PRIMARY KEY (org, day)
);
