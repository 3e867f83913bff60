package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"postcrm"
)

// line is one row of a report before rendering: text labels and integer
// figures (counts, fen). Subtotals and totals are sums of lines, and every
// ratio is derived from the summed integers, so totals add up exactly and
// a subtotal's rate is the rate of its sums, not an average of rates.
type line struct {
	level  postcrm.RowLevel
	labels []string
	v      []int64
}

// add sums o's figures into l.
func (l *line) add(o *line) {
	for i, x := range o.v {
		l.v[i] += x
	}
}

// col is a column and how a line gives its cell.
type col struct {
	postcrm.Column
	cell func(l *line) any
}

func label(i int, key, header string) col {
	return col{postcrm.Column{Key: key, Header: header, Kind: postcrm.ColText}, func(l *line) any { return l.labels[i] }}
}

func count(i int, key, header string) col {
	return col{postcrm.Column{Key: key, Header: header, Kind: postcrm.ColInt}, func(l *line) any { return l.v[i] }}
}

func money(i int, key, header string) col {
	return col{postcrm.Column{Key: key, Header: header, Kind: postcrm.ColFen}, func(l *line) any { return l.v[i] }}
}

// ratio is v[num]/v[den], nil on a zero denominator.
func ratio(num, den int, key, header string) col {
	return col{postcrm.Column{Key: key, Header: header, Kind: postcrm.ColPercent},
		func(l *line) any { return div(l.v[num], l.v[den]) }}
}

// growth is the change of v[cur] over v[base], nil on a zero base.
func growth(cur, base int, key, header string) col {
	return col{postcrm.Column{Key: key, Header: header, Kind: postcrm.ColPercent},
		func(l *line) any { return div(l.v[cur]-l.v[base], l.v[base]) }}
}

// shareChange is the change in percentage points from the share
// v[num0]/v[den0] to v[num1]/v[den1], nil when either is undefined.
func shareChange(num1, den1, num0, den0 int, key, header string) col {
	return col{postcrm.Column{Key: key, Header: header, Kind: postcrm.ColPoints}, func(l *line) any {
		now, before := div(l.v[num1], l.v[den1]), div(l.v[num0], l.v[den0])
		if now == nil || before == nil {
			return nil
		}
		return 100 * (now.(float64) - before.(float64))
	}}
}

func div(a, b int64) any {
	if b == 0 {
		return nil
	}
	return float64(a) / float64(b)
}

// render turns lines into a table.
func render(name, title string, cols []col, lines []line) postcrm.Table {
	t := postcrm.Table{Name: name, Title: title}
	for _, c := range cols {
		t.Columns = append(t.Columns, c.Column)
	}
	for i := range lines {
		l := &lines[i]
		cells := make([]any, len(cols))
		for j, c := range cols {
			cells[j] = c.cell(l)
		}
		t.Rows = append(t.Rows, postcrm.Row{Level: l.level, Cells: cells})
	}
	return t
}

// sortLines orders lines by their labels, the first (the city) in the
// province's order.
func sortLines(lines []line) {
	slices.SortStableFunc(lines, func(a, b line) int {
		if len(a.labels) == 0 || len(b.labels) == 0 {
			return slices.Compare(a.labels, b.labels)
		}
		return cmp.Or(postcrm.CompareCities(a.labels[0], b.labels[0]), slices.Compare(a.labels[1:], b.labels[1:]))
	})
}

// subtotalled returns the set's lines, sorted by label, with a subtotal
// after each run of lines sharing their first depth labels (named by
// name) and a total line at the end. With depth 0 only the total is added.
func (s *lineSet) subtotalled(depth int, name, totalName string) []line {
	lines := s.lines()
	sortLines(lines)
	var out []line
	for start := 0; start < len(lines) && depth > 0; {
		end := start + 1
		for end < len(lines) && slices.Equal(lines[end].labels[:depth], lines[start].labels[:depth]) {
			end++
		}
		labels := make([]string, s.labels)
		copy(labels, lines[start].labels[:depth])
		labels[depth] = name
		out = append(append(out, lines[start:end]...), s.sum(postcrm.RowSubtotal, labels, lines[start:end]))
		start = end
	}
	if depth == 0 {
		out = lines
	}
	return append(out, s.total(lines, totalName))
}

// sum adds lines up into one line of the given level and labels.
func (s *lineSet) sum(level postcrm.RowLevel, labels []string, lines []line) line {
	t := line{level: level, labels: labels, v: make([]int64, s.width)}
	for i := range lines {
		t.add(&lines[i])
	}
	return t
}

// total is the total line of lines, named in its first label.
func (s *lineSet) total(lines []line, name string) line {
	labels := make([]string, s.labels)
	labels[0] = name
	return s.sum(postcrm.RowTotal, labels, lines)
}

// lineSet accumulates lines by their labels.
type lineSet struct {
	width, labels int
	index         map[string]*line
	order         []string
}

// newLineSet makes a set of lines with this many figures and labels.
func newLineSet(width, labels int) *lineSet {
	return &lineSet{width: width, labels: labels, index: make(map[string]*line)}
}

// at returns the line with these labels, creating it with zero figures.
func (s *lineSet) at(labels ...string) *line {
	if len(labels) != s.labels {
		panic(fmt.Sprintf("report: line with %d labels in a set of %d", len(labels), s.labels))
	}
	k := strings.Join(labels, "\x00")
	l := s.index[k]
	if l == nil {
		l = &line{labels: labels, v: make([]int64, s.width)}
		s.index[k] = l
		s.order = append(s.order, k)
	}
	return l
}

// lines lists them in the order they were first made.
func (s *lineSet) lines() []line {
	out := make([]line, len(s.order))
	for i, k := range s.order {
		out[i] = *s.index[k]
	}
	return out
}
