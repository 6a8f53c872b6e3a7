package sheets

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/coalitionsync/coalitionsync/domain"
)

// where is an issue's position, for comparing issues without their wording.
type where struct {
	Row    int
	Column string
	Key    string
}

func positions(issues []domain.Issue) []where {
	var out []where
	for _, is := range issues {
		out = append(out, where{is.Row, is.Column, is.Message.Key})
	}
	return out
}

func TestParseMembers(t *testing.T) {
	t.Parallel()
	d := domain.NewDate
	grid := [][]string{
		{"Voting", "name ", "Status", "Joined", "Member ID", "My notes", "Working Groups", "Type", "Left", "Last review", "Contrary action", "Share contact", "Email", "Phone", "Core team"},
		{"Yes", "  Casa   Ejemplo ", "Active", "1/5/2025", "M-0001", "hello", "Legislative, base building", "Organization", "", "2026-03-23", "", "Sí", "info@example.org", "555-0100", "x"},
		{"", "Ana Invented", "active", "2026-13-01", "M-0002", "", "Gardening", "person"},
		{},
		{"  ", "", " "},
		{"Y", "", "Active"}, // content but no name
		{"maybe", "Río Worker Center (invented)", "Withdrawn", "", "m-0001", "", "", "Club", "2026-06-22", "", "Spoke against the platform"},
		{"no", "Short Row"},
	}
	members, layout, issues, err := ParseMembers(grid)
	if err != nil {
		t.Fatalf("ParseMembers: %v", err)
	}
	var names []string
	for _, m := range members {
		names = append(names, m.Name)
	}
	if want := []string{"Casa Ejemplo", "Ana Invented", "Río Worker Center (invented)", "Short Row"}; !slices.Equal(names, want) {
		t.Fatalf("names = %q, want %q", names, want)
	}
	if want := []int{2, 3, 7, 8}; !slices.Equal(layout.Rows, want) {
		t.Errorf("layout.Rows = %v, want %v", layout.Rows, want)
	}
	if want := []int{6}; !slices.Equal(layout.Skipped, want) {
		t.Errorf("layout.Skipped = %v, want %v", layout.Skipped, want)
	}
	if layout.LastRow != 8 {
		t.Errorf("LastRow = %d, want 8", layout.LastRow)
	}
	for i, m := range members {
		if m.Row != layout.Rows[i] {
			t.Errorf("members[%d].Row = %d, want %d", i, m.Row, layout.Rows[i])
		}
	}
	casa := members[0]
	want := domain.Member{ID: "M-0001", Row: 2, Name: "Casa Ejemplo", Type: domain.TypeOrganization,
		WorkingGroups: []domain.WorkingGroup{domain.Legislative, domain.BaseBuilding}, CoreTeam: true,
		Status: domain.StatusActive, Voting: true, Joined: d(2025, 1, 5), LastReview: d(2026, 3, 23),
		ShareContact: true, Email: "info@example.org", Phone: "555-0100"}
	if !equalMember(casa, want) {
		t.Errorf("members[0] = %+v, want %+v", casa, want)
	}
	ana := members[1]
	if ana.Type != domain.TypeIndividual || ana.Voting || !ana.Joined.IsZero() || len(ana.WorkingGroups) != 0 || ana.Status != domain.StatusActive {
		t.Errorf("members[1] = %+v, want an active non-voting individual with no join date and no groups", ana)
	}
	rio := members[2]
	if rio.Status != domain.StatusWithdrawn || rio.Left != d(2026, 6, 22) || rio.ContraryAction != "Spoke against the platform" || rio.Voting || rio.Type != "" {
		t.Errorf("members[2] = %+v", rio)
	}
	if members[3].Status != domain.StatusUnknown {
		t.Errorf("members[3].Status = %v, want unknown", members[3].Status)
	}
	wantIssues := []where{
		{3, ColJoined, msgBadDate},
		{3, ColWorkingGroups, msgBadWorkingGroups},
		{6, ColName, msgNameMissing},
		{7, ColMemberID, msgDuplicateID},
		{7, ColType, msgBadType},
		{7, ColVoting, msgBadYesNo},
		{8, ColStatus, msgBlankStatus},
	}
	if got := positions(issues); !slices.Equal(got, wantIssues) {
		t.Errorf("issues = %+v\nwant %+v", got, wantIssues)
	}
	for _, is := range issues {
		if is.Tab != TabMembers {
			t.Errorf("issue tab = %q, want Members", is.Tab)
		}
	}
	if got, ok := layout.A1(1, ColJoined); !ok || got != "'Members'!D3" {
		t.Errorf("A1(1, Joined) = %q, %v, want 'Members'!D3", got, ok)
	}
	if _, ok := layout.A1(0, ColFlags); ok {
		t.Errorf("A1(0, Flags) found a column the header lacks")
	}
}

func equalMember(a, b domain.Member) bool {
	return a.ID == b.ID && a.Row == b.Row && a.Name == b.Name && a.Type == b.Type &&
		slices.Equal(a.WorkingGroups, b.WorkingGroups) && a.CoreTeam == b.CoreTeam &&
		a.Status == b.Status && a.Voting == b.Voting && a.Joined == b.Joined && a.Left == b.Left &&
		a.LastReview == b.LastReview && a.ShareContact == b.ShareContact && a.Email == b.Email &&
		a.Phone == b.Phone && a.ContraryAction == b.ContraryAction
}

func TestParseMembersMissingColumns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		header []string
		want   []where
	}{
		{"no voting, no status", []string{"Name"}, []where{{1, ColVoting, msgNoVotingColumn}, {1, ColStatus, msgNoStatusColumn}}},
		{"no voting", []string{"Name", "status"}, []where{{1, ColVoting, msgNoVotingColumn}}},
		{"all there", []string{"STATUS", "Name", "voting"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, issues, err := ParseMembers([][]string{tt.header})
			if err != nil {
				t.Fatalf("ParseMembers: %v", err)
			}
			if got := positions(issues); !slices.Equal(got, tt.want) {
				t.Errorf("issues = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func sampleMembers() []domain.Member {
	return []domain.Member{
		{ID: "M-0001", Name: "Casa Ejemplo"},
		{ID: "M-0002", Name: "Ana Invented"},
		{Name: "Río  Center"},
		{Name: "Twin"},
		{Name: "twin"},
	}
}

func TestParseAttendance(t *testing.T) {
	t.Parallel()
	d := domain.NewDate
	grid := [][]string{
		{"Name", "3/23/2026", "Notes", "Member ID", "2026-01-26", "2/23/2026", "1/26/2026", "Not a date 2026"},
		{"Casa Ejemplo", "P", "late", "M-0001", "a", "Present", "P"},
		{"whoever", "N", "", "m-0002", "A", "maybe"},
		{"  río center ", "", "", "", "excused"},
		{"Nobody Here", "P"},
		{"", "P", "", "M-9999"},
		{"", "A"},
		{"Casa Ejemplo", "P"},
		{"Twin", "P"},
		{"", "", "just a note"},
		{},
	}
	c := domain.Coalition{Members: sampleMembers()}
	layout, issues, err := ParseAttendance(grid, &c)
	if err != nil {
		t.Fatalf("ParseAttendance: %v", err)
	}
	if want := []domain.Date{d(2026, 1, 26), d(2026, 2, 23), d(2026, 3, 23)}; !slices.Equal(c.Meetings, want) {
		t.Errorf("Meetings = %v, want %v", c.Meetings, want)
	}
	if want := []int{4, 5, 1}; !slices.Equal(layout.MeetingColumns, want) {
		t.Errorf("MeetingColumns = %v, want %v", layout.MeetingColumns, want)
	}
	P, N, A, U := domain.Present, domain.Notified, domain.Absent, domain.Unrecorded
	wantCodes := [][]domain.Code{
		{A, P, P},
		{A, U, N},
		{N, U, U},
		nil,
		nil,
	}
	if len(c.Attendance) != len(c.Members) {
		t.Fatalf("len(Attendance) = %d, want %d", len(c.Attendance), len(c.Members))
	}
	for i := range wantCodes {
		if !slices.Equal(c.Attendance[i], wantCodes[i]) {
			t.Errorf("Attendance[%d] (%s) = %v, want %v", i, c.Members[i].Name, c.Attendance[i], wantCodes[i])
		}
	}
	if want := []int{2, 3, 4, 0, 0}; !slices.Equal(layout.Rows, want) {
		t.Errorf("Rows = %v, want %v", layout.Rows, want)
	}
	if want := []int{5, 6, 7, 8, 9}; !slices.Equal(layout.Skipped, want) {
		t.Errorf("Skipped = %v, want %v", layout.Skipped, want)
	}
	wantIssues := []where{
		{1, "1/26/2026", msgDuplicateMeeting},
		{3, "2/23/2026", msgBadCode},
		{5, ColName, msgAttendanceUnmatched},
		{6, ColMemberID, msgAttendanceUnmatched},
		{7, ColName, msgAttendanceNoMember},
		{8, ColName, msgAttendanceDuplicate},
		{9, ColName, msgAttendanceAmbiguous},
	}
	if got := positions(issues); !slices.Equal(got, wantIssues) {
		t.Errorf("issues = %+v\nwant %+v", got, wantIssues)
	}
	if got := issues[0].Message.String(); !strings.Contains(got, "Jan 26, 2026") || !strings.Contains(got, "column E") {
		t.Errorf("duplicate meeting message = %q, want the date and column E", got)
	}
	if got := issues[0].Message.In(domain.Spanish); !strings.Contains(got, "26 ene 2026") {
		t.Errorf("Spanish duplicate meeting message = %q, want the Spanish date", got)
	}
}

func TestParseAttendanceColumns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		header  []string
		wantErr bool
	}{
		{"name only", []string{"Name", "2026-01-26"}, false},
		{"id only", []string{"member id", "2026-01-26"}, false},
		{"neither", []string{"Member", "2026-01-26"}, true},
		{"empty tab", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := domain.Coalition{Members: sampleMembers()}
			grid := [][]string{tt.header, {"Casa Ejemplo", "P"}, {"M-0001", "P"}}
			_, _, err := ParseAttendance(grid, &c)
			var mc *MissingColumnError
			if got := errors.As(err, &mc); got != tt.wantErr {
				t.Fatalf("err = %v, want MissingColumnError: %v", err, tt.wantErr)
			}
			if tt.wantErr && (mc.Tab != TabAttendance || mc.Column != "Member ID or Name") {
				t.Errorf("err = %+v", mc)
			}
			if !tt.wantErr && !slices.Equal(c.Attendance[0], []domain.Code{domain.Present}) {
				t.Errorf("Attendance[0] = %v, want [P]", c.Attendance[0])
			}
		})
	}
}

func TestParseVotes(t *testing.T) {
	t.Parallel()
	grid := [][]string{
		{"Subject", "Meeting", "Kind", "Yes", "No", "Abstain", "Motion", "Result"},
		{"Casa  Ejemplo", "1/26/2026", "admit", "9", "", "1", "Admit Casa", "old text"},
		{"", "2026-02-23", "Other", " 4 ", "0"},
		{"x", "2026-02-30", "Remove", "1", "0"},
		{"", "", "Fire", "-1", "2.5", "ten"},
		{},
		{"", "2026-03-23", "Otro", "1000001", "3"},
	}
	votes, layout, issues, err := ParseVotes(grid)
	if err != nil {
		t.Fatalf("ParseVotes: %v", err)
	}
	want := []domain.Vote{
		{Row: 2, Meeting: domain.NewDate(2026, 1, 26), Motion: "Admit Casa", Kind: domain.KindAdmit, Subject: "Casa Ejemplo", Yes: 9, No: 0, Abstain: 1},
		{Row: 3, Meeting: domain.NewDate(2026, 2, 23), Kind: domain.KindOther, Yes: 4},
	}
	if !slices.Equal(votes, want) {
		t.Errorf("votes = %+v\nwant %+v", votes, want)
	}
	if !slices.Equal(layout.Rows, []int{2, 3}) || !slices.Equal(layout.Skipped, []int{4, 5, 7}) {
		t.Errorf("Rows = %v, Skipped = %v, want [2 3], [4 5 7]", layout.Rows, layout.Skipped)
	}
	wantIssues := []where{
		{4, ColMeeting, msgVoteBadMeeting},
		{5, ColMeeting, msgVoteNoMeeting},
		{5, ColKind, msgVoteBadKind},
		{5, ColYes, msgVoteBadCount},
		{5, ColNo, msgVoteBadCount},
		{5, ColAbstain, msgVoteBadCount},
		{7, ColYes, msgVoteBadCount},
	}
	if got := positions(issues); !slices.Equal(got, wantIssues) {
		t.Errorf("issues = %+v\nwant %+v", got, wantIssues)
	}
	if got, ok := layout.A1(1, ColResult); !ok || got != "'Votes'!H3" {
		t.Errorf("A1(1, Result) = %q, %v", got, ok)
	}
	_, _, _, err = ParseVotes([][]string{{"Meeting", "Yes"}})
	var mc *MissingColumnError
	if !errors.As(err, &mc) {
		t.Fatalf("ParseVotes without Kind and No: err = %v", err)
	}
	if !strings.Contains(err.Error(), `"Kind"`) || !strings.Contains(err.Error(), `"No"`) {
		t.Errorf("err = %q, want both Kind and No named", err)
	}
}

func TestParseMeetings(t *testing.T) {
	t.Parallel()
	d := domain.NewDate
	grid := [][]string{
		{"Date", "Cancelled", "Date override", "Quorum"},
		{"2026-05-25", "yes"},
		{"6/22/2026", "", "6/29/2026", "Yes — 9 of 12"},
		{"2026-07-27"},
		{"2026-07-27", "x"},
		{"", "yes"},
		{"2026-08-24", "perhaps", "soon"},
	}
	got, layout, issues, err := ParseMeetings(grid)
	if err != nil {
		t.Fatalf("ParseMeetings: %v", err)
	}
	want := []domain.MeetingOverride{
		{Scheduled: d(2026, 5, 25), Cancelled: true},
		{Scheduled: d(2026, 6, 22), MovedTo: d(2026, 6, 29)},
		{Scheduled: d(2026, 7, 27)},
		{Scheduled: d(2026, 8, 24)},
	}
	if !slices.Equal(got, want) {
		t.Errorf("overrides = %+v\nwant %+v", got, want)
	}
	if !slices.Equal(layout.Rows, []int{2, 3, 4, 7}) || !slices.Equal(layout.Skipped, []int{5, 6}) {
		t.Errorf("Rows = %v, Skipped = %v", layout.Rows, layout.Skipped)
	}
	wantIssues := []where{
		{5, ColDate, msgDuplicateMeetingRow},
		{6, ColDate, msgMeetingNoDate},
		{7, ColDateOverride, msgBadDate},
		{7, ColCancelled, msgBadYesNo},
	}
	if got := positions(issues); !slices.Equal(got, wantIssues) {
		t.Errorf("issues = %+v\nwant %+v", got, wantIssues)
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	tabs := map[string][][]string{
		"members":    {{"Name", "Member ID", "Status", "Voting"}, {"Casa Ejemplo", "M-1", "Active", "Yes"}, {"Ana Invented", "", "Active", "Yes"}},
		"ATTENDANCE": {{"Name", "2026-01-26"}, {"Ana Invented", "P"}, {"casa ejemplo", "A"}},
		"Votes":      {{"Meeting", "Kind", "Yes", "No"}, {"2026-01-26", "Other", "2", "0"}},
		"Meetings":   {{"Date", "Cancelled"}, {"2026-02-23", "Yes"}},
		"Dashboard":  {{"anything"}},
	}
	p, err := Parse(tabs)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(p.Coalition.Members) != 2 || len(p.Coalition.Meetings) != 1 || len(p.Coalition.Votes) != 1 || len(p.Overrides) != 1 {
		t.Fatalf("Parse = %+v", p)
	}
	if got := [][]domain.Code{p.Coalition.Attendance[0], p.Coalition.Attendance[1]}; got[0][0] != domain.Absent || got[1][0] != domain.Present {
		t.Errorf("Attendance = %v, want [[A] [P]]", got)
	}
	if p.Layout.Members == nil || p.Layout.Attendance == nil || p.Layout.Votes == nil || p.Layout.Meetings == nil {
		t.Errorf("Layout has a nil tab: %+v", p.Layout)
	}
	if !slices.Equal(p.Layout.Attendance.Rows, []int{3, 2}) {
		t.Errorf("Attendance rows = %v, want [3 2]", p.Layout.Attendance.Rows)
	}
	if !slices.Equal(p.Coalition.Overrides, p.Overrides) || len(p.Overrides) != 1 || !p.Overrides[0].Cancelled {
		t.Errorf("Coalition.Overrides = %+v, Overrides = %+v, want the cancelled meeting in both", p.Coalition.Overrides, p.Overrides)
	}
	if len(p.Issues) != 0 {
		t.Errorf("Issues = %+v, want none", p.Issues)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		tabs        map[string][][]string
		wantTab     string // MissingTabError
		wantColumns []string
	}{
		{"no members tab", map[string][][]string{"Votes": {{"Meeting", "Kind", "Yes", "No"}}}, TabMembers, nil},
		{"two tabs lack columns", map[string][][]string{
			"Members":    {{"Nombre"}},
			"Attendance": {{"Who", "2026-01-26"}},
			"Votes":      {{"Meeting", "Kind", "Yes", "No"}},
		}, "", []string{"Members/Name", "Attendance/Member ID or Name"}},
		{"votes lacks counts", map[string][][]string{
			"Members": {{"Name"}},
			"Votes":   {{"Meeting", "Kind"}},
		}, "", []string{"Votes/Yes", "Votes/No"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tt.tabs)
			if err == nil {
				t.Fatal("Parse: nil error")
			}
			var mt *MissingTabError
			if got := errors.As(err, &mt); got != (tt.wantTab != "") {
				t.Errorf("errors.As(MissingTabError) = %v for %v", got, err)
			}
			var cols []string
			walkErrors(err, func(e error) {
				if mc, ok := e.(*MissingColumnError); ok {
					cols = append(cols, mc.Tab+"/"+mc.Column)
				}
			})
			if !slices.Equal(cols, tt.wantColumns) {
				t.Errorf("missing columns = %q, want %q", cols, tt.wantColumns)
			}
		})
	}
}

func walkErrors(err error, f func(error)) {
	f(err)
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			walkErrors(e, f)
		}
	}
}

func TestCodecMessagesHaveBothLanguages(t *testing.T) {
	t.Parallel()
	keys := []string{msgDuplicateHeader, msgNoVotingColumn, msgNoStatusColumn, msgNameMissing, msgDuplicateID,
		msgBadDate, msgBadType, msgBadStatus, msgBlankStatus, msgBadYesNo, msgBadWorkingGroups,
		msgAttendanceNoMember, msgAttendanceUnmatched, msgAttendanceAmbiguous, msgAttendanceDuplicate,
		msgBadCode, msgDuplicateMeeting, msgVoteNoMeeting, msgVoteBadMeeting, msgVoteNoKind, msgVoteBadKind,
		msgVoteBadCount, msgMeetingNoDate, msgDuplicateMeetingRow, msgBadMeetingHeader}
	for _, k := range keys {
		en, es := domain.T(k).In(domain.English), domain.T(k).In(domain.Spanish)
		if en == k || es == k || en == es {
			t.Errorf("message %q: English %q, Spanish %q: want both, different", k, en, es)
		}
	}
}

// A broken formula in Contrary action shows an error value: it is reported
// and read as blank, never taken for a report (which would flag the member).
func TestFormulaErrorIsNotAReport(t *testing.T) {
	t.Parallel()
	for _, shown := range []string{"#DIV/0!", "#REF!", "#N/A", " #value! "} {
		grid := [][]string{
			{"Name", "Status", "Voting", "Contrary action"},
			{"Casa Ejemplo", "Active", "Yes", shown},
			{"Lena Example", "Active", "Yes", "spoke against the platform"},
		}
		ms, _, issues, err := ParseMembers(grid)
		if err != nil {
			t.Fatal(err)
		}
		if ms[0].ContraryAction != "" || ms[1].ContraryAction == "" {
			t.Errorf("%q: contrary actions = %q, %q; want the error read as blank and the real report kept", shown, ms[0].ContraryAction, ms[1].ContraryAction)
		}
		if len(issues) != 1 || issues[0].Row != 2 || issues[0].Column != ColContraryAction {
			t.Errorf("%q: issues = %+v, want one on row 2, Contrary action", shown, issues)
		}
	}
}
