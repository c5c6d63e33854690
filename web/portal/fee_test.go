package portal_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/workflow"
	"github.com/motcua/motcua/web/route"
)

// TestFeeSection: a dossier asked to pay shows its applicant and the
// staff the amount, the officer's words, the procedure's fee lines and how
// to pay; a unit that set no details is named as the one to ask; once the
// payment is confirmed the section is gone.
func TestFeeSection(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	env.Clock.Set(time.Date(2026, 12, 1, 8, 0, 0, 0, calendar.Location()))
	ctx := context.Background()
	citizen := env.Users[account.RoleCitizen]
	clerk := env.Staff(t, account.RoleClerk, centreDucXuan)
	officer := env.Staff(t, account.RoleOfficer, communeDucXuan)
	d := env.SubmitDossier(t, citizen, apptest.ProcCommune, communeDucXuan)
	env.Act(t, d.Code, time.Minute, apptest.Step{Who: clerk, Action: workflow.ActionReceive})
	if _, err := env.App.Dossiers.Act(ctx, officer, d.Code, dossier.ActInput{Action: workflow.ActionPayment, Amount: 75000,
		Note: "Lệ phí cấp giấy xác nhận"}); err != nil {
		t.Fatal(err)
	}
	owner := env.Client(t)
	owner.Login(citizen)
	res := owner.Get(string(route.Dossier(d.Code)))
	fee := res.Text(".fee")
	for _, want := range []string{"75.000 đồng", "Lệ phí cấp giấy xác nhận", "Lệ phí: 10.000 đồng (Nộp trực tuyến)",
		"Đơn vị chưa công bố cách nộp phí. Liên hệ Trung tâm Phục vụ hành chính công Phường Đức Xuân"} {
		if !strings.Contains(fee, want) {
			t.Errorf("without details, the fee section lacks %q:\n%s", want, fee)
		}
	}
	centre, err := env.App.Units.GetByCode(ctx, centreDucXuan)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := org.SavePayment(ctx, env.App.Units, 0, centre.ID, org.Payment{AccountHolder: "UBND Phường Đức Xuân",
		Bank: "Kho bạc", AccountNumber: "3511000015050", TransferNote: "{code} nop phi", CounterAddress: "Quầy 3",
		CounterHours: "07:30-17:00"}, env.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	staff := env.Client(t)
	staff.Login(officer)
	for who, c := range map[string]*apptest.Client{"applicant": owner, "officer": staff} {
		res := c.Get(string(route.Dossier(d.Code)))
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d", who, res.Status)
		}
		fee := res.Text(".fee")
		for _, want := range []string{"75.000 đồng", "3511000015050", d.Code + " nop phi", "Quầy 3", "07:30-17:00"} {
			if !strings.Contains(fee, want) {
				t.Errorf("%s's fee section lacks %q:\n%s", who, want, fee)
			}
		}
	}
	env.Clock.Add(time.Hour) // the applicant pays
	if res := staff.Post(string(route.DossierPaid(d.Code)), nil); res.Status != http.StatusSeeOther {
		t.Fatalf("confirm paid: %d", res.Status)
	}
	if res := owner.Get(string(route.Dossier(d.Code))); res.Doc.Find(".fee").Length() != 0 {
		t.Error("the fee section stays after the payment was confirmed")
	}
}
