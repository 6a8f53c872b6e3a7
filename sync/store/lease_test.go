package store_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/sync/store"
)

// runSync is how the sync engine uses the lease: run while Release says again.
func runSync(ctx context.Context, c *store.Coalition, owner string, run func()) (ran bool, err error) {
	ok, err := c.TryAcquire(ctx, owner, time.Minute)
	if err != nil || !ok {
		return false, err
	}
	for {
		run()
		again, err := c.Release(ctx, owner)
		if err != nil {
			return true, err
		}
		if !again {
			return true, nil
		}
	}
}

func TestLeaseConcurrentSyncs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, _, c := newCoalition(t)

	var runs atomic.Int32
	loserDone := make(chan struct{})
	start := make(chan struct{})
	results := make([]bool, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, owner := range []string{"sync-a", "sync-b"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i], errs[i] = runSync(ctx, c, owner, func() {
				if runs.Add(1) == 1 {
					<-loserDone // the other request arrives during the first run
				}
			})
			if !results[i] {
				close(loserDone)
			}
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("sync %d: %v", i, err)
		}
	}
	if results[0] == results[1] {
		t.Errorf("ran = %v, want exactly one of the two syncs to run", results)
	}
	if got := runs.Load(); got != 2 {
		t.Errorf("runs = %d, want 2 (the first run and exactly one repeat for the dirty flag)", got)
	}
	l, err := c.Lease(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if l.Held || l.Dirty {
		t.Errorf("lease after the runs = %+v, want free and clean", l)
	}
}

func TestLeaseExpiry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, clk, c := newCoalition(t)

	steps := []struct {
		name    string
		advance time.Duration
		do      func() (bool, error)
		want    bool
		wantErr error
	}{
		{"a acquires", 0, func() (bool, error) { return c.TryAcquire(ctx, "a", time.Minute) }, true, nil},
		{"b is refused while a holds it and sets dirty", 30 * time.Second, func() (bool, error) { return c.TryAcquire(ctx, "b", time.Minute) }, false, nil},
		{"a renews", 0, func() (bool, error) { return true, c.Renew(ctx, "a", time.Minute) }, true, nil},
		{"b is refused before the renewed expiry", 59 * time.Second, func() (bool, error) { return c.TryAcquire(ctx, "b", time.Minute) }, false, nil},
		{"b takes over once a's lease expired", 2 * time.Second, func() (bool, error) { return c.TryAcquire(ctx, "b", time.Minute) }, true, nil},
		{"a has lost it", 0, func() (bool, error) { return c.Release(ctx, "a") }, false, store.ErrLeaseLost},
		{"a cannot renew", 0, func() (bool, error) { return false, c.Renew(ctx, "a", time.Minute) }, false, store.ErrLeaseLost},
		{"b releases with no repeat: the takeover started clean", 0, func() (bool, error) { return c.Release(ctx, "b") }, false, nil},
		{"the lease is free again", 0, func() (bool, error) { return c.TryAcquire(ctx, "c", time.Minute) }, true, nil},
	}
	for _, st := range steps {
		clk.Advance(st.advance)
		got, err := st.do()
		if !errors.Is(err, st.wantErr) || (err == nil && got != st.want) {
			t.Fatalf("%s: got %v, %v; want %v, %v", st.name, got, err, st.want, st.wantErr)
		}
	}
}
