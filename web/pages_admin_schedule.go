package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"postcrm"
	"postcrm/schedule"
)

// The schedule page (province only): each job the server runs by itself
// with its time, its last run (when, how long, the result) and its next
// run, a form per job to move its time or stop it, and the log of the
// latest attempts. See docs/operations.md.

type schedulePage struct {
	On   bool // the server runs a schedule (not --no-schedule)
	Jobs []jobRow
	Runs []runRow
	Done string
}

type jobRow struct {
	Name, Title string
	Monthly     bool
	Hourly      bool
	Clock       string // "HH:MM"; hourly: the minute past the hour
	Grace       int
	Enabled     bool
	Last        *runRow
	State       postcrm.JobState
	Next        time.Time
	// Errors beside the fields after a refused save.
	Errors map[string]string
}

type runRow struct {
	Title, Slot string
	Attempt     int
	Started     time.Time
	Took        string
	OK          bool
	Detail      string
}

// recentRuns is how many attempts the log lists.
const recentRuns = 30

func (s *Server) schedulePageData(req *Request) (schedulePage, error) {
	ctx := req.Context()
	p := schedulePage{On: len(s.opts.Jobs) > 0}
	sets, err := schedule.Settings(ctx, s.jobs, s.opts.Jobs)
	if err != nil {
		return p, err
	}
	runs, err := s.jobs.JobRuns(ctx, recentRuns)
	if err != nil {
		return p, err
	}
	latest, err := s.jobs.LatestJobs(ctx)
	if err != nil {
		return p, err
	}
	rowOf := func(r postcrm.JobRun) runRow {
		return runRow{Title: titleOf(s.opts.Jobs, r.Job), Slot: r.Slot, Attempt: r.Attempt, Started: r.StartedAt, Took: took(r.Duration()), OK: r.OK, Detail: r.Detail}
	}
	for _, r := range runs {
		p.Runs = append(p.Runs, rowOf(r))
	}
	// Each job's last run from its own latest attempt: an hourly job
	// fills the log, and a monthly job's run is weeks back.
	last, err := s.jobs.LastJobRuns(ctx)
	if err != nil {
		return p, err
	}
	lastRun := map[string]*runRow{}
	for _, r := range last {
		row := rowOf(r)
		lastRun[r.Job] = &row
	}
	states := map[string]postcrm.JobState{}
	for _, o := range latest {
		states[o.Job] = o.State
	}
	now := s.now()
	for _, j := range s.opts.Jobs {
		set := sets[j.Name]
		row := jobRow{Name: j.Name, Title: j.Title, Monthly: j.Period == schedule.Monthly, Hourly: j.Period == schedule.Hourly,
			Clock: set.Clock(), Grace: set.Grace, Enabled: set.Enabled, Last: lastRun[j.Name], State: states[j.Name]}
		if row.Hourly {
			row.Clock = strconv.Itoa(set.At % 60)
		}
		if set.Enabled {
			row.Next = schedule.Next(j.Period, set, now)
		}
		p.Jobs = append(p.Jobs, row)
	}
	return p, nil
}

// took is a duration as people read it: 850 毫秒, 12 秒, 3 分 5 秒.
func took(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return fmt.Sprintf("%d min %d s", int(d.Minutes()), int(d.Seconds())%60)
}

func (s *Server) adminSchedule(w http.ResponseWriter, req *Request) error {
	p, err := s.schedulePageData(req)
	if err != nil {
		return err
	}
	if req.URL.Query().Get("done") == "saved" {
		p.Done = req.T("schedule.saved", req.URL.Query().Get("job"))
	}
	return s.renderPage(w, req, http.StatusOK, "admin_schedule", "schedule.title", p)
}

// adminSaveSchedule saves one job's time, grace day and whether it runs,
// then shows the page again (POST-redirect-GET); a refused value is
// shown beside its field with what was typed.
func (s *Server) adminSaveSchedule(w http.ResponseWriter, req *Request) error {
	name := req.PostFormValue("job")
	var job *schedule.Job
	for i := range s.opts.Jobs {
		if s.opts.Jobs[i].Name == name {
			job = &s.opts.Jobs[i]
		}
	}
	if job == nil {
		return userError(http.StatusBadRequest, "schedule.unknown_job")
	}
	set := postcrm.JobSetting{Job: name, Enabled: req.PostFormValue("enabled") == "on", Grace: job.Grace}
	errs := map[string]string{}
	clock := strings.TrimSpace(req.PostFormValue("at"))
	if job.Period == schedule.Hourly {
		if m, err := strconv.Atoi(clock); err != nil || m < 0 || m > 59 {
			errs["at"] = req.T("schedule.bad_minute")
		} else {
			set.At = m
		}
	} else if t, err := time.Parse("15:04", clock); err != nil {
		errs["at"] = req.T("schedule.bad_at")
	} else {
		set.At = t.Hour()*60 + t.Minute()
	}
	if job.Period == schedule.Monthly {
		g, err := strconv.Atoi(strings.TrimSpace(req.PostFormValue("grace")))
		if err != nil || g < 1 || g > 28 {
			errs["grace"] = req.T("job.grace")
		}
		set.Grace = g
	}
	if len(errs) == 0 {
		err := s.jobs.SaveJobSetting(req.Context(), set, actor(req))
		if es := postcrm.Errors(err); len(es) > 0 {
			for field, msg := range fieldMessages(req, es) {
				errs[field] = msg
			}
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		p, err := s.schedulePageData(req)
		if err != nil {
			return err
		}
		for i := range p.Jobs {
			if p.Jobs[i].Name == name {
				p.Jobs[i].Clock, p.Jobs[i].Grace, p.Jobs[i].Enabled, p.Jobs[i].Errors = clock, set.Grace, set.Enabled, errs
			}
		}
		return s.renderPage(w, req, http.StatusBadRequest, "admin_schedule", "schedule.title", p)
	}
	http.Redirect(w, req.Request, "/admin/schedule?done=saved&job="+job.Title, http.StatusSeeOther)
	return nil
}

// failedJob is a job whose latest occurrence failed twice, for the
// province's dashboard.
type failedJob struct {
	job                 string
	Title, Slot, Detail string
	At                  time.Time
}

// failedJobs lists the jobs whose latest occurrence failed, with the
// error of its last attempt; only province administrators see them.
func (s *Server) failedJobs(req *Request) ([]failedJob, error) {
	if req.User.Role != postcrm.RoleProvinceAdmin {
		return nil, nil
	}
	ctx := req.Context()
	latest, err := s.jobs.LatestJobs(ctx)
	if err != nil {
		return nil, err
	}
	var out []failedJob
	for _, o := range latest {
		if o.State == postcrm.JobFailed {
			out = append(out, failedJob{job: o.Job, Title: titleOf(s.opts.Jobs, o.Job), Slot: o.Slot, At: o.UpdatedAt})
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	runs, err := s.jobs.LastJobRuns(ctx)
	if err != nil {
		return nil, err
	}
	for i := range out {
		for _, r := range runs {
			if !r.OK && r.Job == out[i].job && r.Slot == out[i].Slot {
				out[i].Detail = r.Detail
				break
			}
		}
	}
	return out, nil
}

// titleOf is the job's title, its name when the server does not run it.
func titleOf(jobs []schedule.Job, name string) string {
	for _, j := range jobs {
		if j.Name == name {
			return j.Title
		}
	}
	return name
}
