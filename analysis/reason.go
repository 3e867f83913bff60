package analysis

import (
	"fmt"
	"math"

	"postcrm"
	"postcrm/textfmt"
)

// The reasons are one line each, in the words a courier uses.

func declineReason(o *Assessment, atRiskFen int64) string {
	basis := "近期水平和同类客户本月走势"
	if o.YearAgo {
		basis = "往年同期与近期水平"
	}
	drop := 100 * (1 - float64(o.ActualItems)/o.ExpectedItems)
	return fmt.Sprintf("本月发件 %s 件，按其%s应约 %s 件，下降 %.0f%%，少收约 %s 元",
		textfmt.Thousands(o.ActualItems), basis, items(o.ExpectedItems), drop, yuan(atRiskFen))
}

func churnReason(m *measures, month postcrm.Month) string {
	return fmt.Sprintf("已连续 %d 天未发件（此前平均每周发 %s 件），最后一次发件在 %s",
		m.silence, items(m.weekly), monthDay(m.lastDay, month.Year()))
}

func slowStartReason(age, window int, actual int64, typical float64) string {
	return fmt.Sprintf("签约 %d 天，近 %d 天发件 %s 件，同期签约的同类客户这时一般能发 %s 件",
		age, window, textfmt.Thousands(actual), items(typical))
}

// items writes a count of items: whole numbers, one decimal below 3.
func items(x float64) string {
	if x < 3 {
		return trimZero(fmt.Sprintf("%.1f", x))
	}
	return textfmt.Thousands(int64(math.Round(x)))
}

func trimZero(s string) string {
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		return s[:len(s)-2]
	}
	return s
}

// yuan writes fen as whole yuan with thousands separators.
func yuan(fen int64) string { return textfmt.Thousands((fen + 50) / 100) }

// monthDay writes a date the short way when it is in the given year.
func monthDay(d postcrm.Date, year int) string {
	if d.Year() == year {
		return fmt.Sprintf("%d 月 %d 日", int(d.Month()), d.Day())
	}
	return fmt.Sprintf("%d 年 %d 月 %d 日", d.Year(), int(d.Month()), d.Day())
}
