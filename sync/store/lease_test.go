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

// TestLeasePendingSurvivesExpiry walks the lease's states (see the lease
// contract in lease.go) through the ways a run can end without finishing:
// a holder that died with a request pending, and a run that ended
// unfinished and left the sync to the next trigger. A sync asked for is
// never forgotten: whoever takes the lease next either runs it at once
// (TryAcquire) or is told to run it (TryHold, then Release says again).
func TestLeasePendingSurvivesExpiry(t *testing.T) {
	t.Parallel()
	type step struct {
		name    string
		advance time.Duration
		do      func(ctx context.Context, c *store.Coalition) (bool, error)
		want    bool
		wantErr error
	}
	acquire := func(owner string) func(context.Context, *store.Coalition) (bool, error) {
		return func(ctx context.Context, c *store.Coalition) (bool, error) {
			return c.TryAcquire(ctx, owner, 30*time.Second)
		}
	}
	hold := func(owner string) func(context.Context, *store.Coalition) (bool, error) {
		return func(ctx context.Context, c *store.Coalition) (bool, error) {
			return c.TryHold(ctx, owner, 30*time.Second)
		}
	}
	release := func(owner string) func(context.Context, *store.Coalition) (bool, error) {
		return func(ctx context.Context, c *store.Coalition) (bool, error) { return c.Release(ctx, owner) }
	}
	pending := func(owner string) func(context.Context, *store.Coalition) (bool, error) {
		return func(ctx context.Context, c *store.Coalition) (bool, error) { return true, c.ReleasePending(ctx, owner) }
	}
	isPending := func(ctx context.Context, c *store.Coalition) (bool, error) {
		l, err := c.Lease(ctx)
		return l.Pending, err
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"a holder dies with a request pending; the upkeep takes over and is told to sync", []step{
			{"a acquires", 0, acquire("a"), true, nil},
			{"an edit finds it busy and sets dirty", time.Second, acquire("edit"), false, nil},
			{"a dies; its lease expires", 30 * time.Second, isPending, true, nil},
			{"the upkeep takes the expired lease", 0, hold("upkeep"), true, nil},
			{"its release says run again: the owed sync", 0, release("upkeep"), true, nil},
			{"after that sync the lease is free", 0, release("upkeep"), false, nil},
		}},
		{"a holder dies with a request pending; the next sync takes over and answers it", []step{
			{"a acquires", 0, acquire("a"), true, nil},
			{"an edit sets dirty", time.Second, acquire("edit"), false, nil},
			{"b takes the expired lease to sync", 31 * time.Second, acquire("b"), true, nil},
			{"b's sync read after the edit: no repeat", 0, release("b"), false, nil},
		}},
		{"a run ends unfinished and leaves the sync to the next trigger", []step{
			{"a acquires", 0, acquire("a"), true, nil},
			{"a's caller gives up: a leaves it pending", time.Second, pending("a"), true, nil},
			{"leaving it pending twice is harmless", 0, pending("a"), true, nil},
			{"the lease is pending at once, not after its ttl", 0, isPending, true, nil},
			{"the upkeep takes it", 0, hold("upkeep"), true, nil},
			{"and is told to sync", 0, release("upkeep"), true, nil},
			{"then frees it", 0, release("upkeep"), false, nil},
			{"nothing is pending any more", 0, isPending, false, nil},
		}},
		{"a pending lease taken by a sync needs no repeat", []step{
			{"a acquires", 0, acquire("a"), true, nil},
			{"a leaves it pending", 0, pending("a"), true, nil},
			{"b takes it to sync", 0, acquire("b"), true, nil},
			{"a can no longer touch it", 0, pending("a"), false, store.ErrLeaseLost},
			{"b's release frees it", 0, release("b"), false, nil},
		}},
		{"a held-dirty lease left pending keeps the request", []step{
			{"a acquires", 0, acquire("a"), true, nil},
			{"an edit sets dirty", 0, acquire("edit"), false, nil},
			{"a leaves it pending", 0, pending("a"), true, nil},
			{"the upkeep takes it", 0, hold("upkeep"), true, nil},
			{"and is told to sync", 0, release("upkeep"), true, nil},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			_, clk, c := newCoalition(t)
			for _, st := range tc.steps {
				clk.Advance(st.advance)
				got, err := st.do(ctx, c)
				if !errors.Is(err, st.wantErr) || (err == nil && got != st.want) {
					t.Fatalf("%s: got %v, %v; want %v, %v", st.name, got, err, st.want, st.wantErr)
				}
			}
		})
	}
}
