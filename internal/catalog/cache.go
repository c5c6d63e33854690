package catalog

import (
	"container/list"
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// SearchCache keeps the results of recent public searches while the
// published catalogue stays the same. The catalogue changes a few times a
// day and citizens ask the same questions all day, so almost every search
// is answered from memory.
//
// Freshness. The database keeps a generation number that every change to
// procedures, versions or units bumps (a trigger, so imports from another
// process count too). The cache asks for it at most once per refresh
// interval, and forgets everything when it moved; a change made through
// this process's Service forgets everything at once. So a visitor sees a
// change made here immediately and one made by another instance within the
// refresh interval.
//
// Concurrent misses for one query run the store search once.
type SearchCache struct {
	generation func(context.Context) (int64, error)
	refresh    time.Duration
	now        func() time.Time
	max        int

	mu       sync.Mutex
	gen      int64 // last generation read from the store
	epoch    uint64
	checked  time.Time // when gen was read; zero forces a read
	checking bool
	entries  map[Query]*list.Element
	lru      list.List // of *cacheEntry, most recent first
	hits     uint64
	misses   uint64

	flight singleflight.Group
}

type cacheEntry struct {
	q Query
	r Results
}

// NewSearchCache builds a cache of at most size results that reads the
// catalogue generation with generation at most once per refresh.
func NewSearchCache(size int, refresh time.Duration, generation func(context.Context) (int64, error), now func() time.Time) *SearchCache {
	if now == nil {
		now = time.Now
	}
	return &SearchCache{generation: generation, refresh: refresh, now: now, max: max(size, 1),
		entries: map[Query]*list.Element{}}
}

// CacheStats are the cache's counters since it started.
type CacheStats struct {
	Entries      int
	Hits, Misses uint64
}

// Stats returns the counters.
func (c *SearchCache) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Entries: len(c.entries), Hits: c.hits, Misses: c.misses}
}

// Invalidate forgets every result (the catalogue was just changed here).
func (c *SearchCache) Invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clearLocked()
	c.checked = time.Time{}
}

func (c *SearchCache) clearLocked() {
	c.epoch++
	clear(c.entries)
	c.lru.Init()
}

// Search returns q's results from memory, or from search (run once for
// concurrent callers) when they are not there. The caller owns what it
// gets back.
func (c *SearchCache) Search(ctx context.Context, q Query, search func(context.Context, Query) (Results, error)) (Results, error) {
	c.check(ctx)
	c.mu.Lock()
	if el, ok := c.entries[q]; ok {
		c.lru.MoveToFront(el)
		c.hits++
		r := el.Value.(*cacheEntry).r
		c.mu.Unlock()
		return cloneResults(r), nil
	}
	c.misses++
	epoch := c.epoch
	c.mu.Unlock()

	key := strconv.FormatUint(epoch, 10) + "\x00" + q.Text + "\x00" + q.Field + "\x00" + string(q.Level) + "\x00" +
		q.Unit + "\x00" + string(q.Subject) + "\x00" + strconv.Itoa(q.Page) + "\x00" + strconv.Itoa(q.PerPage)
	v, err, _ := c.flight.Do(key, func() (any, error) {
		// Not the caller's context: a visitor who gives up must not fail
		// the others waiting for the same results.
		r, err := search(context.WithoutCancel(ctx), q)
		if err != nil {
			return Results{}, err
		}
		c.put(q, r, epoch)
		return r, nil
	})
	if err != nil {
		return Results{}, err
	}
	return cloneResults(v.(Results)), nil
}

// put stores r unless the cache was cleared since the search started (its
// results may predate the change).
func (c *SearchCache) put(q Query, r Results, epoch uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.epoch != epoch {
		return
	}
	if el, ok := c.entries[q]; ok {
		el.Value.(*cacheEntry).r = r
		c.lru.MoveToFront(el)
		return
	}
	c.entries[q] = c.lru.PushFront(&cacheEntry{q: q, r: r})
	for len(c.entries) > c.max {
		last := c.lru.Back()
		delete(c.entries, last.Value.(*cacheEntry).q)
		c.lru.Remove(last)
	}
}

// check reads the generation when the last reading is older than the
// refresh interval. One caller reads while the others go on with what the
// cache holds. A failed read empties the cache: nothing is served that
// cannot be vouched for.
func (c *SearchCache) check(ctx context.Context) {
	c.mu.Lock()
	if c.checking || (!c.checked.IsZero() && c.now().Sub(c.checked) < c.refresh) {
		c.mu.Unlock()
		return
	}
	c.checking = true
	epoch := c.epoch
	c.mu.Unlock()

	gen, err := c.generation(ctx)

	c.mu.Lock()
	defer c.mu.Unlock()
	c.checking = false
	switch {
	case err != nil:
		c.clearLocked()
		c.checked = time.Time{}
	case gen != c.gen || c.epoch != epoch:
		// Also when Invalidate ran during the read: the reading may be
		// older than that change.
		c.clearLocked()
		c.gen = gen
		c.checked = c.now()
	default:
		c.checked = c.now()
	}
}

// cloneResults copies r so that a caller may change its copy.
func cloneResults(r Results) Results {
	r.Items = slices.Clone(r.Items)
	for i := range r.Items {
		r.Items[i].Subjects = slices.Clone(r.Items[i].Subjects)
		r.Items[i].Units = slices.Clone(r.Items[i].Units)
	}
	r.Facets.Fields = slices.Clone(r.Facets.Fields)
	r.Facets.Levels = slices.Clone(r.Facets.Levels)
	r.Facets.Units = slices.Clone(r.Facets.Units)
	r.Facets.Subjects = slices.Clone(r.Facets.Subjects)
	return r
}
