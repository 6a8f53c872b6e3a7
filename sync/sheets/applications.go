package sheets

import (
	"strings"

	"github.com/coalitionsync/coalitionsync/domain"
)

// Message keys of the issues found in the Applications and Approval
// requests tabs; their wording is in text.go.
const (
	msgNoNameColumn         = "sheets.applications_no_name_column"
	msgNoRequestedAtColumn  = "sheets.approvals_no_requested_at_column"
	msgBadTimestamp         = "sheets.bad_timestamp"
	msgRequestedAtMissing   = "sheets.requested_at_missing"
	msgBadRequestedAt       = "sheets.bad_requested_at"
	msgBadResponse          = "sheets.bad_response"
	msgDuplicateApplication = "sheets.duplicate_application_id"
)

// humanBlank reports whether every cell of row that is not one of the
// service's columns is blank: such a row holds no application or request
// (what the service wrote there is left from a row people cleared).
func humanBlank(h *Header, cells []string) bool {
	for i, c := range cells {
		if strings.TrimSpace(c) == "" {
			continue
		}
		owned := false
		for _, hc := range h.Cells {
			if hc.Index == i && hc.Column != "" && h.Schema.IsOwned(hc.Column) {
				owned = true
				break
			}
		}
		if !owned {
			return false
		}
	}
	return true
}

// ParseApplications reads the Applications tab: the answers of the
// coalition's application form, from a linked Google Form's response sheet
// (whose headers are the questions: see IndexHeader) or typed by hand. No
// column is required, but without an Organization name column no row is
// read (one issue says so). A row whose cells outside the service's columns
// are all blank is skipped. A Timestamp that cannot be read is reported and
// read as blank; a "Representative name and title" cell is split at its
// last comma (or dash) into Representative and Title when the tab has no
// such columns of its own; every other column people added is kept, in
// order, as an answer. Whether a row lacks a name or an email, or repeats
// another, is for the rules to say (domain.Evaluate).
func ParseApplications(grid [][]string) ([]domain.Application, *TabLayout, []domain.Issue, error) {
	r := newTabReader(TabApplications, grid)
	hasName := r.h.Has(ColOrganizationName)
	if !hasName && len(grid) > 1 && !allBlank(grid[1:]) {
		r.issue(1, ColOrganizationName, msgNoNameColumn, ColOrganizationName)
	}
	extra := r.h.Extra()
	var apps []domain.Application
	ids := map[string]int{}
	for i := 1; i < len(grid); i++ {
		cells, row := grid[i], i+1
		if humanBlank(r.h, cells) {
			continue
		}
		if !hasName {
			r.skip(row)
			continue
		}
		a := domain.Application{Row: row,
			ID:             r.h.Cell(cells, ColApplicationID),
			Name:           strings.Join(strings.Fields(r.h.Cell(cells, ColOrganizationName)), " "),
			TaxStatus:      r.h.Cell(cells, ColTaxStatus),
			Sector:         r.h.Cell(cells, ColSector),
			Address:        r.h.Cell(cells, ColAddress),
			Representative: r.h.Cell(cells, ColRepresentative),
			Title:          r.h.Cell(cells, ColTitle),
			Phone:          r.h.Cell(cells, ColPhone),
			Email:          r.h.Cell(cells, ColEmail),
		}
		if a.ID != "" {
			k := idKey(a.ID)
			if first, dup := ids[k]; dup {
				r.issue(row, ColApplicationID, msgDuplicateApplication, a.ID, first)
			} else {
				ids[k] = row
			}
		}
		if s := r.h.Cell(cells, ColTimestamp); s != "" {
			dt, err := domain.ReadDateTime(s)
			if err != nil {
				r.issue(row, ColTimestamp, msgBadTimestamp, s, domain.DateHint(err))
			}
			a.Received = dt
		}
		if s := r.h.Cell(cells, ColType); s != "" {
			t, ok := parseMemberType(s)
			if !ok {
				r.issue(row, ColType, msgBadType, s)
			}
			a.Type = t
		}
		if both := r.h.Cell(cells, ColRepresentativeAndTitle); both != "" && a.Representative == "" && a.Title == "" {
			a.Representative, a.Title = SplitNameAndTitle(both)
		}
		if s := r.h.Cell(cells, ColWorkingGroups); s != "" {
			groups, unknown := domain.ParseWorkingGroups(s)
			a.WorkingGroups = groups
			for _, u := range unknown {
				r.issue(row, ColWorkingGroups, msgBadWorkingGroups, u)
			}
		}
		for _, c := range extra {
			if c.Index < len(cells) {
				if text := strings.TrimSpace(cells[c.Index]); text != "" {
					a.Answers = append(a.Answers, domain.Answer{Question: strings.TrimSpace(c.Text), Text: text})
				}
			}
		}
		apps = append(apps, a)
		r.layout.Rows = append(r.layout.Rows, row)
	}
	return apps, r.layout, r.issues, nil
}

// SplitNameAndTitle splits a "Representative name and title" answer into
// the name and the title: at the last ", ", " - ", " – " or " — " ("Ana
// Ruiz, Executive Director"); with none of them it is all name.
func SplitNameAndTitle(s string) (name, title string) {
	s = strings.TrimSpace(s)
	cut, size := -1, 0
	for _, sep := range []string{", ", " - ", " – ", " — ", " / "} {
		if i := strings.LastIndex(s, sep); i > cut {
			cut, size = i, len(sep)
		}
	}
	if cut <= 0 {
		return s, ""
	}
	return strings.TrimSpace(s[:cut]), strings.TrimSpace(s[cut+size:])
}

// allBlank reports whether every row is blank.
func allBlank(rows [][]string) bool {
	for _, r := range rows {
		if !blankRow(r) {
			return false
		}
	}
	return true
}

// ParseApprovals reads the Approval requests tab: Requested at, What, Link,
// Requested by and Responses (one answer a line: see
// domain.ParseResponses), with the service's Deadline and Status beside
// them. No column is required; without Requested at no request gets a
// deadline (one issue says so). A row whose cells outside the service's
// columns are all blank is skipped. A Requested at that is blank or cannot
// be read, and a Responses line that says neither Approved nor Objected, are
// reported; the row is still read (with no deadline, or without that line).
func ParseApprovals(grid [][]string) ([]domain.ApprovalRequest, *TabLayout, []domain.Issue, error) {
	r := newTabReader(TabApprovalRequests, grid)
	hasAt := r.h.Has(ColRequestedAt)
	if !hasAt && len(grid) > 1 && !allBlank(grid[1:]) {
		r.issue(1, ColRequestedAt, msgNoRequestedAtColumn, ColRequestedAt)
	}
	var out []domain.ApprovalRequest
	for i := 1; i < len(grid); i++ {
		cells, row := grid[i], i+1
		if humanBlank(r.h, cells) {
			continue
		}
		q := domain.ApprovalRequest{Row: row,
			What:        r.h.Cell(cells, ColWhat),
			Link:        r.h.Cell(cells, ColLink),
			RequestedBy: r.h.Cell(cells, ColRequestedBy),
		}
		if hasAt {
			if s := r.h.Cell(cells, ColRequestedAt); s == "" {
				r.issue(row, ColRequestedAt, msgRequestedAtMissing)
			} else if dt, err := domain.ReadDateTime(s); err != nil {
				r.issue(row, ColRequestedAt, msgBadRequestedAt, s, domain.DateHint(err))
			} else {
				q.RequestedAt = dt
			}
		}
		responses, unread := domain.ParseResponses(r.h.Cell(cells, ColResponses))
		q.Responses = responses
		for _, line := range unread {
			r.issue(row, ColResponses, msgBadResponse, line)
		}
		out = append(out, q)
		r.layout.Rows = append(r.layout.Rows, row)
	}
	return out, r.layout, r.issues, nil
}
