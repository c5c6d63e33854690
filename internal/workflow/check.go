package workflow

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/valid"
)

// Unit is a unit of the province that a step may land on.
type Unit struct {
	ID   int64
	Code string
	Name string
}

// LegalTime is the legal processing time of one channel of the case, in
// working hours.
type LegalTime struct {
	// Channel is the channel's kind: "direct", "online" or "postal".
	Channel string
	Hours   float64
	// UpperBound says the legal time is in calendar days, counted as 8
	// working hours each: the most it can allow, not what it allows.
	UpperBound bool
}

// World is what Check needs to know beyond the flow: the province's units
// and staff, and the procedure's legal times. The service builds one per
// procedure and case.
type World interface {
	// UnitsFor lists the units a step with ref may land on for the
	// procedure: for UnitCompetent the procedure's unit, or every unit of
	// its kind (every commune); for UnitReceiving the reception centres
	// its dossiers are received at; for UnitFixed the unit with the code,
	// or none when no active unit has it.
	UnitsFor(ref UnitRef) ([]Unit, error)
	// ActiveStaff counts the active staff with role in the unit.
	ActiveStaff(unitID int64, role Role) (int, error)
	// LegalHours lists the legal time of each channel the case offers.
	LegalHours() []LegalTime
}

var stepIDRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// maxIDLen bounds step ids: they appear in URLs and dossier histories.
const maxIDLen = 64

// maxStaffNames bounds the units a staff problem names.
const maxStaffNames = 3

// Check reports every reason the flow cannot run, each named by its path
// in the flow ("steps.2.actions.0.target"), in step order, with a message
// key workflow.check.*: the flow itself (ids, names, roles, modes, units,
// tasks, actions and their targets, the reception step first, every step
// reachable and able to reach an end, an approval and a delivery), and,
// through w, the world: fixed units that exist, active staff with the
// step's role in every unit it may land on, and the budgets on the main
// path (MainPath) within each channel's legal time. A nil w checks the
// flow alone. The error is the World's.
func (f Flow) Check(w World) (valid.Errors, error) { return f.check(w, true) }

// CheckDraft is Check without the staff: a draft may be saved before the
// people who will act on it have accounts, not published.
func (f Flow) CheckDraft(w World) (valid.Errors, error) { return f.check(w, false) }

type checker struct {
	f     Flow
	errs  valid.Errors
	index map[string]int // step id -> index of its first definition
	// broken: an id or a target is wrong, so the graph checks would only
	// repeat it.
	broken bool
}

func (f Flow) check(w World, staff bool) (valid.Errors, error) {
	c := &checker{f: f, index: map[string]int{}}
	if len(f.Steps) == 0 {
		c.errs.Add("steps", "workflow.check.no_steps")
		return c.errs, nil
	}
	if f.Supplement != "" && f.Supplement != PauseAddsBack && f.Supplement != PauseRestarts {
		c.errs.Add("supplement", "workflow.check.supplement_unknown")
	}
	for i, s := range f.Steps {
		if _, dup := c.index[s.ID]; !dup && s.ID != "" {
			c.index[s.ID] = i
		}
	}
	for i, s := range f.Steps {
		c.step(i, s)
	}
	c.reception()
	c.ends()
	if !c.broken {
		c.graph()
		if _, ok := f.MainPath(); !ok {
			c.errs.Add("steps", "workflow.check.main_path_no_deliver")
			c.broken = true
		}
	}
	if w == nil {
		return c.errs, nil
	}
	for i, s := range f.Steps {
		if err := c.world(w, i, s, staff); err != nil {
			return nil, err
		}
	}
	if !c.broken {
		c.budgets(w)
	}
	return c.errs, nil
}

func stepPath(i int) string { return "steps." + strconv.Itoa(i) }

// step checks one step on its own.
func (c *checker) step(i int, s Step) {
	p := stepPath(i)
	switch {
	case s.ID == "":
		c.errs.Add(p+".id", "workflow.check.step_id_required")
		c.broken = true
	case len(s.ID) > maxIDLen || !stepIDRe.MatchString(s.ID):
		c.errs.Add(p+".id", "workflow.check.step_id_format")
		c.broken = true
	case c.index[s.ID] != i:
		c.errs.Add(p+".id", "workflow.check.step_id_duplicate", c.index[s.ID]+1)
		c.broken = true
	}
	if strings.TrimSpace(s.Name) == "" {
		c.errs.Add(p+".name", "workflow.check.name_required")
	}
	switch {
	case !slices.Contains(UnitKinds, s.Unit.Kind):
		c.errs.Add(p+".unit.kind", "workflow.check.unit_kind_unknown")
	case s.Unit.Kind == UnitFixed && strings.TrimSpace(s.Unit.Code) == "":
		c.errs.Add(p+".unit.code", "workflow.check.unit_code_required")
	case s.Unit.Kind != UnitFixed && s.Unit.Code != "":
		c.errs.Add(p+".unit.code", "workflow.check.unit_code_not_fixed")
	}
	if !slices.Contains(Roles, s.Role) {
		c.errs.Add(p+".role", "workflow.check.role_unknown")
	}
	if !slices.Contains(Modes, s.Mode) {
		c.errs.Add(p+".mode", "workflow.check.mode_unknown")
	}
	for j, t := range s.Tasks {
		switch {
		case !slices.Contains(Tasks, t):
			c.errs.Add(p+".tasks."+strconv.Itoa(j), "workflow.check.task_unknown")
		case slices.Contains(s.Tasks[:j], t):
			c.errs.Add(p+".tasks."+strconv.Itoa(j), "workflow.check.task_duplicate")
		}
	}
	switch {
	case s.Mode == ModeManual && len(s.Tasks) > 0:
		c.errs.Add(p+".tasks", "workflow.check.tasks_on_manual")
	case (s.Mode == ModeSemi || s.Mode == ModeAuto) && len(s.Tasks) == 0:
		c.errs.Add(p+".tasks", "workflow.check.tasks_required")
	}
	if s.BudgetHours < 0 {
		c.errs.Add(p+".budget_hours", "workflow.check.budget_negative")
	}
	if len(s.Actions) == 0 {
		c.errs.Add(p+".actions", "workflow.check.actions_required")
	}
	for j, a := range s.Actions {
		c.action(i, j, s, a)
	}
	if s.Mode == ModeAuto && len(s.Actions) > 0 &&
		(len(s.Actions) != 1 || (s.Actions[0].Action != ActionForward && s.Actions[0].Action != ActionApprove)) {
		c.errs.Add(p+".actions", "workflow.check.auto_actions")
	}
}

// action checks action j of step i.
func (c *checker) action(i, j int, s Step, a Transition) {
	p := stepPath(i) + ".actions." + strconv.Itoa(j)
	switch {
	case !slices.Contains(Actions, a.Action):
		c.errs.Add(p+".action", "workflow.check.action_unknown")
	case i > 0 && (a.Action == ActionReceive || a.Action == ActionGuide || a.Action == ActionRefuse):
		c.errs.Add(p+".action", "workflow.check.reception_only")
	case slices.ContainsFunc(s.Actions[:j], func(b Transition) bool { return b.Action == a.Action && b.Target == a.Target }):
		c.errs.Add(p+".action", "workflow.check.action_duplicate")
	}
	if !slices.Contains(Actions, a.Action) {
		return
	}
	if !a.Action.NeedsTarget() {
		if a.Target != "" {
			c.errs.Add(p+".target", "workflow.check.target_not_allowed")
		}
		return
	}
	t, known := c.index[a.Target]
	switch {
	case a.Target == "":
		c.errs.Add(p+".target", "workflow.check.target_required")
		c.broken = true
	case !known:
		c.errs.Add(p+".target", "workflow.check.target_unknown", a.Target)
		c.broken = true
	case t == i:
		c.errs.Add(p+".target", "workflow.check.target_self")
	case a.Action == ActionReturn && t > i:
		c.errs.Add(p+".target", "workflow.check.return_not_earlier")
	case a.Action == ActionApprove && !c.f.Steps[t].has(ActionDeliver):
		c.errs.Add(p+".target", "workflow.check.approve_target_no_deliver")
	}
}

func (s Step) has(a Action) bool {
	return slices.ContainsFunc(s.Actions, func(t Transition) bool { return t.Action == a })
}

// reception checks that the first step is the reception desk's.
func (c *checker) reception() {
	s := c.f.Steps[0]
	if s.Unit.Kind != UnitReceiving {
		c.errs.Add("steps.0.unit.kind", "workflow.check.first_not_receiving")
	}
	if s.Role != RoleClerk {
		c.errs.Add("steps.0.role", "workflow.check.first_not_clerk")
	}
	if !s.has(ActionReceive) {
		c.errs.Add("steps.0.actions", "workflow.check.first_no_receive")
	}
	if !s.has(ActionGuide) && !s.has(ActionRefuse) {
		c.errs.Add("steps.0.actions", "workflow.check.first_no_guide_refuse")
	}
}

// ends checks that the flow can approve and deliver somewhere.
func (c *checker) ends() {
	var approve, deliver bool
	for _, s := range c.f.Steps {
		approve = approve || s.has(ActionApprove)
		deliver = deliver || s.has(ActionDeliver)
	}
	if !approve {
		c.errs.Add("steps", "workflow.check.no_approve")
	}
	if !deliver {
		c.errs.Add("steps", "workflow.check.no_deliver")
	}
}

// graph checks that every step is reachable from the first, and that an
// end (deliver, refuse or stop) is reachable from every step.
func (c *checker) graph() {
	n := len(c.f.Steps)
	next := make([][]int, n)
	prev := make([][]int, n)
	for i, s := range c.f.Steps {
		for _, a := range s.Actions {
			if t, ok := c.index[a.Target]; ok && a.Action.NeedsTarget() {
				next[i] = append(next[i], t)
				prev[t] = append(prev[t], i)
			}
		}
	}
	reached := walk([]int{0}, next, n)
	var ends []int
	for i, s := range c.f.Steps {
		if slices.ContainsFunc(s.Actions, func(t Transition) bool { return t.Action.Ends() }) {
			ends = append(ends, i)
		}
	}
	ending := walk(ends, prev, n)
	for i := range c.f.Steps {
		if !reached[i] {
			c.errs.Add(stepPath(i), "workflow.check.unreachable")
		}
		if !ending[i] {
			c.errs.Add(stepPath(i), "workflow.check.no_end")
		}
	}
}

// walk marks what can be reached from start along edges.
func walk(start []int, edges [][]int, n int) []bool {
	seen := make([]bool, n)
	queue := append([]int(nil), start...)
	for _, s := range start {
		seen[s] = true
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, j := range edges[i] {
			if !seen[j] {
				seen[j] = true
				queue = append(queue, j)
			}
		}
	}
	return seen
}

// staffKeys are the problems of a step lacking staff, by role.
var staffKeys = map[Role]string{
	RoleClerk:   "workflow.check.no_staff_clerk",
	RoleOfficer: "workflow.check.no_staff_officer",
	RoleLeader:  "workflow.check.no_staff_leader",
}

// world checks step i against the units it may land on and, when staff is
// set, their staff.
func (c *checker) world(w World, i int, s Step, staff bool) error {
	if !slices.Contains(UnitKinds, s.Unit.Kind) || (s.Unit.Kind == UnitFixed) != (s.Unit.Code != "") {
		return nil // said already
	}
	units, err := w.UnitsFor(s.Unit)
	if err != nil {
		return err
	}
	p := stepPath(i)
	if len(units) == 0 {
		if s.Unit.Kind == UnitFixed {
			c.errs.Add(p+".unit.code", "workflow.check.unit_code_unknown", s.Unit.Code)
		} else {
			c.errs.Add(p+".unit.kind", "workflow.check.no_units")
		}
		return nil
	}
	if !staff || !slices.Contains(Roles, s.Role) {
		return nil
	}
	var lacking []string
	for _, u := range units {
		n, err := w.ActiveStaff(u.ID, s.Role)
		if err != nil {
			return err
		}
		if n == 0 {
			lacking = append(lacking, u.Name+" ("+u.Code+")")
		}
	}
	if len(lacking) > 0 {
		names := strings.Join(lacking[:min(len(lacking), maxStaffNames)], ", ")
		if len(lacking) > maxStaffNames {
			names += ", …"
		}
		c.errs.Add(p, staffKeys[s.Role], len(lacking), len(units), names)
	}
	return nil
}

// budgetKeys are the problems of a main path longer than a channel's legal
// time, by channel; budgetUpperKeys when the legal time is in calendar
// days.
var (
	budgetKeys = map[string]string{
		"direct": "workflow.check.budget_over_direct",
		"online": "workflow.check.budget_over_online",
		"postal": "workflow.check.budget_over_postal",
	}
	budgetUpperKeys = map[string]string{
		"direct": "workflow.check.budget_over_upper_direct",
		"online": "workflow.check.budget_over_upper_online",
		"postal": "workflow.check.budget_over_upper_postal",
	}
)

// budgets checks the main path against each channel's legal time.
func (c *checker) budgets(w World) {
	hours, _ := c.f.MainPathHours() // ok: checked before
	for _, lt := range w.LegalHours() {
		// A thousandth of an hour absorbs the rounding of fractional days.
		if hours <= lt.Hours+1e-3 {
			continue
		}
		key, found := budgetKeys[lt.Channel]
		if lt.UpperBound {
			key, found = budgetUpperKeys[lt.Channel]
		}
		if !found {
			key = "workflow.check.budget_over_direct"
		}
		c.errs.Add("steps", key, formatHours(hours), formatHours(lt.Hours))
	}
}

// formatHours writes hours without trailing zeros ("7.5").
func formatHours(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) }

// MainPath lists the steps a dossier passes when nothing goes wrong, by
// index: from the first step, its receive target, then at each step the
// target of its first forward or approve (put the usual way first), until
// a step that delivers. ok is false when there is no such way to a
// delivery (a missing target, a loop, a step with neither).
func (f Flow) MainPath() (path []int, ok bool) {
	if len(f.Steps) == 0 {
		return nil, false
	}
	index := map[string]int{}
	for i, s := range f.Steps {
		if _, dup := index[s.ID]; !dup {
			index[s.ID] = i
		}
	}
	seen := map[int]bool{}
	for i := 0; ; {
		if seen[i] {
			return path, false
		}
		seen[i] = true
		path = append(path, i)
		s := f.Steps[i]
		if i > 0 && s.has(ActionDeliver) {
			return path, true
		}
		next := -1
		for _, a := range s.Actions {
			if (i == 0 && a.Action == ActionReceive) || (i > 0 && (a.Action == ActionForward || a.Action == ActionApprove)) {
				if t, found := index[a.Target]; found {
					next = t
				}
				break
			}
		}
		if next < 0 {
			return path, false
		}
		i = next
	}
}

// MainPathHours adds up the budgets of the steps on the main path; ok as
// MainPath's.
func (f Flow) MainPathHours() (hours float64, ok bool) {
	path, ok := f.MainPath()
	for _, i := range path {
		hours += f.Steps[i].BudgetHours
	}
	return hours, ok
}
