package ingest

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"os"
	"sync/atomic"
)

// csvRows reads a CSV (or tab-separated) export.
type csvRows struct {
	file    *os.File
	size    int64
	read    *hashingReader
	charset *charsetReader
	scan    *csvScanner
}

// openCSV opens a CSV export; with track, it hashes the file as it reads
// it and can say where each line ends (mark), for resumable imports.
func openCSV(path string, track bool) (*csvRows, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	c := &csvRows{file: f, size: info.Size(), read: &hashingReader{r: f, track: track, sum: sha256.New()}}
	c.charset = newCharsetReader(c.read)
	if c.charset.encoding() == "utf16" {
		// Its newline bytes are no line ends (U+4E0A 上 holds one): hash
		// it as it comes, without marks.
		c.read.eager()
	}
	text := bufio.NewReaderSize(c.charset, 64<<10)
	c.scan = newCSVScanner(text, separator(text))
	return c, nil
}

// resumable reports whether mark can say where a line ends.
func (c *csvRows) resumable() bool { return c.read.track && !c.read.all }

// separator is a comma, unless the first line has tabs and no commas: tab
// separated files saved as ".csv" are common.
func separator(text *bufio.Reader) byte {
	head, _ := text.Peek(text.Size())
	for len(head) > 0 {
		line, rest, _ := bytes.Cut(head, []byte{'\n'})
		if len(bytes.TrimSpace(line)) > 0 {
			if bytes.IndexByte(line, '\t') >= 0 && bytes.IndexByte(line, ',') < 0 {
				return '\t'
			}
			break
		}
		head = rest
	}
	return ','
}

func (c *csvRows) next() (Row, error) {
	for {
		fields, line, err := c.scan.next()
		if errors.Is(err, errRecordTooLong) {
			return Row{}, fmt.Errorf("第 %d 行开始的一条记录超过 %d MB，可能有没配对的引号", line, maxRecordBytes>>20)
		}
		if errors.Is(err, errTooManyColumns) {
			return Row{}, fmt.Errorf("第 %d 行超过 %d 列的上限", line, maxColumns)
		}
		bad := errors.Is(err, errUnbalancedQuote)
		if err != nil && !bad {
			return Row{}, err
		}
		if cleanFields(fields) {
			return Row{Line: line, End: c.scan.line, Fields: fields, BadQuotes: bad}, nil
		}
	}
}

func (c *csvRows) progress() (int64, int64) { return c.read.n.Load(), c.size }

func (c *csvRows) close() error { return c.file.Close() }

// mark hashes the file through the end of line end, which the scanner
// has read, and returns where the next line starts.
func (c *csvRows) mark(end int) (position, error) {
	if !c.resumable() {
		return position{}, errNotResumable
	}
	if err := c.read.cut(end); err != nil {
		return position{}, err
	}
	state, err := c.read.sum.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		return position{}, err
	}
	probe, err := c.probe(c.read.hashed)
	if err != nil {
		return position{}, err
	}
	return position{Offset: c.read.hashed, Line: c.read.lines, Encoding: c.charset.encoding(),
		HashState: state, Probe: probe}, nil
}

// probeBytes is how much of the file before a checkpoint's offset must
// be as it was for the import to resume there.
const probeBytes = 64 << 10

// probe is the SHA-256 of the probeBytes before offset.
func (c *csvRows) probe(offset int64) (string, error) {
	from := max(0, offset-probeBytes)
	buf := make([]byte, offset-from)
	if _, err := c.file.ReadAt(buf, from); err != nil {
		return "", err
	}
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:]), nil
}

// resume goes on reading at pos, a place mark returned for this file, as
// if every line before it had been read.
func (c *csvRows) resume(pos position) error {
	if pos.Offset > c.size {
		return errNotResumable
	}
	if probe, err := c.probe(pos.Offset); err != nil || probe != pos.Probe {
		return errNotResumable
	}
	sum := sha256.New()
	if err := sum.(encoding.BinaryUnmarshaler).UnmarshalBinary(pos.HashState); err != nil {
		return errNotResumable
	}
	if _, err := c.file.Seek(pos.Offset, io.SeekStart); err != nil {
		return err
	}
	c.read = &hashingReader{r: c.file, track: true, sum: sum, hashed: pos.Offset, lines: pos.Line}
	c.read.n.Store(pos.Offset)
	c.charset = newCharsetReaderAs(c.read, pos.Encoding)
	c.scan = newCSVScanner(bufio.NewReaderSize(c.charset, 64<<10), c.scan.comma)
	c.scan.line = pos.Line
	return nil
}

// contentHash is the SHA-256 of the whole file, read to its end.
func (c *csvRows) contentHash() (string, error) {
	if !c.read.track {
		return "", errNotResumable
	}
	if _, err := io.Copy(io.Discard, c.read); err != nil {
		return "", err
	}
	if err := c.read.cut(math.MaxInt); err != nil {
		return "", err
	}
	return hex.EncodeToString(c.read.sum.Sum(nil)), nil
}

// hashingReader reads the file for the decoder. It counts the bytes, for
// progress, and, when tracking, keeps the SHA-256 of the file up to the
// end of a line the scanner reached (cut): the hash of a file costs no
// read of its own, and its state at a batch's end goes in the checkpoint.
type hashingReader struct {
	r     io.Reader
	n     atomic.Int64 // bytes read
	track bool
	all   bool // hash every byte as it is read: no marks
	eof   bool
	// pending are the bytes read and not yet hashed; hashed is the
	// offset of the first, lines the newlines before it.
	pending []byte
	hashed  int64
	lines   int
	sum     hash.Hash
}

func (h *hashingReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.n.Add(int64(n))
	switch {
	case h.all:
		h.sum.Write(p[:n])
		h.hashed += int64(n)
	case h.track:
		h.pending = append(h.pending, p[:n]...)
	}
	h.eof = errors.Is(err, io.EOF)
	return n, err
}

// eager hashes what is pending and from now on every byte as it is read.
func (h *hashingReader) eager() {
	h.sum.Write(h.pending)
	h.hashed += int64(len(h.pending))
	h.pending, h.all = nil, true
}

// cut hashes the pending bytes through the newline that ends line end.
// The scanner reads lines up to a "\n" byte, which in UTF-8 and GB18030
// is never part of another character, so its line numbers count the
// file's newlines. The last line of a file may have none.
func (h *hashingReader) cut(end int) error {
	i := 0
	for h.lines < end {
		j := bytes.IndexByte(h.pending[i:], '\n')
		if j < 0 {
			if !h.eof {
				return fmt.Errorf("line %d has not been read", end)
			}
			i = len(h.pending)
			break
		}
		i += j + 1
		h.lines++
	}
	h.sum.Write(h.pending[:i])
	h.hashed += int64(i)
	h.pending = h.pending[:copy(h.pending, h.pending[i:])]
	return nil
}
