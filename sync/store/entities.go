package store

import (
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
)

// Member is what the store keeps about one member: the Members tab's fields
// (domain.Member; Row is not stored), what the rules said about it, and its
// history marks. On Save, Missing and the times are set by the store: values
// passed in are ignored.
type Member struct {
	domain.Member
	UnexcusedAbsences int
	Flags             []domain.Flag // current flags, as the rules raised them

	Missing      bool      // no longer on the sheet; its history is kept
	MissingSince time.Time // when it was marked missing (zero unless Missing)
	FirstSeen    time.Time // when the store first saved it
	LastSeen     time.Time // the last save that found it on the sheet and changed it
}

// Meeting is one full-coalition meeting: the quorum numbers the rules
// computed and the attendance recorded, by member ID.
type Meeting struct {
	Date            domain.Date
	Cancelled       bool
	DateOverride    domain.Date // the date people moved it to, if any
	CalendarEventID string
	AgendaLink      string
	NotesLink       string
	VotingMembers   int
	Present         int
	QuorumNeeded    int
	Quorum          bool
	Recorded        bool
	Attendance      map[string]domain.Code // member ID → code; Unrecorded cells are not stored

	Missing      bool
	MissingSince time.Time
}

// Vote is one row of the Votes tab and its result. ID is derived from the
// meeting, motion, kind and subject when empty (see VoteID).
type Vote struct {
	ID string
	domain.Vote
	Valid  bool
	Passed bool
	Result string // the sentence written to the sheet

	Missing      bool
	MissingSince time.Time
}

// FlagEvent is one entry of a flag's history.
type FlagEvent struct {
	Event  string // FlagRaised or FlagCleared
	At     time.Time
	Dates  []domain.Date // what supported the flag when raised
	Source string
}

// The flag events.
const (
	FlagRaised  = "raised"
	FlagCleared = "cleared"
)

// FlagRecord is the history of one kind of flag on one member. The store
// writes it whenever a member's flags change.
type FlagRecord struct {
	MemberID string
	Kind     domain.FlagKind
	Active   bool
	History  []FlagEvent // oldest first
}

// WatchChannel is a push-notification channel the service opened.
type WatchChannel struct {
	ID         string
	ResourceID string
	FileID     string
	Expiration time.Time
}

// GrantedPermission is a Drive permission the service granted.
type GrantedPermission struct {
	FileID       string
	PermissionID string
	MemberID     string
	Role         string
}

// MeetingEvent is one calendar event the service made for a meeting, with
// what each run needs without loading the event records: its links, who
// declined it, and the N the run wrote from declines.
type MeetingEvent struct {
	// Key is the scheduled fourth Monday, the meeting's identity; Date is
	// the day it is held (another one when moved).
	Key, Date domain.Date
	// Part is 0, or the event's number past Calendar's guest cap.
	Part      int
	EventID   string
	Link      string // the event in Google Calendar
	MeetLink  string // the video meeting
	Cancelled bool
	// Declined are the invited addresses that declined this event before
	// the meeting started (lower case).
	Declined []string
	// FilledN (part 0 only) are the members whose blank Attendance cell
	// the service set to N because all their invited addresses declined;
	// an ID written "!M-0001" is a cell a person changed since, never
	// touched again.
	FilledN []string
}

// AgendaDoc is a meeting's agenda Doc as the service last wrote it (the
// agenda adapter's record, kept here field for field).
type AgendaDoc struct {
	FileID   string
	Link     string
	Version  int64
	Modified string
	Hash     string
	Items    []string
	Edited   bool
	EditedBy string
}

// AgendaRecord is one meeting's agenda: its Doc, whether it is attached to
// the meeting's event, and, once a person edited it, the items added since
// (in words) that people should add by hand.
type AgendaRecord struct {
	Meeting  domain.Date
	Doc      AgendaDoc
	Attached bool
	Added    []string
}

// SyncState is what makes each run incremental and what the service itself
// created or granted, so that it only ever undoes its own work.
type SyncState struct {
	SpreadsheetID      string
	SpreadsheetVersion int64  // Drive's version of the spreadsheet last read
	ContentHash        string // hash of the content last read
	DirectoryID        string // the member directory spreadsheet
	Channels           []WatchChannel
	// GrantedPermissions is the record of the Drive permissions the
	// service granted. It is stored in documents of its own, not in the
	// sync state's (see Coalition.LoadGrants): LoadSyncState leaves it
	// nil, and Snapshot.Sync holds it only after LoadGrants read it into
	// the snapshot. A save writes it when it changed; when it was not
	// loaded, an empty one leaves the stored record as it is.
	GrantedPermissions []GrantedPermission

	// EvaluatedAsOf is the day the rules were last evaluated for: results
	// move with the date (a meeting becomes held), so a new day re-reads.
	EvaluatedAsOf domain.Date
	// SettingsHash identifies the policy and language last applied.
	SettingsHash string
	// DirectoryHash fingerprints the member directory last written, and
	// DirectoryRows is how many rows it had, so a sync rewrites it only when
	// it changed and blanks rows that are gone, without reading it.
	DirectoryHash string
	DirectoryRows int
	// SharingKey identifies who should be able to read the member
	// directory, as last shared: a sync calls Drive only when it changes.
	SharingKey string
	// SharingRefused is the member directory Drive did not let the service
	// share (see drive.ErrCannotShare): it is not tried again, and each
	// run says so in the Sync issues tab, until the directory changes.
	SharingRefused string

	// CalendarID is the calendar the meeting events were last made on.
	CalendarID string
	// CalendarKey fingerprints the meetings as last made on the calendar
	// (times, titles, guests, cancellations): a sync reads the event
	// records and calls Calendar only when it changes.
	CalendarKey string
	// CalendarToken is Calendar's sync token for reading only the events
	// changed since the last read (guests' answers).
	CalendarToken string
	// Meetings are the upcoming meetings' events as the service made them,
	// with what each run needs without loading the event records: links,
	// declines, and the N it wrote from them.
	Meetings []MeetingEvent
	// CalendarRefused are the addresses Calendar refused as guests: each
	// run lists them in the Sync issues tab.
	CalendarRefused []string
	// InvitesRefused is the CalendarKey for which Calendar refused to
	// invite anyone because the account cannot (a plain service account):
	// not tried again until the meetings or guests change.
	InvitesRefused string
	// InvitesDay and InvitesSent count the emails Calendar was asked to
	// send on one day (the coalition's), against the daily budget; when
	// InvitesDeferred, the budget ran out that day and the rest waits for
	// the next.
	InvitesDay      domain.Date
	InvitesSent     int
	InvitesDeferred bool
	// AbsentTabs are the optional tabs (Applications, Approval requests)
	// the spreadsheet did not have at the last run.
	AbsentTabs []string
	// ApplicationHighest is the highest Application number given;
	// AdmittedApplications are the applications whose member the service
	// appended to the Members tab (or found there), never appended again.
	ApplicationHighest   int
	AdmittedApplications []string
	// Agendas are the agendas of the meetings around today.
	Agendas []AgendaRecord

	// NextMemberNumber is the number the next allocated Member ID gets. It is
	// read-only here: AllocateMemberIDs moves it, Save ignores it.
	NextMemberNumber int

	// FolderID is the coalition's shared Drive folder (SHARED_FOLDER_ID)
	// as last shared; FolderSharingKey identifies who should have access
	// to it then (and with what role): a sync lists the folder's
	// permissions only when either changes. The key is not recorded while
	// the revocation guard holds revocations back, so that every run
	// plans again until a person confirms.
	FolderID         string
	FolderSharingKey string
	// FolderRefused is the folder Drive did not let the service share (see
	// drive.ErrCannotShare): it is not tried again, and each run says so in
	// the Sync issues tab, until SHARED_FOLDER_ID changes.
	FolderRefused string
	// FolderByHand is who has access to the folder that the service did
	// not give, as last listed: for the Dashboard. It names members by
	// Member ID only and counts everyone else, never holding an address.
	FolderByHand HandAccess
}

// HandAccess sums up the access to a file that people gave by hand (or
// that comes from the shared drive it is in): the members whose address
// has it, by Member ID, and how many others of each kind.
type HandAccess struct {
	// MemberIDs are the members (Active or not) whose Email or Alternates
	// hold an address with such access, sorted, each once.
	MemberIDs []string
	// People and Groups count the other people's and Google Groups'
	// addresses; Domains the whole domains; Anyone the links open to
	// anyone.
	People, Groups, Domains, Anyone int
}

// AuditEntry is one change recorded in the audit log: who changed what, when,
// from where. Contact details (email, phone, address, alternates) are never
// stored in clear: their Change says only that they changed.
type AuditEntry struct {
	ID       string
	At       time.Time
	Source   string // where the change came from: "sheet", "service", ...
	Actor    string // who, when known (never an email address in clear)
	Kind     string // the collection: "members", "meetings", ...
	EntityID string
	Action   string // one of the Action constants
	Changes  []Change
}

// The audit actions.
const (
	ActionCreated  = "created"
	ActionUpdated  = "updated"
	ActionMissing  = "marked missing"
	ActionReturned = "returned"
)

// Change is one field's change. For redacted fields Before and After are
// empty and Redacted is true.
type Change struct {
	Field    string
	Before   string
	After    string
	Redacted bool
}

// SyncRun is the report of one sync run.
type SyncRun struct {
	ID      string // set by SaveRun when empty
	Trigger string // "push", "schedule", "cli", ...
	Owner   string // the lease owner that ran it
	Started time.Time
	Ended   time.Time
	Outcome string         // as the sync engine names it: "applied" or "blocked" (runs that changed nothing are not recorded)
	Counts  map[string]int // what it did, by name
	Issues  []string       // plain-language problems found (never contact details)
	Error   string
}
