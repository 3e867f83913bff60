package analysis

import (
	"math"
	"testing"
)

func TestReasonNumbers(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{yuan(146_049), "1,460"}, {yuan(146_050), "1,461"}, {yuan(30_000), "300"}, {yuan(123_456_789), "1,234,568"},
		{items(85.4), "85"}, {items(1234.5), "1,235"}, {items(2.5), "2.5"}, {items(2.0), "2"}, {items(0.04), "0"},
		{monthDay(20251008, 2025), "10 月 8 日"}, {monthDay(20251231, 2026), "2025 年 12 月 31 日"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	o := &Assessment{ActualItems: 12, ExpectedItems: 85.2}
	if got, want := declineReason(o, 146_000), "本月发件 12 件，按其近期水平和同类客户本月走势应约 85 件，下降 86%，少收约 1,460 元"; got != want {
		t.Errorf("decline reason %q, want %q", got, want)
	}
	o.YearAgo = true
	if got, want := declineReason(o, 146_000), "本月发件 12 件，按其往年同期与近期水平应约 85 件，下降 86%，少收约 1,460 元"; got != want {
		t.Errorf("decline reason %q, want %q", got, want)
	}
	m := &measures{silence: 23, weekly: 15.2, lastDay: 20251008}
	if got, want := churnReason(m, 202510), "已连续 23 天未发件（此前平均每周发 15 件），最后一次发件在 10 月 8 日"; got != want {
		t.Errorf("churn reason %q, want %q", got, want)
	}
}

// The negative binomial against its definition, summed term by term.
func TestNegativeBinomial(t *testing.T) {
	for _, c := range []struct{ mu, k float64 }{{0.3, 0.5}, {4, 2}, {25, 8}, {120, 3}, {9, 1e6}} {
		cum := 0.0
		for y := 0.0; y <= 3*c.mu+20; y++ {
			cum += math.Exp(nbLogPMF(y, c.mu, c.k))
			if got := nbCDF(y, c.mu, c.k); math.Abs(got-cum) > 1e-9 {
				t.Fatalf("NB(%g, %g): P(Y ≤ %g) = %g, summed %g", c.mu, c.k, y, got, cum)
			}
		}
		if z := nbZero(c.mu, c.k); math.Abs(z-math.Exp(nbLogPMF(0, c.mu, c.k))) > 1e-12 {
			t.Errorf("NB(%g, %g): P(0) = %g", c.mu, c.k, z)
		}
	}
	// A sum of days with shape k: variance Σμ + Σμ²/k, plus the extra.
	sum, sumSq, k, extra := 30.0, 60.0, 4.0, 0.01
	shape := sumShape(sum, sumSq, k, extra)
	if got, want := sum+sum*sum/shape, sum+sumSq/k+sum*sum*extra; math.Abs(got-want) > 1e-9 {
		t.Errorf("variance %g, want %g", got, want)
	}
}
