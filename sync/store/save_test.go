package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/store"
)

func members(n int) []store.Member {
	out := make([]store.Member, n)
	for i := range out {
		out[i] = sampleMember(fmt.Sprintf("M-%04d", i+1))
	}
	return out
}

func TestNoOpSaveWritesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _, c := newCoalition(t)
	state := store.State{
		Members:  members(20),
		Meetings: []store.Meeting{{Date: domain.NewDate(2026, 1, 26), Attendance: map[string]domain.Code{"M-0001": domain.Present}}},
		Votes:    []store.Vote{{Vote: domain.Vote{Meeting: domain.NewDate(2026, 1, 26), Motion: "Budget", Kind: domain.KindOther, Yes: 3}}},
		Sync:     &store.SyncState{SpreadsheetID: "sheet-1", SpreadsheetVersion: 7},
	}
	opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}
	if _, err := c.Save(ctx, nil, state, opts); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name string
		base func(t *testing.T) *store.Snapshot
	}{
		{"against a fresh load", func(t *testing.T) *store.Snapshot {
			snap, err := c.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return snap
		}},
		{"without a base", func(*testing.T) *store.Snapshot { return nil }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base := tc.base(t)
			before := s.Counters()
			res, err := c.Save(ctx, base, state, opts)
			if err != nil {
				t.Fatal(err)
			}
			d := delta(s, before)
			if d.Writes != 0 || d.Commits != 0 || res.Writes != 0 || res.Written() != 0 {
				t.Errorf("no-op save: %d writes, %d commits counted; result %+v; want 0 writes, 0 commits", d.Writes, d.Commits, res)
			}
			if res.Unchanged != 22 || res.SyncState {
				t.Errorf("no-op save: %d unchanged, sync state written %v; want 22, false", res.Unchanged, res.SyncState)
			}
		})
	}

	t.Run("base advances after a save", func(t *testing.T) {
		base, err := c.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		changed := state
		changed.Members = members(20)
		changed.Members[4].Phone = "+1 555 0199"
		res, err := c.Save(ctx, base, changed, opts)
		if err != nil {
			t.Fatal(err)
		}
		// The sync state is unchanged, so the generation (the load cache's
		// sign that the entities changed) is written alone, in the same commit.
		if res.Updated != 1 || res.Writes != 3 || res.Commits != 1 {
			t.Errorf("one changed member: %+v, want 1 updated, 3 writes (member, audit and the sync state's generation), 1 commit", res)
		}
		before := s.Counters()
		if res, err = c.Save(ctx, base, changed, opts); err != nil {
			t.Fatal(err)
		}
		if d := delta(s, before); d.Writes != 0 || res.Written() != 0 {
			t.Errorf("same save again against the advanced base: %d writes, result %+v; want 0", d.Writes, res)
		}
	})
}

func TestHistoryAcrossRenamesAndRemovals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, clk, c := newCoalition(t)
	opts := store.SaveOptions{Source: "sheet", Complete: store.KindMembers}
	first := clk.Now()
	a, b := sampleMember("M-0001"), sampleMember("M-0002")
	base, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Save(ctx, base, store.State{Members: []store.Member{a, b}}, opts); err != nil {
		t.Fatal(err)
	}

	// Rename a, change its email, and clear its flag; b leaves the sheet.
	clk.Advance(time.Hour)
	renamed := a
	renamed.Name = "Casa Ejemplo Renombrada"
	renamed.Email = "new@example.org"
	renamed.Flags = nil
	plan, err := c.Plan(base, store.State{Members: []store.Member{renamed}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plan.Result.MissingMembers, []string{"M-0002"}) {
		t.Errorf("Plan: MissingMembers = %v, want [M-0002]", plan.Result.MissingMembers)
	}
	before := s.Counters()
	res, err := c.Apply(ctx, plan)
	if err != nil {
		t.Fatal(err)
	}
	if d := delta(s, before); res.Updated != 1 || res.MarkedMissing != 1 || res.FlagsCleared != 1 || d.Writes != int64(res.Writes) || d.Commits != 1 {
		t.Errorf("rename and removal: result %+v, counted %+v; want 1 updated, 1 marked missing, 1 flag cleared, one commit", res, d)
	}

	snap, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := snap.Member("M-0001")
	if !ok || got.Name != renamed.Name || got.Missing || !got.FirstSeen.Equal(first) || !got.LastSeen.Equal(clk.Now()) {
		t.Errorf("renamed member = %+v (found %v), want the same doc renamed, first seen %v, last seen %v", got, ok, first, clk.Now())
	}
	gone, ok := snap.Member("M-0002")
	if !ok || !gone.Missing || !gone.MissingSince.Equal(clk.Now()) || gone.Name != b.Name {
		t.Errorf("removed member = %+v (found %v), want kept and marked missing since %v", gone, ok, clk.Now())
	}
	if n := len(snap.Members()); n != 2 {
		t.Errorf("stored members = %d, want 2 (none deleted)", n)
	}

	h, err := c.History(ctx, store.EntityMembers, "M-0001")
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 || h[1].Action != store.ActionUpdated {
		t.Fatalf("History(M-0001) = %+v, want created then updated", h)
	}
	wantChanges := []store.Change{
		{Field: "email", Redacted: true},
		{Field: "flags", Before: `[{"kind":"removal_review_due","dates":["2026-01-26","2026-02-23","2026-03-23"]}]`},
		{Field: "name", Before: a.Name, After: renamed.Name},
	}
	if !reflect.DeepEqual(h[1].Changes, wantChanges) {
		t.Errorf("rename audit changes:\n got %+v\nwant %+v", h[1].Changes, wantChanges)
	}
	for _, e := range h {
		for _, ch := range e.Changes {
			if ch.Before == a.Email || ch.After == renamed.Email || ch.Before == a.Phone {
				t.Errorf("audit entry %s holds contact details in clear: %+v", e.ID, ch)
			}
		}
	}
	flag, ok := snap.Flag("M-0001", domain.FlagRemovalReviewDue)
	if !ok || flag.Active || len(flag.History) != 2 || flag.History[1].Event != store.FlagCleared {
		t.Errorf("flag record = %+v (found %v), want raised then cleared, not active", flag, ok)
	}

	// b comes back: un-marked, same doc, first seen kept.
	clk.Advance(time.Hour)
	res, err = c.Save(ctx, snap, store.State{Members: []store.Member{renamed, b}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	back, _ := snap.Member("M-0002")
	if res.Returned != 1 || back.Missing || !back.MissingSince.IsZero() || !back.FirstSeen.Equal(first) {
		t.Errorf("returning member: result %+v, member %+v; want 1 returned, not missing, first seen %v", res, back, first)
	}
	hb, err := c.History(ctx, store.EntityMembers, "M-0002")
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range hb {
		actions = append(actions, e.Action)
	}
	if want := []string{store.ActionCreated, store.ActionMissing, store.ActionReturned}; !reflect.DeepEqual(actions, want) {
		t.Errorf("History(M-0002) actions = %v, want %v", actions, want)
	}
}

func TestSaveInBatches(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _, c := newCoalition(t)
	ms := members(1000)
	for i := range ms {
		ms[i].Flags = nil // one member doc and one audit entry each: 2,000 writes
	}
	before := s.Counters()
	res, err := c.Save(ctx, nil, store.State{Members: ms}, store.SaveOptions{Complete: store.KindMembers})
	if err != nil {
		t.Fatal(err)
	}
	d := delta(s, before)
	if res.Created != 1000 || res.Writes != 2000 || d.Writes != 2000 {
		t.Errorf("1,000 new members: result %+v, counted %d writes; want 1000 created, 2000 writes", res, d.Writes)
	}
	if res.Commits != 4 || d.Commits != 4 || res.LargestCommit > store.MaxWritesPerCommit {
		t.Errorf("1,000 new members: %d commits (counted %d), largest %d writes; want 4 commits of at most %d", res.Commits, d.Commits, res.LargestCommit, store.MaxWritesPerCommit)
	}
	snap, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(snap.Members()); n != 1000 {
		t.Errorf("loaded %d members, want 1000", n)
	}
	// Every member keeps its audit entry in its own commit: an odd unit size
	// (member, audit, flag record = 3 writes) never splits across commits.
	ms = members(1000)
	res, err = c.Save(ctx, snap, store.State{Members: ms}, store.SaveOptions{Complete: store.KindMembers})
	if err != nil {
		t.Fatal(err)
	}
	if res.Updated != 1000 || res.Writes != 3000 || res.LargestCommit > store.MaxWritesPerCommit || res.Commits != 7 {
		t.Errorf("1,000 members raising a flag: %+v, want 1000 updated, 3000 writes in 7 commits of at most %d", res, store.MaxWritesPerCommit)
	}
}

func TestSaveRejectsBadInput(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _, c := newCoalition(t)
	other, err := s.Coalition("c2")
	if err != nil {
		t.Fatal(err)
	}
	otherSnap, err := other.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		base  *store.Snapshot
		state store.State
		want  error
	}{
		{"member without ID", nil, store.State{Members: []store.Member{{Member: domain.Member{Name: "No ID"}}}}, store.ErrInvalidID},
		{"member ID with a slash", nil, store.State{Members: []store.Member{{Member: domain.Member{ID: "M-1/../x", Name: "x"}}}}, store.ErrInvalidID},
		{"duplicate member ID", nil, store.State{Members: []store.Member{sampleMember("M-0001"), sampleMember("M-0001")}}, nil},
		{"meeting without date", nil, store.State{Meetings: []store.Meeting{{Present: 3}}}, nil},
		{"another coalition's snapshot", otherSnap, store.State{Members: members(1)}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := s.Counters()
			_, err := c.Save(ctx, tc.base, tc.state, store.SaveOptions{Complete: store.AllKinds})
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Errorf("Save = %v, want an error (%v)", err, tc.want)
			}
			if d := delta(s, before); d.Writes != 0 {
				t.Errorf("rejected save wrote %d documents, want 0", d.Writes)
			}
		})
	}
}

// A save whose entity commit fails must not record the sync state: a run
// would otherwise take the spreadsheet version as seen and never retry.
func TestSyncStateIsCommittedLastAndOnlyAfterTheRest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, _, c := newCoalition(t)
	var members []store.Member
	for i := 1; i <= 600; i++ {
		members = append(members, store.Member{Member: domain.Member{ID: fmt.Sprintf("M-%04d", i), Name: fmt.Sprintf("Invented Group %d", i)}})
	}
	// Firestore refuses a document over 1 MiB: this member's commit fails.
	members[0].ContraryAction = strings.Repeat("x", 1<<20+10)
	st := store.SyncState{SpreadsheetID: "sheet-1", SpreadsheetVersion: 9}
	_, err := c.Save(ctx, nil, store.State{Members: members, Sync: &st}, store.SaveOptions{Complete: store.KindMembers})
	if err == nil {
		t.Fatal("Save with an oversized member = nil error, want the failed commit reported")
	}
	got, err := c.LoadSyncState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.SpreadsheetVersion != 0 {
		t.Errorf("sync state saved with version %d although a member commit failed", got.SpreadsheetVersion)
	}
	// Without the bad member, saving again completes it, state included.
	members[0].ContraryAction = ""
	if _, err := c.Save(ctx, nil, store.State{Members: members, Sync: &st}, store.SaveOptions{Complete: store.KindMembers}); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.LoadSyncState(ctx); got.SpreadsheetVersion != 9 {
		t.Errorf("sync state version after the retry = %d, want 9", got.SpreadsheetVersion)
	}
}
