package notify_test

import (
	"bytes"
	"context"
	"mime"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/mailer/smtptest"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/upload/uploadtest"
	"github.com/motcua/motcua/internal/workflow"
)

// submit makes a complete dossier of the province test procedure for u.
func submit(t testing.TB, env *apptest.Env, u account.User) dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	svc := env.App.Dossiers
	d, err := svc.Start(ctx, u, dossier.StartInput{Procedure: apptest.ProcProvince})
	if err != nil {
		t.Fatal(err)
	}
	for page, v := range map[string]url.Values{
		"nguoi-khai": {"ho_ten": {u.FullName}, "so_dinh_danh": {u.PersonalID}, "dien_thoai": {"0987000123"}},
		"nguoi-than": {"co_giay_khac": {"no"}},
	} {
		if _, err := svc.SavePage(ctx, u, d.PublicID, page, v, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Upload(ctx, u, d.PublicID, dossier.UploadInput{Slot: "tep_xac_nhan", Name: "a.pdf",
		Body: bytes.NewReader(uploadtest.PDF(2048))}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveDelivery(ctx, u, d.PublicID, dossier.Delivery{Method: dossier.DeliverOnline}); err != nil {
		t.Fatal(err)
	}
	out, _, err := svc.Submit(ctx, u, d.PublicID, dossier.SubmitInput{Declaration: true})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func run(t *testing.T, env *apptest.Env) (expanded, sent int) {
	t.Helper()
	ctx := context.Background()
	e, err := env.App.Notify.Expand(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s, err := env.App.Notify.Deliver(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return e, s
}

func subject(t *testing.T, m smtptest.Message) string {
	t.Helper()
	s, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestNotificationsByEmailAndInbox: each status change becomes one e-mail
// (over SMTP, to a real server) and one inbox message, with the template
// filled in Vietnamese; running the workers again, or two at once, sends
// nothing twice.
func TestNotificationsByEmailAndInbox(t *testing.T) {
	mail := smtptest.Start(t)
	env := apptest.New(t, func(c *config.Config) { c.SMTPAddr = mail.Addr })
	env.OpenProcedures(t)
	ctx := context.Background()
	citizen := env.Users[account.RoleCitizen]
	d := submit(t, env, citizen)
	clerk := env.Users[account.RoleClerk] // at the provincial centre, which receives it
	if _, err := env.App.Dossiers.Act(ctx, clerk, d.Code, dossier.ActInput{Action: workflow.ActionReceive}); err != nil {
		t.Fatal(err)
	}
	// Two workers at once (two server instances).
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { run(t, env) })
	}
	wg.Wait()
	run(t, env) // and once more: nothing new

	msgs := mail.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d e-mails, want 2 (submitted, received)", len(msgs))
	}
	subjects := map[string]bool{}
	for _, m := range msgs {
		if len(m.To) != 1 || m.To[0] != citizen.Email {
			t.Errorf("e-mail to %v, want %s", m.To, citizen.Email)
		}
		subjects[subject(t, m)] = true
		if !strings.HasPrefix(m.Header.Get("Message-Id"), "<delivery-") {
			t.Errorf("Message-ID %q not made from the delivery", m.Header.Get("Message-Id"))
		}
	}
	for _, want := range []string{"Đã nộp hồ sơ " + d.Code, "Hồ sơ " + d.Code + " đã được tiếp nhận"} {
		if !subjects[want] {
			t.Errorf("no e-mail %q among %v", want, subjects)
		}
	}
	n, err := env.App.Notify.Unread(ctx, citizen.ID)
	if err != nil || n != 2 {
		t.Errorf("unread inbox messages: %d, %v; want 2", n, err)
	}
	list, _, err := env.App.Notify.Inbox(ctx, citizen.ID, 1, 10)
	if err != nil || len(list) != 2 || !strings.Contains(list[0].Body, "Ngày hẹn trả kết quả:") {
		t.Fatalf("inbox: %+v, %v", list, err)
	}
	if err := env.App.Notify.MarkRead(ctx, citizen.ID, list[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := env.App.Notify.Unread(ctx, citizen.ID); n != 1 {
		t.Errorf("unread after reading one: %d", n)
	}
	// Someone else cannot mark it read.
	if err := env.App.Notify.MarkRead(ctx, env.Users[account.RoleBusiness].ID, list[1].ID); err == nil {
		t.Error("another user marked the message read")
	}
	ds, err := env.App.Notify.DossierDeliveries(ctx, d.ID)
	if err != nil || len(ds) != 4 {
		t.Fatalf("deliveries: %d, %v; want 4", len(ds), err)
	}
	for _, x := range ds {
		if x.Status != notify.Sent || x.Attempts != 1 {
			t.Errorf("%s delivery: %s after %d attempts", x.Channel, x.Status, x.Attempts)
		}
	}
}

// TestDeliveryRetries: a temporary refusal is retried later with backoff;
// a permanent one gives up at once, with the reason kept.
func TestDeliveryRetries(t *testing.T) {
	mail := smtptest.Start(t)
	env := apptest.New(t, func(c *config.Config) { c.SMTPAddr = mail.Addr })
	env.OpenProcedures(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	env.Clock.Set(now)
	citizen := env.Users[account.RoleCitizen]
	d := submit(t, env, citizen)
	mail.Refuse(451)
	run(t, env)
	email := func() notify.Delivery {
		t.Helper()
		ds, err := env.App.Notify.DossierDeliveries(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range ds {
			if x.Channel == notify.Email {
				return x
			}
		}
		t.Fatal("no e-mail delivery")
		return notify.Delivery{}
	}
	x := email()
	if x.Status != notify.Queued || x.Attempts != 1 || !x.NextAttemptAt.After(now) || !strings.Contains(x.LastError, "451") {
		t.Fatalf("after a temporary refusal: %+v", x)
	}
	// Not before its time...
	mail.Refuse(0)
	run(t, env)
	if len(mail.Messages()) != 0 {
		t.Fatal("retried before the backoff ran out")
	}
	// ...then it goes.
	env.Clock.Add(2 * time.Minute)
	run(t, env)
	if x := email(); x.Status != notify.Sent || x.Attempts != 2 || len(mail.Messages()) != 1 {
		t.Fatalf("after the backoff: %+v, %d messages", x, len(mail.Messages()))
	}
	// A permanent refusal on the next event.
	mail.Refuse(550)
	if _, err := env.App.Dossiers.Act(ctx, env.Users[account.RoleClerk], d.Code,
		dossier.ActInput{Action: workflow.ActionReceive}); err != nil {
		t.Fatal(err)
	}
	run(t, env)
	ds, _ := env.App.Notify.DossierDeliveries(ctx, d.ID)
	last := ds[len(ds)-1]
	for _, y := range ds {
		if y.Channel == notify.Email {
			last = y
		}
	}
	if last.Status != notify.Failed || !strings.Contains(last.LastError, "550") {
		t.Errorf("after a permanent refusal: %+v", last)
	}
}
