package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
)

func TestCoalitionIDsAreValidated(t *testing.T) {
	t.Parallel()
	client, _ := firestoretest.NewClient(t)
	s := store.New(client)
	for _, id := range []string{"", "a/b", "c1/members/M-0001", ".", "..", "__c1__"} {
		t.Run(id, func(t *testing.T) {
			if _, err := s.Coalition(id); !errors.Is(err, store.ErrInvalidID) {
				t.Errorf("Coalition(%q) error = %v, want ErrInvalidID", id, err)
			}
		})
	}
}

func TestTenancyIsolation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _, a := newCoalition(t) // coalition "c1"
	b, err := s.Coalition("c2")
	if err != nil {
		t.Fatal(err)
	}
	ma := sampleMember("M-0001")
	ma.Name = "Only in c1"
	if _, err := a.Save(ctx, nil, store.State{
		Members:  []store.Member{ma},
		Meetings: []store.Meeting{{Date: domain.NewDate(2026, 1, 26), Present: 5}},
		Sync:     &store.SyncState{SpreadsheetID: "sheet-of-c1"},
	}, store.SaveOptions{Complete: store.AllKinds}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AllocateMemberIDs(ctx, 5); err != nil {
		t.Fatal(err)
	}
	if ok, err := a.TryAcquire(ctx, "sync-of-c1", time.Minute); err != nil || !ok {
		t.Fatalf("c1 TryAcquire = %v, %v", ok, err)
	}

	t.Run("another coalition reads none of it", func(t *testing.T) {
		snap, err := b.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(snap.Members()) + len(snap.Meetings()) + len(snap.Flags()); n != 0 {
			t.Errorf("c2 sees %d of c1's documents, want 0", n)
		}
		if st := snap.Sync(); st.SpreadsheetID != "" || st.NextMemberNumber != 1 {
			t.Errorf("c2 sync state = %+v, want empty with next member number 1", st)
		}
		h, err := b.History(ctx, store.EntityMembers, "M-0001")
		if err != nil || len(h) != 0 {
			t.Errorf("c2 History(M-0001) = %v, %v; want none", h, err)
		}
		ids, err := b.AllocateMemberIDs(ctx, 1)
		if err != nil || len(ids) != 1 || ids[0] != "M-0001" {
			t.Errorf("c2 AllocateMemberIDs(1) = %v, %v; want [M-0001] from its own counter", ids, err)
		}
		if ok, err := b.TryAcquire(ctx, "sync-of-c2", time.Minute); err != nil || !ok {
			t.Errorf("c2 TryAcquire = %v, %v; want its own free lease", ok, err)
		}
	})

	t.Run("another coalition's writes leave it untouched", func(t *testing.T) {
		mb := sampleMember("M-0001")
		mb.Name = "Only in c2"
		for _, st := range []store.State{
			{Members: []store.Member{mb}},
			{}, // complete and empty: marks c2's members missing, never c1's
		} {
			if _, err := b.Save(ctx, nil, st, store.SaveOptions{Complete: store.AllKinds}); err != nil {
				t.Fatal(err)
			}
		}
		snap, err := a.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := snap.Member("M-0001")
		if !ok || got.Name != "Only in c1" || got.Missing || len(snap.Meetings()) != 1 || snap.Sync().NextMemberNumber != 7 { // M-0001 exists, so c1 allocated M-0002..M-0006
			t.Errorf("c1 after c2's saves: member %+v (found %v), %d meetings, next number %d; want c1's own data intact",
				got, ok, len(snap.Meetings()), snap.Sync().NextMemberNumber)
		}
		l, err := a.Lease(ctx)
		if err != nil || l.Owner != "sync-of-c1" || l.Dirty {
			t.Errorf("c1 lease = %+v, %v; want still held by sync-of-c1, not dirty", l, err)
		}
	})

	t.Run("IDs cannot reach into another coalition", func(t *testing.T) {
		for _, id := range []string{"../../c2/members/M-0001", "M-0001/audit/x"} {
			m := sampleMember(id)
			if _, err := b.Save(ctx, nil, store.State{Members: []store.Member{m}}, store.SaveOptions{}); !errors.Is(err, store.ErrInvalidID) {
				t.Errorf("Save of member ID %q: error %v, want ErrInvalidID", id, err)
			}
		}
		if _, err := b.SaveRun(ctx, store.SyncRun{ID: "../../c1/runs/x"}); !errors.Is(err, store.ErrInvalidID) {
			t.Errorf("SaveRun with a path ID: error %v, want ErrInvalidID", err)
		}
	})
}
