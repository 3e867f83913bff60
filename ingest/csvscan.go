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

// errTooManyColumns is a record of more than maxColumns fields.
var errTooManyColumns = errors.New("too many columns")

// errUnbalancedQuote is a record whose quotes do not pair: a quoted field
// whose closing quote is followed by more text ("老王"快递店), or that the
// file ends inside. Its fields are those of its first line, split at every
// separator, for the rejects file; the next record starts on the line
// after that one, so one stray quote costs one line and never the rows
// after it.
var errUnbalancedQuote = errors.New("unbalanced quote")

// csvScanner splits CSV text into records. Where quotes pair, it reads
// what encoding/csv reads with LazyQuotes and a variable number of fields,
// and gives the same records and line numbers (a test compares them), but
// a record without quotes, which is nearly every record, costs one
// allocation and one copy: the fields are substrings of the line. Where
// they do not, it returns errUnbalancedQuote for the first line alone.
type csvScanner struct {
	r      *bufio.Reader
	comma  byte
	line   int // lines read so far
	long   []byte
	record []byte // a quoted record's unescaped bytes
	ends   []int  // where each field of record ends
	fields []string
	raw    []byte // a quoted record's lines as read
	first  int    // the length of its first line in raw
	replay []byte // lines to read again before the rest of the file
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
			if bytes.Count(line, []byte{s.comma}) >= maxColumns {
				return nil, start, errTooManyColumns
			}
			s.fields = split(s.fields[:0], string(line[:len(line)-lengthNL(line)]), s.comma)
			return s.fields, start, nil
		}
		s.raw, s.first = append(s.raw[:0], line...), len(line)
		balanced, err := s.parseQuoted(line)
		if err != nil {
			return nil, start, err
		}
		if len(s.ends) > maxColumns {
			return nil, start, errTooManyColumns
		}
		if !balanced {
			s.rereadAfterFirstLine(start)
			first := s.raw[:s.first]
			if bytes.Count(first, []byte{s.comma}) >= maxColumns {
				return nil, start, errTooManyColumns
			}
			s.fields = split(s.fields[:0], string(first[:len(first)-lengthNL(first)]), s.comma)
			return s.fields, start, errUnbalancedQuote
		}
		return s.fields, start, nil
	}
}

// rereadAfterFirstLine puts back the lines of a record after its first,
// to be read again after it. They hold no quote that pairs with another
// (quotes come only in doubled runs there), so reading them again starts
// no record that spans lines, and no line is read more than twice.
func (s *csvScanner) rereadAfterFirstLine(start int) {
	if len(s.raw) == s.first {
		return
	}
	s.replay = append(append([]byte(nil), s.raw[s.first:]...), s.replay...)
	s.line = start
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
	if len(s.replay) > 0 {
		line := s.replay
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i+1]
		}
		s.replay = s.replay[len(line):]
		s.line++
		return line, nil
	}
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

// parseQuoted reads a record with quoted fields, which may span lines,
// and reports whether its quotes pair. Like encoding/csv with LazyQuotes,
// a quote inside an unquoted field is kept as text.
func (s *csvScanner) parseQuoted(line []byte) (balanced bool, err error) {
	s.record, s.ends = s.record[:0], s.ends[:0]
	for {
		if len(s.ends) > maxColumns {
			return false, errTooManyColumns
		}
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
		rest, end, err := s.quotedField(line[1:])
		if err != nil || end == unbalanced {
			return false, err
		}
		if end == lastField {
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
	return true, nil
}

// fieldEnd is how a quoted field ends.
type fieldEnd int

const (
	lastField  fieldEnd = iota // at the end of the record
	moreFields                 // at a separator
	unbalanced                 // with text after the closing quote, or the end of the file
)

// quotedField reads a quoted field from just after its opening quote and
// returns what follows its separator, if another field follows.
func (s *csvScanner) quotedField(line []byte) (rest []byte, end fieldEnd, err error) {
	for {
		if len(s.record) > maxRecordBytes {
			return nil, lastField, errRecordTooLong
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
				return line[1:], moreFields, nil
			case len(line) == lengthNL(line):
				s.ends = append(s.ends, len(s.record))
				return nil, lastField, nil
			default:
				return nil, unbalanced, nil // text after the closing quote
			}
		case len(line) > 0:
			// The field goes on past the end of the line.
			s.record = append(s.record, line...)
			if line, err = s.readLine(); err != nil && !errors.Is(err, io.EOF) {
				return nil, lastField, err
			}
			s.raw = append(s.raw, line...)
		default:
			return nil, unbalanced, nil // the file ends inside the quotes
		}
	}
}
