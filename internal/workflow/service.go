package workflow

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/audit"
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
// they are saved (CheckDraft) and fully before they are published (Check),
// optimistic concurrency for editors, every change audited. A dossier
// keeps the version it started with: Version reads any of them.
type Service struct{ d Deps }

// NewService builds the service.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{d: d}
}

// AuditObject is the object type of internal processes in the audit trail.
const AuditObject = "workflow"

// AuditID names one case's process in the audit trail ("1.001193/0").
func AuditID(code string, caseNo int) string { return code + "/" + strconv.Itoa(caseNo) }

// Current returns the published definition; ErrNotFound when none is.
func (s *Service) Current(ctx context.Context, code string, caseNo int) (Definition, error) {
	return s.d.Store.Current(ctx, code, caseNo)
}

// Draft returns the draft; ErrNotFound when there is none.
func (s *Service) Draft(ctx context.Context, code string, caseNo int) (Definition, error) {
	return s.d.Store.Draft(ctx, code, caseNo)
}

// Version returns version n in any status: the one a dossier started
// with, even after it was superseded.
func (s *Service) Version(ctx context.Context, code string, caseNo, n int) (Definition, error) {
	return s.d.Store.Version(ctx, code, caseNo, n)
}

// Versions lists every version of a case's process, newest first.
func (s *Service) Versions(ctx context.Context, code string, caseNo int) ([]Definition, error) {
	return s.d.Store.Versions(ctx, code, caseNo)
}

// Heads lists the cases of a procedure that have a process.
func (s *Service) Heads(ctx context.Context, code string) ([]Head, error) {
	return s.d.Store.Heads(ctx, code)
}

// Head says which versions of one case's process exist (all zero when it
// has none yet).
func (s *Service) Head(ctx context.Context, code string, caseNo int) (Head, error) {
	heads, err := s.d.Store.Heads(ctx, code)
	if err != nil {
		return Head{}, err
	}
	for _, h := range heads {
		if h.Case == caseNo {
			return h, nil
		}
	}
	return Head{Procedure: code, Case: caseNo}, nil
}

// History lists the audit trail of a case's process, oldest first.
func (s *Service) History(ctx context.Context, code string, caseNo int) ([]audit.Entry, error) {
	return s.d.Audit.ForObject(ctx, AuditObject, AuditID(code, caseNo))
}

// Check runs Flow.Check on f with the world of the case as it is now:
// what would stop f from being published. ErrNotFound when the procedure
// has no published version with the case.
func (s *Service) Check(ctx context.Context, code string, caseNo int, f Flow) (valid.Errors, error) {
	w, err := s.d.World(ctx, code, caseNo)
	if err != nil {
		return nil, err
	}
	return f.Check(w)
}

// latest is the draft if any, else the published version, else nil.
func latest(ctx context.Context, st Store, code string, caseNo int) (*Definition, error) {
	d, err := st.Draft(ctx, code, caseNo)
	if err == nil {
		return &d, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	d, err = st.Current(ctx, code, caseNo)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// SaveDraft checks f (CheckDraft: everything but the staff, who may be
// appointed later) and stores it as the draft, creating the draft from the
// published version when there is none. An invalid flow is refused with
// its valid.Errors and nothing is saved. basedOn is the Revision of the
// definition the editor loaded (the draft if there was one, else the
// published version, else 0): when the draft or the published version
// changed since, ErrConflict, and nothing is saved. The audit entry lists
// the steps changed against what the editor started from, and the new
// version number when a draft is created.
func (s *Service) SaveDraft(ctx context.Context, actor int64, code string, caseNo int, f Flow, basedOn int64) (Definition, error) {
	w, err := s.d.World(ctx, code, caseNo)
	if err != nil {
		return Definition{}, err
	}
	errs, err := f.CheckDraft(w)
	if err != nil {
		return Definition{}, err
	}
	if len(errs) > 0 {
		return Definition{}, errs
	}
	var out Definition
	err = s.d.Tx(ctx, func(st Store, log audit.Store) error {
		if err := st.Lock(ctx, code, caseNo); err != nil {
			return err
		}
		prev, err := latest(ctx, st, code, caseNo)
		if err != nil {
			return err
		}
		var old Flow
		var rev int64
		if prev != nil {
			old, rev = prev.Flow, prev.Revision
		}
		if rev != basedOn {
			return ErrConflict
		}
		if out, err = st.SaveDraft(ctx, code, caseNo, f, actor, s.d.Now()); err != nil {
			return err
		}
		changes := Diff(old, f)
		if prev == nil || prev.Status != StatusDraft {
			from := 0
			if prev != nil {
				from = prev.Version
			}
			changes = append([]audit.Change{{Field: "version", Old: versionText(from), New: versionText(out.Version)}}, changes...)
		} else if len(changes) == 0 {
			return nil // the same draft saved again
		}
		return log.Append(ctx, audit.Entry{At: s.d.Now(), ActorID: actor, Action: "workflow.save_draft",
			ObjectType: AuditObject, ObjectID: AuditID(code, caseNo), Changes: changes})
	})
	if err != nil {
		return Definition{}, err
	}
	return out, nil
}

// Publish makes the draft the published version. The draft is checked
// fully (Check), against the world as it is now: staff, units and the
// catalogue may have changed since it was saved. ErrNoDraft when there is
// none.
func (s *Service) Publish(ctx context.Context, actor int64, code string, caseNo int) (Definition, error) {
	w, err := s.d.World(ctx, code, caseNo)
	if err != nil {
		return Definition{}, err
	}
	var out Definition
	err = s.d.Tx(ctx, func(st Store, log audit.Store) error {
		if err := st.Lock(ctx, code, caseNo); err != nil {
			return err
		}
		draft, err := st.Draft(ctx, code, caseNo)
		if errors.Is(err, ErrNotFound) {
			return ErrNoDraft
		}
		if err != nil {
			return err
		}
		errs, err := draft.Flow.Check(w)
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		out, err = publish(ctx, st, log, actor, s.d.Now(), draft, "workflow.publish")
		return err
	})
	if err != nil {
		return Definition{}, err
	}
	return out, nil
}

// publish publishes the draft read under the case's lock, with an audit
// entry listing what changed against the version it replaces.
func publish(ctx context.Context, st Store, log audit.Store, actor int64, at time.Time, draft Definition, action string) (Definition, error) {
	var old Flow
	from := 0
	switch cur, err := st.Current(ctx, draft.Procedure, draft.Case); {
	case err == nil:
		old, from = cur.Flow, cur.Version
	case !errors.Is(err, ErrNotFound):
		return Definition{}, err
	}
	out, err := st.Publish(ctx, draft.Procedure, draft.Case, actor, at)
	if err != nil {
		return Definition{}, err
	}
	changes := append([]audit.Change{{Field: "version", Old: versionText(from), New: versionText(out.Version)}},
		Diff(old, draft.Flow)...)
	return out, log.Append(ctx, audit.Entry{At: at, ActorID: actor, Action: action,
		ObjectType: AuditObject, ObjectID: AuditID(draft.Procedure, draft.Case), Changes: changes})
}

// DiscardDraft drops the draft; ErrNoDraft when there is none.
func (s *Service) DiscardDraft(ctx context.Context, actor int64, code string, caseNo int) error {
	return s.d.Tx(ctx, func(st Store, log audit.Store) error {
		if err := st.Lock(ctx, code, caseNo); err != nil {
			return err
		}
		draft, err := st.Draft(ctx, code, caseNo)
		if errors.Is(err, ErrNotFound) {
			return ErrNoDraft
		}
		if err != nil {
			return err
		}
		if err := st.DiscardDraft(ctx, code, caseNo); err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{At: s.d.Now(), ActorID: actor, Action: "workflow.discard_draft",
			ObjectType: AuditObject, ObjectID: AuditID(code, caseNo),
			Changes: []audit.Change{{Field: "version", Old: versionText(draft.Version)}}})
	})
}

// versionText is a version number for the audit trail; "" for none.
func versionText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
