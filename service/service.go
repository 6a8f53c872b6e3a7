// Package service provides the wiring shared by every entry point (the CLI,
// the App Engine server and the Cloud Functions): Google clients with the
// narrowest scopes that work, or pointed at a local fake through
// WORKSPACE_ENDPOINT; the Firestore store; the logger; and ready sync
// engines.
package service

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"cloud.google.com/go/firestore"
	"golang.org/x/oauth2"
	calendarapi "google.golang.org/api/calendar/v3"
	driveapi "google.golang.org/api/drive/v3"
	"google.golang.org/api/option"
	sheetsapi "google.golang.org/api/sheets/v4"

	"github.com/coalitionsync/coalitionsync/account"
	"github.com/coalitionsync/coalitionsync/config"
	"github.com/coalitionsync/coalitionsync/logging"
	"github.com/coalitionsync/coalitionsync/sync/agenda"
	"github.com/coalitionsync/coalitionsync/sync/calendar"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	"github.com/coalitionsync/coalitionsync/sync/store"
)

// Service holds the clients of one process.
type Service struct {
	Config *config.Config
	Log    *slog.Logger
	Sheets *sheetsapi.Service
	Drive  *driveapi.Service
	// Calendar is nil when the account the service acts as may not invite
	// guests (a plain service account).
	Calendar  *calendarapi.Service
	Firestore *firestore.Client
	Store     *store.Store
}

// LogLevel turns LOG_LEVEL into a slog level.
func LogLevel(s string) slog.Level {
	switch strings.ToLower(s) {
	case "debug":
		return slog.LevelDebug
	case "warn", "warning":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}

// NewLogger returns the JSON logger at the configured level.
func NewLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	return logging.New(w, LogLevel(cfg.LogLevel))
}

// The OAuth scopes each client asks for, and no more: Sheets to read and
// write the coalition's spreadsheets; Drive metadata to see a spreadsheet's
// version, and Drive files the service itself created (as the organizer
// account), to share the member directory; Calendar events, to make the
// meetings' events and invite the members (not the calendars themselves:
// calendar.events cannot create, delete or share a calendar).
var (
	SheetsScopes   = []string{sheetsapi.SpreadsheetsScope}
	DriveScopes    = []string{driveapi.DriveMetadataReadonlyScope, driveapi.DriveFileScope}
	CalendarScopes = []string{calendarapi.CalendarEventsScope}
	// Scopes are all of them: what a Workspace administrator allows the
	// delegated service account, and what a facilitator consents to.
	Scopes = slices.Concat(SheetsScopes, DriveScopes, CalendarScopes)
)

// GoogleOptions returns the options of a client that needs scopes, acting
// as the configured account (package account): Google's hosts, with
// Application Default Credentials for a plain service account or the
// organizer's or facilitator's token source otherwise; or, when
// WORKSPACE_ENDPOINT is set, that server with Google's paths, where the
// token source's own calls (signJwt, the token endpoint) go too.
func GoogleOptions(ctx context.Context, cfg *config.Config, scopes []string) ([]option.ClientOption, error) {
	var local *http.Client
	if cfg.WorkspaceEndpoint != "" {
		var err error
		if local, err = LocalClient(cfg); err != nil {
			return nil, err
		}
	}
	ts, err := account.TokenSource(ctx, cfg.Account, scopes, local)
	if err != nil {
		return nil, err
	}
	switch {
	case local != nil && ts != nil:
		return []option.ClientOption{option.WithHTTPClient(&http.Client{Transport: &oauth2.Transport{Source: ts, Base: local.Transport}})}, nil
	case local != nil:
		return []option.ClientOption{option.WithHTTPClient(local)}, nil
	case ts != nil:
		return []option.ClientOption{option.WithTokenSource(ts)}, nil
	}
	return []option.ClientOption{option.WithScopes(scopes...)}, nil
}

// LocalClient returns the plain HTTP client that reaches
// WORKSPACE_ENDPOINT with Google's paths, for the calls that are not an
// API client's (such as Google's token endpoint, in coalition auth).
func LocalClient(cfg *config.Config) (*http.Client, error) {
	u, err := url.Parse(cfg.WorkspaceEndpoint)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("WORKSPACE_ENDPOINT %q is not a web address", cfg.WorkspaceEndpoint)
	}
	return &http.Client{Transport: rewrite{scheme: u.Scheme, host: u.Host}}, nil
}

// rewrite sends requests to another host, keeping their paths.
type rewrite struct{ scheme, host string }

func (t rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = t.scheme, t.host, t.host
	return http.DefaultTransport.RoundTrip(r)
}

// New builds the clients. The Firestore client follows
// FIRESTORE_EMULATOR_HOST as the library does.
func New(ctx context.Context, cfg *config.Config, log *slog.Logger) (*Service, error) {
	s := &Service{Config: cfg, Log: log}
	sheetsOpts, err := GoogleOptions(ctx, cfg, SheetsScopes)
	if err != nil {
		return nil, err
	}
	if s.Sheets, err = sheetsapi.NewService(ctx, sheetsOpts...); err != nil {
		return nil, fmt.Errorf("connect to Google Sheets: %w", err)
	}
	driveOpts, err := GoogleOptions(ctx, cfg, DriveScopes)
	if err != nil {
		return nil, err
	}
	if s.Drive, err = driveapi.NewService(ctx, driveOpts...); err != nil {
		return nil, fmt.Errorf("connect to Google Drive: %w", err)
	}
	// Google refuses a plain service account's invitations
	// (forbiddenForServiceAccounts): no Calendar client then, and each
	// sync says so in the Sync issues tab instead of calling Calendar.
	if cfg.Account.Mode().ActsAsPerson() || cfg.WorkspaceEndpoint != "" {
		calOpts, err := GoogleOptions(ctx, cfg, CalendarScopes)
		if err != nil {
			return nil, err
		}
		if s.Calendar, err = calendarapi.NewService(ctx, calOpts...); err != nil {
			return nil, fmt.Errorf("connect to Google Calendar: %w", err)
		}
	}
	if cfg.Project != "" {
		if s.Firestore, err = firestore.NewClient(ctx, cfg.Project); err != nil {
			return nil, fmt.Errorf("connect to Firestore in project %s: %w", cfg.Project, err)
		}
		s.Store = store.New(s.Firestore)
	}
	return s, nil
}

// Close releases the clients.
func (s *Service) Close() error {
	if s.Firestore != nil {
		return s.Firestore.Close()
	}
	return nil
}

// Engine returns a sync engine for the configured coalition and spreadsheet.
func (s *Service) Engine() (*engine.Engine, error) {
	if err := s.Config.Validate(config.NeedCoalition, config.NeedFirestore, config.NeedSpreadsheet); err != nil {
		return nil, err
	}
	coal, err := s.Store.Coalition(s.Config.CoalitionID)
	if err != nil {
		return nil, err
	}
	lang, _ := s.Config.Lang()
	loc, _ := s.Config.Location()
	var dir engine.Sheet
	var sharer engine.Sharer
	cannotShare := false
	if id := s.Config.DirectorySpreadsheetID; id != "" {
		dir = sheets.NewClient(s.Sheets, id)
	}
	if s.Config.DirectorySpreadsheetID != "" || s.Config.SharedFolderID != "" {
		// Sharing the directory and the shared folder needs a person's
		// account (package account): a plain service account is refused
		// before any call to Drive, with one Sync issues row for each.
		if s.Config.Account.Mode().ActsAsPerson() {
			sharer = drive.NewClient(s.Drive)
		} else {
			cannotShare = true
		}
	}
	folderRole, _ := s.Config.FolderRole() // checked by Validate
	var cal engine.Calendar
	if s.Calendar != nil && s.Config.Account.Mode().ActsAsPerson() {
		cal = calendar.NewClient(s.Calendar, s.Config.CalendarID)
	}
	// Agendas are Docs the service makes in the shared folder, as the
	// person it acts as (a plain service account owns no Drive files).
	var agendas engine.Agendas
	if s.Config.SharedFolderID != "" && s.Config.Account.Mode().ActsAsPerson() {
		agendas = agenda.NewClient(s.Drive)
	}
	policy := s.Config.DomainPolicy()
	return &engine.Engine{
		Agendas:       agendas,
		Calendar:      cal,
		CalendarID:    s.Config.CalendarID,
		CoalitionID:   s.Config.CoalitionID,
		CannotInvite:  cal == nil,
		Directory:     dir,
		Sharer:        sharer,
		CannotShare:   cannotShare,
		DirectoryID:   s.Config.DirectorySpreadsheetID,
		FolderID:      s.Config.SharedFolderID,
		FolderRole:    folderRole,
		FolderNotify:  s.Config.SharedFolderNotify,
		Sheet:         sheets.NewClient(s.Sheets, s.Config.SpreadsheetID),
		Drive:         drive.NewClient(s.Drive),
		Store:         coal,
		SpreadsheetID: s.Config.SpreadsheetID,
		Settings:      engine.Settings{Policy: policy, Lang: lang, Location: loc, Horizon: s.Config.MeetingHorizon, InvitesPerDay: s.Config.InvitesPerDay, AgendaDays: s.Config.AgendaDays},
		Log:           s.Log,
	}, nil
}
