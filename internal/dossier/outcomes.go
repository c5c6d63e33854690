package dossier

import (
	"context"
	"sync"
	"time"
)

// ProcStats is how a procedure's dossiers fared over the last year: how
// many were decided and how many of those on time or early, how many
// ratings were given and how many of those satisfied or very satisfied.
type ProcStats struct {
	Decided, OnTime    int
	Ratings, Satisfied int
}

// MinShown is the fewest dossiers (or ratings) a share is shown for: a
// share of three says nothing and could point at a person.
const MinShown = 5

// outcomesTTL is how long a procedure's figures are reused: they move
// slowly, and the procedure page is the most visited page there is.
const outcomesTTL = 10 * time.Minute

type outcomesEntry struct {
	at    time.Time
	stats ProcStats
}

// outcomesCache keeps each procedure's figures for outcomesTTL.
type outcomesCache struct {
	mu sync.Mutex
	m  map[string]outcomesEntry
}

// ProcedureOutcomes returns a procedure's figures over the last 365 days.
func (s *Service) ProcedureOutcomes(ctx context.Context, code string) (ProcStats, error) {
	now := s.d.Now()
	c := &s.outcomes
	c.mu.Lock()
	e, ok := c.m[code]
	c.mu.Unlock()
	if ok && now.Sub(e.at) < outcomesTTL && !now.Before(e.at) {
		return e.stats, nil
	}
	st, err := s.d.Store.ProcedureOutcomes(ctx, code, now.AddDate(-1, 0, 0))
	if err != nil {
		return ProcStats{}, err
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]outcomesEntry{}
	}
	c.m[code] = outcomesEntry{at: now, stats: st}
	c.mu.Unlock()
	return st, nil
}
