-- Early alerts. An alert is an episode of one customer: raised on a day,
-- cleared (with why) on the day the customer shipped again or was back
-- within its rhythm, 0 while open. warning_id is the follow-up case: the
-- warning of its kind the alert raised in its month, or the month's
-- warning it attached to. Days are YYYYMMDD.
CREATE TABLE alerts (
	id             BIGSERIAL PRIMARY KEY,
	kind           TEXT NOT NULL,
	customer_code  TEXT NOT NULL,
	office_code    TEXT NOT NULL,
	owner_staff_id TEXT NOT NULL,
	raised_on      BIGINT NOT NULL,
	last_shipped   BIGINT NOT NULL,
	silent_days    BIGINT NOT NULL,
	expected_items DOUBLE PRECISION NOT NULL,
	actual_items   BIGINT NOT NULL,
	p              DOUBLE PRECISION NOT NULL,
	score          DOUBLE PRECISION NOT NULL,
	reason         TEXT NOT NULL,
	cleared_on     BIGINT NOT NULL,
	cleared_why    TEXT NOT NULL,
	warning_id     BIGINT NOT NULL,
	UNIQUE (customer_code, raised_on)
);
CREATE INDEX alerts_open ON alerts (cleared_on, customer_code);
CREATE INDEX alerts_warning ON alerts (warning_id);

-- The days the alerts were run for: a run for a day before the last one
-- recomputes without storing (the episodes after it are already known).
CREATE TABLE alert_runs (
	day    BIGINT NOT NULL PRIMARY KEY,
	raised BIGINT NOT NULL,
	cleared BIGINT NOT NULL
);

CREATE TABLE alert_settings (
	id             INTEGER PRIMARY KEY CHECK (id = 1), -- one row
	silent_level   DOUBLE PRECISION NOT NULL,
	slowdown_level DOUBLE PRECISION NOT NULL,
	recent_days    BIGINT NOT NULL,
	min_drop       DOUBLE PRECISION NOT NULL
);
INSERT INTO alert_settings VALUES (1, 0.001, 0.001, 14, 0.5);

-- The contract customers' daily histories before a month, as the alerts
-- read them for each day of it: written by the month's first run, read
-- by the others instead of two years of rollups, and read afresh when
-- the rollups before the month no longer match digest (an import of
-- old items, a correction).
CREATE TABLE alert_history_cache (
	month           BIGINT NOT NULL PRIMARY KEY,
	digest          TEXT NOT NULL,
	body            BYTEA NOT NULL
);
