package domain

// This file re-states the rules of issue 2 as plainly as possible, with no
// code shared with evaluate.go: dates become time.Time, members are looked up
// by scanning, every number is recomputed from scratch for every meeting. It
// is slow on purpose; the randomized test compares Evaluate against it.

import (
	"sort"
	"strings"
	"time"
)

type refMeeting struct {
	date               time.Time
	col                int
	n, present, needed int
	quorum, recorded   bool
}

type refMember struct {
	absences  int
	flags     []FlagKind
	flagDates []time.Time
}

type refVote struct {
	eligible      int
	valid, passed bool
	subject       int
}

type refReport struct {
	meetings []refMeeting
	members  []refMember
	votes    []refVote
	issues   int
	// The next meeting (the day is the report's: the schedule has its own
	// tests): its voting members, how many make quorum, and the
	// perspectives no Active member brings.
	nextVoting, nextNeeded int
	missing                []string
}

func refTime(d Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

func refBlank(d Date) bool { return d.Year == 0 && d.Month == 0 && d.Day == 0 }

func refCode(c Coalition, member, col int) Code {
	if member >= len(c.Attendance) || col >= len(c.Attendance[member]) {
		return Unrecorded
	}
	return c.Attendance[member][col]
}

// refIsVotingOn: Voting = yes, Status Active or (Removed/Withdrawn with a
// Left date), Joined blank or before the day, Left blank or on/after it.
func refIsVotingOn(m Member, day time.Time) bool {
	if !m.Voting {
		return false
	}
	ok := m.Status == StatusActive ||
		((m.Status == StatusRemoved || m.Status == StatusWithdrawn) && !refBlank(m.Left))
	if !ok {
		return false
	}
	if !refBlank(m.Joined) && !refTime(m.Joined).Before(day) {
		return false
	}
	if !refBlank(m.Left) && refTime(m.Left).Before(day) {
		return false
	}
	return true
}

func refNormalizeName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

func referenceEvaluate(c Coalition, p Policy, asOf Date) refReport {
	var out refReport

	// Held meetings: dated on or before asOf (all when asOf is blank),
	// sorted by date; a repeated date keeps its first column.
	var held []refMeeting
	for col, d := range c.Meetings {
		if refBlank(d) {
			continue
		}
		if !refBlank(asOf) && refTime(d).After(refTime(asOf)) {
			continue
		}
		held = append(held, refMeeting{date: refTime(d), col: col})
	}
	sort.SliceStable(held, func(a, b int) bool { return held[a].date.Before(held[b].date) })
	var distinct []refMeeting
	for _, m := range held {
		if len(distinct) > 0 && distinct[len(distinct)-1].date.Equal(m.date) {
			out.issues++
			continue
		}
		distinct = append(distinct, m)
	}
	held = distinct

	for j := range held {
		mt := &held[j]
		for i, m := range c.Members {
			code := refCode(c, i, mt.col)
			if code == Present || code == Notified || code == Absent {
				mt.recorded = true
			}
			if refIsVotingOn(m, mt.date) {
				mt.n++
				if code == Present {
					mt.present++
				}
			}
		}
		// ceil(2N/3), written with floating point to differ from the
		// implementation's integer trick.
		mt.needed = int(float64(2*mt.n)/3.0 + 0.999999)
		mt.quorum = mt.recorded && mt.n > 0 && 3*mt.present >= 2*mt.n
	}
	out.meetings = held

	threshold := p.AbsenceThreshold
	if threshold < 1 {
		threshold = 1
	}
	for i, m := range c.Members {
		var counted []time.Time // dates of A counted
		var codes []Code        // codes at the member's countable meetings, in date order
		var dates []time.Time
		for _, mt := range held {
			if !refBlank(m.Joined) && !mt.date.After(refTime(m.Joined)) {
				continue
			}
			if !refBlank(m.LastReview) && !mt.date.After(refTime(m.LastReview)) {
				continue
			}
			if !refBlank(m.Left) && mt.date.After(refTime(m.Left)) {
				continue
			}
			codes = append(codes, refCode(c, i, mt.col))
			dates = append(dates, mt.date)
		}
		if p.ConsecutiveOnly {
			var run []time.Time
			for k := len(codes) - 1; k >= 0; k-- {
				if codes[k] == Absent {
					run = append([]time.Time{dates[k]}, run...)
				}
				if codes[k] == Present || codes[k] == Notified {
					break
				}
			}
			counted = run
		} else {
			for k := range codes {
				if codes[k] == Absent {
					counted = append(counted, dates[k])
				}
			}
		}
		rm := refMember{absences: len(counted)}
		if m.Status == StatusActive {
			if len(counted) >= threshold {
				rm.flags = append(rm.flags, FlagRemovalReviewDue)
				rm.flagDates = counted
			}
			if len(m.WorkingGroups) == 0 {
				rm.flags = append(rm.flags, FlagNoWorkingGroup)
			}
			if strings.TrimSpace(m.ContraryAction) != "" {
				rm.flags = append(rm.flags, FlagContraryActionReview)
			}
		}
		if (m.Status == StatusRemoved || m.Status == StatusWithdrawn) && refBlank(m.Left) {
			out.issues++
		}
		if !refBlank(m.Joined) && !refBlank(asOf) && refTime(m.Joined).After(refTime(asOf)) {
			out.issues++ // a Joined date after today is said, in case it is a slip
		}
		out.members = append(out.members, rm)
	}

	for _, v := range c.Votes {
		rv := refVote{subject: -1}
		if v.Kind == KindAdmit || v.Kind == KindRemove {
			want := strings.ToLower(strings.TrimSpace(v.Subject))
			for i, m := range c.Members {
				if want != "" && strings.ToLower(strings.TrimSpace(m.ID)) == want {
					rv.subject = i
					break
				}
			}
			if rv.subject < 0 && refNormalizeName(v.Subject) != "" {
				for i, m := range c.Members {
					if refNormalizeName(m.Name) == refNormalizeName(v.Subject) {
						rv.subject = i
						break
					}
				}
			}
		}
		var mt *refMeeting
		for j := range held {
			if !refBlank(v.Meeting) && held[j].date.Equal(refTime(v.Meeting)) {
				mt = &held[j]
			}
		}
		if mt != nil {
			rv.eligible = mt.present
			if v.Kind == KindRemove && rv.subject >= 0 {
				s := c.Members[rv.subject]
				if refIsVotingOn(s, mt.date) && refCode(c, rv.subject, mt.col) == Present {
					rv.eligible--
				}
			}
			kindOK := v.Kind == KindAdmit || v.Kind == KindRemove || v.Kind == KindOther
			nonNegative := v.Yes >= 0 && v.No >= 0 && v.Abstain >= 0
			rv.valid = kindOK && nonNegative && mt.quorum && v.Yes+v.No+v.Abstain <= rv.eligible
			if v.Kind == KindRemove {
				rv.passed = rv.valid && v.No == 0 && v.Abstain == 0 && v.Yes == rv.eligible && rv.eligible >= 1
			} else {
				rv.passed = rv.valid && v.Yes > v.No
			}
		}
		out.votes = append(out.votes, rv)
	}
	return out
}

// refPerspectives are the perspectives the coalition seeks, written out again.
var refPerspectives = []string{"immigrant rights", "grassroots", "education", "healthcare", "civil rights", "labor", "individuals"}

// referenceOutlook restates the Dashboard's numbers for the meeting on next:
// the members voting on that day counted one by one, two thirds of them
// rounded up, and, perspective by perspective, whether some Active member
// brings it (an individual brings "individuals"; a Sector naming the
// perspective in any case brings it).
func referenceOutlook(c Coalition, next Date, out *refReport) {
	if !refBlank(next) {
		for _, m := range c.Members {
			if refIsVotingOn(m, refTime(next)) {
				out.nextVoting++
			}
		}
		out.nextNeeded = int(float64(2*out.nextVoting)/3.0 + 0.999999)
	}
	for _, p := range refPerspectives {
		brought := false
		for _, m := range c.Members {
			if m.Status != StatusActive {
				continue
			}
			if p == "individuals" && m.Type == TypeIndividual {
				brought = true
			}
			if strings.Contains(strings.ToLower(m.Sector), p) {
				brought = true
			}
		}
		if !brought {
			out.missing = append(out.missing, p)
		}
	}
}
