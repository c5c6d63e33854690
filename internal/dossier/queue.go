package dossier

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/calendar"
)

// Tab is one view of a queue.
type Tab string

// Queue tabs.
const (
	TabAll     Tab = "all"     // everything waiting at the unit for the role
	TabMine    Tab = "mine"    // taken by me
	TabSoon    Tab = "soon"    // due within one working day
	TabOverdue Tab = "overdue" // past its due instant
	TabPaused  Tab = "paused"  // waiting for the applicant (supplement, payment)
)

// Tabs lists the tabs in display order.
var Tabs = []Tab{TabAll, TabMine, TabSoon, TabOverdue, TabPaused}

// QueueQuery selects a page of a unit's queue for a role.
type QueueQuery struct {
	UnitID int64
	Role   string
	UserID int64 // for TabMine
	Tab    Tab
	// Filters (zero: any).
	Status    Status
	Procedure string
	Channel   Channel
	// DueBefore keeps dossiers due before this instant ("due within N
	// working hours"). In a queue a dossier is due at its step's due
	// instant, else the overall one: the instant the queue is sorted by
	// and the tabs compare.
	DueBefore time.Time
	// Now and Soon are the instants the tabs compare against: overdue is
	// due before Now, soon before Soon (one working day from now).
	Now, Soon time.Time
	Page      int
	PerPage   int
}

// QueuePage is a page of a queue with the count of every tab (with the
// same filters).
type QueuePage struct {
	// Items hold what a queue shows: every field but the answers, the
	// prefilled marks, the delivery choice and the due explanation (Due),
	// left empty.
	Items  []Dossier
	Total  int // in the chosen tab
	Counts map[Tab]int
	Page   int
	Pages  int
	// Now and Soon are the instants the tabs were counted against.
	Now, Soon time.Time
	// Waits are the items that wait for the system (an automatic step not
	// run yet), by dossier id.
	Waits map[int64]Wait
}

// QueueFilter is what a staff member asks of their queue.
type QueueFilter struct {
	Tab       Tab
	Status    Status
	Procedure string
	Channel   Channel
	// WithinHours keeps dossiers due within this many working hours (0:
	// no limit).
	WithinHours float64
	Page        int
	PerPage     int
}

// Queue returns a page of the staff member's queue: the dossiers waiting
// at their unit for their role, sorted by their due instant (the step's,
// else the overall one; those without either last).
func (s *Service) Queue(ctx context.Context, actor account.User, f QueueFilter) (QueuePage, error) {
	if !actor.Role.Staff() || actor.UnitID == 0 {
		return QueuePage{}, ErrForbidden
	}
	now := s.d.Now()
	q := QueueQuery{UnitID: actor.UnitID, Role: string(actor.Role), UserID: actor.ID, Tab: f.Tab, Status: f.Status,
		Procedure: f.Procedure, Channel: f.Channel, Now: now, Page: max(f.Page, 1), PerPage: f.PerPage}
	if q.Tab == "" {
		q.Tab = TabAll
	}
	if q.PerPage <= 0 || q.PerPage > 200 {
		q.PerPage = 50
	}
	// Soon is one working day from now. Without a calendar for the year
	// (an administrator has not made it yet) the queue still opens, with
	// 24 hours and the asked hours as wall-clock time: staff must not be
	// locked out of their work by a missing table.
	q.Soon = now.Add(24 * time.Hour)
	if f.WithinHours > 0 {
		q.DueBefore = now.Add(time.Duration(f.WithinHours * float64(time.Hour)))
	}
	if c, err := s.clock(ctx, actor.UnitID); err == nil {
		if soon, err := c.Due(now, calendar.Duration{Amount: 8, Unit: calendar.WorkingHours}); err == nil {
			q.Soon = soon.Due
		}
		if f.WithinHours > 0 {
			if dl, err := c.Due(now, calendar.Duration{Amount: f.WithinHours, Unit: calendar.WorkingHours}); err == nil {
				q.DueBefore = dl.Due
			}
		}
	}
	page, err := s.d.Store.Queue(ctx, q)
	if err != nil {
		return QueuePage{}, err
	}
	page.Page = q.Page
	page.Pages = (page.Total + q.PerPage - 1) / q.PerPage
	page.Now, page.Soon = q.Now, q.Soon
	if page.Waits, err = s.waits(ctx, page.Items); err != nil {
		return QueuePage{}, err
	}
	return page, nil
}

// Claim takes a dossier at the staff member's step, so colleagues see it
// is being worked on and cannot act on it meanwhile.
func (s *Service) Claim(ctx context.Context, actor account.User, code string) error {
	ok, err := s.d.Store.Claim(ctx, code, actor.ID, actor.UnitID, string(actor.Role), s.d.Now())
	if err != nil {
		return err
	}
	if !ok {
		return ErrClaimed
	}
	return nil
}

// Release gives a taken dossier back to the queue.
func (s *Service) Release(ctx context.Context, actor account.User, code string) error {
	ok, err := s.d.Store.Release(ctx, code, actor.ID)
	if err != nil {
		return err
	}
	if !ok {
		return ErrNotAllowed
	}
	return nil
}

// BulkResult is the outcome of one dossier in a bulk action.
type BulkResult struct {
	Code string
	Err  error
}

// ReceiveMany receives several new dossiers at the clerk's desk, each in
// its own transaction: one that cannot be received does not hold up the
// others.
func (s *Service) ReceiveMany(ctx context.Context, actor account.User, codes []string) []BulkResult {
	out := make([]BulkResult, 0, len(codes))
	for _, code := range codes {
		_, err := s.Act(ctx, actor, code, ActInput{Action: "receive"})
		out = append(out, BulkResult{Code: code, Err: err})
	}
	return out
}
