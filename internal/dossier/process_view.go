package dossier

import (
	"context"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/workflow"
)

// ProcessInfo is what a dossier's page shows of its processing.
type ProcessInfo struct {
	StepName      string
	Mode          workflow.Mode
	Findings      []Finding
	Proposal      workflow.Action
	Steps         []StepRecord
	Pauses        []PauseRecord
	Apologies     []Apology
	ClaimedByName string
	// Names of the people in the records, by account id.
	Names map[int64]string
}

// Process returns the processing details of a dossier viewer may see;
// the hand-over records and pauses are for staff only.
func (s *Service) Process(ctx context.Context, viewer account.User, d Dossier) (ProcessInfo, error) {
	var out ProcessInfo
	if !CanSee(viewer, d) || !staffSees(viewer, d) {
		return out, ErrNotFound
	}
	f, err := s.flowOf(ctx, d)
	if err != nil {
		return out, err
	}
	if st, ok := stepOf(f, d.Step); ok {
		out.StepName, out.Mode = st.Name, st.Mode
	}
	if out.Steps, err = s.d.Store.Steps(ctx, d.ID); err != nil {
		return out, err
	}
	if n := len(out.Steps); n > 0 && out.Steps[n-1].FinishedAt.IsZero() {
		out.Findings, out.Proposal = out.Steps[n-1].Findings, out.Steps[n-1].Proposal
	}
	if out.Pauses, err = s.d.Store.Pauses(ctx, d.ID); err != nil {
		return out, err
	}
	if out.Apologies, err = s.d.Store.Apologies(ctx, d.ID); err != nil {
		return out, err
	}
	out.Names = map[int64]string{}
	name := func(id int64) {
		if id == 0 || s.d.Accounts == nil {
			return
		}
		if _, ok := out.Names[id]; ok {
			return
		}
		if n, err := s.d.Accounts.Name(ctx, id); err == nil {
			out.Names[id] = n
		}
	}
	for _, st := range out.Steps {
		name(st.ActorID)
	}
	name(d.ClaimedBy)
	out.ClaimedByName = out.Names[d.ClaimedBy]
	return out, nil
}
