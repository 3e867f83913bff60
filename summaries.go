package postcrm

import (
	"context"
	"fmt"
)

// DataVersions count the writes that change kept figures, one counter per
// kind of event: every writing transaction of that kind bumps its
// counter in the same transaction as the change, so a figure computed at
// some versions is current exactly while they stay the same.
type DataVersions struct {
	Imports  int64 // org, customers, waybills, members, suspensions
	Analysis int64 // a month's warnings and walk-in scores saved
	Followup int64 // dispatch runs, contacts, reassignments, owners given, settings
}

// String is the versions as a summary's version: "imports/analysis/followup".
func (v DataVersions) String() string {
	return fmt.Sprintf("%d/%d/%d", v.Imports, v.Analysis, v.Followup)
}

// SummaryKey names a kept summary: what it keeps (Name) for which scope
// (ScopeKey) and month.
type SummaryKey struct {
	Scope string
	Name  string
	Month Month
}

// Summary is a kept summary: its body (JSON) as computed at Version.
type Summary struct {
	SummaryKey
	Version string
	Body    []byte
}

// SummaryStore keeps summaries in the database, so that they outlive the
// process, and the data versions they are checked against.
type SummaryStore interface {
	DataVersions(ctx context.Context) (DataVersions, error)
	// Summary reads a kept summary; found is false when none is stored.
	Summary(ctx context.Context, key SummaryKey) (s Summary, found bool, err error)
	// SaveSummary stores s in place of the one under its key.
	SaveSummary(ctx context.Context, s Summary) error
}

// ScopeKey names a manager's scope for kept summaries: "province",
// "city:NAME" or "office:CODE"; a courier's scope has none (ok false):
// their figures are small reads, kept nowhere.
func ScopeKey(sc Scope) (key string, ok bool) {
	switch sc.Role {
	case RoleProvinceAdmin:
		return "province", true
	case RoleCityManager:
		return "city:" + sc.City, sc.City != ""
	case RoleOfficeManager:
		return "office:" + sc.OfficeCode, sc.OfficeCode != ""
	}
	return "", false
}
