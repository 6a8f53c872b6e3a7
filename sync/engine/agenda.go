package engine

import (
	"context"
	"slices"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/agenda"
	"github.com/coalitionsync/coalitionsync/sync/store"
)

// Agendas writes the meetings' agenda Docs in the shared folder.
// *agenda.Client is one.
type Agendas interface {
	Ensure(ctx context.Context, folderID, key, title string, page []byte, items []string, rec *agenda.Record) (agenda.Record, agenda.Outcome, error)
}

var _ Agendas = (*agenda.Client)(nil)

// DefaultAgendaDays is how many days before a meeting its agenda is made
// (Settings.AgendaDays).
const DefaultAgendaDays = 7

// agendaMime is a Google Doc's type, for the calendar event's attachment.
const agendaMime = "application/vnd.google-apps.document"

// AgendaPlan is one meeting's agenda as the run writes it.
type AgendaPlan struct {
	// Meeting is the day it is held; Scheduled its fourth Monday, which
	// names its calendar event.
	Meeting, Scheduled domain.Date
	// Key finds the Doc again in Drive (appProperties): the coalition and
	// the meeting's day.
	Key    string
	Title  string
	Page   []byte
	Items  []string
	Agenda agenda.Agenda
	// Record is the Doc as last written (nil: not made yet).
	Record *agenda.Record
	// Write says the Doc is new or its content changed (and nobody edited
	// it): the run calls Drive for it.
	Write bool
}

// agendaDue lists the meetings whose agenda is due: held from today on,
// within AgendaDays of today.
func (e *Engine) agendaDue(p *Plan, asOf domain.Date) []Upcoming {
	days := e.Settings.AgendaDays
	if days <= 0 {
		days = DefaultAgendaDays
	}
	var out []Upcoming
	for _, u := range p.Upcoming {
		if !u.Cancelled && !u.Date.Before(asOf) && !asOf.Before(u.Date.AddDays(-days)) {
			out = append(out, u)
		}
	}
	return out
}

// planAgendas builds the agenda of each meeting within AgendaDays, from
// the rules' report, with no I/O: what a dry run shows, and what the run
// writes when the content changed.
func (e *Engine) planAgendas(p *Plan, st store.SyncState, asOf domain.Date) []AgendaPlan {
	if e.Agendas == nil || e.FolderID == "" || p.IsBlocked() {
		return nil
	}
	var out []AgendaPlan
	for _, u := range e.agendaDue(p, asOf) {
		a := e.agendaOf(p, st, u)
		title, page, items := agenda.Build(a, e.Settings.Lang)
		ap := AgendaPlan{Meeting: u.Date, Scheduled: u.Key, Key: e.CoalitionID + "/" + u.Date.String(), Title: title, Page: page, Items: items, Agenda: a}
		if rec := agendaRecord(st, u.Date); rec != nil {
			r := agenda.Record(rec.Doc)
			ap.Record = &r
		}
		ap.Write = ap.Record == nil || (!ap.Record.Edited && ap.Record.Hash != agenda.Fingerprint(title, page))
		out = append(out, ap)
	}
	return out
}

// agendaOf fills one meeting's agenda from the report: its time, video
// meeting, voting members and quorum, and what the rules put on it.
func (e *Engine) agendaOf(p *Plan, st store.SyncState, u Upcoming) agenda.Agenda {
	zone := "UTC"
	if e.Settings.Location != nil {
		zone = e.Settings.Location.String()
	}
	a := agenda.Agenda{Meeting: u.Date, Start: e.Settings.meetingStart(u.Date), TimeZone: zone}
	for _, m := range st.Meetings {
		if m.Key == u.Key && m.Part == 0 && !m.Cancelled {
			a.MeetLink = m.MeetLink
		}
	}
	for _, m := range p.members() {
		if domain.VotingOn(m, u.Date) {
			a.VotingMembers++
		}
	}
	a.QuorumNeeded = domain.QuorumNeeded(a.VotingMembers)
	for _, r := range p.Report.Applications {
		if r.Status == domain.ApplicationOnAgenda && r.Meeting == u.Date {
			a.Applications = append(a.Applications, agenda.Item{Key: r.ID, Text: r.Name})
		}
	}
	for i, r := range p.Report.Members {
		if i < len(p.Excluded) && p.Excluded[i] {
			continue
		}
		for _, f := range r.Flags {
			switch f.Kind {
			case domain.FlagRemovalReviewDue:
				a.RemovalReviews = append(a.RemovalReviews, agenda.Item{Key: r.ID, Text: r.Name, Dates: f.Dates})
			case domain.FlagContraryActionReview:
				a.ContraryReviews = append(a.ContraryReviews, agenda.Item{Key: r.ID, Text: r.Name})
			}
		}
	}
	// Motions not valid for lack of quorum at the last meeting held before.
	noQuorum := map[domain.Date]bool{}
	var last domain.Date
	for _, m := range p.Report.Meetings {
		if m.Date.Before(u.Date) && m.Recorded {
			noQuorum[m.Date] = !m.Quorum
			if m.Date.After(last) {
				last = m.Date
			}
		}
	}
	for k, v := range p.Report.Votes {
		if v.Valid || v.Meeting != last || !noQuorum[last] || k >= len(p.Parsed.Coalition.Votes) {
			continue
		}
		motion := p.Parsed.Coalition.Votes[k].Motion
		a.InvalidMotions = append(a.InvalidMotions, agenda.Item{Text: motion, Dates: []domain.Date{v.Meeting}})
	}
	for _, g := range []domain.WorkingGroup{domain.Legislative, domain.Communications, domain.BaseBuilding} {
		a.WorkingGroups = append(a.WorkingGroups, string(g))
	}
	for i, r := range p.Approvals {
		if r.Status != domain.ApprovalWaiting && r.Status != domain.ApprovalOverdue {
			continue
		}
		q := p.Parsed.Approvals[i]
		a.ApprovalRequests = append(a.ApprovalRequests, agenda.Item{Text: q.What, Link: q.Link})
	}
	return a
}

// agendaRecord is the stored record of a meeting's agenda, or nil.
func agendaRecord(st store.SyncState, d domain.Date) *store.AgendaRecord {
	for i := range st.Agendas {
		if st.Agendas[i].Meeting == d {
			return &st.Agendas[i]
		}
	}
	return nil
}

// applyAgendas writes the agendas whose content changed (no call for the
// others), attaches each to its meeting's event once, and records what was
// done in the plan's sync state. A failure is logged and left for the next
// run: an agenda never stops the rest of the sync.
func (e *Engine) applyAgendas(ctx context.Context, p *Plan, r *reading) (changed bool) {
	st := &p.State
	for _, ap := range p.Agendas {
		// The calendar step may have just made the meeting's video link.
		a := e.agendaOf(p, *st, Upcoming{Key: ap.Scheduled, Date: ap.Meeting})
		if a.MeetLink != ap.Agenda.MeetLink {
			ap.Agenda = a
			ap.Title, ap.Page, ap.Items = agenda.Build(a, e.Settings.Lang)
		}
		old := agendaRecord(*st, ap.Meeting)
		rec, out, err := e.Agendas.Ensure(ctx, e.FolderID, ap.Key, ap.Title, ap.Page, ap.Items, ap.Record)
		if err != nil {
			e.log().WarnContext(ctx, "sync: could not write a meeting's agenda; the next sync tries again", "meeting", ap.Meeting.String(), "error", err.Error())
			continue
		}
		next := store.AgendaRecord{Meeting: ap.Meeting, Doc: store.AgendaDoc(rec)}
		if old != nil {
			next.Attached, next.Added = old.Attached, old.Added
		}
		if out.Kind == agenda.Edited && len(out.Added) > 0 {
			next.Added = ap.Agenda.Describe(out.Added, e.Settings.Lang)
		}
		if !next.Attached && e.Calendar != nil && rec.Link != "" {
			if id := eventOf(*st, ap.Scheduled); id != "" {
				if err := e.Calendar.Attach(ctx, id, rec.Link, ap.Title, agendaMime); err != nil {
					e.log().WarnContext(ctx, "sync: could not attach the agenda to the meeting's event; the next sync tries again", "meeting", ap.Meeting.String(), "error", err.Error())
				} else {
					next.Attached = true
				}
			}
		}
		if old == nil || !equalAgenda(*old, next) {
			changed = true
			st.Agendas = slices.DeleteFunc(slices.Clone(st.Agendas), func(x store.AgendaRecord) bool { return x.Meeting == ap.Meeting })
			st.Agendas = append(st.Agendas, next)
		}
	}
	// A season of past agendas is kept; then the record shrinks.
	st.Agendas = slices.DeleteFunc(st.Agendas, func(x store.AgendaRecord) bool { return x.Meeting.Before(r.asOf.AddDays(-90)) })
	slices.SortFunc(st.Agendas, func(a, b store.AgendaRecord) int { return a.Meeting.Compare(b.Meeting) })
	return changed
}

func equalAgenda(a, b store.AgendaRecord) bool {
	x, y := a.Doc, b.Doc
	return a.Meeting == b.Meeting && a.Attached == b.Attached && slices.Equal(a.Added, b.Added) &&
		x.FileID == y.FileID && x.Link == y.Link && x.Version == y.Version && x.Modified == y.Modified &&
		x.Hash == y.Hash && slices.Equal(x.Items, y.Items) && x.Edited == y.Edited && x.EditedBy == y.EditedBy
}

// eventOf is the ID of a meeting's first event, "" when none.
func eventOf(st store.SyncState, key domain.Date) string {
	for _, m := range st.Meetings {
		if m.Key == key && m.Part == 0 && !m.Cancelled {
			return m.EventID
		}
	}
	return ""
}
