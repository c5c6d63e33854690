package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/caseversion"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/pgstore"
)

// testForm is a small valid e-form for the birth registration; label
// tells versions apart.
func testForm(label string) eform.Form {
	doc := 1
	return eform.Form{Title: "Tờ khai đăng ký khai sinh", Pages: []eform.Page{
		{ID: "nguoi-yeu-cau", Title: "Người yêu cầu", Sections: []eform.Section{{Fields: []eform.Field{
			{ID: "ho_ten", Kind: eform.KindText, Label: label, Required: true, Source: "account.full_name"},
		}}}},
		{ID: "giay-to", Title: "Giấy tờ kèm theo", Sections: []eform.Section{{Fields: []eform.Field{
			{ID: "tep_giay_chung_sinh", Kind: eform.KindFile, Label: "Giấy chứng sinh", Required: true, Document: &doc},
		}}}},
	}}
}

type eformFixture struct {
	catalogFixture
	store *pgstore.EformStore
}

// newEforms returns an e-form store on a fresh database where the birth
// and marriage registrations are published.
func newEforms(t testing.TB) eformFixture {
	t.Helper()
	f := newCatalog(t)
	f.publish(t, recBirth())
	f.publish(t, recMarriage())
	return eformFixture{catalogFixture: f, store: pgstore.NewEformStore(f.db)}
}

func TestEformVersioning(t *testing.T) {
	ctx := context.Background()
	f := newEforms(t)
	s := f.store

	if _, err := s.Current(ctx, codeBirth, 0); !errors.Is(err, eform.ErrNotFound) {
		t.Errorf("Current() before any draft: err = %v, want ErrNotFound", err)
	}
	if vs, err := s.Versions(ctx, codeBirth, 0); err != nil || len(vs) != 0 {
		t.Errorf("Versions() before any draft = %v, %v; want none", vs, err)
	}
	d1, err := s.SaveDraft(ctx, codeBirth, 0, testForm("Họ, chữ đệm, tên"), f.admin, t0)
	if err != nil {
		t.Fatal(err)
	}
	want := eform.Definition{Meta: caseversion.Meta{Procedure: codeBirth, Case: 0, Version: 1, Status: eform.StatusDraft,
		CreatedAt: t0, CreatedBy: f.admin, Revision: d1.Revision}, Form: testForm("Họ, chữ đệm, tên")}
	if diff := cmp.Diff(want, d1); diff != "" || d1.Revision == 0 {
		t.Errorf("SaveDraft() (-want +got):\n%s (revision %d)", diff, d1.Revision)
	}
	if got, err := s.Draft(ctx, codeBirth, 0); err != nil || !cmp.Equal(want, got) {
		t.Errorf("Draft() = %+v, %v; want %+v", got, err, want)
	}
	// Saving again replaces the draft, with a new revision.
	d1b, err := s.SaveDraft(ctx, codeBirth, 0, testForm("Họ và tên"), 0, t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if d1b.Version != 1 || d1b.Revision == d1.Revision || d1b.CreatedBy != 0 || d1b.Form.Pages[0].Sections[0].Fields[0].Label != "Họ và tên" {
		t.Errorf("second save of the draft = v%d rev %d by %d; want v1 with a new revision (was %d), by nobody",
			d1b.Version, d1b.Revision, d1b.CreatedBy, d1.Revision)
	}

	p1, err := s.Publish(ctx, codeBirth, 0, f.admin, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if p1.Version != 1 || p1.Status != eform.StatusPublished || !p1.PublishedAt.Equal(t0.Add(time.Hour)) ||
		p1.PublishedBy != f.admin || p1.Revision == d1b.Revision {
		t.Errorf("Publish() = %+v", p1)
	}
	if _, err := s.Publish(ctx, codeBirth, 0, f.admin, t0); !errors.Is(err, eform.ErrNoDraft) {
		t.Errorf("Publish() without a draft: err = %v, want ErrNoDraft", err)
	}
	if _, err := s.Draft(ctx, codeBirth, 0); !errors.Is(err, eform.ErrNotFound) {
		t.Errorf("Draft() after publishing: err = %v, want ErrNotFound", err)
	}

	// An edit is draft v2; v1 stays published until v2 is.
	if d2, err := s.SaveDraft(ctx, codeBirth, 0, testForm("Họ tên"), f.admin, t0.Add(2*time.Hour)); err != nil || d2.Version != 2 {
		t.Fatalf("edit = v%d, %v; want v2", d2.Version, err)
	}
	if cur, err := s.Current(ctx, codeBirth, 0); err != nil || cur.Version != 1 || cur.Revision != p1.Revision {
		t.Errorf("Current() while v2 is a draft = v%d rev %d, %v; want v1 rev %d", cur.Version, cur.Revision, err, p1.Revision)
	}
	heads, err := s.Heads(ctx, codeBirth)
	if err != nil {
		t.Fatal(err)
	}
	d2, _ := s.Draft(ctx, codeBirth, 0)
	if diff := cmp.Diff([]eform.Head{{Procedure: codeBirth, Case: 0, Current: 1, Draft: 2, Revision: d2.Revision}}, heads); diff != "" {
		t.Errorf("Heads() (-want +got):\n%s", diff)
	}
	if _, err := s.Publish(ctx, codeBirth, 0, f.admin, t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	vs, err := s.Versions(ctx, codeBirth, 0)
	if err != nil {
		t.Fatal(err)
	}
	var summary []string
	for _, v := range vs {
		summary = append(summary, fmt.Sprintf("v%d %s %s", v.Version, v.Status, v.Form.Pages[0].Sections[0].Fields[0].Label))
	}
	if diff := cmp.Diff([]string{"v2 published Họ tên", "v1 superseded Họ và tên"}, summary); diff != "" {
		t.Errorf("Versions() (-want +got):\n%s", diff)
	}
	if v1, err := s.Version(ctx, codeBirth, 0, 1); err != nil || v1.Status != eform.StatusSuperseded || !v1.PublishedAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("Version(1) = %s published %v, %v", v1.Status, v1.PublishedAt, err)
	}

	// Cases are independent, and so are procedures.
	if d, err := s.SaveDraft(ctx, codeBirth, 1, testForm("Họ tên"), f.admin, t0); err != nil || d.Version != 1 {
		t.Errorf("first draft of case 1 = v%d, %v", d.Version, err)
	}
	if d, err := s.SaveDraft(ctx, codeMarriage, 0, testForm("Họ tên"), f.admin, t0); err != nil || d.Version != 1 {
		t.Errorf("first draft of another procedure = v%d, %v", d.Version, err)
	}
	if heads, err := s.Heads(ctx, codeBirth); err != nil || len(heads) != 2 || heads[1].Case != 1 || heads[1].Current != 0 || heads[1].Draft != 1 {
		t.Errorf("Heads() with two cases = %+v, %v", heads, err)
	}
	if n, err := s.Count(ctx); err != nil || n != 4 {
		t.Errorf("Count() = %d, %v; want 4", n, err)
	}
}

func TestEformDiscardAndNotFound(t *testing.T) {
	ctx := context.Background()
	f := newEforms(t)
	s := f.store
	if err := s.DiscardDraft(ctx, codeBirth, 0); !errors.Is(err, eform.ErrNoDraft) {
		t.Errorf("DiscardDraft() without a draft: err = %v, want ErrNoDraft", err)
	}
	if _, err := s.SaveDraft(ctx, codeBirth, 0, testForm("a"), f.admin, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(ctx, codeBirth, 0, f.admin, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveDraft(ctx, codeBirth, 0, testForm("b"), f.admin, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.DiscardDraft(ctx, codeBirth, 0); err != nil {
		t.Fatal(err)
	}
	if cur, err := s.Current(ctx, codeBirth, 0); err != nil || cur.Version != 1 {
		t.Errorf("Current() after discarding the draft = v%d, %v; want v1", cur.Version, err)
	}
	// The next draft takes the number after the last version.
	if d, err := s.SaveDraft(ctx, codeBirth, 0, testForm("c"), f.admin, t0); err != nil || d.Version != 2 {
		t.Errorf("draft after a discard = v%d, %v; want v2", d.Version, err)
	}

	const missing = "9.999999"
	if _, err := s.SaveDraft(ctx, missing, 0, testForm("a"), f.admin, t0); !errors.Is(err, eform.ErrNotFound) {
		t.Errorf("SaveDraft() of an unknown procedure: err = %v, want ErrNotFound", err)
	}
	if _, err := s.Version(ctx, codeBirth, 0, 9); !errors.Is(err, eform.ErrNotFound) {
		t.Errorf("Version(9): err = %v, want ErrNotFound", err)
	}
	if _, err := s.Publish(ctx, missing, 0, f.admin, t0); !errors.Is(err, eform.ErrNoDraft) {
		t.Errorf("Publish() of an unknown procedure: err = %v, want ErrNoDraft", err)
	}
	if heads, err := s.Heads(ctx, missing); err != nil || len(heads) != 0 {
		t.Errorf("Heads() of an unknown procedure = %v, %v", heads, err)
	}
	if _, err := s.SaveDraft(ctx, codeBirth, -1, testForm("a"), f.admin, t0); err == nil {
		t.Error("SaveDraft() accepted case -1")
	}
}

// Concurrent editors each saving a draft and publishing it, in their own
// transactions, end with numbered versions one after the other and exactly
// one published: the case's lock makes them take turns.
func TestEformConcurrentPublishes(t *testing.T) {
	ctx := context.Background()
	f := newEforms(t)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			errs[i] = f.db.InTx(ctx, func(tx *pgstore.DB) error {
				st := pgstore.NewEformStore(tx)
				if err := st.Lock(ctx, codeBirth, 0); err != nil {
					return err
				}
				if _, err := st.SaveDraft(ctx, codeBirth, 0, testForm(fmt.Sprintf("Người %d", i)), f.admin, t0); err != nil {
					return err
				}
				_, err := st.Publish(ctx, codeBirth, 0, f.admin, t0)
				return err
			})
		})
	}
	// And a few publishing on the pool, without a transaction of their own.
	perr := make([]error, n)
	for i := range n {
		wg.Go(func() {
			if _, err := f.store.SaveDraft(ctx, codeBirth, 0, testForm("x"), f.admin, t0); err != nil {
				perr[i] = err
				return
			}
			_, err := f.store.Publish(ctx, codeBirth, 0, f.admin, t0)
			if errors.Is(err, eform.ErrNoDraft) {
				err = nil // another writer published this draft first
			}
			perr[i] = err
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Errorf("editor %d: %v", i, errs[i])
		}
		if perr[i] != nil {
			t.Errorf("pool writer %d: %v", i, perr[i])
		}
	}
	vs, err := f.store.Versions(ctx, codeBirth, 0)
	if err != nil {
		t.Fatal(err)
	}
	published := 0
	revisions := map[int64]bool{}
	for i, v := range vs {
		if v.Version != len(vs)-i {
			t.Errorf("versions not numbered one after the other: %d at %d of %d", v.Version, i, len(vs))
		}
		if v.Status == eform.StatusPublished {
			published++
		}
		if v.Status == eform.StatusDraft {
			t.Errorf("v%d left as a draft", v.Version)
		}
		revisions[v.Revision] = true
	}
	if published != 1 || len(vs) < n || len(revisions) != len(vs) {
		t.Errorf("%d versions, %d published, %d distinct revisions; want at least %d, 1, one each", len(vs), published, len(revisions), n)
	}
}
