package demo

import (
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/xuri/excelize/v2"

	"postcrm"
)

var memberHeader = []string{"手机号", "注册日期", "机构代码", "推荐人工号"}

const (
	memPhone = iota
	memDate
	memOffice
	memStaff
)

var memberDefects = []defect{
	{memPhone, postcrm.ReasonMissingField, true, func(f []string, _ *rng, _ *province) { f[memPhone] = "" }},
	{memPhone, postcrm.ReasonBadPhone, true, func(f []string, r *rng, p *province) {
		if r.chance(0.5) {
			f[memPhone] = f[memPhone][:10]
			return
		}
		oi := r.intn(len(p.offices)) // a landline: members must register a mobile
		f[memPhone] = landline(r, &cities[p.offices[oi].City])
	}},
	{memDate, postcrm.ReasonBadDate, true, func(f []string, _ *rng, _ *province) { f[memDate] = f[memDate][:5] + "13" + f[memDate][7:] }},
	{memOffice, postcrm.ReasonUnknownOffice, true, func(f []string, r *rng, _ *province) { f[memOffice] = unknownOfficeCode(r, f[memOffice]) }},
}

// writeMembers writes the e-channel members in order of registration, as
// .xlsx (registration dates as real date cells) or as UTF-8 CSV with BOM.
func (p *province) writeMembers(dir string) (File, []Finding, error) {
	var order []int
	for i := range p.walkins {
		if p.walkins[i].Registered >= 0 {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(p.walkins[a].Registered - p.walkins[b].Registered) })
	rows := make([][]string, len(order))
	for k, i := range order {
		w := &p.walkins[i]
		recruiter := p.departed[i%len(p.departed)]
		if w.Recruiter >= 0 {
			recruiter = p.staff[w.Recruiter].ID
		}
		rows[k] = []string{p.phones.mobile(i), p.win.Day(int(w.Registered)).String(), p.offices[w.Office].Code, recruiter}
	}
	name, encoding := "members.csv", EncodingUTF8BOM
	if p.scale.MembersXLSX {
		name, encoding = "members.xlsx", EncodingXLSX
	}
	r := newRNG(p.seed, streamExtras, 2)
	courier := p.staff[p.offices[0].Couriers[0]].ID
	rows, findings := plantDefects(&r, p, name, memberHeader, rows, memberDefects, func(f []string) {
		f[memPhone], f[memStaff] = p.phones.next(), courier
	})
	findings = append(findings, flagDeparted(p, name, memberHeader, rows, memStaff)...)
	if encoding == EncodingXLSX {
		file, err := writeMembersXLSX(filepath.Join(dir, name), rows)
		return file, findings, err
	}
	file, err := writeTable(dir, name, encoding, postcrm.KindMembers, memberHeader, rows)
	return file, findings, err
}

func writeMembersXLSX(path string, rows [][]string) (File, error) {
	fail := func(err error) (File, error) {
		return File{}, fmt.Errorf("写入 %s: %w", filepath.Base(path), err)
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "电子渠道会员"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return fail(err)
	}
	dateStyle, err := x.NewStyle(&excelize.Style{NumFmt: 14}) // the locale's short date
	if err != nil {
		return fail(err)
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return fail(err)
	}
	header := make([]any, len(memberHeader))
	for i, h := range memberHeader {
		header[i] = h
	}
	if err := sw.SetRow("A1", header); err != nil {
		return fail(err)
	}
	for i, f := range rows {
		var date any = f[memDate]
		if t, err := time.ParseInLocation(time.DateOnly, f[memDate], time.UTC); err == nil {
			date = excelize.Cell{StyleID: dateStyle, Value: t}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{f[memPhone], date, f[memOffice], f[memStaff]}); err != nil {
			return fail(err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fail(err)
	}
	if err := x.SaveAs(path); err != nil {
		return fail(err)
	}
	return File{Name: filepath.Base(path), Kind: postcrm.KindMembers, Encoding: EncodingXLSX, Rows: len(rows)}, nil
}
