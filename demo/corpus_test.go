package demo

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"postcrm"
)

// The tests share one small-scale corpus, read back independently of the
// generator's code: CSV and XLSX parsed with the standard tools, every
// value checked against rules written here.
const (
	testSeed = 20260101
	testEnd  = postcrm.Date(20261031)
)

var testDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "demo-test-")
	if err != nil {
		panic(err)
	}
	testDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// corpus is what the tests need from the generated files, gathered in one
// pass.
type corpus struct {
	dir      string
	manifest Manifest
	truth    Truth
	tables   map[string][][]string // org, customers, members: rows without header
	headers  map[string][]string

	days      int                   // window length
	first     postcrm.Date          // window start
	custDays  map[string][]int      // customer code -> items per day index (stored rows)
	walkins   map[string][]purchase // phone -> stored purchases
	numbers   map[uint64]int        // waybill number -> times stored
	monthNos  map[int][2]string     // YYYYMM -> min, max waybill number accepted that month
	flagged   map[string]map[int]postcrm.Reason
	channels  map[bool]map[string]int // contract? -> channel -> items
	payments  map[bool]map[string]int
	hours     [24]int
	products  map[string]int
	online    map[int][2]int      // YYYYMM -> walk-in items on e-channel or mini-program, all walk-in items
	fenLight  [2]int64            // contract items under 1 kg: postage sum, count
	fenHeavy  [2]int64            // contract items of 5 kg and more
	fenByDest map[string][2]int64 // contract items by destination
	lastDay   map[string][]string // file -> its last day's unspoiled lines
	headLines map[string][]string // file -> its first Repeated lines
	lines     map[string]map[int]string
	firstSent map[string]sent // corrected waybill number -> where it was first sent
	ref       *refs
}

type sent struct {
	file, line string
}

type purchase struct {
	day int
	fen int64
}

var (
	corpusOnce sync.Once
	theCorpus  *corpus
	corpusErr  error
)

func loadCorpus(t *testing.T) *corpus {
	t.Helper()
	corpusOnce.Do(func() {
		dir := filepath.Join(testDir, "small")
		if _, corpusErr = Generate(Options{Dir: dir, Seed: testSeed, End: testEnd}); corpusErr != nil {
			return
		}
		theCorpus, corpusErr = readCorpus(dir)
	})
	if corpusErr != nil {
		t.Fatal(corpusErr)
	}
	return theCorpus
}

func readCorpus(dir string) (*corpus, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	truth, err := LoadTruth(dir)
	if err != nil {
		return nil, err
	}
	c := &corpus{
		dir: dir, manifest: m, truth: truth,
		tables: map[string][][]string{}, headers: map[string][]string{},
		first: m.First, days: postcrm.DaysBetween(m.First, m.Last) + 1,
		custDays: map[string][]int{}, walkins: map[string][]purchase{}, numbers: map[uint64]int{},
		monthNos: map[int][2]string{}, flagged: map[string]map[int]postcrm.Reason{},
		channels: map[bool]map[string]int{true: {}, false: {}}, payments: map[bool]map[string]int{true: {}, false: {}},
		online: map[int][2]int{}, fenByDest: map[string][2]int64{}, products: map[string]int{},
		lastDay: map[string][]string{}, headLines: map[string][]string{}, lines: map[string]map[int]string{},
		firstSent: map[string]sent{},
	}
	for _, k := range m.Corrections {
		c.firstSent[k.WaybillNo] = sent{}
	}
	for _, f := range m.Files {
		rows, err := readExport(dir, f)
		if err != nil {
			return nil, err
		}
		if f.Kind == postcrm.KindWaybills {
			c.addWaybills(f, rows)
			continue
		}
		c.headers[f.Name], c.tables[f.Name] = rows[0], rows[1:]
	}
	return c, nil
}

// readExport reads a whole export, header first, decoding it as the
// manifest says it is encoded.
func readExport(dir string, f File) ([][]string, error) {
	path := filepath.Join(dir, f.Name)
	if f.Encoding == EncodingXLSX {
		x, err := excelize.OpenFile(path)
		if err != nil {
			return nil, err
		}
		defer x.Close()
		return x.GetRows(x.GetSheetList()[0], excelize.Options{RawCellValue: true})
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	switch f.Encoding {
	case EncodingUTF8BOM:
		var ok bool
		if data, ok = bytes.CutPrefix(data, []byte("\ufeff")); !ok {
			return nil, errors.New(f.Name + ": no BOM")
		}
	case EncodingGB18030:
		if data, err = simplifiedchinese.GB18030.NewDecoder().Bytes(data); err != nil {
			return nil, err
		}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var rows [][]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, rec)
	}
}

// digits reports whether s is n decimal digits.
func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func validMobile(s string) bool { return digits(s, 11) && s[0] == '1' && s[1] >= '3' }

// validLandline: 0, a 2–3 digit area code, a dash or not, 7–8 digits.
func validLandline(s string) bool {
	s = strings.Replace(s, "-", "", 1)
	return len(s) >= 10 && len(s) <= 12 && s[0] == '0' && digits(s, len(s))
}

func validPhone(s string) bool { return validMobile(s) || validLandline(s) }

func validCode(s string) bool { return digits(s, 8) }

// refs are the codes the good rows of the small exports define.
type refs struct{ offices, staff, customers map[string]bool }

// refs computes the codes once the org and customer exports are read.
func (c *corpus) refs() refs {
	if c.ref != nil {
		return *c.ref
	}
	r := refs{offices: map[string]bool{}, staff: map[string]bool{}, customers: map[string]bool{}}
	for _, f := range c.tables["org.csv"] {
		if _, bad := orgProblem(f); !bad {
			r.staff[f[3]] = true
			if f[1] != "" {
				r.offices[f[1]] = true
			}
		}
	}
	for _, f := range c.tables["customers.csv"] {
		if reason, bad := customerProblem(f, r); !bad || reason == postcrm.ReasonUnknownStaff {
			r.customers[f[0]] = true
		}
	}
	c.ref = &r
	return r
}

var roles = map[string]bool{"揽投员": true, "营业部经理": true, "地市管理员": true, "省市场部": true}

func orgProblem(f []string) (postcrm.Reason, bool) {
	switch {
	case f[3] == "":
		return postcrm.ReasonMissingField, true
	case !roles[f[5]]:
		return postcrm.ReasonBadEnum, true
	case !validMobile(f[6]):
		return postcrm.ReasonBadPhone, true
	case f[1] != "" && !validCode(f[1]):
		return postcrm.ReasonBadCode, true
	}
	return "", false
}

func customerProblem(f []string, r refs) (postcrm.Reason, bool) {
	_, dateErr := time.Parse(time.DateOnly, f[4])
	switch {
	case f[0] == "":
		return postcrm.ReasonMissingField, true
	case dateErr != nil:
		return postcrm.ReasonBadDate, true
	case f[8] != "正常" && f[8] != "暂停" && f[8] != "解约":
		return postcrm.ReasonBadEnum, true
	case !r.offices[f[2]]:
		return postcrm.ReasonUnknownOffice, true
	case f[7] != "" && !validPhone(f[7]):
		return postcrm.ReasonBadPhone, true
	case f[3] != "" && !r.staff[f[3]]:
		return postcrm.ReasonUnknownStaff, true
	}
	return "", false
}

func memberProblem(f []string, r refs) (postcrm.Reason, bool) {
	switch {
	case f[0] == "":
		return postcrm.ReasonMissingField, true
	case !validMobile(f[0]):
		return postcrm.ReasonBadPhone, true
	case memberDate(f[1]) == 0:
		return postcrm.ReasonBadDate, true
	case !r.offices[f[2]]:
		return postcrm.ReasonUnknownOffice, true
	case !r.staff[f[3]]:
		return postcrm.ReasonUnknownStaff, true
	}
	return "", false
}

// memberDate reads a registration date: text in CSV, an Excel serial
// number in XLSX.
func memberDate(s string) postcrm.Date {
	if t, err := time.ParseInLocation(time.DateOnly, s, postcrm.ChinaTime); err == nil {
		return postcrm.DateOf(t)
	}
	if serial, err := strconv.ParseFloat(s, 64); err == nil {
		excelEpoch := time.Date(1899, 12, 30, 0, 0, 0, 0, postcrm.ChinaTime)
		return postcrm.DateOf(excelEpoch.AddDate(0, 0, int(serial)))
	}
	return 0
}

var (
	payments = map[string]bool{"现结": true, "月结": true}
	channels = map[string]bool{"营业厅": true, "上门揽收": true, "邮惠中心": true, "小程序": true}
)

// waybill is a parsed waybill row.
type waybill struct {
	no, office, courier, customer, phone string
	at                                   time.Time
	weight                               int64
	fen                                  int64
	payment, channel, product, dest      string
}

func parseWaybill(f []string) (w waybill, timeErr, numErr error) {
	w = waybill{no: f[0], office: f[2], courier: f[3], customer: f[4], phone: f[5], product: f[6],
		payment: f[9], channel: f[10], dest: f[11]}
	w.at, timeErr = time.ParseInLocation(time.DateTime, f[1], postcrm.ChinaTime)
	w.weight, numErr = strconv.ParseInt(f[7], 10, 64)
	yuan, err := strconv.ParseFloat(f[8], 64)
	w.fen = int64(yuan*100 + 0.5*sign(yuan))
	return w, timeErr, errors.Join(numErr, err)
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}

func waybillProblem(w waybill, timeErr, numErr error, r refs) (postcrm.Reason, bool) {
	switch {
	case numErr != nil:
		return postcrm.ReasonBadNumber, true
	case w.no == "":
		return postcrm.ReasonMissingField, true
	case timeErr != nil:
		return postcrm.ReasonBadTime, true
	case !validCode(w.office):
		return postcrm.ReasonBadCode, true
	case !r.offices[w.office]:
		return postcrm.ReasonUnknownOffice, true
	case w.customer != "" && !r.customers[w.customer]:
		return postcrm.ReasonUnknownCustomer, true
	case w.phone != "" && !validPhone(w.phone):
		return postcrm.ReasonBadPhone, true
	case w.fen < 0:
		return postcrm.ReasonNegative, true
	case w.weight > 1_000_000 || w.fen > 1_000_000:
		return postcrm.ReasonAbsurd, true
	case !payments[w.payment] || !channels[w.channel]:
		return postcrm.ReasonBadEnum, true
	case w.customer == "" && w.phone == "":
		return postcrm.ReasonNoPhone, true
	case !r.staff[w.courier]:
		return postcrm.ReasonUnknownStaff, true
	}
	return "", false
}

// rejected tells whether a reason keeps the row out of the store.
func rejected(reason postcrm.Reason) bool {
	return reason != postcrm.ReasonNoPhone && reason != postcrm.ReasonUnknownStaff
}

func (c *corpus) addWaybills(f File, rows [][]string) {
	r := c.refs()
	flagged := map[int]postcrm.Reason{}
	c.flagged[f.Name] = flagged
	keep := map[int]bool{} // lines the tests look at
	for _, fd := range c.manifest.Findings {
		keep[fd.Line] = keep[fd.Line] || fd.File == f.Name
	}
	for _, k := range c.manifest.Corrections {
		keep[k.Line] = keep[k.Line] || k.File == f.Name
	}
	c.lines[f.Name] = map[int]string{}
	var lastDay []int // good rows of the latest day seen
	var lastDate string
	for i, row := range rows[1:] {
		line := i + 2
		if keep[line] {
			c.lines[f.Name][line] = strings.Join(row, ",")
		}
		if s, ok := c.firstSent[row[0]]; ok && s.file == "" {
			c.firstSent[row[0]] = sent{file: f.Name, line: strings.Join(row, ",")}
		}
		if i < f.Repeated {
			c.headLines[f.Name] = append(c.headLines[f.Name], strings.Join(row, ","))
			continue // stored from the previous file already
		}
		w, timeErr, numErr := parseWaybill(row)
		reason, bad := waybillProblem(w, timeErr, numErr, r)
		if bad {
			flagged[line] = reason
			if rejected(reason) {
				continue
			}
		}
		if i >= f.Rows-f.Corrected {
			continue // a correction of a row already counted
		}
		if date := row[1][:10]; date != lastDate {
			lastDay, lastDate = lastDay[:0], date
		}
		if !bad {
			lastDay = append(lastDay, i+1)
		}
		c.addStored(w)
	}
	for _, i := range lastDay {
		c.lastDay[f.Name] = append(c.lastDay[f.Name], strings.Join(rows[i], ","))
	}
}

func (c *corpus) addStored(w waybill) {
	day := postcrm.DaysBetween(c.first, postcrm.DateOf(w.at))
	no, err := strconv.ParseUint(w.no, 10, 64)
	if err != nil || !digits(w.no, 13) {
		no = 0 // counted as a repeat: the test reports it
	}
	c.numbers[no]++
	month := int(postcrm.DateOf(w.at).YearMonth())
	mm, ok := c.monthNos[month]
	if !ok || w.no < mm[0] {
		mm[0] = w.no
	}
	if w.no > mm[1] {
		mm[1] = w.no
	}
	c.monthNos[month] = mm
	contract := w.customer != ""
	c.channels[contract][w.channel]++
	c.payments[contract][w.payment]++
	c.hours[w.at.Hour()]++
	c.products[w.product]++
	if contract {
		switch {
		case w.weight < 1000:
			c.fenLight[0] += w.fen
			c.fenLight[1]++
		case w.weight >= 5000:
			c.fenHeavy[0] += w.fen
			c.fenHeavy[1]++
		}
		d := c.fenByDest[w.dest]
		c.fenByDest[w.dest] = [2]int64{d[0] + w.fen, d[1] + 1}
		if c.custDays[w.customer] == nil {
			c.custDays[w.customer] = make([]int, c.days)
		}
		c.custDays[w.customer][day]++
	} else {
		o := c.online[month]
		o[1]++
		if w.channel == "邮惠中心" || w.channel == "小程序" {
			o[0]++
		}
		c.online[month] = o
	}
	if !contract && w.phone != "" {
		c.walkins[w.phone] = append(c.walkins[w.phone], purchase{day: day, fen: w.fen})
	}
}
