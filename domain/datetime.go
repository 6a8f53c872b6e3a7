package domain

import (
	"fmt"
	"strings"
	"time"
)

// DateTime is a day and a time of day as read on a clock, with no time zone:
// what a person or Google Forms typed in a cell. The zero DateTime means
// "blank". In places it in a time zone.
type DateTime struct {
	Date   Date
	Hour   int // 0-23
	Minute int // 0-59
	Second int // 0-59
	// HasTime is false when only a day was written: the time is then
	// midnight at the start of that day.
	HasTime bool
}

// IsZero reports whether dt is blank.
func (dt DateTime) IsZero() bool { return dt.Date.IsZero() }

// In returns the instant dt names in loc. A time that does not exist there
// (the hour skipped when clocks go forward) is moved forward as time.Date
// does: 2:30 on the morning clocks jump from 2:00 to 3:00 is 3:30.
func (dt DateTime) In(loc *time.Location) time.Time {
	if dt.IsZero() {
		return time.Time{}
	}
	return time.Date(dt.Date.Year, dt.Date.Month, dt.Date.Day, dt.Hour, dt.Minute, dt.Second, 0, loc)
}

// String writes dt as YYYY-MM-DD HH:MM (seconds only when not 0), or ""
// when blank.
func (dt DateTime) String() string {
	if dt.IsZero() {
		return ""
	}
	s := fmt.Sprintf("%s %02d:%02d", dt.Date, dt.Hour, dt.Minute)
	if dt.Second != 0 {
		s += fmt.Sprintf(":%02d", dt.Second)
	}
	return s
}

// ReadDateTime reads a day and a time of day as Google Sheets shows them
// and people type them: a date as ReadDate reads it, then optionally a time
// after a space, a comma, "at"/"a las" or the "T" of 2026-05-08T14:30:
//
//	2026-05-08 14:30, 2026-05-08T14:30:00, 5/8/2026 14:30:00 (a Google
//	Forms timestamp), May 8, 2026 2:30 PM, 8 de mayo de 2026 14:30
//
// The time is H:MM or H:MM:SS (a fraction of a second is dropped), on a
// 24-hour clock or with AM/PM (a.m., p.m.). A date alone is read as
// midnight at the start of that day (HasTime false). Every error is a
// *DateError; a time that cannot be read has Problem DateBadTime.
//
// A number (a spreadsheet's serial date) is not read: the sheet codec reads
// cells as Google Sheets shows them, where a date and time cell shows as
// one, so a bare number means the cell is formatted as a number.
func ReadDateTime(s string) (DateTime, error) {
	dt, err := readDateTime(s)
	if de, ok := err.(*DateError); ok {
		withTime := *de
		withTime.WithTime = true
		return DateTime{}, &withTime
	}
	return dt, err
}

// readDateTime is ReadDateTime without the hint's choice.
func readDateTime(s string) (DateTime, error) {
	fail := func(p DateProblem) (DateTime, error) { return DateTime{}, &DateError{Input: s, Problem: p} }
	t := strings.TrimSpace(s)
	if t == "" || len(t) > maxDateInput {
		return fail(NotADate)
	}
	datePart, clock, found := splitClock(t)
	if !found {
		d, err := ReadDate(t)
		if err != nil {
			var de *DateError
			if asDateError(err, &de) && de.Problem == DateExtraText {
				// A date with more after it: in a date-and-time cell, a
				// time that cannot be read ("5/8/2026 noon").
				return fail(DateBadTime)
			}
			return DateTime{}, err
		}
		return DateTime{Date: d}, nil
	}
	d, err := ReadDate(datePart)
	if err != nil {
		var de *DateError
		if asDateError(err, &de) {
			return DateTime{}, &DateError{Input: s, Problem: de.Problem, Named: de.Named, Actual: de.Actual}
		}
		return DateTime{}, err
	}
	h, m, sec, ok := readClock(clock)
	if !ok {
		return fail(DateBadTime)
	}
	return DateTime{Date: d, Hour: h, Minute: m, Second: sec, HasTime: true}, nil
}

// asDateError is errors.As for *DateError without the reflection.
func asDateError(err error, target **DateError) bool {
	de, ok := err.(*DateError)
	if ok {
		*target = de
	}
	return ok
}

// splitClock finds the time of day at the end of t: the last piece that
// holds a ':' after a digit, with its AM/PM. It returns the text before it
// (without a joining ",", "at", "a las" or "T") and the time's text.
func splitClock(t string) (datePart, clock string, found bool) {
	colon := strings.IndexByte(t, ':')
	if colon < 1 {
		// An hour alone with AM or PM: "May 8, 2026 9 pm".
		for _, suffix := range []string{"am", "pm", "a.m.", "p.m.", "a. m.", "p. m."} {
			if len(t) < len(suffix) || !strings.EqualFold(t[len(t)-len(suffix):], suffix) {
				continue
			}
			rest := strings.TrimRight(t[:len(t)-len(suffix)], " ")
			end := len(rest)
			start := end
			for start > 0 && rest[start-1] >= '0' && rest[start-1] <= '9' {
				start--
			}
			if start == end || end-start > 2 || start == 0 || rest[start-1] != ' ' {
				return t, "", false
			}
			// "9 pm" reads as "9:00 pm".
			return cutJoint(t[:start]), t[start:end] + ":00 " + t[len(t)-len(suffix):], true
		}
		return t, "", false
	}
	// The time starts at the digits just before the first ':'.
	start := colon
	for start > 0 && t[start-1] >= '0' && t[start-1] <= '9' {
		start--
	}
	if start == colon {
		return t, "", false
	}
	return cutJoint(t[:start]), t[start:], true
}

// cutJoint takes off what joins a date to its time: spaces, a comma, "at",
// "a las" or the "T" of 2026-05-08T14:30.
func cutJoint(datePart string) string {
	datePart = strings.TrimRight(datePart, " ,")
	if strings.HasSuffix(datePart, "T") && len(datePart) > 1 && datePart[len(datePart)-2] >= '0' && datePart[len(datePart)-2] <= '9' {
		datePart = datePart[:len(datePart)-1]
	}
	low := strings.ToLower(datePart)
	for _, joint := range []string{" at", " a las", " a la"} {
		if strings.HasSuffix(low, joint) {
			datePart = datePart[:len(datePart)-len(joint)]
			break
		}
	}
	return strings.TrimRight(datePart, " ,")
}

// readClock reads H:MM or H:MM:SS (seconds may have a fraction, dropped),
// then optionally AM or PM written am, a.m., a. m. in any case.
func readClock(s string) (h, m, sec int, ok bool) {
	s = strings.TrimSpace(s)
	i := 0
	num := func() int {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j || i-j > 2 {
			return -1
		}
		return atoi(s[j:i])
	}
	if h = num(); h < 0 || i >= len(s) || s[i] != ':' {
		return 0, 0, 0, false
	}
	i++
	j := i
	if m = num(); m < 0 || i-j != 2 || m > 59 {
		return 0, 0, 0, false
	}
	if i < len(s) && s[i] == ':' {
		i++
		j = i
		if sec = num(); sec < 0 || i-j != 2 || sec > 59 {
			return 0, 0, 0, false
		}
		if i < len(s) && s[i] == '.' {
			i++
			j = i
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				i++
			}
			if i == j {
				return 0, 0, 0, false
			}
		}
	}
	rest := strings.ToLower(strings.NewReplacer(".", "", " ", "").Replace(s[i:]))
	switch rest {
	case "":
		if h > 23 {
			return 0, 0, 0, false
		}
	case "am", "pm":
		if h < 1 || h > 12 {
			return 0, 0, 0, false
		}
		if h == 12 {
			h = 0
		}
		if rest == "pm" {
			h += 12
		}
	default:
		return 0, 0, 0, false
	}
	return h, m, sec, true
}

// FormatDateTime writes an instant for people, on the clock of its own
// location: "Mar 8, 2026 8:00 PM" in English, "8 mar 2026 20:00" in
// Spanish; "" for the zero time.
func FormatDateTime(t time.Time, lang Lang) string {
	if t.IsZero() {
		return ""
	}
	d := FormatDate(DateOf(t), lang)
	if lang == Spanish {
		return d + " " + t.Format("15:04")
	}
	return d + " " + t.Format("3:04 PM")
}

// dateTimeArg is an instant as a message argument: written by
// FormatDateTime in the message's language.
type dateTimeArg time.Time

// Label writes the instant in lang.
func (t dateTimeArg) Label(lang Lang) string { return FormatDateTime(time.Time(t), lang) }
