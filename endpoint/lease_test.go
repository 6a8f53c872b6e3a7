package endpoint

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"cloud.google.com/go/firestore"

	"github.com/coalitionsync/coalitionsync/runner"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// served is a deployment served over HTTP on this machine, with a signal
// each time the handler has finished a request, and the same Firestore
// record opened for the test.
type served struct {
	*deployment
	srv     *httptest.Server
	logs    *logBuffer
	coal    *store.Coalition
	handled chan int // each request's status, once its handler returned
}

func newServed(t *testing.T, o func(*Options)) *served {
	t.Helper()
	d := newDeployment(t)
	logs := &logBuffer{}
	opts := d.options(logs)
	if o != nil {
		o(&opts)
	}
	h := NewLazy(opts)
	handled := make(chan int, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		handled <- rec.status
	}))
	t.Cleanup(func() {
		srv.Close()
		h.Close()
	})
	client, err := firestore.NewClient(context.Background(), d.env["GOOGLE_CLOUD_PROJECT"])
	if err != nil {
		t.Fatalf("firestore.NewClient: %v", err)
	}
	t.Cleanup(func() { client.Close() })
	coal, err := store.New(client).Coalition(d.env["COALITION_ID"])
	if err != nil {
		t.Fatal(err)
	}
	return &served{deployment: d, srv: srv, logs: logs, coal: coal, handled: handled}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

var driveUpdate = map[string]string{"X-Goog-Channel-Token": channelToken, "X-Goog-Resource-State": "update"}

// notify sends a Drive notification on ctx and returns the answer, or nil
// when the sender gave up.
func (s *served) notify(ctx context.Context, t *testing.T) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.srv.URL+"/notify/drive", nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range driveUpdate {
		req.Header.Set(k, v)
	}
	resp, err := s.srv.Client().Do(req)
	if err != nil {
		return nil
	}
	resp.Body.Close()
	return resp
}

// await returns what ch gives. The limit only turns a hang into a
// failure; no assertion depends on time.
func await[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Minute):
		t.Fatalf("%s never happened", what)
		panic("unreachable")
	}
}

// Drive's push (or the Apps Script fetch) stops waiting in the middle of a
// sync: the sync is cut off, and the lease is released at once, left
// pending, so that the very next notification runs the sync. Before, the
// release ran on the cancelled request's context, failed, and the lease
// stayed held for its whole ttl (300 s): the next edits waited that long.
func TestSenderGivingUpFreesTheLease(t *testing.T) {
	t.Parallel()
	s := newServed(t, nil)
	// The spreadsheet read answers slowly, so the sender gives up mid-sync.
	s.ws.InjectFault(workspacetest.Fault{Method: "sheets.spreadsheets.values.batchGet", Latency: time.Minute, Times: 1})
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan *http.Response, 1)
	go func() { gaveUp <- s.notify(ctx, t) }()
	reading := make(chan struct{})
	go func() {
		for s.ws.Calls()["sheets.spreadsheets.values.batchGet"] == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		close(reading)
	}()
	await(t, reading, "the sync's read of the spreadsheet")
	cancel()
	if resp := await(t, gaveUp, "the sender giving up"); resp != nil {
		t.Fatalf("the sender got an answer %d, want none: it gave up", resp.StatusCode)
	}
	await(t, s.handled, "the end of the abandoned request")

	l, err := s.coal.Lease(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !l.Pending || l.Expires.After(time.Now()) {
		t.Errorf("lease after the sender gave up = %+v, want pending, expired at once (not held for its ttl)", l)
	}
	if ids := s.memberIDs(t); ids != nil {
		t.Fatalf("Member IDs = %q after the cut-off sync, want none yet", ids)
	}
	// The next notification runs the sync at once: members get their IDs.
	if resp := s.notify(context.Background(), t); resp == nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("next notification = %v, want 204; log:\n%s", resp, s.logs.String())
	}
	if ids := s.memberIDs(t); !distinctIDs(ids, 2) {
		t.Errorf("Member IDs after the next notification = %q, want two: it ran the sync, not found the lease busy", ids)
	}
	if l, err := s.coal.Lease(context.Background()); err != nil || l.Held {
		t.Errorf("lease = %+v, %v; want free", l, err)
	}
}

// Sheets' per-minute read quota is used up by a burst of edits. With less
// time left than the quota minute, the sync is handed to the next trigger:
// the answer is 503 with Retry-After (Drive retries a notification answered
// 5xx), nothing is written, and the lease is left pending; once the minute
// has passed, the next notification finishes the sync. Before, the read was
// tried three times within 3 seconds, inside the quota minute, and the
// request failed with 500.
func TestQuotaReachedIsLeftForTheNextTrigger(t *testing.T) {
	t.Parallel()
	s := newServed(t, func(o *Options) {
		o.Timing = runner.Timing{RunTimeout: 30 * time.Second} // less than the quota minute
	})
	var offset atomic.Int64 // Google's clock runs ahead by this much
	s.ws.SetClock(func() time.Time { return time.Now().Add(time.Duration(offset.Load())) })

	if resp := s.notify(context.Background(), t); resp == nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("first notification = %v, want 204; log:\n%s", resp, s.logs.String())
	}
	// From now on Sheets serves two read requests a minute (Google's real
	// default is 60; a burst of edits uses them up the same way).
	s.ws.EnforceQuota(2, 60)
	s.ws.ResetCalls()

	// A person adds a member: the sync reads the tabs and their sizes (the
	// minute's two reads) and gives the new member an ID.
	if err := s.ws.SetCells(s.sheet, "Members!A4", newMemberRow); err != nil {
		t.Fatal(err)
	}
	if resp := s.notify(context.Background(), t); resp == nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("notification after the first edit = %v, want 204; log:\n%s", resp, s.logs.String())
	}
	// Another member is added within the same minute: the read is refused.
	if err := s.ws.SetCells(s.sheet, "Members!A5", [][]string{{"Otra Voz", "Individual", "Active", "Yes", "2025-06-01", "Legislative", "otra@example.org"}}); err != nil {
		t.Fatal(err)
	}
	writesBefore := s.ws.CallsByBucket()[workspacetest.QuotaSheetsWrite]
	resp := s.notify(context.Background(), t)
	if resp == nil || resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "60" {
		t.Fatalf("notification in the used-up minute = %+v, want 503 with Retry-After 60; log:\n%s", resp, s.logs.String())
	}
	if got := s.ws.Calls()["sheets.spreadsheets.values.batchGet"]; got != 2 || s.ws.CallsByBucket()[workspacetest.QuotaSheetsRead] != 3 {
		t.Errorf("values.batchGet called %d times (%d reads in all), want 2 and 3: the refused read not retried inside the minute", got, s.ws.CallsByBucket()[workspacetest.QuotaSheetsRead])
	}
	if got := s.ws.CallsByBucket()[workspacetest.QuotaSheetsWrite]; got != writesBefore {
		t.Errorf("Sheets write requests = %d after the refusal, want %d: nothing written", got, writesBefore)
	}
	if l, err := s.coal.Lease(context.Background()); err != nil || !l.Pending {
		t.Errorf("lease = %+v, %v; want pending: the sync is owed", l, err)
	}
	if ids := s.memberIDs(t); len(ids) != 4 || ids[3] != "" {
		t.Errorf("Member IDs = %q, want the last member without one yet", ids)
	}

	// The quota minute passes; Drive's retry (or any trigger) finishes it.
	offset.Store(int64(61 * time.Second))
	if resp := s.notify(context.Background(), t); resp == nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("notification after the minute = %v, want 204; log:\n%s", resp, s.logs.String())
	}
	if ids := s.memberIDs(t); !distinctIDs(ids, 4) {
		t.Errorf("Member IDs after the minute = %q, want four distinct", ids)
	}
	if l, err := s.coal.Lease(context.Background()); err != nil || l.Held {
		t.Errorf("lease = %+v, %v; want free", l, err)
	}
}
