package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/motcua/motcua/internal/org"
)

// UnitStore persists organisation units in the units table.
type UnitStore struct{ db *DB }

var _ org.Store = (*UnitStore)(nil)

// NewUnitStore returns a store using db (a pool or a transaction).
func NewUnitStore(db *DB) *UnitStore { return &UnitStore{db: db} }

type unitRow struct {
	ID        int64     `gorm:"column:id;primaryKey"`
	Code      string    `gorm:"column:code"`
	Name      string    `gorm:"column:name"`
	ShortName string    `gorm:"column:short_name"`
	Kind      string    `gorm:"column:kind"`
	ParentID  *int64    `gorm:"column:parent_id"`
	AdminCode string    `gorm:"column:admin_code"`
	Reception bool      `gorm:"column:reception"`
	Active    bool      `gorm:"column:active"`
	SortOrder int       `gorm:"column:sort_order"`
	CreatedAt time.Time `gorm:"column:created_at"`
	UpdatedAt time.Time `gorm:"column:updated_at"`
}

func (unitRow) TableName() string { return "units" }

func unitFromRow(r unitRow) org.Unit {
	u := org.Unit{
		ID:        r.ID,
		Code:      r.Code,
		Name:      r.Name,
		ShortName: r.ShortName,
		Kind:      org.Kind(r.Kind),
		AdminCode: r.AdminCode,
		Reception: r.Reception,
		Active:    r.Active,
		SortOrder: r.SortOrder,
	}
	if r.ParentID != nil {
		u.ParentID = *r.ParentID
	}
	return u
}

// Get returns the unit with the given id.
func (s *UnitStore) Get(ctx context.Context, id int64) (org.Unit, error) {
	var r unitRow
	if err := s.db.ctx(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return org.Unit{}, unitErr(err, fmt.Sprintf("id %d", id))
	}
	return unitFromRow(r), nil
}

// GetByCode returns the unit with the given electronic identifier.
func (s *UnitStore) GetByCode(ctx context.Context, code string) (org.Unit, error) {
	var r unitRow
	if err := s.db.ctx(ctx).Where("code = ?", code).Take(&r).Error; err != nil {
		return org.Unit{}, unitErr(err, "code "+code)
	}
	return unitFromRow(r), nil
}

// List returns every unit, ordered by sort order then name.
func (s *UnitStore) List(ctx context.Context) ([]org.Unit, error) {
	var rows []unitRow
	if err := s.db.ctx(ctx).Order("sort_order, name, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	units := make([]org.Unit, len(rows))
	for i, r := range rows {
		units[i] = unitFromRow(r)
	}
	return units, nil
}

// Upsert inserts or updates units by code in one transaction. A parent code
// must name a unit earlier in units or one already stored. A unit counts as
// changed when any seeded column differs; active is left alone so that a
// re-seed does not revive a unit an administrator switched off.
func (s *UnitStore) Upsert(ctx context.Context, units []org.SeedUnit) (added, changed int, err error) {
	err = s.db.InTx(ctx, func(tx *DB) error {
		added, changed = 0, 0 // a retried closure must not count twice
		db := tx.ctx(ctx)
		// Serialise concurrent upserts (two seed runs would otherwise race on
		// the unique code); plain reads are not blocked.
		if err := db.Exec("LOCK TABLE units IN SHARE ROW EXCLUSIVE MODE").Error; err != nil {
			return fmt.Errorf("lock units: %w", err)
		}
		var rows []unitRow
		if err := db.Find(&rows).Error; err != nil {
			return fmt.Errorf("load units: %w", err)
		}
		byCode := make(map[string]unitRow, len(rows)+len(units))
		for _, r := range rows {
			byCode[r.Code] = r
		}

		for i, u := range units {
			var parentID *int64
			if u.ParentCode != "" {
				p, ok := byCode[u.ParentCode]
				if !ok {
					return fmt.Errorf("unit %d (%s): parent %s is neither earlier in the list nor stored", i, u.Code, u.ParentCode)
				}
				parentID = &p.ID
			}
			want := unitRow{
				Code:      u.Code,
				Name:      u.Name,
				ShortName: u.ShortName,
				Kind:      string(u.Kind),
				ParentID:  parentID,
				AdminCode: u.AdminCode,
				Reception: u.Reception,
				SortOrder: u.SortOrder,
			}

			cur, exists := byCode[u.Code]
			if !exists {
				want.Active = true
				if err := db.Create(&want).Error; err != nil {
					if c, ok := uniqueViolation(err); ok {
						return fmt.Errorf("insert unit %s: duplicate (%s): %w", u.Code, c, err)
					}
					return fmt.Errorf("insert unit %s: %w", u.Code, err)
				}
				byCode[u.Code] = want
				added++
				continue
			}
			if sameSeeded(cur, want) {
				continue
			}
			err := db.Model(&unitRow{}).Where("id = ?", cur.ID).Updates(map[string]any{
				"name":       want.Name,
				"short_name": want.ShortName,
				"kind":       want.Kind,
				"parent_id":  want.ParentID,
				"admin_code": want.AdminCode,
				"reception":  want.Reception,
				"sort_order": want.SortOrder,
				"updated_at": gorm.Expr("now()"),
			}).Error
			if err != nil {
				return fmt.Errorf("update unit %s: %w", u.Code, err)
			}
			want.ID, want.Active, want.CreatedAt = cur.ID, cur.Active, cur.CreatedAt
			byCode[u.Code] = want
			changed++
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	return added, changed, nil
}

// sameSeeded reports whether the columns a seed file controls are equal.
func sameSeeded(a, b unitRow) bool {
	return a.Name == b.Name &&
		a.ShortName == b.ShortName &&
		a.Kind == b.Kind &&
		sameID(a.ParentID, b.ParentID) &&
		a.AdminCode == b.AdminCode &&
		a.Reception == b.Reception &&
		a.SortOrder == b.SortOrder
}

func sameID(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func unitErr(err error, what string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("unit %s: %w", what, org.ErrNotFound)
	}
	return fmt.Errorf("get unit %s: %w", what, err)
}
