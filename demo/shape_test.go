package demo

import (
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"postcrm"
)

var hebei = []string{"石家庄市", "唐山市", "秦皇岛市", "邯郸市", "邢台市", "保定市", "张家口市", "承德市", "沧州市", "廊坊市", "衡水市"}

func chineseName(s string) bool {
	n := utf8.RuneCountInString(s)
	return n >= 2 && n <= 4 && strings.IndexFunc(s, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) < 0
}

func TestOrgShape(t *testing.T) {
	c := loadCorpus(t)
	type officeInfo struct {
		city, name         string
		managers, couriers int
	}
	offices := map[string]*officeInfo{}
	admins, province := map[string]int{}, 0
	ids, phones := map[string]bool{}, map[string]bool{}
	for _, f := range c.tables["org.csv"] {
		if _, bad := orgProblem(f); bad {
			continue
		}
		if ids[f[3]] || phones[f[6]] || !chineseName(f[4]) {
			t.Errorf("staff %v: ID or phone repeated, or not a name", f)
		}
		ids[f[3]], phones[f[6]] = true, true
		switch f[5] {
		case "省市场部":
			province++
			if f[0] != "" || f[1] != "" {
				t.Errorf("province staff with city or office: %v", f)
			}
		case "地市管理员":
			admins[f[0]]++
			if f[1] != "" {
				t.Errorf("city administrator with an office: %v", f)
			}
		default:
			o := offices[f[1]]
			if o == nil {
				o = &officeInfo{city: f[0], name: f[2]}
				offices[f[1]] = o
			}
			if o.city != f[0] || o.name != f[2] {
				t.Errorf("office %s named both %s/%s and %s/%s", f[1], o.city, o.name, f[0], f[2])
			}
			if f[5] == "营业部经理" {
				o.managers++
			} else {
				o.couriers++
			}
		}
	}
	if province == 0 {
		t.Error("no provincial marketing staff")
	}
	prefixes, cityPrefix, names := map[string]string{}, map[string]string{}, map[string]bool{}
	perCity := map[string]int{}
	for code, o := range offices {
		perCity[o.city]++
		if o.managers != 1 || o.couriers < 2 {
			t.Errorf("office %s %s: %d managers, %d couriers", code, o.name, o.managers, o.couriers)
		}
		if !strings.HasSuffix(o.name, "营业部") || names[o.city+o.name] {
			t.Errorf("office name %s in %s is odd or repeated", o.name, o.city)
		}
		names[o.city+o.name] = true
		if city, seen := prefixes[code[:3]]; seen && city != o.city {
			t.Errorf("prefix %s used by %s and %s", code[:3], city, o.city)
		}
		prefixes[code[:3]], cityPrefix[o.city] = o.city, code[:3]
	}
	for _, city := range hebei {
		if perCity[city] != 2 || admins[city] < 1 || admins[city] > 2 {
			t.Errorf("%s: %d offices, %d administrators; small scale wants 2 offices and 1–2 administrators", city, perCity[city], admins[city])
		}
	}
	if len(perCity) != len(hebei) || cityPrefix["石家庄市"] != "050" {
		t.Errorf("cities %v, 石家庄 prefix %s", perCity, cityPrefix["石家庄市"])
	}
}

func TestCustomersShape(t *testing.T) {
	c := loadCorpus(t)
	r := c.refs()
	truth := map[string]TruthCustomer{}
	for _, tc := range c.truth.Customers {
		truth[tc.Code] = tc
	}
	var good, unowned, noPhone, noIndustry, terminated int
	names := map[string]bool{}
	for _, f := range c.tables["customers.csv"] {
		if reason, bad := customerProblem(f, r); bad && reason != postcrm.ReasonUnknownStaff {
			continue
		}
		good++
		tc, ok := truth[f[0]]
		if !ok || names[f[1]] {
			t.Errorf("customer %v: not in the truth, or name repeated", f)
		}
		names[f[1]] = true
		if f[3] == "" {
			unowned++
		}
		if f[7] == "" {
			noPhone++
		}
		if f[5] == "" {
			noIndustry++
		}
		if f[8] == "解约" {
			terminated++
			if tc.Change != "churn" {
				t.Errorf("%s terminated but it ships on (%s)", f[0], tc.Change)
			}
		}
		if signed, _ := strconv.Atoi(strings.ReplaceAll(f[4], "-", "")); postcrm.Date(signed) > c.manifest.Last {
			t.Errorf("%s signed on %s, after the period", f[0], f[4])
		}
	}
	if good != Small.Customers || len(c.truth.Customers) != good {
		t.Errorf("%d customers, %d in the truth; want %d", good, len(c.truth.Customers), Small.Customers)
	}
	if share := float64(unowned) / float64(good); share < 0.03 || share > 0.15 {
		t.Errorf("%.1f%% unowned, want about 8%%", share*100)
	}
	if noPhone == 0 || noIndustry == 0 || terminated == 0 {
		t.Errorf("%d without phone, %d without industry, %d terminated: want some of each", noPhone, noIndustry, terminated)
	}
	kinds := map[string]bool{}
	for _, tc := range c.truth.Customers {
		kinds[tc.Kind] = true
	}
	if len(kinds) != len(kindNames) {
		t.Errorf("kinds %v", kinds)
	}
}

var provinces = "北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 海南 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆"

func TestWaybillsLookReal(t *testing.T) {
	c := loadCorpus(t)
	share := func(m map[string]int, key string) float64 {
		total := 0
		for _, n := range m {
			total += n
		}
		return float64(m[key]) / float64(total)
	}
	if s := share(c.channels[true], "上门揽收"); s < 0.8 {
		t.Errorf("%.0f%% of contract items picked up, want most", s*100)
	}
	if c.channels[false]["上门揽收"] != 0 || share(c.payments[false], "现结") != 1 {
		t.Errorf("walk-ins: channels %v, payments %v", c.channels[false], c.payments[false])
	}
	if s := share(c.payments[true], "月结"); s < 0.9 {
		t.Errorf("%.0f%% of contract items on account, want most", s*100)
	}
	for h, n := range c.hours {
		if (h < 8 || h > 20) && n > 0 {
			t.Errorf("%d items accepted at %d o'clock", n, h)
		}
	}
	if len(c.products) != 3 || c.products["标准快递"] == 0 || c.products["特快专递"] == 0 || c.products["快递包裹"] == 0 {
		t.Errorf("products %v", c.products)
	}
	for dest := range c.fenByDest {
		if !strings.Contains(" "+provinces+" ", " "+dest+" ") {
			t.Errorf("destination %q is not a province", dest)
		}
	}
	items := func(dest string) int64 { return c.fenByDest[dest][1] }
	if !(items("河北") > items("北京") && items("北京") > items("广东") && items("广东") > items("西藏")) {
		t.Errorf("destinations not weighted towards the neighbours: %v", c.fenByDest)
	}
	mean := func(v [2]int64) float64 { return float64(v[0]) / float64(v[1]) }
	if mean(c.fenByDest["广东"]) <= mean(c.fenByDest["河北"]) || mean(c.fenHeavy) <= 1.5*mean(c.fenLight) {
		t.Errorf("postage does not grow with distance and weight: 河北 %.0f, 广东 %.0f fen; light %.0f, heavy %.0f fen",
			mean(c.fenByDest["河北"]), mean(c.fenByDest["广东"]), mean(c.fenLight), mean(c.fenHeavy))
	}
	onlineShare := func(from, to int) float64 {
		var online, all int
		for m, v := range c.online {
			if m >= from && m <= to {
				online, all = online+v[0], all+v[1]
			}
		}
		return float64(online) / float64(all)
	}
	if early, late := onlineShare(202501, 202506), onlineShare(202605, 202610); late < 2*early {
		t.Errorf("walk-ins' e-channel and mini-program share went from %.0f%% to %.0f%%, want growth", early*100, late*100)
	}
}

func TestMembersAreRegisteredWalkins(t *testing.T) {
	c := loadCorpus(t)
	r := c.refs()
	first := map[string]postcrm.Date{}
	for _, w := range c.truth.Walkins {
		first[w.Phone] = w.FirstPurchase
	}
	members := c.manifest.Files[len(c.manifest.Files)-1].Name
	good := 0
	for _, f := range c.tables[members] {
		if reason, bad := memberProblem(f, r); bad && reason != postcrm.ReasonUnknownStaff {
			continue
		}
		good++
		if _, err := strconv.ParseFloat(f[1], 64); err != nil {
			t.Errorf("registration date %q is not an Excel date cell", f[1])
		}
		fp, ok := first[f[0]]
		if day := memberDate(f[1]); !ok || day < fp || day > c.manifest.Last {
			t.Errorf("member %s registered on %s; first purchase %s", f[0], day, fp)
		}
	}
	if share := float64(good) / float64(len(c.truth.Walkins)); share < 0.1 || share > 0.5 {
		t.Errorf("%d members of %d walk-ins", good, len(c.truth.Walkins))
	}
}
