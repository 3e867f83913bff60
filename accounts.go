package postcrm

import (
	"context"
	"errors"
	"time"
)

// ErrConflict is returned when a record to create exists already.
var ErrConflict = errors.New("already exists")

// User is a web account. Staff sign in with their staff ID (工号) as user
// name, and their role, city and office come from the staff row, so that
// an org re-import moves them; an administrator created on the command
// line has no staff row and the province role.
type User struct {
	Name        string // staff ID, or the administrator's name
	DisplayName string // the staff member's name
	Role        Role
	City        string // empty for province users
	OfficeCode  string // empty for city and province users
	// PasswordHash is the encoded argon2id hash, salt and parameters.
	PasswordHash string
	// MustChangePassword is set for new and reset accounts: the first
	// sign-in leads straight to the change-password form.
	MustChangePassword bool
	Locked             bool      // locked by an administrator
	FailedSignIns      int       // consecutive failures, from any address, since the last success
	LockedUntil        time.Time // end of the latest pause of its sign-ins from one address, for administrators
	CreatedAt          time.Time
	LastSignIn         time.Time // zero when never
}

// Scope is whose data a signed-in user may see: the province sees all, a
// city manager their city, an office manager their office, a courier the
// customers they own and the warnings on them. Every scoped store read
// takes one, so that scoping lives in one place, the store's queries.
type Scope struct {
	Role       Role
	City       string
	OfficeCode string
	StaffID    string
}

// ScopeOf is the scope of a user's role.
func ScopeOf(u User) Scope {
	s := Scope{Role: u.Role}
	switch u.Role {
	case RoleCityManager:
		s.City = u.City
	case RoleOfficeManager:
		s.City, s.OfficeCode = u.City, u.OfficeCode
	case RoleCourier:
		s.City, s.OfficeCode, s.StaffID = u.City, u.OfficeCode, u.Name
	}
	return s
}

// Session is a signed-in browser or API client. Only the SHA-256 of the
// token is stored, so that a copy of the database signs nobody in.
type Session struct {
	TokenHash string // hex SHA-256 of the token the client holds
	UserName  string
	CSRFToken string // double-submit token for state-changing requests
	CreatedAt time.Time
	ExpiresAt time.Time
	Addr      string // address it was created from
}

// AuditAction names what an audit entry records.
type AuditAction string

const (
	AuditSignIn         AuditAction = "signin"
	AuditSignInFailed   AuditAction = "signin_failed"
	AuditSignOut        AuditAction = "signout"
	AuditPasswordChange AuditAction = "password_change"
	AuditUserCreate     AuditAction = "user_create"
	AuditPasswordReset  AuditAction = "password_reset"
	AuditUserLock       AuditAction = "user_lock"
	AuditUserUnlock     AuditAction = "user_unlock"
	AuditImport         AuditAction = "import"
	AuditDataChange     AuditAction = "data_change"
)

// AuditEntry is one line of the audit log: who did what, when, from
// where. The CRM log-in report is computed from the sign-in entries.
type AuditEntry struct {
	ID     int64
	At     time.Time
	User   string // user name; for a failed sign-in, the name typed
	Action AuditAction
	Target string // what was acted on: a user, customer, warning, file
	Detail string // free text, e.g. what changed
	Addr   string // client address
}

// AuditQuery filters the audit log; zero fields match everything.
type AuditQuery struct {
	User     string
	Action   AuditAction
	From, To time.Time // From inclusive, To exclusive
	Offset   int
	Limit    int // 0 means a store default
}

// AccountStore keeps users and the audit log.
type AccountStore interface {
	// CreateUser adds an account; ErrConflict when the name is taken.
	// A staff user's role, city and office are read from the staff row.
	CreateUser(ctx context.Context, u User) error
	// User returns an account with its role, city and office resolved
	// from the staff data; ErrNotFound when there is none.
	User(ctx context.Context, name string) (User, error)
	Users(ctx context.Context) ([]User, error)
	// UpdateUser writes the mutable fields of an existing account:
	// password hash, must-change, locked, failed sign-ins, locked-until,
	// last sign-in.
	UpdateUser(ctx context.Context, u User) error
	// RecordSignInFailure adds one to the account's consecutive failed
	// sign-ins in one statement, so that concurrent failures all count,
	// and returns the new count; ErrNotFound when there is no account.
	RecordSignInFailure(ctx context.Context, name string) (failures int, err error)
	// LockOutUntil notes the end of a pause after failures (User's
	// LockedUntil), never shortening one already noted.
	LockOutUntil(ctx context.Context, name string, until time.Time) error
	// RecordSignIn clears the failed sign-ins and any lock-out and sets the
	// last sign-in, leaving the other fields (an administrator's lock, a
	// new password) as they are.
	RecordSignIn(ctx context.Context, name string, at time.Time) error

	Audit(ctx context.Context, e AuditEntry) error
	// AuditLog lists entries newest first with the total that matched.
	AuditLog(ctx context.Context, q AuditQuery) ([]AuditEntry, int, error)
}

// SessionStore keeps the signed-in sessions.
type SessionStore interface {
	CreateSession(ctx context.Context, s Session) error
	// Session returns an unexpired session by token hash, else ErrNotFound.
	Session(ctx context.Context, tokenHash string, now time.Time) (Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteUserSessions signs a user out everywhere (password reset, lock).
	DeleteUserSessions(ctx context.Context, userName string) error
}
