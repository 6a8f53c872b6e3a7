package workspacetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
	buckets  map[string]int
	faults   []*Fault
	quota    quotaState
	sheets   *sheetsState
	drive    *driveState
	calendar *calendarState
	push     *pushState
	ids      identities
	lag      lagState

	clock atomic.Pointer[func() time.Time] // nil means time.Now; set by SetClock
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
		buckets:  map[string]int{},
		sheets:   newSheetsState(),
		drive:    newDriveState(),
		calendar: newCalendarState(),
		push:     newPushState(),
	}
	s.registerSheets()
	s.registerDrive()
	s.registerCalendar()
	s.registerPush()
	s.routeIdentity()
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

// SetClock makes the server read the time from now instead of the system
// clock: modification times, quota windows and channel expiry follow it.
// Pass nil to go back to the system clock.
func (s *Server) SetClock(now func() time.Time) {
	if now == nil {
		s.clock.Store(nil)
		return
	}
	s.clock.Store(&now)
}

// now is the server's current time, in UTC. Safe with or without s.mu held.
func (s *Server) now() time.Time {
	if f := s.clock.Load(); f != nil {
		return (*f)().UTC()
	}
	return time.Now().UTC()
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

// ServeHTTP routes on the escaped path, as Google's frontends do. Before the
// method runs it counts the call, applies injected faults and the emulated
// quota; after, it applies the standard query parameters (fields,
// prettyPrint) to JSON responses.
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
		s.serve(w, r, rt, p)
		return
	}
	writeError(w, http.StatusNotFound, "notFound", "The requested URL /"+path+" was not found on this server.")
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, rt route, p map[string]string) {
	s.mu.Lock()
	s.counts[rt.id]++
	if b := quotaBucket(rt.id); b != "" {
		s.buckets[b]++
	}
	f := s.takeFaultLocked(rt.id)
	s.mu.Unlock()

	if f != nil && s.applyFault(w, r, f) {
		return
	}
	if s.overQuota(w, rt.id) {
		return
	}
	if s.refuseCaller(w, r, rt.id) {
		return
	}
	q := r.URL.Query()
	if msg := validateQuery(rt.id, q); msg != "" {
		writeErrorBody(w, http.StatusBadRequest, apiError{
			Code: http.StatusBadRequest, Reason: "badRequest", Message: msg,
			Details: []any{map[string]any{
				"@type":           "type.googleapis.com/google.rpc.BadRequest",
				"fieldViolations": []map[string]string{{"description": msg}},
			}},
		})
		return
	}
	if alt := q.Get("alt"); alt != "" && alt != "json" && alt != "media" {
		writeError(w, http.StatusBadRequest, "invalidParameter",
			fmt.Sprintf("Invalid value at 'alt' (type.googleapis.com/google.api.AltEnum), %q", alt))
		return
	}
	var mask fieldMask
	if fields := q.Get("fields"); fields != "" {
		m, err := parseFieldMask(fields)
		if err != nil {
			writeError(w, http.StatusBadRequest, "invalidParameter", "Invalid field selection "+fields)
			return
		}
		mask = m
	}
	pretty := true
	if v := q.Get("prettyPrint"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			writeError(w, http.StatusBadRequest, "invalidParameter",
				fmt.Sprintf("Invalid value at 'pretty_print' (TYPE_BOOL), %q", v))
			return
		}
		pretty = b
	}
	bw := &bufferedWriter{header: http.Header{}}
	rt.handler(bw, r, p)
	s.afterCall(r, rt.id, bw)
	bw.flush(w, mask, pretty)
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

// bufferedWriter holds a handler's response so that the standard query
// parameters can reshape JSON bodies before they are sent.
type bufferedWriter struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(code int) {
	if b.code == 0 {
		b.code = code
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.code == 0 {
		b.code = http.StatusOK
	}
	return b.body.Write(p)
}

// flush sends the response, applying the field mask to successful JSON
// bodies and indenting JSON unless prettyPrint=false.
func (b *bufferedWriter) flush(w http.ResponseWriter, mask fieldMask, pretty bool) {
	if b.code == 0 {
		b.code = http.StatusOK
	}
	body := b.body.Bytes()
	if strings.HasPrefix(b.header.Get("Content-Type"), "application/json") && len(bytes.TrimSpace(body)) > 0 {
		var v any
		if err := json.Unmarshal(body, &v); err == nil {
			if mask != nil && b.code < 300 {
				v = mask.apply(v)
			}
			var out []byte
			if pretty {
				out, _ = json.MarshalIndent(v, "", "  ")
			} else {
				out, _ = json.Marshal(v)
			}
			body = append(out, '\n')
		}
	}
	for k, vs := range b.header {
		w.Header()[k] = vs
	}
	w.Header().Del("Content-Length")
	w.WriteHeader(b.code)
	_, _ = w.Write(body)
}

// Calls returns how many times each API method (by discovery ID, such as
// "sheets.spreadsheets.values.batchGet") was called, faulted and
// quota-rejected calls included.
func (s *Server) Calls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// CallsByBucket returns how many calls reached each quota bucket
// (QuotaSheetsRead, QuotaSheetsWrite), faulted and rejected calls included.
func (s *Server) CallsByBucket() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.buckets))
	for k, v := range s.buckets {
		out[k] = v
	}
	return out
}

// ResetCalls sets every call counter to zero and empties the emulated quota
// windows. Injected faults and data stay.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts = map[string]int{}
	s.buckets = map[string]int{}
	s.quota.used = nil
}

// writeJSON writes v as the response body with the status code.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError writes Google's error body, which googleapi.Error parses.
func writeError(w http.ResponseWriter, code int, reason, message string) {
	writeErrorBody(w, code, apiError{Code: code, Reason: reason, Message: message})
}

// apiError is Google's error body in full; details are optional.
type apiError struct {
	Code    int
	Reason  string
	Message string
	Details []any
}

func writeErrorBody(w http.ResponseWriter, code int, e apiError) {
	body := map[string]any{
		"code":    code,
		"message": e.Message,
		"status":  statusName(code),
		"errors":  []map[string]string{{"message": e.Message, "domain": "global", "reason": e.Reason}},
	}
	if len(e.Details) > 0 {
		body["details"] = e.Details
	}
	writeJSON(w, code, map[string]any{"error": body})
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

// decodeBody reads a JSON request body into dst after checking it against
// the discovery document's schema (api "sheets", "drive" or "calendar";
// schema such as "BatchUpdateValuesRequest"): unknown fields and values of
// the wrong JSON type are answered with 400 as Google does. An empty body
// is an empty object. On error it has written the response and returns
// false.
func (s *Server) decodeBody(w http.ResponseWriter, r *http.Request, api, schema string, dst any) bool {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		writeError(w, http.StatusBadRequest, "parseError", "Invalid JSON payload received. "+err.Error())
		return false
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		raw = []byte("{}")
	}
	if msg := validateBody(api, schema, raw); msg != "" {
		writeErrorBody(w, http.StatusBadRequest, apiError{
			Code: http.StatusBadRequest, Reason: "badRequest", Message: msg,
			Details: []any{map[string]any{
				"@type":           "type.googleapis.com/google.rpc.BadRequest",
				"fieldViolations": []map[string]string{{"description": msg}},
			}},
		})
		return false
	}
	if api == "sheets" && (schema == "BatchUpdateSpreadsheetRequest" || schema == "Spreadsheet") &&
		bytes.Contains(bytes.ToLower(raw), []byte("color")) {
		// Sheets stores colours in 1/255 steps (values bodies hold none).
		if raw, err = quantizeColors(api, schema, raw); err != nil {
			writeError(w, http.StatusBadRequest, "parseError", "Invalid JSON payload received. "+err.Error())
			return false
		}
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		writeError(w, http.StatusBadRequest, "parseError", "Invalid JSON payload received. "+err.Error())
		return false
	}
	return true
}
