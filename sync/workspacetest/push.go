package workspacetest

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"syscall"
	"time"
)

// Channel lifetimes Google applies when a watch request names none, and
// the longest it grants (Drive files: an hour by default, a day at most;
// Drive changes: a week at most; Calendar events: a week by default).
const (
	driveFileChannelDefault = time.Hour
	driveFileChannelMax     = 24 * time.Hour
	changesChannelDefault   = time.Hour
	changesChannelMax       = 7 * 24 * time.Hour
	eventsChannelDefault    = 7 * 24 * time.Hour
	eventsChannelMax        = 30 * 24 * time.Hour

	// pushTimeout bounds each delivery, so a stuck receiver cannot hold
	// the sender for long.
	pushTimeout = 5 * time.Second
)

// Kinds of watched resource.
const (
	watchFile    = "file"
	watchChanges = "changes"
	watchEvents  = "events"
)

// channel is one active watch channel.
type channel struct {
	api         string // "drive" or "calendar"
	id          string
	resourceID  string
	resourceURI string
	token       string
	address     string
	expiration  time.Time // zero: none
	kind        string    // watchFile, watchChanges or watchEvents
	target      string    // file ID, calendar ID, or shared drive ID for changes ("" = the user's)
	allDrives   bool      // changes channel that includes shared drive items
	msgNum      int64
	stopped     bool
}

// Notification is one push notification the server sent (or tried to send)
// to a channel's address, as the receiver saw its headers.
type Notification struct {
	// Address is the channel's address the message was POSTed to.
	Address string
	// ChannelID, Token, ResourceID, ResourceURI, ResourceState,
	// MessageNumber, Expiration and Changed mirror the X-Goog-* headers.
	ChannelID     string
	Token         string
	ResourceID    string
	ResourceURI   string
	ResourceState string
	MessageNumber int64
	Expiration    time.Time
	Changed       string
	// StatusCode is the receiver's answer; 0 when delivery failed.
	StatusCode int
	// Err describes a failed delivery (refused, timed out, not loopback).
	Err string
}

// queued is a message waiting for the sender, with its channel so that a
// channel stopped or expired meanwhile gets nothing more.
type queued struct {
	n Notification
	c *channel
}

// pushState holds the watch channels and the delivery queue. Guarded by
// Server.mu, except sender, which only the delivery goroutine uses.
type pushState struct {
	channels  []*channel
	queue     []queued
	sending   bool // a delivery goroutine is draining queue
	delivered []Notification
	changed   chan struct{} // closed and replaced on each delivery
	sender    *http.Client
}

func newPushState() *pushState {
	return &pushState{changed: make(chan struct{}), sender: loopbackClient()}
}

// registerPush adds the channels.stop methods of Drive and Calendar.
func (s *Server) registerPush() {
	s.handle("POST", "/drive/v3/channels/stop", "drive.channels.stop", s.stopChannelHandler("drive"))
	s.handle("POST", "/calendar/v3/channels/stop", "calendar.channels.stop", s.stopChannelHandler("calendar"))
}

// channelRequest is the body of a watch request and of channels.stop.
type channelRequest struct {
	ID          string            `json:"id"`
	Type        string            `json:"type"`
	Address     string            `json:"address"`
	Token       string            `json:"token"`
	Expiration  string            `json:"expiration"`
	ResourceID  string            `json:"resourceId"`
	ResourceURI string            `json:"resourceUri"`
	Kind        string            `json:"kind"`
	Params      map[string]string `json:"params"`
	Payload     bool              `json:"payload"`
}

// channelResponse is the Channel resource a watch request answers with.
type channelResponse struct {
	Kind        string `json:"kind"`
	ID          string `json:"id"`
	ResourceID  string `json:"resourceId"`
	ResourceURI string `json:"resourceUri"`
	Token       string `json:"token,omitempty"`
	Expiration  string `json:"expiration,omitempty"`
}

// watchSpec says what a watch request is for.
type watchSpec struct {
	api, kind, target, resourcePath string
	allDrives                       bool
	def, max                        time.Duration
}

// readWatchRequest decodes and checks a watch request's channel. On error
// it has answered and returns false.
func (s *Server) readWatchRequest(w http.ResponseWriter, r *http.Request, api string) (channelRequest, bool) {
	var req channelRequest
	if !s.decodeBody(w, r, api, "Channel", &req) {
		return req, false
	}
	switch {
	case req.ID == "":
		writeError(w, http.StatusBadRequest, "required", "Required: channel id.")
		return req, false
	case len(req.ID) > 64:
		writeError(w, http.StatusBadRequest, "invalid", "Invalid channel id: at most 64 characters.")
		return req, false
	case req.Type != "web_hook" && req.Type != "webhook":
		writeError(w, http.StatusBadRequest, "invalid", fmt.Sprintf("Invalid value for channel type: %q.", req.Type))
		return req, false
	case req.Address == "":
		writeError(w, http.StatusBadRequest, "required", "Required: channel address.")
		return req, false
	}
	if err := checkLoopbackAddress(req.Address); err != nil {
		writeError(w, http.StatusBadRequest, "push.webhookUrlUnauthorized", "Unauthorized WebHook callback channel: "+err.Error())
		return req, false
	}
	if req.Expiration != "" {
		if _, err := strconv.ParseInt(req.Expiration, 10, 64); err != nil {
			writeError(w, http.StatusBadRequest, "invalid", fmt.Sprintf("Invalid value for channel expiration: %q.", req.Expiration))
			return req, false
		}
	}
	return req, true
}

// openChannelLocked registers a channel, queues its sync message and
// answers the watch request. Call with s.mu held.
func (s *Server) openChannelLocked(w http.ResponseWriter, req channelRequest, spec watchSpec) {
	for _, c := range s.push.channels {
		if c.id == req.ID && c.api == spec.api && !c.stopped && !s.expiredLocked(c) {
			writeError(w, http.StatusBadRequest, "channelIdNotUnique", fmt.Sprintf("Channel id %s not unique", req.ID))
			return
		}
	}
	now := s.now()
	exp := now.Add(spec.def)
	if req.Expiration != "" {
		ms, _ := strconv.ParseInt(req.Expiration, 10, 64)
		exp = time.UnixMilli(ms)
		if !exp.After(now) {
			writeError(w, http.StatusBadRequest, "invalid", "Invalid channel expiration: it is in the past.")
			return
		}
		if exp.After(now.Add(spec.max)) {
			exp = now.Add(spec.max)
		}
	}
	c := &channel{
		api:         spec.api,
		id:          req.ID,
		resourceURI: s.URL + spec.resourcePath,
		token:       req.Token,
		address:     req.Address,
		expiration:  exp.Truncate(time.Millisecond),
		kind:        spec.kind,
		target:      spec.target,
		allDrives:   spec.allDrives,
	}
	c.resourceID = resourceID(spec.api, spec.kind, spec.target)
	s.push.channels = append(s.push.channels, c)
	s.queueLocked(c, "sync", "")
	writeJSON(w, http.StatusOK, channelResponse{
		Kind:        "api#channel",
		ID:          c.id,
		ResourceID:  c.resourceID,
		ResourceURI: c.resourceURI,
		Token:       c.token,
		Expiration:  strconv.FormatInt(c.expiration.UnixMilli(), 10),
	})
}

// resourceID is an opaque ID for a watched resource, stable across
// channels, as Google's is.
func resourceID(api, kind, target string) string {
	sum := sha256.Sum256([]byte(api + "\x00" + kind + "\x00" + target))
	return base64.RawURLEncoding.EncodeToString(sum[:20])
}

func (s *Server) stopChannelHandler(api string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ map[string]string) {
		var req channelRequest
		if !s.decodeBody(w, r, api, "Channel", &req) {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, c := range s.push.channels {
			if c.api == api && c.id == req.ID && c.resourceID == req.ResourceID && !c.stopped && !s.expiredLocked(c) {
				c.stopped = true
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		writeError(w, http.StatusNotFound, "notFound", fmt.Sprintf("Channel '%s' not found for project 'workspacetest'", req.ID))
	}
}

// expiredLocked reports whether a channel has passed its expiration.
func (s *Server) expiredLocked(c *channel) bool {
	return !c.expiration.IsZero() && !s.now().Before(c.expiration)
}

// notifyLocked queues a message to every live channel watching kind and
// target. Call with s.mu held.
func (s *Server) notifyLocked(kind, target, state, changed string) {
	for _, c := range s.push.channels {
		if c.kind != kind || c.target != target || c.stopped || s.expiredLocked(c) {
			continue
		}
		s.queueLocked(c, state, changed)
	}
}

// notifyChangesLocked queues a "change" message to the changes channels
// that see a change to a file in driveID ("" for My Drive).
func (s *Server) notifyChangesLocked(driveID string) {
	for _, c := range s.push.channels {
		if c.kind != watchChanges || c.stopped || s.expiredLocked(c) {
			continue
		}
		switch {
		case c.target != "" && c.target != driveID:
			continue
		case c.target == "" && driveID != "" && !c.allDrives:
			continue
		}
		s.queueLocked(c, "change", "")
	}
}

// queueLocked adds one message for c to the delivery queue and makes sure
// a sender is draining it. Delivery happens without s.mu.
func (s *Server) queueLocked(c *channel, state, changed string) {
	c.msgNum++
	n := Notification{
		Address:       c.address,
		ChannelID:     c.id,
		Token:         c.token,
		ResourceID:    c.resourceID,
		ResourceURI:   c.resourceURI,
		ResourceState: state,
		MessageNumber: c.msgNum,
		Expiration:    c.expiration,
		Changed:       changed,
	}
	s.push.queue = append(s.push.queue, queued{n: n, c: c})
	if !s.push.sending {
		s.push.sending = true
		go s.deliver()
	}
}

// deliver sends queued messages one at a time, in order, until the queue
// is empty.
func (s *Server) deliver() {
	for {
		s.mu.Lock()
		if len(s.push.queue) == 0 {
			s.push.sending = false
			s.mu.Unlock()
			return
		}
		next := s.push.queue[0]
		s.push.queue = s.push.queue[1:]
		if next.c.stopped || s.expiredLocked(next.c) {
			s.mu.Unlock()
			continue
		}
		n, client := next.n, s.push.sender
		s.mu.Unlock()

		n.StatusCode, n.Err = send(client, n)

		s.mu.Lock()
		s.push.delivered = append(s.push.delivered, n)
		close(s.push.changed)
		s.push.changed = make(chan struct{})
		s.mu.Unlock()
	}
}

// send POSTs one notification with Google's headers and an empty body.
func send(client *http.Client, n Notification) (int, string) {
	if err := checkLoopbackAddress(n.Address); err != nil {
		return 0, err.Error()
	}
	ctx, cancel := context.WithTimeout(context.Background(), pushTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.Address, http.NoBody)
	if err != nil {
		return 0, err.Error()
	}
	h := req.Header
	h.Set("X-Goog-Channel-ID", n.ChannelID)
	if n.Token != "" {
		h.Set("X-Goog-Channel-Token", n.Token)
	}
	if !n.Expiration.IsZero() {
		h.Set("X-Goog-Channel-Expiration", n.Expiration.UTC().Format(http.TimeFormat))
	}
	h.Set("X-Goog-Resource-ID", n.ResourceID)
	h.Set("X-Goog-Resource-URI", n.ResourceURI)
	h.Set("X-Goog-Resource-State", n.ResourceState)
	h.Set("X-Goog-Message-Number", strconv.FormatInt(n.MessageNumber, 10))
	if n.Changed != "" {
		h.Set("X-Goog-Changed", n.Changed)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	resp.Body.Close()
	return resp.StatusCode, ""
}

// checkLoopbackAddress accepts only http(s) URLs on a loopback host: the
// fake never sends anything off the machine.
func checkLoopbackAddress(address string) error {
	u, err := url.Parse(address)
	if err != nil {
		return fmt.Errorf("address %q is not a URL", address)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("address %q must be http or https", address)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("address %q is not on a loopback IP (this fake only delivers locally)", address)
	}
	return nil
}

// loopbackClient is the delivery client: bounded in time, no redirects, and
// a dialer that refuses any non-loopback connection.
func loopbackClient() *http.Client {
	dialer := &net.Dialer{
		Timeout: pushTimeout,
		Control: func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				return fmt.Errorf("refusing to deliver to non-loopback %s", host)
			}
			return nil
		},
	}
	return &http.Client{
		Timeout: pushTimeout,
		Transport: &http.Transport{
			DialContext:         dialer.DialContext,
			DisableKeepAlives:   true,
			TLSHandshakeTimeout: pushTimeout,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Notifications returns every push notification sent so far, in the order
// sent, including failed deliveries (see Notification.Err).
func (s *Server) Notifications() []Notification {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Notification(nil), s.push.delivered...)
}

// WaitForNotifications waits until at least n notifications have been sent
// (delivered or failed) and returns them all. It fails when ctx ends first.
func (s *Server) WaitForNotifications(ctx context.Context, n int) ([]Notification, error) {
	for {
		s.mu.Lock()
		if len(s.push.delivered) >= n {
			out := append([]Notification(nil), s.push.delivered...)
			s.mu.Unlock()
			return out, nil
		}
		got, changed := len(s.push.delivered), s.push.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, fmt.Errorf("wait for %d notifications (got %d): %w", n, got, ctx.Err())
		}
	}
}

// ExpireChannels makes every watch channel expire now, as Google's channels
// do at their expiration time: no further notifications are sent to them,
// and channels.stop no longer finds them.
func (s *Server) ExpireChannels() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for _, c := range s.push.channels {
		if c.expiration.IsZero() || c.expiration.After(now) {
			c.expiration = now
		}
	}
}

// ActiveChannels returns the IDs of the channels still live (neither
// stopped nor expired), for tests that check renewal or cleanup.
func (s *Server) ActiveChannels() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for _, c := range s.push.channels {
		if !c.stopped && !s.expiredLocked(c) {
			ids = append(ids, c.id)
		}
	}
	return ids
}
