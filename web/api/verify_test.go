package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/web/api"
	"github.com/motcua/motcua/web/route"
)

// TestVerifyAPI validates the verification endpoint's answers (200 for a
// valid, replaced and revoked result, 404, 429) against the document, and
// that they say nothing of the holder.
func TestVerifyAPI(t *testing.T) {
	env := apptest.New(t, func(c *config.Config) { c.LookupMaxFailures = 2 })
	env.OpenProcedures(t)
	vn := calendar.Location()
	env.Clock.Set(time.Date(2026, 11, 30, 8, 0, 0, 0, vn))
	citizen := env.Users[account.RoleCitizen]
	r, d := env.IssueResult(t, citizen)
	ctx := context.Background()
	unit, err := env.App.Units.Get(ctx, r.UnitID)
	if err != nil {
		t.Fatal(err)
	}
	v := newValidator(t, env)

	get := func(code string, status int) (api.Verification, []byte) {
		t.Helper()
		var raw json.RawMessage
		v.get(env, route.APIVerify(code), status, &raw)
		for _, pii := range []string{citizen.FullName, citizen.PersonalID, citizen.Email, citizen.Phone, d.Code, d.Secret} {
			if bytes.Contains(raw, []byte(pii)) {
				t.Errorf("GET %s shows %q", code, pii)
			}
		}
		var out api.Verification
		if status == http.StatusOK {
			if err := json.Unmarshal(raw, &out); err != nil {
				t.Fatal(err)
			}
		}
		return out, raw
	}

	got, _ := get(strings.ToLower(strings.ReplaceAll(r.VerifyCode, "-", "")), http.StatusOK)
	want := api.Verification{Valid: true, Status: "valid", Code: r.VerifyCode, Title: r.Title, Number: "1/KQ", Kind: "result",
		Procedure: &api.Named{Code: apptest.ProcCommune, Name: "Xác nhận thông tin thử nghiệm"},
		Issuer:    &api.Named{Code: unit.Code, Name: unit.Name}, IssuedAt: "2026-11-30T08:00:00+07:00",
		URL: "/xac-thuc/" + r.VerifyCode}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("valid (-want +got):\n%s", diff)
	}
	// Never cached; any site may ask.
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, env.URL+route.APIVerify(r.VerifyCode), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Origin", "https://ngan-hang.example.vn")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("headers: %v", res.Header)
	}

	// Replaced, then revoked.
	env.Clock.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, vn))
	r2 := env.ReissueResult(t, r)
	got, _ = get(r.VerifyCode, http.StatusOK)
	want.Valid, want.Status = false, "replaced"
	want.ReplacedBy = &api.Replacement{Code: r2.VerifyCode, Number: "2/KQ", IssuedAt: "2026-12-02T09:00:00+07:00"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("replaced (-want +got):\n%s", diff)
	}
	env.Clock.Set(time.Date(2026, 12, 3, 10, 30, 0, 0, vn))
	if _, err := env.App.Documents.Revoke(ctx, env.Staff(t, account.RoleLeader, "001.00.50.H19").ID, r.PublicID, "Cấp nhầm nội dung"); err != nil {
		t.Fatal(err)
	}
	got, _ = get(r.VerifyCode, http.StatusOK)
	want.Status, want.RevokedAt, want.RevokeReason = "revoked", "2026-12-03T10:30:00+07:00", "Cấp nhầm nội dung"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("revoked (-want +got):\n%s", diff)
	}
	if got, _ := get(r2.VerifyCode, http.StatusOK); !got.Valid || got.Number != "2/KQ" || got.ReplacedBy != nil {
		t.Errorf("the replacement: %+v", got)
	}

	// Unknown and malformed codes: the same 404; only unknown ones count.
	var e struct{ Error struct{ Status int } }
	_, raw := get("khong-phai-ma", http.StatusNotFound)
	if err := json.Unmarshal(raw, &e); err != nil || e.Error.Status != http.StatusNotFound {
		t.Errorf("malformed: %s", raw)
	}
	for range 3 {
		get("0000", http.StatusNotFound)
	}
	get("AAAA-BBBB-CCCC", http.StatusNotFound)
	get("aaaabbbbcccd", http.StatusNotFound)
	get(r2.VerifyCode, http.StatusTooManyRequests)
}

// TestOpenAPICoversEveryRoute: every API route of the route table is
// described in the OpenAPI document, and the document describes no route
// the table lacks.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	env := apptest.New(t)
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	described := map[string]bool{}
	for p, ops := range doc.Paths {
		for m := range ops {
			described[strings.ToUpper(m)+" "+p] = true
		}
	}
	param := regexp.MustCompile(`:([a-z_]+)`)
	routed := map[string]bool{"GET " + route.PathAPIOpenAPI: true} // served outside the table
	for _, r := range env.Web.Routes() {
		if strings.HasPrefix(r.Path, route.PathAPIPrefix) {
			routed[r.Method+" "+param.ReplaceAllString(r.Path, "{$1}")] = true
		}
	}
	if diff := cmp.Diff(routed, described); diff != "" {
		t.Errorf("routes (-table +document):\n%s", diff)
	}
}
