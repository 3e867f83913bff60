// Package report computes the monthly reports of the marketing
// department ("三表一报" and the rest) from a store's rollups: each report
// loads what it needs through a Source and hands plain
// slices to a pure function that builds a postcrm.Report, so that every
// figure can be tested on hand-made data without a database.
package report

import (
	"context"
	"fmt"

	"postcrm"
	"postcrm/followup"
)

// Request is what a report is asked for.
type Request struct {
	Month postcrm.Month
	Day   postcrm.Date // the evening-meeting board's day
	Scope Scope
	// Measurements caches the measurement behind the follow-up columns
	// for whoever builds reports often (the web server); nil measures
	// through a cache of this request alone (the store keeps the
	// measurement either way).
	Measurements *followup.Cache
}

func (r Request) measurements() *followup.Cache {
	if r.Measurements == nil {
		return &followup.Cache{}
	}
	return r.Measurements
}

// spec is one report: its name on the command line, its title, and how
// it is built.
type spec struct {
	name, title string
	build       func(ctx context.Context, src Source, req Request, o *org) (postcrm.Report, error)
}

var specs = []spec{
	{"login", "CRM 系统登录情况表", buildLogin},
	{"quality", "数据质量报表", buildQuality},
	{"ownership", "协议客户管户报表", buildOwnership},
	{"bulletin", "全省邮政寄递业务协议客户发展情况通报", buildBulletin},
	{"evening", "夕会看板", buildEvening},
	{"revenue", "寄递收入结构", buildRevenue},
}

// Names lists the reports in their usual order.
func Names() []string {
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = s.name
	}
	return names
}

// Title is a report's Chinese title, "" for an unknown name.
func Title(name string) string {
	for _, s := range specs {
		if s.name == name {
			return s.title
		}
	}
	return ""
}

// Build computes the named report.
func Build(ctx context.Context, src Source, name string, req Request) (postcrm.Report, error) {
	for _, s := range specs {
		if s.name != name {
			continue
		}
		o, err := loadOrg(ctx, src)
		if err != nil {
			return postcrm.Report{}, err
		}
		if err := o.check(req.Scope); err != nil {
			return postcrm.Report{}, err
		}
		r, err := s.build(ctx, src, req, o)
		if err != nil {
			return postcrm.Report{}, fmt.Errorf("%s: %w", s.title, err)
		}
		r.Title = s.title
		return r, nil
	}
	return postcrm.Report{}, fmt.Errorf("没有“%s”这张报表，可用的有 %v", name, Names())
}

// DefaultMonth is the last complete month in the data: the month of the
// last day with items when that day ends its month, else the month before.
func DefaultMonth(ctx context.Context, src Source) (postcrm.Month, error) {
	last, err := src.LastDataDay(ctx)
	if err != nil {
		return 0, err
	}
	if last == 0 {
		return 0, fmt.Errorf("数据库里还没有收寄数据，请用 --month 指定月份")
	}
	return CompleteMonth(last), nil
}

// CompleteMonth is the last complete month up to last, the latest day
// with data: last's month when last ends it, else the month before.
func CompleteMonth(last postcrm.Date) postcrm.Month {
	if last.AddDays(1).Month() != last.Month() {
		return last.YearMonth()
	}
	return last.YearMonth().Add(-1)
}

// monthName is 2026年6月.
func monthName(m postcrm.Month) string { return fmt.Sprintf("%d年%d月", m.Year(), m.Month()) }

// newReport starts a report with its period and scope; Build sets the title.
func newReport(name string, period string, o *org, sc Scope) postcrm.Report {
	return postcrm.Report{Name: name, Period: period, Scope: o.scopeName(sc)}
}
