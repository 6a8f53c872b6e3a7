package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sethvargo/go-envconfig"

	"github.com/coalitionsync/coalitionsync/service"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// lockedBuffer is a buffer a test may read while a command writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// oauthClientFile writes an OAuth client of type Desktop app as Google
// Cloud's Credentials page downloads it (invented values).
func oauthClientFile(t *testing.T) string {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"installed": map[string]any{
		"client_id": "123-invented.apps.googleusercontent.com", "project_id": "invented-project",
		"auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "https://oauth2.googleapis.com/token",
		"client_secret": "invented-secret", "redirect_uris": []string{"http://localhost"},
	}})
	path := filepath.Join(t.TempDir(), "client.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// authAsBrowser runs coalition auth and plays the person's browser: it
// opens the address auth prints at Google's consent screen (the local
// stand-in), and follows Google's answer back to auth's loopback address.
func authAsBrowser(t *testing.T, ws *workspacetest.Server, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut lockedBuffer
	e := env{stdout: &out, stderr: &errOut, lookup: envconfig.MapLookuper(vars), now: time.Now}
	done := make(chan int, 1)
	go func() { done <- run(context.Background(), append([]string{"auth"}, args...), e) }()
	var addr string
	for deadline := time.Now().Add(30 * time.Second); addr == ""; {
		if m := regexp.MustCompile(`https://accounts\.google\.com/\S+`).FindString(out.String() + errOut.String()); m != "" {
			addr = m
		} else if time.Now().After(deadline) {
			t.Fatalf("auth printed no address:\n%s%s", out.String(), errOut.String())
		} else {
			time.Sleep(10 * time.Millisecond)
		}
	}
	google := ws.HTTPClient()
	google.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := google.Get(addr)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(back, "http://127.0.0.1:") {
		t.Fatalf("consent screen answered %d, Location %q; want a redirect to auth's loopback address", resp.StatusCode, back)
	}
	resp, err = http.Get(back)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return <-done, out.String(), errOut.String()
}

// coalition auth runs Google's consent flow for installed apps (loopback
// redirect, PKCE, offline access) and writes a credential only its owner
// can read, which the service then acts with; doctor says so.
func TestAuthThenDoctor(t *testing.T) {
	ws := workspacetest.NewServer()
	defer ws.Close()
	ws.SignInBrowser("facilitator@example.org")
	cred := filepath.Join(t.TempDir(), "authorized-user.json")
	vars := map[string]string{"WORKSPACE_ENDPOINT": ws.URL, "LOG_LEVEL": "error"}

	code, out, errOut := authAsBrowser(t, ws, vars, "--client", oauthClientFile(t), "--out", cred)
	if code != exitOK || !strings.Contains(out, "AUTHORIZED_USER="+cred) {
		t.Fatalf("auth = %d:\n%s%s", code, out, errOut)
	}
	info, err := os.Stat(cred)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("credential file: %v, mode %v; want it readable by its owner only", err, info.Mode())
	}
	var c map[string]string
	if b, _ := os.ReadFile(cred); json.Unmarshal(b, &c) != nil || c["type"] != "authorized_user" || c["refresh_token"] == "" || c["client_id"] == "" {
		t.Fatalf("credential = %v, want an authorized_user with a refresh token", c)
	}
	if strings.Contains(out, c["refresh_token"]) {
		t.Errorf("auth printed the refresh token")
	}

	// The service acts as the facilitator with it: doctor reads the files.
	vars["AUTHORIZED_USER"] = cred
	vars["SPREADSHEET_ID"] = ws.CreateSpreadsheet("Invented Coalition", map[string][][]string{"Members": {{"Name"}}})
	code, out, errOut = cli(t, vars, "doctor")
	for _, want := range []string{"facilitator who allowed it", "Google knows it as facilitator@example.org", `Can read "Invented Coalition"`,
		"Can use the calendar primary for the meetings' invitations"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor output lacks %q:\n%s%s", want, out, errOut)
		}
	}
	if code != exitOK {
		t.Errorf("doctor = %d, want 0", code)
	}
	for method := range ws.Calls() {
		if strings.Contains(method, "create") || strings.Contains(method, "update") || strings.Contains(method, "Update") {
			t.Errorf("doctor called %s; it must write nothing", method)
		}
	}
	// A file it cannot read is a problem, said plainly, and exit 1.
	vars["DIRECTORY_SPREADSHEET_ID"] = "no-such-file"
	code, out, _ = cli(t, vars, "doctor")
	if code != exitFail || !strings.Contains(out, "DIRECTORY_SPREADSHEET_ID (the member directory) cannot be read") {
		t.Errorf("doctor with a missing directory = %d:\n%s", code, out)
	}
}

// With --out -, standard output carries the credential alone, ready to
// pipe into gcloud secrets create; the address to open goes to standard
// error.
func TestAuthToStandardOutput(t *testing.T) {
	ws := workspacetest.NewServer()
	defer ws.Close()
	ws.SignInBrowser("facilitator@example.org")
	code, out, errOut := authAsBrowser(t, ws, map[string]string{"WORKSPACE_ENDPOINT": ws.URL}, "--client", oauthClientFile(t), "--out", "-")
	var c map[string]string
	if code != exitOK || json.Unmarshal([]byte(out), &c) != nil || c["type"] != "authorized_user" || c["refresh_token"] == "" {
		t.Fatalf("auth --out - = %d, standard output %q; want only the credential", code, out)
	}
	if !strings.Contains(errOut, "Open this address") {
		t.Errorf("standard error = %q, want the address to open", errOut)
	}
}

// Choosing Cancel on Google's consent screen writes nothing and says what
// to do.
func TestAuthCancelled(t *testing.T) {
	ws := workspacetest.NewServer()
	defer ws.Close()
	ws.SignInBrowser("") // the person clicks Cancel
	cred := filepath.Join(t.TempDir(), "authorized-user.json")
	code, _, errOut := authAsBrowser(t, ws, map[string]string{"WORKSPACE_ENDPOINT": ws.URL}, "--client", oauthClientFile(t), "--out", cred)
	if code != exitFail || !strings.Contains(errOut, "choose Allow") {
		t.Errorf("auth after Cancel = %d, %q; want exit 1 saying to choose Allow", code, errOut)
	}
	if _, err := os.Stat(cred); err == nil {
		t.Errorf("auth after Cancel wrote %s", cred)
	}
}

// A Workspace delegation line that lacks the Calendar scope (a deployment
// from before invitations) is named by doctor, with what to add.
func TestDoctorNamesAMissingCalendarScope(t *testing.T) {
	ws := workspacetest.NewServer()
	defer ws.Close()
	const delegate = "coalition-delegate@invented-project.iam.gserviceaccount.com"
	ws.AllowDelegation(delegate, slices.Concat(service.SheetsScopes, service.DriveScopes)...)
	vars := map[string]string{"WORKSPACE_ENDPOINT": ws.URL, "LOG_LEVEL": "error",
		"DELEGATED_SERVICE_ACCOUNT": delegate, "ORGANIZER_EMAIL": "meetings@example.org",
		"SPREADSHEET_ID": ws.CreateSpreadsheet("Invented Coalition", map[string][][]string{"Members": {{"Name"}}})}
	code, out, errOut := cli(t, vars, "doctor")
	if code != exitFail || !strings.Contains(out, "Problem: the calendar CALENDAR_ID=primary cannot be used") ||
		!strings.Contains(out, "add https://www.googleapis.com/auth/calendar.events") {
		t.Errorf("doctor = %d:\n%s%s\nwant exit 1 naming the Calendar scope", code, out, errOut)
	}
	ws.AllowDelegation(delegate, service.Scopes...)
	if code, out, errOut = cli(t, vars, "doctor"); code != exitOK || !strings.Contains(out, "Can use the calendar primary") {
		t.Errorf("doctor with the scope allowed = %d:\n%s%s", code, out, errOut)
	}
}
