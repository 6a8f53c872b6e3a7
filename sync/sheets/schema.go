package sheets

import (
	"cmp"
	"slices"

	"github.com/coalitionsync/coalitionsync/domain"
)

// Tab names, exactly as setup creates them. Tabs are found by name ignoring
// case and extra spaces (see FindTab).
const (
	TabMembers          = "Members"
	TabMeetings         = "Meetings"
	TabAttendance       = "Attendance"
	TabVotes            = "Votes"
	TabApplications     = "Applications"
	TabApprovalRequests = "Approval requests"
	TabDashboard        = "Dashboard"
	TabSyncIssues       = "Sync issues"
)

// Column headers. A header cell matches a column when their texts are equal
// ignoring case and extra spaces (see NormalizeHeader). Several tabs share a
// column name (Name, Status, Date); the constant is the same.
const (
	// Members, edited by people.
	ColName           = "Name"
	ColType           = "Type"
	ColTaxStatus      = "Tax status"
	ColSector         = "Sector"
	ColRepresentative = "Representative"
	ColTitle          = "Title"
	ColPronouns       = "Pronouns"
	ColEmail          = "Email"
	ColPhone          = "Phone"
	ColAddress        = "Address"
	ColAlternates     = "Alternates"
	ColWorkingGroups  = "Working groups"
	ColCoreTeam       = "Core team"
	ColStatus         = "Status"
	ColVoting         = "Voting"
	ColJoined         = "Joined"
	ColLeft           = "Left"
	ColLastReview     = "Last review"
	ColShareContact   = "Share contact"
	ColLanguage       = "Language"
	ColContraryAction = "Contrary action"
	// Members, written by the service.
	ColMemberID          = "Member ID"
	ColUnexcusedAbsences = "Unexcused absences"
	ColFlags             = "Flags"
	ColLastSynced        = "Last synced"

	// Meetings.
	ColDate          = "Date"
	ColDateOverride  = "Date override"
	ColCancelled     = "Cancelled"
	ColNotesLink     = "Notes link"
	ColCalendarEvent = "Calendar event"
	ColAgenda        = "Agenda"
	ColVotingMembers = "Voting members"
	ColPresent       = "Present"
	ColQuorumNeeded  = "Quorum needed"
	ColQuorum        = "Quorum"

	// Votes.
	ColMeeting = "Meeting"
	ColMotion  = "Motion"
	ColKind    = "Kind"
	ColSubject = "Subject"
	ColYes     = "Yes"
	ColNo      = "No"
	ColAbstain = "Abstain"
	ColResult  = "Result"

	// Applications (the form's own questions are extra columns, kept as they are).
	ColTimestamp     = "Timestamp"
	ColApplicationID = "Application ID"

	// Approval requests.
	ColRequestedAt      = "Requested at"
	ColWhat             = "What"
	ColLink             = "Link"
	ColRequestedBy      = "Requested by"
	ColApprovedObjected = "Approved/Objected"
	ColDeadline         = "Deadline"

	// Sync issues, in English (the sync writes them in the coalition's
	// language: see OwnedHeader).
	ColTab     = "Tab"
	ColRow     = "Row"
	ColColumn  = "Column"
	ColProblem = "Problem and what to do"

	// Dashboard, in English (see OwnedHeader for every language).
	ColItem  = "What"
	ColValue = "Now"
)

// Column describes one known column of a tab.
type Column struct {
	Name string
	// Owned columns are written by the service only; people's edits there are
	// overwritten on the next sync. Every other column is never written.
	Owned bool
	// Required columns must be in the header row or the tab cannot be read.
	Required bool
}

// TabSchema is a tab's known columns in the order setup lays them out.
type TabSchema struct {
	Name    string
	Columns []Column
	// Owned is true when the service writes the whole tab (Dashboard, Sync issues).
	Owned bool
	// DateColumns is true for Attendance: every extra column whose header is a
	// date is a meeting. The service adds one column per meeting.
	DateColumns bool
}

func human(names ...string) []Column {
	out := make([]Column, len(names))
	for i, n := range names {
		out[i] = Column{Name: n}
	}
	return out
}

func owned(names ...string) []Column {
	out := make([]Column, len(names))
	for i, n := range names {
		out[i] = Column{Name: n, Owned: true}
	}
	return out
}

func required(names ...string) []Column {
	out := make([]Column, len(names))
	for i, n := range names {
		out[i] = Column{Name: n, Required: true}
	}
	return out
}

func cat(parts ...[]Column) []Column {
	var out []Column
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// Schema lists every tab of the coalition's spreadsheet (the README's
// "The spreadsheet" lists them for people), in the order setup creates them. Treat it as read-only.
var Schema = []TabSchema{
	{
		Name: TabMembers,
		Columns: cat(
			owned(ColMemberID),
			required(ColName),
			human(ColType, ColStatus, ColVoting, ColJoined, ColLeft, ColLastReview,
				ColWorkingGroups, ColCoreTeam, ColContraryAction),
			owned(ColUnexcusedAbsences, ColFlags),
			human(ColSector, ColTaxStatus, ColRepresentative, ColTitle, ColPronouns,
				ColEmail, ColPhone, ColAddress, ColAlternates, ColShareContact, ColLanguage),
			owned(ColLastSynced),
		),
	},
	{
		Name: TabMeetings,
		Columns: cat(
			[]Column{{Name: ColDate, Owned: true, Required: true}},
			human(ColDateOverride, ColCancelled),
			owned(ColCalendarEvent, ColAgenda, ColVotingMembers, ColPresent, ColQuorumNeeded, ColQuorum),
			human(ColNotesLink),
		),
	},
	{
		// Attendance needs Member ID or Name (at least one): neither is
		// marked Required here, ParseAttendance checks the pair.
		Name:        TabAttendance,
		Columns:     human(ColMemberID, ColName),
		DateColumns: true,
	},
	{
		Name: TabVotes,
		Columns: cat(
			required(ColMeeting),
			human(ColMotion),
			required(ColKind),
			human(ColSubject),
			required(ColYes, ColNo),
			human(ColAbstain),
			owned(ColResult),
		),
	},
	{
		Name: TabApplications,
		Columns: cat(
			owned(ColApplicationID),
			human(ColTimestamp, ColName, ColType, ColSector, ColEmail, ColPhone, ColWorkingGroups),
			owned(ColStatus),
		),
	},
	{
		Name: TabApprovalRequests,
		Columns: cat(
			human(ColRequestedAt, ColWhat, ColLink, ColRequestedBy, ColApprovedObjected),
			owned(ColDeadline, ColStatus),
		),
	},
	{
		Name:    TabDashboard,
		Columns: owned(ColItem, ColValue),
		Owned:   true,
	},
	{
		Name:    TabSyncIssues,
		Columns: owned(ColTab, ColRow, ColColumn, ColProblem),
		Owned:   true,
	},
}

// SchemaFor returns the schema of the tab named name (ignoring case and extra
// spaces).
func SchemaFor(name string) (TabSchema, bool) {
	n := NormalizeHeader(name)
	for _, s := range Schema {
		if NormalizeHeader(s.Name) == n {
			return s, true
		}
	}
	return TabSchema{}, false
}

// Headers returns the tab's header row in setup's default order.
func (s TabSchema) Headers() []string {
	out := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		out[i] = c.Name
	}
	return out
}

// Column returns the known column named name (ignoring case and extra spaces).
func (s TabSchema) Column(name string) (Column, bool) {
	n := NormalizeHeader(name)
	for _, c := range s.Columns {
		if NormalizeHeader(c.Name) == n {
			return c, true
		}
	}
	return Column{}, false
}

// IsOwned reports whether the service writes column name of this tab.
func (s TabSchema) IsOwned(name string) bool {
	if s.Owned {
		return true
	}
	c, ok := s.Column(name)
	return ok && c.Owned
}

// TabOrder is the place of a tab in Schema (setup's order), matching names
// ignoring case and extra spaces; tabs not in the contract come last.
func TabOrder(tab string) int {
	for i, t := range Schema {
		if NormalizeHeader(t.Name) == NormalizeHeader(tab) {
			return i
		}
	}
	return len(Schema)
}

// SortIssues orders issues as people read the spreadsheet: by tab in
// Schema's order, then by row; issues of one row keep their order.
func SortIssues(is []domain.Issue) {
	slices.SortStableFunc(is, func(a, b domain.Issue) int {
		return cmp.Or(cmp.Compare(TabOrder(a.Tab), TabOrder(b.Tab)), cmp.Compare(a.Row, b.Row))
	})
}
