package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

const (
	march    = 202403
	february = 202402
)

// marchWarnings are listed as Warnings must return them: by score, then
// a walk-in (empty customer code) before the contract customer of the same
// score. The figures are not round so that floats must survive as they
// are.
func marchWarnings() []postcrm.Warning {
	third := 1.0 / 3
	return []postcrm.Warning{
		{Month: march, Kind: postcrm.WarnChurn, CustomerCode: "KH0003", OfficeCode: "13020001", OwnerStaffID: "S2001",
			ExpectedItems: 412.75 + third, ActualItems: 0, ExpectedFen: 618_420, ActualFen: 0, RevenueAtRiskFen: 618_420,
			Score: 0.1 + 0.2 + 0.6, Reason: "已连续21天未发件，往月每天都有邮件，疑似流失，请管户人尽快上门走访"},
		{Month: march, Kind: postcrm.WarnDecline, CustomerCode: "KH0001", OfficeCode: "13010001", OwnerStaffID: "S1001",
			ExpectedItems: 1250.5, ActualItems: 731, ExpectedFen: 1_875_000, ActualFen: 1_096_500, RevenueAtRiskFen: 778_500,
			Score: 0.8125 + third/1000, Reason: "本月发件量比预期少了四成多，请了解是否转走了部分业务"},
		{Month: march, Kind: postcrm.WarnWalkinChurn, SenderPhone: "13600000001", OfficeCode: "13010001",
			ExpectedItems: 3.2 * third, ActualItems: 0, ExpectedFen: 4_800, RevenueAtRiskFen: 4_800,
			Score: 0.5, Reason: "高价值散户，平均每月寄件三次，本月一次未寄"},
		{Month: march, Kind: postcrm.WarnDecline, CustomerCode: "KH0002", OfficeCode: "13010002",
			ExpectedItems: 88, ActualItems: 52, ExpectedFen: 92_400, ActualFen: 54_600, RevenueAtRiskFen: 37_800,
			Score: 0.5, Reason: "发件量下滑，营业部负责人请安排管户人"},
	}
}

var analysisKinds = []postcrm.WarningKind{postcrm.WarnDecline, postcrm.WarnChurn, postcrm.WarnWalkinChurn}

func saveWarnings(t *testing.T, s *sqlstore.Store, month postcrm.Month, kinds []postcrm.WarningKind, ws []postcrm.Warning) []postcrm.Warning {
	t.Helper()
	ctx := context.Background()
	if err := s.SaveWarnings(ctx, month, kinds, ws); err != nil {
		t.Fatalf("save warnings of %d: %v", month, err)
	}
	return must[[]postcrm.Warning](t)(s.Warnings(ctx, month))
}

// expectWarnings compares warnings, their IDs aside, and returns the IDs
// by key.
func expectWarnings(t *testing.T, what string, got, want []postcrm.Warning) map[string]int64 {
	t.Helper()
	ids := make(map[string]int64)
	stripped := make([]postcrm.Warning, len(got))
	for i, w := range got {
		if w.ID == 0 {
			t.Errorf("%s: warning %s%s has no ID", what, w.CustomerCode, w.SenderPhone)
		}
		ids[w.CustomerCode+w.SenderPhone] = w.ID
		stripped[i], stripped[i].ID = w, 0
	}
	if len(ids) != len(got) {
		t.Errorf("%s: %d keys for %d warnings", what, len(ids), len(got))
	}
	if !reflect.DeepEqual(stripped, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, stripped, want)
	}
	return ids
}

func testWarnings(t *testing.T, s *sqlstore.Store) {
	slow := postcrm.Warning{Month: march, Kind: postcrm.WarnSlowStart, CustomerCode: "KH0004", OfficeCode: "13020002",
		ExpectedItems: 60, ActualItems: 7, ExpectedFen: 9_000, ActualFen: 1_050, RevenueAtRiskFen: 7_950,
		Score: 0.25, Reason: "新签协议客户，签约两个月了还没起量"}
	saveWarnings(t, s, march, []postcrm.WarningKind{postcrm.WarnSlowStart}, []postcrm.Warning{slow})
	feb := marchWarnings()[1]
	feb.Month = february
	febSaved := saveWarnings(t, s, february, analysisKinds, []postcrm.Warning{feb})

	want := append(marchWarnings(), slow)
	first := expectWarnings(t, "first save", saveWarnings(t, s, march, analysisKinds, marchWarnings()), want)
	again := expectWarnings(t, "same list again", saveWarnings(t, s, march, analysisKinds, marchWarnings()), want)
	if !reflect.DeepEqual(again, first) {
		t.Errorf("IDs after saving the same list again: got %v, want %v", again, first)
	}

	// KH0001 declines further and is now churning; KH0002 (saved last,
	// so holding the highest ID) is no longer raised; a new walk-in is.
	ws := marchWarnings()[:3]
	ws[1].Kind, ws[1].ActualItems, ws[1].ActualFen, ws[1].RevenueAtRiskFen = postcrm.WarnChurn, 12, 18_000, 1_857_000
	ws[1].Score, ws[1].Reason = 0.97, "本月只发了12件，疑似流失"
	fresh := postcrm.Warning{Month: march, Kind: postcrm.WarnWalkinChurn, SenderPhone: "13600000003", OfficeCode: "13020002",
		ExpectedItems: 2.5, ExpectedFen: 3_000, RevenueAtRiskFen: 3_000, Score: 0.4, Reason: "散户两个月没来寄件"}
	ws = append(ws, fresh)
	want = []postcrm.Warning{ws[1], ws[0], ws[2], fresh, slow}
	third := expectWarnings(t, "changed list", saveWarnings(t, s, march, analysisKinds, ws), want)
	for _, key := range []string{"KH0001", "KH0003", "13600000001", "KH0004"} {
		if third[key] != first[key] {
			t.Errorf("warning %s changed ID from %d to %d", key, first[key], third[key])
		}
	}
	for key, id := range first {
		if third["13600000003"] == id {
			t.Errorf("the new warning took the ID %d of %s", id, key)
		}
	}

	ctx := context.Background()
	if got := must[[]postcrm.Warning](t)(s.Warnings(ctx, february)); !reflect.DeepEqual(got, febSaved) {
		t.Errorf("February after saving March: got %+v, want %+v", got, febSaved)
	}
	if got := must[[]postcrm.Warning](t)(s.Warnings(ctx, 202401)); len(got) != 0 {
		t.Errorf("warnings of a month never analysed: %+v", got)
	}
}

func testWarningsRejected(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	saved := saveWarnings(t, s, march, analysisKinds, marchWarnings())
	wrongMonth := marchWarnings()
	wrongMonth[2].Month = february
	twice := append(marchWarnings(), marchWarnings()[0])
	twice[len(twice)-1].Score = 0.1
	for what, ws := range map[string][]postcrm.Warning{"of another month": wrongMonth, "twice for a customer": twice} {
		if err := s.SaveWarnings(ctx, march, analysisKinds, ws); err == nil {
			t.Errorf("saving a warning %s succeeded", what)
		}
		if got := must[[]postcrm.Warning](t)(s.Warnings(ctx, march)); !reflect.DeepEqual(got, saved) {
			t.Errorf("after saving a warning %s: got %+v, want %+v", what, got, saved)
		}
	}
}

// scores makes n walk-in scores of month, phones in descending order.
func scores(month postcrm.Month, n int, seed float64) []postcrm.WalkinScore {
	out := make([]postcrm.WalkinScore, n)
	for i := range out {
		out[i] = postcrm.WalkinScore{Month: month, Phone: fmt.Sprintf("139%08d", n-i), OfficeCode: fixtureOffices[i%4].Code,
			Frequency: i % 17, RecencyDays: i % 300, TDays: 300 + i%60,
			PAlive: seed / float64(i+3), ExpectedItems90d: seed * float64(i%11) / 7,
			AvgPostageFen: int64(1200 + i), CLV12mFen: int64(i * 37)}
	}
	return out
}

func walkinScores(t *testing.T, s *sqlstore.Store, month postcrm.Month) []postcrm.WalkinScore {
	t.Helper()
	var got []postcrm.WalkinScore
	err := s.WalkinScores(context.Background(), month, func(c postcrm.WalkinScore) error {
		got = append(got, c)
		return nil
	})
	if err != nil {
		t.Fatalf("walk-in scores of %d: %v", month, err)
	}
	return got
}

// expectScores checks that got is want in phone order: want's phones
// descend, as scores makes them.
func expectScores(t *testing.T, what string, got, want []postcrm.WalkinScore) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d scores, want %d", what, len(got), len(want))
	}
	for i := range got {
		if w := want[len(want)-1-i]; got[i] != w {
			t.Fatalf("%s: score %d is %+v, want %+v", what, i, got[i], w)
		}
	}
}

func testWalkinScores(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	save := func(month postcrm.Month, cs []postcrm.WalkinScore) {
		t.Helper()
		if err := s.SaveWalkinScores(ctx, month, cs); err != nil {
			t.Fatalf("save walk-in scores of %d: %v", month, err)
		}
	}
	feb := scores(february, 7, 0.9)
	save(february, feb)
	// More than one multi-row statement's worth.
	save(march, scores(march, 5000, 0.7))
	expectScores(t, "March", walkinScores(t, s, march), scores(march, 5000, 0.7))
	// Fewer walk-ins, other figures: the month is replaced.
	save(march, scores(march, 300, 0.4))
	expectScores(t, "March saved again", walkinScores(t, s, march), scores(march, 300, 0.4))
	// Saved again with most scores as stored: only the others change.
	mixed := scores(march, 300, 0.4)
	mixed = append(mixed[:100], mixed[110:]...) // ten walk-ins no longer scored
	mixed[5].PAlive, mixed[7].OfficeCode, mixed[250].CLV12mFen = 0.123, fixtureOffices[3].Code, 1
	for i := range 20 { // and twenty new ones
		mixed = append(mixed, postcrm.WalkinScore{Month: march, Phone: fmt.Sprintf("138%08d", 20-i), OfficeCode: fixtureOffices[0].Code})
	}
	save(march, mixed)
	expectScores(t, "March partly changed", walkinScores(t, s, march), mixed)
	save(march, mixed)
	expectScores(t, "March saved unchanged", walkinScores(t, s, march), mixed)
	save(march, scores(march, 300, 0.4))
	expectScores(t, "February", walkinScores(t, s, february), feb)

	wrong := scores(march, 3, 0.5)
	wrong[1].Month = february
	if err := s.SaveWalkinScores(ctx, march, wrong); err == nil {
		t.Error("saving a walk-in score of another month succeeded")
	}
	save(february, nil)
	expectScores(t, "February emptied", walkinScores(t, s, february), nil)
	expectScores(t, "March after emptying February", walkinScores(t, s, march), scores(march, 300, 0.4))

	stop := errors.New("stop here")
	calls := 0
	err := s.WalkinScores(ctx, march, func(postcrm.WalkinScore) error {
		calls++
		if calls == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 2 {
		t.Errorf("stopping the walk-in scores: %v after %d calls", err, calls)
	}
}
