package svgchart

import (
	"encoding/xml"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// node is a parsed SVG element.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func parse(t *testing.T, svg string) node {
	t.Helper()
	var root node
	if err := xml.Unmarshal([]byte(svg), &root); err != nil {
		t.Fatalf("not XML: %v\n%s", err, svg)
	}
	if root.XMLName.Local != "svg" {
		t.Fatalf("root %s", root.XMLName.Local)
	}
	if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
		t.Errorf("non-finite coordinate in %s", svg)
	}
	return root
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) num(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("%s %s=%q: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return v
}

// all lists the descendants named name, in document order.
func (n node) all(name string) []node {
	var out []node
	for _, c := range n.Nodes {
		if c.XMLName.Local == name {
			out = append(out, c)
		}
		out = append(out, c.all(name)...)
	}
	return out
}

// group is the <g> with the class cls.
func (n node) group(t *testing.T, cls string) node {
	t.Helper()
	for _, g := range n.all("g") {
		if slices.Contains(strings.Fields(g.attr("class")), cls) {
			return g
		}
	}
	t.Fatalf("no group %q", cls)
	return node{}
}

func texts(ns []node) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Text)
	}
	return out
}

func months(n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("%d-%02d", 2024+(10+i)/12, (10+i)%12+1))
	}
	return out
}

func TestLineChartStructure(t *testing.T) {
	contract, walkin := make([]float64, 24), make([]float64, 24)
	for i := range contract {
		contract[i] = float64(1000 + 50*i)
		walkin[i] = float64(300 + 10*i)
	}
	c := Chart{Title: "近24个月发件量", Labels: months(24), Series: []Series{{"协议客户", contract}, {"散户", walkin}}}
	svg := string(c.SVG())
	root := parse(t, svg)
	if root.attr("role") != "img" || root.attr("aria-label") != c.Title || root.Nodes[0].XMLName.Local != "title" || root.Nodes[0].Text != c.Title {
		t.Errorf("accessible name: role %q, aria-label %q, first child %s %q", root.attr("role"), root.attr("aria-label"), root.Nodes[0].XMLName.Local, root.Nodes[0].Text)
	}
	for si, s := range c.Series {
		g := root.group(t, fmt.Sprintf("series-%d", si))
		lines := g.all("polyline")
		if len(lines) != 1 || len(strings.Fields(lines[0].attr("points"))) != 24 {
			t.Fatalf("series %d: polylines %+v", si, lines)
		}
		dots := g.all("circle")
		if len(dots) != 24 {
			t.Fatalf("series %d: %d dots", si, len(dots))
		}
		if tip := dots[23].all("title")[0].Text; tip != "2026-10 "+s.Name+": "+CompactZH(s.Values[23]) {
			t.Errorf("last tooltip %q", tip)
		}
		// Higher values are drawn higher (smaller y), left to right in order.
		if dots[0].num(t, "cy") <= dots[23].num(t, "cy") || dots[0].num(t, "cx") >= dots[23].num(t, "cx") {
			t.Errorf("series %d runs from (%v,%v) to (%v,%v)", si, dots[0].attr("cx"), dots[0].attr("cy"), dots[23].attr("cx"), dots[23].attr("cy"))
		}
	}
	// The contract line is above the walk-in line everywhere.
	c0, c1 := root.group(t, "series-0").all("circle"), root.group(t, "series-1").all("circle")
	for i := range c0 {
		if c0[i].num(t, "cy") >= c1[i].num(t, "cy") {
			t.Errorf("month %d: contract at y=%v, walk-in at y=%v", i, c0[i].attr("cy"), c1[i].attr("cy"))
		}
	}
	ticks := texts(root.group(t, "y-axis").all("text"))
	if ticks[0] != "0" || len(ticks) < 3 || len(ticks) > 2*yTicks+3 {
		t.Errorf("y ticks %v", ticks)
	}
	labels := texts(root.group(t, "x-axis").all("text"))
	if len(labels) < 6 || len(labels) > 24 || labels[len(labels)-1] != "2026-10" {
		t.Errorf("x labels %v", labels)
	}
	if got := texts(root.group(t, "legend").all("text")); !slices.Equal(got, []string{"协议客户", "散户"}) {
		t.Errorf("legend %v", got)
	}
	if again := string(c.SVG()); again != svg {
		t.Error("the same chart rendered twice differs")
	}
}

func TestXLabelsThinOut(t *testing.T) {
	narrow := Chart{Labels: months(24), Series: []Series{{"a", make([]float64, 24)}}, Width: 300}
	labels := texts(parse(t, string(narrow.SVG())).group(t, "x-axis").all("text"))
	room := (300 - marginLeft - marginRight) / labelSpacing
	if len(labels) > room || labels[len(labels)-1] != "2026-10" {
		t.Errorf("%d labels in room for %d: %v", len(labels), room, labels)
	}
	wide := Chart{Labels: months(12), Series: []Series{{"a", make([]float64, 12)}}, Width: 1200}
	if labels := texts(parse(t, string(wide.SVG())).group(t, "x-axis").all("text")); len(labels) != 12 {
		t.Errorf("a wide chart shows %d of 12 labels", len(labels))
	}
}

func TestBarChart(t *testing.T) {
	c := Chart{Kind: Bar, Labels: []string{"1月", "2月", "3月"}, Series: []Series{{"收入", []float64{100, 50, 0}}, {"件数", []float64{20, -20, math.NaN()}}}}
	root := parse(t, string(c.SVG()))
	a, b := root.group(t, "series-0").all("rect"), root.group(t, "series-1").all("rect")
	if len(a) != 3 || len(b) != 2 {
		t.Fatalf("bars %d and %d, want 3 and 2 (NaN skipped)", len(a), len(b))
	}
	h := func(n node) float64 { return n.num(t, "height") }
	if math.Abs(h(a[0])-2*h(a[1])) > 0.2 || h(a[2]) != 0 {
		t.Errorf("bar heights %v %v %v not proportional to 100, 50, 0", h(a[0]), h(a[1]), h(a[2]))
	}
	zero := a[0].num(t, "y") + h(a[0])
	if b[1].num(t, "y") != zero || math.Abs(h(b[1])-h(b[0])) > 0.2 {
		t.Errorf("the -20 bar hangs from y=%v (zero at %v) with height %v, the 20 bar's is %v", b[1].attr("y"), zero, h(b[1]), h(b[0]))
	}
	if a[0].num(t, "x")+a[0].num(t, "width") > b[0].num(t, "x")+0.05 {
		t.Errorf("bars overlap: %v+%v and %v", a[0].attr("x"), a[0].attr("width"), b[0].attr("x"))
	}
}

func TestChartEdgeCases(t *testing.T) {
	for name, c := range map[string]Chart{
		"all zeros":  {Labels: months(24), Series: []Series{{"a", make([]float64, 24)}}},
		"one point":  {Labels: []string{"2026-10"}, Series: []Series{{"a", []float64{42}}}},
		"no points":  {Title: "空"},
		"huge":       {Labels: months(3), Series: []Series{{"a", []float64{1e15, 2e15, 3e15}}}},
		"float edge": {Labels: months(2), Series: []Series{{"a", []float64{math.MaxFloat64, -math.MaxFloat64}}}},
		"missing":    {Labels: months(3), Series: []Series{{"a", []float64{math.Inf(1), math.NaN(), 5}}}},
		"short data": {Labels: months(5), Series: []Series{{"a", []float64{1, 2}}}},
	} {
		t.Run(name, func(t *testing.T) {
			for _, kind := range []Kind{Line, Bar} {
				c.Kind = kind
				parse(t, string(c.SVG()))
			}
		})
	}
	zeros := parse(t, string(Chart{Labels: months(24), Series: []Series{{"a", make([]float64, 24)}}}.SVG()))
	if ticks := texts(zeros.group(t, "y-axis").all("text")); !slices.Equal(ticks, []string{"0", "1"}) {
		t.Errorf("all-zero ticks %v, want 0 and 1", ticks)
	}
	one := parse(t, string(Chart{Labels: []string{"2026-10"}, Series: []Series{{"a", []float64{42}}}}.SVG()))
	dots := one.all("circle")
	if len(one.all("polyline")) != 0 || len(dots) != 1 || dots[0].num(t, "cx") != float64(marginLeft+(640-marginLeft-marginRight)/2) {
		t.Errorf("one point: %d polylines, dots %+v", len(one.all("polyline")), dots)
	}
	huge := parse(t, string(Chart{Labels: months(3), Series: []Series{{"a", []float64{1e15, 2e15, 3e15}}}}.SVG()))
	ticks := texts(huge.group(t, "y-axis").all("text"))
	if ticks[len(ticks)-1] != "30000000亿" {
		t.Errorf("huge ticks %v", ticks)
	}
	missing := parse(t, string(Chart{Labels: months(3), Series: []Series{{"a", []float64{math.Inf(1), math.NaN(), 5}}}}.SVG()))
	if len(missing.all("circle")) != 1 || len(missing.all("polyline")) != 0 {
		t.Errorf("missing values drawn: %d dots, %d lines", len(missing.all("circle")), len(missing.all("polyline")))
	}
}

func TestTopTickCoversData(t *testing.T) {
	for _, vs := range [][]float64{{0.3}, {7}, {99}, {101}, {123456}, {-5, 3}, {1e15}, {0.001, 0.002}} {
		sc := newScale(vs, yTicks, 0, 100)
		top, bottom := sc.ticks[len(sc.ticks)-1], sc.ticks[0]
		if top < slices.Max(vs) || bottom > min(0, slices.Min(vs)) || len(sc.ticks) < 2 || len(sc.ticks) > 2*yTicks+3 {
			t.Errorf("%v: ticks %v", vs, sc.ticks)
		}
		if sc.y(top) != 0 || sc.y(bottom) != 100 {
			t.Errorf("%v: top tick at y=%v, bottom at %v", vs, sc.y(top), sc.y(bottom))
		}
	}
	if got := newScale([]float64{1, 2, 3}, yTicks, 0, 100).ticks; !slices.Equal(got, []float64{0, 1, 2, 3}) {
		t.Errorf("integer data 1..3: ticks %v, want whole numbers", got)
	}
	if got := newScale([]float64{0.5, 1.5}, yTicks, 0, 100).ticks; !slices.Equal(got, []float64{0, 0.5, 1, 1.5}) {
		t.Errorf("fractional data: ticks %v", got)
	}
}

func TestEscaping(t *testing.T) {
	c := Chart{Title: `<script>alert(1)</script>`, Labels: []string{`"&<`}, Series: []Series{{`<b>`, []float64{1}}}}
	svg := string(c.SVG())
	if strings.Contains(svg, "<script>") || strings.Contains(svg, "<b>") {
		t.Errorf("unescaped text in %s", svg)
	}
	root := parse(t, svg)
	if root.Nodes[0].Text != c.Title {
		t.Errorf("title reads %q", root.Nodes[0].Text)
	}
	if s := string(Sparkline(`<x>`, []float64{1, 2}, 80, 20)); strings.Contains(s, "<x>") {
		t.Errorf("sparkline title unescaped: %s", s)
	}
}

func TestCompact(t *testing.T) {
	for _, c := range []struct {
		v      float64
		zh, en string
	}{
		{0, "0", "0"}, {8500, "8500", "8.5k"}, {12000, "1.2万", "12k"}, {-25000, "-2.5万", "-25k"},
		{3e8, "3亿", "300M"}, {2.5e9, "25亿", "2.5B"}, {0.25, "0.25", "0.25"}, {-0.001, "0", "0"},
	} {
		if zh, en := CompactZH(c.v), CompactEN(c.v); zh != c.zh || en != c.en {
			t.Errorf("%v: %q / %q, want %q / %q", c.v, zh, en, c.zh, c.en)
		}
	}
}

func TestSparkline(t *testing.T) {
	root := parse(t, string(Sparkline("趋势", []float64{1, 3, math.NaN(), 2}, 80, 20)))
	if root.Nodes[0].Text != "趋势" || root.attr("width") != "80" {
		t.Errorf("sparkline %+v", root)
	}
	pts := strings.Fields(root.all("polyline")[0].attr("points"))
	if len(pts) != 3 || pts[0] != "2.0,18.0" || pts[1] != "27.3,2.0" || pts[2] != "78.0,10.0" {
		t.Errorf("points %v", pts)
	}
	dot := root.all("circle")[0]
	if dot.attr("cx") != "78.0" || dot.attr("cy") != "10.0" {
		t.Errorf("last-value dot at %s,%s", dot.attr("cx"), dot.attr("cy"))
	}
	flat := parse(t, string(Sparkline("", []float64{5, 5, 5}, 80, 20)))
	for _, p := range strings.Fields(flat.all("polyline")[0].attr("points")) {
		if !strings.HasSuffix(p, ",10.0") {
			t.Errorf("flat series point %s off the middle", p)
		}
	}
	single := parse(t, string(Sparkline("", []float64{5}, 80, 20)))
	if len(single.all("polyline")) != 0 || single.all("circle")[0].attr("cx") != "40.0" {
		t.Errorf("single value: %+v", single)
	}
	if empty := parse(t, string(Sparkline("", nil, 80, 20))); len(empty.Nodes) != 1 {
		t.Errorf("empty sparkline draws %+v", empty.Nodes)
	}
}

// TestBarChartLabelsEveryCategory: a bar is a city or an office, and an
// unlabelled bar is no use, so none is skipped; labels too wide for their
// bar slant, and the picture grows to hold them.
func TestBarChartLabelsEveryCategory(t *testing.T) {
	cities := []string{"石家庄市", "唐山市", "秦皇岛市", "邯郸市", "邢台市", "保定市", "张家口市", "承德市", "沧州市", "廊坊市", "衡水市"}
	for _, labels := range [][]string{cities, append(slices.Clone(cities), "石家庄市新华区营业部", "石家庄市桥西区营业部", "唐山市路北区营业部", "唐山市路南区营业部", "秦皇岛市海港区营业部", "邯郸市丛台区营业部", "邢台市襄都区营业部", "保定市竞秀区营业部", "张家口市桥东区营业部", "承德市双桥区营业部", "沧州市运河区营业部")} {
		c := Chart{Kind: Bar, Labels: labels, Series: []Series{{"收入", make([]float64, len(labels))}}}
		root := parse(t, string(c.SVG()))
		shown := texts(root.group(t, "x-axis").all("text"))
		if !slices.Equal(shown, labels) {
			t.Errorf("%d bars label %v", len(labels), shown)
		}
		_, h := c.size()
		slot := float64(640-marginLeft-marginRight) / float64(len(labels))
		if slant := c.slanted(slot); slant > 0 {
			if root.num(t, "height") != float64(h+slant) {
				t.Errorf("slanted labels: height %v, want %d", root.num(t, "height"), h+slant)
			}
		} else if len(labels) > len(cities) {
			t.Errorf("%d office names stand upright in %.0f-pixel slots", len(labels), slot)
		}
	}
}
