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
	"github.com/motcua/motcua/internal/pgstore"
	"github.com/motcua/motcua/internal/workflow"
)

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

type workflowFixture struct {
	catalogFixture
	store *pgstore.WorkflowStore
}

// newWorkflows returns a workflow store on a fresh database where the
// birth and marriage registrations are published.
func newWorkflows(t testing.TB) workflowFixture {
	t.Helper()
	f := newCatalog(t)
	f.publish(t, recBirth())
	f.publish(t, recMarriage())
	return workflowFixture{catalogFixture: f, store: pgstore.NewWorkflowStore(f.db)}
}

func TestWorkflowVersioning(t *testing.T) {
	ctx := context.Background()
	f := newWorkflows(t)
	s := f.store

	if _, err := s.Current(ctx, codeBirth, 0); !errors.Is(err, workflow.ErrNotFound) {
		t.Errorf("Current() before any draft: err = %v, want ErrNotFound", err)
	}
	if vs, err := s.Versions(ctx, codeBirth, 0); err != nil || len(vs) != 0 {
		t.Errorf("Versions() before any draft = %v, %v; want none", vs, err)
	}
	d1, err := s.SaveDraft(ctx, codeBirth, 0, testFlow("Ký"), f.admin, t0)
	if err != nil {
		t.Fatal(err)
	}
	want := workflow.Definition{Meta: caseversion.Meta{Procedure: codeBirth, Case: 0, Version: 1, Status: workflow.StatusDraft,
		CreatedAt: t0, CreatedBy: f.admin, Revision: d1.Revision}, Flow: testFlow("Ký")}
	if diff := cmp.Diff(want, d1); diff != "" || d1.Revision == 0 {
		t.Errorf("SaveDraft() (-want +got):\n%s (revision %d)", diff, d1.Revision)
	}
	if got, err := s.Draft(ctx, codeBirth, 0); err != nil || !cmp.Equal(want, got) {
		t.Errorf("Draft() = %+v, %v; want %+v", got, err, want)
	}
	d1b, err := s.SaveDraft(ctx, codeBirth, 0, testFlow("Ký duyệt"), 0, t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if d1b.Version != 1 || d1b.Revision == d1.Revision || d1b.CreatedBy != 0 || d1b.Flow.Steps[1].Name != "Ký duyệt" {
		t.Errorf("second save of the draft = v%d rev %d by %d; want v1 with a new revision (was %d), by nobody",
			d1b.Version, d1b.Revision, d1b.CreatedBy, d1.Revision)
	}
	p1, err := s.Publish(ctx, codeBirth, 0, f.admin, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if p1.Version != 1 || p1.Status != workflow.StatusPublished || !p1.PublishedAt.Equal(t0.Add(time.Hour)) ||
		p1.PublishedBy != f.admin || p1.Revision == d1b.Revision {
		t.Errorf("Publish() = %+v", p1)
	}
	if _, err := s.Publish(ctx, codeBirth, 0, f.admin, t0); !errors.Is(err, workflow.ErrNoDraft) {
		t.Errorf("Publish() without a draft: err = %v, want ErrNoDraft", err)
	}

	// An edit is draft v2; v1 stays published until v2 is, and stays
	// readable afterwards for the dossiers that started under it.
	if d2, err := s.SaveDraft(ctx, codeBirth, 0, testFlow("Phê duyệt"), f.admin, t0.Add(2*time.Hour)); err != nil || d2.Version != 2 {
		t.Fatalf("edit = v%d, %v; want v2", d2.Version, err)
	}
	if cur, err := s.Current(ctx, codeBirth, 0); err != nil || cur.Version != 1 || cur.Revision != p1.Revision {
		t.Errorf("Current() while v2 is a draft = v%d rev %d, %v; want v1 rev %d", cur.Version, cur.Revision, err, p1.Revision)
	}
	d2, _ := s.Draft(ctx, codeBirth, 0)
	heads, err := s.Heads(ctx, codeBirth)
	if diff := cmp.Diff([]workflow.Head{{Procedure: codeBirth, Case: 0, Current: 1, Draft: 2, Revision: d2.Revision}}, heads); err != nil || diff != "" {
		t.Errorf("Heads() (-want +got):\n%s %v", diff, err)
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
		summary = append(summary, fmt.Sprintf("v%d %s %s", v.Version, v.Status, v.Flow.Steps[1].Name))
	}
	if diff := cmp.Diff([]string{"v2 published Phê duyệt", "v1 superseded Ký duyệt"}, summary); diff != "" {
		t.Errorf("Versions() (-want +got):\n%s", diff)
	}
	if v1, err := s.Version(ctx, codeBirth, 0, 1); err != nil || v1.Status != workflow.StatusSuperseded ||
		!cmp.Equal(v1.Flow, testFlow("Ký duyệt")) {
		t.Errorf("Version(1) = %+v, %v", v1, err)
	}

	// Cases and procedures are independent; e-forms are another table.
	if d, err := s.SaveDraft(ctx, codeBirth, 1, testFlow("x"), f.admin, t0); err != nil || d.Version != 1 {
		t.Errorf("first draft of case 1 = v%d, %v", d.Version, err)
	}
	if d, err := s.SaveDraft(ctx, codeMarriage, 0, testFlow("x"), f.admin, t0); err != nil || d.Version != 1 {
		t.Errorf("first draft of another procedure = v%d, %v", d.Version, err)
	}
	if n, err := s.Count(ctx); err != nil || n != 4 {
		t.Errorf("Count() = %d, %v; want 4", n, err)
	}
	if n, err := pgstore.NewEformStore(f.db).Count(ctx); err != nil || n != 0 {
		t.Errorf("e-forms Count() = %d, %v; want 0", n, err)
	}
}

func TestWorkflowDiscardAndNotFound(t *testing.T) {
	ctx := context.Background()
	f := newWorkflows(t)
	s := f.store
	if err := s.DiscardDraft(ctx, codeBirth, 0); !errors.Is(err, workflow.ErrNoDraft) {
		t.Errorf("DiscardDraft() without a draft: err = %v, want ErrNoDraft", err)
	}
	for _, name := range []string{"a", "b"} {
		if _, err := s.SaveDraft(ctx, codeBirth, 0, testFlow(name), f.admin, t0); err != nil {
			t.Fatal(err)
		}
		if name == "a" {
			if _, err := s.Publish(ctx, codeBirth, 0, f.admin, t0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.DiscardDraft(ctx, codeBirth, 0); err != nil {
		t.Fatal(err)
	}
	if cur, err := s.Current(ctx, codeBirth, 0); err != nil || cur.Version != 1 {
		t.Errorf("Current() after discarding the draft = v%d, %v; want v1", cur.Version, err)
	}
	if d, err := s.SaveDraft(ctx, codeBirth, 0, testFlow("c"), f.admin, t0); err != nil || d.Version != 2 {
		t.Errorf("draft after a discard = v%d, %v; want v2", d.Version, err)
	}
	const missing = "9.999999"
	if _, err := s.SaveDraft(ctx, missing, 0, testFlow("a"), f.admin, t0); !errors.Is(err, workflow.ErrNotFound) {
		t.Errorf("SaveDraft() of an unknown procedure: err = %v, want ErrNotFound", err)
	}
	if _, err := s.Version(ctx, codeBirth, 0, 9); !errors.Is(err, workflow.ErrNotFound) {
		t.Errorf("Version(9): err = %v, want ErrNotFound", err)
	}
	if heads, err := s.Heads(ctx, missing); err != nil || len(heads) != 0 {
		t.Errorf("Heads() of an unknown procedure = %v, %v", heads, err)
	}
	if _, err := s.SaveDraft(ctx, codeBirth, -1, testFlow("a"), f.admin, t0); err == nil {
		t.Error("SaveDraft() accepted case -1")
	}
}

// Editors saving and publishing concurrently, each in a transaction, end
// with versions numbered one after the other and one published.
func TestWorkflowConcurrentPublishes(t *testing.T) {
	ctx := context.Background()
	f := newWorkflows(t)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			errs[i] = f.db.InTx(ctx, func(tx *pgstore.DB) error {
				st := pgstore.NewWorkflowStore(tx)
				if err := st.Lock(ctx, codeBirth, 0); err != nil {
					return err
				}
				if _, err := st.SaveDraft(ctx, codeBirth, 0, testFlow(fmt.Sprintf("Người %d", i)), f.admin, t0); err != nil {
					return err
				}
				_, err := st.Publish(ctx, codeBirth, 0, f.admin, t0)
				return err
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("editor %d: %v", i, err)
		}
	}
	vs, err := f.store.Versions(ctx, codeBirth, 0)
	if err != nil {
		t.Fatal(err)
	}
	published := 0
	for i, v := range vs {
		if v.Version != n-i {
			t.Errorf("versions not numbered one after the other: %d at %d", v.Version, i)
		}
		if v.Status == workflow.StatusPublished {
			published++
		}
	}
	if len(vs) != n || published != 1 {
		t.Errorf("%d versions, %d published; want %d, 1", len(vs), published, n)
	}
}
