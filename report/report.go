// Package report provides the check report: the rules' evaluation of a
// coalition written for people (WriteText) and as the JSON contract of
// `coalition check --format json` (Build, WriteJSON), in English or Spanish.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
)

// Check is what a report is written from.
type Check struct {
	// Coalition is what was evaluated; the text report takes vote motions
	// from it.
	Coalition domain.Coalition
	// Report is domain.Evaluate's result.
	Report domain.Report
	// Issues are every problem found, in the sheets and by the rules (see
	// MergeIssues).
	Issues []domain.Issue
	// ApplicationsRead is true when the Applications tab was read: the
	// report then lists Report.Applications (even none).
	ApplicationsRead bool
	// ApprovalsRead is true when the Approval requests tab was read: the
	// report then lists Approvals, the statuses of Requests (same order).
	ApprovalsRead bool
	Requests      []domain.ApprovalRequest
	Approvals     []domain.ApprovalResult
}

// Document is the JSON contract of `coalition check --format json`. Dates are
// YYYY-MM-DD ("" when blank); lists are never null.
type Document struct {
	AsOf        string    `json:"as_of"`
	NextMeeting string    `json:"next_meeting"`
	Meetings    []Meeting `json:"meetings"`
	Members     []Member  `json:"members"`
	Votes       []Vote    `json:"votes"`
	Issues      []Issue   `json:"issues"`
	// Applications and Approvals are there only when their tab was given
	// (then a list, never null).
	Applications *[]Application `json:"applications,omitempty"`
	Approvals    *[]Approval    `json:"approvals,omitempty"`
}

// Application is one application's status: received, on_agenda, admitted
// or not_admitted, and the YYYY-MM-DD of the meeting concerned (the one
// whose agenda it is on, or where it was decided; "" when none). ID is ""
// before the service gives one.
type Application struct {
	Row     int    `json:"row"`
	ID      string `json:"id"`
	Name    string `json:"name"`
	Status  string `json:"status"`
	Meeting string `json:"meeting"`
}

// Approval is one approval request's status: waiting, approved, objected
// or overdue, and its deadline as YYYY-MM-DDTHH:MM on the coalition's
// clock ("" when Requested at is blank or unreadable).
type Approval struct {
	Row      int    `json:"row"`
	Status   string `json:"status"`
	Deadline string `json:"deadline"`
}

// DeadlineLayout is how the JSON writes a deadline: YYYY-MM-DDTHH:MM in the
// coalition's time zone.
const DeadlineLayout = "2006-01-02T15:04"

// Meeting is one held meeting's quorum.
type Meeting struct {
	Date          string `json:"date"`
	VotingMembers int    `json:"voting_members"`
	Present       int    `json:"present"`
	QuorumNeeded  int    `json:"quorum_needed"`
	Quorum        bool   `json:"quorum"`
	Recorded      bool   `json:"recorded"`
}

// Member is one member's standing. Status is a lower-case word: applicant,
// active, removed, withdrawn or unknown. Flags are flag kinds such as
// "removal_review_due".
type Member struct {
	ID                string   `json:"id"`
	Name              string   `json:"name"`
	Status            string   `json:"status"`
	Voting            bool     `json:"voting"`
	UnexcusedAbsences int      `json:"unexcused_absences"`
	Flags             []string `json:"flags"`
}

// Vote is one vote's result. Kind is admit, remove, other or unknown; Reason
// is plain text in the report's language.
type Vote struct {
	Row     int    `json:"row"`
	Meeting string `json:"meeting"`
	Kind    string `json:"kind"`
	Subject string `json:"subject"`
	Valid   bool   `json:"valid"`
	Passed  bool   `json:"passed"`
	Reason  string `json:"reason"`
}

// Issue is one problem in the sheets, in the report's language. Row is the
// sheet row (header row is 1), 0 for the whole tab.
type Issue struct {
	Tab     string `json:"tab"`
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// statusWord returns the JSON word for a status.
func statusWord(s domain.Status) string {
	if w := strings.ToLower(s.String()); w != "" && !strings.HasPrefix(w, "status(") {
		return w
	}
	return "unknown"
}

// kindWord returns the JSON word for a kind of vote.
func kindWord(k domain.VoteKind) string {
	if w := strings.ToLower(k.String()); w != "" && !strings.HasPrefix(w, "votekind(") {
		return w
	}
	return "unknown"
}

// Build turns a check into the JSON contract, with texts in lang.
func Build(c Check, lang domain.Lang) Document {
	r := c.Report
	d := Document{
		AsOf:        r.AsOf.String(),
		NextMeeting: r.NextMeeting.String(),
		Meetings:    make([]Meeting, 0, len(r.Meetings)),
		Members:     make([]Member, 0, len(r.Members)),
		Votes:       make([]Vote, 0, len(r.Votes)),
		Issues:      make([]Issue, 0, len(c.Issues)),
	}
	for _, m := range r.Meetings {
		d.Meetings = append(d.Meetings, Meeting{Date: m.Date.String(), VotingMembers: m.VotingMembers,
			Present: m.Present, QuorumNeeded: m.QuorumNeeded, Quorum: m.Quorum, Recorded: m.Recorded})
	}
	for _, m := range r.Members {
		flags := make([]string, 0, len(m.Flags))
		for _, f := range m.Flags {
			flags = append(flags, string(f.Kind))
		}
		d.Members = append(d.Members, Member{ID: m.ID, Name: m.Name, Status: statusWord(m.Status),
			Voting: m.Voting, UnexcusedAbsences: m.UnexcusedAbsences, Flags: flags})
	}
	for _, v := range r.Votes {
		d.Votes = append(d.Votes, Vote{Row: v.Row, Meeting: v.Meeting.String(), Kind: kindWord(v.Kind),
			Subject: v.Subject, Valid: v.Valid, Passed: v.Passed, Reason: v.Reason.In(lang)})
	}
	for _, is := range c.Issues {
		d.Issues = append(d.Issues, Issue{Tab: is.Tab, Row: is.Row, Column: is.Column, Message: is.Message.In(lang)})
	}
	if c.ApplicationsRead {
		apps := make([]Application, 0, len(r.Applications))
		for _, a := range r.Applications {
			apps = append(apps, Application{Row: a.Row, ID: a.ID, Name: a.Name, Status: a.Status.String(), Meeting: a.Meeting.String()})
		}
		d.Applications = &apps
	}
	if c.ApprovalsRead {
		approvals := make([]Approval, 0, len(c.Approvals))
		for _, a := range c.Approvals {
			deadline := ""
			if !a.Deadline.IsZero() {
				deadline = a.Deadline.Format(DeadlineLayout)
			}
			approvals = append(approvals, Approval{Row: a.Row, Status: a.Status.String(), Deadline: deadline})
		}
		d.Approvals = &approvals
	}
	return d
}

// WriteJSON writes the check as the JSON contract, indented, in lang.
func WriteJSON(w io.Writer, c Check, lang domain.Lang) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(Build(c, lang)); err != nil {
		return fmt.Errorf("write JSON report: %w", err)
	}
	return nil
}

// MergeIssues returns the codec's and the rules' issues in one list, ordered
// by tab (in the spreadsheet's order) then row; issues on the same row keep
// the order they were found in.
func MergeIssues(lists ...[]domain.Issue) []domain.Issue {
	var out []domain.Issue
	for _, l := range lists {
		out = append(out, l...)
	}
	sheets.SortIssues(out)
	return out
}

// WriteText writes the check for people to read, in lang: the next meeting,
// the held meetings with quorum in words, the members who need attention
// with what supports each flag, every vote's result and why, and the
// problems to fix in the sheets, each with its tab, row and column.
func WriteText(w io.Writer, c Check, lang domain.Lang) error {
	var b strings.Builder
	r := c.Report
	t := func(key string, args ...any) string { return domain.T(key, args...).In(lang) }
	line := func(indent int, s string) {
		b.WriteString(strings.Repeat("  ", indent))
		b.WriteString(s)
		b.WriteByte('\n')
	}

	line(0, t(msgTitle, r.AsOf))
	if !r.NextMeeting.IsZero() {
		if r.NextMeeting.Weekday() == time.Monday {
			line(0, t(msgNextMeeting, r.NextMeeting))
		} else {
			line(0, t(msgNextMeetingMoved, r.NextMeeting))
		}
	}

	b.WriteByte('\n')
	line(0, t(msgMeetings, len(r.Meetings)))
	if len(r.Meetings) == 0 {
		line(1, t(msgNoMeetings))
	}
	for _, m := range r.Meetings {
		line(1, domain.FormatDate(m.Date, lang)+": "+m.Explain().In(lang))
	}

	var attention []domain.MemberResult
	for _, m := range r.Members {
		if len(m.Flags) > 0 {
			attention = append(attention, m)
		}
	}
	b.WriteByte('\n')
	line(0, t(msgAttention, len(attention)))
	if len(attention) == 0 {
		line(1, t(msgNoAttention))
	}
	for _, m := range attention {
		id := m.ID
		if id == "" {
			id = t(msgNoId)
		}
		voting := t(msgNotVoting)
		if m.Voting {
			voting = t(msgVoting)
		}
		line(1, t(msgMemberLine, m.Name, id, m.Status.Label(lang)+", "+voting, m.UnexcusedAbsences))
		for _, f := range m.Flags {
			s := f.Label(lang)
			if d := f.Detail(lang); d != "" {
				s += ": " + d
			}
			line(2, "- "+s)
		}
	}

	motions := map[int]string{}
	for _, v := range c.Coalition.Votes {
		motions[v.Row] = v.Motion
	}
	b.WriteByte('\n')
	line(0, t(msgVotes, len(r.Votes)))
	if len(r.Votes) == 0 {
		line(1, t(msgNoVotes))
	}
	for _, v := range r.Votes {
		what := v.Kind.Label(lang)
		switch {
		case motions[v.Row] != "":
			what += fmt.Sprintf(" %q", motions[v.Row])
		case v.Subject != "":
			what += " " + v.Subject
		}
		line(1, t(msgVoteLine, v.Row, v.Meeting, what, v.Reason.In(lang)))
	}

	if c.ApplicationsRead {
		b.WriteByte('\n')
		line(0, t(msgApplications, len(r.Applications)))
		if len(r.Applications) == 0 {
			line(1, t(msgNoApplications))
		}
		for _, a := range r.Applications {
			name := a.Name
			if a.ID != "" {
				name += " (" + a.ID + ")"
			}
			line(1, t(msgApplicationLine, a.Row, name, a.Describe()))
		}
	}
	if c.ApprovalsRead {
		what := map[int]string{}
		for _, q := range c.Requests {
			what[q.Row] = q.What
		}
		b.WriteByte('\n')
		line(0, t(msgApprovals, len(c.Approvals)))
		if len(c.Approvals) == 0 {
			line(1, t(msgNoApprovals))
		}
		for _, a := range c.Approvals {
			s := a.Describe().In(lang)
			if !a.Deadline.IsZero() && a.Status != domain.ApprovalOverdue {
				s += " " + t(msgDeadline, domain.FormatDateTime(a.Deadline, lang))
			}
			line(1, t(msgApprovalLine, a.Row, domain.Excerpt(what[a.Row]), s))
		}
	}

	b.WriteByte('\n')
	line(0, t(msgIssues, len(c.Issues)))
	if len(c.Issues) == 0 {
		line(1, t(msgNoIssues))
	}
	for _, is := range c.Issues {
		msg := is.Message.In(lang)
		switch {
		case is.Row == 0:
			line(1, t(msgIssueTab, is.Tab, msg))
		case is.Column == "":
			line(1, t(msgIssueRow, is.Tab, is.Row, msg))
		default:
			line(1, t(msgIssueCell, is.Tab, is.Row, is.Column, msg))
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
