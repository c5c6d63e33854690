package worktime_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/internal/worktime"
)

// memStore is an in-memory Store whose generation moves with every write
// transaction, as the database trigger makes it.
type memStore struct {
	mu       sync.Mutex
	gen      int64
	genReads int
	genErr   error
	days     map[calendar.Date]worktime.Day
	settings worktime.Settings
	units    map[int64]worktime.UnitHours
	log      []audit.Entry
}

func newMemStore(t *testing.T, years ...int) *memStore {
	t.Helper()
	s := &memStore{gen: 1, days: map[calendar.Date]worktime.Day{},
		settings: worktime.Settings{Sessions: calendar.DefaultSessions(), Cutoff: calendar.DefaultCutoff},
		units: map[int64]worktime.UnitHours{
			1: {ID: 1, Code: "000.00.01.H19"},
			2: {ID: 2, Code: "001.01.50.H19", Sessions: mustSessions(t, "07:00-11:30,13:30-17:00")},
		}}
	for _, y := range years {
		for _, r := range calendar.SeedRules(y) {
			s.days[r.Date] = worktime.Day{DayRule: r}
		}
	}
	return s
}

func mustSessions(t *testing.T, s string) []calendar.Session {
	t.Helper()
	ss, err := calendar.ParseSessions(s)
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

func (s *memStore) Generation(context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.genReads++
	return s.gen, s.genErr
}

func (s *memStore) reads() int { s.mu.Lock(); defer s.mu.Unlock(); return s.genReads }

func (s *memStore) Rules(context.Context) ([]calendar.DayRule, error) {
	var out []calendar.DayRule
	for _, d := range s.days {
		out = append(out, d.DayRule)
	}
	return out, nil
}

func (s *memStore) Settings(context.Context) (worktime.Settings, error) { return s.settings, nil }

func (s *memStore) Units(context.Context) ([]worktime.UnitHours, error) {
	return slices.Collect(maps.Values(s.units)), nil
}

func (s *memStore) Unit(_ context.Context, id int64) (worktime.UnitHours, error) {
	u, ok := s.units[id]
	if !ok {
		return u, worktime.ErrUnitNotFound
	}
	return u, nil
}

func (s *memStore) Years(context.Context) ([]worktime.Year, error) {
	counts := map[int]*worktime.Year{}
	for d, r := range s.days {
		y := counts[d.Year]
		if y == nil {
			y = &worktime.Year{Year: d.Year}
			counts[d.Year] = y
		}
		if r.Kind == calendar.Work {
			y.Work++
		} else {
			y.Off++
		}
	}
	var out []worktime.Year
	for _, y := range counts {
		out = append(out, *y)
	}
	slices.SortFunc(out, func(a, b worktime.Year) int { return a.Year - b.Year })
	return out, nil
}

func (s *memStore) Days(_ context.Context, year int) ([]worktime.Day, error) {
	var out []worktime.Day
	for d, r := range s.days {
		if d.Year == year {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b worktime.Day) int { return a.Date.Start().Compare(b.Date.Start()) })
	return out, nil
}

func (s *memStore) Day(_ context.Context, d calendar.Date) (worktime.Day, error) {
	r, ok := s.days[d]
	if !ok {
		return r, worktime.ErrNotFound
	}
	return r, nil
}

func (s *memStore) InsertDays(_ context.Context, rules []calendar.DayRule, actor int64, at time.Time) error {
	for _, r := range rules {
		if _, ok := s.days[r.Date]; ok {
			return worktime.ErrDayTaken
		}
		s.days[r.Date] = worktime.Day{DayRule: r, UpdatedBy: actor, UpdatedAt: at}
	}
	return nil
}

func (s *memStore) UpdateDay(_ context.Context, r calendar.DayRule, actor int64, at time.Time) error {
	if _, ok := s.days[r.Date]; !ok {
		return worktime.ErrNotFound
	}
	s.days[r.Date] = worktime.Day{DayRule: r, UpdatedBy: actor, UpdatedAt: at}
	return nil
}

func (s *memStore) DeleteDay(_ context.Context, d calendar.Date) error {
	if _, ok := s.days[d]; !ok {
		return worktime.ErrNotFound
	}
	delete(s.days, d)
	return nil
}

func (s *memStore) UpsertDays(_ context.Context, rules []calendar.DayRule, actor int64, at time.Time) (added, changed int, err error) {
	for _, r := range rules {
		prev, ok := s.days[r.Date]
		switch {
		case !ok:
			added++
		case prev.DayRule != r:
			changed++
		default:
			continue
		}
		s.days[r.Date] = worktime.Day{DayRule: r, UpdatedBy: actor, UpdatedAt: at}
	}
	return added, changed, nil
}

func (s *memStore) SaveSettings(_ context.Context, st worktime.Settings, actor int64, at time.Time) error {
	st.UpdatedBy, st.UpdatedAt = actor, at
	s.settings = st
	return nil
}

func (s *memStore) SetUnitSessions(_ context.Context, id int64, ss []calendar.Session, _ int64, _ time.Time) error {
	u, ok := s.units[id]
	if !ok {
		return worktime.ErrUnitNotFound
	}
	u.Sessions = ss
	s.units[id] = u
	return nil
}

func (s *memStore) Append(_ context.Context, e audit.Entry) error {
	s.log = append(s.log, e)
	return nil
}

func (s *memStore) ForObject(_ context.Context, typ, id string) ([]audit.Entry, error) {
	var out []audit.Entry
	for _, e := range s.log {
		if e.ObjectType == typ && e.ObjectID == id {
			out = append(out, e)
		}
	}
	return out, nil
}

// tx runs fn as a transaction: all or nothing, and one generation bump.
func (s *memStore) tx(_ context.Context, fn func(worktime.Store, audit.Store) error) error {
	s.mu.Lock()
	days, settings, units, log := maps.Clone(s.days), s.settings, maps.Clone(s.units), slices.Clone(s.log)
	s.mu.Unlock()
	if err := fn(s, s); err != nil {
		s.mu.Lock()
		s.days, s.settings, s.units, s.log = days, settings, units, log
		s.mu.Unlock()
		return err
	}
	s.bump()
	return nil
}

func (s *memStore) bump() { s.mu.Lock(); defer s.mu.Unlock(); s.gen++ }

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newService(st *memStore, c *clock) *worktime.Service {
	return worktime.NewService(worktime.Deps{Store: st, Tx: st.tx, Refresh: time.Second, Now: c.now})
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.Location())
	if err != nil {
		panic(err)
	}
	return t
}

func TestForUnit(t *testing.T) {
	ctx := context.Background()
	st := newMemStore(t, 2026)
	svc := newService(st, &clock{t: time.Unix(0, 0)})

	def, err := svc.ForUnit(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := calendar.FormatSessions(def.Sessions()); got != "07:30-11:30,13:00-17:00" {
		t.Errorf("unit on the default: %s", got)
	}
	own, err := svc.ForUnitCode(ctx, "001.01.50.H19")
	if err != nil {
		t.Fatal(err)
	}
	if got := calendar.FormatSessions(own.Sessions()); got != "07:00-11:30,13:30-17:00" {
		t.Errorf("unit with its own sessions: %s", got)
	}
	// Giỗ Tổ 2026 falls on a Sunday: Monday 27/04 is off too.
	dl, err := own.Due(at("2026-04-24 16:59"), calendar.Duration{Amount: 1, Unit: calendar.WorkingDays})
	if err != nil {
		t.Fatal(err)
	}
	if !dl.Due.Equal(at("2026-04-28 16:59")) {
		t.Errorf("due %v, want 2026-04-28 16:59", dl.Due)
	}
	if _, err := svc.ForUnit(ctx, 99); !errors.Is(err, worktime.ErrUnitNotFound) {
		t.Errorf("unknown unit: %v", err)
	}
	if _, err := svc.ForUnitCode(ctx, "999.99.99.H99"); !errors.Is(err, worktime.ErrUnitNotFound) {
		t.Errorf("unknown unit code: %v", err)
	}
	// A year not in the table fails loudly.
	if _, err := def.Due(at("2027-03-01 08:00"), calendar.Duration{Amount: 1, Unit: calendar.WorkingDays}); !errors.Is(err, calendar.ErrNotCovered) {
		t.Errorf("2027 not covered: %v", err)
	}
}

func TestCacheFollowsGeneration(t *testing.T) {
	ctx := context.Background()
	st := newMemStore(t, 2026)
	c := &clock{t: time.Unix(0, 0)}
	svc := newService(st, c)

	first, err := svc.Default(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for range 10 {
		if _, err := svc.Default(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := st.reads(); n != 1 {
		t.Errorf("%d generation reads within the refresh interval, want 1", n)
	}
	// Another instance changes the table: seen after the interval, not before.
	st.mu.Lock()
	d := calendar.NewDate(2026, 3, 2)
	st.days[d] = worktime.Day{DayRule: calendar.DayRule{Date: d, Kind: calendar.Off, Name: "Nghỉ", Basis: "Quyết định"}}
	st.mu.Unlock()
	st.bump()
	if got, _ := svc.Default(ctx); got != first {
		t.Error("reloaded before the refresh interval passed")
	}
	c.add(time.Second)
	got, err := svc.Default(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if w, _ := got.IsWorkingDay(d); w || got == first {
		t.Error("the other instance's change not seen after the refresh interval")
	}
	// Same generation: the same snapshot, after one more read.
	c.add(time.Second)
	if again, _ := svc.Default(ctx); again != got || st.reads() != 3 {
		t.Errorf("unchanged generation: new calendar %v, %d reads", again != got, st.reads())
	}
	// A change made here is seen at once.
	if _, err := svc.AddDay(ctx, 7, worktime.DayInput{Date: "03/03/2026", Kind: "off", Name: "Nghỉ", Basis: "QĐ"}); err != nil {
		t.Fatal(err)
	}
	now, _ := svc.Default(ctx)
	if w, _ := now.IsWorkingDay(calendar.NewDate(2026, 3, 3)); w {
		t.Error("a change made through the service is not seen at once")
	}
	// A failed read is an error, and nothing stale is served after it.
	st.mu.Lock()
	st.genErr = errors.New("database down")
	st.mu.Unlock()
	c.add(time.Second)
	if _, err := svc.Default(ctx); err == nil {
		t.Error("a failed generation read served the old snapshot")
	}
	if _, err := svc.Default(ctx); err == nil {
		t.Error("the snapshot survived a failed read")
	}
	st.mu.Lock()
	st.genErr = nil
	st.mu.Unlock()
	if _, err := svc.Default(ctx); err != nil {
		t.Errorf("after recovery: %v", err)
	}
}

func TestConcurrentCallersReadOnce(t *testing.T) {
	ctx := context.Background()
	st := newMemStore(t, 2026)
	svc := newService(st, &clock{t: time.Unix(0, 0)})
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, err := svc.ForUnit(ctx, 1); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := st.reads(); n != 1 {
		t.Errorf("%d generation reads for 20 concurrent first calls, want 1", n)
	}
}

func keys(err error) []string {
	var errs valid.Errors
	if !errors.As(err, &errs) {
		return nil
	}
	var out []string
	for _, e := range errs {
		out = append(out, e.Field+":"+e.Key)
	}
	return out
}

func TestAddDayRules(t *testing.T) {
	ctx := context.Background()
	ok := worktime.DayInput{Date: "02/03/2026", Kind: "off", Name: "Nghỉ theo quyết định", Basis: "Quyết định 1/QĐ-UBND"}
	with := func(f func(*worktime.DayInput)) worktime.DayInput { in := ok; f(&in); return in }
	for _, tc := range []struct {
		name string
		in   worktime.DayInput
		want []string
	}{
		{"blank", worktime.DayInput{}, []string{"date:calendar.error.date_required", "kind:calendar.error.kind",
			"name:calendar.error.name_required", "basis:calendar.error.basis_required"}},
		{"no such date", with(func(in *worktime.DayInput) { in.Date = "31/02/2026" }), []string{"date:calendar.error.date_format"}},
		{"words", with(func(in *worktime.DayInput) { in.Date = "mai" }), []string{"date:calendar.error.date_format"}},
		{"far year", with(func(in *worktime.DayInput) { in.Date = "01/01/3026" }), []string{"date:calendar.error.date_format"}},
		{"kind", with(func(in *worktime.DayInput) { in.Kind = "holiday" }), []string{"kind:calendar.error.kind"}},
		{"work on a Monday", with(func(in *worktime.DayInput) { in.Kind = "work" }), []string{"kind:calendar.error.work_weekday"}},
		{"long name", with(func(in *worktime.DayInput) { in.Name = string(make([]rune, 201)) }), []string{"name:calendar.error.name_long"}},
		{"year not created", with(func(in *worktime.DayInput) { in.Date = "02/03/2027" }), []string{"date:calendar.error.year_missing"}},
		{"date taken", with(func(in *worktime.DayInput) { in.Date = "2026-04-30" }), []string{"date:calendar.error.date_taken"}},
		{"ok", ok, nil},
		{"work on a Saturday, ISO date", with(func(in *worktime.DayInput) { in.Date = "2026-03-07"; in.Kind = "work" }), nil},
		{"off on a Sunday", with(func(in *worktime.DayInput) { in.Date = "8/3/2026" }), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := newMemStore(t, 2026)
			svc := newService(st, &clock{t: time.Unix(0, 0)})
			_, err := svc.AddDay(ctx, 7, tc.in)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("AddDay: %v", err)
				}
				if len(st.log) != 1 || st.log[0].Action != "calendar.day.add" || st.log[0].ActorID != 7 {
					t.Errorf("audit: %+v", st.log)
				}
				return
			}
			if d := cmp.Diff(tc.want, keys(err)); d != "" {
				t.Errorf("errors (-want +got):\n%s\n(%v)", d, err)
			}
			if len(st.log) != 0 {
				t.Errorf("refused change audited: %+v", st.log)
			}
		})
	}
}

func TestChangeRemoveAndCreateYear(t *testing.T) {
	ctx := context.Background()
	st := newMemStore(t, 2026)
	svc := newService(st, &clock{t: time.Unix(0, 0)})
	d := calendar.NewDate(2026, 4, 27)
	prev := st.days[d]

	if _, err := svc.ChangeDay(ctx, 7, worktime.DayInput{Date: "2026-04-27", Kind: "off", Name: "Nghỉ bù Giỗ Tổ", Basis: prev.Basis}); err != nil {
		t.Fatal(err)
	}
	want := []audit.Change{{Field: "name", Old: prev.Name, New: "Nghỉ bù Giỗ Tổ"}}
	if d := cmp.Diff(want, st.log[0].Changes); d != "" || st.log[0].ObjectID != "2026-04-27" {
		t.Errorf("change audit (-want +got):\n%s", d)
	}
	if _, err := svc.ChangeDay(ctx, 7, worktime.DayInput{Date: "2026-04-28", Kind: "off", Name: "x", Basis: "y"}); !errors.Is(err, worktime.ErrNotFound) {
		t.Errorf("change of a date without a rule: %v", err)
	}
	if err := svc.RemoveDay(ctx, 7, d); err != nil {
		t.Fatal(err)
	}
	cal, err := svc.Default(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if w, _ := cal.IsWorkingDay(d); !w {
		t.Error("removed day still off")
	}
	if err := svc.RemoveDay(ctx, 7, d); !errors.Is(err, worktime.ErrNotFound) {
		t.Errorf("second removal: %v", err)
	}

	for _, tc := range []struct{ year, want string }{
		{"", "year:calendar.error.year_range"}, {"20227", "year:calendar.error.year_range"},
		{"2026", "year:calendar.error.year_exists"},
	} {
		if _, err := svc.CreateYear(ctx, 7, tc.year); !slices.Equal(keys(err), []string{tc.want}) {
			t.Errorf("CreateYear(%q): %v", tc.year, err)
		}
	}
	n, err := svc.CreateYear(ctx, 7, "2031")
	if err != nil || n != len(calendar.SeedRules(2031)) {
		t.Fatalf("CreateYear(2031) = %d, %v", n, err)
	}
	cal, _ = svc.Default(ctx)
	if _, err := cal.Due(at("2031-03-03 08:00"), calendar.Duration{Amount: 1, Unit: calendar.WorkingDays}); err != nil {
		t.Errorf("2031 after creating it: %v", err)
	}
	last := st.log[len(st.log)-1]
	if last.Action != "calendar.year.create" || last.ObjectID != "2031" {
		t.Errorf("year audit: %+v", last)
	}
}

func TestSessionsAndDefaults(t *testing.T) {
	ctx := context.Background()
	st := newMemStore(t, 2026)
	svc := newService(st, &clock{t: time.Unix(0, 0)})
	for _, tc := range []struct {
		sessions, cutoff string
		want             []string
	}{
		{"", "", []string{"sessions:calendar.error.sessions_required", "cutoff:calendar.error.cutoff_required"}},
		{"sáng-chiều", "3 giờ", []string{"sessions:calendar.error.sessions_format", "cutoff:calendar.error.cutoff_format"}},
		{"13:00-17:00,07:30-11:30", "15:00", []string{"sessions:calendar.error.sessions_order"}},
		{"07:30-11:30,13:00-16:30", "15:00", []string{"sessions:calendar.error.sessions_total"}},
		{"07:30-11:30,13:00-17:00", "18:00", []string{"cutoff:calendar.error.cutoff_range"}},
		{"7:00-11:30, 13:30-17:00", "15:30", nil},
	} {
		err := svc.SetDefaults(ctx, 7, tc.sessions, tc.cutoff)
		if d := cmp.Diff(tc.want, keys(err)); d != "" || (tc.want == nil && err != nil) {
			t.Errorf("SetDefaults(%q, %q): (-want +got):\n%s\n%v", tc.sessions, tc.cutoff, d, err)
		}
	}
	cal, err := svc.ForUnit(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if calendar.FormatSessions(cal.Sessions()) != "07:00-11:30,13:30-17:00" || cal.Cutoff() != calendar.Clock(15, 30) {
		t.Errorf("defaults not applied: %v %v", cal.Sessions(), cal.Cutoff())
	}

	if err := svc.SetUnitSessions(ctx, 7, 1, "07:00-11:00,13:00-16:30"); !slices.Equal(keys(err), []string{"sessions:calendar.error.sessions_total"}) {
		t.Errorf("7-hour unit: %v", err)
	}
	if err := svc.SetUnitSessions(ctx, 7, 99, "07:30-11:30,13:00-17:00"); !errors.Is(err, worktime.ErrUnitNotFound) {
		t.Errorf("unknown unit: %v", err)
	}
	if err := svc.SetUnitSessions(ctx, 7, 2, " "); err != nil {
		t.Fatal(err)
	}
	own, err := svc.UnitSessions(ctx, 2)
	if err != nil || own != nil {
		t.Errorf("blank sessions did not return the unit to the default: %v %v", own, err)
	}
	cal, _ = svc.ForUnit(ctx, 2)
	if calendar.FormatSessions(cal.Sessions()) != "07:00-11:30,13:30-17:00" {
		t.Errorf("unit on the default gets %v", cal.Sessions())
	}
	last := st.log[len(st.log)-1]
	if last.Action != "unit.sessions" || last.ObjectID != "001.01.50.H19" || last.Changes[0].New != "" {
		t.Errorf("unit audit: %+v", last)
	}
}

func TestSeed(t *testing.T) {
	ctx := context.Background()
	st := newMemStore(t)
	svc := newService(st, &clock{t: time.Unix(0, 0)})
	rules := append(calendar.SeedRules(2025), calendar.SeedRules(2026)...)
	added, changed, err := svc.Seed(ctx, rules)
	if err != nil || added != len(rules) || changed != 0 {
		t.Fatalf("first seed: %d added %d changed, %v", added, changed, err)
	}
	rules[0].Name += " (sửa)"
	if added, changed, err = svc.Seed(ctx, rules); err != nil || added != 0 || changed != 1 {
		t.Errorf("second seed: %d added %d changed, %v", added, changed, err)
	}
	if added, changed, err = svc.Seed(ctx, rules); err != nil || added != 0 || changed != 0 || len(st.log) != 2 {
		t.Errorf("third seed: %d added %d changed, %d audit entries, %v", added, changed, len(st.log), err)
	}
	if _, _, err := svc.Seed(ctx, append(rules, rules[0])); err == nil {
		t.Error("a seed with a date twice was accepted")
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"27/04/2026": "2026-04-27", "7/4/2026": "2026-04-07", " 2026-04-27 ": "2026-04-27",
		"31/04/2026": "", "27/04/26": "", "27-04-2026": "", "": "", "00/01/2026": "",
	} {
		d, ok := worktime.ParseDate(in)
		got := ""
		if ok {
			got = d.String()
		}
		if got != want {
			t.Errorf("ParseDate(%q) = %q, want %q", in, got, want)
		}
	}
}
