package workspacetest

import (
	"context"
	"testing"
	"time"

	sheets "google.golang.org/api/sheets/v4"
)

func TestFaults(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	id := s.CreateSpreadsheet("Roster", map[string][][]string{"Members": {{"a"}}})
	batchGet := func(ctx context.Context) error {
		_, err := srv.Spreadsheets.Values.BatchGet(id).Ranges("Members").Context(ctx).Do()
		return err
	}
	s.InjectFault(Fault{Method: "sheets.spreadsheets.values.batchGet", Status: 429, RetryAfter: 1500 * time.Millisecond, Times: 1})
	s.InjectFault(Fault{Method: "sheets.spreadsheets.values.batchGet", Status: 503, Times: 1})
	ge := apiErr(t, batchGet(context.Background()))
	if ge.Code != 429 || len(ge.Errors) != 1 || ge.Errors[0].Reason != "rateLimitExceeded" || ge.Header.Get("Retry-After") != "2" {
		t.Errorf("first fault = %d %+v Retry-After %q, want 429 rateLimitExceeded 2", ge.Code, ge.Errors, ge.Header.Get("Retry-After"))
	}
	if ge := apiErr(t, batchGet(context.Background())); ge.Code != 503 || ge.Errors[0].Reason != "backendError" {
		t.Errorf("second fault = %d %+v, want 503 backendError", ge.Code, ge.Errors)
	}
	if err := batchGet(context.Background()); err != nil {
		t.Errorf("after the faults are spent: %v", err)
	}
	if _, err := srv.Spreadsheets.Get(id).Do(); err != nil {
		t.Errorf("another method was affected: %v", err)
	}

	s.InjectFault(Fault{Latency: 2 * time.Second, Times: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := batchGet(ctx); err == nil {
		t.Error("a call slower than its deadline succeeded")
	}
	s.InjectFault(Fault{Status: 500})
	if ge := apiErr(t, batchGet(context.Background())); ge.Code != 500 {
		t.Errorf("global fault code = %d, want 500", ge.Code)
	}
	s.ClearFaults()
	if err := batchGet(context.Background()); err != nil {
		t.Errorf("after ClearFaults: %v", err)
	}
	if got := s.Calls()["sheets.spreadsheets.values.batchGet"]; got != 6 {
		t.Errorf("batchGet calls = %d, want 6 (faulted calls count)", got)
	}
	// net/http retries an idempotent request once on a dropped reused
	// connection, so the drop stays until cleared.
	s.InjectFault(Fault{Method: "sheets.spreadsheets.values.batchGet", Drop: true})
	if err := batchGet(context.Background()); err == nil {
		t.Error("dropped connection gave no error")
	}
	s.ClearFaults()
	if err := batchGet(context.Background()); err != nil {
		t.Errorf("after the drop is cleared: %v", err)
	}
}

func TestQuotaAndCounters(t *testing.T) {
	t.Parallel()
	s, srv := newSheets(t)
	id := s.CreateSpreadsheet("Roster", map[string][][]string{"Members": {{"a"}}})
	now := time.Date(2026, 1, 26, 18, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	s.EnforceQuota(2, 1)
	read := func() error { _, err := srv.Spreadsheets.Values.Get(id, "Members").Do(); return err }
	write := func() error {
		_, err := srv.Spreadsheets.Values.Update(id, "Members!B1", &sheets.ValueRange{Values: [][]any{{"x"}}}).ValueInputOption("RAW").Do()
		return err
	}
	for i := 0; i < 2; i++ {
		if err := read(); err != nil {
			t.Fatalf("read %d within quota: %v", i, err)
		}
	}
	ge := apiErr(t, read())
	if ge.Code != 429 || ge.Errors[0].Reason != "rateLimitExceeded" ||
		ge.Message != "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'." {
		t.Errorf("third read = %d %q, want 429 with Sheets' quota message", ge.Code, ge.Message)
	}
	if err := write(); err != nil {
		t.Fatalf("write within quota: %v", err)
	}
	if ge := apiErr(t, write()); ge.Code != 429 || !contains([]string{ge.Message}, ge.Message) {
		t.Errorf("second write = %d, want 429", ge.Code)
	}
	now = now.Add(61 * time.Second)
	if err := read(); err != nil {
		t.Errorf("read after a minute: %v", err)
	}
	want := map[string]int{QuotaSheetsRead: 4, QuotaSheetsWrite: 2}
	if got := s.CallsByBucket(); got[QuotaSheetsRead] != want[QuotaSheetsRead] || got[QuotaSheetsWrite] != want[QuotaSheetsWrite] {
		t.Errorf("CallsByBucket = %v, want %v", got, want)
	}
	if got := s.Calls()["sheets.spreadsheets.values.get"]; got != 4 {
		t.Errorf("values.get calls = %d, want 4", got)
	}
	s.ResetCalls()
	if got := s.Calls(); len(got) != 0 {
		t.Errorf("after ResetCalls = %v, want none", got)
	}
	if err := write(); err != nil {
		t.Errorf("write after ResetCalls emptied the window: %v", err)
	}
}
