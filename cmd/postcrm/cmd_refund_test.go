package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"postcrm"
	"postcrm/export"
	"postcrm/refund"
	"postcrm/schedule"
	"postcrm/sqlite"
	"postcrm/sqlstore"
)

// refundDB is a database with one office, its two managers, a customer
// and three waybills; open opens a case on waybill i at at.
func refundDB(t *testing.T) (path string, open func(i int, at time.Time) string) {
	t.Helper()
	ctx := context.Background()
	path = filepath.Join(t.TempDir(), "crm.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	batches := []postcrm.Batch{
		{Kind: postcrm.KindOrg, Offices: []postcrm.Office{{Code: "13010001", Name: "长安营业部", City: "石家庄市"}},
			Staff: []postcrm.Staff{
				{ID: "M1", Name: "甲", Role: postcrm.RoleOfficeManager, OfficeCode: "13010001", City: "石家庄市"},
				{ID: "M2", Name: "乙", Role: postcrm.RoleOfficeManager, OfficeCode: "13010001", City: "石家庄市"}}},
		{Kind: postcrm.KindCustomers, Customers: []postcrm.Customer{{Code: "KH1", Name: "华药", OfficeCode: "13010001", OwnerStaffID: "M1", Status: postcrm.StatusActive}}},
	}
	var ws []postcrm.Waybill
	for i := range 3 {
		ws = append(ws, postcrm.Waybill{No: "W" + string(rune('0'+i)), AcceptedAt: time.Date(2026, 2, 1, 10, 0, 0, 0, postcrm.ChinaTime),
			OfficeCode: "13010001", CustomerCode: "KH1", PostageFen: 1500, Payment: postcrm.PaymentMonthly, Channel: postcrm.ChannelPickup})
	}
	batches = append(batches, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: ws})
	for _, b := range batches {
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	m1 := postcrm.Scope{Role: postcrm.RoleOfficeManager, City: "石家庄市", OfficeCode: "13010001", StaffID: "M1"}
	return path, func(i int, at time.Time) string {
		c, err := refund.Do(ctx, s, m1, postcrm.Actor{User: "M1"}, "", refund.Input{Action: postcrm.RefundOpen, User: "M1",
			Role: postcrm.RoleOfficeManager, At: at, Waybills: []string{"W" + string(rune('0'+i))}, Reason: "地址错误"})
		if err != nil {
			t.Fatal(err)
		}
		return c.No
	}
}

// swept reports whether case no has a reminder or escalation in its history.
func swept(t *testing.T, path, no string) bool {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, hist, err := s.RefundCase(context.Background(), postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, no)
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(hist, func(e postcrm.RefundEvent) bool {
		return e.Action == postcrm.RefundRemind || e.Action == postcrm.RefundEscalate
	})
}

// TestRefundSweepRegistered: the daily command `postcrm refund sweep`
// and serve's schedule (an hourly job among the others) both run the
// reminder sweep; this fails if either stops doing so.
func TestRefundSweepRegistered(t *testing.T) {
	path, open := refundDB(t)
	daily := open(0, time.Now().Add(-10*24*time.Hour))
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--db", path, "refund", "sweep"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !swept(t, path, daily) || !strings.Contains(out.String(), "退费催办") {
		t.Errorf("refund sweep did not chase an overdue case: %s", out.String())
	}

	served := open(1, time.Now().Add(-10*24*time.Hour))
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	all := schedule.New(s, "test", nil, nil)
	registerJobs(all, &env{}, s)
	i := slices.IndexFunc(all.Jobs(), func(j schedule.Job) bool { return j.Name == "refunds" })
	if i < 0 || all.Jobs()[i].Period != schedule.Hourly {
		t.Fatalf("serve's schedule has no hourly refund sweep: %+v", all.Jobs())
	}
	// Its run this hour, at half past (a step 10 days overdue is overdue
	// then too).
	at := time.Now().Truncate(time.Hour).Add(30 * time.Minute)
	one := schedule.New(s, "test", func() time.Time { return at }, slog.New(slog.NewTextHandler(io.Discard, nil)))
	one.Add(all.Jobs()[i])
	one.Tick(ctx)
	if !swept(t, path, served) {
		t.Error("the schedule's refund job did not chase an overdue case")
	}
	runs, err := s.JobRuns(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || runs[0].Job != "refunds" || !runs[0].OK || !strings.Contains(runs[0].Detail, "升级 1 件") {
		t.Errorf("the schedule's log %+v, want the refund job's run escalating one case", runs)
	}
}

// TestRefundImportAndReportCommands: `refund import` applies a file and
// `refund report --json` answers exactly the keys of the report's
// contract; -o writes the workbook.
func TestRefundImportAndReportCommands(t *testing.T) {
	path, _ := refundDB(t)
	dir := t.TempDir()
	events := filepath.Join(dir, "events.csv")
	body := "case_no,at,action,actor_staff_id,waybill_nos,amount,reason\n" +
		"A1,2026-03-02 09:30:00,open,M1,W0;W1,,收件人拒收\n" +
		"A1,2026-03-02 11:30:00,verify,M1,,,\n" +
		"A1,2026-03-02 15:30:00,approve,M2,,30,\n" +
		"A1,2026-03-03 15:30:00,pay_ok,M1,,30,\n" +
		"A1,2026-03-03 16:00:00,close,M1,,,\n" +
		"A2,2026-03-05 09:00:00,open,M1,W2,,无法投递\n" +
		"A2,2026-03-05 10:00:00,approve,M1,,15,\n"
	if err := os.WriteFile(events, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--db", path, "refund", "import", events}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "应用 6 条") || !strings.Contains(out.String(), "拒绝 1 条") {
		t.Errorf("import said %q", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"--db", path, "refund", "report", "--month", "2026-03", "--json"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	keys := func(v any) []string {
		var ks []string
		for k := range v.(map[string]any) {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		return ks
	}
	want := []string{"closed", "month", "offices", "open_at_end", "opened", "overdue", "refunded_yuan", "rejected", "steps"}
	if got := keys(m); !slices.Equal(got, want) {
		t.Errorf("report keys %v, want %v", got, want)
	}
	steps := m["steps"].(map[string]any)
	if got := keys(steps); !slices.Equal(got, []string{"approve", "pay", "verify"}) {
		t.Errorf("steps %v", got)
	}
	if got := keys(steps["verify"]); !slices.Equal(got, []string{"median_hours", "n", "p90_hours"}) {
		t.Errorf("a step's keys %v", got)
	}
	office := m["offices"].([]any)[0]
	wantOffice := []string{"bottleneck", "closed", "office_code", "open_at_end", "opened", "overdue", "refunded_yuan", "rejected", "steps"}
	if got := keys(office); !slices.Equal(got, wantOffice) {
		t.Errorf("office keys %v, want %v", got, wantOffice)
	}
	v := steps["approve"].(map[string]any)
	if m["month"] != "2026-03" || m["opened"] != 2.0 || m["closed"] != 1.0 || m["open_at_end"] != 1.0 || m["refunded_yuan"] != 30.0 ||
		v["n"] != 1.0 || v["median_hours"] != 4.0 || office.(map[string]any)["bottleneck"] != "pay" {
		t.Errorf("report %s", out.String())
	}
	xlsx := filepath.Join(dir, "r.xlsx")
	out.Reset()
	if err := run(context.Background(), []string{"--db", path, "refund", "report", "--month", "2026-03", "-o", xlsx}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(xlsx); err != nil || st.Size() < 2000 {
		t.Errorf("workbook: %v", err)
	}
}

// TestRefundReasonAndDueCommands: the province extends the reasons and
// sets a step's due time, working or calendar hours, from the command
// line; the workflow then uses them.
func TestRefundReasonAndDueCommands(t *testing.T) {
	path, _ := refundDB(t)
	var out bytes.Buffer
	cli := func(args ...string) error {
		out.Reset()
		return run(context.Background(), append([]string{"--db", path, "refund"}, args...), &out, io.Discard)
	}
	if err := cli("reason", "add", "open", "破损退回"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "客户取消、破损退回、其他") {
		t.Errorf("reasons: %s", out.String())
	}
	if err := cli("due", "pay", "16", "working"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "待退款：16 个工作小时") {
		t.Errorf("due: %s", out.String())
	}
	if err := cli("due", "verify", "8"); err == nil {
		t.Error("a due time without working or calendar was taken")
	}
	if err := cli("due", "nope", "8", "working"); err == nil {
		t.Error("an unknown step was taken")
	}
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.RefundSettings(context.Background())
	if err != nil || st.Steps[postcrm.RefundPay] != (postcrm.RefundDue{Hours: 16, Working: true}) {
		t.Errorf("stored %+v, %v", st, err)
	}
}

// TestWarningsCommandListsRefundWarnings: `postcrm warnings` exports the
// month's refund warnings with the analysis's, in the web list's order
// (the refund warnings first), in the command's columns: the kind's
// code, the customer, office and owner, no figures, the case in the
// reason.
func TestWarningsCommandListsRefundWarnings(t *testing.T) {
	path, open := refundDB(t)
	now := time.Now()
	no := open(0, now.Add(-10*24*time.Hour))
	ctx := context.Background()
	if err := run(ctx, []string{"--db", path, "refund", "sweep"}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	month := postcrm.DateOf(now).YearMonth()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SaveWarnings(ctx, month, []postcrm.WarningKind{postcrm.WarnDecline}, []postcrm.Warning{{Month: month, Kind: postcrm.WarnDecline,
		CustomerCode: "KH1", OfficeCode: "13010001", OwnerStaffID: "M1", ExpectedItems: 40, ActualItems: 12, ExpectedFen: 60000,
		ActualFen: 18000, RevenueAtRiskFen: 42000, Score: 3, Reason: "收寄量骤减"}}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"--db", path, "warnings", "--month", month.String()}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || strings.Join(rows[0], ",") != strings.Join(export.WarningKeys(false), ",") {
		t.Fatalf("exported %q, want the header, the refund warning and the analysis's", rows)
	}
	col := func(row []string, key string) string { return row[slices.Index(rows[0], key)] }
	refundRow, decline := rows[1], rows[2]
	for key, want := range map[string]string{"kind": "refund_open", "customer_code": "KH1", "office_code": "13010001", "owner_staff_id": "M1"} {
		if got := col(refundRow, key); got != want {
			t.Errorf("the refund warning's %s is %q, want %q", key, got, want)
		}
	}
	if !strings.Contains(col(refundRow, "reason"), no) {
		t.Errorf("the refund warning's reason %q does not name case %s", col(refundRow, "reason"), no)
	}
	for _, key := range []string{"expected_items", "actual_items", "expected_revenue", "actual_revenue", "revenue_at_risk", "score"} {
		if v, err := strconv.ParseFloat(col(refundRow, key), 64); err != nil || v != 0 {
			t.Errorf("the refund warning's %s is %q, want 0", key, col(refundRow, key))
		}
	}
	if col(decline, "kind") != "decline" || col(decline, "revenue_at_risk") != "420.00" {
		t.Errorf("the analysis's warning %q", decline)
	}
	// The workbook holds the same rows.
	xlsx := filepath.Join(t.TempDir(), "w.xlsx")
	if err := run(ctx, []string{"--db", path, "warnings", "--month", month.String(), "--format", "xlsx", "-o", xlsx}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	book, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	sheet, err := book.GetRows(book.GetSheetName(0))
	if err != nil || len(sheet) != 3 || sheet[1][0] != "refund_open" || sheet[2][0] != "decline" {
		t.Errorf("the workbook's rows %q (%v)", sheet, err)
	}
}

// holidayReads is a store that counts the reads of the holiday table.
type holidayReads struct {
	*sqlstore.Store
	n int
}

func (s *holidayReads) HolidayTable(ctx context.Context) (string, error) {
	s.n++
	return s.Store.HolidayTable(ctx)
}

// TestRefundSweepReadsCalendarWhenDue: the hourly sweep reads the
// calendar only when a step is overdue (it times the escalations), so
// that the hours that find nothing due do not read it.
func TestRefundSweepReadsCalendarWhenDue(t *testing.T) {
	path, open := refundDB(t)
	now := time.Now()
	no := open(0, now)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := &holidayReads{Store: st}
	if res, err := refund.Sweep(ctx, s, now); err != nil || res.Reminded+res.Escalated != 0 || s.n != 0 {
		t.Errorf("a sweep with nothing due: %+v (%v), the calendar read %d times, want none", res, err, s.n)
	}
	later := now.Add(10 * 24 * time.Hour)
	if res, err := refund.Sweep(ctx, s, later); err != nil || res.Reminded+res.Escalated != 1 || s.n != 1 || !swept(t, path, no) {
		t.Errorf("a sweep with a step overdue: %+v (%v), the calendar read %d times, want once", res, err, s.n)
	}
}
