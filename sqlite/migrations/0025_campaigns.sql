-- Campaigns (营销活动, e.g. 寄件返礼), the gifts they handed out and the
-- months' targets of new e-channel members. A campaign's places are
-- offices or whole cities (office_code or city set, the other ''), so
-- that a city's office opened later runs its campaign too. A waybill
-- gets a campaign's gift once. Days are YYYYMMDD, times unix
-- nanoseconds, money in fen; channels and products are comma lists.
CREATE TABLE campaigns (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	name          TEXT NOT NULL,
	from_day      INTEGER NOT NULL,
	to_day        INTEGER NOT NULL,
	channels      TEXT NOT NULL,
	products      TEXT NOT NULL,
	rule          TEXT NOT NULL,
	every_n       INTEGER NOT NULL,
	per_phone     INTEGER NOT NULL,
	gift          TEXT NOT NULL,
	gift_cost_fen INTEGER NOT NULL,
	budget_fen    INTEGER NOT NULL,
	created_by    TEXT NOT NULL,
	created_at    INTEGER NOT NULL
);

CREATE TABLE campaign_places (
	campaign_id INTEGER NOT NULL,
	office_code TEXT NOT NULL,
	city        TEXT NOT NULL,
	PRIMARY KEY (campaign_id, office_code, city)
) WITHOUT ROWID;

CREATE TABLE campaign_gifts (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	campaign_id INTEGER NOT NULL,
	waybill_no  TEXT NOT NULL,
	phone       TEXT NOT NULL,
	office_code TEXT NOT NULL,
	day         INTEGER NOT NULL,
	cost_fen    INTEGER NOT NULL,
	source      TEXT NOT NULL,
	recorded_by TEXT NOT NULL,
	recorded_at INTEGER NOT NULL,
	UNIQUE (campaign_id, waybill_no)
);
CREATE INDEX campaign_gifts_phone ON campaign_gifts (campaign_id, phone);

-- The member counts read members by registration day.
CREATE INDEX members_registered ON members (registered_on, office_code);

CREATE TABLE member_targets (
	month       INTEGER NOT NULL,
	office_code TEXT NOT NULL,
	staff_id    TEXT NOT NULL, -- '' for the office's own target
	target      INTEGER NOT NULL,
	PRIMARY KEY (month, office_code, staff_id)
) WITHOUT ROWID;
