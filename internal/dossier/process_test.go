package dossier_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/upload/uploadtest"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/internal/workflow"
)

// Units of the commune test procedure: the reception centre and the
// commune that decides.
const centreDucXuan = "001.01.50.H19"

// staffAt creates a staff member with role r in the unit with code.
func staffAt(t *testing.T, env *apptest.Env, r account.Role, code string, n int) account.User {
	t.Helper()
	ctx := context.Background()
	unit, err := env.App.Units.GetByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	u, err := env.App.Accounts.CreateStaff(ctx, 0, account.StaffInput{FullName: "Cán bộ " + string(r), Role: r, UnitID: unit.ID,
		Email: fmt.Sprintf("%s.%d@staff.example.vn", r, n), Phone: "0912345678", Password: apptest.Password})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// newDossier submits a complete dossier of the commune test procedure.
func newDossier(t *testing.T, env *apptest.Env, u account.User) dossier.Dossier {
	t.Helper()
	svc := env.App.Dossiers
	d := complete(t, svc, u, uploadtest.PDF(4<<10))
	out, _, err := svc.Submit(context.Background(), u, d.PublicID, dossier.SubmitInput{Declaration: true})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

type people struct{ clerk, officer, leader, other account.User }

func staff(t *testing.T, env *apptest.Env) people {
	return people{
		clerk:   staffAt(t, env, account.RoleClerk, centreDucXuan, 1),
		officer: staffAt(t, env, account.RoleOfficer, communeDucXuan, 2),
		leader:  staffAt(t, env, account.RoleLeader, communeDucXuan, 3),
		other:   staffAt(t, env, account.RoleOfficer, "002.00.50.H19", 4), // another commune
	}
}

// TestProcessFromReceptionToReturn walks a dossier through the default
// process: each status, the hand-over records with their timeliness, the
// timeline the applicant sees and the outbox.
func TestProcessFromReceptionToReturn(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	env.Clock.Set(time.Date(2026, 11, 30, 8, 0, 0, 0, calendar.Location())) // a Monday morning
	ctx := context.Background()
	svc := env.App.Dossiers
	who := staff(t, env)
	citizen := env.Users[account.RoleCitizen]
	d := newDossier(t, env, citizen)
	if d.Step != "tiep-nhan" || d.StepRole != workflow.RoleClerk || d.StepDueAt.IsZero() {
		t.Fatalf("new dossier at %q/%s due %v, want the reception step", d.Step, d.StepRole, d.StepDueAt)
	}
	// It waits in the clerk's queue.
	q, err := svc.Queue(ctx, who.clerk, dossier.QueueFilter{})
	if err != nil || q.Total != 1 || q.Items[0].Code != d.Code || q.Counts[dossier.TabAll] != 1 {
		t.Fatalf("clerk's queue: %+v, %v", q, err)
	}
	if q, _ := svc.Queue(ctx, who.officer, dossier.QueueFilter{}); q.Total != 0 {
		t.Errorf("officer's queue holds %d before reception", q.Total)
	}

	act := func(u account.User, in dossier.ActInput) dossier.Dossier {
		t.Helper()
		env.Clock.Add(10 * time.Minute)
		out, err := svc.Act(ctx, u, d.Code, in)
		if err != nil {
			t.Fatalf("%s by %s: %v", in.Action, u.Role, err)
		}
		return out
	}
	d = act(who.clerk, dossier.ActInput{Action: workflow.ActionReceive})
	if d.Status != dossier.StatusReceived || d.ReceivedAt.IsZero() || d.Due == nil || !d.DueAt.Equal(d.Due.Due) {
		t.Fatalf("after receive: status %d received %v due %v", d.Status, d.ReceivedAt, d.DueAt)
	}
	// 3 working days (the online channel) from reception.
	if d.Due.Duration != (calendar.Duration{Amount: 3, Unit: calendar.WorkingDays}) || d.Due.Worked != 24*time.Hour {
		t.Errorf("due %v worked %v, want 3 working days", d.Due.Duration, d.Due.Worked)
	}
	if d.Step != "tham-dinh" || d.StepRole != workflow.RoleOfficer {
		t.Fatalf("after receive at %s/%s", d.Step, d.StepRole)
	}
	d = act(who.officer, dossier.ActInput{Action: workflow.ActionForward})
	if d.Status != dossier.StatusProcessing || d.Step != "phe-duyet" {
		t.Fatalf("after forward: %d at %s", d.Status, d.Step)
	}
	d = act(who.leader, dossier.ActInput{Action: workflow.ActionReturn, Note: "Bổ sung ý kiến thẩm định"})
	if d.Step != "tham-dinh" || d.Status != dossier.StatusProcessing {
		t.Fatalf("after return: %d at %s", d.Status, d.Step)
	}
	d = act(who.officer, dossier.ActInput{Action: workflow.ActionForward})
	d = act(who.leader, dossier.ActInput{Action: workflow.ActionApprove})
	if d.Status != dossier.StatusDone || d.Step != "tra-ket-qua" || d.Timeliness != dossier.Early || d.FinishedAt.IsZero() {
		t.Fatalf("after approve: %d at %s, %q", d.Status, d.Step, d.Timeliness)
	}
	d = act(who.clerk, dossier.ActInput{Action: workflow.ActionDeliver})
	if d.Status != dossier.StatusReturned || d.Step != "" || d.ReturnedAt.IsZero() {
		t.Fatalf("after deliver: %d at %q", d.Status, d.Step)
	}

	steps, err := env.App.DossierStore.Steps(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range steps {
		got = append(got, s.Step+":"+string(s.Action)+":"+s.DecidedBy)
		if s.FinishedAt.IsZero() {
			t.Errorf("step %s still open after delivery", s.Step)
		}
	}
	want := []string{"tiep-nhan:receive:person", "tham-dinh:forward:person", "phe-duyet:return:person",
		"tham-dinh:forward:person", "phe-duyet:approve:person", "tra-ket-qua:deliver:person"}
	if len(got) != len(want) {
		t.Fatalf("hand-over records %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("record %d = %s, want %s", i, got[i], want[i])
		}
	}
	// The applicant sees statuses, not internal hand-overs.
	_, events, err := svc.LookupAs(ctx, citizen, d.Code)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, e := range events {
		seen = append(seen, e.Action)
	}
	if want := []string{"submit", "receive", "approve", "deliver"}; len(seen) != len(want) {
		t.Errorf("applicant's timeline %v, want %v", seen, want)
	}
}

// TestActionsRefused: an action not allowed for this person, step, status
// or unit is refused and changes nothing.
func TestActionsRefused(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	svc := env.App.Dossiers
	who := staff(t, env)
	d := newDossier(t, env, env.Users[account.RoleCitizen])
	unchanged := func(what string) {
		t.Helper()
		now, err := env.App.DossierStore.Dossier(ctx, d.Code, false)
		if err != nil {
			t.Fatal(err)
		}
		if now.Revision != d.Revision || now.Status != d.Status || now.Step != d.Step {
			t.Errorf("%s changed the dossier: revision %d->%d, status %d->%d", what, d.Revision, now.Revision, d.Status, now.Status)
		}
	}
	for _, tc := range []struct {
		name string
		who  account.User
		in   dossier.ActInput
		want error
	}{
		{"officer receives", who.officer, dossier.ActInput{Action: workflow.ActionReceive}, dossier.ErrNotAllowed},
		{"another commune's officer", who.other, dossier.ActInput{Action: workflow.ActionReceive}, dossier.ErrNotFound},
		{"clerk approves", who.clerk, dossier.ActInput{Action: workflow.ActionApprove}, dossier.ErrNotAllowed},
		{"clerk delivers before a result", who.clerk, dossier.ActInput{Action: workflow.ActionDeliver}, dossier.ErrNotAllowed},
		{"an applicant", env.Users[account.RoleCitizen], dossier.ActInput{Action: workflow.ActionReceive}, dossier.ErrNotAllowed},
	} {
		if _, err := svc.Act(ctx, tc.who, d.Code, tc.in); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
		unchanged(tc.name)
	}
	// Refusing needs reasons.
	var errs valid.Errors
	if _, err := svc.Act(ctx, who.clerk, d.Code, dossier.ActInput{Action: workflow.ActionRefuse}); !errors.As(err, &errs) ||
		errs[0].Field != "note" {
		t.Errorf("refuse without reasons: %v", err)
	}
	unchanged("refuse without reasons")

	// A dossier taken by one clerk cannot be acted on by another.
	second := staffAt(t, env, account.RoleClerk, centreDucXuan, 5)
	if err := svc.Claim(ctx, who.clerk, d.Code); err != nil {
		t.Fatal(err)
	}
	if err := svc.Claim(ctx, second, d.Code); !errors.Is(err, dossier.ErrClaimed) {
		t.Errorf("second claim: %v", err)
	}
	if _, err := svc.Act(ctx, second, d.Code, dossier.ActInput{Action: workflow.ActionReceive}); !errors.Is(err, dossier.ErrClaimed) {
		t.Errorf("acting on a dossier someone else took: %v", err)
	}
	q, err := svc.Queue(ctx, who.clerk, dossier.QueueFilter{Tab: dossier.TabMine})
	if err != nil || q.Total != 1 || q.Counts[dossier.TabMine] != 1 {
		t.Errorf("my tab: %d, %v", q.Total, err)
	}
	if err := svc.Release(ctx, who.clerk, d.Code); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Act(ctx, second, d.Code, dossier.ActInput{Action: workflow.ActionReceive}); err != nil {
		t.Errorf("after release: %v", err)
	}
	// One supplement request during processing, not two.
	off := who.officer
	if _, err := svc.Act(ctx, off, d.Code, dossier.ActInput{Action: workflow.ActionSupplement, Note: "Bản sao giấy xác nhận"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Respond(ctx, env.Users[account.RoleCitizen], d.Code, "Đã bổ sung"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Act(ctx, off, d.Code, dossier.ActInput{Action: workflow.ActionSupplement, Note: "lần hai"}); !errors.Is(err, dossier.ErrNotAllowed) {
		t.Errorf("second supplement request: %v", err)
	}
}

// TestSupplementPausesTheClock: while the applicant supplements, the clock
// stops; the due instant moves by exactly the paused working time, and the
// round records both instants.
func TestSupplementPausesTheClock(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	vn := calendar.Location()
	env.Clock.Set(time.Date(2026, 11, 30, 8, 0, 0, 0, vn)) // Monday
	ctx := context.Background()
	svc := env.App.Dossiers
	who := staff(t, env)
	citizen := env.Users[account.RoleCitizen]
	d := newDossier(t, env, citizen)
	env.Clock.Set(time.Date(2026, 11, 30, 8, 30, 0, 0, vn))
	if _, err := svc.Act(ctx, who.clerk, d.Code, dossier.ActInput{Action: workflow.ActionReceive}); err != nil {
		t.Fatal(err)
	}
	env.Clock.Set(time.Date(2026, 11, 30, 9, 0, 0, 0, vn))
	d, err := svc.Act(ctx, who.officer, d.Code, dossier.ActInput{Action: workflow.ActionSupplement, Note: "Giấy xác nhận bản rõ hơn"})
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != dossier.StatusSupplement {
		t.Fatalf("status %d, want 5", d.Status)
	}
	before := d.DueAt
	// An answer with neither a new document nor a note is refused, and
	// changes nothing.
	var errs valid.Errors
	if _, err := svc.Respond(ctx, citizen, d.Code, " "); !errors.As(err, &errs) || errs[0].Key != "respond.error.empty" {
		t.Fatalf("empty answer: %v", err)
	}
	if got, _ := env.App.DossierStore.Dossier(ctx, d.Code, false); got.Status != dossier.StatusSupplement {
		t.Fatalf("after the empty answer: status %d", got.Status)
	}
	// The applicant adds a document and answers.
	if _, err := svc.UploadToDossier(ctx, citizen, d.Code, dossier.UploadInput{Slot: dossier.SlotSupplement, Name: "bo-sung.pdf",
		Body: pdfReader(8 << 10)}); err != nil {
		t.Fatal(err)
	}
	// Tuesday 10:00: 2.5 h + 4 h on Monday, 2.5 h on Tuesday paused.
	env.Clock.Set(time.Date(2026, 12, 1, 10, 0, 0, 0, vn))
	d, err = svc.Respond(ctx, citizen, d.Code, "Đã bổ sung giấy xác nhận")
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != dossier.StatusProcessing {
		t.Fatalf("after supplement: status %d", d.Status)
	}
	pauses, err := env.App.DossierStore.Pauses(ctx, d.ID)
	if err != nil || len(pauses) != 1 {
		t.Fatalf("pauses: %v %v", pauses, err)
	}
	p := pauses[0]
	if !p.DueBefore.Equal(before) || !p.DueAfter.Equal(d.DueAt) || p.EndedAt.IsZero() {
		t.Errorf("round: before %v/%v after %v/%v", p.DueBefore, before, p.DueAfter, d.DueAt)
	}
	c, err := env.App.Calendars.ForUnit(ctx, d.ReceivingUnitID)
	if err != nil {
		t.Fatal(err)
	}
	paused, err := c.WorkingTime(p.StartedAt, p.EndedAt)
	if err != nil {
		t.Fatal(err)
	}
	moved, err := c.WorkingTime(before, d.DueAt)
	if err != nil {
		t.Fatal(err)
	}
	if paused != 9*time.Hour || moved != paused {
		t.Errorf("due moved by %v of working time, the pause lasted %v, want 9h both", moved, paused)
	}
	if d.Due.Paused != paused {
		t.Errorf("explanation says %v paused, want %v", d.Due.Paused, paused)
	}
}

func pdfReader(n int) io.Reader { return bytes.NewReader(uploadtest.PDF(n)) }
