package workflow_test

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
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/pgstore"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/internal/workflow"
)

const svcCode = "1.001193"

func svcRecord() catalog.Record {
	return catalog.Record{Code: svcCode, Name: "Đăng ký khai sinh", Level: catalog.LevelCommune,
		Field: catalog.Field{Code: "HT", Name: "Hộ tịch"}, Subjects: []catalog.Subject{catalog.SubjectCitizen},
		Agencies: []catalog.Agency{{Role: catalog.AgencyImplementing, Name: "UBND cấp xã", UnitKind: "commune"}},
		Cases: []catalog.Case{{Name: "Đăng ký khai sinh đúng hạn", Steps: "Nộp tờ khai.",
			Channels: []catalog.Channel{{Kind: catalog.ChannelOnline, Unit: catalog.SameDay}}}},
		Results:     []catalog.Result{{Name: "Giấy khai sinh"}},
		LegalBases:  []catalog.LegalBasis{{Number: "60/2014/QH13", Title: "Luật Hộ tịch"}},
		OnlineLevel: catalog.OnlineFull}
}

type svcFixture struct {
	svc   *workflow.Service
	world *fakeWorld
	admin int64
	now   time.Time
}

// newService wires the service on a fresh database where svcRecord is
// published; its World is fakeWorld for case 0 of svcCode.
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
	procs := pgstore.NewCatalogStore(db)
	if _, err := procs.SaveDraft(ctx, svcRecord(), admin.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := procs.Publish(ctx, svcCode, admin.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	f := &svcFixture{world: newFakeWorld(), admin: admin.ID, now: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
	f.svc = workflow.NewService(workflow.Deps{
		Store: pgstore.NewWorkflowStore(db), Audit: pgstore.NewAuditStore(db),
		Tx: func(ctx context.Context, fn func(workflow.Store, audit.Store) error) error {
			return db.InTx(ctx, func(tx *pgstore.DB) error { return fn(pgstore.NewWorkflowStore(tx), pgstore.NewAuditStore(tx)) })
		},
		Now: func() time.Time { f.now = f.now.Add(time.Minute); return f.now },
		World: func(_ context.Context, code string, caseNo int) (workflow.World, error) {
			if code != svcCode || caseNo != 0 {
				return nil, workflow.ErrNotFound
			}
			return f.world, nil
		},
	})
	return f
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
		if e.ObjectType != "workflow" || e.ObjectID != svcCode+"/0" {
			t.Errorf("entry %s: object %s %s", e.Action, e.ObjectType, e.ObjectID)
		}
		out = append(out, s)
	}
	return out
}

func TestServiceDraftPublishDiscard(t *testing.T) {
	ctx := context.Background()
	f := newService(t)
	s := f.svc

	// A flow that cannot run is refused with its problems; nothing saved.
	bad := civilStatus()
	bad.Steps[1].Actions[0].Target = "ky"
	var errs valid.Errors
	if _, err := s.SaveDraft(ctx, f.admin, svcCode, 0, bad, 0); !errors.As(err, &errs) || len(errs) != 1 ||
		errs[0].Field != "steps.1.actions.0.target" {
		t.Fatalf("SaveDraft(bad) = %v", err)
	}
	if vs, _ := s.Versions(ctx, svcCode, 0); len(vs) != 0 {
		t.Fatal("a refused flow was saved")
	}
	// A flow waiting for staff is saved, not published.
	f.world.staff[communeB.ID][workflow.RoleLeader] = 0
	d1, err := s.SaveDraft(ctx, f.admin, svcCode, 0, civilStatus(), 0)
	if err != nil || d1.Version != 1 || d1.Status != workflow.StatusDraft {
		t.Fatalf("SaveDraft() = %+v, %v", d1, err)
	}
	if errs, err := s.Check(ctx, svcCode, 0, civilStatus()); err != nil || len(errs) != 1 || errs[0].Key != "workflow.check.no_staff_leader" {
		t.Errorf("Check() = %v, %v", errs, err)
	}
	if _, err := s.Publish(ctx, f.admin, svcCode, 0); !errors.As(err, &errs) || errs[0].Key != "workflow.check.no_staff_leader" {
		t.Fatalf("Publish() without a leader in every commune: %v", err)
	}
	// A stale editor is refused.
	if _, err := s.SaveDraft(ctx, f.admin, svcCode, 0, civilStatus(), 0); !errors.Is(err, workflow.ErrConflict) {
		t.Errorf("stale SaveDraft(): %v, want ErrConflict", err)
	}
	f.world.staff[communeB.ID][workflow.RoleLeader] = 1
	p1, err := s.Publish(ctx, f.admin, svcCode, 0)
	if err != nil || p1.Version != 1 || p1.Status != workflow.StatusPublished {
		t.Fatalf("Publish() = %+v, %v", p1, err)
	}
	if _, err := s.Publish(ctx, f.admin, svcCode, 0); !errors.Is(err, workflow.ErrNoDraft) {
		t.Errorf("Publish() again: %v, want ErrNoDraft", err)
	}
	// An edit of v1: draft v2, then discarded.
	next := civilStatus()
	next.Steps[1].BudgetHours = 3
	if _, err := s.SaveDraft(ctx, f.admin, svcCode, 0, next, p1.Revision); err != nil {
		t.Fatal(err)
	}
	head, err := s.Head(ctx, svcCode, 0)
	if err != nil || head.Current != 1 || head.Draft != 2 {
		t.Errorf("Head() = %+v, %v", head, err)
	}
	if err := s.DiscardDraft(ctx, f.admin, svcCode, 0); err != nil {
		t.Fatal(err)
	}
	if err := s.DiscardDraft(ctx, f.admin, svcCode, 0); !errors.Is(err, workflow.ErrNoDraft) {
		t.Errorf("DiscardDraft() again: %v", err)
	}
	if v, err := s.Version(ctx, svcCode, 0, 1); err != nil || !cmp.Equal(v.Flow, civilStatus()) {
		t.Errorf("Version(1) = %+v, %v", v, err)
	}
	want := []string{
		"workflow.save_draft version[→1] steps[→tiep-nhan, tham-dinh, ky-duyet, tra-ket-qua] " +
			"steps_added[→tiep-nhan (Tiếp nhận hồ sơ), tham-dinh (Thẩm định), ky-duyet (Ký duyệt), tra-ket-qua (Trả kết quả)]",
		"workflow.publish version[→1] steps[→tiep-nhan, tham-dinh, ky-duyet, tra-ket-qua] " +
			"steps_added[→tiep-nhan (Tiếp nhận hồ sơ), tham-dinh (Thẩm định), ky-duyet (Ký duyệt), tra-ket-qua (Trả kết quả)]",
		"workflow.save_draft version[1→2] steps_changed[→tham-dinh (Thẩm định)]",
		"workflow.discard_draft version[2→]",
	}
	if diff := cmp.Diff(want, f.trail(t)); diff != "" {
		t.Errorf("audit trail (-want +got):\n%s", diff)
	}
	// No case, no process.
	if _, err := s.SaveDraft(ctx, f.admin, svcCode, 3, civilStatus(), 0); !errors.Is(err, workflow.ErrNotFound) {
		t.Errorf("SaveDraft() of case 3: %v", err)
	}
}

func TestServiceImport(t *testing.T) {
	ctx := context.Background()
	f := newService(t)
	s := f.svc
	file := func(fl workflow.Flow) []workflow.ImportFile {
		return []workflow.ImportFile{{Name: "workflows/" + svcCode + ".json",
			Data: []byte(`{"procedure": "` + svcCode + `", "cases": [{"case": 0, "flow": ` + string(workflow.FormatFlow(fl)) + `}]}`)}}
	}
	// Without staff in one commune: saved as a draft, and why is said.
	f.world.staff[communeA.ID][workflow.RoleOfficer] = 0
	rep, err := s.Import(ctx, 0, file(civilStatus()))
	if err != nil || !cmp.Equal(rep.Drafts, []string{svcCode + "/0"}) || len(rep.Added) != 0 || len(rep.Waiting) != 1 ||
		!strings.Contains(rep.Waiting[0].String(), "case 0: steps.1: workflow.check.no_staff_officer[1 2 UBND xã A (001.00.50.H19)]") {
		t.Fatalf("import without staff: %+v, %v", rep, err)
	}
	// Again: nothing written.
	if rep, err = s.Import(ctx, 0, file(civilStatus())); err != nil || len(rep.Drafts) != 1 {
		t.Fatalf("second import without staff: %+v, %v", rep, err)
	}
	if n := len(f.trail(t)); n != 1 {
		t.Errorf("%d audit entries after importing the same draft twice, want 1", n)
	}
	// Once the staff exist, the draft is published.
	f.world.staff[communeA.ID][workflow.RoleOfficer] = 1
	if rep, err = s.Import(ctx, 0, file(civilStatus())); err != nil || !cmp.Equal(rep.Added, []string{svcCode + "/0"}) {
		t.Fatalf("import with staff: %+v, %v", rep, err)
	}
	if rep, err = s.Import(ctx, 0, file(civilStatus())); err != nil || len(rep.Unchanged) != 1 || len(rep.Added)+len(rep.Drafts) != 0 {
		t.Fatalf("import unchanged: %+v, %v", rep, err)
	}
	changed := civilStatus()
	changed.Steps[2].Name = "Lãnh đạo ký"
	if rep, err = s.Import(ctx, 0, file(changed)); err != nil || len(rep.Changed) != 1 {
		t.Fatalf("import changed: %+v, %v", rep, err)
	}
	if cur, _ := s.Current(ctx, svcCode, 0); cur.Version != 2 || cur.Flow.Steps[2].Name != "Lãnh đạo ký" {
		t.Errorf("current after a changed import: v%d", cur.Version)
	}
	// All or nothing: one bad file, nothing imported.
	bad := civilStatus()
	bad.Steps[0].Role = workflow.RoleLeader
	files := append(file(bad), workflow.ImportFile{Name: "workflows/x.json", Data: []byte(`{"procedure": "9.999999", "cases": [{"case": 0, "flow": {"steps": []}}]}`)},
		workflow.ImportFile{Name: "workflows/y.json", Data: []byte("{\n \"procedure\": 1}")})
	_, err = s.Import(ctx, 0, files)
	var probs workflow.ImportErrors
	if !errors.As(err, &probs) || len(probs) != 3 {
		t.Fatalf("bad import: %v", err)
	}
	for i, want := range []string{"case 0: steps.0.role: workflow.check.first_not_clerk",
		"x.json: case 0: procedure 9.999999 has no published version with case 0",
		"y.json: workflow: flow JSON: type at line 2, column 15"} {
		if !strings.Contains(probs[i].String(), want) {
			t.Errorf("problem %d = %q, want %q in it", i, probs[i], want)
		}
	}
	if cur, _ := s.Current(ctx, svcCode, 0); cur.Version != 2 {
		t.Errorf("a refused import changed the process: v%d", cur.Version)
	}
}
