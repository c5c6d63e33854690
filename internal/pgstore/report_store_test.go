package pgstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/workflow"
)

// Units of the ledger test: Đức Xuân's reception centre and the ward that
// decides the commune test procedure; the province's service centre.
const (
	ledgerCentre   = "001.01.50.H19"
	ledgerCommune  = "001.00.50.H19"
	ledgerProvince = "000.01.01.H19"
)

// TestLedgerRecords builds dossiers through the real dossier service over
// two months and reads the ledgers of the units involved: which dossiers
// each holds (received there, or handed over to it, in the period), in
// reception order, with their instants, hand-over, notes and assessment.
func TestLedgerRecords(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	vn := calendar.Location()
	svc := env.App.Dossiers
	citizen := env.Users[account.RoleCitizen]
	clerk := env.Staff(t, account.RoleClerk, ledgerCentre)
	officer := env.Staff(t, account.RoleOfficer, ledgerCommune)
	leader := env.Staff(t, account.RoleLeader, ledgerCommune)
	clock := func(month time.Month, day, hour, minute int) time.Time {
		t.Helper()
		at := time.Date(2026, month, day, hour, minute, 0, 0, vn)
		env.Clock.Set(at)
		return at
	}
	submit := func() dossier.Dossier {
		t.Helper()
		return env.SubmitDossier(t, citizen, apptest.ProcCommune, ledgerCommune)
	}
	act := func(u account.User, d dossier.Dossier, a workflow.Action, note string) dossier.Dossier {
		t.Helper()
		out, err := svc.Act(ctx, u, d.Code, dossier.ActInput{Action: a, Note: note})
		if err != nil {
			t.Fatalf("%s %s: %v", a, d.Code, err)
		}
		return out
	}

	// November: P is received and handed to the ward, where it stays; Q
	// goes all the way to its return.
	clock(time.November, 30, 8, 0) // Monday
	p := submit()
	q := submit()
	clock(time.November, 30, 8, 30)
	p = act(clerk, p, workflow.ActionReceive, "")
	q = act(clerk, q, workflow.ActionReceive, "")
	clock(time.November, 30, 9, 0)
	act(officer, q, workflow.ActionForward, "")
	act(leader, q, workflow.ActionApprove, "")
	act(clerk, q, workflow.ActionDeliver, "")

	// December (Tuesday 1st).
	clock(time.December, 1, 8, 0)
	a := submit()
	clock(time.December, 1, 8, 5)
	b := submit()
	clock(time.December, 1, 8, 10)
	c := submit()
	clock(time.December, 1, 8, 15)
	d := submit()
	receivedA := clock(time.December, 1, 8, 20)
	a = act(clerk, a, workflow.ActionReceive, "")
	clock(time.December, 1, 8, 25)
	act(clerk, b, workflow.ActionRefuse, "Thủ tục không thuộc thẩm quyền của phường")
	clock(time.December, 1, 8, 30)
	if _, err := svc.Withdraw(ctx, citizen, c.Code, "Nộp nhầm thủ tục"); err != nil {
		t.Fatal(err)
	}
	clock(time.December, 1, 8, 35)
	act(clerk, d, workflow.ActionReceive, "")
	clock(time.December, 1, 8, 40)
	act(officer, a, workflow.ActionForward, "")
	finishedA := clock(time.December, 1, 8, 45)
	act(leader, a, workflow.ActionApprove, "")
	pausedD := clock(time.December, 1, 8, 50)
	act(officer, d, workflow.ActionSupplement, "Bản sao giấy xác nhận có chứng thực")
	returnedA := clock(time.December, 1, 8, 55)
	act(clerk, a, workflow.ActionDeliver, "")
	clock(time.December, 2, 8, 0)
	e := submit()
	clock(time.December, 2, 8, 10)
	act(clerk, e, workflow.ActionReceive, "")
	// Elsewhere: a province-level dossier at the province's centre, and a
	// dossier after the period.
	x := env.SubmitDossier(t, citizen, apptest.ProcProvince, "")
	clock(time.December, 31, 23, 59)
	_ = submit() // the last minute of the period
	// The ledgers are read on the 10th.
	clock(time.December, 10, 9, 0)

	unit := func(code string) int64 {
		u, err := env.App.Units.GetByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	ledger := func(code string, from, to calendar.Date) report.Ledger {
		t.Helper()
		l, err := env.App.Reports.Ledger(ctx, unit(code), from, to)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	codes := func(l report.Ledger) []string {
		var out []string
		for _, r := range l.Rows {
			out = append(out, r.Code)
		}
		return out
	}
	dec1, dec31 := calendar.NewDate(2026, 12, 1), calendar.NewDate(2026, 12, 31)

	// The centre received B, C, A, D and E in December (B and C at their
	// submission: refused, withdrawn), and one more on the 31st at 23:59.
	centre := ledger(ledgerCentre, dec1, dec31)
	if len(centre.Rows) != 6 {
		t.Fatalf("centre's December: %v", codes(centre))
	}
	last := centre.Rows[5].Code
	if d := cmp.Diff([]string{b.Code, c.Code, a.Code, d.Code, e.Code, last}, codes(centre)); d != "" {
		t.Errorf("centre's December (-want +got):\n%s", d)
	}
	if d := cmp.Diff(report.Summary{Total: 6, Received: 6, Early: 1, OpenInTime: 2, OpenOverdue: 1, Refused: 1, Withdrawn: 1},
		centre.Summary); d != "" {
		t.Errorf("centre's December summary (-want +got):\n%s", d)
	}
	row := func(l report.Ledger, code string) report.Row {
		t.Helper()
		for _, r := range l.Rows {
			if r.Code == code {
				return r
			}
		}
		t.Fatalf("%s not in the ledger", code)
		return report.Row{}
	}
	ra := row(centre, a.Code)
	wantA := report.Record{Code: a.Code, ProcedureCode: apptest.ProcCommune, ProcedureName: a.ProcedureName, Summary: a.Summary,
		Applicant: a.Applicant, Status: dossier.StatusReturned, CompetentUnit: "UBND Phường Đức Xuân",
		SubmittedAt: a.SubmittedAt, ReceivedAt: receivedA, DueAt: ra.DueAt, FinishedAt: finishedA, ReturnedAt: returnedA,
		Timeliness: dossier.Early, TransferredAt: receivedA, TransferredTo: "UBND Phường Đức Xuân", ArrivedAt: a.SubmittedAt}
	if d := cmp.Diff(wantA, ra.Record, cmp.Comparer(func(x, y time.Time) bool { return x.Equal(y) })); d != "" {
		t.Errorf("A's record (-want +got):\n%s", d)
	}
	// Three working days from 08:20 on Tuesday.
	if !ra.DueAt.Equal(time.Date(2026, 12, 4, 8, 20, 0, 0, vn)) || ra.Assessment != report.AssessEarly || !ra.New || ra.No != 3 {
		t.Errorf("A: due %v, %q, new %v, no %d", ra.DueAt.In(vn), ra.Assessment, ra.New, ra.No)
	}
	if rb := row(centre, b.Code); rb.Status != dossier.StatusRefused || !rb.ReceptionAt().Equal(b.SubmittedAt) ||
		!rb.TransferredAt.IsZero() || len(rb.Notes) != 1 ||
		rb.Notes[0] != (report.Note{Kind: report.NoteRefused, Detail: "Thủ tục không thuộc thẩm quyền của phường"}) {
		t.Errorf("B: %+v", rb)
	}
	if rc := row(centre, c.Code); rc.Status != dossier.StatusWithdrawn || len(rc.Notes) != 1 ||
		rc.Notes[0] != (report.Note{Kind: report.NoteWithdrawn, Detail: "Nộp nhầm thủ tục"}) || rc.Assessment != report.AssessNone {
		t.Errorf("C: %+v", rc)
	}
	// D waits for the applicant's supplement since before its due date.
	if rd := row(centre, d.Code); rd.Status != dossier.StatusSupplement || !rd.PausedSince.Equal(pausedD) ||
		rd.Assessment != report.AssessOpenInTime || len(rd.Notes) != 1 ||
		rd.Notes[0] != (report.Note{Kind: report.NoteSupplement, Count: 1, Detail: "Bản sao giấy xác nhận có chứng thực"}) {
		t.Errorf("D: %+v", rd)
	}
	// E was due on Monday 7th at 08:10: overdue on the 10th.
	if re := row(centre, e.Code); re.Assessment != report.AssessOpenOverdue || re.Status != dossier.StatusReceived {
		t.Errorf("E: %q, status %d, due %v", re.Assessment, re.Status, re.DueAt.In(vn))
	}

	// The ward: P carried over from November, still with it (and
	// overdue); A, D and E handed over in December. B and C never came.
	ward := ledger(ledgerCommune, dec1, dec31)
	if d := cmp.Diff([]string{p.Code, a.Code, d.Code, e.Code}, codes(ward)); d != "" {
		t.Errorf("ward's December (-want +got):\n%s", d)
	}
	if d := cmp.Diff(report.Summary{Total: 4, Received: 3, CarriedOver: 1, Early: 1, OpenInTime: 1, OpenOverdue: 2},
		ward.Summary); d != "" {
		t.Errorf("ward's December summary (-want +got):\n%s", d)
	}
	if rp := row(ward, p.Code); rp.New || !rp.ArrivedAt.Equal(time.Date(2026, 11, 30, 8, 30, 0, 0, vn)) {
		t.Errorf("P: new %v, arrived %v", rp.New, rp.ArrivedAt.In(vn))
	}

	// November at the centre: P and Q, both finished with reception there
	// on the 30th; the ward's November holds them too.
	nov := ledger(ledgerCentre, calendar.NewDate(2026, 11, 1), calendar.NewDate(2026, 11, 30))
	if d := cmp.Diff([]string{p.Code, q.Code}, codes(nov)); d != "" {
		t.Errorf("centre's November (-want +got):\n%s", d)
	}
	// One day: only the dossiers of 2 December at the centre.
	if got := codes(ledger(ledgerCentre, calendar.NewDate(2026, 12, 2), calendar.NewDate(2026, 12, 2))); len(got) != 1 || got[0] != e.Code {
		t.Errorf("centre's 2 December: %v", got)
	}
	// The dossier of 31 December at 23:59 is in December (above); still
	// waiting for reception, it is carried over into January, alone.
	jan := ledger(ledgerCentre, calendar.NewDate(2027, 1, 1), calendar.NewDate(2027, 1, 31))
	if got := codes(jan); len(got) != 1 || got[0] != last || jan.Summary.CarriedOver != 1 {
		t.Errorf("centre's January: %v, %+v", got, jan.Summary)
	}
	// The province's centre sees only its own dossier.
	if got := codes(ledger(ledgerProvince, dec1, dec31)); len(got) != 1 || got[0] != x.Code {
		t.Errorf("province centre's December: %v, want %s", got, x.Code)
	}
}
