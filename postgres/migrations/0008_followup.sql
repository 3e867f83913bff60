-- The follow-up loop. A dispatch is keyed by its warning's id
-- but has no foreign key to it: it copies the warning's key and office,
-- so that a re-run of the analysis that no longer raises the warning
-- leaves the follow-up history in place (marked withdrawn) instead of
-- deleting it or failing the re-run. Days are YYYYMMDD, 0 when none;
-- times are unix nanoseconds.

CREATE TABLE followup_settings (
	id                   INTEGER PRIMARY KEY CHECK (id = 1), -- one row
	holdout_share        DOUBLE PRECISION NOT NULL,
	due_days             INTEGER NOT NULL,
	escalate_office_days INTEGER NOT NULL,
	escalate_city_days   INTEGER NOT NULL
);
-- No row until the province saves its settings: the store reports
-- postcrm.DefaultFollowupSettings until then (stores created before held
-- a row of the same values, seeded here).

CREATE TABLE dispatches (
	warning_id    BIGINT NOT NULL PRIMARY KEY,
	month         INTEGER NOT NULL, -- YYYYMM
	kind          TEXT COLLATE "C" NOT NULL,
	customer_code TEXT COLLATE "C" NOT NULL,
	sender_phone  TEXT COLLATE "C" NOT NULL,
	office_code   TEXT COLLATE "C" NOT NULL,
	held_out      BOOLEAN NOT NULL,
	assigned_to   TEXT COLLATE "C" NOT NULL, -- staff id; '' when held out or nobody could take it
	dispatched_on INTEGER NOT NULL,
	due_on        INTEGER NOT NULL,
	status        TEXT COLLATE "C" NOT NULL,
	outcome       TEXT COLLATE "C" NOT NULL,
	closed_on     INTEGER NOT NULL,
	contacts      INTEGER NOT NULL,
	escalation    INTEGER NOT NULL,
	withdrawn     BOOLEAN NOT NULL
);
CREATE INDEX dispatches_month ON dispatches (month, customer_code, sender_phone);
CREATE INDEX dispatches_assignee ON dispatches (assigned_to, status);
CREATE INDEX dispatches_office ON dispatches (office_code, status);

CREATE TABLE contacts (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	warning_id  BIGINT NOT NULL,
	on_day      INTEGER NOT NULL,
	method      TEXT COLLATE "C" NOT NULL,
	outcome     TEXT COLLATE "C" NOT NULL,
	reason      TEXT COLLATE "C" NOT NULL,
	competitor  TEXT COLLATE "C" NOT NULL,
	note        TEXT COLLATE "C" NOT NULL,
	staff_id    TEXT COLLATE "C" NOT NULL,
	recorded_at BIGINT NOT NULL
);
CREATE INDEX contacts_warning ON contacts (warning_id, id);

-- The reasons customers give; the province adds its own.
CREATE TABLE contact_reasons (
	code     TEXT COLLATE "C" NOT NULL PRIMARY KEY,
	name_zh  TEXT COLLATE "C" NOT NULL,
	name_en  TEXT COLLATE "C" NOT NULL,
	position INTEGER NOT NULL
);
INSERT INTO contact_reasons VALUES
	('price', '资费', 'Price', 1),
	('service', '时效/服务', 'Speed or service', 2),
	('loss', '丢损理赔', 'Lost parcels / claims', 3),
	('competitor', '转投同行', 'Moved to a competitor', 4),
	('shrank', '业务萎缩/停业', 'Business shrank or closed', 5),
	('seasonal', '季节性', 'Seasonal', 6),
	('moved', '搬迁', 'Moved away', 7),
	('other', '其他', 'Other', 99);

-- The "act" of each month's PDCA cycle.
CREATE TABLE act_notes (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	month      INTEGER NOT NULL,
	author     TEXT COLLATE "C" NOT NULL,
	at         BIGINT NOT NULL,
	note       TEXT COLLATE "C" NOT NULL,
	thresholds TEXT COLLATE "C" NOT NULL
);
CREATE INDEX act_notes_month ON act_notes (month, id);
