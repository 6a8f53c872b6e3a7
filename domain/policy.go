package domain

import (
	"errors"
	"fmt"
	"strings"
)

// ErrPolicy is wrapped by every error Policy.Validate returns.
var ErrPolicy = errors.New("the coalition's settings need fixing")

// Validate checks the policy's values and says in plain words what to fix.
// It does not load the time zone (that reads the system's zone database);
// the caller does, with time.LoadLocation(p.TimeZone). All problems are
// reported at once.
func (p Policy) Validate() error {
	var problems []string
	if p.AbsenceThreshold < 1 {
		problems = append(problems, fmt.Sprintf(
			"the number of absences without notice that calls for a removal review must be 1 or more (it is %d; the written rules say 3)",
			p.AbsenceThreshold))
	}
	if strings.TrimSpace(p.TimeZone) == "" {
		problems = append(problems, `the time zone is missing: write the coalition's time zone, such as "America/Chicago"`)
	}
	if _, _, err := p.MeetingStartTime(); err != nil {
		problems = append(problems, err.Error())
	}
	if p.MeetingLength <= 0 {
		problems = append(problems, fmt.Sprintf(
			"the meeting length must be more than zero (it is %v), such as 90m for an hour and a half", p.MeetingLength))
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrPolicy, strings.Join(problems, "; "))
}

// MeetingStartTime returns the hour (0-23) and minute (0-59) of
// p.MeetingStart, which must be written "HH:MM" on a 24-hour clock, such as
// "18:00" for 6 pm.
func (p Policy) MeetingStartTime() (hour, minute int, err error) {
	s := p.MeetingStart
	bad := fmt.Errorf(`the meeting start time %q is not understood: write it as hours and minutes on a 24-hour clock, such as "18:00" for 6 pm`, Excerpt(s))
	if len(s) != 5 || s[2] != ':' {
		return 0, 0, bad
	}
	hour, minute = atoi(s[0:2]), atoi(s[3:5])
	if hour < 0 || hour > 23 || minute < 0 || minute > 59 {
		return 0, 0, bad
	}
	return hour, minute, nil
}
