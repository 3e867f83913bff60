-- Notices when work is assigned: an outbox of messages to the staff a
-- warning was dispatched, reassigned or escalated to, written in the same
-- transaction as the change, and delivered (retried until it is) by
-- notice.Deliver. event_id makes a notice once per event: a dispatch run
-- that repeats adds nothing. The message's facts are copied at the event,
-- so that what is sent does not depend on later changes. Days are
-- YYYYMMDD, times unix nanoseconds, 0 when none.
CREATE TABLE notices (
	id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	event_id       TEXT COLLATE "C" NOT NULL UNIQUE,
	kind           TEXT COLLATE "C" NOT NULL,
	warning_id     BIGINT NOT NULL,
	recipient      TEXT COLLATE "C" NOT NULL, -- staff id
	recipient_name TEXT COLLATE "C" NOT NULL,
	office_code    TEXT COLLATE "C" NOT NULL, -- the recipient's office ('' for city staff): routes the notice
	office_name    TEXT COLLATE "C" NOT NULL,
	city           TEXT COLLATE "C" NOT NULL,
	customer_code  TEXT COLLATE "C" NOT NULL,
	sender_phone   TEXT COLLATE "C" NOT NULL,
	customer_name  TEXT COLLATE "C" NOT NULL,
	warning_kind   TEXT COLLATE "C" NOT NULL,
	reason         TEXT COLLATE "C" NOT NULL,
	month          INTEGER NOT NULL,
	due_on         INTEGER NOT NULL,
	escalation     INTEGER NOT NULL,
	created_at     BIGINT NOT NULL,
	attempts       INTEGER NOT NULL,
	next_at        BIGINT NOT NULL, -- the next attempt; a claim moves it past its lease
	sent_at        BIGINT NOT NULL,
	last_error     TEXT COLLATE "C" NOT NULL
);
-- The delivery pass reads the undelivered ones that are due.
CREATE INDEX notices_due ON notices (sent_at, next_at, id);
CREATE INDEX notices_warning ON notices (warning_id, kind);

-- Where an office's or a city's notices go: a 企业微信 group robot's
-- webhook. An office's own webhook wins over its city's; with neither,
-- the notices are only logged.
CREATE TABLE notice_webhooks (
	office_code TEXT COLLATE "C" NOT NULL, -- '' for a city's
	city        TEXT COLLATE "C" NOT NULL, -- '' for an office's
	url         TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (office_code, city)
);
