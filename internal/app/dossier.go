package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/pgstore"
	"github.com/motcua/motcua/internal/upload"
	"github.com/motcua/motcua/web/route"
)

// newDossiers wires the dossier service: its store and transactions, the
// catalogue, e-forms, units, registries, accounts and the file store.
func (a *App) newDossiers(files upload.Store) (*dossier.Service, error) {
	db := a.DB
	a.DossierStore = pgstore.NewDossierStore(db)
	return dossier.NewService(dossier.Deps{
		Store: a.DossierStore,
		Tx: func(ctx context.Context, fn func(dossier.Store, audit.Store) error) error {
			return db.InTx(ctx, func(tx *pgstore.DB) error { return fn(pgstore.NewDossierStore(tx), pgstore.NewAuditStore(tx)) })
		},
		Catalog: a.Catalog, Forms: a.Eforms, Units: a.Units, Registry: pgstore.NewRegistryStore(db),
		Accounts: applicantAccounts{a.Users}, Files: files, Places: a.Places, Clocks: a.Calendars, Flows: a.Workflows, Now: a.Now,
		Limits:    upload.Limits{File: int64(a.Config.UploadMaxFileMB) << 20, Dossier: int64(a.Config.UploadMaxDossier) << 20},
		Documents: a.Documents, Templates: a.DocumentStore, Wake: a.wakeWorker,
		PaperTx: func(ctx context.Context, fn func(dossier.Store, document.Store, audit.Store) error) error {
			return db.InTx(ctx, func(tx *pgstore.DB) error {
				return fn(pgstore.NewDossierStore(tx), pgstore.NewDocumentStore(tx), pgstore.NewAuditStore(tx))
			})
		},
		LookupURL: func(code string) string { return a.absolute(string(route.Lookup()) + "?ma=" + url.QueryEscape(code)) },
	})
}

// applicantAccounts names the accounts dossiers refer to.
type applicantAccounts struct{ users *pgstore.UserStore }

func (s applicantAccounts) Name(ctx context.Context, id int64) (string, error) {
	u, err := s.users.Get(ctx, id)
	if err != nil {
		return "", err
	}
	return u.FullName, nil
}

// loadPlaces reads the national list of provinces and communes.
func loadPlaces() (*org.Places, error) {
	f, err := motcua.SeedFS.Open("testdata/seed/places.json")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return org.ParsePlaces(f)
}

// openFiles opens the file store in FILES_DIR, clearing uploads a crash
// left half-written.
func openFiles(ctx context.Context, dir string, log *slog.Logger) (*filestore.Local, error) {
	fs, err := filestore.NewLocal(dir)
	if err != nil {
		return nil, fmt.Errorf("FILES_DIR %s: %w", dir, err)
	}
	if n, err := fs.CleanTemp(ctx, time.Hour); err != nil {
		log.WarnContext(ctx, "cleaning abandoned uploads failed", "error", err.Error())
	} else if n > 0 {
		log.InfoContext(ctx, "removed abandoned uploads", "count", n)
	}
	return fs, nil
}

// registrySeed is testdata/seed/registry.json.
type registrySeed struct {
	Persons []struct {
		PersonalID       string        `json:"personal_id"`
		FullName         string        `json:"full_name"`
		BirthDate        string        `json:"birth_date"`
		Gender           string        `json:"gender"`
		Ethnicity        string        `json:"ethnicity"`
		Nationality      string        `json:"nationality"`
		PermanentAddress eform.Address `json:"permanent_address"`
	} `json:"persons"`
	Businesses []struct {
		TaxCode             string        `json:"tax_code"`
		Name                string        `json:"name"`
		LegalRepresentative string        `json:"legal_representative"`
		Founded             string        `json:"founded"`
		Address             eform.Address `json:"address"`
	} `json:"businesses"`
}

// SeedRegistry loads the demo records of the local population and business
// registries; it returns how many were added or changed.
func (a *App) SeedRegistry(ctx context.Context) (int, error) {
	b, err := motcua.SeedFS.ReadFile("testdata/seed/registry.json")
	if err != nil {
		return 0, err
	}
	var seed registrySeed
	if err := json.Unmarshal(b, &seed); err != nil {
		return 0, fmt.Errorf("registry.json: %w", err)
	}
	var people []dossier.Person
	for _, p := range seed.Persons {
		people = append(people, dossier.Person{PersonalID: p.PersonalID, FullName: p.FullName, BirthDate: p.BirthDate,
			Gender: p.Gender, Ethnicity: p.Ethnicity, Nationality: p.Nationality,
			PermanentAddress: p.PermanentAddress})
	}
	var biz []dossier.Business
	for _, x := range seed.Businesses {
		biz = append(biz, dossier.Business{TaxCode: x.TaxCode, Name: x.Name, LegalRepresentative: x.LegalRepresentative,
			Founded: x.Founded, Address: x.Address})
	}
	n := 0
	err = a.DB.InTx(ctx, func(tx *pgstore.DB) error {
		st := pgstore.NewRegistryStore(tx)
		k, err := st.UpsertPeople(ctx, people)
		if err != nil {
			return err
		}
		m, err := st.UpsertBusinesses(ctx, biz)
		n = k + m
		return err
	})
	return n, err
}

// CleanDrafts runs the draft clean-up every interval until ctx ends. Each
// instance may run it: drafts are deleted one by one under their row lock.
// Only its ticker wakes it: the job worker's wake-ups are Work's.
func (a *App) CleanDrafts(ctx context.Context, every time.Duration) {
	repeat(ctx, every, nil, func(ctx context.Context) {
		n, err := a.Dossiers.CleanDrafts(ctx, a.Config.DraftMaxAge)
		switch {
		case err != nil && ctx.Err() == nil:
			a.Log.ErrorContext(ctx, "draft clean-up failed", "error", err.Error())
		case n > 0:
			a.Log.InfoContext(ctx, "deleted old drafts", "count", n)
		}
	})
}

// Work runs the background jobs of semi-automatic and automatic steps
// every interval, and as soon as this instance queues one, until ctx
// ends. Several instances may run it: jobs are leased one at a time with
// FOR UPDATE SKIP LOCKED.
func (a *App) Work(ctx context.Context, every time.Duration) {
	repeat(ctx, every, a.jobsQueued, func(ctx context.Context) {
		if n, err := a.Dossiers.RunJobs(ctx); err != nil && ctx.Err() == nil {
			a.Log.ErrorContext(ctx, "job worker failed", "error", err.Error())
		} else if n > 0 {
			a.Log.DebugContext(ctx, "jobs done", "count", n)
		}
	})
}

// repeat runs fn at once, then every interval and whenever wake fires (nil:
// never), until ctx ends.
func repeat(ctx context.Context, every time.Duration, wake <-chan struct{}, fn func(context.Context)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		fn(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-wake:
		}
	}
}

// wakeWorker tells this instance's job worker that work was queued, so
// that a receipt is ready moments after reception rather than at the next
// round; it never blocks (a wake-up already pending is enough).
func (a *App) wakeWorker() {
	select {
	case a.jobsQueued <- struct{}{}:
	default:
	}
}
