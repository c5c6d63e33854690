package pgstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/notify"
)

// NotifyStore implements notify.Store.
type NotifyStore struct{ db *DB }

// NewNotifyStore builds a NotifyStore.
func NewNotifyStore(db *DB) *NotifyStore { return &NotifyStore{db: db} }

var _ notify.Store = (*NotifyStore)(nil)

// PendingEvents lists unhandled outbox events, oldest first.
func (s *NotifyStore) PendingEvents(ctx context.Context, limit int) ([]notify.Event, error) {
	rows, err := sqlConn(ctx, s.db).QueryContext(ctx, `SELECT id, dossier_id, kind, payload, created_at FROM outbox_events
		WHERE handled_at IS NULL ORDER BY id LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []notify.Event
	for rows.Next() {
		var (
			e notify.Event
			p []byte
		)
		if err := rows.Scan(&e.ID, &e.DossierID, &e.Kind, &p, &e.CreatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(p, &e.Payload); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ClaimEvent locks a pending event for the transaction.
func (s *NotifyStore) ClaimEvent(ctx context.Context, id int64) (bool, error) {
	var got int64
	err := sqlConn(ctx, s.db).QueryRowContext(ctx, `SELECT id FROM outbox_events WHERE id = $1 AND handled_at IS NULL
		FOR UPDATE SKIP LOCKED`, id).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// MarkHandled marks an event handled.
func (s *NotifyStore) MarkHandled(ctx context.Context, id int64, at time.Time) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, "UPDATE outbox_events SET handled_at = $2 WHERE id = $1", id, dbTime(at))
	return err
}

// AddDelivery queues a delivery unless the same event, channel and address
// has one.
func (s *NotifyStore) AddDelivery(ctx context.Context, d notify.Delivery) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `INSERT INTO deliveries (event_id, dossier_id, user_id, channel, address,
		subject, body, status, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8)
		ON CONFLICT (event_id, channel, address) DO NOTHING`,
		d.EventID, d.DossierID, nullableID(d.UserID), string(d.Channel), d.Address, d.Subject, d.Body, dbTime(d.NextAttemptAt))
	return err
}

const deliveryColumns = `id, event_id, dossier_id, user_id, channel, address, subject, body, status, attempts, last_error,
	next_attempt_at, sent_at, read_at, created_at`

func scanDelivery(row interface{ Scan(...any) error }) (notify.Delivery, error) {
	var (
		d            notify.Delivery
		user         sql.NullInt64
		ch, st       string
		sent, readAt sql.NullTime
	)
	err := row.Scan(&d.ID, &d.EventID, &d.DossierID, &user, &ch, &d.Address, &d.Subject, &d.Body, &st, &d.Attempts,
		&d.LastError, &d.NextAttemptAt, &sent, &readAt, &d.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return notify.Delivery{}, notify.ErrNotFound
	}
	d.UserID, d.Channel, d.Status, d.SentAt, d.ReadAt = idOf(user), notify.Channel(ch), notify.Status(st), timeOf(sent), timeOf(readAt)
	return d, err
}

func (s *NotifyStore) deliveries(ctx context.Context, q string, args ...any) ([]notify.Delivery, error) {
	rows, err := sqlConn(ctx, s.db).QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []notify.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// TakeDelivery leases the next due delivery: SKIP LOCKED picks one no
// other worker is taking; the lease, committed at once, keeps others off
// it while it is sent outside any transaction.
func (s *NotifyStore) TakeDelivery(ctx context.Context, now time.Time, lease time.Duration) (notify.Delivery, error) {
	return scanDelivery(sqlConn(ctx, s.db).QueryRowContext(ctx, `UPDATE deliveries SET locked_until = $2
		WHERE id = (SELECT id FROM deliveries WHERE status = 'queued' AND next_attempt_at <= $1
			AND (locked_until IS NULL OR locked_until < $1) ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING `+deliveryColumns, dbTime(now), dbTime(now.Add(lease))))
}

// MarkDone records a delivery sent, or only logged.
func (s *NotifyStore) MarkDone(ctx context.Context, id int64, st notify.Status, at time.Time) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE deliveries SET status = $2, sent_at = $3, attempts = attempts + 1,
		locked_until = NULL, last_error = '' WHERE id = $1`, id, string(st), dbTime(at))
	return err
}

// MarkRetry records a failed attempt and when to try again.
func (s *NotifyStore) MarkRetry(ctx context.Context, id int64, next time.Time, errText string) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = $2,
		last_error = $3, locked_until = NULL WHERE id = $1`, id, dbTime(next), truncate(errText, 1000))
	return err
}

// MarkFailed gives a delivery up.
func (s *NotifyStore) MarkFailed(ctx context.Context, id int64, errText string) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE deliveries SET status = 'failed', attempts = attempts + 1,
		last_error = $2, locked_until = NULL WHERE id = $1`, id, truncate(errText, 1000))
	return err
}

// truncate keeps at most n bytes of s, cut between characters: PostgreSQL
// refuses a text cut inside a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// DossierDeliveries lists a dossier's deliveries in the order of their
// events (workers may expand later events first).
func (s *NotifyStore) DossierDeliveries(ctx context.Context, dossierID int64) ([]notify.Delivery, error) {
	return s.deliveries(ctx, "SELECT "+deliveryColumns+" FROM deliveries WHERE dossier_id = $1 ORDER BY event_id, id", dossierID)
}

// Templates lists the templates by event and channel.
func (s *NotifyStore) Templates(ctx context.Context) ([]notify.Template, error) {
	rows, err := sqlConn(ctx, s.db).QueryContext(ctx, `SELECT event, channel, lang, subject, body, updated_by, updated_at
		FROM notification_templates ORDER BY event, channel, lang`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []notify.Template
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func scanTemplate(row interface{ Scan(...any) error }) (notify.Template, error) {
	var (
		t        notify.Template
		ch, lang string
		by       sql.NullInt64
	)
	err := row.Scan(&t.Event, &ch, &lang, &t.Subject, &t.Body, &by, &t.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return notify.Template{}, notify.ErrNotFound
	}
	t.Channel, t.Lang, t.UpdatedBy = notify.Channel(ch), i18n.Lang(lang), idOf(by)
	return t, err
}

// Template returns one template in one language.
func (s *NotifyStore) Template(ctx context.Context, event string, ch notify.Channel, lang i18n.Lang) (notify.Template, error) {
	return scanTemplate(sqlConn(ctx, s.db).QueryRowContext(ctx, `SELECT event, channel, lang, subject, body, updated_by,
		updated_at FROM notification_templates WHERE event = $1 AND channel = $2 AND lang = $3`, event, string(ch), string(lang)))
}

// SaveTemplate inserts or replaces a template.
func (s *NotifyStore) SaveTemplate(ctx context.Context, t notify.Template) error {
	at := t.UpdatedAt
	if at.IsZero() {
		at = time.Now()
	}
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `INSERT INTO notification_templates (event, channel, lang, subject, body,
		updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event, channel, lang) DO UPDATE SET
		subject = EXCLUDED.subject, body = EXCLUDED.body, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
		t.Event, string(t.Channel), string(t.LangOf()), t.Subject, t.Body, nullableID(t.UpdatedBy), dbTime(at))
	return err
}

// Prefs returns a person's channels (ErrNotFound when never chosen).
func (s *NotifyStore) Prefs(ctx context.Context, userID int64) (notify.Prefs, error) {
	var p notify.Prefs
	err := sqlConn(ctx, s.db).QueryRowContext(ctx, "SELECT email, sms FROM notification_prefs WHERE user_id = $1", userID).
		Scan(&p.Email, &p.SMS)
	if errors.Is(err, sql.ErrNoRows) {
		return notify.Prefs{}, notify.ErrNotFound
	}
	return p, err
}

// SavePrefs records a person's channels.
func (s *NotifyStore) SavePrefs(ctx context.Context, userID int64, p notify.Prefs) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `INSERT INTO notification_prefs (user_id, email, sms) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, sms = EXCLUDED.sms`, userID, p.Email, p.SMS)
	return err
}

// Inbox pages a person's in-app messages, newest first.
func (s *NotifyStore) Inbox(ctx context.Context, userID int64, page, perPage int) ([]notify.Delivery, int, error) {
	page, perPage = pageBounds(page, perPage)
	var total int
	if err := sqlConn(ctx, s.db).QueryRowContext(ctx, `SELECT count(*) FROM deliveries WHERE user_id = $1 AND channel = 'inbox'`,
		userID).Scan(&total); err != nil {
		return nil, 0, err
	}
	out, err := s.deliveries(ctx, "SELECT "+deliveryColumns+` FROM deliveries WHERE user_id = $1 AND channel = 'inbox'
		ORDER BY event_id DESC, id DESC LIMIT $2 OFFSET $3`, userID, perPage, (page-1)*perPage)
	return out, total, err
}

// InboxMessage returns one of the person's in-app messages.
func (s *NotifyStore) InboxMessage(ctx context.Context, userID, id int64) (notify.Delivery, error) {
	return scanDelivery(sqlConn(ctx, s.db).QueryRowContext(ctx, "SELECT "+deliveryColumns+
		" FROM deliveries WHERE id = $1 AND user_id = $2 AND channel = 'inbox'", id, userID))
}

// MarkAllRead marks every unread in-app message of a person read.
func (s *NotifyStore) MarkAllRead(ctx context.Context, userID int64, at time.Time) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE deliveries SET read_at = $2
		WHERE user_id = $1 AND channel = 'inbox' AND read_at IS NULL`, userID, dbTime(at))
	return err
}

// Unread counts a person's unread in-app messages.
func (s *NotifyStore) Unread(ctx context.Context, userID int64) (int, error) {
	var n int
	err := sqlConn(ctx, s.db).QueryRowContext(ctx, `SELECT count(*) FROM deliveries WHERE user_id = $1 AND channel = 'inbox'
		AND read_at IS NULL`, userID).Scan(&n)
	return n, err
}

// MarkRead marks one of the person's messages read.
func (s *NotifyStore) MarkRead(ctx context.Context, userID, id int64, at time.Time) error {
	res, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE deliveries SET read_at = coalesce(read_at, $3)
		WHERE id = $1 AND user_id = $2 AND channel = 'inbox'`, id, userID, dbTime(at))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notify.ErrNotFound
	}
	return nil
}
