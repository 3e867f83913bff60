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
// buffer so that long lines take the slow path.
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
		s := newCSVScanner(bufio.NewReaderSize(bytes.NewReader(text), 16), comma)
		for {
			fields, line, err := s.next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, scanned{line, append([]string(nil), fields...)})
		}
		if !reflect.DeepEqual(got, want) {
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
