package workflow

import (
	"context"
	"errors"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/caseversion"
	"github.com/motcua/motcua/internal/valid"
)

// ErrNoDraft: there is no draft to publish or discard.
var ErrNoDraft = errors.New("workflow: no draft")

// Deps are what the service needs.
type Deps struct {
	Store Store
	Audit audit.Store
	// Tx runs fn with stores bound to one transaction.
	Tx  func(ctx context.Context, fn func(Store, audit.Store) error) error
	Now func() time.Time
	// World describes, for Check, the province's units and staff and the
	// legal times of case caseNo of the procedure's current published
	// version. ErrNotFound when the procedure has no published version or
	// no such case.
	World func(ctx context.Context, code string, caseNo int) (World, error)
}

// Service holds the rules of internal processes: drafts checked before
// they are saved (CheckDraft: everything but the staff, who may be
// appointed later) and fully before they are published (Check, as the
// service's Check method does with the world of the case as it is now),
// optimistic concurrency for editors, every change audited. A dossier
// keeps the version it started with: Version reads any of them. It is a
// caseversion.Service, whose methods it has: Current, Draft, Version,
// Versions, Heads, Head, History, Check, SaveDraft (ErrConflict for an
// edit based on a revision someone else has replaced since), Publish and
// DiscardDraft (ErrNoDraft when there is none).
type Service struct {
	*caseversion.Service[Flow, Definition]
}

// NewService builds the service.
func NewService(d Deps) *Service {
	return &Service{caseversion.New(
		caseversion.Deps[Flow, Definition]{Store: d.Store, Audit: d.Audit, Tx: d.Tx, Now: d.Now},
		caseversion.Hooks[Flow]{Object: AuditObject, What: "internal process",
			ErrNotFound: ErrNotFound, ErrConflict: ErrConflict, ErrNoDraft: ErrNoDraft,
			Checks: func(ctx context.Context, code string, caseNo int) (caseversion.Checks[Flow], error) {
				w, err := d.World(ctx, code, caseNo)
				if err != nil {
					return caseversion.Checks[Flow]{}, err
				}
				return caseversion.Checks[Flow]{
					Draft:   func(f Flow) (valid.Errors, error) { return f.CheckDraft(w) },
					Publish: func(f Flow) (valid.Errors, error) { return f.Check(w) },
				}, nil
			},
			Diff: Diff, Equal: SameFlow, Decode: decodeStrict, Key: "flow"})}
}

// AuditObject is the object type of internal processes in the audit trail.
const AuditObject = "workflow"

// AuditID names one case's process in the audit trail ("1.001193/0").
func AuditID(code string, caseNo int) string { return caseversion.AuditID(code, caseNo) }

// Import loads files of internal processes: all or nothing. Every flow is
// checked against its case in the procedure's current published version,
// and nothing is imported when any file, case or flow has a problem
// CheckDraft finds (an ImportErrors names each). Then, in one transaction,
// each flow is compared with the case's published definition: an equal
// one is left alone; a new or different one is saved as the draft
// (replacing an administrator's draft, as the catalogue import does) and
// published by actor, with an audit entry; unless Check finds problems
// only the world can fix (staff missing), when it stays a draft (an equal
// draft is left alone) and the report says why. A second run changes
// nothing; one after the staff are created publishes the drafts.
func (s *Service) Import(ctx context.Context, actor int64, files []ImportFile) (ImportReport, error) {
	rep, err := s.Service.Import(ctx, actor, files)
	var probs caseversion.ImportErrors
	if errors.As(err, &probs) {
		return ImportReport{}, ImportErrors(probs)
	}
	return ImportReport{Added: rep.Added, Changed: rep.Changed, Unchanged: rep.Unchanged, Drafts: rep.Drafts,
		Waiting: ImportErrors(rep.Waiting)}, err
}
