package main

import (
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/dbtest"
)

// TestSeedResultTemplates: `seed` adds the result templates after the
// e-forms they print from; `seed --if-empty` on every later start adds
// none again.
func TestSeedResultTemplates(t *testing.T) {
	t.Setenv("DATABASE_URL", dbtest.DSN(t))
	t.Setenv("MOTCUA_ENV", "test")
	out, err := runCmd(t, "", "seed")
	if err != nil || !strings.Contains(out, "result templates: 7 added\n") || strings.Contains(out, "left out") {
		t.Fatalf("seed: %q %v", out, err)
	}
	if strings.Index(out, "e-forms:") > strings.Index(out, "result templates:") {
		t.Errorf("result templates seeded before the e-forms:\n%s", out)
	}
	out, err = runCmd(t, "", "seed", "--if-empty")
	if err != nil || !strings.Contains(out, "result templates: 0 added\n") {
		t.Fatalf("seed --if-empty: %q %v", out, err)
	}
}
