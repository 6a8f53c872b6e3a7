// Package workspacetest provides a local, in-memory Google Sheets, Drive and
// Calendar server for tests and the demo. The official google.golang.org/api
// clients talk to it unchanged: ClientOptions sends their requests to this
// server on loopback, keeping Google's real paths.
package workspacetest

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"google.golang.org/api/option"
)

// Server is a running fake of the Google Workspace APIs. It is safe for
// concurrent use. One mutex guards all state: Google's per-file
// serialization is coarser than this, so tests lose nothing by it.
type Server struct {
	// URL is the server's base URL, such as http://127.0.0.1:PORT.
	URL string

	hs     *httptest.Server
	routes []route

	mu       sync.Mutex // guards everything below and the API states
	counts   map[string]int
	sheets   *sheetsState
	drive    *driveState
	calendar *calendarState
	push     *pushState

	clock func() time.Time // nil means time.Now; set by SetClock
}

// route is one API method: an HTTP method and a path pattern over the
// escaped path, with {name} for one segment.
type route struct {
	method   string
	segments []string
	verb     string // custom method glued to the last segment, such as "batchGet"
	id       string // discovery method ID, such as "sheets.spreadsheets.values.batchGet"
	handler  handlerFunc
}

// handlerFunc serves one API method; p holds the unescaped path parameters.
type handlerFunc func(w http.ResponseWriter, r *http.Request, p map[string]string)

// NewServer starts a server on 127.0.0.1, ready to serve.
func NewServer() *Server {
	s := &Server{
		counts:   map[string]int{},
		sheets:   newSheetsState(),
		drive:    newDriveState(),
		calendar: newCalendarState(),
		push:     newPushState(),
	}
	s.registerSheets()
	s.registerDrive()
	s.registerCalendar()
	s.registerPush()
	s.hs = httptest.NewServer(s)
	s.URL = s.hs.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.hs.Close() }

// ClientOptions returns the options that point the sheets/v4, drive/v3 and
// calendar/v3 clients at this server, without credentials.
func (s *Server) ClientOptions() []option.ClientOption {
	return []option.ClientOption{option.WithHTTPClient(s.HTTPClient())}
}

// HTTPClient returns a client whose transport sends every request to this
// server, changing only the scheme and host.
func (s *Server) HTTPClient() *http.Client {
	host := strings.TrimPrefix(s.URL, "http://")
	base := &http.Transport{
		DialContext: (&net.Dialer{}).DialContext,
	}
	return &http.Client{Transport: rewriteHost{host: host, base: base}}
}

type rewriteHost struct {
	host string
	base http.RoundTripper
}

func (t rewriteHost) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.URL.Scheme = "http"
	r2.URL.Host = t.host
	r2.Host = t.host
	return t.base.RoundTrip(r2)
}

// handle registers a method. pattern is the escaped path with {name} for one
// segment; a custom verb may follow the last segment after ':'.
func (s *Server) handle(method, pattern, id string, h handlerFunc) {
	verb := ""
	if i := strings.LastIndex(pattern, ":"); i > strings.LastIndex(pattern, "/") {
		pattern, verb = pattern[:i], pattern[i+1:]
	}
	s.routes = append(s.routes, route{
		method:   method,
		segments: strings.Split(strings.Trim(pattern, "/"), "/"),
		verb:     verb,
		id:       id,
		handler:  h,
	})
}

// ServeHTTP routes on the escaped path, as Google's frontends do.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := strings.Trim(r.URL.EscapedPath(), "/")
	verb := ""
	if i := strings.LastIndex(path, ":"); i > strings.LastIndex(path, "/") {
		path, verb = path[:i], path[i+1:]
	}
	segs := strings.Split(path, "/")
	for _, rt := range s.routes {
		if rt.method != r.Method || rt.verb != verb || len(rt.segments) != len(segs) {
			continue
		}
		p, ok := match(rt.segments, segs)
		if !ok {
			continue
		}
		s.mu.Lock()
		s.counts[rt.id]++
		s.mu.Unlock()
		rt.handler(w, r, p)
		return
	}
	writeError(w, http.StatusNotFound, "notFound", "The requested URL /"+path+" was not found on this server.")
}

func match(pattern, segs []string) (map[string]string, bool) {
	p := map[string]string{}
	for i, want := range pattern {
		got := segs[i]
		if strings.HasPrefix(want, "{") && strings.HasSuffix(want, "}") {
			v, err := unescape(got)
			if err != nil || v == "" {
				return nil, false
			}
			p[want[1:len(want)-1]] = v
			continue
		}
		if want != got {
			return nil, false
		}
	}
	return p, true
}

// Calls returns how many times each API method (by discovery ID, such as
// "sheets.spreadsheets.values.batchGet") was called.
func (s *Server) Calls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// writeJSON writes v as the response body with the status code.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError writes Google's error body, which googleapi.Error parses.
func writeError(w http.ResponseWriter, code int, reason, message string) {
	writeJSON(w, code, map[string]any{"error": map[string]any{
		"code":    code,
		"message": message,
		"status":  statusName(code),
		"errors":  []map[string]string{{"message": message, "domain": "global", "reason": reason}},
	}})
}

func statusName(code int) string {
	switch code {
	case 400:
		return "INVALID_ARGUMENT"
	case 401:
		return "UNAUTHENTICATED"
	case 403:
		return "PERMISSION_DENIED"
	case 404:
		return "NOT_FOUND"
	case 409:
		return "ALREADY_EXISTS"
	case 410:
		return "ABORTED"
	case 412:
		return "FAILED_PRECONDITION"
	case 429:
		return "RESOURCE_EXHAUSTED"
	case 503:
		return "UNAVAILABLE"
	}
	if code >= 500 {
		return "INTERNAL"
	}
	return "UNKNOWN"
}

// decodeBody reads a JSON request body into dst. It is where request bodies
// get checked against the discovery document's schema (api "sheets",
// "drive" or "calendar"; schema such as "BatchUpdateValuesRequest"): unknown
// fields are answered with 400 as Google does. On error it has written the
// response and returns false.
func (s *Server) decodeBody(w http.ResponseWriter, r *http.Request, api, schema string, dst any) bool {
	if err := json.NewDecoder(r.Body).Decode(dst); err != nil {
		writeError(w, http.StatusBadRequest, "parseError", "Invalid JSON payload received. "+err.Error())
		return false
	}
	return true
}

// SetClock makes the server read the time from now instead of the system
// clock: modification times, quota windows and channel expiry follow it.
// Pass nil to go back to the system clock.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock = now
}

// now is the server's current time, in UTC. Call with s.mu held.
func (s *Server) now() time.Time {
	if s.clock != nil {
		return s.clock().UTC()
	}
	return time.Now().UTC()
}
