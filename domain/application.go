package domain

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Tab and column names the application rules mention in issues: the names
// setup gives the columns (a form's own header may say it longer, such as
// "Organization Name:").
const (
	TabApplications        = "Applications"
	TabVotes               = "Votes"
	ColumnOrganizationName = "Organization name"
	ColumnEmail            = "Email"
	ColumnSubject          = "Subject"
)

// Application is one row of the Applications tab: the answers to the
// coalition's application form, from a linked Google Form or typed by hand.
type Application struct {
	Row int    // sheet row number (header row is 1)
	ID  string // "A-0001" style, given by the service; may be empty before the first sync
	// Received is when the form was sent (the Timestamp column); zero when
	// blank or unreadable.
	Received DateTime
	// Name is the organization's name, or the person's for an individual.
	Name           string
	Type           MemberType // "" when not given: the form asks for an organization
	TaxStatus      string     // the form's "Status (c(6), c(4), c(3))"
	Sector         string
	Address        string
	Representative string
	Title          string
	Phone          string
	Email          string
	WorkingGroups  []WorkingGroup
	// Answers are the form's other questions, in column order: kept as
	// written, never interpreted.
	Answers []Answer
}

// Answer is one free-text question of the application form and what the
// applicant wrote.
type Answer struct {
	Question string
	Text     string
}

// ApplicationStatus is where an application stands.
type ApplicationStatus int

// The statuses of an application, in the order they come.
const (
	// ApplicationReceived: in the tab, not yet on an agenda (something
	// keeps it off: see ApplicationResult.Reason).
	ApplicationReceived ApplicationStatus = iota
	// ApplicationOnAgenda: on the agenda of ApplicationResult.Meeting.
	ApplicationOnAgenda
	// ApplicationAdmitted: an Admit vote about it passed validly at
	// ApplicationResult.Meeting.
	ApplicationAdmitted
	// ApplicationNotAdmitted: the Admit vote about it at
	// ApplicationResult.Meeting failed, or had no quorum.
	ApplicationNotAdmitted
)

// String returns the status as the check's JSON writes it: received,
// on_agenda, admitted or not_admitted.
func (s ApplicationStatus) String() string {
	switch s {
	case ApplicationReceived:
		return "received"
	case ApplicationOnAgenda:
		return "on_agenda"
	case ApplicationAdmitted:
		return "admitted"
	case ApplicationNotAdmitted:
		return "not_admitted"
	}
	return "ApplicationStatus(" + strconv.Itoa(int(s)) + ")"
}

// ApplicationResult is what the rules say about one application.
type ApplicationResult struct {
	Index  int // index into Coalition.Applications
	Row    int
	ID     string
	Name   string
	Status ApplicationStatus
	// Meeting is the meeting concerned: the one whose agenda it is on, or
	// where it was admitted or not; zero for ApplicationReceived.
	Meeting Date
	// Reason says why, in words: what keeps a received application off an
	// agenda, or the deciding vote's result (for an application on an
	// agenda: why the vote there does not count yet). Zero when there is
	// nothing to add.
	Reason Text
	// VoteRow is the Votes row that decided, 0 when none.
	VoteRow int
	// MemberIndex is the index in Coalition.Members of a member with the
	// same name (else the same email), -1 when none.
	MemberIndex int
	// Member is, for an admitted application with a name and no member
	// yet (MemberIndex -1), the member to add to the Members tab (without
	// a Member ID: the caller gives one). The Members row found by name or
	// email is only a help against adding it twice: a caller that appends
	// must also remember which Application IDs it appended.
	Member *Member
}

// Describe says the status in words for the Applications tab's Application
// status cell, such as "On the agenda of the Aug 24, 2026 meeting" or "Not
// admitted on Aug 24, 2026: Not valid: no quorum ...".
func (r ApplicationResult) Describe() Text {
	switch r.Status {
	case ApplicationOnAgenda:
		if r.Reason.Key != "" {
			return T("rules.application.on_agenda_note", r.Meeting, r.Reason)
		}
		return T("rules.application.on_agenda", r.Meeting)
	case ApplicationAdmitted:
		return T("rules.application.admitted", r.Meeting, r.Reason)
	case ApplicationNotAdmitted:
		return T("rules.application.not_admitted", r.Meeting, r.Reason)
	}
	if r.Reason.Key != "" {
		return T("rules.application.received_why", r.Reason)
	}
	return T("rules.application.received")
}

// AsMember returns the member an admitted application becomes: its
// answers, Status Active, Joined on the day it was admitted, and a voting
// member only when it named a working group (the commitments make a voting
// member). Type is Organization when the application does not say.
func (a Application) AsMember(joined Date) Member {
	t := a.Type
	if t == "" {
		t = TypeOrganization
	}
	return Member{
		Name:           a.Name,
		Type:           t,
		TaxStatus:      a.TaxStatus,
		Sector:         a.Sector,
		Representative: a.Representative,
		Title:          a.Title,
		Email:          a.Email,
		Phone:          a.Phone,
		Address:        a.Address,
		WorkingGroups:  append([]WorkingGroup(nil), a.WorkingGroups...),
		Status:         StatusActive,
		Voting:         len(a.WorkingGroups) > 0,
		Joined:         joined,
	}
}

// applicationIDPattern is the form of the IDs the service gives: A-0042.
var applicationIDPattern = regexp.MustCompile(`^[Aa]-(\d{4,9})$`)

// FormatApplicationID writes application number n as the service's
// Application ID: A-0001.
func FormatApplicationID(n int) string { return fmt.Sprintf("A-%04d", n) }

// ApplicationNumber returns the number of an Application ID the service
// gives ("A-0042", any case, surrounding spaces ignored), and false for
// anything else.
func ApplicationNumber(id string) (int, bool) {
	m := applicationIDPattern.FindStringSubmatch(strings.TrimSpace(id))
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil && n > 0
}

// NewApplicationIDs returns each application's ID: the one it has (an ID
// of the service's form is written A-0042; any other text is kept as
// typed), else a new one. New numbers follow the highest number known:
// the larger of highest (what the service gave before, which people may
// have deleted since) and every number in apps; they are given in the
// order of apps. It returns the new highest number too, for the caller to
// keep.
func NewApplicationIDs(apps []Application, highest int) (ids []string, newHighest int) {
	newHighest = max(highest, 0)
	for _, a := range apps {
		if n, ok := ApplicationNumber(a.ID); ok {
			newHighest = max(newHighest, n)
		}
	}
	ids = make([]string, len(apps))
	for i, a := range apps {
		id := strings.TrimSpace(a.ID)
		switch n, ok := ApplicationNumber(id); {
		case ok:
			ids[i] = FormatApplicationID(n)
		case id != "":
			ids[i] = id
		default:
			newHighest++
			ids[i] = FormatApplicationID(newHighest)
		}
	}
	return ids, newHighest
}

// FindApplication returns the index in apps of the application subject
// names: the first whose ID matches (SameID), else the first whose name
// matches (SameName), else -1.
func FindApplication(apps []Application, subject string) int {
	subject = strings.TrimSpace(subject)
	if subject == "" {
		return -1
	}
	for i := range apps {
		if SameID(apps[i].ID, subject) {
			return i
		}
	}
	for i := range apps {
		if sameNormalized(apps[i].Name, subject) {
			return i
		}
	}
	return -1
}

// sameEmail reports whether two emails are the same address: equal ignoring
// case and surrounding spaces; a blank email matches nothing.
func sameEmail(a, b string) bool { return SameID(a, b) }

// findMemberOf returns the index of the member with the application's name,
// else its email, or -1.
func findMemberOf(members []Member, a *Application) int {
	if strings.TrimSpace(a.Name) != "" {
		for i := range members {
			if sameNormalized(members[i].Name, a.Name) {
				return i
			}
		}
	}
	for i := range members {
		if sameEmail(members[i].Email, a.Email) {
			return i
		}
	}
	return -1
}

// evaluateApplications decides every application's status from the Admit
// votes about it (votes, as evaluateVotes decided them; meetings are the
// held meetings' results) and the schedule, and reports what keeps an
// application off an agenda.
//
// An application not yet decided is on the agenda of the first meeting
// after the day it was received that is not over as of asOf: the next
// meeting strictly after its Timestamp's day (an application sent on a
// meeting's day goes to the following one), or, once that meeting has
// passed with no vote about it, the next meeting on or after asOf. With no
// Timestamp, the next meeting on or after asOf.
//
// The Admit votes that name it (by Application ID or organization name)
// decide: the earliest valid vote that passed admits it; with none, the
// latest vote decides: failed, or not valid for lack of quorum, is not
// admitted; not valid for another reason (attendance not recorded yet, the
// meeting not held yet, counts that do not add up) leaves it on the agenda
// of that vote's meeting, with the vote's reason.
func evaluateApplications(c *Coalition, votes []VoteResult, meetings []MeetingResult, asOf Date) ([]ApplicationResult, []Issue) {
	apps := c.Applications
	out := make([]ApplicationResult, len(apps))
	var issues []Issue
	byApp := make([][]int, len(apps)) // indexes into votes
	for k, v := range votes {
		if v.Kind == KindAdmit && v.ApplicationIndex >= 0 && v.ApplicationIndex < len(apps) {
			byApp[v.ApplicationIndex] = append(byApp[v.ApplicationIndex], k)
		}
	}
	quorumless := map[Date]bool{}
	for _, m := range meetings {
		if m.Recorded && !m.Quorum {
			quorumless[m.Date] = true
		}
	}
	for i := range apps {
		a := &apps[i]
		res := ApplicationResult{Index: i, Row: a.Row, ID: a.ID, Name: a.Name, MemberIndex: findMemberOf(c.Members, a)}

		// What keeps it off an agenda.
		var why Text
		name := strings.TrimSpace(a.Name)
		if name == "" {
			why = T("rules.application.why_no_name")
			issues = append(issues, Issue{Tab: TabApplications, Row: a.Row, Column: ColumnOrganizationName,
				Message: T("rules.application.issue_no_name")})
		}
		if strings.TrimSpace(a.Email) == "" {
			if why.Key == "" {
				why = T("rules.application.why_no_email")
			}
			issues = append(issues, Issue{Tab: TabApplications, Row: a.Row, Column: ColumnEmail,
				Message: T("rules.application.issue_no_email")})
		}
		for j := range i {
			b := &apps[j]
			switch {
			case name != "" && sameNormalized(b.Name, a.Name):
				issues = append(issues, Issue{Tab: TabApplications, Row: a.Row, Column: ColumnOrganizationName,
					Message: T("rules.application.issue_duplicate_name", b.Row)})
			case sameEmail(b.Email, a.Email):
				issues = append(issues, Issue{Tab: TabApplications, Row: a.Row, Column: ColumnEmail,
					Message: T("rules.application.issue_duplicate_email", b.Row)})
			default:
				continue
			}
			if why.Key == "" {
				why = T("rules.application.why_duplicate", b.Row)
			}
			break
		}

		decideApplication(&res, byApp[i], votes, quorumless)
		switch {
		case res.Status == ApplicationAdmitted:
			if name != "" && res.MemberIndex < 0 {
				m := a.AsMember(res.Meeting)
				res.Member = &m
			}
		case res.Status == ApplicationNotAdmitted:
		case res.MemberIndex >= 0 && c.Members[res.MemberIndex].Status == StatusActive && res.Status == ApplicationReceived:
			m := &c.Members[res.MemberIndex]
			issues = append(issues, Issue{Tab: TabApplications, Row: a.Row, Column: ColumnOrganizationName,
				Message: T("rules.application.issue_member", Excerpt(m.Name), m.Row)})
			res.Reason = T("rules.application.why_member", m.Row)
		case res.Status == ApplicationReceived && why.Key != "":
			res.Reason = why
		case res.Status == ApplicationReceived:
			from := a.Received.Date
			if !asOf.IsZero() && (from.IsZero() || from.Before(asOf.AddDays(-1))) {
				from = asOf.AddDays(-1)
			}
			if from.IsZero() {
				res.Reason = T("rules.application.why_no_date")
				break
			}
			res.Status = ApplicationOnAgenda
			res.Meeting = NextMeeting(from, c.Overrides)
		}
		out[i] = res
	}

	// An Admit vote that names neither a member nor an application.
	if len(apps) > 0 {
		for _, v := range votes {
			if v.Kind == KindAdmit && v.SubjectIndex < 0 && v.ApplicationIndex < 0 && strings.TrimSpace(v.Subject) != "" {
				issues = append(issues, Issue{Tab: TabVotes, Row: v.Row, Column: ColumnSubject,
					Message: T("rules.application.issue_unknown_subject", Excerpt(v.Subject))})
			}
		}
	}
	return out, issues
}

// decideApplication sets res's status from the Admit votes about it (ks,
// indexes into votes), leaving ApplicationReceived when there are none.
func decideApplication(res *ApplicationResult, ks []int, votes []VoteResult, quorumless map[Date]bool) {
	if len(ks) == 0 {
		return
	}
	admit, last := -1, -1
	for _, k := range ks {
		v := &votes[k]
		if v.Valid && v.Passed && (admit < 0 || v.Meeting.Before(votes[admit].Meeting)) {
			admit = k
		}
		if last < 0 || !v.Meeting.Before(votes[last].Meeting) {
			last = k
		}
	}
	k := last
	switch {
	case admit >= 0:
		k = admit
		res.Status = ApplicationAdmitted
	case votes[k].Valid, quorumless[votes[k].Meeting]:
		res.Status = ApplicationNotAdmitted
	default:
		res.Status = ApplicationOnAgenda
	}
	v := &votes[k]
	res.Meeting, res.Reason, res.VoteRow = v.Meeting, v.Reason, v.Row
}
