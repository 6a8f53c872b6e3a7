// Package runner provides what every deployed entry point does with a
// trigger: it runs one sync at a time per coalition under the Firestore
// lease (a request that finds the lease busy only asks the holder to run
// again), answers a sync blocked until people fix the spreadsheet as
// handled, and after each scheduled reconcile keeps a Drive notification
// channel open on the spreadsheet, because Drive ends every channel within
// a day and never renews one.
package runner

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coalitionsync/coalitionsync/sync/calendar"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/sync/retry"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/triggers"
)

// WatchLeaseTTL is how long the upkeep of the Drive notification channel
// may hold the coalition's sync lease, and how long it may take: one
// Firestore read, files.watch, channels.stop and one Firestore write. It is
// shorter than a sync's hold (DefaultLeaseTTL, renewed every third of it),
// so that the two holds can be told apart in the lease document.
const WatchLeaseTTL = 15 * time.Second

// DefaultLeaseTTL is how long a run's hold of the coalition's lease lasts
// without renewal. The engine renews it every third of that while the run
// goes on, so a lease whose holder is gone (an instance killed mid-run) is
// taken over after at most 30 seconds, while a live run survives two
// renewals failing in a row. Each renewal is one Firestore transaction;
// most runs end within a few seconds and never renew.
const DefaultLeaseTTL = 30 * time.Second

// DefaultRunTimeout bounds the runs one trigger starts, renewals included:
// long enough to wait past Sheets' per-minute quota once.
const DefaultRunTimeout = 5 * time.Minute

// DefaultRerunInterval is the least time between the starts of two runs on
// one instance. A burst of notifications (a person typing, Drive sending
// one per change) is folded into one run every two seconds at most, which
// keeps a long burst well within Sheets' per-minute quota, while an edit
// still shows within a few seconds.
const DefaultRerunInterval = 2 * time.Second

// Timing shapes the runs a trigger starts; zero fields mean the defaults.
type Timing struct {
	// LeaseTTL is how long a hold of the lease lasts without renewal.
	LeaseTTL time.Duration
	// RunTimeout bounds one trigger's runs.
	RunTimeout time.Duration
	// RerunInterval is the least time between the starts of two runs on
	// one instance (DefaultRerunInterval when zero; a negative value means
	// no wait). Triggers that arrive meanwhile are answered at once and
	// folded into the next run.
	RerunInterval time.Duration
	// Now and After are the clock the rerun interval is measured with;
	// nil means time.Now and time.After. Tests pass a clock of their own.
	Now   func() time.Time
	After func(time.Duration) <-chan time.Time
}

func (t Timing) withDefaults() Timing {
	if t.LeaseTTL <= 0 {
		t.LeaseTTL = DefaultLeaseTTL
	}
	if t.RunTimeout <= 0 {
		t.RunTimeout = DefaultRunTimeout
	}
	switch {
	case t.RerunInterval == 0:
		t.RerunInterval = DefaultRerunInterval
	case t.RerunInterval < 0:
		t.RerunInterval = 0
	}
	if t.Now == nil {
		t.Now = time.Now
	}
	if t.After == nil {
		t.After = time.After
	}
	return t
}

// Watch keeps a Drive notification channel open on the spreadsheet,
// pointing at this service's /notify/drive. It runs after each scheduled
// reconcile, under its own short hold of the coalition's lease, so that it
// never writes the sync state while a sync does.
type Watch struct {
	Drive *drive.Client
	// State is the coalition's record: the lease and the sync state.
	State engine.Store
	// FileID is the spreadsheet watched.
	FileID string
	// Address is where Drive sends notifications (WATCH_ADDRESS), and
	// Token the secret they carry (CHANNEL_TOKEN).
	Address string
	Token   string
	// Calendar, when set, gets a notification channel on the coalition
	// calendar (CalendarID) too, sending to CalendarAddress (this
	// service's /notify/calendar) with the same token: a guest's answer
	// then reaches the service within moments.
	Calendar        CalendarWatcher
	CalendarID      string
	CalendarAddress string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// After waits between the release's retries; nil means time.After.
	After func(time.Duration) <-chan time.Time
	Log   *slog.Logger
}

// CalendarWatcher opens and closes Calendar notification channels.
// *calendar.Client is one.
type CalendarWatcher interface {
	Watch(ctx context.Context, id, address, token string, ttl time.Duration) (calendar.Channel, error)
	Stop(ctx context.Context, ch calendar.Channel) error
}

// Keep checks the channel and renews it when it is close to its end. It
// never fails the reconcile: every problem is logged in plain words and the
// next reconcile tries again. again is true when a sync was asked for while
// it held the lease (a notification came): the lease is then free again,
// and the caller must run that sync.
//
// owner is the upkeep's own name on the lease (see runOwners).
func (k *Watch) Keep(ctx context.Context, owner string) (again bool) {
	ctx, cancel := context.WithTimeout(ctx, WatchLeaseTTL)
	defer cancel()
	// TryHold, not TryAcquire: the upkeep is not a sync, so a sync owed by
	// a run that ended unfinished stays owed, and Release says so below.
	ok, err := k.State.TryHold(ctx, owner, WatchLeaseTTL)
	if err != nil {
		k.Log.WarnContext(ctx, "runner: could not check the Drive notifications; the next reconcile tries again", "error", err.Error())
		return false
	}
	if !ok {
		// A sync started since the reconcile's; TryAcquire has asked it
		// to run once more (a cheap run when nothing changed).
		k.Log.InfoContext(ctx, "runner: a sync is running; the Drive notifications are checked at the next reconcile")
		return false
	}
	if err := k.renew(ctx); err != nil {
		k.Log.WarnContext(ctx, "runner: could not keep Drive's change notifications on; the schedule keeps the spreadsheet in sync, and the next reconcile tries again", "error", err.Error())
	}
	// The lease is released even if the upkeep ran out of time, with
	// retries.
	again, err = engine.ReleaseLease(ctx, k.State, owner, false, k.After, k.Log)
	if err == nil && again {
		// Release kept the lease for the upkeep to run the sync asked
		// for; leave it pending, and the caller runs that sync as a run
		// of its own. Should that run not start, the next trigger does.
		_, err = engine.ReleaseLease(ctx, k.State, owner, true, k.After, k.Log)
	}
	if err != nil {
		k.Log.WarnContext(ctx, "runner: could not release the sync lease after checking the Drive notifications; it frees itself shortly", "error", err.Error())
	}
	return again
}

// renew reads the sync state, lets KeepWatching open or keep the Drive
// channel, keeps the Calendar channel (when the watch has one), and saves
// the channels when they changed: at most one read and one write.
func (k *Watch) renew(ctx context.Context) error {
	st, err := k.State.LoadSyncState(ctx)
	if err != nil {
		return fmt.Errorf("read the notification channels: %w", err)
	}
	channels, res, err := k.Drive.KeepWatching(ctx, k.FileID, k.Address, k.Token, toDrive(st.Channels), k.now())
	if err != nil {
		return err
	}
	dirty := false
	if res.Kept != nil {
		k.Log.DebugContext(ctx, "runner: Drive notifications are on", "channel", res.Kept.ID, "expires", res.Kept.Expiration)
	} else {
		st.Channels = fromDrive(channels)
		dirty = true
		k.Log.InfoContext(ctx, "runner: Drive notifications renewed", "channel", res.Opened.ID,
			"expires", res.Opened.Expiration, "stopped", res.Stopped, "expired", res.Expired)
		if res.StopErr != nil {
			k.Log.WarnContext(ctx, "runner: an old Drive notification channel could not be stopped; it ends by itself within a day, and the next renewal tries again",
				"channels", len(res.NotStopped), "error", res.StopErr.Error())
		}
	}
	if k.Calendar != nil && k.CalendarAddress != "" {
		changed, err := k.keepCalendar(ctx, &st)
		if err != nil {
			// Calendar may refuse a receiving address on a domain nobody
			// verified (docs/deploy.md): the schedule reads the answers.
			k.Log.WarnContext(ctx, "runner: could not keep Calendar's notifications on; the scheduled check reads the answers to the invitations, and the next one tries again", "error", err.Error())
		}
		dirty = dirty || changed
	}
	if !dirty {
		return nil
	}
	if err := k.State.SaveSyncState(ctx, st); err != nil {
		// The new channels work until they expire, but are not on record:
		// the next reconcile opens others.
		return fmt.Errorf("record the new notification channels: %w", err)
	}
	return nil
}

// CalendarRenewBefore is how long before its end the Calendar channel is
// replaced: more than a day, so that a daily reconcile that fails once
// still renews it in time.
const CalendarRenewBefore = 36 * time.Hour

// CalendarChannelTTL is how long the service asks a Calendar channel to
// last. Calendar may end it sooner; the answer's expiration is recorded.
const CalendarChannelTTL = 7 * 24 * time.Hour

// calendarChannelKey marks the Calendar channel among the recorded
// channels (which are otherwise Drive's, one per file).
func (k *Watch) calendarChannelKey() string { return "calendar:" + k.CalendarID }

// keepCalendar opens a Calendar channel when there is none or the one on
// record ends within CalendarRenewBefore, then stops the old one. It
// reports whether st.Channels changed.
func (k *Watch) keepCalendar(ctx context.Context, st *store.SyncState) (bool, error) {
	key := k.calendarChannelKey()
	now := k.now()
	var old []store.WatchChannel
	var keep []store.WatchChannel
	for _, ch := range st.Channels {
		switch {
		case ch.FileID != key:
			keep = append(keep, ch)
		case ch.Expiration.Sub(now) > CalendarRenewBefore:
			k.Log.DebugContext(ctx, "runner: Calendar notifications are on", "channel", ch.ID, "expires", ch.Expiration)
			return false, nil
		default:
			old = append(old, ch)
		}
	}
	id, err := drive.NewChannelID()
	if err != nil {
		return false, err
	}
	ch, err := k.Calendar.Watch(ctx, id, k.CalendarAddress, k.Token, CalendarChannelTTL)
	if err != nil {
		return false, fmt.Errorf("ask Calendar for notifications: %w", err)
	}
	keep = append(keep, store.WatchChannel{ID: ch.ID, ResourceID: ch.ResourceID, FileID: key, Expiration: ch.Expiration})
	var stopErr error
	for _, o := range old {
		if o.Expiration.Before(now) {
			continue
		}
		if err := k.Calendar.Stop(ctx, calendar.Channel{ID: o.ID, ResourceID: o.ResourceID, Expiration: o.Expiration}); err != nil {
			// It ends by itself; until then its notifications are
			// answered like the new channel's (same token).
			keep = append(keep, o)
			stopErr = fmt.Errorf("stop the old Calendar channel: %w", err)
		}
	}
	st.Channels = keep
	k.Log.InfoContext(ctx, "runner: Calendar notifications renewed", "channel", ch.ID, "expires", ch.Expiration)
	return true, stopErr
}

func (k *Watch) now() time.Time {
	if k.Now != nil {
		return k.Now()
	}
	return time.Now()
}

// toDrive and fromDrive convert the records of the channels between the
// store's type and the Drive adapter's, which know nothing of each other.
func toDrive(cs []store.WatchChannel) []drive.Channel {
	out := make([]drive.Channel, len(cs))
	for i, c := range cs {
		out[i] = drive.Channel(c)
	}
	return out
}

func fromDrive(cs []drive.Channel) []store.WatchChannel {
	if len(cs) == 0 {
		return nil
	}
	out := make([]store.WatchChannel, len(cs))
	for i, c := range cs {
		out[i] = store.WatchChannel(c)
	}
	return out
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

// New returns the function the trigger endpoints call: it starts one sync
// under the coalition's lease, each run holding it under its own name
// (instance and a number), renewed while it runs, and all of a trigger's
// runs bounded by timing's RunTimeout. After a scheduled reconcile that ran
// (its sync done, or blocked until people fix the spreadsheet) it keeps the
// Drive notifications on, when watch is not nil.
//
// A run that reached a quota and left the sync to the next trigger (the
// lease is left pending) returns an error wrapping triggers.ErrRetryLater.
func New(e *engine.Engine, watch *Watch, instance string, timing Timing, log *slog.Logger) triggers.Run {
	timing = timing.withDefaults()
	owners := &runOwners{instance: instance}
	c := &coalescer{interval: timing.RerunInterval, now: timing.Now, after: timing.After}
	run := func(ctx context.Context, trigger string) (*engine.Result, error) {
		ctx, cancel := context.WithTimeout(ctx, timing.RunTimeout)
		defer cancel()
		// The edit hook reads the sheet whatever Drive's version says: it
		// lags the edit that fired the hook.
		// Reruns that other instances ask for (the lease's dirty flag) keep
		// the same pace as this instance's own (see coalescer).
		// The schedule and Calendar's notifications also read the guests'
		// answers (declines count as notice); edits never do.
		opts := engine.RunOptions{Trigger: trigger, IgnoreVersion: trigger == "edit", BeforeAgain: c.pace,
			ReadCalendar: trigger == "schedule" || trigger == "calendar"}
		if !opts.IgnoreVersion {
			// Nothing new: answered without taking the lease, so a no-op
			// writes nothing to Firestore. A trigger that finds the
			// version moved goes on to the lease as before.
			v, same, err := e.Unchanged(ctx, opts.ReadCalendar)
			if err == nil && same {
				log.InfoContext(ctx, "runner: spreadsheet unchanged", "version", v, "trigger", trigger)
				return &engine.Result{Outcome: engine.OutcomeUnchanged, Version: v}, nil
			}
			if err == nil {
				opts.SeenVersion = v
			}
		}
		res, err := e.RunLeased(ctx, owners.next(), timing.LeaseTTL, opts)
		switch {
		case errors.Is(err, engine.ErrBlocked):
			// The Sync issues tab tells people what to fix; retrying the
			// request cannot help, so the caller is told it was handled.
			log.WarnContext(ctx, "runner: sync blocked until the spreadsheet is fixed", "trigger", trigger, "error", err.Error())
			return res, nil
		case errors.Is(err, retry.ErrDeferred):
			return res, fmt.Errorf("%w: %w", triggers.ErrRetryLater, err)
		}
		return res, err
	}
	once := func(ctx context.Context, trigger string) error {
		res, err := run(ctx, trigger)
		if err != nil || trigger != "schedule" || watch == nil {
			return err
		}
		if res != nil && res.Outcome == engine.OutcomeBusy {
			// Another sync holds the lease; the next reconcile checks.
			return nil
		}
		if watch.Keep(ctx, owners.next()) {
			// A notification asked for a sync while the upkeep held the
			// lease: run it now.
			_, err = run(ctx, "again")
		}
		return err
	}
	return func(ctx context.Context, trigger string) error {
		return c.do(ctx, trigger, once)
	}
}

// coalescer lets one run go on per instance at a time, the starts of two
// runs at least interval apart. A trigger that arrives meanwhile costs
// nothing else: it asks the run in flight (or waiting for its turn) to run
// once more when it ends and is answered at once, so that a burst of
// notifications never queues on the coalition's lease (ten at once used
// to answer 500 with "Transaction lock timeout") and never spends more
// than one run's Sheets calls per interval. Across instances the lease and
// its "run again" flag do the same.
type coalescer struct {
	interval time.Duration
	now      func() time.Time
	after    func(time.Duration) <-chan time.Time

	mu      sync.Mutex
	running bool
	again   bool
	edit    bool // a coalesced trigger was the edit hook: read whatever Drive's version says
	cal     bool // a coalesced trigger was Calendar's: read the guests' answers
	reconc  bool // a coalesced trigger was the schedule: keep the Drive channel too
	// last is when the latest run started; only the goroutine that set
	// running uses it.
	last time.Time
}

// pace waits until interval has passed since the latest run started, then
// records that a run starts now.
func (c *coalescer) pace() {
	if !c.last.IsZero() {
		if wait := c.interval - c.now().Sub(c.last); wait > 0 {
			<-c.after(wait)
		}
	}
	c.last = c.now()
}

// do runs fn for trigger, or leaves it to the run in flight.
func (c *coalescer) do(ctx context.Context, trigger string, fn func(context.Context, string) error) error {
	c.mu.Lock()
	c.fold(trigger)
	if c.running {
		c.mu.Unlock()
		return nil
	}
	c.running = true
	c.mu.Unlock()
	var err error
	for first := true; ; first = false {
		c.mu.Lock()
		if !c.again {
			c.running = false
			c.mu.Unlock()
			return err
		}
		c.mu.Unlock()
		// Triggers that arrive while the run waits for its turn are
		// folded into it.
		c.pace()
		c.mu.Lock()
		next := "again"
		switch {
		case c.reconc:
			next = "schedule"
		case c.edit:
			// An edit wins over Calendar's notification: the answers
			// wait for the next one, or the next reconcile.
			next = "edit"
		case c.cal:
			next = "calendar"
		case first:
			next = trigger
		}
		c.again, c.edit, c.reconc, c.cal = false, false, false, false
		c.mu.Unlock()
		runCtx := ctx
		if !first {
			// Run on behalf of requests already answered: not bound to
			// this request's end (each run has its own timeout).
			runCtx = context.WithoutCancel(ctx)
		}
		if runErr := fn(runCtx, next); err == nil {
			err = runErr
		}
	}
}

// fold records that trigger asks for a run. The caller holds mu.
func (c *coalescer) fold(trigger string) {
	c.again = true
	c.edit = c.edit || trigger == "edit"
	c.reconc = c.reconc || trigger == "schedule"
	c.cal = c.cal || trigger == "calendar"
}
