package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"

	calendarapi "google.golang.org/api/calendar/v3"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// demoCalendar is where the demo's events are: the calendar "primary"
// reaches through the stand-in's delegation header.
const demoCalendar = workspacetest.ServiceAccountEmail

// liveEvents are the calendar's events that are not cancelled, by start.
func liveEvents(ws *workspacetest.Server) ([]*calendarapi.Event, error) {
	evs, err := ws.Events(demoCalendar)
	if err != nil {
		return nil, err
	}
	evs = slices.DeleteFunc(evs, func(ev *calendarapi.Event) bool { return ev.Status == "cancelled" })
	slices.SortFunc(evs, func(a, b *calendarapi.Event) int { return strings.Compare(a.Start.DateTime, b.Start.DateTime) })
	return evs, nil
}

// memberNames maps each member's addresses (Email and alternates) to its
// name, to tell who was invited without printing addresses.
func memberNames(ws *workspacetest.Server, id string) map[string]string {
	g := ws.Values(id, sheets.TabMembers)
	out := map[string]string{}
	if len(g) == 0 {
		return out
	}
	name, email, alt := slices.Index(g[0], sheets.ColName), slices.Index(g[0], sheets.ColEmail), slices.Index(g[0], sheets.ColAlternates)
	for _, r := range g[1:] {
		at := func(j int) string {
			if j >= 0 && j < len(r) {
				return r[j]
			}
			return ""
		}
		if e := strings.ToLower(at(email)); e != "" {
			out[e] = at(name)
		}
		for _, a := range domain.EmailsIn(at(alt)) {
			out[a] = at(name) + " (alternate)"
		}
	}
	return out
}

// invitations tells what the first sync put on the coalition calendar.
func (p *printer) invitations(ws *workspacetest.Server, id string, most int) error {
	evs, err := liveEvents(ws)
	if err != nil {
		return err
	}
	p.step("Google Calendar (the stand-in): the next meetings, with their guests invited")
	for _, ev := range evs {
		hidden := ev.GuestsCanSeeOtherGuests != nil && !*ev.GuestsCanSeeOtherGuests
		p.line(fmt.Sprintf("%s %s — %d guests, video meeting %s, guests see each other: %v",
			ev.Start.DateTime[:16], ev.Summary, len(ev.Attendees), ev.HangoutLink, !hidden))
	}
	names := memberNames(ws, id)
	per := map[string]int{}
	for _, inv := range ws.Invitations(demoCalendar) {
		if inv.Kind == "invitation" {
			per[names[strings.ToLower(inv.Email)]]++
		}
	}
	var lines []string
	for who, n := range per {
		lines = append(lines, fmt.Sprintf("%s: invited to %d meetings", who, n))
	}
	slices.Sort(lines)
	p.line(fmt.Sprintf("Invitation emails sent: %d, to %d people (members and alternates):", len(ws.Invitations(demoCalendar)), len(per)))
	p.list(lines, min(most, 8))
	p.table("Meetings tab (each meeting links to its event)", ws.Values(id, sheets.TabMeetings), []string{"Date", "Calendar event"})
	return nil
}

// calendarStory tells a member declining the next meeting (the N that
// follows) and a new member invited to the coming meetings.
func (p *printer) calendarStory(ctx context.Context, ws *workspacetest.Server, e *engine.Engine, id string, opts Options) error {
	evs, err := liveEvents(ws)
	if err != nil || len(evs) == 0 {
		return fmt.Errorf("no meeting event to decline: %v", err)
	}
	next := evs[0]
	var guest, who string
	names := memberNames(ws, id)
	for _, a := range next.Attendees {
		if n := names[strings.ToLower(a.Email)]; n != "" && !strings.HasSuffix(n, "(alternate)") {
			guest, who = a.Email, n
			break
		}
	}
	p.step(fmt.Sprintf("%s answers No to the invitation to the meeting of %s; Calendar notifies the service", who, next.Start.DateTime[:10]))
	if err := ws.RespondToInvite(demoCalendar, next.Id, guest, "declined"); err != nil {
		return err
	}
	ws.ResetCalls()
	res, err := e.Run(ctx, engine.RunOptions{ReadCalendar: true, Trigger: "calendar"})
	if err != nil {
		return err
	}
	if res.Plan != nil {
		p.list(res.Plan.Describe(opts.Lang), opts.MaxLines)
	}
	p.line(res.Summary(opts.Lang))
	p.line("Calls: " + calls(ws.Calls()))
	e.Run(ctx, engine.RunOptions{Trigger: "demo"}) // settles the version after our own write

	p.step("A new member joins: a facilitator adds a row to the Members tab, then a sync")
	g := ws.Values(id, sheets.TabMembers)
	row := make([]string, len(g[0]))
	set := func(col, v string) {
		if j := slices.Index(g[0], col); j >= 0 {
			row[j] = v
		}
	}
	set(sheets.ColName, "Puentes Nuevos (invented)")
	set("Type", "Organization")
	set("Sector", "Education")
	set("Status", "Active")
	set("Voting", "Yes")
	set("Joined", opts.Now.Format("2006-01-02"))
	set("Working groups", "Base building")
	set(sheets.ColEmail, "puentes@example.org")
	before := len(ws.Invitations(demoCalendar))
	if err := ws.SetCells(id, sheets.A1(sheets.TabMembers, 0, len(g)+1), [][]string{row}); err != nil {
		return err
	}
	ws.ResetCalls()
	if res, err = e.Run(ctx, engine.RunOptions{Trigger: "demo"}); err != nil {
		return err
	}
	p.list(res.Plan.DescribeBeyond(opts.Lang), opts.MaxLines)
	p.line(res.Summary(opts.Lang))
	names = memberNames(ws, id) // with the new member's row
	var to []string
	for _, inv := range ws.Invitations(demoCalendar)[before:] {
		to = append(to, names[strings.ToLower(inv.Email)])
	}
	p.line(fmt.Sprintf("Emails sent: %d, only to the new member (%s); the other guests got none.", len(to), strings.Join(slices.Compact(to), ", ")))
	p.line("Calls: " + calls(ws.Calls()))
	e.Run(ctx, engine.RunOptions{Trigger: "demo"}) // settles the version after our own write
	return nil
}
