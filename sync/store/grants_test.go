package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"cloud.google.com/go/firestore"

	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
)

// firestoreLimit is Firestore's maximum document size (1 MiB).
const firestoreLimit = 1 << 20

// grantsFor is the record of a coalition of n members, each with an
// address and an alternate, sharing the member directory and the folder:
// 4n records (invented IDs).
func grantsFor(n int) []store.GrantedPermission {
	var out []store.GrantedPermission
	for _, file := range []struct{ id, role string }{
		{"1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-directory", "reader"},
		{"1ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210-folder", "writer"},
	} {
		for i := range n {
			for k := range 2 {
				out = append(out, store.GrantedPermission{FileID: file.id, PermissionID: fmt.Sprintf("%020d", i*2+k+1),
					MemberID: fmt.Sprintf("M-%04d", i+1), Role: file.role})
			}
		}
	}
	return out
}

// docSize is a document's size as Firestore counts it
// (https://firebase.google.com/docs/firestore/storage-size): each string
// its UTF-8 bytes + 1, each field name the same, 32 bytes for the document,
// 8 bytes for a number or boolean; maps and arrays the sum of their parts.
func docSize(v any) int {
	switch x := v.(type) {
	case map[string]any:
		n := 0
		for k, e := range x {
			n += len(k) + 1 + docSize(e)
		}
		return n
	case []any:
		n := 0
		for _, e := range x {
			n += docSize(e)
		}
		return n
	case string:
		return len(x) + 1
	default:
		return 8
	}
}

func rawDocs(t *testing.T, client *firestore.Client, path string) []*firestore.DocumentSnapshot {
	t.Helper()
	docs, err := client.Collection(path).Documents(context.Background()).GetAll()
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// At 6,000 members with the folder shared (24,000 records, past 2.5 MB in
// the sync state's old layout), the record of the grants saves and loads,
// every document well under Firestore's limit; the version check reads
// only the sync state.
func TestGrantsOutgrowTheSyncState(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	s := store.New(client)
	c, err := s.Coalition("c1")
	if err != nil {
		t.Fatal(err)
	}
	want := grantsFor(6000)
	old := 0
	for _, g := range want {
		old += docSize(map[string]any{"fileId": g.FileID, "permissionId": g.PermissionID, "memberId": g.MemberID, "role": g.Role})
	}
	if old <= firestoreLimit {
		t.Fatalf("invented data: %d records take %d bytes, want more than Firestore's %d", len(want), old, firestoreLimit)
	}

	base, err := c.LoadForPlan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.LoadGrants(ctx, base); err != nil {
		t.Fatal(err)
	}
	st := store.SyncState{SpreadsheetID: "sheet-1", SpreadsheetVersion: 3, SharingKey: "k1", GrantedPermissions: want}
	if _, err := c.Save(ctx, base, store.State{Sync: &st}, store.SaveOptions{}); err != nil {
		t.Fatalf("save %d grant records: %v", len(want), err)
	}

	state, err := client.Doc("coalitions/c1/sync/state").Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := state.Data()["grantedPermissions"]; ok {
		t.Errorf("the sync state holds grantedPermissions, want them in documents of their own")
	}
	if n := docSize(state.Data()); n > 16<<10 {
		t.Errorf("sync state is %d bytes, want a few KB at most", n)
	}
	docs := rawDocs(t, client, "coalitions/c1/grants")
	if len(docs) < 12 {
		t.Errorf("%d grant documents, want at least 12 (2,000 records each at most)", len(docs))
	}
	for _, d := range docs {
		if n := docSize(d.Data()); n > firestoreLimit/2 {
			t.Errorf("grant document %s is %d bytes, want at most half of Firestore's limit", d.Ref.ID, n)
		}
	}

	before := s.Counters()
	if _, err := c.LoadSyncState(ctx); err != nil {
		t.Fatal(err)
	}
	if d := delta(s, before); d.Reads != 1 {
		t.Errorf("LoadSyncState read %d documents, want 1 (the grant records are not read)", d.Reads)
	}
	before = s.Counters()
	got, err := c.LoadGrants(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("loaded %d grant records, not those saved (%d)", len(got), len(want))
	}
	if d := delta(s, before); d.Reads != int64(len(docs)) {
		t.Errorf("LoadGrants read %d documents, want %d", d.Reads, len(docs))
	}

	// One record changes: one document is written, and the sync state.
	base, err = c.LoadForPlan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.LoadGrants(ctx, base); err != nil {
		t.Fatal(err)
	}
	next := base.Sync()
	next.GrantedPermissions[5000].PermissionID = "99999999999999999999"
	next.SharingKey = "k2"
	before = s.Counters()
	if _, err := c.Save(ctx, base, store.State{Sync: &next}, store.SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if d := delta(s, before); d.Writes != 2 || d.Commits != 2 {
		t.Errorf("saving one changed record: %d writes in %d commits, want 2 in 2 (its document, then the sync state)", d.Writes, d.Commits)
	}
	// Fewer records: the documents no longer needed are deleted.
	next = base.Sync()
	next.GrantedPermissions = next.GrantedPermissions[:10]
	next.SharingKey = "k3"
	if _, err := c.Save(ctx, base, store.State{Sync: &next}, store.SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := len(rawDocs(t, client, "coalitions/c1/grants")); n != 1 {
		t.Errorf("%d grant documents for 10 records, want 1", n)
	}
	if got, err := c.LoadGrants(ctx, nil); err != nil || !slices.Equal(got, next.GrantedPermissions) {
		t.Errorf("after shrinking: %d records, err %v; want the 10 saved", len(got), err)
	}
}

// The grant records commit before the sync state: when the sync state's
// save fails (here: its document deleted, so that the update finds
// nothing), the records of the grants made are kept, and the sync state's
// sharing key has not moved, so the next run plans the sharing again.
func TestGrantsSurviveAFailedSyncStateSave(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	s := store.New(client)
	c, err := s.Coalition("c1")
	if err != nil {
		t.Fatal(err)
	}
	base, err := c.LoadForPlan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.LoadGrants(ctx, base); err != nil {
		t.Fatal(err)
	}
	st := store.SyncState{SpreadsheetID: "sheet-1", SharingKey: "k1", GrantedPermissions: grantsFor(10)}
	if _, err := c.Save(ctx, base, store.State{Sync: &st}, store.SaveOptions{}); err != nil {
		t.Fatal(err)
	}

	next := base.Sync()
	next.GrantedPermissions = grantsFor(3000) // the grants made at Google this run
	next.SharingKey = "k2"
	p, err := c.Plan(base, store.State{Sync: &next}, store.SaveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Doc("coalitions/c1/sync/state").Delete(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Apply(ctx, p); err == nil {
		t.Fatal("Apply with the sync state's document gone: no error, want the sync state's save to fail")
	}
	got, err := c.LoadGrants(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, next.GrantedPermissions) {
		t.Errorf("after the failed sync state save: %d grant records, want the %d recorded before it", len(got), len(next.GrantedPermissions))
	}
}

// legacyState writes the record of the grants where sync states saved
// before they had documents of their own kept it.
func legacyState(t *testing.T, client *firestore.Client, gs []store.GrantedPermission) {
	t.Helper()
	var arr []any
	for _, g := range gs {
		arr = append(arr, map[string]any{"fileId": g.FileID, "permissionId": g.PermissionID, "memberId": g.MemberID, "role": g.Role})
	}
	if _, err := client.Doc("coalitions/c1/sync/state").Set(context.Background(),
		map[string]any{"grantedPermissions": arr}, firestore.MergeAll); err != nil {
		t.Fatal(err)
	}
}

// A sync state saved before the grants had documents of their own keeps
// working: its records are read from it while there is no grant document,
// SaveSyncState leaves them there, and the next save that writes the sync
// state moves them out and removes the old field, also when the run did
// not load them.
func TestGrantsMigrateFromTheSyncState(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		loaded bool // the run loaded the grants (it shares a file)
		docs   bool // grant documents exist already (a save failed after writing them)
	}{
		{"a run that does not share", false, false},
		{"a run that shares", true, false},
		{"grant documents written, sync state not", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			client, _ := firestoretest.NewClient(t)
			s := store.New(client)
			c, err := s.Coalition("c1")
			if err != nil {
				t.Fatal(err)
			}
			st := store.SyncState{SpreadsheetID: "sheet-1", SpreadsheetVersion: 1, SharingKey: "k1"}
			if _, err := c.Save(ctx, nil, store.State{Sync: &st}, store.SaveOptions{}); err != nil {
				t.Fatal(err)
			}
			old := grantsFor(2)
			want := old
			if tc.docs {
				base, err := c.LoadForPlan(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := c.LoadGrants(ctx, base); err != nil {
					t.Fatal(err)
				}
				want = grantsFor(3)
				next := base.Sync()
				next.GrantedPermissions = want
				if _, err := c.Save(ctx, base, store.State{Sync: &next}, store.SaveOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			legacyState(t, client, old)

			if got, err := c.LoadGrants(ctx, nil); err != nil || !slices.Equal(got, want) {
				t.Fatalf("LoadGrants before the move: %d records, err %v; want %d", len(got), err, len(want))
			}
			// The version check's write leaves the old field alone.
			seen, err := c.LoadSyncState(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(seen.GrantedPermissions) != 0 {
				t.Errorf("LoadSyncState returned %d grant records, want none", len(seen.GrantedPermissions))
			}
			seen.SpreadsheetVersion = 2
			if err := c.SaveSyncState(ctx, seen); err != nil {
				t.Fatal(err)
			}
			if got, err := c.LoadGrants(ctx, nil); err != nil || !slices.Equal(got, want) {
				t.Fatalf("LoadGrants after SaveSyncState: %d records, err %v; want %d", len(got), err, len(want))
			}

			base, err := c.LoadForPlan(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if tc.loaded {
				if _, err := c.LoadGrants(ctx, base); err != nil {
					t.Fatal(err)
				}
			}
			next := base.Sync()
			next.SpreadsheetVersion = 3
			if _, err := c.Save(ctx, base, store.State{Sync: &next}, store.SaveOptions{}); err != nil {
				t.Fatal(err)
			}
			state, err := client.Doc("coalitions/c1/sync/state").Get(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := state.Data()["grantedPermissions"]; ok {
				t.Errorf("the sync state still holds grantedPermissions after a save")
			}
			if n := len(rawDocs(t, client, "coalitions/c1/grants")); n != 1 {
				t.Errorf("%d grant documents, want 1", n)
			}
			if got, err := c.LoadGrants(ctx, nil); err != nil || !slices.Equal(got, want) {
				t.Errorf("LoadGrants after the move: %d records, err %v; want the %d recorded", len(got), err, len(want))
			}
		})
	}
}
