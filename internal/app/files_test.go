package app_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/upload"
	"github.com/motcua/motcua/internal/upload/uploadtest"
)

// The sweep removes what a crash leaves in FILES_DIR (a stored file no
// row names, a temporary file) once it is more than a day old, and keeps
// every file a row names (attachments of drafts and dossiers, issued
// documents), however old, and fresh files, which an upload in progress
// may be about to record.
func TestSweepFiles(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	citizen := env.Users[account.RoleCitizen]
	result, d := env.IssueResult(t, citizen)
	draft, err := env.App.Dossiers.Start(ctx, citizen, dossier.StartInput{Procedure: apptest.ProcProvince})
	if err != nil {
		t.Fatal(err)
	}
	drafted, err := env.App.Dossiers.Upload(ctx, citizen, draft.PublicID, dossier.UploadInput{Slot: "tep_xac_nhan",
		Name: "nhap.pdf", Body: bytes.NewReader(uploadtest.PDF(2 << 10))})
	if err != nil {
		t.Fatal(err)
	}
	files, err := env.App.DossierStore.DossierAttachments(ctx, d.ID)
	if err != nil || len(files) == 0 {
		t.Fatalf("dossier attachments: %v %v", files, err)
	}
	dir := env.App.Config.FilesDir
	store := env.App.Files
	commit := func(key string) {
		p, err := store.Create(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Write([]byte("left by a crash")); err != nil {
			t.Fatal(err)
		}
		if err := p.Commit(key); err != nil {
			t.Fatal(err)
		}
	}
	oldOrphan, freshOrphan := upload.NewKey(), upload.NewKey()
	commit(oldOrphan)
	commit(freshOrphan)
	abandoned, err := store.Create(ctx) // a temporary file, never committed nor aborted
	if err != nil {
		t.Fatal(err)
	}
	if _, err := abandoned.Write([]byte("half")); err != nil {
		t.Fatal(err)
	}
	inProgress, err := store.Create(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = inProgress.Abort() })

	// Everything but the fresh orphan and the upload in progress was
	// written two days ago.
	old := time.Now().Add(-48 * time.Hour)
	for _, k := range []string{oldOrphan, result.StorageKey, files[0].Key, drafted.Key} {
		if err := os.Chtimes(filepath.Join(dir, k[:2], k), old, old); err != nil {
			t.Fatal(err)
		}
	}
	temps := listTemp(t, dir)
	if len(temps) != 2 {
		t.Fatalf("temporary files: %v", temps)
	}
	for _, name := range temps {
		if err := os.Chtimes(filepath.Join(dir, "tmp", name), old, old); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := inProgress.Write([]byte("still arriving")); err != nil {
		t.Fatal(err)
	}
	before := listStored(t, dir)

	got, err := env.App.SweepFiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := (upload.Swept{Orphans: 1, Temp: 1}); got != want {
		t.Errorf("SweepFiles = %+v, want %+v", got, want)
	}
	var want []string
	for _, k := range before {
		if k != oldOrphan {
			want = append(want, k)
		}
	}
	if diff := cmp.Diff(want, listStored(t, dir)); diff != "" {
		t.Errorf("stored files after the sweep (-want +got):\n%s", diff)
	}
	if n := len(listTemp(t, dir)); n != 1 {
		t.Errorf("%d temporary files left, want the one in progress", n)
	}
	if !strings.Contains(env.Logs(), `"msg":"swept the file store","orphans":1,"temporary":1`) {
		t.Errorf("no log line says what the sweep removed:\n%s", env.Logs())
	}
	// What rows name still opens.
	if b := env.DocumentBytes(t, result); len(b) == 0 {
		t.Error("the result's file is gone")
	}
	// Nothing more to sweep the second time.
	if got, err := env.App.SweepFiles(ctx); err != nil || got != (upload.Swept{}) {
		t.Errorf("second sweep = %+v, %v", got, err)
	}
}

func listStored(t *testing.T, dir string) []string {
	t.Helper()
	var keys []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Base(filepath.Dir(p)) == "tmp" {
			return err
		}
		keys = append(keys, d.Name())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(keys)
	return keys
}

func listTemp(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, "tmp"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
