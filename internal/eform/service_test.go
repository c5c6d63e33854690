package eform_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dbtest"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/pgstore"
	"github.com/motcua/motcua/internal/valid"
)

const svcCode = "1.001193"

// svcRecord is the published procedure the service tests write e-forms
// for: one case with docs document rows.
func svcRecord(docs int) catalog.Record {
	c := catalog.Case{Name: "Đăng ký khai sinh đúng hạn", Steps: "Nộp tờ khai.",
		Channels: []catalog.Channel{{Kind: catalog.ChannelOnline, Duration: 1, Unit: catalog.WorkingDays}}}
	for i := range docs {
		c.Documents = append(c.Documents, catalog.Document{Name: "Giấy tờ " + string(rune('A'+i)), Originals: 1, Required: true})
	}
	return catalog.Record{Code: svcCode, Name: "Đăng ký khai sinh", Level: catalog.LevelCommune,
		Field: catalog.Field{Code: "HT", Name: "Hộ tịch"}, Subjects: []catalog.Subject{catalog.SubjectCitizen},
		Agencies: []catalog.Agency{{Role: catalog.AgencyImplementing, Name: "UBND cấp xã", UnitKind: "commune"}},
		Cases:    []catalog.Case{c}, Results: []catalog.Result{{Name: "Giấy khai sinh"}},
		LegalBases: []catalog.LegalBasis{{Number: "60/2014/QH13", Title: "Luật Hộ tịch"}}, OnlineLevel: catalog.OnlineFull}
}

// svcForm is a valid e-form of that case, with a file slot for document
// doc; label tells versions apart.
func svcForm(label string, doc int) eform.Form {
	return eform.Form{Title: "Tờ khai đăng ký khai sinh", Pages: []eform.Page{
		{ID: "nguoi-yeu-cau", Title: "Người yêu cầu", Sections: []eform.Section{{Fields: []eform.Field{
			{ID: "ho_ten", Kind: eform.KindText, Label: label, Required: true},
		}}}},
		{ID: "giay-to", Title: "Giấy tờ kèm theo", Sections: []eform.Section{{Fields: []eform.Field{
			{ID: "tep", Kind: eform.KindFile, Label: "Giấy chứng sinh", Document: &doc},
		}}}},
	}}
}

type svcFixture struct {
	db      *pgstore.DB
	svc     *eform.Service
	catalog *pgstore.CatalogStore
	admin   int64
	now     time.Time
}

// newService wires the service as the application does, on a fresh
// database where svcRecord(2) is published.
func newService(t *testing.T) *svcFixture {
	t.Helper()
	ctx := context.Background()
	db := dbtest.Open(t)
	units := pgstore.NewUnitStore(db)
	if _, _, err := units.Upsert(ctx, []org.SeedUnit{{Code: "000.00.00.H19", Name: "UBND tỉnh", Kind: org.KindProvince, AdminCode: "19"}}); err != nil {
		t.Fatal(err)
	}
	u, err := units.GetByCode(ctx, "000.00.00.H19")
	if err != nil {
		t.Fatal(err)
	}
	admin := account.User{Role: account.RoleAdmin, FullName: "Quản trị", Email: "admin@example.vn", PasswordHash: "x",
		UnitID: u.ID, Locale: "vi", Active: true}
	if err := pgstore.NewUserStore(db).Create(ctx, &admin); err != nil {
		t.Fatal(err)
	}
	f := &svcFixture{db: db, catalog: pgstore.NewCatalogStore(db), admin: admin.ID,
		now: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
	f.publishRecord(t, svcRecord(2))
	f.svc = eform.NewService(eform.Deps{
		Store: pgstore.NewEformStore(db), Audit: pgstore.NewAuditStore(db),
		Tx: func(ctx context.Context, fn func(eform.Store, audit.Store) error) error {
			return db.InTx(ctx, func(tx *pgstore.DB) error { return fn(pgstore.NewEformStore(tx), pgstore.NewAuditStore(tx)) })
		},
		Now: func() time.Time { f.now = f.now.Add(time.Minute); return f.now },
		Documents: func(ctx context.Context, code string, caseNo int) (int, error) {
			v, err := f.catalog.Current(ctx, code)
			if errors.Is(err, catalog.ErrNotFound) || (err == nil && caseNo >= len(v.Record.Cases)) {
				return 0, eform.ErrNotFound
			}
			if err != nil {
				return 0, err
			}
			return len(v.Record.Cases[caseNo].Documents), nil
		},
	})
	return f
}

func (f *svcFixture) publishRecord(t *testing.T, rec catalog.Record) {
	t.Helper()
	ctx := context.Background()
	if _, err := f.catalog.SaveDraft(ctx, rec, f.admin, f.now); err != nil {
		t.Fatal(err)
	}
	if _, err := f.catalog.Publish(ctx, rec.Code, f.admin, f.now); err != nil {
		t.Fatal(err)
	}
}

// trail summarises the audit trail of the case: action and changes.
func (f *svcFixture) trail(t *testing.T) []string {
	t.Helper()
	entries, err := f.svc.History(context.Background(), svcCode, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		s := e.Action
		for _, c := range e.Changes {
			s += " " + c.Field + "[" + c.Old + "→" + c.New + "]"
		}
		if e.ActorID != f.admin || e.ObjectType != "eform" || e.ObjectID != svcCode+"/0" {
			t.Errorf("entry %s: actor %d, object %s %s", e.Action, e.ActorID, e.ObjectType, e.ObjectID)
		}
		out = append(out, s)
	}
	return out
}

func TestServiceDraftPublishDiscard(t *testing.T) {
	ctx := context.Background()
	f := newService(t)
	s := f.svc

	// An invalid form is refused with its errors, and nothing is saved.
	bad := svcForm("", 5)
	_, err := s.SaveDraft(ctx, f.admin, svcCode, 0, bad, 0)
	var errs valid.Errors
	if !errors.As(err, &errs) || !errs.Has("pages.0.sections.0.fields.0.label") || !errs.Has("pages.1.sections.0.fields.0.document") {
		t.Fatalf("SaveDraft(invalid) = %v; want label and document errors", err)
	}
	if fe, _ := errs.For("pages.1.sections.0.fields.0.document"); fe.Key != "eform.check.document_range" || !cmp.Equal(fe.Args, []any{2}) {
		t.Errorf("document error = %+v; want document_range with 2 documents", fe)
	}
	if vs, err := s.Versions(ctx, svcCode, 0); err != nil || len(vs) != 0 {
		t.Errorf("an invalid save left versions: %d, %v", len(vs), err)
	}

	d1, err := s.SaveDraft(ctx, f.admin, svcCode, 0, svcForm("Họ tên", 1), 0)
	if err != nil || d1.Version != 1 || d1.Status != eform.StatusDraft {
		t.Fatalf("first draft = %+v, %v", d1, err)
	}
	// Saved again from what was loaded: the draft's revision.
	d1, err = s.SaveDraft(ctx, f.admin, svcCode, 0, svcForm("Họ, chữ đệm, tên", 1), d1.Revision)
	if err != nil || d1.Version != 1 {
		t.Fatalf("second save = v%d, %v", d1.Version, err)
	}
	// The same text once more changes nothing worth an entry.
	if d1, err = s.SaveDraft(ctx, f.admin, svcCode, 0, svcForm("Họ, chữ đệm, tên", 1), d1.Revision); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Current(ctx, svcCode, 0); !errors.Is(err, eform.ErrNotFound) {
		t.Errorf("Current() before publishing: %v, want ErrNotFound", err)
	}
	p1, err := s.Publish(ctx, f.admin, svcCode, 0)
	if err != nil || p1.Version != 1 || p1.Status != eform.StatusPublished || p1.PublishedBy != f.admin {
		t.Fatalf("Publish() = %+v, %v", p1, err)
	}
	if _, err := s.Publish(ctx, f.admin, svcCode, 0); !errors.Is(err, eform.ErrNoDraft) {
		t.Errorf("Publish() without a draft: %v, want ErrNoDraft", err)
	}
	if err := s.DiscardDraft(ctx, f.admin, svcCode, 0); !errors.Is(err, eform.ErrNoDraft) {
		t.Errorf("DiscardDraft() without a draft: %v, want ErrNoDraft", err)
	}

	// An edit of the published version is draft v2; v1 stays current.
	edit := svcForm("Họ, chữ đệm, tên", 0)
	edit.Title = "Tờ khai"
	d2, err := s.SaveDraft(ctx, f.admin, svcCode, 0, edit, p1.Revision)
	if err != nil || d2.Version != 2 {
		t.Fatalf("edit = v%d, %v", d2.Version, err)
	}
	if cur, err := s.Current(ctx, svcCode, 0); err != nil || cur.Version != 1 {
		t.Errorf("Current() while v2 is a draft = v%d, %v", cur.Version, err)
	}
	if h, err := s.Head(ctx, svcCode, 0); err != nil || h.Current != 1 || h.Draft != 2 || h.Revision != d2.Revision {
		t.Errorf("Head() = %+v, %v; want current 1, draft 2, the draft's revision %d", h, err, d2.Revision)
	}
	if err := s.DiscardDraft(ctx, f.admin, svcCode, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Draft(ctx, svcCode, 0); !errors.Is(err, eform.ErrNotFound) {
		t.Errorf("Draft() after discarding: %v", err)
	}
	d3, err := s.SaveDraft(ctx, f.admin, svcCode, 0, edit, p1.Revision)
	if err != nil || d3.Version != 2 {
		t.Fatalf("edit after the discard = v%d, %v", d3.Version, err)
	}
	if _, err := s.Publish(ctx, f.admin, svcCode, 0); err != nil {
		t.Fatal(err)
	}
	if h, err := s.Head(ctx, "1.000894", 3); err != nil || h != (eform.Head{Procedure: "1.000894", Case: 3}) {
		t.Errorf("Head() of a case without an e-form = %+v, %v", h, err)
	}

	want := []string{
		"eform.save_draft version[→1] title[→Tờ khai đăng ký khai sinh] pages[→nguoi-yeu-cau, giay-to] " +
			"fields_added[→ho_ten (Họ tên), tep (Giấy chứng sinh)]",
		"eform.save_draft fields_changed[→ho_ten (Họ, chữ đệm, tên)]",
		"eform.publish version[→1] title[→Tờ khai đăng ký khai sinh] pages[→nguoi-yeu-cau, giay-to] " +
			"fields_added[→ho_ten (Họ, chữ đệm, tên), tep (Giấy chứng sinh)]",
		"eform.save_draft version[1→2] title[Tờ khai đăng ký khai sinh→Tờ khai] fields_changed[→tep (Giấy chứng sinh)]",
		"eform.discard_draft version[2→]",
		"eform.save_draft version[1→2] title[Tờ khai đăng ký khai sinh→Tờ khai] fields_changed[→tep (Giấy chứng sinh)]",
		"eform.publish version[1→2] title[Tờ khai đăng ký khai sinh→Tờ khai] fields_changed[→tep (Giấy chứng sinh)]",
	}
	if diff := cmp.Diff(want, f.trail(t)); diff != "" {
		t.Errorf("audit trail (-want +got):\n%s", diff)
	}
}

// An editor who loaded the e-form is told when someone else changed it
// since, whatever the change was.
func TestServiceConflicts(t *testing.T) {
	ctx := context.Background()
	f := newService(t)
	s := f.svc
	loaded := func() int64 {
		h, err := s.Head(ctx, svcCode, 0)
		if err != nil {
			t.Fatal(err)
		}
		return h.Revision
	}
	save := func(label string, basedOn int64) error {
		_, err := s.SaveDraft(ctx, f.admin, svcCode, 0, svcForm(label, 0), basedOn)
		return err
	}
	if err := save("a", 7); !errors.Is(err, eform.ErrConflict) {
		t.Errorf("first save based on something that does not exist: %v, want ErrConflict", err)
	}
	a := loaded() // nothing yet: 0
	if err := save("b", loaded()); err != nil {
		t.Fatal(err)
	}
	if err := save("a", a); !errors.Is(err, eform.ErrConflict) {
		t.Errorf("save over a draft created meanwhile: %v, want ErrConflict", err)
	}
	a = loaded()
	if err := save("c", loaded()); err != nil { // another save of the same draft number
		t.Fatal(err)
	}
	if err := save("a", a); !errors.Is(err, eform.ErrConflict) {
		t.Errorf("save over a draft saved again meanwhile: %v, want ErrConflict", err)
	}
	a = loaded()
	if _, err := s.Publish(ctx, f.admin, svcCode, 0); err != nil {
		t.Fatal(err)
	}
	if err := save("a", a); !errors.Is(err, eform.ErrConflict) {
		t.Errorf("save over a draft published meanwhile: %v, want ErrConflict", err)
	}
	if err := save("d", loaded()); err != nil {
		t.Fatal(err)
	}
	a = loaded()
	if err := s.DiscardDraft(ctx, f.admin, svcCode, 0); err != nil {
		t.Fatal(err)
	}
	if err := save("a", a); !errors.Is(err, eform.ErrConflict) {
		t.Errorf("save over a draft discarded meanwhile: %v, want ErrConflict", err)
	}
	if d, err := s.Draft(ctx, svcCode, 0); !errors.Is(err, eform.ErrNotFound) {
		t.Errorf("a refused save left a draft: %+v", d)
	}
}

func TestServiceFollowsTheCatalogue(t *testing.T) {
	ctx := context.Background()
	f := newService(t)
	s := f.svc
	if _, err := s.SaveDraft(ctx, f.admin, svcCode, 1, svcForm("a", 0), 0); !errors.Is(err, eform.ErrNotFound) {
		t.Errorf("SaveDraft() for a case the procedure lacks: %v, want ErrNotFound", err)
	}
	if _, err := s.SaveDraft(ctx, f.admin, "1.000894", 0, svcForm("a", 0), 0); !errors.Is(err, eform.ErrNotFound) {
		t.Errorf("SaveDraft() for an unknown procedure: %v, want ErrNotFound", err)
	}
	if n, err := s.Documents(ctx, svcCode, 0); err != nil || n != 2 {
		t.Errorf("Documents() = %d, %v; want 2", n, err)
	}
	// The draft's slot points at the second document; the catalogue then
	// drops it, and publishing checks again.
	if _, err := s.SaveDraft(ctx, f.admin, svcCode, 0, svcForm("a", 1), 0); err != nil {
		t.Fatal(err)
	}
	f.publishRecord(t, svcRecord(1))
	_, err := s.Publish(ctx, f.admin, svcCode, 0)
	var errs valid.Errors
	if !errors.As(err, &errs) || !errs.Has("pages.1.sections.0.fields.0.document") {
		t.Errorf("Publish() of a draft pointing at a dropped document: %v, want a document error", err)
	}
	if _, err := s.Current(ctx, svcCode, 0); !errors.Is(err, eform.ErrNotFound) {
		t.Errorf("the refused draft was published: %v", err)
	}
}

func TestServiceImport(t *testing.T) {
	ctx := context.Background()
	f := newService(t)
	s := f.svc
	good := `{"procedure": "` + svcCode + `", "cases": [{"case": 0, "form": ` + string(eform.FormatForm(svcForm("Họ tên", 1))) + `}]}`
	files := []eform.ImportFile{{Name: "eforms/" + svcCode + ".json", Data: []byte(good)}}
	rep, err := s.Import(ctx, 0, files)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(eform.ImportReport{Added: []string{svcCode + "/0"}}, rep); diff != "" {
		t.Errorf("first import (-want +got):\n%s", diff)
	}
	cur, err := s.Current(ctx, svcCode, 0)
	if err != nil || cur.Version != 1 || !eform.SameForm(cur.Form, svcForm("Họ tên", 1)) {
		t.Fatalf("imported e-form = %+v, %v", cur, err)
	}
	if rep, err = s.Import(ctx, 0, files); err != nil || len(rep.Unchanged) != 1 || len(rep.Added)+len(rep.Changed) != 0 {
		t.Errorf("second import = %+v, %v; want unchanged", rep, err)
	}
	// An administrator's draft is replaced when the file changes.
	if _, err := s.SaveDraft(ctx, f.admin, svcCode, 0, svcForm("Nháp", 1), cur.Revision); err != nil {
		t.Fatal(err)
	}
	files[0].Data = []byte(strings.Replace(good, "Họ tên", "Họ, chữ đệm, tên", 1))
	if rep, err = s.Import(ctx, 0, files); err != nil || len(rep.Changed) != 1 {
		t.Errorf("changed import = %+v, %v", rep, err)
	}
	if vs, err := s.Versions(ctx, svcCode, 0); err != nil || len(vs) != 2 || vs[0].Status != eform.StatusPublished ||
		vs[0].Form.Pages[0].Sections[0].Fields[0].Label != "Họ, chữ đệm, tên" {
		t.Errorf("versions after the changed import: %+v, %v", vs, err)
	}
	entries, _ := s.History(ctx, svcCode, 0)
	if last := entries[len(entries)-1]; last.Action != "eform.import" || last.ActorID != 0 ||
		!cmp.Equal(last.Changes[0], audit.Change{Field: "version", Old: "1", New: "2"}) {
		t.Errorf("import audit entry = %+v", last)
	}

	// Problems anywhere: nothing is imported, and each problem says where.
	badForm := strings.Replace(good, `"ho_ten"`, `"Ho-ten"`, 1)
	_, err = s.Import(ctx, 0, []eform.ImportFile{
		{Name: "a.json", Data: []byte(strings.Replace(badForm, "Họ, chữ đệm, tên", "Tên mới", 1))},
		{Name: "b.json", Data: []byte(`{"procedure": "1.000894", "cases": [{"case": 0, "form": {"title": "x", "pages": []}}]}`)},
		{Name: "c.json", Data: []byte(`{"procedure": "1.000894", "cases": [{"case": 0, "from": {}}]}`)},
		{Name: "d.json", Data: []byte(good)},
	})
	var probs eform.ImportErrors
	if !errors.As(err, &probs) {
		t.Fatalf("bad import: %v, want ImportErrors", err)
	}
	msg := err.Error()
	for _, want := range []string{
		"a.json: case 0: pages.0.sections.0.fields.0.id: eform.check.field_id_format",
		"b.json: case 0: procedure 1.000894 has no published version with case 0",
		`c.json: eform: definition JSON: unknown_field at line 1, column 49 (from)`,
		"d.json: case 0: procedure 1.001193 case 0 is also in a.json",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("import errors lack %q:\n%s", want, msg)
		}
	}
	if cur, _ := s.Current(ctx, svcCode, 0); cur.Version != 2 {
		t.Errorf("a refused import changed the e-form: v%d", cur.Version)
	}
}
