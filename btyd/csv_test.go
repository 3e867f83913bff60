package btyd

import (
	"strings"
	"testing"
)

func TestReadSummaryCSV(t *testing.T) {
	cases := []struct {
		name, text string
		want       []Summary
		monetary   bool
	}{
		{"lifetimes names", "frequency,recency,T\n2,30.43,38.86\n0,0,12\n",
			[]Summary{{X: 2, Tx: 30.43, T: 38.86}, {X: 0, Tx: 0, T: 12}}, false},
		{"CDNOW names, ID, CRLF, BOM", "\ufeffID,x,t_x,T,zbar\r\n1,2,30.43,38.86,22.35\r\n3,0,0.00,38.86,0.00",
			[]Summary{{X: 2, Tx: 30.43, T: 38.86, Monetary: 22.35}, {X: 0, Tx: 0, T: 38.86}}, true},
		{"any order, spaces, other columns", " T , monetary_value,phone, frequency ,recency\n 40, 18.5 ,13800000000, 3 , 20 \n",
			[]Summary{{X: 3, Tx: 20, T: 40, Monetary: 18.5}}, true},
		{"header only", "frequency,recency,T\n", nil, false},
	}
	for _, c := range cases {
		got, monetary, err := ReadSummaryCSV(strings.NewReader(c.text))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if monetary != c.monetary || len(got) != len(c.want) {
			t.Errorf("%s: read %+v (monetary %v), want %+v (monetary %v)", c.name, got, monetary, c.want, c.monetary)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: row %d is %+v, want %+v", c.name, i+1, got[i], c.want[i])
			}
		}
	}
}

func TestReadSummaryCSVErrorsNameTheLine(t *testing.T) {
	cases := []struct{ name, text, says string }{
		{"empty", "", "空"},
		{"missing column", "ID,frequency,T\n1,2,3\n", "缺少 recency"},
		{"twice", "x,frequency,recency,T\n", "frequency 列出现了两次"},
		{"not a number", "frequency,recency,T\n1,2,3\n1,abc,3\n", "第 3 行：recency 列的“abc”不是数字"},
		{"empty cell", "frequency,recency,T\n1,,3\n", "第 2 行：recency"},
		{"NaN", "frequency,recency,T\nNaN,0,3\n", "第 2 行：frequency"},
		{"recency beyond age", "frequency,recency,T\n1,2,3\n\n2,5,4\n", "第 4 行"},
		{"fraction", "frequency,recency,T\n0.5,2,3\n", "非负整数"},
		{"negative", "frequency,recency,T\n-1,0,3\n", "非负整数"},
		{"no spend", "frequency,recency,T,monetary_value\n2,2,3,0\n", "第 2 行：有重复购买的客户平均消费额应为正数"},
		{"short row", "frequency,recency,T\n1,2\n", "第 2 行：列数与表头不一致"},
		{"quote", "frequency,recency,T\n1,\"2,3\n", "引号不配对"},
	}
	for _, c := range cases {
		_, _, err := ReadSummaryCSV(strings.NewReader(c.text))
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.says)
		}
	}
}
