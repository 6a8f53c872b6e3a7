package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/coalitionsync/coalitionsync/domain"
)

// Collections under coalitions/{coalitionID}.
const (
	collMembers  = "members"
	collMeetings = "meetings"
	collVotes    = "votes"
	collFlags    = "flags"
	collAudit    = "audit"
	collRuns     = "runs"
	collSync     = "sync" // docs: state, counters, lease
	docState     = "state"
	docCounters  = "counters"
	docLease     = "lease"
)

// entityDoc is the Firestore form of a saved entity. Its JSON encoding
// (meta fields tagged json:"-") is what the content hash covers, and what
// sameContent compares.
type entityDoc interface {
	missing() bool
	setMissing(missing bool, at time.Time)
	setHash(h string)
	getHash() string
	clone() entityDoc
}

// meta holds the fields every entity carries that are not part of its meaning.
type meta struct {
	IsMissing    bool      `firestore:"missing" json:"missing"`
	MissingSince time.Time `firestore:"missingSince,omitempty" json:"-"`
	Hash         string    `firestore:"hash" json:"-"`
}

func (m *meta) missing() bool { return m.IsMissing }
func (m *meta) setMissing(missing bool, at time.Time) {
	m.IsMissing = missing
	if !missing {
		m.MissingSince = time.Time{}
	} else if m.MissingSince.IsZero() {
		m.MissingSince = at
	}
}
func (m *meta) setHash(h string) { m.Hash = h }
func (m *meta) getHash() string  { return m.Hash }

// contentHash returns the hash of d's meaningful fields.
func contentHash(d any) string {
	b, err := json.Marshal(d)
	if err != nil {
		panic(fmt.Sprintf("store: hash %T: %v", d, err)) // plain data: cannot fail
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

type flagDoc struct {
	Kind  string   `firestore:"kind" json:"kind"`
	Dates []string `firestore:"dates" json:"dates"`
}

type memberDoc struct {
	Name              string    `firestore:"name" json:"name"`
	Type              string    `firestore:"type" json:"type"`
	TaxStatus         string    `firestore:"taxStatus" json:"taxStatus"`
	Sector            string    `firestore:"sector" json:"sector"`
	Representative    string    `firestore:"representative" json:"representative"`
	Title             string    `firestore:"title" json:"title"`
	Pronouns          string    `firestore:"pronouns" json:"pronouns"`
	Email             string    `firestore:"email" json:"email"`
	Phone             string    `firestore:"phone" json:"phone"`
	Address           string    `firestore:"address" json:"address"`
	Alternates        string    `firestore:"alternates" json:"alternates"`
	WorkingGroups     []string  `firestore:"workingGroups" json:"workingGroups"`
	CoreTeam          bool      `firestore:"coreTeam" json:"coreTeam"`
	Status            string    `firestore:"status" json:"status"`
	Voting            bool      `firestore:"voting" json:"voting"`
	Joined            string    `firestore:"joined" json:"joined"`
	Left              string    `firestore:"left" json:"left"`
	LastReview        string    `firestore:"lastReview" json:"lastReview"`
	ShareContact      bool      `firestore:"shareContact" json:"shareContact"`
	Language          string    `firestore:"language" json:"language"`
	ContraryAction    string    `firestore:"contraryAction" json:"contraryAction"`
	UnexcusedAbsences int       `firestore:"unexcusedAbsences" json:"unexcusedAbsences"`
	Flags             []flagDoc `firestore:"flags" json:"flags"`
	FirstSeen         time.Time `firestore:"firstSeen" json:"-"`
	LastSeen          time.Time `firestore:"lastSeen" json:"-"`
	meta
}

func (d *memberDoc) clone() entityDoc {
	c := *d
	return &c // slices are never mutated in place
}

var statusNames = map[domain.Status]string{
	domain.StatusUnknown:   "unknown",
	domain.StatusApplicant: "applicant",
	domain.StatusActive:    "active",
	domain.StatusRemoved:   "removed",
	domain.StatusWithdrawn: "withdrawn",
}

func statusName(s domain.Status) string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return "unknown"
}

func parseStatus(s string) domain.Status {
	for k, v := range statusNames {
		if v == s {
			return k
		}
	}
	return domain.StatusUnknown
}

var kindNames = map[domain.VoteKind]string{
	domain.KindUnknown: "unknown",
	domain.KindAdmit:   "admit",
	domain.KindRemove:  "remove",
	domain.KindOther:   "other",
}

func kindName(k domain.VoteKind) string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return "unknown"
}

func parseKind(s string) domain.VoteKind {
	for k, v := range kindNames {
		if v == s {
			return k
		}
	}
	return domain.KindUnknown
}

func codeString(c domain.Code) string {
	switch c {
	case domain.Present:
		return "P"
	case domain.Notified:
		return "N"
	case domain.Absent:
		return "A"
	}
	return ""
}

func parseCode(s string) domain.Code {
	switch s {
	case "P":
		return domain.Present
	case "N":
		return domain.Notified
	case "A":
		return domain.Absent
	}
	return domain.Unrecorded
}

func dateStrings(ds []domain.Date) []string {
	if len(ds) == 0 {
		return nil
	}
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	return out
}

func parseDates(ss []string) []domain.Date {
	if len(ss) == 0 {
		return nil
	}
	out := make([]domain.Date, 0, len(ss))
	for _, s := range ss {
		out = append(out, parseDate(s))
	}
	return out
}

// parseDate reads a date the store wrote; the store only writes valid dates
// or "", so a bad value (edited by hand in the console) reads as blank.
func parseDate(s string) domain.Date {
	if s == "" {
		return domain.Date{}
	}
	d, err := domain.ParseDate(s)
	if err != nil {
		return domain.Date{}
	}
	return d
}

func toMemberDoc(m Member) *memberDoc {
	d := &memberDoc{
		Name: m.Name, Type: string(m.Type), TaxStatus: m.TaxStatus, Sector: m.Sector,
		Representative: m.Representative, Title: m.Title, Pronouns: m.Pronouns,
		Email: m.Email, Phone: m.Phone, Address: m.Address, Alternates: m.Alternates,
		CoreTeam: m.CoreTeam, Status: statusName(m.Status), Voting: m.Voting,
		Joined: m.Joined.String(), Left: m.Left.String(), LastReview: m.LastReview.String(),
		ShareContact: m.ShareContact, Language: m.Language, ContraryAction: m.ContraryAction,
		UnexcusedAbsences: m.UnexcusedAbsences,
		FirstSeen:         m.FirstSeen, LastSeen: m.LastSeen,
	}
	for _, g := range m.WorkingGroups {
		d.WorkingGroups = append(d.WorkingGroups, string(g))
	}
	for _, f := range m.Flags {
		d.Flags = append(d.Flags, flagDoc{Kind: string(f.Kind), Dates: dateStrings(f.Dates)})
	}
	d.meta = meta{IsMissing: m.Missing, MissingSince: m.MissingSince}
	return d
}

func (d *memberDoc) member(id string) Member {
	m := Member{
		Member: domain.Member{
			ID: id, Name: d.Name, Type: domain.MemberType(d.Type), TaxStatus: d.TaxStatus,
			Sector: d.Sector, Representative: d.Representative, Title: d.Title,
			Pronouns: d.Pronouns, Email: d.Email, Phone: d.Phone, Address: d.Address,
			Alternates: d.Alternates, CoreTeam: d.CoreTeam, Status: parseStatus(d.Status),
			Voting: d.Voting, Joined: parseDate(d.Joined), Left: parseDate(d.Left),
			LastReview: parseDate(d.LastReview), ShareContact: d.ShareContact,
			Language: d.Language, ContraryAction: d.ContraryAction,
		},
		UnexcusedAbsences: d.UnexcusedAbsences,
		Missing:           d.IsMissing, MissingSince: d.MissingSince,
		FirstSeen: d.FirstSeen, LastSeen: d.LastSeen,
	}
	for _, g := range d.WorkingGroups {
		m.WorkingGroups = append(m.WorkingGroups, domain.WorkingGroup(g))
	}
	for _, f := range d.Flags {
		m.Flags = append(m.Flags, domain.Flag{Kind: domain.FlagKind(f.Kind), Dates: parseDates(f.Dates)})
	}
	return m
}

type meetingDoc struct {
	Date            string            `firestore:"date" json:"date"`
	Cancelled       bool              `firestore:"cancelled" json:"cancelled"`
	DateOverride    string            `firestore:"dateOverride" json:"dateOverride"`
	CalendarEventID string            `firestore:"calendarEventId" json:"calendarEventId"`
	AgendaLink      string            `firestore:"agendaLink" json:"agendaLink"`
	NotesLink       string            `firestore:"notesLink" json:"notesLink"`
	VotingMembers   int               `firestore:"votingMembers" json:"votingMembers"`
	Present         int               `firestore:"present" json:"present"`
	QuorumNeeded    int               `firestore:"quorumNeeded" json:"quorumNeeded"`
	Quorum          bool              `firestore:"quorum" json:"quorum"`
	Recorded        bool              `firestore:"recorded" json:"recorded"`
	Attendance      map[string]string `firestore:"attendance" json:"attendance"` // json sorts map keys: stable hash
	meta
}

func (d *meetingDoc) clone() entityDoc { c := *d; return &c }

func toMeetingDoc(m Meeting) *meetingDoc {
	d := &meetingDoc{
		Date: m.Date.String(), Cancelled: m.Cancelled, DateOverride: m.DateOverride.String(),
		CalendarEventID: m.CalendarEventID, AgendaLink: m.AgendaLink, NotesLink: m.NotesLink,
		VotingMembers: m.VotingMembers, Present: m.Present, QuorumNeeded: m.QuorumNeeded,
		Quorum: m.Quorum, Recorded: m.Recorded,
	}
	for id, c := range m.Attendance {
		if s := codeString(c); s != "" {
			if d.Attendance == nil {
				d.Attendance = make(map[string]string, len(m.Attendance))
			}
			d.Attendance[id] = s
		}
	}
	d.meta = meta{IsMissing: m.Missing, MissingSince: m.MissingSince}
	return d
}

func (d *meetingDoc) meeting() Meeting {
	m := Meeting{
		Date: parseDate(d.Date), Cancelled: d.Cancelled, DateOverride: parseDate(d.DateOverride),
		CalendarEventID: d.CalendarEventID, AgendaLink: d.AgendaLink, NotesLink: d.NotesLink,
		VotingMembers: d.VotingMembers, Present: d.Present, QuorumNeeded: d.QuorumNeeded,
		Quorum: d.Quorum, Recorded: d.Recorded,
		Missing: d.IsMissing, MissingSince: d.MissingSince,
	}
	if len(d.Attendance) > 0 {
		m.Attendance = make(map[string]domain.Code, len(d.Attendance))
		for id, s := range d.Attendance {
			m.Attendance[id] = parseCode(s)
		}
	}
	return m
}

type voteDoc struct {
	Meeting string `firestore:"meeting" json:"meeting"`
	Motion  string `firestore:"motion" json:"motion"`
	Kind    string `firestore:"kind" json:"kind"`
	Subject string `firestore:"subject" json:"subject"`
	Yes     int    `firestore:"yes" json:"yes"`
	No      int    `firestore:"no" json:"no"`
	Abstain int    `firestore:"abstain" json:"abstain"`
	Valid   bool   `firestore:"valid" json:"valid"`
	Passed  bool   `firestore:"passed" json:"passed"`
	Result  string `firestore:"result" json:"result"`
	meta
}

func (d *voteDoc) clone() entityDoc { c := *d; return &c }

func toVoteDoc(v Vote) *voteDoc {
	return &voteDoc{
		Meeting: v.Meeting.String(), Motion: v.Motion, Kind: kindName(v.Kind), Subject: v.Subject,
		Yes: v.Yes, No: v.No, Abstain: v.Abstain, Valid: v.Valid, Passed: v.Passed, Result: v.Result,
		meta: meta{IsMissing: v.Missing, MissingSince: v.MissingSince},
	}
}

func (d *voteDoc) vote(id string) Vote {
	return Vote{
		ID: id,
		Vote: domain.Vote{Meeting: parseDate(d.Meeting), Motion: d.Motion, Kind: parseKind(d.Kind),
			Subject: d.Subject, Yes: d.Yes, No: d.No, Abstain: d.Abstain},
		Valid: d.Valid, Passed: d.Passed, Result: d.Result,
		Missing: d.IsMissing, MissingSince: d.MissingSince,
	}
}

type flagEventDoc struct {
	Event  string    `firestore:"event"`
	At     time.Time `firestore:"at"`
	Dates  []string  `firestore:"dates"`
	Source string    `firestore:"source"`
}

type flagRecordDoc struct {
	MemberID string         `firestore:"memberId"`
	Kind     string         `firestore:"kind"`
	Active   bool           `firestore:"active"`
	History  []flagEventDoc `firestore:"history"`
}

func (d *flagRecordDoc) record() FlagRecord {
	r := FlagRecord{MemberID: d.MemberID, Kind: domain.FlagKind(d.Kind), Active: d.Active}
	for _, e := range d.History {
		r.History = append(r.History, FlagEvent{Event: e.Event, At: e.At, Dates: parseDates(e.Dates), Source: e.Source})
	}
	return r
}

func flagDocID(memberID string, kind string) string { return memberID + "~" + kind }

type agendaDoc struct {
	Meeting  string   `firestore:"meeting" json:"meeting"`
	FileID   string   `firestore:"fileId" json:"fileId"`
	Link     string   `firestore:"link,omitempty" json:"link,omitempty"`
	Version  int64    `firestore:"version,omitempty" json:"version,omitempty"`
	Modified string   `firestore:"modified,omitempty" json:"modified,omitempty"`
	Hash     string   `firestore:"hash,omitempty" json:"hash,omitempty"`
	Items    []string `firestore:"items,omitempty" json:"items,omitempty"`
	Edited   bool     `firestore:"edited,omitempty" json:"edited,omitempty"`
	EditedBy string   `firestore:"editedBy,omitempty" json:"editedBy,omitempty"`
	Attached bool     `firestore:"attached,omitempty" json:"attached,omitempty"`
	Added    []string `firestore:"added,omitempty" json:"added,omitempty"`
}

type meetingEventDoc struct {
	Key       string   `firestore:"key" json:"key"`
	Date      string   `firestore:"date" json:"date"`
	Part      int      `firestore:"part,omitempty" json:"part,omitempty"`
	EventID   string   `firestore:"eventId" json:"eventId"`
	Link      string   `firestore:"link,omitempty" json:"link,omitempty"`
	MeetLink  string   `firestore:"meetLink,omitempty" json:"meetLink,omitempty"`
	Cancelled bool     `firestore:"cancelled,omitempty" json:"cancelled,omitempty"`
	Declined  []string `firestore:"declined,omitempty" json:"declined,omitempty"`
	FilledN   []string `firestore:"filledN,omitempty" json:"filledN,omitempty"`
}

type channelDoc struct {
	ID         string    `firestore:"id" json:"id"`
	ResourceID string    `firestore:"resourceId" json:"resourceId"`
	FileID     string    `firestore:"fileId" json:"fileId"`
	Expiration time.Time `firestore:"expiration" json:"expiration"`
}

type permissionDoc struct {
	FileID       string `firestore:"fileId" json:"fileId"`
	PermissionID string `firestore:"permissionId" json:"permissionId"`
	MemberID     string `firestore:"memberId" json:"memberId"`
	Role         string `firestore:"role" json:"role"`
}

type stateDoc struct {
	SpreadsheetID      string       `firestore:"spreadsheetId" json:"spreadsheetId"`
	SpreadsheetVersion int64        `firestore:"spreadsheetVersion" json:"spreadsheetVersion"`
	ContentHash        string       `firestore:"contentHash" json:"contentHash"`
	DirectoryID        string       `firestore:"directoryId" json:"directoryId"`
	Channels           []channelDoc `firestore:"channels" json:"channels"`
	// Legacy is the record of the grants as sync states saved before it
	// had documents of its own (grants.go) hold it: never written, read by
	// LoadGrants when there is no grant document, removed by the first
	// save that writes the sync state. Not content.
	Legacy             []permissionDoc   `firestore:"grantedPermissions,omitempty" json:"-"`
	EvaluatedAsOf      string            `firestore:"evaluatedAsOf" json:"evaluatedAsOf"`
	SettingsHash       string            `firestore:"settingsHash" json:"settingsHash"`
	DirectoryHash      string            `firestore:"directoryHash" json:"directoryHash"`
	DirectoryRows      int               `firestore:"directoryRows" json:"directoryRows"`
	SharingKey         string            `firestore:"sharingKey" json:"sharingKey"`
	SharingRefused     string            `firestore:"sharingRefused,omitempty" json:"sharingRefused,omitempty"`
	CalendarID         string            `firestore:"calendarId,omitempty" json:"calendarId,omitempty"`
	CalendarKey        string            `firestore:"calendarKey,omitempty" json:"calendarKey,omitempty"`
	CalendarToken      string            `firestore:"calendarToken,omitempty" json:"calendarToken,omitempty"`
	Meetings           []meetingEventDoc `firestore:"meetings,omitempty" json:"meetings,omitempty"`
	CalendarRefused    []string          `firestore:"calendarRefused,omitempty" json:"calendarRefused,omitempty"`
	InvitesRefused     string            `firestore:"invitesRefused,omitempty" json:"invitesRefused,omitempty"`
	InvitesDay         string            `firestore:"invitesDay,omitempty" json:"invitesDay,omitempty"`
	InvitesSent        int               `firestore:"invitesSent,omitempty" json:"invitesSent,omitempty"`
	InvitesDeferred    bool              `firestore:"invitesDeferred,omitempty" json:"invitesDeferred,omitempty"`
	AbsentTabs         []string          `firestore:"absentTabs,omitempty" json:"absentTabs,omitempty"`
	ApplicationHighest int               `firestore:"applicationHighest,omitempty" json:"applicationHighest,omitempty"`
	Admitted           []string          `firestore:"admittedApplications,omitempty" json:"admittedApplications,omitempty"`
	Agendas            []agendaDoc       `firestore:"agendas,omitempty" json:"agendas,omitempty"`
	FolderID           string            `firestore:"folderId,omitempty" json:"folderId,omitempty"`
	FolderSharingKey   string            `firestore:"folderSharingKey,omitempty" json:"folderSharingKey,omitempty"`
	FolderRefused      string            `firestore:"folderRefused,omitempty" json:"folderRefused,omitempty"`
	FolderByHand       *handAccessDoc    `firestore:"folderByHand,omitempty" json:"folderByHand,omitempty"`
	Hash               string            `firestore:"hash" json:"-"`
	// Generation changes with every save that writes entity or flag
	// documents (see the load cache in cache.go); it is not content.
	Generation string `firestore:"generation,omitempty" json:"-"`
}

// handAccessDoc is HandAccess in the sync state document.
type handAccessDoc struct {
	MemberIDs []string `firestore:"memberIds,omitempty" json:"memberIds,omitempty"`
	People    int      `firestore:"people,omitempty" json:"people,omitempty"`
	Groups    int      `firestore:"groups,omitempty" json:"groups,omitempty"`
	Domains   int      `firestore:"domains,omitempty" json:"domains,omitempty"`
	Anyone    int      `firestore:"anyone,omitempty" json:"anyone,omitempty"`
}

func toStateDoc(s SyncState) *stateDoc {
	d := &stateDoc{
		SpreadsheetID: s.SpreadsheetID, SpreadsheetVersion: s.SpreadsheetVersion,
		ContentHash: s.ContentHash, DirectoryID: s.DirectoryID,
		EvaluatedAsOf: s.EvaluatedAsOf.String(), SettingsHash: s.SettingsHash,
		DirectoryHash: s.DirectoryHash, DirectoryRows: s.DirectoryRows, SharingKey: s.SharingKey, SharingRefused: s.SharingRefused,
		CalendarID: s.CalendarID, CalendarKey: s.CalendarKey, CalendarToken: s.CalendarToken,
		CalendarRefused: s.CalendarRefused, InvitesRefused: s.InvitesRefused,
		InvitesSent: s.InvitesSent, InvitesDeferred: s.InvitesDeferred, AbsentTabs: s.AbsentTabs,
		ApplicationHighest: s.ApplicationHighest, Admitted: s.AdmittedApplications,
		FolderID: s.FolderID, FolderSharingKey: s.FolderSharingKey, FolderRefused: s.FolderRefused,
	}
	if !s.InvitesDay.IsZero() {
		d.InvitesDay = s.InvitesDay.String()
	}
	if h := s.FolderByHand; len(h.MemberIDs) > 0 || h.People+h.Groups+h.Domains+h.Anyone > 0 {
		d.FolderByHand = &handAccessDoc{MemberIDs: h.MemberIDs, People: h.People, Groups: h.Groups, Domains: h.Domains, Anyone: h.Anyone}
	}
	for _, a := range s.Agendas {
		d.Agendas = append(d.Agendas, agendaDoc{Meeting: a.Meeting.String(), FileID: a.Doc.FileID, Link: a.Doc.Link,
			Version: a.Doc.Version, Modified: a.Doc.Modified, Hash: a.Doc.Hash, Items: a.Doc.Items, Edited: a.Doc.Edited,
			EditedBy: a.Doc.EditedBy, Attached: a.Attached, Added: a.Added})
	}
	for _, m := range s.Meetings {
		d.Meetings = append(d.Meetings, meetingEventDoc{Key: m.Key.String(), Date: m.Date.String(), Part: m.Part, EventID: m.EventID,
			Link: m.Link, MeetLink: m.MeetLink, Cancelled: m.Cancelled, Declined: m.Declined, FilledN: m.FilledN})
	}
	for _, c := range s.Channels {
		d.Channels = append(d.Channels, channelDoc{ID: c.ID, ResourceID: c.ResourceID, FileID: c.FileID,
			Expiration: c.Expiration.UTC().Truncate(time.Microsecond)})
	}
	d.Hash = contentHash(d)
	return d
}

func (d *stateDoc) state() SyncState {
	s := SyncState{
		SpreadsheetID: d.SpreadsheetID, SpreadsheetVersion: d.SpreadsheetVersion,
		ContentHash: d.ContentHash, DirectoryID: d.DirectoryID,
		EvaluatedAsOf: parseDate(d.EvaluatedAsOf), SettingsHash: d.SettingsHash,
		DirectoryHash: d.DirectoryHash, DirectoryRows: d.DirectoryRows, SharingKey: d.SharingKey, SharingRefused: d.SharingRefused,
		CalendarID: d.CalendarID, CalendarKey: d.CalendarKey, CalendarToken: d.CalendarToken,
		CalendarRefused: d.CalendarRefused, InvitesRefused: d.InvitesRefused,
		InvitesDay: parseDate(d.InvitesDay), InvitesSent: d.InvitesSent, InvitesDeferred: d.InvitesDeferred,
		AbsentTabs: d.AbsentTabs, ApplicationHighest: d.ApplicationHighest, AdmittedApplications: d.Admitted,
		FolderID: d.FolderID, FolderSharingKey: d.FolderSharingKey, FolderRefused: d.FolderRefused,
	}
	if h := d.FolderByHand; h != nil {
		s.FolderByHand = HandAccess{MemberIDs: h.MemberIDs, People: h.People, Groups: h.Groups, Domains: h.Domains, Anyone: h.Anyone}
	}
	for _, a := range d.Agendas {
		s.Agendas = append(s.Agendas, AgendaRecord{Meeting: parseDate(a.Meeting), Attached: a.Attached, Added: a.Added,
			Doc: AgendaDoc{FileID: a.FileID, Link: a.Link, Version: a.Version, Modified: a.Modified, Hash: a.Hash,
				Items: a.Items, Edited: a.Edited, EditedBy: a.EditedBy}})
	}
	for _, m := range d.Meetings {
		s.Meetings = append(s.Meetings, MeetingEvent{Key: parseDate(m.Key), Date: parseDate(m.Date), Part: m.Part, EventID: m.EventID,
			Link: m.Link, MeetLink: m.MeetLink, Cancelled: m.Cancelled, Declined: m.Declined, FilledN: m.FilledN})
	}
	for _, c := range d.Channels {
		s.Channels = append(s.Channels, WatchChannel(c))
	}
	return s
}

// countersDoc is coalitions/{c}/sync/counters. Documents written before
// applications were removed from the store also hold "nextApplication": the
// Firestore client ignores fields a struct does not name when it reads.
type countersDoc struct {
	NextMember int `firestore:"nextMember"`
}

type changeDoc struct {
	Field    string `firestore:"field"`
	Before   string `firestore:"before"`
	After    string `firestore:"after"`
	Redacted bool   `firestore:"redacted"`
}

type auditDoc struct {
	At       time.Time   `firestore:"at"`
	Source   string      `firestore:"source"`
	Actor    string      `firestore:"actor"`
	Kind     string      `firestore:"kind"`
	EntityID string      `firestore:"entityId"`
	Action   string      `firestore:"action"`
	Changes  []changeDoc `firestore:"changes"`
}

func (d *auditDoc) entry(id string) AuditEntry {
	e := AuditEntry{ID: id, At: d.At, Source: d.Source, Actor: d.Actor, Kind: d.Kind, EntityID: d.EntityID, Action: d.Action}
	for _, c := range d.Changes {
		e.Changes = append(e.Changes, Change(c))
	}
	return e
}

// redacted lists, per collection, the JSON fields whose values never go into
// the audit log.
var redacted = map[string]map[string]bool{
	collMembers: {"email": true, "phone": true, "address": true, "alternates": true},
}

// fieldChanges compares the meaningful fields of before and after (nil
// before: nothing to compare), by field name. A meeting's attendance is
// compared member by member: each mark that changed is one change named
// "attendance.<Member ID>" with the codes before and after ("P", "N", "A",
// or empty when not recorded), so that the entry records what changed and
// not the whole meeting's attendance twice.
func fieldChanges(coll string, before, after entityDoc) []changeDoc {
	if before == nil {
		return nil
	}
	var marks []changeDoc
	if bm, ok := before.(*meetingDoc); ok {
		if am, ok := after.(*meetingDoc); ok {
			marks = attendanceChanges(bm.Attendance, am.Attendance)
			bc, ac := *bm, *am
			bc.Attendance, ac.Attendance = nil, nil
			before, after = &bc, &ac
		}
	}
	out := otherChanges(coll, before, after)
	if len(marks) > 0 {
		out = append(out, marks...)
		sort.SliceStable(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	}
	return out
}

// AttendanceField prefixes the Change.Field of an attendance mark in the
// audit log: "attendance.M-0042".
const AttendanceField = "attendance."

// attendanceChanges lists the marks that differ between two attendance maps,
// by member ID.
func attendanceChanges(before, after map[string]string) []changeDoc {
	var ids []string
	for id, c := range after {
		if before[id] != c {
			ids = append(ids, id)
		}
	}
	for id, c := range before {
		if _, ok := after[id]; !ok && c != "" {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	out := make([]changeDoc, 0, len(ids))
	for _, id := range ids {
		out = append(out, changeDoc{Field: AttendanceField + id, Before: before[id], After: after[id]})
	}
	return out
}

// otherChanges compares the JSON-encoded fields of before and after.
func otherChanges(coll string, before, after entityDoc) []changeDoc {
	b, a := fieldsOf(before), fieldsOf(after)
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []changeDoc
	for _, k := range keys {
		if k == "missing" || string(a[k]) == string(b[k]) {
			continue
		}
		c := changeDoc{Field: k}
		if redacted[coll][k] {
			c.Redacted = true
		} else {
			c.Before, c.After = capped(plain(b[k])), capped(plain(a[k]))
		}
		out = append(out, c)
	}
	return out
}

func fieldsOf(d entityDoc) map[string]json.RawMessage {
	raw, err := json.Marshal(d)
	if err != nil {
		panic(fmt.Sprintf("store: encode %T: %v", d, err))
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		panic(fmt.Sprintf("store: decode %T: %v", d, err))
	}
	return m
}

// maxAuditValue is the most bytes of a field's value an audit entry keeps
// before and after a change: the entry must stay well under Firestore's
// 1 MiB document limit (https://cloud.google.com/firestore/quotas) even when
// a long text changes, or the entity it records could never be saved.
const maxAuditValue = 4000

// capped cuts a value longer than maxAuditValue bytes at a character
// boundary and says how much was left out.
func capped(s string) string {
	if len(s) <= maxAuditValue {
		return s
	}
	cut := maxAuditValue
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d more characters)", s[:cut], utf8.RuneCountInString(s[cut:]))
}

// plain shows a JSON value the way people read it: strings unquoted, null empty.
func plain(v json.RawMessage) string {
	if len(v) == 0 || string(v) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	return string(v)
}
