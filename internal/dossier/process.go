package dossier

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/internal/workflow"
)

// Processing errors.
var (
	// ErrNotAllowed: the action is not allowed for this person, at this
	// step, in this status, or in this unit. Nothing changed.
	ErrNotAllowed = errors.New("dossier: action not allowed")
	// ErrClaimed: someone else has taken the dossier.
	ErrClaimed = errors.New("dossier: taken by someone else")
)

// Flows is what processing needs of the internal processes.
type Flows interface {
	// Current is the published flow of a case (workflow.ErrNotFound if none).
	Current(ctx context.Context, code string, caseNo int) (workflow.Definition, error)
	Version(ctx context.Context, code string, caseNo, n int) (workflow.Definition, error)
}

// Clocks gives the working calendar of a unit (its sessions, the
// province's days off).
type Clocks interface {
	ForUnit(ctx context.Context, unitID int64) (*calendar.Calendar, error)
}

// DefaultFlow is the process of a case that has none published: reception
// at the receiving centre, appraisal and approval in the unit that
// decides, return at the centre. Dossiers never wait for an administrator
// to write a process first.
func DefaultFlow() workflow.Flow {
	return workflow.Flow{Steps: []workflow.Step{
		{ID: "tiep-nhan", Name: "Tiếp nhận hồ sơ", Unit: workflow.UnitRef{Kind: workflow.UnitReceiving}, Role: workflow.RoleClerk,
			Mode: workflow.ModeManual, BudgetHours: 4, Actions: []workflow.Transition{
				{Action: workflow.ActionReceive, Target: "tham-dinh"}, {Action: workflow.ActionGuide}, {Action: workflow.ActionRefuse}}},
		{ID: "tham-dinh", Name: "Thẩm định hồ sơ", Unit: workflow.UnitRef{Kind: workflow.UnitCompetent}, Role: workflow.RoleOfficer,
			Mode: workflow.ModeManual, Actions: []workflow.Transition{
				{Action: workflow.ActionForward, Target: "phe-duyet"}, {Action: workflow.ActionSupplement},
				{Action: workflow.ActionPayment}, {Action: workflow.ActionReturn, Target: "tiep-nhan"}}},
		{ID: "phe-duyet", Name: "Phê duyệt, ký kết quả", Unit: workflow.UnitRef{Kind: workflow.UnitCompetent}, Role: workflow.RoleLeader,
			Mode: workflow.ModeManual, Actions: []workflow.Transition{
				{Action: workflow.ActionApprove, Target: "tra-ket-qua"}, {Action: workflow.ActionReturn, Target: "tham-dinh"},
				{Action: workflow.ActionStop}}},
		{ID: "tra-ket-qua", Name: "Trả kết quả", Unit: workflow.UnitRef{Kind: workflow.UnitReceiving}, Role: workflow.RoleClerk,
			Mode: workflow.ModeManual, BudgetHours: 4, Actions: []workflow.Transition{{Action: workflow.ActionDeliver}}},
	}}
}

// stepOf returns the step with the given id.
func stepOf(f workflow.Flow, id string) (workflow.Step, bool) {
	for _, s := range f.Steps {
		if s.ID == id {
			return s, true
		}
	}
	return workflow.Step{}, false
}

// flowOf returns the flow version a dossier follows.
func (s *Service) flowOf(ctx context.Context, d Dossier) (workflow.Flow, error) {
	if d.WorkflowVersion == 0 || s.d.Flows == nil {
		return DefaultFlow(), nil
	}
	def, err := s.d.Flows.Version(ctx, d.Procedure, d.Case, d.WorkflowVersion)
	if err != nil {
		return workflow.Flow{}, err
	}
	return def.Flow, nil
}

// currentFlow is the flow a new dossier of a case will follow: the
// published version, or DefaultFlow (version 0).
func (s *Service) currentFlow(ctx context.Context, code string, caseNo int) (workflow.Flow, int, error) {
	if s.d.Flows == nil {
		return DefaultFlow(), 0, nil
	}
	def, err := s.d.Flows.Current(ctx, code, caseNo)
	if errors.Is(err, workflow.ErrNotFound) {
		return DefaultFlow(), 0, nil
	}
	if err != nil {
		return workflow.Flow{}, 0, err
	}
	return def.Flow, def.Version, nil
}

// unitFor resolves the unit a step lands on for a dossier.
func (s *Service) unitFor(ctx context.Context, ref workflow.UnitRef, d Dossier) (int64, error) {
	switch ref.Kind {
	case workflow.UnitReceiving:
		return d.ReceivingUnitID, nil
	case workflow.UnitCompetent:
		return d.CompetentUnitID, nil
	case workflow.UnitFixed:
		u, err := s.d.Units.GetByCode(ctx, ref.Code)
		if err != nil {
			return 0, fmt.Errorf("step unit %s: %w", ref.Code, err)
		}
		return u.ID, nil
	}
	return 0, fmt.Errorf("step unit kind %q", ref.Kind)
}

// clock returns a unit's calendar.
func (s *Service) clock(ctx context.Context, unitID int64) (*calendar.Calendar, error) {
	if s.d.Clocks == nil {
		return nil, errors.New("dossier: no working calendar configured")
	}
	return s.d.Clocks.ForUnit(ctx, unitID)
}

// stepDue is when a step entered at since with budget working hours is
// due (zero when the step has no budget).
func (s *Service) stepDue(ctx context.Context, unitID int64, since time.Time, hours float64) (time.Time, error) {
	if hours <= 0 {
		return time.Time{}, nil
	}
	c, err := s.clock(ctx, unitID)
	if err != nil {
		return time.Time{}, err
	}
	dl, err := c.Due(since, calendar.Duration{Amount: hours, Unit: calendar.WorkingHours})
	if err != nil {
		return time.Time{}, err
	}
	return dl.Due, nil
}

// legalDuration is the legal processing time of the dossier's channel in
// its case, as submitted.
func legalDuration(rec catalog.Record, caseNo int, ch Channel) (calendar.Duration, error) {
	c, err := channelOf(rec, caseNo, ch)
	if err != nil {
		return calendar.Duration{}, err
	}
	return calendar.Duration{Amount: c.Duration, Unit: calendar.Unit(c.Unit)}, nil
}

// channelOf is the catalogue's channel a dossier's time and fees come
// from: its own channel in its case, or the first available one when the
// case does not list it (a walk-in dossier of an online-only case).
func channelOf(rec catalog.Record, caseNo int, ch Channel) (catalog.Channel, error) {
	if caseNo < 0 || caseNo >= len(rec.Cases) {
		return catalog.Channel{}, fmt.Errorf("case %d of %s", caseNo, rec.Code)
	}
	want := map[Channel]catalog.ChannelKind{ChannelDirect: catalog.ChannelDirect, ChannelOnline: catalog.ChannelOnline,
		ChannelPostal: catalog.ChannelPostal}[ch]
	chans := rec.Cases[caseNo].Channels
	i := slices.IndexFunc(chans, func(c catalog.Channel) bool { return c.Kind == want && !c.NotAvailable })
	if i < 0 {
		i = slices.IndexFunc(chans, func(c catalog.Channel) bool { return !c.NotAvailable })
	}
	if i < 0 {
		return catalog.Channel{}, fmt.Errorf("%s case %d has no channel", rec.Code, caseNo)
	}
	return chans[i], nil
}

// ActInput is a staff member's action on a dossier.
type ActInput struct {
	Action workflow.Action
	// Target picks the step when the current step allows the action
	// towards several (a return to one of several earlier steps).
	Target string
	// Note is the reason, guidance, list of documents to add or comment;
	// required for refuse, guide, return, supplement, payment, stop and
	// for overriding a semi-automatic proposal.
	Note string
	// Amount of a payment request, in VND.
	Amount int64
	// Now overrides the clock (tests, the worker's scheduled instant).
	Now time.Time
}

// needsNote reports whether an action must say why.
func needsNote(a workflow.Action) bool {
	switch a {
	case workflow.ActionGuide, workflow.ActionRefuse, workflow.ActionReturn, workflow.ActionSupplement,
		workflow.ActionPayment, workflow.ActionStop:
		return true
	}
	return false
}

// statusAllows reports whether an action fits the dossier's status.
func statusAllows(a workflow.Action, d Dossier) bool {
	switch a {
	case workflow.ActionReceive, workflow.ActionGuide, workflow.ActionRefuse:
		return d.Status == StatusNew
	case workflow.ActionForward:
		return d.Status == StatusReceived || d.Status == StatusProcessing
	case workflow.ActionReturn, workflow.ActionPayment, workflow.ActionApprove:
		return d.Status == StatusProcessing || d.Status == StatusReceived
	case workflow.ActionSupplement:
		return (d.Status == StatusProcessing || d.Status == StatusReceived) && d.Supplements == 0
	case workflow.ActionStop:
		return d.Status == StatusProcessing || d.Status == StatusReceived || d.Status == StatusSupplement ||
			d.Status == StatusPayment
	case workflow.ActionDeliver:
		return d.Status == StatusDone
	}
	return false
}

// Allowed lists what actor may do with d at its current step now.
func (s *Service) Allowed(ctx context.Context, actor account.User, d Dossier) ([]workflow.Transition, error) {
	if d.Step == "" || !actsHere(actor, d) || (d.ClaimedBy != 0 && d.ClaimedBy != actor.ID) {
		return nil, nil
	}
	f, err := s.flowOf(ctx, d)
	if err != nil {
		return nil, err
	}
	st, ok := stepOf(f, d.Step)
	if !ok || st.Mode == workflow.ModeAuto {
		return nil, nil
	}
	var out []workflow.Transition
	for _, tr := range st.Actions {
		if statusAllows(tr.Action, d) {
			out = append(out, tr)
		}
	}
	return out, nil
}

// actsHere reports whether actor holds the role and unit of d's step.
func actsHere(actor account.User, d Dossier) bool {
	return actor.ID != 0 && d.StepUnitID != 0 && actor.UnitID == d.StepUnitID && string(actor.Role) == string(d.StepRole)
}

// plan is an action worked out before its transaction: everything read
// from the catalogue, the processes, the units and the calendars.
type plan struct {
	d        Dossier
	flow     workflow.Flow
	step     workflow.Step
	tr       workflow.Transition
	next     workflow.Step // the target step, when the action moves
	nextUnit int64
	nextDue  time.Time
	now      time.Time
	due      *calendar.Deadline // the new overall deadline, when it changes
	pause    *PauseRecord       // a pause to open
	decided  string
}

// Act carries out a staff member's action on a dossier in one transaction
// that also writes its hand-over record, timeline entry, audit entry and
// outbox event. An action not allowed for this person, step, status or
// unit returns ErrNotAllowed (or valid.Errors for a missing reason) and
// changes nothing.
func (s *Service) Act(ctx context.Context, actor account.User, code string, in ActInput) (Dossier, error) {
	if in.Now.IsZero() {
		in.Now = s.d.Now()
	}
	in.Note = strings.TrimSpace(in.Note)
	for range maxTries {
		d, err := s.d.Store.Dossier(ctx, code, false)
		if err != nil {
			return Dossier{}, err
		}
		if !CanSee(actor, d) && !actsHere(actor, d) {
			return Dossier{}, ErrNotFound
		}
		p, err := s.plan(ctx, actor, d, in, DecidedByPerson)
		if err != nil {
			return Dossier{}, err
		}
		out, err := s.commitAction(ctx, actor.ID, p, in)
		if errors.Is(err, ErrConflict) {
			continue
		}
		return out, err
	}
	return Dossier{}, ErrConflict
}

// plan checks the action and computes its effects outside a transaction.
func (s *Service) plan(ctx context.Context, actor account.User, d Dossier, in ActInput, decided string) (plan, error) {
	p := plan{d: d, now: in.Now, decided: decided}
	if d.Step == "" {
		return p, ErrNotAllowed
	}
	if decided == DecidedByPerson {
		if !actsHere(actor, d) {
			return p, ErrNotAllowed
		}
		if d.ClaimedBy != 0 && d.ClaimedBy != actor.ID {
			return p, ErrClaimed
		}
	}
	var err error
	if p.flow, err = s.flowOf(ctx, d); err != nil {
		return p, err
	}
	var ok bool
	if p.step, ok = stepOf(p.flow, d.Step); !ok {
		return p, fmt.Errorf("dossier %s at unknown step %q", d.Code, d.Step)
	}
	if decided == DecidedByPerson && p.step.Mode == workflow.ModeAuto {
		return p, ErrNotAllowed
	}
	var matches []workflow.Transition
	for _, tr := range p.step.Actions {
		if tr.Action == in.Action && (in.Target == "" || tr.Target == in.Target) {
			matches = append(matches, tr)
		}
	}
	if len(matches) != 1 || !statusAllows(in.Action, d) {
		return p, ErrNotAllowed
	}
	p.tr = matches[0]
	var errs valid.Errors
	if needsNote(in.Action) && in.Note == "" {
		errs.Add("note", "process.error.note_"+string(in.Action))
	}
	if in.Action == workflow.ActionPayment && in.Amount <= 0 {
		errs.Add("amount", "process.error.amount")
	}
	if decided == DecidedByPerson && p.step.Mode == workflow.ModeSemi {
		open, err := s.d.Store.OpenStep(ctx, d.ID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return p, err
		}
		switch {
		case open.Proposal == "":
		case open.Proposal == in.Action:
			p.decided = DecidedByRule // the person confirmed the system's proposal
		case in.Note == "":
			errs.Add("note", "process.error.override")
		}
	}
	if len(errs) > 0 {
		return p, errs
	}
	if p.tr.Action.NeedsTarget() {
		if p.next, ok = stepOf(p.flow, p.tr.Target); !ok {
			return p, fmt.Errorf("dossier %s: step %s targets unknown step %q", d.Code, d.Step, p.tr.Target)
		}
		if p.nextUnit, err = s.unitFor(ctx, p.next.Unit, d); err != nil {
			return p, err
		}
		start, err := s.handOver(ctx, p.step, d.StepUnitID, p.now)
		if err != nil {
			return p, err
		}
		if p.nextDue, err = s.stepDue(ctx, p.nextUnit, start, p.next.BudgetHours); err != nil {
			return p, err
		}
	}
	switch in.Action {
	case workflow.ActionReceive:
		rec, _, err := submittedUnder(ctx, s.d.Store, d.ID)
		if err != nil {
			return p, err
		}
		dur, err := legalDuration(rec, d.Case, d.Channel)
		if err != nil {
			return p, err
		}
		c, err := s.clock(ctx, d.ReceivingUnitID)
		if err != nil {
			return p, err
		}
		dl, err := c.Due(p.now, dur)
		if err != nil {
			return p, err
		}
		p.due = &dl
	case workflow.ActionSupplement, workflow.ActionPayment:
		kind := "supplement"
		if in.Action == workflow.ActionPayment {
			kind = "payment"
		}
		p.pause = &PauseRecord{Kind: kind, StartedAt: p.now, Reason: in.Note, Amount: in.Amount, RequestedBy: actor.ID,
			DueBefore: d.DueAt}
	}
	return p, nil
}

// statusAfter is the status an action leads to.
func statusAfter(a workflow.Action, d Dossier) Status {
	switch a {
	case workflow.ActionReceive:
		return StatusReceived
	case workflow.ActionRefuse:
		return StatusRefused
	case workflow.ActionForward, workflow.ActionReturn:
		if d.Status == StatusReceived {
			return StatusProcessing
		}
		return d.Status
	case workflow.ActionSupplement:
		return StatusSupplement
	case workflow.ActionPayment:
		return StatusPayment
	case workflow.ActionStop:
		return StatusStopped
	case workflow.ActionApprove:
		return StatusDone
	case workflow.ActionDeliver:
		return StatusReturned
	}
	return d.Status
}

// commitAction writes a planned action in one transaction using only its
// stores.
func (s *Service) commitAction(ctx context.Context, actorID int64, p plan, in ActInput) (Dossier, error) {
	var out Dossier
	err := s.d.Tx(ctx, func(st Store, log audit.Store) error {
		d, err := st.Dossier(ctx, p.d.Code, true)
		if err != nil {
			return err
		}
		if d.Revision != p.d.Revision {
			return ErrConflict
		}
		now, a := p.now, p.tr.Action
		from := d.Status
		d.Status = statusAfter(a, d)
		// Close the current step's record for actions that leave it.
		leaves := a.NeedsTarget() || a.Ends()
		if leaves {
			if err := st.FinishStep(ctx, d.ID, StepRecord{FinishedAt: now, ActorID: actorID, Action: a, Target: p.tr.Target,
				Timeliness: timeliness(now, d.StepDueAt), DecidedBy: p.decided, Note: in.Note}); err != nil {
				return err
			}
		}
		switch a {
		case workflow.ActionReceive:
			d.ReceivedAt, d.Due, d.DueAt = now, p.due, p.due.Due
		case workflow.ActionGuide:
			d.AwaitingApplicant = true
		case workflow.ActionSupplement, workflow.ActionPayment:
			if a == workflow.ActionSupplement {
				d.Supplements++
			}
			if err := st.OpenPause(ctx, d.ID, *p.pause); err != nil {
				return err
			}
		case workflow.ActionApprove:
			d.FinishedAt = now
			d.Timeliness = timeliness(now, d.DueAt)
		case workflow.ActionDeliver:
			d.ReturnedAt = now
		}
		if a.NeedsTarget() {
			d.Step, d.StepUnitID, d.StepRole, d.StepSince, d.StepDueAt = p.next.ID, p.nextUnit, p.next.Role, now, p.nextDue
			d.ClaimedBy, d.ClaimedAt = 0, time.Time{}
			if err := s.enterStep(ctx, st, d, p.next); err != nil {
				return err
			}
		}
		if a.Ends() {
			d.Step, d.StepUnitID, d.StepRole, d.StepDueAt = "", 0, "", time.Time{}
			d.ClaimedBy, d.ClaimedAt = 0, time.Time{}
		}
		d.UpdatedAt = now
		if err := st.UpdateProcessing(ctx, &d); err != nil {
			return err
		}
		to := d.Status
		if to == from {
			to = 0
		}
		ev := Event{At: now, ActorID: actorID, Action: string(a), From: from, To: to, Note: in.Note,
			Public: publicAction(a)}
		if to == 0 {
			ev.From = 0
		}
		if err := event(ctx, st, log, d, ev); err != nil {
			return err
		}
		if err := st.AddOutbox(ctx, d.ID, string(a), outboxPayload(d, in)); err != nil {
			return err
		}
		doc, symbol, err := s.paperFor(ctx, st, d, a, actorID, p.d.StepUnitID, in.Note, now)
		if err != nil {
			return err
		}
		if doc != nil {
			if err := enqueuePaper(ctx, st, d, "r"+strconv.Itoa(d.Revision), p.d.StepUnitID, actorID, doc, symbol, now); err != nil {
				return err
			}
		}
		out = d
		return nil
	})
	if err == nil {
		s.wake()
	}
	return out, err
}

// wake nudges the job worker after a commit that may have queued work.
func (s *Service) wake() {
	if s.d.Wake != nil {
		s.d.Wake()
	}
}

// handOver is when the next step's clock starts as a dossier leaves step
// (at unitID) at now: at once, but an automatic transfer made after the
// cut-off counts as made at the start of the next working morning
// (domain.md §3), so the next unit's time starts then. The transfer itself
// runs at once: nobody waits for the system overnight.
func (s *Service) handOver(ctx context.Context, step workflow.Step, unitID int64, now time.Time) (time.Time, error) {
	if step.Mode != workflow.ModeAuto || !slices.Contains(step.Tasks, workflow.TaskTransfer) {
		return now, nil
	}
	c, err := s.clock(ctx, unitID)
	if err != nil {
		return time.Time{}, err
	}
	t, err := c.Transfer(now)
	if err != nil {
		return time.Time{}, err
	}
	if t.AfterCutoff {
		return t.Due, nil
	}
	return now, nil
}

// enterStep records the dossier's arrival at a step and schedules the
// system's work there, to run at once.
func (s *Service) enterStep(ctx context.Context, st Store, d Dossier, step workflow.Step) error {
	if err := st.AddStep(ctx, d.ID, StepRecord{Step: step.ID, StepName: step.Name, UnitID: d.StepUnitID, Role: step.Role,
		Mode: step.Mode, StartedAt: d.StepSince, DueAt: d.StepDueAt}); err != nil {
		return err
	}
	switch step.Mode {
	case workflow.ModeSemi:
		return st.EnqueueJob(ctx, Job{Kind: JobPrepare, Key: jobKey(d, step), DossierID: d.ID, RunAt: d.StepSince})
	case workflow.ModeAuto:
		return st.EnqueueJob(ctx, Job{Kind: JobAuto, Key: jobKey(d, step), DossierID: d.ID, RunAt: d.StepSince})
	}
	return nil
}

// jobKey names the work of one visit of a dossier to a step: enqueuing it
// twice (a retried transaction) is a no-op.
func jobKey(d Dossier, step workflow.Step) string {
	return fmt.Sprintf("%d:%s:%d", d.ID, step.ID, d.StepSince.UnixMicro())
}

// publicAction reports whether the applicant sees the action in the
// timeline (internal hand-overs and returns stay inside).
func publicAction(a workflow.Action) bool {
	switch a {
	case workflow.ActionForward, workflow.ActionReturn:
		return false
	}
	return true
}

func outboxPayload(d Dossier, in ActInput) map[string]any {
	p := map[string]any{"code": d.Code, "status": int(d.Status)}
	if in.Note != "" {
		p["note"] = in.Note
	}
	if in.Amount > 0 {
		p["amount"] = in.Amount
	}
	if !d.DueAt.IsZero() {
		p["due_at"] = d.DueAt
	}
	return p
}

// timeliness classifies a finish against a due instant ("" without one).
func timeliness(finish, due time.Time) string {
	if due.IsZero() {
		return ""
	}
	return string(calendar.Classify(finish, due))
}

// startProcessing places a new dossier at the first step of its flow, in
// the submitting transaction.
func (s *Service) startProcessing(ctx context.Context, st Store, d *Dossier, flow workflow.Flow, version int, firstDue time.Time) error {
	first := flow.Steps[0]
	d.WorkflowVersion = version
	d.Step, d.StepUnitID, d.StepRole, d.StepSince, d.StepDueAt = first.ID, d.ReceivingUnitID, first.Role, d.SubmittedAt, firstDue
	if err := st.UpdateProcessing(ctx, d); err != nil {
		return err
	}
	return s.enterStep(ctx, st, *d, first)
}

// firstStep is what startProcessing needs, read before the transaction.
type firstStep struct {
	flow    workflow.Flow
	version int
	due     time.Time
}

func (s *Service) prepareFirstStep(ctx context.Context, code string, caseNo int, receiving org.Unit, at time.Time) (firstStep, error) {
	f, v, err := s.currentFlow(ctx, code, caseNo)
	if err != nil {
		return firstStep{}, err
	}
	due, err := s.stepDue(ctx, receiving.ID, at, f.Steps[0].BudgetHours)
	if errors.Is(err, calendar.ErrNotCovered) {
		// No calendar for this year yet: the dossier is taken all the
		// same (reception will need one to set the legal due date).
		due, err = time.Time{}, nil
	}
	if err != nil {
		return firstStep{}, err
	}
	return firstStep{flow: f, version: v, due: due}, nil
}
