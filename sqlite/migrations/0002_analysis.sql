-- The monthly analysis. A warning's id outlives re-runs of its month
-- (the key is month, customer code, sender phone), so that follow-up can
-- hang on it. AUTOINCREMENT: a deleted warning's id must not come back
-- on another customer (as the rowid of the last row would).

CREATE TABLE warnings (
	id                  INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused
	month               INTEGER NOT NULL, -- YYYYMM
	kind                TEXT NOT NULL,
	customer_code       TEXT NOT NULL, -- '' for walk-ins
	sender_phone        TEXT NOT NULL, -- '' for contract customers
	office_code         TEXT NOT NULL,
	owner_staff_id      TEXT NOT NULL,
	expected_items      REAL NOT NULL,
	actual_items        INTEGER NOT NULL,
	expected_fen        INTEGER NOT NULL,
	actual_fen          INTEGER NOT NULL,
	revenue_at_risk_fen INTEGER NOT NULL,
	score               REAL NOT NULL,
	reason              TEXT NOT NULL,
	UNIQUE (month, customer_code, sender_phone)
);

CREATE TABLE walkin_scores (
	month              INTEGER NOT NULL, -- YYYYMM
	phone              TEXT NOT NULL,
	office_code        TEXT NOT NULL,
	frequency          INTEGER NOT NULL, -- repeat purchase days
	recency_days       INTEGER NOT NULL,
	t_days             INTEGER NOT NULL,
	p_alive            REAL NOT NULL,
	expected_items_90d REAL NOT NULL,
	avg_postage_fen    INTEGER NOT NULL,
	clv_12m_fen        INTEGER NOT NULL,
	PRIMARY KEY (month, phone)
) WITHOUT ROWID;
