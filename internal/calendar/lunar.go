package calendar

import (
	"errors"
	"fmt"
	"math"
)

// The Vietnamese lunisolar calendar (âm lịch), computed from the astronomy.
//
// The rules are those of the Chinese calendar, applied in Vietnam's time zone
// (UTC+7 since 1968), which is why Chinese-calendar code (UTC+8) gives other
// dates in some years:
//  1. a month starts on the local civil day of a new moon;
//  2. the month holding the December solstice (sun at longitude 270°) is
//     month 11;
//  3. when 13 months start between one month 11 and the next, one of them is
//     a leap month: the first that holds no principal term (no moment when the
//     sun's longitude crosses a multiple of 30°); it takes the number of the
//     month before it.
//
// This is the method Hồ Ngọc Đức published; the code here is written from
// the astronomy (Meeus, "Astronomical Algorithms", 2nd ed.: ch. 49 for the new
// moons, ch. 25 for the sun, with Espenak and Meeus's ΔT polynomials), not
// from his code, which is licensed for non-commercial use only.

// vnZone is the time zone (hours east of UTC) the Vietnamese calendar is
// computed in.
const vnZone = 7.0

// ErrNoSuchLunarDate is returned for a lunar date that does not exist: a
// leap month the year does not have, or day 30 of a 29-day month.
var ErrNoSuchLunarDate = errors.New("calendar: no such lunar date")

// LunarDate is a date in the Vietnamese lunar calendar. Year is the Gregorian
// year in which the lunar year starts (Tết); Leap marks a leap month (tháng
// nhuận), which repeats Month.
type LunarDate struct {
	Year  int
	Month int
	Day   int
	Leap  bool
}

// String formats the date as "10/3/2026", with "n" after a leap month
// ("15/6n/2025").
func (l LunarDate) String() string {
	leap := ""
	if l.Leap {
		leap = "n"
	}
	return fmt.Sprintf("%d/%d%s/%d", l.Day, l.Month, leap, l.Year)
}

// ToLunar converts a solar (Gregorian) date to the lunar calendar.
func ToLunar(d Date) LunarDate { return toLunar(d, vnZone) }

// FromLunar converts a lunar date to the solar (Gregorian) calendar.
func FromLunar(l LunarDate) (Date, error) { return fromLunar(l, vnZone) }

// LunarNewYear returns the date of Tết (mùng 1 tháng Giêng) in the given
// Gregorian year.
func LunarNewYear(year int) Date {
	d, _ := fromLunar(LunarDate{Year: year, Month: 1, Day: 1}, vnZone) // month 1 always exists
	return d
}

// LeapMonth returns the leap month of the lunar year that starts in the
// given Gregorian year, or 0 if that year has none. A leap 11th or 12th
// month counts for the lunar year it falls in (the one before the Tết
// that follows it).
func LeapMonth(year int) int {
	for _, m := range monthsOfLunarYear(year, vnZone) {
		if m.leap {
			return m.number
		}
	}
	return 0
}

// YearName returns the sexagenary (can chi) name of the lunar year that
// starts in the given Gregorian year, e.g. "Bính Ngọ" for 2026.
func YearName(year int) string {
	stems := [...]string{"Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"}
	branches := [...]string{"Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"}
	// Year 4 (CE) was Giáp Tý, the first of the cycle.
	return stems[mod(year-4, 10)] + " " + branches[mod(year-4, 12)]
}

func mod(a, n int) int { return (a%n + n) % n }

// lunarMonth is one month of the calendar: the Julian day number of its first
// day, its number (1-12) and whether it is a leap month.
type lunarMonth struct {
	start  int
	number int
	leap   bool
}

// suiMonths returns the months from month 11 of the lunar year before
// (inclusive) to the month 11 that holds the December solstice of the
// Gregorian year y (exclusive), numbered: 12 or 13 months, the span (suì)
// over which rule 3 is applied.
func suiMonths(y int, tz float64) []lunarMonth {
	a := month11(y-1, tz)
	b := month11(y, tz)
	k := lunationAt(a, tz)
	var starts []int
	for d := a; d < b; d = newMoonDay(k, tz) {
		starts = append(starts, d)
		k++
	}
	months := make([]lunarMonth, len(starts))
	leapFound := len(starts) == 12 // a 12-month span has no leap month
	number := 10
	for i, s := range starts {
		if !leapFound && i > 0 {
			next := b
			if i+1 < len(starts) {
				next = starts[i+1]
			}
			if !holdsPrincipalTerm(s, next, tz) {
				months[i] = lunarMonth{start: s, number: number, leap: true}
				leapFound = true
				continue
			}
		}
		number = number%12 + 1
		months[i] = lunarMonth{start: s, number: number}
	}
	return months
}

// monthsOfLunarYear returns the months from Tết of the Gregorian year y to the
// day before the next Tết.
func monthsOfLunarYear(y int, tz float64) []lunarMonth {
	all := append(suiMonths(y, tz), suiMonths(y+1, tz)...)
	first, last := -1, -1
	for i, m := range all {
		if m.number == 1 && !m.leap {
			if first < 0 {
				first = i
			} else {
				last = i
				break
			}
		}
	}
	return all[first:last]
}

func toLunar(d Date, tz float64) LunarDate {
	jd := d.jdn()
	// The suì of year y runs from month 11 of y-1 to month 11 of y.
	y := d.Year
	if jd >= month11(y, tz) {
		y++
	}
	months := suiMonths(y, tz)
	i := len(months) - 1
	for months[i].start > jd {
		i--
	}
	m := months[i]
	year := y
	// Months 11 and 12 (and a leap one among them) open the suì, before
	// Tết: they belong to the lunar year before.
	if m.number >= 11 {
		year--
	}
	return LunarDate{Year: year, Month: m.number, Day: jd - m.start + 1, Leap: m.leap}
}

func fromLunar(l LunarDate, tz float64) (Date, error) {
	if l.Month < 1 || l.Month > 12 || l.Day < 1 || l.Day > 30 {
		return Date{}, fmt.Errorf("%w: %v", ErrNoSuchLunarDate, l)
	}
	y := l.Year
	if l.Month >= 11 {
		// Months 11 and 12 of lunar year y open the suì of y+1.
		y++
	}
	months := suiMonths(y, tz)
	for i, m := range months {
		if m.number != l.Month || m.leap != l.Leap {
			continue
		}
		next := month11(y, tz)
		if i+1 < len(months) {
			next = months[i+1].start
		}
		if m.start+l.Day-1 >= next {
			return Date{}, fmt.Errorf("%w: %v (the month has %d days)", ErrNoSuchLunarDate, l, next-m.start)
		}
		return dateOfJDN(m.start + l.Day - 1), nil
	}
	return Date{}, fmt.Errorf("%w: %v", ErrNoSuchLunarDate, l)
}

// month11 returns the Julian day number of the first day of the lunar month
// that holds the December solstice of Gregorian year y.
func month11(y int, tz float64) int {
	dec31 := Date{y, 12, 31}.jdn()
	k := lunationAt(dec31, tz)
	start := newMoonDay(k, tz)
	// The last month to start by 31 December holds the solstice (21 or 22
	// December) unless it started after it: then it is the month before.
	if sunLongitudeAtDayStart(start, tz) >= 270 {
		start = newMoonDay(k-1, tz)
	}
	return start
}

// lunationAt returns the number k (Meeus's count, 0 at the new moon of
// 6 January 2000) of the last new moon whose local day is on or before the
// day jd.
func lunationAt(jd int, tz float64) int {
	k := int(math.Floor((float64(jd) - 2451550.1) / synodicMonth))
	for newMoonDay(k+1, tz) <= jd {
		k++
	}
	for newMoonDay(k, tz) > jd {
		k--
	}
	return k
}

// holdsPrincipalTerm reports whether the month of days [start, next) holds a
// principal term: whether the sun's longitude crosses a multiple of 30°
// between the start of its first day and the start of the next month.
func holdsPrincipalTerm(start, next int, tz float64) bool {
	a := int(sunLongitudeAtDayStart(start, tz) / 30)
	b := int(sunLongitudeAtDayStart(next, tz) / 30)
	return a != b
}

// synodicMonth is the mean length of a lunation in days.
const synodicMonth = 29.530588861

// newMoonDay returns the Julian day number of the local civil day (in zone tz)
// of new moon number k.
func newMoonDay(k int, tz float64) int {
	jde := newMoonJDE(float64(k))
	jd := jde - deltaT(jde)/86400 // dynamical time to universal time
	// A Julian date starts at noon: +0.5 gives the civil day, +tz/24 the zone.
	return int(math.Floor(jd + 0.5 + tz/24))
}

// sunLongitudeAtDayStart returns the sun's apparent longitude, in degrees
// [0, 360), at local midnight (zone tz) at the start of day jd.
func sunLongitudeAtDayStart(jd int, tz float64) float64 {
	ut := float64(jd) - 0.5 - tz/24
	return sunLongitude(ut + deltaT(ut)/86400)
}

// newMoonJDE returns the instant (Julian ephemeris day, dynamical time) of
// the mean-corrected new moon number k: Meeus ch. 49, the new-moon terms and
// the additional planetary corrections, accurate to a few seconds.
func newMoonJDE(k float64) float64 {
	t := k / 1236.85
	t2, t3, t4 := t*t, t*t*t, t*t*t*t
	jde := 2451550.09766 + 29.530588861*k + 0.00015437*t2 - 0.000000150*t3 + 0.00000000073*t4
	e := 1 - 0.002516*t - 0.0000074*t2
	m := rad(2.5534 + 29.10535670*k - 0.0000014*t2 - 0.00000011*t3)                      // sun's mean anomaly
	mp := rad(201.5643 + 385.81693528*k + 0.0107582*t2 + 0.00001238*t3 - 0.000000058*t4) // moon's mean anomaly
	f := rad(160.7108 + 390.67050284*k - 0.0016118*t2 - 0.00000227*t3 + 0.000000011*t4)  // moon's argument of latitude
	om := rad(124.7746 - 1.56375588*k + 0.0020672*t2 + 0.00000215*t3)                    // longitude of the ascending node
	sin := math.Sin
	jde += -0.40720*sin(mp) +
		0.17241*e*sin(m) +
		0.01608*sin(2*mp) +
		0.01039*sin(2*f) +
		0.00739*e*sin(mp-m) -
		0.00514*e*sin(mp+m) +
		0.00208*e*e*sin(2*m) -
		0.00111*sin(mp-2*f) -
		0.00057*sin(mp+2*f) +
		0.00056*e*sin(2*mp+m) -
		0.00042*sin(3*mp) +
		0.00042*e*sin(m+2*f) +
		0.00038*e*sin(m-2*f) -
		0.00024*e*sin(2*mp-m) -
		0.00017*sin(om) -
		0.00007*sin(mp+2*m) +
		0.00004*sin(2*mp-2*f) +
		0.00004*sin(3*m) +
		0.00003*sin(mp+m-2*f) +
		0.00003*sin(2*mp+2*f) -
		0.00003*sin(mp+m+2*f) +
		0.00003*sin(mp-m+2*f) -
		0.00002*sin(mp-m-2*f) -
		0.00002*sin(3*mp+m) +
		0.00002*sin(4*mp)
	// Additional corrections: arguments A1..A14 (degrees) and coefficients.
	a := [14][3]float64{
		{299.77, 0.107408, 0.000325},
		{251.88, 0.016321, 0.000165},
		{251.83, 26.651886, 0.000164},
		{349.42, 36.412478, 0.000126},
		{84.66, 18.206239, 0.000110},
		{141.74, 53.303771, 0.000062},
		{207.14, 2.453732, 0.000060},
		{154.84, 7.306860, 0.000056},
		{34.52, 27.261239, 0.000047},
		{207.19, 0.121824, 0.000042},
		{291.34, 1.844379, 0.000040},
		{161.72, 24.198154, 0.000037},
		{239.56, 25.513099, 0.000035},
		{331.55, 3.592518, 0.000023},
	}
	for i, c := range a {
		arg := c[0] + c[1]*k
		if i == 0 {
			arg -= 0.009173 * t2
		}
		jde += c[2] * sin(rad(arg))
	}
	return jde
}

// sunLongitude returns the sun's apparent geometric longitude in degrees
// [0, 360) at Julian ephemeris day jde: Meeus ch. 25, the low-accuracy
// method (0.01°, about a quarter of an hour of the sun's motion).
func sunLongitude(jde float64) float64 {
	t := (jde - 2451545.0) / 36525
	t2 := t * t
	l0 := 280.46646 + 36000.76983*t + 0.0003032*t2 // mean longitude
	m := rad(357.52911 + 35999.05029*t - 0.0001537*t2)
	c := (1.914602-0.004817*t-0.000014*t2)*math.Sin(m) +
		(0.019993-0.000101*t)*math.Sin(2*m) +
		0.000289*math.Sin(3*m)
	om := rad(125.04 - 1934.136*t)
	lambda := l0 + c - 0.00569 - 0.00478*math.Sin(om) // aberration and nutation
	return math.Mod(math.Mod(lambda, 360)+360, 360)
}

// deltaT returns ΔT = TT - UT in seconds near Julian day jd, from the
// polynomials of Espenak and Meeus (NASA, "Five Millennium Canon of Solar
// Eclipses", 2006). An error of a minute here moves a new moon by a minute:
// it matters only for new moons within that much of local midnight.
func deltaT(jd float64) float64 {
	y := 2000 + (jd-2451544.5)/365.2425
	switch {
	case y >= 1800 && y < 1860:
		t := y - 1800
		return 13.72 - 0.332447*t + 0.0068612*t*t + 0.0041116*t*t*t - 0.00037436*math.Pow(t, 4) +
			0.0000121272*math.Pow(t, 5) - 0.0000001699*math.Pow(t, 6) + 0.000000000875*math.Pow(t, 7)
	case y >= 1860 && y < 1900:
		t := y - 1860
		return 7.62 + 0.5737*t - 0.251754*t*t + 0.01680668*t*t*t - 0.0004473624*math.Pow(t, 4) + math.Pow(t, 5)/233174
	case y >= 1900 && y < 1920:
		t := y - 1900
		return -2.79 + 1.494119*t - 0.0598939*t*t + 0.0061966*t*t*t - 0.000197*math.Pow(t, 4)
	case y >= 1920 && y < 1941:
		t := y - 1920
		return 21.20 + 0.84493*t - 0.076100*t*t + 0.0020936*t*t*t
	case y >= 1941 && y < 1961:
		t := y - 1950
		return 29.07 + 0.407*t - t*t/233 + t*t*t/2547
	case y >= 1961 && y < 1986:
		t := y - 1975
		return 45.45 + 1.067*t - t*t/260 - t*t*t/718
	case y >= 1986 && y < 2005:
		t := y - 2000
		return 63.86 + 0.3345*t - 0.060374*t*t + 0.0017275*t*t*t + 0.000651814*math.Pow(t, 4) + 0.00002373599*math.Pow(t, 5)
	case y >= 2005 && y < 2050:
		t := y - 2000
		return 62.92 + 0.32217*t + 0.005589*t*t
	case y >= 2050 && y < 2150:
		u := (y - 1820) / 100
		return -20 + 32*u*u - 0.5628*(2150-y)
	default:
		u := (y - 1820) / 100
		return -20 + 32*u*u
	}
}

func rad(deg float64) float64 { return deg * math.Pi / 180 }
