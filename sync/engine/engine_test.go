package engine_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"cloud.google.com/go/firestore"
	driveapi "google.golang.org/api/drive/v3"
	sheetsapi "google.golang.org/api/sheets/v4"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/sync/retry"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

func TestMain(m *testing.M) { firestoretest.Main(m) }

// clock is a settable time shared by the engine, the store and the fake.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is one coalition on a fake Google Workspace and the real Firestore emulator.
type env struct {
	ws     *workspacetest.Server
	id     string
	store  *store.Store
	coal   *store.Coalition
	client *firestore.Client // the store's, for looking at its documents
	engine *engine.Engine
	clock  *clock
}

// invented is a small invented coalition: a Members tab whose columns are in
// the coalition's own order with a column of their own, no owned columns yet.
func invented() map[string][][]string {
	return map[string][][]string{
		"Members": {
			{"Name", "Our notes", "Type", "Status", "Voting", "Joined", "Working groups", "Contrary action", "Email"},
			{"Casa Ejemplo", "call in May", "Organization", "Active", "Yes", "2025-06-01", "Legislative", "", "casa@example.org"},
			{"Río Abierto Collective", "", "Organization", "Active", "Yes", "2025-06-01", "", "", "rio@example.org"},
			{"Lena Example", "", "Individual", "Active", "Yes", "1/5/2026", "Communications", "", "lena@example.org"},
			{"=HYPERLINK(\"http://example.org\",\"Northside\")", "", "Organization", "Active", "Yes", "2025-06-01", "Base building", "spoke against the platform", ""},
		},
		"Attendance": {
			{"Name", "1/26/2026", "2/23/2026", "3/23/2026"},
			{"Casa Ejemplo", "P", "P", "P"},
			{"Río Abierto Collective", "A", "A", "A"},
			{"Lena Example", "P", "N", "P"},
		},
		"Votes": {
			{"Meeting", "Motion", "Kind", "Subject", "Yes", "No", "Abstain"},
			{"2026-01-26", "Endorse the state bill", "Other", "", "3", "0", "0"},
		},
		"Meetings": {{"Date", "Date override", "Cancelled", "Notes link"}},
	}
}

func newEnv(t *testing.T, tabs map[string][][]string) *env {
	t.Helper()
	ctx := context.Background()
	ws := workspacetest.NewServer()
	t.Cleanup(ws.Close)
	clk := &clock{t: time.Date(2026, time.April, 1, 15, 0, 0, 0, time.UTC)}
	ws.SetClock(clk.now)
	id := ws.CreateSpreadsheet("Invented Coalition", tabs)
	ss, err := sheetsapi.NewService(ctx, ws.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := driveapi.NewService(ctx, ws.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	client, _ := firestoretest.NewClient(t)
	st := store.New(client, store.WithClock(clk.now))
	coal, err := st.Coalition("invented")
	if err != nil {
		t.Fatal(err)
	}
	sc, dc := sheets.NewClient(ss, id), drive.NewClient(ds)
	sc.Retry, dc.Retry = fastRetry, fastRetry
	e := &engine.Engine{
		Sheet:         sc,
		Drive:         dc,
		Store:         coal,
		SpreadsheetID: id,
		Settings:      engine.Settings{Policy: domain.DefaultPolicy(), Lang: domain.English, Location: time.UTC},
		Now:           clk.now,
	}
	return &env{ws: ws, id: id, store: st, coal: coal, client: client, engine: e, clock: clk}
}

// fastRetry retries as the service does, without the waits.
var fastRetry = retry.Policy{Attempts: 3, Base: time.Millisecond, Max: 5 * time.Millisecond}

func (e *env) run(t *testing.T, opts engine.RunOptions) *engine.Result {
	t.Helper()
	res, err := e.engine.Run(context.Background(), opts)
	if err != nil {
		t.Fatalf("Run(%+v): %v", opts, err)
	}
	return res
}

// cell returns the formatted value under header col in a tab's row.
func (e *env) cell(t *testing.T, tab string, row int, col string) string {
	t.Helper()
	g := e.ws.Values(e.id, "'"+tab+"'")
	if len(g) == 0 {
		t.Fatalf("tab %s is empty or missing", tab)
	}
	for j, h := range g[0] {
		if strings.EqualFold(h, col) {
			if row > len(g) || j >= len(g[row-1]) {
				return ""
			}
			return g[row-1][j]
		}
	}
	t.Fatalf("tab %s has no column %q (header %q)", tab, col, g[0])
	return ""
}

// writes counts the calls that change something, by method.
func writes(calls map[string]int) map[string]int {
	out := map[string]int{}
	for m, n := range calls {
		if strings.Contains(m, "batchUpdate") || strings.HasSuffix(m, ".update") || strings.HasSuffix(m, ".append") ||
			strings.HasSuffix(m, ".clear") || strings.HasSuffix(m, ".create") || strings.HasSuffix(m, ".insert") ||
			strings.HasSuffix(m, ".patch") || strings.HasSuffix(m, ".delete") {
			out[m] = n
		}
	}
	return out
}

func TestFirstSyncThenNothingToDo(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	typed := map[string][][]string{}
	for _, tab := range []string{"Members", "Attendance", "Votes"} {
		typed[tab] = e.ws.Formulas(e.id, tab)
	}
	res := e.run(t, engine.RunOptions{Trigger: "test"})
	// Every cell people typed is still there, as typed (formulas included).
	for tab, before := range typed {
		after := e.ws.Formulas(e.id, tab)
		for r, row := range before {
			for c, v := range row {
				if got := at(after, r, c); got != v {
					t.Errorf("%s!%s%d = %q after the first sync, was %q", tab, sheets.ColumnLetter(c), r+1, got, v)
				}
			}
		}
	}
	if res.Outcome != engine.OutcomeApplied || res.CellsWritten == 0 {
		t.Fatalf("first run: outcome %q, %d cells; want applied with cells", res.Outcome, res.CellsWritten)
	}
	checks := []struct {
		tab, col string
		row      int
		want     string
	}{
		{"Members", "Member ID", 2, "M-0001"},
		{"Members", "Member ID", 5, "M-0004"},
		{"Members", "Unexcused absences", 3, "3"},
		{"Members", "Flags", 3, "Removal review due: absent without notice on Jan 26, 2026, Feb 23, 2026, Mar 23, 2026; No working group"},
		{"Members", "Flags", 5, "Contrary action review"},
		{"Members", "Our notes", 2, "call in May"},
		{"Members", "Email", 2, "casa@example.org"},
		{"Meetings", "Date", 2, "2026-01-26"},
		{"Meetings", "Voting members", 2, "4"},
		{"Meetings", "Present", 2, "2"},
		{"Meetings", "Quorum needed", 2, "3"},
		{"Meetings", "Quorum", 2, "No — 2 of 4 voting members present; 3 needed"},
		{"Votes", "Result", 2, ""},
	}
	for _, c := range checks {
		got := e.cell(t, c.tab, c.row, c.col)
		if c.tab == "Votes" {
			if !strings.HasPrefix(got, "Not valid") {
				t.Errorf("Votes row 2 Result = %q, want a sentence beginning Not valid (no quorum)", got)
			}
			continue
		}
		if got != c.want {
			t.Errorf("%s row %d %s = %q, want %q", c.tab, c.row, c.col, got, c.want)
		}
	}
	// The name that looks like a formula stays text wherever the service copies it.
	found := false
	for _, row := range e.ws.Formulas(e.id, "Dashboard") {
		for _, v := range row {
			if strings.Contains(v, "Northside") {
				found = true
				if !strings.HasPrefix(v, `=HYPERLINK("http://example.org","Northside") (M-0004)`) {
					t.Errorf("Dashboard cell %q: the member's name was not kept as typed", v)
				}
			}
		}
	}
	if !found {
		t.Errorf("Dashboard does not list the flagged member whose name looks like a formula: %q", e.ws.Formulas(e.id, "Dashboard"))
	}
	// RAW input: what is shown is the text itself, not a computed link.
	if v := e.ws.Values(e.id, "Dashboard"); !strings.Contains(fmt.Sprint(v), `=HYPERLINK(`) {
		t.Errorf("Dashboard as shown = %q, want the formula-looking name as text", v)
	}
	if got := e.ws.Values(e.id, "Dashboard"); len(got) < 3 {
		t.Errorf("Dashboard = %q, want a summary", got)
	}
	mem, ok := mustLoad(t, e).Member("M-0002")
	if !ok || mem.UnexcusedAbsences != 3 || len(mem.Flags) != 2 {
		t.Errorf("store member M-0002 = %+v, %v; want 3 absences and 2 flags", mem, ok)
	}

	// The run after our own write-back reads once and writes nothing to the sheet.
	e.ws.ResetCalls()
	res = e.run(t, engine.RunOptions{Trigger: "test"})
	calls := e.ws.Calls()
	if res.CellsWritten != 0 || len(writes(calls)) != 0 {
		t.Errorf("second run wrote %d cells, write calls %v; want none", res.CellsWritten, writes(calls))
	}
	if calls["sheets.spreadsheets.values.batchGet"] != 1 || calls["drive.files.get"] != 1 {
		t.Errorf("second run calls = %v, want 1 drive.files.get and 1 values.batchGet", calls)
	}
	if w := res.Store.Writes; w > 1 {
		t.Errorf("second run made %d Firestore writes, want at most 1 (the version seen)", w)
	}

	// Nothing changed since: one Drive call, no Sheets call, no writes.
	e.ws.ResetCalls()
	before := e.store.Counters()
	res = e.run(t, engine.RunOptions{Trigger: "test"})
	calls = e.ws.Calls()
	if res.Outcome != engine.OutcomeUnchanged {
		t.Errorf("third run outcome = %q, want unchanged", res.Outcome)
	}
	if len(calls) != 1 || calls["drive.files.get"] != 1 {
		t.Errorf("third run calls = %v, want only 1 drive.files.get", calls)
	}
	if after := e.store.Counters(); after.Writes != before.Writes {
		t.Errorf("third run made %d Firestore writes, want 0", after.Writes-before.Writes)
	}
}

func mustLoad(t *testing.T, e *env) *store.Snapshot {
	t.Helper()
	snap, err := e.coal.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

func TestUserEditChangesExactlyTheExpectedCells(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	e.run(t, engine.RunOptions{})
	e.run(t, engine.RunOptions{}) // settles the version after our own write
	before := map[string][][]string{}
	for _, tab := range []string{"Members", "Meetings", "Votes", "Attendance", "Dashboard", "Sync issues"} {
		before[tab] = e.ws.Values(e.id, "'"+tab+"'")
	}
	// A facilitator notes Casa Ejemplo's unnotified absence on Feb 23.
	if err := e.ws.SetCells(e.id, "Attendance!C2", [][]string{{"A"}}); err != nil {
		t.Fatal(err)
	}
	e.clock.add(time.Hour)
	e.ws.ResetCalls()
	res := e.run(t, engine.RunOptions{})
	calls := e.ws.Calls()
	if calls["sheets.spreadsheets.values.batchGet"] != 1 || calls["sheets.spreadsheets.values.batchUpdate"] != 1 {
		t.Errorf("calls = %v, want 1 batchGet and 1 values.batchUpdate", calls)
	}
	if n := len(calls); n > 3 {
		t.Errorf("calls = %v, want only drive.files.get, batchGet and values.batchUpdate", calls)
	}
	var changed []string
	for tab, old := range before {
		now := e.ws.Values(e.id, "'"+tab+"'")
		for r := 0; r < max(len(old), len(now)); r++ {
			for c := 0; c < 30; c++ {
				a, b := at(old, r, c), at(now, r, c)
				if a != b {
					changed = append(changed, fmt.Sprintf("%s!%s%d=%s", tab, sheets.ColumnLetter(c), r+1, b))
				}
			}
		}
	}
	has := func(prefix string) bool {
		for _, c := range changed {
			if strings.HasPrefix(c, prefix) {
				return true
			}
		}
		return false
	}
	if !has("Attendance!C2=A") || !has("Members!K2=1") || !has("Members!M2=2026-04-01 16:00") {
		t.Errorf("changed cells = %v, want the edit, Casa Ejemplo's absences and its Last synced", changed)
	}
	for _, c := range changed {
		ok := strings.HasPrefix(c, "Attendance!C2=") || strings.HasPrefix(c, "Members!K2=") || strings.HasPrefix(c, "Members!M2=") ||
			strings.HasPrefix(c, "Meetings!") || strings.HasPrefix(c, "Dashboard!")
		if !ok {
			t.Errorf("unexpected change %s (all: %v)", c, changed)
		}
	}
	if res.CellsWritten == 0 {
		t.Errorf("CellsWritten = 0")
	}
}

func at(g [][]string, r, c int) string {
	if r >= len(g) || c >= len(g[r]) {
		return ""
	}
	return g[r][c]
}

func TestDryRunWritesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	before := e.store.Counters()
	res := e.run(t, engine.RunOptions{DryRun: true})
	if res.Outcome != engine.OutcomeDryRun || len(res.Plan.Changes) == 0 {
		t.Fatalf("dry run: outcome %q with %d changes; want a plan with changes", res.Outcome, len(res.Plan.Changes))
	}
	if w := writes(e.ws.Calls()); len(w) != 0 {
		t.Errorf("dry run write calls = %v, want none", w)
	}
	if after := e.store.Counters(); after.Writes != before.Writes {
		t.Errorf("dry run made %d Firestore writes, want 0", after.Writes-before.Writes)
	}
	if got := e.ws.Values(e.id, "Members")[0]; len(got) != 9 {
		t.Errorf("Members header after dry run = %q, want it untouched", got)
	}
}

func TestDeletionGuardKeepsTheSheetAndRecord(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	e.run(t, engine.RunOptions{})
	members := e.ws.Values(e.id, "Members")
	// Someone clears every row under the header.
	blank := make([][]string, len(members)-1)
	for i := range blank {
		blank[i] = make([]string, len(members[0]))
	}
	if err := e.ws.SetCells(e.id, "Members!A2", blank); err != nil {
		t.Fatal(err)
	}
	res, err := e.engine.Run(context.Background(), engine.RunOptions{})
	if !errors.Is(err, engine.ErrBlocked) || res.Outcome != engine.OutcomeBlocked {
		t.Fatalf("Run after clearing the sheet = %v, %v; want ErrBlocked", res, err)
	}
	if got := e.ws.Values(e.id, "'Sync issues'!D2"); len(got) == 0 || !strings.Contains(got[0][0], "Nothing was synced") {
		t.Errorf("Sync issues D2 = %q, want the reason", got)
	}
	for _, m := range mustLoad(t, e).Members() {
		if m.Missing {
			t.Errorf("member %s marked missing by a blocked run", m.ID)
		}
	}
	if got := e.ws.Values(e.id, "Meetings"); len(got) < 2 {
		t.Errorf("Meetings = %q: a blocked run must leave other tabs alone", got)
	}
}

func TestConcurrentTriggersRunOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, invented())
	var wg sync.WaitGroup
	results := make([]*engine.Result, 4)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := e.engine.RunLeased(context.Background(), fmt.Sprintf("runner-%d", i), time.Minute, engine.RunOptions{})
			if err != nil {
				t.Errorf("runner %d: %v", i, err)
			}
			results[i] = res
		}()
	}
	wg.Wait()
	applied := 0
	for _, r := range results {
		if r != nil && r.Outcome != engine.OutcomeBusy {
			applied++
		}
	}
	if applied < 1 {
		t.Fatalf("no runner ran")
	}
	ids := map[string]int{}
	for row := 2; row <= 5; row++ {
		ids[e.cell(t, "Members", row, "Member ID")]++
	}
	for id, n := range ids {
		if n != 1 {
			t.Errorf("Member ID %q on %d rows after concurrent runs, want 1", id, n)
		}
	}
}

func TestMemberDirectoryFollowsConsent(t *testing.T) {
	t.Parallel()
	tabs := invented()
	m := tabs["Members"]
	m[0] = append(m[0], "Share contact")
	m[1] = append(m[1], "Yes") // Casa Ejemplo shares its contact details
	m[2] = append(m[2], "No")
	e := newEnv(t, tabs)
	dirID := e.ws.CreateSpreadsheet("Invented Coalition member directory", map[string][][]string{"Directory": nil})
	ss, err := sheetsapi.NewService(context.Background(), e.ws.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := driveapi.NewService(context.Background(), e.ws.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	e.engine.Directory, e.engine.DirectoryID, e.engine.Sharer = sheets.NewClient(ss, dirID), dirID, drive.NewClient(ds)

	res := e.run(t, engine.RunOptions{})
	if res.DirectoryCells == 0 {
		t.Fatalf("first run wrote no directory cells")
	}
	dir := e.ws.Values(e.id, "Members") // sanity: the main sheet is still there
	if len(dir) == 0 {
		t.Fatal("Members tab empty")
	}
	got := e.ws.Values(dirID, "Directory")
	all := fmt.Sprint(got)
	if !strings.Contains(all, "casa@example.org") {
		t.Errorf("directory = %q, want Casa Ejemplo's email (consent given)", got)
	}
	for _, secret := range []string{"rio@example.org", "lena@example.org"} {
		if strings.Contains(all, secret) {
			t.Errorf("directory shows %s without consent: %q", secret, got)
		}
	}
	if len(got) != 5 {
		t.Errorf("directory has %d rows, want a header and 4 Active members", len(got))
	}
	// Every Active member with an email may read it, consent or not.
	perms, err := e.ws.Permissions(dirID)
	if err != nil {
		t.Fatal(err)
	}
	readers := map[string]bool{}
	for _, p := range perms {
		if p.Role == "reader" {
			readers[p.EmailAddress] = true
		}
	}
	for _, email := range []string{"casa@example.org", "rio@example.org", "lena@example.org"} {
		if !readers[email] {
			t.Errorf("%s cannot read the member directory (permissions %v)", email, readers)
		}
	}
	if res.Sharing == nil || res.Sharing.Granted != 3 {
		t.Errorf("sharing = %+v, want 3 grants", res.Sharing)
	}

	// Río Abierto now consents; only then does the directory change.
	e.run(t, engine.RunOptions{})
	e.ws.ResetCalls()
	if err := e.ws.SetCells(e.id, "Members!J3", [][]string{{"Yes"}}); err != nil {
		t.Fatal(err)
	}
	res = e.run(t, engine.RunOptions{})
	if res.DirectoryCells == 0 || !strings.Contains(fmt.Sprint(e.ws.Values(dirID, "Directory")), "rio@example.org") {
		t.Errorf("after consent: %d directory cells written, directory %q; want Río Abierto's email", res.DirectoryCells, e.ws.Values(dirID, "Directory"))
	}
	// An edit that does not touch the directory leaves it alone.
	if err := e.ws.SetCells(e.id, "Members!B2", [][]string{{"call in June"}}); err != nil {
		t.Fatal(err)
	}
	e.ws.ResetCalls()
	res = e.run(t, engine.RunOptions{})
	if res.DirectoryCells != 0 {
		t.Errorf("an unrelated edit rewrote %d directory cells", res.DirectoryCells)
	}
	if res.Sharing != nil || e.ws.Calls()["drive.permissions.list"] != 0 {
		t.Errorf("an unrelated edit shared the directory again: %+v, calls %v", res.Sharing, e.ws.Calls())
	}
	// Lena withdraws: the access the service gave her is taken back.
	if err := e.ws.SetCells(e.id, "Members!D4", [][]string{{"Withdrawn"}}); err != nil {
		t.Fatal(err)
	}
	res = e.run(t, engine.RunOptions{})
	if res.Sharing == nil || res.Sharing.Revoked != 1 {
		t.Errorf("after Lena withdrew, sharing = %+v, want 1 revoke", res.Sharing)
	}
	if got := e.cell(t, "Members", 4, "Member ID"); got != "M-0003" {
		t.Errorf("Lena's Member ID = %q, want M-0003 kept", got)
	}
	perms, _ = e.ws.Permissions(dirID)
	for _, p := range perms {
		if p.EmailAddress == "lena@example.org" {
			t.Errorf("Lena can still read the directory after withdrawing")
		}
	}
}

func TestFailedWriteIsFinishedByTheNextRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		method string
		status int
	}{
		{"sheet write refused for quota", "sheets.spreadsheets.values.batchUpdate", 429},
		{"sheet read unavailable", "sheets.spreadsheets.values.batchGet", 503},
		{"version check fails", "drive.files.get", 500},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, invented())
			// More failures in a row than the retries: the run fails.
			e.ws.InjectFault(workspacetest.Fault{Method: tc.method, Status: tc.status, Times: fastRetry.Attempts})
			before := e.store.Counters()
			if _, err := e.engine.Run(context.Background(), engine.RunOptions{}); err == nil {
				t.Fatalf("Run with %s failing = nil error, want the failure reported", tc.method)
			}
			if got := e.store.Counters().Writes - before.Writes; got > 1 {
				// At most the Member ID allocation, which only moves a counter.
				t.Errorf("failed run made %d Firestore writes, want at most the ID allocation", got)
			}
			if st, _ := e.coal.LoadSyncState(context.Background()); st.SpreadsheetVersion != 0 {
				t.Errorf("failed run recorded version %d as seen; the next run would skip the sheet", st.SpreadsheetVersion)
			}
			res := e.run(t, engine.RunOptions{})
			if res.Outcome != engine.OutcomeApplied {
				t.Fatalf("next run outcome = %q, want applied", res.Outcome)
			}
			ids := map[string]bool{}
			for row := 2; row <= 5; row++ {
				ids[e.cell(t, "Members", row, "Member ID")] = true
			}
			if len(ids) != 4 || ids[""] {
				t.Errorf("Member IDs after the retry = %v, want 4 distinct IDs", ids)
			}
			if got := e.cell(t, "Members", 3, "Unexcused absences"); got != "3" {
				t.Errorf("absences after the retry = %q, want 3", got)
			}
		})
	}
}

func TestPassingFailuresAreRetriedWithinTheRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		method string
		status int
	}{
		{"quota refusal of the write", "sheets.spreadsheets.values.batchUpdate", 429},
		{"server error on the read", "sheets.spreadsheets.values.batchGet", 503},
		{"server error on the version check", "drive.files.get", 500},
		{"quota refusal of adding tabs", "sheets.spreadsheets.batchUpdate", 429},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, invented())
			e.ws.InjectFault(workspacetest.Fault{Method: tc.method, Status: tc.status, Times: 1})
			res := e.run(t, engine.RunOptions{})
			if res.Outcome != engine.OutcomeApplied || e.cell(t, "Members", 3, "Unexcused absences") != "3" {
				t.Errorf("run with one passing %d on %s: outcome %q; want it applied in one run", tc.status, tc.method, res.Outcome)
			}
			if got := e.ws.Calls()[tc.method]; got < 2 {
				t.Errorf("%s called %d times, want the failed call repeated", tc.method, got)
			}
		})
	}
}

func TestServerErrorOnAddingTabsIsNotRepeated(t *testing.T) {
	t.Parallel()
	// Adding a tab twice fails at Google: after a 500 the call may have been
	// done, so only the next run tries again.
	e := newEnv(t, invented())
	e.ws.InjectFault(workspacetest.Fault{Method: "sheets.spreadsheets.batchUpdate", Status: 500, Times: 1})
	if _, err := e.engine.Run(context.Background(), engine.RunOptions{}); err == nil {
		t.Fatal("Run = nil error after a 500 on adding tabs")
	}
	if got := e.ws.Calls()["sheets.spreadsheets.batchUpdate"]; got != 1 {
		t.Errorf("spreadsheets.batchUpdate called %d times after a 500, want 1", got)
	}
	if res := e.run(t, engine.RunOptions{}); res.Outcome != engine.OutcomeApplied {
		t.Errorf("next run outcome = %q, want applied", res.Outcome)
	}
}
