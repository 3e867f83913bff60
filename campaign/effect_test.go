package campaign

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"postcrm"
)

func TestTQuantile(t *testing.T) {
	for _, tc := range []struct{ df, want float64 }{{1, 12.7062}, {2, 4.3027}, {10, 2.2281}, {30, 2.0423}, {1e6, 1.96}} {
		if got := tQuantile(0.975, tc.df); math.Abs(got-tc.want) > 1e-3 {
			t.Errorf("t(0.975, %g) = %.4f, want %.4f", tc.df, got, tc.want)
		}
	}
}

// memorySource is a province of offices and their days, in memory.
type memorySource struct {
	offices []postcrm.Office
	days    []postcrm.OfficeDay
	returns []postcrm.MemberReturn
	last    postcrm.Date
}

func (m *memorySource) Offices(context.Context) ([]postcrm.Office, error) { return m.offices, nil }
func (m *memorySource) OfficeDays(_ context.Context, from, to postcrm.Date) ([]postcrm.OfficeDay, error) {
	var out []postcrm.OfficeDay
	for _, d := range m.days {
		if d.Day >= from && d.Day <= to {
			out = append(out, d)
		}
	}
	return out, nil
}
func (m *memorySource) MemberReturns(_ context.Context, from, to postcrm.Date) ([]postcrm.MemberReturn, postcrm.Date, error) {
	return m.returns, m.last, nil
}

func poisson(r *rand.Rand, mean float64) int {
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// simulated is a province of 40 offices in two cities, each with its own
// level of members and revenue, a common trend, and, from 2026-11-01 to
// 2026-11-28 in ten offices of the first city, perWeek more members a
// week and 30 yuan a member more revenue.
func simulated(seed uint64, perWeek float64) (*memorySource, postcrm.Campaign) {
	r := rand.New(rand.NewPCG(seed, 1))
	src := &memorySource{last: 20261130}
	c := postcrm.Campaign{From: 20261101, To: 20261128}
	for i := range 40 {
		city := "甲市"
		if i >= 20 {
			city = "乙市"
		}
		o := postcrm.Office{Code: fmt.Sprintf("%08d", i), City: city}
		src.offices = append(src.offices, o)
		if i < 10 {
			c.Offices = append(c.Offices, o.Code)
		}
		level := 0.3 + r.Float64()
		for d := postcrm.Date(20260901); d <= src.last; d = d.AddDays(1) {
			trend := 1 + 0.002*float64(postcrm.DaysBetween(20260901, d))
			mean := level * trend
			if i < 10 && d >= c.From && d <= c.To {
				mean += perWeek / 7
			}
			n := poisson(r, mean)
			fen := int64(0)
			for range poisson(r, 8*level*trend) + n {
				fen += int64(1000 + r.IntN(2000))
			}
			src.days = append(src.days, postcrm.OfficeDay{OfficeCode: o.Code, Day: d, Members: n, WalkinFen: fen})
		}
	}
	return src, c
}

// The interval covers the planted effect in about 95% of simulated
// provinces, and an effect of zero when none was planted.
func TestDiffInDiffCoversThePlantedEffect(t *testing.T) {
	const reps, perWeek = 200, 3.0
	covered, coveredZero := 0, 0
	for i := range reps {
		src, c := simulated(uint64(i), perWeek)
		e, err := Measure(context.Background(), src, c, 10, 1000)
		if err != nil || !e.OK {
			t.Fatal(err, e.Reason)
		}
		if e.Members.Low <= perWeek && perWeek <= e.Members.High {
			covered++
		}
		src0, c0 := simulated(uint64(i), 0)
		e0, _ := Measure(context.Background(), src0, c0, 10, 1000)
		if e0.Members.Low <= 0 && 0 <= e0.Members.High {
			coveredZero++
		}
		if i == 0 {
			t.Logf("first: %.2f [%.2f, %.2f] members/office·week, df %.1f, %d vs %d offices, controls in city %v",
				e.Members.Diff, e.Members.Low, e.Members.High, e.Members.DF, e.Treated, e.Controls, e.ControlsInCity)
			if e.Treated != 10 || e.Controls != 10 || !e.ControlsInCity || e.Weeks != 4 || e.Before != [2]postcrm.Date{20260906, 20261031} {
				t.Errorf("windows and groups: %+v", e)
			}
		}
	}
	t.Logf("coverage %d/%d with the effect, %d/%d without", covered, reps, coveredZero, reps)
	for _, c := range []int{covered, coveredZero} {
		if c < reps*88/100 || c > reps*995/1000 {
			t.Errorf("coverage %d of %d, want about 95%%", c, reps)
		}
	}
}

func TestReturns(t *testing.T) {
	rs := []postcrm.MemberReturn{
		{OfficeCode: "a", RegisteredOn: 20260101, NextShip: 20260120}, // back in 30
		{OfficeCode: "a", RegisteredOn: 20260101, NextShip: 20260301}, // back in 90, not 30
		{OfficeCode: "a", RegisteredOn: 20260101},                     // not back
		{OfficeCode: "a", RegisteredOn: 20260301, NextShip: 20260305}, // too recent for 90 days
		{OfficeCode: "b", RegisteredOn: 20260101, NextShip: 20260102}, // another office
		{OfficeCode: "a", RegisteredOn: 20260420, NextShip: 20260421}, // too recent for 30 days
	}
	r := returnsOf(rs, 20260501, func(c string) bool { return c == "a" })
	if got := fmt.Sprint(r.Recruited, r.N30, r.Back30, r.N90, r.Back90); got != "5 4 2 3 2" {
		t.Errorf("recruited, n30, back30, n90, back90 = %s", got)
	}
	if math.Abs(r.Share30-0.5) > 1e-9 || !(r.Low30 < 0.5 && r.High30 > 0.5) {
		t.Errorf("share30 %.3f [%.3f, %.3f]", r.Share30, r.Low30, r.High30)
	}
}
