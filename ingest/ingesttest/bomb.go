// Package ingesttest writes hostile import files for the importers' tests:
// XLSX packages whose parts unpack to far more than the file's size (zip
// bombs). A part of a gigabyte is written in a few megabytes and well under
// a second, without ever holding the gigabyte, so tests can afford them.
package ingesttest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"os"
	"runtime"
	"strings"
)

// Part is one file of the package: Head, then Fill repeated until the part
// has at least Size bytes, then Tail.
type Part struct {
	Name             string
	Head, Fill, Tail string
	Size             int64
	// Declared, if not 0, is the unpacked size the archive's directory
	// claims instead of the true one.
	Declared uint64
}

// Sheet is a small valid part: its whole text in Head.
func Sheet(name, text string) Part { return Part{Name: name, Head: text} }

// WriteXLSX writes a package of the parts, in order.
func WriteXLSX(path string, parts ...Part) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	z := zip.NewWriter(f)
	for _, p := range parts {
		if err := writePart(z, p); err != nil {
			f.Close()
			return err
		}
	}
	if err := z.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// unitSize is how much of the fill one compressed block holds.
const unitSize = 1 << 20

// writePart deflates the part as blocks that each start afresh (no
// reference before their start) and end on a byte boundary, so one
// compressed block of fill can be repeated as often as wanted.
func writePart(z *zip.Writer, p Part) error {
	var raw bytes.Buffer
	crc := uint32(0)
	size := int64(0)
	add := func(text []byte, times int64) error {
		if len(text) == 0 || times == 0 {
			return nil
		}
		block, err := deflated(text)
		if err != nil {
			return err
		}
		for range times {
			raw.Write(block)
			crc = crc32.Update(crc, crc32.IEEETable, text)
		}
		size += int64(len(text)) * times
		return nil
	}
	if err := add([]byte(p.Head), 1); err != nil {
		return err
	}
	if p.Fill != "" && p.Size > int64(len(p.Head)) {
		perUnit := max(1, unitSize/len(p.Fill))
		unit := strings.Repeat(p.Fill, perUnit)
		fills := (p.Size - int64(len(p.Head)) + int64(len(p.Fill)) - 1) / int64(len(p.Fill))
		if err := add([]byte(unit), fills/int64(perUnit)); err != nil {
			return err
		}
		if err := add([]byte(strings.Repeat(p.Fill, int(fills%int64(perUnit)))), 1); err != nil {
			return err
		}
	}
	if err := add([]byte(p.Tail), 1); err != nil {
		return err
	}
	end, err := finalBlock()
	if err != nil {
		return err
	}
	raw.Write(end)
	declared := uint64(size)
	if p.Declared != 0 {
		declared = p.Declared
	}
	w, err := z.CreateRaw(&zip.FileHeader{Name: p.Name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(raw.Len()), UncompressedSize64: declared})
	if err != nil {
		return err
	}
	_, err = w.Write(raw.Bytes())
	return err
}

// deflated compresses text as non-final blocks ending in a sync flush.
func deflated(text []byte) ([]byte, error) {
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(text); err != nil {
		return nil, err
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// finalBlock is the empty last block that ends a deflate stream.
func finalBlock() ([]byte, error) {
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Allocated is how many bytes the program allocated while f ran, an upper
// bound of how much more memory it held at any moment.
func Allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
