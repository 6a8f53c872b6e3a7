package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	sheetsapi "google.golang.org/api/sheets/v4"

	"github.com/coalitionsync/coalitionsync/config"
	"github.com/coalitionsync/coalitionsync/runner"
	"github.com/coalitionsync/coalitionsync/service"
	"github.com/coalitionsync/coalitionsync/sync/directory"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/sync/setup"
)

// exitBlocked is the exit code of a sync that wrote only the Sync issues
// tab because applying it could have lost data (see the deletion guard).
const exitBlocked = 3

// connect reads and checks the settings the command needs and builds the clients.
func connect(ctx context.Context, cmd string, e env, needs ...config.Need) (*service.Service, int) {
	cfg, err := config.LoadFrom(ctx, e.lookup)
	if err == nil {
		err = cfg.Validate(needs...)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "coalition %s: the settings need attention:\n%v\n", cmd, err)
		return nil, exitUsage
	}
	svc, err := service.New(ctx, cfg, service.NewLogger(cfg, e.stderr))
	if err != nil {
		fmt.Fprintf(e.stderr, "coalition %s: %v\n", cmd, err)
		return nil, exitFail
	}
	return svc, 0
}

// runSetup creates the spreadsheet (and the member directory) or adds what
// an existing one lacks.
func runSetup(ctx context.Context, args []string, e env) int {
	fs := newFlags("setup", "[--title TITLE] [--dry-run]", e)
	title := fs.String("title", "Coalition", "title of a new spreadsheet (when SPREADSHEET_ID is not set)")
	dry := fs.Bool("dry-run", false, "say what setup would add, and change nothing")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	svc, code := connect(ctx, "setup", e)
	if svc == nil {
		return code
	}
	defer svc.Close()
	cfg := svc.Config
	person := cfg.Account.Mode().ActsAsPerson()
	if cfg.SpreadsheetID == "" && !person {
		// Refused before the call: Google gives service accounts no Drive
		// storage, so Sheets would answer 403 storageQuotaExceeded.
		fmt.Fprintln(e.stderr, "coalition setup: the service acts as a plain service account, which Google does not allow to create files.")
		fmt.Fprintln(e.stderr, adoptAdvice("the coalition's spreadsheet", "SPREADSHEET_ID"))
		return exitUsage
	}
	lang, _ := cfg.Lang()
	opts := setup.Options{SpreadsheetID: cfg.SpreadsheetID, Title: *title, Lang: lang, TimeZone: cfg.TimeZone}
	if *dry {
		p, err := setup.DryRun(ctx, svc.Sheets, opts)
		if err != nil {
			fmt.Fprintf(e.stderr, "coalition setup: %v\n", err)
			return exitFail
		}
		for _, a := range p.Added {
			fmt.Fprintf(e.stdout, "would: %s\n", a)
		}
		if len(p.Added) == 0 {
			fmt.Fprintln(e.stdout, "The spreadsheet has everything already; nothing to add.")
		}
		return exitOK
	}
	res, err := setup.Run(ctx, svc.Sheets, opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "coalition setup: %v\n", err)
		return exitFail
	}
	for _, a := range res.Added {
		fmt.Fprintf(e.stdout, "- %s\n", a)
	}
	if len(res.Added) == 0 {
		fmt.Fprintln(e.stdout, "The spreadsheet has everything already; nothing was changed.")
	}
	if res.Created {
		fmt.Fprintf(e.stdout, "Created the spreadsheet. Set SPREADSHEET_ID=%s\n", res.SpreadsheetID)
	}
	if cfg.DirectorySpreadsheetID == "" && !person {
		fmt.Fprintln(e.stdout, "The member directory was not created: a plain service account cannot create files.")
		fmt.Fprintln(e.stdout, adoptAdvice("the member directory (an empty spreadsheet)", "DIRECTORY_SPREADSHEET_ID"))
	} else if cfg.DirectorySpreadsheetID == "" {
		ss, err := svc.Sheets.Spreadsheets.Create(&sheetsapi.Spreadsheet{
			Properties: &sheetsapi.SpreadsheetProperties{Title: *title + " member directory", TimeZone: cfg.TimeZone},
			Sheets:     []*sheetsapi.Sheet{{Properties: &sheetsapi.SheetProperties{Title: directory.Tab}}},
		}).Fields("spreadsheetId").Context(ctx).Do()
		if err != nil {
			fmt.Fprintf(e.stderr, "coalition setup: create the member directory: %v\n", err)
			return exitFail
		}
		fmt.Fprintf(e.stdout, "Created the member directory. Set DIRECTORY_SPREADSHEET_ID=%s and each sync fills it in and shares it with the Active members.\n", ss.SpreadsheetId)
	}
	if cfg.SharedFolderID == "" && !person {
		fmt.Fprintln(e.stdout, "The coalition's shared folder was not created: a plain service account cannot create files. Without SHARED_FOLDER_ID the service shares no folder (docs/shared-folder.md).")
	} else if cfg.SharedFolderID == "" {
		id, err := setup.CreateSharedFolder(ctx, drive.NewClient(svc.Drive), *title, lang)
		if err != nil {
			fmt.Fprintf(e.stderr, "coalition setup: %v\n", err)
			return exitFail
		}
		fmt.Fprintf(e.stdout, "Created the coalition's shared folder. Set SHARED_FOLDER_ID=%s and each sync gives the Active members and their alternates access to it (as SHARED_FOLDER_ROLE says, writer unless set).\n", id)
	}
	return exitOK
}

// adoptAdvice tells a person how to give a plain service account a file
// it cannot create, or how to let the service act as a person's account.
func adoptAdvice(what, setting string) string {
	return fmt.Sprintf(`Either:
  - create %s yourself in Google Sheets, share it with the service account as Editor
    (untick "Notify people"), and set %s to its ID (the part of its address
    between /d/ and /edit); then run setup again, which adds what it lacks; or
  - let the service act as the coalition's own account, which can create files and
    share them: with Google Workspace set DELEGATED_SERVICE_ACCOUNT and ORGANIZER_EMAIL,
    with other Google accounts run 'coalition auth' and set AUTHORIZED_USER
    (docs/deploy.md, step 5).`, what, setting)
}

// runPlan prints what a sync would change, writing nothing anywhere.
func runPlan(ctx context.Context, args []string, e env) int {
	fs := newFlags("plan", "", e)
	if code, done := parseFlags(fs, args); done {
		return code
	}
	return runEngine(ctx, "plan", e, true)
}

// runSync applies a sync under the coalition's lease.
func runSync(ctx context.Context, args []string, e env) int {
	fs := newFlags("sync", "[--dry-run]", e)
	dry := fs.Bool("dry-run", false, "the same as coalition plan")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	return runEngine(ctx, "sync", e, *dry)
}

func runEngine(ctx context.Context, cmd string, e env, dry bool) int {
	svc, code := connect(ctx, cmd, e, config.NeedCoalition, config.NeedFirestore, config.NeedSpreadsheet)
	if svc == nil {
		return code
	}
	defer svc.Close()
	eng, err := svc.Engine()
	if err != nil {
		fmt.Fprintf(e.stderr, "coalition %s: %v\n", cmd, err)
		return exitUsage
	}
	eng.Now = e.now
	lang := eng.Settings.Lang
	var res *engine.Result
	if dry {
		res, err = eng.Run(ctx, engine.RunOptions{DryRun: true, Force: true, Trigger: "cli"})
	} else {
		host, _ := os.Hostname()
		res, err = eng.RunLeased(ctx, fmt.Sprintf("cli-%s-%d", host, os.Getpid()), runner.DefaultLeaseTTL, engine.RunOptions{Trigger: "cli"})
	}
	if res != nil && res.Plan != nil && (dry || res.Plan.IsBlocked()) {
		for _, l := range res.Plan.Describe(lang) {
			fmt.Fprintf(e.stdout, "- %s\n", l)
		}
		if res.Plan.Store != nil {
			fmt.Fprintln(e.stdout, engine.DescribeSave(res.Plan.Store.Result, lang))
		}
	}
	if errors.Is(err, engine.ErrBlocked) {
		fmt.Fprintf(e.stderr, "coalition %s: %v\n", cmd, err)
		return exitBlocked
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "coalition %s: %v\n", cmd, err)
		return exitFail
	}
	if !dry {
		fmt.Fprintln(e.stdout, res.Summary(lang))
	}
	return exitOK
}
