package btyd

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// summaryColumns maps the accepted header names (lower case) to a column:
// the lifetimes package's names and the CDNOW file's.
var summaryColumns = map[string]int{
	"frequency": colX, "x": colX,
	"recency": colTx, "t_x": colTx,
	"t":              colT,
	"monetary_value": colMonetary, "zbar": colMonetary,
}

const (
	colX = iota
	colTx
	colT
	colMonetary
)

var columnNames = [...]string{colX: "frequency", colTx: "recency", colT: "T", colMonetary: "monetary_value"}

// ReadSummaryCSV reads customer summaries from a CSV file whose header
// names the columns frequency, recency, T and optionally monetary_value
// (or x, t_x, T, zbar as in the CDNOW file), in any order; other columns,
// such as ID, are ignored. hasMonetary tells whether the spend column was
// there. Errors name the line.
func ReadSummaryCSV(r io.Reader) (rows []Summary, hasMonetary bool, err error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, false, errors.New("文件是空的，没有表头行")
	}
	if err != nil {
		return nil, false, csvError(err)
	}
	fields := [4]int{-1, -1, -1, -1}
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))
		col, ok := summaryColumns[name]
		if !ok {
			continue
		}
		if fields[col] >= 0 {
			return nil, false, fmt.Errorf("第 1 行：表头里 %s 列出现了两次", columnNames[col])
		}
		fields[col] = i
	}
	var missing []string
	for col := colX; col <= colT; col++ {
		if fields[col] < 0 {
			missing = append(missing, columnNames[col])
		}
	}
	if len(missing) > 0 {
		return nil, false, fmt.Errorf("第 1 行：表头缺少 %s 列（应为 frequency,recency,T[,monetary_value] 或 x,t_x,T[,zbar]）", strings.Join(missing, "、"))
	}
	hasMonetary = fields[colMonetary] >= 0
	for {
		record, err := cr.Read()
		if err == io.EOF {
			return rows, hasMonetary, nil
		}
		if err != nil {
			return nil, false, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		var v [4]float64
		for col, field := range fields {
			if field < 0 {
				continue
			}
			text := strings.TrimSpace(record[field])
			if v[col], err = strconv.ParseFloat(text, 64); err != nil || math.IsNaN(v[col]) {
				return nil, false, fmt.Errorf("第 %d 行：%s 列的“%s”不是数字", line, columnNames[col], text)
			}
		}
		s := Summary{X: v[colX], Tx: v[colTx], T: v[colT], Monetary: v[colMonetary]}
		if err := checkRecency(s.X, s.Tx, s.T); err != nil {
			return nil, false, fmt.Errorf("第 %d 行：%w", line, err)
		}
		if hasMonetary && s.X > 0 && !isSpend(s.Monetary) {
			return nil, false, fmt.Errorf("第 %d 行：有重复购买的客户平均消费额应为正数，这里是 %g", line, s.Monetary)
		}
		rows = append(rows, s)
	}
}

// csvError puts the CSV package's error in the users' words.
func csvError(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("读取 CSV：%w", err)
	}
	switch {
	case errors.Is(pe.Err, csv.ErrFieldCount):
		return fmt.Errorf("第 %d 行：列数与表头不一致", pe.Line)
	case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
		return fmt.Errorf("第 %d 行：引号不配对", pe.Line)
	}
	return fmt.Errorf("第 %d 行：%w", pe.Line, pe.Err)
}
