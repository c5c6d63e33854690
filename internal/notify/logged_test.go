package notify_test

import (
	"context"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/mailer/smtptest"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/sms/smstest"
)

// TestDeliveriesRecordWhetherTheyLeft: without SMTP_ADDR and
// SMS_GATEWAY_URL the e-mail and the SMS are only written to the log, and
// their deliveries say so (logged, not sent); with a real SMTP server and
// an SMS gateway the same deliveries are sent. The in-app message is
// always delivered.
func TestDeliveriesRecordWhetherTheyLeft(t *testing.T) {
	statuses := func(t *testing.T, env *apptest.Env) map[notify.Channel]notify.Status {
		t.Helper()
		ctx := context.Background()
		citizen := env.Users[account.RoleCitizen]
		if err := env.App.Notify.SavePrefs(ctx, citizen.ID, notify.Prefs{Email: true, SMS: true}); err != nil {
			t.Fatal(err)
		}
		d := submit(t, env, citizen)
		if _, sent := run(t, env); sent != 3 {
			t.Errorf("Deliver reported %d done, want 3", sent)
		}
		ds, err := env.App.Notify.DossierDeliveries(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		out := map[notify.Channel]notify.Status{}
		for _, x := range ds {
			out[x.Channel] = x.Status
			if x.SentAt.IsZero() || x.Attempts != 1 {
				t.Errorf("%s delivery: handled at %v after %d attempts", x.Channel, x.SentAt, x.Attempts)
			}
		}
		return out
	}

	t.Run("no gateway", func(t *testing.T) {
		env := apptest.New(t)
		env.OpenProcedures(t)
		got := statuses(t, env)
		want := map[notify.Channel]notify.Status{notify.Inbox: notify.Sent, notify.Email: notify.Logged, notify.SMS: notify.Logged}
		for ch, st := range want {
			if got[ch] != st {
				t.Errorf("%s delivery: %q, want %q", ch, got[ch], st)
			}
		}
		if !strings.Contains(env.Logs(), "notification logged, not sent") {
			t.Error("the log does not say the messages were only logged")
		}
	})

	t.Run("real gateways", func(t *testing.T) {
		mail := smtptest.Start(t)
		gw := smstest.Start(t)
		env := apptest.New(t, func(c *config.Config) { c.SMTPAddr, c.SMSURL = mail.Addr, gw.URL })
		env.OpenProcedures(t)
		got := statuses(t, env)
		for _, ch := range notify.Channels {
			if got[ch] != notify.Sent {
				t.Errorf("%s delivery: %q, want sent", ch, got[ch])
			}
		}
		if len(mail.Messages()) != 1 || len(gw.Requests()) != 1 {
			t.Errorf("%d e-mails and %d SMS reached the servers, want 1 each", len(mail.Messages()), len(gw.Requests()))
		}
	})
}
