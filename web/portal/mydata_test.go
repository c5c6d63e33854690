package portal_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/web/route"
)

// TestDownloadPersonalData: the account page offers the download; the
// file is a private attachment holding the account, the channels, the
// person's own dossiers with answers, files and timeline, and their
// messages, and nothing of anyone else's; staff get their account only.
func TestDownloadPersonalData(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	u := env.Users[account.RoleCitizen]
	mine := env.SubmitDossier(t, u, apptest.ProcProvince, "")
	if _, err := env.App.Notify.Expand(ctx); err != nil {
		t.Fatal(err)
	}
	c := env.Client(t)
	c.Login(u)
	if page := c.Get(route.PathAccount); page.Doc.Find("main a[href='"+route.PathAccountData+"']").Length() != 1 {
		t.Fatal("the account page does not offer the download")
	}
	res := c.Get(route.PathAccountData)
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") ||
		res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("download: %d %v", res.Status, res.Header)
	}
	var data struct {
		Account struct {
			Email      string `json:"email"`
			PersonalID string `json:"personal_id"`
		} `json:"account"`
		Channels map[string]bool `json:"notification_channels"`
		Dossiers []struct {
			Code    string                     `json:"code"`
			Answers map[string]json.RawMessage `json:"answers"`
			Files   []struct {
				SHA256 string `json:"sha256"`
			} `json:"files"`
			Timeline []struct {
				Action string `json:"action"`
			} `json:"timeline"`
		} `json:"dossiers"`
		Messages []struct {
			Subject string `json:"subject"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(res.Body, &data); err != nil {
		t.Fatalf("%v\n%s", err, res.Body)
	}
	if data.Account.Email != u.Email || data.Account.PersonalID != u.PersonalID || !data.Channels["email"] {
		t.Errorf("account: %+v %v", data.Account, data.Channels)
	}
	if len(data.Dossiers) != 1 || data.Dossiers[0].Code != mine.Code || len(data.Dossiers[0].Answers) == 0 ||
		len(data.Dossiers[0].Files) != 1 || len(data.Dossiers[0].Files[0].SHA256) != 64 || len(data.Dossiers[0].Timeline) == 0 {
		t.Errorf("dossiers: %+v", data.Dossiers)
	}
	if !strings.Contains(string(data.Dossiers[0].Answers["ho_ten"]), u.FullName) {
		t.Errorf("answers: %s", data.Dossiers[0].Answers["ho_ten"])
	}
	if len(data.Messages) != 1 || !strings.Contains(data.Messages[0].Subject, mine.Code) {
		t.Errorf("messages: %+v", data.Messages)
	}

	staff := env.Client(t)
	staff.Login(env.Users[account.RoleClerk])
	res = staff.Get(route.PathAccountData)
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"dossiers": []`) ||
		strings.Contains(string(res.Body), mine.Code) {
		t.Errorf("staff data: %d %s", res.Status, res.Body)
	}
}
