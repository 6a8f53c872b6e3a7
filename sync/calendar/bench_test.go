package calendar_test

import (
	"context"
	"fmt"
	"testing"

	calendarapi "google.golang.org/api/calendar/v3"

	"github.com/coalitionsync/coalitionsync/sync/calendar"
)

func benchGuests(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("member%05d@example.org", i)
	}
	return out
}

func benchMeetings(guests []string) []calendar.Meeting {
	return []calendar.Meeting{meeting("2026-01-26", guests...), meeting("2026-02-23", guests...), meeting("2026-03-23", guests...)}
}

// calendarWrites sums the fake's counts of Calendar calls, less the
// benchmark's own calendars.insert.
func calendarWrites(f *fixture) int {
	return calendarCalls(f.ws) - f.ws.Calls()["calendar.calendars.insert"]
}

// BenchmarkApply measures Plan and Apply against the fake through the
// official client: "create" makes the events of 3 meetings for N guests on
// a fresh calendar; "addOne" then invites one more guest to the 3 meetings.
// calls/op counts Calendar requests; invites/op the guests invited.
func BenchmarkApply(b *testing.B) {
	for _, n := range []int{50, 500, 5000} {
		guests := benchGuests(n)
		b.Run(fmt.Sprintf("create/guests=%d", n), func(b *testing.B) {
			f := newFixture(b)
			want := benchMeetings(guests)
			b.ReportAllocs()
			calls, invites := 0, 0
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				cal, err := f.raw.Calendars.Insert(&calendarapi.Calendar{Summary: "Invented coalition", TimeZone: zone}).Do()
				if err != nil {
					b.Fatal(err)
				}
				c := calendar.NewClient(f.raw, cal.Id)
				c.Retry = fastRetry
				f.ws.ResetCalls()
				b.StartTimer()
				_, res, err := c.Apply(context.Background(), calendar.Plan(coalition, want, nil))
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				calls += calendarWrites(f)
				invites += res.Invitations
				b.StartTimer()
			}
			b.ReportMetric(float64(calls)/float64(b.N), "calls/op")
			b.ReportMetric(float64(invites)/float64(b.N), "invites/op")
		})
		b.Run(fmt.Sprintf("addOne/guests=%d", n), func(b *testing.B) {
			guests := guests // each run of this function starts from N guests
			f := newFixture(b)
			f.sync(b, benchMeetings(guests)...)
			b.ReportAllocs()
			calls, invites := 0, 0
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				more := append(guests[:len(guests):len(guests)], fmt.Sprintf("joiner%05d@example.org", i))
				want := benchMeetings(more)
				f.ws.ResetCalls()
				b.StartTimer()
				_, res := f.sync(b, want...)
				b.StopTimer()
				calls += calendarWrites(f)
				invites += res.Invitations
				guests = more
				b.StartTimer()
			}
			b.ReportMetric(float64(calls)/float64(b.N), "calls/op")
			b.ReportMetric(float64(invites)/float64(b.N), "invites/op")
		})
	}
}
