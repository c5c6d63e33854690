package pgstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/worktime"
)

// CalendarStore persists the deadline engine's data: calendar_days,
// calendar_settings and units.sessions (migration 00010).
type CalendarStore struct{ db *DB }

var _ worktime.Store = (*CalendarStore)(nil)

// NewCalendarStore returns a store using db (a pool or a transaction).
func NewCalendarStore(db *DB) *CalendarStore { return &CalendarStore{db: db} }

type calendarDayRow struct {
	Day       time.Time `gorm:"column:day"`
	Kind      string    `gorm:"column:kind"`
	Name      string    `gorm:"column:name"`
	Basis     string    `gorm:"column:basis"`
	UpdatedBy *int64    `gorm:"column:updated_by"`
	UpdatedAt time.Time `gorm:"column:updated_at"`
}

// dateOfRow reads a date column: midnight UTC of the date.
func dateOfRow(t time.Time) calendar.Date {
	y, m, d := t.UTC().Date()
	return calendar.NewDate(y, m, d)
}

func dayFromRow(r calendarDayRow) worktime.Day {
	return worktime.Day{DayRule: calendar.DayRule{Date: dateOfRow(r.Day), Kind: calendar.Kind(r.Kind), Name: r.Name, Basis: r.Basis},
		UpdatedBy: deref(r.UpdatedBy), UpdatedAt: r.UpdatedAt}
}

const dayColumns = "day, kind, name, basis, updated_by, updated_at"

// Generation returns the calendar's generation number, which moves with
// every transaction writing calendar_days, calendar_settings or units.
func (s *CalendarStore) Generation(ctx context.Context) (int64, error) {
	var g int64
	if err := sqlConn(ctx, s.db).QueryRowContext(ctx, "SELECT generation FROM calendar_generation").Scan(&g); err != nil {
		return 0, fmt.Errorf("calendar generation: %w", err)
	}
	return g, nil
}

// Rules returns every rule.
func (s *CalendarStore) Rules(ctx context.Context) ([]calendar.DayRule, error) {
	var rows []calendarDayRow
	if err := s.db.ctx(ctx).Raw("SELECT " + dayColumns + " FROM calendar_days ORDER BY day").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("calendar rules: %w", err)
	}
	out := make([]calendar.DayRule, len(rows))
	for i, r := range rows {
		out[i] = dayFromRow(r).DayRule
	}
	return out, nil
}

// Years lists the covered years with their counts of days off and working
// days.
func (s *CalendarStore) Years(ctx context.Context) ([]worktime.Year, error) {
	var rows []struct {
		Year int
		Off  int
		Work int
	}
	err := s.db.ctx(ctx).Raw(`SELECT extract(year FROM day)::int AS year,
			count(*) FILTER (WHERE kind = 'off') AS off, count(*) FILTER (WHERE kind = 'work') AS work
		FROM calendar_days GROUP BY 1 ORDER BY 1`).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("calendar years: %w", err)
	}
	out := make([]worktime.Year, len(rows))
	for i, r := range rows {
		out[i] = worktime.Year{Year: r.Year, Off: r.Off, Work: r.Work}
	}
	return out, nil
}

// Days lists a year's rules in date order.
func (s *CalendarStore) Days(ctx context.Context, year int) ([]worktime.Day, error) {
	var rows []calendarDayRow
	err := s.db.ctx(ctx).Raw("SELECT "+dayColumns+" FROM calendar_days WHERE day >= make_date(?, 1, 1) AND day < make_date(?, 1, 1) ORDER BY day",
		year, year+1).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("calendar days of %d: %w", year, err)
	}
	out := make([]worktime.Day, len(rows))
	for i, r := range rows {
		out[i] = dayFromRow(r)
	}
	return out, nil
}

// Day returns the rule of a date.
func (s *CalendarStore) Day(ctx context.Context, d calendar.Date) (worktime.Day, error) {
	var rows []calendarDayRow
	if err := s.db.ctx(ctx).Raw("SELECT "+dayColumns+" FROM calendar_days WHERE day = ?::date", d.String()).Scan(&rows).Error; err != nil {
		return worktime.Day{}, fmt.Errorf("calendar day %v: %w", d, err)
	}
	if len(rows) == 0 {
		return worktime.Day{}, fmt.Errorf("calendar day %v: %w", d, worktime.ErrNotFound)
	}
	return dayFromRow(rows[0]), nil
}

// InsertDays adds rules, all or none (a caller's transaction, or one of
// its own); a date that has a rule gives worktime.ErrDayTaken.
func (s *CalendarStore) InsertDays(ctx context.Context, rules []calendar.DayRule, actor int64, at time.Time) error {
	if len(rules) == 0 {
		return nil
	}
	var (
		values []string
		args   []any
	)
	for _, r := range rules {
		values = append(values, "(?::date, ?, ?, ?, ?, ?)")
		args = append(args, r.Date.String(), string(r.Kind), r.Name, r.Basis, nullableID(actor), dbTime(at))
	}
	err := s.db.ctx(ctx).Exec("INSERT INTO calendar_days ("+dayColumns+") VALUES "+strings.Join(values, ", "), args...).Error
	if _, ok := uniqueViolation(err); ok {
		return fmt.Errorf("insert calendar days: %w", worktime.ErrDayTaken)
	}
	if err != nil {
		return fmt.Errorf("insert calendar days: %w", err)
	}
	return nil
}

// UpdateDay replaces the kind, name and basis of the rule of r.Date.
func (s *CalendarStore) UpdateDay(ctx context.Context, r calendar.DayRule, actor int64, at time.Time) error {
	res := s.db.ctx(ctx).Exec("UPDATE calendar_days SET kind = ?, name = ?, basis = ?, updated_by = ?, updated_at = ? WHERE day = ?::date",
		string(r.Kind), r.Name, r.Basis, nullableID(actor), dbTime(at), r.Date.String())
	if res.Error != nil {
		return fmt.Errorf("update calendar day %v: %w", r.Date, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("update calendar day %v: %w", r.Date, worktime.ErrNotFound)
	}
	return nil
}

// DeleteDay removes the rule of a date.
func (s *CalendarStore) DeleteDay(ctx context.Context, d calendar.Date) error {
	res := s.db.ctx(ctx).Exec("DELETE FROM calendar_days WHERE day = ?::date", d.String())
	if res.Error != nil {
		return fmt.Errorf("delete calendar day %v: %w", d, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("delete calendar day %v: %w", d, worktime.ErrNotFound)
	}
	return nil
}

// UpsertDays adds the rules whose dates have none and replaces those that
// differ, in one transaction, serialised against a concurrent seed.
func (s *CalendarStore) UpsertDays(ctx context.Context, rules []calendar.DayRule, actor int64, at time.Time) (added, changed int, err error) {
	err = s.db.InTx(ctx, func(tx *DB) error {
		added, changed = 0, 0 // a retried closure must not count twice
		db := tx.ctx(ctx)
		if err := db.Exec("LOCK TABLE calendar_days IN SHARE ROW EXCLUSIVE MODE").Error; err != nil {
			return fmt.Errorf("lock calendar days: %w", err)
		}
		var rows []calendarDayRow
		if err := db.Raw("SELECT " + dayColumns + " FROM calendar_days").Scan(&rows).Error; err != nil {
			return fmt.Errorf("load calendar days: %w", err)
		}
		stored := make(map[calendar.Date]calendar.DayRule, len(rows))
		for _, r := range rows {
			d := dayFromRow(r)
			stored[d.Date] = d.DayRule
		}
		var fresh []calendar.DayRule
		for _, r := range rules {
			prev, ok := stored[r.Date]
			switch {
			case !ok:
				fresh = append(fresh, r)
				stored[r.Date] = r
			case prev != r:
				if err := (&CalendarStore{db: tx}).UpdateDay(ctx, r, actor, at); err != nil {
					return err
				}
				stored[r.Date] = r
				changed++
			}
		}
		added = len(fresh)
		return (&CalendarStore{db: tx}).InsertDays(ctx, fresh, actor, at)
	})
	if err != nil {
		return 0, 0, err
	}
	return added, changed, nil
}

type calendarSettingsRow struct {
	Sessions  string
	Cutoff    string
	UpdatedBy *int64
	UpdatedAt time.Time
}

// Settings returns the province's default sessions and cut-off.
func (s *CalendarStore) Settings(ctx context.Context) (worktime.Settings, error) {
	var r calendarSettingsRow
	if err := s.db.ctx(ctx).Raw("SELECT sessions, cutoff, updated_by, updated_at FROM calendar_settings").Scan(&r).Error; err != nil {
		return worktime.Settings{}, fmt.Errorf("calendar settings: %w", err)
	}
	ss, err := calendar.ParseSessions(r.Sessions)
	if err != nil {
		return worktime.Settings{}, fmt.Errorf("calendar settings: stored sessions: %w", err)
	}
	c, err := calendar.ParseTimeOfDay(r.Cutoff)
	if err != nil {
		return worktime.Settings{}, fmt.Errorf("calendar settings: stored cut-off: %w", err)
	}
	return worktime.Settings{Sessions: ss, Cutoff: c, UpdatedBy: deref(r.UpdatedBy), UpdatedAt: r.UpdatedAt}, nil
}

// SaveSettings replaces the default sessions and cut-off.
func (s *CalendarStore) SaveSettings(ctx context.Context, st worktime.Settings, actor int64, at time.Time) error {
	err := s.db.ctx(ctx).Exec("UPDATE calendar_settings SET sessions = ?, cutoff = ?, updated_by = ?, updated_at = ?",
		calendar.FormatSessions(st.Sessions), st.Cutoff.String(), nullableID(actor), dbTime(at)).Error
	if err != nil {
		return fmt.Errorf("save calendar settings: %w", err)
	}
	return nil
}

type unitHoursRow struct {
	ID       int64
	Code     string
	Sessions *string
}

func unitHoursFromRow(r unitHoursRow) (worktime.UnitHours, error) {
	u := worktime.UnitHours{ID: r.ID, Code: r.Code}
	if r.Sessions != nil {
		ss, err := calendar.ParseSessions(*r.Sessions)
		if err != nil {
			return u, fmt.Errorf("unit %s: stored sessions: %w", r.Code, err)
		}
		u.Sessions = ss
	}
	return u, nil
}

// Units returns the sessions of every unit.
func (s *CalendarStore) Units(ctx context.Context) ([]worktime.UnitHours, error) {
	var rows []unitHoursRow
	if err := s.db.ctx(ctx).Raw("SELECT id, code, sessions FROM units ORDER BY id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("unit sessions: %w", err)
	}
	out := make([]worktime.UnitHours, len(rows))
	for i, r := range rows {
		u, err := unitHoursFromRow(r)
		if err != nil {
			return nil, err
		}
		out[i] = u
	}
	return out, nil
}

// Unit returns one unit's sessions.
func (s *CalendarStore) Unit(ctx context.Context, id int64) (worktime.UnitHours, error) {
	var rows []unitHoursRow
	if err := s.db.ctx(ctx).Raw("SELECT id, code, sessions FROM units WHERE id = ?", id).Scan(&rows).Error; err != nil {
		return worktime.UnitHours{}, fmt.Errorf("unit %d sessions: %w", id, err)
	}
	if len(rows) == 0 {
		return worktime.UnitHours{}, fmt.Errorf("unit %d: %w", id, worktime.ErrUnitNotFound)
	}
	return unitHoursFromRow(rows[0])
}

// SetUnitSessions sets a unit's sessions; nil stores NULL (the default).
// Who and when are in the audit trail.
func (s *CalendarStore) SetUnitSessions(ctx context.Context, id int64, ss []calendar.Session, _ int64, at time.Time) error {
	var v *string
	if ss != nil {
		f := calendar.FormatSessions(ss)
		v = &f
	}
	res := s.db.ctx(ctx).Exec("UPDATE units SET sessions = ?, updated_at = ? WHERE id = ?", v, dbTime(at), id)
	if res.Error != nil {
		return fmt.Errorf("set sessions of unit %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("set sessions of unit %d: %w", id, worktime.ErrUnitNotFound)
	}
	return nil
}
