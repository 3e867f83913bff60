package demo

import (
	"fmt"
	"slices"
	"strings"

	"postcrm"
)

// AdjustmentsFile is the demo's register of acceptance-policy
// adjustments (收寄政策调整登记).
const AdjustmentsFile = "adjustments.csv"

// planted is an adjustment the demo plants: while it is in force the
// offices of its scope refuse what it says, and the generated waybills
// lack those items.
type planted struct {
	adj      postcrm.Adjustment
	from, to int    // day indices, inclusive
	offices  []bool // by office index: in its scope
	dest     []bool // by destination index: refused (限制寄达)
	product  []bool // by product: refused (限制产品)
}

// Focus customers send most of their items to one province: the shops a
// refusal of that province hits hardest.
const (
	focusShare     = 0.7
	focusCustomers = 24 // on 上海, across the province
	focusDeclines  = 6  // of them, really declining inside the refusal
	focusMinRate   = 2  // items a day: enough for a month to tell
	officeFocusMax = 12 // on 广东, in the office refusing it
	officeDeclines = 3
	// A real decline inside a refusal is planted from the month's first
	// days and deep: most of such a customer's items are refused anyway,
	// and a milder or later fall of what is left would not be a decline
	// the month could show.
	focusDeclineRate = 8 // items a day: a decline of what is left is material
	focusDeclineMin  = 0.1
	focusDeclineMax  = 0.3
)

// plantAdjustments plants one adjustment of each kind and scope in the
// last month, most lasting to its end (a shortfall that ends ten days
// before the month does counts as recovered anyway), one lifted in the
// month before, and one announced ahead of the data's end;
// it gives customers a destination they mostly send to, and plants real
// declines among them inside the refusals.
func (p *province) plantAdjustments() {
	if p.win.Months < 3 || len(p.offices) == 0 {
		return
	}
	r := newRNG(p.seed, streamAdjustments, 0)
	first, last := p.win.Month(p.win.Months - 1)
	pFirst, _ := p.win.Month(p.win.Months - 2)
	cityOf := func(name string) int { return slices.IndexFunc(cities, func(c city) bool { return c.Name == name }) }
	officeIn := func(name string) int {
		c := cityOf(name)
		if c < 0 || len(p.cityOffices[c]) == 0 {
			return 0
		}
		return int(p.cityOffices[c][0])
	}
	bd, cz := officeIn("保定市"), p.officeAt("沧州市", 1)
	add := func(id, scope string, kind postcrm.AdjustmentKind, provinces, products []string, from, to int, reason string) *planted {
		a := postcrm.Adjustment{ID: id, Scope: scope, Kind: kind, Provinces: provinces, Products: products,
			From: p.win.Day(from), Reason: reason, Status: postcrm.AdjustApproved}
		if to >= 0 {
			a.To = p.win.Day(to)
		}
		pl := &planted{adj: a, from: from, to: to, offices: make([]bool, len(p.offices)),
			dest: make([]bool, len(destinations)), product: make([]bool, len(productNames))}
		if to < 0 {
			pl.to = p.win.Days() + 365
		}
		for i, o := range p.offices {
			pl.offices[i] = scope == postcrm.ScopeProvince || scope == o.Code || scope == cities[o.City].Name
		}
		for i, d := range destinations {
			pl.dest[i] = slices.Contains(provinces, d.Name)
		}
		for i, n := range productNames {
			pl.product[i] = slices.Contains(products, n)
		}
		p.planted = append(p.planted, pl)
		return pl
	}
	year := p.win.Day(first).Year() % 100
	id := func(n int) string { return fmt.Sprintf("TZ%02d-%02d", year, n) }
	sh := add(id(1), postcrm.ScopeProvince, postcrm.AdjustDestination, []string{"上海", "北京"}, nil, first+2, last, "寄达地疫情防控")
	add(id(2), "唐山市", postcrm.AdjustProduct, nil, []string{"特快专递"}, first+4, last, "航空运力管控")
	add(id(3), "邢台市", postcrm.AdjustSuspend, nil, nil, first+9, first+13, "暴雨内涝")
	gd := add(id(4), p.offices[bd].Code, postcrm.AdjustDestination, []string{"广东"}, nil, first+9, -1, "寄达地疫情防控")
	add(id(5), p.offices[cz].Code, postcrm.AdjustSuspend, nil, nil, first+2, first+8, "营业场所改造")
	add(id(6), "石家庄市", postcrm.AdjustDestination, []string{"上海"}, nil, pFirst+9, pFirst+27, "寄达地疫情防控")
	add(id(7), postcrm.ScopeProvince, postcrm.AdjustDestination, []string{"新疆", "西藏"}, nil, last+5, last+25, "重大活动安保")

	p.focus(&r, sh, "上海", focusCustomers, focusDeclines, first)
	p.focus(&r, gd, "广东", officeFocusMax, officeDeclines, first)
}

// officeAt is the k-th office of the named city, or the first office.
func (p *province) officeAt(name string, k int) int {
	c := slices.IndexFunc(cities, func(c city) bool { return c.Name == name })
	if c < 0 || len(p.cityOffices[c]) == 0 {
		return 0
	}
	return int(p.cityOffices[c][k%len(p.cityOffices[c])])
}

// focus makes up to n customers in pl's scope send most items to dest,
// and plants real declines in up to declines of them from day on.
func (p *province) focus(r *rng, pl *planted, dest string, n, declines, day int) {
	di := slices.IndexFunc(destinations, func(d destination) bool { return d.Name == dest })
	picked, planted := 0, 0
	for _, ci := range r.perm(len(p.customers)) {
		c := &p.customers[ci]
		if picked == n {
			return
		}
		if !pl.offices[c.Office] || c.Change != ChangeNone || c.Rate < focusMinRate || c.Kind == KindNew ||
			c.Kind == KindSeasonal || c.Start > day-365 {
			continue
		}
		c.Focus, c.FocusShare = int8(di+1), focusShare
		if planted < declines && c.Rate >= focusDeclineRate {
			planted++
			c.Change, c.ChangeAt, c.Factor = ChangeDecline, day+r.intn(5), r.uniform(focusDeclineMin, focusDeclineMax)
		}
		picked++
	}
}

// refusedBy reports whether an adjustment in force refuses the item.
func refusedBy(in []*planted, it *item) bool {
	for _, pl := range in {
		if pl.offices[it.office] && (pl.adj.Kind == postcrm.AdjustSuspend || pl.dest[it.dest] || pl.product[it.product]) {
			return true
		}
	}
	return false
}

// inForce lists the planted adjustments in force on day index i.
func (p *province) inForce(i int) []*planted {
	var out []*planted
	for _, pl := range p.planted {
		if i >= pl.from && i <= pl.to {
			out = append(out, pl)
		}
	}
	return out
}

var adjustmentHeader = []string{"编号", "范围", "类型", "寄达省", "产品", "开始日期", "结束日期", "原因"}

// writeAdjustments writes the register of the planted adjustments.
func (p *province) writeAdjustments(dir string) (File, error) {
	rows := make([][]string, len(p.planted))
	for i, pl := range p.planted {
		a := &pl.adj
		to := ""
		if a.To != 0 {
			to = a.To.String()
		}
		rows[i] = []string{a.ID, a.Scope, a.Kind.Name(), strings.Join(a.Provinces, "、"), strings.Join(a.Products, "、"),
			a.From.String(), to, a.Reason}
	}
	return writeTable(dir, AdjustmentsFile, EncodingUTF8, postcrm.KindAdjustments, adjustmentHeader, rows)
}
