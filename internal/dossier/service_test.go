package dossier_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/upload/uploadtest"
	"github.com/motcua/motcua/internal/valid"
)

const communeDucXuan = "001.00.50.H19"

// citizen registers a citizen with a personal ID of the given number.
func citizen(t *testing.T, env *apptest.Env, n int) account.User {
	t.Helper()
	u, err := env.App.Accounts.Register(context.Background(), account.RegisterInput{Kind: account.RoleCitizen,
		FullName: "Công dân " + strconv.Itoa(n), PersonalID: fmt.Sprintf("0191900%05d", n),
		Email: fmt.Sprintf("cd%d@example.vn", n), Phone: "0987000123", Password: apptest.Password, Password2: apptest.Password})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// complete starts a draft of the commune test procedure for u and
// answers everything, with the PDF.
func complete(t testing.TB, svc *dossier.Service, u account.User, pdf []byte) dossier.Draft {
	t.Helper()
	return completeWith(t, svc, u, apptest.ProcCommune, communeDucXuan, pdf)
}

// completeAt is complete for any test procedure (unit: the commune to
// choose, "" for a procedure with a fixed authority), with a small PDF.
func completeAt(t testing.TB, svc *dossier.Service, u account.User, proc, unit string) dossier.Draft {
	t.Helper()
	return completeWith(t, svc, u, proc, unit, uploadtest.PDF(4<<10))
}

func completeWith(t testing.TB, svc *dossier.Service, u account.User, proc, unit string, pdf []byte) dossier.Draft {
	t.Helper()
	ctx := context.Background()
	d, err := svc.Start(ctx, u, dossier.StartInput{Procedure: proc, UnitCode: unit})
	if err != nil {
		t.Fatal(err)
	}
	for page, v := range map[string]url.Values{
		"nguoi-khai": {"ho_ten": {u.FullName}, "so_dinh_danh": {u.PersonalID}, "dien_thoai": {"0987000123"}},
		"nguoi-than": {"co_giay_khac": {"no"}},
	} {
		res, err := svc.SavePage(ctx, u, d.PublicID, page, v, "")
		if err != nil || len(res.Errors) > 0 {
			t.Fatalf("page %s: %v %v", page, err, res.Errors)
		}
	}
	if _, err := svc.Upload(ctx, u, d.PublicID, dossier.UploadInput{Slot: "tep_xac_nhan", Name: "a.pdf", Body: bytes.NewReader(pdf)}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveDelivery(ctx, u, d.PublicID, dossier.Delivery{Method: dossier.DeliverOnline}); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestConcurrentSubmissions: 50 dossiers submitted at once to one
// reception centre get numbers 0001 to 0050 of the day: no gap, no
// duplicate; and each draft submitted twice at once makes one dossier.
func TestConcurrentSubmissions(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	svc := env.App.Dossiers
	pdf := uploadtest.PDF(4 << 10)
	const n = 50
	users := make([]account.User, n)
	drafts := make([]dossier.Draft, n)
	for i := range n {
		users[i] = citizen(t, env, i+1)
		drafts[i] = complete(t, svc, users[i], pdf)
	}
	var (
		mu    sync.Mutex
		codes = map[string]int{} // code -> submissions that returned it
		wg    sync.WaitGroup
	)
	for i := range n {
		for range 2 { // a double click
			wg.Go(func() {
				d, _, err := svc.Submit(context.Background(), users[i], drafts[i].PublicID, dossier.SubmitInput{Declaration: true})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				codes[d.Code]++
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	if len(codes) != n {
		t.Fatalf("%d dossiers from %d drafts submitted twice each, want %d", len(codes), n, n)
	}
	re := regexp.MustCompile(`^001\.01\.50\.H19-(\d{6})-(\d{4})$`)
	var numbers []int
	day := ""
	for code, k := range codes {
		m := re.FindStringSubmatch(code)
		if m == nil {
			t.Fatalf("code %q does not follow {unit}-{yyMMdd}-{NNNN}", code)
		}
		if day != "" && m[1] != day {
			t.Errorf("codes of two days: %s and %s", day, m[1])
		}
		day = m[1]
		if k != 2 {
			t.Errorf("%s returned %d times, want 2 (both clicks)", code, k)
		}
		x, _ := strconv.Atoi(m[2])
		numbers = append(numbers, x)
	}
	slices.Sort(numbers)
	for i, x := range numbers {
		if x != i+1 {
			t.Fatalf("numbers %v: want 1..%d without gaps", numbers, n)
		}
	}
	if want := time.Now().In(time.FixedZone("ICT", 7*3600)).Format("060102"); day != want {
		t.Errorf("day part %s, want today in Vietnam %s", day, want)
	}
}

// TestUploadLimits: the per-file and per-dossier limits hold while
// streaming, and a refused upload leaves nothing behind.
func TestUploadLimits(t *testing.T) {
	env := apptest.New(t, func(c *configT) { c.UploadMaxFileMB = 1; c.UploadMaxDossier = 2 })
	env.OpenProcedures(t)
	svc := env.App.Dossiers
	ctx := context.Background()
	u := env.Users[account.RoleCitizen]
	d, err := svc.Start(ctx, u, dossier.StartInput{Procedure: apptest.ProcCommune, UnitCode: communeDucXuan})
	if err != nil {
		t.Fatal(err)
	}
	up := func(size int) error {
		_, err := svc.Upload(ctx, u, d.PublicID, dossier.UploadInput{Slot: "tep_xac_nhan", Name: "x.pdf",
			Body: bytes.NewReader(uploadtest.PDF(size))})
		return err
	}
	wantField := func(err error, key string) {
		t.Helper()
		var errs valid.Errors
		if !errors.As(err, &errs) || len(errs) != 1 || errs[0].Field != "tep_xac_nhan" || errs[0].Key != key {
			t.Errorf("got %v, want %s on the slot", err, key)
		}
	}
	wantField(up(1<<20+1), "dossier.error.file_too_large")
	for range 2 {
		if err := up(900 << 10); err != nil {
			t.Fatal(err)
		}
	}
	wantField(up(300<<10), "dossier.error.dossier_full")
	w, err := svc.Open(ctx, u, d.PublicID)
	if err != nil || len(w.Files) != 2 {
		t.Fatalf("files after refusals: %d, %v", len(w.Files), err)
	}
	// Refused bytes never reached the store: only the two kept files.
	if n := countFiles(t, env.App.Config.FilesDir); n != 2 {
		t.Errorf("%d files in the store, want 2", n)
	}
	// Removing a file frees the store and the quota.
	if err := svc.RemoveFile(ctx, u, d.PublicID, w.Files[0].PublicID); err != nil {
		t.Fatal(err)
	}
	if n := countFiles(t, env.App.Config.FilesDir); n != 1 {
		t.Errorf("%d files after removing one, want 1", n)
	}
	if err := up(300 << 10); err != nil {
		t.Errorf("upload after freeing room: %v", err)
	}
}

// TestReuseAndCleanup: a document of an earlier dossier is attached to a
// new draft without uploading it again; old drafts go with their files,
// but never a file a dossier holds.
func TestReuseAndCleanup(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	svc := env.App.Dossiers
	ctx := context.Background()
	u := env.Users[account.RoleCitizen]
	first := complete(t, svc, u, uploadtest.PDF(8<<10))
	if _, _, err := svc.Submit(ctx, u, first.PublicID, dossier.SubmitInput{Declaration: true}); err != nil {
		t.Fatal(err)
	}
	docs, err := svc.ReusableDocuments(ctx, u)
	if err != nil || len(docs) != 1 {
		t.Fatalf("reusable documents: %d, %v", len(docs), err)
	}
	second, err := svc.Start(ctx, u, dossier.StartInput{Procedure: apptest.ProcProvince})
	if err != nil {
		t.Fatal(err)
	}
	a, err := svc.Reuse(ctx, u, second.PublicID, "tep_xac_nhan", docs[0].PublicID)
	if err != nil || a.SHA256 != docs[0].SHA256 || a.Key != docs[0].Key {
		t.Fatalf("reuse: %+v, %v", a, err)
	}
	// Someone else cannot reuse it.
	other := citizen(t, env, 99)
	third, err := svc.Start(ctx, other, dossier.StartInput{Procedure: apptest.ProcProvince})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Reuse(ctx, other, third.PublicID, "tep_xac_nhan", docs[0].PublicID); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("reusing another's document: %v", err)
	}
	// Clean-up with a zero age takes every draft, including the submitted
	// one's row, but the shared file stays for the dossier.
	n, err := svc.CleanDrafts(ctx, 0)
	if err != nil || n != 3 {
		t.Fatalf("CleanDrafts = %d, %v; want 3", n, err)
	}
	if _, err := svc.Open(ctx, u, second.PublicID); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("cleaned draft still opens: %v", err)
	}
	if n := countFiles(t, env.App.Config.FilesDir); n != 1 {
		t.Errorf("%d files after clean-up, want the dossier's 1", n)
	}
	if _, r, err := svc.OpenFile(ctx, u, docs[0].PublicID); err != nil {
		t.Errorf("the dossier's file after clean-up: %v", err)
	} else {
		r.Close()
	}
}

type configT = config.Config

// countFiles counts the stored files (not the temporary ones) under dir.
func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "tmp" {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
