package ingest

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// sniffWindow is how much text after the first non-ASCII byte decides the
// encoding; GBK text passes for UTF-8 over a few bytes by chance, never
// over this many.
const sniffWindow = 64 << 10

// charsetReader decodes a CSV export to UTF-8 without being told its
// encoding. ASCII reads the same in every candidate, so it passes through
// until the first non-ASCII byte; there a window of what follows is either
// UTF-8 or taken as GB18030 (a superset of GBK and GB2312). This keeps
// detection streaming: a file whose first megabyte is ASCII still decodes
// right. UTF-8 passes through too, checked chunk by chunk.
type charsetReader struct {
	raw  *bufio.Reader
	utf8 bool      // decided: UTF-8
	out  io.Reader // decided: a decoder that does the rest
	enc  string    // what was decided: "", "utf8", "gb18030" or "utf16"
}

var (
	utf8BOM    = []byte{0xEF, 0xBB, 0xBF}
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf16BEBOM = []byte{0xFE, 0xFF}
)

// newCharsetReader returns r decoded to UTF-8. A BOM settles the encoding
// at once: UTF-8, or UTF-16 as Excel's "Unicode text" export writes it.
func newCharsetReader(r io.Reader) *charsetReader {
	c := &charsetReader{raw: bufio.NewReaderSize(r, sniffWindow)}
	head, _ := c.raw.Peek(len(utf8BOM))
	switch {
	case bytes.HasPrefix(head, utf8BOM):
		_, _ = c.raw.Discard(len(utf8BOM))
		c.utf8 = true
	case bytes.HasPrefix(head, utf16LEBOM), bytes.HasPrefix(head, utf16BEBOM):
		c.out = transform.NewReader(c.raw, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
		c.enc = "utf16"
	}
	return c
}

// newCharsetReaderAs decodes r, read from a line start in the middle of
// a file, as the reader of the whole file had decided (encoding): the
// rest decodes as it would have.
func newCharsetReaderAs(r io.Reader, enc string) *charsetReader {
	c := &charsetReader{raw: bufio.NewReaderSize(r, sniffWindow), enc: enc}
	switch enc {
	case "utf8":
		c.utf8 = true
	case "gb18030":
		c.out = transform.NewReader(c.raw, simplifiedchinese.GB18030.NewDecoder())
	}
	return c
}

// encoding is what has been decided so far: "", "utf8", "gb18030" or
// "utf16".
func (c *charsetReader) encoding() string {
	if c.utf8 {
		return "utf8"
	}
	return c.enc
}

func (c *charsetReader) Read(p []byte) (int, error) {
	if c.out != nil {
		return c.out.Read(p)
	}
	buf, err := c.raw.Peek(min(len(p), c.raw.Size()))
	if len(buf) == 0 {
		return 0, err
	}
	n := 0
	switch {
	case c.utf8:
		if err == nil {
			buf = withoutCutRune(buf) // the rest of it comes with the next chunk
		}
		if utf8.Valid(buf) {
			n = len(buf)
		}
	default:
		n = asciiPrefix(buf)
	}
	if n == 0 {
		return c.decide(p)
	}
	copy(p, buf[:n])
	_, _ = c.raw.Discard(n)
	return n, nil
}

// decide is reached at the first non-ASCII byte, or in a UTF-8 file at the
// first chunk with invalid bytes; the window starting there decides.
func (c *charsetReader) decide(p []byte) (int, error) {
	window, err := c.raw.Peek(sniffWindow)
	if err == nil {
		window = withoutCutRune(window)
	}
	switch {
	case c.utf8:
		// Stray invalid bytes become U+FFFD, so that no store ever
		// receives text that is not UTF-8.
		c.out = transform.NewReader(c.raw, unicode.UTF8.NewDecoder())
	case looksUTF8(window):
		c.utf8 = true
		return c.Read(p)
	default:
		c.out = transform.NewReader(c.raw, simplifiedchinese.GB18030.NewDecoder())
		c.enc = "gb18030"
	}
	return c.out.Read(p)
}

// looksUTF8 tells UTF-8 from GB18030. A stray bad byte in a UTF-8 file
// must not turn all its Chinese into mojibake, so a few invalid sequences
// are tolerated; in GBK text most non-ASCII pairs are invalid UTF-8.
func looksUTF8(b []byte) bool {
	valid, invalid := 0, 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size == 1:
			invalid++
		case size > 1:
			valid++
		}
		b = b[size:]
	}
	return invalid == 0 || invalid*20 <= valid
}

// withoutCutRune drops a multi-byte sequence that the end of b cut in two.
func withoutCutRune(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}

func asciiPrefix(b []byte) int {
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return i
		}
	}
	return len(b)
}
