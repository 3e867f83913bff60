package refund_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"postcrm"
	"postcrm/refund"
	"postcrm/sqlite"
	"postcrm/sqlstore"
	"postcrm/xlsxreport"
)

// The seeded world: three offices of one city, each with two managers
// (the maker and the checker), a courier and customers; a city manager.
var offices = []string{"13010001", "13010002", "13010003"}

func seeded(t testing.TB, waybills int) *sqlstore.Store {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "refund.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	org := postcrm.Batch{Kind: postcrm.KindOrg, Staff: []postcrm.Staff{{ID: "C01", Name: "地市管理员", Role: postcrm.RoleCityManager, City: "石家庄市"}}}
	var cust postcrm.Batch
	cust.Kind = postcrm.KindCustomers
	for i, o := range offices {
		org.Offices = append(org.Offices, postcrm.Office{Code: o, Name: fmt.Sprintf("第%d营业部", i+1), City: "石家庄市"})
		org.Staff = append(org.Staff,
			postcrm.Staff{ID: fmt.Sprintf("M%dA", i), Name: "受理员", Role: postcrm.RoleOfficeManager, OfficeCode: o, City: "石家庄市"},
			postcrm.Staff{ID: fmt.Sprintf("M%dB", i), Name: "审批人", Role: postcrm.RoleOfficeManager, OfficeCode: o, City: "石家庄市"},
			postcrm.Staff{ID: fmt.Sprintf("S%d", i), Name: "揽投员", Role: postcrm.RoleCourier, OfficeCode: o, City: "石家庄市"})
		cust.Customers = append(cust.Customers, postcrm.Customer{Code: fmt.Sprintf("KH%d", i), Name: fmt.Sprintf("客户%d", i), OfficeCode: o,
			OwnerStaffID: fmt.Sprintf("S%d", i), ContractDate: 20240101, Status: postcrm.StatusActive})
	}
	wb := postcrm.Batch{Kind: postcrm.KindWaybills}
	for i := range waybills {
		o := i % len(offices)
		wb.Waybills = append(wb.Waybills, postcrm.Waybill{No: fmt.Sprintf("98%08d", i), AcceptedAt: time.Date(2026, 2, 1, 9, 0, 0, 0, postcrm.ChinaTime),
			OfficeCode: offices[o], CourierStaffID: fmt.Sprintf("S%d", o), CustomerCode: fmt.Sprintf("KH%d", o), Product: "标准快递",
			WeightG: 500, PostageFen: int64(800 + i%7*150), Payment: postcrm.PaymentMonthly, Channel: postcrm.ChannelPickup, DestProvince: "广东"})
	}
	for _, b := range []postcrm.Batch{org, cust, wb} {
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// logged is one action as the test took it.
type logged struct {
	no     string
	office string
	act    postcrm.RefundAction
	at     time.Time
	fen    int64
	reason string
}

// simulate opens n cases from late February to the end of March with
// the seeded random steps: the third office slow to approve, some
// send-backs, rejections and failed payments; it returns what it did.
func simulate(t testing.TB, s *sqlstore.Store, n int, seed uint64) []logged {
	t.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 1))
	reasons := []string{"收件人拒收", "地址错误", "无法投递", "客户取消", "其他"}
	var log []logged
	start := time.Date(2026, 2, 20, 0, 0, 0, 0, postcrm.ChinaTime)
	for i := range n {
		o := i % len(offices)
		mA := postcrm.Scope{Role: postcrm.RoleOfficeManager, City: "石家庄市", OfficeCode: offices[o], StaffID: fmt.Sprintf("M%dA", o)}
		mB := mA
		mB.StaffID = fmt.Sprintf("M%dB", o)
		at := start.Add(time.Duration(rng.Float64()*40*24) * time.Hour)
		no := fmt.Sprintf("T%04d", i)
		do := func(sc postcrm.Scope, in refund.Input) bool {
			in.User, in.Role, in.At = sc.StaffID, sc.Role, at
			if _, err := refund.Do(ctx, s, sc, postcrm.Actor{User: sc.StaffID}, no, in); err != nil {
				t.Fatalf("%s %s: %v", no, in.Action, err)
			}
			log = append(log, logged{no: no, office: offices[o], act: in.Action, at: at, fen: in.AmountFen, reason: in.Reason})
			return true
		}
		wait := func(meanHours float64) { at = at.Add(time.Duration(rng.ExpFloat64()*meanHours*3600) * time.Second) }
		w := fmt.Sprintf("98%08d", i)
		do(mA, refund.Input{Action: postcrm.RefundOpen, Waybills: []string{w}, Reason: reasons[rng.IntN(len(reasons))]})
		postage := int64(800 + i%7*150)
		for {
			wait(6)
			if rng.Float64() < 0.05 {
				do(mA, refund.Input{Action: postcrm.RefundReject, Reason: "未见退回扫描"})
				break
			}
			do(mA, refund.Input{Action: postcrm.RefundVerified})
			wait([]float64{5, 8, 40}[o])
			if rng.Float64() < 0.12 {
				do(mB, refund.Input{Action: postcrm.RefundSendBack, Comment: "核对退回扫描"})
				continue
			}
			if rng.Float64() < 0.03 {
				do(mB, refund.Input{Action: postcrm.RefundReject, Reason: "其他"})
				break
			}
			do(mB, refund.Input{Action: postcrm.RefundApproved, AmountFen: postage})
			for k := 0; ; k++ {
				wait(20)
				if rng.Float64() < 0.1 {
					do(mA, refund.Input{Action: postcrm.RefundPayFail, PayKey: fmt.Sprintf("F%d", k)})
					continue
				}
				do(mA, refund.Input{Action: postcrm.RefundPayOK, PayKey: "OK"})
				break
			}
			wait(10)
			do(mA, refund.Input{Action: postcrm.RefundClose})
			break
		}
	}
	return log
}

// quantile is the p-quantile by 1-based rank r = 1 + (n−1)p, written
// apart from refund.Percentile for the test to compare against.
func quantile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	r := 1 + float64(len(s)-1)*p
	k := int(r)
	if k >= len(s) {
		return s[len(s)-1]
	}
	return s[k-1] + (r-float64(k))*(s[k]-s[k-1])
}

// expected computes the month's step durations from the test's own log.
func expected(log []logged, from, to time.Time, office string) map[string][]float64 {
	out := map[string][]float64{}
	began := map[string]struct {
		step string
		at   time.Time
	}{}
	for _, l := range log {
		if office != "" && l.office != office {
			continue
		}
		b := began[l.no]
		var ends string
		switch l.act {
		case postcrm.RefundVerified, postcrm.RefundReject, postcrm.RefundApproved, postcrm.RefundSendBack, postcrm.RefundPayOK:
			ends = b.step
		}
		if ends != "" && !l.at.Before(from) && l.at.Before(to) {
			out[ends] = append(out[ends], l.at.Sub(b.at).Hours())
		}
		switch l.act {
		case postcrm.RefundOpen, postcrm.RefundSendBack:
			b.step, b.at = refund.StepVerify, l.at
		case postcrm.RefundVerified:
			b.step, b.at = refund.StepApprove, l.at
		case postcrm.RefundApproved:
			b.step, b.at = refund.StepPay, l.at
		case postcrm.RefundReject, postcrm.RefundPayOK:
			b.step = ""
		}
		began[l.no] = b
	}
	return out
}

// TestReportMatchesRawEvents: on a seeded month of 500 cases the
// report's counts, medians and 90th percentiles equal an independent
// computation from the actions the test took; the cases by reason sum
// to the cases opened; the workbook opens in LibreOffice.
func TestReportMatchesRawEvents(t *testing.T) {
	if testing.Short() {
		t.Skip("500 cases")
	}
	s := seeded(t, 500)
	log := simulate(t, s, 500, 7)
	ctx := context.Background()
	r, err := refund.MonthReport(ctx, s, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, 202603)
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, postcrm.ChinaTime)
	to := time.Date(2026, 4, 1, 0, 0, 0, 0, postcrm.ChinaTime)
	check := func(who string, f refund.Figures, office string) {
		want := expected(log, from, to, office)
		for _, st := range []struct {
			name string
			got  refund.StepStats
		}{{refund.StepVerify, f.Steps.Verify}, {refund.StepApprove, f.Steps.Approve}, {refund.StepPay, f.Steps.Pay}} {
			h := want[st.name]
			if st.got.N != len(h) || len(h) == 0 ||
				math.Abs(st.got.MedianHours-quantile(h, 0.5)) > 0.005 || math.Abs(st.got.P90Hours-quantile(h, 0.9)) > 0.005 {
				t.Errorf("%s %s: %+v, want n %d median %.3f p90 %.3f", who, st.name, st.got, len(h), quantile(h, 0.5), quantile(h, 0.9))
			}
		}
		var opened, closed, rejected int
		var paid int64
		for _, l := range log {
			if (office != "" && l.office != office) || l.at.Before(from) || !l.at.Before(to) {
				continue
			}
			switch l.act {
			case postcrm.RefundOpen:
				opened++
			case postcrm.RefundClose:
				closed++
			case postcrm.RefundReject:
				rejected++
			}
		}
		for _, l := range log {
			if l.act == postcrm.RefundApproved && (office == "" || l.office == office) {
				for _, p := range log {
					if p.no == l.no && p.act == postcrm.RefundPayOK && !p.at.Before(from) && p.at.Before(to) {
						paid += l.fen
					}
				}
			}
		}
		if f.Opened != opened || f.Closed != closed || f.Rejected != rejected || math.Abs(f.RefundedYuan-float64(paid)/100) > 0.001 {
			t.Errorf("%s: opened %d closed %d rejected %d refunded %.2f; want %d %d %d %.2f", who, f.Opened, f.Closed, f.Rejected, f.RefundedYuan,
				opened, closed, rejected, float64(paid)/100)
		}
	}
	check("province", r.Figures, "")
	if len(r.Offices) != 3 {
		t.Fatalf("%d offices", len(r.Offices))
	}
	for _, o := range r.Offices {
		check(o.OfficeCode, o.Figures, o.OfficeCode)
	}
	if r.Offices[2].Bottleneck != refund.StepApprove {
		t.Errorf("the slow approver's office has bottleneck %q", r.Offices[2].Bottleneck)
	}
	sum := 0
	for _, n := range r.ByReason {
		sum += n
	}
	if sum != r.Opened || len(r.ByReason) != 5 {
		t.Errorf("by reason %v sums to %d, opened %d", r.ByReason, sum, r.Opened)
	}
	if r.OpenAtEnd == 0 || r.Overdue == 0 || r.Overdue > r.OpenAtEnd {
		t.Errorf("open at end %d, overdue %d", r.OpenAtEnd, r.Overdue)
	}
	t.Logf("March: opened %d closed %d rejected %d open at end %d overdue %d; verify %+v approve %+v pay %+v",
		r.Opened, r.Closed, r.Rejected, r.OpenAtEnd, r.Overdue, r.Steps.Verify, r.Steps.Approve, r.Steps.Pay)

	var buf bytes.Buffer
	if err := xlsxreport.Write(&buf, r.Workbook("全省", nil)); err != nil {
		t.Fatal(err)
	}
	openInLibreOffice(t, buf.Bytes())
}

// openInLibreOffice converts the workbook to PDF with LibreOffice and
// fails when it cannot; skipped where LibreOffice is not installed.
func openInLibreOffice(t *testing.T, xlsx []byte) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "refunds.xlsx")
	if err := os.WriteFile(in, xlsx, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	if st, err := os.Stat(filepath.Join(dir, "refunds.pdf")); err != nil || st.Size() < 1000 {
		t.Fatalf("LibreOffice made no PDF of the workbook: %v", err)
	}
	if dst := os.Getenv("POSTCRM_REFUND_PDF"); dst != "" {
		b, _ := os.ReadFile(filepath.Join(dir, "refunds.pdf"))
		os.WriteFile(dst, b, 0o644)
	}
}

// BenchmarkMonthReport reads and builds a month's report over 500 cases
// (go test ./refund -run '^$' -bench MonthReport).
func BenchmarkMonthReport(b *testing.B) {
	s := seeded(b, 500)
	simulate(b, s, 500, 7)
	ctx := context.Background()
	for b.Loop() {
		if _, err := refund.MonthReport(ctx, s, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, 202603); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenAndVerify is one case opened and verified through the
// rules and the store: two transactions (go test ./refund -run '^$'
// -bench OpenAndVerify).
func BenchmarkOpenAndVerify(b *testing.B) {
	s := seeded(b, 3000)
	ctx := context.Background()
	m := postcrm.Scope{Role: postcrm.RoleOfficeManager, City: "石家庄市", OfficeCode: offices[0], StaffID: "M0A"}
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, postcrm.ChinaTime)
	i := 0
	for b.Loop() {
		no := fmt.Sprintf("B%05d", i)
		w := fmt.Sprintf("98%08d", i*len(offices)%3000)
		i++
		if _, err := refund.Do(ctx, s, m, postcrm.Actor{User: "M0A"}, no, refund.Input{Action: postcrm.RefundOpen, User: "M0A", Role: m.Role, At: at,
			Waybills: []string{w}, Reason: "其他"}); err != nil {
			b.Fatal(err)
		}
		if _, err := refund.Do(ctx, s, m, postcrm.Actor{User: "M0A"}, no, refund.Input{Action: postcrm.RefundVerified, User: "M0A", Role: m.Role, At: at}); err != nil {
			b.Fatal(err)
		}
	}
}
