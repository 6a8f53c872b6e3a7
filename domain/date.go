package domain

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day with no time of day and no time zone. The zero Date
// means "blank".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date for year, month and day, normalized as time.Date does.
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// IsZero reports whether d is blank.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return NewDate(d.Year, d.Month, d.Day+n) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.Time(time.UTC).Weekday() }

// String formats d as YYYY-MM-DD, or "" when blank.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText formats d as YYYY-MM-DD (blank stays empty).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses what MarshalText wrote (or ParseDate accepts).
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// ErrDate is wrapped by every ParseDate error.
var ErrDate = errors.New("not a date")

// ParseDate reads a date written as YYYY-MM-DD or M/D/YYYY (US order, as
// Google Sheets shows dates in a US-English spreadsheet). Surrounding spaces
// are ignored. A day that does not exist, such as 2/30/2026, is an error.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	var parts []string
	var y, m, d int
	switch {
	case strings.Count(s, "-") == 2:
		parts = strings.Split(s, "-")
		if len(parts[0]) != 4 || len(parts[1]) != 2 || len(parts[2]) != 2 {
			return Date{}, fmt.Errorf("%q: %w (write it as 2026-01-26 or 1/26/2026)", Excerpt(s), ErrDate)
		}
		y, m, d = atoi(parts[0]), atoi(parts[1]), atoi(parts[2])
	case strings.Count(s, "/") == 2:
		parts = strings.Split(s, "/")
		if len(parts[0]) < 1 || len(parts[0]) > 2 || len(parts[1]) < 1 || len(parts[1]) > 2 || len(parts[2]) != 4 {
			return Date{}, fmt.Errorf("%q: %w (write it as 2026-01-26 or 1/26/2026)", Excerpt(s), ErrDate)
		}
		m, d, y = atoi(parts[0]), atoi(parts[1]), atoi(parts[2])
	default:
		return Date{}, fmt.Errorf("%q: %w (write it as 2026-01-26 or 1/26/2026)", Excerpt(s), ErrDate)
	}
	if y < 1 || m < 1 || m > 12 || d < 1 || d > 31 {
		return Date{}, fmt.Errorf("%q: %w (write it as 2026-01-26 or 1/26/2026)", Excerpt(s), ErrDate)
	}
	out := NewDate(y, time.Month(m), d)
	if out.Year != y || int(out.Month) != m || out.Day != d {
		return Date{}, fmt.Errorf("%q: %w: that day does not exist", Excerpt(s), ErrDate)
	}
	return out, nil
}

// atoi returns the value of an all-digit string, or -1.
func atoi(s string) int {
	if s == "" {
		return -1
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return -1
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}
