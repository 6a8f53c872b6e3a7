package store_test

import (
	"sync"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
)

func TestMain(m *testing.M) { firestoretest.Main(m) }

// clock is a settable clock for the store.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 2, 15, 4, 5, 123456000, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newCoalition returns a store on a project of the test's own, its clock, and
// the handle for coalition "c1".
func newCoalition(t testing.TB) (*store.Store, *clock, *store.Coalition) {
	t.Helper()
	client, _ := firestoretest.NewClient(t)
	clk := newClock()
	s := store.New(client, store.WithClock(clk.Now))
	c, err := s.Coalition("c1")
	if err != nil {
		t.Fatal(err)
	}
	return s, clk, c
}

// delta returns the counters' change since before.
func delta(s *store.Store, before store.Counters) store.Counters {
	now := s.Counters()
	return store.Counters{Writes: now.Writes - before.Writes, Commits: now.Commits - before.Commits, Reads: now.Reads - before.Reads}
}
