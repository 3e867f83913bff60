package ingest

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// sharedStrings is a workbook's table of texts that cells refer to by
// number, packed in one buffer: entry i is text[ends[i-1]:ends[i]].
type sharedStrings struct {
	text []byte
	ends []uint32
}

func (s *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= len(s.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return string(s.text[start:s.ends[i]]), true
}

// readSharedStrings loads the table: the text of each <si>, from its <t>
// and those of its rich-text runs <r>, not the phonetic guides <rPh>.
func readSharedStrings(pkg *xlsxPackage, f *zip.File) (*sharedStrings, error) {
	s := &sharedStrings{}
	if f == nil {
		return s, nil
	}
	r, err := pkg.open(f, maxStringsBytes)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// The text is never longer than the XML: room for it at once spares
	// the copies of growing, and pages never written take no memory.
	size := int(f.UncompressedSize64)
	s.text = make([]byte, 0, size)
	s.ends = make([]uint32, 0, min(size/len("<si/>")+1, maxSharedStrings))
	d := xml.NewDecoder(r)
	var path []string // open elements from <si> down
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return s, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "si" || len(path) > 0 {
				path = append(path, t.Name.Local)
			}
			if len(path) > maxDepth {
				return nil, &workbookLimitError{f.Name, fmt.Sprintf("有一条共享文本里标记嵌套超过 %d 层", maxDepth)}
			}
		case xml.EndElement:
			if len(path) == 0 {
				continue
			}
			if path = path[:len(path)-1]; len(path) == 0 {
				if len(s.ends) == maxSharedStrings {
					return nil, &workbookLimitError{f.Name, fmt.Sprintf("有超过 %d 万条共享文本，超过上限", maxSharedStrings/10000)}
				}
				s.ends = append(s.ends, uint32(len(s.text)))
			}
		case xml.CharData:
			if isTextOf(path, "si") {
				s.text = append(s.text, unescapeOOXML(string(t))...)
			}
		}
	}
}

// isTextOf says whether the element path (from container down) is a
// text <t> of container itself or of one of its rich-text runs <r>.
func isTextOf(path []string, container string) bool {
	n := len(path)
	switch {
	case n == 2:
		return path[0] == container && path[1] == "t"
	case n == 3:
		return path[0] == container && path[1] == "r" && path[2] == "t"
	}
	return false
}

// unescapeOOXML decodes the _xHHHH_ escapes Office writes for characters
// XML cannot hold (a carriage return is _x000D_); _x005F_ escapes "_".
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || len(s) < i+7 || s[i+6] != '_' {
			b.WriteString(s)
			return b.String()
		}
		r, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
		if err != nil {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteRune(rune(r))
		s = s[i+7:]
	}
}
