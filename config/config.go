// Package config provides the service's settings, read from environment
// variables with github.com/sethvargo/go-envconfig and checked at start with
// messages a non-programmer can act on.
package config

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sethvargo/go-envconfig"

	"github.com/coalitionsync/coalitionsync/account"
	"github.com/coalitionsync/coalitionsync/domain"
)

// Config holds every setting of the service. Each entry point reads it once.
type Config struct {
	// CoalitionID names the coalition in Firestore (coalitions/{id}).
	CoalitionID string `env:"COALITION_ID"`
	// SpreadsheetID is the coalition's spreadsheet; blank = setup creates one.
	SpreadsheetID string `env:"SPREADSHEET_ID"`
	// DirectorySpreadsheetID is the member directory; blank = setup creates one.
	DirectorySpreadsheetID string `env:"DIRECTORY_SPREADSHEET_ID"`
	// SharedFolderID is the coalition's shared Drive folder, a folder or a
	// shared drive, that Active members and their alternates get access
	// to; blank = no folder (setup can create one).
	SharedFolderID string `env:"SHARED_FOLDER_ID"`
	// SharedFolderRole is the access members get to the shared folder:
	// reader, commenter or writer anywhere; fileOrganizer or organizer
	// only in a shared drive. See FolderRole.
	SharedFolderRole string `env:"SHARED_FOLDER_ROLE, default=writer"`
	// SharedFolderNotify lets Google Drive email each member given access
	// to the shared folder; by default nobody is emailed.
	SharedFolderNotify bool `env:"SHARED_FOLDER_NOTIFY, default=false"`
	// Project is the Google Cloud project that holds Firestore.
	Project string `env:"GOOGLE_CLOUD_PROJECT"`
	// FirestoreEmulatorHost points the Firestore client at an emulator, as
	// the client library itself does when it is set.
	FirestoreEmulatorHost string `env:"FIRESTORE_EMULATOR_HOST"`
	// WorkspaceEndpoint replaces Google's hosts for Sheets, Drive and
	// Calendar, keeping their paths; no credentials are used then.
	WorkspaceEndpoint string `env:"WORKSPACE_ENDPOINT"`
	// Language is the language of flags and messages people read: en or es.
	// Locale forms such as es_MX or en_US:en are understood.
	Language string `env:"LANGUAGE, default=en"`
	// TimeZone is the coalition's time zone.
	TimeZone string `env:"TIME_ZONE, default=America/Chicago"`
	// CalendarID is the calendar the meetings' events are made on: a
	// calendar ID, or primary for the account the service acts as.
	CalendarID string `env:"CALENDAR_ID, default=primary"`
	// MeetingHorizon is how many meetings ahead get a Meetings row and a
	// calendar event with invitations.
	MeetingHorizon int `env:"MEETING_HORIZON, default=3"`
	// InvitesPerDay caps the invitation emails Google Calendar is asked to
	// send in one day; more wait for the next day (see docs/calendar.md).
	InvitesPerDay int `env:"INVITES_PER_DAY, default=2000"`
	// AgendaDays is how many days before each meeting its agenda is made
	// in the shared folder (SHARED_FOLDER_ID).
	AgendaDays int `env:"AGENDA_DAYS, default=7"`
	// Account says who the service acts as on Google (package account):
	// Workspace delegation, a facilitator's consent, or a plain service
	// account.
	Account account.Settings `env:", prefix="`
	// Policy holds the coalition's rule knobs.
	Policy PolicyConfig `env:", prefix="`
	// LogLevel is debug, info, warn or error.
	LogLevel string `env:"LOG_LEVEL, default=info"`
}

// PolicyConfig holds the knobs of the coalition's rules.
type PolicyConfig struct {
	// AbsenceThreshold is how many absences without notice flag a removal review.
	AbsenceThreshold int `env:"ABSENCE_THRESHOLD, default=3"`
	// ConsecutiveOnly counts only absences in a row.
	ConsecutiveOnly bool `env:"CONSECUTIVE_ABSENCES_ONLY, default=false"`
	// MeetingStart is the meeting's local start time, HH:MM (24-hour clock).
	MeetingStart string `env:"MEETING_START, default=18:00"`
	// MeetingLength is how long a meeting lasts, such as 90m or 2h.
	MeetingLength time.Duration `env:"MEETING_LENGTH, default=90m"`
}

// Load reads the settings from the process environment.
func Load(ctx context.Context) (*Config, error) {
	return LoadFrom(ctx, envconfig.OsLookuper())
}

// LoadFrom reads the settings from l (tests use envconfig.MapLookuper).
func LoadFrom(ctx context.Context, l envconfig.Lookuper) (*Config, error) {
	if err := checkKinds(l); err != nil {
		return nil, err
	}
	var c Config
	if err := envconfig.ProcessWith(ctx, &envconfig.Config{Target: &c, Lookuper: l}); err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	return &c, nil
}

// checkKinds reads the settings that must be numbers, yes/no or lengths of
// time first, so that a wrong one is named as people set it.
func checkKinds(l envconfig.Lookuper) error {
	var errs []error
	if v, ok := l.Lookup("ABSENCE_THRESHOLD"); ok {
		if _, err := strconv.Atoi(strings.TrimSpace(v)); err != nil {
			errs = append(errs, fmt.Errorf("ABSENCE_THRESHOLD %q is not a whole number: write one such as 3", v))
		}
	}
	if v, ok := l.Lookup("CONSECUTIVE_ABSENCES_ONLY"); ok {
		if _, err := strconv.ParseBool(strings.TrimSpace(v)); err != nil {
			errs = append(errs, fmt.Errorf("CONSECUTIVE_ABSENCES_ONLY %q is not true or false", v))
		}
	}
	if v, ok := l.Lookup("SHARED_FOLDER_NOTIFY"); ok {
		if _, err := strconv.ParseBool(strings.TrimSpace(v)); err != nil {
			errs = append(errs, fmt.Errorf("SHARED_FOLDER_NOTIFY %q is not true or false: write true to let Google Drive email members when they get the shared folder, or false", v))
		}
	}
	if v, ok := l.Lookup("MEETING_HORIZON"); ok {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err != nil || n < 1 || n > 24 {
			errs = append(errs, fmt.Errorf("MEETING_HORIZON %q is not a number of meetings from 1 to 24: write one such as 3", v))
		}
	}
	if v, ok := l.Lookup("AGENDA_DAYS"); ok {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err != nil || n < 1 || n > 27 {
			errs = append(errs, fmt.Errorf("AGENDA_DAYS %q is not a number of days from 1 to 27: write one such as 7", v))
		}
	}
	if v, ok := l.Lookup("INVITES_PER_DAY"); ok {
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err != nil || n < 1 {
			errs = append(errs, fmt.Errorf("INVITES_PER_DAY %q is not a number of emails above 0: write one such as 2000", v))
		}
	}
	if v, ok := l.Lookup("MEETING_LENGTH"); ok {
		if _, err := time.ParseDuration(strings.TrimSpace(v)); err != nil {
			errs = append(errs, fmt.Errorf("MEETING_LENGTH %q is not a length of time: write one such as 90m or 2h", v))
		}
	}
	return errors.Join(errs...)
}

// Need says which settings a command cannot run without.
type Need int

// The groups of settings commands need.
const (
	NeedCoalition   Need = iota // COALITION_ID
	NeedFirestore               // GOOGLE_CLOUD_PROJECT
	NeedSpreadsheet             // SPREADSHEET_ID
)

// Validate checks every setting and says, in plain words, what to set. It
// reports all problems at once.
func (c *Config) Validate(needs ...Need) error {
	var errs []error
	for _, n := range needs {
		switch n {
		case NeedCoalition:
			if c.CoalitionID == "" {
				errs = append(errs, errors.New("COALITION_ID is not set: set it to a short name for the coalition, such as COALITION_ID=state-coalition"))
			}
		case NeedFirestore:
			if c.Project == "" {
				errs = append(errs, errors.New("GOOGLE_CLOUD_PROJECT is not set: set it to the Google Cloud project that holds the coalition's Firestore database"))
			}
		case NeedSpreadsheet:
			if c.SpreadsheetID == "" {
				errs = append(errs, errors.New("SPREADSHEET_ID is not set: run 'coalition setup' to create the spreadsheet, then set SPREADSHEET_ID to the ID it prints"))
			}
		}
	}
	if c.CoalitionID != "" && (strings.ContainsAny(c.CoalitionID, "/ ") || len(c.CoalitionID) > 100) {
		errs = append(errs, fmt.Errorf("COALITION_ID %q cannot hold spaces or '/': use letters, digits and dashes", c.CoalitionID))
	}
	if _, err := c.Lang(); err != nil {
		errs = append(errs, err)
	}
	if _, err := c.Location(); err != nil {
		errs = append(errs, err)
	}
	if c.WorkspaceEndpoint != "" {
		u, err := url.Parse(c.WorkspaceEndpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("WORKSPACE_ENDPOINT %q is not a web address: write it like http://127.0.0.1:8085, or leave it unset to use Google", c.WorkspaceEndpoint))
		}
	}
	switch strings.ToLower(c.LogLevel) {
	case "debug", "info", "warn", "warning", "error":
	default:
		errs = append(errs, fmt.Errorf("LOG_LEVEL %q is not one of debug, info, warn, error", c.LogLevel))
	}
	if _, err := c.FolderRole(); err != nil {
		errs = append(errs, err)
	}
	if id := c.SharedFolderID; id != "" && (strings.ContainsAny(id, "/ ?=#") || len(id) > 200) {
		errs = append(errs, fmt.Errorf("SHARED_FOLDER_ID %q is not a folder ID: open the folder in Google Drive and copy only the part of the address after /folders/ (for a shared drive, after /drive/folders/), or leave it unset and let 'coalition setup' create the folder", id))
	}
	if err := c.DomainPolicy().Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := c.Account.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// folderRoles are the Drive roles SHARED_FOLDER_ROLE may name, by their
// lower-cased spelling.
var folderRoles = map[string]string{
	"reader": "reader", "commenter": "commenter", "writer": "writer",
	"fileorganizer": "fileOrganizer", "organizer": "organizer",
}

// FolderRole returns the Drive role members get to the shared folder, from
// SHARED_FOLDER_ROLE (any case), spelled as Google Drive wants it.
func (c *Config) FolderRole() (string, error) {
	v := strings.TrimSpace(c.SharedFolderRole)
	if v == "" {
		return "writer", nil
	}
	if r, ok := folderRoles[strings.ToLower(v)]; ok {
		return r, nil
	}
	return "", fmt.Errorf("SHARED_FOLDER_ROLE %q is not a role Google Drive gives: use reader (members can view), commenter (view and comment) or writer (add and edit files; the default); "+
		"fileOrganizer (Content manager: can also move and delete files) and organizer (Manager of the whole shared drive) work only in a shared drive: "+
		"Google refuses them on a folder in someone's My Drive", v)
}

// Lang returns the language people read, from LANGUAGE.
func (c *Config) Lang() (domain.Lang, error) {
	v := strings.ToLower(strings.TrimSpace(c.Language))
	if i := strings.IndexAny(v, "_-.:@"); i >= 0 {
		v = v[:i]
	}
	switch v {
	case "", "en", "c", "posix":
		return domain.English, nil
	case "es":
		return domain.Spanish, nil
	}
	return "", fmt.Errorf("LANGUAGE %q is not supported: use en (English) or es (Spanish)", c.Language)
}

// Location loads the coalition's time zone.
func (c *Config) Location() (*time.Location, error) {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil || c.TimeZone == "" {
		return nil, fmt.Errorf("TIME_ZONE %q is not a time zone name: use one such as America/Chicago", c.TimeZone)
	}
	return loc, nil
}

// DomainPolicy returns the rules' knobs as the domain package takes them.
func (c *Config) DomainPolicy() domain.Policy {
	p := domain.DefaultPolicy()
	p.AbsenceThreshold = c.Policy.AbsenceThreshold
	p.ConsecutiveOnly = c.Policy.ConsecutiveOnly
	p.TimeZone = c.TimeZone
	p.MeetingStart = c.Policy.MeetingStart
	p.MeetingLength = c.Policy.MeetingLength
	return p
}
