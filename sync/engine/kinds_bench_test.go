package engine_test

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/sync/store"
)

var kindsMembers = flag.String("kinds.members", "50,500,5000", "BenchmarkRunKinds: coalition sizes, comma-separated (20000 takes minutes here)")

// coldStore replaces the fixture's store by a new one with nothing cached,
// as a new Cloud Functions instance or a restart has: the next run's load
// is cold.
func (w *benchWorld) coldStore(tb testing.TB, f *fixture) {
	tb.Helper()
	w.store = store.New(w.client, store.WithClock(w.clock.now))
	coal, err := w.store.Coalition(f.coalition)
	if err != nil {
		tb.Fatal(err)
	}
	f.engine.Store = timedStore{coal, &f.phases}
}

// BenchmarkRunKinds measures what each kind of run costs Firestore (reads,
// writes, bytes committed) and Sheets, at several coalition sizes
// (-kinds.members), on one fixture per size whose history the cases
// continue in this order:
//
//   - first: the first sync of a fresh spreadsheet into an empty store;
//   - noop: nothing changed (a Drive notification or the schedule's
//     reconcile with nothing new: the same path);
//   - edit: a person changes one attendance cell, then a run on a warm
//     instance (its load cache holds the coalition);
//   - afterwrite: the run after an edit run, which sees the version moved
//     by the service's own write-back;
//   - edit-cold: an edit, then a run on a new instance (no cache): the
//     load reads the digest and the save fetches what changed;
//   - day-warm: the first run of a new day (the schedule's first
//     reconcile) on a warm instance: the rules are evaluated again;
//   - day-cold: the same on a new instance.
//
// Each case makes its precondition with the timer stopped. commitBytes
// is the store's estimate of the save's commit requests (Result.Store.Bytes;
// the sync state written alone by a run that stops early is not in it).
//
//	go test ./sync/engine -run '^$' -bench BenchmarkRunKinds -benchtime=1x -kinds.members=50,500,5000,20000
func BenchmarkRunKinds(b *testing.B) {
	for _, field := range strings.Split(*kindsMembers, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < 10 {
			b.Fatalf("-kinds.members: %q is not a size of at least 10", field)
		}
		tabs := inventedCoalition(n)
		w := newBenchWorld(b)
		var f *fixture
		k := 1
		edit := func(b *testing.B) {
			k++
			w.editAttendance(b, f, k)
		}
		cases := []struct {
			name    string
			before  func(b *testing.B)
			outcome string
		}{
			{"first", func(b *testing.B) { f = w.fresh(b, tabs) }, engine.OutcomeApplied},
			{"noop", func(b *testing.B) {
				if k == 1 { // the run after the first sync's own write-back
					w.measuredRun(b, f)
					k++
				}
			}, engine.OutcomeUnchanged},
			{"edit", edit, engine.OutcomeApplied},
			{"afterwrite", func(b *testing.B) {
				edit(b)
				w.measuredRun(b, f)
			}, engine.OutcomeUnchanged},
			{"edit-cold", func(b *testing.B) {
				edit(b)
				w.coldStore(b, f)
			}, engine.OutcomeApplied},
			{"day-warm", func(b *testing.B) {
				w.measuredRun(b, f) // the write-back's run, then a day later
				w.clock.add(24 * time.Hour)
			}, engine.OutcomeApplied},
			{"day-cold", func(b *testing.B) {
				w.measuredRun(b, f)
				w.clock.add(24 * time.Hour)
				w.coldStore(b, f)
			}, engine.OutcomeApplied},
		}
		for _, tc := range cases {
			b.Run(fmt.Sprintf("members=%d/%s", n, tc.name), func(b *testing.B) {
				var c cost
				bytes := 0
				for b.Loop() {
					b.StopTimer()
					tc.before(b)
					b.StartTimer()
					res, d := w.measuredRunWith(b, f, engine.RunOptions{Trigger: "benchmark"})
					b.StopTimer()
					if res.Outcome != tc.outcome {
						b.Fatalf("%s run: outcome %q, want %q", tc.name, res.Outcome, tc.outcome)
					}
					c.add(d)
					bytes += res.Store.Bytes
					b.StartTimer()
				}
				c.report(b)
				b.ReportMetric(float64(bytes)/float64(c.runs), "commitBytes/op")
			})
		}
	}
}
