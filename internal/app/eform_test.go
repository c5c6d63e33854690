package app_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/dbtest"
)

func TestSeedEformsAfterTheCatalogue(t *testing.T) {
	db := dbtest.Open(t)
	cfg, err := config.LoadFrom(func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(cfg, slog.New(slog.DiscardHandler), db, account.HashParams{Memory: 1024, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// Without the catalogue, no case exists to hold an e-form.
	if _, err := a.SeedEforms(ctx); err == nil || !strings.Contains(err.Error(),
		"testdata/seed/eforms/1.001193.json: case 0: procedure 1.001193 has no published version with case 0") {
		t.Fatalf("e-forms before the catalogue: %v", err)
	}
	if _, _, _, err := a.SeedUnits(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SeedCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	rep, err := a.SeedEforms(ctx)
	if err != nil || len(rep.Added) != 41 || len(rep.Changed)+len(rep.Unchanged) != 0 || rep.Added[0] != "1.000656/0" {
		t.Fatalf("first seed: %d added, %d changed, %d unchanged, %v", len(rep.Added), len(rep.Changed), len(rep.Unchanged), err)
	}
	if rep, err = a.SeedEforms(ctx); err != nil || len(rep.Unchanged) != 41 || len(rep.Added)+len(rep.Changed) != 0 {
		t.Fatalf("second seed: %+v, %v", rep, err)
	}
	cur, err := a.Eforms.Current(ctx, "1.001193", 1)
	if err != nil || cur.Version != 1 || cur.Form.Title == "" {
		t.Errorf("seeded e-form of 1.001193 case 1: %+v, %v", cur, err)
	}

	// A file that is not JSON says where; an empty folder is an error.
	bad := fstest.MapFS{"f/1.001193.json": {Data: []byte("{\n  \"procedure\": \"1.001193\",\n  \"cases\": [}\n")}}
	if _, err := a.ImportEforms(ctx, bad, "f"); err == nil ||
		!strings.Contains(err.Error(), "f/1.001193.json: eform: definition JSON: syntax at line 3, column 13") {
		t.Errorf("bad JSON: %v", err)
	}
	if _, err := a.ImportEforms(ctx, fstest.MapFS{"f/README.md": {Data: []byte("x")}}, "f"); err == nil {
		t.Error("a folder without JSON files imported")
	}
}
