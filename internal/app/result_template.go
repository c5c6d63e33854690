package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/pgstore"
)

// newResultTemplates wires the result templates: kept with the documents,
// checked against the e-forms through the dossier service (which draws
// the results).
func (a *App) newResultTemplates() (*document.Templates, error) {
	db := a.DB
	return document.NewTemplates(document.TemplateDeps{
		Store: a.DocumentStore,
		Tx: func(ctx context.Context, fn func(document.TemplateStore, audit.Store) error) error {
			return db.InTx(ctx, func(tx *pgstore.DB) error { return fn(pgstore.NewDocumentStore(tx), pgstore.NewAuditStore(tx)) })
		},
		Fields: a.Dossiers, Now: a.Now,
	})
}

// SeedResultTemplatesFile is the embedded seed of result templates: an
// object from procedure code to template.
const SeedResultTemplatesFile = "testdata/seed/result-templates.json"

// ReadSeedResultTemplates reads the embedded seed of result templates.
func ReadSeedResultTemplates() (map[string]document.ResultTemplate, error) {
	b, err := motcua.SeedFS.ReadFile(SeedResultTemplatesFile)
	if err != nil {
		return nil, err
	}
	var ts map[string]document.ResultTemplate
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ts); err != nil {
		return nil, fmt.Errorf("result-templates.json: %w", err)
	}
	return ts, nil
}

// SeedResultTemplates adds the seed templates of procedures that have none
// (an administrator's template stays). The catalogue and the e-forms must
// be seeded first: each template is checked against them.
func (a *App) SeedResultTemplates(ctx context.Context) (document.SeedReport, error) {
	ts, err := ReadSeedResultTemplates()
	if err != nil {
		return document.SeedReport{}, err
	}
	return a.ResultTemplates.Seed(ctx, ts)
}
