package engine_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
	driveapi "google.golang.org/api/drive/v3"
	"google.golang.org/api/option"
	sheetsapi "google.golang.org/api/sheets/v4"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// withDirectory gives the env a member directory spreadsheet, shared by
// the engine, and returns its ID.
func withDirectory(t *testing.T, e *env) string {
	t.Helper()
	dirID := e.ws.CreateSpreadsheet("Invented Coalition member directory", map[string][][]string{"Directory": nil})
	ss, err := sheetsapi.NewService(context.Background(), e.ws.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := driveapi.NewService(context.Background(), e.ws.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	dc := drive.NewClient(ds)
	dc.Retry = fastRetry
	e.engine.Directory, e.engine.DirectoryID, e.engine.Sharer = sheets.NewClient(ss, dirID), dirID, dc
	return dirID
}

// readers returns the addresses that can read a file as "reader".
func readers(t *testing.T, e *env, fileID string) []string {
	t.Helper()
	perms, err := e.ws.Permissions(fileID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range perms {
		if p.Role == "reader" {
			out = append(out, p.EmailAddress)
		}
	}
	slices.Sort(out)
	return out
}

// The dry run shows every part of the plan, sharing included, and changes
// nothing anywhere: not the sheet, not the directory, not who can open it.
func TestDryRunShowsTheDirectoryAndItsSharing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	dirID := withDirectory(t, e)
	// IDs first, so the dry run below plans sharing for every member.
	e.run(t, engine.RunOptions{})
	if err := e.ws.SetCells(e.id, "Members!D4", [][]string{{"Withdrawn"}}); err != nil { // Lena leaves
		t.Fatal(err)
	}
	if err := e.ws.SetCells(e.id, "Members!A6:I6", [][]string{{"Pine Hill Mutual Aid (invented)", "", "Organization", "Active", "Yes", "2026-03-01", "Legislative", "", "pine@example.org"}}); err != nil {
		t.Fatal(err)
	}
	e.clock.add(time.Minute)
	before := readers(t, e, dirID)
	e.ws.ResetCalls()

	res := e.run(t, engine.RunOptions{DryRun: true, Force: true})
	if res.Outcome != engine.OutcomeDryRun || res.Plan == nil {
		t.Fatalf("dry run outcome = %q, plan %v; want a plan", res.Outcome, res.Plan)
	}
	sp := res.Plan.Sharing
	if sp == nil || len(sp.Grants) != 1 || sp.Grants[0].Name != "Pine Hill Mutual Aid (invented)" || len(sp.Revokes) != 1 || sp.Revokes[0].MemberID != "M-0003" {
		t.Fatalf("dry run sharing plan = %+v, want one grant (Pine Hill) and one revoke (M-0003)", sp)
	}
	if len(res.Plan.Directory.Cells) == 0 || res.Plan.Store == nil || res.Plan.Store.Result.Created != 1 {
		t.Errorf("dry run plan: %d directory cells, store %+v; want directory cells and 1 new member saved", len(res.Plan.Directory.Cells), res.Plan.Store)
	}
	text := strings.Join(res.Plan.Describe(domain.English), "\n")
	for _, want := range []string{
		"Member directory: write",
		"Member directory: let Pine Hill Mutual Aid (invented) (M-0005) open it",
		"Member directory: take away the access this service gave to member M-0003",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("Describe() =\n%s\nwant a line with %q", text, want)
		}
	}
	es := strings.Join(res.Plan.Describe(domain.Spanish), "\n")
	if !strings.Contains(es, "Directorio de miembros: quitar el acceso") {
		t.Errorf("Describe(es) =\n%s\nwant the revocation in Spanish", es)
	}
	if w := writes(e.ws.Calls()); len(w) != 0 {
		t.Errorf("dry run wrote to Google: %v", w)
	}
	if got := readers(t, e, dirID); !slices.Equal(got, before) {
		t.Errorf("dry run changed who can read the directory: %v, want %v", got, before)
	}
	if got := e.cell(t, "Members", 6, "Member ID"); got != "" {
		t.Errorf("dry run gave a Member ID: %q", got)
	}
}

// A failed step stops the run before anything destructive: when the
// spreadsheet cannot be written, nobody loses access to the directory, and
// the next run finishes the whole plan.
func TestNothingIsRevokedAfterAFailedStep(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	dirID := withDirectory(t, e)
	e.run(t, engine.RunOptions{})
	if err := e.ws.SetCells(e.id, "Members!D4", [][]string{{"Withdrawn"}}); err != nil {
		t.Fatal(err)
	}
	e.clock.add(time.Minute)
	e.ws.ResetCalls()
	e.ws.InjectFault(workspacetest.Fault{Method: "sheets.spreadsheets.values.batchUpdate", Status: 503, Times: fastRetry.Attempts})
	if _, err := e.engine.Run(context.Background(), engine.RunOptions{}); err == nil {
		t.Fatal("Run with the sheet write failing = nil error, want the failure")
	}
	if n := e.ws.Calls()["drive.permissions.delete"]; n != 0 {
		t.Errorf("a run whose sheet write failed revoked %d accesses", n)
	}
	if got := readers(t, e, dirID); !slices.Contains(got, "lena@example.org") {
		t.Errorf("readers after the failed run = %v, want Lena still there", got)
	}
	res := e.run(t, engine.RunOptions{})
	if res.Sharing == nil || res.Sharing.Revoked != 1 || slices.Contains(readers(t, e, dirID), "lena@example.org") {
		t.Errorf("next run sharing = %+v, readers %v; want Lena's access revoked", res.Sharing, readers(t, e, dirID))
	}
}

// A sharing step that fails midway keeps the record of the grants it made
// and leaves the version unseen, so the next run, with nothing edited,
// shares with the rest, without granting anyone twice.
func TestFailedSharingIsFinishedByTheNextRun(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	dirID := withDirectory(t, e)
	// The second grant fails (Drive unavailable), and nothing was made.
	e.ws.InjectFault(workspacetest.Fault{Method: "drive.permissions.create", Times: 1})
	e.ws.InjectFault(workspacetest.Fault{Method: "drive.permissions.create", Status: 503, Times: 1})
	if _, err := e.engine.Run(context.Background(), engine.RunOptions{}); err == nil {
		t.Fatal("Run with a grant refused = nil error, want the failure")
	}
	if got := readers(t, e, dirID); len(got) != 1 {
		t.Fatalf("readers after the failed grant = %v, want the first member only", got)
	}
	e.ws.ResetCalls()
	res := e.run(t, engine.RunOptions{}) // nothing edited in between
	if res.Outcome != engine.OutcomeApplied || res.Sharing == nil || res.Sharing.Granted != 2 {
		t.Fatalf("next run: outcome %q, sharing %+v; want the 2 remaining grants", res.Outcome, res.Sharing)
	}
	want := []string{"casa@example.org", "lena@example.org", "rio@example.org"}
	if got := readers(t, e, dirID); !slices.Equal(got, want) {
		t.Errorf("readers = %v, want %v, each once", got, want)
	}
	res = e.run(t, engine.RunOptions{})
	if res.Outcome != engine.OutcomeUnchanged {
		t.Errorf("third run outcome = %q, want unchanged", res.Outcome)
	}
}

// A required Members header renamed while Votes has rows blocks the run
// with a plain message in the Sync issues tab (it used to panic), saves
// nothing, and frees the lease.
func TestRenamedHeaderBlocksWithoutPanicking(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	e.run(t, engine.RunOptions{})
	if err := e.ws.SetCells(e.id, "Members!A1", [][]string{{"Full name"}}); err != nil {
		t.Fatal(err)
	}
	e.clock.add(time.Minute)
	before := mustLoad(t, e).Members()
	res, err := e.engine.RunLeased(context.Background(), "cli-test", time.Minute, engine.RunOptions{Trigger: "cli"})
	if !errors.Is(err, engine.ErrBlocked) || res == nil || res.Outcome != engine.OutcomeBlocked {
		t.Fatalf("RunLeased = %+v, %v; want blocked", res, err)
	}
	issues := e.ws.Values(e.id, "'Sync issues'")
	if !strings.Contains(strings.Join(flat(issues), " "), "Nothing was synced") {
		t.Errorf("Sync issues tab = %q, want the reason nothing was synced", issues)
	}
	if after := mustLoad(t, e).Members(); len(after) != len(before) {
		t.Errorf("blocked run changed the stored members: %d, want %d", len(after), len(before))
	}
	ok, err := e.coal.TryAcquire(context.Background(), "someone-else", time.Minute)
	if err != nil || !ok {
		t.Errorf("lease after the blocked run: taken %v, %v; want it free", ok, err)
	}
}

func flat(g [][]string) []string {
	var out []string
	for _, r := range g {
		out = append(out, r...)
	}
	return out
}

// Drive's version lags people's edits by minutes: a run that trusts it
// misses the edit that fired the edit hook. The edit hook's run reads the
// sheet anyway and writes the result at once; with nothing new it writes
// nothing, to the sheet or to Firestore.
func TestEditHookActsWhileDrivesVersionLags(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	e.run(t, engine.RunOptions{})
	e.run(t, engine.RunOptions{}) // records the version after our own write-back
	e.ws.FreezeVersion(e.id)
	// Lena (row 4) misses the third meeting without notice.
	if err := e.ws.SetCells(e.id, "Attendance!D4", [][]string{{"A"}}); err != nil {
		t.Fatal(err)
	}
	e.clock.add(time.Minute)

	if res := e.run(t, engine.RunOptions{Trigger: "push"}); res.Outcome != engine.OutcomeUnchanged || res.SheetRead {
		t.Fatalf("a run that trusts the lagging version: outcome %q, sheet read %v; want it to stop at the version (the lag this test is about)", res.Outcome, res.SheetRead)
	}
	e.ws.ResetCalls()
	res := e.run(t, engine.RunOptions{Trigger: "edit", IgnoreVersion: true})
	if res.Outcome != engine.OutcomeApplied {
		t.Fatalf("edit hook run outcome = %q, want applied", res.Outcome)
	}
	if got := e.cell(t, "Members", 4, "Unexcused absences"); got != "1" {
		t.Errorf("Lena's absences after the edit hook's run = %q, want 1", got)
	}
	if got := e.ws.Calls(); got["sheets.spreadsheets.values.batchGet"] != 1 || got["sheets.spreadsheets.values.batchUpdate"] != 1 {
		t.Errorf("edit hook run calls = %v, want one read and one write", got)
	}

	// Nothing new: one read, and no write anywhere.
	e.ws.ResetCalls()
	before := e.store.Counters().Writes
	res = e.run(t, engine.RunOptions{Trigger: "edit", IgnoreVersion: true})
	if res.Outcome != engine.OutcomeUnchanged {
		t.Errorf("edit hook run with nothing new: outcome %q, want unchanged", res.Outcome)
	}
	if w := writes(e.ws.Calls()); len(w) != 0 {
		t.Errorf("edit hook run with nothing new wrote %v", w)
	}
	if n := e.store.Counters().Writes - before; n != 0 {
		t.Errorf("edit hook run with nothing new made %d Firestore writes, want 0", n)
	}

	// When Drive catches up, the push finds the sheet as the edit hook left it.
	e.ws.ThawVersion(e.id)
	e.ws.ResetCalls()
	if res := e.run(t, engine.RunOptions{Trigger: "push"}); res.Outcome != engine.OutcomeUnchanged || len(writes(e.ws.Calls())) != 0 {
		t.Errorf("push after Drive caught up: outcome %q, calls %v; want unchanged, no writes", res.Outcome, e.ws.Calls())
	}
}

// With the drive.file scope the service may share only the files it made:
// Drive answers 404 for a directory a person made. The run does not fail;
// it says why in the Sync issues tab, and does not ask Drive again.
func TestPersonMadeDirectoryIsNotSharedAndSaysWhy(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	dirID := withDirectory(t, e) // made by a person (the fake's helper), not by the service
	// The service acts as a facilitator who consented to Sheets and drive.file.
	tok := e.ws.Consent("facilitator@example.org", "https://www.googleapis.com/auth/spreadsheets",
		"https://www.googleapis.com/auth/drive.metadata.readonly", "https://www.googleapis.com/auth/drive.file")
	ts := (&oauth2.Config{Endpoint: oauth2.Endpoint{TokenURL: "https://oauth2.googleapis.com/token"}}).
		TokenSource(context.WithValue(context.Background(), oauth2.HTTPClient, e.ws.HTTPClient()), &oauth2.Token{RefreshToken: tok})
	ds, err := driveapi.NewService(context.Background(), option.WithHTTPClient(&http.Client{Transport: &oauth2.Transport{Source: ts, Base: e.ws.HTTPClient().Transport}}))
	if err != nil {
		t.Fatal(err)
	}
	e.engine.Sharer = drive.NewClient(ds)

	res, err := e.engine.Run(context.Background(), engine.RunOptions{})
	if err != nil {
		t.Fatalf("Run with a directory Drive will not let it share: %v, want no failure", err)
	}
	if res.Sharing == nil || res.Sharing.Granted != 0 || len(res.Sharing.Failed) != 1 || len(readers(t, e, dirID)) != 0 {
		t.Fatalf("sharing = %+v, readers %v; want no grant and the reason", res.Sharing, readers(t, e, dirID))
	}
	if err := e.ws.SetCells(e.id, "Attendance!D4", [][]string{{"A"}}); err != nil {
		t.Fatal(err)
	}
	e.clock.add(time.Minute)
	e.ws.ResetCalls()
	e.run(t, engine.RunOptions{})
	if n := e.ws.Calls()["drive.permissions.list"] + e.ws.Calls()["drive.permissions.create"]; n != 0 {
		t.Errorf("the next run asked Drive %d times again", n)
	}
	issues := strings.Join(flat(e.ws.Values(e.id, "'Sync issues'")), " ")
	if !strings.Contains(issues, "did not let the service share it") {
		t.Errorf("Sync issues = %s, want why the directory is not shared", issues)
	}
}

// A name longer than Google takes in a cell is copied capped into the
// Attendance tab, and the next run, finding the capped copy, writes
// nothing: applying twice changes nothing, however long the input.
func TestLongNameIsCappedOnceAndLeftAlone(t *testing.T) {
	t.Parallel()
	tabs := invented()
	long := "Pine Hill " + strings.Repeat("Mutual Aid ", 4500) // about 49,500 characters
	tabs["Members"] = append(tabs["Members"], []string{long, "", "Organization", "Active", "Yes", "2025-06-01", "Legislative", "", ""})
	e := newEnv(t, tabs)
	res := e.run(t, engine.RunOptions{})
	if res.Outcome != engine.OutcomeApplied {
		t.Fatalf("first run outcome = %q", res.Outcome)
	}
	for _, c := range res.Plan.Changes {
		if s, ok := c.Value.(string); ok && len([]rune(s)) > sheets.MaxCellLength {
			t.Errorf("planned a %d-character cell at %s row %d", len([]rune(s)), c.Tab, c.Row)
		}
	}
	for _, l := range res.Plan.Describe(domain.English) {
		if len(l) > 2000 {
			t.Errorf("a plan line has %d characters: the name should be quoted short", len(l))
		}
	}
	e.run(t, engine.RunOptions{}) // the run after our own write-back
	// Planned again from the sheet as it is now: nothing to write.
	res = e.run(t, engine.RunOptions{DryRun: true, Force: true})
	for _, c := range res.Plan.Changes {
		t.Errorf("a later plan rewrites %s row %d column %d (%.40q…)", c.Tab, c.Row, c.Col, fmt.Sprint(c.Value))
	}
}

// Sorting the Name column on its own moves names away from their Member
// IDs: the run changes nothing and says how to undo it. One real rename
// still syncs. Renaming the Member ID header blocks with its own reason,
// and an ID the service never gave is reported on its row.
func TestIdentityGuards(t *testing.T) {
	t.Parallel()
	syncOnce := func(t *testing.T, e *env) *engine.Result {
		t.Helper()
		e.clock.add(time.Minute)
		res, err := e.engine.Run(context.Background(), engine.RunOptions{})
		if err != nil && !errors.Is(err, engine.ErrBlocked) {
			t.Fatal(err)
		}
		return res
	}
	issues := func(e *env) string { return strings.Join(flat(e.ws.Values(e.id, "'Sync issues'")), " ") }
	storedNames := func(t *testing.T, e *env) map[string]string {
		out := map[string]string{}
		for _, m := range mustLoad(t, e).Members() {
			out[m.ID] = m.Name
		}
		return out
	}

	t.Run("one column sorted", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, invented())
		e.run(t, engine.RunOptions{})
		before := storedNames(t, e)
		// Name column (A) sorted Z to A on its own: rows 2-5.
		if err := e.ws.SetCells(e.id, "Members!A2:A5", [][]string{{"Río Abierto Collective"}, {"Lena Example"}, {"Casa Ejemplo"}, {`=HYPERLINK("http://example.org","Northside")`}}); err != nil {
			t.Fatal(err)
		}
		res := syncOnce(t, e)
		if res.Outcome != engine.OutcomeBlocked || !strings.Contains(issues(e), "sorted on its own") {
			t.Fatalf("outcome %q, Sync issues %q; want blocked, saying a column was sorted on its own", res.Outcome, issues(e))
		}
		if after := storedNames(t, e); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("stored names changed: %v, want %v", after, before)
		}
	})
	t.Run("one real rename", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, invented())
		e.run(t, engine.RunOptions{})
		if err := e.ws.SetCells(e.id, "Members!A3", [][]string{{"Río Abierto Legal Collective"}}); err != nil {
			t.Fatal(err)
		}
		if res := syncOnce(t, e); res.Outcome != engine.OutcomeApplied {
			t.Fatalf("outcome %q, want applied; Sync issues %q", res.Outcome, issues(e))
		}
		if got := storedNames(t, e)["M-0002"]; got != "Río Abierto Legal Collective" {
			t.Errorf("stored name of M-0002 = %q, want the new name", got)
		}
	})
	t.Run("Member ID header renamed", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, invented())
		e.run(t, engine.RunOptions{})
		header := e.ws.Values(e.id, "Members!1:1")[0]
		col := slices.Index(header, "Member ID")
		if err := e.ws.SetCells(e.id, sheets.A1("Members", col, 1), [][]string{{"ID"}}); err != nil {
			t.Fatal(err)
		}
		res := syncOnce(t, e)
		if res.Outcome != engine.OutcomeBlocked || !strings.Contains(issues(e), "no Member ID column") || strings.Contains(issues(e), "no longer in the Members tab") {
			t.Errorf("outcome %q, Sync issues %q; want blocked for the missing Member ID column, not for deleted rows", res.Outcome, issues(e))
		}
	})
	t.Run("an ID the service never gave", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, invented())
		e.run(t, engine.RunOptions{})
		header := e.ws.Values(e.id, "Members!1:1")[0]
		col := slices.Index(header, "Member ID")
		if err := e.ws.SetCells(e.id, sheets.A1("Members", col, 5), [][]string{{"M-0999"}}); err != nil { // over M-0004
			t.Fatal(err)
		}
		res := syncOnce(t, e)
		if res.Outcome != engine.OutcomeApplied || !strings.Contains(issues(e), "M-0999 was not given by this service") {
			t.Fatalf("outcome %q, Sync issues %q; want the row reported", res.Outcome, issues(e))
		}
		if got := e.ws.Values(e.id, sheets.A1("Members", col, 5))[0][0]; got != "M-0999" {
			t.Errorf("the typed ID became %q; the row should be left as it is", got)
		}
		if _, ok := storedNames(t, e)["M-0999"]; ok {
			t.Errorf("M-0999 was stored as a member")
		}
	})
}

// A Member ID cleared by a person comes back on the next run, matched by
// the name: no second record, nothing marked missing, history in one place.
func TestClearedMemberIDIsPutBack(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	e.run(t, engine.RunOptions{})
	header := e.ws.Values(e.id, "Members!1:1")[0]
	col := slices.Index(header, "Member ID")
	if err := e.ws.SetCells(e.id, sheets.A1("Members", col, 3), [][]string{{""}}); err != nil {
		t.Fatal(err)
	}
	e.clock.add(time.Minute)
	res := e.run(t, engine.RunOptions{})
	if len(res.Plan.NewMembers) != 0 || len(res.Plan.Missing) != 0 || len(res.Plan.Restored) != 1 {
		t.Fatalf("plan: %d new, %d missing, %d restored; want the ID put back only", len(res.Plan.NewMembers), len(res.Plan.Missing), len(res.Plan.Restored))
	}
	if got := e.cell(t, "Members", 3, "Member ID"); got != "M-0002" {
		t.Errorf("Member ID after the run = %q, want M-0002 back", got)
	}
	ms := mustLoad(t, e).Members()
	if len(ms) != 4 {
		t.Errorf("stored members = %d, want 4 (no second record)", len(ms))
	}
	for _, m := range ms {
		if m.Missing {
			t.Errorf("member %s marked missing", m.ID)
		}
	}
}

// dirtyOnce asks for another run, as another instance's trigger would,
// while the first run is going on.
type dirtyOnce struct {
	engine.Versioner
	coal *store.Coalition
	done bool
}

func (d *dirtyOnce) Version(ctx context.Context, id string) (int64, error) {
	if !d.done {
		d.done = true
		if ok, err := d.coal.TryAcquire(ctx, "other-instance#1", time.Minute); err != nil || ok {
			return 0, fmt.Errorf("the other instance's try = %v, %v; want busy", ok, err)
		}
	}
	return d.Versioner.Version(ctx, id)
}

// A rerun that another instance asked for waits for the runner's pace
// (RunOptions.BeforeAgain) before it starts, once per rerun.
func TestRerunForAnotherInstanceKeepsThePace(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	e.engine.Drive = &dirtyOnce{Versioner: e.engine.Drive, coal: e.coal}
	paced := 0
	res, err := e.engine.RunLeased(context.Background(), "this-instance#1", time.Minute,
		engine.RunOptions{Trigger: "push", BeforeAgain: func() { paced++ }})
	if err != nil {
		t.Fatal(err)
	}
	if paced != 1 || res.Outcome != engine.OutcomeUnchanged {
		t.Errorf("paced %d times, last outcome %q; want one wait, then a rerun that finds nothing new", paced, res.Outcome)
	}
}

// A person's formula typed over the owned Last synced cell is put back
// with the service's stamp, once; the next run leaves it.
func TestLastSyncedOverwrittenIsPutBack(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	e.run(t, engine.RunOptions{})
	e.run(t, engine.RunOptions{})
	header := e.ws.Values(e.id, "Members!1:1")[0]
	col := slices.Index(header, "Last synced")
	if err := e.ws.SetCells(e.id, sheets.A1("Members", col, 2), [][]string{{"=NOW()"}}); err != nil {
		t.Fatal(err)
	}
	e.clock.add(time.Minute)
	e.run(t, engine.RunOptions{})
	got := e.cell(t, "Members", 2, "Last synced")
	if _, err := time.Parse("2006-01-02 15:04", got); err != nil {
		t.Errorf("Last synced after the run = %q, want the service's stamp back", got)
	}
	res := e.run(t, engine.RunOptions{DryRun: true, Force: true})
	for _, c := range res.Plan.Changes {
		t.Errorf("a later plan rewrites %s row %d column %d", c.Tab, c.Row, c.Col)
	}
}

// editAfterRead is another instance's edit hook during this run: once
// this run has read the sheet, a person edits a cell (Drive's version does
// not show it: frozen), and the other instance, finding the lease busy,
// asks this one to run again.
type editAfterRead struct {
	engine.Sheet
	e    *env
	done bool
}

func (s *editAfterRead) ReadTabs(ctx context.Context, names []string) (map[string][][]string, error) {
	tabs, err := s.Sheet.ReadTabs(ctx, names)
	if err == nil && !s.done {
		s.done = true
		if err := s.e.ws.SetCells(s.e.id, "Attendance!B3", [][]string{{"P"}}); err != nil {
			return nil, err
		}
		if ok, err := s.e.coal.TryAcquire(ctx, "other-instance#1", time.Minute); err != nil || ok {
			return nil, fmt.Errorf("the other instance's try = %v, %v; want busy", ok, err)
		}
	}
	return tabs, err
}

// An edit whose hook reached another instance is in the sheet when this
// instance's rerun ends, even while Drive's version lags it.
func TestRerunForAnotherInstancesEditHookReadsTheSheet(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	e.run(t, engine.RunOptions{})
	e.run(t, engine.RunOptions{})
	// A first edit, which Drive's version shows; then the version freezes.
	if err := e.ws.SetCells(e.id, "Attendance!C3", [][]string{{"P"}}); err != nil {
		t.Fatal(err)
	}
	e.ws.FreezeVersion(e.id)
	e.engine.Sheet = &editAfterRead{Sheet: e.engine.Sheet, e: e}
	if _, err := e.engine.RunLeased(context.Background(), "this-instance#1", time.Minute,
		engine.RunOptions{Trigger: "push"}); err != nil {
		t.Fatal(err)
	}
	// Río Abierto: A, A, A, with both cells now P.
	if got := e.cell(t, "Members", 3, "Unexcused absences"); got != "1" {
		t.Errorf("absences after both edits = %q, want 1 (the second edit read by the rerun)", got)
	}
}
