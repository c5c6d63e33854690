package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/sms/smstest"
	"github.com/motcua/motcua/internal/workflow"
)

// TestSMSGateway: a person who chose SMS gets it through the gateway, in
// the configured body.
func TestSMSGateway(t *testing.T) {
	gw := smstest.Start(t)
	env := apptest.New(t, func(c *config.Config) {
		c.SMSURL, c.SMSUsername, c.SMSPassword = gw.URL, "motcua", "bi-mat"
	})
	env.OpenProcedures(t)
	ctx := context.Background()
	citizen := env.Users[account.RoleCitizen]
	if err := env.App.Notify.SavePrefs(ctx, citizen.ID, notify.Prefs{Email: false, SMS: true}); err != nil {
		t.Fatal(err)
	}
	d := env.SubmitDossier(t, citizen, apptest.ProcProvince, "")
	if _, err := env.App.Notify.Expand(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Notify.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	var got []map[string]string
	var auth string
	for _, r := range gw.Requests() {
		var m map[string]string
		_ = json.Unmarshal([]byte(r.Body), &m)
		got, auth = append(got, m), r.Authorization
	}
	if len(got) != 1 || got[0]["to"] != citizen.Phone || !strings.Contains(got[0]["message"], d.Code) || auth == "" {
		t.Fatalf("gateway got %v (auth %q)", got, auth)
	}
	ds, _ := env.App.Notify.DossierDeliveries(ctx, d.ID)
	for _, x := range ds {
		if x.Channel == notify.Email {
			t.Error("an e-mail went out although the person chose SMS only")
		}
	}
}

// TestNotificationsInTheReadersLanguage: a person who chose English is
// told in English, dates written the English way; where no English
// template exists they get the Vietnamese one; in Vietnamese otherwise.
func TestNotificationsInTheReadersLanguage(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	citizen := env.Users[account.RoleCitizen]
	if err := env.App.Accounts.SetLocale(ctx, citizen.ID, "en"); err != nil {
		t.Fatal(err)
	}
	inbox := func(u account.User, dossierID int64, subjectPrefix string) notify.Delivery {
		t.Helper()
		if _, err := env.App.Notify.Expand(ctx); err != nil {
			t.Fatal(err)
		}
		ds, err := env.App.Notify.DossierDeliveries(ctx, dossierID)
		if err != nil {
			t.Fatal(err)
		}
		for i := len(ds) - 1; i >= 0; i-- {
			if ds[i].Channel == notify.Inbox && ds[i].UserID == u.ID && strings.HasPrefix(ds[i].Subject, subjectPrefix) {
				return ds[i]
			}
		}
		t.Fatalf("no inbox message starting %q among %+v", subjectPrefix, ds)
		return notify.Delivery{}
	}
	d := env.SubmitDossier(t, citizen, apptest.ProcProvince, "")
	if got := inbox(citizen, d.ID, "Dossier "); got.Subject != "Dossier "+d.Code+" submitted" {
		t.Errorf("English reader: %q", got.Subject)
	}
	// Back in Vietnamese, the next dossier is told in Vietnamese.
	if err := env.App.Accounts.SetLocale(ctx, citizen.ID, "vi"); err != nil {
		t.Fatal(err)
	}
	other := env.SubmitDossier(t, citizen, apptest.ProcProvince, "")
	if got := inbox(citizen, other.ID, "Đã nộp"); got.Subject != "Đã nộp hồ sơ "+other.Code {
		t.Errorf("Vietnamese reader: %q", got.Subject)
	}
	if err := env.App.Accounts.SetLocale(ctx, citizen.ID, "en"); err != nil {
		t.Fatal(err)
	}

	// Received: the due date in English. Without an English inbox
	// template, the Vietnamese one is sent.
	clerk := env.Users[account.RoleClerk]
	if _, err := env.App.Dossiers.Act(ctx, clerk, d.Code, dossier.ActInput{Action: workflow.ActionReceive}); err != nil {
		t.Fatal(err)
	}
	got, err := env.App.DossierStore.Dossier(ctx, d.Code, false)
	if err != nil {
		t.Fatal(err)
	}
	msg := inbox(citizen, d.ID, "Dossier "+d.Code+" accepted")
	if due := env.App.Messages.Printer(i18n.EN).DateTime(got.DueAt); !strings.Contains(msg.Body, "due by "+due) {
		t.Errorf("English body %q lacks the due date %q", msg.Body, due)
	}
	if _, err := env.App.DB.SQL().ExecContext(ctx,
		"DELETE FROM notification_templates WHERE event = 'receive' AND channel = 'inbox' AND lang = 'en'"); err != nil {
		t.Fatal(err)
	}
	second := env.SubmitDossier(t, citizen, apptest.ProcProvince, "")
	if _, err := env.App.Dossiers.Act(ctx, clerk, second.Code, dossier.ActInput{Action: workflow.ActionReceive}); err != nil {
		t.Fatal(err)
	}
	if got := inbox(citizen, second.ID, "Hồ sơ"); got.Subject != "Hồ sơ "+second.Code+" đã được tiếp nhận" {
		t.Errorf("fallback to Vietnamese: %q", got.Subject)
	}
}
