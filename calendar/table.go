package calendar

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"postcrm"
)

// Arrangement words of the table's 安排 column.
const (
	wordHoliday = "放假"
	wordMakeup  = "上班"
	wordNewYear = "正月初一" // a holiday that also places the Spring Festival
)

var tableHeader = []string{"日期", "安排", "节日"}

// ReadDays parses a holiday table: CSV with the header 日期,安排,节日, one
// row per day, 日期 as YYYY-MM-DD, 安排 放假 or 上班; lines starting with #
// are comments.
func ReadDays(r io.Reader) ([]Day, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = len(tableHeader)
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("节假日表缺少表头: %w", err)
	}
	for i, name := range tableHeader {
		if strings.TrimPrefix(strings.TrimSpace(header[i]), "\ufeff") != name {
			return nil, fmt.Errorf("节假日表第 %d 列应为“%s”", i+1, name)
		}
	}
	var days []Day
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return days, nil
		}
		if err != nil {
			return nil, fmt.Errorf("节假日表: %w", err)
		}
		line, _ := cr.FieldPos(0)
		day, err := parseDay(rec)
		if err != nil {
			return nil, fmt.Errorf("节假日表第 %d 行: %w", line, err)
		}
		days = append(days, day)
	}
}

func parseDay(rec []string) (Day, error) {
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(rec[0]), postcrm.ChinaTime)
	if err != nil {
		return Day{}, fmt.Errorf("日期“%s”无法识别，应为 2025-10-01 这样的格式", rec[0])
	}
	day := Day{Date: postcrm.DateOf(t), Name: strings.TrimSpace(rec[2])}
	switch strings.TrimSpace(rec[1]) {
	case wordHoliday:
		day.Kind = Holiday
	case wordMakeup:
		day.Kind = MakeupWorkday
	case wordNewYear:
		day.Kind, day.NewYear = Holiday, true
	default:
		return Day{}, fmt.Errorf("安排“%s”无法识别，应为“放假”“上班”或“正月初一”", rec[1])
	}
	return day, nil
}
