package dossier_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/internal/workflow"
)

// provinceFlow is a process with a semi-automatic reception (completeness),
// an automatic transfer, a semi-automatic appraisal (registry, fee), an
// approval and the return.
func provinceFlow() workflow.Flow {
	recv := workflow.UnitRef{Kind: workflow.UnitReceiving}
	comp := workflow.UnitRef{Kind: workflow.UnitCompetent}
	return workflow.Flow{Steps: []workflow.Step{
		{ID: "tiep-nhan", Name: "Tiếp nhận", Unit: recv, Role: workflow.RoleClerk, Mode: workflow.ModeSemi,
			Tasks: []workflow.Task{workflow.TaskCompleteness}, BudgetHours: 2, Actions: []workflow.Transition{
				{Action: workflow.ActionReceive, Target: "chuyen"}, {Action: workflow.ActionGuide}, {Action: workflow.ActionRefuse}}},
		{ID: "chuyen", Name: "Chuyển Sở Tư pháp", Unit: recv, Role: workflow.RoleClerk, Mode: workflow.ModeAuto,
			Tasks: []workflow.Task{workflow.TaskTransfer}, Actions: []workflow.Transition{{Action: workflow.ActionForward, Target: "tham-dinh"}}},
		{ID: "tham-dinh", Name: "Thẩm định", Unit: comp, Role: workflow.RoleOfficer, Mode: workflow.ModeSemi,
			Tasks: []workflow.Task{workflow.TaskRegistry, workflow.TaskFee}, BudgetHours: 12, Actions: []workflow.Transition{
				{Action: workflow.ActionForward, Target: "phe-duyet"}, {Action: workflow.ActionSupplement},
				{Action: workflow.ActionReturn, Target: "tiep-nhan"}}},
		{ID: "phe-duyet", Name: "Phê duyệt", Unit: comp, Role: workflow.RoleLeader, Mode: workflow.ModeManual, BudgetHours: 4,
			Actions: []workflow.Transition{{Action: workflow.ActionApprove, Target: "tra"}, {Action: workflow.ActionStop}}},
		{ID: "tra", Name: "Trả kết quả", Unit: recv, Role: workflow.RoleClerk, Mode: workflow.ModeManual, BudgetHours: 2,
			Actions: []workflow.Transition{{Action: workflow.ActionDeliver}}},
	}}
}

// TestSemiAndAutomaticSteps: the worker runs a semi-automatic step's
// checks and proposes; a person who follows the proposal is recorded as
// the rule deciding, one who does not must say why; an automatic transfer
// runs at once and is recorded as the system's, and received after 15:00
// the next step's clock starts the next working morning.
func TestSemiAndAutomaticSteps(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	vn := calendar.Location()
	const justice, centre = "000.00.04.H19", "000.01.01.H19"
	officer := staffAt(t, env, account.RoleOfficer, justice, 11)
	leader := staffAt(t, env, account.RoleLeader, justice, 12)
	clerk := env.Users[account.RoleClerk] // at the provincial centre
	env.PublishFlow(t, apptest.ProcProvince, 0, provinceFlow())
	svc := env.App.Dossiers
	// The applicant is in the registry, with the same name.
	u := registered(t, env, "019192000002", "Trần Thị Hoa")

	env.Clock.Set(time.Date(2026, 12, 1, 14, 0, 0, 0, vn)) // Tuesday 14:00
	d := completeAt(t, svc, u, apptest.ProcProvince, "")
	sub, _, err := svc.Submit(ctx, u, d.PublicID, dossier.SubmitInput{Declaration: true})
	if err != nil {
		t.Fatal(err)
	}
	run := func() {
		t.Helper()
		if _, err := svc.RunJobs(ctx); err != nil {
			t.Fatal(err)
		}
	}
	run()
	info, err := svc.Process(ctx, clerk, mustDossier(t, env, sub.Code))
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Findings) != 1 || !info.Findings[0].OK || info.Proposal != workflow.ActionReceive {
		t.Fatalf("reception findings %+v proposal %q", info.Findings, info.Proposal)
	}
	// Following the proposal: the rule decided (a person confirmed).
	env.Clock.Set(time.Date(2026, 12, 1, 16, 0, 0, 0, vn)) // after the 15:00 cut-off
	if _, err := svc.Act(ctx, clerk, sub.Code, dossier.ActInput{Action: workflow.ActionReceive}); err != nil {
		t.Fatal(err)
	}
	// The transfer runs at once; received after the cut-off, it counts
	// as handed over on Wednesday at 07:30, when the appraisal's 12
	// working hours start (due Thursday 11:30).
	run() // the transfer, then the appraisal's checks
	got := mustDossier(t, env, sub.Code)
	if got.Step != "tham-dinh" || got.Status != dossier.StatusProcessing {
		t.Fatalf("after the transfer: %s, status %d", got.Step, got.Status)
	}
	if want := time.Date(2026, 12, 3, 11, 30, 0, 0, vn); !got.StepDueAt.Equal(want) {
		t.Errorf("appraisal due %v, want %v", got.StepDueAt.In(vn), want)
	}
	info, err = svc.Process(ctx, officer, got)
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Findings) != 2 || !info.Findings[0].OK || info.Findings[0].Key != "process.finding.registry_match" ||
		info.Findings[1].Task != "fee" || info.Findings[1].Args[0] != "10000" || info.Proposal != workflow.ActionForward {
		t.Fatalf("appraisal findings %+v proposal %q", info.Findings, info.Proposal)
	}
	// Not following the proposal needs a reason.
	var errs valid.Errors
	if _, err := svc.Act(ctx, officer, sub.Code, dossier.ActInput{Action: workflow.ActionReturn, Target: "tiep-nhan"}); !errors.As(err, &errs) {
		t.Fatalf("return without a reason against the proposal: %v", err)
	}
	if _, err := svc.Act(ctx, officer, sub.Code, dossier.ActInput{Action: workflow.ActionForward}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Act(ctx, leader, sub.Code, dossier.ActInput{Action: workflow.ActionApprove}); err != nil {
		t.Fatal(err)
	}
	steps, err := env.App.DossierStore.Steps(ctx, got.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"tiep-nhan": dossier.DecidedByRule, "chuyen": dossier.DecidedByRule,
		"tham-dinh": dossier.DecidedByRule, "phe-duyet": dossier.DecidedByPerson}
	for _, s := range steps {
		if w, ok := want[s.Step]; ok && s.DecidedBy != w {
			t.Errorf("%s decided by %q, want %q", s.Step, s.DecidedBy, w)
		}
		if s.Step == "chuyen" && (s.ActorID != 0 || !s.FinishedAt.Equal(time.Date(2026, 12, 1, 16, 0, 0, 0, vn))) {
			t.Errorf("transfer by %d at %v, want the system at 16:00, at once", s.ActorID, s.FinishedAt)
		}
	}
}

func mustDossier(t *testing.T, env *apptest.Env, code string) dossier.Dossier {
	t.Helper()
	d, err := env.App.DossierStore.Dossier(context.Background(), code, false)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// registered registers a citizen with the given personal ID and name.
func registered(t *testing.T, env *apptest.Env, pid, name string) account.User {
	t.Helper()
	u, err := env.App.Accounts.Register(context.Background(), account.RegisterInput{Kind: account.RoleCitizen,
		FullName: name, PersonalID: pid, Email: pid + "@example.vn", Phone: "0987000123",
		Password: apptest.Password, Password2: apptest.Password})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestAutomaticTransferAfterHours: a dossier received at 19:50 is
// transferred by the system at once, not the next morning; the next
// step's clock still starts with the next working session (07:30). While
// the transfer has not run, the dossier says why it waits and until when;
// after a failed attempt, when the system tries again.
func TestAutomaticTransferAfterHours(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	vn := calendar.Location()
	const justice = "000.00.04.H19"
	staffAt(t, env, account.RoleOfficer, justice, 21)
	staffAt(t, env, account.RoleLeader, justice, 22)
	clerk := env.Users[account.RoleClerk] // at the provincial centre
	env.PublishFlow(t, apptest.ProcProvince, 0, provinceFlow())
	svc := env.App.Dossiers
	u := registered(t, env, "019192000002", "Trần Thị Hoa")

	received := time.Date(2026, 12, 1, 19, 50, 0, 0, vn) // Tuesday evening
	env.Clock.Set(received)
	d := completeAt(t, svc, u, apptest.ProcProvince, "")
	sub, _, err := svc.Submit(ctx, u, d.PublicID, dossier.SubmitInput{Declaration: true})
	if err != nil {
		t.Fatal(err)
	}
	if w, err := svc.WaitOf(ctx, mustDossier(t, env, sub.Code)); err != nil || w.Waiting() {
		t.Fatalf("at a step people act on: wait %+v, %v", w, err)
	}
	if _, err := svc.Act(ctx, clerk, sub.Code, dossier.ActInput{Action: workflow.ActionReceive}); err != nil {
		t.Fatal(err)
	}
	// Before the worker comes round: the system is about to transfer it.
	got := mustDossier(t, env, sub.Code)
	w, err := svc.WaitOf(ctx, got)
	if err != nil || !w.Waiting() || !w.Due || w.Retry || w.StepName != "Chuyển Sở Tư pháp" || !w.At.Equal(received) {
		t.Fatalf("waiting for the transfer: %+v, %v", w, err)
	}
	page, err := svc.Queue(ctx, clerk, dossier.QueueFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if qw := page.Waits[got.ID]; !qw.Waiting() || !qw.At.Equal(received) {
		t.Errorf("the clerk's queue does not say the dossier waits for the system: %+v", page.Waits)
	}
	// A failed attempt: the wait says when it is tried again.
	jobs, err := env.App.DossierStore.PendingJobs(ctx, dossier.JobAuto, got.ID)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("pending automatic jobs: %+v, %v", jobs, err)
	}
	again := received.Add(30 * time.Second)
	if err := env.App.DossierStore.RetryJob(ctx, jobs[0].ID, again, "database away"); err != nil {
		t.Fatal(err)
	}
	if w, err := svc.WaitOf(ctx, got); err != nil || !w.Waiting() || w.Due || !w.Retry || !w.At.Equal(again) {
		t.Fatalf("after a failed attempt: %+v, %v", w, err)
	}
	// The worker comes round at once after that, still in the evening.
	env.Clock.Set(received.Add(time.Minute))
	if _, err := svc.RunJobs(ctx); err != nil {
		t.Fatal(err)
	}
	got = mustDossier(t, env, sub.Code)
	if got.Step != "tham-dinh" || got.Status != dossier.StatusProcessing {
		t.Fatalf("the evening after reception: at %s, status %d; want the transfer done", got.Step, got.Status)
	}
	// 12 working hours from Wednesday 07:30: Wednesday's 8, then Thursday
	// 07:30-11:30.
	if want := time.Date(2026, 12, 3, 11, 30, 0, 0, vn); !got.StepDueAt.Equal(want) {
		t.Errorf("appraisal due %v, want %v (the clock starts at 07:30 the next working day)", got.StepDueAt.In(vn), want)
	}
	if w, err := svc.WaitOf(ctx, got); err != nil || w.Waiting() {
		t.Errorf("after the transfer: wait %+v, %v", w, err)
	}
}
