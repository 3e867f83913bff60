package analysis

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"postcrm"
	"postcrm/sqlite"
)

// Walk-in histories come from the store's walk-in rollups: purchase days
// (two offices on one day are one purchase day), spend after the first
// day, the month's own figures and the latest office.
func TestReadWalkinsFromTheStore(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := func(day postcrm.Date) time.Time { return day.Time().Add(10 * time.Hour) }
	n := 0
	wb := func(phone, office string, day postcrm.Date, fen int64) postcrm.Waybill {
		n++
		return postcrm.Waybill{No: fmt.Sprintf("11%011d", n), AcceptedAt: at(day), OfficeCode: office, CourierStaffID: "S1",
			SenderPhone: phone, PostageFen: fen, Payment: postcrm.PaymentCash, Channel: postcrm.ChannelCounter}
	}
	batch := []postcrm.Waybill{
		wb("13900000001", "13010001", 20260105, 1000),
		wb("13900000001", "13010001", 20260301, 1200),
		wb("13900000001", "13010002", 20260301, 800), // same day, other office: still one purchase day
		wb("13900000001", "13010002", 20260610, 1500),
		wb("13900000001", "13010002", 20260705, 9900), // after the month: not read
		wb("13900000002", "13010001", 20260620, 700),
	}
	if _, err := s.Apply(ctx, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: batch}); err != nil {
		t.Fatal(err)
	}
	ws, err := ReadWalkins(ctx, s, 202606)
	if err != nil {
		t.Fatal(err)
	}
	want := []WalkinHistory{
		{Phone: "13900000001", OfficeCode: "13010002", First: 20260105, Last: 20260610, Days: 3, TotalFen: 4500, RepeatFen: 3500, MonthItems: 1, MonthFen: 1500},
		{Phone: "13900000002", OfficeCode: "13010001", First: 20260620, Last: 20260620, Days: 1, TotalFen: 700, MonthItems: 1, MonthFen: 700},
	}
	if len(ws) != len(want) {
		t.Fatalf("got %d histories: %+v", len(ws), ws)
	}
	for i := range want {
		if ws[i] != want[i] {
			t.Errorf("history %d:\n got %+v\nwant %+v", i, ws[i], want[i])
		}
	}
}

// On walk-ins simulated from a known BG/NBD process, the fit recovers the
// parameters, regulars who stopped long ago are warned and ones still
// coming are not, and no office gets more than its cap.
func TestWalkinModelAndWarnings(t *testing.T) {
	const month postcrm.Month = 202610
	end := month.Last()
	start := end.AddDays(-600)
	rng := rand.New(rand.NewPCG(7, 11))
	r, alpha, a, b := 0.6, 60.0, 0.8, 3.0
	lambdas := distuv.Gamma{Alpha: r, Beta: alpha, Src: rng}
	drops := distuv.Beta{Alpha: a, Beta: b, Src: rng}
	rates := distuv.Gamma{Alpha: 4, Beta: 10, Src: rng} // Gamma-Gamma's ν: about 15 yuan a purchase
	var ws []WalkinHistory
	for i := range 20000 {
		first := start.AddDays(rng.IntN(600))
		lambda, p := lambdas.Rand(), drops.Rand()
		spends := distuv.Gamma{Alpha: 6, Beta: rates.Rand(), Src: rng}
		h := WalkinHistory{Phone: fmt.Sprintf("139%08d", i), OfficeCode: fmt.Sprintf("130100%02d", i%5), First: first, Last: first, Days: 1, TotalFen: 1500}
		age := float64(postcrm.DaysBetween(first, end))
		for t := rng.ExpFloat64() / lambda; t <= age; t += rng.ExpFloat64() / lambda {
			if d := first.AddDays(int(t)); d != h.Last {
				h.Days++
				h.Last = d
				spend := int64(100 * spends.Rand())
				h.TotalFen += spend
				h.RepeatFen += spend
			}
			if rng.Float64() < p {
				break // dropped out after this repeat purchase
			}
		}
		ws = append(ws, h)
	}
	m, err := FitWalkins(ws, month)
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][2]float64{"r": {m.Purchases.R, r}, "alpha": {m.Purchases.Alpha, alpha}, "a": {m.Purchases.A, a}, "b": {m.Purchases.B, b}} {
		if rel := got[0]/got[1] - 1; rel < -0.25 || rel > 0.25 {
			t.Errorf("%s = %.3f, true %.3f", name, got[0], got[1])
		}
	}
	scores := make([]postcrm.WalkinScore, len(ws))
	for i, w := range ws {
		scores[i] = m.Score(month, w)
	}
	cfg := DefaultWalkinConfig()
	cfg.PerOffice = 5
	warnings := WalkinWarnings(month, ws, scores, cfg)
	if len(warnings) == 0 || len(warnings) > 5*5 {
		t.Fatalf("%d warnings for 5 offices capped at 5", len(warnings))
	}
	byPhone := map[string]int{}
	for i, w := range ws {
		byPhone[w.Phone] = i
	}
	for _, w := range warnings {
		h, sc := ws[byPhone[w.SenderPhone]], scores[byPhone[w.SenderPhone]]
		if sc.PAlive >= cfg.PAliveBelow || (h.Days < cfg.MinPurchases && w.RevenueAtRiskFen == 0) {
			t.Errorf("warned a walk-in that is likely alive or worthless: %+v %+v", h, sc)
		}
		if !strings.Contains(w.Reason, "天没来寄") || w.Kind != postcrm.WarnWalkinChurn {
			t.Errorf("warning %+v", w)
		}
	}
	// A regular who came last week is alive by any reading.
	recent := WalkinHistory{Phone: "x", First: start, Last: end.AddDays(-7), Days: 12, TotalFen: 18000, RepeatFen: 16500}
	if sc := m.Score(month, recent); sc.PAlive < 0.8 || sc.ExpectedItems90d <= 0 || sc.CLV12mFen <= 0 {
		t.Errorf("recent regular scored %+v", sc)
	}
}
