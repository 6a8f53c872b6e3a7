package store

import (
	"context"
	"fmt"
	"hash/fnv"
	"maps"
	"sort"
	"strings"
	"time"

	"cloud.google.com/go/firestore"
)

// # The digest: cold loads that read what changed
//
// A process with no load cache (a new Cloud Functions instance, a restart)
// used to list every entity and flag document: 6,110 reads at 5,000
// members. LoadForPlan reads instead a digest of the stored entities, a few
// documents under coalitions/{c}/digest/ holding, for every member,
// meeting and vote, its content hash and the few fields planning needs
// (a member's name and flag kinds, whether it is missing, whether a
// meeting has attendance). Planning a save against such a snapshot
// compares each entity the run wants stored with the digest by content
// hash; Apply then fetches only the documents of the entities that
// changed (and their flag records) and plans again with them.
//
// Keeping it exact. The digest is trusted only when the sync state's
// "digest" field (digestHead) names the generation the sync state holds
// (cache.go): the head is written in the same write as the generation, in
// the save's last commit, and every save that moves the generation from
// a LoadForPlan snapshot writes, before or with that commit, the digest
// entries of every entity it writes. A save of several commits marks the
// generation pending first, so if it stops between commits (a crash, a
// refused commit) the head no longer names the stored generation and no
// process trusts the digest: every LoadForPlan lists and reads all, as
// before, until a save succeeds and writes the digest whole again. A save
// that does not keep the digest (one planned against Load's snapshot)
// moves the generation without the head, with the same effect. So a
// trusted digest never claims content that is not stored.
//
// What it cannot see: like the generation, an edit made by hand in the
// Firestore console. The head records when the digest was last checked
// against a full read of every document (Checked); LoadForPlan trusts it
// for DefaultDigestTrust (a day) after that, then reads everything once
// and the save that follows records the check. A console edit is thus
// seen within a day by every process, and at once by a process whose
// cache lists (WithCacheTrust).

// DefaultDigestTrust is how long after its last check against every
// document the digest is trusted by LoadForPlan unless WithDigestTrust
// says otherwise.
const DefaultDigestTrust = 24 * time.Hour

// WithDigestTrust sets how long after its last full check LoadForPlan
// trusts the digest (0: never; every cold LoadForPlan reads everything).
func WithDigestTrust(d time.Duration) Option {
	return func(s *Store) { s.digestTrust = max(d, 0) }
}

const (
	collDigest  = "digest"
	fieldDigest = "digest" // the sync state's field holding the digest head
	// digestChunkBytes and digestChunkEntries size the digest's documents
	// far under Firestore's 1 MiB document limit
	// (https://cloud.google.com/firestore/quotas), so that a chunk whose
	// entries hash unevenly still fits. Each entry is one string field of
	// a map, so one index entry: 2,000 stay far under the 40,000 index
	// entries a document may have (reported in
	// https://firebeast.dev/tips/too-many-index-entries-for-entity; the
	// quotas page's per-document field limit, 20,000 as remembered, could
	// not be confirmed here, and 2,000 is a tenth of it).
	digestChunkBytes   = 256 << 10
	digestChunkEntries = 2000
)

// digestHead is the sync state's "digest" field: which generation the
// digest documents describe, how many documents each kind is split into,
// and when a full read last checked them.
type digestHead struct {
	Generation string    `firestore:"generation"`
	Checked    time.Time `firestore:"checked"`
	Members    int       `firestore:"members"`
	Meetings   int       `firestore:"meetings"`
	Votes      int       `firestore:"votes"`
}

func (h *digestHead) chunks(coll string) int {
	switch coll {
	case collMembers:
		return h.Members
	case collMeetings:
		return h.Meetings
	case collVotes:
		return h.Votes
	}
	return 0
}

func (h *digestHead) setChunks(coll string, n int) {
	switch coll {
	case collMembers:
		h.Members = n
	case collMeetings:
		h.Meetings = n
	case collVotes:
		h.Votes = n
	}
}

// digestChunkDoc is one digest document: entity ID → entry (digestEntry).
type digestChunkDoc struct {
	Kind    string            `firestore:"kind"`
	Of      int               `firestore:"of"`
	Entries map[string]string `firestore:"entries"`
}

// chunkID names chunk i of n of a kind's digest.
func chunkID(coll string, n, i int) string { return fmt.Sprintf("%s-%d-%d", coll, n, i) }

// chunkOf is the chunk of n an entity's entry lives in.
func chunkOf(id string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(n))
}

// digestEntry encodes what the digest keeps of an entity: its content
// hash, whether it is missing, and for a member its flag kinds and name
// (last: it may hold any character), for a meeting whether it has
// attendance.
func digestEntry(d entityDoc) string {
	m := "0"
	if d.missing() {
		m = "1"
	}
	switch d := d.(type) {
	case *memberDoc:
		kinds := make([]string, len(d.Flags))
		for i, f := range d.Flags {
			kinds[i] = f.Kind
		}
		return d.Hash + "|" + m + "|" + strings.Join(kinds, ",") + "|" + d.Name
	case *meetingDoc:
		a := "0"
		if len(d.Attendance) > 0 {
			a = "1"
		}
		return d.Hash + "|" + m + "|" + a
	}
	return d.getHash() + "|" + m
}

// entryView is a decoded digest entry.
type entryView struct {
	hash       string
	missing    bool
	flags      []string
	name       string
	attendance bool
}

func parseEntry(coll, s string) entryView {
	parts := strings.SplitN(s, "|", 4)
	var e entryView
	e.hash = parts[0]
	if len(parts) > 1 {
		e.missing = parts[1] == "1"
	}
	switch coll {
	case collMembers:
		if len(parts) > 2 && parts[2] != "" {
			e.flags = strings.Split(parts[2], ",")
		}
		if len(parts) > 3 {
			e.name = parts[3]
		}
	case collMeetings:
		e.attendance = len(parts) > 2 && parts[2] == "1"
	}
	return e
}

// digestState is what a snapshot from LoadForPlan knows of the digest.
type digestState struct {
	// lazy: the snapshot's docs hold only the documents fetched so far
	// (and flags only the records fetched); entries describe every stored
	// entity. Otherwise docs hold every entity and entries are built from
	// them when first needed.
	lazy    bool
	entries map[string]map[string]string // collection → entity ID → entry
	// chunks are the digest documents as stored, by document ID (read
	// with the snapshot or written since).
	chunks map[string]map[string]string
	head   *digestHead // as stored in the sync state; nil: none
	// exact: chunks hold exactly entries, under head's layout, and head
	// names the snapshot's generation.
	exact bool
	// listed: the snapshot read every document (not the digest), at
	// listedAt: the save after it records the check (digestHead.Checked).
	listed   bool
	listedAt time.Time
	// flagsKnown are flag record IDs fetched (lazy mode) that were absent.
	flagsKnown map[string]bool
}

func (d *digestState) clone() *digestState {
	if d == nil {
		return nil
	}
	c := *d
	if d.entries != nil {
		c.entries = make(map[string]map[string]string, len(d.entries))
		for k, v := range d.entries {
			c.entries[k] = maps.Clone(v)
		}
	}
	c.chunks = maps.Clone(d.chunks) // chunk contents are replaced whole, never modified
	c.flagsKnown = maps.Clone(d.flagsKnown)
	if d.head != nil {
		h := *d.head
		c.head = &h
	}
	return &c
}

// entriesOf returns the entries of a collection (nil when not built).
func (d *digestState) entriesOf(coll string) map[string]string {
	if d == nil {
		return nil
	}
	return d.entries[coll]
}

// buildEntries fills entries from the snapshot's documents (full mode).
func (s *Snapshot) buildEntries() {
	if s.dg == nil || s.dg.entries != nil {
		return
	}
	s.dg.entries = map[string]map[string]string{}
	for _, coll := range entityColls {
		m := make(map[string]string, len(s.docs[coll]))
		for id, d := range s.docs[coll] {
			m[id] = digestEntry(d)
		}
		s.dg.entries[coll] = m
	}
}

// lazy reports whether the snapshot holds only some documents.
func (s *Snapshot) lazy() bool { return s.dg != nil && s.dg.lazy }

// KnownMember is what a snapshot always knows of a stored member, also
// when it was loaded from the digest.
type KnownMember struct {
	ID      string
	Name    string
	Missing bool
}

// KnownMembers returns every stored member's ID, name and whether it is
// missing, by ID: what the sync engine plans with. Unlike Members, it is
// complete on a snapshot from LoadForPlan.
func (s *Snapshot) KnownMembers() []KnownMember {
	if s.lazy() {
		m := s.dg.entries[collMembers]
		out := make([]KnownMember, 0, len(m))
		for id, e := range m {
			v := parseEntry(collMembers, e)
			out = append(out, KnownMember{ID: id, Name: v.name, Missing: v.missing})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
		return out
	}
	m := s.docs[collMembers]
	out := make([]KnownMember, 0, len(m))
	for _, id := range sortedIDs(m) {
		d := m[id].(*memberDoc)
		out = append(out, KnownMember{ID: id, Name: d.Name, Missing: d.IsMissing})
	}
	return out
}

// readDigest reads every digest document (one query).
func (c *Coalition) readDigest(ctx context.Context) (map[string]map[string]string, int, error) {
	docs, err := c.coll(collDigest).Documents(ctx).GetAll()
	if err != nil {
		return nil, 0, fmt.Errorf("load the digest: %w", err)
	}
	out := make(map[string]map[string]string, len(docs))
	for _, d := range docs {
		var cd digestChunkDoc
		if err := d.DataTo(&cd); err != nil {
			return nil, len(docs), fmt.Errorf("load the digest: document %s: %w", d.Ref.ID, err)
		}
		if cd.Entries == nil {
			cd.Entries = map[string]string{}
		}
		out[d.Ref.ID] = cd.Entries
	}
	return out, len(docs), nil
}

// trustedEntries returns the entities the digest describes when every
// chunk of head's layout is there (ok false otherwise: the digest cannot
// be used).
func trustedEntries(head *digestHead, chunks map[string]map[string]string) (map[string]map[string]string, bool) {
	out := map[string]map[string]string{}
	for _, coll := range entityColls {
		n := head.chunks(coll)
		if n <= 0 {
			return nil, false
		}
		m := map[string]string{}
		for i := range n {
			ch, ok := chunks[chunkID(coll, n, i)]
			if !ok {
				return nil, false
			}
			for id, e := range ch {
				if chunkOf(id, n) != i {
					return nil, false
				}
				m[id] = e
			}
		}
		out[coll] = m
	}
	return out, true
}

// fetch reads the documents a plan on a lazy snapshot needs into it.
func (c *Coalition) fetch(ctx context.Context, base *Snapshot, refs []fetchRef) error {
	for start := 0; start < len(refs); start += getBatch {
		part := refs[start:min(start+getBatch, len(refs))]
		drs := make([]*firestore.DocumentRef, len(part))
		for i, r := range part {
			drs[i] = c.doc(r.coll, r.id)
		}
		docs, err := c.s.client.GetAll(ctx, drs)
		if err != nil {
			return fmt.Errorf("fetch %d documents the save changes: %w", len(part), err)
		}
		for i, d := range docs {
			r := part[i]
			if !d.Exists() {
				if r.coll == collFlags {
					base.dg.flagsKnown[r.id] = true
				} else {
					// Deleted by hand: the save writes it whole, or, when
					// the run does not want it, drops it from the digest
					// (which the save then compares whole).
					delete(base.dg.entries[r.coll], r.id)
					base.dg.exact = false
				}
				continue
			}
			c.s.stats.reads.Add(1)
			if r.coll == collFlags {
				f, err := decodeFlagRecord(d)
				if err != nil {
					return fmt.Errorf("fetch flag record %s: %w", r.id, err)
				}
				base.flags[r.id] = f
				continue
			}
			var v entityDoc
			switch r.coll {
			case collMembers:
				v, err = decodeAs[memberDoc](d)
			case collMeetings:
				v, err = decodeAs[meetingDoc](d)
			default:
				v, err = decodeAs[voteDoc](d)
			}
			if err != nil {
				return fmt.Errorf("fetch %s/%s: %w", r.coll, r.id, err)
			}
			base.docs[r.coll][r.id] = v
		}
	}
	return nil
}

// fetchRef names a document a lazy plan needs.
type fetchRef struct{ coll, id string }

// digestPlan adds to the plan the digest writes that make the digest
// documents describe the entities as the save leaves them, and returns
// the head naming generation gen, to write with it (nil when the snapshot
// does not keep a digest). The chunk writes may go in any of the save's
// commits: until the head is written, no process trusts the chunks
// (several commits mark the generation pending first).
func (pl *planner) digestPlan(gen string) *digestHead {
	base := pl.base
	if base.dg == nil || gen == "" {
		return nil
	}
	base.buildEntries()
	dg := base.dg
	changed := map[string]map[string]string{}
	for _, u := range pl.units {
		if u.after == nil {
			continue
		}
		if changed[u.coll] == nil {
			changed[u.coll] = map[string]string{}
		}
		changed[u.coll][u.id] = digestEntry(u.after)
	}
	head := &digestHead{Generation: gen}
	switch {
	case dg.listed:
		head.Checked = dg.listedAt
	case dg.head == nil:
		head.Checked = base.LoadedAt
	default:
		head.Checked = dg.head.Checked
	}
	var units []*unit
	for _, coll := range entityColls {
		cur := dg.entries[coll]
		count, bytes := len(cur), 0
		for id, e := range cur {
			bytes += len(id) + len(e) + 8
		}
		for id, e := range changed[coll] {
			if old, ok := cur[id]; ok {
				bytes += len(e) - len(old)
			} else {
				count++
				bytes += len(id) + len(e) + 8
			}
		}
		n := 1
		for n*digestChunkBytes < bytes || n*digestChunkEntries < count {
			n *= 2
		}
		if dg.head != nil {
			n = max(n, dg.head.chunks(coll)) // never shrink: no churn
		}
		head.setChunks(coll, n)
		entry := func(id string) (string, bool) {
			if e, ok := changed[coll][id]; ok {
				return e, true
			}
			e, ok := cur[id]
			return e, ok
		}
		if dg.exact && dg.head != nil && dg.head.chunks(coll) == n {
			// Only the chunks of the entities written change, entry by entry.
			touched := map[int][]string{}
			for id, e := range changed[coll] {
				if cur[id] != e {
					i := chunkOf(id, n)
					touched[i] = append(touched[i], id)
				}
			}
			for _, i := range sortedKeys(touched) {
				units = append(units, pl.chunkUnit(coll, n, i, touched[i], entry))
			}
			continue
		}
		// Layout changed or the stored chunks are not known to be exact:
		// every chunk is compared with what it should hold.
		want := make([][]string, n)
		seen := map[string]bool{}
		add := func(id string) {
			if !seen[id] {
				seen[id] = true
				i := chunkOf(id, n)
				want[i] = append(want[i], id)
			}
		}
		for id := range cur {
			add(id)
		}
		for id := range changed[coll] {
			add(id)
		}
		for i := range n {
			cid := chunkID(coll, n, i)
			stored, ok := dg.chunks[cid]
			ch := make(map[string]string, len(want[i]))
			for _, id := range want[i] {
				ch[id], _ = entry(id)
			}
			if ok && maps.Equal(stored, ch) {
				continue
			}
			units = append(units, pl.chunkSet(coll, n, i, ch))
		}
		prefix := coll + "-"
		for _, cid := range sortedKeys(dg.chunks) {
			if strings.HasPrefix(cid, prefix) && !strings.HasPrefix(cid, fmt.Sprintf("%s%d-", prefix, n)) {
				units = append(units, &unit{coll: collDigest, id: cid, chunkDel: true,
					writes: []write{{ref: pl.c.doc(collDigest, cid), del: true}}})
			}
		}
	}
	pl.units = append(pl.units, units...)
	return head
}

// chunkUnit updates the given entries of chunk i (stored and exact).
func (pl *planner) chunkUnit(coll string, n, i int, ids []string, entry func(string) (string, bool)) *unit {
	cid := chunkID(coll, n, i)
	stored := pl.base.dg.chunks[cid]
	next := maps.Clone(stored)
	if next == nil {
		next = map[string]string{}
	}
	sort.Strings(ids)
	var ups []firestore.Update
	for _, id := range ids {
		e, _ := entry(id)
		next[id] = e
		if len(id) > maxPathKey {
			return pl.chunkSet(coll, n, i, next)
		}
		ups = append(ups, firestore.Update{FieldPath: firestore.FieldPath{"entries", id}, Value: e})
	}
	if stored == nil {
		return pl.chunkSet(coll, n, i, next)
	}
	return &unit{coll: collDigest, id: cid, chunk: next,
		writes: []write{{ref: pl.c.doc(collDigest, cid), updates: ups}}}
}

// chunkSet writes chunk i whole.
func (pl *planner) chunkSet(coll string, n, i int, entries map[string]string) *unit {
	cid := chunkID(coll, n, i)
	return &unit{coll: collDigest, id: cid, chunk: entries, writes: []write{{ref: pl.c.doc(collDigest, cid),
		data: &digestChunkDoc{Kind: coll, Of: n, Entries: entries}}}}
}

func sortedKeys[V any, K interface{ ~int | ~string }](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
