// Package worktime keeps the deadline engine's data and hands out ready
// calendars: the table of days off and swapped working days (each with its
// legal basis), the province's default working sessions and same-day
// cut-off, and each unit's own sessions where they differ.
//
// ForUnit, ForUnitCode and Default build a *calendar.Calendar from what is
// stored. They answer from a snapshot in memory, refreshed when the
// database's calendar generation moves (a trigger bumps it once per
// transaction, the catalogue's mechanism), read at most once per refresh
// interval; an edit made through this Service is seen at once.
//
// Administrators' edits go through one Service method per action, each in
// one transaction with an audit entry: add, change and remove a day rule,
// create a year from calendar.SeedRules as a starting point, set the
// default sessions and cut-off, set a unit's sessions. Form input is
// checked here and problems come back as valid.Errors with message keys
// (calendar.error.*).
//
// A year with no rule is not covered: computations that reach it fail with
// calendar.ErrNotCovered instead of treating it as holiday-free, and a rule
// cannot be added to it one day at a time (create the year first).
//
// It imports only the standard library and the domain packages calendar,
// audit and valid; internal/pgstore implements Store.
package worktime
