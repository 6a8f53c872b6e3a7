package engine_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/sync/engine"
)

// leaseStore is the real store with its lease calls counted, and releases
// that fail as a flaky network would make them.
type leaseStore struct {
	engine.Store
	mu sync.Mutex
	// fail is how many release calls (Release or ReleasePending) fail
	// next; done says whether a failing call was done first (its answer
	// lost) or refused before anything happened.
	fail int
	done bool
	// calls counts the lease calls by name.
	calls map[string]int
}

var errFlaky = errors.New("invented: the connection to Firestore was reset")

func (s *leaseStore) count(name string) (fail bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.calls == nil {
		s.calls = map[string]int{}
	}
	s.calls[name]++
	if name != "Renew" && s.fail > 0 {
		s.fail--
		return true
	}
	return false
}

func (s *leaseStore) n(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[name]
}

func (s *leaseStore) Release(ctx context.Context, owner string) (bool, error) {
	if s.count("Release") {
		if s.done {
			_, _ = s.Store.Release(ctx, owner)
		}
		return false, errFlaky
	}
	return s.Store.Release(ctx, owner)
}

func (s *leaseStore) ReleasePending(ctx context.Context, owner string) error {
	if s.count("ReleasePending") {
		if s.done {
			_ = s.Store.ReleasePending(ctx, owner)
		}
		return errFlaky
	}
	return s.Store.ReleasePending(ctx, owner)
}

func (s *leaseStore) Renew(ctx context.Context, owner string, ttl time.Duration) error {
	s.count("Renew")
	return s.Store.Renew(ctx, owner, ttl)
}

// heldVersioner holds the run in its first Drive call: it says so on
// started, calls during (if set) while the run is in progress, and returns
// once gate is closed or the run's context ends.
type heldVersioner struct {
	engine.Versioner
	started chan struct{}
	gate    chan struct{}
	during  func()
	once    sync.Once
}

func (v *heldVersioner) Version(ctx context.Context, fileID string) (int64, error) {
	first := false
	v.once.Do(func() { first = true })
	if first {
		close(v.started)
		if v.during != nil {
			v.during()
		}
		select {
		case <-v.gate:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	return v.Versioner.Version(ctx, fileID)
}

func holdRun(e *env) *heldVersioner {
	v := &heldVersioner{Versioner: e.engine.Drive, started: make(chan struct{}), gate: make(chan struct{})}
	e.engine.Drive = v
	return v
}

// beat is one wait of the engine's clock: its length, and the channel the
// test fires to end it.
type beat struct {
	d  time.Duration
	ch chan time.Time
}

// manualAfter makes the engine's waits wait for the test.
func manualAfter(beats chan beat) func(time.Duration) <-chan time.Time {
	return func(d time.Duration) <-chan time.Time {
		ch := make(chan time.Time, 1)
		beats <- beat{d, ch}
		return ch
	}
}

// recv returns what ch gives. The limit only turns a hang (the awaited
// step never happens) into a failure; no assertion depends on time.
func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Minute):
		t.Fatalf("%s never happened", what)
		panic("unreachable")
	}
}

type leased struct {
	res *engine.Result
	err error
}

func runLeasedAsync(ctx context.Context, e *env, owner string) <-chan leased {
	done := make(chan leased, 1)
	go func() {
		res, err := e.engine.RunLeased(ctx, owner, 30*time.Second, engine.RunOptions{Trigger: "push"})
		done <- leased{res, err}
	}()
	return done
}

// A caller that stops waiting (Drive's push gives up, the Apps Script
// fetch times out) cancels the run mid-sync: the lease is released at once,
// left pending, and the next trigger runs the sync without waiting for the
// lease to expire. Before, the release ran on the cancelled context, failed,
// and the lease stayed held for its whole ttl.
func TestRunLeasedReleasesWhenTheCallerGivesUp(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	st := &leaseStore{Store: e.coal}
	e.engine.Store = st
	v := holdRun(e)
	ctx, cancel := context.WithCancel(context.Background())
	done := runLeasedAsync(ctx, e, "gave-up")
	recv(t, v.started, "the run's start")
	cancel()
	r := recv(t, done, "the end of the cancelled run")
	if !errors.Is(r.err, context.Canceled) {
		t.Fatalf("RunLeased after the caller gave up = %v, want context.Canceled", r.err)
	}
	l, err := e.coal.Lease(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !l.Pending || l.Expires.After(e.clock.now()) {
		t.Errorf("lease after the caller gave up = %+v (now %v), want pending and expired at once", l, e.clock.now())
	}
	if got := st.n("ReleasePending"); got != 1 {
		t.Errorf("ReleasePending called %d times, want 1", got)
	}
	// The next trigger, with no time passed, runs the sync.
	res, err := e.engine.RunLeased(context.Background(), "next", 30*time.Second, engine.RunOptions{Trigger: "push"})
	if err != nil || res.Outcome != engine.OutcomeApplied {
		t.Fatalf("next trigger's run = %+v, %v; want applied at once", res, err)
	}
	if l, err := e.coal.Lease(context.Background()); err != nil || l.Held {
		t.Errorf("lease after the next run = %+v, %v; want free", l, err)
	}
}

// A release that fails is tried again, and a sync asked for during the run
// is not lost, whether the failed release was refused or done with its
// answer lost. Before, one failure left the lease held until it expired,
// and the next TryAcquire cleared the request.
func TestRunLeasedRetriesAFailedRelease(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		done bool
	}{
		{"refused before it was done", false},
		{"done, its answer lost", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			e := newEnv(t, invented())
			st := &leaseStore{Store: e.coal, fail: 2, done: tc.done}
			e.engine.Store = st
			// The waits between release attempts end at once; the
			// heartbeat's (10 s) never do: no renewal in this test.
			var mu sync.Mutex
			var waits []time.Duration
			e.engine.After = func(d time.Duration) <-chan time.Time {
				ch := make(chan time.Time, 1)
				if d == 10*time.Second {
					return ch
				}
				mu.Lock()
				defer mu.Unlock()
				waits = append(waits, d)
				ch <- e.clock.now()
				return ch
			}
			v := holdRun(e)
			v.during = func() {
				// An edit's trigger finds the lease busy and asks for a run.
				if ok, err := e.coal.TryAcquire(ctx, "edit", 30*time.Second); err != nil || ok {
					t.Errorf("TryAcquire during the run = %v, %v; want busy", ok, err)
				}
			}
			close(v.gate)
			// fail=2 takes the first Release of the run; the repeat the
			// edit asked for is then left to the next trigger.
			res, err := e.engine.RunLeased(ctx, "flaky", 30*time.Second, engine.RunOptions{Trigger: "push"})
			if err != nil || res.Outcome != engine.OutcomeApplied {
				t.Fatalf("RunLeased = %+v, %v; want applied, the release retried", res, err)
			}
			if got, want := []int{st.n("Release"), st.n("ReleasePending")}, []int{1, 2}; !slices.Equal(got, want) {
				t.Errorf("Release, ReleasePending calls = %v, want %v", got, want)
			}
			mu.Lock()
			defer mu.Unlock()
			if want := []time.Duration{time.Second, 2 * time.Second}; !slices.Equal(waits, want) {
				t.Errorf("waits between release attempts = %v, want %v", waits, want)
			}
			l, err := e.coal.Lease(ctx)
			if err != nil || !l.Pending {
				t.Fatalf("lease = %+v, %v; want pending: the edit's sync is owed", l, err)
			}
			// The upkeep of Drive's notifications takes it and is told to sync.
			if ok, err := e.coal.TryHold(ctx, "upkeep", 15*time.Second); err != nil || !ok {
				t.Fatalf("TryHold = %v, %v; want the pending lease taken at once", ok, err)
			}
			if again, err := e.coal.Release(ctx, "upkeep"); err != nil || !again {
				t.Errorf("upkeep's Release = %v, %v; want again: the edit's sync", again, err)
			}
		})
	}
}

// The heartbeat renews a 30-second lease every 10 seconds while the run
// goes on, so a live run keeps it past its ttl, and a run whose lease was
// taken over (its instance stalled past the ttl) stops before writing.
func TestHeartbeatKeepsAShortLease(t *testing.T) {
	t.Parallel()
	t.Run("renewed while the run goes on", func(t *testing.T) {
		t.Parallel()
		ctx := context.Background()
		e := newEnv(t, invented())
		st := &leaseStore{Store: e.coal}
		e.engine.Store = st
		beats := make(chan beat)
		e.engine.After = manualAfter(beats)
		v := holdRun(e)
		done := runLeasedAsync(ctx, e, "long")
		recv(t, v.started, "the run's start")
		for i := 0; i < 3; i++ {
			b := recv(t, beats, "a heartbeat")
			if b.d != 10*time.Second {
				t.Fatalf("heartbeat waits %v, want 10s", b.d)
			}
			e.clock.add(b.d)
			b.ch <- e.clock.now()
		}
		recv(t, beats, "the fourth heartbeat") // the third renewal is done
		if got := st.n("Renew"); got != 3 {
			t.Errorf("Renew called %d times after 30 s, want 3", got)
		}
		l, err := e.coal.Lease(ctx)
		if err != nil || l.Owner != "long" || !l.Expires.Equal(e.clock.now().Add(30*time.Second)) {
			t.Errorf("lease after 30 s = %+v, %v; want held by long until %v", l, err, e.clock.now().Add(30*time.Second))
		}
		if ok, err := e.coal.TryAcquire(ctx, "other", 30*time.Second); err != nil || ok {
			t.Errorf("another owner's TryAcquire after 30 s = %v, %v; want busy: the run is alive", ok, err)
		}
		close(v.gate)
		r := recv(t, done, "the run's end")
		if r.err != nil || r.res.Outcome == engine.OutcomeBusy {
			t.Fatalf("RunLeased = %+v, %v; want it done", r.res, r.err)
		}
		if l, err := e.coal.Lease(ctx); err != nil || l.Held {
			t.Errorf("lease after the run = %+v, %v; want free", l, err)
		}
	})
	t.Run("taken over after the ttl: the run stops", func(t *testing.T) {
		t.Parallel()
		ctx := context.Background()
		e := newEnv(t, invented())
		beats := make(chan beat)
		e.engine.After = manualAfter(beats)
		v := holdRun(e)
		done := runLeasedAsync(ctx, e, "stalled")
		recv(t, v.started, "the run's start")
		b := recv(t, beats, "a heartbeat")
		// The instance stalls past the ttl; another takes the lease over.
		e.clock.add(31 * time.Second)
		if ok, err := e.coal.TryAcquire(ctx, "other", 30*time.Second); err != nil || !ok {
			t.Fatalf("TryAcquire after the ttl = %v, %v; want the lease taken over", ok, err)
		}
		b.ch <- e.clock.now()
		r := recv(t, done, "the stalled run's end")
		if !errors.Is(r.err, engine.ErrLeaseLost) {
			t.Fatalf("RunLeased = %v, want ErrLeaseLost", r.err)
		}
		if got := e.ws.Calls()["sheets.spreadsheets.values.batchUpdate"]; got != 0 {
			t.Errorf("the stalled run wrote cells %d times after losing its lease, want 0", got)
		}
		if l, err := e.coal.Lease(ctx); err != nil || l.Owner != "other" {
			t.Errorf("lease = %+v, %v; want still other's", l, err)
		}
	})
}

var _ engine.Store = (*leaseStore)(nil)
