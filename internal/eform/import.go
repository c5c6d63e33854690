package eform

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/audit"
)

// ImportFile is one file of e-forms: those of one procedure, by case, as
// in testdata/seed/eforms:
//
//	{"procedure": "1.001193", "cases": [{"case": 0, "form": {...}}]}
type ImportFile struct {
	Name string
	Data []byte
}

// importFile is the format of an ImportFile.
type importFile struct {
	Procedure string `json:"procedure"`
	Cases     []struct {
		Case *int `json:"case"`
		Form Form `json:"form"`
	} `json:"cases"`
}

// ImportProblem is one reason an import was refused: a Check error of one
// case's form (Field, Key, Args), or another problem (Err).
type ImportProblem struct {
	File string
	// Case is the case number, or -1 for a problem with the file itself.
	Case  int
	Field string // the path in the definition, as Check names it
	Key   string // the eform.check.* message key
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

// ImportErrors lists every problem found; nothing was imported.
type ImportErrors []ImportProblem

func (e ImportErrors) Error() string {
	lines := make([]string, len(e))
	for i, p := range e {
		lines[i] = p.String()
	}
	return "e-forms not imported:\n  " + strings.Join(lines, "\n  ")
}

// ImportReport says what an import did to each case's e-form, by AuditID
// ("1.001193/0"), in input order.
type ImportReport struct {
	Added, Changed, Unchanged []string
}

type importItem struct {
	code   string
	caseNo int
	form   Form
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
	var problems ImportErrors
	var items []importItem
	seen := map[string]string{} // AuditID -> file
	for _, f := range files {
		var in importFile
		if err := decodeStrict(f.Data, &in); err != nil {
			problems = append(problems, ImportProblem{File: f.Name, Case: -1, Err: err})
			continue
		}
		if strings.TrimSpace(in.Procedure) == "" {
			problems = append(problems, ImportProblem{File: f.Name, Case: -1, Err: errors.New(`no "procedure"`)})
			continue
		}
		for i, c := range in.Cases {
			if c.Case == nil || *c.Case < 0 {
				problems = append(problems, ImportProblem{File: f.Name, Case: -1,
					Err: fmt.Errorf(`cases.%d: "case" must be a case number from 0`, i)})
				continue
			}
			n := *c.Case
			id := AuditID(in.Procedure, n)
			if other, dup := seen[id]; dup {
				problems = append(problems, ImportProblem{File: f.Name, Case: n,
					Err: fmt.Errorf("procedure %s case %d is also in %s", in.Procedure, n, other)})
				continue
			}
			seen[id] = f.Name
			docs, err := s.d.Documents(ctx, in.Procedure, n)
			if errors.Is(err, ErrNotFound) {
				problems = append(problems, ImportProblem{File: f.Name, Case: n,
					Err: fmt.Errorf("procedure %s has no published version with case %d", in.Procedure, n)})
				continue
			}
			if err != nil {
				return ImportReport{}, err
			}
			for _, fe := range c.Form.Check(docs) {
				problems = append(problems, ImportProblem{File: f.Name, Case: n, Field: fe.Field, Key: fe.Key, Args: fe.Args})
			}
			items = append(items, importItem{code: in.Procedure, caseNo: n, form: c.Form})
		}
	}
	if len(problems) > 0 {
		return ImportReport{}, problems
	}
	var rep ImportReport
	err := s.d.Tx(ctx, func(st Store, log audit.Store) error {
		rep = ImportReport{}
		at := s.d.Now()
		for _, it := range items {
			id := AuditID(it.code, it.caseNo)
			added, changed, err := importOne(ctx, st, log, actor, at, it)
			if err != nil {
				return fmt.Errorf("import e-form %s: %w", id, err)
			}
			switch {
			case added:
				rep.Added = append(rep.Added, id)
			case changed:
				rep.Changed = append(rep.Changed, id)
			default:
				rep.Unchanged = append(rep.Unchanged, id)
			}
		}
		return nil
	})
	if err != nil {
		return ImportReport{}, err
	}
	return rep, nil
}

func importOne(ctx context.Context, st Store, log audit.Store, actor int64, at time.Time, it importItem) (added, changed bool, err error) {
	if err := st.Lock(ctx, it.code, it.caseNo); err != nil {
		return false, false, err
	}
	var old Form
	from := 0
	cur, err := st.Current(ctx, it.code, it.caseNo)
	switch {
	case err == nil:
		if SameForm(cur.Form, it.form) {
			return false, false, nil
		}
		old, from = cur.Form, cur.Version
	case !errors.Is(err, ErrNotFound):
		return false, false, err
	}
	if _, err := st.SaveDraft(ctx, it.code, it.caseNo, it.form, actor, at); err != nil {
		return false, false, err
	}
	v, err := st.Publish(ctx, it.code, it.caseNo, actor, at)
	if err != nil {
		return false, false, err
	}
	changes := append([]audit.Change{{Field: "version", Old: versionText(from), New: versionText(v.Version)}}, Diff(old, it.form)...)
	err = log.Append(ctx, audit.Entry{At: at, ActorID: actor, Action: "eform.import", ObjectType: AuditObject,
		ObjectID: AuditID(it.code, it.caseNo), Changes: changes})
	return from == 0, from != 0, err
}
