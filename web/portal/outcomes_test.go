package portal_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/workflow"
	"github.com/motcua/motcua/web/route"
)

// TestProcedurePageTellsHowDossiersFared: a procedure's page says how
// many dossiers were decided over the last year, the share on time, and
// the share satisfied, once there are enough of each to mean something
// (dossier.MinShown), refreshed within ten minutes.
func TestProcedurePageTellsHowDossiersFared(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	env.Clock.Set(time.Date(2026, 12, 1, 8, 0, 0, 0, calendar.Location()))
	ctx := context.Background()
	citizen := env.Users[account.RoleCitizen]
	clerk := env.Staff(t, account.RoleClerk, centreDucXuan)
	officer := env.Staff(t, account.RoleOfficer, communeDucXuan)
	leader := env.Staff(t, account.RoleLeader, communeDucXuan)
	page := string(route.Procedure(apptest.ProcCommune, 0))
	anon := env.Client(t)
	finish := func(score dossier.Score) {
		t.Helper()
		d := env.SubmitDossier(t, citizen, apptest.ProcCommune, communeDucXuan)
		env.Act(t, d.Code, 10*time.Minute, apptest.Step{Who: clerk, Action: workflow.ActionReceive},
			apptest.Step{Who: officer, Action: workflow.ActionForward}, apptest.Step{Who: leader, Action: workflow.ActionApprove},
			apptest.Step{Who: clerk, Action: workflow.ActionDeliver})
		if _, err := env.App.Dossiers.Rate(ctx, citizen, d.Code, score, ""); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []dossier.Score{4, 4, 3, 1} {
		finish(s)
	}
	if main := anon.Get(page).Text("main"); strings.Contains(main, "Kết quả 12 tháng qua") || strings.Contains(main, "Mức độ hài lòng") {
		t.Errorf("figures shown for 4 dossiers:\n%s", main)
	}
	finish(2)
	env.Clock.Add(11 * time.Minute) // past the figures' reuse
	main := anon.Get(page).Text("main")
	for _, want := range []string{"5 hồ sơ đã giải quyết, 100% đúng hạn hoặc trước hạn", "60% hài lòng trên 5 đánh giá"} {
		if !strings.Contains(main, want) {
			t.Errorf("the procedure page lacks %q:\n%s", want, main)
		}
	}
}
