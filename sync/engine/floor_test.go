package engine_test

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
)

// TestCallFloor checks the physical floor that BenchmarkSync reports, on
// the same invented 500-member coalition, with the coalition's shared
// folder shared by the engine (it adds no call to the floor: its
// permissions are listed only when who should have it changes, and an
// attendance mark changes nothing there): after a first sync, the run that
// follows the service's own write-back reads once and writes nothing; a run
// with nothing changed costs one Drive call and nothing else; a one-cell
// edit costs one read and one write of the cells that changed, and never a
// change of the spreadsheet's structure.
func TestCallFloor(t *testing.T) {
	t.Parallel()
	w := newBenchWorld(t)
	f := w.fresh(t, inventedCoalition(500))
	folderID := w.withSharing(t, f, false)

	res, first := w.measuredRun(t, f)
	if res.Outcome != engine.OutcomeApplied || len(res.Plan.NewMembers) != 500 || first.cells == 0 {
		t.Fatalf("first sync: outcome %q, %d new members, %d cells; want applied, 500 new members, cells written",
			res.Outcome, len(res.Plan.NewMembers), first.cells)
	}
	if perms, err := w.ws.Permissions(folderID); err != nil || res.FolderSharing == nil || res.FolderSharing.Granted < 400 || len(perms) != res.FolderSharing.Granted+1 {
		t.Fatalf("first sync: folder sharing %+v, the folder's permissions %d (%v); want every Active member's grant, and the owner", res.FolderSharing, len(perms), err)
	}
	if first.calls[mPermissionsList] != 1 {
		t.Errorf("first sync calls = %v, want 1 permissions.list of the folder", first.calls)
	}
	if first.calls[mValuesBatchUpdate] != 1 || first.calls[mBatchUpdate] != 1 || first.calls[mSpreadsheetsGet] != 1 {
		t.Errorf("first sync calls = %v, want 1 values.batchUpdate, 1 spreadsheets.batchUpdate (the new tabs) and 1 spreadsheets.get (which tabs exist, reused to add them)", first.calls)
	}

	type want struct {
		calls   map[string]int // every API call, exactly
		fsWrite func(int64) bool
		fsDesc  string
		outcome string
	}
	steps := []struct {
		name string
		edit func(t *testing.T)
		want want
	}{
		{
			name: "run after our own write-back",
			want: want{
				calls:   map[string]int{mFilesGet: 1, mBatchGet: 1},
				fsWrite: func(n int64) bool { return n == 1 }, fsDesc: "exactly 1 (the version seen)",
				outcome: engine.OutcomeUnchanged,
			},
		},
		{
			name: "nothing changed",
			want: want{
				calls:   map[string]int{mFilesGet: 1},
				fsWrite: func(n int64) bool { return n == 0 }, fsDesc: "0",
				outcome: engine.OutcomeUnchanged,
			},
		},
		{
			name: "one attendance cell edited",
			edit: func(t *testing.T) {
				if err := w.ws.SetCells(f.id, sheets.A1("Attendance", benchEditCol, benchEditRow), [][]string{{"A"}}); err != nil {
					t.Fatal(err)
				}
				w.clock.add(time.Minute)
			},
			want: want{
				calls:   map[string]int{mFilesGet: 1, mBatchGet: 1, mValuesBatchUpdate: 1},
				fsWrite: func(n int64) bool { return n > 0 && n <= 10 }, fsDesc: "between 1 and 10",
				outcome: engine.OutcomeApplied,
			},
		},
		{
			name: "run after the edit's write-back",
			want: want{
				calls:   map[string]int{mFilesGet: 1, mBatchGet: 1},
				fsWrite: func(n int64) bool { return n == 1 }, fsDesc: "exactly 1 (the version seen)",
				outcome: engine.OutcomeUnchanged,
			},
		},
		{
			name: "nothing changed again",
			want: want{
				calls:   map[string]int{mFilesGet: 1},
				fsWrite: func(n int64) bool { return n == 0 }, fsDesc: "0",
				outcome: engine.OutcomeUnchanged,
			},
		},
	}
	// The steps build on each other: they run in order, not in parallel.
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.edit != nil {
				s.edit(t)
			}
			res, c := w.measuredRun(t, f)
			if res.Outcome != s.want.outcome {
				t.Errorf("outcome = %q, want %q", res.Outcome, s.want.outcome)
			}
			if !maps.Equal(c.calls, s.want.calls) {
				t.Errorf("API calls = %v, want exactly %v", c.calls, s.want.calls)
			}
			if !s.want.fsWrite(c.writes) {
				t.Errorf("Firestore writes = %d, want %s", c.writes, s.want.fsDesc)
			}
			edited := s.edit != nil
			if edited != (c.cells > 0) {
				t.Errorf("cells written = %d, want some only after a person's edit (edited: %v)", c.cells, edited)
			}
			if edited {
				checkEditCells(t, res)
			}
		})
	}
}

// checkEditCells checks that the one-cell edit (an unnotified absence for
// the member on Members row 3 at the last meeting) wrote only what that
// edit changes: the member's absences, flags and Last synced, that
// meeting's numbers and quorum, and the Dashboard.
func checkEditCells(t *testing.T, res *engine.Result) {
	t.Helper()
	var cells []string
	absences := false
	for _, ch := range res.Plan.Changes {
		a1 := ch.A1()
		cells = append(cells, fmt.Sprintf("%s=%v", a1, ch.Value))
		switch {
		case ch.Tab == "Members" && ch.Row == 3:
			if v, ok := ch.Value.(int); ok {
				old, err := strconv.Atoi(ch.Old)
				absences = absences || (err == nil && v == old+1)
			}
		case ch.Tab == "Meetings", ch.Tab == "Dashboard":
		default:
			t.Errorf("the edit changed %s = %q (was %q): only Members row 3, Meetings and Dashboard should change", a1, ch.Value, ch.Old)
		}
	}
	if !absences {
		t.Errorf("cells written = %s; want Members row 3's Unexcused absences one more than before", strings.Join(cells, ", "))
	}
}
