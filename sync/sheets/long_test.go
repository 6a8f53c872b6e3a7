package sheets

import (
	"context"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	sheetsapi "google.golang.org/api/sheets/v4"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/sync/workspacetest"
)

// pasted is what a person may paste into one cell: 49,990 characters,
// which Google accepts in a cell, but not inside a longer message.
var pasted = "Q" + strings.Repeat("w", 49989)

// TestIssuesQuotePastedTextShort reads tabs with a 49,990-character cell
// where each kind of problem quotes what people typed, and checks that
// every issue quotes only its first characters.
func TestIssuesQuotePastedTextShort(t *testing.T) {
	t.Parallel()
	excerpt := domain.Excerpt(pasted)
	members := []domain.Member{{ID: "M-0001", Name: "Casa Ejemplo"}}
	tests := []struct {
		name  string
		parse func() []domain.Issue
	}{
		{"Members status", func() []domain.Issue {
			_, _, is, _ := ParseMembers([][]string{{"Name", "Status", "Voting"}, {"Casa", pasted, "Yes"}})
			return is
		}},
		{"Members type, date, yes or no, working groups, ID twice", func() []domain.Issue {
			_, _, is, _ := ParseMembers([][]string{
				{"Name", "Status", "Voting", "Type", "Joined", "Core team", "Working groups", "Member ID"},
				{"Casa", "Active", "Yes", pasted, pasted, pasted, pasted, pasted},
				{"Otra", "Active", "Yes", "", "", "", "", pasted},
			})
			return is
		}},
		{"Attendance unknown member and bad mark under a padded date header", func() []domain.Issue {
			c := domain.Coalition{Members: members}
			_, is, _ := ParseAttendance([][]string{
				{"Name", "1/26/2026" + strings.Repeat(" ", 49990)},
				{"Casa Ejemplo", pasted},
				{pasted, "P"},
			}, &c)
			return is
		}},
		{"Votes meeting, kind and count", func() []domain.Issue {
			_, _, is, _ := ParseVotes([][]string{{"Meeting", "Kind", "Yes", "No"}, {pasted, pasted, pasted, "0"}})
			return is
		}},
		{"Meetings date and date override", func() []domain.Issue {
			_, _, is, _ := ParseMeetings([][]string{{"Date", "Date override"}, {pasted}, {"2026-01-26", pasted}})
			return is
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			issues := tc.parse()
			if len(issues) == 0 {
				t.Fatal("no issue found, want at least one")
			}
			quoted := false
			for _, is := range issues {
				if n := utf8.RuneCountInString(is.Column); n > domain.ExcerptLength+1 {
					t.Errorf("issue column has %d characters, want at most %d", n, domain.ExcerptLength+1)
				}
				for _, lang := range []domain.Lang{domain.English, domain.Spanish} {
					msg := is.Message.In(lang)
					if n := utf8.RuneCountInString(msg); n > 600 {
						t.Errorf("%s message of %s has %d characters, want at most 600: %.120q…", lang, is.Message.Key, n, msg)
					}
					quoted = quoted || strings.Contains(msg, excerpt)
				}
			}
			if !quoted {
				t.Errorf("no issue quotes the start of the pasted text as %.20q…", excerpt)
			}
		})
	}
}

func TestCapCell(t *testing.T) {
	t.Parallel()
	units := func(s string) int { return len(utf16.Encode([]rune(s))) }
	tests := []struct {
		name     string
		in       string
		wantCut  bool
		wantUnit int // UTF-16 units of the result
	}{
		{"short", "Casa de la Paz", false, 14},
		{"exactly the limit", strings.Repeat("a", MaxCellLength), false, MaxCellLength},
		{"one over the limit", strings.Repeat("a", MaxCellLength+1), true, MaxCellLength},
		{"a 60,000-character paste", strings.Repeat("b", 60000), true, MaxCellLength},
		{"accents: few characters, many bytes", strings.Repeat("é", MaxCellLength), false, MaxCellLength},
		{"emoji count two units each", strings.Repeat("🙂", MaxCellLength/2+1), true, MaxCellLength - 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := CapCell(tc.in)
			if cut := got != tc.in; cut != tc.wantCut {
				t.Fatalf("CapCell cut = %v, want %v", cut, tc.wantCut)
			}
			if tc.wantCut && (!strings.HasSuffix(got, "…") || !strings.HasPrefix(tc.in, strings.TrimSuffix(got, "…"))) {
				t.Errorf("CapCell = %.20q…%q, want the start of the input and …", got, got[max(0, len(got)-8):])
			}
			if n := units(got); n != tc.wantUnit {
				t.Errorf("CapCell has %d UTF-16 units, want %d", n, tc.wantUnit)
			}
			if !utf8.ValidString(got) {
				t.Errorf("CapCell cut a character in two")
			}
		})
	}
}

// TestWriteCapsLongCells writes a cell longer than Google accepts next to
// an ordinary one. Google refuses a values.batchUpdate with any cell over
// 50,000 characters (see workspacetest's maxCellChars), so without the cap
// neither cell would be written.
func TestWriteCapsLongCells(t *testing.T) {
	t.Parallel()
	ws := workspacetest.NewServer()
	t.Cleanup(ws.Close)
	svc, err := sheetsapi.NewService(context.Background(), ws.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	id := ws.CreateSpreadsheet("Roster", map[string][][]string{TabSyncIssues: {{"Tab", "Row", "Column", "Problem"}}})
	c := NewClient(svc, id)
	long := "Z" + strings.Repeat("y", 59999)
	if err := c.Write(context.Background(), []Cell{
		{Tab: TabSyncIssues, Col: 0, Row: 2, Value: "Members"},
		{Tab: TabSyncIssues, Col: 3, Row: 2, Value: long},
	}); err != nil {
		t.Fatalf("Write of a 60,000-character cell: %v", err)
	}
	got := ws.Values(id, TabSyncIssues)
	if len(got) < 2 || len(got[1]) < 4 {
		t.Fatalf("Sync issues = %.200v, want row 2 written", got)
	}
	if got[1][0] != "Members" {
		t.Errorf("A2 = %q, want Members", got[1][0])
	}
	if want := CapCell(long); got[1][3] != want || len(want) >= len(long) {
		t.Errorf("D2 has %d characters, want the capped %d", len(got[1][3]), len(want))
	}
}
