package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/pgstore"
	"github.com/motcua/motcua/internal/upload"
)

type dossierFixture struct {
	catalogFixture
	st      *pgstore.DossierStore
	citizen account.User
	commune int64 // UBND xã Tân Cương
}

func newDossiers(t *testing.T) dossierFixture {
	t.Helper()
	ctx := context.Background()
	f := dossierFixture{catalogFixture: newCatalog(t)}
	f.publish(t, recBirth())
	f.st = pgstore.NewDossierStore(f.db)
	f.citizen = account.User{Role: account.RoleCitizen, FullName: "Nguyễn Văn An", PersonalID: "019090000001",
		Email: "an@example.vn", PasswordHash: "x", Locale: "vi", Active: true}
	if err := pgstore.NewUserStore(f.db).Create(ctx, &f.citizen); err != nil {
		t.Fatal(err)
	}
	u, err := pgstore.NewUnitStore(f.db).GetByCode(ctx, unitTanCuong)
	if err != nil {
		t.Fatal(err)
	}
	f.commune = u.ID
	return f
}

func (f dossierFixture) draft(t *testing.T) dossier.Draft {
	t.Helper()
	d := dossier.Draft{PublicID: dossier.NewPublicID(), OwnerID: f.citizen.ID, Procedure: codeBirth, ProcedureVersion: 1,
		FormVersion: 1, CompetentUnitID: f.commune,
		Applicant: dossier.Applicant{Kind: dossier.ApplicantCitizen, FullName: "Nguyễn Văn An", PersonalID: "019090000001"},
		Answers:   eform.Answers{"child_name": {Text: "Nguyễn Minh Khôi"}, "home": {Address: &eform.Address{Province: "19", Commune: "05443", Street: "Số 1"}}},
		Prefilled: map[string]dossier.Prefill{"father_name": {Source: "population.full_name", Value: "Nguyễn Văn An"}},
		Delivery:  dossier.Delivery{Method: dossier.DeliverOnline}, CreatedAt: t0, UpdatedAt: t0}
	if err := f.st.CreateDraft(context.Background(), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func (f dossierFixture) dossier(t *testing.T, code string, d dossier.Draft) dossier.Dossier {
	t.Helper()
	out := dossier.Dossier{Code: code, Procedure: d.Procedure, ProcedureName: "Đăng ký khai sinh", ProcedureVersion: 1,
		FormVersion: 1, ApplicantID: f.citizen.ID, Applicant: d.Applicant, Channel: dossier.ChannelOnline,
		Status: dossier.StatusNew, ReceivingUnitID: f.commune, CompetentUnitID: f.commune, ReturningUnitID: f.commune,
		Answers: d.Answers, Prefilled: d.Prefilled, Delivery: d.Delivery, Summary: "Đăng ký khai sinh - Nguyễn Văn An",
		Secret: "ABCDEFGH", CreatedBy: f.citizen.ID, SubmittedAt: t0}
	if err := f.st.CreateDossier(context.Background(), &out, dossier.Snapshot{Procedure: []byte(`{"code":"1.001193"}`),
		Form: []byte(`{"title":"x","pages":[]}`)}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDraftsRoundTrip(t *testing.T) {
	ctx := context.Background()
	f := newDossiers(t)
	d := f.draft(t)
	got, err := f.st.Draft(ctx, d.PublicID, false)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d, got, cmpopts.EquateApproxTime(time.Microsecond)); diff != "" {
		t.Errorf("draft read back (-want +got):\n%s", diff)
	}
	d.Answers["child_name"] = eform.Value{Text: "Nguyễn Minh Khang"}
	d.Delivery = dossier.Delivery{Method: dossier.DeliverPost, Recipient: "An", Phone: "0912000001",
		Address: eform.Address{Province: "19", Commune: "05443", Street: "Số 1"}}
	d.UpdatedAt = t0.Add(time.Hour)
	old := d
	if err := f.st.UpdateDraft(ctx, &d); err != nil || d.Revision != 1 {
		t.Fatalf("UpdateDraft: %v, revision %d", err, d.Revision)
	}
	// A write prepared from the old revision is refused.
	if err := f.st.UpdateDraft(ctx, &old); !errors.Is(err, dossier.ErrConflict) {
		t.Errorf("stale write: %v, want ErrConflict", err)
	}
	got, err = f.st.Draft(ctx, d.PublicID, false)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d, got, cmpopts.EquateApproxTime(time.Microsecond)); diff != "" {
		t.Errorf("updated draft (-want +got):\n%s", diff)
	}
	list, err := f.st.Drafts(ctx, f.citizen.ID)
	if err != nil || len(list) != 1 || list[0].ProcedureName == "" || list[0].PublicID != d.PublicID {
		t.Errorf("Drafts = %+v, %v", list, err)
	}
	stale, err := f.st.StaleDrafts(ctx, t0.Add(2*time.Hour), 10)
	if err != nil || len(stale) != 1 {
		t.Errorf("StaleDrafts = %d, %v; want 1", len(stale), err)
	}
	if _, err := f.st.Draft(ctx, "khong-co", false); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("unknown draft: %v", err)
	}
}

func TestAttachmentsMoveAndReuse(t *testing.T) {
	ctx := context.Background()
	f := newDossiers(t)
	d := f.draft(t)
	a := dossier.Attachment{PublicID: dossier.NewPublicID(), DraftID: d.ID, OwnerID: f.citizen.ID, UploadedBy: f.citizen.ID,
		Slot: "birth_cert", Document: 1, Name: "giay-chung-sinh.pdf", Type: upload.PDF, Size: 1234,
		SHA256: fmt.Sprintf("%064x", 1), Key: "abcdef0123456789abcdef", CreatedAt: t0}
	if err := f.st.AddAttachment(ctx, &a); err != nil {
		t.Fatal(err)
	}
	got, err := f.st.Attachment(ctx, a.PublicID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, got, cmpopts.EquateApproxTime(time.Microsecond)); diff != "" {
		t.Errorf("attachment (-want +got):\n%s", diff)
	}
	if docs, err := f.st.OwnerDocuments(ctx, f.citizen.ID, 10); err != nil || len(docs) != 0 {
		t.Errorf("before submission, reusable documents = %v, %v; want none", docs, err)
	}
	dos := f.dossier(t, "001.00.50.H19-250701-0001", d)
	if err := f.st.MoveAttachments(ctx, d.ID, dos.ID); err != nil {
		t.Fatal(err)
	}
	if files, _ := f.st.DraftAttachments(ctx, d.ID); len(files) != 0 {
		t.Errorf("draft still has %d files after the move", len(files))
	}
	files, err := f.st.DossierAttachments(ctx, dos.ID)
	if err != nil || len(files) != 1 || files[0].DossierID != dos.ID || files[0].OwnerID != f.citizen.ID {
		t.Fatalf("dossier files = %+v, %v", files, err)
	}
	// A second dossier reusing it: one row per content in the list.
	d2 := f.draft(t)
	re := files[0]
	re.ID, re.PublicID, re.DraftID, re.DossierID, re.ReusedFrom = 0, dossier.NewPublicID(), d2.ID, 0, files[0].ID
	if err := f.st.AddAttachment(ctx, &re); err != nil {
		t.Fatal(err)
	}
	dos2 := f.dossier(t, "001.00.50.H19-250701-0002", d2)
	if err := f.st.MoveAttachments(ctx, d2.ID, dos2.ID); err != nil {
		t.Fatal(err)
	}
	docs, err := f.st.OwnerDocuments(ctx, f.citizen.ID, 10)
	if err != nil || len(docs) != 1 {
		t.Errorf("reusable documents = %d, %v; want 1 (one per content)", len(docs), err)
	}
	if in, err := f.st.KeyInUse(ctx, a.Key); err != nil || !in {
		t.Errorf("KeyInUse = %v, %v", in, err)
	}
	for _, f2 := range append(files, re) {
		if err := f.st.DeleteAttachment(ctx, f2.ID); err != nil {
			t.Fatal(err)
		}
	}
	if in, err := f.st.KeyInUse(ctx, a.Key); err != nil || in {
		t.Errorf("KeyInUse after deleting both rows = %v, %v", in, err)
	}
}

func TestDossierRoundTripAndLink(t *testing.T) {
	ctx := context.Background()
	f := newDossiers(t)
	d := f.draft(t)
	want := f.dossier(t, "001.00.50.H19-250701-0001", d)
	got, err := f.st.Dossier(ctx, want.Code, false)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApproxTime(time.Microsecond)); diff != "" {
		t.Errorf("dossier (-want +got):\n%s", diff)
	}
	snap, err := f.st.Snapshot(ctx, want.ID)
	if err != nil || string(snap.Procedure) != `{"code": "1.001193"}` {
		t.Errorf("snapshot = %s, %v", snap.Procedure, err)
	}
	got.Status, got.WithdrawnAt, got.UpdatedAt = dossier.StatusWithdrawn, t0.Add(time.Hour), t0.Add(time.Hour)
	stale := got
	if err := f.st.UpdateProcessing(ctx, &got); err != nil || got.Revision != 1 {
		t.Fatalf("UpdateProcessing: %v, revision %d", err, got.Revision)
	}
	if err := f.st.UpdateProcessing(ctx, &stale); !errors.Is(err, dossier.ErrConflict) {
		t.Errorf("stale processing write: %v, want ErrConflict", err)
	}
	if err := f.st.AddEvent(ctx, got.ID, dossier.Event{At: t0.Add(time.Hour), ActorID: f.citizen.ID, Action: "withdraw",
		From: dossier.StatusNew, To: dossier.StatusWithdrawn, Note: "Nộp nhầm", Public: true}); err != nil {
		t.Fatal(err)
	}
	events, err := f.st.Events(ctx, got.ID)
	if err != nil || len(events) != 1 || events[0].From != dossier.StatusNew || events[0].To != dossier.StatusWithdrawn {
		t.Errorf("events = %+v, %v", events, err)
	}
	again, _ := f.st.Dossier(ctx, want.Code, false)
	if again.Status != dossier.StatusWithdrawn || again.WithdrawnAt.IsZero() {
		t.Errorf("after UpdateStatus: %d %v", again.Status, again.WithdrawnAt)
	}
	list, total, err := f.st.ApplicantDossiers(ctx, f.citizen.ID, 1, 10)
	if err != nil || total != 1 || len(list) != 1 {
		t.Errorf("ApplicantDossiers = %d/%d, %v", len(list), total, err)
	}

	// A walk-in dossier without an account joins the one its applicant
	// adds it to (with the receipt, dossier.AddDeskDossier), once.
	walkIn := f.draft(t)
	walkIn.Applicant = dossier.Applicant{Kind: dossier.ApplicantCitizen, FullName: "Trần Thị Hoa", PersonalID: "019192000002"}
	w := f.dossier(t, "001.00.50.H19-250701-0002", walkIn)
	if _, err := f.db.SQL().ExecContext(ctx, "UPDATE dossiers SET applicant_id = NULL WHERE id = $1", w.ID); err != nil {
		t.Fatal(err)
	}
	ok, err := f.st.ClaimDossier(ctx, w.ID, f.citizen.ID)
	if err != nil || !ok {
		t.Errorf("ClaimDossier = %v, %v; want true", ok, err)
	}
	if again, _ := f.st.Dossier(ctx, w.Code, false); again.ApplicantID != f.citizen.ID {
		t.Errorf("claimed dossier's applicant = %d, want %d", again.ApplicantID, f.citizen.ID)
	}
	if ok, _ := f.st.ClaimDossier(ctx, w.ID, f.citizen.ID); ok {
		t.Error("a dossier an account owns was claimed again")
	}
}

// TestDossierNumbersUnderConcurrency: 50 transactions taking numbers at
// once for one unit and day get 1..50, no gap and no duplicate, and a
// rolled-back transaction gives its number back.
func TestDossierNumbersUnderConcurrency(t *testing.T) {
	ctx := context.Background()
	f := newDossiers(t)
	day := time.Date(2026, 2, 17, 0, 0, 0, 0, time.UTC)
	const n = 50
	var (
		mu   sync.Mutex
		got  []int
		wg   sync.WaitGroup
		errs = make(chan error, n)
	)
	for i := range n {
		wg.Go(func() {
			err := f.db.InTx(ctx, func(tx *pgstore.DB) error {
				k, err := pgstore.NewDossierStore(tx).NextNumber(ctx, f.commune, day)
				if err != nil {
					return err
				}
				if i%10 == 9 {
					return errRollback // every tenth gives its number back
				}
				mu.Lock()
				got = append(got, k)
				mu.Unlock()
				return nil
			})
			if err != nil && !errors.Is(err, errRollback) {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	slices.Sort(got)
	want := make([]int, len(got))
	for i := range want {
		want[i] = i + 1
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("numbers taken (-want +got):\n%s", diff)
	}
	// Another day starts again at 1.
	if k, err := f.st.NextNumber(ctx, f.commune, day.AddDate(0, 0, 1)); err != nil || k != 1 {
		t.Errorf("next day: %d, %v", k, err)
	}
}

var errRollback = errors.New("roll back")

func TestRegistry(t *testing.T) {
	ctx := context.Background()
	db := newCatalog(t).db
	r := pgstore.NewRegistryStore(db)
	people := []dossier.Person{{PersonalID: "019090000001", FullName: "Nguyễn Văn An", BirthDate: "1990-03-15", Gender: "nam",
		Ethnicity: "kinh", Nationality: "vn", PermanentAddress: eform.Address{Province: "19", Commune: "05443", Street: "Số 12"}}}
	biz := []dossier.Business{{TaxCode: "4600100155", Name: "Công ty TNHH Thái Nguyên Demo", LegalRepresentative: "Nguyễn Văn An",
		Founded: "2015-04-10", Address: eform.Address{Province: "19", Commune: "05443", Street: "Số 8"}}}
	for round, wantChanged := range []int{1, 0} {
		n, err := r.UpsertPeople(ctx, people)
		if err != nil || n != wantChanged {
			t.Errorf("round %d: UpsertPeople = %d, %v; want %d", round, n, err, wantChanged)
		}
		n, err = r.UpsertBusinesses(ctx, biz)
		if err != nil || n != wantChanged {
			t.Errorf("round %d: UpsertBusinesses = %d, %v; want %d", round, n, err, wantChanged)
		}
	}
	p, err := r.Person(ctx, "019090000001")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(people[0], p); diff != "" {
		t.Errorf("person (-want +got):\n%s", diff)
	}
	b, err := r.Business(ctx, "4600100155")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(biz[0], b); diff != "" {
		t.Errorf("business (-want +got):\n%s", diff)
	}
	if _, err := r.Person(ctx, "019999999999"); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("unknown person: %v", err)
	}
	if _, err := r.Business(ctx, "0100109106"); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("unknown business: %v", err)
	}
}
