package setup

import (
	"context"
	"fmt"
	"testing"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
	sheetsapi "google.golang.org/api/sheets/v4"
)

// benchRoster is an invented hand-kept roster of n members, its columns in
// its own order, with a column of its own and owned columns missing.
func benchRoster(n int) map[string][][]string {
	tabs := coalitionTabs()
	members := [][]string{tabs["Members"][0]}
	for i := range n {
		members = append(members, []string{fmt.Sprintf("Member %d", i), "Active", "Organization", "teal",
			fmt.Sprintf("M-%04d", i+1), "Yes", fmt.Sprintf("m%d@example.org", i), "", "", "Legislative"})
	}
	tabs["Members"] = members
	return tabs
}

// BenchmarkRun measures one setup run and reports the Sheets API calls it
// makes (reads, writes) and the requests of its batchUpdate.
func BenchmarkRun(b *testing.B) {
	ctx := context.Background()
	cases := []struct {
		name    string
		prepare func(s *workspacetest.Server, svc *sheetsapi.Service) Options
	}{
		{"create", func(*workspacetest.Server, *sheetsapi.Service) Options {
			return Options{Title: "Bench", Lang: domain.English}
		}},
		{"adopt 500 members", func(s *workspacetest.Server, _ *sheetsapi.Service) Options {
			return Options{SpreadsheetID: s.CreateSpreadsheet("Bench", benchRoster(500))}
		}},
		{"again after setup", func(s *workspacetest.Server, svc *sheetsapi.Service) Options {
			res, err := Run(ctx, svc, Options{SpreadsheetID: s.CreateSpreadsheet("Bench", benchRoster(500))})
			if err != nil {
				b.Fatal(err)
			}
			return Options{SpreadsheetID: res.SpreadsheetID}
		}},
		// People retyped the Type and Email headers in each other's place:
		// setup reads row 2 of the column its Type list is left on, and
		// takes it off.
		{"again after headers retyped", func(s *workspacetest.Server, svc *sheetsapi.Service) Options {
			res, err := Run(ctx, svc, Options{SpreadsheetID: s.CreateSpreadsheet("Bench", benchRoster(500))})
			if err != nil {
				b.Fatal(err)
			}
			if err := s.SetCells(res.SpreadsheetID, "Members!C1", [][]string{{"Email"}}); err != nil {
				b.Fatal(err)
			}
			if err := s.SetCells(res.SpreadsheetID, "Members!G1", [][]string{{"Type"}}); err != nil {
				b.Fatal(err)
			}
			return Options{SpreadsheetID: res.SpreadsheetID}
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			s := workspacetest.NewServer()
			defer s.Close()
			svc, err := sheetsapi.NewService(ctx, s.ClientOptions()...)
			if err != nil {
				b.Fatal(err)
			}
			var reads, writes, requests int
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				opts := c.prepare(s, svc)
				b.StartTimer()
				res, err := Run(ctx, svc, opts)
				if err != nil {
					b.Fatal(err)
				}
				reads, writes, requests = res.Reads, res.Writes, res.Requests
			}
			b.ReportMetric(float64(reads), "reads/op")
			b.ReportMetric(float64(writes), "writes/op")
			b.ReportMetric(float64(requests), "requests/op")
		})
	}
}
