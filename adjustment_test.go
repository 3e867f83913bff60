package postcrm

import (
	"reflect"
	"testing"
	"time"
)

var testKnown = AdjustmentKnown{
	Cities:    map[string]bool{"石家庄市": true, "唐山市": true},
	Offices:   map[string]bool{"13010001": true, "13020001": true},
	Provinces: map[string]bool{"上海": true, "北京": true},
	Products:  map[string]bool{"特快专递": true, "标准快递": true},
}

func codes(err error) []string {
	var out []string
	for _, e := range Errors(err) {
		out = append(out, e.Code)
	}
	return out
}

func TestAdjustmentValidate(t *testing.T) {
	ok := Adjustment{ID: "TZ26-01", Scope: ScopeProvince, Kind: AdjustDestination, Provinces: []string{"上海"}, From: 20260601, To: 20260620}
	if err := ok.Validate(testKnown); err != nil {
		t.Fatalf("a valid adjustment: %v", err)
	}
	for name, c := range map[string]struct {
		change func(*Adjustment)
		want   []string
	}{
		"city scope":         {func(a *Adjustment) { a.Scope = "唐山市" }, nil},
		"office scope":       {func(a *Adjustment) { a.Scope = "13010001" }, nil},
		"in force, no end":   {func(a *Adjustment) { a.To = 0 }, nil},
		"no id":              {func(a *Adjustment) { a.ID = " " }, []string{CodeAdjustIDMissing}},
		"no scope":           {func(a *Adjustment) { a.Scope = "" }, []string{CodeAdjustScopeMissing}},
		"unknown scope":      {func(a *Adjustment) { a.Scope = "沧州市" }, []string{CodeAdjustScopeUnknown}},
		"unknown kind":       {func(a *Adjustment) { a.Kind = "close" }, []string{CodeAdjustKindUnknown}},
		"no provinces":       {func(a *Adjustment) { a.Provinces = nil }, []string{CodeAdjustProvincesMissing}},
		"unknown province":   {func(a *Adjustment) { a.Provinces = []string{"上海", "火星"} }, []string{CodeAdjustProvinceUnknown}},
		"no products":        {func(a *Adjustment) { a.Kind = AdjustProduct }, []string{CodeAdjustProductsMissing}},
		"unknown product":    {func(a *Adjustment) { a.Kind, a.Products = AdjustProduct, []string{"次日达"} }, []string{CodeAdjustProductUnknown}},
		"suspend needs none": {func(a *Adjustment) { a.Kind, a.Provinces = AdjustSuspend, nil }, nil},
		"no first day":       {func(a *Adjustment) { a.From = 0 }, []string{CodeAdjustFromMissing}},
		"end before start":   {func(a *Adjustment) { a.To = 20260531 }, []string{CodeAdjustToBeforeFrom}},
		"a wrong year":       {func(a *Adjustment) { a.To = 20270620 }, []string{CodeAdjustTooLong}},
		"every field":        {func(a *Adjustment) { *a = Adjustment{Kind: AdjustDestination} }, []string{CodeAdjustIDMissing, CodeAdjustScopeMissing, CodeAdjustProvincesMissing, CodeAdjustFromMissing}},
	} {
		a := ok
		c.change(&a)
		if got := codes(a.Validate(testKnown)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
}

func TestSplitListAndWords(t *testing.T) {
	if got := SplitList(" 上海、北京,上海，广东 "); !reflect.DeepEqual(got, []string{"上海", "北京", "广东"}) {
		t.Errorf("SplitList: %v", got)
	}
	for _, c := range []struct {
		a    Adjustment
		want string
	}{
		{Adjustment{From: 20260601, To: 20260620}, "6 月 1–20 日"},
		{Adjustment{From: 20260625, To: 20260703}, "6 月 25 日–7 月 3 日"},
		{Adjustment{From: 20260601}, "6 月 1 日起"},
		{Adjustment{From: 20260601, To: 20260601}, "6 月 1 日"},
	} {
		if got := c.a.Period(); got != c.want {
			t.Errorf("Period %v: %q, want %q", c.a, got, c.want)
		}
	}
	a := Adjustment{Kind: AdjustDestination, Provinces: []string{"上海", "北京"}}
	if got := a.What(); got != "暂停收寄寄往上海、北京的邮件" {
		t.Errorf("What: %q", got)
	}
}

// The workflow: only the province steps, each step from its one state;
// lifting ends the adjustment the day before acceptance resumes.
func TestAdjustmentSteps(t *testing.T) {
	province, city := Scope{Role: RoleProvinceAdmin}, Scope{Role: RoleCityManager, City: "石家庄市"}
	a := Adjustment{ID: "TZ26-01", Scope: "石家庄市", Kind: AdjustSuspend, From: 20260601, To: 20260620, Status: AdjustDrafted}
	if _, err := a.Step(AdjustSubmitted, city, 0); !reflect.DeepEqual(codes(err), []string{CodeAdjustStepByCity}) {
		t.Errorf("a city manager submitting: %v", err)
	}
	if _, err := a.Step(AdjustApproved, province, 0); !reflect.DeepEqual(codes(err), []string{CodeAdjustStepNotAllowed}) {
		t.Errorf("approving a draft: %v", err)
	}
	var err error
	for _, s := range []AdjustmentStatus{AdjustSubmitted, AdjustApproved} {
		if a, err = a.Step(s, province, 0); err != nil || a.Status != s {
			t.Fatalf("step %s: %v", s, err)
		}
	}
	if !a.InForce(20260610) || a.InForce(20260621) || a.State(20260531) != "待生效" || a.State(20260610) != "执行中" {
		t.Errorf("approved: in force %v, states %s %s", a.InForce(20260610), a.State(20260531), a.State(20260610))
	}
	if _, err := a.Step(AdjustLifted, province, 20260625); !reflect.DeepEqual(codes(err), []string{CodeAdjustLiftLate}) {
		t.Errorf("lifting after its own end: %v", err)
	}
	lifted, err := a.Step(AdjustLifted, province, 20260611)
	if err != nil || lifted.To != 20260610 || lifted.InForce(20260611) || !lifted.InForce(20260610) {
		t.Errorf("lifted early: %+v %v", lifted, err)
	}
	early, err := a.Step(AdjustLifted, province, 20260520)
	if err != nil || early.InForce(20260601) || early.Period() != "6 月 1 日起（未执行即解除）" {
		t.Errorf("lifted before its first day: %+v %v", early, err)
	}
	// Drafting: a city manager for the city or its offices only.
	cityOf := func(o string) string {
		return map[string]string{"13010001": "石家庄市", "13020001": "唐山市"}[o]
	}
	d := Adjustment{ID: "TZ26-02", Scope: "13010001", Kind: AdjustSuspend, From: 20260601}
	if err := d.CheckDraft(city, testKnown, cityOf, nil); err != nil {
		t.Errorf("the city's office: %v", err)
	}
	d.Scope = "13020001"
	if got := codes(d.CheckDraft(city, testKnown, cityOf, nil)); !reflect.DeepEqual(got, []string{CodeAdjustOutsideCity}) {
		t.Errorf("another city's office: %v", got)
	}
	if got := codes(d.CheckDraft(city, testKnown, cityOf, &lifted)); !reflect.DeepEqual(got, []string{CodeAdjustStepNotAllowed}) {
		t.Errorf("editing a lifted one: %v", got)
	}
	if h, ok := HoursToApproval(Adjustment{NoticeAt: time.Date(2026, 6, 1, 22, 0, 0, 0, ChinaTime)},
		[]AdjustmentStep{{Step: AdjustApproved, At: time.Date(2026, 6, 2, 9, 30, 0, 0, ChinaTime)}}); !ok || h != 11.5 {
		t.Errorf("hours to approval: %v %v", h, ok)
	}
}
