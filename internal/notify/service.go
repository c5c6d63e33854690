package notify

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/i18n"
)

// Store persists templates, preferences, pending events and deliveries.
type Store interface {
	// PendingEvents lists outbox events not handled yet, oldest first.
	PendingEvents(ctx context.Context, limit int) ([]Event, error)
	// ClaimEvent locks a pending event for the caller's transaction
	// (SKIP LOCKED); false when another worker has it or it is handled.
	ClaimEvent(ctx context.Context, id int64) (bool, error)
	MarkHandled(ctx context.Context, id int64, at time.Time) error
	// AddDelivery queues a delivery unless one exists for the same event,
	// channel and address.
	AddDelivery(ctx context.Context, d Delivery) error

	// TakeDelivery leases the next due queued delivery until now+lease
	// (ErrNotFound when none), safely with several workers.
	TakeDelivery(ctx context.Context, now time.Time, lease time.Duration) (Delivery, error)
	// MarkDone records a delivery handled at at: Sent, or Logged (only
	// written to the log).
	MarkDone(ctx context.Context, id int64, st Status, at time.Time) error
	MarkRetry(ctx context.Context, id int64, next time.Time, errText string) error
	MarkFailed(ctx context.Context, id int64, errText string) error
	DossierDeliveries(ctx context.Context, dossierID int64) ([]Delivery, error)

	Templates(ctx context.Context) ([]Template, error)
	Template(ctx context.Context, event string, ch Channel, lang i18n.Lang) (Template, error)
	SaveTemplate(ctx context.Context, t Template) error

	Prefs(ctx context.Context, userID int64) (Prefs, error)
	SavePrefs(ctx context.Context, userID int64, p Prefs) error

	Inbox(ctx context.Context, userID int64, page, perPage int) ([]Delivery, int, error)
	// InboxMessage is one of the user's in-app messages (ErrNotFound
	// when it is not theirs).
	InboxMessage(ctx context.Context, userID, id int64) (Delivery, error)
	Unread(ctx context.Context, userID int64) (int, error)
	MarkRead(ctx context.Context, userID, id int64, at time.Time) error
	// MarkAllRead marks every unread in-app message of the person read.
	MarkAllRead(ctx context.Context, userID int64, at time.Time) error
}

// Facts tells who an event is for and the values its templates use.
type Facts interface {
	For(ctx context.Context, e Event) (Recipient, map[string]string, error)
}

// Deps are the service's collaborators.
type Deps struct {
	Store   Store
	Tx      func(ctx context.Context, fn func(Store, audit.Store) error) error
	Facts   Facts
	Senders map[Channel]Sender
	Now     func() time.Time
	// MaxAttempts before a delivery is given up as failed (default 8).
	MaxAttempts int
}

// Service expands events into deliveries and delivers them.
type Service struct{ d Deps }

// NewService checks deps and fills defaults.
func NewService(d Deps) (*Service, error) {
	if d.Store == nil || d.Tx == nil || d.Facts == nil {
		return nil, errors.New("notify: missing dependency")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.MaxAttempts <= 0 {
		d.MaxAttempts = 8
	}
	if d.Senders == nil {
		d.Senders = map[Channel]Sender{}
	}
	if d.Senders[Inbox] == nil {
		d.Senders[Inbox] = inboxSender{}
	}
	return &Service{d: d}, nil
}

// inboxSender "sends" to the in-app inbox: the delivery row is the message.
type inboxSender struct{}

func (inboxSender) Send(context.Context, Delivery) (Status, error) { return Sent, nil }

// Expand turns pending outbox events into deliveries: one per channel the
// recipient uses, with the event's templates filled in. Each event is
// claimed (its row locked, SKIP LOCKED), planned, written out and marked
// handled in one transaction, so a crash loses nothing and other workers
// pass over it at once instead of planning it too.
//
// An event that cannot be planned (its facts unreadable, say) stays
// pending and is reported, after the others have been expanded: one bad
// event does not hold up everyone else's notifications.
func (s *Service) Expand(ctx context.Context) (int, error) {
	done := 0
	var failed error
	for ctx.Err() == nil {
		events, err := s.d.Store.PendingEvents(ctx, 100)
		if err != nil || len(events) == 0 {
			return done, cmp.Or(err, failed)
		}
		progress := false
		for _, e := range events {
			claimed := false
			err := s.d.Tx(ctx, func(st Store, _ audit.Store) error {
				ok, err := st.ClaimEvent(ctx, e.ID)
				if err != nil || !ok {
					return err
				}
				claimed = true
				ds, err := s.plan(ctx, e)
				if err != nil {
					return err
				}
				for _, d := range ds {
					if err := st.AddDelivery(ctx, d); err != nil {
						return err
					}
				}
				return st.MarkHandled(ctx, e.ID, s.d.Now())
			})
			if err != nil {
				if ctx.Err() != nil {
					return done, ctx.Err()
				}
				if failed == nil {
					failed = fmt.Errorf("event %d (%s): %w", e.ID, e.Kind, err)
				}
				continue
			}
			if claimed {
				done++
				progress = true
			}
		}
		if !progress {
			return done, failed // the rest are another worker's, or failed
		}
	}
	return done, ctx.Err()
}

// plan works out an event's deliveries.
func (s *Service) plan(ctx context.Context, e Event) ([]Delivery, error) {
	if !notifies(e.Kind) {
		return nil, nil
	}
	who, values, err := s.d.Facts.For(ctx, e)
	if errors.Is(err, ErrNotFound) {
		return nil, nil // the dossier is gone
	}
	if err != nil {
		return nil, err
	}
	now := s.d.Now()
	var out []Delivery
	add := func(ch Channel, addr string) error {
		t, err := s.d.Store.Template(ctx, e.Kind, ch, who.Lang)
		if errors.Is(err, ErrNotFound) && who.Lang != "" && who.Lang != i18n.VI {
			t, err = s.d.Store.Template(ctx, e.Kind, ch, i18n.VI) // not worded in their language yet
		}
		if errors.Is(err, ErrNotFound) {
			return nil // this event says nothing on this channel
		}
		if err != nil {
			return err
		}
		out = append(out, Delivery{EventID: e.ID, DossierID: e.DossierID, UserID: who.UserID, Channel: ch, Address: addr,
			Subject: Render(t.Subject, values), Body: Render(t.Body, values), Status: Queued, NextAttemptAt: now})
		return nil
	}
	if who.UserID != 0 {
		if err := add(Inbox, "user:"+strconv.FormatInt(who.UserID, 10)); err != nil {
			return nil, err
		}
	}
	if who.Prefs.Email && who.Email != "" {
		if err := add(Email, strings.ToLower(who.Email)); err != nil {
			return nil, err
		}
	}
	if who.Prefs.SMS && who.Phone != "" {
		if err := add(SMS, who.Phone); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func notifies(kind string) bool {
	for _, e := range Events {
		if e == kind {
			return true
		}
	}
	return false
}

// deliveryLease is how long a worker holds a delivery it is sending.
const deliveryLease = 2 * time.Minute

// backoff is the wait before attempt n+1: 1 min, 2, 4, ... capped at 6 h.
func backoff(n int) time.Duration {
	d := time.Duration(float64(time.Minute) * math.Pow(2, float64(max(n-1, 0))))
	return min(d, 6*time.Hour)
}

// Deliver sends the due deliveries until none is left, and reports how
// many were done (sent, or only logged where no gateway is configured). A failed send is retried later with exponential backoff,
// and given up after MaxAttempts (or at once when permanent).
func (s *Service) Deliver(ctx context.Context) (int, error) {
	sent := 0
	for ctx.Err() == nil {
		d, err := s.d.Store.TakeDelivery(ctx, s.d.Now(), deliveryLease)
		if errors.Is(err, ErrNotFound) {
			return sent, nil
		}
		if err != nil {
			return sent, err
		}
		sender := s.d.Senders[d.Channel]
		if sender == nil {
			if err := s.d.Store.MarkFailed(ctx, d.ID, "no sender for "+string(d.Channel)); err != nil {
				return sent, err
			}
			continue
		}
		st, serr := sender.Send(ctx, d)
		switch {
		case serr == nil:
			if st != Logged {
				st = Sent
			}
			err = s.d.Store.MarkDone(ctx, d.ID, st, s.d.Now())
			sent++
		case errors.Is(serr, ErrPermanent) || d.Attempts+1 >= s.d.MaxAttempts:
			err = s.d.Store.MarkFailed(ctx, d.ID, serr.Error())
		default:
			err = s.d.Store.MarkRetry(ctx, d.ID, s.d.Now().Add(backoff(d.Attempts+1)), serr.Error())
		}
		if err != nil {
			return sent, err
		}
	}
	return sent, ctx.Err()
}

// DossierDeliveries lists a dossier's deliveries for staff.
func (s *Service) DossierDeliveries(ctx context.Context, dossierID int64) ([]Delivery, error) {
	return s.d.Store.DossierDeliveries(ctx, dossierID)
}

// Inbox pages a person's in-app messages, newest first.
func (s *Service) Inbox(ctx context.Context, userID int64, page, perPage int) ([]Delivery, int, error) {
	return s.d.Store.Inbox(ctx, userID, page, perPage)
}

// Message returns one of the person's in-app messages.
func (s *Service) Message(ctx context.Context, userID, id int64) (Delivery, error) {
	return s.d.Store.InboxMessage(ctx, userID, id)
}

// Unread counts a person's unread in-app messages.
func (s *Service) Unread(ctx context.Context, userID int64) (int, error) {
	return s.d.Store.Unread(ctx, userID)
}

// MarkAllRead marks every message of the person read.
func (s *Service) MarkAllRead(ctx context.Context, userID int64) error {
	return s.d.Store.MarkAllRead(ctx, userID, s.d.Now())
}

// MarkRead marks one of the person's messages read.
func (s *Service) MarkRead(ctx context.Context, userID, id int64) error {
	return s.d.Store.MarkRead(ctx, userID, id, s.d.Now())
}

// Prefs returns a person's channels.
func (s *Service) Prefs(ctx context.Context, userID int64) (Prefs, error) {
	p, err := s.d.Store.Prefs(ctx, userID)
	if errors.Is(err, ErrNotFound) {
		return DefaultPrefs, nil
	}
	return p, err
}

// SavePrefs records a person's channels, with an audit entry.
func (s *Service) SavePrefs(ctx context.Context, userID int64, p Prefs) error {
	return s.d.Tx(ctx, func(st Store, log audit.Store) error {
		if err := st.SavePrefs(ctx, userID, p); err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{At: s.d.Now(), ActorID: userID, Action: "notify.prefs", ObjectType: "user",
			ObjectID: strconv.FormatInt(userID, 10), Changes: []audit.Change{
				{Field: "email", New: strconv.FormatBool(p.Email)}, {Field: "sms", New: strconv.FormatBool(p.SMS)}}})
	})
}

// Templates lists every template.
func (s *Service) Templates(ctx context.Context) ([]Template, error) { return s.d.Store.Templates(ctx) }

// Template returns one template.
func (s *Service) Template(ctx context.Context, event string, ch Channel, lang i18n.Lang) (Template, error) {
	return s.d.Store.Template(ctx, event, ch, lang)
}

// SaveTemplate checks and saves an administrator's template, with an
// audit entry of what changed.
func (s *Service) SaveTemplate(ctx context.Context, actor int64, t Template) error {
	t.Subject, t.Body = strings.TrimSpace(t.Subject), strings.TrimSpace(t.Body)
	if errs := t.Check(); len(errs) > 0 {
		return errs
	}
	t.Lang, t.UpdatedBy, t.UpdatedAt = t.LangOf(), actor, s.d.Now()
	return s.d.Tx(ctx, func(st Store, log audit.Store) error {
		old, err := st.Template(ctx, t.Event, t.Channel, t.Lang)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		if err := st.SaveTemplate(ctx, t); err != nil {
			return err
		}
		var ch audit.Changes
		ch.Add("subject", old.Subject, t.Subject)
		ch.Add("body", old.Body, t.Body)
		id := t.Event + "/" + string(t.Channel)
		if t.Lang != i18n.VI {
			id += "/" + string(t.Lang)
		}
		return log.Append(ctx, audit.Entry{At: t.UpdatedAt, ActorID: actor, Action: "notify.template",
			ObjectType: "notification_template", ObjectID: id, Changes: ch})
	})
}

// Seed adds the templates the store lacks (an administrator's edits stay).
func (s *Service) Seed(ctx context.Context, ts []Template) (int, error) {
	added := 0
	for _, t := range ts {
		if errs := t.Check(); len(errs) > 0 {
			return added, fmt.Errorf("template %s/%s: %w", t.Event, t.Channel, errs)
		}
		t.Lang = t.LangOf()
		_, err := s.d.Store.Template(ctx, t.Event, t.Channel, t.Lang)
		if err == nil {
			continue
		}
		if !errors.Is(err, ErrNotFound) {
			return added, err
		}
		if err := s.d.Store.SaveTemplate(ctx, t); err != nil {
			return added, err
		}
		added++
	}
	return added, nil
}

// Sample are the values a template preview shows.
var Sample = map[string]string{
	"ma_ho_so": "000.01.01.H19-261201-0001", "thu_tuc": "Cấp Phiếu lý lịch tư pháp", "nguoi_nop": "Nguyễn Văn An",
	"trang_thai": "Được tiếp nhận", "co_quan": "Trung tâm Phục vụ hành chính công tỉnh", "han_tra": "17:00 15/12/2026",
	"ngay_hen_moi": "17:00 18/12/2026", "ghi_chu": "Bản sao có chứng thực giấy khai sinh", "so_tien": "200.000 đồng",
	"lien_ket": "https://dichvucong.example.vn/ho-so/000.01.01.H19-261201-0001",
	"tra_cuu":  "https://dichvucong.example.vn/tra-cuu-ho-so", "ma_tra_cuu": "K7QW3MPA",
}
