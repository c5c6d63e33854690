package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dbtest"
	"github.com/motcua/motcua/internal/upload"
)

func TestFilesSweep(t *testing.T) {
	t.Setenv("DATABASE_URL", dbtest.DSN(t))
	t.Setenv("MOTCUA_ENV", "test")
	dir := t.TempDir()
	t.Setenv("FILES_DIR", dir)
	if _, err := runCmd(t, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	// A file a crash left two days ago, no row naming it, and a fresh one.
	old, fresh := upload.NewKey(), upload.NewKey()
	for _, k := range []string{old, fresh} {
		if err := os.MkdirAll(filepath.Join(dir, k[:2]), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, k[:2], k), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	then := time.Now().Add(-48 * time.Hour)
	if err := os.Chtimes(filepath.Join(dir, old[:2], old), then, then); err != nil {
		t.Fatal(err)
	}
	out, err := runCmd(t, "", "files", "sweep")
	if err != nil || !strings.Contains(out, "files: 1 without a row removed, 0 temporary removed") {
		t.Fatalf("files sweep: %q %v", out, err)
	}
	if _, err := os.Stat(filepath.Join(dir, old[:2], old)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the old orphan is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, fresh[:2], fresh)); err != nil {
		t.Errorf("the fresh file went: %v", err)
	}
	var ue usageError
	if _, err := runCmd(t, "", "files"); !errors.As(err, &ue) {
		t.Errorf("files without a subcommand: %v", err)
	}
}
