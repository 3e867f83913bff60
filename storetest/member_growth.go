package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

func testMemberGrowth(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	campaignFixtures(t, s)
	actor := postcrm.Actor{User: "S1002"}
	// Targets: the office manager sets their staff's, the city manager the offices'.
	must[struct{}](t)(struct{}{}, s.SetMemberTarget(ctx, scChangan, postcrm.MemberTarget{Month: 202411, OfficeCode: "13010001", StaffID: "S1001", Target: 5}, actor))
	must[struct{}](t)(struct{}{}, s.SetMemberTarget(ctx, scChangan, postcrm.MemberTarget{Month: 202411, OfficeCode: "13010001", StaffID: "S1002", Target: 3}, actor))
	must[struct{}](t)(struct{}{}, s.SetMemberTarget(ctx, scSjzCity, postcrm.MemberTarget{Month: 202411, OfficeCode: "13010001", Target: 20}, actor))
	must[struct{}](t)(struct{}{}, s.SetMemberTarget(ctx, scSjzCity, postcrm.MemberTarget{Month: 202411, OfficeCode: "13010001", Target: 12}, actor))
	for _, bad := range []struct {
		sc postcrm.Scope
		t  postcrm.MemberTarget
	}{
		{scZhangWei, postcrm.MemberTarget{Month: 202411, OfficeCode: "13010001", StaffID: "S1001", Target: 9}},
		{scChangan, postcrm.MemberTarget{Month: 202411, OfficeCode: "13010001", Target: 9}},
		{scChangan, postcrm.MemberTarget{Month: 202411, OfficeCode: "13010002", StaffID: "S1003", Target: 9}},
		{scTsCity, postcrm.MemberTarget{Month: 202411, OfficeCode: "13010001", Target: 9}},
	} {
		if err := s.SetMemberTarget(ctx, bad.sc, bad.t, actor); !errors.Is(err, postcrm.ErrNotAllowed) {
			t.Errorf("%+v set %+v: %v", bad.sc, bad.t, err)
		}
	}
	if err := s.SetMemberTarget(ctx, scChangan, postcrm.MemberTarget{Month: 202411, OfficeCode: "13010001", StaffID: "S2001", Target: 1}, actor); giftCode(err) != postcrm.CodeTargetStaff {
		t.Errorf("a target for another office's courier: %v", err)
	}
	line := func(cs []postcrm.MemberCount) string {
		var out string
		for _, c := range cs {
			out += fmt.Sprintf("%s/%s(%s):%d/%d ", c.OfficeCode, c.StaffID, c.StaffName, c.Members, c.Target)
		}
		return out
	}
	for _, tc := range []struct {
		sc   postcrm.Scope
		want string
	}{
		{scProvince, "13010001/S1001(张伟):2/5 13020001/S2001(刘洋):1/0 13010001/S1002(王芳):0/3 "},
		{scSjzCity, "13010001/S1001(张伟):2/5 13010001/S1002(王芳):0/3 "},
		{scZhangWei, "13010001/S1001(张伟):2/5 "},
		{scLiuYang, "13020001/S2001(刘洋):1/0 "},
	} {
		if got := line(must[[]postcrm.MemberCount](t)(s.MemberCounts(ctx, tc.sc, 202411))); got != tc.want {
			t.Errorf("%+v: members %s, want %s", tc.sc, got, tc.want)
		}
	}
	if got := must[[]postcrm.MemberTarget](t)(s.MemberTargets(ctx, scChangan, 202411)); fmt.Sprint(got) != "[{2024-11 13010001  12}]" {
		t.Errorf("office targets: %v", got)
	}
	if got := must[[]postcrm.MemberTarget](t)(s.MemberTargets(ctx, scTsCity, 202411)); len(got) != 0 {
		t.Errorf("唐山 reads 石家庄's targets: %v", got)
	}
	// Conversion: 长安's walk-in phones of November were 13700000011 and
	// 13700000012 (new members) and 13600000001 (a member since 2024-02,
	// left out); 路南's, 13700000013.
	conv := func(sc postcrm.Scope) string {
		var out string
		for _, c := range must[[]postcrm.Conversion](t)(s.Conversions(ctx, sc, 202411)) {
			out += fmt.Sprintf("%s:%d/%d ", c.OfficeCode, c.Joined, c.Phones)
		}
		return out
	}
	if got := conv(scProvince); got != "13010001:2/2 13020001:1/1 " {
		t.Errorf("conversions: %s", got)
	}
	if got := conv(scChangan); got != "13010001:2/2 " {
		t.Errorf("长安's conversions: %s", got)
	}
	if got := conv(scZhangWei); got != "" {
		t.Errorf("a courier's conversions: %s", got)
	}
	// The measurement's reads.
	days := must[[]postcrm.OfficeDay](t)(s.OfficeDays(ctx, 20241101, 20241130))
	var members int
	var fen int64
	for _, d := range days {
		members += d.Members
		fen += d.WalkinFen
	}
	if members != 3 || fen != 7*1200 {
		t.Errorf("office days: %d members, %d fen; want 3, 8400", members, fen)
	}
	rs, last, err := s.MemberReturns(ctx, 20241101, 20241130)
	if err != nil {
		t.Fatal(err)
	}
	next := map[string]postcrm.Date{}
	for _, r := range rs {
		next[r.Phone] = r.NextShip
	}
	if last != 20241110 || fmt.Sprint(next) != "map[13700000011:2024-11-08 13700000012:2024-11-09 13700000013:]" {
		t.Errorf("returns: %v, last day %s", next, last)
	}
}
