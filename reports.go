package postcrm

// The monthly reports (报表): what a report is once computed, so that the
// workbook writer, the JSON output and the web page all render one value,
// and what the reports read from a store.

// ColumnKind says how a column's values are typed and shown.
type ColumnKind string

const (
	ColText    ColumnKind = "text"    // string
	ColInt     ColumnKind = "int"     // int64 count
	ColFen     ColumnKind = "fen"     // int64 money in fen, shown as yuan with two decimals
	ColPercent ColumnKind = "percent" // float64 ratio (0.125 = 12.5%); nil when undefined
	ColPoints  ColumnKind = "points"  // float64 change in percentage points; nil when undefined
	ColScore   ColumnKind = "score"   // float64 score 0–100, one decimal
	ColDate    ColumnKind = "date"    // string YYYY-MM-DD
)

// Column is one column of a report table.
type Column struct {
	Key    string     `json:"key"`    // stable English name for API clients
	Header string     `json:"header"` // Chinese header
	Kind   ColumnKind `json:"kind"`
}

// RowLevel marks detail rows from the subtotal and total rows.
type RowLevel string

const (
	RowDetail   RowLevel = ""
	RowSubtotal RowLevel = "subtotal"
	RowTotal    RowLevel = "total"
)

// Row is one line of a table; Cells follow the table's columns: string,
// int64, float64 or nil (not applicable, e.g. a growth rate on a zero base).
type Row struct {
	Level RowLevel `json:"level,omitempty"`
	Cells []any    `json:"cells"`
}

// ChartKind is the kind of a native chart drawn beside a table.
type ChartKind string

const (
	ChartColumn        ChartKind = "col"
	ChartStackedColumn ChartKind = "colStacked"
	ChartLine          ChartKind = "line"
)

// Chart draws some columns of a table's detail rows: one series per
// column in Series, categories from column Category.
type Chart struct {
	Kind     ChartKind `json:"kind"`
	Title    string    `json:"title"`
	Category int       `json:"category"`
	Series   []int     `json:"series"`
}

// Table is one sheet of a report's workbook.
type Table struct {
	Name    string   `json:"name"`  // sheet name, short Chinese
	Title   string   `json:"title"` // heading above the header row
	Columns []Column `json:"columns"`
	Rows    []Row    `json:"rows"`
	Chart   *Chart   `json:"chart,omitempty"`
	// Drill, on a table of cities or offices, says which column names
	// them, so that a page can open each one's own report.
	Drill *Drill `json:"drill,omitempty"`
}

// Drill names the column of a table whose detail rows name a city
// (Level "city") or an office as the reports write it, "name（code）"
// (Level "office").
type Drill struct {
	Column string `json:"column"` // a column's Key
	Level  string `json:"level"`  // "city" or "office"
}

// Report is one computed report for a period and scope.
type Report struct {
	Name   string `json:"name"`   // e.g. "bulletin", as on the command line
	Title  string `json:"title"`  // Chinese title
	Period string `json:"period"` // YYYY-MM, or YYYY-MM-DD for a daily report
	Scope  string `json:"scope"`  // 全省, a city, or an office's name
	// Narrative is generated Chinese text, one paragraph an entry.
	Narrative []string `json:"narrative,omitempty"`
	Tables    []Table  `json:"tables"`
	// Summary is what a page shows of a province's or a city's report in
	// place of Tables, whose rows go down to customers and people: the
	// same figures summed to the cities (of the province) or the offices
	// (of a city), each opening its own report, and named as the
	// workbook's sheet it sums. Empty when Tables are
	// small enough to show whole; the workbook always has every row.
	Summary []Table `json:"summary,omitempty"`
	// Notes say how figures are defined and what is left out and why.
	Notes []string `json:"notes,omitempty"`
}

// OfficeMonth is the courier_daily rollup summed over a month and the
// couriers, per office, segment, payment and channel.
type OfficeMonth struct {
	Month      Month
	OfficeCode string
	Contract   bool
	Payment    Payment
	Channel    Channel
	Items      int64
	PostageFen int64
}

// CustomerMonth is one contract customer's items and postage in a month.
type CustomerMonth struct {
	CustomerCode string
	Month        Month
	Items        int64
	PostageFen   int64
}

// MemberDay counts the e-channel members an office and recruiter
// registered on a day.
type MemberDay struct {
	Day        Date
	OfficeCode string
	StaffID    string
	Members    int64
}
