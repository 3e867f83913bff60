-- Acceptance-policy adjustments (收寄政策调整): in a scope (全省, a city,
-- an office), for some days, the offices refuse everything (suspend),
-- items for some destination provinces, or some products. The offices'
-- suspensions are adjustments of kind suspend scoped to an office and
-- move here, keyed 暂停-<office>-<first day>.

CREATE TABLE adjustments (
	id        TEXT NOT NULL PRIMARY KEY,
	scope     TEXT NOT NULL, -- 全省, a city name, or an office code
	kind      TEXT NOT NULL, -- suspend / destination / product
	provinces TEXT NOT NULL DEFAULT '', -- 、-separated
	products  TEXT NOT NULL DEFAULT '', -- 、-separated
	from_day  INTEGER NOT NULL, -- YYYYMMDD, inclusive
	to_day    INTEGER NOT NULL, -- YYYYMMDD, inclusive; 0 while in force
	reason    TEXT NOT NULL DEFAULT '',
	status    TEXT NOT NULL DEFAULT 'approved',
	notice_at INTEGER NOT NULL DEFAULT 0 -- unix seconds of the city's notice, 0 unknown
) WITHOUT ROWID;

INSERT INTO adjustments (id, scope, kind, from_day, to_day, reason)
SELECT '暂停-' || office_code || '-' || from_day, office_code, 'suspend', from_day, to_day, reason FROM suspensions;

DROP TABLE suspensions;

-- Each step of an adjustment's workflow, who took it and when.
CREATE TABLE adjustment_steps (
	adjustment_id TEXT NOT NULL,
	seq           INTEGER NOT NULL,
	step          TEXT NOT NULL, -- drafted / submitted / approved / refused / lifted
	actor         TEXT NOT NULL,
	actor_name    TEXT NOT NULL DEFAULT '',
	at            INTEGER NOT NULL, -- unix seconds
	note          TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (adjustment_id, seq)
) WITHOUT ROWID;

-- A contract customer's items by month and destination province (dim
-- 'd') or product (dim 'p'): the shares an adjustment takes out of its
-- expectation. Kept by the import with the other rollups.
CREATE TABLE customer_mix (
	customer_code TEXT NOT NULL,
	month         INTEGER NOT NULL, -- YYYYMM
	dim           TEXT NOT NULL, -- 'd' destination province, 'p' product
	value         TEXT NOT NULL,
	items         INTEGER NOT NULL,
	postage_fen   INTEGER NOT NULL,
	PRIMARY KEY (customer_code, month, dim, value)
) WITHOUT ROWID;

INSERT INTO customer_mix (customer_code, month, dim, value, items, postage_fen)
SELECT customer_code, day / 100, 'd', json_extract(fields, '$[8]'), COUNT(*), SUM(json_extract(fields, '$[5]'))
FROM waybills WHERE customer_code <> '' AND json_extract(fields, '$[8]') <> ''
GROUP BY customer_code, day / 100, json_extract(fields, '$[8]');

INSERT INTO customer_mix (customer_code, month, dim, value, items, postage_fen)
SELECT customer_code, day / 100, 'p', json_extract(fields, '$[3]'), COUNT(*), SUM(json_extract(fields, '$[5]'))
FROM waybills WHERE customer_code <> '' AND json_extract(fields, '$[3]') <> ''
GROUP BY customer_code, day / 100, json_extract(fields, '$[3]');
