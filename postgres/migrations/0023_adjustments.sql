-- Acceptance-policy adjustments (收寄政策调整): in a scope (全省, a city,
-- an office), for some days, the offices refuse everything (suspend),
-- items for some destination provinces, or some products. The offices'
-- suspensions are adjustments of kind suspend scoped to an office and
-- move here, keyed 暂停-<office>-<first day>.

CREATE TABLE adjustments (
	id        TEXT COLLATE "C" NOT NULL PRIMARY KEY,
	scope     TEXT COLLATE "C" NOT NULL, -- 全省, a city name, or an office code
	kind      TEXT COLLATE "C" NOT NULL, -- suspend / destination / product
	provinces TEXT COLLATE "C" NOT NULL DEFAULT '', -- 、-separated
	products  TEXT COLLATE "C" NOT NULL DEFAULT '', -- 、-separated
	from_day  INTEGER NOT NULL, -- YYYYMMDD, inclusive
	to_day    INTEGER NOT NULL, -- YYYYMMDD, inclusive; 0 while in force
	reason    TEXT COLLATE "C" NOT NULL DEFAULT '',
	status    TEXT COLLATE "C" NOT NULL DEFAULT 'approved',
	notice_at BIGINT NOT NULL DEFAULT 0 -- unix seconds of the city's notice, 0 unknown
);

INSERT INTO adjustments (id, scope, kind, from_day, to_day, reason)
SELECT '暂停-' || office_code || '-' || from_day, office_code, 'suspend', from_day, to_day, reason FROM suspensions;

DROP TABLE suspensions;

-- Each step of an adjustment's workflow, who took it and when.
CREATE TABLE adjustment_steps (
	adjustment_id TEXT COLLATE "C" NOT NULL,
	seq           INTEGER NOT NULL,
	step          TEXT COLLATE "C" NOT NULL, -- drafted / submitted / approved / refused / lifted
	actor         TEXT COLLATE "C" NOT NULL,
	actor_name    TEXT COLLATE "C" NOT NULL DEFAULT '',
	at            BIGINT NOT NULL, -- unix seconds
	note          TEXT COLLATE "C" NOT NULL DEFAULT '',
	PRIMARY KEY (adjustment_id, seq)
);

-- A contract customer's items by month and destination province (dim
-- 'd') or product (dim 'p'): the shares an adjustment takes out of its
-- expectation. Kept by the import with the other rollups.
CREATE TABLE customer_mix (
	customer_code TEXT COLLATE "C" NOT NULL,
	month         INTEGER NOT NULL, -- YYYYMM
	dim           TEXT COLLATE "C" NOT NULL, -- 'd' destination province, 'p' product
	value         TEXT COLLATE "C" NOT NULL,
	items         BIGINT NOT NULL,
	postage_fen   BIGINT NOT NULL,
	PRIMARY KEY (customer_code, month, dim, value)
);

INSERT INTO customer_mix (customer_code, month, dim, value, items, postage_fen)
SELECT customer_code, day / 100, 'd', (fields::jsonb ->> 8), COUNT(*), SUM((fields::jsonb ->> 5)::bigint)
FROM waybills WHERE customer_code <> '' AND (fields::jsonb ->> 8) <> ''
GROUP BY customer_code, day / 100, (fields::jsonb ->> 8);

INSERT INTO customer_mix (customer_code, month, dim, value, items, postage_fen)
SELECT customer_code, day / 100, 'p', (fields::jsonb ->> 3), COUNT(*), SUM((fields::jsonb ->> 5)::bigint)
FROM waybills WHERE customer_code <> '' AND (fields::jsonb ->> 3) <> ''
GROUP BY customer_code, day / 100, (fields::jsonb ->> 3);
