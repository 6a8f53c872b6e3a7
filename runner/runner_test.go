package runner

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	driveapi "google.golang.org/api/drive/v3"

	"github.com/coalitionsync/coalitionsync/logging"
	"github.com/coalitionsync/coalitionsync/sync/calendar"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

func TestMain(m *testing.M) { firestoretest.Main(m) }

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// A sync holder died with an edit's request pending; its lease expired.
// The upkeep of Drive's notifications, which is not a sync, takes the
// lease next: it must say that a sync is owed (again), and leave the lease
// pending for it, rather than clear the request as a sync would. Before,
// the upkeep took the lease with TryAcquire, which cleared the flag, and
// the edit waited for the next unrelated trigger.
func TestUpkeepTakingAnExpiredLeaseKeepsTheSyncOwed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ws := workspacetest.NewServer()
	t.Cleanup(ws.Close)
	sheet := ws.CreateSpreadsheet("Invented Coalition", map[string][][]string{"Members": {{"Name"}}})
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) }))
	t.Cleanup(receiver.Close)
	ds, err := driveapi.NewService(ctx, ws.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	client, _ := firestoretest.NewClient(t)
	clk := &clock{t: time.Date(2026, 4, 1, 15, 0, 0, 0, time.UTC)}
	coal, err := store.New(client, store.WithClock(clk.now)).Coalition("invented")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := coal.TryAcquire(ctx, "died#1", DefaultLeaseTTL); err != nil || !ok {
		t.Fatalf("TryAcquire = %v, %v", ok, err)
	}
	if ok, err := coal.TryAcquire(ctx, "edit#1", DefaultLeaseTTL); err != nil || ok {
		t.Fatalf("edit's TryAcquire = %v, %v; want busy", ok, err)
	}
	clk.add(DefaultLeaseTTL)

	k := &Watch{Drive: drive.NewClient(ds), State: coal, FileID: sheet, Address: receiver.URL + "/notify/drive",
		Token: "invented-channel-token", Now: clk.now, Log: logging.New(discard{}, slog.LevelInfo)}
	if again := k.Keep(ctx, "upkeep#1"); !again {
		t.Errorf("Keep after taking an expired lease with a sync owed = false, want true: run that sync")
	}
	if calls := ws.Calls(); calls["drive.files.watch"] != 1 {
		t.Errorf("calls = %v, want the upkeep done (one files.watch)", calls)
	}
	l, err := coal.Lease(ctx)
	if err != nil || !l.Pending {
		t.Errorf("lease after the upkeep = %+v, %v; want pending, so that the sync stays owed until run", l, err)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// refusedWatch is Calendar refusing to open a channel, as it is reported
// to for an address on a domain nobody verified.
type refusedWatch struct{ opened int }

func (r *refusedWatch) Watch(context.Context, string, string, string, time.Duration) (calendar.Channel, error) {
	r.opened++
	return calendar.Channel{}, errors.New("injected: Unauthorized WebHook callback channel")
}

func (r *refusedWatch) Stop(context.Context, calendar.Channel) error { return nil }

// A Calendar channel Google refuses is logged as Calendar's, and the Drive
// channel is still opened and recorded.
func TestRefusedCalendarChannelKeepsDrives(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ws := workspacetest.NewServer()
	t.Cleanup(ws.Close)
	sheet := ws.CreateSpreadsheet("Invented Coalition", map[string][][]string{"Members": {{"Name"}}})
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) }))
	t.Cleanup(receiver.Close)
	ds, err := driveapi.NewService(ctx, ws.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	client, _ := firestoretest.NewClient(t)
	coal, err := store.New(client).Coalition("invented")
	if err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	cal := &refusedWatch{}
	k := &Watch{Drive: drive.NewClient(ds), State: coal, FileID: sheet, Address: receiver.URL + "/notify/drive",
		Token: "invented-channel-token", Calendar: cal, CalendarID: "primary", CalendarAddress: receiver.URL + "/notify/calendar",
		Log: logging.New(&logs, slog.LevelInfo)}
	k.Keep(ctx, "upkeep#1")
	st, err := coal.LoadSyncState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cal.opened != 1 || len(st.Channels) != 1 || st.Channels[0].FileID != sheet {
		t.Errorf("calendar tries %d, channels on record %+v; want one try and Drive's channel recorded", cal.opened, st.Channels)
	}
	if !strings.Contains(logs.String(), "could not keep Calendar's notifications on") || strings.Contains(logs.String(), "could not keep Drive's") {
		t.Errorf("log = %s, want the refusal said as Calendar's", logs.String())
	}
}
