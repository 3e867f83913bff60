// Package storetest is the contract every *sqlstore.Store must meet: the
// SQLite and PostgreSQL stores run the same suite. It also holds the
// synthetic data and the shared body of the stores' benchmarks.
package storetest

import (
	"context"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

// Run runs the contract suite; open must return a new, empty store for
// each call and close it when the test ends.
func Run(t *testing.T, open func(t *testing.T) *sqlstore.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s *sqlstore.Store)
	}{
		{"MigrateAgain", testMigrateAgain},
		{"OrgCounting", testOrgCounting},
		{"CustomerCounting", testCustomerCounting},
		{"MemberCounting", testMemberCounting},
		{"WaybillCounting", testWaybillCounting},
		{"RefData", testRefData},
		{"Findings", testFindings},
		{"FindingsByRecord", testFindingsByRecord},
		{"ImportRuns", testImportRuns},
		{"ImportCheckpoints", testImportCheckpoints},
		{"WaybillTime", testWaybillTime},
		{"WaybillText", testWaybillText},
		{"NotFound", testNotFound},
		{"OfficeMonthly", testOfficeMonthly},
		{"OfficeMonthlyBackfill", testOfficeMonthlyBackfill},
		{"StreamStops", testStreamStops},
		{"Stats", testStats},
		{"UnknownKind", testUnknownKind},
		{"CancelledApply", testCancelledApply},
		{"Warnings", testWarnings},
		{"WarningsRejected", testWarningsRejected},
		{"WalkinScores", testWalkinScores},
		{"Suspensions", testSuspensions},
		{"SuspensionsRejected", testSuspensionsRejected},
		{"SuspensionsApply", testSuspensionsApply},
		{"Adjustments", testAdjustments},
		{"AdjustmentsInForceNotices", testAdjustmentsInForceNotices},
		{"CustomerMix", testCustomerMix},
		{"Users", testUsers},
		{"UserFollowsOrg", testUserFollowsOrg},
		{"SignInFailures", testSignInFailures},
		{"Sessions", testSessions},
		{"AuditLog", testAuditLog},
		{"ImportRights", testImportRights},
		{"LatestWarningMonth", testLatestWarningMonth},
		{"Scoping", testScoping},
		{"ScopedLists", testScopedLists},
		{"FollowupScope", testFollowupScope},
		{"FollowupContacts", testFollowupContacts},
		{"FollowupAssign", testFollowupAssign},
		{"FollowupLists", testFollowupLists},
		{"FollowupTodo", testFollowupTodo},
		{"FollowupVersion", testFollowupVersion},
		{"HolidayTable", testHolidayTable},
		{"DataVersions", testDataVersions},
		{"Summaries", testSummaries},
		{"ScopedFollowupMonth", testScopedFollowupMonth},
		{"DispatchCounts", testDispatchCounts},
		{"DispatchPlanAtScale", testDispatchPlanAtScale},
		{"ReportQueries", testReportQueries},
		{"PoolOwner", testPoolOwner},
		{"PoolOwnerBackfill", testPoolOwnerBackfill},
		{"OfficeStaff", testOfficeStaff},
		{"IsStaff", testIsStaff},
		{"WarningCounts", testWarningCounts},
		{"Ping", testPing},
		{"NoticesOfDispatch", testNoticesOfDispatch},
		{"NoticesOfReassign", testNoticesOfReassign},
		{"NoticeDelivery", testNoticeDelivery},
		{"NoticeWebhooks", testNoticeWebhooks},
		{"Problems", testProblems},
		{"ProblemReminders", testProblemReminders},
		{"RefundFlow", testRefundFlow},
		{"RefundScope", testRefundScope},
		{"RefundSettings", testRefundSettings},
		{"RefundSweep", testRefundSweep},
		{"RefundRetention", testRefundRetention},
		{"Campaigns", testCampaigns},
		{"MemberGrowth", testMemberGrowth},
		{"JobSettings", testJobSettings},
		{"JobLeases", testJobLeases},
		{"NewerSchema", testNewerSchema},
		{"PruneWaybills", testPruneWaybills},
		{"Alerts", testAlerts},
		{"Hubs", testHubs},
		{"HubsScoped", testHubsScoped},
		{"Contests", testContests},
		{"ContestResume", testContestResume},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

// Opened is the end of an open function for Run and the benchmarks: it
// fails the test on err and closes the store when the test ends.
func Opened(t testing.TB, s *sqlstore.Store, err error) *sqlstore.Store {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func apply(t *testing.T, s postcrm.Store, b postcrm.Batch) postcrm.WriteResult {
	t.Helper()
	res, err := s.Apply(context.Background(), b)
	if err != nil {
		t.Fatalf("apply %s batch: %v", b.Kind, err)
	}
	return res
}

func expectResult(t *testing.T, what string, got, want postcrm.WriteResult) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %+v, want %+v", what, got, want)
	}
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// must2 is must for a call returning two values and an error:
// a, b := must2[A, B](t)(s.Call(ctx)).
func must2[A, B any](t *testing.T) func(A, B, error) (A, B) {
	return func(a A, b B, err error) (A, B) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a, b
	}
}
