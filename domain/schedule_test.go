package domain

import (
	mathrand "math/rand"
	"slices"
	"testing"
	"testing/quick"
	"time"
)

func TestFourthMonday(t *testing.T) {
	t.Parallel()
	tests := []struct {
		year  int
		month time.Month
		want  string
	}{
		{2026, time.January, "2026-01-26"},
		{2026, time.February, "2026-02-23"},
		{2026, time.June, "2026-06-22"},      // the month starts on a Monday: earliest possible
		{2025, time.September, "2025-09-22"}, // starts on a Monday too
		{2026, time.July, "2026-07-27"},
		{2025, time.December, "2025-12-22"},
		{2024, time.February, "2024-02-26"},
		{2027, time.March, "2027-03-22"},
		{2026, time.August, "2026-08-24"},
		{2025, time.October, "2025-10-27"},
		{2026, time.September, "2026-09-28"}, // starts on a Tuesday: latest possible
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := FourthMonday(tt.year, tt.month); got != day(tt.want) {
				t.Errorf("FourthMonday(%d, %v) = %v, want %s", tt.year, tt.month, got, tt.want)
			}
		})
	}
}

func TestMeetingDates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		from, to Date
		want     []Date
	}{
		{"a year", day("2026-01-01"), day("2026-12-31"), []Date{
			day("2026-01-26"), day("2026-02-23"), day("2026-03-23"), day("2026-04-27"), day("2026-05-25"), day("2026-06-22"),
			day("2026-07-27"), day("2026-08-24"), day("2026-09-28"), day("2026-10-26"), day("2026-11-23"), day("2026-12-28")}},
		{"both ends included", day("2026-01-26"), day("2026-02-23"), []Date{day("2026-01-26"), day("2026-02-23")}},
		{"from the day after a meeting", day("2026-01-27"), day("2026-03-22"), []Date{day("2026-02-23")}},
		{"across a new year", day("2025-12-01"), day("2026-01-31"), []Date{day("2025-12-22"), day("2026-01-26")}},
		{"one day that is a meeting", day("2026-03-23"), day("2026-03-23"), []Date{day("2026-03-23")}},
		{"one day that is not", day("2026-03-24"), day("2026-03-24"), nil},
		{"from after to", day("2026-03-01"), day("2026-01-01"), nil},
		{"blank from", Date{}, day("2026-01-01"), nil},
		{"blank to", day("2026-01-01"), Date{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := MeetingDates(tt.from, tt.to)
			if !slices.Equal(got, tt.want) {
				t.Errorf("MeetingDates(%v, %v) = %v, want %v", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

// TestMeetingDatesProperties checks, for random ranges, that every date is a
// Monday between the 22nd and the 28th inside the range, one per month, every
// month of the range that has its fourth Monday in it, in order.
func TestMeetingDatesProperties(t *testing.T) {
	t.Parallel()
	base := day("1990-01-01")
	prop := func(start uint16, length uint16) bool {
		from := base.AddDays(int(start) % 40000)
		to := from.AddDays(int(length) % 1200)
		got := MeetingDates(from, to)
		months := map[[2]int]bool{}
		for i, d := range got {
			if d.Weekday() != time.Monday || d.Day < 22 || d.Day > 28 || d.Before(from) || d.After(to) {
				t.Logf("MeetingDates(%v, %v) has %v (a %v)", from, to, d, d.Weekday())
				return false
			}
			if i > 0 && !got[i-1].Before(d) {
				return false
			}
			key := [2]int{d.Year, int(d.Month)}
			if months[key] {
				return false
			}
			months[key] = true
		}
		// no month missing: every day of the range that is a fourth Monday is listed
		for d := from; !d.After(to); d = d.AddDays(1) {
			if d.Weekday() == time.Monday && d.Day >= 22 && d.Day <= 28 && !months[[2]int{d.Year, int(d.Month)}] {
				t.Logf("MeetingDates(%v, %v) misses %v", from, to, d)
				return false
			}
		}
		return true
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 400, Rand: newQuickRand(26)}); err != nil {
		t.Error(err)
	}
}

func TestSchedule(t *testing.T) {
	t.Parallel()
	from, to := day("2026-01-01"), day("2026-04-30")
	tests := []struct {
		name      string
		overrides []MeetingOverride
		want      []Date
	}{
		{"no overrides", nil, []Date{jan26, feb23, mar23, apr27}},
		{"cancelled", []MeetingOverride{{Scheduled: feb23, Cancelled: true}}, []Date{jan26, mar23, apr27}},
		{"moved within the month", []MeetingOverride{{Scheduled: feb23, MovedTo: day("2026-02-16")}},
			[]Date{jan26, day("2026-02-16"), mar23, apr27}},
		{"cancelled and moved counts as cancelled", []MeetingOverride{{Scheduled: feb23, MovedTo: day("2026-02-16"), Cancelled: true}},
			[]Date{jan26, mar23, apr27}},
		{"moved out of the range", []MeetingOverride{{Scheduled: apr27, MovedTo: day("2026-05-04")}}, []Date{jan26, feb23, mar23}},
		{"moved into the range from outside", []MeetingOverride{{Scheduled: day("2025-12-22"), MovedTo: day("2026-01-05")}},
			[]Date{day("2026-01-05"), jan26, feb23, mar23, apr27}},
		{"moved onto another meeting's day", []MeetingOverride{{Scheduled: feb23, MovedTo: mar23}}, []Date{jan26, mar23, apr27}},
		{"moved onto a cancelled meeting's day", []MeetingOverride{{Scheduled: feb23, MovedTo: mar23}, {Scheduled: mar23, Cancelled: true}},
			[]Date{jan26, mar23, apr27}},
		{"an override with nothing set changes nothing", []MeetingOverride{{Scheduled: feb23}}, []Date{jan26, feb23, mar23, apr27}},
		{"an override of a day not on the schedule", []MeetingOverride{{Scheduled: day("2026-02-24"), Cancelled: true}},
			[]Date{jan26, feb23, mar23, apr27}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Schedule(from, to, tt.overrides); !slices.Equal(got, tt.want) {
				t.Errorf("Schedule = %v, want %v", got, tt.want)
			}
		})
	}
	if got := Schedule(to, from, []MeetingOverride{{Scheduled: feb23, MovedTo: feb23.AddDays(1)}}); got != nil {
		t.Errorf("Schedule with from after to = %v, want nil", got)
	}
}

func TestNextMeeting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		after     Date
		overrides []MeetingOverride
		want      Date
	}{
		{"plain", day("2026-01-01"), nil, jan26},
		{"on a meeting day", jan26, nil, feb23},
		{"late in the month", day("2026-01-30"), nil, feb23},
		{"end of year", day("2026-12-29"), nil, day("2027-01-25")},
		{"next one cancelled", day("2026-01-30"), []MeetingOverride{{Scheduled: feb23, Cancelled: true}}, mar23},
		{"many cancelled in a row", day("2026-01-30"), []MeetingOverride{
			{Scheduled: feb23, Cancelled: true}, {Scheduled: mar23, Cancelled: true}, {Scheduled: apr27, Cancelled: true}}, may25},
		{"moved earlier", day("2026-01-30"), []MeetingOverride{{Scheduled: feb23, MovedTo: day("2026-02-09")}}, day("2026-02-09")},
		{"moved later, after the following one", day("2026-01-30"), []MeetingOverride{{Scheduled: feb23, MovedTo: day("2026-04-01")}}, mar23},
		{"moved into the past does not count", day("2026-01-30"), []MeetingOverride{{Scheduled: feb23, MovedTo: day("2026-01-29")}}, mar23},
		{"a meeting moved from last month to after today", day("2026-01-30"), []MeetingOverride{{Scheduled: jan26, MovedTo: day("2026-02-02")}}, day("2026-02-02")},
		{"blank", Date{}, nil, Date{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := NextMeeting(tt.after, tt.overrides)
			if got != tt.want {
				t.Errorf("NextMeeting(%v) = %v, want %v", tt.after, got, tt.want)
			}
			// It agrees with Schedule over the next two years.
			if !tt.after.IsZero() {
				s := Schedule(tt.after.AddDays(1), tt.after.AddDays(730), tt.overrides)
				if len(s) == 0 || s[0] != got {
					t.Errorf("NextMeeting(%v) = %v but Schedule starts %v", tt.after, got, s)
				}
			}
		})
	}
}

// newQuickRand gives testing/quick a fixed seed, so a failure repeats.
func newQuickRand(seed int64) *mathrand.Rand { return mathrand.New(mathrand.NewSource(seed)) }
