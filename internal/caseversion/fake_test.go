package caseversion_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/caseversion"
	"github.com/motcua/motcua/internal/valid"
)

// note is the document of the tests: a title and lines.
type note struct {
	Title string   `json:"title"`
	Lines []string `json:"lines,omitempty"`
}

// noteDef is a version of a note, as a domain package defines it.
type noteDef struct {
	caseversion.Meta
	Note note
}

func (d noteDef) Document() note { return d.Note }

var (
	errNotFound = errors.New("note: not found")
	errConflict = errors.New("note: changed by someone else")
	errNoDraft  = errors.New("note: no draft")
)

// noteDiff lists the title and the lines changed.
func noteDiff(old, next note) []audit.Change {
	var out []audit.Change
	if old.Title != next.Title {
		out = append(out, audit.Change{Field: "title", Old: old.Title, New: next.Title})
	}
	if !slices.Equal(old.Lines, next.Lines) {
		out = append(out, audit.Change{Field: "lines", Old: strings.Join(old.Lines, "|"), New: strings.Join(next.Lines, "|")})
	}
	return out
}

func sameNote(a, b note) bool { return a.Title == b.Title && slices.Equal(a.Lines, b.Lines) }

// decodeNote reads strict JSON: no attribute the target lacks.
func decodeNote(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("note: %w", err)
	}
	return nil
}

// world is what the checks of the tests read: which cases exist, and
// whether the world lets notes be published (signers).
type world struct {
	cases   map[string]int // procedure code -> number of cases
	signers bool
}

// checks: a note needs a title (draft), and signers to be published.
func (w *world) checks(_ context.Context, code string, caseNo int) (caseversion.Checks[note], error) {
	if caseNo < 0 || caseNo >= w.cases[code] {
		return caseversion.Checks[note]{}, fmt.Errorf("procedure %s case %d: %w", code, caseNo, errNotFound)
	}
	draft := func(n note) (valid.Errors, error) {
		var errs valid.Errors
		if n.Title == "" {
			errs.Add("title", "note.check.title_required")
		}
		for i, l := range n.Lines {
			if l == "" {
				errs.Add(fmt.Sprintf("lines.%d", i), "note.check.line_empty")
			}
		}
		return errs, nil
	}
	signers := w.signers
	return caseversion.Checks[note]{Draft: draft, Publish: func(n note) (valid.Errors, error) {
		errs, err := draft(n)
		if err == nil && len(errs) == 0 && !signers {
			errs.Add("lines", "note.check.no_signer", code)
		}
		return errs, err
	}}, nil
}

// memStore is an in-memory caseversion.Store of notes. Its transactions
// work on a copy that replaces the original only when they succeed.
type memStore struct {
	rows map[string][]noteDef // by AuditID, oldest first
	rev  int64
	// fail, when set, is returned by SaveDraft for that AuditID.
	fail map[string]error
}

func newMemStore() *memStore {
	return &memStore{rows: map[string][]noteDef{}, fail: map[string]error{}}
}

func (s *memStore) clone() *memStore {
	c := &memStore{rows: map[string][]noteDef{}, rev: s.rev, fail: s.fail}
	for k, v := range s.rows {
		c.rows[k] = slices.Clone(v)
	}
	return c
}

func (s *memStore) find(code string, caseNo int, ok func(noteDef) bool) (noteDef, error) {
	for _, d := range s.rows[caseversion.AuditID(code, caseNo)] {
		if ok(d) {
			return d, nil
		}
	}
	return noteDef{}, fmt.Errorf("note %s: %w", caseversion.AuditID(code, caseNo), errNotFound)
}

func withStatus(st caseversion.Status) func(noteDef) bool {
	return func(d noteDef) bool { return d.Status == st }
}

func (s *memStore) Lock(context.Context, string, int) error { return nil }

func (s *memStore) SaveDraft(_ context.Context, code string, caseNo int, n note, actor int64, at time.Time) (noteDef, error) {
	id := caseversion.AuditID(code, caseNo)
	if err := s.fail[id]; err != nil {
		return noteDef{}, err
	}
	s.rev++
	rows := s.rows[id]
	for i := range rows {
		if rows[i].Status == caseversion.StatusDraft {
			rows[i].Note, rows[i].Revision, rows[i].CreatedBy, rows[i].CreatedAt = n, s.rev, actor, at
			return rows[i], nil
		}
	}
	d := noteDef{Meta: caseversion.Meta{Procedure: code, Case: caseNo, Version: len(rows) + 1, Status: caseversion.StatusDraft,
		CreatedAt: at, CreatedBy: actor, Revision: s.rev}, Note: n}
	s.rows[id] = append(rows, d)
	return d, nil
}

func (s *memStore) Publish(_ context.Context, code string, caseNo int, actor int64, at time.Time) (noteDef, error) {
	rows := s.rows[caseversion.AuditID(code, caseNo)]
	for i := range rows {
		if rows[i].Status == caseversion.StatusDraft {
			for j := range rows {
				if rows[j].Status == caseversion.StatusPublished {
					rows[j].Status = caseversion.StatusSuperseded
				}
			}
			s.rev++
			rows[i].Status, rows[i].PublishedBy, rows[i].PublishedAt, rows[i].Revision = caseversion.StatusPublished, actor, at, s.rev
			return rows[i], nil
		}
	}
	return noteDef{}, errNoDraft
}

func (s *memStore) DiscardDraft(_ context.Context, code string, caseNo int) error {
	id := caseversion.AuditID(code, caseNo)
	n := len(s.rows[id])
	s.rows[id] = slices.DeleteFunc(s.rows[id], withStatus(caseversion.StatusDraft))
	if len(s.rows[id]) == n {
		return errNoDraft
	}
	return nil
}

func (s *memStore) Current(_ context.Context, code string, caseNo int) (noteDef, error) {
	return s.find(code, caseNo, withStatus(caseversion.StatusPublished))
}

func (s *memStore) Draft(_ context.Context, code string, caseNo int) (noteDef, error) {
	return s.find(code, caseNo, withStatus(caseversion.StatusDraft))
}

func (s *memStore) Version(_ context.Context, code string, caseNo, n int) (noteDef, error) {
	return s.find(code, caseNo, func(d noteDef) bool { return d.Version == n })
}

func (s *memStore) Versions(_ context.Context, code string, caseNo int) ([]noteDef, error) {
	out := slices.Clone(s.rows[caseversion.AuditID(code, caseNo)])
	slices.Reverse(out)
	return out, nil
}

func (s *memStore) Heads(_ context.Context, code string) ([]caseversion.Head, error) {
	var out []caseversion.Head
	for id, rows := range s.rows {
		if !strings.HasPrefix(id, code+"/") || len(rows) == 0 {
			continue
		}
		h := caseversion.Head{Procedure: code, Case: rows[0].Case}
		for _, d := range rows {
			switch d.Status {
			case caseversion.StatusPublished:
				h.Current = d.Version
				if h.Draft == 0 {
					h.Revision = d.Revision
				}
			case caseversion.StatusDraft:
				h.Draft, h.Revision = d.Version, d.Revision
			}
		}
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Case < out[j].Case })
	return out, nil
}

// memAudit is an in-memory audit.Store.
type memAudit struct{ entries []audit.Entry }

func (a *memAudit) Append(_ context.Context, e audit.Entry) error {
	a.entries = append(a.entries, e)
	return nil
}

func (a *memAudit) ForObject(_ context.Context, objectType, objectID string) ([]audit.Entry, error) {
	var out []audit.Entry
	for _, e := range a.entries {
		if e.ObjectType == objectType && e.ObjectID == objectID {
			out = append(out, e)
		}
	}
	return out, nil
}

// fixture is a service of notes on memory stores.
type fixture struct {
	svc   *caseversion.Service[note, noteDef]
	store *memStore
	log   *memAudit
	world *world
	now   time.Time
}

const code = "1.001193"

func newFixture() *fixture {
	f := &fixture{store: newMemStore(), log: &memAudit{}, world: &world{cases: map[string]int{code: 2}, signers: true},
		now: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
	f.svc = caseversion.New(caseversion.Deps[note, noteDef]{
		Store: f.store, Audit: f.log,
		Tx: func(_ context.Context, fn func(caseversion.Store[note, noteDef], audit.Store) error) error {
			st, log := f.store.clone(), &memAudit{entries: slices.Clone(f.log.entries)}
			if err := fn(st, log); err != nil {
				return err
			}
			*f.store, *f.log = *st, *log
			return nil
		},
		Now: func() time.Time { f.now = f.now.Add(time.Minute); return f.now },
	}, caseversion.Hooks[note]{
		Object: "note", What: "note",
		ErrNotFound: errNotFound, ErrConflict: errConflict, ErrNoDraft: errNoDraft,
		Checks: f.world.checks, Diff: noteDiff, Equal: sameNote, Decode: decodeNote, Key: "note",
	})
	return f
}

// trail summarises the audit trail of a case: action and changes.
func (f *fixture) trail(caseNo int) []string {
	entries, err := f.svc.History(context.Background(), code, caseNo)
	if err != nil {
		panic(err)
	}
	var out []string
	for _, e := range entries {
		s := e.Action
		for _, c := range e.Changes {
			s += " " + c.Field + "[" + c.Old + "→" + c.New + "]"
		}
		out = append(out, s)
	}
	return out
}
