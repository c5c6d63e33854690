package caseversion

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/valid"
)

// ImportFile is one file of documents: those of one procedure, by case,
// under the name Hooks.Key gives them ("form"):
//
//	{"procedure": "1.001193", "cases": [{"case": 0, "form": {...}}]}
type ImportFile struct {
	Name string
	Data []byte
}

// ImportProblem is one reason an import was refused, or a draft left
// unpublished: a check error of one case's document (Field, Key, Args), or
// another problem (Err).
type ImportProblem struct {
	File string
	// Case is the case number, or -1 for a problem with the file itself.
	Case  int
	Field string // the path in the document, as the check names it
	Key   string // the check's message key
	Args  []any
	Err   error
}

func (p ImportProblem) String() string {
	s := p.File
	if p.Case >= 0 {
		s += ": case " + strconv.Itoa(p.Case)
	}
	if p.Err != nil {
		return s + ": " + p.Err.Error()
	}
	s += ": " + p.Field + ": " + p.Key
	if len(p.Args) > 0 {
		s += fmt.Sprint(p.Args)
	}
	return s
}

// ImportErrors lists every problem found; nothing was imported. Domain
// packages name the documents before its message ("e-forms not
// imported: ...").
type ImportErrors []ImportProblem

func (e ImportErrors) Error() string {
	lines := make([]string, len(e))
	for i, p := range e {
		lines[i] = p.String()
	}
	return "not imported:\n  " + strings.Join(lines, "\n  ")
}

// ImportReport says what an import did to each case's document, by AuditID
// ("1.001193/0"), in input order.
type ImportReport struct {
	Added, Changed, Unchanged []string
	// Drafts were saved (or were already there) as drafts, not published:
	// the document passes Checks.Draft but Checks.Publish found what only
	// the world can fix. Waiting lists those problems.
	Drafts  []string
	Waiting ImportErrors
}

type importItem[T any] struct {
	file   string
	code   string
	caseNo int
	doc    T
	// waiting is what Checks.Publish finds that Checks.Draft does not: the
	// document can only be saved as a draft.
	waiting valid.Errors
}

// importFile reads one file, as the format Hooks.Key names.
func (s *Service[T, D]) importFile(data []byte) (code string, cases []importCase[T], err error) {
	// {"procedure": "...", "cases": [{"case": 0, "<key>": {...}}]}, with the
	// document under its own name, read strictly like any other document.
	caseType := reflect.StructOf([]reflect.StructField{
		{Name: "Case", Type: reflect.TypeFor[*int](), Tag: `json:"case"`},
		{Name: "Doc", Type: reflect.TypeFor[T](), Tag: reflect.StructTag(`json:"` + s.h.Key + `"`)},
	})
	fileType := reflect.StructOf([]reflect.StructField{
		{Name: "Procedure", Type: reflect.TypeFor[string](), Tag: `json:"procedure"`},
		{Name: "Cases", Type: reflect.SliceOf(caseType), Tag: `json:"cases"`},
	})
	in := reflect.New(fileType)
	if err := s.h.Decode(data, in.Interface()); err != nil {
		return "", nil, err
	}
	file := in.Elem()
	list := file.Field(1)
	cases = make([]importCase[T], list.Len())
	for i := range cases {
		c := list.Index(i)
		cases[i] = importCase[T]{number: c.Field(0).Interface().(*int), doc: c.Field(1).Interface().(T)}
	}
	return file.Field(0).String(), cases, nil
}

// importCase is one case of an import file.
type importCase[T any] struct {
	number *int
	doc    T
}

// Import loads files of documents: all or nothing. Every document is
// checked against its case in the procedure's current published version,
// and nothing is imported when any file, case or document has a problem
// Checks.Draft finds (an ImportErrors names each). Then, in one
// transaction, each document is compared with the case's published
// definition: an equal one is left alone; a new or different one is saved
// as the draft (replacing an administrator's draft, as the catalogue
// import does) and published by actor, with an audit entry; unless
// Checks.Publish finds problems only the world can fix, when it stays a
// draft (an equal draft is left alone) and the report says why. A second
// run changes nothing; one after the world is fixed publishes the drafts.
func (s *Service[T, D]) Import(ctx context.Context, actor int64, files []ImportFile) (ImportReport, error) {
	var problems ImportErrors
	var items []importItem[T]
	seen := map[string]string{} // AuditID -> file
	for _, f := range files {
		code, cases, err := s.importFile(f.Data)
		if err != nil {
			problems = append(problems, ImportProblem{File: f.Name, Case: -1, Err: err})
			continue
		}
		if strings.TrimSpace(code) == "" {
			problems = append(problems, ImportProblem{File: f.Name, Case: -1, Err: errors.New(`no "procedure"`)})
			continue
		}
		for i, c := range cases {
			if c.number == nil || *c.number < 0 {
				problems = append(problems, ImportProblem{File: f.Name, Case: -1,
					Err: fmt.Errorf(`cases.%d: "case" must be a case number from 0`, i)})
				continue
			}
			n := *c.number
			id := AuditID(code, n)
			if other, dup := seen[id]; dup {
				problems = append(problems, ImportProblem{File: f.Name, Case: n,
					Err: fmt.Errorf("procedure %s case %d is also in %s", code, n, other)})
				continue
			}
			seen[id] = f.Name
			checks, err := s.h.Checks(ctx, code, n)
			if errors.Is(err, s.h.ErrNotFound) {
				problems = append(problems, ImportProblem{File: f.Name, Case: n,
					Err: fmt.Errorf("procedure %s has no published version with case %d", code, n)})
				continue
			}
			if err != nil {
				return ImportReport{}, err
			}
			draftErrs, err := checks.Draft(c.doc)
			if err != nil {
				return ImportReport{}, err
			}
			problems = append(problems, checkProblems(f.Name, n, draftErrs)...)
			it := importItem[T]{file: f.Name, code: code, caseNo: n, doc: c.doc}
			if len(draftErrs) == 0 && checks.Publish != nil {
				if it.waiting, err = checks.Publish(c.doc); err != nil {
					return ImportReport{}, err
				}
			}
			items = append(items, it)
		}
	}
	if len(problems) > 0 {
		return ImportReport{}, problems
	}
	var rep ImportReport
	err := s.d.Tx(ctx, func(st Store[T, D], log audit.Store) error {
		rep = ImportReport{}
		at := s.d.Now()
		for _, it := range items {
			id := AuditID(it.code, it.caseNo)
			res, err := s.importOne(ctx, st, log, actor, at, it)
			if err != nil {
				return fmt.Errorf("import %s %s: %w", s.h.What, id, err)
			}
			switch res {
			case importAdded:
				rep.Added = append(rep.Added, id)
			case importChanged:
				rep.Changed = append(rep.Changed, id)
			case importUnchanged:
				rep.Unchanged = append(rep.Unchanged, id)
			case importDraft:
				rep.Drafts = append(rep.Drafts, id)
				rep.Waiting = append(rep.Waiting, checkProblems(it.file, it.caseNo, it.waiting)...)
			}
		}
		return nil
	})
	if err != nil {
		return ImportReport{}, err
	}
	return rep, nil
}

// checkProblems are the check errors of one case's document.
func checkProblems(file string, caseNo int, errs valid.Errors) []ImportProblem {
	out := make([]ImportProblem, len(errs))
	for i, fe := range errs {
		out[i] = ImportProblem{File: file, Case: caseNo, Field: fe.Field, Key: fe.Key, Args: fe.Args}
	}
	return out
}

type importResult int

const (
	importUnchanged importResult = iota
	importAdded
	importChanged
	importDraft
)

func (s *Service[T, D]) importOne(ctx context.Context, st Store[T, D], log audit.Store, actor int64, at time.Time,
	it importItem[T]) (importResult, error) {
	if err := st.Lock(ctx, it.code, it.caseNo); err != nil {
		return 0, err
	}
	var old T
	from := 0
	cur, err := st.Current(ctx, it.code, it.caseNo)
	switch {
	case err == nil:
		if s.h.Equal(cur.Document(), it.doc) {
			return importUnchanged, nil
		}
		old, from = cur.Document(), cur.Info().Version
	case !errors.Is(err, s.h.ErrNotFound):
		return 0, err
	}
	if len(it.waiting) > 0 {
		switch d, err := st.Draft(ctx, it.code, it.caseNo); {
		case err == nil && s.h.Equal(d.Document(), it.doc):
			return importDraft, nil
		case err != nil && !errors.Is(err, s.h.ErrNotFound):
			return 0, err
		}
	}
	draft, err := st.SaveDraft(ctx, it.code, it.caseNo, it.doc, actor, at)
	if err != nil {
		return 0, err
	}
	if len(it.waiting) > 0 {
		changes := append([]audit.Change{versionChange(from, draft.Info().Version)}, s.h.Diff(old, it.doc)...)
		return importDraft, log.Append(ctx, s.entry(at, actor, "import_draft", it.code, it.caseNo, changes))
	}
	if _, err := s.publish(ctx, st, log, actor, at, draft, "import"); err != nil {
		return 0, err
	}
	if from == 0 {
		return importAdded, nil
	}
	return importChanged, nil
}
