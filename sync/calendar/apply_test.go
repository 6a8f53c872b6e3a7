package calendar_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	calendarapi "google.golang.org/api/calendar/v3"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/calendar"
	"github.com/coalitionsync/coalitionsync/sync/retry"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// Tests here share the package's guest cap (SetGuestCap): none runs in
// parallel.

const (
	coalition = "mo-invented"
	zone      = "America/Chicago"
	organizer = "facilitator@example.org"
)

var chicago = mustZone(zone)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// meeting is a one-hour meeting at 18:00 Chicago time on day (the key),
// with invented guests.
func meeting(day string, guests ...string) calendar.Meeting {
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		panic(err)
	}
	key := domain.NewDate(d.Year(), d.Month(), d.Day())
	start := time.Date(d.Year(), d.Month(), d.Day(), 18, 0, 0, 0, chicago)
	return calendar.Meeting{Key: key, Date: key, Start: start, End: start.Add(time.Hour), TimeZone: zone,
		Title: "Coalition meeting", Description: "Monthly meeting of the invented coalition.", Guests: guests}
}

// moved is m held on another day (same key).
func moved(m calendar.Meeting, day string) calendar.Meeting {
	d, _ := time.Parse("2006-01-02", day)
	m.Date = domain.NewDate(d.Year(), d.Month(), d.Day())
	m.Start = time.Date(d.Year(), d.Month(), d.Day(), 18, 0, 0, 0, chicago)
	m.End = m.Start.Add(time.Hour)
	return m
}

type fixture struct {
	ws    *workspacetest.Server
	raw   *calendarapi.Service // acts as the organizer, for the test's own reads and edits
	c     *calendar.Client
	calID string
	recs  map[string]calendar.Record
}

// newFixture is a coalition calendar on the fake Google and an adapter
// acting as the organizer (domain-wide delegation).
func newFixture(t testing.TB) *fixture {
	t.Helper()
	ws := workspacetest.NewServer()
	t.Cleanup(ws.Close)
	raw, err := calendarapi.NewService(context.Background(), ws.DelegatedClientOptions(organizer)...)
	if err != nil {
		t.Fatalf("calendar.NewService: %v", err)
	}
	cal, err := raw.Calendars.Insert(&calendarapi.Calendar{Summary: "Invented coalition", TimeZone: zone}).Do()
	if err != nil {
		t.Fatalf("calendars.insert: %v", err)
	}
	c := calendar.NewClient(raw, cal.Id)
	c.Retry = fastRetry
	return &fixture{ws: ws, raw: raw, c: c, calID: cal.Id, recs: map[string]calendar.Record{}}
}

var fastRetry = retry.Policy{Attempts: 3, Sleep: func(context.Context, time.Duration) error { return nil }}

func (f *fixture) records() []calendar.Record {
	var out []calendar.Record
	for _, r := range f.recs {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b calendar.Record) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// sync plans against the stored records, applies, and stores what Apply
// returns, as the engine does.
func (f *fixture) sync(t testing.TB, want ...calendar.Meeting) ([]calendar.Change, calendar.Result) {
	t.Helper()
	changes := calendar.Plan(coalition, want, f.records())
	recs, res, err := f.c.Apply(context.Background(), changes)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	for _, r := range recs {
		f.recs[r.ID] = r
	}
	return changes, res
}

func (f *fixture) events(t testing.TB) []*calendarapi.Event {
	t.Helper()
	evs, err := f.ws.Events(f.calID)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func (f *fixture) event(t testing.TB, id string) *calendarapi.Event {
	t.Helper()
	for _, ev := range f.events(t) {
		if ev.Id == id {
			return ev
		}
	}
	t.Fatalf("event %s not on the calendar", id)
	return nil
}

// emails returns "kind email" for every email sent since the n-th.
func (f *fixture) emails(from int) []string {
	var out []string
	for _, inv := range f.ws.Invitations(f.calID)[from:] {
		out = append(out, inv.Kind+" "+inv.Email)
	}
	slices.Sort(out)
	return out
}

func attendees(ev *calendarapi.Event) []string {
	var out []string
	for _, a := range ev.Attendees {
		out = append(out, a.Email)
	}
	slices.Sort(out)
	return out
}

func calendarCalls(ws *workspacetest.Server) int {
	n := 0
	for m, c := range ws.Calls() {
		if strings.HasPrefix(m, "calendar.") {
			n += c
		}
	}
	return n
}

func TestApplyTwiceMakesOneEventPerMeetingAndNoSecondInvitation(t *testing.T) {
	f := newFixture(t)
	want := []calendar.Meeting{
		meeting("2026-01-26", "ana@example.org", "ben@example.org"),
		meeting("2026-02-23", "ana@example.org", "ben@example.org"),
		meeting("2026-03-23", "ana@example.org", "ben@example.org"),
	}
	_, res := f.sync(t, want...)
	if res.Created != 3 || res.Invitations != 6 {
		t.Errorf("first Apply = %+v, want 3 created and 6 invitations", res)
	}
	evs := f.events(t)
	if len(evs) != 3 {
		t.Fatalf("%d events on the calendar, want 3", len(evs))
	}
	for _, ev := range evs {
		if ev.GuestsCanSeeOtherGuests == nil || *ev.GuestsCanSeeOtherGuests {
			t.Errorf("event %s guestsCanSeeOtherGuests = %v, want false", ev.Id, ev.GuestsCanSeeOtherGuests)
		}
		if !strings.HasPrefix(ev.HangoutLink, "https://meet.google.com/") {
			t.Errorf("event %s hangoutLink = %q, want a Meet link", ev.Id, ev.HangoutLink)
		}
		r := f.recs[ev.Id]
		if r.MeetLink != ev.HangoutLink || r.Link != ev.HtmlLink || !slices.Equal(r.Guests, []string{"ana@example.org", "ben@example.org"}) {
			t.Errorf("record %+v, want the event's links and both guests", r)
		}
	}
	if got := f.emails(0); len(got) != 6 || got[0] != "invitation ana@example.org" {
		t.Errorf("emails = %v, want 6 invitations", got)
	}

	f.ws.ResetCalls()
	changes, res := f.sync(t, want...)
	if len(changes) != 0 || res.Calls != 0 || calendarCalls(f.ws) != 0 {
		t.Errorf("second run = %d changes, %+v, %d calls; want nothing at all", len(changes), res, calendarCalls(f.ws))
	}
	if n := len(f.ws.Invitations(f.calID)); n != 6 {
		t.Errorf("%d emails after the second run, want still 6", n)
	}
}

func TestAddingAGuestEmailsOnlyThatGuest(t *testing.T) {
	f := newFixture(t)
	old := []string{"ana@example.org", "ben@example.org"}
	f.sync(t, meeting("2026-01-26", old...), meeting("2026-02-23", old...))
	sent := len(f.ws.Invitations(f.calID))
	f.ws.ResetCalls()

	now := append(slices.Clone(old), "cy@example.org")
	changes, res := f.sync(t, meeting("2026-01-26", now...), meeting("2026-02-23", now...))
	if got := f.emails(sent); !slices.Equal(got, []string{"invitation cy@example.org", "invitation cy@example.org"}) {
		t.Errorf("emails = %v, want one invitation to cy per meeting and nothing to ana or ben", got)
	}
	if len(changes) != 2 || res.Invitations != 2 {
		t.Errorf("%d changes, %+v; want one write per meeting and 2 invitations", len(changes), res)
	}
	// One write per meeting, and one read of its first event, whose Meet
	// conference the new event copies.
	if calls := f.ws.Calls(); calls["calendar.events.insert"] != 2 || calls["calendar.events.get"] != 2 || calendarCalls(f.ws) != 4 {
		t.Errorf("calls = %v, want 2 inserts and 2 reads", calls)
	}
	// The new guest's event has the first event's Meet link.
	for _, ch := range changes {
		ev, first := f.event(t, ch.EventID), f.event(t, calendar.EventID(coalition, ch.Meeting.Key, 0))
		if ch.Part != 1 || ev.HangoutLink != first.HangoutLink || !slices.Equal(attendees(ev), []string{"cy@example.org"}) {
			t.Errorf("new event part %d link %q guests %v, want part 1, %q, cy only", ch.Part, ev.HangoutLink, attendees(ev), first.HangoutLink)
		}
	}
	if changes, _ := f.sync(t, meeting("2026-01-26", now...), meeting("2026-02-23", now...)); len(changes) != 0 {
		t.Errorf("a third run = %v, want no change", changes)
	}
}

func TestRemovingAServiceGuestKeepsHandAddedGuestsAndAnswers(t *testing.T) {
	f := newFixture(t)
	m := meeting("2026-01-26", "ana@example.org", "ben@example.org", "cy@example.org")
	f.sync(t, m)
	id := calendar.EventID(coalition, m.Key, 0)
	// A facilitator adds a guest by hand; ana accepts.
	ev := f.event(t, id)
	ev.Attendees = append(ev.Attendees, &calendarapi.EventAttendee{Email: "speaker@example.net"})
	if _, err := f.raw.Events.Patch(f.calID, id, &calendarapi.Event{Attendees: ev.Attendees}).SendUpdates("none").Do(); err != nil {
		t.Fatal(err)
	}
	if err := f.ws.RespondToInvite(f.calID, id, "ana@example.org", "accepted"); err != nil {
		t.Fatal(err)
	}
	sent := len(f.ws.Invitations(f.calID))

	m.Guests = []string{"ana@example.org", "cy@example.org"} // ben withdrew
	changes, _ := f.sync(t, m)
	if len(changes) != 1 || changes[0].SendUpdates != "none" || !slices.Equal(changes[0].Remove, []string{"ben@example.org"}) {
		t.Fatalf("changes = %+v, want one quiet removal of ben", changes)
	}
	got := f.event(t, id)
	if want := []string{"ana@example.org", "cy@example.org", "speaker@example.net"}; !slices.Equal(attendees(got), want) {
		t.Errorf("attendees = %v, want %v", attendees(got), want)
	}
	for _, a := range got.Attendees {
		if a.Email == "ana@example.org" && a.ResponseStatus != "accepted" {
			t.Errorf("ana's answer = %q, want accepted kept", a.ResponseStatus)
		}
	}
	if emails := f.emails(sent); len(emails) != 0 {
		t.Errorf("emails = %v, want none (Google would email every guest to tell ben)", emails)
	}
	if r := f.recs[id]; !slices.Equal(r.Guests, []string{"ana@example.org", "cy@example.org"}) {
		t.Errorf("record guests = %v, want ana and cy (never the hand-added guest)", r.Guests)
	}
}

func TestMoveAndCancel(t *testing.T) {
	f := newFixture(t)
	m := meeting("2026-01-26", "ana@example.org", "ben@example.org")
	f.sync(t, m)
	id := calendar.EventID(coalition, m.Key, 0)
	sent := len(f.ws.Invitations(f.calID))

	t.Run("a Date override moves the same event and tells its guests", func(t *testing.T) {
		mv := moved(m, "2026-01-27")
		changes, res := f.sync(t, mv)
		if len(changes) != 1 || changes[0].Kind != calendar.Update || changes[0].EventID != id || res.Updated != 1 {
			t.Fatalf("changes %+v result %+v, want one update of %s", changes, res, id)
		}
		ev := f.event(t, id)
		if ev.Start.DateTime != "2026-01-27T18:00:00-06:00" || len(f.events(t)) != 1 {
			t.Errorf("start = %s with %d events, want 2026-01-27T18:00:00-06:00 on the one event", ev.Start.DateTime, len(f.events(t)))
		}
		if got := f.emails(sent); !slices.Equal(got, []string{"update ana@example.org", "update ben@example.org"}) {
			t.Errorf("emails = %v, want an update to each guest", got)
		}
		if r := f.recs[id]; r.Date != mv.Date {
			t.Errorf("record date = %s, want %s", r.Date, mv.Date)
		}
		sent = len(f.ws.Invitations(f.calID))
		m = mv
	})
	t.Run("Cancelled cancels it with notice, once", func(t *testing.T) {
		m.Cancelled = true
		changes, res := f.sync(t, m)
		if len(changes) != 1 || changes[0].Kind != calendar.Cancel || res.Cancelled != 1 {
			t.Fatalf("changes %+v result %+v, want one cancellation", changes, res)
		}
		if ev := f.event(t, id); ev.Status != "cancelled" {
			t.Errorf("status = %q, want cancelled", ev.Status)
		}
		if got := f.emails(sent); !slices.Equal(got, []string{"cancellation ana@example.org", "cancellation ben@example.org"}) {
			t.Errorf("emails = %v, want a cancellation to each guest", got)
		}
		if changes, _ := f.sync(t, m); len(changes) != 0 {
			t.Errorf("again = %+v, want nothing", changes)
		}
	})
	t.Run("un-cancelled, the same event comes back", func(t *testing.T) {
		m.Cancelled = false
		f.sync(t, m)
		if ev := f.event(t, id); ev.Status != "confirmed" || len(f.events(t)) != 1 {
			t.Errorf("status = %q with %d events, want the one event confirmed", ev.Status, len(f.events(t)))
		}
	})
}

func TestACrashBeforeTheStoreSaveMakesNoDuplicate(t *testing.T) {
	f := newFixture(t)
	want := []calendar.Meeting{meeting("2026-01-26", "ana@example.org"), meeting("2026-02-23", "ana@example.org")}
	f.sync(t, want...)
	sent := len(f.ws.Invitations(f.calID))
	before := f.recs
	f.recs = map[string]calendar.Record{} // the records were never saved
	f.ws.ResetCalls()

	changes, res := f.sync(t, want...)
	if len(changes) != 2 || changes[0].Kind != calendar.Create {
		t.Fatalf("changes = %+v, want the two creates again", changes)
	}
	if n := len(f.events(t)); n != 2 {
		t.Errorf("%d events, want 2 (no duplicate)", n)
	}
	if got := f.emails(sent); len(got) != 0 {
		t.Errorf("emails = %v, want no second invitation", got)
	}
	calls := f.ws.Calls()
	if calls["calendar.events.insert"] != 2 || calls["calendar.events.get"] != 2 || calls["calendar.events.patch"] != 0 || res.Created != 0 {
		t.Errorf("calls %v result %+v, want 2 refused inserts, 2 reads, no patch", calls, res)
	}
	for id, r := range before {
		got := f.recs[id]
		if got.Hash != r.Hash || got.MeetLink != r.MeetLink || !slices.Equal(got.Guests, r.Guests) {
			t.Errorf("record %s after recovery = %+v, want %+v", id, got, r)
		}
	}
}

func TestRefusedAddressesAreReportedAndTheOthersInvited(t *testing.T) {
	f := newFixture(t)
	// "ana example.org" is not an address (refused without a call);
	// "dee@localhost" looks like one but Calendar refuses it.
	m := meeting("2026-01-26", "ana example.org", "ben@example.org", "cy@example.org", "dee@localhost", "eve@example.org")
	_, res := f.sync(t, m)
	id := calendar.EventID(coalition, m.Key, 0)
	r := f.recs[id]
	if !slices.Equal(r.Refused, []string{"ana example.org", "dee@localhost"}) || res.Refused != 2 {
		t.Errorf("refused = %v (result %+v), want both bad addresses", r.Refused, res)
	}
	want := []string{"ben@example.org", "cy@example.org", "eve@example.org"}
	if got := attendees(f.event(t, id)); !slices.Equal(got, want) || !slices.Equal(r.Guests, want) {
		t.Errorf("attendees %v record %v, want %v", got, r.Guests, want)
	}
	// Google names no attendee in its refusal: the adapter halves the new
	// guests until it finds the address. Ben and cy were invited by the
	// first half's insert; adding eve afterwards is a patch, and Google
	// emails every guest of an event when one is added (docs/calendar.md):
	// the price of an address only Calendar knows to refuse.
	emails := f.emails(0)
	wantEmails := []string{"invitation ben@example.org", "invitation cy@example.org", "invitation eve@example.org",
		"update ben@example.org", "update cy@example.org"}
	if !slices.Equal(emails, wantEmails) || res.Invitations != 3 {
		t.Errorf("emails %v invitations %d, want %v and 3", emails, res.Invitations, wantEmails)
	}
	if changes, _ := f.sync(t, m); len(changes) != 0 {
		t.Errorf("next run = %+v, want nothing retried", changes)
	}
}

func TestPlainServiceAccountNeedsTheOrganizer(t *testing.T) {
	f := newFixture(t)
	f.ws.RequireDelegationForAttendees(true)
	plain, err := calendarapi.NewService(context.Background(), f.ws.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	c := calendar.NewClient(plain, f.calID)
	c.Retry = fastRetry
	changes := calendar.Plan(coalition, []calendar.Meeting{meeting("2026-01-26", "ana@example.org")}, nil)
	recs, _, err := c.Apply(context.Background(), changes)
	if !errors.Is(err, calendar.ErrNeedsOrganizer) || len(recs) != 0 {
		t.Errorf("Apply = %v records, %v; want none and ErrNeedsOrganizer", recs, err)
	}
	if n := len(f.events(t)); n != 0 {
		t.Errorf("%d events, want none", n)
	}
}

func TestDaylightSavingTime(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name, day, wantLocal string
		wantUTC              time.Time
	}{
		{"fourth Monday of March: daylight time", "2026-03-23", "2026-03-23T18:00:00-05:00", time.Date(2026, 3, 23, 23, 0, 0, 0, time.UTC)},
		{"fourth Monday of November: standard time", "2026-11-23", "2026-11-23T18:00:00-06:00", time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := meeting(tc.day)
			f.sync(t, m)
			ev := f.event(t, calendar.EventID(coalition, m.Key, 0))
			got, err := time.Parse(time.RFC3339, ev.Start.DateTime)
			if err != nil {
				t.Fatal(err)
			}
			if ev.Start.DateTime != tc.wantLocal || !got.Equal(tc.wantUTC) || ev.Start.TimeZone != zone {
				t.Errorf("start = %s (%s) in %s, want %s = %s in %s", ev.Start.DateTime, got.UTC(), ev.Start.TimeZone, tc.wantLocal, tc.wantUTC, zone)
			}
		})
	}
}

func TestGuestsPastTheCapSpreadOverParts(t *testing.T) {
	defer calendar.SetGuestCap(3)()
	f := newFixture(t)
	var guests []string
	for i := range 7 {
		guests = append(guests, fmt.Sprintf("member%d@example.org", i))
	}
	m := meeting("2026-01-26", guests...)
	changes, _ := f.sync(t, m)
	var sizes []int
	for _, ch := range changes {
		sizes = append(sizes, len(ch.Guests))
	}
	if !slices.Equal(sizes, []int{3, 3, 1}) {
		t.Fatalf("parts = %v guests, want 3 3 1", sizes)
	}
	link := f.event(t, calendar.EventID(coalition, m.Key, 0)).HangoutLink
	for p := range 3 {
		ev := f.event(t, calendar.EventID(coalition, m.Key, p))
		if ev.HangoutLink != link || link == "" {
			t.Errorf("part %d Meet link %q, want part 0's %q", p, ev.HangoutLink, link)
		}
	}
	if changes, _ := f.sync(t, m); len(changes) != 0 {
		t.Errorf("again = %+v, want nothing", changes)
	}
	// Removing a guest of part 0 touches part 0 only.
	m.Guests = guests[1:]
	changes, _ = f.sync(t, m)
	if len(changes) != 1 || changes[0].Part != 0 {
		t.Errorf("changes = %+v, want one update of part 0", changes)
	}
	// A time change lets newcomers fill the room that freed, with everyone
	// told of the new time anyway.
	m = moved(m, "2026-01-27")
	m.Guests = append(slices.Clone(guests[1:]), "member7@example.org")
	changes, _ = f.sync(t, m)
	if len(changes) != 3 || !slices.Contains(changes[0].Add, "member7@example.org") {
		t.Errorf("changes = %+v, want the three parts moved and member7 on part 0", changes)
	}
}

func TestResponsesIncrementalThenFullAfter410(t *testing.T) {
	f := newFixture(t)
	want := []calendar.Meeting{meeting("2026-01-26", "ana@example.org", "ben@example.org"), meeting("2026-02-23", "ana@example.org")}
	f.sync(t, want...)
	// An event that is not the service's.
	if _, err := f.raw.Events.Insert(f.calID, &calendarapi.Event{Summary: "Someone's lunch",
		Start: &calendarapi.EventDateTime{DateTime: "2026-01-20T12:00:00-06:00"},
		End:   &calendarapi.EventDateTime{DateTime: "2026-01-20T13:00:00-06:00"}}).Do(); err != nil {
		t.Fatal(err)
	}
	ours := func(id string) bool { _, ok := f.recs[id]; return ok }
	ctx := context.Background()

	all, tok, err := f.c.Responses(ctx, "", ours)
	if err != nil || len(all) != 2 || tok == "" {
		t.Fatalf("first read = %+v, %q, %v; want the 2 events and a token", all, tok, err)
	}
	jan := calendar.EventID(coalition, want[0].Key, 0)
	if err := f.ws.RespondToInvite(f.calID, jan, "ben@example.org", "declined"); err != nil {
		t.Fatal(err)
	}
	f.ws.ResetCalls()
	inc, tok2, err := f.c.Responses(ctx, tok, ours)
	if err != nil || len(inc) != 1 || inc[0].EventID != jan || !slices.Equal(inc[0].Declined, []string{"ben@example.org"}) {
		t.Fatalf("incremental = %+v, %v; want jan with ben declined", inc, err)
	}
	if n := f.ws.Calls()["calendar.events.list"]; n != 1 {
		t.Errorf("incremental read made %d events.list calls, want 1", n)
	}
	if again, _, err := f.c.Responses(ctx, tok2, ours); err != nil || len(again) != 0 {
		t.Errorf("nothing new = %+v, %v; want nothing", again, err)
	}
	if err := f.ws.InvalidateSyncTokens(f.calID); err != nil {
		t.Fatal(err)
	}
	full, tok3, err := f.c.Responses(ctx, tok2, ours)
	if err != nil || len(full) != 2 || tok3 == "" {
		t.Fatalf("after 410 = %+v, %q, %v; want a full re-read of the 2 events", full, tok3, err)
	}
	if _, _, err := f.c.Responses(ctx, tok3, ours); err != nil {
		t.Errorf("the new token: %v", err)
	}
}

func TestWatchAndStop(t *testing.T) {
	f := newFixture(t)
	got := make(chan http.Header, 4)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Clone()
	}))
	t.Cleanup(recv.Close)
	ctx := context.Background()
	ch, err := f.c.Watch(ctx, "", recv.URL+"/notify/calendar", "invented-token", 24*time.Hour)
	if err != nil {
		t.Fatalf("Watch: %v", err)
	}
	if ch.ID == "" || ch.ResourceID == "" || ch.CalendarID != f.calID || ch.Expiration.IsZero() {
		t.Errorf("channel = %+v, want an ID, a resource ID, the calendar and an expiration", ch)
	}
	select {
	case h := <-got:
		if h.Get("X-Goog-Channel-Token") != "invented-token" || h.Get("X-Goog-Resource-State") != "sync" {
			t.Errorf("first notification headers = %v, want the token and state sync", h)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no sync notification")
	}
	if err := f.c.Stop(ctx, ch); err != nil {
		t.Errorf("Stop: %v", err)
	}
	if err := f.c.Stop(ctx, ch); err != nil {
		t.Errorf("Stop of a stopped channel: %v, want nil", err)
	}
}

func TestTransientErrorsAreRetried(t *testing.T) {
	f := newFixture(t)
	f.ws.InjectFault(workspacetest.Fault{Method: "calendar.events.insert", Status: http.StatusServiceUnavailable, Times: 1})
	f.ws.InjectFault(workspacetest.Fault{Method: "calendar.events.insert", Status: http.StatusTooManyRequests, Times: 1})
	m := meeting("2026-01-26", "ana@example.org")
	_, res := f.sync(t, m)
	if res.Created != 1 || res.Calls != 3 || len(f.events(t)) != 1 {
		t.Errorf("result %+v with %d events, want 1 created after 3 calls", res, len(f.events(t)))
	}
	if n := len(f.ws.Invitations(f.calID)); n != 1 {
		t.Errorf("%d emails, want one invitation", n)
	}
	f.ws.InjectFault(workspacetest.Fault{Method: "calendar.events.patch", Status: http.StatusInternalServerError, Times: 1})
	_, res = f.sync(t, moved(m, "2026-01-27"))
	if res.Updated != 1 || res.Calls != 3 { // get, patch refused, patch
		t.Errorf("result %+v, want 1 updated after 3 calls", res)
	}
	f.ws.InjectFault(workspacetest.Fault{Method: "calendar.events.get", Status: http.StatusForbidden, Reason: "forbidden", Times: 1})
	m2 := moved(m, "2026-01-28")
	changes := calendar.Plan(coalition, []calendar.Meeting{m2}, f.records())
	if _, _, err := f.c.Apply(context.Background(), changes); err == nil || errors.Is(err, calendar.ErrNeedsOrganizer) {
		t.Errorf("Apply after a plain 403 = %v, want an error that is not ErrNeedsOrganizer", err)
	}
}
