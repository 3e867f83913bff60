package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// testWaybillText stores text that needs escaping in the stored fields
// (quotes, backslashes, control characters, Chinese, an emoji) and reads
// it back unchanged; applying it again changes nothing.
func testWaybillText(t *testing.T, s *sqlstore.Store) {
	w := postcrm.Waybill{No: "1100000000042", AcceptedAt: day0.Add(9 * time.Hour), OfficeCode: "13010001",
		CourierStaffID: `S"1001\`, SenderPhone: "13912345678", Product: "标准\"快递\"\t\\n\x01 📦",
		WeightG: 1_000_000, PostageFen: 1_000_000, Payment: postcrm.PaymentCash,
		Channel: postcrm.ChannelCounter, DestProvince: "新疆维吾尔自治区</script>&"}
	batch := postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{w}}
	expectResult(t, "insert", apply(t, s, batch), postcrm.WriteResult{Inserted: 1})
	expectResult(t, "again", apply(t, s, batch), postcrm.WriteResult{Unchanged: 1})
	got := must[postcrm.Waybill](t)(s.Waybill(context.Background(), w.No))
	if !reflect.DeepEqual(got, w) {
		t.Errorf("read back:\n got %+v\nwant %+v", got, w)
	}
}

// LatestWaybills is the store's read of a contract customer's latest
// waybills (the web application's customer page).
type LatestWaybills interface {
	postcrm.Store
	LatestCustomerWaybills(ctx context.Context, code string, limit int) ([]postcrm.Waybill, error)
}

// CheckLatestCustomerWaybills stores waybills of two customers and a
// walk-in over several days, one of them moved to the other customer
// later, and reads each customer's latest ones, newest first.
func CheckLatestCustomerWaybills(t *testing.T, s LatestWaybills) {
	ctx := context.Background()
	var ws []postcrm.Waybill
	for i := range 30 {
		w := postcrm.Waybill{No: waybillNo(i), AcceptedAt: day0.Add(time.Duration(i*7) * time.Hour),
			OfficeCode: "13010001", CourierStaffID: "S1001", CustomerCode: "KH0001", Product: "标准快递",
			WeightG: 500, PostageFen: 1000 + int64(i), Payment: postcrm.PaymentMonthly, Channel: postcrm.ChannelPickup}
		switch i % 3 {
		case 1:
			w.CustomerCode = "KH0002"
		case 2:
			w.CustomerCode, w.SenderPhone, w.Payment = "", "13912345678", postcrm.PaymentCash
		}
		ws = append(ws, w)
	}
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: ws})
	moved := ws[27] // KH0001's latest moves to KH0002
	moved.CustomerCode = "KH0002"
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{moved}})
	ws[27] = moved

	for _, c := range []struct {
		code  string
		limit int
	}{{"KH0001", 4}, {"KH0002", 100}, {"KH0003", 5}, {"", 5}} {
		var want []postcrm.Waybill
		for i := len(ws) - 1; i >= 0 && len(want) < c.limit; i-- {
			if c.code != "" && ws[i].CustomerCode == c.code {
				want = append(want, ws[i])
			}
		}
		got, err := s.LatestCustomerWaybills(ctx, c.code, c.limit)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(nos(got), nos(want)) || !sameWaybills(got, want) {
			t.Errorf("%q, limit %d: got %v, want %v", c.code, c.limit, nos(got), nos(want))
		}
	}
}

func nos(ws []postcrm.Waybill) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.No
	}
	return out
}

func sameWaybills(a, b []postcrm.Waybill) bool {
	for i := range a {
		if !a[i].AcceptedAt.Equal(b[i].AcceptedAt) {
			return false
		}
		x, y := a[i], b[i]
		x.AcceptedAt, y.AcceptedAt = time.Time{}, time.Time{}
		if x != y {
			return false
		}
	}
	return len(a) == len(b)
}

// CheckWaybillsMigration stores waybills in the layout before migration
// 0005 (one column a field) on db, with migrations holding the store's
// files, then has open bring the schema up to date: every waybill reads
// back as it was stored, and re-applying them changes nothing.
func CheckWaybillsMigration(t *testing.T, db *sql.DB, migrations fs.FS, open func() LatestWaybills) {
	ctx := context.Background()
	names, err := fs.Glob(migrations, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	mustExec := func(q string) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%.60q: %v", q, err)
		}
	}
	mustExec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`)
	for _, name := range names {
		var v int
		if _, err := fmt.Sscanf(name, "%d_", &v); err != nil || v >= 5 {
			continue
		}
		text, err := fs.ReadFile(migrations, name)
		if err != nil {
			t.Fatal(err)
		}
		mustExec(string(text))
		mustExec(fmt.Sprintf("INSERT INTO schema_migrations VALUES (%d, '%s', 0)", v, name))
	}
	ws := []postcrm.Waybill{
		// 2024-03-01 in UTC, 2024-03-02 in China.
		{No: "1100000000001", AcceptedAt: time.Date(2024, 3, 2, 1, 30, 0, 0, postcrm.ChinaTime), OfficeCode: "13010001",
			CourierStaffID: "S1001", CustomerCode: "KH0001", Product: `标准"快递"\`, WeightG: 1200, PostageFen: 1550,
			Payment: postcrm.PaymentMonthly, Channel: postcrm.ChannelPickup, DestProvince: "广东省"},
		{No: "1100000000002", AcceptedAt: time.Date(2024, 3, 2, 0, 0, 0, 0, postcrm.ChinaTime), OfficeCode: "13010002",
			CourierStaffID: "S1003", SenderPhone: "13912345678", Product: "特快专递", WeightG: 0, PostageFen: 2200,
			Payment: postcrm.PaymentCash, Channel: postcrm.ChannelCounter},
	}
	for _, w := range ws {
		mustExec(fmt.Sprintf(`INSERT INTO waybills (waybill_no, accepted_at, office_code, courier_staff_id, customer_code,
			sender_phone, product, weight_g, postage_fen, payment, channel, dest_province)
			VALUES (%s, %d, %s, %s, %s, %s, %s, %d, %d, %s, %s, %s)`,
			quote(w.No), w.AcceptedAt.Unix(), quote(w.OfficeCode), quote(w.CourierStaffID), quote(w.CustomerCode),
			quote(w.SenderPhone), quote(w.Product), w.WeightG, w.PostageFen, quote(string(w.Payment)),
			quote(string(w.Channel)), quote(w.DestProvince)))
	}
	mustExec(`INSERT INTO customer_daily (customer_code, day, items, postage_fen) VALUES ('KH0001', 20240302, 1, 1550)`)

	s := open()
	for _, w := range ws {
		got := must[postcrm.Waybill](t)(s.Waybill(ctx, w.No))
		if !sameWaybills([]postcrm.Waybill{got}, []postcrm.Waybill{w}) {
			t.Errorf("after migrating:\n got %+v\nwant %+v", got, w)
		}
	}
	expectResult(t, "re-applying the migrated waybills", apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: ws}),
		postcrm.WriteResult{Unchanged: len(ws)})
	// The migration computed the China day the customer's index needs.
	got := must[[]postcrm.Waybill](t)(s.LatestCustomerWaybills(ctx, "KH0001", 10))
	if !reflect.DeepEqual(nos(got), []string{"1100000000001"}) {
		t.Errorf("KH0001's waybills after migrating: got %v", nos(got))
	}
}

// quote is an SQL string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
