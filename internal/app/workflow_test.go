package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/dbtest"
	"github.com/motcua/motcua/internal/workflow"
)

func newApp(t *testing.T) *app.App {
	t.Helper()
	cfg, err := config.LoadFrom(func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	cfg.FilesDir = t.TempDir()
	a, err := app.New(cfg, slog.New(slog.DiscardHandler), dbtest.Open(t), account.HashParams{Memory: 1024, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// seedCases lists every case of the seed catalogue as an AuditID.
func seedCases(t *testing.T) []string {
	t.Helper()
	entries, err := fs.ReadDir(motcua.SeedFS, "testdata/seed/catalog")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		b, err := fs.ReadFile(motcua.SeedFS, "testdata/seed/catalog/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		var rec struct {
			MATTHC    string
			TRUONGHOP []json.RawMessage
		}
		if err := json.Unmarshal(b, &rec); err != nil {
			t.Fatal(err)
		}
		for i := range rec.TRUONGHOP {
			out = append(out, workflow.AuditID(rec.MATTHC, i))
		}
	}
	return out
}

// Every case of every seeded procedure has a seed process; without staff
// they are saved as drafts and why is said; with the demo staff every one
// passes Check and is published; and a commune without an officer stops a
// commune process, naming the commune.
func TestSeedWorkflowsWithTheDemoStaff(t *testing.T) {
	ctx := context.Background()
	a := newApp(t)
	if _, _, _, err := a.SeedUnits(ctx); err != nil {
		t.Fatal(err)
	}
	// Without the catalogue, no case exists to hold a process.
	if _, err := a.SeedWorkflows(ctx); err == nil || !strings.Contains(err.Error(),
		"testdata/seed/workflows/1.000656.json: case 0: procedure 1.000656 has no published version with case 0") {
		t.Fatalf("workflows before the catalogue: %v", err)
	}
	if _, err := a.SeedCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	cases := seedCases(t)
	if len(cases) != 41 {
		t.Fatalf("%d cases in the seed catalogue", len(cases))
	}
	rep, err := a.SeedWorkflows(ctx)
	if err != nil || len(rep.Drafts) != len(cases) || len(rep.Added)+len(rep.Changed)+len(rep.Unchanged) != 0 {
		t.Fatalf("seed without staff: %d drafts, %d added, %v", len(rep.Drafts), len(rep.Added), err)
	}
	if w := rep.Waiting.Error(); !strings.Contains(w,
		"1.001193.json: case 0: steps.0: Cannot be published yet: 92 of the 92 units this step can land on have no active clerk: "+
			"Trung tâm Phục vụ hành chính công Phường Đức Xuân (001.01.50.H19), ") ||
		!strings.Contains(w, "(workflow.check.no_staff_clerk)") {
		t.Errorf("why the drafts wait:\n%.2000s", w)
	}

	if _, err := a.SeedDemoAccounts(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := a.SeedDemoStaff(ctx)
	if err != nil || n != 303 {
		t.Fatalf("demo staff: %d created, %v", n, err)
	}
	if n, err = a.SeedDemoStaff(ctx); err != nil || n != 0 {
		t.Errorf("demo staff again: %d created, %v", n, err)
	}
	staff, err := app.LoadDemoStaff()
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.Accounts.Authenticate(ctx, "canbo.officer.001.00.50.h19@demo.motcua.vn", staff.Password, "192.0.2.1")
	if err != nil || u.Role != account.RoleOfficer || u.FullName != "Chuyên viên UBND Phường Đức Xuân" {
		t.Errorf("a demo officer signs in: %+v, %v", u, err)
	}

	rep, err = a.SeedWorkflows(ctx)
	if err != nil || len(rep.Added) != len(cases) || len(rep.Drafts) != 0 || len(rep.Waiting) != 0 {
		t.Fatalf("seed with the demo staff: %+v, %v", rep, err)
	}
	if strings.Join(rep.Added, " ") != strings.Join(cases, " ") {
		t.Errorf("seeded %v, want every case %v", rep.Added, cases)
	}
	for _, id := range cases {
		code, c, _ := strings.Cut(id, "/")
		caseNo := int(c[0] - '0')
		cur, err := a.Workflows.Current(ctx, code, caseNo)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if errs, err := a.Workflows.Check(ctx, code, caseNo, cur.Flow); err != nil || len(errs) != 0 {
			t.Errorf("%s does not pass Check with the demo staff: %v %v", id, errs, err)
		}
	}
	if rep, err = a.SeedWorkflows(ctx); err != nil || len(rep.Unchanged) != len(cases) || len(rep.Added)+len(rep.Drafts) != 0 {
		t.Fatalf("second seed: %+v, %v", rep, err)
	}

	// The labour sub-leasing licence: 20 working days at the department,
	// then 7 for the chairman.
	lic, err := a.Workflows.Current(ctx, "1.009474", 0)
	if err != nil {
		t.Fatal(err)
	}
	if hours, ok := lic.Flow.MainPathHours(); !ok || hours != 27*8 {
		t.Errorf("licence main path: %v h, %v", hours, ok)
	}

	// One commune loses its only officer: the commune processes cannot be
	// published any more, and the message names the commune.
	if _, err := a.DB.SQL().ExecContext(ctx, `UPDATE users SET active = false WHERE email = 'canbo.officer.002.00.50.h19@demo.motcua.vn'`); err != nil {
		t.Fatal(err)
	}
	cur, err := a.Workflows.Current(ctx, "1.001193", 0)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := a.Workflows.Check(ctx, "1.001193", 0, cur.Flow)
	if err != nil || len(errs) != 1 || errs[0].Field != "steps.1" || errs[0].Key != "workflow.check.no_staff_officer" ||
		fmt.Sprint(errs[0].Args) != "[1 92 UBND Phường Bắc Kạn (002.00.50.H19)]" {
		t.Errorf("Check without an officer in one commune: %+v, %v", errs, err)
	}
	if got := a.Messages.Printer("vi").T(errs[0].Key, errs[0].Args...); got !=
		"Chưa thể công bố: 1/92 đơn vị bước này có thể đến chưa có chuyên viên đang hoạt động: UBND Phường Bắc Kạn (002.00.50.H19)" {
		t.Errorf("message: %q", got)
	}
	// A department process does not care.
	lic2, _ := a.Workflows.Current(ctx, "2.001955", 0)
	if errs, err := a.Workflows.Check(ctx, "2.001955", 0, lic2.Flow); err != nil || len(errs) != 0 {
		t.Errorf("department process: %v %v", errs, err)
	}

	// A file that is not JSON says where; an empty folder is an error.
	bad := fstest.MapFS{"f/1.001193.json": {Data: []byte("{\n  \"procedure\": \"1.001193\",\n  \"cases\": [}\n")}}
	if _, err := a.ImportWorkflows(ctx, bad, "f"); err == nil ||
		!strings.Contains(err.Error(), "f/1.001193.json: workflow: flow JSON: syntax at line 3, column 13") {
		t.Errorf("bad JSON: %v", err)
	}
	if _, err := a.ImportWorkflows(ctx, fstest.MapFS{"f/README.md": {Data: []byte("x")}}, "f"); err == nil {
		t.Error("a folder without JSON files imported")
	}
}
