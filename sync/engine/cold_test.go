package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	"github.com/coalitionsync/coalitionsync/sync/store"
)

// A run on a new instance (no load cache) after a one-cell edit reads the
// digest and the two documents the edit changes, not every document: 8
// Firestore reads whatever the coalition's size (the sync state before
// the sheet, the sync state and counters, 3 digest documents, the member
// and the meeting), and stores what a run on a warm instance stores.
func TestColdEditRunReadsWhatChanged(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newBenchWorld(t)
	f := w.fresh(t, inventedCoalition(500))
	w.settle(t, f)
	if err := w.ws.SetCells(f.id, sheets.A1("Attendance", benchEditCol, benchEditRow), [][]string{{"A"}}); err != nil {
		t.Fatal(err)
	}
	w.clock.add(time.Minute)
	w.coldStore(t, f)
	res, c := w.measuredRun(t, f)
	if res.Outcome != engine.OutcomeApplied {
		t.Fatalf("cold edit run: outcome %q, want %q", res.Outcome, engine.OutcomeApplied)
	}
	if c.reads != 8 {
		t.Errorf("cold edit run read %d Firestore documents, want 8", c.reads)
	}
	if c.writes < 1 || c.writes > 10 {
		t.Errorf("cold edit run wrote %d Firestore documents, want between 1 and 10", c.writes)
	}
	checkEditCells(t, res)

	ref := store.New(w.client, store.WithLoadCache(0))
	rc, err := ref.Coalition(f.coalition)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := rc.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for _, m := range snap.Members() {
		if m.Name == "Invented Group 0002" { // Members row 3
			id = m.ID
		}
	}
	last := domain.FourthMonday(2026, time.March)
	if mt, ok := snap.Meeting(last); !ok || mt.Attendance[id] != domain.Absent {
		t.Errorf("stored mark of %s at %s = %v (meeting found: %v), want A", id, last, mt.Attendance[id], ok)
	}

	if res, c := w.measuredRun(t, f); res.Outcome != engine.OutcomeUnchanged || c.reads != 1 || c.writes != 1 {
		t.Errorf("run after the cold run's write-back: outcome %q, %d reads, %d writes; want unchanged, 1 read, 1 write",
			res.Outcome, c.reads, c.writes)
	}
}
