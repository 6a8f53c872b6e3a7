package workspacetest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Fault is a failure the server injects in place of (or before) a method's
// normal answer. Set InjectFault's rules from tests to prove retries,
// backoff and error reporting.
type Fault struct {
	// Method is the discovery method ID it applies to, such as
	// "sheets.spreadsheets.values.batchGet"; "" applies to every method.
	Method string
	// Status is the HTTP status to answer with (429, 500, 503, ...); 0 with
	// Latency only delays the normal answer.
	Status int
	// Reason is the error reason (errors[0].reason); empty picks Google's
	// usual one for Status, such as "rateLimitExceeded" for 429.
	Reason string
	// Message is the error message; empty picks a default for Status.
	Message string
	// RetryAfter, when positive, is sent as the Retry-After header (whole
	// seconds, rounded up).
	RetryAfter time.Duration
	// Latency delays the answer (or the drop); the wait ends early if the
	// client gives up.
	Latency time.Duration
	// Drop hijacks the connection and closes it without an answer.
	Drop bool
	// Times is how many matching calls it affects; 0 or less means every
	// matching call until ClearFaults.
	Times int
}

// InjectFault adds a fault rule. Rules are consulted in the order they were
// added; the first one that matches a call is used (and spent if Times > 0).
func (s *Server) InjectFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// ClearFaults removes every fault rule.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// takeFaultLocked returns the fault for one call of method, spending one of
// its Times. Call with s.mu held.
func (s *Server) takeFaultLocked(method string) *Fault {
	for i, f := range s.faults {
		if f.Method != "" && f.Method != method {
			continue
		}
		c := *f
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return &c
	}
	return nil
}

// applyFault carries out f. It reports whether the call has been answered
// (or dropped); false means the method should run normally.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, f *Fault) bool {
	if f.Latency > 0 {
		t := time.NewTimer(f.Latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return true
		}
	}
	if f.Drop {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return true
			}
		}
		panic(http.ErrAbortHandler) // closes the connection without an answer
	}
	if f.Status == 0 {
		return false
	}
	reason, msg := f.Reason, f.Message
	if reason == "" {
		reason = defaultReason(f.Status)
	}
	if msg == "" {
		msg = defaultMessage(f.Status)
	}
	if f.RetryAfter > 0 {
		secs := int((f.RetryAfter + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	writeError(w, f.Status, reason, msg)
	return true
}

func defaultReason(code int) string {
	switch code {
	case http.StatusTooManyRequests:
		return "rateLimitExceeded"
	case http.StatusServiceUnavailable:
		return "backendError"
	case http.StatusInternalServerError:
		return "internalError"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound:
		return "notFound"
	}
	return "badRequest"
}

func defaultMessage(code int) string {
	switch code {
	case http.StatusTooManyRequests:
		return "Resource has been exhausted (e.g. check quota)."
	case http.StatusServiceUnavailable:
		return "The service is currently unavailable."
	case http.StatusInternalServerError:
		return "Internal error encountered."
	}
	return fmt.Sprintf("Injected fault (HTTP %d).", code)
}
