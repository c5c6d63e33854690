package filestore_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/upload"
	"github.com/motcua/motcua/internal/upload/uploadtest"
)

const key = "ab0123456789cdef0123456789abcdef"

func newStore(t *testing.T) (*filestore.Local, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := filestore.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s, dir
}

// tree lists the files under dir (relative, slash-separated) with their
// permission bits, so that a test can compare everything the store left.
func tree(t *testing.T, dir string) map[string]fs.FileMode {
	t.Helper()
	got := map[string]fs.FileMode{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == dir {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		got[filepath.ToSlash(rel)] = fi.Mode() & (fs.ModePerm | fs.ModeDir)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func write(t *testing.T, p upload.Pending, b []byte) {
	t.Helper()
	if _, err := p.Write(b); err != nil {
		t.Fatal(err)
	}
}

func readAll(t *testing.T, s *filestore.Local, k string) []byte {
	t.Helper()
	f, err := s.Open(context.Background(), k)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCommit(t *testing.T) {
	ctx := context.Background()
	s, dir := newStore(t)
	p, err := s.Create(ctx)
	if err != nil {
		t.Fatal(err)
	}
	write(t, p, []byte("hello, "))
	write(t, p, []byte("world"))
	// ReadAt sees what was written before the commit (sniffing needs it).
	buf := make([]byte, 5)
	if _, err := p.ReadAt(buf, 7); err != nil || string(buf) != "world" {
		t.Fatalf("ReadAt = %q, %v", buf, err)
	}
	// Before the commit, nothing is visible under the key.
	if _, err := s.Open(ctx, key); !errors.Is(err, upload.ErrNotFound) {
		t.Fatalf("Open before Commit: %v, want ErrNotFound", err)
	}
	if err := p.Commit(key); err != nil {
		t.Fatal(err)
	}
	if err := p.Abort(); err != nil {
		t.Fatalf("Abort after Commit: %v", err)
	}
	want := map[string]fs.FileMode{
		"tmp":       fs.ModeDir | 0o700,
		"ab":        fs.ModeDir | 0o700,
		"ab/" + key: 0o600,
	}
	if diff := cmp.Diff(want, tree(t, dir)); diff != "" {
		t.Errorf("store after Commit (-want +got):\n%s", diff)
	}
	if got := readAll(t, s, key); string(got) != "hello, world" {
		t.Errorf("Open read %q", got)
	}
	if _, err := p.Write([]byte("more")); err == nil {
		t.Error("Write after Commit succeeded")
	}
	if err := p.Commit(key); err == nil {
		t.Error("second Commit succeeded")
	}

	// Seeking works (http.ServeContent learns the size that way).
	f, err := s.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if n, err := f.Seek(0, io.SeekEnd); err != nil || n != 12 {
		t.Errorf("Seek to end = %d, %v", n, err)
	}
}

func TestAbort(t *testing.T) {
	ctx := context.Background()
	s, dir := newStore(t)
	p, err := s.Create(ctx)
	if err != nil {
		t.Fatal(err)
	}
	write(t, p, []byte("half a file"))
	if err := p.Abort(); err != nil {
		t.Fatal(err)
	}
	if err := p.Abort(); err != nil {
		t.Errorf("second Abort: %v", err)
	}
	if err := p.Commit(key); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	want := map[string]fs.FileMode{"tmp": fs.ModeDir | 0o700}
	if diff := cmp.Diff(want, tree(t, dir)); diff != "" {
		t.Errorf("store after Abort (-want +got):\n%s", diff)
	}
}

func TestCommitRefusesBadKeys(t *testing.T) {
	ctx := context.Background()
	for _, k := range []string{
		"", "short", "../../../../etc/passwd", "../" + key, key + "/x", "AB0123456789CDEF", key + ".pdf",
		`..\..\0123456789abcdef`, "/tmp/0123456789abcdef", "0123456789abcdef\x00", string(make([]byte, 65)),
	} {
		s, dir := newStore(t)
		p, err := s.Create(ctx)
		if err != nil {
			t.Fatal(err)
		}
		write(t, p, []byte("x"))
		if err := p.Commit(k); !errors.Is(err, upload.ErrKey) {
			t.Errorf("Commit(%q): %v, want ErrKey", k, err)
		}
		if err := p.Abort(); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Open(ctx, k); !errors.Is(err, upload.ErrKey) {
			t.Errorf("Open(%q): %v, want ErrKey", k, err)
		}
		if err := s.Delete(ctx, k); !errors.Is(err, upload.ErrKey) {
			t.Errorf("Delete(%q): %v, want ErrKey", k, err)
		}
		want := map[string]fs.FileMode{"tmp": fs.ModeDir | 0o700}
		if diff := cmp.Diff(want, tree(t, dir)); diff != "" {
			t.Errorf("store after Commit(%q) (-want +got):\n%s", k, diff)
		}
	}
}

func TestCommitNeverOverwrites(t *testing.T) {
	ctx := context.Background()
	s, dir := newStore(t)
	for i, content := range []string{"first", "second"} {
		p, err := s.Create(ctx)
		if err != nil {
			t.Fatal(err)
		}
		write(t, p, []byte(content))
		err = p.Commit(key)
		if i == 1 && !errors.Is(err, upload.ErrExists) {
			t.Errorf("second Commit: %v, want ErrExists", err)
		}
		if err := p.Abort(); err != nil {
			t.Fatal(err)
		}
	}
	if got := readAll(t, s, key); string(got) != "first" {
		t.Errorf("stored %q, want the first file kept", got)
	}
	if n := len(tree(t, dir)); n != 3 {
		t.Errorf("store holds %d entries, want tmp, the shard and the file", n)
	}
}

func TestOpenDelete(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	if _, err := s.Open(ctx, key); !errors.Is(err, upload.ErrNotFound) {
		t.Errorf("Open of a missing key: %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Errorf("Delete of a missing key: %v, want nil", err)
	}
	p, err := s.Create(ctx)
	if err != nil {
		t.Fatal(err)
	}
	write(t, p, []byte("x"))
	if err := p.Commit(key); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(ctx, key); !errors.Is(err, upload.ErrNotFound) {
		t.Errorf("Open after Delete: %v, want ErrNotFound", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Create(cancelled); !errors.Is(err, context.Canceled) {
		t.Errorf("Create with a cancelled context: %v", err)
	}
}

// TestCrashLeavesOnlyTemp simulates a process killed mid-upload (neither
// Commit nor Abort runs): the key names nothing, and CleanTemp at the next
// start removes the leftover once it is old enough, and only it.
func TestCrashLeavesOnlyTemp(t *testing.T) {
	ctx := context.Background()
	s, dir := newStore(t)
	abandoned, err := s.Create(ctx)
	if err != nil {
		t.Fatal(err)
	}
	write(t, abandoned, []byte("half"))
	inProgress, err := s.Create(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = inProgress.Abort() })
	// Files CleanTemp must leave alone: not its own, or not regular.
	if err := os.WriteFile(filepath.Join(dir, "tmp", "other"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "tmp", "up-dir"), 0o700); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-3 * time.Hour)
	for _, name := range temps(t, dir) {
		if err := os.Chtimes(filepath.Join(dir, "tmp", name), old, old); err != nil {
			t.Fatal(err)
		}
	}
	// Touch the in-progress one: it is still being written.
	write(t, inProgress, []byte("fresh"))

	// Restarted: the old file is cleaned, the fresh one and others kept.
	s2, err := filestore.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	n, err := s2.CleanTemp(ctx, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("CleanTemp removed %d files, want 1", n)
	}
	got := temps(t, dir)
	if len(got) != 3 {
		t.Errorf("tmp holds %v, want the fresh pending file, other and up-dir", got)
	}
	if _, err := s2.Open(ctx, key); !errors.Is(err, upload.ErrNotFound) {
		t.Errorf("Open: %v, want ErrNotFound", err)
	}
	// The in-progress upload can still commit.
	if err := inProgress.Commit(key); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, s2, key); string(got) != "fresh" {
		t.Errorf("stored %q", got)
	}
}

func temps(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, "tmp"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// TestReceive runs the domain's Receive against the real store: refused
// and oversized files leave nothing behind, accepted ones are stored whole.
func TestReceive(t *testing.T) {
	ctx := context.Background()
	s, dir := newStore(t)
	q := upload.Quota{Max: 64 << 10}
	empty := map[string]fs.FileMode{"tmp": fs.ModeDir | 0o700}

	for name, b := range map[string][]byte{
		"refused":   uploadtest.Refused()["html"],
		"too large": uploadtest.PDF(128 << 10),
	} {
		if _, err := upload.Receive(ctx, s, key, upload.Incoming{Name: "x.pdf", Body: bytes.NewReader(b)}, q); err == nil {
			t.Errorf("%s: Receive succeeded", name)
		}
		if diff := cmp.Diff(empty, tree(t, dir)); diff != "" {
			t.Errorf("%s: store after a refused upload (-want +got):\n%s", name, diff)
		}
	}

	xlsx, err := os.ReadFile("../../testdata/uploads/sample.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	info, err := upload.Receive(ctx, s, key, upload.Incoming{Name: "Bảng kê.xls", Body: bytes.NewReader(xlsx)}, q)
	if err != nil {
		t.Fatal(err)
	}
	if info.Type != upload.XLSX || info.Name != "Bảng kê.xlsx" || info.Size != int64(len(xlsx)) {
		t.Errorf("Receive = %+v", info)
	}
	if got := readAll(t, s, key); !bytes.Equal(got, xlsx) {
		t.Error("stored content differs")
	}
	if got := temps(t, dir); len(got) != 0 {
		t.Errorf("tmp holds %v after a commit", got)
	}
}

func TestNewLocal(t *testing.T) {
	if _, err := filestore.NewLocal(""); err == nil {
		t.Error("NewLocal(\"\") succeeded")
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := filestore.NewLocal(file); err == nil {
		t.Error("NewLocal on a regular file succeeded")
	}
}
