package workspacetest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"google.golang.org/api/calendar/v3"
)

// rrule is the subset of RFC 5545 recurrence rules the fake expands:
// FREQ (DAILY, WEEKLY, MONTHLY, YEARLY), INTERVAL, COUNT, UNTIL, BYDAY
// (with ordinals such as 4MO for MONTHLY) and BYMONTHDAY; EXDATE lines
// remove instances.
type rrule struct {
	freq       string
	interval   int
	count      int
	until      time.Time
	byDay      []weekdayNum
	byMonthDay []int
	exdates    []string // dates (20060102) or UTC times (20060102T150405Z)
}

type weekdayNum struct {
	n   int // 0: every such weekday; 4: the fourth; -1: the last
	day time.Weekday
}

var weekdayCodes = map[string]time.Weekday{"SU": time.Sunday, "MO": time.Monday, "TU": time.Tuesday,
	"WE": time.Wednesday, "TH": time.Thursday, "FR": time.Friday, "SA": time.Saturday}

// parseRRule parses one line of an event's recurrence.
func parseRRule(line string) (*rrule, error) {
	name, value, ok := strings.Cut(line, ":")
	if !ok {
		return nil, fmt.Errorf("%q has no ':'", line)
	}
	name, _, _ = strings.Cut(name, ";")
	switch strings.ToUpper(name) {
	case "EXDATE":
		r := &rrule{}
		for _, v := range strings.Split(value, ",") {
			r.exdates = append(r.exdates, strings.TrimSpace(v))
		}
		return r, nil
	case "RRULE":
	default:
		return nil, fmt.Errorf("%s lines are not supported by this fake (RRULE and EXDATE are)", name)
	}
	r := &rrule{interval: 1}
	for _, part := range strings.Split(value, ";") {
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("%q is not NAME=VALUE", part)
		}
		switch strings.ToUpper(k) {
		case "FREQ":
			r.freq = strings.ToUpper(v)
			switch r.freq {
			case "DAILY", "WEEKLY", "MONTHLY", "YEARLY":
			default:
				return nil, fmt.Errorf("FREQ=%s is not supported by this fake", v)
			}
		case "INTERVAL":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return nil, fmt.Errorf("bad INTERVAL %q", v)
			}
			r.interval = n
		case "COUNT":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return nil, fmt.Errorf("bad COUNT %q", v)
			}
			r.count = n
		case "UNTIL":
			t, err := time.Parse("20060102T150405Z", v)
			if err != nil {
				t, err = time.Parse("20060102", v)
				t = t.Add(24*time.Hour - time.Nanosecond)
			}
			if err != nil {
				return nil, fmt.Errorf("bad UNTIL %q", v)
			}
			r.until = t
		case "BYDAY":
			for _, d := range strings.Split(v, ",") {
				d = strings.ToUpper(strings.TrimSpace(d))
				if len(d) < 2 {
					return nil, fmt.Errorf("bad BYDAY %q", v)
				}
				wd, ok := weekdayCodes[d[len(d)-2:]]
				if !ok {
					return nil, fmt.Errorf("bad BYDAY %q", v)
				}
				n := 0
				if num := d[:len(d)-2]; num != "" {
					var err error
					if n, err = strconv.Atoi(num); err != nil || n == 0 || n > 5 || n < -5 {
						return nil, fmt.Errorf("bad BYDAY %q", v)
					}
				}
				r.byDay = append(r.byDay, weekdayNum{n: n, day: wd})
			}
		case "BYMONTHDAY":
			for _, d := range strings.Split(v, ",") {
				n, err := strconv.Atoi(d)
				if err != nil || n == 0 || n > 31 || n < -31 {
					return nil, fmt.Errorf("bad BYMONTHDAY %q", v)
				}
				r.byMonthDay = append(r.byMonthDay, n)
			}
		case "WKST":
		default:
			return nil, fmt.Errorf("%s is not supported by this fake", k)
		}
	}
	if r.freq == "" {
		return nil, errors.New("RRULE needs FREQ")
	}
	return r, nil
}

// expandRecurrence turns a recurring event into its instances, as
// singleEvents=true asks: ids baseID_20260126T180000Z, recurringEventId and
// originalStartTime set. Instances start before limit (when set) and are
// at most 1000 or five years' worth.
func expandRecurrence(ev *calendar.Event, calLoc *time.Location, limit time.Time) []*calendar.Event {
	var rule *rrule
	var ex []string
	for _, line := range ev.Recurrence {
		r, err := parseRRule(line)
		if err != nil {
			return []*calendar.Event{ev}
		}
		if r.freq != "" {
			rule = r
		}
		ex = append(ex, r.exdates...)
	}
	loc := calLoc
	if ev.Start.TimeZone != "" {
		if l, err := time.LoadLocation(ev.Start.TimeZone); err == nil {
			loc = l
		}
	}
	start, ok1 := eventTime(ev.Start, loc)
	end, ok2 := eventTime(ev.End, loc)
	if rule == nil || !ok1 || !ok2 {
		return []*calendar.Event{ev}
	}
	start = start.In(loc)
	allDay := ev.Start.Date != ""
	dur := end.Sub(start)
	stop := start.AddDate(5, 0, 0)
	if !limit.IsZero() && limit.Before(stop) {
		stop = limit
	}
	excluded := map[string]bool{}
	for _, x := range ex {
		excluded[x] = true
	}
	var out []*calendar.Event
	n := 0
	emit := func(t time.Time) bool {
		if t.Before(start) {
			return true
		}
		if !rule.until.IsZero() && t.After(rule.until) {
			return false
		}
		if rule.count > 0 && n >= rule.count {
			return false
		}
		if !t.Before(stop) || len(out) >= 1000 {
			return false
		}
		n++
		key := t.UTC().Format("20060102T150405Z")
		if allDay {
			key = t.Format("20060102")
		}
		if excluded[key] || excluded[t.Format("20060102T150405")] {
			return true
		}
		inst := *ev
		inst.Id = ev.Id + "_" + key
		inst.Recurrence = nil
		inst.RecurringEventId = ev.Id
		if allDay {
			inst.Start = &calendar.EventDateTime{Date: t.Format("2006-01-02")}
			inst.End = &calendar.EventDateTime{Date: t.Add(dur).Format("2006-01-02")}
		} else {
			inst.Start = &calendar.EventDateTime{DateTime: t.Format(time.RFC3339), TimeZone: ev.Start.TimeZone}
			inst.End = &calendar.EventDateTime{DateTime: t.Add(dur).Format(time.RFC3339), TimeZone: ev.End.TimeZone}
		}
		inst.OriginalStartTime = inst.Start
		out = append(out, &inst)
		return true
	}
	at := func(y int, m time.Month, d int) time.Time {
		return time.Date(y, m, d, start.Hour(), start.Minute(), start.Second(), 0, loc)
	}
	for k := 0; k < 100000; k++ {
		var cands []time.Time
		switch rule.freq {
		case "DAILY":
			cands = []time.Time{at(start.Year(), start.Month(), start.Day()+k*rule.interval)}
		case "WEEKLY":
			weekStart := at(start.Year(), start.Month(), start.Day()-int(start.Weekday())+7*k*rule.interval)
			days := rule.byDay
			if len(days) == 0 {
				days = []weekdayNum{{day: start.Weekday()}}
			}
			for wd := time.Sunday; wd <= time.Saturday; wd++ {
				for _, d := range days {
					if d.day == wd {
						cands = append(cands, at(weekStart.Year(), weekStart.Month(), weekStart.Day()+int(wd)))
					}
				}
			}
		case "MONTHLY":
			first := time.Date(start.Year(), start.Month()+time.Month(k*rule.interval), 1, 0, 0, 0, 0, loc)
			cands = monthDays(first, rule, start.Day(), at)
		case "YEARLY":
			y := start.Year() + k*rule.interval
			if t := at(y, start.Month(), start.Day()); t.Month() == start.Month() {
				cands = []time.Time{t}
			}
		}
		if len(cands) > 0 && !cands[0].Before(stop) {
			break
		}
		for _, t := range cands {
			if !emit(t) {
				return out
			}
		}
	}
	return out
}

// monthDays lists the days of first's month a MONTHLY rule picks, in order.
func monthDays(first time.Time, rule *rrule, defaultDay int, at func(int, time.Month, int) time.Time) []time.Time {
	y, m := first.Year(), first.Month()
	last := time.Date(y, m+1, 0, 0, 0, 0, 0, first.Location()).Day()
	pick := map[int]bool{}
	for _, d := range rule.byMonthDay {
		if d < 0 {
			d = last + 1 + d
		}
		if d >= 1 && d <= last {
			pick[d] = true
		}
	}
	for _, wd := range rule.byDay {
		var days []int
		for d := 1; d <= last; d++ {
			if time.Date(y, m, d, 0, 0, 0, 0, first.Location()).Weekday() == wd.day {
				days = append(days, d)
			}
		}
		switch {
		case wd.n == 0:
			for _, d := range days {
				pick[d] = true
			}
		case wd.n > 0 && wd.n <= len(days):
			pick[days[wd.n-1]] = true
		case wd.n < 0 && -wd.n <= len(days):
			pick[days[len(days)+wd.n]] = true
		}
	}
	if len(rule.byDay) == 0 && len(rule.byMonthDay) == 0 && defaultDay <= last {
		pick[defaultDay] = true
	}
	var out []time.Time
	for d := 1; d <= last; d++ {
		if pick[d] {
			out = append(out, at(y, m, d))
		}
	}
	return out
}
