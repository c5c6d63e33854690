package report

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
)

// Query selects the ledger of a unit: the dossiers it received, or that
// had a hand-over record at it, at some instant of [Start, End).
type Query struct {
	UnitID     int64
	Start, End time.Time
}

// Record is what the store knows of one dossier of a ledger, as stored:
// the ledger's row is worked out from it.
type Record struct {
	Code          string
	ProcedureCode string
	ProcedureName string
	Summary       string // trích yếu
	Applicant     dossier.Applicant
	Status        dossier.Status
	CompetentUnit string // its name
	SubmittedAt   time.Time
	ReceivedAt    time.Time // zero until received
	DueAt         time.Time
	// ApologyDueAt is the new appointment of an approved apology.
	ApologyDueAt time.Time
	// StepDueAt is when the current step is due (the reception step's
	// budget for a dossier not yet received).
	StepDueAt   time.Time
	FinishedAt  time.Time // the result was ready (status 9)
	ReturnedAt  time.Time
	WithdrawnAt time.Time
	Timeliness  string // early / on_time / late, once the result is ready
	// AwaitingApplicant: reception asked the applicant to complete the
	// file and waits for them.
	AwaitingApplicant bool
	// PausedSince is when the open supplement or payment pause began.
	PausedSince time.Time
	// TransferredAt and TransferredTo: the first hand-over to a unit other
	// than the receiving one (chuyển hồ sơ đến cơ quan giải quyết).
	TransferredAt time.Time
	TransferredTo string
	// ArrivedAt is the first instant the dossier was at the ledger's unit:
	// its first hand-over record there, or its reception there.
	ArrivedAt time.Time
	// Guides is how many times reception asked to complete the file, with
	// the last guidance.
	Guides    int
	GuideNote string
	// Supplements and Payments count the pauses of each kind; the last
	// supplement request's reason.
	Supplements    int
	SupplementNote string
	Payments       int
	// The reasons given when refusing, stopping and withdrawing.
	RefuseNote   string
	StopNote     string
	WithdrawNote string
}

// ReceptionAt is when the dossier was received, else when it was
// submitted (not yet received, or refused at reception).
func (r Record) ReceptionAt() time.Time {
	if !r.ReceivedAt.IsZero() {
		return r.ReceivedAt
	}
	return r.SubmittedAt
}

// Store reads the ledger's records.
type Store interface {
	// LedgerRecords calls fn with each record of q in the order of
	// reception (ReceptionAt, then the dossier's id), stopping at fn's
	// first error.
	LedgerRecords(ctx context.Context, q Query, fn func(Record) error) error
}

// Assessment is the ledger's Đánh giá column: how a finished dossier did
// against its due date, or whether an open one is still within it.
type Assessment string

// Assessments. A dossier refused, withdrawn or stopped has none.
const (
	AssessNone        Assessment = ""
	AssessEarly       Assessment = "early"
	AssessOnTime      Assessment = "on_time"
	AssessLate        Assessment = "late"
	AssessOpenInTime  Assessment = "open_in_time"
	AssessOpenOverdue Assessment = "open_overdue"
)

// LabelKey is the message key of the assessment's label ("" for none).
func (a Assessment) LabelKey() string {
	switch a {
	case AssessEarly:
		return "report.assessment.early"
	case AssessOnTime:
		return "report.assessment.on_time"
	case AssessLate:
		return "report.assessment.late"
	case AssessOpenInTime:
		return "report.assessment.open_in_time"
	case AssessOpenOverdue:
		return "report.assessment.open_overdue"
	}
	return ""
}

// NoteKind is one kind of remark in the Ghi chú column.
type NoteKind string

// Note kinds.
const (
	NoteRefused    NoteKind = "refused"    // Detail: the reasons
	NoteWithdrawn  NoteKind = "withdrawn"  // Detail: the applicant's reason
	NoteStopped    NoteKind = "stopped"    // Detail: the reasons
	NoteGuided     NoteKind = "guided"     // Count rounds; Detail: the last guidance
	NoteSupplement NoteKind = "supplement" // Count rounds; Detail: the last request
	NotePayment    NoteKind = "payment"    // Count requests
	NoteApology    NoteKind = "apology"    // At: the new appointment
)

// LabelKey is the message key of the note; its argument {0} is the count,
// or the new appointment of an apology. The detail, if any, follows it.
func (k NoteKind) LabelKey() string {
	switch k {
	case NoteRefused:
		return "report.note.refused"
	case NoteWithdrawn:
		return "report.note.withdrawn"
	case NoteStopped:
		return "report.note.stopped"
	case NoteGuided:
		return "report.note.guided"
	case NoteSupplement:
		return "report.note.supplement"
	case NotePayment:
		return "report.note.payment"
	case NoteApology:
		return "report.note.apology"
	}
	return ""
}

// Note is one remark about a dossier.
type Note struct {
	Kind   NoteKind
	Count  int
	Detail string
	At     time.Time
}

// Row is one line of the ledger.
type Row struct {
	// No is the line number in the whole ledger (STT), from 1.
	No int
	Record
	// Sets is the number of sets of documents (số lượng hồ sơ): one per
	// dossier.
	Sets       int
	Assessment Assessment
	Notes      []Note
	// New: the dossier came to the unit during the period (else it was
	// carried over from before).
	New bool
}

// Summary counts a ledger's dossiers. Total = Received + CarriedOver.
// Each dossier counts once among the outcomes: finished (Early, OnTime,
// Late), still open (OpenInTime, OpenOverdue), Refused, Withdrawn or
// Stopped.
type Summary struct {
	Total       int
	Received    int // came to the unit in the period
	CarriedOver int // came before and were still handled in the period
	Early       int
	OnTime      int
	Late        int
	OpenInTime  int
	OpenOverdue int
	Refused     int
	Withdrawn   int
	Stopped     int
}

func (s *Summary) add(r Row) {
	s.Total++
	if r.New {
		s.Received++
	} else {
		s.CarriedOver++
	}
	switch r.Assessment {
	case AssessEarly:
		s.Early++
	case AssessOnTime:
		s.OnTime++
	case AssessLate:
		s.Late++
	case AssessOpenInTime:
		s.OpenInTime++
	case AssessOpenOverdue:
		s.OpenOverdue++
	}
	switch r.Status {
	case dossier.StatusRefused:
		s.Refused++
	case dossier.StatusWithdrawn:
		s.Withdrawn++
	case dossier.StatusStopped:
		s.Stopped++
	}
}

// Ledger is a unit's ledger for a period, or one page of it.
type Ledger struct {
	UnitID int64
	Period Period
	// AsOf is the instant the statuses and assessments were read at.
	AsOf    time.Time
	Summary Summary
	Rows    []Row
	// Page and Pages when the ledger was asked for by page (else 0).
	Page, Pages int
}

// Service builds reports.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService builds a Service reading from st, with now as its clock
// (time.Now when nil).
func NewService(st Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, now: now}
}

// ThisMonth is the calendar month the service's clock is in: the period a
// ledger shows unless asked for another.
func (s *Service) ThisMonth() Period { return Month(s.now()) }

// Ledger returns the whole ledger of a unit from one day to another (both
// included): every row and the summary. ErrPeriod when to is before from
// or the period is longer than a year.
func (s *Service) Ledger(ctx context.Context, unitID int64, from, to calendar.Date) (Ledger, error) {
	return s.page(ctx, unitID, Period{From: from, To: to}, 0, 0)
}

// LedgerPage is Ledger with only the rows of one page (page from 1,
// perPage rows each), the summary still counting every row.
func (s *Service) LedgerPage(ctx context.Context, unitID int64, p Period, page, perPage int) (Ledger, error) {
	page, perPage = max(page, 1), max(perPage, 1)
	return s.page(ctx, unitID, p, page, perPage)
}

func (s *Service) page(ctx context.Context, unitID int64, p Period, page, perPage int) (Ledger, error) {
	l := Ledger{UnitID: unitID, Period: p}
	first, last := 0, -1 // keep every row when not paging
	if perPage > 0 {
		first, last = (page-1)*perPage+1, page*perPage
	}
	sum, asOf, err := s.each(ctx, unitID, p, func(r Row) error {
		if last < 0 || (r.No >= first && r.No <= last) {
			l.Rows = append(l.Rows, r)
		}
		return nil
	})
	if err != nil {
		return Ledger{}, err
	}
	l.Summary, l.AsOf = sum, asOf
	if perPage > 0 {
		l.Page, l.Pages = page, max((sum.Total+perPage-1)/perPage, 1)
	}
	return l, nil
}

// Each calls fn with every row of a unit's ledger in order, without
// holding them all (downloads write them as they come), and returns the
// summary and the instant the ledger was read at. It stops at fn's first
// error.
func (s *Service) Each(ctx context.Context, unitID int64, p Period, fn func(Row) error) (Summary, time.Time, error) {
	return s.each(ctx, unitID, p, fn)
}

func (s *Service) each(ctx context.Context, unitID int64, p Period, fn func(Row) error) (Summary, time.Time, error) {
	if errs := p.check(); len(errs) > 0 {
		return Summary{}, time.Time{}, ErrPeriod
	}
	now := s.now()
	var sum Summary
	q := Query{UnitID: unitID, Start: p.Start(), End: p.End()}
	err := s.store.LedgerRecords(ctx, q, func(rec Record) error {
		r := row(rec, sum.Total+1, q, now)
		sum.add(r)
		return fn(r)
	})
	if err != nil {
		return Summary{}, time.Time{}, err
	}
	return sum, now, nil
}

// row works out a ledger row from its record.
func row(rec Record, no int, q Query, now time.Time) Row {
	return Row{No: no, Record: rec, Sets: 1, Assessment: assess(rec, now), Notes: notes(rec),
		New: !rec.ArrivedAt.Before(q.Start)}
}

// assess is the Đánh giá of a dossier at now. A finished one keeps the
// timeliness recorded when its result was ready (against the legal due
// date: an apology's new date does not make a late dossier on time). An
// open one is overdue once its due instant has passed, or, while the
// clock is paused, if it was already overdue when the pause began; a
// dossier not yet received is measured against its reception step's
// budget, and one waiting for the applicant to complete it is not the
// unit's delay.
func assess(r Record, now time.Time) Assessment {
	switch r.Status {
	case dossier.StatusDone, dossier.StatusReturned:
		switch r.Timeliness {
		case dossier.Early:
			return AssessEarly
		case dossier.OnTime:
			return AssessOnTime
		case dossier.Late:
			return AssessLate
		}
		if !r.DueAt.IsZero() && !r.FinishedAt.IsZero() {
			return Assessment(calendar.Classify(r.FinishedAt, r.DueAt))
		}
		return AssessNone
	case dossier.StatusNew, dossier.StatusReceived, dossier.StatusProcessing, dossier.StatusSupplement,
		dossier.StatusPayment:
		due, at := r.DueAt, now
		if r.Status == dossier.StatusNew {
			due = r.StepDueAt
		}
		if !r.PausedSince.IsZero() {
			at = r.PausedSince
		}
		if r.Status == dossier.StatusNew && r.AwaitingApplicant {
			return AssessOpenInTime
		}
		if !due.IsZero() && at.After(due) {
			return AssessOpenOverdue
		}
		return AssessOpenInTime
	}
	return AssessNone
}

// notes are the remarks of the Ghi chú column, in a fixed order.
func notes(r Record) []Note {
	var out []Note
	switch r.Status {
	case dossier.StatusRefused:
		out = append(out, Note{Kind: NoteRefused, Detail: r.RefuseNote})
	case dossier.StatusWithdrawn:
		out = append(out, Note{Kind: NoteWithdrawn, Detail: r.WithdrawNote})
	case dossier.StatusStopped:
		out = append(out, Note{Kind: NoteStopped, Detail: r.StopNote})
	}
	if r.Guides > 0 {
		out = append(out, Note{Kind: NoteGuided, Count: r.Guides, Detail: r.GuideNote})
	}
	if r.Supplements > 0 {
		out = append(out, Note{Kind: NoteSupplement, Count: r.Supplements, Detail: r.SupplementNote})
	}
	if r.Payments > 0 {
		out = append(out, Note{Kind: NotePayment, Count: r.Payments})
	}
	if !r.ApologyDueAt.IsZero() {
		out = append(out, Note{Kind: NoteApology, At: r.ApologyDueAt})
	}
	return out
}
