package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/dbtest"
)

func runCmd(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), err
}

func TestCommands(t *testing.T) {
	t.Setenv("DATABASE_URL", dbtest.DSN(t))
	t.Setenv("MOTCUA_ENV", "test")

	if out, err := runCmd(t, "", "version"); err != nil || strings.TrimSpace(out) == "" {
		t.Fatalf("version: %q %v", out, err)
	}
	var ue usageError
	if _, err := runCmd(t, "", "frobnicate"); !errors.As(err, &ue) {
		t.Errorf("unknown command: %v", err)
	}
	if out, err := runCmd(t, "", "migrate"); err != nil || !strings.Contains(out, "migrations applied") {
		t.Fatalf("migrate: %q %v", out, err)
	}
	if out, err := runCmd(t, "", "migrate", "status"); err != nil || !strings.Contains(out, "pending: []") {
		t.Errorf("migrate status: %q %v", out, err)
	}
	out, err := runCmd(t, "", "seed")
	if err != nil || !strings.Contains(out, "units: 199 added") || !strings.Contains(out, "catalog: 35 added, 0 changed") ||
		!strings.Contains(out, "calendar: 100 days added, 0 changed") ||
		!strings.Contains(out, "e-forms: 41 added, 0 changed, 0 unchanged") || strings.Contains(out, "demo") ||
		!strings.Contains(out, "workflows: 0 added, 0 changed, 0 unchanged, 41 kept as drafts\n") ||
		!strings.Contains(out, "workflows kept as drafts until their units have staff") ||
		!strings.Contains(out, "testdata/seed/workflows/1.000656.json: case 0: steps.0: Cannot be published yet") ||
		!strings.Contains(out, "  ... and ") {
		t.Fatalf("seed: %q %v", out, err)
	}
	if out, err = runCmd(t, "", "seed", "--demo", "--if-empty"); err != nil || !strings.Contains(out, "units: present") ||
		!strings.Contains(out, "catalog: present") || !strings.Contains(out, "e-forms: present") ||
		!strings.Contains(out, "calendar: present") ||
		!strings.Contains(out, "demo accounts: 7 created") || !strings.Contains(out, "demo staff: 303 created") ||
		!strings.Contains(out, "workflows: present") {
		t.Errorf("seed --demo --if-empty on a seeded database: %q %v", out, err)
	}
	// The staff now exist: seeding again publishes the drafts.
	if out, err = runCmd(t, "", "seed", "--demo"); err != nil || !strings.Contains(out, "demo accounts: 0 created") ||
		!strings.Contains(out, "catalog: 0 added, 0 changed, 35 unchanged") ||
		!strings.Contains(out, "calendar: 0 days added, 0 changed") ||
		!strings.Contains(out, "e-forms: 0 added, 0 changed, 41 unchanged") || !strings.Contains(out, "demo staff: 0 created") ||
		!strings.Contains(out, "workflows: 41 added, 0 changed, 0 unchanged, 0 kept as drafts\n") {
		t.Errorf("seed --demo: %q %v", out, err)
	}
	if out, err = runCmd(t, "", "seed"); err != nil || !strings.Contains(out, "workflows: 0 added, 0 changed, 41 unchanged, 0 kept as drafts\n") {
		t.Errorf("seed again: %q %v", out, err)
	}

	args := []string{"user", "create", "--email", "lan@example.vn", "--name", "Ngô Thị Lan", "--phone", "0912333444",
		"--role", "clerk", "--unit", "001.01.50.H19"}
	if out, err = runCmd(t, "mot-cum-tu-dai-du\n", args...); err != nil || !strings.Contains(out, "created clerk account") {
		t.Fatalf("user create: %q %v", out, err)
	}
	if _, err = runCmd(t, "mot-cum-tu-dai-du\n", args...); err == nil || !strings.Contains(err.Error(), "email") {
		t.Errorf("duplicate user create: %v", err)
	}
	if _, err = runCmd(t, "ngan\n", append(args[:len(args)-1], "000.01.01.H19")...); err == nil || !strings.Contains(err.Error(), "password") {
		t.Errorf("short password: %v", err)
	}
	if _, err = runCmd(t, "mot-cum-tu-dai-du\n", "user", "create", "--email", "x@example.vn", "--role", "citizen"); !errors.As(err, &ue) {
		t.Errorf("citizen role through the staff command: %v", err)
	}
	t.Setenv("ADDR", "not-an-address")
	if _, err = runCmd(t, "", "serve"); err == nil || !strings.Contains(err.Error(), "ADDR") {
		t.Errorf("serve with a bad ADDR: %v", err)
	}
}
