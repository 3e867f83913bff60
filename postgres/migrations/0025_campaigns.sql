-- Campaigns (营销活动, e.g. 寄件返礼), the gifts they handed out and the
-- months' targets of new e-channel members. A campaign's places are
-- offices or whole cities (office_code or city set, the other ''), so
-- that a city's office opened later runs its campaign too. A waybill
-- gets a campaign's gift once. Days are YYYYMMDD, times unix
-- nanoseconds, money in fen; channels and products are comma lists.
CREATE TABLE campaigns (
	id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name          TEXT COLLATE "C" NOT NULL,
	from_day      INTEGER NOT NULL,
	to_day        INTEGER NOT NULL,
	channels      TEXT COLLATE "C" NOT NULL,
	products      TEXT COLLATE "C" NOT NULL,
	rule          TEXT COLLATE "C" NOT NULL,
	every_n       INTEGER NOT NULL,
	per_phone     INTEGER NOT NULL,
	gift          TEXT COLLATE "C" NOT NULL,
	gift_cost_fen BIGINT NOT NULL,
	budget_fen    BIGINT NOT NULL,
	created_by    TEXT COLLATE "C" NOT NULL,
	created_at    BIGINT NOT NULL
);

CREATE TABLE campaign_places (
	campaign_id BIGINT NOT NULL,
	office_code TEXT COLLATE "C" NOT NULL,
	city        TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (campaign_id, office_code, city)
);

CREATE TABLE campaign_gifts (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	campaign_id BIGINT NOT NULL,
	waybill_no  TEXT COLLATE "C" NOT NULL,
	phone       TEXT COLLATE "C" NOT NULL,
	office_code TEXT COLLATE "C" NOT NULL,
	day         INTEGER NOT NULL,
	cost_fen    BIGINT NOT NULL,
	source      TEXT COLLATE "C" NOT NULL,
	recorded_by TEXT COLLATE "C" NOT NULL,
	recorded_at BIGINT NOT NULL,
	UNIQUE (campaign_id, waybill_no)
);
CREATE INDEX campaign_gifts_phone ON campaign_gifts (campaign_id, phone);

-- The member counts read members by registration day.
CREATE INDEX members_registered ON members (registered_on, office_code);

CREATE TABLE member_targets (
	month       INTEGER NOT NULL,
	office_code TEXT COLLATE "C" NOT NULL,
	staff_id    TEXT COLLATE "C" NOT NULL, -- '' for the office's own target
	target      INTEGER NOT NULL,
	PRIMARY KEY (month, office_code, staff_id)
);
