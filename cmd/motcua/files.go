package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/config"
)

// filesCmd runs `motcua files sweep`: one pass of the sweep serve runs
// every hour, for an operator after a crash or a restore.
func filesCmd(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, out io.Writer) error {
	if len(args) != 1 || args[0] != "sweep" {
		return usageError("files takes one subcommand: sweep")
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := app.New(cfg, log, db, account.DefaultHashParams)
	if err != nil {
		return err
	}
	n, err := a.SweepFiles(ctx)
	fmt.Fprintf(out, "files: %d without a row removed, %d temporary removed\n", n.Orphans, n.Temp)
	return err
}
