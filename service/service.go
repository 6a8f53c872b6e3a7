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
	"strings"

	"cloud.google.com/go/firestore"
	driveapi "google.golang.org/api/drive/v3"
	"google.golang.org/api/option"
	sheetsapi "google.golang.org/api/sheets/v4"

	"github.com/coalitionsync/coalitionsync/config"
	"github.com/coalitionsync/coalitionsync/logging"
	"github.com/coalitionsync/coalitionsync/sync/drive"
	"github.com/coalitionsync/coalitionsync/sync/engine"
	"github.com/coalitionsync/coalitionsync/sync/sheets"
	"github.com/coalitionsync/coalitionsync/sync/store"
)

// Scopes are the OAuth scopes the service asks for, and no more: Sheets to
// read and write the coalition's spreadsheets; Drive metadata to see a
// spreadsheet's version; Drive files the service itself created, to share
// the member directory. (Calendar's scope comes with the meeting
// invitations, when a client of Calendar does.)
var Scopes = []string{
	sheetsapi.SpreadsheetsScope,
	driveapi.DriveMetadataReadonlyScope,
	driveapi.DriveFileScope,
}

// Service holds the clients of one process.
type Service struct {
	Config    *config.Config
	Log       *slog.Logger
	Sheets    *sheetsapi.Service
	Drive     *driveapi.Service
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

// GoogleOptions returns the client options for Sheets, Drive and Calendar:
// Google's hosts with default credentials and Scopes, or, when
// WORKSPACE_ENDPOINT is set, that server with Google's paths and no
// credentials.
func GoogleOptions(cfg *config.Config) ([]option.ClientOption, error) {
	if cfg.WorkspaceEndpoint == "" {
		return []option.ClientOption{option.WithScopes(Scopes...)}, nil
	}
	u, err := url.Parse(cfg.WorkspaceEndpoint)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("WORKSPACE_ENDPOINT %q is not a web address", cfg.WorkspaceEndpoint)
	}
	client := &http.Client{Transport: rewrite{scheme: u.Scheme, host: u.Host}}
	return []option.ClientOption{option.WithHTTPClient(client)}, nil
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
	opts, err := GoogleOptions(cfg)
	if err != nil {
		return nil, err
	}
	s := &Service{Config: cfg, Log: log}
	if s.Sheets, err = sheetsapi.NewService(ctx, opts...); err != nil {
		return nil, fmt.Errorf("connect to Google Sheets: %w", err)
	}
	if s.Drive, err = driveapi.NewService(ctx, opts...); err != nil {
		return nil, fmt.Errorf("connect to Google Drive: %w", err)
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
	if id := s.Config.DirectorySpreadsheetID; id != "" {
		dir, sharer = sheets.NewClient(s.Sheets, id), drive.NewClient(s.Drive)
	}
	return &engine.Engine{
		Directory:     dir,
		Sharer:        sharer,
		DirectoryID:   s.Config.DirectorySpreadsheetID,
		Sheet:         sheets.NewClient(s.Sheets, s.Config.SpreadsheetID),
		Drive:         drive.NewClient(s.Drive),
		Store:         coal,
		SpreadsheetID: s.Config.SpreadsheetID,
		Settings:      engine.Settings{Policy: s.Config.DomainPolicy(), Lang: lang, Location: loc},
		Log:           s.Log,
	}, nil
}
