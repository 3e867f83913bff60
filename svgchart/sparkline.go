package svgchart

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// Sparkline draws values as a bare line w × h pixels with a dot on the
// last value, scaled between its own minimum and maximum (a flat series
// is a level line in the middle); missing values are skipped.
func Sparkline(title string, values []float64, w, h int) template.HTML {
	lo, hi, seen := 0.0, 0.0, false
	for _, v := range values {
		if !finite(v) {
			continue
		}
		if !seen || v < lo {
			lo = v
		}
		if !seen || v > hi {
			hi = v
		}
		seen = true
	}
	const pad = 2.0
	y := func(v float64) float64 {
		if hi == lo {
			return float64(h) / 2
		}
		return float64(h) - pad - (v-lo)/(hi-lo)*(float64(h)-2*pad)
	}
	x := func(i int) float64 {
		if len(values) < 2 {
			return float64(w) / 2
		}
		return pad + float64(i)*(float64(w)-2*pad)/float64(len(values)-1)
	}
	var b strings.Builder
	t := html.EscapeString(title)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s"><title>%s</title>`, w, h, w, h, t, t)
	var pts []string
	last := -1
	for i, v := range values {
		if finite(v) {
			pts = append(pts, num(x(i))+","+num(y(v)))
			last = i
		}
	}
	if len(pts) > 1 {
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="1.5" points="%s"/>`, palette[0], strings.Join(pts, " "))
	}
	if last >= 0 {
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="2" fill="%s"/>`, num(x(last)), num(y(values[last])), palette[0])
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // the title went through html.EscapeString
}
