package triggers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/triggers/idtokentest"
	"google.golang.org/api/idtoken"
)

func TestEndpointsAuthenticate(t *testing.T) {
	t.Parallel()
	certs := idtokentest.New(t)
	forger := idtokentest.New(t) // same key ID, another private key
	var runs atomic.Int32
	var lastTrigger atomic.Value
	h := &Handler{
		Run: func(ctx context.Context, trigger string) error {
			runs.Add(1)
			lastTrigger.Store(trigger)
			return nil
		},
		ChannelToken:     "channel-secret",
		Validator:        validator(t, certs),
		EditAudience:     "script-client-id.apps.googleusercontent.com",
		ScheduleAudience: "https://sync.example.org/reconcile",
		Senders:          []string{"scheduler@invented-project.iam.gserviceaccount.com"},
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	sender := "scheduler@invented-project.iam.gserviceaccount.com"
	wrongIssuer := idtokentest.Claims("https://sync.example.org/reconcile", sender)
	wrongIssuer["iss"] = "https://evil.example.org"
	unverified := idtokentest.Claims("https://sync.example.org/reconcile", sender)
	unverified["email_verified"] = false
	expired := idtokentest.Claims("https://sync.example.org/reconcile", sender)
	expired["exp"] = time.Now().Add(-time.Hour).Unix()

	tests := []struct {
		name    string
		path    string
		headers map[string]string
		want    int
		runs    bool
	}{
		{"drive change with the channel token", "/notify/drive", map[string]string{"X-Goog-Channel-Token": "channel-secret", "X-Goog-Resource-State": "update"}, 204, true},
		{"drive sync message is acknowledged only", "/notify/drive", map[string]string{"X-Goog-Channel-Token": "channel-secret", "X-Goog-Resource-State": "sync"}, 200, false},
		{"drive without token", "/notify/drive", map[string]string{"X-Goog-Resource-State": "update"}, 403, false},
		{"drive with a wrong token", "/notify/drive", map[string]string{"X-Goog-Channel-Token": "guess", "X-Goog-Resource-State": "update"}, 403, false},
		{"calendar change with the channel token", "/notify/calendar", map[string]string{"X-Goog-Channel-Token": "channel-secret", "X-Goog-Resource-State": "exists"}, 204, true},
		{"calendar sync message is acknowledged only", "/notify/calendar", map[string]string{"X-Goog-Channel-Token": "channel-secret", "X-Goog-Resource-State": "sync"}, 200, false},
		{"calendar with a wrong token", "/notify/calendar", map[string]string{"X-Goog-Channel-Token": "guess", "X-Goog-Resource-State": "exists"}, 403, false},
		{"schedule with a good token", "/reconcile", map[string]string{"Authorization": "Bearer " + certs.Sign(t, idtokentest.Claims("https://sync.example.org/reconcile", sender))}, 204, true},
		{"schedule without token", "/reconcile", nil, 401, false},
		{"schedule with another audience", "/reconcile", map[string]string{"Authorization": "Bearer " + certs.Sign(t, idtokentest.Claims("https://other.example.org", sender))}, 401, false},
		{"schedule from another account", "/reconcile", map[string]string{"Authorization": "Bearer " + certs.Sign(t, idtokentest.Claims("https://sync.example.org/reconcile", "someone@example.org"))}, 401, false},
		{"schedule with a foreign issuer", "/reconcile", map[string]string{"Authorization": "Bearer " + certs.Sign(t, wrongIssuer)}, 401, false},
		{"schedule with an unverified email", "/reconcile", map[string]string{"Authorization": "Bearer " + certs.Sign(t, unverified)}, 401, false},
		{"schedule with an expired token", "/reconcile", map[string]string{"Authorization": "Bearer " + certs.Sign(t, expired)}, 401, false},
		{"schedule with a forged signature", "/reconcile", map[string]string{"Authorization": "Bearer " + forger.Sign(t, idtokentest.Claims("https://sync.example.org/reconcile", sender))}, 401, false},
		{"edit hook with its audience", "/notify/edit", map[string]string{"Authorization": "Bearer " + certs.Sign(t, idtokentest.Claims("script-client-id.apps.googleusercontent.com", sender))}, 204, true},
		{"edit hook with the schedule's audience", "/notify/edit", map[string]string{"Authorization": "Bearer " + certs.Sign(t, idtokentest.Claims("https://sync.example.org/reconcile", sender))}, 401, false},
		{"unknown path", "/other", nil, 404, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := runs.Load()
			req, _ := http.NewRequest(http.MethodPost, srv.URL+tc.path, nil)
			for k, v := range tc.headers {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("POST %s = %d, want %d", tc.path, resp.StatusCode, tc.want)
			}
			if ran := runs.Load() > before; ran != tc.runs {
				t.Errorf("POST %s ran a sync = %v, want %v", tc.path, ran, tc.runs)
			}
		})
	}
	if got := lastTrigger.Load(); got != "edit" {
		t.Errorf("last trigger = %v, want edit", got)
	}
}

func TestGetIsRefused(t *testing.T) {
	t.Parallel()
	h := &Handler{Run: func(context.Context, string) error { t.Error("ran a sync on GET"); return nil }, ChannelToken: "x"}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/notify/drive", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET = %d, want 405", rec.Code)
	}
}

func TestUnconfiguredEndpointsRefuse(t *testing.T) {
	t.Parallel()
	h := &Handler{Run: func(context.Context, string) error { t.Error("ran a sync"); return nil }}
	for _, path := range []string{"/notify/drive", "/reconcile", "/notify/edit"} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, path, nil)
		req.Header.Set("X-Goog-Channel-Token", "")
		req.Header.Set("Authorization", "Bearer x.y.z")
		h.ServeHTTP(rec, req)
		if rec.Code < 400 {
			t.Errorf("POST %s with nothing configured = %d, want a refusal", path, rec.Code)
		}
	}
}

func TestFailedSyncAsksForRetry(t *testing.T) {
	t.Parallel()
	h := &Handler{Run: func(context.Context, string) error { return context.DeadlineExceeded }, ChannelToken: "s"}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/notify/drive", nil)
	req.Header.Set("X-Goog-Channel-Token", "s")
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("failed sync = %d, want 500 so the scheduler retries", rec.Code)
	}
}

func TestSyncLeftForLaterAsksToComeBackAfterTheMinute(t *testing.T) {
	t.Parallel()
	h := &Handler{Run: func(context.Context, string) error {
		return fmt.Errorf("%w: read the spreadsheet: quota", ErrRetryLater)
	}, ChannelToken: "s"}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/notify/drive", nil)
	req.Header.Set("X-Goog-Channel-Token", "s")
	req.Header.Set("X-Goog-Resource-State", "update")
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "60" {
		t.Errorf("sync left for later = %d, Retry-After %q; want 503, 60", rec.Code, rec.Header().Get("Retry-After"))
	}
}

func validator(t *testing.T, c *idtokentest.Certs) *idtoken.Validator {
	t.Helper()
	v, err := c.NewValidator(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestLogsQuoteRequestsShort sends requests whose headers a stranger
// controls, as large as Go's server lets through, to the real handler, and
// checks that each log line quotes only their first characters.
func TestLogsQuoteRequestsShort(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("x", 1<<20) // 1 MB
	var mu sync.Mutex
	var buf bytes.Buffer
	h := &Handler{
		Run:          func(context.Context, string) error { return errors.New("sheet said: " + huge) },
		ChannelToken: "channel-secret",
		Log:          slog.New(slog.NewJSONHandler(&lockedWriter{mu: &mu, w: &buf}, nil)),
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.MaxHeaderBytes = 4 << 20 // let the 1 MB header reach the handler
	srv.Start()
	defer srv.Close()

	tests := []struct {
		name    string
		headers map[string]string
		status  int
		quoted  string // the start of the text the line quotes
	}{
		{"wrong token, huge channel ID", map[string]string{"X-Goog-Channel-Token": "guess", "X-Goog-Channel-ID": "chan-" + huge}, 403, "chan-xxx"},
		{"sync fails with a huge error", map[string]string{"X-Goog-Channel-Token": "channel-secret", "X-Goog-Resource-State": "update"}, 500, "sheet said: xxx"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			buf.Reset()
			mu.Unlock()
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/notify/drive", nil)
			for k, v := range tc.headers {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("POST = %d, want %d", resp.StatusCode, tc.status)
			}
			mu.Lock()
			line := buf.String()
			mu.Unlock()
			if len(line) > 1000 {
				t.Errorf("log line has %d bytes, want at most 1000: %.200s…", len(line), line)
			}
			if !strings.Contains(line, tc.quoted) || !strings.Contains(line, "…") {
				t.Errorf("log line %.300q does not quote the start %q followed by …", line, tc.quoted)
			}
		})
	}
}

// lockedWriter lets the server's goroutine and the test share a buffer.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
