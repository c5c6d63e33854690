package calendar

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLunarNewYearAndHungKings(t *testing.T) {
	// domain.md §5: Tết (mùng 1) and Giỗ Tổ (10/3) in UTC+7.
	for _, tc := range []struct {
		year          int
		tet, hungKing Date
	}{
		{2025, Date{2025, 1, 29}, Date{2025, 4, 7}},
		{2026, Date{2026, 2, 17}, Date{2026, 4, 26}},
		{2027, Date{2027, 2, 6}, Date{2027, 4, 16}},
		{2028, Date{2028, 1, 26}, Date{2028, 4, 4}},
		{2029, Date{2029, 2, 13}, Date{2029, 4, 23}},
		{2030, Date{2030, 2, 2}, Date{2030, 4, 12}},
	} {
		if got := LunarNewYear(tc.year); got != tc.tet {
			t.Errorf("LunarNewYear(%d) = %v, want %v", tc.year, got, tc.tet)
		}
		got, err := FromLunar(LunarDate{Year: tc.year, Month: 3, Day: 10})
		if err != nil || got != tc.hungKing {
			t.Errorf("FromLunar(10/3/%d) = %v, %v; want %v", tc.year, got, err, tc.hungKing)
		}
		if got := ToLunar(tc.hungKing); got != (LunarDate{Year: tc.year, Month: 3, Day: 10}) {
			t.Errorf("ToLunar(%v) = %v, want 10/3/%d", tc.hungKing, got, tc.year)
		}
	}
}

// The time zone is what makes the Vietnamese calendar differ from the
// Chinese one (UTC+8): these years are the known differences.
func TestLunarNewYearTimeZone(t *testing.T) {
	for _, tc := range []struct {
		year         int
		utc7, utc8   Date
		whyDifferent string
	}{
		{1968, Date{1968, 1, 29}, Date{1968, 1, 30}, "Tết Mậu Thân: the North used UTC+7, the South UTC+8"},
		{1985, Date{1985, 1, 21}, Date{1985, 2, 20}, "month 11 of 1984 differs, so the leap month does"},
		{2007, Date{2007, 2, 17}, Date{2007, 2, 18}, "new moon just before midnight UTC+8"},
		{2030, Date{2030, 2, 2}, Date{2030, 2, 3}, "domain.md §5"},
	} {
		for _, z := range []struct {
			tz   float64
			want Date
		}{{7, tc.utc7}, {8, tc.utc8}} {
			got, err := fromLunar(LunarDate{Year: tc.year, Month: 1, Day: 1}, z.tz)
			if err != nil || got != z.want {
				t.Errorf("Tết %d in UTC+%v = %v, %v; want %v (%s)", tc.year, z.tz, got, err, z.want, tc.whyDifferent)
			}
		}
	}
}

func TestLeapMonth(t *testing.T) {
	for year, want := range map[int]int{
		2017: 6, 2020: 4, 2021: 0, 2022: 0, 2023: 2, 2024: 0, 2025: 6, 2026: 0, 2028: 5, 2031: 3, 2033: 11,
	} {
		if got := LeapMonth(year); got != want {
			t.Errorf("LeapMonth(%d) = %d, want %d", year, got, want)
		}
	}
}

func TestLunarConversion(t *testing.T) {
	for _, tc := range []struct {
		solar Date
		lunar LunarDate
	}{
		{Date{2023, 3, 22}, LunarDate{2023, 2, 1, true}},   // first day of leap month 2, 2023
		{Date{2023, 3, 21}, LunarDate{2023, 2, 30, false}}, // the day before: the last of month 2
		{Date{2025, 7, 25}, LunarDate{2025, 6, 1, true}},   // leap month 6, 2025
		{Date{2025, 8, 22}, LunarDate{2025, 6, 29, true}},
		{Date{2025, 8, 23}, LunarDate{2025, 7, 1, false}},
		{Date{2025, 9, 6}, LunarDate{2025, 7, 15, false}},   // Vu Lan
		{Date{2025, 10, 6}, LunarDate{2025, 8, 15, false}},  // Trung thu
		{Date{2024, 12, 31}, LunarDate{2024, 12, 1, false}}, // month 12 of Giáp Thìn starts in 2024
		{Date{2025, 1, 28}, LunarDate{2024, 12, 29, false}}, // the last day of Giáp Thìn
		{Date{2026, 2, 16}, LunarDate{2025, 12, 29, false}}, // the last day of Ất Tỵ
		{Date{2025, 12, 20}, LunarDate{2025, 11, 1, false}}, // month 11 holds the solstice
		{Date{2033, 12, 22}, LunarDate{2033, 11, 1, true}},  // a leap 11th month
		{Date{2000, 1, 1}, LunarDate{1999, 11, 25, false}},  // across the year boundary
	} {
		if got := ToLunar(tc.solar); got != tc.lunar {
			t.Errorf("ToLunar(%v) = %v, want %v", tc.solar, got, tc.lunar)
		}
		got, err := FromLunar(tc.lunar)
		if err != nil || got != tc.solar {
			t.Errorf("FromLunar(%v) = %v, %v; want %v", tc.lunar, got, err, tc.solar)
		}
	}
}

// Every day from 1990 to 2060 converts to lunar and back to itself, and
// consecutive days have consecutive lunar dates.
func TestLunarRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("seventy years of days")
	}
	prev := ToLunar(Date{1989, 12, 31})
	for d := (Date{1990, 1, 1}); d.Year <= 2060; d = d.AddDays(1) {
		l := ToLunar(d)
		back, err := FromLunar(l)
		if err != nil || back != d {
			t.Fatalf("FromLunar(ToLunar(%v) = %v) = %v, %v", d, l, back, err)
		}
		if l.Day != prev.Day+1 && (l.Day != 1 || prev.Day < 29) {
			t.Fatalf("%v: lunar day %v follows %v", d, l, prev)
		}
		prev = l
	}
}

func TestFromLunarRejects(t *testing.T) {
	for _, l := range []LunarDate{
		{2026, 2, 1, true},    // 2026 has no leap month
		{2025, 5, 1, true},    // 2025's leap month is 6
		{2025, 12, 30, false}, // month 12 of Ất Tỵ has 29 days (Tết 2026 is the day after 29/12)
		{2026, 13, 1, false},  // no month 13
		{2026, 1, 0, false},   // no day 0
		{2026, 12, 31, false}, // no day 31
	} {
		if _, err := FromLunar(l); !errors.Is(err, ErrNoSuchLunarDate) {
			t.Errorf("FromLunar(%v) = %v, want ErrNoSuchLunarDate", l, err)
		}
	}
}

func TestYearName(t *testing.T) {
	got := map[int]string{}
	for _, y := range []int{1968, 1984, 2024, 2025, 2026, 2027} {
		got[y] = YearName(y)
	}
	want := map[int]string{
		1968: "Mậu Thân", 1984: "Giáp Tý", 2024: "Giáp Thìn", 2025: "Ất Tỵ", 2026: "Bính Ngọ", 2027: "Đinh Mùi",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("YearName (-want +got):\n%s", d)
	}
}
