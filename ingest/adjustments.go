package ingest

import (
	"context"
	"fmt"

	"postcrm"
)

// NameSource is what the names an adjustment may use are read from.
type NameSource interface {
	MixValues(ctx context.Context, dim string) ([]string, error)
}

// AdjustmentNames gathers the names an adjustment's row or form is
// checked against: the cities and offices of ref, the provinces of the
// country and those the waybills name, the products the waybills name.
func AdjustmentNames(ctx context.Context, src NameSource, ref postcrm.RefData) (postcrm.AdjustmentKnown, error) {
	k := refNames(ref)
	for dim, set := range map[string]map[string]bool{"d": k.Provinces, "p": k.Products} {
		vs, err := src.MixValues(ctx, dim)
		if err != nil {
			return k, fmt.Errorf("读取收寄明细里的寄达省和产品: %w", err)
		}
		for _, v := range vs {
			set[v] = true
		}
	}
	return k, nil
}

// refNames are the names ref and the country's provinces give; no
// product is known without the waybills.
func refNames(ref postcrm.RefData) postcrm.AdjustmentKnown {
	k := postcrm.AdjustmentKnown{Cities: map[string]bool{}, Offices: map[string]bool{}, Provinces: map[string]bool{}, Products: map[string]bool{}}
	for code, city := range ref.Offices {
		k.Offices[code] = true
		if city != "" {
			k.Cities[city] = true
		}
	}
	for _, p := range postcrm.Provinces {
		k.Provinces[p] = true
	}
	return k
}

// adjustmentFields maps the domain's field names to the register's
// columns, for the reasons of a rejected row.
var adjustmentFields = map[string]int{"id": adjID, "scope": adjScope, "kind": adjKind,
	"provinces": adjProvinces, "products": adjProducts, "from": adjFrom, "to": adjTo}

// parseAdjustment reads a row of the adjustments register (收寄政策调整
// 登记). Dates may lie ahead (announced adjustments); an empty 结束日期
// is an adjustment still in force. The first rule the row breaks rejects
// it, named by its column.
func (p *Parser) parseAdjustment(ch *rowCheck, b *postcrm.Batch) {
	a := postcrm.Adjustment{
		ID:        ch.required(adjID),
		Scope:     ch.required(adjScope),
		Provinces: postcrm.SplitList(ch.value(adjProvinces)),
		Products:  postcrm.SplitList(ch.value(adjProducts)),
		From:      ch.date(adjFrom, dateRequired),
		To:        ch.date(adjTo, dateOptional),
		Reason:    ch.value(adjReason),
	}
	kind := ch.required(adjKind)
	if ch.rejected {
		return
	}
	if p.rights != nil {
		ch.failWith(adjScope, postcrm.ReasonNotPermitted, "收寄政策调整登记由省市场部导入；地市请在“收寄政策调整”页面起草")
		return
	}
	var ok bool
	if a.Kind, ok = postcrm.ParseAdjustmentKind(kind); !ok {
		ch.fail(adjKind, postcrm.ReasonBadEnum, "%s“%s”不认识，应为 暂停收寄、限制寄达 或 限制产品")
		return
	}
	if errs := postcrm.Errors(a.Validate(p.known)); len(errs) > 0 {
		e := errs[0]
		ch.failWith(adjustmentFields[e.Field], adjustmentReason(e.Code), e.Message)
		return
	}
	b.Adjustments = append(b.Adjustments, a)
}

// adjustmentReason is the finding's reason for a broken rule.
func adjustmentReason(code string) postcrm.Reason {
	switch code {
	case postcrm.CodeAdjustScopeUnknown:
		return postcrm.ReasonUnknownOffice
	case postcrm.CodeAdjustProvinceUnknown, postcrm.CodeAdjustProductUnknown, postcrm.CodeAdjustKindUnknown:
		return postcrm.ReasonBadEnum
	case postcrm.CodeAdjustToBeforeFrom:
		return postcrm.ReasonBadDate
	case postcrm.CodeAdjustTooLong:
		return postcrm.ReasonAbsurd
	}
	return postcrm.ReasonMissingField
}
