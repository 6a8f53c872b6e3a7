package endpoint

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cloud.google.com/go/firestore"
	"github.com/sethvargo/go-envconfig"

	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
	"github.com/coalitionsync/coalitionsync/triggers"
	"github.com/coalitionsync/coalitionsync/triggers/idtokentest"
)

func TestMain(m *testing.M) { firestoretest.Main(m) }

const (
	scheduleAudience = "https://sync.example.org/reconcile"
	editAudience     = "123456789012-invented.apps.googleusercontent.com"
	scheduler        = "scheduler@invented-project.iam.gserviceaccount.com"
	facilitator      = "facilitator@example.org"
)

var channelToken = strings.Repeat("c0ffee", 8)

// logBuffer is a goroutine-safe log sink.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// entries decodes the JSON log lines.
func (b *logBuffer) entries(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		if line == "" {
			continue
		}
		var e map[string]any
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("log line %q is not JSON: %v", line, err)
		}
		out = append(out, e)
	}
	return out
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// countingLookuper counts the settings read, to tell whether a build ran.
type countingLookuper struct {
	envconfig.Lookuper
	n atomic.Int64
}

func (c *countingLookuper) Lookup(key string) (string, bool) {
	c.n.Add(1)
	return c.Lookuper.Lookup(key)
}

func serve(h http.Handler, method, path string, header map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestWrongSettingsAnswer500AndSayWhatToSet(t *testing.T) {
	t.Parallel()
	valid := map[string]string{
		"COALITION_ID": "invented", "SPREADSHEET_ID": "sheet-1", "GOOGLE_CLOUD_PROJECT": "invented-project",
		"SCHEDULE_AUDIENCE": scheduleAudience, "ALLOWED_SENDERS": scheduler,
		// Should a case get past the settings, nothing outside this machine is reached.
		"WORKSPACE_ENDPOINT": "http://127.0.0.1:9",
	}
	tests := []struct {
		name   string
		change map[string]string // "" deletes
		want   []string          // each must appear in the log message
	}{
		{"nothing set", map[string]string{"COALITION_ID": "", "SPREADSHEET_ID": "", "GOOGLE_CLOUD_PROJECT": "", "SCHEDULE_AUDIENCE": "", "ALLOWED_SENDERS": ""},
			[]string{"COALITION_ID is not set", "SPREADSHEET_ID is not set", "GOOGLE_CLOUD_PROJECT is not set", "SCHEDULE_AUDIENCE is not set", "ALLOWED_SENDERS is not set"}},
		{"no spreadsheet", map[string]string{"SPREADSHEET_ID": ""}, []string{"run 'coalition setup'"}},
		{"unsupported language", map[string]string{"LANGUAGE": "fr"}, []string{"use en (English) or es (Spanish)"}},
		{"schedule audience over http", map[string]string{"SCHEDULE_AUDIENCE": "http://sync.example.org"}, []string{"not an https web address"}},
		{"reserved coalition ID", map[string]string{"COALITION_ID": "__x__"}, []string{"COALITION_ID cannot be used", "reserved"}},
		// config.LoadFrom reports parse errors with the Go field name, not the variable's.
		{"unreadable number", map[string]string{"ABSENCE_THRESHOLD": "three"}, []string{"ABSENCE_THRESHOLD", `"three"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{}
			for k, v := range valid {
				env[k] = v
			}
			for k, v := range tc.change {
				if v == "" {
					delete(env, k)
				} else {
					env[k] = v
				}
			}
			lookup := &countingLookuper{Lookuper: envconfig.MapLookuper(env)}
			var logs logBuffer
			h := NewLazy(Options{Lookup: lookup, LogOutput: &logs})

			for i := 1; i <= 2; i++ {
				w := serve(h, http.MethodPost, "/reconcile", nil)
				if w.Code != http.StatusInternalServerError {
					t.Fatalf("request %d: status = %d, want 500", i, w.Code)
				}
				if body := w.Body.String(); strings.Contains(body, "COALITION_ID") || strings.Contains(body, "SCHEDULE_AUDIENCE") || !strings.Contains(body, "not set up") {
					t.Errorf("request %d: body = %q, want a short notice that does not reveal the settings", i, body)
				}
				if i == 1 && lookup.n.Load() == 0 {
					t.Fatalf("the first request read no settings")
				}
			}
			reads := lookup.n.Load()
			serve(h, http.MethodPost, "/notify/drive", nil)
			if got := lookup.n.Load(); got != reads {
				t.Errorf("settings read %d times after a third request, want %d: a settings error must not be rebuilt", got, reads)
			}

			entries := logs.entries(t)
			if len(entries) != 3 {
				t.Fatalf("log has %d lines, want one per request (3):\n%s", len(entries), logs.String())
			}
			for _, e := range entries {
				msg, _ := e["message"].(string)
				if e["severity"] != "ERROR" {
					t.Errorf("severity = %v, want ERROR", e["severity"])
				}
				if strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "coalitionsync cannot run: ") {
					t.Errorf("message = %q, want one plain line starting with %q", msg, "coalitionsync cannot run: ")
				}
				for _, w := range tc.want {
					if !strings.Contains(msg, w) {
						t.Errorf("message = %q, want it to mention %q", msg, w)
					}
				}
			}
		})
	}
}

func TestSettingsErrorsKeepSecretsAndAddressesOutOfTheLog(t *testing.T) {
	t.Parallel()
	secret := "short-secret"
	var logs logBuffer
	h := NewLazy(Options{
		Lookup: envconfig.MapLookuper(map[string]string{
			"COALITION_ID": "invented", "SPREADSHEET_ID": "sheet-1", "GOOGLE_CLOUD_PROJECT": "invented-project",
			"SCHEDULE_AUDIENCE": scheduleAudience, "CHANNEL_TOKEN": secret,
			"ALLOWED_SENDERS": "Ana Example <ana@example.org>",
		}),
		LogOutput: &logs,
	})
	if w := serve(h, http.MethodPost, "/reconcile", nil); w.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", w.Code)
	}
	out := logs.String()
	for _, leak := range []string{secret, "ana@example.org", "Ana Example"} {
		if strings.Contains(out, leak) {
			t.Errorf("log holds %q:\n%s", leak, out)
		}
	}
	for _, want := range []string{"CHANNEL_TOKEN is 12 characters long", "ALLOWED_SENDERS entry 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("log = %s, want it to mention %q", out, want)
		}
	}
}

// deployment is an invented coalition on the fake Workspace and the real
// Firestore emulator, with settings as a deployment would have them.
type deployment struct {
	ws    *workspacetest.Server
	sheet string
	env   map[string]string
	certs *idtokentest.Certs
}

func newDeployment(t *testing.T) *deployment {
	t.Helper()
	ws := workspacetest.NewServer()
	t.Cleanup(ws.Close)
	sheet := ws.CreateSpreadsheet("Invented Coalition", map[string][][]string{
		"Members": {
			{"Name", "Type", "Status", "Voting", "Joined", "Working groups", "Email"},
			{"Casa Ejemplo", "Organization", "Active", "Yes", "2025-06-01", "Legislative", "casa@example.org"},
			{"Lena Example", "Individual", "Active", "Yes", "2025-06-01", "Communications", "lena@example.org"},
		},
		"Attendance": {{"Name", "1/26/2026"}, {"Casa Ejemplo", "P"}, {"Lena Example", "A"}},
		"Votes":      {{"Meeting", "Motion", "Kind", "Subject", "Yes", "No", "Abstain"}},
		"Meetings":   {{"Date", "Date override", "Cancelled", "Notes link"}},
	})
	firestoretest.Emulator(t)
	return &deployment{
		ws:    ws,
		sheet: sheet,
		certs: idtokentest.New(t),
		env: map[string]string{
			"COALITION_ID":         "invented",
			"SPREADSHEET_ID":       sheet,
			"GOOGLE_CLOUD_PROJECT": firestoretest.ProjectID(t),
			"WORKSPACE_ENDPOINT":   ws.URL,
			"CHANNEL_TOKEN":        channelToken,
			"EDIT_AUDIENCE":        editAudience,
			"SCHEDULE_AUDIENCE":    scheduleAudience,
			"ALLOWED_SENDERS":      scheduler + "," + facilitator,
		},
	}
}

func (d *deployment) options(logs io.Writer) Options {
	return Options{
		Lookup:       envconfig.MapLookuper(d.env),
		LogOutput:    logs,
		Owner:        "test-instance",
		NewValidator: func(ctx context.Context) (triggers.TokenValidator, error) { return d.certs.NewValidator(ctx) },
	}
}

// memberIDs returns the Member ID column of the Members tab, or nil.
func (d *deployment) memberIDs(t *testing.T) []string {
	t.Helper()
	rows := d.ws.Values(d.sheet, "'Members'")
	col := -1
	for j, h := range rows[0] {
		if strings.EqualFold(h, "Member ID") {
			col = j
		}
	}
	if col < 0 {
		return nil
	}
	var ids []string
	for _, r := range rows[1:] {
		if col < len(r) {
			ids = append(ids, r[col])
		} else {
			ids = append(ids, "")
		}
	}
	return ids
}

func TestTriggersRunTheSyncOnlyWhenAuthenticated(t *testing.T) {
	t.Parallel()
	d := newDeployment(t)
	var logs logBuffer
	h := NewLazy(d.options(&logs))
	t.Cleanup(func() { h.Close() })
	bearer := func(aud, email string) map[string]string {
		return map[string]string{"Authorization": "Bearer " + d.certs.Sign(t, idtokentest.Claims(aud, email))}
	}

	// Refused requests touch neither the spreadsheet nor Drive.
	refused := []struct {
		name   string
		path   string
		header map[string]string
		want   int
	}{
		{"reconcile without a token", "/reconcile", nil, http.StatusUnauthorized},
		{"reconcile from an account not allowed", "/reconcile", bearer(scheduleAudience, "someone@example.org"), http.StatusUnauthorized},
		{"reconcile with the edit hook's audience", "/reconcile", bearer(editAudience, scheduler), http.StatusUnauthorized},
		{"edit hook without a token", "/notify/edit", nil, http.StatusUnauthorized},
		{"drive with a wrong channel token", "/notify/drive", map[string]string{"X-Goog-Channel-Token": "guess", "X-Goog-Resource-State": "update"}, http.StatusForbidden},
		{"drive channel opened", "/notify/drive", map[string]string{"X-Goog-Channel-Token": channelToken, "X-Goog-Resource-State": "sync"}, http.StatusOK},
	}
	for _, tc := range refused {
		if w := serve(h, http.MethodPost, tc.path, tc.header); w.Code != tc.want {
			t.Errorf("%s: status = %d, want %d", tc.name, w.Code, tc.want)
		}
	}
	if calls := d.ws.Calls(); len(calls) != 0 {
		t.Errorf("Workspace calls after refused requests = %v, want none", calls)
	}
	if ids := d.memberIDs(t); ids != nil {
		t.Fatalf("Member ID column = %q before any sync, want none", ids)
	}

	// The scheduler's reconcile runs the sync: members get their IDs.
	if w := serve(h, http.MethodPost, "/reconcile", bearer(scheduleAudience, scheduler)); w.Code != http.StatusNoContent {
		t.Fatalf("reconcile: status = %d (%s), want 204; log:\n%s", w.Code, w.Body, logs.String())
	}
	ids := d.memberIDs(t)
	if len(ids) != 2 || ids[0] == "" || ids[1] == "" || ids[0] == ids[1] {
		t.Fatalf("Member IDs after reconcile = %q, want two distinct IDs", ids)
	}

	// An edit hook call and a Drive change then find nothing to do.
	d.ws.ResetCalls()
	if w := serve(h, http.MethodPost, "/notify/edit", bearer(editAudience, facilitator)); w.Code != http.StatusNoContent {
		t.Fatalf("edit hook: status = %d (%s), want 204", w.Code, w.Body)
	}
	if w := serve(h, http.MethodPost, "/notify/drive", map[string]string{"X-Goog-Channel-Token": channelToken, "X-Goog-Resource-State": "update"}); w.Code != http.StatusNoContent {
		t.Fatalf("drive change: status = %d (%s), want 204", w.Code, w.Body)
	}
	if got := d.memberIDs(t); strings.Join(got, ",") != strings.Join(ids, ",") {
		t.Errorf("Member IDs after later triggers = %q, want them unchanged %q", got, ids)
	}
	for method, n := range d.ws.Calls() {
		if strings.Contains(method, "batchUpdate") || strings.HasSuffix(method, ".update") || strings.HasSuffix(method, ".append") {
			t.Errorf("later triggers called %s %d times, want no writes", method, n)
		}
	}

	// Nothing personal reaches the log.
	for _, leak := range []string{"casa@example.org", "lena@example.org", facilitator, channelToken} {
		if strings.Contains(logs.String(), leak) {
			t.Errorf("log holds %q", leak)
		}
	}
}

func TestFailedConnectionIsRetriedByTheNextRequest(t *testing.T) {
	t.Parallel()
	d := newDeployment(t)
	var logs logBuffer
	var attempts atomic.Int32
	o := d.options(&logs)
	o.NewValidator = func(ctx context.Context) (triggers.TokenValidator, error) {
		if attempts.Add(1) == 1 {
			return nil, errors.New("invented network failure")
		}
		return d.certs.NewValidator(ctx)
	}
	h := NewLazy(o)
	t.Cleanup(func() { h.Close() })

	w := serve(h, http.MethodPost, "/reconcile", nil)
	if w.Code != http.StatusServiceUnavailable {
		t.Fatalf("first request: status = %d, want 503", w.Code)
	}
	if !strings.Contains(logs.String(), "the next request tries again") || !strings.Contains(logs.String(), "invented network failure") {
		t.Errorf("log = %s, want the failure and that it will be retried", logs.String())
	}
	if w := serve(h, http.MethodPost, "/reconcile", nil); w.Code != http.StatusUnauthorized {
		t.Fatalf("second request without a token: status = %d, want 401 (built, then refused)", w.Code)
	}
	if w := serve(h, http.MethodPost, "/reconcile", nil); w.Code != http.StatusUnauthorized || attempts.Load() != 2 {
		t.Errorf("third request: status = %d after %d builds, want 401 after 2 (built once it worked)", w.Code, attempts.Load())
	}
}

func TestOwnerNamesTheInstance(t *testing.T) {
	t.Parallel()
	a, b := instanceName(), instanceName()
	if a == b || a == "" {
		t.Errorf("instanceName() = %q then %q, want two distinct names", a, b)
	}
}

// The edit hook acts on the edit that fired it, although Drive's version
// (and its push) lag people's edits by minutes: one request, and the owned
// cell shows the result. A Drive notification meanwhile trusts the version
// and reads nothing.
func TestEditHookWritesWhileDrivesVersionLags(t *testing.T) {
	t.Parallel()
	d := newDeployment(t)
	var logs logBuffer
	h := NewLazy(d.options(&logs))
	t.Cleanup(func() { h.Close() })
	bearer := func(aud, email string) map[string]string {
		return map[string]string{"Authorization": "Bearer " + d.certs.Sign(t, idtokentest.Claims(aud, email))}
	}
	for range 2 { // the first sync, then the run that sees its own write-back
		if w := serve(h, http.MethodPost, "/reconcile", bearer(scheduleAudience, scheduler)); w.Code != http.StatusNoContent {
			t.Fatalf("reconcile: status = %d (%s); log:\n%s", w.Code, w.Body, logs.String())
		}
	}
	absences := func() string {
		rows := d.ws.Values(d.sheet, "'Members'")
		for j, h := range rows[0] {
			if h == "Unexcused absences" {
				return rows[2][j] // Lena Example
			}
		}
		t.Fatalf("no Unexcused absences column in %q", rows[0])
		return ""
	}
	if got := absences(); got != "1" {
		t.Fatalf("Lena's absences after the first sync = %q, want 1", got)
	}
	d.ws.FreezeVersion(d.sheet)
	if err := d.ws.SetCells(d.sheet, "Attendance!B3", [][]string{{"N"}}); err != nil { // she had sent notice
		t.Fatal(err)
	}
	d.ws.ResetCalls()
	if w := serve(h, http.MethodPost, "/notify/drive", map[string]string{"X-Goog-Channel-Token": channelToken, "X-Goog-Resource-State": "update"}); w.Code != http.StatusNoContent {
		t.Fatalf("drive notification: status = %d", w.Code)
	}
	if n := d.ws.Calls()["sheets.spreadsheets.values.batchGet"]; n != 0 || absences() != "1" {
		t.Fatalf("a Drive notification with the version lagging read the sheet %d times (absences %q); the test assumes it trusts the version", n, absences())
	}
	if w := serve(h, http.MethodPost, "/notify/edit", bearer(editAudience, facilitator)); w.Code != http.StatusNoContent {
		t.Fatalf("edit hook: status = %d (%s); log:\n%s", w.Code, w.Body, logs.String())
	}
	if got := absences(); got != "0" {
		t.Errorf("Lena's absences right after the edit hook = %q, want 0", got)
	}
}

// Twenty notifications at once on one instance: one sync runs, the others
// are answered at once and folded into one more run; none fails (before,
// 19 of 20 answered 500 with "Transaction lock timeout" on the lease).
func TestSimultaneousNotificationsAreCoalesced(t *testing.T) {
	t.Parallel()
	d := newDeployment(t)
	var logs logBuffer
	h := NewLazy(d.options(&logs))
	t.Cleanup(func() { h.Close() })
	notify := map[string]string{"X-Goog-Channel-Token": channelToken, "X-Goog-Resource-State": "update"}
	if w := serve(h, http.MethodPost, "/notify/drive", notify); w.Code != http.StatusNoContent {
		t.Fatalf("first notification: %d (%s)", w.Code, w.Body)
	}
	if err := d.ws.SetCells(d.sheet, "Attendance!B3", [][]string{{"N"}}); err != nil {
		t.Fatal(err)
	}
	d.ws.ResetCalls()
	const n = 20
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- serve(h, http.MethodPost, "/notify/drive", notify).Code
		}()
	}
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != http.StatusNoContent {
			t.Errorf("a notification was answered %d, want 204; log:\n%s", c, logs.String())
		}
	}
	if got := d.ws.Calls()["sheets.spreadsheets.values.batchGet"]; got < 1 || got > 3 {
		t.Errorf("%d notifications read the sheet %d times, want 1 to 3 (one run, and at most a couple folded in)", n, got)
	}
	rows := d.ws.Values(d.sheet, "'Members'")
	for j, h := range rows[0] {
		if h == "Unexcused absences" && rows[2][j] != "0" {
			t.Errorf("Lena's absences after the burst = %q, want 0 (the edit reflected)", rows[2][j])
		}
	}
}

// A notification with nothing new is answered without touching the lease:
// one Drive call, and no Firestore write. Shown with the lease held by
// another instance: before, the notification set its "run again" flag (a
// write, and a rerun for nothing).
func TestNoOpNotificationWritesNothing(t *testing.T) {
	t.Parallel()
	d := newDeployment(t)
	var logs logBuffer
	h := NewLazy(d.options(&logs))
	t.Cleanup(func() { h.Close() })
	notify := map[string]string{"X-Goog-Channel-Token": channelToken, "X-Goog-Resource-State": "update"}
	for range 2 { // the first sync, then the run that sees its own write-back
		if w := serve(h, http.MethodPost, "/notify/drive", notify); w.Code != http.StatusNoContent {
			t.Fatalf("notification: %d (%s)", w.Code, w.Body)
		}
	}
	client, err := firestore.NewClient(context.Background(), d.env["GOOGLE_CLOUD_PROJECT"])
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	coal, err := store.New(client).Coalition("invented")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := coal.TryAcquire(context.Background(), "other-instance#1", time.Minute); err != nil || !ok {
		t.Fatalf("another instance takes the lease: %v, %v", ok, err)
	}
	d.ws.ResetCalls()
	if w := serve(h, http.MethodPost, "/notify/drive", notify); w.Code != http.StatusNoContent {
		t.Fatalf("no-op notification: %d (%s)", w.Code, w.Body)
	}
	l, err := coal.Lease(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if l.Dirty || l.Owner != "other-instance#1" {
		t.Errorf("lease after the no-op notification = %+v; want it untouched (not dirty, same owner)", l)
	}
	if calls := d.ws.Calls(); len(calls) != 1 || calls["drive.files.get"] != 1 {
		t.Errorf("no-op calls = %v, want one drive.files.get", calls)
	}
}
