package engine_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"cloud.google.com/go/firestore"

	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/sync/store"
)

// grantLoads counts the engine's reads of the record of its grants.
type grantLoads struct {
	engine.Store
	n *int
}

func (s grantLoads) LoadGrants(ctx context.Context, base *store.Snapshot) ([]store.GrantedPermission, error) {
	*s.n++
	return s.Store.LoadGrants(ctx, base)
}

// The record of the service's grants lives in documents of its own: a run
// reads it only when it shares a file (once, for both files), a no-op
// reads the sync state alone, and the sync state never holds it.
func TestGrantsReadOnlyWhenSharing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, folderMembers())
	dirID := withDirectory(t, e)
	folderID, _ := withFolder(t, e)
	loads := 0
	e.engine.Store = grantLoads{Store: e.coal, n: &loads}
	client := e.client

	e.run(t, engine.RunOptions{})
	if loads != 1 {
		t.Errorf("first run loaded the grant records %d times, want 1", loads)
	}
	checkRecord(t, e, dirID, []string{"M-0001", "M-0002", "M-0003"})
	checkRecord(t, e, folderID, []string{"M-0001", "M-0001/alternate", "M-0001/alternate", "M-0002", "M-0003"})
	state, err := client.Doc("coalitions/invented/sync/state").Get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := state.Data()["grantedPermissions"]; ok {
		t.Errorf("the sync state holds grantedPermissions, want them in documents of their own")
	}

	cases := []struct {
		name      string
		opts      engine.RunOptions
		wantLoads int
		wantReads int64 // -1: not checked
	}{
		{"no-op: the sync state alone", engine.RunOptions{}, 0, 1},
		{"forced, nothing to share", engine.RunOptions{Force: true}, 0, -1},
	}
	for _, tc := range cases {
		loads = 0
		e.clock.add(time.Minute)
		before := e.store.Counters()
		e.run(t, tc.opts)
		reads := e.store.Counters().Reads - before.Reads
		if loads != tc.wantLoads || (tc.wantReads >= 0 && reads != tc.wantReads) {
			t.Errorf("%s: %d loads of the grant records, %d documents read; want %d loads, %d reads",
				tc.name, loads, reads, tc.wantLoads, tc.wantReads)
		}
	}
}

// A sync state saved before the grants had documents of their own (the
// records in its grantedPermissions field) keeps working: the next run
// that shares plans against those records (it revokes the access it gave
// a member who left) and moves them out of the sync state.
func TestGrantsMigrateFromOldSyncState(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newEnv(t, folderMembers())
	dirID := withDirectory(t, e)
	folderID, _ := withFolder(t, e)
	e.run(t, engine.RunOptions{})
	client := e.client

	// Back to the old layout: the records in the sync state, no document.
	recs, err := e.coal.LoadGrants(ctx, nil)
	if err != nil || len(recs) != 8 {
		t.Fatalf("after the first run: %d records, err %v; want 8", len(recs), err)
	}
	var arr []any
	for _, g := range recs {
		arr = append(arr, map[string]any{"fileId": g.FileID, "permissionId": g.PermissionID, "memberId": g.MemberID, "role": g.Role})
	}
	docs, err := client.Collection("coalitions/invented/grants").Documents(ctx).GetAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if _, err := d.Ref.Delete(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := client.Doc("coalitions/invented/sync/state").Set(ctx, map[string]any{"grantedPermissions": arr}, firestore.MergeAll); err != nil {
		t.Fatal(err)
	}

	// Río leaves: its access to both files is revoked, from the old record.
	setStatus(t, e, 3, "Withdrawn")
	res := e.run(t, engine.RunOptions{})
	if res.Sharing == nil || res.Sharing.Revoked != 1 || res.FolderSharing == nil || res.FolderSharing.Revoked != 1 {
		t.Fatalf("run after the upgrade: directory %+v, folder %+v; want 1 revoked on each", res.Sharing, res.FolderSharing)
	}
	if _, ok := access(t, e, dirID)["rio@example.org"]; ok {
		t.Errorf("rio@example.org can still open the directory")
	}
	checkRecord(t, e, dirID, []string{"M-0001", "M-0003"})
	checkRecord(t, e, folderID, []string{"M-0001", "M-0001/alternate", "M-0001/alternate", "M-0003"})
	state, err := client.Doc("coalitions/invented/sync/state").Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := state.Data()["grantedPermissions"]; ok {
		t.Errorf("the sync state still holds grantedPermissions after the run")
	}
	got, err := client.Collection("coalitions/invented/grants").Documents(ctx).GetAll()
	if err != nil || len(got) != 1 {
		t.Errorf("%d grant documents, err %v; want 1", len(got), err)
	}
	if after, _ := e.coal.LoadGrants(ctx, nil); slices.Equal(after, recs) {
		t.Errorf("the record did not change with the revocations")
	}
}
