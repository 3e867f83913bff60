package alert

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"postcrm"
)

// unchanged returns the unchanged customers (all the province's, codes
// starting with N) alerted at least once.
func unchanged(raised map[string][]postcrm.Alert) []string {
	var out []string
	for code := range raised {
		if strings.HasPrefix(code, "N") {
			out = append(out, code)
		}
	}
	return out
}

// fewFalse fails when more than the product's bar, 2% of the unchanged
// customers, were alerted: at the default level each customer is judged
// every day, and an ordinary customer's silence is improbable at 0.1% now
// and then.
func fewFalse(t *testing.T, raised map[string][]postcrm.Alert, customers int, what string) {
	t.Helper()
	if got := unchanged(raised); float64(len(got)) > 0.02*float64(customers) {
		t.Errorf("%s: %d of %d unchanged customers alerted: %v", what, len(got), customers, got)
	}
}

// none fails for every unchanged customer alerted.
func none(t *testing.T, raised map[string][]postcrm.Alert, what string) {
	t.Helper()
	for _, code := range unchanged(raised) {
		for _, a := range raised[code] {
			t.Errorf("%s: unchanged customer %s alerted on %s: %s", what, code, a.RaisedOn, a.Reason)
		}
	}
}

// A daily shipper that stops is alerted within three quiet days; a
// weekly shipper is not after four (it is quiet six days of every week)
// but is once it misses its shipping days; nobody shipping as usual is
// alerted, whatever their weekly rhythm.
func TestRhythm(t *testing.T) {
	cs := append(province(),
		synth{code: "DAILY", office: "13000001", rate: 6, week: daily6, stop: day(2026, 6, 10)},
		synth{code: "WEEKLY", office: "13000001", rate: 8, week: monday, stop: day(2026, 6, 2)})
	raised := raisedOn(sweepOf(t, cs, day(2026, 6, 1), day(2026, 6, 20), nil))
	fewFalse(t, raised, 200, "ordinary weeks")
	d := raised["DAILY"]
	if len(d) != 1 || d[0].Kind != postcrm.WarnSilent || d[0].SilentDays > 3 {
		t.Fatalf("daily shipper stopped on 6-10: alerts %+v, want one silent alert within 3 quiet days", d)
	}
	if want := fmt.Sprintf("已连续 %d 天未发件（平时约每天", d[0].SilentDays); !strings.HasPrefix(d[0].Reason, want) ||
		!strings.HasSuffix(d[0].Reason, fmt.Sprintf("最后一次发件在 6 月 %d 日", d[0].LastShipped.Day())) {
		t.Errorf("reason %q", d[0].Reason)
	}
	w := raised["WEEKLY"]
	if len(w) != 1 {
		t.Fatalf("weekly shipper last shipping on 6-1: alerts %+v, want one", w)
	}
	if w[0].SilentDays <= 4 || w[0].RaisedOn > day(2026, 6, 16) {
		t.Errorf("weekly shipper alerted on %s after %d quiet days: want more than 4, by the second missed Monday", w[0].RaisedOn, w[0].SilentDays)
	}
}

// Nobody shipping as usual is alerted for the Spring Festival, the
// Labour Day week or the National Day week, when everybody is quiet; a
// customer that stops as the holiday begins is alerted once its silence
// outlasts what the holiday explains.
func TestHolidays(t *testing.T) {
	cs := province()
	spans := []struct {
		name                string
		from, stop, end, to postcrm.Date // judged from, the holiday's first and last days, judged to
		stopper             string
	}{
		{"Spring Festival 2026", day(2026, 2, 10), day(2026, 2, 15), day(2026, 2, 23), day(2026, 3, 14), "STOP-SF"},
		{"Labour Day 2026", day(2026, 4, 27), day(2026, 5, 1), day(2026, 5, 5), day(2026, 5, 15), "STOP-LD"},
		{"National Day 2026", day(2026, 9, 27), day(2026, 10, 1), day(2026, 10, 8), day(2026, 10, 18), "STOP-ND"},
	}
	for _, sp := range spans {
		cs = append(cs, synth{code: sp.stopper, office: "13000001", rate: 12, week: office5, stop: sp.stop})
	}
	hs := histories(cs, spans[len(spans)-1].to, 2, nil)
	for _, sp := range spans {
		raised := raisedOn(sweepWith(t, hs, cal, nil, sp.from, sp.to, strict()))
		none(t, raised, sp.name)
		if a := raised[sp.stopper]; len(a) != 1 || a[0].RaisedOn <= sp.end {
			t.Errorf("%s: a customer stopping on %s: alerts %+v, want one after %s", sp.name, sp.stop, a, sp.end)
		}
	}
}

// An office's recorded suspension silences its customers without an
// alert; unrecorded, the same silence alerts them; a customer of another
// office stopping on the same days is alerted.
func TestSuspension(t *testing.T) {
	susp := []postcrm.Suspension{{OfficeCode: "13000002", From: day(2026, 7, 6), To: day(2026, 7, 17), Reason: "暴雨"}}
	cs := append(province(), synth{code: "STOP", office: "13000001", rate: 6, week: office5, stop: day(2026, 7, 6)})
	hs := histories(cs, day(2026, 7, 20), 1, susp)
	raised := raisedOn(sweepWith(t, hs, cal, susp, day(2026, 7, 1), day(2026, 7, 20), strict()))
	none(t, raised, "suspension recorded")
	if len(raised["STOP"]) != 1 {
		t.Errorf("a customer of an office in service stopping on 7-6: alerts %+v, want one", raised["STOP"])
	}
	if n := len(unchanged(raisedOn(sweepWith(t, hs, cal, nil, day(2026, 7, 1), day(2026, 7, 20), strict())))); n < 10 {
		t.Errorf("the suspension not recorded: %d alerted, want many (else the test shows nothing)", n)
	}
}

// A seasonal shipper falling silent after its season is not alerted.
func TestSeason(t *testing.T) {
	cs := province()
	summer := []time.Month{time.June, time.July, time.August, time.September}
	for i := range 60 {
		cs = append(cs, synth{code: code("N", 500+i), office: "13000001", rate: 2 + float64(i%8), week: office5, months: summer})
	}
	hs := histories(cs, day(2026, 10, 31), 1, nil)
	none(t, raisedOn(sweepWith(t, hs, cal, nil, day(2026, 9, 25), day(2026, 10, 31), strict())), "after the season")
}

// An alert is an episode: raised once however long the silence lasts,
// cleared (and why) on the day the customer ships again, raised anew
// when it stops again.
func TestEpisodes(t *testing.T) {
	cs := append(province(), synth{code: "AGAIN", office: "13000001", rate: 6, week: daily6,
		stop: day(2026, 6, 10), resume: day(2026, 6, 22), stopAgain: day(2026, 7, 13)})
	days := sweepOf(t, cs, day(2026, 6, 1), day(2026, 7, 20), nil)
	raised := raisedOn(days)
	a := raised["AGAIN"]
	if len(a) != 2 {
		t.Fatalf("stopped 6-10 to 6-21 and from 7-13: alerts %+v, want two", a)
	}
	if a[0].RaisedOn < day(2026, 6, 11) || a[0].RaisedOn > day(2026, 6, 13) || a[1].RaisedOn < day(2026, 7, 14) || a[1].RaisedOn > day(2026, 7, 16) {
		t.Errorf("raised on %s and %s", a[0].RaisedOn, a[1].RaisedOn)
	}
	var cleared []postcrm.Alert
	for _, d := range days {
		cleared = append(cleared, d.Cleared...)
		for _, o := range d.Open {
			if o.CustomerCode == "AGAIN" && d.Day > day(2026, 6, 22) && d.Day < day(2026, 7, 14) {
				t.Errorf("open on %s, after it shipped again", d.Day)
			}
		}
	}
	var again []postcrm.Alert
	for _, c := range cleared {
		if c.CustomerCode == "AGAIN" {
			again = append(again, c)
		}
	}
	if len(again) != 1 || again[0].ClearedOn != day(2026, 6, 22) || again[0].ClearedWhy != "恢复发件" {
		t.Errorf("cleared %+v, want AGAIN once, on 6-22, 恢复发件", again)
	}
}

// A customer down to a fifth of its volume is alerted as a slowdown
// within the recent days' window.
func TestSlowdown(t *testing.T) {
	cs := append(province(), synth{code: "SLOW", office: "13000002", rate: 20, week: office5, slowFrom: day(2026, 6, 8), slowFactor: 0.2})
	raised := raisedOn(sweepOf(t, cs, day(2026, 6, 1), day(2026, 6, 26), nil))
	fewFalse(t, raised, 200, "slowdown")
	a := raised["SLOW"]
	if len(a) != 1 || a[0].Kind != postcrm.WarnSlowdown || a[0].RaisedOn > day(2026, 6, 22) {
		t.Fatalf("down to a fifth from 6-8: alerts %+v, want one slowdown by 6-22", a)
	}
	if !strings.Contains(a[0].Reason, "近 14 天只发") {
		t.Errorf("reason %q", a[0].Reason)
	}
}
