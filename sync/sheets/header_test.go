package sheets

import (
	"errors"
	"slices"
	"testing"
)

func TestNormalizeHeader(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"plain", "Member ID", "member id"},
		{"upper and spaces", "  MEMBER   ID ", "member id"},
		{"tab and no-break space", "Last\treview\u00a0", "last review"},
		{"empty", "   ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := NormalizeHeader(tt.in); got != tt.want {
				t.Errorf("NormalizeHeader(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestColumnLetterAndA1(t *testing.T) {
	t.Parallel()
	letters := []struct {
		i    int
		want string
	}{{0, "A"}, {1, "B"}, {25, "Z"}, {26, "AA"}, {27, "AB"}, {701, "ZZ"}, {702, "AAA"}, {-1, ""}}
	for _, tt := range letters {
		if got := ColumnLetter(tt.i); got != tt.want {
			t.Errorf("ColumnLetter(%d) = %q, want %q", tt.i, got, tt.want)
		}
	}
	if got, want := A1("Approval requests", 2, 5), "'Approval requests'!C5"; got != want {
		t.Errorf("A1 = %q, want %q", got, want)
	}
	if got, want := A1("Ana's tab", 0, 1), "'Ana''s tab'!A1"; got != want {
		t.Errorf("A1 with a quote = %q, want %q", got, want)
	}
}

func TestIndexHeader(t *testing.T) {
	t.Parallel()
	row := []string{"  notes ", "NAME", "", "member  id", "Flags", "My column", "name"}
	h, issues := IndexHeader(TabMembers, row)
	for col, want := range map[string]int{ColName: 1, ColMemberID: 3, ColFlags: 4} {
		if got, ok := h.Index(col); !ok || got != want {
			t.Errorf("Index(%q) = %d, %v, want %d, true", col, got, ok, want)
		}
	}
	if h.Has(ColEmail) {
		t.Errorf("Has(Email) = true, want false")
	}
	if got, ok := h.Letter(ColFlags); !ok || got != "E" {
		t.Errorf("Letter(Flags) = %q, %v, want E, true", got, ok)
	}
	var extra []string
	for _, c := range h.Extra() {
		extra = append(extra, c.Text)
	}
	if want := []string{"  notes ", "My column", "name"}; !slices.Equal(extra, want) {
		t.Errorf("Extra() = %q, want %q", extra, want)
	}
	if h.Width != 7 {
		t.Errorf("Width = %d, want 7", h.Width)
	}
	if len(issues) != 1 || issues[0].Row != 1 || issues[0].Column != ColName || issues[0].Tab != TabMembers {
		t.Fatalf("issues = %+v, want one duplicate Name issue on row 1", issues)
	}
	if got := issues[0].Message.String(); got != `The header "Name" is in both column B and column G. Only the first one is read: rename or delete the other.` {
		t.Errorf("duplicate header message = %q", got)
	}
	missing := h.Missing()
	if len(missing) == 0 || missing[0].Name != ColType {
		t.Errorf("Missing()[0] = %+v, want Type first", missing)
	}
	for _, c := range missing {
		if c.Name == ColName || c.Name == ColMemberID || c.Name == ColFlags {
			t.Errorf("Missing() lists %q, which the header has", c.Name)
		}
	}
}

func TestSchema(t *testing.T) {
	t.Parallel()
	wantTabs := []string{TabMembers, TabMeetings, TabAttendance, TabVotes, TabApplications, TabApprovalRequests, TabDashboard, TabSyncIssues}
	var got []string
	for _, s := range Schema {
		got = append(got, s.Name)
		seen := map[string]bool{}
		for _, c := range s.Columns {
			if seen[NormalizeHeader(c.Name)] {
				t.Errorf("tab %s lists column %q twice", s.Name, c.Name)
			}
			seen[NormalizeHeader(c.Name)] = true
		}
	}
	if !slices.Equal(got, wantTabs) {
		t.Errorf("Schema tabs = %q, want %q", got, wantTabs)
	}
	owned := []struct {
		tab, col string
		want     bool
	}{
		{TabMembers, ColMemberID, true},
		{TabMembers, ColFlags, true},
		{TabMembers, ColUnexcusedAbsences, true},
		{TabMembers, ColLastSynced, true},
		{TabMembers, ColName, false},
		{TabMembers, ColContraryAction, false},
		{TabMembers, "my own column", false},
		{TabMeetings, ColQuorum, true},
		{TabMeetings, ColDateOverride, false},
		{TabVotes, ColResult, true},
		{TabVotes, ColYes, false},
		{TabApplications, ColApplicationID, true},
		{TabApprovalRequests, ColDeadline, true},
		{TabApprovalRequests, ColApprovedObjected, false},
		{TabSyncIssues, "anything", true},
		{TabDashboard, ColValue, true},
		{TabAttendance, ColName, false},
	}
	for _, tt := range owned {
		s, ok := SchemaFor(tt.tab)
		if !ok {
			t.Fatalf("SchemaFor(%q) not found", tt.tab)
		}
		if got := s.IsOwned(tt.col); got != tt.want {
			t.Errorf("%s.IsOwned(%q) = %v, want %v", tt.tab, tt.col, got, tt.want)
		}
	}
	if _, ok := SchemaFor("  approval   REQUESTS"); !ok {
		t.Errorf("SchemaFor ignores case and spaces: not found")
	}
	if h := mustSchema(t, TabVotes).Headers(); !slices.Equal(h, []string{"Meeting", "Motion", "Kind", "Subject", "Yes", "No", "Abstain", "Result"}) {
		t.Errorf("Votes headers = %q", h)
	}
}

func mustSchema(t *testing.T, tab string) TabSchema {
	t.Helper()
	s, ok := SchemaFor(tab)
	if !ok {
		t.Fatalf("SchemaFor(%q) not found", tab)
	}
	return s
}

func TestMissingColumnErrorAs(t *testing.T) {
	t.Parallel()
	_, _, _, err := ParseMembers([][]string{{"Member ID", "Status"}, {"M-1", "Active"}})
	var mc *MissingColumnError
	if !errors.As(err, &mc) {
		t.Fatalf("ParseMembers without Name: err = %v, want a *MissingColumnError", err)
	}
	if mc.Tab != TabMembers || mc.Column != ColName {
		t.Errorf("MissingColumnError = %+v, want Members/Name", mc)
	}
}
