package ingest

import (
	"fmt"
	"strings"
	"testing"
)

func TestKeySetAgreesWithMap(t *testing.T) {
	codes := map[string]string{"": "x", strings.Repeat("长", 6): "", "123456789012345": "", "1234567890123456": ""}
	for i := range 5000 {
		codes[fmt.Sprintf("KH%06d", i)] = ""
	}
	s := newKeySet(codes)
	probes := []string{"", "KH", "KH000000", "KH004999", "KH005000", "kh000001", "KH0000001", "KH00000\x00",
		strings.Repeat("长", 6), strings.Repeat("长", 5), "123456789012345", "1234567890123456", "12345678901234567"}
	for i := range 20000 {
		probes = append(probes, fmt.Sprintf("KH%06d", i), fmt.Sprintf("S%d", i))
	}
	for _, p := range probes {
		_, want := codes[p]
		if p == "" {
			want = false // an empty code is never a reference
		}
		if got := s.has(p); got != want {
			t.Errorf("has(%q) = %v, want %v", p, got, want)
		}
	}
	if empty := newKeySet(map[string]string(nil)); empty.has("KH000001") || empty.has("") {
		t.Error("an empty set has members")
	}
}
