package store

import (
	"context"
	"fmt"
)

// LoadSyncState reads only the coalition's sync state (one document): what
// a run needs to tell that nothing changed since the last one, without
// loading the whole record. The counters are not included.
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
// version it saw. The counters are not touched.
func (c *Coalition) SaveSyncState(ctx context.Context, st SyncState) error {
	if _, err := c.doc(collSync, docState).Set(ctx, toStateDoc(st)); err != nil {
		return fmt.Errorf("save sync state of coalition %s: %w", c.id, err)
	}
	c.s.stats.writes.Add(1)
	c.s.stats.commits.Add(1)
	return nil
}
