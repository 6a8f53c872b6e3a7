package sheets

import (
	"strings"
	"testing"

	"github.com/coalitionsync/coalitionsync/domain"
)

// checkIssues fails when an issue does not point at a real place of grid:
// the right tab, a row of the grid, and a column that is a known column or a
// header cell of the tab.
func checkIssues(t *testing.T, tab string, grid [][]string, issues []domain.Issue) {
	t.Helper()
	headers := map[string]bool{}
	if len(grid) > 0 {
		for _, h := range grid[0] {
			headers[domain.Excerpt(h)] = true // issues quote a header by its start
			// A form's tab names it as written, trimmed, without a closing colon.
			headers[domain.Excerpt(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(h), ":：")))] = true
		}
	}
	schema, _ := SchemaFor(tab)
	for _, is := range issues {
		if is.Tab != tab {
			t.Errorf("issue tab %q, want %q", is.Tab, tab)
		}
		if is.Row < 1 || is.Row > max(len(grid), 1) {
			t.Errorf("issue row %d outside 1..%d: %+v", is.Row, len(grid), is)
		}
		if _, known := schema.Column(is.Column); !known && !headers[is.Column] {
			t.Errorf("issue column %q is neither known nor a header: %+v", is.Column, is)
		}
		if msg := is.Message.String(); msg == "" || msg == is.Message.Key {
			t.Errorf("issue without wording: %+v", is)
		}
	}
}

func FuzzParseMembers(f *testing.F) {
	f.Add("Member ID,Name,Status,Voting,Joined,Working groups\nM-1,Casa,Active,Yes,1/5/2025,Legislative\n,,Active,\n")
	f.Add("name,name,Left\n\"x\ny\",Removed,2026-02-30\n")
	f.Add("\uFEFFVoting,NAME\nmaybe,  A  \n\n,B\n")
	f.Add("Name,Joined,Left,Last review\nCasa,Aug 24 2026,24/08/2026,\"Monday, August 24, 2026\"\n")
	f.Fuzz(func(t *testing.T, in string) {
		grid, err := ReadCSV(strings.NewReader(in))
		if err != nil {
			return
		}
		members, layout, issues, err := ParseMembers(grid)
		if err != nil {
			return
		}
		checkIssues(t, TabMembers, grid, issues)
		if len(layout.Rows) != len(members) {
			t.Fatalf("len(Rows) = %d, want %d", len(layout.Rows), len(members))
		}
		for i, m := range members {
			if m.Name == "" || m.Row != layout.Rows[i] || m.Row < 2 || m.Row > len(grid) {
				t.Errorf("member %d = %+v, rows %v", i, m, layout.Rows)
			}
		}
	})
}

func FuzzParseAttendance(f *testing.F) {
	members := []domain.Member{{ID: "M-1", Name: "Casa Ejemplo"}, {Name: "Ana"}, {Name: "ana "}}
	f.Add("Name,2026-01-26,1/26/2026,2/23/2026\nCasa Ejemplo,P,A,x\nAna,N\nNobody,P\n,A\n")
	f.Add("Member ID,Name,Notes,3/23/2026\nm-1,,hi,present\nM-1,Casa Ejemplo,,A\n")
	f.Add("Name\n\n\n")
	f.Add("Name,Aug 24 2026,\"August 24, 2026\",24/08/2026,Aug 24,8/24/26,lunes 24 ago 2026,Notes\nCasa Ejemplo,A,P,A,A,N,A,x\n")
	f.Add("Member ID,\"Tuesday, Aug 24, 2026\",24 de agosto de 2026,2026/8/31,Meeting 9/28/2026\nM-1,P,A,N,P\n")
	f.Fuzz(func(t *testing.T, in string) {
		grid, err := ReadCSV(strings.NewReader(in))
		if err != nil {
			return
		}
		c := domain.Coalition{Members: members}
		layout, issues, err := ParseAttendance(grid, &c)
		if err != nil {
			return
		}
		checkIssues(t, TabAttendance, grid, issues)
		for j := 1; j < len(c.Meetings); j++ {
			if !c.Meetings[j-1].Before(c.Meetings[j]) {
				t.Fatalf("Meetings not ascending and distinct: %v", c.Meetings)
			}
		}
		if len(layout.MeetingColumns) != len(c.Meetings) || len(c.Attendance) != len(members) || len(layout.Rows) != len(members) {
			t.Fatalf("lengths: columns %d, meetings %d, attendance %d, rows %d", len(layout.MeetingColumns), len(c.Meetings), len(c.Attendance), len(layout.Rows))
		}
		for i, codes := range c.Attendance {
			if codes != nil && len(codes) != len(c.Meetings) {
				t.Errorf("Attendance[%d] has %d codes, want %d", i, len(codes), len(c.Meetings))
			}
			if (codes != nil) != (layout.Rows[i] != 0) {
				t.Errorf("Attendance[%d] = %v but row %d", i, codes, layout.Rows[i])
			}
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	f.Add("\uFEFFa,b\n\nc,\"d\ne\"\n")
	f.Fuzz(func(t *testing.T, in string) {
		grid, err := ReadCSV(strings.NewReader(in))
		if err != nil {
			return
		}
		for i, row := range grid {
			if len(row) > 0 && row[len(row)-1] == "" {
				t.Errorf("row %d keeps a trailing blank cell: %q", i, row)
			}
		}
	})
}
