package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/problem"
	"postcrm/sqlstore"
)

// TestProblemsRemindCommand: an overdue problem's owner is reminded
// through the outbox once a week, however often `problems remind`
// runs, and the robot gets the reminder's wording.
func TestProblemsRemindCommand(t *testing.T) {
	dir := t.TempDir()
	importOrg(t, dir)
	due := postcrm.DateOf(time.Now()).AddDays(1)
	withTestStore(t, dir, func(s *sqlstore.Store) {
		sc := postcrm.Scope{Role: postcrm.RoleOfficeManager, City: "衡水市", OfficeCode: "05300001", StaffID: "H001"}
		_, err := s.RaiseProblem(context.Background(), sc, problem.Problem{Title: "人民路退件无人跟", Source: problem.FromVisit,
			Unit: problem.Unit{Level: problem.LevelOffice, OfficeCode: "05300001"}, Owner: "H001", DueOn: due}, postcrm.Actor{User: "H001"})
		if err != nil {
			t.Fatal(err)
		}
	})
	arrived := make(chan string, 10)
	robot := robotServer(t, arrived)
	cli := func(args ...string) string {
		t.Helper()
		out, err := runCLI(t, dir, args...)
		if err != nil {
			t.Fatalf("postcrm %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	cli("notices", "webhook", "set", "--office", "05300001", "--url", robot)
	for day, want := range map[int]string{0: "新写入 0 条", 1: "新写入 1 条"} {
		if out := cli("problems", "remind", "--today", due.AddDays(day).String()); !strings.Contains(out, want) {
			t.Errorf("day %d: %s", day, out)
		}
	}
	if out := cli("problems", "remind", "--today", due.AddDays(5).String()); !strings.Contains(out, "新写入 0 条") {
		t.Errorf("again in the same week: %s", out)
	}
	if out := cli("problems", "remind", "--today", due.AddDays(8).String()); !strings.Contains(out, "新写入 1 条") {
		t.Errorf("a week on: %s", out)
	}
	cli("notices", "send")
	if len(arrived) != 2 {
		t.Fatalf("the robot got %d messages, want 2", len(arrived))
	}
	if got := <-arrived; !strings.HasPrefix(got, "**问题整改逾期**　周涛\n> 问题：**人民路退件无人跟**") {
		t.Errorf("message: %q", got)
	}
	if got := <-arrived; !strings.HasPrefix(got, "**问题整改逾期（第 2 次提醒）**　周涛") {
		t.Errorf("second message: %q", got)
	}
	if out := cli("problems", "list"); !strings.Contains(out, "人民路退件无人跟") || !strings.Contains(out, "提出") {
		t.Errorf("list: %s", out)
	}
}
