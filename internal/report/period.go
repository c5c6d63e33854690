package report

import (
	"errors"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/internal/worktime"
)

// ErrPeriod: the period ends before it starts, or is longer than a year.
var ErrPeriod = errors.New("report: bad period")

// Period is a run of whole days in Vietnam, both ends included.
type Period struct {
	From, To calendar.Date
}

// Start is midnight at the start of From (UTC+7).
func (p Period) Start() time.Time { return p.From.Start() }

// End is midnight after To: the first instant outside the period.
func (p Period) End() time.Time { return p.To.AddDays(1).Start() }

// Month is the calendar month holding t in Vietnam, first to last day.
func Month(t time.Time) Period {
	d := calendar.DateOf(t)
	first := calendar.NewDate(d.Year, d.Month, 1)
	return Period{From: first, To: calendar.NewDate(d.Year, d.Month+1, 1).AddDays(-1)}
}

// check reports what is wrong with a period (nil when nothing).
func (p Period) check() valid.Errors {
	var errs valid.Errors
	switch {
	case p.To.Before(p.From):
		errs.Add("to", "report.error.reversed")
	case !p.To.Before(calendar.NewDate(p.From.Year+1, p.From.Month, p.From.Day)):
		// At most a year: 01/01 to 31/12 is fine, one more day is not.
		errs.Add("to", "report.error.too_long")
	}
	return errs
}

// ParsePeriod reads a period as staff type it: dd/mm/yyyy (or yyyy-mm-dd)
// for each end. The errors name the fields "from" and "to".
func ParsePeriod(from, to string) (Period, valid.Errors) {
	var (
		p    Period
		errs valid.Errors
		ok   bool
	)
	for _, f := range []struct {
		name, text       string
		into             *calendar.Date
		required, format string
	}{
		{"from", from, &p.From, "report.error.from_required", "report.error.from_format"},
		{"to", to, &p.To, "report.error.to_required", "report.error.to_format"},
	} {
		switch *f.into, ok = worktime.ParseDate(f.text); {
		case strings.TrimSpace(f.text) == "":
			errs.Add(f.name, f.required)
		case !ok:
			errs.Add(f.name, f.format)
		}
	}
	if len(errs) > 0 {
		return Period{}, errs
	}
	if errs := p.check(); len(errs) > 0 {
		return Period{}, errs
	}
	return p, nil
}
