package account

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/valid"
)

// MaxLockReason is the longest reason for locking an account, in
// characters.
const MaxLockReason = 500

// StaffAccount is a staff account as administration sees it, with how
// many other active colleagues hold the same role in the same unit (none
// means the unit's queue for that role has nobody once this one goes).
type StaffAccount struct {
	User
	Colleagues int
}

// Staff returns a staff account for administration; ErrNotFound for an
// applicant's account, which administration does not open.
func (s *Service) Staff(ctx context.Context, id int64) (StaffAccount, error) {
	u, err := s.d.Users.Get(ctx, id)
	if err != nil {
		return StaffAccount{}, err
	}
	if !u.Role.Staff() {
		return StaffAccount{}, ErrNotFound
	}
	n, err := s.d.Users.CountActiveStaff(ctx, u.UnitID, u.Role)
	if err != nil {
		return StaffAccount{}, err
	}
	if u.Active {
		n--
	}
	return StaffAccount{User: u, Colleagues: n}, nil
}

// LockStaff deactivates a staff account (someone left or moved), with a
// reason: in one transaction the account is locked, the dossiers its owner
// had taken go back to their unit's queue and the audit trail records who
// did it and why; then every session of the account ends. An
// administrator cannot lock their own account (ErrForbidden).
func (s *Service) LockStaff(ctx context.Context, actorID, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	var errs valid.Errors
	switch {
	case reason == "":
		errs.Add("reason", "account.error.lock_reason_required")
	case utf8.RuneCountInString(reason) > MaxLockReason:
		errs.Add("reason", "account.error.lock_reason_long", MaxLockReason)
	}
	if len(errs) > 0 {
		return errs
	}
	if err := s.setActive(ctx, actorID, id, false, reason); err != nil {
		return err
	}
	return s.d.Sessions.RevokeUser(ctx, id)
}

// UnlockStaff reactivates a locked staff account.
func (s *Service) UnlockStaff(ctx context.Context, actorID, id int64) error {
	return s.setActive(ctx, actorID, id, true, "")
}

func (s *Service) setActive(ctx context.Context, actorID, id int64, active bool, reason string) error {
	if actorID == id {
		return ErrForbidden
	}
	return s.d.Tx(ctx, func(users Store, log audit.Store) error {
		u, err := users.Get(ctx, id)
		if err != nil {
			return err
		}
		if !u.Role.Staff() {
			return ErrNotFound
		}
		if u.Active == active {
			return nil // already so: nothing to record
		}
		if err := users.SetActive(ctx, id, active); err != nil {
			return err
		}
		action := "account.unlock"
		changes := []audit.Change{{Field: "active", Old: "false", New: "true"}}
		if !active {
			action = "account.lock"
			changes = []audit.Change{{Field: "active", Old: "true", New: "false"}, {Field: "reason", New: reason}}
			n, err := users.ReleaseWork(ctx, id)
			if err != nil {
				return err
			}
			if n > 0 {
				changes = append(changes, audit.Change{Field: "released_dossiers", New: strconv.Itoa(n)})
			}
		}
		return log.Append(ctx, audit.Entry{ActorID: actorID, Action: action, ObjectType: "user",
			ObjectID: strconv.FormatInt(id, 10), Changes: changes})
	})
}

// StaffHistory is a staff account's audit trail, oldest first.
func (s *Service) StaffHistory(ctx context.Context, id int64) ([]audit.Entry, error) {
	return s.d.Audit.ForObject(ctx, "user", strconv.FormatInt(id, 10))
}
