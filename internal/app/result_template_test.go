package app_test

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/dbtest"
	"github.com/motcua/motcua/internal/document"
)

// TestSeedResultTemplates: every seed template fits the seed e-forms of
// its procedure (each line names a field a case asks), is added once,
// never over an administrator's template, and draws a result: the
// preview of each, with the sample dossier, prints its title, symbol and
// lines.
func TestSeedResultTemplates(t *testing.T) {
	db := dbtest.Open(t)
	cfg, err := config.LoadFrom(func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	cfg.FilesDir = t.TempDir()
	a, err := app.New(cfg, slog.New(slog.DiscardHandler), db, account.HashParams{Memory: 1024, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	seed, err := app.ReadSeedResultTemplates()
	if err != nil {
		t.Fatal(err)
	}
	if len(seed) < 6 {
		t.Fatalf("%d seed templates, want at least 6", len(seed))
	}
	// Before the catalogue, no procedure is in force: nothing is added.
	if rep, err := a.SeedResultTemplates(ctx); err != nil || rep.Added != 0 || len(rep.Skipped) != len(seed) {
		t.Fatalf("before the catalogue: %+v, %v", rep, err)
	}
	if _, _, _, err := a.SeedUnits(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SeedCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SeedEforms(ctx); err != nil {
		t.Fatal(err)
	}
	for code, tpl := range seed {
		if tpl.Title == "" || tpl.Symbol == "" || len(tpl.Lines) == 0 {
			t.Errorf("%s: a seed template sets its title, symbol and lines: %+v", code, tpl)
		}
		errs, err := a.ResultTemplates.Check(ctx, code, tpl.Normalize())
		if err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		for _, e := range errs {
			t.Errorf("%s: %s: %s", code, e.Field, e.Key)
		}
	}
	rep, err := a.SeedResultTemplates(ctx)
	if err != nil || rep.Added != len(seed) || len(rep.Skipped) != 0 {
		t.Fatalf("seed: %+v, %v", rep, err)
	}
	got, err := a.ResultTemplates.Get(ctx, "1.001612")
	if err != nil || got.Title != "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH" || got.Symbol != "HKD" {
		t.Errorf("seeded 1.001612: %+v, %v", got, err)
	}

	// An administrator's change stays through the next seed.
	mine := document.ResultTemplate{Title: "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH (MẪU TỈNH)", Symbol: "GCN-HKD"}
	if err := a.ResultTemplates.Save(ctx, 0, "1.001612", mine); err != nil {
		t.Fatal(err)
	}
	if rep, err := a.SeedResultTemplates(ctx); err != nil || rep.Added != 0 || len(rep.Skipped) != 0 {
		t.Fatalf("second seed: %+v, %v", rep, err)
	}
	if got, _ := a.ResultTemplates.Get(ctx, "1.001612"); got.Title != mine.Title || got.Symbol != mine.Symbol || len(got.Lines) != 0 {
		t.Errorf("the administrator's template was overwritten: %+v", got)
	}

	// The list shows which procedures have one.
	with := true
	rows, total, err := a.ResultTemplates.List(ctx, document.TemplateFilter{With: &with})
	if err != nil || total != len(seed) || len(rows) != len(seed) || !rows[0].HasTemplate {
		t.Errorf("with templates: %d rows of %d, %v", len(rows), total, err)
	}
	rows, _, err = a.ResultTemplates.List(ctx, document.TemplateFilter{Text: "ho kinh doanh"})
	if err != nil || !slices.ContainsFunc(rows, func(r document.TemplateRow) bool {
		return r.Code == "1.001612" && r.ResultName == "Giấy chứng nhận đăng ký hộ kinh doanh" && r.Symbol == "GCN-HKD"
	}) {
		t.Errorf("search: %+v, %v", rows, err)
	}

	// Each seed template draws its result with the sample dossier.
	for code, tpl := range seed {
		res, err := a.Dossiers.SampleResult(ctx, code, tpl)
		if err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		pdf, err := a.Documents.Preview(ctx, res)
		if err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		text := pdfText(t, pdf)
		for _, want := range []string{tpl.Title, "1/" + tpl.Symbol, tpl.Lines[0].Label + ":", tpl.Lines[len(tpl.Lines)-1].Label + ":"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the sample result lacks %q:\n%s", code, want, text)
			}
		}
		for _, l := range res.Lines {
			if strings.TrimSpace(l.Value) == "" {
				t.Errorf("%s: the sample leaves %q empty", code, l.Label)
			}
		}
	}
}

// pdfText reads a PDF back with pdftotext (poppler-utils, installed by
// scripts/test.sh), words joined by single spaces.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), "pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
