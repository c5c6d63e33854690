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
	"github.com/motcua/motcua/internal/workflow"
)

// The stores of e-forms and internal processes are one CaseStore on two
// tables: these tests run on both.

// caseStore is a CaseStore instance.
type caseStore[T any, D any] interface {
	caseversion.Store[T, D]
	counter
}

type counter interface {
	Count(ctx context.Context) (int, error)
}

// storeKit says how to test one instance.
type storeKit[T any, D caseversion.Definition[T]] struct {
	open func(db *pgstore.DB) caseStore[T, D]
	// other opens the other table's store.
	other func(db *pgstore.DB) counter
	// doc is a document for the birth registration; label tells versions
	// apart and is read back by label.
	doc   func(label string) T
	label func(T) string
	def   func(caseversion.Meta, T) D
	// The domain's errors.
	notFound, noDraft error
}

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

var eformKit = storeKit[eform.Form, eform.Definition]{
	open:     func(db *pgstore.DB) caseStore[eform.Form, eform.Definition] { return pgstore.NewEformStore(db) },
	other:    func(db *pgstore.DB) counter { return pgstore.NewWorkflowStore(db) },
	doc:      testForm,
	label:    func(f eform.Form) string { return f.Pages[0].Sections[0].Fields[0].Label },
	def:      func(m caseversion.Meta, f eform.Form) eform.Definition { return eform.Definition{Meta: m, Form: f} },
	notFound: eform.ErrNotFound, noDraft: eform.ErrNoDraft,
}

// testFlow is a small flow for the birth registration; name tells versions
// apart (the store does not check flows).
func testFlow(name string) workflow.Flow {
	return workflow.Flow{Steps: []workflow.Step{
		{ID: "tiep-nhan", Name: "Tiếp nhận", Unit: workflow.UnitRef{Kind: workflow.UnitReceiving}, Role: workflow.RoleClerk,
			Mode: workflow.ModeManual, BudgetHours: 1, Actions: []workflow.Transition{{Action: workflow.ActionReceive, Target: "ky"}}},
		{ID: "ky", Name: name, Unit: workflow.UnitRef{Kind: workflow.UnitFixed, Code: "000.00.00.H19"}, Role: workflow.RoleLeader,
			Mode: workflow.ModeSemi, Tasks: []workflow.Task{workflow.TaskDraftResult}, BudgetHours: 2.5,
			Actions: []workflow.Transition{{Action: workflow.ActionApprove, Target: "tiep-nhan", Label: "Ký"}}},
	}, Supplement: workflow.PauseRestarts}
}

var workflowKit = storeKit[workflow.Flow, workflow.Definition]{
	open: func(db *pgstore.DB) caseStore[workflow.Flow, workflow.Definition] {
		return pgstore.NewWorkflowStore(db)
	},
	other: func(db *pgstore.DB) counter { return pgstore.NewEformStore(db) },
	doc:   testFlow,
	label: func(f workflow.Flow) string { return f.Steps[1].Name },
	def: func(m caseversion.Meta, f workflow.Flow) workflow.Definition {
		return workflow.Definition{Meta: m, Flow: f}
	},
	notFound: workflow.ErrNotFound, noDraft: workflow.ErrNoDraft,
}

func TestEformVersioning(t *testing.T)    { testVersioning(t, eformKit) }
func TestWorkflowVersioning(t *testing.T) { testVersioning(t, workflowKit) }

func TestEformDiscardAndNotFound(t *testing.T)    { testDiscardAndNotFound(t, eformKit) }
func TestWorkflowDiscardAndNotFound(t *testing.T) { testDiscardAndNotFound(t, workflowKit) }

func TestEformConcurrentPublishes(t *testing.T)    { testConcurrentPublishes(t, eformKit) }
func TestWorkflowConcurrentPublishes(t *testing.T) { testConcurrentPublishes(t, workflowKit) }

// openCases returns the kit's store on a fresh database where the birth
// and marriage registrations are published.
func openCases[T any, D caseversion.Definition[T]](t *testing.T, k storeKit[T, D]) (catalogFixture, caseStore[T, D]) {
	t.Helper()
	f := newCatalog(t)
	f.publish(t, recBirth())
	f.publish(t, recMarriage())
	return f, k.open(f.db)
}

func testVersioning[T any, D caseversion.Definition[T]](t *testing.T, k storeKit[T, D]) {
	ctx := context.Background()
	f, s := openCases(t, k)

	if _, err := s.Current(ctx, codeBirth, 0); !errors.Is(err, k.notFound) {
		t.Errorf("Current() before any draft: err = %v, want ErrNotFound", err)
	}
	if vs, err := s.Versions(ctx, codeBirth, 0); err != nil || len(vs) != 0 {
		t.Errorf("Versions() before any draft = %v, %v; want none", vs, err)
	}
	d1, err := s.SaveDraft(ctx, codeBirth, 0, k.doc("Ký"), f.admin, t0)
	if err != nil {
		t.Fatal(err)
	}
	want := k.def(caseversion.Meta{Procedure: codeBirth, Case: 0, Version: 1, Status: caseversion.StatusDraft,
		CreatedAt: t0, CreatedBy: f.admin, Revision: d1.Info().Revision}, k.doc("Ký"))
	if diff := cmp.Diff(want, d1); diff != "" || d1.Info().Revision == 0 {
		t.Errorf("SaveDraft() (-want +got):\n%s (revision %d)", diff, d1.Info().Revision)
	}
	if got, err := s.Draft(ctx, codeBirth, 0); err != nil || !cmp.Equal(want, got) {
		t.Errorf("Draft() = %+v, %v; want %+v", got, err, want)
	}
	// Saving again replaces the draft, with a new revision.
	d1b, err := s.SaveDraft(ctx, codeBirth, 0, k.doc("Ký duyệt"), 0, t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if m := d1b.Info(); m.Version != 1 || m.Revision == d1.Info().Revision || m.CreatedBy != 0 || k.label(d1b.Document()) != "Ký duyệt" {
		t.Errorf("second save of the draft = v%d rev %d by %d; want v1 with a new revision (was %d), by nobody",
			m.Version, m.Revision, m.CreatedBy, d1.Info().Revision)
	}

	p1, err := s.Publish(ctx, codeBirth, 0, f.admin, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if m := p1.Info(); m.Version != 1 || m.Status != caseversion.StatusPublished || !m.PublishedAt.Equal(t0.Add(time.Hour)) ||
		m.PublishedBy != f.admin || m.Revision == d1b.Info().Revision {
		t.Errorf("Publish() = %+v", p1)
	}
	if _, err := s.Publish(ctx, codeBirth, 0, f.admin, t0); !errors.Is(err, k.noDraft) {
		t.Errorf("Publish() without a draft: err = %v, want ErrNoDraft", err)
	}
	if _, err := s.Draft(ctx, codeBirth, 0); !errors.Is(err, k.notFound) {
		t.Errorf("Draft() after publishing: err = %v, want ErrNotFound", err)
	}

	// An edit is draft v2; v1 stays published until v2 is, and stays
	// readable afterwards (for the dossiers that started under it).
	if d2, err := s.SaveDraft(ctx, codeBirth, 0, k.doc("Phê duyệt"), f.admin, t0.Add(2*time.Hour)); err != nil || d2.Info().Version != 2 {
		t.Fatalf("edit = v%d, %v; want v2", d2.Info().Version, err)
	}
	if cur, err := s.Current(ctx, codeBirth, 0); err != nil || cur.Info().Version != 1 || cur.Info().Revision != p1.Info().Revision {
		t.Errorf("Current() while v2 is a draft = v%d rev %d, %v; want v1 rev %d",
			cur.Info().Version, cur.Info().Revision, err, p1.Info().Revision)
	}
	heads, err := s.Heads(ctx, codeBirth)
	if err != nil {
		t.Fatal(err)
	}
	d2, _ := s.Draft(ctx, codeBirth, 0)
	if diff := cmp.Diff([]caseversion.Head{{Procedure: codeBirth, Case: 0, Current: 1, Draft: 2, Revision: d2.Info().Revision}},
		heads); diff != "" {
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
		summary = append(summary, fmt.Sprintf("v%d %s %s", v.Info().Version, v.Info().Status, k.label(v.Document())))
	}
	if diff := cmp.Diff([]string{"v2 published Phê duyệt", "v1 superseded Ký duyệt"}, summary); diff != "" {
		t.Errorf("Versions() (-want +got):\n%s", diff)
	}
	if v1, err := s.Version(ctx, codeBirth, 0, 1); err != nil || v1.Info().Status != caseversion.StatusSuperseded ||
		!v1.Info().PublishedAt.Equal(t0.Add(time.Hour)) || !cmp.Equal(v1.Document(), k.doc("Ký duyệt")) {
		t.Errorf("Version(1) = %+v, %v", v1, err)
	}

	// Cases are independent, and so are procedures; the other kind of
	// document is another table.
	if d, err := s.SaveDraft(ctx, codeBirth, 1, k.doc("x"), f.admin, t0); err != nil || d.Info().Version != 1 {
		t.Errorf("first draft of case 1 = v%d, %v", d.Info().Version, err)
	}
	if d, err := s.SaveDraft(ctx, codeMarriage, 0, k.doc("x"), f.admin, t0); err != nil || d.Info().Version != 1 {
		t.Errorf("first draft of another procedure = v%d, %v", d.Info().Version, err)
	}
	if heads, err := s.Heads(ctx, codeBirth); err != nil || len(heads) != 2 || heads[1].Case != 1 || heads[1].Current != 0 || heads[1].Draft != 1 {
		t.Errorf("Heads() with two cases = %+v, %v", heads, err)
	}
	if n, err := s.Count(ctx); err != nil || n != 4 {
		t.Errorf("Count() = %d, %v; want 4", n, err)
	}
	if n, err := k.other(f.db).Count(ctx); err != nil || n != 0 {
		t.Errorf("the other table's Count() = %d, %v; want 0", n, err)
	}
}

func testDiscardAndNotFound[T any, D caseversion.Definition[T]](t *testing.T, k storeKit[T, D]) {
	ctx := context.Background()
	f, s := openCases(t, k)
	if err := s.DiscardDraft(ctx, codeBirth, 0); !errors.Is(err, k.noDraft) {
		t.Errorf("DiscardDraft() without a draft: err = %v, want ErrNoDraft", err)
	}
	if _, err := s.SaveDraft(ctx, codeBirth, 0, k.doc("a"), f.admin, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(ctx, codeBirth, 0, f.admin, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveDraft(ctx, codeBirth, 0, k.doc("b"), f.admin, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.DiscardDraft(ctx, codeBirth, 0); err != nil {
		t.Fatal(err)
	}
	if cur, err := s.Current(ctx, codeBirth, 0); err != nil || cur.Info().Version != 1 {
		t.Errorf("Current() after discarding the draft = v%d, %v; want v1", cur.Info().Version, err)
	}
	// The next draft takes the number after the last version.
	if d, err := s.SaveDraft(ctx, codeBirth, 0, k.doc("c"), f.admin, t0); err != nil || d.Info().Version != 2 {
		t.Errorf("draft after a discard = v%d, %v; want v2", d.Info().Version, err)
	}

	const missing = "9.999999"
	if _, err := s.SaveDraft(ctx, missing, 0, k.doc("a"), f.admin, t0); !errors.Is(err, k.notFound) {
		t.Errorf("SaveDraft() of an unknown procedure: err = %v, want ErrNotFound", err)
	}
	if _, err := s.Version(ctx, codeBirth, 0, 9); !errors.Is(err, k.notFound) {
		t.Errorf("Version(9): err = %v, want ErrNotFound", err)
	}
	if _, err := s.Publish(ctx, missing, 0, f.admin, t0); !errors.Is(err, k.noDraft) {
		t.Errorf("Publish() of an unknown procedure: err = %v, want ErrNoDraft", err)
	}
	if heads, err := s.Heads(ctx, missing); err != nil || len(heads) != 0 {
		t.Errorf("Heads() of an unknown procedure = %v, %v", heads, err)
	}
	if _, err := s.SaveDraft(ctx, codeBirth, -1, k.doc("a"), f.admin, t0); err == nil {
		t.Error("SaveDraft() accepted case -1")
	}
}

// Concurrent editors each saving a draft and publishing it, in their own
// transactions, end with numbered versions one after the other and exactly
// one published: the case's lock makes them take turns. So do they with
// writers on the pool, without a transaction of their own, among them.
func testConcurrentPublishes[T any, D caseversion.Definition[T]](t *testing.T, k storeKit[T, D]) {
	ctx := context.Background()
	f, s := openCases(t, k)
	const n = 8
	// run runs n editors and, with pool, n writers on the pool, at once;
	// it returns the versions then.
	run := func(pool bool) []D {
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				errs[i] = f.db.InTx(ctx, func(tx *pgstore.DB) error {
					st := k.open(tx)
					if err := st.Lock(ctx, codeBirth, 0); err != nil {
						return err
					}
					if _, err := st.SaveDraft(ctx, codeBirth, 0, k.doc(fmt.Sprintf("Người %d", i)), f.admin, t0); err != nil {
						return err
					}
					_, err := st.Publish(ctx, codeBirth, 0, f.admin, t0)
					return err
				})
			})
		}
		perr := make([]error, n)
		for i := range n {
			if !pool {
				break
			}
			wg.Go(func() {
				if _, err := s.SaveDraft(ctx, codeBirth, 0, k.doc("x"), f.admin, t0); err != nil {
					perr[i] = err
					return
				}
				_, err := s.Publish(ctx, codeBirth, 0, f.admin, t0)
				if errors.Is(err, k.noDraft) {
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
		vs, err := s.Versions(ctx, codeBirth, 0)
		if err != nil {
			t.Fatal(err)
		}
		published := 0
		revisions := map[int64]bool{}
		for i, v := range vs {
			m := v.Info()
			if m.Version != len(vs)-i {
				t.Errorf("versions not numbered one after the other: %d at %d of %d", m.Version, i, len(vs))
			}
			if m.Status == caseversion.StatusPublished {
				published++
			}
			if m.Status == caseversion.StatusDraft {
				t.Errorf("v%d left as a draft", m.Version)
			}
			revisions[m.Revision] = true
		}
		if published != 1 || len(revisions) != len(vs) {
			t.Errorf("%d versions, %d published, %d distinct revisions; want 1 published, one revision each", len(vs), published, len(revisions))
		}
		return vs
	}
	if vs := run(false); len(vs) != n {
		t.Errorf("%d versions after %d editors, want %d", len(vs), n, n)
	}
	if vs := run(true); len(vs) < 2*n {
		t.Errorf("%d versions after %d more editors and pool writers, want at least %d", len(vs), n, 2*n)
	}
}
