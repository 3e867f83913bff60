package storetest

import (
	"context"
	"reflect"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

func suspensions(t *testing.T, s *sqlstore.Store) []postcrm.Suspension {
	t.Helper()
	return must[[]postcrm.Suspension](t)(s.Suspensions(context.Background()))
}

func expectSuspensions(t *testing.T, what string, s *sqlstore.Store, want []postcrm.Suspension) {
	t.Helper()
	if got := suspensions(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

func testSuspensions(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	save := func(sp postcrm.Suspension) {
		t.Helper()
		if err := s.SaveSuspension(ctx, sp); err != nil {
			t.Fatalf("save suspension %+v: %v", sp, err)
		}
	}
	flood := postcrm.Suspension{OfficeCode: "13020001", From: 20240728, To: 20240805, Reason: "暴雨内涝，营业部进水，暂停收寄"}
	epidemic := postcrm.Suspension{OfficeCode: "13020001", From: 20221101, To: 20221130, Reason: "疫情封控，暂停收寄服务"}
	snow := postcrm.Suspension{OfficeCode: "13010002", From: 20240220, To: 20240220, Reason: "暴雪封路，揽投员无法出班"}
	// Saved out of order, so that the listing must sort them.
	save(flood)
	save(snow)
	save(epidemic)
	expectSuspensions(t, "saved", s, []postcrm.Suspension{snow, epidemic, flood})

	flood.To, flood.Reason = 20240810, "暴雨内涝，营业部设备受损，延长暂停收寄"
	save(flood)
	expectSuspensions(t, "flood extended", s, []postcrm.Suspension{snow, epidemic, flood})

	if err := s.DeleteSuspension(ctx, epidemic.OfficeCode, epidemic.From); err != nil {
		t.Fatalf("delete suspension: %v", err)
	}
	expectSuspensions(t, "epidemic deleted", s, []postcrm.Suspension{snow, flood})
	if err := s.DeleteSuspension(ctx, epidemic.OfficeCode, epidemic.From); err != nil {
		t.Errorf("deleting a deleted suspension: %v", err)
	}
	// Another office's suspension from the same day stays.
	if err := s.DeleteSuspension(ctx, "13010001", snow.From); err != nil {
		t.Errorf("deleting a suspension never saved: %v", err)
	}
	expectSuspensions(t, "nothing more deleted", s, []postcrm.Suspension{snow, flood})
}

func testSuspensionsRejected(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	kept := postcrm.Suspension{OfficeCode: "13010001", From: 20240301, To: 20240305, Reason: "营业部装修，暂停收寄"}
	if err := s.SaveSuspension(ctx, kept); err != nil {
		t.Fatal(err)
	}
	// Each would replace kept if it were stored.
	bad := map[string]postcrm.Suspension{
		"no office":            {From: kept.From, To: kept.To, Reason: kept.Reason},
		"30 February":          {OfficeCode: kept.OfficeCode, From: 20240230, To: kept.To},
		"no first day":         {OfficeCode: kept.OfficeCode, To: kept.To},
		"month 13 as last day": {OfficeCode: kept.OfficeCode, From: kept.From, To: 20241301},
		"no last day":          {OfficeCode: kept.OfficeCode, From: kept.From},
		"ending before it starts": {OfficeCode: kept.OfficeCode, From: kept.From, To: kept.From.AddDays(-1),
			Reason: "结束日期早于开始日期"},
	}
	for what, sp := range bad {
		if err := s.SaveSuspension(ctx, sp); err == nil {
			t.Errorf("saving a suspension with %s succeeded", what)
		}
		expectSuspensions(t, "after saving one with "+what, s, []postcrm.Suspension{kept})
	}
}
