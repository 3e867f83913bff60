-- Notices when work is assigned: an outbox of messages to the staff a
-- warning was dispatched, reassigned or escalated to, written in the same
-- transaction as the change, and delivered (retried until it is) by
-- notice.Deliver. event_id makes a notice once per event: a dispatch run
-- that repeats adds nothing. The message's facts are copied at the event,
-- so that what is sent does not depend on later changes. Days are
-- YYYYMMDD, times unix nanoseconds, 0 when none.
CREATE TABLE notices (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	event_id       TEXT NOT NULL UNIQUE,
	kind           TEXT NOT NULL,
	warning_id     INTEGER NOT NULL,
	recipient      TEXT NOT NULL, -- staff id
	recipient_name TEXT NOT NULL,
	office_code    TEXT NOT NULL, -- the recipient's office ('' for city staff): routes the notice
	office_name    TEXT NOT NULL,
	city           TEXT NOT NULL,
	customer_code  TEXT NOT NULL,
	sender_phone   TEXT NOT NULL,
	customer_name  TEXT NOT NULL,
	warning_kind   TEXT NOT NULL,
	reason         TEXT NOT NULL,
	month          INTEGER NOT NULL,
	due_on         INTEGER NOT NULL,
	escalation     INTEGER NOT NULL,
	created_at     INTEGER NOT NULL,
	attempts       INTEGER NOT NULL,
	next_at        INTEGER NOT NULL, -- the next attempt; a claim moves it past its lease
	sent_at        INTEGER NOT NULL,
	last_error     TEXT NOT NULL
);
-- The delivery pass reads the undelivered ones that are due.
CREATE INDEX notices_due ON notices (sent_at, next_at, id);
CREATE INDEX notices_warning ON notices (warning_id, kind);

-- Where an office's or a city's notices go: a 企业微信 group robot's
-- webhook. An office's own webhook wins over its city's; with neither,
-- the notices are only logged.
CREATE TABLE notice_webhooks (
	office_code TEXT NOT NULL, -- '' for a city's
	city        TEXT NOT NULL, -- '' for an office's
	url         TEXT NOT NULL,
	PRIMARY KEY (office_code, city)
);
