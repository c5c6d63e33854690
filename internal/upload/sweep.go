package upload

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// SweepAge is how old a file must be before Sweep may remove it: far
// longer than any upload or document takes between writing its file and
// recording it, so that a file Sweep finds unrecorded was left by a crash.
const SweepAge = 24 * time.Hour

// sweepBatch is how many keys Sweep asks References about at once.
const sweepBatch = 500

// Inventory is a Store that can list its files and clear its pending ones,
// for Sweep (internal/filestore's Local is one).
type Inventory interface {
	Store
	// Files calls fn with the key of every stored file and when it was
	// last written, stopping at fn's first error.
	Files(ctx context.Context, fn func(key string, written time.Time) error) error
	// CleanTemp removes pending files last written more than olderThan
	// ago and says how many.
	CleanTemp(ctx context.Context, olderThan time.Duration) (int, error)
}

// References says which stored files records still name: every table
// with a file key (attachments, issued documents) answers.
type References interface {
	// Referenced returns the keys among keys that some record names.
	Referenced(ctx context.Context, keys []string) (map[string]bool, error)
}

// Swept is what Sweep removed.
type Swept struct {
	Orphans int // stored files no record named
	Temp    int // pending files never committed nor aborted
}

// Sweep removes from s what a crash leaves behind, once it is older than
// minAge: stored files that no record names (the process died between
// storing a file and recording it, or between deleting a record and its
// file) and pending files. A file records name stays, however old; so does
// a fresh one, which an upload in progress may be about to record. Keys
// are random and only ever copied from a record that names them, so a
// file found unnamed stays unnamed. Several instances may sweep one
// directory at once. It returns how many files it removed, also when it
// stops at an error.
func Sweep(ctx context.Context, s Inventory, refs References, minAge time.Duration) (Swept, error) {
	var out Swept
	cutoff := time.Now().Add(-minAge)
	var batch []string
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		named, err := refs.Referenced(ctx, batch)
		if err != nil {
			return fmt.Errorf("upload: sweeping: %w", err)
		}
		for _, k := range batch {
			if named[k] {
				continue
			}
			if err := s.Delete(ctx, k); err != nil {
				return fmt.Errorf("upload: sweeping: %w", err)
			}
			out.Orphans++
		}
		batch = batch[:0]
		return nil
	}
	err := s.Files(ctx, func(key string, written time.Time) error {
		if written.After(cutoff) {
			return nil
		}
		batch = append(batch, key)
		if len(batch) < sweepBatch {
			return nil
		}
		return flush()
	})
	if err == nil {
		err = flush()
	}
	n, terr := s.CleanTemp(ctx, minAge)
	out.Temp = n
	return out, errors.Join(err, terr)
}
