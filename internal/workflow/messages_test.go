package workflow

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/i18n"
)

// messageKeyRe matches the message keys this package hands out.
var messageKeyRe = regexp.MustCompile(`^workflow\.check\.[a-z_]+$`)

// TestMessageKeys checks that every message key in the package's code is
// in the catalogue, and that the catalogue has no workflow.check key the
// code never uses.
func TestMessageKeys(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	used := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && messageKeyRe.MatchString(s) {
					used[s] = true
				}
			}
			return true
		})
	}
	if len(used) < 40 {
		t.Fatalf("found only %d message keys in the code", len(used))
	}
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for k := range used {
		if !cat.Has(k) {
			t.Errorf("key %q is used but not in the catalogue", k)
		}
	}
	for _, k := range cat.Keys() {
		if messageKeyRe.MatchString(k) && !used[k] {
			t.Errorf("catalogue key %q is never used", k)
		}
	}
	// Every placeholder a message has is filled by the arguments Check
	// gives it.
	vi, en := cat.Printer(i18n.VI), cat.Printer(i18n.EN)
	if got := vi.T("workflow.check.no_staff_officer", 1, 92, "UBND xã A (001.00.50.H19)"); got !=
		"Chưa thể công bố: 1/92 đơn vị bước này có thể đến chưa có chuyên viên đang hoạt động: UBND xã A (001.00.50.H19)" {
		t.Errorf("no_staff_officer = %q", got)
	}
	for k := range used {
		for _, p := range []i18n.Printer{vi, en} {
			if got := p.T(k, "a", "b", "c"); strings.Contains(got, "{") {
				t.Errorf("%s leaves a placeholder: %q", k, got)
			}
		}
	}
}
