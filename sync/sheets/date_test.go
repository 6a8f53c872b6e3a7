package sheets

import (
	"slices"
	"strings"
	"testing"

	"github.com/coalitionsync/coalitionsync/domain"
)

// TestAttendanceHeaderTypedByHand is the case that lost a removal review:
// the third absence sat under a header typed "Aug 24 2026", which was not
// read, so the member was not flagged and nothing said why.
func TestAttendanceHeaderTypedByHand(t *testing.T) {
	t.Parallel()
	members := []domain.Member{{ID: "M-0001", Name: "Casa Ejemplo", Status: domain.StatusActive, Voting: true,
		Joined: domain.NewDate(2025, 1, 1)}}
	grid := [][]string{
		{"Member ID", "Name", "6/22/2026", "2026-07-27", "Aug 24 2026"},
		{"M-0001", "Casa Ejemplo", "A", "A", "A"},
	}
	c := domain.Coalition{Members: members}
	_, issues, err := ParseAttendance(grid, &c)
	if err != nil {
		t.Fatal(err)
	}
	if len(issues) != 0 {
		t.Errorf("issues = %+v, want none", positions(issues))
	}
	want := []domain.Date{domain.NewDate(2026, 6, 22), domain.NewDate(2026, 7, 27), domain.NewDate(2026, 8, 24)}
	if !slices.Equal(c.Meetings, want) {
		t.Fatalf("Meetings = %v, want %v", c.Meetings, want)
	}
	r := domain.Evaluate(c, domain.DefaultPolicy(), domain.NewDate(2026, 9, 1))
	if got := r.Members[0]; got.UnexcusedAbsences != 3 || !slices.ContainsFunc(got.Flags, func(f domain.Flag) bool { return f.Kind == domain.FlagRemovalReviewDue }) {
		t.Errorf("member = %d absences, flags %v; want 3 and a removal review", got.UnexcusedAbsences, got.Flags)
	}
}

func TestAttendanceHeaders(t *testing.T) {
	t.Parallel()
	aug24 := domain.NewDate(2026, 8, 24)
	tests := []struct {
		header  string
		want    domain.Date // read as this meeting
		hint    string      // else reported with this hint, or ignored when ""
		english string      // the English message says this
	}{
		{"Aug 24 2026", aug24, "", ""},
		{"August 24, 2026", aug24, "", ""},
		{"24-Aug-2026", aug24, "", ""},
		{"Monday, August 24, 2026", aug24, "", ""},
		{"24 de agosto de 2026", aug24, "", ""},
		{"lunes 24 ago 2026", aug24, "", ""},
		{"2026/8/24", aug24, "", ""},
		{"Aug 24", domain.Date{}, "date.no_year", "year is missing"},
		{"24/08/2026", domain.Date{}, "date.day_first", "read month first"},
		{"24.08.2026", domain.Date{}, "date.day_first", "read month first"},
		{"05-08-2026", domain.Date{}, "date.how_to_write", "year-month-day"},
		{"8/24/26", domain.Date{}, "date.short_year", "two digits"},
		{"Tuesday, Aug 24, 2026", domain.Date{}, "date.wrong_weekday", "It says Tuesday, but that date is a Monday"},
		{"Feb 30 2026", domain.Date{}, "date.no_such_day", "does not exist"},
		{"Meeting Aug 24 2026", domain.Date{}, "date.extra_text", "Write only the date"},
		{"8/24/2026 (virtual)", domain.Date{}, "date.extra_text", "Write only the date"},
		{"Notes", domain.Date{}, "", ""},
		{"March", domain.Date{}, "", ""},
		{"Phone 2", domain.Date{}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			t.Parallel()
			grid := [][]string{{"Name", "1/26/2026", tt.header}, {"Casa Ejemplo", "P", "A"}}
			c := domain.Coalition{Members: sampleMembers()}
			_, issues, err := ParseAttendance(grid, &c)
			if err != nil {
				t.Fatal(err)
			}
			checkIssues(t, TabAttendance, grid, issues)
			if !tt.want.IsZero() {
				if !slices.Equal(c.Meetings, []domain.Date{domain.NewDate(2026, 1, 26), tt.want}) || len(issues) != 0 {
					t.Errorf("Meetings = %v, issues %+v; want Jan 26 and %v, no issue", c.Meetings, positions(issues), tt.want)
				}
				return
			}
			if len(c.Meetings) != 1 {
				t.Errorf("Meetings = %v, want only Jan 26", c.Meetings)
			}
			if tt.hint == "" {
				if len(issues) != 0 {
					t.Errorf("issues = %+v, want none for a column that is not a date", positions(issues))
				}
				return
			}
			if want := []where{{1, tt.header, msgBadMeetingHeader}}; !slices.Equal(positions(issues), want) {
				t.Fatalf("issues = %+v, want %+v", positions(issues), want)
			}
			msg := issues[0].Message
			if len(msg.Args) != 3 || msg.Args[2].(domain.Text).Key != tt.hint {
				t.Errorf("message args = %v, want the hint %s", msg.Args, tt.hint)
			}
			en, es := msg.In(domain.English), msg.In(domain.Spanish)
			for _, want := range []string{tt.english, "column C", "not counted", `"` + tt.header + `"`} {
				if !strings.Contains(en, want) {
					t.Errorf("English message %q lacks %q", en, want)
				}
			}
			if !strings.Contains(es, "columna C") || !strings.Contains(es, "no se cuentan") || en == es || strings.Contains(en+es, "%!") {
				t.Errorf("Spanish message = %q, want the column and a Spanish wording", es)
			}
		})
	}
}

// TestDateCellsAsPeopleTypeThem reads the other cells that hold a date.
func TestDateCellsAsPeopleTypeThem(t *testing.T) {
	t.Parallel()
	aug24 := domain.NewDate(2026, 8, 24)
	members, _, issues, err := ParseMembers([][]string{
		{"Name", "Status", "Voting", "Joined", "Left", "Last review"},
		{"Casa Ejemplo", "Active", "Yes", "Aug 24 2026", "24/08/2026", "24 de agosto de 2026"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if m := members[0]; m.Joined != aug24 || !m.Left.IsZero() || m.LastReview != aug24 {
		t.Errorf("Joined, Left, Last review = %v, %v, %v; want %v, blank, %v", m.Joined, m.Left, m.LastReview, aug24, aug24)
	}
	if want := []where{{2, ColLeft, msgBadDate}}; !slices.Equal(positions(issues), want) {
		t.Fatalf("issues = %+v, want %+v", positions(issues), want)
	}
	if en := issues[0].Message.String(); !strings.Contains(en, `"24/08/2026" is not a date`) || !strings.Contains(en, "read month first") {
		t.Errorf("message = %q, want the cell and the day-first hint", en)
	}
	if es := issues[0].Message.In(domain.Spanish); !strings.Contains(es, "mes primero") {
		t.Errorf("Spanish message = %q, want the day-first hint", es)
	}

	overrides, _, issues, err := ParseMeetings([][]string{
		{"Date", "Date override"},
		{"Aug 24, 2026", "Monday, August 31, 2026"},
		{"2026-09-28", "Sep 31 2026"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []domain.MeetingOverride{{Scheduled: aug24, MovedTo: domain.NewDate(2026, 8, 31)}, {Scheduled: domain.NewDate(2026, 9, 28)}}
	if !slices.Equal(overrides, want) {
		t.Errorf("overrides = %+v, want %+v", overrides, want)
	}
	if want := []where{{3, ColDateOverride, msgBadDate}}; !slices.Equal(positions(issues), want) {
		t.Errorf("issues = %+v, want %+v", positions(issues), want)
	} else if en := issues[0].Message.String(); !strings.Contains(en, "does not exist") {
		t.Errorf("message = %q, want the no-such-day hint", en)
	}

	votes, _, issues, err := ParseVotes([][]string{
		{"Meeting", "Kind", "Yes", "No"},
		{"August 24, 2026", "Other", "5", "1"},
		{"Aug 24", "Other", "5", "1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(votes) != 1 || votes[0].Meeting != aug24 {
		t.Errorf("votes = %+v, want one on %v", votes, aug24)
	}
	if want := []where{{3, ColMeeting, msgVoteBadMeeting}}; !slices.Equal(positions(issues), want) {
		t.Errorf("issues = %+v, want %+v", positions(issues), want)
	} else if en := issues[0].Message.String(); !strings.Contains(en, "year is missing") {
		t.Errorf("message = %q, want the no-year hint", en)
	}
}
