package btyd

import (
	"fmt"
	"math"
)

// FitBGNBD fits the BG/NBD model to aggregated customers by maximum
// likelihood.
func FitBGNBD(rows []Weighted) (BGNBD, error) {
	return fitBetaGeo(rows, false)
}

// FitMBGNBD fits the MBG/NBD model to aggregated customers by maximum
// likelihood.
func FitMBGNBD(rows []Weighted) (BGNBD, error) {
	return fitBetaGeo(rows, true)
}

func fitBetaGeo(rows []Weighted, modified bool) (BGNBD, error) {
	name := modelName(modified)
	d, err := newBetaGeoData(rows, modified)
	if err != nil {
		return BGNBD{}, fmt.Errorf("拟合 %s：%w", name, err)
	}
	theta, meanLL, err := maximize(d.meanLogLikelihood, d.starts())
	if err != nil {
		return BGNBD{}, fmt.Errorf("拟合 %s：%w", name, err)
	}
	return BGNBD{
		R: math.Exp(theta[0]), Alpha: math.Exp(theta[1]), A: math.Exp(theta[2]), B: math.Exp(theta[3]),
		Modified: modified, LogLik: meanLL * d.customers, Customers: int(d.customers),
	}, nil
}

func modelName(modified bool) string {
	if modified {
		return "MBG/NBD"
	}
	return "BG/NBD"
}

// LogLikelihood is the log-likelihood of the rows under the model's
// parameters.
func (m BGNBD) LogLikelihood(rows []Weighted) (float64, error) {
	d, err := newBetaGeoData(rows, m.Modified)
	if err != nil {
		return 0, err
	}
	theta := []float64{math.Log(m.R), math.Log(m.Alpha), math.Log(m.A), math.Log(m.B)}
	return d.meanLogLikelihood(theta, nil) * d.customers, nil
}
