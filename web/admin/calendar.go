package admin

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/internal/worktime"
	"github.com/motcua/motcua/templates/adminview"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// Calendars is what the working calendar administration needs;
// *worktime.Service implements it.
type Calendars interface {
	Years(ctx context.Context) ([]worktime.Year, error)
	Days(ctx context.Context, year int) ([]worktime.Day, error)
	Day(ctx context.Context, d calendar.Date) (worktime.Day, error)
	Settings(ctx context.Context) (worktime.Settings, error)
	UnitSessions(ctx context.Context, unitID int64) ([]calendar.Session, error)
	AddDay(ctx context.Context, actor int64, in worktime.DayInput) (calendar.DayRule, error)
	ChangeDay(ctx context.Context, actor int64, in worktime.DayInput) (calendar.DayRule, error)
	RemoveDay(ctx context.Context, actor int64, d calendar.Date) error
	CreateYear(ctx context.Context, actor int64, year string) (int, error)
	SetDefaults(ctx context.Context, actor int64, sessions, cutoff string) error
	SetUnitSessions(ctx context.Context, actor, unitID int64, sessions string) error
}

// UnitByCode finds a unit by its electronic identifier.
type UnitByCode interface {
	GetByCode(ctx context.Context, code string) (org.Unit, error)
}

// CalendarHandler serves the working calendar administration: the years of
// the table of days off, a year's rules with forms to add, change and
// remove them, the default sessions and cut-off, and a unit's sessions.
type CalendarHandler struct {
	Calendars Calendars
	Units     UnitByCode
	Log       *slog.Logger
	// Now is the clock that says which years deadlines will soon reach.
	Now func() time.Time
}

func (h *CalendarHandler) now() time.Time {
	if h.Now == nil {
		return time.Now()
	}
	return h.Now()
}

// Years lists the covered years, warns about the current and next year
// when they are missing, and shows the defaults.
func (h *CalendarHandler) Years(c echo.Context) error {
	next := strconv.Itoa(calendar.DateOf(h.now()).Year + 1)
	return h.renderYears(c, http.StatusOK, form.New(webctx.Get(c).P, map[string]string{"year": next}, nil))
}

func (h *CalendarHandler) renderYears(c echo.Context, status int, create form.Form) error {
	r := webctx.Get(c)
	p := r.P
	ctx := c.Request().Context()
	years, err := h.Calendars.Years(ctx)
	if err != nil {
		return err
	}
	settings, err := h.Calendars.Settings(ctx)
	if err != nil {
		return err
	}
	table := ui.TableProps{Caption: p.T("admin.calendar.years_caption"),
		Head: []ui.Column{{Label: p.T("admin.calendar.col.year")}, {Label: p.T("admin.calendar.col.off"), Numeric: true},
			{Label: p.T("admin.calendar.col.work"), Numeric: true}},
		Empty: p.T("admin.calendar.no_years")}
	have := map[int]bool{}
	for _, y := range years {
		have[y.Year] = true
		table.Rows = append(table.Rows, []ui.Cell{{Content: ui.Link(route.AdminCalendarYear(y.Year), strconv.Itoa(y.Year)), RowHeader: true},
			ui.NumCell(y.Off), ui.NumCell(y.Work)})
	}
	var missing []int
	for _, y := range []int{calendar.DateOf(h.now()).Year, calendar.DateOf(h.now()).Year + 1} {
		if !have[y] {
			missing = append(missing, y)
		}
	}
	return webctx.Render(c, status, adminview.CalendarYears(adminview.CalendarYearsProps{
		Page: r.Page(c, p.T("admin.calendar.title"), layout.AreaAdmin), P: p, Years: table, Missing: missing,
		Sessions: calendar.FormatSessions(settings.Sessions), Cutoff: settings.Cutoff.String(), Create: create,
	}))
}

// CreateYear creates a year from the statutory rules and shows it.
func (h *CalendarHandler) CreateYear(c echo.Context) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	year := c.FormValue("year")
	n, err := h.Calendars.CreateYear(ctx, r.User.ID, year)
	var errs valid.Errors
	if errors.As(err, &errs) {
		return h.renderYears(c, http.StatusUnprocessableEntity, form.New(r.P, map[string]string{"year": year}, errs))
	}
	if err != nil {
		return err
	}
	y, _ := strconv.Atoi(year)
	h.Log.InfoContext(ctx, "calendar year created", "year", y, "days", n, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.calendar.created")
	return webctx.Redirect(c, route.AdminCalendarYear(y))
}

// yearOf reads a year in the range administrators may use.
func (h *CalendarHandler) yearOf(s string) (int, bool) {
	y, err := strconv.Atoi(s)
	return y, err == nil && y >= worktime.MinYear && y <= worktime.MaxYear
}

// Year lists a year's rules with the add form.
func (h *CalendarHandler) Year(c echo.Context) error {
	y, ok := h.yearOf(c.Param("year"))
	if !ok {
		return echo.ErrNotFound
	}
	p := webctx.Get(c).P
	return h.renderYear(c, http.StatusOK, y, form.New(p, map[string]string{"kind": string(calendar.Off)}, nil),
		form.New(p, map[string]string{"year": strconv.Itoa(y)}, nil))
}

func (h *CalendarHandler) renderYear(c echo.Context, status, year int, add, create form.Form) error {
	r := webctx.Get(c)
	p := r.P
	days, err := h.Calendars.Days(c.Request().Context(), year)
	if err != nil {
		return err
	}
	table := ui.TableProps{Caption: p.T("admin.calendar.year_caption", year),
		Head: []ui.Column{{Label: p.T("admin.calendar.col.date")}, {Label: p.T("admin.calendar.col.weekday")},
			{Label: p.T("admin.calendar.col.kind")}, {Label: p.T("admin.calendar.col.name")},
			{Label: p.T("admin.calendar.col.basis")}, {Label: p.T("admin.calendar.col.actions")}},
		Empty: p.T("admin.calendar.year_empty", year)}
	for _, d := range days {
		shown := displayDate(d.Date)
		table.Rows = append(table.Rows, []ui.Cell{{Text: shown, RowHeader: true}, ui.TextCell(weekday(p.T, d.Date)),
			ui.TextCell(p.T("admin.calendar.kind." + string(d.Kind))), ui.TextCell(d.Name), ui.TextCell(d.Basis),
			ui.CompCell(adminview.DayActions(p, r.CSRF, d.Date.String(), p.T("admin.calendar.day_hidden", shown)))})
	}
	return webctx.Render(c, status, adminview.CalendarYear(adminview.CalendarYearProps{
		Page: r.Page(c, p.T("admin.calendar.year_title", year), layout.AreaAdmin,
			ui.Crumb{Label: p.T("admin.calendar.title"), Href: route.AdminCalendar()},
			ui.Crumb{Label: strconv.Itoa(year)}),
		P: p, Year: year, Covered: len(days) > 0, Days: table, Kinds: kindOptions(p.T), Add: add, Create: create,
	}))
}

// AddDay adds a rule to the year.
func (h *CalendarHandler) AddDay(c echo.Context) error {
	y, ok := h.yearOf(c.Param("year"))
	if !ok {
		return echo.ErrNotFound
	}
	r := webctx.Get(c)
	ctx := c.Request().Context()
	in := dayInput(c, c.FormValue("date"))
	rule, err := h.Calendars.AddDay(ctx, r.User.ID, in)
	var errs valid.Errors
	if errors.As(err, &errs) {
		return h.renderYear(c, http.StatusUnprocessableEntity, y, form.New(r.P, dayValues(in), errs),
			form.New(r.P, map[string]string{"year": strconv.Itoa(y)}, nil))
	}
	if err != nil {
		return err
	}
	h.Log.InfoContext(ctx, "calendar day added", "date", rule.Date.String(), "kind", string(rule.Kind), "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.calendar.added")
	return webctx.Redirect(c, route.AdminCalendarYear(rule.Date.Year))
}

// day reads the :date parameter and loads its rule; 404 when either fails.
func (h *CalendarHandler) day(c echo.Context) (worktime.Day, error) {
	d, err := calendar.ParseDate(c.Param("date"))
	if err != nil {
		return worktime.Day{}, echo.ErrNotFound
	}
	day, err := h.Calendars.Day(c.Request().Context(), d)
	if errors.Is(err, worktime.ErrNotFound) {
		return day, echo.ErrNotFound
	}
	return day, err
}

// Day shows the form that changes or removes a rule.
func (h *CalendarHandler) Day(c echo.Context) error {
	day, err := h.day(c)
	if err != nil {
		return err
	}
	in := worktime.DayInput{Date: day.Date.String(), Kind: string(day.Kind), Name: day.Name, Basis: day.Basis}
	return h.renderDay(c, http.StatusOK, day.Date, form.New(webctx.Get(c).P, dayValues(in), nil))
}

func (h *CalendarHandler) renderDay(c echo.Context, status int, d calendar.Date, f form.Form) error {
	r := webctx.Get(c)
	p := r.P
	shown := displayDate(d)
	title := p.T("admin.calendar.day_title", shown, weekday(p.T, d))
	return webctx.Render(c, status, adminview.CalendarDay(adminview.CalendarDayProps{
		Page: r.Page(c, title, layout.AreaAdmin,
			ui.Crumb{Label: p.T("admin.calendar.title"), Href: route.AdminCalendar()},
			ui.Crumb{Label: strconv.Itoa(d.Year), Href: route.AdminCalendarYear(d.Year)},
			ui.Crumb{Label: shown}),
		P: p, Title: title, Date: d.String(), Display: shown, Form: f, Kinds: kindOptions(p.T),
	}))
}

// ChangeDay saves a rule's kind, name and legal basis.
func (h *CalendarHandler) ChangeDay(c echo.Context) error {
	day, err := h.day(c)
	if err != nil {
		return err
	}
	r := webctx.Get(c)
	ctx := c.Request().Context()
	in := dayInput(c, day.Date.String())
	_, err = h.Calendars.ChangeDay(ctx, r.User.ID, in)
	var errs valid.Errors
	if errors.As(err, &errs) {
		return h.renderDay(c, http.StatusUnprocessableEntity, day.Date, form.New(r.P, dayValues(in), errs))
	}
	if errors.Is(err, worktime.ErrNotFound) { // removed meanwhile
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	h.Log.InfoContext(ctx, "calendar day changed", "date", day.Date.String(), "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.calendar.saved")
	return webctx.Redirect(c, route.AdminCalendarYear(day.Date.Year))
}

// RemoveDay removes a rule.
func (h *CalendarHandler) RemoveDay(c echo.Context) error {
	d, err := calendar.ParseDate(c.Param("date"))
	if err != nil {
		return echo.ErrNotFound
	}
	r := webctx.Get(c)
	ctx := c.Request().Context()
	err = h.Calendars.RemoveDay(ctx, r.User.ID, d)
	if errors.Is(err, worktime.ErrNotFound) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	h.Log.InfoContext(ctx, "calendar day removed", "date", d.String(), "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.calendar.deleted")
	return webctx.Redirect(c, route.AdminCalendarYear(d.Year))
}

// Settings shows the default sessions and cut-off form.
func (h *CalendarHandler) Settings(c echo.Context) error {
	s, err := h.Calendars.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	return h.renderSettings(c, http.StatusOK, form.New(webctx.Get(c).P,
		map[string]string{"sessions": calendar.FormatSessions(s.Sessions), "cutoff": s.Cutoff.String()}, nil))
}

func (h *CalendarHandler) renderSettings(c echo.Context, status int, f form.Form) error {
	r := webctx.Get(c)
	p := r.P
	return webctx.Render(c, status, adminview.CalendarSettings(adminview.CalendarSettingsProps{
		Page: r.Page(c, p.T("admin.calendar.defaults_title"), layout.AreaAdmin,
			ui.Crumb{Label: p.T("admin.calendar.title"), Href: route.AdminCalendar()},
			ui.Crumb{Label: p.T("admin.calendar.defaults_title")}),
		P: p, Form: f,
	}))
}

// SaveSettings saves the default sessions and cut-off.
func (h *CalendarHandler) SaveSettings(c echo.Context) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	sessions, cutoff := c.FormValue("sessions"), c.FormValue("cutoff")
	err := h.Calendars.SetDefaults(ctx, r.User.ID, sessions, cutoff)
	var errs valid.Errors
	if errors.As(err, &errs) {
		return h.renderSettings(c, http.StatusUnprocessableEntity,
			form.New(r.P, map[string]string{"sessions": sessions, "cutoff": cutoff}, errs))
	}
	if err != nil {
		return err
	}
	h.Log.InfoContext(ctx, "calendar defaults saved", "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.calendar.saved")
	return webctx.Redirect(c, route.AdminCalendar())
}

// unit reads the :code parameter; 404 for an unknown unit.
func (h *CalendarHandler) unit(c echo.Context) (org.Unit, error) { return unitOf(c, h.Units) }

// unitOf is the unit the :code parameter names; 404 for an unknown one.
func unitOf(c echo.Context, units UnitByCode) (org.Unit, error) {
	u, err := units.GetByCode(c.Request().Context(), c.Param("code"))
	if errors.Is(err, org.ErrNotFound) {
		return u, echo.ErrNotFound
	}
	return u, err
}

// UnitSessions shows a unit's sessions form.
func (h *CalendarHandler) UnitSessions(c echo.Context) error {
	u, err := h.unit(c)
	if err != nil {
		return err
	}
	ss, err := h.Calendars.UnitSessions(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	return h.renderUnit(c, http.StatusOK, u, ss, form.New(webctx.Get(c).P,
		map[string]string{"sessions": calendar.FormatSessions(ss)}, nil))
}

func (h *CalendarHandler) renderUnit(c echo.Context, status int, u org.Unit, own []calendar.Session, f form.Form) error {
	r := webctx.Get(c)
	p := r.P
	s, err := h.Calendars.Settings(c.Request().Context())
	if err != nil {
		return err
	}
	def := calendar.FormatSessions(s.Sessions)
	current := p.T("admin.calendar.unit_default", def)
	if own != nil {
		current = p.T("admin.calendar.unit_own", calendar.FormatSessions(own))
	}
	return webctx.Render(c, status, adminview.UnitSessions(adminview.UnitSessionsProps{
		Page: r.Page(c, p.T("admin.calendar.unit_title", u.Name), layout.AreaAdmin,
			ui.Crumb{Label: p.T("admin.units.title"), Href: route.AdminUnits()},
			ui.Crumb{Label: u.Name}),
		P: p, Name: u.Name, Code: u.Code, Current: current, Hint: p.T("admin.calendar.unit_sessions_hint", def), Form: f,
	}))
}

// SaveUnitSessions sets a unit's sessions (blank: the default).
func (h *CalendarHandler) SaveUnitSessions(c echo.Context) error {
	u, err := h.unit(c)
	if err != nil {
		return err
	}
	r := webctx.Get(c)
	ctx := c.Request().Context()
	sessions := c.FormValue("sessions")
	err = h.Calendars.SetUnitSessions(ctx, r.User.ID, u.ID, sessions)
	var errs valid.Errors
	if errors.As(err, &errs) {
		own, err := h.Calendars.UnitSessions(ctx, u.ID)
		if err != nil {
			return err
		}
		return h.renderUnit(c, http.StatusUnprocessableEntity, u, own, form.New(r.P, map[string]string{"sessions": sessions}, errs))
	}
	if err != nil {
		return err
	}
	h.Log.InfoContext(ctx, "unit sessions saved", "unit", u.Code, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.calendar.saved")
	return webctx.Redirect(c, route.AdminUnits())
}

func dayInput(c echo.Context, date string) worktime.DayInput {
	return worktime.DayInput{Date: date, Kind: c.FormValue("kind"), Name: c.FormValue("name"), Basis: c.FormValue("basis")}
}

func dayValues(in worktime.DayInput) map[string]string {
	return map[string]string{"date": in.Date, "kind": in.Kind, "name": in.Name, "basis": in.Basis}
}

func kindOptions(t func(string, ...any) string) []ui.Option {
	return []ui.Option{{Value: string(calendar.Off), Label: t("admin.calendar.kind.off")},
		{Value: string(calendar.Work), Label: t("admin.calendar.kind.work")}}
}

// displayDate writes a date as Vietnamese documents do: 27/04/2026.
func displayDate(d calendar.Date) string { return d.Start().Format("02/01/2006") }

func weekday(t func(string, ...any) string, d calendar.Date) string {
	return t("admin.calendar.weekday." + strconv.Itoa(int(d.Weekday())))
}

// unitSessionsLabels labels the units with their own hours for the tree.
func unitSessionsLabels(own map[int64][]calendar.Session, t func(string, ...any) string) map[int64]string {
	out := make(map[int64]string, len(own))
	for id, ss := range own {
		out[id] = t("admin.units.own_sessions", calendar.FormatSessions(ss))
	}
	return out
}
