package ingest

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

func TestTableDetectsEncoding(t *testing.T) {
	const text = "邮件号,寄件人\n1001,𠀀张三\n1002,李四\n"
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	gbkText := strings.ReplaceAll(text, "𠀀", "") // GBK has no 4-byte characters
	cases := []struct {
		name    string
		content []byte
		want    string
	}{
		{"utf8", []byte(text), text},
		{"utf8 with BOM", append([]byte("\xEF\xBB\xBF"), text...), text},
		{"gb18030 with a 4-byte character", gb18030(t, text), text},
		{"gbk", gbk(t, gbkText), gbkText},
		{"utf16 with BOM", utf16, text},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab := openTable(t, writeFile(t, "x.csv", c.content))
			got := strings.Join(tab.Header, ",") + "\n"
			for _, row := range readRows(t, tab) {
				got += strings.Join(row.Fields, ",") + "\n"
			}
			if got != c.want {
				t.Errorf("decoded\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}

// A file whose Chinese starts far after the first megabyte must still be
// decoded right: detection may not give up on an ASCII-only beginning.
func TestTableChineseAfterAMegabyteOfASCII(t *testing.T) {
	var ascii strings.Builder
	ascii.WriteString("no,name\n")
	lines := 1
	for ascii.Len() < 1<<20+100 {
		fmt.Fprintf(&ascii, "%d,plain ascii row\n", lines)
		lines++
	}
	tail := "last,欧阳娜娜\n"
	encodings := map[string][]byte{
		"utf8": []byte(ascii.String() + tail),
		"gbk":  append([]byte(ascii.String()), gbk(t, tail)...),
	}
	for name, content := range encodings {
		t.Run(name, func(t *testing.T) {
			rows := readRows(t, openTable(t, writeFile(t, "big.csv", content)))
			last := rows[len(rows)-1]
			if last.Fields[1] != "欧阳娜娜" || last.Line != lines+1 {
				t.Errorf("last row %v on line %d, want 欧阳娜娜 on line %d", last.Fields, last.Line, lines+1)
			}
		})
	}
}

func TestTableStrayByteKeepsUTF8(t *testing.T) {
	content := []byte("客户名称,备注\n石家庄市长安区好运商贸有限公司,月结客户\xff\n")
	rows := readRows(t, openTable(t, writeFile(t, "x.csv", content)))
	want := []string{"石家庄市长安区好运商贸有限公司", "月结客户\uFFFD"}
	if !reflect.DeepEqual(rows[0].Fields, want) {
		t.Errorf("got %q, want %q", rows[0].Fields, want)
	}
}

func TestTableLinesQuotesAndBlanks(t *testing.T) {
	content := "邮件号 , 备注\r\n" + // line 1
		"\r\n" + // 2: blank
		"E1,\"多行\r\n备注, 含逗号\"\r\n" + // 3-4
		" , \r\n" + // 5: blank after trimming
		",,\r\n" + // 6: only separators
		"E2,\"说 \"\"好\"\" 的\"\r\n" + // 7
		"=\"0012\",  前后空格  \r\n" + // 8: ="…" keeps Excel from eating zeros
		"E4" // 9: no final newline, fewer fields
	tab := openTable(t, writeFile(t, "x.csv", []byte(content)))
	if want := []string{"邮件号", "备注"}; !reflect.DeepEqual(tab.Header, want) {
		t.Errorf("header %q, want %q", tab.Header, want)
	}
	want := []Row{
		{Line: 3, Fields: []string{"E1", "多行\n备注, 含逗号"}},
		{Line: 7, Fields: []string{"E2", "说 \"好\" 的"}},
		{Line: 8, Fields: []string{"0012", "前后空格"}},
		{Line: 9, Fields: []string{"E4"}},
	}
	if got := readRows(t, tab); !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n%v\nwant\n%v", got, want)
	}
}

func TestTableTabSeparated(t *testing.T) {
	content := "邮件号\t客户名称\n1001\t张三, 李四合伙\n"
	rows := readRows(t, openTable(t, writeFile(t, "tabs.csv", []byte(content))))
	if want := []string{"1001", "张三, 李四合伙"}; !reflect.DeepEqual(rows[0].Fields, want) {
		t.Errorf("got %q, want %q", rows[0].Fields, want)
	}
	// Tabs inside a comma-separated header do not make it tab-separated.
	content = "邮件号,客户\t名称\n1001,张三\n"
	rows = readRows(t, openTable(t, writeFile(t, "commas.csv", []byte(content))))
	if want := []string{"1001", "张三"}; !reflect.DeepEqual(rows[0].Fields, want) {
		t.Errorf("got %q, want %q", rows[0].Fields, want)
	}
}

func TestTableProgressReachesFileSize(t *testing.T) {
	content := []byte("a,b\n1,2\n3,4\n")
	tab := openTable(t, writeFile(t, "x.csv", content))
	readRows(t, tab)
	if done, total := tab.Progress(); done != int64(len(content)) || total != int64(len(content)) {
		t.Errorf("progress %d/%d, want %d/%d", done, total, len(content), len(content))
	}
}

// Progress is read from another goroutine while rows are read (go test
// -race checks that this is safe); it never goes back.
func TestTableProgressWhileReading(t *testing.T) {
	var content strings.Builder
	content.WriteString("a,b\n")
	for i := range 100000 {
		fmt.Fprintf(&content, "%d,x\n", i)
	}
	tab := openTable(t, writeFile(t, "x.csv", []byte(content.String())))
	stop, polled := make(chan struct{}), make(chan error)
	go func() {
		last := int64(0)
		for {
			select {
			case <-stop:
				polled <- nil
				return
			default:
			}
			done, _ := tab.Progress()
			if done < last {
				polled <- fmt.Errorf("progress went back from %d to %d", last, done)
				return
			}
			last = done
		}
	}()
	readRows(t, tab)
	close(stop)
	if err := <-polled; err != nil {
		t.Error(err)
	}
}

func TestOpenTableErrorsNameTheFile(t *testing.T) {
	cases := []struct {
		name, file string
		content    []byte
		want       string
	}{
		{"empty", "空.csv", nil, "文件“空.csv”是空的，找不到表头行"},
		{"only blank lines", "空行.csv", []byte("\n \n,,\n"), "文件“空行.csv”是空的，找不到表头行"},
		{"binary", "照片.csv", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "文件“照片.csv”不是 CSV 或 Excel（.xlsx）文件"},
		{"legacy xls", "旧表.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...),
			"文件“旧表.xls”是旧版 Excel（.xls）格式，请在 Excel 中另存为 .xlsx 或 CSV 后再导入"},
		{"broken zip", "坏.xlsx", []byte("PK\x03\x04 not really a zip"), "文件“坏.xlsx”无法作为 Excel（.xlsx）工作簿读取："},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := OpenTable(writeFile(t, c.file, c.content))
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error %v, want it to start with %q", err, c.want)
			}
		})
	}
	_, err := OpenTable("/nonexistent/收寄明细.csv")
	if err == nil || !strings.HasPrefix(err.Error(), "无法打开文件“收寄明细.csv”") {
		t.Errorf("error %v for a missing file", err)
	}
}

// An unclosed quote must not make the reader gather the rest of a huge
// file in memory.
func TestTableUnclosedQuoteIsBounded(t *testing.T) {
	var content bytes.Buffer
	content.WriteString("a,b\n1,2\n3,\"never closed\n")
	line := strings.Repeat("x", 1023) + "\n"
	for content.Len() < maxRecordBytes+1<<20 {
		content.WriteString(line)
	}
	// One line that never ends is bounded too.
	endless := append([]byte("a,b\n"), bytes.Repeat([]byte{'x'}, maxRecordBytes+1<<20)...)
	tab := openTable(t, writeFile(t, "endless.csv", endless))
	if _, err := tab.Next(); err == nil || err.Error() != "读取文件“endless.csv”出错：第 2 行开始的一条记录超过 16 MB，可能有没配对的引号" {
		t.Errorf("endless line: %v", err)
	}
	tab = openTable(t, writeFile(t, "x.csv", content.Bytes()))
	if row, err := tab.Next(); err != nil || row.Line != 2 {
		t.Fatalf("first row %v, %v", row, err)
	}
	_, err := tab.Next()
	want := "读取文件“x.csv”出错：第 3 行开始的一条记录超过 16 MB，可能有没配对的引号"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

func TestCleanField(t *testing.T) {
	cases := map[string]string{
		"":                 "",
		"abc":              "abc",
		"  abc\t":          "abc",
		"标准快递":             "标准快递",
		"\u3000标准快递\u3000": "标准快递",
		"标准快递\u00a0":       "标准快递",
		"\u00a0x":          "x",
		"é":                "é",
		"x\u2003":          "x",
		"=\"0012\"":        "0012",
		"= \"0012\"":       "= \"0012\"",
		"=\"\"":            "", // Excel's empty text
		"\"a\"":            "\"a\"",
	}
	for in, want := range cases {
		if got := cleanField(in); got != want {
			t.Errorf("cleanField(%q) = %q, want %q", in, got, want)
		}
	}
}
