package portal_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/web/route"
)

// TestStaffCannotProbeOtherUnitsCodes: confirming a payment, proposing an
// apology and approving one answer staff of another unit exactly as they
// answer a code that does not exist (404, the same page), so the actions
// cannot tell anyone which codes are real.
func TestStaffCannotProbeOtherUnitsCodes(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	// Received at Phường Đức Xuân's centre and decided by its People's
	// Committee; the environment's staff work at the province's units.
	realCode := env.SubmitDossier(t, env.Users[account.RoleCitizen], apptest.ProcCommune, communeDucXuan).Code
	const unknown = "001.01.50.H19-991231-9999"
	for _, tc := range []struct {
		name string
		role account.Role
		path func(string) string
		form url.Values
	}{
		{"paid", account.RoleClerk, func(c string) string { return string(route.DossierPaid(c)) }, url.Values{"note": {"Đã thu"}}},
		{"apology", account.RoleOfficer, func(c string) string { return string(route.DossierApology(c)) },
			url.Values{"reason": {"Cần thêm thời gian"}, "new_due": {"30/12/2099"}}},
		{"approve apology", account.RoleLeader, func(c string) string { return string(route.DossierApproveApology(c)) }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// One client each, so that nothing one answer leaves behind (a
			// flash) shows on the other.
			want := login(env, tc.role).Post(tc.path(unknown), tc.form)
			got := login(env, tc.role).Post(tc.path(realCode), tc.form)
			if want.Status != http.StatusNotFound {
				t.Fatalf("unknown code: %d, want 404", want.Status)
			}
			if got.Status != want.Status || got.Location != want.Location {
				t.Errorf("another unit's real code: %d %q; unknown code: %d %q", got.Status, got.Location, want.Status, want.Location)
			}
			// The pages differ only by the request's reference number.
			ref := regexp.MustCompile(`[0-9a-f]{24}`)
			if g, w := ref.ReplaceAllString(got.Text("main"), "…"), ref.ReplaceAllString(want.Text("main"), "…"); g != w {
				t.Errorf("another unit's real code reads %q, an unknown one %q", g, w)
			}
		})
	}
}
