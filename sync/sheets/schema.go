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

	// Applications, answered by a linked Google Form or typed by hand (the
	// form's other questions are extra columns, kept as they are), then
	// the service's Application ID and Application status. Also Type,
	// Tax status, Sector, Representative, Title, Email, Phone, Address and
	// Working groups, named as in Members. "Application status" is not
	// plain "Status": the form asks "Status (c(6), c(4), c(3))", which is
	// the tax status.
	ColTimestamp              = "Timestamp"
	ColOrganizationName       = "Organization name"
	ColRepresentativeAndTitle = "Representative name and title"
	ColApplicationID          = "Application ID"
	ColApplicationStatus      = "Application status"

	// Approval requests.
	ColRequestedAt = "Requested at"
	ColWhat        = "What"
	ColLink        = "Link"
	ColRequestedBy = "Requested by"
	ColResponses   = "Responses"
	// ColApprovedObjected is the Responses column's first name, still read.
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
	// Aliases are other header texts the column goes by, compared as Name
	// is (only on tabs with FormHeaders).
	Aliases []string
	// Combines names the columns this one holds together in one cell, such
	// as a form's "Representative name and title". Setup never lays it
	// out (Headers and Missing leave it out), and when a header has it,
	// the columns it combines are not Missing.
	Combines []string
}

// Recognition is one way a tab recognises a form's long question as one of
// its columns: the header holds every one of Terms (see MatchesTerms).
type Recognition struct {
	Column string
	Terms  []string
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
	// FormHeaders is true for the tabs a Google Form may fill (Applications,
	// Approval requests), whose headers are the form's questions: a header
	// matches a column also by an alias or with a trailing ':', '?' or '*'
	// left out ("Email:"), and else by key words (Recognize).
	FormHeaders bool
	// Recognize lists, in order, the key words that recognise a question
	// as a column; the first that matches wins. Tried only for headers
	// that match no column by name or alias.
	Recognize []Recognition
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
			[]Column{
				{Name: ColTimestamp, Aliases: []string{"Marca temporal", "Received", "Date received"}},
				{Name: ColOrganizationName, Aliases: []string{ColName, "Organization", "Organisation", "Organization's name",
					"Name of organization", "Organización", "Nombre de la organización"}},
				{Name: ColType, Aliases: []string{"Tipo"}},
				{Name: ColTaxStatus, Aliases: []string{"Estatus fiscal"}},
				{Name: ColSector},
				{Name: ColRepresentative, Aliases: []string{"Representante"}},
				{Name: ColTitle, Aliases: []string{"Cargo"}},
				{Name: ColEmail, Aliases: []string{"Email address", "E-mail", "Correo", "Correo electrónico"}},
				{Name: ColPhone, Aliases: []string{"Phone number", "Teléfono"}},
				{Name: ColAddress, Aliases: []string{"Dirección"}},
				{Name: ColWorkingGroups, Aliases: []string{"Working group", "Grupo de trabajo", "Grupos de trabajo"}},
			},
			owned(ColApplicationStatus),
			[]Column{{Name: ColRepresentativeAndTitle, Combines: []string{ColRepresentative, ColTitle}}},
		),
		FormHeaders: true,
		Recognize: []Recognition{
			{ColRepresentativeAndTitle, []string{"representative", "title"}},
			{ColRepresentativeAndTitle, []string{"representante", "cargo"}},
			{ColRepresentativeAndTitle, []string{"representante", "titulo"}},
			{ColTimestamp, []string{"timestamp"}},
			{ColTimestamp, []string{"marca temporal"}},
			{ColTaxStatus, []string{"tax"}},
			{ColTaxStatus, []string{"501"}},
			{ColTaxStatus, []string{"c(3)"}},
			{ColTaxStatus, []string{"c(4)"}},
			{ColTaxStatus, []string{"c(6)"}},
			{ColTaxStatus, []string{"fiscal"}},
			{ColTaxStatus, []string{"impuesto"}},
			{ColEmail, []string{"email"}},
			{ColEmail, []string{"e-mail"}},
			{ColEmail, []string{"correo"}},
			{ColPhone, []string{"phone"}},
			{ColPhone, []string{"telefono"}},
			{ColPhone, []string{"celular"}},
			{ColRepresentative, []string{"representative"}},
			{ColRepresentative, []string{"representante"}},
			{ColWorkingGroups, []string{"working group"}},
			{ColWorkingGroups, []string{"grupo de trabajo"}},
			{ColWorkingGroups, []string{"grupos de trabajo"}},
			{ColOrganizationName, []string{"organi", "name"}},
			{ColOrganizationName, []string{"nombre", "organi"}},
			{ColOrganizationName, []string{"applicant", "name"}},
			{ColAddress, []string{"address"}},
			{ColAddress, []string{"direccion"}},
			{ColAddress, []string{"domicilio"}},
		},
	},
	{
		Name: TabApprovalRequests,
		Columns: cat(
			[]Column{
				{Name: ColRequestedAt, Aliases: []string{"Requested", "Requested on", "Date requested", "Timestamp", "Marca temporal", "Fecha de solicitud"}},
				{Name: ColWhat, Aliases: []string{"Request", "Solicitud"}},
				{Name: ColLink},
				{Name: ColRequestedBy, Aliases: []string{"Solicitado por"}},
				{Name: ColResponses, Aliases: []string{ColApprovedObjected, "Response", "Respuestas"}},
			},
			owned(ColDeadline, ColStatus),
		),
		FormHeaders: true,
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

// Headers returns the tab's header row in setup's default order (columns
// that combine others are left out: see Column.Combines).
func (s TabSchema) Headers() []string {
	out := make([]string, 0, len(s.Columns))
	for _, c := range s.Columns {
		if len(c.Combines) == 0 {
			out = append(out, c.Name)
		}
	}
	return out
}

// Column returns the known column named name (ignoring case and extra
// spaces), or that has name as an alias.
func (s TabSchema) Column(name string) (Column, bool) {
	n := NormalizeHeader(name)
	for _, c := range s.Columns {
		if NormalizeHeader(c.Name) == n {
			return c, true
		}
	}
	for _, c := range s.Columns {
		for _, a := range c.Aliases {
			if NormalizeHeader(a) == n {
				return c, true
			}
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
