package demo

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"postcrm"
)

func TestSameSeedSameBytes(t *testing.T) {
	c := loadCorpus(t)
	// Again on one core: the parallel month writers must not matter.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	again := filepath.Join(testDir, "again")
	if _, err := Generate(Options{Dir: again, Seed: testSeed, End: testEnd}); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		a, _ := os.ReadFile(filepath.Join(c.dir, e.Name()))
		b, err := os.ReadFile(filepath.Join(again, e.Name()))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs with the same seed (%v)", e.Name(), err)
		}
	}
	other := filepath.Join(testDir, "other")
	if _, err := Generate(Options{Dir: other, Seed: testSeed + 1, End: testEnd}); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(c.dir, "waybills-2026-05.csv"))
	b, _ := os.ReadFile(filepath.Join(other, "waybills-2026-05.csv"))
	if bytes.Equal(a, b) {
		t.Error("another seed gave the same waybills")
	}
}

var headers = map[postcrm.ImportKind]string{
	postcrm.KindOrg:         "地市,机构代码,机构名称,工号,姓名,岗位,手机",
	postcrm.KindCustomers:   "客户代码,客户名称,机构代码,管户人工号,签约日期,行业,联系人,联系电话,状态",
	postcrm.KindWaybills:    "邮件号,收寄时间,机构代码,揽投员工号,客户代码,寄件人电话,产品,重量(克),资费(元),付费方式,收寄渠道,寄达省",
	postcrm.KindMembers:     "手机号,注册日期,机构代码,推荐人工号",
	postcrm.KindAdjustments: "编号,范围,类型,寄达省,产品,开始日期,结束日期,原因",
}

func TestManifestDescribesFiles(t *testing.T) {
	c := loadCorpus(t)
	m := c.manifest
	var kinds []postcrm.ImportKind
	encodings := map[string]int{}
	for _, f := range m.Files {
		kinds = append(kinds, f.Kind)
		encodings[f.Encoding]++
		rows, err := readExport(c.dir, f)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if got := strings.Join(rows[0], ","); got != headers[f.Kind] {
			t.Errorf("%s header %q", f.Name, got)
		}
		if len(rows)-1 != f.Rows {
			t.Errorf("%s: %d rows, manifest says %d", f.Name, len(rows)-1, f.Rows)
		}
		raw, _ := os.ReadFile(filepath.Join(c.dir, f.Name))
		if isGB := f.Encoding == EncodingGB18030; f.Encoding != EncodingXLSX && isGB == utf8.Valid(raw) {
			t.Errorf("%s: encoding %s but valid UTF-8 is %v", f.Name, f.Encoding, utf8.Valid(raw))
		}
	}
	if want := append([]postcrm.ImportKind{postcrm.KindOrg, postcrm.KindCustomers}, slices.Repeat([]postcrm.ImportKind{postcrm.KindWaybills}, DefaultMonths)...); !slices.Equal(kinds[:len(want)], want) || kinds[len(kinds)-1] != postcrm.KindMembers {
		t.Errorf("import order %v", kinds)
	}
	if m.Files[2].Name != "waybills-2025-01.csv" || m.Files[23].Name != "waybills-2026-10.csv" {
		t.Errorf("months %s … %s, want 2025-01 … 2026-10", m.Files[2].Name, m.Files[23].Name)
	}
	if encodings[EncodingGB18030] != 1 || encodings[EncodingXLSX] != 1 || encodings[EncodingUTF8BOM] == 0 {
		t.Errorf("encodings %v: want one GB18030 waybill file, the members as XLSX and some BOMs", encodings)
	}
	for _, f := range m.Truth {
		if _, err := os.Stat(filepath.Join(c.dir, f.Name)); err != nil {
			t.Error(err)
		}
	}
	if len(c.numbers) != m.Waybills {
		t.Errorf("%d distinct waybills stored, manifest says %d", len(c.numbers), m.Waybills)
	}
	if m.Waybills < 200_000 || m.Waybills > 1_500_000 {
		t.Errorf("%d waybills: small should be a few hundred thousand", m.Waybills)
	}
}

// Every planted problem is where the manifest says, with the reason it
// gives, and no other row has a problem.
func TestFindingsMatchRows(t *testing.T) {
	c := loadCorpus(t)
	r := c.refs()
	planted := map[string]map[int]Finding{}
	for _, f := range c.manifest.Findings {
		if planted[f.File] == nil {
			planted[f.File] = map[int]Finding{}
		}
		planted[f.File][f.Line] = f
	}
	check := func(file string, flagged map[int]postcrm.Reason, want []postcrm.Reason) {
		reasons := map[postcrm.Reason]bool{}
		for line, reason := range flagged {
			f, ok := planted[file][line]
			if !ok || f.Reason != reason || f.Rejected != rejected(reason) {
				t.Errorf("%s line %d: found %s, manifest has %+v", file, line, reason, f)
			}
			reasons[reason] = true
		}
		for line, f := range planted[file] {
			if _, ok := flagged[line]; !ok {
				t.Errorf("%s line %d: manifest has %s, the row looks fine", file, line, f.Reason)
			}
		}
		for _, reason := range want {
			if !reasons[reason] {
				t.Errorf("%s: no row with %s", file, reason)
			}
		}
	}
	tableFlags := func(file string, problem func([]string) (postcrm.Reason, bool), col map[string]int) map[int]postcrm.Reason {
		flagged := map[int]postcrm.Reason{}
		for i, row := range c.tables[file] {
			if reason, bad := problem(row); bad {
				flagged[i+2] = reason
				if f := planted[file][i+2]; f.Value != row[col[f.Field]] {
					t.Errorf("%s line %d: value %q, manifest says %q", file, i+2, row[col[f.Field]], f.Value)
				}
			}
		}
		return flagged
	}
	columns := func(header []string) map[string]int {
		m := map[string]int{}
		for i, h := range header {
			m[h] = i
		}
		return m
	}
	members := c.manifest.Files[len(c.manifest.Files)-1].Name
	check("org.csv", tableFlags("org.csv", orgProblem, columns(orgHeader)), []postcrm.Reason{
		postcrm.ReasonMissingField, postcrm.ReasonBadEnum, postcrm.ReasonBadPhone, postcrm.ReasonBadCode})
	check("customers.csv", tableFlags("customers.csv", func(f []string) (postcrm.Reason, bool) { return customerProblem(f, r) }, columns(customerHeader)), []postcrm.Reason{
		postcrm.ReasonMissingField, postcrm.ReasonBadDate, postcrm.ReasonBadEnum, postcrm.ReasonUnknownOffice, postcrm.ReasonBadPhone, postcrm.ReasonUnknownStaff})
	check(members, tableFlags(members, func(f []string) (postcrm.Reason, bool) { return memberProblem(f, r) }, columns(memberHeader)), []postcrm.Reason{
		postcrm.ReasonMissingField, postcrm.ReasonBadPhone, postcrm.ReasonBadDate, postcrm.ReasonUnknownOffice, postcrm.ReasonUnknownStaff})
	wcol := columns(waybillHeader)
	for _, f := range c.manifest.Files {
		if f.Kind != postcrm.KindWaybills {
			continue
		}
		check(f.Name, c.flagged[f.Name], []postcrm.Reason{postcrm.ReasonMissingField, postcrm.ReasonBadTime, postcrm.ReasonNegative,
			postcrm.ReasonAbsurd, postcrm.ReasonUnknownOffice, postcrm.ReasonBadCode, postcrm.ReasonUnknownCustomer,
			postcrm.ReasonBadPhone, postcrm.ReasonBadEnum, postcrm.ReasonNoPhone, postcrm.ReasonUnknownStaff})
		for line, fd := range planted[f.Name] {
			if got := strings.Split(c.lines[f.Name][line], ",")[wcol[fd.Field]]; got != fd.Value {
				t.Errorf("%s line %d: %s is %q, manifest says %q", f.Name, line, fd.Field, got, fd.Value)
			}
		}
		if share := float64(f.Rejected) / float64(f.Rows); share > 0.002 {
			t.Errorf("%s: %.2f%% of rows rejected, want a sprinkling", f.Name, share*100)
		}
	}
}

func TestMonthsOverlapByADay(t *testing.T) {
	c := loadCorpus(t)
	var prev File
	for _, f := range c.manifest.Files {
		if f.Kind != postcrm.KindWaybills {
			continue
		}
		switch {
		case prev.Name == "" && f.Repeated != 0:
			t.Errorf("%s: the first file repeats %d rows", f.Name, f.Repeated)
		case prev.Name != "" && (f.Repeated == 0 || !slices.Equal(c.headLines[f.Name], c.lastDay[prev.Name])):
			t.Errorf("%s does not start with the %d rows of %s's last day (%d repeated)", f.Name, len(c.lastDay[prev.Name]), prev.Name, f.Repeated)
		}
		prev = f
	}
}

func TestCorrectionsResendEarlierWaybills(t *testing.T) {
	c := loadCorpus(t)
	perFile := map[string]int{}
	for _, k := range c.manifest.Corrections {
		perFile[k.File]++
		corrected := strings.Split(c.lines[k.File][k.Line], ",")
		if corrected[0] != k.WaybillNo || corrected[8] != yuan(k.NewFen) || k.NewFen == k.OldFen {
			t.Errorf("%s line %d: %v does not match %+v", k.File, k.Line, corrected, k)
			continue
		}
		original := c.firstSent[k.WaybillNo]
		if original.file >= k.File {
			t.Errorf("%s: corrected %s was first sent in %q", k.File, k.WaybillNo, original.file)
			continue
		}
		before := strings.Split(original.line, ",")
		if before[8] != yuan(k.OldFen) {
			t.Errorf("%s: %s had postage %s, manifest says %d fen", k.File, k.WaybillNo, before[8], k.OldFen)
		}
		before[8] = corrected[8]
		if !slices.Equal(before, corrected) {
			t.Errorf("%s: correction of %s changes more than the postage", k.File, k.WaybillNo)
		}
	}
	for _, f := range c.manifest.Files {
		if perFile[f.Name] != f.Corrected {
			t.Errorf("%s: %d corrections listed, manifest file says %d", f.Name, perFile[f.Name], f.Corrected)
		}
	}
	if n := len(c.manifest.Corrections); n < 20 || n > 100 {
		t.Errorf("%d corrections, want a few dozen", n)
	}
}

func yuan(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }

func TestWaybillNumbersUniqueAndIncreasing(t *testing.T) {
	c := loadCorpus(t)
	for no, n := range c.numbers {
		if n != 1 {
			t.Fatalf("waybill %d stored %d times (0: not 13 digits)", no, n)
		}
	}
	var months []int
	for m := range c.monthNos {
		months = append(months, m)
	}
	slices.Sort(months)
	for i := 1; i < len(months); i++ {
		if c.monthNos[months[i]][0] <= c.monthNos[months[i-1]][1] {
			t.Errorf("numbers of %d start at %s, below %d's last %s", months[i], c.monthNos[months[i]][0], months[i-1], c.monthNos[months[i-1]][1])
		}
	}
}
