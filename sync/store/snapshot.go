package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"cloud.google.com/go/firestore"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/coalitionsync/coalitionsync/domain"
)

// Snapshot is a coalition's stored state as one Load read it. A sync run loads
// once, plans against it, and passes it to Save as the base, which then writes
// without reading again. Treat it as read-only; Save advances it to what it
// wrote. A Snapshot is not safe for concurrent use.
type Snapshot struct {
	CoalitionID string
	LoadedAt    time.Time

	docs     map[string]map[string]entityDoc // collection → document ID → document
	flags    map[string]*flagRecordDoc       // flagDocID → record
	state    *stateDoc                       // nil when never saved
	counters countersDoc
	gen      string           // the generation the documents above are at (cache.go)
	entry    *cachedCoalition // the load cache's entry for them, if any
	dg       *digestState     // from LoadForPlan: the digest (digest.go); nil from Load
	grants   *grantsState     // the record of the grants, once LoadGrants read it
}

func newSnapshot(id string, at time.Time) *Snapshot {
	s := &Snapshot{CoalitionID: id, LoadedAt: at, docs: map[string]map[string]entityDoc{}, flags: map[string]*flagRecordDoc{}}
	for _, coll := range entityColls {
		s.docs[coll] = map[string]entityDoc{}
	}
	return s
}

var entityColls = []string{collMembers, collMeetings, collVotes}

// Load reads the coalition's members, meetings, votes, flag records and sync
// state (not the audit log nor run reports). It reads the sync state and the
// counters first. When the store holds what an earlier Load of this
// coalition read (see WithLoadCache) under the generation the sync state
// still holds, and its last listing is recent enough (WithCacheTrust), it
// returns that and reads nothing else. Otherwise, with a cache, it lists the
// entity and flag documents' names and update times and reads again only
// those that are new or changed; without one, it reads them all.
func (c *Coalition) Load(ctx context.Context) (*Snapshot, error) { return c.load(ctx, false) }

// LoadForPlan is Load for a sync run, which plans a save against the
// snapshot and applies it: it also reads the digest (digest.go), and saves
// planned against its snapshot keep the digest exact. When the load cache
// holds nothing usable and the digest is trusted, it reads the sync state,
// the counters and the digest's few documents, and no entity: the
// snapshot is then lazy, and Apply fetches the documents of the entities
// a plan changes. On a lazy snapshot, Members, Meetings, Votes, Flags and
// their single forms hold only the documents fetched so far: use
// KnownMembers and Kept, which are complete.
func (c *Coalition) LoadForPlan(ctx context.Context) (*Snapshot, error) { return c.load(ctx, true) }

func (c *Coalition) load(ctx context.Context, withDigest bool) (*Snapshot, error) {
	now := c.s.clock()
	snap := newSnapshot(c.id, now)
	// The sync state is read before any listing: a save moves the
	// generation before (several commits) or with (one commit) its first
	// entity write, so documents listed after this read are at least as new
	// as the generation read, and a cache kept under it is never older than
	// what it says.
	docs, err := c.s.client.GetAll(ctx, []*firestore.DocumentRef{c.doc(collSync, docState), c.doc(collSync, docCounters)})
	if err != nil {
		c.s.cache.drop(c.id)
		return nil, fmt.Errorf("load %s of coalition %s: %w", collSync, c.id, err)
	}
	for _, d := range docs {
		if d.Exists() {
			c.s.stats.reads.Add(1)
		}
	}
	if docs[0].Exists() {
		snap.state = &stateDoc{}
		if err := docs[0].DataTo(snap.state); err != nil {
			return nil, fmt.Errorf("load sync state of coalition %s: %w", c.id, err)
		}
		snap.gen = snap.state.Generation
	}
	var head *digestHead
	if withDigest && docs[0].Exists() {
		var hd struct {
			Digest *digestHead `firestore:"digest"`
		}
		if err := docs[0].DataTo(&hd); err != nil {
			return nil, fmt.Errorf("load the digest head of coalition %s: %w", c.id, err)
		}
		head = hd.Digest
	}
	if docs[1].Exists() {
		if err := docs[1].DataTo(&snap.counters); err != nil {
			return nil, fmt.Errorf("load counters of coalition %s: %w", c.id, err)
		}
	}
	prev := c.s.cache.get(c.id)
	fresh := prev != nil && now.Sub(prev.listedAt) < c.s.cache.trust
	digestFresh := func(h *digestHead) bool { return h != nil && now.Sub(h.Checked) < c.s.digestTrust }
	usable := prev != nil && settled(snap.gen) && prev.gen == snap.gen
	if withDigest {
		switch {
		case usable && prev.dg != nil && prev.dg.lazy:
			usable = digestFresh(prev.dg.head)
		case usable:
			usable = fresh && prev.dg != nil
		}
	} else {
		usable = usable && fresh && (prev.dg == nil || !prev.dg.lazy)
	}
	if usable {
		// Nothing was saved since: the cached documents are the stored ones.
		for coll, got := range prev.entities {
			m := make(map[string]entityDoc, len(got))
			for id, d := range got {
				m[id] = d.v
			}
			snap.docs[coll] = m
		}
		snap.flags = make(map[string]*flagRecordDoc, len(prev.flags))
		for id, f := range prev.flags {
			snap.flags[id] = f.v
		}
		if withDigest {
			snap.dg = prev.dg.clone()
		}
		c.s.cache.put(c.id, prev)
		snap.entry = prev
		return snap, nil
	}
	if withDigest && head != nil && settled(snap.gen) && head.Generation == snap.gen && digestFresh(head) &&
		(prev == nil || prev.dg == nil || prev.dg.lazy || fresh) {
		chunks, n, err := c.readDigest(ctx)
		c.s.stats.reads.Add(int64(n))
		if err != nil {
			c.s.cache.drop(c.id)
			return nil, fmt.Errorf("load coalition %s: %w", c.id, err)
		}
		if entries, ok := trustedEntries(head, chunks); ok {
			snap.dg = &digestState{lazy: true, entries: entries, chunks: chunks, head: head, exact: true,
				flagsKnown: map[string]bool{}}
			entry := &cachedCoalition{gen: snap.gen, listedAt: now, entities: map[string]map[string]cached[entityDoc]{},
				flags: map[string]cached[*flagRecordDoc]{}, dg: snap.dg.clone()}
			c.s.cache.put(c.id, entry)
			snap.entry = entry
			return snap, nil
		}
		// A chunk is missing or misplaced: read everything, and the next
		// save writes the digest whole again.
	}
	if prev != nil && prev.dg != nil && prev.dg.lazy {
		// It holds only the few documents a lazy snapshot fetched or
		// wrote: listing to reuse them would cost more than it saves.
		prev = nil
	}
	next := &cachedCoalition{gen: snap.gen, listedAt: now, entities: map[string]map[string]cached[entityDoc]{}}
	type job struct {
		name string
		// run reads; the returned commit stores what it read in snap and
		// next, and is called with the other jobs held off.
		run func(context.Context) (n int, commit func(), err error)
	}
	loadEntities := func(coll string, decode func(*firestore.DocumentSnapshot) (entityDoc, error)) job {
		return job{coll, func(ctx context.Context) (int, func(), error) {
			var before map[string]cached[entityDoc]
			if prev != nil {
				before = prev.entities[coll]
			}
			got, n, err := loadCollection(ctx, c, coll, before, decode)
			if err != nil {
				return n, nil, err
			}
			m := make(map[string]entityDoc, len(got))
			for id, d := range got {
				m[id] = d.v
			}
			return n, func() { snap.docs[coll], next.entities[coll] = m, got }, nil
		}}
	}
	jobs := []job{
		loadEntities(collMembers, decodeAs[memberDoc]),
		loadEntities(collMeetings, decodeAs[meetingDoc]),
		loadEntities(collVotes, decodeAs[voteDoc]),
		{collFlags, func(ctx context.Context) (int, func(), error) {
			var before map[string]cached[*flagRecordDoc]
			if prev != nil {
				before = prev.flags
			}
			got, n, err := loadCollection(ctx, c, collFlags, before, decodeFlagRecord)
			if err != nil {
				return n, nil, err
			}
			m := make(map[string]*flagRecordDoc, len(got))
			for id, f := range got {
				m[id] = f.v
			}
			return n, func() { snap.flags, next.flags = m, got }, nil
		}},
	}
	if withDigest {
		snap.dg = &digestState{head: head, listed: true, listedAt: now}
		jobs = append(jobs, job{collDigest, func(ctx context.Context) (int, func(), error) {
			chunks, n, err := c.readDigest(ctx)
			return n, func() { snap.dg.chunks = chunks }, err
		}})
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make([]error, len(jobs))
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, commit, err := j.run(ctx)
			mu.Lock()
			defer mu.Unlock()
			c.s.stats.reads.Add(int64(n))
			if err != nil {
				errs[i] = fmt.Errorf("load %s of coalition %s: %w", j.name, c.id, err)
				return
			}
			commit()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			c.s.cache.drop(c.id)
			return nil, err
		}
	}
	next.dg = snap.dg.clone()
	c.s.cache.put(c.id, next)
	snap.entry = next
	return snap, nil
}

func decodeFlagRecord(d *firestore.DocumentSnapshot) (*flagRecordDoc, error) {
	var f flagRecordDoc
	if err := d.DataTo(&f); err != nil {
		return nil, err
	}
	return &f, nil
}

func decodeAs[D any, PD interface {
	*D
	entityDoc
}](d *firestore.DocumentSnapshot) (entityDoc, error) {
	var v D
	if err := d.DataTo(&v); err != nil {
		return nil, err
	}
	return PD(&v), nil
}

func isNotFound(err error) bool { return status.Code(err) == codes.NotFound }

func sortedIDs(m map[string]entityDoc) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Members returns every stored member, missing ones included, by ID.
func (s *Snapshot) Members() []Member {
	m := s.docs[collMembers]
	out := make([]Member, 0, len(m))
	for _, id := range sortedIDs(m) {
		out = append(out, m[id].(*memberDoc).member(id))
	}
	return out
}

// Member returns the stored member with id.
func (s *Snapshot) Member(id string) (Member, bool) {
	d, ok := s.docs[collMembers][id]
	if !ok {
		return Member{}, false
	}
	return d.(*memberDoc).member(id), true
}

// Meetings returns every stored meeting, by date.
func (s *Snapshot) Meetings() []Meeting {
	m := s.docs[collMeetings]
	out := make([]Meeting, 0, len(m))
	for _, id := range sortedIDs(m) { // YYYY-MM-DD sorts by date
		out = append(out, m[id].(*meetingDoc).meeting())
	}
	return out
}

// Meeting returns the stored meeting on date.
func (s *Snapshot) Meeting(date domain.Date) (Meeting, bool) {
	d, ok := s.docs[collMeetings][date.String()]
	if !ok {
		return Meeting{}, false
	}
	return d.(*meetingDoc).meeting(), true
}

// Kept counts the meetings kept with attendance and the votes kept (not
// marked missing), without converting any document: what the sync engine
// checks on every run before it trusts a tab that is gone.
func (s *Snapshot) Kept() (meetingsWithAttendance, votes int) {
	if s.lazy() {
		for _, e := range s.dg.entries[collMeetings] {
			if v := parseEntry(collMeetings, e); !v.missing && v.attendance {
				meetingsWithAttendance++
			}
		}
		for _, e := range s.dg.entries[collVotes] {
			if !parseEntry(collVotes, e).missing {
				votes++
			}
		}
		return meetingsWithAttendance, votes
	}
	for _, d := range s.docs[collMeetings] {
		if m := d.(*meetingDoc); !m.IsMissing && len(m.Attendance) > 0 {
			meetingsWithAttendance++
		}
	}
	for _, d := range s.docs[collVotes] {
		if !d.(*voteDoc).IsMissing {
			votes++
		}
	}
	return meetingsWithAttendance, votes
}

// Votes returns every stored vote, by ID.
func (s *Snapshot) Votes() []Vote {
	m := s.docs[collVotes]
	out := make([]Vote, 0, len(m))
	for _, id := range sortedIDs(m) {
		out = append(out, m[id].(*voteDoc).vote(id))
	}
	return out
}

// Flags returns the history of every flag ever raised, by member ID and kind.
func (s *Snapshot) Flags() []FlagRecord {
	ids := make([]string, 0, len(s.flags))
	for id := range s.flags {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]FlagRecord, 0, len(ids))
	for _, id := range ids {
		out = append(out, s.flags[id].record())
	}
	return out
}

// Flag returns the history of one kind of flag on one member.
func (s *Snapshot) Flag(memberID string, kind domain.FlagKind) (FlagRecord, bool) {
	f, ok := s.flags[flagDocID(memberID, string(kind))]
	if !ok {
		return FlagRecord{}, false
	}
	return f.record(), true
}

// Sync returns the stored sync state (zero when never saved) with the next
// Member number, and the record of the grants when LoadGrants read it into
// the snapshot (GrantedPermissions is nil otherwise).
func (s *Snapshot) Sync() SyncState {
	var st SyncState
	if s.state != nil {
		st = s.state.state()
	}
	if s.grants != nil {
		st.GrantedPermissions = slices.Clone(s.grants.list)
	}
	st.NextMemberNumber = max(s.counters.NextMember, 1)
	return st
}
