package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// TestPolicyNotifyCommand: an adjustment approved ahead of its first day
// is told by `policy notify` on that day only, and once.
func TestPolicyNotifyCommand(t *testing.T) {
	dir := t.TempDir()
	importOrg(t, dir)
	withTestStore(t, dir, func(s *sqlstore.Store) {
		a := postcrm.Adjustment{ID: "TZ27-01", Scope: "衡水市", Kind: postcrm.AdjustDestination, Provinces: []string{"上海"}, From: 20270310}
		at := time.Date(2027, 3, 5, 22, 0, 0, 0, postcrm.ChinaTime)
		for _, st := range []struct{ step, prior postcrm.AdjustmentStatus }{
			{postcrm.AdjustDrafted, ""}, {postcrm.AdjustSubmitted, postcrm.AdjustDrafted}, {postcrm.AdjustApproved, postcrm.AdjustSubmitted}} {
			a.Status = st.step
			if err := s.RecordAdjustment(context.Background(), a, postcrm.AdjustmentStep{Step: st.step, Actor: "P0001", At: at}, st.prior); err != nil {
				t.Fatal(err)
			}
		}
	})
	for _, c := range []struct{ day, want string }{
		{"2027-03-09", "新写入 0 条"}, {"2027-03-10", "新写入 1 条"}, {"2027-03-10", "新写入 0 条"}, {"2027-03-11", "新写入 0 条"}} {
		out, err := runCLI(t, dir, "policy", "notify", "--today", c.day)
		if err != nil || !strings.Contains(out, c.want) {
			t.Errorf("policy notify --today %s: %v %q, want %s", c.day, err, out, c.want)
		}
	}
	if _, err := runCLI(t, dir, "policy"); err == nil || !strings.Contains(err.Error(), "用法: postcrm policy notify") {
		t.Errorf("policy without notify: %v", err)
	}
}
