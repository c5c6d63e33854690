package api

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/worktime"
)

// Calendars gives the deadline endpoint its calendars; *worktime.Service
// implements it.
type Calendars interface {
	Default(ctx context.Context) (*calendar.Calendar, error)
	ForUnitCode(ctx context.Context, code string) (*calendar.Calendar, error)
}

// Deadlines serves the deadline endpoint.
type Deadlines struct {
	Calendars Calendars
}

// Caps on amounts: far beyond any processing time in the catalogue (the
// longest are a few months), low enough that a typo fails here rather than
// walking years into the table.
const (
	maxWorkingDays  = 500
	maxWorkingHours = maxWorkingDays * 8
	maxCalendarDays = 1000
)

// DeadlineResponse is a due instant with its explanation.
type DeadlineResponse struct {
	Start    string            `json:"start"`
	Due      string            `json:"due"`
	Duration calendar.Duration `json:"duration"`
	// Explanation lists, in time order, WorkStep and SkipStep values.
	Explanation []any `json:"explanation"`
}

// WorkStep is working time consumed in one session.
type WorkStep struct {
	Type  string  `json:"type"` // "work"
	Day   string  `json:"day"`
	From  string  `json:"from"`
	To    string  `json:"to"`
	Hours float64 `json:"hours"`
}

// SkipStep is a day, or part of one, the clock did not run on: a weekend,
// a day off (with its name), or the wait from the start to the next session.
type SkipStep struct {
	Type   string `json:"type"` // "skip"
	Day    string `json:"day"`
	Reason string `json:"reason"`
	Name   string `json:"name,omitempty"`
	From   string `json:"from,omitempty"`
	To     string `json:"to,omitempty"`
}

// durationParams are the ways to give a duration, one at a time.
var durationParams = []struct {
	name string
	unit calendar.Unit
	max  float64
}{
	{"working_days", calendar.WorkingDays, maxWorkingDays},
	{"working_hours", calendar.WorkingHours, maxWorkingHours},
	{"calendar_days", calendar.CalendarDays, maxCalendarDays},
	{"same_day", calendar.SameDay, 0},
}

// Deadline answers GET /api/v1/deadline?start=RFC3339&working_days=N (or
// working_hours, calendar_days, same_day=1) [&unit=CODE]: when a matter
// received at start is due, on the unit's sessions (the province's default
// without unit), with the days and sessions counted and skipped.
func (h *Deadlines) Deadline(c echo.Context) error {
	q := c.QueryParams()
	raw := strings.TrimSpace(q.Get("start"))
	if raw == "" {
		return Problem(c, http.StatusBadRequest, "missing parameter: start (an RFC 3339 instant, e.g. 2026-02-13T16:59:00+07:00)")
	}
	start, err := time.Parse(time.RFC3339, raw)
	if err != nil {
		msg := "start must be an RFC 3339 instant with its offset, e.g. 2026-02-13T16:59:00+07:00"
		if strings.Contains(raw, " ") {
			msg += " (a + in a query string must be sent as %2B)"
		}
		return Problem(c, http.StatusBadRequest, msg)
	}
	var (
		d     calendar.Duration
		given []string
	)
	for _, p := range durationParams {
		if !q.Has(p.name) {
			continue
		}
		given = append(given, p.name)
		s := strings.TrimSpace(q.Get(p.name))
		d = calendar.Duration{Unit: p.unit}
		if p.unit == calendar.SameDay {
			if s != "1" && s != "true" {
				return Problem(c, http.StatusBadRequest, "same_day must be 1")
			}
			continue
		}
		n, err := strconv.ParseFloat(s, 64)
		switch {
		case err != nil || math.IsNaN(n) || math.IsInf(n, 0):
			return Problem(c, http.StatusBadRequest, p.name+" must be a number")
		case n <= 0 || n > p.max:
			return Problem(c, http.StatusBadRequest, fmt.Sprintf("%s must be more than 0 and at most %v", p.name, p.max))
		case p.unit == calendar.CalendarDays && n != math.Trunc(n):
			return Problem(c, http.StatusBadRequest, "calendar_days must be a whole number")
		}
		d.Amount = n
	}
	if len(given) != 1 {
		msg := "give exactly one of working_days, working_hours, calendar_days, same_day"
		if len(given) > 1 {
			msg += "; got " + strings.Join(given, ", ")
		}
		return Problem(c, http.StatusBadRequest, msg)
	}

	ctx := c.Request().Context()
	var cal *calendar.Calendar
	if code := strings.TrimSpace(q.Get("unit")); q.Has("unit") {
		cal, err = h.Calendars.ForUnitCode(ctx, code)
		if errors.Is(err, worktime.ErrUnitNotFound) {
			return Problem(c, http.StatusBadRequest, "unknown unit: "+code)
		}
	} else {
		cal, err = h.Calendars.Default(ctx)
	}
	if err != nil {
		return err
	}
	dl, err := cal.Due(start, d)
	switch {
	case errors.Is(err, calendar.ErrNotCovered):
		return Problem(c, http.StatusBadRequest, strings.TrimPrefix(err.Error(), "calendar: ")+"; years covered: "+
			years(cal.Table().Years()))
	case errors.Is(err, calendar.ErrInvalidDuration):
		return Problem(c, http.StatusBadRequest, err.Error())
	case err != nil:
		return err
	}
	return c.JSON(http.StatusOK, deadlineResponse(dl))
}

func years(ys []int) string {
	if len(ys) == 0 {
		return "none"
	}
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = strconv.Itoa(y)
	}
	return strings.Join(parts, ", ")
}

func deadlineResponse(dl calendar.Deadline) DeadlineResponse {
	out := DeadlineResponse{Start: stamp(dl.Start), Due: stamp(dl.Due), Duration: dl.Duration, Explanation: []any{}}
	for _, st := range dl.Explanation() {
		if s := st.Segment; s != nil {
			out.Explanation = append(out.Explanation, WorkStep{Type: "work", Day: s.Day.String(), From: stamp(s.From), To: stamp(s.To),
				Hours: math.Round(s.Worked.Hours()*10000) / 10000})
			continue
		}
		k := st.Skip
		step := SkipStep{Type: "skip", Day: k.Day.String(), Reason: string(k.Reason), Name: k.Name}
		if !k.From.IsZero() {
			step.From, step.To = stamp(k.From), stamp(k.To)
		}
		out.Explanation = append(out.Explanation, step)
	}
	return out
}
