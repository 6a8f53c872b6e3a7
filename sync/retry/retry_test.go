package retry

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
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
