package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"cloud.google.com/go/firestore"
)

// DefaultLoadCache is how many coalitions' records a Store keeps in memory
// between loads unless WithLoadCache says otherwise.
const DefaultLoadCache = 4

// WithLoadCache makes the store keep in memory the documents the last Load
// of each of up to n coalitions read (0: none), so that the next Load of
// the same coalition reads only the documents' names and update times and
// fetches again only those that changed. A large coalition (5,000 members,
// 24 meetings) takes about 10 MB.
func WithLoadCache(n int) Option {
	return func(s *Store) { s.cache.max = max(n, 0) }
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
	mu   sync.Mutex
	max  int
	tick uint64
	by   map[string]*cachedCoalition
}

type cachedCoalition struct {
	used     uint64
	entities map[string]map[string]cached[entityDoc] // collection → document ID → document
	flags    map[string]cached[*flagRecordDoc]
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

// drop forgets a coalition: after a failed load.
func (lc *loadCache) drop(id string) {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	delete(lc.by, id)
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
