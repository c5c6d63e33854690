package workflow

import (
	"errors"

	"github.com/motcua/motcua/internal/caseversion"
)

// Errors.
var (
	ErrNotFound = errors.New("workflow: not found")
	// ErrConflict: the draft definition changed since it was loaded.
	ErrConflict = errors.New("workflow: changed by someone else")
)

// Role is the staff role that acts on a step.
type Role string

const (
	RoleClerk   Role = "clerk"   // cán bộ một cửa: reception and return
	RoleOfficer Role = "officer" // chuyên viên: appraisal
	RoleLeader  Role = "leader"  // lãnh đạo: approval and signature
)

// Roles lists the roles in the order a dossier usually meets them.
var Roles = []Role{RoleClerk, RoleOfficer, RoleLeader}

// Mode says who decides at a step.
type Mode string

const (
	// ModeManual: a person decides.
	ModeManual Mode = "manual"
	// ModeSemi: the system runs the step's checks and prepares a proposal
	// (Auto names what); a person confirms it or overrides it with a
	// reason, and the history records which.
	ModeSemi Mode = "semi"
	// ModeAuto: the system acts (Auto names what) in a background worker,
	// then takes the step's single forward action.
	ModeAuto Mode = "auto"
)

// Modes lists the modes.
var Modes = []Mode{ModeManual, ModeSemi, ModeAuto}

// UnitKind says how a step's responsible unit is found for a dossier.
type UnitKind string

const (
	// UnitReceiving: the centre where the dossier was received (reception
	// desk steps: receiving, returning the result).
	UnitReceiving UnitKind = "receiving"
	// UnitCompetent: the unit that decides, fixed by the procedure or
	// chosen when the dossier started (each commune for commune-level
	// procedures).
	UnitCompetent UnitKind = "competent"
	// UnitFixed: one unit of the province, named by Code (e.g. the
	// provincial People's Committee office for the chairman's decision).
	UnitFixed UnitKind = "fixed"
)

// UnitKinds lists the kinds.
var UnitKinds = []UnitKind{UnitReceiving, UnitCompetent, UnitFixed}

// UnitRef names a step's responsible unit.
type UnitRef struct {
	Kind UnitKind `json:"kind"`
	Code string   `json:"code,omitempty"` // UnitFixed only
}

// Action is something a person (or the system) may do at a step. Each
// maps to one service method and a national status change.
type Action string

const (
	// ActionReceive: reception accepts a complete dossier (status 2), the
	// due date is computed, the receipt issued; the dossier goes to Target.
	ActionReceive Action = "receive"
	// ActionGuide: reception tells the applicant, once and fully, what to
	// complete; nothing is received (the dossier stays at status 1).
	ActionGuide Action = "guide"
	// ActionRefuse: reception refuses with reasons (status 3; the end).
	ActionRefuse Action = "refuse"
	// ActionForward: hand over to Target (status 4 while processing).
	ActionForward Action = "forward"
	// ActionReturn: send back to an earlier step (Target) with a reason.
	ActionReturn Action = "return"
	// ActionSupplement: ask the applicant for documents (status 5; the
	// clock pauses; once per dossier during processing).
	ActionSupplement Action = "supplement"
	// ActionPayment: ask for a fee or tax payment (status 6; paused).
	ActionPayment Action = "payment"
	// ActionStop: stop processing with reasons (status 8; the end).
	ActionStop Action = "stop"
	// ActionApprove: approve and issue the result (status 9); the dossier
	// goes to Target, the step that returns the result.
	ActionApprove Action = "approve"
	// ActionDeliver: hand the result over (status 10; the end).
	ActionDeliver Action = "deliver"
)

// Actions lists every action.
var Actions = []Action{ActionReceive, ActionGuide, ActionRefuse, ActionForward, ActionReturn, ActionSupplement,
	ActionPayment, ActionStop, ActionApprove, ActionDeliver}

// NeedsTarget reports whether the action moves the dossier to another step.
func (a Action) NeedsTarget() bool {
	switch a {
	case ActionReceive, ActionForward, ActionReturn, ActionApprove:
		return true
	}
	return false
}

// Ends reports whether the action ends the dossier's processing.
func (a Action) Ends() bool {
	switch a {
	case ActionRefuse, ActionStop, ActionDeliver:
		return true
	}
	return false
}

// Transition is an action allowed at a step, with its target step.
type Transition struct {
	Action Action `json:"action"`
	// Target is the id of the step the dossier goes to (NeedsTarget).
	Target string `json:"target,omitempty"`
	// Label overrides the button's text ("Trình lãnh đạo Sở").
	Label string `json:"label,omitempty"`
}

// Task is what the system does at a semi-automatic or automatic step.
type Task string

const (
	// TaskCompleteness checks that every required document and answer is
	// there (reception).
	TaskCompleteness Task = "completeness"
	// TaskRegistry matches the applicant's answers against the population
	// or business registry.
	TaskRegistry Task = "registry"
	// TaskFee computes the fee from the procedure's fee lines.
	TaskFee Task = "fee"
	// TaskDraftResult generates the draft result document.
	TaskDraftResult Task = "draft_result"
	// TaskTransfer forwards the dossier to the next unit at the legal
	// transfer time (the same day, or the next working morning when
	// received after 15:00).
	TaskTransfer Task = "transfer"
)

// Tasks lists the tasks.
var Tasks = []Task{TaskCompleteness, TaskRegistry, TaskFee, TaskDraftResult, TaskTransfer}

// Step is one step of an internal process.
type Step struct {
	// ID names the step: lower case ASCII letters, digits and "-".
	ID   string  `json:"id"`
	Name string  `json:"name"`
	Unit UnitRef `json:"unit"`
	Role Role    `json:"role"`
	Mode Mode    `json:"mode"`
	// Tasks the system runs at a semi-automatic or automatic step.
	Tasks []Task `json:"tasks,omitempty"`
	// BudgetHours is the step's time in working hours (8 = one working
	// day). The budgets of the steps between reception and approval add
	// up to at most the procedure's legal time.
	BudgetHours float64      `json:"budget_hours"`
	Actions     []Transition `json:"actions"`
}

// PauseMode is how a supplement request affects the legal time: pause it
// (the time already used still counts) or restart it when the applicant
// supplements (some sector laws say so).
type PauseMode string

const (
	PauseAddsBack PauseMode = "pause"
	PauseRestarts PauseMode = "restart"
)

// Flow is the internal process of one case of a procedure: its steps in
// order, the first being reception.
type Flow struct {
	Steps []Step `json:"steps"`
	// Supplement is how a supplement request affects the clock; empty means
	// PauseAddsBack.
	Supplement PauseMode `json:"supplement,omitempty"`
}

// Status of a definition version.
type Status = caseversion.Status

const (
	StatusDraft      = caseversion.StatusDraft
	StatusPublished  = caseversion.StatusPublished
	StatusSuperseded = caseversion.StatusSuperseded
)

// Definition is one numbered version of the flow of one case (0-based
// index into the procedure record's cases) of one procedure: its Meta
// (procedure, case, version, status, who saved and published it when, its
// Revision) and its Flow. A dossier keeps the version it started with.
type Definition struct {
	caseversion.Meta
	Flow Flow
}

// Document returns the flow, for caseversion.
func (d Definition) Document() Flow { return d.Flow }
