package calendar

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Kind says what a DayRule makes of its day.
type Kind string

const (
	// Off: no work that day (a holiday, Tết, a compensatory day, a weekday
	// swapped away). An Off rule on a weekend only names the day.
	Off Kind = "off"
	// Work: a weekend day worked instead of a weekday (làm bù).
	Work Kind = "work"
)

// DayRule is one entry of the table: a day off or an extra working day, with
// the act or notice it comes from. Administrators edit these.
type DayRule struct {
	Date Date `json:"date"`
	Kind Kind `json:"kind"`
	// Name is shown to people, in Vietnamese ("Giỗ Tổ Hùng Vương").
	Name string `json:"name"`
	// Basis is the legal basis: the act, article and notice.
	Basis string `json:"basis"`
}

// ErrNotCovered is returned when a computation needs a day of a year the
// table has no rules for: rather than treat that year as having no holidays,
// the engine refuses until an administrator loads it.
var ErrNotCovered = errors.New("calendar: the table of days off does not cover this year")

// Table is the set of day rules, at most one per date. A year is covered
// when it has at least one rule (every year has 1 January off), so a
// year missing from the data is noticed instead of silently holiday-free.
// The zero Table covers no year. A Table is immutable once built.
type Table struct {
	rules map[Date]DayRule
	years map[int]bool
}

// NewTable checks the rules and builds the table. It rejects an unknown kind,
// an empty name or basis, two rules for one date, and a Work rule on a
// weekday (weekdays are working days already: such a rule is a mistake).
func NewTable(rules []DayRule) (Table, error) {
	t := Table{rules: make(map[Date]DayRule, len(rules)), years: map[int]bool{}}
	var errs []error
	for i, r := range rules {
		if r.Date.IsZero() || r.Date != NewDate(r.Date.Year, r.Date.Month, r.Date.Day) {
			errs = append(errs, fmt.Errorf("rule %d: invalid date %v", i, r.Date))
			continue
		}
		switch {
		case r.Kind != Off && r.Kind != Work:
			errs = append(errs, fmt.Errorf("rule %d (%v): kind %q: want off or work", i, r.Date, r.Kind))
		case strings.TrimSpace(r.Name) == "":
			errs = append(errs, fmt.Errorf("rule %d (%v): empty name", i, r.Date))
		case strings.TrimSpace(r.Basis) == "":
			errs = append(errs, fmt.Errorf("rule %d (%v): empty legal basis", i, r.Date))
		case r.Kind == Work && !r.Date.isWeekend():
			errs = append(errs, fmt.Errorf("rule %d (%v): a working day on a %v: only weekend days can be made working days", i, r.Date, r.Date.Weekday()))
		}
		if prev, dup := t.rules[r.Date]; dup {
			errs = append(errs, fmt.Errorf("rule %d (%v): the date already has a rule (%q)", i, r.Date, prev.Name))
			continue
		}
		t.rules[r.Date] = r
		t.years[r.Date.Year] = true
	}
	if len(errs) > 0 {
		return Table{}, fmt.Errorf("calendar: table: %w", errors.Join(errs...))
	}
	return t, nil
}

// Rule returns the rule for d, if any.
func (t Table) Rule(d Date) (DayRule, bool) {
	r, ok := t.rules[d]
	return r, ok
}

// Rules returns every rule in date order.
func (t Table) Rules() []DayRule {
	out := make([]DayRule, 0, len(t.rules))
	for _, r := range t.rules {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b DayRule) int { return a.Date.jdn() - b.Date.jdn() })
	return out
}

// Covers reports whether the table has rules for the year.
func (t Table) Covers(year int) bool { return t.years[year] }

// Years returns the covered years in order.
func (t Table) Years() []int {
	out := make([]int, 0, len(t.years))
	for y := range t.years {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}

// Reason says why a day, or part of one, was not worked.
type Reason string

const (
	// ReasonWeekend: Saturday or Sunday without a Work rule.
	ReasonWeekend Reason = "weekend"
	// ReasonDayOff: an Off rule; Skip.Name carries the rule's name.
	ReasonDayOff Reason = "day_off"
	// ReasonOutsideSession: the start fell outside a working session (before
	// the first, in a break, after the last); the clock waits for the next.
	ReasonOutsideSession Reason = "outside_session"
	// ReasonPaused: the clock was paused (supplement, payment).
	ReasonPaused Reason = "paused"
)

// dayStatus says whether d is a working day and, if not, why.
func (t Table) dayStatus(d Date) (working bool, reason Reason, name string, err error) {
	if !t.years[d.Year] {
		return false, "", "", fmt.Errorf("%w: %d (needed for %v)", ErrNotCovered, d.Year, d)
	}
	if r, ok := t.rules[d]; ok {
		if r.Kind == Work {
			return true, "", "", nil
		}
		return false, ReasonDayOff, r.Name, nil
	}
	if d.isWeekend() {
		return false, ReasonWeekend, "", nil
	}
	return true, "", "", nil
}

// weekdayName is the Vietnamese name of a weekday, for rule names.
func weekdayName(w time.Weekday) string {
	return [...]string{"Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"}[w]
}

// ReadTable reads a table written as a JSON array of rules (the form of
// testdata/seed/holidays.json) and checks it as NewTable does.
func ReadTable(r io.Reader) (Table, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var rules []DayRule
	if err := dec.Decode(&rules); err != nil {
		return Table{}, fmt.Errorf("calendar: read table: %w", err)
	}
	return NewTable(rules)
}
