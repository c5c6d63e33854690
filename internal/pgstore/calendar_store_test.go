package pgstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dbtest"
	"github.com/motcua/motcua/internal/pgstore"
	"github.com/motcua/motcua/internal/worktime"
)

func TestCalendarStoreDays(t *testing.T) {
	ctx := context.Background()
	db := dbtest.Open(t)
	st := pgstore.NewCalendarStore(db)
	at := time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)

	if years, err := st.Years(ctx); err != nil || len(years) != 0 {
		t.Fatalf("empty table: %v %v", years, err)
	}
	rules := calendar.SeedRules(2026)
	if err := st.InsertDays(ctx, rules, 0, at); err != nil {
		t.Fatal(err)
	}
	got, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(rules, got); d != "" {
		t.Errorf("rules read back (-want +got):\n%s", d)
	}
	years, err := st.Years(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantYears := []worktime.Year{{Year: 2026, Off: len(rules) - 1, Work: 1}} // làm bù 10/01/2026
	if d := cmp.Diff(wantYears, years); d != "" {
		t.Errorf("years (-want +got):\n%s", d)
	}
	days, err := st.Days(ctx, 2026)
	if err != nil || len(days) != len(rules) || days[0].Date != calendar.NewDate(2026, 1, 1) || !days[0].UpdatedAt.Equal(at) {
		t.Errorf("Days(2026): %d, first %+v, %v", len(days), days[0], err)
	}
	if days, err := st.Days(ctx, 2025); err != nil || len(days) != 0 {
		t.Errorf("Days(2025): %v %v", days, err)
	}

	// All or none: one taken date refuses the whole insert.
	extra := []calendar.DayRule{
		{Date: calendar.NewDate(2026, 3, 2), Kind: calendar.Off, Name: "Nghỉ", Basis: "QĐ"},
		rules[0],
	}
	if err := st.InsertDays(ctx, extra, 0, at); !errors.Is(err, worktime.ErrDayTaken) {
		t.Errorf("insert over a rule: %v", err)
	}
	if _, err := st.Day(ctx, extra[0].Date); !errors.Is(err, worktime.ErrNotFound) {
		t.Errorf("half an insert kept: %v", err)
	}

	gioTo := calendar.NewDate(2026, 4, 27)
	changed := calendar.DayRule{Date: gioTo, Kind: calendar.Off, Name: "Nghỉ bù Giỗ Tổ", Basis: "Thông báo"}
	if err := st.UpdateDay(ctx, changed, 0, at); err != nil {
		t.Fatal(err)
	}
	if d, err := st.Day(ctx, gioTo); err != nil || d.DayRule != changed {
		t.Errorf("after update: %+v %v", d, err)
	}
	if err := st.UpdateDay(ctx, extra[0], 0, at); !errors.Is(err, worktime.ErrNotFound) {
		t.Errorf("update of a missing date: %v", err)
	}
	if err := st.DeleteDay(ctx, gioTo); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteDay(ctx, gioTo); !errors.Is(err, worktime.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}

	// Seeding again puts back the deleted day and the changed name.
	added, nChanged, err := st.UpsertDays(ctx, rules, 0, at)
	if err != nil || added != 1 || nChanged != 0 {
		t.Errorf("upsert: %d added %d changed, %v", added, nChanged, err)
	}
	if added, nChanged, err = st.UpsertDays(ctx, rules, 0, at); err != nil || added != 0 || nChanged != 0 {
		t.Errorf("upsert again: %d added %d changed, %v", added, nChanged, err)
	}

	// The database refuses what the engine refuses.
	monday := calendar.DayRule{Date: calendar.NewDate(2026, 3, 2), Kind: calendar.Work, Name: "Làm bù", Basis: "QĐ"}
	if err := st.InsertDays(ctx, []calendar.DayRule{monday}, 0, at); err == nil {
		t.Error("a working-day rule on a Monday was stored")
	}
	if err := st.InsertDays(ctx, []calendar.DayRule{{Date: monday.Date, Kind: calendar.Off, Name: " ", Basis: "x"}}, 0, at); err == nil {
		t.Error("a rule without a name was stored")
	}
}

func TestCalendarStoreSettingsAndUnits(t *testing.T) {
	ctx := context.Background()
	db := dbtest.Open(t)
	st := pgstore.NewCalendarStore(db)
	units := pgstore.NewUnitStore(db)
	if _, _, err := units.Upsert(ctx, testUnits); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)

	s, err := st.Settings(ctx)
	if err != nil || calendar.FormatSessions(s.Sessions) != "07:30-11:30,13:00-17:00" || s.Cutoff != calendar.Clock(15, 0) {
		t.Fatalf("default settings: %+v %v", s, err)
	}
	ss, _ := calendar.ParseSessions("07:00-11:30,13:30-17:00")
	if err := st.SaveSettings(ctx, worktime.Settings{Sessions: ss, Cutoff: calendar.Clock(15, 30)}, 0, at); err != nil {
		t.Fatal(err)
	}
	if s, err = st.Settings(ctx); err != nil || calendar.FormatSessions(s.Sessions) != "07:00-11:30,13:30-17:00" ||
		s.Cutoff != calendar.Clock(15, 30) || !s.UpdatedAt.Equal(at) {
		t.Errorf("saved settings: %+v %v", s, err)
	}

	commune, err := units.GetByCode(ctx, unitTanCuong)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetUnitSessions(ctx, commune.ID, ss, 0, at); err != nil {
		t.Fatal(err)
	}
	u, err := st.Unit(ctx, commune.ID)
	if err != nil || u.Code != unitTanCuong || calendar.FormatSessions(u.Sessions) != "07:00-11:30,13:30-17:00" {
		t.Errorf("unit sessions: %+v %v", u, err)
	}
	all, err := st.Units(ctx)
	if err != nil || len(all) != len(testUnits) {
		t.Fatalf("units: %d %v", len(all), err)
	}
	for _, x := range all {
		if (x.ID == commune.ID) != (x.Sessions != nil) {
			t.Errorf("unit %s sessions %v", x.Code, x.Sessions)
		}
	}
	if err := st.SetUnitSessions(ctx, commune.ID, nil, 0, at); err != nil {
		t.Fatal(err)
	}
	if u, err = st.Unit(ctx, commune.ID); err != nil || u.Sessions != nil {
		t.Errorf("back to the default: %+v %v", u, err)
	}
	if _, err := st.Unit(ctx, 999999); !errors.Is(err, worktime.ErrUnitNotFound) {
		t.Errorf("unknown unit: %v", err)
	}
	if err := st.SetUnitSessions(ctx, 999999, ss, 0, at); !errors.Is(err, worktime.ErrUnitNotFound) {
		t.Errorf("sessions of an unknown unit: %v", err)
	}
	// Seeding units again leaves their sessions alone.
	if err := st.SetUnitSessions(ctx, commune.ID, ss, 0, at); err != nil {
		t.Fatal(err)
	}
	renamed := append(testUnits[:0:0], testUnits...)
	renamed[4].Name += " (mới)"
	if _, _, err := units.Upsert(ctx, renamed); err != nil {
		t.Fatal(err)
	}
	if u, err = st.Unit(ctx, commune.ID); err != nil || u.Sessions == nil {
		t.Errorf("re-seeding units dropped the sessions: %+v %v", u, err)
	}
}

// TestCalendarGeneration: every change a calendar could see moves the
// number, once per transaction.
func TestCalendarGeneration(t *testing.T) {
	ctx := context.Background()
	db := dbtest.Open(t)
	st := pgstore.NewCalendarStore(db)
	units := pgstore.NewUnitStore(db)
	gen := func() int64 {
		t.Helper()
		g, err := st.Generation(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	at := time.Now()
	g := gen()
	step := func(what string, fn func() error) {
		t.Helper()
		if err := fn(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		next := gen()
		if next != g+1 {
			t.Errorf("%s: generation %d -> %d, want one step", what, g, next)
		}
		g = next
	}
	step("seed a year (one transaction, many rows)", func() error {
		_, _, err := st.UpsertDays(ctx, calendar.SeedRules(2026), 0, at)
		return err
	})
	step("units", func() error { _, _, err := units.Upsert(ctx, testUnits); return err })
	step("settings", func() error {
		return st.SaveSettings(ctx, worktime.Settings{Sessions: calendar.DefaultSessions(), Cutoff: calendar.Clock(16, 0)}, 0, at)
	})
	step("delete and insert in one transaction", func() error {
		return db.InTx(ctx, func(tx *pgstore.DB) error {
			s := pgstore.NewCalendarStore(tx)
			d := calendar.NewDate(2026, 4, 27)
			r, err := s.Day(ctx, d)
			if err != nil {
				return err
			}
			if err := s.DeleteDay(ctx, d); err != nil {
				return err
			}
			return s.InsertDays(ctx, []calendar.DayRule{r.DayRule}, 0, at)
		})
	})
	if _, err := st.Rules(ctx); err != nil || gen() != g {
		t.Errorf("a read moved the generation: %v", err)
	}
}

// TestCalendarServiceOnPostgres runs the service on the real store, with
// its transactions and audit trail, as internal/app wires it.
func TestCalendarServiceOnPostgres(t *testing.T) {
	ctx := context.Background()
	db := dbtest.Open(t)
	if _, _, err := pgstore.NewUnitStore(db).Upsert(ctx, testUnits); err != nil {
		t.Fatal(err)
	}
	svc := worktime.NewService(worktime.Deps{Store: pgstore.NewCalendarStore(db),
		Tx: func(ctx context.Context, fn func(worktime.Store, audit.Store) error) error {
			return db.InTx(ctx, func(tx *pgstore.DB) error { return fn(pgstore.NewCalendarStore(tx), pgstore.NewAuditStore(tx)) })
		}})
	if _, _, err := svc.Seed(ctx, calendar.SeedRules(2026)); err != nil {
		t.Fatal(err)
	}
	commune, err := pgstore.NewUnitStore(db).GetByCode(ctx, unitTanCuong)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SetUnitSessions(ctx, 0, commune.ID, "07:00-11:30,13:30-17:00"); err != nil {
		t.Fatal(err)
	}
	cal, err := svc.ForUnitCode(ctx, unitTanCuong)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 4, 24, 16, 59, 0, 0, calendar.Location())
	dl, err := cal.Due(start, calendar.Duration{Amount: 1, Unit: calendar.WorkingDays})
	if err != nil {
		t.Fatal(err)
	}
	// 1 minute on Friday, Giỗ Tổ on Sunday 26/04 and Monday 27/04 off,
	// then 7h59 of the commune's 07:00-11:30, 13:30-17:00.
	want := time.Date(2026, 4, 28, 16, 59, 0, 0, calendar.Location())
	if !dl.Due.Equal(want) || len(dl.Segments) != 3 || dl.Segments[1].From.Hour() != 7 || dl.Segments[1].From.Minute() != 0 {
		t.Errorf("due %v, want %v from a 07:00 start (%s)", dl.Due, want, dl)
	}
	if _, err := svc.AddDay(ctx, 0, worktime.DayInput{Date: "2026-04-30", Kind: "off", Name: "x", Basis: "y"}); err == nil {
		t.Error("a second rule for 30/04 was added")
	}
	if err := svc.RemoveDay(ctx, 0, calendar.NewDate(2026, 4, 27)); err != nil {
		t.Fatal(err)
	}
	entries, err := pgstore.NewAuditStore(db).ForObject(ctx, worktime.AuditDay, "2026-04-27")
	if err != nil || len(entries) != 1 || entries[0].Action != "calendar.day.remove" || entries[0].Changes[0].Field != "kind" {
		t.Errorf("audit of the removal: %+v %v", entries, err)
	}
	cal, err = svc.ForUnitCode(ctx, unitTanCuong)
	if err != nil {
		t.Fatal(err)
	}
	if w, _ := cal.IsWorkingDay(calendar.NewDate(2026, 4, 27)); !w {
		t.Error("the removed day is still off for the service")
	}
}
