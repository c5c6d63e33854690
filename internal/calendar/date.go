package calendar

import (
	"fmt"
	"time"
)

// ict is Vietnam's time, UTC+7 all year. A fixed zone rather than
// time.LoadLocation("Asia/Ho_Chi_Minh"): no DST to follow, and no dependency
// on the tzdata of the machine or container.
var ict = time.FixedZone("ICT", 7*3600)

// Location is the zone every instant is read and returned in (UTC+7).
func Location() *time.Location { return ict }

// Date is a civil date in Vietnam, without a time of day.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date, normalised the way time.Date normalises
// (32 January is 1 February).
func NewDate(year int, month time.Month, day int) Date {
	return dateOfUTC(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the date of t in UTC+7.
func DateOf(t time.Time) Date {
	y, m, d := t.In(ict).Date()
	return Date{y, m, d}
}

func dateOfUTC(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate reads "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("calendar: date %q: want YYYY-MM-DD", s)
	}
	return dateOfUTC(t), nil
}

// String formats the date as "2006-01-02".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText writes the date as "2006-01-02" (JSON, forms, logs).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "2006-01-02".
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// utc is midnight of d in UTC: the form date arithmetic is done in, since
// UTC days are all 24 hours long.
func (d Date) utc() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// AddDays returns the date n days later (earlier if n < 0).
func (d Date) AddDays(n int) Date { return dateOfUTC(d.utc().AddDate(0, 0, n)) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.jdn() < e.jdn() }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.jdn() > e.jdn() }

// At returns the instant at the time of day tod on d, in UTC+7.
func (d Date) At(tod TimeOfDay) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, ict).Add(time.Duration(tod) * time.Minute)
}

// Start returns midnight at the start of d, in UTC+7.
func (d Date) Start() time.Time { return d.At(0) }

// jdn is the Julian day number of d: the day count the astronomy in lunar.go
// works in (noon-based, so a civil date has exactly one).
func (d Date) jdn() int {
	// 2440588 is the Julian day number of 1970-01-01.
	return int(d.utc().Unix()/86400) + 2440588
}

// dateOfJDN is the civil date of a Julian day number.
func dateOfJDN(jdn int) Date {
	return dateOfUTC(time.Unix(int64(jdn-2440588)*86400, 0).UTC())
}

// isWeekend reports whether d is a weekly rest day: civil servants work
// Monday to Friday (Quyết định 188/1999/QĐ-TTg, the 40-hour week).
func (d Date) isWeekend() bool {
	w := d.Weekday()
	return w == time.Saturday || w == time.Sunday
}

// TimeOfDay is a time of day in minutes after midnight (0 to 1440).
type TimeOfDay int

// Clock returns the time of day h:m.
func Clock(h, m int) TimeOfDay { return TimeOfDay(h*60 + m) }

// ParseTimeOfDay reads "HH:MM" (00:00 to 24:00).
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	bad := fmt.Errorf("calendar: time %q: want HH:MM between 00:00 and 24:00", s)
	if len(s) != 5 || s[2] != ':' {
		return 0, bad
	}
	digits := [4]int{}
	for i, j := range [4]int{0, 1, 3, 4} {
		if s[j] < '0' || s[j] > '9' {
			return 0, bad
		}
		digits[i] = int(s[j] - '0')
	}
	h, m := digits[0]*10+digits[1], digits[2]*10+digits[3]
	if h > 24 || m > 59 || (h == 24 && m != 0) {
		return 0, bad
	}
	return Clock(h, m), nil
}

// String formats the time of day as "15:04".
func (t TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", int(t)/60, int(t)%60) }

// MarshalText writes "15:04".
func (t TimeOfDay) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText reads "15:04".
func (t *TimeOfDay) UnmarshalText(b []byte) error {
	p, err := ParseTimeOfDay(string(b))
	if err != nil {
		return err
	}
	*t = p
	return nil
}
