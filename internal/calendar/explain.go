package calendar

import (
	"fmt"
	"strings"
	"time"
)

// Segment is working time consumed in one session (or the part of it between
// pauses).
type Segment struct {
	Day    Date
	From   time.Time
	To     time.Time
	Worked time.Duration
}

// Skip is a day, or part of one, the clock did not run on.
type Skip struct {
	Day    Date
	Reason Reason
	// Name is the day off's name (ReasonDayOff).
	Name string
	// From and To bound the part of the day skipped, for
	// ReasonOutsideSession and ReasonPaused; zero when the whole day is.
	From time.Time
	To   time.Time
}

// explainer collects segments and skips during a walk. A nil explainer
// collects nothing (WorkingTime needs no explanation).
type explainer struct {
	segments []Segment
	skips    []Skip
	// pause is the index of the pause the last paused skip came from, so the
	// pieces of one pause on one day (either side of the lunch break) make
	// one skip.
	pause int
}

func (e *explainer) segment(day Date, from, to time.Time) {
	if e == nil || !to.After(from) {
		return
	}
	e.segments = append(e.segments, Segment{Day: day, From: from, To: to, Worked: to.Sub(from)})
}

func (e *explainer) skip(s Skip) {
	if e == nil {
		return
	}
	e.skips = append(e.skips, s)
}

func (e *explainer) paused(day Date, from, to time.Time, pause int) {
	if e == nil {
		return
	}
	if n := len(e.skips); n > 0 {
		last := &e.skips[n-1]
		if last.Reason == ReasonPaused && last.Day == day && e.pause == pause {
			last.To = to
			return
		}
	}
	e.pause = pause
	e.skips = append(e.skips, Skip{Day: day, Reason: ReasonPaused, From: from, To: to})
}

// Step is one entry of a deadline's explanation: working time consumed
// (Segment) or time the clock did not run (Skip); exactly one is set.
type Step struct {
	Segment *Segment
	Skip    *Skip
}

// Explanation merges Segments and Skipped into one list in time order: what
// an API or a page shows to say, day by day, how the due instant was reached.
func (d Deadline) Explanation() []Step {
	out := make([]Step, 0, len(d.Segments)+len(d.Skipped))
	si, ki := 0, 0
	for si < len(d.Segments) || ki < len(d.Skipped) {
		if ki < len(d.Skipped) && (si == len(d.Segments) || !skipAfter(d.Skipped[ki], d.Segments[si])) {
			out = append(out, Step{Skip: &d.Skipped[ki]})
			ki++
			continue
		}
		out = append(out, Step{Segment: &d.Segments[si]})
		si++
	}
	return out
}

// String is a compact account for logs and tests: the due instant, then day
// by day what was worked and what was skipped, e.g.
//
//	1 working_days from 2026-04-24 16:59 due 2026-04-28 16:59: 04-24 16:59-17:00 1m |
//	04-25 weekend | 04-26 off "Giỗ Tổ Hùng Vương (10/3 âm lịch)" | ...
func (d Deadline) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v from %s due %s", d.Duration, stamp(d.Start), stamp(d.Due))
	if !d.Restarted.IsZero() {
		fmt.Fprintf(&b, " (restarted %s)", stamp(d.Restarted))
	}
	if d.Paused > 0 {
		fmt.Fprintf(&b, " (+%s paused)", short(d.Paused))
	}
	if d.AfterCutoff {
		b.WriteString(" (after cut-off)")
	}
	b.WriteString(":")
	var day Date
	for _, it := range d.Explanation() {
		var item string
		var on Date
		if k := it.Skip; k != nil {
			on = k.Day
			switch k.Reason {
			case ReasonDayOff:
				item = fmt.Sprintf("off %q", k.Name)
			case ReasonWeekend:
				item = "weekend"
			case ReasonOutsideSession:
				item = "outside " + span(k.Day, k.From, k.To)
			default:
				item = string(k.Reason) + " " + span(k.Day, k.From, k.To)
			}
		} else {
			s := it.Segment
			on = s.Day
			item = span(s.Day, s.From, s.To) + " " + short(s.Worked)
		}
		if on == day {
			b.WriteString(", ")
		} else {
			if !day.IsZero() {
				b.WriteString(" |")
			}
			fmt.Fprintf(&b, " %02d-%02d ", int(on.Month), on.Day)
			day = on
		}
		b.WriteString(item)
	}
	return b.String()
}

// skipAfter reports whether skip k comes after segment s.
func skipAfter(k Skip, s Segment) bool {
	if k.Day != s.Day {
		return k.Day.After(s.Day)
	}
	return !k.From.IsZero() && !k.From.Before(s.To)
}

// stamp formats an instant in UTC+7 as "2006-01-02 15:04" (with seconds when
// it has some).
func stamp(t time.Time) string {
	t = t.In(ict)
	if t.Second() != 0 || t.Nanosecond() != 0 {
		return t.Format("2006-01-02 15:04:05")
	}
	return t.Format("2006-01-02 15:04")
}

// span formats from-to on day: the midnight ending the day is "24:00", and
// an instant on another day (a pause of calendar days) has its date.
func span(day Date, from, to time.Time) string {
	clock := func(t time.Time) string {
		t = t.In(ict)
		layout := "15:04"
		if t.Second() != 0 || t.Nanosecond() != 0 {
			layout = "15:04:05"
		}
		switch {
		case DateOf(t) == day:
		case t.Equal(day.AddDays(1).Start()):
			return "24:00"
		default:
			layout = "01-02 " + layout
		}
		return t.Format(layout)
	}
	return clock(from) + "-" + clock(to)
}

// short formats a duration as "3h59m", "4h", "30m", "45s".
func short(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	var b strings.Builder
	if d < 0 {
		b.WriteString("-")
		d = -d
	}
	h, m, s := d/time.Hour, d%time.Hour/time.Minute, d%time.Minute/time.Second
	if h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dm", m)
	}
	if s > 0 || b.Len() == 0 || (b.Len() == 1 && b.String() == "-") {
		fmt.Fprintf(&b, "%ds", s)
	}
	return b.String()
}
