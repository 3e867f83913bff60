package web

import (
	"time"

	"postcrm"
)

// warmMeasurements keeps the follow-up measurements the effect page and
// the reports open on current, in the background: an import or an
// analysis moves the data versions and makes the kept measurements stale,
// and once the versions have stayed put for quiet (an import of several
// files is over), it measures them again, so that the next view reads
// them instead of analysing the province while someone waits. It runs
// until the server closes.
func (s *Server) warmMeasurements(quiet time.Duration) {
	defer s.warming.Done()
	tick := time.NewTicker(max(quiet/4, time.Millisecond))
	defer tick.Stop()
	var seen postcrm.DataVersions
	changed, pending := time.Now(), true // measure once at start: a restart may follow an import
	for {
		v, err := s.store.DataVersions(s.ctx)
		switch {
		case err != nil:
			if s.ctx.Err() == nil {
				s.log.Warn("reading the data versions", "err", err)
			}
		case v.Imports != seen.Imports || v.Analysis != seen.Analysis:
			seen, changed, pending = v, time.Now(), true
		case pending && time.Since(changed) >= quiet:
			pending = false
			s.warmLatest()
		}
		select {
		case <-s.ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// warmLatest measures what the pages open on now.
func (s *Server) warmLatest() {
	start := time.Now()
	latest, err := s.latestMonth(s.ctx)
	if err != nil {
		s.warmFailed(err)
		return
	}
	done, err := s.measure.warmLatest(s.ctx, latest)
	if err != nil {
		s.warmFailed(err)
		return
	}
	s.log.Info("follow-up measurements current", "measured", done, "took", time.Since(start).Round(time.Millisecond))
}

// warmFailed logs a failed background measurement, unless the server is
// closing (then the error is the closing).
func (s *Server) warmFailed(err error) {
	if s.ctx.Err() == nil {
		s.log.Warn("measuring the follow-up in the background", "err", err)
	}
}
