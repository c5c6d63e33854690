// Command catalogload is the catalogue-search load test of `make bench`: it
// builds a fresh database with N procedures (variations of the seed
// catalogue), serves the real application in-process, and runs C concurrent
// clients issuing catalogue searches over HTTP for a fixed time, then
// reports throughput and latency percentiles. It stops by itself and only
// talks to 127.0.0.1.
//
//	go run ./bench/catalogload -db postgres://...postgres -procedures 2000 -clients 32 -duration 20s
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/bench/internal/benchkit"
	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/pgstore"
)

func main() {
	dbURL := flag.String("db", os.Getenv("MOTCUA_BENCH_DATABASE_URL"), "maintenance database URL of a cluster to create the bench database in")
	n := flag.Int("procedures", 2000, "procedures to load")
	clients := flag.Int("clients", 32, "concurrent clients")
	duration := flag.Duration("duration", 20*time.Second, "how long to run")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the measured run (server and clients) to this file")
	fresh := flag.Float64("fresh", 0, "share of searches (0-1) that are new questions: two words of the catalogue no one asked before, which the result cache cannot answer")
	flag.Parse()
	if err := run(*dbURL, *n, *clients, *duration, *cpuProfile, *fresh); err != nil {
		fmt.Fprintln(os.Stderr, "catalogload:", err)
		os.Exit(1)
	}
}

func run(dbURL string, n, clients int, duration time.Duration, cpuProfile string, fresh float64) error {
	ctx := context.Background()
	env, err := benchkit.Open(ctx, benchkit.Options{AdminURL: dbURL, Name: "motcua_bench_catalog",
		Pool: pgstore.PoolConfig{MaxOpen: 20, MaxIdle: 20}, Hash: account.DefaultHashParams})
	if err != nil {
		return err
	}
	defer env.Close()
	db := env.DB
	start := time.Now()
	recs, err := generate(n)
	if err != nil {
		return err
	}
	if err := db.InTx(ctx, func(tx *pgstore.DB) error {
		st := pgstore.NewCatalogStore(tx)
		for _, r := range recs {
			if _, err := st.SaveDraft(ctx, r, 0, start); err != nil {
				return fmt.Errorf("%s: %w", r.Code, err)
			}
			if _, err := st.Publish(ctx, r.Code, 0, start); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if _, err := db.SQL().ExecContext(ctx, "ANALYZE"); err != nil {
		return err
	}
	fmt.Printf("loaded %d procedures in %v\n", len(recs), time.Since(start).Round(time.Millisecond))

	base, stop, err := env.Serve(ctx)
	if err != nil {
		return err
	}
	defer stop()

	queries := queryMix()
	vocab := vocabulary(recs)
	// Warm up: every query once.
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: 10 * time.Second}
	for _, q := range queries {
		if _, err := get(ctx, client, base+q); err != nil {
			return fmt.Errorf("warm-up %s: %w", q, err)
		}
	}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      int
		wg        sync.WaitGroup
	)
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile) //nolint:gosec // G304: the operator names the profile file on the command line
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	deadline := time.Now().Add(duration)
	for i := range clients {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 7)) //nolint:gosec // G404: picks test queries, not secrets
			var local []time.Duration
			bad := 0
			for time.Now().Before(deadline) {
				q := queries[rng.IntN(len(queries))]
				if fresh > 0 && rng.Float64() < fresh {
					// A question never asked before in this run: two words
					// of the catalogue and a client-unique page size.
					q = "/api/v1/procedures?q=" + url.QueryEscape(vocab[rng.IntN(len(vocab))]+" "+vocab[rng.IntN(len(vocab))]) +
						"&per_page=" + strconv.Itoa(10+int(seed))
				}
				t0 := time.Now()
				if _, err := get(ctx, client, base+q); err != nil {
					bad++
					continue
				}
				local = append(local, time.Since(t0))
			}
			mu.Lock()
			latencies = append(latencies, local...)
			errs += bad
			mu.Unlock()
		}(uint64(i))
	}
	wg.Wait()
	sum := benchkit.Summarize(latencies)
	fmt.Printf("catalogue search: %d procedures, %d clients, %.0f%% fresh questions, %v: %d requests, %.0f req/s, %v, errors %d\n",
		len(recs), clients, fresh*100, duration, sum.N, float64(sum.N)/duration.Seconds(), sum, errs)
	return nil
}

func get(ctx context.Context, c *http.Client, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return 0, err
	}
	if res.StatusCode != http.StatusOK {
		return res.StatusCode, fmt.Errorf("status %d", res.StatusCode)
	}
	return res.StatusCode, nil
}

// vocabulary lists the distinct words of the procedures' names.
func vocabulary(recs []catalog.Record) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range recs {
		for _, w := range strings.Fields(r.Name) {
			if w = strings.Trim(w, ",.;:()\"'"); len([]rune(w)) > 2 && !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	sort.Strings(out)
	return out
}

// queryMix is what citizens type: names with and without diacritics,
// typos, codes, and filters, against both the page and the API.
func queryMix() []string {
	words := []string{"giấy phép lái xe", "giay phep lai xe", "đăng ký khai sinh", "dang ky khai sinh", "khai sjnh",
		"kết hôn", "thuong tru", "hộ kinh doanh", "lý lịch tư pháp", "chứng thực", "1.001193", "doanh nghiep",
		"xay dung nha o", "tro cap that nghiep", "cho thuê lại lao động"}
	var out []string
	for _, w := range words {
		out = append(out, "/thu-tuc?q="+url.QueryEscape(w), "/api/v1/procedures?q="+url.QueryEscape(w))
	}
	out = append(out, "/thu-tuc", "/thu-tuc?cap=commune", "/thu-tuc?linh-vuc=HT&q=dang+ky",
		"/api/v1/procedures?level=province&page=3", "/thu-tuc?doi-tuong=business&q=dang+ky")
	return out
}

// generate varies the seed catalogue into n procedures: the real ones,
// then copies with new codes, names qualified by a place or a case, and
// shuffled levels, so search sees realistic text at realistic volume.
func generate(n int) ([]catalog.Record, error) {
	var base []catalog.Record
	err := fs.WalkDir(motcua.SeedFS, "testdata/seed/catalog", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".json" || strings.Contains(p, "/gen/") {
			return err
		}
		f, err := motcua.SeedFS.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		nrs, err := catalog.DecodeFile(p, f)
		if err != nil {
			return err
		}
		for _, nr := range nrs {
			r, err := catalog.FromNational(nr)
			if err != nil {
				return err
			}
			base = append(base, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(base) == 0 {
		return nil, fmt.Errorf("no seed procedures found")
	}
	places := []string{"Phường Phan Đình Phùng", "Xã Đại Từ", "Xã Phú Bình", "Phường Sông Công", "Xã Võ Nhai", "Xã Định Hóa",
		"Phường Phổ Yên", "Xã Đồng Hỷ", "Xã Ba Bể", "Xã Chợ Đồn", "Phường Bắc Kạn", "Xã Na Rì"}
	qualifiers := []string{"cho người nước ngoài", "trường hợp có yếu tố nước ngoài", "đối với hộ nghèo", "bản sao",
		"lần thứ hai", "qua dịch vụ bưu chính", "cho người khuyết tật", "đối với doanh nghiệp nhỏ và vừa"}
	out := append([]catalog.Record(nil), base...)
	levels := []catalog.Level{catalog.LevelProvince, catalog.LevelCommune, catalog.LevelCentral}
	for i := 0; len(out) < n; i++ {
		r := base[i%len(base)]
		r.Code = fmt.Sprintf("8.%06d", i+1)
		r.Name = r.Name + " " + qualifiers[i%len(qualifiers)] + " tại " + places[(i/len(qualifiers))%len(places)]
		r.Level = levels[i%len(levels)]
		r.Field.Code = fmt.Sprintf("%s%d", r.Field.Code, i%5)
		out = append(out, r)
	}
	return out[:n], nil
}
