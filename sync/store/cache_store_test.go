package store_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"cloud.google.com/go/firestore"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
)

// cacheState is a coalition with something of every kind.
func cacheState(n int) store.State {
	date := domain.NewDate(2026, 1, 26)
	st := store.State{
		Members:  members(n),
		Meetings: []store.Meeting{{Date: date, Attendance: map[string]domain.Code{}}},
		Votes:    []store.Vote{{Vote: domain.Vote{Meeting: date, Motion: "Budget", Kind: domain.KindOther, Yes: 3}}},
		Sync:     &store.SyncState{SpreadsheetID: "sheet-1", SpreadsheetVersion: 1},
	}
	for i := range n {
		st.Meetings[0].Attendance[fmt.Sprintf("M-%04d", i+1)] = domain.Present
	}
	return st
}

// sameSnapshot fails the test when two snapshots differ in anything Load reads.
func sameSnapshot(t *testing.T, got, want *store.Snapshot) {
	t.Helper()
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"members", got.Members(), want.Members()},
		{"meetings", got.Meetings(), want.Meetings()},
		{"votes", got.Votes(), want.Votes()},
		{"flags", got.Flags(), want.Flags()},
		{"sync state", got.Sync(), want.Sync()},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s from the cached load:\n%+v\nwant (a full read):\n%+v", c.what, c.got, c.want)
		}
	}
}

// A load that reuses what the last load read returns exactly what a full
// read returns, whoever changed the record since: another process's save,
// a person in the console (an edit, a deletion, a new document), or this
// store's own save.
func TestCachedLoadSeesEveryWriter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	clk := newClock()
	// A person's edit in the console does not move the generation: a
	// store sees it at once only when it lists on every load, as this one
	// does; with the default trust it sees it within DefaultCacheTrust
	// (TestWarmLoad).
	cached := store.New(client, store.WithClock(clk.Now), store.WithCacheTrust(0))
	other := store.New(client, store.WithClock(clk.Now))                             // another process
	reference := store.New(client, store.WithClock(clk.Now), store.WithLoadCache(0)) // always reads everything
	coalition := func(s *store.Store) *store.Coalition {
		c, err := s.Coalition("c1")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c, o, ref := coalition(cached), coalition(other), coalition(reference)
	opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}
	st := cacheState(30)
	if _, err := c.Save(ctx, nil, st, opts); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Load(ctx); err != nil { // fills the cache
		t.Fatal(err)
	}
	steps := []struct {
		name   string
		change func(t *testing.T)
	}{
		{"nothing changed", func(*testing.T) {}},
		{"another process updates a member and clears its flag", func(t *testing.T) {
			next := cacheState(30)
			next.Members[2].Phone = "+1 555 0142"
			next.Members[2].Flags = nil
			if _, err := o.Save(ctx, nil, next, opts); err != nil {
				t.Fatal(err)
			}
		}},
		{"another process adds a member and a member goes missing", func(t *testing.T) {
			next := cacheState(31)
			next.Members = append(next.Members[:5], next.Members[6:]...)
			if _, err := o.Save(ctx, nil, next, opts); err != nil {
				t.Fatal(err)
			}
		}},
		{"a person changes an attendance mark in the console", func(t *testing.T) {
			if _, err := client.Doc("coalitions/c1/meetings/2026-01-26").Update(ctx, []firestore.Update{{FieldPath: firestore.FieldPath{"attendance", "M-0007"}, Value: "A"}}); err != nil {
				t.Fatal(err)
			}
		}},
		{"a person deletes a member and a flag record in the console", func(t *testing.T) {
			for _, p := range []string{"coalitions/c1/members/M-0009", "coalitions/c1/flags/M-0010~removal_review_due"} {
				if _, err := client.Doc(p).Delete(ctx); err != nil {
					t.Fatal(err)
				}
			}
		}},
		{"a person adds a vote in the console", func(t *testing.T) {
			if _, err := client.Doc("coalitions/c1/votes/V-typed").Set(ctx, map[string]any{"motion": "Banner", "kind": "other", "yes": 4, "missing": false}); err != nil {
				t.Fatal(err)
			}
		}},
		{"this store saves against its cached load", func(t *testing.T) {
			base, err := c.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			next := cacheState(32)
			next.Meetings[0].Attendance["M-0001"] = domain.Notified
			clk.Advance(time.Hour)
			if _, err := c.Save(ctx, base, next, opts); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			s.change(t)
			got, err := c.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want, err := ref.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			sameSnapshot(t, got, want)
		})
	}
}

// A snapshot from a cached load is the caller's own: what a save advances
// in it, or what the caller changes in what it returns, never reaches the
// next load.
func TestCachedSnapshotsAreIndependent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, _, c := newCoalition(t)
	opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}
	if _, err := c.Save(ctx, nil, cacheState(5), opts); err != nil {
		t.Fatal(err)
	}
	first, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.Load(ctx) // from the cache
	if err != nil {
		t.Fatal(err)
	}
	second.Members()[0].WorkingGroups[0] = "changed by the caller"
	second.Meetings()[0].Attendance["M-0001"] = domain.Absent
	next := cacheState(5)
	next.Members[0].Name = "Renamed"
	if _, err := c.Save(ctx, second, next, opts); err != nil {
		t.Fatal(err)
	}
	if m, _ := first.Member("M-0001"); m.Name == "Renamed" {
		t.Errorf("a save against one snapshot changed another: member name %q", m.Name)
	}
	third, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := third.Members()[0].WorkingGroups[0]; got != domain.Legislative {
		t.Errorf("working group after a caller changed a returned slice = %q, want %q", got, domain.Legislative)
	}
	if got := third.Meetings()[0].Attendance["M-0001"]; got != domain.Present {
		t.Errorf("mark after a caller changed a returned map = %v, want %v", got, domain.Present)
	}
	if m, _ := third.Member("M-0001"); m.Name != "Renamed" {
		t.Errorf("member name after the save = %q, want %q", m.Name, "Renamed")
	}
}

// Loads and saves of one coalition from several goroutines of one process
// share the cache safely (run with -race), and end as a full read says.
func TestCachedLoadConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	s := store.New(client)
	c, err := s.Coalition("c1")
	if err != nil {
		t.Fatal(err)
	}
	opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}
	if _, err := c.Save(ctx, nil, cacheState(20), opts); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 3 {
				base, err := c.Load(ctx)
				if err != nil {
					errs <- err
					return
				}
				if g == 0 {
					next := cacheState(20)
					next.Members[1].Title = fmt.Sprintf("Title %d", i)
					if _, err := c.Save(ctx, base, next, opts); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rs := store.New(client, store.WithLoadCache(0))
	rc, _ := rs.Coalition("c1")
	want, err := rc.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameSnapshot(t, got, want)
	if m, _ := got.Member("M-0002"); m.Title != "Title 2" {
		t.Errorf("title after the last save = %q, want %q", m.Title, "Title 2")
	}
}
