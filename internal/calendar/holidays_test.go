package calendar

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// weekdaysOff returns the weekdays the rules take off, and the weekend days
// they make working days.
func weekdaysOff(rules []DayRule) (off, work []Date) {
	for _, r := range rules {
		switch {
		case r.Kind == Off && !r.Date.isWeekend():
			off = append(off, r.Date)
		case r.Kind == Work:
			work = append(work, r.Date)
		}
	}
	return off, work
}

func dates(s string) []Date {
	var out []Date
	for f := range strings.FieldsSeq(s) {
		d, err := ParseDate(f)
		if err != nil {
			panic(err)
		}
		out = append(out, d)
	}
	return out
}

func TestSeedRules(t *testing.T) {
	for _, tc := range []struct {
		year      int
		off, work []Date
	}{
		{2025,
			// Tết 27/01-31/01 (27/01 swapped for Sat 08/02); Giỗ Tổ; 30/4-2/5
			// (02/05 swapped for Sat 26/04); Quốc khánh 1/9-2/9.
			dates("2025-01-01 2025-01-27 2025-01-28 2025-01-29 2025-01-30 2025-01-31 2025-04-07 " +
				"2025-04-30 2025-05-01 2025-05-02 2025-09-01 2025-09-02"),
			dates("2025-02-08 2025-04-26")},
		{2026,
			// 1/1-2/1 (02/01 swapped for Sat 10/01); Tết Mon 16 - Fri 20/02;
			// Giỗ Tổ on Sunday 26/04, so Monday 27/04; 30/4, 1/5; 1/9 [check],
			// 2/9; 24/11.
			dates("2026-01-01 2026-01-02 2026-02-16 2026-02-17 2026-02-18 2026-02-19 2026-02-20 " +
				"2026-04-27 2026-04-30 2026-05-01 2026-09-01 2026-09-02 2026-11-24"),
			dates("2026-01-10")},
		{2028,
			// Every kind of compensation: 1/1 on Saturday; mùng 4 on Saturday;
			// 30/4 on Sunday with 1/5 on Monday, so Tuesday; 2/9 on Saturday.
			dates("2028-01-03 2028-01-25 2028-01-26 2028-01-27 2028-01-28 2028-01-31 2028-04-04 " +
				"2028-05-01 2028-05-02 2028-09-01 2028-09-04 2028-11-24"),
			nil},
		{2030,
			// Tết on Saturday 02/02 (UTC+7; 03/02 in UTC+8): mùng 1 and mùng 2
			// on the weekend give Wednesday and Thursday.
			dates("2030-01-01 2030-02-01 2030-02-04 2030-02-05 2030-02-06 2030-02-07 2030-04-12 " +
				"2030-04-30 2030-05-01 2030-09-02 2030-09-03 2030-11-25"),
			nil},
	} {
		off, work := weekdaysOff(SeedRules(tc.year))
		if d := cmp.Diff(tc.off, off); d != "" {
			t.Errorf("%d: weekdays off (-want +got):\n%s", tc.year, d)
		}
		if d := cmp.Diff(tc.work, work); d != "" {
			t.Errorf("%d: working weekend days (-want +got):\n%s", tc.year, d)
		}
	}
}

// The default adjacent day of Quốc khánh reproduces what the government
// chose in the years since the 2019 Labour Code gave two days.
func TestNationalDayAdjacent(t *testing.T) {
	want := map[int][]Date{
		2021: dates("2021-09-02 2021-09-03"),            // Thursday: Friday bridges to the weekend
		2022: dates("2022-09-01 2022-09-02"),            // Friday
		2023: dates("2023-09-01 2023-09-04"),            // Saturday: Friday, and Monday in compensation
		2024: dates("2024-09-02 2024-09-03"),            // Monday: 1/9 would be a Sunday
		2025: dates("2025-09-01 2025-09-02"),            // Tuesday
		2029: dates("2029-09-03 2029-09-04 2029-11-26"), // Sunday: 1/9 on Saturday, both compensated
		2026: dates("2026-09-01 2026-09-02 2026-11-24"), // Wednesday: 1/9 by default [check]
	}
	for year, w := range want {
		var got []Date
		for _, r := range StatutoryRules(year) {
			if r.Kind == Off && !r.Date.isWeekend() && r.Date.Month >= time.September {
				got = append(got, r.Date)
			}
		}
		if d := cmp.Diff(w, got); d != "" {
			t.Errorf("%d: weekdays off from September (-want +got):\n%s", year, d)
		}
	}
}

// Every holiday gives exactly one weekday off, itself or its compensation,
// and the rules always make a valid table.
func TestStatutoryRulesEveryYear(t *testing.T) {
	for year := 1990; year <= 2100; year++ {
		rules := StatutoryRules(year)
		if _, err := NewTable(rules); err != nil {
			t.Fatalf("%d: %v", year, err)
		}
		off, work := weekdaysOff(rules)
		want := 11 // 1/1, five days of Tết, Giỗ Tổ, 30/4, 1/5, two for Quốc khánh
		if year >= cultureDayFirstYear {
			want++ // 24/11
		}
		if len(off) != want || len(work) != 0 {
			t.Errorf("%d: %d weekdays off, %d working weekend days; want %d and 0: %v", year, len(off), len(work), want, off)
		}
		for _, d := range off {
			if d.Year != year {
				t.Errorf("%d: day off %v in another year", year, d)
			}
		}
	}
}

func TestStatutoryRulesNames(t *testing.T) {
	var got []DayRule
	for _, r := range StatutoryRules(2026) {
		if r.Date.Month == time.April {
			got = append(got, r)
		}
	}
	want := []DayRule{
		{Date{2026, 4, 26}, Off, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", basisLabourCode + " điểm e"},
		{Date{2026, 4, 27}, Off, "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch), trùng Chủ nhật 26/04", basisCompensatory},
		{Date{2026, 4, 30}, Off, "Ngày Chiến thắng (Giải phóng miền Nam, thống nhất đất nước)", basisLabourCode + " điểm c"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("April 2026 (-want +got):\n%s", d)
	}
	if got, want := tetName(Date{2026, 2, 16}), "Tết Nguyên Đán Bính Ngọ (29 tháng Chạp)"; got != want {
		t.Errorf("tetName = %q, want %q", got, want)
	}
}

// testdata/seed/holidays.json is what `go run testdata/seed/gen/holidays.go`
// writes: the seed and the code must not drift apart.
func TestSeedFileUpToDate(t *testing.T) {
	f, err := os.Open("../../testdata/seed/holidays.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	table, err := ReadTable(f)
	if err != nil {
		t.Fatal(err)
	}
	var want []DayRule
	for y := 2025; y <= 2030; y++ {
		want = append(want, SeedRules(y)...)
	}
	if d := cmp.Diff(want, table.Rules()); d != "" {
		t.Errorf("holidays.json is stale: run go run testdata/seed/gen/holidays.go (-code +file):\n%s", d)
	}
	if d := cmp.Diff([]int{2025, 2026, 2027, 2028, 2029, 2030}, table.Years()); d != "" {
		t.Errorf("years (-want +got):\n%s", d)
	}
}

func TestNewTableRejects(t *testing.T) {
	ok := DayRule{Date{2026, 4, 27}, Off, "Nghỉ bù", "BLLĐ"}
	for name, tc := range map[string]struct {
		rules []DayRule
		want  string
	}{
		"zero date":      {[]DayRule{{Kind: Off, Name: "x", Basis: "y"}}, "invalid date"},
		"bad date":       {[]DayRule{{Date{2026, 2, 30}, Off, "x", "y"}}, "invalid date"},
		"kind":           {[]DayRule{{Date{2026, 4, 27}, "holiday", "x", "y"}}, `kind "holiday"`},
		"name":           {[]DayRule{{Date{2026, 4, 27}, Off, " ", "y"}}, "empty name"},
		"basis":          {[]DayRule{{Date{2026, 4, 27}, Off, "x", ""}}, "empty legal basis"},
		"work weekday":   {[]DayRule{{Date{2026, 4, 27}, Work, "x", "y"}}, "a working day on a Monday"},
		"duplicate date": {[]DayRule{ok, ok}, "already has a rule"},
	} {
		_, err := NewTable(tc.rules)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: NewTable = %v, want an error containing %q", name, err, tc.want)
		}
	}
	if _, err := ReadTable(strings.NewReader(`[{"date":"2026-04-27","kind":"off","name":"x","basis":"y","extra":1}]`)); err == nil {
		t.Error("ReadTable accepted an unknown field")
	}
	if _, err := ReadTable(strings.NewReader(`[{"date":"27/04/2026","kind":"off","name":"x","basis":"y"}]`)); err == nil {
		t.Error("ReadTable accepted a date that is not YYYY-MM-DD")
	}
}
