package catalog

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/valid"
)

// Deps are what the service needs. Tx runs fn with stores bound to one
// transaction.
type Deps struct {
	Store Store
	Audit audit.Store
	Tx    func(ctx context.Context, fn func(Store, audit.Store) error) error
	Now   func() time.Time
	// Cache, when not nil, answers repeated searches from memory; the
	// service empties it after each change it makes.
	Cache *SearchCache
}

// Service holds the catalogue's rules: drafts, publication, retirement,
// every change audited.
type Service struct{ d Deps }

// NewService builds the service.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{d: d}
}

const auditObject = "procedure"

// SaveDraft validates rec and stores it as the procedure's draft (creating
// the procedure when the code is new), recording what changed against the
// previous draft or, without one, the current version.
func (s *Service) SaveDraft(ctx context.Context, actor int64, rec Record) (Version, error) {
	if errs := ValidateRecord(rec); len(errs) > 0 {
		return Version{}, errs
	}
	var out Version
	err := s.d.Tx(ctx, func(st Store, log audit.Store) error {
		prev, err := latest(ctx, st, rec.Code)
		if err != nil {
			return err
		}
		out, err = st.SaveDraft(ctx, rec, actor, s.d.Now())
		if err != nil {
			return err
		}
		changes := Diff(prev, rec)
		if len(changes) == 0 && prev != nil {
			return nil
		}
		return log.Append(ctx, audit.Entry{At: s.d.Now(), ActorID: actor, Action: "catalog.save_draft",
			ObjectType: auditObject, ObjectID: rec.Code, Changes: changes})
	})
	return out, err
}

// latest is the draft if any, else the current version, else nil.
func latest(ctx context.Context, st Store, code string) (*Record, error) {
	p, err := st.Procedure(ctx, code)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if p.Retired() {
		return nil, ErrRetired
	}
	n := p.DraftVersion
	if n == 0 {
		n = p.CurrentVersion
	}
	if n == 0 {
		return nil, nil
	}
	v, err := st.Version(ctx, code, n)
	if err != nil {
		return nil, err
	}
	return &v.Record, nil
}

// Publish makes the draft current. The draft is validated again, so a rule
// added since it was saved still holds.
func (s *Service) Publish(ctx context.Context, actor int64, code string) (Version, error) {
	var out Version
	err := s.d.Tx(ctx, func(st Store, log audit.Store) error {
		p, err := st.Procedure(ctx, code)
		if err != nil {
			return err
		}
		if p.Retired() {
			return ErrRetired
		}
		if p.DraftVersion == 0 {
			return ErrNoDraft
		}
		draft, err := st.Version(ctx, code, p.DraftVersion)
		if err != nil {
			return err
		}
		if errs := ValidateRecord(draft.Record); len(errs) > 0 {
			return errs
		}
		var prev *Record
		if p.CurrentVersion != 0 {
			cur, err := st.Version(ctx, code, p.CurrentVersion)
			if err != nil {
				return err
			}
			prev = &cur.Record
		}
		if out, err = st.Publish(ctx, code, actor, s.d.Now()); err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{At: s.d.Now(), ActorID: actor, Action: "catalog.publish",
			ObjectType: auditObject, ObjectID: code, Changes: append([]audit.Change{
				{Field: "version", Old: itoa(p.CurrentVersion), New: itoa(out.Number)}}, Diff(prev, draft.Record)...)})
	})
	if err == nil {
		s.Invalidate()
	}
	return out, err
}

// DiscardDraft drops the draft.
func (s *Service) DiscardDraft(ctx context.Context, actor int64, code string) error {
	return s.d.Tx(ctx, func(st Store, log audit.Store) error {
		if err := st.DiscardDraft(ctx, code); err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{At: s.d.Now(), ActorID: actor, Action: "catalog.discard_draft",
			ObjectType: auditObject, ObjectID: code})
	})
}

// Retire takes a procedure out of the catalogue, with a reason.
func (s *Service) Retire(ctx context.Context, actor int64, code, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		var e valid.Errors
		e.Add("reason", "catalog.error.retire_reason")
		return e
	}
	err := s.d.Tx(ctx, func(st Store, log audit.Store) error {
		p, err := st.Procedure(ctx, code)
		if err != nil {
			return err
		}
		if p.Retired() {
			return ErrRetired
		}
		if err := st.Retire(ctx, code, reason, s.d.Now()); err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{At: s.d.Now(), ActorID: actor, Action: "catalog.retire",
			ObjectType: auditObject, ObjectID: code, Changes: []audit.Change{{Field: "retired_reason", New: reason}}})
	})
	if err == nil {
		s.Invalidate()
	}
	return err
}

// History lists the audit trail of a procedure, oldest first.
func (s *Service) History(ctx context.Context, code string) ([]audit.Entry, error) {
	return s.d.Audit.ForObject(ctx, auditObject, code)
}

// Search runs a public query, clamping paging.
func (s *Service) Search(ctx context.Context, q Query) (Results, error) {
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PerPage < 1 || q.PerPage > 100 {
		q.PerPage = 20
	}
	q.Text = strings.Join(strings.Fields(q.Text), " ")
	if len([]rune(q.Text)) > 200 {
		q.Text = string([]rune(q.Text)[:200])
	}
	if s.d.Cache == nil {
		return s.d.Store.Search(ctx, q)
	}
	return s.d.Cache.Search(ctx, q, s.d.Store.Search)
}

// Invalidate tells the search cache that the catalogue changed outside
// the service (an import in this process).
func (s *Service) Invalidate() {
	if s.d.Cache != nil {
		s.d.Cache.Invalidate()
	}
}

// Procedure returns a procedure's header.
func (s *Service) Procedure(ctx context.Context, code string) (Procedure, error) {
	return s.d.Store.Procedure(ctx, code)
}

// Current returns the current version of a procedure that is not retired.
func (s *Service) Current(ctx context.Context, code string) (Version, error) {
	return s.d.Store.Current(ctx, code)
}

// Version returns one version.
func (s *Service) Version(ctx context.Context, code string, n int) (Version, error) {
	return s.d.Store.Version(ctx, code, n)
}

// Versions lists every version, newest first.
func (s *Service) Versions(ctx context.Context, code string) ([]Version, error) {
	return s.d.Store.Versions(ctx, code)
}

// AdminList lists procedures for administrators.
func (s *Service) AdminList(ctx context.Context, f AdminFilter) ([]AdminRow, int, error) {
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage < 1 || f.PerPage > 200 {
		f.PerPage = 50
	}
	return s.d.Store.AdminList(ctx, f)
}

// Template returns a blank form of a procedure.
func (s *Service) Template(ctx context.Context, code, name string) (File, error) {
	return s.d.Store.Template(ctx, code, name)
}

// Diff lists the top-level fields of a record that differ between old (nil
// for a new procedure) and new, with their values as compact JSON (plain
// text for strings), for the audit trail.
func Diff(old *Record, next Record) []audit.Change {
	var o Record
	if old != nil {
		o = *old
	}
	ov, nv := reflect.ValueOf(o), reflect.ValueOf(next)
	t := ov.Type()
	var out []audit.Change
	for i := range t.NumField() {
		name := strings.Split(t.Field(i).Tag.Get("json"), ",")[0]
		a, b := ov.Field(i).Interface(), nv.Field(i).Interface()
		if reflect.DeepEqual(a, b) {
			continue
		}
		oldText, newText := auditValue(a), auditValue(b)
		if oldText == newText {
			continue
		}
		if old == nil {
			oldText = ""
		}
		out = append(out, audit.Change{Field: name, Old: oldText, New: newText})
	}
	return out
}

func auditValue(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	if s, ok := v.(Level); ok {
		return string(s)
	}
	if s, ok := v.(OnlineLevel); ok {
		return string(s)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	s := strings.TrimSpace(buf.String())
	if s == "null" || s == "[]" || s == "{}" || s == `{"code":"","name":""}` {
		return ""
	}
	return s
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
