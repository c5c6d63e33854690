package caseversion_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/caseversion"
	"github.com/motcua/motcua/internal/valid"
)

func TestDraftPublishDiscard(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	s := f.svc
	const admin = 7

	// A draft the check refuses is refused with its errors; nothing saved.
	_, err := s.SaveDraft(ctx, admin, code, 0, note{Lines: []string{"a", ""}}, 0)
	var errs valid.Errors
	if !errors.As(err, &errs) || !errs.Has("title") || !errs.Has("lines.1") {
		t.Fatalf("SaveDraft(invalid) = %v", err)
	}
	if vs, err := s.Versions(ctx, code, 0); err != nil || len(vs) != 0 || len(f.log.entries) != 0 {
		t.Fatalf("a refused save left %d versions, %d entries, %v", len(vs), len(f.log.entries), err)
	}
	d1, err := s.SaveDraft(ctx, admin, code, 0, note{Title: "A"}, 0)
	if err != nil || d1.Version != 1 || d1.Status != caseversion.StatusDraft || d1.CreatedBy != admin {
		t.Fatalf("first draft = %+v, %v", d1, err)
	}
	if d1, err = s.SaveDraft(ctx, admin, code, 0, note{Title: "A", Lines: []string{"x"}}, d1.Revision); err != nil || d1.Version != 1 {
		t.Fatalf("second save = %+v, %v", d1, err)
	}
	// The same document again: no entry.
	if d1, err = s.SaveDraft(ctx, admin, code, 0, note{Title: "A", Lines: []string{"x"}}, d1.Revision); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Current(ctx, code, 0); !errors.Is(err, errNotFound) {
		t.Errorf("Current() before publishing: %v", err)
	}
	p1, err := s.Publish(ctx, admin, code, 0)
	if err != nil || p1.Version != 1 || p1.Status != caseversion.StatusPublished || p1.PublishedBy != admin {
		t.Fatalf("Publish() = %+v, %v", p1, err)
	}
	if _, err := s.Publish(ctx, admin, code, 0); !errors.Is(err, errNoDraft) {
		t.Errorf("Publish() without a draft: %v", err)
	}
	if err := s.DiscardDraft(ctx, admin, code, 0); !errors.Is(err, errNoDraft) {
		t.Errorf("DiscardDraft() without a draft: %v", err)
	}
	// An edit of the published version is draft v2; v1 stays current.
	d2, err := s.SaveDraft(ctx, admin, code, 0, note{Title: "B", Lines: []string{"x"}}, p1.Revision)
	if err != nil || d2.Version != 2 {
		t.Fatalf("edit = %+v, %v", d2, err)
	}
	if cur, err := s.Current(ctx, code, 0); err != nil || cur.Version != 1 || cur.Note.Title != "A" {
		t.Errorf("Current() while v2 is a draft = %+v, %v", cur, err)
	}
	if h, err := s.Head(ctx, code, 0); err != nil || h != (caseversion.Head{Procedure: code, Case: 0, Current: 1, Draft: 2, Revision: d2.Revision}) {
		t.Errorf("Head() = %+v, %v", h, err)
	}
	if err := s.DiscardDraft(ctx, admin, code, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Draft(ctx, code, 0); !errors.Is(err, errNotFound) {
		t.Errorf("Draft() after discarding: %v", err)
	}
	if _, err := s.SaveDraft(ctx, admin, code, 0, note{Title: "C", Lines: []string{"x"}}, p1.Revision); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(ctx, admin, code, 0); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Version(ctx, code, 0, 1); err != nil || v.Status != caseversion.StatusSuperseded || v.Note.Title != "A" {
		t.Errorf("Version(1) = %+v, %v", v, err)
	}
	if h, err := s.Head(ctx, code, 1); err != nil || h != (caseversion.Head{Procedure: code, Case: 1}) {
		t.Errorf("Head() of a case without a document = %+v, %v", h, err)
	}
	want := []string{
		"note.save_draft version[→1] title[→A]",
		"note.save_draft lines[→x]",
		"note.publish version[→1] title[→A] lines[→x]",
		"note.save_draft version[1→2] title[A→B]",
		"note.discard_draft version[2→]",
		"note.save_draft version[1→2] title[A→C]",
		"note.publish version[1→2] title[A→C]",
	}
	if diff := cmp.Diff(want, f.trail(0)); diff != "" {
		t.Errorf("audit trail (-want +got):\n%s", diff)
	}
	for _, e := range f.log.entries {
		if e.ActorID != admin || e.ObjectType != "note" || e.ObjectID != code+"/0" || e.At.IsZero() {
			t.Errorf("entry %+v", e)
		}
	}
}

// An editor who loaded the document is told when someone else changed it
// since, whatever the change was.
func TestConflicts(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	s := f.svc
	loaded := func() int64 {
		h, err := s.Head(ctx, code, 0)
		if err != nil {
			t.Fatal(err)
		}
		return h.Revision
	}
	save := func(title string, basedOn int64) error {
		_, err := s.SaveDraft(ctx, 1, code, 0, note{Title: title}, basedOn)
		return err
	}
	if err := save("a", 7); !errors.Is(err, errConflict) {
		t.Errorf("first save based on something that does not exist: %v", err)
	}
	a := loaded()
	if err := save("b", loaded()); err != nil {
		t.Fatal(err)
	}
	if err := save("a", a); !errors.Is(err, errConflict) {
		t.Errorf("save over a draft created meanwhile: %v", err)
	}
	a = loaded()
	if err := save("c", loaded()); err != nil {
		t.Fatal(err)
	}
	if err := save("a", a); !errors.Is(err, errConflict) {
		t.Errorf("save over a draft saved again meanwhile: %v", err)
	}
	a = loaded()
	if _, err := s.Publish(ctx, 1, code, 0); err != nil {
		t.Fatal(err)
	}
	if err := save("a", a); !errors.Is(err, errConflict) {
		t.Errorf("save over a draft published meanwhile: %v", err)
	}
	if err := save("d", loaded()); err != nil {
		t.Fatal(err)
	}
	a = loaded()
	if err := s.DiscardDraft(ctx, 1, code, 0); err != nil {
		t.Fatal(err)
	}
	if err := save("a", a); !errors.Is(err, errConflict) {
		t.Errorf("save over a draft discarded meanwhile: %v", err)
	}
	if d, err := s.Draft(ctx, code, 0); !errors.Is(err, errNotFound) {
		t.Errorf("a refused save left a draft: %+v", d)
	}
}

// Publish and Check run the stricter check, with the world as it is now;
// a case the procedure lacks is not found.
func TestChecks(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	s := f.svc
	if _, err := s.SaveDraft(ctx, 1, code, 2, note{Title: "a"}, 0); !errors.Is(err, errNotFound) {
		t.Errorf("SaveDraft() of a case the procedure lacks: %v", err)
	}
	if _, err := s.Check(ctx, "9.999999", 0, note{Title: "a"}); !errors.Is(err, errNotFound) {
		t.Errorf("Check() of an unknown procedure: %v", err)
	}
	f.world.signers = false
	if _, err := s.SaveDraft(ctx, 1, code, 0, note{Title: "a"}, 0); err != nil {
		t.Fatalf("a draft waiting for signers is saved: %v", err)
	}
	if errs, err := s.Check(ctx, code, 0, note{Title: "a"}); err != nil || len(errs) != 1 || errs[0].Key != "note.check.no_signer" {
		t.Errorf("Check() = %v, %v", errs, err)
	}
	var errs valid.Errors
	if _, err := s.Publish(ctx, 1, code, 0); !errors.As(err, &errs) || errs[0].Key != "note.check.no_signer" {
		t.Errorf("Publish() without signers: %v", err)
	}
	if _, err := s.Current(ctx, code, 0); !errors.Is(err, errNotFound) {
		t.Errorf("the refused draft was published: %v", err)
	}
	if _, err := s.Publish(ctx, 1, code, 1); !errors.Is(err, errNoDraft) {
		t.Errorf("Publish() of a case without a draft: %v", err)
	}
	f.world.signers = true
	if errs, err := s.Check(ctx, code, 0, note{Title: "a"}); err != nil || len(errs) != 0 {
		t.Errorf("Check() with signers = %v, %v", errs, err)
	}
	if _, err := s.Publish(ctx, 1, code, 0); err != nil {
		t.Errorf("Publish() with signers: %v", err)
	}
}
