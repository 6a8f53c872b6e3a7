package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"cloud.google.com/go/firestore"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
)

// saveForPlan is a sync run's save: LoadForPlan, Plan, Apply. It returns
// the plan made before Apply fetched anything, what Apply saved, and the
// documents read by the load and by Apply.
func saveForPlan(t *testing.T, s *store.Store, c *store.Coalition, next store.State, opts store.SaveOptions) (store.SaveResult, store.SaveResult, int64, int64) {
	t.Helper()
	ctx := context.Background()
	before := s.Counters()
	base, err := c.LoadForPlan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	loadReads := delta(s, before).Reads
	p, err := c.Plan(base, next, opts)
	if err != nil {
		t.Fatal(err)
	}
	planned := p.Result
	before = s.Counters()
	res, err := c.Apply(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	return planned, res, loadReads, delta(s, before).Reads
}

// sameRecord fails the test when two coalitions' stored records differ.
func sameRecord(t *testing.T, got, want *store.Snapshot) {
	t.Helper()
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"members", got.Members(), want.Members()},
		{"meetings", got.Meetings(), want.Meetings()},
		{"votes", got.Votes(), want.Votes()},
		{"flags", got.Flags(), want.Flags()},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s saved from the digest:\n%+v\nwant (saved from a full read):\n%+v", c.what, c.got, c.want)
		}
	}
}

// editState is cacheState(n) after a meeting: one member's phone changed,
// another's flag cleared, one attendance mark changed, a new version.
func editState(n int) store.State {
	next := cacheState(n)
	next.Members[2].Phone = "+1 555 0142"
	next.Members[4].Flags = nil
	next.Meetings[0].Attendance["M-0003"] = domain.Absent
	next.Sync.SpreadsheetVersion = 2
	return next
}

// A process with no cache loads a coalition from its digest: the sync
// state, the counters and a few digest documents, whatever the number of
// members. A save against that snapshot reads only the documents of the
// entities it changes (and the flag records it adds to), and stores
// exactly what a save against a full read stores, audit entries included.
// The same state saved again from another cold process writes nothing.
func TestColdLoadReadsTheDigest(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		members int
		chunks  int64 // digest documents: members (2,000 entries each at most), meetings, votes
	}{
		{30, 3},
		{2500, 4},
	} {
		t.Run(fmt.Sprintf("%d members", tc.members), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			client, _ := firestoretest.NewClient(t)
			clk := newClock()
			opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}
			writer := store.New(client, store.WithClock(clk.Now))
			cw, err := writer.Coalition("c1")
			if err != nil {
				t.Fatal(err)
			}
			twin, err := writer.Coalition("c2") // the same saves, each against a full read
			if err != nil {
				t.Fatal(err)
			}
			saveForPlan(t, writer, cw, cacheState(tc.members), opts)
			if _, err := twin.Save(ctx, nil, cacheState(tc.members), opts); err != nil {
				t.Fatal(err)
			}

			cold := store.New(client, store.WithClock(clk.Now)) // a new instance
			cc, err := cold.Coalition("c1")
			if err != nil {
				t.Fatal(err)
			}
			planned, res, loadReads, applyReads := saveForPlan(t, cold, cc, editState(tc.members), opts)
			// The counters document does not exist: no Member ID was allocated.
			if want := 1 + tc.chunks; loadReads != want {
				t.Errorf("cold load read %d documents, want %d (the sync state and %d digest documents)", loadReads, want, tc.chunks)
			}
			// Members M-0003 and M-0005, the meeting, and M-0005's flag record.
			if applyReads != 4 {
				t.Errorf("save from the digest read %d documents, want 4 (2 members, 1 meeting, 1 flag record)", applyReads)
			}
			// Unchanged: the other members and the vote.
			if planned.Updated != 3 || planned.FlagsCleared != 1 || planned.Unchanged != tc.members-1 {
				t.Errorf("plan on the digest: %+v; want 3 updated, 1 flag cleared, %d unchanged", planned, tc.members-1)
			}
			if res.Updated != 3 || res.FlagsCleared != 1 || res.AuditEntries != 3 || res.Unchanged != tc.members-1 {
				t.Errorf("save on the digest: %+v; want 3 updated, 1 flag cleared, 3 audit entries, %d unchanged", res, tc.members-1)
			}
			t.Logf("save from the digest: %d writes, %d bytes in %d commits", res.Writes, res.Bytes, res.Commits)
			if _, err := twin.Save(ctx, nil, editState(tc.members), opts); err != nil {
				t.Fatal(err)
			}

			ref := store.New(client, store.WithClock(clk.Now), store.WithLoadCache(0))
			rc, _ := ref.Coalition("c1")
			rt, _ := ref.Coalition("c2")
			got, err := rc.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want, err := rt.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			sameRecord(t, got, want)
			for _, e := range []struct{ kind, id string }{{"members", "M-0003"}, {"members", "M-0005"}, {"meetings", "2026-01-26"}} {
				gh, err := rc.History(ctx, e.kind, e.id)
				if err != nil {
					t.Fatal(err)
				}
				wh, err := rt.History(ctx, e.kind, e.id)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(gh, wh) {
					t.Errorf("history of %s/%s saved from the digest:\n%+v\nwant:\n%+v", e.kind, e.id, gh, wh)
				}
			}

			again := store.New(client, store.WithClock(clk.Now))
			ca, _ := again.Coalition("c1")
			before := again.Counters()
			_, res, loadReads, _ = saveForPlan(t, again, ca, editState(tc.members), opts)
			if d := delta(again, before); d.Writes != 0 || res.Unchanged != tc.members+2 || d.Reads != loadReads {
				t.Errorf("the same state from another cold process: %d writes, %d reads after the load, result %+v; want 0 writes, 0 reads, %d unchanged",
					d.Writes, d.Reads-loadReads, res, tc.members+2)
			}
			snap, err := ca.LoadForPlan(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var wantKnown []store.KnownMember
			for _, m := range want.Members() {
				wantKnown = append(wantKnown, store.KnownMember{ID: m.ID, Name: m.Name, Missing: m.Missing})
			}
			if got := snap.KnownMembers(); !reflect.DeepEqual(got, wantKnown) {
				t.Errorf("known members from the digest differ from the stored members")
			}
			gm, gv := snap.Kept()
			wm, wv := want.Kept()
			if gm != wm || gv != wv {
				t.Errorf("Kept() from the digest = %d meetings, %d votes; want %d, %d", gm, gv, wm, wv)
			}
		})
	}
}

// A save of several commits that stops midway (here: one commit refused,
// because a person deleted a member in the console) never leaves a digest
// that a cold load trusts: the digest head still names the generation
// before the save while the sync state holds the pending one, so every
// cold load reads every document, and sees what is really stored. The next
// save that succeeds writes the digest again and cold loads trust it.
func TestDigestAfterASaveStoppedMidway(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	clk := newClock()
	opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}
	a := store.New(client, store.WithClock(clk.Now), store.WithCommitBytes(4096))
	ca, err := a.Coalition("c1")
	if err != nil {
		t.Fatal(err)
	}
	saveForPlan(t, a, ca, cacheState(30), opts)
	next := cacheState(30)
	for i := range next.Members {
		next.Members[i].Title = "Coordinator" // every member: several commits
	}
	next.Sync.SpreadsheetVersion = 2
	if _, err := client.Doc("coalitions/c1/members/M-0009").Delete(ctx); err != nil {
		t.Fatal(err)
	}
	base, err := ca.LoadForPlan(ctx) // warm: the deletion is not seen
	if err != nil {
		t.Fatal(err)
	}
	p, err := ca.Plan(base, next, opts)
	if err != nil {
		t.Fatal(err)
	}
	if p.Result.Commits < 3 {
		t.Fatalf("plan of 30 changed members under a 4,096-byte cap: %d commits, want several", p.Result.Commits)
	}
	if _, err := ca.Apply(ctx, p); err == nil {
		t.Fatal("save of a member deleted by hand succeeded, want an error")
	}
	st, err := client.Doc("coalitions/c1/sync/state").Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gen, _ := st.DataAt("generation")
	head, _ := st.DataAt("digest.generation")
	if gen == head {
		t.Errorf("after the failed save the digest head names generation %v, the sync state's; want another", head)
	}

	ref := store.New(client, store.WithClock(clk.Now), store.WithLoadCache(0))
	rc, _ := ref.Coalition("c1")
	steps := []struct {
		name     string
		save     bool
		wantCold bool // read from the digest: at most 2 + 3 documents
	}{
		{"cold load after the failed save reads everything", false, false},
		{"a save succeeds", true, true},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			if step.save {
				w := store.New(client, store.WithClock(clk.Now))
				cw, _ := w.Coalition("c1")
				saveForPlan(t, w, cw, next, opts)
			}
			cold := store.New(client, store.WithClock(clk.Now))
			cc, _ := cold.Coalition("c1")
			before := cold.Counters()
			snap, err := cc.LoadForPlan(ctx)
			if err != nil {
				t.Fatal(err)
			}
			reads := delta(cold, before).Reads
			if fromDigest := reads <= 5; fromDigest != step.wantCold {
				t.Errorf("cold load read %d documents (from the digest: %v), want from the digest %v", reads, fromDigest, step.wantCold)
			}
			want, err := rc.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var wantKnown []store.KnownMember
			for _, m := range want.Members() {
				wantKnown = append(wantKnown, store.KnownMember{ID: m.ID, Name: m.Name, Missing: m.Missing})
			}
			if got := snap.KnownMembers(); !reflect.DeepEqual(got, wantKnown) {
				t.Errorf("cold load's members:\n%+v\nwant what is stored:\n%+v", got, wantKnown)
			}
			// Planning what the failed save meant against the cold
			// snapshot: after the successful save, nothing is left to write.
			p, err := cc.Plan(snap, next, opts)
			if err != nil {
				t.Fatal(err)
			}
			if step.save && p.Result.Written() != 0 {
				t.Errorf("after the successful save, the plan from a cold load still writes %+v", p.Result)
			}
			if !step.save && p.Result.Written() == 0 {
				t.Errorf("after the failed save, the plan from a cold load writes nothing; want the members the failed save did not store")
			}
		})
	}
	all, err := rc.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all.Members() {
		if m.Title != "Coordinator" {
			t.Errorf("%s's title = %q after the successful save, want Coordinator", m.ID, m.Title)
		}
	}
}

// The digest is trusted for DefaultDigestTrust after it was last checked
// against every document: a person's edit in the Firestore console is seen
// by the first cold load after that, which reads everything; the save
// after it puts back what the sheet says and records the check, so the
// cold load after that reads the digest again.
func TestDigestCheckedWithinTrust(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	clk := newClock()
	opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}
	w := store.New(client, store.WithClock(clk.Now))
	cw, _ := w.Coalition("c1")
	saveForPlan(t, w, cw, cacheState(10), opts)
	if _, err := client.Doc("coalitions/c1/members/M-0004").Update(ctx, []firestore.Update{{Path: "name", Value: "Typed In The Console"}}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name        string
		advance     bool
		wantDigest  bool
		wantWritten int
	}{
		{"within a day: the digest, and the edit stays unseen", false, true, 0},
		{"after a day: every document, and the edit is put back", true, false, 1},
		{"right after: the digest again", false, true, 0},
	}
	for i, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			if step.advance {
				clk.Advance(store.DefaultDigestTrust)
			}
			next := cacheState(10)
			next.Sync.SpreadsheetVersion = int64(2 + i)
			s := store.New(client, store.WithClock(clk.Now))
			c, _ := s.Coalition("c1")
			_, res, loadReads, _ := saveForPlan(t, s, c, next, opts)
			if fromDigest := loadReads <= 5; fromDigest != step.wantDigest {
				t.Errorf("cold load read %d documents (from the digest: %v), want from the digest %v", loadReads, fromDigest, step.wantDigest)
			}
			if res.Written() != step.wantWritten {
				t.Errorf("save wrote %d entities (%+v), want %d", res.Written(), res, step.wantWritten)
			}
		})
	}
}

// When a kind outgrows its digest documents (2,000 entries each at most),
// the save splits it into twice as many and deletes the old ones, in the
// same save; a cold load then reads the new ones and knows every member.
func TestDigestGrows(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	clk := newClock()
	opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}
	w := store.New(client, store.WithClock(clk.Now))
	cw, _ := w.Coalition("c1")
	small := cacheState(1900)
	saveForPlan(t, w, cw, small, opts)
	digestIDs := func() []string {
		docs, err := client.Collection("coalitions/c1/digest").Documents(ctx).GetAll()
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, d := range docs {
			ids = append(ids, d.Ref.ID)
		}
		return ids
	}
	if got, want := digestIDs(), []string{"meetings-1-0", "members-1-0", "votes-1-0"}; !reflect.DeepEqual(got, want) {
		t.Errorf("digest documents of 1,900 members = %v, want %v", got, want)
	}
	large := cacheState(2100)
	large.Sync.SpreadsheetVersion = 2
	saveForPlan(t, w, cw, large, opts)
	if got, want := digestIDs(), []string{"meetings-1-0", "members-2-0", "members-2-1", "votes-1-0"}; !reflect.DeepEqual(got, want) {
		t.Errorf("digest documents of 2,100 members = %v, want %v", got, want)
	}
	cold := store.New(client, store.WithClock(clk.Now))
	cc, _ := cold.Coalition("c1")
	before := cold.Counters()
	snap, err := cc.LoadForPlan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if reads := delta(cold, before).Reads; reads != 5 {
		t.Errorf("cold load read %d documents, want 5 (the sync state and 4 digest documents)", reads)
	}
	if got := len(snap.KnownMembers()); got != 2100 {
		t.Errorf("cold load knows %d members, want 2,100", got)
	}
	p, err := cc.Plan(snap, large, opts)
	if err != nil {
		t.Fatal(err)
	}
	if p.Result.Written() != 0 || p.Result.Unchanged != 2102 {
		t.Errorf("plan of the stored state on the cold load: %+v, want nothing written, 2,102 unchanged", p.Result)
	}
}

// A save planned on Load's snapshot (which does not keep the digest) moves
// the generation without the digest head: cold loads then read every
// document until a save planned on LoadForPlan writes the digest again.
func TestSaveWithoutTheDigestUntrustsIt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	clk := newClock()
	opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}
	w := store.New(client, store.WithClock(clk.Now))
	cw, _ := w.Coalition("c1")
	saveForPlan(t, w, cw, cacheState(20), opts)
	next := cacheState(20)
	next.Members[0].Name = "Renamed Without The Digest"
	next.Sync.SpreadsheetVersion = 2
	if _, err := cw.Save(ctx, nil, next, opts); err != nil { // Load, not LoadForPlan
		t.Fatal(err)
	}
	steps := []struct {
		name       string
		save       bool
		wantDigest bool
	}{
		{"after the save without the digest: every document", false, false},
		{"after a save with it: the digest", true, true},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			if step.save {
				next.Sync.SpreadsheetVersion++
				s := store.New(client, store.WithClock(clk.Now))
				c, _ := s.Coalition("c1")
				saveForPlan(t, s, c, next, opts)
			}
			s := store.New(client, store.WithClock(clk.Now))
			c, _ := s.Coalition("c1")
			before := s.Counters()
			snap, err := c.LoadForPlan(ctx)
			if err != nil {
				t.Fatal(err)
			}
			reads := delta(s, before).Reads
			if fromDigest := reads <= 4; fromDigest != step.wantDigest {
				t.Errorf("cold load read %d documents (from the digest: %v), want from the digest %v", reads, fromDigest, step.wantDigest)
			}
			if got := snap.KnownMembers()[0].Name; got != "Renamed Without The Digest" {
				t.Errorf("first member's name from the cold load = %q, want the renamed one", got)
			}
		})
	}
}

// A document deleted by hand in the console that the run changes is found
// gone when the save fetches it: it is written whole, and the digest stays
// exact (the next cold save of the same state writes nothing).
func TestColdSaveOfADocumentDeletedByHand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	clk := newClock()
	opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}
	w := store.New(client, store.WithClock(clk.Now))
	cw, _ := w.Coalition("c1")
	saveForPlan(t, w, cw, cacheState(10), opts)
	if _, err := client.Doc("coalitions/c1/members/M-0004").Delete(ctx); err != nil {
		t.Fatal(err)
	}
	next := cacheState(10)
	next.Members[3].Title = "Treasurer"
	next.Sync.SpreadsheetVersion = 2
	for i, want := range []int{1, 0} {
		s := store.New(client, store.WithClock(clk.Now))
		c, _ := s.Coalition("c1")
		_, res, _, _ := saveForPlan(t, s, c, next, opts)
		if res.Written() != want {
			t.Errorf("cold save %d: wrote %d entities (%+v), want %d", i+1, res.Written(), res, want)
		}
	}
	ref := store.New(client, store.WithClock(clk.Now), store.WithLoadCache(0))
	rc, _ := ref.Coalition("c1")
	snap, err := rc.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := snap.Member("M-0004"); !ok || m.Title != "Treasurer" {
		t.Errorf("M-0004 after the cold save: %+v (found: %v), want its title Treasurer", m.Title, ok)
	}
}

// State.Keep leaves a stored member as it is, as passing it unchanged in
// Members did, on a cold snapshot as on a full one: a kept member is not
// marked missing and costs no read; a kept member marked missing comes
// back (its document is fetched for that).
func TestKeepOnAColdSnapshot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	clk := newClock()
	opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}
	for _, id := range []string{"c1", "c2"} { // c1 saved on cold snapshots, c2 on full reads
		s := store.New(client, store.WithClock(clk.Now))
		c, _ := s.Coalition(id)
		first := cacheState(10)
		first.Members = first.Members[:9] // M-0010 marked missing below
		full := cacheState(10)
		if id == "c1" {
			saveForPlan(t, s, c, full, opts)
			saveForPlan(t, s, c, first, opts)
		} else {
			if _, err := c.Save(ctx, nil, full, opts); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Save(ctx, nil, first, opts); err != nil {
				t.Fatal(err)
			}
		}
	}
	next := cacheState(10)
	next.Members = next.Members[:8]
	next.Keep = []string{"M-0009", "M-0010", "X-not-stored"}
	next.Sync.SpreadsheetVersion = 2
	cold := store.New(client, store.WithClock(clk.Now))
	c1, _ := cold.Coalition("c1")
	planned, res, _, applyReads := saveForPlan(t, cold, c1, next, opts)
	if planned.Returned != 1 || planned.MarkedMissing != 0 || res.Returned != 1 || res.MarkedMissing != 0 {
		t.Errorf("keep on a cold snapshot: planned %+v, saved %+v; want M-0010 returned, nothing marked missing", planned, res)
	}
	if applyReads != 1 { // M-0010's document
		t.Errorf("keep on a cold snapshot read %d documents in Apply, want 1", applyReads)
	}
	ref := store.New(client, store.WithClock(clk.Now), store.WithLoadCache(0))
	r2, _ := ref.Coalition("c2")
	b2, err := r2.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := r2.Plan(b2, next, opts)
	if err != nil {
		t.Fatal(err)
	}
	if want.Result.Returned != 1 || want.Result.MarkedMissing != 0 {
		t.Errorf("keep on a full read: %+v; want M-0010 returned, nothing marked missing", want.Result)
	}
}
