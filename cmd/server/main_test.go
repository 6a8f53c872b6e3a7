package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sethvargo/go-envconfig"

	"github.com/coalitionsync/coalitionsync/endpoint"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// The Firestore client is built against the real emulator, never Google.
func TestMain(m *testing.M) { firestoretest.Main(m) }

// countingLookuper counts the settings read, to tell whether a build ran.
type countingLookuper struct {
	envconfig.Lookuper
	n atomic.Int64
}

func (c *countingLookuper) Lookup(key string) (string, bool) {
	c.n.Add(1)
	return c.Lookuper.Lookup(key)
}

// newLazy returns the trigger handler with complete, invented settings.
func newLazy(t *testing.T) (*endpoint.Lazy, *countingLookuper) {
	t.Helper()
	ws := workspacetest.NewServer()
	t.Cleanup(ws.Close)
	lookup := &countingLookuper{Lookuper: envconfig.MapLookuper(map[string]string{
		"COALITION_ID":         "invented",
		"SPREADSHEET_ID":       ws.CreateSpreadsheet("Invented Coalition", map[string][][]string{"Members": {{"Name"}}}),
		"GOOGLE_CLOUD_PROJECT": firestoretest.ProjectID(t),
		"WORKSPACE_ENDPOINT":   ws.URL,
		"SCHEDULE_AUDIENCE":    "https://sync.example.org/reconcile",
		"ALLOWED_SENDERS":      "scheduler@invented-project.iam.gserviceaccount.com",
	})}
	h := endpoint.NewLazy(endpoint.Options{Lookup: lookup, LogOutput: io.Discard})
	t.Cleanup(func() { h.Close() })
	return h, lookup
}

func TestRoutes(t *testing.T) {
	t.Parallel()
	lazy, lookup := newLazy(t)
	mux := newMux(lazy)

	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if w.Code != http.StatusOK || strings.TrimSpace(w.Body.String()) != "ok" {
		t.Errorf("GET /healthz = %d %q, want 200 \"ok\"", w.Code, w.Body)
	}
	if n := lookup.n.Load(); n != 0 {
		t.Errorf("GET /healthz read %d settings, want none (it builds nothing)", n)
	}

	tests := []struct {
		name   string
		method string
		path   string
		header map[string]string
		want   int
	}{
		{"reconcile without a token", http.MethodPost, "/reconcile", nil, http.StatusUnauthorized},
		{"reconcile with a token that is not a signed ID token", http.MethodPost, "/reconcile", map[string]string{"Authorization": "Bearer not-a-token"}, http.StatusUnauthorized},
		{"edit hook, turned off", http.MethodPost, "/notify/edit", nil, http.StatusUnauthorized},
		{"drive, turned off", http.MethodPost, "/notify/drive", map[string]string{"X-Goog-Resource-State": "update"}, http.StatusForbidden},
		{"reconcile by GET", http.MethodGet, "/reconcile", nil, http.StatusMethodNotAllowed},
		{"health by POST", http.MethodPost, "/healthz", nil, http.StatusNotFound},
		{"unknown path", http.MethodPost, "/elsewhere", nil, http.StatusNotFound},
	}
	for _, tc := range tests {
		r := httptest.NewRequest(tc.method, tc.path, nil)
		for k, v := range tc.header {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		if w.Code != tc.want {
			t.Errorf("%s: %s %s = %d (%s), want %d", tc.name, tc.method, tc.path, w.Code, strings.TrimSpace(w.Body.String()), tc.want)
		}
	}
}

func TestServerTimeouts(t *testing.T) {
	t.Parallel()
	srv := newServer(http.NotFoundHandler())
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.IdleTimeout <= 0 {
		t.Errorf("read timeouts = %v, %v, idle %v, want all set", srv.ReadHeaderTimeout, srv.ReadTimeout, srv.IdleTimeout)
	}
	if srv.WriteTimeout <= endpoint.DefaultRunTimeout {
		t.Errorf("WriteTimeout = %v, want more than a sync's run time (%v) so a run can answer", srv.WriteTimeout, endpoint.DefaultRunTimeout)
	}
}

// TestServeStopsGracefully serves on a loopback port, answers a request,
// and returns nil once its context is cancelled, as on App Engine's SIGTERM.
func TestServeStopsGracefully(t *testing.T) {
	t.Parallel()
	lazy, _ := newLazy(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, l, lazy) }()

	resp, err := http.Get("http://" + l.Addr().String() + "/healthz")
	if err != nil {
		cancel()
		t.Fatalf("GET /healthz: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz = %d, want 200", resp.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after cancel = %v, want nil", err)
		}
	case <-time.After(shutdownGrace + 5*time.Second):
		t.Fatal("serve did not return after its context was cancelled")
	}
	// The listener itself is asked, not its port number: once closed, the
	// port may already serve another test. The deadline turns a listener
	// left open into a failure instead of a hang.
	_ = l.(*net.TCPListener).SetDeadline(time.Now().Add(time.Second))
	if c, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
		if c != nil {
			c.Close()
		}
		t.Errorf("Accept on the served listener after shutdown = %v, want it closed (net.ErrClosed)", err)
	}
}
