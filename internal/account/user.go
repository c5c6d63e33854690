package account

import (
	"context"
	"errors"
	"time"
)

// Errors returned by the service and the stores.
var (
	ErrNotFound           = errors.New("account: not found")
	ErrInvalidCredentials = errors.New("account: invalid credentials")
	ErrInactive           = errors.New("account: inactive")
	ErrEmailTaken         = errors.New("account: email already registered")
	ErrPersonalIDTaken    = errors.New("account: personal ID already registered")
	ErrTaxCodeTaken       = errors.New("account: tax code already registered")
	ErrForbidden          = errors.New("account: not allowed")
	// ErrRegistered: some of the details given to register belong to an
	// account already (which ones is not said).
	ErrRegistered = errors.New("account: details already registered")
)

// ThrottledError says login is blocked until RetryAfter has passed.
type ThrottledError struct{ RetryAfter time.Duration }

func (e *ThrottledError) Error() string { return "account: too many failed logins" }

// User is an account.
type User struct {
	ID                int64
	Role              Role
	FullName          string
	PersonalID        string // 12 digits; citizens (optional for staff)
	TaxCode           string // businesses
	Email             string
	Phone             string
	UnitID            int64 // staff only
	Locale            string
	Active            bool
	IdentityVerified  bool // checked (MarkIdentityVerified), not only typed at registration
	PasswordHash      string
	PasswordChangedAt time.Time
	CreatedAt         time.Time
}

// Store persists users.
type Store interface {
	// Create inserts u and sets its ID and CreatedAt. It returns
	// ErrEmailTaken, ErrPersonalIDTaken or ErrTaxCodeTaken on a clash.
	Create(ctx context.Context, u *User) error
	Get(ctx context.Context, id int64) (User, error)
	// FindByLogin finds a user by email (any case), personal ID or tax code.
	FindByLogin(ctx context.Context, login string) (User, error)
	UpdatePassword(ctx context.Context, id int64, hash string, at time.Time) error
	UpdateLocale(ctx context.Context, id int64, locale string) error
	// UpdateContact changes a user's e-mail and phone (ErrEmailTaken when
	// another account has the e-mail).
	UpdateContact(ctx context.Context, id int64, email, phone string) error
	// UpdateStaff changes a staff account's name, phone, role and unit.
	UpdateStaff(ctx context.Context, id int64, in StaffEdit) error
	// SetActive locks (false) or unlocks an account.
	SetActive(ctx context.Context, id int64, active bool) error
	// SetIdentityVerified marks an account's identity as verified.
	SetIdentityVerified(ctx context.Context, id int64) error
	// CountActiveStaff counts the active staff with role in a unit.
	CountActiveStaff(ctx context.Context, unitID int64, role Role) (int, error)
	// ReleaseWork hands back what a leaving staff member holds (the
	// dossiers they had taken) and says how many there were.
	ReleaseWork(ctx context.Context, userID int64) (int, error)
	// The password reset tokens live with the users: a reset uses its
	// token and changes the password in one transaction.
	ResetStore
	List(ctx context.Context, f ListFilter) ([]User, int, error)
}

// ListFilter selects users for the administration list.
type ListFilter struct {
	Staff   bool   // only staff roles
	Role    Role   // one role, or all
	UnitID  int64  // one unit, or all
	Query   string // name or email contains
	Page    int    // from 1
	PerPage int
}

// FailureStore records failed logins for throttling. Keys are opaque hashes.
type FailureStore interface {
	CountFailures(ctx context.Context, key []byte, since time.Time) (n int, oldest time.Time, err error)
	RecordFailure(ctx context.Context, at time.Time, keys ...[]byte) error
	ClearFailures(ctx context.Context, key []byte) error
}

// SessionRevoker ends every session of a user (logout everywhere, password
// change, deactivation).
type SessionRevoker interface {
	RevokeUser(ctx context.Context, userID int64) error
}

// UnitChecker says whether a unit exists and is active, for staff creation.
type UnitChecker interface {
	UnitActive(ctx context.Context, id int64) (bool, error)
}
