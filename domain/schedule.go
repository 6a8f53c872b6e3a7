package domain

import (
	"slices"
	"time"
)

// FourthMonday returns the fourth Monday of month in year: the day the
// full coalition meets. It is always between the 22nd and the 28th.
func FourthMonday(year int, month time.Month) Date {
	first := NewDate(year, month, 1)
	offset := (int(time.Monday) - int(first.Weekday()) + 7) % 7
	return NewDate(first.Year, first.Month, 1+offset+21)
}

// MeetingDates returns the fourth Monday of every month whose fourth Monday
// falls in [from, to], both ends included, in order. It returns nil when
// either end is blank or from is after to.
func MeetingDates(from, to Date) []Date {
	if from.IsZero() || to.IsZero() || from.After(to) {
		return nil
	}
	out := make([]Date, 0, 12*(to.Year-from.Year)+int(to.Month)-int(from.Month)+1)
	y, m := from.Year, from.Month
	for {
		d := FourthMonday(y, m)
		if d.After(to) {
			break
		}
		if !d.Before(from) {
			out = append(out, d)
		}
		if m == time.December {
			y, m = y+1, time.January
		} else {
			m++
		}
	}
	return out
}

// MeetingOverride is one change people made in the Meetings tab to a
// scheduled meeting: cancelled, or moved to another day.
type MeetingOverride struct {
	Scheduled Date // the fourth Monday the schedule gave
	MovedTo   Date // the day it is held instead; zero when not moved
	Cancelled bool // not held at all; wins over MovedTo
}

// replaces reports whether o takes its scheduled meeting off the schedule.
func (o MeetingOverride) replaces() bool { return o.Cancelled || !o.MovedTo.IsZero() }

// movedTo returns the day o adds to the schedule, or the zero Date.
func (o MeetingOverride) movedTo() Date {
	if o.Cancelled {
		return Date{}
	}
	return o.MovedTo
}

// Schedule returns the full-coalition meeting dates in [from, to], both ends
// included, in order and each once: the fourth Mondays, with the Meetings
// tab's overrides applied. A cancelled meeting is left out; a moved meeting
// is left out of its scheduled day and held on its new day (even if that
// day's own scheduled meeting was cancelled). An override that is both
// cancelled and moved counts as cancelled.
func Schedule(from, to Date, overrides []MeetingOverride) []Date {
	dates := MeetingDates(from, to)
	if len(overrides) == 0 || from.IsZero() || to.IsZero() || from.After(to) {
		return dates
	}
	dates = slices.DeleteFunc(dates, func(d Date) bool { return scheduledAway(d, overrides) })
	for _, o := range overrides {
		if m := o.movedTo(); !m.IsZero() && !m.Before(from) && !m.After(to) {
			dates = append(dates, m)
		}
	}
	slices.SortFunc(dates, Date.Compare)
	return slices.Compact(dates)
}

// NextMeeting returns the first full-coalition meeting strictly after the
// given day, with the Meetings tab's overrides applied as Schedule does.
func NextMeeting(after Date, overrides []MeetingOverride) Date {
	if after.IsZero() {
		return Date{}
	}
	var best Date
	for _, o := range overrides {
		if m := o.movedTo(); !m.IsZero() && m.After(after) && (best.IsZero() || m.Before(best)) {
			best = m
		}
	}
	// Each override takes at most one scheduled day away, so one of the
	// next len(overrides)+1 fourth Mondays is still on the schedule.
	y, m := after.Year, after.Month
	for range len(overrides) + 2 {
		d := FourthMonday(y, m)
		if d.After(after) && !scheduledAway(d, overrides) {
			if best.IsZero() || d.Before(best) {
				best = d
			}
			break
		}
		if m == time.December {
			y, m = y+1, time.January
		} else {
			m++
		}
	}
	return best
}

// scheduledAway reports whether an override cancels or moves the meeting
// scheduled on d.
func scheduledAway(d Date, overrides []MeetingOverride) bool {
	for _, o := range overrides {
		if o.replaces() && o.Scheduled == d {
			return true
		}
	}
	return false
}
