package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/coalitionsync/coalitionsync/domain"
	"github.com/coalitionsync/coalitionsync/report"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
)

// runCheck reads the tabs downloaded as CSV, evaluates the rules and prints
// the report, with the applications' and approval requests' statuses when
// their tabs are given. It exits 0 when it evaluated, even with issues in the sheets,
// and 2 when the command line is wrong, a file cannot be read or a file lacks
// a required column.
func runCheck(_ context.Context, args []string, e env) int {
	fs := newFlags("check", "--members FILE --attendance FILE [--votes FILE] [--meetings FILE] [--applications FILE] [--approvals FILE] [--as-of YYYY-MM-DD[THH:MM]] [--format text|json] [--lang en|es] [--tz ZONE]", e)
	files := map[string]*string{
		sheets.TabMembers:          fs.String("members", "", "the Members tab as CSV (required)"),
		sheets.TabAttendance:       fs.String("attendance", "", "the Attendance tab as CSV (required)"),
		sheets.TabVotes:            fs.String("votes", "", "the Votes tab as CSV"),
		sheets.TabMeetings:         fs.String("meetings", "", "the Meetings tab as CSV (moved and cancelled meetings)"),
		sheets.TabApplications:     fs.String("applications", "", "the Applications tab as CSV (the application form's answers)"),
		sheets.TabApprovalRequests: fs.String("approvals", "", "the Approval requests tab as CSV (requests to use the coalition's name or image)"),
	}
	asOfFlag := fs.String("as-of", "", "the day to check as of, YYYY-MM-DD (default: now in the coalition's time zone); a day alone checks approval deadlines at its end, YYYY-MM-DDTHH:MM at that minute")
	format := fs.String("format", "text", "text (for people) or json")
	langFlag := fs.String("lang", "en", "language of the report: en (English) or es (Spanish)")
	tz := fs.String("tz", domain.DefaultPolicy().TimeZone, "the coalition's time zone, for \"today\"")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	for _, req := range []struct{ flag, tab string }{{"members", sheets.TabMembers}, {"attendance", sheets.TabAttendance}} {
		if *files[req.tab] == "" {
			fmt.Fprintf(e.stderr, "coalition check: --%s is required: give the %s tab downloaded as CSV\n", req.flag, req.tab)
			fs.Usage()
			return exitUsage
		}
	}
	if *format != "text" && *format != "json" {
		return usageError(e, "check", "--format %q: write text or json", *format)
	}
	lang := domain.Lang(*langFlag)
	if lang != domain.English && lang != domain.Spanish {
		return usageError(e, "check", "--lang %q: write en (English) or es (Spanish)", *langFlag)
	}
	loc, err := loadZone(*tz)
	if err != nil {
		return usageError(e, "check", "--tz: %v", err)
	}
	now := e.now().In(loc)
	asOf := domain.DateOf(now)
	if *asOfFlag != "" {
		var err error
		if asOf, now, err = parseAsOf(*asOfFlag, loc); err != nil {
			return usageError(e, "check", "--as-of: %v", err)
		}
	}

	tabs := map[string][][]string{}
	fileOf := map[string]string{}
	for tab, path := range files {
		if *path == "" {
			continue
		}
		grid, err := readCSVFile(*path)
		if err != nil {
			return usageError(e, "check", "%v", err)
		}
		tabs[tab], fileOf[tab] = grid, *path
	}
	parsed, err := sheets.Parse(tabs)
	if err != nil {
		for _, msg := range headerProblems(err, fileOf) {
			fmt.Fprintf(e.stderr, "coalition check: %s\n", msg)
		}
		return exitUsage
	}

	policy := domain.DefaultPolicy()
	policy.TimeZone = loc.String()
	rep := domain.Evaluate(parsed.Coalition, policy, asOf)
	parsed.NameColumnsAsWritten(rep.Issues)
	c := report.Check{Coalition: parsed.Coalition, Report: rep, Issues: report.MergeIssues(parsed.Issues, rep.Issues),
		ApplicationsRead: *files[sheets.TabApplications] != "",
		ApprovalsRead:    *files[sheets.TabApprovalRequests] != "",
		Requests:         parsed.Approvals,
		Approvals:        domain.EvaluateApprovals(parsed.Approvals, loc, now),
	}
	if *format == "json" {
		err = report.WriteJSON(e.stdout, c, lang)
	} else {
		err = report.WriteText(e.stdout, c, lang)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "coalition check: %v\n", err)
		return exitFail
	}
	return exitOK
}

// parseAsOf reads --as-of: a day (YYYY-MM-DD), which stands for the end of
// that day in loc, so that an approval due that day counts as due (as a
// meeting held that day counts as held); or a day and a time
// (YYYY-MM-DDTHH:MM, or with a space), that minute in loc.
func parseAsOf(s string, loc *time.Location) (domain.Date, time.Time, error) {
	if !strings.ContainsAny(strings.TrimSpace(s), "T :") {
		d, err := domain.ParseDate(s)
		if err != nil {
			return domain.Date{}, time.Time{}, err
		}
		return d, d.AddDays(1).Time(loc), nil
	}
	dt, err := domain.ReadDateTime(s)
	if err != nil || !dt.HasTime {
		return domain.Date{}, time.Time{}, fmt.Errorf("%q: write the day as YYYY-MM-DD, or a day and a time as YYYY-MM-DDTHH:MM, such as 2026-03-08T19:59", s)
	}
	return dt.Date, dt.In(loc), nil
}

// readCSVFile reads one downloaded tab.
func readCSVFile(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	defer f.Close()
	grid, err := sheets.ReadCSV(f)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	return grid, nil
}

// headerProblems writes Parse's error as one line per problem, each naming
// the file it is about.
func headerProblems(err error, fileOf map[string]string) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		var mc *sheets.MissingColumnError
		var mt *sheets.MissingTabError
		switch j, ok := err.(interface{ Unwrap() []error }); {
		case ok:
			for _, e := range j.Unwrap() {
				walk(e)
			}
		case errors.As(err, &mc):
			out = append(out, fmt.Sprintf("%s: %v", fileOf[mc.Tab], mc))
		case errors.As(err, &mt):
			out = append(out, mt.Error())
		default:
			out = append(out, err.Error())
		}
	}
	walk(err)
	return out
}
