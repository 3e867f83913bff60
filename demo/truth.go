package demo

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"postcrm"
)

// Ground-truth files, kept apart from the exports.
const (
	TruthCustomersFile = "truth_customers.csv"
	TruthWalkinsFile   = "truth_walkins.csv"
	TruthParamsFile    = "truth_params.json"
)

// TruthCustomer is how a contract customer really behaves.
type TruthCustomer struct {
	Code       string
	Kind       string // ecommerce, enterprise, government, sparse, seasonal, new
	Segment    string // large (≥ 20 items a day), medium (≥ 2), small
	SignedOn   postcrm.Date
	BaseRate   float64 // mean items on an ordinary day at the start of the period
	Dispersion float64 // gamma-Poisson shape of daily counts
	Trend      float64 // yearly log growth
	Change     string  // none, decline, churn
	ChangeDate postcrm.Date
	Factor     float64 // volume multiplier from ChangeDate on (0 for churn)
}

// TruthWalkin is how a walk-in customer really behaves.
type TruthWalkin struct {
	Phone         string
	OfficeCode    string
	Lambda        float64 // purchases per day while alive
	P             float64 // drop-out probability after each repeat purchase
	Nu            float64 // spend rate: mean spend per item SpendP/Nu yuan
	FirstPurchase postcrm.Date
	Death         postcrm.Date // the purchase after which it dropped out; 0 if alive at the end
}

// Truth is everything Generate knows that the exports do not say.
type Truth struct {
	Customers []TruthCustomer
	Walkins   []TruthWalkin
	Params    TruthParams
}

// TruthParams is truth_params.json.
type TruthParams struct {
	Walkins Params       `json:"walkins"`
	First   postcrm.Date `json:"first"`
	Last    postcrm.Date `json:"last"`
	Unit    string       `json:"unit"`
}

var (
	truthCustomerHeader = []string{"customer_code", "kind", "segment", "signed_on", "base_rate", "dispersion", "trend", "change", "change_date", "factor"}
	truthWalkinHeader   = []string{"phone", "office_code", "lambda", "p", "nu", "first_purchase", "death"}
)

func segment(rate float64) string {
	switch {
	case rate >= 20:
		return "large"
	case rate >= 2:
		return "medium"
	}
	return "small"
}

func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', 8, 64) }

func (p *province) writeTruth(dir string) ([]File, error) {
	customers := make([][]string, len(p.customers))
	for i := range p.customers {
		c := &p.customers[i]
		changeDate := ""
		if c.Change != ChangeNone {
			changeDate = p.win.Day(c.ChangeAt).String()
		}
		customers[i] = []string{c.Code, c.Kind.String(), segment(c.Rate), c.Signed.String(), formatFloat(c.Rate),
			formatFloat(c.Shape), formatFloat(c.Trend), c.Change.String(), changeDate, formatFloat(c.Factor)}
	}
	walkins := make([][]string, len(p.walkins))
	for i := range p.walkins {
		w := &p.walkins[i]
		death := ""
		if w.Death >= 0 {
			death = p.win.Day(int(w.Death)).String()
		}
		walkins[i] = []string{p.phones.mobile(i), p.offices[w.Office].Code, formatFloat(w.Lambda), formatFloat(w.P),
			formatFloat(w.Nu), p.win.Day(int(w.First)).String(), death}
	}
	var files []File
	for _, t := range []struct {
		name   string
		header []string
		rows   [][]string
	}{{TruthCustomersFile, truthCustomerHeader, customers}, {TruthWalkinsFile, truthWalkinHeader, walkins}} {
		f, err := writeTable(dir, t.name, EncodingUTF8, "", t.header, t.rows)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	params, err := json.MarshalIndent(TruthParams{Walkins: TrueParams, First: p.win.First, Last: p.win.Last, Unit: "day, yuan"}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("写入 %s: %w", TruthParamsFile, err)
	}
	if err := os.WriteFile(filepath.Join(dir, TruthParamsFile), append(params, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("写入 %s: %w", TruthParamsFile, err)
	}
	return append(files, File{Name: TruthParamsFile, Encoding: EncodingUTF8}), nil
}

// LoadTruth reads the ground-truth files Generate wrote into dir.
func LoadTruth(dir string) (Truth, error) {
	var t Truth
	data, err := os.ReadFile(filepath.Join(dir, TruthParamsFile))
	if err != nil {
		return t, fmt.Errorf("读取真值文件: %w", err)
	}
	if err := json.Unmarshal(data, &t.Params); err != nil {
		return t, fmt.Errorf("读取 %s: %w", TruthParamsFile, err)
	}
	err = readTruthCSV(filepath.Join(dir, TruthCustomersFile), func(f fieldReader) {
		t.Customers = append(t.Customers, TruthCustomer{
			Code: f.str(0), Kind: f.str(1), Segment: f.str(2), SignedOn: f.date(3), BaseRate: f.float(4),
			Dispersion: f.float(5), Trend: f.float(6), Change: f.str(7), ChangeDate: f.date(8), Factor: f.float(9),
		})
	})
	if err != nil {
		return t, err
	}
	err = readTruthCSV(filepath.Join(dir, TruthWalkinsFile), func(f fieldReader) {
		t.Walkins = append(t.Walkins, TruthWalkin{
			Phone: f.str(0), OfficeCode: f.str(1), Lambda: f.float(2), P: f.float(3), Nu: f.float(4),
			FirstPurchase: f.date(5), Death: f.date(6),
		})
	})
	return t, err
}

// fieldReader reads typed fields of a truth row, remembering the first
// error.
type fieldReader struct {
	rec []string
	err *error
}

func (f fieldReader) str(i int) string { return f.rec[i] }

func (f fieldReader) float(i int) float64 {
	x, err := strconv.ParseFloat(f.rec[i], 64)
	if err != nil && *f.err == nil {
		*f.err = err
	}
	return x
}

func (f fieldReader) date(i int) postcrm.Date {
	if f.rec[i] == "" {
		return 0
	}
	t, err := time.ParseInLocation(time.DateOnly, f.rec[i], postcrm.ChinaTime)
	if err != nil && *f.err == nil {
		*f.err = err
	}
	return postcrm.DateOf(t)
}

func readTruthCSV(path string, row func(fieldReader)) error {
	fh, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("读取真值文件: %w", err)
	}
	defer fh.Close()
	records, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		return fmt.Errorf("读取 %s: %w", filepath.Base(path), err)
	}
	if len(records) == 0 {
		return fmt.Errorf("%s 是空文件", filepath.Base(path))
	}
	var rowErr error
	for i, rec := range records[1:] {
		row(fieldReader{rec: rec, err: &rowErr})
		if rowErr != nil {
			return fmt.Errorf("%s 第 %d 行: %w", filepath.Base(path), i+2, rowErr)
		}
	}
	return nil
}
