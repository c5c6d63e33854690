package caseversion

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/valid"
)

// Deps are what the service needs.
type Deps[T any, D any] struct {
	Store Store[T, D]
	Audit audit.Store
	// Tx runs fn with stores bound to one transaction.
	Tx  func(ctx context.Context, fn func(Store[T, D], audit.Store) error) error
	Now func() time.Time
}

// Checks are the rules a case's document must follow, with the world of
// the case (its documents, its units and staff...) as it is now.
type Checks[T any] struct {
	// Draft says what stops a document from being saved as a draft.
	Draft func(T) (valid.Errors, error)
	// Publish says what stops it from being published; nil when that is
	// Draft. What it finds beyond Draft only the world can fix: an import
	// then keeps the document as a draft.
	Publish func(T) (valid.Errors, error)
}

// publish is the check before publication.
func (c Checks[T]) publish(doc T) (valid.Errors, error) {
	if c.Publish == nil {
		return c.Draft(doc)
	}
	return c.Publish(doc)
}

// Hooks are what differs between kinds of documents.
type Hooks[T any] struct {
	// Object is the object type of the audit trail and the prefix of the
	// audit actions ("eform": "eform.publish").
	Object string
	// What names one document in error messages ("e-form").
	What string
	// The domain's errors: none such, changed by someone else since it was
	// loaded, no draft to publish or discard.
	ErrNotFound, ErrConflict, ErrNoDraft error
	// Checks returns the rules of case caseNo of the procedure's current
	// published version; ErrNotFound when it has none or no such case.
	Checks func(ctx context.Context, code string, caseNo int) (Checks[T], error)
	// Diff lists what changed from old to next for the audit trail;
	// nothing changed, nothing listed.
	Diff func(old, next T) []audit.Change
	// Equal reports whether two documents say the same, as stored.
	Equal func(a, b T) bool
	// Decode reads strict JSON into v (a T, or an import file), saying
	// where a problem is.
	Decode func(data []byte, v any) error
	// Key names the document in import files ("form").
	Key string
}

// Service holds the rules of a kind of document: drafts checked before
// they are saved and before they are published, optimistic concurrency for
// editors, every change audited. A version is never changed once published
// and stays readable (Version) after it is superseded.
type Service[T any, D Definition[T]] struct {
	d Deps[T, D]
	h Hooks[T]
}

// New builds the service.
func New[T any, D Definition[T]](d Deps[T, D], h Hooks[T]) *Service[T, D] {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service[T, D]{d: d, h: h}
}

// Current returns the published definition; not found when none is.
func (s *Service[T, D]) Current(ctx context.Context, code string, caseNo int) (D, error) {
	return s.d.Store.Current(ctx, code, caseNo)
}

// Draft returns the draft; not found when there is none.
func (s *Service[T, D]) Draft(ctx context.Context, code string, caseNo int) (D, error) {
	return s.d.Store.Draft(ctx, code, caseNo)
}

// Version returns version n in any status: a superseded one stays
// readable.
func (s *Service[T, D]) Version(ctx context.Context, code string, caseNo, n int) (D, error) {
	return s.d.Store.Version(ctx, code, caseNo, n)
}

// Versions lists every version of a case's document, newest first.
func (s *Service[T, D]) Versions(ctx context.Context, code string, caseNo int) ([]D, error) {
	return s.d.Store.Versions(ctx, code, caseNo)
}

// Heads lists the cases of a procedure that have a document.
func (s *Service[T, D]) Heads(ctx context.Context, code string) ([]Head, error) {
	return s.d.Store.Heads(ctx, code)
}

// Head says which versions of one case's document exist (all zero when it
// has none yet).
func (s *Service[T, D]) Head(ctx context.Context, code string, caseNo int) (Head, error) {
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

// History lists the audit trail of a case's document, oldest first.
func (s *Service[T, D]) History(ctx context.Context, code string, caseNo int) ([]audit.Entry, error) {
	return s.d.Audit.ForObject(ctx, s.h.Object, AuditID(code, caseNo))
}

// Check says what would stop doc from being published as case caseNo's
// document now; not found when the procedure has no published version
// with the case.
func (s *Service[T, D]) Check(ctx context.Context, code string, caseNo int, doc T) (valid.Errors, error) {
	c, err := s.h.Checks(ctx, code, caseNo)
	if err != nil {
		return nil, err
	}
	return c.publish(doc)
}

// latest is the draft if any, else the published version, else nil.
func (s *Service[T, D]) latest(ctx context.Context, st Store[T, D], code string, caseNo int) (*D, error) {
	d, err := st.Draft(ctx, code, caseNo)
	if err == nil {
		return &d, nil
	}
	if !errors.Is(err, s.h.ErrNotFound) {
		return nil, err
	}
	d, err = st.Current(ctx, code, caseNo)
	if errors.Is(err, s.h.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// SaveDraft checks doc (Checks.Draft) and stores it as the draft, creating
// the draft from the published version when there is none. A document the
// check refuses is refused with its valid.Errors and nothing is saved.
// basedOn is the Revision of the definition the editor loaded (the draft if
// there was one, else the published version, else 0): when the draft or
// the published version changed since, ErrConflict, and nothing is saved.
// The audit entry lists what changed against what the editor started
// from, and the new version number when a draft is created.
func (s *Service[T, D]) SaveDraft(ctx context.Context, actor int64, code string, caseNo int, doc T, basedOn int64) (D, error) {
	var out D
	c, err := s.h.Checks(ctx, code, caseNo)
	if err != nil {
		return out, err
	}
	errs, err := c.Draft(doc)
	if err != nil {
		return out, err
	}
	if len(errs) > 0 {
		return out, errs
	}
	err = s.d.Tx(ctx, func(st Store[T, D], log audit.Store) error {
		if err := st.Lock(ctx, code, caseNo); err != nil {
			return err
		}
		prev, err := s.latest(ctx, st, code, caseNo)
		if err != nil {
			return err
		}
		var old T
		var meta Meta
		if prev != nil {
			old, meta = (*prev).Document(), (*prev).Info()
		}
		if meta.Revision != basedOn {
			return s.h.ErrConflict
		}
		if out, err = st.SaveDraft(ctx, code, caseNo, doc, actor, s.d.Now()); err != nil {
			return err
		}
		changes := s.h.Diff(old, doc)
		if meta.Status != StatusDraft {
			changes = append([]audit.Change{versionChange(meta.Version, out.Info().Version)}, changes...)
		} else if len(changes) == 0 {
			return nil // the same draft saved again
		}
		return log.Append(ctx, s.entry(s.d.Now(), actor, "save_draft", code, caseNo, changes))
	})
	if err != nil {
		var zero D
		return zero, err
	}
	return out, nil
}

// Publish makes the draft the published version. The draft is checked
// again (Checks.Publish), against the world as it is now: it may have
// changed since the draft was saved. ErrNoDraft when there is none.
func (s *Service[T, D]) Publish(ctx context.Context, actor int64, code string, caseNo int) (D, error) {
	var out D
	c, err := s.h.Checks(ctx, code, caseNo)
	if err != nil {
		return out, err
	}
	err = s.d.Tx(ctx, func(st Store[T, D], log audit.Store) error {
		if err := st.Lock(ctx, code, caseNo); err != nil {
			return err
		}
		draft, err := st.Draft(ctx, code, caseNo)
		if errors.Is(err, s.h.ErrNotFound) {
			return s.h.ErrNoDraft
		}
		if err != nil {
			return err
		}
		errs, err := c.publish(draft.Document())
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		out, err = s.publish(ctx, st, log, actor, s.d.Now(), draft, "publish")
		return err
	})
	if err != nil {
		var zero D
		return zero, err
	}
	return out, nil
}

// publish publishes the draft read under the case's lock, with an audit
// entry listing what changed against the version it replaces.
func (s *Service[T, D]) publish(ctx context.Context, st Store[T, D], log audit.Store, actor int64, at time.Time,
	draft D, action string) (D, error) {
	var old T
	from := 0
	m := draft.Info()
	switch cur, err := st.Current(ctx, m.Procedure, m.Case); {
	case err == nil:
		old, from = cur.Document(), cur.Info().Version
	case !errors.Is(err, s.h.ErrNotFound):
		var zero D
		return zero, err
	}
	out, err := st.Publish(ctx, m.Procedure, m.Case, actor, at)
	if err != nil {
		return out, err
	}
	changes := append([]audit.Change{versionChange(from, out.Info().Version)}, s.h.Diff(old, draft.Document())...)
	return out, log.Append(ctx, s.entry(at, actor, action, m.Procedure, m.Case, changes))
}

// DiscardDraft drops the draft; ErrNoDraft when there is none.
func (s *Service[T, D]) DiscardDraft(ctx context.Context, actor int64, code string, caseNo int) error {
	return s.d.Tx(ctx, func(st Store[T, D], log audit.Store) error {
		if err := st.Lock(ctx, code, caseNo); err != nil {
			return err
		}
		draft, err := st.Draft(ctx, code, caseNo)
		if errors.Is(err, s.h.ErrNotFound) {
			return s.h.ErrNoDraft
		}
		if err != nil {
			return err
		}
		if err := st.DiscardDraft(ctx, code, caseNo); err != nil {
			return err
		}
		return log.Append(ctx, s.entry(s.d.Now(), actor, "discard_draft", code, caseNo,
			[]audit.Change{versionChange(draft.Info().Version, 0)}))
	})
}

// entry is the audit entry of action ("publish") on a case's document.
func (s *Service[T, D]) entry(at time.Time, actor int64, action, code string, caseNo int, changes []audit.Change) audit.Entry {
	return audit.Entry{At: at, ActorID: actor, Action: s.h.Object + "." + action,
		ObjectType: s.h.Object, ObjectID: AuditID(code, caseNo), Changes: changes}
}

// versionChange records a change of version number; 0 is none.
func versionChange(from, to int) audit.Change {
	return audit.Change{Field: "version", Old: versionText(from), New: versionText(to)}
}

// versionText is a version number for the audit trail; "" for none.
func versionText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
