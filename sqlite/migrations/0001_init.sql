-- Natural keys are the primary keys. Tables are WITHOUT ROWID, a single
-- B-tree on the key, except the waybills (see there).

CREATE TABLE offices (
	code TEXT NOT NULL PRIMARY KEY,
	name TEXT NOT NULL,
	city TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE staff (
	id          TEXT NOT NULL PRIMARY KEY,
	name        TEXT NOT NULL,
	role        TEXT NOT NULL,
	office_code TEXT NOT NULL,
	city        TEXT NOT NULL,
	phone       TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE customers (
	code           TEXT NOT NULL PRIMARY KEY,
	name           TEXT NOT NULL,
	office_code    TEXT NOT NULL,
	owner_staff_id TEXT NOT NULL,
	contract_date  INTEGER NOT NULL, -- YYYYMMDD, 0 when unknown
	industry       TEXT NOT NULL,
	contact_name   TEXT NOT NULL,
	contact_phone  TEXT NOT NULL,
	status         TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE members (
	phone         TEXT NOT NULL PRIMARY KEY,
	registered_on INTEGER NOT NULL,
	office_code   TEXT NOT NULL,
	staff_id      TEXT NOT NULL
) WITHOUT ROWID;

-- Lean on purpose: the biggest table by far, written at import speed.
-- A rowid table: rows append at the end of the table's B-tree and only
-- the small key index takes inserts all over (numbers come in blocks per
-- office); measured faster than WITHOUT ROWID, whose big leaf records
-- split pages at every block.
CREATE TABLE waybills (
	waybill_no       TEXT NOT NULL PRIMARY KEY,
	accepted_at      INTEGER NOT NULL, -- unix seconds
	office_code      TEXT NOT NULL,
	courier_staff_id TEXT NOT NULL,
	customer_code    TEXT NOT NULL, -- '' for walk-ins
	sender_phone     TEXT NOT NULL,
	product          TEXT NOT NULL,
	weight_g         INTEGER NOT NULL,
	postage_fen      INTEGER NOT NULL,
	payment          TEXT NOT NULL,
	channel          TEXT NOT NULL,
	dest_province    TEXT NOT NULL
);

CREATE TABLE customer_daily (
	customer_code TEXT NOT NULL,
	day           INTEGER NOT NULL,
	items         INTEGER NOT NULL,
	postage_fen   INTEGER NOT NULL,
	PRIMARY KEY (customer_code, day)
) WITHOUT ROWID;

CREATE TABLE walkin_daily (
	phone       TEXT NOT NULL,
	day         INTEGER NOT NULL,
	office_code TEXT NOT NULL,
	items       INTEGER NOT NULL,
	postage_fen INTEGER NOT NULL,
	PRIMARY KEY (phone, day, office_code)
) WITHOUT ROWID;

CREATE TABLE courier_daily (
	day              INTEGER NOT NULL,
	office_code      TEXT NOT NULL,
	courier_staff_id TEXT NOT NULL,
	contract         INTEGER NOT NULL, -- 1 contract customer, 0 walk-in
	payment          TEXT NOT NULL,
	channel          TEXT NOT NULL,
	items            INTEGER NOT NULL,
	postage_fen      INTEGER NOT NULL,
	PRIMARY KEY (day, office_code, courier_staff_id, contract, payment, channel)
) WITHOUT ROWID;

CREATE TABLE findings (
	source      TEXT NOT NULL,
	line        INTEGER NOT NULL,
	field       TEXT NOT NULL,
	reason      TEXT NOT NULL,
	kind        TEXT NOT NULL,
	message     TEXT NOT NULL,
	value       TEXT NOT NULL,
	office_code TEXT NOT NULL,
	rejected    INTEGER NOT NULL,
	PRIMARY KEY (source, line, field, reason, kind)
) WITHOUT ROWID;

CREATE TABLE import_runs (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL,
	source      TEXT NOT NULL,
	started_at  INTEGER NOT NULL, -- unix nanoseconds, 0 when unknown
	finished_at INTEGER NOT NULL,
	read_rows   INTEGER NOT NULL,
	rejected    INTEGER NOT NULL,
	inserted    INTEGER NOT NULL,
	updated     INTEGER NOT NULL,
	unchanged   INTEGER NOT NULL
);
