package calendar

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// WorkingDay is the working time of one working day: budgets in working days
// are counted as this many working hours (domain.md §2: 8 h = 1 working day).
const WorkingDay = 8 * time.Hour

// Session is one working session of a day, [Start, End).
type Session struct {
	Start TimeOfDay `json:"start"`
	End   TimeOfDay `json:"end"`
}

// String formats the session as "07:30-11:30".
func (s Session) String() string { return s.Start.String() + "-" + s.End.String() }

// DefaultSessions returns the usual sessions, 07:30-11:30 and 13:00-17:00.
func DefaultSessions() []Session {
	return []Session{{Clock(7, 30), Clock(11, 30)}, {Clock(13, 0), Clock(17, 0)}}
}

// ParseSessions reads sessions written as "07:30-11:30,13:00-17:00" (the
// form a unit's setting is stored and edited in).
func ParseSessions(s string) ([]Session, error) {
	var out []Session
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		from, to, ok := strings.Cut(part, "-")
		if !ok {
			return nil, fmt.Errorf("calendar: session %q: want HH:MM-HH:MM", part)
		}
		a, err := ParseTimeOfDay(strings.TrimSpace(from))
		if err != nil {
			return nil, err
		}
		b, err := ParseTimeOfDay(strings.TrimSpace(to))
		if err != nil {
			return nil, err
		}
		out = append(out, Session{a, b})
	}
	return out, checkSessions(out)
}

// FormatSessions writes sessions the way ParseSessions reads them.
func FormatSessions(ss []Session) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.String()
	}
	return strings.Join(parts, ",")
}

// checkSessions requires ordered sessions with a break between them, adding
// up to one working day: working-day budgets are 8 hours each, so sessions of
// another length would make "N working days" end mid-day.
func checkSessions(ss []Session) error {
	if len(ss) == 0 {
		return errors.New("calendar: no working session")
	}
	var total time.Duration
	for i, s := range ss {
		if s.Start < 0 || s.End > Clock(24, 0) || s.Start >= s.End {
			return fmt.Errorf("calendar: session %v: the start must come before the end, within the day", s)
		}
		if i > 0 && s.Start <= ss[i-1].End {
			return fmt.Errorf("calendar: session %v: must start after %v ends", s, ss[i-1])
		}
		total += time.Duration(s.End-s.Start) * time.Minute
	}
	if total != WorkingDay {
		return fmt.Errorf("calendar: sessions %s last %v a day; a working day is %v", FormatSessions(ss), total, WorkingDay)
	}
	return nil
}

// Config is one unit's working time. The zero Config is the usual one.
type Config struct {
	// Sessions of every working day; empty means DefaultSessions.
	Sessions []Session
	// Cutoff: a same-day matter received after it is due the next working
	// day, and a received dossier is transferred the next working morning
	// (Nghị định 61/2018/NĐ-CP, art. 19 [check]). Zero means 15:00.
	Cutoff TimeOfDay
}

// DefaultCutoff is the usual cut-off, 15:00.
const DefaultCutoff = TimeOfDay(15 * 60)

// Calendar computes deadlines for one unit: the shared table of days off with
// the unit's sessions. It is immutable and safe for concurrent use.
type Calendar struct {
	table    Table
	sessions []Session
	cutoff   TimeOfDay
}

// New returns the calendar of a unit.
func New(table Table, cfg Config) (*Calendar, error) {
	ss := cfg.Sessions
	if len(ss) == 0 {
		ss = DefaultSessions()
	}
	if err := checkSessions(ss); err != nil {
		return nil, err
	}
	cutoff := cfg.Cutoff
	if cutoff == 0 {
		cutoff = DefaultCutoff
	}
	if cutoff < 0 || cutoff >= Clock(24, 0) {
		return nil, fmt.Errorf("calendar: cut-off %v: want a time of day", cutoff)
	}
	return &Calendar{table: table, sessions: append([]Session(nil), ss...), cutoff: cutoff}, nil
}

// Sessions returns the unit's sessions.
func (c *Calendar) Sessions() []Session { return append([]Session(nil), c.sessions...) }

// Cutoff returns the unit's same-day cut-off.
func (c *Calendar) Cutoff() TimeOfDay { return c.cutoff }

// Table returns the table of days off the calendar reads.
func (c *Calendar) Table() Table { return c.table }

// IsWorkingDay reports whether d is worked: a weekday without an Off rule,
// or a weekend day with a Work rule. It fails if the table does not cover
// d's year.
func (c *Calendar) IsWorkingDay(d Date) (bool, error) {
	w, _, _, err := c.table.dayStatus(d)
	return w, err
}

// nextWorkingDay returns the first working day on or after d.
func (c *Calendar) nextWorkingDay(d Date, ex *explainer) (Date, error) {
	for {
		w, reason, name, err := c.table.dayStatus(d)
		if err != nil {
			return Date{}, err
		}
		if w {
			return d, nil
		}
		ex.skip(Skip{Day: d, Reason: reason, Name: name})
		d = d.AddDays(1)
	}
}

// Closing is the end of the last working session of d, when d is a
// working day (false otherwise): where an appointment "on d" falls.
func (c *Calendar) Closing(d Date) (time.Time, bool, error) {
	ok, err := c.IsWorkingDay(d)
	if err != nil || !ok {
		return time.Time{}, false, err
	}
	return d.At(c.lastEnd()), true, nil
}

func (c *Calendar) firstStart() TimeOfDay { return c.sessions[0].Start }
func (c *Calendar) lastEnd() TimeOfDay    { return c.sessions[len(c.sessions)-1].End }
