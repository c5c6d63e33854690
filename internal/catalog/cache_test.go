package catalog_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/catalog"
)

// countingSearch answers every query with one hit named after the query's
// text and the current "catalogue" name, counting the calls.
type countingSearch struct {
	calls   atomic.Int64
	name    atomic.Value // string: what the catalogue says now
	release chan struct{}
}

func newCountingSearch() *countingSearch {
	s := &countingSearch{}
	s.name.Store("v1")
	return s
}

func (s *countingSearch) search(_ context.Context, q catalog.Query) (catalog.Results, error) {
	s.calls.Add(1)
	if s.release != nil {
		<-s.release
	}
	return catalog.Results{Items: []catalog.Hit{{Code: "1.000001", Name: q.Text + " " + s.name.Load().(string),
		Subjects: []catalog.Subject{catalog.SubjectCitizen}}}, Total: 1,
		Facets: catalog.Facets{Levels: []catalog.FacetValue{{Value: "commune", Count: 1}}}}, nil
}

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// generation is the database's counter as the cache sees it.
type generation struct {
	n     atomic.Int64
	reads atomic.Int64
	err   atomic.Value // error or nil
}

func (g *generation) read(context.Context) (int64, error) {
	g.reads.Add(1)
	if err, _ := g.err.Load().(error); err != nil {
		return 0, err
	}
	return g.n.Load(), nil
}

func name(t *testing.T, c *catalog.SearchCache, s *countingSearch, text string) string {
	t.Helper()
	r, err := c.Search(context.Background(), catalog.Query{Text: text, Page: 1, PerPage: 20}, s.search)
	if err != nil {
		t.Fatal(err)
	}
	return r.Items[0].Name
}

func TestSearchCacheFreshness(t *testing.T) {
	s := newCountingSearch()
	var g generation
	clk := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	c := catalog.NewSearchCache(10, time.Second, g.read, clk.now)

	if got := name(t, c, s, "khai sinh"); got != "khai sinh v1" {
		t.Fatalf("first search = %q", got)
	}
	s.name.Store("v2") // another instance publishes...
	if got := name(t, c, s, "khai sinh"); got != "khai sinh v1" || s.calls.Load() != 1 {
		t.Fatalf("repeat within the refresh interval = %q after %d searches, want the cached v1 after 1", got, s.calls.Load())
	}
	clk.add(time.Second) // ...the interval passes, but the generation has not moved yet
	if got := name(t, c, s, "khai sinh"); got != "khai sinh v1" {
		t.Fatalf("unchanged generation: %q, want still cached", got)
	}
	g.n.Add(1) // ...now its commit is visible
	clk.add(999 * time.Millisecond)
	if got := name(t, c, s, "khai sinh"); got != "khai sinh v1" {
		t.Fatalf("before the next check: %q, want cached", got)
	}
	clk.add(time.Millisecond)
	if got := name(t, c, s, "khai sinh"); got != "khai sinh v2" {
		t.Fatalf("after the generation moved: %q, want v2", got)
	}
	if reads := g.reads.Load(); reads != 3 {
		t.Errorf("generation read %d times, want 3 (first search, then once per interval)", reads)
	}

	// A change made through this process is seen at once.
	s.name.Store("v3")
	g.n.Add(1)
	c.Invalidate()
	if got := name(t, c, s, "khai sinh"); got != "khai sinh v3" {
		t.Fatalf("after Invalidate: %q, want v3", got)
	}

	// The database cannot be asked: nothing is served from memory.
	g.err.Store(errors.New("connection refused"))
	clk.add(time.Second)
	s.name.Store("v4")
	if got := name(t, c, s, "khai sinh"); got != "khai sinh v4" {
		t.Fatalf("generation unreadable: %q, want a fresh search", got)
	}
	if st := c.Stats(); st.Hits == 0 || st.Misses == 0 {
		t.Errorf("stats %+v, want hits and misses counted", st)
	}
}

func TestSearchCacheKeysEvictionAndCopies(t *testing.T) {
	s := newCountingSearch()
	var g generation
	c := catalog.NewSearchCache(2, time.Hour, g.read, nil)
	ctx := context.Background()

	name(t, c, s, "a")
	name(t, c, s, "b")
	// Other pages and filters are other queries.
	for _, q := range []catalog.Query{{Text: "a", Page: 2, PerPage: 20}, {Text: "a", Page: 1, PerPage: 20, Level: catalog.LevelCommune}} {
		before := s.calls.Load()
		if _, err := c.Search(ctx, q, s.search); err != nil {
			t.Fatal(err)
		}
		if s.calls.Load() != before+1 {
			t.Errorf("%+v answered from another query's results", q)
		}
	}
	// Size 2: "a" and "b" (page 1) were evicted by the last two.
	before := s.calls.Load()
	name(t, c, s, "b")
	if s.calls.Load() != before+1 {
		t.Error(`"b" still cached after two newer queries in a cache of 2`)
	}
	if st := c.Stats(); st.Entries != 2 {
		t.Errorf("entries = %d, want 2", st.Entries)
	}

	// A caller changing its results does not change the cache's.
	r, err := c.Search(ctx, catalog.Query{Text: "b", Page: 1, PerPage: 20}, s.search)
	if err != nil {
		t.Fatal(err)
	}
	r.Items[0].Name = "changed"
	r.Items[0].Subjects[0] = catalog.SubjectBusiness
	r.Facets.Levels[0].Count = 99
	again, err := c.Search(ctx, catalog.Query{Text: "b", Page: 1, PerPage: 20}, s.search)
	if err != nil {
		t.Fatal(err)
	}
	if again.Items[0].Name != "b v1" || again.Items[0].Subjects[0] != catalog.SubjectCitizen || again.Facets.Levels[0].Count != 1 {
		t.Errorf("cached results changed through a caller's copy: %+v", again)
	}
}

// TestSearchCacheConcurrentMisses: callers asking the same new question at
// once share one store search; a search that started before an
// invalidation does not put its (possibly old) results in the cache.
func TestSearchCacheConcurrentMisses(t *testing.T) {
	s := newCountingSearch()
	s.release = make(chan struct{})
	var g generation
	c := catalog.NewSearchCache(10, time.Hour, g.read, nil)

	const callers = 20
	var wg, started sync.WaitGroup
	names := make([]string, callers)
	started.Add(callers)
	for i := range callers {
		wg.Go(func() {
			started.Done()
			r, err := c.Search(context.Background(), catalog.Query{Text: "x", Page: 1, PerPage: 20}, s.search)
			if err != nil {
				t.Error(err)
				return
			}
			names[i] = r.Items[0].Name
		})
	}
	// Every caller is running (on a busy machine with the race detector
	// they may take a while to be scheduled) and one search has begun;
	// give the others time to reach the shared call.
	started.Wait()
	for s.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	c.Invalidate() // the catalogue changes while the search runs
	close(s.release)
	wg.Wait()
	if n := s.calls.Load(); n != 1 {
		// The scheduler may start a late caller after the first finished;
		// still, far fewer than one search each.
		if n > callers/2 {
			t.Errorf("%d concurrent callers ran %d searches, want them shared", callers, n)
		}
	}
	for i, n := range names {
		if n != "x v1" {
			t.Errorf("caller %d got %q", i, n)
		}
	}
	s.name.Store("v2")
	if got := name(t, c, s, "x"); got != "x v2" {
		t.Errorf("after an invalidation during the search: %q, want a fresh search (v2)", got)
	}
}
