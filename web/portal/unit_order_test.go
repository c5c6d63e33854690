package portal_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/web/route"
)

// TestApplyUnitsInNameOrder: the "Cơ quan giải quyết" list of the 92
// communes reads alphabetically by Vietnamese collation (Ba Bể before
// Bằng Thành, Dân Tiến before Đồng Phúc), for the citizen and at the desk.
func TestApplyUnitsInNameOrder(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	for _, who := range []account.Role{account.RoleCitizen, account.RoleClerk} {
		c := env.Client(t)
		c.Login(env.Users[who])
		res := c.Get(string(route.Apply(apptest.ProcCommune)))
		if res.Status != http.StatusOK {
			t.Fatalf("%s: apply form %d", who, res.Status)
		}
		var names []string
		res.Doc.Find("select#unit option").Each(func(_ int, s *goquery.Selection) {
			if v, _ := s.Attr("value"); v != "" {
				names = append(names, strings.TrimSpace(s.Text()))
			}
		})
		if len(names) != 92 {
			t.Fatalf("%s: %d communes, want 92", who, len(names))
		}
		want := slices.Clone(names)
		collate.New(language.Vietnamese).SortStrings(want)
		if !slices.Equal(names, want) {
			t.Errorf("%s: communes not in alphabetical order: %q…", who, names[:8])
		}
		if i, j := slices.Index(names, "UBND Xã Ba Bể"), slices.Index(names, "UBND Xã Bằng Thành"); i < 0 || j < i {
			t.Errorf("%s: Ba Bể at %d, Bằng Thành at %d", who, i, j)
		}
	}
}
