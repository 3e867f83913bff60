package ingesttest

import (
	"fmt"
	"html"
	"strings"
)

// The parts every workbook here has; the sheet is the first and only one.
var (
	contentTypes = Sheet("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
		`<Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`+
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`+
		`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`+
		`</Types>`)
	packageRels = Sheet("_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>`+
		`</Relationships>`)
	workbook = Sheet("xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" `+
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+
		`<sheets><sheet name="收寄明细" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	workbookRels = Sheet("xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`+
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`+
		`</Relationships>`)
)

const (
	sheetName   = "xl/worksheets/sheet1.xml"
	stringsName = "xl/sharedStrings.xml"
	sheetHead   = `<worksheet ` + mainNS + `><sheetData>`
	sheetTail   = `</sheetData></worksheet>`
	mainNS      = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	noStrings   = `<sst ` + mainNS + `/>`
)

// WaybillHeader is a header row the waybill import accepts.
var WaybillHeader = []string{"邮件号", "收寄时间", "机构代码", "揽投员工号", "客户代码", "寄件人电话", "资费(元)", "付费方式", "收寄渠道"}

// RowsXML is rows of inline-string cells, numbered from first.
func RowsXML(first int, rows ...[]string) string {
	var b strings.Builder
	for i, row := range rows {
		fmt.Fprintf(&b, `<row r="%d">`, first+i)
		for _, v := range row {
			fmt.Fprintf(&b, `<c t="inlineStr"><is><t>%s</t></is></c>`, html.EscapeString(v))
		}
		b.WriteString(`</row>`)
	}
	return b.String()
}

// Workbook writes a workbook whose sheet holds rows (the first is the
// header), with an empty shared-strings part, and any extra parts.
func Workbook(path string, rows [][]string, extra ...Part) error {
	parts := []Part{contentTypes, packageRels, workbook, workbookRels,
		Sheet(sheetName, sheetHead+RowsXML(1, rows...)+sheetTail), Sheet(stringsName, noStrings)}
	return WriteXLSX(path, append(parts, extra...)...)
}

// SheetBomb writes a waybill workbook whose second row is one text cell
// of size bytes.
func SheetBomb(path string, size int64) error {
	return WriteXLSX(path, contentTypes, packageRels, workbook, workbookRels, Sheet(stringsName, noStrings),
		Part{Name: sheetName, Head: sheetHead + RowsXML(1, WaybillHeader) + `<row r="2"><c t="inlineStr"><is><t>`,
			Fill: "a", Size: size, Tail: `</t></is></c></row>` + sheetTail})
}

// SharedStringsBomb writes a waybill workbook whose second row names the
// one shared string, of size bytes.
func SharedStringsBomb(path string, size int64) error {
	return WriteXLSX(path, contentTypes, packageRels, workbook, workbookRels,
		Sheet(sheetName, sheetHead+RowsXML(1, WaybillHeader)+`<row r="2"><c t="s"><v>0</v></c></row>`+sheetTail),
		Part{Name: stringsName, Head: `<sst ` + mainNS + `><si><t>`, Fill: "a", Size: size, Tail: `</t></si></sst>`})
}

// PartBomb writes a valid waybill workbook (header only) with one more
// part, which no importer needs, of size bytes of spaces.
func PartBomb(path string, size int64) error {
	return Workbook(path, [][]string{WaybillHeader}, Part{Name: "docProps/custom.xml", Fill: " ", Size: size})
}

// varied is n pieces of format, numbered: text that packs about a hundred
// to one, under the importer's bound on the ratio, so that a file made of
// it meets the bounds on size instead.
func varied(format string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i*7919%100000)
	}
	return b.String()
}

// LargeSharedStrings writes a waybill workbook with size bytes of shared
// strings, every one different.
func LargeSharedStrings(path string, size int64) error {
	return WriteXLSX(path, contentTypes, packageRels, workbook, workbookRels,
		Sheet(sheetName, sheetHead+RowsXML(1, WaybillHeader)+`<row r="2"><c t="s"><v>0</v></c></row>`+sheetTail),
		Part{Name: stringsName, Head: `<sst ` + mainNS + `>`, Fill: varied(`<si><t>1190%05d</t></si>`, 64), Size: size, Tail: `</sst>`})
}

// LargeSheet writes a waybill workbook whose sheet has size bytes of
// rows of numbers.
func LargeSheet(path string, size int64) error {
	return WriteXLSX(path, contentTypes, packageRels, workbook, workbookRels, Sheet(stringsName, noStrings),
		Part{Name: sheetName, Head: sheetHead + RowsXML(1, WaybillHeader), Fill: varied(`<row><c><v>1190%05d</v></c></row>`, 64),
			Size: size, Tail: sheetTail})
}

// LongCell writes a waybill workbook whose second row is one cell of size
// bytes of text.
func LongCell(path string, size int64) error {
	return WriteXLSX(path, contentTypes, packageRels, workbook, workbookRels, Sheet(stringsName, noStrings),
		Part{Name: sheetName, Head: sheetHead + RowsXML(1, WaybillHeader) + `<row r="2"><c t="inlineStr"><is><t>`,
			Fill: varied("%05d ", 200), Size: size, Tail: `</t></is></c></row>` + sheetTail})
}

// WideRow writes a workbook whose first row has cols cells.
func WideRow(path string, cols int) error {
	return WriteXLSX(path, contentTypes, packageRels, workbook, workbookRels, Sheet(stringsName, noStrings),
		Sheet(sheetName, sheetHead+`<row r="1">`+strings.Repeat(`<c t="inlineStr"><is><t>邮件号</t></is></c>`, cols)+`</row>`+sheetTail))
}

// RepeatedString writes a waybill workbook with one shared string of
// size bytes, which each of rows rows names in perRow cells.
func RepeatedString(path string, size int64, rows, perRow int) error {
	row := `<row>` + strings.Repeat(`<c t="s"><v>0</v></c>`, perRow) + `</row>`
	return WriteXLSX(path, contentTypes, packageRels, workbook, workbookRels,
		Sheet(sheetName, sheetHead+RowsXML(1, WaybillHeader)+strings.Repeat(row, rows)+sheetTail),
		Part{Name: stringsName, Head: `<sst ` + mainNS + `><si><t>`, Fill: varied("%05d ", 200), Size: size, Tail: `</t></si></sst>`})
}

// LyingSheetBomb is SheetBomb with a directory that says the sheet
// unpacks to a kilobyte.
func LyingSheetBomb(path string, size int64) error {
	return WriteXLSX(path, contentTypes, packageRels, workbook, workbookRels, Sheet(stringsName, noStrings),
		Part{Name: sheetName, Head: sheetHead + RowsXML(1, WaybillHeader) + `<row r="2"><c t="inlineStr"><is><t>`,
			Fill: "a", Size: size, Tail: `</t></is></c></row>` + sheetTail, Declared: 1024})
}

// DeepCell writes a waybill workbook whose second row is one cell with
// depth nested elements.
func DeepCell(path string, depth int64) error {
	return WriteXLSX(path, contentTypes, packageRels, workbook, workbookRels, Sheet(stringsName, noStrings),
		Part{Name: sheetName, Head: sheetHead + RowsXML(1, WaybillHeader) + `<row r="2"><c>`, Fill: "<a>", Size: depth * 3,
			Tail: `</c></row>` + sheetTail})
}
