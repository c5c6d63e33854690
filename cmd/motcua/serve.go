package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/pgstore"
)

func serve(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	logStart(log, cfg)
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if cfg.MigrateOnStart {
		if err := pgstore.Migrate(ctx, db.SQL()); err != nil {
			return err
		}
	}
	a, err := app.New(cfg, log, db, account.DefaultHashParams)
	if err != nil {
		return err
	}
	srv, err := a.Server()
	if err != nil {
		return err
	}
	go housekeeping(ctx, log, a, cfg)
	go a.CleanDrafts(ctx, time.Hour)
	go a.SweepFilesEvery(ctx, time.Hour)
	go a.Work(ctx, 5*time.Second)
	go a.Notifications(ctx, 5*time.Second)
	if err := srv.Run(ctx); err != nil {
		return fmt.Errorf("server: %w", err)
	}
	log.Info("stopped")
	return nil
}

// housekeeping prunes expired sessions, old login, lookup and reset
// request records, and ended password reset links every few minutes. Safe with several instances: the deletes are idempotent.
func housekeeping(ctx context.Context, log *slog.Logger, a *app.App, cfg config.Config) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n, err := a.Sessions.Prune(ctx); err != nil {
			log.Warn("pruning sessions failed", "error", err.Error())
		} else if n > 0 {
			log.Info("pruned expired sessions", "count", n)
		}
		if err := a.Failures.PruneFailures(ctx,
			time.Now().Add(-2*max(cfg.LoginThrottleWindow, cfg.LookupWindow, account.ResetWindow))); err != nil {
			log.Warn("pruning login failures failed", "error", err.Error())
		}
		// Reset links are kept a day after they end, for support questions.
		if n, err := a.Users.PruneResets(ctx, time.Now().Add(-24*time.Hour)); err != nil {
			log.Warn("pruning password resets failed", "error", err.Error())
		} else if n > 0 {
			log.Info("pruned ended password reset links", "count", n)
		}
	}
}
