package store_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
)

// Load sends one query per collection it keeps (members, meetings, votes and
// flags) and one get of the sync state and the counters: five requests, and
// nothing else, even for an empty coalition. Each matters because Firestore
// bills a query at least one document read even when it returns nothing
// (https://cloud.google.com/firestore/pricing): a collection the store lists
// but nothing writes (applications and approval requests were two) costs a
// read on every load for nothing. The store's own Reads counter counts only
// the documents returned, so it stays 0 here; the requests are counted on
// the wire.
func TestLoadReadsOnlyTheKeptCollections(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _, c, rec, _ := newRecordingCoalition(t)
	wantQueries := []string{"coalitions/c1/flags", "coalitions/c1/meetings", "coalitions/c1/members", "coalitions/c1/votes"}
	wantGets := [][]string{{"coalitions/c1/sync/state", "coalitions/c1/sync/counters"}}
	for _, step := range []string{"cold load", "second load, from the cache"} {
		t.Run(step, func(t *testing.T) {
			rec.Reset()
			before := s.Counters()
			if _, err := c.Load(ctx); err != nil {
				t.Fatal(err)
			}
			var queries []string
			var gets [][]string
			for _, r := range rec.Reads() {
				if r.Collection != "" {
					queries = append(queries, r.Collection)
				} else {
					gets = append(gets, r.Documents)
				}
			}
			slices.Sort(queries) // the collections are read at the same time
			if got := len(rec.Reads()); got != 5 {
				t.Errorf("Load of an empty coalition sent %d read requests, want 5", got)
			}
			if !reflect.DeepEqual(queries, wantQueries) {
				t.Errorf("Load queried %q, want %q", queries, wantQueries)
			}
			if !reflect.DeepEqual(gets, wantGets) {
				t.Errorf("Load got the documents %q, want %q", gets, wantGets)
			}
			if got := delta(s, before).Reads; got != 0 {
				t.Errorf("store's Reads counter after loading an empty coalition = %d, want 0", got)
			}
		})
	}
}
