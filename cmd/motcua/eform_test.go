package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/dbtest"
	"github.com/motcua/motcua/internal/pgstore"
)

// TestSeedEforms: `seed --if-empty` loads the e-forms into a database that
// has a catalogue but none yet (one made before e-forms existed), and
// refuses, naming file, case and field, e-forms that do not fit the
// catalogue as it is there.
func TestSeedEforms(t *testing.T) {
	dsn := dbtest.DSN(t)
	t.Setenv("DATABASE_URL", dsn)
	t.Setenv("MOTCUA_ENV", "test")
	if out, err := runCmd(t, "", "seed"); err != nil || !strings.Contains(out, "e-forms: 41 added") {
		t.Fatalf("seed: %q %v", out, err)
	}
	ctx := context.Background()
	db, err := pgstore.Open(ctx, dsn, pgstore.PoolConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SQL().ExecContext(ctx, "DELETE FROM eform_versions"); err != nil {
		t.Fatal(err)
	}
	out, err := runCmd(t, "", "seed", "--if-empty")
	if err != nil || !strings.Contains(out, "catalog: present") || !strings.Contains(out, "e-forms: 41 added, 0 changed, 0 unchanged") {
		t.Fatalf("seed --if-empty without e-forms: %q %v", out, err)
	}

	// The birth registration's first case loses all but one document row:
	// the seed's file slots for the others point nowhere.
	st := pgstore.NewCatalogStore(db)
	v, err := st.Current(ctx, "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	rec := v.Record
	rec.Cases[0].Documents = rec.Cases[0].Documents[:1]
	if _, err := st.SaveDraft(ctx, rec, 0, v.CreatedAt); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Publish(ctx, rec.Code, 0, v.CreatedAt); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, "DELETE FROM eform_versions"); err != nil {
		t.Fatal(err)
	}
	_, err = runCmd(t, "", "seed", "--if-empty")
	want := regexp.MustCompile(`testdata/seed/eforms/1\.001193\.json: case 0: pages\.\d+\.sections\.\d+\.fields\.\d+\.document: ` +
		`Choose one of the case's 1 documents \(eform\.check\.document_range\)`)
	if err == nil || !want.MatchString(err.Error()) {
		t.Fatalf("seed against a changed catalogue: %v; want %s", err, want)
	}
	var n int
	if err := db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM eform_versions").Scan(&n); err != nil || n != 0 {
		t.Errorf("a refused seed left %d e-form versions (%v)", n, err)
	}
}
