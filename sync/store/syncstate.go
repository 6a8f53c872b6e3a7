package store

import (
	"context"
	"fmt"
	"reflect"

	"cloud.google.com/go/firestore"
)

// LoadSyncState reads only the coalition's sync state (one document): what
// a run needs to tell that nothing changed since the last one, without
// loading the whole record. The counters are not included, nor the record
// of the grants (GrantedPermissions: see LoadGrants).
func (c *Coalition) LoadSyncState(ctx context.Context) (SyncState, error) {
	doc, err := c.doc(collSync, docState).Get(ctx)
	if isNotFound(err) {
		c.s.stats.reads.Add(1)
		return SyncState{}, nil
	}
	if err != nil {
		return SyncState{}, fmt.Errorf("load sync state of coalition %s: %w", c.id, err)
	}
	c.s.stats.reads.Add(1)
	var d stateDoc
	if err := doc.DataTo(&d); err != nil {
		return SyncState{}, fmt.Errorf("load sync state of coalition %s: %w", c.id, err)
	}
	return d.state(), nil
}

// SaveSyncState writes the sync state alone (one write): for a run that
// found the spreadsheet exactly as the last run left it and only records the
// version it saw. The counters are not touched, nor the record of the
// grants: GrantedPermissions is ignored.
func (c *Coalition) SaveSyncState(ctx context.Context, st SyncState) error {
	// Every field but the generation, which only a save of entities moves
	// (cache.go): writing the version seen must not make other processes'
	// caches list every document again.
	d := reflect.ValueOf(toStateDoc(st)).Elem()
	data := map[string]any{}
	for _, fd := range docFields(d.Type()) {
		if fd.name == fieldGeneration || fd.name == fieldLegacyGrants {
			continue // the old record of the grants: only a save moves it out
		}
		v := d.FieldByIndex(fd.index)
		if fd.omitEmpty && isEmpty(v) {
			data[fd.name] = firestore.Delete
			continue
		}
		data[fd.name] = v.Interface()
	}
	if _, err := c.doc(collSync, docState).Set(ctx, data, firestore.MergeAll); err != nil {
		return fmt.Errorf("save sync state of coalition %s: %w", c.id, err)
	}
	c.s.stats.writes.Add(1)
	c.s.stats.commits.Add(1)
	return nil
}
