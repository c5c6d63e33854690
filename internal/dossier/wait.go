package dossier

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/workflow"
)

// Wait is why and until when a dossier waits for the system: it is at an
// automatic step whose work has not run yet. Nobody can act on it
// meanwhile, so the pages say so to the applicant and to the staff.
type Wait struct {
	// StepName is the automatic step's name ("" in a queue's waits).
	StepName string
	// At is when the system takes the step's action: when it was
	// scheduled, or the next try after a failed one.
	At time.Time
	// Due: At has come; the worker takes it within moments.
	Due bool
	// Retry: an attempt failed; the system tries again at At.
	Retry bool
}

// Waiting reports whether the dossier waits for the system.
func (w Wait) Waiting() bool { return !w.At.IsZero() }

// WaitOf says whether d waits for the system at its step, and until when
// (the zero Wait when it does not).
func (s *Service) WaitOf(ctx context.Context, d Dossier) (Wait, error) {
	ws, err := s.waits(ctx, []Dossier{d})
	if err != nil || !ws[d.ID].Waiting() {
		return Wait{}, err
	}
	w := ws[d.ID]
	f, err := s.flowOf(ctx, d)
	if err != nil {
		return Wait{}, err
	}
	if st, ok := stepOf(f, d.Step); ok {
		w.StepName = st.Name
	}
	return w, nil
}

// waits are the waits of the dossiers that wait for the system, by id.
func (s *Service) waits(ctx context.Context, ds []Dossier) (map[int64]Wait, error) {
	at := map[int64]Dossier{}
	var ids []int64
	for _, d := range ds {
		if d.Step != "" {
			at[d.ID] = d
			ids = append(ids, d.ID)
		}
	}
	out := map[int64]Wait{}
	if len(ids) == 0 {
		return out, nil
	}
	jobs, err := s.d.Store.PendingJobs(ctx, JobAuto, ids...)
	if err != nil {
		return nil, err
	}
	now := s.d.Now()
	for _, j := range jobs {
		d := at[j.DossierID]
		if j.Key != jobKey(d, workflow.Step{ID: d.Step}) {
			continue // an earlier visit's, done with
		}
		out[d.ID] = Wait{At: j.RunAt, Due: !j.RunAt.After(now), Retry: j.Attempts > 0}
	}
	return out, nil
}
