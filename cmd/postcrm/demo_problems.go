package main

import (
	"context"
	"fmt"
	"time"

	"postcrm"
	"postcrm/problem"
	"postcrm/sqlstore"
)

// demoProblems puts two problems on the demo's problem list (领题破题),
// so that the pages show it alive: the office manager's office's warnings
// to bring down, owned by the demo courier with a measure under way, and
// the city's walk-in cash revenue to raise, owned by the city manager.
// Due dates count from today, as a real list would. A demo run again on
// the same store adds none.
func demoProblems(ctx context.Context, e *env, s *sqlstore.Store, accounts []postcrm.User) error {
	by := map[postcrm.Role]postcrm.User{}
	for _, u := range accounts {
		by[u.Role] = u
	}
	courier, office, city := by[postcrm.RoleCourier], by[postcrm.RoleOfficeManager], by[postcrm.RoleCityManager]
	if courier.Name == "" || office.Name == "" || city.Name == "" {
		return nil
	}
	if open, err := s.OpenProblems(ctx); err != nil || len(open) > 0 {
		return err // a demo run again keeps the list it made
	}
	today := postcrm.DateOf(time.Now())
	scope := func(u postcrm.User) postcrm.Scope {
		sc := postcrm.ScopeOf(u)
		sc.StaffID = u.Name
		return sc
	}
	act := func(u postcrm.User) postcrm.Actor { return postcrm.Actor{User: u.Name, Addr: "demo"} }
	p, err := s.RaiseProblem(ctx, scope(office), problem.Problem{Title: "本营业部发件量下滑的协议客户偏多",
		Description: "近几个月预警客户数居高不下，多数是电商客户转投同行，管户人回访不及时。", Source: problem.FromReport,
		Unit: problem.Unit{Level: problem.LevelOffice, OfficeCode: office.OfficeCode}, Owner: courier.Name, DueOn: today.AddDays(30),
		Watch: problem.Watch{Figure: problem.FigWarnings, Direction: problem.AtMost, Target: 10}}, act(office))
	if err != nil {
		return fmt.Errorf("演示问题: %w", err)
	}
	if _, err := s.StepProblem(ctx, scope(courier), p.ID, problem.Step{Action: problem.ActClaim}, act(courier)); err != nil {
		return fmt.Errorf("演示问题: %w", err)
	}
	if _, err := s.AddMeasure(ctx, scope(courier), p.ID, problem.Measure{Text: "预警客户三天内上门回访，电商客户报优惠价",
		Owner: courier.Name, DueOn: today.AddDays(14)}, act(courier)); err != nil {
		return fmt.Errorf("演示问题: %w", err)
	}
	if _, err := s.StepProblem(ctx, scope(courier), p.ID, problem.Step{Action: problem.ActStart}, act(courier)); err != nil {
		return fmt.Errorf("演示问题: %w", err)
	}
	_, err = s.RaiseProblem(ctx, scope(city), problem.Problem{Title: city.City + "现费散户收入下滑", Source: problem.FromReport,
		Description: "通报表显示现费散户收入占比同比下降，营业厅散户流失。", Unit: problem.Unit{Level: problem.LevelCity, City: city.City},
		Owner: city.Name, DueOn: today.AddDays(60), Watch: problem.Watch{Figure: problem.FigWalkinRevenue, Direction: problem.AtLeast, Target: 500000}}, act(city))
	if err != nil {
		return fmt.Errorf("演示问题: %w", err)
	}
	fmt.Fprintln(e.stdout, "领题破题：演示问题 2 个（营业部 1 个整改中，地市 1 个待认领）。")
	return nil
}
