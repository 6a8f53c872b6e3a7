package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
)

// BenchmarkSave saves n members to the emulator: the first time (every member,
// its audit entry and its flag record written) and unchanged (against a loaded base: hashing
// only, zero writes; and without a base: Load included).
func BenchmarkSave(b *testing.B) {
	ctx := context.Background()
	client, _ := firestoretest.NewClient(b)
	s := store.New(client)
	opts := store.SaveOptions{Source: "sheet", Complete: store.KindMembers}
	fresh := 0 // the benchmark framework reruns each function: every first save needs a new coalition
	for _, n := range []int{500, 5000} {
		ms := members(n)
		report := func(b *testing.B, before store.Counters) {
			d := delta(s, before)
			b.ReportMetric(float64(d.Writes)/float64(b.N), "writes/op")
			b.ReportMetric(float64(d.Commits)/float64(b.N), "commits/op")
		}
		b.Run(fmt.Sprintf("members=%d/first", n), func(b *testing.B) {
			before := s.Counters()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				fresh++
				c, err := s.Coalition(fmt.Sprintf("first-%d-%d", n, fresh))
				if err != nil {
					b.Fatal(err)
				}
				base, err := c.Load(ctx)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := c.Save(ctx, base, store.State{Members: ms}, opts); err != nil {
					b.Fatal(err)
				}
			}
			report(b, before)
		})
		c, err := s.Coalition(fmt.Sprintf("unchanged-%d", n))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Save(ctx, nil, store.State{Members: ms}, opts); err != nil {
			b.Fatal(err)
		}
		base, err := c.Load(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("members=%d/unchanged", n), func(b *testing.B) {
			before := s.Counters()
			for i := 0; i < b.N; i++ {
				res, err := c.Save(ctx, base, store.State{Members: ms}, opts)
				if err != nil {
					b.Fatal(err)
				}
				if res.Writes != 0 {
					b.Fatalf("unchanged save wrote %d documents", res.Writes)
				}
			}
			report(b, before)
		})
		b.Run(fmt.Sprintf("members=%d/unchanged-with-load", n), func(b *testing.B) {
			before := s.Counters()
			for i := 0; i < b.N; i++ {
				if _, err := c.Save(ctx, nil, store.State{Members: ms}, opts); err != nil {
					b.Fatal(err)
				}
			}
			report(b, before)
		})
	}
}

// BenchmarkFirstSave saves a whole coalition for the first time: n members
// (one flag each) and m meetings whose attendance marks every member, as
// `coalition` invents them. It proves that the largest coalitions the
// service is meant for fit in commits Firestore and the emulator accept (the
// meeting commits were 6–9.5 MB before the byte cap, refused by the
// emulator), and measures what the first save costs.
func BenchmarkFirstSave(b *testing.B) {
	ctx := context.Background()
	client, _ := firestoretest.NewClient(b)
	s := store.New(client)
	fresh := 0
	for _, tc := range []struct{ members, meetings int }{{2000, 240}, {5000, 240}, {20000, 24}} {
		ms, mts := coalition(tc.members, tc.meetings)
		b.Run(fmt.Sprintf("members=%d/meetings=%d", tc.members, tc.meetings), func(b *testing.B) {
			var res store.SaveResult
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				fresh++
				c, err := s.Coalition(fmt.Sprintf("first-save-%d", fresh))
				if err != nil {
					b.Fatal(err)
				}
				base, err := c.Load(ctx)
				if err != nil {
					b.Fatal(err)
				}
				st := store.SyncState{SpreadsheetID: "sheet-1", SpreadsheetVersion: 1}
				b.StartTimer()
				if res, err = c.Save(ctx, base, store.State{Members: ms, Meetings: mts, Sync: &st}, store.SaveOptions{Source: "sheet", Complete: store.AllKinds}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Writes), "writes/op")
			b.ReportMetric(float64(res.Commits), "commits/op")
			b.ReportMetric(float64(res.Bytes)/1e6, "MBsent/op")
			b.ReportMetric(float64(res.LargestCommitBytes)/1e6, "MBlargestcommit")
			b.ReportMetric(float64(res.Splits), "splits/op")
		})
	}
}
