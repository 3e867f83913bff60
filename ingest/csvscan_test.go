package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"testing"
)

// scanned is one record with the line it starts on.
type scanned struct {
	line   int
	fields []string
}

// FuzzCSVScannerMatchesEncodingCSV holds csvScanner to what encoding/csv
// reads with LazyQuotes, records and line numbers alike, through a tiny
// buffer so that long lines take the slow path, wherever quotes pair.
// Where they do not, the scanner goes on at the next line: records start
// on ever later lines and the text is read to its end.
func FuzzCSVScannerMatchesEncodingCSV(f *testing.F) {
	for _, seed := range []string{
		"a,b\n1,2\n",
		"a,\"b,c\"\r\n\"多\r\n行\",\"x\"\"y\"\n",
		"\n\n a ,b\r\n\r\n,\n",
		"\"unclosed,\nfield\n",
		"\"a\"b,c\n\"\",\"\"\"\"\n",
		"x\"y,\"z\n",
		"a,b\r",
		"\r\n\r",
		"\"a\"\r\nb",
		"a,\"\"\n\"long line that does not fit in the sixteen byte buffer\",2\n",
		"\t\"a\t\"\tb\n",
	} {
		f.Add([]byte(seed), false)
		f.Add([]byte(seed), true)
	}
	f.Fuzz(func(t *testing.T, text []byte, tabs bool) {
		comma := byte(',')
		if tabs {
			comma = '\t'
		}
		want := readWithEncodingCSV(t, text, rune(comma))
		var got []scanned
		unbalanced := false
		s := newCSVScanner(bufio.NewReaderSize(bytes.NewReader(text), 16), comma)
		for {
			fields, line, err := s.next()
			if errors.Is(err, io.EOF) {
				break
			}
			if errors.Is(err, errUnbalancedQuote) {
				unbalanced = true
			} else if err != nil {
				t.Fatal(err)
			}
			if len(got) > 0 && line <= got[len(got)-1].line {
				t.Fatalf("%q: a record on line %d after one on line %d", text, line, got[len(got)-1].line)
			}
			got = append(got, scanned{line, append([]string(nil), fields...)})
		}
		if !unbalanced && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\n got %#v\nwant %#v", text, got, want)
		}
	})
}

func readWithEncodingCSV(t *testing.T, text []byte, comma rune) []scanned {
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = comma, true, -1
	var records []scanned
	for {
		fields, err := r.Read()
		if errors.Is(err, io.EOF) {
			return records
		}
		if err != nil {
			t.Fatal(err)
		}
		line, _ := r.FieldPos(0)
		records = append(records, scanned{line, fields})
	}
}

// A quote that does not pair costs its line alone: the scanner goes on
// at the next line, also when the quote opened a field that ran on over
// later lines or to the end of the file.
func TestCSVScannerUnbalancedQuotes(t *testing.T) {
	type rec struct {
		line   int
		fields []string
		bad    bool
	}
	for _, c := range []struct {
		text string
		want []rec
	}{
		{"Q1,\"老王\"快递店,x\nQ2,b\n", []rec{{1, []string{"Q1", `"老王"快递店`, "x"}, true}, {2, []string{"Q2", "b"}, false}}},
		{"a,\"b\nc,d\n\"e\"f\ng\n", []rec{{1, []string{"a", `"b`}, true}, {2, []string{"c", "d"}, false},
			{3, []string{`"e"f`}, true}, {4, []string{"g"}, false}}},
		{"a,\"b\r\nc,d\r\n\r\ne", []rec{{1, []string{"a", `"b`}, true}, {2, []string{"c", "d"}, false}, {4, []string{"e"}, false}}},
		{"x,\"多\n行\",y\nz\n", []rec{{1, []string{"x", "多\n行", "y"}, false}, {3, []string{"z"}, false}}},
	} {
		s := newCSVScanner(bufio.NewReaderSize(bytes.NewReader([]byte(c.text)), 16), ',')
		var got []rec
		for {
			fields, line, err := s.next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil && !errors.Is(err, errUnbalancedQuote) {
				t.Fatal(err)
			}
			got = append(got, rec{line, append([]string(nil), fields...), err != nil})
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q:\n got %v\nwant %v", c.text, got, c.want)
		}
	}
}
