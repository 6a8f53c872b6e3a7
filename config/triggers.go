package config

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"

	"github.com/sethvargo/go-envconfig"
)

// TriggerConfig holds the settings of the HTTP endpoints that start syncs
// (see package triggers): who may call them and how each caller proves it.
type TriggerConfig struct {
	// ChannelToken is the secret the service sets on the Drive watch
	// channels it opens; Drive sends it back with every notification.
	// Keep it in Secret Manager, never in a file.
	ChannelToken string `env:"CHANNEL_TOKEN" json:"-"`
	// EditAudience is the OAuth client ID of the spreadsheet's Apps Script
	// project: the audience of the ID tokens its edit hook sends. Blank
	// turns the edit hook endpoint off.
	EditAudience string `env:"EDIT_AUDIENCE"`
	// ScheduleAudience is the audience Cloud Scheduler puts in its ID
	// tokens: by default the full address it calls, /reconcile included.
	ScheduleAudience string `env:"SCHEDULE_AUDIENCE"`
	// AllowedSenders are the Google accounts allowed to call the edit hook
	// and reconcile endpoints: the scheduler's service account and the
	// facilitators who installed the edit hook. A comma-separated list.
	AllowedSenders []string `env:"ALLOWED_SENDERS"`
}

// Limits of a Drive channel token: Drive accepts at most 256 characters; a
// secret shorter than 32 characters is too easy to guess.
const (
	minChannelToken = 32
	maxChannelToken = 256
)

// LoadTriggers reads the trigger settings from l (tests use
// envconfig.MapLookuper; entry points use envconfig.OsLookuper()).
func LoadTriggers(ctx context.Context, l envconfig.Lookuper) (*TriggerConfig, error) {
	var t TriggerConfig
	if err := envconfig.ProcessWith(ctx, &envconfig.Config{Target: &t, Lookuper: l}); err != nil {
		return nil, fmt.Errorf("read trigger settings: %w", err)
	}
	senders := t.AllowedSenders[:0]
	for _, s := range t.AllowedSenders {
		if s = strings.TrimSpace(s); s != "" {
			senders = append(senders, s)
		}
	}
	t.AllowedSenders = senders
	return &t, nil
}

// Validate checks the trigger settings and says, in plain words, what to
// set. It reports all problems at once. Values that may be personal (the
// senders' addresses) or secret (the channel token) are never repeated in
// the messages.
func (t *TriggerConfig) Validate() error {
	var errs []error
	if t.ChannelToken != "" {
		if n := len(t.ChannelToken); n < minChannelToken || n > maxChannelToken {
			errs = append(errs, fmt.Errorf("CHANNEL_TOKEN is %d characters long: use a random secret of %d to %d letters and digits, such as the output of 'openssl rand -hex 32'", n, minChannelToken, maxChannelToken))
		} else if !printableASCII(t.ChannelToken) {
			errs = append(errs, errors.New("CHANNEL_TOKEN holds spaces, accented letters or invisible characters: use only plain letters and digits, such as the output of 'openssl rand -hex 32'"))
		}
	}
	if t.ScheduleAudience == "" {
		errs = append(errs, errors.New("SCHEDULE_AUDIENCE is not set: set it to the web address Cloud Scheduler calls, such as https://sync.example.org/reconcile, and give Cloud Scheduler the same value as its token audience"))
	} else if u, err := url.Parse(t.ScheduleAudience); err != nil || u.Scheme != "https" || u.Host == "" {
		errs = append(errs, fmt.Errorf("SCHEDULE_AUDIENCE %q is not an https web address: set it to the address Cloud Scheduler calls, such as https://sync.example.org/reconcile", t.ScheduleAudience))
	}
	if t.EditAudience != "" && !strings.HasSuffix(t.EditAudience, ".apps.googleusercontent.com") {
		errs = append(errs, fmt.Errorf("EDIT_AUDIENCE %q is not an OAuth client ID: copy the Apps Script project's client ID, which ends in .apps.googleusercontent.com (docs/apps-script.md says where to find it), or leave it unset to turn the edit hook off", t.EditAudience))
	}
	if len(t.AllowedSenders) == 0 {
		errs = append(errs, errors.New("ALLOWED_SENDERS is not set: set it to the scheduler's service account and the facilitators who installed the edit hook, separated by commas, such as ALLOWED_SENDERS=scheduler@my-project.iam.gserviceaccount.com,facilitator@example.org"))
	}
	for i, s := range t.AllowedSenders {
		if a, err := mail.ParseAddress(s); err != nil || a.Address != s {
			errs = append(errs, fmt.Errorf("ALLOWED_SENDERS entry %d is not a plain email address: write addresses only, such as facilitator@example.org, separated by commas", i+1))
		}
	}
	return errors.Join(errs...)
}

// printableASCII reports whether s holds only visible ASCII characters, as
// an HTTP header value carried unchanged must.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
