package ingest

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"
)

// workbookParts is what the workbook part says about the others.
type workbookParts struct {
	sheet, strings string // part names: the first sheet, the shared strings
	date1904       bool
}

// readWorkbook finds the workbook part through the package relationships,
// its first sheet and whether its dates count from 1904, and through the
// workbook's relationships the parts of that sheet and of the shared
// strings.
func readWorkbook(pkg *xlsxPackage) (workbookParts, error) {
	main := "xl/workbook.xml"
	rels, err := readRelationships(pkg, "_rels/.rels")
	if err != nil {
		return workbookParts{}, err
	}
	for _, r := range rels {
		if strings.HasSuffix(r.typ, "/officeDocument") {
			main = resolve("", r.target)
		}
	}
	var w workbookParts
	var sheetID string
	err = eachElement(pkg, pkg.find(main), func(t xml.StartElement) bool {
		switch t.Name.Local {
		case "workbookPr":
			v := attr(t, "date1904")
			w.date1904 = v == "1" || v == "true"
		case "sheet":
			sheetID = attr(t, "id")
			return false
		}
		return true
	})
	if err != nil {
		return w, err
	}
	if rels, err = readRelationships(pkg, path.Join(path.Dir(main), "_rels", path.Base(main)+".rels")); err != nil {
		return w, err
	}
	for _, r := range rels {
		switch {
		case r.id == sheetID && sheetID != "":
			w.sheet = resolve(main, r.target)
		case strings.HasSuffix(r.typ, "/sharedStrings"):
			w.strings = resolve(main, r.target)
		}
	}
	if w.sheet == "" {
		return w, errors.New("工作簿里没有工作表")
	}
	return w, nil
}

type relationship struct{ id, typ, target string }

// readRelationships reads a relationships part; none when it is missing.
func readRelationships(pkg *xlsxPackage, name string) ([]relationship, error) {
	var rels []relationship
	err := eachElement(pkg, pkg.find(name), func(t xml.StartElement) bool {
		if t.Name.Local == "Relationship" {
			rels = append(rels, relationship{attr(t, "Id"), attr(t, "Type"), attr(t, "Target")})
		}
		return true
	})
	return rels, err
}

// eachElement calls visit with the start tags of a small part (at most
// maxTokenBytes) until visit returns false; a missing part has none.
func eachElement(pkg *xlsxPackage, f *zip.File, visit func(xml.StartElement) bool) error {
	if f == nil {
		return nil
	}
	r, err := pkg.open(f, maxTokenBytes)
	if err != nil {
		return err
	}
	defer r.Close()
	d := xml.NewDecoder(r)
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if t, ok := tok.(xml.StartElement); ok && !visit(t) {
			return nil
		}
	}
}
