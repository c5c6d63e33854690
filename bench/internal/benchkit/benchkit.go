// Package benchkit is what the load tests under bench/ share: a fresh
// database on the bench cluster with the application wired on it (the
// production wiring, as cmd/motcua builds it), the real HTTP server on a
// local port, latency percentiles, and memory sampling of the process.
package benchkit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver for the admin connection

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/pgstore"
)

// Options say how to build the application for a load test.
type Options struct {
	// AdminURL is the maintenance database URL of the bench cluster; Name
	// the database to (re)create there.
	AdminURL, Name string
	// Pool sizes the connection pool; zero means the configuration's
	// (DB_MAX_OPEN_CONNS / DB_MAX_IDLE_CONNS defaults, as in production).
	Pool pgstore.PoolConfig
	// Hash is the password hashing cost (account.DefaultHashParams in
	// production).
	Hash account.HashParams
	// Env sets configuration variables (e.g. FILES_DIR) on top of the
	// defaults of MOTCUA_ENV=test.
	Env map[string]string
	// Keep reuses the database if it exists (migrated and seeded again,
	// both idempotent) instead of recreating it: a load test with costly
	// data can then skip generating it on a second run.
	Keep bool
}

// Env is the application on its fresh database.
type Env struct {
	App *app.App
	DB  *pgstore.DB
	// Reused says the database existed already (Options.Keep).
	Reused bool
}

// Close closes the database pool.
func (e *Env) Close() error { return e.DB.Close() }

// Open drops and recreates the database, migrates it, wires the
// application on it and seeds the province's units.
func Open(ctx context.Context, o Options) (*Env, error) {
	if o.AdminURL == "" {
		return nil, errors.New("no -db (scripts/bench.sh starts a cluster and sets MOTCUA_BENCH_DATABASE_URL)")
	}
	cfg, err := config.LoadFrom(func(k string) (string, bool) {
		if k == "MOTCUA_ENV" {
			return "test", true
		}
		v, ok := o.Env[k]
		return v, ok
	})
	if err != nil {
		return nil, err
	}
	benchURL, reused, err := database(ctx, o.AdminURL, o.Name, o.Keep)
	if err != nil {
		return nil, err
	}
	pool := o.Pool
	if pool.MaxOpen == 0 {
		pool = pgstore.PoolConfig{MaxOpen: cfg.DBMaxOpenConns, MaxIdle: cfg.DBMaxIdleConns}
	}
	db, err := pgstore.Open(ctx, benchURL, pool)
	if err != nil {
		return nil, err
	}
	if err := pgstore.Migrate(ctx, db.SQL()); err != nil {
		_ = db.Close()
		return nil, err
	}
	a, err := app.New(cfg, slog.New(slog.DiscardHandler), db, o.Hash)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	if _, _, _, err := a.SeedUnits(ctx); err != nil {
		_ = db.Close()
		return nil, err
	}
	return &Env{App: a, DB: db, Reused: reused}, nil
}

// Serve serves the application on a free port of 127.0.0.1 and returns
// its base URL and a function that shuts it down (letting requests in
// flight finish) and waits for it.
func (e *Env) Serve(ctx context.Context) (base string, stop func(), err error) {
	srv, err := e.App.Server()
	if err != nil {
		return "", nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(sctx, ln, nil)
	}()
	return "http://" + ln.Addr().String(), func() { cancel(); <-done }, nil
}

// ServeWrapped is Serve with the application's handler wrapped, e.g. to
// time each request on the server side. It serves with a plain
// http.Server (no read or write timeouts) until stop.
func (e *Env) ServeWrapped(ctx context.Context, wrap func(http.Handler) http.Handler) (base string, stop func(), err error) {
	srv, err := e.App.Server()
	if err != nil {
		return "", nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: wrap(srv.Handler()), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = hs.Serve(ln)
	}()
	return "http://" + ln.Addr().String(), func() { _ = hs.Shutdown(context.Background()); <-done }, nil
}

// FreshDatabase drops and creates name on the cluster of adminURL and
// returns its URL.
func FreshDatabase(ctx context.Context, adminURL, name string) (string, error) {
	u, _, err := database(ctx, adminURL, name, false)
	return u, err
}

// database returns the URL of database name on the cluster of adminURL,
// created afresh, or kept if it exists and keep is set (reused then says
// so).
func database(ctx context.Context, adminURL, name string, keep bool) (dbURL string, reused bool, err error) {
	admin, err := sql.Open("pgx", adminURL)
	if err != nil {
		return "", false, err
	}
	defer admin.Close()
	if keep {
		err := admin.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&reused)
		if err != nil {
			return "", false, err
		}
	}
	if !reused {
		ident := pgx.Identifier{name}.Sanitize()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)"); err != nil {
			return "", false, err
		}
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+ident); err != nil {
			return "", false, err
		}
	}
	u, err := url.Parse(adminURL)
	if err != nil {
		return "", false, err
	}
	u.Path = "/" + name
	return u.String(), reused, nil
}

// Summary is the distribution of a set of latencies.
type Summary struct {
	N                  int
	P50, P90, P99, Max time.Duration
}

// Summarize sorts d in place and returns its percentiles (the
// nearest-rank value below, as the catalogue load test always reported).
func Summarize(d []time.Duration) Summary {
	slices.Sort(d)
	pct := func(p float64) time.Duration {
		if len(d) == 0 {
			return 0
		}
		return d[int(p*float64(len(d)-1))]
	}
	return Summary{N: len(d), P50: pct(.50), P90: pct(.90), P99: pct(.99), Max: pct(1)}
}

// String writes "p50 …, p90 …, p99 …, max …" rounded to 10 µs.
func (s Summary) String() string {
	r := func(d time.Duration) time.Duration { return d.Round(10 * time.Microsecond) }
	return fmt.Sprintf("p50 %v, p90 %v, p99 %v, max %v", r(s.P50), r(s.P90), r(s.P99), r(s.Max))
}
