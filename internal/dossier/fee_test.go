package dossier_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/workflow"
)

// TestFeeRequestOf: a dossier asked to pay says how much and why, the
// procedure's fee lines for its channel, and how to pay: the details of
// the unit that asked, else of the centre that received it, else none
// (the page then says whom to ask).
func TestFeeRequestOf(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	env.Clock.Set(time.Date(2026, 12, 1, 8, 0, 0, 0, calendar.Location()))
	ctx := context.Background()
	svc := env.App.Dossiers
	who := staff(t, env)
	d := newDossier(t, env, env.Users[account.RoleCitizen])
	if _, err := svc.FeeRequestOf(ctx, d); !errors.Is(err, dossier.ErrNotFound) {
		t.Fatalf("a new dossier's fee request: %v, want ErrNotFound", err)
	}
	env.Act(t, d.Code, time.Minute, apptest.Step{Who: who.clerk, Action: workflow.ActionReceive})
	if _, err := svc.Act(ctx, who.officer, d.Code, dossier.ActInput{Action: workflow.ActionPayment, Amount: 75000,
		Note: "Lệ phí cấp giấy xác nhận"}); err != nil {
		t.Fatal(err)
	}
	d = mustDossier(t, env, d.Code)
	unit := func(code string) org.Unit {
		t.Helper()
		u, err := env.App.Units.GetByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	centre, commune := unit(centreDucXuan), unit(communeDucXuan)

	fr, err := svc.FeeRequestOf(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if fr.Amount != 75000 || fr.Note != "Lệ phí cấp giấy xác nhận" || len(fr.Lines) != 1 ||
		fr.Lines[0] != (catalog.Fee{Kind: catalog.KindLePhi, Amount: 10000, Description: "Nộp trực tuyến"}) {
		t.Errorf("fee request %+v", fr)
	}
	if !fr.Payment.IsZero() || fr.Payee.ID != centre.ID {
		t.Errorf("no details anywhere: payee %s, payment %+v; want the receiving centre, none", fr.Payee.Code, fr.Payment)
	}
	save := func(u org.Unit, number string) {
		t.Helper()
		if _, err := org.SavePayment(ctx, env.App.Units, env.Users[account.RoleAdmin].ID, u.ID, org.Payment{AccountHolder: u.Name,
			Bank: "Kho bạc", AccountNumber: number, TransferNote: "HS {code}"}, env.Clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	save(centre, "1111111")
	if fr, _ = svc.FeeRequestOf(ctx, d); fr.Payee.ID != centre.ID || fr.Payment.AccountNumber != "1111111" ||
		fr.Transfer != "HS "+d.Code {
		t.Errorf("the centre's details: payee %s, %+v, transfer %q", fr.Payee.Code, fr.Payment, fr.Transfer)
	}
	save(commune, "2222222")
	if fr, _ = svc.FeeRequestOf(ctx, d); fr.Payee.ID != commune.ID || fr.Payment.AccountNumber != "2222222" {
		t.Errorf("the asking unit's details come first: payee %s, %+v", fr.Payee.Code, fr.Payment)
	}
}
