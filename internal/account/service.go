package account

import (
	"context"
	"crypto/sha256"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/valid"
)

// Limits configures login and registration throttling.
type Limits struct {
	MaxFailuresAccount int
	MaxFailuresIP      int
	Window             time.Duration
	// MaxRegistrationsIP registrations per client address within
	// RegisterWindow (0: no limit, for the command line and seeding).
	MaxRegistrationsIP int
	RegisterWindow     time.Duration
}

// Deps are what the service needs. Tx runs fn with stores bound to one
// transaction.
type Deps struct {
	Users    Store
	Failures FailureStore
	Sessions SessionRevoker
	Units    UnitChecker
	// Resets keeps password reset tokens (usually Users itself); Mailer
	// sends the reset links and the notice of a changed e-mail.
	Resets ResetStore
	Mailer Mailer
	Audit  audit.Store
	Tx     func(ctx context.Context, fn func(Store, audit.Store) error) error
	Limits Limits
	Hash   HashParams
	Now    func() time.Time
}

// Service holds the account rules.
type Service struct {
	d         Deps
	dummyHash string
}

// NewService builds the service.
func NewService(d Deps) (*Service, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	// Hashing a dummy password when the login is unknown keeps the time of
	// a failed login the same whether or not the account exists.
	h, err := HashPassword("motcua-dummy-password", d.Hash)
	if err != nil {
		return nil, err
	}
	return &Service{d: d, dummyHash: h}, nil
}

// RegisterInput is what an applicant fills in to register.
type RegisterInput struct {
	Kind       Role // RoleCitizen or RoleBusiness
	FullName   string
	PersonalID string
	TaxCode    string
	Email      string
	Phone      string
	Password   string
	Password2  string
	Locale     string
	// ClientIP is the address registering, for throttling ("" from the
	// command line and seeding).
	ClientIP string
}

func (in *RegisterInput) normalize() {
	in.FullName = strings.Join(strings.Fields(in.FullName), " ")
	in.PersonalID = strings.TrimSpace(in.PersonalID)
	in.TaxCode = strings.TrimSpace(in.TaxCode)
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	in.Phone = valid.NormalizePhone(in.Phone)
}

// Validate checks the input and returns field errors keyed by form field.
func (in RegisterInput) Validate() valid.Errors {
	var errs valid.Errors
	if in.Kind != RoleCitizen && in.Kind != RoleBusiness {
		errs.Add("kind", "account.error.kind")
	}
	switch {
	case in.FullName == "":
		errs.Add("full_name", "account.error.name_required")
	case !valid.Length(in.FullName, 2, 200):
		errs.Add("full_name", "account.error.name_length")
	}
	if in.Kind == RoleCitizen {
		switch {
		case in.PersonalID == "":
			errs.Add("personal_id", "account.error.personal_id_required")
		case !valid.PersonalID(in.PersonalID):
			errs.Add("personal_id", "account.error.personal_id_invalid")
		}
	}
	if in.Kind == RoleBusiness {
		switch {
		case in.TaxCode == "":
			errs.Add("tax_code", "account.error.tax_code_required")
		case !valid.TaxCode(in.TaxCode):
			errs.Add("tax_code", "account.error.tax_code_invalid")
		}
	}
	checkContact(&errs, in.Email, in.Phone)
	checkNewPassword(&errs, "password", in.Password, in.Password2)
	return errs
}

func checkContact(errs *valid.Errors, email, phone string) {
	switch {
	case email == "":
		errs.Add("email", "account.error.email_required")
	case !valid.Email(email):
		errs.Add("email", "account.error.email_invalid")
	}
	switch {
	case phone == "":
		errs.Add("phone", "account.error.phone_required")
	case !valid.Phone(phone):
		errs.Add("phone", "account.error.phone_invalid")
	}
}

// commonPasswords are refused outright; a longer list belongs in data.
var commonPasswords = map[string]bool{
	"12345678": true, "123456789": true, "1234567890": true, "password": true, "matkhau123": true,
	"11111111": true, "00000000": true, "abc12345": true, "password1": true, "qwerty123": true,
}

func checkNewPassword(errs *valid.Errors, field, pw, again string) {
	switch {
	case pw == "":
		errs.Add(field, "account.error.password_required")
	case !valid.Length(pw, 8, 128):
		errs.Add(field, "account.error.password_length")
	case commonPasswords[strings.ToLower(pw)]:
		errs.Add(field, "account.error.password_common")
	case pw != again:
		errs.Add(field+"_confirm", "account.error.password_mismatch")
	}
}

// Register creates a citizen or business account. Details another
// account has (its e-mail, personal ID or tax code) give ErrRegistered,
// whichever they are, so registering does not tell which details have an
// account. With a ClientIP, registrations are limited per address like
// failed logins (a *ThrottledError), whatever their outcome.
func (s *Service) Register(ctx context.Context, in RegisterInput) (User, error) {
	in.normalize()
	errs := in.Validate()
	if len(errs) > 0 {
		return User{}, errs
	}
	if err := s.countRegistration(ctx, in.ClientIP); err != nil {
		return User{}, err
	}
	for _, id := range []string{in.Email, in.identifier()} {
		if _, err := s.d.Users.FindByLogin(ctx, id); err == nil {
			return User{}, ErrRegistered
		} else if !errors.Is(err, ErrNotFound) {
			return User{}, err
		}
	}
	hash, err := HashPassword(in.Password, s.d.Hash)
	if err != nil {
		return User{}, err
	}
	u := User{
		Role: in.Kind, FullName: in.FullName, Email: in.Email, Phone: in.Phone,
		Locale: localeOr(in.Locale), Active: true, PasswordHash: hash, PasswordChangedAt: s.d.Now(),
	}
	if in.Kind == RoleCitizen {
		u.PersonalID = in.PersonalID
	} else {
		u.TaxCode = in.TaxCode
	}
	err = s.d.Tx(ctx, func(users Store, log audit.Store) error {
		if err := users.Create(ctx, &u); err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{ActorID: u.ID, Action: "account.register", ObjectType: "user",
			ObjectID: strconv.FormatInt(u.ID, 10), Changes: []audit.Change{{Field: "role", New: string(u.Role)}}})
	})
	if errors.Is(err, ErrEmailTaken) || errors.Is(err, ErrPersonalIDTaken) || errors.Is(err, ErrTaxCodeTaken) {
		return User{}, ErrRegistered // the constraints guard against a race
	}
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// identifier is the personal ID of a citizen, the tax code of a business.
func (in RegisterInput) identifier() string {
	if in.Kind == RoleBusiness {
		return in.TaxCode
	}
	return in.PersonalID
}

// countRegistration refuses a registration from an address that has had
// its share within the window, and counts this one.
func (s *Service) countRegistration(ctx context.Context, clientIP string) error {
	if clientIP == "" || s.d.Limits.MaxRegistrationsIP < 1 {
		return nil
	}
	now := s.d.Now()
	key := throttleKey("register-ip", clientIP)
	if err := s.underLimits(ctx, now, s.d.Limits.RegisterWindow, limit{key, s.d.Limits.MaxRegistrationsIP}); err != nil {
		return err
	}
	return s.d.Failures.RecordFailure(ctx, now, key)
}

// clashToField turns a uniqueness clash into the field error the form shows.
func clashToField(err error) error {
	var errs valid.Errors
	switch {
	case errors.Is(err, ErrEmailTaken):
		errs.Add("email", "account.error.email_taken")
	case errors.Is(err, ErrPersonalIDTaken):
		errs.Add("personal_id", "account.error.personal_id_taken")
	case errors.Is(err, ErrTaxCodeTaken):
		errs.Add("tax_code", "account.error.tax_code_taken")
	default:
		return err
	}
	return errs
}

func localeOr(l string) string {
	if l == "en" {
		return "en"
	}
	return "vi"
}

func throttleKey(kind, v string) []byte {
	h := sha256.Sum256([]byte(kind + ":" + v))
	return h[:]
}

// limit is how many attempts a throttle key may have in a window.
type limit struct {
	key []byte
	max int
}

// underLimits returns a *ThrottledError when one of the keys has reached
// its limit of attempts within window before now.
func (s *Service) underLimits(ctx context.Context, now time.Time, window time.Duration, limits ...limit) error {
	for _, l := range limits {
		n, oldest, err := s.d.Failures.CountFailures(ctx, l.key, now.Add(-window))
		if err != nil {
			return err
		}
		if n >= l.max {
			return &ThrottledError{RetryAfter: waitUntil(oldest.Add(window), now)}
		}
	}
	return nil
}

// Authenticate checks a login and password. It refuses with a
// *ThrottledError while the account or the client address has too many
// recent failures, and returns ErrInvalidCredentials without saying which
// part was wrong.
func (s *Service) Authenticate(ctx context.Context, login, password, clientIP string) (User, error) {
	login = strings.ToLower(strings.TrimSpace(login))
	now := s.d.Now()
	acctKey, ipKey := throttleKey("account", login), throttleKey("ip", clientIP)
	if err := s.underLimits(ctx, now, s.d.Limits.Window, limit{acctKey, s.d.Limits.MaxFailuresAccount},
		limit{ipKey, s.d.Limits.MaxFailuresIP}); err != nil {
		return User{}, err
	}
	u, err := s.d.Users.FindByLogin(ctx, login)
	hash := u.PasswordHash
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			return User{}, err
		}
		hash = s.dummyHash
	}
	ok, cerr := CheckPassword(hash, password)
	if cerr != nil {
		return User{}, cerr
	}
	if err != nil || !ok || !u.Active {
		if rerr := s.d.Failures.RecordFailure(ctx, now, acctKey, ipKey); rerr != nil {
			return User{}, rerr
		}
		if ok && err == nil && !u.Active {
			return User{}, ErrInactive
		}
		return User{}, ErrInvalidCredentials
	}
	if err := s.d.Failures.ClearFailures(ctx, acctKey); err != nil {
		return User{}, err
	}
	return u, nil
}

// StaffInput is what an administrator fills in to create a staff account.
type StaffInput struct {
	FullName   string
	Email      string
	Phone      string
	PersonalID string
	Role       Role
	UnitID     int64
	Password   string
	// PasswordHash, when set, is used as the account's hash instead of
	// hashing Password (which is then ignored): seeding hundreds of demo
	// accounts that share one password hashes it once (HashPassword).
	PasswordHash string
}

// HashPassword checks a new password as CreateStaff does and hashes it
// with the service's cost, for StaffInput.PasswordHash. A refused password
// is a valid.Errors on "password".
func (s *Service) HashPassword(pw string) (string, error) {
	var errs valid.Errors
	checkNewPassword(&errs, "password", pw, pw)
	if len(errs) > 0 {
		return "", errs
	}
	return HashPassword(pw, s.d.Hash)
}

// CreateStaff creates a staff account in a unit. actorID is the
// administrator (0 for the command line).
func (s *Service) CreateStaff(ctx context.Context, actorID int64, in StaffInput) (User, error) {
	in.FullName = strings.Join(strings.Fields(in.FullName), " ")
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	in.Phone = valid.NormalizePhone(in.Phone)
	in.PersonalID = strings.TrimSpace(in.PersonalID)
	var errs valid.Errors
	if in.FullName == "" {
		errs.Add("full_name", "account.error.name_required")
	}
	checkContact(&errs, in.Email, in.Phone)
	if in.PersonalID != "" && !valid.PersonalID(in.PersonalID) {
		errs.Add("personal_id", "account.error.personal_id_invalid")
	}
	if err := s.checkPlace(ctx, &errs, in.Role, in.UnitID); err != nil {
		return User{}, err
	}
	if in.PasswordHash == "" {
		checkNewPassword(&errs, "password", in.Password, in.Password)
	}
	if len(errs) > 0 {
		return User{}, errs
	}
	hash := in.PasswordHash
	if hash == "" {
		h, err := HashPassword(in.Password, s.d.Hash)
		if err != nil {
			return User{}, err
		}
		hash = h
	}
	u := User{Role: in.Role, FullName: in.FullName, Email: in.Email, Phone: in.Phone, PersonalID: in.PersonalID,
		UnitID: in.UnitID, Locale: "vi", Active: true, PasswordHash: hash, PasswordChangedAt: s.d.Now()}
	err := s.d.Tx(ctx, func(users Store, log audit.Store) error {
		if err := users.Create(ctx, &u); err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{ActorID: actorID, Action: "account.create_staff", ObjectType: "user",
			ObjectID: strconv.FormatInt(u.ID, 10), Changes: []audit.Change{
				{Field: "role", New: string(u.Role)}, {Field: "unit_id", New: strconv.FormatInt(u.UnitID, 10)}}})
	})
	if err != nil {
		return User{}, clashToField(err)
	}
	return u, nil
}

// ChangePassword replaces a user's password after checking the current one,
// and revokes every session of the user (the caller starts a new one).
func (s *Service) ChangePassword(ctx context.Context, userID int64, current, next, again string) error {
	u, err := s.d.Users.Get(ctx, userID)
	if err != nil {
		return err
	}
	var errs valid.Errors
	if ok, err := CheckPassword(u.PasswordHash, current); err != nil {
		return err
	} else if !ok {
		errs.Add("current_password", "account.error.current_password")
	}
	checkNewPassword(&errs, "new_password", next, again)
	if len(errs) > 0 {
		return errs
	}
	hash, err := HashPassword(next, s.d.Hash)
	if err != nil {
		return err
	}
	err = s.d.Tx(ctx, func(users Store, log audit.Store) error {
		if err := users.UpdatePassword(ctx, userID, hash, s.d.Now()); err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{ActorID: userID, Action: "account.change_password", ObjectType: "user",
			ObjectID: strconv.FormatInt(userID, 10), Changes: []audit.Change{{Field: "password"}}})
	})
	if err != nil {
		return err
	}
	return s.d.Sessions.RevokeUser(ctx, userID)
}

// MarkIdentityVerified records that an applicant's identity was checked,
// and how ("demo" for the seeded demo accounts; the national identity and
// the desk later), so the national registries may prefill their forms.
// actorID is who checked (0 for the system).
func (s *Service) MarkIdentityVerified(ctx context.Context, actorID, userID int64, how string) error {
	return s.d.Tx(ctx, func(users Store, log audit.Store) error {
		u, err := users.Get(ctx, userID)
		if err != nil {
			return err
		}
		if u.Role != RoleCitizen && u.Role != RoleBusiness {
			return ErrForbidden
		}
		if u.IdentityVerified {
			return nil
		}
		if err := users.SetIdentityVerified(ctx, userID); err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{ActorID: actorID, Action: "account.verify_identity", ObjectType: "user",
			ObjectID: strconv.FormatInt(userID, 10), Changes: []audit.Change{{Field: "identity_verified", Old: "false",
				New: "true"}, {Field: "how", New: how}}})
	})
}

// SetLocale remembers a user's language.
func (s *Service) SetLocale(ctx context.Context, userID int64, locale string) error {
	return s.d.Users.UpdateLocale(ctx, userID, localeOr(locale))
}

// Get returns a user by id.
func (s *Service) Get(ctx context.Context, id int64) (User, error) { return s.d.Users.Get(ctx, id) }

// List returns users for the administration list.
func (s *Service) List(ctx context.Context, f ListFilter) ([]User, int, error) {
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage < 1 || f.PerPage > 200 {
		f.PerPage = 50
	}
	return s.d.Users.List(ctx, f)
}

// Throttle limits failed attempts of one kind per key (status lookups per
// client address, say) in the same store and the same way as logins.
type Throttle struct {
	Failures FailureStore
	Kind     string // key prefix, e.g. "lookup-ip"
	Max      int
	Window   time.Duration
	Now      func() time.Time
}

// Allow reports whether key may try again, and if not, in how many whole
// minutes (at least one).
func (t Throttle) Allow(ctx context.Context, key string) (bool, int, error) {
	now := t.now()
	n, oldest, err := t.Failures.CountFailures(ctx, throttleKey(t.Kind, key), now.Add(-t.Window))
	if err != nil || n < t.Max {
		return err == nil, 0, err
	}
	return false, int(math.Ceil(waitUntil(oldest.Add(t.Window), now).Minutes())), nil
}

// Failed records one failed attempt of key.
func (t Throttle) Failed(ctx context.Context, key string) error {
	return t.Failures.RecordFailure(ctx, t.now(), throttleKey(t.Kind, key))
}

func (t Throttle) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// waitUntil is how long until the window frees a try: at least a minute,
// so the message never says "0 minutes".
func waitUntil(free, now time.Time) time.Duration {
	return max(free.Sub(now), time.Minute)
}
