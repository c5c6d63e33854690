package pgstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/audit"
)

type userRow struct {
	ID                int64 `gorm:"primaryKey"`
	Role              string
	FullName          string
	PersonalID        *string
	TaxCode           *string
	Email             string
	Phone             string
	PasswordHash      string
	UnitID            *int64
	Locale            string
	Active            bool
	IdentityVerified  bool
	PasswordChangedAt time.Time
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

func (userRow) TableName() string { return "users" }

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nullableID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func userToRow(u account.User) userRow {
	return userRow{ID: u.ID, Role: string(u.Role), FullName: u.FullName, PersonalID: nullable(u.PersonalID),
		TaxCode: nullable(u.TaxCode), Email: u.Email, Phone: u.Phone, PasswordHash: u.PasswordHash,
		UnitID: nullableID(u.UnitID), Locale: u.Locale, Active: u.Active, IdentityVerified: u.IdentityVerified,
		PasswordChangedAt: u.PasswordChangedAt, CreatedAt: u.CreatedAt}
}

func userFromRow(r userRow) account.User {
	return account.User{ID: r.ID, Role: account.Role(r.Role), FullName: r.FullName, PersonalID: deref(r.PersonalID),
		TaxCode: deref(r.TaxCode), Email: r.Email, Phone: r.Phone, PasswordHash: r.PasswordHash,
		UnitID: deref(r.UnitID), Locale: r.Locale, Active: r.Active, IdentityVerified: r.IdentityVerified,
		PasswordChangedAt: r.PasswordChangedAt, CreatedAt: r.CreatedAt}
}

// UserStore implements account.Store.
type UserStore struct{ db *DB }

// NewUserStore builds a UserStore.
func NewUserStore(db *DB) *UserStore { return &UserStore{db: db} }

// Create inserts u.
func (s *UserStore) Create(ctx context.Context, u *account.User) error {
	row := userToRow(*u)
	row.ID = 0
	err := s.db.ctx(ctx).Omit("CreatedAt", "UpdatedAt").Create(&row).Error
	if name, ok := uniqueViolation(err); ok {
		switch name {
		case "users_email_key":
			return account.ErrEmailTaken
		case "users_personal_id_key":
			return account.ErrPersonalIDTaken
		case "users_tax_code_key":
			return account.ErrTaxCodeTaken
		}
	}
	if err != nil {
		return err
	}
	// Read back the database's timestamps.
	var back userRow
	if err := s.db.ctx(ctx).Select("created_at").First(&back, row.ID).Error; err != nil {
		return err
	}
	u.ID, u.CreatedAt = row.ID, back.CreatedAt
	return nil
}

func (s *UserStore) first(ctx context.Context, where string, args ...any) (account.User, error) {
	var r userRow
	err := s.db.ctx(ctx).Where(where, args...).First(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return account.User{}, account.ErrNotFound
	}
	if err != nil {
		return account.User{}, err
	}
	return userFromRow(r), nil
}

// Get returns a user by id.
func (s *UserStore) Get(ctx context.Context, id int64) (account.User, error) {
	return s.first(ctx, "id = ?", id)
}

// FindByLogin finds a user by email, personal ID or tax code.
func (s *UserStore) FindByLogin(ctx context.Context, login string) (account.User, error) {
	login = strings.TrimSpace(login)
	if strings.Contains(login, "@") {
		return s.first(ctx, "lower(email) = lower(?)", login)
	}
	return s.first(ctx, "personal_id = ? OR tax_code = ?", login, login)
}

func (s *UserStore) update(ctx context.Context, id int64, cols map[string]any) error {
	cols["updated_at"] = time.Now().UTC()
	res := s.db.ctx(ctx).Model(&userRow{}).Where("id = ?", id).Updates(cols)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return account.ErrNotFound
	}
	return nil
}

// UpdatePassword sets a new hash.
func (s *UserStore) UpdatePassword(ctx context.Context, id int64, hash string, at time.Time) error {
	return s.update(ctx, id, map[string]any{"password_hash": hash, "password_changed_at": at})
}

// UpdateLocale remembers the language.
func (s *UserStore) UpdateLocale(ctx context.Context, id int64, locale string) error {
	return s.update(ctx, id, map[string]any{"locale": locale})
}

// UpdateContact changes a user's e-mail and phone.
func (s *UserStore) UpdateContact(ctx context.Context, id int64, email, phone string) error {
	err := s.update(ctx, id, map[string]any{"email": email, "phone": phone})
	if name, ok := uniqueViolation(err); ok && name == "users_email_key" {
		return account.ErrEmailTaken
	}
	return err
}

// UpdateStaff changes a staff account's name, phone, role and unit.
func (s *UserStore) UpdateStaff(ctx context.Context, id int64, in account.StaffEdit) error {
	return s.update(ctx, id, map[string]any{"full_name": in.FullName, "phone": in.Phone, "role": string(in.Role),
		"unit_id": in.UnitID})
}

// SetActive locks or unlocks an account.
func (s *UserStore) SetActive(ctx context.Context, id int64, active bool) error {
	return s.update(ctx, id, map[string]any{"active": active})
}

// SetIdentityVerified marks an account's identity as verified.
func (s *UserStore) SetIdentityVerified(ctx context.Context, id int64) error {
	return s.update(ctx, id, map[string]any{"identity_verified": true})
}

// CountActiveStaff counts the active staff with role in a unit.
func (s *UserStore) CountActiveStaff(ctx context.Context, unitID int64, role account.Role) (int, error) {
	var n int64
	err := s.db.ctx(ctx).Model(&userRow{}).Where("active AND unit_id = ? AND role = ?", unitID, string(role)).Count(&n).Error
	return int(n), err
}

// ReleaseWork ends a user's claims on dossiers: they return to their
// unit's queue (the queue-count triggers follow).
func (s *UserStore) ReleaseWork(ctx context.Context, userID int64) (int, error) {
	res, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE dossiers SET claimed_by = NULL, claimed_at = NULL,
		revision = revision + 1 WHERE claimed_by = $1`, userID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// CreateReset stores a password reset token's hash and voids the user's
// earlier unused tokens.
func (s *UserStore) CreateReset(ctx context.Context, userID int64, hash []byte, now, expires time.Time) error {
	// One statement: the old links die only with the new one written.
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `WITH voided AS (
			UPDATE password_resets SET used_at = $3 WHERE user_id = $1 AND used_at IS NULL)
		INSERT INTO password_resets (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		userID, hash, dbTime(now), dbTime(expires))
	return err
}

// ResetUser returns the user of a reset token still valid at now.
func (s *UserStore) ResetUser(ctx context.Context, hash []byte, now time.Time) (int64, error) {
	var id int64
	err := sqlConn(ctx, s.db).QueryRowContext(ctx, `SELECT user_id FROM password_resets
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`, hash, dbTime(now)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, account.ErrResetInvalid
	}
	return id, err
}

// PruneResets deletes reset links that were used or expired before.
func (s *UserStore) PruneResets(ctx context.Context, before time.Time) (int64, error) {
	res, err := sqlConn(ctx, s.db).ExecContext(ctx, `DELETE FROM password_resets
		WHERE coalesce(used_at, expires_at) < $1`, dbTime(before))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// UseReset marks a reset token used if it is still valid at now.
func (s *UserStore) UseReset(ctx context.Context, hash []byte, now time.Time) (bool, error) {
	res, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE password_resets SET used_at = $2
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`, hash, dbTime(now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// List returns one page of users and the total count.
func (s *UserStore) List(ctx context.Context, f account.ListFilter) ([]account.User, int, error) {
	q := s.db.ctx(ctx).Model(&userRow{})
	if f.Staff {
		q = q.Where("role NOT IN ('citizen','business')")
	}
	if f.Role != "" {
		q = q.Where("role = ?", string(f.Role))
	}
	if f.UnitID != 0 {
		q = q.Where("unit_id = ?", f.UnitID)
	}
	if f.Query != "" {
		like := "%" + escapeLike(f.Query) + "%"
		q = q.Where("full_name ILIKE ? OR email ILIKE ?", like, like)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var rows []userRow
	if err := q.Order("full_name, id").Offset((f.Page - 1) * f.PerPage).Limit(f.PerPage).Find(&rows).Error; err != nil {
		return nil, 0, err
	}
	out := make([]account.User, len(rows))
	for i, r := range rows {
		out[i] = userFromRow(r)
	}
	return out, int(total), nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// UnitActive implements account.UnitChecker.
func (s *UserStore) UnitActive(ctx context.Context, id int64) (bool, error) {
	var n int64
	err := s.db.ctx(ctx).Table("units").Where("id = ? AND active", id).Count(&n).Error
	return n == 1, err
}

// StaffCount is how many active staff accounts hold one role in one unit.
type StaffCount struct {
	UnitID int64
	Role   account.Role
	N      int
}

// ActiveStaffCounts counts the active staff accounts by unit and role, in
// one query: internal processes check that every unit a step may land on
// has someone with the step's role.
func (s *UserStore) ActiveStaffCounts(ctx context.Context) ([]StaffCount, error) {
	var rows []struct {
		UnitID int64
		Role   string
		N      int
	}
	if err := s.db.ctx(ctx).Raw(`SELECT unit_id, role, count(*) AS n FROM users
		WHERE active AND unit_id IS NOT NULL AND role NOT IN ('citizen', 'business')
		GROUP BY unit_id, role`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("count staff: %w", err)
	}
	out := make([]StaffCount, len(rows))
	for i, r := range rows {
		out[i] = StaffCount{UnitID: r.UnitID, Role: account.Role(r.Role), N: r.N}
	}
	return out, nil
}

type loginFailureRow struct {
	ID  int64 `gorm:"primaryKey"`
	Key []byte
	At  time.Time
}

func (loginFailureRow) TableName() string { return "login_failures" }

// FailureStore implements account.FailureStore.
type FailureStore struct{ db *DB }

// NewFailureStore builds a FailureStore.
func NewFailureStore(db *DB) *FailureStore { return &FailureStore{db: db} }

// CountFailures counts failures for key since a time, and the oldest one.
func (s *FailureStore) CountFailures(ctx context.Context, key []byte, since time.Time) (int, time.Time, error) {
	var res struct {
		N      int64
		Oldest *time.Time
	}
	err := s.db.ctx(ctx).Model(&loginFailureRow{}).Select("count(*) AS n, min(at) AS oldest").
		Where("key = ? AND at >= ?", key, since).Scan(&res).Error
	return int(res.N), deref(res.Oldest), err
}

// RecordFailure stores one failure under each key.
func (s *FailureStore) RecordFailure(ctx context.Context, at time.Time, keys ...[]byte) error {
	rows := make([]loginFailureRow, len(keys))
	for i, k := range keys {
		rows[i] = loginFailureRow{Key: k, At: at}
	}
	return s.db.ctx(ctx).Create(&rows).Error
}

// ClearFailures forgets the failures of key (after a successful login).
func (s *FailureStore) ClearFailures(ctx context.Context, key []byte) error {
	return s.db.ctx(ctx).Where("key = ?", key).Delete(&loginFailureRow{}).Error
}

// PruneFailures deletes failures older than before.
func (s *FailureStore) PruneFailures(ctx context.Context, before time.Time) error {
	return s.db.ctx(ctx).Where("at < ?", before).Delete(&loginFailureRow{}).Error
}

// AccountTx runs fn with the account and audit stores bound to one
// transaction; it is the account service's Deps.Tx.
func (db *DB) AccountTx(ctx context.Context, fn func(users account.Store, log audit.Store) error) error {
	return db.InTx(ctx, func(tx *DB) error { return fn(NewUserStore(tx), NewAuditStore(tx)) })
}
