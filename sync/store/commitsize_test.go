package store_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/firestore"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
)

// coalition returns n invented members (one flag each, as sampleMember) and
// meetings monthly meetings from January 2006 whose attendance marks every
// member: about 80% P, 8% N, 5% A and 7% not recorded.
func coalition(n, meetings int) ([]store.Member, []store.Meeting) {
	ms := members(n)
	out := make([]store.Meeting, meetings)
	for i := range out {
		d := domain.NewDate(2006+i/12, time.Month(i%12+1), 20)
		att := make(map[string]domain.Code, n)
		present := 0
		for j, m := range ms {
			switch r := (i*7 + j*13) % 100; {
			case r < 80:
				att[m.ID] = domain.Present
				present++
			case r < 88:
				att[m.ID] = domain.Notified
			case r < 93:
				att[m.ID] = domain.Absent
			}
		}
		out[i] = store.Meeting{Date: d, VotingMembers: n, Present: present, QuorumNeeded: (2*n + 2) / 3,
			Quorum: 3*present >= 2*n, Recorded: true, Attendance: att}
	}
	return ms, out
}

// newRecordingCoalition is newCoalition on a client whose commits are recorded.
func newRecordingCoalition(t testing.TB, opts ...store.Option) (*store.Store, *clock, *store.Coalition, *firestoretest.Recorder, *firestore.Client) {
	t.Helper()
	client, _, rec := firestoretest.NewRecordingClient(t)
	clk := newClock()
	s := store.New(client, append([]store.Option{store.WithClock(clk.Now)}, opts...)...)
	c, err := s.Coalition("c1")
	if err != nil {
		t.Fatal(err)
	}
	return s, clk, c, rec, client
}

func sentBytes(cs []firestoretest.Commit) (total, largest int) {
	for _, c := range cs {
		total += c.Bytes
		largest = max(largest, c.Bytes)
	}
	return total, largest
}

// A person changes one attendance cell of a 5,000-member coalition: the save
// sends that mark, the meeting's count, the member's absences and flag, the
// audit entries and the sync state: a few kilobytes, not the meeting's whole
// attendance (221 KB per edit before). The other meetings are unchanged and
// cost nothing, so three stand for the two years a coalition keeps.
func TestAttendanceEditCommitsLittle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, clk, c, rec, _ := newRecordingCoalition(t)
	ms, mts := coalition(5000, 3)
	opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}
	base, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st := store.SyncState{SpreadsheetID: "sheet-1", SpreadsheetVersion: 7}
	for _, m := range ms { // the member directory shared with every member
		st.GrantedPermissions = append(st.GrantedPermissions, store.GrantedPermission{FileID: "directory-1",
			PermissionID: "perm-" + m.ID, MemberID: m.ID, Role: "reader"})
	}
	if _, err := c.Save(ctx, base, store.State{Members: ms, Meetings: mts, Sync: &st}, opts); err != nil {
		t.Fatal(err)
	}

	// M-0043 was present at the last meeting; the sheet now says A.
	clk.Advance(time.Hour)
	last := &mts[len(mts)-1]
	if last.Attendance["M-0043"] != domain.Present {
		t.Fatalf("invented data: M-0043 at %s = %v, want P", last.Date, last.Attendance["M-0043"])
	}
	edited := make(map[string]domain.Code, len(last.Attendance))
	for k, v := range last.Attendance {
		edited[k] = v
	}
	edited["M-0043"] = domain.Absent
	last.Attendance = edited
	last.Present--
	ms[42].UnexcusedAbsences++
	ms[42].Flags = append(ms[42].Flags, domain.Flag{Kind: domain.FlagNoWorkingGroup})
	st.SpreadsheetVersion++
	rec.Reset()
	res, err := c.Save(ctx, base, store.State{Members: ms, Meetings: mts, Sync: &st}, opts)
	if err != nil {
		t.Fatal(err)
	}
	total, _ := sentBytes(rec.Commits())
	t.Logf("one-cell edit at 5,000 members: %d bytes in %d commit(s), estimated %d; %+v", total, len(rec.Commits()), res.Bytes, res)
	if res.Updated != 2 || res.FlagsRaised != 1 || !res.SyncState {
		t.Errorf("one-cell edit: %+v, want 2 updated (meeting and member), 1 flag raised, sync state written", res)
	}
	if total > 20_000 {
		t.Errorf("one-cell edit sent %d bytes in its commits, want at most 20,000", total)
	}

	fresh, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := fresh.Meeting(last.Date)
	if !reflect.DeepEqual(got.Attendance, last.Attendance) || got.Present != last.Present {
		t.Errorf("meeting %s after the edit: %d marks, M-0043 = %v, present %d; want %d marks, M-0043 = A, present %d",
			last.Date, len(got.Attendance), got.Attendance["M-0043"], got.Present, len(last.Attendance), last.Present)
	}
}

// The audit entry of an attendance edit names exactly the marks that
// changed, each with its code before and after, and the other fields that
// changed; never the whole attendance.
func TestAttendanceAuditNamesTheChangedMarks(t *testing.T) {
	t.Parallel()
	ms, mts := coalition(50, 1)
	mt := mts[0]
	// The invented marks this test changes.
	for id, want := range map[string]domain.Code{"M-0003": domain.Present, "M-0004": domain.Present, "M-0015": domain.Notified, "M-0016": domain.Unrecorded} {
		if got := mt.Attendance[id]; got != want {
			t.Fatalf("invented data: %s = %v, want %v", id, got, want)
		}
	}
	cases := []struct {
		name    string
		edit    map[string]domain.Code // Unrecorded: the cell is blanked
		present int                    // change of the Present count
		want    []store.Change
	}{
		{"one mark", map[string]domain.Code{"M-0003": domain.Absent}, -1, []store.Change{
			{Field: "attendance.M-0003", Before: "P", After: "A"},
			{Field: "present", Before: fmt.Sprint(mt.Present), After: fmt.Sprint(mt.Present - 1)},
		}},
		{"a mark blanked, one recorded, one changed", map[string]domain.Code{
			"M-0004": domain.Unrecorded, "M-0016": domain.Present, "M-0015": domain.Absent}, 0, []store.Change{
			{Field: "attendance.M-0004", Before: "P", After: ""},
			{Field: "attendance.M-0015", Before: "N", After: "A"},
			{Field: "attendance.M-0016", Before: "", After: "P"},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			_, clk, c, _, _ := newRecordingCoalition(t)
			first := mt
			if _, err := c.Save(ctx, nil, store.State{Members: ms, Meetings: []store.Meeting{first}}, store.SaveOptions{Source: "sheet"}); err != nil {
				t.Fatal(err)
			}
			clk.Advance(time.Hour)
			next := mt
			next.Attendance = make(map[string]domain.Code, len(mt.Attendance))
			for k, v := range mt.Attendance {
				next.Attendance[k] = v
			}
			for id, code := range tc.edit {
				if code == domain.Unrecorded {
					delete(next.Attendance, id)
				} else {
					next.Attendance[id] = code
				}
			}
			next.Present += tc.present
			if _, err := c.Save(ctx, nil, store.State{Meetings: []store.Meeting{next}}, store.SaveOptions{Source: "sheet", Actor: "facilitator"}); err != nil {
				t.Fatal(err)
			}
			h, err := c.History(ctx, store.EntityMeetings, mt.Date.String())
			if err != nil {
				t.Fatal(err)
			}
			if len(h) != 2 {
				t.Fatalf("History(%s) = %d entries, want 2 (created, updated)", mt.Date, len(h))
			}
			e := h[1]
			if e.Action != store.ActionUpdated || e.Source != "sheet" || e.Actor != "facilitator" || !e.At.Equal(clk.Now()) {
				t.Errorf("audit entry: action %q, source %q, actor %q, at %v; want updated, sheet, facilitator, %v", e.Action, e.Source, e.Actor, e.At, clk.Now())
			}
			if !reflect.DeepEqual(e.Changes, tc.want) {
				t.Errorf("audit changes:\n got %+v\nwant %+v", e.Changes, tc.want)
			}
			snap, err := c.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := snap.Meeting(mt.Date); !reflect.DeepEqual(got.Attendance, next.Attendance) {
				t.Errorf("stored attendance after the edit differs from the sheet's (%d marks, want %d)", len(got.Attendance), len(next.Attendance))
			}
		})
	}
}

// What a save estimates its commits weigh is what the client sends: the
// estimate is at least the bytes sent and over by no more than the allowance
// for each commit's transaction ID.
func TestWriteSizeMatchesTheWire(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, clk, c, rec, _ := newRecordingCoalition(t)
	ms, mts := coalition(300, 6)
	mts[1].Cancelled, mts[1].AgendaLink = true, "https://docs.example/agenda"
	// Text beyond ASCII in a map key and in values: the wire counts bytes.
	mts[0].Attendance["M-Año ñ"] = domain.Present
	state := store.State{
		Members: ms, Meetings: mts,
		Votes: []store.Vote{{Vote: domain.Vote{Meeting: mts[0].Date, Motion: "Admitir a Casa Ñandú", Kind: domain.KindAdmit,
			Subject: "Casa Ñandú", Yes: 10, No: 1}, Valid: true, Passed: true, Result: "Aprobada — quórum"}},
		Sync: &store.SyncState{SpreadsheetID: "sheet-1", SpreadsheetVersion: 3,
			Channels: []store.WatchChannel{{ID: "ch", ResourceID: "r", FileID: "sheet-1", Expiration: clk.Now().Add(time.Hour)}}},
	}
	opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}
	edit := func(s store.State) store.State {
		s.Members = members(300)[:299] // the last one leaves: marked missing
		s.Members[7].Name = "Renamed `group`.x"
		s.Members[8].Flags = nil
		s.Members[9].Joined = domain.Date{}
		mts := append([]store.Meeting(nil), s.Meetings...)
		att := make(map[string]domain.Code, len(mts[2].Attendance))
		for k, v := range mts[2].Attendance {
			att[k] = v
		}
		att["M-0001"], att["M-0002"] = domain.Absent, domain.Notified
		delete(att, "M-0003")
		mts[2].Attendance, mts[2].Present = att, mts[2].Present-2
		mts[3].Attendance = nil // every mark cleared: the field is set whole
		mts[1].Cancelled = false
		s.Meetings = mts
		st := *s.Sync
		st.SpreadsheetVersion++
		s.Sync = &st
		return s
	}
	for _, step := range []struct {
		name  string
		state store.State
	}{
		{"first save", state},
		{"edits: fields, marks, a member missing", edit(state)},
		{"the member comes back", state},
	} {
		rec.Reset()
		clk.Advance(time.Minute)
		res, err := c.Save(ctx, nil, step.state, opts)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		sent, _ := sentBytes(rec.Commits())
		slack := res.Commits * 66 // the transaction ID allowance (64 bytes and its length)
		t.Logf("%s: estimated %d bytes, sent %d in %d commits", step.name, res.Bytes, sent, len(rec.Commits()))
		if len(rec.Commits()) != res.Commits || res.Bytes < sent || res.Bytes > sent+slack {
			t.Errorf("%s: estimated %d bytes in %d commits, sent %d bytes in %d commits; want an estimate within [sent, sent+%d]",
				step.name, res.Bytes, res.Commits, sent, len(rec.Commits()), slack)
		}
	}
}

// With the byte cap lowered, a first save spreads over more commits, none
// over the cap, the sync state last; everything is stored.
func TestSaveCapsCommitsByBytes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const limit = 64 << 10
	_, _, c, rec, _ := newRecordingCoalition(t, store.WithCommitBytes(limit))
	ms, mts := coalition(400, 24) // 400 members × 3 writes fit 3 commits by count
	st := store.SyncState{SpreadsheetID: "sheet-1", SpreadsheetVersion: 1}
	res, err := c.Save(ctx, nil, store.State{Members: ms, Meetings: mts, Sync: &st}, store.SaveOptions{Complete: store.AllKinds})
	if err != nil {
		t.Fatal(err)
	}
	commits := rec.Commits()
	_, largest := sentBytes(commits)
	t.Logf("400 members × 24 meetings, cap %d bytes: %d commits, largest sent %d bytes, estimated %d", limit, len(commits), largest, res.LargestCommitBytes)
	if res.Commits <= 4 || len(commits) != res.Commits || res.LargestCommitBytes > limit || largest > limit {
		t.Errorf("capped first save: %d commits planned, %d sent, largest %d bytes (estimated %d); want more than 4 commits, each at most %d bytes",
			res.Commits, len(commits), largest, res.LargestCommitBytes, limit)
	}
	lastWrites := commits[len(commits)-1].Writes
	if name := lastWrites[len(lastWrites)-1].GetUpdate().GetName(); !strings.HasSuffix(name, "/sync/state") {
		t.Errorf("last commit's last write is %s, want the sync state", name)
	}
	for i, cm := range commits[:len(commits)-1] {
		for _, w := range cm.Writes {
			if strings.HasSuffix(w.GetUpdate().GetName(), "/sync/state") {
				t.Errorf("commit %d of %d holds the sync state, want only the last", i+1, len(commits))
			}
		}
	}
	snap, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Members()) != 400 || len(snap.Meetings()) != 24 || snap.Sync().SpreadsheetVersion != 1 {
		t.Errorf("stored %d members, %d meetings, version %d; want 400, 24, 1", len(snap.Members()), len(snap.Meetings()), snap.Sync().SpreadsheetVersion)
	}
}

// A commit Firestore refuses as too large is split in two and each half
// committed, not sent again as is; the sync state still commits last. The
// byte cap is lifted so that the plan makes one commit of about 4.5 MB,
// which the emulator refuses (over its 4 MiB).
func TestRefusedCommitIsSplitNotRetried(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, _, c, rec, _ := newRecordingCoalition(t, store.WithCommitBytes(1<<30))
	var mts []store.Meeting
	for i := range 5 {
		mts = append(mts, store.Meeting{Date: domain.NewDate(2026, time.Month(i+1), 26),
			NotesLink: "https://docs.example/notes?" + strings.Repeat("n", 900_000)})
	}
	st := store.SyncState{SpreadsheetID: "sheet-1", SpreadsheetVersion: 4}
	res, err := c.Save(ctx, nil, store.State{Meetings: mts, Sync: &st}, store.SaveOptions{Complete: store.KindMeetings})
	if err != nil {
		t.Fatal(err)
	}
	commits := rec.Commits()
	var got []string
	for _, cm := range commits {
		got = append(got, fmt.Sprintf("%d writes, %d bytes, %v", len(cm.Writes), cm.Bytes, cm.Code))
	}
	t.Logf("commits sent: %q", got)
	if len(commits) != 3 || commits[0].Bytes <= 4<<20 || commits[0].Code.String() != "ResourceExhausted" ||
		commits[1].Code.String() != "OK" || commits[2].Code.String() != "OK" ||
		len(commits[1].Writes)+len(commits[2].Writes) != len(commits[0].Writes) {
		t.Errorf("commits sent: %q; want the refused one (over 4 MiB) once, then its two halves", got)
	}
	if res.Splits != 1 || res.Commits != 2 {
		t.Errorf("result: %d splits, %d commits; want 1 split, 2 commits", res.Splits, res.Commits)
	}
	last := commits[len(commits)-1].Writes
	if name := last[len(last)-1].GetUpdate().GetName(); !strings.HasSuffix(name, "/sync/state") {
		t.Errorf("last write sent: %s, want the sync state", name)
	}
	snap, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Meetings()) != 5 || snap.Sync().SpreadsheetVersion != 4 {
		t.Errorf("stored %d meetings, sync state version %d; want 5 and 4", len(snap.Meetings()), snap.Sync().SpreadsheetVersion)
	}
}

// One entity too large for Firestore cannot be split: its save fails with
// its name, the other entities are stored, and the sync state is not
// recorded (the next run tries again).
func TestEntityTooLargeFailsAlone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, _, c, _, _ := newRecordingCoalition(t)
	ok := store.Meeting{Date: domain.NewDate(2026, 1, 26)}
	big := store.Meeting{Date: domain.NewDate(2026, 2, 23), NotesLink: strings.Repeat("n", 1<<20+100)}
	st := store.SyncState{SpreadsheetID: "sheet-1", SpreadsheetVersion: 5}
	_, err := c.Save(ctx, nil, store.State{Meetings: []store.Meeting{ok, big}, Sync: &st}, store.SaveOptions{Complete: store.KindMeetings})
	if err == nil || !strings.Contains(err.Error(), "meetings/2026-02-23") {
		t.Fatalf("Save with a meeting over 1 MiB = %v, want an error naming meetings/2026-02-23", err)
	}
	snap, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, found := snap.Meeting(ok.Date); !found || snap.Sync().SpreadsheetVersion != 0 {
		t.Errorf("after the failed save: meeting %s stored %v, sync state version %d; want stored, version 0", ok.Date, found, snap.Sync().SpreadsheetVersion)
	}
}

// A document saved again gets only its changed fields; what it then holds
// must be exactly what saving the final state whole would store.
func TestFieldUpdatesStoreWhatAWholeSetWould(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client, _ := firestoretest.NewClient(t)
	clk := newClock()
	s := store.New(client, store.WithClock(clk.Now))
	ms, _ := coalition(5, 0)
	_, mts := coalition(20, 3) // enough marks that the four changed are sent one by one
	// A Member ID typed by hand whose mark, sent alone, needs a quoted field path.
	mts[0].Attendance["M-Año `x`"] = domain.Present
	start := store.State{
		Members: ms, Meetings: mts,
		Votes: []store.Vote{{ID: "v1", Vote: domain.Vote{Meeting: mts[0].Date, Motion: "Budget", Kind: domain.KindOther, Yes: 3}}},
		Sync: &store.SyncState{SpreadsheetID: "sheet-1", SpreadsheetVersion: 1, DirectoryHash: "d1",
			Channels: []store.WatchChannel{{ID: "ch-1", FileID: "sheet-1", Expiration: clk.Now().Add(time.Hour)}}},
	}
	final := start
	final.Sync = &store.SyncState{SpreadsheetID: "sheet-1", SpreadsheetVersion: 2,
		GrantedPermissions: []store.GrantedPermission{{FileID: "dir-1", PermissionID: "p-1", MemberID: "M-0001", Role: "reader"}}}
	final.Members = members(5)
	final.Members[0].Title = "Co-director" // every member changes in the last save: same lastSeen
	final.Members[1].Name = "Casa Renombrada"
	final.Members[2].Flags, final.Members[2].WorkingGroups = nil, nil
	final.Members[3].Joined = domain.Date{}
	final.Meetings = append([]store.Meeting(nil), mts...)
	att := map[string]domain.Code{}
	for k, v := range mts[0].Attendance {
		att[k] = v
	}
	att["M-0001"], att["M-0005"], att["M-Año `x`"] = domain.Absent, domain.Notified, domain.Absent
	delete(att, "M-0002")
	final.Meetings[0].Attendance = att
	final.Meetings[1].Attendance = nil
	final.Meetings[2].Cancelled, final.Meetings[2].DateOverride = true, domain.NewDate(2006, 3, 27)
	final.Votes = []store.Vote{{ID: "v1", Vote: domain.Vote{Meeting: mts[0].Date, Motion: "Budget", Kind: domain.KindOther, Yes: 4, No: 1}}}
	opts := store.SaveOptions{Source: "sheet", Complete: store.AllKinds}

	edited, err := s.Coalition("edited")
	if err != nil {
		t.Fatal(err)
	}
	gone := start
	gone.Members = start.Members[:1] // the others leave, then come back
	for _, st := range []store.State{start, gone, final} {
		clk.Advance(time.Hour)
		if _, err := edited.Save(ctx, nil, st, opts); err != nil {
			t.Fatal(err)
		}
	}
	whole, err := s.Coalition("whole")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := whole.Save(ctx, nil, final, opts); err != nil {
		t.Fatal(err)
	}

	for _, coll := range []string{"members", "meetings", "votes", "sync"} {
		t.Run(coll, func(t *testing.T) {
			read := func(coalition string) map[string]map[string]any {
				docs, err := client.Collection("coalitions").Doc(coalition).Collection(coll).Documents(ctx).GetAll()
				if err != nil {
					t.Fatal(err)
				}
				out := map[string]map[string]any{}
				for _, d := range docs {
					data := d.Data()
					delete(data, "firstSeen")  // the edited members were first seen earlier
					delete(data, "generation") // the sync state's: one per save, never equal
					out[d.Ref.ID] = data
				}
				return out
			}
			got, want := read("edited"), read("whole")
			if len(got) != len(want) {
				t.Fatalf("%s: %d documents after the edits, %d saved whole", coll, len(got), len(want))
			}
			for id, w := range want {
				if g := got[id]; !reflect.DeepEqual(g, w) {
					t.Errorf("%s/%s after the edits:\n got %v\nwant %v", coll, id, g, w)
				}
			}
		})
	}
}

// storageSize is a stored value's size by Firestore's documented rules
// (https://cloud.google.com/firestore/docs/storage-size): strings are their
// UTF-8 bytes + 1, booleans and nulls 1 byte, integers, floats and times 8,
// arrays the sum of their values, maps the sum of their field names' and
// values' sizes.
func storageSize(v any) int {
	switch x := v.(type) {
	case nil, bool:
		return 1
	case string:
		return len(x) + 1
	case int64, float64, time.Time:
		return 8
	case []any:
		n := 0
		for _, e := range x {
			n += storageSize(e)
		}
		return n
	case map[string]any:
		n := 0
		for k, e := range x {
			n += len(k) + 1 + storageSize(e)
		}
		return n
	}
	panic(fmt.Sprintf("storageSize: unexpected %T", v))
}

// A meeting of a 20,000-member coalition is one document with an
// attendance mark for most of them (18,600 here, 7% not recorded): it must
// stay under Firestore's 1 MiB document limit
// (https://cloud.google.com/firestore/quotas) and commit alone.
func TestLargestMeetingFitsADocument(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, _, c, rec, client := newRecordingCoalition(t)
	_, mts := coalition(20000, 1)
	res, err := c.Save(ctx, nil, store.State{Meetings: mts}, store.SaveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	path := "coalitions/c1/meetings/" + mts[0].Date.String()
	doc, err := client.Doc(path).Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Document name: each collection and document ID as a string, + 16; the document: + 32.
	name := 16
	for _, part := range strings.Split(path, "/") {
		name += len(part) + 1
	}
	stored := name + storageSize(doc.Data()) + 32
	sent, _ := sentBytes(rec.Commits())
	t.Logf("meeting with %d marks: %d bytes stored by Firestore's rules (limit %d), %d bytes sent in its commit (estimated %d)",
		len(mts[0].Attendance), stored, 1<<20, sent, res.Bytes)
	if stored >= 1<<20 || res.Bytes > store.MaxCommitBytes || res.Commits != 1 {
		t.Errorf("a 20,000-member meeting: %d bytes stored, commit estimated %d bytes in %d commit(s); want under 1 MiB stored, one commit under %d bytes",
			stored, res.Bytes, res.Commits, store.MaxCommitBytes)
	}
}

// A document deleted by hand after the load cannot take a field update: that
// entity's save fails naming it, the others in its commit are saved, and
// the next save, loading again, writes it whole.
func TestUpdateOfADeletedDocumentFailsAlone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, _, c, _, client := newRecordingCoalition(t)
	_, mts := coalition(20, 2)
	if _, err := c.Save(ctx, nil, store.State{Meetings: mts}, store.SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	base, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gone := "coalitions/c1/meetings/" + mts[0].Date.String()
	if _, err := client.Doc(gone).Delete(ctx); err != nil {
		t.Fatal(err)
	}
	next := append([]store.Meeting(nil), mts...)
	next[0].Present, next[1].Present = 1, 2
	_, err = c.Save(ctx, base, store.State{Meetings: next}, store.SaveOptions{})
	if err == nil || !strings.Contains(err.Error(), "meetings/"+mts[0].Date.String()) {
		t.Errorf("Save after %s was deleted = %v, want an error naming it", gone, err)
	}
	snap, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := snap.Meeting(mts[1].Date); got.Present != 2 {
		t.Errorf("meeting %s present = %d after the save, want 2 (saved despite the other's failure)", mts[1].Date, got.Present)
	}
	if _, err := c.Save(ctx, snap, store.State{Meetings: next}, store.SaveOptions{}); err != nil {
		t.Fatalf("saving again after a fresh load: %v", err)
	}
	again, err := c.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, found := again.Meeting(mts[0].Date); !found || got.Present != 1 || len(got.Attendance) != len(mts[0].Attendance) {
		t.Errorf("meeting %s after saving again: found %v, present %d, %d marks; want present 1 and %d marks", mts[0].Date, found, got.Present, len(got.Attendance), len(mts[0].Attendance))
	}
}

// A long text that changes (here a 600 KB contrary action note, twice over
// in the audit entry it would be 1.2 MB, over Firestore's 1 MiB document
// limit) is kept in the audit entry only in part, so the member can still
// be saved.
func TestAuditKeepsLongValuesInPart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, clk, c, _, _ := newRecordingCoalition(t)
	m := sampleMember("M-0001")
	m.ContraryAction = "Habló en contra de la coalición. " + strings.Repeat("a", 600_000)
	if _, err := c.Save(ctx, nil, store.State{Members: []store.Member{m}}, store.SaveOptions{Source: "sheet"}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	m.ContraryAction = "Revisado. " + strings.Repeat("b", 600_000)
	if _, err := c.Save(ctx, nil, store.State{Members: []store.Member{m}}, store.SaveOptions{Source: "sheet"}); err != nil {
		t.Fatalf("saving a member whose long note changed: %v", err)
	}
	h, err := c.History(ctx, store.EntityMembers, "M-0001")
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 || len(h[1].Changes) != 1 {
		t.Fatalf("History(M-0001) = %+v, want created then one change", h)
	}
	ch := h[1].Changes[0]
	for _, v := range []struct{ side, got, start string }{{"before", ch.Before, "Habló en contra"}, {"after", ch.After, "Revisado. bbb"}} {
		if len(v.got) > 4100 || !strings.HasPrefix(v.got, v.start) || !strings.HasSuffix(v.got, "more characters)") {
			t.Errorf("audit %s of contraryAction: %d bytes, starting %.20q, ending %q; want at most 4,100 bytes, the start kept, the rest counted",
				v.side, len(v.got), v.got, v.got[max(0, len(v.got)-30):])
		}
	}
}
