package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
)

// collGrants holds the record of the Drive permissions the service granted
// (SyncState.GrantedPermissions), in documents of their own:
// coalitions/{c}/grants/{chunk}. Kept in the sync state document they
// outgrew Firestore's 1 MiB document limit at about 5,000 members with the
// shared folder (some 9,000 records of about 114 bytes), and made every
// run's version check read them. They are read only when a run shares a
// file (LoadGrants) and written only when they changed, in a commit before
// the sync state's: a crash between the two leaves the records written and
// the sync state's sharing keys where they were, so the next run plans the
// sharing again against them and loses no grant.
const collGrants = "grants"

// A grant document holds at most grantsPerDoc records and about
// grantBytesPerDoc bytes: well under Firestore's 1 MiB document limit, and
// a rewrite of one changed chunk stays small.
const (
	grantsPerDoc     = 2000
	grantBytesPerDoc = 512 << 10
)

// fieldLegacyGrants is where sync states saved before the grants had their
// own documents keep them: read when there is no grant document, and
// removed by the first save that writes the sync state (see Apply).
const fieldLegacyGrants = "grantedPermissions"

type grantDoc struct {
	Entries []permissionDoc `firestore:"entries"`
}

// grantsState is the record of the grants as a snapshot holds it once
// loaded: the list, and the documents it is stored in (none when it was
// read from the sync state's old field).
type grantsState struct {
	list   []GrantedPermission
	chunks map[string][]permissionDoc
	legacy bool // list was read from the sync state's old field
}

func grantDocID(i int) string { return fmt.Sprintf("chunk-%04d", i) }

// grantChunks splits the records into documents, in order.
func grantChunks(gs []GrantedPermission) [][]permissionDoc {
	var out [][]permissionDoc
	var cur []permissionDoc
	size := 0
	for _, g := range gs {
		// Each field's name and value, and the map entry around them.
		n := len(g.FileID) + len(g.PermissionID) + len(g.MemberID) + len(g.Role) + 64
		if len(cur) > 0 && (len(cur) >= grantsPerDoc || size+n > grantBytesPerDoc) {
			out, cur, size = append(out, cur), nil, 0
		}
		cur = append(cur, permissionDoc(g))
		size += n
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// LoadGrants reads the record of the Drive permissions the service granted
// (one query: a read per document). A sync state saved before the records
// had documents of their own still holds them: when there is no grant
// document they are read from there (from base when given, else with one
// more read), and the next save that writes the sync state moves them out.
// When base is not nil it keeps what was read, so that a save planned
// against it writes the records given in its SyncState when they changed
// (see State.Sync), and its Sync returns them.
func (c *Coalition) LoadGrants(ctx context.Context, base *Snapshot) ([]GrantedPermission, error) {
	docs, err := c.coll(collGrants).Documents(ctx).GetAll()
	if err != nil {
		return nil, fmt.Errorf("load the record of the access given by coalition %s: %w", c.id, err)
	}
	c.s.stats.reads.Add(int64(max(1, len(docs))))
	sort.Slice(docs, func(i, j int) bool { return docs[i].Ref.ID < docs[j].Ref.ID })
	gs := &grantsState{chunks: map[string][]permissionDoc{}}
	for _, d := range docs {
		var g grantDoc
		if err := d.DataTo(&g); err != nil {
			return nil, fmt.Errorf("read grant record %s of coalition %s: %w", d.Ref.ID, c.id, err)
		}
		gs.chunks[d.Ref.ID] = g.Entries
		for _, p := range g.Entries {
			gs.list = append(gs.list, GrantedPermission(p))
		}
	}
	if len(docs) == 0 {
		var legacy []permissionDoc
		switch {
		case base != nil:
			if base.state != nil {
				legacy = base.state.Legacy
			}
		default:
			var d stateDoc
			doc, err := c.doc(collSync, docState).Get(ctx)
			c.s.stats.reads.Add(1)
			switch {
			case isNotFound(err):
			case err != nil:
				return nil, fmt.Errorf("load the record of the access given by coalition %s: %w", c.id, err)
			default:
				if err := doc.DataTo(&d); err != nil {
					return nil, fmt.Errorf("load the record of the access given by coalition %s: %w", c.id, err)
				}
				legacy = d.Legacy
			}
		}
		for _, p := range legacy {
			gs.list = append(gs.list, GrantedPermission(p))
		}
		gs.legacy = len(legacy) > 0
	}
	if base != nil {
		base.grants = gs
	}
	return slices.Clone(gs.list), nil
}

// planGrants is the unit that stores want as the record of the grants,
// nil when base holds it already: the documents whose records changed are
// written, those no longer needed deleted.
func (c *Coalition) planGrants(base *Snapshot, want []GrantedPermission) *unit {
	if !base.grants.legacy && slices.Equal(want, base.grants.list) {
		return nil
	}
	u := &unit{coll: collGrants, id: "*", grants: &grantsState{list: slices.Clone(want), chunks: map[string][]permissionDoc{}}}
	for i, ch := range grantChunks(want) {
		id := grantDocID(i)
		u.grants.chunks[id] = ch
		if old, ok := base.grants.chunks[id]; ok && slices.Equal(old, ch) {
			continue
		}
		u.writes = append(u.writes, write{ref: c.doc(collGrants, id), data: &grantDoc{Entries: ch}})
	}
	var gone []string
	for id := range base.grants.chunks {
		if _, ok := u.grants.chunks[id]; !ok {
			gone = append(gone, id)
		}
	}
	sort.Strings(gone)
	for _, id := range gone {
		u.writes = append(u.writes, write{ref: c.doc(collGrants, id), del: true})
	}
	if len(u.writes) == 0 {
		return nil
	}
	return u
}
