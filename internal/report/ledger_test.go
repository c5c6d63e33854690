package report_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/valid"
)

var vn = calendar.Location()

func at(day, hour int) time.Time { return time.Date(2026, 12, day, hour, 0, 0, 0, vn) }

// fakeStore hands out fixed records and remembers the query.
type fakeStore struct {
	records []report.Record
	got     report.Query
	err     error
}

func (f *fakeStore) LedgerRecords(_ context.Context, q report.Query, fn func(report.Record) error) error {
	f.got = q
	if f.err != nil {
		return f.err
	}
	for _, r := range f.records {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

var december = report.Period{From: calendar.NewDate(2026, 12, 1), To: calendar.NewDate(2026, 12, 31)}

// TestLedgerRows: each record's assessment, notes and new-or-carried-over
// mark, and the summary counting each once.
func TestLedgerRows(t *testing.T) {
	now := at(20, 9)
	recs := []report.Record{
		// Finished early, returned; came in November (carried over).
		{Code: "A", Status: dossier.StatusReturned, Timeliness: dossier.Early, DueAt: at(3, 17), FinishedAt: at(2, 10),
			ArrivedAt: time.Date(2026, 11, 30, 9, 0, 0, 0, vn)},
		// Result ready late, with an approved apology.
		{Code: "B", Status: dossier.StatusDone, Timeliness: dossier.Late, DueAt: at(3, 17), FinishedAt: at(8, 10),
			ApologyDueAt: at(9, 17), ArrivedAt: at(1, 8)},
		// Processing, past its due date: overdue.
		{Code: "C", Status: dossier.StatusProcessing, DueAt: at(18, 17), ArrivedAt: at(1, 8)},
		// Processing within its due date.
		{Code: "D", Status: dossier.StatusReceived, DueAt: at(22, 17), ArrivedAt: at(19, 8)},
		// Paused for a supplement before its due date: the clock stopped,
		// so it is not overdue though the due date has passed.
		{Code: "E", Status: dossier.StatusSupplement, DueAt: at(10, 17), PausedSince: at(9, 10), Supplements: 1,
			SupplementNote: "Bản sao giấy xác nhận", ArrivedAt: at(5, 8)},
		// Paused after its due date had passed: overdue.
		{Code: "F", Status: dossier.StatusPayment, DueAt: at(10, 17), PausedSince: at(11, 10), Payments: 2, ArrivedAt: at(5, 8)},
		// Not yet received, its reception step overdue.
		{Code: "G", Status: dossier.StatusNew, StepDueAt: at(7, 12), ArrivedAt: at(7, 8)},
		// Not yet received, waiting for the applicant to complete it.
		{Code: "H", Status: dossier.StatusNew, StepDueAt: at(7, 12), AwaitingApplicant: true, Guides: 1,
			GuideNote: "Thiếu tờ khai", ArrivedAt: at(7, 8)},
		{Code: "I", Status: dossier.StatusRefused, RefuseNote: "Không thuộc thẩm quyền", ArrivedAt: at(7, 8)},
		{Code: "J", Status: dossier.StatusWithdrawn, WithdrawNote: "Nộp nhầm", ArrivedAt: at(7, 8)},
		{Code: "K", Status: dossier.StatusStopped, StopNote: "Người nộp không bổ sung", ArrivedAt: at(7, 8)},
		// Finished without a recorded timeliness: classified from the
		// instants.
		{Code: "L", Status: dossier.StatusDone, DueAt: at(3, 17), FinishedAt: at(3, 16), ArrivedAt: at(1, 8)},
	}
	st := &fakeStore{records: recs}
	svc := report.NewService(st, func() time.Time { return now })
	l, err := svc.Ledger(context.Background(), 7, december.From, december.To)
	if err != nil {
		t.Fatal(err)
	}
	if want := (report.Query{UnitID: 7, Start: at(1, 0), End: time.Date(2027, 1, 1, 0, 0, 0, 0, vn)}); !st.got.Start.Equal(want.Start) ||
		!st.got.End.Equal(want.End) || st.got.UnitID != 7 {
		t.Errorf("query %+v, want %+v", st.got, want)
	}
	type line struct {
		No         int
		Code       string
		Assessment report.Assessment
		New        bool
		Notes      []report.Note
	}
	var got []line
	for _, r := range l.Rows {
		got = append(got, line{r.No, r.Code, r.Assessment, r.New, r.Notes})
		if r.Sets != 1 {
			t.Errorf("%s: %d sets", r.Code, r.Sets)
		}
	}
	want := []line{
		{1, "A", report.AssessEarly, false, nil},
		{2, "B", report.AssessLate, true, []report.Note{{Kind: report.NoteApology, At: at(9, 17)}}},
		{3, "C", report.AssessOpenOverdue, true, nil},
		{4, "D", report.AssessOpenInTime, true, nil},
		{5, "E", report.AssessOpenInTime, true, []report.Note{{Kind: report.NoteSupplement, Count: 1, Detail: "Bản sao giấy xác nhận"}}},
		{6, "F", report.AssessOpenOverdue, true, []report.Note{{Kind: report.NotePayment, Count: 2}}},
		{7, "G", report.AssessOpenOverdue, true, nil},
		{8, "H", report.AssessOpenInTime, true, []report.Note{{Kind: report.NoteGuided, Count: 1, Detail: "Thiếu tờ khai"}}},
		{9, "I", report.AssessNone, true, []report.Note{{Kind: report.NoteRefused, Detail: "Không thuộc thẩm quyền"}}},
		{10, "J", report.AssessNone, true, []report.Note{{Kind: report.NoteWithdrawn, Detail: "Nộp nhầm"}}},
		{11, "K", report.AssessNone, true, []report.Note{{Kind: report.NoteStopped, Detail: "Người nộp không bổ sung"}}},
		{12, "L", report.AssessOnTime, true, nil},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("rows (-want +got):\n%s", d)
	}
	wantSum := report.Summary{Total: 12, Received: 11, CarriedOver: 1, Early: 1, OnTime: 1, Late: 1, OpenInTime: 3,
		OpenOverdue: 3, Refused: 1, Withdrawn: 1, Stopped: 1}
	if d := cmp.Diff(wantSum, l.Summary); d != "" {
		t.Errorf("summary (-want +got):\n%s", d)
	}
	if !l.AsOf.Equal(now) || l.Page != 0 {
		t.Errorf("as of %v, page %d", l.AsOf, l.Page)
	}

	// A page keeps its rows only, numbered in the whole ledger; the
	// summary still counts everything.
	p, err := svc.LedgerPage(context.Background(), 7, december, 3, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rows) != 2 || p.Rows[0].No != 11 || p.Rows[1].Code != "L" || p.Page != 3 || p.Pages != 3 || p.Summary != wantSum {
		t.Errorf("page 3: %d rows from %d, page %d of %d, %+v", len(p.Rows), p.Rows[0].No, p.Page, p.Pages, p.Summary)
	}
	// Each hands every row over and stops at the first error.
	stop := errors.New("stop")
	n := 0
	if _, _, err := svc.Each(context.Background(), 7, december, func(report.Row) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("Each: %v after %d rows", err, n)
	}
}

func TestLedgerErrors(t *testing.T) {
	st := &fakeStore{err: errors.New("db down")}
	svc := report.NewService(st, nil)
	if _, err := svc.Ledger(context.Background(), 1, december.From, december.To); err == nil || err.Error() != "db down" {
		t.Errorf("store error: %v", err)
	}
	for _, p := range []report.Period{
		{From: calendar.NewDate(2026, 12, 2), To: calendar.NewDate(2026, 12, 1)},
		{From: calendar.NewDate(2026, 1, 1), To: calendar.NewDate(2027, 1, 1)},
	} {
		if _, err := svc.Ledger(context.Background(), 1, p.From, p.To); !errors.Is(err, report.ErrPeriod) {
			t.Errorf("%v: %v, want ErrPeriod", p, err)
		}
	}
	// A whole year is a period: the store is asked (and fails here).
	if _, err := svc.Ledger(context.Background(), 1, calendar.NewDate(2026, 1, 1), calendar.NewDate(2026, 12, 31)); err == nil ||
		err.Error() != "db down" {
		t.Errorf("a whole year: %v, want the store's error", err)
	}
}

func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		want     report.Period
		errs     []valid.FieldError
	}{
		{"01/12/2026", "31/12/2026", december, nil},
		{" 1/12/2026 ", "2026-12-31", december, nil},
		{"01/12/2026", "01/12/2026", report.Period{From: december.From, To: december.From}, nil},
		{"", "", report.Period{}, []valid.FieldError{{Field: "from", Key: "report.error.from_required"},
			{Field: "to", Key: "report.error.to_required"}}},
		{"31/02/2026", "x", report.Period{}, []valid.FieldError{{Field: "from", Key: "report.error.from_format"},
			{Field: "to", Key: "report.error.to_format"}}},
		{"31/12/2026", "01/12/2026", report.Period{}, []valid.FieldError{{Field: "to", Key: "report.error.reversed"}}},
		{"01/12/2026", "01/12/2027", report.Period{}, []valid.FieldError{{Field: "to", Key: "report.error.too_long"}}},
		{"01/12/2026", "30/11/2027", report.Period{From: december.From, To: calendar.NewDate(2027, 11, 30)}, nil},
	} {
		p, errs := report.ParsePeriod(tc.from, tc.to)
		if d := cmp.Diff(tc.errs, []valid.FieldError(errs)); d != "" {
			t.Errorf("%q-%q errors (-want +got):\n%s", tc.from, tc.to, d)
		}
		if p != tc.want {
			t.Errorf("%q-%q = %v, want %v", tc.from, tc.to, p, tc.want)
		}
	}
}

func TestMonth(t *testing.T) {
	// 23:30 UTC on 31/12 is already January in Vietnam.
	p := report.Month(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC))
	if p.From != calendar.NewDate(2027, 1, 1) || p.To != calendar.NewDate(2027, 1, 31) {
		t.Errorf("January: %v", p)
	}
	p = report.Month(time.Date(2028, 2, 10, 12, 0, 0, 0, vn))
	if p.To != calendar.NewDate(2028, 2, 29) || !p.End().Equal(time.Date(2028, 3, 1, 0, 0, 0, 0, vn)) {
		t.Errorf("February 2028: %v ends %v", p, p.End())
	}
}
