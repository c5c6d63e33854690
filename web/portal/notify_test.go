package portal_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/web/route"
)

// TestInboxAndPrefs: a submission puts a message in the applicant's
// inbox; the header counts it until it is read; the channels are the
// applicant's to choose; nobody else reads it.
func TestInboxAndPrefs(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	c := env.Client(t)
	citizen := env.Users[account.RoleCitizen]
	c.Login(citizen)
	code := submitted(t, c)
	ctx := context.Background()
	if _, err := env.App.Notify.Expand(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Notify.Deliver(ctx); err != nil {
		t.Fatal(err)
	}
	res := c.Get(string(route.Inbox(1)))
	if got := strings.TrimSpace(res.Text(".inbox-link .count")); got != "1" {
		t.Errorf("header unread count %q, want 1", got)
	}
	link, _ := res.Doc.Find(".inbox a").First().Attr("href")
	if !strings.Contains(res.Text(".inbox"), code) || link == "" {
		t.Fatalf("inbox: %q", res.Text("main"))
	}
	// Another user cannot open it.
	other := env.Client(t)
	other.Login(env.Users[account.RoleBusiness])
	if res := other.Get(link); res.Status != http.StatusNotFound {
		t.Errorf("another user opened the message: %d", res.Status)
	}
	msg := c.Get(link)
	if msg.Status != http.StatusOK || !strings.Contains(msg.Text("main"), code) ||
		msg.Doc.Find("a[href='"+string(route.Dossier(code))+"']").Length() != 1 {
		t.Fatalf("message: %d %q", msg.Status, msg.Text("main"))
	}
	if got := msg.Doc.Find(".inbox-link .count").Length(); got != 0 {
		t.Error("the header still counts the message just read")
	}
	// Channels.
	if res := c.Post(string(route.NotifyPrefs()), url.Values{"sms": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("save prefs: %d", res.Status)
	}
	p, err := env.App.Notify.Prefs(ctx, citizen.ID)
	if err != nil || p.Email || !p.SMS {
		t.Errorf("prefs %+v, %v; want SMS only", p, err)
	}
	res = c.Get(string(route.NotifyPrefs()))
	if _, checked := res.Doc.Find("#sms").Attr("checked"); !checked {
		t.Error("the SMS box is not checked after saving")
	}
}

// TestReadAllMarksEveryMessage: "mark all read" reaches messages past the
// first page of the inbox too.
func TestReadAllMarksEveryMessage(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	u := env.Users[account.RoleCitizen]
	d := env.SubmitDossier(t, u, apptest.ProcProvince, "")
	if _, err := env.App.Notify.Expand(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.DB.SQL().ExecContext(ctx, `INSERT INTO deliveries (event_id, dossier_id, user_id, channel, address,
		subject, body, status) SELECT e.id, $1, $2::bigint, 'inbox', 'user:' || $2::text || '#' || n, 'Thông báo ' || n, 'Nội dung', 'sent'
		FROM outbox_events e, generate_series(1, 150) n WHERE e.dossier_id = $1`, d.ID, u.ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := env.App.Notify.Unread(ctx, u.ID); n != 151 {
		t.Fatalf("unread before: %d, want 151", n)
	}
	c := env.Client(t)
	c.Login(u)
	if res := c.Post(string(route.InboxReadAll()), nil); res.Status != http.StatusSeeOther {
		t.Fatalf("read all: %d", res.Status)
	}
	if n, err := env.App.Notify.Unread(ctx, u.ID); err != nil || n != 0 {
		t.Errorf("unread after: %d, %v", n, err)
	}
}
