// Package hub is the mail-hub backlog board (中心积压看板) and the
// volunteer shift roster (志愿者排班): the vehicles queueing at a
// processing hub's docks, the hub's hourly counts, the volunteers the
// branches send, and the board and projection computed from them as of
// any moment. See docs/hub.md.
package hub

import (
	"errors"
	"strings"
	"time"

	"postcrm"
)

// Hub is a registered mail-processing hub (邮件处理中心).
type Hub struct {
	Code string
	Name string
	City string
}

// Vehicle is one arrival of a vehicle (plate or trip number) at a hub's
// docks. Its key is hub, vehicle and arrival: a later row for the same
// three updates it, as the unload times are known only later. A zero
// UnloadStarted or UnloadFinished is "not yet".
type Vehicle struct {
	Hub            string
	Vehicle        string
	Route          string
	ArrivedAt      time.Time
	UnloadStarted  time.Time
	UnloadFinished time.Time
	Bags           int
	Pieces         int
}

// CountSnapshot is what a hub counted at one moment that no scanner
// feeds: overdue mail by age bucket, pieces sorted in the hour, the
// outsourced headcount against its baseline. Every snapshot is kept, so
// a board as of any moment reads the latest one taken by then.
type CountSnapshot struct {
	Hub                string
	At                 time.Time
	OverdueLE12h       int
	Overdue12to24h     int
	OverdueGT24h       int
	SortedPieces       int
	Outsourced         int
	OutsourcedBaseline int
}

// Shift is 早班 or 晚班.
type Shift string

// The two shifts of a hub's day; their times are the hub's settings.
const (
	Early Shift = "early"
	Late  Shift = "late"
)

// Label is the shift's Chinese name.
func (s Shift) Label() string {
	if s == Late {
		return "晚班"
	}
	return "早班"
}

// ParseShift reads 早班/晚班 or early/late.
func ParseShift(s string) (Shift, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "早班", "early", "早":
		return Early, true
	case "晚班", "late", "晚":
		return Late, true
	}
	return "", false
}

// Status is a rostered volunteer's state.
type Status string

// A volunteer signs up (报名), then shows up (到岗) or not (缺勤).
const (
	Signed  Status = "signed"
	Present Status = "present"
	NoShow  Status = "no_show"
)

// Label is the status's Chinese name.
func (s Status) Label() string {
	switch s {
	case Present:
		return "到岗"
	case NoShow:
		return "缺勤"
	}
	return "报名"
}

// ParseStatus reads 报名/到岗/缺勤 or signed/present/no_show.
func ParseStatus(s string) (Status, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "报名", "signed", "":
		return Signed, true
	case "到岗", "present":
		return Present, true
	case "缺勤", "no_show", "no-show", "noshow":
		return NoShow, true
	}
	return "", false
}

// RosterEntry is one named volunteer of a branch on a hub's shift.
type RosterEntry struct {
	Hub    string
	Day    postcrm.Date
	Shift  Shift
	Branch string
	Person string
	Phone  string
	Status Status
}

// Quota is how many volunteers a branch is asked to send to a shift.
type Quota struct {
	Hub    string
	Day    postcrm.Date
	Shift  Shift
	Branch string
	Needed int
}

func bad(code, field, message string) *postcrm.Error {
	return &postcrm.Error{Kind: postcrm.ErrInvalid, Code: code, Field: field, Message: message}
}

// maxPieces bounds a vehicle's load: a number above it is a typing error.
const maxPieces = 1_000_000

// Validate checks a hub's registration.
func (h Hub) Validate() error {
	var errs []error
	if h.Code == "" || len(h.Code) > 32 || strings.ContainsAny(h.Code, " \t,") {
		errs = append(errs, bad("hub.code", "code", "中心代码为空或含空格、逗号"))
	}
	if strings.TrimSpace(h.Name) == "" {
		errs = append(errs, bad("hub.name", "name", "中心名称不能为空"))
	}
	return errors.Join(errs...)
}

// Validate checks a vehicle's times in order and its load.
func (v Vehicle) Validate() error {
	var errs []error
	if v.Hub == "" {
		errs = append(errs, bad("hub.required", "hub", "没有填中心"))
	}
	if v.Vehicle == "" {
		errs = append(errs, bad("vehicle.required", "vehicle", "没有填车牌或车次"))
	}
	if v.ArrivedAt.IsZero() {
		errs = append(errs, bad("vehicle.arrived", "arrived_at", "没有填到场时间"))
	}
	if !v.UnloadStarted.IsZero() && v.UnloadStarted.Before(v.ArrivedAt) {
		errs = append(errs, bad("vehicle.started_before_arrival", "unload_started_at", "开卸时间早于到场时间"))
	}
	if !v.UnloadFinished.IsZero() {
		switch {
		case v.UnloadStarted.IsZero():
			errs = append(errs, bad("vehicle.finished_unstarted", "unload_finished_at", "有卸完时间却没有开卸时间"))
		case v.UnloadFinished.Before(v.UnloadStarted):
			errs = append(errs, bad("vehicle.finished_before_start", "unload_finished_at", "卸完时间早于开卸时间"))
		}
	}
	if v.Bags < 0 || v.Bags > maxPieces {
		errs = append(errs, bad("vehicle.bags", "bags", "袋数为负或大得离谱"))
	}
	if v.Pieces < 0 || v.Pieces > maxPieces {
		errs = append(errs, bad("vehicle.pieces", "pieces", "件数为负或大得离谱"))
	}
	return errors.Join(errs...)
}

// Validate checks a count snapshot's figures.
func (c CountSnapshot) Validate() error {
	var errs []error
	if c.Hub == "" {
		errs = append(errs, bad("hub.required", "hub", "没有填中心"))
	}
	if c.At.IsZero() {
		errs = append(errs, bad("counts.at", "at", "没有填统计时间"))
	}
	for _, f := range []struct {
		n    int
		name string
	}{{c.OverdueLE12h, "overdue_le12h"}, {c.Overdue12to24h, "overdue_12_24h"}, {c.OverdueGT24h, "overdue_gt24h"},
		{c.SortedPieces, "sorted_pieces"}, {c.Outsourced, "outsourced"}, {c.OutsourcedBaseline, "outsourced_baseline"}} {
		if f.n < 0 || f.n > 100*maxPieces {
			errs = append(errs, bad("counts.number", f.name, "数值为负或大得离谱"))
		}
	}
	return errors.Join(errs...)
}

// Validate checks a roster entry.
func (r RosterEntry) Validate() error {
	var errs []error
	if r.Hub == "" {
		errs = append(errs, bad("hub.required", "hub", "没有填中心"))
	}
	if !r.Day.Valid() {
		errs = append(errs, bad("roster.day", "day", "日期无法识别"))
	}
	if r.Shift != Early && r.Shift != Late {
		errs = append(errs, bad("roster.shift", "shift", "班次应为早班或晚班"))
	}
	if r.Branch == "" {
		errs = append(errs, bad("roster.branch", "branch", "没有填单位"))
	}
	if r.Person == "" {
		errs = append(errs, bad("roster.person", "person", "没有填姓名"))
	}
	if r.Status != Signed && r.Status != Present && r.Status != NoShow {
		errs = append(errs, bad("roster.status", "status", "状态应为报名、到岗或缺勤"))
	}
	return errors.Join(errs...)
}

// Validate checks a quota.
func (q Quota) Validate() error {
	var errs []error
	if q.Hub == "" {
		errs = append(errs, bad("hub.required", "hub", "没有填中心"))
	}
	if !q.Day.Valid() {
		errs = append(errs, bad("roster.day", "day", "日期无法识别"))
	}
	if q.Shift != Early && q.Shift != Late {
		errs = append(errs, bad("roster.shift", "shift", "班次应为早班或晚班"))
	}
	if q.Branch == "" {
		errs = append(errs, bad("roster.branch", "branch", "没有填单位"))
	}
	if q.Needed < 0 || q.Needed > 10000 {
		errs = append(errs, bad("quota.needed", "needed", "需要人数为负或大得离谱"))
	}
	return errors.Join(errs...)
}
