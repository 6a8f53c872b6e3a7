// Package account provides who the service acts as on Google, chosen by
// settings, and the token source each Google client authenticates with:
//
//   - Workspace delegation (Google Workspace, e.g. Workspace for
//     Nonprofits): the account the service runs as impersonates the
//     delegated service account, without any key file, and that account
//     acts as the coalition's organizer account (domain-wide delegation:
//     a JWT signed by the IAM Service Account Credentials API's signJwt,
//     exchanged at Google's token endpoint). Set DELEGATED_SERVICE_ACCOUNT
//     and ORGANIZER_EMAIL.
//   - Facilitator consent (plain Google accounts): a facilitator allowed
//     the service once with `coalition auth`; the service keeps the
//     resulting authorized-user credential (a refresh token) in Secret
//     Manager or a private file. Set AUTHORIZED_USER.
//   - Service account (neither set): the account the service runs as,
//     through Application Default Credentials. It can read and write the
//     spreadsheets a person shared with it, and nothing more: it owns no
//     Drive storage, so it cannot create files, and it cannot invite
//     calendar guests.
//
// Each Google client asks only for its own scopes.
package account

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"os"
	"strings"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
	"google.golang.org/api/impersonate"
	"google.golang.org/api/option"
)

// Mode is who the service acts as.
type Mode string

// The modes, as `coalition doctor` names them.
const (
	// ModeDelegation acts as the organizer account through Workspace
	// domain-wide delegation.
	ModeDelegation Mode = "workspace delegation"
	// ModeConsent acts as a facilitator who gave consent once.
	ModeConsent Mode = "facilitator consent"
	// ModeServiceAccount acts as a plain service account.
	ModeServiceAccount Mode = "service account"
)

// ActsAsPerson reports whether the mode acts as a person's account, which
// can own files, share them and invite calendar guests.
func (m Mode) ActsAsPerson() bool { return m == ModeDelegation || m == ModeConsent }

// Settings choose the mode. They are read from the environment with the
// rest of the configuration (package config).
type Settings struct {
	// DelegatedServiceAccount is the email of the service account the
	// Workspace administrator gave domain-wide delegation to.
	DelegatedServiceAccount string `env:"DELEGATED_SERVICE_ACCOUNT"`
	// Organizer is the coalition's organizer account that the delegated
	// service account acts as, such as meetings@example.org.
	Organizer string `env:"ORGANIZER_EMAIL"`
	// AuthorizedUser is a facilitator's consent as `coalition auth` wrote
	// it: the JSON itself (as Secret Manager hands a secret to a deployed
	// service) or the path of the file holding it.
	AuthorizedUser string `env:"AUTHORIZED_USER" json:"-"`
}

// Mode returns the mode the settings choose.
func (s Settings) Mode() Mode {
	switch {
	case strings.TrimSpace(s.AuthorizedUser) != "":
		return ModeConsent
	case s.DelegatedServiceAccount != "" || s.Organizer != "":
		return ModeDelegation
	}
	return ModeServiceAccount
}

// Validate says, in plain words, what to set. It never repeats the
// authorized-user secret.
func (s Settings) Validate() error {
	var errs []error
	if strings.TrimSpace(s.AuthorizedUser) != "" && (s.DelegatedServiceAccount != "" || s.Organizer != "") {
		errs = append(errs, errors.New("AUTHORIZED_USER and DELEGATED_SERVICE_ACCOUNT/ORGANIZER_EMAIL are both set: choose one way for the service to act as the coalition's account (docs/deploy.md, step 5)"))
	}
	if s.Mode() == ModeDelegation {
		if s.DelegatedServiceAccount == "" {
			errs = append(errs, errors.New("ORGANIZER_EMAIL is set but DELEGATED_SERVICE_ACCOUNT is not: set it to the email of the service account your Workspace administrator gave domain-wide delegation to"))
		} else if !strings.HasSuffix(s.DelegatedServiceAccount, ".gserviceaccount.com") || !isAddress(s.DelegatedServiceAccount) {
			errs = append(errs, fmt.Errorf("DELEGATED_SERVICE_ACCOUNT %q is not a service account's email: it ends in .iam.gserviceaccount.com", s.DelegatedServiceAccount))
		}
		if s.Organizer == "" {
			errs = append(errs, errors.New("DELEGATED_SERVICE_ACCOUNT is set but ORGANIZER_EMAIL is not: set it to the coalition's account that sends invitations and owns the files, such as meetings@example.org"))
		} else if !isAddress(s.Organizer) {
			errs = append(errs, errors.New("ORGANIZER_EMAIL is not one email address: write it like meetings@example.org"))
		}
	}
	return errors.Join(errs...)
}

func isAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// ErrNeedsPerson is wrapped by the refusals of what a plain service account
// cannot do: create files, share them, invite guests.
var ErrNeedsPerson = errors.New("a plain service account cannot do this")

// TokenSource returns the token source of a client that needs scopes, or
// nil in service-account mode (the client then finds Application Default
// Credentials itself). via, when not nil, makes the token source's own
// calls (IAM's signJwt, Google's token endpoint): tests point it at a local
// stand-in with Google's paths; production passes nil. In delegation mode
// via carries no credentials of its own, so it suits tests only.
func TokenSource(ctx context.Context, s Settings, scopes []string, via *http.Client) (oauth2.TokenSource, error) {
	var opts []option.ClientOption
	if via != nil {
		opts = append(opts, option.WithHTTPClient(via))
	}
	switch s.Mode() {
	case ModeDelegation:
		ts, err := impersonate.CredentialsTokenSource(ctx, impersonate.CredentialsConfig{
			TargetPrincipal: s.DelegatedServiceAccount,
			Subject:         s.Organizer,
			Scopes:          scopes,
		}, opts...)
		if err != nil {
			return nil, fmt.Errorf("act as the organizer account through %s: %w", s.DelegatedServiceAccount, err)
		}
		return ts, nil
	case ModeConsent:
		data, err := authorizedUserJSON(s.AuthorizedUser)
		if err != nil {
			return nil, err
		}
		if via != nil {
			ctx = context.WithValue(ctx, oauth2.HTTPClient, via)
		}
		creds, err := google.CredentialsFromJSONWithTypeAndParams(ctx, data, google.AuthorizedUser, google.CredentialsParams{Scopes: scopes})
		if err != nil {
			return nil, fmt.Errorf("read AUTHORIZED_USER (run 'coalition auth' again to make it): %w", err)
		}
		return creds.TokenSource, nil
	}
	return nil, nil
}

// authorizedUserJSON returns the credential: the value itself when it is
// JSON, else the content of the file it names.
func authorizedUserJSON(v string) ([]byte, error) {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "{") {
		return []byte(v), nil
	}
	b, err := os.ReadFile(v)
	if err != nil {
		return nil, fmt.Errorf("read AUTHORIZED_USER: it is neither the credential itself nor a file that can be read: %w", err)
	}
	return b, nil
}
