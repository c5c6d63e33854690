package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/web/route"
)

// TestBadInputGets400: a NUL byte or bytes that are not UTF-8 in a form
// field, a query or a path, and a whole number too large for any page, get
// a 400 page (or a JSON error under /api/) saying what was wrong, on every
// route, and never an ERROR log line.
func TestBadInputGets400(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	citizen := env.Users[account.RoleCitizen]
	d, err := env.App.Dossiers.Start(context.Background(), citizen, dossier.StartInput{Procedure: apptest.ProcProvince})
	if err != nil {
		t.Fatal(err)
	}
	const (
		badText   = "Dữ liệu gửi lên có ký tự không hợp lệ"
		badNumber = "Số trong địa chỉ không hợp lệ"
	)
	register := url.Values{"kind": {"citizen"}, "full_name": {"Nguyễn\x00Văn A"}, "personal_id": {"019300000777"},
		"email": {"a@example.vn"}, "phone": {"0912111223"}, "password": {"mot-cum-tu-dai"}, "password_confirm": {"mot-cum-tu-dai"}}
	for _, tc := range []struct {
		name, method, path string
		form               url.Values
		signIn             bool
		want               string
	}{
		{"login NUL", http.MethodPost, route.PathLogin, url.Values{"login": {"a\x00b"}, "password": {"x"}}, false, badText},
		{"login not UTF-8", http.MethodPost, route.PathLogin, url.Values{"login": {"a\xffb"}, "password": {"x"}}, false, badText},
		{"login NUL in a field name", http.MethodPost, route.PathLogin, url.Values{"lo\x00gin": {"a"}}, false, badText},
		{"register NUL", http.MethodPost, route.PathRegister, register, false, badText},
		{"e-form save NUL", http.MethodPost, string(route.DraftPage(d.PublicID, "nguoi-khai")),
			url.Values{"ho_ten": {"Đỗ\x00Hoa"}, "so_dinh_danh": {citizen.PersonalID}, "dien_thoai": {"0987000123"}}, true, badText},
		{"file NUL", http.MethodGet, "/tep/%00", nil, true, badText},
		{"path not UTF-8", http.MethodGet, "/thu-tuc/%ff", nil, false, badText},
		{"query NUL", http.MethodGet, route.PathCatalog + "?q=a%00b", nil, false, badText},
		{"query not UTF-8", http.MethodGet, route.PathCatalog + "?q=%c3", nil, false, badText},
		{"query NUL in a GET form", http.MethodGet, route.PathLookup + "?ma=%00", nil, false, badText},
		{"page overflow", http.MethodGet, route.PathCatalog + "?page=99999999999999999999", nil, false, badNumber},
		{"inbox page overflow", http.MethodGet, route.PathInbox + "?page=99999999999999999999", nil, true, badNumber},
		{"page not a number", http.MethodGet, route.PathCatalog + "?page=mot", nil, false, badNumber},
		{"API path NUL", http.MethodGet, "/api/v1/procedures/%00", nil, false, badText},
		{"API query not UTF-8", http.MethodGet, "/api/v1/procedures?q=%ff", nil, false, badText},
		{"API page overflow", http.MethodGet, "/api/v1/procedures?page=99999999999999999999", nil, false, badNumber},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(env.Logs())
			c := env.Client(t)
			if tc.signIn {
				c.Login(citizen)
			}
			res := c.Do(tc.method, tc.path, tc.form)
			if res.Status != http.StatusBadRequest {
				t.Fatalf("%s %s: status %d, want 400", tc.method, tc.path, res.Status)
			}
			if strings.HasPrefix(tc.path, route.PathAPIPrefix) {
				var body struct {
					Error struct {
						Status  int    `json:"status"`
						Message string `json:"message"`
					} `json:"error"`
				}
				if err := json.Unmarshal(res.Body, &body); err != nil || body.Error.Status != 400 || body.Error.Message != tc.want {
					t.Errorf("API answer %s (%v), want status 400 and message %q", res.Body, err, tc.want)
				}
			} else if got := res.Text("h1"); got != tc.want {
				t.Errorf("page heading %q, want %q", got, tc.want)
			}
			if logs := env.Logs()[before:]; strings.Contains(logs, `"level":"ERROR"`) {
				t.Errorf("an ERROR was logged:\n%s", logs)
			}
		})
	}
	// The same inputs, well formed, still work.
	c := env.Client(t)
	if res := c.Get(route.PathCatalog + "?page=2&q=x%C3%A1c+nh%E1%BA%ADn"); res.Status != http.StatusOK {
		t.Errorf("a good query: %d", res.Status)
	}
}
