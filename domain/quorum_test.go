package domain

import (
	"slices"
	"testing"
)

func TestQuorumNeeded(t *testing.T) {
	t.Parallel()
	tests := []struct{ voting, want int }{
		{0, 0}, {1, 1}, {2, 2}, {3, 2}, {4, 3}, {5, 4}, {6, 4}, {7, 5}, {9, 6}, {10, 7}, {17, 12}, {100, 67},
	}
	for _, tt := range tests {
		if got := QuorumNeeded(tt.voting); got != tt.want {
			t.Errorf("QuorumNeeded(%d) = %d, want %d", tt.voting, got, tt.want)
		}
		// QuorumNeeded is the fewest present that make quorum.
		if tt.voting > 0 && (!HasQuorum(tt.want, tt.voting) || HasQuorum(tt.want-1, tt.voting)) {
			t.Errorf("HasQuorum around QuorumNeeded(%d) = %d: %v with %d, %v with %d; want true, false",
				tt.voting, tt.want, HasQuorum(tt.want, tt.voting), tt.want, HasQuorum(tt.want-1, tt.voting), tt.want-1)
		}
	}
}

func TestHasQuorum(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name            string
		present, voting int
		want            bool
	}{
		{"nobody votes", 0, 0, false},
		{"nobody votes, someone came", 3, 0, false},
		{"two thirds exactly", 2, 3, true},
		{"just under two thirds", 11, 17, false},
		{"just over two thirds", 12, 17, true},
		{"everyone", 17, 17, true},
		{"nobody came", 0, 4, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := HasQuorum(tt.present, tt.voting); got != tt.want {
				t.Errorf("HasQuorum(%d, %d) = %v, want %v", tt.present, tt.voting, got, tt.want)
			}
		})
	}
}

func TestVotingOn(t *testing.T) {
	t.Parallel()
	meeting := day("2026-05-25")
	active := Member{Status: StatusActive, Voting: true}
	with := func(change func(*Member)) Member {
		m := active
		change(&m)
		return m
	}
	tests := []struct {
		name string
		m    Member
		day  Date
		want bool
	}{
		{"active and voted in", active, meeting, true},
		{"not voted in", with(func(m *Member) { m.Voting = false }), meeting, false},
		{"applicant", with(func(m *Member) { m.Status = StatusApplicant }), meeting, false},
		{"status not understood", with(func(m *Member) { m.Status = StatusUnknown }), meeting, false},
		{"joined the day before", with(func(m *Member) { m.Joined = day("2026-05-24") }), meeting, true},
		{"joined that day", with(func(m *Member) { m.Joined = meeting }), meeting, false},
		{"joins later", with(func(m *Member) { m.Joined = day("2026-06-01") }), meeting, false},
		{"leaves that day", with(func(m *Member) { m.Left = meeting }), meeting, true},
		{"left the day before", with(func(m *Member) { m.Left = day("2026-05-24") }), meeting, false},
		{"removed that day counts until it leaves", with(func(m *Member) { m.Status, m.Left = StatusRemoved, meeting }), meeting, true},
		{"withdraws later", with(func(m *Member) { m.Status, m.Left = StatusWithdrawn, day("2026-06-30") }), meeting, true},
		{"withdrawn before", with(func(m *Member) { m.Status, m.Left = StatusWithdrawn, day("2026-04-30") }), meeting, false},
		{"removed without a Left date", with(func(m *Member) { m.Status = StatusRemoved }), meeting, false},
		{"no meeting", active, Date{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := VotingOn(tt.m, tt.day); got != tt.want {
				t.Errorf("VotingOn(%+v, %v) = %v, want %v", tt.m, tt.day, got, tt.want)
			}
			if got, want := VotingMembersOn([]Member{tt.m, tt.m}, tt.day), map[bool]int{true: 2}[tt.want]; got != want {
				t.Errorf("VotingMembersOn(two of %+v, %v) = %d, want %d", tt.m, tt.day, got, want)
			}
		})
	}
}

func TestEvaluateNextMeetingOutlook(t *testing.T) {
	t.Parallel()
	// As of May 1, 2026 the next meeting is May 25, 2026.
	members := []Member{
		{Name: "Casa Ejemplo", Status: StatusActive, Voting: true, Type: TypeOrganization, Sector: "Immigrant Rights"},
		{Name: "Barrio Ejemplo", Status: StatusActive, Voting: true, Joined: day("2026-05-25"), Sector: "grassroots"}, // brings its perspective already
		{Name: "Escuela Ejemplo", Status: StatusRemoved, Voting: true, Left: day("2026-05-25"), Sector: "education"},
		{Name: "Lena Example", Status: StatusActive, Voting: false, Type: TypeIndividual},
		{Name: "Aplicante Ejemplo", Status: StatusApplicant, Voting: true, Sector: "Labor"},
	}
	tests := []struct {
		name                string
		asOf                Date
		wantNext            Date
		wantVoting, wantMin int
		wantMissing         []Perspective
	}{
		{"before the meeting", day("2026-05-01"), day("2026-05-25"), 2, 2,
			[]Perspective{PerspectiveEducation, PerspectiveHealthcare, PerspectiveCivilRights, PerspectiveLabor}},
		{"after it", day("2026-05-26"), day("2026-06-22"), 2, 2,
			[]Perspective{PerspectiveEducation, PerspectiveHealthcare, PerspectiveCivilRights, PerspectiveLabor}},
		{"no as-of day: no next meeting", Date{}, Date{}, 0, 0,
			[]Perspective{PerspectiveEducation, PerspectiveHealthcare, PerspectiveCivilRights, PerspectiveLabor}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Evaluate(Coalition{Members: members}, DefaultPolicy(), tt.asOf)
			if r.NextMeeting != tt.wantNext || r.NextVotingMembers != tt.wantVoting || r.NextQuorumNeeded != tt.wantMin {
				t.Errorf("Evaluate as of %v: next meeting %v, %d voting members, %d needed; want %v, %d, %d",
					tt.asOf, r.NextMeeting, r.NextVotingMembers, r.NextQuorumNeeded, tt.wantNext, tt.wantVoting, tt.wantMin)
			}
			if !slices.Equal(r.MissingPerspectives, tt.wantMissing) {
				t.Errorf("MissingPerspectives = %q, want %q", r.MissingPerspectives, tt.wantMissing)
			}
		})
	}
}
