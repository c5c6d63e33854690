package eform

import (
	"context"
	"errors"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/caseversion"
	"github.com/motcua/motcua/internal/valid"
)

// Deps are what the service needs.
type Deps struct {
	Store Store
	Audit audit.Store
	// Tx runs fn with stores bound to one transaction.
	Tx  func(ctx context.Context, fn func(Store, audit.Store) error) error
	Now func() time.Time
	// Documents says how many document rows case caseNo of the procedure's
	// current published version has: file slots point at them by index.
	// ErrNotFound when the procedure has no published version or no such
	// case.
	Documents func(ctx context.Context, code string, caseNo int) (int, error)
}

// Service holds the rules of e-form definitions: drafts checked (Check)
// against the case's documents before they are saved and again before they
// are published, optimistic concurrency for editors, every change audited.
// It is a caseversion.Service, whose methods it has: Current, Draft,
// Version, Versions, Heads, Head, History, Check, SaveDraft (ErrConflict
// for an edit based on a revision someone else has replaced since),
// Publish and DiscardDraft (ErrNoDraft when there is none).
type Service struct {
	*caseversion.Service[Form, Definition]
	documents func(ctx context.Context, code string, caseNo int) (int, error)
}

// NewService builds the service.
func NewService(d Deps) *Service {
	return &Service{documents: d.Documents, Service: caseversion.New(
		caseversion.Deps[Form, Definition]{Store: d.Store, Audit: d.Audit, Tx: d.Tx, Now: d.Now},
		caseversion.Hooks[Form]{Object: AuditObject, What: "e-form",
			ErrNotFound: ErrNotFound, ErrConflict: ErrConflict, ErrNoDraft: ErrNoDraft,
			Checks: func(ctx context.Context, code string, caseNo int) (caseversion.Checks[Form], error) {
				docs, err := d.Documents(ctx, code, caseNo)
				if err != nil {
					return caseversion.Checks[Form]{}, err
				}
				return caseversion.Checks[Form]{Draft: func(f Form) (valid.Errors, error) { return f.Check(docs), nil }}, nil
			},
			Diff: Diff, Equal: SameForm, Decode: decodeStrict, Key: "form"})}
}

// AuditObject is the object type of e-form entries in the audit trail.
const AuditObject = "eform"

// AuditID names one case's e-form in the audit trail ("1.001193/0").
func AuditID(code string, caseNo int) string { return caseversion.AuditID(code, caseNo) }

// Documents says how many document rows the case has in the procedure's
// current published version (what Check measures file slots against).
func (s *Service) Documents(ctx context.Context, code string, caseNo int) (int, error) {
	return s.documents(ctx, code, caseNo)
}

// Import loads files of e-forms: all or nothing. Every form is checked
// against its case's documents in the procedure's current published
// version, and nothing is imported when any file, case or form has a
// problem (an ImportErrors names each). Then, in one transaction, each
// form is compared with the case's published definition: an equal one is
// left alone; a new or different one is saved as the draft (replacing an
// administrator's draft, as the catalogue import does) and published by
// actor, with an audit entry.
func (s *Service) Import(ctx context.Context, actor int64, files []ImportFile) (ImportReport, error) {
	rep, err := s.Service.Import(ctx, actor, files)
	var probs caseversion.ImportErrors
	if errors.As(err, &probs) {
		return ImportReport{}, ImportErrors(probs)
	}
	return ImportReport{Added: rep.Added, Changed: rep.Changed, Unchanged: rep.Unchanged}, err
}
