package domain

import (
	"slices"
	"strings"
	"testing"
)

// casaNueva is an invented application received on Apr 10, 2026.
func casaNueva() Application {
	return Application{Row: 2, ID: "A-0001", Received: DateTime{Date: day("2026-04-10"), Hour: 14, Minute: 30, HasTime: true},
		Name: "Casa Nueva (invented)", TaxStatus: "c(3)", Address: "1 Example St", Representative: "Lu Inventada",
		Title: "Director", Phone: "(314) 555-0190", Email: "casanueva@example.org",
		WorkingGroups: []WorkingGroup{Legislative, BaseBuilding},
		Answers:       []Answer{{Question: "Why do you want to join?", Text: "To help."}}}
}

// coalitionWith returns three voting members of whom present were present
// at the Apr 27, 2026 meeting, the given votes and applications.
func coalitionWith(present int, votes []Vote, apps ...Application) Coalition {
	ms, att := voters(3, present)
	return Coalition{Members: ms, Meetings: []Date{apr27}, Attendance: att, Votes: votes, Applications: apps}
}

// twoMeetings is three voting members: one of them present on Apr 27, 2026
// (no quorum), all three on May 25.
func twoMeetings(votes []Vote, apps ...Application) Coalition {
	ms, _ := voters(3, 3)
	return Coalition{Members: ms, Meetings: []Date{apr27, may25}, Attendance: [][]Code{row("PP"), row("AP"), row("AP")},
		Votes: votes, Applications: apps}
}

func admitVote(row int, meeting Date, subject string, yes, no int) Vote {
	return Vote{Row: row, Meeting: meeting, Kind: KindAdmit, Subject: subject, Yes: yes, No: no}
}

func TestEvaluateApplications(t *testing.T) {
	t.Parallel()
	noEmail := casaNueva()
	noEmail.Email = ""
	untimed := casaNueva()
	untimed.Received = DateTime{}
	onMeetingDay := casaNueva()
	onMeetingDay.Received = DateTime{Date: apr27, Hour: 9, HasTime: true}
	tests := []struct {
		name        string
		c           Coalition
		asOf        Date
		wantStatus  ApplicationStatus
		wantMeeting Date
		wantReason  string // a key the reason (or a Text inside it) has; "" for none
		wantVoteRow int
		wantIssues  []string // issue keys, in order
	}{
		{"received: no email", coalitionWith(3, nil, noEmail), day("2026-04-20"),
			ApplicationReceived, Date{}, "rules.application.why_no_email", 0, []string{"rules.application.issue_no_email"}},
		{"on the agenda of the next meeting after it came", coalitionWith(3, nil, casaNueva()), day("2026-04-20"),
			ApplicationOnAgenda, apr27, "", 0, nil},
		{"on the meeting's day itself: still that meeting", coalitionWith(3, nil, casaNueva()), apr27,
			ApplicationOnAgenda, apr27, "", 0, nil},
		{"its meeting passed with no vote: the next one", coalitionWith(3, nil, casaNueva()), day("2026-05-01"),
			ApplicationOnAgenda, may25, "", 0, nil},
		{"sent on a meeting's day: the following meeting", coalitionWith(3, nil, onMeetingDay), apr27,
			ApplicationOnAgenda, may25, "", 0, nil},
		{"no Timestamp: the next meeting from today", coalitionWith(3, nil, untimed), day("2026-05-01"),
			ApplicationOnAgenda, may25, "", 0, nil},
		{"no Timestamp and no date to count from", coalitionWith(3, nil, untimed), Date{},
			ApplicationReceived, Date{}, "rules.application.why_no_date", 0, nil},
		{"admitted by a vote naming its ID", coalitionWith(3, []Vote{admitVote(5, apr27, "a-0001", 3, 0)}, casaNueva()), day("2026-05-01"),
			ApplicationAdmitted, apr27, "rules.vote.majority_passed", 5, nil},
		{"admitted by a vote naming it, case and spaces aside", coalitionWith(3, []Vote{admitVote(5, apr27, "  casa  NUEVA (invented) ", 2, 1)}, casaNueva()), day("2026-05-01"),
			ApplicationAdmitted, apr27, "rules.vote.majority_passed", 5, nil},
		{"not admitted: no quorum", coalitionWith(1, []Vote{admitVote(5, apr27, "A-0001", 1, 0)}, casaNueva()), day("2026-05-01"),
			ApplicationNotAdmitted, apr27, "rules.vote.no_quorum", 5, nil},
		{"not admitted: more no than yes", coalitionWith(3, []Vote{admitVote(5, apr27, "A-0001", 1, 2)}, casaNueva()), day("2026-05-01"),
			ApplicationNotAdmitted, apr27, "rules.vote.majority_failed", 5, nil},
		{"not admitted: a tie", coalitionWith(3, []Vote{admitVote(5, apr27, "A-0001", 1, 1)}, casaNueva()), day("2026-05-01"),
			ApplicationNotAdmitted, apr27, "rules.vote.majority_failed", 5, nil},
		{"a vote at a meeting not held yet: on that meeting's agenda", coalitionWith(3, []Vote{admitVote(5, may25, "A-0001", 3, 0)}, casaNueva()), day("2026-05-01"),
			ApplicationOnAgenda, may25, "rules.vote.not_held_yet", 5, nil},
		{"no quorum first, admitted at the next meeting", twoMeetings([]Vote{admitVote(5, may25, "A-0001", 3, 0), admitVote(4, apr27, "A-0001", 1, 0)}, casaNueva()), day("2026-06-01"),
			ApplicationAdmitted, may25, "rules.vote.majority_passed", 5, nil},
		{"admitted, then a later vote: the admission stands", twoMeetings([]Vote{admitVote(4, apr27, "A-0001", 1, 0), admitVote(5, may25, "A-0001", 3, 0), admitVote(6, may25, "A-0001", 0, 3)}, casaNueva()), day("2026-06-01"),
			ApplicationAdmitted, may25, "rules.vote.majority_passed", 5, nil},
		{"the latest vote decides when none passed", twoMeetings([]Vote{admitVote(5, may25, "A-0001", 1, 2), admitVote(4, apr27, "A-0001", 1, 0)}, casaNueva()), day("2026-06-01"),
			ApplicationNotAdmitted, may25, "rules.vote.majority_failed", 5, nil},
		{"an Admit vote naming an unknown application", coalitionWith(3, []Vote{admitVote(6, apr27, "A-0099", 3, 0)}, casaNueva()), day("2026-05-01"),
			ApplicationOnAgenda, may25, "", 0, []string{"rules.application.issue_unknown_subject"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Evaluate(tt.c, DefaultPolicy(), tt.asOf)
			if len(r.Applications) != 1 {
				t.Fatalf("Applications = %+v, want one", r.Applications)
			}
			got := r.Applications[0]
			if got.Status != tt.wantStatus || got.Meeting != tt.wantMeeting || got.VoteRow != tt.wantVoteRow {
				t.Errorf("status, meeting, vote row = %v, %v, %d; want %v, %v, %d (reason %q)",
					got.Status, got.Meeting, got.VoteRow, tt.wantStatus, tt.wantMeeting, tt.wantVoteRow, got.Reason)
			}
			if !hasKey(got.Reason, tt.wantReason) {
				t.Errorf("reason = %#v, want key %q", got.Reason, tt.wantReason)
			}
			var keys []string
			for _, is := range r.Issues {
				keys = append(keys, is.Message.Key)
			}
			if !slices.Equal(keys, tt.wantIssues) {
				t.Errorf("issues = %q, want %q", keys, tt.wantIssues)
			}
			if d := got.Describe().String(); d == "" || strings.Contains(d, "rules.") {
				t.Errorf("Describe() = %q, want wording", d)
			}
		})
	}
}

// hasKey reports whether t is, or holds as an argument, a Text with key;
// an empty key wants the zero Text.
func hasKey(t Text, key string) bool {
	if key == "" {
		return t.Key == ""
	}
	if t.Key == key {
		return true
	}
	for _, a := range t.Args {
		if in, ok := a.(Text); ok && hasKey(in, key) {
			return true
		}
	}
	return false
}

func TestAdmittedApplicationBecomesAMember(t *testing.T) {
	t.Parallel()
	noGroup := casaNueva()
	noGroup.ID, noGroup.Name, noGroup.Email, noGroup.Row = "A-0002", "Ana Ficticia", "ana.f@example.org", 3
	noGroup.Type, noGroup.WorkingGroups = TypeIndividual, nil
	c := coalitionWith(3, []Vote{admitVote(5, apr27, "A-0001", 3, 0), admitVote(6, apr27, "ana ficticia", 3, 0)}, casaNueva(), noGroup)
	r := Evaluate(c, DefaultPolicy(), day("2026-05-01"))
	got := r.Applications[0].Member
	if got == nil {
		t.Fatalf("admitted application has no member: %+v", r.Applications[0])
	}
	a := casaNueva()
	want := Member{Name: a.Name, Type: TypeOrganization, TaxStatus: "c(3)", Address: a.Address, Representative: a.Representative,
		Title: "Director", Phone: a.Phone, Email: a.Email, WorkingGroups: []WorkingGroup{Legislative, BaseBuilding},
		Status: StatusActive, Voting: true, Joined: apr27}
	if got.Name != want.Name || got.Type != want.Type || got.TaxStatus != want.TaxStatus || got.Address != want.Address ||
		got.Representative != want.Representative || got.Title != want.Title || got.Phone != want.Phone || got.Email != want.Email ||
		!slices.Equal(got.WorkingGroups, want.WorkingGroups) || got.Status != want.Status || got.Voting != want.Voting ||
		got.Joined != want.Joined || got.ID != "" {
		t.Errorf("member = %+v\nwant %+v", *got, want)
	}
	ana := r.Applications[1].Member
	if ana == nil || ana.Voting || ana.Type != TypeIndividual || len(ana.WorkingGroups) != 0 {
		t.Errorf("member without a working group = %+v, want Individual, not voting", ana)
	}
	// Neither vote note says "no member matches": they are about applications.
	for _, v := range r.Votes {
		if hasKey(v.Reason, "rules.vote.subject_not_found") || hasKey(v.Reason, "rules.vote.subject_not_found_anywhere") {
			t.Errorf("vote row %d reason = %q, want no note", v.Row, v.Reason)
		}
		if v.ApplicationIndex < 0 {
			t.Errorf("vote row %d ApplicationIndex = %d, want the application", v.Row, v.ApplicationIndex)
		}
	}

	// Once Members has it (as the sync appends it), nothing more to add.
	c.Members = append(c.Members, a.AsMember(apr27))
	r = Evaluate(c, DefaultPolicy(), day("2026-05-01"))
	if got := r.Applications[0]; got.Status != ApplicationAdmitted || got.Member != nil || got.MemberIndex != 3 {
		t.Errorf("after the append: %+v, want admitted, no member to add, MemberIndex 3", got)
	}
	if len(r.Issues) != 0 {
		t.Errorf("issues after the append = %+v, want none", r.Issues)
	}
}

func TestApplicationIssues(t *testing.T) {
	t.Parallel()
	first := casaNueva()
	sameName := casaNueva()
	sameName.Row, sameName.ID, sameName.Email = 3, "A-0002", "other@example.org"
	sameEmail := casaNueva()
	sameEmail.Row, sameEmail.ID, sameEmail.Name = 4, "A-0003", "Another Name (invented)"
	noName := casaNueva()
	noName.Row, noName.ID, noName.Name, noName.Email = 5, "A-0004", " ", "noname@example.org"
	member := casaNueva()
	member.Row, member.ID, member.Name, member.Email = 6, "A-0005", "member m-001", "m1@example.org"
	c := coalitionWith(3, []Vote{admitVote(7, apr27, "Nobody Known", 3, 0)}, first, sameName, sameEmail, noName, member)
	r := Evaluate(c, DefaultPolicy(), day("2026-04-20"))
	type issue struct {
		tab    string
		row    int
		column string
		key    string
	}
	var got []issue
	for _, is := range r.Issues {
		got = append(got, issue{is.Tab, is.Row, is.Column, is.Message.Key})
	}
	want := []issue{
		{TabApplications, 3, ColumnOrganizationName, "rules.application.issue_duplicate_name"},
		{TabApplications, 4, ColumnEmail, "rules.application.issue_duplicate_email"},
		{TabApplications, 5, ColumnOrganizationName, "rules.application.issue_no_name"},
		{TabApplications, 6, ColumnOrganizationName, "rules.application.issue_member"},
		{TabVotes, 7, ColumnSubject, "rules.application.issue_unknown_subject"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("issues = %+v\nwant %+v", got, want)
	}
	wantStatus := []ApplicationStatus{ApplicationOnAgenda, ApplicationReceived, ApplicationReceived, ApplicationReceived, ApplicationReceived}
	for i, a := range r.Applications {
		if a.Status != wantStatus[i] {
			t.Errorf("application row %d status = %v (%q), want %v", a.Row, a.Status, a.Describe(), wantStatus[i])
		}
	}
	if v := r.Votes[0]; !hasKey(v.Reason, "rules.vote.subject_not_found_anywhere") {
		t.Errorf("vote naming nobody: reason %q, want the note that nothing matches", v.Reason)
	}
	for _, lang := range Languages {
		for _, is := range r.Issues {
			if s := is.Message.In(lang); strings.Contains(s, "rules.") || strings.Contains(s, "%!") {
				t.Errorf("issue in %s = %q", lang, s)
			}
		}
	}
}

func TestNewApplicationIDs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		ids         []string
		highest     int
		want        []string
		wantHighest int
	}{
		{"first ones", []string{"", ""}, 0, []string{"A-0001", "A-0002"}, 2},
		{"after the highest in the tab", []string{"A-0007", "", " a-0003 ", ""}, 0, []string{"A-0007", "A-0008", "A-0003", "A-0009"}, 9},
		{"after the highest given before, deleted since", []string{"A-0002", ""}, 12, []string{"A-0002", "A-0013"}, 13},
		{"a typed text is kept", []string{"Casa", ""}, 0, []string{"Casa", "A-0001"}, 1},
		{"nothing to give", nil, 4, []string{}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			apps := make([]Application, len(tt.ids))
			for i, id := range tt.ids {
				apps[i].ID = id
			}
			got, highest := NewApplicationIDs(apps, tt.highest)
			if !slices.Equal(got, tt.want) || highest != tt.wantHighest {
				t.Errorf("NewApplicationIDs(%q, %d) = %q, %d; want %q, %d", tt.ids, tt.highest, got, highest, tt.want, tt.wantHighest)
			}
		})
	}
	for _, tt := range []struct {
		id   string
		n    int
		want bool
	}{{"A-0001", 1, true}, {" a-12345 ", 12345, true}, {"A-000", 0, false}, {"A-0000", 0, false}, {"M-0001", 0, false}, {"A0001", 0, false}} {
		if n, ok := ApplicationNumber(tt.id); n != tt.n || ok != tt.want {
			t.Errorf("ApplicationNumber(%q) = %d, %v; want %d, %v", tt.id, n, ok, tt.n, tt.want)
		}
	}
	if got := FormatApplicationID(42); got != "A-0042" {
		t.Errorf("FormatApplicationID(42) = %q, want A-0042", got)
	}
}
