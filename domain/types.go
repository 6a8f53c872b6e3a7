// Package domain provides the coalition's rules as pure Go: members, meetings,
// attendance, votes, the policy knobs and the evaluation report.
//
// Nothing here does I/O, reads the clock or knows about Google: dates are passed
// in, and the adapters in sync/ turn sheets and documents into these types.
package domain

import "time"

// Status is where a member stands in the coalition.
type Status int

// The member statuses the Members tab accepts.
const (
	StatusUnknown   Status = iota // blank or not understood
	StatusApplicant               // applied, not yet voted in
	StatusActive                  // a member
	StatusRemoved                 // removed by a vote
	StatusWithdrawn               // left on its own
)

// MemberType tells an organization from an individual.
type MemberType string

// The member types the Members tab accepts.
const (
	TypeOrganization MemberType = "Organization"
	TypeIndividual   MemberType = "Individual"
)

// WorkingGroup is one of the coalition's working groups.
type WorkingGroup string

// The coalition's three working groups.
const (
	Legislative    WorkingGroup = "Legislative"
	Communications WorkingGroup = "Communications"
	BaseBuilding   WorkingGroup = "Base building"
)

// WorkingGroups lists every working group in the order people see them.
var WorkingGroups = []WorkingGroup{Legislative, Communications, BaseBuilding}

// Member is one row of the Members tab: an organization or an individual.
// Each member counts once, however many people it sends.
type Member struct {
	ID             string // stable service-assigned ID such as "M-0042"; may be empty before the first sync
	Row            int    // sheet row number (header row is 1); 0 when not from a sheet
	Name           string
	Type           MemberType
	TaxStatus      string
	Sector         string // perspective: immigrant rights, grassroots, education, ...
	Representative string
	Title          string
	Pronouns       string
	Email          string
	Phone          string
	Address        string
	Alternates     string
	WorkingGroups  []WorkingGroup
	CoreTeam       bool
	Status         Status
	Voting         bool // voted in (column Voting = Yes)
	Joined         Date // zero when blank
	Left           Date // zero when blank
	LastReview     Date // zero when blank
	ShareContact   bool // consented to share contact info with other members
	Language       string
	ContraryAction string // any text = reported for acting contrary to the coalition's direction
}

// Code is one attendance cell: P, N, A or blank.
type Code uint8

// The attendance codes.
const (
	Unrecorded Code = iota // blank or not understood: never counted
	Present                // P
	Notified               // N: absent, notified the facilitator
	Absent                 // A: absent without notification
)

// VoteKind tells what a vote decides.
type VoteKind int

// The kinds of vote.
const (
	KindUnknown VoteKind = iota
	KindAdmit            // admit a member: quorum and more Yes than No
	KindRemove           // remove a member: quorum and unanimous
	KindOther            // other motions: quorum and more Yes than No
)

// Vote is one row of the Votes tab.
type Vote struct {
	Row     int // sheet row number
	Meeting Date
	Motion  string
	Kind    VoteKind
	Subject string // member ID or name, for Admit and Remove
	Yes     int
	No      int
	Abstain int
}

// Coalition is everything the rules look at, as read from the sheets.
type Coalition struct {
	Members []Member
	// Meetings are the held full-coalition meeting dates that have an
	// attendance column, ascending and distinct.
	Meetings []Date
	// Attendance[i][j] is the code of Members[i] at Meetings[j]. A row may be
	// nil or shorter than Meetings: missing cells are Unrecorded.
	Attendance [][]Code
	Votes      []Vote
	// Overrides are the Meetings tab's cancelled and moved meetings; they
	// decide Report.NextMeeting.
	Overrides []MeetingOverride
	// Applications are the Applications tab's rows, in sheet order: Admit
	// votes may name them, and Evaluate decides each one's status.
	Applications []Application
}

// Policy holds the coalition's knobs. DefaultPolicy gives the written rules.
type Policy struct {
	// AbsenceThreshold is how many unnotified absences flag a removal review.
	AbsenceThreshold int
	// ConsecutiveOnly counts only an unbroken run of unnotified absences.
	ConsecutiveOnly bool
	// TimeZone is the coalition's IANA time zone, such as "America/Chicago".
	TimeZone string
	// MeetingStart is the meeting's local start time as "15:04".
	MeetingStart string
	// MeetingLength is how long a meeting lasts.
	MeetingLength time.Duration
}

// DefaultPolicy returns the coalition's written rules: three unnotified
// absences, counted whether or not in a row, meetings at 6 pm Central for 90 minutes.
func DefaultPolicy() Policy {
	return Policy{
		AbsenceThreshold: 3,
		ConsecutiveOnly:  false,
		TimeZone:         "America/Chicago",
		MeetingStart:     "18:00",
		MeetingLength:    90 * time.Minute,
	}
}

// FlagKind names a reason a member needs the coalition's attention.
type FlagKind string

// The flags the rules raise (Active members only).
const (
	FlagRemovalReviewDue     FlagKind = "removal_review_due"
	FlagNoWorkingGroup       FlagKind = "no_working_group"
	FlagContraryActionReview FlagKind = "contrary_action_review"
)

// Flag is one reason a member needs attention, with what supports it.
type Flag struct {
	Kind  FlagKind
	Dates []Date // for removal review: the meetings missed without notice
}

// Issue is a problem found in what people typed, in plain words. Row is the
// sheet row number (header row is 1); 0 means the whole tab.
type Issue struct {
	Tab     string
	Row     int
	Column  string
	Message Text
}

// MeetingResult is the quorum of one held meeting.
type MeetingResult struct {
	Date          Date
	VotingMembers int  // N: voting members on the meeting's date
	Present       int  // P: of those, how many were present
	QuorumNeeded  int  // ceil(2N/3)
	Quorum        bool // Recorded and N > 0 and Present >= QuorumNeeded
	Recorded      bool // any member's cell holds a valid code
}

// MemberResult is what the rules say about one member.
type MemberResult struct {
	Index             int // index into Coalition.Members
	ID                string
	Name              string
	Row               int
	Status            Status
	Voting            bool
	UnexcusedAbsences int
	Flags             []Flag
}

// VoteResult is whether a vote counted and passed, and why.
type VoteResult struct {
	Row     int
	Meeting Date
	Kind    VoteKind
	Subject string
	// SubjectIndex is the index in Coalition.Members of the member an Admit
	// or Remove vote is about, or -1 when none matches (or for other kinds).
	SubjectIndex int
	// ApplicationIndex is the index in Coalition.Applications of the
	// application an Admit vote names (by Application ID, else by name; see
	// FindApplication), or -1 when none (or for other kinds).
	ApplicationIndex int
	Eligible         int // present voting members who could vote
	Valid            bool
	Passed           bool
	Reason           Text
}

// Report is the evaluation of a coalition as of a date.
type Report struct {
	AsOf        Date
	NextMeeting Date // the next scheduled full-coalition meeting after AsOf
	// NextVotingMembers is how many members will be voting members at
	// NextMeeting (see VotingOn), and NextQuorumNeeded how many of them must
	// come for quorum; both 0 when NextMeeting is blank.
	NextVotingMembers int
	NextQuorumNeeded  int
	// MissingPerspectives are the perspectives no Active member brings.
	MissingPerspectives []Perspective
	Meetings            []MeetingResult
	Members             []MemberResult
	Votes               []VoteResult
	// Applications are the applications' statuses, one per
	// Coalition.Applications entry, in the same order.
	Applications []ApplicationResult
	Issues       []Issue
}
