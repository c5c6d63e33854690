package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/valid"
)

// Password reset: someone who forgot their password asks for a link by
// e-mail, and the link (a random token, of which only the hash is kept)
// sets a new password once, within ResetTTL. Whether an address belongs
// to an account is never told: the answer is the same either way.

// ResetTTL is how long a reset link works.
const ResetTTL = time.Hour

// Limits of reset requests: per address and per client address, within
// ResetWindow (housekeeping keeps the record of requests that long).
const (
	resetMaxPerAccount = 3
	resetMaxPerIP      = 10
	ResetWindow        = time.Hour
)

// ErrResetInvalid: the link is unknown, used or expired.
var ErrResetInvalid = errors.New("account: password reset link invalid or expired")

// Mailer sends the e-mails of the account itself: a reset link, and the
// notice to the old address when the e-mail changes.
type Mailer interface {
	SendReset(ctx context.Context, u User, link string, expires time.Time) error
	// SendEmailChanged tells u, at their old address, that it was
	// replaced by newEmail.
	SendEmailChanged(ctx context.Context, u User, newEmail string) error
}

// ResetStore keeps reset tokens (by hash). Methods run in the caller's
// transaction where there is one.
type ResetStore interface {
	// CreateReset stores a new token for a user and voids their earlier
	// unused ones.
	CreateReset(ctx context.Context, userID int64, hash []byte, now, expires time.Time) error
	// ResetUser returns the user of a token still valid at now.
	ResetUser(ctx context.Context, hash []byte, now time.Time) (int64, error)
	// UseReset marks a token used, if it is still valid at now; false when
	// it is not (used meanwhile, or expired).
	UseReset(ctx context.Context, hash []byte, now time.Time) (bool, error)
}

// RequestReset sends a reset link to the account with this e-mail
// address, if there is an active one; link builds the page address from
// the token. It returns nil whether or not an account exists (the caller
// says the same to everyone), a *ThrottledError when the client or the
// address asked too often, and valid.Errors for an address that is not
// one. A failure to send is returned for the caller to log, not to show.
func (s *Service) RequestReset(ctx context.Context, email, clientIP string, link func(token string) string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	var errs valid.Errors
	switch {
	case email == "":
		errs.Add("email", "account.error.email_required")
	case !valid.Email(email):
		errs.Add("email", "account.error.email_invalid")
	}
	if len(errs) > 0 {
		return errs
	}
	now := s.d.Now()
	acctKey, ipKey := throttleKey("reset-account", email), throttleKey("reset-ip", clientIP)
	if err := s.underLimits(ctx, now, ResetWindow, limit{acctKey, resetMaxPerAccount}, limit{ipKey, resetMaxPerIP}); err != nil {
		return err
	}
	if err := s.d.Failures.RecordFailure(ctx, now, acctKey, ipKey); err != nil {
		return err
	}
	token, hash, err := newResetToken()
	if err != nil {
		return err
	}
	u, err := s.d.Users.FindByLogin(ctx, email)
	if errors.Is(err, ErrNotFound) || (err == nil && !u.Active) {
		return nil // nothing to send, and nothing to tell
	}
	if err != nil {
		return err
	}
	expires := now.Add(ResetTTL)
	if err := s.d.Resets.CreateReset(ctx, u.ID, hash, now, expires); err != nil {
		return err
	}
	return s.d.Mailer.SendReset(ctx, u, link(token), expires)
}

// CheckReset says whether a reset link still works (ErrResetInvalid if
// not), for showing its form.
func (s *Service) CheckReset(ctx context.Context, token string) error {
	_, err := s.d.Resets.ResetUser(ctx, hashToken(token), s.d.Now())
	return err
}

// ResetPassword sets a new password through a reset link: the link is used
// up, the password replaced and the audit entry written in one
// transaction; then every session of the account ends.
func (s *Service) ResetPassword(ctx context.Context, token, next, again string) error {
	hash := hashToken(token)
	now := s.d.Now()
	userID, err := s.d.Resets.ResetUser(ctx, hash, now)
	if err != nil {
		return err
	}
	var errs valid.Errors
	checkNewPassword(&errs, "new_password", next, again)
	if len(errs) > 0 {
		return errs
	}
	pw, err := HashPassword(next, s.d.Hash)
	if err != nil {
		return err
	}
	err = s.d.Tx(ctx, func(users Store, log audit.Store) error {
		ok, err := users.UseReset(ctx, hash, now)
		if err != nil {
			return err
		}
		if !ok {
			return ErrResetInvalid
		}
		if err := users.UpdatePassword(ctx, userID, pw, now); err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{ActorID: userID, Action: "account.reset_password", ObjectType: "user",
			ObjectID: strconv.FormatInt(userID, 10), Changes: []audit.Change{{Field: "password"}}})
	})
	if err != nil {
		return err
	}
	return s.d.Sessions.RevokeUser(ctx, userID)
}

// newResetToken returns a random token (256 bits, URL-safe) and its hash.
func newResetToken() (string, []byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	t := base64.RawURLEncoding.EncodeToString(b)
	return t, hashToken(t), nil
}

func hashToken(t string) []byte {
	h := sha256.Sum256([]byte(t))
	return h[:]
}
