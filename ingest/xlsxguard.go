package ingest

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
)

// guardedPart reads a part of a workbook for encoding/xml, which keeps a
// whole token (a tag, a text, a comment) in memory and has no bound of its
// own. It follows where tokens start and fails when one runs past
// maxTokenBytes, or the part past its limit. Outside comments, CDATA and
// processing instructions every '<' starts a token (encoding/xml refuses
// one inside a quoted attribute); inside them, only their end marker ends
// one. A DOCTYPE, which no spreadsheet writer uses and whose internal
// subset defines entities, is refused.
type guardedPart struct {
	r    io.ReadCloser
	name string
	left int64
	run  int64 // bytes of the current token so far

	state  guardState
	marker string // the end of the comment, CDATA or instruction
	seen   int    // how much of marker the last bytes matched
}

type guardState uint8

const (
	inText    guardState = iota // text or a tag
	afterLT                     // just after '<'
	afterBang                   // just after "<!"
	inSpecial                   // a comment, CDATA or instruction, until marker
)

func (g *guardedPart) Read(b []byte) (int, error) {
	n, err := g.r.Read(b)
	if g.left -= int64(n); g.left < 0 || errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) {
		return 0, &workbookLimitError{g.name, "解压出的内容与压缩包目录写明的大小或校验和不符"}
	}
	for _, c := range b[:n] {
		g.run++
		switch g.state {
		case inText:
			if c == '<' {
				g.state, g.run = afterLT, 1
			}
		case afterLT:
			switch c {
			case '!':
				g.state = afterBang
			case '?':
				g.state, g.marker, g.seen = inSpecial, "?>", 0
			default:
				g.state = inText
			}
		case afterBang:
			switch c {
			case '-':
				g.state, g.marker, g.seen = inSpecial, "-->", 0
			case '[':
				g.state, g.marker, g.seen = inSpecial, "]]>", 0
			default:
				return 0, &workbookLimitError{g.name, "含有 DOCTYPE 声明，Excel 工作簿里不会有"}
			}
		case inSpecial:
			switch {
			case c == g.marker[g.seen]:
				if g.seen++; g.seen == len(g.marker) {
					g.state = inText
				}
			case g.seen == 2 && g.marker[0] == g.marker[1] && c == g.marker[1]:
				// "]]]>": the last two still match.
			case c == g.marker[0]:
				g.seen = 1
			default:
				g.seen = 0
			}
		}
		if g.run > maxTokenBytes {
			return 0, &workbookLimitError{g.name, fmt.Sprintf("有一段内容（一个单元格或标记）超过 %s 的上限", sizeText(maxTokenBytes))}
		}
	}
	return n, err
}

func (g *guardedPart) Close() error { return g.r.Close() }
