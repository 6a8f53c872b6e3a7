package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
)

// grid reads text as rows split by newlines and cells by "|".
func grid(text string) [][]string {
	if text == "" {
		return nil
	}
	var g [][]string
	for _, line := range strings.Split(text, "\n") {
		g = append(g, strings.Split(line, "|"))
	}
	return g
}

// FuzzMakePlan runs the whole read -> plan path on tabs people could type,
// against a store that knows some members: it never panics, and it never
// plans a write into a column of the Members tab that people own.
//
//	go test ./sync/engine -run '^$' -fuzz FuzzMakePlan -fuzztime 30s
func FuzzMakePlan(f *testing.F) {
	f.Add("Member ID|Name|Type|Status|Voting|Joined|Working groups\nM-0001|Casa Ejemplo|Organization|Active|Yes|2025-06-01|Legislative\n|Lena Example|Individual|Active|Yes|1/5/2026|",
		"Name|1/26/2026|Aug 24 2026\nCasa Ejemplo|P|A\nLena Example|N|",
		"Meeting|Motion|Kind|Subject|Yes|No|Abstain\n2026-01-26|Admit|Admit|Casa|3|0|0")
	f.Add("Name|Member ID\n=SUM(A:A)|M-0999\n#REF!|M-0001\n|M-0001", "Member ID|1/26/2026\nM-0001|P", "")
	f.Add("Full name|Type\nCasa|Organization", "", "Meeting|Motion\n|")
	f.Add("Member ID|Name\nM-0002|Casa Ejemplo\nM-0001|Lena Example", "", "")
	f.Fuzz(func(t *testing.T, members, attendance, votes string) {
		tabs := map[string][][]string{sheets.TabMembers: grid(members)}
		if a := grid(attendance); a != nil {
			tabs[sheets.TabAttendance] = a
		}
		if v := grid(votes); v != nil {
			tabs[sheets.TabVotes] = v
		}
		in := Input{
			Tabs: tabs,
			Known: Known{NextMemberNumber: 3, Members: map[string]KnownMember{
				"M-0001": {Name: "Casa Ejemplo"}, "M-0002": {Name: "Lena Example"},
			}},
			AsOf:     domain.NewDate(2026, 11, 22),
			Now:      time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC),
			Settings: Settings{Policy: domain.DefaultPolicy(), Lang: domain.Spanish, Location: time.UTC},
		}
		p := MakePlan(in)
		_ = p.Describe(domain.English)
		header := map[int]string{}
		if g := tabs[sheets.TabMembers]; len(g) > 0 {
			for j, h := range g[0] {
				header[j] = h
			}
		}
		schema, _ := sheets.SchemaFor(sheets.TabMembers)
		for _, c := range p.Changes {
			if c.Tab != sheets.TabMembers || c.Row == 1 {
				continue // other tabs are checked by their own tests; row 1 adds owned headers
			}
			if h, ok := header[c.Col]; ok && !schema.IsOwned(h) {
				t.Fatalf("plan writes Members row %d column %d, under the people's header %q", c.Row, c.Col, h)
			}
		}
	})
}
