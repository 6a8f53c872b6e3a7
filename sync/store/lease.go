package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cloud.google.com/go/firestore"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// ErrLeaseLost is returned by Release, ReleasePending and Renew when the
// caller no longer holds the lease: it expired and another owner took it
// over.
var ErrLeaseLost = errors.New("the sync lease is held by someone else")

type leaseDoc struct {
	Owner      string    `firestore:"owner"`
	Expires    time.Time `firestore:"expires"`
	Dirty      bool      `firestore:"dirty"`
	TTLMillis  int64     `firestore:"ttlMillis"`
	AcquiredAt time.Time `firestore:"acquiredAt"`
}

// Lease contract: one sync at a time per coalition, bursts coalesced, and
// no request for a sync ever forgotten.
//
// The lease document holds an owner, an expiry and a dirty flag. Dirty
// means "a sync was asked for that no run has yet started to answer". Its
// states ("now" is the store's clock):
//
//	free             no document
//	held             owner O, now < expires, clean: O is running a sync
//	held, dirty      as held, and a request came during O's run: O runs once more
//	expired          now >= expires, clean: O died or was cut off; nothing owed
//	pending          now >= expires, dirty: a sync is owed and nobody runs it
//	                 (O died with the flag set, or its run ended unfinished
//	                 and it called ReleasePending)
//
// Transitions (X is the caller):
//
//	TryAcquire(X)    free, expired, pending -> held by X; true. From pending
//	                 the flag is cleared: X promises to run a sync now, which
//	                 reads the spreadsheet after every request that set it.
//	                 Held or held-dirty by X itself -> unchanged, renewed; true.
//	                 Held by O -> held-dirty by O; false (O runs again).
//	TryHold(X)       as TryAcquire, for work that is not a sync (the upkeep of
//	                 Drive's notifications): from pending -> held-dirty by X,
//	                 so that X's Release answers again=true and X runs the
//	                 owed sync. The flag's meaning survives the takeover.
//	Release(O)       held -> free; again=false.
//	                 held-dirty -> held (renewed by its ttl); again=true: O
//	                 runs once more, then calls Release again.
//	ReleasePending(O) held, held-dirty, or still O's pending -> pending:
//	                 O's run ended without finishing (its caller gave up, a
//	                 quota was reached, a call failed). The next TryAcquire
//	                 runs the sync at once; the next TryHold makes its holder
//	                 run it. Calling it twice is harmless.
//	Renew(O, ttl)    expiry moved to now+ttl while O is still the owner (also
//	                 just after expiry, if nobody took over).
//
// A holder whose lease was taken over gets ErrLeaseLost from Release,
// ReleasePending and Renew, and must not write further. Each of these is
// one Firestore transaction; TryAcquire and TryHold are not (see take): a
// read, then one conditional write, so that a burst of triggers finding the
// lease busy is answered at once instead of queuing on its lock.
//
// A release whose answer is lost may or may not have been done: a caller
// that retries it should retry with ReleasePending, which cannot forget a
// pending request (Release retried after a committed held-dirty -> held
// would free the lease and drop the repeat; ReleasePending keeps it owed).

// TryAcquire tries to take the coalition's sync lease for owner for ttl, to
// run a sync right away; see the lease contract above.
func (c *Coalition) TryAcquire(ctx context.Context, owner string, ttl time.Duration) (acquired bool, err error) {
	return c.take(ctx, owner, ttl, false)
}

// TryHold tries to take the coalition's sync lease for owner for ttl, for
// work other than a sync: a sync that was owed stays owed, and Release
// answers again=true for it. See the lease contract above.
func (c *Coalition) TryHold(ctx context.Context, owner string, ttl time.Duration) (acquired bool, err error) {
	return c.take(ctx, owner, ttl, true)
}

func (c *Coalition) take(ctx context.Context, owner string, ttl time.Duration, keepOwed bool) (acquired bool, err error) {
	if owner == "" || ttl <= 0 {
		return false, fmt.Errorf("acquire sync lease of coalition %s: owner and a positive ttl are required", c.id)
	}
	ref := c.doc(collSync, docLease)
	// No transaction: a burst of triggers would queue on the document's
	// lock (the emulator answers "Transaction lock timeout" after long
	// waits). Each attempt is a plain read, then one conditional write that
	// fails when someone else wrote first; the loser reads again and, the
	// lease now busy, sets the dirty flag with one blind update. A busy
	// lease whose flag is already set costs the read alone.
	for attempt := 1; ; attempt++ {
		done, acquired, err := c.tryTake(ctx, ref, owner, ttl, keepOwed)
		if err != nil {
			return false, fmt.Errorf("acquire sync lease of coalition %s: %w", c.id, err)
		}
		if done {
			return acquired, nil
		}
		if attempt >= takeAttempts {
			return false, fmt.Errorf("acquire sync lease of coalition %s: the lease changed under each of %d attempts", c.id, attempt)
		}
	}
}

// takeAttempts bounds take's read-and-write rounds. A round is lost only
// when another caller wrote the lease between its read and its write, and
// the next round then finds the lease busy: two rounds suffice unless the
// lease changes hands again meanwhile.
const takeAttempts = 4

// tryTake is one round of take: done is false when another caller changed
// the lease between the read and the write, and the round must be tried
// again.
func (c *Coalition) tryTake(ctx context.Context, ref *firestore.DocumentRef, owner string, ttl time.Duration, keepOwed bool) (done, acquired bool, err error) {
	snap, err := ref.Get(ctx)
	c.s.stats.reads.Add(1)
	exists := err == nil
	if err != nil && !isNotFound(err) {
		return false, false, err
	}
	var l leaseDoc
	if exists {
		if err := snap.DataTo(&l); err != nil {
			return false, false, err
		}
	}
	now := c.s.clock()
	expired := exists && !now.Before(l.Expires)
	next := leaseDoc{Owner: owner, Expires: now.Add(ttl), TTLMillis: ttl.Milliseconds(), AcquiredAt: now}
	var write error
	switch {
	case !exists:
		// Create fails with AlreadyExists when another caller took the
		// lease first.
		_, write = ref.Create(ctx, next)
	case expired || l.Owner == owner:
		switch {
		case !expired:
			// Re-acquiring our own lease keeps its state.
			next.Dirty, next.AcquiredAt = l.Dirty, l.AcquiredAt
		case keepOwed:
			next.Dirty = l.Dirty
		}
		// Only if nobody wrote the lease since it was read: the update
		// fails with FailedPrecondition otherwise.
		_, write = ref.Update(ctx, []firestore.Update{
			{Path: "owner", Value: next.Owner},
			{Path: "expires", Value: next.Expires},
			{Path: "dirty", Value: next.Dirty},
			{Path: "ttlMillis", Value: next.TTLMillis},
			{Path: "acquiredAt", Value: next.AcquiredAt},
		}, firestore.LastUpdateTime(snap.UpdateTime))
	case l.Dirty:
		// Busy, and its holder already runs once more.
		return true, false, nil
	default:
		// Busy: ask the holder to run once more. The update needs no
		// condition: if the lease changed hands meanwhile, its new holder
		// runs once more than needed, which is harmless; if it was freed,
		// the update fails with NotFound and the next round takes it.
		_, err := ref.Update(ctx, []firestore.Update{{Path: "dirty", Value: true}})
		switch {
		case err == nil:
			c.countWrite()
			return true, false, nil
		case isNotFound(err):
			return false, false, nil
		}
		return false, false, err
	}
	// A lost race: the document was created (AlreadyExists), or written
	// or deleted since the read (the update-time precondition fails). The
	// API's google.firestore.v1.Precondition says that with update_time
	// "the target document must exist and have been last updated at that
	// time" (https://cloud.google.com/php/docs/reference/cloud-firestore/1.37.6/V1.Precondition),
	// but not with which code a write fails otherwise: AlreadyExists and
	// FailedPrecondition are what the emulator answers here (not confirmed
	// against Firestore's documentation), and NotFound is taken as a lost
	// race too, should a deleted document be answered so.
	switch code := status.Code(write); {
	case write == nil:
		c.countWrite()
		return true, true, nil
	case code == codes.AlreadyExists || code == codes.FailedPrecondition || code == codes.NotFound:
		return false, false, nil
	}
	return false, false, write
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

// ReleasePending ends owner's run unfinished and leaves the lease pending:
// expired at once, with its dirty flag set, so that the next TryAcquire
// runs the sync and the next TryHold makes its holder run it. See the
// lease contract above TryAcquire.
func (c *Coalition) ReleasePending(ctx context.Context, owner string) error {
	ref := c.doc(collSync, docLease)
	err := c.s.client.RunTransaction(ctx, func(ctx context.Context, tx *firestore.Transaction) error {
		l, exists, err := getLease(tx, ref)
		if err != nil {
			return err
		}
		if !exists || l.Owner != owner {
			return ErrLeaseLost
		}
		now := c.s.clock()
		expires := l.Expires
		if now.Before(expires) {
			expires = now
		}
		return tx.Update(ref, []firestore.Update{
			{Path: "dirty", Value: true},
			{Path: "expires", Value: expires},
		})
	})
	if err != nil {
		return fmt.Errorf("leave the sync of coalition %s for the next trigger: %w", c.id, err)
	}
	c.countTx(1)
	return nil
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
	// Held is true when the lease document exists, expired or not.
	Held    bool
	Owner   string
	Expires time.Time
	Dirty   bool
	// Pending is true when the lease has expired with its dirty flag set:
	// a sync is owed and nobody runs it (see the lease contract).
	Pending bool
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
	pending := l.Dirty && !c.s.clock().Before(l.Expires)
	return LeaseInfo{Held: true, Owner: l.Owner, Expires: l.Expires, Dirty: l.Dirty, Pending: pending}, nil
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

// countWrite counts one write committed on its own.
func (c *Coalition) countWrite() {
	c.s.stats.writes.Add(1)
	c.s.stats.commits.Add(1)
}

func (c *Coalition) countTx(writes int) {
	c.s.stats.reads.Add(1)
	if writes > 0 {
		c.s.stats.writes.Add(int64(writes))
		c.s.stats.commits.Add(1)
	}
}
