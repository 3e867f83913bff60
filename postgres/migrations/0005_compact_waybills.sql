-- Waybills compactly, as on SQLite (see its 0005): the key, the columns
-- the customer page's index needs, and the other fields as one JSON array
-- (see sqlstore/waybillfields.go). TEXT rather than jsonb: the store reads
-- and writes it as text; json operators still apply after a ::json cast.
CREATE TABLE waybills_compact (
	waybill_no    TEXT COLLATE "C" NOT NULL PRIMARY KEY,
	customer_code TEXT COLLATE "C" NOT NULL, -- '' for walk-ins
	accepted_at   BIGINT NOT NULL, -- unix seconds
	day           INTEGER NOT NULL, -- YYYYMMDD in China time, as in customer_daily
	fields        TEXT NOT NULL -- JSON array: office_code, courier_staff_id, sender_phone, product, weight_g, postage_fen, payment, channel, dest_province
);

INSERT INTO waybills_compact (waybill_no, customer_code, accepted_at, day, fields)
SELECT waybill_no, customer_code, accepted_at,
	to_char(to_timestamp(accepted_at + 8 * 3600) AT TIME ZONE 'UTC', 'YYYYMMDD')::integer,
	json_build_array(office_code, courier_staff_id, sender_phone, product, weight_g, postage_fen, payment, channel, dest_province)::text
FROM waybills;

DROP TABLE waybills;
ALTER TABLE waybills_compact RENAME TO waybills;
ALTER INDEX waybills_compact_pkey RENAME TO waybills_pkey;

-- A contract customer's latest waybills, newest first: its days from
-- customer_daily, each day's waybills from this index (day first, so that
-- an import inserts into the current day's part of it only).
CREATE INDEX waybills_day_customer ON waybills (day, customer_code, accepted_at) WHERE customer_code <> '';
