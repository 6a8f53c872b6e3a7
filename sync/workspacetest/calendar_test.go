package workspacetest_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/api/calendar/v3"

	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// dcCalendar starts a server, a calendar/v3 client and a fresh calendar.
func dcCalendar(t *testing.T) (*workspacetest.Server, *calendar.Service, string) {
	t.Helper()
	s := workspacetest.NewServer()
	t.Cleanup(s.Close)
	srv, err := calendar.NewService(context.Background(), s.ClientOptions()...)
	if err != nil {
		t.Fatalf("calendar.NewService: %v", err)
	}
	cal, err := srv.Calendars.Insert(&calendar.Calendar{Summary: "Coalition meetings", TimeZone: "America/Chicago"}).Do()
	if err != nil {
		t.Fatalf("calendars.insert: %v", err)
	}
	return s, srv, cal.Id
}

// meeting is an hour-long event on the given day at 18:00 Chicago time.
func meeting(id, day string, attendees ...string) *calendar.Event {
	ev := &calendar.Event{
		Id:      id,
		Summary: "Monthly meeting",
		Start:   &calendar.EventDateTime{DateTime: day + "T18:00:00-06:00", TimeZone: "America/Chicago"},
		End:     &calendar.EventDateTime{DateTime: day + "T19:00:00-06:00", TimeZone: "America/Chicago"},
	}
	for _, a := range attendees {
		ev.Attendees = append(ev.Attendees, &calendar.EventAttendee{Email: a})
	}
	return ev
}

func eventIDs(evs []*calendar.Event) []string {
	var ids []string
	for _, e := range evs {
		ids = append(ids, e.Id)
	}
	return ids
}

func TestCalendarsInsertGet(t *testing.T) {
	t.Parallel()
	_, srv, calID := dcCalendar(t)
	got, err := srv.Calendars.Get(calID).Do()
	if err != nil {
		t.Fatal(err)
	}
	if got.Summary != "Coalition meetings" || got.TimeZone != "America/Chicago" || !strings.HasSuffix(got.Id, "@group.calendar.google.com") {
		t.Errorf("calendars.get = %+v, want the inserted calendar", got)
	}
	if _, err := srv.Calendars.Get("primary").Do(); err != nil {
		t.Errorf("get primary: %v", err)
	}
	_, err = srv.Calendars.Get("nobody@group.calendar.google.com").Do()
	dcWantErr(t, err, 404, "notFound")
	_, err = srv.Calendars.Insert(&calendar.Calendar{}).Do()
	dcWantErr(t, err, 400, "required")
}

func TestCalendarEventIDs(t *testing.T) {
	t.Parallel()
	_, srv, calID := dcCalendar(t)
	tests := []struct {
		name, id string
		code     int
		reason   string
	}{
		{"valid base32hex", "meeting20260126", 0, ""},
		{"too short", "abcd", 400, "invalid"},
		{"letter past v", "meetingw2026", 400, "invalid"},
		{"upper case", "Meeting2026", 400, "invalid"},
		{"dash", "meeting-2026", 400, "invalid"},
		{"duplicate", "meeting20260126", 409, "duplicate"},
	}
	for _, tc := range tests { // sequential: the duplicate case needs the first
		t.Run(tc.name, func(t *testing.T) {
			got, err := srv.Events.Insert(calID, meeting(tc.id, "2026-01-26")).Do()
			if tc.code == 0 {
				if err != nil || got.Id != tc.id {
					t.Fatalf("insert %q = %v, %v; want it stored", tc.id, got, err)
				}
				return
			}
			dcWantErr(t, err, tc.code, tc.reason)
		})
	}
	ev, err := srv.Events.Insert(calID, meeting("", "2026-02-23")).Do()
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.Id) < 5 || strings.Trim(ev.Id, "0123456789abcdefghijklmnopqrstuv") != "" {
		t.Errorf("generated id %q is not base32hex", ev.Id)
	}
	if ev.ICalUID != ev.Id+"@google.com" || ev.Etag == "" || ev.HtmlLink == "" || ev.Status != "confirmed" || ev.Sequence != 0 {
		t.Errorf("inserted event = iCalUID %q etag %q htmlLink %q status %q sequence %d", ev.ICalUID, ev.Etag, ev.HtmlLink, ev.Status, ev.Sequence)
	}
	_, err = srv.Events.Insert(calID, &calendar.Event{Summary: "no times"}).Do()
	dcWantErr(t, err, 400, "required")
	_, err = srv.Events.Get(calID, "missing00").Do()
	dcWantErr(t, err, 404, "notFound")
}

func TestCalendarIncrementalSync(t *testing.T) {
	t.Parallel()
	s, srv, calID := dcCalendar(t)
	for _, id := range []string{"m00001", "m00002", "m00003"} {
		if _, err := srv.Events.Insert(calID, meeting(id, "2026-03-23")).Do(); err != nil {
			t.Fatal(err)
		}
	}
	// Full sync in pages of two: only the last page has nextSyncToken.
	var ids []string
	var syncToken string
	pageToken := ""
	for pages := 0; ; pages++ {
		res, err := srv.Events.List(calID).MaxResults(2).PageToken(pageToken).Do()
		if err != nil {
			t.Fatalf("list: %v", err)
		}
		ids = append(ids, eventIDs(res.Items)...)
		if res.NextPageToken != "" && res.NextSyncToken != "" {
			t.Fatalf("page %d has both nextPageToken and nextSyncToken", pages)
		}
		if res.NextPageToken == "" {
			syncToken = res.NextSyncToken
			break
		}
		pageToken = res.NextPageToken
	}
	if !slices.Equal(ids, []string{"m00001", "m00002", "m00003"}) || syncToken == "" {
		t.Fatalf("full sync = %v token %q, want all three and a sync token", ids, syncToken)
	}

	if _, err := srv.Events.Patch(calID, "m00001", &calendar.Event{Location: "Zoom"}).Do(); err != nil {
		t.Fatal(err)
	}
	if err := srv.Events.Delete(calID, "m00002").Do(); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Events.Insert(calID, meeting("m00004", "2026-04-27")).Do(); err != nil {
		t.Fatal(err)
	}
	inc, err := srv.Events.List(calID).SyncToken(syncToken).Do()
	if err != nil {
		t.Fatalf("incremental list: %v", err)
	}
	if got := eventIDs(inc.Items); !slices.Equal(got, []string{"m00001", "m00002", "m00004"}) {
		t.Errorf("incremental = %v, want m00001 m00002 m00004", got)
	}
	for _, e := range inc.Items {
		if e.Id == "m00002" && e.Status != "cancelled" {
			t.Errorf("deleted event status %q, want cancelled", e.Status)
		}
	}
	again, err := srv.Events.List(calID).SyncToken(inc.NextSyncToken).Do()
	if err != nil || len(again.Items) != 0 {
		t.Errorf("second incremental = %v, %v; want no items", again, err)
	}

	// Deleted events: hidden by default, shown with showDeleted; deleting
	// twice is 410.
	full, _ := srv.Events.List(calID).Do()
	withDeleted, _ := srv.Events.List(calID).ShowDeleted(true).Do()
	if len(full.Items) != 3 || len(withDeleted.Items) != 4 {
		t.Errorf("list = %d items, showDeleted = %d; want 3 and 4", len(full.Items), len(withDeleted.Items))
	}
	dcWantErr(t, srv.Events.Delete(calID, "m00002").Do(), 410, "deleted")

	if err := s.InvalidateSyncTokens(calID); err != nil {
		t.Fatal(err)
	}
	_, err = srv.Events.List(calID).SyncToken(again.NextSyncToken).Do()
	dcWantErr(t, err, 410, "fullSyncRequired")
	_, err = srv.Events.List(calID).SyncToken("garbage").Do()
	dcWantErr(t, err, 410, "fullSyncRequired")
}

func TestCalendarSyncTokenRestrictions(t *testing.T) {
	t.Parallel()
	_, srv, calID := dcCalendar(t)
	res, err := srv.Events.List(calID).Do()
	if err != nil {
		t.Fatal(err)
	}
	tok := res.NextSyncToken
	tests := []struct {
		name string
		call *calendar.EventsListCall
	}{
		{"timeMin", srv.Events.List(calID).SyncToken(tok).TimeMin("2026-01-01T00:00:00Z")},
		{"timeMax", srv.Events.List(calID).SyncToken(tok).TimeMax("2026-01-01T00:00:00Z")},
		{"iCalUID", srv.Events.List(calID).SyncToken(tok).ICalUID("x@google.com")},
		{"privateExtendedProperty", srv.Events.List(calID).SyncToken(tok).PrivateExtendedProperty("k=v")},
		{"q", srv.Events.List(calID).SyncToken(tok).Q("meeting")},
		{"orderBy", srv.Events.List(calID).SyncToken(tok).OrderBy("updated")},
		{"showDeleted false", srv.Events.List(calID).SyncToken(tok).ShowDeleted(false)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.call.Do()
			dcWantErr(t, err, 400, "invalid")
		})
	}
	_, err = srv.Events.List(calID).OrderBy("startTime").Do()
	dcWantErr(t, err, 400, "invalid")
	_, err = srv.Events.List(calID).TimeMin("2026-02-01T00:00:00Z").TimeMax("2026-01-01T00:00:00Z").Do()
	dcWantErr(t, err, 400, "timeRangeEmpty")
}

func TestCalendarListFilters(t *testing.T) {
	t.Parallel()
	_, srv, calID := dcCalendar(t)
	jan := meeting("jan000", "2026-01-26")
	jan.ExtendedProperties = &calendar.EventExtendedProperties{Private: map[string]string{"coalition": "mo", "meeting": "2026-01"}}
	feb := meeting("feb000", "2026-02-23")
	feb.ExtendedProperties = &calendar.EventExtendedProperties{Private: map[string]string{"coalition": "mo", "meeting": "2026-02"}}
	mar := meeting("mar000", "2026-03-23")
	mar.ICalUID = "coalition-2026-03@example.org"
	for _, ev := range []*calendar.Event{jan, feb, mar} {
		if _, err := srv.Events.Insert(calID, ev).Do(); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		call *calendar.EventsListCall
		want []string
	}{
		{"timeMin", srv.Events.List(calID).TimeMin("2026-02-01T00:00:00Z"), []string{"feb000", "mar000"}},
		{"timeMax", srv.Events.List(calID).TimeMax("2026-02-23T18:00:00-06:00"), []string{"jan000"}},
		{"window", srv.Events.List(calID).TimeMin("2026-02-01T00:00:00Z").TimeMax("2026-03-01T00:00:00Z"), []string{"feb000"}},
		{"iCalUID", srv.Events.List(calID).ICalUID("coalition-2026-03@example.org"), []string{"mar000"}},
		{"private property", srv.Events.List(calID).PrivateExtendedProperty("meeting=2026-02"), []string{"feb000"}},
		{"two private properties", srv.Events.List(calID).PrivateExtendedProperty("coalition=mo", "meeting=2026-01"), []string{"jan000"}},
		{"no such property", srv.Events.List(calID).PrivateExtendedProperty("coalition=ks"), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := tc.call.Do()
			if err != nil {
				t.Fatal(err)
			}
			if got := eventIDs(res.Items); !slices.Equal(got, tc.want) {
				t.Errorf("list = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCalendarRecurringSingleEvents(t *testing.T) {
	t.Parallel()
	_, srv, calID := dcCalendar(t)
	ev := meeting("mtg00001", "2026-01-26")
	ev.Recurrence = []string{"RRULE:FREQ=MONTHLY;BYDAY=4MO"}
	if _, err := srv.Events.Insert(calID, ev).Do(); err != nil {
		t.Fatal(err)
	}
	res, err := srv.Events.List(calID).SingleEvents(true).OrderBy("startTime").
		TimeMin("2026-02-01T00:00:00Z").TimeMax("2026-05-01T00:00:00Z").Do()
	if err != nil {
		t.Fatal(err)
	}
	var starts []string
	for _, e := range res.Items {
		starts = append(starts, e.Start.DateTime)
		if e.RecurringEventId != "mtg00001" {
			t.Errorf("instance %s recurringEventId %q, want mtg00001", e.Id, e.RecurringEventId)
		}
	}
	// Fourth Mondays; the wall-clock time stays 18:00 across daylight saving.
	want := []string{"2026-02-23T18:00:00-06:00", "2026-03-23T18:00:00-05:00", "2026-04-27T18:00:00-05:00"}
	if !slices.Equal(starts, want) {
		t.Errorf("instances start %v, want %v", starts, want)
	}
	plain, _ := srv.Events.List(calID).Do()
	if len(plain.Items) != 1 || len(plain.Items[0].Recurrence) != 1 {
		t.Errorf("without singleEvents = %d items, want the one recurring event", len(plain.Items))
	}
}

func TestCalendarAttendeesAndSendUpdates(t *testing.T) {
	t.Parallel()
	s, srv, calID := dcCalendar(t)
	ev := meeting("invite01", "2026-01-26", "ana@example.org", "ben@example.org")
	hide := false
	ev.GuestsCanSeeOtherGuests = &hide
	got, err := srv.Events.Insert(calID, ev).SendUpdates("all").Do()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range got.Attendees {
		if a.ResponseStatus != "needsAction" {
			t.Errorf("attendee %s responseStatus %q, want needsAction", a.Email, a.ResponseStatus)
		}
	}
	if got.GuestsCanSeeOtherGuests == nil || *got.GuestsCanSeeOtherGuests {
		t.Errorf("guestsCanSeeOtherGuests = %v, want false", got.GuestsCanSeeOtherGuests)
	}
	invs := s.Invitations(calID)
	if len(invs) != 2 || invs[0].Kind != "invitation" || !invs[0].GuestListHidden || invs[1].Email != "ben@example.org" {
		t.Fatalf("invitations = %+v, want two hidden-guest-list invitations", invs)
	}

	res, _ := srv.Events.List(calID).Do()
	tok := res.NextSyncToken
	if err := s.RespondToInvite(calID, "invite01", "ben@example.org", "declined"); err != nil {
		t.Fatal(err)
	}
	inc, err := srv.Events.List(calID).SyncToken(tok).Do()
	if err != nil || len(inc.Items) != 1 {
		t.Fatalf("incremental after decline = %v, %v; want the event", inc, err)
	}
	if st := inc.Items[0].Attendees[1].ResponseStatus; st != "declined" {
		t.Errorf("ben's responseStatus %q, want declined", st)
	}
	if err := s.RespondToInvite(calID, "invite01", "zoe@example.org", "accepted"); err == nil {
		t.Error("RespondToInvite for a non-attendee = nil, want an error")
	}

	// Replace ben with cara; with externalOnly only cara, who does not use
	// Google Calendar, is emailed. Ana keeps her answer.
	s.SetCalendarUserDomains("example.org")
	if err := s.RespondToInvite(calID, "invite01", "ana@example.org", "accepted"); err != nil {
		t.Fatal(err)
	}
	patched, err := srv.Events.Patch(calID, "invite01", &calendar.Event{Attendees: []*calendar.EventAttendee{
		{Email: "ana@example.org"}, {Email: "cara@example.net"},
	}}).SendUpdates("externalOnly").Do()
	if err != nil {
		t.Fatal(err)
	}
	if patched.Attendees[0].ResponseStatus != "accepted" || patched.Attendees[1].ResponseStatus != "needsAction" {
		t.Errorf("after patch responses = %s %s, want accepted needsAction", patched.Attendees[0].ResponseStatus, patched.Attendees[1].ResponseStatus)
	}
	if invs := s.Invitations(calID); len(invs) != 3 || invs[2].Email != "cara@example.net" || invs[2].Kind != "invitation" {
		t.Fatalf("externalOnly sent %+v, want one invitation to cara", invs[2:])
	}
	moved := &calendar.Event{Start: &calendar.EventDateTime{DateTime: "2026-01-26T17:00:00-06:00"}, End: &calendar.EventDateTime{DateTime: "2026-01-26T18:00:00-06:00"}}
	after, err := srv.Events.Patch(calID, "invite01", moved).SendUpdates("all").Do()
	if err != nil {
		t.Fatal(err)
	}
	if after.Sequence != got.Sequence+1 {
		t.Errorf("sequence after a time change = %d, want %d", after.Sequence, got.Sequence+1)
	}
	last := s.Invitations(calID)[3:]
	if len(last) != 2 || last[0].Kind != "update" || last[1].Email != "cara@example.net" || last[1].Kind != "update" {
		t.Errorf("updates after patch = %+v, want updates to ana and cara", last)
	}
	if _, err := srv.Events.Patch(calID, "invite01", &calendar.Event{Location: "Zoom"}).SendUpdates("none").Do(); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Invitations(calID)); n != 5 {
		t.Errorf("sendUpdates=none sent %d emails, want none", n-5)
	}
	if err := srv.Events.Delete(calID, "invite01").SendUpdates("all").Do(); err != nil {
		t.Fatal(err)
	}
	cancels := s.Invitations(calID)[5:]
	if len(cancels) != 2 || cancels[0].Kind != "cancellation" || cancels[1].Kind != "cancellation" {
		t.Errorf("after delete = %+v, want two cancellations", cancels)
	}
}

func TestCalendarConferenceAndAttachments(t *testing.T) {
	t.Parallel()
	_, srv, calID := dcCalendar(t)
	withMeet := func(id string) *calendar.Event {
		ev := meeting(id, "2026-01-26")
		ev.ConferenceData = &calendar.ConferenceData{CreateRequest: &calendar.CreateConferenceRequest{
			RequestId: "req-" + id, ConferenceSolutionKey: &calendar.ConferenceSolutionKey{Type: "hangoutsMeet"}}}
		ev.Attachments = []*calendar.EventAttachment{{FileUrl: "https://docs.google.com/document/d/agenda/edit", Title: "Agenda"}}
		return ev
	}
	got, err := srv.Events.Insert(calID, withMeet("meet0001")).ConferenceDataVersion(1).SupportsAttachments(true).Do()
	if err != nil {
		t.Fatal(err)
	}
	cd := got.ConferenceData
	if cd == nil || cd.ConferenceSolution.Key.Type != "hangoutsMeet" || cd.CreateRequest.Status.StatusCode != "success" ||
		len(cd.EntryPoints) != 1 || !strings.HasPrefix(cd.EntryPoints[0].Uri, "https://meet.google.com/") {
		t.Fatalf("conferenceData = %+v, want a Meet conference", cd)
	}
	if len(got.Attachments) != 1 || got.HangoutLink != cd.EntryPoints[0].Uri {
		t.Errorf("attachments %d hangoutLink %q, want 1 and the Meet link", len(got.Attachments), got.HangoutLink)
	}
	plain, err := srv.Events.Insert(calID, withMeet("meet0002")).Do()
	if err != nil {
		t.Fatal(err)
	}
	if plain.ConferenceData != nil || len(plain.Attachments) != 0 {
		t.Errorf("without conferenceDataVersion/supportsAttachments = %+v %v, want both dropped", plain.ConferenceData, plain.Attachments)
	}
	// A patch without conferenceDataVersion keeps the conference.
	kept, err := srv.Events.Patch(calID, "meet0001", &calendar.Event{Summary: "Renamed"}).Do()
	if err != nil || kept.ConferenceData == nil || len(kept.Attachments) != 1 {
		t.Errorf("patch kept conference %v attachments %v (err %v), want both kept", kept.ConferenceData, kept.Attachments, err)
	}
	bad := withMeet("meet0003")
	bad.ConferenceData.CreateRequest.ConferenceSolutionKey.Type = "eventHangout"
	_, err = srv.Events.Insert(calID, bad).ConferenceDataVersion(1).Do()
	dcWantErr(t, err, 400, "invalid")
}

func TestCalendarUpdateAndPatch(t *testing.T) {
	t.Parallel()
	s, srv, calID := dcCalendar(t)
	clock := &stepClock{t: time.Date(2026, 1, 2, 12, 0, 0, 0, time.UTC)}
	s.SetClock(clock.now)
	ev := meeting("upd00001", "2026-01-26")
	ev.ExtendedProperties = &calendar.EventExtendedProperties{Private: map[string]string{"a": "1", "b": "2"}}
	ins, err := srv.Events.Insert(calID, ev).Do()
	if err != nil {
		t.Fatal(err)
	}
	clock.add(time.Minute)
	// Patch merges objects: private.b changes, private.a stays.
	p, err := srv.Events.Patch(calID, ins.Id, &calendar.Event{ExtendedProperties: &calendar.EventExtendedProperties{Private: map[string]string{"b": "3"}}}).Do()
	if err != nil {
		t.Fatal(err)
	}
	if p.ExtendedProperties.Private["a"] != "1" || p.ExtendedProperties.Private["b"] != "3" || p.Summary != "Monthly meeting" {
		t.Errorf("patched = %v %q, want a=1 b=3 and the summary kept", p.ExtendedProperties.Private, p.Summary)
	}
	if p.Etag == ins.Etag || p.Updated != "2026-01-02T12:01:00.000Z" || p.Sequence != ins.Sequence {
		t.Errorf("patch etag %s->%s updated %s sequence %d, want a new etag, 12:01 and the same sequence", ins.Etag, p.Etag, p.Updated, p.Sequence)
	}
	// Update replaces: the properties not sent are gone.
	u, err := srv.Events.Update(calID, ins.Id, meeting("", "2026-01-26")).Do()
	if err != nil {
		t.Fatal(err)
	}
	if u.ExtendedProperties != nil || u.Id != ins.Id || u.Created != ins.Created {
		t.Errorf("update = props %v id %s created %s, want none, %s, %s", u.ExtendedProperties, u.Id, u.Created, ins.Id, ins.Created)
	}
	_, err = srv.Events.Update(calID, ins.Id, &calendar.Event{Summary: "no times"}).Do()
	dcWantErr(t, err, 400, "required")
	_, err = srv.Events.Patch(calID, "nosuch00", &calendar.Event{Summary: "x"}).Do()
	dcWantErr(t, err, 404, "notFound")
}

func TestCalendarDelegationForAttendees(t *testing.T) {
	t.Parallel()
	s, srv, calID := dcCalendar(t)
	s.RequireDelegationForAttendees(true)
	_, err := srv.Events.Insert(calID, meeting("dlg00001", "2026-01-26", "ana@example.org")).Do()
	dcWantErr(t, err, 403, "forbiddenForServiceAccounts")
	if _, err := srv.Events.Insert(calID, meeting("dlg00002", "2026-01-26")).Do(); err != nil {
		t.Errorf("event without attendees: %v", err)
	}
	del, err := calendar.NewService(context.Background(), s.DelegatedClientOptions("facilitator@example.org")...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := del.Events.Insert(calID, meeting("dlg00003", "2026-01-26", "ana@example.org")).Do(); err != nil {
		t.Errorf("delegated insert with attendees: %v", err)
	}
	_, err = srv.Events.Patch(calID, "dlg00002", &calendar.Event{Attendees: []*calendar.EventAttendee{{Email: "ana@example.org"}}}).Do()
	dcWantErr(t, err, 403, "forbiddenForServiceAccounts")
}

func TestCalendarPaging(t *testing.T) {
	t.Parallel()
	_, srv, calID := dcCalendar(t)
	var want []string
	for i := range 5 {
		id := "page0000" + string(rune('0'+i))
		want = append(want, id)
		if _, err := srv.Events.Insert(calID, meeting(id, "2026-01-26")).Do(); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	err := srv.Events.List(calID).MaxResults(2).Pages(context.Background(), func(e *calendar.Events) error {
		got = append(got, eventIDs(e.Items)...)
		return nil
	})
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("pages = %v (%v), want %v", got, err, want)
	}
	_, err = srv.Events.List(calID).PageToken("bogus").Do()
	dcWantErr(t, err, 400, "invalid")
}

func TestCalendarAttendeeEmailRefusals(t *testing.T) {
	t.Parallel()
	_, srv, calID := dcCalendar(t)
	tests := []struct {
		name, email, reason, message string
	}{
		{"missing", "", "required", "Missing attendee email."},
		{"no at sign", "ana.example.org", "invalid", "Invalid attendee email."},
		{"spaces around", " ana@example.org ", "invalid", "Invalid attendee email."},
		{"a comment in it", "FirstnameLastname(2002)@example.org", "invalid", "Invalid attendee email."},
		{"a name with it", "Ana <ana@example.org>", "invalid", "Invalid attendee email."},
		{"a domain without a dot", "ana@localhost", "invalid", "Invalid attendee email."},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev := meeting(fmt.Sprintf("bad%05d", i), "2026-01-26", "ben@example.org")
			ev.Attendees = append(ev.Attendees, &calendar.EventAttendee{Email: tc.email})
			_, err := srv.Events.Insert(calID, ev).Do()
			if gerr := dcWantErr(t, err, 400, tc.reason); gerr.Message != tc.message {
				t.Errorf("message = %q, want %q", gerr.Message, tc.message)
			}
		})
	}
	// The same refusal on a patch, and nothing stored.
	if _, err := srv.Events.Insert(calID, meeting("good00001", "2026-01-26", "ben@example.org")).Do(); err != nil {
		t.Fatal(err)
	}
	_, err := srv.Events.Patch(calID, "good00001", &calendar.Event{Attendees: []*calendar.EventAttendee{
		{Email: "ben@example.org"}, {Email: "not an address"}}}).Do()
	dcWantErr(t, err, 400, "invalid")
	got, _ := srv.Events.Get(calID, "good00001").Do()
	if len(got.Attendees) != 1 {
		t.Errorf("attendees after a refused patch = %d, want 1", len(got.Attendees))
	}
}

func TestCalendarCopiedConference(t *testing.T) {
	t.Parallel()
	_, srv, calID := dcCalendar(t)
	first := meeting("dup00000", "2026-01-26")
	first.ConferenceData = &calendar.ConferenceData{CreateRequest: &calendar.CreateConferenceRequest{
		RequestId: "req-copy", ConferenceSolutionKey: &calendar.ConferenceSolutionKey{Type: "hangoutsMeet"}}}
	made, err := srv.Events.Insert(calID, first).ConferenceDataVersion(1).Do()
	if err != nil {
		t.Fatal(err)
	}
	copied := func(id string) *calendar.Event {
		ev := meeting(id, "2026-01-26")
		cd := made.ConferenceData
		ev.ConferenceData = &calendar.ConferenceData{ConferenceId: cd.ConferenceId, ConferenceSolution: cd.ConferenceSolution, EntryPoints: cd.EntryPoints}
		ev.HangoutLink = "https://meet.google.com/not-kept"
		return ev
	}
	second, err := srv.Events.Insert(calID, copied("dup00001")).ConferenceDataVersion(1).Do()
	if err != nil {
		t.Fatal(err)
	}
	if second.ConferenceData == nil || second.ConferenceData.ConferenceId != made.ConferenceData.ConferenceId || second.HangoutLink != made.HangoutLink {
		t.Errorf("copied conference = %+v link %q, want conference %s and link %q", second.ConferenceData, second.HangoutLink,
			made.ConferenceData.ConferenceId, made.HangoutLink)
	}
	// Without conferenceDataVersion=1 the copy is ignored.
	third, err := srv.Events.Insert(calID, copied("dup00002")).Do()
	if err != nil {
		t.Fatal(err)
	}
	if third.ConferenceData != nil || third.HangoutLink != "" {
		t.Errorf("without conferenceDataVersion = %+v link %q, want no conference", third.ConferenceData, third.HangoutLink)
	}
}
