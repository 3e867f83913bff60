package btyd

import (
	"fmt"
	"math"
)

// HoldoutScore compares predicted with actual purchases in a holdout
// period that follows the calibration period.
type HoldoutScore struct {
	Customers         int
	Predicted, Actual float64 // total purchases over all customers
	MAE, RMSE         float64 // per customer
}

// TotalError is the relative error of the total: (predicted − actual) /
// actual.
func (s HoldoutScore) TotalError() float64 {
	return (s.Predicted - s.Actual) / s.Actual
}

// Predictor is a purchase model's conditional expectation: BGNBD and
// ParetoNBD.
type Predictor interface {
	// ExpectedPurchases is E[Y(t) | x, t_x, T].
	ExpectedPurchases(t, x, tx, T float64) float64
}

// ScoreHoldout predicts each calibration customer's purchases in the next
// length time units with the model and compares them with actual, the
// purchases each made in that holdout period.
func ScoreHoldout(m Predictor, calibration []Summary, actual []float64, length float64) (HoldoutScore, error) {
	if len(calibration) != len(actual) {
		return HoldoutScore{}, fmt.Errorf("校准期有 %d 位客户，验证期却有 %d 个实际值", len(calibration), len(actual))
	}
	if len(calibration) == 0 {
		return HoldoutScore{}, ErrNoCustomers
	}
	s := HoldoutScore{Customers: len(calibration)}
	var absErr, sqErr float64
	for i, c := range calibration {
		predicted := m.ExpectedPurchases(length, c.X, c.Tx, c.T)
		s.Predicted += predicted
		s.Actual += actual[i]
		absErr += math.Abs(predicted - actual[i])
		sqErr += (predicted - actual[i]) * (predicted - actual[i])
	}
	n := float64(len(calibration))
	s.MAE, s.RMSE = absErr/n, math.Sqrt(sqErr/n)
	return s, nil
}
