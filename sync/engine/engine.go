package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
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

// Sharer gives the members access to the member directory, revoking only
// what it granted itself. *drive.Client is one.
type Sharer interface {
	Share(ctx context.Context, fileID string, members []domain.Member, granted []store.GrantedPermission) ([]store.GrantedPermission, drive.ShareResult, error)
}

var _ Sharer = (*drive.Client)(nil)

// Store is the coalition's Firestore record, as the engine uses it.
type Store interface {
	LoadSyncState(ctx context.Context) (store.SyncState, error)
	SaveSyncState(ctx context.Context, st store.SyncState) error
	Load(ctx context.Context) (*store.Snapshot, error)
	AllocateMemberIDsFrom(ctx context.Context, n, first int) ([]string, error)
	Plan(base *store.Snapshot, next store.State, opts store.SaveOptions) (*store.Plan, error)
	Apply(ctx context.Context, p *store.Plan) (store.SaveResult, error)
	SaveRun(ctx context.Context, run store.SyncRun) (string, error)
	TryAcquire(ctx context.Context, owner string, ttl time.Duration) (bool, error)
	Release(ctx context.Context, owner string) (again bool, err error)
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
	// Sharer shares the directory with the members; nil leaves sharing to people.
	Sharer   Sharer
	Settings Settings
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives one line per run; nil means slog.Default().
	Log *slog.Logger
}

// RunOptions shape one run.
type RunOptions struct {
	// DryRun plans and reports but writes nothing anywhere.
	DryRun bool
	// Force reads the spreadsheet even when its version is unchanged.
	Force bool
	// Trigger is what started the run, for the run report: cli, push, schedule.
	Trigger string
}

// Outcomes of a run.
const (
	OutcomeUnchanged = "unchanged" // nothing changed since the last run: nothing read, nothing written
	OutcomeApplied   = "applied"   // the plan was applied (it may have been empty)
	OutcomeBlocked   = "blocked"   // only the Sync issues tab was written; see Plan.Blocked
	OutcomeDryRun    = "dry run"   // planned only
	OutcomeBusy      = "busy"      // another run holds the lease; it will run again
)

// Result is what one run did.
type Result struct {
	Outcome string
	// Plan is nil when the run stopped at the version check.
	Plan *Plan
	// StorePlan is what would be or was saved to Firestore.
	StorePlan *store.Plan
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
	Store   store.SaveResult
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

// Run does one sync: version check, one read, plan, then (unless dry run)
// one write of the changed cells and a save of what changed in Firestore.
// The spreadsheet version recorded as seen is the one read before the
// content, so an edit made while the run writes is never hidden.
func (e *Engine) Run(ctx context.Context, opts RunOptions) (*Result, error) {
	now := e.now()
	asOf := domain.DateOf(now.In(e.Settings.Location))
	res := &Result{}
	version, err := e.Drive.Version(ctx, e.SpreadsheetID)
	if err != nil {
		return nil, fmt.Errorf("check the spreadsheet: %w", err)
	}
	res.Version = version
	state, err := e.Store.LoadSyncState(ctx)
	if err != nil {
		return nil, fmt.Errorf("load sync state: %w", err)
	}
	sh := e.settingsHash()
	if !opts.Force && state.SpreadsheetVersion == version && state.EvaluatedAsOf == asOf && state.SettingsHash == sh && state.SpreadsheetID == e.SpreadsheetID {
		res.Outcome = OutcomeUnchanged
		e.log().InfoContext(ctx, "sync: spreadsheet unchanged", "version", version, "trigger", opts.Trigger)
		return res, nil
	}
	tabs, err := e.Sheet.ReadTabs(ctx, Tabs)
	if err != nil {
		return nil, fmt.Errorf("read the spreadsheet: %w", err)
	}
	res.SheetRead = true
	if !opts.Force && state.ContentHash == contentHash(tabs) && state.EvaluatedAsOf == asOf &&
		state.SettingsHash == sh && state.SpreadsheetID == e.SpreadsheetID {
		// The sheet is exactly as the last run left it (its version moved
		// with our own write): the record is already up to date, since the
		// sync state is saved only after everything else.
		res.Outcome = OutcomeUnchanged
		if opts.DryRun {
			return res, nil
		}
		state.SpreadsheetVersion = version
		if err := e.Store.SaveSyncState(ctx, state); err != nil {
			return nil, err
		}
		e.log().InfoContext(ctx, "sync: spreadsheet as the last sync left it", "version", version, "trigger", opts.Trigger)
		return res, nil
	}
	snap, err := e.Store.Load(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the coalition's record: %w", err)
	}
	in := Input{Tabs: tabs, Known: knownFrom(snap), AsOf: asOf, Now: now, Settings: e.Settings}
	plan := MakePlan(in)
	if n := len(plan.NewMembers); n > 0 && !opts.DryRun {
		ids, err := e.allocate(ctx, n, plan)
		if err != nil {
			return nil, err
		}
		in.NewIDs = ids
		plan = MakePlan(in)
	}
	res.Plan = plan
	next := stateFrom(plan, snap, tabs)
	st := snap.Sync()
	st.SpreadsheetID = e.SpreadsheetID
	st.SpreadsheetVersion = version
	st.EvaluatedAsOf = asOf
	st.SettingsHash = sh
	st.ContentHash = contentHash(plan.After(tabs))
	var dirCells []sheets.Cell
	dirGrows, dirMoved := false, st.DirectoryID != e.DirectoryID
	if e.Directory != nil && !plan.IsBlocked() {
		dirCells, dirGrows = e.directoryCells(plan, &st)
	}
	res.DirectoryCells = len(dirCells)
	saveOpts := store.SaveOptions{Source: "sheet", Complete: completeKinds(tabs)}
	if plan.IsBlocked() {
		// Keep every entity as it is, and the version unseen: only the Sync
		// issues tab and the run report.
		next = store.State{}
		saveOpts.Complete = 0
	} else {
		next.Sync = &st
	}
	if opts.DryRun {
		sp, err := e.Store.Plan(snap, next, saveOpts)
		if err != nil {
			return nil, fmt.Errorf("plan the save: %w", err)
		}
		res.StorePlan, res.Outcome = sp, OutcomeDryRun
		return res, nil
	}
	if need := plan.Beyond(tabs); len(need) > 0 {
		if err := e.Sheet.Ensure(ctx, need); err != nil {
			return nil, fmt.Errorf("prepare tabs: %w", err)
		}
		res.TabsAdded = len(plan.NewTabs)
	}
	cells := make([]sheets.Cell, len(plan.Changes))
	for i, c := range plan.Changes {
		cells[i] = c.Cell
	}
	if err := e.Sheet.Write(ctx, cells); err != nil {
		return nil, fmt.Errorf("write results to the spreadsheet: %w", err)
	}
	res.CellsWritten = len(cells)
	if len(dirCells) > 0 {
		if err := e.writeDirectory(ctx, dirCells, dirGrows); err != nil {
			return nil, err
		}
	}
	var shareErr error
	if e.Sharer != nil && e.DirectoryID != "" && !plan.IsBlocked() {
		shareErr = e.share(ctx, plan, &st, dirMoved, res)
	}
	// Planned only now: sharing changed the sync state.
	sp, err := e.Store.Plan(snap, next, saveOpts)
	if err != nil {
		return nil, fmt.Errorf("plan the save: %w", err)
	}
	res.StorePlan = sp
	saved, err := e.Store.Apply(ctx, sp)
	if err != nil {
		return nil, fmt.Errorf("save to Firestore: %w", err)
	}
	res.Store = saved
	res.Outcome = OutcomeApplied
	if plan.IsBlocked() {
		res.Outcome = OutcomeBlocked
	}
	if res.CellsWritten > 0 || res.DirectoryCells > 0 || saved.Written() > 0 || plan.IsBlocked() || res.Sharing != nil {
		if _, err := e.Store.SaveRun(ctx, runReport(opts, now, e.now(), res)); err != nil {
			return nil, fmt.Errorf("save the run report: %w", err)
		}
	}
	if shareErr != nil {
		return res, shareErr
	}
	e.log().InfoContext(ctx, "sync: applied", "outcome", res.Outcome, "cells", res.CellsWritten,
		"tabsAdded", res.TabsAdded, "storeWrites", saved.Writes, "newMembers", len(plan.NewMembers),
		"missing", len(plan.Missing), "issues", len(plan.Issues), "trigger", opts.Trigger)
	if plan.IsBlocked() {
		return res, fmt.Errorf("%w: %s", ErrBlocked, plan.Blocked)
	}
	return res, nil
}

// share gives the members who should read the member directory access to
// it when they changed since the last run (known by a key, so an unchanged
// roster costs no Drive call), and records in st what the service granted,
// also when sharing stopped halfway.
func (e *Engine) share(ctx context.Context, p *Plan, st *store.SyncState, dirMoved bool, res *Result) error {
	var members []domain.Member
	for i, m := range p.Parsed.Coalition.Members {
		if !p.Excluded[i] {
			members = append(members, m)
		}
	}
	key := drive.SharingKey(members)
	if key == st.SharingKey && !dirMoved {
		return nil
	}
	granted, sr, err := e.Sharer.Share(ctx, e.DirectoryID, members, st.GrantedPermissions)
	st.GrantedPermissions = granted
	res.Sharing = &sr
	if err != nil {
		return fmt.Errorf("share the member directory: %w", err)
	}
	st.SharingKey = key
	return nil
}

// directoryCells returns the member directory's cells when it changed
// since the last write (known by its hash, so it is never read), with blanks
// over rows that are gone, and records the new hash in st. grows is true
// when the directory is new or longer than before, so its tab may need
// to be made or grown first.
func (e *Engine) directoryCells(p *Plan, st *store.SyncState) (cells []sheets.Cell, grows bool) {
	grid := directory.Build(p.Parsed.Coalition.Members, e.Settings.Lang)
	h := directory.Hash(grid)
	if h == st.DirectoryHash && st.DirectoryID == e.DirectoryID {
		return nil, false
	}
	grows = st.DirectoryID != e.DirectoryID || len(grid) > st.DirectoryRows
	rows := max(len(grid), st.DirectoryRows)
	width := len(grid[0])
	cells = make([]sheets.Cell, 0, rows*width)
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
	return cells, grows
}

// writeDirectory writes the member directory with one values.batchUpdate;
// when it grows, its tab is made big enough first (one read and at most
// one batchUpdate).
func (e *Engine) writeDirectory(ctx context.Context, cells []sheets.Cell, grows bool) error {
	last := cells[len(cells)-1]
	if grows {
		if err := e.Directory.Ensure(ctx, map[string]sheets.Size{directory.Tab: {Rows: last.Row, Cols: last.Col + 1}}); err != nil {
			return fmt.Errorf("prepare the member directory: %w", err)
		}
	}
	if err := e.Directory.Write(ctx, cells); err != nil {
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
func knownFrom(snap *store.Snapshot) Known {
	k := Known{Members: map[string]KnownMember{}, NextMemberNumber: snap.Sync().NextMemberNumber}
	for _, m := range snap.Members() {
		k.Members[m.ID] = KnownMember{Name: m.Name, Missing: m.Missing}
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
	seen := map[string]bool{}
	for i, m := range c.Members {
		if p.Excluded[i] {
			if old, ok := snap.Member(m.ID); ok && !seen[m.ID] {
				seen[m.ID] = true
				st.Members = append(st.Members, old)
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
			QuorumNeeded: r.QuorumNeeded, Quorum: r.Quorum, Recorded: r.Recorded, Attendance: map[string]domain.Code{}}
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
		b, _ := json.Marshal(tabs[k])
		fmt.Fprintf(h, "%s\x00%s\x00", k, b)
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
			run.Issues = append(run.Issues, "Members, "+pr.MemberID+": "+pr.Text.String())
		}
	}
	if res.Plan.IsBlocked() {
		run.Error = res.Plan.Blocked.String()
	}
	return run
}

// RunLeased runs a sync under the coalition's lease: if another run holds
// it, this one only asks it to run again (Outcome busy); if edits arrived
// during the run, it runs once more. The lease lasts ttl per run.
func (e *Engine) RunLeased(ctx context.Context, owner string, ttl time.Duration, opts RunOptions) (*Result, error) {
	ok, err := e.Store.TryAcquire(ctx, owner, ttl)
	if err != nil {
		return nil, fmt.Errorf("take the sync lease: %w", err)
	}
	if !ok {
		return &Result{Outcome: OutcomeBusy}, nil
	}
	for {
		res, runErr := e.Run(ctx, opts)
		again, err := e.Store.Release(ctx, owner)
		if runErr != nil {
			if again && err == nil {
				// Free the lease: the next trigger or the schedule retries.
				_, _ = e.Store.Release(ctx, owner)
			}
			return res, runErr
		}
		if err != nil {
			return res, fmt.Errorf("release the sync lease: %w", err)
		}
		if !again {
			return res, nil
		}
		// Edits arrived during the run; the lease is still ours.
		opts.Trigger = "again"
	}
}
