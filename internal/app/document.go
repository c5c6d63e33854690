package app

import (
	"context"
	"strings"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/pdfgen"
	"github.com/motcua/motcua/internal/pgstore"
	"github.com/motcua/motcua/web/route"
)

// newDocuments wires the issuing of documents: PDFs drawn by pdfgen, kept
// in the file store, recorded with their hashes and numbers.
func (a *App) newDocuments() (*document.Service, error) {
	db := a.DB
	a.DocumentStore = pgstore.NewDocumentStore(db)
	return document.NewService(document.Deps{
		Store: a.DocumentStore,
		Tx: func(ctx context.Context, fn func(document.Store, audit.Store) error) error {
			return db.InTx(ctx, func(tx *pgstore.DB) error { return fn(pgstore.NewDocumentStore(tx), pgstore.NewAuditStore(tx)) })
		},
		Files: a.Files, Renderer: pdfgen.New(), Now: a.Now,
		VerifyURL: func(code string) string { return a.absolute(string(route.VerifyCode(code))) },
	})
}

// absolute makes a path an absolute URL on BASE_URL.
func (a *App) absolute(path string) string {
	return strings.TrimSuffix(a.Config.BaseURL, "/") + path
}
