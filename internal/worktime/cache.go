package worktime

import (
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/calendar"
)

// snapshot is everything stored, built into calendars: one per unit (units
// on the default sessions share one). It is immutable.
type snapshot struct {
	gen   int64
	def   *calendar.Calendar
	units map[int64]*calendar.Calendar
	codes map[string]int64
}

// current returns the snapshot, reading the generation when the last
// reading is older than the refresh interval and reloading when it moved.
// As in catalog.SearchCache, one caller reads while the others go on with
// the snapshot they have (callers with none yet wait for it), and a failed
// read drops the snapshot: nothing is served that cannot be vouched for.
func (s *Service) current(ctx context.Context) (*snapshot, error) {
	s.mu.Lock()
	if s.snap != nil && (s.checking || s.fresh()) {
		snap := s.snap
		s.mu.Unlock()
		return snap, nil
	}
	s.mu.Unlock()

	s.load.Lock()
	defer s.load.Unlock()
	s.mu.Lock()
	if s.snap != nil && s.fresh() { // read by the caller this one waited for
		snap := s.snap
		s.mu.Unlock()
		return snap, nil
	}
	prev, epoch := s.snap, s.epoch
	s.checking = true
	s.mu.Unlock()

	// Not the caller's context: a visitor who gives up must not empty the
	// cache for the others.
	next, err := s.read(context.WithoutCancel(ctx), prev)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.checking = false
	if err != nil {
		s.snap = nil
		s.checked = time.Time{} // the next caller reads again
		return nil, err
	}
	s.snap = next
	s.checked = s.d.Now()
	if s.epoch != epoch {
		// Changed here during the read: the reading may predate the change.
		s.checked = time.Time{}
	}
	return next, nil
}

// fresh reports whether the snapshot's generation was confirmed within the
// refresh interval. s.mu is held.
func (s *Service) fresh() bool {
	return !s.checked.IsZero() && s.d.Now().Sub(s.checked) < s.d.Refresh
}

// invalidate makes the next call read the generation (a change was just
// made here, so it has moved).
func (s *Service) invalidate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.epoch++
	s.checked = time.Time{}
}

// read returns prev when the generation has not moved since it was built,
// else a new snapshot. The generation is read before the data, so the data
// is at least as new as the number it is filed under; a change landing in
// between only causes one more reload.
func (s *Service) read(ctx context.Context, prev *snapshot) (*snapshot, error) {
	st := s.d.Store
	gen, err := st.Generation(ctx)
	if err != nil {
		return nil, err
	}
	if prev != nil && prev.gen == gen {
		return prev, nil
	}
	rules, err := st.Rules(ctx)
	if err != nil {
		return nil, err
	}
	settings, err := st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	units, err := st.Units(ctx)
	if err != nil {
		return nil, err
	}
	table, err := calendar.NewTable(rules)
	if err != nil {
		return nil, fmt.Errorf("worktime: stored rules: %w", err)
	}
	next := &snapshot{gen: gen, units: make(map[int64]*calendar.Calendar, len(units)), codes: make(map[string]int64, len(units))}
	if next.def, err = calendar.New(table, calendar.Config{Sessions: settings.Sessions, Cutoff: settings.Cutoff}); err != nil {
		return nil, fmt.Errorf("worktime: default sessions: %w", err)
	}
	for _, u := range units {
		c := next.def
		if u.Sessions != nil {
			if c, err = calendar.New(table, calendar.Config{Sessions: u.Sessions, Cutoff: settings.Cutoff}); err != nil {
				return nil, fmt.Errorf("worktime: sessions of unit %s: %w", u.Code, err)
			}
		}
		next.units[u.ID] = c
		next.codes[u.Code] = u.ID
	}
	return next, nil
}
