package config

import (
	"context"
	"errors"
	"fmt"
	"net"
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
	// WatchAddress is the public https address of this service's
	// /notify/drive endpoint. When set, each scheduled reconcile keeps a
	// Drive notification channel open on the spreadsheet, sending there
	// (with ChannelToken). Blank means the service does not ask Drive for
	// notifications: the edit hook and the schedule keep it in sync.
	WatchAddress string `env:"WATCH_ADDRESS"`
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
	// A secret stored with "openssl rand -hex 32 | gcloud secrets create
	// ... --data-file=-" ends with the newline echo left; Drive never sends
	// spaces or newlines back in X-Goog-Channel-Token, so they are not part
	// of the token.
	t.ChannelToken = strings.TrimSpace(t.ChannelToken)
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
	if t.WatchAddress != "" {
		if err := checkWatchAddress(t.WatchAddress); err != nil {
			errs = append(errs, err)
		} else if t.ChannelToken == "" {
			errs = append(errs, errors.New("WATCH_ADDRESS is set but CHANNEL_TOKEN is not: Drive's notifications would be refused without it; set CHANNEL_TOKEN to a random secret (docs/deploy.md, step 6), or leave WATCH_ADDRESS unset"))
		}
	}
	return errors.Join(errs...)
}

// watchPath is the endpoint Drive's notifications go to (package triggers).
const watchPath = "/notify/drive"

// checkWatchAddress accepts the https address of the /notify/drive
// endpoint, or an http one on this machine (tests and local trials).
func checkWatchAddress(addr string) error {
	example := "such as https://sync.example.org/notify/drive"
	u, err := url.Parse(addr)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("WATCH_ADDRESS %q is not a web address: set it to the public address of the service followed by %s, %s, or leave it unset to do without Drive's notifications", addr, watchPath, example)
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && loopbackHost(u.Hostname())) {
		return fmt.Errorf("WATCH_ADDRESS %q is not an https web address: Drive only sends notifications to https addresses; set it to the service's address followed by %s, %s", addr, watchPath, example)
	}
	if !strings.HasSuffix(u.Path, watchPath) {
		return fmt.Errorf("WATCH_ADDRESS %q does not end in %s: Drive must send its notifications to that endpoint, %s", addr, watchPath, example)
	}
	return nil
}

// loopbackHost reports whether host names this machine.
func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
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
