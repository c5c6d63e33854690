package caseversion_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/caseversion"
)

func noteFile(name, cases string) caseversion.ImportFile {
	return caseversion.ImportFile{Name: name, Data: []byte(`{"procedure": "` + code + `", "cases": [` + cases + `]}`)}
}

func TestImport(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	s := f.svc
	files := []caseversion.ImportFile{noteFile("notes/a.json", `{"case": 0, "note": {"title": "A"}}`)}
	rep, err := s.Import(ctx, 0, files)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(caseversion.ImportReport{Added: []string{code + "/0"}}, rep); diff != "" {
		t.Errorf("first import (-want +got):\n%s", diff)
	}
	cur, err := s.Current(ctx, code, 0)
	if err != nil || cur.Version != 1 || cur.Note.Title != "A" || cur.CreatedBy != 0 {
		t.Fatalf("imported note = %+v, %v", cur, err)
	}
	if rep, err = s.Import(ctx, 0, files); err != nil || len(rep.Unchanged) != 1 || len(rep.Added)+len(rep.Changed) != 0 {
		t.Errorf("second import = %+v, %v; want unchanged", rep, err)
	}
	// An administrator's draft is replaced when the file changes.
	if _, err := s.SaveDraft(ctx, 7, code, 0, note{Title: "Nháp"}, cur.Revision); err != nil {
		t.Fatal(err)
	}
	files = []caseversion.ImportFile{noteFile("notes/a.json", `{"case": 0, "note": {"title": "B"}}`)}
	if rep, err = s.Import(ctx, 0, files); err != nil || !cmp.Equal(rep.Changed, []string{code + "/0"}) {
		t.Errorf("changed import = %+v, %v", rep, err)
	}
	if vs, err := s.Versions(ctx, code, 0); err != nil || len(vs) != 2 || vs[0].Status != caseversion.StatusPublished || vs[0].Note.Title != "B" {
		t.Errorf("versions after the changed import: %+v, %v", vs, err)
	}
	want := []string{
		"note.import version[→1] title[→A]",
		"note.save_draft version[1→2] title[A→Nháp]",
		"note.import version[1→2] title[A→B]",
	}
	if diff := cmp.Diff(want, f.trail(0)); diff != "" {
		t.Errorf("audit trail (-want +got):\n%s", diff)
	}
}

// A document only the world keeps from being published is imported as a
// draft, once; the import after the world is fixed publishes it.
func TestImportWaiting(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	s := f.svc
	f.world.signers = false
	files := []caseversion.ImportFile{noteFile("notes/a.json", `{"case": 1, "note": {"title": "A"}}`)}
	rep, err := s.Import(ctx, 0, files)
	if err != nil || !cmp.Equal(rep.Drafts, []string{code + "/1"}) || len(rep.Added) != 0 || len(rep.Waiting) != 1 ||
		rep.Waiting[0].String() != "notes/a.json: case 1: lines: note.check.no_signer["+code+"]" {
		t.Fatalf("import without signers: %+v, %v", rep, err)
	}
	if rep, err = s.Import(ctx, 0, files); err != nil || len(rep.Drafts) != 1 || len(rep.Waiting) != 1 {
		t.Fatalf("second import without signers: %+v, %v", rep, err)
	}
	f.world.signers = true
	if rep, err = s.Import(ctx, 0, files); err != nil || !cmp.Equal(rep.Added, []string{code + "/1"}) || len(rep.Drafts) != 0 {
		t.Fatalf("import with signers: %+v, %v", rep, err)
	}
	want := []string{
		"note.import_draft version[→1] title[→A]",
		"note.import version[→1] title[→A]",
	}
	if diff := cmp.Diff(want, f.trail(1)); diff != "" {
		t.Errorf("audit trail (-want +got):\n%s", diff)
	}
}

// Problems anywhere: nothing is imported, and each problem says where.
func TestImportAllOrNothing(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	s := f.svc
	_, err := s.Import(ctx, 0, []caseversion.ImportFile{
		noteFile("a.json", `{"case": 0, "note": {"title": "A"}}, {"case": 1, "note": {"title": "", "lines": ["x", ""]}}`),
		{Name: "b.json", Data: []byte(`{"procedure": "9.999999", "cases": [{"case": 0, "note": {"title": "x"}}]}`)},
		noteFile("c.json", `{"case": 0, "form": {}}`),
		noteFile("d.json", `{"case": 0, "note": {"title": "A"}}`),
		noteFile("e.json", `{"note": {"title": "A"}}, {"case": -1, "note": {"title": "A"}}`),
		{Name: "f.json", Data: []byte(`{"cases": []}`)},
	})
	var probs caseversion.ImportErrors
	if !errors.As(err, &probs) {
		t.Fatalf("bad import: %v, want ImportErrors", err)
	}
	var got []string
	for _, p := range probs {
		got = append(got, p.String())
	}
	want := []string{
		"a.json: case 1: title: note.check.title_required",
		"a.json: case 1: lines.1: note.check.line_empty",
		"b.json: case 0: procedure 9.999999 has no published version with case 0",
		`c.json: note: json: unknown field "form"`,
		"d.json: case 0: procedure " + code + " case 0 is also in a.json",
		`e.json: cases.0: "case" must be a case number from 0`,
		`e.json: cases.1: "case" must be a case number from 0`,
		`f.json: no "procedure"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(err.Error(), "not imported:\n  a.json: case 1: title") {
		t.Errorf("Error() = %q", err)
	}
	if vs, _ := s.Versions(ctx, code, 0); len(vs) != 0 || len(f.log.entries) != 0 {
		t.Errorf("a refused import wrote %d versions, %d entries", len(vs), len(f.log.entries))
	}
}

// A store that fails halfway rolls the whole import back, and the error
// names the document.
func TestImportRollsBack(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	f.store.fail[code+"/1"] = errors.New("disk full")
	_, err := f.svc.Import(ctx, 0, []caseversion.ImportFile{
		noteFile("a.json", `{"case": 0, "note": {"title": "A"}}, {"case": 1, "note": {"title": "B"}}`)})
	if err == nil || err.Error() != "import note "+code+"/1: disk full" {
		t.Fatalf("Import() = %v", err)
	}
	if vs, _ := f.svc.Versions(ctx, code, 0); len(vs) != 0 || len(f.log.entries) != 0 {
		t.Errorf("a failed import kept %d versions, %d entries", len(vs), len(f.log.entries))
	}
}
