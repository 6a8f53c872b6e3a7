// Package retry provides bounded retries with backoff for Google API calls:
// a refusal for quota (429, or 403 with a rate-limit reason) is always safe
// to retry, since Google did nothing; a server error (500, 502, 503, 504)
// or a lost connection only for calls that do the same thing when
// repeated.
//
// Quota refusals are waited out past Google's quota minute: the Sheets API
// "has per-minute quotas, and they're refilled every minute", and after a
// 429 "you should use an exponential backoff algorithm. After 1 minute, you
// can execute requests again" (Google Sheets API, Usage limits,
// https://developers.google.com/workspace/sheets/api/limits). When the
// caller's deadline leaves no time for that, the call ends at once with an
// error wrapping ErrDeferred, so that the sync is left to the next trigger
// rather than failed.
package retry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"google.golang.org/api/googleapi"
)

// ErrDeferred is wrapped, with Google's refusal, by the error of a call
// refused for quota that could not be waited out before the context's
// deadline, or that was still refused past the quota window: the caller
// should leave the work to its next trigger rather than report a failure.
var ErrDeferred = errors.New("Google's per-minute quota was reached; left for the next trigger")

// Policy bounds the retries of one call.
type Policy struct {
	// Attempts is how many times in all a call is tried after server
	// errors and lost answers, and after quota refusals when QuotaWindow
	// is 0.
	Attempts int
	Base     time.Duration // first wait; it doubles each time
	Max      time.Duration // longest wait, Retry-After included
	// QuotaWindow is how long quota refusals are waited out: they are
	// retried until the waits add up to more than QuotaWindow. A context
	// whose deadline is nearer than QuotaWindow (or than the next wait)
	// ends the call at once with ErrDeferred, as does a refusal past the
	// window. 0 treats quota refusals like server errors: Attempts tries.
	QuotaWindow time.Duration
	// Jitter adds to each wait a random part of up to Jitter times it, so
	// that calls refused together do not come back together.
	Jitter float64
	// Sleep waits d, or less when ctx ends (then it returns ctx's error);
	// nil means a timer. Now reads the clock the deadline is compared
	// with; nil means time.Now. Rand returns a number in [0, 1) for the
	// jitter; nil means math/rand/v2. Tests set all three.
	Sleep func(ctx context.Context, d time.Duration) error
	Now   func() time.Time
	Rand  func() float64
}

// Default tries server errors three times, waiting 1 s then 2 s (or what
// Retry-After asks, up to 32 s), and waits quota refusals out past Sheets'
// quota minute with truncated exponential backoff: 1, 2, 4, 8, 16 and 32 s
// (63 s in all), each lengthened by up to half at random.
var Default = Policy{Attempts: 3, Base: time.Second, Max: 32 * time.Second, QuotaWindow: time.Minute, Jitter: 0.5}

// Do calls fn until it succeeds, fails for good, or runs out of attempts.
// idempotent says whether fn may be repeated after a server error or a
// lost answer. It returns fn's last error, wrapped with ErrDeferred when a
// quota refusal is left for the next trigger.
func (p Policy) Do(ctx context.Context, idempotent bool, fn func() error) error {
	wait := p.Base
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		err := fn()
		if err == nil {
			return nil
		}
		retryAfter, ok, quota := retriable(err, idempotent)
		if !ok {
			return err
		}
		windowed := quota && p.QuotaWindow > 0
		if !windowed && attempt >= p.Attempts {
			return err
		}
		d := wait
		if retryAfter > 0 {
			d = retryAfter
		}
		d = min(d, p.Max)
		d += time.Duration(p.Jitter * p.rand() * float64(d))
		if windowed {
			if waited > p.QuotaWindow {
				return fmt.Errorf("%w: %w", ErrDeferred, err)
			}
			if deadline, ok := ctx.Deadline(); ok {
				left := deadline.Sub(p.now())
				if (attempt == 1 && left < p.QuotaWindow) || left < d {
					return fmt.Errorf("%w: %w", ErrDeferred, err)
				}
			}
		}
		if p.sleep(ctx, d) != nil {
			return err
		}
		waited += d
		wait *= 2
	}
}

func (p Policy) sleep(ctx context.Context, d time.Duration) error {
	if p.Sleep != nil {
		return p.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (p Policy) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p Policy) rand() float64 {
	if p.Rand != nil {
		return p.Rand()
	}
	return rand.Float64()
}

// retriable says whether err is worth another try, how long Google asked
// to wait, and whether it is a refusal for quota.
func retriable(err error, idempotent bool) (wait time.Duration, ok, quota bool) {
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		switch {
		case ge.Code == http.StatusTooManyRequests:
			return retryAfter(ge.Header), true, true
		case ge.Code == http.StatusForbidden && hasReason(ge, "rateLimitExceeded", "userRateLimitExceeded"):
			return retryAfter(ge.Header), true, true
		case ge.Code == http.StatusInternalServerError, ge.Code == http.StatusBadGateway,
			ge.Code == http.StatusServiceUnavailable, ge.Code == http.StatusGatewayTimeout:
			return retryAfter(ge.Header), idempotent, false
		}
		return 0, false, false
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return 0, false, false
	}
	// No answer at all (a dropped connection, a reset): the call may or may
	// not have been done.
	var ue *url.Error
	var ne net.Error
	if errors.As(err, &ue) || errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) {
		return 0, idempotent, false
	}
	return 0, false, false
}

func hasReason(ge *googleapi.Error, reasons ...string) bool {
	for _, e := range ge.Errors {
		for _, r := range reasons {
			if e.Reason == r {
				return true
			}
		}
	}
	return false
}

func retryAfter(h http.Header) time.Duration {
	if h == nil {
		return 0
	}
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return 0
}
