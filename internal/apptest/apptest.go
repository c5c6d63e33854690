// Package apptest starts the whole application for end-to-end tests: a
// fresh migrated database (internal/dbtest), the production wiring
// (internal/app), the seeded unit tree, one account per role, and the real
// HTTP server on a local port. Its Client follows the CSRF protocol the way a
// browser does and checks every HTML page it receives with the Nu HTML
// checker (internal/htmlcheck).
package apptest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/dbtest"
	"github.com/motcua/motcua/internal/htmlcheck"
	"github.com/motcua/motcua/internal/logx"
	"github.com/motcua/motcua/web"
	"github.com/motcua/motcua/web/route"
)

// Password is the password of every account the environment creates.
const Password = "Mat-khau-thu-nghiem-1"

// FastHash keeps argon2id cheap in tests; production uses the defaults.
var FastHash = account.HashParams{Memory: 1024, Time: 1, Threads: 1}

// Env is a running application.
type Env struct {
	App    *app.App
	Web    *web.Server
	Server *httptest.Server
	URL    string
	// Users holds one active account per role, keyed by role.
	Users map[account.Role]account.User
	// T is the test that started the environment.
	T testing.TB
	// Clock is the dossier service's clock: real time until Set.
	Clock    *Clock
	logs     *syncBuffer
	staffSeq int
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Option adjusts the configuration before the app starts.
type Option func(*config.Config)

// New starts the application on a fresh database.
func New(t testing.TB, opts ...Option) *Env {
	t.Helper()
	db := dbtest.Open(t)
	cfg, err := config.LoadFrom(func(k string) (string, bool) {
		if k == "MOTCUA_ENV" {
			return "test", true
		}
		return "", false
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg.FilesDir = t.TempDir()
	// The server's address is known before the application is built, so
	// the links it sends (e-mails, QR codes) lead back to it.
	hs := httptest.NewUnstartedServer(nil)
	t.Cleanup(hs.Close)
	cfg.BaseURL = "http://" + hs.Listener.Addr().String()
	for _, o := range opts {
		o(&cfg)
	}
	logs := &syncBuffer{}
	log := logx.New(logs, true, slog.LevelDebug)
	clock := &Clock{}
	a, err := app.New(cfg, log, db, FastHash, app.WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, _, _, err := a.SeedUnits(ctx); err != nil {
		t.Fatal(err)
	}
	// The working calendar is reference data like the units: processing
	// needs it for every due date.
	if _, _, err := a.SeedCalendar(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SeedNotifyTemplates(ctx); err != nil {
		t.Fatal(err)
	}
	srv, err := a.Server()
	if err != nil {
		t.Fatal(err)
	}
	hs.Config.Handler = srv.Handler()
	hs.Start()
	e := &Env{App: a, Web: srv, Server: hs, URL: hs.URL, Users: map[account.Role]account.User{}, T: t, Clock: clock, logs: logs}
	e.createUsers(t)
	return e
}

// unitFor is the unit each staff role works in.
var unitFor = map[account.Role]string{
	account.RoleClerk:   "000.01.01.H19", // provincial service centre
	account.RoleOfficer: "000.00.02.H19", // Sở Nội vụ
	account.RoleLeader:  "000.00.02.H19",
	account.RoleAdmin:   "000.00.01.H19",
}

func (e *Env) createUsers(t testing.TB) {
	ctx := context.Background()
	var err error
	e.Users[account.RoleCitizen], err = e.App.Accounts.Register(ctx, account.RegisterInput{Kind: account.RoleCitizen,
		FullName: "Đỗ Thị Hoa", PersonalID: "019190000123", Email: "hoa@example.vn", Phone: "0987000123",
		Password: Password, Password2: Password})
	if err != nil {
		t.Fatal(err)
	}
	e.Users[account.RoleBusiness], err = e.App.Accounts.Register(ctx, account.RegisterInput{Kind: account.RoleBusiness,
		FullName: "Công ty CP Chè Tân Cương", TaxCode: "4601234560", Email: "che@example.vn", Phone: "0987000124",
		Password: Password, Password2: Password})
	if err != nil {
		t.Fatal(err)
	}
	// Like the demo accounts, the environment's applicants have a verified
	// identity, so the registries prefill their forms; an account
	// registered in a test has not (VerifyIdentity).
	for _, r := range []account.Role{account.RoleCitizen, account.RoleBusiness} {
		e.Users[r] = e.VerifyIdentity(t, e.Users[r])
	}
	for i, r := range account.StaffRoles {
		unit, err := e.App.Units.GetByCode(ctx, unitFor[r])
		if err != nil {
			t.Fatal(err)
		}
		u, err := e.App.Accounts.CreateStaff(ctx, 0, account.StaffInput{FullName: "Cán bộ " + string(r),
			Email: string(r) + "@staff.example.vn", Phone: "098700020" + string(rune('0'+i)), Role: r, UnitID: unit.ID,
			Password: Password})
		if err != nil {
			t.Fatal(err)
		}
		e.Users[r] = u
	}
}

// VerifyIdentity marks an applicant's identity as verified, as signing in
// with the national identity will, and returns the account as it is now.
func (e *Env) VerifyIdentity(t testing.TB, u account.User) account.User {
	t.Helper()
	ctx := context.Background()
	if err := e.App.Accounts.MarkIdentityVerified(ctx, 0, u.ID, "test"); err != nil {
		t.Fatal(err)
	}
	return e.Account(t, u.ID)
}

// Account returns the account with id as stored now.
func (e *Env) Account(t testing.TB, id int64) account.User {
	t.Helper()
	u, err := e.App.Accounts.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Clock is a test clock: real time until Set, then that instant (moved
// with Add).
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t.IsZero() {
		return time.Now()
	}
	return c.t
}

// Set stops the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Stopped reports whether Set has stopped the clock.
func (c *Clock) Stopped() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.t.IsZero()
}

// Add moves a stopped clock on by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// StaffClient creates a staff member with role r in the unit with the
// given code and returns a client signed in as them.
func (e *Env) StaffClient(t testing.TB, r account.Role, unitCode string) *Client {
	t.Helper()
	c := e.Client(t)
	c.Login(e.Staff(t, r, unitCode))
	return c
}

// Staff creates a staff member with role r in the unit with the given
// code.
func (e *Env) Staff(t testing.TB, r account.Role, unitCode string) account.User {
	t.Helper()
	ctx := context.Background()
	unit, err := e.App.Units.GetByCode(ctx, unitCode)
	if err != nil {
		t.Fatal(err)
	}
	e.staffSeq++
	n := strconv.Itoa(e.staffSeq)
	u, err := e.App.Accounts.CreateStaff(ctx, 0, account.StaffInput{FullName: "Cán bộ " + n, Email: "staff" + n + "@staff.example.vn",
		Phone: "09870003" + fmt.Sprintf("%02d", e.staffSeq%100), Role: r, UnitID: unit.ID, Password: Password})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Logs returns everything the application logged so far (JSON lines).
func (e *Env) Logs() string { return e.logs.String() }

// LoginOf returns the identifier a user signs in with.
func LoginOf(u account.User) string { return u.Email }

// rawKey matches a message-catalogue key that reached a page untranslated.
var rawKey = regexp.MustCompile(`\b(app|layout|nav|lang|ui|form|home|login|logout|register|account|role|office|admin|unit|error|calendar|notify|reset|papers|rating|respond)\.[a-z0-9_]+(\.[a-z0-9_]+)*\b`)

// Client is a browser-like HTTP client: it keeps cookies, does not follow
// redirects (tests assert them), and sends the CSRF token with every POST.
type Client struct {
	t    testing.TB
	env  *Env
	http *http.Client
	// SkipHTMLCheck turns off the checks of every HTML page (validity,
	// untranslated keys).
	SkipHTMLCheck bool
	// Header is sent with every request, as a browser adds its own (for
	// example Sec-Fetch-Site).
	Header http.Header
}

// Client returns a new anonymous client.
func (e *Env) Client(t testing.TB) *Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &Client{t: t, env: e, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Response is a fetched page.
type Response struct {
	Status   int
	Header   http.Header
	Body     []byte
	Location string
	Doc      *goquery.Document
}

// Text returns the trimmed text of the first element matching css.
func (r *Response) Text(css string) string { return strings.TrimSpace(r.Doc.Find(css).First().Text()) }

// Do sends a request and reads the whole response.
func (c *Client) Do(method, path string, form url.Values) *Response {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		if method != http.MethodGet {
			form = cloneValues(form)
			if form.Get(route.CSRFFormField) == "" {
				form.Set(route.CSRFFormField, c.CSRF())
			}
		}
		body = strings.NewReader(form.Encode())
	}
	ctype := ""
	if form != nil {
		ctype = "application/x-www-form-urlencoded"
	}
	return c.send(method, path, ctype, body)
}

// send makes one request and reads the whole response.
func (c *Client) send(method, path, ctype string, body io.Reader) *Response {
	c.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, c.env.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, vs := range c.Header {
		req.Header[k] = vs
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	out := &Response{Status: res.StatusCode, Header: res.Header, Body: b, Location: res.Header.Get("Location")}
	out.Doc, err = goquery.NewDocumentFromReader(bytes.NewReader(b))
	if err != nil {
		c.t.Fatal(err)
	}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") && !c.SkipHTMLCheck {
		htmlcheck.Validate(c.t, b)
		if m := rawKey.FindString(proseText(out.Doc)); m != "" {
			c.t.Errorf("%s %s: page shows the untranslated message key %q", method, path, m)
		}
		if out.Status == http.StatusUnprocessableEntity {
			for _, p := range SummaryProblems(out.Doc) {
				c.t.Errorf("%s %s: 422 page: %s", method, path, p)
			}
		}
	}
	return out
}

// proseText is the page's text without what it shows as code (pre, code,
// textarea: an e-form definition names sources such as
// "account.full_name"), where a dotted name is no untranslated key.
func proseText(doc *goquery.Document) string {
	d := goquery.CloneDocument(doc)
	d.Find("pre, code, textarea").Remove()
	return d.Text()
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// Get fetches a page.
func (c *Client) Get(path string) *Response { c.t.Helper(); return c.Do(http.MethodGet, path, nil) }

// Post submits a form with the CSRF token.
func (c *Client) Post(path string, form url.Values) *Response {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	return c.Do(http.MethodPost, path, form)
}

// CSRF returns the client's CSRF token, fetching a page first if the
// cookie is not set yet.
func (c *Client) CSRF() string {
	c.t.Helper()
	u, _ := url.Parse(c.env.URL)
	for i := 0; i < 2; i++ {
		for _, ck := range c.http.Jar.Cookies(u) {
			if ck.Name == route.CSRFCookieName {
				return ck.Value
			}
		}
		c.Get(string(route.Login("")))
	}
	c.t.Fatal("no CSRF cookie")
	return ""
}

// Login signs in as u and fails the test unless it works.
func (c *Client) Login(u account.User) {
	c.t.Helper()
	res := c.Post(string(route.Login("")), url.Values{route.LoginFormIdentity: {LoginOf(u)}, route.LoginFormPassword: {Password}})
	if res.Status != http.StatusSeeOther {
		c.t.Fatalf("login as %s: status %d, want 303; page: %s", u.Role, res.Status, res.Text(".error-summary"))
	}
}

// SessionCookie returns the session cookie's value ("" when none).
func (c *Client) SessionCookie() string {
	u, _ := url.Parse(c.env.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == route.SessionCookieName {
			return ck.Value
		}
	}
	return ""
}

// SetSessionCookie replaces the client's session cookie, e.g. to replay a
// stolen one.
func (c *Client) SetSessionCookie(value string) {
	u, _ := url.Parse(c.env.URL)
	c.http.Jar.SetCookies(u, []*http.Cookie{{Name: route.SessionCookieName, Value: value, Path: "/"}})
}

// Upload is one file of a multipart post.
type Upload struct {
	Field, Name string
	Data        []byte
}

// PostBody posts body exactly as given, with content type ctype: a
// multipart form written by hand, for the inputs no encoder produces.
func (c *Client) PostBody(path, ctype string, body []byte) *Response {
	c.t.Helper()
	return c.send(http.MethodPost, path, ctype, bytes.NewReader(body))
}

// PostMultipart submits a multipart form as a browser does: the CSRF
// token first, then the fields (in the order given), then the files.
func (c *Client) PostMultipart(path string, fields [][2]string, files ...Upload) *Response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	write := func(k, v string) {
		if err := mw.WriteField(k, v); err != nil {
			c.t.Fatal(err)
		}
	}
	write(route.CSRFFormField, c.CSRF())
	for _, f := range fields {
		write(f[0], f[1])
	}
	for _, f := range files {
		w, err := mw.CreateFormFile(f.Field, f.Name)
		if err != nil {
			c.t.Fatal(err)
		}
		if _, err := w.Write(f.Data); err != nil {
			c.t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		c.t.Fatal(err)
	}
	return c.send(http.MethodPost, path, mw.FormDataContentType(), &body)
}
