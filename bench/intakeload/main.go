// Command intakeload is the dossier-submission load test of `make bench`:
// how many online submissions with one 1 MB PDF attached the portal takes
// per second, at 16 concurrent citizens, and how much memory the server
// needs meanwhile.
//
// It builds a fresh database (units, the demo registries, the test
// procedure of internal/apptest with its three-page e-form, one citizen
// account per client), serves the real application in-process on
// 127.0.0.1, and runs C clients, each with its own account and cookie jar,
// for a fixed time. Each client submits dossiers over HTTP as a browser
// does: the apply form, starting the draft, the task list, the applicant
// page, the relatives page, the documents page (the PDF as a multipart
// upload, the CSRF token as its first part), the delivery choice, the check
// page and the submission with the declaration, then the confirmation page.
// A submission counts when the submit POST redirects to the confirmation.
//
// While the load runs it samples the process's memory every 100 ms. Client
// and server share the process, so the RSS includes the clients; they are
// kept lean (no HTML parsing, every upload streams the one shared PDF), and
// the Go heap is reported too. After the run it checks the database: as many
// dossiers as counted submissions, their codes numbered 1..N per unit and
// day without gap or duplicate, and each with its PDF stored (the stored
// bytes hashed again against the SHA-256 of what was sent).
//
// Account passwords are hashed with cheap argon2id parameters
// (apptest.FastHash): logging in happens before the measured run, and is
// not what this measures.
//
//	go run ./bench/intakeload -db postgres://...postgres -clients 16 -duration 20s
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/bench/internal/benchkit"
	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/upload/uploadtest"
	"github.com/motcua/motcua/web/route"
)

// The test procedure's e-form (apptest.TestForm): its pages and the
// required file slot.
const (
	pageApplicant = "nguoi-khai"
	pageRelative  = "nguoi-than"
	pageDocuments = "giay-to"
	fileSlot      = "tep_xac_nhan"
	fileName      = "giay-xac-nhan.pdf"
)

type options struct {
	db         string
	clients    int
	duration   time.Duration
	size       int
	browse     bool
	filesDir   string
	cpuProfile string
}

func main() {
	var o options
	flag.StringVar(&o.db, "db", os.Getenv("MOTCUA_BENCH_DATABASE_URL"), "maintenance database URL of a cluster to create the bench database in")
	flag.IntVar(&o.clients, "clients", 16, "concurrent clients (one citizen account each)")
	flag.DurationVar(&o.duration, "duration", 20*time.Second, "how long to start new submissions (those under way then finish)")
	flag.IntVar(&o.size, "size", 1<<20, "size of the attached PDF in bytes")
	flag.BoolVar(&o.browse, "browse", true, "also GET every page a browser shows on the way (apply form, task list, each page a POST redirects to); false sends the POSTs only")
	flag.StringVar(&o.filesDir, "files", "", "directory for the uploaded files (default: a new temporary directory, removed afterwards)")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured run (server and clients) to this file")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "intakeload:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	if o.clients < 1 || o.duration <= 0 {
		return errors.New("need -clients >= 1 and a positive -duration")
	}
	ctx := context.Background()
	if o.filesDir == "" {
		dir, err := os.MkdirTemp("", "motcua-intakeload-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o.filesDir = dir
	}
	env, err := benchkit.Open(ctx, benchkit.Options{AdminURL: o.db, Name: "motcua_bench_intake", Hash: apptest.FastHash,
		Env: map[string]string{"FILES_DIR": o.filesDir}})
	if err != nil {
		return err
	}
	defer env.Close()
	t0 := time.Now()
	proc, unit, err := setUp(ctx, env)
	if err != nil {
		return err
	}
	users, err := citizens(ctx, env, o.clients)
	if err != nil {
		return err
	}
	fmt.Printf("set up the procedure and %d accounts in %v\n", len(users), time.Since(t0).Round(time.Millisecond))

	base, stop, err := env.Serve(ctx)
	if err != nil {
		return err
	}
	defer stop()

	pdf := uploadtest.PDF(o.size)
	sum := sha256.Sum256(pdf)
	want := attachment{slot: fileSlot, size: int64(len(pdf)), sha: hex.EncodeToString(sum[:])}
	transport := &http.Transport{MaxIdleConnsPerHost: o.clients}
	defer transport.CloseIdleConnections()
	clients := make([]*client, len(users))
	for i, u := range users {
		jar, err := cookiejar.New(nil)
		if err != nil {
			return err
		}
		clients[i] = &client{base: base, user: u, pdf: pdf, browse: o.browse, proc: proc, unit: unit,
			hc: &http.Client{Jar: jar, Transport: transport, Timeout: 2 * time.Minute,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		if err := clients[i].login(ctx); err != nil {
			return fmt.Errorf("login %s: %w", u.Email, err)
		}
	}
	// Warm-up: one submission per client, all at once; they must all go
	// through, or the flow is broken and there is nothing to measure.
	if err := each(clients, func(c *client) error { return c.journey(ctx) }); err != nil {
		return fmt.Errorf("warm-up: %w", err)
	}
	warm := 0
	for _, c := range clients {
		warm += c.submitted
		c.reset()
	}

	load := benchkit.LoadAvg()
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile) //nolint:gosec // G304: the operator names the profile file on the command line
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	mem := benchkit.SampleMem(100 * time.Millisecond)
	cpu0 := benchkit.CPUTime()
	start := time.Now()
	deadline := start.Add(o.duration)
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				if err := c.journey(ctx); err != nil {
					c.fail(err)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := benchkit.CPUTime() - cpu0
	memRep := mem.Stop()
	if o.cpuProfile != "" {
		pprof.StopCPUProfile()
	}

	var (
		submitted, requests, errs int
		journeys, uploads         []time.Duration
		firstErrs                 []string
	)
	for _, c := range clients {
		submitted += c.submitted
		requests += c.requests
		errs += c.errs
		journeys = append(journeys, c.journeys...)
		uploads = append(uploads, c.uploads...)
		firstErrs = append(firstErrs, c.firstErrs...)
	}
	pages := "POSTs only"
	if o.browse {
		pages = "with the page GETs"
	}
	fmt.Printf("dossier intake: %d clients, %s PDF, %s, %v (new submissions for %v): %d submissions, %.1f submissions/s, %d requests, %.0f req/s, errors %d\n",
		o.clients, mib(int64(len(pdf))), pages, elapsed.Round(time.Millisecond), o.duration, submitted,
		float64(submitted)/elapsed.Seconds(), requests, float64(requests)/elapsed.Seconds(), errs)
	fmt.Printf("  whole submission (apply to submit): %v\n", benchkit.Summarize(journeys))
	fmt.Printf("  upload request alone:               %v (%d uploads)\n", benchkit.Summarize(uploads), len(uploads))
	fmt.Printf("  memory (server and clients, one process): %v\n", memRep)
	if submitted > 0 {
		fmt.Printf("  CPU of this process (server and clients; PostgreSQL not included): %v, %v per submission, %.2f of %d cores on average\n",
			cpu.Round(time.Millisecond), (cpu / time.Duration(submitted)).Round(10*time.Microsecond), cpu.Seconds()/elapsed.Seconds(), runtime.NumCPU())
	}
	fmt.Printf("  load average before: %s, after: %s\n", load, benchkit.LoadAvg())
	for _, e := range firstErrs {
		fmt.Printf("  error: %s\n", e)
	}
	report, err := verify(ctx, env, warm+submitted, want)
	if err != nil {
		return fmt.Errorf("verification failed (%d warm-up and %d measured submissions counted): %w", warm, submitted, err)
	}
	fmt.Printf("  verified: %s\n", report)
	return nil
}

// setUp loads the demo registries, creates an administrator, publishes the
// commune-level test procedure with its e-form, and returns its code and
// the commune the clients choose.
func setUp(ctx context.Context, env *benchkit.Env) (proc, unit string, err error) {
	a := env.App
	if _, _, err := a.SeedCalendar(ctx); err != nil {
		return "", "", err
	}
	if _, err := a.SeedRegistry(ctx); err != nil {
		return "", "", err
	}
	office, err := a.Units.GetByCode(ctx, "000.00.01.H19")
	if err != nil {
		return "", "", err
	}
	admin, err := a.Accounts.CreateStaff(ctx, 0, account.StaffInput{FullName: "Quản trị thử tải", Email: "admin@bench.example.vn",
		Phone: "0987000200", Role: account.RoleAdmin, UnitID: office.ID, Password: apptest.Password})
	if err != nil {
		return "", "", err
	}
	var rec catalog.Record
	for _, r := range apptest.TestProcedures() {
		if r.Code == apptest.ProcCommune {
			rec = r
		}
	}
	if _, err := a.Catalog.SaveDraft(ctx, admin.ID, rec); err != nil {
		return "", "", err
	}
	if _, err := a.Catalog.Publish(ctx, admin.ID, rec.Code); err != nil {
		return "", "", err
	}
	if _, err := a.Eforms.SaveDraft(ctx, admin.ID, rec.Code, 0, apptest.TestForm(), 0); err != nil {
		return "", "", err
	}
	if _, err := a.Eforms.Publish(ctx, admin.ID, rec.Code, 0); err != nil {
		return "", "", err
	}
	ag, err := a.Dossiers.AgenciesOf(ctx, rec)
	if err != nil {
		return "", "", err
	}
	if len(ag.Choices) == 0 {
		return "", "", errors.New("no commune decides the test procedure")
	}
	return rec.Code, ag.Choices[0].Code, nil
}

// citizens registers n citizen accounts.
func citizens(ctx context.Context, env *benchkit.Env, n int) ([]account.User, error) {
	out := make([]account.User, n)
	for i := range out {
		u, err := env.App.Accounts.Register(ctx, account.RegisterInput{Kind: account.RoleCitizen,
			FullName: "Người Nộp Thử " + strconv.Itoa(i+1), PersonalID: fmt.Sprintf("0191%08d", i+1),
			Email: fmt.Sprintf("nguoinop%d@bench.example.vn", i+1), Phone: fmt.Sprintf("0986%06d", i+1),
			Password: apptest.Password, Password2: apptest.Password})
		if err != nil {
			return nil, fmt.Errorf("account %d: %w", i+1, err)
		}
		out[i] = u
	}
	return out, nil
}

// each runs fn for every client at once and returns the errors.
func each(clients []*client, fn func(*client) error) error {
	errs := make([]error, len(clients))
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Go(func() { errs[i] = fn(c) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

func mib(n int64) string { return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB" }

// client is one citizen's browser. Only its goroutine touches it.
type client struct {
	base       string
	hc         *http.Client
	user       account.User
	proc, unit string
	pdf        []byte
	browse     bool

	submitted, requests, errs int
	journeys, uploads         []time.Duration
	firstErrs                 []string
}

func (c *client) reset() {
	c.submitted, c.requests, c.errs = 0, 0, 0
	c.journeys, c.uploads, c.firstErrs = nil, nil, nil
}

func (c *client) fail(err error) {
	c.errs++
	if len(c.firstErrs) < 3 {
		c.firstErrs = append(c.firstErrs, err.Error())
	}
}

// login signs in with the account's email and password.
func (c *client) login(ctx context.Context) error {
	p := string(route.Login(""))
	if err := c.get(ctx, p); err != nil {
		return err
	}
	_, err := c.post(ctx, p, url.Values{route.LoginFormIdentity: {c.user.Email}, route.LoginFormPassword: {apptest.Password}}, "/")
	return err
}

// journey submits one dossier, as a browser does.
func (c *client) journey(ctx context.Context) error {
	start := time.Now()
	apply := string(route.Apply(c.proc))
	if err := c.browseTo(ctx, apply); err != nil {
		return err
	}
	loc, err := c.post(ctx, apply, url.Values{route.FormUnit: {c.unit}}, "/ho-so-nhap/")
	if err != nil {
		return err
	}
	id := strings.TrimPrefix(loc, "/ho-so-nhap/")
	if err := c.browseTo(ctx, loc); err != nil {
		return err
	}
	if err := c.browseTo(ctx, string(route.DraftPage(id, pageApplicant))); err != nil {
		return err
	}
	u := c.user
	if err := c.step(ctx, string(route.DraftPage(id, pageApplicant)), url.Values{"ho_ten": {u.FullName},
		"so_dinh_danh": {u.PersonalID}, "dien_thoai": {u.Phone}, "ngay_sinh": {"02/07/1992"}},
		string(route.DraftPage(id, pageRelative))); err != nil {
		return err
	}
	if err := c.step(ctx, string(route.DraftPage(id, pageRelative)), url.Values{"co_giay_khac": {"no"}},
		string(route.DraftPage(id, pageDocuments))); err != nil {
		return err
	}
	t := time.Now()
	loc, err = c.upload(ctx, string(route.DraftPage(id, pageDocuments)))
	if err != nil {
		return err
	}
	if loc != string(route.DraftDelivery(id)) {
		return fmt.Errorf("upload redirected to %q", loc)
	}
	c.uploads = append(c.uploads, time.Since(t))
	if err := c.browseTo(ctx, loc); err != nil {
		return err
	}
	if err := c.step(ctx, string(route.DraftDelivery(id)), url.Values{"delivery_method": {"desk"}},
		string(route.DraftCheck(id))); err != nil {
		return err
	}
	loc, err = c.post(ctx, string(route.DraftSubmit(id)), url.Values{route.FormDeclaration: {"yes"}}, "/ho-so/")
	if err != nil {
		return err
	}
	if !strings.HasSuffix(loc, "/da-nop") {
		return fmt.Errorf("submit redirected to %q", loc)
	}
	c.submitted++
	c.journeys = append(c.journeys, time.Since(start))
	return c.browseTo(ctx, loc)
}

// step posts a form that must redirect to next, then follows it.
func (c *client) step(ctx context.Context, path string, form url.Values, next string) error {
	loc, err := c.post(ctx, path, form, next)
	if err != nil {
		return err
	}
	if loc != next {
		return fmt.Errorf("POST %s redirected to %q, want %q", path, loc, next)
	}
	return c.browseTo(ctx, loc)
}

// browseTo fetches a page when browsing.
func (c *client) browseTo(ctx context.Context, path string) error {
	if !c.browse {
		return nil
	}
	return c.get(ctx, path)
}

func (c *client) get(ctx context.Context, path string) error {
	status, _, err := c.send(ctx, http.MethodGet, path, "", nil, 0)
	if err == nil && status != http.StatusOK {
		err = fmt.Errorf("GET %s: status %d", path, status)
	}
	return err
}

// post sends a form with the CSRF token and returns where it redirects,
// which must start with prefix.
func (c *client) post(ctx context.Context, path string, form url.Values, prefix string) (string, error) {
	form.Set(route.CSRFFormField, c.csrf())
	body := form.Encode()
	status, loc, err := c.send(ctx, http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(body), int64(len(body)))
	if err != nil {
		return "", err
	}
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		return "", fmt.Errorf("POST %s: status %d, location %q", path, status, loc)
	}
	return loc, nil
}

// upload posts the documents page as a multipart form: the CSRF token
// first, then the PDF. The body streams the one shared PDF; only the
// few hundred bytes around it are built per request.
func (c *client) upload(ctx context.Context, path string) (string, error) {
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	if err := mw.WriteField(route.CSRFFormField, c.csrf()); err != nil {
		return "", err
	}
	if _, err := mw.CreateFormFile(fileSlot, fileName); err != nil {
		return "", err
	}
	n := head.Len()
	if err := mw.Close(); err != nil {
		return "", err
	}
	b := head.Bytes()
	body := io.MultiReader(bytes.NewReader(b[:n]), bytes.NewReader(c.pdf), bytes.NewReader(b[n:]))
	status, loc, err := c.send(ctx, http.MethodPost, path, mw.FormDataContentType(), body, int64(len(b)+len(c.pdf)))
	if err != nil {
		return "", err
	}
	if status != http.StatusSeeOther {
		return "", fmt.Errorf("POST %s (upload): status %d", path, status)
	}
	return loc, nil
}

// csrf is the CSRF token of the client's cookie ("" before any page).
func (c *client) csrf() string {
	u, _ := url.Parse(c.base)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == route.CSRFCookieName {
			return ck.Value
		}
	}
	return ""
}

// send makes one request, reads the response to the end without keeping
// it, and returns the status and the Location header.
func (c *client) send(ctx context.Context, method, path, ctype string, body io.Reader, length int64) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return 0, "", err
	}
	if body != nil {
		req.ContentLength = length
		req.Header.Set("Content-Type", ctype)
	}
	c.requests++
	res, err := c.hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return 0, "", err
	}
	return res.StatusCode, res.Header.Get("Location"), nil
}
