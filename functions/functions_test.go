package functions

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
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

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	started := make(chan error, 1)
	go func() { started <- funcframework.StartHostPort("127.0.0.1", port) }()
	base := "http://127.0.0.1:" + port
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case err := <-started:
			t.Fatalf("StartHostPort: %v, want it to serve the registered %s function", err, EntryPoint)
		default:
		}
		c, err := net.Dial("tcp", "127.0.0.1:"+port)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the framework did not listen on port %s within 10s: %v", port, err)
		}
		time.Sleep(20 * time.Millisecond)
	}

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
