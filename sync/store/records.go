package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"cloud.google.com/go/firestore"
)

// AllocateMemberIDs reserves n new Member IDs ("M-0001", "M-0002", ...) in one
// transaction on the coalition's counter. Numbers only grow, so an ID is never
// given twice, even after its member went missing; a number whose member
// document already exists (an ID typed by hand) is skipped.
func (c *Coalition) AllocateMemberIDs(ctx context.Context, n int) ([]string, error) {
	return c.AllocateMemberIDsFrom(ctx, n, 1)
}

// AllocateMemberIDsFrom is AllocateMemberIDs with numbers no lower than
// first: a sync passes one more than the highest Member ID on the sheet, so
// an ID typed there that the store has not seen yet is never given again.
func (c *Coalition) AllocateMemberIDsFrom(ctx context.Context, n, first int) ([]string, error) {
	ids, err := c.allocate(ctx, n, first)
	if err != nil {
		return nil, fmt.Errorf("allocate %d Member IDs for coalition %s: %w", n, c.id, err)
	}
	return ids, nil
}

// allocate reserves n Member IDs numbered from floor or the stored counter,
// whichever is higher, skipping numbers whose member document exists.
func (c *Coalition) allocate(ctx context.Context, n, floor int) ([]string, error) {
	if n <= 0 {
		return nil, nil
	}
	ref := c.doc(collSync, docCounters)
	var ids []string
	reads := 0
	err := c.s.client.RunTransaction(ctx, func(ctx context.Context, tx *firestore.Transaction) error {
		ids, reads = ids[:0], 1
		next := max(floor, 1)
		snap, err := tx.Get(ref)
		switch {
		case err == nil:
			var cd countersDoc
			if err := snap.DataTo(&cd); err != nil {
				return err
			}
			next = max(cd.NextMember, next)
		case !isNotFound(err):
			return err
		}
		for len(ids) < n {
			want := n - len(ids)
			refs := make([]*firestore.DocumentRef, want)
			cands := make([]string, want)
			for i := range refs {
				cands[i] = fmt.Sprintf("M-%04d", next+i)
				refs[i] = c.doc(collMembers, cands[i])
			}
			next += want
			docs, err := tx.GetAll(refs)
			if err != nil {
				return err
			}
			reads += len(docs)
			for i, d := range docs {
				if !d.Exists() {
					ids = append(ids, cands[i])
				}
			}
		}
		return tx.Set(ref, map[string]any{"nextMember": next}, firestore.Merge([]string{"nextMember"}))
	})
	if err != nil {
		return nil, err
	}
	c.s.stats.reads.Add(int64(reads))
	c.s.stats.writes.Add(1)
	c.s.stats.commits.Add(1)
	return ids, nil
}

type runDoc struct {
	Trigger string         `firestore:"trigger"`
	Owner   string         `firestore:"owner"`
	Started time.Time      `firestore:"started"`
	Ended   time.Time      `firestore:"ended"`
	Outcome string         `firestore:"outcome"`
	Counts  map[string]int `firestore:"counts"`
	Issues  []string       `firestore:"issues"`
	Error   string         `firestore:"error"`
}

// SaveRun stores the report of a sync run and returns its ID (run.ID, or one
// made from its start time and owner). Saving the same run again overwrites it.
func (c *Coalition) SaveRun(ctx context.Context, run SyncRun) (string, error) {
	id := run.ID
	if id == "" {
		id = run.Started.UTC().Format("20060102T150405.000000Z") + "-" + shortHash(run.Owner, run.Trigger)
	}
	if err := ValidateID(id); err != nil {
		return "", fmt.Errorf("save sync run: %w", err)
	}
	d := runDoc{Trigger: run.Trigger, Owner: run.Owner, Started: run.Started.UTC().Truncate(time.Microsecond),
		Ended: run.Ended.UTC().Truncate(time.Microsecond), Outcome: run.Outcome, Counts: run.Counts,
		Issues: run.Issues, Error: run.Error}
	if _, err := c.doc(collRuns, id).Set(ctx, d); err != nil {
		return "", fmt.Errorf("save sync run %s of coalition %s: %w", id, c.id, err)
	}
	c.s.stats.writes.Add(1)
	c.s.stats.commits.Add(1)
	return id, nil
}

// Runs returns the latest limit run reports, newest first.
func (c *Coalition) Runs(ctx context.Context, limit int) ([]SyncRun, error) {
	docs, err := c.coll(collRuns).OrderBy("started", firestore.Desc).Limit(limit).Documents(ctx).GetAll()
	if err != nil {
		return nil, fmt.Errorf("list sync runs of coalition %s: %w", c.id, err)
	}
	c.s.stats.reads.Add(int64(len(docs)))
	out := make([]SyncRun, 0, len(docs))
	for _, d := range docs {
		var r runDoc
		if err := d.DataTo(&r); err != nil {
			return nil, fmt.Errorf("read sync run %s of coalition %s: %w", d.Ref.ID, c.id, err)
		}
		out = append(out, SyncRun{ID: d.Ref.ID, Trigger: r.Trigger, Owner: r.Owner, Started: r.Started,
			Ended: r.Ended, Outcome: r.Outcome, Counts: r.Counts, Issues: r.Issues, Error: r.Error})
	}
	return out, nil
}

// History returns the audit entries of one entity, oldest first. kind is the
// collection: "members", "meetings" or "votes".
func (c *Coalition) History(ctx context.Context, kind, entityID string) ([]AuditEntry, error) {
	docs, err := c.coll(collAudit).Where("kind", "==", kind).Where("entityId", "==", entityID).Documents(ctx).GetAll()
	if err != nil {
		return nil, fmt.Errorf("read history of %s %s in coalition %s: %w", kind, entityID, c.id, err)
	}
	c.s.stats.reads.Add(int64(len(docs)))
	out := make([]AuditEntry, 0, len(docs))
	for _, d := range docs {
		var a auditDoc
		if err := d.DataTo(&a); err != nil {
			return nil, fmt.Errorf("read audit entry %s of coalition %s: %w", d.Ref.ID, c.id, err)
		}
		out = append(out, a.entry(d.Ref.ID))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// The entity kinds History accepts (AuditEntry.Kind).
const (
	EntityMembers  = collMembers
	EntityMeetings = collMeetings
	EntityVotes    = collVotes
)
