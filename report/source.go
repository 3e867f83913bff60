package report

import (
	"context"

	"postcrm"
	"postcrm/problem"
)

// Source is what the reports read from a store. The month sums come from
// the rollups, never from raw waybills. The reads are the province's:
// a report narrows them to its Scope in Go, through the org (see org.go),
// which is why a web handler reaches them only through Library.In.
type Source interface {
	Offices(ctx context.Context) ([]postcrm.Office, error)
	Staff(ctx context.Context) ([]postcrm.Staff, error)
	Customers(ctx context.Context) ([]postcrm.Customer, error)
	Warnings(ctx context.Context, month postcrm.Month) ([]postcrm.Warning, error)
	Findings(ctx context.Context, source string) ([]postcrm.Finding, error)
	ImportRuns(ctx context.Context) ([]postcrm.ImportRun, error)
	CourierDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.CourierDay) error) error

	// LastDataDay is the latest day with any accepted item, 0 when none.
	LastDataDay(ctx context.Context) (postcrm.Date, error)
	// OfficeMonths is courier_daily summed by month, office, segment,
	// payment and channel over the months [from, to], in that
	// order; stores keep these sums at import.
	OfficeMonths(ctx context.Context, from, to postcrm.Month) ([]postcrm.OfficeMonth, error)
	// CustomerMonthTotals sums customer_daily by customer and month for
	// the given months, by customer and month.
	CustomerMonthTotals(ctx context.Context, months ...postcrm.Month) ([]postcrm.CustomerMonth, error)
	// MemberDays counts members by registration day, office and recruiter.
	MemberDays(ctx context.Context, r postcrm.DayRange) ([]postcrm.MemberDay, error)

	// The follow-up columns read the month's dispatches and contacts, and
	// measure last month's warnings as the effect page does (the later
	// month's analysis, cached by FollowupVersion).
	Dispatches(ctx context.Context, month postcrm.Month) ([]postcrm.Dispatch, error)
	MonthContacts(ctx context.Context, month postcrm.Month) ([]postcrm.Contact, error)
	FollowupVersion(ctx context.Context, month postcrm.Month) (string, error)
	// HolidayTable is the stored holiday table the measurement's
	// analyses use (calendar.Stored).
	HolidayTable(ctx context.Context) (string, error)
	Suspensions(ctx context.Context) ([]postcrm.Suspension, error)
	// The measurement's expectations honour the adjustments in force.
	Adjustments(ctx context.Context) ([]postcrm.Adjustment, error)
	CustomerMix(ctx context.Context, from, to postcrm.Month, fn func(postcrm.MixRow) error) error
	CustomerDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.CustomerDay) error) error
	// The measurement's analysis is kept as a summary.
	postcrm.SummaryStore

	// The bulletin's paragraph on the problem list reads the problems
	// raised by a day (inclusive).
	ProblemsRaisedBy(ctx context.Context, day postcrm.Date) ([]problem.Problem, error)

	// The log-in table reads the accounts and their sign-in entries.
	Users(ctx context.Context) ([]postcrm.User, error)
	AuditLog(ctx context.Context, q postcrm.AuditQuery) ([]postcrm.AuditEntry, int, error)
}

// Library is the reports over a Source, for a caller that serves many
// scopes (the web application): its only way to a report's figures is
// a Scoped, bound to one scope, so the province's reads behind it are
// never in reach of a handler.
type Library struct{ src Source }

// NewLibrary serves the reports over src.
func NewLibrary(src Source) Library { return Library{src} }

// LastDataDay is the latest day with any accepted item, 0 when none:
// the default of the evening board's day and the reports' month.
func (l Library) LastDataDay(ctx context.Context) (postcrm.Date, error) {
	return l.src.LastDataDay(ctx)
}

// In binds the library to sc: every report it builds is sc's.
func (l Library) In(sc Scope) Scoped { return Scoped{src: l.src, scope: sc} }

// Scoped is a Library bound to one scope.
type Scoped struct {
	src   Source
	scope Scope
}

// Scope is the scope the reports are bound to.
func (s Scoped) Scope() Scope { return s.scope }

// Build computes the named report of req's month (and day) in the bound
// scope; req's own Scope is ignored.
func (s Scoped) Build(ctx context.Context, name string, req Request) (postcrm.Report, error) {
	req.Scope = s.scope
	return Build(ctx, s.src, name, req)
}
