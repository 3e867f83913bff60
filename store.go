package postcrm

import "context"

// RefData is what an importer must know to validate rows: the codes that
// exist already. Maps go from code to the office (or city) it belongs to.
type RefData struct {
	Offices   map[string]string // office code -> city
	Staff     map[string]string // staff ID -> office code ("" for city/province staff)
	Customers map[string]string // customer code -> office code
}

// CustomerDay is the rollup of one contract customer's items on one day.
type CustomerDay struct {
	CustomerCode string
	Day          Date
	Items        int64
	PostageFen   int64
}

// WalkinDay is the rollup of one walk-in phone's items on one day at one
// office (a walk-in is served by the office it mostly visits).
type WalkinDay struct {
	Phone      string
	Day        Date
	OfficeCode string
	Items      int64
	PostageFen int64
}

// CourierDay is the rollup per day, office, courier, segment and channel
// that dashboards and reports sum over without touching raw waybills.
type CourierDay struct {
	Day            Date
	OfficeCode     string
	CourierStaffID string
	Contract       bool // contract customer (true) or walk-in
	Payment        Payment
	Channel        Channel
	Items          int64
	PostageFen     int64
}

// CompareBool orders false before true: the rollups' walk-in rows come
// before the contract rows of the same key, in the stores and in the
// sums the contract suite computes.
func CompareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}

// CityStats is one line of `postcrm stats`.
type CityStats struct {
	City       string
	Offices    int64
	Staff      int64
	Customers  int64
	Waybills   int64
	PostageFen int64
	Walkins    int64 // distinct walk-in phones
	Members    int64
	Findings   int64 // data-quality findings, rejected or not
}

// DayRange is an inclusive range of days; a zero bound is open.
type DayRange struct{ From, To Date }

// Store is the records the rest of postcrm relies on: opening and
// checking the database, importing, and reading the records back. The
// SQLite and PostgreSQL stores implement it and the other store
// interfaces here (AnalysisStore, AccountStore, SessionStore,
// FollowupStore, ScopedReader, ...) and pass the same contract test
// suite. Each consumer declares the few methods it calls; these
// interfaces are the contract's documentation and the stores'
// compile-time checks.
type Store interface {
	// Migrate creates or upgrades the schema; opening a store calls it.
	Migrate(ctx context.Context) error
	Close() error
	// Ping runs the cheapest query, to tell that the database answers
	// (the health check); it fails once the store is closed.
	Ping(ctx context.Context) error

	// RefData loads the codes an importer validates against.
	RefData(ctx context.Context) (RefData, error)
	// Apply writes a batch atomically: records are keyed by their natural
	// key (office code, staff ID, customer code, waybill number, phone;
	// office code and first day for suspensions);
	// a record equal to the stored one is counted Unchanged and not
	// rewritten; a different one is Updated. Waybill rollups are kept in
	// step in the same transaction, including when a waybill changes.
	Apply(ctx context.Context, b Batch) (WriteResult, error)
	// RecordImportRun appends to the import log.
	RecordImportRun(ctx context.Context, run ImportRun) (int64, error)

	ImportRuns(ctx context.Context) ([]ImportRun, error)
	Findings(ctx context.Context, source string) ([]Finding, error)
	Stats(ctx context.Context) ([]CityStats, error)

	Offices(ctx context.Context) ([]Office, error)
	Staff(ctx context.Context) ([]Staff, error)
	Customers(ctx context.Context) ([]Customer, error)
	Waybill(ctx context.Context, no string) (Waybill, error)
	Member(ctx context.Context, phone string) (Member, error)
}

// AnalysisStore keeps what the monthly analysis reads and writes: the
// warnings and walk-in scores it saves, the offices' suspensions it
// discounts, and the daily rollups it reads.
type AnalysisStore interface {
	// SaveWarnings stores a month's warnings of the given kinds. A warning
	// whose (month, customer code, sender phone) is stored already is
	// updated in place, keeping its ID and so whatever follow-up hangs on
	// it; warnings of those kinds for that month that are no longer raised
	// are deleted. Re-running a month's analysis therefore changes nothing
	// when the data did not change.
	SaveWarnings(ctx context.Context, month Month, kinds []WarningKind, ws []Warning) error
	// HolidayTable is the holiday table laid over the built-in calendar
	// (CSV, as imported), "" when none; SaveHolidayTable replaces it.
	// Every analysis and measurement reads it (calendar.Stored).
	HolidayTable(ctx context.Context) (string, error)
	SaveHolidayTable(ctx context.Context, body string) error
	// Warnings lists a month's warnings, highest score first.
	Warnings(ctx context.Context, month Month) ([]Warning, error)
	// SaveWalkinScores replaces a month's walk-in scores.
	SaveWalkinScores(ctx context.Context, month Month, scores []WalkinScore) error
	// WalkinScores streams a month's walk-in scores by phone.
	WalkinScores(ctx context.Context, month Month, fn func(WalkinScore) error) error

	// SaveSuspension records an office's acceptance suspension; one with
	// the same office and first day is replaced.
	SaveSuspension(ctx context.Context, s Suspension) error
	// DeleteSuspension removes the office's suspension starting on from.
	DeleteSuspension(ctx context.Context, officeCode string, from Date) error
	// Suspensions lists them by office and first day.
	Suspensions(ctx context.Context) ([]Suspension, error)

	// Rollups, streamed in key order so that callers never hold them all.
	CustomerDays(ctx context.Context, r DayRange, fn func(CustomerDay) error) error
	WalkinDays(ctx context.Context, r DayRange, fn func(WalkinDay) error) error
	CourierDays(ctx context.Context, r DayRange, fn func(CourierDay) error) error
}
