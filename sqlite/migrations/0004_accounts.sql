-- Web accounts, sessions and the audit log. A user's role, city and
-- office are not stored here: they are read from the staff row of the
-- same name (staff.id), so that an org re-import moves people; a user
-- with no staff row is a province administrator. Times are unix
-- nanoseconds, as in import_runs; 0 when never.

CREATE TABLE users (
	name           TEXT NOT NULL PRIMARY KEY,
	password_hash  TEXT NOT NULL, -- argon2id, encoded with salt and parameters
	must_change    INTEGER NOT NULL,
	locked         INTEGER NOT NULL, -- by an administrator
	failed_signins INTEGER NOT NULL, -- consecutive
	locked_until   INTEGER NOT NULL, -- temporary lock-out after failures
	created_at     INTEGER NOT NULL,
	last_signin    INTEGER NOT NULL
) WITHOUT ROWID;

-- Only the SHA-256 of a session token is stored.
CREATE TABLE sessions (
	token_hash TEXT NOT NULL PRIMARY KEY,
	user_name  TEXT NOT NULL,
	csrf       TEXT NOT NULL,
	created    INTEGER NOT NULL,
	expires    INTEGER NOT NULL,
	addr       TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_name);

CREATE TABLE audit_log (
	id        INTEGER PRIMARY KEY,
	at        INTEGER NOT NULL,
	user_name TEXT NOT NULL,
	action    TEXT NOT NULL,
	target    TEXT NOT NULL,
	detail    TEXT NOT NULL,
	addr      TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user_at ON audit_log (user_name, at);

-- A customer page lists the customer's latest waybills.
CREATE INDEX waybills_customer_at ON waybills (customer_code, accepted_at);

-- The walk-in page lists a month's walk-ins by 12-month value, for the
-- province and for one office (an office's few hundred among a month's
-- walk-ins would otherwise be found by walking the whole value order).
CREATE INDEX walkin_scores_value ON walkin_scores (month, clv_12m_fen);
CREATE INDEX walkin_scores_office_value ON walkin_scores (month, office_code, clv_12m_fen);
