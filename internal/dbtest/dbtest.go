package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/motcua/motcua/internal/pgstore"
	"github.com/motcua/motcua/migrations"
)

// EnvURL names the variable holding the maintenance database URL.
const EnvURL = "MOTCUA_TEST_DATABASE_URL"

const (
	templatePrefix = "motcua_tmpl_"
	// lockKey is the pg_advisory_lock key serialising template builds across
	// test processes ("motcua" in ASCII).
	lockKey = 0x6d6f74637561
	// codeObjectInUse is SQLSTATE 55006: "source database ... is being
	// accessed by other users" and its rename/drop siblings.
	codeObjectInUse = "55006"
)

// Package-level state is acceptable here: this is a test helper, never on
// the request path, and every test binary shares one cluster and template.
var (
	maintOnce sync.Once
	maintDB   *sql.DB
	maintErr  error

	tmplOnce sync.Once
	tmplName string
	tmplErr  error
	// cloneStrategy is appended to CREATE DATABASE; see chooseStrategy.
	cloneStrategy string
)

// DSN creates a new database cloned from the migrated template and returns
// its connection string. The database is dropped when t finishes.
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		t.Fatal(EnvURL + " is not set: run `make test`")
	}
	db, err := maintenance(base)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	tmpl, err := template(db, base)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	name, err := randomName()
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := createFrom(ctx, db, name, tmpl); err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := dropDatabase(ctx, db, name); err != nil {
			t.Errorf("dbtest: %v", err)
		}
	})
	dsn, err := withDatabase(base, name)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	return dsn
}

// Open returns a pool on a fresh database (see DSN); the pool is closed
// before the database is dropped. The pool is bounded as in production
// (smaller, in fact): code that holds a transaction's connection while
// waiting for another one deadlocks under load, and a bounded pool makes
// concurrency tests show it instead of opening ever more connections.
func Open(t testing.TB) *pgstore.DB {
	t.Helper()
	dsn := DSN(t)
	db, err := pgstore.Open(context.Background(), dsn, pgstore.PoolConfig{MaxOpen: 10, MaxIdle: 10})
	if err != nil {
		t.Fatalf("dbtest: open %s: %v", dsn, err)
	}
	// Cleanups run last-in first-out: this Close runs before DSN's drop.
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// maintenance returns the shared pool on the maintenance database.
func maintenance(base string) (*sql.DB, error) {
	maintOnce.Do(func() {
		cfg, err := pgx.ParseConfig(base)
		if err != nil {
			maintErr = fmt.Errorf("parse %s: %w", EnvURL, err)
			return
		}
		db := stdlib.OpenDB(*cfg)
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(4)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := db.PingContext(ctx); err != nil {
			_ = db.Close()
			maintErr = fmt.Errorf("connect to %s (%s): %w", EnvURL, redact(base), err)
			return
		}
		maintDB = db
	})
	return maintDB, maintErr
}

// template returns the name of the migrated template, building it if this
// cluster does not have it yet.
func template(db *sql.DB, base string) (string, error) {
	tmplOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		tmplName, tmplErr = ensureTemplate(ctx, db, base)
		if tmplErr == nil {
			cloneStrategy, tmplErr = chooseStrategy(ctx, db)
		}
	})
	return tmplName, tmplErr
}

// TemplateName is the template database name for the embedded migrations.
func TemplateName() (string, error) {
	h := sha256.New()
	entries, err := fs.ReadDir(migrations.FS, ".")
	if err != nil {
		return "", fmt.Errorf("read migrations: %w", err)
	}
	for _, e := range entries { // ReadDir sorts by name.
		if e.IsDir() {
			continue
		}
		b, err := fs.ReadFile(migrations.FS, e.Name())
		if err != nil {
			return "", fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", e.Name(), len(b))
		h.Write(b)
	}
	return templatePrefix + hex.EncodeToString(h.Sum(nil))[:12], nil
}

func ensureTemplate(ctx context.Context, db *sql.DB, base string) (name string, err error) {
	name, err = TemplateName()
	if err != nil {
		return "", err
	}
	// The advisory lock belongs to a session, so hold one connection.
	conn, err := db.Conn(ctx)
	if err != nil {
		return "", fmt.Errorf("maintenance connection: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockKey); err != nil {
		return "", fmt.Errorf("lock template: %w", err)
	}
	defer func() {
		// A fresh context: the unlock must happen even when ctx expired.
		uctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, uerr := conn.ExecContext(uctx, "SELECT pg_advisory_unlock($1)", lockKey); uerr != nil && err == nil {
			err = fmt.Errorf("unlock template: %w", uerr)
		}
	}()

	var exists bool
	if err := conn.QueryRowContext(ctx,
		"SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", fmt.Errorf("look up template: %w", err)
	}
	if !exists {
		if err := buildTemplate(ctx, conn, base, name); err != nil {
			return "", err
		}
	}
	if err := dropStaleTemplates(ctx, conn, name); err != nil {
		return "", err
	}
	return name, nil
}

// buildTemplate migrates a scratch database and only then gives it the
// template name, so a database under that name is always complete even if
// a test process dies halfway.
func buildTemplate(ctx context.Context, conn *sql.Conn, base, name string) error {
	scratch := name + "_build"
	if err := execRetry(ctx, conn, "DROP DATABASE IF EXISTS "+quote(scratch)+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop leftover %s: %w", scratch, err)
	}
	if err := execRetry(ctx, conn, "CREATE DATABASE "+quote(scratch)+" TEMPLATE template0"); err != nil {
		return fmt.Errorf("create %s: %w", scratch, err)
	}
	dsn, err := withDatabase(base, scratch)
	if err != nil {
		return err
	}
	db, err := pgstore.Open(ctx, dsn, pgstore.PoolConfig{MaxOpen: 1})
	if err != nil {
		return fmt.Errorf("open %s: %w", scratch, err)
	}
	if err := pgstore.Migrate(ctx, db.SQL()); err != nil {
		_ = db.Close()
		return fmt.Errorf("migrate %s: %w", scratch, err)
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("close %s: %w", scratch, err)
	}
	// The backend of the closed connection may still be exiting; the rename
	// waits for it through execRetry. Nobody may connect to the template
	// afterwards: a connection would make every clone fail.
	for _, q := range []string{
		"ALTER DATABASE " + quote(scratch) + " RENAME TO " + quote(name),
		"ALTER DATABASE " + quote(name) + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false",
	} {
		if err := execRetry(ctx, conn, q); err != nil {
			return fmt.Errorf("finish template %s: %w", name, err)
		}
	}
	return nil
}

// dropStaleTemplates removes templates built from other migration sets.
func dropStaleTemplates(ctx context.Context, conn *sql.Conn, keep string) error {
	rows, err := conn.QueryContext(ctx,
		"SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname <> $2",
		strings.ReplaceAll(templatePrefix, "_", `\_`)+"%", keep)
	if err != nil {
		return fmt.Errorf("list stale templates: %w", err)
	}
	defer rows.Close()
	var stale []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return fmt.Errorf("list stale templates: %w", err)
		}
		stale = append(stale, n)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list stale templates: %w", err)
	}
	for _, n := range stale {
		if err := execRetry(ctx, conn, "ALTER DATABASE "+quote(n)+" WITH IS_TEMPLATE false"); err != nil {
			return fmt.Errorf("unmark stale template %s: %w", n, err)
		}
		if err := execRetry(ctx, conn, "DROP DATABASE IF EXISTS "+quote(n)+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("drop stale template %s: %w", n, err)
		}
	}
	return nil
}

// chooseStrategy picks how CREATE DATABASE copies the template. Measured on
// PostgreSQL 15 with an 8 MB template, interleaved runs on a loaded 2-core
// machine: with fsync=off (the test cluster) FILE_COPY was 15-50% faster
// than the default WAL_LOG, which pushes every page through the WAL; with
// fsync=on its two checkpoints made FILE_COPY three to four times slower,
// so the default stays there.
func chooseStrategy(ctx context.Context, db *sql.DB) (string, error) {
	var version int
	var fsync string
	err := db.QueryRowContext(ctx,
		"SELECT current_setting('server_version_num')::int, current_setting('fsync')").Scan(&version, &fsync)
	if err != nil {
		return "", fmt.Errorf("read server settings: %w", err)
	}
	if version >= 150000 && fsync == "off" {
		return " STRATEGY FILE_COPY", nil
	}
	return "", nil
}

func createFrom(ctx context.Context, db *sql.DB, name, tmpl string) error {
	q := "CREATE DATABASE " + quote(name) + " TEMPLATE " + quote(tmpl) + cloneStrategy
	if err := execRetry(ctx, db, q); err != nil {
		return fmt.Errorf("create test database from %s: %w", tmpl, err)
	}
	return nil
}

func dropDatabase(ctx context.Context, db *sql.DB, name string) error {
	if err := execRetry(ctx, db, "DROP DATABASE IF EXISTS "+quote(name)+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop test database %s: %w", name, err)
	}
	return nil
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// execRetry runs a database-level statement, retrying while PostgreSQL
// reports the database as in use: a just-closed connection's backend can
// outlive the client by a few milliseconds.
func execRetry(ctx context.Context, db execer, query string) error {
	const attempts = 20
	delay := 10 * time.Millisecond
	for i := 1; ; i++ {
		_, err := db.ExecContext(ctx, query)
		var pgErr *pgconn.PgError
		if err == nil || i == attempts || !errors.As(err, &pgErr) || pgErr.Code != codeObjectInUse {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(delay):
		}
		delay = min(2*delay, 250*time.Millisecond)
	}
}

// withDatabase returns base pointing at database name instead. base is a
// postgres:// URL or a libpq keyword/value string.
func withDatabase(base, name string) (string, error) {
	if strings.HasPrefix(base, "postgres://") || strings.HasPrefix(base, "postgresql://") {
		u, err := url.Parse(base)
		if err != nil {
			return "", fmt.Errorf("parse %s: %w", EnvURL, err)
		}
		u.Path = "/" + name
		u.RawPath = ""
		return u.String(), nil
	}
	// In keyword/value form a later keyword overrides an earlier one.
	return base + " dbname=" + name, nil
}

func randomName() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("random database name: %w", err)
	}
	return "t_" + hex.EncodeToString(b[:]), nil
}

// quote quotes an identifier; names here are generated, but stay safe.
func quote(ident string) string {
	return pgx.Identifier{ident}.Sanitize()
}

// redact hides a password in a URL for error messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		return "keyword/value DSN"
	}
	if u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
