package workspacetest_test

import (
	"context"
	"fmt"
	"testing"

	"google.golang.org/api/calendar/v3"
	"google.golang.org/api/drive/v3"

	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

func dcDriveB(b *testing.B) (*workspacetest.Server, *drive.Service) {
	s := workspacetest.NewServer()
	b.Cleanup(s.Close)
	srv, err := drive.NewService(context.Background(), s.ClientOptions()...)
	if err != nil {
		b.Fatal(err)
	}
	return s, srv
}

// BenchmarkCalendarIncrementalSync measures one patch followed by an
// incremental events.list on a calendar of 200 events.
func BenchmarkCalendarIncrementalSync(b *testing.B) {
	s := workspacetest.NewServer()
	b.Cleanup(s.Close)
	srv, err := calendar.NewService(context.Background(), s.ClientOptions()...)
	if err != nil {
		b.Fatal(err)
	}
	for i := range 200 {
		if _, err := srv.Events.Insert("primary", meeting(fmt.Sprintf("bench%05d", i), "2026-01-26")).Do(); err != nil {
			b.Fatal(err)
		}
	}
	res, err := srv.Events.List("primary").MaxResults(2500).Do()
	if err != nil {
		b.Fatal(err)
	}
	tok := res.NextSyncToken
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if _, err := srv.Events.Patch("primary", "bench00007", &calendar.Event{Location: fmt.Sprint(i)}).Do(); err != nil {
			b.Fatal(err)
		}
		inc, err := srv.Events.List("primary").SyncToken(tok).Do()
		if err != nil || len(inc.Items) != 1 {
			b.Fatalf("incremental = %v, %v", inc, err)
		}
		tok = inc.NextSyncToken
	}
}
