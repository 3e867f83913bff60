package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"postcrm"
)

// AccountStore is what administering accounts needs of a store: the
// accounts and the audit log, signing a user out everywhere, and the
// staff a new account must be one of.
type AccountStore interface {
	postcrm.AccountStore
	DeleteUserSessions(ctx context.Context, userName string) error
	// IsStaff tells whether id is a staff ID of the org data.
	IsStaff(ctx context.Context, id string) (bool, error)
}

// The refusals of Admin.Create; callers word them for their users.
var (
	ErrNoName       = errors.New("no user name")
	ErrUnknownStaff = errors.New("not a staff ID of the org data")
	ErrAdminIsStaff = errors.New("a staff ID takes its role from the org data and cannot be made a province administrator")
)

// Admin administers web accounts for the admin pages and `postcrm user`
// alike: each action checks, acts and writes its audit entry in the name
// of By (from Addr), so that both write the same log.
type Admin struct {
	Store AccountStore
	By    string           // the user acting, for the audit log
	Addr  string           // where they act from; empty on the command line
	Now   func() time.Time // default time.Now
}

func (a Admin) now() time.Time {
	if a.Now == nil {
		return time.Now()
	}
	return a.Now()
}

// Create opens an account for a staff ID from the org data or, only when
// asked with admin, a province administrator with no staff row: requiring
// the staff row keeps a mistyped staff ID from becoming an administrator.
// Without a password it generates a one-time one and returns it; either
// way the password must be changed at the first sign-in. A taken name is
// postcrm.ErrConflict.
func (a Admin) Create(ctx context.Context, name string, admin bool, password string) (u postcrm.User, oneTime string, err error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return u, "", ErrNoName
	}
	isStaff, err := a.Store.IsStaff(ctx, name)
	if err != nil {
		return u, "", fmt.Errorf("reading the staff: %w", err)
	}
	switch {
	case admin && isStaff:
		return u, "", fmt.Errorf("%s: %w", name, ErrAdminIsStaff)
	case !admin && !isStaff:
		return u, "", fmt.Errorf("%s: %w", name, ErrUnknownStaff)
	}
	if password == "" {
		oneTime = NewPassword()
		password = oneTime
	}
	if err := CheckPasswordRules(name, password); err != nil {
		return u, "", err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return u, "", fmt.Errorf("hashing a password: %w", err)
	}
	u = postcrm.User{Name: name, PasswordHash: hash, MustChangePassword: true, CreatedAt: a.now()}
	if err := a.Store.CreateUser(ctx, u); err != nil {
		return u, "", fmt.Errorf("creating user %s: %w", name, err)
	}
	if u, err = a.Store.User(ctx, name); err != nil {
		return u, "", fmt.Errorf("reading user %s: %w", name, err)
	}
	return u, oneTime, a.Audit(ctx, postcrm.AuditUserCreate, name, "role "+string(u.Role))
}

// ResetPassword gives name a one-time password to change at the next
// sign-in, lifts any lock and signs them out everywhere.
func (a Admin) ResetPassword(ctx context.Context, name string) (string, error) {
	password := NewPassword()
	hash, err := HashPassword(password)
	if err != nil {
		return "", fmt.Errorf("hashing a password: %w", err)
	}
	return password, a.SetPasswordHash(ctx, name, hash, true)
}

// SetPasswordHash is ResetPassword to a password hashed already (the
// demo accounts share one), changed at the next sign-in if mustChange.
func (a Admin) SetPasswordHash(ctx context.Context, name, hash string, mustChange bool) error {
	return a.change(ctx, name, postcrm.AuditPasswordReset, true, func(u *postcrm.User) {
		u.PasswordHash, u.MustChangePassword = hash, mustChange
		unlock(u)
	})
}

// SetLocked locks an account (signing it out everywhere) or unlocks it;
// unlocking also lifts a lock-out after failed sign-ins.
func (a Admin) SetLocked(ctx context.Context, name string, locked bool) error {
	if locked {
		return a.change(ctx, name, postcrm.AuditUserLock, true, func(u *postcrm.User) { u.Locked = true })
	}
	return a.change(ctx, name, postcrm.AuditUserUnlock, false, unlock)
}

func unlock(u *postcrm.User) {
	u.Locked, u.FailedSignIns, u.LockedUntil = false, 0, time.Time{}
}

// change applies fn to an existing account (postcrm.ErrNotFound when
// there is none), signs it out everywhere when signOut (a reset or
// locked account keeps no session) and audits action.
func (a Admin) change(ctx context.Context, name string, action postcrm.AuditAction, signOut bool, fn func(*postcrm.User)) error {
	u, err := a.Store.User(ctx, name)
	if err != nil {
		return fmt.Errorf("reading user %s: %w", name, err)
	}
	fn(&u)
	if err := a.Store.UpdateUser(ctx, u); err != nil {
		return fmt.Errorf("updating user %s: %w", name, err)
	}
	if signOut {
		if err := a.Store.DeleteUserSessions(ctx, name); err != nil {
			return fmt.Errorf("signing %s out: %w", name, err)
		}
	}
	return a.Audit(ctx, action, name, "")
}

// Audit writes an audit entry by a.By.
func (a Admin) Audit(ctx context.Context, action postcrm.AuditAction, target, detail string) error {
	e := postcrm.AuditEntry{At: a.now(), User: a.By, Action: action, Target: target, Detail: detail, Addr: a.Addr}
	if err := a.Store.Audit(ctx, e); err != nil {
		return fmt.Errorf("writing the audit log: %w", err)
	}
	return nil
}
