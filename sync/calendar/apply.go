package calendar

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	calendarapi "google.golang.org/api/calendar/v3"
	"google.golang.org/api/googleapi"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/retry"
)

// ErrNeedsOrganizer is wrapped by Apply's error when Calendar refuses
// guests because the service acts as a plain service account (403
// forbiddenForServiceAccounts: "Service accounts need to use domain-wide
// delegation of authority to populate the attendee list", the attendees
// field in the Calendar API discovery document). Invitations need the
// organizer's account.
var ErrNeedsOrganizer = errors.New("Calendar invitations need the organizer's account: a plain service account cannot invite guests")

// privateKey marks the service's events in extendedProperties.private.
const privateKey = "coalitionsync"

// Client carries out changes through the official calendar/v3 client.
type Client struct {
	svc        *calendarapi.Service
	calendarID string
	// Retry bounds the retries of each call after quota refusals and
	// server errors; the zero value means retry.Default.
	Retry retry.Policy
	// Now reads the clock for watch expirations; nil means time.Now.
	Now func() time.Time
}

// NewClient returns a Calendar adapter over svc for the calendar
// calendarID ("primary" allowed).
func NewClient(svc *calendarapi.Service, calendarID string) *Client {
	return &Client{svc: svc, calendarID: calendarID}
}

// Result counts what Apply did.
type Result struct {
	Created, Updated, Cancelled int
	// Invitations counts guests newly invited (emailed an invitation).
	Invitations int
	// Refused counts the refused addresses (refused by Calendar, or not
	// one email address) on the events written, as their records report.
	Refused int
	// Calls counts requests sent to Calendar, retries included.
	Calls int
}

// Apply makes the calendar match the changes, in order, and returns one
// record per change carried out, as the event now is, and counts. Events
// are written with their deterministic IDs: an insert Calendar answers
// 409 (the event is already there: a crash or a lost answer) reads the
// event and patches only what differs, so nothing is made or emailed
// twice. Patches read the event first and keep every attendee the service
// did not add and every answer. An address Calendar refuses ("Invalid
// attendee email.") is taken off and reported in Record.Refused; the rest
// is still applied. On a refusal for a plain service account the error
// wraps ErrNeedsOrganizer; on any error, the records of what was done
// before it are returned.
func (c *Client) Apply(ctx context.Context, changes []Change) ([]Record, Result, error) {
	a := &applier{c: c, ctx: ctx, meet: map[domain.Date]*calendarapi.ConferenceData{}}
	var out []Record
	for _, ch := range changes {
		rec, err := a.apply(ch)
		if err != nil {
			return out, a.res, fmt.Errorf("%s the event of the meeting of %s (part %d): %w", ch.Kind, ch.Meeting.Key, ch.Part, err)
		}
		out = append(out, rec)
	}
	return out, a.res, nil
}

// applier holds one Apply's state: counts, and the Meet conferences of
// part 0 events seen, which later parts copy.
type applier struct {
	c    *Client
	ctx  context.Context
	res  Result
	meet map[domain.Date]*calendarapi.ConferenceData
}

// call runs one request with retries, counting each attempt.
func (a *applier) call(idempotent bool, fn func() error) error {
	p := a.c.Retry
	if p.Attempts == 0 {
		p = retry.Default
	}
	err := p.Do(a.ctx, idempotent, func() error {
		a.res.Calls++
		return fn()
	})
	if hasReason(err, http.StatusForbidden, "forbiddenForServiceAccounts") {
		return fmt.Errorf("%w: %w", ErrNeedsOrganizer, err)
	}
	return err
}

func (a *applier) apply(ch Change) (Record, error) {
	switch ch.Kind {
	case Cancel:
		return a.cancel(ch)
	case Create, Update:
		return a.write(ch)
	}
	return Record{}, fmt.Errorf("unknown change kind %d", ch.Kind)
}

func (a *applier) cancel(ch Change) (Record, error) {
	// Deleting an event cancels it: Calendar keeps it with status
	// "cancelled" and, with sendUpdates=all, emails its guests.
	err := a.call(true, func() error {
		return a.c.svc.Events.Delete(a.c.calendarID, ch.EventID).SendUpdates("all").Context(a.ctx).Do()
	})
	if err != nil && !hasCode(err, http.StatusGone) && !hasCode(err, http.StatusNotFound) {
		return Record{}, err
	}
	rec := Record{ID: ch.EventID, Key: ch.Meeting.Key, Part: ch.Part, Date: ch.Meeting.Date, Cancelled: true}
	if ch.Old != nil {
		rec = *ch.Old
		rec.Cancelled = true
		rec.Declined = nil
	}
	if err == nil {
		a.res.Cancelled++
	}
	return rec, nil
}

// write creates or updates one event so that it carries ch.Guests (less
// refused addresses) and every attendee a person added.
func (a *applier) write(ch Change) (Record, error) {
	m := ch.Meeting
	var cur *calendarapi.Event // the event as Calendar holds it, once known
	if ch.Kind == Update {
		ev, err := a.get(ch.EventID)
		if err != nil && !hasCode(err, http.StatusNotFound) {
			return Record{}, err
		}
		cur = ev
	}
	refused := slices.Clone(ch.Refused)
	var accepted []string // guests on the event after the writes below
	ours := map[string]bool{}
	for _, g := range ch.Guests {
		ours[g] = true
	}
	if ch.Old != nil {
		for _, g := range ch.Old.Guests {
			ours[g] = true
		}
	}
	wrote, invited := false, 0

	// writeWith writes the event with the service's guests = base + extra.
	writeWith := func(base, extra []string) error {
		guests := append(slices.Clone(base), extra...)
		if cur == nil {
			ev := a.newEvent(ch, guests, true)
			var got *calendarapi.Event
			err := a.call(true, func() (err error) {
				got, err = a.c.svc.Events.Insert(a.c.calendarID, ev).ConferenceDataVersion(1).
					SendUpdates(ch.SendUpdates).Context(a.ctx).Do()
				return err
			})
			if err == nil {
				cur, wrote = got, true
				if ch.SendUpdates == "all" {
					invited += len(guests)
				}
				a.res.Created++
				return nil
			}
			if !hasCode(err, http.StatusConflict) {
				return err
			}
			// 409: the event is there (a crash between the write and the
			// store, or a lost answer). Read it and patch what differs.
			if cur, err = a.get(ch.EventID); err != nil {
				return err
			}
		}
		patch, newly, changed := a.patchFor(ch, cur, guests, ours)
		if !changed {
			return nil
		}
		send := ch.SendUpdates
		if len(newly) > 0 || cur.Status == "cancelled" || noticeOf(cur) != noticeOf(a.newEvent(ch, nil, false)) {
			send = "all"
		}
		var got *calendarapi.Event
		err := a.call(true, func() (err error) {
			got, err = a.c.svc.Events.Patch(a.c.calendarID, ch.EventID, patch).ConferenceDataVersion(1).
				SendUpdates(send).Context(a.ctx).Do()
			return err
		})
		if err != nil {
			return err
		}
		if !wrote {
			a.res.Updated++
		}
		cur, wrote = got, true
		if send == "all" {
			invited += len(newly)
		}
		return nil
	}

	// Try all guests at once; on "Invalid attendee email." (Google names no
	// attendee), split the new guests in halves until each refused address
	// is found, writing the accepted ones as they are found.
	var base []string
	if ch.Old != nil {
		for _, g := range ch.Guests {
			if slices.Contains(ch.Old.Guests, g) {
				base = append(base, g)
			}
		}
	}
	var try func(list []string) error
	try = func(list []string) error {
		err := writeWith(append(slices.Clone(base), accepted...), list)
		if err == nil {
			accepted = append(accepted, list...)
			return nil
		}
		if !isInvalidAttendee(err) || len(list) == 0 {
			return err
		}
		if len(list) == 1 {
			refused = append(refused, list[0])
			return nil
		}
		half := len(list) / 2
		if err := try(list[:half]); err != nil {
			return err
		}
		return try(list[half:])
	}
	var adds []string
	for _, g := range ch.Guests {
		if !slices.Contains(base, g) {
			adds = append(adds, g)
		}
	}
	if err := try(adds); err != nil {
		return Record{}, err
	}
	if cur == nil || (!wrote && len(accepted) < len(adds)) {
		// Every new guest was refused: the rest still has to be written.
		if err := writeWith(base, accepted); err != nil {
			return Record{}, err
		}
	}
	a.res.Invitations += invited
	a.res.Refused += len(uniqueLower(refused))
	if ch.Part == 0 && cur != nil && cur.ConferenceData != nil {
		a.meet[m.Key] = cur.ConferenceData
	}
	final := sortedCopy(append(slices.Clone(base), accepted...))
	rec := Record{ID: ch.EventID, Key: m.Key, Part: ch.Part, Date: m.Date, Guests: final,
		Refused: sortedCopy(uniqueLower(refused)), Hash: contentHash(m, final, false), Notice: noticeHash(m, false)}
	if cur != nil {
		rec.Link, rec.MeetLink = cur.HtmlLink, meetLink(cur)
		rec.Declined = declined(cur, final)
	}
	return rec, nil
}

func (a *applier) get(id string) (*calendarapi.Event, error) {
	var ev *calendarapi.Event
	err := a.call(true, func() (err error) {
		ev, err = a.c.svc.Events.Get(a.c.calendarID, id).Context(a.ctx).Do()
		return err
	})
	return ev, err
}

// newEvent is the event a change wants, with the given service guests,
// and with its Meet conference when withMeet (a later part may have to
// read the first part's).
func (a *applier) newEvent(ch Change, guests []string, withMeet bool) *calendarapi.Event {
	m := ch.Meeting
	hidden := false
	ev := &calendarapi.Event{
		Id:          ch.EventID,
		Summary:     m.Title,
		Description: m.Description,
		Start:       dateTime(m.Start, m.TimeZone),
		End:         dateTime(m.End, m.TimeZone),
		// Members' addresses stay private: guests cannot see each other.
		GuestsCanSeeOtherGuests: &hidden,
		ExtendedProperties: &calendarapi.EventExtendedProperties{Private: map[string]string{
			privateKey: "1", "meeting": m.Key.String(), "part": strconv.Itoa(ch.Part)}},
	}
	if withMeet {
		ev.ConferenceData = a.conference(ch)
	}
	for _, g := range guests {
		ev.Attendees = append(ev.Attendees, &calendarapi.EventAttendee{Email: g})
	}
	return ev
}

// conference is part 0's Meet request (its requestId derived from the
// event ID, so a retried insert asks for the same meeting), or for a later
// part a copy of part 0's conference, so every part has the same link.
func (a *applier) conference(ch Change) *calendarapi.ConferenceData {
	if ch.Part == 0 {
		return &calendarapi.ConferenceData{CreateRequest: &calendarapi.CreateConferenceRequest{
			RequestId:             "coalitionsync-" + ch.EventID[:32],
			ConferenceSolutionKey: &calendarapi.ConferenceSolutionKey{Type: "hangoutsMeet"},
		}}
	}
	cd, ok := a.meet[ch.Meeting.Key]
	if !ok {
		if ev, err := a.get(ch.FirstEventID); err == nil && ev.ConferenceData != nil {
			cd = ev.ConferenceData
			a.meet[ch.Meeting.Key] = cd
		}
	}
	if cd == nil {
		return nil
	}
	return &calendarapi.ConferenceData{ConferenceId: cd.ConferenceId, ConferenceSolution: cd.ConferenceSolution,
		EntryPoints: cd.EntryPoints}
}

// patchFor compares the event with what the change wants and returns the
// patch (nil fields are left alone), the guests it newly invites, and
// whether anything differs at all.
func (a *applier) patchFor(ch Change, cur *calendarapi.Event, guests []string, ours map[string]bool) (*calendarapi.Event, []string, bool) {
	want := a.newEvent(ch, nil, cur.ConferenceData == nil)
	patch := &calendarapi.Event{}
	changed := false
	if cur.Summary != want.Summary || cur.Description != want.Description {
		patch.Summary, patch.Description = want.Summary, want.Description
		patch.ForceSendFields = append(patch.ForceSendFields, "Summary", "Description")
		changed = true
	}
	if !sameInstant(cur.Start, want.Start) || !sameInstant(cur.End, want.End) ||
		cur.Start.TimeZone != want.Start.TimeZone || cur.End.TimeZone != want.End.TimeZone {
		patch.Start, patch.End = want.Start, want.End
		changed = true
	}
	if cur.Status == "cancelled" {
		patch.Status = "confirmed"
		changed = true
	}
	if cur.GuestsCanSeeOtherGuests == nil || *cur.GuestsCanSeeOtherGuests {
		patch.GuestsCanSeeOtherGuests = want.GuestsCanSeeOtherGuests
		changed = true
	}
	if cur.ConferenceData == nil && want.ConferenceData != nil {
		patch.ConferenceData = want.ConferenceData
		changed = true
	}
	// Attendees: every one a person added stays, with every answer; the
	// service's own are made to match guests.
	wantSet := map[string]bool{}
	for _, g := range guests {
		wantSet[g] = true
	}
	var list []*calendarapi.EventAttendee
	have := map[string]bool{}
	removed := false
	for _, at := range cur.Attendees {
		e := strings.ToLower(at.Email)
		if ours[e] && !wantSet[e] {
			removed = true
			continue
		}
		have[e] = true
		list = append(list, at)
	}
	var newly []string
	for _, g := range guests {
		if !have[g] {
			newly = append(newly, g)
			list = append(list, &calendarapi.EventAttendee{Email: g})
		}
	}
	if removed || len(newly) > 0 {
		patch.Attendees = list
		patch.ForceSendFields = append(patch.ForceSendFields, "Attendees")
		changed = true
	}
	return patch, newly, changed
}

func dateTime(t time.Time, zone string) *calendarapi.EventDateTime {
	if loc, err := time.LoadLocation(zone); err == nil {
		t = t.In(loc)
	}
	return &calendarapi.EventDateTime{DateTime: t.Format(time.RFC3339), TimeZone: zone}
}

func sameInstant(a, b *calendarapi.EventDateTime) bool {
	if a == nil || b == nil {
		return a == b
	}
	ta, err1 := time.Parse(time.RFC3339, a.DateTime)
	tb, err2 := time.Parse(time.RFC3339, b.DateTime)
	return err1 == nil && err2 == nil && ta.Equal(tb)
}

// noticeOf fingerprints what guests are emailed about on an event.
func noticeOf(ev *calendarapi.Event) string {
	var s, e string
	if ev.Start != nil {
		if t, err := time.Parse(time.RFC3339, ev.Start.DateTime); err == nil {
			s = t.UTC().Format(time.RFC3339)
		}
	}
	if ev.End != nil {
		if t, err := time.Parse(time.RFC3339, ev.End.DateTime); err == nil {
			e = t.UTC().Format(time.RFC3339)
		}
	}
	return s + "|" + e + "|" + ev.Summary
}

// meetLink is the event's Google Meet address.
func meetLink(ev *calendarapi.Event) string {
	if ev.HangoutLink != "" {
		return ev.HangoutLink
	}
	if ev.ConferenceData != nil {
		for _, ep := range ev.ConferenceData.EntryPoints {
			if ep.EntryPointType == "video" {
				return ep.Uri
			}
		}
	}
	return ""
}

// declined returns the guests among ours whose answer is "declined".
func declined(ev *calendarapi.Event, ours []string) []string {
	var out []string
	for _, at := range ev.Attendees {
		e := strings.ToLower(at.Email)
		if at.ResponseStatus == "declined" && slices.Contains(ours, e) {
			out = append(out, e)
		}
	}
	return sortedCopy(out)
}

func hasCode(err error, code int) bool {
	var ge *googleapi.Error
	return errors.As(err, &ge) && ge.Code == code
}

func hasReason(err error, code int, reason string) bool {
	var ge *googleapi.Error
	if !errors.As(err, &ge) || ge.Code != code {
		return false
	}
	for _, e := range ge.Errors {
		if e.Reason == reason {
			return true
		}
	}
	return false
}

// isInvalidAttendee recognizes Calendar's refusal of an attendee address:
// 400, reason "invalid", "Invalid attendee email." (public reports named in
// sync/workspacetest/calendar.go, validateEvent).
func isInvalidAttendee(err error) bool {
	var ge *googleapi.Error
	if !errors.As(err, &ge) || ge.Code != http.StatusBadRequest {
		return false
	}
	if strings.Contains(ge.Message, "attendee email") {
		return true
	}
	for _, e := range ge.Errors {
		if strings.Contains(e.Message, "attendee email") {
			return true
		}
	}
	return false
}
