package config

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sethvargo/go-envconfig"

	"github.com/coalitionsync/coalitionsync/domain"
)

func load(t *testing.T, env map[string]string) *Config {
	t.Helper()
	c, err := LoadFrom(context.Background(), envconfig.MapLookuper(env))
	if err != nil {
		t.Fatalf("LoadFrom(%v): %v", env, err)
	}
	return c
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	c := load(t, map[string]string{})
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate() of defaults = %v, want nil", err)
	}
	if got, want := c.DomainPolicy(), domain.DefaultPolicy(); got != want {
		t.Errorf("DomainPolicy() = %+v, want the written rules %+v", got, want)
	}
	if lang, _ := c.Lang(); lang != domain.English {
		t.Errorf("Lang() = %q, want en", lang)
	}
}

func TestValidateSaysWhatToSet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		env   map[string]string
		needs []Need
		want  []string // each must appear in the error
	}{
		{"missing coalition and project", nil, []Need{NeedCoalition, NeedFirestore}, []string{"COALITION_ID is not set", "GOOGLE_CLOUD_PROJECT is not set"}},
		{"missing spreadsheet", map[string]string{"COALITION_ID": "c1"}, []Need{NeedCoalition, NeedSpreadsheet}, []string{"run 'coalition setup'"}},
		{"bad language", map[string]string{"LANGUAGE": "fr"}, nil, []string{"use en (English) or es (Spanish)"}},
		{"bad zone", map[string]string{"TIME_ZONE": "Mars/Olympus"}, nil, []string{"TIME_ZONE \"Mars/Olympus\""}},
		{"bad endpoint", map[string]string{"WORKSPACE_ENDPOINT": "localhost:1"}, nil, []string{"WORKSPACE_ENDPOINT"}},
		{"slash in coalition", map[string]string{"COALITION_ID": "a/b"}, nil, []string{"cannot hold spaces or '/'"}},
		{"zero threshold", map[string]string{"ABSENCE_THRESHOLD": "0"}, nil, []string{"bsence"}},
		{"bad log level", map[string]string{"LOG_LEVEL": "loud"}, nil, []string{"LOG_LEVEL"}},
		{"owner is not a folder role", map[string]string{"SHARED_FOLDER_ROLE": "owner"}, nil, []string{"SHARED_FOLDER_ROLE \"owner\" is not a role", "reader", "writer", "only", "shared drive"}},
		{"folder address instead of ID", map[string]string{"SHARED_FOLDER_ID": "https://drive.google.com/drive/folders/1AbC"}, nil, []string{"SHARED_FOLDER_ID", "after /folders/"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := load(t, tc.env).Validate(tc.needs...)
			if err == nil {
				t.Fatalf("Validate() = nil, want an error mentioning %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q, want it to mention %q", err, w)
				}
			}
		})
	}
}

func TestLangUnderstandsLocales(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]domain.Lang{"es": domain.Spanish, "es_MX.UTF-8": domain.Spanish, "en_US:en": domain.English, "EN": domain.English, "C": domain.English} {
		got, err := (&Config{Language: in}).Lang()
		if err != nil || got != want {
			t.Errorf("Lang(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestPolicyKnobs(t *testing.T) {
	t.Parallel()
	c := load(t, map[string]string{"ABSENCE_THRESHOLD": "4", "CONSECUTIVE_ABSENCES_ONLY": "true", "MEETING_START": "19:30", "MEETING_LENGTH": "2h", "TIME_ZONE": "America/Denver"})
	p := c.DomainPolicy()
	if p.AbsenceThreshold != 4 || !p.ConsecutiveOnly || p.MeetingStart != "19:30" || p.MeetingLength != 2*time.Hour || p.TimeZone != "America/Denver" {
		t.Errorf("DomainPolicy() = %+v, want the knobs set in the environment", p)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("Validate() = %v, want nil", err)
	}
}

func TestUnreadableValuesNameTheSetting(t *testing.T) {
	t.Parallel()
	for env, want := range map[string]string{
		"ABSENCE_THRESHOLD":         "ABSENCE_THRESHOLD \"three\" is not a whole number",
		"CONSECUTIVE_ABSENCES_ONLY": "CONSECUTIVE_ABSENCES_ONLY \"three\" is not true or false",
		"MEETING_LENGTH":            "MEETING_LENGTH \"three\" is not a length of time",
		"SHARED_FOLDER_NOTIFY":      "SHARED_FOLDER_NOTIFY \"three\" is not true or false",
	} {
		_, err := LoadFrom(context.Background(), envconfig.MapLookuper(map[string]string{env: "three"}))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("LoadFrom(%s=three) = %v, want %q", env, err, want)
		}
	}
}

func TestCalendarSettings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, err := LoadFrom(ctx, envconfig.MapLookuper(map[string]string{}))
	if err != nil {
		t.Fatal(err)
	}
	if c.CalendarID != "primary" || c.MeetingHorizon != 3 || c.InvitesPerDay != 2000 {
		t.Errorf("defaults = %q, %d, %d; want primary, 3, 2000", c.CalendarID, c.MeetingHorizon, c.InvitesPerDay)
	}
	for _, tc := range []struct{ key, value string }{
		{"MEETING_HORIZON", "0"}, {"MEETING_HORIZON", "three"}, {"MEETING_HORIZON", "25"},
		{"INVITES_PER_DAY", "0"}, {"INVITES_PER_DAY", "many"},
	} {
		_, err := LoadFrom(ctx, envconfig.MapLookuper(map[string]string{tc.key: tc.value}))
		if err == nil || !strings.Contains(err.Error(), tc.key) {
			t.Errorf("%s=%s: error %v, want one naming %s", tc.key, tc.value, err, tc.key)
		}
	}
}

func TestSharedFolderSettings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		env    map[string]string
		role   string
		notify bool
	}{
		{"defaults: writer, no email", map[string]string{"SHARED_FOLDER_ID": "1AbC_d-9"}, "writer", false},
		{"reader with email", map[string]string{"SHARED_FOLDER_ROLE": "reader", "SHARED_FOLDER_NOTIFY": "true"}, "reader", true},
		{"commenter", map[string]string{"SHARED_FOLDER_ROLE": "commenter"}, "commenter", false},
		{"content manager in any case", map[string]string{"SHARED_FOLDER_ROLE": "FileOrganizer"}, "fileOrganizer", false},
		{"manager", map[string]string{"SHARED_FOLDER_ROLE": " organizer "}, "organizer", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := load(t, tc.env)
			if err := c.Validate(); err != nil {
				t.Fatalf("Validate() = %v, want nil", err)
			}
			role, err := c.FolderRole()
			if err != nil || role != tc.role {
				t.Errorf("FolderRole() = %q, %v; want %q", role, err, tc.role)
			}
			if c.SharedFolderNotify != tc.notify {
				t.Errorf("SharedFolderNotify = %v, want %v", c.SharedFolderNotify, tc.notify)
			}
			if c.SharedFolderID != tc.env["SHARED_FOLDER_ID"] {
				t.Errorf("SharedFolderID = %q, want %q", c.SharedFolderID, tc.env["SHARED_FOLDER_ID"])
			}
		})
	}
}
