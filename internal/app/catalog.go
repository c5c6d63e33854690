package app

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/pgstore"
)

// seedCatalogDir is where the seed catalogue sits in motcua.SeedFS.
const seedCatalogDir = "testdata/seed/catalog"

// Importer builds a catalogue importer writing to the app's database in
// one transaction, validating with ValidateRecord (messages in English, key
// kept) and reading blank forms through templates (nil ignores forms).
func (a *App) Importer(templates func(code, name string) ([]byte, bool), dryRun bool) *catalog.Importer {
	return &catalog.Importer{
		Tx: func(ctx context.Context, fn func(catalog.Store, audit.Store) error) error {
			return a.DB.InTx(ctx, func(tx *pgstore.DB) error { return fn(pgstore.NewCatalogStore(tx), pgstore.NewAuditStore(tx)) })
		},
		Validate:  ImportValidator(a.Messages),
		Now:       time.Now,
		Templates: templates,
		DryRun:    dryRun,
		Changed:   a.Catalog.Invalidate,
	}
}

// SeedCatalog imports the embedded seed catalogue (one JSON file per
// procedure, forms in forms/) through the same importer as
// `motcua catalog import`; a second run changes nothing.
func (a *App) SeedCatalog(ctx context.Context) (catalog.ImportReport, error) {
	files, forms, err := ImportFiles(motcua.SeedFS, seedCatalogDir)
	if err != nil {
		return catalog.ImportReport{}, err
	}
	return a.Importer(FormReader(motcua.SeedFS, forms), false).Import(ctx, 0, files, nil)
}

// ImportFiles reads p from fsys: one JSON file, or every *.json directly in
// the folder p, in name order. It also names the folder where blank forms
// are looked for (forms/ beside the files).
func ImportFiles(fsys fs.FS, p string) (files []catalog.ImportFile, formsDir string, err error) {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, "", err
	}
	names := []string{p}
	formsDir = path.Join(path.Dir(p), "forms")
	if info.IsDir() {
		formsDir = path.Join(p, "forms")
		entries, err := fs.ReadDir(fsys, p) // sorted by name
		if err != nil {
			return nil, "", err
		}
		names = names[:0]
		for _, e := range entries {
			if !e.IsDir() && strings.EqualFold(path.Ext(e.Name()), ".json") {
				names = append(names, path.Join(p, e.Name()))
			}
		}
		if len(names) == 0 {
			return nil, "", fmt.Errorf("no *.json file in %s", p)
		}
	}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, "", err
		}
		files = append(files, catalog.ImportFile{Name: name, Data: data})
	}
	return files, formsDir, nil
}

// FormReader serves blank forms from dir in fsys: dir/CODE/NAME first, then
// dir/NAME. Names that would leave the folder are refused. Without the
// folder it returns nil (forms are ignored).
func FormReader(fsys fs.FS, dir string) func(code, name string) ([]byte, bool) {
	if info, err := fs.Stat(fsys, dir); err != nil || !info.IsDir() {
		return nil
	}
	plain := func(s string) bool { return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, `/\`) }
	return func(code, name string) ([]byte, bool) {
		if !plain(name) {
			return nil, false
		}
		paths := []string{path.Join(dir, name)}
		if plain(code) {
			paths = []string{path.Join(dir, code, name), path.Join(dir, name)}
		}
		for _, p := range paths {
			if data, err := fs.ReadFile(fsys, p); err == nil {
				return data, true
			}
		}
		return nil, false
	}
}

// ImportValidator checks records with catalog.ValidateRecord, with the
// messages in English (the key kept in brackets) for operators.
func ImportValidator(msgs *i18n.Catalog) func(catalog.Record) error {
	p := msgs.Printer(i18n.EN)
	return func(r catalog.Record) error {
		errs := catalog.ValidateRecord(r)
		for i, fe := range errs {
			if msgs.Has(fe.Key) {
				errs[i].Key = p.T(fe.Key, fe.Args...) + " (" + fe.Key + ")"
				errs[i].Args = nil
			}
		}
		return errs.OrNil()
	}
}
