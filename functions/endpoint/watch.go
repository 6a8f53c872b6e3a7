package endpoint

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/triggers"
)

// WatchLeaseTTL is how long the upkeep of the Drive notification channel
// may hold the coalition's sync lease, and how long it may take: one
// Firestore read, files.watch, channels.stop and one Firestore write.
const WatchLeaseTTL = 30 * time.Second

// releaseTimeout bounds the release of the lease after the upkeep, which
// runs even when the upkeep used up its time.
const releaseTimeout = 10 * time.Second

// watchKeeper keeps a Drive notification channel open on the spreadsheet,
// pointing at this service's /notify/drive. It runs after each scheduled
// reconcile, under its own short hold of the coalition's lease, so that it
// never writes the sync state while a sync does.
type watchKeeper struct {
	drive   *drive.Client
	state   engine.Store // the coalition's record: lease and sync state
	fileID  string
	address string
	token   string
	now     func() time.Time
	log     *slog.Logger
}

// keep checks the channel and renews it when it is close to its end. It
// never fails the reconcile: every problem is logged in plain words and the
// next reconcile tries again. again is true when a sync was asked for while
// it held the lease (a notification came): the lease is then free again,
// and the caller must run that sync.
//
// owner is the upkeep's own name on the lease (see runOwners).
func (k *watchKeeper) keep(ctx context.Context, owner string) (again bool) {
	ctx, cancel := context.WithTimeout(ctx, WatchLeaseTTL)
	defer cancel()
	ok, err := k.state.TryAcquire(ctx, owner, WatchLeaseTTL)
	if err != nil {
		k.log.WarnContext(ctx, "endpoint: could not check the Drive notifications; the next reconcile tries again", "error", err.Error())
		return false
	}
	if !ok {
		// A sync started since the reconcile's; TryAcquire has asked it
		// to run once more (a cheap run when nothing changed).
		k.log.InfoContext(ctx, "endpoint: a sync is running; the Drive notifications are checked at the next reconcile")
		return false
	}
	if err := k.renew(ctx); err != nil {
		k.log.WarnContext(ctx, "endpoint: could not keep Drive's change notifications on; the schedule keeps the spreadsheet in sync, and the next reconcile tries again", "error", err.Error())
	}
	// The lease is released even if the upkeep ran out of time.
	rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), releaseTimeout)
	defer rcancel()
	again, err = k.state.Release(rctx, owner)
	if err == nil && again {
		// Release kept the lease for the upkeep to run the sync asked
		// for; free it, and the caller runs that sync as a run of its own.
		_, err = k.state.Release(rctx, owner)
	}
	if err != nil {
		k.log.WarnContext(ctx, "endpoint: could not release the sync lease after checking the Drive notifications; it frees itself shortly", "error", err.Error())
	}
	return again
}

// renew reads the sync state, lets KeepWatching open or keep the channel,
// and saves the channels when they changed: at most one read and one write.
func (k *watchKeeper) renew(ctx context.Context) error {
	st, err := k.state.LoadSyncState(ctx)
	if err != nil {
		return fmt.Errorf("read the notification channels: %w", err)
	}
	channels, res, err := k.drive.KeepWatching(ctx, k.fileID, k.address, k.token, st.Channels, k.now())
	if err != nil {
		return err
	}
	if res.Kept != nil {
		k.log.DebugContext(ctx, "endpoint: Drive notifications are on", "channel", res.Kept.ID, "expires", res.Kept.Expiration)
		return nil
	}
	st.Channels = channels
	if err := k.state.SaveSyncState(ctx, st); err != nil {
		// The new channel works until it expires, but is not on record:
		// the next reconcile opens another one.
		return fmt.Errorf("record the new notification channel %s: %w", res.Opened.ID, err)
	}
	k.log.InfoContext(ctx, "endpoint: Drive notifications renewed", "channel", res.Opened.ID,
		"expires", res.Opened.Expiration, "stopped", res.Stopped, "expired", res.Expired)
	if res.StopErr != nil {
		k.log.WarnContext(ctx, "endpoint: an old Drive notification channel could not be stopped; it ends by itself within a day, and the next renewal tries again",
			"channels", len(res.NotStopped), "error", res.StopErr.Error())
	}
	return nil
}

// runOwners names each run on the coalition's lease: the instance's name
// and a number. The lease lets a holder take again what it already holds,
// so two requests served at once by one instance must not share a name, or
// both would sync at the same time and the first to finish would free the
// lease under the other.
type runOwners struct {
	instance string
	n        atomic.Int64
}

func (o *runOwners) next() string {
	return fmt.Sprintf("%s#%d", o.instance, o.n.Add(1))
}

// runner starts one sync under the coalition's lease for a trigger. After
// a scheduled reconcile that ran (its sync done, or blocked until people
// fix the spreadsheet) it keeps the Drive notifications on, when watch is
// not nil.
func runner(e *engine.Engine, watch *watchKeeper, instance string, ttl time.Duration, log *slog.Logger) triggers.Run {
	owners := &runOwners{instance: instance}
	run := func(ctx context.Context, trigger string) (*engine.Result, error) {
		ctx, cancel := context.WithTimeout(ctx, ttl)
		defer cancel()
		res, err := e.RunLeased(ctx, owners.next(), ttl, engine.RunOptions{Trigger: trigger})
		if errors.Is(err, engine.ErrBlocked) {
			// The Sync issues tab tells people what to fix; retrying the
			// request cannot help, so the caller is told it was handled.
			log.WarnContext(ctx, "endpoint: sync blocked until the spreadsheet is fixed", "trigger", trigger, "error", err.Error())
			return res, nil
		}
		return res, err
	}
	return func(ctx context.Context, trigger string) error {
		res, err := run(ctx, trigger)
		if err != nil || trigger != "schedule" || watch == nil {
			return err
		}
		if res != nil && res.Outcome == engine.OutcomeBusy {
			// Another sync holds the lease; the next reconcile checks.
			return nil
		}
		if watch.keep(ctx, owners.next()) {
			// A notification asked for a sync while the upkeep held the
			// lease: run it now.
			_, err = run(ctx, "again")
		}
		return err
	}
}
