package engine

import (
	"slices"
	"strings"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
)

// Admission is an admitted application whose member the run appends to
// the Members tab.
type Admission struct {
	ApplicationID string
	Member        domain.Member
}

// assignApplicationIDs gives every application row without one an
// Application ID (A-0001, numbered above every ID seen on the sheet or
// given before), before the rules run: a vote may name an application by
// it.
func (p *Plan) assignApplicationIDs(in Input) {
	apps := p.Parsed.Coalition.Applications
	ids, highest := domain.NewApplicationIDs(apps, in.Known.ApplicationHighest)
	p.ApplicationHighest = highest
	for i, id := range ids {
		if id != "" && i < len(apps) && strings.TrimSpace(apps[i].ID) == "" {
			apps[i].ID = id
			p.newApplicationIDs = append(p.newApplicationIDs, i)
		}
	}
}

// appendAdmissions adds the members of the admitted applications the
// engine passed (Input.Admit) as new rows below the Members tab's last
// one, before Member IDs are given: they then get an ID, an Attendance
// row, invitations and access like any new row.
func (p *Plan) appendAdmissions(in Input) {
	l := p.Parsed.Layout.Members
	if l == nil || len(in.Admit) == 0 {
		return
	}
	c := &p.Parsed.Coalition
	for _, a := range in.Admit {
		m := a.Member
		m.ID = ""
		l.LastRow++
		m.Row = l.LastRow
		c.Members = append(c.Members, m)
		l.Rows = append(l.Rows, m.Row)
		c.Attendance = append(c.Attendance, make([]domain.Code, len(c.Meetings)))
		if al := p.Parsed.Layout.Attendance; al != nil {
			al.Rows = append(al.Rows, 0)
		}
		p.Appended = append(p.Appended, a)
	}
}

// findAdmissions lists the applications admitted by a valid vote whose
// member is on no Members row and was never appended before: the engine
// plans again with them (Input.Admit), exactly once however often the run
// repeats.
func (p *Plan) findAdmissions(in Input) {
	if len(in.Admit) > 0 {
		return
	}
	apps := p.Parsed.Coalition.Applications
	for _, r := range p.Report.Applications {
		if r.Member == nil || r.ID == "" || in.Known.Admitted[r.ID] || r.Index >= len(apps) {
			continue
		}
		p.Admissions = append(p.Admissions, Admission{ApplicationID: r.ID, Member: *r.Member})
	}
}

// planApplications writes each application's ID (when new) and status in
// words.
func (p *Plan) planApplications(in Input) {
	l := p.Parsed.Layout.Applications
	grid, _, ok := sheets.FindTab(in.Tabs, sheets.TabApplications)
	if l == nil || !ok {
		return
	}
	cols := p.ownedColumns(l.Tab, l.Header, []string{sheets.ColApplicationID, sheets.ColApplicationStatus})
	apps := p.Parsed.Coalition.Applications
	lang := in.Settings.Lang
	for _, i := range p.newApplicationIDs {
		if i < len(l.Rows) && l.Rows[i] > 0 {
			p.set(l.Tab, grid, cols[sheets.ColApplicationID], l.Rows[i], apps[i].ID,
				domain.T(msgWhereRow, l.Tab, l.Rows[i]), domain.T(msgApplicationID, apps[i].ID))
		}
	}
	for _, r := range p.Report.Applications {
		if r.Index >= len(l.Rows) || l.Rows[r.Index] == 0 {
			continue
		}
		text := r.Describe().In(lang)
		p.set(l.Tab, grid, cols[sheets.ColApplicationStatus], l.Rows[r.Index], text,
			domain.T(msgWhereRow, l.Tab, l.Rows[r.Index]), domain.T(msgApplicationStatus, text))
	}
}

// planAppended writes the appended members' rows: what the application
// said, Status Active, Joined the meeting's day, Voting Yes only with a
// working group (commitments make a voting member).
func (p *Plan) planAppended(in Input) {
	l := p.Parsed.Layout.Members
	grid, _, _ := sheets.FindTab(in.Tabs, sheets.TabMembers)
	if l == nil {
		return
	}
	members := p.Parsed.Coalition.Members
	base := len(members) - len(p.Appended)
	for k, a := range p.Appended {
		m := a.Member
		row := members[base+k].Row
		where := domain.T(msgWhereMember, row, domain.Excerpt(m.Name))
		note := domain.T(msgAdmittedRow, a.ApplicationID)
		voting := "No"
		if m.Voting {
			voting = "Yes"
		}
		var groups []string
		for _, g := range m.WorkingGroups {
			groups = append(groups, string(g))
		}
		values := map[string]string{
			sheets.ColName: m.Name, sheets.ColType: string(m.Type), sheets.ColTaxStatus: m.TaxStatus,
			sheets.ColSector: m.Sector, sheets.ColAddress: m.Address, sheets.ColRepresentative: m.Representative,
			sheets.ColTitle: m.Title, sheets.ColPhone: m.Phone, sheets.ColEmail: m.Email,
			sheets.ColWorkingGroups: strings.Join(groups, ", "), sheets.ColStatus: "Active",
			sheets.ColVoting: voting, sheets.ColJoined: m.Joined.String(),
		}
		names := make([]string, 0, len(values))
		for k := range values {
			names = append(names, k)
		}
		slices.Sort(names)
		for _, name := range names {
			if v := values[name]; v != "" {
				if col, ok := l.Header.Index(name); ok {
					p.set(l.Tab, grid, col, row, v, where, note)
				}
			}
		}
	}
}

// planApprovals writes each approval request's deadline and status.
func (p *Plan) planApprovals(in Input) {
	l := p.Parsed.Layout.Approvals
	grid, _, ok := sheets.FindTab(in.Tabs, sheets.TabApprovalRequests)
	if l == nil || !ok {
		return
	}
	cols := p.ownedColumns(l.Tab, l.Header, []string{sheets.ColDeadline, sheets.ColStatus})
	lang := in.Settings.Lang
	loc := in.Settings.Location
	if loc == nil {
		loc = time.UTC
	}
	p.Approvals = domain.EvaluateApprovals(p.Parsed.Approvals, loc, in.Now)
	for i, r := range p.Approvals {
		if i >= len(l.Rows) || l.Rows[i] == 0 {
			continue
		}
		where := domain.T(msgWhereRow, l.Tab, l.Rows[i])
		deadline := domain.FormatDateTime(r.Deadline, lang)
		p.set(l.Tab, grid, cols[sheets.ColDeadline], l.Rows[i], deadline, where, domain.T(msgApprovalDeadline, deadline))
		text := r.Describe().In(lang)
		p.set(l.Tab, grid, cols[sheets.ColStatus], l.Rows[i], text, where, domain.T(msgApprovalStatus, text))
	}
}
