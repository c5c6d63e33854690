package portal_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/workflow"
	"github.com/motcua/motcua/web/route"
)

// TestApplicantRatesAFinishedDossier: no rating before the result is
// returned; then the applicant's form, a missing choice refused beside
// the field with the comment kept, the rating saved once and shown to the
// applicant and the staff who handled it; nobody else rates it.
func TestApplicantRatesAFinishedDossier(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	citizen := env.Users[account.RoleCitizen]
	d := env.SubmitDossier(t, citizen, apptest.ProcCommune, communeDucXuan)
	owner := env.Client(t)
	owner.Login(citizen)
	page := string(route.Dossier(d.Code))
	rate := string(route.DossierRate(d.Code))
	if res := owner.Get(page); res.Doc.Find("form[action='"+rate+"']").Length() != 0 {
		t.Fatal("a rating form before any outcome")
	}
	if res := owner.Post(rate, url.Values{"score": {"4"}}); res.Status != http.StatusSeeOther {
		t.Errorf("early rating: %d", res.Status)
	}
	clerk := env.Staff(t, account.RoleClerk, centreDucXuan)
	officer := env.Staff(t, account.RoleOfficer, communeDucXuan)
	leader := env.Staff(t, account.RoleLeader, communeDucXuan)
	env.Act(t, d.Code, 0, apptest.Step{Who: clerk, Action: workflow.ActionReceive},
		apptest.Step{Who: officer, Action: workflow.ActionForward}, apptest.Step{Who: leader, Action: workflow.ActionApprove},
		apptest.Step{Who: clerk, Action: workflow.ActionDeliver})
	if _, err := env.App.DossierStore.RatingFor(ctx, d.ID); err == nil {
		t.Fatal("the early rating was saved")
	}

	res := owner.Get(page)
	if res.Doc.Find("form[action='"+rate+"'] input[name=score]").Length() != 4 {
		t.Fatalf("rating form: %d choices", res.Doc.Find("form[action='"+rate+"'] input[name=score]").Length())
	}
	res = owner.Post(rate, url.Values{"comment": {"Cán bộ hướng dẫn tận tình"}})
	if res.Status != http.StatusUnprocessableEntity || res.Text("#score-error") != "Chọn mức độ hài lòng" ||
		res.Doc.Find(".error-summary a[href='#score']").Length() != 1 || res.Doc.Find("#comment").Text() != "Cán bộ hướng dẫn tận tình" {
		t.Fatalf("no choice: %d %q", res.Status, res.Text("#score-error"))
	}
	other := env.Client(t)
	other.Login(env.Users[account.RoleBusiness])
	if res := other.Post(rate, url.Values{"score": {"1"}}); res.Status != http.StatusNotFound {
		t.Errorf("someone else rates: %d", res.Status)
	}
	if res := owner.Post(rate, url.Values{"score": {"3"}, "comment": {"Cán bộ hướng dẫn tận tình"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("rate: %d %q", res.Status, res.Text(".error-summary"))
	}
	res = owner.Get(page)
	if !strings.Contains(res.Text(".alert"), "Cảm ơn bạn đã đánh giá") || !strings.Contains(res.Text(".rating"), "Hài lòng") ||
		!strings.Contains(res.Text(".rating"), "Cán bộ hướng dẫn tận tình") || res.Doc.Find("form[action='"+rate+"']").Length() != 0 {
		t.Errorf("after rating: %q", res.Text(".rating"))
	}
	if res := owner.Post(rate, url.Values{"score": {"1"}}); res.Status != http.StatusSeeOther {
		t.Errorf("second rating: %d", res.Status)
	}
	if r, err := env.App.DossierStore.RatingFor(ctx, d.ID); err != nil || r.Score != 3 {
		t.Errorf("stored rating %+v, %v", r, err)
	}
	staff := env.Client(t)
	staff.Login(clerk)
	if res := staff.Get(page); !strings.Contains(res.Text(".rating"), "Hài lòng") {
		t.Errorf("the clerk does not see the rating: %q", res.Text(".rating"))
	}
	// The units that received and decided it count it on their dashboards;
	// another commune does not.
	for _, tc := range []struct {
		u    account.User
		want string
	}{{clerk, "Trên 1 đánh giá: 0 rất hài lòng, 1 hài lòng, 0 bình thường, 0 không hài lòng."},
		{leader, "Trên 1 đánh giá:"},
		{env.Staff(t, account.RoleOfficer, "002.00.50.H19"), "Chưa có đánh giá"}} {
		c := env.Client(t)
		c.Login(tc.u)
		if main := c.Get(route.PathOffice).Text("main"); !strings.Contains(main, tc.want) {
			t.Errorf("dashboard of unit %d lacks %q:\n%s", tc.u.UnitID, tc.want, main)
		}
	}
	c := env.Client(t)
	c.Login(clerk)
	if main := c.Get(route.PathOffice).Text("main"); !strings.Contains(main, "100 %") {
		t.Errorf("the share satisfied is not 100 %%:\n%s", main)
	}
}
