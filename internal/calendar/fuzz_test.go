package calendar

import (
	"testing"
	"time"
)

// FuzzDue checks the walk's invariants for any start and budget:
//   - the due instant is never before the start;
//   - it lies inside a working session of a working day, or at its end;
//   - the working time from start to due is exactly the budget;
//   - one more working hour never gives an earlier due.
//
// Run it with: go test -fuzz FuzzDue ./internal/calendar/
func FuzzDue(f *testing.F) {
	f.Add(int64(0), uint32(480), false)
	f.Add(int64(26*366*24*3600), uint32(1), true)             // around Tết 2026
	f.Add(int64(9*3600+59*60), uint32(8*60*20), false)        // 20 working days
	f.Add(int64(26*365*24*3600+120*24*3600), uint32(0), true) // a zero budget
	table := seedTable(f, 2000, 2100)
	var cals [2]*Calendar
	for i, s := range []string{"", unit0700} {
		ss := DefaultSessions()
		if s != "" {
			var err error
			if ss, err = ParseSessions(s); err != nil {
				f.Fatal(err)
			}
		}
		c, err := New(table, Config{Sessions: ss})
		if err != nil {
			f.Fatal(err)
		}
		cals[i] = c
	}
	base := at("2000-01-01 00:00")
	const span = int64(95 * 365 * 24 * 3600) // starts in 2000-2094: walks stay in the table
	f.Fuzz(func(t *testing.T, offset int64, minutes uint32, otherUnit bool) {
		c := cals[0]
		if otherUnit {
			c = cals[1]
		}
		start := base.Add(time.Duration((offset%span+span)%span) * time.Second)
		budget := time.Duration(minutes%(8*60*200)) * time.Minute // up to 200 working days
		dl, err := c.Due(start, Duration{budget.Hours(), WorkingHours})
		if err != nil {
			t.Fatal(err)
		}
		due := dl.Due
		if due.Before(start) {
			t.Fatalf("due %s before start %s", stamp(due), stamp(start))
		}
		day := DateOf(due)
		working, err := c.IsWorkingDay(day)
		if err != nil || !working {
			t.Fatalf("due %s on a day that is not worked (%v)", stamp(due), err)
		}
		inside := false
		for _, s := range c.sessions {
			if !due.Before(day.At(s.Start)) && !due.After(day.At(s.End)) {
				inside = true
			}
		}
		if !inside {
			t.Fatalf("due %s outside the sessions %s", stamp(due), FormatSessions(c.sessions))
		}
		if got, err := c.WorkingTime(start, due); err != nil || got != budget {
			t.Fatalf("working time from %s to due %s = %v, %v; want %v", stamp(start), stamp(due), got, err, budget)
		}
		if dl.Worked != budget {
			t.Fatalf("explanation accounts for %v, want %v", dl.Worked, budget)
		}
		more, err := c.Due(start, Duration{budget.Hours() + 1, WorkingHours})
		if err != nil {
			t.Fatal(err)
		}
		if more.Due.Before(due) {
			t.Fatalf("one more hour: due %s, before %s", stamp(more.Due), stamp(due))
		}
	})
}

func BenchmarkDue(b *testing.B) {
	c, err := New(seedTable(b, 2025, 2030), Config{})
	if err != nil {
		b.Fatal(err)
	}
	start := at("2026-04-15 09:17") // across Giỗ Tổ and 30/4-1/5
	for b.Loop() {
		if _, err := c.Due(start, Duration{20, WorkingDays}); err != nil {
			b.Fatal(err)
		}
	}
}
