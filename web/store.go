package web

import (
	"context"
	"time"

	"postcrm"
	"postcrm/auth"
	"postcrm/followup"
	"postcrm/ingest"
	"postcrm/report"
)

// Store is what the web application needs of a store. New splits it by
// use, so that the handlers hold only reads bound to a scope: the
// province-wide reads behind the imports, the reports and the follow-up
// measurement are held by those parts (a function, a report.Library),
// never by the Server's store field.
type Store interface {
	handlerStore
	auth.AccountStore        // account administration, province administrators only
	ingest.Store             // the background imports
	report.Source            // the reports, bound to a scope per request
	followup.VersionedSource // the follow-up measurement over the province's analysis
	postcrm.SummaryStore     // the kept figures
}

// handlerStore is what a handler may call. Every read of the business
// data takes a Scope (a record outside it is ErrNotFound); the rest is
// the signed-in user's own account and session, the settings, and the
// outbox and audit log, which only province administrators reach.
type handlerStore interface {
	postcrm.ScopedReader
	scopedFollowup
	signIns
	noticeAdmin
	settings

	// Ping tells that the database answers (the health check).
	Ping(ctx context.Context) error
	// AuditLog lists entries newest first with the total that matched.
	AuditLog(ctx context.Context, q postcrm.AuditQuery) ([]postcrm.AuditEntry, int, error)
}

// scopedFollowup is the follow-up loop as managers and couriers work it,
// each call within the caller's scope.
type scopedFollowup interface {
	ScopedDispatches(ctx context.Context, sc postcrm.Scope, q postcrm.DispatchQuery) ([]postcrm.DispatchRow, int, error)
	ScopedDispatch(ctx context.Context, sc postcrm.Scope, warningID int64) (postcrm.DispatchRow, error)
	DispatchCounts(ctx context.Context, sc postcrm.Scope, month int) ([]postcrm.DispatchCount, error)
	Reassign(ctx context.Context, sc postcrm.Scope, warningID int64, staffID string, a postcrm.Actor) error
	AddContact(ctx context.Context, sc postcrm.Scope, c postcrm.Contact, a postcrm.Actor) (postcrm.Contact, error)
	Contacts(ctx context.Context, sc postcrm.Scope, warningID int64) ([]postcrm.Contact, error)
	ScopedFollowupMonth(ctx context.Context, sc postcrm.Scope, month int) (postcrm.FollowupMonth, error)
	UnownedPool(ctx context.Context, sc postcrm.Scope, fromMonth, toMonth int) ([]postcrm.UnownedCustomer, error)
	AssignOwner(ctx context.Context, sc postcrm.Scope, customerCode, staffID string, a postcrm.Actor) error
}

// signIns is the sign-in and session side of the accounts.
type signIns interface {
	User(ctx context.Context, name string) (postcrm.User, error)
	Users(ctx context.Context) ([]postcrm.User, error)
	UpdateUser(ctx context.Context, u postcrm.User) error
	RecordSignInFailure(ctx context.Context, name string) (failures int, err error)
	LockOutUntil(ctx context.Context, name string, until time.Time) error
	RecordSignIn(ctx context.Context, name string, at time.Time) error
	CreateSession(ctx context.Context, s postcrm.Session) error
	Session(ctx context.Context, tokenHash string, now time.Time) (postcrm.Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteUserSessions(ctx context.Context, userName string) error
}

// noticeAdmin is the outbox and the webhooks' page.
type noticeAdmin interface {
	Notices(ctx context.Context, q postcrm.NoticeQuery) ([]postcrm.Notice, error)
	NoticeWebhooks(ctx context.Context) ([]postcrm.NoticeWebhook, error)
	SaveNoticeWebhook(ctx context.Context, h postcrm.NoticeWebhook, a postcrm.Actor) error
	DeleteNoticeWebhook(ctx context.Context, officeCode, city string, a postcrm.Actor) error
}

// settings are the province's follow-up settings, contact reasons and
// activity notes.
type settings interface {
	FollowupSettings(ctx context.Context) (postcrm.FollowupSettings, error)
	SaveFollowupSettings(ctx context.Context, s postcrm.FollowupSettings, a postcrm.Actor) error
	Reasons(ctx context.Context) ([]postcrm.ContactReason, error)
	AddActNote(ctx context.Context, n postcrm.ActNote, a postcrm.Actor) (postcrm.ActNote, error)
	ActNotes(ctx context.Context, month int) ([]postcrm.ActNote, error)
	DataVersions(ctx context.Context) (postcrm.DataVersions, error)
}
