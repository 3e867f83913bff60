-- Returned-item postage refunds (退件邮费退还): one row per case, the
-- waybills it names, its history, the province's due times and reasons.
-- Times are unix nanoseconds, 0 when none; money in fen.
CREATE TABLE refund_cases (
	no            TEXT NOT NULL PRIMARY KEY,
	office_code   TEXT NOT NULL, -- the waybills' office: scopes the case
	city          TEXT NOT NULL,
	customer_code TEXT NOT NULL, -- '' for a walk-in: a courier sees the cases of the customers they own
	customer_name TEXT NOT NULL,
	postage_fen   INTEGER NOT NULL,
	reason        TEXT NOT NULL,
	reject_reason TEXT NOT NULL,
	state         TEXT NOT NULL,
	amount_fen    INTEGER NOT NULL,
	paid_fen      INTEGER NOT NULL,
	opened_by     TEXT NOT NULL,
	opened_at     INTEGER NOT NULL,
	approved_by   TEXT NOT NULL,
	owner         TEXT NOT NULL, -- who must take the step
	step_since    INTEGER NOT NULL,
	due_at        INTEGER NOT NULL,
	level         INTEGER NOT NULL, -- reminders and escalations sent in the step
	closed_at     INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL
);
CREATE INDEX refund_cases_office ON refund_cases (office_code, opened_at);
CREATE INDEX refund_cases_owner ON refund_cases (owner, due_at);
CREATE INDEX refund_cases_customer ON refund_cases (customer_code);
CREATE INDEX refund_cases_open ON refund_cases (state, due_at);

CREATE TABLE refund_waybills (
	case_no    TEXT NOT NULL,
	waybill_no TEXT NOT NULL,
	PRIMARY KEY (case_no, waybill_no)
);
CREATE INDEX refund_waybills_waybill ON refund_waybills (waybill_no);

CREATE TABLE refund_events (
	case_no    TEXT NOT NULL,
	seq        INTEGER NOT NULL,
	at         INTEGER NOT NULL,
	actor      TEXT NOT NULL,
	action     TEXT NOT NULL,
	from_state TEXT NOT NULL,
	to_state   TEXT NOT NULL,
	amount_fen INTEGER NOT NULL,
	reason     TEXT NOT NULL,
	comment    TEXT NOT NULL,
	pay_key    TEXT NOT NULL,
	level      INTEGER NOT NULL,
	notified   TEXT NOT NULL,
	PRIMARY KEY (case_no, seq)
);
CREATE INDEX refund_events_at ON refund_events (at);

-- The due time of each step, in working or calendar hours, and of each
-- escalation after the last; the days a case may be open before its
-- contract customer is warned.
CREATE TABLE refund_settings (
	step    TEXT NOT NULL PRIMARY KEY, -- verify, approve, pay, paid, escalate; warn_open (hours = days)
	hours   INTEGER NOT NULL,
	working INTEGER NOT NULL
);
INSERT INTO refund_settings VALUES ('verify', 8, 1), ('approve', 8, 1), ('pay', 48, 0), ('paid', 24, 0), ('escalate', 8, 1), ('warn_open', 7, 0);

CREATE TABLE refund_reasons (
	kind     TEXT NOT NULL, -- open, reject
	label    TEXT NOT NULL,
	position INTEGER NOT NULL,
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
	month         INTEGER NOT NULL,
	kind          TEXT NOT NULL,
	customer_code TEXT NOT NULL,
	customer_name TEXT NOT NULL,
	office_code   TEXT NOT NULL,
	case_no       TEXT NOT NULL,
	since         INTEGER NOT NULL,
	reason        TEXT NOT NULL,
	PRIMARY KEY (month, customer_code, kind)
);
CREATE INDEX refund_warnings_office ON refund_warnings (month, office_code);
