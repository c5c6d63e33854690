package route

import (
	"strings"
	"testing"
)

// The internal-process builders fill in the paths the route table
// registers.
func TestWorkflowBuilders(t *testing.T) {
	fill := func(path string) string {
		return strings.NewReplacer(":code", "1.009474", ":case", "1", ":version", "4").Replace(path)
	}
	for got, path := range map[string]string{
		string(AdminWorkflow("1.009474", 1)):           PathAdminWorkflow,
		string(AdminWorkflowEdit("1.009474", 1)):       PathAdminWorkflowEdit,
		string(AdminWorkflowPublish("1.009474", 1)):    PathAdminWorkflowPublish,
		string(AdminWorkflowDiscard("1.009474", 1)):    PathAdminWorkflowDiscard,
		string(AdminWorkflowHistory("1.009474", 1)):    PathAdminWorkflowHistory,
		string(AdminWorkflowVersion("1.009474", 1, 4)): PathAdminWorkflowVersion,
	} {
		if want := fill(path); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	if got := string(AdminWorkflow("a/b", 0)); got != "/quan-tri/thu-tuc/a%2Fb/quy-trinh/0" {
		t.Errorf("code not escaped: %q", got)
	}
}
