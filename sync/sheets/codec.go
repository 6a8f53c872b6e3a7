package sheets

import (
	"errors"

	"github.com/coalitionsync/coalitionsync/domain"
)

// Layout is where everything Parse read sits in the spreadsheet, per tab: the
// header index (known columns, extra columns people added) and the sheet row
// of each record. A writer such as the sync engine uses it to address the
// service's owned cells and nothing else:
//
//   - the Flags cell of Coalition.Members[i] is Members.A1(i, ColFlags);
//   - the Result cell of Coalition.Votes[k] is Votes.A1(k, ColResult);
//   - the attendance cell of Members[i] at Meetings[j] is
//     A1(TabAttendance, Attendance.MeetingColumns[j], Attendance.Rows[i]);
//   - an owned column the header lacks (Header.Missing) is added after
//     Header.Width, never in between people's columns;
//   - new rows go after LastRow, and Skipped rows are left alone.
//
// A tab that was not given is nil.
type Layout struct {
	Members    *TabLayout
	Attendance *TabLayout
	Votes      *TabLayout
	Meetings   *TabLayout
	// Applications: the Application ID and Application status cells of
	// Coalition.Applications[i] are Applications.A1(i, ColApplicationID)
	// and Applications.A1(i, ColApplicationStatus).
	Applications *TabLayout
	// Approvals: the Deadline and Status cells of Approvals[i].
	Approvals *TabLayout
}

// FindTab returns the grid of the tab named name among tabs, matching names
// ignoring case and extra spaces, and the key it was found under.
func FindTab(tabs map[string][][]string, name string) ([][]string, string, bool) {
	if g, ok := tabs[name]; ok {
		return g, name, true
	}
	n := NormalizeHeader(name)
	for k, g := range tabs {
		if NormalizeHeader(k) == n {
			return g, k, true
		}
	}
	return nil, "", false
}

// Parsed is everything Parse read from the spreadsheet.
type Parsed struct {
	// Coalition is what the rules evaluate.
	Coalition domain.Coalition
	// Overrides are the Meetings tab's rows, in sheet order (see
	// ParseMeetings), aligned with Layout.Meetings.Rows. Coalition.Overrides
	// is the same slice, so that the rules see moved and cancelled meetings.
	Overrides []domain.MeetingOverride
	// Approvals are the Approval requests tab's rows, in sheet order,
	// aligned with Layout.Approvals.Rows. (Applications are in
	// Coalition.Applications, for the rules, aligned with
	// Layout.Applications.Rows.)
	Approvals []domain.ApprovalRequest
	// Layout says where each record sits, for writers.
	Layout Layout
	// Issues are the problems found in people's cells, by tab then row.
	Issues []domain.Issue
}

// Parse reads the coalition's tabs, keyed by tab name (Members is required;
// Attendance, Votes, Meetings, Applications and Approval requests are read
// when present, other tabs are ignored).
//
// The error is non-nil when a tab cannot be read at all: Members is missing
// (MissingTabError) or a tab lacks a required column (MissingColumnError;
// several are joined with errors.Join, each reachable with errors.As). What
// could be read is still returned, for reporting; a writer must not apply
// anything from a run whose Parse failed.
func Parse(tabs map[string][][]string) (Parsed, error) {
	var (
		p    Parsed
		errs []error
	)
	members, _, ok := FindTab(tabs, TabMembers)
	if !ok {
		errs = append(errs, &MissingTabError{Tab: TabMembers})
	} else {
		ms, l, is, err := ParseMembers(members)
		if err != nil {
			errs = append(errs, err)
		}
		p.Coalition.Members, p.Layout.Members = ms, l
		p.Issues = append(p.Issues, is...)
	}
	if grid, _, ok := FindTab(tabs, TabAttendance); ok {
		if p.Layout.Members != nil {
			l, is, err := ParseAttendance(grid, &p.Coalition)
			if err != nil {
				errs = append(errs, err)
			}
			p.Layout.Attendance = l
			p.Issues = append(p.Issues, is...)
		} else {
			// Members could not be read; still name what Attendance lacks,
			// so people fix everything at once.
			if err := attendanceHeaderError(newTabReader(TabAttendance, grid).h); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if grid, _, ok := FindTab(tabs, TabVotes); ok {
		vs, l, is, err := ParseVotes(grid)
		if err != nil {
			errs = append(errs, err)
		}
		p.Coalition.Votes, p.Layout.Votes = vs, l
		p.Issues = append(p.Issues, is...)
	}
	if grid, _, ok := FindTab(tabs, TabMeetings); ok {
		os, l, is, err := ParseMeetings(grid)
		if err != nil {
			errs = append(errs, err)
		}
		p.Overrides, p.Layout.Meetings = os, l
		p.Coalition.Overrides = os
		p.Issues = append(p.Issues, is...)
	}
	if grid, _, ok := FindTab(tabs, TabApplications); ok {
		as, l, is, err := ParseApplications(grid)
		if err != nil {
			errs = append(errs, err)
		}
		p.Coalition.Applications, p.Layout.Applications = as, l
		p.Issues = append(p.Issues, is...)
	}
	if grid, _, ok := FindTab(tabs, TabApprovalRequests); ok {
		qs, l, is, err := ParseApprovals(grid)
		if err != nil {
			errs = append(errs, err)
		}
		p.Approvals, p.Layout.Approvals = qs, l
		p.Issues = append(p.Issues, is...)
	}
	return p, errors.Join(errs...)
}

// NameColumnsAsWritten rewrites, in place, the Column of each issue about a
// tab a form may fill (Applications, Approval requests) as that tab's
// header writes it (Header.AsWritten): the rules name columns by their
// schema names ("Organization name"), and a form's sheet may say
// "Organization Name:". Other issues are left as they are.
func (p *Parsed) NameColumnsAsWritten(issues []domain.Issue) {
	for i := range issues {
		var t *TabLayout
		switch issues[i].Tab {
		case TabApplications:
			t = p.Layout.Applications
		case TabApprovalRequests:
			t = p.Layout.Approvals
		}
		if t != nil && t.Header != nil {
			issues[i].Column = domain.Excerpt(t.Header.AsWritten(issues[i].Column))
		}
	}
}
