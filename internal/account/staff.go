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
		u, err := staffIn(ctx, users, id)
		if err != nil {
			return err
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

// History is an account's audit trail, oldest first.
func (s *Service) History(ctx context.Context, id int64) ([]audit.Entry, error) {
	return s.d.Audit.ForObject(ctx, "user", strconv.FormatInt(id, 10))
}

// StaffEdit is what an administrator may change on a staff account:
// someone renamed, with a new phone, promoted, or moved to another unit.
// The e-mail (their sign-in) stays.
type StaffEdit struct {
	FullName string
	Phone    string
	Role     Role
	UnitID   int64
}

// UpdateStaff changes a staff account. When the role or the unit changes,
// the dossiers the person had taken go back to their old unit's queue, in
// the same transaction as the change and its audit entry. An
// administrator cannot take their own administrator role away
// (ErrForbidden): someone must be left to give it back.
func (s *Service) UpdateStaff(ctx context.Context, actorID, id int64, in StaffEdit) error {
	in.FullName = strings.Join(strings.Fields(in.FullName), " ")
	in.Phone = valid.NormalizePhone(in.Phone)
	var errs valid.Errors
	switch {
	case in.FullName == "":
		errs.Add("full_name", "account.error.name_required")
	case !valid.Length(in.FullName, 2, 200):
		errs.Add("full_name", "account.error.name_length")
	}
	switch {
	case in.Phone == "":
		errs.Add("phone", "account.error.phone_required")
	case !valid.Phone(in.Phone):
		errs.Add("phone", "account.error.phone_invalid")
	}
	if err := s.checkPlace(ctx, &errs, in.Role, in.UnitID); err != nil {
		return err
	}
	if len(errs) > 0 {
		return errs
	}
	return s.d.Tx(ctx, func(users Store, log audit.Store) error {
		u, err := staffIn(ctx, users, id)
		if err != nil {
			return err
		}
		if actorID == id && u.Role == RoleAdmin && in.Role != RoleAdmin {
			return ErrForbidden
		}
		var changes audit.Changes
		changes.Add("full_name", u.FullName, in.FullName)
		changes.Add("phone", u.Phone, in.Phone)
		changes.Add("role", string(u.Role), string(in.Role))
		changes.Add("unit_id", strconv.FormatInt(u.UnitID, 10), strconv.FormatInt(in.UnitID, 10))
		if len(changes) == 0 {
			return nil
		}
		if err := users.UpdateStaff(ctx, id, in); err != nil {
			return err
		}
		if u.Role != in.Role || u.UnitID != in.UnitID {
			n, err := users.ReleaseWork(ctx, id)
			if err != nil {
				return err
			}
			if n > 0 {
				changes = append(changes, audit.Change{Field: "released_dossiers", New: strconv.Itoa(n)})
			}
		}
		return log.Append(ctx, audit.Entry{ActorID: actorID, Action: "account.update_staff", ObjectType: "user",
			ObjectID: strconv.FormatInt(id, 10), Changes: changes})
	})
}

// staffIn reads a staff account in a transaction; ErrNotFound for an
// applicant's.
func staffIn(ctx context.Context, users Store, id int64) (User, error) {
	u, err := users.Get(ctx, id)
	if err == nil && !u.Role.Staff() {
		return User{}, ErrNotFound
	}
	return u, err
}

// checkPlace checks a staff member's role and unit (an active one).
func (s *Service) checkPlace(ctx context.Context, errs *valid.Errors, role Role, unitID int64) error {
	if !role.Staff() {
		errs.Add("role", "account.error.role")
	}
	if unitID == 0 {
		errs.Add("unit_id", "account.error.unit_required")
		return nil
	}
	ok, err := s.d.Units.UnitActive(ctx, unitID)
	if err == nil && !ok {
		errs.Add("unit_id", "account.error.unit_unknown")
	}
	return err
}
