package drive_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	driveapi "google.golang.org/api/drive/v3"
	"google.golang.org/api/option"

	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// watchToken is an invented channel token.
var watchToken = strings.Repeat("5eed", 10)

// settableClock is the fake Google's clock, moved by the test.
type settableClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *settableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *settableClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// receiver stands for the service's /notify/drive endpoint: it records the
// headers of every notification and answers 200.
type receiver struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []http.Header
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	r := &receiver{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodPost || req.URL.Path != "/notify/drive" {
			http.NotFound(w, req)
			return
		}
		r.mu.Lock()
		r.got = append(r.got, req.Header.Clone())
		r.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) address() string { return r.srv.URL + "/notify/drive" }

func (r *receiver) headers() []http.Header {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]http.Header(nil), r.got...)
}

// watchFixture is a spreadsheet on the fake Google, a Drive adapter over
// the official client whose requests are recorded in order, and an
// endpoint for the notifications.
type watchFixture struct {
	ws    *workspacetest.Server
	clock *settableClock
	c     *drive.Client
	sheet string
	end   *receiver

	mu       sync.Mutex
	requests []string // "METHOD path", in the order sent
}

func newWatchFixture(t *testing.T) *watchFixture {
	t.Helper()
	ws := workspacetest.NewServer()
	t.Cleanup(ws.Close)
	clock := &settableClock{now: time.Now().UTC().Truncate(time.Millisecond)}
	ws.SetClock(clock.Now)
	f := &watchFixture{ws: ws, clock: clock, end: newReceiver(t)}
	f.sheet = ws.CreateSpreadsheet("Invented Coalition", map[string][][]string{
		"Members": {{"Name", "Status"}, {"Casa Ejemplo", "Active"}},
	})
	base := ws.HTTPClient().Transport
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		f.mu.Lock()
		f.requests = append(f.requests, r.Method+" "+r.URL.Path)
		f.mu.Unlock()
		return base.RoundTrip(r)
	})}
	svc, err := driveapi.NewService(context.Background(), option.WithHTTPClient(hc))
	if err != nil {
		t.Fatalf("drive.NewService: %v", err)
	}
	f.c = drive.NewClient(svc)
	return f
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func (f *watchFixture) sent() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

func (f *watchFixture) reset() {
	f.mu.Lock()
	f.requests = nil
	f.mu.Unlock()
	f.ws.ResetCalls()
}

func (f *watchFixture) keep(t *testing.T, channels []drive.Channel, now time.Time) ([]drive.Channel, drive.WatchResult) {
	t.Helper()
	got, res, err := f.c.KeepWatching(context.Background(), f.sheet, f.end.address(), watchToken, channels, now)
	if err != nil {
		t.Fatalf("KeepWatching: %v", err)
	}
	return got, res
}

// waitNotifications waits for n notifications in all.
func (f *watchFixture) waitNotifications(t *testing.T, n int) []workspacetest.Notification {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ns, err := f.ws.WaitForNotifications(ctx, n)
	if err != nil {
		t.Fatalf("WaitForNotifications: %v (got %+v)", err, f.ws.Notifications())
	}
	return ns
}

func TestKeepWatchingOpensAChannelThatDelivers(t *testing.T) {
	t.Parallel()
	f := newWatchFixture(t)
	now := f.clock.Now()

	got, res := f.keep(t, nil, now)
	if len(got) != 1 || res.Opened == nil || got[0] != *res.Opened {
		t.Fatalf("KeepWatching(no channels) = %+v, %+v, want one channel, the one opened", got, res)
	}
	ch := got[0]
	if ch.FileID != f.sheet || !strings.HasPrefix(ch.ID, "coalitionsync-") || len(ch.ID) > 64 || ch.ResourceID == "" {
		t.Errorf("channel = %+v, want file %s, an ID of ours of at most 64 characters, and Drive's resource ID", ch, f.sheet)
	}
	if want := now.Add(drive.WatchLifetime); !ch.Expiration.Equal(want) {
		t.Errorf("channel expires %v, want %v (a day: Drive's maximum for files)", ch.Expiration, want)
	}
	if calls := f.ws.Calls(); calls["drive.files.watch"] != 1 || len(calls) != 1 {
		t.Errorf("calls = %v, want one drive.files.watch", calls)
	}
	if active := f.ws.ActiveChannels(); !slices.Equal(active, []string{ch.ID}) {
		t.Errorf("ActiveChannels() = %q, want [%s]", active, ch.ID)
	}

	// Drive first says the channel is open: the "sync" message.
	ns := f.waitNotifications(t, 1)
	if n := ns[0]; n.ResourceState != "sync" || n.ChannelID != ch.ID || n.ResourceID != ch.ResourceID ||
		n.Token != watchToken || n.StatusCode != http.StatusOK || !n.Expiration.Equal(ch.Expiration) {
		t.Errorf("first notification = %+v, want sync on channel %s with our token, answered 200, expiring when recorded", n, ch.ID)
	}

	// A person edits the sheet: Drive tells the endpoint, with the token.
	if err := f.ws.SetCells(f.sheet, "Members!A3", [][]string{{"Lena Example", "Active"}}); err != nil {
		t.Fatal(err)
	}
	f.waitNotifications(t, 2)
	hs := f.end.headers()
	if len(hs) != 2 {
		t.Fatalf("endpoint received %d notifications, want 2", len(hs))
	}
	for i, want := range []struct{ state, number string }{{"sync", "1"}, {"update", "2"}} {
		h := hs[i]
		if h.Get("X-Goog-Channel-Token") != watchToken || h.Get("X-Goog-Channel-ID") != ch.ID ||
			h.Get("X-Goog-Resource-ID") != ch.ResourceID || h.Get("X-Goog-Resource-State") != want.state ||
			h.Get("X-Goog-Message-Number") != want.number {
			t.Errorf("notification %d headers = %v, want token, channel %s, state %s, message %s", i+1, h, ch.ID, want.state, want.number)
		}
	}
	if changed := hs[1].Get("X-Goog-Changed"); changed != "content" {
		t.Errorf("edit notification X-Goog-Changed = %q, want content", changed)
	}
}

func TestKeepWatchingKeepsAFreshChannelWithoutACall(t *testing.T) {
	t.Parallel()
	f := newWatchFixture(t)
	now := f.clock.Now()
	first, _ := f.keep(t, nil, now)
	other := drive.Channel{ID: "other-channel", ResourceID: "other-res", FileID: "other-file", Expiration: now.Add(time.Hour)}
	record := append([]drive.Channel{other}, first...)

	tests := []struct {
		name  string
		later time.Duration
	}{
		{"just opened", 0},
		{"an hour later", time.Hour},
		{"a minute before the margin", drive.WatchLifetime - drive.WatchRenewMargin - time.Minute},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f.reset()
			got, res, err := f.c.KeepWatching(context.Background(), f.sheet, f.end.address(), watchToken, record, now.Add(tc.later))
			if err != nil {
				t.Fatalf("KeepWatching: %v", err)
			}
			if !slices.Equal(got, record) || res.Kept == nil || *res.Kept != first[0] || res.Opened != nil {
				t.Errorf("KeepWatching = %+v, %+v, want the record unchanged and the channel kept", got, res)
			}
			if calls := f.ws.Calls(); len(calls) != 0 {
				t.Errorf("calls = %v, want none", calls)
			}
		})
	}
}

func TestKeepWatchingRenewsNearExpiryWithoutAGap(t *testing.T) {
	t.Parallel()
	f := newWatchFixture(t)
	t0 := f.clock.Now()
	first, _ := f.keep(t, nil, t0)
	old := first[0]
	other := drive.Channel{ID: "other-channel", ResourceID: "other-res", FileID: "other-file", Expiration: t0.Add(time.Hour)}
	record := []drive.Channel{other, old}
	f.waitNotifications(t, 1)

	// 19 hours later the channel has 5 hours left: less than the margin.
	later := t0.Add(19 * time.Hour)
	f.clock.Set(later)
	f.reset()
	got, res := f.keep(t, record, later)

	if res.Opened == nil || res.Stopped != 1 || res.Expired != 0 || len(res.NotStopped) != 0 || res.StopErr != nil {
		t.Fatalf("result = %+v, want one channel opened and the old one stopped", res)
	}
	fresh := *res.Opened
	if fresh.ID == old.ID || fresh.ResourceID != old.ResourceID || !fresh.Expiration.Equal(later.Add(drive.WatchLifetime)) {
		t.Errorf("new channel = %+v, want a new ID on the same resource, expiring a day after %v", fresh, later)
	}
	if want := []drive.Channel{other, fresh}; !slices.Equal(got, want) {
		t.Errorf("record = %+v, want %+v (the other file's channel as it was)", got, want)
	}
	wantOrder := []string{"POST /drive/v3/files/" + f.sheet + "/watch", "POST /drive/v3/channels/stop"}
	if sent := f.sent(); !slices.Equal(sent, wantOrder) {
		t.Errorf("requests = %q, want %q: open the new channel, then stop the old", sent, wantOrder)
	}
	if active := f.ws.ActiveChannels(); !slices.Equal(active, []string{fresh.ID}) {
		t.Errorf("ActiveChannels() = %q, want only the new %s", active, fresh.ID)
	}

	// An edit now reaches the endpoint through the new channel only.
	f.waitNotifications(t, 2) // the new channel's sync
	if err := f.ws.SetCells(f.sheet, "Members!A2", [][]string{{"Casa Ejemplo Renamed"}}); err != nil {
		t.Fatal(err)
	}
	ns := f.waitNotifications(t, 3)
	if n := ns[2]; n.ChannelID != fresh.ID || n.ResourceState != "update" || n.Token != watchToken || n.StatusCode != http.StatusOK {
		t.Errorf("edit notification = %+v, want update on the new channel %s", n, fresh.ID)
	}
	// Messages are sent in the order queued, the old channel's first: had
	// it still been live, its message for the edit would come before.
	for i, n := range ns[1:] {
		if n.ChannelID == old.ID {
			t.Errorf("notification %d = %+v went to the stopped channel", i+2, n)
		}
	}
}

func TestKeepWatchingRecordsWhatDriveGranted(t *testing.T) {
	t.Parallel()
	f := newWatchFixture(t)
	google := f.clock.Now()
	// The service's clock runs two hours ahead: it asks for 26 hours of
	// Google's time, and Drive grants a day.
	got, res := f.keep(t, nil, google.Add(2*time.Hour))
	if res.Opened == nil || !got[0].Expiration.Equal(google.Add(24*time.Hour)) {
		t.Errorf("recorded expiration = %v, want Drive's answer %v", got[0].Expiration, google.Add(24*time.Hour))
	}
}

func TestKeepWatchingTreatsEndedChannelsAsStopped(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// after is when the next renewal runs, after the first channel opened.
		after time.Duration
		// endedEarly makes Drive end the channel before its expiration.
		endedEarly  bool
		wantStopped int
		wantExpired int
		wantStops   int
	}{
		{name: "Drive ended it early: stop answers 404, which counts as stopped", after: 20 * time.Hour, endedEarly: true,
			wantStopped: 1, wantStops: 1},
		{name: "its expiration has passed: dropped without a call", after: 25 * time.Hour,
			wantExpired: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newWatchFixture(t)
			first, _ := f.keep(t, nil, f.clock.Now())
			later := f.clock.Now().Add(tc.after)
			f.clock.Set(later)
			if tc.endedEarly {
				f.ws.ExpireChannels()
			}
			f.reset()

			got, res := f.keep(t, first, later)
			if res.Opened == nil || res.Stopped != tc.wantStopped || res.Expired != tc.wantExpired || len(res.NotStopped) != 0 || res.StopErr != nil {
				t.Errorf("result = %+v, want opened, %d stopped, %d expired, no failure", res, tc.wantStopped, tc.wantExpired)
			}
			if len(got) != 1 || got[0] != *res.Opened {
				t.Errorf("record = %+v, want only the new channel", got)
			}
			if calls := f.ws.Calls(); calls["drive.channels.stop"] != tc.wantStops || calls["drive.files.watch"] != 1 {
				t.Errorf("calls = %v, want 1 files.watch and %d channels.stop", calls, tc.wantStops)
			}
			if active := f.ws.ActiveChannels(); !slices.Equal(active, []string{res.Opened.ID}) {
				t.Errorf("ActiveChannels() = %q, want only the new one", active)
			}
		})
	}
}

func TestKeepWatchingKeepsTheNewChannelWhenAStopFails(t *testing.T) {
	t.Parallel()
	f := newWatchFixture(t)
	t0 := f.clock.Now()
	first, _ := f.keep(t, nil, t0)
	old := first[0]

	later := t0.Add(20 * time.Hour)
	f.clock.Set(later)
	f.ws.InjectFault(workspacetest.Fault{Method: "drive.channels.stop", Status: http.StatusServiceUnavailable, Times: 1})
	got, res, err := f.c.KeepWatching(context.Background(), f.sheet, f.end.address(), watchToken, first, later)
	if err != nil {
		t.Fatalf("KeepWatching = %v, want no error: the new channel works", err)
	}
	if res.Opened == nil || res.Stopped != 0 || !slices.Equal(res.NotStopped, []drive.Channel{old}) {
		t.Fatalf("result = %+v, want the new channel opened and the old one not stopped", res)
	}
	if res.StopErr == nil || !strings.Contains(res.StopErr.Error(), old.ID) || !strings.Contains(res.StopErr.Error(), "503") {
		t.Errorf("StopErr = %v, want it to name the old channel and Drive's answer", res.StopErr)
	}
	if want := []drive.Channel{*res.Opened, old}; !slices.Equal(got, want) {
		t.Errorf("record = %+v, want %+v: the new channel, and the old one to stop later", got, want)
	}
	if active := f.ws.ActiveChannels(); len(active) != 2 {
		t.Errorf("ActiveChannels() = %q, want both until the old one ends", active)
	}

	// The next renewal drops the old one, which has ended by then.
	f.clock.Set(later.Add(20 * time.Hour))
	f.reset()
	got2, res2 := f.keep(t, got, later.Add(20*time.Hour))
	if res2.Opened == nil || res2.Stopped != 1 || res2.Expired != 1 || len(got2) != 1 || got2[0] != *res2.Opened {
		t.Errorf("next renewal = %+v, %+v, want one new channel, the previous stopped and the old dropped", got2, res2)
	}
	if calls := f.ws.Calls(); calls["drive.channels.stop"] != 1 {
		t.Errorf("calls = %v, want one channels.stop (the expired channel needs none)", calls)
	}
}

func TestKeepWatchingChangesNothingWhenWatchFails(t *testing.T) {
	t.Parallel()
	f := newWatchFixture(t)
	t0 := f.clock.Now()
	first, _ := f.keep(t, nil, t0)

	later := t0.Add(20 * time.Hour)
	f.clock.Set(later)
	f.ws.InjectFault(workspacetest.Fault{Method: "drive.files.watch", Status: http.StatusInternalServerError})
	f.reset()
	got, res, err := f.c.KeepWatching(context.Background(), f.sheet, f.end.address(), watchToken, first, later)
	if err == nil || !strings.Contains(err.Error(), "open a notification channel") {
		t.Fatalf("KeepWatching = %v, want the failed files.watch", err)
	}
	if !slices.Equal(got, first) || res.Opened != nil || res.Stopped != 0 {
		t.Errorf("KeepWatching = %+v, %+v, want the record unchanged", got, res)
	}
	if calls := f.ws.Calls(); calls["drive.channels.stop"] != 0 {
		t.Errorf("calls = %v, want no stop: the old channel is the only one", calls)
	}
	if active := f.ws.ActiveChannels(); !slices.Equal(active, []string{first[0].ID}) {
		t.Errorf("ActiveChannels() = %q, want the old channel still live", active)
	}
}

func TestKeepWatchingRejectsBadInput(t *testing.T) {
	t.Parallel()
	f := newWatchFixture(t)
	now := f.clock.Now()
	good := f.end.address()
	record := []drive.Channel{{ID: "c1", ResourceID: "r1", FileID: f.sheet, Expiration: now.Add(time.Hour)}}
	tests := []struct {
		name                 string
		file, address, token string
		now                  time.Time
		want                 []string
		notWant              string
	}{
		{"no file", " ", good, watchToken, now, []string{"no file to watch"}, ""},
		{"no address", f.sheet, "", watchToken, now, []string{"no address"}, ""},
		{"plain http off this machine", f.sheet, "http://sync.example.org/notify/drive", watchToken, now, []string{"does not start with https://"}, ""},
		{"not a web address", f.sheet, "sync.example.org/notify/drive", watchToken, now, []string{"is not a web address"}, ""},
		{"another scheme", f.sheet, "ftp://sync.example.org/notify/drive", watchToken, now, []string{"does not start with https://"}, ""},
		{"no token", f.sheet, good, "", now, []string{"no channel token"}, ""},
		{"token with a space", f.sheet, good, "abc def" + watchToken, now, []string{"spaces"}, "abc def"},
		{"token too long", f.sheet, good, strings.Repeat("a", 257), now, []string{"257 characters", "at most 256"}, ""},
		{"no time", f.sheet, good, watchToken, time.Time{}, []string{"current time is missing"}, ""},
		{"everything wrong at once", "", "http://example.org", "", time.Time{}, []string{"no file", "https://", "no channel token", "time"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f.reset()
			got, res, err := f.c.KeepWatching(context.Background(), tc.file, tc.address, tc.token, record, tc.now)
			if err == nil {
				t.Fatalf("KeepWatching = nil error, want one mentioning %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error = %q, want it to mention %q", err, w)
				}
			}
			if tc.notWant != "" && strings.Contains(err.Error(), tc.notWant) {
				t.Errorf("error = %q repeats the token", err)
			}
			if !slices.Equal(got, record) || res.Opened != nil {
				t.Errorf("KeepWatching = %+v, %+v, want the record unchanged", got, res)
			}
			if calls := f.ws.Calls(); len(calls) != 0 {
				t.Errorf("calls = %v, want none", calls)
			}
		})
	}
}

func TestKeepWatchingAcceptsLoopbackAndHTTPS(t *testing.T) {
	t.Parallel()
	// Drive refuses addresses it cannot reach; the fake delivers only on
	// this machine, so https off the machine is checked up to the call.
	f := newWatchFixture(t)
	now := f.clock.Now()
	tests := []struct {
		name, address string
		wantOpened    bool
	}{
		{"127.0.0.1", f.end.address(), true},
		{"localhost", strings.Replace(f.end.address(), "127.0.0.1", "localhost", 1), true},
		{"https is sent to Drive, which here refuses another host", "https://sync.example.org/notify/drive", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f.reset()
			_, res, err := f.c.KeepWatching(context.Background(), f.sheet, tc.address, watchToken, nil, now)
			if tc.wantOpened && (err != nil || res.Opened == nil) {
				t.Errorf("KeepWatching(%s) = %v, %+v, want a channel", tc.address, err, res)
			}
			if !tc.wantOpened && (err == nil || f.ws.Calls()["drive.files.watch"] != 1) {
				t.Errorf("KeepWatching(%s) = %v after calls %v, want Drive's refusal of one files.watch", tc.address, err, f.ws.Calls())
			}
		})
	}
}
