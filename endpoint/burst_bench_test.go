package endpoint

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sethvargo/go-envconfig"

	"github.com/coalitionsync/coalitionsync/runner"
	"github.com/coalitionsync/coalitionsync/sync/store/firestoretest"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
	"github.com/coalitionsync/coalitionsync/triggers"
	"github.com/coalitionsync/coalitionsync/triggers/idtokentest"
)

// The burst's shape; the defaults are issue 13's target: 1,000 Drive
// notifications in 60 seconds on a coalition of 500 members.
var (
	burstN       = flag.Int("burst.n", 1000, "BenchmarkBurst: notifications sent, each after one attendance edit")
	burstT       = flag.Duration("burst.t", 60*time.Second, "BenchmarkBurst: time the spread notifications are sent over")
	burstMembers = flag.Int("burst.members", 500, "BenchmarkBurst: members on the invented sheet")
	burstAtOnce  = flag.Int("burst.parallel", 10, "BenchmarkBurst: requests in flight at a time in the spread burst")
	burstRerun   = flag.Duration("burst.interval", 0, "BenchmarkBurst: runner.Timing.RerunInterval (0: the default; negative: no wait, to compare)")
)

// BenchmarkBurst sends a burst of Drive notifications to the real HTTP
// handlers over loopback, each after a person's edit of one attendance
// cell, on an invented coalition (the fake Workspace and the Firestore
// emulator), and reports what the issue asks: the Sheets calls in the
// busiest minute, the requests that failed, whether every edit shows once
// the burst is over (after one final quiet notification), and how long an
// edit takes to show in its member's Unexcused absences cell (p50, p95).
//
//	go test ./endpoint -run '^$' -bench BenchmarkBurst -benchtime=1x
//
// "spread" sends the notifications evenly over -burst.t, -burst.parallel
// requests at a time; "at-once" sends all of them together. It stops by
// itself: every request is bounded, and the whole burst by -burst.t plus
// ten minutes.
func BenchmarkBurst(b *testing.B) {
	for _, mode := range []string{"spread", "at-once"} {
		b.Run(mode, func(b *testing.B) {
			for range b.N {
				r := runBurst(b, mode == "at-once")
				b.ReportMetric(float64(r.busiestMinute), "sheets-calls-busiest-minute")
				b.ReportMetric(float64(r.sheetsCalls), "sheets-calls")
				b.ReportMetric(float64(r.failed), "failed-requests")
				b.ReportMetric(float64(r.unreflected), "edits-not-shown")
				b.ReportMetric(r.p50.Seconds(), "edit-to-cell-p50-s")
				b.ReportMetric(r.p95.Seconds(), "edit-to-cell-p95-s")
				b.Logf("%s: %d notifications over %v (%d members): %d Sheets calls, %d in the busiest minute; %d failed requests; %d of %d members not showing their edits after the final run; edit to cell p50 %v, p95 %v, max %v (%d edits timed); burst took %v",
					mode, *burstN, r.spreadOver, *burstMembers, r.sheetsCalls, r.busiestMinute, r.failed, r.unreflected, *burstMembers,
					r.p50.Round(time.Millisecond), r.p95.Round(time.Millisecond), r.max.Round(time.Millisecond), r.timed, r.took.Round(time.Millisecond))
			}
		})
	}
}

type burstResult struct {
	spreadOver    time.Duration
	sheetsCalls   int
	busiestMinute int
	failed        int
	unreflected   int
	timed         int
	p50, p95, max time.Duration
	took          time.Duration
}

// burstEdit is one person's edit: member's absences reach want once it
// shows.
type burstEdit struct {
	member, want int
	at           time.Time // zero until made
	shown        time.Duration
}

func runBurst(b *testing.B, atOnce bool) burstResult {
	b.StopTimer()
	members, n := *burstMembers, *burstN
	meetings := (n+members-1)/members + 1
	ws, sheet, h := newBurstDeployment(b, members, meetings)
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	client := &http.Client{Timeout: 6 * time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 1000}}
	notify := func(ctx context.Context) (int, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/notify/drive", nil)
		if err != nil {
			return 0, err
		}
		req.Header.Set("X-Goog-Channel-Token", channelToken)
		req.Header.Set("X-Goog-Resource-State", "update")
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), *burstT+10*time.Minute)
	defer cancel()

	// The first sync gives the members their IDs; the second sees its own
	// write-back. Neither is counted.
	for i := range 2 {
		if code, err := notify(ctx); err != nil || code != http.StatusNoContent {
			b.Fatalf("setup notification %d: %d, %v", i+1, code, err)
		}
	}
	absences := func() []int {
		rows := ws.Values(sheet, "'Members'")
		col := slices.Index(rows[0], "Unexcused absences")
		if col < 0 {
			return nil
		}
		out := make([]int, members)
		for m := range members {
			if r := rows[m+1]; col < len(r) {
				out[m], _ = strconv.Atoi(r[col])
			}
		}
		return out
	}
	if a := absences(); a == nil || slices.Max(a) != 0 {
		b.Fatalf("absences before the burst = %v, want a column of zeros", a)
	}
	ws.ResetCalls()

	edits := make([]burstEdit, n)
	for i := range edits {
		edits[i] = burstEdit{member: i % members, want: i/members + 1}
	}
	var mu sync.Mutex // guards edits[*].at and .shown
	edit := func(i int) {
		e := &edits[i]
		cell := fmt.Sprintf("Attendance!%s%d", string(rune('B'+i/members)), e.member+2)
		mu.Lock()
		e.at = time.Now()
		mu.Unlock()
		if err := ws.SetCells(sheet, cell, [][]string{{"A"}}); err != nil {
			b.Errorf("edit %d: %v", i, err)
		}
	}

	// The watcher samples the Sheets calls and the owned cells.
	type sample struct {
		at    time.Time
		calls int
	}
	sheetsCalls := func() int {
		c := ws.CallsByBucket()
		return c[workspacetest.QuotaSheetsRead] + c[workspacetest.QuotaSheetsWrite]
	}
	start := time.Now()
	samples := []sample{{start, 0}}
	stopWatch := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stopWatch:
				return
			case now := <-tick.C:
				samples = append(samples, sample{now, sheetsCalls()})
				a := absences()
				mu.Lock()
				for i := range edits {
					e := &edits[i]
					if !e.at.IsZero() && e.shown == 0 && a != nil && a[e.member] >= e.want {
						e.shown = now.Sub(e.at)
					}
				}
				mu.Unlock()
			}
		}
	}()

	var failed int
	var failMu sync.Mutex
	send := func(i int) {
		edit(i)
		code, err := notify(ctx)
		if err != nil || code != http.StatusNoContent {
			failMu.Lock()
			failed++
			if failed <= 5 {
				b.Logf("notification %d: %d, %v", i, code, err)
			}
			failMu.Unlock()
		}
	}
	b.StartTimer()
	var wg sync.WaitGroup
	if atOnce {
		gate := make(chan struct{})
		for i := range n {
			wg.Go(func() { <-gate; send(i) })
		}
		close(gate)
	} else {
		jobs := make(chan int)
		for range *burstAtOnce {
			wg.Go(func() {
				for i := range jobs {
					send(i)
				}
			})
		}
		for i := range n {
			due := start.Add(time.Duration(i) * *burstT / time.Duration(n))
			select {
			case <-time.After(time.Until(due)):
			case <-ctx.Done():
			}
			jobs <- i
		}
		close(jobs)
	}
	wg.Wait()
	b.StopTimer()
	took := time.Since(start)
	// One final quiet notification: every edit must show after it.
	if code, err := notify(ctx); err != nil || code != http.StatusNoContent {
		b.Errorf("final notification: %d, %v", code, err)
	}
	close(stopWatch)
	<-watched
	samples = append(samples, sample{time.Now(), sheetsCalls()})

	r := burstResult{took: took, failed: failed, sheetsCalls: samples[len(samples)-1].calls}
	if !atOnce {
		r.spreadOver = *burstT
	}
	k := 0
	for j := range samples {
		for k+1 < len(samples) && samples[k+1].at.Sub(samples[j].at) <= time.Minute {
			k++
		}
		r.busiestMinute = max(r.busiestMinute, samples[k].calls-samples[j].calls)
	}
	final := absences()
	want := make([]int, members)
	for _, e := range edits {
		want[e.member] = max(want[e.member], e.want)
	}
	for m := range members {
		if final == nil || final[m] != want[m] {
			r.unreflected++
		}
	}
	var shown []time.Duration
	for _, e := range edits {
		if e.shown > 0 {
			shown = append(shown, e.shown)
		}
	}
	slices.Sort(shown)
	r.timed = len(shown)
	if len(shown) > 0 {
		r.p50 = shown[len(shown)/2]
		r.p95 = shown[min(len(shown)-1, len(shown)*95/100)]
		r.max = shown[len(shown)-1]
	}
	return r
}

// newBurstDeployment is an invented coalition of members, everyone present
// at each of meetings past meetings, on the fake Workspace and the
// Firestore emulator, and the handler a deployment serves for it.
func newBurstDeployment(b *testing.B, members, meetings int) (*workspacetest.Server, string, http.Handler) {
	b.Helper()
	ws := workspacetest.NewServer()
	b.Cleanup(ws.Close)
	memberRows := [][]string{{"Name", "Type", "Status", "Voting", "Joined", "Working groups", "Email"}}
	attendance := [][]string{{"Name"}}
	first := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	for k := range meetings {
		d := first.AddDate(0, 0, 7*k)
		attendance[0] = append(attendance[0], fmt.Sprintf("%d/%d/%d", d.Month(), d.Day(), d.Year()))
	}
	for m := range members {
		name := fmt.Sprintf("Invented Member %03d", m+1)
		memberRows = append(memberRows, []string{name, "Individual", "Active", "Yes", "2025-06-01", "Legislative", fmt.Sprintf("member%03d@example.org", m+1)})
		row := []string{name}
		for range meetings {
			row = append(row, "P")
		}
		attendance = append(attendance, row)
	}
	sheet := ws.CreateSpreadsheet("Invented Coalition", map[string][][]string{
		"Members":    memberRows,
		"Attendance": attendance,
		"Votes":      {{"Meeting", "Motion", "Kind", "Subject", "Yes", "No", "Abstain"}},
		"Meetings":   {{"Date", "Date override", "Cancelled", "Notes link"}},
	})
	firestoretest.Emulator(b)
	certs := idtokentest.New(b)
	env := map[string]string{
		"COALITION_ID":         "invented",
		"SPREADSHEET_ID":       sheet,
		"GOOGLE_CLOUD_PROJECT": firestoretest.ProjectID(b),
		"WORKSPACE_ENDPOINT":   ws.URL,
		"CHANNEL_TOKEN":        channelToken,
		"EDIT_AUDIENCE":        editAudience,
		"SCHEDULE_AUDIENCE":    scheduleAudience,
		"ALLOWED_SENDERS":      scheduler + "," + facilitator,
	}
	h := NewLazy(Options{
		Lookup:       envconfig.MapLookuper(env),
		LogOutput:    io.Discard,
		Owner:        "burst-instance",
		Timing:       runner.Timing{RerunInterval: *burstRerun},
		NewValidator: func(ctx context.Context) (triggers.TokenValidator, error) { return certs.NewValidator(ctx) },
	})
	b.Cleanup(func() { h.Close() })
	return ws, sheet, h
}
