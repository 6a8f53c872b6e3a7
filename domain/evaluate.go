package domain

import (
	"slices"
	"strings"
)

// Tab and column names the rules mention in issues.
const (
	TabMembers    = "Members"
	TabAttendance = "Attendance"
	ColumnLeft    = "Left"
	ColumnJoined  = "Joined"
)

// dateKey maps a date to an integer that sorts as the date does.
func dateKey(d Date) int32 { return int32(d.Year*512 + int(d.Month)*32 + d.Day) }

// firstAfter returns the index of the first key greater than k in the
// ascending keys, or len(keys).
func firstAfter(keys []int32, k int32) int {
	lo, hi := 0, len(keys)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if keys[mid] <= k {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// countsInQuorum reports whether m is a voting member on some dates: Voting
// and Active, or Voting and Removed/Withdrawn with a Left date (it counted
// until it left). Joined and Left then bound the dates.
func countsInQuorum(m *Member) bool {
	if !m.Voting {
		return false
	}
	switch m.Status {
	case StatusActive:
		return true
	case StatusRemoved, StatusWithdrawn:
		return !m.Left.IsZero()
	}
	return false
}

// heldMeetings is the held meetings, ascending and distinct: keys[k] is the
// date key of the k-th one and cols[k] its index in Coalition.Meetings (and so
// in each attendance row). identity is true when cols[k] == k for every k.
type heldMeetings struct {
	dates    []Date
	keys     []int32
	cols     []int
	identity bool
}

// held picks the meetings dated on or before asOf (every meeting when asOf is
// blank), in date order. Blank dates are skipped; a date given twice keeps
// its first column and the other becomes an issue.
func held(meetings []Date, asOf Date, issues *[]Issue) heldMeetings {
	limit := int32(1<<31 - 1)
	if !asOf.IsZero() {
		limit = dateKey(asOf)
	}
	sorted := true
	for i, d := range meetings {
		if d.IsZero() || i > 0 && !meetings[i-1].Before(d) {
			sorted = false
			break
		}
	}
	var h heldMeetings
	if sorted {
		n := len(meetings)
		h.keys = make([]int32, n)
		for i, d := range meetings {
			h.keys[i] = dateKey(d)
		}
		n = firstAfter(h.keys, limit)
		h.keys = h.keys[:n:n]
		h.dates = meetings[:n:n]
		h.identity = true
		return h
	}
	for i, d := range meetings {
		if !d.IsZero() && dateKey(d) <= limit {
			h.cols = append(h.cols, i)
		}
	}
	slices.SortStableFunc(h.cols, func(a, b int) int { return meetings[a].Compare(meetings[b]) })
	kept := h.cols[:0]
	for _, col := range h.cols {
		if len(kept) > 0 && meetings[kept[len(kept)-1]] == meetings[col] {
			*issues = append(*issues, Issue{Tab: TabAttendance, Row: 1, Column: meetings[col].String(),
				Message: T("rules.issue.duplicate_meeting", meetings[col])})
			continue
		}
		kept = append(kept, col)
	}
	h.cols = kept
	h.keys = make([]int32, len(h.cols))
	h.dates = make([]Date, len(h.cols))
	for k, col := range h.cols {
		h.keys[k] = dateKey(meetings[col])
		h.dates[k] = meetings[col]
	}
	return h
}

// codes returns row's codes at the held meetings, in their order. It reuses
// row itself when it can and scratch otherwise.
func (h *heldMeetings) codes(row []Code, scratch []Code) []Code {
	n := len(h.keys)
	if h.identity && len(row) >= n {
		return row[:n]
	}
	scratch = scratch[:n]
	if h.identity {
		copy(scratch, row)
		clear(scratch[len(row):])
		return scratch
	}
	for k, col := range h.cols {
		if col < len(row) {
			scratch[k] = row[col]
		} else {
			scratch[k] = Unrecorded
		}
	}
	return scratch
}

// window returns the half-open range [lo, hi) of held meetings strictly after
// from (every meeting when from is blank) and on or before until (every
// meeting when until is blank).
func (h *heldMeetings) window(from, until Date) (lo, hi int) {
	if !from.IsZero() {
		lo = firstAfter(h.keys, dateKey(from))
	}
	hi = len(h.keys)
	if !until.IsZero() {
		hi = firstAfter(h.keys, dateKey(until))
	}
	return lo, max(lo, hi)
}

// reserve returns buf with room for n more elements. When buf is full it
// starts a new chunk rather than growing and copying: the slices already
// handed out keep the old chunk alive, and each result's slices are capped
// so appending to one never writes into another's.
func reserve[T any](buf []T, n, chunk int) []T {
	if cap(buf)-len(buf) >= n {
		return buf
	}
	return make([]T, 0, max(n, chunk))
}

// later returns the later of two dates, a blank date being earliest.
func later(a, b Date) Date {
	if a.Before(b) {
		return b
	}
	return a
}

// Evaluate applies the coalition's rules to c as of the day asOf and reports
// every meeting's quorum, every member's absences and flags, every vote's
// result, how many voting members the next meeting will have and how many
// make its quorum, and which perspectives are missing. It is pure and does
// not change c.
//
// Meetings dated after asOf are not held yet: they are left out of the
// report and of every count. A blank asOf holds every meeting (and leaves
// NextMeeting blank).
//
// With p.ConsecutiveOnly, a member's unexcused absences are the current run
// of A at its latest meetings: walking back from its last counted meeting, P
// or N ends the run and a blank cell (not recorded) is skipped, neither
// breaking the run nor adding to it, because a missing record says nothing
// about whether the member came.
//
// A policy threshold below 1 is treated as 1 (Policy.Validate reports it).
//
// With c.Applications, the report also says where each application stands
// (Report.Applications: see evaluateApplications for which meeting and
// which vote), and its issues include what keeps an application off an
// agenda and Admit votes that name neither a member nor an application.
func Evaluate(c Coalition, p Policy, asOf Date) Report {
	r := Report{AsOf: asOf}
	if !asOf.IsZero() {
		r.NextMeeting = NextMeeting(asOf, c.Overrides)
		r.NextVotingMembers = VotingMembersOn(c.Members, r.NextMeeting)
		r.NextQuorumNeeded = QuorumNeeded(r.NextVotingMembers)
	}
	r.MissingPerspectives = MissingPerspectives(c.Members)
	threshold := max(p.AbsenceThreshold, 1)
	h := held(c.Meetings, asOf, &r.Issues)
	nm := len(h.keys)

	// One pass over the members fills the per-meeting counts and each
	// member's result. quorumDiff is a difference array of voting members.
	recorded := make([]bool, nm)
	unrecorded := nm
	present := make([]int, nm)
	quorumDiff := make([]int, nm+1)
	scratch := make([]Code, nm)
	var flagBuf []Flag
	var dateBuf []Date
	chunk := min(1024, 4*len(c.Members)) // elements per new buffer chunk

	r.Members = make([]MemberResult, len(c.Members))
	for i := range c.Members {
		m := &c.Members[i]
		var row []Code
		if i < len(c.Attendance) {
			row = c.Attendance[i]
		}
		codes := h.codes(row, scratch)
		if unrecorded > 0 { // most meetings are recorded by the first few rows
			for k, code := range codes {
				if code-Present < 3 && !recorded[k] { // P, N or A
					recorded[k] = true
					unrecorded--
				}
			}
		}

		if countsInQuorum(m) {
			lo, hi := h.window(m.Joined, m.Left)
			quorumDiff[lo]++
			quorumDiff[hi]--
			for k := lo; k < hi; k++ {
				if codes[k] == Present {
					present[k]++
				}
			}
		}

		lo, hi := h.window(later(m.Joined, m.LastReview), m.Left)
		absences, first := 0, hi
		if p.ConsecutiveOnly {
			for k := hi - 1; k >= lo; k-- {
				if code := codes[k]; code == Absent {
					absences++
					first = k
				} else if code == Present || code == Notified {
					break
				}
			}
		} else {
			for _, code := range codes[lo:hi] {
				if code == Absent {
					absences++
				}
			}
			first = lo
		}

		res := &r.Members[i]
		*res = MemberResult{Index: i, ID: m.ID, Name: m.Name, Row: m.Row, Status: m.Status,
			Voting: m.Voting, UnexcusedAbsences: absences}

		if m.Status == StatusActive {
			flagBuf = reserve(flagBuf, 3, chunk)
			start := len(flagBuf)
			if absences >= threshold {
				dateBuf = reserve(dateBuf, absences, chunk)
				ds := len(dateBuf)
				for k := first; k < hi; k++ {
					if codes[k] == Absent {
						dateBuf = append(dateBuf, h.dates[k])
					}
				}
				flagBuf = append(flagBuf, Flag{Kind: FlagRemovalReviewDue, Dates: dateBuf[ds:len(dateBuf):len(dateBuf)]})
			}
			if len(m.WorkingGroups) == 0 {
				flagBuf = append(flagBuf, Flag{Kind: FlagNoWorkingGroup})
			}
			if strings.TrimSpace(m.ContraryAction) != "" {
				flagBuf = append(flagBuf, Flag{Kind: FlagContraryActionReview})
			}
			if len(flagBuf) > start {
				res.Flags = flagBuf[start:len(flagBuf):len(flagBuf)]
			}
		}

		if !m.Joined.IsZero() && !asOf.IsZero() && asOf.Before(m.Joined) {
			// Not wrong in itself (a member admitted ahead of its start),
			// but a typing slip here silently takes a member out of every
			// quorum: said, so people can check.
			r.Issues = append(r.Issues, Issue{Tab: TabMembers, Row: m.Row, Column: ColumnJoined,
				Message: T("rules.issue.joined_future", m.Joined)})
		}
		if (m.Status == StatusRemoved || m.Status == StatusWithdrawn) && m.Left.IsZero() {
			r.Issues = append(r.Issues, Issue{Tab: TabMembers, Row: m.Row, Column: ColumnLeft,
				Message: T("rules.issue.no_left", m.Status)})
		}
	}

	r.Meetings = make([]MeetingResult, nm)
	voting := 0
	for k := range nm {
		voting += quorumDiff[k]
		r.Meetings[k] = MeetingResult{
			Date:          h.dates[k],
			VotingMembers: voting,
			Present:       present[k],
			QuorumNeeded:  QuorumNeeded(voting),
			Quorum:        recorded[k] && HasQuorum(present[k], voting),
			Recorded:      recorded[k],
		}
	}

	if len(c.Votes) > 0 {
		r.Votes = evaluateVotes(&c, &h, r.Meetings, asOf)
	}
	if len(c.Applications) > 0 {
		var issues []Issue
		r.Applications, issues = evaluateApplications(&c, r.Votes, r.Meetings, asOf)
		r.Issues = append(r.Issues, issues...)
	}
	return r
}

// memberIndex finds members by ID, else by name, the first listed winning.
// It keys on hashes of the compared forms so that building it allocates
// nothing per member; a hash that leads to a different name or ID (a
// collision) falls back to a scan.
type memberIndex struct {
	members      []Member
	byID, byName map[uint64]int32
}

func newMemberIndex(members []Member) memberIndex {
	x := memberIndex{members: members, byID: make(map[uint64]int32, len(members)), byName: make(map[uint64]int32, len(members))}
	for i := range members {
		if h, ok := hashID(members[i].ID); ok {
			if _, dup := x.byID[h]; !dup {
				x.byID[h] = int32(i)
			}
		}
		if h, ok := hashName(members[i].Name); ok {
			if _, dup := x.byName[h]; !dup {
				x.byName[h] = int32(i)
			}
		}
	}
	return x
}

// find returns the index of the member subject names, or -1.
func (x memberIndex) find(subject string) int {
	if h, ok := hashID(subject); ok {
		if i, found := x.byID[h]; found {
			if SameID(x.members[i].ID, subject) {
				return int(i)
			}
			return FindMember(x.members, subject) // a collision: rare
		}
	}
	if h, ok := hashName(subject); ok {
		if i, found := x.byName[h]; found {
			if sameNormalized(x.members[i].Name, subject) {
				return int(i)
			}
			return FindMember(x.members, subject)
		}
	}
	return -1
}

// FindMember returns the index in members of the member subject names: the
// first whose ID matches (SameID), else the first whose name matches
// (SameName), else -1.
func FindMember(members []Member, subject string) int {
	subject = strings.TrimSpace(subject)
	if subject == "" {
		return -1
	}
	for i := range members {
		if SameID(members[i].ID, subject) {
			return i
		}
	}
	for i := range members {
		if sameNormalized(members[i].Name, subject) {
			return i
		}
	}
	return -1
}

// evaluateVotes decides every vote against the held meetings' results.
func evaluateVotes(c *Coalition, h *heldMeetings, meetings []MeetingResult, asOf Date) []VoteResult {
	// A few votes scan the members; many build an index once.
	about := 0
	for _, v := range c.Votes {
		if v.Kind == KindAdmit || v.Kind == KindRemove {
			about++
		}
	}
	var index memberIndex
	useIndex := about >= 3
	if useIndex {
		index = newMemberIndex(c.Members)
	}
	out := make([]VoteResult, len(c.Votes))
	for i, v := range c.Votes {
		res := VoteResult{Row: v.Row, Meeting: v.Meeting, Kind: v.Kind, Subject: v.Subject, SubjectIndex: -1, ApplicationIndex: -1}
		if v.Kind == KindAdmit || v.Kind == KindRemove {
			if useIndex {
				res.SubjectIndex = index.find(v.Subject)
			} else {
				res.SubjectIndex = FindMember(c.Members, v.Subject)
			}
		}
		if v.Kind == KindAdmit && len(c.Applications) > 0 {
			res.ApplicationIndex = FindApplication(c.Applications, v.Subject)
		}
		decideVote(&res, v, c, h, meetings, asOf)
		if v.Kind == KindAdmit || v.Kind == KindRemove {
			switch {
			case strings.TrimSpace(v.Subject) == "":
				res.Reason = T("rules.vote.with_note", res.Reason, T("rules.vote.subject_blank"))
			case res.SubjectIndex < 0 && res.ApplicationIndex >= 0:
				// About an application: no member yet, as expected.
			case res.SubjectIndex < 0 && v.Kind == KindAdmit && len(c.Applications) > 0:
				res.Reason = T("rules.vote.with_note", res.Reason, T("rules.vote.subject_not_found_anywhere", Excerpt(v.Subject)))
			case res.SubjectIndex < 0:
				res.Reason = T("rules.vote.with_note", res.Reason, T("rules.vote.subject_not_found", Excerpt(v.Subject)))
			}
		}
		out[i] = res
	}
	return out
}

// decideVote fills res's Eligible, Valid, Passed and Reason.
func decideVote(res *VoteResult, v Vote, c *Coalition, h *heldMeetings, meetings []MeetingResult, asOf Date) {
	if v.Meeting.IsZero() {
		res.Reason = T("rules.vote.no_date")
		return
	}
	k := firstAfter(h.keys, dateKey(v.Meeting)) - 1
	if k < 0 || h.keys[k] != dateKey(v.Meeting) {
		if !asOf.IsZero() && v.Meeting.After(asOf) {
			res.Reason = T("rules.vote.not_held_yet", v.Meeting)
		} else {
			res.Reason = T("rules.vote.not_recorded", v.Meeting)
		}
		return
	}
	mr := meetings[k]
	eligible := mr.Present
	if v.Kind == KindRemove && res.SubjectIndex >= 0 {
		s := &c.Members[res.SubjectIndex]
		if countsInQuorum(s) && (s.Joined.IsZero() || s.Joined.Before(v.Meeting)) &&
			(s.Left.IsZero() || !s.Left.Before(v.Meeting)) && codeAt(c, h, res.SubjectIndex, k) == Present {
			eligible--
		}
	}
	res.Eligible = eligible
	total := v.Yes + v.No + v.Abstain

	switch {
	case !mr.Recorded:
		res.Reason = T("rules.vote.not_recorded", v.Meeting)
		return
	case v.Kind != KindAdmit && v.Kind != KindRemove && v.Kind != KindOther:
		res.Reason = T("rules.vote.unknown_kind")
		return
	case v.Yes < 0 || v.No < 0 || v.Abstain < 0:
		res.Reason = T("rules.vote.negative")
		return
	case !mr.Quorum:
		res.Reason = T("rules.vote.no_quorum", mr.Date, mr.Present, mr.VotingMembers, mr.QuorumNeeded)
		return
	case total > eligible:
		if v.Kind == KindRemove && eligible < mr.Present {
			res.Reason = T("rules.vote.too_many_removal", total, eligible)
		} else {
			res.Reason = T("rules.vote.too_many", total, eligible)
		}
		return
	}
	res.Valid = true

	if v.Kind != KindRemove {
		res.Passed = v.Yes > v.No
		if res.Passed {
			res.Reason = T("rules.vote.majority_passed", v.Yes, v.No, v.Abstain)
		} else {
			res.Reason = T("rules.vote.majority_failed", v.Yes, v.No, v.Abstain)
		}
		return
	}
	res.Passed = v.No == 0 && v.Abstain == 0 && v.Yes == eligible && eligible >= 1
	switch {
	case res.Passed:
		res.Reason = T("rules.vote.removal_passed", v.Yes, v.No, v.Abstain)
	case eligible < 1:
		res.Reason = T("rules.vote.removal_nobody")
	default:
		var why textList
		if v.No > 0 {
			why = append(why, T("rules.vote.count_no", v.No))
		}
		if v.Abstain > 0 {
			why = append(why, T("rules.vote.count_abstain", v.Abstain))
		}
		if missing := eligible - total; missing > 0 {
			why = append(why, T("rules.vote.count_missing", missing))
		}
		res.Reason = T("rules.vote.removal_failed", eligible, why)
	}
}

// codeAt returns member i's code at held meeting k.
func codeAt(c *Coalition, h *heldMeetings, i, k int) Code {
	if i >= len(c.Attendance) {
		return Unrecorded
	}
	row := c.Attendance[i]
	col := k
	if !h.identity {
		col = h.cols[k]
	}
	if col < len(row) {
		return row[col]
	}
	return Unrecorded
}

// textList is texts written one after the other, separated by ", ".
type textList []Text

// In writes the list in lang.
func (l textList) In(lang Lang) string {
	parts := make([]string, len(l))
	for i, t := range l {
		parts[i] = t.In(lang)
	}
	return strings.Join(parts, ", ")
}

// Explain says in plain words whether the meeting had quorum and why.
func (m MeetingResult) Explain() Text {
	switch {
	case !m.Recorded:
		return T("rules.meeting.not_recorded")
	case m.VotingMembers == 0:
		return T("rules.meeting.no_voting_members")
	case m.Quorum:
		return T("rules.meeting.quorum", m.Present, m.VotingMembers, m.QuorumNeeded)
	}
	return T("rules.meeting.no_quorum", m.Present, m.VotingMembers, m.QuorumNeeded)
}
