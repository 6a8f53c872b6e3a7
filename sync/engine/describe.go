package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/calendar"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/store"
)

// Describe says in plain words what the plan changes, one line per change
// people would recognize (several cells of one change make one line), in
// sheet order; then members missing or back, the member directory and who
// gains or loses access to it. DescribeSave says what it would save.
func (p *Plan) Describe(lang domain.Lang) []string {
	out := append(p.DescribeSheet(lang), p.DescribeBeyond(lang)...)
	if len(out) == 0 {
		out = append(out, domain.T(msgNothingToChange).In(lang))
	}
	return out
}

// DescribeSheet is the part of Describe about the spreadsheet: the reason
// a run is blocked, its owned cells, and members missing or back.
func (p *Plan) DescribeSheet(lang domain.Lang) []string {
	var out []string
	if p.IsBlocked() {
		out = append(out, p.Blocked.In(lang))
	}
	// Changes come row by row: one line per place, its notes joined.
	var where string
	var notes []string
	flush := func() {
		if where != "" && len(notes) > 0 {
			out = append(out, where+": "+strings.Join(notes, "; "))
		}
		where, notes = "", nil
	}
	for _, c := range p.Changes {
		if c.Quiet {
			continue
		}
		w := c.Where.In(lang)
		if w != where {
			flush()
			where = w
		}
		n := c.Note.In(lang)
		if !slices.Contains(notes, n) {
			notes = append(notes, n)
		}
	}
	flush()
	for _, id := range p.Missing {
		out = append(out, domain.T(msgMissing, id).In(lang))
	}
	for _, id := range p.Returned {
		out = append(out, domain.T(msgReturned, id).In(lang))
	}
	return out
}

// DescribeBeyond is the part of Describe beyond the spreadsheet: the
// member directory and who gains or loses access to it, the same for the
// shared folder, and the meetings' events.
func (p *Plan) DescribeBeyond(lang domain.Lang) []string {
	var out []string
	if n := len(p.Directory.Cells); n > 0 {
		out = append(out, domain.T(msgPlanDirectory, n).In(lang))
	}
	if sp := p.Sharing; sp != nil {
		for _, g := range sp.Grants {
			out = append(out, domain.T(msgPlanGrant, g.Name, g.MemberID).In(lang))
		}
		for _, g := range sp.Revokes {
			out = append(out, domain.T(msgPlanRevoke, g.MemberID).In(lang))
		}
		if n := len(sp.Forgotten); n > 0 {
			out = append(out, domain.T(msgPlanForget, n).In(lang))
		}
		for _, pr := range sp.Skipped {
			out = append(out, pr.Text.In(lang))
		}
	}
	out = append(out, p.describeFolder(lang)...)
	for _, a := range p.Agendas {
		if !a.Write {
			continue
		}
		key := msgPlanAgendaUpdate
		if a.Record == nil {
			key = msgPlanAgendaMake
		}
		out = append(out, domain.T(key, domain.FormatDate(a.Meeting, lang), len(a.Items)).In(lang))
	}
	for _, c := range p.CalendarChanges {
		d := domain.FormatDate(c.Meeting.Date, lang)
		switch c.Kind {
		case calendar.Create:
			if c.Part > 0 {
				// Newcomers get an event of their own: Calendar would email
				// every guest of the first one if they were added there.
				out = append(out, domain.T(msgPlanEventNewcomers, d, len(c.Guests)).In(lang))
				break
			}
			out = append(out, domain.T(msgPlanEventCreate, d, len(c.Guests)).In(lang))
		case calendar.Update:
			out = append(out, domain.T(msgPlanEventUpdate, d, len(c.Add), len(c.Remove)).In(lang))
		case calendar.Cancel:
			out = append(out, domain.T(msgPlanEventCancel, d).In(lang))
		}
	}
	return out
}

// DescribeSave says in plain words what a store save does.
func DescribeSave(r store.SaveResult, lang domain.Lang) string {
	return domain.T(msgSave, r.Created, r.Updated, r.MarkedMissing, r.Returned, r.FlagsRaised, r.FlagsCleared, r.Unchanged).In(lang)
}

// Summary is one line on what a run did, for people.
func (r *Result) Summary(lang domain.Lang) string {
	switch r.Outcome {
	case OutcomeUnchanged:
		if r.SheetRead {
			return domain.T(msgSummaryAsLeft).In(lang)
		}
		return domain.T(msgSummaryUnchanged).In(lang)
	case OutcomeBusy:
		return domain.T(msgSummaryBusy).In(lang)
	}
	problems := 0
	if r.Plan != nil {
		problems = len(r.Plan.Issues)
	}
	out := fmt.Sprintf("%s %s", domain.T(msgSummary, r.CellsWritten, r.DirectoryCells, problems).In(lang), DescribeSave(r.Store, lang))
	if s := r.Sharing; s != nil {
		out += " " + domain.T(msgSummarySharing, s.Granted, s.Revoked, len(s.Skipped)+len(s.Failed)).In(lang)
	}
	if s := r.FolderSharing; s != nil {
		held := 0
		if r.Plan != nil && r.Plan.FolderSharing != nil {
			held = len(r.Plan.FolderSharing.Held)
		}
		out += " " + domain.T(msgSummaryFolder, s.Granted, s.Revoked, held, len(s.Skipped)+len(s.Failed)).In(lang)
	}
	if c := r.Calendar; c != nil && c.Calls > 0 {
		out += " " + domain.T(msgSummaryCalendar, c.Created, c.Updated, c.Cancelled, c.Invitations).In(lang)
	}
	return out
}

// describeFolder says who gains and loses access to the shared folder,
// and why no access is taken away when the revocation guard holds back.
// People are named by member (an alternate as "an alternate of" its
// member), never by address.
func (p *Plan) describeFolder(lang domain.Lang) []string {
	fp := p.FolderSharing
	if fp == nil {
		return nil
	}
	var out []string
	if fp.IsBlocked() {
		out = append(out, fp.Blocked.In(lang))
	}
	key := msgPlanFolderGrant
	if fp.Target.Notify {
		key = msgPlanFolderGrantMsg
	}
	for _, g := range fp.Grants {
		who := g.Name
		if g.Key != "" && g.Key != g.MemberID {
			who = domain.T(msgFolderAlternate, g.Name).In(lang)
		}
		out = append(out, domain.T(key, who, g.MemberID, roleWords(g.Role).In(lang)).In(lang))
	}
	for _, g := range fp.Revokes {
		if id := drive.MemberOf(g.MemberID); id != g.MemberID {
			out = append(out, domain.T(msgPlanFolderRevokeAlt, id).In(lang))
			continue
		}
		out = append(out, domain.T(msgPlanFolderRevoke, g.MemberID).In(lang))
	}
	if n := len(fp.Forgotten); n > 0 {
		out = append(out, domain.T(msgPlanFolderForget, n).In(lang))
	}
	for _, pr := range fp.Skipped {
		out = append(out, pr.Text.In(lang))
	}
	return out
}

// roleWords says what a Drive role lets a person do with the folder.
func roleWords(role string) domain.Text {
	switch role {
	case "reader":
		return domain.T(msgRoleReader)
	case "commenter":
		return domain.T(msgRoleCommenter)
	case "fileOrganizer":
		return domain.T(msgRoleFileOrganizer)
	case "organizer":
		return domain.T(msgRoleOrganizer)
	}
	return domain.T(msgRoleWriter)
}
