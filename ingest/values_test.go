package ingest

import (
	"math"
	"testing"
	"time"

	"postcrm"
)

func TestAmountScaled(t *testing.T) {
	cases := []struct {
		in    string
		scale int
		want  int64
		ok    bool
	}{
		{"12.5", 2, 1250, true},
		{"12", 2, 1200, true},
		{"0.345", 2, 35, true}, // half up
		{"0.344", 2, 34, true},
		{"0.3449", 2, 34, true}, // only the first dropped digit counts
		{"0.005", 2, 1, true},
		{"0.1", 2, 10, true},
		{".5", 2, 50, true},
		{"5.", 2, 500, true},
		{"+3", 2, 300, true},
		{"-3", 2, -300, true},
		{"-0.345", 2, -35, true},
		{"¥1,234.50", 2, 123450, true},
		{"1,234,567", 0, 1234567, true},
		{"1,2", 2, 0, false}, // a decimal comma, or a typo: not twelve
		{"12,34", 2, 0, false},
		{"1,2345", 2, 0, false},
		{"12.5元", 2, 1250, true},
		{"￥ 8", 2, 800, true},
		{"1.25E+1", 2, 1250, true},
		{"1E-3", 2, 0, true},
		{"5E-3", 2, 1, true},
		{"350.5", 0, 351, true},
		{"350.49", 0, 350, true},
		{"12345678901234567890", 2, math.MaxInt64, true}, // saturates, no overflow
		{"1E40", 2, math.MaxInt64, true},
		{"", 2, 0, false},
		{".", 2, 0, false},
		{"-", 2, 0, false},
		{"1.2.3", 2, 0, false},
		{"abc", 2, 0, false},
		{"12 5", 2, 0, false},
		{"NaN", 2, 0, false},
		{"E5", 2, 0, false},
		{"1e999999999", 2, 0, false},
		{"0xE", 2, 0, false},
		{"1/2e1", 2, 0, false},
		{"1e-99", 2, 0, true},
	}
	for _, c := range cases {
		got, ok := amountScaled(c.in, c.scale)
		if got != c.want || ok != c.ok {
			t.Errorf("amountScaled(%q, %d) = %d, %v; want %d, %v", c.in, c.scale, got, ok, c.want, c.ok)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	cases := []struct {
		in, want string
		kind     phoneKind
	}{
		{"13812345678", "13812345678", phoneMobile},
		{"199 1234 5678", "19912345678", phoneMobile},
		{"+86 138-1234-5678", "13812345678", phoneMobile},
		{"0086 13812345678", "13812345678", phoneMobile},
		{"8613812345678", "13812345678", phoneMobile},
		{"0311-86123456", "031186123456", phoneLandline},
		{"010-12345678", "01012345678", phoneLandline},
		{"(0311)8612345", "03118612345", phoneLandline},
		{"（0311）86123456", "031186123456", phoneLandline},
		{"+86 311 8612 3456", "031186123456", phoneLandline},
		{"12812345678", "12812345678", phoneInvalid}, // 12x is no mobile prefix
		{"1381234567", "1381234567", phoneInvalid},
		{"138123456789", "138123456789", phoneInvalid},
		{"0012345678", "0012345678", phoneInvalid},
		{"031186", "031186", phoneInvalid},
		{"138****5678", "138****5678", phoneInvalid},
		{"0311-86123456转801", "031186123456转801", phoneInvalid},
	}
	for _, c := range cases {
		got, kind := normalizePhone(c.in)
		if got != c.want || kind != c.kind {
			t.Errorf("normalizePhone(%q) = %q, %d; want %q, %d", c.in, got, kind, c.want, c.kind)
		}
	}
}

func TestScanStamp(t *testing.T) {
	cases := []struct {
		in      string
		ok      bool
		date    postcrm.Date
		clock   bool
		h, m, s int
	}{
		{"2025-03-08", true, 20250308, false, 0, 0, 0},
		{"2025/3/8", true, 20250308, false, 0, 0, 0},
		{"2025/03/08", true, 20250308, false, 0, 0, 0},
		{"20250308", true, 20250308, false, 0, 0, 0},
		{"2024-02-29", true, 20240229, false, 0, 0, 0},
		{"2025-03-08 14:30:00", true, 20250308, true, 14, 30, 0},
		{"2025/3/8 9:05", true, 20250308, true, 9, 5, 0},
		{"2025/3/8 9:05:07", true, 20250308, true, 9, 5, 7},
		{"2025-03-08T14:30:59", true, 20250308, true, 14, 30, 59},
		{"2025-03-08 14:30:00.0", true, 20250308, true, 14, 30, 0},
		{"20250308 23:59:59", true, 20250308, true, 23, 59, 59},
		{"2025-02-29", false, 0, false, 0, 0, 0},
		{"2025-13-01", false, 0, false, 0, 0, 0},
		{"2025-00-10", false, 0, false, 0, 0, 0},
		{"2025-04-31", false, 0, false, 0, 0, 0},
		{"2025-03/08", false, 0, false, 0, 0, 0},
		{"25-03-08", false, 0, false, 0, 0, 0},
		{"1899-12-31", false, 0, false, 0, 0, 0},
		{"2025-13-45 25:00", false, 0, false, 0, 0, 0},
		{"2025-03-08 24:00:00", false, 0, false, 0, 0, 0},
		{"2025-02-29 10:00:00", false, 0, false, 0, 0, 0},
		{"2024-02-29 10:00:00", true, 20240229, true, 10, 0, 0},
		{"2025-04-31 10:00:00", false, 0, false, 0, 0, 0},
		{"2025-03-08 12:3x:00", false, 0, false, 0, 0, 0},
		{"2025-03-08 14:60", false, 0, false, 0, 0, 0},
		{"2025-03-08 14:3", false, 0, false, 0, 0, 0},
		{"2025-03-08 14:30:00 +0800", false, 0, false, 0, 0, 0},
		{"2025-03-08x", false, 0, false, 0, 0, 0},
		{"202503081", false, 0, false, 0, 0, 0},
		{"2025年3月8日", false, 0, false, 0, 0, 0},
	}
	for _, c := range cases {
		st, ok := scanStamp(c.in)
		if ok != c.ok {
			t.Errorf("scanStamp(%q) ok = %v, want %v", c.in, ok, c.ok)
			continue
		}
		if ok && (st.date() != c.date || st.hasClock != c.clock || st.hour != c.h || st.minute != c.m || st.second != c.s) {
			t.Errorf("scanStamp(%q) = %+v, want %d %02d:%02d:%02d (clock %v)", c.in, st, c.date, c.h, c.m, c.s, c.clock)
		}
	}
}

func TestExcelSerialText(t *testing.T) {
	// 45658 is 2025-01-01; 2025-03-08 is 31 + 28 + 7 days later.
	cases := []struct {
		in        string
		withClock bool
		want      string
		ok        bool
	}{
		{"45724.604166666664", true, "2025-03-08 14:30:00", true},
		{"45724.604166666664", false, "2025-03-08", true},
		{"45724", true, "2025-03-08 00:00:00", true},
		{"2958465.5", true, "9999-12-31 12:00:00", true},
		{"2958466", true, "", false},
		{"45658.99999", false, "2025-01-01", true},
		{"45658.999999", true, "2025-01-02 00:00:00", true}, // rounds to the second
		{"20250308", false, "", false},                      // YYYYMMDD, not a serial
		{"2025-03-08", false, "", false},
		{"-1", false, "", false},
		{"0", false, "", false},
		{"abc", false, "", false},
		{"", false, "", false},
	}
	for _, c := range cases {
		got, ok := excelSerialText(c.in, excelEpoch1900, c.withClock)
		if got != c.want || ok != c.ok {
			t.Errorf("excelSerialText(%q, %v) = %q, %v; want %q, %v", c.in, c.withClock, got, ok, c.want, c.ok)
		}
	}
}

// The stamp's own second counting agrees with time.Date on every day from
// 1900 to 2100, at a time of day that checks the zone offset too.
func TestStampTimeMatchesTimeDate(t *testing.T) {
	for day := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() <= 2100; day = day.AddDate(0, 0, 1) {
		st := stamp{year: day.Year(), month: int(day.Month()), day: day.Day(), hour: 23, minute: 59, second: 58}
		got := st.time()
		want := time.Date(st.year, day.Month(), st.day, 23, 59, 58, 0, postcrm.ChinaTime)
		if !got.Equal(want) || got.Location() != postcrm.ChinaTime {
			t.Fatalf("%v: got %v, want %v", day.Format(time.DateOnly), got, want)
		}
		if !dayExists(st.year, st.month, st.day) {
			t.Fatalf("%v reported as not a day", day.Format(time.DateOnly))
		}
	}
}
