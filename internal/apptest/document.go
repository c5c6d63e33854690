package apptest

import (
	"context"
	"io"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/workflow"
)

// Units of the commune test procedure's default process: Phường Đức Xuân
// decides, its service centre receives.
const (
	communeDucXuan = "001.00.50.H19"
	centreDucXuan  = "001.01.50.H19"
)

// IssueResult walks a dossier of the commune test procedure, submitted by
// applicant, to approval (a clerk receives, an officer forwards, a leader
// approves; each created for the purpose) and runs the worker, which
// issues the result. It returns the result and the dossier. Call
// OpenProcedures first; set the Clock for stable dates.
func (e *Env) IssueResult(t testing.TB, applicant account.User) (document.Issued, dossier.Dossier) {
	t.Helper()
	ctx := context.Background()
	d := e.SubmitDossier(t, applicant, ProcCommune, communeDucXuan)
	for _, step := range []struct {
		role   account.Role
		unit   string
		action workflow.Action
	}{
		{account.RoleClerk, centreDucXuan, workflow.ActionReceive},
		{account.RoleOfficer, communeDucXuan, workflow.ActionForward},
		{account.RoleLeader, communeDucXuan, workflow.ActionApprove},
	} {
		var err error
		if d, err = e.App.Dossiers.Act(ctx, e.Staff(t, step.role, step.unit), d.Code, dossier.ActInput{Action: step.action}); err != nil {
			t.Fatalf("%s: %v", step.action, err)
		}
	}
	if _, err := e.App.Dossiers.RunJobs(ctx); err != nil {
		t.Fatal(err)
	}
	docs, err := e.App.Documents.ForDossier(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range docs {
		if doc.Kind == document.KindResult {
			return doc, d
		}
	}
	t.Fatalf("no result issued on %s: %+v", d.Code, docs)
	return document.Issued{}, d
}

// ReissueResult issues a corrected result on the dossier of result r,
// which replaces it, and returns the new one.
func (e *Env) ReissueResult(t testing.TB, r document.Issued) document.Issued {
	t.Helper()
	ctx := context.Background()
	unit, err := e.App.Units.Get(ctx, r.UnitID)
	if err != nil {
		t.Fatal(err)
	}
	doc := document.Result{Header: document.Header{Unit: unit.Name, Place: "Đức Xuân", Date: e.Clock.Now()},
		Title: r.Title, Applicant: document.Party{Name: "Người nhận kết quả"}, Signer: document.Signer{Title: "CHỦ TỊCH"}}
	out, err := e.App.Documents.Issue(ctx, document.IssueInput{DossierID: r.DossierID, UnitID: r.UnitID,
		Source: "reissue-of-" + r.PublicID, Doc: doc, Symbol: "KQ"})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// DocumentBytes reads an issued document's file.
func (e *Env) DocumentBytes(t testing.TB, d document.Issued) []byte {
	t.Helper()
	f, err := e.App.Documents.Open(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
