package caseversion

import (
	"context"
	"strconv"
	"time"
)

// Status of a version.
type Status string

const (
	StatusDraft      Status = "draft"
	StatusPublished  Status = "published"
	StatusSuperseded Status = "superseded"
)

// Meta is what every version of a document has besides the document. A
// domain package's definition type embeds it.
type Meta struct {
	Procedure   string
	Case        int // 0-based index into the procedure record's cases
	Version     int
	Status      Status
	CreatedAt   time.Time
	CreatedBy   int64
	PublishedAt time.Time
	PublishedBy int64
	// Revision changes with every write to this version (each save of a
	// draft, its publication) and is never reused. An editor sends back the
	// revision it loaded (SaveDraft's basedOn): a draft keeps its number
	// while it is edited, so the number alone cannot show that someone
	// else saved in between.
	Revision int64
}

// Info returns m; through embedding, it is how generic code reads the
// Meta of a domain package's definition.
func (m Meta) Info() Meta { return m }

// Definition is one version of a document of type T: a struct embedding
// Meta, with the document in a field of its own name (eform.Definition's
// Form).
type Definition[T any] interface {
	Info() Meta
	Document() T
}

// Head says which versions of one case's document exist.
type Head struct {
	Procedure string
	Case      int
	Current   int // the published version; 0 when none
	Draft     int // the draft version; 0 when none
	// Revision is the draft's if there is one, else the published
	// version's, else 0: what an editor loading the document now would
	// send back as SaveDraft's basedOn.
	Revision int64
}

// Store persists the versions of documents of type T, read as D: numbered
// versions per procedure code and case, at most one draft and one
// published version per case. Methods that read one definition return the
// domain's not-found error when there is none.
type Store[T any, D any] interface {
	// Lock serialises writers of one case's document until the end of the
	// transaction the store is bound to.
	Lock(ctx context.Context, code string, caseNo int) error
	// SaveDraft creates the case's draft (number = last version + 1) or
	// replaces the existing draft's document; either way the draft gets a
	// new revision, and its created_by and created_at name this save.
	// Not found when the procedure does not exist.
	SaveDraft(ctx context.Context, code string, caseNo int, doc T, actor int64, at time.Time) (D, error)
	// Publish makes the draft the published version; the previous one
	// becomes superseded. The domain's no-draft error when there is no
	// draft.
	Publish(ctx context.Context, code string, caseNo int, actor int64, at time.Time) (D, error)
	// DiscardDraft deletes the draft; no-draft when there is none.
	DiscardDraft(ctx context.Context, code string, caseNo int) error
	// Current returns the published version.
	Current(ctx context.Context, code string, caseNo int) (D, error)
	// Draft returns the draft.
	Draft(ctx context.Context, code string, caseNo int) (D, error)
	// Version returns version n, in any status.
	Version(ctx context.Context, code string, caseNo, n int) (D, error)
	// Versions lists every version of the case, newest first (empty, not
	// an error, when there is none).
	Versions(ctx context.Context, code string, caseNo int) ([]D, error)
	// Heads lists the cases of a procedure that have a document, by case.
	Heads(ctx context.Context, code string) ([]Head, error)
}

// AuditID names one case's document in the audit trail ("1.001193/0").
func AuditID(code string, caseNo int) string { return code + "/" + strconv.Itoa(caseNo) }
