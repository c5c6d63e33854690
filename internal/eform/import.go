package eform

import "github.com/motcua/motcua/internal/caseversion"

// ImportFile is one file of e-forms: those of one procedure, by case, as
// in testdata/seed/eforms:
//
//	{"procedure": "1.001193", "cases": [{"case": 0, "form": {...}}]}
type ImportFile = caseversion.ImportFile

// ImportProblem is one reason an import was refused: a Check error of one
// case's form (Field, Key: an eform.check.* message key, Args), or another
// problem (Err).
type ImportProblem = caseversion.ImportProblem

// ImportErrors lists every problem found; nothing was imported.
type ImportErrors []ImportProblem

func (e ImportErrors) Error() string { return "e-forms " + caseversion.ImportErrors(e).Error() }

// ImportReport says what an import did to each case's e-form, by AuditID
// ("1.001193/0"), in input order.
type ImportReport struct {
	Added, Changed, Unchanged []string
}
