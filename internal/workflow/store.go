package workflow

import (
	"context"
	"time"
)

// Head says which versions of one case's internal process exist.
type Head struct {
	Procedure string
	Case      int
	Current   int // the published version; 0 when none
	Draft     int // the draft version; 0 when none
	// Revision is the draft's if there is one, else the published
	// version's, else 0: what an editor loading the process now would
	// send back as SaveDraft's basedOn.
	Revision int64
}

// Store persists internal processes: numbered versions per procedure code
// and case, at most one draft and one published version per case. Methods
// that read one definition return ErrNotFound when there is none.
type Store interface {
	// Lock serialises writers of one case's process until the end of the
	// transaction the store is bound to.
	Lock(ctx context.Context, code string, caseNo int) error
	// SaveDraft creates the case's draft (number = last version + 1) or
	// replaces the existing draft's flow; either way the draft gets a new
	// revision, and its created_by and created_at name this save.
	// ErrNotFound when the procedure does not exist.
	SaveDraft(ctx context.Context, code string, caseNo int, f Flow, actor int64, at time.Time) (Definition, error)
	// Publish makes the draft the published version; the previous one
	// becomes superseded. ErrNoDraft when there is no draft.
	Publish(ctx context.Context, code string, caseNo int, actor int64, at time.Time) (Definition, error)
	// DiscardDraft deletes the draft; ErrNoDraft when there is none.
	DiscardDraft(ctx context.Context, code string, caseNo int) error
	// Current returns the published version.
	Current(ctx context.Context, code string, caseNo int) (Definition, error)
	// Draft returns the draft.
	Draft(ctx context.Context, code string, caseNo int) (Definition, error)
	// Version returns version n, in any status.
	Version(ctx context.Context, code string, caseNo, n int) (Definition, error)
	// Versions lists every version of the case, newest first (empty, not
	// an error, when there is none).
	Versions(ctx context.Context, code string, caseNo int) ([]Definition, error)
	// Heads lists the cases of a procedure that have a process, by case.
	Heads(ctx context.Context, code string) ([]Head, error)
}
