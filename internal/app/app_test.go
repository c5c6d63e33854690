package app_test

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/dbtest"
	"github.com/motcua/motcua/internal/pgstore"
)

func TestSeedIsIdempotentAndDemoAccountsSignIn(t *testing.T) {
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
	added, changed, total, err := a.SeedUnits(ctx)
	if err != nil || added != total || changed != 0 || total != 199 {
		t.Fatalf("first seed: %d added %d changed of %d, %v", added, changed, total, err)
	}
	if added, changed, _, err = a.SeedUnits(ctx); err != nil || added != 0 || changed != 0 {
		t.Fatalf("second seed: %d added %d changed, %v", added, changed, err)
	}
	n, err := a.SeedDemoAccounts(ctx)
	if err != nil || n != 7 {
		t.Fatalf("demo accounts: %d, %v", n, err)
	}
	if n, err = a.SeedDemoAccounts(ctx); err != nil || n != 0 {
		t.Fatalf("demo accounts again: %d, %v", n, err)
	}
	demo, err := app.DemoAccounts()
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	roles := map[account.Role]bool{}
	for _, d := range demo {
		roles[d.Role] = true
		u, err := a.Accounts.Authenticate(ctx, d.Email, d.Password, "127.0.0.1")
		if err != nil || u.Role != d.Role {
			t.Errorf("demo %s cannot sign in: %v", d.Email, err)
		}
		// The demo applicants are seeded verified (README), so the demo
		// registries prefill their forms; staff have no such flag.
		if want := !d.Role.Staff(); u.IdentityVerified != want {
			t.Errorf("demo %s: identity verified %v, want %v", d.Email, u.IdentityVerified, want)
		}
		if !strings.Contains(string(readme), "`"+d.Email+"`") || !strings.Contains(string(readme), "`"+d.Password+"`") {
			t.Errorf("README does not list demo account %s with its password", d.Email)
		}
	}
	for _, r := range account.Roles {
		if !roles[r] {
			t.Errorf("no demo account for role %s", r)
		}
	}
}

// TestConcurrentMigrations starts several migrators on an empty database at
// once, as several instances starting together would.
func TestConcurrentMigrations(t *testing.T) {
	db := dbtest.Open(t)
	ctx := context.Background()
	if _, err := db.SQL().ExecContext(ctx, `DROP SCHEMA public CASCADE; CREATE SCHEMA public`); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- pgstore.Migrate(ctx, db.SQL())
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	applied, pending, err := pgstore.MigrationStatus(ctx, db.SQL())
	if err != nil || len(pending) != 0 || len(applied) == 0 {
		t.Errorf("status: applied %v pending %v err %v", applied, pending, err)
	}
}

// TestSeedCalendar loads holidays.json twice: the second run changes
// nothing, and the seeded table gives every unit a calendar for 2025-2030
// that refuses 2031 until an administrator creates it.
func TestSeedCalendar(t *testing.T) {
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
	if _, _, _, err := a.SeedUnits(ctx); err != nil {
		t.Fatal(err)
	}
	added, changed, err := a.SeedCalendar(ctx)
	if err != nil || added != 100 || changed != 0 {
		t.Fatalf("first calendar seed: %d added %d changed, %v", added, changed, err)
	}
	if added, changed, err = a.SeedCalendar(ctx); err != nil || added != 0 || changed != 0 {
		t.Fatalf("second calendar seed: %d added %d changed, %v", added, changed, err)
	}
	years, err := a.Calendars.Years(ctx)
	if err != nil || len(years) != 6 || years[0].Year != 2025 || years[5].Year != 2030 {
		t.Fatalf("years: %+v %v", years, err)
	}
	cal, err := a.Calendars.ForUnitCode(ctx, "000.00.01.H19")
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range []int{2025, 2030} {
		if !cal.Table().Covers(y) {
			t.Errorf("%d not covered", y)
		}
	}
	if cal.Table().Covers(2031) {
		t.Error("2031 covered by the seed")
	}
}
