package main

import (
	"context"
	"fmt"
	"path/filepath"

	"postcrm"
	"postcrm/contest"
	"postcrm/demo"
	"postcrm/sqlstore"
)

// demoContest sets up a knowledge contest of six teams with the demo's
// question bank, written as XLSX and imported the way a branch would.
func demoContest(ctx context.Context, e *env, s *sqlstore.Store, dir string) error {
	path := filepath.Join(dir, "竞赛题库.xlsx")
	if err := demo.WriteContestBank(path); err != nil {
		return err
	}
	qs, bad, err := contest.ReadBank(path)
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return fmt.Errorf("%s: %s", path, bad[0])
	}
	hub := contest.NewHub(s, nil)
	defer hub.Close()
	a := postcrm.Actor{User: "demo"}
	c, err := hub.Create(ctx, "全省业务知识竞赛（演示）", contest.SampleRules, demo.ContestTeams, a)
	if err != nil {
		return err
	}
	if err := s.SaveContestQuestions(ctx, c.ID, qs, a); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "知识竞赛：6 个队、%d 道题（%s），加入码 %s：主持台 /contest/%s/host，大屏幕 /contest/%s/screen，抢答器 /b/%s\n",
		len(qs), path, c.Code, c.Code, c.Code, c.Code)
	return nil
}
