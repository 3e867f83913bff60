package campaign

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"postcrm"
	"postcrm/ingest"
)

// A list of gifts handed out (an office's paper register typed up, or a
// partner's export) is imported through ingest's reader: CSV in UTF-8 or
// GB18030 or an XLSX workbook, the header in Chinese or English, found in
// the first rows. Each row is a gift judged by the campaign's rule as the
// counter's form is; a refused row goes to the rejects file with the rule
// that refused it, the rest are recorded. A row whose waybill already has
// the campaign's gift is counted as already recorded, so that importing
// the same file again changes nothing.

// giftColumns are the columns a gift list needs, by their Chinese and
// English names.
var giftColumns = []struct{ zh, en string }{{"手机号", "phone"}, {"运单号", "waybill_no"}}

// maxTitleRows is how many title or note rows may precede the header, as
// in the other imports.
const maxTitleRows = 5

// GiftImport is what an import of a gift list did.
type GiftImport struct {
	Source   string
	Read     int // data rows
	Recorded int
	Already  int // the waybill had the campaign's gift: nothing changed
	Rejected []postcrm.Finding
}

// ImportGifts records the gifts listed in the file at path (named source
// for its user) for campaign id, by actor a within scope sc; the refused
// rows go to a rejects file at rejectsPath (none without one refused, or
// with rejectsPath empty), as the other imports write theirs.
func ImportGifts(ctx context.Context, s Store, sc postcrm.Scope, a postcrm.Actor, id int64, path, source, rejectsPath string) (res GiftImport, err error) {
	res.Source = source
	t, err := ingest.OpenTableAs(path, source)
	if err != nil {
		return res, err
	}
	defer t.Close()
	cols, header, err := findGiftHeader(t)
	if err != nil {
		return res, err
	}
	var rejects *ingest.RejectsWriter
	if rejectsPath != "" {
		rejects = ingest.NewRejectsWriter(rejectsPath, header)
		defer func() { err = errors.Join(err, rejects.Close()) }()
	}
	for {
		row, err := t.Next()
		if errors.Is(err, io.EOF) {
			return res, nil
		}
		if err != nil {
			return res, err
		}
		if err := ctx.Err(); err != nil {
			return res, err
		}
		res.Read++
		value := func(i int) string {
			if cols[i] < len(row.Fields) {
				return strings.TrimSpace(row.Fields[cols[i]])
			}
			return ""
		}
		g := postcrm.Gift{CampaignID: id, Phone: value(0), WaybillNo: value(1), Source: postcrm.GiftImported}
		f := postcrm.Finding{Source: source, Line: row.Line, Record: g.WaybillNo, Rejected: true}
		switch {
		case row.BadQuotes:
			f.Reason, f.Message = postcrm.ReasonBadQuotes, "这一行的引号不成对"
		case g.Phone == "":
			f.Field, f.Reason, f.Message = "手机号", postcrm.ReasonMissingField, "手机号为空"
		case g.WaybillNo == "":
			f.Field, f.Reason, f.Message = "运单号", postcrm.ReasonMissingField, "运单号为空"
		default:
			_, err := s.RecordGift(ctx, sc, g, a)
			es := postcrm.Errors(err)
			switch {
			case err == nil:
				res.Recorded++
				continue
			case len(es) > 0 && es[0].Code == postcrm.CodeGiftWaybillUsed:
				res.Already++
				continue
			case errors.Is(err, postcrm.ErrNotFound) && len(es) == 0:
				return res, err // the campaign itself is not the user's
			case len(es) == 0:
				return res, err
			}
			f.Field, f.Reason, f.Message, f.Value = "运单号", postcrm.ReasonCampaignRule, es[0].Message, g.WaybillNo
			if es[0].Field == "phone" {
				f.Field, f.Value = "手机号", g.Phone
			}
			if es[0].Code == postcrm.CodeGiftPhone {
				f.Reason = postcrm.ReasonBadPhone
			}
		}
		res.Rejected = append(res.Rejected, f)
		if rejects != nil {
			if err := rejects.Write(f, row); err != nil {
				return res, err
			}
		}
	}
}

// findGiftHeader finds the header among the table's first rows and
// returns the column of each of giftColumns, and the header.
func findGiftHeader(t *ingest.Table) ([]int, []string, error) {
	header := t.Header
	for range maxTitleRows + 1 {
		cols := make([]int, len(giftColumns))
		found := 0
		for i, c := range giftColumns {
			cols[i] = -1
			for j, h := range header {
				if h == c.zh || strings.EqualFold(h, c.en) {
					cols[i] = j
					found++
					break
				}
			}
		}
		if found == len(giftColumns) {
			return cols, header, nil
		}
		row, err := t.Next()
		if err != nil {
			break
		}
		header = append([]string(nil), row.Fields...)
	}
	return nil, nil, fmt.Errorf("文件“%s”找不到表头：要有“手机号”和“运单号”两列（或 phone、waybill_no）", t.Source)
}
