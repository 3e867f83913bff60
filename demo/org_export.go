package demo

import (
	"postcrm"
)

var orgHeader = []string{"地市", "机构代码", "机构名称", "工号", "姓名", "岗位", "手机"}

const (
	orgCity = iota
	orgCode
	orgOffice
	orgID
	orgName
	orgRole
	orgPhone
)

var orgDefects = []defect{
	{orgID, postcrm.ReasonMissingField, true, func(f []string, _ *rng, _ *province) { f[orgID] = "" }},
	{orgRole, postcrm.ReasonBadEnum, true, func(f []string, _ *rng, _ *province) { f[orgRole] = "营业员" }}, // a real job title the system does not know
	{orgPhone, postcrm.ReasonBadPhone, true, func(f []string, _ *rng, _ *province) { f[orgPhone] = f[orgPhone][:10] }},
	{orgCode, postcrm.ReasonBadCode, true, func(f []string, r *rng, p *province) {
		o := &p.offices[r.intn(len(p.offices))]
		f[orgCity], f[orgOffice], f[orgRole] = cities[o.City].Name, o.Name, postcrm.RoleCourier.Label()
		f[orgCode] = o.Code[1:] // Excel dropped the leading 0
	}},
}

// writeOrg writes org.csv (UTF-8 with BOM, as Excel saves it): per city its
// administrators, then each office's manager and couriers; the provincial
// marketing department last.
func (p *province) writeOrg(dir string) (File, []Finding, error) {
	var rows [][]string
	for ci, c := range cities {
		for _, s := range p.staff {
			if s.City == ci && s.Office < 0 {
				rows = append(rows, p.orgRow(&s, c.Name, "", c.Name+"分公司"))
			}
		}
		for _, oi := range p.cityOffices[ci] {
			o := &p.offices[oi]
			for _, s := range p.staff {
				if s.Office == oi {
					rows = append(rows, p.orgRow(&s, c.Name, o.Code, o.Name))
				}
			}
		}
	}
	for _, s := range p.staff {
		if s.City < 0 {
			rows = append(rows, p.orgRow(&s, "", "", "省分公司市场部"))
		}
	}
	ids := map[string]bool{}
	for _, s := range p.staff {
		ids[s.ID] = true
	}
	for _, id := range p.departed {
		ids[id] = true
	}
	r := newRNG(p.seed, streamExtras, 0)
	rows, findings := plantDefects(&r, p, "org.csv", orgHeader, rows, orgDefects, func(f []string) {
		f[orgID], f[orgName], f[orgPhone] = staffID(&r, ids), personName(&r), p.phones.next()
	})
	file, err := writeTable(dir, "org.csv", EncodingUTF8BOM, postcrm.KindOrg, orgHeader, rows)
	return file, findings, err
}

func (p *province) orgRow(s *staff, city, code, unit string) []string {
	return []string{city, code, unit, s.ID, s.Name, s.Role.Label(), s.Phone}
}

// writeTable writes a small export held in memory as CSV.
func writeTable(dir, name, encoding string, kind postcrm.ImportKind, header []string, rows [][]string) (File, error) {
	out, err := createCSV(dir, name, encoding, header)
	if err != nil {
		return File{}, err
	}
	for _, f := range rows {
		out.fields(f)
	}
	return File{Name: name, Kind: kind, Encoding: encoding, Rows: out.rows()}, out.close()
}
