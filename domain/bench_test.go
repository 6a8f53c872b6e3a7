package domain

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchCoalition invents a coalition of members at meetings monthly fourth
// Mondays from January 2006: most members Active and voting, a few
// applicants, removed and withdrawn members, joins and reviews spread over the
// years, attendance mostly P with some N, A and blanks, and one vote per
// meeting.
func benchCoalition(members, meetings int) (Coalition, Date) {
	rng := rand.New(rand.NewPCG(uint64(members), uint64(meetings)))
	var c Coalition
	c.Meetings = MeetingDates(day("2006-01-01"), day("2006-01-01").AddDays(31*meetings))[:meetings]
	last := c.Meetings[len(c.Meetings)-1]
	c.Members = make([]Member, members)
	c.Attendance = make([][]Code, members)
	for i := range c.Members {
		m := Member{ID: fmt.Sprintf("M-%05d", i+1), Row: i + 2, Name: fmt.Sprintf("Member %d", i+1),
			Status: StatusActive, Voting: true, WorkingGroups: []WorkingGroup{Legislative}}
		switch rng.IntN(20) {
		case 0:
			m.Status, m.Voting = StatusApplicant, false
		case 1:
			m.Status, m.Left = StatusRemoved, c.Meetings[rng.IntN(meetings)]
		case 2:
			m.Status, m.Left = StatusWithdrawn, c.Meetings[rng.IntN(meetings)].AddDays(3)
		case 3:
			m.WorkingGroups = nil
		}
		if rng.IntN(2) == 0 {
			m.Joined = c.Meetings[rng.IntN(meetings)].AddDays(-5)
		}
		if rng.IntN(4) == 0 {
			m.LastReview = c.Meetings[rng.IntN(meetings)].AddDays(1)
		}
		c.Members[i] = m
		row := make([]Code, meetings)
		for j := range row {
			switch r := rng.IntN(20); {
			case r < 15:
				row[j] = Present
			case r < 17:
				row[j] = Notified
			case r < 19:
				row[j] = Absent
			}
		}
		c.Attendance[i] = row
	}
	for j, d := range c.Meetings {
		c.Votes = append(c.Votes, Vote{Row: j + 2, Meeting: d, Kind: VoteKind(1 + j%3),
			Subject: c.Members[rng.IntN(members)].Name, Yes: members / 2})
	}
	return c, last.AddDays(1)
}

// BenchmarkEvaluate measures Evaluate on a small coalition (50 members, two
// years of meetings) and a very large one (10,000 members, twenty years).
func BenchmarkEvaluate(b *testing.B) {
	for _, size := range []struct{ members, meetings int }{{50, 24}, {10000, 240}} {
		b.Run(fmt.Sprintf("%dmembers_%dmeetings", size.members, size.meetings), func(b *testing.B) {
			c, asOf := benchCoalition(size.members, size.meetings)
			for _, p := range []bool{false, true} {
				pol := DefaultPolicy()
				pol.ConsecutiveOnly = p
				if r := Evaluate(c, pol, asOf); len(r.Meetings) != size.meetings || len(r.Members) != size.members {
					b.Fatalf("report has %d meetings and %d members, want %d and %d", len(r.Meetings), len(r.Members), size.meetings, size.members)
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				Evaluate(c, DefaultPolicy(), asOf)
			}
		})
	}
}
