package export

import "testing"

func TestSpreadsheetCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "",
		"石家庄某某电商":             "石家庄某某电商",
		"=1+1":                "'=1+1",
		"+86 138":             "'+86 138",
		"-1+2":                "'-1+2",
		"@SUM(1+9)":           "'@SUM(1+9)",
		"\t=1":                "'\t=1",
		"\r=1":                "'\r=1",
		"\x00x":               "'\x00x",
		"-12.5":               "-12.5",
		"+3":                  "+3",
		"-.5":                 "-.5",
		"-1e5":                "-1e5",
		"-Inf":                "'-Inf",
		"'already quoted":     "'already quoted",
		"a=1":                 "a=1",
		"0013":                "0013",
		"13800000001":         "13800000001",
		"-":                   "'-",
		`=HYPERLINK("x","y")`: `'=HYPERLINK("x","y")`,
	} {
		got := SpreadsheetCell(in)
		if got != want {
			t.Errorf("SpreadsheetCell(%q) = %q, want %q", in, got, want)
		}
		if back := PlainCell(got); back != in {
			t.Errorf("PlainCell(%q) = %q, want %q back", got, back, in)
		}
	}
	// A value that merely starts with a quote is left alone on the way in.
	if got := PlainCell("'tis"); got != "'tis" {
		t.Errorf("PlainCell('tis) = %q", got)
	}
}
