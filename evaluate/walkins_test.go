package evaluate

import (
	"math"
	"testing"
)

// The AUC against hand-counted pairs: alive {0.9, 0.5, 0.5}, dead {0.5, 0.1}:
// of the 6 alive–dead pairs, 0.9 beats both, each 0.5 beats 0.1 and ties
// 0.5, so (2 + 1.5 + 1.5) / 6.
func TestAUCByHand(t *testing.T) {
	xs := []scored{{0.5, true}, {0.1, false}, {0.9, true}, {0.5, false}, {0.5, true}}
	if got, want := auc(xs), 5.0/6; math.Abs(got-want) > 1e-12 {
		t.Errorf("auc = %v, want %v", got, want)
	}
	perfect := []scored{{0.2, false}, {0.8, true}}
	if auc(perfect) != 1 {
		t.Errorf("perfect ranking: %v", auc(perfect))
	}
}
