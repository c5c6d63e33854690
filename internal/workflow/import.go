package workflow

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/valid"
)

// ImportFile is one file of internal processes: those of one procedure,
// by case, as in testdata/seed/workflows:
//
//	{"procedure": "1.001193", "cases": [{"case": 0, "flow": {...}}]}
type ImportFile struct {
	Name string
	Data []byte
}

// importFile is the format of an ImportFile.
type importFile struct {
	Procedure string `json:"procedure"`
	Cases     []struct {
		Case *int `json:"case"`
		Flow Flow `json:"flow"`
	} `json:"cases"`
}

// ImportProblem is one reason an import was refused, or a draft left
// unpublished: a Check error of one case's flow (Field, Key, Args), or
// another problem (Err).
type ImportProblem struct {
	File string
	// Case is the case number, or -1 for a problem with the file itself.
	Case  int
	Field string // the path in the flow, as Check names it
	Key   string // the workflow.check.* message key
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
	return "internal processes not imported:\n  " + strings.Join(lines, "\n  ")
}

// ImportReport says what an import did to each case's process, by AuditID
// ("1.001193/0"), in input order.
type ImportReport struct {
	Added, Changed, Unchanged []string
	// Drafts were saved (or were already there) as drafts, not published:
	// the flow is sound but Check found what only the world can fix (no
	// staff yet in some unit). Waiting lists those problems; an
	// administrator publishes the drafts once the staff exist.
	Drafts  []string
	Waiting ImportErrors
}

type importItem struct {
	file   string
	code   string
	caseNo int
	flow   Flow
	// waiting is what Check finds that CheckDraft does not: the flow can
	// only be saved as a draft.
	waiting valid.Errors
}

// Import loads files of internal processes: all or nothing. Every flow is
// checked against its case in the procedure's current published version,
// and nothing is imported when any file, case or flow has a problem
// CheckDraft finds (an ImportErrors names each). Then, in one transaction,
// each flow is compared with the case's published definition: an equal
// one is left alone; a new or different one is saved as the draft
// (replacing an administrator's draft, as the catalogue import does) and
// published by actor, with an audit entry; unless Check finds problems
// only the world can fix (staff missing), when it stays a draft (an equal
// draft is left alone) and the report says why. A second run changes
// nothing; one after the staff are created publishes the drafts.
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
			w, err := s.d.World(ctx, in.Procedure, n)
			if errors.Is(err, ErrNotFound) {
				problems = append(problems, ImportProblem{File: f.Name, Case: n,
					Err: fmt.Errorf("procedure %s has no published version with case %d", in.Procedure, n)})
				continue
			}
			if err != nil {
				return ImportReport{}, err
			}
			draftErrs, err := c.Flow.CheckDraft(w)
			if err != nil {
				return ImportReport{}, err
			}
			for _, fe := range draftErrs {
				problems = append(problems, ImportProblem{File: f.Name, Case: n, Field: fe.Field, Key: fe.Key, Args: fe.Args})
			}
			it := importItem{file: f.Name, code: in.Procedure, caseNo: n, flow: c.Flow}
			if len(draftErrs) == 0 {
				if it.waiting, err = c.Flow.Check(w); err != nil {
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
	err := s.d.Tx(ctx, func(st Store, log audit.Store) error {
		rep = ImportReport{}
		at := s.d.Now()
		for _, it := range items {
			id := AuditID(it.code, it.caseNo)
			res, err := importOne(ctx, st, log, actor, at, it)
			if err != nil {
				return fmt.Errorf("import internal process %s: %w", id, err)
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
				for _, fe := range it.waiting {
					rep.Waiting = append(rep.Waiting, ImportProblem{File: it.file, Case: it.caseNo, Field: fe.Field, Key: fe.Key, Args: fe.Args})
				}
			}
		}
		return nil
	})
	if err != nil {
		return ImportReport{}, err
	}
	return rep, nil
}

type importResult int

const (
	importUnchanged importResult = iota
	importAdded
	importChanged
	importDraft
)

func importOne(ctx context.Context, st Store, log audit.Store, actor int64, at time.Time, it importItem) (importResult, error) {
	if err := st.Lock(ctx, it.code, it.caseNo); err != nil {
		return 0, err
	}
	var old Flow
	from := 0
	cur, err := st.Current(ctx, it.code, it.caseNo)
	switch {
	case err == nil:
		if SameFlow(cur.Flow, it.flow) {
			return importUnchanged, nil
		}
		old, from = cur.Flow, cur.Version
	case !errors.Is(err, ErrNotFound):
		return 0, err
	}
	if len(it.waiting) > 0 {
		switch d, err := st.Draft(ctx, it.code, it.caseNo); {
		case err == nil && SameFlow(d.Flow, it.flow):
			return importDraft, nil
		case err != nil && !errors.Is(err, ErrNotFound):
			return 0, err
		}
	}
	draft, err := st.SaveDraft(ctx, it.code, it.caseNo, it.flow, actor, at)
	if err != nil {
		return 0, err
	}
	if len(it.waiting) > 0 {
		changes := append([]audit.Change{{Field: "version", Old: versionText(from), New: versionText(draft.Version)}},
			Diff(old, it.flow)...)
		return importDraft, log.Append(ctx, audit.Entry{At: at, ActorID: actor, Action: "workflow.import_draft",
			ObjectType: AuditObject, ObjectID: AuditID(it.code, it.caseNo), Changes: changes})
	}
	if _, err := publish(ctx, st, log, actor, at, draft, "workflow.import"); err != nil {
		return 0, err
	}
	if from == 0 {
		return importAdded, nil
	}
	return importChanged, nil
}
