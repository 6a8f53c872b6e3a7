package runner

import (
	"context"
	"testing"
	"time"
)

// fakeAfter is a clock whose waits the test ends by hand: each call of
// after is handed to the test, which moves the clock and fires it.
type fakeAfter struct {
	clk   *clock
	waits chan fakeWait
}

type fakeWait struct {
	d    time.Duration
	fire chan time.Time
}

func newFakeAfter() *fakeAfter {
	return &fakeAfter{clk: &clock{t: time.Date(2026, 4, 1, 15, 0, 0, 0, time.UTC)}, waits: make(chan fakeWait)}
}

func (f *fakeAfter) after(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	f.waits <- fakeWait{d: d, fire: ch}
	return ch
}

// pass moves the clock by the wait asked for and ends it.
func (f *fakeAfter) pass(w fakeWait) {
	f.clk.add(w.d)
	w.fire <- f.clk.now()
}

// script drives a coalescer whose runs report their trigger on runs and
// end when the test says so.
type script struct {
	t       *testing.T
	c       *coalescer
	clk     *fakeAfter
	runs    chan string
	proceed chan struct{}
}

func newScript(t *testing.T, interval time.Duration) *script {
	clk := newFakeAfter()
	return &script{
		t:       t,
		c:       &coalescer{interval: interval, now: clk.clk.now, after: clk.after},
		clk:     clk,
		runs:    make(chan string, 16),
		proceed: make(chan struct{}),
	}
}

func (s *script) fn(ctx context.Context, trigger string) error {
	s.runs <- trigger
	<-s.proceed
	return nil
}

// lead sends a trigger that finds no run in flight; the returned channel
// closes when its request is answered (after its runs).
func (s *script) lead(trigger string) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := s.c.do(context.Background(), trigger, s.fn); err != nil {
			s.t.Errorf("do(%q) = %v, want nil", trigger, err)
		}
	}()
	return done
}

// fold sends a trigger that must be answered at once, without a run.
func (s *script) fold(trigger string) {
	s.t.Helper()
	answered := make(chan error, 1)
	go func() { answered <- s.c.do(context.Background(), trigger, s.fn) }()
	select {
	case err := <-answered:
		if err != nil {
			s.t.Errorf("folded do(%q) = %v, want nil", trigger, err)
		}
	case <-time.After(5 * time.Second):
		s.t.Fatalf("a trigger arriving during a run (%q) was not answered at once", trigger)
	}
}

// nextRun expects the next event to be a run of want, with no wait first.
func (s *script) nextRun(want string) {
	s.t.Helper()
	select {
	case got := <-s.runs:
		if got != want {
			s.t.Fatalf("run of %q, want %q", got, want)
		}
	case w := <-s.clk.waits:
		s.t.Fatalf("the coalescer waited %v, want a run of %q at once", w.d, want)
	}
}

// nextWait expects the next event to be a wait of want, with no run first.
func (s *script) nextWait(want time.Duration) fakeWait {
	s.t.Helper()
	select {
	case got := <-s.runs:
		s.t.Fatalf("run of %q, want a wait of %v first", got, want)
	case w := <-s.clk.waits:
		if w.d != want {
			s.t.Fatalf("wait of %v, want %v", w.d, want)
		}
		return w
	}
	return fakeWait{}
}

func (s *script) noMoreRuns(done <-chan struct{}) {
	s.t.Helper()
	<-done
	select {
	case got := <-s.runs:
		s.t.Errorf("an extra run of %q, want none", got)
	default:
	}
}

// Runs on one instance start at least the rerun interval apart; triggers
// that arrive meanwhile are answered at once and folded into the next run.
func TestRerunsStartAnIntervalApart(t *testing.T) {
	t.Parallel()
	const interval = 2 * time.Second
	tests := []struct {
		name string
		play func(s *script)
	}{
		{"triggers during a short run are folded into one rerun an interval after its start", func(s *script) {
			done := s.lead("push")
			s.nextRun("push")
			s.clk.clk.add(500 * time.Millisecond)
			s.fold("edit")
			s.fold("push")
			s.proceed <- struct{}{}
			w := s.nextWait(interval - 500*time.Millisecond)
			s.fold("schedule") // arrives while the rerun waits for its turn: folded into it
			s.clk.pass(w)
			s.nextRun("schedule")
			s.proceed <- struct{}{}
			s.noMoreRuns(done)
		}},
		{"a run longer than the interval is followed at once", func(s *script) {
			done := s.lead("push")
			s.nextRun("push")
			s.clk.clk.add(3 * time.Second)
			s.fold("edit")
			s.proceed <- struct{}{}
			s.nextRun("edit")
			s.proceed <- struct{}{}
			s.noMoreRuns(done)
		}},
		{"a trigger soon after a finished run waits for its turn, and those arriving meanwhile share its run", func(s *script) {
			done := s.lead("push")
			s.nextRun("push")
			s.clk.clk.add(300 * time.Millisecond)
			s.proceed <- struct{}{}
			s.noMoreRuns(done)

			done = s.lead("push")
			w := s.nextWait(interval - 300*time.Millisecond)
			s.fold("edit")
			s.clk.pass(w)
			s.nextRun("edit")
			s.proceed <- struct{}{}
			s.noMoreRuns(done)
		}},
		{"a trigger long after the last run runs at once", func(s *script) {
			done := s.lead("push")
			s.nextRun("push")
			s.proceed <- struct{}{}
			s.noMoreRuns(done)
			s.clk.clk.add(interval)
			done = s.lead("schedule")
			s.nextRun("schedule")
			s.proceed <- struct{}{}
			s.noMoreRuns(done)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.play(newScript(t, interval))
		})
	}
}

func TestTimingDefaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   time.Duration
		want time.Duration
	}{
		{"zero means the default", 0, DefaultRerunInterval},
		{"a negative interval means no wait", -1, 0},
		{"a set interval is kept", 5 * time.Second, 5 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Timing{RerunInterval: tc.in}.withDefaults()
			if got.RerunInterval != tc.want {
				t.Errorf("RerunInterval = %v, want %v", got.RerunInterval, tc.want)
			}
			if got.Now == nil || got.After == nil {
				t.Errorf("Now or After left nil")
			}
		})
	}
}
