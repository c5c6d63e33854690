// Package report builds the statutory reports made from dossier data. Its
// first is the tracking ledger (sổ theo dõi hồ sơ, Mẫu 06 of Circular
// 01/2018/TT-VPCP): one row per dossier a unit received or handled in a
// period, with the instants of reception, appointment, hand-over, result and
// return, the status, the assessment against the due date and the notes,
// and a summary of the period.
//
// It imports only the standard library and the domain packages calendar,
// dossier, valid and worktime; internal/pgstore implements its Store.
package report
