// Package calendar provides the sync engine's Google Calendar adapter: one
// event per meeting on the coalition calendar, with a Google Meet link and
// the Active members as guests. Plan compares the meetings the service
// wants with the records of the events it made, with no I/O; Apply carries
// the changes out through the official calendar/v3 client, never removing a
// guest a person added by hand and emailing only the people a change
// concerns; Responses reads guests' answers incrementally; Watch and Stop
// keep a push-notification channel on the calendar. It defines its own
// records and imports no other adapter: the caller stores them.
//
// docs/calendar.md explains the choices in plain words.
package calendar

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
)

// GuestCap is the number of guests the service puts on one event. Past it,
// a meeting's guests are spread over more events (parts) that share the
// first event's Meet link.
//
// Google publishes no current hard limit for the Calendar API. What it
// does publish: "Events with more than 200 guests (including rooms) are
// handled a bit differently" (Google Workspace Admin Help, "Invite groups
// to calendar events", support.google.com/a/answer/172013); an older
// version of the same page said "A one-time event can have a maximum of
// 500 invitees and a recurring event can have up to 100 invitees". The
// service stays at 200, where Google still handles an event like any
// other. Unconfirmed: whether 500 is still enforced today.
const GuestCap = 200

// guestCap is the cap Plan uses: GuestCap, lowered by tests.
var guestCap = GuestCap

// Meeting is one meeting as the service wants its calendar event(s) to be.
type Meeting struct {
	// Key is the scheduled fourth Monday: the meeting's identity (event
	// IDs derive from it), so a Date override moves the same event.
	Key domain.Date
	// Date is the day the meeting is held (Key unless moved).
	Date domain.Date
	// Start and End are absolute instants, computed by the engine in the
	// coalition's time zone (daylight saving included).
	Start, End time.Time
	// TimeZone is the IANA zone (America/Chicago), sent with start and end.
	TimeZone           string
	Title, Description string
	// Guests are lower-case, unique and sorted: the Email and alternates'
	// emails of every Active member.
	Guests []string
	// Cancelled is Cancelled = Yes on the Meetings tab: the meeting's
	// events are cancelled with notice to guests.
	Cancelled bool
}

// Record is what the service knows it made: one per event (part). The
// engine stores these.
type Record struct {
	ID   string // event ID (EventID)
	Key  domain.Date
	Part int // 0 for a meeting's first event; more only past the guest cap
	Date domain.Date
	// Guests are the guests the service invited that are on the event now
	// (never ones a person added by hand).
	Guests []string
	// Refused are addresses Calendar refused: they stay off the event
	// (the engine lists them in Sync issues).
	Refused []string
	// Declined are service-invited guests whose answer is "declined".
	Declined []string
	Link     string // the event's web address (htmlLink)
	MeetLink string // the Google Meet address
	// Hash fingerprints what was last written: time, title, description,
	// guests and status.
	Hash string
	// Notice fingerprints what guests are emailed about when it changes:
	// time, title and status.
	Notice    string
	Cancelled bool
}

// Kind is what a change does to an event.
type Kind int

const (
	// Create makes a new event.
	Create Kind = iota + 1
	// Update changes an existing event: time, title, description, guests.
	Update
	// Cancel cancels an event, with notice to its guests.
	Cancel
)

// String names the kind in plain words (create, update, cancel).
func (k Kind) String() string {
	switch k {
	case Create:
		return "create"
	case Update:
		return "update"
	case Cancel:
		return "cancel"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Change is one event to create, update or cancel.
type Change struct {
	Kind    Kind
	Meeting Meeting
	Part    int
	EventID string
	// Guests are the service's guests the event should have afterwards.
	Guests []string
	// Add and Remove are the guests this change invites and takes off.
	Add, Remove []string
	// Refused are addresses Calendar refused before that are still wanted:
	// they stay off the event and stay reported.
	Refused []string
	// SendUpdates is whom Calendar emails: "all" or "none" (see
	// docs/calendar.md: Google cannot email only the new guests of an
	// existing event, so new guests get events of their own).
	SendUpdates string
	// Old is the record of the event before the change (nil to create).
	Old *Record
	// FirstEventID is the ID of the meeting's first event (part 0), whose
	// Meet conference later parts copy.
	FirstEventID string
}

// EventID returns the ID of a meeting's event: base32hex (0-9, a-v) of a
// hash of the coalition, the meeting's key and the part, 52 characters.
// Calendar accepts client-chosen IDs of base32hex characters, 5 to 1024
// long (the Event id field in the Calendar API discovery document).
func EventID(coalitionID string, key domain.Date, part int) string {
	sum := sha256.Sum256([]byte("coalitionsync|" + coalitionID + "|" + key.String() + "|" + strconv.Itoa(part)))
	return strings.ToLower(base32.HexEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:]))
}

// Plan compares what is wanted with the records, with no I/O: a change for
// every event to create, update or cancel, in meeting then part order.
// Meetings whose records already match give no change; meetings with
// records but not in want are left alone (past meetings stay as they
// were).
//
// Guests: each keeps the part it is on. A meeting's first events are
// filled in order, GuestCap each. Guests who join a meeting whose events
// already exist get new parts of their own, unless the meeting's time or
// title changes in the same run (everyone is emailed then anyway, so they
// fill parts with room first): Google emails every guest of an event when
// one is added (docs/calendar.md), and a new part emails only its guests.
// Addresses that are not one valid email, or that Calendar refused
// before, are never sent.
func Plan(coalitionID string, want []Meeting, recs []Record) []Change {
	byKey := map[domain.Date][]Record{}
	for _, r := range recs {
		byKey[r.Key] = append(byKey[r.Key], r)
	}
	ms := slices.Clone(want)
	slices.SortStableFunc(ms, func(a, b Meeting) int { return a.Key.Compare(b.Key) })
	var out []Change
	for _, m := range ms {
		parts := byKey[m.Key]
		slices.SortFunc(parts, func(a, b Record) int { return a.Part - b.Part })
		first := EventID(coalitionID, m.Key, 0)
		for _, ch := range planMeeting(coalitionID, m, parts) {
			ch.FirstEventID = first
			out = append(out, ch)
		}
	}
	return out
}

func planMeeting(coalitionID string, m Meeting, parts []Record) []Change {
	if m.Cancelled {
		var out []Change
		for i := range parts {
			if !parts[i].Cancelled {
				r := parts[i]
				out = append(out, Change{Kind: Cancel, Meeting: m, Part: r.Part, EventID: r.ID,
					Remove: r.Guests, SendUpdates: "all", Old: &r})
			}
		}
		return out
	}
	refusedBefore := map[string]bool{}
	for _, r := range parts {
		for _, g := range r.Refused {
			refusedBefore[g] = true
		}
	}
	wanted := map[string]bool{}
	var refused []string // still wanted, refused before or not an address
	for _, g := range uniqueLower(m.Guests) {
		switch {
		case refusedBefore[g] || !ValidAddress(g):
			refused = append(refused, g)
		default:
			wanted[g] = true
		}
	}
	notice := noticeHash(m, false)
	noticeChanged := false
	for _, r := range parts {
		if r.Notice != notice {
			noticeChanged = true
		}
	}

	// Keep each wanted guest on its part.
	placed := map[string]bool{}
	assigned := make([][]string, len(parts))
	for i, r := range parts {
		for _, g := range r.Guests {
			if wanted[g] && !placed[g] {
				placed[g] = true
				assigned[i] = append(assigned[i], g)
			}
		}
	}
	var newcomers []string
	for _, g := range sortedKeys(wanted) {
		if !placed[g] {
			newcomers = append(newcomers, g)
		}
	}
	// Fill parts with room when the meeting is new or everyone is emailed
	// anyway; otherwise newcomers get parts of their own.
	if len(parts) == 0 || noticeChanged {
		for i := range assigned {
			for len(newcomers) > 0 && len(assigned[i]) < guestCap {
				assigned[i] = append(assigned[i], newcomers[0])
				newcomers = newcomers[1:]
			}
		}
	}
	nextPart := 0
	if len(parts) > 0 {
		nextPart = parts[len(parts)-1].Part + 1
	}
	// Refusals are reported on the meeting's first event: the ones from
	// before that are still wanted stay where they were, new ones go there.
	var newRefused []string
	for _, g := range refused {
		if !refusedBefore[g] {
			newRefused = append(newRefused, g)
		}
	}
	var out []Change
	for i, r := range parts {
		guests := sortedCopy(assigned[i])
		add, remove := diff(r.Guests, guests)
		keepRefused := refusedFor(r.Refused, refused)
		if i == 0 {
			keepRefused = sortedCopy(append(keepRefused, newRefused...))
		}
		hash := contentHash(m, guests, false)
		if hash == r.Hash && !r.Cancelled && slices.Equal(keepRefused, sortedCopy(r.Refused)) {
			continue
		}
		send := "none"
		if noticeChanged || r.Cancelled || len(add) > 0 {
			send = "all"
		}
		rc := r
		out = append(out, Change{Kind: Update, Meeting: m, Part: r.Part, EventID: r.ID, Guests: guests,
			Add: add, Remove: remove, Refused: keepRefused, SendUpdates: send, Old: &rc})
	}
	// New parts: part 0 always exists (it holds the Meet link), even with
	// no guests; later parts only for guests.
	refusedNew := refused
	if len(parts) > 0 {
		refusedNew = nil // reported on the existing first event
	}
	for len(parts) == 0 && nextPart == 0 || len(newcomers) > 0 {
		n := min(len(newcomers), guestCap)
		guests := sortedCopy(newcomers[:n])
		newcomers = newcomers[n:]
		out = append(out, Change{Kind: Create, Meeting: m, Part: nextPart, EventID: EventID(coalitionID, m.Key, nextPart),
			Guests: guests, Add: guests, Refused: refusedNew, SendUpdates: "all"})
		refusedNew = nil
		nextPart++
	}
	return out
}

// refusedFor returns the addresses of had that are still in stillWanted,
// sorted.
func refusedFor(had, stillWanted []string) []string {
	want := map[string]bool{}
	for _, g := range stillWanted {
		want[g] = true
	}
	var out []string
	for _, g := range had {
		if want[g] {
			out = append(out, g)
		}
	}
	return sortedCopy(out)
}

// ValidAddress reports whether s is one bare email address (no name,
// comment or space): what the service sends to Calendar. Others are
// refused without a call. Calendar's own rule is not published and may be
// stricter: what it refuses still is found and reported by Apply.
func ValidAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s
}

// contentHash fingerprints what is written on an event.
func contentHash(m Meeting, guests []string, cancelled bool) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%t\x00", m.Start.UTC().Format(time.RFC3339), m.End.UTC().Format(time.RFC3339),
		m.TimeZone, m.Title, m.Description, cancelled)
	for _, g := range guests {
		fmt.Fprintf(h, "%s\x00", g)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// noticeHash fingerprints what guests are emailed about: time, title and
// status.
func noticeHash(m Meeting, cancelled bool) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%s\x00%t", m.Start.UTC().Format(time.RFC3339),
		m.End.UTC().Format(time.RFC3339), m.Title, cancelled)))
	return hex.EncodeToString(sum[:16])
}

func uniqueLower(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, g := range in {
		g = strings.ToLower(strings.TrimSpace(g))
		if g != "" && !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	slices.Sort(out)
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func sortedCopy(in []string) []string {
	out := slices.Clone(in)
	slices.Sort(out)
	return out
}

// diff returns what is in b and not a (add), and in a and not b (remove).
func diff(a, b []string) (add, remove []string) {
	in := func(list []string) map[string]bool {
		m := make(map[string]bool, len(list))
		for _, g := range list {
			m[g] = true
		}
		return m
	}
	ia, ib := in(a), in(b)
	for _, g := range b {
		if !ia[g] {
			add = append(add, g)
		}
	}
	for _, g := range a {
		if !ib[g] {
			remove = append(remove, g)
		}
	}
	return sortedCopy(add), sortedCopy(remove)
}
