package admin_test

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

// TestStaffUnitsInNameOrder: the unit a staff member belongs to is chosen
// from the province's own units first (UBND tỉnh, its office and centre,
// the Sở, the police), then the communes and their centres, each group in
// Vietnamese alphabetical order.
func TestStaffUnitsInNameOrder(t *testing.T) {
	env := apptest.New(t)
	admin := env.Client(t)
	admin.Login(env.Users[account.RoleAdmin])
	res := admin.Get(route.PathAdminUserNew)
	if res.Status != http.StatusOK {
		t.Fatalf("new staff form: %d", res.Status)
	}
	var names []string
	res.Doc.Find("select#unit_id option").Each(func(_ int, s *goquery.Selection) {
		if v, _ := s.Attr("value"); v != "" {
			names = append(names, strings.TrimSpace(s.Text()))
		}
	})
	// The province's 15 units, then the 92 communes and their 92 centres.
	if len(names) != 199 {
		t.Fatalf("%d units, want 199", len(names))
	}
	province, communes := names[:15], names[15:]
	for _, n := range province {
		if strings.Contains(n, "Phường") || strings.Contains(n, "Xã") {
			t.Errorf("a commune's unit %q among the province's", n)
		}
	}
	if !slices.Contains(province, "UBND tỉnh Thái Nguyên (000.00.00.H19)") {
		t.Errorf("province's units %q lack UBND tỉnh", province)
	}
	coll := collate.New(language.Vietnamese)
	for _, g := range [][]string{province, communes} {
		want := slices.Clone(g)
		coll.SortStrings(want)
		if !slices.Equal(g, want) {
			t.Errorf("not in alphabetical order: %q…", g[:6])
		}
	}
}
