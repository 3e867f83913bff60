package main

import (
	"context"
	"fmt"

	"postcrm"
	"postcrm/followup"
)

// measuredStore is what warming the measurements reads: the follow-up
// measurement's source and the latest analysed month.
type measuredStore interface {
	followup.VersionedSource
	LatestWarningMonth(ctx context.Context, sc postcrm.Scope) (postcrm.Month, error)
}

// warmMeasurements measures the follow-up that analysing month makes
// measurable or changes, keeping each measurement in the store, so that
// the effect page and the reports open without analysing. It lists what
// it measured as "2026-08 +1".
func warmMeasurements(ctx context.Context, s measuredStore, month postcrm.Month) ([]string, error) {
	latest, err := s.LatestWarningMonth(ctx, postcrm.Scope{Role: postcrm.RoleProvinceAdmin})
	if err != nil {
		return nil, err
	}
	done, err := new(followup.Cache).Warm(ctx, s, month, latest)
	var out []string
	for _, d := range done {
		out = append(out, d.String())
	}
	if err != nil {
		return out, fmt.Errorf("预先计算跟进成效: %w", err)
	}
	return out, nil
}
