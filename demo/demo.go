// Package demo provides the local demonstration of coalitionsync: the
// invented sample coalition in a local stand-in for Google Sheets and Drive
// (sync/workspacetest, reached through Google's own client libraries) and a
// real Firestore emulator, set up, synced, edited by a pretend facilitator
// and synced again, with every step told in plain words.
package demo

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"cloud.google.com/go/firestore"
	calendarapi "google.golang.org/api/calendar/v3"
	driveapi "google.golang.org/api/drive/v3"
	sheetsapi "google.golang.org/api/sheets/v4"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/agenda"
	"github.com/coalitionsync/coalitionsync/sync/calendar"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/sync/setup"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/store/emulator"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// Options shape the demo.
type Options struct {
	// Now is the moment the demo pretends it is; zero means 2026-11-22 noon
	// in the coalition's time zone, so the demo tells the same story every day.
	Now      time.Time
	Lang     domain.Lang
	Location *time.Location
	// MaxLines caps how many lines of the plan are shown (0 = 25).
	MaxLines int
	// Members, when more than 0, replaces the sample with an invented
	// coalition of that many members.
	Members int
	// Log receives the engine's log lines; nil discards them.
	Log *slog.Logger
}

// Run tells the demo on w. It starts the Firestore emulator (or uses
// FIRESTORE_EMULATOR_HOST) and stops what it started.
func Run(ctx context.Context, w io.Writer, opts Options) error {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Lang == "" {
		opts.Lang = domain.English
	}
	if opts.Now.IsZero() {
		opts.Now = time.Date(2026, time.November, 22, 12, 0, 0, 0, opts.Location)
	}
	if opts.MaxLines == 0 {
		opts.MaxLines = 25
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	now := opts.Now
	clock := func() time.Time { return now }
	p := printer{w: w}

	p.step("Starting a local Firestore emulator and a local stand-in for Google Sheets and Drive")
	stop, err := startEmulator(ctx)
	if err != nil {
		return err
	}
	defer stop()
	ws := workspacetest.NewServer()
	defer ws.Close()
	ws.SetClock(clock)

	tabs, err := coalitionTabs(opts.Members, domain.DateOf(now))
	if err != nil {
		return err
	}
	id := ws.CreateSpreadsheet("Invented Coalition", tabs)
	dirID := ws.CreateSpreadsheet("Invented Coalition member directory", map[string][][]string{"Directory": nil})
	if opts.Members > 0 {
		p.line(fmt.Sprintf("An invented coalition of %d members is in a spreadsheet with Members, Attendance and Votes tabs.", opts.Members))
	} else {
		p.line("The sample coalition (examples/*.csv, all invented) is in a spreadsheet with Members, Attendance and Votes tabs.")
	}
	// Google Calendar refuses a plain service account's invitations: the
	// service acts as the coalition's organizer account.
	ws.RequireDelegationForAttendees(true)
	cs, err := calendarapi.NewService(ctx, ws.DelegatedClientOptions("organizer@invented-coalition.example.org")...)
	if err != nil {
		return err
	}

	ss, err := sheetsapi.NewService(ctx, ws.ClientOptions()...)
	if err != nil {
		return err
	}
	ds, err := driveapi.NewService(ctx, ws.ClientOptions()...)
	if err != nil {
		return err
	}
	// The coalition's shared folder, as coalition setup makes it.
	folderID, err := drive.NewClient(ds).CreateFolder(ctx, "Invented Coalition shared folder")
	if err != nil {
		return err
	}
	fs, err := firestore.NewClient(ctx, fmt.Sprintf("demo-%d", time.Now().UnixNano()))
	if err != nil {
		return fmt.Errorf("connect to the Firestore emulator: %w", err)
	}
	defer fs.Close()
	st := store.New(fs, store.WithClock(clock))
	coal, err := st.Coalition("invented-coalition")
	if err != nil {
		return err
	}

	p.step("coalition setup: adding what the spreadsheet lacks, without touching what people typed")
	sres, err := setup.Run(ctx, ss, setup.Options{SpreadsheetID: id, Lang: opts.Lang})
	if err != nil {
		return fmt.Errorf("set up the spreadsheet: %w", err)
	}
	p.list(sres.Added, opts.MaxLines)

	e := &engine.Engine{
		Sheet: sheets.NewClient(ss, id), Drive: drive.NewClient(ds), Store: coal, SpreadsheetID: id,
		Directory: sheets.NewClient(ss, dirID), DirectoryID: dirID, Sharer: drive.NewClient(ds),
		Calendar: calendar.NewClient(cs, "primary"), CalendarID: "primary", CoalitionID: "invented-coalition",
		FolderID: folderID, FolderRole: "writer", Agendas: agenda.NewClient(ds),
		Settings: engine.Settings{Policy: domain.DefaultPolicy(), Lang: opts.Lang, Location: opts.Location, Horizon: 3},
		Now:      clock, Log: opts.Log,
	}

	p.step(fmt.Sprintf("coalition plan: what a sync would change, as of %s (nothing is written)", domain.FormatDate(domain.DateOf(now), opts.Lang)))
	ws.ResetCalls()
	res, err := e.Run(ctx, engine.RunOptions{DryRun: true, Trigger: "demo"})
	if err != nil {
		return err
	}
	p.list(res.Plan.DescribeSheet(opts.Lang), opts.MaxLines)
	p.list(res.Plan.DescribeBeyond(opts.Lang), opts.MaxLines)
	p.line(engine.DescribeSave(res.Plan.Store.Result, opts.Lang))
	p.line("Calls: " + calls(ws.Calls()))

	p.step("coalition sync: applying it")
	ws.ResetCalls()
	if res, err = e.Run(ctx, engine.RunOptions{Trigger: "demo"}); err != nil {
		return err
	}
	p.line(res.Summary(opts.Lang))
	p.line("Calls: " + calls(ws.Calls()))
	p.table("Meetings tab (quorum is two thirds of voting members)", ws.Values(id, "Meetings"), []string{"Date", "Voting members", "Present", "Quorum needed", "Quorum"})
	p.table("Members who need attention (Members tab)", flagged(ws.Values(id, "Members")), []string{"Member ID", "Name", "Unexcused absences", "Flags"})
	p.table("Votes tab", ws.Values(id, "Votes"), []string{"Meeting", "Motion", "Result"})
	p.table("Sync issues tab", ws.Values(id, "'Sync issues'"), nil)
	if err := p.invitations(ws, id, opts.MaxLines); err != nil {
		return err
	}
	if err := p.agendas(ctx, coal, ws); err != nil {
		return err
	}

	p.step("The sync right after: it reads once to see its own writes, and changes nothing")
	ws.ResetCalls()
	if res, err = e.Run(ctx, engine.RunOptions{Trigger: "demo"}); err != nil {
		return err
	}
	p.line(res.Summary(opts.Lang))
	p.line("Calls: " + calls(ws.Calls()))

	who, when := "Maple Street Clinic (invented)", "10/26/2026"
	if opts.Members > 0 {
		g := ws.Values(id, "Attendance")
		who, when = g[1][slices.Index(g[0], sheets.ColName)], g[0][len(g[0])-2]
	}
	p.step(fmt.Sprintf("A facilitator marks an absence without notice (Attendance, %s, %s), then a sync", who, when))
	if err := markAbsent(ws, id, who, when); err != nil {
		return err
	}
	ws.ResetCalls()
	if res, err = e.Run(ctx, engine.RunOptions{Trigger: "demo"}); err != nil {
		return err
	}
	p.list(res.Plan.Describe(opts.Lang), opts.MaxLines)
	p.line(res.Summary(opts.Lang))
	p.line("Calls: " + calls(ws.Calls()))

	if err := p.calendarStory(ctx, ws, e, id, opts); err != nil {
		return err
	}
	if opts.Members == 0 {
		if err := p.applicationStory(ctx, ws, e, id, opts, &now); err != nil {
			return err
		}
	}

	p.step("Nothing changed since: the sync asks Drive for the version and stops")
	e.Run(ctx, engine.RunOptions{Trigger: "demo"}) // settles the version after our own write
	ws.ResetCalls()
	before := st.Counters()
	if res, err = e.Run(ctx, engine.RunOptions{Trigger: "demo"}); err != nil {
		return err
	}
	p.line(res.Summary(opts.Lang))
	p.line(fmt.Sprintf("Calls: %s; Firestore writes: %d", calls(ws.Calls()), st.Counters().Writes-before.Writes))

	p.step("Member directory (contact details only for members who consented)")
	p.table("", ws.Values(dirID, "Directory"), []string{"Name", "Type", "Sector", "Email"})
	p.line("Done. Run it against Google with SPREADSHEET_ID, COALITION_ID and GOOGLE_CLOUD_PROJECT set: see docs/deploy.md.")
	return nil
}

// startEmulator starts the Firestore emulator and points the Firestore
// client at it (unless FIRESTORE_EMULATOR_HOST already names one); stop
// undoes both.
func startEmulator(ctx context.Context) (stop func(), err error) {
	em, err := emulator.Start(ctx)
	if err != nil {
		return nil, fmt.Errorf("start the Firestore emulator: %w", err)
	}
	set := false
	if os.Getenv(emulator.HostEnv) == "" {
		// The Firestore client finds the emulator through this variable.
		os.Setenv(emulator.HostEnv, em.Host())
		set = true
	}
	return func() {
		if set {
			os.Unsetenv(emulator.HostEnv)
		}
		em.Stop()
	}, nil
}

// markAbsent types A in the Attendance cell of a member at a meeting, as a
// person would.
func markAbsent(ws *workspacetest.Server, id, name, meeting string) error {
	g := ws.Values(id, "Attendance")
	col, nameCol := -1, -1
	for j, h := range g[0] {
		if h == meeting {
			col = j
		}
		if h == sheets.ColName {
			nameCol = j
		}
	}
	for i, row := range g {
		if nameCol >= 0 && len(row) > nameCol && row[nameCol] == name && col >= 0 {
			return ws.SetCells(id, sheets.A1(sheets.TabAttendance, col, i+1), [][]string{{"A"}})
		}
	}
	return fmt.Errorf("no Attendance cell for %s on %s", name, meeting)
}

// flagged keeps the header and the rows with flags.
func flagged(g [][]string) [][]string {
	if len(g) == 0 {
		return g
	}
	col := -1
	for j, h := range g[0] {
		if h == sheets.ColFlags {
			col = j
		}
	}
	out := [][]string{g[0]}
	for _, r := range g[1:] {
		if col >= 0 && col < len(r) && r[col] != "" {
			out = append(out, r)
		}
	}
	return out
}

// calls writes API call counts as "drive.files.get 1, ...", or "none".
func calls(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

type printer struct {
	w io.Writer
	n int
}

func (p *printer) step(title string) {
	p.n++
	fmt.Fprintf(p.w, "\n%d. %s\n", p.n, title)
}

func (p *printer) line(s string) { fmt.Fprintf(p.w, "   %s\n", s) }

func (p *printer) list(lines []string, most int) {
	for i, l := range lines {
		if i == most {
			fmt.Fprintf(p.w, "   ... and %d more\n", len(lines)-most)
			return
		}
		fmt.Fprintf(p.w, "   - %s\n", l)
	}
}

// table prints the named columns of a grid whose first row is its header
// (all columns when cols is nil).
func (p *printer) table(title string, g [][]string, cols []string) {
	if title != "" {
		fmt.Fprintf(p.w, "\n   %s\n", title)
	}
	if len(g) == 0 {
		p.line("(empty)")
		return
	}
	idx := []int{}
	if cols == nil {
		for j := range g[0] {
			idx = append(idx, j)
		}
	}
	for _, c := range cols {
		for j, h := range g[0] {
			if strings.EqualFold(h, c) {
				idx = append(idx, j)
			}
		}
	}
	for _, r := range g {
		cells := make([]string, 0, len(idx))
		for _, j := range idx {
			v := ""
			if j < len(r) {
				v = r[j]
			}
			cells = append(cells, v)
		}
		fmt.Fprintf(p.w, "   | %s |\n", strings.Join(cells, " | "))
	}
}
