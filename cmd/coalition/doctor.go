package main

import (
	"context"
	"fmt"

	"github.com/coalitionsync/coalitionsync/account"
	"github.com/coalitionsync/coalitionsync/config"
	"github.com/coalitionsync/coalitionsync/service"
)

// runDoctor says who the service acts as and checks, without writing
// anything, that it can reach each configured file: one Drive about.get,
// then for each spreadsheet one Drive files.get and one Sheets
// spreadsheets.get of its title, one files.get of the shared folder, and
// one events.list of one event on the calendar.
func runDoctor(ctx context.Context, args []string, e env) int {
	fs := newFlags("doctor", "", e)
	if code, done := parseFlags(fs, args); done {
		return code
	}
	svc, code := connect(ctx, "doctor", e)
	if svc == nil {
		return code
	}
	defer svc.Close()
	cfg := svc.Config
	mode := cfg.Account.Mode()
	ok := true
	switch mode {
	case account.ModeDelegation:
		fmt.Fprintf(e.stdout, "Acts as: the organizer account %s, through Workspace delegation to %s (no key file).\n", cfg.Account.Organizer, cfg.Account.DelegatedServiceAccount)
	case account.ModeConsent:
		fmt.Fprintln(e.stdout, "Acts as: the account of the facilitator who allowed it with 'coalition auth' (AUTHORIZED_USER).")
	default:
		fmt.Fprintln(e.stdout, "Acts as: a plain service account (the one Google Cloud runs the service as, or your own sign-in when run locally).")
		fmt.Fprintln(e.stdout, "  It can read and write the spreadsheets people share with it as Editor, but cannot create files or share them;")
		fmt.Fprintln(e.stdout, "  for that, set DELEGATED_SERVICE_ACCOUNT and ORGANIZER_EMAIL (Google Workspace) or AUTHORIZED_USER (docs/deploy.md, step 5).")
	}
	about, err := svc.Drive.About.Get().Fields("user(emailAddress)").Context(ctx).Do()
	if err != nil {
		fmt.Fprintf(e.stdout, "Problem: Google did not accept the service's credentials: %v\n", err)
		return exitFail
	}
	if about.User != nil && about.User.EmailAddress != "" {
		fmt.Fprintf(e.stdout, "Google knows it as %s.\n", about.User.EmailAddress)
	}
	files := []struct{ setting, id, what string }{
		{"SPREADSHEET_ID", cfg.SpreadsheetID, "the coalition's spreadsheet"},
		{"DIRECTORY_SPREADSHEET_ID", cfg.DirectorySpreadsheetID, "the member directory"},
	}
	for _, f := range files {
		if f.id == "" {
			fmt.Fprintf(e.stdout, "%s: not set (%s).\n", f.setting, f.what)
			continue
		}
		if err := checkFile(ctx, e, svc, f.id); err != nil {
			ok = false
			fmt.Fprintf(e.stdout, "Problem: %s (%s) cannot be read: %v\n  Share it with the account above as Editor, or check the ID.\n", f.setting, f.what, err)
		}
	}
	if id := cfg.SharedFolderID; id != "" {
		f, err := svc.Drive.Files.Get(id).Fields("name,mimeType").SupportsAllDrives(true).Context(ctx).Do()
		if err != nil {
			ok = false
			fmt.Fprintf(e.stdout, "Problem: SHARED_FOLDER_ID (the shared folder) cannot be read: %v\n  Let 'coalition setup' create it, or see docs/shared-folder.md for a folder a person made.\n", err)
		} else {
			fmt.Fprintf(e.stdout, "Can read the shared folder %q.\n", f.Name)
		}
	}
	if svc.Calendar != nil && mode.ActsAsPerson() {
		// One read of the calendar: what the invitations need first.
		if _, err := svc.Calendar.Events.List(cfg.CalendarID).MaxResults(1).Fields("items(id)").Context(ctx).Do(); err != nil {
			ok = false
			fmt.Fprintf(e.stdout, "Problem: the calendar CALENDAR_ID=%s cannot be used: %v\n  With Workspace delegation, add https://www.googleapis.com/auth/calendar.events to the Admin console's line; with consent, run 'coalition auth' again; or check CALENDAR_ID (docs/deploy.md, step 5).\n", cfg.CalendarID, err)
		} else {
			fmt.Fprintf(e.stdout, "Can use the calendar %s for the meetings' invitations.\n", cfg.CalendarID)
		}
	} else {
		fmt.Fprintln(e.stdout, "Note: meeting invitations will not be sent (a plain service account cannot invite guests).")
	}
	if cfg.DirectorySpreadsheetID != "" && !mode.ActsAsPerson() {
		fmt.Fprintln(e.stdout, "Note: the member directory will not be shared with the members by the service (a plain service account cannot share files).")
	}
	if err := cfg.Validate(config.NeedCoalition, config.NeedFirestore, config.NeedSpreadsheet); err != nil {
		fmt.Fprintf(e.stdout, "Settings still needed to sync:\n%v\n", err)
	}
	if !ok {
		return exitFail
	}
	return exitOK
}

// checkFile reads a file's version from Drive and its title from Sheets.
func checkFile(ctx context.Context, e env, svc *service.Service, id string) error {
	f, err := svc.Drive.Files.Get(id).Fields("version").SupportsAllDrives(true).Context(ctx).Do()
	if err != nil {
		return fmt.Errorf("Google Drive: %w", err)
	}
	ss, err := svc.Sheets.Spreadsheets.Get(id).Fields("properties.title").Context(ctx).Do()
	if err != nil {
		return fmt.Errorf("Google Sheets: %w", err)
	}
	fmt.Fprintf(e.stdout, "Can read %q (Drive version %d).\n", ss.Properties.Title, f.Version)
	return nil
}
