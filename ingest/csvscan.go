package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
)

// maxRecordBytes bounds one CSV record: an unclosed quote would otherwise
// gather the rest of a huge file into one field.
const maxRecordBytes = 16 << 20

var errRecordTooLong = errors.New("record too long")

// csvScanner splits CSV text into records. It reads what encoding/csv
// reads with LazyQuotes and a variable number of fields, and gives the
// same records and line numbers (a test compares them), but a record
// without quotes, which is nearly every record, costs one allocation and
// one copy: the fields are substrings of the line.
type csvScanner struct {
	r      *bufio.Reader
	comma  byte
	line   int // lines read so far
	long   []byte
	record []byte // a quoted record's unescaped bytes
	ends   []int  // where each field of record ends
	fields []string
}

func newCSVScanner(r *bufio.Reader, comma byte) *csvScanner {
	return &csvScanner{r: r, comma: comma}
}

// next returns the fields of the next record, which are valid until the
// next call, and the line the record starts on; io.EOF at the end.
func (s *csvScanner) next() ([]string, int, error) {
	for {
		line, err := s.readLine()
		if len(line) == 0 && err != nil {
			return nil, s.line + 1, err
		}
		if len(line) == lengthNL(line) {
			continue // empty line
		}
		start := s.line
		if bytes.IndexByte(line, '"') < 0 {
			s.fields = split(s.fields[:0], string(line[:len(line)-lengthNL(line)]), s.comma)
			return s.fields, start, nil
		}
		if err := s.parseQuoted(line); err != nil {
			return nil, start, err
		}
		return s.fields, start, nil
	}
}

// split cuts text at every separator.
func split(fields []string, text string, comma byte) []string {
	for {
		i := strings.IndexByte(text, comma)
		if i < 0 {
			return append(fields, text)
		}
		fields = append(fields, text[:i])
		text = text[i+1:]
	}
}

// readLine returns the next line with its "\n" ("\r\n" read as "\n"),
// valid until the next call; an error only when the line is empty.
func (s *csvScanner) readLine() ([]byte, error) {
	line, err := s.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		s.long = append(s.long[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			if len(s.long) > maxRecordBytes {
				return nil, errRecordTooLong
			}
			line, err = s.r.ReadSlice('\n')
			s.long = append(s.long, line...)
		}
		line = s.long
	}
	if len(line) > 0 && errors.Is(err, io.EOF) {
		err = nil
		line = bytes.TrimSuffix(line, []byte{'\r'})
	}
	if len(line) > 0 {
		s.line++
	}
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, err
}

func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}

// parseQuoted reads a record with quoted fields, which may span lines.
// Like encoding/csv with LazyQuotes, a quote that neither doubles nor ends
// a quoted field is kept as text, and so is a quote inside an unquoted one.
func (s *csvScanner) parseQuoted(line []byte) error {
	s.record, s.ends = s.record[:0], s.ends[:0]
	for {
		if len(line) == 0 || line[0] != '"' {
			i := bytes.IndexByte(line, s.comma)
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = field[:len(field)-lengthNL(field)]
			}
			s.record = append(s.record, field...)
			s.ends = append(s.ends, len(s.record))
			if i < 0 {
				break
			}
			line = line[i+1:]
			continue
		}
		rest, more, err := s.quotedField(line[1:])
		if err != nil {
			return err
		}
		if !more {
			break
		}
		line = rest
	}
	text := string(s.record)
	s.fields = s.fields[:0]
	from := 0
	for _, end := range s.ends {
		s.fields = append(s.fields, text[from:end])
		from = end
	}
	return nil
}

// quotedField reads a quoted field from just after its opening quote and
// returns what follows its separator, if another field follows.
func (s *csvScanner) quotedField(line []byte) (rest []byte, more bool, err error) {
	for {
		if len(s.record) > maxRecordBytes {
			return nil, false, errRecordTooLong
		}
		i := bytes.IndexByte(line, '"')
		switch {
		case i >= 0:
			s.record = append(s.record, line[:i]...)
			line = line[i+1:]
			switch {
			case len(line) > 0 && line[0] == '"':
				s.record = append(s.record, '"')
				line = line[1:]
			case len(line) > 0 && line[0] == s.comma:
				s.ends = append(s.ends, len(s.record))
				return line[1:], true, nil
			case len(line) == lengthNL(line):
				s.ends = append(s.ends, len(s.record))
				return nil, false, nil
			default:
				s.record = append(s.record, '"')
			}
		case len(line) > 0:
			// The field goes on past the end of the line.
			s.record = append(s.record, line...)
			if line, err = s.readLine(); err != nil && !errors.Is(err, io.EOF) {
				return nil, false, err
			}
		default:
			// The file ends inside the quotes: keep what there is.
			s.ends = append(s.ends, len(s.record))
			return nil, false, nil
		}
	}
}
