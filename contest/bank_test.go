package contest

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

// writeBank writes n questions as XLSX; rows maps a sheet row to a
// replacement row (a bad one).
func writeBank(t testing.TB, n int, bad map[int][]any) string {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetRow("Sheet1", "A1", &[]any{"编号", "类别", "题型", "分值", "题目", "答案", "选项"}); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		row := []any{fmt.Sprintf("Q%04d", i+1), "业务知识", "单选", 10, fmt.Sprintf("第 %d 题", i+1), "A", "A. 是 B. 否"}
		if b, ok := bad[i+2]; ok {
			row = b
		}
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &row); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "bank.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadBankReportsBadRowsByNumber(t *testing.T) {
	path := writeBank(t, 20, map[int][]any{
		5:  {"Q0004", "党史", "判断", 10, "", "对"},         // no question text
		7:  {"Q0006", "党史", "判断", "十分", "问", "对"},      // value not a number
		9:  {"Q0002", "规章制度", "单选", 20, "问", "B", "…"}, // ID of row 3 again
		12: {"Q0011", "规章制度", "单选", 20, "问", "B"},      // good, without options
	})
	qs, bad, err := ReadBank(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range bad {
		got = append(got, fmt.Sprintf("%d %s", b.Row, b.Field))
	}
	if want := []string{"5 题目", "7 分值", "9 编号"}; !slices.Equal(got, want) {
		t.Fatalf("bad rows %v, want %v", got, want)
	}
	if len(qs) != 17 {
		t.Fatalf("%d good questions, want 17", len(qs))
	}
}

// BenchmarkReadBank1000 reads a bank of 1,000 questions from XLSX.
func BenchmarkReadBank1000(b *testing.B) {
	path := writeBank(b, 1000, nil)
	for b.Loop() {
		qs, bad, err := ReadBank(path)
		if err != nil || len(bad) > 0 || len(qs) != 1000 {
			b.Fatal(err, bad, len(qs))
		}
	}
}
