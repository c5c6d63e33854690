// Package app is the composition root: it wires the PostgreSQL stores into
// the domain services and those into the web server, and loads seed data.
// cmd/motcua and the end-to-end test environment (internal/apptest) both
// build the application through it, so tests run the production wiring.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/sessions"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/pgstore"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/workflow"
	"github.com/motcua/motcua/internal/worktime"
	"github.com/motcua/motcua/static"
	"github.com/motcua/motcua/web"
)

// App is the wired application.
type App struct {
	Config   config.Config
	Log      *slog.Logger
	DB       *pgstore.DB
	Units    *pgstore.UnitStore
	Users    *pgstore.UserStore
	Failures *pgstore.FailureStore
	Sessions *pgstore.SessionStore
	Accounts *account.Service
	Messages *i18n.Catalog
	// Email sends e-mail: notifications and password reset links.
	Email  notify.Sender
	Assets *static.Assets
	// CatalogStore is the procedure store; Catalog the service over it.
	CatalogStore *pgstore.CatalogStore
	Catalog      *catalog.Service
	// EformStore is the e-form store; Eforms the service over it.
	EformStore *pgstore.EformStore
	Eforms     *eform.Service
	// WorkflowStore is the internal-process store; Workflows the service
	// over it.
	WorkflowStore *pgstore.WorkflowStore
	Workflows     *workflow.Service
	// Places lists the country's provinces and communes (addresses).
	Places *org.Places
	// Files keeps uploaded attachments; Dossiers is the dossier service.
	Files        *filestore.Local
	DossierStore *pgstore.DossierStore
	Dossiers     *dossier.Service
	// Lookups throttles failed dossier status lookups per client address.
	Lookups account.Throttle
	// Verifications throttles failed document verifications per client
	// address (the lookup limits, counted apart).
	Verifications account.Throttle
	// CalendarStore keeps days off, working days and sessions; Calendars
	// hands out each unit's deadline calendar and applies edits.
	CalendarStore *pgstore.CalendarStore
	Calendars     *worktime.Service
	// ReportStore reads the reports' data; Reports builds them (the
	// tracking ledger).
	ReportStore *pgstore.ReportStore
	Reports     *report.Service
	// Now is the dossier service's clock (time.Now unless WithClock).
	Now func() time.Time
	// Notify tells applicants what happens to their dossiers.
	Notify *notify.Service
	// DocumentStore keeps issued documents; Documents issues, verifies
	// and revokes them.
	DocumentStore *pgstore.DocumentStore
	Documents     *document.Service
	// ResultTemplates are the procedures' result templates the
	// administrators keep.
	ResultTemplates *document.Templates
	// jobsQueued wakes the job worker (Work) early.
	jobsQueued chan struct{}
}

// Option adjusts the wiring.
type Option func(*App)

// WithClock makes the dossier service read the time from now (tests that
// need working hours, whatever the time the suite runs at).
func WithClock(now func() time.Time) Option { return func(a *App) { a.Now = now } }

// New wires the stores and services on db. hash sets the password hashing
// cost (account.DefaultHashParams in production).
func New(cfg config.Config, log *slog.Logger, db *pgstore.DB, hash account.HashParams, opts ...Option) (*App, error) {
	a := &App{Config: cfg, Log: log, DB: db, Units: pgstore.NewUnitStore(db), Users: pgstore.NewUserStore(db),
		Failures: pgstore.NewFailureStore(db), Now: time.Now, jobsQueued: make(chan struct{}, 1)}
	for _, o := range opts {
		o(a)
	}
	a.Sessions = pgstore.NewSessionStore(db, []byte(cfg.SessionSecret), sessions.Options{
		Path: "/", MaxAge: int(cfg.SessionMaxAge.Seconds()), HttpOnly: true,
		Secure: cfg.SecureCookies(), SameSite: http.SameSiteLaxMode})
	var err error
	if a.Email, err = newEmail(cfg, log); err != nil {
		return nil, err
	}
	svc, err := account.NewService(account.Deps{
		Users: a.Users, Failures: a.Failures, Sessions: a.Sessions, Units: a.Users,
		Resets: a.Users, Mailer: accountMailer{a},
		Audit: pgstore.NewAuditStore(db),
		Tx: func(ctx context.Context, fn func(account.Store, audit.Store) error) error {
			return db.InTx(ctx, func(tx *pgstore.DB) error { return fn(pgstore.NewUserStore(tx), pgstore.NewAuditStore(tx)) })
		},
		Limits: account.Limits{MaxFailuresAccount: cfg.LoginMaxFailuresAccount, MaxFailuresIP: cfg.LoginMaxFailuresIP,
			Window: cfg.LoginThrottleWindow, MaxRegistrationsIP: cfg.RegisterMaxPerIP, RegisterWindow: cfg.RegisterWindow},
		Hash: hash,
	})
	if err != nil {
		return nil, err
	}
	a.Accounts = svc
	a.CatalogStore = pgstore.NewCatalogStore(db)
	var cache *catalog.SearchCache
	if cfg.CatalogCacheSize > 0 {
		cache = catalog.NewSearchCache(cfg.CatalogCacheSize, cfg.CatalogCacheRefresh, a.CatalogStore.Generation, nil)
	}
	a.Catalog = catalog.NewService(catalog.Deps{Store: a.CatalogStore, Audit: pgstore.NewAuditStore(db),
		Tx: func(ctx context.Context, fn func(catalog.Store, audit.Store) error) error {
			return db.InTx(ctx, func(tx *pgstore.DB) error { return fn(pgstore.NewCatalogStore(tx), pgstore.NewAuditStore(tx)) })
		},
		Cache: cache})
	a.EformStore = pgstore.NewEformStore(db)
	a.Eforms = newEforms(db, a.CatalogStore)
	a.CalendarStore = pgstore.NewCalendarStore(db)
	a.Calendars = worktime.NewService(worktime.Deps{Store: a.CalendarStore,
		Tx: func(ctx context.Context, fn func(worktime.Store, audit.Store) error) error {
			return db.InTx(ctx, func(tx *pgstore.DB) error { return fn(pgstore.NewCalendarStore(tx), pgstore.NewAuditStore(tx)) })
		}})
	if a.Messages, err = i18n.Load(); err != nil {
		return nil, err
	}
	if a.Assets, err = static.New(); err != nil {
		return nil, err
	}
	if a.Places, err = loadPlaces(); err != nil {
		return nil, err
	}
	if a.Files, err = openFiles(context.Background(), cfg.FilesDir, log); err != nil {
		return nil, err
	}
	// Before the dossiers, which follow the published processes. A
	// process's World asks the dossier service, when a check runs, which
	// units a dossier may go to.
	a.WorkflowStore = pgstore.NewWorkflowStore(db)
	a.Workflows = a.newWorkflows()
	if a.Documents, err = a.newDocuments(); err != nil {
		return nil, err
	}
	if a.Dossiers, err = a.newDossiers(a.Files); err != nil {
		return nil, err
	}
	if a.ResultTemplates, err = a.newResultTemplates(); err != nil {
		return nil, err
	}
	if a.Notify, err = a.newNotify(); err != nil {
		return nil, err
	}
	a.ReportStore = pgstore.NewReportStore(db)
	a.Reports = report.NewService(a.ReportStore, a.Now)
	a.Lookups = account.Throttle{Failures: a.Failures, Kind: "lookup-ip", Max: cfg.LookupMaxFailures, Window: cfg.LookupWindow}
	a.Verifications = account.Throttle{Failures: a.Failures, Kind: "verify-ip", Max: cfg.LookupMaxFailures, Window: cfg.LookupWindow}
	return a, nil
}

// Server builds the HTTP server.
func (a *App) Server() (*web.Server, error) {
	return web.New(web.Deps{Config: a.Config, Log: a.Log, SQL: a.DB.SQL(), Sessions: a.Sessions,
		Accounts: a.Accounts, Units: a.Units, Messages: a.Messages, Catalog: a.Catalog, Eforms: a.Eforms, Workflows: a.Workflows,
		Assets: a.Assets, Dossiers: a.Dossiers, Places: a.Places, Lookups: a.Lookups, Calendars: a.Calendars,
		Notify: a.Notify, Reports: a.Reports, Documents: a.Documents, Verifications: a.Verifications,
		ResultTemplates: a.ResultTemplates, Files: a.Files})
}

// SeedUnits loads the province's unit tree from the embedded seed file.
func (a *App) SeedUnits(ctx context.Context) (added, changed, total int, err error) {
	f, err := motcua.SeedFS.Open("testdata/seed/units.json")
	if err != nil {
		return 0, 0, 0, err
	}
	defer f.Close()
	units, err := org.ParseSeed(f)
	if err != nil {
		return 0, 0, 0, err
	}
	added, changed, err = a.Units.Upsert(ctx, units)
	return added, changed, len(units), err
}

// SeedCalendar loads the embedded table of days off and working days
// (testdata/seed/holidays.json): dates without a rule get one, rules that
// differ from the file are replaced, rules the file lacks are kept.
func (a *App) SeedCalendar(ctx context.Context) (added, changed int, err error) {
	f, err := motcua.SeedFS.Open("testdata/seed/holidays.json")
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	table, err := calendar.ReadTable(f)
	if err != nil {
		return 0, 0, err
	}
	return a.Calendars.Seed(ctx, table.Rules())
}

// DemoAccount is one entry of testdata/seed/demo-accounts.json.
type DemoAccount struct {
	Role       account.Role `json:"role"`
	FullName   string       `json:"full_name"`
	PersonalID string       `json:"personal_id"`
	TaxCode    string       `json:"tax_code"`
	Unit       string       `json:"unit"`
	Email      string       `json:"email"`
	Phone      string       `json:"phone"`
	Password   string       `json:"password"`
}

// DemoAccounts reads the embedded demo account list.
func DemoAccounts() ([]DemoAccount, error) {
	b, err := motcua.SeedFS.ReadFile("testdata/seed/demo-accounts.json")
	if err != nil {
		return nil, err
	}
	var demo []DemoAccount
	if err := json.Unmarshal(b, &demo); err != nil {
		return nil, fmt.Errorf("demo-accounts.json: %w", err)
	}
	return demo, nil
}

// SeedDemoAccounts creates the demo accounts that do not exist yet (by
// email); an existing one is left alone, so a changed password survives.
func (a *App) SeedDemoAccounts(ctx context.Context) (int, error) {
	demo, err := DemoAccounts()
	if err != nil {
		return 0, err
	}
	created := 0
	for _, d := range demo {
		if _, err := a.Users.FindByLogin(ctx, d.Email); err == nil {
			continue
		} else if !errors.Is(err, account.ErrNotFound) {
			return created, err
		}
		if d.Role.Staff() {
			unit, err := a.Units.GetByCode(ctx, d.Unit)
			if err != nil {
				return created, fmt.Errorf("demo account %s: unit %s: %w", d.Email, d.Unit, err)
			}
			_, err = a.Accounts.CreateStaff(ctx, 0, account.StaffInput{FullName: d.FullName, Email: d.Email, Phone: d.Phone,
				PersonalID: d.PersonalID, Role: d.Role, UnitID: unit.ID, Password: d.Password})
			if err != nil {
				return created, fmt.Errorf("demo account %s: %w", d.Email, err)
			}
		} else {
			u, err := a.Accounts.Register(ctx, account.RegisterInput{Kind: d.Role, FullName: d.FullName,
				PersonalID: d.PersonalID, TaxCode: d.TaxCode, Email: d.Email, Phone: d.Phone,
				Password: d.Password, Password2: d.Password})
			if err != nil {
				return created, fmt.Errorf("demo account %s: %w", d.Email, err)
			}
			// The demo applicants are in the demo registries: seeded as
			// verified, so their forms are prefilled (README).
			if err := a.Accounts.MarkIdentityVerified(ctx, 0, u.ID, "demo"); err != nil {
				return created, fmt.Errorf("demo account %s: %w", d.Email, err)
			}
		}
		created++
	}
	return created, nil
}
