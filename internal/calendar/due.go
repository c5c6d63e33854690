package calendar

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"
)

// Unit is how a duration is counted. The values are those of
// catalog.DurationUnit, so callers convert with Unit(u).
type Unit string

const (
	// WorkingDays: Amount × 8 working hours (fractions allowed: 0.5 is 4 h).
	WorkingDays Unit = "working_days"
	// WorkingHours: Amount working hours.
	WorkingHours Unit = "working_hours"
	// CalendarDays: Amount whole days, Bộ luật Dân sự 2015 art. 147-148.
	CalendarDays Unit = "calendar_days"
	// SameDay: by the end of the day received; after the cut-off, of the next
	// working day. Amount is ignored.
	SameDay Unit = "same_day"
)

// Duration is a processing time: an amount and its unit.
type Duration struct {
	Amount float64 `json:"amount"`
	Unit   Unit    `json:"unit"`
}

// String formats the duration as "1.5 working_days".
func (d Duration) String() string {
	if d.Unit == SameDay {
		return string(SameDay)
	}
	return strconv.FormatFloat(d.Amount, 'f', -1, 64) + " " + string(d.Unit)
}

// ErrInvalidDuration is returned for a negative, non-finite or fractional
// calendar-day amount, or an unknown unit.
var ErrInvalidDuration = errors.New("calendar: invalid duration")

// maxAmount bounds amounts so that working time fits a time.Duration with
// room to spare (ten thousand working days is forty years).
const maxAmount = 10000

func (d Duration) check() error {
	switch {
	case math.IsNaN(d.Amount) || math.IsInf(d.Amount, 0) || d.Amount < 0 || d.Amount > maxAmount:
		return fmt.Errorf("%w: amount %v", ErrInvalidDuration, d.Amount)
	case d.Unit == CalendarDays && d.Amount != math.Trunc(d.Amount):
		return fmt.Errorf("%w: %v calendar days: whole days only", ErrInvalidDuration, d.Amount)
	case d.Unit != WorkingDays && d.Unit != WorkingHours && d.Unit != CalendarDays && d.Unit != SameDay:
		return fmt.Errorf("%w: unit %q", ErrInvalidDuration, d.Unit)
	}
	return nil
}

// workingTime is the budget of a working-days or working-hours duration,
// to the second.
func (d Duration) workingTime() time.Duration {
	per := time.Hour
	if d.Unit == WorkingDays {
		per = WorkingDay
	}
	return time.Duration(math.Round(d.Amount*float64(per/time.Second))) * time.Second
}

// BudgetHours is the duration in working hours, the unit internal
// processes keep their step budgets in: working days × 8, working hours as
// they are, the same day as one working day (8 h). Calendar days cannot be
// converted without a start date; Amount × 8 is an upper bound (N days hold
// at most N working days), and upper says it is one. An invalid duration
// is 0 hours.
func (d Duration) BudgetHours() (hours float64, upper bool) {
	if d.check() != nil {
		return 0, false
	}
	perDay := WorkingDay.Hours()
	switch d.Unit {
	case WorkingDays:
		return d.Amount * perDay, false
	case WorkingHours:
		return d.Amount, false
	case SameDay:
		return perDay, false
	}
	return d.Amount * perDay, true // CalendarDays
}

// Pause is an interval [From, To) during which the clock stopped: waiting for
// the applicant's supplement or payment.
type Pause struct {
	From time.Time
	To   time.Time
}

// PauseMode is how a pause affects the clock, a per-procedure setting.
type PauseMode string

const (
	// PauseAddsBack: the working time inside the pauses is added back; the
	// time already used still counts (domain.md §5).
	PauseAddsBack PauseMode = "pause"
	// PauseRestarts: the clock restarts with the full duration when the
	// last pause ends (some sector laws).
	PauseRestarts PauseMode = "restart"
)

// Deadline is a due instant with the account of how it was reached.
type Deadline struct {
	// Start is the instant the clock started (the valid dossier received).
	Start    time.Time
	Due      time.Time
	Duration Duration
	// Mode and Pauses: how the pauses were applied; Pauses merged, in
	// order, cut at Start.
	Mode   PauseMode
	Pauses []Pause
	// Restarted is when the clock last restarted (PauseRestarts), or zero.
	Restarted time.Time
	// Paused is the working time inside pauses that was added back.
	Paused time.Duration
	// AfterCutoff: a same-day or transfer deadline moved to the next working
	// day because the receipt was after the cut-off.
	AfterCutoff bool
	// Worked is the working time the deadline allows: the sum of Segments.
	// Zero for calendar days, which are not counted in working time.
	Worked   time.Duration
	Segments []Segment
	Skipped  []Skip
}

// Due returns when a matter started at start with duration d is due.
func (c *Calendar) Due(start time.Time, d Duration) (Deadline, error) {
	return c.due(start, d, nil, PauseAddsBack)
}

// WithPauses recomputes prev (its Start and Duration) with the clock paused
// during pauses, given in full each time (all rounds so far). In
// PauseAddsBack mode the due instant moves by exactly the working time that
// fell inside the pauses (for calendar days, by the paused time); in
// PauseRestarts mode the full duration counts again from the end of the last
// pause. A pause that begins after the due instant has passed moves nothing:
// the matter was already late. Pauses must be closed: while one is open the
// due instant is not known.
func (c *Calendar) WithPauses(prev Deadline, pauses []Pause, mode PauseMode) (Deadline, error) {
	if mode != PauseAddsBack && mode != PauseRestarts {
		return Deadline{}, fmt.Errorf("calendar: pause mode %q: want pause or restart", mode)
	}
	return c.due(prev.Start, prev.Duration, pauses, mode)
}

func (c *Calendar) due(start time.Time, d Duration, pauses []Pause, mode PauseMode) (Deadline, error) {
	if start.IsZero() {
		return Deadline{}, errors.New("calendar: no start instant")
	}
	if err := d.check(); err != nil {
		return Deadline{}, err
	}
	start = start.In(ict)
	ps, err := normalisePauses(pauses, start)
	if err != nil {
		return Deadline{}, err
	}
	if mode == PauseRestarts && len(ps) > 0 {
		from := start
		dl, err := c.plain(from, d, nil)
		if err != nil {
			return Deadline{}, err
		}
		for _, p := range ps {
			if !p.From.Before(dl.Due) {
				break // already due when the pause began
			}
			from = p.To
			if dl, err = c.plain(from, d, nil); err != nil {
				return Deadline{}, err
			}
		}
		dl.Start, dl.Mode, dl.Pauses = start, mode, ps
		if !from.Equal(start) {
			dl.Restarted = from
		}
		return dl, nil
	}
	dl, err := c.plain(start, d, ps)
	if err != nil {
		return Deadline{}, err
	}
	if len(ps) > 0 {
		dl.Mode, dl.Pauses = mode, ps
	}
	return dl, nil
}

// plain computes a deadline from start, adding back the working time inside
// ps.
func (c *Calendar) plain(start time.Time, d Duration, ps []Pause) (Deadline, error) {
	dl := Deadline{Start: start, Duration: d}
	ex := &explainer{}
	var err error
	switch d.Unit {
	case WorkingDays, WorkingHours:
		var r walkResult
		r, err = c.walk(start, d.workingTime(), time.Time{}, ps, ex)
		dl.Due, dl.Paused = r.end, r.paused
	case SameDay:
		var day Date
		day, dl.AfterCutoff, err = c.cutoffDay(start)
		if err != nil {
			break
		}
		dl.Due = day.At(c.lastEnd())
		if len(ps) > 0 {
			// Same-day is the working time left in the day: pauses add it
			// back like any other working time.
			var r walkResult
			if r, err = c.walk(start, infinite, dl.Due, nil, nil); err != nil {
				break
			}
			r, err = c.walk(start, r.worked, time.Time{}, ps, ex)
			dl.Due, dl.Paused = r.end, r.paused
			break
		}
		_, err = c.walk(start, infinite, dl.Due, nil, ex)
	case CalendarDays:
		dl.Due, err = c.calendarDays(start, int(d.Amount), ps, ex)
	}
	if err != nil {
		return Deadline{}, err
	}
	dl.Segments, dl.Skipped = ex.segments, ex.skips
	for _, s := range dl.Segments {
		dl.Worked += s.Worked
	}
	return dl, nil
}

// cutoffDay returns the working day a same-day matter received at t is due
// (and a transfer made): the day received, or the next working day when it
// is received after the cut-off on a working day. A receipt on a day off
// counts as received at the start of the next working day, before the
// cut-off.
func (c *Calendar) cutoffDay(t time.Time) (Date, bool, error) {
	day := DateOf(t)
	working, err := c.IsWorkingDay(day)
	if err != nil {
		return Date{}, false, err
	}
	after := working && t.After(day.At(c.cutoff))
	if after {
		day = day.AddDays(1)
	}
	day, err = c.nextWorkingDay(day, nil)
	return day, after, err
}

// calendarDays: Bộ luật Dân sự 2015 art. 147 — a period in days starts the
// day after the event, so the last day is the start's date + n; art. 148 —
// it ends at the end of its last day, and when that is a weekly rest day or
// a holiday, at the end of the next working day. The start is the first
// working instant at or after start (a receipt outside working hours counts
// from the next session), and the end of a day is the end of its last
// session: the hour the office closes, the hour an appointment slip shows.
// Pauses add back the paused time (in hours, not working hours).
func (c *Calendar) calendarDays(start time.Time, n int, ps []Pause, ex *explainer) (time.Time, error) {
	r, err := c.walk(start, 0, time.Time{}, nil, ex)
	if err != nil {
		return time.Time{}, err
	}
	t, rest := r.end, time.Duration(n)*24*time.Hour
	for i, p := range ps {
		if !p.To.After(t) {
			continue
		}
		if p.From.After(t) {
			if p.From.Sub(t) >= rest {
				break
			}
			rest -= p.From.Sub(t)
		}
		ex.paused(DateOf(maxTime(p.From, t)), maxTime(p.From, t), p.To, i)
		t = p.To
	}
	last, err := c.nextWorkingDay(DateOf(t.Add(rest)), ex)
	if err != nil {
		return time.Time{}, err
	}
	return last.At(c.lastEnd()), nil
}

// Transfer returns when a dossier received at received must reach the
// processing unit: the same working day, or, received after the cut-off, the
// start of the next working morning ("chuyển vào đầu giờ ngày làm việc
// tiếp theo", Nghị định 61/2018/NĐ-CP art. 19 [check]).
func (c *Calendar) Transfer(received time.Time) (Deadline, error) {
	if received.IsZero() {
		return Deadline{}, errors.New("calendar: no receipt instant")
	}
	received = received.In(ict)
	day, after, err := c.cutoffDay(received)
	if err != nil {
		return Deadline{}, err
	}
	dl := Deadline{Start: received, Duration: Duration{Unit: SameDay}, AfterCutoff: after, Due: day.At(c.lastEnd())}
	if after {
		dl.Due = day.At(c.firstStart())
	}
	ex := &explainer{}
	if _, err := c.walk(received, infinite, dl.Due, nil, ex); err != nil {
		return Deadline{}, err
	}
	dl.Segments, dl.Skipped = ex.segments, ex.skips
	for _, s := range dl.Segments {
		dl.Worked += s.Worked
	}
	return dl, nil
}

// WorkingTime returns the working time between from and to, less the working
// time inside pauses: how much of a budget has been used. Zero if to is not
// after from.
func (c *Calendar) WorkingTime(from, to time.Time, pauses ...Pause) (time.Duration, error) {
	if !to.After(from) {
		return 0, nil
	}
	ps, err := normalisePauses(pauses, from.In(ict))
	if err != nil {
		return 0, err
	}
	r, err := c.walk(from.In(ict), infinite, to.In(ict), ps, nil)
	return r.worked, err
}

// Timeliness classifies a finish against its due instant.
type Timeliness string

const (
	// Early: finished on a day before the due day (trước hạn).
	Early Timeliness = "early"
	// OnTime: finished on the due day, by the due instant (đúng hạn).
	OnTime Timeliness = "on_time"
	// Late: finished after the due instant (quá hạn).
	Late Timeliness = "late"
)

// Classify says whether finish was early, on time or late against due.
// "Early" counts whole days, as the process control slip and the service
// index report it: a finish earlier on the due day itself is on time [check].
func Classify(finish, due time.Time) Timeliness {
	switch {
	case finish.After(due):
		return Late
	case DateOf(finish).Before(DateOf(due)):
		return Early
	default:
		return OnTime
	}
}

// infinite is a budget no walk consumes: the walk stops at its until instead.
const infinite = time.Duration(math.MaxInt64)

type walkResult struct {
	end    time.Time
	worked time.Duration // working time consumed
	paused time.Duration // working time skipped inside pauses
}

// walk moves forward from start through the working sessions of working days,
// skipping breaks, days off and pauses, until budget working time is consumed
// or until is reached (when not zero). The end may be a session end: time is
// consumed up to it, never rolled to the next session. With a zero budget the
// end is the first working instant at or after start.
func (c *Calendar) walk(start time.Time, budget time.Duration, until time.Time, ps []Pause, ex *explainer) (walkResult, error) {
	var r walkResult
	bounded := !until.IsZero()
	cur := start
	day := DateOf(cur)
	first := true // the start day, for ReasonOutsideSession
	pi := 0       // the first pause that may still matter
	remaining := budget
	for {
		if bounded && !cur.Before(until) {
			r.end = until
			return r, nil
		}
		working, reason, name, err := c.table.dayStatus(day)
		if err != nil {
			return r, err
		}
		if !working {
			ex.skip(Skip{Day: day, Reason: reason, Name: name})
			first = false
			day = day.AddDays(1)
			cur = day.Start()
			continue
		}
		midnight := day.Start()
		for _, s := range c.sessions {
			a := midnight.Add(time.Duration(s.Start) * time.Minute)
			b := midnight.Add(time.Duration(s.End) * time.Minute)
			if !b.After(cur) {
				continue
			}
			if bounded && !until.After(a) {
				if first && until.After(cur) {
					ex.skip(Skip{Day: day, Reason: ReasonOutsideSession, From: cur, To: until})
				}
				r.end = until
				return r, nil
			}
			if a.After(cur) {
				if first {
					ex.skip(Skip{Day: day, Reason: ReasonOutsideSession, From: cur, To: a})
				}
				cur = a
			}
			first = false
			if bounded && until.Before(b) {
				b = until
			}
			for cur.Before(b) {
				for pi < len(ps) && !ps[pi].To.After(cur) {
					pi++
				}
				if pi < len(ps) && !ps[pi].From.After(cur) {
					end := minTime(ps[pi].To, b)
					ex.paused(day, cur, end, pi)
					r.paused += end.Sub(cur)
					cur = end
					continue
				}
				pieceEnd := b
				if pi < len(ps) && ps[pi].From.Before(b) {
					pieceEnd = ps[pi].From
				}
				if avail := pieceEnd.Sub(cur); remaining <= avail {
					end := cur.Add(remaining)
					ex.segment(day, cur, end)
					r.worked += remaining
					r.end = end
					return r, nil
				}
				ex.segment(day, cur, pieceEnd)
				r.worked += pieceEnd.Sub(cur)
				remaining -= pieceEnd.Sub(cur)
				cur = pieceEnd
			}
			if bounded && !cur.Before(until) {
				r.end = until
				return r, nil
			}
		}
		next := midnight.Add(24 * time.Hour) // UTC+7 has no DST: every day is 24 hours
		if first {
			end := next
			if bounded && until.Before(end) {
				end = until
			}
			ex.skip(Skip{Day: day, Reason: ReasonOutsideSession, From: cur, To: end})
			first = false
		}
		day, cur = day.AddDays(1), next
	}
}

// normalisePauses checks the pauses, drops what lies before start, and
// merges overlapping or touching ones, in order.
func normalisePauses(pauses []Pause, start time.Time) ([]Pause, error) {
	var ps []Pause
	for i, p := range pauses {
		if p.From.IsZero() || p.To.IsZero() {
			return nil, fmt.Errorf("calendar: pause %d is open: the due instant is known once the clock resumes", i)
		}
		if p.To.Before(p.From) {
			return nil, fmt.Errorf("calendar: pause %d ends (%s) before it begins (%s)", i, stamp(p.To), stamp(p.From))
		}
		// A pause that ends when it begins (a fee confirmed the instant it
		// was asked for) stopped no clock.
		if !p.To.After(p.From) || !p.To.After(start) {
			continue
		}
		ps = append(ps, Pause{From: maxTime(p.From, start).In(ict), To: p.To.In(ict)})
	}
	slices.SortFunc(ps, func(a, b Pause) int { return a.From.Compare(b.From) })
	var out []Pause
	for _, p := range ps {
		if n := len(out); n > 0 && !p.From.After(out[n-1].To) {
			out[n-1].To = maxTime(out[n-1].To, p.To)
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
