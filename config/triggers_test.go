package config

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/sethvargo/go-envconfig"
)

// validTriggers is a complete, invented set of trigger settings.
func validTriggers() map[string]string {
	return map[string]string{
		"CHANNEL_TOKEN":     strings.Repeat("a1", 20),
		"EDIT_AUDIENCE":     "123456789012-abcdefg.apps.googleusercontent.com",
		"SCHEDULE_AUDIENCE": "https://sync.example.org/reconcile",
		"ALLOWED_SENDERS":   "scheduler@invented-project.iam.gserviceaccount.com, facilitator@example.org",
	}
}

func loadTriggers(t *testing.T, env map[string]string) *TriggerConfig {
	t.Helper()
	c, err := LoadTriggers(context.Background(), envconfig.MapLookuper(env))
	if err != nil {
		t.Fatalf("LoadTriggers(%v): %v", env, err)
	}
	return c
}

func TestLoadTriggers(t *testing.T) {
	t.Parallel()
	c := loadTriggers(t, validTriggers())
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate() = %v, want nil", err)
	}
	want := []string{"scheduler@invented-project.iam.gserviceaccount.com", "facilitator@example.org"}
	if !slices.Equal(c.AllowedSenders, want) {
		t.Errorf("AllowedSenders = %q, want %q (spaces trimmed)", c.AllowedSenders, want)
	}
	if c.ScheduleAudience != "https://sync.example.org/reconcile" || c.EditAudience != "123456789012-abcdefg.apps.googleusercontent.com" {
		t.Errorf("audiences = %q, %q, want the configured ones", c.ScheduleAudience, c.EditAudience)
	}
}

// A secret made with "openssl rand -hex 32 | gcloud secrets create ...
// --data-file=-" ends with a newline: the token still works, without it.
func TestChannelTokenWithTrailingNewlineWorks(t *testing.T) {
	t.Parallel()
	env := validTriggers()
	token := strings.Repeat("0f", 32)
	for _, stored := range []string{token + "\n", token + "\r\n", " " + token + "\n"} {
		env["CHANNEL_TOKEN"] = stored
		c := loadTriggers(t, env)
		if err := c.Validate(); err != nil {
			t.Errorf("Validate() with CHANNEL_TOKEN %q = %v, want nil", stored, err)
		}
		if c.ChannelToken != token {
			t.Errorf("ChannelToken from %q = %q, want %q", stored, c.ChannelToken, token)
		}
	}
}

func TestTriggerConfigKeepsTheSecretOutOfJSON(t *testing.T) {
	t.Parallel()
	c := loadTriggers(t, validTriggers())
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), c.ChannelToken) {
		t.Errorf("json.Marshal = %s, holds the channel token", b)
	}
	if !strings.Contains(string(b), "https://sync.example.org/reconcile") {
		t.Errorf("json.Marshal = %s, want the other settings kept", b)
	}
}

func TestTriggerValidateSaysWhatToSet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		change  map[string]string // "" deletes the variable
		want    []string          // each must appear in the error
		notWant []string          // none may appear (secrets, addresses)
	}{
		{"nothing set", map[string]string{"CHANNEL_TOKEN": "", "EDIT_AUDIENCE": "", "SCHEDULE_AUDIENCE": "", "ALLOWED_SENDERS": ""},
			[]string{"SCHEDULE_AUDIENCE is not set", "ALLOWED_SENDERS is not set"}, nil},
		{"short token", map[string]string{"CHANNEL_TOKEN": "hunter2"},
			[]string{"CHANNEL_TOKEN is 7 characters long", "openssl rand -hex 32"}, []string{"hunter2"}},
		{"too long token", map[string]string{"CHANNEL_TOKEN": strings.Repeat("x", 257)},
			[]string{"CHANNEL_TOKEN is 257 characters long"}, nil},
		{"token with a space", map[string]string{"CHANNEL_TOKEN": strings.Repeat("ab", 20) + " cd"},
			[]string{"CHANNEL_TOKEN holds spaces"}, []string{"abab"}},
		{"token with an accent", map[string]string{"CHANNEL_TOKEN": strings.Repeat("ab", 20) + "ñ"},
			[]string{"CHANNEL_TOKEN holds spaces, accented letters"}, nil},
		{"plain http audience", map[string]string{"SCHEDULE_AUDIENCE": "http://sync.example.org"},
			[]string{`SCHEDULE_AUDIENCE "http://sync.example.org" is not an https web address`}, nil},
		{"audience without host", map[string]string{"SCHEDULE_AUDIENCE": "sync.example.org"},
			[]string{"is not an https web address"}, nil},
		{"edit audience is a script ID", map[string]string{"EDIT_AUDIENCE": "1AbCdEfGhIjKlMnOpQrStUvWxYz"},
			[]string{"EDIT_AUDIENCE", "ends in .apps.googleusercontent.com", "docs/apps-script.md"}, nil},
		{"sender with a name", map[string]string{"ALLOWED_SENDERS": "Ana Example <ana@example.org>"},
			[]string{"ALLOWED_SENDERS entry 1 is not a plain email address"}, []string{"ana@example.org", "Ana Example"}},
		{"second sender not an address", map[string]string{"ALLOWED_SENDERS": "facilitator@example.org,not-an-address"},
			[]string{"ALLOWED_SENDERS entry 2"}, []string{"not-an-address", "entry 1"}},
		{"only commas", map[string]string{"ALLOWED_SENDERS": " , ,"},
			[]string{"ALLOWED_SENDERS is not set"}, nil},
		{"watch address over http", map[string]string{"WATCH_ADDRESS": "http://sync.example.org/notify/drive"},
			[]string{`WATCH_ADDRESS "http://sync.example.org/notify/drive" is not an https web address`}, nil},
		{"watch address without a host", map[string]string{"WATCH_ADDRESS": "sync.example.org/notify/drive"},
			[]string{"WATCH_ADDRESS", "is not a web address"}, nil},
		{"watch address of another endpoint", map[string]string{"WATCH_ADDRESS": "https://sync.example.org/reconcile"},
			[]string{"WATCH_ADDRESS", "does not end in /notify/drive"}, nil},
		{"watch address with a query", map[string]string{"WATCH_ADDRESS": "https://sync.example.org/notify/drive?x=1"},
			[]string{"WATCH_ADDRESS", "is not a web address"}, nil},
		{"watch address without a channel token", map[string]string{"WATCH_ADDRESS": "https://sync.example.org/notify/drive", "CHANNEL_TOKEN": ""},
			[]string{"WATCH_ADDRESS is set but CHANNEL_TOKEN is not"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := validTriggers()
			for k, v := range tc.change {
				if v == "" {
					delete(env, k)
				} else {
					env[k] = v
				}
			}
			err := loadTriggers(t, env).Validate()
			if err == nil {
				t.Fatalf("Validate() = nil, want an error mentioning %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q, want it to mention %q", err, w)
				}
			}
			for _, nw := range tc.notWant {
				if strings.Contains(err.Error(), nw) {
					t.Errorf("Validate() = %q, must not mention %q", err, nw)
				}
			}
		})
	}
}

func TestTriggerValidateAllowsTurnedOffEndpoints(t *testing.T) {
	t.Parallel()
	env := validTriggers()
	delete(env, "CHANNEL_TOKEN")
	delete(env, "EDIT_AUDIENCE")
	if err := loadTriggers(t, env).Validate(); err != nil {
		t.Errorf("Validate() without Drive and edit hook settings = %v, want nil (those endpoints are off)", err)
	}
}

func TestTriggerWatchAddress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, address string
	}{
		{"unset: no watching", ""},
		{"https", "https://sync.example.org/notify/drive"},
		{"https under a function's path", "https://us-central1-invented-project.cloudfunctions.net/coalition-sync/notify/drive"},
		{"http on this machine, for tests", "http://127.0.0.1:8080/notify/drive"},
		{"http on localhost", "http://localhost:8080/notify/drive"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := validTriggers()
			if tc.address != "" {
				env["WATCH_ADDRESS"] = tc.address
			}
			c := loadTriggers(t, env)
			if err := c.Validate(); err != nil {
				t.Errorf("Validate() = %v, want nil", err)
			}
			if c.WatchAddress != tc.address {
				t.Errorf("WatchAddress = %q, want %q", c.WatchAddress, tc.address)
			}
		})
	}
}
