package engine_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	calendarapi "google.golang.org/api/calendar/v3"
	"google.golang.org/api/option"

	"github.com/coalitionsync/coalitionsync/sync/calendar"
	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// calID is where the events are: "primary" of the fake's default caller.
const calID = workspacetest.ServiceAccountEmail

var chicago = func() *time.Location {
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		panic(err)
	}
	return loc
}()

// withCalendar gives the engine the coalition calendar, acting as the
// organizer (Calendar refuses a plain service account's invitations),
// three meetings ahead, in Chicago time.
func withCalendar(t *testing.T, e *env) {
	t.Helper()
	e.ws.RequireDelegationForAttendees(true)
	svc, err := calendarapi.NewService(context.Background(), e.ws.DelegatedClientOptions("organizer@example.org")...)
	if err != nil {
		t.Fatal(err)
	}
	c := calendar.NewClient(svc, "primary")
	c.Retry = fastRetry
	e.engine.Calendar, e.engine.CalendarID, e.engine.CoalitionID = c, "primary", "invented"
	e.engine.Settings.Location = chicago
	e.engine.Settings.Horizon = 3
}

// live returns the calendar's events that are not cancelled, by start.
func live(t *testing.T, e *env) []*calendarapi.Event {
	t.Helper()
	evs, err := e.ws.Events(calID)
	if err != nil {
		t.Fatal(err)
	}
	var out []*calendarapi.Event
	for _, ev := range evs {
		if ev.Status != "cancelled" {
			out = append(out, ev)
		}
	}
	slices.SortFunc(out, func(a, b *calendarapi.Event) int { return strings.Compare(a.Start.DateTime, b.Start.DateTime) })
	return out
}

func guests(ev *calendarapi.Event) []string {
	var out []string
	for _, a := range ev.Attendees {
		out = append(out, a.Email)
	}
	slices.Sort(out)
	return out
}

// invitationsTo counts the emails Calendar sent, by address, of a kind.
func invitationsTo(e *env, kind string) map[string]int {
	out := map[string]int{}
	for _, inv := range e.ws.Invitations(calID) {
		if inv.Kind == kind {
			out[inv.Email]++
		}
	}
	return out
}

func calendarCalls(calls map[string]int) int {
	n := 0
	for m, c := range calls {
		if strings.HasPrefix(m, "calendar.") {
			n += c
		}
	}
	return n
}

func TestInvitationsFollowTheRoster(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	withCalendar(t, e)
	dry := e.run(t, engine.RunOptions{DryRun: true})
	said := strings.Join(dry.Plan.DescribeBeyond("en"), "\n")
	if n := strings.Count(said, "Calendar: make the event of the meeting of"); n != 3 || !strings.Contains(said, "guests invited: 3") {
		t.Errorf("the dry run says %q, want 3 events to make with 3 guests each", said)
	}
	if n := len(live(t, e)); n != 0 {
		t.Fatalf("the dry run made %d events", n)
	}
	res := e.run(t, engine.RunOptions{})
	if s := res.Summary("en"); !strings.Contains(s, "Calendar: 3 events made, 0 updated, 0 cancelled; 9 invitations sent.") {
		t.Errorf("summary = %q, want the calendar's counts", s)
	}

	evs := live(t, e)
	if len(evs) != 3 {
		t.Fatalf("events after the first sync = %d, want one for each of the next 3 meetings", len(evs))
	}
	wantStarts := []string{"2026-04-27T23:00:00Z", "2026-05-25T23:00:00Z", "2026-06-22T23:00:00Z"} // 18:00 in Chicago (daylight time)
	for i, ev := range evs {
		start, err := time.Parse(time.RFC3339, ev.Start.DateTime)
		if err != nil || start.UTC().Format(time.RFC3339) != wantStarts[i] {
			t.Errorf("event %d starts %s, want %s", i, ev.Start.DateTime, wantStarts[i])
		}
		if got, want := guests(ev), []string{"casa@example.org", "lena@example.org", "rio@example.org"}; !slices.Equal(got, want) {
			t.Errorf("event %d guests = %v, want %v", i, got, want)
		}
		if ev.GuestsCanSeeOtherGuests == nil || *ev.GuestsCanSeeOtherGuests {
			t.Errorf("event %d lets guests see each other's addresses", i)
		}
		if ev.HangoutLink == "" {
			t.Errorf("event %d has no Meet link", i)
		}
	}
	if got := invitationsTo(e, "invitation"); got["casa@example.org"] != 3 || len(got) != 3 {
		t.Errorf("invitations = %v, want 3 to each of the 3 addresses", got)
	}
	// The Meetings tab links each meeting to its event.
	meetings := e.ws.Values(e.id, "Meetings")
	links := 0
	for _, row := range meetings[1:] {
		for _, v := range row {
			if strings.HasPrefix(v, "https://www.google.com/calendar/event?eid=") {
				links++
			}
		}
	}
	if links != 3 {
		t.Errorf("Meetings tab holds %d event links, want 3: %v", links, meetings)
	}

	// Three more reconciles and an edit run: no second event, no email,
	// and the edit path calls Calendar not at all.
	for range 3 {
		e.ws.ResetCalls()
		e.run(t, engine.RunOptions{Force: true, ReadCalendar: true, Trigger: "schedule"})
		if w := writes(e.ws.Calls()); len(w) > 0 {
			t.Errorf("reconcile with nothing new wrote %v", w)
		}
	}
	e.ws.ResetCalls()
	e.run(t, engine.RunOptions{IgnoreVersion: true, Trigger: "edit"})
	if n := calendarCalls(e.ws.Calls()); n != 0 {
		t.Errorf("edit run with nothing new made %d Calendar calls, want 0", n)
	}
	if n := len(live(t, e)); n != 3 {
		t.Errorf("events after three reconciles = %d, want 3", n)
	}
	if n := len(e.ws.Invitations(calID)); n != 9 {
		t.Errorf("emails after three reconciles = %d, want the first 9 only", n)
	}

	// A new member is invited, and only the new member is emailed.
	g := e.ws.Values(e.id, "Members")
	row := len(g) + 1
	if err := e.ws.SetCells(e.id, "Members!A"+itoa(row)+":I"+itoa(row), [][]string{{"Nueva Esperanza", "", "Organization", "Active", "Yes", "2026-03-30", "Legislative", "", "nueva@example.org"}}); err != nil {
		t.Fatal(err)
	}
	before := len(e.ws.Invitations(calID))
	e.run(t, engine.RunOptions{})
	var sent []string
	for _, inv := range e.ws.Invitations(calID)[before:] {
		sent = append(sent, inv.Email)
	}
	if len(sent) != 3 || slices.ContainsFunc(sent, func(s string) bool { return s != "nueva@example.org" }) {
		t.Errorf("emails after admitting one member = %v, want 3 invitations to nueva@example.org only", sent)
	}
	for i := range 3 {
		found := false
		for _, ev := range live(t, e) {
			found = found || (strings.HasPrefix(ev.Start.DateTime, wantDay(i)) && slices.Contains(guests(ev), "nueva@example.org"))
		}
		if !found {
			t.Errorf("the new member is not invited to the meeting of %s", wantDay(i))
		}
	}
}

func wantDay(i int) string { return []string{"2026-04-27", "2026-05-25", "2026-06-22"}[i] }

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func TestWithdrawnMemberLeavesOnlyTheServicesGuests(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	withCalendar(t, e)
	e.run(t, engine.RunOptions{})
	// The organizer adds a guest by hand in Calendar.
	svc, err := calendarapi.NewService(context.Background(), e.ws.DelegatedClientOptions("organizer@example.org")...)
	if err != nil {
		t.Fatal(err)
	}
	first := live(t, e)[0]
	att := append(first.Attendees, &calendarapi.EventAttendee{Email: "speaker@example.net"})
	if _, err := svc.Events.Patch("primary", first.Id, &calendarapi.Event{Attendees: att}).Do(); err != nil {
		t.Fatal(err)
	}
	// Lena withdraws.
	g := e.ws.Values(e.id, "Members")
	for i, r := range g {
		if r[0] == "Lena Example" {
			if err := e.ws.SetCells(e.id, "Members!D"+itoa(i+1), [][]string{{"Withdrawn"}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	e.run(t, engine.RunOptions{})
	for i, ev := range live(t, e) {
		gs := guests(ev)
		if slices.Contains(gs, "lena@example.org") {
			t.Errorf("event %d still invites the withdrawn member: %v", i, gs)
		}
		if i == 0 && !slices.Contains(gs, "speaker@example.net") {
			t.Errorf("the guest added by hand was removed: %v", gs)
		}
	}
}

func TestMovedAndCancelledMeetings(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	withCalendar(t, e)
	e.run(t, engine.RunOptions{})
	ids := map[string]string{}
	for i, ev := range live(t, e) {
		ids[wantDay(i)] = ev.Id
	}
	// May's meeting moves to the 27th; June's is cancelled.
	g := e.ws.Values(e.id, "Meetings")
	for i, r := range g {
		switch r[0] {
		case "2026-05-25":
			if err := e.ws.SetCells(e.id, "Meetings!B"+itoa(i+1), [][]string{{"2026-05-27"}}); err != nil {
				t.Fatal(err)
			}
		case "2026-06-22":
			if err := e.ws.SetCells(e.id, "Meetings!C"+itoa(i+1), [][]string{{"Yes"}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	before := len(e.ws.Invitations(calID))
	e.run(t, engine.RunOptions{})
	evs, err := e.ws.Events(calID)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*calendarapi.Event{}
	for _, ev := range evs {
		byID[ev.Id] = ev
	}
	if may := byID[ids["2026-05-25"]]; may == nil || !strings.HasPrefix(may.Start.DateTime, "2026-05-27") || may.Status == "cancelled" {
		t.Errorf("May's event after the move = %+v, want the same event on May 27", may)
	}
	if june := byID[ids["2026-06-22"]]; june == nil || june.Status != "cancelled" {
		t.Errorf("June's event after Cancelled = Yes: %+v, want cancelled", june)
	}
	kinds := map[string]int{}
	for _, inv := range e.ws.Invitations(calID)[before:] {
		kinds[inv.Kind]++
	}
	if kinds["update"] != 3 || kinds["cancellation"] != 3 {
		t.Errorf("emails after the move and the cancellation = %v, want 3 updates and 3 cancellations", kinds)
	}
	// A fourth meeting comes into the horizon in place of the cancelled one.
	if n := len(live(t, e)); n != 3 {
		t.Errorf("live events = %d, want 3 (April, May 27, July)", n)
	}
}

func TestDeclineBecomesNoticeAndAPersonsMarkWins(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	withCalendar(t, e)
	e.run(t, engine.RunOptions{})
	april := live(t, e)[0]
	// Casa and Lena decline April's meeting.
	for _, who := range []string{"casa@example.org", "lena@example.org"} {
		if err := e.ws.RespondToInvite(calID, april.Id, who, "declined"); err != nil {
			t.Fatal(err)
		}
	}
	// The edit path does not read Calendar: nothing yet.
	e.run(t, engine.RunOptions{IgnoreVersion: true, Trigger: "edit"})
	if got := e.cell(t, "Attendance", 2, "2026-04-27"); got != "" {
		t.Errorf("Casa's April cell after an edit run = %q, want blank (answers are read by the reconcile)", got)
	}
	e.run(t, engine.RunOptions{ReadCalendar: true, Trigger: "calendar"})
	for _, row := range []int{2, 4} {
		if got := e.cell(t, "Attendance", row, "2026-04-27"); got != "N" {
			t.Errorf("Attendance row %d for April after the decline = %q, want N", row, got)
		}
	}
	if got := e.cell(t, "Attendance", 3, "2026-04-27"); got != "" {
		t.Errorf("Río Abierto (no answer) = %q, want blank", got)
	}
	if dash := strings.Join(flat(e.ws.Values(e.id, "Dashboard")), " | "); !strings.Contains(dash, "from a declined invitation (N written by the service) | Casa Ejemplo (Apr 27, 2026); Lena Example (Apr 27, 2026)") {
		t.Errorf("the Dashboard does not mark the N the service wrote: %s", dash)
	}
	// A facilitator marks Casa present after all; Lena accepts again.
	if err := e.ws.SetCells(e.id, "Attendance!E2", [][]string{{"P"}}); err != nil {
		t.Fatal(err)
	}
	if err := e.ws.RespondToInvite(calID, april.Id, "lena@example.org", "accepted"); err != nil {
		t.Fatal(err)
	}
	e.run(t, engine.RunOptions{ReadCalendar: true, Trigger: "calendar"})
	if got := e.cell(t, "Attendance", 2, "2026-04-27"); got != "P" {
		t.Errorf("Casa's cell a person set to P = %q, want P kept", got)
	}
	if got := e.cell(t, "Attendance", 4, "2026-04-27"); got != "" {
		t.Errorf("Lena's N after she accepted again = %q, want cleared", got)
	}
	// A no-op calendar notification writes nothing.
	e.run(t, engine.RunOptions{})
	e.ws.ResetCalls()
	before := e.store.Counters()
	e.run(t, engine.RunOptions{ReadCalendar: true, Trigger: "calendar"})
	if w := writes(e.ws.Calls()); len(w) > 0 {
		t.Errorf("calendar notification with nothing new wrote %v", w)
	}
	if got := e.store.Counters().Writes - before.Writes; got != 0 {
		t.Errorf("calendar notification with nothing new made %d Firestore writes, want 0", got)
	}
}

// failOnce fails the first save of the coalition's record, as a crash
// after the calendar was written would leave it.
type failOnce struct {
	*store.Coalition
	failed bool
}

func (f *failOnce) Apply(ctx context.Context, p *store.Plan) (store.SaveResult, error) {
	if !f.failed {
		f.failed = true
		return store.SaveResult{}, errors.New("injected: the process stopped")
	}
	return f.Coalition.Apply(ctx, p)
}

func TestCrashAfterTheEventsIsFinishedWithoutDuplicates(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	withCalendar(t, e)
	e.engine.Store = &failOnce{Coalition: e.coal}
	if _, err := e.engine.Run(context.Background(), engine.RunOptions{}); err == nil {
		t.Fatal("run with the save failing = nil error")
	}
	if n := len(live(t, e)); n != 3 {
		t.Fatalf("events written before the crash = %d, want 3", n)
	}
	sent := len(e.ws.Invitations(calID))
	e.run(t, engine.RunOptions{})
	if n := len(live(t, e)); n != 3 {
		t.Errorf("events after the next run = %d, want still 3", n)
	}
	if n := len(e.ws.Invitations(calID)); n != sent {
		t.Errorf("emails after the next run = %d, want %d (none twice)", n, sent)
	}
	st, err := e.coal.LoadSyncState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Meetings) != 3 || st.Meetings[0].Link == "" {
		t.Errorf("recorded meeting events = %+v, want 3 with links", st.Meetings)
	}
}

func TestPlainServiceAccountSyncsAndSaysInvitationsNeedTheOrganizer(t *testing.T) {
	t.Parallel()
	for _, known := range []bool{true, false} {
		e := newEnv(t, invented())
		if known {
			// Known before any call (service.Engine for a plain service account).
			e.engine.CannotInvite = true
		} else {
			// Found out from Calendar's refusal.
			withCalendar(t, e)
			svc, err := calendarapi.NewService(context.Background(), e.ws.ClientOptions()...)
			if err != nil {
				t.Fatal(err)
			}
			e.engine.Calendar = calendar.NewClient(svc, "primary")
		}
		res := e.run(t, engine.RunOptions{})
		if res.Outcome != engine.OutcomeApplied {
			t.Fatalf("known=%v: outcome %q, want applied", known, res.Outcome)
		}
		issues := strings.Join(flat(e.ws.Values(e.id, "'Sync issues'")), " ")
		if !strings.Contains(issues, "Meeting invitations are not sent") {
			t.Errorf("known=%v: Sync issues do not say invitations need the organizer: %s", known, issues)
		}
		if got := e.cell(t, "Members", 3, "Unexcused absences"); got != "3" {
			t.Errorf("known=%v: the rest did not sync: absences = %q", known, got)
		}
		if !known {
			// Not asked again while nothing changed.
			e.run(t, engine.RunOptions{})
			e.ws.ResetCalls()
			e.run(t, engine.RunOptions{Force: true})
			if n := calendarCalls(e.ws.Calls()); n != 0 {
				t.Errorf("refused calendar asked again %d times with nothing new", n)
			}
		}
	}
}

func TestMeetingTimesFollowDaylightSaving(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	withCalendar(t, e)
	e.clock.add(time.Date(2026, time.October, 1, 15, 0, 0, 0, time.UTC).Sub(e.clock.now()))
	e.run(t, engine.RunOptions{})
	want := []string{"2026-10-26T23:00:00Z", "2026-11-24T00:00:00Z", "2026-12-29T00:00:00Z"}
	evs := live(t, e)
	if len(evs) != 3 {
		t.Fatalf("events = %d, want 3", len(evs))
	}
	for i, ev := range evs {
		start, err := time.Parse(time.RFC3339, ev.Start.DateTime)
		if err != nil || start.UTC().Format(time.RFC3339) != want[i] {
			t.Errorf("event %d starts %s, want %s (18:00 in Chicago)", i, ev.Start.DateTime, want[i])
		}
		if ev.Start.TimeZone != "America/Chicago" {
			t.Errorf("event %d time zone = %q, want America/Chicago", i, ev.Start.TimeZone)
		}
	}
}

func TestInvitationsWaitForTheNextDayPastTheBudget(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	withCalendar(t, e)
	e.engine.Settings.InvitesPerDay = 5 // 3 guests a meeting: one meeting a day
	e.run(t, engine.RunOptions{})
	if n := len(live(t, e)); n != 1 {
		t.Fatalf("events on the first day = %d, want 1 (the nearest meeting)", n)
	}
	issues := strings.Join(flat(e.ws.Values(e.id, "'Sync issues'")), " ")
	if !strings.Contains(issues, "Some meeting invitations wait until tomorrow") {
		t.Errorf("Sync issues do not say invitations wait: %s", issues)
	}
	// The same day: nothing more is tried, and Calendar is not called.
	e.run(t, engine.RunOptions{})
	e.ws.ResetCalls()
	e.run(t, engine.RunOptions{Force: true})
	if n := calendarCalls(e.ws.Calls()); n != 0 {
		t.Errorf("runs the same day made %d Calendar calls, want 0", n)
	}
	for day := 2; day <= 3; day++ {
		e.clock.add(24 * time.Hour)
		e.run(t, engine.RunOptions{})
		if n := len(live(t, e)); n != day {
			t.Errorf("events on day %d = %d, want %d", day, n, day)
		}
	}
	e.run(t, engine.RunOptions{})
	issues = strings.Join(flat(e.ws.Values(e.id, "'Sync issues'")), " ")
	if strings.Contains(issues, "wait until tomorrow") {
		t.Errorf("Sync issues still say invitations wait once all were sent: %s", issues)
	}
	if n := len(e.ws.Invitations(calID)); n != 9 {
		t.Errorf("emails after three days = %d, want 9, none twice", n)
	}
}

// A refusal no retry can mend is said in plain words, the rest syncs, and
// Calendar is asked again only the next day.
func TestCalendarRefusalsAreSaidAndRetriedTheNextDay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cal  func(t *testing.T, e *env) *calendar.Client
		want string
	}{
		{"consent without Calendar", func(t *testing.T, e *env) *calendar.Client {
			tok := tokenOf(t, e.ws, e.ws.Consent("organizer@example.org", "https://www.googleapis.com/auth/spreadsheets"))
			hc := e.ws.HTTPClient()
			hc.Transport = &oauth2.Transport{Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok}), Base: hc.Transport}
			svc, err := calendarapi.NewService(context.Background(), option.WithHTTPClient(hc))
			if err != nil {
				t.Fatal(err)
			}
			return calendar.NewClient(svc, "primary")
		}, "Google did not let the service use Calendar"},
		{"no such calendar", func(t *testing.T, e *env) *calendar.Client {
			svc, err := calendarapi.NewService(context.Background(), e.ws.DelegatedClientOptions("organizer@example.org")...)
			if err != nil {
				t.Fatal(err)
			}
			return calendar.NewClient(svc, "c_nosuch@group.calendar.google.com")
		}, "did not find the calendar set in CALENDAR_ID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, invented())
			withCalendar(t, e)
			c := tc.cal(t, e)
			c.Retry = fastRetry
			e.engine.Calendar = c
			if res := e.run(t, engine.RunOptions{}); res.Outcome != engine.OutcomeApplied {
				t.Fatalf("outcome %q, want applied", res.Outcome)
			}
			issues := strings.Join(flat(e.ws.Values(e.id, "'Sync issues'")), " ")
			if !strings.Contains(issues, tc.want) {
				t.Errorf("Sync issues lack %q: %s", tc.want, issues)
			}
			if got := e.cell(t, "Members", 3, "Unexcused absences"); got != "3" {
				t.Errorf("the rest did not sync: absences = %q", got)
			}
			e.run(t, engine.RunOptions{})
			e.ws.ResetCalls()
			e.run(t, engine.RunOptions{Force: true})
			if n := calendarCalls(e.ws.Calls()); n != 0 {
				t.Errorf("Calendar asked again %d times the same day", n)
			}
			e.clock.add(24 * time.Hour)
			e.ws.ResetCalls()
			e.run(t, engine.RunOptions{})
			if n := calendarCalls(e.ws.Calls()); n == 0 {
				t.Errorf("Calendar not asked again the next day")
			}
		})
	}
}

// tokenOf exchanges a person's refresh token at the fake's token endpoint.
func tokenOf(t *testing.T, ws *workspacetest.Server, refresh string) string {
	t.Helper()
	cfg := &oauth2.Config{ClientID: "c", ClientSecret: "s", Endpoint: oauth2.Endpoint{TokenURL: "https://oauth2.googleapis.com/token"}}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, ws.HTTPClient())
	tok, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: refresh}).Token()
	if err != nil {
		t.Fatal(err)
	}
	return tok.AccessToken
}

// An address Calendar cannot take is said on the member's row, by name,
// never by the address; the other guests are invited.
func TestRefusedAddressIsASyncIssueNotAFailedRun(t *testing.T) {
	t.Parallel()
	tabs := invented()
	tabs["Members"][3][8] = "lena@@example.org" // Lena's Email, mistyped
	e := newEnv(t, tabs)
	withCalendar(t, e)
	if res := e.run(t, engine.RunOptions{}); res.Outcome != engine.OutcomeApplied {
		t.Fatalf("outcome %q, want applied", res.Outcome)
	}
	for _, ev := range live(t, e) {
		if got := guests(ev); !slices.Equal(got, []string{"casa@example.org", "rio@example.org"}) {
			t.Errorf("guests = %v, want the two valid addresses", got)
		}
	}
	issues := e.ws.Values(e.id, "'Sync issues'")
	found := false
	for _, r := range issues {
		line := strings.Join(r, " | ")
		if strings.Contains(line, "lena@@") {
			t.Errorf("Sync issues show the address itself: %s", line)
		}
		found = found || (strings.Contains(line, "Members | 4 | Email") && strings.Contains(line, "did not accept the Email of Lena Example"))
	}
	if !found {
		t.Errorf("no Sync issues row on Lena's Email: %v", issues)
	}
	// Corrected: invited, and the row goes away.
	if err := e.ws.SetCells(e.id, "Members!I4", [][]string{{"lena@example.org"}}); err != nil {
		t.Fatal(err)
	}
	e.run(t, engine.RunOptions{})
	byDay := map[string][]string{}
	for _, ev := range live(t, e) {
		byDay[ev.Start.DateTime[:10]] = append(byDay[ev.Start.DateTime[:10]], guests(ev)...)
	}
	for day, gs := range byDay {
		if !slices.Contains(gs, "lena@example.org") {
			t.Errorf("the corrected address is not invited on %s: %v", day, gs)
		}
	}
	if len(byDay) != 3 {
		t.Errorf("meetings with events = %d, want 3", len(byDay))
	}
	if s := strings.Join(flat(e.ws.Values(e.id, "'Sync issues'")), " "); strings.Contains(s, "did not accept the Email of Lena") {
		t.Errorf("the row stays after the address was corrected: %s", s)
	}
}

// answersFail is a calendar whose answers cannot be read (Google refuses,
// or is down).
type answersFail struct{ engine.Calendar }

func (answersFail) Responses(context.Context, string, func(string) bool) ([]calendar.Response, string, error) {
	return nil, "", errors.New("injected: Calendar refused to list the events")
}

// The answers never hold up the rest of a scheduled sync.
func TestUnreadableAnswersDoNotStopTheSync(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	withCalendar(t, e)
	e.run(t, engine.RunOptions{})
	e.engine.Calendar = answersFail{e.engine.Calendar}
	if err := e.ws.SetCells(e.id, "Attendance!D3", [][]string{{"P"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.engine.Run(context.Background(), engine.RunOptions{ReadCalendar: true, Trigger: "schedule"}); err != nil {
		t.Fatalf("scheduled run with the answers unreadable: %v", err)
	}
	if got := e.cell(t, "Members", 3, "Unexcused absences"); got != "2" {
		t.Errorf("absences = %q, want 2: the sheet synced", got)
	}
}
