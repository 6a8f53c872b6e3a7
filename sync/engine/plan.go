// Package engine provides the sync engine: it reads the coalition's
// spreadsheet, evaluates the rules, plans the changes to the service's own
// cells and to Firestore, and applies them. Planning does no I/O and is
// table-tested; applying the same plan twice writes nothing the second time.
package engine

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/calendar"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	"github.com/coalitionsync/coalitionsync/sync/store"
)

// Tabs lists the tabs a run reads, in the order of its one values.batchGet.
var Tabs = []string{
	sheets.TabMembers, sheets.TabAttendance, sheets.TabVotes, sheets.TabMeetings,
	sheets.TabApplications, sheets.TabApprovalRequests, sheets.TabSyncIssues, sheets.TabDashboard,
}

// optionalTabs are the tabs a run reads when they exist, and does without
// otherwise (no Sync issues row, nothing added).
var optionalTabs = []string{sheets.TabApplications, sheets.TabApprovalRequests}

// Settings are the coalition's choices that shape a plan.
type Settings struct {
	Policy   domain.Policy
	Lang     domain.Lang
	Location *time.Location // for "Last synced" times
	// Horizon is how many meetings ahead get a Meetings row (and, with a
	// calendar, an event): at least one.
	Horizon int
	// InvitesPerDay caps the emails Calendar is asked to send in a day
	// (DefaultInvitesPerDay when 0).
	InvitesPerDay int
	// AgendaDays is how many days before a meeting its agenda is made
	// (DefaultAgendaDays when 0).
	AgendaDays int
}

// Known is what the store already knows, as far as planning needs it.
type Known struct {
	// Members by Member ID.
	Members map[string]KnownMember
	// NextMemberNumber is the number the next new Member ID will carry.
	NextMemberNumber int
	// ApplicationHighest is the highest Application number given so far.
	ApplicationHighest int
	// Admitted are the Application IDs whose member the service appended
	// to the Members tab (or found there): never appended again.
	Admitted map[string]bool
	// Attendance and Votes count the held meetings with attendance and
	// the votes the store keeps from those tabs: a tab that vanishes while
	// they are on record blocks the run rather than erase what follows
	// from it (absences, flags, quorum, results).
	Attendance, Votes int
}

// KnownMember is a member the store has seen.
type KnownMember struct {
	Name    string
	Missing bool // no longer in the sheet
}

// Input is everything a plan is made from.
type Input struct {
	Tabs     map[string][][]string // the spreadsheet's tabs as read
	Known    Known
	AsOf     domain.Date // today in the coalition's time zone
	Now      time.Time
	Settings Settings
	// Notices are problems found outside the spreadsheet, listed in the
	// Sync issues tab with the others (e.g. the member directory cannot be
	// shared by the account the service acts as).
	Notices []domain.Issue
	// Agendas are the meetings' agendas as recorded: their links go to
	// the Meetings tab's Agenda cells, and an agenda a person edited lists
	// the items added since in the Sync issues tab.
	Agendas []store.AgendaRecord
	// Admit are the admitted applications whose members this plan
	// appends to the Members tab (the engine plans again with
	// Plan.Admissions).
	Admit []Admission
	// Calendar is the coalition calendar as recorded; nil leaves the
	// cells that come from Calendar as they are.
	Calendar *CalendarView
	// FolderByHand is the access to the shared folder that people gave by
	// hand, for the Dashboard; nil when the service shares no folder.
	FolderByHand *store.HandAccess
	// NewIDs, when set, are the Member IDs to give new rows, in row order:
	// the ones the store allocated. Without them the plan predicts IDs from
	// Known.NextMemberNumber (a dry run allocates nothing).
	NewIDs []string
}

// Change is one owned cell the plan writes, with what it held before.
type Change struct {
	sheets.Cell
	Old string
	// Where names the row people see ("Members row 14 (Casa Ejemplo)") and
	// Note says what changes there, for the dry run. Quiet changes (the
	// "Last synced" time) are written but not described.
	Where domain.Text
	Note  domain.Text
	Quiet bool
}

// NewMember is a Members row that gets a Member ID in this run.
type NewMember struct {
	Index int // into Plan.Parsed.Coalition.Members
	Row   int
	ID    string
	Name  string
}

// Plan is everything one run would change, computed without I/O from what
// the run read: the spreadsheet's owned cells and tabs (MakePlan), then the
// member directory, its sharing, the sync state and the Firestore save.
type Plan struct {
	AsOf   domain.Date
	Parsed sheets.Parsed
	// ReadError is set when the spreadsheet could not be read as the sheet
	// contract says (no Members tab, a required column missing). Only the
	// Sync issues tab is written then.
	ReadError error
	Report    domain.Report
	// Excluded[i] is true for a member row the run must not touch: an ID
	// that is not the service's or that two rows share.
	Excluded []bool
	// Issues are every problem for the Sync issues tab, by tab then row.
	Issues     []domain.Issue
	NewMembers []NewMember
	// Restored are rows whose Member ID was cleared and is put back: their
	// name is that of a known member whose ID is on no row.
	Restored []NewMember
	// Missing are known members no longer in the sheet; Returned are
	// members marked missing before that are back.
	Missing  []string
	Returned []string
	// Blocked says why the run applies nothing but the Sync issues tab: the
	// deletion guard tripped, or the sheet could not be read.
	Blocked domain.Text
	// Changes are the owned cells to write, in sheet order.
	Changes []Change
	// NewTabs are owned tabs to add before writing (Sync issues, Dashboard).
	NewTabs []string
	// NextMeeting is the next scheduled meeting after AsOf.
	NextMeeting domain.Date
	// Upcoming are the meetings from AsOf on within the horizon
	// (Settings.Horizon), cancelled ones included.
	Upcoming []Upcoming
	// Admissions are admitted applications whose member is on no row yet:
	// the engine plans again with them as Input.Admit. Appended are those
	// this plan appends.
	Admissions []Admission
	Appended   []Admission
	// ApplicationHighest is the highest Application number after this
	// plan; newApplicationIDs are the applications it gives an ID.
	ApplicationHighest int
	newApplicationIDs  []int
	// Approvals are the approval requests' deadlines and statuses.
	Approvals []domain.ApprovalResult
	// FilledN are, by meeting (its scheduled day), the members whose N
	// the service wrote from declined invitations (see planDeclines); nil
	// without a calendar view.
	FilledN map[domain.Date][]string

	// The rest of the run, planned by the engine from what it read beyond
	// the spreadsheet (MakePlan leaves these empty); applied in this order
	// after the cells above.

	// Directory is what the run writes to the member directory.
	Directory DirectoryPlan
	// Sharing is who gains and loses access to the member directory; nil
	// when those who should read it are as last shared.
	Sharing *drive.SharingPlan
	// FolderSharing is who gains and loses access to the shared folder,
	// planned after Sharing and applied after it; nil when those who
	// should have it are as last shared.
	FolderSharing *drive.SharingPlan
	// Agendas are the agendas of the meetings within AgendaDays: each Doc
	// is written only when its content changed.
	Agendas []AgendaPlan
	// CalendarChanges are the meetings' events to create, change or
	// cancel; nil when the calendar is as the run wants it (or there is
	// no calendar).
	CalendarChanges []calendar.Change
	// State is the sync state the run records, last, once everything else
	// was done (the grants Sharing makes are added when they are made).
	State store.SyncState
	// Store is what the run saves to Firestore: the entities that changed,
	// their audit entries and flag history, and State.
	Store *store.Plan

	next     store.State // what Store was planned from
	saveOpts store.SaveOptions
}

// IsBlocked reports whether the plan applies only the Sync issues tab.
func (p *Plan) IsBlocked() bool { return p.Blocked.Key != "" }

// memberIDPattern is the form of the IDs the service gives: M-0042.
var memberIDPattern = regexp.MustCompile(`^M-(\d{4,9})$`)

// FormatMemberID writes member number n as the service's Member ID.
func FormatMemberID(n int) string { return fmt.Sprintf("M-%04d", n) }

// MemberNumber returns the number of a service-given Member ID.
func MemberNumber(id string) (int, bool) {
	m := memberIDPattern.FindStringSubmatch(strings.TrimSpace(id))
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil && n > 0
}

// MakePlan computes what a run changes. It never fails: what cannot be read
// becomes issues, and a plan that must not touch people's data is Blocked.
func MakePlan(in Input) *Plan {
	parsed, err := sheets.Parse(in.Tabs)
	p := &Plan{AsOf: in.AsOf, Parsed: parsed, ReadError: err}
	p.Issues = append(p.Issues, parsed.Issues...)
	p.Issues = append(p.Issues, in.Notices...)
	if err != nil {
		p.Blocked = domain.T(msgBlockedRead, err.Error())
		p.block(in)
		return p
	}
	p.assignApplicationIDs(in)
	p.appendAdmissions(in)
	p.assignIDs(in)
	p.Report = domain.Evaluate(p.Parsed.Coalition, in.Settings.Policy, in.AsOf)
	p.findAdmissions(in)
	p.Issues = append(p.Issues, p.Report.Issues...)
	sheets.SortIssues(p.Issues)
	p.NextMeeting = domain.NextMeeting(in.AsOf, parsed.Overrides)
	p.Upcoming = upcoming(in.AsOf, parsed.Overrides, in.Settings.horizon())
	p.guardTabs(in)
	p.guardIdentities(in)
	p.findMissing(in)
	if p.IsBlocked() {
		p.block(in)
		return p
	}
	p.planAppended(in)
	p.planMembers(in)
	p.planMeetings(in)
	p.planAttendance(in)
	p.planDeclines(in)
	p.planVotes(in)
	p.planApplications(in)
	p.planApprovals(in)
	p.calendarIssues(in)
	p.agendaIssues(in)
	sheets.SortIssues(p.Issues)
	p.planSyncIssues(in)
	p.planDashboard(in)
	return p
}

// block keeps the plan to the Sync issues tab, with the reason on top.
func (p *Plan) block(in Input) {
	sheets.SortIssues(p.Issues)
	p.Issues = append([]domain.Issue{{Tab: sheets.TabMembers, Message: p.Blocked}}, p.Issues...)
	p.planSyncIssues(in)
}

// assignIDs checks the Member IDs people see and gives IDs to new rows. An ID
// the service did not give, or one that two rows share, is reported and its
// rows are left alone: the service never guesses which row is which.
func (p *Plan) assignIDs(in Input) {
	ms := p.Parsed.Coalition.Members
	p.Excluded = make([]bool, len(ms))
	rows := map[string][]int{}
	next := max(in.Known.NextMemberNumber, 1)
	for i, m := range ms {
		id := strings.TrimSpace(m.ID)
		if id == "" {
			continue
		}
		n, ok := MemberNumber(id)
		if !ok {
			p.Excluded[i] = true
			p.Issues = append(p.Issues, domain.Issue{Tab: sheets.TabMembers, Row: m.Row, Column: sheets.ColMemberID,
				Message: domain.T(msgForeignID, domain.Excerpt(id))})
			continue
		}
		if given := in.Known.NextMemberNumber; len(in.Known.Members) > 0 && given > 1 && n >= given {
			if _, known := in.Known.Members[FormatMemberID(n)]; !known {
				// Typed over a row's ID, or copied from elsewhere: the
				// service never gave it, so it will not guess whose it is.
				p.Excluded[i] = true
				p.Issues = append(p.Issues, domain.Issue{Tab: sheets.TabMembers, Row: m.Row, Column: sheets.ColMemberID,
					Message: domain.T(msgUnknownID, FormatMemberID(n), FormatMemberID(given-1))})
				continue
			}
		}
		ms[i].ID = FormatMemberID(n)
		rows[ms[i].ID] = append(rows[ms[i].ID], i)
		next = max(next, n+1)
	}
	reported := map[int]bool{} // rows whose Member ID the codec already reported
	for _, is := range p.Issues {
		if is.Tab == sheets.TabMembers && is.Column == sheets.ColMemberID {
			reported[is.Row] = true
		}
	}
	for id, idx := range rows {
		if len(idx) < 2 {
			continue
		}
		for _, i := range idx {
			p.Excluded[i] = true
			if reported[ms[i].Row] {
				continue
			}
			others := make([]string, 0, len(idx)-1)
			for _, j := range idx {
				if j != i {
					others = append(others, strconv.Itoa(ms[j].Row))
				}
			}
			p.Issues = append(p.Issues, domain.Issue{Tab: sheets.TabMembers, Row: ms[i].Row, Column: sheets.ColMemberID,
				Message: domain.T(msgDuplicateID, id, strings.Join(others, ", "))})
		}
	}
	p.restoreIDs(in, rows)
	for i := range ms {
		if strings.TrimSpace(ms[i].ID) != "" || p.Excluded[i] {
			continue
		}
		if k := len(p.NewMembers); k < len(in.NewIDs) {
			ms[i].ID = in.NewIDs[k]
		} else {
			ms[i].ID = FormatMemberID(next)
			next++
		}
		p.NewMembers = append(p.NewMembers, NewMember{Index: i, Row: ms[i].Row, ID: ms[i].ID, Name: ms[i].Name})
	}
}

// restoreIDs gives a row whose Member ID was cleared its own ID back: a
// row without an ID whose name is the name of exactly one known member
// whose ID is on no row (and of no other row without an ID). Without this
// the row would become a new member and the member's history would be cut
// in two. inSheet holds the IDs on the sheet's rows.
func (p *Plan) restoreIDs(in Input, inSheet map[string][]int) {
	gone := map[string][]string{} // normalized name → known IDs on no row
	for id, k := range in.Known.Members {
		if _, on := inSheet[id]; !on {
			n := domain.NormalizeName(k.Name)
			gone[n] = append(gone[n], id)
		}
	}
	if len(gone) == 0 {
		return
	}
	ms := p.Parsed.Coalition.Members
	blank := map[string][]int{} // normalized name → rows without an ID
	for i, m := range ms {
		if strings.TrimSpace(m.ID) == "" && !p.Excluded[i] && strings.TrimSpace(m.Name) != "" {
			n := domain.NormalizeName(m.Name)
			blank[n] = append(blank[n], i)
		}
	}
	for n, idx := range blank {
		if ids := gone[n]; len(ids) == 1 && len(idx) == 1 {
			i := idx[0]
			ms[i].ID = ids[0]
			p.Restored = append(p.Restored, NewMember{Index: i, Row: ms[i].Row, ID: ids[0], Name: ms[i].Name})
		}
	}
	sort.Slice(p.Restored, func(a, b int) bool { return p.Restored[a].Row < p.Restored[b].Row })
}

// guardTabs stops a run when the Attendance or Votes tab is gone (deleted,
// or renamed past recognition) while the store keeps records from it: the
// run would otherwise clear every absence, flag, quorum and result that
// follows from it, without a word.
func (p *Plan) guardTabs(in Input) {
	for _, t := range []struct {
		tab   string
		known int
	}{{sheets.TabAttendance, in.Known.Attendance}, {sheets.TabVotes, in.Known.Votes}} {
		if t.known == 0 {
			continue
		}
		if _, _, ok := sheets.FindTab(in.Tabs, t.tab); !ok {
			p.Blocked = domain.T(msgTabGone, t.tab)
			return
		}
	}
}

// guardIdentities stops a run that would tie the coalition's records to
// the wrong rows: the Member ID column gone (its header renamed or the
// column deleted), or names that moved between Member IDs or changed for
// more than max(3, 10%) of the members at once, the trace of one column
// sorted on its own. The rows of the sheet are then not trusted and
// nothing is synced; the Sync issues tab says how to undo it.
func (p *Plan) guardIdentities(in Input) {
	if len(in.Known.Members) == 0 {
		return // a first sync: nothing to confuse
	}
	if h := p.Parsed.Layout.Members; h == nil || h.Header == nil {
		return
	} else if _, ok := h.Header.Index(sheets.ColMemberID); !ok {
		p.Blocked = domain.T(msgNoIDColumn)
		return
	}
	owner := map[string]string{} // a known name → its Member ID; "" when two share it
	present := 0
	for id, k := range in.Known.Members {
		if k.Missing {
			continue
		}
		present++
		n := domain.NormalizeName(k.Name)
		if _, dup := owner[n]; dup {
			owner[n] = ""
		} else {
			owner[n] = id
		}
	}
	renamed, moved := 0, 0
	for i, m := range p.Parsed.Coalition.Members {
		if p.Excluded[i] || m.ID == "" {
			continue
		}
		k, ok := in.Known.Members[m.ID]
		if !ok || domain.NormalizeName(k.Name) == domain.NormalizeName(m.Name) {
			continue
		}
		renamed++
		if other := owner[domain.NormalizeName(m.Name)]; other != "" && other != m.ID {
			moved++ // this name belongs to another member's row
		}
	}
	if limit := math.Max(3, 0.1*float64(present)); moved > 0 || float64(renamed) > limit {
		p.Blocked = domain.T(msgMassRename, renamed, present, moved)
	}
}

// findMissing lists known members no longer in the sheet, and trips the
// deletion guard when too many vanish at once: someone may have cleared or
// sorted part of the sheet, and marking them all missing would be wrong.
func (p *Plan) findMissing(in Input) {
	if p.IsBlocked() {
		return // the rows are not trusted: nothing is missing or back
	}
	inSheet := map[string]bool{}
	for _, m := range p.Parsed.Coalition.Members {
		if m.ID != "" {
			inSheet[m.ID] = true
		}
	}
	present := 0
	for id, k := range in.Known.Members {
		switch {
		case inSheet[id] && k.Missing:
			p.Returned = append(p.Returned, id)
		case !inSheet[id] && !k.Missing:
			p.Missing = append(p.Missing, id)
		}
		if !k.Missing {
			present++
		}
	}
	sort.Strings(p.Missing)
	sort.Strings(p.Returned)
	if limit := math.Max(3, 0.1*float64(present)); float64(len(p.Missing)) > limit {
		p.Blocked = domain.T(msgDeletionGuard, len(p.Missing), present, int(limit))
	}
}

// stampLayout is how the service writes a time people read in owned cells.
const stampLayout = "2006-01-02 15:04"

// isStamp reports whether s is a time as the service writes it.
func isStamp(s string) bool {
	_, err := time.Parse(stampLayout, s)
	return err == nil
}

// cellText returns the text of a cell of grid at sheet row and 0-based col.
func cellText(grid [][]string, row, col int) string {
	if row < 1 || row > len(grid) || col < 0 || col >= len(grid[row-1]) {
		return ""
	}
	return grid[row-1][col]
}

// ownedColumns returns the 0-based column of each owned column of a tab,
// adding the ones the header lacks after its last column, as header writes.
func (p *Plan) ownedColumns(tab string, h *sheets.Header, names []string) map[string]int {
	cols := map[string]int{}
	next := h.Width
	for _, n := range names {
		if i, ok := h.Index(n); ok {
			cols[n] = i
			continue
		}
		cols[n] = next
		p.set(tab, nil, next, 1, n, domain.T(msgWhereTab, tab), domain.T(msgAddColumn, n))
		next++
	}
	return cols
}

// set plans writing v to a cell when it differs from what grid holds there.
// v is a string or an int. It reports whether a change was planned.
func (p *Plan) set(tab string, grid [][]string, col, row int, v any, where, note domain.Text) bool {
	var want string
	switch x := v.(type) {
	case int:
		want = strconv.Itoa(x)
	case string:
		// Google refuses cells over 50,000 characters; what is written is
		// capped (sheets.CapCell), so compare with what will be there.
		want = sheets.CapCell(x)
		v = want
	default:
		want = fmt.Sprint(x)
	}
	old := cellText(grid, row, col)
	if old == want {
		return false
	}
	p.Changes = append(p.Changes, Change{Cell: sheets.Cell{Tab: tab, Col: col, Row: row, Value: v}, Old: old, Where: where, Note: note})
	return true
}

// planMembers plans the Members tab's owned cells: new IDs, unexcused
// absences, flags, and the time a row's owned cells last changed.
func (p *Plan) planMembers(in Input) {
	l := p.Parsed.Layout.Members
	grid, _, _ := sheets.FindTab(in.Tabs, sheets.TabMembers)
	cols := p.ownedColumns(l.Tab, l.Header, []string{sheets.ColMemberID, sheets.ColUnexcusedAbsences, sheets.ColFlags, sheets.ColLastSynced})
	isNew, restored := map[int]bool{}, map[int]bool{}
	for _, nm := range p.NewMembers {
		isNew[nm.Index] = true
	}
	for _, r := range p.Restored {
		restored[r.Index] = true
	}
	lang := in.Settings.Lang
	stamp := in.Now.In(in.Settings.Location).Format(stampLayout)
	for i, r := range p.Report.Members {
		if p.Excluded[i] {
			continue
		}
		m := p.Parsed.Coalition.Members[i]
		row := l.Rows[i]
		where := domain.T(msgWhereMember, row, domain.Excerpt(m.Name))
		changed := false
		switch {
		case isNew[i]:
			changed = p.set(l.Tab, grid, cols[sheets.ColMemberID], row, m.ID, where, domain.T(msgNewID, m.ID)) || changed
		case restored[i]:
			changed = p.set(l.Tab, grid, cols[sheets.ColMemberID], row, m.ID, where, domain.T(msgRestoredID, m.ID)) || changed
		}
		changed = p.set(l.Tab, grid, cols[sheets.ColUnexcusedAbsences], row, r.UnexcusedAbsences,
			where, domain.T(msgAbsences, r.UnexcusedAbsences)) || changed
		flags := domain.FormatFlags(r.Flags, lang)
		note := domain.T(msgFlagsCleared)
		if flags != "" {
			note = domain.T(msgFlags, flags)
		}
		changed = p.set(l.Tab, grid, cols[sheets.ColFlags], row, flags, where, note) || changed
		// Last synced changes with the row's other owned cells; a value that
		// is not the service's stamp (a person's formula, or text) is put
		// back too.
		last := cellText(grid, row, cols[sheets.ColLastSynced])
		if (changed || !isStamp(last)) && p.set(l.Tab, grid, cols[sheets.ColLastSynced], row, stamp, where, domain.Text{}) {
			p.Changes[len(p.Changes)-1].Quiet = true
		}
	}
}

// meetingRow is one meeting the Meetings tab should show.
type meetingRow struct {
	scheduled domain.Date // the Date cell
	held      domain.Date // where its attendance column is (moved date), zero when cancelled
	row       int         // sheet row, 0 for a new row
	cancelled bool
}

// planMeetings plans the Meetings tab: a row for every meeting that has an
// attendance column or is the next one, with its quorum in numbers and words.
func (p *Plan) planMeetings(in Input) {
	grid, _, ok := sheets.FindTab(in.Tabs, sheets.TabMeetings)
	l := p.Parsed.Layout.Meetings
	if !ok || l == nil {
		return
	}
	var rows []meetingRow
	byHeld := map[domain.Date]bool{}
	byScheduled := map[domain.Date]bool{}
	for k, o := range p.Parsed.Overrides {
		mr := meetingRow{scheduled: o.Scheduled, held: o.Scheduled, row: l.Rows[k], cancelled: o.Cancelled}
		if !o.MovedTo.IsZero() {
			mr.held = o.MovedTo
		}
		if o.Cancelled {
			mr.held = domain.Date{}
		}
		rows = append(rows, mr)
		byScheduled[o.Scheduled] = true
		if !mr.held.IsZero() {
			byHeld[mr.held] = true
		}
	}
	want := append([]domain.Date(nil), p.Parsed.Coalition.Meetings...)
	if !p.NextMeeting.IsZero() {
		want = append(want, p.NextMeeting)
	}
	for _, u := range p.Upcoming {
		if !u.Cancelled && !slices.Contains(want, u.Date) {
			want = append(want, u.Date)
		}
	}
	sort.Slice(want, func(i, j int) bool { return want[i].Before(want[j]) })
	next := l.LastRow + 1
	for _, d := range want {
		if byHeld[d] || byScheduled[d] {
			continue
		}
		byHeld[d] = true
		rows = append(rows, meetingRow{scheduled: d, held: d, row: next})
		next++
	}
	owned := []string{sheets.ColDate, sheets.ColVotingMembers, sheets.ColPresent, sheets.ColQuorumNeeded, sheets.ColQuorum}
	if in.Calendar != nil && len(in.Calendar.Events) > 0 {
		owned = append(owned, sheets.ColCalendarEvent)
	}
	if slices.ContainsFunc(in.Agendas, func(a store.AgendaRecord) bool { return a.Doc.Link != "" }) {
		owned = append(owned, sheets.ColAgenda)
	}
	cols := p.ownedColumns(l.Tab, l.Header, owned)
	results := map[domain.Date]domain.MeetingResult{}
	for _, r := range p.Report.Meetings {
		results[r.Date] = r
	}
	lang := in.Settings.Lang
	for _, mr := range rows {
		day := mr.scheduled.String()
		where := domain.T(msgWhereMeeting, mr.row, mr.scheduled)
		p.set(l.Tab, grid, cols[sheets.ColDate], mr.row, day, where, domain.T(msgMeetingRow))
		voting, present, needed, quorum := any(""), any(""), any(""), ""
		if r, ok := results[mr.held]; ok && !mr.held.IsZero() {
			voting, present, needed = r.VotingMembers, r.Present, r.QuorumNeeded
			quorum = QuorumSentence(r).In(lang)
		} else if mr.cancelled {
			quorum = domain.T(msgMeetingCancelled).In(lang)
		}
		numbers := domain.T(msgMeetingNumbers, voting, present, needed)
		p.set(l.Tab, grid, cols[sheets.ColVotingMembers], mr.row, voting, where, numbers)
		p.set(l.Tab, grid, cols[sheets.ColPresent], mr.row, present, where, numbers)
		p.set(l.Tab, grid, cols[sheets.ColQuorumNeeded], mr.row, needed, where, numbers)
		p.set(l.Tab, grid, cols[sheets.ColQuorum], mr.row, quorum, where, domain.T(msgMeetingQuorum, quorum))
		if link := p.calendarLink(in, mr.scheduled); link != "" {
			p.set(l.Tab, grid, cols[sheets.ColCalendarEvent], mr.row, link, where, domain.T(msgCalendarLink))
		}
		if a := agendaIn(in, mr.held); a != nil && a.Doc.Link != "" {
			p.set(l.Tab, grid, cols[sheets.ColAgenda], mr.row, a.Doc.Link, where, domain.T(msgAgendaLink))
		}
	}
}

// planAttendance adds the next meeting's column to the Attendance tab when
// it has none, and a row for each Active member who has no row yet.
func (p *Plan) planAttendance(in Input) {
	grid, _, ok := sheets.FindTab(in.Tabs, sheets.TabAttendance)
	l := p.Parsed.Layout.Attendance
	if !ok || l == nil {
		return
	}
	if d := p.NextMeeting; !d.IsZero() {
		has := false
		for _, m := range p.Parsed.Coalition.Meetings {
			has = has || m == d
		}
		if !has {
			p.set(l.Tab, grid, l.Header.Width, 1, d.String(), domain.T(msgWhereTab, l.Tab), domain.T(msgAttendanceColumn, d))
		}
	}
	idCol, hasID := l.Header.Index(sheets.ColMemberID)
	nameCol, hasName := l.Header.Index(sheets.ColName)
	next := l.LastRow + 1
	for i, m := range p.Parsed.Coalition.Members {
		if p.Excluded[i] || m.Status != domain.StatusActive || (i < len(l.Rows) && l.Rows[i] != 0) {
			continue
		}
		where := domain.T(msgWhereRow, l.Tab, next)
		if hasID {
			p.set(l.Tab, grid, idCol, next, m.ID, where, domain.T(msgAttendanceRow, domain.Excerpt(m.Name)))
		}
		if hasName {
			p.set(l.Tab, grid, nameCol, next, m.Name, where, domain.T(msgAttendanceRow, domain.Excerpt(m.Name)))
		}
		if hasID || hasName {
			next++
		}
	}
}

// planVotes plans each vote's Result: a sentence that begins with Passed,
// Failed or Not valid.
func (p *Plan) planVotes(in Input) {
	grid, _, ok := sheets.FindTab(in.Tabs, sheets.TabVotes)
	l := p.Parsed.Layout.Votes
	if !ok || l == nil {
		return
	}
	cols := p.ownedColumns(l.Tab, l.Header, []string{sheets.ColResult})
	for k, v := range p.Report.Votes {
		if k >= len(l.Rows) {
			break
		}
		text := v.Reason.In(in.Settings.Lang)
		p.set(l.Tab, grid, cols[sheets.ColResult], l.Rows[k], text, domain.T(msgWhereRow, l.Tab, l.Rows[k]), domain.T(msgVoteResult, text))
	}
}

// planTab plans an owned tab to hold exactly want: cells that differ are
// written, and cells beyond want that hold anything are emptied.
func (p *Plan) planTab(in Input, tab string, want [][]string, note domain.Text) {
	grid, _, ok := sheets.FindTab(in.Tabs, tab)
	if !ok {
		p.NewTabs = append(p.NewTabs, tab)
	}
	rows := max(len(grid), len(want))
	for r := 0; r < rows; r++ {
		width := 0
		if r < len(grid) {
			width = len(grid[r])
		}
		if r < len(want) {
			width = max(width, len(want[r]))
		}
		for c := 0; c < width; c++ {
			v := ""
			if r < len(want) && c < len(want[r]) {
				v = want[r][c]
			}
			p.set(tab, grid, c, r+1, v, domain.T(msgWhereTab, tab), note)
		}
	}
}

// planSyncIssues plans the Sync issues tab: one row per problem, in plain
// words, with where it is and what to do.
func (p *Plan) planSyncIssues(in Input) {
	lang := in.Settings.Lang
	want := [][]string{{
		domain.T(msgHeaderTab).In(lang), domain.T(msgHeaderRow).In(lang),
		domain.T(msgHeaderColumn).In(lang), domain.T(msgHeaderProblem).In(lang),
	}}
	for _, is := range p.Issues {
		row := ""
		if is.Row > 0 {
			row = strconv.Itoa(is.Row)
		}
		want = append(want, []string{is.Tab, row, is.Column, is.Message.In(lang)})
	}
	if len(p.Issues) == 0 {
		want = append(want, []string{"", "", "", domain.T(msgNoIssues).In(lang)})
	}
	p.planTab(in, sheets.TabSyncIssues, want, domain.T(msgSyncIssues, len(p.Issues)))
}

// After returns the tabs as they will read once the plan's changes are
// written (numbers as their text), leaving tabs unchanged. Tabs the plan
// adds are included.
func (p *Plan) After(tabs map[string][][]string) map[string][][]string {
	out := make(map[string][][]string, len(tabs)+len(p.NewTabs))
	keys := map[string]string{} // tab name as the plan writes it -> key in tabs
	for k, g := range tabs {
		out[k] = g
	}
	copied := map[string]bool{}
	for _, ch := range p.Changes {
		key, ok := keys[ch.Tab]
		if !ok {
			if _, k, found := sheets.FindTab(tabs, ch.Tab); found {
				key = k
			} else {
				key = ch.Tab
			}
			keys[ch.Tab] = key
		}
		if !copied[key] {
			g := out[key]
			c := make([][]string, len(g))
			for i, r := range g {
				c[i] = append([]string(nil), r...)
			}
			out[key] = c
			copied[key] = true
		}
		g := out[key]
		for len(g) < ch.Row {
			g = append(g, nil)
		}
		r := g[ch.Row-1]
		for len(r) <= ch.Col {
			r = append(r, "")
		}
		r[ch.Col] = valueText(ch.Value)
		g[ch.Row-1] = r
		out[key] = g
	}
	for key := range copied {
		out[key] = trimGrid(out[key])
	}
	return out
}

// valueText is how Sheets shows a value the service wrote.
func valueText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	}
	return fmt.Sprint(v)
}

// trimGrid drops trailing empty cells and rows, as the Sheets API does.
func trimGrid(g [][]string) [][]string {
	for i, r := range g {
		for len(r) > 0 && r[len(r)-1] == "" {
			r = r[:len(r)-1]
		}
		g[i] = r
	}
	for len(g) > 0 && len(g[len(g)-1]) == 0 {
		g = g[:len(g)-1]
	}
	return g
}

// QuorumSentence says whether a held meeting had quorum, beginning with Yes
// or No: "Yes — 12 of 17 voting members present; 12 needed".
func QuorumSentence(r domain.MeetingResult) domain.Text {
	switch {
	case !r.Recorded:
		return domain.T(msgQuorumUnrecorded)
	case r.VotingMembers == 0:
		return domain.T(msgQuorumNobody)
	case r.Quorum:
		return domain.T(msgQuorumYes, r.Present, r.VotingMembers, r.QuorumNeeded)
	}
	return domain.T(msgQuorumNo, r.Present, r.VotingMembers, r.QuorumNeeded)
}

// Beyond returns, for each tab the plan writes past what was read (or adds),
// the size it needs: Sheets refuses writes past a tab's grid, and what was
// read is the only part known to be inside it.
func (p *Plan) Beyond(tabs map[string][][]string) map[string]sheets.Size {
	need := map[string]sheets.Size{}
	read := map[string]sheets.Size{} // what was read of each tab
	for _, c := range p.Changes {
		ext, seen := read[c.Tab]
		if !seen {
			grid, _, _ := sheets.FindTab(tabs, c.Tab)
			ext.Rows = len(grid)
			for _, r := range grid {
				ext.Cols = max(ext.Cols, len(r))
			}
			read[c.Tab] = ext
		}
		if c.Row <= ext.Rows && c.Col < ext.Cols {
			continue
		}
		s := need[c.Tab]
		need[c.Tab] = sheets.Size{Rows: max(s.Rows, c.Row), Cols: max(s.Cols, c.Col+1)}
	}
	for _, t := range p.NewTabs {
		if _, ok := need[t]; !ok {
			need[t] = sheets.Size{Rows: 1, Cols: 1}
		}
	}
	return need
}
