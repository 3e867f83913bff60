package demo

import (
	"postcrm"
)

var customerHeader = []string{"客户代码", "客户名称", "机构代码", "管户人工号", "签约日期", "行业", "联系人", "联系电话", "状态"}

const (
	custCode = iota
	custName
	custOffice
	custOwner
	custSigned
	custIndustry
	custContact
	custPhone
	custStatus
)

var statusNames = map[postcrm.CustomerStatus]string{
	postcrm.StatusActive:     "正常",
	postcrm.StatusSuspended:  "暂停",
	postcrm.StatusTerminated: "解约",
}

var customerDefects = []defect{
	{custCode, postcrm.ReasonMissingField, true, func(f []string, _ *rng, _ *province) { f[custCode] = "" }},
	{custSigned, postcrm.ReasonBadDate, true, func(f []string, _ *rng, _ *province) { f[custSigned] = f[custSigned][:5] + "02-30" }},
	{custStatus, postcrm.ReasonBadEnum, true, func(f []string, _ *rng, _ *province) { f[custStatus] = "注销" }}, // said for 解约, unknown to the system
	{custOffice, postcrm.ReasonUnknownOffice, true, func(f []string, r *rng, _ *province) { f[custOffice] = unknownOfficeCode(r, f[custOffice]) }},
	{custPhone, postcrm.ReasonBadPhone, true, func(f []string, r *rng, p *province) { f[custPhone] = p.phones.mobile(r.intn(p.scale.Walkins))[:10] }},
}

// writeCustomers writes customers.csv (UTF-8 without BOM).
func (p *province) writeCustomers(dir string) (File, []Finding, error) {
	const name = "customers.csv"
	rows := make([][]string, len(p.customers))
	codes := map[string]bool{}
	for i := range p.customers {
		c := &p.customers[i]
		codes[c.Code] = true
		rows[i] = []string{c.Code, c.Name, p.offices[c.Office].Code, c.OwnerID, c.Signed.String(),
			c.Industry, c.Contact, c.ContactPhone, statusNames[c.Status]}
	}
	r := newRNG(p.seed, streamExtras, 1)
	rows, planted := plantDefects(&r, p, name, customerHeader, rows, customerDefects, func(f []string) {
		f[custCode] = customerCode(&r, codes, 0)
		f[custOwner] = "" // a departed owner would be a second finding
	})
	findings := flagDeparted(p, name, customerHeader, rows, custOwner)
	file, err := writeTable(dir, name, EncodingUTF8, postcrm.KindCustomers, customerHeader, rows)
	return file, append(findings, planted...), err
}
