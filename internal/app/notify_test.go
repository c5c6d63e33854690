package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/notify"
)

// TestSMSGateway: a person who chose SMS gets it through the gateway, in
// the configured body.
func TestSMSGateway(t *testing.T) {
	var (
		mu   sync.Mutex
		got  []map[string]string
		auth string
	)
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m map[string]string
		_ = json.Unmarshal(b, &m)
		mu.Lock()
		got = append(got, m)
		auth = r.Header.Get("Authorization")
		mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(gw.Close)
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
	mu.Lock()
	defer mu.Unlock()
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
