package textfmt

import "testing"

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "石家庄市": 8, "北站营业部（13010001）": 10 + 2 + 8 + 2, "１２": 4, "12.5%": 5} {
		if got := DisplayWidth(s); got != want {
			t.Errorf("DisplayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}
