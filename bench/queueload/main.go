// Command queueload is the staff-queue load test of `make bench`: how fast
// the queue page of a unit holding 100,000 dossiers answers, with a million
// dossiers in the database. The target is 50 ms of server time.
//
// It builds a fresh database (units, calendar, the seed catalogue, the demo
// staff and a few more officers at the measured unit), fills it with
// dossiers through bench/internal/gen (COPY over two connections, the
// indexes built afterwards: a couple of minutes for a million on two
// shared cores), vacuums and analyses the table, then measures:
//
//   - the store's Queue call alone (the tab counts and one page of 50), for
//     the default view and for each filter and tab, many times each;
//   - the whole page GET /can-bo/hang-doi over HTTP, signed in as an officer
//     of the unit, through the real server in-process (gzip on), at 1 and 8
//     concurrent clients: the default view, then every view in turn. Server
//     time is the time the application's handler takes, measured by a
//     wrapper around it (every middleware, the session, the queries,
//     rendering and gzip included; the network not). The clients' own
//     latency is reported beside it.
//
// Both report the CPU time spent per call or page, by this process (server
// and clients) and by PostgreSQL (its processes, read from /proc): unlike
// latencies, it hardly depends on what else the machine is running.
//
// With -keep a database generated completely by an earlier run with the
// same sizes is reused (the schema is migrated again), which saves the
// generation when only the measurement is of interest.
//
//	go run ./bench/queueload -db postgres://...postgres -dossiers 1000000 -unit-dossiers 100000
package main

import (
	"compress/gzip"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/bench/internal/benchkit"
	"github.com/motcua/motcua/bench/internal/gen"
	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/web/route"
)

type options struct {
	db                     string
	dossiers, unitDossiers int
	unit                   string
	claimers               int
	runs                   int
	duration               time.Duration
	clients                string
	target                 time.Duration
	keep                   bool
	cpuProfile             string
}

func main() {
	var o options
	flag.StringVar(&o.db, "db", os.Getenv("MOTCUA_BENCH_DATABASE_URL"), "maintenance database URL of a cluster to create the bench database in")
	flag.IntVar(&o.dossiers, "dossiers", 1000000, "dossiers in the database")
	flag.IntVar(&o.unitDossiers, "unit-dossiers", 100000, "of which waiting at the measured unit for its officers")
	flag.StringVar(&o.unit, "unit", "000.00.02.H19", "code of the measured unit (Sở Nội vụ)")
	flag.IntVar(&o.claimers, "claimers", 25, "officers at the unit who have taken dossiers (10% of its queue)")
	flag.IntVar(&o.runs, "runs", 200, "calls of the store query per case")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "how long the page is requested at each concurrency")
	flag.StringVar(&o.clients, "clients", "1,8", "concurrent clients of the page test, comma separated")
	flag.DurationVar(&o.target, "target", 50*time.Millisecond, "server time the page must answer within (p99)")
	flag.BoolVar(&o.keep, "keep", false, "reuse the bench database of an earlier run that generated the same data")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the page test to this file")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "queueload:", err)
		os.Exit(1)
	}
}

const dbName = "motcua_bench_queue"

func run(o options) error {
	if o.dossiers < o.unitDossiers || o.unitDossiers < 1 || o.runs < 1 || o.duration <= 0 || o.claimers < 1 {
		return errors.New("need -dossiers >= -unit-dossiers >= 1, -runs >= 1, -claimers >= 1 and a positive -duration")
	}
	levels, err := parseClients(o.clients)
	if err != nil {
		return err
	}
	ctx := context.Background()
	env, err := open(ctx, o)
	if err != nil {
		return err
	}
	defer env.Close()
	a := env.App
	unit, err := a.Units.GetByCode(ctx, o.unit)
	if err != nil {
		return fmt.Errorf("unit %s: %w", o.unit, err)
	}
	staff, err := app.LoadDemoStaff()
	if err != nil {
		return err
	}
	officer, err := a.Users.FindByLogin(ctx, staff.EmailFor(account.RoleOfficer, o.unit))
	if err != nil {
		return fmt.Errorf("the unit's demo officer: %w", err)
	}

	pages := []query{{name: "default: tab all, by due date", f: dossier.QueueFilter{}}}
	cases, err := queryCases(ctx, env, unit.ID)
	if err != nil {
		return err
	}
	pages = append(pages, cases...)

	fmt.Printf("== store query (Queue: tab counts + page of %d), %d runs each, unit %s holding %d of %d dossiers; load average %s\n",
		perPage, o.runs, o.unit, o.unitDossiers, o.dossiers, benchkit.LoadAvg())
	for _, q := range pages {
		s, total, pg, err := storeRuns(ctx, env, officer, q.f, o.runs)
		if err != nil {
			return fmt.Errorf("%s: %w", q.name, err)
		}
		fmt.Printf("  %-44s %6d in tab  %v; PostgreSQL CPU %v a call\n", q.name, total, s, pg.Round(10*time.Microsecond))
	}

	return pageTest(ctx, env, o, levels, staff, pages)
}

// open opens the bench database, generating the data unless -keep finds
// it there already.
func open(ctx context.Context, o options) (*benchkit.Env, error) {
	opts := benchkit.Options{AdminURL: o.db, Name: dbName, Hash: apptest.FastHash, Keep: o.keep}
	env, err := benchkit.Open(ctx, opts)
	if err != nil {
		return nil, err
	}
	if env.Reused {
		// The comment is written once the data is complete.
		var got sql.NullString
		if err := env.DB.SQL().QueryRowContext(ctx, "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1",
			dbName).Scan(&got); err != nil {
			_ = env.Close()
			return nil, err
		}
		if got.String == dataTag(o) {
			fmt.Printf("reusing database %s: %s (-keep)\n", dbName, got.String)
			return env, nil
		}
		fmt.Printf("database %s holds %q, not %q: generating again\n", dbName, got.String, dataTag(o))
		_ = env.Close()
		opts.Keep = false
		if env, err = benchkit.Open(ctx, opts); err != nil {
			return nil, err
		}
	}
	if err := generate(ctx, env, o); err != nil {
		_ = env.Close()
		return nil, err
	}
	return env, nil
}

// generate seeds what dossiers refer to, then the dossiers.
func generate(ctx context.Context, env *benchkit.Env, o options) error {
	a := env.App
	t0 := time.Now()
	if _, _, err := a.SeedCalendar(ctx); err != nil {
		return err
	}
	if _, err := a.SeedCatalog(ctx); err != nil {
		return err
	}
	if _, err := a.SeedDemoStaff(ctx); err != nil {
		return err
	}
	staff, err := app.LoadDemoStaff()
	if err != nil {
		return err
	}
	unit, err := a.Units.GetByCode(ctx, o.unit)
	if err != nil {
		return err
	}
	officer, err := a.Users.FindByLogin(ctx, staff.EmailFor(account.RoleOfficer, o.unit))
	if err != nil {
		return fmt.Errorf("the unit's demo officer: %w", err)
	}
	claimers := []int64{officer.ID}
	hash, err := a.Accounts.HashPassword(staff.Password)
	if err != nil {
		return err
	}
	for i := 1; i < o.claimers; i++ {
		u, err := a.Accounts.CreateStaff(ctx, 0, account.StaffInput{FullName: "Chuyên viên thử tải " + strconv.Itoa(i),
			Email: fmt.Sprintf("chuyenvien%d@bench.example.vn", i), Phone: fmt.Sprintf("0985%06d", i),
			Role: account.RoleOfficer, UnitID: unit.ID, PasswordHash: hash})
		if err != nil {
			return err
		}
		claimers = append(claimers, u.ID)
	}
	fmt.Printf("seeded the calendar, the catalogue and %d staff accounts in %v\n", o.claimers,
		time.Since(t0).Round(time.Millisecond))

	next := 0
	rep, err := gen.Dossiers(ctx, env.DB.SQL(), gen.Spec{Dossiers: o.dossiers, UnitDossiers: o.unitDossiers,
		Unit: o.unit, Role: string(account.RoleOfficer), Claimers: claimers, ClaimedShare: 0.1, ActiveShare: 0.3,
		Now: time.Now(), Seed: 1, DropIndexes: true, Progress: func(done int) {
			if done >= next {
				fmt.Printf("  %d dossiers...\n", done)
				next += max(o.dossiers/10, 1)
			}
		}})
	if err != nil {
		return err
	}
	fmt.Printf("generated %v\n", rep)
	// Index-only scans need the visibility map, which autovacuum sets soon
	// after a bulk insert in production; here it is done at once.
	t1 := time.Now()
	if _, err := env.DB.SQL().ExecContext(ctx, "VACUUM (ANALYZE) dossiers"); err != nil {
		return err
	}
	var size string
	if err := env.DB.SQL().QueryRowContext(ctx, "SELECT pg_size_pretty(pg_total_relation_size('dossiers'))").Scan(&size); err != nil {
		return err
	}
	fmt.Printf("VACUUM (ANALYZE) dossiers in %v; the table with its indexes: %s\n", time.Since(t1).Round(time.Millisecond), size)
	_, err = env.DB.SQL().ExecContext(ctx, "COMMENT ON DATABASE "+dbName+" IS '"+dataTag(o)+"'")
	return err
}

// dataTag describes the generated data, for -keep.
func dataTag(o options) string {
	return fmt.Sprintf("queueload: %d dossiers, %d at %s, %d claimers", o.dossiers, o.unitDossiers, o.unit, o.claimers)
}

const perPage = 50

type query struct {
	name string
	f    dossier.QueueFilter
}

// queryCases are the filters and tabs measured besides the default view:
// the unit's most and least frequent procedure, a frequent and a rare
// status and channel, due within 8 working hours, every other tab, and a
// page deep in the list.
func queryCases(ctx context.Context, env *benchkit.Env, unitID int64) ([]query, error) {
	rows, err := env.DB.SQL().QueryContext(ctx, `SELECT procedure_code FROM dossiers WHERE step <> '' AND step_unit_id = $1
		AND step_role = 'officer' GROUP BY procedure_code ORDER BY count(*) DESC, procedure_code`, unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var procs []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		procs = append(procs, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(procs) == 0 {
		return nil, errors.New("no dossiers wait at the unit")
	}
	return []query{
		{"status: processing (4)", dossier.QueueFilter{Status: dossier.StatusProcessing}},
		{"status: payment requested (6), rare", dossier.QueueFilter{Status: dossier.StatusPayment}},
		{"procedure: most frequent " + procs[0], dossier.QueueFilter{Procedure: procs[0]}},
		{"procedure: least frequent " + procs[len(procs)-1], dossier.QueueFilter{Procedure: procs[len(procs)-1]}},
		{"channel: online (2)", dossier.QueueFilter{Channel: dossier.ChannelOnline}},
		{"channel: postal (3), rare", dossier.QueueFilter{Channel: dossier.ChannelPostal}},
		{"due within 8 working hours", dossier.QueueFilter{WithinHours: 8}},
		{"tab overdue", dossier.QueueFilter{Tab: dossier.TabOverdue}},
		{"tab mine", dossier.QueueFilter{Tab: dossier.TabMine}},
		{"tab soon", dossier.QueueFilter{Tab: dossier.TabSoon}},
		{"tab paused", dossier.QueueFilter{Tab: dossier.TabPaused}},
		{"status 4 + channel 2 + most frequent proc.", dossier.QueueFilter{Status: dossier.StatusProcessing,
			Channel: dossier.ChannelOnline, Procedure: procs[0]}},
		{"page 20 of tab all", dossier.QueueFilter{Page: 20}},
	}, nil
}

// storeRuns calls the store's Queue with the query the service makes of f
// (its instants computed once), a few times to warm up, then runs times.
// It returns the latencies, the count of the tab and the CPU time
// PostgreSQL spent per call.
func storeRuns(ctx context.Context, env *benchkit.Env, officer account.User, f dossier.QueueFilter, runs int) (benchkit.Summary, int, time.Duration, error) {
	f.PerPage = perPage
	page, err := env.App.Dossiers.Queue(ctx, officer, f)
	if err != nil {
		return benchkit.Summary{}, 0, 0, err
	}
	tab := f.Tab
	if tab == "" {
		tab = dossier.TabAll
	}
	q := dossier.QueueQuery{UnitID: officer.UnitID, Role: string(officer.Role), UserID: officer.ID, Tab: tab,
		Status: f.Status, Procedure: f.Procedure, Channel: f.Channel, Now: page.Now, Soon: page.Soon,
		Page: max(f.Page, 1), PerPage: perPage}
	if f.WithinHours == 8 {
		q.DueBefore = page.Soon // the same 8 working hours
	} else if f.WithinHours != 0 {
		return benchkit.Summary{}, 0, 0, errors.New("only 8 working hours are measured")
	}
	st := env.App.DossierStore
	for range 3 {
		if _, err := st.Queue(ctx, q); err != nil {
			return benchkit.Summary{}, 0, 0, err
		}
	}
	pg0, err := benchkit.PostgresCPU(ctx, env.DB.SQL())
	if err != nil {
		return benchkit.Summary{}, 0, 0, err
	}
	d := make([]time.Duration, 0, runs)
	for range runs {
		t := time.Now()
		p, err := st.Queue(ctx, q)
		if err != nil {
			return benchkit.Summary{}, 0, 0, err
		}
		d = append(d, time.Since(t))
		if p.Total != page.Total {
			return benchkit.Summary{}, 0, 0, fmt.Errorf("the store counts %d, the service %d", p.Total, page.Total)
		}
	}
	pg1, err := benchkit.PostgresCPU(ctx, env.DB.SQL())
	if err != nil {
		return benchkit.Summary{}, 0, 0, err
	}
	return benchkit.Summarize(d), page.Total, (pg1 - pg0) / time.Duration(runs), nil
}

// timer records how long the application's handler takes for the queue
// page.
type timer struct {
	mu sync.Mutex
	d  []time.Duration
}

func (t *timer) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h.ServeHTTP(w, r)
		if r.URL.Path == route.PathQueue {
			el := time.Since(start)
			t.mu.Lock()
			t.d = append(t.d, el)
			t.mu.Unlock()
		}
	})
}

func (t *timer) take() []time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	d := t.d
	t.d = nil
	return d
}

// pageTest requests the queue page, signed in as the unit's officer, at
// each concurrency: first the default view, then the filtered views in
// turn.
func pageTest(ctx context.Context, env *benchkit.Env, o options, levels []int, staff app.DemoStaff, pages []query) error {
	var tm timer
	base, stop, err := env.ServeWrapped(ctx, tm.wrap)
	if err != nil {
		return err
	}
	defer stop()
	maxClients := 0
	for _, n := range levels {
		maxClients = max(maxClients, n)
	}
	transport := &http.Transport{MaxIdleConnsPerHost: maxClients}
	defer transport.CloseIdleConnections()
	email := staff.EmailFor(account.RoleOfficer, o.unit)
	clients := make([]*client, maxClients)
	for i := range clients {
		jar, err := cookiejar.New(nil)
		if err != nil {
			return err
		}
		clients[i] = &client{base: base, hc: &http.Client{Jar: jar, Transport: transport, Timeout: time.Minute,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		if err := clients[i].login(ctx, email, staff.Password); err != nil {
			return fmt.Errorf("login %s: %w", email, err)
		}
	}
	var paths []string
	for _, q := range pages {
		paths = append(paths, string(route.Queue(route.QueueQuery{Tab: string(q.f.Tab), Status: int(q.f.Status),
			Procedure: q.f.Procedure, Channel: int(q.f.Channel), WithinHours: int(q.f.WithinHours), Page: q.f.Page})))
	}
	// Warm-up: every view once; the default one must be a gzipped page of
	// 50 dossiers.
	for _, p := range paths {
		if _, err := clients[0].get(ctx, p); err != nil {
			return fmt.Errorf("warm-up %s: %w", p, err)
		}
	}
	body, err := clients[0].get(ctx, paths[0])
	if err != nil {
		return err
	}
	if n := strings.Count(body, `href="/ho-so/`); n < perPage {
		return fmt.Errorf("the queue page links %d dossiers, want %d", n, perPage)
	}
	tm.take()

	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile) //nolint:gosec // G304: the operator names the profile file on the command line
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	fmt.Printf("== page GET %s (signed in as %s, gzip), %v per run; server time = the handler's, client = round trip on this machine\n",
		route.PathQueue, email, o.duration)
	pass := true
	for _, mix := range []struct {
		name  string
		paths []string
	}{{"default view", paths[:1]}, {"every view in turn", paths}} {
		for _, n := range levels {
			load := benchkit.LoadAvg()
			cpu0 := benchkit.CPUTime()
			pg0, err := benchkit.PostgresCPU(ctx, env.DB.SQL())
			if err != nil {
				return err
			}
			res := hammer(ctx, clients[:n], mix.paths, o.duration)
			cpu := benchkit.CPUTime() - cpu0
			pg1, err := benchkit.PostgresCPU(ctx, env.DB.SQL())
			if err != nil {
				return err
			}
			server := benchkit.Summarize(tm.take())
			client := benchkit.Summarize(res.latencies)
			pages := time.Duration(max(client.N, 1))
			fmt.Printf("  %-18s %d client(s): %d pages, %.0f/s, errors %d, %d KiB gzipped on average; load average %s\n",
				mix.name, n, client.N, float64(client.N)/res.elapsed.Seconds(), res.errs, res.bytes/max(int64(client.N), 1)>>10, load)
			fmt.Printf("    server %v\n    client %v\n", server, client)
			fmt.Printf("    CPU a page: this process (server and clients) %v, PostgreSQL %v\n",
				(cpu / pages).Round(10*time.Microsecond), ((pg1 - pg0) / pages).Round(10*time.Microsecond))
			if res.firstErr != nil {
				fmt.Printf("    first error: %v\n", res.firstErr)
			}
			if server.P99 > o.target || res.errs > 0 {
				pass = false
			}
		}
	}
	verdict := "met"
	if !pass {
		verdict = "MISSED"
	}
	fmt.Printf("  target: p99 server time <= %v at every concurrency: %s\n", o.target, verdict)
	return nil
}

type result struct {
	latencies []time.Duration
	elapsed   time.Duration
	errs      int
	bytes     int64
	firstErr  error
}

// hammer has each client request the paths in turn for d.
func hammer(ctx context.Context, clients []*client, paths []string, d time.Duration) result {
	var (
		mu  sync.Mutex
		res result
		wg  sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(d)
	for i, c := range clients {
		wg.Go(func() {
			var lat []time.Duration
			var errs int
			var bytes int64
			var first error
			for j := i; time.Now().Before(deadline); j++ {
				t := time.Now()
				n, err := c.fetch(ctx, paths[j%len(paths)])
				if err != nil {
					errs++
					if first == nil {
						first = err
					}
					continue
				}
				lat = append(lat, time.Since(t))
				bytes += n
			}
			mu.Lock()
			defer mu.Unlock()
			res.latencies = append(res.latencies, lat...)
			res.errs += errs
			res.bytes += bytes
			if res.firstErr == nil {
				res.firstErr = first
			}
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

func parseClients(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-clients: %q is not a positive number", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// client is one officer's browser, used by one goroutine at a time.
type client struct {
	base string
	hc   *http.Client
}

func (c *client) login(ctx context.Context, email, password string) error {
	p := string(route.Login(""))
	if _, err := c.get(ctx, p); err != nil {
		return err
	}
	form := url.Values{route.LoginFormIdentity: {email}, route.LoginFormPassword: {password}, route.CSRFFormField: {c.csrf()}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+p, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("POST %s: status %d", p, res.StatusCode)
	}
	return nil
}

func (c *client) csrf() string {
	u, _ := url.Parse(c.base)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == route.CSRFCookieName {
			return ck.Value
		}
	}
	return ""
}

// get fetches a page and returns it (decompressed).
func (c *client) get(ctx context.Context, path string) (string, error) {
	res, err := c.do(ctx, path)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var r io.Reader = res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			return "", err
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return "", err
	}
	if res.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: status %d", path, res.StatusCode)
	}
	return string(b), nil
}

// fetch requests a page as gzip, reads the compressed body to the end
// without keeping it, and returns its length.
func (c *client) fetch(ctx context.Context, path string) (int64, error) {
	res, err := c.do(ctx, path)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	n, err := io.Copy(io.Discard, res.Body)
	if err != nil {
		return 0, err
	}
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != "gzip" {
		return 0, fmt.Errorf("GET %s: status %d, encoding %q", path, res.StatusCode, res.Header.Get("Content-Encoding"))
	}
	return n, nil
}

// do sends a GET asking for gzip itself, so the transport hands over the
// compressed body as it came (the browser's inflating is not server time).
func (c *client) do(ctx context.Context, path string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	return c.hc.Do(req)
}
