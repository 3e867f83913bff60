package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"postcrm"
)

// narrate writes the bulletin's text: the scope's totals, then leaders and
// laggards by new customers, revenue growth, walk-in share and e-channel
// members, with their figures.
func narrate(sc Scope, month postcrm.Month, units []line, sum line) []string {
	w := whole(sc)
	v := sum.v
	out := []string{fmt.Sprintf("%s，%s新增协议客户 %d 个，本年累计 %d 个；协议客户收入 %s，同比%s；本年累计 %s，同比%s。"+
		"现费散户收入 %s，占寄递收入的 %s，较上年同期%s。电子渠道新增会员 %d 个，发出客户预警 %d 条。",
		monthName(month), w, v[bNew], v[bNewYTD], wan(v[bRev]), change(div(v[bRev]-v[bRev0], v[bRev0])),
		wan(v[bRevYTD]), change(div(v[bRevYTD]-v[bRevYTD0], v[bRevYTD0])),
		wan(v[bWalkin]), percent(div(v[bWalkin], v[bExpress])),
		pointsText(div(v[bWalkin], v[bExpress]), div(v[bWalkin0], v[bExpress0])), v[bMembers], v[bWarnings])}
	if len(units) < 2 {
		return out
	}
	byNew := rank(units, func(l line) any { return float64(l.v[bNew]) })
	first, last := byNew[0], byNew[len(byNew)-1]
	switch {
	case first.v[bNew] == 0:
		out = append(out, fmt.Sprintf("新增协议客户方面，本月%s各单位均无新增。", w))
	case first.v[bNew] == last.v[bNew]:
		out = append(out, fmt.Sprintf("新增协议客户方面，各单位均新增 %d 个。", first.v[bNew]))
	default:
		p := fmt.Sprintf("新增协议客户方面，%s新增协议客户 %d 个，居%s第一", first.labels[0], first.v[bNew], w)
		if len(byNew) > 3 && byNew[2].v[bNew] > last.v[bNew] {
			p += fmt.Sprintf("；%s、%s分列第二、三位", byNew[1].labels[0], byNew[2].labels[0])
		}
		out = append(out, p+fmt.Sprintf("；%s新增 %d 个，居%s末位。", last.labels[0], last.v[bNew], w))
	}

	byGrowth := rank(units, func(l line) any { return div(l.v[bRev]-l.v[bRev0], l.v[bRev0]) })
	if n := len(byGrowth); n >= 2 {
		k := min(3, n/2)
		name := func(l line) string {
			return fmt.Sprintf("%s（%s）", l.labels[0], signed(div(l.v[bRev]-l.v[bRev0], l.v[bRev0])))
		}
		var top, bottom []string
		for _, l := range byGrowth[:k] {
			top = append(top, name(l))
		}
		for _, l := range byGrowth[n-k:] {
			bottom = append(bottom, name(l))
		}
		out = append(out, fmt.Sprintf("协议客户收入同比增幅居前的是%s；居后的是%s。",
			strings.Join(top, "、"), strings.Join(bottom, "、")))
	}

	byShare := rank(units, func(l line) any { return div(l.v[bWalkin], l.v[bExpress]) })
	if n := len(byShare); n >= 2 {
		hi, lo := byShare[0], byShare[n-1]
		out = append(out, fmt.Sprintf("现费散户收入占比最高的是%s（%s），最低的是%s（%s）。",
			hi.labels[0], percent(div(hi.v[bWalkin], hi.v[bExpress])), lo.labels[0], percent(div(lo.v[bWalkin], lo.v[bExpress]))))
	}

	byMembers := rank(units, func(l line) any { return float64(l.v[bMembers]) })
	hi, lo := byMembers[0], byMembers[len(byMembers)-1]
	out = append(out, fmt.Sprintf("电子渠道新增会员%s最多（%d 个），%s最少（%d 个）。",
		hi.labels[0], hi.v[bMembers], lo.labels[0], lo.v[bMembers]))
	return out
}

// rank orders the lines whose key is defined (not nil) by it, highest
// first, ties by name.
func rank(lines []line, key func(line) any) []line {
	var out []line
	for _, l := range lines {
		if l.level == postcrm.RowDetail && key(l) != nil {
			out = append(out, l)
		}
	}
	slices.SortStableFunc(out, func(a, b line) int {
		return cmp.Or(cmp.Compare(key(b).(float64), key(a).(float64)), cmp.Compare(a.labels[0], b.labels[0]))
	})
	return out
}

// wan is fen as 万元 with two decimals, rounded half up.
func wan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	h := (fen + 5000) / 10000 // hundreds of yuan
	return fmt.Sprintf("%s%d.%02d 万元", sign, h/100, h%100)
}

// percent is a ratio as 12.3%; "—" when undefined.
func percent(x any) string {
	if x == nil {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", 100*x.(float64))
}

// signed is a growth rate as +12.3% or -4.5%.
func signed(x any) string {
	if x == nil {
		return "上年同期无收入"
	}
	return fmt.Sprintf("%+.1f%%", 100*x.(float64))
}

// change is a growth rate in words: 增长 12.3% / 下降 4.5%.
func change(x any) string {
	switch {
	case x == nil:
		return "无可比数据"
	case x.(float64) < 0:
		return "下降 " + percent(-x.(float64))
	}
	return "增长 " + percent(x)
}

// pointsText is the change of a share in percentage points, in words.
func pointsText(now, before any) string {
	if now == nil || before == nil {
		return "无可比数据"
	}
	d := 100 * (now.(float64) - before.(float64))
	switch {
	case math.Abs(d) < 0.05:
		return "基本持平"
	case d > 0:
		return fmt.Sprintf("提高 %.1f 个百分点", d)
	}
	return fmt.Sprintf("下降 %.1f 个百分点", -d)
}
