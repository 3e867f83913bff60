package monthly

import (
	"postcrm"
	"postcrm/analysis"
)

// Summary is what a month's analysis found and fitted, as `postcrm
// analyze --json` prints it.
type Summary struct {
	Month                     string         `json:"month"` // YYYY-MM
	ContractCustomersAnalyzed int            `json:"contract_customers_analyzed"`
	Warnings                  map[string]int `json:"warnings"` // by kind: every kind the job raises, 0 when none
	WalkinModel               struct {
		Model     string  `json:"model"`
		TimeUnit  string  `json:"time_unit"`
		R         float64 `json:"r"`
		Alpha     float64 `json:"alpha"`
		A         float64 `json:"a"`
		B         float64 `json:"b"`
		Customers int     `json:"customers"`
	} `json:"walkin_model"`
	SpendModel struct {
		Model string  `json:"model"`
		P     float64 `json:"p"`
		Q     float64 `json:"q"`
		Gamma float64 `json:"gamma"`
	} `json:"spend_model"`
}

// count counts the stored warnings by kind.
func (s *Summary) count(ws []postcrm.Warning) {
	s.Warnings = map[string]int{}
	for _, k := range kinds {
		s.Warnings[string(k)] = 0
	}
	for _, w := range ws {
		s.Warnings[string(w.Kind)]++
	}
}

// describe records the walk-in models fitted on n walk-ins.
func (s *Summary) describe(model analysis.WalkinModel, n int) {
	p := model.Purchases
	s.WalkinModel.Model, s.WalkinModel.TimeUnit = "bgnbd", "day"
	s.WalkinModel.R, s.WalkinModel.Alpha, s.WalkinModel.A, s.WalkinModel.B = p.R, p.Alpha, p.A, p.B
	s.WalkinModel.Customers = n
	s.SpendModel.Model = "gamma_gamma"
	s.SpendModel.P, s.SpendModel.Q, s.SpendModel.Gamma = model.Spend.P, model.Spend.Q, model.Spend.Gamma
}
