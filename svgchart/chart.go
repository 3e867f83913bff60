// Package svgchart draws small server-rendered SVG charts (a monthly trend
// and a sparkline) for the web pages: no script, no inline style (the
// pages' CSP forbids both), and the same input always gives the same bytes.
package svgchart

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"

	"postcrm/textfmt"
)

// Kind is how a chart draws its series.
type Kind int

const (
	Line Kind = iota
	Bar       // grouped bars, one per series in each slot
)

// Series is one named row of values, one per label.
type Series struct {
	Name   string
	Values []float64 // NaN or ±Inf is a missing value
}

// Chart is a trend over labelled points (e.g. 24 months) of one or more
// series.
type Chart struct {
	Title  string   // the accessible name, also shown as a tooltip
	Labels []string // x-axis labels, one per point
	Series []Series
	Kind   Kind
	// Format writes a y tick and a point's value; default CompactZH.
	Format        func(float64) string
	Width, Height int // default 640 × 240; the SVG scales to its container
}

// palette colours the series; CSS may override them through the classes
// series-0, series-1, ….
var palette = []string{"#007a3d", "#e08a00", "#2b6cb0", "#9b2c2c"}

// Margins around the plot: y tick labels on the left, the legend on top,
// x labels below.
const (
	marginLeft   = 52
	marginRight  = 24 // half the latest month's label overhangs its point
	marginTop    = 24
	marginBottom = 24
	yTicks       = 4
	labelSpacing = 56 // minimum pixels between two x labels: "2026-10" is about 45 at 11px
)

// SVG renders the chart as an inline <svg> element.
func (c Chart) SVG() template.HTML {
	w, h := c.size()
	format := c.Format
	if format == nil {
		format = CompactZH
	}
	n := len(c.Labels)
	var all []float64
	for _, s := range c.Series {
		all = append(all, s.Values...)
	}
	left, right := float64(marginLeft), float64(w-marginRight)
	sc := newScale(all, yTicks, marginTop, float64(h-marginBottom))
	slot := (right - left) / float64(max(n, 1))
	x := func(i int) float64 { return left + slot*(float64(i)+0.5) }
	slant := c.slanted(slot)
	if slant > 0 {
		h += slant // the plot keeps its height; the slanted labels hang below it
	}

	var b strings.Builder
	title := html.EscapeString(c.Title)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`, w, h, w, h, title)
	fmt.Fprintf(&b, `<title>%s</title>`, title)
	c.writeGrid(&b, sc, left, right, format)
	c.writeLabels(&b, n, x, sc.bot, slant > 0)
	for si, s := range c.Series {
		colour := palette[si%len(palette)]
		fmt.Fprintf(&b, `<g class="series series-%d" fill="%s" stroke="%s">`, si, colour, colour)
		if c.Kind == Bar {
			c.writeBars(&b, s, si, sc, x, slot, format)
		} else {
			c.writeLine(&b, s, sc, x, format)
		}
		b.WriteString(`</g>`)
	}
	c.writeLegend(&b, left)
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it went through html.EscapeString
}

func (c Chart) size() (int, int) {
	w, h := c.Width, c.Height
	if w <= 0 {
		w = 640
	}
	if h <= 0 {
		h = 240
	}
	return w, h
}

// writeGrid draws a horizontal rule and a label at each y tick.
func (c Chart) writeGrid(b *strings.Builder, sc scale, left, right float64, format func(float64) string) {
	b.WriteString(`<g class="axis y-axis" font-size="11" text-anchor="end" fill="#555" stroke="#ddd">`)
	for _, t := range sc.ticks {
		y := num(sc.y(t))
		fmt.Fprintf(b, `<line x1="%s" x2="%s" y1="%s" y2="%s"/>`, num(left), num(right), y, y)
		fmt.Fprintf(b, `<text x="%s" y="%s" stroke="none" dy="4">%s</text>`, num(left-6), y, html.EscapeString(format(t)))
	}
	b.WriteString(`</g>`)
}

// labelFont is the x labels' font size; labelPx is a label's width at
// it (a CJK character is two display columns, 11 px; a digit one, about
// 6 px).
const labelFont = 11

func labelPx(l string) float64 { return float64(textfmt.DisplayWidth(l)) * labelFont * 0.5 }

// slanted is how many pixels the x labels of a bar chart need below the
// usual margin when they are too wide for their slot and are drawn
// slanting at 40°; 0 when they fit upright or the chart is a line (whose
// labels are thinned instead).
func (c Chart) slanted(slot float64) int {
	if c.Kind != Bar {
		return 0
	}
	widest := 0.0
	for _, l := range c.Labels {
		widest = max(widest, labelPx(l))
	}
	if widest <= slot-4 {
		return 0
	}
	return int(math.Ceil(widest*math.Sin(40*math.Pi/180))) + 4
}

// writeLabels writes the x labels. A bar chart's bars are categories (a
// city, an office), so every one is labelled, slanting when they are too
// wide to stand side by side. A line's points are months, so its labels
// are thinned so that they do not overlap, always keeping the last (the
// latest month).
func (c Chart) writeLabels(b *strings.Builder, n int, x func(int) float64, bottom float64, slant bool) {
	w, _ := c.size()
	room := max(1, (w-marginLeft-marginRight)/labelSpacing)
	every := (n + room - 1) / room
	if c.Kind == Bar {
		every = 1
	}
	anchor := "middle"
	if slant {
		anchor = "end"
	}
	fmt.Fprintf(b, `<g class="axis x-axis" font-size="%d" text-anchor="%s" fill="#555">`, labelFont, anchor)
	for i, l := range c.Labels {
		if (n-1-i)%max(every, 1) != 0 {
			continue
		}
		if slant {
			fmt.Fprintf(b, `<text transform="translate(%s %s) rotate(-40)">%s</text>`, num(x(i)+4), num(bottom+12), html.EscapeString(l))
			continue
		}
		fmt.Fprintf(b, `<text x="%s" y="%s">%s</text>`, num(x(i)), num(bottom+16), html.EscapeString(l))
	}
	b.WriteString(`</g>`)
}

// point is a value's tooltip: label, series and formatted value.
func (c Chart) point(i int, s Series, format func(float64) string) string {
	label := ""
	if i < len(c.Labels) {
		label = c.Labels[i]
	}
	return html.EscapeString(fmt.Sprintf("%s %s: %s", label, s.Name, format(s.Values[i])))
}

// writeLine draws a polyline through the present values (a missing value
// breaks it) and a dot with a tooltip at each.
func (c Chart) writeLine(b *strings.Builder, s Series, sc scale, x func(int) float64, format func(float64) string) {
	var run []string
	flush := func() {
		if len(run) > 1 {
			fmt.Fprintf(b, `<polyline fill="none" stroke-width="2" points="%s"/>`, strings.Join(run, " "))
		}
		run = run[:0]
	}
	for i, v := range s.Values {
		if i >= len(c.Labels) || !finite(v) {
			flush()
			continue
		}
		run = append(run, num(x(i))+","+num(sc.y(v)))
	}
	flush()
	for i, v := range s.Values {
		if i < len(c.Labels) && finite(v) {
			fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="2.5"><title>%s</title></circle>`, num(x(i)), num(sc.y(v)), c.point(i, s, format))
		}
	}
}

// writeBars draws series si's bar in each slot, beside the other series'.
func (c Chart) writeBars(b *strings.Builder, s Series, si int, sc scale, x func(int) float64, slot float64, format func(float64) string) {
	k := float64(max(len(c.Series), 1))
	width := slot * 0.8 / k
	zero := sc.y(math.Max(sc.lo, 0))
	for i, v := range s.Values {
		if i >= len(c.Labels) || !finite(v) {
			continue
		}
		y := sc.y(v)
		top, height := math.Min(y, zero), math.Abs(zero-y)
		bx := x(i) - slot*0.4 + float64(si)*width
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" stroke="none"><title>%s</title></rect>`,
			num(bx), num(top), num(width), num(height), c.point(i, s, format))
	}
}

// writeLegend names the series above the plot when there is more than one.
func (c Chart) writeLegend(b *strings.Builder, left float64) {
	if len(c.Series) < 2 {
		return
	}
	b.WriteString(`<g class="legend" font-size="12">`)
	x := left
	for si, s := range c.Series {
		colour := palette[si%len(palette)]
		fmt.Fprintf(b, `<rect class="series-%d" x="%s" y="6" width="10" height="10" fill="%s"/>`, si, num(x), colour)
		fmt.Fprintf(b, `<text x="%s" y="15" fill="#333">%s</text>`, num(x+14), html.EscapeString(s.Name))
		x += 14 + float64(textfmt.DisplayWidth(s.Name))*7 + 16
	}
	b.WriteString(`</g>`)
}
