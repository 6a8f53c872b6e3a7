package engine

import (
	"slices"
	"strings"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	"github.com/coalitionsync/coalitionsync/sync/store"
)

// CalendarView is the coalition calendar as the last runs left it (from the
// sync state): what a plan needs to link each meeting's event, to turn
// declines into N, and to list what Calendar refused. A nil view leaves
// every cell that comes from Calendar as it is.
type CalendarView struct {
	// Events are the meetings' events, part 0 first for each meeting.
	Events []store.MeetingEvent
	// Refused are the addresses Calendar refused as guests.
	Refused []string
	// CannotInvite says the account the service acts as may not invite
	// guests: one Sync issues row says so.
	CannotInvite bool
	// Deferred says the day's budget of invitation emails ran out: the
	// rest follow the next day (one Sync issues row says so).
	Deferred bool
	// Problem is why Calendar refused the last changes, when no retry
	// could mend it: "organizer", "permission" or "calendar".
	Problem string
}

// Upcoming is one meeting within the scheduling horizon.
type Upcoming struct {
	Key       domain.Date // the scheduled fourth Monday
	Date      domain.Date // the day it is held: Key unless moved
	Cancelled bool
}

// horizon is how many meetings ahead the plan prepares (Settings.Horizon,
// at least one).
func (s Settings) horizon() int { return max(1, s.Horizon) }

// upcoming lists the meetings from asOf on, in order, with the Meetings
// tab's overrides applied: the next n held meetings, and the cancelled
// ones among them.
func upcoming(asOf domain.Date, overrides []domain.MeetingOverride, n int) []Upcoming {
	if asOf.IsZero() {
		return nil
	}
	var out []Upcoming
	held := 0
	y, m := asOf.Year, asOf.Month
	// Each override takes at most one scheduled meeting away.
	for range n + len(overrides) + 1 {
		key := domain.FourthMonday(y, m)
		u := Upcoming{Key: key, Date: key}
		for _, o := range overrides {
			if o.Scheduled != key {
				continue
			}
			if o.Cancelled {
				u.Cancelled = true
			} else if !o.MovedTo.IsZero() {
				u.Date = o.MovedTo
			}
		}
		if !u.Date.Before(asOf) {
			out = append(out, u)
			if !u.Cancelled {
				if held++; held == n {
					break
				}
			}
		}
		if m == time.December {
			y, m = y+1, time.January
		} else {
			m++
		}
	}
	return out
}

// meetingStart is when a meeting held on day d starts, in the coalition's
// time zone (daylight saving included): the policy's start time, 18:00
// when it is unreadable (the policy is checked at start).
func (s Settings) meetingStart(d domain.Date) time.Time {
	loc := s.Location
	if loc == nil {
		loc = time.UTC
	}
	h, m, err := s.Policy.MeetingStartTime()
	if err != nil {
		h, m = 18, 0
	}
	return time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, loc)
}

// invited returns the addresses a member is invited with: its Email and
// its alternates' emails, lower case, each once.
func invited(m domain.Member) []string {
	var out []string
	if e := strings.ToLower(strings.TrimSpace(m.Email)); strings.Contains(e, "@") {
		out = append(out, e)
	}
	for _, a := range domain.EmailsIn(m.Alternates) {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// meetingEvents returns a meeting's recorded events (all parts).
func (v *CalendarView) meetingEvents(key domain.Date) []store.MeetingEvent {
	var out []store.MeetingEvent
	for _, ev := range v.Events {
		if ev.Key == key {
			out = append(out, ev)
		}
	}
	slices.SortFunc(out, func(a, b store.MeetingEvent) int { return a.Part - b.Part })
	return out
}

// calendarLink is the link of a meeting's event, for the Meetings tab's
// "Calendar event" cell; "" when there is none yet or the view is nil.
func (p *Plan) calendarLink(in Input, scheduled domain.Date) string {
	if in.Calendar == nil {
		return ""
	}
	evs := in.Calendar.meetingEvents(scheduled)
	if len(evs) == 0 {
		return ""
	}
	return evs[0].Link
}

// planDeclines writes N in the blank Attendance cell of a member all of
// whose invited addresses declined a meeting before it started, and clears
// an N the service wrote when the decline was withdrawn. A cell a person
// changed is never touched again for that meeting. The members concerned
// are recorded in Plan.FilledN, by meeting.
func (p *Plan) planDeclines(in Input) {
	if in.Calendar == nil {
		return
	}
	grid, _, ok := sheets.FindTab(in.Tabs, sheets.TabAttendance)
	l := p.Parsed.Layout.Attendance
	if !ok || l == nil {
		return
	}
	p.FilledN = map[domain.Date][]string{}
	keys := map[domain.Date]bool{}
	for _, ev := range in.Calendar.Events {
		if keys[ev.Key] {
			continue
		}
		keys[ev.Key] = true
		evs := in.Calendar.meetingEvents(ev.Key)
		filled := slices.Clone(evs[0].FilledN)
		p.FilledN[ev.Key] = filled
		col := -1
		for j, d := range p.Parsed.Coalition.Meetings {
			if d == evs[0].Date && j < len(l.MeetingColumns) {
				col = l.MeetingColumns[j]
			}
		}
		if col < 0 || evs[0].Cancelled {
			continue
		}
		// Declines are read only until the meeting starts; after that an N
		// the service wrote stays, whatever changes on the Members tab.
		started := !in.Now.IsZero() && !in.Now.Before(in.Settings.meetingStart(evs[0].Date))
		declined := map[string]bool{}
		for _, e := range evs {
			for _, a := range e.Declined {
				declined[a] = true
			}
		}
		for i, m := range p.Parsed.Coalition.Members {
			if p.Excluded[i] || m.ID == "" || i >= len(l.Rows) || l.Rows[i] == 0 {
				continue
			}
			row := l.Rows[i]
			cell := strings.TrimSpace(cellText(grid, row, col))
			if slices.Contains(filled, "!"+m.ID) {
				continue
			}
			addrs := invited(m)
			all := len(addrs) > 0
			for _, a := range addrs {
				all = all && declined[a]
			}
			where := domain.T(msgWhereRow, l.Tab, row)
			ours := slices.Contains(filled, m.ID)
			switch {
			case ours && !strings.EqualFold(cell, "N"):
				// A person cleared or changed the N: theirs wins, for good.
				filled = append(slices.DeleteFunc(filled, func(s string) bool { return s == m.ID }), "!"+m.ID)
			case ours && !all && !started:
				p.set(l.Tab, grid, col, row, "", where, domain.T(msgDeclineWithdrawn, domain.Excerpt(m.Name), evs[0].Date))
				filled = slices.DeleteFunc(filled, func(s string) bool { return s == m.ID })
			case !ours && all && cell == "" && m.Status == domain.StatusActive:
				p.set(l.Tab, grid, col, row, "N", where, domain.T(msgDeclinedN, domain.Excerpt(m.Name), evs[0].Date))
				filled = append(filled, m.ID)
			}
		}
		slices.Sort(filled)
		p.FilledN[ev.Key] = filled
	}
}

// calendarIssues lists what Calendar refused, in the Sync issues tab: the
// account cannot invite anyone, or an address is not accepted as a guest
// (named by the member's row, never by the address itself).
func (p *Plan) calendarIssues(in Input) {
	v := in.Calendar
	if v == nil {
		return
	}
	if v.CannotInvite {
		p.Issues = append(p.Issues, domain.Issue{Tab: sheets.TabMeetings, Column: sheets.ColCalendarEvent, Message: domain.T(msgCannotInvite)})
	}
	switch v.Problem {
	case refusedPermission:
		p.Issues = append(p.Issues, domain.Issue{Tab: sheets.TabMeetings, Column: sheets.ColCalendarEvent, Message: domain.T(msgInvitesNoPermission)})
	case refusedCalendar:
		p.Issues = append(p.Issues, domain.Issue{Tab: sheets.TabMeetings, Column: sheets.ColCalendarEvent, Message: domain.T(msgInvitesNoCalendar)})
	}
	if v.Deferred {
		p.Issues = append(p.Issues, domain.Issue{Tab: sheets.TabMeetings, Column: sheets.ColCalendarEvent, Message: domain.T(msgInvitesDeferred)})
	}
	if len(v.Refused) == 0 {
		return
	}
	refused := map[string]bool{}
	for _, a := range v.Refused {
		refused[a] = true
	}
	found := map[string]bool{}
	for i, m := range p.Parsed.Coalition.Members {
		if p.Excluded[i] {
			continue
		}
		if e := strings.ToLower(strings.TrimSpace(m.Email)); refused[e] {
			found[e] = true
			p.Issues = append(p.Issues, domain.Issue{Tab: sheets.TabMembers, Row: m.Row, Column: sheets.ColEmail,
				Message: domain.T(msgGuestRefused, domain.Excerpt(m.Name))})
		}
		for _, a := range domain.EmailsIn(m.Alternates) {
			if refused[a] && !found[a] {
				found[a] = true
				p.Issues = append(p.Issues, domain.Issue{Tab: sheets.TabMembers, Row: m.Row, Column: sheets.ColAlternates,
					Message: domain.T(msgAlternateRefused, domain.Excerpt(m.Name))})
			}
		}
	}
}

// agendaIn is the recorded agenda of the meeting held on d, or nil.
func agendaIn(in Input, d domain.Date) *store.AgendaRecord {
	if d.IsZero() {
		return nil
	}
	for i := range in.Agendas {
		if in.Agendas[i].Meeting == d {
			return &in.Agendas[i]
		}
	}
	return nil
}

// agendaIssues lists, for each agenda a person edited since the service
// wrote it, the items added since: the service no longer changes that Doc,
// so people add them by hand.
func (p *Plan) agendaIssues(in Input) {
	for _, a := range in.Agendas {
		if !a.Doc.Edited || len(a.Added) == 0 || a.Meeting.Before(in.AsOf) {
			continue
		}
		p.Issues = append(p.Issues, domain.Issue{Tab: sheets.TabMeetings, Column: sheets.ColAgenda,
			Message: domain.T(msgAgendaEdited, a.Meeting, strings.Join(a.Added, "; "))})
	}
}
