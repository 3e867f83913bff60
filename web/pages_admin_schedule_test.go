package web

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/schedule"
)

// TestScheduleStoreHoldsNoBusinessData: the schedule page's store field
// reads and writes only the schedule's settings and log.
func TestScheduleStoreHoldsNoBusinessData(t *testing.T) {
	allowed := []string{"JobSettings", "SaveJobSetting", "JobRuns", "LastJobRuns", "LatestJobs"}
	f, ok := reflect.TypeFor[Server]().FieldByName("jobs")
	if !ok {
		t.Fatal("Server has no jobs field")
	}
	for i := range f.Type.NumMethod() {
		if m := f.Type.Method(i); !slices.Contains(allowed, m.Name) {
			t.Errorf("the schedule page's store has %s", m.Name)
		}
	}
}

func scheduleJobs() []schedule.Job {
	noop := func(context.Context, schedule.Occurrence) (string, error) { return "", nil }
	return []schedule.Job{
		{Name: "monthly", Title: "月度分析和派发", Period: schedule.Monthly, At: 120, Grace: 5, Run: noop},
		schedule.DailyJob("backup", "夜间备份", 180, noop),
		schedule.HourlyJob("refunds", "退费催办", 5, noop),
	}
}

// TestSchedulePage: the province administrator sees each job's time, last
// and next run and the log, moves a job's time (a bad time is shown
// beside its field), and a job that failed twice shows on the dashboard.
func TestSchedulePage(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		f.srv.opts.Jobs = scheduleJobs()
		// The backup ran once and failed twice the next day.
		day := time.Date(2026, 6, 9, 3, 0, 0, 0, postcrm.ChinaTime)
		for i, ok := range []bool{true, false, false} {
			slot := map[bool]string{true: "2026-06-08", false: "2026-06-09"}[i == 0]
			o, claimed, err := f.store.ClaimJob(ctx, "backup", slot, "srv", day.Add(time.Duration(i)*time.Hour), day.Add(time.Duration(i)*time.Hour+time.Minute))
			if err != nil || !claimed {
				t.Fatal(claimed, err)
			}
			state := map[bool]postcrm.JobState{true: postcrm.JobDone, false: postcrm.JobRetry}[ok]
			if i == 2 {
				state = postcrm.JobFailed
			}
			r := postcrm.JobRun{Job: "backup", Slot: slot, Attempt: o.Attempts, Holder: "srv", StartedAt: day.Add(time.Duration(i) * time.Hour),
				EndedAt: day.Add(time.Duration(i)*time.Hour + 1500*time.Millisecond), OK: ok, Detail: map[bool]string{true: "已备份", false: "磁盘已满"}[ok]}
			if err := f.store.FinishJob(ctx, r, state, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		// Then the hourly job ran more times than the log lists.
		for h := range recentRuns + 5 {
			at := day.Add(time.Duration(h+3) * time.Hour)
			slot := at.Format("2006-01-02 15:04")
			if _, claimed, err := f.store.ClaimJob(ctx, "refunds", slot, "srv", at, at.Add(time.Hour)); err != nil || !claimed {
				t.Fatal(claimed, err)
			}
			r := postcrm.JobRun{Job: "refunds", Slot: slot, Attempt: 1, Holder: "srv", StartedAt: at, EndedAt: at, OK: true, Detail: "催办 0 件"}
			if err := f.store.FinishJob(ctx, r, postcrm.JobDone, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		admin := f.session(t, provinceUser)
		page := body(t, admin.get("/admin/schedule"))
		// The backup's row still shows its last run, out of the log by now.
		if row := between(page, `id="job-backup"`, "</tr>"); !strings.Contains(row, "磁盘已满") || !strings.Contains(row, "失败（第 2 次）") {
			t.Errorf("the backup's row lacks its last run: %s", row)
		}
		if runs := between(page, `id="job-runs"`, "</table>"); !strings.Contains(runs, "退费催办") || strings.Contains(runs, "夜间备份") {
			t.Errorf("the log lists other than its latest attempts (the hourly job's): %s", runs)
		}
		nextHourly := f.srv.now().In(postcrm.ChinaTime).Truncate(time.Hour).Add(5 * time.Minute)
		if !nextHourly.After(f.srv.now()) {
			nextHourly = nextHourly.Add(time.Hour)
		}
		if row := between(page, `id="job-refunds"`, "</tr>"); !strings.Contains(row, `id="at-refunds" name="at" type="number" min="0" max="59" value="5"`) ||
			!strings.Contains(row, "每小时第几分钟") || !strings.Contains(row, nextHourly.Format("2006-01-02 15:04")) {
			t.Errorf("the hourly job's row: %s", row)
		}
		for _, want := range []string{"月度分析和派发", `id="at-monthly" name="at" type="time" value="02:00"`, `name="grace" type="number" min="1" max="28" value="5"`,
			`id="at-backup" name="at" type="time" value="03:00"`, "两次都失败了", "磁盘已满", "1.5 s", "2026-06-11 03:00", "2026-07-01 02:00"} {
			if !strings.Contains(page, want) {
				t.Errorf("schedule page lacks %q", want)
			}
		}
		home := body(t, admin.get("/"))
		if !strings.Contains(home, `id="failed-jobs"`) || !strings.Contains(home, "定时任务“夜间备份”（2026-06-09）重试后仍然失败：磁盘已满") {
			t.Errorf("the dashboard does not show the failed job:\n%.3000s", home)
		}
		if strings.Contains(body(t, f.session(t, cityUser).get("/")), "failed-jobs") {
			t.Error("a city manager sees the failed jobs")
		}

		resp := admin.post("/admin/schedule", url.Values{"job": {"backup"}, "at": {"25:00"}, "enabled": {"on"}})
		page = body(t, resp)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, `value="25:00"`) || !strings.Contains(page, `<span class="field-error">请按 时:分 填写`) {
			t.Errorf("a bad time: %d", resp.StatusCode)
		}
		resp = admin.post("/admin/schedule", url.Values{"job": {"monthly"}, "at": {"01:30"}, "grace": {"40"}, "enabled": {"on"}})
		if page = body(t, resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "请填 1 到 28 之间的日子") {
			t.Errorf("a bad grace day: %d", resp.StatusCode)
		}
		resp = admin.post("/admin/schedule", url.Values{"job": {"backup"}, "at": {"01:15"}})
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/schedule?done=saved") {
			t.Fatalf("save: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		page = body(t, admin.get(resp.Header.Get("Location")))
		if !strings.Contains(page, "“夜间备份”的时间已保存") || !strings.Contains(page, `value="01:15"`) || !strings.Contains(page, "已停用") {
			t.Errorf("after saving, the page does not show the new time and the stopped job")
		}
		sets, err := f.store.JobSettings(ctx)
		if err != nil || len(sets) != 1 || sets[0] != (postcrm.JobSetting{Job: "backup", At: 75, Enabled: false}) {
			t.Errorf("settings %+v %v", sets, err)
		}
		resp = admin.post("/admin/schedule", url.Values{"job": {"refunds"}, "at": {"60"}, "enabled": {"on"}})
		if page = body(t, resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "请填 0 到 59 之间的分钟数") {
			t.Errorf("a bad minute: %d", resp.StatusCode)
		}
		resp = admin.post("/admin/schedule", url.Values{"job": {"refunds"}, "at": {"20"}, "enabled": {"on"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save the minute: %d", resp.StatusCode)
		}
		sets, err = f.store.JobSettings(ctx)
		if err != nil || len(sets) != 2 || sets[1] != (postcrm.JobSetting{Job: "refunds", At: 20, Enabled: true}) {
			t.Errorf("settings %+v %v", sets, err)
		}
		if resp := admin.post("/admin/schedule", url.Values{"job": {"nope"}, "at": {"01:00"}}); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("unknown job: %d", resp.StatusCode)
		}
		if resp := f.session(t, cityUser).get("/admin/schedule"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a city manager opens the schedule: %d", resp.StatusCode)
		}
	})
}

// between is the part of page from the first from to the next to after
// it; "" when from is not on it.
func between(page, from, to string) string {
	i := strings.Index(page, from)
	if i < 0 {
		return ""
	}
	rest := page[i:]
	if j := strings.Index(rest, to); j >= 0 {
		return rest[:j]
	}
	return rest
}
