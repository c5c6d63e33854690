package worktime

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/valid"
)

// Limits of the text of a rule.
const (
	MaxName  = 200
	MaxBasis = 2000
)

// Audit object types.
const (
	AuditDay      = "calendar_day"      // id: the date, 2006-01-02
	AuditYear     = "calendar_year"     // id: the year
	AuditSettings = "calendar_settings" // id: "default"
	AuditSeed     = "calendar"          // id: "seed"
	AuditUnit     = "unit"              // id: the unit's code
)

// DayInput is a rule as typed in the administration form.
type DayInput struct {
	// Date is dd/mm/yyyy (as Vietnamese documents write it) or yyyy-mm-dd.
	Date  string
	Kind  string
	Name  string
	Basis string
}

// ParseDate reads a date as administrators type it: dd/mm/yyyy (d/m/yyyy
// too) or yyyy-mm-dd.
func ParseDate(s string) (calendar.Date, bool) {
	s = strings.TrimSpace(s)
	if d, err := calendar.ParseDate(s); err == nil {
		return d, true
	}
	parts := strings.Split(s, "/")
	if len(parts) != 3 || len(parts[2]) != 4 {
		return calendar.Date{}, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || len(p) > 4 {
			return calendar.Date{}, false
		}
		n[i] = v
	}
	d := calendar.NewDate(n[2], time.Month(n[1]), n[0])
	if d.Day != n[0] || int(d.Month) != n[1] || d.Year != n[2] { // 31/02 is no date
		return calendar.Date{}, false
	}
	return d, true
}

// rule checks in and returns the rule it describes. The engine's rules:
// a name and a legal basis; Work only on a Saturday or Sunday (weekdays are
// working days already); Off on any day (on a weekend it names the day,
// as the Saturdays inside a Tết holiday).
func (in DayInput) rule() (calendar.DayRule, valid.Errors) {
	var errs valid.Errors
	r := calendar.DayRule{Kind: calendar.Kind(strings.TrimSpace(in.Kind)), Name: strings.TrimSpace(in.Name),
		Basis: strings.TrimSpace(in.Basis)}
	switch d, ok := ParseDate(in.Date); {
	case strings.TrimSpace(in.Date) == "":
		errs.Add("date", "calendar.error.date_required")
	case !ok || d.Year < MinYear || d.Year > MaxYear:
		errs.Add("date", "calendar.error.date_format")
	default:
		r.Date = d
	}
	switch {
	case r.Kind != calendar.Off && r.Kind != calendar.Work:
		errs.Add("kind", "calendar.error.kind")
	case r.Kind == calendar.Work && !r.Date.IsZero() && !weekend(r.Date):
		errs.Add("kind", "calendar.error.work_weekday")
	}
	switch {
	case r.Name == "":
		errs.Add("name", "calendar.error.name_required")
	case utf8.RuneCountInString(r.Name) > MaxName:
		errs.Add("name", "calendar.error.name_long", MaxName)
	}
	switch {
	case r.Basis == "":
		errs.Add("basis", "calendar.error.basis_required")
	case utf8.RuneCountInString(r.Basis) > MaxBasis:
		errs.Add("basis", "calendar.error.basis_long", MaxBasis)
	}
	return r, errs
}

func weekend(d calendar.Date) bool {
	w := d.Weekday()
	return w == time.Saturday || w == time.Sunday
}

// covered reports whether the year has a rule: rules are added to a year
// created as a whole (CreateYear), never one by one into an uncovered
// year, which would then count as covered with a single holiday.
func covered(ctx context.Context, st Store, year int) (bool, error) {
	years, err := st.Years(ctx)
	if err != nil {
		return false, err
	}
	for _, y := range years {
		if y.Year == year {
			return true, nil
		}
	}
	return false, nil
}

// AddDay adds a rule to a covered year.
func (s *Service) AddDay(ctx context.Context, actor int64, in DayInput) (calendar.DayRule, error) {
	r, errs := in.rule()
	if len(errs) > 0 {
		return r, errs
	}
	err := s.edit(ctx, func(st Store, log audit.Store) error {
		ok, err := covered(ctx, st, r.Date.Year)
		if err != nil {
			return err
		}
		if !ok {
			return fieldError("date", "calendar.error.year_missing", r.Date.Year)
		}
		err = st.InsertDays(ctx, []calendar.DayRule{r}, actor, s.d.Now())
		if errors.Is(err, ErrDayTaken) {
			return fieldError("date", "calendar.error.date_taken")
		}
		if err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{At: s.d.Now(), ActorID: actor, Action: "calendar.day.add",
			ObjectType: AuditDay, ObjectID: r.Date.String(), Changes: diffRule(calendar.DayRule{}, r)})
	})
	return r, err
}

// ChangeDay replaces the kind, name and basis of the rule of in.Date.
func (s *Service) ChangeDay(ctx context.Context, actor int64, in DayInput) (calendar.DayRule, error) {
	r, errs := in.rule()
	if len(errs) > 0 {
		return r, errs
	}
	err := s.edit(ctx, func(st Store, log audit.Store) error {
		prev, err := st.Day(ctx, r.Date)
		if err != nil {
			return err
		}
		changes := diffRule(prev.DayRule, r)
		if len(changes) == 0 {
			return nil
		}
		if err := st.UpdateDay(ctx, r, actor, s.d.Now()); err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{At: s.d.Now(), ActorID: actor, Action: "calendar.day.change",
			ObjectType: AuditDay, ObjectID: r.Date.String(), Changes: changes})
	})
	return r, err
}

// RemoveDay removes the rule of a date. Removing a year's last rule
// uncovers the year: deadlines reaching it fail until it is created again.
func (s *Service) RemoveDay(ctx context.Context, actor int64, d calendar.Date) error {
	return s.edit(ctx, func(st Store, log audit.Store) error {
		prev, err := st.Day(ctx, d)
		if err != nil {
			return err
		}
		if err := st.DeleteDay(ctx, d); err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{At: s.d.Now(), ActorID: actor, Action: "calendar.day.remove",
			ObjectType: AuditDay, ObjectID: d.String(), Changes: diffRule(prev.DayRule, calendar.DayRule{})})
	})
}

// CreateYear seeds a year that has no rule from calendar.SeedRules: the
// statutory holidays with their compensatory days (and the government's
// announced days where the engine knows them), a starting point for the
// administrator to correct against the year's notices. It returns the
// number of rules added.
func (s *Service) CreateYear(ctx context.Context, actor int64, year string) (int, error) {
	y, err := strconv.Atoi(strings.TrimSpace(year))
	if err != nil || y < MinYear || y > MaxYear {
		return 0, fieldError("year", "calendar.error.year_range", MinYear, MaxYear)
	}
	rules := calendar.SeedRules(y)
	err = s.edit(ctx, func(st Store, log audit.Store) error {
		ok, err := covered(ctx, st, y)
		if err != nil {
			return err
		}
		if ok {
			return fieldError("year", "calendar.error.year_exists", y)
		}
		err = st.InsertDays(ctx, rules, actor, s.d.Now())
		if errors.Is(err, ErrDayTaken) { // created meanwhile
			return fieldError("year", "calendar.error.year_exists", y)
		}
		if err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{At: s.d.Now(), ActorID: actor, Action: "calendar.year.create",
			ObjectType: AuditYear, ObjectID: strconv.Itoa(y),
			Changes: []audit.Change{{Field: "days", New: strconv.Itoa(len(rules))}}})
	})
	if err != nil {
		return 0, err
	}
	return len(rules), nil
}

// SetDefaults sets the province's default sessions ("07:30-11:30,13:00-17:00")
// and same-day cut-off ("15:00", within the working day).
func (s *Service) SetDefaults(ctx context.Context, actor int64, sessions, cutoff string) error {
	var errs valid.Errors
	ss, fe := parseSessions(sessions)
	switch {
	case strings.TrimSpace(sessions) == "":
		errs.Add("sessions", "calendar.error.sessions_required")
	case fe != nil:
		errs = append(errs, *fe)
	}
	c, err := calendar.ParseTimeOfDay(padClock(strings.TrimSpace(cutoff)))
	switch {
	case strings.TrimSpace(cutoff) == "":
		errs.Add("cutoff", "calendar.error.cutoff_required")
	case err != nil:
		errs.Add("cutoff", "calendar.error.cutoff_format")
	case fe == nil && ss != nil && (c <= ss[0].Start || c >= ss[len(ss)-1].End):
		errs.Add("cutoff", "calendar.error.cutoff_range", ss[0].Start.String(), ss[len(ss)-1].End.String())
	}
	if len(errs) > 0 {
		return errs
	}
	return s.edit(ctx, func(st Store, log audit.Store) error {
		prev, err := st.Settings(ctx)
		if err != nil {
			return err
		}
		var changes []audit.Change
		if a, b := calendar.FormatSessions(prev.Sessions), calendar.FormatSessions(ss); a != b {
			changes = append(changes, audit.Change{Field: "sessions", Old: a, New: b})
		}
		if prev.Cutoff != c {
			changes = append(changes, audit.Change{Field: "cutoff", Old: prev.Cutoff.String(), New: c.String()})
		}
		if len(changes) == 0 {
			return nil
		}
		if err := st.SaveSettings(ctx, Settings{Sessions: ss, Cutoff: c}, actor, s.d.Now()); err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{At: s.d.Now(), ActorID: actor, Action: "calendar.settings",
			ObjectType: AuditSettings, ObjectID: "default", Changes: changes})
	})
}

// SetUnitSessions sets a unit's own sessions; blank returns it to the
// province's default.
func (s *Service) SetUnitSessions(ctx context.Context, actor, unitID int64, sessions string) error {
	var ss []calendar.Session
	if strings.TrimSpace(sessions) != "" {
		var fe *valid.FieldError
		if ss, fe = parseSessions(sessions); fe != nil {
			return valid.Errors{*fe}
		}
	}
	return s.edit(ctx, func(st Store, log audit.Store) error {
		prev, err := st.Unit(ctx, unitID)
		if err != nil {
			return err
		}
		a, b := calendar.FormatSessions(prev.Sessions), calendar.FormatSessions(ss)
		if a == b {
			return nil
		}
		if err := st.SetUnitSessions(ctx, unitID, ss, actor, s.d.Now()); err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{At: s.d.Now(), ActorID: actor, Action: "unit.sessions",
			ObjectType: AuditUnit, ObjectID: prev.Code, Changes: []audit.Change{{Field: "sessions", Old: a, New: b}}})
	})
}

// Seed loads rules (testdata/seed/holidays.json) into the table: dates
// without a rule get one, rules that differ are replaced, other stored
// rules are left alone. It returns how many were added and changed.
func (s *Service) Seed(ctx context.Context, rules []calendar.DayRule) (added, changed int, err error) {
	if _, err := calendar.NewTable(rules); err != nil {
		return 0, 0, err
	}
	err = s.edit(ctx, func(st Store, log audit.Store) error {
		var err error
		if added, changed, err = st.UpsertDays(ctx, rules, 0, s.d.Now()); err != nil {
			return err
		}
		if added+changed == 0 {
			return nil
		}
		return log.Append(ctx, audit.Entry{At: s.d.Now(), Action: "calendar.seed", ObjectType: AuditSeed, ObjectID: "seed",
			Changes: []audit.Change{{Field: "added", New: strconv.Itoa(added)}, {Field: "changed", New: strconv.Itoa(changed)}}})
	})
	if err != nil {
		return 0, 0, err
	}
	return added, changed, nil
}

// edit runs fn in a transaction and, when it succeeds, has the next
// calendar read the store again.
func (s *Service) edit(ctx context.Context, fn func(Store, audit.Store) error) error {
	err := s.d.Tx(ctx, fn)
	if err == nil {
		s.invalidate()
	}
	return err
}

func fieldError(field, key string, args ...any) valid.Errors {
	var e valid.Errors
	e.Add(field, key, args...)
	return e
}

// diffRule lists the fields that differ between two rules.
func diffRule(a, b calendar.DayRule) []audit.Change {
	var out []audit.Change
	for _, f := range []struct{ name, old, new string }{
		{"kind", string(a.Kind), string(b.Kind)},
		{"name", a.Name, b.Name},
		{"basis", a.Basis, b.Basis},
	} {
		if f.old != f.new {
			out = append(out, audit.Change{Field: f.name, Old: f.old, New: f.new})
		}
	}
	return out
}

// parseSessions reads sessions as administrators type them
// ("7:30-11:30, 13:00-17:00" too) and says what is wrong in their terms:
// the form, the order, or the total (a working day is 8 hours).
func parseSessions(s string) ([]calendar.Session, *valid.FieldError) {
	bad := func(key string, args ...any) *valid.FieldError {
		return &valid.FieldError{Field: "sessions", Key: key, Args: args}
	}
	var ss []calendar.Session
	for part := range strings.SplitSeq(strings.TrimSpace(s), ",") {
		from, to, ok := strings.Cut(strings.TrimSpace(part), "-")
		if !ok {
			return nil, bad("calendar.error.sessions_format")
		}
		a, err1 := calendar.ParseTimeOfDay(padClock(strings.TrimSpace(from)))
		b, err2 := calendar.ParseTimeOfDay(padClock(strings.TrimSpace(to)))
		if err1 != nil || err2 != nil {
			return nil, bad("calendar.error.sessions_format")
		}
		ss = append(ss, calendar.Session{Start: a, End: b})
	}
	var total time.Duration
	for i, x := range ss {
		if x.Start >= x.End || (i > 0 && x.Start <= ss[i-1].End) {
			return nil, bad("calendar.error.sessions_order")
		}
		total += time.Duration(x.End-x.Start) * time.Minute
	}
	if total != calendar.WorkingDay {
		return nil, bad("calendar.error.sessions_total", fmt.Sprintf("%dh%02d", int(total.Hours()), int(total.Minutes())%60))
	}
	// The engine has the last word.
	out, err := calendar.ParseSessions(calendar.FormatSessions(ss))
	if err != nil {
		return nil, bad("calendar.error.sessions_format")
	}
	return out, nil
}

// padClock turns "7:30" into "07:30".
func padClock(s string) string {
	if len(s) == 4 && s[1] == ':' {
		return "0" + s
	}
	return s
}
