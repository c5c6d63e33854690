package notify

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/motcua/motcua/internal/i18n"
)

// Errors.
var (
	ErrNotFound = errors.New("notify: not found")
	// ErrPermanent marks a send that must not be retried (a refused
	// address); Senders wrap it.
	ErrPermanent = errors.New("notify: permanent failure")
)

// Channel is a way of telling someone.
type Channel string

const (
	Inbox Channel = "inbox" // in the account, always on
	Email Channel = "email"
	SMS   Channel = "sms"
)

// Channels lists the channels in display order.
var Channels = []Channel{Inbox, Email, SMS}

// Events lists the events applicants are told about, in display order.
// The names are the dossier service's outbox kinds.
var Events = []string{"submit", "receive", "guide", "refuse", "supplement", "payment", "apology", "stop", "approve",
	"deliver", "withdraw", "revoke"}

// Template is what one event says on one channel. Subject is for e-mail
// and the inbox; Body for all (an SMS keeps to one message).
type Template struct {
	Event   string
	Channel Channel
	// Lang is the language the template is written in (i18n.VI when
	// empty); a person is told in their own language when a template in
	// it exists, else in Vietnamese.
	Lang      i18n.Lang
	Subject   string
	Body      string
	UpdatedBy int64
	UpdatedAt time.Time
}

// Status of a delivery.
type Status string

const (
	Queued Status = "queued"
	// Sent: the message left (the SMTP server or the SMS gateway took it,
	// or it is in the person's inbox).
	Sent Status = "sent"
	// Logged: no mail server or SMS gateway is configured for the channel;
	// the message was only written to the log and reached nobody.
	Logged Status = "logged"
	Failed Status = "failed"
)

// Delivery is one message to one address about one event.
type Delivery struct {
	ID            int64
	EventID       int64
	DossierID     int64
	UserID        int64
	Channel       Channel
	Address       string
	Subject       string
	Body          string
	Status        Status
	Attempts      int
	LastError     string
	NextAttemptAt time.Time
	SentAt        time.Time
	ReadAt        time.Time
	CreatedAt     time.Time
}

// Prefs are a person's channels besides the inbox.
type Prefs struct {
	Email bool
	SMS   bool
}

// DefaultPrefs are the channels of someone who never chose.
var DefaultPrefs = Prefs{Email: true}

// Event is an outbox event to expand into deliveries.
type Event struct {
	ID        int64
	DossierID int64
	Kind      string
	Payload   map[string]any
	CreatedAt time.Time
}

// Recipient is who an event is for and how to reach them.
type Recipient struct {
	UserID int64 // 0 for a walk-in applicant without an account
	Name   string
	Email  string
	Phone  string
	Prefs  Prefs
	// Lang is the language the person reads (their account's).
	Lang i18n.Lang
}

// Sender delivers a message on one channel. It says what became of it:
// Sent when the message left, Logged when it was only written to the log;
// or an error, wrapping ErrPermanent when retrying cannot help.
type Sender interface {
	Send(ctx context.Context, d Delivery) (Status, error)
}

// LogSender "sends" by logging that a message would go out: the default
// for SMS, and for e-mail when no SMTP server is configured. It logs no
// address and no text (personal data stays out of logs), only what
// identifies the delivery.
type LogSender struct{ Log *slog.Logger }

// Send logs the delivery: Logged, never Sent.
func (l LogSender) Send(ctx context.Context, d Delivery) (Status, error) {
	l.Log.InfoContext(ctx, "notification logged, not sent (no gateway configured)", "channel", string(d.Channel),
		"delivery_id", d.ID, "dossier_id", d.DossierID, "chars", len([]rune(d.Body)))
	return Logged, nil
}

// LangOf is a template's language, Vietnamese when unset.
func (t Template) LangOf() i18n.Lang {
	if t.Lang == "" {
		return i18n.VI
	}
	return t.Lang
}
