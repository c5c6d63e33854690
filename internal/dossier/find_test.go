package dossier_test

import (
	"context"
	"errors"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/dossier"
)

// TestFindIsForHandlingStaff: applicants and administrators cannot search;
// a clerk of the receiving centre finds the dossier by code and by the
// applicant's personal ID, another commune's clerk finds nothing.
func TestFindIsForHandlingStaff(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	citizen := env.Users[account.RoleCitizen]
	d := newDossier(t, env, citizen)
	svc := env.App.Dossiers
	for _, u := range []account.User{citizen, env.Users[account.RoleAdmin]} {
		if _, err := svc.Find(ctx, u, d.Code); !errors.Is(err, dossier.ErrForbidden) {
			t.Errorf("%s searches: %v", u.Role, err)
		}
	}
	clerk := staffAt(t, env, account.RoleClerk, centreDucXuan, 1)
	for _, q := range []string{d.Code, citizen.PersonalID} {
		if got, err := svc.Find(ctx, clerk, q); err != nil || len(got) != 1 || got[0].Code != d.Code {
			t.Errorf("clerk finds %q: %v %v", q, got, err)
		}
	}
	other := staffAt(t, env, account.RoleClerk, "002.01.50.H19", 2)
	for _, q := range []string{d.Code, citizen.PersonalID} {
		if got, err := svc.Find(ctx, other, q); err != nil || len(got) != 0 {
			t.Errorf("another centre finds %q: %v %v", q, got, err)
		}
	}
}
