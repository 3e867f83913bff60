-- The monthly analysis. A warning's id outlives re-runs of its month
-- (the key is month, customer code, sender phone), so that follow-up can
-- hang on it.

CREATE TABLE warnings (
	id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	month               INTEGER NOT NULL, -- YYYYMM
	kind                TEXT COLLATE "C" NOT NULL,
	customer_code       TEXT COLLATE "C" NOT NULL, -- '' for walk-ins
	sender_phone        TEXT COLLATE "C" NOT NULL, -- '' for contract customers
	office_code         TEXT COLLATE "C" NOT NULL,
	owner_staff_id      TEXT COLLATE "C" NOT NULL,
	expected_items      DOUBLE PRECISION NOT NULL,
	actual_items        BIGINT NOT NULL,
	expected_fen        BIGINT NOT NULL,
	actual_fen          BIGINT NOT NULL,
	revenue_at_risk_fen BIGINT NOT NULL,
	score               DOUBLE PRECISION NOT NULL,
	reason              TEXT COLLATE "C" NOT NULL,
	UNIQUE (month, customer_code, sender_phone)
);

CREATE TABLE walkin_scores (
	month              INTEGER NOT NULL, -- YYYYMM
	phone              TEXT COLLATE "C" NOT NULL,
	office_code        TEXT COLLATE "C" NOT NULL,
	frequency          INTEGER NOT NULL, -- repeat purchase days
	recency_days       INTEGER NOT NULL,
	t_days             INTEGER NOT NULL,
	p_alive            DOUBLE PRECISION NOT NULL,
	expected_items_90d DOUBLE PRECISION NOT NULL,
	avg_postage_fen    BIGINT NOT NULL,
	clv_12m_fen        BIGINT NOT NULL,
	PRIMARY KEY (month, phone)
);
