package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/pgstore"
	"github.com/motcua/motcua/internal/valid"
)

func migrate(ctx context.Context, cfg config.Config, args []string, out io.Writer) error {
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if len(args) > 0 && args[0] == "status" {
		applied, pending, err := pgstore.MigrationStatus(ctx, db.SQL())
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "applied: %v\npending: %v\n", applied, pending)
		return nil
	}
	if len(args) > 0 {
		return usageError("migrate takes no argument but status")
	}
	if err := pgstore.Migrate(ctx, db.SQL()); err != nil {
		return err
	}
	fmt.Fprintln(out, "migrations applied")
	return nil
}

func seed(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, out io.Writer) error {
	fs := newFlags("seed")
	demo := fs.Bool("demo", false, "also create the demo accounts")
	ifEmpty := fs.Bool("if-empty", false, "load each part only while its tables are empty")
	if err := fs.Parse(args); err != nil {
		return usageError("seed: " + err.Error())
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := pgstore.Migrate(ctx, db.SQL()); err != nil {
		return err
	}
	a, err := app.New(cfg, log, db, account.DefaultHashParams)
	if err != nil {
		return err
	}
	// With --if-empty (make run uses it on every start) each part is loaded
	// only while its tables are empty, so a part added by a new release
	// arrives in an existing database, and nothing an administrator changed
	// since is overwritten. Without it, seeding updates units, the calendar,
	// catalogue and e-forms to the seed files.
	units, err := a.Units.List(ctx)
	if err != nil {
		return err
	}
	if *ifEmpty && len(units) > 0 {
		fmt.Fprintln(out, "units: present, left as they are")
	} else {
		added, changed, total, err := a.SeedUnits(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "units: %d added, %d changed, %d in the seed\n", added, changed, total)
	}
	years, err := a.Calendars.Years(ctx)
	if err != nil {
		return err
	}
	if *ifEmpty && len(years) > 0 {
		fmt.Fprintln(out, "calendar: present, left as it is")
	} else {
		added, changed, err := a.SeedCalendar(ctx)
		if err != nil {
			return fmt.Errorf("seed calendar: %w", err)
		}
		fmt.Fprintf(out, "calendar: %d days added, %d changed\n", added, changed)
	}
	// Notification templates: only the missing ones are added, so an
	// administrator's wording stays (with or without --if-empty).
	n, err := a.SeedNotifyTemplates(ctx)
	if err != nil {
		return fmt.Errorf("seed notification templates: %w", err)
	}
	fmt.Fprintf(out, "notification templates: %d added\n", n)
	procs, _, err := a.Catalog.AdminList(ctx, catalog.AdminFilter{PerPage: 1})
	if err != nil {
		return err
	}
	if *ifEmpty && len(procs) > 0 {
		fmt.Fprintln(out, "catalog: present, left as it is")
	} else {
		rep, err := a.SeedCatalog(ctx)
		if err != nil {
			return fmt.Errorf("seed catalogue: %w", err)
		}
		fmt.Fprintf(out, "catalog: %d added, %d changed, %d unchanged\n", len(rep.Added), len(rep.Changed), len(rep.Unchanged))
	}
	// E-forms after the catalogue: each is checked against its case's
	// documents in the published procedure.
	forms, err := a.EformStore.Count(ctx)
	if err != nil {
		return err
	}
	if *ifEmpty && forms > 0 {
		fmt.Fprintln(out, "e-forms: present, left as they are")
	} else {
		rep, err := a.SeedEforms(ctx)
		if err != nil {
			return fmt.Errorf("seed e-forms: %w", err)
		}
		fmt.Fprintf(out, "e-forms: %d added, %d changed, %d unchanged\n", len(rep.Added), len(rep.Changed), len(rep.Unchanged))
	}
	// Result templates after the e-forms whose answers they print: only
	// the missing ones are added, so an administrator's template stays
	// (with or without --if-empty).
	tpls, err := a.SeedResultTemplates(ctx)
	if err != nil {
		return fmt.Errorf("seed result templates: %w", err)
	}
	fmt.Fprintf(out, "result templates: %d added\n", tpls.Added)
	for _, s := range tpls.Skipped {
		fmt.Fprintf(out, "  result template left out: %s\n", s)
	}
	if *demo {
		n, err := a.SeedDemoAccounts(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "demo accounts: %d created\n", n)
		if n, err = a.SeedDemoStaff(ctx); err != nil {
			return err
		}
		fmt.Fprintf(out, "demo staff: %d created\n", n)
		if n, err = a.SeedDemoPayments(ctx); err != nil {
			return err
		}
		fmt.Fprintf(out, "demo payment details: %d units\n", n)
		// The local registries stand in for the national ones with invented
		// people and businesses: demo data, like the accounts.
		if n, err = a.SeedRegistry(ctx); err != nil {
			return fmt.Errorf("seed registry: %w", err)
		}
		fmt.Fprintf(out, "registry: %d records added or changed\n", n)
		log.Info("seeded demo data")
	}
	// Internal processes last: each is checked against the catalogue and
	// against the staff of every unit it may reach.
	return seedWorkflows(ctx, a, *ifEmpty, out)
}

// maxWaiting bounds the reasons printed for processes kept as drafts.
const maxWaiting = 20

func seedWorkflows(ctx context.Context, a *app.App, ifEmpty bool, out io.Writer) error {
	flows, err := a.WorkflowStore.Count(ctx)
	if err != nil {
		return err
	}
	if ifEmpty && flows > 0 {
		fmt.Fprintln(out, "workflows: present, left as they are")
		return nil
	}
	rep, err := a.SeedWorkflows(ctx)
	if err != nil {
		return fmt.Errorf("seed workflows: %w", err)
	}
	fmt.Fprintf(out, "workflows: %d added, %d changed, %d unchanged, %d kept as drafts\n",
		len(rep.Added), len(rep.Changed), len(rep.Unchanged), len(rep.Drafts))
	if len(rep.Drafts) == 0 {
		return nil
	}
	// Without the demo staff, most units have nobody yet: the processes
	// wait as drafts until an administrator creates the staff and publishes
	// them (or seeds again).
	fmt.Fprintf(out, "workflows kept as drafts until their units have staff (publish them in the administration, "+
		"or run seed again once the staff exist): %s\n", strings.Join(rep.Drafts, ", "))
	for i, p := range rep.Waiting {
		if i == maxWaiting {
			fmt.Fprintf(out, "  ... and %d more\n", len(rep.Waiting)-maxWaiting)
			break
		}
		fmt.Fprintf(out, "  %s\n", p)
	}
	return nil
}

func user(ctx context.Context, cfg config.Config, args []string, stdin io.Reader, out io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return usageError("user: only `user create` exists")
	}
	fs := newFlags("user create")
	email := fs.String("email", "", "")
	name := fs.String("name", "", "")
	phone := fs.String("phone", "", "")
	role := fs.String("role", "", "")
	unitCode := fs.String("unit", "", "")
	pid := fs.String("personal-id", "", "")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError("user create: " + err.Error())
	}
	r, ok := account.ParseRole(*role)
	if !ok || !r.Staff() {
		return usageError("user create: --role must be one of clerk, officer, leader, admin")
	}
	pw, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	pw = strings.TrimRight(pw, "\r\n")
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := app.New(cfg, slog.New(slog.DiscardHandler), db, account.DefaultHashParams)
	if err != nil {
		return err
	}
	unit, err := a.Units.GetByCode(ctx, *unitCode)
	if err != nil {
		return fmt.Errorf("unit %q: %w", *unitCode, err)
	}
	u, err := a.Accounts.CreateStaff(ctx, 0, account.StaffInput{FullName: *name, Email: *email, Phone: *phone,
		PersonalID: *pid, Role: r, UnitID: unit.ID, Password: pw})
	var errs valid.Errors
	if errors.As(err, &errs) {
		var msgs []string
		for _, fe := range errs {
			msgs = append(msgs, fe.Field+": "+fe.Key)
		}
		return fmt.Errorf("invalid input: %s", strings.Join(msgs, "; "))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "created %s account %d in %s\n", u.Role, u.ID, unit.Code)
	return nil
}
