package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"cloud.google.com/go/firestore"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/coalitionsync/coalitionsync/domain"
)

// Kinds is a set of entity kinds.
type Kinds uint

// The entity kinds State holds.
const (
	KindMembers Kinds = 1 << iota
	KindMeetings
	KindVotes

	AllKinds = KindMembers | KindMeetings | KindVotes
)

// State is what a sync run wants stored: the entities as it now sees them.
// Entities equal to what is stored are not written.
type State struct {
	Members  []Member // each with its Member ID (see AllocateMemberIDs)
	Meetings []Meeting
	Votes    []Vote
	// Sync, when not nil, replaces the stored sync state (NextMemberNumber
	// excepted: only AllocateMemberIDs moves it).
	Sync *SyncState
	// Keep lists stored members, by ID, that the save must leave as they
	// are stored (rows a run must not touch): they count as present for
	// Complete, as if passed in Members unchanged. IDs not stored are
	// ignored.
	Keep []string
}

// SaveOptions says where a save comes from and which kinds it holds in full.
type SaveOptions struct {
	// Source is recorded in the audit log: "sheet" for what people typed,
	// "service" for what the service decided. Empty means "service".
	Source string
	// Actor is who made the change, when known. Never an email address.
	Actor string
	// Complete lists the kinds for which State holds every entity that still
	// exists: stored entities of those kinds that State leaves out are marked
	// missing (never deleted), and come back when they reappear. For kinds not
	// listed, Save only adds and updates. Pass AllKinds after a full read of
	// the spreadsheet; never list a kind whose read failed.
	Complete Kinds
}

// SaveResult counts what a save wrote (or, from Plan, would write).
type SaveResult struct {
	Created       int // entities stored for the first time
	Updated       int // entities whose meaningful fields changed
	Unchanged     int // entities already stored as given: no write
	MarkedMissing int // entities marked missing
	Returned      int // missing entities that came back
	FlagsRaised   int
	FlagsCleared  int
	AuditEntries  int
	SyncState     bool // the sync state was written

	// MissingMembers are the IDs of the members this save marks missing: the
	// sync engine's deletion guard looks at them before applying.
	MissingMembers []string

	Writes        int // documents written, all kinds together
	Commits       int // atomic commits (each at most MaxWritesPerCommit writes and, unless one entity is larger, MaxCommitBytes)
	LargestCommit int // writes in the largest commit

	// Bytes is the estimated size of all the commit requests, and
	// LargestCommitBytes that of the largest (see MaxCommitBytes).
	Bytes              int
	LargestCommitBytes int
	// Splits counts the commits Firestore refused (as too large, as holding
	// an invalid document, or updating one that is gone) that Apply
	// committed again in two halves.
	Splits int
}

// Written returns how many entities the save wrote.
func (r SaveResult) Written() int { return r.Created + r.Updated + r.MarkedMissing + r.Returned }

// Plan is the set of writes a save makes, computed without any I/O. Apply it
// with Coalition.Apply.
type Plan struct {
	c       *Coalition
	base    *Snapshot
	commits [][]*unit
	pending bool // mark the generation pending before the first commit
	// markGen is the generation to mark pending before the first of
	// several commits ("": none, the stored one vouches for nothing).
	markGen string
	// fetch lists the documents a plan on a lazy snapshot (LoadForPlan)
	// needs and does not hold: Apply reads them, then plans again with
	// next and opts.
	fetch []fetchRef
	next  State
	opts  SaveOptions
	head  *digestHead // the digest head the plan writes, if any
	// loadGrants: the plan needs the stored record of the grants, which
	// base does not hold (see Apply).
	loadGrants bool
	// Result counts what applying the plan writes.
	Result SaveResult
}

// unit is writes that must commit together: an entity, its audit entry and
// its flag records.
type unit struct {
	writes []write
	coll   string
	id     string
	after  entityDoc
	flags  map[string]*flagRecordDoc
	state  *stateDoc
	gen    string // the generation this unit writes (only the sync state's unit)
	bytes  int    // estimated size of its writes in a commit request
	// chunk is a digest document's entries after the unit (coll is
	// collDigest); chunkDel: the unit deletes it.
	chunk    map[string]string
	chunkDel bool
	// grants is the record of the grants after the unit (coll is
	// collGrants: grants.go).
	grants *grantsState
}

// write sets a document whole (data), or, when updates is not nil, changes
// only those fields of a document that exists.
type write struct {
	ref     *firestore.DocumentRef
	data    any
	updates []firestore.Update
	merge   []string // set only these fields (data holds them)
	del     bool     // delete the document
}

// generationDoc is the sync state's generation alone, written with
// firestore.Merge so that the other fields stay.
type generationDoc struct {
	Generation string `firestore:"generation"`
}

// generationHeadDoc is the generation with the digest head, written the
// same way.
type generationHeadDoc struct {
	Generation string      `firestore:"generation"`
	Digest     *digestHead `firestore:"digest"`
}

// stateHeadDoc is the whole sync state with the digest head.
type stateHeadDoc struct {
	stateDoc
	Digest *digestHead `firestore:"digest"`
}

// size estimates the write's bytes in a commit request.
func (w write) size() int {
	switch {
	case w.updates != nil:
		return updateWriteSize(w.ref, w.updates)
	case w.del:
		name := protowire.SizeTag(2) + protowire.SizeBytes(len(w.ref.Path))
		return protowire.SizeTag(2) + protowire.SizeBytes(name)
	case w.merge != nil: // and its field mask
		mask := 0
		for _, f := range w.merge {
			mask += protowire.SizeTag(1) + protowire.SizeBytes(len(f))
		}
		return setWriteSize(w.ref, w.data) + protowire.SizeTag(2) + protowire.SizeBytes(mask)
	}
	return setWriteSize(w.ref, w.data)
}

// name says which document a unit saves, for errors.
func (u *unit) name() string {
	if u.state != nil || u.gen != "" {
		return "the sync state"
	}
	return u.coll + "/" + u.id
}

// Save stores next against base, the snapshot this run loaded (nil: Save
// loads one first). It writes only entities whose content changed, marks
// missing the entities of opts.Complete kinds that next leaves out, and
// commits in batches of at most MaxWritesPerCommit writes, each entity with
// its audit entry and flag history in the same commit. On success base is
// advanced to what was written, so a run may save again against it.
//
// Save assumes nothing else wrote the coalition since base was loaded: hold
// the coalition's lease (TryAcquire) around load and save. A failed save may
// have applied some commits; saving the same state again completes it.
func (c *Coalition) Save(ctx context.Context, base *Snapshot, next State, opts SaveOptions) (SaveResult, error) {
	if base == nil {
		var err error
		if base, err = c.Load(ctx); err != nil {
			return SaveResult{}, fmt.Errorf("save: %w", err)
		}
	}
	p, err := c.Plan(base, next, opts)
	if err != nil {
		return SaveResult{}, err
	}
	return c.Apply(ctx, p)
}

// Plan computes the writes Save would make, without I/O: for dry runs and the
// sync engine's deletion guard (Result.MissingMembers).
//
// On a snapshot from LoadForPlan that holds only the digest (a cold load),
// entities are compared by content hash; Result's counts (created,
// updated, unchanged, missing, flags, MissingMembers) are exact, but its
// writes, commits and bytes are estimates: Apply fetches the documents of
// the entities that change and plans again before it writes.
func (c *Coalition) Plan(base *Snapshot, next State, opts SaveOptions) (*Plan, error) {
	if base == nil {
		return nil, fmt.Errorf("plan save of coalition %s: no base snapshot", c.id)
	}
	if base.CoalitionID != c.id {
		return nil, fmt.Errorf("plan save of coalition %s: the snapshot belongs to coalition %s", c.id, base.CoalitionID)
	}
	if opts.Source == "" {
		opts.Source = "service"
	}
	pl := &planner{c: c, base: base, opts: opts, now: c.s.clock()}
	if err := pl.entities(next); err != nil {
		return nil, fmt.Errorf("plan save of coalition %s: %w", c.id, err)
	}
	// The generation (cache.go) moves in the save's last commit when the
	// save writes entity or flag documents and some process may trust the
	// stored generation (it is settled), and whenever the sync state is
	// written while the generation is not settled: the base was then
	// listed whole, so the save's end is a state a cache may trust. A
	// generation that is not settled vouches for nothing and need not move.
	entities := len(pl.units) > 0 || len(pl.fetch) > 0
	gen := ""
	var sd *stateDoc
	if next.Sync != nil {
		sd = toStateDoc(*next.Sync)
		if base.state == nil || base.state.Hash != sd.Hash {
			sd.Generation = base.gen
			if entities || !settled(base.gen) {
				sd.Generation = nextGeneration(base.gen)
			}
			gen = sd.Generation
		} else {
			sd = nil
		}
	}
	if sd == nil && entities && settled(base.gen) { // the generation alone, last
		gen = nextGeneration(base.gen)
	}
	// The digest (digest.go) is brought up to date, and its head written
	// with the generation, whenever the generation moves or the stored
	// digest is not known to be exact for it.
	var head *digestHead
	if base.dg != nil && gen != "" && (gen != base.gen || !base.dg.exact || base.dg.listed) {
		head = pl.digestPlan(gen)
	}
	// The record of the grants (grants.go), in a commit before the sync
	// state's (see the batches below). Not loaded: an empty record leaves
	// it as stored, unless the sync state written would drop its old
	// field; Apply then loads it and plans again.
	loadGrants := false
	if next.Sync != nil {
		switch {
		case base.grants != nil:
			if u := c.planGrants(base, next.Sync.GrantedPermissions); u != nil {
				pl.units = append(pl.units, u)
			}
		case len(next.Sync.GrantedPermissions) > 0:
			loadGrants = true
		case sd != nil && base.state != nil && len(base.state.Legacy) > 0:
			loadGrants = true
		}
	}
	switch {
	case sd != nil:
		w := write{ref: c.doc(collSync, docState), data: sd}
		if base.state != nil { // only what changed: a new version is a few fields
			w.updates = fieldUpdates(base.state, sd)
			if head != nil {
				w.updates = append(w.updates, firestore.Update{FieldPath: firestore.FieldPath{fieldDigest}, Value: head})
			}
		} else if head != nil {
			w.data = &stateHeadDoc{stateDoc: *sd, Digest: head}
		}
		pl.units = append(pl.units, &unit{writes: []write{w}, state: sd, gen: sd.Generation})
		pl.res.SyncState = true
	case gen != "":
		w := write{ref: c.doc(collSync, docState), data: &generationDoc{gen}, merge: []string{fieldGeneration}}
		if head != nil {
			w.data, w.merge = &generationHeadDoc{gen, head}, []string{fieldGeneration, fieldDigest}
		}
		pl.units = append(pl.units, &unit{gen: gen, writes: []write{w}})
	}
	// Several commits on a settled generation: it is first marked pending,
	// in a commit of its own, so that no process trusts its cache while
	// some commits are applied and others not (see Apply).
	pending := entities && settled(base.gen) && gen != base.gen
	p := &Plan{c: c, base: base, Result: pl.res, fetch: pl.fetch, next: next, opts: opts, head: head, loadGrants: loadGrants}
	overhead := commitOverhead(databaseOf(c.root))
	limit := c.s.commitBytes
	if limit <= 0 {
		limit = MaxCommitBytes
	}
	var cur []*unit
	n, size := 0, overhead
	grantsInCur := false
	flush := func() {
		p.commits = append(p.commits, cur)
		p.Result.LargestCommit = max(p.Result.LargestCommit, n)
		p.Result.LargestCommitBytes = max(p.Result.LargestCommitBytes, size)
		p.Result.Bytes += size
		cur, n, size, grantsInCur = nil, 0, overhead, false
	}
	for _, u := range pl.units {
		u.bytes = 0
		for _, w := range u.writes {
			u.bytes += w.size()
		}
		// A unit larger than the limit goes alone: it cannot be split.
		// The record of the grants commits before the sync state, never
		// with it: a failed sync state save keeps the grants recorded.
		if len(cur) > 0 && (n+len(u.writes) > MaxWritesPerCommit || size+u.bytes > limit ||
			grantsInCur && (u.state != nil || u.gen != "")) {
			flush()
		}
		grantsInCur = grantsInCur || u.grants != nil
		cur = append(cur, u)
		n += len(u.writes)
		size += u.bytes
		p.Result.Writes += len(u.writes)
	}
	if len(cur) > 0 {
		flush()
	}
	p.Result.Commits = len(p.commits)
	p.markGen = ""
	if pending {
		p.markGen = gen
		if len(p.commits) > 1 {
			p.pending = true
			p.Result.Writes++
			p.Result.Commits++
		}
	}
	return p, nil
}

// Apply makes the plan's writes, one atomic commit per batch, and advances the
// plan's base snapshot. Batches are independent (each entity, its audit entry
// and its flag records sit in one batch), so up to ParallelCommits run at
// once, except the sync state: it is in the last batch, committed only after
// every other batch succeeded, so a sync state that says "this version was
// seen" never stands for entities that were not saved. Applying a plan twice
// rewrites the same values.
func (c *Coalition) Apply(ctx context.Context, p *Plan) (SaveResult, error) {
	if p.c != c {
		return SaveResult{}, fmt.Errorf("apply save plan: the plan belongs to coalition %s, not %s", p.c.id, c.id)
	}
	// Planned on the digest alone: read the documents of the entities that
	// change, then plan again with them (digest.go). A document found gone
	// (deleted by hand) makes its entity new, whose flag records the second
	// plan may then need: hence a second round, rarely.
	for round := 0; len(p.fetch) > 0; round++ {
		if round == 3 {
			return SaveResult{}, fmt.Errorf("save coalition %s: %d documents still missing after fetching them", c.id, len(p.fetch))
		}
		if err := c.fetch(ctx, p.base, p.fetch); err != nil {
			return SaveResult{}, fmt.Errorf("save coalition %s: %w", c.id, err)
		}
		q, err := c.Plan(p.base, p.next, p.opts)
		if err != nil {
			return SaveResult{}, err
		}
		*p = *q
	}
	// The record of the grants, when the plan changes it or the sync state
	// it writes drops its old field, and base does not hold it: read it,
	// then plan again. A record the save was not given is the stored one.
	if p.loadGrants {
		loaded, err := c.LoadGrants(ctx, p.base)
		if err != nil {
			return SaveResult{}, fmt.Errorf("save coalition %s: %w", c.id, err)
		}
		next := p.next
		if next.Sync != nil && len(next.Sync.GrantedPermissions) == 0 {
			st := *next.Sync
			st.GrantedPermissions = loaded
			next.Sync = &st
		}
		q, err := c.Plan(p.base, next, p.opts)
		if err != nil {
			return SaveResult{}, err
		}
		*p = *q
	}
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
		sem  = make(chan struct{}, ParallelCommits)
	)
	// commitUnits commits batch atomically. When Firestore refuses the
	// request as too large, it is not sent again as is: its two halves are
	// committed instead, the first before the second (so the sync state, last
	// in its batch, still commits last and only after the rest), down to
	// single units, which cannot be split. A batch refused as invalid (a
	// document over 1 MiB, say) or for updating a document that is gone
	// (deleted by hand since the load: the next load sees it gone and writes
	// it whole) is split the same way, so that one bad entity does not keep
	// the others from being saved and the error names it.
	// markPending writes the generation "pending-…" in a commit of its
	// own, once, before the first of several commits: until the last
	// commit writes the new generation, no process returns a cached
	// snapshot, and if a commit fails the generation stays pending and
	// every Load lists until a save succeeds. A plan of one commit needs it
	// only if Firestore refuses that commit and it is split.
	gen := p.markGen
	marked := false
	markPending := func(count bool) error {
		mu.Lock()
		defer mu.Unlock()
		if marked || gen == "" {
			return nil
		}
		ref := c.doc(collSync, docState)
		if _, err := ref.Set(ctx, &generationDoc{pendingPrefix + gen}, firestore.Merge([]string{fieldGeneration})); err != nil {
			return fmt.Errorf("mark the sync state pending: %w", err)
		}
		marked = true
		c.s.stats.writes.Add(1)
		c.s.stats.commits.Add(1)
		if count {
			p.Result.Writes++
			p.Result.Commits++
		}
		return nil
	}
	var commitUnits func(batch []*unit) error
	commitUnits = func(batch []*unit) error {
		err := c.s.client.RunTransaction(ctx, func(ctx context.Context, tx *firestore.Transaction) error {
			for _, u := range batch {
				for _, w := range u.writes {
					var err error
					switch {
					case w.updates != nil:
						err = tx.Update(w.ref, w.updates)
					case w.del:
						err = tx.Delete(w.ref)
					case w.merge != nil:
						paths := make([]firestore.FieldPath, len(w.merge))
						for i, f := range w.merge {
							paths[i] = firestore.FieldPath{f}
						}
						err = tx.Set(w.ref, w.data, firestore.Merge(paths...))
					default:
						err = tx.Set(w.ref, w.data)
					}
					if err != nil {
						return fmt.Errorf("%s: %w", u.name(), err)
					}
				}
			}
			return nil
		})
		if err == nil {
			mu.Lock()
			defer mu.Unlock()
			n := 0
			for _, u := range batch {
				n += len(u.writes)
				p.base.advance(u)
			}
			c.s.stats.writes.Add(int64(n))
			c.s.stats.commits.Add(1)
			return nil
		}
		tooLarge := refusedAsTooLarge(err)
		if code := status.Code(err); !tooLarge && code != codes.InvalidArgument && code != codes.NotFound {
			return err
		}
		if len(batch) == 1 {
			u := batch[0]
			if tooLarge {
				return fmt.Errorf("%s is too large to store (about %d bytes with its audit entry and flag records; "+
					"Firestore takes at most %d bytes in a document and %d in a request): %w",
					u.name(), u.bytes, firestoreDocumentLimit, firestoreRequestLimit, err)
			}
			if !strings.Contains(err.Error(), u.name()) {
				return fmt.Errorf("%s: %w", u.name(), err)
			}
			return err
		}
		if err := markPending(true); err != nil {
			return fmt.Errorf("before splitting a refused commit: %w", err)
		}
		mu.Lock()
		p.Result.Splits++
		p.Result.Commits++
		mu.Unlock()
		half := len(batch) / 2
		err1 := commitUnits(batch[:half])
		if err1 != nil && hasState(batch) {
			return err1
		}
		return errors.Join(err1, commitUnits(batch[half:]))
	}
	commit := func(i int, batch []*unit) {
		if err := commitUnits(batch); err != nil {
			mu.Lock()
			defer mu.Unlock()
			errs = append(errs, fmt.Errorf("commit %d of %d: %w", i+1, len(p.commits), err))
		}
	}
	fail := func(err error) (SaveResult, error) {
		c.s.cache.drop(c.id) // some commits may have been applied
		p.base.entry = nil
		if p.base.dg != nil {
			p.base.dg.exact = false // some chunks may have been written, and not others
		}
		return p.Result, fmt.Errorf("save coalition %s (saving the same state again completes it): %w", c.id, err)
	}
	if p.pending {
		if err := markPending(false); err != nil {
			return fail(err)
		}
	}
	parallel := p.commits
	var last []*unit
	if k := len(p.commits); k > 0 && hasState(p.commits[k-1]) {
		parallel, last = p.commits[:k-1], p.commits[k-1]
	}
	for i, batch := range parallel {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			commit(i, batch)
		}()
	}
	wg.Wait()
	if len(errs) == 0 && last != nil {
		commit(len(p.commits)-1, last)
	}
	if len(errs) > 0 {
		return fail(errors.Join(errs...))
	}
	if dg := p.base.dg; dg != nil {
		switch {
		case p.head != nil:
			dg.head, dg.exact, dg.listed = p.head, true, false
		default:
			for _, batch := range p.commits {
				for _, u := range batch {
					if u.after != nil {
						dg.exact = false // entities written without the digest
					}
				}
			}
		}
	}
	if k := len(p.commits); k > 0 && hasState(p.commits[k-1]) {
		c.s.cache.afterSave(c.id, p.base, p.commits)
	}
	return p.Result, nil
}

// refusedAsTooLarge reports whether Firestore refused a commit for the size
// of its request. The answers known: the emulator's RESOURCE_EXHAUSTED "gRPC
// message exceeds maximum size 4194304: N" (seen here; note the client library
// retries RESOURCE_EXHAUSTED by itself until its deadline, see
// firestoretest.NewRecordingClient), a Go gRPC "larger than max", Google's
// front ends' "Request payload size exceeds the limit: 10485760 bytes."
// (reported for Firestore in Johannes-Berggren/firestore-to-bigquery-export#3),
// "413 Request Entity Too Large" (googleapis/google-cloud-go#1315,
// googleapis/nodejs-firestore#394) and "Transaction too big" (reported in
// qualdesk/firestore-big-batch#2). The status codes of the last three are not
// documented, so the message decides.
func refusedAsTooLarge(err error) bool {
	msg := strings.ToLower(err.Error())
	for _, s := range []string{"exceeds maximum size", "larger than max", "payload size exceeds the limit",
		"request entity too large", "transaction too big"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// hasState reports whether a batch holds the sync state.
func hasState(batch []*unit) bool {
	for _, u := range batch {
		if u.state != nil || u.gen != "" {
			return true
		}
	}
	return false
}

// ParallelCommits is how many of a save's commits run at once.
const ParallelCommits = 4

func (s *Snapshot) advance(u *unit) {
	if u.after != nil {
		s.docs[u.coll][u.id] = u.after
		if s.dg != nil && s.dg.entries != nil {
			s.dg.entries[u.coll][u.id] = digestEntry(u.after)
		}
	}
	if s.dg != nil && u.coll == collDigest {
		if s.dg.chunks == nil {
			s.dg.chunks = map[string]map[string]string{}
		}
		if u.chunkDel {
			delete(s.dg.chunks, u.id)
		} else {
			s.dg.chunks[u.id] = u.chunk
		}
	}
	for id, f := range u.flags {
		s.flags[id] = f
	}
	if u.state != nil {
		s.state = u.state
	}
	if u.grants != nil {
		s.grants = u.grants
	}
	if u.gen != "" {
		s.gen = u.gen
		st := stateDoc{} // the generation alone may have created the document
		if s.state != nil {
			st = *s.state
		}
		st.Generation = u.gen
		s.state = &st
	}
}

type planner struct {
	c     *Coalition
	base  *Snapshot
	opts  SaveOptions
	now   time.Time
	units []*unit
	res   SaveResult
	// fetch: documents a lazy base does not hold that the plan needs.
	fetch   []fetchRef
	fetched map[fetchRef]bool
}

type keyed struct {
	id   string
	doc  entityDoc
	keep bool // State.Keep on a lazy base, its document not fetched: doc is nil
	same bool // known to equal the stored document: doc is nil
}

// need asks Apply to fetch a document before the plan can be complete.
func (pl *planner) need(coll, id string) {
	r := fetchRef{coll, id}
	if pl.fetched[r] {
		return
	}
	if pl.fetched == nil {
		pl.fetched = map[fetchRef]bool{}
	}
	pl.fetched[r] = true
	pl.fetch = append(pl.fetch, r)
}

func (pl *planner) entities(next State) error {
	members := make([]keyed, 0, len(next.Members))
	for i, m := range next.Members {
		if err := ValidateID(m.ID); err != nil {
			return fmt.Errorf("member %d (%s): Member ID: %w", i+1, m.Name, err)
		}
		members = append(members, keyed{id: m.ID, doc: toMemberDoc(m)})
	}
	for _, id := range next.Keep {
		if d, ok := pl.base.docs[collMembers][id]; ok {
			members = append(members, keyed{id: id, doc: d.clone()}) // as if passed unchanged
		} else if _, ok := pl.base.dg.entriesOf(collMembers)[id]; ok && pl.base.lazy() {
			members = append(members, keyed{id: id, keep: true})
		}
	}
	meetings := make([]keyed, 0, len(next.Meetings))
	for _, m := range next.Meetings {
		if m.Date.IsZero() {
			return fmt.Errorf("a meeting has no date")
		}
		id := m.Date.String()
		if prev, ok := pl.base.docs[collMeetings][id].(*meetingDoc); ok && prev.holds(m) {
			// Unchanged: not converted (thousands of attendance marks).
			meetings = append(meetings, keyed{id: id, same: true})
			continue
		}
		meetings = append(meetings, keyed{id: id, doc: toMeetingDoc(m)})
	}
	votes := make([]keyed, 0, len(next.Votes))
	for _, v := range next.Votes {
		id := v.ID
		if id == "" {
			id = VoteID(v.Vote)
		}
		if err := ValidateID(id); err != nil {
			return fmt.Errorf("vote %q: %w", v.Motion, err)
		}
		votes = append(votes, keyed{id: id, doc: toVoteDoc(v)})
	}
	for _, k := range []struct {
		coll string
		kind Kinds
		next []keyed
	}{
		{collMembers, KindMembers, members},
		{collMeetings, KindMeetings, meetings},
		{collVotes, KindVotes, votes},
	} {
		if err := pl.diff(k.coll, k.next, pl.opts.Complete&k.kind != 0); err != nil {
			return err
		}
	}
	return nil
}

// diff plans the writes for one collection.
func (pl *planner) diff(coll string, next []keyed, complete bool) error {
	base := pl.base.docs[coll]
	seen := make(map[string]bool, len(next))
	sort.SliceStable(next, func(i, j int) bool { return next[i].id < next[j].id })
	for _, k := range next {
		if seen[k.id] {
			return fmt.Errorf("%s: the ID %s appears twice", coll, k.id)
		}
		seen[k.id] = true
		if k.same {
			pl.res.Unchanged++
			continue
		}
		prev := base[k.id]
		if prev == nil && pl.base.lazy() {
			if e, stored := pl.base.dg.entries[coll][k.id]; stored {
				// Not fetched: compared with the digest by content hash.
				v := parseEntry(coll, e)
				if k.keep && !v.missing {
					pl.res.Unchanged++
					continue
				}
				if !k.keep {
					k.doc.setMissing(false, time.Time{})
					if !v.missing && v.hash == contentHash(k.doc) {
						pl.res.Unchanged++
						continue
					}
				}
				pl.lazyChange(coll, k, v)
				continue
			}
		}
		k.doc.setMissing(false, time.Time{})
		// Compared field by field, not by hash: only what changed is hashed.
		if prev != nil && sameContent(prev, k.doc) {
			pl.res.Unchanged++
			continue
		}
		k.doc.setHash(contentHash(k.doc))
		action := ActionCreated
		switch {
		case prev == nil:
			pl.res.Created++
		case prev.missing():
			action = ActionReturned
			pl.res.Returned++
		default:
			action = ActionUpdated
			pl.res.Updated++
		}
		md, isMember := k.doc.(*memberDoc)
		if isMember { // before entityUnit, which compares the fields
			md.FirstSeen, md.LastSeen = pl.now, pl.now
			if p, ok := prev.(*memberDoc); ok && !p.FirstSeen.IsZero() {
				md.FirstSeen = p.FirstSeen
			}
		}
		u := pl.entityUnit(coll, k.id, prev, k.doc, action)
		if isMember {
			var pf []flagDoc
			if p, ok := prev.(*memberDoc); ok {
				pf = p.Flags
			}
			pl.flagChanges(u, k.id, pf, md.Flags)
		}
	}
	if !complete {
		return nil
	}
	ids := sortedIDs(base)
	if pl.base.lazy() {
		ids = sortedKeys(pl.base.dg.entries[coll])
	}
	for _, id := range ids {
		prev := base[id]
		if seen[id] {
			continue
		}
		if prev == nil { // lazy: known from the digest only
			if parseEntry(coll, pl.base.dg.entries[coll][id]).missing {
				continue
			}
			pl.need(coll, id)
			pl.res.MarkedMissing++
			if coll == collMembers {
				pl.res.MissingMembers = append(pl.res.MissingMembers, id)
			}
			continue
		}
		if prev.missing() {
			continue
		}
		d := prev.clone()
		d.setMissing(true, pl.now)
		d.setHash(contentHash(d))
		pl.res.MarkedMissing++
		if coll == collMembers {
			pl.res.MissingMembers = append(pl.res.MissingMembers, id)
		}
		pl.entityUnit(coll, id, prev, d, ActionMissing)
	}
	return nil
}

// entityUnit adds the unit that writes doc and its audit entry.
func (pl *planner) entityUnit(coll, id string, prev, doc entityDoc, action string) *unit {
	ad := &auditDoc{
		At: pl.now, Source: pl.opts.Source, Actor: pl.opts.Actor, Kind: coll, EntityID: id,
		Action: action, Changes: fieldChanges(coll, prev, doc),
	}
	prevHash := ""
	if prev != nil {
		prevHash = prev.getHash()
	}
	// A document already stored gets only its changed fields.
	w := write{ref: pl.c.doc(coll, id), data: doc}
	if prev != nil {
		w.updates = fieldUpdates(prev, doc)
	}
	u := &unit{coll: coll, id: id, after: doc, writes: []write{
		w,
		{ref: pl.c.doc(collAudit, auditID(coll, id, prevHash, doc.getHash())), data: ad},
	}}
	pl.units = append(pl.units, u)
	pl.res.AuditEntries++
	return u
}

// flagChanges adds to u the flag records of the kinds raised or cleared
// between before and after.
func (pl *planner) flagChanges(u *unit, memberID string, before, after []flagDoc) {
	had := make(map[string]bool, len(before))
	for _, f := range before {
		had[f.Kind] = true
	}
	has := make(map[string][]string, len(after))
	for _, f := range after {
		has[f.Kind] = f.Dates
	}
	var kinds []string
	for k := range had {
		if _, ok := has[k]; !ok {
			kinds = append(kinds, k)
		}
	}
	for k := range has {
		if !had[k] {
			kinds = append(kinds, k)
		}
	}
	sort.Strings(kinds)
	for _, kind := range kinds {
		id := flagDocID(memberID, kind)
		if pl.base.lazy() && pl.base.flags[id] == nil && !pl.base.dg.flagsKnown[id] {
			pl.need(collFlags, id) // its history is not loaded
		}
		rec := &flagRecordDoc{MemberID: memberID, Kind: kind}
		if old := pl.base.flags[id]; old != nil {
			rec.History = append(rec.History, old.History...)
		}
		ev := flagEventDoc{At: pl.now, Source: pl.opts.Source}
		if dates, raised := has[kind]; raised {
			ev.Event, ev.Dates, rec.Active = FlagRaised, dates, true
			pl.res.FlagsRaised++
		} else {
			ev.Event = FlagCleared
			pl.res.FlagsCleared++
		}
		rec.History = append(rec.History, ev)
		if u.flags == nil {
			u.flags = map[string]*flagRecordDoc{}
		}
		u.flags[id] = rec
		u.writes = append(u.writes, write{ref: pl.c.doc(collFlags, id), data: rec})
	}
}

// auditID names an audit entry after the change it records, so that saving
// the same change again (a retry) rewrites the entry instead of adding one.
func auditID(coll, id, beforeHash, afterHash string) string {
	sum := sha256.Sum256([]byte(coll + "\x00" + id + "\x00" + beforeHash + "\x00" + afterHash))
	return hex.EncodeToString(sum[:12])
}

func shortHash(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:6])
}

// VoteID returns the stable ID of a vote: its meeting date and a hash of its
// motion, kind and subject. Editing the counts keeps the ID; editing the
// motion makes it another vote (the old one is then marked missing).
func VoteID(v domain.Vote) string {
	d := v.Meeting.String()
	if d == "" {
		d = "undated"
	}
	return d + "-" + shortHash(v.Motion, kindName(v.Kind), v.Subject)
}

// lazyChange plans, on a lazy base, the change of an entity whose document
// is not fetched: it is counted and written whole, with an audit entry
// that names no field, as a placeholder; Apply fetches the document (and
// the member's flag records) and plans again.
func (pl *planner) lazyChange(coll string, k keyed, v entryView) {
	pl.need(coll, k.id)
	action := ActionUpdated
	if v.missing {
		action = ActionReturned
		pl.res.Returned++
	} else {
		pl.res.Updated++
	}
	if k.keep {
		return
	}
	k.doc.setHash(contentHash(k.doc))
	u := pl.entityUnit(coll, k.id, nil, k.doc, action)
	if md, ok := k.doc.(*memberDoc); ok {
		md.FirstSeen, md.LastSeen = pl.now, pl.now
		before := make([]flagDoc, len(v.flags))
		for i, f := range v.flags {
			before[i] = flagDoc{Kind: f}
		}
		pl.flagChanges(u, k.id, before, md.Flags)
	}
}
