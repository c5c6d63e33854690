package account

import (
	"context"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/valid"
)

// UpdateContact changes an applicant's e-mail and phone, the addresses
// notifications and reset links go to. The current password confirms it
// (a session left open on a shared computer must not hand the account
// over). The change and its audit entry are one transaction; then, when
// the e-mail changed, the old address is told, so that a change the owner
// did not make is noticed. Staff contact details are administration's.
// It returns whether the e-mail changed.
func (s *Service) UpdateContact(ctx context.Context, userID int64, email, phone, password string) (bool, error) {
	u, err := s.d.Users.Get(ctx, userID)
	if err != nil {
		return false, err
	}
	if u.Role.Staff() {
		return false, ErrForbidden
	}
	email = strings.ToLower(strings.TrimSpace(email))
	phone = valid.NormalizePhone(phone)
	var errs valid.Errors
	checkContact(&errs, email, phone)
	if password == "" {
		errs.Add("contact_password", "account.error.current_password_required")
	} else if ok, err := CheckPassword(u.PasswordHash, password); err != nil {
		return false, err
	} else if !ok {
		errs.Add("contact_password", "account.error.current_password")
	}
	if len(errs) > 0 {
		return false, errs
	}
	var changes audit.Changes
	changes.Add("email", u.Email, email)
	changes.Add("phone", u.Phone, phone)
	if len(changes) == 0 {
		return false, nil
	}
	err = s.d.Tx(ctx, func(users Store, log audit.Store) error {
		if err := users.UpdateContact(ctx, userID, email, phone); err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{ActorID: userID, Action: "account.update_contact", ObjectType: "user",
			ObjectID: strconv.FormatInt(userID, 10), Changes: changes})
	})
	if err != nil {
		return false, clashToField(err)
	}
	if u.Email == email {
		return false, nil
	}
	return true, s.d.Mailer.SendEmailChanged(ctx, u, email)
}

// SignOutElsewhere ends every session of the user (a phone lost, a shared
// computer left signed in); the caller starts a new one for the device
// asking. The audit trail records it.
func (s *Service) SignOutElsewhere(ctx context.Context, userID int64) error {
	if err := s.d.Sessions.RevokeUser(ctx, userID); err != nil {
		return err
	}
	return s.d.Audit.Append(ctx, audit.Entry{ActorID: userID, Action: "account.sign_out_elsewhere", ObjectType: "user",
		ObjectID: strconv.FormatInt(userID, 10)})
}
