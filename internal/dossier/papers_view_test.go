package dossier_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/internal/workflow"
)

// TestWhoSeesWhichPaper: the applicant sees what was issued to them but
// not the control slip; staff handling the dossier see everything; anyone
// else nothing. Documents being issued are counted for those who will
// see them.
func TestWhoSeesWhichPaper(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	env.Clock.Set(time.Date(2026, 11, 30, 8, 0, 0, 0, calendar.Location()))
	ctx := context.Background()
	svc := env.App.Dossiers
	who := staff(t, env)
	citizen := env.Users[account.RoleCitizen]
	d := newDossier(t, env, citizen)
	pending := func(u account.User) int {
		t.Helper()
		n, err := svc.PendingPapers(ctx, u, d)
		if err != nil {
			t.Fatal(err)
		}
		return n.Pending
	}
	for _, a := range []struct {
		u account.User
		a workflow.Action
	}{{who.clerk, workflow.ActionReceive}, {who.officer, workflow.ActionForward}, {who.leader, workflow.ActionApprove},
		{who.clerk, workflow.ActionDeliver}} {
		env.Clock.Add(10 * time.Minute)
		var err error
		if d, err = svc.Act(ctx, a.u, d.Code, dossier.ActInput{Action: a.a}); err != nil {
			t.Fatalf("%s: %v", a.a, err)
		}
	}
	// Receipt, result and control slip are queued: the applicant waits
	// for two of them, the clerk for three.
	if got := pending(citizen); got != 2 {
		t.Errorf("applicant waits for %d documents, want 2", got)
	}
	if got := pending(who.clerk); got != 3 {
		t.Errorf("clerk waits for %d documents, want 3", got)
	}
	if _, err := svc.PendingPapers(ctx, who.other, d); !errors.Is(err, dossier.ErrNotFound) {
		t.Errorf("another commune's officer: %v", err)
	}
	// A failed attempt: staff are told why and when the worker tries
	// again; the applicant only that the documents are coming.
	jobs, err := env.App.DossierStore.PendingJobs(ctx, dossier.JobDocument, d.ID)
	if err != nil || len(jobs) != 3 {
		t.Fatalf("document jobs: %d %v", len(jobs), err)
	}
	again := env.Clock.Now()
	if err := env.App.DossierStore.RetryJob(ctx, jobs[0].ID, again, "pdfgen: không đọc được phông chữ"); err != nil {
		t.Fatal(err)
	}
	if got, _ := svc.PendingPapers(ctx, who.clerk, d); got.Pending != 3 || got.Failing != 1 ||
		got.LastError != "pdfgen: không đọc được phông chữ" || !got.NextTry.Equal(again) {
		t.Errorf("clerk after a failure: %+v", got)
	}
	if got, _ := svc.PendingPapers(ctx, citizen, d); got.LastError != "" || !got.NextTry.IsZero() {
		t.Errorf("the applicant is shown the failure: %+v", got)
	}
	docs, _ := issued(t, env, d)
	if got := pending(who.clerk); got != 0 || len(docs) != 3 {
		t.Fatalf("after the worker: %d pending, %d issued", got, len(docs))
	}
	business := env.Users[account.RoleBusiness]
	for _, doc := range docs {
		for _, tc := range []struct {
			name string
			u    account.User
			sees bool
		}{
			{"applicant", citizen, doc.Kind != document.KindControlSlip},
			{"clerk", who.clerk, true},
			{"leader", who.leader, true},
			{"another commune's officer", who.other, false},
			{"another applicant", business, false},
			{"nobody", account.User{}, false},
		} {
			got, err := svc.PaperDossier(ctx, tc.u, doc.DossierID, doc.Kind)
			if tc.sees && (err != nil || got.ID != d.ID) {
				t.Errorf("%s, %s: %v", doc.Kind, tc.name, err)
			}
			if !tc.sees && !errors.Is(err, dossier.ErrNotFound) {
				t.Errorf("%s, %s: %v, want not found", doc.Kind, tc.name, err)
			}
			if dossier.ShowsPaper(tc.u, d, doc.Kind) != tc.sees {
				t.Errorf("ShowsPaper(%s, %s) = %v", tc.name, doc.Kind, !tc.sees)
			}
		}
	}
}

// TestRevokeResult: only a leader of the unit that issued a result
// revokes it, with a reason; the revocation shows on the applicant's
// timeline and the applicant is told.
func TestRevokeResult(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	env.Clock.Set(time.Date(2026, 11, 30, 8, 0, 0, 0, calendar.Location()))
	ctx := context.Background()
	svc := env.App.Dossiers
	who := staff(t, env)
	citizen := env.Users[account.RoleCitizen]
	d := newDossier(t, env, citizen)
	for _, a := range []struct {
		u account.User
		a workflow.Action
	}{{who.clerk, workflow.ActionReceive}, {who.officer, workflow.ActionForward}, {who.leader, workflow.ActionApprove}} {
		env.Clock.Add(10 * time.Minute)
		var err error
		if d, err = svc.Act(ctx, a.u, d.Code, dossier.ActInput{Action: a.a}); err != nil {
			t.Fatalf("%s: %v", a.a, err)
		}
	}
	docs, _ := issued(t, env, d)
	res, receipt := ofKind(docs, document.KindResult)[0], ofKind(docs, document.KindReceipt)[0]
	if !dossier.CanRevoke(who.leader, res) || dossier.CanRevoke(who.officer, res) || dossier.CanRevoke(who.leader, receipt) {
		t.Error("CanRevoke disagrees with the rule")
	}
	centreLeader := staffAt(t, env, account.RoleLeader, centreDucXuan, 5) // sees the dossier, did not issue it
	otherLeader := staffAt(t, env, account.RoleLeader, "002.00.50.H19", 6)
	for _, tc := range []struct {
		name string
		u    account.User
		id   string
		want error
	}{
		{"officer of the issuing unit", who.officer, res.PublicID, dossier.ErrNotAllowed},
		{"leader of the receiving centre", centreLeader, res.PublicID, dossier.ErrNotAllowed},
		{"leader of another commune", otherLeader, res.PublicID, dossier.ErrNotFound},
		{"the applicant", citizen, res.PublicID, dossier.ErrNotAllowed},
		{"a receipt", who.leader, receipt.PublicID, dossier.ErrNotAllowed},
		{"an unknown document", who.leader, "0123456789abcdef0123456789abcdef", dossier.ErrNotFound},
	} {
		if _, err := svc.RevokeResult(ctx, tc.u, tc.id, "Cấp nhầm"); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	var errs valid.Errors
	if _, err := svc.RevokeResult(ctx, who.leader, res.PublicID, "  "); !errors.As(err, &errs) || !errs.Has("reason") {
		t.Errorf("without a reason: %v", err)
	}
	if _, err := svc.RevokeResult(ctx, who.leader, res.PublicID, strings.Repeat("x", dossier.MaxRevokeReason+1)); !errors.As(err, &errs) {
		t.Errorf("a reason too long: %v", err)
	}
	if got, _ := env.App.Documents.Get(ctx, res.PublicID); got.Revoked() {
		t.Fatal("revoked by a refused attempt")
	}

	env.Clock.Add(time.Hour)
	out, err := svc.RevokeResult(ctx, who.leader, res.PublicID, " Cấp nhầm thông tin người được cấp ")
	if err != nil {
		t.Fatal(err)
	}
	if !out.Revoked() || out.RevokedBy != who.leader.ID || out.RevokeReason != "Cấp nhầm thông tin người được cấp" ||
		!out.RevokedAt.Equal(env.Clock.Now()) {
		t.Errorf("revoked: %+v", out)
	}
	if v, err := env.App.Documents.Verify(ctx, res.VerifyCode); err != nil || v.Valid() {
		t.Errorf("verification after revocation: %+v, %v", v, err)
	}
	if _, err := svc.RevokeResult(ctx, who.leader, res.PublicID, "Lần nữa"); !errors.Is(err, document.ErrRevoked) {
		t.Errorf("revoked twice: %v", err)
	}
	_, events, err := svc.LookupAs(ctx, citizen, d.Code)
	if err != nil {
		t.Fatal(err)
	}
	if last := events[len(events)-1]; last.Action != "revoke" || last.Note != "Cấp nhầm thông tin người được cấp" {
		t.Errorf("the applicant's timeline ends with %+v", last)
	}
	// The applicant is told, in the inbox and by e-mail.
	if _, err := env.App.Notify.Expand(ctx); err != nil {
		t.Fatal(err)
	}
	ds, err := env.App.Notify.DossierDeliveries(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	told := map[string]bool{}
	for _, x := range ds {
		if strings.Contains(x.Subject, "đã bị thu hồi") && strings.Contains(x.Body, "Cấp nhầm thông tin người được cấp") {
			told[string(x.Channel)] = true
		}
	}
	if !told["inbox"] || !told["email"] {
		t.Errorf("revocation notices by channel: %v", told)
	}
}
