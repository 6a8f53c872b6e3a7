package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cloud.google.com/go/firestore"
)

// ErrLeaseLost is returned by Release and Renew when the caller no longer
// holds the lease: it expired and another owner took it over.
var ErrLeaseLost = errors.New("the sync lease is held by someone else")

type leaseDoc struct {
	Owner      string    `firestore:"owner"`
	Expires    time.Time `firestore:"expires"`
	Dirty      bool      `firestore:"dirty"`
	TTLMillis  int64     `firestore:"ttlMillis"`
	AcquiredAt time.Time `firestore:"acquiredAt"`
}

// Lease contract (one sync at a time per coalition; bursts coalesced):
//
//   - TryAcquire(owner, ttl) takes the lease when it is free, expired, or
//     already owner's, and returns true: run the sync, then call Release.
//     When another owner holds an unexpired lease it sets the lease's dirty
//     flag and returns false: do not run; the holder will run again.
//   - Release(owner) ends a run. If dirty was set during the run, it clears
//     dirty, keeps the lease (expiry renewed by the same ttl) and returns
//     again=true: run the sync once more, then Release again. Otherwise it
//     frees the lease and returns false.
//   - A holder whose run may outlast ttl calls Renew. A lease past its expiry
//     may be taken over by anyone; the former holder then gets ErrLeaseLost
//     from Release and Renew, and must not write further.
//   - Each call is one Firestore transaction; the clock is the store's.

// TryAcquire tries to take the coalition's sync lease for owner for ttl.
func (c *Coalition) TryAcquire(ctx context.Context, owner string, ttl time.Duration) (acquired bool, err error) {
	if owner == "" || ttl <= 0 {
		return false, fmt.Errorf("acquire sync lease of coalition %s: owner and a positive ttl are required", c.id)
	}
	ref := c.doc(collSync, docLease)
	var writes int
	err = c.s.client.RunTransaction(ctx, func(ctx context.Context, tx *firestore.Transaction) error {
		acquired, writes = false, 0
		l, exists, err := getLease(tx, ref)
		if err != nil {
			return err
		}
		now := c.s.clock()
		switch {
		case !exists || !now.Before(l.Expires) || l.Owner == owner:
			next := leaseDoc{Owner: owner, Expires: now.Add(ttl), TTLMillis: ttl.Milliseconds(), AcquiredAt: now}
			if exists && l.Owner == owner && now.Before(l.Expires) {
				next.Dirty, next.AcquiredAt = l.Dirty, l.AcquiredAt // re-acquiring our own lease keeps its state
			}
			acquired, writes = true, 1
			return tx.Set(ref, next)
		case !l.Dirty:
			writes = 1
			return tx.Update(ref, []firestore.Update{{Path: "dirty", Value: true}})
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("acquire sync lease of coalition %s: %w", c.id, err)
	}
	c.countTx(writes)
	return acquired, nil
}

// Release ends owner's run; see the lease contract above TryAcquire.
func (c *Coalition) Release(ctx context.Context, owner string) (again bool, err error) {
	ref := c.doc(collSync, docLease)
	err = c.s.client.RunTransaction(ctx, func(ctx context.Context, tx *firestore.Transaction) error {
		again = false
		l, exists, err := getLease(tx, ref)
		if err != nil {
			return err
		}
		if !exists || l.Owner != owner {
			return ErrLeaseLost
		}
		if l.Dirty {
			again = true
			now := c.s.clock()
			return tx.Update(ref, []firestore.Update{
				{Path: "dirty", Value: false},
				{Path: "expires", Value: now.Add(time.Duration(l.TTLMillis) * time.Millisecond)},
			})
		}
		return tx.Delete(ref)
	})
	if err != nil {
		return false, fmt.Errorf("release sync lease of coalition %s: %w", c.id, err)
	}
	c.countTx(1)
	return again, nil
}

// Renew extends owner's lease to ttl from now.
func (c *Coalition) Renew(ctx context.Context, owner string, ttl time.Duration) error {
	ref := c.doc(collSync, docLease)
	err := c.s.client.RunTransaction(ctx, func(ctx context.Context, tx *firestore.Transaction) error {
		l, exists, err := getLease(tx, ref)
		if err != nil {
			return err
		}
		if !exists || l.Owner != owner {
			return ErrLeaseLost
		}
		return tx.Update(ref, []firestore.Update{
			{Path: "expires", Value: c.s.clock().Add(ttl)},
			{Path: "ttlMillis", Value: ttl.Milliseconds()},
		})
	})
	if err != nil {
		return fmt.Errorf("renew sync lease of coalition %s: %w", c.id, err)
	}
	c.countTx(1)
	return nil
}

// LeaseInfo is the state of a coalition's sync lease.
type LeaseInfo struct {
	Held    bool
	Owner   string
	Expires time.Time
	Dirty   bool
}

// Lease reads the coalition's sync lease.
func (c *Coalition) Lease(ctx context.Context) (LeaseInfo, error) {
	snap, err := c.doc(collSync, docLease).Get(ctx)
	if err != nil && !isNotFound(err) {
		return LeaseInfo{}, fmt.Errorf("read sync lease of coalition %s: %w", c.id, err)
	}
	c.s.stats.reads.Add(1)
	if !snap.Exists() {
		return LeaseInfo{}, nil
	}
	var l leaseDoc
	if err := snap.DataTo(&l); err != nil {
		return LeaseInfo{}, fmt.Errorf("read sync lease of coalition %s: %w", c.id, err)
	}
	return LeaseInfo{Held: true, Owner: l.Owner, Expires: l.Expires, Dirty: l.Dirty}, nil
}

func getLease(tx *firestore.Transaction, ref *firestore.DocumentRef) (leaseDoc, bool, error) {
	var l leaseDoc
	snap, err := tx.Get(ref)
	if err != nil {
		if isNotFound(err) {
			return l, false, nil
		}
		return l, false, err
	}
	if err := snap.DataTo(&l); err != nil {
		return l, false, err
	}
	return l, true, nil
}

func (c *Coalition) countTx(writes int) {
	c.s.stats.reads.Add(1)
	if writes > 0 {
		c.s.stats.writes.Add(int64(writes))
		c.s.stats.commits.Add(1)
	}
}
