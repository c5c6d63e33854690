package worktime

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
)

var (
	// ErrNotFound: no rule for that date.
	ErrNotFound = errors.New("worktime: no rule for this date")
	// ErrUnitNotFound: no unit with that id or code.
	ErrUnitNotFound = errors.New("worktime: unit not found")
	// ErrDayTaken: the date already has a rule (Store.InsertDays).
	ErrDayTaken = errors.New("worktime: the date already has a rule")
)

// Years an administrator may create. The lunar calendar is computed for
// any year; the bounds keep a typo (20226) from creating a far-off year.
const (
	MinYear = 2000
	MaxYear = 2100
)

// Day is a stored rule with who changed it last.
type Day struct {
	calendar.DayRule
	UpdatedBy int64 // 0 for the system (seed)
	UpdatedAt time.Time
}

// Year is a covered year with its counts of rules.
type Year struct {
	Year int
	Off  int
	Work int
}

// Settings are the province's defaults: the sessions every unit works
// unless it has its own, and the same-day cut-off.
type Settings struct {
	Sessions  []calendar.Session
	Cutoff    calendar.TimeOfDay
	UpdatedBy int64
	UpdatedAt time.Time
}

// UnitHours is a unit's working sessions; nil Sessions means the default.
type UnitHours struct {
	ID       int64
	Code     string
	Sessions []calendar.Session
}

// Store persists the calendar. Writes are made through a Store bound to a
// transaction (Deps.Tx).
type Store interface {
	// Generation moves with every transaction that changes the rules, the
	// settings or units.
	Generation(ctx context.Context) (int64, error)
	// Rules returns every rule.
	Rules(ctx context.Context) ([]calendar.DayRule, error)
	Settings(ctx context.Context) (Settings, error)
	// Units returns the sessions of every unit.
	Units(ctx context.Context) ([]UnitHours, error)
	// Unit returns one unit's sessions, or ErrUnitNotFound.
	Unit(ctx context.Context, id int64) (UnitHours, error)
	// Years lists the covered years in order with their counts.
	Years(ctx context.Context) ([]Year, error)
	// Days lists a year's rules in date order.
	Days(ctx context.Context, year int) ([]Day, error)
	// Day returns the rule of a date, or ErrNotFound.
	Day(ctx context.Context, d calendar.Date) (Day, error)
	// InsertDays adds rules, all or none: ErrDayTaken when a date has one.
	InsertDays(ctx context.Context, rules []calendar.DayRule, actor int64, at time.Time) error
	// UpdateDay replaces the rule of r.Date, or returns ErrNotFound.
	UpdateDay(ctx context.Context, r calendar.DayRule, actor int64, at time.Time) error
	// DeleteDay removes the rule of a date, or returns ErrNotFound.
	DeleteDay(ctx context.Context, d calendar.Date) error
	// UpsertDays adds the rules whose dates have none and replaces those
	// that differ, counting both.
	UpsertDays(ctx context.Context, rules []calendar.DayRule, actor int64, at time.Time) (added, changed int, err error)
	SaveSettings(ctx context.Context, s Settings, actor int64, at time.Time) error
	// SetUnitSessions sets a unit's sessions (nil: the default), or
	// returns ErrUnitNotFound.
	SetUnitSessions(ctx context.Context, id int64, ss []calendar.Session, actor int64, at time.Time) error
}

// Deps are what the service needs. Tx runs fn with stores bound to one
// transaction.
type Deps struct {
	Store Store
	Tx    func(ctx context.Context, fn func(Store, audit.Store) error) error
	// Refresh is how often, at most, the generation is read; zero means
	// one second.
	Refresh time.Duration
	Now     func() time.Time
}

// Service hands out calendars and applies administrators' edits.
type Service struct {
	d Deps

	// load is held by the one caller reading the store; callers without a
	// snapshot wait on it.
	load sync.Mutex

	mu       sync.Mutex
	snap     *snapshot
	checked  time.Time // when snap's generation was last confirmed; zero forces a read
	checking bool
	epoch    uint64 // moved by invalidate
}

// NewService builds the service.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Refresh <= 0 {
		d.Refresh = time.Second
	}
	return &Service{d: d}
}

// ForUnit returns the calendar of the unit: the table with the unit's
// sessions, or the default ones. ErrUnitNotFound for an unknown unit.
func (s *Service) ForUnit(ctx context.Context, unitID int64) (*calendar.Calendar, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	c, ok := snap.units[unitID]
	if !ok {
		return nil, ErrUnitNotFound
	}
	return c, nil
}

// ForUnitCode is ForUnit by the unit's electronic identifier.
func (s *Service) ForUnitCode(ctx context.Context, code string) (*calendar.Calendar, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	id, ok := snap.codes[code]
	if !ok {
		return nil, ErrUnitNotFound
	}
	return snap.units[id], nil
}

// Default returns the calendar with the province's default sessions.
func (s *Service) Default(ctx context.Context) (*calendar.Calendar, error) {
	snap, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return snap.def, nil
}

// Years lists the covered years with their counts, read from the store.
func (s *Service) Years(ctx context.Context) ([]Year, error) { return s.d.Store.Years(ctx) }

// Days lists a year's rules, read from the store.
func (s *Service) Days(ctx context.Context, year int) ([]Day, error) {
	return s.d.Store.Days(ctx, year)
}

// Day returns the rule of a date, or ErrNotFound.
func (s *Service) Day(ctx context.Context, d calendar.Date) (Day, error) {
	return s.d.Store.Day(ctx, d)
}

// Settings returns the province's defaults.
func (s *Service) Settings(ctx context.Context) (Settings, error) { return s.d.Store.Settings(ctx) }

// UnitSessions returns a unit's own sessions (nil: the default), or
// ErrUnitNotFound.
func (s *Service) UnitSessions(ctx context.Context, unitID int64) ([]calendar.Session, error) {
	u, err := s.d.Store.Unit(ctx, unitID)
	return u.Sessions, err
}

// SessionsByUnit returns the units that have their own sessions.
func (s *Service) SessionsByUnit(ctx context.Context) (map[int64][]calendar.Session, error) {
	units, err := s.d.Store.Units(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64][]calendar.Session{}
	for _, u := range units {
		if u.Sessions != nil {
			out[u.ID] = u.Sessions
		}
	}
	return out, nil
}
