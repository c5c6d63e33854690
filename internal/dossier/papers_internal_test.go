package dossier

import (
	"testing"

	"github.com/motcua/motcua/internal/calendar"
)

func TestDurationWordsVietnamese(t *testing.T) {
	for d, want := range map[calendar.Duration]string{
		{Amount: 5, Unit: calendar.WorkingDays}:   "05 ngày làm việc",
		{Amount: 0.5, Unit: calendar.WorkingDays}: "0,5 ngày làm việc", // a decimal comma, not a point
		{Amount: 12, Unit: calendar.WorkingHours}: "12 giờ làm việc",
		{Amount: 30, Unit: calendar.CalendarDays}: "30 ngày",
	} {
		if got := durationWords(d); got != want {
			t.Errorf("durationWords(%v) = %q, want %q", d, got, want)
		}
	}
}
