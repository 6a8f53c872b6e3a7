package workspacetest

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Quota buckets counted by CallsByBucket and limited by EnforceQuota,
// named as the Google Cloud console names Sheets' per-user limits.
const (
	QuotaSheetsRead  = "Read requests per minute per user"
	QuotaSheetsWrite = "Write requests per minute per user"
)

// quotaState is the emulated per-minute quota. Guarded by Server.mu.
type quotaState struct {
	limits map[string]int         // bucket -> requests per minute; absent = unlimited
	used   map[string][]time.Time // bucket -> accepted calls in the last minute
}

// sheetsReads are the Sheets methods that count as read requests; every
// other Sheets method counts as a write.
var sheetsReads = map[string]bool{
	"sheets.spreadsheets.get":                         true,
	"sheets.spreadsheets.getByDataFilter":             true,
	"sheets.spreadsheets.developerMetadata.get":       true,
	"sheets.spreadsheets.developerMetadata.search":    true,
	"sheets.spreadsheets.values.get":                  true,
	"sheets.spreadsheets.values.batchGet":             true,
	"sheets.spreadsheets.values.batchGetByDataFilter": true,
}

// quotaBucket returns the quota bucket a method counts against, "" for none.
func quotaBucket(method string) string {
	if !strings.HasPrefix(method, "sheets.") {
		return ""
	}
	if sheetsReads[method] {
		return QuotaSheetsRead
	}
	return QuotaSheetsWrite
}

// EnforceQuota limits Sheets calls to perMinuteRead read and perMinuteWrite
// write requests in any 60 seconds of the server's clock (Google's defaults
// are 60 and 60 per user). Over the limit, calls get 429 rateLimitExceeded
// with Sheets' message and use no quota. A limit of 0 or less lifts it.
func (s *Server) EnforceQuota(perMinuteRead, perMinuteWrite int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.quota.limits = map[string]int{}
	if perMinuteRead > 0 {
		s.quota.limits[QuotaSheetsRead] = perMinuteRead
	}
	if perMinuteWrite > 0 {
		s.quota.limits[QuotaSheetsWrite] = perMinuteWrite
	}
}

// overQuota records a call against its bucket, or answers 429 and reports
// true when the bucket is full.
func (s *Server) overQuota(w http.ResponseWriter, method string) bool {
	b := quotaBucket(method)
	if b == "" {
		return false
	}
	s.mu.Lock()
	limit, ok := s.quota.limits[b]
	if !ok {
		s.mu.Unlock()
		return false
	}
	now := s.now()
	if s.quota.used == nil {
		s.quota.used = map[string][]time.Time{}
	}
	kept := s.quota.used[b][:0]
	for _, t := range s.quota.used[b] {
		if now.Sub(t) < time.Minute && !t.After(now) {
			kept = append(kept, t)
		}
	}
	s.quota.used[b] = kept
	if len(kept) >= limit {
		s.mu.Unlock()
		metric := "Read requests"
		if b == QuotaSheetsWrite {
			metric = "Write requests"
		}
		msg := fmt.Sprintf("Quota exceeded for quota metric '%s' and limit '%s' of service "+
			"'sheets.googleapis.com' for consumer 'project_number:000000000000'.", metric, b)
		writeErrorBody(w, http.StatusTooManyRequests, apiError{
			Code: http.StatusTooManyRequests, Reason: "rateLimitExceeded", Message: msg,
			Details: []any{map[string]any{
				"@type":  "type.googleapis.com/google.rpc.ErrorInfo",
				"reason": "RATE_LIMIT_EXCEEDED",
				"domain": "googleapis.com",
				"metadata": map[string]string{
					"quota_metric":      "sheets.googleapis.com/" + strings.ToLower(strings.ReplaceAll(metric, " ", "_")),
					"quota_limit":       strings.ReplaceAll(metric, " ", "") + "PerMinutePerUser",
					"consumer":          "projects/000000000000",
					"service":           "sheets.googleapis.com",
					"quota_location":    "global",
					"quota_limit_value": fmt.Sprint(limit),
				},
			}},
		})
		return true
	}
	s.quota.used[b] = append(kept, now)
	s.mu.Unlock()
	return false
}
