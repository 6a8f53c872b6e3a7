package retry

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"google.golang.org/api/googleapi"
)

func gerr(code int, reason string, header http.Header) error {
	return &googleapi.Error{Code: code, Header: header, Errors: []googleapi.ErrorItem{{Reason: reason}}}
}

func TestDo(t *testing.T) {
	t.Parallel()
	fast := Policy{Attempts: 3, Base: time.Millisecond, Max: 5 * time.Millisecond}
	lost := &url.Error{Op: "Post", URL: "http://127.0.0.1/x", Err: io.ErrUnexpectedEOF}
	tests := []struct {
		name       string
		errs       []error // what fn returns, call by call
		idempotent bool
		calls      int
		ok         bool
	}{
		{"success at once", []error{nil}, true, 1, true},
		{"quota then success", []error{gerr(429, "rateLimitExceeded", nil), nil}, false, 2, true},
		{"403 rate limit then success", []error{gerr(403, "userRateLimitExceeded", nil), nil}, false, 2, true},
		{"server error, repeatable", []error{gerr(503, "backendError", nil), nil}, true, 2, true},
		{"server error, not repeatable", []error{gerr(500, "backendError", nil), nil}, false, 1, false},
		{"lost answer, repeatable", []error{lost, nil}, true, 2, true},
		{"lost answer, not repeatable", []error{lost, nil}, false, 1, false},
		{"bad request is final", []error{gerr(400, "badRequest", nil), nil}, true, 1, false},
		{"permission denied is final", []error{gerr(403, "forbidden", nil), nil}, true, 1, false},
		{"gives up after the attempts", []error{gerr(429, "", nil), gerr(429, "", nil), gerr(429, "", nil), nil}, true, 3, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			calls := 0
			err := fast.Do(context.Background(), tc.idempotent, func() error {
				calls++
				return tc.errs[calls-1]
			})
			if calls != tc.calls || (err == nil) != tc.ok {
				t.Errorf("Do: %d calls, err %v; want %d calls, ok %v", calls, err, tc.calls, tc.ok)
			}
		})
	}
}

func TestDoHonoursRetryAfterAndContext(t *testing.T) {
	t.Parallel()
	p := Policy{Attempts: 2, Base: time.Millisecond, Max: 50 * time.Millisecond}
	h := http.Header{}
	h.Set("Retry-After", "1") // one second, capped at Max
	start := time.Now()
	calls := 0
	err := p.Do(context.Background(), false, func() error {
		calls++
		if calls == 1 {
			return gerr(429, "rateLimitExceeded", h)
		}
		return nil
	})
	if err != nil || calls != 2 {
		t.Fatalf("Do = %v after %d calls", err, calls)
	}
	if waited := time.Since(start); waited < 50*time.Millisecond {
		t.Errorf("waited %v, want the Retry-After capped at 50ms", waited)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls = 0
	err = Policy{Attempts: 5, Base: time.Hour, Max: time.Hour}.Do(ctx, true, func() error {
		calls++
		return gerr(503, "", nil)
	})
	if calls != 1 || err == nil {
		t.Errorf("with a cancelled context: %d calls, err %v; want 1 call and the error", calls, err)
	}
	if !errors.As(err, new(*googleapi.Error)) {
		t.Errorf("Do lost the API error: %v", err)
	}
}

// fakeClock is the policy's clock for a test: sleeping moves it.
type fakeClock struct {
	now   time.Time
	waits []time.Duration
}

func (c *fakeClock) policy(p Policy, r float64) Policy {
	p.Now = func() time.Time { return c.now }
	p.Sleep = func(ctx context.Context, d time.Duration) error {
		c.waits = append(c.waits, d)
		c.now = c.now.Add(d)
		return nil
	}
	p.Rand = func() float64 { return r }
	return p
}

func (c *fakeClock) waited() time.Duration {
	var sum time.Duration
	for _, d := range c.waits {
		sum += d
	}
	return sum
}

// Quota refusals are waited out past Google's quota minute, with jitter,
// within the context's deadline; when the deadline is too near, the call is
// left for the next trigger at once (ErrDeferred). Before, a refusal was
// tried three times over 3 seconds, well inside the minute, and failed.
func TestQuotaRefusalsAreWaitedOutPastTheMinute(t *testing.T) {
	t.Parallel()
	never := 1000
	s := func(secs ...float64) []time.Duration {
		out := make([]time.Duration, len(secs))
		for i, v := range secs {
			out[i] = time.Duration(v * float64(time.Second))
		}
		return out
	}
	tests := []struct {
		name     string
		refusals int           // refusals before a success
		deadline time.Duration // 0: none
		rand     float64
		header   http.Header
		calls    int
		waits    []time.Duration
		deferred bool // the error wraps ErrDeferred
		ok       bool
	}{
		{"refused six times, served past the minute", 6, 0, 0, nil, 7, s(1, 2, 4, 8, 16, 32), false, true},
		{"jitter lengthens each wait by up to half", 6, 0, 0.5, nil, 7, s(1.25, 2.5, 5, 10, 20, 40), false, true},
		{"still refused past the minute: left for the next trigger", never, 0, 0, nil, 7, s(1, 2, 4, 8, 16, 32), true, false},
		{"deadline shorter than the minute: left at once", never, 30 * time.Second, 0, nil, 1, nil, true, false},
		{"deadline reached before the minute is waited out", never, 70 * time.Second, 0.5, nil, 6, s(1.25, 2.5, 5, 10, 20), true, false},
		{"deadline long enough: served", 6, 5 * time.Minute, 0.5, nil, 7, s(1.25, 2.5, 5, 10, 20, 40), false, true},
		{"Retry-After asked for, with jitter", 1, 0, 0.5, http.Header{"Retry-After": {"20"}}, 2, s(25), false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clk := &fakeClock{now: time.Now()}
			p := clk.policy(Default, tc.rand)
			ctx := context.Background()
			if tc.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithDeadline(ctx, clk.now.Add(tc.deadline))
				defer cancel()
			}
			calls := 0
			err := p.Do(ctx, false, func() error {
				calls++
				if calls <= tc.refusals {
					return gerr(429, "rateLimitExceeded", tc.header)
				}
				return nil
			})
			if calls != tc.calls || (err == nil) != tc.ok || errors.Is(err, ErrDeferred) != tc.deferred {
				t.Errorf("Do: %d calls, err %v; want %d calls, ok %v, deferred %v", calls, err, tc.calls, tc.ok, tc.deferred)
			}
			if !slices.Equal(clk.waits, tc.waits) {
				t.Errorf("waits = %v, want %v", clk.waits, tc.waits)
			}
			if tc.ok && tc.refusals >= 6 && clk.waited() <= time.Minute {
				t.Errorf("served after %v of waits, want past the quota minute", clk.waited())
			}
			if err != nil && !errors.As(err, new(*googleapi.Error)) {
				t.Errorf("Do lost Google's refusal: %v", err)
			}
		})
	}
}
