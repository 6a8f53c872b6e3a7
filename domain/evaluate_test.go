package domain

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// day parses a date written in either format the sheets accept.
func day(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// row turns "PNA." into attendance codes; '.' is a blank cell and '?' a code
// out of range (as a careless caller might pass).
func row(s string) []Code {
	out := make([]Code, len(s))
	for i, r := range s {
		switch r {
		case 'P':
			out[i] = Present
		case 'N':
			out[i] = Notified
		case 'A':
			out[i] = Absent
		case '?':
			out[i] = Code(9)
		}
	}
	return out
}

// The fourth Mondays of January to June 2026.
var (
	jan26 = day("2026-01-26")
	feb23 = day("2/23/2026")
	mar23 = day("2026-03-23")
	apr27 = day("4/27/2026")
	may25 = day("2026-05-25")
	jun22 = day("6/22/2026")
	// sixMeetings are the six meetings in order.
	sixMeetings = []Date{jan26, feb23, mar23, apr27, may25, jun22}
)

// active returns an Active voting member with a working group.
func active(id string) Member {
	return Member{ID: id, Name: "Member " + id, Status: StatusActive, Voting: true,
		WorkingGroups: []WorkingGroup{Legislative}}
}

// voters returns n Active voting members and their attendance at one
// meeting: the first present ones P, the rest A.
func voters(n, present int) ([]Member, [][]Code) {
	ms := make([]Member, n)
	att := make([][]Code, n)
	for i := range ms {
		ms[i] = active(fmt.Sprintf("M-%03d", i+1))
		if i < present {
			att[i] = row("P")
		} else {
			att[i] = row("A")
		}
	}
	return ms, att
}

func TestEvaluateQuorum(t *testing.T) {
	t.Parallel()
	nonVoting := Member{ID: "X", Name: "Observer", Status: StatusActive}
	tests := []struct {
		name    string
		members []Member
		att     [][]Code
		want    MeetingResult
	}{
		{
			name:    "no voting members: never quorum",
			members: []Member{nonVoting},
			att:     [][]Code{row("P")},
			want:    MeetingResult{Date: jan26, VotingMembers: 0, Present: 0, QuorumNeeded: 0, Quorum: false, Recorded: true},
		},
		{
			name: "no members at all",
			want: MeetingResult{Date: jan26},
		},
		{
			name: "3P = 2N exactly holds (2 of 3)",
			members: func() []Member {
				m, _ := voters(3, 2)
				return m
			}(),
			att:  func() [][]Code { _, a := voters(3, 2); return a }(),
			want: MeetingResult{Date: jan26, VotingMembers: 3, Present: 2, QuorumNeeded: 2, Quorum: true, Recorded: true},
		},
		{
			name:    "3P = 2N exactly holds (4 of 6)",
			members: func() []Member { m, _ := voters(6, 4); return m }(),
			att:     func() [][]Code { _, a := voters(6, 4); return a }(),
			want:    MeetingResult{Date: jan26, VotingMembers: 6, Present: 4, QuorumNeeded: 4, Quorum: true, Recorded: true},
		},
		{
			name:    "one short of 2N/3 fails (3 of 6)",
			members: func() []Member { m, _ := voters(6, 3); return m }(),
			att:     func() [][]Code { _, a := voters(6, 3); return a }(),
			want:    MeetingResult{Date: jan26, VotingMembers: 6, Present: 3, QuorumNeeded: 4, Quorum: false, Recorded: true},
		},
		{
			name:    "17 voting members need 12 (11 present fails)",
			members: func() []Member { m, _ := voters(17, 11); return m }(),
			att:     func() [][]Code { _, a := voters(17, 11); return a }(),
			want:    MeetingResult{Date: jan26, VotingMembers: 17, Present: 11, QuorumNeeded: 12, Quorum: false, Recorded: true},
		},
		{
			name:    "17 voting members need 12 (12 present holds)",
			members: func() []Member { m, _ := voters(17, 12); return m }(),
			att:     func() [][]Code { _, a := voters(17, 12); return a }(),
			want:    MeetingResult{Date: jan26, VotingMembers: 17, Present: 12, QuorumNeeded: 12, Quorum: true, Recorded: true},
		},
		{
			name:    "one voting member present holds",
			members: []Member{active("A")},
			att:     [][]Code{row("P")},
			want:    MeetingResult{Date: jan26, VotingMembers: 1, Present: 1, QuorumNeeded: 1, Quorum: true, Recorded: true},
		},
		{
			name:    "nothing recorded: no quorum",
			members: []Member{active("A"), active("B")},
			att:     [][]Code{row("."), nil},
			want:    MeetingResult{Date: jan26, VotingMembers: 2, QuorumNeeded: 2},
		},
		{
			name:    "odd cell values are not recorded",
			members: []Member{active("A")},
			att:     [][]Code{row("?")},
			want:    MeetingResult{Date: jan26, VotingMembers: 1, QuorumNeeded: 1},
		},
		{
			name:    "attendance shorter than members: missing rows are blank",
			members: []Member{active("A"), active("B"), active("C")},
			att:     [][]Code{row("P"), row("P")},
			want:    MeetingResult{Date: jan26, VotingMembers: 3, Present: 2, QuorumNeeded: 2, Quorum: true, Recorded: true},
		},
		{
			name: "who counts as a voting member",
			members: []Member{
				active("active"),
				{ID: "nonvoting", Status: StatusActive, Voting: false},
				{ID: "applicant", Status: StatusApplicant, Voting: true},
				{ID: "unknown", Status: StatusUnknown, Voting: true},
				{ID: "removed-left-later", Status: StatusRemoved, Voting: true, Left: feb23},
				{ID: "withdrawn-left-on-day", Status: StatusWithdrawn, Voting: true, Left: jan26},
				{ID: "withdrawn-left-before", Status: StatusWithdrawn, Voting: true, Left: day("2026-01-25")},
				{ID: "removed-no-left", Status: StatusRemoved, Voting: true},
				{ID: "joined-on-day", Status: StatusActive, Voting: true, Joined: jan26},
				{ID: "joined-day-before", Status: StatusActive, Voting: true, Joined: day("1/25/2026")},
				{ID: "joined-later", Status: StatusActive, Voting: true, Joined: feb23},
				{ID: "active-left-on-day", Status: StatusActive, Voting: true, Left: jan26},
				{ID: "active-left-before", Status: StatusActive, Voting: true, Left: day("2026-01-01")},
			},
			// everyone present: only those counted in N count in P
			att: [][]Code{row("P"), row("P"), row("P"), row("P"), row("P"), row("P"), row("P"), row("P"),
				row("P"), row("P"), row("P"), row("P"), row("P")},
			// active, removed-left-later, withdrawn-left-on-day, joined-day-before, active-left-on-day
			want: MeetingResult{Date: jan26, VotingMembers: 5, Present: 5, QuorumNeeded: 4, Quorum: true, Recorded: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Evaluate(Coalition{Members: tt.members, Meetings: []Date{jan26}, Attendance: tt.att}, DefaultPolicy(), feb23)
			if len(r.Meetings) != 1 {
				t.Fatalf("got %d meetings, want 1", len(r.Meetings))
			}
			if got := r.Meetings[0]; got != tt.want {
				t.Errorf("meeting = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestEvaluateHeldMeetings(t *testing.T) {
	t.Parallel()
	members := []Member{active("A"), active("B")}
	att := [][]Code{row("PPPA"), row("PAAA")}
	tests := []struct {
		name         string
		meetings     []Date
		asOf         Date
		wantDates    []Date
		wantAbsences []int
		wantIssues   int
	}{
		{"all held", []Date{jan26, feb23, mar23, apr27}, apr27, []Date{jan26, feb23, mar23, apr27}, []int{1, 3}, 0},
		{"meeting on asOf is held", []Date{jan26, feb23, mar23, apr27}, mar23, []Date{jan26, feb23, mar23}, []int{0, 2}, 0},
		{"meetings after asOf are not held", []Date{jan26, feb23, mar23, apr27}, day("2026-03-22"), []Date{jan26, feb23}, []int{0, 1}, 0},
		{"before any meeting", []Date{jan26, feb23, mar23, apr27}, day("2026-01-01"), []Date{}, []int{0, 0}, 0},
		{"blank asOf holds every meeting", []Date{jan26, feb23, mar23, apr27}, Date{}, []Date{jan26, feb23, mar23, apr27}, []int{1, 3}, 0},
		{"columns out of order are sorted", []Date{mar23, jan26, apr27, feb23}, apr27, []Date{jan26, feb23, mar23, apr27}, []int{1, 3}, 0},
		{"a repeated date keeps its first column", []Date{jan26, feb23, feb23, apr27}, apr27, []Date{jan26, feb23, apr27}, []int{1, 2}, 1},
		{"a blank date column is skipped", []Date{jan26, {}, mar23, apr27}, apr27, []Date{jan26, mar23, apr27}, []int{1, 2}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Evaluate(Coalition{Members: members, Meetings: tt.meetings, Attendance: att}, DefaultPolicy(), tt.asOf)
			var got []Date
			for _, m := range r.Meetings {
				got = append(got, m.Date)
			}
			if !slices.Equal(got, tt.wantDates) && !(len(got) == 0 && len(tt.wantDates) == 0) {
				t.Errorf("meetings = %v, want %v", got, tt.wantDates)
			}
			for i, m := range r.Members {
				if m.UnexcusedAbsences != tt.wantAbsences[i] {
					t.Errorf("member %d absences = %d, want %d", i, m.UnexcusedAbsences, tt.wantAbsences[i])
				}
			}
			if len(r.Issues) != tt.wantIssues {
				t.Errorf("issues = %v, want %d", r.Issues, tt.wantIssues)
			}
		})
	}
}

func TestEvaluateAbsences(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		member      Member
		att         string // at the six meetings Jan..Jun 2026
		consecutive bool
		want        int
		wantFlags   []FlagKind
		wantDates   []Date
	}{
		{name: "no absences", member: active("A"), att: "PPPNPP", want: 0},
		{name: "notified absences never count", member: active("A"), att: "NNNNNN", want: 0},
		{name: "three A flag a review", member: active("A"), att: "APAPAP", want: 3,
			wantFlags: []FlagKind{FlagRemovalReviewDue}, wantDates: []Date{jan26, mar23, may25}},
		{name: "two A do not", member: active("A"), att: "APAPPP", want: 2},
		{name: "blank and odd cells are not absences", member: active("A"), att: "A.A?.P", want: 2},
		{name: "short row: missing cells are blank", member: active("A"), att: "AA", want: 2},
		{name: "absences on or before Joined are not counted",
			member: func() Member { m := active("A"); m.Joined = feb23; return m }(), att: "AAAAPP", want: 2},
		{name: "absences on or before Last review are not counted",
			member: func() Member { m := active("A"); m.LastReview = mar23; return m }(), att: "AAAAAP", want: 2},
		{name: "the later of Joined and Last review wins",
			member: func() Member { m := active("A"); m.Joined = mar23; m.LastReview = jan26; return m }(), att: "AAAAAA", want: 3,
			wantFlags: []FlagKind{FlagRemovalReviewDue}, wantDates: []Date{apr27, may25, jun22}},
		{name: "absence on the Left date counts, after it not",
			member: Member{ID: "W", Status: StatusWithdrawn, Voting: true, Left: mar23, WorkingGroups: []WorkingGroup{Legislative}},
			att:    "AAAAAA", want: 3}, // no flags: not Active
		{name: "removed with Left: absences before Left counted, no flag",
			member: Member{ID: "R", Status: StatusRemoved, Voting: true, Left: day("2026-04-01")}, att: "AAAAAA", want: 3},
		{name: "applicants get counts but no flags", member: Member{ID: "Ap", Status: StatusApplicant}, att: "AAA...", want: 3},
		{name: "consecutive: run at the end", member: active("A"), att: "AAPAAA", consecutive: true, want: 3,
			wantFlags: []FlagKind{FlagRemovalReviewDue}, wantDates: []Date{apr27, may25, jun22}},
		{name: "consecutive: P breaks the run", member: active("A"), att: "AAAAAP", consecutive: true, want: 0},
		{name: "consecutive: N breaks the run", member: active("A"), att: "AAAAPN", consecutive: true, want: 0},
		{name: "consecutive: blank cells are skipped", member: active("A"), att: "PA.A.A", consecutive: true, want: 3,
			wantFlags: []FlagKind{FlagRemovalReviewDue}, wantDates: []Date{feb23, apr27, jun22}},
		{name: "consecutive: nothing recorded", member: active("A"), att: "......", consecutive: true, want: 0},
		{name: "consecutive: run stops at Last review",
			member: func() Member { m := active("A"); m.LastReview = apr27; return m }(), att: "AAAAAA", consecutive: true, want: 2},
		{name: "consecutive: run ends at Left",
			member: Member{ID: "W", Status: StatusWithdrawn, Voting: true, Left: apr27}, att: "PAAAPP", consecutive: true, want: 3},
		{name: "no working group", member: Member{ID: "A", Status: StatusActive}, att: "PPPPPP",
			wantFlags: []FlagKind{FlagNoWorkingGroup}},
		{name: "contrary action", member: func() Member { m := active("A"); m.ContraryAction = "Spoke against the campaign"; return m }(),
			att: "PPPPPP", wantFlags: []FlagKind{FlagContraryActionReview}},
		{name: "blank contrary action is not reported",
			member: func() Member { m := active("A"); m.ContraryAction = "  \t "; return m }(), att: "PPPPPP"},
		{name: "all three flags in order",
			member: Member{ID: "A", Status: StatusActive, ContraryAction: "x"}, att: "AAA...", want: 3,
			wantFlags: []FlagKind{FlagRemovalReviewDue, FlagNoWorkingGroup, FlagContraryActionReview}, wantDates: []Date{jan26, feb23, mar23}},
		{name: "inactive members are never flagged",
			member: Member{ID: "A", Status: StatusWithdrawn, Left: jun22, ContraryAction: "x"}, att: "AAAAAA", want: 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := DefaultPolicy()
			p.ConsecutiveOnly = tt.consecutive
			c := Coalition{Members: []Member{tt.member}, Meetings: sixMeetings, Attendance: [][]Code{row(tt.att)}}
			r := Evaluate(c, p, jun22)
			got := r.Members[0]
			if got.UnexcusedAbsences != tt.want {
				t.Errorf("absences = %d, want %d", got.UnexcusedAbsences, tt.want)
			}
			var kinds []FlagKind
			var dates []Date
			for _, f := range got.Flags {
				kinds = append(kinds, f.Kind)
				dates = append(dates, f.Dates...)
			}
			if !slices.Equal(kinds, tt.wantFlags) {
				t.Errorf("flags = %v, want %v", kinds, tt.wantFlags)
			}
			if !slices.Equal(dates, tt.wantDates) {
				t.Errorf("flag dates = %v, want %v", dates, tt.wantDates)
			}
		})
	}
}

func TestEvaluateThresholdPolicy(t *testing.T) {
	t.Parallel()
	c := Coalition{Members: []Member{active("A")}, Meetings: sixMeetings, Attendance: [][]Code{row("AAPPPP")}}
	for _, tt := range []struct {
		threshold int
		flagged   bool
	}{{1, true}, {2, true}, {3, false}, {0, true}, {-5, true}} {
		t.Run(fmt.Sprint(tt.threshold), func(t *testing.T) {
			t.Parallel()
			p := DefaultPolicy()
			p.AbsenceThreshold = tt.threshold
			got := len(Evaluate(c, p, jun22).Members[0].Flags) > 0
			if got != tt.flagged {
				t.Errorf("threshold %d: flagged = %v, want %v", tt.threshold, got, tt.flagged)
			}
		})
	}
}

func TestEvaluateMembersAndIssues(t *testing.T) {
	t.Parallel()
	members := []Member{
		{ID: "M-1", Row: 2, Name: "Casa Alianza", Status: StatusActive, Voting: true, WorkingGroups: []WorkingGroup{Legislative}},
		{ID: "M-2", Row: 3, Name: "Ruth Ortega", Status: StatusRemoved, Voting: true},
		{ID: "M-3", Row: 4, Name: "Voces Unidas", Status: StatusWithdrawn, Voting: false},
		{ID: "", Row: 5, Name: "New Applicant", Status: StatusApplicant},
		{ID: "M-5", Row: 6, Name: "Left Properly", Status: StatusWithdrawn, Left: jan26},
	}
	r := Evaluate(Coalition{Members: members, Meetings: []Date{jan26}}, DefaultPolicy(), feb23)
	if len(r.Members) != len(members) {
		t.Fatalf("got %d member results, want %d", len(r.Members), len(members))
	}
	for i, m := range members {
		got := r.Members[i]
		want := MemberResult{Index: i, ID: m.ID, Name: m.Name, Row: m.Row, Status: m.Status, Voting: m.Voting, Flags: got.Flags}
		if got.Index != want.Index || got.ID != want.ID || got.Name != want.Name || got.Row != want.Row ||
			got.Status != want.Status || got.Voting != want.Voting {
			t.Errorf("member %d = %+v, want %+v", i, got, want)
		}
	}
	wantIssues := []Issue{
		{Tab: "Members", Row: 3, Column: "Left", Message: T("rules.issue.no_left", StatusRemoved)},
		{Tab: "Members", Row: 4, Column: "Left", Message: T("rules.issue.no_left", StatusWithdrawn)},
	}
	if len(r.Issues) != len(wantIssues) {
		t.Fatalf("issues = %v, want %v", r.Issues, wantIssues)
	}
	for i, is := range r.Issues {
		w := wantIssues[i]
		if is.Tab != w.Tab || is.Row != w.Row || is.Column != w.Column || is.Message.String() != w.Message.String() {
			t.Errorf("issue %d = %+v, want %+v", i, is, w)
		}
	}
	if got, want := r.Issues[0].Message.String(), "The status is Removed but the Left date is blank: write the day the member left, such as 1/26/2026"; got != want {
		t.Errorf("issue text = %q, want %q", got, want)
	}
	if got := r.Issues[1].Message.In(Spanish); !strings.Contains(got, "Retirado") {
		t.Errorf("Spanish issue text = %q, want it to name the status Retirado", got)
	}
}

func TestEvaluateNextMeeting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		asOf      Date
		overrides []MeetingOverride
		want      Date
	}{
		{"day before a meeting", day("2026-01-25"), nil, jan26},
		{"on a meeting day: the next one", jan26, nil, feb23},
		{"the day after", day("2026-01-27"), nil, feb23},
		{"December rolls into the next year", day("2026-12-28"), nil, day("2027-01-25")},
		{"cancelled meeting is skipped", day("2026-01-27"), []MeetingOverride{{Scheduled: feb23, Cancelled: true}}, mar23},
		{"moved meeting is held on its new day", day("2026-01-27"), []MeetingOverride{{Scheduled: feb23, MovedTo: day("2026-03-02")}}, day("2026-03-02")},
		{"blank asOf: no next meeting", Date{}, nil, Date{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Evaluate(Coalition{Overrides: tt.overrides}, DefaultPolicy(), tt.asOf).NextMeeting
			if got != tt.want {
				t.Errorf("NextMeeting as of %v = %v, want %v", tt.asOf, got, tt.want)
			}
		})
	}
}

// voteCoalition has 12 Active voting members (M-01..M-12, named
// "Organization Number 1".."12") and a non-voting Observer (M-99), at four
// meetings: Jan 26, 2026 with 11 voting members present (M-12 absent; quorum,
// 8 needed); Feb 23 with 7 present (no quorum); Mar 23 with all 12 present;
// Apr 27 with nothing recorded.
func voteCoalition() Coalition {
	var c Coalition
	for i := 1; i <= 12; i++ {
		m := active(fmt.Sprintf("M-%02d", i))
		m.Name = fmt.Sprintf("Organization Number %d", i)
		c.Members = append(c.Members, m)
	}
	c.Members = append(c.Members, Member{ID: "M-99", Name: "Observer", Status: StatusActive})
	c.Meetings = []Date{jan26, feb23, mar23, apr27}
	for i := 1; i <= 12; i++ {
		switch {
		case i <= 11:
			c.Attendance = append(c.Attendance, row("PAP."))
		default:
			c.Attendance = append(c.Attendance, row("AAP."))
		}
	}
	for i := 0; i < 7; i++ { // 7 present at Feb 23: 7 of 12, needs 8
		c.Attendance[i][1] = Present
	}
	c.Attendance = append(c.Attendance, row("PPP."))
	return c
}

func TestEvaluateVotes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		vote         Vote
		wantEligible int
		wantValid    bool
		wantPassed   bool
		wantSubject  int
		wantReason   string
	}{
		{
			name:         "removal passes unanimously; subject present does not vote",
			vote:         Vote{Meeting: jan26, Kind: KindRemove, Subject: "M-01", Yes: 10},
			wantEligible: 10, wantValid: true, wantPassed: true, wantSubject: 0,
			wantReason: "Passed: 10 yes, 0 no, 0 abstain; unanimous as removal requires",
		},
		{
			name:         "removal of an absent subject needs all 11 present",
			vote:         Vote{Meeting: jan26, Kind: KindRemove, Subject: "M-12", Yes: 11},
			wantEligible: 11, wantValid: true, wantPassed: true, wantSubject: 11,
			wantReason: "Passed: 11 yes, 0 no, 0 abstain; unanimous as removal requires",
		},
		{
			name:         "removal with an abstention fails",
			vote:         Vote{Meeting: jan26, Kind: KindRemove, Subject: "M-12", Yes: 10, Abstain: 1},
			wantEligible: 11, wantValid: true, wantPassed: false, wantSubject: 11,
			wantReason: "Failed: removal needs every one of the 11 eligible members to vote yes; 1 abstained",
		},
		{
			name:         "removal with a no and a missing vote fails",
			vote:         Vote{Meeting: jan26, Kind: KindRemove, Subject: "M-12", Yes: 9, No: 1},
			wantEligible: 11, wantValid: true, wantPassed: false, wantSubject: 11,
			wantReason: "Failed: removal needs every one of the 11 eligible members to vote yes; 1 voted no, 1 did not vote",
		},
		{
			name:         "subject matched by name ignoring case and extra spaces",
			vote:         Vote{Meeting: jan26, Kind: KindRemove, Subject: "  organization   NUMBER 3 ", Yes: 10},
			wantEligible: 10, wantValid: true, wantPassed: true, wantSubject: 2,
			wantReason: "Passed: 10 yes, 0 no, 0 abstain; unanimous as removal requires",
		},
		{
			name:         "subject matched by ID ignoring case",
			vote:         Vote{Meeting: jan26, Kind: KindRemove, Subject: " m-03", Yes: 10},
			wantEligible: 10, wantValid: true, wantPassed: true, wantSubject: 2,
			wantReason: "Passed: 10 yes, 0 no, 0 abstain; unanimous as removal requires",
		},
		{
			name:         "non-voting subject present does not reduce eligible voters",
			vote:         Vote{Meeting: jan26, Kind: KindRemove, Subject: "Observer", Yes: 11},
			wantEligible: 11, wantValid: true, wantPassed: true, wantSubject: 12,
			wantReason: "Passed: 11 yes, 0 no, 0 abstain; unanimous as removal requires",
		},
		{
			name:         "too many votes for a removal",
			vote:         Vote{Meeting: jan26, Kind: KindRemove, Subject: "M-01", Yes: 11},
			wantEligible: 10, wantValid: false, wantPassed: false, wantSubject: 0,
			wantReason: "Not valid: 11 votes counted but only 10 voting members present could vote (the member under review does not vote)",
		},
		{
			name:         "too many votes",
			vote:         Vote{Meeting: jan26, Kind: KindOther, Yes: 8, No: 3, Abstain: 1},
			wantEligible: 11, wantValid: false, wantPassed: false, wantSubject: -1,
			wantReason: "Not valid: 12 votes counted but only 11 voting members present could vote",
		},
		{
			name:         "votes equal to eligible are fine",
			vote:         Vote{Meeting: jan26, Kind: KindOther, Yes: 8, No: 2, Abstain: 1},
			wantEligible: 11, wantValid: true, wantPassed: true, wantSubject: -1,
			wantReason: "Passed: 8 yes, 2 no, 1 abstain; more yes than no",
		},
		{
			name:         "admission passes with more yes than no",
			vote:         Vote{Meeting: jan26, Kind: KindAdmit, Subject: "Observer", Yes: 3, No: 2, Abstain: 6},
			wantEligible: 11, wantValid: true, wantPassed: true, wantSubject: 12,
			wantReason: "Passed: 3 yes, 2 no, 6 abstain; more yes than no",
		},
		{
			name:         "a tie fails",
			vote:         Vote{Meeting: jan26, Kind: KindAdmit, Subject: "Observer", Yes: 5, No: 5},
			wantEligible: 11, wantValid: true, wantPassed: false, wantSubject: 12,
			wantReason: "Failed: 5 yes, 5 no, 0 abstain; it needs more yes than no",
		},
		{
			name:         "admission of someone not on the roster still counts, with a note",
			vote:         Vote{Meeting: jan26, Kind: KindAdmit, Subject: "Nueva Esperanza", Yes: 9},
			wantEligible: 11, wantValid: true, wantPassed: true, wantSubject: -1,
			wantReason: `Passed: 9 yes, 0 no, 0 abstain; more yes than no. Note: no member in the Members tab matches "Nueva Esperanza"`,
		},
		{
			name:         "a pasted text as the subject is quoted by its first 80 characters",
			vote:         Vote{Meeting: jan26, Kind: KindAdmit, Subject: strings.Repeat("Nueva ", 8000), Yes: 9},
			wantEligible: 11, wantValid: true, wantPassed: true, wantSubject: -1,
			wantReason: `Passed: 9 yes, 0 no, 0 abstain; more yes than no. Note: no member in the Members tab matches "` + strings.Repeat("Nueva ", 13) + `Nu…"`,
		},
		{
			name:         "removal with a blank subject: a note",
			vote:         Vote{Meeting: jan26, Kind: KindRemove, Yes: 11},
			wantEligible: 11, wantValid: true, wantPassed: true, wantSubject: -1,
			wantReason: "Passed: 11 yes, 0 no, 0 abstain; unanimous as removal requires. Note: the vote does not say which member it is about",
		},
		{
			name:         "no quorum",
			vote:         Vote{Meeting: feb23, Kind: KindOther, Yes: 7},
			wantEligible: 7, wantValid: false, wantPassed: false, wantSubject: -1,
			wantReason: "Not valid: no quorum at the Feb 23, 2026 meeting (7 of 12 voting members present; 8 needed)",
		},
		{
			name:         "meeting date given as M/D/YYYY is the same meeting",
			vote:         Vote{Meeting: day("3/23/2026"), Kind: KindOther, Yes: 7},
			wantEligible: 12, wantValid: true, wantPassed: true, wantSubject: -1,
			wantReason: "Passed: 7 yes, 0 no, 0 abstain; more yes than no",
		},
		{
			name:         "meeting with a column but nothing recorded",
			vote:         Vote{Meeting: apr27, Kind: KindOther, Yes: 7},
			wantEligible: 0, wantValid: false, wantSubject: -1,
			wantReason: "Not valid: no meeting on Apr 27, 2026 has attendance recorded",
		},
		{
			name:         "no meeting on that date",
			vote:         Vote{Meeting: day("2026-01-27"), Kind: KindOther, Yes: 7},
			wantEligible: 0, wantValid: false, wantSubject: -1,
			wantReason: "Not valid: no meeting on Jan 27, 2026 has attendance recorded",
		},
		{
			name:         "meeting not held yet",
			vote:         Vote{Meeting: may25, Kind: KindOther, Yes: 7},
			wantEligible: 0, wantValid: false, wantSubject: -1,
			wantReason: "Not valid: the May 25, 2026 meeting has not been held yet",
		},
		{
			name:      "no meeting date",
			vote:      Vote{Kind: KindOther, Yes: 7},
			wantValid: false, wantSubject: -1,
			wantReason: "Not valid: the vote has no meeting date",
		},
		{
			name:         "unknown kind",
			vote:         Vote{Meeting: jan26, Yes: 7},
			wantEligible: 11, wantValid: false, wantSubject: -1,
			wantReason: "Not valid: the kind of vote must be Admit, Remove or Other",
		},
		{
			name:         "negative counts",
			vote:         Vote{Meeting: jan26, Kind: KindOther, Yes: 7, No: -3},
			wantEligible: 11, wantValid: false, wantSubject: -1,
			wantReason: "Not valid: a number of votes is below zero",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := voteCoalition()
			tt.vote.Row = 7
			c.Votes = []Vote{tt.vote}
			r := Evaluate(c, DefaultPolicy(), day("2026-05-01"))
			got := r.Votes[0]
			if got.Row != 7 || got.Meeting != tt.vote.Meeting || got.Kind != tt.vote.Kind || got.Subject != tt.vote.Subject {
				t.Errorf("vote echoes %+v, want the input %+v", got, tt.vote)
			}
			if got.Eligible != tt.wantEligible || got.Valid != tt.wantValid || got.Passed != tt.wantPassed || got.SubjectIndex != tt.wantSubject {
				t.Errorf("eligible, valid, passed, subject = %d, %v, %v, %d; want %d, %v, %v, %d",
					got.Eligible, got.Valid, got.Passed, got.SubjectIndex, tt.wantEligible, tt.wantValid, tt.wantPassed, tt.wantSubject)
			}
			if s := got.Reason.String(); s != tt.wantReason {
				t.Errorf("reason = %q, want %q", s, tt.wantReason)
			}
			if es := got.Reason.In(Spanish); es == "" || es == got.Reason.String() || strings.Contains(es, "%!") {
				t.Errorf("Spanish reason = %q, want a Spanish wording", es)
			}
		})
	}
}

func TestEvaluateRemovalOfTheOnlyVoter(t *testing.T) {
	t.Parallel()
	c := Coalition{
		Members:    []Member{active("A"), active("B"), active("C")},
		Meetings:   []Date{jan26},
		Attendance: [][]Code{row("P"), row("P"), row("A")},
		Votes:      []Vote{{Meeting: jan26, Kind: KindRemove, Subject: "A", Yes: 1}, {Meeting: jan26, Kind: KindRemove, Subject: "A"}},
	}
	c.Members[1].Status = StatusWithdrawn // B withdrew before: only A counts
	c.Members[1].Left = day("2026-01-01")
	c.Members[2].Status = StatusApplicant
	r := Evaluate(c, DefaultPolicy(), jan26)
	if m := r.Meetings[0]; !m.Quorum || m.VotingMembers != 1 {
		t.Fatalf("meeting = %+v, want quorum with 1 voting member", m)
	}
	if v := r.Votes[0]; v.Valid || v.Passed || v.Eligible != 0 {
		t.Errorf("vote with a yes = %+v, want not valid with 0 eligible", v)
	}
	v := r.Votes[1]
	if !v.Valid || v.Passed || v.Eligible != 0 {
		t.Errorf("vote with no votes = %+v, want valid, not passed, 0 eligible", v)
	}
	if got, want := v.Reason.String(), "Failed: no voting member present could vote on the removal"; got != want {
		t.Errorf("reason = %q, want %q", got, want)
	}
}

func TestEvaluateRemovedMemberVotesBeforeLeft(t *testing.T) {
	t.Parallel()
	// A removal vote at Feb 23 removed M-3; the sheet now says Removed with
	// Left = Feb 23. Re-evaluating must still count M-3 at that meeting and
	// still find the vote passed.
	c := Coalition{
		Members:    []Member{active("M-1"), active("M-2"), {ID: "M-3", Name: "Gone", Status: StatusRemoved, Voting: true, Left: feb23}},
		Meetings:   []Date{jan26, feb23, mar23},
		Attendance: [][]Code{row("PPP"), row("PPP"), row("APP")},
		Votes:      []Vote{{Meeting: feb23, Kind: KindRemove, Subject: "gone", Yes: 2}},
	}
	r := Evaluate(c, DefaultPolicy(), mar23)
	wantN := []int{3, 3, 2}
	for k, m := range r.Meetings {
		if m.VotingMembers != wantN[k] {
			t.Errorf("meeting %v voting members = %d, want %d", m.Date, m.VotingMembers, wantN[k])
		}
	}
	if v := r.Votes[0]; !v.Passed || v.Eligible != 2 || v.SubjectIndex != 2 {
		t.Errorf("removal vote = %+v, want passed with 2 eligible about member 2", v)
	}
	if got := r.Members[2].UnexcusedAbsences; got != 1 {
		t.Errorf("removed member absences = %d, want 1 (before Left)", got)
	}
}

func TestEvaluateDoesNotChangeInput(t *testing.T) {
	t.Parallel()
	c := voteCoalition()
	c.Meetings = []Date{feb23, jan26, mar23, apr27} // out of order on purpose
	before := fmt.Sprintf("%+v", c)
	Evaluate(c, DefaultPolicy(), apr27)
	if after := fmt.Sprintf("%+v", c); after != before {
		t.Errorf("Evaluate changed its input:\n got %s\nwant %s", after, before)
	}
}

func TestEvaluateFlagsDoNotAlias(t *testing.T) {
	t.Parallel()
	c := Coalition{
		Members:    []Member{{ID: "A", Status: StatusActive}, {ID: "B", Status: StatusActive}},
		Meetings:   sixMeetings,
		Attendance: [][]Code{row("AAA"), row("AAA")},
	}
	r := Evaluate(c, DefaultPolicy(), jun22)
	r.Members[0].Flags = append(r.Members[0].Flags, Flag{Kind: "extra"})
	r.Members[0].Flags[0].Dates = append(r.Members[0].Flags[0].Dates, jun22)
	if got := r.Members[1].Flags; len(got) != 2 || got[0].Kind != FlagRemovalReviewDue || len(got[0].Dates) != 3 {
		t.Errorf("member B's flags = %+v after appending to A's, want untouched", got)
	}
}

// randomCoalition invents a coalition: members with every status, dates on,
// just before and just after meetings, ragged attendance rows, votes about
// members by ID or by a messy name, and sometimes meeting columns out of
// order or repeated.
func randomCoalition(rng *rand.Rand) (Coalition, Date) {
	var c Coalition
	start := FourthMonday(2024+rng.IntN(3), time.Month(1+rng.IntN(12)))
	nm := rng.IntN(14)
	d := start
	for range nm {
		c.Meetings = append(c.Meetings, d)
		if rng.IntN(6) == 0 {
			d = d.AddDays(7 * (1 + rng.IntN(3))) // an extra or moved meeting
		} else {
			d = FourthMonday(d.AddDays(14).Year, d.AddDays(14).Month)
			if !d.After(c.Meetings[len(c.Meetings)-1]) {
				d = FourthMonday(d.AddDays(35).Year, d.AddDays(35).Month)
			}
		}
	}
	if nm > 1 && rng.IntN(8) == 0 {
		rng.Shuffle(len(c.Meetings), func(i, j int) { c.Meetings[i], c.Meetings[j] = c.Meetings[j], c.Meetings[i] })
		c.Meetings[0] = c.Meetings[len(c.Meetings)-1] // a repeated column
	}
	someDate := func() Date {
		switch {
		case nm == 0 || rng.IntN(3) == 0:
			return Date{}
		default:
			return c.Meetings[rng.IntN(nm)].AddDays(rng.IntN(3) - 1)
		}
	}
	names := []string{"Casa de Paz", "Voces del Valle", "Lucía Fernández", "Mid-River Workers", "Puentes", "Dana Okafor"}
	nmem := rng.IntN(25)
	presence := 5 + rng.IntN(6) // in tenths: some coalitions come to every meeting
	for i := range nmem {
		m := Member{
			ID:         fmt.Sprintf("M-%03d", i+1),
			Row:        i + 2,
			Name:       fmt.Sprintf("%s %d", names[rng.IntN(len(names))], rng.IntN(4)),
			Status:     Status(rng.IntN(5)),
			Voting:     rng.IntN(4) != 0,
			Joined:     someDate(),
			Left:       someDate(),
			LastReview: someDate(),
		}
		if rng.IntN(10) == 0 {
			m.ID = "" // not synced yet
		}
		if rng.IntN(3) != 0 {
			m.WorkingGroups = []WorkingGroup{WorkingGroups[rng.IntN(3)]}
		}
		if rng.IntN(5) == 0 {
			m.ContraryAction = []string{"reported", " ", "spoke for the coalition without approval"}[rng.IntN(3)]
		}
		c.Members = append(c.Members, m)
		switch rng.IntN(10) {
		case 0:
			c.Attendance = append(c.Attendance, nil)
		default:
			n := nm
			if rng.IntN(5) == 0 {
				n = rng.IntN(nm + 2) // ragged: shorter, or longer than the meetings
			}
			r := make([]Code, n)
			for j := range r {
				if rng.IntN(10) < presence {
					r[j] = Present
				} else {
					r[j] = []Code{Notified, Absent, Absent, Unrecorded}[rng.IntN(4)]
				}
			}
			c.Attendance = append(c.Attendance, r)
		}
	}
	if rng.IntN(5) == 0 && len(c.Attendance) > 0 {
		c.Attendance = c.Attendance[:rng.IntN(len(c.Attendance))] // fewer rows than members
	}
	for range rng.IntN(6) {
		v := Vote{Row: rng.IntN(50) + 2, Kind: VoteKind(1 + rng.IntN(3)), Yes: rng.IntN(8), No: rng.IntN(3), Abstain: rng.IntN(3)}
		if rng.IntN(2) == 0 {
			v.No, v.Abstain = 0, 0
		}
		if rng.IntN(10) == 0 {
			v.Kind = KindUnknown
		}
		if nm > 0 && rng.IntN(6) != 0 {
			v.Meeting = c.Meetings[rng.IntN(nm)]
		} else {
			v.Meeting = someDate()
		}
		if nmem > 0 {
			s := c.Members[rng.IntN(nmem)]
			switch rng.IntN(4) {
			case 0:
				v.Subject = strings.ToLower(s.ID)
			case 1:
				v.Subject = "  " + strings.ToUpper(s.Name) + " "
			case 2:
				v.Subject = strings.ReplaceAll(s.Name, " ", "   ")
			default:
				v.Subject = "Someone Else"
			}
		}
		c.Votes = append(c.Votes, v)
	}
	var asOf Date
	switch {
	case rng.IntN(12) == 0:
		// blank: every meeting held
	case nm > 0 && rng.IntN(2) == 0:
		asOf = c.Meetings[rng.IntN(nm)].AddDays(rng.IntN(3) - 1)
	case nm > 0:
		asOf = slices.MaxFunc(c.Meetings, Date.Compare).AddDays(rng.IntN(40))
	default:
		asOf = start
	}
	return c, asOf
}

// randomSectors gives members kinds and sectors: none, one perspective in
// any case, several, or words that are no perspective.
func randomSectors(rng *rand.Rand, members []Member) {
	sectors := []string{"", "", "Immigrant rights", "grassroots organizing", "EDUCATION", "Healthcare access",
		"civil rights; labor", "Labor union", "faith", "education, healthcare, immigrant rights", "Grassroots / Civil Rights"}
	for i := range members {
		members[i].Sector = sectors[rng.IntN(len(sectors))]
		if rng.IntN(4) == 0 {
			members[i].Type = TypeIndividual
		} else {
			members[i].Type = TypeOrganization
		}
	}
}

func TestEvaluateMatchesReference(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(2026, 4))
	// seen counts the situations the generator reached, so that a change
	// that makes it trivial (no quorum ever, no vote ever valid) fails.
	seen := map[string]int{}
	defer func() {
		for _, what := range []string{"quorum", "no quorum", "unrecorded", "valid vote", "invalid vote",
			"passed removal", "failed removal", "passed majority", "removal review", "subject not found", "issue",
			"next meeting with voting members", "next meeting without", "every perspective", "some perspective missing"} {
			if seen[what] < 20 {
				t.Errorf("random coalitions reached %q only %d times, want at least 20 (seen: %v)", what, seen[what], seen)
			}
		}
		t.Logf("situations reached: %v", seen)
	}()
	// sectors draws the members' kinds and sectors from a stream of its own,
	// so that the coalitions drawn from rng stay as they were.
	sectors := rand.New(rand.NewPCG(2026, 8))
	for n := range 3000 {
		c, asOf := randomCoalition(rng)
		randomSectors(sectors, c.Members)
		p := DefaultPolicy()
		p.ConsecutiveOnly = rng.IntN(2) == 0
		p.AbsenceThreshold = 1 + rng.IntN(4)
		got := Evaluate(c, p, asOf)
		want := referenceEvaluate(c, p, asOf)
		referenceOutlook(c, got.NextMeeting, &want)
		where := fmt.Sprintf("case %d (consecutive=%v threshold=%d asOf=%v)", n, p.ConsecutiveOnly, p.AbsenceThreshold, asOf)

		if got.NextVotingMembers != want.nextVoting || got.NextQuorumNeeded != want.nextNeeded {
			t.Fatalf("%s: next meeting %v: %d voting members, %d needed; want %d, %d",
				where, got.NextMeeting, got.NextVotingMembers, got.NextQuorumNeeded, want.nextVoting, want.nextNeeded)
		}
		var missing []string
		for _, p := range got.MissingPerspectives {
			missing = append(missing, string(p))
		}
		if !slices.Equal(missing, want.missing) {
			t.Fatalf("%s: missing perspectives %q, want %q", where, missing, want.missing)
		}
		switch {
		case got.NextVotingMembers > 0:
			seen["next meeting with voting members"]++
		case !got.NextMeeting.IsZero():
			seen["next meeting without"]++
		}
		if len(missing) == 0 {
			seen["every perspective"]++
		} else {
			seen["some perspective missing"]++
		}

		if len(got.Meetings) != len(want.meetings) {
			t.Fatalf("%s: %d meetings, want %d", where, len(got.Meetings), len(want.meetings))
		}
		for k, m := range got.Meetings {
			w := want.meetings[k]
			if n := VotingMembersOn(c.Members, m.Date); n != w.n {
				t.Fatalf("%s: VotingMembersOn(meeting %d, %v) = %d, want %d", where, k, m.Date, n, w.n)
			}
			if refTime(m.Date) != w.date || m.VotingMembers != w.n || m.Present != w.present ||
				m.QuorumNeeded != w.needed || m.Quorum != w.quorum || m.Recorded != w.recorded {
				t.Fatalf("%s: meeting %d = %+v, want date %v n %d present %d needed %d quorum %v recorded %v",
					where, k, m, w.date, w.n, w.present, w.needed, w.quorum, w.recorded)
			}
		}
		for i, m := range got.Members {
			w := want.members[i]
			if m.UnexcusedAbsences != w.absences {
				t.Fatalf("%s: member %d absences = %d, want %d", where, i, m.UnexcusedAbsences, w.absences)
			}
			var kinds []FlagKind
			var dates []time.Time
			for _, f := range m.Flags {
				kinds = append(kinds, f.Kind)
				for _, d := range f.Dates {
					dates = append(dates, refTime(d))
				}
			}
			if !slices.Equal(kinds, w.flags) || !slices.Equal(dates, w.flagDates) {
				t.Fatalf("%s: member %d flags = %v %v, want %v %v", where, i, kinds, dates, w.flags, w.flagDates)
			}
		}
		for _, m := range got.Meetings {
			switch {
			case !m.Recorded:
				seen["unrecorded"]++
			case m.Quorum:
				seen["quorum"]++
			default:
				seen["no quorum"]++
			}
		}
		for _, m := range got.Members {
			if len(m.Flags) > 0 && m.Flags[0].Kind == FlagRemovalReviewDue {
				seen["removal review"]++
			}
		}
		for _, v := range got.Votes {
			switch {
			case !v.Valid:
				seen["invalid vote"]++
			case v.Kind == KindRemove && v.Passed:
				seen["passed removal"]++
			case v.Kind == KindRemove:
				seen["failed removal"]++
			case v.Passed:
				seen["passed majority"]++
			}
			if v.Valid {
				seen["valid vote"]++
			}
			if v.SubjectIndex < 0 && v.Kind == KindRemove {
				seen["subject not found"]++
			}
		}
		seen["issue"] += len(got.Issues)
		if len(got.Issues) != want.issues {
			t.Fatalf("%s: %d issues %v, want %d", where, len(got.Issues), got.Issues, want.issues)
		}
		for i, v := range got.Votes {
			w := want.votes[i]
			if v.Valid != w.valid || v.Passed != w.passed || v.SubjectIndex != w.subject ||
				(v.Eligible != w.eligible && !v.Meeting.IsZero()) {
				t.Fatalf("%s: vote %d %+v = eligible %d valid %v passed %v subject %d (%s), want %d %v %v %d",
					where, i, c.Votes[i], v.Eligible, v.Valid, v.Passed, v.SubjectIndex, v.Reason, w.eligible, w.valid, w.passed, w.subject)
			}
			if strings.Contains(v.Reason.String(), "%!") || strings.Contains(v.Reason.In(Spanish), "%!") {
				t.Fatalf("%s: vote %d reason has a formatting error: %q / %q", where, i, v.Reason, v.Reason.In(Spanish))
			}
		}
	}
}

func TestAddingAPresentMemberNeverRemovesQuorum(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 11))
	for n := range 1000 {
		c, asOf := randomCoalition(rng)
		before := Evaluate(c, DefaultPolicy(), asOf)
		att := make([]Code, len(c.Meetings))
		for j := range att {
			att[j] = Present
		}
		// pad attendance so the new row lines up with the new member
		for len(c.Attendance) < len(c.Members) {
			c.Attendance = append(c.Attendance, nil)
		}
		c.Members = append(slices.Clone(c.Members), Member{ID: "NEW", Name: "Newcomer", Status: StatusActive, Voting: true})
		c.Attendance = append(slices.Clone(c.Attendance), att)
		after := Evaluate(c, DefaultPolicy(), asOf)
		for k, m := range before.Meetings {
			a := after.Meetings[k]
			if m.Quorum && !a.Quorum {
				t.Fatalf("case %d: meeting %v had quorum (%+v) and lost it (%+v) when a present member was added", n, m.Date, m, a)
			}
			if a.VotingMembers != m.VotingMembers+1 || a.Present != m.Present+1 {
				t.Fatalf("case %d: meeting %v after adding: %+v, before %+v: want one more voting member, present", n, m.Date, a, m)
			}
		}
	}
}
