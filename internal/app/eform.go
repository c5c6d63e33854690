package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/caseversion"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/pgstore"
)

// seedEformDir is where the seed e-forms sit in motcua.SeedFS.
const seedEformDir = "testdata/seed/eforms"

// newEforms wires the e-form service on db: its stores, transactions, and
// the catalogue that says how many documents each case has.
func newEforms(db *pgstore.DB, procedures *pgstore.CatalogStore) *eform.Service {
	return eform.NewService(eform.Deps{
		Store: pgstore.NewEformStore(db), Audit: pgstore.NewAuditStore(db),
		Tx: func(ctx context.Context, fn func(eform.Store, audit.Store) error) error {
			return db.InTx(ctx, func(tx *pgstore.DB) error { return fn(pgstore.NewEformStore(tx), pgstore.NewAuditStore(tx)) })
		},
		Documents: CaseDocuments(procedures),
	})
}

// CaseDocuments counts the document rows of a case in a procedure's current
// published version, for eform.Deps.Documents.
func CaseDocuments(procedures catalog.Store) func(ctx context.Context, code string, caseNo int) (int, error) {
	return func(ctx context.Context, code string, caseNo int) (int, error) {
		v, err := procedures.Current(ctx, code)
		if errors.Is(err, catalog.ErrNotFound) {
			return 0, fmt.Errorf("procedure %s: %w", code, eform.ErrNotFound)
		}
		if err != nil {
			return 0, err
		}
		if caseNo < 0 || caseNo >= len(v.Record.Cases) {
			return 0, fmt.Errorf("procedure %s case %d: %w", code, caseNo, eform.ErrNotFound)
		}
		return len(v.Record.Cases[caseNo].Documents), nil
	}
}

// SeedEforms imports the embedded seed e-forms (one JSON file per
// procedure, see testdata/seed/eforms/README.md); a second run changes
// nothing. The catalogue must be seeded first.
func (a *App) SeedEforms(ctx context.Context) (eform.ImportReport, error) {
	return a.ImportEforms(ctx, motcua.SeedFS, seedEformDir)
}

// ImportEforms imports every *.json directly in dir of fsys, in name
// order, in one transaction; problems are reported with the file, the
// case, the path in the definition and the message in English (its key
// kept in brackets).
func (a *App) ImportEforms(ctx context.Context, fsys fs.FS, dir string) (eform.ImportReport, error) {
	files, err := importFiles(fsys, dir)
	if err != nil {
		return eform.ImportReport{}, err
	}
	rep, err := a.Eforms.Import(ctx, 0, files)
	var probs eform.ImportErrors
	if errors.As(err, &probs) {
		return rep, englishProblems(a.Messages, probs)
	}
	return rep, err
}

// importFiles reads every *.json directly in dir of fsys, in name order,
// for an import of e-forms or internal processes.
func importFiles(fsys fs.FS, dir string) ([]caseversion.ImportFile, error) {
	entries, err := fs.ReadDir(fsys, dir) // sorted by name
	if err != nil {
		return nil, err
	}
	var files []caseversion.ImportFile
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(path.Ext(e.Name()), ".json") {
			continue
		}
		name := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		files = append(files, caseversion.ImportFile{Name: name, Data: data})
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no *.json file in %s", dir)
	}
	return files, nil
}

// englishProblems puts each Check problem's message in English, keeping
// the key, for operators.
func englishProblems[E ~[]caseversion.ImportProblem](msgs *i18n.Catalog, probs E) E {
	if probs == nil {
		return nil
	}
	p := msgs.Printer(i18n.EN)
	out := make(E, len(probs))
	for i, pr := range probs {
		if pr.Err == nil && msgs.Has(pr.Key) {
			pr.Key = p.T(pr.Key, pr.Args...) + " (" + pr.Key + ")"
			pr.Args = nil
		}
		out[i] = pr
	}
	return out
}
