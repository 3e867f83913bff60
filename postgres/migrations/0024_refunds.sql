-- Returned-item postage refunds (退件邮费退还): one row per case, the
-- waybills it names, its history, the province's due times and reasons.
-- Times are unix nanoseconds, 0 when none; money in fen.
CREATE TABLE refund_cases (
	no            TEXT COLLATE "C" NOT NULL PRIMARY KEY,
	office_code   TEXT COLLATE "C" NOT NULL, -- the waybills' office: scopes the case
	city          TEXT COLLATE "C" NOT NULL,
	customer_code TEXT COLLATE "C" NOT NULL, -- '' for a walk-in: a courier sees the cases of the customers they own
	customer_name TEXT COLLATE "C" NOT NULL,
	postage_fen   BIGINT NOT NULL,
	reason        TEXT COLLATE "C" NOT NULL,
	reject_reason TEXT COLLATE "C" NOT NULL,
	state         TEXT COLLATE "C" NOT NULL,
	amount_fen    BIGINT NOT NULL,
	paid_fen      BIGINT NOT NULL,
	opened_by     TEXT COLLATE "C" NOT NULL,
	opened_at     BIGINT NOT NULL,
	approved_by   TEXT COLLATE "C" NOT NULL,
	owner         TEXT COLLATE "C" NOT NULL, -- who must take the step
	step_since    BIGINT NOT NULL,
	due_at        BIGINT NOT NULL,
	level         BIGINT NOT NULL, -- reminders and escalations sent in the step
	closed_at     BIGINT NOT NULL,
	updated_at    BIGINT NOT NULL
);
CREATE INDEX refund_cases_office ON refund_cases (office_code, opened_at);
CREATE INDEX refund_cases_owner ON refund_cases (owner, due_at);
CREATE INDEX refund_cases_customer ON refund_cases (customer_code);
CREATE INDEX refund_cases_open ON refund_cases (state, due_at);

CREATE TABLE refund_waybills (
	case_no    TEXT COLLATE "C" NOT NULL,
	waybill_no TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (case_no, waybill_no)
);
CREATE INDEX refund_waybills_waybill ON refund_waybills (waybill_no);

CREATE TABLE refund_events (
	case_no    TEXT COLLATE "C" NOT NULL,
	seq        BIGINT NOT NULL,
	at         BIGINT NOT NULL,
	actor      TEXT COLLATE "C" NOT NULL,
	action     TEXT COLLATE "C" NOT NULL,
	from_state TEXT COLLATE "C" NOT NULL,
	to_state   TEXT COLLATE "C" NOT NULL,
	amount_fen BIGINT NOT NULL,
	reason     TEXT COLLATE "C" NOT NULL,
	comment    TEXT COLLATE "C" NOT NULL,
	pay_key    TEXT COLLATE "C" NOT NULL,
	level      BIGINT NOT NULL,
	notified   TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (case_no, seq)
);
CREATE INDEX refund_events_at ON refund_events (at);

-- The due time of each step, in working or calendar hours, and of each
-- escalation after the last; the days a case may be open before its
-- contract customer is warned.
CREATE TABLE refund_settings (
	step    TEXT COLLATE "C" NOT NULL PRIMARY KEY, -- verify, approve, pay, paid, escalate; warn_open (hours = days)
	hours   BIGINT NOT NULL,
	working BIGINT NOT NULL
);
INSERT INTO refund_settings VALUES ('verify', 8, 1), ('approve', 8, 1), ('pay', 48, 0), ('paid', 24, 0), ('escalate', 8, 1), ('warn_open', 7, 0);

CREATE TABLE refund_reasons (
	kind     TEXT COLLATE "C" NOT NULL, -- open, reject
	label    TEXT COLLATE "C" NOT NULL,
	position BIGINT NOT NULL,
	PRIMARY KEY (kind, label)
);
INSERT INTO refund_reasons VALUES
	('open', '收件人拒收', 1), ('open', '地址错误', 2), ('open', '无法投递', 3), ('open', '客户取消', 4), ('open', '其他', 99),
	('reject', '未见退回扫描', 1), ('reject', '邮费已退', 2), ('reject', '非本营业部收寄', 3), ('reject', '其他', 99);

-- The month's retention warnings raised by refunds (退费未办结, 退费被驳回),
-- one per customer and kind, recomputed whole by every sweep. Apart from
-- the analysis's warnings table, whose key allows one warning per
-- customer and month.
CREATE TABLE refund_warnings (
	month         BIGINT NOT NULL,
	kind          TEXT COLLATE "C" NOT NULL,
	customer_code TEXT COLLATE "C" NOT NULL,
	customer_name TEXT COLLATE "C" NOT NULL,
	office_code   TEXT COLLATE "C" NOT NULL,
	case_no       TEXT COLLATE "C" NOT NULL,
	since         BIGINT NOT NULL,
	reason        TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (month, customer_code, kind)
);
CREATE INDEX refund_warnings_office ON refund_warnings (month, office_code);
