package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"
	"time"

	"cloud.google.com/go/firestore"
)

// DefaultLoadCache is how many coalitions' records a Store keeps in memory
// between loads unless WithLoadCache says otherwise.
const DefaultLoadCache = 4

// WithLoadCache makes the store keep in memory the documents the last Load
// of each of up to n coalitions read (0: none), so that the next Load of
// the same coalition reads only the sync state and the counters when the
// generation has not moved, and otherwise only the documents' names and
// update times, fetching again only those that changed (see the package
// documentation). A large coalition (5,000 members, 24 meetings) takes
// about 10 MB.
func WithLoadCache(n int) Option {
	return func(s *Store) { s.cache.max = max(n, 0) }
}

// DefaultCacheTrust is how long a Load trusts the generation alone, unless
// WithCacheTrust says otherwise; see the package documentation of the load
// cache.
const DefaultCacheTrust = time.Hour

// WithCacheTrust sets how long after its last listing a cached coalition
// may be returned on the strength of an unchanged generation alone (0: never;
// every Load lists). After that, the next Load lists every document's name
// and update time again, which is how an edit made by hand in the Firestore
// console, which does not move the generation, is seen.
func WithCacheTrust(d time.Duration) Option {
	return func(s *Store) { s.cache.trust = max(d, 0) }
}

// loadCache keeps, per coalition, the entity documents and flag records
// the last successful Load read, each with the update time Firestore gave
// it. Firestore changes a document's update time with every change of its
// content, whoever writes it (another process, an older version of the
// service, a person in the console), so a cached document whose name and
// update time a fresh listing still shows holds what a full read would
// return. Cached entries are never modified, only replaced whole: the
// documents in them are shared with the snapshots Load returns, which
// never change a document in place (Save clones before it marks missing,
// and advancing a snapshot replaces its map entries).
type loadCache struct {
	mu    sync.Mutex
	max   int
	trust time.Duration
	tick  uint64
	by    map[string]*cachedCoalition
}

type cachedCoalition struct {
	used uint64
	// gen is the generation the sync state held when the entities below
	// were read (or, after a save, the one the save wrote), and listedAt
	// when the last listing checked every document's update time.
	gen      string
	listedAt time.Time
	entities map[string]map[string]cached[entityDoc] // collection → document ID → document
	flags    map[string]cached[*flagRecordDoc]
	// dg is what a LoadForPlan knew of the digest (nil after a Load); when
	// lazy, entities and flags hold only the documents fetched or written.
	dg *digestState
}

type cached[T any] struct {
	v       T
	updated time.Time
}

// get returns what the cache holds for a coalition (nil: nothing).
func (lc *loadCache) get(id string) *cachedCoalition {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	return lc.by[id]
}

// put stores what a load read, forgetting the least recently loaded
// coalition when the cache is full.
func (lc *loadCache) put(id string, cc *cachedCoalition) {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	if lc.max == 0 {
		return
	}
	if lc.by == nil {
		lc.by = map[string]*cachedCoalition{}
	}
	lc.tick++
	cc.used = lc.tick
	lc.by[id] = cc
	for len(lc.by) > lc.max {
		oldest := ""
		for k, v := range lc.by {
			if oldest == "" || v.used < lc.by[oldest].used {
				oldest = k
			}
		}
		delete(lc.by, oldest)
	}
}

// drop forgets a coalition: after a failed load or save.
func (lc *loadCache) drop(id string) {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	delete(lc.by, id)
}

// afterSave replaces the coalition's entry, when it is still the one base
// was loaded with, by that entry plus what a successful save wrote, under
// the generation the save wrote last: the next Load then needs no listing.
// The documents written get no update time (the commit's is not known), so
// a later listing fetches them again. When the entry is another one (a
// later Load replaced it) the coalition is forgotten instead.
func (lc *loadCache) afterSave(id string, base *Snapshot, written [][]*unit) {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	prev := lc.by[id]
	if prev == nil || prev != base.entry || !settled(base.gen) {
		delete(lc.by, id)
		base.entry = nil
		return
	}
	next := &cachedCoalition{used: prev.used, gen: base.gen, listedAt: prev.listedAt,
		entities: make(map[string]map[string]cached[entityDoc], len(prev.entities))}
	for coll, docs := range prev.entities {
		next.entities[coll] = maps.Clone(docs)
	}
	next.flags = maps.Clone(prev.flags)
	next.dg = base.dg.clone()
	if next.flags == nil {
		next.flags = map[string]cached[*flagRecordDoc]{}
	}
	for _, batch := range written {
		for _, u := range batch {
			if u.after != nil {
				if next.entities[u.coll] == nil {
					next.entities[u.coll] = map[string]cached[entityDoc]{}
				}
				next.entities[u.coll][u.id] = cached[entityDoc]{v: u.after}
			}
			for fid, f := range u.flags {
				next.flags[fid] = cached[*flagRecordDoc]{v: f}
			}
		}
	}
	lc.by[id] = next
	base.entry = next
}

// settled reports whether a generation read from the sync state vouches for
// the entity documents: not empty (never saved with generations, or written
// by an older version of the service) and not pending (a save began and
// has not finished, or failed midway).
func settled(gen string) bool {
	return gen != "" && !strings.HasPrefix(gen, pendingPrefix)
}

// pendingPrefix marks a generation written before the first of a save's
// several commits and replaced by the save's last.
const pendingPrefix = "pending-"

// fieldGeneration is the sync state's field holding the generation.
const fieldGeneration = "generation"

// nextGeneration returns a new generation after prev: a count (for people
// reading the console) and a random part, so that two saves from the same
// base never write the same generation.
func nextGeneration(prev string) string {
	count, _, _ := strings.Cut(strings.TrimPrefix(prev, pendingPrefix), "-")
	n, _ := strconv.ParseInt(count, 10, 64) // 0 when there was none
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return strconv.FormatInt(n+1, 10) + "-" + hex.EncodeToString(b[:])
}

// refetchShare is the share of a collection's documents above which a load
// reads the whole collection again rather than fetching the changed ones
// by name.
const refetchShare = 4 // one in four

// getBatch is how many documents one fetch of changed documents names.
const getBatch = 300

// loadCollection reads a collection's documents. With prev (what the last
// load read), it lists only the documents' names and update times and
// fetches again only the documents that are new or changed; without (or
// when it held no document), it reads the whole collection. It returns every document found, with its
// update time, and how many documents Firestore read.
func loadCollection[T any](ctx context.Context, c *Coalition, coll string, prev map[string]cached[T], decode func(*firestore.DocumentSnapshot) (T, error)) (map[string]cached[T], int, error) {
	full := func(reads int) (map[string]cached[T], int, error) {
		docs, err := c.coll(coll).Documents(ctx).GetAll()
		if err != nil {
			return nil, reads, err
		}
		out := make(map[string]cached[T], len(docs))
		for _, d := range docs {
			v, err := decode(d)
			if err != nil {
				return nil, reads + len(docs), fmt.Errorf("document %s: %w", d.Ref.ID, err)
			}
			out[d.Ref.ID] = cached[T]{v, d.UpdateTime}
		}
		return out, reads + len(docs), nil
	}
	if len(prev) == 0 {
		return full(0) // nothing to reuse: a listing would only add reads
	}
	names, err := c.coll(coll).Select().Documents(ctx).GetAll()
	if err != nil {
		return nil, 0, err
	}
	reads := len(names)
	out := make(map[string]cached[T], len(names))
	var changed []*firestore.DocumentRef
	for _, d := range names {
		if p, ok := prev[d.Ref.ID]; ok && p.updated.Equal(d.UpdateTime) {
			out[d.Ref.ID] = p
			continue
		}
		changed = append(changed, d.Ref)
	}
	if len(changed)*refetchShare > len(names) {
		return full(reads)
	}
	for start := 0; start < len(changed); start += getBatch {
		refs := changed[start:min(start+getBatch, len(changed))]
		docs, err := c.s.client.GetAll(ctx, refs)
		reads += len(refs)
		if err != nil {
			return nil, reads, err
		}
		for _, d := range docs {
			if !d.Exists() {
				continue // deleted since the listing
			}
			v, err := decode(d)
			if err != nil {
				return nil, reads, fmt.Errorf("document %s: %w", d.Ref.ID, err)
			}
			out[d.Ref.ID] = cached[T]{v, d.UpdateTime}
		}
	}
	return out, reads, nil
}
