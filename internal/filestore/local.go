package filestore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/motcua/motcua/internal/upload"
)

// tmpPrefix starts the name of every pending file, so that CleanTemp never
// removes anything it did not create.
const tmpPrefix = "up-"

// Local stores files in a directory:
//
//	<dir>/tmp/up-*          pending files, never served
//	<dir>/<k[0:2]>/<key>    committed files, sharded by the key's first two
//	                        characters so that no directory grows too large
//
// A pending file is written, fsynced, then hard-linked to its final name
// (which, unlike rename, fails rather than replaces if the name is taken)
// and the shard directory fsynced, so that after a crash a key names either
// a complete file or nothing; a crash leaves at worst a temporary file,
// which CleanTemp removes. Files and directories are private to the
// server's user (0600 and 0700).
type Local struct {
	dir   string
	tmp   string
	fault atomic.Pointer[func(Op) error]
}

// Op names a step of Local's that writes to the disk, for SetFault.
type Op string

// The steps SetFault can make fail.
const (
	OpCreate Op = "create" // a pending file in <dir>/tmp
	OpWrite  Op = "write"  // to a pending file
	OpSync   Op = "sync"   // a pending file, before it is committed
	OpMkdir  Op = "mkdir"  // a shard directory
	OpLink   Op = "link"   // a pending file under its key
)

// SetFault makes each step that writes to the disk call fault first and
// fail with what it returns instead of doing the step (nil: go on);
// SetFault(nil) ends it. Tests use it to play a full or read-only disk,
// which cannot be had on demand (and permissions do not stop root).
func (l *Local) SetFault(fault func(Op) error) {
	if fault == nil {
		l.fault.Store(nil)
		return
	}
	l.fault.Store(&fault)
}

// check runs the fault SetFault installed, if any, before step op.
func (l *Local) check(op Op) error {
	if f := l.fault.Load(); f != nil {
		return (*f)(op)
	}
	return nil
}

// wrap is an error of the disk as the store returns it: wrapping
// upload.ErrUnavailable when the disk is full (or over quota), read-only,
// or closed to the server's user, since then nothing is wrong with the
// file and the portal says to try again later instead of failing.
func wrap(err error) error {
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT), errors.Is(err, syscall.EROFS),
		errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("filestore: %w: %w", upload.ErrUnavailable, err)
	}
	return fmt.Errorf("filestore: %w", err)
}

var _ upload.Store = (*Local)(nil)

// NewLocal returns a store in dir, creating dir and dir/tmp if needed. The
// temporary directory lives inside dir so that committing is a link within
// one file system.
func NewLocal(dir string) (*Local, error) {
	if dir == "" {
		return nil, errors.New("filestore: no directory given")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("filestore: %w", err)
	}
	l := &Local{dir: abs, tmp: filepath.Join(abs, "tmp")}
	if err := os.MkdirAll(l.tmp, 0o700); err != nil {
		return nil, fmt.Errorf("filestore: %w", err)
	}
	return l, nil
}

// Create starts a pending file in <dir>/tmp (os.CreateTemp makes it 0600).
func (l *Local) Create(ctx context.Context) (upload.Pending, error) {
	return l.create(ctx)
}

func (l *Local) create(ctx context.Context) (*pending, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := l.check(OpCreate); err != nil {
		return nil, wrap(err)
	}
	f, err := os.CreateTemp(l.tmp, tmpPrefix+"*")
	if err != nil {
		return nil, wrap(err)
	}
	return &pending{f: f, store: l}, nil
}

// Ready reports whether the store can take a file now, by writing, syncing
// and removing a small pending file in the real directory (a full or
// read-only disk fails with upload.ErrUnavailable). /readyz asks it.
func (l *Local) Ready(ctx context.Context) error {
	p, err := l.create(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = p.Abort() }()
	if _, err := p.Write([]byte("ready\n")); err != nil {
		return err
	}
	return p.sync()
}

// Files calls fn with the key of every committed file and when it was last
// written, one shard directory at a time, and stops at fn's first error.
// Names that are not keys, or not in their key's shard, are not the
// store's and are skipped. Files committed or deleted meanwhile may or may
// not be seen.
func (l *Local) Files(ctx context.Context, fn func(key string, written time.Time) error) error {
	shards, err := os.ReadDir(l.dir)
	if err != nil {
		return wrap(err)
	}
	for _, sh := range shards {
		if !sh.IsDir() || len(sh.Name()) != 2 {
			continue
		}
		entries, err := os.ReadDir(filepath.Join(l.dir, sh.Name()))
		if err != nil {
			return wrap(err)
		}
		for _, e := range entries {
			if err := ctx.Err(); err != nil {
				return err
			}
			k := e.Name()
			if !e.Type().IsRegular() || !upload.ValidKey(k) || k[:2] != sh.Name() {
				continue
			}
			fi, err := e.Info()
			if errors.Is(err, fs.ErrNotExist) {
				continue // deleted meanwhile
			}
			if err != nil {
				return wrap(err)
			}
			if err := fn(k, fi.ModTime()); err != nil {
				return err
			}
		}
	}
	return nil
}

// Open returns the file stored under key (an *os.File, which http.ServeContent
// can seek to learn the size and serve ranges).
func (l *Local) Open(ctx context.Context, key string) (io.ReadSeekCloser, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	path, err := l.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path) //nolint:gosec // G304: path is built from a key that ValidKey accepted ([a-z0-9] only), under the store's directory
	if errors.Is(err, fs.ErrNotExist) {
		return nil, upload.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("filestore: %w", err)
	}
	return f, nil
}

// Delete removes the file stored under key; a missing file is not an error.
func (l *Local) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	path, err := l.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("filestore: %w", err)
	}
	return nil
}

// CleanTemp removes pending files last modified more than olderThan ago:
// those left by a crash or a killed process. Call it at start-up, with an
// age longer than any upload can take, since another process may share
// the directory. It returns how many files it removed.
func (l *Local) CleanTemp(ctx context.Context, olderThan time.Duration) (int, error) {
	entries, err := os.ReadDir(l.tmp)
	if err != nil {
		return 0, fmt.Errorf("filestore: %w", err)
	}
	cutoff := time.Now().Add(-olderThan)
	removed := 0
	var errs []error
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return removed, err
		}
		if !e.Type().IsRegular() || !strings.HasPrefix(e.Name(), tmpPrefix) {
			continue
		}
		fi, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue // finished or aborted meanwhile
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if fi.ModTime().After(cutoff) {
			continue
		}
		if err := os.Remove(filepath.Join(l.tmp, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		removed++
	}
	if err := errors.Join(errs...); err != nil {
		return removed, fmt.Errorf("filestore: cleaning temporary files: %w", err)
	}
	return removed, nil
}

// path returns where the file with key lives, refusing any key that is not
// valid: the check is what makes joining the key to a path safe.
func (l *Local) path(key string) (string, error) {
	if !upload.ValidKey(key) {
		return "", upload.ErrKey
	}
	return filepath.Join(l.dir, key[:2], key), nil
}

// pending is a file being written in <dir>/tmp.
type pending struct {
	f     *os.File
	store *Local
	done  bool // committed or aborted: the temporary name is gone
}

func (p *pending) Write(b []byte) (int, error) {
	if p.done {
		return 0, os.ErrClosed
	}
	if err := p.store.check(OpWrite); err != nil {
		return 0, wrap(err)
	}
	n, err := p.f.Write(b)
	if err != nil {
		return n, wrap(err)
	}
	return n, nil
}

// sync flushes what was written to the disk, where a full disk shows at
// the latest.
func (p *pending) sync() error {
	if err := p.store.check(OpSync); err != nil {
		return wrap(err)
	}
	if err := p.f.Sync(); err != nil {
		return wrap(err)
	}
	return nil
}

func (p *pending) ReadAt(b []byte, off int64) (int, error) {
	if p.done {
		return 0, os.ErrClosed
	}
	return p.f.ReadAt(b, off)
}

// Commit syncs the file, links it under its key and syncs the shard
// directory. On failure the pending file is still there, and Abort (which
// the caller defers) removes it.
func (p *pending) Commit(key string) error {
	if p.done {
		return os.ErrClosed
	}
	final, err := p.store.path(key)
	if err != nil {
		return err
	}
	if err := p.sync(); err != nil {
		return err
	}
	shard := filepath.Dir(final)
	if err := p.store.mkdirSynced(shard); err != nil {
		return err
	}
	if err := p.store.check(OpLink); err != nil {
		return wrap(err)
	}
	if err := os.Link(p.f.Name(), final); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return upload.ErrExists
		}
		return wrap(err)
	}
	if err := syncDir(shard); err != nil {
		// The link may not survive a crash: undo it, so that the caller
		// does not record a key whose file might vanish.
		_ = os.Remove(final)
		return err
	}
	p.done = true
	// The content is safe under its key; the temporary name is now only an
	// extra link, and CleanTemp removes it if these steps fail.
	_ = p.f.Close()
	_ = os.Remove(p.f.Name())
	return nil
}

// Abort closes and removes the pending file; after Commit or a previous
// Abort it does nothing.
func (p *pending) Abort() error {
	if p.done {
		return nil
	}
	p.done = true
	cerr := p.f.Close()
	if err := os.Remove(p.f.Name()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("filestore: %w", err)
	}
	if cerr != nil && !errors.Is(cerr, os.ErrClosed) {
		return fmt.Errorf("filestore: %w", cerr)
	}
	return nil
}

// mkdirSynced creates the shard directory if it is missing and then syncs
// its parent, so that the new directory entry survives a crash too.
func (l *Local) mkdirSynced(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := l.check(OpMkdir); err != nil {
		return wrap(err)
	}
	err := os.Mkdir(dir, 0o700)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return wrap(err)
	}
	return syncDir(filepath.Dir(dir))
}

func syncDir(dir string) error {
	d, err := os.Open(dir) //nolint:gosec // G304: a directory of the store, not a client-chosen path
	if err != nil {
		return fmt.Errorf("filestore: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", filepath.Base(dir), wrap(err))
	}
	return nil
}
