package domain

// QuorumNeeded returns how many of voting members must be present for
// quorum: the fewest P with 3P ≥ 2N, that is two thirds rounded up (12 of
// 17, 3 of 4, 0 of 0).
func QuorumNeeded(voting int) int { return (2*voting + 2) / 3 }

// HasQuorum reports whether present of voting members make quorum: 3P ≥ 2N,
// and never when there is no voting member.
func HasQuorum(present, voting int) bool { return voting > 0 && 3*present >= 2*voting }

// VotingOn reports whether m is a voting member on day: voted in (Voting),
// Active, or Removed or Withdrawn with a Left date (it counted until it
// left); joined before day (or Joined blank) and not left before day (or
// Left blank). A blank day is no meeting: nobody votes on it.
func VotingOn(m Member, day Date) bool {
	if day.IsZero() || !countsInQuorum(&m) {
		return false
	}
	return (m.Joined.IsZero() || m.Joined.Before(day)) && (m.Left.IsZero() || !m.Left.Before(day))
}

// VotingMembersOn returns how many members are voting members on day (see
// VotingOn): the N of a meeting held that day.
func VotingMembersOn(members []Member, day Date) int {
	n := 0
	for i := range members {
		if VotingOn(members[i], day) {
			n++
		}
	}
	return n
}
