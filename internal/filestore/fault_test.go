package filestore_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/upload"
	"github.com/motcua/motcua/internal/upload/uploadtest"
)

// A full, read-only or forbidden disk (simulated: tests run as root, whom
// permissions do not stop, and cannot mount a small file system) makes an
// upload fail with upload.ErrUnavailable at whichever step it strikes,
// leaves nothing behind, and makes Ready fail until it is over.
func TestUnavailableDisk(t *testing.T) {
	ctx := context.Background()
	pdf := uploadtest.PDF(40 << 10)
	for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT, syscall.EROFS, syscall.EACCES, syscall.EPERM} {
		for _, op := range []filestore.Op{filestore.OpCreate, filestore.OpWrite, filestore.OpSync, filestore.OpMkdir, filestore.OpLink} {
			t.Run(errno.Error()+"/"+string(op), func(t *testing.T) {
				s, dir := newStore(t)
				s.SetFault(func(o filestore.Op) error {
					if o == op {
						return &fs.PathError{Op: string(o), Path: "x", Err: errno}
					}
					return nil
				})
				_, err := upload.Receive(ctx, s, key, upload.Incoming{Name: "x.pdf", Body: bytes.NewReader(pdf)},
					upload.Quota{Max: 64 << 10})
				if !errors.Is(err, upload.ErrUnavailable) || !errors.Is(err, errno) {
					t.Errorf("Receive: %v, want ErrUnavailable wrapping %v", err, errno)
				}
				for name, mode := range tree(t, dir) {
					if !mode.IsDir() {
						t.Errorf("left behind: %s", name) // an empty shard directory is no file
					}
				}
				if op == filestore.OpCreate || op == filestore.OpWrite || op == filestore.OpSync {
					if err := s.Ready(ctx); !errors.Is(err, upload.ErrUnavailable) {
						t.Errorf("Ready with the disk failing: %v, want ErrUnavailable", err)
					}
				}
				s.SetFault(nil)
				if err := s.Ready(ctx); err != nil {
					t.Errorf("Ready once it is over: %v", err)
				}
				if _, err := upload.Receive(ctx, s, key, upload.Incoming{Name: "x.pdf", Body: bytes.NewReader(pdf)},
					upload.Quota{Max: 64 << 10}); err != nil {
					t.Errorf("Receive once it is over: %v", err)
				}
			})
		}
	}
}

// Ready tries the real directory: a store whose temporary directory went
// away (or was never writable) is not ready, and the probe leaves nothing.
func TestReadyChecksTheDirectory(t *testing.T) {
	ctx := context.Background()
	s, dir := newStore(t)
	if err := s.Ready(ctx); err != nil {
		t.Fatalf("Ready: %v", err)
	}
	if got := temps(t, dir); len(got) != 0 {
		t.Errorf("the probe left %v", got)
	}
	if err := os.RemoveAll(filepath.Join(dir, "tmp")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tmp"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Ready(ctx); err == nil {
		t.Error("Ready without a temporary directory succeeded")
	}
}

// Files lists every committed file with when it was written, and nothing
// else in the directory.
func TestFiles(t *testing.T) {
	ctx := context.Background()
	s, dir := newStore(t)
	keys := []string{key, "cd0123456789abcdef0123456789abcd", "cd9999999999abcdef0123456789abcd"}
	for _, k := range keys {
		p, err := s.Create(ctx)
		if err != nil {
			t.Fatal(err)
		}
		write(t, p, []byte(k))
		if err := p.Commit(k); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-48 * time.Hour).Truncate(time.Second)
	if err := os.Chtimes(filepath.Join(dir, "cd", keys[1]), old, old); err != nil {
		t.Fatal(err)
	}
	// Not files of the store: a pending one, a stranger in a shard, a
	// misplaced key, a file at the top.
	p, err := s.Create(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Abort() })
	for _, name := range []string{"cd/notes.txt", "ab/" + keys[1], "README"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]bool{}
	err = s.Files(ctx, func(k string, written time.Time) error {
		got[k] = written.Equal(old)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{keys[0]: false, keys[1]: true, keys[2]: false}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Files (key: written two days ago) (-want +got):\n%s", diff)
	}
	stop := errors.New("stop")
	if err := s.Files(ctx, func(string, time.Time) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("Files does not stop at fn's error: %v", err)
	}
}
