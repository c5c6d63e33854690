package workflow_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/workflow"
)

// civilStatus is a commune civil-status process that passes Check in
// fakeWorld: reception, appraisal, signature, return.
func civilStatus() workflow.Flow {
	return workflow.Flow{Steps: []workflow.Step{
		{ID: "tiep-nhan", Name: "Tiếp nhận hồ sơ", Unit: workflow.UnitRef{Kind: workflow.UnitReceiving}, Role: workflow.RoleClerk,
			Mode: workflow.ModeManual, BudgetHours: 1, Actions: []workflow.Transition{
				{Action: workflow.ActionReceive, Target: "tham-dinh"}, {Action: workflow.ActionGuide}, {Action: workflow.ActionRefuse}}},
		{ID: "tham-dinh", Name: "Thẩm định", Unit: workflow.UnitRef{Kind: workflow.UnitCompetent}, Role: workflow.RoleOfficer,
			Mode: workflow.ModeSemi, Tasks: []workflow.Task{workflow.TaskRegistry, workflow.TaskCompleteness}, BudgetHours: 4,
			Actions: []workflow.Transition{{Action: workflow.ActionForward, Target: "ky-duyet"},
				{Action: workflow.ActionReturn, Target: "tiep-nhan"}, {Action: workflow.ActionSupplement}}},
		{ID: "ky-duyet", Name: "Ký duyệt", Unit: workflow.UnitRef{Kind: workflow.UnitCompetent}, Role: workflow.RoleLeader,
			Mode: workflow.ModeManual, BudgetHours: 2, Actions: []workflow.Transition{
				{Action: workflow.ActionApprove, Target: "tra-ket-qua"}, {Action: workflow.ActionReturn, Target: "tham-dinh"},
				{Action: workflow.ActionStop}}},
		{ID: "tra-ket-qua", Name: "Trả kết quả", Unit: workflow.UnitRef{Kind: workflow.UnitReceiving}, Role: workflow.RoleClerk,
			Mode: workflow.ModeManual, BudgetHours: 1, Actions: []workflow.Transition{{Action: workflow.ActionDeliver}}},
	}}
}

// fakeWorld: two communes with their centres, the provincial office, and
// staff as given by unit id and role.
type fakeWorld struct {
	staff map[int64]map[workflow.Role]int
	legal []workflow.LegalTime
	err   error
	// noCompetent: the procedure names no unit that decides.
	noCompetent bool
}

var (
	centreA  = workflow.Unit{ID: 11, Code: "001.01.50.H19", Name: "Bộ phận một cửa xã A"}
	centreB  = workflow.Unit{ID: 12, Code: "002.01.50.H19", Name: "Bộ phận một cửa xã B"}
	communeA = workflow.Unit{ID: 21, Code: "001.00.50.H19", Name: "UBND xã A"}
	communeB = workflow.Unit{ID: 22, Code: "002.00.50.H19", Name: "UBND xã B"}
	office   = workflow.Unit{ID: 31, Code: "000.00.01.H19", Name: "Văn phòng UBND tỉnh"}
)

func newFakeWorld() *fakeWorld {
	w := &fakeWorld{staff: map[int64]map[workflow.Role]int{},
		legal: []workflow.LegalTime{{Channel: "direct", Hours: 8}, {Channel: "online", Hours: 8}}}
	for _, u := range []workflow.Unit{centreA, centreB} {
		w.staff[u.ID] = map[workflow.Role]int{workflow.RoleClerk: 1}
	}
	for _, u := range []workflow.Unit{communeA, communeB, office} {
		w.staff[u.ID] = map[workflow.Role]int{workflow.RoleOfficer: 2, workflow.RoleLeader: 1}
	}
	return w
}

func (w *fakeWorld) UnitsFor(ref workflow.UnitRef) ([]workflow.Unit, error) {
	if w.err != nil {
		return nil, w.err
	}
	switch ref.Kind {
	case workflow.UnitReceiving:
		return []workflow.Unit{centreA, centreB}, nil
	case workflow.UnitCompetent:
		if w.noCompetent {
			return nil, nil
		}
		return []workflow.Unit{communeA, communeB}, nil
	}
	if ref.Code == office.Code {
		return []workflow.Unit{office}, nil
	}
	return nil, nil
}

func (w *fakeWorld) ActiveStaff(unitID int64, role workflow.Role) (int, error) {
	return w.staff[unitID][role], nil
}

func (w *fakeWorld) LegalHours() []workflow.LegalTime { return w.legal }

// problems lists Check's errors as "path key".
func problems(t *testing.T, f workflow.Flow, w workflow.World) []string {
	t.Helper()
	errs, err := f.Check(w)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, fe := range errs {
		out = append(out, fe.Field+" "+fe.Key)
	}
	return out
}

func TestCheckAcceptsASoundFlow(t *testing.T) {
	if got := problems(t, civilStatus(), newFakeWorld()); len(got) != 0 {
		t.Errorf("Check(civil status) = %v", got)
	}
	if got := problems(t, civilStatus(), nil); len(got) != 0 {
		t.Errorf("Check(civil status, no world) = %v", got)
	}
	path, ok := civilStatus().MainPath()
	hours, _ := civilStatus().MainPathHours()
	if !ok || !cmp.Equal(path, []int{0, 1, 2, 3}) || hours != 8 {
		t.Errorf("MainPath() = %v, %v (%v h)", path, ok, hours)
	}
}

// TestCheckRefuses changes the sound flow in one way per row and expects
// exactly the problems listed, in order.
func TestCheckRefuses(t *testing.T) {
	type flow = workflow.Flow
	step := func(f *flow, i int) *workflow.Step { return &f.Steps[i] }
	for _, tc := range []struct {
		name   string
		change func(f *flow, w *fakeWorld)
		want   []string
	}{
		{"no steps", func(f *flow, _ *fakeWorld) { f.Steps = nil }, []string{"steps workflow.check.no_steps"}},
		{"supplement mode", func(f *flow, _ *fakeWorld) { f.Supplement = "freeze" },
			[]string{"supplement workflow.check.supplement_unknown"}},
		{"step id missing", func(f *flow, _ *fakeWorld) { step(f, 3).ID = "" },
			[]string{"steps.2.actions.0.target workflow.check.target_unknown", "steps.3.id workflow.check.step_id_required"}},
		{"step id format", func(f *flow, _ *fakeWorld) { step(f, 3).ID = "Tra_ket_qua" },
			[]string{"steps.2.actions.0.target workflow.check.target_unknown", "steps.3.id workflow.check.step_id_format"}},
		{"step id duplicate", func(f *flow, _ *fakeWorld) { step(f, 3).ID = "ky-duyet" },
			[]string{"steps.2.actions.0.target workflow.check.target_unknown", "steps.3.id workflow.check.step_id_duplicate"}},
		{"name empty", func(f *flow, _ *fakeWorld) { step(f, 1).Name = "  " }, []string{"steps.1.name workflow.check.name_required"}},
		{"unit kind", func(f *flow, _ *fakeWorld) { step(f, 1).Unit.Kind = "district" },
			[]string{"steps.1.unit.kind workflow.check.unit_kind_unknown"}},
		{"fixed without code", func(f *flow, _ *fakeWorld) { step(f, 2).Unit = workflow.UnitRef{Kind: workflow.UnitFixed} },
			[]string{"steps.2.unit.code workflow.check.unit_code_required"}},
		{"code on competent", func(f *flow, _ *fakeWorld) { step(f, 2).Unit.Code = office.Code },
			[]string{"steps.2.unit.code workflow.check.unit_code_not_fixed"}},
		{"fixed code unknown", func(f *flow, _ *fakeWorld) {
			step(f, 2).Unit = workflow.UnitRef{Kind: workflow.UnitFixed, Code: "000.00.99.H19"}
		}, []string{"steps.2.unit.code workflow.check.unit_code_unknown"}},
		{"fixed code known", func(f *flow, _ *fakeWorld) {
			step(f, 2).Unit = workflow.UnitRef{Kind: workflow.UnitFixed, Code: office.Code}
		}, nil},
		{"role", func(f *flow, _ *fakeWorld) { step(f, 1).Role = "chairman" }, []string{"steps.1.role workflow.check.role_unknown"}},
		{"mode", func(f *flow, _ *fakeWorld) { step(f, 1).Mode = "robot" }, []string{"steps.1.mode workflow.check.mode_unknown"}},
		{"task unknown", func(f *flow, _ *fakeWorld) { step(f, 1).Tasks[1] = "ocr" },
			[]string{"steps.1.tasks.1 workflow.check.task_unknown"}},
		{"task twice", func(f *flow, _ *fakeWorld) { step(f, 1).Tasks[1] = workflow.TaskRegistry },
			[]string{"steps.1.tasks.1 workflow.check.task_duplicate"}},
		{"semi without tasks", func(f *flow, _ *fakeWorld) { step(f, 1).Tasks = nil },
			[]string{"steps.1.tasks workflow.check.tasks_required"}},
		{"tasks on a manual step", func(f *flow, _ *fakeWorld) { step(f, 1).Mode = workflow.ModeManual },
			[]string{"steps.1.tasks workflow.check.tasks_on_manual"}},
		{"negative budget", func(f *flow, _ *fakeWorld) { step(f, 1).BudgetHours = -1 },
			[]string{"steps.1.budget_hours workflow.check.budget_negative"}},
		{"no actions", func(f *flow, _ *fakeWorld) { step(f, 3).Actions = nil }, []string{
			"steps.2.actions.0.target workflow.check.approve_target_no_deliver", "steps.3.actions workflow.check.actions_required",
			"steps workflow.check.no_deliver", "steps.3 workflow.check.no_end", "steps workflow.check.main_path_no_deliver"}},
		{"action unknown", func(f *flow, _ *fakeWorld) { step(f, 2).Actions[2].Action = "sign" },
			[]string{"steps.2.actions.2.action workflow.check.action_unknown"}},
		{"action twice", func(f *flow, _ *fakeWorld) {
			step(f, 2).Actions = append(step(f, 2).Actions, workflow.Transition{Action: workflow.ActionStop})
		}, []string{"steps.2.actions.3.action workflow.check.action_duplicate"}},
		{"receive after reception", func(f *flow, _ *fakeWorld) {
			step(f, 1).Actions = append(step(f, 1).Actions, workflow.Transition{Action: workflow.ActionRefuse})
		}, []string{"steps.1.actions.3.action workflow.check.reception_only"}},
		{"target missing", func(f *flow, _ *fakeWorld) { step(f, 1).Actions[0].Target = "" },
			[]string{"steps.1.actions.0.target workflow.check.target_required"}},
		{"target unknown", func(f *flow, _ *fakeWorld) { step(f, 1).Actions[0].Target = "ky" },
			[]string{"steps.1.actions.0.target workflow.check.target_unknown"}},
		{"target on an action without one", func(f *flow, _ *fakeWorld) { step(f, 1).Actions[2].Target = "tiep-nhan" },
			[]string{"steps.1.actions.2.target workflow.check.target_not_allowed"}},
		{"target itself", func(f *flow, _ *fakeWorld) { step(f, 1).Actions[1].Target = "tham-dinh" },
			[]string{"steps.1.actions.1.target workflow.check.target_self"}},
		{"return forward", func(f *flow, _ *fakeWorld) { step(f, 1).Actions[1].Target = "tra-ket-qua" },
			[]string{"steps.1.actions.1.target workflow.check.return_not_earlier"}},
		{"approve to a step that does not deliver", func(f *flow, _ *fakeWorld) {
			step(f, 2).Actions[0].Target = "tham-dinh"
		}, []string{"steps.2.actions.0.target workflow.check.approve_target_no_deliver",
			"steps.3 workflow.check.unreachable", "steps workflow.check.main_path_no_deliver"}},
		{"auto step with two actions", func(f *flow, _ *fakeWorld) { step(f, 1).Mode = workflow.ModeAuto },
			[]string{"steps.1.actions workflow.check.auto_actions"}},
		{"auto step that stops", func(f *flow, _ *fakeWorld) {
			s := step(f, 1)
			s.Mode, s.Actions = workflow.ModeAuto, []workflow.Transition{{Action: workflow.ActionStop}}
		}, []string{"steps.1.actions workflow.check.auto_actions", "steps.2 workflow.check.unreachable",
			"steps.3 workflow.check.unreachable", "steps workflow.check.main_path_no_deliver"}},
		{"first step elsewhere", func(f *flow, _ *fakeWorld) {
			step(f, 0).Unit.Kind, step(f, 0).Role = workflow.UnitCompetent, workflow.RoleOfficer
		}, []string{"steps.0.unit.kind workflow.check.first_not_receiving", "steps.0.role workflow.check.first_not_clerk"}},
		{"first step does not receive", func(f *flow, _ *fakeWorld) {
			step(f, 0).Actions = []workflow.Transition{{Action: workflow.ActionForward, Target: "tham-dinh"}}
		}, []string{"steps.0.actions workflow.check.first_no_receive", "steps.0.actions workflow.check.first_no_guide_refuse",
			"steps workflow.check.main_path_no_deliver"}},
		{"unreachable step", func(f *flow, _ *fakeWorld) {
			f.Steps = append(f.Steps[:3:3], workflow.Step{ID: "luu-tru", Name: "Lưu trữ", Unit: workflow.UnitRef{Kind: workflow.UnitCompetent},
				Role: workflow.RoleOfficer, Mode: workflow.ModeManual, Actions: []workflow.Transition{{Action: workflow.ActionStop}}}, f.Steps[3])
		}, []string{"steps.3 workflow.check.unreachable"}},
		{"no end from a loop", func(f *flow, _ *fakeWorld) {
			f.Steps = append(f.Steps, workflow.Step{ID: "xac-minh", Name: "Xác minh", Unit: workflow.UnitRef{Kind: workflow.UnitCompetent},
				Role: workflow.RoleOfficer, Mode: workflow.ModeManual, Actions: []workflow.Transition{{Action: workflow.ActionReturn, Target: "tham-dinh"}}},
				workflow.Step{ID: "xac-minh-2", Name: "Xác minh lần 2", Unit: workflow.UnitRef{Kind: workflow.UnitCompetent},
					Role: workflow.RoleOfficer, Mode: workflow.ModeManual, Actions: []workflow.Transition{{Action: workflow.ActionReturn, Target: "xac-minh"}}})
			step(f, 1).Actions = append(step(f, 1).Actions, workflow.Transition{Action: workflow.ActionForward, Target: "xac-minh-2"})
		}, nil},
		{"a dead end", func(f *flow, _ *fakeWorld) {
			f.Steps = append(f.Steps, workflow.Step{ID: "cho", Name: "Chờ", Unit: workflow.UnitRef{Kind: workflow.UnitCompetent},
				Role: workflow.RoleOfficer, Mode: workflow.ModeManual, Actions: []workflow.Transition{{Action: workflow.ActionPayment}}})
			step(f, 1).Actions = append(step(f, 1).Actions, workflow.Transition{Action: workflow.ActionForward, Target: "cho"})
		}, []string{"steps.4 workflow.check.no_end"}},
		{"no approval", func(f *flow, _ *fakeWorld) {
			step(f, 2).Actions[0] = workflow.Transition{Action: workflow.ActionForward, Target: "tra-ket-qua"}
		}, []string{"steps workflow.check.no_approve"}},
		{"no staff in a commune", func(f *flow, w *fakeWorld) { w.staff[communeB.ID][workflow.RoleOfficer] = 0 },
			[]string{"steps.1 workflow.check.no_staff_officer"}},
		{"no clerk anywhere", func(f *flow, w *fakeWorld) { delete(w.staff, centreA.ID); delete(w.staff, centreB.ID) },
			[]string{"steps.0 workflow.check.no_staff_clerk", "steps.3 workflow.check.no_staff_clerk"}},
		{"no leader", func(f *flow, w *fakeWorld) { w.staff[communeA.ID][workflow.RoleLeader] = 0 },
			[]string{"steps.2 workflow.check.no_staff_leader"}},
		{"no unit decides", func(f *flow, w *fakeWorld) { w.noCompetent = true },
			[]string{"steps.1.unit.kind workflow.check.no_units", "steps.2.unit.kind workflow.check.no_units"}},
		{"over the legal time", func(f *flow, w *fakeWorld) { step(f, 1).BudgetHours = 4.5 },
			[]string{"steps workflow.check.budget_over_direct", "steps workflow.check.budget_over_online"}},
		{"online shorter", func(f *flow, w *fakeWorld) {
			w.legal = []workflow.LegalTime{{Channel: "direct", Hours: 24}, {Channel: "online", Hours: 4}, {Channel: "postal", Hours: 7.5}}
		}, []string{"steps workflow.check.budget_over_online", "steps workflow.check.budget_over_postal"}},
		{"calendar days, every channel", func(f *flow, w *fakeWorld) {
			w.legal = []workflow.LegalTime{{Channel: "direct", Hours: 0, UpperBound: true}, {Channel: "online", Hours: 7.9, UpperBound: true},
				{Channel: "postal", Hours: 8, UpperBound: true}}
		}, []string{"steps workflow.check.budget_over_upper_direct", "steps workflow.check.budget_over_upper_online"}},
		{"calendar days", func(f *flow, w *fakeWorld) {
			w.legal = []workflow.LegalTime{{Channel: "postal", Hours: 7, UpperBound: true}}
		}, []string{"steps workflow.check.budget_over_upper_postal"}},
		{"only the main path counts", func(f *flow, w *fakeWorld) {
			f.Steps = append(f.Steps, workflow.Step{ID: "xac-minh", Name: "Xác minh", Unit: workflow.UnitRef{Kind: workflow.UnitCompetent},
				Role: workflow.RoleOfficer, Mode: workflow.ModeManual, BudgetHours: 40,
				Actions: []workflow.Transition{{Action: workflow.ActionReturn, Target: "tham-dinh"}}})
			step(f, 1).Actions = append(step(f, 1).Actions, workflow.Transition{Action: workflow.ActionForward, Target: "xac-minh"})
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, w := civilStatus(), newFakeWorld()
			tc.change(&f, w)
			if diff := cmp.Diff(tc.want, problems(t, f, w)); diff != "" {
				t.Errorf("Check() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckNamesWhatIsMissing(t *testing.T) {
	f, w := civilStatus(), newFakeWorld()
	w.staff[communeB.ID][workflow.RoleOfficer] = 0
	errs, err := f.Check(w)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 1 || fmt.Sprint(errs[0].Args) != "[1 2 UBND xã B (002.00.50.H19)]" {
		t.Errorf("staff problem = %+v", errs)
	}
	// A draft may wait for its staff.
	if errs, err := f.CheckDraft(w); err != nil || len(errs) != 0 {
		t.Errorf("CheckDraft() = %v, %v", errs, err)
	}
	// Many units lacking staff: a few named, the count given.
	for _, u := range []workflow.Unit{communeA, communeB} {
		w.staff[u.ID][workflow.RoleLeader] = 0
	}
	f.Steps[2].BudgetHours = 2.5
	errs, _ = f.Check(w)
	var got []string
	for _, fe := range errs {
		got = append(got, fe.Key+fmt.Sprint(fe.Args))
	}
	want := []string{"workflow.check.no_staff_officer[1 2 UBND xã B (002.00.50.H19)]",
		"workflow.check.no_staff_leader[2 2 UBND xã A (001.00.50.H19), UBND xã B (002.00.50.H19)]",
		"workflow.check.budget_over_direct[8.5 8]", "workflow.check.budget_over_online[8.5 8]"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// The world's own failure is an error, not a problem.
	w.err = errors.New("database down")
	if _, err := f.Check(w); !errors.Is(err, w.err) {
		t.Errorf("Check() with a failing world: %v", err)
	}
}
