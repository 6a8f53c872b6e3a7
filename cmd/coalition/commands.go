package main

import (
	"context"

	"errors"
	"flag"
	"fmt"
	"github.com/sethvargo/go-envconfig"
	"io"
	"strings"
	"time"
)

// Exit codes.
const (
	exitOK    = 0 // done (a check that found issues is still done)
	exitFail  = 1 // something went wrong while running
	exitUsage = 2 // the command line, a file or a required column is wrong
)

// env is what a command may use from the outside world, so tests can fix it.
type env struct {
	stdout, stderr io.Writer
	now            func() time.Time
	// lookup reads settings (environment variables); tests pass a map.
	lookup envconfig.Lookuper
}

// command is one subcommand. Add a new one (setup, plan, sync, demo, serve)
// in its own file and list it in commands.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, e env) int
}

// commands lists the subcommands in the order help shows them. It is filled
// in init to avoid an initialization cycle with the help command.
var commands []command

func init() {
	commands = []command{
		{"demo", "run the whole service on the invented sample coalition, locally (no Google account needed)", runDemo},
		{"setup", "create the coalition's spreadsheet, or add what an existing one lacks (SPREADSHEET_ID)", runSetup},
		{"plan", "show what a sync would change, writing nothing (a dry run)", runPlan},
		{"sync", "sync the spreadsheet with Firestore: apply the rules and write the results", runSync},
		{"auth", "let the service act as a facilitator's Google account (no Google Workspace): asks once in the browser", runAuth},
		{"doctor", "say who the service acts as and check it can read each configured file, writing nothing", runDoctor},
		{"check", "check quorum, flags and votes from CSV files of the Members, Attendance and Votes tabs", runCheck},
		{"meetings", "list the full-coalition meeting dates (fourth Monday of each month)", runMeetings},
		{"help", "show this help", runHelp},
	}
}

// realMain runs the command line args (without the program name) and returns
// the exit code.
func realMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return run(ctx, args, env{stdout: stdout, stderr: stderr, now: time.Now, lookup: envconfig.OsLookuper()})
}

func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		usage(e.stderr)
		return exitUsage
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "-help" {
		name = "help"
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(ctx, args[1:], e)
		}
	}
	fmt.Fprintf(e.stderr, "coalition: unknown command %q\n\n", args[0])
	usage(e.stderr)
	return exitUsage
}

func runHelp(_ context.Context, _ []string, e env) int {
	usage(e.stdout)
	return exitOK
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: coalition <command> [options]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, `Run "coalition <command> -h" for a command's options.`)
}

// newFlags returns a flag set for a subcommand that reports errors to stderr.
func newFlags(name, synopsis string, e env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: coalition %s %s\n\nOptions:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; done is true when the command must stop with code
// (help asked, or a usage error already reported).
func parseFlags(fs *flag.FlagSet, args []string) (code int, done bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, true
		}
		return exitUsage, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "coalition %s: unexpected argument %q\n", fs.Name(), strings.Join(fs.Args(), " "))
		fs.Usage()
		return exitUsage, true
	}
	return 0, false
}

// usageError reports a bad option value and returns exitUsage.
func usageError(e env, cmd, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "coalition %s: %s\n", cmd, fmt.Sprintf(format, args...))
	return exitUsage
}

// loadZone loads an IANA time zone name, such as America/Chicago.
func loadZone(name string) (*time.Location, error) {
	if strings.TrimSpace(name) == "" {
		return nil, errors.New("the time zone is blank: write one such as America/Chicago")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%q is not a time zone this computer knows: write one such as America/Chicago", name)
	}
	return loc, nil
}
