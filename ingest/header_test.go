package ingest

import (
	"strconv"
	"strings"
	"testing"

	"postcrm"
)

// A header that names a column twice is refused naming it, also below a
// title row, where the search for the header stops at it.
func TestHeaderWithAColumnTwice(t *testing.T) {
	for _, c := range []struct{ content, want string }{
		{"邮件号,收寄时间,机构代码,机构代码,揽投员工号,客户代码,寄件人电话,资费(元),付费方式,收寄渠道\n",
			"文件“x.csv”的表头里“机构代码”出现了两次（第 3 列和第 4 列）"},
		{"2025年3月收寄明细\n邮件号,收寄时间,机构代码,揽投员工号,客户代码,寄件人电话,资费(元),付费方式,收寄渠道,资费（元）\n",
			"文件“x.csv”的表头里“资费(元)”和“资费（元）”是同一列（第 7 列和第 10 列）"},
		{"邮件号,收寄时间,机构代码,揽投员工号,客户代码,寄件人电话,资费(元),付费方式,收寄渠道,Office_Code\n",
			"“机构代码”和“Office_Code”是同一列（第 3 列和第 10 列）"},
	} {
		tab := openTable(t, writeFile(t, "x.csv", []byte(c.content)))
		if _, err := NewParser(postcrm.KindWaybills, tab, testRef(), testNow); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.content, err, c.want)
		}
	}
}

// wideHeader is a header of n columns that a waybill import does not know.
func wideHeader(n int) []string {
	h := make([]string, n)
	for i := range h {
		h[i] = "备注（" + strconv.Itoa(i) + "）"
	}
	return h
}

// BenchmarkMapHeaderWide maps the widest header a file may have (Excel's
// 16,384 columns), none of them known, as each of the rows tried as the
// header is.
func BenchmarkMapHeaderWide(b *testing.B) {
	header := wideHeader(16384)
	for b.Loop() {
		if _, err := mapHeader("x.csv", waybillColumns, header); err == nil {
			b.Fatal("mapped")
		}
	}
}
