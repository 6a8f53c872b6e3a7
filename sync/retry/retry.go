// Package retry provides bounded retries with backoff for Google API calls:
// a refusal for quota (429) is always safe to retry, since Google did
// nothing; a server error (500, 503) or a lost connection only for calls
// that do the same thing when repeated.
package retry

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"google.golang.org/api/googleapi"
)

// Policy bounds the retries of one call.
type Policy struct {
	Attempts int           // tries in all, including the first
	Base     time.Duration // first wait; it doubles each time
	Max      time.Duration // longest wait, Retry-After included
}

// Default tries three times, waiting 1 s then 2 s (or what Retry-After
// asks, up to 30 s): within Sheets' per-minute quota window.
var Default = Policy{Attempts: 3, Base: time.Second, Max: 30 * time.Second}

// Do calls fn until it succeeds, fails for good, or runs out of attempts.
// idempotent says whether fn may be repeated after a server error or a
// lost answer. It returns fn's last error.
func (p Policy) Do(ctx context.Context, idempotent bool, fn func() error) error {
	wait := p.Base
	for attempt := 1; ; attempt++ {
		err := fn()
		if err == nil || attempt >= p.Attempts {
			return err
		}
		retryAfter, ok := retriable(err, idempotent)
		if !ok {
			return err
		}
		d := wait
		if retryAfter > 0 {
			d = retryAfter
		}
		d = min(d, p.Max)
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		wait *= 2
	}
}

// retriable says whether err is worth another try, and how long Google
// asked to wait.
func retriable(err error, idempotent bool) (time.Duration, bool) {
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		switch {
		case ge.Code == http.StatusTooManyRequests:
			return retryAfter(ge.Header), true
		case ge.Code == http.StatusForbidden && hasReason(ge, "rateLimitExceeded", "userRateLimitExceeded"):
			return retryAfter(ge.Header), true
		case ge.Code == http.StatusInternalServerError, ge.Code == http.StatusBadGateway,
			ge.Code == http.StatusServiceUnavailable, ge.Code == http.StatusGatewayTimeout:
			return retryAfter(ge.Header), idempotent
		}
		return 0, false
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return 0, false
	}
	// No answer at all (a dropped connection, a reset): the call may or may
	// not have been done.
	var ue *url.Error
	var ne net.Error
	if errors.As(err, &ue) || errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) {
		return 0, idempotent
	}
	return 0, false
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
