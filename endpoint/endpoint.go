// Package endpoint provides the HTTP handler that every deployed entry point
// serves, the Cloud Function (package functions) and the App Engine server
// (cmd/server) alike: the trigger endpoints of package triggers, wired to a
// sync engine and a runner (package runner) that are built from the
// environment once, on the first request.
//
// With WATCH_ADDRESS (this service's /notify/drive) set, the runner keeps a
// Drive notification channel open on the spreadsheet after each scheduled
// reconcile; without it, the service does not ask Drive for notifications.
//
// A deployment whose settings are wrong keeps running and answers every
// request with 500 and one plain log line saying what to set, rather than
// crashing and being restarted over and over.
package endpoint

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/sethvargo/go-envconfig"
	"google.golang.org/api/idtoken"

	"github.com/coalitionsync/coalitionsync/config"
	"github.com/coalitionsync/coalitionsync/logging"
	"github.com/coalitionsync/coalitionsync/runner"
	"github.com/coalitionsync/coalitionsync/service"
	"github.com/coalitionsync/coalitionsync/sync/calendar"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/store"
	"github.com/coalitionsync/coalitionsync/triggers"
)

// DefaultRunTimeout bounds the runs one request starts (runner.Timing):
// long enough to wait past Sheets' per-minute quota once.
const DefaultRunTimeout = runner.DefaultRunTimeout

// ErrSettings is wrapped by every error that comes from the settings: they
// only change with a new deployment, so they are not retried.
var ErrSettings = errors.New("the service is not set up")

// Options shape how the handler is built. The zero value reads the process
// environment, logs to standard output and uses Google's real ID token
// validator: what the deployed entry points use.
type Options struct {
	// Lookup reads the settings; nil means the process environment.
	Lookup envconfig.Lookuper
	// LogOutput receives the JSON log lines; nil means os.Stdout, where
	// Cloud Run functions and App Engine collect them.
	LogOutput io.Writer
	// Owner names this instance as the holder of the sync lease (each run
	// adds its own number); blank means the host name followed by a random
	// suffix.
	Owner string
	// Timing is how long a run's hold of the lease lasts between renewals
	// and how long a request's runs may take; zero fields mean
	// runner.DefaultLeaseTTL and DefaultRunTimeout.
	Timing runner.Timing
	// After waits for the lease's heartbeat and between the retries of its
	// release; nil means time.After. Tests pass a clock of their own.
	After func(time.Duration) <-chan time.Time
	// NewValidator returns the checker of Google-signed ID tokens; nil
	// means idtoken.NewValidator.
	NewValidator func(ctx context.Context) (triggers.TokenValidator, error)
}

// Deployment is a built handler and the clients behind it.
type Deployment struct {
	// Handler serves the trigger endpoints.
	Handler http.Handler
	// Owner is this instance's name on the sync lease.
	Owner   string
	service *service.Service
}

// Close releases the clients.
func (d *Deployment) Close() error { return d.service.Close() }

// Build reads and checks the settings, connects the clients and returns the
// trigger handler. Errors about the settings wrap ErrSettings and list every
// problem at once.
func Build(ctx context.Context, o Options) (*Deployment, error) {
	lookup := o.Lookup
	if lookup == nil {
		lookup = envconfig.OsLookuper()
	}
	cfg, err := config.LoadFrom(ctx, lookup)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSettings, err)
	}
	tc, err := config.LoadTriggers(ctx, lookup)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSettings, err)
	}
	// Every settings problem is found before anything is connected.
	var idErr error
	if cfg.CoalitionID != "" {
		if err := store.ValidateID(cfg.CoalitionID); err != nil {
			idErr = fmt.Errorf("COALITION_ID cannot be used: %w: use letters, digits and dashes", err)
		}
	}
	if err := errors.Join(
		cfg.Validate(config.NeedCoalition, config.NeedFirestore, config.NeedSpreadsheet),
		idErr,
		tc.Validate(),
	); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSettings, err)
	}

	log := service.NewLogger(cfg, logOutput(o))
	svc, err := service.New(ctx, cfg, log)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	engine, err := svc.Engine()
	if err != nil {
		svc.Close()
		return nil, fmt.Errorf("%w: %w", ErrSettings, err)
	}
	newValidator := o.NewValidator
	if newValidator == nil {
		newValidator = func(ctx context.Context) (triggers.TokenValidator, error) {
			return idtoken.NewValidator(ctx)
		}
	}
	validator, err := newValidator(ctx)
	if err != nil {
		svc.Close()
		return nil, fmt.Errorf("prepare the ID token check: %w", err)
	}

	owner := o.Owner
	if owner == "" {
		owner = instanceName()
	}
	engine.After = o.After
	var watch *runner.Watch
	if tc.WatchAddress == "" {
		log.InfoContext(ctx, "endpoint: Drive change notifications are off because WATCH_ADDRESS is not set; the edit hook and the schedule keep the spreadsheet in sync")
	} else {
		watch = &runner.Watch{
			Drive:   drive.NewClient(svc.Drive),
			State:   engine.Store,
			FileID:  cfg.SpreadsheetID,
			Address: tc.WatchAddress,
			Token:   tc.ChannelToken,
			After:   o.After,
			Log:     log,
		}
		if svc.Calendar != nil && cfg.Account.Mode().ActsAsPerson() {
			// Calendar's notifications come to /notify/calendar beside
			// /notify/drive, with the same token.
			watch.Calendar = calendar.NewClient(svc.Calendar, cfg.CalendarID)
			watch.CalendarID = cfg.CalendarID
			watch.CalendarAddress = strings.TrimSuffix(tc.WatchAddress, "/notify/drive") + "/notify/calendar"
		}
	}
	h := &triggers.Handler{
		Run:              runner.New(engine, watch, owner, o.Timing, log),
		ChannelToken:     tc.ChannelToken,
		Validator:        validator,
		EditAudience:     tc.EditAudience,
		ScheduleAudience: tc.ScheduleAudience,
		Senders:          tc.AllowedSenders,
		Log:              log,
	}
	return &Deployment{Handler: h, Owner: owner, service: svc}, nil
}

// instanceName is the host name and a random suffix: unique per instance,
// and readable in the lease document.
func instanceName() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "instance"
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return host + "-" + hex.EncodeToString(b)
}

func logOutput(o Options) io.Writer {
	if o.LogOutput != nil {
		return o.LogOutput
	}
	return os.Stdout
}

// Lazy is the handler the entry points serve: it builds the Deployment on
// its first request and reuses it. A settings error is remembered and
// answered with 500 on every request, each time with one log line saying
// what to set; any other build failure (such as a network error while
// connecting) is answered with 503 and tried again on the next request.
type Lazy struct {
	opts Options

	mu  sync.Mutex
	dep *Deployment
	err error // a settings error, once seen
}

// NewLazy returns a handler that builds with o on its first request.
func NewLazy(o Options) *Lazy { return &Lazy{opts: o} }

// ServeHTTP builds the deployment if needed, then serves the request.
func (l *Lazy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	dep, err := l.get(r.Context())
	if err != nil {
		log := logging.New(logOutput(l.opts), slog.LevelInfo)
		msg := oneLine(err.Error())
		if errors.Is(err, ErrSettings) {
			log.ErrorContext(r.Context(), "coalitionsync cannot run: "+msg)
			http.Error(w, "The service is not set up yet. Its log says which setting to fix.", http.StatusInternalServerError)
			return
		}
		log.ErrorContext(r.Context(), "coalitionsync could not start; the next request tries again: "+msg)
		http.Error(w, "The service could not start; try again in a minute.", http.StatusServiceUnavailable)
		return
	}
	dep.Handler.ServeHTTP(w, r)
}

func (l *Lazy) get(ctx context.Context) (*Deployment, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.dep != nil {
		return l.dep, nil
	}
	if l.err != nil {
		return nil, l.err
	}
	// The clients outlive this request: build them on a context that the
	// request's end does not cancel.
	dep, err := Build(context.WithoutCancel(ctx), l.opts)
	if err != nil {
		if errors.Is(err, ErrSettings) {
			l.err = err
		}
		return nil, err
	}
	l.dep = dep
	return dep, nil
}

// Close releases the clients, if they were built.
func (l *Lazy) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.dep == nil {
		return nil
	}
	err := l.dep.Close()
	l.dep = nil
	return err
}

// oneLine joins the lines of a multi-problem error with "; ", so that each
// log entry is a single plain sentence list.
func oneLine(s string) string {
	return strings.Join(strings.Split(strings.TrimSpace(s), "\n"), "; ")
}

// Store is the deployment's Firestore store, whose counters tell what the
// handlers' runs read and wrote (the local demo measures them).
func (d *Deployment) Store() *store.Store { return d.service.Store }
