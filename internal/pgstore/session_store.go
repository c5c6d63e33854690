package pgstore

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/gob"
	"errors"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/motcua/motcua/internal/account"
)

type sessionRow struct {
	IDHash    []byte `gorm:"primaryKey"`
	UserID    *int64
	Data      []byte
	CreatedAt time.Time
	UpdatedAt time.Time
	ExpiresAt time.Time
}

func (sessionRow) TableName() string { return "sessions" }

// SessionStore is a gorilla/sessions Store keeping session data in
// PostgreSQL. The cookie carries only a random id, signed with the secret;
// the table stores its SHA-256.
type SessionStore struct {
	db      *DB
	codec   securecookie.Codec
	Options sessions.Options
}

// NewSessionStore builds the store. secret signs the cookie.
func NewSessionStore(db *DB, secret []byte, opts sessions.Options) *SessionStore {
	h := sha256.Sum256(secret)
	sc := securecookie.New(h[:], nil)
	sc.MaxAge(opts.MaxAge)
	return &SessionStore{db: db, codec: sc, Options: opts}
}

// Get returns the cached session for the request (gorilla registry).
func (s *SessionStore) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(s, name)
}

// New loads the session named by the request's cookie, or returns a new
// empty one. A missing, forged or expired cookie yields a new session and no
// error.
func (s *SessionStore) New(r *http.Request, name string) (*sessions.Session, error) {
	sess := sessions.NewSession(s, name)
	opts := s.Options
	sess.Options = &opts
	sess.IsNew = true
	// A missing, forged or expired cookie is not an error: the visitor
	// simply gets a new session.
	c, err := r.Cookie(name)
	if err != nil {
		return sess, nil //nolint:nilerr // no cookie: a new session
	}
	var id string
	if err := s.codec.Decode(name, c.Value, &id); err != nil {
		return sess, nil //nolint:nilerr // forged or expired cookie: a new session
	}
	var row sessionRow
	err = s.db.ctx(r.Context()).Where("id_hash = ? AND expires_at > now()", hashID(id)).First(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return sess, nil
	}
	if err != nil {
		return sess, err
	}
	if err := gob.NewDecoder(bytes.NewReader(row.Data)).Decode(&sess.Values); err != nil {
		return sess, nil //nolint:nilerr // unreadable data (an old format): a new session
	}
	sess.ID = id
	sess.IsNew = false
	return sess, nil
}

// Save writes the session and its cookie. MaxAge < 0 deletes both.
func (s *SessionStore) Save(r *http.Request, w http.ResponseWriter, sess *sessions.Session) error {
	ctx := r.Context()
	if sess.Options.MaxAge < 0 {
		if sess.ID != "" {
			if err := s.db.ctx(ctx).Where("id_hash = ?", hashID(sess.ID)).Delete(&sessionRow{}).Error; err != nil {
				return err
			}
		}
		http.SetCookie(w, sessions.NewCookie(sess.Name(), "", sess.Options))
		return nil
	}
	if sess.ID == "" {
		sess.ID = newSessionID()
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(sess.Values); err != nil {
		return err
	}
	var uid *int64
	if v, ok := sess.Values[account.SessionUserKey].(int64); ok {
		uid = &v
	}
	now := time.Now().UTC()
	row := sessionRow{IDHash: hashID(sess.ID), UserID: uid, Data: buf.Bytes(), CreatedAt: now, UpdatedAt: now,
		ExpiresAt: now.Add(time.Duration(sess.Options.MaxAge) * time.Second)}
	err := s.db.ctx(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "id_hash"}},
		DoUpdates: clause.AssignmentColumns([]string{"user_id", "data", "updated_at", "expires_at"}),
	}).Create(&row).Error
	if err != nil {
		return err
	}
	enc, err := s.codec.Encode(sess.Name(), sess.ID)
	if err != nil {
		return err
	}
	http.SetCookie(w, sessions.NewCookie(sess.Name(), enc, sess.Options))
	return nil
}

// Rotate gives the session a new id (at login, against session fixation):
// the old row is deleted and the next Save writes a new row and cookie.
func (s *SessionStore) Rotate(ctx context.Context, sess *sessions.Session) error {
	if sess.ID != "" {
		if err := s.db.ctx(ctx).Where("id_hash = ?", hashID(sess.ID)).Delete(&sessionRow{}).Error; err != nil {
			return err
		}
	}
	sess.ID = ""
	return nil
}

// RevokeUser deletes every session of a user (implements account.SessionRevoker).
func (s *SessionStore) RevokeUser(ctx context.Context, userID int64) error {
	return s.db.ctx(ctx).Where("user_id = ?", userID).Delete(&sessionRow{}).Error
}

// Prune deletes expired sessions; the server calls it periodically.
func (s *SessionStore) Prune(ctx context.Context) (int64, error) {
	res := s.db.ctx(ctx).Where("expires_at <= now()").Delete(&sessionRow{})
	return res.RowsAffected, res.Error
}

func newSessionID() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashID(id string) []byte {
	h := sha256.Sum256([]byte(id))
	return h[:]
}
