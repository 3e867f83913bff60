-- The reports' month sums: courier_daily summed over the month and the
-- couriers, kept by the import in the same transaction as courier_daily,
-- so that a province-wide report over 24 months reads thousands of rows
-- rather than millions. Filled from courier_daily for existing data.

CREATE TABLE office_monthly (
	month       INTEGER NOT NULL, -- YYYYMM
	office_code TEXT COLLATE "C" NOT NULL,
	contract    BOOLEAN NOT NULL,
	payment     TEXT COLLATE "C" NOT NULL,
	channel     TEXT COLLATE "C" NOT NULL,
	items       BIGINT NOT NULL,
	postage_fen BIGINT NOT NULL,
	PRIMARY KEY (month, office_code, contract, payment, channel)
);

INSERT INTO office_monthly (month, office_code, contract, payment, channel, items, postage_fen)
SELECT day / 100, office_code, contract, payment, channel, SUM(items), SUM(postage_fen)
FROM courier_daily GROUP BY day / 100, office_code, contract, payment, channel;
