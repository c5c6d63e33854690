package admin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/pgstore"
	"github.com/motcua/motcua/internal/worktime"
	"github.com/motcua/motcua/web/route"
)

// dueOf asks the deadline API, as a visitor, when a matter is due.
func dueOf(t *testing.T, env *apptest.Env, kv ...string) string {
	t.Helper()
	q := url.Values{}
	for i := 0; i < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	res := env.Client(t).Get(route.APIDeadline(q))
	if res.Status != http.StatusOK {
		t.Fatalf("deadline %v: %d %s", q, res.Status, res.Body)
	}
	var d struct{ Due string }
	if err := json.Unmarshal(res.Body, &d); err != nil {
		t.Fatal(err)
	}
	return d.Due
}

func TestCalendarAdminDays(t *testing.T) {
	env := apptest.New(t)
	ctx := context.Background()
	if _, _, err := env.App.SeedCalendar(ctx); err != nil {
		t.Fatal(err)
	}
	admin := env.Client(t)
	admin.Login(env.Users[account.RoleAdmin])

	res := admin.Get(route.PathAdminCalendar)
	if res.Status != http.StatusOK {
		t.Fatalf("years: %d", res.Status)
	}
	if res.Doc.Find(`nav a[href="/quan-tri/lich-lam-viec"]`).Length() == 0 {
		t.Error("no navigation entry for the calendar")
	}
	years := res.Doc.Find("table tbody tr")
	if years.Length() != 6 || !strings.Contains(years.First().Text(), "2025") {
		t.Errorf("years table: %d rows: %s", years.Length(), years.Text())
	}
	main := res.Doc.Find("main").Text()
	for _, want := range []string{"07:30-11:30,13:00-17:00", "15:00", "Tạo lịch năm"} {
		if !strings.Contains(main, want) {
			t.Errorf("calendar page lacks %q", want)
		}
	}

	year := string(route.AdminCalendarYear(2026))
	res = admin.Get(year)
	if res.Status != http.StatusOK {
		t.Fatalf("2026: %d", res.Status)
	}
	var gioTo, lamBu string
	res.Doc.Find("table tbody tr").Each(func(_ int, tr *goquery.Selection) {
		switch s := tr.Text(); {
		case strings.Contains(s, "27/04/2026"):
			gioTo = s
		case strings.Contains(s, "10/01/2026"):
			lamBu = s
		}
	})
	if !strings.Contains(gioTo, "Thứ Hai") || !strings.Contains(gioTo, "Nghỉ bù Giỗ Tổ Hùng Vương") ||
		!strings.Contains(gioTo, "Ngày nghỉ") || !strings.Contains(gioTo, "Bộ luật Lao động 2019") {
		t.Errorf("27/04/2026 row: %q", gioTo)
	}
	if !strings.Contains(lamBu, "Thứ Bảy") || !strings.Contains(lamBu, "Ngày làm bù") {
		t.Errorf("10/01/2026 row: %q", lamBu)
	}

	// Refused: a working day on a Monday, no name; the answers stay.
	bad := url.Values{"date": {"02/03/2026"}, "kind": {"work"}, "name": {" "}, "basis": {"Quyết định 12/QĐ-UBND"}}
	res = admin.Post(year, bad)
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid day: %d", res.Status)
	}
	if !strings.Contains(res.Text("#kind-error"), "thứ Bảy hoặc Chủ nhật") || !strings.Contains(res.Text("#name-error"), "Nhập tên ngày") {
		t.Errorf("errors beside the fields: kind %q, name %q", res.Text("#kind-error"), res.Text("#name-error"))
	}
	if v, _ := res.Doc.Find("#date").Attr("value"); v != "02/03/2026" || res.Text("#basis") != "Quyết định 12/QĐ-UBND" {
		t.Errorf("answers not kept: date %q, basis %q", v, res.Text("#basis"))
	}
	if res.Doc.Find(".error-summary a[href='#kind']").Length() != 1 {
		t.Error("the error summary does not link to the kind")
	}
	res = admin.Post(year, url.Values{"date": {"02/03/2031"}, "kind": {"off"}, "name": {"Nghỉ"}, "basis": {"QĐ"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#date-error"), "Năm 2031 chưa có lịch") {
		t.Errorf("a day in a year without a calendar: %d %q", res.Status, res.Text("#date-error"))
	}

	// Added: Tuesday 03/03/2026 becomes a day off, and deadlines see it at once.
	if due := dueOf(t, env, "start", "2026-03-03T07:30:00+07:00", "working_hours", "1"); due != "2026-03-03T08:30:00+07:00" {
		t.Fatalf("before: due %s", due)
	}
	res = admin.Post(year, url.Values{"date": {"03/03/2026"}, "kind": {"off"}, "name": {"Nghỉ theo quyết định của tỉnh"},
		"basis": {"Quyết định 99/QĐ-UBND"}})
	if res.Status != http.StatusSeeOther || res.Location != year {
		t.Fatalf("add: %d to %q: %s", res.Status, res.Location, res.Text(".error-summary"))
	}
	res = admin.Get(year)
	if !strings.Contains(res.Text(".alert"), "Đã thêm ngày vào lịch") || !strings.Contains(res.Doc.Find("table").Text(), "Nghỉ theo quyết định của tỉnh") {
		t.Errorf("after add: %q", res.Text(".alert"))
	}
	if due := dueOf(t, env, "start", "2026-03-03T07:30:00+07:00", "working_hours", "1"); due != "2026-03-04T08:30:00+07:00" {
		t.Errorf("after adding 03/03: due %s", due)
	}
	res = admin.Post(year, url.Values{"date": {"2026-03-03"}, "kind": {"off"}, "name": {"x"}, "basis": {"y"}})
	if res.Status != http.StatusUnprocessableEntity || res.Text("#date-error") == "" {
		t.Errorf("a second rule for 03/03: %d", res.Status)
	}

	// Changed.
	day := string(route.AdminCalendarDay("2026-03-03"))
	res = admin.Get(day)
	if res.Status != http.StatusOK || !strings.Contains(res.Text("h1"), "03/03/2026 (Thứ Ba)") {
		t.Fatalf("edit page: %d %q", res.Status, res.Text("h1"))
	}
	if v, _ := res.Doc.Find("#name").Attr("value"); v != "Nghỉ theo quyết định của tỉnh" {
		t.Errorf("edit form name %q", v)
	}
	res = admin.Post(day, url.Values{"kind": {"off"}, "name": {"Nghỉ đột xuất"}, "basis": {""}})
	if res.Status != http.StatusUnprocessableEntity || res.Text("#basis-error") == "" {
		t.Errorf("change without basis: %d", res.Status)
	}
	if v, _ := res.Doc.Find("#name").Attr("value"); v != "Nghỉ đột xuất" {
		t.Errorf("changed name not kept: %q", v)
	}
	res = admin.Post(day, url.Values{"kind": {"off"}, "name": {"Nghỉ đột xuất"}, "basis": {"Quyết định 99/QĐ-UBND"}})
	if res.Status != http.StatusSeeOther || res.Location != year {
		t.Fatalf("change: %d to %q", res.Status, res.Location)
	}

	// Removed: the day is a working day again.
	res = admin.Post(string(route.AdminCalendarDayDelete("2026-03-03")), nil)
	if res.Status != http.StatusSeeOther || res.Location != year {
		t.Fatalf("delete: %d to %q", res.Status, res.Location)
	}
	if res = admin.Get(day); res.Status != http.StatusNotFound {
		t.Errorf("edit page of a removed day: %d", res.Status)
	}
	if due := dueOf(t, env, "start", "2026-03-03T07:30:00+07:00", "working_hours", "1"); due != "2026-03-03T08:30:00+07:00" {
		t.Errorf("after removing 03/03: due %s", due)
	}

	entries, err := pgstore.NewAuditStore(env.App.DB).ForObject(ctx, worktime.AuditDay, "2026-03-03")
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		if e.ActorID != env.Users[account.RoleAdmin].ID {
			t.Errorf("%s by %d", e.Action, e.ActorID)
		}
	}
	if strings.Join(actions, ",") != "calendar.day.add,calendar.day.change,calendar.day.remove" {
		t.Errorf("audit trail: %v", actions)
	}

	for _, p := range []string{"/quan-tri/lich-lam-viec/abc", "/quan-tri/lich-lam-viec/ngay/2026-02-30", "/quan-tri/lich-lam-viec/ngay/2026-03-04"} {
		if res := admin.Get(p); res.Status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, res.Status)
		}
	}
}

func TestCalendarAdminYearsAndHours(t *testing.T) {
	env := apptest.New(t)
	ctx := context.Background()
	if _, _, err := env.App.SeedCalendar(ctx); err != nil {
		t.Fatal(err)
	}
	admin := env.Client(t)
	admin.Login(env.Users[account.RoleAdmin])

	// 2031 is not covered: deadlines reaching it fail until it is created.
	res := admin.Get(string(route.AdminCalendarYear(2031)))
	if res.Status != http.StatusOK || !strings.Contains(res.Text("main"), "Năm 2031 chưa có lịch") {
		t.Fatalf("2031 before: %d", res.Status)
	}
	if v, _ := res.Doc.Find("#year").Attr("value"); v != "2031" {
		t.Errorf("create form year %q", v)
	}
	res = admin.Post(route.PathAdminCalendar, url.Values{"year": {"2031"}})
	if res.Status != http.StatusSeeOther || res.Location != string(route.AdminCalendarYear(2031)) {
		t.Fatalf("create 2031: %d to %q", res.Status, res.Location)
	}
	res = admin.Get(res.Location)
	if !strings.Contains(res.Text(".alert"), "Đã tạo lịch năm mới") || res.Doc.Find("table tbody tr").Length() < 10 ||
		!strings.Contains(res.Doc.Find("table").Text(), "Giỗ Tổ Hùng Vương") {
		t.Errorf("2031 after: %q, %d rows", res.Text(".alert"), res.Doc.Find("table tbody tr").Length())
	}
	if due := dueOf(t, env, "start", "2030-12-31T16:00:00+07:00", "working_days", "1"); due != "2031-01-02T16:00:00+07:00" {
		t.Errorf("across the new year: due %s", due)
	}
	for year, want := range map[string]string{"2031": "Năm 2031 đã có lịch", "1999": "Nhập năm từ 2000 đến 2100", "": "Nhập năm"} {
		res = admin.Post(route.PathAdminCalendar, url.Values{"year": {year}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#year-error"), want) {
			t.Errorf("create %q: %d %q", year, res.Status, res.Text("#year-error"))
		}
		if v, _ := res.Doc.Find("#year").Attr("value"); v != year {
			t.Errorf("create %q: value shown %q", year, v)
		}
	}

	// The default hours.
	res = admin.Get(route.PathAdminCalendarSettings)
	if v, _ := res.Doc.Find("#sessions").Attr("value"); res.Status != http.StatusOK || v != "07:30-11:30,13:00-17:00" {
		t.Fatalf("settings form: %d %q", res.Status, v)
	}
	res = admin.Post(route.PathAdminCalendarSettings, url.Values{"sessions": {"07:30-11:30,13:00-16:00"}, "cutoff": {"17:30"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#sessions-error"), "7h00") ||
		res.Text("#cutoff-error") != "" {
		t.Errorf("7-hour day: %d sessions %q cutoff %q", res.Status, res.Text("#sessions-error"), res.Text("#cutoff-error"))
	}
	if v, _ := res.Doc.Find("#sessions").Attr("value"); v != "07:30-11:30,13:00-16:00" {
		t.Errorf("sessions not kept: %q", v)
	}
	res = admin.Post(route.PathAdminCalendarSettings, url.Values{"sessions": {"07:30-11:30,13:00-17:00"}, "cutoff": {"17:30"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#cutoff-error"), "trong giờ làm việc") {
		t.Errorf("cut-off after hours: %d %q", res.Status, res.Text("#cutoff-error"))
	}
	res = admin.Post(route.PathAdminCalendarSettings, url.Values{"sessions": {"07:00-11:30,13:30-17:00"}, "cutoff": {"16:00"}})
	if res.Status != http.StatusSeeOther || res.Location != route.PathAdminCalendar {
		t.Fatalf("save settings: %d %q", res.Status, res.Location)
	}
	if main := admin.Get(route.PathAdminCalendar).Text("main"); !strings.Contains(main, "07:00-11:30,13:30-17:00") || !strings.Contains(main, "16:00") {
		t.Error("new defaults not shown")
	}
	if due := dueOf(t, env, "start", "2026-03-10T15:30:00+07:00", "same_day", "1"); due != "2026-03-10T17:00:00+07:00" {
		t.Errorf("same day before the new 16:00 cut-off: %s", due)
	}

	// A unit's own hours, from the unit tree.
	const code = "001.01.50.H19"
	res = admin.Get(route.PathAdminUnits)
	link := res.Doc.Find(`a[href="` + string(route.AdminUnitSessions(code)) + `"]`)
	if link.Length() != 1 {
		t.Fatalf("no link to the hours of %s", code)
	}
	page := string(route.AdminUnitSessions(code))
	res = admin.Get(page)
	if res.Status != http.StatusOK || !strings.Contains(res.Text("main"), "giờ mặc định của tỉnh: 07:00-11:30,13:30-17:00") {
		t.Fatalf("unit hours page: %d %q", res.Status, res.Text("main p"))
	}
	res = admin.Post(page, url.Values{"sessions": {"7:30-11:30 13:00-17:00"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#sessions-error"), "07:30-11:30,13:00-17:00") {
		t.Errorf("bad unit hours: %d %q", res.Status, res.Text("#sessions-error"))
	}
	res = admin.Post(page, url.Values{"sessions": {"7:30-11:30, 13:00-17:00"}})
	if res.Status != http.StatusSeeOther || res.Location != route.PathAdminUnits {
		t.Fatalf("save unit hours: %d %q %s", res.Status, res.Location, res.Text(".error-summary"))
	}
	if tree := admin.Get(route.PathAdminUnits).Text("main"); !strings.Contains(tree, "Giờ riêng: 07:30-11:30,13:00-17:00") {
		t.Error("the tree does not show the unit's own hours")
	}
	if due := dueOf(t, env, "start", "2026-03-10T07:00:00+07:00", "working_hours", "1", "unit", code); due != "2026-03-10T08:30:00+07:00" {
		t.Errorf("the unit's hours: due %s", due)
	}
	if due := dueOf(t, env, "start", "2026-03-10T07:00:00+07:00", "working_hours", "1"); due != "2026-03-10T08:00:00+07:00" {
		t.Errorf("the default hours: due %s", due)
	}
	if res := admin.Get("/quan-tri/don-vi/999.99.99.H99/gio-lam-viec"); res.Status != http.StatusNotFound {
		t.Errorf("unknown unit: %d", res.Status)
	}
}
