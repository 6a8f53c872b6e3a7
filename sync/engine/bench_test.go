package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"sort"
	"testing"
	"time"

	"cloud.google.com/go/firestore"
	driveapi "google.golang.org/api/drive/v3"
	sheetsapi "google.golang.org/api/sheets/v4"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// The API methods a run may call, by discovery ID, with the short metric
// names the benchmarks report them under.
const (
	mFilesGet          = "drive.files.get"
	mBatchGet          = "sheets.spreadsheets.values.batchGet"
	mValuesBatchUpdate = "sheets.spreadsheets.values.batchUpdate"
	mSpreadsheetsGet   = "sheets.spreadsheets.get"
	mBatchUpdate       = "sheets.spreadsheets.batchUpdate"
	mPermissionsList   = "drive.permissions.list"
)

var benchMethods = []struct{ id, unit string }{
	{mFilesGet, "filesGet/op"},
	{mBatchGet, "batchGet/op"},
	{mValuesBatchUpdate, "valuesBatchUpdate/op"},
	{mSpreadsheetsGet, "spreadsheetsGet/op"},
	{mBatchUpdate, "spreadsheetsBatchUpdate/op"},
}

// discardLog drops the engine's one line per run, which would otherwise
// fill the benchmark output.
var discardLog = slog.New(slog.NewTextHandler(io.Discard, nil))

// benchMeetings is how many monthly meetings the invented coalitions have
// held: the fourth Mondays from April 2024 to March 2026.
const benchMeetings = 24

// benchNow is the fixed start of the benchmark clock: after the last held
// meeting (March 23, 2026) and before the next (April 27, 2026).
var benchNow = time.Date(2026, time.April, 1, 15, 0, 0, 0, time.UTC)

// benchEditRow and benchEditCol are the Attendance cell the one-cell edit
// changes (sheet row, 0-based column): an Active voting member's mark at
// the last held meeting. The generator makes it P.
const benchEditRow, benchEditCol = 3, benchMeetings

// mix is a small deterministic hash: the same coalition every run.
func mix(i, j int) int {
	h := uint32(i)*2654435761 ^ uint32(j)*40503 ^ 0x9e3779b9
	h ^= h >> 15
	h *= 2246822519
	h ^= h >> 13
	return int(h % 1000)
}

// inventedCoalition builds the tabs of an invented coalition of n members
// as people would have typed them before the service's first sync: no
// owned columns, no Member IDs, no Dashboard or Sync issues tab. Members
// are mostly Active voting organizations, with individuals, applicants,
// withdrawn members, non-voting members, members in no working group and
// reported contrary actions; attendance is about 80% P, 8% N, 5% A and 7%
// blank over benchMeetings monthly meetings; there is a vote at every
// third meeting.
func inventedCoalition(n int) map[string][][]string {
	members := [][]string{{"Name", "Type", "Sector", "Email", "Working groups", "Status", "Voting", "Joined", "Contrary action"}}
	attendance := [][]string{{"Name"}}
	var dates []domain.Date
	for k := range benchMeetings {
		d := domain.FourthMonday(2024+(3+k)/12, time.Month(1+(3+k)%12))
		dates = append(dates, d)
		attendance[0] = append(attendance[0], fmt.Sprintf("%d/%d/%d", int(d.Month), d.Day, d.Year))
	}
	groups := []string{"Legislative", "Communications", "Base building", "Legislative, Communications", "Base building, Legislative", ""}
	sectors := []string{"Immigrant rights", "Grassroots", "Education", "Healthcare", "Civil rights", "Labor"}
	var applicants []string
	for i := range n {
		name, typ := fmt.Sprintf("Invented Group %04d", i+1), "Organization"
		if i%5 == 4 {
			name, typ = fmt.Sprintf("Invented Person %04d", i+1), "Individual"
		}
		status, voting, joined := "Active", "Yes", "2024-01-15"
		switch {
		case i%20 == 7:
			status, voting, joined = "Applicant", "No", ""
			applicants = append(applicants, name)
		case i%20 == 13:
			status = "Withdrawn"
		case i%10 == 9:
			voting = "No"
		case i%3 == 2:
			joined = "2025-06-01"
		}
		contrary := ""
		if i%97 == 50 {
			contrary = "spoke against the coalition's platform at a public event"
		}
		members = append(members, []string{name, typ, sectors[i%len(sectors)],
			fmt.Sprintf("group%04d@example.org", i+1), groups[i%len(groups)], status, voting, joined, contrary})
		if status == "Applicant" {
			continue
		}
		row := []string{name}
		for k := range benchMeetings {
			mark := ""
			switch h := mix(i, k); {
			case h < 800:
				mark = "P"
			case h < 880:
				mark = "N"
			case h < 930:
				mark = "A"
			}
			row = append(row, mark)
		}
		attendance = append(attendance, row)
	}
	// The edited cell starts as P, so the benchmark's edits alternate A, P.
	attendance[benchEditRow-1][benchEditCol] = "P"
	votes := [][]string{{"Meeting", "Motion", "Kind", "Subject", "Yes", "No", "Abstain"}}
	for k := 0; k < benchMeetings; k += 3 {
		kind, subject, motion := "Other", "", fmt.Sprintf("Endorse invented bill %d", k+1)
		if k%2 == 1 && len(applicants) > 0 {
			kind, subject, motion = "Admit", applicants[k%len(applicants)], "Admit the applicant"
		}
		votes = append(votes, []string{dates[k].String(), motion, kind, subject,
			fmt.Sprint(n * 6 / 10), fmt.Sprint(n / 20), fmt.Sprint(n / 50)})
	}
	return map[string][][]string{
		"Members":    members,
		"Attendance": attendance,
		"Votes":      votes,
		"Meetings":   {{"Date", "Date override", "Cancelled", "Notes link"}},
	}
}

// benchWorld is one fake Google Workspace and one Firestore store on the
// emulator, on which each fixture gets a spreadsheet and a coalition of its own.
type benchWorld struct {
	ws     *workspacetest.Server
	client *firestore.Client
	ss     *sheetsapi.Service
	ds     *driveapi.Service
	store  *store.Store
	clock  *clock
	seq    int
}

func newBenchWorld(tb testing.TB) *benchWorld {
	tb.Helper()
	ctx := context.Background()
	ws := workspacetest.NewServer()
	tb.Cleanup(ws.Close)
	clk := &clock{t: benchNow}
	ws.SetClock(clk.now)
	ss, err := sheetsapi.NewService(ctx, ws.ClientOptions()...)
	if err != nil {
		tb.Fatal(err)
	}
	ds, err := driveapi.NewService(ctx, ws.ClientOptions()...)
	if err != nil {
		tb.Fatal(err)
	}
	client, _ := firestoretest.NewClient(tb)
	return &benchWorld{ws: ws, client: client, ss: ss, ds: ds, store: store.New(client, store.WithClock(clk.now)), clock: clk}
}

// fixture is one spreadsheet and one coalition record, synced by engine.
type fixture struct {
	id        string
	coalition string // the store's coalition ID
	engine    *engine.Engine
	phases    phases // accumulated over the fixture's runs
}

// fresh makes a new spreadsheet holding tabs and a new, empty coalition record.
func (w *benchWorld) fresh(tb testing.TB, tabs map[string][][]string) *fixture {
	tb.Helper()
	w.seq++
	id := w.ws.CreateSpreadsheet(fmt.Sprintf("Invented Coalition %d", w.seq), tabs)
	coal, err := w.store.Coalition(fmt.Sprintf("bench-%d", w.seq))
	if err != nil {
		tb.Fatal(err)
	}
	f := &fixture{id: id, coalition: coal.ID()}
	f.engine = &engine.Engine{
		Sheet:         timedSheet{sheets.NewClient(w.ss, id), &f.phases},
		Drive:         timedDrive{drive.NewClient(w.ds), &f.phases},
		Store:         timedStore{coal, &f.phases},
		SpreadsheetID: id,
		Settings:      engine.Settings{Policy: domain.DefaultPolicy(), Lang: domain.English, Location: time.UTC},
		Now:           w.clock.now,
		Log:           discardLog,
	}
	return f
}

// withSharing gives f the coalition's shared folder (made as setup makes
// it, by the account the service acts as) and, with directory, a member
// directory, shared by the engine with the Active members.
func (w *benchWorld) withSharing(tb testing.TB, f *fixture, directory bool) (folderID string) {
	tb.Helper()
	dc := drive.NewClient(w.ds)
	folderID, err := dc.CreateFolder(context.Background(), fmt.Sprintf("Invented Coalition %d shared folder", w.seq))
	if err != nil {
		tb.Fatal(err)
	}
	f.engine.Sharer, f.engine.FolderID = dc, folderID
	if directory {
		dirID := w.ws.CreateSpreadsheet(fmt.Sprintf("Invented Coalition %d member directory", w.seq), map[string][][]string{"Directory": nil})
		f.engine.Directory, f.engine.DirectoryID = sheets.NewClient(w.ss, dirID), dirID
	}
	return folderID
}

// admitMember appends an Active member with an email address to the
// Members tab (row 2+n+k), a minute later: the next run gives it a Member
// ID, the directory and the folder.
func (w *benchWorld) admitMember(tb testing.TB, f *fixture, n, k int) {
	tb.Helper()
	row := []string{fmt.Sprintf("Invented Newcomer %04d", k), "Organization", "Labor", fmt.Sprintf("newcomer%04d@example.org", k),
		"Legislative", "Active", "No", "2026-03-23", ""}
	if err := w.ws.SetCells(f.id, fmt.Sprintf("Members!A%d:I%d", n+2+k, n+2+k), [][]string{row}); err != nil {
		tb.Fatal(err)
	}
	w.clock.add(time.Minute)
}

// phases is the wall time a run spent in each of its steps that call out
// of the engine; what is left is the engine's own work (parse, rules, plan).
type phases struct {
	version, syncState, read, load, storePlan, ensure, write, save time.Duration
}

// timedSheet, timedDrive and timedStore time the engine's calls to its
// adapters, passing them through unchanged.
type timedSheet struct {
	engine.Sheet
	p *phases
}

func (s timedSheet) ReadTabs(ctx context.Context, names []string) (map[string][][]string, error) {
	defer since(&s.p.read, time.Now())
	return s.Sheet.ReadTabs(ctx, names)
}

func (s timedSheet) Ensure(ctx context.Context, need map[string]sheets.Size) error {
	defer since(&s.p.ensure, time.Now())
	return s.Sheet.Ensure(ctx, need)
}

func (s timedSheet) Write(ctx context.Context, cells []sheets.Cell) error {
	defer since(&s.p.write, time.Now())
	return s.Sheet.Write(ctx, cells)
}

type timedDrive struct {
	engine.Versioner
	p *phases
}

func (d timedDrive) Version(ctx context.Context, fileID string) (int64, error) {
	defer since(&d.p.version, time.Now())
	return d.Versioner.Version(ctx, fileID)
}

type timedStore struct {
	engine.Store
	p *phases
}

func (s timedStore) LoadSyncState(ctx context.Context) (store.SyncState, error) {
	defer since(&s.p.syncState, time.Now())
	return s.Store.LoadSyncState(ctx)
}

func (s timedStore) Load(ctx context.Context) (*store.Snapshot, error) {
	defer since(&s.p.load, time.Now())
	return s.Store.Load(ctx)
}

func (s timedStore) LoadForPlan(ctx context.Context) (*store.Snapshot, error) {
	defer since(&s.p.load, time.Now())
	return s.Store.LoadForPlan(ctx)
}

func (s timedStore) Plan(base *store.Snapshot, next store.State, opts store.SaveOptions) (*store.Plan, error) {
	defer since(&s.p.storePlan, time.Now())
	return s.Store.Plan(base, next, opts)
}

func (s timedStore) Apply(ctx context.Context, p *store.Plan) (store.SaveResult, error) {
	defer since(&s.p.save, time.Now())
	return s.Store.Apply(ctx, p)
}

func (s timedStore) SaveRun(ctx context.Context, run store.SyncRun) (string, error) {
	defer since(&s.p.save, time.Now())
	return s.Store.SaveRun(ctx, run)
}

func since(d *time.Duration, start time.Time) { *d += time.Since(start) }

// cost is what one or more runs did, as the fake and the store counted it.
type cost struct {
	calls  map[string]int
	cells  int
	writes int64
	reads  int64
	runs   int
	phases phases
	total  time.Duration // wall time of the runs
}

// measuredRun runs the engine once with fresh API counters and returns
// what the run cost.
func (w *benchWorld) measuredRun(tb testing.TB, f *fixture) (*engine.Result, cost) {
	tb.Helper()
	return w.measuredRunWith(tb, f, engine.RunOptions{Trigger: "benchmark"})
}

// measuredRunWith is measuredRun with the run's options.
func (w *benchWorld) measuredRunWith(tb testing.TB, f *fixture, opts engine.RunOptions) (*engine.Result, cost) {
	tb.Helper()
	w.ws.ResetCalls()
	before, p0 := w.store.Counters(), f.phases
	start := time.Now()
	res, err := f.engine.Run(context.Background(), opts)
	if err != nil {
		tb.Fatalf("Run: %v", err)
	}
	total := time.Since(start)
	after, p1 := w.store.Counters(), f.phases
	return res, cost{calls: w.ws.Calls(), cells: res.CellsWritten,
		writes: after.Writes - before.Writes, reads: after.Reads - before.Reads, runs: 1,
		total: total, phases: phases{
			version: p1.version - p0.version, syncState: p1.syncState - p0.syncState,
			read: p1.read - p0.read, load: p1.load - p0.load, storePlan: p1.storePlan - p0.storePlan,
			ensure: p1.ensure - p0.ensure, write: p1.write - p0.write, save: p1.save - p0.save,
		}}
}

// settle syncs f and runs again, so that the version the store holds is
// the one after the service's own write-back: the next run sees only what
// people changed.
// editAttendance is a person typing P or A (by k's parity) in the benchmark's
// attendance cell, a minute after the last change.
func (w *benchWorld) editAttendance(tb testing.TB, f *fixture, k int) {
	tb.Helper()
	if err := w.ws.SetCells(f.id, sheets.A1("Attendance", benchEditCol, benchEditRow), [][]string{{[2]string{"P", "A"}[k%2]}}); err != nil {
		tb.Fatal(err)
	}
	w.clock.add(time.Minute)
}

func (w *benchWorld) settle(tb testing.TB, f *fixture) {
	tb.Helper()
	w.measuredRun(tb, f)
	if _, c := w.measuredRun(tb, f); c.cells != 0 {
		tb.Fatalf("the run after the first sync wrote %d cells, want 0", c.cells)
	}
}

func (c *cost) add(d cost) {
	if c.calls == nil {
		c.calls = map[string]int{}
	}
	for m, n := range d.calls {
		c.calls[m] += n
	}
	c.cells += d.cells
	c.writes += d.writes
	c.reads += d.reads
	c.runs += d.runs
	c.total += d.total
	p, q := &c.phases, d.phases
	p.version += q.version
	p.syncState += q.syncState
	p.read += q.read
	p.load += q.load
	p.storePlan += q.storePlan
	p.ensure += q.ensure
	p.write += q.write
	p.save += q.save
}

// report adds the per-run API calls, cells and Firestore documents to b's results.
func (c *cost) report(b *testing.B) {
	if c.runs == 0 {
		return
	}
	per := func(n float64) float64 { return n / float64(c.runs) }
	total := 0
	for _, n := range c.calls {
		total += n
	}
	for _, m := range benchMethods {
		b.ReportMetric(per(float64(c.calls[m.id])), m.unit)
	}
	known := map[string]bool{}
	for _, m := range benchMethods {
		known[m.id] = true
	}
	var other []string
	for m := range c.calls {
		if !known[m] {
			other = append(other, m)
		}
	}
	sort.Strings(other)
	for _, m := range other {
		b.Logf("also called %s %d times in %d runs", m, c.calls[m], c.runs)
	}
	b.ReportMetric(per(float64(total)), "apiCalls/op")
	b.ReportMetric(per(float64(c.cells)), "cells/op")
	b.ReportMetric(per(float64(c.writes)), "fsWrites/op")
	b.ReportMetric(per(float64(c.reads)), "fsReads/op")
	p := c.phases
	ms := func(d time.Duration) float64 { return per(float64(d) / float64(time.Millisecond)) }
	calls := p.version + p.syncState + p.read + p.load + p.storePlan + p.ensure + p.write + p.save
	for _, ph := range []struct {
		unit string
		d    time.Duration
	}{
		{"versionMs/op", p.version}, {"syncStateMs/op", p.syncState}, {"readMs/op", p.read},
		{"loadMs/op", p.load}, {"storePlanMs/op", p.storePlan}, {"ensureMs/op", p.ensure},
		{"writeMs/op", p.write}, {"saveMs/op", p.save}, {"engineMs/op", c.total - calls},
	} {
		b.ReportMetric(ms(ph.d), ph.unit)
	}
}

// benchEdits times runs that each follow a person's one-cell attendance
// edit (made with the timer stopped), run with opts; frozen keeps Drive's
// version from moving with the edits, as when it lags them. One untimed
// edit run comes first, so the timed ones find the store's load cache
// warm, as a long-lived instance would.
func benchEdits(b *testing.B, tabs map[string][][]string, opts engine.RunOptions, frozen bool) {
	w := newBenchWorld(b)
	f := w.fresh(b, tabs)
	w.settle(b, f)
	if frozen {
		w.ws.FreezeVersion(f.id)
	}
	k := 1 // "A": the cell holds something else at first
	w.editAttendance(b, f, k)
	if _, d := w.measuredRunWith(b, f, opts); d.cells == 0 {
		b.Fatalf("warm-up edit run wrote no cells")
	}
	var c cost
	for b.Loop() {
		b.StopTimer()
		k++
		w.editAttendance(b, f, k)
		b.StartTimer()
		res, d := w.measuredRunWith(b, f, opts)
		b.StopTimer()
		if res.Outcome != engine.OutcomeApplied || d.cells == 0 {
			b.Fatalf("edit run (%s): outcome %q, %d cells; want applied with cells", opts.Trigger, res.Outcome, d.cells)
		}
		c.add(d)
		b.StartTimer()
	}
	c.report(b)
}

// BenchmarkSync measures whole engine runs (Drive version check, one
// values.batchGet, plan, one values.batchUpdate, Firestore save) against
// the workspacetest fake, in this process, and the Firestore emulator, for
// invented coalitions of 500 and 5,000 members and 24 meetings:
//
//   - first: a fresh spreadsheet and an empty store each iteration (made
//     with the timer stopped); the run adds the owned columns, the
//     Dashboard and Sync issues tabs, Member IDs and every result;
//   - edit: a person changes one attendance cell (timer stopped), then one run;
//   - afterwrite: the run that follows the edit run, which sees the
//     version moved by the service's own write-back: every edit costs one;
//   - noop: nothing changed since the last run;
//   - edithook: Drive's version frozen (as it lags people's edits), a
//     person changes one attendance cell, then the edit hook's run
//     (IgnoreVersion): edit to owned cell written in one run;
//   - edithook-noop: the edit hook's run with Drive's version frozen and
//     nothing new: one read, no write;
//   - shared-admit: with a member directory and the shared folder, a
//     person adds one Active member: one run gives it a Member ID, and
//     access to both (one permissions.list and one permissions.create on
//     each file);
//   - shared-noop: with both shared, nothing changed since the last run.
//
// Time and bytes include the fake's own work serving the calls (it runs in
// the benchmark's process) and the Firestore client's; calls, cells and
// Firestore documents are exact. The ...Ms/op metrics split each run's wall
// time by step: the Drive version check, the sync state read, the sheet
// read (values.batchGet), the store load, the store's save plan (hashing),
// tab preparation, the sheet write (values.batchUpdate), the Firestore
// save (with the run report), and engineMs, the rest: parsing, the rules,
// the plan, and on a first sync the Member ID allocation.
//
//	go test ./sync/engine -run '^$' -bench BenchmarkSync -benchmem -benchtime=3x
func BenchmarkSync(b *testing.B) {
	// Warm the emulator's JVM and the clients up first, untimed, so that
	// the first case measured is not charged for it.
	warm := newBenchWorld(b)
	warm.settle(b, warm.fresh(b, inventedCoalition(500)))
	for _, n := range []int{500, 5000} {
		tabs := inventedCoalition(n)
		b.Run(fmt.Sprintf("members=%d/first", n), func(b *testing.B) {
			w := newBenchWorld(b)
			var c cost
			for b.Loop() {
				b.StopTimer()
				f := w.fresh(b, tabs)
				b.StartTimer()
				res, d := w.measuredRun(b, f)
				b.StopTimer()
				if res.Outcome != engine.OutcomeApplied || len(res.Plan.NewMembers) != n {
					b.Fatalf("first sync: outcome %q, %d new members; want applied, %d", res.Outcome, len(res.Plan.NewMembers), n)
				}
				c.add(d)
				b.StartTimer()
			}
			c.report(b)
		})
		b.Run(fmt.Sprintf("members=%d/edit", n), func(b *testing.B) {
			benchEdits(b, tabs, engine.RunOptions{Trigger: "benchmark"}, false)
		})
		b.Run(fmt.Sprintf("members=%d/afterwrite", n), func(b *testing.B) {
			w := newBenchWorld(b)
			f := w.fresh(b, tabs)
			w.settle(b, f)
			var c cost
			k := 0
			for b.Loop() {
				b.StopTimer()
				k++
				w.editAttendance(b, f, k)
				if _, d := w.measuredRun(b, f); d.cells == 0 {
					b.Fatalf("edit run wrote no cells")
				}
				b.StartTimer()
				res, d := w.measuredRun(b, f)
				b.StopTimer()
				if res.Outcome != engine.OutcomeUnchanged || d.cells != 0 {
					b.Fatalf("run after the write-back: outcome %q, %d cells; want unchanged, none", res.Outcome, d.cells)
				}
				c.add(d)
				b.StartTimer()
			}
			c.report(b)
		})
		hook := engine.RunOptions{Trigger: "edit", IgnoreVersion: true}
		b.Run(fmt.Sprintf("members=%d/edithook", n), func(b *testing.B) {
			benchEdits(b, tabs, hook, true)
		})
		b.Run(fmt.Sprintf("members=%d/edithook-noop", n), func(b *testing.B) {
			w := newBenchWorld(b)
			f := w.fresh(b, tabs)
			w.settle(b, f)
			w.ws.FreezeVersion(f.id)
			var c cost
			for b.Loop() {
				res, d := w.measuredRunWith(b, f, hook)
				if res.Outcome != engine.OutcomeUnchanged || d.writes != 0 {
					b.Fatalf("edit hook run with nothing new: outcome %q, %d Firestore writes; want unchanged, none", res.Outcome, d.writes)
				}
				c.add(d)
			}
			c.report(b)
		})
		b.Run(fmt.Sprintf("members=%d/shared-admit", n), func(b *testing.B) {
			w := newBenchWorld(b)
			f := w.fresh(b, tabs)
			w.withSharing(b, f, true)
			w.settle(b, f)
			var c cost
			k := 0
			for b.Loop() {
				b.StopTimer()
				k++
				w.admitMember(b, f, n, k)
				b.StartTimer()
				res, d := w.measuredRun(b, f)
				b.StopTimer()
				if res.Sharing == nil || res.Sharing.Granted != 1 || res.FolderSharing == nil || res.FolderSharing.Granted != 1 {
					b.Fatalf("admit run: directory %+v, folder %+v; want one grant on each", res.Sharing, res.FolderSharing)
				}
				c.add(d)
				w.measuredRun(b, f) // the run after the write-back, untimed
				b.StartTimer()
			}
			c.report(b)
		})
		b.Run(fmt.Sprintf("members=%d/application-admit", n), func(b *testing.B) {
			// An application received before the last meeting, admitted there
			// by a valid vote: the run appends the member, gives it an ID, an
			// Attendance row and access to both shared files.
			withApps := maps.Clone(tabs)
			withApps["Applications"] = [][]string{{"Timestamp", "Organization name", "Email", "Working group"}}
			last := domain.FourthMonday(2024+(3+benchMeetings-1)/12, time.Month(1+(3+benchMeetings-1)%12))
			w := newBenchWorld(b)
			f := w.fresh(b, withApps)
			w.withSharing(b, f, true)
			w.settle(b, f)
			var c cost
			k := 0
			for b.Loop() {
				b.StopTimer()
				k++
				name := fmt.Sprintf("Invented Applicant %04d", k)
				if err := w.ws.SetCells(f.id, fmt.Sprintf("Applications!A%d:D%d", k+1, k+1), [][]string{{
					last.AddDays(-10).String() + " 10:00:00", name, fmt.Sprintf("applicant%04d@example.org", k), "Legislative"}}); err != nil {
					b.Fatal(err)
				}
				votes := w.ws.Values(f.id, "Votes")
				if err := w.ws.SetCells(f.id, fmt.Sprintf("Votes!A%d:G%d", len(votes)+1, len(votes)+1), [][]string{{
					last.String(), "Admit " + name, "Admit", name, "1", "0", "0"}}); err != nil {
					b.Fatal(err)
				}
				w.clock.add(time.Minute)
				b.StartTimer()
				res, d := w.measuredRun(b, f)
				b.StopTimer()
				if len(res.Plan.Appended) != 1 || res.Sharing == nil || res.Sharing.Granted != 1 {
					b.Fatalf("admit run: %d appended, directory %+v; want one member appended and granted", len(res.Plan.Appended), res.Sharing)
				}
				c.add(d)
				w.measuredRun(b, f) // the run after the write-back, untimed
				b.StartTimer()
			}
			c.report(b)
		})
		b.Run(fmt.Sprintf("members=%d/shared-noop", n), func(b *testing.B) {
			w := newBenchWorld(b)
			f := w.fresh(b, tabs)
			w.withSharing(b, f, true)
			w.settle(b, f)
			var c cost
			for b.Loop() {
				res, d := w.measuredRun(b, f)
				if res.Outcome != engine.OutcomeUnchanged {
					b.Fatalf("no-op run with sharing: outcome %q, want unchanged", res.Outcome)
				}
				c.add(d)
			}
			c.report(b)
			b.ReportMetric(w.stateBytes(b, f), "state-bytes")
		})
		b.Run(fmt.Sprintf("members=%d/noop", n), func(b *testing.B) {
			w := newBenchWorld(b)
			f := w.fresh(b, tabs)
			w.settle(b, f)
			var c cost
			for b.Loop() {
				res, d := w.measuredRun(b, f)
				if res.Outcome != engine.OutcomeUnchanged {
					b.Fatalf("no-op run: outcome %q, want unchanged", res.Outcome)
				}
				c.add(d)
			}
			c.report(b)
		})
	}
}

// stateBytes is the size of f's sync state document, as JSON: what every
// run's version check reads.
func (w *benchWorld) stateBytes(b *testing.B, f *fixture) float64 {
	b.Helper()
	d, err := w.client.Doc("coalitions/" + f.coalition + "/sync/state").Get(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	j, err := json.Marshal(d.Data())
	if err != nil {
		b.Fatal(err)
	}
	return float64(len(j))
}
