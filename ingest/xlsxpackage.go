package ingest

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// Bounds on what a workbook may unpack to. An XLSX file is a zip archive,
// and deflate packs a gigabyte of repeated text into a megabyte, so sizes
// are checked against the archive's directory before anything is
// unpacked; archive/zip fails a part that unpacks to more than the
// directory says. Only the parts the import reads are unpacked at all,
// and as streams.
const (
	// maxPartBytes bounds any one part: the first sheet of an export with
	// Excel's most rows (1,048,576) and a dozen columns is about 700 MB.
	maxPartBytes = 1 << 30
	// maxTotalBytes bounds all parts together.
	maxTotalBytes = 2 << 30
	// maxStringsBytes bounds the shared strings, which are held in memory
	// while the sheet is read: a million-row export's unique texts take
	// about 100 MB.
	maxStringsBytes = 128 << 20
	// maxSharedStrings bounds their number (4 bytes each in memory).
	maxSharedStrings = 16 << 20
	// maxRatio bounds how many times its packed size a part larger than
	// ratioFloor may unpack to; sheets written by Excel and by export
	// programs pack about 10 to 1.
	maxRatio   = 200
	ratioFloor = 1 << 20
	// maxParts bounds the number of files in the archive.
	maxParts = 10000
	// maxTokenBytes bounds one piece of XML (a tag, a cell's text, a
	// comment) and maxRecordBytes one row's text, so that no single cell
	// or row can take more memory than a CSV record may.
	maxTokenBytes = maxRecordBytes
	// maxDepth bounds how deep elements nest in a cell or a shared string
	// (a rich-text run's text is three deep), as the reader keeps the
	// path.
	maxDepth = 32
	// The text of all cells together is at most sheetTextPerByte times
	// the sheet's unpacked size, or minSheetTextBytes if that is more: a
	// cell of twenty bytes may name a shared string of megabytes, where in
	// real exports it names a product or a name.
	sheetTextPerByte  = 8
	minSheetTextBytes = 256 << 20
)

// workbookLimitError is a workbook that unpacks to more than a bound
// allows. It is refused whole, before any row is stored.
type workbookLimitError struct {
	part    string
	problem string
}

func (e *workbookLimitError) Error() string {
	return fmt.Sprintf("其中的 %s %s；文件可能已损坏或是恶意构造的，已拒绝导入（正常导出的工作簿请另存为 CSV 后再导入）", e.part, e.problem)
}

func tooBig(part string, size uint64, limit int64) error {
	return &workbookLimitError{part, fmt.Sprintf("解压后有 %s，超过 %s 的上限", sizeText(int64(min(size, 1<<62))), sizeText(limit))}
}

// sizeText writes a byte count as people read it, rounded up so that a
// size over a limit never reads as the limit: 1025 MB, 12.5 GB.
func sizeText(n int64) string {
	switch {
	case n >= 10<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", (n+1<<20-1)>>20)
	}
	return fmt.Sprintf("%d KB", (n+1023)>>10)
}

// xlsxPackage is an opened workbook archive whose directory passed the
// bounds.
type xlsxPackage struct {
	zip   *zip.ReadCloser
	parts map[string]*zip.File // by normalised name
}

func openPackage(path string) (*xlsxPackage, error) {
	z, err := zip.OpenReader(path)
	if err != nil {
		if errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrAlgorithm) || errors.Is(err, zip.ErrChecksum) {
			return nil, errors.New("不是有效的 .xlsx 文件（压缩包已损坏）")
		}
		return nil, err
	}
	p := &xlsxPackage{zip: z, parts: make(map[string]*zip.File, len(z.File))}
	if err := p.check(); err != nil {
		z.Close()
		return nil, err
	}
	return p, nil
}

// check applies the bounds to the archive's directory.
func (p *xlsxPackage) check() error {
	if len(p.zip.File) > maxParts {
		return &workbookLimitError{"压缩包", fmt.Sprintf("有 %d 个文件，超过 %d 个的上限", len(p.zip.File), maxParts)}
	}
	var total uint64
	for _, f := range p.zip.File {
		size := f.UncompressedSize64
		if f.Method != zip.Store && size > ratioFloor && size > maxRatio*max(f.CompressedSize64, 1) {
			return &workbookLimitError{f.Name, fmt.Sprintf("压缩比达 %d:1（解压后 %s），超过 %d:1 的上限",
				size/max(f.CompressedSize64, 1), sizeText(int64(min(size, 1<<62))), maxRatio)}
		}
		if size > maxPartBytes {
			return tooBig(f.Name, size, maxPartBytes)
		}
		if total += size; total > maxTotalBytes {
			return tooBig("全部文件合计", total, maxTotalBytes)
		}
		p.parts[partKey(f.Name)] = f
	}
	return nil
}

// partKey compares part names as Office does: case aside, either slash.
func partKey(name string) string {
	return strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(name, `\`, "/"), "/"))
}

// find returns the part at name, nil when the archive lacks it.
func (p *xlsxPackage) find(name string) *zip.File { return p.parts[partKey(name)] }

// open streams a part through the XML token guard, failing past limit
// bytes.
func (p *xlsxPackage) open(f *zip.File, limit int64) (io.ReadCloser, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, tooBig(f.Name, f.UncompressedSize64, limit)
	}
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	return &guardedPart{r: r, name: f.Name, left: limit}, nil
}

func (p *xlsxPackage) close() error { return p.zip.Close() }

// resolve gives the part a relationship's target names, relative to the
// part that holds the relationship (an absolute target starts with "/").
func resolve(from, target string) string {
	if strings.HasPrefix(target, "/") {
		return target[1:]
	}
	return path.Join(path.Dir(from), target)
}
