package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
)

// Twenty triggers ask for the lease at the same moment, on a free lease and
// on one already held. Exactly one (or none) wins; every other caller is
// answered "busy" at once, after a bounded number of Firestore calls, and
// the dirty flag is set so that the holder runs once more. Before, every
// caller ran a transaction on the one lease document: the emulator queued
// them on its lock, and callers waited for seconds (in production, up to
// "Transaction lock timeout").
func TestLeaseBusyIsAnsweredAtOnceUnderContention(t *testing.T) {
	t.Parallel()
	const callers = 20
	tests := []struct {
		name     string
		holder   string // the lease's holder before the burst; "" for free
		expired  bool   // the holder's lease has expired
		wantWins int
		// Firestore reads and commits per caller: a read of the lease and
		// one write (take it, or set the flag); on a free lease, after a
		// lost race, one more read and write.
		maxCallsPerCaller int
	}{
		{"free lease", "", false, 1, 4},
		{"expired lease", "holder#1", true, 1, 4},
		{"held lease", "holder#1", false, 0, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			client, _, rec := firestoretest.NewRecordingClient(t)
			clk := newClock()
			c, err := store.New(client, store.WithClock(clk.Now)).Coalition("c1")
			if err != nil {
				t.Fatal(err)
			}
			// A first call opens the connection and the emulator's database,
			// as a deployed instance's earlier requests have.
			if _, err := c.Lease(ctx); err != nil {
				t.Fatal(err)
			}
			if tc.holder != "" {
				if ok, err := c.TryAcquire(ctx, tc.holder, time.Minute); err != nil || !ok {
					t.Fatalf("holder's TryAcquire = %v, %v; want true", ok, err)
				}
			}
			if tc.expired {
				clk.Advance(time.Minute)
			}
			rec.Reset()

			start := make(chan struct{})
			type answer struct {
				won  bool
				err  error
				took time.Duration
			}
			answers := make([]answer, callers)
			var wg sync.WaitGroup
			for i := range callers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					began := time.Now()
					won, err := c.TryAcquire(ctx, fmt.Sprintf("trigger#%d", i), time.Minute)
					answers[i] = answer{won, err, time.Since(began)}
				}()
			}
			began := time.Now()
			close(start)
			wg.Wait()
			all := time.Since(began)

			wins := 0
			for i, a := range answers {
				if a.err != nil {
					t.Errorf("caller %d: TryAcquire error after %v: %v", i, a.took, a.err)
				}
				if a.won {
					wins++
				}
			}
			if wins != tc.wantWins {
				t.Errorf("%d callers won the lease, want %d", wins, tc.wantWins)
			}
			calls := len(rec.Reads()) + len(rec.Commits())
			if limit := callers * tc.maxCallsPerCaller; calls > limit {
				t.Errorf("%d callers made %d Firestore reads and commits, want at most %d", callers, calls, limit)
			}
			// No caller waits on a lock: the emulator answers a plain read or
			// write in milliseconds, a queued transaction in seconds.
			if all > 3*time.Second {
				t.Errorf("the %d callers took %v in all, want under 3s (no caller waits on the lease's lock)", callers, all)
			}
			l, err := c.Lease(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !l.Held || !l.Dirty {
				t.Errorf("lease after the burst = %+v, want held and dirty: the holder runs once more", l)
			}
			if tc.wantWins == 0 && l.Owner != tc.holder {
				t.Errorf("lease owner = %q, want %q still", l.Owner, tc.holder)
			}
			t.Logf("%d callers: %v in all, %d reads, %d commits", callers, all, len(rec.Reads()), len(rec.Commits()))
		})
	}
}
