package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
)

// sampleMember returns an invented member with every field set.
func sampleMember(id string) store.Member {
	return store.Member{
		Member: domain.Member{
			ID: id, Name: "Casa Ejemplo " + id, Type: domain.TypeOrganization, TaxStatus: "501(c)(3)",
			Sector: "immigrant rights", Representative: "Ana Prueba", Title: "Director", Pronouns: "she/her",
			Email: "ana@example.org", Phone: "+1 555 0100", Address: "1 Example St",
			Alternates: "Luis Prueba", WorkingGroups: []domain.WorkingGroup{domain.Legislative, domain.BaseBuilding},
			CoreTeam: true, Status: domain.StatusActive, Voting: true,
			Joined: domain.NewDate(2024, 5, 1), Left: domain.Date{}, LastReview: domain.NewDate(2025, 1, 27),
			ShareContact: true, Language: "es", ContraryAction: "",
		},
		UnexcusedAbsences: 3,
		Flags: []domain.Flag{{Kind: domain.FlagRemovalReviewDue, Dates: []domain.Date{
			domain.NewDate(2026, 1, 26), domain.NewDate(2026, 2, 23), domain.NewDate(2026, 3, 23)}}},
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, clk, c := newCoalition(t)
	now := clk.Now()

	member := sampleMember("M-0001")
	minimal := store.Member{Member: domain.Member{ID: "M-0002", Name: "Solo Person", Type: domain.TypeIndividual}}
	meeting := store.Meeting{
		Date: domain.NewDate(2026, 1, 26), DateOverride: domain.NewDate(2026, 1, 27), CalendarEventID: "abc123",
		AgendaLink: "https://docs.example/agenda", NotesLink: "https://docs.example/notes",
		VotingMembers: 17, Present: 12, QuorumNeeded: 12, Quorum: true, Recorded: true,
		Attendance: map[string]domain.Code{"M-0001": domain.Present, "M-0002": domain.Absent, "M-0003": domain.Notified},
	}
	cancelled := store.Meeting{Date: domain.NewDate(2026, 2, 23), Cancelled: true}
	vote := store.Vote{Vote: domain.Vote{Meeting: domain.NewDate(2026, 1, 26), Motion: "Admit Casa Nueva",
		Kind: domain.KindAdmit, Subject: "Casa Nueva", Yes: 10, No: 1, Abstain: 1},
		Valid: true, Passed: true, Result: "Passed — quorum and more Yes than No"}
	syncState := store.SyncState{
		SpreadsheetID: "sheet-1", SpreadsheetVersion: 42, ContentHash: "h1", DirectoryID: "dir-1",
		Channels:           []store.WatchChannel{{ID: "ch-1", ResourceID: "res-1", FileID: "sheet-1", Expiration: now.Add(24 * time.Hour)}},
		GrantedPermissions: []store.GrantedPermission{{FileID: "drive-1", PermissionID: "perm-1", MemberID: "M-0001", Role: "writer"}},
		EvaluatedAsOf:      domain.NewDate(2026, 3, 2),
		SettingsHash:       "settings-1",
		DirectoryHash:      "dir-hash",
		DirectoryRows:      12,
		SharingKey:         "share-1",
		FolderID:           "folder-1",
		FolderSharingKey:   "folder-share-1",
		FolderRefused:      "folder-0",
		FolderByHand:       store.HandAccess{MemberIDs: []string{"M-0001", "M-0004"}, People: 3, Groups: 1, Domains: 1, Anyone: 1},
	}

	res, err := c.Save(ctx, nil, store.State{
		Members: []store.Member{member, minimal}, Meetings: []store.Meeting{meeting, cancelled},
		Votes: []store.Vote{vote}, Sync: &syncState,
	}, store.SaveOptions{Source: "sheet", Complete: store.AllKinds})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 5 || !res.SyncState {
		t.Errorf("Save created %d entities, sync state %v; want 5, true", res.Created, res.SyncState)
	}

	snap, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The record of the grants is read apart (its own documents).
	if _, err := c.LoadGrants(ctx, snap); err != nil {
		t.Fatal(err)
	}
	alone := withoutCounter(syncState)
	alone.GrantedPermissions = nil // LoadSyncState never reads the grant records

	member.FirstSeen, member.LastSeen = now, now
	minimal.FirstSeen, minimal.LastSeen = now, now
	vote.ID = store.VoteID(vote.Vote)
	syncState.NextMemberNumber = 1

	checks := []struct {
		name      string
		got, want any
	}{
		{"members", snap.Members(), []store.Member{member, minimal}},
		{"meetings", snap.Meetings(), []store.Meeting{meeting, cancelled}},
		{"votes", snap.Votes(), []store.Vote{vote}},
		{"sync state", snap.Sync(), syncState},
		{"sync state alone", loadSyncState(t, c), alone},
		{"flags", snap.Flags(), []store.FlagRecord{{MemberID: "M-0001", Kind: domain.FlagRemovalReviewDue, Active: true,
			History: []store.FlagEvent{{Event: store.FlagRaised, At: now, Dates: member.Flags[0].Dates, Source: "sheet"}}}}},
	}
	for _, tc := range checks {
		t.Run(tc.name, func(t *testing.T) {
			if !reflect.DeepEqual(tc.got, tc.want) {
				t.Errorf("loaded %s:\n got %+v\nwant %+v", tc.name, tc.got, tc.want)
			}
		})
	}

	t.Run("sync run", func(t *testing.T) {
		run := store.SyncRun{Trigger: "push", Owner: "run-a", Started: now, Ended: now.Add(2 * time.Second),
			Outcome: "ok", Counts: map[string]int{"members written": 2}, Issues: []string{"Members row 3: the date is not a date"}}
		id, err := c.SaveRun(ctx, run)
		if err != nil {
			t.Fatal(err)
		}
		runs, err := c.Runs(ctx, 5)
		if err != nil {
			t.Fatal(err)
		}
		run.ID = id
		if len(runs) != 1 || !reflect.DeepEqual(runs[0], run) {
			t.Errorf("Runs() = %+v, want [%+v]", runs, run)
		}
	})

	t.Run("audit", func(t *testing.T) {
		h, err := c.History(ctx, store.EntityMembers, "M-0001")
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 1 || h[0].Action != store.ActionCreated || h[0].Source != "sheet" || !h[0].At.Equal(now) {
			t.Errorf("History(members, M-0001) = %+v, want one %q entry from sheet at %v", h, store.ActionCreated, now)
		}
	})
}

func TestAllocateMemberIDs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, _, c := newCoalition(t)

	first, err := c.AllocateMemberIDs(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"M-0001", "M-0002", "M-0003"}; !reflect.DeepEqual(first, want) {
		t.Errorf("AllocateMemberIDs(3) = %v, want %v", first, want)
	}
	// M-0005 was typed by hand and saved: allocation skips it.
	if _, err := c.Save(ctx, nil, store.State{Members: []store.Member{
		{Member: domain.Member{ID: "M-0001", Name: "A"}},
		{Member: domain.Member{ID: "M-0005", Name: "Typed by hand"}},
	}}, store.SaveOptions{Complete: store.KindMembers}); err != nil {
		t.Fatal(err)
	}
	// M-0001 goes missing; its number is never given again.
	if _, err := c.Save(ctx, nil, store.State{Members: []store.Member{
		{Member: domain.Member{ID: "M-0005", Name: "Typed by hand"}},
	}}, store.SaveOptions{Complete: store.KindMembers}); err != nil {
		t.Fatal(err)
	}
	next, err := c.AllocateMemberIDs(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"M-0004", "M-0006"}; !reflect.DeepEqual(next, want) {
		t.Errorf("AllocateMemberIDs(2) after M-0005 was saved = %v, want %v", next, want)
	}
	snap, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := snap.Sync().NextMemberNumber; got != 7 {
		t.Errorf("NextMemberNumber = %d, want 7", got)
	}
	// A sync that saw M-0020 typed on the sheet asks for numbers above it.
	from, err := c.AllocateMemberIDsFrom(ctx, 2, 21)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"M-0021", "M-0022"}; !reflect.DeepEqual(from, want) {
		t.Errorf("AllocateMemberIDsFrom(2, 21) = %v, want %v", from, want)
	}
	// A floor below the counter changes nothing.
	if low, err := c.AllocateMemberIDsFrom(ctx, 1, 2); err != nil || !reflect.DeepEqual(low, []string{"M-0023"}) {
		t.Errorf("AllocateMemberIDsFrom(1, 2) = %v, %v; want [M-0023]", low, err)
	}
}

// A counters document written before applications left the store also holds
// "nextApplication": it still loads, and Member IDs go on from its
// "nextMember".
func TestCountersWithAnOldFieldStillRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	s := store.New(client, store.WithClock(newClock().Now))
	c, err := s.Coalition("c1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Doc("coalitions/c1/sync/counters").Set(ctx, map[string]any{"nextMember": 5, "nextApplication": 3}); err != nil {
		t.Fatal(err)
	}
	snap, err := c.Load(ctx)
	if err != nil {
		t.Fatalf("Load with an old counters document: %v", err)
	}
	if got := snap.Sync().NextMemberNumber; got != 5 {
		t.Errorf("NextMemberNumber = %d, want 5", got)
	}
	ids, err := c.AllocateMemberIDs(ctx, 2)
	if err != nil {
		t.Fatalf("AllocateMemberIDs with an old counters document: %v", err)
	}
	if want := []string{"M-0005", "M-0006"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("AllocateMemberIDs(2) = %v, want %v", ids, want)
	}
}

func loadSyncState(t *testing.T, c *store.Coalition) store.SyncState {
	t.Helper()
	st, err := c.LoadSyncState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// withoutCounter is s as LoadSyncState returns it: the counters are not read.
func withoutCounter(s store.SyncState) store.SyncState {
	s.NextMemberNumber = 0
	return s
}
