package workspacetest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"google.golang.org/api/calendar/v3"
	"google.golang.org/api/drive/v3"
	"google.golang.org/api/sheets/v4"
)

// receiver is a loopback webhook that records the headers it gets.
type receiver struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []http.Header
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	rc := &receiver{}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		rc.mu.Lock()
		rc.got = append(rc.got, r.Header.Clone())
		rc.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) headers() []http.Header {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]http.Header(nil), rc.got...)
}

func waitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestPushFileWatch(t *testing.T) {
	t.Parallel()
	s, srv := dcDrive(t)
	rc := newReceiver(t)
	f, _ := srv.Files.Create(&drive.File{Name: "Roster", MimeType: "application/vnd.google-apps.spreadsheet"}).Do()
	exp := time.Now().Add(30 * time.Minute).UnixMilli()
	ch, err := srv.Files.Watch(f.Id, &drive.Channel{Id: "chan-1", Type: "web_hook", Address: rc.srv.URL + "/hook",
		Token: "secret-token", Expiration: exp}).Do()
	if err != nil {
		t.Fatalf("files.watch: %v", err)
	}
	if ch.ResourceId == "" || ch.Id != "chan-1" || ch.Expiration != exp {
		t.Errorf("channel = %+v, want id chan-1, a resourceId and expiration %d", ch, exp)
	}
	if err := s.EditFile(f.Id, []byte("edited")); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Permissions.Create(f.Id, &drive.Permission{Type: "user", Role: "reader", EmailAddress: "ana@example.org"}).
		SendNotificationEmail(false).Do(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WaitForNotifications(waitCtx(t), 3); err != nil {
		t.Fatal(err)
	}
	hs := rc.headers()
	want := []struct{ state, changed string }{{"sync", ""}, {"update", "content"}, {"update", "permissions"}}
	if len(hs) != len(want) {
		t.Fatalf("received %d notifications, want %d", len(hs), len(want))
	}
	for i, h := range hs {
		if h.Get("X-Goog-Channel-ID") != "chan-1" || h.Get("X-Goog-Channel-Token") != "secret-token" ||
			h.Get("X-Goog-Resource-ID") != ch.ResourceId || h.Get("X-Goog-Resource-URI") != ch.ResourceUri {
			t.Errorf("notification %d headers = %v, want channel chan-1, its token and resource", i, h)
		}
		if h.Get("X-Goog-Resource-State") != want[i].state || h.Get("X-Goog-Changed") != want[i].changed {
			t.Errorf("notification %d = state %q changed %q, want %q %q", i, h.Get("X-Goog-Resource-State"), h.Get("X-Goog-Changed"), want[i].state, want[i].changed)
		}
		if h.Get("X-Goog-Message-Number") != strconv.Itoa(i+1) {
			t.Errorf("notification %d message number %q, want %d", i, h.Get("X-Goog-Message-Number"), i+1)
		}
		if gotExp, err := http.ParseTime(h.Get("X-Goog-Channel-Expiration")); err != nil || gotExp.Unix() != exp/1000 {
			t.Errorf("notification %d expiration %q, want %s", i, h.Get("X-Goog-Channel-Expiration"), time.UnixMilli(exp).UTC())
		}
	}

	// A second channel on the same file shares the resource ID.
	ch2, err := srv.Files.Watch(f.Id, &drive.Channel{Id: "chan-2", Type: "web_hook", Address: rc.srv.URL + "/hook2"}).Do()
	if err != nil || ch2.ResourceId != ch.ResourceId {
		t.Fatalf("second watch = %v, %v; want the same resourceId", ch2, err)
	}
	_, err = srv.Files.Watch(f.Id, &drive.Channel{Id: "chan-2", Type: "web_hook", Address: rc.srv.URL}).Do()
	dcWantErr(t, err, 400, "channelIdNotUnique")

	// Stop the first: the next edit reaches only chan-2.
	if err := srv.Channels.Stop(&drive.Channel{Id: "chan-1", ResourceId: ch.ResourceId}).Do(); err != nil {
		t.Fatalf("channels.stop: %v", err)
	}
	dcWantErr(t, srv.Channels.Stop(&drive.Channel{Id: "chan-1", ResourceId: ch.ResourceId}).Do(), 404, "notFound")
	if err := s.EditFile(f.Id, []byte("again")); err != nil {
		t.Fatal(err)
	}
	all, err := s.WaitForNotifications(waitCtx(t), 5) // chan-2 sync + update
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range all[3:] {
		if n.ChannelID != "chan-2" {
			t.Errorf("after stop, notification to %s, want only chan-2", n.ChannelID)
		}
	}

	// Expired channels get nothing.
	s.ExpireChannels()
	if ids := s.ActiveChannels(); len(ids) != 0 {
		t.Errorf("ActiveChannels after expiry = %v, want none", ids)
	}
	if err := s.EditFile(f.Id, []byte("after expiry")); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Notifications()); n != 5 {
		t.Errorf("notifications after expiry = %d, want 5", n)
	}
	dcWantErr(t, srv.Channels.Stop(&drive.Channel{Id: "chan-2", ResourceId: ch2.ResourceId}).Do(), 404, "notFound")
}

func TestPushChangesWatchAndAddressRules(t *testing.T) {
	t.Parallel()
	s, srv := dcDrive(t)
	rc := newReceiver(t)
	start, _ := srv.Changes.GetStartPageToken().Do()
	ch, err := srv.Changes.Watch(start.StartPageToken, &drive.Channel{Id: "changes-1", Type: "web_hook", Address: rc.srv.URL}).Do()
	if err != nil {
		t.Fatalf("changes.watch: %v", err)
	}
	if _, err := srv.Files.Create(&drive.File{Name: "new"}).Do(); err != nil {
		t.Fatal(err)
	}
	ns, err := s.WaitForNotifications(waitCtx(t), 2)
	if err != nil {
		t.Fatal(err)
	}
	if ns[0].ResourceState != "sync" || ns[1].ResourceState != "change" || ns[1].ResourceID != ch.ResourceId || ns[1].StatusCode != 200 {
		t.Errorf("changes notifications = %+v, want sync then change delivered", ns)
	}
	if h := rc.headers(); len(h) != 2 || h[1].Get("X-Goog-Resource-State") != "change" {
		t.Errorf("receiver got %v, want sync and change", h)
	}

	bad := []struct{ name, address, typ string }{
		{"not loopback", "https://example.org/hook", "web_hook"},
		{"not a web hook", rc.srv.URL, "email"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := srv.Changes.Watch(start.StartPageToken, &drive.Channel{Id: "bad-" + tc.name, Type: tc.typ, Address: tc.address}).Do()
			var reason string
			if tc.name == "not loopback" {
				reason = "push.webhookUrlUnauthorized"
			} else {
				reason = "invalid"
			}
			dcWantErr(t, err, 400, reason)
		})
	}
}

func TestPushSheetEditTouchesFile(t *testing.T) {
	t.Parallel()
	s, srv := dcDrive(t)
	sh, err := sheets.NewService(context.Background(), s.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	rc := newReceiver(t)
	book, err := sh.Spreadsheets.Create(&sheets.Spreadsheet{Properties: &sheets.SpreadsheetProperties{Title: "Roster"}}).Do()
	if err != nil {
		t.Fatalf("spreadsheets.create: %v", err)
	}
	// Google lists a new spreadsheet in Drive.
	f, err := srv.Files.Get(book.SpreadsheetId).Fields("id,name,mimeType,version").Do()
	if err != nil {
		t.Fatalf("files.get of the spreadsheet: %v", err)
	}
	if f.Name != "Roster" || f.MimeType != "application/vnd.google-apps.spreadsheet" {
		t.Errorf("spreadsheet in Drive = %q %q, want Roster, a spreadsheet", f.Name, f.MimeType)
	}
	if _, err := srv.Files.Watch(f.Id, &drive.Channel{Id: "sheet", Type: "web_hook", Address: rc.srv.URL}).Do(); err != nil {
		t.Fatal(err)
	}
	_, err = sh.Spreadsheets.Values.Update(book.SpreadsheetId, "A1", &sheets.ValueRange{Values: [][]any{{"Name"}}}).
		ValueInputOption("RAW").Do()
	if err != nil {
		t.Fatalf("values.update: %v", err)
	}
	got, _ := srv.Files.Get(f.Id).Fields("version").Do()
	if got.Version <= f.Version {
		t.Errorf("version after a sheet edit = %d, want more than %d", got.Version, f.Version)
	}
	ns, err := s.WaitForNotifications(waitCtx(t), 2)
	if err != nil {
		t.Fatal(err)
	}
	if ns[1].ResourceState != "update" || ns[1].Changed != "content" {
		t.Errorf("notification = %+v, want update/content", ns[1])
	}
}

func TestPushCalendarWatch(t *testing.T) {
	t.Parallel()
	s, srv, calID := dcCalendar(t)
	rc := newReceiver(t)
	ch, err := srv.Events.Watch(calID, &calendar.Channel{Id: "cal-1", Type: "web_hook", Address: rc.srv.URL, Token: "t"}).Do()
	if err != nil {
		t.Fatalf("events.watch: %v", err)
	}
	if _, err := srv.Events.Insert(calID, meeting("push0001", "2026-01-26", "ana@example.org")).Do(); err != nil {
		t.Fatal(err)
	}
	if err := s.RespondToInvite(calID, "push0001", "ana@example.org", "declined"); err != nil {
		t.Fatal(err)
	}
	ns, err := s.WaitForNotifications(waitCtx(t), 3)
	if err != nil {
		t.Fatal(err)
	}
	states := []string{ns[0].ResourceState, ns[1].ResourceState, ns[2].ResourceState}
	if states[0] != "sync" || states[1] != "exists" || states[2] != "exists" || ns[2].MessageNumber != 3 || ns[2].ResourceID != ch.ResourceId {
		t.Errorf("calendar notifications = %+v, want sync, exists, exists numbered 1-3", ns)
	}
	if err := srv.Channels.Stop(&calendar.Channel{Id: "cal-1", ResourceId: ch.ResourceId}).Do(); err != nil {
		t.Errorf("calendar channels.stop: %v", err)
	}
	if len(rc.headers()) != 3 {
		t.Errorf("receiver got %d, want 3", len(rc.headers()))
	}
}

func TestPushTrashUntrashRemove(t *testing.T) {
	t.Parallel()
	s, srv := dcDrive(t)
	rc := newReceiver(t)
	folder, _ := srv.Files.Create(&drive.File{Name: "Old", MimeType: "application/vnd.google-apps.folder"}).Do()
	f, _ := srv.Files.Create(&drive.File{Name: "note", Parents: []string{folder.Id}}).Do()
	if _, err := srv.Files.Watch(f.Id, &drive.Channel{Id: "trash", Type: "web_hook", Address: rc.srv.URL}).Do(); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Files.Update(f.Id, &drive.File{Trashed: true}).Do(); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Files.Update(f.Id, &drive.File{Trashed: false, ForceSendFields: []string{"Trashed"}}).Do(); err != nil {
		t.Fatal(err)
	}
	// Trashing the folder trashes what it holds, not explicitly.
	if _, err := srv.Files.Update(folder.Id, &drive.File{Trashed: true}).Do(); err != nil {
		t.Fatal(err)
	}
	got, err := srv.Files.Get(f.Id).Fields("trashed,explicitlyTrashed").Do()
	if err != nil || !got.Trashed || got.ExplicitlyTrashed {
		t.Errorf("child of a trashed folder = %+v, %v; want trashed, not explicitly", got, err)
	}
	if err := srv.Files.Delete(f.Id).Do(); err != nil {
		t.Fatal(err)
	}
	ns, err := s.WaitForNotifications(waitCtx(t), 5)
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, n := range ns {
		states = append(states, n.ResourceState)
	}
	if want := []string{"sync", "trash", "untrash", "trash", "remove"}; !slices.Equal(states, want) {
		t.Errorf("states = %v, want %v", states, want)
	}
}
