package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/upload/uploadtest"
	"github.com/motcua/motcua/web/route"
)

// validator checks real responses against the served OpenAPI document.
type validator struct {
	t      *testing.T
	doc    *openapi3.T
	router routers.Router
}

func newValidator(t *testing.T, env *apptest.Env) *validator {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, env.URL+"/api/v1/openapi.json", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	served, _ := os.ReadFile("openapi.json")
	if !bytes.Equal(body, served) {
		t.Fatal("the served document is not web/api/openapi.json")
	}
	doc, err := openapi3.NewLoader().LoadFromData(body)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("OpenAPI document invalid: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: env.URL}}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &validator{t: t, doc: doc, router: r}
}

// get fetches path, validates request and response against the document,
// and decodes the body into out (if not nil).
func (v *validator) get(env *apptest.Env, path string, wantStatus int, out any) {
	v.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, env.URL+path, nil)
	if err != nil {
		v.t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != wantStatus {
		v.t.Fatalf("GET %s: status %d, want %d: %s", path, res.StatusCode, wantStatus, body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		v.t.Fatalf("GET %s: content type %q", path, ct)
	}
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		v.t.Fatalf("GET %s: not in the OpenAPI document: %v", path, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: sessionCookie}}
	if wantStatus < 400 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			v.t.Errorf("GET %s: request does not match the document: %v", path, err)
		}
	}
	rv := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	rv.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), rv); err != nil {
		v.t.Errorf("GET %s: response does not match the document: %v", path, err)
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			v.t.Fatal(err)
		}
	}
}

// sessionCookie checks the document's one security scheme: the request
// carries the cookie it names.
func sessionCookie(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	s := in.SecurityScheme
	if s.Type != "apiKey" || s.In != "cookie" {
		return fmt.Errorf("unexpected security scheme %s", in.SecuritySchemeName)
	}
	if _, err := in.RequestValidationInput.Request.Cookie(s.Name); err != nil {
		return fmt.Errorf("no %s cookie: %w", s.Name, err)
	}
	return nil
}

type list struct {
	Items []struct {
		Code, Name, Level, URL string
		Units                  []string
	}
	Total, Page, PerPage int
}

func TestProcedureAPI(t *testing.T) {
	env := apptest.New(t)
	for _, r := range apptest.SampleRecords() {
		env.Publish(t, r)
	}
	v := newValidator(t, env)

	var l list
	v.get(env, "/api/v1/procedures", http.StatusOK, &l)
	if l.Total != len(apptest.SampleRecords()) || l.Page != 1 {
		t.Errorf("list: total %d page %d", l.Total, l.Page)
	}
	v.get(env, "/api/v1/procedures?q="+url.QueryEscape("giay phep lai xe"), http.StatusOK, &l)
	if len(l.Items) == 0 || l.Items[0].Code != "3.000347" || l.Items[0].URL != "/thu-tuc/3.000347" {
		t.Errorf("search: %+v", l.Items)
	}
	v.get(env, "/api/v1/procedures?q=1.001193", http.StatusOK, &l)
	if len(l.Items) != 1 || l.Items[0].Code != "1.001193" {
		t.Errorf("code search: %+v", l.Items)
	}
	v.get(env, "/api/v1/procedures?level=commune&per_page=1&page=2", http.StatusOK, &l)
	if len(l.Items) != 1 || l.Page != 2 || l.Total < 2 {
		t.Errorf("paging: %+v", l)
	}
	v.get(env, "/api/v1/procedures?per_page=500", http.StatusBadRequest, nil)
	v.get(env, "/api/v1/procedures?page=x", http.StatusBadRequest, nil)

	var d struct {
		Code    string
		Name    string
		Version int
		Status  string
		Cases   []catalog.Case
	}
	v.get(env, "/api/v1/procedures/1.001193", http.StatusOK, &d)
	if d.Code != "1.001193" || d.Version != 1 || d.Status != "published" || len(d.Cases) == 0 {
		t.Errorf("detail: %+v", d)
	}
	var e struct{ Error struct{ Status int } }
	v.get(env, "/api/v1/procedures/9.999999", http.StatusNotFound, &e)
	if e.Error.Status != 404 {
		t.Errorf("unknown code error body: %+v", e)
	}
	v.get(env, "/api/v1/procedures/1.001193?version=7", http.StatusNotFound, nil)
	v.get(env, "/api/v1/procedures/1.001193?version=zero", http.StatusBadRequest, nil)

	// A new version: the current one changes, the old one stays readable.
	rec := apptest.SampleRecords()[0]
	rec.Name += " (sửa đổi)"
	env.Publish(t, rec)
	v.get(env, "/api/v1/procedures/"+rec.Code, http.StatusOK, &d)
	if d.Version != 2 || d.Name != rec.Name {
		t.Errorf("current after republish: v%d %q", d.Version, d.Name)
	}
	v.get(env, "/api/v1/procedures/"+rec.Code+"?version=1", http.StatusOK, &d)
	if d.Version != 1 || d.Status != "superseded" {
		t.Errorf("old version: v%d %s", d.Version, d.Status)
	}
}

// TestDossierStatusAPI validates the status and communes endpoints'
// real answers (200, 400, 404, 429) against the document.
func TestDossierStatusAPI(t *testing.T) {
	env := apptest.New(t, func(c *config.Config) { c.LookupMaxFailures = 2 })
	env.OpenProcedures(t)
	v := newValidator(t, env)
	ctx := context.Background()
	svc := env.App.Dossiers
	u := env.Users[account.RoleCitizen]
	d, err := svc.Start(ctx, u, dossier.StartInput{Procedure: apptest.ProcProvince})
	if err != nil {
		t.Fatal(err)
	}
	for page, vals := range map[string]url.Values{
		"nguoi-khai": {"ho_ten": {u.FullName}, "so_dinh_danh": {u.PersonalID}, "dien_thoai": {"0987000123"}},
		"nguoi-than": {"co_giay_khac": {"no"}},
	} {
		if _, err := svc.SavePage(ctx, u, d.PublicID, page, vals, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Upload(ctx, u, d.PublicID, dossier.UploadInput{Slot: "tep_xac_nhan", Name: "x.pdf",
		Body: bytes.NewReader(uploadtest.PDF(2048))}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveDelivery(ctx, u, d.PublicID, dossier.Delivery{Method: dossier.DeliverOnline}); err != nil {
		t.Fatal(err)
	}
	dos, _, err := svc.Submit(ctx, u, d.PublicID, dossier.SubmitInput{Declaration: true})
	if err != nil {
		t.Fatal(err)
	}
	path := route.APIStatus(dos.Code)
	var got struct {
		Code     string `json:"code"`
		Status   int    `json:"status"`
		DueAt    *string
		Timeline []struct{ Action string } `json:"timeline"`
	}
	v.get(env, path+"?secret="+dos.Secret, http.StatusOK, &got)
	if got.Code != dos.Code || got.Status != 1 || len(got.Timeline) != 1 || got.Timeline[0].Action != "submit" ||
		!strings.HasPrefix(dos.Code, "000.01.01.H19-") {
		t.Errorf("status: %+v (code %s)", got, dos.Code)
	}
	v.get(env, path, http.StatusBadRequest, nil)
	v.get(env, path+"?secret=WRONGONE", http.StatusNotFound, nil)
	v.get(env, route.APIStatus("000.01.01.H19-260101-0042")+"?secret="+dos.Secret, http.StatusNotFound, nil)
	v.get(env, path+"?secret="+dos.Secret, http.StatusTooManyRequests, nil)

	var communes []struct{ Code, Name string }
	v.get(env, string(route.APICommunes("19")), http.StatusOK, &communes)
	if len(communes) != 92 || communes[0].Name == "" {
		t.Errorf("Thái Nguyên has %d communes, want 92", len(communes))
	}
	v.get(env, string(route.APICommunes("99")), http.StatusNotFound, nil)
}

// deadline is the deadline endpoint's answer.
type deadline struct {
	Start, Due string
	Duration   struct {
		Amount float64
		Unit   string
	}
	Explanation []struct {
		Type, Day, From, To, Reason, Name string
		Hours                             float64
	}
}

// steps writes an explanation compactly: "work 2026-02-13 10:00-11:30 1.5",
// "skip 2026-02-14 day_off Tết ...".
func (d deadline) steps() []string {
	var out []string
	clock := func(s string) string {
		if len(s) < 16 {
			return s
		}
		return s[11:16]
	}
	for _, e := range d.Explanation {
		switch e.Type {
		case "work":
			out = append(out, "work "+e.Day+" "+clock(e.From)+"-"+clock(e.To)+" "+strconv.FormatFloat(e.Hours, 'f', -1, 64))
		default:
			s := "skip " + e.Day + " " + e.Reason
			if e.Name != "" {
				s += " " + e.Name
			}
			if e.From != "" {
				s += " " + clock(e.From) + "-" + clock(e.To)
			}
			out = append(out, s)
		}
	}
	return out
}

// TestDeadlineAPI computes the cases through the API on the seeded
// table and validates every answer, 200 and 400, against the document.
func TestDeadlineAPI(t *testing.T) {
	env := apptest.New(t)
	ctx := context.Background()
	if _, _, err := env.App.SeedCalendar(ctx); err != nil {
		t.Fatal(err)
	}
	v := newValidator(t, env)
	q := func(kv ...string) string {
		vals := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			vals.Set(kv[i], kv[i+1])
		}
		return route.APIDeadline(vals)
	}
	tet := "Tết Nguyên Đán Bính Ngọ "
	for _, tc := range []struct {
		name  string
		path  string
		due   string
		steps []string
	}{
		{"Tết 2026: off from Saturday 14/02 to Sunday 22/02",
			q("start", "2026-02-13T10:00:00+07:00", "working_days", "1"), "2026-02-23T10:00:00+07:00", []string{
				"work 2026-02-13 10:00-11:30 1.5", "work 2026-02-13 13:00-17:00 4",
				"skip 2026-02-14 day_off " + tet + "(27 tháng Chạp)", "skip 2026-02-15 day_off " + tet + "(28 tháng Chạp)",
				"skip 2026-02-16 day_off " + tet + "(29 tháng Chạp)", "skip 2026-02-17 day_off " + tet + "(mùng 1)",
				"skip 2026-02-18 day_off " + tet + "(mùng 2)", "skip 2026-02-19 day_off " + tet + "(mùng 3)",
				"skip 2026-02-20 day_off " + tet + "(mùng 4)", "skip 2026-02-21 day_off " + tet + "(mùng 5)",
				"skip 2026-02-22 day_off " + tet + "(mùng 6)", "work 2026-02-23 07:30-10:00 2.5"}},
		{"Giỗ Tổ 2026 on Sunday 26/04, Monday 27/04 off; a start at 16:59 on a Friday",
			q("start", "2026-04-24T16:59:00+07:00", "working_days", "1"), "2026-04-28T16:59:00+07:00", []string{
				"work 2026-04-24 16:59-17:00 0.0167", "skip 2026-04-25 weekend",
				"skip 2026-04-26 day_off Giỗ Tổ Hùng Vương (10/3 âm lịch)",
				"skip 2026-04-27 day_off Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch), trùng Chủ nhật 26/04",
				"work 2026-04-28 07:30-11:30 4", "work 2026-04-28 13:00-16:59 3.9833"}},
		{"an ordinary Friday at 16:59",
			q("start", "2026-03-06T16:59:00+07:00", "working_hours", "1"), "2026-03-09T08:29:00+07:00", []string{
				"work 2026-03-06 16:59-17:00 0.0167", "skip 2026-03-07 weekend", "skip 2026-03-08 weekend",
				"work 2026-03-09 07:30-08:29 0.9833"}},
		{"a start in the lunch break, given in UTC",
			q("start", "2026-03-10T05:00:00Z", "working_hours", "2"), "2026-03-10T15:00:00+07:00", []string{
				"skip 2026-03-10 outside_session 12:00-13:00", "work 2026-03-10 13:00-15:00 2"}},
		{"same day after the 15:00 cut-off",
			q("start", "2026-03-10T15:30:00+07:00", "same_day", "1"), "2026-03-11T17:00:00+07:00", nil},
		{"ten calendar days across Tết",
			q("start", "2026-02-06T10:00:00+07:00", "calendar_days", "10"), "2026-02-23T17:00:00+07:00", nil},
		{"half a working day on the province's sessions",
			q("start", "2026-03-10T07:00:00+07:00", "working_days", "0.5"), "2026-03-10T11:30:00+07:00", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got deadline
			v.get(env, tc.path, http.StatusOK, &got)
			if got.Due != tc.due {
				t.Errorf("due %s, want %s", got.Due, tc.due)
			}
			if !strings.HasSuffix(got.Start, "+07:00") {
				t.Errorf("start %s not in +07:00", got.Start)
			}
			if tc.steps != nil {
				if d := cmp.Diff(tc.steps, got.steps()); d != "" {
					t.Errorf("explanation (-want +got):\n%s", d)
				}
			}
		})
	}

	// A unit with its own sessions: 07:00-11:30, 13:30-17:00.
	commune, err := env.App.Units.GetByCode(ctx, "001.01.50.H19")
	if err != nil {
		t.Fatal(err)
	}
	if err := env.App.Calendars.SetUnitSessions(ctx, 0, commune.ID, "07:00-11:30,13:30-17:00"); err != nil {
		t.Fatal(err)
	}
	var got deadline
	v.get(env, q("start", "2026-03-10T07:00:00+07:00", "working_days", "0.5", "unit", commune.Code), http.StatusOK, &got)
	if got.Due != "2026-03-10T11:00:00+07:00" || got.Duration.Amount != 0.5 || got.Duration.Unit != "working_days" {
		t.Errorf("commune's half day: %+v", got)
	}

	var e struct{ Error struct{ Status int } }
	for name, path := range map[string]string{
		"no start":            q("working_days", "1"),
		"start without zone":  q("start", "2026-03-10T07:00:00", "working_days", "1"),
		"unencoded plus":      route.PathAPIDeadline + "?start=2026-03-10T07:00:00+07:00&working_days=1",
		"no duration":         q("start", "2026-03-10T07:00:00+07:00"),
		"two durations":       q("start", "2026-03-10T07:00:00+07:00", "working_days", "1", "working_hours", "2"),
		"negative":            q("start", "2026-03-10T07:00:00+07:00", "working_days", "-1"),
		"zero":                q("start", "2026-03-10T07:00:00+07:00", "working_hours", "0"),
		"absurd":              q("start", "2026-03-10T07:00:00+07:00", "working_days", "100000"),
		"not a number":        q("start", "2026-03-10T07:00:00+07:00", "working_days", "NaN"),
		"fractional calendar": q("start", "2026-03-10T07:00:00+07:00", "calendar_days", "1.5"),
		"same_day=0":          q("start", "2026-03-10T07:00:00+07:00", "same_day", "0"),
		"unknown unit":        q("start", "2026-03-10T07:00:00+07:00", "working_days", "1", "unit", "999.99.99.H99"),
		"year not covered":    q("start", "2031-03-10T07:00:00+07:00", "working_days", "1"),
		"reaches 2031":        q("start", "2030-12-31T16:00:00+07:00", "working_days", "1"),
	} {
		t.Run(name, func(t *testing.T) {
			v.get(env, path, http.StatusBadRequest, &e)
			if e.Error.Status != http.StatusBadRequest {
				t.Errorf("error body: %+v", e)
			}
		})
	}
}
