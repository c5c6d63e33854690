// Package calendar owns the deadline engine: when a dossier, a step or a
// transfer is due, and why.
//
// It owns
//   - the working week and its sessions (default 07:30-11:30 and 13:00-17:00,
//     configurable per unit; a working day is 8 working hours, domain.md §2);
//   - the table of days off and swapped working days (Table, DayRule) as data,
//     with the statutory rules that generate a year's seed (StatutoryRules,
//     SeedRules) — the engine itself never knows a year;
//   - the Vietnamese lunar calendar in UTC+7 (lunar.go), computed from the
//     astronomy in Meeus, "Astronomical Algorithms", because Chinese-calendar
//     code uses UTC+8 and gives other dates (Tết 1985, 2007, 2030);
//   - durations (working days, working hours, calendar days, same day), the
//     walk that turns a start and a duration into a due instant, pauses and
//     restarts, the transfer rule, working time between instants and the
//     early / on time / late classification — each due instant with a
//     structured explanation.
//
// All instants are read and returned in UTC+7 (Location), a fixed zone, so the
// result never depends on the machine's tzdata.
//
// Rules chosen where the law leaves room (see the comments at each):
//   - a start outside a session counts from the next session start
//     (domain.md §5: online submissions count from the next working session);
//   - the due instant is where the last working minute is consumed, so it may
//     be a session end (17:00), never rolled to the next morning;
//   - calendar days follow Bộ luật Dân sự 2015 art. 147-148: the first day is
//     not counted, the period ends with its last day, moved to the next
//     working day when that is a weekly rest day or a holiday; the instant
//     returned is the end of that day's last session;
//   - a pause begun after the due instant has passed does not move it.
//
// It imports only the standard library: storage, pages and the API call it.
package calendar
