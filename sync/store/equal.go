package store

import "slices"

// sameContent reports whether two entity documents hold the same meaningful
// fields: those the content hash covers (the JSON-encoded ones, "missing"
// included), not the hash itself nor the history marks (missingSince,
// firstSeen, lastSeen). Save compares content this way instead of hashing
// every entity on every run: a meeting's thousands of attendance marks are
// then looked up once each, never encoded nor sorted, and only the
// documents that changed are hashed. Two documents of different types are
// never the same. A nil slice or map equals an empty one.
//
// TestSameContentCoversEveryField fails when a field is added to a
// document type without being compared here.
func sameContent(a, b entityDoc) bool {
	switch a := a.(type) {
	case *memberDoc:
		b, ok := b.(*memberDoc)
		return ok && a.sameAs(b)
	case *meetingDoc:
		b, ok := b.(*meetingDoc)
		return ok && a.sameAs(b)
	case *voteDoc:
		b, ok := b.(*voteDoc)
		return ok && a.sameAs(b)
	}
	return false
}

func (a *memberDoc) sameAs(b *memberDoc) bool {
	return a.Name == b.Name && a.Type == b.Type && a.TaxStatus == b.TaxStatus &&
		a.Sector == b.Sector && a.Representative == b.Representative && a.Title == b.Title &&
		a.Pronouns == b.Pronouns && a.Email == b.Email && a.Phone == b.Phone &&
		a.Address == b.Address && a.Alternates == b.Alternates &&
		slices.Equal(a.WorkingGroups, b.WorkingGroups) && a.CoreTeam == b.CoreTeam &&
		a.Status == b.Status && a.Voting == b.Voting && a.Joined == b.Joined &&
		a.Left == b.Left && a.LastReview == b.LastReview && a.ShareContact == b.ShareContact &&
		a.Language == b.Language && a.ContraryAction == b.ContraryAction &&
		a.UnexcusedAbsences == b.UnexcusedAbsences &&
		slices.EqualFunc(a.Flags, b.Flags, func(x, y flagDoc) bool {
			return x.Kind == y.Kind && slices.Equal(x.Dates, y.Dates)
		}) &&
		a.IsMissing == b.IsMissing
}

func (a *meetingDoc) sameAs(b *meetingDoc) bool {
	return a.Date == b.Date && a.Cancelled == b.Cancelled && a.DateOverride == b.DateOverride &&
		a.CalendarEventID == b.CalendarEventID && a.AgendaLink == b.AgendaLink &&
		a.NotesLink == b.NotesLink && a.VotingMembers == b.VotingMembers &&
		a.Present == b.Present && a.QuorumNeeded == b.QuorumNeeded && a.Quorum == b.Quorum &&
		a.Recorded == b.Recorded && sameStringMap(a.Attendance, b.Attendance) &&
		a.IsMissing == b.IsMissing
}

func (a *voteDoc) sameAs(b *voteDoc) bool {
	return a.Meeting == b.Meeting && a.Motion == b.Motion && a.Kind == b.Kind &&
		a.Subject == b.Subject && a.Yes == b.Yes && a.No == b.No && a.Abstain == b.Abstain &&
		a.Valid == b.Valid && a.Passed == b.Passed && a.Result == b.Result &&
		a.IsMissing == b.IsMissing
}

// sameStringMap compares two maps entry by entry, with no sorting.
func sameStringMap(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// holds reports whether saving m would store exactly d: sameContent of d
// and toMeetingDoc(m) (with m not missing, as Save stores it), without
// building the document: m's attendance is looked up mark by mark.
func (d *meetingDoc) holds(m Meeting) bool {
	if d.IsMissing || d.Date != m.Date.String() || d.Cancelled != m.Cancelled ||
		d.DateOverride != m.DateOverride.String() || d.CalendarEventID != m.CalendarEventID ||
		d.AgendaLink != m.AgendaLink || d.NotesLink != m.NotesLink || d.VotingMembers != m.VotingMembers ||
		d.Present != m.Present || d.QuorumNeeded != m.QuorumNeeded || d.Quorum != m.Quorum || d.Recorded != m.Recorded {
		return false
	}
	n := 0
	for id, c := range m.Attendance {
		s := codeString(c)
		if s == "" {
			continue // not stored
		}
		n++
		if w, ok := d.Attendance[id]; !ok || w != s {
			return false
		}
	}
	return n == len(d.Attendance)
}
