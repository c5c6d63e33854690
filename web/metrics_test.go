package web_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/web/route"
)

// requestSeries returns the request-count series /metrics shows.
func requestSeries(t *testing.T, c *apptest.Client) []string {
	t.Helper()
	res := c.Get(route.PathMetrics)
	if res.Status != http.StatusOK {
		t.Fatalf("/metrics: %d", res.Status)
	}
	var out []string
	for _, l := range strings.Split(string(res.Body), "\n") {
		if strings.HasPrefix(l, "motcua_http_requests_total{") {
			out = append(out, l[:strings.LastIndexByte(l, ' ')])
		}
	}
	return out
}

// TestMetricsCardinalityBounded: invented methods and made-up paths add no
// series: methods outside the standard ones count as one value, and a
// path no route matches as one route.
func TestMetricsCardinalityBounded(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	c.SkipHTMLCheck = true
	flood := func(round string) {
		for i := range 30 {
			n := round + strconv.Itoa(i)
			c.Do("X"+n, route.PathHome, nil)
			c.Do("X"+n, "/khong-co-"+n, nil)
			c.Get("/khong-co/" + n + "/gi")
			c.Do(http.MethodPut, route.PathLogin+"?"+n, nil) // a known method the route does not take
		}
	}
	flood("A")
	requestSeries(t, c) // the scrape itself is a series from the next one on
	first := requestSeries(t, c)
	flood("B")
	second := requestSeries(t, c)
	if len(second) != len(first) {
		t.Errorf("series grew from %d to %d:\n%s", len(first), len(second), strings.Join(second, "\n"))
	}
	all := strings.Join(second, "\n")
	for _, leak := range []string{"XA1", "XB2", "khong-co"} {
		if strings.Contains(all, leak) {
			t.Errorf("a series carries %q:\n%s", leak, all)
		}
	}
	for _, want := range []string{`method="other",route="/"`, `route="unmatched",status="404"`,
		`method="PUT",route="` + route.PathLogin + `"`} {
		if !strings.Contains(all, want) {
			t.Errorf("no series with %s:\n%s", want, all)
		}
	}
}

// TestMetricsOnlyToAllowedAddresses: with the default METRICS_ALLOW
// (loopback) a local scraper reads /metrics, but a request forwarded by a
// proxy does not; with an allow list that leaves out loopback, nobody here
// does.
func TestMetricsOnlyToAllowedAddresses(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	if res := c.Get(route.PathMetrics); res.Status != http.StatusOK {
		t.Errorf("loopback: %d, want 200", res.Status)
	}
	for _, h := range []string{"X-Forwarded-For", "Forwarded", "X-Real-Ip"} {
		c.Header = http.Header{h: {"127.0.0.1"}}
		c.SkipHTMLCheck = true
		if res := c.Get(route.PathMetrics); res.Status != http.StatusNotFound {
			t.Errorf("forwarded (%s): %d, want 404", h, res.Status)
		}
	}

	env = apptest.New(t, func(cfg *config.Config) { cfg.MetricsAllow = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")} })
	c = env.Client(t)
	c.SkipHTMLCheck = true
	if res := c.Get(route.PathMetrics); res.Status != http.StatusNotFound || strings.Contains(string(res.Body), "go_goroutines") {
		t.Errorf("address not allowed: %d, want 404", res.Status)
	}
}

// TestMetricsOnTheirOwnListener: with METRICS_ADDR, /metrics is served on
// that listener (to whoever reaches it) and never on the site's.
func TestMetricsOnTheirOwnListener(t *testing.T) {
	env := apptest.New(t, func(cfg *config.Config) { cfg.MetricsAddr = "127.0.0.1:0" })
	c := env.Client(t)
	c.SkipHTMLCheck = true
	if res := c.Get(route.PathMetrics); res.Status != http.StatusNotFound {
		t.Errorf("site's /metrics with METRICS_ADDR: %d, want 404", res.Status)
	}
	var lc net.ListenConfig
	site, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metrics, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- env.Web.Serve(ctx, site, metrics) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	get := func(addr net.Addr, path string) (int, string) {
		t.Helper()
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, "http://"+addr.String()+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		cl := &http.Client{Timeout: 10 * time.Second}
		res, err := cl.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if status, body := get(metrics.Addr(), route.PathMetrics); status != http.StatusOK || !strings.Contains(body, "motcua_http_requests_total") {
		t.Errorf("metrics listener: %d %.200s", status, body)
	}
	if status, _ := get(metrics.Addr(), route.PathHome); status != http.StatusNotFound {
		t.Errorf("metrics listener serves the site: %d", status)
	}
	if status, _ := get(site.Addr(), route.PathMetrics); status != http.StatusNotFound {
		t.Errorf("site listener /metrics: %d, want 404", status)
	}
	if status, _ := get(site.Addr(), route.PathHealth); status != http.StatusOK {
		t.Errorf("site listener /healthz: %d", status)
	}
}
