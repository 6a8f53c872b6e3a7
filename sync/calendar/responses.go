package calendar

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	calendarapi "google.golang.org/api/calendar/v3"

	"github.com/coalitionsync/coalitionsync/sync/retry"
)

// Response is what changed on one of the service's events.
type Response struct {
	EventID string
	// Declined are the attendees (lower-case) whose answer is "declined",
	// organizer excepted. Hand-added guests may be among them: the engine
	// counts only its records' Guests.
	Declined  []string
	Cancelled bool
}

// Responses reads the calendar's changes since syncToken and returns, for
// each of the service's events that changed (ours says which IDs are the
// service's), its declined attendees, and the token for the next read.
//
// An empty syncToken reads everything. events.list takes the same
// parameters both times, as Google asks ("All other query parameters
// should be the same as for the initial synchronization"), and none of
// those it forbids with syncToken (iCalUID, orderBy,
// privateExtendedProperty, q, sharedExtendedProperty, timeMin, timeMax,
// updatedMin); deleted events "will always be in the result set" with a
// token, so showDeleted is on for the full read too. A 410 ("If the
// syncToken expires, the server will respond with a 410 GONE response code
// and the client should clear its storage and perform a full
// synchronization") clears the token and reads everything again. (Quotes:
// the syncToken parameter of events.list in the Calendar API discovery
// document.)
func (c *Client) Responses(ctx context.Context, syncToken string, ours func(eventID string) bool) ([]Response, string, error) {
	changed, next, err := c.list(ctx, syncToken, ours)
	if err != nil && syncToken != "" && hasCode(err, http.StatusGone) {
		changed, next, err = c.list(ctx, "", ours)
	}
	if err != nil {
		return nil, "", fmt.Errorf("read the calendar's changes: %w", err)
	}
	return changed, next, nil
}

func (c *Client) list(ctx context.Context, syncToken string, ours func(string) bool) ([]Response, string, error) {
	p := c.Retry
	if p.Attempts == 0 {
		p = retry.Default
	}
	var out []Response
	pageToken, next := "", ""
	for {
		var page *calendarapi.Events
		err := p.Do(ctx, true, func() (err error) {
			call := c.svc.Events.List(c.calendarID).ShowDeleted(true).MaxResults(2500).Context(ctx)
			if syncToken != "" {
				call = call.SyncToken(syncToken)
			}
			if pageToken != "" {
				call = call.PageToken(pageToken)
			}
			page, err = call.Do()
			return err
		})
		if err != nil {
			return nil, "", err
		}
		for _, ev := range page.Items {
			if !ours(ev.Id) {
				continue
			}
			r := Response{EventID: ev.Id, Cancelled: ev.Status == "cancelled"}
			for _, at := range ev.Attendees {
				if at.ResponseStatus == "declined" && !at.Organizer {
					r.Declined = append(r.Declined, strings.ToLower(at.Email))
				}
			}
			r.Declined = sortedCopy(r.Declined)
			out = append(out, r)
		}
		if page.NextPageToken == "" {
			next = page.NextSyncToken
			break
		}
		pageToken = page.NextPageToken
	}
	return out, next, nil
}

// Channel is a push-notification channel the service opened on the
// calendar's events. The caller keeps these records so that it can stop
// its own channels; the channel's token is not kept here (it is the
// service's secret, from its configuration).
type Channel struct {
	ID         string
	ResourceID string
	CalendarID string
	Expiration time.Time
}

// Watch opens a push-notification channel on the calendar's events
// (events.watch, type web_hook): Calendar will POST to address, with
// token in X-Goog-Channel-Token, whenever an event changes, until the
// channel expires (Calendar grants at most what it allows; its answer is
// what is kept). id is the channel's unique ID; "" makes a random one.
func (c *Client) Watch(ctx context.Context, id, address, token string, ttl time.Duration) (Channel, error) {
	if address == "" || token == "" {
		return Channel{}, errors.New("watch the calendar: the notification address and the channel token are both needed")
	}
	if id == "" {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return Channel{}, fmt.Errorf("watch the calendar: make a channel ID: %w", err)
		}
		id = "coalitionsync-" + hex.EncodeToString(b)
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	req := &calendarapi.Channel{Id: id, Type: "web_hook", Address: address, Token: token}
	if ttl > 0 {
		req.Expiration = now().Add(ttl).UnixMilli()
	}
	p := c.Retry
	if p.Attempts == 0 {
		p = retry.Default
	}
	var got *calendarapi.Channel
	// Not repeated after a lost answer: a second channel would be opened.
	err := p.Do(ctx, false, func() (err error) {
		got, err = c.svc.Events.Watch(c.calendarID, req).Context(ctx).Do()
		return err
	})
	if err != nil {
		return Channel{}, fmt.Errorf("watch the calendar: %w", err)
	}
	ch := Channel{ID: got.Id, ResourceID: got.ResourceId, CalendarID: c.calendarID}
	if ch.ID == "" {
		ch.ID = id
	}
	if got.Expiration > 0 {
		ch.Expiration = time.UnixMilli(got.Expiration).UTC()
	}
	return ch, nil
}

// Stop closes a channel (channels.stop). A channel Calendar no longer
// knows (404: expired or already stopped) counts as stopped.
func (c *Client) Stop(ctx context.Context, ch Channel) error {
	p := c.Retry
	if p.Attempts == 0 {
		p = retry.Default
	}
	err := p.Do(ctx, true, func() error {
		return c.svc.Channels.Stop(&calendarapi.Channel{Id: ch.ID, ResourceId: ch.ResourceID}).Context(ctx).Do()
	})
	if err != nil && !hasCode(err, http.StatusNotFound) {
		return fmt.Errorf("stop the calendar channel %s: %w", ch.ID, err)
	}
	return nil
}
