package route

import (
	"net/url"
	"strconv"

	"github.com/a-h/templ"
)

// Working calendar paths: the years of the table of days off, a year's
// rules, one rule (by its date, 2006-01-02), the default sessions, a unit's
// sessions; and the deadline API.
const (
	PathAdminCalendar         = "/quan-tri/lich-lam-viec"
	PathAdminCalendarYear     = "/quan-tri/lich-lam-viec/:year"
	PathAdminCalendarDay      = "/quan-tri/lich-lam-viec/ngay/:date"
	PathAdminCalendarDayDel   = "/quan-tri/lich-lam-viec/ngay/:date/xoa"
	PathAdminCalendarSettings = "/quan-tri/lich-lam-viec/gio-lam-viec"
	PathAdminUnitSessions     = "/quan-tri/don-vi/:code/gio-lam-viec"
	PathAPIDeadline           = "/api/v1/deadline"
)

// AdminCalendar lists the covered years; a POST creates a year.
func AdminCalendar() templ.SafeURL { return PathAdminCalendar }

// AdminCalendarYear lists a year's days off and working days; a POST adds
// a rule to it.
func AdminCalendarYear(year int) templ.SafeURL {
	return templ.SafeURL(PathAdminCalendar + "/" + strconv.Itoa(year))
}

// AdminCalendarDay edits the rule of a date (given as 2006-01-02).
func AdminCalendarDay(date string) templ.SafeURL {
	return templ.SafeURL(PathAdminCalendar + "/ngay/" + url.PathEscape(date))
}

// AdminCalendarDayDelete removes the rule of a date (POST).
func AdminCalendarDayDelete(date string) templ.SafeURL {
	return templ.SafeURL(PathAdminCalendar + "/ngay/" + url.PathEscape(date) + "/xoa")
}

// AdminCalendarSettings edits the default sessions and cut-off.
func AdminCalendarSettings() templ.SafeURL { return PathAdminCalendarSettings }

// AdminUnitSessions edits a unit's sessions.
func AdminUnitSessions(code string) templ.SafeURL {
	return templ.SafeURL(PathAdminUnits + "/" + url.PathEscape(code) + "/gio-lam-viec")
}

// APIDeadline is the deadline endpoint with its query.
func APIDeadline(q url.Values) string {
	if len(q) == 0 {
		return PathAPIDeadline
	}
	return PathAPIDeadline + "?" + q.Encode()
}
