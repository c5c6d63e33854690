package portal_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/mailer/smtptest"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/web/route"
)

// TestDeliveryStateOnTheStaffPage: the staff's list of notifications says
// an e-mail or SMS was only logged, not sent, when no mail server or SMS
// gateway is configured, and "Đã gửi" (with the time) once a real server
// took it.
func TestDeliveryStateOnTheStaffPage(t *testing.T) {
	states := func(t *testing.T, env *apptest.Env) map[string][2]string {
		t.Helper()
		ctx := context.Background()
		env.OpenProcedures(t)
		citizen := env.Users[account.RoleCitizen]
		if err := env.App.Notify.SavePrefs(ctx, citizen.ID, notify.Prefs{Email: true, SMS: true}); err != nil {
			t.Fatal(err)
		}
		d := env.SubmitDossier(t, citizen, apptest.ProcProvince, "")
		env.RunNotifications(t)
		clerk := env.Client(t)
		clerk.Login(env.Users[account.RoleClerk]) // the provincial centre receives it
		res := clerk.Get(string(route.Dossier(d.Code)))
		if res.Status != http.StatusOK {
			t.Fatalf("staff page: %d", res.Status)
		}
		out := map[string][2]string{} // channel -> state, sent at
		res.Doc.Find(".process table").Last().Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
			cells := tr.Children()
			out[strings.TrimSpace(cells.Eq(0).Text())] = [2]string{strings.TrimSpace(cells.Eq(3).Text()),
				strings.TrimSpace(cells.Eq(5).Text())}
		})
		return out
	}

	t.Run("no gateway", func(t *testing.T) {
		got := states(t, apptest.New(t))
		for ch, want := range map[string]string{
			"Email":        "Chỉ ghi nhật ký, chưa gửi (chưa cấu hình máy chủ thư)",
			"Tin nhắn SMS": "Chỉ ghi nhật ký, chưa gửi (chưa cấu hình cổng SMS)",
		} {
			if got[ch][0] != want || got[ch][1] != "" {
				t.Errorf("%s: state %q, sent at %q; want %q and no time", ch, got[ch][0], got[ch][1], want)
			}
		}
		if got["Hộp thư trên Cổng"][0] != "Đã gửi" {
			t.Errorf("inbox: %q, want Đã gửi (all rows: %q)", got["Hộp thư trên Cổng"][0], got)
		}
	})

	t.Run("real gateways", func(t *testing.T) {
		mail := smtptest.Start(t)
		gw := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
		t.Cleanup(gw.Close)
		got := states(t, apptest.New(t, func(c *config.Config) { c.SMTPAddr, c.SMSURL = mail.Addr, gw.URL }))
		for _, ch := range []string{"Email", "Tin nhắn SMS", "Hộp thư trên Cổng"} {
			if got[ch][0] != "Đã gửi" || got[ch][1] == "" {
				t.Errorf("%s: state %q, sent at %q; want Đã gửi with its time", ch, got[ch][0], got[ch][1])
			}
		}
	})
}
