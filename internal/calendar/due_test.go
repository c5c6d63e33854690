package calendar

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// seedTable is the seed of 2024-2031 (2024 and 2031 statutory only), so
// that walks near the edges of 2025-2030 stay covered.
func seedTable(t testing.TB, from, to int) Table {
	t.Helper()
	var rules []DayRule
	for y := from; y <= to; y++ {
		rules = append(rules, SeedRules(y)...)
	}
	table, err := NewTable(rules)
	if err != nil {
		t.Fatal(err)
	}
	return table
}

func newCalendar(t testing.TB, sessions string) *Calendar {
	t.Helper()
	var cfg Config
	if sessions != "" {
		ss, err := ParseSessions(sessions)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Sessions = ss
	}
	c, err := New(seedTable(t, 2024, 2031), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// at is an instant in UTC+7: at("2026-04-24 16:59").
func at(s string) time.Time {
	layout := "2006-01-02 15:04"
	if len(s) > len(layout) {
		layout = "2006-01-02 15:04:05"
	}
	t, err := time.ParseInLocation(layout, s, Location())
	if err != nil {
		panic(err)
	}
	return t
}

func wd(n float64) Duration { return Duration{n, WorkingDays} }
func wh(n float64) Duration { return Duration{n, WorkingHours} }
func cd(n float64) Duration { return Duration{n, CalendarDays} }

var sameDay = Duration{Unit: SameDay}

const unit0700 = "07:00-11:30,13:30-17:00" // some provinces' sessions

func TestDue(t *testing.T) {
	for _, tc := range []struct {
		name     string
		sessions string // empty: the default sessions
		start    string
		dur      Duration
		want     string
	}{
		// The walk through one week (2-6 March 2026 has no holiday).
		{"one day from mid-morning", "", "2026-03-02 09:00", wd(1), "2026-03-03 09:00"},
		{"one day from the first session start ends at 17:00, not the next morning", "", "2026-03-02 07:30", wd(1), "2026-03-02 17:00"},
		{"one day from 08:00", "", "2026-03-02 08:00", wd(1), "2026-03-03 08:00"},
		{"start at 17:00 exactly counts from the next morning", "", "2026-03-02 17:00", wd(1), "2026-03-03 17:00"},
		{"start at 16:59 on a Friday", "", "2026-03-06 16:59", wd(1), "2026-03-09 16:59"},
		{"start in the lunch break", "", "2026-03-02 12:00", wh(4), "2026-03-02 17:00"},
		{"start at 11:30 exactly waits for 13:00", "", "2026-03-02 11:30", wh(1), "2026-03-02 14:00"},
		{"start before opening", "", "2026-03-02 06:00", wh(1), "2026-03-02 08:30"},
		{"a duration ending exactly at 11:30 stays 11:30", "", "2026-03-02 07:30", wh(4), "2026-03-02 11:30"},
		{"ending at 11:30 from mid-morning", "", "2026-03-02 09:30", wh(2), "2026-03-02 11:30"},
		{"half a working day from 13:00", "", "2026-03-02 13:00", wd(0.5), "2026-03-02 17:00"},
		{"half a working day across lunch", "", "2026-03-02 09:00", wd(0.5), "2026-03-02 14:30"},
		{"1.5 working days", "", "2026-03-02 07:30", wd(1.5), "2026-03-03 11:30"},
		{"working hours across the night", "", "2026-03-02 16:00", wh(3), "2026-03-03 09:30"},
		{"seconds are kept", "", "2026-03-02 10:15:30", wh(1), "2026-03-02 11:15:30"},
		{"zero in the lunch break is the next session start", "", "2026-03-02 12:00", wh(0), "2026-03-02 13:00"},
		{"zero inside a session is the start", "", "2026-03-02 10:00", wh(0), "2026-03-02 10:00"},
		{"start on a Saturday", "", "2026-03-07 10:00", wd(1), "2026-03-09 17:00"},
		{"start late on Sunday", "", "2026-03-08 23:00", wh(2), "2026-03-09 09:30"},
		{"20 working days", "", "2026-03-02 07:30", wd(20), "2026-03-27 17:00"},
		// Holidays.
		{"Tết 2026: Friday before, nine days off", "", "2026-02-13 10:00", wd(1), "2026-02-23 10:00"},
		{"Tết 2026: received during Tết", "", "2026-02-18 09:00", wd(2), "2026-02-24 17:00"},
		{"Tết 2025: the swapped Saturday 08/02 is worked", "", "2025-02-07 13:00", wd(1), "2025-02-08 11:30"},
		{"Giỗ Tổ 2026 on Sunday: Monday 27/04 off", "", "2026-04-24 09:00", wd(1), "2026-04-28 09:00"},
		{"Giỗ Tổ 2026: 16:59 on the Friday before", "", "2026-04-24 16:59", wd(1), "2026-04-28 16:59"},
		{"30/4 and 1/5 2026, Thursday and Friday", "", "2026-04-29 10:00", wd(1), "2026-05-04 10:00"},
		{"ten days across Giỗ Tổ and 30/4 2026", "", "2026-04-20 07:30", wd(10), "2026-05-06 17:00"},
		{"start on the swapped working Saturday 10/01/2026", "", "2026-01-10 09:00", wh(4), "2026-01-10 14:30"},
		{"Tết Dương lịch 2026: 1/1-4/1 off", "", "2025-12-31 09:00", wd(1), "2026-01-05 09:00"},
		{"2025: Saturday 26/04 worked, then 30/4-4/5 off", "", "2025-04-25 13:00", wd(2), "2025-04-28 11:30"},
		{"Quốc khánh 2025: 1/9 and 2/9", "", "2025-08-29 09:00", wd(1), "2025-09-03 09:00"},
		{"Ngày Văn hóa Việt Nam 24/11/2026", "", "2026-11-23 09:00", wd(1), "2026-11-25 09:00"},
		{"across the new year into the statutory 2031", "", "2030-12-31 13:00", wd(1), "2031-01-02 11:30"},
		// A unit with 07:00-11:30 / 13:30-17:00.
		{"unit 07:00: one day from opening", unit0700, "2026-03-02 07:00", wd(1), "2026-03-02 17:00"},
		{"unit 07:00: 4.5 hours end at 11:30", unit0700, "2026-03-02 07:00", wh(4.5), "2026-03-02 11:30"},
		{"unit 07:00: start at 13:00 is still lunch", unit0700, "2026-03-02 13:00", wh(2), "2026-03-02 15:30"},
		{"unit 07:00: 16:59 on a Friday", unit0700, "2026-03-06 16:59", wd(1), "2026-03-09 16:59"},
		{"unit 07:00: same day", unit0700, "2026-03-02 14:00", sameDay, "2026-03-02 17:00"},
		// Calendar days (Bộ luật Dân sự 2015 art. 147-148).
		{"15 calendar days", "", "2026-03-02 10:00", cd(15), "2026-03-17 17:00"},
		{"calendar days landing on a Sunday", "", "2026-03-03 10:00", cd(5), "2026-03-09 17:00"},
		{"calendar days landing on Tết", "", "2026-02-06 10:00", cd(10), "2026-02-23 17:00"},
		{"calendar days landing on Giỗ Tổ and its Monday", "", "2026-04-22 10:00", cd(4), "2026-04-28 17:00"},
		{"calendar days received after hours count from the next morning", "", "2026-03-02 18:00", cd(1), "2026-03-04 17:00"},
		{"calendar days on a working Saturday", "", "2026-01-09 10:00", cd(1), "2026-01-10 17:00"},
		// Same day, with the 15:00 cut-off.
		{"same day before 15:00", "", "2026-03-02 10:00", sameDay, "2026-03-02 17:00"},
		{"same day at 15:00 exactly", "", "2026-03-02 15:00", sameDay, "2026-03-02 17:00"},
		{"same day after 15:00", "", "2026-03-02 15:01", sameDay, "2026-03-03 17:00"},
		{"same day after the last session", "", "2026-03-02 18:00", sameDay, "2026-03-03 17:00"},
		{"same day before opening", "", "2026-03-02 06:00", sameDay, "2026-03-02 17:00"},
		{"same day on a Friday after 15:00", "", "2026-03-06 16:00", sameDay, "2026-03-09 17:00"},
		{"same day on a Saturday", "", "2026-03-07 16:00", sameDay, "2026-03-09 17:00"},
		{"same day, Friday after 15:00 before Giỗ Tổ", "", "2026-04-24 15:30", sameDay, "2026-04-28 17:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCalendar(t, tc.sessions)
			got, err := c.Due(at(tc.start), tc.dur)
			if err != nil {
				t.Fatal(err)
			}
			if want := at(tc.want); !got.Due.Equal(want) {
				t.Errorf("Due(%s, %v) = %s, want %s\n%v", tc.start, tc.dur, stamp(got.Due), tc.want, got)
			}
			if got.Due.Location() != Location() {
				t.Errorf("due in %v, want UTC+7", got.Due.Location())
			}
			if tc.dur.Unit == WorkingDays || tc.dur.Unit == WorkingHours {
				if got.Worked != tc.dur.workingTime() {
					t.Errorf("explained %v of working time, want %v\n%v", got.Worked, tc.dur.workingTime(), got)
				}
			}
		})
	}
}

func TestDueWithPauses(t *testing.T) {
	c := newCalendar(t, "")
	for _, tc := range []struct {
		name   string
		start  string
		dur    Duration
		mode   PauseMode
		pauses [][2]string
		want   string
		paused time.Duration
	}{
		{"a pause across Giỗ Tổ and the 30/4 holidays", "2026-04-20 09:00", wd(3), PauseAddsBack,
			[][2]string{{"2026-04-21 10:00", "2026-04-28 10:00"}}, "2026-05-04 09:00", 32 * time.Hour},
		{"a pause over a weekend adds nothing", "2026-03-06 13:00", wd(1), PauseAddsBack,
			[][2]string{{"2026-03-07 08:00", "2026-03-08 20:00"}}, "2026-03-09 11:30", 0},
		{"a pause after the due does not move it", "2026-03-02 09:00", wd(1), PauseAddsBack,
			[][2]string{{"2026-03-04 09:00", "2026-03-05 09:00"}}, "2026-03-03 09:00", 0},
		{"a pause across the due adds back its working time", "2026-03-02 09:00", wd(1), PauseAddsBack,
			[][2]string{{"2026-03-03 08:00", "2026-03-03 10:00"}}, "2026-03-03 11:00", 2 * time.Hour},
		{"overlapping pauses are counted once", "2026-03-02 09:00", wd(1), PauseAddsBack,
			[][2]string{{"2026-03-02 10:00", "2026-03-02 12:00"}, {"2026-03-02 11:00", "2026-03-02 14:00"}},
			"2026-03-03 11:30", 150 * time.Minute},
		{"two rounds", "2026-03-02 09:00", wd(2), PauseAddsBack,
			[][2]string{{"2026-03-02 10:00", "2026-03-02 11:00"}, {"2026-03-03 13:00", "2026-03-03 14:00"}},
			"2026-03-04 11:00", 2 * time.Hour},
		{"a pause begun before the start counts from the start", "2026-03-02 09:00", wh(2), PauseAddsBack,
			[][2]string{{"2026-03-01 09:00", "2026-03-02 10:00"}}, "2026-03-02 13:30", time.Hour},
		{"same day with a pause continues the next day", "2026-03-02 09:00", sameDay, PauseAddsBack,
			[][2]string{{"2026-03-02 10:00", "2026-03-03 10:00"}}, "2026-03-03 17:00", 8 * time.Hour},
		{"calendar days add back the paused days", "2026-03-02 10:00", cd(10), PauseAddsBack,
			[][2]string{{"2026-03-04 10:00", "2026-03-06 10:00"}}, "2026-03-16 17:00", 0},
		{"restart from the resume instant with the full duration", "2026-03-02 09:00", wd(3), PauseRestarts,
			[][2]string{{"2026-03-03 10:00", "2026-03-05 14:00"}}, "2026-03-10 14:00", 0},
		{"restart: a pause after the due does not restart", "2026-03-02 09:00", wd(1), PauseRestarts,
			[][2]string{{"2026-03-04 09:00", "2026-03-05 09:00"}}, "2026-03-03 09:00", 0},
		{"restart: two rounds, the last one counts", "2026-03-02 09:00", wd(1), PauseRestarts,
			[][2]string{{"2026-03-02 10:00", "2026-03-02 11:00"}, {"2026-03-03 09:00", "2026-03-04 09:00"}},
			"2026-03-05 09:00", 0},
		{"a pause that ends as it begins stops nothing", "2026-03-02 09:00", wd(1), PauseAddsBack,
			[][2]string{{"2026-03-02 10:00", "2026-03-02 10:00"}}, "2026-03-03 09:00", 0},
		{"restart: a pause that ends as it begins restarts nothing", "2026-03-02 09:00", wd(1), PauseRestarts,
			[][2]string{{"2026-03-02 10:00", "2026-03-02 10:00"}}, "2026-03-03 09:00", 0},
		{"restart across Tết", "2026-02-12 09:00", wd(2), PauseRestarts,
			[][2]string{{"2026-02-12 10:00", "2026-02-13 16:00"}}, "2026-02-24 16:00", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prev, err := c.Due(at(tc.start), tc.dur)
			if err != nil {
				t.Fatal(err)
			}
			var ps []Pause
			for _, p := range tc.pauses {
				ps = append(ps, Pause{at(p[0]), at(p[1])})
			}
			got, err := c.WithPauses(prev, ps, tc.mode)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Due.Equal(at(tc.want)) || got.Paused != tc.paused {
				t.Errorf("due %s (+%v paused), want %s (+%v)\n%v", stamp(got.Due), got.Paused, tc.want, tc.paused, got)
			}
			// PauseAddsBack on working time: the due is the old due walked
			// forward by the paused working time (the definition),
			// when the pauses begin before the old due.
			if tc.mode == PauseAddsBack && (tc.dur.Unit == WorkingDays || tc.dur.Unit == WorkingHours) && got.Paused > 0 {
				again, err := c.Due(prev.Due, wh(got.Paused.Hours()))
				if err != nil {
					t.Fatal(err)
				}
				if !again.Due.Equal(got.Due) {
					t.Errorf("old due + paused working time = %s, want %s", stamp(again.Due), stamp(got.Due))
				}
			}
		})
	}
}

// The explanation, structured and as a string.
func TestExplanation(t *testing.T) {
	c := newCalendar(t, "")
	got, err := c.Due(at("2026-04-24 16:59"), wd(1))
	if err != nil {
		t.Fatal(err)
	}
	wantSegments := []Segment{
		{Date{2026, 4, 24}, at("2026-04-24 16:59"), at("2026-04-24 17:00"), time.Minute},
		{Date{2026, 4, 28}, at("2026-04-28 07:30"), at("2026-04-28 11:30"), 4 * time.Hour},
		{Date{2026, 4, 28}, at("2026-04-28 13:00"), at("2026-04-28 16:59"), 3*time.Hour + 59*time.Minute},
	}
	wantSkipped := []Skip{
		{Day: Date{2026, 4, 25}, Reason: ReasonWeekend},
		{Day: Date{2026, 4, 26}, Reason: ReasonDayOff, Name: "Giỗ Tổ Hùng Vương (10/3 âm lịch)"},
		{Day: Date{2026, 4, 27}, Reason: ReasonDayOff, Name: "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch), trùng Chủ nhật 26/04"},
	}
	if d := cmp.Diff(wantSegments, got.Segments); d != "" {
		t.Errorf("segments (-want +got):\n%s", d)
	}
	if d := cmp.Diff(wantSkipped, got.Skipped); d != "" {
		t.Errorf("skipped (-want +got):\n%s", d)
	}
	wantSteps := []Step{{Segment: &wantSegments[0]}, {Skip: &wantSkipped[0]}, {Skip: &wantSkipped[1]},
		{Skip: &wantSkipped[2]}, {Segment: &wantSegments[1]}, {Segment: &wantSegments[2]}}
	if d := cmp.Diff(wantSteps, got.Explanation()); d != "" {
		t.Errorf("Explanation() (-want +got):\n%s", d)
	}
	// A start in the lunch break: the wait comes before the afternoon's work.
	lunch, err := c.Due(at("2026-03-03 12:00"), wh(2))
	if err != nil {
		t.Fatal(err)
	}
	steps := lunch.Explanation()
	if len(steps) != 2 || steps[0].Skip == nil || steps[0].Skip.Reason != ReasonOutsideSession ||
		steps[1].Segment == nil || !steps[1].Segment.From.Equal(at("2026-03-03 13:00")) {
		t.Errorf("lunch-break explanation: %s", lunch)
	}

	for _, tc := range []struct {
		start string
		dur   Duration
		pause [2]string
		want  string
	}{
		{"2026-04-24 16:59", wd(1), [2]string{}, `1 working_days from 2026-04-24 16:59 due 2026-04-28 16:59: ` +
			`04-24 16:59-17:00 1m | 04-25 weekend | 04-26 off "Giỗ Tổ Hùng Vương (10/3 âm lịch)" | ` +
			`04-27 off "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch), trùng Chủ nhật 26/04" | ` +
			`04-28 07:30-11:30 4h, 13:00-16:59 3h59m`},
		{"2026-03-02 18:00", wh(1), [2]string{}, `1 working_hours from 2026-03-02 18:00 due 2026-03-03 08:30: ` +
			`03-02 outside 18:00-24:00 | 03-03 07:30-08:30 1h`},
		{"2026-03-02 12:15", wd(0.5), [2]string{}, `0.5 working_days from 2026-03-02 12:15 due 2026-03-02 17:00: ` +
			`03-02 outside 12:15-13:00, 13:00-17:00 4h`},
		{"2026-03-06 09:00", wd(1), [2]string{"2026-03-06 10:00", "2026-03-09 09:00"},
			`1 working_days from 2026-03-06 09:00 due 2026-03-10 08:00 (+7h paused): ` +
				`03-06 09:00-10:00 1h, paused 10:00-17:00 | 03-07 weekend | 03-08 weekend | ` +
				`03-09 paused 07:30-09:00, 09:00-11:30 2h30m, 13:00-17:00 4h | 03-10 07:30-08:00 30m`},
		{"2026-02-06 10:00", cd(10), [2]string{}, `10 calendar_days from 2026-02-06 10:00 due 2026-02-23 17:00: ` +
			`02-16 off "Tết Nguyên Đán Bính Ngọ (29 tháng Chạp)" | 02-17 off "Tết Nguyên Đán Bính Ngọ (mùng 1)" | ` +
			`02-18 off "Tết Nguyên Đán Bính Ngọ (mùng 2)" | 02-19 off "Tết Nguyên Đán Bính Ngọ (mùng 3)" | ` +
			`02-20 off "Tết Nguyên Đán Bính Ngọ (mùng 4)" | 02-21 off "Tết Nguyên Đán Bính Ngọ (mùng 5)" | ` +
			`02-22 off "Tết Nguyên Đán Bính Ngọ (mùng 6)"`},
		{"2026-03-02 10:00", cd(10), [2]string{"2026-03-04 10:00", "2026-03-06 10:00"},
			`10 calendar_days from 2026-03-02 10:00 due 2026-03-16 17:00: 03-04 paused 10:00-03-06 10:00 | ` +
				`03-14 weekend | 03-15 weekend`},
		{"2026-03-06 16:00", sameDay, [2]string{}, `same_day from 2026-03-06 16:00 due 2026-03-09 17:00 (after cut-off): ` +
			`03-06 16:00-17:00 1h | 03-07 weekend | 03-08 weekend | 03-09 07:30-11:30 4h, 13:00-17:00 4h`},
	} {
		dl, err := c.Due(at(tc.start), tc.dur)
		if err == nil && tc.pause[0] != "" {
			dl, err = c.WithPauses(dl, []Pause{{at(tc.pause[0]), at(tc.pause[1])}}, PauseAddsBack)
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := dl.String(); got != tc.want {
			t.Errorf("String():\n got %s\nwant %s", got, tc.want)
		}
	}
}

func TestTransfer(t *testing.T) {
	c := newCalendar(t, "")
	for _, tc := range []struct {
		received, want string
		after          bool
	}{
		{"2026-03-02 10:00", "2026-03-02 17:00", false},
		{"2026-03-02 15:00", "2026-03-02 17:00", false},
		{"2026-03-02 15:30", "2026-03-03 07:30", true}, // the next working morning
		{"2026-03-02 19:00", "2026-03-03 07:30", true},
		{"2026-03-06 16:00", "2026-03-09 07:30", true},  // Friday
		{"2026-04-24 16:00", "2026-04-28 07:30", true},  // before Giỗ Tổ's Monday
		{"2026-03-07 16:00", "2026-03-09 17:00", false}, // Saturday: received on Monday morning
	} {
		got, err := c.Transfer(at(tc.received))
		if err != nil {
			t.Fatal(err)
		}
		if !got.Due.Equal(at(tc.want)) || got.AfterCutoff != tc.after {
			t.Errorf("Transfer(%s) = %s (after cut-off %v), want %s (%v)", tc.received, stamp(got.Due), got.AfterCutoff, tc.want, tc.after)
		}
	}
}

func TestWorkingTime(t *testing.T) {
	c := newCalendar(t, "")
	for _, tc := range []struct {
		from, to string
		pauses   []Pause
		want     time.Duration
	}{
		{"2026-03-02 09:00", "2026-03-03 09:00", nil, 8 * time.Hour},
		{"2026-03-06 16:00", "2026-03-09 08:00", nil, 90 * time.Minute},
		{"2026-03-02 12:00", "2026-03-02 12:30", nil, 0},
		{"2026-03-02 11:00", "2026-03-02 13:30", nil, time.Hour},
		{"2026-02-13 07:30", "2026-02-24 07:30", nil, 16 * time.Hour}, // Tết: Friday and Monday 23
		{"2026-03-03 09:00", "2026-03-02 09:00", nil, 0},
		{"2026-03-02 07:30", "2026-03-04 07:30", []Pause{{at("2026-03-02 13:00"), at("2026-03-03 09:00")}}, 4*time.Hour + 6*time.Hour + 30*time.Minute},
	} {
		got, err := c.WorkingTime(at(tc.from), at(tc.to), tc.pauses...)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("WorkingTime(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestClassify(t *testing.T) {
	due := at("2026-03-03 17:00")
	got := map[string]Timeliness{}
	for _, f := range []string{"2026-03-02 16:00", "2026-03-03 07:30", "2026-03-03 17:00", "2026-03-03 17:00:01", "2026-03-04 08:00"} {
		got[f] = Classify(at(f), due)
	}
	want := map[string]Timeliness{
		"2026-03-02 16:00":    Early,
		"2026-03-03 07:30":    OnTime,
		"2026-03-03 17:00":    OnTime,
		"2026-03-03 17:00:01": Late,
		"2026-03-04 08:00":    Late,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Classify (-want +got):\n%s", d)
	}
}

func TestErrors(t *testing.T) {
	c := newCalendar(t, "")
	start := at("2026-03-02 09:00")
	for name, tc := range map[string]struct {
		call func() error
		is   error
		text string
	}{
		"negative":               {func() error { _, err := c.Due(start, wd(-1)); return err }, ErrInvalidDuration, ""},
		"NaN":                    {func() error { _, err := c.Due(start, wd(math.NaN())); return err }, ErrInvalidDuration, ""},
		"too long":               {func() error { _, err := c.Due(start, wd(1e9)); return err }, ErrInvalidDuration, ""},
		"fractional calendar":    {func() error { _, err := c.Due(start, cd(1.5)); return err }, ErrInvalidDuration, ""},
		"unknown unit":           {func() error { _, err := c.Due(start, Duration{1, "weeks"}); return err }, ErrInvalidDuration, ""},
		"zero start":             {func() error { _, err := c.Due(time.Time{}, wd(1)); return err }, nil, "no start"},
		"year not covered":       {func() error { _, err := c.Due(at("2031-12-31 09:00"), wd(1)); return err }, ErrNotCovered, "2032"},
		"start in an old year":   {func() error { _, err := c.Due(at("2019-03-01 09:00"), wd(1)); return err }, ErrNotCovered, "2019"},
		"transfer not covered":   {func() error { _, err := c.Transfer(at("2040-01-02 09:00")); return err }, ErrNotCovered, ""},
		"working time uncovered": {func() error { _, err := c.WorkingTime(start, at("2032-01-05 09:00")); return err }, ErrNotCovered, ""},
		"open pause": {func() error {
			_, err := c.WithPauses(Deadline{Start: start, Duration: wd(1)}, []Pause{{From: start}}, PauseAddsBack)
			return err
		}, nil, "open"},
		"pause backwards": {func() error {
			_, err := c.WithPauses(Deadline{Start: start, Duration: wd(1)}, []Pause{{start.Add(time.Hour), start}}, PauseAddsBack)
			return err
		}, nil, "before it begins"},
		"pause mode": {func() error {
			_, err := c.WithPauses(Deadline{Start: start, Duration: wd(1)}, nil, "freeze")
			return err
		}, nil, "pause mode"},
	} {
		err := tc.call()
		if err == nil || (tc.is != nil && !errors.Is(err, tc.is)) || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("%s: error %v, want %v containing %q", name, err, tc.is, tc.text)
		}
	}
	// The zero Table covers nothing: it never silently has no holidays.
	empty, err := New(Table{}, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := empty.Due(start, wd(1)); !errors.Is(err, ErrNotCovered) {
		t.Errorf("zero table: %v, want ErrNotCovered", err)
	}
}

func TestSessions(t *testing.T) {
	got, err := ParseSessions(" 07:00-11:30 , 13:30-17:00")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]Session{{Clock(7, 0), Clock(11, 30)}, {Clock(13, 30), Clock(17, 0)}}, got); d != "" {
		t.Errorf("ParseSessions (-want +got):\n%s", d)
	}
	if s := FormatSessions(DefaultSessions()); s != "07:30-11:30,13:00-17:00" {
		t.Errorf("FormatSessions(DefaultSessions()) = %q", s)
	}
	for _, bad := range []string{
		"", "07:30", "07:30-11:30", "7:30-11:30,13:00-17:00", "07:30-11:30,11:30-15:30",
		"13:00-17:00,07:30-11:30", "07:30-11:30,13:00-17:30", "11:30-07:30,13:00-21:00", "07:30-11:60,13:00-17:00",
		"+7:30-11:30,13:00-17:00", "07:30-11:30,13:00-24:01",
	} {
		if _, err := ParseSessions(bad); err == nil {
			t.Errorf("ParseSessions(%q) accepted", bad)
		}
	}
	if _, err := New(Table{}, Config{Cutoff: Clock(25, 0)}); err == nil {
		t.Error("New accepted a cut-off at 25:00")
	}
	c, err := New(Table{}, Config{})
	if err != nil || c.Cutoff() != Clock(15, 0) || FormatSessions(c.Sessions()) != "07:30-11:30,13:00-17:00" {
		t.Errorf("New(zero Config) = cut-off %v, sessions %v, %v", c.Cutoff(), c.Sessions(), err)
	}
}

func TestBudgetHours(t *testing.T) {
	for _, tc := range []struct {
		d     Duration
		hours float64
		upper bool
	}{
		{Duration{Amount: 27, Unit: WorkingDays}, 216, false},
		{Duration{Amount: 0.5, Unit: WorkingDays}, 4, false},
		{Duration{Amount: 6, Unit: WorkingHours}, 6, false},
		{Duration{Unit: SameDay}, 8, false},
		{Duration{Amount: 15, Unit: CalendarDays}, 120, true},
		{Duration{Amount: -1, Unit: WorkingDays}, 0, false},
		{Duration{Amount: 1, Unit: "weeks"}, 0, false},
	} {
		if h, u := tc.d.BudgetHours(); h != tc.hours || u != tc.upper {
			t.Errorf("%v.BudgetHours() = %v, %v; want %v, %v", tc.d, h, u, tc.hours, tc.upper)
		}
	}
}
