package engine

import (
	"context"
	"net/http"
	"strings"

	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"
	"slices"
	"sort"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/calendar"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	"github.com/coalitionsync/coalitionsync/sync/store"
)

// Calendar is the coalition calendar as the engine uses it: the meetings'
// events and their guests' answers. *calendar.Client is one.
type Calendar interface {
	// Apply makes the calendar match a plan and returns the event records
	// as they now are (also on error, for what was done).
	Apply(ctx context.Context, changes []calendar.Change) ([]calendar.Record, calendar.Result, error)
	// Responses reads the events changed since syncToken ("" reads all)
	// and returns the declines on the service's events, and the next token.
	Responses(ctx context.Context, syncToken string, ours func(eventID string) bool) ([]calendar.Response, string, error)
	// Attach attaches a Drive file (a meeting's agenda) to an event,
	// without emailing anyone.
	Attach(ctx context.Context, eventID, fileURL, title, mimeType string) error
}

var _ Calendar = (*calendar.Client)(nil)

// wantMeetings is what the calendar should hold: an event for each meeting
// within the horizon, at the policy's time in the coalition's time zone,
// with every Active member's addresses as guests; a cancelled meeting only
// when the service made its event (to cancel it).
func (e *Engine) wantMeetings(p *Plan, made []store.MeetingEvent) []calendar.Meeting {
	var guests []string
	seen := map[string]bool{}
	for _, m := range p.members() {
		if m.Status != domain.StatusActive || m.ID == "" {
			continue
		}
		for _, a := range invited(m) {
			if !seen[a] {
				seen[a] = true
				guests = append(guests, a)
			}
		}
	}
	sort.Strings(guests)
	zone := "UTC"
	if e.Settings.Location != nil {
		zone = e.Settings.Location.String()
	}
	lang := e.Settings.Lang
	var out []calendar.Meeting
	for _, u := range p.Upcoming {
		if u.Cancelled && !slices.ContainsFunc(made, func(m store.MeetingEvent) bool { return m.Key == u.Key }) {
			continue
		}
		start := e.Settings.meetingStart(u.Date)
		out = append(out, calendar.Meeting{
			Key: u.Key, Date: u.Date, Start: start, End: start.Add(e.Settings.Policy.MeetingLength),
			TimeZone: zone, Title: domain.T(msgEventTitle).In(lang), Description: domain.T(msgEventDescription).In(lang),
			Guests: guests, Cancelled: u.Cancelled,
		})
	}
	return out
}

// calendarKey fingerprints what the calendar should hold: a run reads the
// event records and calls Calendar only when it moves.
func calendarKey(calendarID string, want []calendar.Meeting) string {
	h := sha256.New()
	_ = json.NewEncoder(h).Encode(struct {
		V  int
		ID string
		M  []calendar.Meeting
	}{1, calendarID, want})
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// view is the calendar as recorded, for the plan: nil without a calendar.
func (e *Engine) view(st store.SyncState) *CalendarView {
	if e.Calendar == nil && !e.CannotInvite {
		return nil
	}
	v := &CalendarView{Events: st.Meetings, Refused: st.CalendarRefused, CannotInvite: e.CannotInvite, Deferred: st.InvitesDeferred}
	if parts := strings.Split(st.InvitesRefused, "|"); len(parts) == 3 {
		v.Problem = parts[2]
		v.CannotInvite = v.CannotInvite || parts[2] == refusedOrganizer
	}
	return v
}

// readResponses reads the guests' answers changed since the last read and
// records the declines of meetings that have not started yet. It reports
// whether any decline changed.
func (e *Engine) readResponses(ctx context.Context, st store.SyncState) (meetings []store.MeetingEvent, token string, moved bool, err error) {
	ours := map[string]int{}
	for i, m := range st.Meetings {
		ours[m.EventID] = i
	}
	changed, token, err := e.Calendar.Responses(ctx, st.CalendarToken, func(id string) bool { _, ok := ours[id]; return ok })
	if err != nil {
		return nil, "", false, fmt.Errorf("read the answers to the meeting invitations: %w", err)
	}
	meetings = slices.Clone(st.Meetings)
	now := e.now()
	for _, c := range changed {
		i, ok := ours[c.EventID]
		if !ok {
			continue
		}
		m := meetings[i]
		if !now.Before(e.Settings.meetingStart(m.Date)) {
			continue // answers after the start are not notice
		}
		d := slices.Clone(c.Declined)
		sort.Strings(d)
		if !slices.Equal(d, m.Declined) {
			m.Declined = d
			meetings[i] = m
			moved = true
		}
	}
	return meetings, token, moved, nil
}

// DefaultInvitesPerDay is how many emails the service asks Calendar to send
// in one day (Settings.InvitesPerDay). Google makes an account that sends
// 10,000 invitations to people outside its organization in a short period
// read-only for a while, and keeps lower limits it does not publish for
// Google for Nonprofits and new accounts ("Avoid Calendar use limits",
// https://support.google.com/a/answer/2905486); a coalition's members are
// outside its domain. The default stays well below the published figure;
// the unpublished ones could not be confirmed.
const DefaultInvitesPerDay = 2000

// emails is how many people Calendar emails for a change sent with
// sendUpdates=all: every guest of the event (a new one, a cancelled one, or
// one whose time or title changed); none otherwise.
func emails(c calendar.Change) int {
	if c.SendUpdates != "all" {
		return 0
	}
	n := len(c.Guests)
	if c.Old != nil {
		n = max(n, len(c.Old.Guests))
	}
	return n
}

// budget keeps the changes, in order (the nearest meeting first), whose
// emails fit in the day's budget, and reports the emails counted for the
// day and whether changes wait for the next day. A single change always
// goes when nothing was sent yet that day, so that every day makes
// progress.
func (e *Engine) budget(changes []calendar.Change, st store.SyncState, asOf domain.Date) ([]calendar.Change, int, bool) {
	limit := e.Settings.InvitesPerDay
	if limit <= 0 {
		limit = DefaultInvitesPerDay
	}
	sent := 0
	if st.InvitesDay == asOf {
		sent = st.InvitesSent
	}
	var keep []calendar.Change
	for i, c := range changes {
		n := emails(c)
		if n > 0 && sent > 0 && sent+n > limit {
			return keep, sent, len(changes) > i
		}
		sent += n
		keep = append(keep, c)
	}
	return keep, sent, false
}

// toCalendar and fromCalendar convert event records between the store's
// type and the calendar adapter's, which know nothing of each other.
func toCalendar(rs []store.EventRecord) []calendar.Record {
	out := make([]calendar.Record, len(rs))
	for i, r := range rs {
		out[i] = calendar.Record(r)
	}
	return out
}

func fromCalendar(rs []calendar.Record) []store.EventRecord {
	out := make([]store.EventRecord, len(rs))
	for i, r := range rs {
		out[i] = store.EventRecord(r)
	}
	return out
}

// recordMeetings updates the sync state's meeting events from the event
// records a run made or changed, keeping the declines and N already
// recorded, and the addresses Calendar refused.
func recordMeetings(st *store.SyncState, recs []calendar.Record, want []calendar.Meeting, asOf domain.Date) {
	byID := map[string]store.MeetingEvent{}
	for _, m := range st.Meetings {
		byID[m.EventID] = m
	}
	for _, r := range recs {
		m := byID[r.ID]
		m.Key, m.Date, m.Part, m.EventID = r.Key, r.Date, r.Part, r.ID
		m.Link, m.MeetLink, m.Cancelled = r.Link, r.MeetLink, r.Cancelled
		byID[r.ID] = m
	}
	var out []store.MeetingEvent
	refused := map[string]bool{}
	for _, m := range byID {
		// Past meetings' events are kept a season, for the N written from
		// their declines; then the record shrinks.
		if m.Date.Before(asOf.AddDays(-90)) {
			continue
		}
		out = append(out, m)
	}
	for _, r := range recs {
		for _, a := range r.Refused {
			refused[a] = true
		}
	}
	// An address refused before stays listed while it is still a guest.
	wanted := map[string]bool{}
	for _, w := range want {
		for _, g := range w.Guests {
			wanted[g] = true
		}
	}
	for _, a := range st.CalendarRefused {
		if wanted[a] {
			refused[a] = true
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Key != out[j].Key {
			return out[i].Key.Before(out[j].Key)
		}
		return out[i].Part < out[j].Part
	})
	st.Meetings = out
	st.CalendarRefused = nil
	for a := range refused {
		st.CalendarRefused = append(st.CalendarRefused, a)
	}
	sort.Strings(st.CalendarRefused)
}

// applyCalendar carries out the plan's calendar changes and saves the
// event records. A refusal no retry can mend (the account may not invite,
// Google does not let it use Calendar, the calendar is not found) is
// recorded (InvitesRefused) and said in the Sync issues tab rather than
// failing the run: the rest of the sync goes on, and Calendar is asked
// again the next day or when the meetings or guests change.
func (e *Engine) applyCalendar(ctx context.Context, p *Plan, r *reading) (*calendar.Result, error) {
	recs, cr, err := e.Calendar.Apply(ctx, p.CalendarChanges)
	if len(recs) > 0 {
		if serr := e.Store.SaveEvents(ctx, fromCalendar(recs)); serr != nil {
			return &cr, errors.Join(err, fmt.Errorf("save the calendar event records: %w", serr))
		}
	}
	st := &p.State
	if why := refusal(err); why != "" {
		e.log().WarnContext(ctx, "sync: Google Calendar refused the meeting invitations; the rest of the sync goes on", "reason", why, "error", err.Error())
		st.InvitesRefused, st.CalendarKey = r.calendarKey+"|"+r.asOf.String()+"|"+why, r.state.CalendarKey
		recordMeetings(st, recs, r.want, r.asOf)
		return &cr, nil
	}
	if err != nil {
		return &cr, fmt.Errorf("update the meeting invitations: %w", err)
	}
	st.InvitesRefused = ""
	recordMeetings(st, recs, r.want, r.asOf)
	return &cr, nil
}

// Why Calendar refused, as recorded in SyncState.InvitesRefused.
const (
	refusedOrganizer  = "organizer"  // a plain service account may not invite
	refusedPermission = "permission" // the account was not allowed Calendar
	refusedCalendar   = "calendar"   // CALENDAR_ID names no calendar it can use
)

// refusal tells an answer no retry can mend from a passing one ("").
func refusal(err error) string {
	if err == nil {
		return ""
	}
	if errors.Is(err, calendar.ErrNeedsOrganizer) {
		return refusedOrganizer
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		// Google's token endpoint refused: for delegation, the scope is
		// not in the administrator's list; for consent, it was revoked.
		return refusedPermission
	}
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		switch {
		case ge.Code == http.StatusUnauthorized:
			return refusedPermission
		case ge.Code == http.StatusForbidden:
			for _, it := range ge.Errors {
				if strings.Contains(it.Reason, "ateLimit") || it.Reason == "quotaExceeded" {
					return "" // passing: Calendar's per-minute limits
				}
			}
			return refusedPermission
		case ge.Code == http.StatusNotFound:
			// The adapter makes again an event deleted by hand: a 404 that
			// reaches here is the calendar itself.
			return refusedCalendar
		}
	}
	if strings.Contains(err.Error(), "impersonate:") {
		// IAM's signJwt refused to sign for the delegated account.
		return refusedPermission
	}
	return ""
}

// refusedFor returns why Calendar refused, when it did for this key today.
func refusedFor(st store.SyncState, key string, asOf domain.Date) (string, bool) {
	prefix := key + "|" + asOf.String() + "|"
	if !strings.HasPrefix(st.InvitesRefused, prefix) {
		return "", false
	}
	return strings.TrimPrefix(st.InvitesRefused, prefix), true
}

// followUp replans the spreadsheet with the calendar as the run
// left it, and returns the cells that differ from what the first plan
// wrote: the new events' links and the rows of addresses Calendar refused.
// It does no I/O. It leaves p's cells, issues and content hash as the
// second plan has them.
func (e *Engine) followUp(p *Plan, r *reading) (cells []sheets.Cell, need map[string]sheets.Size) {
	in := r.in
	in.Calendar = e.view(p.State)
	in.Agendas = p.State.Agendas
	q := MakePlan(in)
	if q.IsBlocked() {
		return nil, nil
	}
	before := map[[3]any]string{}
	for _, c := range p.Changes {
		before[[3]any{c.Tab, c.Row, c.Col}] = fmt.Sprint(c.Value)
	}
	var out []sheets.Cell
	for _, c := range q.Changes {
		if v, ok := before[[3]any{c.Tab, c.Row, c.Col}]; !ok || v != fmt.Sprint(c.Value) {
			out = append(out, c.Cell)
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	// Only what the first plan's step did not already make room for.
	had := p.Beyond(r.tabs)
	for tab, size := range q.Beyond(r.tabs) {
		if h, ok := had[tab]; !ok || size.Rows > h.Rows || size.Cols > h.Cols {
			if need == nil {
				need = map[string]sheets.Size{}
			}
			need[tab] = size
		}
	}
	p.Changes, p.Issues, p.NewTabs = q.Changes, q.Issues, q.NewTabs
	p.State.ContentHash = contentHash(q.After(r.tabs))
	return out, need
}
