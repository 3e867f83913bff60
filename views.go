package postcrm

import "context"

// WarningQuery selects a page of a month's warnings; empty fields match
// everything. Rows come highest revenue at risk first.
type WarningQuery struct {
	Month      Month
	City       string
	OfficeCode string
	Owner      string // owner staff ID
	Kind       WarningKind
	Offset     int
	Limit      int // 0 means all
}

// WarningRow is a warning with the names a list shows beside it.
type WarningRow struct {
	Warning
	CustomerName string // empty for walk-ins
	OfficeName   string
	City         string
	OwnerName    string // empty when unowned
}

// MonthTotal is a month's items and postage for one segment.
type MonthTotal struct {
	Month      Month
	Contract   bool // contract customers (true) or walk-ins
	Items      int64
	PostageFen int64
}

// CustomerView is a contract customer with the names its page shows.
type CustomerView struct {
	Customer
	OfficeName string
	City       string
	OwnerName  string
}

// WalkinRow is a walk-in's score with its office's name.
type WalkinRow struct {
	WalkinScore
	OfficeName string
	City       string
}

// ScopedReader is what the web application reads, always within a
// Scope: a record outside it is ErrNotFound, exactly as a missing one.
type ScopedReader interface {
	// ScopedWarnings returns one page of warnings and how many matched.
	ScopedWarnings(ctx context.Context, sc Scope, q WarningQuery) ([]WarningRow, int, error)
	// ScopedWarning returns one warning by ID.
	ScopedWarning(ctx context.Context, sc Scope, id int64) (WarningRow, error)
	// MonthTotals sums items and postage per month and segment over
	// [fromMonth, toMonth]; a courier's scope counts the contract
	// customers they own.
	MonthTotals(ctx context.Context, sc Scope, fromMonth, toMonth Month) ([]MonthTotal, error)
	ScopedCustomer(ctx context.Context, sc Scope, code string) (CustomerView, error)
	// CustomerMonths is one customer's contract items per month.
	CustomerMonths(ctx context.Context, sc Scope, code string, fromMonth, toMonth Month) ([]MonthTotal, error)
	// CustomerWaybills lists a customer's latest waybills, newest first.
	CustomerWaybills(ctx context.Context, sc Scope, code string, limit int) ([]Waybill, error)
	// CustomerWarnings lists all of a customer's warnings, newest first.
	CustomerWarnings(ctx context.Context, sc Scope, code string) ([]WarningRow, error)
	// ScopedOffices lists the offices in scope, for filters.
	ScopedOffices(ctx context.Context, sc Scope) ([]Office, error)
	// LatestWarningMonth is the newest month with a warning in
	// scope, 0 when there is none.
	LatestWarningMonth(ctx context.Context, sc Scope) (Month, error)
	// WarningCounts counts a month's warnings in scope by kind; a kind
	// without any is absent.
	WarningCounts(ctx context.Context, sc Scope, month Month) (map[WarningKind]int, error)
	// OfficeStaff lists the staff of the given offices within the scope,
	// by office and ID; a courier's scope holds none.
	OfficeStaff(ctx context.Context, sc Scope, offices []string) ([]Staff, error)
}

// ScopedWalkins is the walk-ins (散户) as the web application lists
// them, within a Scope.
type ScopedWalkins interface {
	// TopWalkins lists a month's walk-ins by 12-month value, highest first,
	// with how many there are; couriers own no walk-ins and see none.
	TopWalkins(ctx context.Context, sc Scope, month Month, offset, limit int) ([]WalkinRow, int, error)
	// WalkinCount counts a month's walk-ins in scope; WalkinsPage lists a
	// page of them as TopWalkins does, without counting.
	WalkinCount(ctx context.Context, sc Scope, month Month) (int, error)
	WalkinsPage(ctx context.Context, sc Scope, month Month, offset, limit int) ([]WalkinRow, error)
}
