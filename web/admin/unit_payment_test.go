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

// TestUnitPaymentDetails: the unit tree links each unit's payment page;
// an incomplete bank account or a transfer content without {code} is
// refused beside its field with everything kept; valid details are saved
// and audited; other staff cannot reach the page.
func TestUnitPaymentDetails(t *testing.T) {
	env := apptest.New(t)
	ctx := context.Background()
	const code = "001.01.50.H19"
	page := string(route.AdminUnitPayment(code))
	admin := env.Client(t)
	admin.Login(env.Users[account.RoleAdmin])
	if res := admin.Get(route.PathAdminUnits); res.Doc.Find(`a[href="`+page+`"]`).Length() != 1 {
		t.Fatalf("the unit tree has no link to %s", page)
	}
	if res := admin.Get(page); res.Status != http.StatusOK || res.Text("h1") != "Nộp phí, lệ phí: Trung tâm Phục vụ hành chính công Phường Đức Xuân" {
		t.Fatalf("payment page: %d %q", res.Status, res.Text("h1"))
	}
	form := url.Values{"account_holder": {"UBND Phường Đức Xuân"}, "bank": {""}, "account_number": {"35110000x"},
		"transfer_note": {"nop phi"}, "counter_address": {"Quầy 3"}, "counter_hours": {""}}
	res := admin.Post(page, form)
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid details: %d", res.Status)
	}
	for _, f := range []string{"bank", "account_number", "transfer_note", "counter_hours"} {
		if res.Text("#"+f+"-error") == "" {
			t.Errorf("no error beside %s", f)
		}
	}
	if v, _ := res.Doc.Find("#account_holder").Attr("value"); v != "UBND Phường Đức Xuân" {
		t.Errorf("the holder typed was lost: %q", v)
	}
	form.Set("bank", "Kho bạc Nhà nước")
	form.Set("account_number", "3511 0000 15050")
	form.Set("transfer_note", "{code} nop phi")
	form.Set("counter_hours", "07:30-17:00")
	if res := admin.Post(page, form); res.Status != http.StatusSeeOther {
		t.Fatalf("valid details: %d %q", res.Status, res.Text(".error-summary"))
	}
	u, err := env.App.Units.GetByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	p, err := env.App.Units.Payment(ctx, u.ID)
	if err != nil || p.AccountNumber != "3511000015050" || p.UpdatedBy != env.Users[account.RoleAdmin].ID {
		t.Errorf("stored: %+v, %v", p, err)
	}
	var n int
	if err := env.App.DB.SQL().QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = 'unit.payment'
		AND object_id = $1`, strconv.FormatInt(u.ID, 10)).Scan(&n); err != nil || n != 1 {
		t.Errorf("audit entries: %d, %v", n, err)
	}
	if res := admin.Get(page); !strings.Contains(res.Text("main"), "Cập nhật lần cuối lúc") {
		t.Errorf("the page does not say when the details changed")
	}
	clerk := env.Client(t)
	clerk.Login(env.Users[account.RoleClerk])
	if res := clerk.Get(page); res.Status == http.StatusOK {
		t.Error("a clerk opened the unit's payment page")
	}
}
