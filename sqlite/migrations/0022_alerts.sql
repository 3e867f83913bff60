-- Early alerts. An alert is an episode of one customer: raised on a day,
-- cleared (with why) on the day the customer shipped again or was back
-- within its rhythm, 0 while open. warning_id is the follow-up case: the
-- warning of its kind the alert raised in its month, or the month's
-- warning it attached to. Days are YYYYMMDD.
CREATE TABLE alerts (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	kind           TEXT NOT NULL,
	customer_code  TEXT NOT NULL,
	office_code    TEXT NOT NULL,
	owner_staff_id TEXT NOT NULL,
	raised_on      INTEGER NOT NULL,
	last_shipped   INTEGER NOT NULL,
	silent_days    INTEGER NOT NULL,
	expected_items REAL NOT NULL,
	actual_items   INTEGER NOT NULL,
	p              REAL NOT NULL,
	score          REAL NOT NULL,
	reason         TEXT NOT NULL,
	cleared_on     INTEGER NOT NULL,
	cleared_why    TEXT NOT NULL,
	warning_id     INTEGER NOT NULL,
	UNIQUE (customer_code, raised_on)
);
CREATE INDEX alerts_open ON alerts (cleared_on, customer_code);
CREATE INDEX alerts_warning ON alerts (warning_id);

-- The days the alerts were run for: a run for a day before the last one
-- recomputes without storing (the episodes after it are already known).
CREATE TABLE alert_runs (
	day    INTEGER NOT NULL PRIMARY KEY,
	raised INTEGER NOT NULL,
	cleared INTEGER NOT NULL
);

CREATE TABLE alert_settings (
	id             INTEGER PRIMARY KEY CHECK (id = 1), -- one row
	silent_level   REAL NOT NULL,
	slowdown_level REAL NOT NULL,
	recent_days    INTEGER NOT NULL,
	min_drop       REAL NOT NULL
);
INSERT INTO alert_settings VALUES (1, 0.001, 0.001, 14, 0.5);

-- The contract customers' daily histories before a month, as the alerts
-- read them for each day of it: written by the month's first run, read
-- by the others instead of two years of rollups, and read afresh when
-- the rollups before the month no longer match digest (an import of
-- old items, a correction).
CREATE TABLE alert_history_cache (
	month           INTEGER NOT NULL PRIMARY KEY,
	digest          TEXT NOT NULL,
	body            BLOB NOT NULL
);
