package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"postcrm"
)

// userSelect resolves role, city, office and display name from the staff
// row of the same name; without one the user is a province administrator
// shown by their user name.
var userSelect = "SELECT u.name, COALESCE(s.name, u.name), COALESCE(s.role, '" + string(postcrm.RoleProvinceAdmin) + "'), " +
	"COALESCE(s.city, ''), COALESCE(s.office_code, ''), u.password_hash, u.must_change, u.locked, " +
	"u.failed_signins, u.locked_until, u.created_at, u.last_signin " +
	"FROM users u LEFT JOIN staff s ON s.id = u.name"

func scanUser(sc scanner, u *postcrm.User) error {
	var role string
	var lockedUntil, created, last int64
	err := sc.Scan(&u.Name, &u.DisplayName, &role, &u.City, &u.OfficeCode, &u.PasswordHash, &u.MustChangePassword,
		&u.Locked, &u.FailedSignIns, &lockedUntil, &created, &last)
	u.Role = postcrm.Role(role)
	u.LockedUntil, u.CreatedAt, u.LastSignIn = fromUnixNano(lockedUntil), fromUnixNano(created), fromUnixNano(last)
	return err
}

// CreateUser adds an account; postcrm.ErrConflict when the name is taken.
// A zero CreatedAt is now. Role, city, office and display name are not
// stored: they come from the staff data when read.
func (s *Store) CreateUser(ctx context.Context, u postcrm.User) error {
	if strings.TrimSpace(u.Name) == "" {
		return errors.New("create user: empty name")
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	const q = "INSERT INTO users (name, password_hash, must_change, locked, failed_signins, locked_until, created_at, last_signin) " +
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING"
	n, err := s.execCount(ctx, q, u.Name, u.PasswordHash, u.MustChangePassword, u.Locked, int64(u.FailedSignIns),
		unixNano(u.LockedUntil), unixNano(u.CreatedAt), unixNano(u.LastSignIn))
	if err == nil && n == 0 {
		err = postcrm.ErrConflict
	}
	if err != nil {
		return fmt.Errorf("create user %q: %w", u.Name, err)
	}
	return nil
}

// User reads one account; postcrm.ErrNotFound when there is none.
func (s *Store) User(ctx context.Context, name string) (postcrm.User, error) {
	var u postcrm.User
	err := notFound(scanUser(s.db.QueryRowContext(ctx, s.rebind(userSelect+" WHERE u.name = ?"), name), &u))
	if err != nil {
		return postcrm.User{}, fmt.Errorf("read user %q: %w", name, err)
	}
	return u, nil
}

// Users lists all accounts by name.
func (s *Store) Users(ctx context.Context) ([]postcrm.User, error) {
	us, err := queryAll(ctx, s, userSelect+" ORDER BY u.name", nil, scanUser)
	if err != nil {
		return nil, fmt.Errorf("read users: %w", err)
	}
	return us, nil
}

// UpdateUser writes the mutable fields of an existing account;
// postcrm.ErrNotFound when there is none.
func (s *Store) UpdateUser(ctx context.Context, u postcrm.User) error {
	const q = "UPDATE users SET password_hash = ?, must_change = ?, locked = ?, failed_signins = ?, " +
		"locked_until = ?, last_signin = ? WHERE name = ?"
	return s.updateOne(ctx, "update user", u.Name, q, u.PasswordHash, u.MustChangePassword, u.Locked, int64(u.FailedSignIns),
		unixNano(u.LockedUntil), unixNano(u.LastSignIn), u.Name)
}

// RecordSignInFailure adds one to name's failed sign-ins and returns the
// new count; the increment is one statement, so concurrent failures are
// all counted. postcrm.ErrNotFound when there is no such user.
func (s *Store) RecordSignInFailure(ctx context.Context, name string) (int, error) {
	const q = "UPDATE users SET failed_signins = failed_signins + 1 WHERE name = ? RETURNING failed_signins"
	var n int64
	err := notFound(s.db.QueryRowContext(ctx, s.rebind(q), name).Scan(&n))
	if err != nil {
		return 0, fmt.Errorf("count a failed sign-in of %q: %w", name, err)
	}
	return int(n), nil
}

// LockOutUntil locks name out until until, or later if a concurrent
// failure has locked for longer already.
func (s *Store) LockOutUntil(ctx context.Context, name string, until time.Time) error {
	const q = "UPDATE users SET locked_until = CASE WHEN locked_until > ? THEN locked_until ELSE ? END WHERE name = ?"
	return s.updateOne(ctx, "lock out", name, q, unixNano(until), unixNano(until), name)
}

// RecordSignIn clears name's failures and lock-out and sets the last
// sign-in, without rewriting the rest of the account from a copy that an
// administrator may have changed meanwhile.
func (s *Store) RecordSignIn(ctx context.Context, name string, at time.Time) error {
	const q = "UPDATE users SET failed_signins = 0, locked_until = 0, last_signin = ? WHERE name = ?"
	return s.updateOne(ctx, "record the sign-in of", name, q, unixNano(at), name)
}

// updateOne runs an UPDATE of one user's row; postcrm.ErrNotFound when
// there is no such user.
func (s *Store) updateOne(ctx context.Context, what, name, q string, args ...any) error {
	n, err := s.execCount(ctx, q, args...)
	if err == nil && n == 0 {
		err = postcrm.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("%s %q: %w", what, name, err)
	}
	return nil
}

// CreateSession stores a new session, after dropping the expired ones so
// that the table holds only live sessions.
func (s *Store) CreateSession(ctx context.Context, se postcrm.Session) error {
	if _, err := s.execCount(ctx, "DELETE FROM sessions WHERE expires <= ?", unixNano(se.CreatedAt)); err != nil {
		return fmt.Errorf("create session of %q: %w", se.UserName, err)
	}
	_, err := s.execCount(ctx, "INSERT INTO sessions (token_hash, user_name, csrf, created, expires, addr) VALUES (?, ?, ?, ?, ?, ?)",
		se.TokenHash, se.UserName, se.CSRFToken, unixNano(se.CreatedAt), unixNano(se.ExpiresAt), se.Addr)
	if err != nil {
		return fmt.Errorf("create session of %q: %w", se.UserName, err)
	}
	return nil
}

// Session returns the session with the token hash if it has not expired
// at now; postcrm.ErrNotFound otherwise.
func (s *Store) Session(ctx context.Context, tokenHash string, now time.Time) (postcrm.Session, error) {
	const q = "SELECT token_hash, user_name, csrf, created, expires, addr FROM sessions WHERE token_hash = ? AND expires > ?"
	var se postcrm.Session
	var created, expires int64
	err := s.db.QueryRowContext(ctx, s.rebind(q), tokenHash, unixNano(now)).
		Scan(&se.TokenHash, &se.UserName, &se.CSRFToken, &created, &expires, &se.Addr)
	err = notFound(err)
	if err != nil {
		return postcrm.Session{}, fmt.Errorf("read session: %w", err)
	}
	se.CreatedAt, se.ExpiresAt = fromUnixNano(created), fromUnixNano(expires)
	return se, nil
}

// DeleteSession signs one session out; deleting an unknown one is no error.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.execCount(ctx, "DELETE FROM sessions WHERE token_hash = ?", tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions signs a user out everywhere.
func (s *Store) DeleteUserSessions(ctx context.Context, userName string) error {
	if _, err := s.execCount(ctx, "DELETE FROM sessions WHERE user_name = ?", userName); err != nil {
		return fmt.Errorf("delete sessions of %q: %w", userName, err)
	}
	return nil
}

// execCount runs one writing statement on its own and returns how many
// rows it touched. Account writes skip the dialect's write lock: they
// touch no table an import writes, and a sign-in must not wait for an
// import's batch.
func (s *Store) execCount(ctx context.Context, q string, args ...any) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.rebind(q), args...)
	if err != nil {
		return 0, fmt.Errorf("%.80q: %w", q, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("%.80q: %w", q, err)
	}
	return n, nil
}
