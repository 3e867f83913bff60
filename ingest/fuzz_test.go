package ingest

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"postcrm"
)

func FuzzTable(f *testing.F) {
	for _, seed := range []string{
		"a,b\n1,2\n",
		"邮件号,备注\r\n\"多\r\n行\",x\r\n\r\n,,\r\n3,\"4\"\"\"\n",
		"\xEF\xBB\xBFa\tb\n1\t2\n",
		"\xFF\xFEa\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00",
		"\xd3\xca\xbc\xfe\xba\xc5\n1\n\x81",
		"a,\"b\n1,2",
		"=\"0012\",x\n",
		"PK\x03\x04garbage",
		"",
	} {
		f.Add([]byte(seed))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, content []byte) {
		path := filepath.Join(dir, "fuzz.csv")
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		tab, err := OpenTable(path)
		if err != nil {
			return
		}
		defer tab.Close()
		last := 0
		for {
			row, err := tab.Next()
			if err != nil {
				if !errors.Is(err, io.EOF) && err.Error() == "" {
					t.Fatal("an error without a message")
				}
				break
			}
			if row.Line <= last {
				t.Fatalf("line %d after line %d", row.Line, last)
			}
			last = row.Line
			blank := true
			for _, f := range row.Fields {
				blank = blank && f == ""
			}
			if blank {
				t.Fatalf("blank row on line %d", row.Line)
			}
		}
		if done, total := tab.Progress(); total != 0 && done > total {
			t.Fatalf("progress %d of %d", done, total)
		}
	})
}

var (
	mobileOrLandline = regexp.MustCompile(`^(1[3-9][0-9]{9}|0[1-9][0-9]{8,10})$`)
	validPayments    = map[postcrm.Payment]bool{postcrm.PaymentCash: true, postcrm.PaymentMonthly: true}
	validChannels    = map[postcrm.Channel]bool{postcrm.ChannelCounter: true, postcrm.ChannelPickup: true,
		postcrm.ChannelEChannel: true, postcrm.ChannelMiniProgram: true}
)

func FuzzParseWaybill(f *testing.F) {
	f.Add("1190000000001", "2025-03-08 14:30:00", "13000101", "S1001", "", "13812345678", "350.6", "12.5", "现结", "营业厅")
	f.Add("A2", "2025/3/8 9:05", "13000102", "S9999", "KH0001", "", "", "0.345", "monthly", "PICKUP")
	f.Add("A3", "45724.604166666664", "13020101", "", "", "+86 311 8612 3456", "1e3", "¥1,234.5", "月结", "小程序")
	f.Add("", "2025-13-45 25:00", "1300010", "S1", "KH9", "12", "-1", "10000.01", "刷卡", "快递柜")
	f.Add("A5", "2030-01-01 00:00:00", "13000101", "S1001", "", "", "1000000.5", "-0.0", "cash", "echannel")
	ref := testRef()
	csvParser, err := NewParser(postcrm.KindWaybills, &Table{Header: waybillHeader, Source: "f.csv"}, ref, testNow)
	if err != nil {
		f.Fatal(err)
	}
	xlsxParser, err := NewParser(postcrm.KindWaybills, &Table{Header: waybillHeader, Source: "f.xlsx", serialEpoch: excelEpoch1900}, ref, testNow)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, no, at, office, courier, customer, phone, weight, postage, payment, channel string) {
		for _, p := range []*Parser{csvParser, xlsxParser} {
			// In waybillHeader's order.
			fields := []string{no, at, office, courier, customer, phone, "标准快递", weight, postage, payment, channel, "北京"}
			var b postcrm.Batch
			reject, rejected := p.Parse(Row{Line: 7, Fields: fields}, &b)
			if rejected {
				if len(b.Waybills) != 0 || len(b.Findings) != 1 || b.Findings[0] != reject ||
					!reject.Rejected || reject.Reason == "" || reject.Message == "" || reject.Field == "" || reject.Line != 7 {
					t.Fatalf("rejected row gave waybills %+v, findings %+v", b.Waybills, b.Findings)
				}
				continue
			}
			if len(b.Waybills) != 1 {
				t.Fatalf("kept row gave %d waybills", len(b.Waybills))
			}
			for _, finding := range b.Findings {
				if finding.Rejected {
					t.Fatalf("kept row has a rejecting finding %+v", finding)
				}
			}
			checkWaybillInvariants(t, b.Waybills[0], ref)
		}
	})
}

func checkWaybillInvariants(t *testing.T, w postcrm.Waybill, ref postcrm.RefData) {
	t.Helper()
	_, officeKnown := ref.Offices[w.OfficeCode]
	_, customerKnown := ref.Customers[w.CustomerCode]
	_, courierKnown := ref.Staff[w.CourierStaffID]
	switch {
	case w.No == "":
		t.Fatal("kept a waybill without number")
	case w.PostageFen < 0 || w.PostageFen > 1_000_000:
		t.Fatalf("postage %d fen", w.PostageFen)
	case w.WeightG < 0 || w.WeightG > 1_000_000:
		t.Fatalf("weight %d g", w.WeightG)
	case !validPayments[w.Payment] || !validChannels[w.Channel]:
		t.Fatalf("payment %q, channel %q", w.Payment, w.Channel)
	case !officeKnown:
		t.Fatalf("unknown office %q kept", w.OfficeCode)
	case w.CustomerCode != "" && !customerKnown, w.CourierStaffID != "" && !courierKnown:
		t.Fatalf("unknown customer %q or courier %q kept", w.CustomerCode, w.CourierStaffID)
	case w.SenderPhone != "" && !mobileOrLandline.MatchString(w.SenderPhone):
		t.Fatalf("sender phone %q kept", w.SenderPhone)
	case w.AcceptedAt.Location() != postcrm.ChinaTime || w.AcceptedAt.Year() < 2000 || w.AcceptedAt.After(testNow.Add(24*time.Hour)):
		t.Fatalf("accepted at %v", w.AcceptedAt)
	case w.AcceptedAt.Nanosecond() != 0:
		t.Fatalf("accepted at %v has fractions of a second", w.AcceptedAt)
	}
}
