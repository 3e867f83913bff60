package svgchart

import (
	"math"
	"strconv"
	"strings"
)

// unit is a power of ten a compact tick label divides by.
type unit struct {
	size   float64
	suffix string
}

// CompactZH writes a tick value the Chinese way: 8500, 1.2万, 3亿.
func CompactZH(v float64) string {
	return compact(v, []unit{{1e8, "亿"}, {1e4, "万"}})
}

// CompactEN writes a tick value the English way: 8.5k, 1.2M, 3B.
func CompactEN(v float64) string {
	return compact(v, []unit{{1e9, "B"}, {1e6, "M"}, {1e3, "k"}})
}

func compact(v float64, units []unit) string {
	for _, u := range units {
		if math.Abs(v) >= u.size {
			return trimmed(v/u.size) + u.suffix
		}
	}
	return trimmed(v)
}

// trimmed writes v with at most two decimals and no trailing zeros.
func trimmed(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// num writes a pixel coordinate: one decimal is finer than a screen shows,
// and a fixed form keeps the output byte-for-byte reproducible.
func num(v float64) string {
	return strconv.FormatFloat(v, 'f', 1, 64)
}
