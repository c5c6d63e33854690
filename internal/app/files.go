package app

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/pgstore"
	"github.com/motcua/motcua/internal/upload"
)

// SweepFiles removes from FILES_DIR what a crash left there more than
// upload.SweepAge ago: stored files no row names (attachments, issued
// documents) and temporary files. It logs and returns how many it removed.
// It is one plain pass, so that a job engine can run it as well as
// SweepFilesEvery; several instances may run it at once.
func (a *App) SweepFiles(ctx context.Context) (upload.Swept, error) {
	n, err := upload.Sweep(ctx, a.Files, pgstore.NewFileRefs(a.DB), upload.SweepAge)
	if n != (upload.Swept{}) {
		a.Log.InfoContext(ctx, "swept the file store", "orphans", n.Orphans, "temporary", n.Temp)
	}
	return n, err
}

// SweepFilesEvery runs SweepFiles at once and then every interval until
// ctx ends.
func (a *App) SweepFilesEvery(ctx context.Context, every time.Duration) {
	repeat(ctx, every, nil, func(ctx context.Context) {
		if _, err := a.SweepFiles(ctx); err != nil && ctx.Err() == nil {
			a.Log.ErrorContext(ctx, "sweeping the file store failed", "error", err.Error())
		}
	})
}
