package journey

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/workflow"
	"github.com/motcua/motcua/web/route"
)

// TestDossierDocumentsSection: the documents of a dossier that went the
// whole way, as the citizen sees them (the receipt and the result with its
// verification code; not the control slip) and as the leader who may
// revoke the result sees them: the form unfolds under its summary and,
// sent without a reason from a browser without JavaScript, comes back
// with the message beside the field. axe checks each state.
func TestDossierDocumentsSection(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	env.Clock.Set(time.Date(2026, 12, 1, 8, 0, 0, 0, calendar.Location()))
	me := env.Users[account.RoleCitizen]
	d := env.SubmitDossier(t, me, apptest.ProcCommune, communeDucXuan)
	clerk := newStaff(t, env, account.RoleClerk, centreDucXuan, "Nguyễn Văn Tiếp", "0987000301")
	officer := newStaff(t, env, account.RoleOfficer, communeDucXuan, "Lê Thị Thẩm", "0987000302")
	leader := newStaff(t, env, account.RoleLeader, communeDucXuan, "Trần Văn Duyệt", "0987000303")
	for _, s := range []struct {
		u account.User
		a workflow.Action
	}{{clerk, workflow.ActionReceive}, {officer, workflow.ActionForward}, {leader, workflow.ActionApprove}, {clerk, workflow.ActionDeliver}} {
		env.Clock.Add(15 * time.Minute)
		if _, err := env.App.Dossiers.Act(ctx, s.u, d.Code, dossier.ActInput{Action: s.a}); err != nil {
			t.Fatalf("%s: %v", s.a, err)
		}
	}
	if _, err := env.App.Dossiers.RunJobs(ctx); err != nil {
		t.Fatal(err)
	}
	page := env.URL + string(route.Dossier(d.Code))

	citizen := browsertest.Open(t, env.URL+route.PathHome)
	signInAs(t, citizen, me.PersonalID, me.FullName)
	citizen.Navigate(page)
	docs := citizen.Table("Văn bản, giấy tờ")
	if len(docs.Rows) != 2 || !strings.HasPrefix(docs.Rows[0][0], "Giấy tiếp nhận hồ sơ") ||
		!strings.Contains(docs.Rows[1][0], "Mã xác thực:") {
		t.Errorf("the citizen's documents: %q", docs.Rows)
	}
	if got, ok := docs.Cell(docs.Rows[1][0], "Tình trạng"); !ok || got != "Còn hiệu lực" {
		t.Errorf("the result's status %q (found: %v)", got, ok)
	}
	citizen.CheckA11y()

	l := browsertest.Open(t, env.URL+route.PathHome)
	signInAs(t, l, leader.Email, leader.FullName)
	l.DisableScripts(true)
	l.Navigate(page)
	if got := len(l.Table("Văn bản, giấy tờ").Rows); got != 3 {
		t.Errorf("the leader sees %d documents, want 3 (with the control slip)", got)
	}
	l.Click("details.revoke summary")
	l.CheckA11y()
	l.ClickNav("details.revoke button[type=submit]")
	wantText(t, l, ".error-summary a", "Nhập lý do thu hồi")
	if got := l.Text("details.revoke[open] .error-message"); !strings.HasSuffix(got, "Nhập lý do thu hồi") {
		t.Errorf("beside the field: %q", got)
	}
	l.CheckA11y()
}
