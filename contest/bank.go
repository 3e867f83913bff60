package contest

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"postcrm/ingest"
)

// The bank's columns, by their Chinese header (order free; 选项 may be
// missing or empty).
var bankColumns = []string{"编号", "类别", "题型", "分值", "题目", "答案", "选项"}

// RowError is a bank row refused, by its row number in the sheet.
type RowError struct {
	Row    int    `json:"row"`
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

func (e RowError) String() string { return fmt.Sprintf("第 %d 行 %s: %s", e.Row, e.Field, e.Reason) }

// ReadBank reads a question bank (XLSX or CSV, through ingest's table
// reader). Good rows are returned; every bad row is reported by its row
// number and none of it is kept.
func ReadBank(path string) ([]Question, []RowError, error) {
	t, err := ingest.OpenTable(path)
	if err != nil {
		return nil, nil, err
	}
	defer t.Close()
	col := map[string]int{}
	for i, h := range t.Header {
		col[h] = i
	}
	for _, name := range bankColumns[:6] {
		if _, ok := col[name]; !ok {
			return nil, nil, fmt.Errorf("题库缺少“%s”列（需要 %s）", name, strings.Join(bankColumns, "、"))
		}
	}
	var qs []Question
	var bad []RowError
	seen := map[string]int{}
	for {
		row, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		get := func(name string) string {
			i, ok := col[name]
			if !ok || i >= len(row.Fields) {
				return ""
			}
			return row.Fields[i]
		}
		q := Question{ID: get("编号"), Category: get("类别"), Type: get("题型"), Text: get("题目"), Answer: get("答案"), Options: get("选项")}
		var errs []RowError
		for _, req := range []struct{ name, v string }{{"编号", q.ID}, {"类别", q.Category}, {"题型", q.Type}, {"题目", q.Text}, {"答案", q.Answer}} {
			if req.v == "" {
				errs = append(errs, RowError{row.Line, req.name, "不能为空"})
			}
		}
		v, err := strconv.Atoi(get("分值"))
		if err != nil || v <= 0 {
			errs = append(errs, RowError{row.Line, "分值", fmt.Sprintf("“%s”不是正整数", get("分值"))})
		}
		q.Value = v
		if first, dup := seen[q.ID]; dup && q.ID != "" {
			errs = append(errs, RowError{row.Line, "编号", fmt.Sprintf("与第 %d 行重复", first)})
		}
		if len(errs) > 0 {
			bad = append(bad, errs...)
			continue
		}
		seen[q.ID] = row.Line
		qs = append(qs, q)
	}
	return qs, bad, nil
}
