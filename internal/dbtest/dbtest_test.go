package dbtest_test

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/motcua/motcua/internal/dbtest"
)

func TestDatabasesAreMigratedAndIndependent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := dbtest.Open(t).SQL()
	b := dbtest.Open(t).SQL()

	for name, db := range map[string]*sql.DB{"a": a, "b": b} {
		if !tableExists(ctx, t, db, "users") {
			t.Errorf("database %s: table users missing; migrations not applied", name)
		}
	}
	if _, err := a.ExecContext(ctx, "CREATE TABLE only_in_a (id int)"); err != nil {
		t.Fatal(err)
	}
	if !tableExists(ctx, t, a, "only_in_a") {
		t.Fatal("table only_in_a missing in a right after creating it")
	}
	if tableExists(ctx, t, b, "only_in_a") {
		t.Error("table created in database a is visible in database b")
	}
	var na, nb string
	if err := a.QueryRowContext(ctx, "SELECT current_database()").Scan(&na); err != nil {
		t.Fatal(err)
	}
	if err := b.QueryRowContext(ctx, "SELECT current_database()").Scan(&nb); err != nil {
		t.Fatal(err)
	}
	if na == nb {
		t.Errorf("both pools are on database %q", na)
	}
}

func TestDatabaseDroppedAfterCleanup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	maint := maintenance(t)
	var name string
	// A subtest's cleanups run when t.Run returns, so the database must be
	// gone by the time the parent looks.
	t.Run("use", func(t *testing.T) {
		db := dbtest.Open(t)
		if err := db.SQL().QueryRowContext(ctx, "SELECT current_database()").Scan(&name); err != nil {
			t.Fatal(err)
		}
		if !databaseExists(ctx, t, maint, name) {
			t.Fatalf("database %q not listed in pg_database while in use", name)
		}
	})
	if name == "" {
		t.Fatal("subtest did not report its database")
	}
	if databaseExists(ctx, t, maint, name) {
		t.Errorf("database %q still exists after cleanup", name)
	}
}

func TestDSNPointsAtSameCluster(t *testing.T) {
	t.Parallel()
	base, err := url.Parse(os.Getenv(dbtest.EnvURL))
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(dbtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	if u.Host != base.Host || u.RawQuery != base.RawQuery {
		t.Errorf("DSN %s: host or options differ from %s", u, base)
	}
	if !strings.HasPrefix(u.Path, "/t_") {
		t.Errorf("DSN %s: database name should start with t_", u)
	}
}

func TestTemplateIsMarked(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbtest.DSN(t) // makes sure the template exists
	name, err := dbtest.TemplateName()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^motcua_tmpl_[0-9a-f]{12}$`).MatchString(name) {
		t.Errorf("template name %q has the wrong shape", name)
	}
	var isTemplate, allowConn bool
	err = maintenance(t).QueryRowContext(ctx,
		"SELECT datistemplate, datallowconn FROM pg_database WHERE datname = $1", name).Scan(&isTemplate, &allowConn)
	if err != nil {
		t.Fatalf("look up template %s: %v", name, err)
	}
	if !isTemplate || allowConn {
		t.Errorf("template %s: datistemplate=%v datallowconn=%v, want true false", name, isTemplate, allowConn)
	}
}

func maintenance(t *testing.T) *sql.DB {
	t.Helper()
	dsn := os.Getenv(dbtest.EnvURL)
	if dsn == "" {
		t.Fatal(dbtest.EnvURL + " is not set: run `make test`")
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDB(*cfg)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func tableExists(ctx context.Context, t *testing.T, db *sql.DB, table string) bool {
	t.Helper()
	var ok bool
	if err := db.QueryRowContext(ctx, "SELECT to_regclass($1) IS NOT NULL", "public."+table).Scan(&ok); err != nil {
		t.Fatal(err)
	}
	return ok
}

func databaseExists(ctx context.Context, t *testing.T, db *sql.DB, name string) bool {
	t.Helper()
	var ok bool
	if err := db.QueryRowContext(ctx,
		"SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&ok); err != nil {
		t.Fatal(err)
	}
	return ok
}
