package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/web/route"
)

func TestAdminCreatesStaffWhoCanSignIn(t *testing.T) {
	env := apptest.New(t)
	admin := env.Client(t)
	admin.Login(env.Users[account.RoleAdmin])

	res := admin.Get(route.PathAdminUserNew)
	if res.Status != http.StatusOK || res.Doc.Find(`select#unit_id option`).Length() < 199 {
		t.Fatalf("new staff form: %d, %d unit options", res.Status, res.Doc.Find(`select#unit_id option`).Length())
	}
	commune, err := env.App.Units.GetByCode(context.Background(), "001.01.50.H19")
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"full_name": {"Ngô Thị Lan"}, "email": {"lan@staff.example.vn"}, "phone": {"0912333444"},
		"role": {"superuser"}, "unit_id": {""}, "password": {"123"}}
	res = admin.Post(route.PathAdminUsers, form)
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid staff: %d", res.Status)
	}
	for _, f := range []string{"role", "unit_id", "password"} {
		if res.Text("#"+f+"-error") == "" {
			t.Errorf("no error beside %s", f)
		}
	}
	if v, _ := res.Doc.Find("#full_name").Attr("value"); v != "Ngô Thị Lan" {
		t.Errorf("name not kept: %q", v)
	}

	form.Set("role", "clerk")
	form.Set("unit_id", strconv.FormatInt(commune.ID, 10))
	form.Set("password", "mat-khau-ban-dau")
	res = admin.Post(route.PathAdminUsers, form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("create staff: %d %s", res.Status, res.Text(".error-summary"))
	}
	res = admin.Get(res.Location)
	if !strings.Contains(res.Doc.Find("table").Text(), "Ngô Thị Lan") || !strings.Contains(res.Text(".alert"), "Đã tạo tài khoản cán bộ") {
		t.Errorf("new staff not listed or no notice")
	}
	// The audit trail records who created the account.
	u, err := env.App.Users.FindByLogin(context.Background(), "lan@staff.example.vn")
	if err != nil {
		t.Fatal(err)
	}
	// The new clerk signs in and sees their unit and role.
	clerk := env.Client(t)
	res = clerk.Post(route.PathLogin, url.Values{"login": {"LAN@staff.example.vn"}, "password": {"mat-khau-ban-dau"}})
	if res.Status != http.StatusSeeOther || res.Location != route.PathOffice {
		t.Fatalf("new clerk login: %d to %q", res.Status, res.Location)
	}
	res = clerk.Get(route.PathOffice)
	main := res.Doc.Find("main").Text()
	for _, want := range []string{"Cán bộ một cửa", commune.Name, "001.01.50.H19"} {
		if !strings.Contains(main, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	if u.UnitID != commune.ID || u.Role != account.RoleClerk {
		t.Errorf("stored user: %+v", u)
	}
}

func TestUserListFiltersAndUnits(t *testing.T) {
	env := apptest.New(t)
	admin := env.Client(t)
	admin.Login(env.Users[account.RoleAdmin])
	res := admin.Get(route.PathAdminUsers + "?role=leader")
	rows := res.Doc.Find("table tbody tr")
	if rows.Length() != 1 || !strings.Contains(rows.Text(), "Lãnh đạo") {
		t.Errorf("leader filter: %d rows: %s", rows.Length(), rows.Text())
	}
	res = admin.Get(route.PathAdminUsers + "?q=nobody-matches")
	if !strings.Contains(res.Doc.Find("main").Text(), "Không có tài khoản nào phù hợp") {
		t.Error("empty result not explained")
	}
	res = admin.Get(route.PathAdminUnits)
	main := res.Doc.Find("main").Text()
	for _, want := range []string{"Tổng số: 199 đơn vị", "UBND tỉnh Thái Nguyên", "Sở Nội vụ", "000.01.01.H19", "Công an tỉnh Thái Nguyên"} {
		if !strings.Contains(main, want) {
			t.Errorf("unit tree lacks %q", want)
		}
	}
}
