package functions

import (
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/GoogleCloudPlatform/functions-framework-go/funcframework"
)

// TestFrameworkServesSyncWithoutSettings starts the Functions Framework as
// the buildpack's generated main does (FUNCTION_TARGET=Sync), with none of
// the service's settings: the function must be found by name, answer 500
// and log one plain line saying what to set, and keep serving.
//
// Not parallel: it sets environment variables and captures os.Stdout. The
// framework has no way to stop its server; it ends with the test binary.
func TestFrameworkServesSyncWithoutSettings(t *testing.T) {
	for _, k := range []string{"COALITION_ID", "SPREADSHEET_ID", "GOOGLE_CLOUD_PROJECT", "WORKSPACE_ENDPOINT",
		"CHANNEL_TOKEN", "EDIT_AUDIENCE", "SCHEDULE_AUDIENCE", "ALLOWED_SENDERS", "K_SERVICE"} {
		t.Setenv(k, "")
	}
	t.Setenv("LANGUAGE", "en")
	t.Setenv("FUNCTION_TARGET", EntryPoint)

	base := "http://" + startFramework(t)
	for i, path := range []string{"/reconcile", "/notify/drive"} {
		restore := captureStdout(t)
		resp, err := http.Post(base+path, "application/json", strings.NewReader("{}"))
		if err != nil {
			restore()
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		logged := restore()

		if resp.StatusCode != http.StatusInternalServerError {
			t.Errorf("request %d (%s): status = %d (%s), want 500", i+1, path, resp.StatusCode, body)
		}
		lines := strings.Split(strings.TrimSpace(logged), "\n")
		if len(lines) != 1 {
			t.Fatalf("request %d: stdout holds %d lines, want one log line:\n%s", i+1, len(lines), logged)
		}
		var entry struct {
			Severity string `json:"severity"`
			Message  string `json:"message"`
		}
		if err := json.Unmarshal([]byte(lines[0]), &entry); err != nil {
			t.Fatalf("request %d: log line %q is not JSON: %v", i+1, lines[0], err)
		}
		if entry.Severity != "ERROR" {
			t.Errorf("request %d: severity = %q, want ERROR", i+1, entry.Severity)
		}
		for _, want := range []string{"coalitionsync cannot run", "COALITION_ID is not set", "SPREADSHEET_ID is not set", "SCHEDULE_AUDIENCE is not set"} {
			if !strings.Contains(entry.Message, want) {
				t.Errorf("request %d: message = %q, want it to mention %q", i+1, entry.Message, want)
			}
		}
	}
}

// captureStdout points os.Stdout at a pipe until restore is called, which
// returns what was written.
func captureStdout(t *testing.T) func() string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	orig := os.Stdout
	os.Stdout = w
	done := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	return func() string {
		os.Stdout = orig
		w.Close()
		return <-done
	}
}

// startFramework starts the Functions Framework on a loopback port and
// returns its host:port once it accepts connections.
//
// The framework only listens on a port given by number
// (funcframework.StartHostPort calls http.ListenAndServe), so the port
// cannot be found by listening on port 0 and closing: the system may give
// that port to another test before the framework binds it. Instead it picks
// a random port below the system's ephemeral range (Linux: 32768-60999 by
// default; macOS and Windows: 49152-65535), which the system never hands out
// by itself, and tries another when the port is taken. Were some other
// program listening on the chosen port, the test's requests would not get
// the function's answer and log line, so the test fails rather than passes.
func startFramework(t *testing.T) string {
	t.Helper()
	const first, last = 10000, 32767
	for try := 1; try <= 5; try++ {
		port := strconv.Itoa(first + rand.IntN(last-first+1))
		host := net.JoinHostPort("127.0.0.1", port)
		started := make(chan error, 1)
		go func() { started <- funcframework.StartHostPort("127.0.0.1", port) }()
		if listening(t, host, started) {
			return host
		}
	}
	t.Fatal("the framework found no free port in 5 tries")
	return ""
}

// listening waits until host accepts connections (true) or the framework
// reports that the port is taken (false).
func listening(t *testing.T, host string, started <-chan error) bool {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case err := <-started:
			if errors.Is(err, syscall.EADDRINUSE) {
				return false
			}
			t.Fatalf("StartHostPort: %v, want it to serve the registered %s function", err, EntryPoint)
		default:
		}
		c, err := net.Dial("tcp", host)
		if err == nil {
			c.Close()
			return true
		}
		if time.Now().After(deadline) {
			t.Fatalf("the framework did not listen on %s within 10s: %v", host, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
