package drive

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	driveapi "google.golang.org/api/drive/v3"
)

// WatchRenewMargin is how long before its expiration a watch channel is
// replaced. The scheduled reconcile runs every few minutes to an hour; six
// hours leaves room for many missed runs before Drive ends the channel.
const WatchRenewMargin = 6 * time.Hour

// WatchLifetime is the lifetime asked for a new channel: the longest Drive
// grants for a file. Drive may grant less; its answer is what is kept.
const WatchLifetime = 24 * time.Hour

// watchDefaultLifetime is Drive's lifetime for a file channel when its
// answer names no expiration (it always names one; this is a guard).
const watchDefaultLifetime = time.Hour

// Channel is a push-notification channel the service opened on a file. The
// caller keeps these records between runs (the service stores them in
// Firestore) so that it can stop its own channels.
type Channel struct {
	ID         string
	ResourceID string
	FileID     string
	Expiration time.Time
}

// WatchResult says what KeepWatching did.
type WatchResult struct {
	// Kept is the channel that still had more than WatchRenewMargin left,
	// when nothing was done; nil otherwise.
	Kept *Channel
	// Opened is the channel opened by this call; nil when one was kept.
	Opened *Channel
	// Stopped counts the file's old channels that were stopped, or that
	// Drive no longer knew (already expired or stopped).
	Stopped int
	// Expired counts the file's old channels dropped without a call: their
	// expiration had passed, so Drive had already ended them.
	Expired int
	// NotStopped are old channels whose stop failed. They stay in the list
	// KeepWatching returns, so the next renewal tries again; meanwhile
	// they end by themselves at their expiration, and their notifications
	// only start syncs the lease coalesces.
	NotStopped []Channel
	// StopErr says why those stops failed (nil when all worked).
	StopErr error
}

// KeepWatching makes sure Drive keeps sending push notifications about
// fileID to address, with token in each (Drive sends it back as
// X-Goog-Channel-Token, so the endpoint can tell real notifications from
// forged ones).
//
// channels is the service's record of the channels it opened. When one of
// them watches fileID and expires more than WatchRenewMargin after now,
// nothing is done: no call at all. Otherwise a new channel is opened with
// files.watch (a fresh random ID, asking for WatchLifetime and recording
// the expiration Drive answers), and only then are the file's old channels
// stopped with channels.stop, so that notifications never stop coming. An
// old channel Drive no longer knows (404) counts as stopped; one whose
// expiration has passed is dropped without a call.
//
// The returned list is the record to store: the other files' channels as
// they were, the new channel, and any old channel whose stop failed (see
// WatchResult.NotStopped; that is not an error). err is not nil only when
// the input is wrong or files.watch failed; then the returned list is
// channels, unchanged.
//
// address must be an https web address; http is accepted only on this
// machine (localhost, 127.0.0.1, ::1), for tests.
func (c *Client) KeepWatching(ctx context.Context, fileID, address, token string, channels []Channel, now time.Time) ([]Channel, WatchResult, error) {
	var res WatchResult
	unchanged := append([]Channel(nil), channels...)
	if err := checkWatchInput(fileID, address, token, now); err != nil {
		return unchanged, res, fmt.Errorf("watch file %s: %w", fileID, err)
	}

	var mine, others []Channel
	for _, ch := range channels {
		if ch.FileID == fileID {
			mine = append(mine, ch)
		} else {
			others = append(others, ch)
		}
	}
	for i, ch := range mine {
		if ch.Expiration.After(now.Add(WatchRenewMargin)) {
			res.Kept = &mine[i]
			return unchanged, res, nil
		}
	}

	opened, err := c.openChannel(ctx, fileID, address, token, now)
	if err != nil {
		return unchanged, res, fmt.Errorf("watch file %s: %w", fileID, err)
	}
	res.Opened = &opened

	var stopErrs []error
	for _, ch := range mine {
		if !ch.Expiration.IsZero() && !ch.Expiration.After(now) {
			res.Expired++
			continue
		}
		err := c.svc.Channels.Stop(&driveapi.Channel{Id: ch.ID, ResourceId: ch.ResourceID}).Context(ctx).Do()
		if err == nil || isStatus(err, http.StatusNotFound) { // not found: already ended
			res.Stopped++
			continue
		}
		res.NotStopped = append(res.NotStopped, ch)
		stopErrs = append(stopErrs, fmt.Errorf("stop the old channel %s of file %s: %w", ch.ID, fileID, err))
	}
	res.StopErr = errors.Join(stopErrs...)

	out := make([]Channel, 0, len(others)+1+len(res.NotStopped))
	out = append(out, others...)
	out = append(out, opened)
	out = append(out, res.NotStopped...)
	return out, res, nil
}

// openChannel opens one files.watch channel and returns it as Drive
// granted it.
func (c *Client) openChannel(ctx context.Context, fileID, address, token string, now time.Time) (Channel, error) {
	id, err := NewChannelID()
	if err != nil {
		return Channel{}, err
	}
	req := &driveapi.Channel{
		Id:         id,
		Type:       "web_hook",
		Address:    address,
		Token:      token,
		Expiration: now.Add(WatchLifetime).UnixMilli(),
	}
	got, err := c.svc.Files.Watch(fileID, req).SupportsAllDrives(true).Context(ctx).Do()
	if err != nil {
		return Channel{}, fmt.Errorf("open a notification channel: %w", err)
	}
	ch := Channel{ID: got.Id, ResourceID: got.ResourceId, FileID: fileID}
	if ch.ID == "" {
		ch.ID = id
	}
	if got.Expiration > 0 {
		ch.Expiration = time.UnixMilli(got.Expiration).UTC()
	} else {
		ch.Expiration = now.Add(watchDefaultLifetime).UTC()
	}
	return ch, nil
}

// NewChannelID returns a random channel ID: Drive (and Calendar) ask for a unique
// string of at most 64 characters from [A-Za-z0-9-_+/=].
func NewChannelID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make a channel ID: %w", err)
	}
	return "coalitionsync-" + hex.EncodeToString(b), nil
}

// checkWatchInput checks KeepWatching's arguments and says in plain words
// what is wrong. The token is never repeated.
func checkWatchInput(fileID, address, token string, now time.Time) error {
	var errs []error
	if strings.TrimSpace(fileID) == "" {
		errs = append(errs, errors.New("no file to watch: give the spreadsheet's ID"))
	}
	if err := checkWatchAddress(address); err != nil {
		errs = append(errs, err)
	}
	switch {
	case token == "":
		errs = append(errs, errors.New("no channel token: Drive sends it back with every notification, so that the service can tell them from forged ones"))
	case len(token) > 256:
		errs = append(errs, fmt.Errorf("the channel token is %d characters long: Drive accepts at most 256", len(token)))
	case !visibleASCII(token):
		errs = append(errs, errors.New("the channel token holds spaces, accented letters or invisible characters: use only plain letters and digits"))
	}
	if now.IsZero() {
		errs = append(errs, errors.New("the current time is missing"))
	}
	return errors.Join(errs...)
}

// checkWatchAddress accepts an https web address, or an http one on this
// machine (tests).
func checkWatchAddress(address string) error {
	if address == "" {
		return errors.New("no address for the notifications: give the public https address of the service's /notify/drive")
	}
	u, err := url.Parse(address)
	if err != nil || u.Host == "" || u.User != nil || u.Fragment != "" {
		return fmt.Errorf("the notification address %q is not a web address: give one such as https://sync.example.org/notify/drive", address)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if isLoopback(u.Hostname()) {
			return nil
		}
	}
	return fmt.Errorf("the notification address %q does not start with https://: Drive only sends notifications to secure addresses (plain http is accepted on this machine only, for tests)", address)
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func visibleASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
