package main

import (
	"context"
	"fmt"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
)

// runMeetings prints the full-coalition meeting dates from one month to
// another, one YYYY-MM-DD per line. Without --from it starts this month (in
// the coalition's time zone); without --to it covers twelve months.
func runMeetings(_ context.Context, args []string, e env) int {
	fs := newFlags("meetings", "[--from YYYY-MM] [--to YYYY-MM] [--tz ZONE]", e)
	from := fs.String("from", "", "first month, such as 2026-01 (default: this month)")
	to := fs.String("to", "", "last month, such as 2026-12 (default: eleven months after --from)")
	tz := fs.String("tz", domain.DefaultPolicy().TimeZone, "the coalition's time zone, for \"this month\"")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	loc, err := loadZone(*tz)
	if err != nil {
		return usageError(e, "meetings", "--tz: %v", err)
	}
	start := domain.DateOf(e.now().In(loc))
	start = domain.NewDate(start.Year, start.Month, 1)
	if *from != "" {
		if start, err = parseMonth(*from); err != nil {
			return usageError(e, "meetings", "--from: %v", err)
		}
	}
	end := domain.NewDate(start.Year, start.Month+11, 1)
	if *to != "" {
		if end, err = parseMonth(*to); err != nil {
			return usageError(e, "meetings", "--to: %v", err)
		}
	}
	if end.Before(start) {
		return usageError(e, "meetings", "--to (%s) is before --from (%s)", monthString(end), monthString(start))
	}
	last := domain.NewDate(end.Year, end.Month+1, 0) // last day of the --to month
	for _, d := range domain.MeetingDates(start, last) {
		if _, err := fmt.Fprintln(e.stdout, d); err != nil {
			fmt.Fprintf(e.stderr, "coalition meetings: %v\n", err)
			return exitFail
		}
	}
	return exitOK
}

// parseMonth reads YYYY-MM and returns the first day of that month.
func parseMonth(s string) (domain.Date, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return domain.Date{}, fmt.Errorf("%q is not a month: write it as YYYY-MM, such as 2026-01", s)
	}
	return domain.NewDate(t.Year(), t.Month(), 1), nil
}

func monthString(d domain.Date) string { return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month)) }
