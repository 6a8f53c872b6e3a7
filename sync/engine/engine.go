package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"time"

	driveapi "google.golang.org/api/drive/v3"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/calendar"
	"github.com/coalitionsync/coalitionsync/sync/directory"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	"github.com/coalitionsync/coalitionsync/sync/store"
)

// Sheet is the coalition's spreadsheet as the engine uses it.
type Sheet interface {
	// ReadTabs reads whole tabs with one values.batchGet; absent tabs are left out.
	ReadTabs(ctx context.Context, names []string) (map[string][][]string, error)
	// Ensure makes tabs exist and be at least the given size (one read and at
	// most one batchUpdate; no call for an empty map).
	Ensure(ctx context.Context, need map[string]sheets.Size) error
	// Write writes cells with one values.batchUpdate, as RAW input.
	Write(ctx context.Context, cells []sheets.Cell) error
}

// Versioner tells a Drive file's version, which moves whenever its content does.
type Versioner interface {
	Version(ctx context.Context, fileID string) (int64, error)
}

// Sharer gives the members access to the member directory and to the
// coalition's shared folder, revoking only what it granted itself.
// *drive.Client is one.
type Sharer interface {
	// Permissions lists the file's permissions: what sharing is planned
	// against.
	Permissions(ctx context.Context, fileID string) ([]*driveapi.Permission, error)
	// ApplySharing carries out a sharing plan and returns the service's
	// record of its grants, up to date with what was done, also on error.
	ApplySharing(ctx context.Context, plan drive.SharingPlan) ([]drive.Granted, drive.ShareResult, error)
}

var _ Sharer = (*drive.Client)(nil)

// Store is the coalition's Firestore record, as the engine uses it.
type Store interface {
	LoadSyncState(ctx context.Context) (store.SyncState, error)
	LoadEvents(ctx context.Context) ([]store.EventRecord, error)
	SaveEvents(ctx context.Context, recs []store.EventRecord) error
	SaveSyncState(ctx context.Context, st store.SyncState) error
	// LoadGrants reads the record of the service's grants into base (its
	// own documents), only when a run shares a file.
	LoadGrants(ctx context.Context, base *store.Snapshot) ([]store.GrantedPermission, error)
	Load(ctx context.Context) (*store.Snapshot, error)
	// LoadForPlan is Load for a run: from the digest when the store has
	// no cache, fetching in Apply only what the plan changes.
	LoadForPlan(ctx context.Context) (*store.Snapshot, error)
	AllocateMemberIDsFrom(ctx context.Context, n, first int) ([]string, error)
	Plan(base *store.Snapshot, next store.State, opts store.SaveOptions) (*store.Plan, error)
	Apply(ctx context.Context, p *store.Plan) (store.SaveResult, error)
	SaveRun(ctx context.Context, run store.SyncRun) (string, error)
	// The coalition's sync lease: see the lease contract in package store.
	TryAcquire(ctx context.Context, owner string, ttl time.Duration) (bool, error)
	TryHold(ctx context.Context, owner string, ttl time.Duration) (bool, error)
	Release(ctx context.Context, owner string) (again bool, err error)
	ReleasePending(ctx context.Context, owner string) error
	Renew(ctx context.Context, owner string, ttl time.Duration) error
}

var _ Store = (*store.Coalition)(nil)

// Engine runs syncs of one coalition's spreadsheet with its Firestore record.
type Engine struct {
	Sheet         Sheet
	Drive         Versioner
	Store         Store
	SpreadsheetID string
	// Directory is the member directory spreadsheet; nil means none yet.
	Directory   Sheet
	DirectoryID string
	// Sharer shares the directory and the shared folder with the members;
	// nil leaves sharing to people.
	Sharer Sharer
	// CannotShare, when Sharer is nil, says why the service does not share
	// the directory and the folder (the account it acts as may not): each
	// run lists it in the Sync issues tab, rather than calling Drive to be
	// refused.
	CannotShare bool
	// FolderID is the coalition's shared Drive folder (SHARED_FOLDER_ID):
	// a folder, or a shared drive. Sharer gives it to the Active members
	// and their alternates like the directory, through the same code
	// (drive.PlanTargetSharing with drive.FolderTarget); "" means none.
	FolderID string
	// FolderRole is the role members get on the folder (SHARED_FOLDER_ROLE;
	// drive.RoleWriter when empty). A new role applies to new grants only.
	FolderRole string
	// FolderNotify lets Drive email each new grantee (SHARED_FOLDER_NOTIFY).
	FolderNotify bool
	// Calendar holds the meetings' events and invites the members; nil
	// sends no invitations.
	Calendar Calendar
	// CalendarID is the calendar the events are made on (for the record:
	// another one starts afresh).
	CalendarID string
	// CoalitionID makes the events' IDs (and the agendas' keys) the
	// coalition's own.
	CoalitionID string
	// Agendas writes each meeting's agenda Doc in the shared folder
	// (FolderID), AgendaDays before it; nil makes none.
	Agendas Agendas
	// CannotInvite, when Calendar is nil, says the account the service
	// acts as may not invite guests: each run lists it in the Sync issues
	// tab, rather than calling Calendar to be refused.
	CannotInvite bool
	Settings     Settings
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives one line per run; nil means slog.Default().
	Log *slog.Logger
	// After waits for the lease's heartbeat and between the release's
	// retries; nil means time.After. Tests pass a clock of their own.
	After func(d time.Duration) <-chan time.Time
}

// RunOptions shape one run.
type RunOptions struct {
	// DryRun plans and reports but writes nothing anywhere.
	DryRun bool
	// Force reads the spreadsheet and plans even when nothing changed.
	Force bool
	// IgnoreVersion reads the spreadsheet even when Drive's version is
	// unchanged, for the edit hook: Drive's version of a spreadsheet is
	// reported to lag people's edits by minutes
	// (googleapis/google-api-go-client#444). The content hash still stops
	// a run whose sheet is as the last run left it, before any write.
	IgnoreVersion bool
	// BeforeAgain, when set, is called by RunLeased before it runs again
	// for edits that arrived during a run (other instances' triggers, via
	// the lease's dirty flag): the runner waits there, so that runs keep
	// its pace however many instances ask. It holds the lease meanwhile
	// (renewed by the heartbeat).
	BeforeAgain func()
	// SeenVersion, when not 0, is Drive's version of the spreadsheet as the
	// caller read it just before (see Unchanged): the run uses it instead
	// of asking Drive again. It was read before the content, as the run
	// needs.
	SeenVersion int64
	// ReadCalendar reads the guests' answers changed since the last read
	// (one incremental events.list), for the scheduled reconcile and
	// Calendar's push notifications; never on the edit path.
	ReadCalendar bool
	// Trigger is what started the run, for the run report: cli, push, schedule.
	Trigger string
}

// Outcomes of a run.
const (
	OutcomeUnchanged = "unchanged" // nothing new since the last run: nothing written but the version seen
	OutcomeApplied   = "applied"   // the plan was applied (it may have been empty)
	OutcomeBlocked   = "blocked"   // only the Sync issues tab was written; see Plan.Blocked
	OutcomeDryRun    = "dry run"   // planned only
	OutcomeBusy      = "busy"      // another run holds the lease; it will run again
)

// Result is what one run did.
type Result struct {
	Outcome string
	// Plan is everything the run would do or did; nil when the run stopped
	// at the version check or found the sheet as the last run left it.
	Plan *Plan
	// Version is Drive's version of the spreadsheet, read before its content.
	Version int64
	// SheetRead tells an unchanged run that read the sheet (its version had
	// moved, by our own write) from one that stopped at the version.
	SheetRead    bool
	CellsWritten int
	TabsAdded    int
	// DirectoryCells is how many member directory cells were (or, in a dry
	// run, would be) written; 0 when the directory is unchanged.
	DirectoryCells int
	// Sharing is what sharing the member directory did; nil when the
	// members who should read it are the same as last time.
	Sharing *drive.ShareResult
	// FolderSharing is what sharing the shared folder did; nil when it
	// was not shared in this run (nobody new, or a failure before it).
	FolderSharing *drive.ShareResult
	// Calendar is what updating the meetings' events did; nil when they
	// were as the run wanted.
	Calendar *calendar.Result
	Store    store.SaveResult
}

// ErrBlocked is returned by Run when the plan was blocked: the deletion
// guard tripped or the spreadsheet could not be read as the contract says.
var ErrBlocked = errors.New("sync blocked")

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Engine) log() *slog.Logger {
	if e.Log != nil {
		return e.Log
	}
	return slog.Default()
}

// settingsHash identifies the choices that change results without any
// spreadsheet edit: policy and language.
func (e *Engine) settingsHash() string {
	b, _ := json.Marshal(struct {
		P domain.Policy
		L domain.Lang
	}{e.Settings.Policy, e.Settings.Lang})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// Run does one sync in three stages. It reads (Drive's version, the sync
// state, then, only when something may have changed, the spreadsheet with
// one values.batchGet, the Firestore record, and the member directory's
// permissions when who should read it changed); it plans every effect of
// the run from what it read alone (MakePlan, then planRest: a value, no
// I/O); and unless it is a dry run it applies the plan in fixed steps.
//
// The spreadsheet version recorded as seen is the one read before the
// content, so an edit made while the run writes is never hidden.
func (e *Engine) Run(ctx context.Context, opts RunOptions) (*Result, error) {
	r, res, err := e.read(ctx, opts)
	if err != nil || res != nil {
		return res, err
	}
	p, err := e.plan(r)
	if err != nil {
		return nil, err
	}
	if opts.DryRun {
		return &Result{Outcome: OutcomeDryRun, Plan: p, Version: r.version, SheetRead: true,
			DirectoryCells: len(p.Directory.Cells)}, nil
	}
	return e.apply(ctx, p, r, opts)
}

// Unchanged reports whether a run would stop at the version check: Drive's
// version of the spreadsheet, the day and the settings are those the last
// run recorded, and (when readCalendar) no guest's answer changed. It
// writes nothing, so a trigger can answer a no-op without taking the lease
// (one Drive call, one Firestore read, and one incremental Calendar read
// when asked); version is what Drive said, for RunOptions.SeenVersion.
func (e *Engine) Unchanged(ctx context.Context, readCalendar bool) (version int64, unchanged bool, err error) {
	version, err = e.Drive.Version(ctx, e.SpreadsheetID)
	if err != nil {
		return 0, false, fmt.Errorf("check the spreadsheet: %w", err)
	}
	st, err := e.Store.LoadSyncState(ctx)
	if err != nil {
		return version, false, fmt.Errorf("load sync state: %w", err)
	}
	asOf := domain.DateOf(e.now().In(e.Settings.Location))
	same := st.SpreadsheetVersion == version && st.EvaluatedAsOf == asOf &&
		st.SettingsHash == e.settingsHash() && st.SpreadsheetID == e.SpreadsheetID
	if same && readCalendar && e.Calendar != nil && len(st.Meetings) > 0 {
		// The token is not saved here (that would be a write): the run
		// that follows a change reads from the same one.
		_, _, moved, err := e.readResponses(ctx, st)
		if err != nil {
			// Said by the run's own read, which goes on without them.
			return version, false, nil
		}
		same = !moved
	}
	return version, same, nil
}

// reading is everything one run read: with the engine's settings, the only
// input of its plan.
type reading struct {
	start   time.Time
	asOf    domain.Date
	version int64
	// state is the sync state as the last run recorded it.
	state    store.SyncState
	settings string // settingsHash
	tabs     map[string][][]string
	snap     *store.Snapshot
	// sheet is the spreadsheet's plan, made while reading because it says
	// how many Member IDs to reserve and who should read the directory.
	sheet *Plan
	// permissions are the member directory's permissions, listed only when
	// sharingDue: who should read it changed, or it is a new file.
	permissions []*driveapi.Permission
	sharingDue  bool
	sharingKey  string // who should open the directory (drive.SharingKey)
	// The shared folder, the same way: its permissions, listed only when
	// folderDue (who should have it changed, or another folder); what
	// that listing shows for the Sync issues and the Dashboard (a preview
	// of the plan, which plan() makes again from the directory's); and
	// folderRefused when Drive refused to list them.
	folderPermissions []*driveapi.Permission
	folderDue         bool
	folderKey         string // drive.TargetSharingKey of the folder
	folderListed      bool
	folderBlocked     domain.Text
	folderByHand      store.HandAccess
	folderRefused     bool
	// grantsLoaded: the record of the service's grants was read into snap
	// (loadGrants), which a run does only when it shares a file.
	grantsLoaded bool
	// in is the spreadsheet plan's input (a follow-up plan reuses it).
	in Input
	// absentTabs are the optional tabs the spreadsheet does not have.
	absentTabs []string
	// The calendar: the events wanted and their fingerprint; the event
	// records, loaded only when calendarDue (the fingerprint moved); the
	// meetings' events with the answers read (calendarRead).
	want          []calendar.Meeting
	calendarKey   string
	calendarDue   bool
	events        []store.EventRecord
	calendarRead  bool
	meetings      []store.MeetingEvent
	calendarToken string
	declinesMoved bool
}

// read gathers what the plan needs, stopping as early as it can: at an
// unchanged version (one Drive call), or at content exactly as the last run
// left it (one more Sheets call, and the version recorded as seen). Then
// res is not nil and is the run's result. New Member IDs are reserved here,
// outside a dry run: a reservation is never undone, but an unused one only
// leaves a gap in the numbers.
func (e *Engine) read(ctx context.Context, opts RunOptions) (r *reading, res *Result, err error) {
	now := e.now()
	r = &reading{start: now, asOf: domain.DateOf(now.In(e.Settings.Location)), settings: e.settingsHash()}
	if r.version = opts.SeenVersion; r.version == 0 {
		if r.version, err = e.Drive.Version(ctx, e.SpreadsheetID); err != nil {
			return nil, nil, fmt.Errorf("check the spreadsheet: %w", err)
		}
	}
	if r.state, err = e.Store.LoadSyncState(ctx); err != nil {
		return nil, nil, fmt.Errorf("load sync state: %w", err)
	}
	st := r.state
	if opts.ReadCalendar && e.Calendar != nil && len(st.Meetings) > 0 {
		// The answers never hold up the rest of the sync: when Calendar
		// cannot be read, they wait for the next read, from the same token.
		if m, tok, moved, err := e.readResponses(ctx, st); err != nil {
			e.log().WarnContext(ctx, "sync: could not read the answers to the meeting invitations; the next sync tries again", "error", err.Error())
		} else {
			r.meetings, r.calendarToken, r.declinesMoved, r.calendarRead = m, tok, moved, true
		}
	}
	same := st.EvaluatedAsOf == r.asOf && st.SettingsHash == r.settings && st.SpreadsheetID == e.SpreadsheetID && !r.declinesMoved
	if !opts.Force && !opts.IgnoreVersion && same && st.SpreadsheetVersion == r.version {
		e.log().InfoContext(ctx, "sync: spreadsheet unchanged", "version", r.version, "trigger", opts.Trigger)
		if err := e.saveToken(ctx, r, opts); err != nil {
			return nil, nil, err
		}
		return nil, &Result{Outcome: OutcomeUnchanged, Version: r.version}, nil
	}
	// A tab the form may fill (Applications, Approval requests) that was
	// not there is not asked for again until the schedule's next run or
	// the next day: asking for a missing tab costs two more calls.
	names := Tabs
	if !opts.Force && same && len(st.AbsentTabs) > 0 {
		names = slices.DeleteFunc(slices.Clone(Tabs), func(t string) bool { return slices.Contains(st.AbsentTabs, t) })
	}
	if r.tabs, err = e.Sheet.ReadTabs(ctx, names); err != nil {
		return nil, nil, fmt.Errorf("read the spreadsheet: %w", err)
	}
	r.absentTabs = nil
	for _, t := range optionalTabs {
		if _, _, ok := sheets.FindTab(r.tabs, t); !ok {
			r.absentTabs = append(r.absentTabs, t)
		}
	}
	if !opts.Force && same && st.ContentHash == contentHash(r.tabs) {
		// The sheet is exactly as the last run left it (its version moved
		// with our own write): the record is already up to date, since the
		// sync state is saved only after everything else.
		//
		// This read is not saved by recording Drive's version after our
		// write instead: a person's edit landing between this run's read
		// and its write, or between the write and that files.get, moves
		// the version too, and recording it would hide the edit until the
		// next one. Telling our change from theirs would need the write to
		// return the version it made (values.batchUpdate returns none) or
		// each write to move the version by a known step (Drive documents
		// only "monotonically increasing"), so the one read stays.
		res = &Result{Outcome: OutcomeUnchanged, Version: r.version, SheetRead: true}
		if st.SpreadsheetVersion == r.version {
			return nil, res, e.saveToken(ctx, r, opts)
		}
		if opts.DryRun {
			return nil, res, nil
		}
		st.SpreadsheetVersion = r.version
		if r.calendarRead {
			st.CalendarToken = r.calendarToken
		}
		if err := e.Store.SaveSyncState(ctx, st); err != nil {
			return nil, nil, err
		}
		e.log().InfoContext(ctx, "sync: spreadsheet as the last sync left it", "version", r.version, "trigger", opts.Trigger)
		return nil, res, nil
	}
	if r.snap, err = e.Store.LoadForPlan(ctx); err != nil {
		return nil, nil, fmt.Errorf("load the coalition's record: %w", err)
	}
	in := e.input(r)
	r.sheet = MakePlan(in)
	if adm := r.sheet.Admissions; len(adm) > 0 {
		// Admitted applications become Members rows in this run, so that
		// their IDs, invitations and access follow at once.
		in.Admit = adm
		r.sheet = MakePlan(in)
	}
	if n := len(r.sheet.NewMembers); n > 0 && !opts.DryRun {
		if in.NewIDs, err = e.allocate(ctx, n, r.sheet); err != nil {
			return nil, nil, err
		}
		r.sheet = MakePlan(in)
	}
	r.in = in
	if err := e.readFolder(ctx, r); err != nil {
		return nil, nil, err
	}
	if e.Calendar != nil && !r.sheet.IsBlocked() {
		rec := r.snap.Sync()
		made := rec.Meetings
		if rec.CalendarID != e.CalendarID {
			made = nil
		}
		r.want = e.wantMeetings(r.sheet, made)
		r.calendarKey = calendarKey(e.CalendarID, r.want)
		spent := rec.InvitesDay == r.asOf && rec.InvitesDeferred
		_, refused := refusedFor(rec, r.calendarKey, r.asOf)
		r.calendarDue = r.calendarKey != rec.CalendarKey && !refused && !spent
		if r.calendarDue && rec.CalendarID == e.CalendarID {
			if r.events, err = e.Store.LoadEvents(ctx); err != nil {
				return nil, nil, fmt.Errorf("load the calendar event records: %w", err)
			}
		}
	}
	if e.Sharer != nil && e.DirectoryID != "" && !r.sheet.IsBlocked() {
		rec := r.snap.Sync()
		r.sharingKey = drive.SharingKey(r.sheet.members())
		r.sharingDue = (r.sharingKey != rec.SharingKey || rec.DirectoryID != e.DirectoryID) &&
			rec.SharingRefused != e.DirectoryID
		if r.sharingDue {
			if err := e.loadGrants(ctx, r); err != nil {
				return nil, nil, err
			}
			if r.permissions, err = e.Sharer.Permissions(ctx, e.DirectoryID); err != nil {
				return nil, nil, fmt.Errorf("read who can open the member directory: %w", err)
			}
		}
	}
	return r, nil, nil
}

// loadGrants reads the record of the service's grants into the run's
// snapshot, once: a run that shares nothing never reads it.
func (e *Engine) loadGrants(ctx context.Context, r *reading) error {
	if r.grantsLoaded {
		return nil
	}
	if _, err := e.Store.LoadGrants(ctx, r.snap); err != nil {
		return fmt.Errorf("load the record of the access the service gave: %w", err)
	}
	r.grantsLoaded = true
	return nil
}

// folderTarget is the shared folder as the settings say to share it.
func (e *Engine) folderTarget() drive.Target {
	return drive.FolderTarget(e.FolderID, e.FolderRole, e.FolderNotify)
}

// readFolder lists the shared folder's permissions when who should have
// it changed since it was last shared (its own sharing key, as the
// directory's), or it is another folder; otherwise it calls nothing. A
// refusal (drive.ErrCannotShare) is not a failure: it is recorded and
// said in the Sync issues tab. What the listing shows (a revocation the
// guard holds back, access given by hand) goes into the spreadsheet's plan,
// made again with it when it changes the Sync issues or the Dashboard.
func (e *Engine) readFolder(ctx context.Context, r *reading) error {
	if e.Sharer == nil || e.FolderID == "" || r.sheet.IsBlocked() {
		return nil
	}
	rec := r.snap.Sync()
	t := e.folderTarget()
	members := r.sheet.members()
	r.folderKey = drive.TargetSharingKey(t, members)
	r.folderDue = (r.folderKey != rec.FolderSharingKey || rec.FolderID != e.FolderID) && rec.FolderRefused != e.FolderID
	if !r.folderDue {
		return nil
	}
	if err := e.loadGrants(ctx, r); err != nil {
		return err
	}
	rec.GrantedPermissions = r.snap.Sync().GrantedPermissions
	perms, err := e.Sharer.Permissions(ctx, e.FolderID)
	switch {
	case errors.Is(err, drive.ErrCannotShare):
		e.log().WarnContext(ctx, "sync: Drive does not let the service share the shared folder", "error", err.Error())
		r.folderDue, r.folderRefused = false, true
	case err != nil:
		return fmt.Errorf("read who can open the shared folder: %w", err)
	default:
		r.folderPermissions, r.folderListed = perms, true
		preview := drive.PlanTargetSharing(t, members, toDrive(rec.GrantedPermissions), perms)
		r.folderBlocked, r.folderByHand = preview.Blocked, handAccess(preview.ByHand)
	}
	in := e.input(r)
	in.NewIDs, in.Admit = r.in.NewIDs, r.in.Admit
	if len(in.Notices) != len(r.in.Notices) || !sameHandAccess(in.FolderByHand, r.in.FolderByHand) {
		r.in, r.sheet = in, MakePlan(in)
	}
	return nil
}

// handAccess sums up the folder's access people gave by hand for the
// Dashboard: members by Member ID, everyone else counted by kind, so that
// no address of a person outside the coalition is ever kept or shown.
func handAccess(ps []drive.Person) store.HandAccess {
	var h store.HandAccess
	for _, p := range ps {
		switch {
		case p.MemberID != "":
			h.MemberIDs = append(h.MemberIDs, p.MemberID)
		case p.Type == "group":
			h.Groups++
		case p.Type == "domain":
			h.Domains++
		case p.Type == "anyone":
			h.Anyone++
		default:
			h.People++
		}
	}
	slices.Sort(h.MemberIDs)
	h.MemberIDs = slices.Compact(h.MemberIDs)
	return h
}

func sameHandAccess(a, b *store.HandAccess) bool {
	if a == nil || b == nil {
		return a == b
	}
	return slices.Equal(a.MemberIDs, b.MemberIDs) && a.People == b.People && a.Groups == b.Groups &&
		a.Domains == b.Domains && a.Anyone == b.Anyone
}

// saveToken records the calendar's new sync token when a run that read
// the answers stops early (nothing else to do): the next read starts there.
func (e *Engine) saveToken(ctx context.Context, r *reading, opts RunOptions) error {
	if !r.calendarRead || opts.DryRun || r.calendarToken == r.state.CalendarToken {
		return nil
	}
	st := r.state
	st.CalendarToken = r.calendarToken
	return e.Store.SaveSyncState(ctx, st)
}

// input is the spreadsheet plan's input, from what was read.
func (e *Engine) input(r *reading) Input {
	in := Input{Tabs: r.tabs, Known: knownFrom(r.snap), AsOf: r.asOf, Now: r.start, Settings: e.Settings}
	st := r.snap.Sync()
	if r.calendarRead {
		st.Meetings = r.meetings
	}
	if st.CalendarID != e.CalendarID {
		st.Meetings, st.CalendarRefused, st.InvitesRefused = nil, nil, ""
	}
	in.Calendar = e.view(st)
	in.Agendas = st.Agendas
	switch {
	case e.DirectoryID == "":
	case e.CannotShare && e.Sharer == nil:
		in.Notices = append(in.Notices, domain.Issue{Tab: sheets.TabMembers, Column: sheets.ColEmail, Message: domain.T(msgCannotShare)})
	case e.Sharer != nil && r.snap.Sync().SharingRefused == e.DirectoryID:
		in.Notices = append(in.Notices, domain.Issue{Tab: sheets.TabMembers, Column: sheets.ColEmail, Message: domain.T(msgShareRefused)})
	}
	e.folderInput(r, &in)
	return in
}

// folderInput adds what the spreadsheet says about the shared folder: why
// it is not shared, revocations the guard holds back (the plan's Blocked
// text, on every run until a person confirms), and for the Dashboard the
// access given by hand, as this run listed it or, when it listed nothing,
// as the last listing of the same folder recorded it.
func (e *Engine) folderInput(r *reading, in *Input) {
	if e.FolderID == "" {
		return
	}
	rec := r.snap.Sync()
	folderIssue := func(m domain.Text) {
		in.Notices = append(in.Notices, domain.Issue{Tab: sheets.TabMembers, Column: sheets.ColStatus, Message: m})
	}
	switch {
	case e.CannotShare && e.Sharer == nil:
		folderIssue(domain.T(msgCannotShareFolder))
		return
	case e.Sharer == nil:
		return
	case r.folderRefused || rec.FolderRefused == e.FolderID:
		folderIssue(domain.T(msgFolderRefused))
		return
	}
	if r.folderBlocked.Key != "" {
		folderIssue(r.folderBlocked)
	}
	var h store.HandAccess
	switch {
	case r.folderListed:
		h = r.folderByHand
	case rec.FolderID == e.FolderID:
		h = rec.FolderByHand
	}
	in.FolderByHand = &h
}

// plan completes the spreadsheet's plan with every other effect of the run:
// the member directory's cells, who gains and loses access to it, the sync
// state to record and the Firestore save. It does no I/O.
func (e *Engine) plan(r *reading) (*Plan, error) {
	p := r.sheet
	if p.IsBlocked() {
		// Keep every entity as it is, and the version unseen: only the Sync
		// issues tab and the run report.
		sp, err := e.Store.Plan(r.snap, store.State{}, store.SaveOptions{Source: "sheet"})
		if err != nil {
			return nil, fmt.Errorf("plan the save: %w", err)
		}
		p.Store = sp
		return p, nil
	}
	st := r.snap.Sync()
	dirMoved := st.DirectoryID != e.DirectoryID
	st.SpreadsheetID = e.SpreadsheetID
	st.SpreadsheetVersion = r.version
	st.AbsentTabs = r.absentTabs
	st.ApplicationHighest = max(st.ApplicationHighest, p.ApplicationHighest)
	st.AdmittedApplications = admittedIDs(st.AdmittedApplications, p)
	st.EvaluatedAsOf = r.asOf
	st.SettingsHash = r.settings
	st.ContentHash = contentHash(p.After(r.tabs))
	if e.Directory != nil {
		p.Directory = e.directoryPlan(p, &st)
	}
	dirRecs := toDrive(st.GrantedPermissions)
	if r.sharingDue {
		sp := drive.PlanSharing(e.DirectoryID, p.members(), dirRecs, r.permissions)
		p.Sharing = &sp
		dirRecs = sp.Keep
		st.GrantedPermissions = fromDrive(sp.Keep)
		st.SharingKey = r.sharingKey
		if dirMoved {
			st.DirectoryID = e.DirectoryID
		}
	}
	if r.folderDue {
		// The folder is planned after the directory, from the directory
		// plan's record (each passes the other file's records through);
		// the record to store takes the directory's records from one and
		// everything else from the other.
		fp := drive.PlanTargetSharing(e.folderTarget(), p.members(), dirRecs, r.folderPermissions)
		p.FolderSharing = &fp
		st.GrantedPermissions = fromDrive(e.mergeRecords(dirRecs, fp.Keep))
		st.FolderID, st.FolderByHand = e.FolderID, handAccess(fp.ByHand)
		st.FolderSharingKey = r.folderKey
		if fp.IsBlocked() {
			// Not recorded as shared: the next run plans again (and says
			// why again) until a person removes the access by hand or
			// undoes the change.
			st.FolderSharingKey = ""
		}
	}
	if r.folderRefused {
		st.FolderRefused = e.FolderID
	}
	st.Meetings = slices.Clone(st.Meetings)
	if r.calendarRead {
		st.Meetings, st.CalendarToken = slices.Clone(r.meetings), r.calendarToken
	}
	if e.Calendar != nil && st.CalendarID != e.CalendarID {
		// Another calendar: start afresh there.
		st.Meetings, st.CalendarRefused, st.InvitesRefused, st.CalendarToken = nil, nil, "", ""
	}
	for i, m := range st.Meetings {
		if filled, ok := p.FilledN[m.Key]; ok && m.Part == 0 {
			st.Meetings[i].FilledN = filled
		}
	}
	if r.calendarDue {
		changes := calendar.Plan(e.CoalitionID, r.want, toCalendar(r.events))
		p.CalendarChanges, st.InvitesSent, st.InvitesDeferred = e.budget(changes, st, r.asOf)
		st.InvitesDay, st.CalendarID = r.asOf, e.CalendarID
		if !st.InvitesDeferred {
			// Left as it was while changes wait: the next day's run plans
			// the rest.
			st.CalendarKey = r.calendarKey
		}
	}
	p.Agendas = e.planAgendas(p, st, r.asOf)
	p.State = st
	p.next = stateFrom(p, r.snap, r.tabs)
	p.next.Sync = &p.State
	p.saveOpts = store.SaveOptions{Source: "sheet", Complete: completeKinds(r.tabs)}
	sp, err := e.Store.Plan(r.snap, p.next, p.saveOpts)
	if err != nil {
		return nil, fmt.Errorf("plan the save: %w", err)
	}
	p.Store = sp
	return p, nil
}

// apply carries out a plan in fixed steps, each skipped when its part of
// the plan is empty: the spreadsheet's new tabs and owned cells, the member
// directory, sharing it, the Firestore save, the run report. A failed step
// stops the run, so nothing destructive (a revoked access) ever follows a
// failure; only a failure while sharing still saves, to keep the record of
// the grants made, with the version left unseen so that the next run
// shares again.
func (e *Engine) apply(ctx context.Context, p *Plan, r *reading, opts RunOptions) (*Result, error) {
	res := &Result{Plan: p, Version: r.version, SheetRead: true}
	if need := p.Beyond(r.tabs); len(need) > 0 {
		if err := e.Sheet.Ensure(ctx, need); err != nil {
			return nil, fmt.Errorf("prepare tabs: %w", err)
		}
		res.TabsAdded = len(p.NewTabs)
	}
	cells := make([]sheets.Cell, len(p.Changes))
	for i, c := range p.Changes {
		cells[i] = c.Cell
	}
	if err := e.Sheet.Write(ctx, cells); err != nil {
		return nil, fmt.Errorf("write results to the spreadsheet: %w", err)
	}
	res.CellsWritten = len(cells)
	if d := p.Directory; len(d.Cells) > 0 {
		if err := e.writeDirectory(ctx, d); err != nil {
			return nil, err
		}
		res.DirectoryCells = len(d.Cells)
	}
	shareErr, err := e.applySharing(ctx, p, r, res)
	if err != nil {
		return nil, errors.Join(shareErr, err)
	}
	calendarDone := false
	if r.calendarDue && shareErr == nil {
		cr, err := e.applyCalendar(ctx, p, r)
		res.Calendar = cr
		if err != nil {
			return res, err
		}
		calendarDone = true
	}
	agendaDone := shareErr == nil && len(p.Agendas) > 0 && e.applyAgendas(ctx, p, r)
	if calendarDone || agendaDone {
		// New events' and agendas' links, refused addresses and edited
		// agendas go to the sheet now, in one more write, made only when
		// they changed.
		if extra, need := e.followUp(p, r); len(extra) > 0 {
			if len(need) > 0 {
				if err := e.Sheet.Ensure(ctx, need); err != nil {
					return res, fmt.Errorf("prepare tabs: %w", err)
				}
			}
			if err := e.Sheet.Write(ctx, extra); err != nil {
				return res, fmt.Errorf("write the meetings' links to the spreadsheet: %w", err)
			}
			res.CellsWritten += len(extra)
		}
		next := p.next
		next.Sync = &p.State
		sp, err := e.Store.Plan(r.snap, next, p.saveOpts)
		if err != nil {
			return res, fmt.Errorf("plan the save: %w", err)
		}
		p.Store = sp
	}
	saved, err := e.Store.Apply(ctx, p.Store)
	if err != nil {
		return nil, errors.Join(shareErr, fmt.Errorf("save to Firestore: %w", err))
	}
	res.Store = saved
	res.Outcome = OutcomeApplied
	if p.IsBlocked() {
		res.Outcome = OutcomeBlocked
	}
	if res.CellsWritten > 0 || res.DirectoryCells > 0 || saved.Written() > 0 || p.IsBlocked() || res.Sharing != nil || res.FolderSharing != nil || res.Calendar != nil {
		if _, err := e.Store.SaveRun(ctx, runReport(opts, r.start, e.now(), res)); err != nil {
			return nil, errors.Join(shareErr, fmt.Errorf("save the run report: %w", err))
		}
	}
	if shareErr != nil {
		return res, shareErr
	}
	e.log().InfoContext(ctx, "sync: applied", "outcome", res.Outcome, "cells", res.CellsWritten,
		"tabsAdded", res.TabsAdded, "storeWrites", saved.Writes, "newMembers", len(p.NewMembers),
		"missing", len(p.Missing), "issues", len(p.Issues), "trigger", opts.Trigger)
	if p.IsBlocked() {
		return res, fmt.Errorf("%w: %s", ErrBlocked, p.Blocked)
	}
	return res, nil
}

// applySharing shares the member directory, then the shared folder, as
// planned, one file after the other through the same drive code. The
// record of the service's grants is updated with what was done, also when
// a step failed (shareErr): the save is planned again with it. After a
// failure while sharing the directory the folder waits for the next run,
// so that nothing is revoked after a failure. A file Drive refuses to let
// the service share is recorded and said in the Sync issues tab, and is
// not a failure of the run. err is a failure to plan the save.
func (e *Engine) applySharing(ctx context.Context, p *Plan, r *reading, res *Result) (shareErr, err error) {
	if p.Sharing == nil && p.FolderSharing == nil {
		return nil, nil
	}
	st := p.State
	now := toDrive(p.State.GrantedPermissions)
	dirty := false
	failed := func(what string, err error) {
		shareErr = errors.Join(shareErr, fmt.Errorf("%s: %w", what, err))
		st.SpreadsheetVersion, st.ContentHash = r.state.SpreadsheetVersion, r.state.ContentHash
		dirty = true
	}
	if p.Sharing != nil {
		granted, sr, err := e.Sharer.ApplySharing(ctx, *p.Sharing)
		res.Sharing = &sr
		now = granted
		if errors.Is(err, drive.ErrCannotShare) {
			// Not a failure of the run: people must act. Recorded, so
			// that the next runs say so without asking Drive again.
			e.log().WarnContext(ctx, "sync: Drive does not let the service share the member directory", "error", err.Error())
			st.SharingRefused = e.DirectoryID
			sr.Failed = append(sr.Failed, drive.Problem{Text: domain.T(msgShareRefused)})
			err, dirty = nil, true
		}
		if err != nil {
			failed("share the member directory", err)
			st.SharingKey = r.state.SharingKey
		}
	}
	if fp := p.FolderSharing; fp != nil {
		if shareErr != nil {
			// The folder's record stays as it was before this run.
			now = e.mergeRecords(now, toDrive(r.snap.Sync().GrantedPermissions))
			st.FolderSharingKey = r.state.FolderSharingKey
		} else {
			granted, fr, err := e.Sharer.ApplySharing(ctx, *fp)
			res.FolderSharing = &fr
			now = e.mergeRecords(now, granted)
			if errors.Is(err, drive.ErrCannotShare) {
				e.log().WarnContext(ctx, "sync: Drive does not let the service share the shared folder", "error", err.Error())
				st.FolderRefused = e.FolderID
				fr.Failed = append(fr.Failed, drive.Problem{Text: domain.T(msgFolderRefused)})
				err, dirty = nil, true
			}
			if err != nil {
				failed("share the coalition's shared folder", err)
				st.FolderSharingKey = r.state.FolderSharingKey
			}
		}
	}
	st.GrantedPermissions = fromDrive(now)
	if !dirty && slices.Equal(st.GrantedPermissions, p.State.GrantedPermissions) {
		return shareErr, nil
	}
	// The grants made are known only now: plan the save again with them.
	next := p.next
	next.Sync = &st
	sp, err := e.Store.Plan(r.snap, next, p.saveOpts)
	if err != nil {
		return shareErr, fmt.Errorf("plan the save: %w", err)
	}
	p.State, p.Store = st, sp
	return shareErr, nil
}

// mergeRecords is the service's record after sharing both files: the
// member directory's records from dir, every other file's from folder
// (see drive.ForFile).
func (e *Engine) mergeRecords(dir, folder []drive.Granted) []drive.Granted {
	return append(drive.ForFile(dir, e.DirectoryID), drive.ForOtherFiles(folder, e.DirectoryID)...)
}

// members are the member rows the run may act on: every row of the Members
// tab but those it must leave alone (see Plan.Excluded).
func (p *Plan) members() []domain.Member {
	var out []domain.Member
	for i, m := range p.Parsed.Coalition.Members {
		if i >= len(p.Excluded) || !p.Excluded[i] {
			out = append(out, m)
		}
	}
	return out
}

// toDrive and fromDrive convert the service's record of its grants between
// the store's type and the Drive adapter's, which know nothing of each other.
func toDrive(gs []store.GrantedPermission) []drive.Granted {
	out := make([]drive.Granted, len(gs))
	for i, g := range gs {
		out[i] = drive.Granted(g)
	}
	return out
}

func fromDrive(gs []drive.Granted) []store.GrantedPermission {
	if len(gs) == 0 {
		return nil
	}
	out := make([]store.GrantedPermission, len(gs))
	for i, g := range gs {
		out[i] = store.GrantedPermission(g)
	}
	return out
}

// DirectoryPlan is what a run writes to the member directory.
type DirectoryPlan struct {
	// Cells are the directory's cells, with blanks over rows that are gone;
	// nil when it is as the last run wrote it.
	Cells []sheets.Cell
	// Grows is true when the directory is new or longer than before, so
	// its tab may need to be made or grown first.
	Grows bool
}

// directoryPlan returns the member directory's cells when it changed since
// the last write (known by its hash, so it is never read), and records the
// new hash in st.
func (e *Engine) directoryPlan(p *Plan, st *store.SyncState) DirectoryPlan {
	grid := directory.Build(p.Parsed.Coalition.Members, e.Settings.Lang)
	h := directory.Hash(grid)
	if h == st.DirectoryHash && st.DirectoryID == e.DirectoryID {
		return DirectoryPlan{}
	}
	grows := st.DirectoryID != e.DirectoryID || len(grid) > st.DirectoryRows
	rows := max(len(grid), st.DirectoryRows)
	width := len(grid[0])
	cells := make([]sheets.Cell, 0, rows*width)
	for r := 0; r < rows; r++ {
		for c := 0; c < width; c++ {
			v := ""
			if r < len(grid) {
				v = grid[r][c]
			}
			cells = append(cells, sheets.Cell{Tab: directory.Tab, Col: c, Row: r + 1, Value: v})
		}
	}
	st.DirectoryID, st.DirectoryHash, st.DirectoryRows = e.DirectoryID, h, len(grid)
	return DirectoryPlan{Cells: cells, Grows: grows}
}

// writeDirectory writes the member directory with one values.batchUpdate;
// when it grows, its tab is made big enough first (one read and at most
// one batchUpdate).
func (e *Engine) writeDirectory(ctx context.Context, d DirectoryPlan) error {
	last := d.Cells[len(d.Cells)-1]
	if d.Grows {
		if err := e.Directory.Ensure(ctx, map[string]sheets.Size{directory.Tab: {Rows: last.Row, Cols: last.Col + 1}}); err != nil {
			return fmt.Errorf("prepare the member directory: %w", err)
		}
	}
	if err := e.Directory.Write(ctx, d.Cells); err != nil {
		return fmt.Errorf("write the member directory: %w", err)
	}
	return nil
}

// allocate reserves n Member IDs numbered above every ID on the sheet, so
// an ID typed there that the store has not seen is never given twice.
func (e *Engine) allocate(ctx context.Context, n int, p *Plan) ([]string, error) {
	first := 1
	isNew := map[int]bool{}
	for _, nm := range p.NewMembers {
		isNew[nm.Index] = true
	}
	for i, m := range p.Parsed.Coalition.Members {
		if n, ok := MemberNumber(m.ID); ok && !isNew[i] {
			first = max(first, n+1)
		}
	}
	ids, err := e.Store.AllocateMemberIDsFrom(ctx, n, first)
	if err != nil {
		return nil, fmt.Errorf("give new members their IDs: %w", err)
	}
	return ids, nil
}

// knownFrom is what planning needs of the store's record.
// admittedIDs are the Application IDs whose member the service appended or
// found on the Members tab: had, and those the plan admits.
func admittedIDs(had []string, p *Plan) []string {
	out := slices.Clone(had)
	for _, r := range p.Report.Applications {
		if r.Status == domain.ApplicationAdmitted && r.ID != "" && r.MemberIndex >= 0 && !slices.Contains(out, r.ID) {
			out = append(out, r.ID)
		}
	}
	slices.Sort(out)
	return out
}

func knownFrom(snap *store.Snapshot) Known {
	k := Known{Members: map[string]KnownMember{}, NextMemberNumber: snap.Sync().NextMemberNumber}
	for _, m := range snap.KnownMembers() {
		k.Members[m.ID] = KnownMember{Name: m.Name, Missing: m.Missing}
	}
	k.Attendance, k.Votes = snap.Kept()
	st := snap.Sync()
	k.ApplicationHighest = st.ApplicationHighest
	k.Admitted = map[string]bool{}
	for _, id := range st.AdmittedApplications {
		k.Admitted[id] = true
	}
	return k
}

// completeKinds lists the kinds whose tab was read whole: only those may
// have entities marked missing.
func completeKinds(tabs map[string][][]string) store.Kinds {
	k := store.KindMembers
	if _, _, ok := sheets.FindTab(tabs, sheets.TabAttendance); ok {
		k |= store.KindMeetings
	}
	if _, _, ok := sheets.FindTab(tabs, sheets.TabVotes); ok {
		k |= store.KindVotes
	}
	return k
}

// stateFrom is what Firestore should hold after the plan: members with
// their results, held meetings with attendance by Member ID, votes with
// their results. A row the plan excluded keeps its stored record as it is.
func stateFrom(p *Plan, snap *store.Snapshot, tabs map[string][][]string) store.State {
	var st store.State
	c := &p.Parsed.Coalition
	st.Members = make([]store.Member, 0, len(c.Members))
	seen := map[string]bool{}
	for i, m := range c.Members {
		if p.Excluded[i] {
			if !seen[m.ID] { // its stored record, if any, stays as it is
				seen[m.ID] = true
				st.Keep = append(st.Keep, m.ID)
			}
			continue
		}
		if seen[m.ID] {
			continue
		}
		seen[m.ID] = true
		r := p.Report.Members[i]
		m.Row = 0
		st.Members = append(st.Members, store.Member{Member: m, UnexcusedAbsences: r.UnexcusedAbsences, Flags: r.Flags})
	}
	overrides := map[domain.Date]domain.MeetingOverride{}
	for _, o := range p.Parsed.Overrides {
		if !o.MovedTo.IsZero() {
			overrides[o.MovedTo] = o
		} else {
			overrides[o.Scheduled] = o
		}
	}
	index := map[domain.Date]int{}
	for j, d := range c.Meetings {
		index[d] = j
	}
	for _, r := range p.Report.Meetings {
		mt := store.Meeting{Date: r.Date, VotingMembers: r.VotingMembers, Present: r.Present,
			QuorumNeeded: r.QuorumNeeded, Quorum: r.Quorum, Recorded: r.Recorded, Attendance: make(map[string]domain.Code, len(c.Attendance))}
		if o, ok := overrides[r.Date]; ok && !o.MovedTo.IsZero() {
			mt.Date, mt.DateOverride = o.Scheduled, o.MovedTo
		}
		j := index[r.Date]
		for i, row := range c.Attendance {
			if j < len(row) && row[j] != domain.Unrecorded && !p.Excluded[i] {
				mt.Attendance[c.Members[i].ID] = row[j]
			}
		}
		st.Meetings = append(st.Meetings, mt)
	}
	for _, o := range p.Parsed.Overrides {
		if o.Cancelled {
			st.Meetings = append(st.Meetings, store.Meeting{Date: o.Scheduled, Cancelled: true})
		}
	}
	sort.Slice(st.Meetings, func(i, j int) bool { return st.Meetings[i].Date.Before(st.Meetings[j].Date) })
	for k, v := range c.Votes {
		r := p.Report.Votes[k]
		v.Row = 0
		st.Votes = append(st.Votes, store.Vote{Vote: v, Valid: r.Valid, Passed: r.Passed, Result: r.Reason.In(domain.English)})
	}
	return st
}

// contentHash fingerprints tabs as read.
func contentHash(tabs map[string][][]string) string {
	keys := make([]string, 0, len(tabs))
	for k := range tabs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		writeTab(h, k, tabs[k]) // what encoding/json made of it (tabhash.go)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// runReport is the record of a run that changed something or was blocked.
// It holds counts and plain-language problems, never contact details.
func runReport(opts RunOptions, start, end time.Time, res *Result) store.SyncRun {
	run := store.SyncRun{Trigger: opts.Trigger, Started: start, Ended: end, Outcome: res.Outcome,
		Counts: map[string]int{
			"cells written":   res.CellsWritten,
			"directory cells": res.DirectoryCells,
			"tabs added":      res.TabsAdded,
			"store writes":    res.Store.Writes,
			"new members":     len(res.Plan.NewMembers),
			"members missing": len(res.Plan.Missing),
			"problems":        len(res.Plan.Issues),
		}}
	for _, is := range res.Plan.Issues {
		where := is.Tab
		if is.Row > 0 {
			where = fmt.Sprintf("%s row %d", is.Tab, is.Row)
		}
		if is.Column != "" {
			where += ", " + is.Column
		}
		run.Issues = append(run.Issues, where+": "+is.Message.String())
	}
	if sr := res.Sharing; sr != nil {
		run.Counts["directory access granted"] = sr.Granted
		run.Counts["directory access revoked"] = sr.Revoked
		for _, pr := range append(append([]drive.Problem(nil), sr.Skipped...), sr.Failed...) {
			if pr.MemberID == "" {
				run.Issues = append(run.Issues, pr.Text.String())
				continue
			}
			run.Issues = append(run.Issues, "Members, "+pr.MemberID+": "+pr.Text.String())
		}
	}
	if fr := res.FolderSharing; fr != nil {
		run.Counts["folder access granted"] = fr.Granted
		run.Counts["folder access revoked"] = fr.Revoked
		if fp := res.Plan.FolderSharing; fp != nil {
			run.Counts["folder revocations held back"] = len(fp.Held)
			if fp.IsBlocked() {
				run.Issues = append(run.Issues, fp.Blocked.String())
			}
		}
		for _, pr := range append(append([]drive.Problem(nil), fr.Skipped...), fr.Failed...) {
			if pr.MemberID == "" {
				run.Issues = append(run.Issues, pr.Text.String())
				continue
			}
			run.Issues = append(run.Issues, "Members, "+pr.MemberID+": "+pr.Text.String())
		}
	}
	if res.Plan.IsBlocked() {
		run.Error = res.Plan.Blocked.String()
	}
	return run
}

// Lease timing. A run holds the coalition's lease for a short ttl and a
// heartbeat renews it every ttl/3 while the run goes on: a lease whose
// holder died (killed, or cut off by its platform) is taken over after at
// most ttl, while a live run survives two failed renewals in a row.
const (
	// releaseAttempts and releaseTimeout bound the release of the lease,
	// which runs on a context of its own: a caller that stopped waiting
	// must not keep the lease held for its whole ttl.
	releaseAttempts = 3
	releaseTimeout  = 10 * time.Second
	// releaseBackoff is the first wait between two release attempts; it
	// doubles.
	releaseBackoff = time.Second
)

// ErrLeaseLost is wrapped by the error of a run whose lease was taken
// over while it ran (its heartbeat found another owner): the run stopped
// at once, before writing further.
var ErrLeaseLost = store.ErrLeaseLost

func (e *Engine) after(d time.Duration) <-chan time.Time {
	if e.After != nil {
		return e.After(d)
	}
	return time.After(d)
}

// RunLeased runs a sync under the coalition's lease: if another run holds
// it, this one only asks it to run again (Outcome busy); if edits arrived
// during the run, it runs once more.
//
// The lease lasts ttl and is renewed every ttl/3 while the run goes on; the
// run's length is bounded by ctx alone. The lease is released whatever
// ends the run, a cancelled ctx included, on a context of its own and with
// retries. A run that did not finish (it failed, its caller gave up, or a
// quota refusal was handed to the next trigger: retry.ErrDeferred) leaves
// the lease pending (store.Coalition.ReleasePending), so that the sync is
// not forgotten: the next trigger runs it at once.
func (e *Engine) RunLeased(ctx context.Context, owner string, ttl time.Duration, opts RunOptions) (*Result, error) {
	ok, err := e.Store.TryAcquire(ctx, owner, ttl)
	if err != nil {
		return nil, fmt.Errorf("take the sync lease: %w", err)
	}
	if !ok {
		return &Result{Outcome: OutcomeBusy}, nil
	}
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := e.heartbeat(runCtx, cancel, owner, ttl)
	for {
		res, runErr := e.Run(runCtx, opts)
		if cause := context.Cause(runCtx); errors.Is(cause, ErrLeaseLost) {
			stop()
			return res, errors.Join(runErr, fmt.Errorf("sync stopped: %w", cause))
		}
		if runErr != nil && !errors.Is(runErr, ErrBlocked) {
			// Unfinished: the next trigger runs the sync at once.
			stop()
			_, err := e.release(ctx, owner, true)
			if err != nil {
				return res, errors.Join(runErr, fmt.Errorf("release the sync lease: %w", err))
			}
			return res, runErr
		}
		// A blocked run is finished too: people must fix the sheet, and an
		// edit made during it (perhaps the fix) is run again below.
		again, err := e.release(ctx, owner, false)
		if err != nil || !again {
			stop()
			if err != nil {
				return res, errors.Join(runErr, fmt.Errorf("release the sync lease: %w", err))
			}
			return res, runErr
		}
		// Edits arrived during the run; the lease is still ours.
		opts.Trigger = "again"
		opts.SeenVersion = 0 // read Drive's version afresh: edits moved it
		// The trigger that asked may have been another instance's edit
		// hook, whose edit Drive's version is reported to lag by minutes
		// (see IgnoreVersion): the rerun reads the sheet whatever the
		// version says. The content hash still stops it before any write
		// when nothing changed.
		opts.IgnoreVersion = true
		if opts.BeforeAgain != nil {
			opts.BeforeAgain()
		}
	}
}

// release ends owner's hold of the lease: see ReleaseLease.
func (e *Engine) release(ctx context.Context, owner string, unfinished bool) (again bool, err error) {
	return ReleaseLease(ctx, e.Store, owner, unfinished, e.after, e.log())
}

// LeaseReleaser is what ReleaseLease needs of the store.
type LeaseReleaser interface {
	Release(ctx context.Context, owner string) (again bool, err error)
	ReleasePending(ctx context.Context, owner string) error
}

// ReleaseLease ends owner's hold of the coalition's lease on a context that
// the caller's end does not cancel, trying up to three times and waiting
// with after (nil means time.After) between tries. unfinished leaves the
// lease pending. again is Release's: run the sync once more.
//
// A retry is always a ReleasePending: the failed attempt may have been
// done (its answer lost), and a plain Release retried after a done "run
// again" would free the lease and forget that run.
func ReleaseLease(ctx context.Context, s LeaseReleaser, owner string, unfinished bool, after func(time.Duration) <-chan time.Time, log *slog.Logger) (again bool, err error) {
	if after == nil {
		after = time.After
	}
	ctx = context.WithoutCancel(ctx)
	wait := releaseBackoff
	for attempt := 1; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, releaseTimeout)
		if unfinished || attempt > 1 {
			again, err = false, s.ReleasePending(actx, owner)
		} else {
			again, err = s.Release(actx, owner)
		}
		cancel()
		switch {
		case err == nil:
			return again, nil
		case attempt > 1 && errors.Is(err, store.ErrLeaseLost):
			// An earlier attempt was done after all, or the lease expired
			// and was taken over: either way it is no longer ours.
			return false, nil
		case errors.Is(err, store.ErrLeaseLost) || attempt >= releaseAttempts:
			return false, err
		}
		log.WarnContext(ctx, "sync: could not release the sync lease; trying again", "attempt", attempt, "error", err.Error())
		<-after(wait)
		wait *= 2
	}
}

// heartbeat renews owner's lease every ttl/3 until stop is called or ctx
// ends. When the lease was taken over, it cancels the run with
// ErrLeaseLost, so that the run writes nothing further. A failed renewal
// is only logged: the next beat tries again, within the ttl.
func (e *Engine) heartbeat(ctx context.Context, lost context.CancelCauseFunc, owner string, ttl time.Duration) (stop func()) {
	every := ttl / 3
	hctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-hctx.Done():
				return
			case <-e.after(every):
			}
			rctx, rcancel := context.WithTimeout(hctx, every)
			err := e.Store.Renew(rctx, owner, ttl)
			rcancel()
			switch {
			case errors.Is(err, store.ErrLeaseLost):
				e.log().WarnContext(ctx, "sync: the sync lease was taken over; this run stops", "error", err.Error())
				lost(fmt.Errorf("renew the sync lease: %w", err))
				return
			case err != nil && hctx.Err() == nil:
				e.log().WarnContext(ctx, "sync: could not renew the sync lease; the next beat tries again", "error", err.Error())
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}
