package workflow_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/strictjson"
	"github.com/motcua/motcua/internal/workflow"
)

func TestDiff(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(f *workflow.Flow)
		want   []audit.Change
	}{
		{"nothing", func(*workflow.Flow) {}, nil},
		{"a budget", func(f *workflow.Flow) { f.Steps[1].BudgetHours = 3 },
			[]audit.Change{{Field: "steps_changed", New: "tham-dinh (Thẩm định)"}}},
		{"a step added", func(f *workflow.Flow) {
			f.Steps = append(f.Steps[:2:2], workflow.Step{ID: "xac-minh", Name: "Xác minh"}, f.Steps[2], f.Steps[3])
		}, []audit.Change{
			{Field: "steps", Old: "tiep-nhan, tham-dinh, ky-duyet, tra-ket-qua", New: "tiep-nhan, tham-dinh, xac-minh, ky-duyet, tra-ket-qua"},
			{Field: "steps_added", New: "xac-minh (Xác minh)"}}},
		{"a step removed and one reordered", func(f *workflow.Flow) {
			f.Steps = []workflow.Step{f.Steps[0], f.Steps[2], f.Steps[3]}
			f.Supplement = workflow.PauseRestarts
		}, []audit.Change{
			{Field: "steps", Old: "tiep-nhan, tham-dinh, ky-duyet, tra-ket-qua", New: "tiep-nhan, ky-duyet, tra-ket-qua"},
			{Field: "steps_removed", Old: "tham-dinh (Thẩm định)"},
			{Field: "supplement", Old: "", New: "restart"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			next := civilStatus()
			tc.change(&next)
			if diff := cmp.Diff(tc.want, workflow.Diff(civilStatus(), next)); diff != "" {
				t.Errorf("Diff() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseFlow(t *testing.T) {
	text := workflow.FormatFlow(civilStatus())
	if !strings.Contains(string(text), "\n      \"budget_hours\": 4,\n") {
		t.Errorf("FormatFlow is not indented JSON:\n%s", text)
	}
	got, err := workflow.ParseFlow(text)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(civilStatus(), got); diff != "" || !workflow.SameFlow(civilStatus(), got) {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	_, err = workflow.ParseFlow([]byte("{\"steps\": [\n  {\"id\": \"a\", \"budget_hour\": 4}]}"))
	var je *strictjson.Error
	if !errors.As(err, &je) || je.Kind != strictjson.UnknownField || je.Line != 2 || je.Column != 15 || je.Name != "budget_hour" {
		t.Errorf("misspelt attribute: %v", err)
	}
	if !strings.HasPrefix(err.Error(), "workflow: flow JSON: unknown_field at line 2, column 15") {
		t.Errorf("error text: %v", err)
	}
}
