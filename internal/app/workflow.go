package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/pgstore"
	"github.com/motcua/motcua/internal/workflow"
)

// seedWorkflowDir is where the seed internal processes sit in
// motcua.SeedFS.
const seedWorkflowDir = "testdata/seed/workflows"

// newWorkflows wires the workflow service on db: its stores,
// transactions, and the World of each case (units, staff, legal times).
func (a *App) newWorkflows() *workflow.Service {
	db := a.DB
	return workflow.NewService(workflow.Deps{
		Store: pgstore.NewWorkflowStore(db), Audit: pgstore.NewAuditStore(db),
		Tx: func(ctx context.Context, fn func(workflow.Store, audit.Store) error) error {
			return db.InTx(ctx, func(tx *pgstore.DB) error { return fn(pgstore.NewWorkflowStore(tx), pgstore.NewAuditStore(tx)) })
		},
		World: a.workflowWorld,
	})
}

// workflowWorld is the World of case caseNo of the procedure's current
// published version, read once: the units, the staff counts and the
// procedure's agencies and channels.
func (a *App) workflowWorld(ctx context.Context, code string, caseNo int) (workflow.World, error) {
	v, err := a.CatalogStore.Current(ctx, code)
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, fmt.Errorf("procedure %s: %w", code, workflow.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	if caseNo < 0 || caseNo >= len(v.Record.Cases) {
		return nil, fmt.Errorf("procedure %s case %d: %w", code, caseNo, workflow.ErrNotFound)
	}
	units, err := a.Units.List(ctx)
	if err != nil {
		return nil, err
	}
	w := &world{units: units, staff: map[int64]map[workflow.Role]int{}}
	// Who decides: the procedure's unit, or each unit of its kind (every
	// commune), as a dossier chooses when it starts. None when the record
	// names no unit of the province.
	ag, err := a.Dossiers.AgenciesOf(ctx, v.Record)
	switch {
	case errors.Is(err, dossier.ErrClosed):
	case err != nil:
		return nil, err
	case ag.Fixed.ID != 0:
		w.competent = []org.Unit{ag.Fixed}
	default:
		w.competent = ag.Choices
	}
	// Where dossiers are received without anyone choosing: online, the
	// centre of the deciding commune or the province's service centre. A
	// walk-in dossier is received by a clerk at their own centre, who is
	// there by definition.
	seen := map[int64]bool{}
	for _, c := range w.competent {
		if r, ok := dossier.OnlineReception(units, c); ok && !seen[r.ID] {
			seen[r.ID] = true
			w.receiving = append(w.receiving, r)
		}
	}
	counts, err := a.Users.ActiveStaffCounts(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range counts {
		if w.staff[c.UnitID] == nil {
			w.staff[c.UnitID] = map[workflow.Role]int{}
		}
		// Staff roles and step roles share their names (clerk, officer,
		// leader).
		w.staff[c.UnitID][workflow.Role(c.Role)] += c.N
	}
	for _, ch := range v.Record.Cases[caseNo].Channels {
		if ch.NotAvailable {
			continue
		}
		hours, upper := calendar.Duration{Amount: ch.Duration, Unit: calendar.Unit(ch.Unit)}.BudgetHours()
		w.legal = append(w.legal, workflow.LegalTime{Channel: string(ch.Kind), Hours: hours, UpperBound: upper})
	}
	return w, nil
}

// world implements workflow.World from what workflowWorld read.
type world struct {
	units                []org.Unit
	competent, receiving []org.Unit
	staff                map[int64]map[workflow.Role]int
	legal                []workflow.LegalTime
}

func workflowUnits(us []org.Unit) []workflow.Unit {
	out := make([]workflow.Unit, len(us))
	for i, u := range us {
		out[i] = workflow.Unit{ID: u.ID, Code: u.Code, Name: u.Name}
	}
	return out
}

func (w *world) UnitsFor(ref workflow.UnitRef) ([]workflow.Unit, error) {
	switch ref.Kind {
	case workflow.UnitCompetent:
		return workflowUnits(w.competent), nil
	case workflow.UnitReceiving:
		return workflowUnits(w.receiving), nil
	}
	for _, u := range w.units {
		if u.Code == ref.Code && u.Active {
			return workflowUnits([]org.Unit{u}), nil
		}
	}
	return nil, nil
}

func (w *world) ActiveStaff(unitID int64, role workflow.Role) (int, error) {
	return w.staff[unitID][role], nil
}

func (w *world) LegalHours() []workflow.LegalTime { return w.legal }

// SeedWorkflows imports the embedded seed internal processes (one JSON
// file per procedure, see testdata/seed/workflows/README.md). The
// catalogue must be seeded first, and the staff should be: a process
// whose units lack staff is saved as a draft, the report says why, and an
// administrator publishes it once the staff exist. A second run changes
// nothing.
func (a *App) SeedWorkflows(ctx context.Context) (workflow.ImportReport, error) {
	return a.ImportWorkflows(ctx, motcua.SeedFS, seedWorkflowDir)
}

// ImportWorkflows imports every *.json directly in dir of fsys, in name
// order, in one transaction; problems (and the reasons drafts were not
// published) are reported with the file, the case, the path in the flow
// and the message in English (its key kept in brackets).
func (a *App) ImportWorkflows(ctx context.Context, fsys fs.FS, dir string) (workflow.ImportReport, error) {
	files, err := importFiles(fsys, dir)
	if err != nil {
		return workflow.ImportReport{}, err
	}
	rep, err := a.Workflows.Import(ctx, 0, files)
	var probs workflow.ImportErrors
	if errors.As(err, &probs) {
		return rep, englishProblems(a.Messages, probs)
	}
	rep.Waiting = englishProblems(a.Messages, rep.Waiting)
	return rep, err
}
