package catalog

import (
	"context"
	"time"
)

// Query selects published, not retired procedures for the public catalogue
// and the API. Empty fields do not filter.
type Query struct {
	// Text is what the visitor typed: words (any case, with or without
	// diacritics, a small typo tolerated) or a procedure code ("1.001193").
	Text    string
	Field   string  // field code
	Level   Level   // level
	Unit    string  // unit code; also matches procedures done by every unit of its kind
	Subject Subject // subject
	Page    int     // from 1
	PerPage int     // 1..100
}

// Hit is one search result.
type Hit struct {
	Code        string
	Name        string
	Level       Level
	Field       Field
	Subjects    []Subject
	Units       []string // names of the implementing agencies
	OnlineLevel OnlineLevel
	Version     int
	Rank        float64
	// Excerpt is a short passage of the record's text around the first
	// match outside the name (empty when the name matched or there is no
	// query); Highlight marks the words.
	Excerpt string
}

// FacetValue is one value of a facet with the number of procedures that
// have it among the results.
type FacetValue struct {
	Value string
	Label string
	Count int
}

// Facets are the counts by field, level, unit and subject for the current
// query (each facet counted with the other filters applied).
type Facets struct {
	Fields   []FacetValue
	Levels   []FacetValue
	Units    []FacetValue
	Subjects []FacetValue
}

// Results is one page of search results.
type Results struct {
	Items   []Hit
	Total   int
	Page    int
	PerPage int
	Facets  Facets
}

// AdminFilter selects procedures for the administration list, drafts and
// retired ones included.
type AdminFilter struct {
	Text    string
	Page    int
	PerPage int
}

// AdminRow is one procedure in the administration list.
type AdminRow struct {
	Procedure
	Name      string // of the draft if any, else of the current version
	UpdatedAt time.Time
}

// Store persists procedures and their versions.
type Store interface {
	// SaveDraft creates the procedure's draft (number = last version + 1)
	// or replaces the existing draft's record.
	SaveDraft(ctx context.Context, rec Record, actor int64, at time.Time) (Version, error)
	// Publish makes the draft the current version; the previous current
	// one becomes superseded. ErrNoDraft when there is none.
	Publish(ctx context.Context, code string, actor int64, at time.Time) (Version, error)
	// DiscardDraft deletes the draft.
	DiscardDraft(ctx context.Context, code string) error
	// Retire stops the procedure (it leaves the public catalogue; its
	// versions stay readable).
	Retire(ctx context.Context, code, reason string, at time.Time) error
	// Procedure returns the header; ErrNotFound when unknown.
	Procedure(ctx context.Context, code string) (Procedure, error)
	// Current returns the current published version.
	Current(ctx context.Context, code string) (Version, error)
	// Version returns version n (any status).
	Version(ctx context.Context, code string, n int) (Version, error)
	// Versions lists every version, newest first.
	Versions(ctx context.Context, code string) ([]Version, error)
	// Search runs a public catalogue query.
	Search(ctx context.Context, q Query) (Results, error)
	// AdminList lists procedures for administrators.
	AdminList(ctx context.Context, f AdminFilter) ([]AdminRow, int, error)
	// Template returns a stored blank form by procedure code and file name.
	Template(ctx context.Context, code, name string) (File, error)
	// PutTemplate stores a blank form (idempotent by content hash).
	PutTemplate(ctx context.Context, code string, f File) (changed bool, err error)
}

// File is a stored template file.
type File struct {
	Name        string
	ContentType string
	SHA256      string // hex
	Data        []byte
}
