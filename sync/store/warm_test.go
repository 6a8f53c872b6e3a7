package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"cloud.google.com/go/firestore"
	"cloud.google.com/go/firestore/apiv1/firestorepb"

	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
)

// warmReads is the most a Load that finds the generation unchanged may
// read: the sync state and the counters.
const warmReads = 2

// A Load whose cache holds the stored generation reads the sync state and
// the counters and nothing else; a save by another process, or a save that
// failed midway, makes the next Load of every process list again, and what
// each Load returns is always what a full read returns.
func TestWarmLoad(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	clk := newClock()
	a := store.New(client, store.WithClock(clk.Now))
	b := store.New(client, store.WithClock(clk.Now))                           // another process
	ref := store.New(client, store.WithClock(clk.Now), store.WithLoadCache(0)) // always reads everything
	coalition := func(s *store.Store) *store.Coalition {
		c, err := s.Coalition("c1")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	ca, cb, cr := coalition(a), coalition(b), coalition(ref)
	opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}
	if _, err := ca.Save(ctx, nil, cacheState(30), opts); err != nil {
		t.Fatal(err)
	}
	if _, err := cb.Load(ctx); err != nil { // the other process's cache, at the same generation
		t.Fatal(err)
	}
	var bases = map[*store.Store]*store.Snapshot{}
	steps := []struct {
		name     string
		change   func(t *testing.T)
		s        *store.Store
		c        *store.Coalition
		wantWarm bool
	}{
		{"after this store's own save, nothing changed", func(*testing.T) {}, a, ca, true},
		{"another process that loaded, nothing changed", func(*testing.T) {}, b, cb, true},
		{"another process saves a change", func(t *testing.T) {
			next := cacheState(30)
			next.Members[2].Phone = "+1 555 0142"
			next.Sync.SpreadsheetVersion = 2
			if _, err := cb.Save(ctx, bases[b], next, opts); err != nil {
				t.Fatal(err)
			}
		}, a, ca, false},
		{"the same store again, nothing changed", func(*testing.T) {}, a, ca, true},
		{"the process that saved, nothing changed", func(*testing.T) {}, b, cb, true},
		{"the version seen is saved alone", func(t *testing.T) {
			st := *cacheState(30).Sync
			st.SpreadsheetVersion = 2
			st.DirectoryHash = "seen"
			if err := cb.SaveSyncState(ctx, st); err != nil {
				t.Fatal(err)
			}
		}, a, ca, true},
		{"a save fails midway; the other process lists", func(t *testing.T) {
			// A person deletes M-0009 in the console; this store's save
			// then updates it and M-0002: the commit is refused, split,
			// M-0002's half is applied and M-0009's fails.
			if _, err := client.Doc("coalitions/c1/members/M-0009").Delete(ctx); err != nil {
				t.Fatal(err)
			}
			next := cacheState(30)
			next.Members[2].Phone = "+1 555 0142"
			next.Members[1].Title = "Coordinator"
			next.Members[8].Title = "Coordinator"
			next.Sync.SpreadsheetVersion = 3
			if _, err := ca.Save(ctx, bases[a], next, opts); err == nil {
				t.Fatal("save of a member deleted by hand succeeded, want an error")
			}
		}, b, cb, false},
		{"after the failed save, the store that failed lists", func(*testing.T) {}, a, ca, false},
		{"until a save succeeds, every load lists", func(*testing.T) {}, b, cb, false},
		{"a save succeeds", func(t *testing.T) {
			next := cacheState(30)
			next.Members[2].Phone = "+1 555 0142"
			next.Members[1].Title = "Coordinator"
			next.Members[8].Title = "Coordinator"
			next.Sync.SpreadsheetVersion = 3
			if _, err := ca.Save(ctx, bases[a], next, opts); err != nil {
				t.Fatal(err)
			}
		}, a, ca, true},
		{"the other process after that save", func(*testing.T) {}, b, cb, false},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			s.change(t)
			before := s.s.Counters()
			got, err := s.c.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			bases[s.s] = got
			reads := delta(s.s, before).Reads
			if warm := reads <= warmReads; warm != s.wantWarm {
				t.Errorf("load read %d documents (warm: %v), want warm %v (at most %d reads)", reads, warm, s.wantWarm, warmReads)
			}
			want, err := cr.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			sameSnapshot(t, got, want)
		})
	}
	if m, _ := bases[a].Member("M-0002"); m.Title != "Coordinator" {
		t.Errorf("M-0002's title after the saves = %q, want %q", m.Title, "Coordinator")
	}
}

// A person's edit in the Firestore console does not move the generation: a
// store that trusts its cache does not see it until DefaultCacheTrust after
// its last listing, and then lists and sees it.
func TestConsoleEditSeenWithinTrust(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	clk := newClock()
	s := store.New(client, store.WithClock(clk.Now))
	c, err := s.Coalition("c1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Save(ctx, nil, cacheState(10), store.SaveOptions{Source: "sheet", Complete: store.AllKinds}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Load(ctx); err != nil { // lists, and starts the trust period
		t.Fatal(err)
	}
	if _, err := client.Doc("coalitions/c1/members/M-0004").Update(ctx, []firestore.Update{{Path: "name", Value: "Typed In The Console"}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		advance  bool
		wantWarm bool
		wantName string
	}{
		{"within the trust period: the cache, not the edit", false, true, cacheState(10).Members[3].Name},
		{"after the trust period: a listing, and the edit", true, false, "Typed In The Console"},
		{"right after that listing: the cache, with the edit", false, true, "Typed In The Console"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.advance {
				clk.Advance(store.DefaultCacheTrust)
			}
			before := s.Counters()
			snap, err := c.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			reads := delta(s, before).Reads
			if warm := reads <= warmReads; warm != tc.wantWarm {
				t.Errorf("load read %d documents (warm: %v), want warm %v", reads, warm, tc.wantWarm)
			}
			if m, _ := snap.Member("M-0004"); m.Name != tc.wantName {
				t.Errorf("M-0004's name = %q, want %q", m.Name, tc.wantName)
			}
		})
	}
}

// A save of several commits marks the generation pending in a commit of its
// own before the others; when one of them fails, every process lists until
// a save succeeds.
func TestFailedSaveOfSeveralCommitsLeavesTheGenerationPending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	clk := newClock()
	a := store.New(client, store.WithClock(clk.Now), store.WithCommitBytes(4096))
	b := store.New(client, store.WithClock(clk.Now)) // another process
	ca, err := a.Coalition("c1")
	if err != nil {
		t.Fatal(err)
	}
	cb, err := b.Coalition("c1")
	if err != nil {
		t.Fatal(err)
	}
	opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}
	if _, err := ca.Save(ctx, nil, cacheState(30), opts); err != nil {
		t.Fatal(err)
	}
	base, err := ca.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cb.Load(ctx); err != nil { // b's cache at the settled generation
		t.Fatal(err)
	}
	if _, err := client.Doc("coalitions/c1/members/M-0030").Delete(ctx); err != nil { // by hand
		t.Fatal(err)
	}
	next := cacheState(30)
	for i := range next.Members {
		next.Members[i].Title = "Coordinator"
	}
	p, err := ca.Plan(base, next, opts)
	if err != nil {
		t.Fatal(err)
	}
	if p.Result.Commits < 3 {
		t.Fatalf("plan of 30 changed members under a 4,096-byte cap: %d commits, want several", p.Result.Commits)
	}
	before := a.Counters()
	if _, err := ca.Apply(ctx, p); err == nil {
		t.Fatal("save of a member deleted by hand succeeded, want an error")
	}
	if d := delta(a, before); d.Commits < 2 {
		t.Fatalf("failed save: %d commits made, want the pending mark and some members", d.Commits)
	}
	doc, err := client.Doc("coalitions/c1/sync/state").Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if g, _ := doc.DataAt("generation"); !strings.HasPrefix(fmt.Sprint(g), "pending-") {
		t.Errorf("generation after the failed save = %v, want pending-…", g)
	}
	ref := store.New(client, store.WithLoadCache(0))
	cr, _ := ref.Coalition("c1")
	for _, tc := range []struct {
		name string
		s    *store.Store
		c    *store.Coalition
	}{{"the other process", b, cb}, {"the store that failed", a, ca}, {"the other process again", b, cb}} {
		t.Run(tc.name, func(t *testing.T) {
			before := tc.s.Counters()
			got, err := tc.c.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if reads := delta(tc.s, before).Reads; reads <= warmReads {
				t.Errorf("load after the failed save read %d documents, want a listing (more than %d)", reads, warmReads)
			}
			want, err := cr.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			sameSnapshot(t, got, want)
		})
	}
}

// The order the generation's rules rely on, as sent to Firestore: a save
// of several commits on a settled generation sends the pending mark alone
// first and the new generation in its last commit; a Load that lists asks
// for the sync state before it lists any collection.
func TestGenerationOrderOnTheWire(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _, c, rec, _ := newRecordingCoalition(t, store.WithCommitBytes(4096), store.WithCacheTrust(0))
	opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}
	if _, err := c.Save(ctx, nil, cacheState(30), opts); err != nil {
		t.Fatal(err)
	}
	rec.Reset()
	base, err := c.Load(ctx) // lists: no trust
	if err != nil {
		t.Fatal(err)
	}
	reads := rec.Reads()
	if len(reads) < 2 || reads[0].Collection != "" || !slices.Contains(reads[0].Documents, "coalitions/c1/sync/state") {
		t.Fatalf("load's read requests = %+v, want the sync state asked for first, then listings", reads)
	}
	next := cacheState(30)
	for i := range next.Members {
		next.Members[i].Title = "Coordinator"
	}
	next.Sync.SpreadsheetVersion = 2
	rec.Reset()
	res, err := c.Save(ctx, base, next, opts)
	if err != nil {
		t.Fatal(err)
	}
	commits := rec.Commits()
	if len(commits) < 3 || len(commits) != res.Commits || s.Counters().Commits == 0 {
		t.Fatalf("save of 30 changed members under a 4,096-byte cap: %d commits sent, result %d; want several, equal", len(commits), res.Commits)
	}
	generation := func(w *firestorepb.Write) string {
		if !strings.HasSuffix(w.GetUpdate().GetName(), "/coalitions/c1/sync/state") {
			return ""
		}
		return w.GetUpdate().GetFields()["generation"].GetStringValue()
	}
	first, last := commits[0], commits[len(commits)-1]
	if len(first.Writes) != 1 || !strings.HasPrefix(generation(first.Writes[0]), "pending-") {
		t.Errorf("first commit: %d writes, generation %q; want the pending mark alone", len(first.Writes), generation(first.Writes[0]))
	}
	var final string
	for _, w := range last.Writes {
		if g := generation(w); g != "" {
			final = g
		}
	}
	if final == "" || strings.HasPrefix(final, "pending-") || "pending-"+final != generation(first.Writes[0]) {
		t.Errorf("last commit's generation = %q, want the one the pending mark announced (%q without its prefix)", final, generation(first.Writes[0]))
	}
	for i, cm := range commits[1 : len(commits)-1] {
		for _, w := range cm.Writes {
			if g := generation(w); g != "" {
				t.Errorf("commit %d of %d writes the generation %q, want only the first and the last", i+2, len(commits), g)
			}
		}
	}
}
