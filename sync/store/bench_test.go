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
