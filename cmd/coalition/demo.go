package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/coalitionsync/coalitionsync/demo"
	"github.com/coalitionsync/coalitionsync/domain"
)

// runDemo runs the whole service on the invented sample coalition, locally:
// a stand-in for Google Sheets and Drive and a real Firestore emulator.
func runDemo(ctx context.Context, args []string, e env) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asOf := fs.String("as-of", "2026-11-22", "the day the demo pretends it is (YYYY-MM-DD)")
	lang := fs.String("lang", "en", "language of what people read: en or es")
	tz := fs.String("tz", "America/Chicago", "the coalition's time zone")
	members := fs.Int("members", 0, "an invented coalition of this many members instead of the sample")
	asJSON := fs.Bool("json", false, "print one JSON document of what the deployed service's syncs cost (calls, Firestore reads and writes), measured through its real HTTP handlers on today's date")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		fmt.Fprintf(e.stderr, "coalition demo: --tz %q is not a time zone name; use one such as America/Chicago\n", *tz)
		return exitUsage
	}
	day, err := domain.ParseDate(*asOf)
	if err != nil {
		fmt.Fprintf(e.stderr, "coalition demo: --as-of: %v\n", err)
		return exitUsage
	}
	l := domain.Lang(*lang)
	if l != domain.English && l != domain.Spanish {
		fmt.Fprintf(e.stderr, "coalition demo: --lang %q: use en or es\n", *lang)
		return exitUsage
	}
	if *members < 0 || *members > 50000 {
		fmt.Fprintf(e.stderr, "coalition demo: --members %d: use a number from 1 to 50000, or leave it out for the sample\n", *members)
		return exitUsage
	}
	now := time.Date(day.Year, day.Month, day.Day, 12, 0, 0, 0, loc)
	run := demo.Run
	if *asJSON {
		run = demo.RunJSON
	}
	if err := run(ctx, e.stdout, demo.Options{Now: now, Lang: l, Location: loc, Members: *members}); err != nil {
		fmt.Fprintf(e.stderr, "coalition demo: %v\n", err)
		return exitFail
	}
	return exitOK
}
