package dossier

import (
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/workflow"
)

// Timeliness of a finished step or dossier against its due instant.
const (
	Early  = string(calendar.Early)
	OnTime = string(calendar.OnTime)
	Late   = string(calendar.Late)
)

// Who decided at a step.
const (
	DecidedByPerson = "person"
	// DecidedByRule: the system decided (an automatic step), or a person
	// confirmed a semi-automatic step's proposal unchanged.
	DecidedByRule = "rule"
)

// Processing is where a dossier stands in its internal process.
type Processing struct {
	WorkflowVersion int
	Step            string // the current step's id; "" once processing ended
	StepUnitID      int64  // the unit whose queue holds it
	StepRole        workflow.Role
	StepSince       time.Time
	StepDueAt       time.Time
	ClaimedBy       int64
	ClaimedAt       time.Time
	// Due is how the overall due instant was reached (nil before reception).
	Due               *calendar.Deadline
	ApologyDueAt      time.Time
	Supplements       int
	AwaitingApplicant bool
	Timeliness        string
}

// Finding is one result of a semi-automatic or automatic step's checks.
type Finding struct {
	Task string `json:"task"`
	OK   bool   `json:"ok"`
	// Key and Args say it in the message catalogue.
	Key  string   `json:"key"`
	Args []string `json:"args,omitempty"`
}

// StepRecord is one row of the process control slip (Mẫu 05): a step the
// dossier was at, who had it, when it came and went, and how it ended.
type StepRecord struct {
	ID         int64
	Step       string
	StepName   string
	UnitID     int64
	Role       workflow.Role
	Mode       workflow.Mode
	StartedAt  time.Time
	DueAt      time.Time
	FinishedAt time.Time
	ActorID    int64
	Action     workflow.Action
	Target     string
	Timeliness string
	DecidedBy  string
	Findings   []Finding
	// Proposal is the action the system proposes at a semi-automatic step
	// (from the findings); empty elsewhere.
	Proposal workflow.Action
	Note     string
}

// PauseRecord is a supplement or payment request that stopped the clock.
type PauseRecord struct {
	ID          int64
	Kind        string // "supplement" or "payment"
	StartedAt   time.Time
	EndedAt     time.Time
	Reason      string
	Amount      int64
	RequestedBy int64
	ResolvedBy  int64
	DueBefore   time.Time
	DueAfter    time.Time
}

// Job is work for the background worker.
type Job struct {
	ID        int64
	Kind      string
	Key       string
	DossierID int64
	RunAt     time.Time
	Attempts  int
	// Payload is the job's data (JSON); empty for step jobs.
	Payload []byte
	// LastError is why the last attempt failed ("" before any failure).
	LastError string
}

// Job kinds.
const (
	// JobPrepare runs a semi-automatic step's checks.
	JobPrepare = "prepare"
	// JobAuto runs an automatic step: its tasks, then its one action.
	JobAuto = "auto"
)
