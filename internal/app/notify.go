package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/mailer"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/pgstore"
	"github.com/motcua/motcua/internal/sms"
	"github.com/motcua/motcua/web/route"
)

// newNotify wires notifications: the store, the facts of each event, and
// a sender per channel (SMTP and the SMS gateway when configured, else
// senders that only log).
func (a *App) newNotify() (*notify.Service, error) {
	cfg := a.Config
	senders := map[notify.Channel]notify.Sender{
		notify.Email: a.Email,
		notify.SMS:   notify.LogSender{Log: a.Log},
	}
	if cfg.SMSURL != "" {
		g, err := sms.New(sms.Config{URL: cfg.SMSURL, Username: cfg.SMSUsername, Password: cfg.SMSPassword,
			ContentType: cfg.SMSContentType, Body: cfg.SMSBody})
		if err != nil {
			return nil, err
		}
		senders[notify.SMS] = g
	}
	db := a.DB
	return notify.NewService(notify.Deps{
		Store: pgstore.NewNotifyStore(db),
		Tx: func(ctx context.Context, fn func(notify.Store, audit.Store) error) error {
			return db.InTx(ctx, func(tx *pgstore.DB) error { return fn(pgstore.NewNotifyStore(tx), pgstore.NewAuditStore(tx)) })
		},
		Facts: facts{a}, Senders: senders, Now: a.Now,
	})
}

// newEmail is the e-mail sender: SMTP when configured, else a sender that
// only logs that a message was due.
func newEmail(cfg config.Config, log *slog.Logger) (notify.Sender, error) {
	if cfg.SMTPAddr == "" {
		return notify.LogSender{Log: log}, nil
	}
	return mailer.New(mailer.Config{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, Username: cfg.SMTPUsername,
		Password: cfg.SMTPPassword, Domain: hostOf(cfg.BaseURL)})
}

// accountMailer sends the account's own e-mails (a password reset link,
// the notice of a changed address), in the person's language.
type accountMailer struct{ a *App }

func (m accountMailer) printer(u account.User) i18n.Printer {
	l, ok := i18n.ParseLang(u.Locale)
	if !ok {
		l = i18n.VI
	}
	return m.a.Messages.Printer(l)
}

func (m accountMailer) send(ctx context.Context, u account.User, subject, body string) error {
	_, err := m.a.Email.Send(ctx, notify.Delivery{Channel: notify.Email, Address: strings.ToLower(u.Email), UserID: u.ID,
		Subject: subject, Body: body})
	return err
}

func (m accountMailer) SendReset(ctx context.Context, u account.User, link string, expires time.Time) error {
	p := m.printer(u)
	return m.send(ctx, u, p.T("reset.mail_subject"), p.T("reset.mail_body", u.FullName, link, p.DateTime(expires)))
}

func (m accountMailer) SendEmailChanged(ctx context.Context, u account.User, newEmail string) error {
	p := m.printer(u)
	return m.send(ctx, u, p.T("contact.mail_subject"), p.T("contact.mail_body", u.FullName, newEmail))
}

func hostOf(baseURL string) string {
	h := strings.TrimPrefix(strings.TrimPrefix(baseURL, "https://"), "http://")
	if i := strings.IndexAny(h, ":/"); i >= 0 {
		h = h[:i]
	}
	return h
}

// facts tells notify who an event is for, in which language they read,
// and the values its templates use in that language (status, dates,
// amounts; names stay as registered).
type facts struct{ a *App }

func (f facts) For(ctx context.Context, e notify.Event) (notify.Recipient, map[string]string, error) {
	a := f.a
	d, err := a.DossierStore.DossierByID(ctx, e.DossierID)
	if errors.Is(err, dossier.ErrNotFound) {
		return notify.Recipient{}, nil, notify.ErrNotFound
	}
	if err != nil {
		return notify.Recipient{}, nil, err
	}
	who := notify.Recipient{Name: d.Applicant.FullName, Email: d.Applicant.Email, Phone: d.Applicant.Phone,
		Prefs: notify.DefaultPrefs, Lang: i18n.VI}
	if d.ApplicantID != 0 {
		u, err := a.Users.Get(ctx, d.ApplicantID)
		if err != nil {
			return notify.Recipient{}, nil, err
		}
		who.UserID, who.Name, who.Email, who.Phone = u.ID, u.FullName, u.Email, u.Phone
		if l, ok := i18n.ParseLang(u.Locale); ok {
			who.Lang = l
		}
		if who.Prefs, err = a.Notify.Prefs(ctx, u.ID); err != nil {
			return notify.Recipient{}, nil, err
		}
	} else if d.Applicant.Phone != "" {
		// A walk-in applicant without an account gave a phone at the
		// desk: tell them by SMS too.
		who.Prefs.SMS = true
	}
	// The event tells what held when it happened (its status, due dates):
	// a worker may expand it after the dossier has moved on.
	status := d.Status
	if n, ok := e.Payload["status"].(float64); ok && dossier.Status(n).Valid() {
		status = dossier.Status(n)
	}
	due := payloadTime(e, d.DueAt, "due_at", "due_after")
	apologyDue := payloadTime(e, d.ApologyDueAt, "new_due_at")
	p := a.Messages.Printer(who.Lang)
	base := strings.TrimRight(a.Config.BaseURL, "/")
	values := map[string]string{
		"ma_ho_so": d.Code, "thu_tuc": d.ProcedureName, "nguoi_nop": who.Name, "trang_thai": p.T(status.LabelKey()),
		"lien_ket": base + string(route.Dossier(d.Code)), "tra_cuu": base + string(route.Lookup()), "ma_tra_cuu": d.Secret,
		"han_tra": "", "ngay_hen_moi": "", "ghi_chu": "", "so_tien": "",
	}
	if u, err := a.Units.Get(ctx, d.ReceivingUnitID); err == nil {
		values["co_quan"] = u.Name
	}
	if !due.IsZero() {
		values["han_tra"] = p.DateTime(due)
	}
	if !apologyDue.IsZero() {
		values["ngay_hen_moi"] = p.DateTime(apologyDue)
	}
	if note, ok := e.Payload["note"].(string); ok {
		values["ghi_chu"] = note
	}
	if reason, ok := e.Payload["reason"].(string); ok && values["ghi_chu"] == "" {
		values["ghi_chu"] = reason
	}
	if amount, ok := e.Payload["amount"].(float64); ok {
		values["so_tien"] = p.Money(int64(amount))
	}
	return who, values, nil
}

// payloadTime is the first of an event's time values under keys (written
// as JSON, RFC 3339), or fallback when it carries none.
func payloadTime(e notify.Event, fallback time.Time, keys ...string) time.Time {
	for _, k := range keys {
		if s, ok := e.Payload[k].(string); ok {
			if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
				return t
			}
		}
	}
	return fallback
}

// templateSeed is testdata/seed/notification-templates.json (Vietnamese)
// or one of its translations (notification-templates.<lang>.json).
type templateSeed []struct {
	Event   string `json:"event"`
	Channel string `json:"channel"`
	Lang    string `json:"lang"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

// templateSeedFiles are the default templates, Vietnamese first.
var templateSeedFiles = []string{"testdata/seed/notification-templates.json", "testdata/seed/notification-templates.en.json"}

// SeedNotifyTemplates adds the default templates the database lacks, in
// every language there are defaults for.
func (a *App) SeedNotifyTemplates(ctx context.Context) (int, error) {
	var ts []notify.Template
	for _, name := range templateSeedFiles {
		b, err := motcua.SeedFS.ReadFile(name)
		if err != nil {
			return 0, err
		}
		var seed templateSeed
		if err := json.Unmarshal(b, &seed); err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
		for _, t := range seed {
			ts = append(ts, notify.Template{Event: t.Event, Channel: notify.Channel(t.Channel), Lang: i18n.Lang(t.Lang),
				Subject: t.Subject, Body: t.Body})
		}
	}
	return a.Notify.Seed(ctx, ts)
}

// Notifications runs notifications until ctx ends: events into deliveries,
// deliveries out, every interval. Safe with several instances.
func (a *App) Notifications(ctx context.Context, every time.Duration) {
	repeat(ctx, every, nil, func(ctx context.Context) {
		if _, err := a.Notify.Expand(ctx); err != nil && ctx.Err() == nil {
			a.Log.ErrorContext(ctx, "notification expansion failed", "error", err.Error())
		}
		if n, err := a.Notify.Deliver(ctx); err != nil && ctx.Err() == nil {
			a.Log.ErrorContext(ctx, "notification delivery failed", "error", err.Error())
		} else if n > 0 {
			a.Log.InfoContext(ctx, "notifications sent", "count", strconv.Itoa(n))
		}
	})
}
