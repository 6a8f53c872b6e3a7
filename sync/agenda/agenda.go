// Package agenda provides a meeting's agenda as a Google Doc in the
// coalition's shared folder: Build writes it (title, HTML and the keys of
// the items on it) with no I/O; Client.Ensure creates the Doc once, finds
// it again through its appProperties, regenerates it while nobody else has
// edited it and never overwrites it after a person has. It imports no
// other adapter: the caller stores its Record, links the Doc in the
// Meetings tab and attaches it to the meeting's calendar event (see
// sync/calendar's Attach).
//
// docs/agendas.md explains the choices in plain words.
package agenda

import (
	"html"
	"net/url"
	"strings"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
)

// Agenda is what one meeting's agenda lists. The caller (the engine)
// fills it from the rules' report; Build only writes it.
type Agenda struct {
	// Meeting is the day the meeting is held.
	Meeting domain.Date
	// Start is the meeting's start, an instant (the zero time: not shown).
	Start time.Time
	// TimeZone is the coalition's IANA zone (America/Chicago), in which
	// Start is shown.
	TimeZone string
	// MeetLink is the meeting's Google Meet address, "" when none.
	MeetLink string
	// VotingMembers is the number of voting members on the meeting's
	// date; QuorumNeeded how many of them must be present.
	VotingMembers, QuorumNeeded int
	// Applications are the applications to review.
	Applications []Item
	// RemovalReviews are the members due for a removal review, with the
	// dates of their absences without notice in Dates.
	RemovalReviews []Item
	// ContraryReviews are the members reported for acting against the
	// coalition's direction.
	ContraryReviews []Item
	// InvalidMotions are motions that were not valid for lack of quorum,
	// with the meeting they were voted at in Dates.
	InvalidMotions []Item
	// WorkingGroups are the working groups' names, in the coalition's
	// language: one report slot each.
	WorkingGroups []string
	// ApprovalRequests are the open requests to use the coalition's name
	// or image.
	ApprovalRequests []Item
}

// Item is one thing on the agenda.
type Item struct {
	// Key identifies the item within its section across runs (an
	// Application ID, a Member ID, a vote's row): the item keys Build
	// returns are made of it. Empty means Text.
	Key string
	// Text is what people read: a name, a motion, a request. It is
	// people's text and is always escaped.
	Text string
	// Link is an optional web address (http or https only; anything else
	// is shown as text, never as a link).
	Link string
	// Dates are the absences of a removal review, the meeting of a motion,
	// or dates shown after any other item.
	Dates []domain.Date
}

// section is one part of the agenda, in the order the document lists them.
type section struct {
	prefix  string // of its items' keys
	heading string // message key
	detail  string // message key for the item's dates; "" lists them plainly
	items   []Item
}

func (a Agenda) sections() []section {
	groups := make([]Item, len(a.WorkingGroups))
	for i, g := range a.WorkingGroups {
		groups[i] = Item{Text: g}
	}
	return []section{
		{prefix: "application", heading: msgApplications, items: a.Applications},
		{prefix: "removal", heading: msgRemovals, detail: msgAbsences, items: a.RemovalReviews},
		{prefix: "contrary", heading: msgContrary, items: a.ContraryReviews},
		{prefix: "motion", heading: msgMotions, detail: msgMotionFrom, items: a.InvalidMotions},
		{prefix: "group", heading: msgGroups, detail: "", items: groups},
		{prefix: "approval", heading: msgApprovals, items: a.ApprovalRequests},
	}
}

// itemKey is the stable key of an item in a section.
func itemKey(prefix string, it Item) string {
	k := strings.TrimSpace(it.Key)
	if k == "" {
		k = strings.Join(strings.Fields(it.Text), " ")
	}
	return prefix + ":" + k
}

// Title is the agenda's title: the meeting's date in lang.
func Title(meeting domain.Date, lang domain.Lang) string {
	return domain.T(msgTitle, meeting).In(lang)
}

// Build writes the agenda in lang: its title (the Doc's name), the HTML
// uploaded to make the Doc, and the keys of the items on it in document
// order (stable across runs, for the items added since a person edited
// the Doc). Everything people typed is escaped: an application named
// "<script>" comes out as that text. Every section is there, saying
// "None." when empty, so that facilitators find them in the same place.
func Build(a Agenda, lang domain.Lang) (title string, page []byte, items []string) {
	title = Title(a.Meeting, lang)
	esc := html.EscapeString
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"" + esc(string(lang)) + "\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<title>" + esc(title) + "</title>\n</head>\n<body>\n")
	b.WriteString("<h1>" + esc(title) + "</h1>\n")
	b.WriteString("<p>" + esc(domain.T(msgDate, a.Meeting).In(lang)) + "</p>\n")
	if !a.Start.IsZero() {
		clock, zone := showTime(a.Start, a.TimeZone, lang)
		b.WriteString("<p>" + esc(domain.T(msgTime, clock, zone).In(lang)) + "</p>\n")
	}
	if link, ok := webLink(a.MeetLink); ok {
		b.WriteString("<p>" + esc(domain.T(msgMeet).In(lang)) + " <a href=\"" + esc(link) + "\">" + esc(link) + "</a></p>\n")
	}
	if a.VotingMembers > 0 {
		b.WriteString("<p>" + esc(domain.T(msgQuorum, a.VotingMembers, a.QuorumNeeded).In(lang)) + "</p>\n")
	} else {
		b.WriteString("<p>" + esc(domain.T(msgNoVoting).In(lang)) + "</p>\n")
	}
	for _, s := range a.sections() {
		b.WriteString("<h2>" + esc(domain.T(s.heading).In(lang)) + "</h2>\n")
		if len(s.items) == 0 {
			b.WriteString("<p>" + esc(domain.T(msgNone).In(lang)) + "</p>\n")
			continue
		}
		b.WriteString("<ul>\n")
		for _, it := range s.items {
			b.WriteString("<li>" + itemHTML(s, it, lang) + "</li>\n")
			items = append(items, itemKey(s.prefix, it))
		}
		b.WriteString("</ul>\n")
	}
	b.WriteString("<p><em>" + esc(domain.T(msgFooter).In(lang)) + "</em></p>\n</body>\n</html>\n")
	return title, []byte(b.String()), items
}

// itemHTML is one list item: its text (a link when it has a web
// address) and its dates.
func itemHTML(s section, it Item, lang domain.Lang) string {
	text := it.Text
	if s.prefix == "group" {
		text = domain.T(msgGroupReport, it.Text).In(lang)
	}
	out := html.EscapeString(text)
	if link, ok := webLink(it.Link); ok {
		out = "<a href=\"" + html.EscapeString(link) + "\">" + out + "</a>"
	}
	if detail := itemDetail(s, it, lang); detail != "" {
		out += " — " + html.EscapeString(detail)
	}
	return out
}

// itemDetail is what an item's dates say, "" without dates.
func itemDetail(s section, it Item, lang domain.Lang) string {
	if len(it.Dates) == 0 {
		return ""
	}
	if s.detail == "" {
		return domain.FormatDates(it.Dates, lang)
	}
	if len(it.Dates) == 1 {
		return domain.T(s.detail, it.Dates[0]).In(lang)
	}
	return domain.T(s.detail, it.Dates).In(lang)
}

// Describe returns, for item keys Build returned, the lines a person reads
// about them (such as "Applications to review: Casa Ejemplo"), in lang
// and in the order given; a key that is not on this agenda is left out.
func (a Agenda) Describe(keys []string, lang domain.Lang) []string {
	lines := map[string]string{}
	for _, s := range a.sections() {
		heading := domain.T(s.heading).In(lang)
		for _, it := range s.items {
			line := it.Text
			if d := itemDetail(s, it, lang); d != "" {
				line += " — " + d
			}
			lines[itemKey(s.prefix, it)] = domain.T(msgAdded, heading, line).In(lang)
		}
	}
	var out []string
	for _, k := range keys {
		if l, ok := lines[k]; ok {
			out = append(out, l)
		}
	}
	return out
}

// showTime writes a start time for people in the coalition's zone: "6:00
// PM" in English, "18:00" in Spanish, and the zone's name (no
// abbreviation such as CST, which not every reader knows).
func showTime(start time.Time, zone string, lang domain.Lang) (string, string) {
	t := start
	if loc, err := time.LoadLocation(zone); err == nil && zone != "" {
		t = start.In(loc)
	} else {
		zone = t.Location().String()
	}
	layout := "3:04 PM"
	if lang == domain.Spanish {
		layout = "15:04"
	}
	return t.Format(layout), zone
}

// webLink returns s when it is an absolute http or https address, the
// only links the agenda makes (a "javascript:" address in a cell must not
// become a link).
func webLink(s string) (string, bool) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", false
	}
	return s, true
}

// Added returns the keys of now that were not in before, in now's order:
// the items added since the Doc was last written.
func Added(before, now []string) []string {
	had := make(map[string]bool, len(before))
	for _, k := range before {
		had[k] = true
	}
	var out []string
	for _, k := range now {
		if !had[k] {
			out = append(out, k)
			had[k] = true
		}
	}
	return out
}
