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
