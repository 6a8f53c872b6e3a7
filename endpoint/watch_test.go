package endpoint

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/firestore"
	calendarapi "google.golang.org/api/calendar/v3"

	"github.com/coalitionsync/coalitionsync/runner"
	"github.com/coalitionsync/coalitionsync/service"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
	"github.com/coalitionsync/coalitionsync/triggers/idtokentest"
)

// watched is a deployment served on this machine by an httptest server,
// with WATCH_ADDRESS set to that server's /notify/drive, so that the fake
// Drive's notifications reach the handler.
type watched struct {
	*deployment
	srv  *httptest.Server
	logs *logBuffer
	coal *store.Coalition // the same Firestore record, read by the test
}

func newWatched(t *testing.T) *watched {
	t.Helper()
	d := newDeployment(t)
	srv := httptest.NewUnstartedServer(nil) // listening on 127.0.0.1 already
	d.env["WATCH_ADDRESS"] = "http://" + srv.Listener.Addr().String() + "/notify/drive"
	logs := &logBuffer{}
	h := NewLazy(d.options(logs))
	srv.Config.Handler = h
	srv.Start()
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
	return &watched{deployment: d, srv: srv, logs: logs, coal: coal}
}

// post sends a request to the served handler and returns its status.
func (w *watched) post(t *testing.T, path string, header map[string]string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, w.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := w.srv.Client().Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// reconcile is Cloud Scheduler calling /reconcile with a signed ID token.
func (w *watched) reconcile(t *testing.T) {
	t.Helper()
	bearer := "Bearer " + w.certs.Sign(t, idtokentest.Claims(scheduleAudience, scheduler))
	if code := w.post(t, "/reconcile", map[string]string{"Authorization": bearer}); code != http.StatusNoContent {
		t.Fatalf("reconcile: status = %d, want 204; log:\n%s", code, w.logs.String())
	}
}

// reconcileAsync starts a reconcile and returns where its status arrives.
func (w *watched) reconcileAsync(t *testing.T) <-chan int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, w.srv.URL+"/reconcile", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+w.certs.Sign(t, idtokentest.Claims(scheduleAudience, scheduler)))
	done := make(chan int, 1)
	go func() {
		resp, err := w.srv.Client().Do(req)
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	return done
}

// waitForLease waits until the lease is held and ok says it is the hold
// the test waits for.
func (w *watched) waitForLease(t *testing.T, ok func(store.LeaseInfo) bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		l, err := w.coal.Lease(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if l.Held && ok(l) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the lease was never held as expected; log:\n%s", w.logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (w *watched) channels(t *testing.T) []store.WatchChannel {
	t.Helper()
	st, err := w.coal.LoadSyncState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.Channels
}

func (w *watched) waitNotifications(t *testing.T, n int) []workspacetest.Notification {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ns, err := w.ws.WaitForNotifications(ctx, n)
	if err != nil {
		t.Fatalf("WaitForNotifications: %v; log:\n%s", err, w.logs.String())
	}
	return ns
}

func distinctIDs(ids []string, n int) bool {
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" || seen[id] {
			return false
		}
		seen[id] = true
	}
	return len(ids) == n
}

// A new member row, typed by a person.
var newMemberRow = [][]string{{"Nueva Voz", "Organization", "Active", "Yes", "2025-06-01", "Legislative", "nueva@example.org"}}

func TestReconcileOpensTheWatchAndAnEditRunsASync(t *testing.T) {
	t.Parallel()
	w := newWatched(t)

	w.reconcile(t)
	if ids := w.memberIDs(t); !distinctIDs(ids, 2) {
		t.Fatalf("Member IDs after reconcile = %q, want two distinct IDs", ids)
	}
	if calls := w.ws.Calls(); calls["drive.files.watch"] != 1 || calls["drive.channels.stop"] != 0 {
		t.Errorf("calls = %v, want one files.watch and no stop", calls)
	}
	chs := w.channels(t)
	if len(chs) != 1 || chs[0].FileID != w.sheet {
		t.Fatalf("channels on record = %+v, want one on the spreadsheet", chs)
	}
	if active := w.ws.ActiveChannels(); !slices.Equal(active, []string{chs[0].ID}) {
		t.Errorf("ActiveChannels() = %q, want the recorded %s", active, chs[0].ID)
	}
	if left := time.Until(chs[0].Expiration); left < 23*time.Hour || left > 24*time.Hour {
		t.Errorf("channel expires in %v, want about a day", left)
	}
	// Drive's first message reached the handler, which acknowledged it.
	if n := w.waitNotifications(t, 1)[0]; n.ResourceState != "sync" || n.Token != channelToken || n.StatusCode != http.StatusOK {
		t.Errorf("first notification = %+v, want sync with the channel token, answered 200", n)
	}

	// A person adds a member: Drive tells the handler, which runs a sync.
	if err := w.ws.SetCells(w.sheet, "Members!A4", newMemberRow); err != nil {
		t.Fatal(err)
	}
	n := w.waitNotifications(t, 2)[1]
	if n.ResourceState != "update" || n.ChannelID != chs[0].ID || n.Token != channelToken || n.StatusCode != http.StatusNoContent {
		t.Fatalf("edit notification = %+v, want update on channel %s answered 204 (sync done); log:\n%s", n, chs[0].ID, w.logs.String())
	}
	if ids := w.memberIDs(t); !distinctIDs(ids, 3) {
		t.Errorf("Member IDs after the edit = %q, want three distinct IDs", ids)
	}

	// The next reconcile finds the channel fresh: no Drive watch call.
	w.ws.ResetCalls()
	w.reconcile(t)
	if calls := w.ws.Calls(); calls["drive.files.watch"] != 0 || calls["drive.channels.stop"] != 0 {
		t.Errorf("calls on the next reconcile = %v, want no watch or stop", calls)
	}
	if got := w.channels(t); !slices.Equal(got, chs) {
		t.Errorf("channels on record = %+v, want %+v unchanged", got, chs)
	}
	for _, leak := range []string{channelToken, "nueva@example.org", "casa@example.org"} {
		if strings.Contains(w.logs.String(), leak) {
			t.Errorf("log holds %q", leak)
		}
	}
}

func TestReconcileRenewsTheWatchBeforeItEnds(t *testing.T) {
	t.Parallel()
	w := newWatched(t)
	// Google's clock 20 hours behind ours: the first channel ends 4 hours
	// from now, within the renewal margin at the next reconcile.
	w.ws.SetClock(func() time.Time { return time.Now().Add(-20 * time.Hour) })

	w.reconcile(t)
	first := w.channels(t)
	if len(first) != 1 {
		t.Fatalf("channels after the first reconcile = %+v, want one", first)
	}
	w.ws.ResetCalls()
	w.reconcile(t)
	second := w.channels(t)
	if len(second) != 1 || second[0].ID == first[0].ID || second[0].ResourceID != first[0].ResourceID {
		t.Fatalf("channels after the second reconcile = %+v, want one new channel on the same file (first %+v)", second, first)
	}
	if calls := w.ws.Calls(); calls["drive.files.watch"] != 1 || calls["drive.channels.stop"] != 1 {
		t.Errorf("calls = %v, want one files.watch and one channels.stop", calls)
	}
	if active := w.ws.ActiveChannels(); !slices.Equal(active, []string{second[0].ID}) {
		t.Errorf("ActiveChannels() = %q, want only the new %s", active, second[0].ID)
	}
	if !strings.Contains(w.logs.String(), "Drive notifications renewed") {
		t.Errorf("log = %s, want the renewal", w.logs.String())
	}
}

func TestWatchFailureDoesNotFailTheReconcile(t *testing.T) {
	t.Parallel()
	w := newWatched(t)
	w.ws.InjectFault(workspacetest.Fault{Method: "drive.files.watch", Status: http.StatusForbidden, Reason: "push.webhookUrlUnauthorized"})

	w.reconcile(t) // 204 all the same
	if ids := w.memberIDs(t); !distinctIDs(ids, 2) {
		t.Errorf("Member IDs = %q, want the sync done despite the watch failure", ids)
	}
	if chs := w.channels(t); len(chs) != 0 {
		t.Errorf("channels on record = %+v, want none", chs)
	}
	if !strings.Contains(w.logs.String(), "could not keep Drive's change notifications on") {
		t.Errorf("log = %s, want a plain line about the watch failure", w.logs.String())
	}
	if l, err := w.coal.Lease(context.Background()); err != nil || l.Held {
		t.Errorf("lease = %+v, %v, want it free after the upkeep", l, err)
	}

	// Once Drive accepts, the next reconcile opens the channel.
	w.ws.ClearFaults()
	w.reconcile(t)
	if chs := w.channels(t); len(chs) != 1 {
		t.Errorf("channels on record after the next reconcile = %+v, want one", chs)
	}
}

func TestWatchIsOffWithoutWatchAddress(t *testing.T) {
	t.Parallel()
	d := newDeployment(t)
	var logs logBuffer
	h := NewLazy(d.options(&logs))
	t.Cleanup(func() { h.Close() })
	bearer := "Bearer " + d.certs.Sign(t, idtokentest.Claims(scheduleAudience, scheduler))
	if w := serve(h, http.MethodPost, "/reconcile", map[string]string{"Authorization": bearer}); w.Code != http.StatusNoContent {
		t.Fatalf("reconcile: status = %d, want 204", w.Code)
	}
	if calls := d.ws.Calls(); calls["drive.files.watch"] != 0 {
		t.Errorf("calls = %v, want no files.watch", calls)
	}
	if !strings.Contains(logs.String(), "WATCH_ADDRESS is not set") {
		t.Errorf("log = %s, want a note that Drive notifications are off", logs.String())
	}
}

func TestReconcileLeavesTheWatchWhenAnotherSyncHoldsTheLease(t *testing.T) {
	t.Parallel()
	w := newWatched(t)
	ctx := context.Background()
	if ok, err := w.coal.TryAcquire(ctx, "another-instance", time.Minute); err != nil || !ok {
		t.Fatalf("TryAcquire = %v, %v", ok, err)
	}
	w.reconcile(t)
	if calls := w.ws.Calls(); calls["drive.files.watch"] != 0 {
		t.Errorf("calls = %v, want no files.watch while another sync runs", calls)
	}
	if again, err := w.coal.Release(ctx, "another-instance"); err != nil || !again {
		t.Errorf("Release = %v, %v, want the holder told to run again", again, err)
	}
}

func TestEditDuringTheWatchUpkeepIsSynced(t *testing.T) {
	t.Parallel()
	w := newWatched(t)
	ctx := context.Background()
	// files.watch answers slowly, so the test can act while the upkeep
	// holds the lease.
	w.ws.InjectFault(workspacetest.Fault{Method: "drive.files.watch", Latency: time.Second, Times: 1})

	done := w.reconcileAsync(t)
	// The upkeep's hold of the lease is the short one.
	w.waitForLease(t, func(l store.LeaseInfo) bool { return time.Until(l.Expires) <= runner.WatchLeaseTTL })
	// A person adds a member; Drive's notification (sent here by hand, as
	// no channel is open yet) finds the lease held.
	if err := w.ws.SetCells(w.sheet, "Members!A4", newMemberRow); err != nil {
		t.Fatal(err)
	}
	if code := w.post(t, "/notify/drive", map[string]string{"X-Goog-Channel-Token": channelToken, "X-Goog-Resource-State": "update"}); code != http.StatusNoContent {
		t.Fatalf("notification: status = %d, want 204", code)
	}
	if code := <-done; code != http.StatusNoContent {
		t.Fatalf("reconcile: status = %d, want 204; log:\n%s", code, w.logs.String())
	}
	if ids := w.memberIDs(t); !distinctIDs(ids, 3) {
		t.Errorf("Member IDs = %q, want three: the edit made during the upkeep was synced", ids)
	}
	if l, err := w.coal.Lease(ctx); err != nil || l.Held {
		t.Errorf("lease = %+v, %v, want it free", l, err)
	}
}

func TestRequestsAtOnceOnOneInstanceTakeTurns(t *testing.T) {
	t.Parallel()
	w := newWatched(t)
	// The reconcile's sync is slow to start, so a notification comes while
	// it holds the lease, on the same instance.
	w.ws.InjectFault(workspacetest.Fault{Method: "drive.files.get", Latency: time.Second, Times: 1})
	done := w.reconcileAsync(t)
	w.waitForLease(t, func(l store.LeaseInfo) bool { return strings.HasPrefix(l.Owner, "test-instance#") })

	if code := w.post(t, "/notify/drive", map[string]string{"X-Goog-Channel-Token": channelToken, "X-Goog-Resource-State": "update"}); code != http.StatusNoContent {
		t.Fatalf("notification: status = %d, want 204 (left to the running sync)", code)
	}
	select {
	case code := <-done:
		t.Fatalf("reconcile answered %d before the notification's sync was asked of it", code)
	default:
	}
	if code := <-done; code != http.StatusNoContent {
		t.Fatalf("reconcile: status = %d, want 204; log:\n%s", code, w.logs.String())
	}
	// The reconcile's holder ran the sync the notification asked for.
	if !strings.Contains(w.logs.String(), `"trigger":"again"`) {
		t.Errorf("log = %s, want a second run by the lease holder (trigger again)", w.logs.String())
	}
	if strings.Contains(w.logs.String(), `"trigger":"push"`) {
		t.Errorf("log = %s, want no sync by the notification's request itself", w.logs.String())
	}
	if l, err := w.coal.Lease(context.Background()); err != nil || l.Held {
		t.Errorf("lease = %+v, %v, want it free", l, err)
	}
}

// Acting as the organizer (Workspace delegation), the reconcile opens a
// Calendar channel beside Drive's, pointing at /notify/calendar; a guest's
// decline then reaches the service within moments and becomes N.
func TestCalendarNotificationTurnsADeclineIntoNotice(t *testing.T) {
	t.Parallel()
	d := newDeployment(t)
	const delegate = "coalition-delegate@invented-project.iam.gserviceaccount.com"
	d.ws.AllowDelegation(delegate, service.Scopes...)
	d.ws.RequireDelegationForAttendees(true)
	d.env["DELEGATED_SERVICE_ACCOUNT"] = delegate
	d.env["ORGANIZER_EMAIL"] = "meetings@example.org"
	srv := httptest.NewUnstartedServer(nil)
	d.env["WATCH_ADDRESS"] = "http://" + srv.Listener.Addr().String() + "/notify/drive"
	logs := &logBuffer{}
	h := NewLazy(d.options(logs))
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		h.Close()
	})
	w := &watched{deployment: d, srv: srv, logs: logs}
	client, err := firestore.NewClient(context.Background(), d.env["GOOGLE_CLOUD_PROJECT"])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	if w.coal, err = store.New(client).Coalition(d.env["COALITION_ID"]); err != nil {
		t.Fatal(err)
	}

	w.reconcile(t)
	calls := w.ws.Calls()
	if calls["drive.files.watch"] != 1 || calls["calendar.events.watch"] != 1 || calls["calendar.events.insert"] != 3 {
		t.Fatalf("first reconcile calls = %v, want one watch of each and three meeting events", calls)
	}
	var calChannel store.WatchChannel
	for _, ch := range w.channels(t) {
		if strings.HasPrefix(ch.FileID, "calendar:") {
			calChannel = ch
		}
	}
	if calChannel.ID == "" || time.Until(calChannel.Expiration) < runner.CalendarRenewBefore {
		t.Fatalf("Calendar channel on record = %+v, want one lasting more than the renewal margin", calChannel)
	}

	// Casa Ejemplo answers No to the next meeting.
	evs, err := w.ws.Events("meetings@example.org")
	if err != nil || len(evs) == 0 {
		t.Fatalf("organizer's events: %v, %v", evs, err)
	}
	slices.SortFunc(evs, func(a, b *calendarapi.Event) int { return strings.Compare(a.Start.DateTime, b.Start.DateTime) })
	next := evs[0]
	before := len(w.ws.Notifications())
	if err := w.ws.RespondToInvite("meetings@example.org", next.Id, "casa@example.org", "declined"); err != nil {
		t.Fatal(err)
	}
	var got workspacetest.Notification
	for _, n := range w.waitNotifications(t, before+1)[before:] {
		if n.ChannelID == calChannel.ID {
			got = n
		}
	}
	if got.StatusCode != http.StatusNoContent || !strings.HasSuffix(got.Address, "/notify/calendar") {
		t.Fatalf("Calendar notification = %+v, want one to /notify/calendar answered 204; log:\n%s", got, logs.String())
	}
	day := next.Start.DateTime[:10]
	att := w.ws.Values(w.sheet, "Attendance")
	col := slices.Index(att[0], day)
	if col < 0 || len(att[1]) <= col || att[1][col] != "N" {
		t.Errorf("Casa's Attendance cell for %s = %v (header %v), want N", day, att[1], att[0])
	}
	// The next reconcile keeps the channel, and changes nothing.
	w.ws.ResetCalls()
	w.reconcile(t)
	for m, n := range w.ws.Calls() {
		if strings.HasSuffix(m, ".insert") || strings.HasSuffix(m, ".patch") || strings.HasSuffix(m, "watch") || strings.Contains(m, "batchUpdate") {
			t.Errorf("reconcile with nothing new called %s %d times", m, n)
		}
	}
}
