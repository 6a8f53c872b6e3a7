// Package triggers provides the HTTP endpoints that start syncs: Google
// Drive push notifications, the spreadsheet's Apps Script edit hook, and
// Cloud Scheduler's reconcile. Every request is authenticated before
// anything runs: Drive by the channel token the service set when it opened
// the channel, the others by a Google-signed ID token whose audience,
// issuer and sender are checked.
package triggers

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"google.golang.org/api/idtoken"

	"github.com/coalitionsync/coalitionsync/logging"
)

// Run starts one sync (coalesced with any running one) for the given
// trigger name: "push", "calendar", "edit" or "schedule".
type Run func(ctx context.Context, trigger string) error

// TokenValidator checks a Google-signed ID token. *idtoken.Validator is one.
type TokenValidator interface {
	Validate(ctx context.Context, token, audience string) (*idtoken.Payload, error)
}

// Handler serves the trigger endpoints:
//
//	POST /notify/drive     Drive push notification (files.watch on the spreadsheet)
//	POST /notify/calendar  Calendar push notification (events.watch on the coalition calendar)
//	POST /notify/edit   Apps Script installable onEdit trigger, with an ID token
//	POST /reconcile     Cloud Scheduler, with an OIDC ID token
type Handler struct {
	Run Run
	// ChannelToken is the secret set as the token of the Drive watch
	// channels the service opens; notifications must carry it.
	ChannelToken string
	// Validator checks ID tokens.
	Validator TokenValidator
	// EditAudience is the audience of the Apps Script's ID tokens: the
	// script's OAuth client ID. Required for /notify/edit.
	EditAudience string
	// ScheduleAudience is the audience Cloud Scheduler sets: the URL of
	// this service. Required for /reconcile.
	ScheduleAudience string
	// Senders are the accounts allowed to call /notify/edit and /reconcile
	// (the scheduler's service account, the facilitators who installed the
	// edit hook). Empty allows none.
	Senders []string
	Log     *slog.Logger
}

// googleIssuers are the issuers of Google-signed ID tokens; idtoken does not
// check the issuer itself.
var googleIssuers = []string{"https://accounts.google.com", "accounts.google.com"}

// Longest text a log line quotes from a request (a header) or from an
// error that may carry a request's or a spreadsheet's text. Drive channel
// IDs have at most 64 characters (see sync/drive's NewChannelID), so a real
// one is always quoted whole; a longer one was not sent by Google.
const (
	maxHeaderQuote = 80
	maxErrorQuote  = 500
)

// ErrRetryLater is wrapped by the error of a Run that left the sync for
// later (a Google quota was reached): nothing failed, and the sync runs at
// the next trigger. The request is answered 503 with Retry-After, which
// asks the sender to come back after the quota minute: Drive retries a
// notification answered 500, 502, 503 or 504 with exponential backoff
// (Drive API, "Notifications for resource changes": not confirmed in the
// stored copy of that page, whose excerpt stops before its section on
// answering notifications); Cloud Scheduler retries a failed job only when
// its retry count is set, and waits for its next run otherwise ("The
// default value of retry_count is zero", Cloud Scheduler RetryConfig,
// https://cloud.google.com/scheduler/docs/configuring/retry-jobs); the Apps
// Script edit hook only logs any answer above 299. In every case the lease
// is left pending, so the next trigger, whichever it is, runs the sync.
var ErrRetryLater = errors.New("the sync was left for the next trigger")

// RetryAfter is the wait asked of the sender with ErrRetryLater: Sheets'
// quotas are per minute.
const RetryAfter = time.Minute

// ErrUnauthenticated is wrapped by every authentication failure.
var ErrUnauthenticated = errors.New("unauthenticated")

func (h *Handler) log() *slog.Logger {
	if h.Log != nil {
		return h.Log
	}
	return slog.Default()
}

// ServeHTTP routes the endpoints.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "use POST", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case "/notify/drive":
		h.drive(w, r, "push")
	case "/notify/calendar":
		h.drive(w, r, "calendar")
	case "/notify/edit":
		h.withIDToken(w, r, h.EditAudience, "edit")
	case "/reconcile":
		h.withIDToken(w, r, h.ScheduleAudience, "schedule")
	default:
		http.NotFound(w, r)
	}
}

// drive handles a push notification of Drive or Calendar, which send the
// same headers and are authenticated the same way: by the token the
// service set on the channel. Google first sends a "sync" message when
// the channel opens: it is acknowledged without a sync.
func (h *Handler) drive(w http.ResponseWriter, r *http.Request, trigger string) {
	token := r.Header.Get("X-Goog-Channel-Token")
	if h.ChannelToken == "" || subtle.ConstantTimeCompare([]byte(token), []byte(h.ChannelToken)) != 1 {
		h.log().WarnContext(r.Context(), "trigger: notification with a wrong channel token", "trigger", trigger, "channel", logging.Shorten(r.Header.Get("X-Goog-Channel-ID"), maxHeaderQuote))
		http.Error(w, "unknown channel", http.StatusForbidden)
		return
	}
	state := r.Header.Get("X-Goog-Resource-State")
	if state == "sync" {
		w.WriteHeader(http.StatusOK)
		return
	}
	h.run(w, r, trigger)
}

// withIDToken checks the bearer ID token, then runs the sync.
func (h *Handler) withIDToken(w http.ResponseWriter, r *http.Request, audience, trigger string) {
	if err := h.authenticate(r, audience); err != nil {
		h.log().WarnContext(r.Context(), "trigger: refused", "trigger", trigger, "reason", logging.Shorten(err.Error(), maxErrorQuote))
		http.Error(w, "unauthenticated", http.StatusUnauthorized)
		return
	}
	h.run(w, r, trigger)
}

func (h *Handler) authenticate(r *http.Request, audience string) error {
	if audience == "" || h.Validator == nil {
		return fmt.Errorf("%w: this endpoint is not configured", ErrUnauthenticated)
	}
	auth := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || token == "" {
		return fmt.Errorf("%w: no bearer token", ErrUnauthenticated)
	}
	p, err := h.Validator.Validate(r.Context(), token, audience)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUnauthenticated, err)
	}
	if !slices.Contains(googleIssuers, p.Issuer) {
		return fmt.Errorf("%w: token not issued by Google", ErrUnauthenticated)
	}
	email, _ := p.Claims["email"].(string)
	verified, _ := p.Claims["email_verified"].(bool)
	if !verified || !slices.ContainsFunc(h.Senders, func(s string) bool { return strings.EqualFold(s, email) }) {
		return fmt.Errorf("%w: sender not allowed", ErrUnauthenticated)
	}
	return nil
}

func (h *Handler) run(w http.ResponseWriter, r *http.Request, trigger string) {
	err := h.Run(r.Context(), trigger)
	if errors.Is(err, ErrRetryLater) {
		h.log().WarnContext(r.Context(), "trigger: Google's per-minute quota was reached; the next trigger finishes the sync", "trigger", trigger, "error", logging.Shorten(err.Error(), maxErrorQuote))
		w.Header().Set("Retry-After", strconv.Itoa(int(RetryAfter/time.Second)))
		http.Error(w, "the sync will finish at the next trigger; try again in a minute", http.StatusServiceUnavailable)
		return
	}
	if err != nil {
		h.log().ErrorContext(r.Context(), "trigger: sync failed", "trigger", trigger, "error", logging.Shorten(err.Error(), maxErrorQuote))
		// 500 makes Cloud Scheduler retry when its job sets a retry
		// count; the schedule reconciles what a lost notification missed.
		http.Error(w, "sync failed; it will be retried", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
