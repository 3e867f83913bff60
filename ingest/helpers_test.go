package ingest

import (
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"

	"postcrm"
)

// testNow is "now" for every parser in the tests.
var testNow = time.Date(2025, 3, 10, 12, 0, 0, 0, postcrm.ChinaTime)

// testRef is the store's view of the org and customer data.
func testRef() postcrm.RefData {
	return postcrm.RefData{
		Offices:   map[string]string{"13000101": "石家庄市", "13000102": "石家庄市", "13020101": "唐山市"},
		Staff:     map[string]string{"S1001": "13000101", "S1002": "13000102", "C0301": ""},
		Customers: map[string]string{"KH0001": "13000101", "KH0002": "13020101"},
	}
}

// writeFile writes content into a fresh temporary directory.
func writeFile(t testing.TB, name string, content []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func gbk(t testing.TB, s string) []byte     { return encode(t, simplifiedchinese.GBK, s) }
func gb18030(t testing.TB, s string) []byte { return encode(t, simplifiedchinese.GB18030, s) }

func encode(t testing.TB, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func openTable(t testing.TB, path string) *Table {
	t.Helper()
	tab, err := OpenTable(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tab.Close() })
	return tab
}

// readRows reads every data row, copying the reused field slices.
func readRows(t testing.TB, tab *Table) []Row {
	t.Helper()
	var rows []Row
	for {
		row, err := tab.Next()
		if errors.Is(err, io.EOF) {
			return rows
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, Row{Line: row.Line, Fields: append([]string(nil), row.Fields...)})
	}
}

// parsed is what parsing a whole file gave.
type parsed struct {
	batch   postcrm.Batch
	rejects []postcrm.Finding
}

// parseFile opens and parses a whole file with testRef and testNow.
func parseFile(t testing.TB, kind postcrm.ImportKind, path string) parsed {
	t.Helper()
	tab := openTable(t, path)
	p, err := NewParser(kind, tab, testRef(), testNow)
	if err != nil {
		t.Fatal(err)
	}
	var out parsed
	for _, row := range readRows(t, tab) {
		if reject, rejected := p.Parse(row, &out.batch); rejected {
			out.rejects = append(out.rejects, reject)
		}
	}
	return out
}

// parseCSV parses CSV text given as lines.
func parseCSV(t testing.TB, kind postcrm.ImportKind, lines ...string) parsed {
	t.Helper()
	return parseFile(t, kind, writeFile(t, "export.csv", []byte(strings.Join(lines, "\n")+"\n")))
}

// onlyReject returns the single rejecting finding of a one-row parse.
func onlyReject(t *testing.T, out parsed) postcrm.Finding {
	t.Helper()
	if len(out.rejects) != 1 || len(out.batch.Findings) != 1 {
		t.Fatalf("want exactly one rejected row and one finding, got rejects %+v, findings %+v", out.rejects, out.batch.Findings)
	}
	if out.rejects[0] != out.batch.Findings[0] || !out.rejects[0].Rejected {
		t.Fatalf("returned reject %+v differs from the batch's finding %+v", out.rejects[0], out.batch.Findings[0])
	}
	return out.rejects[0]
}

// lineWith is a CSV line in header order from valid values and changes.
func lineWith(header []string, valid, changes map[string]string) string {
	fields := make([]string, len(header))
	for i, h := range header {
		fields[i] = valid[h]
		if v, ok := changes[h]; ok {
			fields[i] = v
		}
	}
	return strings.Join(fields, ",")
}

// parseLines parses a CSV with header and lines.
func parseLines(t testing.TB, kind postcrm.ImportKind, header []string, lines ...string) parsed {
	t.Helper()
	return parseCSV(t, kind, append([]string{strings.Join(header, ",")}, lines...)...)
}

// rejectCase is one value that must reject an otherwise valid row.
type rejectCase struct {
	field, value string
	reason       postcrm.Reason
	message      string
}

var eightDigits = regexp.MustCompile(`^[0-9]{8}$`)

// recordKeys are the columns of each kind's natural key.
var recordKeys = map[postcrm.ImportKind][]string{
	postcrm.KindOrg: {"工号"}, postcrm.KindCustomers: {"客户代码"}, postcrm.KindWaybills: {"邮件号"},
	postcrm.KindMembers: {"手机号"}, postcrm.KindSuspensions: {"机构代码", "开始日期"},
}

// recordOf is the record key a finding of a row with these values names.
func recordOf(kind postcrm.ImportKind, values map[string]string) string {
	var key []string
	for _, col := range recordKeys[kind] {
		if values[col] == "" {
			return ""
		}
		key = append(key, values[col])
	}
	return strings.Join(key, " ")
}

// checkRejects puts each case's value into the valid row (with extra
// changes that must not add findings of their own) and checks the one
// rejecting finding.
func checkRejects(t *testing.T, kind postcrm.ImportKind, header []string, valid, extra map[string]string, cases []rejectCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.field+"="+c.value, func(t *testing.T) {
			changes := map[string]string{c.field: c.value}
			for k, v := range extra {
				changes[k] = v
			}
			out := parseLines(t, kind, header, "", lineWith(header, valid, changes))
			office := valid["机构代码"]
			if c.field == "机构代码" {
				office = c.value
			}
			if !eightDigits.MatchString(office) {
				office = ""
			}
			values := maps.Clone(valid)
			maps.Copy(values, changes)
			want := postcrm.Finding{Kind: kind, Source: "export.csv", Line: 3, Field: c.field,
				Reason: c.reason, Message: c.message, Value: c.value, OfficeCode: office, Rejected: true,
				Record: recordOf(kind, values)}
			if got := onlyReject(t, out); got != want {
				t.Errorf("finding\n got %+v\nwant %+v", got, want)
			}
			b := &out.batch
			if n := len(b.Staff) + len(b.Offices) + len(b.Customers) + len(b.Waybills) + len(b.Members) + len(b.Suspensions); n != 0 {
				t.Errorf("rejected row stored %d records", n)
			}
		})
	}
}
