package engine

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
)

// sampleTabs is a small invented coalition: the Members tab has no owned
// columns yet, as a coalition's own sheet would before the first sync.
func sampleTabs() map[string][][]string {
	return map[string][][]string{
		"Members": {
			{"Name", "Type", "Status", "Voting", "Joined", "Working groups", "Contrary action", "Notes of our own"},
			{"Casa Ejemplo", "Organization", "Active", "Yes", "2025-06-01", "Legislative", "", "keep"},
			{"Río Abierto Collective", "Organization", "Active", "Yes", "2025-06-01", "", "", ""},
			{"Lena Example", "Individual", "Active", "Yes", "1/5/2026", "Communications, Base building", "", ""},
			{"Northside Worker Center", "Organization", "Active", "Yes", "2025-06-01", "Base building", "spoke against the platform", ""},
		},
		"Attendance": {
			{"Name", "2026-01-26", "2026-02-23", "2026-03-23"},
			{"Casa Ejemplo", "P", "P", "P"},
			{"Río Abierto Collective", "A", "A", "A"},
			{"Lena Example", "P", "N", "P"},
			{"Northside Worker Center", "P", "P", ""},
		},
		"Votes": {
			{"Meeting", "Motion", "Kind", "Subject", "Yes", "No", "Abstain"},
			{"2026-03-23", "Endorse the state bill", "Other", "", "3", "0", "0"},
		},
		"Meetings": {
			{"Date", "Date override", "Cancelled", "Notes link"},
		},
	}
}

func sampleInput(tabs map[string][][]string) Input {
	return Input{
		Tabs:  tabs,
		Known: Known{Members: map[string]KnownMember{}, NextMemberNumber: 1},
		AsOf:  domain.NewDate(2026, time.April, 1),
		Now:   time.Date(2026, time.April, 1, 15, 0, 0, 0, time.UTC),
		Settings: Settings{
			Policy:   domain.DefaultPolicy(),
			Lang:     domain.English,
			Location: time.UTC,
		},
	}
}

// known returns what the store knows after saving p's members.
func known(p *Plan) Known {
	k := Known{Members: map[string]KnownMember{}, NextMemberNumber: 1}
	for i, m := range p.Parsed.Coalition.Members {
		if p.Excluded[i] || m.ID == "" {
			continue
		}
		k.Members[m.ID] = KnownMember{Name: m.Name}
		n, _ := MemberNumber(m.ID)
		k.NextMemberNumber = max(k.NextMemberNumber, n+1)
	}
	return k
}

func cellAt(tabs map[string][][]string, tab string, row int, col string) string {
	g := tabs[tab]
	i := -1
	for j, h := range g[0] {
		if strings.EqualFold(h, col) {
			i = j
		}
	}
	if i < 0 || row > len(g) || i >= len(g[row-1]) {
		return ""
	}
	return g[row-1][i]
}

// setCell types v into a cell as a person would, growing the row.
func setCell(g [][]string, row, col int, v string) {
	for len(g[row-1]) <= col {
		g[row-1] = append(g[row-1], "")
	}
	g[row-1][col] = v
}

func TestFirstPlanFillsOwnedCells(t *testing.T) {
	t.Parallel()
	in := sampleInput(sampleTabs())
	p := MakePlan(in)
	if p.IsBlocked() {
		t.Fatalf("plan blocked: %s", p.Blocked)
	}
	if got := len(p.NewMembers); got != 4 {
		t.Fatalf("new members = %d, want 4", got)
	}
	after := p.After(in.Tabs)
	tests := []struct {
		tab, col string
		row      int
		want     string
	}{
		{"Members", sheets.ColMemberID, 2, "M-0001"},
		{"Members", sheets.ColMemberID, 5, "M-0004"},
		{"Members", sheets.ColUnexcusedAbsences, 3, "3"},
		{"Members", sheets.ColFlags, 3, "Removal review due: absent without notice on Jan 26, 2026, Feb 23, 2026, Mar 23, 2026; No working group"},
		{"Members", sheets.ColFlags, 2, ""},
		{"Members", sheets.ColFlags, 5, "Contrary action review"},
		{"Members", sheets.ColLastSynced, 2, "2026-04-01 15:00"},
		{"Members", "Notes of our own", 2, "keep"},
		{"Meetings", sheets.ColDate, 2, "2026-01-26"},
		{"Meetings", sheets.ColVotingMembers, 4, "4"},
		{"Meetings", sheets.ColPresent, 4, "2"},
		{"Meetings", sheets.ColQuorumNeeded, 4, "3"},
		{"Meetings", sheets.ColDate, 5, "2026-04-27"},
		{"Meetings", sheets.ColQuorum, 5, ""},
		{"Votes", sheets.ColResult, 2, ""}, // filled below: starts with Not valid
	}
	for _, tc := range tests {
		if tc.tab == "Votes" {
			continue
		}
		if got := cellAt(after, tc.tab, tc.row, tc.col); got != tc.want {
			t.Errorf("%s row %d %s = %q, want %q", tc.tab, tc.row, tc.col, got, tc.want)
		}
	}
	if got := cellAt(after, "Meetings", 4, sheets.ColQuorum); !strings.HasPrefix(got, "No") {
		t.Errorf("Meetings quorum of Mar 23 (2 of 4 present, 3 needed) = %q, want a sentence beginning No", got)
	}
	if got := cellAt(after, "Meetings", 2, sheets.ColQuorum); !strings.HasPrefix(got, "Yes") {
		t.Errorf("Meetings quorum of Jan 26 (3 of 4 present) = %q, want a sentence beginning Yes", got)
	}
	if got := cellAt(after, "Votes", 2, sheets.ColResult); !strings.HasPrefix(got, "Not valid") {
		t.Errorf("vote at a meeting without quorum: Result = %q, want a sentence beginning Not valid", got)
	}
	if got := after["Attendance"][0]; got[len(got)-1] != "2026-04-27" {
		t.Errorf("Attendance header = %q, want a column for the next meeting 2026-04-27", got)
	}
	if got := after["Sync issues"]; len(got) < 2 {
		t.Errorf("Sync issues tab = %q, want a header and a row", got)
	}
	if len(p.NewTabs) != 2 {
		t.Errorf("NewTabs = %v, want Sync issues and Dashboard", p.NewTabs)
	}
}

func TestPlanIsIdempotent(t *testing.T) {
	t.Parallel()
	in := sampleInput(sampleTabs())
	p := MakePlan(in)
	in2 := in
	in2.Tabs = p.After(in.Tabs)
	in2.Known = known(p)
	in2.Now = in.Now.Add(time.Hour)
	p2 := MakePlan(in2)
	if len(p2.Changes) != 0 || len(p2.NewMembers) != 0 || len(p2.NewTabs) != 0 {
		for _, c := range p2.Changes {
			t.Errorf("second plan changes %s from %q to %v (%s)", c.A1(), c.Old, c.Value, c.Note)
		}
		t.Fatalf("second plan: %d changes, %d new members, new tabs %v; want none", len(p2.Changes), len(p2.NewMembers), p2.NewTabs)
	}
}

func TestPlanTouchesOnlyWhatChanged(t *testing.T) {
	t.Parallel()
	in := sampleInput(sampleTabs())
	p := MakePlan(in)
	in2 := in
	in2.Tabs = p.After(in.Tabs)
	in2.Known = known(p)
	in2.Now = in.Now.Add(time.Hour)
	// A facilitator records Northside's absence at the March meeting.
	setCell(in2.Tabs["Attendance"], 5, 3, "A")
	p2 := MakePlan(in2)
	got := map[string]string{}
	for _, c := range p2.Changes {
		got[fmt.Sprintf("%s!%s%d", c.Tab, sheets.ColumnLetter(c.Col), c.Row)] = valueText(c.Value)
	}
	// Northside (Members row 5) now has one absence without notice; the
	// March meeting was already recorded, so its numbers stay as they were.
	want := map[string]string{
		"Members!J5": "1",                // Unexcused absences (column J: after the 8 people's columns and Member ID)
		"Members!L5": "2026-04-01 16:00", // Last synced
	}
	if len(got) != len(want) {
		t.Errorf("changes = %v, want exactly %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("change %s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
}

func TestDuplicateAndForeignIDsAreReportedNotGuessed(t *testing.T) {
	t.Parallel()
	tabs := sampleTabs()
	m := tabs["Members"]
	m[0] = append(m[0], "Member ID")
	m[1] = append(m[1], "M-0007")
	m[2] = append(m[2], "", "", "", "", "", "", "", "M-0007")[:9]
	m[2][8] = "M-0007"
	m[3] = append(m[3], "", "", "", "", "", "", "", "")[:9]
	m[3][8] = "ABC"
	in := sampleInput(tabs)
	p := MakePlan(in)
	if !p.Excluded[0] || !p.Excluded[1] || !p.Excluded[2] || p.Excluded[3] {
		t.Fatalf("Excluded = %v, want rows 2-4 excluded and row 5 not", p.Excluded)
	}
	if len(p.NewMembers) != 1 || p.NewMembers[0].ID != "M-0008" {
		t.Errorf("NewMembers = %+v, want one, numbered after the highest ID seen (M-0008)", p.NewMembers)
	}
	var msgs []string
	for _, is := range p.Issues {
		if is.Column == sheets.ColMemberID {
			msgs = append(msgs, fmt.Sprintf("row %d: %s", is.Row, is.Message))
		}
	}
	if len(msgs) != 3 {
		t.Errorf("Member ID issues = %q, want 3 (two duplicates, one foreign)", msgs)
	}
	for _, c := range p.Changes {
		if c.Tab == "Members" && c.Row >= 2 && c.Row <= 4 {
			t.Errorf("plan writes %s on an excluded row", c.A1())
		}
	}
}

func TestDeletionGuard(t *testing.T) {
	t.Parallel()
	// members returns a Members tab of n rows with IDs M-0001.. and what the store knows of them.
	members := func(n int) ([][]string, Known) {
		g := [][]string{{"Member ID", "Name", "Status", "Voting", "Working groups"}}
		k := Known{Members: map[string]KnownMember{}, NextMemberNumber: n + 1}
		for i := 1; i <= n; i++ {
			name := fmt.Sprintf("Invented Group %d", i)
			g = append(g, []string{FormatMemberID(i), name, "Active", "Yes", "Legislative"})
			k.Members[FormatMemberID(i)] = KnownMember{Name: name}
		}
		return g, k
	}
	tests := []struct {
		name    string
		known   int // members the store knows, all in the sheet before
		keep    int // rows left in the sheet
		blocked bool
	}{
		{"three of five may go", 5, 2, false},
		{"four of five trips", 5, 1, true},
		{"four of forty is ten percent", 40, 36, false},
		{"five of forty trips", 40, 35, true},
		{"a cleared sheet trips", 40, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g, k := members(tc.known)
			in := sampleInput(map[string][][]string{"Members": g[:1+tc.keep]})
			in.Known = k
			p := MakePlan(in)
			if len(p.Missing) != tc.known-tc.keep {
				t.Errorf("Missing = %d, want %d", len(p.Missing), tc.known-tc.keep)
			}
			if p.IsBlocked() != tc.blocked {
				t.Fatalf("blocked = %v (%s), want %v", p.IsBlocked(), p.Blocked, tc.blocked)
			}
			if !tc.blocked {
				return
			}
			for _, c := range p.Changes {
				if c.Tab != sheets.TabSyncIssues {
					t.Errorf("blocked plan writes %s", c.A1())
				}
			}
			if got := cellAt(p.After(in.Tabs), sheets.TabSyncIssues, 2, "Problem and what to do"); !strings.Contains(got, "Nothing was synced") {
				t.Errorf("Sync issues row 2 = %q, want the reason", got)
			}
		})
	}
}

func TestSpanishWording(t *testing.T) {
	t.Parallel()
	in := sampleInput(sampleTabs())
	in.Settings.Lang = domain.Spanish
	after := MakePlan(in).After(in.Tabs)
	flags := cellAt(after, "Members", 3, sheets.ColFlags)
	if flags == "" || strings.Contains(flags, "Removal review due") {
		t.Errorf("Spanish flags = %q, want Spanish wording", flags)
	}
	if got := after["Sync issues"][0][0]; got != "Pestaña" {
		t.Errorf("Sync issues header = %q, want Pestaña", got)
	}
}

func TestOwnedTabHeadersMatchTheSchema(t *testing.T) {
	t.Parallel()
	after := MakePlan(sampleInput(sampleTabs())).After(sampleTabs())
	for _, tab := range []string{sheets.TabSyncIssues, sheets.TabDashboard} {
		schema, ok := sheets.SchemaFor(tab)
		if !ok {
			t.Fatalf("no schema for %s", tab)
		}
		want := schema.Headers()
		got := after[tab][0]
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s header written = %q, schema says %q", tab, got, want)
		}
	}
}
