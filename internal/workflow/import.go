package workflow

import "github.com/motcua/motcua/internal/caseversion"

// ImportFile is one file of internal processes: those of one procedure,
// by case, as in testdata/seed/workflows:
//
//	{"procedure": "1.001193", "cases": [{"case": 0, "flow": {...}}]}
type ImportFile = caseversion.ImportFile

// ImportProblem is one reason an import was refused, or a draft left
// unpublished: a Check error of one case's flow (Field, Key: a
// workflow.check.* message key, Args), or another problem (Err).
type ImportProblem = caseversion.ImportProblem

// ImportErrors lists every problem found; nothing was imported.
type ImportErrors []ImportProblem

func (e ImportErrors) Error() string {
	return "internal processes " + caseversion.ImportErrors(e).Error()
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
